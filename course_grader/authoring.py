"""Build the course's notebooks from their text sources (jupytext percent format).

Every lesson and every assignment is one text file in `content/` — `content/lessons/NN_name.py`
and `content/assignments/aN_name.py` — from which the `.ipynb` files are generated, without
outputs:

    content/lessons/03_numeric_differentiation.py -> notebooks/03_numeric_differentiation.ipynb
    content/assignments/a1_derivatives.py  -> solutions/a1_derivatives/a1_derivatives.ipynb
                                              (then `autodiff-course release` -> assignments/)

Why the percent format: solutions, tests and lesson code are plain Python that ruff lints, the
prose diffs line by line, and nbgrader's metadata sits in each cell's header:

    # %% [markdown] nbgrader="task" grade_id="q1"      a locked task text
    # %% nbgrader="setup" grade_id="setup"             a locked cell the instructor provides
    # %% nbgrader="answer" grade_id="forward_diff"     an answer cell (### BEGIN/END SOLUTION)
    # %% nbgrader="test" grade_id="test_fd" points=2   a test cell (### BEGIN/END HIDDEN TESTS)

Notebook-level settings an assignment needs (read by the grader) go in a jupytext header at the
top of the source, under `autodiff_course`, e.g. `kernel_course_lib: checks-only` or
`kernel_hide_modules: [course_lib.functional, torch]` (what the grading kernel must not find):

    # ---
    # jupyter:
    #   autodiff_course:
    #     kernel_course_lib: checks-only
    # ---

A markdown cell carries both languages: the English text, then a line `<!-- zh -->`, then the
Chinese text. Code cells are written once. `build_notebook(source, lang)` picks one language.

The older helpers below (`md`, `setup`, `answer`, `test`, `write_notebook`) build a notebook
from Python calls; the lint's tests use them to make small notebooks.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SCHEMA_VERSION = 3
LANGUAGES = ("en", "zh")
LANG_MARKER = re.compile(r"^<!--\s*zh\s*-->\s*$", re.M)
SOURCE_LANG_MARKER = re.compile(r"^#\s*<!--\s*zh\s*-->\s*$", re.M)  # the same, in a source
KINDS = ("task", "setup", "answer", "test")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class SourceError(ValueError):
    """A content source breaks the authoring rules; the message names the file and the cell."""


# --------------------------------------------------------------------------- text sources


@dataclass(frozen=True)
class Target:
    """One generated notebook: its text source, the language and where it is written."""

    source: Path
    lang: str
    path: Path


def targets(root: Path) -> list[Target]:
    """Every notebook the course generates from `root/content`, in a stable order."""
    root = Path(root)
    out = []
    for src in sorted((root / "content" / "lessons").glob("*.py")):
        out.append(Target(src, "en", root / "notebooks" / f"{src.stem}.ipynb"))
        if is_translated(src):
            out.append(Target(src, "zh", root / "notebooks" / "zh" / f"{src.stem}.ipynb"))
    for src in sorted((root / "content" / "assignments").glob("*.py")):
        out.append(Target(src, "en", root / "solutions" / src.stem / f"{src.stem}.ipynb"))
    return out


def is_translated(source: Path) -> bool:
    """Does the source carry a Chinese text (a `<!-- zh -->` marker in a markdown cell)?"""
    return bool(SOURCE_LANG_MARKER.search(Path(source).read_text(encoding="utf-8")))


def pick_language(cells: list, lang: str) -> None:
    """The one code cell that differs between editions: the first that imports course_lib
    (the lesson's imports, an assignment's setup) also calls `set_language`, so course_lib's
    messages, readouts and plot labels follow the edition."""
    if lang == "en":
        return
    code = [c for c in cells if c.cell_type == "code"
            and not c.metadata.get("nbgrader", {}).get("solution")]
    for cell in code:
        lines = cell.source.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("import course_lib as cl"):
                lines.insert(i + 1, f'cl.set_language("{lang}")')
            elif line.startswith(("import course_lib", "from course_lib")):
                # a from-import of i18n alone: a3's kernel has no more of course_lib than that
                lines.insert(i + 1, f'from course_lib.i18n import set_language\n'
                                    f'set_language("{lang}")')
            else:
                continue
            cell.source = "\n".join(lines)
            return
    if code:
        code[0].source = (f'from course_lib.i18n import set_language\nset_language("{lang}")'
                          f'\n\n' + code[0].source)


def split_languages(text: str) -> dict[str, str]:
    """{"en": ..., "zh": ...} from a bilingual markdown cell; zh falls back to English."""
    parts = LANG_MARKER.split(text, maxsplit=1)
    en = parts[0].strip("\n")
    zh = parts[1].strip("\n") if len(parts) > 1 else en
    return {"en": en, "zh": zh}


def _nbgrader(kind: str, grade_id: str, points, where: str) -> dict:
    meta = {"grade": kind == "test", "grade_id": grade_id, "locked": kind != "answer",
            "schema_version": SCHEMA_VERSION, "solution": kind == "answer"}
    if kind == "test":
        if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
            raise SourceError(f"{where}: a test cell needs points=<positive integer>, "
                              f"got {points!r}")
        meta["points"] = points
    elif points is not None:
        raise SourceError(f"{where}: only test cells carry points (this is {kind!r})")
    return {"nbgrader": meta}


# layout hints jupytext keeps for itself (blank lines between cells, markers)
JUPYTEXT_LAYOUT = ("skipline", "noskipline", "cell_marker", "lines_to_next_cell",
                   "lines_to_end_of_cell_marker")


def _cell(cell, lang: str, where: str):
    meta = {k: v for k, v in cell.metadata.items() if k not in JUPYTEXT_LAYOUT}
    kind, grade_id, points = meta.pop("nbgrader", None), meta.pop("grade_id", None), \
        meta.pop("points", None)
    if meta:
        raise SourceError(f"{where}: unknown cell header keys {sorted(meta)}; "
                          "use nbgrader=, grade_id= and points=")
    if cell.cell_type == "markdown":
        new = new_markdown_cell(split_languages(cell.source)[lang])
    else:
        new = new_code_cell(cell.source)
    if kind is None:
        if grade_id is not None or points is not None:
            raise SourceError(f"{where}: grade_id/points need nbgrader=\"{'|'.join(KINDS)}\"")
        return new
    if kind not in KINDS:
        raise SourceError(f"{where}: nbgrader={kind!r} is not one of {KINDS}")
    if (kind == "task") != (cell.cell_type == "markdown"):
        raise SourceError(f"{where}: nbgrader=\"task\" is for markdown cells, "
                          "setup/answer/test for code cells")
    if not isinstance(grade_id, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", grade_id):
        raise SourceError(f"{where}: grade_id must be a name like q1 or test_forward_diff, "
                          f"got {grade_id!r}")
    if kind == "answer" and not ("### BEGIN SOLUTION" in cell.source
                                 and "### END SOLUTION" in cell.source):
        raise SourceError(f"{where}: answer cell {grade_id!r} needs ### BEGIN SOLUTION and "
                          "### END SOLUTION around the solution")
    new.metadata.update(_nbgrader(kind, grade_id, points, where))
    return new


def build_notebook(source: Path, lang: str = "en") -> nbformat.NotebookNode:
    """The notebook generated from one text source, in one language, without outputs."""
    import jupytext

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    source = Path(source)
    text_nb = jupytext.read(source, fmt="py:percent")
    cells = []
    for i, cell in enumerate(text_nb.cells):
        first = cell.source.strip().split("\n", 1)[0][:60]
        cells.append(_cell(cell, lang, f"{source.name}, cell {i} ({first!r})"))
    pick_language(cells, lang)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    settings = dict(text_nb.metadata.get("autodiff_course", {}))
    unknown = set(text_nb.metadata) - {"autodiff_course", "jupytext", "kernelspec"}
    if unknown:
        raise SourceError(f"{source.name}: unknown notebook header keys {sorted(unknown)}; "
                          "put course settings under `autodiff_course:`")
    settings.update(lang=lang, source=f"content/{source.parent.name}/{source.name}")
    nb.metadata["autodiff_course"] = settings
    titles = [c.source.split("\n", 1)[0] for c in cells if c.cell_type == "markdown"
              and c.source.startswith("# ")]
    if titles and source.parent.name == "assignments":
        nb.metadata["title"] = titles[0][2:].strip()
    _stable_ids(nb)
    nbformat.validate(nb)
    return nb


def _stable_ids(nb) -> None:
    """Cell ids from grade ids (graded cells) or positions, so rebuilding changes nothing."""
    seen = set()
    for i, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = grade_id.replace("_", "-") if grade_id else f"c{i:02d}"
        if cell["id"] in seen:
            raise SourceError(f"two cells would share the id {cell['id']!r} (grade ids unique?)")
        seen.add(cell["id"])


def notebook_text(nb) -> str:
    return nbformat.writes(nb) + "\n"


def build_course(root: Path, *, check: bool = False) -> list[Path]:
    """Generate every notebook from `content/`; with check=True write nothing and return the
    stale ones (missing or different from what their source generates)."""
    changed = []
    for t in targets(root):
        text = notebook_text(build_notebook(t.source, t.lang))
        if t.path.exists() and t.path.read_text(encoding="utf-8") == text:
            continue
        changed.append(t.path)
        if not check:
            t.path.parent.mkdir(parents=True, exist_ok=True)
            t.path.write_text(text, encoding="utf-8")
    return changed


# --------------------------------------------------------------------------- Python helpers


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _clean(source: str) -> str:
    return textwrap.dedent(source).strip("\n")


def md(text: str, grade_id: str | None = None):
    """A markdown cell; with a `grade_id` it is locked (learners cannot edit the task text)."""
    cell = new_markdown_cell(_clean(text))
    if grade_id:
        cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    return cell


def setup(grade_id: str, source: str):
    """A locked code cell the instructor provides (imports, data); runs in the learner's kernel."""
    cell = new_code_cell(_clean(source))
    cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    return cell


