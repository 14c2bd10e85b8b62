"""Generate a class of submissions: perfect, partial, wrong, broken and hostile notebooks.

Used by `demo` (a dozen learners of assignment 1 as an LMS would export them) and by the
tests (one notebook per attack in `HOSTILE`, each of which must earn no undeserved point).
Submissions are built from the released notebook, filling answer cells with the solution,
with wrong code, or leaving the stub, then adding the attack as extra code.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course_grader import cells as C
from course_grader.course import Course


def solution_code(source: str) -> str:
    """An answer cell's source with the solution markers removed (what a perfect learner wrote)."""
    return "\n".join(
        line
        for line in source.splitlines()
        if line.strip() not in (C.SOLUTION_BEGIN, C.SOLUTION_END)
    )


@dataclass
class AssignmentTexts:
    """The released notebook and the solution code of each answer cell."""

    release: dict
    solutions: dict  # grade_id -> solution code

    @classmethod
    def load(cls, course: Course, assignment: str) -> AssignmentTexts:
        (src_path,) = course.source_notebooks(assignment)[:1]
        source = json.loads(src_path.read_text(encoding="utf-8"))
        release = json.loads((course.release / assignment / src_path.name).read_text("utf-8"))
        sols = {
            C.grade_id(c): solution_code(C.source_text(c))
            for c in source["cells"]
            if C.cell_kind(c) == C.ANSWER
        }
        return cls(release, sols)

    def notebook(
        self,
        *,
        solved: set[str] | str = "all",
        answers: dict[str, str] | None = None,
        before: str = "",
        after: str = "",
        transform: Callable[[dict], None] | None = None,
    ) -> dict:
        """A learner notebook: `solved` answer ids get the solution, `answers` override by id,
        `before`/`after` are extra code cells at the top / bottom, `transform` edits the rest."""
        nb = copy.deepcopy(self.release)
        ids = set(self.solutions) if solved == "all" else set(solved)
        for cell in nb["cells"]:
            gid = C.grade_id(cell)
            if C.cell_kind(cell) != C.ANSWER:
                continue
            if answers and gid in answers:
                cell["source"] = answers[gid]
            elif gid in ids:
                cell["source"] = self.solutions[gid]
        if before:
            nb["cells"].insert(0, _code(before))
        if after:
            nb["cells"].append(_code(after))
        if transform:
            transform(nb)
        return nb


