"""Self-checks for the lessons' exercises: each prints one verdict line and never raises.

    from course_lib.exercises import check, check_function

    check(1, answer, expected, hint="...")          # a number, array, Tensor or tuple of them
    check_function(2, my_fn, reference, cases)      # my_fn(*case) vs reference(*case)

The verdict is "not attempted yet" (the answer is still None), "correct ✓", or what differs
and a hint. Graded assignments use `course_lib.checks` instead (it raises, for the grader).
"""

from __future__ import annotations

import numpy as np

from course_lib.i18n import say

__all__ = ["check", "check_function", "check_number", "verdict"]

MESSAGES = {
    "en": {
        "label": "Exercise {n}",
        "not_attempted": "{label}: not attempted yet",
        "correct": "{label}: correct ✓",
        "correct_cases": "{label}: correct ✓ (checked on {count} cases)",
        "wrong": "{label}: not right yet — {reason}. Hint: {hint}",
        "case": "case {k}: {reason}",
        "not_number": "{got}{where} is not a number or array ({err})",
        "shape": "expected shape {want}{where}, got {got}",
        "value": "your value {got}{where} is {direction}",
        "entries": "{count} of {total} entries of your {got}{where} differ (the first at index "
                   "{index}, where yours is {direction})",
        "described": "expected {want}, got {got}",
        "too_large": "too large",
        "too_small": "too small",
        "not_a_number": "not a number",
        "tuple": "expected a tuple of {count} parts{where}, got {got}",
        "part": " (part {k})",
        "not_function": "expected a function, got {got}",
        "raised": "your function raised {err}",
    },
    "zh": {
        "label": "练习 {n}",
        "not_attempted": "{label}：尚未作答",
        "correct": "{label}：正确 ✓",
        "correct_cases": "{label}：正确 ✓（检查了 {count} 个用例）",
        "wrong": "{label}：还不对 — {reason}。提示：{hint}",
        "case": "用例 {k}：{reason}",
        "not_number": "{got}{where} 不是数或数组（{err}）",
        "shape": "期望形状 {want}{where}，得到 {got}",
        "value": "你的值 {got}{where} {direction}",
        "entries": "你的 {got}{where} 中有 {count}/{total} 个元素不对（第一个在下标 {index}，"
                   "你的值{direction}）",
        "described": "期望 {want}，得到 {got}",
        "too_large": "偏大",
        "too_small": "偏小",
        "not_a_number": "不是一个数",
        "tuple": "期望一个含 {count} 个部分的元组{where}，得到 {got}",
        "part": "（第 {k} 部分）",
        "not_function": "期望一个函数，得到 {got}",
        "raised": "你的函数抛出了 {err}",
    },
}


def _say(key: str, **fields) -> str:
    return say(MESSAGES, key, **fields)


def _numbers(value) -> np.ndarray:
    """A course_lib Tensor, a number, or a list/tuple of them -> a float numpy array."""
    if isinstance(value, (tuple, list)):
        return np.array([_numbers(v) for v in value], dtype=float)
    return np.asarray(getattr(value, "data", value), dtype=float)


def _missing(value) -> bool:
    return value is None or (isinstance(value, (tuple, list)) and any(_missing(v) for v in value))


def _show(value) -> str:
    return np.array2string(_numbers(value), separator=", ",
                           formatter={"float_kind": lambda v: f"{v:.6g}"})


