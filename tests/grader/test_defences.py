"""One test per way a submission took the class run down, stalled it or fooled the grader.

Each builds one notebook of assignment 1 (from the sample class's attacks where there is one),
grades it with small limits, and checks both that nothing escaped (an exception, a stalled run,
a leaked value, an unbounded output) and that the result says what happened.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from course_grader import cells as C
from course_grader.course import Course, repo_root
from course_grader.engine import GradeJob, GradingPolicy, grade_job
from course_grader.remote import AnswerUnreadable, RemoteError, RemoteSession
from course_grader.sample_class import HOSTILE, AssignmentTexts
from course_grader.sandbox import Limits, Sandbox

pytestmark = pytest.mark.slow
A1 = "a1_derivatives"
COURSE = Course(repo_root())
SOURCE = json.loads(COURSE.source_notebooks(A1)[0].read_text())
TEXTS = AssignmentTexts.load(COURSE, A1)
SMALL = dict(cell_timeout=3.0, startup_timeout=10.0, memory_mb=1024)
N_TESTS = sum(1 for c in C.read_source_cells(SOURCE) if c.kind == C.TEST)


def _job(raw: bytes, *, policy=None, **limits) -> GradeJob:
    return GradeJob(A1, "s", f"{A1}.ipynb", raw, SOURCE, limits=Limits(**{**SMALL, **limits}),
                    policy=policy or GradingPolicy())


def _attack(name: str) -> bytes:
    return HOSTILE[name][1](TEXTS)


def _code(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
            "execution_count": None}


def _solved_with(cell_after: str, extra: str) -> bytes:
    """A fully solved notebook with `extra` as a learner cell right after test `cell_after`."""
    nb = TEXTS.notebook(solved="all")
    at = next(i for i, c in enumerate(nb["cells"]) if C.grade_id(c) == cell_after)
    nb["cells"].insert(at + 1, _code(extra))
    return json.dumps(nb).encode()


# --------------------------------------------------------------------------- malformed files


def test_a_list_as_cell_metadata_is_graded_not_a_crash():
    res = grade_job(_job(_attack("metadata_list")))
    assert res.status == "graded" and res.score == 0
    assert "metadata that is not a dict" in res.reason


def test_metadata_list_on_an_added_cell_costs_a_correct_notebook_nothing():
    nb = TEXTS.notebook(solved="all")
    nb["cells"].append({**_code("x = 1"), "metadata": [1, 2]})
    res = grade_job(_job(json.dumps(nb).encode()))
    assert res.status == "graded" and res.score == 20


@pytest.mark.parametrize("case, reason", [("integer_source", "source that is not text"),
                                          ("deep_nesting", "levels deep")])
def test_unreadable_structures_are_invalid_with_a_reason(case, reason):
    res = grade_job(_job(_attack(case)))
    assert res.status == "invalid" and reason in res.reason
    assert res.score == 0 and len(res.tests) == N_TESTS
    assert all(t.status == "not_run" and reason in t.message for t in res.tests)


def test_learner_markdown_never_reaches_what_the_instructor_opens():
    nb = TEXTS.notebook(solved="all")
    nb["cells"].insert(3, {"cell_type": "markdown", "metadata": {},
                           "source": "<script>alert(1)</script><img src=x onerror=alert(2)>"})
    answer = next(c for c in nb["cells"] if C.cell_kind(c) == C.ANSWER)
    answer["cell_type"] = "markdown"  # an answer turned into markdown holding markup
    answer["source"] = "<iframe src=javascript:alert(3)>"
    answer.pop("outputs")
    answer.pop("execution_count")
    res = grade_job(_job(json.dumps(nb).encode()))
    shown = json.dumps([c.source for c in res.cells])
    assert "<script" not in shown and "onerror" not in shown and "<iframe" not in shown
    assert "was turned into a markdown cell" in res.reason


def test_lone_surrogate_in_code_does_not_reach_the_kernel_client():
    nb = TEXTS.notebook(solved="all")
    nb["cells"].insert(0, _code("marker = '\ud800'"))
    res = grade_job(_job(json.dumps(nb).encode()))
    assert res.status == "graded" and res.score == 20
    assert "not valid Unicode" in res.reason


def test_lone_surrogates_made_at_run_time_reach_messages_and_are_written_safely(tmp_path):
    from course_grader.feedback import write_feedback
    from course_grader.gradebook import write_autograded

    res = grade_job(_job(_attack("lone_surrogate_messages")))
    assert res.status == "graded" and res.score == 0
    assert any("\ud800" in t.message for t in res.tests)  # the grader kept the learner's text

    class FakeCourse:
        autograded = tmp_path / "autograded"

    page = write_feedback(tmp_path / "feedback", res).read_text(encoding="utf-8")
    assert "ValueError: \ufffd" in page
    write_autograded(FakeCourse(), res, {})


def test_a_directory_where_kernel_json_goes_ends_that_submission_only():
    res = grade_job(_job(_attack("kernel_json_dir")))
    assert res.status == "graded" and res.score == 0, res.reason
    assert "the kernel died" in res.reason and "not your fault" not in res.reason
    if "could not be restarted" in res.reason:  # a sandbox that lets the learner block it
        assert "because your code changed its folder" in res.reason


class _Unstartable:
    """A kernel whose restart fails the way a learner's leftovers can make it fail."""

    def __init__(self, error: BaseException):
        self.error = error

    def restart(self):
        raise self.error