def _code(source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def _dump(nb: dict) -> bytes:
    return json.dumps(nb, indent=1).encode()


# --------------------------------------------------------------------------- attacks

_FIND_SECRETS = r"""
import glob, json, os
found = []
for depth in range(0, 6):
    for root in ("/work/", "/tmp/", "/root/", "/home/", "../"):
        stem = root + "*/" * depth
        found += glob.glob(stem + "solutions/*/*.ipynb")
        found += glob.glob(stem + "autograded/*/*/*.ipynb")
for path in found:
    try:
        nb = json.load(open(path))
    except Exception:
        continue
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if "BEGIN SOLUTION" in src or ("autograded" in path and "def " in src):
            try:
                exec(src, globals())
            except BaseException:
                pass
print("solution files read:", len(found))
"""

# The destructive payloads only aim at /tmp (where demos and tests keep their courses), so that
# even a run without the sandbox (not root) cannot damage a repository checkout.
_WRITE_GRADEBOOK = r"""
import glob, sqlite3
paths = []
for depth in range(1, 6):
    paths += glob.glob("/tmp/" + "*/" * depth + "gradebook.db")
for path in paths:
    try:
        db = sqlite3.connect(path)
        db.execute("UPDATE grade SET auto_score = 1000, manual_score = 1000")
        db.commit()
        print("wrote", path)
    except Exception as err:
        print("could not write", path, err)
"""

_DELETE_AROUND = r"""
import glob, os, shutil
targets = glob.glob("/tmp/learner-scratch-*")
for depth in range(0, 5):
    stem = "/tmp/" + "*/" * depth
    targets += glob.glob(stem + "submitted/*/*/*.ipynb") + glob.glob(stem + "gradebook.db")
    targets += glob.glob(stem + "assignments/*/*.ipynb") + glob.glob(stem + "solutions")
for path in targets:
    try:
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            open(path, "w").write("destroyed")
        print("destroyed", path)
    except Exception as err:
        pass
"""

_LIARS = r"""
import numpy as np
class AlwaysEqual(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
    def __abs__(self): return 0.0
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __gt__(self, other): return True
    def __ge__(self, other): return True
    def __float__(self): return 0.0
class Agreeable(np.ndarray):
    def __eq__(self, other): return np.ones(self.shape, bool)
    def __sub__(self, other): return np.zeros(self.shape)
    def __array_ufunc__(self, *args, **kwargs): return np.zeros(1)
def forward_diff(f, x, h): return AlwaysEqual(123.0)
def central_diff(f, x, h): return np.full(np.shape(x), 123.0).view(Agreeable)
def measured_order(method, f, df, x, hs): return AlwaysEqual(-5.0)
def edge_second_diff(f, x, h, slope): return np.full(np.shape(x), 9.0).view(Agreeable)
edge_error_coefficient = AlwaysEqual(4.0)
def best_step(method, f, df, x, hs, dtype): return AlwaysEqual(1.0)
def subdifferential(f, x0): return (AlwaysEqual(5.0), AlwaysEqual(5.0))
"""


def _edit_tests(nb: dict) -> None:
    for cell in nb["cells"]:
        if C.cell_kind(cell) == C.TEST:
            cell["source"] = "print('all good')"


def _delete_tests(nb: dict) -> None:
    nb["cells"] = [c for c in nb["cells"] if C.cell_kind(c) != C.TEST]


def _reorder_tests(nb: dict) -> None:
    tests = [c for c in nb["cells"] if C.cell_kind(c) == C.TEST]
    rest = [c for c in nb["cells"] if C.cell_kind(c) != C.TEST]
    nb["cells"] = tests + rest


def _change_metadata(nb: dict) -> None:
    for cell in nb["cells"]:
        meta = C.nbgrader_meta(cell)
        if C.cell_kind(cell) == C.TEST:
            meta["points"] = 1000
        if C.cell_kind(cell) == C.ANSWER:  # claim every answer cell is a test worth points
            meta.update(grade=True, points=50)


# name -> (what it does, how to build it from AssignmentTexts, expected score or None = 0)
HOSTILE: dict[str, tuple[str, Callable[[AssignmentTexts], bytes]]] = {
    "infinite_loop": (
        "an answer cell loops forever",
        lambda a: _dump(a.notebook(solved=set(), before="while True:\n    pass")),
    ),
    "sleep": (
        "an answer cell sleeps for a day",
        lambda a: _dump(a.notebook(solved=set(), before="import time\ntime.sleep(86400)")),
    ),
    "ignore_interrupt": (
        "loops forever and ignores the interrupt",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                    "while True:\n    pass"
                ),
            )
        ),
    ),
    "edit_tests": (
        "replaces every test cell with print('all good')",
        lambda a: _dump(a.notebook(solved=set(), transform=_edit_tests)),
    ),
    "delete_tests": (
        "deletes every test cell",
        lambda a: _dump(a.notebook(solved=set(), transform=_delete_tests)),
    ),
    "reorder_tests": (
        "moves the test cells before the answers",
        lambda a: _dump(a.notebook(solved=set(), transform=_reorder_tests)),
    ),
    "metadata_points": (
        "raises points to 1000 and turns answers into graded cells",
        lambda a: _dump(a.notebook(solved=set(), transform=_change_metadata)),
    ),
    "invalid_json": (
        "a truncated, invalid notebook file",
        lambda a: _dump(a.notebook(solved="all"))[:500],
    ),
    "not_a_notebook": (
        "a PNG image named .ipynb",
        lambda a: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    ),
    "sys_exit": (
        "calls sys.exit() first",
        lambda a: _dump(a.notebook(solved=set(), before="import sys\nsys.exit()")),
    ),
    "raise_systemexit": (
        "raises SystemExit in every answer",
        lambda a: _dump(
            a.notebook(solved=set(), answers={g: "raise SystemExit(0)" for g in a.solutions})
        ),
    ),
    "os_exit": (
        "os._exit(0) in an early cell",
        lambda a: _dump(a.notebook(solved=set(), before="import os\nos._exit(0)")),
    ),
    "kill_kernel": (
        "SIGKILLs its own kernel",
        lambda a: _dump(
            a.notebook(
                solved=set(), before="import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
            )
        ),
    ),
    "kill_parent": (
        "tries to kill the grader (its parent and process group)",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import os, signal\nfor pid in (os.getppid(), 1):\n    try:\n"
                    "        os.kill(pid, signal.SIGKILL)\n    except Exception:\n"
                    "        pass\ntry:\n    os.killpg(0, signal.SIGKILL)\nexcept Exception:\n"
                    "    pass"
                ),
            )
        ),
    ),
    "redefine_assert": (
        "redefines AssertionError and friends in builtins",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import builtins\nclass Nope(Exception):\n    pass\n"
                    "builtins.AssertionError = Nope\nAssertionError = Nope\n"
                    "builtins.Exception = Nope"
                ),
            )
        ),
    ),
    "patch_numpy_testing": (
        "makes numpy.testing and np.allclose always pass",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import numpy as np, numpy.testing as npt\n"
                    "npt.assert_allclose = lambda *a, **k: None\n"
                    "np.allclose = lambda *a, **k: True\n"
                    "np.isclose = lambda *a, **k: True"
                ),
            )
        ),
    ),
    "patch_checks": (
        "replaces the course's check helpers with no-ops",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import course_lib.checks as ch\n"
                    "for name in ch.__all__:\n"
                    "    if name.startswith('check_'):\n"
                    "        setattr(ch, name, lambda *a, **k: None)\n"
                    "ch.Rubric.finish = lambda self: None\n"
                    "ch.CheckFailed = type('X', (Exception,), {})\n"
                    "from course_lib.checks import *"
                ),
            )
        ),
    ),
    "silence_tracebacks": (
        "get_ipython().showtraceback = no-op",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "ip = get_ipython()\nip.showtraceback = lambda *a, **k: None\n"
                    "ip.showsyntaxerror = lambda *a, **k: None"
                ),
            )
        ),
    ),
    "input_transformer": (
        "an input transformer blanks every later cell",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=("get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])"),
            )
        ),
    ),
    "ast_transformer": (
        "an AST transformer replaces every later cell",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import ast\nclass Blank(ast.NodeTransformer):\n"
                    "    def visit_Module(self, node):\n"
                    "        return ast.Module(body=[ast.Pass()], type_ignores=[])\n"
                    "get_ipython().ast_transformers.append(Blank())"
                ),
            )
        ),
    ),
    "settrace": (
        "sys.settrace rewrites return values to what tests might expect",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import sys, math\n"
                    "def tracer(frame, event, arg):\n"
                    "    if event == 'exception':\n"
                    "        frame.f_locals.clear()\n"
                    "    return tracer\nsys.settrace(tracer)\n"
                    "import threading\nthreading.settrace(tracer)"
                ),
            )
        ),
    ),
    "patch_builtins": (
        "patches abs/isinstance/float/print/len in builtins",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import builtins\nbuiltins.isinstance = lambda *a: True\n"
                    "builtins.abs = lambda x: 0.0\nbuiltins.float = lambda *a: 0.0\n"
                    "builtins.len = lambda x: 0"
                ),
            )
        ),
    ),
    "shadow_modules": (
        "writes numpy.py / course_lib.py beside itself and reimports them",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import sys, importlib\n"
                    "open('numpy.py', 'w').write('def allclose(*a, **k): return True\\n"
                    "def isclose(*a, **k): return True\\n')\n"
                    "open('course_lib.py', 'w').write('')\n"
                    "sys.path.insert(0, '.')\n"
                    "for m in [m for m in sys.modules if m.startswith(('numpy', "
                    "'course_lib'))]:\n    del sys.modules[m]\n"
                    "import numpy as np"
                ),
            )
        ),
    ),
    "lying_objects": (
        "answers are float/ndarray subclasses whose comparisons always agree",
        lambda a: _dump(a.notebook(solved=set(), after=_LIARS)),
    ),
    "read_solutions": (
        "searches the disk for the solution notebook and runs it",
        lambda a: _dump(a.notebook(solved=set(), before=_FIND_SECRETS, after=_FIND_SECRETS)),
    ),
    "write_gradebook": (
        "opens every gradebook.db it can find and sets all scores to 1000",
        lambda a: _dump(a.notebook(solved=set(), before=_WRITE_GRADEBOOK, after=_WRITE_GRADEBOOK)),
    ),
    "delete_files": (
        "overwrites other notebooks, the gradebook, the release, other scratch dirs",
        lambda a: _dump(a.notebook(solved=set(), before=_DELETE_AROUND, after=_DELETE_AROUND)),
    ),
    "huge_output": (
        "prints about ten gigabytes",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=("chunk = 'x' * 10**7\nfor _ in range(1000):\n    print(chunk)"),
            )
        ),
    ),
    "memory_bomb": (
        "allocates far more memory than allowed",
        lambda a: _dump(
            a.notebook(
                solved=set(), before=("hog = []\nwhile True:\n    hog.append(bytearray(10**8))")
            )
        ),
    ),
    "fork_bomb": (
        "forks processes without end",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import os\nfor _ in range(10000):\n    try:\n        os.fork()\n"
                    "    except OSError:\n        break"
                ),
            )
        ),
    ),
    "network": (
        "tries to reach services on localhost (a Dask scheduler, Jupyter)",
        lambda a: _dump(
            a.notebook(
                solved=set(),
                before=(
                    "import socket\nfor port in (8786, 8787, 8888, 22):\n    try:\n"
                    "        socket.create_connection(('127.0.0.1', port), timeout=1)\n"
                    "        print('reached', port)\n    except OSError as err:\n"
                    "        print('blocked', port, err)"
                ),
            )
        ),
    ),
}

