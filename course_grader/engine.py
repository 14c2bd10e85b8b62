"""Grade one submitted notebook: the grader's own record of every test, whatever the notebook does.

The instructor's source notebook decides what runs and in which order. The learner's notebook
contributes only its answer cells (matched by grade id) and any cells it added; its copies of
test and locked cells are ignored, so editing, deleting, reordering them or changing their
points changes nothing. Answer and setup cells run in a sandboxed kernel (`sandbox.py`); test
cells run *here*, in a fresh namespace, against plain values fetched from the kernel
(`remote.py`). The instructor's own setup cells run here too (`SetupNames`): a name they bind
(data, a data-making function) is the grader's copy in every test, never the kernel's, which
the learner could have replaced with easier data. A test's verdict is what happened in this
process — the kernel's output is never read for it. A kernel that dies or hangs is restarted
and the cells that ran before are replayed (at most `Limits.max_restarts` times); the test at
which it died fails.

The submitted file is read only through the door (`intake.read_submission`), which checks it
against our limits and rebuilds it into a clean notebook; learner output is kept only as inert
text and images, capped for the whole submission (`outputs.OutputBudget`). Everything a
submission does, cells, tests, restarts and replays, shares one wall-clock budget; `workers.py`
enforces it again from outside.

`grade_job` is a pure function of its `GradeJob` (picklable), so it runs the same in a worker
process or on a Dask worker, and it never raises: whatever happens becomes this submission's
result (`graded`, `invalid`, `missing`, `budget_exceeded` or `grader_error`, with the reason).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import copy
import io
import math
import time
import traceback
import warnings
from dataclasses import asdict, dataclass, field

import numpy as np

from course_grader import cells as C
from course_grader.intake import IntakeLimits, SubmissionRejected, read_submission
from course_grader.messages import speaking, submission_language
from course_grader.outputs import OutputBudget
from course_grader.remote import (
    MAX_REPLY_CHARS,
    AnswerUnreadable,
    KernelDied,
    RemoteError,
    RemoteSession,
    RemoteTimeout,
    number_literals,
)
from course_grader.sandbox import KernelSession, KernelStartError, Limits, Sandbox
from course_lib import checks


@dataclass
class GradeJob:
    """Everything needed to grade one notebook of one learner (travels to worker processes)."""

    assignment: str
    student_id: str
    notebook: str  # the notebook's name in the assignment, e.g. "a1_derivatives.ipynb"
    submission: bytes | None  # the file as submitted; None when it is missing
    source: dict  # the instructor's source notebook (with solutions and hidden tests)
    files: dict = field(default_factory=dict)  # released data files: name -> bytes
    limits: Limits = field(default_factory=Limits)
    policy: GradingPolicy = field(default_factory=lambda: GradingPolicy())
    submission_path: str = ""  # read here (bounded) when `submission` is None
    # task texts of the translated releases, by language then grade id (for the feedback)
    texts: dict = field(default_factory=dict)


@dataclass
class GradingPolicy:
    """The grader's own limits for one submission (the kernel's are `sandbox.Limits`)."""

    intake: IntakeLimits = field(default_factory=IntakeLimits)
    max_output_chars: int = 200_000  # learner output kept (feedback, autograded/) per submission
    max_reply_chars: int = MAX_REPLY_CHARS  # largest probe answer the grader parses


class BudgetExceeded(BaseException):
    """Raised in a grading worker when its parent says the submission's time is up (SIGTERM).
    A BaseException, so that no `except Exception` on the way swallows it."""


@dataclass
class TestResult:
    grade_id: str
    points: float
    max_points: float
    status: str  # passed | partial | failed | error | not_run
    message: str = ""
    hidden: bool = False  # the failing check is a hidden one


@dataclass
class CellRecord:
    kind: str
    grade_id: str | None
    source: str  # what feedback may show (learner's code, or the visible part of a test)
    status: str  # ok | error | timeout | hung | dead | not_run | passed | failed | ...
    outputs: list = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class SubmissionResult:
    assignment: str
    student_id: str
    notebook: str
    status: str  # graded | invalid | missing | grader_error
    reason: str = ""
    score: float = 0.0
    max_score: float = 0.0
    tests: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    restarts: int = 0
    seconds: float = 0.0
    isolation: str = ""
    lang: str = "en"  # the edition the learner worked in: feedback and messages speak it

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SubmissionResult:
        data = dict(data)
        data["tests"] = [TestResult(**t) for t in data.get("tests", [])]
        data["cells"] = [CellRecord(**c) for c in data.get("cells", [])]
        return cls(**data)


# --------------------------------------------------------------------------- the plan


@dataclass
class PlanItem:
    kind: str  # locked | answer | free | test
    grade_id: str | None
    code: str  # what runs (learner code, or the instructor's full test incl. hidden)
    shown: str  # what feedback shows
    points: float = 0.0
    hidden_lines: frozenset = frozenset()  # 1-based line numbers of hidden tests in `code`


def _hidden_line_numbers(source: str) -> frozenset:
    lines, inside = set(), False
    for i, line in enumerate(source.splitlines(), start=1):
        marker = line.strip()
        if marker == C.HIDDEN_BEGIN:
            inside = True
        elif marker == C.HIDDEN_END:
            inside = False
        elif inside:
            lines.add(i)
    return frozenset(lines)


def build_plan(source_nb: dict, learner_nb: dict) -> tuple[list[PlanItem], list[str]]:
    """Source order, learner answers by grade id, learner-added cells after their anchor."""
    notes: list[str] = []
    source_cells = C.read_source_cells(source_nb)
    by_id = {c.grade_id: c for c in source_cells if c.grade_id}
    answers: dict[str, str] = {}
    anchored: dict[int, list[str]] = {}
    anchor = -1
    seen: set[str] = set()
    for cell in learner_nb.get("cells", []):
        if not isinstance(cell, dict):
            continue
        gid = C.grade_id(cell)
        text = C.source_text(cell)
        target = by_id.get(gid) if gid else None
        if target is not None and gid not in seen:
            seen.add(gid)
            anchor = target.index
            if target.kind == C.ANSWER:
                if cell.get("cell_type") == "code":
                    answers[gid] = text
                else:
                    notes.append(
                        f"answer cell {gid} was turned into a {cell.get('cell_type')} cell"
                    )
            continue
        if target is not None:
            notes.append(f"cell with grade id {gid} appears twice; the copy runs as an extra cell")
        if cell.get("cell_type") == "code" and text.strip():
            anchored.setdefault(anchor, []).append(text)
    for gid, cell in by_id.items():
        if cell.kind in (C.ANSWER,) and gid not in answers and gid not in seen:
            notes.append(f"answer cell {gid} is missing (deleted, or its metadata was changed)")
        if cell.kind == C.TEST and gid not in seen:
            notes.append(f"test cell {gid} was deleted or altered; the original was used")

    plan: list[PlanItem] = []

    def add_free(key: int) -> None:
        for text in anchored.get(key, []):
            plan.append(PlanItem(C.FREE, None, text, text))

    add_free(-1)
    for cell in source_cells:
        if cell.kind == C.MARKDOWN:
            plan.append(PlanItem(C.MARKDOWN, cell.grade_id, "", cell.source))
        elif cell.kind == C.LOCKED:
            plan.append(PlanItem(C.LOCKED, cell.grade_id, cell.source, cell.source))
        elif cell.kind == C.ANSWER:
            text = answers.get(cell.grade_id, "")
            plan.append(PlanItem(C.ANSWER, cell.grade_id, text, text))
        elif cell.kind == C.TEST:
            plan.append(
                PlanItem(
                    C.TEST,
                    cell.grade_id,
                    cell.source,
                    cell.visible_source,
                    cell.points,
                    _hidden_line_numbers(cell.source),
                )
            )
        add_free(cell.index)
    return plan, notes


# --------------------------------------------------------------------------- tests


def base_namespace() -> dict:
    """What every test cell starts with in the grader: trusted modules and the checks."""
    ns: dict = {
        "__builtins__": builtins,
        "__name__": "__grader_test__",
        "np": np,
        "numpy": np,
        "math": math,
    }
    try:
        import course_lib

        ns["cl"] = ns["course_lib"] = course_lib
    except Exception:  # noqa: BLE001 - the checks work without the library
        pass
    for name in checks.__all__:
        ns[name] = getattr(checks, name)
    return ns


class SetupNames:
    """What the instructor's setup (locked) cells bind, computed in the grader's process.

    Setup cells also run in the learner's kernel, where the learner's later cells can rebind
    their names (`X_test`, `make_moons`, a grid of steps) to something easier; a test that
    fetched them from there would measure the learner's work on the learner's data. So each
    setup cell runs here as well, as the plan reaches it, in a namespace of its own; the names
    it binds are then given to every later test from here (a fresh copy of data for each test)
    and never looked up in the kernel. A cell that does not run here (IPython syntax, a data
    file it reads from the notebook's folder, a learner name it uses) leaves its names to the
    kernel, as before. A setup function a test passes to learner code is sent as the kernel's
    own function of that name (`remote.encode_arg`), like any learner object.
    """

    def __init__(self):
        self.ns: dict = base_namespace()
        self._base = frozenset(self.ns)  # what every test has anyway
        self.names: set[str] = set()

    def run(self, code: str) -> None:
        trial = dict(self.ns)
        try:
            compiled = compile(code, "<setup cell>", "exec")
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
                warnings.catch_warnings(),
                np.errstate(all="ignore"),
            ):
                warnings.simplefilter("ignore")
                exec(compiled, trial)  # noqa: S102 - the instructor's setup cell
        except (Exception, SystemExit):  # noqa: BLE001 - its names stay the kernel's
            return
        bound = {k for k, v in trial.items() if k not in self.ns or self.ns[k] is not v}
        self.ns = trial
        self.names |= bound - self._base

    def for_test(self) -> dict:
        """The setup names for one test: data copied, so that no test sees another's changes."""
        return {name: _fresh(self.ns[name]) for name in self.names}


def _fresh(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, dict, tuple, set)):
        try:
            return copy.deepcopy(value)
        except Exception:  # noqa: BLE001 - e.g. a module inside: the value itself then
            return value
    return value


