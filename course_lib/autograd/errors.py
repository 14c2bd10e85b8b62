"""Errors raised by autograd. They subclass RuntimeError, as PyTorch's do, and say what to do."""


class AutogradError(RuntimeError):
    """Base class of the errors raised while building or walking the graph."""


class BackwardTwiceError(AutogradError):
    """A backward pass reached saved values that an earlier backward already freed."""


class InplaceModificationError(AutogradError):
    """A tensor that backward needs was changed in place after it was saved."""


class NotDifferentiableError(AutogradError):
    """backward() was called on a tensor that is not connected to anything requiring grad."""


BACKWARD_TWICE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)
