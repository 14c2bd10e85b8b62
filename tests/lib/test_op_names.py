"""A learner finds an op by the name it prints: `x * 2` prints MulBackward0 and runs `Mul`.

Every node's printed name is `<ClassName>Backward0`, or the class's docstring starts with
one of the names it prints and mentions each of them (e.g. Pow: PowBackward0/1/2).
"""

from __future__ import annotations

import inspect

import pytest

import course_lib as cl
from course_lib.autograd import Function
from course_lib.ops import elementwise, linalg, reductions, shape


def _programs():
    w = cl.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=cl.float64, requires_grad=True)
    v = w[0]
    return [
        w + 1, 1 + w, w - 1, 1 - w, w - w, w * 2, 2 * w, w * w, w / 2, 2 / w, w / w, -w,
        w**2, w**w, 2**w, w.exp(), w.log(), w.sqrt(), w.sin(), w.cos(), w.tanh(),
        w.sigmoid(), w.relu(), w.abs(), w.clamp(0, 1), cl.maximum(w, w), cl.minimum(w, w),
        cl.where(w > 2, w, w), w.clone(), w.float(), w @ w.T, w @ v, v @ v, v.dot(v),
        w.unsqueeze(0) @ w.T, w.sum(), w.sum(1), w.mean(), w.mean(0), w.var(), w.std(1),
        w.prod(), w.prod(1), w.max(), w.max(1)[0], w.min(), w.min(0)[0], w.amax(),
        w.amin(1), w.norm(), w.logsumexp(1), w.softmax(1), w.log_softmax(1), w.cumsum(0),
        w.reshape(6), w.view(3, 2), w.T, w.t(), w.transpose(0, 1), w.permute(1, 0),
        w.unsqueeze(0), w.unsqueeze(0).squeeze(), w.unsqueeze(0).squeeze(0),
        v.expand(2, 3), w[0], w[0, 1], w[:, 1:], w[[0, 0]], w[w > 2],
        w.gather(1, cl.tensor([[0, 0], [1, 2]])), cl.cat([w, w]), cl.stack([w, w]),
    ]


def _printed_names():
    names: dict = {}
    for out in _programs():
        node = out.grad_fn
        names.setdefault(type(node), set()).add(node.name())
    return names


NAMES = _printed_names()


@pytest.mark.parametrize("cls", sorted(NAMES, key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_printed_name_leads_to_the_class(cls):
    printed = NAMES[cls]
    if printed == {f"{cls.__name__}Backward0"}:
        return
    doc = inspect.getdoc(cls) or ""
    assert doc.startswith(tuple(printed)), (
        f"{cls.__name__} prints {sorted(printed)}: its docstring should start with that name")
    for name in printed:
        assert name in doc, f"{cls.__name__}'s docstring does not mention {name}"


def test_every_op_is_reached_by_the_programs():
    """The list above covers every Function of course_lib.ops (the test is not vacuous)."""
    ops = {
        obj for module in (elementwise, linalg, reductions, shape)
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Function) and obj is not Function
        and not obj.__name__.startswith("_") and obj.__module__ == module.__name__
    }
    missing = {op.__name__ for op in ops} - {cls.__name__ for cls in NAMES}
    assert missing <= {"ScatterAdd"}, missing  # ScatterAdd only appears in create_graph


def test_scatter_add_names_itself_when_differentiating_indexing():
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x[[0, 0, 2]] * x[[1, 1, 1]]
    (g,) = cl.autograd.grad(y.sum(), x, create_graph=True)
    seen, stack = set(), [g.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.extend(child for child, _ in node.next_functions)
    assert "ScatterAddBackward0" in {node.name() for node in seen}