def answer(grade_id: str, source: str):
    """An autograded answer cell: source holds `### BEGIN SOLUTION` / `### END SOLUTION`."""
    text = _clean(source)
    if "### BEGIN SOLUTION" not in text or "### END SOLUTION" not in text:
        raise ValueError(f"answer cell {grade_id!r} needs ### BEGIN SOLUTION / ### END SOLUTION")
    cell = new_code_cell(text)
    cell.metadata.update(_meta(grade_id, grade=False, solution=True, locked=False))
    return cell


def test(grade_id: str, points: int, source: str):
    """An autograded test cell worth `points`; hidden tests go between HIDDEN TESTS markers."""
    if int(points) != points or points <= 0:
        raise ValueError(
            f"test cell {grade_id!r}: points must be a positive integer, got {points!r}"
        )
    cell = new_code_cell(_clean(source))
    cell.metadata.update(
        _meta(grade_id, grade=True, solution=False, locked=True, points=int(points))
    )
    return cell


def write_notebook(path: str | Path, cells: list, *, title: str | None = None) -> Path:
    """Write the cells as an nbformat-4 notebook without outputs (python3 kernel)."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for i, cell in enumerate(nb.cells):  # stable ids keep diffs and releases reproducible
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = grade_id.replace("_", "-") if grade_id else f"cell-{i:03d}"
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
    return path