def free_names(code: str) -> set[str]:
    """Names a test reads but never binds: the ones to look up in the learner's kernel."""
    tree = ast.parse(code)
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loaded - bound - set(dir(builtins)) - set(base_namespace())


def _failing_line(err: BaseException, filename: str) -> int | None:
    line = None
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line


def run_test(
    item: PlanItem,
    session: RemoteSession,
    learner_sources: dict,
    setup: SetupNames | None = None,
) -> TestResult:
    """Run one test cell here, against the learner's kernel; the verdict is this function's.
    Names the instructor's setup cells bound (`setup`) are the grader's, not the kernel's."""
    gid = item.grade_id or "test"
    filename = f"<test {gid}>"
    result = TestResult(gid, 0.0, item.points, "failed")
    ns = base_namespace()
    tokens = [
        (checks.QUIET, checks.QUIET.set(True)),
        (checks.SUBMISSION_SOURCES, checks.SUBMISSION_SOURCES.set(learner_sources)),
        (checks.NOTEBOOK_BRIDGE, checks.NOTEBOOK_BRIDGE.set(session)),
    ]
    err: BaseException | None = None
    try:
        code = compile(item.code, filename, "exec")
        session.literals = number_literals(item.code)
        trusted = setup.for_test() if setup is not None else {}
        session.setup_refs = {
            id(v): k for k, v in trusted.items() if callable(v) and not isinstance(v, type(np))
        }
        ns.update(trusted)
        ns.update(session.fetch(sorted(free_names(item.code) - set(trusted))))
        with (
            contextlib.redirect_stdout(io.StringIO()),
            warnings.catch_warnings(),
            np.errstate(all="ignore"),
        ):
            warnings.simplefilter("ignore")
            exec(code, ns)  # noqa: S102 - the instructor's test, in the grader's namespace
    except Exception as caught:  # noqa: BLE001 - every failure becomes a recorded verdict
        err = caught
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
    if err is None:
        result.points, result.status = item.points, "passed"
        return result
    line = _failing_line(err, filename)
    result.hidden = line is not None and line in item.hidden_lines
    if isinstance(err, checks.PartialCredit):
        fraction = min(1.0, max(0.0, err.fraction))
        result.points = round(item.points * fraction, 4)
        result.status = "partial" if fraction > 0 else "failed"
        result.message = err.message
    elif isinstance(err, checks.CheckFailed):
        result.message = err.message
    elif isinstance(err, RemoteError) and err.remote_mro[0] == "NotImplementedError":
        result.message = "✗ " + checks.not_written_message(str(err).split(" raised ")[0])
    elif isinstance(err, RemoteError):
        result.status = "error"
        tail = [ln for ln in err.remote_traceback.strip().splitlines() if ln.strip()][-8:]
        result.message = f"✗ {err}" + ("\n  " + "\n  ".join(tail) if tail else "")
    elif isinstance(err, RemoteTimeout):
        result.status = "error"
        result.message = f"✗ {err}: look for an endless loop or a very slow step"
    elif isinstance(err, KernelDied):
        result.status = "error"
        result.message = f"✗ {err}"
    elif isinstance(err, AnswerUnreadable):
        result.message = f"✗ your answer could not be read as plain numbers or data: {err}"
    elif isinstance(err, NameError):
        name = getattr(err, "name", None) or str(err)
        result.message = "✗ " + checks.missing_name_message(name)  # the notebook's own words
    else:
        result.status = "error"
        result.message = f"✗ the test could not use your answer: {type(err).__name__}: {err}"
    if result.hidden and not result.message.startswith("(hidden"):
        result.message = "(hidden test) " + result.message
    return result


