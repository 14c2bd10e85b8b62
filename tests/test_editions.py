"""The English and Chinese editions come from one source and cannot drift.

For every text source with a Chinese translation, the two generated notebooks have the same
cells in the same order, identical code (except the one cell that picks the language), the same
graded cells (ids, points); and the Chinese edition's prose is Chinese.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course_grader.authoring import is_translated, targets

ROOT = Path(__file__).resolve().parents[1]
PAIRS = {}
for t in targets(ROOT):
    PAIRS.setdefault(t.source, {})[t.lang] = t.path
TRANSLATED = sorted(src for src, paths in PAIRS.items() if "zh" in paths)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
# what is not prose: math, code, links' targets, html tags, anchors, table rules
NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|```.*?```|`[^`\n]*`|\]\([^)]*\)|<[^>\n]*>",
                       re.S)
MIN_CJK_SHARE = 0.5  # per prose cell: CJK characters / (CJK + Latin letters)


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def cjk_share(text: str) -> tuple[float, int]:
    prose = NOT_PROSE.sub(" ", text)
    cjk, latin = len(CJK.findall(prose)), len(LATIN.findall(prose))
    return (cjk / (cjk + latin) if cjk + latin else 1.0), cjk + latin


def test_sources_with_a_translation_have_both_editions():
    for src in TRANSLATED:
        assert is_translated(src)
        assert PAIRS[src]["en"].exists() and PAIRS[src]["zh"].exists(), src


@pytest.mark.parametrize("source", TRANSLATED, ids=lambda p: p.stem)
def test_editions_have_identical_code_and_graded_cells(source):
    en, zh = _cells(PAIRS[source]["en"]), _cells(PAIRS[source]["zh"])
    assert [c.cell_type for c in en] == [c.cell_type for c in zh]
    assert [c.id for c in en] == [c.id for c in zh]
    assert [c.metadata.get("nbgrader") for c in en] == [c.metadata.get("nbgrader") for c in zh]
    differing = [i for i, (a, b) in enumerate(zip(en, zh))
                 if a.cell_type == "code" and a.source != b.source]
    assert len(differing) <= 1, f"{source.name}: code differs in cells {differing}"
    for i in differing:  # the cell that picks the language: the English lines, plus that call
        added = [line for line in zh[i].source.split("\n")
                 if line not in en[i].source.split("\n")]
        assert en[i].source.split("\n") == [line for line in zh[i].source.split("\n")
                                             if line not in added]
        assert all("set_language" in line or line == "import course_lib" for line in added)


@pytest.mark.parametrize("source", TRANSLATED, ids=lambda p: p.stem)
def test_chinese_prose_is_chinese(source):
    shares = []
    for i, cell in enumerate(_cells(PAIRS[source]["zh"])):
        if cell.cell_type != "markdown":
            continue
        share, letters = cjk_share(cell.source)
        if letters >= 20:  # a heading like "## 3. Richardson" is not prose
            shares.append((share, i, letters))
    weak = [(i, round(share, 2)) for share, i, _ in shares if share < MIN_CJK_SHARE]
    assert not weak, (f"{source.name}: markdown cells (index, CJK share) not yet Chinese: {weak}; "
                      "add the Chinese text after a `<!-- zh -->` line")
    total = sum(s * n for s, _, n in shares) / max(1, sum(n for *_, n in shares))
    print(f"{source.name}: CJK share of the Chinese prose {total:.2f}")


def test_chinese_readme_links_resolve_and_keeps_the_two_commands():
    readme = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", english)
    for command in commands[:2]:  # the two set-up commands, verbatim
        assert command in readme, f"README.zh-CN.md lacks the set-up command {command!r}"
    links = re.findall(r"\]\(([^)#\s]+)\)", readme)
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, f"README.zh-CN.md links files that do not exist: {missing}"
    assert "README.zh-CN.md" in english