def _differs(got, want, tol: float, where: str = "") -> str | None:
    """None when got matches want (numbers, arrays, Tensors, tuples of them); else the reason."""
    if isinstance(want, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(want):
            return _say("tuple", count=len(want), where=where, got=type(got).__name__)
        for k, (g, w) in enumerate(zip(got, want), start=1):
            reason = _differs(g, w, tol, where + _say("part", k=k))
            if reason:
                return reason
        return None
    try:
        g, w = _numbers(got), _numbers(want)
    except (TypeError, ValueError) as err:
        return _say("not_number", got=repr(got), where=where, err=err)
    if g.shape != w.shape:
        return _say("shape", want=w.shape, where=where, got=g.shape)
    close = np.isclose(g, w, rtol=tol, atol=tol)
    if close.all():
        return None
    # Say where and which way the answer is off, never what the expected value is.
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    direction = _say("not_a_number" if np.isnan(g[index]) else
                     "too_large" if g[index] > w[index] else "too_small")
    if g.ndim == 0:
        return _say("value", got=_show(g), where=where, direction=direction)
    return _say("entries", count=int((~close).sum()), total=g.size, got=_show(g), where=where,
                index=index[0] if len(index) == 1 else index, direction=direction)


def verdict(n, ok: bool, expected, got, hint: str = "") -> None:
    """Print exercise n's verdict from a test already made: correct, or which way it is off."""
    label = _say("label", n=n)
    if ok:
        print(_say("correct", label=label))
        return
    if isinstance(expected, str) or isinstance(got, str):
        # the lesson describes both sides in words: it chose what to reveal
        reason = _say("described", want=expected, got=got)
    else:
        try:
            reason = _differs(got, expected, 0.0) or str(got)
        except Exception:  # noqa: BLE001 - expected/got may be anything printable
            reason = str(got)
    print(_say("wrong", label=label, reason=reason, hint=hint))


def check(n, answer, expected, *, tol: float = 1e-6, hint: str = "") -> None:
    """Compare an answer (number, array, Tensor, or tuple of them) with the expected value."""
    label = _say("label", n=n)
    if _missing(answer):
        print(_say("not_attempted", label=label))
        return
    reason = _differs(answer, expected, tol)
    if reason is None:
        print(_say("correct", label=label))
    else:
        print(_say("wrong", label=label, reason=reason, hint=hint))


def check_number(n, answer, expected, hint: str = "", rtol: float = 1e-6) -> None:
    """Exercise n asks for one number, compared with a relative tolerance only."""
    label = _say("label", n=n)
    if answer is None:
        print(_say("not_attempted", label=label))
        return
    try:
        got = float(answer.item() if hasattr(answer, "item") else answer)
    except Exception as err:  # noqa: BLE001 - the learner's answer may be anything
        reason = _say("not_number", got=repr(answer), where="", err=f"{type(err).__name__}: {err}")
        print(_say("wrong", label=label, reason=reason, hint=hint))
        return
    verdict(n, bool(np.isclose(got, expected, rtol=rtol, atol=0.0)), expected, got, hint)


def check_function(n, fn, reference, cases, *, tol: float = 1e-6, hint: str = "") -> None:
    """Call the learner's fn on each case and compare with reference on the same case.

    A case is a tuple of arguments (`fn(*case)`) or a single argument (`fn(case)`)."""
    cases = [c if isinstance(c, tuple) else (c,) for c in cases]
    label = _say("label", n=n)
    if fn is None:
        print(_say("not_attempted", label=label))
        return
    if not callable(fn):
        reason = _say("not_function", got=type(fn).__name__)
        print(_say("wrong", label=label, reason=reason, hint=hint))
        return
    try:
        got = [fn(*args) for args in cases]
    except NotImplementedError:  # the stub is still there
        print(_say("not_attempted", label=label))
        return
    except Exception as err:  # noqa: BLE001 - the learner's code may raise anything
        reason = _say("raised", err=f"{type(err).__name__}: {err}")
        print(_say("wrong", label=label, reason=reason, hint=hint))
        return
    if any(_missing(g) for g in got):
        print(_say("not_attempted", label=label))
        return
    for k, (args, g) in enumerate(zip(cases, got), start=1):
        reason = _differs(g, reference(*args), tol)
        if reason:
            print(_say("wrong", label=label, reason=_say("case", k=k, reason=reason), hint=hint))
            return
    print(_say("correct_cases", label=label, count=len(cases)))
