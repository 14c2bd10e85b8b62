"""`Function`: one differentiable operation, with its forward and backward side by side.

A subclass writes two (optionally three) static methods, the PyTorch contract:

    class Mul(Function):
        @staticmethod
        def forward(ctx, a, b):            # Tensors in, numpy array out
            ctx.save_for_backward(a, b)    # exactly what backward needs
            return a.data * b.data

        @staticmethod
        def backward(ctx, grad):           # dL/d(out) in, one dL/d(input) per forward argument
            a, b = ctx.saved_tensors
            return grad * b, grad * a

        @staticmethod
        def jvp(ctx, ta, tb):              # forward mode: tangent of out from input tangents
            a, b = ctx.saved_tensors
            return ta * b + a * tb

`Function.apply(*args)` runs forward and, when some input requires grad, records the
call as a node of the graph. The node *is* the `ctx` object (as in PyTorch), so the
`grad_fn` of the result holds what forward saved and the edges to its inputs.

backward and jvp compute with Tensors and the library's own ops, so each derivative is
written once. The engine runs them under no_grad(), except with `create_graph=True`:
then the ops in backward are recorded too, and the gradient can be differentiated again.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.errors import (
    BACKWARD_TWICE,
    BackwardTwiceError,
    InplaceModificationError,
    broadcast_error,
)
from course_lib.autograd.grad_mode import GradMode
from course_lib.tensor import Tensor


class ForwardADState:
    """How many `dual_level()` blocks are open (forward-mode AD). Read by `Function.apply`."""

    level = 0


class Function:
    """Base class of every differentiable op. See the module docstring for the contract."""

    # Defaults live on the class so creating a node costs only what an op actually sets.
    _edges: tuple = ()  # the input nodes (None where no gradient flows), one per argument
    _saved: tuple | None = ()
    _saved_versions: tuple = ()
    _saved_output = None
    _output_version = None
    _pre_hooks = None
    _retained = None
    output_is_view = False
    output_shape: tuple | None = None  # shape of forward's result (shown by viz.draw_graph)
    backward_name: str | None = None  # the grad_fn name PyTorch shows, e.g. "PowBackward1"

    # ----- the contract ---------------------------------------------------------------
    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError("a Function subclass must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError("a Function subclass must define backward(ctx, grad)")

    @staticmethod
    def jvp(ctx, *tangents):
        raise NotImplementedError("this operation does not support forward-mode AD yet")

    # ----- running an op ----------------------------------------------------------------
    @classmethod
    def apply(cls, *args):
        """Run the op on `args` and return its result, recorded in the graph when needed."""
        ctx = cls()  # 1. create the context (it becomes the result's grad_fn)
        out = Tensor._make(_run_forward(ctx, args))  # 2. run forward on the inputs
        if ctx.output_is_view:  # a view shares its base's version counter
            out._version = args[0]._version
        if GradMode.enabled and _any_requires_grad(args):
            _record_node(ctx, args, out)  # 3. record the node: edges to the inputs' nodes
        if ForwardADState.level:
            _push_tangent(ctx, args, out)  # forward mode: the result's tangent
        return out

    # ----- what forward uses to talk to backward --------------------------------------
    def save_for_backward(self, *values):
        """Keep these inputs (Tensors or numbers) for backward; in-place changes to them
        are detected."""
        self._saved = values
        if GradMode.enabled:  # (ops run inside backward or no_grad() are never backpropagated)
            self._saved_versions = tuple([v._version[0] if isinstance(v, Tensor) else None
                                          for v in values])

    def save_output(self, out_data: np.ndarray):
        """Keep forward's result (e.g. exp, tanh, softmax reuse it in backward)."""
        self._saved_output = out_data

    @property
    def saved_tensors(self) -> tuple:
        """What forward saved, after checking that no saved Tensor changed in place since."""
        if self._saved is None:
            raise BackwardTwiceError(BACKWARD_TWICE)
        for t, version in zip(self._saved, self._saved_versions):
            if version is not None and t._version[0] != version:
                raise InplaceModificationError(_inplace_message(t, self, version))
        return self._saved

    @property
    def saved_output(self) -> Tensor:
        """Forward's result as a Tensor. While backward builds a graph (create_graph=True) it
        is connected to this node, so that formulas using it can be differentiated again."""
        if self._saved_output is None:
            raise BackwardTwiceError(BACKWARD_TWICE)
        if self._output_version is not None and self._output_version[0] != 0:
            raise InplaceModificationError(
                f"one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: the output of {self.name()} (shape "
                f"{list(np.shape(self._saved_output))}) is at version {self._output_version[0]}; "
                "expected version 0 instead. Hint: compute into a new tensor instead of changing "
                "this one in place (e.g. y = y + 1 rather than y.add_(1))."
            )
        if GradMode.enabled:
            return Tensor._make(self._saved_output, requires_grad=True, grad_fn=self)
        return Tensor._make(self._saved_output)

    @property
    def needs_input_grad(self) -> tuple:
        return tuple([node is not None for node in self._edges])

    # ----- the graph ------------------------------------------------------------------
    @property
    def next_functions(self) -> tuple:
        """Edges to the nodes of the inputs, as PyTorch shows them: ((node or None, 0), ...)."""
        return tuple((node, 0) for node in self._edges)

    def name(self) -> str:
        return self.backward_name or f"{type(self).__name__}Backward0"

    def register_prehook(self, hook):
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append(hook)
        return _RemovableHandle(self._pre_hooks, hook)

    def release_saved(self):
        """Free what forward saved (called after a backward without retain_graph)."""
        if self._saved:
            self._saved = None
        if self._saved_output is not None:
            self._saved_output = None
            self._saved = None

    def __repr__(self):
        return f"<{self.name()} object at {id(self):#x}>"


# ----- the steps of apply -------------------------------------------------------------


def _run_forward(ctx, args) -> np.ndarray:
    """Call forward; numpy's broadcasting error is reworded as PyTorch's (naming the shapes)."""
    try:
        out = ctx.forward(ctx, *args)
    except ValueError as error:
        if "could not be broadcast" not in str(error):
            raise
        raise broadcast_error([a.data.shape for a in args if isinstance(a, Tensor)]) from None
    return out if type(out) is np.ndarray else np.asarray(out)


def _any_requires_grad(args) -> bool:
    for a in args:
        if isinstance(a, Tensor) and a.requires_grad:
            return True
    return False


def _record_node(ctx, args, out):
    """Make `ctx` the grad_fn of `out`, with an edge to the node of each input needing grad."""
    ctx._edges = tuple([gradient_node(a) if isinstance(a, Tensor) and a.requires_grad else None
                        for a in args])
    ctx.output_shape = out.data.shape
    if ctx._saved_output is not None:
        ctx._output_version = out._version
    out.requires_grad = True
    out.grad_fn = ctx


def gradient_node(t: Tensor):
    """The node a gradient for `t` flows into: its grad_fn, or the leaf's AccumulateGrad
    (made once and kept on the leaf, so every use of a leaf shares one node)."""
    if t.grad_fn is not None:
        return t.grad_fn
    if t._acc is None:
        t._acc = AccumulateGrad(t)
    return t._acc


def _push_tangent(ctx, args, out):
    """Forward mode: give `out` the tangent J·ẋ of its inputs' tangents (dual numbers).

    A Tensor without a tangent has tangent 0; so has every other argument (a constant).
    jvp computes with ordinary Tensors: neither recorded nor dual while it runs.
    """
    if all(not isinstance(a, Tensor) or a._tangent is None for a in args):
        return
    tangents = [_tangent_of(a) for a in args]
    ctx.output_shape = out.data.shape
    previous = GradMode.enabled, ForwardADState.level
    GradMode.enabled, ForwardADState.level = False, 0
    try:
        tangent = ctx.jvp(ctx, *tangents)
    finally:
        GradMode.enabled, ForwardADState.level = previous
    out._tangent = np.asarray(tangent.data, dtype=out.data.dtype)


def _tangent_of(a):
    if not isinstance(a, Tensor):
        return 0.0
    return Tensor._make(np.zeros_like(a.data) if a._tangent is None else a._tangent)


# ----- leaves -------------------------------------------------------------------------


