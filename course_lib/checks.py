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

import ast
import contextlib
import contextvars
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from course_lib.i18n import say

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

# --------------------------------------------------------------------------- messages

# What a learner reads from a check, per language (course_lib.i18n): the frame of a failure,
# the problems, partial credit, ticks and the missing-answer lines. Names, hints and values come
# from the test cell; a `lesson="Lesson 3 §2"` reference is shown with the "lesson" pattern.
MESSAGES = {
    "en": {
        "failed": "✗ {name}: {problem}",
        "expected": "  expected: {text}",
        "got": "  got:      {text}",
        "hint": "  hint:     {text}",
        "reread": "  reread:   {text}",
        "lesson": "Lesson {n}",
        "unreadable": "could not be read as numbers",
        "not_made_of_numbers": "is not made of numbers",
        "complex": "is complex; a real number was expected",
        "not_numbers": "is not a number or an array of numbers",
        "not_single": "should be a single number",
        "array_of_shape": "an array of shape {shape}",
        "expected_value_for": "expected value for {name}",
        "wrong_shape": "has the wrong shape",
        "shape": "shape {shape}",
        "contains_nan": "contains NaN",
        "not_close": "is not close enough",
        "within": "{value} ({tol})",
        "off_by": "{got} (off by {err:.3g}, relative {rel:.3g})",
        "worst_at": "{got}; worst at index {index}: {mine} vs {theirs}",
        "not_expected": "is not what was expected",
        "does_not_hold": "does not hold",
        "out_of_range": "is out of range",
        "between": "between {low:g} and {high:g}",
        "should_raise": "should raise {exception}",
        "no_exception": "no exception",
        "has_shape": "{name} has shape {shape}",
        "raises": "{name} raises {exception}",
        "all_parts": "all {count} parts",
        "partial": "partial credit: {fraction:.0%} of this cell's points",
        "no_parts": "✗ rubric: no parts were checked (test cell bug)",
        "part_failed": "✗ {what}: {text}",
        "missing_name": "`{name}` is not defined in your notebook: check the spelling asked "
                        "for, and that the cell defining it runs without errors",
        "stub": "{name} is not written yet (NotImplementedError): replace "
                "`raise NotImplementedError()` in its cell with your code",
        "stub_cell": "this answer is not written yet: replace `raise NotImplementedError()` in "
                     "its cell with your code",
    },
    "zh": {
        "failed": "✗ {name}：{problem}",
        "expected": "  期望：{text}",
        "got": "  得到：{text}",
        "hint": "  提示：{text}",
        "reread": "  复习：{text}",
        "lesson": "第 {n} 课",
        "unreadable": "无法读成数值",
        "not_made_of_numbers": "不是由数值组成的",
        "complex": "是复数；这里需要一个实数",
        "not_numbers": "不是数值，也不是数值数组",
        "not_single": "应当是单个数值",
        "array_of_shape": "形状为 {shape} 的数组",
        "expected_value_for": "{name} 的期望值",
        "wrong_shape": "形状不对",
        "shape": "形状 {shape}",
        "contains_nan": "含有 NaN",
        "not_close": "不够接近期望值",
        "within": "{value}（{tol}）",
        "off_by": "{got}（相差 {err:.3g}，相对误差 {rel:.3g}）",
        "worst_at": "{got}；相差最大的在下标 {index}：{mine}，期望 {theirs}",
        "not_expected": "与期望不符",
        "does_not_hold": "不成立",
        "out_of_range": "超出范围",
        "between": "介于 {low:g} 和 {high:g} 之间",
        "should_raise": "应当抛出 {exception}",
        "no_exception": "没有抛出异常",
        "has_shape": "{name} 的形状是 {shape}",
        "raises": "{name} 抛出了 {exception}",
        "all_parts": "全部 {count} 个部分",
        "partial": "部分得分：本单元格分值的 {fraction:.0%}",
        "no_parts": "✗ rubric：没有检查任何部分（测试单元格有误）",
        "part_failed": "✗ {what}：{text}",
        "missing_name": "你的笔记本里没有定义 `{name}`：检查名字是否与题目要求的拼写一致，"
                        "以及定义它的单元格能否无错误地运行",
        "stub": "{name} 还没有写（NotImplementedError）：把它所在单元格里的 "
                "`raise NotImplementedError()` 换成你的代码",
        "stub_cell": "这个答案还没有写：把它所在单元格里的 `raise NotImplementedError()` "
                     "换成你的代码",
    },
}


def _say(key: str, **fields) -> str:
    return say(MESSAGES, key, **fields)