@pytest.mark.parametrize(
    "error, words",
    [
        ("startup", "did not start again. Your code changed something the next kernel runs"),
        (IsADirectoryError(21, "Is a directory", "kernel.json"),
         "could not be restarted because your code changed its folder (IsADirectoryError"),
    ],
)
def test_a_restart_that_fails_after_learner_code_is_reported_as_the_learners(error, words):
    from course_grader.engine import _Runner
    from course_grader.sandbox import KernelStartError

    if error == "startup":
        error = KernelStartError("the kernel did not start: Kernel didn't respond in 10 s")
    runner = _Runner(_job(b""), [], sandbox=None, started=time.monotonic())
    runner.kernel = _Unstartable(error)
    assert runner.restart("the kernel died in a free cell") is False
    assert words in runner.gave_up and "not your fault" not in runner.gave_up
    assert runner.ensure_kernel() is False  # and nothing more runs


# --------------------------------------------------------------------------- time


def test_endless_loops_in_every_cell_stop_at_the_submission_budget():
    started = time.monotonic()
    res = grade_job(_job(_attack("loops_everywhere"), submission_budget=8.0))
    took = time.monotonic() - started
    assert res.status == "budget_exceeded" and res.score == 0
    assert res.reason.startswith("time budget exceeded")
    assert any("used up its time budget" in t.message for t in res.tests)
    # 8 s of budget, then at most one cell limit and the kernel's shutdown
    assert took < 8.0 + SMALL["cell_timeout"] + 10 + 30  # generous: a shared machine


class _SlowReplays:
    """A kernel whose every replayed cell takes 0.3 s of the (tiny) budget and reports the time
    limit it was given. (A learner cannot make replays slow under a sandbox that wipes their
    files at each restart, so the engine's rule is tested on the engine itself.)"""

    def __init__(self):
        self.timeouts = []

    def restart(self):
        pass

    def execute(self, code, timeout=None, **kw):
        from course_grader.sandbox import ExecResult

        self.timeouts.append(timeout)
        time.sleep(0.3)
        return ExecResult("ok")


def test_replays_after_a_restart_count_against_the_submission_budget():
    from course_grader.engine import PlanItem, _Runner

    runner = _Runner(_job(b"", submission_budget=1.0, cell_timeout=30.0), [], sandbox=None,
                     started=time.monotonic())
    runner.kernel = kernel = _SlowReplays()
    runner.history = [PlanItem(C.ANSWER, f"q{i}", "x = 1", "x = 1") for i in range(20)]
    started = time.monotonic()
    assert runner.restart("the kernel died") is False
    assert time.monotonic() - started < 2.5  # not 20 cells x 30 s, nor 20 x 0.3 s
    assert "replaying the earlier cells used up the time budget" in runner.gave_up
    assert len(kernel.timeouts) < 20 and all(t <= 1.0 for t in kernel.timeouts)
    assert runner.out_of_time