# --------------------------------------------------------------------------- malformed files


def _metadata_lists(nb: dict) -> None:
    for cell in nb["cells"]:
        cell["metadata"] = ["not", "a", "dict"]


def _integer_source(nb: dict) -> None:
    nb["cells"].append({**_code(""), "source": [1, 2, 3]})


def _deeply_nested(a: AssignmentTexts) -> bytes:
    text = _dump(a.notebook(solved="all")).decode()
    depth = 100_000
    return (text[: text.rindex("}")] + ', "x": ' + "[" * depth + "]" * depth + "}").encode()


# What an instructor's browser would run if learner output reached it: reads the _xsrf cookie
# and writes a file into the course through the Jupyter contents API.
STEAL_JS = (
    "fetch('/api/contents/PWNED_BY_LEARNER.txt', {method: 'PUT', headers: {'X-XSRFToken': "
    "(document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || '', 'Content-Type': "
    "'application/json'}, body: JSON.stringify({type: 'file', format: 'text', content: "
    "'owned'})}); window.LEARNER_SCRIPT_RAN = true; document.title = 'LEARNER_SCRIPT_RAN';"
)

_ACTIVE_OUTPUT = f"""
from IPython.display import display, HTML, Javascript, SVG, Markdown
steal = {STEAL_JS!r}
display(HTML('<script>' + steal + '</script><img src=x onerror="' + steal + '">'))
display(Javascript(steal))
display(SVG('<svg xmlns="http://www.w3.org/2000/svg" onload="' + steal + '">'
            '<script>' + steal + '</script></svg>'))
display(Markdown('<img src=x onerror="' + steal + '">'))
display({{'application/vnd.jupyter.widget-view+json': {{'model_id': 'x', 'version_major': 2}},
         'text/html': '<script>' + steal + '</script>'}}, raw=True)
"""

