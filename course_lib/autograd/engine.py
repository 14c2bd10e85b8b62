"""The backward engine: walk the graph in reverse topological order, iteratively.

Two passes, as in PyTorch's engine:
1. count, for every node reachable from the roots, how many edges point at it;
2. start from the roots and run a node's backward only once every gradient flowing
   into it has arrived (its count dropped to zero), adding up gradients on the way.

Neither pass recurses, so a chain of a million operations backpropagates.

Backward creates no reference cycles (it only frees the graph as it goes), so Python's
cyclic garbage collector is paused while it runs; otherwise every collection would
re-scan the whole graph that is being walked.
"""

from __future__ import annotations

import gc

import numpy as np

from course_lib.autograd.errors import NotDifferentiableError
from course_lib.autograd.function import AccumulateGrad, _call_hook
from course_lib.autograd.grad_mode import GradMode


def _count_dependencies(roots) -> dict:
    dependencies: dict = {}
    stack = list(roots)
    seen = set(stack)
    while stack:
        node = stack.pop()
        for child in node._edges:
            if child is None:
                continue
            dependencies[child] = dependencies.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return dependencies


def run_backward(tensors, grad_tensors, retain_graph=None, create_graph=False, inputs=None):
    """Backpropagate from `tensors` seeded with `grad_tensors`.

    When `inputs` is given (autograd.grad), gradients for those tensors are returned
    instead of being accumulated into `.grad`.
    """
    from course_lib.tensor import Tensor

    if retain_graph is None:
        retain_graph = create_graph
    roots = []
    buffers: dict = {}
    for t, g in zip(tensors, grad_tensors):
        if t.grad_fn is None and not t.requires_grad:
            raise NotDifferentiableError(
                "element 0 of tensors does not require grad and does not have a grad_fn. "
                "Create the inputs with requires_grad=True (or call x.requires_grad_()) before "
                "computing the output, and do not compute it inside no_grad()."
            )
        node = t.grad_fn if t.grad_fn is not None else t._accumulator()
        g = _as_grad(g, create_graph)
        if node in buffers:
            buffers[node] = buffers[node] + g
        else:
            buffers[node] = g
            roots.append(node)

    wanted = None
    captured: dict = {}
    if inputs is not None:
        wanted = {}
        for i, t in enumerate(inputs):
            wanted[t.grad_fn if t.grad_fn is not None else t._accumulator()] = i

    dependencies = _count_dependencies(roots)
    handed_out: set = set()  # arrays already adopted as some leaf's .grad in this pass
    ready = [node for node in roots if dependencies.get(node, 0) == 0]

    previous = GradMode.enabled, GradMode.differentiable_backward
    GradMode.enabled = bool(create_graph)
    GradMode.differentiable_backward = bool(create_graph)
    collector_was_on = gc.isenabled()
    gc.disable()
    try:
        while ready:
            node = ready.pop()
            grad = buffers.pop(node, None)
            if grad is not None:
                grad = _run_prehooks(node, grad)
            if wanted is not None and node in wanted:
                if grad is not None:
                    captured[wanted[node]] = grad
                if isinstance(node, AccumulateGrad):
                    continue
            if isinstance(node, AccumulateGrad):
                if grad is not None and wanted is None:
                    node.accumulate(grad, create_graph, handed_out)
                continue
            if grad is not None:
                input_grads = type(node).backward(node, grad)
                if type(input_grads) is not tuple:
                    input_grads = (input_grads,)
                if not retain_graph:
                    node._release()
            else:
                input_grads = (None,) * len(node._edges)
            for child, child_grad in zip(node._edges, input_grads):
                if child is None:
                    continue
                if child_grad is not None:
                    if child in buffers:
                        buffers[child] = buffers[child] + child_grad
                    else:
                        buffers[child] = child_grad
                remaining = dependencies[child] - 1
                dependencies[child] = remaining
                if remaining == 0:
                    ready.append(child)
    finally:
        GradMode.enabled, GradMode.differentiable_backward = previous
        if collector_was_on:
            gc.enable()

    if inputs is None:
        return None
    results = []
    for i, t in enumerate(inputs):
        g = captured.get(i)
        if g is None:
            results.append(None)
        elif isinstance(g, Tensor):
            results.append(g if g.data.dtype == t.data.dtype else g.to(t.data.dtype))
        else:
            results.append(Tensor._make(np.array(g, dtype=t.data.dtype)))
    return tuple(results)


def _as_grad(g, create_graph):
    from course_lib.tensor import Tensor

    if create_graph:
        return g if isinstance(g, Tensor) else Tensor._make(np.asarray(g))
    # a copy: the seed belongs to the caller and must never become some leaf's .grad
    return np.array(g.data if isinstance(g, Tensor) else g, copy=True)


def _run_prehooks(node, grad):
    """Tensor hooks of a non-leaf, and retain_grad(), see the gradient of the node's output."""
    if node._pre_hooks:
        for hook in node._pre_hooks:
            grad = _call_hook(hook, grad)
    if node._retained is not None:
        tensor = node._retained()
        if tensor is not None:
            from course_lib.tensor import Tensor

            dtype = tensor.data.dtype  # the gradient of a tensor has that tensor's dtype
            if isinstance(grad, Tensor):
                g = grad if grad.data.dtype == dtype else grad.to(dtype)
            else:
                g = Tensor._make(np.array(grad, dtype=dtype, copy=True))
            tensor.grad = g if tensor.grad is None else tensor.grad + g
    return grad
