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


def broadcast_error(shapes) -> RuntimeError:
    """PyTorch's error for operands whose shapes do not broadcast, naming the sizes and dim."""
    shapes = [tuple(s) for s in shapes]
    ndim = max(len(s) for s in shapes)
    padded = [(1,) * (ndim - len(s)) + s for s in shapes]
    for d in reversed(range(ndim)):
        sizes = [s[d] for s in padded]
        seen = [n for n in sizes if n != 1]
        if len(set(seen)) > 1:
            i = next(k for k, n in enumerate(sizes) if n != 1)
            j = next(k for k, n in enumerate(sizes) if n != 1 and n != sizes[i])
            names = "abcdefgh"
            return RuntimeError(
                f"The size of tensor {names[i]} ({sizes[i]}) must match the size of tensor "
                f"{names[j]} ({sizes[j]}) at non-singleton dimension {d}. Shapes: "
                f"{' and '.join(str(s) for s in shapes)}; reshape or unsqueeze one so that "
                "every dimension is equal or 1."
            )
    return RuntimeError(f"shapes {shapes} cannot be broadcast together")
