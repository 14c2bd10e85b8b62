"""Autograd: the Function/ctx contract, the graph's nodes, the backward engine, grad modes."""

from __future__ import annotations

import numpy as np

from course_lib.autograd import engine, function
from course_lib.autograd.errors import (
    AutogradError,
    BackwardTwiceError,
    InplaceModificationError,
    NotDifferentiableError,
)
from course_lib.autograd.function import AccumulateGrad, Function, gradient_node
from course_lib.autograd.grad_mode import (
    enable_grad,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from course_lib.tensor import Tensor

__all__ = [
    "AccumulateGrad",
    "AutogradError",
    "BackwardTwiceError",
    "Function",
    "InplaceModificationError",
    "NotDifferentiableError",
    "backward",
    "enable_grad",
    "engine",
    "function",
    "grad",
    "is_grad_enabled",
    "no_grad",
    "set_grad_enabled",
]


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate d(tensors)/d(leaf) into every leaf's `.grad` (like torch.autograd.backward).

    With `inputs`, only those tensors' `.grad` are accumulated into.
    """
    tensors = _listify(tensors)
    roots = _roots(tensors, grad_tensors, create_graph)
    retain_graph = create_graph if retain_graph is None else retain_graph
    if inputs is None:
        engine.run_backward(roots, retain_graph, create_graph)
        return
    inputs = _listify(inputs)
    captured = engine.run_backward(roots, retain_graph, create_graph, inputs)
    for t in inputs:
        g = captured.get(gradient_node(t))
        if g is not None:  # a non-leaf named in inputs= gets a .grad too, as in PyTorch
            node = gradient_node(t) if t.grad_fn is None else AccumulateGrad(t)
            node.accumulate(g, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=False):
    """Return d(outputs)/d(inputs) without touching any `.grad` (like torch.autograd.grad)."""
    outputs = _listify(outputs)
    inputs = _listify(inputs)
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError(
                "One of the differentiated Tensors does not require grad. Create it with "
                "requires_grad=True."
            )
    roots = _roots(outputs, grad_outputs, create_graph)
    retain_graph = create_graph if retain_graph is None else retain_graph
    captured = engine.run_backward(roots, retain_graph, create_graph, inputs)
    results = []
    for t in inputs:
        g = captured.get(gradient_node(t))
        if g is not None and g.data.dtype != t.data.dtype:  # a gradient has its tensor's dtype
            g = g.to(t.data.dtype)
        results.append(g)
    if not allow_unused and any(r is None for r in results):
        raise RuntimeError(
            "One of the differentiated Tensors appears to not have been used in the graph. "
            "Set allow_unused=True if this is the desired behavior."
        )
    return tuple(results)


def _listify(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _roots(outputs, grad_outputs, create_graph) -> dict:
    """{node of each output: the gradient it starts with} (summed if two outputs share one)."""
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    roots: dict = {}
    for out, g in zip(outputs, _listify(grad_outputs)):
        if out.grad_fn is None and not out.requires_grad:
            raise NotDifferentiableError(
                "element 0 of tensors does not require grad and does not have a grad_fn. "
                "Create the inputs with requires_grad=True (or call x.requires_grad_()) before "
                "computing the output, and do not compute it inside no_grad()."
            )
        g = _seed(out, g, create_graph)
        node = gradient_node(out)
        roots[node] = g if node not in roots else roots[node] + g
    return roots


def _seed(out, g, create_graph) -> Tensor:
    """The gradient backward starts from: ones for a scalar output, else the given one."""
    if g is None:
        if out.data.size != 1:
            raise RuntimeError(
                f"grad can be implicitly created only for scalar outputs (this output has "
                f"shape {tuple(out.data.shape)}). Reduce it first, e.g. y.sum().backward(), or "
                "pass gradient=v of the output's shape to get the vector-Jacobian product vᵀJ."
            )
        return Tensor._make(np.ones_like(out.data))
    if create_graph and isinstance(g, Tensor):
        seed = g
    else:  # a copy: the seed belongs to the caller and must never become some leaf's .grad
        seed = Tensor._make(np.array(g.data if isinstance(g, Tensor) else g, copy=True))
    if seed.shape != out.shape:
        raise RuntimeError(
            f"Mismatch in shape: grad_output[0] has a shape of {tuple(seed.shape)} and "
            f"output[0] has a shape of {tuple(out.shape)}. Pass a gradient with the "
            "output's shape."
        )
    return seed