# --------------------------------------------------------------------------- the run


class _Runner:
    """Executes a plan in one sandbox, restarting and replaying the kernel when it dies.

    Every second counts against the submission's budget: cells, tests, restarts and the replay
    of earlier cells after a restart (a cell that hangs only when replayed cannot multiply the
    time). The budget checked here is the soft one; `grade.py` enforces a hard one from outside.
    """

    def __init__(self, job: GradeJob, plan: list[PlanItem], sandbox: Sandbox, started: float):
        self.job, self.plan, self.sb = job, plan, sandbox
        self.limits = job.limits
        self.deadline = started + self.limits.submission_budget
        self.kernel: KernelSession | None = None
        self.history: list[PlanItem] = []  # code that ran and may be replayed
        self.restarts = 0
        self.gave_up = ""
        self.learner_ran = False  # learner code has run: a failed (re)start may be its doing
        self.out_of_time = False  # something was not run because the budget was spent
        self.output = OutputBudget(job.policy.max_output_chars)
        self.setup = SetupNames()  # the setup cells' names, computed here (never the kernel's)

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.out_of_time = True
        return left

    def ensure_kernel(self) -> bool:
        if self.gave_up:
            return False
        if self.kernel is None:
            self.kernel = self.sb.kernel()
            return True
        if self.kernel.is_alive():
            return True
        return self.restart("the kernel died")

    def restart(self, why: str) -> bool:
        if self.gave_up:
            return False
        if self.restarts >= self.limits.max_restarts:
            self.gave_up = f"{why}; gave up after {self.restarts} restarts"
            return False
        if self.left() <= 0:
            self.gave_up = f"{why}; no time left in the submission's budget to restart"
            return False
        self.restarts += 1
        assert self.kernel is not None
        try:
            self.kernel.restart()
        except KernelStartError as err:
            self.gave_up = (
                f"{why}; after that the kernel did not start again. Your code changed something "
                "the next kernel runs at start-up (for example an IPython startup file or a "
                "file in the notebook's folder), so the remaining cells were not run "
                f"[{_first_line(err)}]"
            )
            return False
        except Exception as err:  # noqa: BLE001 - e.g. a directory where kernel.json goes
            self.gave_up = (
                f"{why}; the kernel could not be restarted because your code changed its folder "
                f"({type(err).__name__}: {_first_line(err)})"
            )
            return False
        for item in self.history:
            left = self.left()
            if left <= 0:
                self.gave_up = f"{why}; replaying the earlier cells used up the time budget"
                return False
            r = self.kernel.execute(
                item.code, timeout=min(self.limits.cell_timeout, left), keep_outputs=False
            )
            if r.status in ("dead", "hung", "timeout"):
                self.gave_up = f"{why}; replaying the earlier cells failed again ({r.status})"
                return False
        return True

    def run_code(self, item: PlanItem) -> CellRecord:
        record = CellRecord(item.kind, item.grade_id, item.shown, "not_run")
        if item.kind == C.LOCKED:
            self.setup.run(item.code)
        if not item.code.strip():
            record.status = "ok"
            return record
        if self.left() <= 0:
            record.outputs = [_note("not run: the submission used up its time budget")]
            return record
        if not self.ensure_kernel():
            record.outputs = [_note(f"not run: {self.gave_up}")]
            return record
        self.learner_ran = True
        timeout = min(self.limits.cell_timeout, max(1.0, self.left()))
        r = self.kernel.execute(item.code, timeout=timeout)
        record.status, record.seconds = r.status, r.seconds
        record.outputs = self.output.keep(r.outputs)
        if r.status == "timeout":
            record.outputs.append(_note(f"stopped after the {timeout:g} s limit"))
        if r.status in ("dead", "hung"):
            why = "the kernel died" if r.status == "dead" else "the cell ignored the time limit"
            record.outputs.append(_note(f"{why} in this cell; the grader restarted the kernel"))
            self.restart(f"{why} in a {item.kind} cell")
        elif r.status != "timeout":  # a cell that timed out is not replayed after a restart
            self.history.append(item)
        return record

    def run_test(self, item: PlanItem, sources: dict) -> tuple[TestResult, CellRecord]:
        record = CellRecord(C.TEST, item.grade_id, item.shown, "not_run")
        gid = item.grade_id or "test"
        if self.left() <= 0:
            res = TestResult(
                gid,
                0.0,
                item.points,
                "not_run",
                "✗ not run: the submission used up its time budget",
            )
        elif not self.ensure_kernel():
            res = TestResult(gid, 0.0, item.points, "not_run", f"✗ not run: {self.gave_up}")
        else:
            started = time.monotonic()
            budget = min(3 * self.limits.cell_timeout, max(1.0, self.deadline - started))
            session = RemoteSession(
                self.kernel,
                call_timeout=min(self.limits.cell_timeout, budget),
                budget=budget,
                max_reply_chars=self.job.policy.max_reply_chars,
            )
            try:
                session.install()
            except (KernelDied, RemoteTimeout) as err:
                res = TestResult(gid, 0.0, item.points, "error", f"✗ {err}")
            else:
                res = run_test(item, session, sources, self.setup)
            record.seconds = time.monotonic() - started
            if session.broken:
                self.restart(session.broken)
        record.status = res.status
        record.outputs = [
            _note(
                res.message or f"✓ passed ({res.points:g}/{res.max_points:g})",
                "stdout" if res.status == "passed" else "stderr",
            )
        ]
        return res, record


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:300] if text else type(err).__name__


