"""Where a course keeps things: one place that knows the directory layout and nbgrader settings.

Layout (nbgrader's, with our names for source and release):

    <root>/nbgrader_config.py
    <root>/solutions/<assignment>/<assignment>.ipynb   source: solutions + hidden tests
    <root>/assignments/<assignment>/...                release (generated, committed)
    <root>/submitted/<student>/<assignment>/...        collected submissions
    <root>/autograded/<student>/<assignment>/...       executed copies (what grading ran)
    <root>/feedback/<student>/<assignment>/*.html      per-learner feedback
    <root>/grades/<assignment>.csv, <assignment>.json  gradebook export + run summary
    <root>/gradebook.db                                nbgrader's gradebook (SQLite)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

# What release copies besides notebooks; everything else in solutions/<name>/ stays private
# (build scripts, notes, reference data with answers).
RELEASED_FILE_PATTERNS = ["*.ipynb", "*.csv", "*.npz", "*.npy", "*.txt", "*.png", "*.svg"]
IGNORED_FILE_PATTERNS = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "build.py"]
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
CELL_TIMEOUT = 30  # seconds; nbgrader's default per-cell limit


def nbgrader_config(root: str | Path | None = None, db_url: str | None = None) -> Config:
    """The nbgrader settings this course uses (loaded by the repository's nbgrader_config.py)."""
    c = Config()
    c.CourseDirectory.course_id = "autodiff-course"
    c.CourseDirectory.source_directory = "solutions"
    c.CourseDirectory.release_directory = "assignments"
    c.CourseDirectory.include = list(RELEASED_FILE_PATTERNS)
    c.CourseDirectory.ignore = list(IGNORED_FILE_PATTERNS)
    if root is not None:
        c.CourseDirectory.root = str(Path(root).resolve())
    if db_url is not None:
        c.CourseDirectory.db_url = db_url
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.Execute.timeout = CELL_TIMEOUT
    # Stock nbgrader, if an instructor runs it by hand, should at least not lose deleted test
    # cells nor show hidden tests in feedback.
    c.OverwriteCells.add_missing_cells = True
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "nbgrader.preprocessors.ClearHiddenTests",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
    return c


@dataclass(frozen=True)
class Course:
    """A course directory (the repository itself, or a demo copy)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> Course:
        """The course at `root`, or the nearest directory upward holding nbgrader_config.py."""
        if root is not None:
            return cls(Path(root).resolve())
        here = Path.cwd().resolve()
        for candidate in (here, *here.parents):
            if (candidate / "nbgrader_config.py").exists() and (candidate / "solutions").is_dir():
                return cls(candidate)
        return cls(here)

    # paths ---------------------------------------------------------------------------
    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def release(self) -> Path:
        return self.root / "assignments"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def grades(self) -> Path:
        return self.root / "grades"

    @property
    def db_path(self) -> Path:
        return self.root / "gradebook.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def config(self) -> Config:
        return nbgrader_config(self.root, self.db_url)

    # contents ------------------------------------------------------------------------
    def assignment_names(self) -> list[str]:
        """Assignments that have a source notebook, sorted (a1_…, a2_…, …)."""
        if not self.solutions.is_dir():
            return []
        return sorted(
            p.name for p in self.solutions.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))
        )

    def resolve_assignment(self, name: str) -> str:
        """`a1` or `a1_derivatives` -> `a1_derivatives`; error naming the choices otherwise."""
        names = self.assignment_names()
        if name in names:
            return name
        matches = [n for n in names if n.split("_", 1)[0] == name]
        if len(matches) == 1:
            return matches[0]
        raise SystemExit(
            f"unknown assignment {name!r} in {self.solutions}; choose one of: {', '.join(names)}"
        )

    def source_notebooks(self, assignment: str) -> list[Path]:
        return sorted((self.solutions / assignment).glob("*.ipynb"))

    def released_notebooks(self, assignment: str) -> list[Path]:
        return sorted((self.release / assignment).glob("*.ipynb"))


def short_tag(assignment: str) -> str:
    """`a1_derivatives` -> `a1` (what LMS file names usually carry)."""
    return assignment.split("_", 1)[0]


def repo_root() -> Path:
    """The repository this package was installed from (editable install), for bundled data."""
    return Path(os.path.abspath(__file__)).parents[1]


def ensure_tools_on_path() -> None:
    """nbgrader's Gradebook runs the `alembic` executable: make this Python's bin dir findable."""
    import sys

    bindir = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + (os.pathsep + path if path else "")