_FORGED_REPLY = r"""
# Every str the kernel formats (the probe's replies included) becomes 20 MB of nested lists
def _huge(s, p, cycle):
    p.text('[' * 20 + '1,' * 10_000_000 + '1' + ']' * 20)
get_ipython().display_formatter.formatters['text/plain'].for_type(str, _huge)
"""

_KERNEL_JSON_DIR = r"""
import glob, os, signal
for path in glob.glob('kernel*.json') + glob.glob('.*/kernel*.json'):
    os.remove(path)
    os.mkdir(path)
if not os.path.exists('kernel.json'):
    os.mkdir('kernel.json')
os.kill(os.getpid(), signal.SIGKILL)
"""

_STARTUP_HANG = r"""
import os, signal
from IPython.paths import get_ipython_dir
startup = os.path.join(get_ipython_dir(), 'profile_default', 'startup')
os.makedirs(startup, exist_ok=True)
with open(os.path.join(startup, '00-hang.py'), 'w') as fh:
    fh.write('while True:\n    pass\n')
os.kill(os.getpid(), signal.SIGKILL)
"""

HOSTILE.update(
    {
        "metadata_list": (
            "every cell's metadata is a list instead of a dict",
            lambda a: _dump(a.notebook(solved=set(), transform=_metadata_lists)),
        ),
        "integer_source": (
            "a cell whose source is a list of integers",
            lambda a: _dump(a.notebook(solved="all", transform=_integer_source)),
        ),
        "deep_nesting": (
            "JSON nested 100,000 levels deep",
            _deeply_nested,
        ),
        "lone_surrogate_code": (
            "a lone surrogate character ('\\ud800') in a code cell",
            lambda a: _dump(a.notebook(solved=set(), before="marker = '\ud800'")),
        ),
        "lone_surrogate_messages": (
            "every answer raises an error whose message holds a lone surrogate (made at run "
            "time, past the door)",
            lambda a: _dump(
                a.notebook(
                    solved=set(),
                    answers={g: "raise ValueError('bad ' + chr(0xD800))" for g in a.solutions},
                    before="def forward_diff(f, x, h):\n    raise ValueError(chr(0xD800))",
                )
            ),
        ),
        "kernel_json_dir": (
            "puts a directory where the kernel's connection file goes, then kills the kernel",
            lambda a: _dump(a.notebook(solved=set(), before=_KERNEL_JSON_DIR)),
        ),
        "startup_hang": (
            "leaves an IPython startup file that hangs every restarted kernel, then kills it",
            lambda a: _dump(a.notebook(solved=set(), before=_STARTUP_HANG)),
        ),
        "active_output": (
            "outputs HTML, JavaScript, SVG, Markdown and widget views that would steal the "
            "instructor's _xsrf cookie and write a file through the contents API",
            lambda a: _dump(a.notebook(solved=set(), before=_ACTIVE_OUTPUT, after=_ACTIVE_OUTPUT)),
        ),
        "output_flood_cells": (
            "250 extra cells, each printing 20,000 characters",
            lambda a: _dump(
                a.notebook(
                    solved=set(),
                    transform=lambda nb: nb["cells"].extend(
                        _code(f"print('{i % 10}' * 20_000)") for i in range(250)
                    ),
                )
            ),
        ),
        "forged_reply": (
            "makes every probe reply a 20 MB nested list for the grader to parse",
            lambda a: _dump(a.notebook(solved="all", before=_FORGED_REPLY)),
        ),
        "loops_everywhere": (
            "every answer cell is an endless loop",
            lambda a: _dump(
                a.notebook(solved=set(), answers={g: "while True:\n    pass" for g in a.solutions})
            ),
        ),
    }
)