def _note(text: str, name: str = "stderr") -> dict:
    return {"output_type": "stream", "name": name, "text": text.rstrip("\n") + "\n"}


def grade_job(job: GradeJob, report=None, on_sandbox=None) -> SubmissionResult:
    """Grade one submission; always returns a result, whatever the submission holds.

    `report(test_result)`, if given, is called as each test finishes (the parent process uses it
    to know which tests a submission reached if it has to stop it); `on_sandbox(paths)` with the
    sandbox's directories (which the parent removes if it has to kill this process). An
    exception the grader did
    not foresee becomes this submission's `grader_error` result, never the class's problem.
    """
    started = time.monotonic()
    tests = [c for c in C.read_source_cells(job.source) if c.kind == C.TEST]
    result = SubmissionResult(
        job.assignment, job.student_id, job.notebook, "graded",
        max_score=sum(t.points for t in tests),
    )
    try:
        _grade_into(job, result, tests, started, report, on_sandbox)
    except _NoKernel as err:
        result.status, result.reason = "grader_error", f"{err} (rerun grade)"
    except BudgetExceeded:
        result.status = "budget_exceeded"
        result.reason = (
            f"time budget exceeded: grading stopped after {job.limits.submission_budget:g} s"
        )
    except Exception as err:  # noqa: BLE001 - one submission's failure stays its own
        result.status = "grader_error"
        result.reason = (
            f"the grader failed on this notebook ({type(err).__name__}: {_first_line(err)}); "
            "rerun grade for this student, and report it if it happens again"
        )
    _fill_not_reached(result, tests)
    result.score = round(sum(t.points for t in result.tests), 4)
    result.seconds = round(time.monotonic() - started, 3)
    if result.status == "graded":
        result.reason = _summary_reason(result)
    elif result.status == "budget_exceeded":
        result.reason += "; " + _summary_reason(result)
    return result


def _fill_not_reached(result: SubmissionResult, tests: list) -> None:
    done = {t.grade_id for t in result.tests}
    message = {
        "graded": "✗ not run",
        "missing": "✗ no notebook submitted",
        "budget_exceeded": "✗ not reached: the submission used up its time budget",
        "grader_error": "✗ not graded: the grader failed (not your fault); it will be rerun",
    }.get(result.status, f"✗ {result.reason}")
    for t in tests:
        gid = t.grade_id or "?"
        if gid not in done:
            result.tests.append(TestResult(gid, 0.0, t.points, "not_run", message))


def _grade_into(
    job: GradeJob, result: SubmissionResult, tests, started: float, report, on_sandbox
) -> None:
    raw = job.submission
    if raw is None and job.submission_path:
        with open(job.submission_path, "rb") as fh:
            raw = fh.read(job.policy.intake.max_file_bytes + 1)
    if raw is None:
        result.status, result.reason = "missing", "no notebook submitted"
        return
    try:
        intake = read_submission(raw, job.policy.intake)
    except SubmissionRejected as err:
        result.status, result.reason = "invalid", str(err)
        return
    plan, notes = build_plan(job.source, intake.notebook)
    result.notes = intake.notes + notes
    result.lang = submission_language(intake.notebook)
    shown_texts = job.texts.get(result.lang, {})
    sources = {}
    for i, item in enumerate(plan):
        if item.kind in (C.ANSWER, C.FREE):
            sources[item.grade_id or f"extra cell {i}"] = item.code
    with Sandbox(job.limits.for_notebook(job.source.get("metadata")), job.files) as sb:
        result.isolation = str(getattr(sb, "isolation", "unknown"))
        if on_sandbox is not None:
            on_sandbox([str(p) for p in (getattr(sb, "scratch", None), getattr(sb, "private", None))
                        if p])
        runner = _Runner(job, plan, sb, started)
        try:
            with speaking(result.lang):  # the checks' messages in the learner's language
                _run_plan(plan, runner, sources, result, report, shown_texts)
        except KernelStartError as err:
            if not runner.learner_ran:
                raise _NoKernel(err) from None
            raise
        finally:
            result.restarts = runner.restarts
            if getattr(sb, "memory_kills", 0):
                result.notes.append(
                    f"the notebook's processes together used more than the "
                    f"{sb.limits.memory_mb} MB of memory a kernel may use (for example by "
                    "forking): they were stopped"
                )
            if runner.gave_up:
                result.notes.append(runner.gave_up)
            if runner.kernel is not None:
                runner.kernel.shutdown()
    if runner.out_of_time:
        result.status = "budget_exceeded"
        budget = job.limits.submission_budget
        result.reason = (
            f"time budget exceeded: the notebook used up its {budget:g} s before every test "
            "had run"
        )


def _run_plan(plan, runner, sources, result, report, shown_texts) -> None:
    """The instructor's plan, cell by cell: text shown, code run in the kernel, tests here."""
    for item in plan:
        if item.kind == C.MARKDOWN:
            text = shown_texts.get(item.grade_id, item.shown) if item.grade_id else item.shown
            record = CellRecord(C.MARKDOWN, item.grade_id, text, "markdown")
        elif item.kind == C.TEST:
            res, record = runner.run_test(item, sources)
            result.tests.append(res)
            if report is not None:
                report(res)
        else:
            record = runner.run_code(item)
        result.cells.append(record)


class _NoKernel(Exception):
    """The first kernel of a submission did not start (before any learner code ran)."""

    def __init__(self, err: BaseException):
        super().__init__(
            f"could not start a kernel (not the learner's doing): {_first_line(err)}"
        )


def _summary_reason(result: SubmissionResult) -> str:
    """What happened, most telling first: grader events, then notes, then the tests lost."""
    parts = []
    statuses = [c.status for c in result.cells]
    for status, words in [
        ("dead", "the kernel died"),
        ("hung", "a cell ignored the time limit"),
        ("timeout", "a cell hit the time limit"),
    ]:
        if status in statuses:
            parts.append(words)
    if result.restarts:
        parts.append(f"kernel restarted {result.restarts}x")
    parts.extend(result.notes)
    failed = [t.grade_id for t in result.tests if t.status != "passed"]
    if failed:
        parts.append("lost points on " + ", ".join(failed))
    return "; ".join(parts) if parts else "all tests passed"
