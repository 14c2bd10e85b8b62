"""The backward engine: walk the graph from the outputs to the leaves, iteratively.

As in PyTorch's engine (and micrograd's reversed topological order):
1. count, for every node reachable from the outputs, how many edges point at it;
2. pop a node whose gradients have all arrived (its count is zero);
3. call its backward on the sum of those gradients;
4. pass each input's gradient on to that input's node, and count the edge as done.
A leaf's node (AccumulateGrad) adds what arrives into the leaf's `.grad`.

Nothing recurses, so a chain of a million operations backpropagates. The special cases
(tensor hooks, retain_grad, `autograd.grad`'s inputs, freeing saved values) live in the
helpers below the loop, each named for what it does.

One speed trick touches the loop: a leaf adopts a freshly computed gradient array as its
`.grad` without a copy (`handed_out`; see function._fresh_grad for why and its measured
gain). Pausing the garbage collector during backward, which an earlier engine did, was
measured again and dropped: the 10⁶-deep chain of benchmarks/bench_core.py took 10.26 s
of CPU time with the pause and 10.26 s without.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from course_lib.autograd.function import AccumulateGrad, call_hook, gradient_node
from course_lib.autograd.grad_mode import GradMode
from course_lib.tensor import Tensor


def run_backward(roots: dict, retain_graph: bool, create_graph: bool, inputs=None):
    """Backpropagate from `roots` ({node: gradient of its output}).

    Every leaf reached gets its gradient added into `.grad`; with `inputs` (what
    autograd.grad asks for) no `.grad` changes and {node of an input: gradient} is
    returned instead.
    """
    arrived = dict(roots)  # node -> sum of the gradients that reached it so far
    wanted = {gradient_node(t) for t in inputs} if inputs is not None else set()
    captured = {}
    handed_out = set()  # arrays already adopted as some leaf's .grad in this pass
    dependencies = count_dependencies(roots)  # 1. count the edges into every node
    ready = [node for node in roots if dependencies.get(node, 0) == 0]
    with _recording(create_graph):
        while ready:
            node = ready.pop()  # 2. a node whose gradients have all arrived
            grad = _run_tensor_hooks(node, arrived.pop(node, None))
            if node in wanted:
                captured[node] = grad
            if isinstance(node, AccumulateGrad):  # a leaf: add into .grad
                if grad is not None and inputs is None:
                    node.accumulate(grad, create_graph, handed_out)
                continue
            input_grads = call_backward(node, grad, retain_graph)  # 3. its backward
            for child, child_grad in zip(node._edges, input_grads):  # 4. pass them on
                if child is None:
                    continue
                if child_grad is not None:
                    _add_gradient(arrived, child, child_grad)
                dependencies[child] -= 1
                if dependencies[child] == 0:
                    ready.append(child)
    return captured


def count_dependencies(roots) -> dict:
    """For every node reachable from `roots`: how many edges point at it."""
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


def call_backward(node, grad, retain_graph: bool) -> tuple:
    """The gradients of `node`'s inputs (None where none flows); then, unless the graph is
    retained, free what its forward saved."""
    if grad is None:  # nothing reached this node: nothing flows on
        return (None,) * len(node._edges)
    input_grads = type(node).backward(node, grad)
    if type(input_grads) is not tuple:
        input_grads = (input_grads,)
    if not retain_graph:
        node.release_saved()
    return input_grads


def _add_gradient(arrived: dict, node, grad):
    """Gradients reaching a node along several edges add up (the multivariate chain rule)."""
    if not isinstance(grad, Tensor):  # a hand-written backward may return numpy arrays
        grad = Tensor._make(np.asarray(grad))
    arrived[node] = grad if node not in arrived else arrived[node] + grad


def _run_tensor_hooks(node, grad):
    """The hooks registered on the tensor `node` produced see its gradient first (they
    may replace it); retain_grad() keeps a copy in that tensor's `.grad`."""
    if grad is None:
        return None
    if node._pre_hooks:
        for hook in node._pre_hooks:
            grad = call_hook(hook, grad)
    if node._retained is not None and node._retained() is not None:
        _keep_retained_grad(node._retained(), grad)
    return grad


def _keep_retained_grad(tensor, grad):
    if grad.data.dtype != tensor.data.dtype:  # the gradient of a tensor has its dtype
        grad = grad.to(tensor.data.dtype)
    if not GradMode.enabled:  # a copy: the engine may still hand this array to a leaf
        grad = Tensor._make(np.array(grad.data, copy=True))
    tensor.grad = grad if tensor.grad is None else tensor.grad + grad


@contextmanager
def _recording(create_graph: bool):
    """Backward's own ops are recorded only for create_graph=True (higher derivatives)."""
    previous = GradMode.enabled
    GradMode.enabled = bool(create_graph)
    try:
        yield
    finally:
        GradMode.enabled = previous