def _lesson(reference: str) -> str:
    """`Lesson 3 §2` in the learner's language ("第 3 课 §2"): the pattern, not each call."""
    return re.sub(r"\bLesson (\d+)", lambda m: _say("lesson", n=m.group(1)), reference)


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
    lines = [_say("failed", name=name, problem=problem)]
    if expected is not None:
        lines.append(_say("expected", text=expected))
    if got is not None:
        lines.append(_say("got", text=got))
    if hint:
        lines.append(_say("hint", text=hint))
    if lesson:
        lines.append(_say("reread", text=_lesson(lesson)))
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
            _explain(name, _say("unreadable"), got=f"{type_name(x)}: {err}")
        ) from None
    if arr.dtype == object:
        try:
            arr = np.array(arr.tolist(), dtype=np.float64)
        except Exception:  # noqa: BLE001
            raise CheckFailed(_explain(name, _say("not_made_of_numbers"), got=_short(x))) from None
    if arr.dtype.kind not in "biuf":
        if arr.dtype.kind == "c":
            raise CheckFailed(
                _explain(name, _say("complex"), got=_short(x))
            )
        raise CheckFailed(_explain(name, _say("not_numbers"), got=_short(x)))
    return np.asarray(arr).view(np.ndarray)


def as_float(x, *, name: str = "value") -> float:
    """`x` as a plain Python float (a 1-element array or tensor is accepted)."""
    arr = as_array(x, name=name)
    if arr.size != 1:
        raise CheckFailed(
            _explain(name, _say("not_single"), got=_say("array_of_shape", shape=arr.shape))
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
    exp = as_array(expected, name=_say("expected_value_for", name=name)).astype(np.float64)
    g = as_array(got, name=name)
    tol = f"rtol {rtol:g}" + (f", atol {atol:g}" if atol else "")
    if g.shape != exp.shape:
        if g.size == 1 and exp.size == 1:
            g = g.reshape(exp.shape)
        else:
            raise CheckFailed(
                _explain(
                    name,
                    _say("wrong_shape"),
                    expected=_say("shape", shape=exp.shape),
                    got=_say("shape", shape=g.shape),
                    hint=hint,
                    lesson=lesson,
                )
            )
    g = g.astype(np.float64)
    if np.isnan(g).any() and not np.isnan(exp).any():
        raise CheckFailed(
            _explain(
                name, _say("contains_nan"), expected=_short(exp), got=_short(g), hint=hint,
                lesson=lesson,
            )
        )
    if not np.allclose(g, exp, rtol=rtol, atol=atol, equal_nan=True):
        if g.ndim == 0:
            err = abs(float(g) - float(exp))
            rel = err / abs(float(exp)) if float(exp) != 0 else math.inf
            got_text = _say("off_by", got=_short(float(g)), err=err, rel=rel)
        else:
            diff = np.abs(g - exp)
            worst = np.unravel_index(int(np.nanargmax(diff)), diff.shape)
            got_text = _say("worst_at", got=_short(g), index=tuple(int(i) for i in worst),
                            mine=repr(g[worst]), theirs=repr(exp[worst]))
        raise CheckFailed(
            _explain(
                name,
                _say("not_close"),
                expected=_say("within", value=_short(exp if exp.ndim else float(exp)), tol=tol),
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
                _say("not_expected"),
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
                _say("wrong_shape"),
                expected=str(expected),
                got=str(actual),
                hint=hint,
                lesson=lesson,
            )
        )
    _passed(_say("has_shape", name=name, shape=expected))


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
                _say("does_not_hold"),
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
                _say("out_of_range"),
                expected=_say("between", low=low, high=high),
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
            _passed(_say("raises", name=name, exception=exception))
            return
        raise CheckFailed(
            _explain(
                name,
                _say("should_raise", exception=exception),
                expected=exception,
                got=f"{names[0]}: {err}",
                hint=hint,
                lesson=lesson,
            )
        ) from None
    raise CheckFailed(
        _explain(
            name,
            _say("should_raise", exception=exception),
            expected=exception,
            got=_say("no_exception"),
            hint=hint,
            lesson=lesson,
        )
    )


# --------------------------------------------------------------------------- "write it yourself"

# Ways to reach a module or a namespace without naming it in an import: flagged wherever they
# appear, since a static reading cannot know what they reach.
_DYNAMIC_CALLS = {"__import__", "exec", "eval", "compile", "globals", "vars", "locals",
                  "get_ipython", "breakpoint"}
_DYNAMIC_MODULES = {"importlib", "builtins", "pickle", "marshal", "ctypes", "imp", "runpy",
                    "pkgutil", "zipimport", "code", "codeop", "dill", "cloudpickle", "shelve",
                    "subprocess"}
_DYNAMIC_ATTRS = {"modules", "__subclasses__", "__globals__", "__builtins__", "__loader__",
                  "__spec__", "__import__", "f_globals", "f_locals", "f_back", "gi_frame",
                  "tb_frame", "__code__", "__closure__", "meta_path", "path_hooks"}
_DYNAMIC_NAMES = {"__builtins__", "__loader__", "__spec__", "_ih", "_oh", "Out", "In"}
# modules whose attributes a learner may look up by a computed name (getattr(math, "exp"))
_PLAIN_MODULES = {"math", "numpy", "np", "cmath", "operator", "random", "itertools",
                  "functools", "collections"}


@dataclass(frozen=True)
class Finding:
    """One place where a cell uses something a task asks the learner to write themselves."""

    cell: str
    line: int
    code: str  # the offending line, stripped
    what: str  # in words: "imports course_lib", "calls exec (runs code from a string)"

    def __str__(self) -> str:
        where = f"a cell you added ({self.cell})" if self.cell.startswith("extra") else self.cell
        return f"{where}, line {self.line}: `{self.code}` — {self.what}"


def _without_magics(source: str) -> tuple[str, list[tuple[int, str]]]:
    """The cell as plain Python (IPython `%magic` and `!shell` lines blanked) and those lines."""
    lines, magics = source.splitlines(), []
    if lines and lines[0].lstrip().startswith("%%"):  # a cell magic: the whole cell is its input
        return "", [(i + 1, ln) for i, ln in enumerate(lines)]
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("%", "!")):
            magics.append((i + 1, line))
            lines[i] = ""
    return "\n".join(lines), magics


