"""Autograd: the Function/ctx contract, the graph's nodes, the backward engine, grad modes."""

from __future__ import annotations

from course_lib.autograd.errors import (
    AutogradError,
    BackwardTwiceError,
    InplaceModificationError,
    NotDifferentiableError,
)
from course_lib.autograd.function import AccumulateGrad, Function
from course_lib.autograd.grad_mode import (
    enable_grad,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)

__all__ = [
    "AccumulateGrad",
    "AutogradError",
    "BackwardTwiceError",
    "Function",
    "InplaceModificationError",
    "NotDifferentiableError",
    "backward",
    "enable_grad",
    "grad",
    "is_grad_enabled",
    "no_grad",
    "set_grad_enabled",
]


def _listify(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _seed_grads(outputs, grad_outputs):
    from course_lib.tensor import Tensor, _implicit_grad

    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    grad_outputs = _listify(grad_outputs)
    seeds = []
    for out, g in zip(outputs, grad_outputs):
        if g is None:
            seeds.append(_implicit_grad(out))
        else:
            g = g if isinstance(g, Tensor) else Tensor._make(g)
            if g.shape != out.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {tuple(g.shape)} and "
                    f"output[0] has a shape of {tuple(out.shape)}. Pass a gradient with the "
                    "output's shape."
                )
            seeds.append(g)
    return seeds


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False):
    """Accumulate d(tensors)/d(leaf) into every leaf's `.grad` (like torch.autograd.backward)."""
    from course_lib.autograd.engine import run_backward

    tensors = _listify(tensors)
    run_backward(tensors, _seed_grads(tensors, grad_tensors), retain_graph, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=False):
    """Return d(outputs)/d(inputs) without touching any `.grad` (like torch.autograd.grad)."""
    from course_lib.autograd.engine import run_backward

    outputs = _listify(outputs)
    inputs = _listify(inputs)
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError(
                "One of the differentiated Tensors does not require grad. Create it with "
                "requires_grad=True."
            )
    results = run_backward(outputs, _seed_grads(outputs, grad_outputs), retain_graph,
                           create_graph, inputs=inputs)
    if not allow_unused and any(r is None for r in results):
        raise RuntimeError(
            "One of the differentiated Tensors appears to not have been used in the graph. "
            "Set allow_unused=True if this is the desired behavior."
        )
    return results
