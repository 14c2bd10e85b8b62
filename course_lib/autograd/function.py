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

During an ordinary backward, `grad` and `ctx.saved_tensors` are numpy arrays (numpy
speed). With `create_graph=True` they are Tensors, so the same backward formula is
recorded and can itself be differentiated.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd.errors import BACKWARD_TWICE, BackwardTwiceError, InplaceModificationError
from course_lib.autograd.grad_mode import GradMode


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
    backward_name: str | None = None  # the grad_fn name PyTorch shows, e.g. "MulBackward0"

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

    # ----- what forward uses to talk to backward --------------------------------------
    def save_for_backward(self, *tensors):
        """Keep these input Tensors for backward; in-place changes to them are detected."""
        self._saved = tensors
        self._saved_versions = tuple(t._version[0] for t in tensors)

    def save_output(self, out_data: np.ndarray):
        """Keep forward's result (e.g. exp, tanh, softmax reuse it in backward)."""
        self._saved_output = out_data

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is None:
            raise BackwardTwiceError(BACKWARD_TWICE)
        for t, version in zip(self._saved, self._saved_versions):
            if t._version[0] != version:
                raise InplaceModificationError(_inplace_message(t, self, version))
        if GradMode.differentiable_backward:
            return self._saved
        return tuple(t.data for t in self._saved)

    @property
    def saved_output(self):
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
        if GradMode.differentiable_backward:
            from course_lib.tensor import Tensor

            return Tensor._make(self._saved_output, requires_grad=True, grad_fn=self)
        return self._saved_output

    @property
    def needs_input_grad(self) -> tuple:
        return tuple(node is not None for node in self._edges)

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

    def _release(self):
        """Free what forward saved (called after a backward without retain_graph)."""
        if self._saved:
            self._saved = None
        if self._saved_output is not None:
            self._saved_output = None
            self._saved = None

    def __repr__(self):
        return f"<{self.name()} object at {id(self):#x}>"

    # ----- running an op ----------------------------------------------------------------
    @classmethod
    def apply(cls, *args):
        """Run forward on the arguments and record a node when any input requires grad."""
        from course_lib.tensor import Tensor

        ctx = cls()
        try:
            out_data = cls.forward(ctx, *args)
        except ValueError as error:  # numpy's broadcasting error, worded as PyTorch's
            if "could not be broadcast" not in str(error):
                raise
            from course_lib.ops._broadcast import broadcast_error

            shapes = [a.data.shape for a in args if isinstance(a, Tensor)]
            raise broadcast_error(shapes) from None
        if type(out_data) is not np.ndarray:
            out_data = np.asarray(out_data)
        out = Tensor._make(out_data)
        if ctx.output_is_view:
            out._version = args[0]._version
        if GradMode.enabled:
            edges = []
            requires = False
            for a in args:
                if isinstance(a, Tensor) and a.requires_grad:
                    requires = True
                    edges.append(a.grad_fn or a._accumulator())
                else:
                    edges.append(None)
            if requires:
                ctx._edges = tuple(edges)
                out.requires_grad = True
                out.grad_fn = ctx
                ctx.output_shape = out_data.shape  # for viz.draw_graph (the node's output shape)
                if ctx._saved_output is not None:
                    ctx._output_version = out._version
        if ForwardADState.level:
            _forward_mode_tangent(cls, ctx, args, out)
        return out


def _forward_mode_tangent(cls, ctx, args, out):
    """Give `out` the tangent J·t of its inputs' tangents (dual numbers, forward mode)."""
    from course_lib.tensor import Tensor

    tangents = [a._tangent if isinstance(a, Tensor) else None for a in args]
    if all(t is None for t in tangents):
        return
    full = [
        (np.zeros_like(a.data) if t is None else t) if isinstance(a, Tensor) else None
        for a, t in zip(args, tangents)
    ]
    ctx.out_shape = out.shape
    tangent = cls.jvp(ctx, *full)
    out._tangent = np.asarray(tangent, dtype=out.data.dtype)


class AccumulateGrad(Function):
    """The node at a leaf: adds the incoming gradient into `variable.grad`."""

    backward_name = "AccumulateGrad"

    def __init__(self, variable):
        self.variable = variable

    def accumulate(self, grad, create_graph: bool, handed_out: set | None = None):
        """Add `grad` into `variable.grad`.

        A fresh gradient array is adopted without a copy (as PyTorch's AccumulateGrad
        steals an unshared buffer); `handed_out` holds the ids of arrays already given to
        a leaf in this backward pass, so two leaves never share one array.
        """
        from course_lib.tensor import Tensor

        leaf = self.variable
        hooks = leaf._hooks
        if hooks:
            for hook in hooks:
                grad = _call_hook(hook, grad)
            handed_out = None  # a hook may return an array the user still holds
        if create_graph:
            g = grad if isinstance(grad, Tensor) else Tensor._make(np.asarray(grad))
            if g.data.dtype != leaf.data.dtype:  # a leaf's grad has the leaf's dtype
                g = g.to(leaf.data.dtype)
            leaf.grad = g if leaf.grad is None else leaf.grad + g
            return
        if isinstance(grad, Tensor):
            grad = grad.data
            handed_out = None
        if leaf.grad is None:
            if not _can_adopt(grad, leaf.data, handed_out):
                grad = np.array(grad, dtype=leaf.data.dtype, copy=True)
            if handed_out is not None:
                handed_out.add(id(grad))
                if grad.base is not None:
                    handed_out.add(id(grad.base))
            leaf.grad = Tensor._make(grad)
        else:
            acc = leaf.grad.data
            if acc.shape == np.shape(grad) and acc.flags.writeable:
                acc += grad
                leaf.grad._version[0] += 1
            else:
                leaf.grad = Tensor._make(np.asarray(acc + grad, dtype=leaf.data.dtype))

    def __repr__(self):
        return f"<AccumulateGrad object at {id(self):#x}>"


def _can_adopt(grad, like: np.ndarray, handed_out) -> bool:
    """May this backward-produced array become a leaf's .grad without a copy?"""
    return (
        handed_out is not None
        and type(grad) is np.ndarray
        and grad.dtype == like.dtype
        and grad.shape == like.shape
        and grad.flags.writeable
        and id(grad) not in handed_out
        and (grad.base is None or id(grad.base) not in handed_out)
    )


def _call_hook(hook, grad):
    """Run a tensor hook on a gradient; a hook may return a replacement gradient."""
    from course_lib.tensor import Tensor

    as_tensor = grad if isinstance(grad, Tensor) else Tensor._make(np.asarray(grad))
    result = hook(as_tensor)
    if result is None:
        return grad
    if isinstance(grad, Tensor):
        return result
    # a copy: the hook's result may be an array the user keeps using
    return np.array(result.data if isinstance(result, Tensor) else result, copy=True)


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