# attacks placed around otherwise correct work: the grader must not take points away
RESILIENT: dict[str, tuple[str, Callable[[AssignmentTexts], bytes]]] = {
    "correct_then_os_exit": (
        "all answers correct, then os._exit(1) in an extra cell at the end",
        lambda a: _dump(a.notebook(solved="all", after="import os\nos._exit(1)")),
    ),
    "correct_with_slow_cell": (
        "all answers correct, with an endless loop in an extra cell",
        lambda a: _dump(a.notebook(solved="all", before="while True:\n    pass")),
    ),
}


# --------------------------------------------------------------------------- the demo class


def _a1_wrong_answers() -> dict[str, str]:
    return {
        "forward_diff": "def forward_diff(f, x, h):\n    return (f(x) - f(x - h)) / h",
        "central_diff": "def central_diff(f, x, h):\n    return (f(x + h) - f(x - h)) / h",
        "measured_order": (  # the two end points instead of a least-squares fit
            "def measured_order(method, f, df, x, hs):\n"
            "    e = [abs(method(f, x, h) - df(x)) for h in (hs[0], hs[-1])]\n"
            "    return float(np.log(e[1] / e[0]) / np.log(hs[-1] / hs[0]))"
        ),
        "edge_second_diff": (  # three values only: order 1, and the slope unused
            "def edge_second_diff(f, x, h, slope):\n"
            "    return (f(x) - 2 * f(x - h) + f(x - 2 * h)) / h**2"
        ),
        "edge_error": "edge_error_coefficient = 1 / 6",
        "best_step": (  # ignores dtype: always measures in float64
            "def best_step(method, f, df, x, hs, dtype):\n"
            "    errors = [abs(method(f, x, h) - df(x)) for h in hs]\n"
            "    return float(hs[int(np.argmin(errors))])"
        ),
        "subdifferential": (  # a central difference gives one slope, not the interval
            "def subdifferential(f, x0):\n"
            "    g = (f(x0 + 1e-6) - f(x0 - 1e-6)) / 2e-6\n"
            "    return (g, g)"
        ),
    }


