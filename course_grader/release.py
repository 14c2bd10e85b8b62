"""`release`: regenerate the learner notebooks in assignments/ from the sources in solutions/.

A thin layer over nbgrader's GenerateAssignment (solutions become `raise NotImplementedError()`
stubs, hidden tests are removed, cells are locked and checksummed). We add: the contract lint
first (a broken source is never released), a private throw-away gradebook (releasing must not
create one in the repository), and a leak scan of the result.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nbformat

from course_grader import cells as C
from course_grader.course import Course, ensure_tools_on_path, nbgrader_config
from course_grader.lint import lint_notebook


class ReleaseError(RuntimeError):
    """Release refused: the message lists every problem and the file it is in."""


def _quiet_nbgrader_api(config):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ensure_tools_on_path()
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    api.log.setLevel("ERROR")
    return api


def generate(course: Course, assignment: str, out_root: Path, db_url: str) -> Path:
    """Run nbgrader's GenerateAssignment for one assignment into out_root/assignments/."""
    config = nbgrader_config(course.root, db_url)
    config.CourseDirectory.release_directory = str(out_root / "assignments")
    if db_url.startswith("sqlite:///"):  # keep nbgrader's exchange quiet: we do not use it
        config.Exchange.root = str(Path(db_url[len("sqlite:///") :]).parent)
    api = _quiet_nbgrader_api(config)
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result.get("success"):
        raise ReleaseError(
            f"nbgrader could not release {assignment}:\n{result.get('error') or result.get('log')}"
        )
    return out_root / "assignments" / assignment


def leaks(course: Course, assignment: str, release_dir: Path) -> list[str]:
    """Solution or hidden-test text that made it into the release (should be empty)."""
    problems = []
    secret_lines: set[str] = set()
    public_lines: set[str] = set()
    for src in course.source_notebooks(assignment):
        nb = nbformat.read(str(src), as_version=4)
        for cell in nb.cells:
            text = C.source_text(cell)
            blocks = C.solution_blocks(text)
            if C.cell_kind(cell) == C.TEST:
                visible, hidden = C.split_hidden(text)
                blocks += hidden
                public_lines.update(line.strip() for line in visible.splitlines())
            elif not blocks:
                public_lines.update(line.strip() for line in text.splitlines())
            for block in blocks:
                for line in block.splitlines():
                    stripped = line.strip()
                    # short lines ("return x", "###") can legitimately appear in a stub
                    if len(stripped) >= 25 and not stripped.startswith("#"):
                        secret_lines.add(stripped)
    secret_lines -= public_lines
    for path in sorted(release_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(release_dir)
        if path.suffix != ".ipynb":
            if path.name == "build.py" or path.suffix == ".py":
                problems.append(f"{rel}: a Python file was released (build scripts stay private)")
            continue
        text = path.read_text(encoding="utf-8")
        for marker in (C.SOLUTION_BEGIN, C.SOLUTION_END, C.HIDDEN_BEGIN, C.HIDDEN_END):
            if marker in text:
                problems.append(f"{rel}: contains the marker {marker!r}")
        nb = nbformat.reads(text, as_version=4)
        released_lines = {
            line.strip() for cell in nb.cells for line in C.source_text(cell).splitlines()
        }
        for line in sorted(secret_lines & released_lines):
            problems.append(f"{rel}: contains solution/hidden line {line!r}")
    return problems


def release(
    course: Course,
    assignments: list[str] | None = None,
    *,
    out_root: Path | None = None,
    db_url: str | None = None,
) -> list[Path]:
    """Lint, release and leak-check each assignment; returns the release directories.

    `out_root` (default: the course root) receives `assignments/<name>/`; `db_url` (default: a
    temporary gradebook) records the assignment's cells, as nbgrader's release does.
    """
    names = assignments or course.assignment_names()
    if not names:
        raise ReleaseError(f"no assignment sources found in {course.solutions}")
    problems = []
    for name in names:
        for nb_path in course.source_notebooks(name):
            problems.extend(
                f"{nb_path.relative_to(course.root)}: {p}" for p in lint_notebook(nb_path)
            )
    if problems:
        raise ReleaseError("release refused, fix these first:\n  " + "\n  ".join(problems))
    out_root = Path(out_root or course.root)
    released = []
    with tempfile.TemporaryDirectory(prefix="release-db-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'gradebook.db'}"
        for name in names:
            target = out_root / "assignments" / name
            if target.exists():
                shutil.rmtree(target)
            out = generate(course, name, out_root, url)
            _normalise(out)
            found = leaks(course, name, out)
            if found:
                raise ReleaseError("release leaks:\n  " + "\n  ".join(found))
            released.append(out)
            translated = release_translation(course, name, out, out_root)
            if translated is not None:
                found = leaks(course, name, translated)
                if found:
                    raise ReleaseError("release leaks:\n  " + "\n  ".join(found))
                released.append(translated)
    return released


def release_translation(course: Course, name: str, release_dir: Path, out_root: Path,
                        lang: str = "zh") -> Path | None:
    """The learner release in another language: `assignments/<lang>/<name>/`.

    It is the English release with the text swapped cell by cell (same ids) from the source's
    translation — so code, grade ids, points and stubs are the English release's own, and the
    grader grades either edition against the same source notebook. Returns None when the
    assignment's text source has no translation."""
    from nbgrader.utils import compute_checksum

    from course_grader.authoring import build_notebook, is_translated

    source = course.root / "content" / "assignments" / f"{name}.py"
    target = out_root / "assignments" / lang / name
    if target.exists():
        shutil.rmtree(target)
    if not source.exists() or not is_translated(source):
        return None
    english = {c.id: c.source for c in build_notebook(source, "en").cells}
    other = {c.id: c.source for c in build_notebook(source, lang).cells}
    target.mkdir(parents=True)
    for path in sorted(release_dir.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            # only cells released exactly as written (text, setup, tests) change language
            if cell.id in other and cell.source == english.get(cell.id):
                cell.source = other[cell.id]
                meta = cell.metadata.get("nbgrader", {})
                if "checksum" in meta:
                    meta["checksum"] = compute_checksum(cell)
        nb.metadata.setdefault("autodiff_course", {})["lang"] = lang
        nbformat.write(nb, str(target / path.name))
    return target


def _normalise(release_dir: Path) -> None:
    """Write released notebooks the same way every time (stable diffs, up-to-date test)."""
    for path in sorted(release_dir.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        nbformat.write(nb, str(path))