def _module_matches(module: str, forbidden: Sequence[str], allow: Sequence[str]) -> str | None:
    """The forbidden module `module` is (or lies inside), unless `allow` covers it."""
    for a in allow:
        if module == a or module.startswith(a + "."):
            return None
    for f in forbidden:
        if module == f or module.startswith(f + "."):
            return f
    return None


class _Reader(ast.NodeVisitor):
    """Collects findings in one cell, plus the names it binds and loads (to link cells)."""

    def __init__(self, cell: str, lines: list[str], forbidden, names, allow):
        self.cell, self.lines = cell, lines
        self.forbidden, self.names, self.allow = tuple(forbidden), set(names), tuple(allow)
        self.findings: list[Finding] = []
        self.bound: set[str] = set()
        self.loaded: set[str] = set()
        self.modules: set[str] = set()  # names bound to an imported module
        self.top_bound: set[str] = set()  # names the cell defines for other cells
        self.patched: set[str] = set()  # names whose attributes the cell assigns (monkeypatch)

    @property
    def free(self) -> set[str]:
        """Names the cell uses without defining them: what it needs from other cells."""
        return self.loaded - self.bound - self.modules

    def flag(self, node: ast.AST, what: str) -> None:
        line = getattr(node, "lineno", 1)
        code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.findings.append(Finding(self.cell, line, code[:80], what))

    def _import(self, node, module: str, bound: str) -> None:
        hit = _module_matches(module, self.forbidden, self.allow)
        if hit:
            self.flag(node, f"imports {hit}")
        elif module.split(".")[0] in _DYNAMIC_MODULES:
            self.flag(node, f"imports {module.split('.')[0]} (a way to load code by a "
                            "computed name)")
        else:
            self.modules.add(bound)
            return
        self.modules.add(bound)
        self.top_bound.add(bound)  # a cell using this name depends on the forbidden import

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._import(node, alias.name, alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:  # a relative import: nothing of a library's
            return
        module = node.module or ""
        for alias in node.names:
            full = module if alias.name == "*" else f"{module}.{alias.name}"
            if any(m == a or m.startswith(a + ".") for a in self.allow for m in (module, full)):
                continue  # e.g. from course_lib.checks import *, from course_lib import checks
            self._import(node, full, alias.asname or alias.name)
            if alias.name in self.names:
                self.flag(node, f"uses {alias.name}")

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.loaded.add(node.id)
            if node.id in self.names and node.id not in self.bound:
                self.flag(node, f"uses {node.id}")
            if node.id in _DYNAMIC_NAMES:
                self.flag(node, f"reads {node.id} (the interpreter's own namespaces)")
        else:
            self.bound.add(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, (ast.Store, ast.Del)) and isinstance(node.value, ast.Name):
            self.patched.add(node.value.id)
        if node.attr in self.names:
            self.flag(node, f"uses .{node.attr}")
        if node.attr in _DYNAMIC_ATTRS:
            self.flag(node, f"reads .{node.attr} (a way around the import system)")
        self.generic_visit(node)

    def _define(self, node) -> None:
        self.bound.add(node.name)
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _define

    def visit_arg(self, node: ast.arg) -> None:
        self.bound.add(node.arg)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        callee = func.id if isinstance(func, ast.Name) else None
        if callee in _DYNAMIC_CALLS:
            self.flag(node, f"calls {callee} (runs or finds code by a computed name)")
        if callee in ("getattr", "setattr", "delattr", "hasattr") and len(node.args) >= 2:
            target, attr = node.args[0], node.args[1]
            literal = isinstance(attr, ast.Constant) and isinstance(attr.value, str)
            if literal and attr.value in self.names | _DYNAMIC_ATTRS:
                self.flag(node, f"uses .{attr.value} through {callee}")
            elif (not literal and isinstance(target, ast.Name) and target.id in self.modules
                  and target.id not in _PLAIN_MODULES):
                self.flag(node, f"looks up a computed name in the module {target.id}")
        if callee != "print":
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                self._module_string(arg)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self._module_string(node.slice)
        self.generic_visit(node)

    def _module_string(self, node) -> None:
        """A string naming a forbidden module, given to a call or an index (sys.modules[...])."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            hit = _module_matches(node.value.strip(), self.forbidden, self.allow)
            if hit:
                self.flag(node, f"names the module {hit} in code")


def _read_cell(cell: str, source: str, forbidden, names, allow) -> _Reader:
    text, magics = _without_magics(source)
    reader = _Reader(cell, source.splitlines(), forbidden, names, allow)
    for line, magic in magics:
        words = set(re.findall(r"[\w.]+", magic))
        hits = [f for f in forbidden if any(w == f or w.startswith(f + ".") for w in words)]
        if hits or re.match(r"\s*%+\s*(run|load|load_ext|aimport|autoreload)\b", magic):
            reader.findings.append(Finding(cell, line, magic.strip()[:80],
                                           "a magic or shell command that loads code"))
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return reader  # a cell that does not parse defines nothing when it runs either
    reader.visit(tree)
    for stmt in tree.body:  # what the cell defines at the top level, for other cells
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            reader.top_bound.add(stmt.name)
        elif not isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    reader.top_bound.add(node.id)
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                     ast.Lambda)):
                    break
    return reader


def _concerned(readers: dict[str, _Reader], grade_ids: Sequence[str]) -> list[str]:
    """The cells a test depends on: its answer cells, and every other cell they use a name of
    (a function, class or variable it defines, or a forbidden import it binds), or that patches
    an attribute of a name they define; transitively."""
    chosen = [g for g in grade_ids if g in readers]
    loaded = set().union(*(readers[g].free for g in chosen)) if chosen else set()
    bound = set().union(*(readers[g].top_bound for g in chosen)) if chosen else set()
    changed = True
    while changed:
        changed = False
        for key, r in readers.items():
            if key not in chosen and (r.top_bound & loaded or r.patched & bound):
                chosen.append(key)
                loaded |= r.free
                bound |= r.top_bound
                changed = True
    return chosen


def source_findings(
    forbidden: Sequence[str],
    sources: dict[str, str],
    *,
    grade_ids: Sequence[str] | None = None,
    names: Sequence[str] = (),
    allow: Sequence[str] = ("course_lib.checks", "course_lib.i18n"),
) -> list[Finding]:
    """Where the cells `sources` ({cell name: code}) import a `forbidden` module (or a module
    inside it), use one of `names` as code, or reach code by a computed name (`exec`,
    `__import__`, `importlib`, `sys.modules`, ...). Read through the AST: strings, comments
    and docstrings that merely mention a name are not findings. With `grade_ids`, only those
    cells and the learner-added cells they are linked to are read."""
    readers = {
        cell: _read_cell(cell, src, forbidden, names, allow)
        for cell, src in sources.items()
        if isinstance(src, str)
    }
    keys = list(readers) if grade_ids is None else _concerned(readers, grade_ids)
    return [f for key in keys for f in readers[key].findings]


def _learner_sources() -> dict[str, str]:
    sources = SUBMISSION_SOURCES.get()
    if sources is not None:
        return sources
    try:  # in the learner's kernel: everything they have run so far
        ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return {}
    history = [c for c in ip.user_ns.get("In", []) if isinstance(c, str)]
    return {f"cell [{i}]": src for i, src in enumerate(history) if src.strip()}


def check_source_avoids(
    forbidden: Sequence[str],
    *,
    grade_ids: Sequence[str] | None = None,
    names: Sequence[str] = (),
    allow: Sequence[str] = ("course_lib.checks", "course_lib.i18n"),
    name: str = "your code",
    hint: str | None = None,
    lesson: str | None = None,
) -> None:
    """The learner's cells do not import a `forbidden` module (nor load code by a computed name).

    For tasks that ask the learner to write what a library already does (an autodiff engine
    without `course_lib`). The code is read through its syntax tree: imports, attribute access,
    calls and names count; the words in strings, comments and docstrings do not. Pass the
    `grade_ids` of the answer cells the calling test depends on: cells the learner added count
    when they are linked to those by a name, so a finding costs only the tests it concerns.
    At grading time the grader provides the cells; in the learner's kernel every cell run so far
    is read (IPython's history). `allow` lists modules that stay usable (the checks themselves).

    This is the explanatory layer: it tells an honest learner early and says where. Where the
    rule matters, the assignment also runs in a kernel where the library cannot be imported.
    """
    sources = _learner_sources()
    in_kernel = SUBMISSION_SOURCES.get() is None
    findings = source_findings(
        forbidden, sources, grade_ids=None if in_kernel else grade_ids, names=names, allow=allow
    )
    if findings:
        shown = [str(f) for f in findings[:5]]
        if len(findings) > 5:
            shown.append(f"... and {len(findings) - 5} more")
        raise CheckFailed(
            _explain(
                name,
                "uses something this task asks you to write yourself: the tests that use "
                "these cells give no points (a cell your answers do not use costs nothing)",
                got="\n            ".join(shown),
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
            entry.message = _say("part_failed", what=what, text=missing_name_message(name))
        except Exception as err:  # noqa: BLE001 - learner code may raise anything; explain it
            stub = _stub_name(err)
            if stub is not None:
                entry.message = _say("part_failed", what=what, text=not_written_message(stub))
                return
            kind = err.remote_mro[0] if hasattr(err, "remote_mro") else type(err).__name__
            entry.message = _say("part_failed", what=what, text=f"{kind}: {err}")
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
            raise CheckFailed(_say("no_parts"))
        total = sum(p.weight for p in self.parts)
        if all(p.passed for p in self.parts):
            _passed(_say("all_parts", count=len(self.parts)))
            return
        lines = [_say("partial", fraction=self.fraction)]
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


def matrix_free(
    seed: int, k: int, n: int, scale: float = 1.0
) -> tuple[PortableFunction, PortableFunction]:
    """A k x n matrix A too large to write out, given as `(matvec, rmatvec)`: v -> A v and
    z -> Aᵀ z. A = scale · (a scattered diagonal + a rank-one part), from `seed`; not symmetric."""
    draws = (
        f"(np.random.default_rng({seed}).uniform(0.5, 2, {k}), "
        f"np.random.default_rng({seed + 1}).standard_normal({k}), "
        f"np.random.default_rng({seed + 2}).standard_normal({n}), np.arange({k}) % {n})"
    )
    matvec = fn(
        f"lambda v: (lambda d, u, w, i: {scale!r} * (d * v[i] + u * np.dot(w, v) / {n}))"
        + draws
    )
    rmatvec = fn(
        f"lambda z: (lambda d, u, w, i: {scale!r} * (np.bincount(i, weights=d * z, "
        f"minlength={n}) + w * np.dot(u, z) / {n}))" + draws
    )
    return matvec, rmatvec


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



_FORWARD_ONCE = """
def _course_forward_once(f, x_values):
    import course_lib
    x = course_lib.tensor(x_values, dtype=course_lib.float64, requires_grad=True)
    return f(x), x
"""


def forward_once(f, x_values):
    """`(y, x)`: a float64 tensor `x` holding `x_values` (requires_grad) and `y = f(x)`, computed
    *inside the learner's notebook*, so that a test can hand the learner a forward pass that is
    already done: the learner's code gets the graph, never `f`, so it cannot run `f` again."""
    return notebook_function(_FORWARD_ONCE)(f, x_values)

def missing_name_message(name: str) -> str:
    """What the learner reads when a test needs `name` and their notebook does not define it."""
    return _say("missing_name", name=name)  # in English, the grader's words (engine.py)


def not_written_message(name: str | None) -> str:
    """What the learner reads when a test calls an answer that is still nbgrader's stub."""
    return _say("stub", name=name) if name else _say("stub_cell")


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