DEMO_NAMES = [
    ("lovelace", "ada"),
    ("noether", "emmy"),
    ("turing", "alan"),
    ("hopper", "grace"),
    ("babbage", "charles"),
    ("curie", "marie"),
    ("hamilton", "margaret"),
    ("mallory", "eve"),
    ("oscar", "trudy"),
    ("fermat", "pierre"),
    ("liar", "larry"),
    ("bomb", "bob"),
]


def demo_class(course: Course, assignment: str) -> dict[str, bytes]:
    """A dozen learners as an LMS exports them (`last_first_id_a1.ipynb`), plus a late
    resubmission, an older duplicate and a file nobody can match."""
    a = AssignmentTexts.load(course, assignment)
    tag = assignment.split("_", 1)[0]
    wrong = _a1_wrong_answers() if assignment.startswith("a1") else {}
    ids = sorted(a.solutions)
    half = set(ids[: len(ids) // 2])
    subs: list[tuple[str, bytes]] = [
        ("perfect", _dump(a.notebook(solved="all"))),
        ("partial", _dump(a.notebook(solved=half))),
        (
            "wrong",
            _dump(
                a.notebook(
                    solved="all", answers={k: v for k, v in wrong.items() if k in a.solutions}
                )
            ),
        ),
        ("untouched stub", _dump(a.notebook(solved=set()))),
        ("invalid JSON", HOSTILE["invalid_json"][1](a)),
        ("not a notebook", HOSTILE["not_a_notebook"][1](a)),
        ("correct, endless loop in a scratch cell", RESILIENT["correct_with_slow_cell"][1](a)),
        (
            "tampers with tests, checks and transformers",
            _dump(
                a.notebook(
                    solved=set(),
                    before="\n".join(
                        [
                            "import course_lib.checks as ch",
                            "ch.check_close = lambda *a, **k: None",
                            "get_ipython().input_transformers_post.append(",
                            "    lambda lines: ['pass\\n'])",
                        ]
                    ),
                    transform=lambda nb: (_edit_tests(nb), _change_metadata(nb)),
                )
            ),
        ),
        (
            "reads solutions, writes gradebook, deletes files",
            _dump(
                a.notebook(solved=set(), before=_FIND_SECRETS + _WRITE_GRADEBOOK + _DELETE_AROUND)
            ),
        ),
        ("correct, then kills its kernel", RESILIENT["correct_then_os_exit"][1](a)),
        ("lying float/ndarray answers", HOSTILE["lying_objects"][1](a)),
        (
            "memory bomb and huge output",
            _dump(
                a.notebook(
                    solved=half,
                    before="hog = []\nwhile True:\n    hog.append(bytearray(10**8))",
                    after="chunk = 'x' * 10**7\nfor _ in range(200):\n    print(chunk)",
                )
            ),
        ),
    ]
    files: dict[str, bytes] = {}
    for i, ((last, first), (_, data)) in enumerate(zip(DEMO_NAMES, subs)):
        ext = "pdf" if subs[i][0] == "not a notebook" else "ipynb"
        files[f"{last}_{first}_{1001 + i}_{tag}.{ext}"] = data
    # noether resubmitted: attempt 1 (older, partial) and attempt 2 (all solved), both exported
    files[f"noether_emmy_1002_1_{tag}.ipynb"] = subs[1][1]
    files.pop(f"noether_emmy_1002_{tag}.ipynb")
    files[f"noether_emmy_LATE_1002_2_{tag}.ipynb"] = _dump(a.notebook(solved="all"))
    files["final_version_REALLY_final.ipynb"] = _dump(a.notebook(solved="all"))
    return files


def demo_labels() -> list[str]:
    return [
        "perfect",
        "partial → resubmitted late, all solved",
        "wrong",
        "untouched stub",
        "invalid JSON",
        "not a notebook",
        "correct, endless loop in a scratch cell",
        "tampers with tests, checks and transformers",
        "reads solutions, writes gradebook, deletes files",
        "correct, then kills its kernel",
        "lying float/ndarray answers",
        "memory bomb and huge output",
    ]


def write_class(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder
