"""Checks that assignment test cells call: failures that explain themselves.

Every check either returns quietly (after printing a one-line tick for the learner) or raises
`CheckFailed`, whose message says what was checked, what was expected, what came back, a hint
and which lesson to reread. `Rubric` splits a test cell's points into weighted parts, so a cell
can give partial credit together with its explanation (`PartialCredit`).

The same test cell runs in two places: in the learner's kernel (real objects) and, at grading
time, in the grader's own process where learner names are proxies (`course_grader.remote`).
The checks therefore turn whatever they receive into plain numbers first (`as_array`,
`as_float`), and never trust an object's own `__eq__` or arithmetic.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "CheckFailed",
    "PartialCredit",
    "Rubric",
    "as_array",
    "as_float",
    "check_between",
    "check_close",
    "check_equal",
    "check_raises",
    "check_shape",
    "check_source_avoids",
    "check_true",
    "fn",
    "install_notebook_messages",
    "missing_name_message",
    "not_written_message",
    "notebook_function",
    "seeded_rng",
    "type_name",
]

# Set by the grader while it runs a test cell: the learner's own cell sources, by grade id.
SUBMISSION_SOURCES: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "SUBMISSION_SOURCES", default=None
)
# Set by the grader: False silences the learner-facing ticks (nobody reads them there).
QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("QUIET", default=False)


# --------------------------------------------------------------------------- failures


class CheckFailed(AssertionError):
    """A check did not pass. The message is the whole explanation; no traceback is shown."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"\x1b[31m{type(self).__name__}\x1b[0m", *self.message.splitlines()]


class PartialCredit(CheckFailed):
    """Some parts of a `Rubric` passed: `fraction` of the cell's points are earned."""

    def __init__(self, fraction: float, message: str):
        super().__init__(message)
        self.fraction = float(fraction)


def _explain(
    name: str,
    problem: str,
    *,
    expected: str | None = None,
    got: str | None = None,
    hint: str | None = None,
    lesson: str | None = None,
) -> str:
    lines = [f"✗ {name}: {problem}"]
    if expected is not None:
        lines.append(f"  expected: {expected}")
    if got is not None:
        lines.append(f"  got:      {got}")
    if hint:
        lines.append(f"  hint:     {hint}")
    if lesson:
        lines.append(f"  reread:   {lesson}")
    return "\n".join(lines)


def _passed(name: str) -> None:
    if not QUIET.get():
        print(f"✓ {name}")


# --------------------------------------------------------------------------- plain values


def _from_proxy(x):
    """A grading proxy converts itself (in the learner's kernel) to plain data."""
    plain = getattr(type(x), "__grader_plain__", None)
    return plain(x) if plain is not None else x


def _looks_like_tensor(x) -> bool:
    return hasattr(x, "detach") and hasattr(x, "numpy") and hasattr(x, "requires_grad")


def as_array(x, *, name: str = "value") -> np.ndarray:
    """`x` (number, list, ndarray, course_lib Tensor or proxy) as a plain float/int ndarray.

    Builds a fresh array from the numbers only, so an ndarray subclass with lying operators
    or a float subclass with a lying `__eq__` is reduced to the numbers it actually holds.
    """
    x = _from_proxy(x)
    if _looks_like_tensor(x):
        x = x.detach().numpy()
    try:
        arr = np.array(x, copy=True)
    except Exception as err:  # noqa: BLE001 - any conversion failure is explained the same way
        raise CheckFailed(
            _explain(name, "could not be read as numbers", got=f"{type_name(x)}: {err}")
        ) from None
    if arr.dtype == object:
        try:
            arr = np.array(arr.tolist(), dtype=np.float64)
        except Exception:  # noqa: BLE001
            raise CheckFailed(_explain(name, "is not made of numbers", got=_short(x))) from None
    if arr.dtype.kind not in "biuf":
        if arr.dtype.kind == "c":
            raise CheckFailed(
                _explain(name, "is complex; a real number was expected", got=_short(x))
            )
        raise CheckFailed(_explain(name, "is not a number or an array of numbers", got=_short(x)))
    return np.asarray(arr).view(np.ndarray)


def as_float(x, *, name: str = "value") -> float:
    """`x` as a plain Python float (a 1-element array or tensor is accepted)."""
    arr = as_array(x, name=name)
    if arr.size != 1:
        raise CheckFailed(
            _explain(name, "should be a single number", got=f"an array of shape {arr.shape}")
        )
    return float(arr.reshape(()).item())


def type_name(x) -> str:
    """The class name of `x` (works on grading proxies, where isinstance cannot)."""
    remote = getattr(type(x), "__grader_type_name__", None)
    return remote(x) if remote is not None else type(x).__name__


def _short(x, limit: int = 300) -> str:
    try:
        if isinstance(x, np.ndarray):
            text = np.array2string(x, precision=8, threshold=20, edgeitems=3)
            text = f"{text} (shape {x.shape})" if x.ndim > 0 else text
        elif isinstance(x, float):
            text = repr(x)
        else:
            text = repr(x)
    except Exception:  # noqa: BLE001 - repr of learner objects may fail; say what it is
        text = f"<{type_name(x)}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- checks


def check_close(
    got,
    expected,
    *,
    rtol: float = 1e-7,
    atol: float = 0.0,
    name: str = "value",
    hint: str | None = None,
    lesson: str | None = None,
) -> None:
    """`got` equals `expected` to `rtol`/`atol` (numbers, arrays, tensors; same shape)."""
    exp = as_array(expected, name=f"expected value for {name}").astype(np.float64)
    g = as_array(got, name=name)
    tol = f"rtol {rtol:g}" + (f", atol {atol:g}" if atol else "")
    if g.shape != exp.shape:
        if g.size == 1 and exp.size == 1:
            g = g.reshape(exp.shape)
        else:
            raise CheckFailed(
                _explain(
                    name,
                    "has the wrong shape",
                    expected=f"shape {exp.shape}",
                    got=f"shape {g.shape}",
                    hint=hint,
                    lesson=lesson,
                )
            )
    g = g.astype(np.float64)
    if np.isnan(g).any() and not np.isnan(exp).any():
        raise CheckFailed(
            _explain(
                name, "contains NaN", expected=_short(exp), got=_short(g), hint=hint, lesson=lesson
            )
        )
    if not np.allclose(g, exp, rtol=rtol, atol=atol, equal_nan=True):
        if g.ndim == 0:
            err = abs(float(g) - float(exp))
            rel = err / abs(float(exp)) if float(exp) != 0 else math.inf
            got_text = f"{_short(float(g))} (off by {err:.3g}, relative {rel:.3g})"
        else:
            diff = np.abs(g - exp)
            worst = np.unravel_index(int(np.nanargmax(diff)), diff.shape)
            got_text = (
                f"{_short(g)}; worst at index {tuple(int(i) for i in worst)}: "
                f"{g[worst]!r} vs {exp[worst]!r}"
            )
        raise CheckFailed(
            _explain(
                name,
                "is not close enough",
                expected=f"{_short(exp if exp.ndim else float(exp))} ({tol})",
                got=got_text,
                hint=hint,
                lesson=lesson,
            )
        )
    _passed(name)


def _plain_exact(x):
    x = _from_proxy(x)
    if _looks_like_tensor(x):
        return x.detach().numpy().tolist()
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, (list, tuple)):
        return type(x)(_plain_exact(v) for v in x) if type(x) in (list, tuple) else list(x)
    if isinstance(x, bool):
        return bool(x)
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        return float(x)
    if isinstance(x, str):
        return str(x)
    return x


def check_equal(
    got,
    expected,
    *,
    name: str = "value",
    hint: str | None = None,
    lesson: str | None = None,
) -> None:
    """`got == expected` exactly, compared as plain Python data (ints, strings, tuples, lists)."""
    g, e = _plain_exact(got), _plain_exact(expected)
    same = type(g) is type(e) and g == e
    if not same and isinstance(e, (int, float)) and not isinstance(e, bool):
        same = isinstance(g, (int, float)) and not isinstance(g, bool) and g == e
    if not same and isinstance(e, tuple) and isinstance(g, list):
        same = tuple(g) == e
    if not same:
        raise CheckFailed(
            _explain(
                name,
                "is not what was expected",
                expected=_short(e),
                got=_short(g),
                hint=hint,
                lesson=lesson,
            )
        )
    _passed(name)


def check_shape(
    got,
    shape: Sequence[int],
    *,
    name: str = "value",
    hint: str | None = None,
    lesson: str | None = None,
) -> None:
    """`got` (array, tensor, proxy, or a shape tuple itself) has exactly `shape`."""
    expected = tuple(int(s) for s in shape)
    raw = _from_proxy(got)
    if isinstance(raw, (tuple, list)) and all(
        isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in raw
    ):
        actual = tuple(int(s) for s in raw)
    else:
        actual = as_array(raw, name=name).shape
    if actual != expected:
        raise CheckFailed(
            _explain(
                name,
                "has the wrong shape",
                expected=str(expected),
                got=str(actual),
                hint=hint,
                lesson=lesson,
            )
        )
    _passed(f"{name} has shape {expected}")


def check_true(
    condition,
    name: str,
    *,
    got=None,
    hint: str | None = None,
    lesson: str | None = None,
) -> None:
    """A condition the test computed itself holds; `name` says what it means in words."""
    value = _plain_exact(condition)
    if isinstance(value, (np.bool_,)):
        value = bool(value)
    if value is not True:
        raise CheckFailed(
            _explain(
                name,
                "does not hold",
                got=None if got is None else _short(_plain_exact(got)),
                hint=hint,
                lesson=lesson,
            )
        )
    _passed(name)


def check_between(
    got,
    low: float,
    high: float,
    *,
    name: str = "value",
    hint: str | None = None,
    lesson: str | None = None,
) -> None:
    """`low <= got <= high` for a single number."""
    value = as_float(got, name=name)
    if not (low <= value <= high):
        raise CheckFailed(
            _explain(
                name,
                "is out of range",
                expected=f"between {low:g} and {high:g}",
                got=_short(value),
                hint=hint,
                lesson=lesson,
            )
        )
    _passed(name)


def check_raises(
    func: Callable,
    *args,
    exception: str = "Exception",
    name: str = "call",
    hint: str | None = None,
    lesson: str | None = None,
    **kwargs,
) -> None:
    """Calling `func(*args, **kwargs)` raises `exception` (a class name, matched on the MRO)."""
    try:
        func(*args, **kwargs)
    except CheckFailed:
        raise
    except Exception as err:  # noqa: BLE001 - we inspect which exception it was
        names = getattr(err, "remote_mro", None) or [c.__name__ for c in type(err).__mro__]
        if exception in names:
            _passed(f"{name} raises {exception}")
            return
        raise CheckFailed(
            _explain(
                name,
                f"should raise {exception}",
                expected=exception,
                got=f"{names[0]}: {err}",
                hint=hint,
                lesson=lesson,
            )
        ) from None
    raise CheckFailed(
        _explain(
            name,
            f"should raise {exception}",
            expected=exception,
            got="no exception",
            hint=hint,
            lesson=lesson,
        )
    )


_SNEAKY = ("__import__", "importlib", "sys.modules", "exec(", "eval(", "compile(", "globals()")


def _strip_comments(source: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in source.splitlines())


def _learner_sources() -> dict[str, str]:
    sources = SUBMISSION_SOURCES.get()
    if sources is not None:
        return sources
    try:  # in the learner's kernel: everything they have run so far
        ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821
        return {"history": "\n".join(ip.user_ns.get("In", []))}
    except NameError:
        return {}


def check_source_avoids(
    forbidden: Sequence[str],
    *,
    grade_ids: Sequence[str] | None = None,
    name: str = "your code",
    hint: str | None = None,
    lesson: str | None = None,
) -> None:
    """The learner's own cells never mention a forbidden module or name.

    Used by hidden tests where the task is to write something a library already does (e.g. an
    autodiff engine without `course_lib`). Dynamic imports (`__import__`, `importlib`, `exec`)
    count as forbidden too, since they are the way around a plain text check.
    """
    sources = _learner_sources()
    if grade_ids is not None:
        sources = {k: v for k, v in sources.items() if k in set(grade_ids)}
    found: list[str] = []
    for cell_id, source in sources.items():
        text = _strip_comments(source)
        for word in forbidden:
            if re.search(rf"(?<![\w.]){re.escape(word)}\b", text):
                found.append(f"`{word}` in {cell_id}")
        for sneaky in _SNEAKY:
            if sneaky in text:
                found.append(f"`{sneaky.rstrip('(')}` in {cell_id}")
    if found:
        raise CheckFailed(
            _explain(
                name,
                "uses something this task asks you to write yourself",
                got=", ".join(sorted(set(found))),
                hint=hint,
                lesson=lesson,
            )
        )
    _passed(f"{name} is your own")


# --------------------------------------------------------------------------- partial credit


@dataclass
class _Part:
    weight: float
    what: str
    passed: bool = False
    message: str = ""


@dataclass
class Rubric:
    """Weighted parts of one test cell; `finish()` reports the fraction earned.

    >>> rubric = Rubric()
    >>> with rubric.part(1, "first part"):
    ...     check_true(True, "it holds")
    >>> rubric.finish()
    """

    parts: list[_Part] = field(default_factory=list)

    @contextlib.contextmanager
    def part(self, weight: float, what: str) -> Iterator[None]:
        entry = _Part(float(weight), what)
        self.parts.append(entry)
        try:
            yield
        except CheckFailed as err:
            entry.message = err.message
        except NameError as err:
            name = getattr(err, "name", None) or str(err)
            entry.message = f"✗ {what}: {missing_name_message(name)}"
        except Exception as err:  # noqa: BLE001 - learner code may raise anything; explain it
            stub = _stub_name(err)
            if stub is not None:
                entry.message = f"✗ {what}: {not_written_message(stub)}"
                return
            kind = err.remote_mro[0] if hasattr(err, "remote_mro") else type(err).__name__
            entry.message = f"✗ {what}: {kind}: {err}"
        else:
            entry.passed = True

    @property
    def fraction(self) -> float:
        total = sum(p.weight for p in self.parts)
        if total <= 0:
            return 0.0
        return sum(p.weight for p in self.parts if p.passed) / total

    def finish(self) -> None:
        if not self.parts:
            raise CheckFailed("✗ rubric: no parts were checked (test cell bug)")
        total = sum(p.weight for p in self.parts)
        if all(p.passed for p in self.parts):
            _passed(f"all {len(self.parts)} parts")
            return
        lines = [f"partial credit: {self.fraction:.0%} of this cell's points"]
        for p in self.parts:
            mark = "✓" if p.passed else "✗"
            lines.append(f"{mark} [{p.weight:g}/{total:g}] {p.what}")
            if not p.passed and p.message:
                lines.extend("    " + line for line in p.message.splitlines())
        raise PartialCredit(self.fraction, "\n".join(lines))


# --------------------------------------------------------------------------- test inputs


class PortableFunction:
    """A small function given by its source text, callable both in the learner's kernel and,
    when passed to a learner function during grading, rebuilt there from the same text."""

    def __init__(self, source: str):
        self.source = source
        self._func = eval(source, {"np": np, "math": math})  # noqa: S307 - instructor-written

    def __call__(self, *args, **kwargs):
        return self._func(*args, **kwargs)

    def __repr__(self) -> str:
        return f"fn({self.source!r})"

    def __grader_ref__(self) -> dict:
        return {"__src__": self.source}


def fn(source: str) -> PortableFunction:
    """`fn("lambda x: x**3 - 2*x")`: a test function that can cross into the learner's kernel."""
    return PortableFunction(source)


def seeded_rng(k: int = 0) -> np.random.Generator:
    """A reproducible random generator for test inputs (same numbers in every run)."""
    return np.random.default_rng(20240 + int(k))


# --------------------------------------------------------------------------- notebook code

# Set by the grader: the bridge to the learner's kernel (a remote.RemoteSession).
NOTEBOOK_BRIDGE: contextvars.ContextVar = contextvars.ContextVar("NOTEBOOK_BRIDGE", default=None)


def notebook_function(source: str):
    """Define a helper *inside the learner's notebook* and return it.

    For work that needs many steps on learner objects (a deep chain of `Value`s, a training
    loop), one call into the notebook is much faster than many small ones. The helper sees the
    learner's names; it should return plain numbers, which the test then checks.
    """
    bridge = NOTEBOOK_BRIDGE.get()
    if bridge is not None:
        return bridge.define(source)
    import ast

    names = [
        n.name for n in ast.parse(source).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
    ]
    if not names:
        raise ValueError("notebook_function needs a `def`")
    try:
        ns = get_ipython().user_ns  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        import inspect

        ns = inspect.currentframe().f_back.f_globals
    exec(source, ns)  # noqa: S102 - instructor-written test helper
    return ns[names[0]]


# --------------------------------------------------------------------------- missing answers
#
# A learner who runs a test cell before answering should read the same one line the grader
# writes, not a NameError or a bare `NotImplementedError` traceback from nbgrader's stub.


def missing_name_message(name: str) -> str:
    """What the learner reads when a test needs `name` and their notebook does not define it."""
    return (f"`{name}` is not defined in your notebook: check the spelling asked for, and "
            "that the cell defining it runs without errors")  # the grader's words (engine.py)


def not_written_message(name: str | None) -> str:
    """What the learner reads when a test calls an answer that is still nbgrader's stub."""
    if not name:
        return ("this answer is not written yet: replace `raise NotImplementedError()` in its "
                "cell with your code")
    return (f"{name} is not written yet (NotImplementedError): replace "
            f"`raise NotImplementedError()` in its cell with your code")


def _stub_name(err: BaseException) -> str | None:
    """The function name behind a stub's bare NotImplementedError (raised in the learner's
    kernel, or reported from there by the grader), else None."""
    remote = getattr(err, "remote_mro", None)
    if remote is not None:
        if remote[0] != "NotImplementedError" or getattr(err, "remote_message", "x"):
            return None
        return str(err).split(" raised ", 1)[0]
    if type(err) is not NotImplementedError or err.args:
        return None
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_name if tb is not None else ""


def _innermost_code(tb):
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code if tb is not None else None


def _notebook_error_handler(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: one line for a missing answer, else the traceback.

    Shown through the shell's `_showtraceback`, as IPython shows every error: in a kernel the
    line becomes the cell's error output (and the reply's traceback)."""
    code = _innermost_code(tb)
    line = None
    if issubclass(etype, NameError) and code is not None and code.co_name == "<module>":
        line = missing_name_message(getattr(value, "name", None) or str(value))
    elif etype is NotImplementedError and not value.args and code is not None:
        line = not_written_message("" if code.co_name == "<module>" else code.co_name)
    if line is None:  # any other error: the usual traceback
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
    else:  # IPython discards the handler's return value: show the line as the cell's error
        shell._showtraceback(etype, value, [f"\x1b[31m✗\x1b[0m {line}"])
    return None


def install_notebook_messages() -> bool:
    """In IPython (a notebook kernel), show a missing answer as one line, the way the grader
    reports it: a name a cell uses at its top level but nobody defined yet, and nbgrader's stub
    `raise NotImplementedError()`. Any other error keeps its usual traceback. Called when this
    module is imported; returns whether a shell was found."""
    import builtins

    get_ipython = getattr(builtins, "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc((NameError, NotImplementedError), _notebook_error_handler)
    return True


install_notebook_messages()