def test_a_startup_file_that_hangs_the_restart_is_blamed_on_the_submission():
    res = grade_job(_job(_attack("startup_hang")))
    assert res.status == "graded", res.reason
    assert "not your fault" not in res.reason
    assert all("not your fault" not in t.message for t in res.tests)
    if "did not start again" in res.reason:  # a sandbox that runs the learner's startup files
        assert "startup file" in res.reason


class StuckSource(dict):
    """An instructor notebook whose reading never ends in a grading worker: the grader itself
    stuck where none of its own time checks are (the case the parent's budget is for)."""

    def get(self, key, default=None):
        import multiprocessing

        if key == "cells" and multiprocessing.parent_process() is not None:
            time.sleep(10_000)
        return super().get(key, default)


def test_the_parent_stops_a_worker_stuck_past_its_budget():
    from course_grader.workers import run_pool

    job = _job(json.dumps(TEXTS.notebook(solved="all")).encode(), submission_budget=2.0)
    job.source = StuckSource(SOURCE)
    control = _job(json.dumps(TEXTS.notebook(solved="all")).encode())
    control.student_id = "control"
    done = []
    started = time.monotonic()
    results = run_pool([job, control], 1, done.append, grace=1.0, kill_after=3.0)
    took = time.monotonic() - started
    assert done == results and len(results) == 2
    by_id = {r.student_id: r for r in results}
    stuck = by_id["s"]
    assert stuck.status == "budget_exceeded" and "time budget exceeded" in stuck.reason
    assert "tests reached: 0 of" in stuck.reason and len(stuck.tests) == N_TESTS
    assert by_id["control"].status == "graded" and by_id["control"].score == 20
    assert took < 2.0 + 1.0 + 3.0 + 60, took  # the stuck one cost its budget + grace + kill


def test_the_hard_kill_takes_the_worker_and_everything_below_it():
    import multiprocessing

    import psutil

    from course_grader.workers import _Worker

    w = _Worker(multiprocessing.get_context("forkserver"))
    w.give(_job(_attack("loops_everywhere"), submission_budget=300.0))
    deadline = time.monotonic() + 60
    family: list = []
    while time.monotonic() < deadline and not family:
        family = psutil.Process(w.proc.pid).children(recursive=True)
        time.sleep(0.2)
    assert family, "the worker never started a kernel"
    while not w.sandbox_paths and w.conn.poll(5):  # the worker says where its sandbox is
        kind, data = w.conn.recv()
        if kind == "sandbox":
            w.sandbox_paths = data
    assert w.sandbox_paths and all(Path(p).exists() for p in w.sandbox_paths)
    w.kill()
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == [] and not w.proc.is_alive()
    assert not any(Path(p).exists() for p in w.sandbox_paths)


def test_a_worker_over_its_memory_limit_is_stopped_and_the_class_goes_on():
    from course_grader.workers import run_pool

    solved = json.dumps(TEXTS.notebook(solved="all")).encode()
    jobs = [_job(solved), _job(solved)]
    jobs[1].student_id = "t"
    # a limit no worker can keep (the parent checks every worker the same way)
    results = run_pool(jobs, 2, lambda r: None, grace=1.0, kill_after=3.0, max_worker_mb=1)
    assert len(results) == 2
    for res in results:
        assert res.status == "budget_exceeded"
        assert "more than 1 MB of memory" in res.reason and len(res.tests) == N_TESTS
        assert "time budget" not in res.reason  # it was stopped for its memory, not its time


def test_a_stopped_submission_keeps_the_tests_it_reached():
    from course_grader.engine import TestResult as Verdict
    from course_grader.workers import cut_short

    reached = [Verdict("test_forward_diff", 2.0, 2.0, "passed")]
    res = cut_short(_job(b""), reached, "budget_exceeded", "time budget exceeded: stopped")
    assert res.score == 2.0 and len(res.tests) == N_TESTS
    assert res.reason.endswith(f"tests reached: 1 of {N_TESTS}")
    assert all("used up its time budget" in t.message for t in res.tests[1:])


_STARTUP_HANG_AND_DIE = r"""
import os, signal
from IPython.paths import get_ipython_dir
startup = os.path.join(get_ipython_dir(), 'profile_default', 'startup')
os.makedirs(startup, exist_ok=True)
open(os.path.join(startup, '00-hang.py'), 'w').write('while True:\n    pass\n')
os.kill(os.getpid(), signal.SIGKILL)
"""


# --------------------------------------------------------------------------- size


def test_output_floods_are_capped_per_submission():
    policy = GradingPolicy(max_output_chars=30_000)
    res = grade_job(_job(_attack("output_flood_cells"), policy=policy, submission_budget=120.0))
    learner = [c for c in res.cells if c.kind in (C.FREE, C.ANSWER)]
    kept = sum(len(o.get("text", "")) for c in learner for o in c.outputs)
    assert len(learner) >= 250
    assert kept < 30_000 + 1_000, kept
    assert any("output are used up" in o.get("text", "") for c in learner for o in c.outputs)


def test_a_forged_huge_probe_reply_is_refused_unparsed():
    res = grade_job(_job(_attack("forged_reply")))
    assert res.score == 0
    from course_grader.remote import MAX_REPLY_CHARS

    limit = f"more than the {MAX_REPLY_CHARS:,} the grader reads"
    refused = [t for t in res.tests if limit in t.message]
    assert len(refused) >= N_TESTS - 2, [t.message for t in res.tests]


# --------------------------------------------------------------------------- the probe


@pytest.fixture(scope="module")
def kernel():
    with Sandbox(Limits(**SMALL)) as sb:
        k = sb.kernel()
        try:
            yield k
        finally:
            k.shutdown()


def _session(kernel, **kw) -> RemoteSession:
    s = RemoteSession(kernel, call_timeout=5.0, budget=30.0, **kw)
    s.install()
    return s


def test_the_kernel_never_sees_or_decides_a_comparison(kernel):
    kernel.execute(
        "received = []\n"
        "class Yes:\n"
        "    def _log(self, *args):\n"
        "        received.extend(repr(a) for a in args)\n"
        "        return True\n"
        "    __sub__ = __rsub__ = __add__ = __mul__ = __truediv__ = lambda s, o: s._log(o) and s\n"
        "    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = lambda s, o: s._log(o)\n"
        "    def __float__(self):\n"
        "        return 1.0\n"
        "    def __bool__(self):\n"
        "        return True\n"
        "history = [Yes(), Yes()]\n"
        "class Box:\n"
        "    def __getitem__(self, i):\n"
        "        return history[i]\n"
        "above = Box()\n"
    )
    s = _session(kernel)
    s.literals = frozenset({2.0, 1.0, -1.0, 0.0})  # the numbers a test would have written
    above = s.fetch(["above"])["above"]
    f_star = float(np.sqrt(9754835752.0))  # a hidden value the test computed: 98767.585...
    # a4's hidden check: the loss must grow. The learner's object would answer True to all.
    grows = above[-1] - f_star > above[0] - f_star
    assert grows is False or grows == False  # noqa: E712 - numpy bool from the grader's numbers
    assert (above[0] < f_star) and not (above[0] > f_star)
    assert abs(-above[0]) == 1.0
    assert above[0] * f_star == f_star and above[0] + f_star > f_star
    received = s.fetch(["received"])["received"]
    assert received == [], received


def test_a_reply_that_is_not_a_json_string_is_refused_before_parsing(kernel):
    s = _session(kernel)
    kernel.execute(
        "_fmt = get_ipython().display_formatter.formatters['text/plain']\n"
        "_fmt.for_type(str, lambda s, p, c: p.text('[' * 5 + '1' + ']' * 5))"
    )
    try:
        with pytest.raises(AnswerUnreadable, match="not plain data"):
            s.fetch(["received"])
        small = RemoteSession(kernel, call_timeout=5.0, budget=30.0, max_reply_chars=5)
        kernel.execute("_fmt.pop(str)")
        with pytest.raises(AnswerUnreadable, match="more than the 5 the grader reads"):
            small.fetch(["received"])
    finally:
        kernel.execute("_fmt.pop(str, None)")


def test_arithmetic_between_two_learner_objects_stays_in_the_kernel(kernel):
    kernel.execute(
        "class Dual:\n"
        "    def __init__(self, v, d):\n"
        "        self.val, self.dot = v, d\n"
        "    def __mul__(self, o):\n"
        "        o = o if isinstance(o, Dual) else Dual(o, 0.0)\n"
        "        return Dual(self.val * o.val, self.dot * o.val + self.val * o.dot)\n"
    )
    s = _session(kernel)
    s.literals = frozenset({2.0, -2.0})
    Dual = s.fetch(["Dual"])["Dual"]
    p = Dual(2.0, 1.0) * Dual(3.0, 0.5)
    assert (p.val, p.dot) == (6.0, 4.0)
    # a number written in the test is an input to the learner's operator: it runs there
    q = p * 2.0
    assert (q.val, q.dot) == (12.0, 8.0)
    with pytest.raises((AnswerUnreadable, RemoteError), match="cannot turn a Dual into numbers"):
        p * float(np.pi)  # a computed value is never sent: the grader needs numbers for it
    with pytest.raises((AnswerUnreadable, RemoteError), match="cannot turn a Dual into numbers"):
        p < 3  # noqa: B015 - a Dual is not numbers: the grader will not ask the kernel to decide


def test_control_the_solved_notebook_these_tests_start_from_has_full_marks():
    res = grade_job(_job(json.dumps(TEXTS.notebook(solved="all")).encode()))
    assert res.status == "graded" and res.score == 20, res.reason


# --------------------------------------------------------------------------- the setup's names


def _cell(kind: str, gid: str, source: str, points: int = 0) -> dict:
    meta = {"grade_id": gid, "locked": kind != "answer", "solution": kind == "answer",
            "grade": kind == "test", "schema_version": 3}
    if kind == "test":
        meta["points"] = points
    return {**_code(source), "metadata": {"nbgrader": meta}}


# An assignment whose setup cell makes the data a test measures the learner's work on.
SETUP_SOURCE = {
    "cells": [
        _cell("setup", "setup", "import numpy as np\n\n"
              "def make_data(n):\n    return np.linspace(1.0, 2.0, n) ** 2\n\n"
              "DATA = make_data(7)\n"),
        _cell("answer", "spread", "def spread(xs):\n    ### BEGIN SOLUTION\n"
              "    return float(np.max(xs) - np.min(xs))\n    ### END SOLUTION\n"),
        _cell("test", "test_data", "check_close(spread(DATA), np.ptp(DATA), name='spread')\n", 1),
        _cell("test", "test_maker",
              "check_close(spread(make_data(5)), np.ptp(make_data(5)), name='spread')\n", 1),
        _cell("answer", "apply", "def apply(f, n):\n    ### BEGIN SOLUTION\n"
              "    return f(n)\n    ### END SOLUTION\n"),
        _cell("test", "test_apply", "check_close(apply(make_data, 3), [1.0, 2.25, 4.0])\n", 1),
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _setup_learner(spread: str, extra: str = "") -> bytes:
    nb = json.loads(json.dumps(SETUP_SOURCE))
    for cell in nb["cells"]:
        if cell["metadata"]["nbgrader"]["grade_id"] == "spread":
            cell["source"] = spread
        elif cell["metadata"]["nbgrader"]["grade_id"] == "apply":
            cell["source"] = "def apply(f, n):\n    return f(n)\n"
    if extra:
        nb["cells"].insert(1, _code(extra))  # right after the setup cell, before every test
    return json.dumps(nb).encode()


def _setup_grade(raw: bytes):
    job = GradeJob("mini", "s", "mini.ipynb", raw, SETUP_SOURCE, limits=Limits(**SMALL))
    return {t.grade_id: t for t in grade_job(job).tests}


def test_a_learner_who_replaces_the_setup_data_is_still_graded_on_the_real_data():
    """The learner's kernel may rebind what the setup cell made (a4's moons, a1's grid of steps)
    to something their answer handles; the tests measure on the grader's own copy."""
    typed = "def spread(xs):\n    return 0.0\n"
    easy = ("def make_data(n):\n    return np.ones(n)\n\nDATA = make_data(7)\n")
    honest = _setup_grade(_setup_learner("def spread(xs):\n    return float(max(xs) - min(xs))\n"))
    assert all(t.status == "passed" for t in honest.values()), honest
    cheat = _setup_grade(_setup_learner(typed, easy))
    assert cheat["test_data"].status == "failed" and "0.0" in cheat["test_data"].message
    assert cheat["test_maker"].status == "failed"
    # a setup function handed to learner code is the kernel's own one: the learner's to use
    assert cheat["test_apply"].status == "failed"  # their make_data now makes ones
    assert honest["test_apply"].status == "passed"


# A test whose own arithmetic broadcasts an answer's shape: (n, 1, 1) + (1, 200, 50).
BROADCAST_SOURCE = {
    **SETUP_SOURCE,
    "cells": [
        _cell("setup", "setup", "import numpy as np\n"),
        _cell("answer", "rows", "### BEGIN SOLUTION\nrows = np.zeros((3, 1, 1))\n"
              "### END SOLUTION\n"),
        _cell("test", "test_rows",
              "check_close((as_array(rows) + np.ones((1, 200, 50))).sum(), 30000.0)\n", 1),
        _cell("test", "test_after", "check_close(rows.shape[1], 1)\n", 1),
    ],
}


def test_one_allocation_of_the_graders_own_arithmetic_cannot_outgrow_the_worker():
    """20,000 rows broadcast to a 1.6 GB array in the grader, in one numpy call that signals
    cannot interrupt: the worker's data cap (2 x 512 MB here) makes it a MemoryError at once,
    instead of a worker that holds it all until it is killed."""
    from course_grader.workers import run_pool

    nb = json.loads(json.dumps(BROADCAST_SOURCE))
    nb["cells"][1]["source"] = "rows = np.zeros((20000, 1, 1))\n"
    job = GradeJob("mini", "s", "mini.ipynb", json.dumps(nb).encode(), BROADCAST_SOURCE,
                   limits=Limits(**SMALL))
    (res,) = run_pool([job], 1, lambda r: None, max_worker_mb=512)
    assert res.status == "graded", res.reason
    tests = {t.grade_id: t for t in res.tests}
    assert tests["test_rows"].status == "error" and "MemoryError" in tests["test_rows"].message
    assert tests["test_after"].status == "passed"  # the worker went on with the next test


def test_the_data_cap_is_the_workers_not_the_learners_kernel():
    from course_grader.workers import run_pool

    nb = json.loads(json.dumps(BROADCAST_SOURCE))
    # 1.1 GB in the kernel: within its own 2 GB, above the worker's 1 GB data cap
    nb["cells"][1]["source"] = "big = np.ones(140_000_000)\nrows = np.zeros((3, 1, 1))\n"
    job = GradeJob("mini", "s", "mini.ipynb", json.dumps(nb).encode(), BROADCAST_SOURCE,
                   limits=Limits(**{**SMALL, "memory_mb": 2048, "cell_timeout": 60.0}))
    (res,) = run_pool([job], 1, lambda r: None, max_worker_mb=512)
    assert res.status == "graded" and res.score == 2, (res.reason, res.tests)


_FORKED_MEMORY = r"""
import os, time
kids = []
for _ in range(5):
    pid = os.fork()
    if pid == 0:
        try:
            hog = bytearray(250 * 2**20)  # each child within its own address-space limit
            time.sleep(20)
        finally:
            os._exit(0)
    kids.append(pid)
for pid in kids:
    os.waitpid(pid, 0)
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="the sandbox uid (whose processes are summed) needs root")
def test_the_memory_limit_holds_for_the_kernels_processes_together():
    """5 forked children of 250 MB each stay under the per-process limit (1024 MB of address
    space) but hold ~1.3 GB together: they are stopped, the learner is told why, and the rest of
    the notebook is graded."""
    started = time.monotonic()
    res = grade_job(_job(_solved_with("test_central_diff", _FORKED_MEMORY), cell_timeout=30.0))
    assert res.status == "graded" and res.score == 20, res.reason
    assert "processes together used more than the 1024 MB" in res.reason
    assert time.monotonic() - started < 60, time.monotonic() - started