class AccumulateGrad(Function):
    """The node at a leaf: adds the incoming gradient into `variable.grad`."""

    backward_name = "AccumulateGrad"

    def __init__(self, variable):
        self.variable = variable

    def accumulate(self, grad: Tensor, create_graph: bool, handed_out: set | None = None):
        """Run the leaf's hooks on `grad`, then add it into `variable.grad`.

        The first gradient becomes `.grad`; later ones are added into it in place (a new
        Tensor when backward builds a graph, so that the old one stays as it was recorded).
        """
        leaf = self.variable
        if leaf._hooks:
            for hook in leaf._hooks:
                grad = call_hook(hook, grad)
            handed_out = None  # a hook may return a tensor the user still holds
        if grad.data.dtype != leaf.data.dtype:  # a leaf's grad has the leaf's dtype
            grad = grad.to(leaf.data.dtype)
        if create_graph:
            leaf.grad = grad if leaf.grad is None else leaf.grad + grad
        elif leaf.grad is None:
            leaf.grad = _fresh_grad(grad, leaf, handed_out)
        else:
            _add_in_place(leaf, grad)

    def __repr__(self):
        return f"<AccumulateGrad object at {id(self):#x}>"


def _add_in_place(leaf, grad):
    acc = leaf.grad.data
    if acc.shape == grad.data.shape and acc.flags.writeable:
        acc += grad.data
        leaf.grad._version[0] += 1
    else:
        leaf.grad = Tensor._make(np.asarray(acc + grad.data, dtype=leaf.data.dtype))


def _fresh_grad(grad: Tensor, leaf, handed_out) -> Tensor:
    """The first gradient of `leaf` in this pass, as a Tensor that no one else holds.

    Speed trick: a gradient array that backward has just made is adopted without a copy
    (as PyTorch's AccumulateGrad steals an unshared buffer). `handed_out` holds the ids
    of arrays already given to some leaf in this pass, so two leaves never share one
    array. Measured (CPU time, MLP 784-256-256-10 step of benchmarks/bench_core.py, this
    trick on vs a copy per leaf, three runs): float32 1–4 % faster; float64 between 1 %
    slower and 2 % faster (noise). Kept for float32, the case closest to its bar.
    """
    array = grad.data
    adopt = (
        handed_out is not None
        and array.shape == leaf.data.shape
        and array.flags.writeable
        and id(array) not in handed_out
        and (array.base is None or id(array.base) not in handed_out)
    )
    if not adopt:
        return Tensor._make(np.array(array, dtype=leaf.data.dtype, copy=True))
    if handed_out is not None:
        handed_out.add(id(array))
        if array.base is not None:
            handed_out.add(id(array.base))
    return Tensor._make(array)


# ----- hooks --------------------------------------------------------------------------


def register_tensor_hook(t: Tensor, hook):
    """Tensor.register_hook: a non-leaf's hook runs on the gradient arriving at its
    grad_fn; a leaf's runs before the gradient is added into `.grad`."""
    if t.grad_fn is not None:
        return t.grad_fn.register_prehook(hook)
    if t._hooks is None:
        t._hooks = []
    t._hooks.append(hook)
    return _RemovableHandle(t._hooks, hook)


def call_hook(hook, grad: Tensor) -> Tensor:
    """Run a tensor hook on a gradient; a hook may return a replacement gradient."""
    result = hook(grad)
    if result is None:
        return grad
    if GradMode.enabled and isinstance(result, Tensor):  # create_graph: keep its graph
        return result
    # a copy: the hook's result may be a tensor the user keeps using (and could become a .grad)
    return Tensor._make(np.array(result.data if isinstance(result, Tensor) else result))


class _RemovableHandle:
    """Returned by register_hook: call .remove() to take the hook off again."""

    def __init__(self, hooks: list, hook):
        self._hooks = hooks
        self._hook = hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _inplace_message(t, node, expected) -> str:
    dtype = str(t.data.dtype)
    origin = f"output 0 of {t.grad_fn.name()}" if t.grad_fn is not None else "a leaf tensor"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [{dtype} {list(t.shape)}], which is {origin}, is at version "
        f"{t._version[0]}; expected version {expected} instead (it was saved by "
        f"{node.name()}). Hint: do not change a tensor in place (add_, mul_, x[i] = ...) after "
        "using it in an operation whose backward needs it; compute into a new tensor instead."
    )
