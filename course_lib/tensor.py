"""`Tensor`: a numpy array plus what autograd needs (`requires_grad`, `grad`, `grad_fn`).

Creation functions (`tensor`, `arange`, `zeros`, `randn`, ...) live here too. Every
operator calls one `Function` from `course_lib.ops`, where forward and backward sit
side by side; `backward()` calls the engine in `course_lib.autograd`.

This is the lowest layer: the layers above build on Tensor. Its methods are the front
door to them (`x * y` runs `ops.Mul`, `y.backward()` runs the engine), which is the one
cycle in course_lib's layering; it is closed in one place, the imports at the end of this
file (see course_lib/__init__.py).
"""

from __future__ import annotations

import numbers
import weakref
from collections import namedtuple

import numpy as np

from course_lib import _format

float16 = np.float16
float32 = np.float32
float64 = np.float64
int32 = np.int32
int64 = np.int64
bool_ = np.bool_


class _Defaults:
    dtype = np.dtype(np.float32)
    rng = np.random.default_rng()


def set_default_dtype(dtype):
    """Make Python floats become `dtype` tensors (float32 unless changed, like PyTorch)."""
    _Defaults.dtype = np.dtype(dtype)


def get_default_dtype():
    return _Defaults.dtype


class Size(tuple):
    """A tensor's shape: a tuple that prints like PyTorch's `torch.Size([2, 3])`."""

    def __repr__(self):
        return f"Size({list(self)})"

    __str__ = __repr__


MinMax = namedtuple("MinMax", ["values", "indices"])

_SCALAR = (numbers.Number,)


def _operand(x):
    """The other operand of `x + other`: a Tensor, or a Python number kept as a number
    (numpy scalars become Python ones, so they stay 'weak' as in PyTorch)."""
    if isinstance(x, Tensor) or type(x) is float or type(x) is int:
        return x
    if isinstance(x, _SCALAR) and not isinstance(x, np.ndarray):
        return x.item() if isinstance(x, np.generic) else x
    return Tensor._make(_to_array(x, None))


class Tensor:
    """An n-dimensional array that can record the operations applied to it."""

    __slots__ = (
        "data", "grad", "requires_grad", "grad_fn",
        "_vc", "_hooks", "_acc", "_tangent", "__weakref__",
    )
    __array_ufunc__ = None  # numpy defers to Tensor's operators: ndarray * Tensor -> Tensor
    __hash__ = object.__hash__

    def __init__(self, data, dtype=None, requires_grad=False):
        array = _to_array(data, dtype)
        self.data = array
        self.grad = None
        self.requires_grad = False
        self.grad_fn = None
        self._vc = None
        self._hooks = None
        self._acc = None
        self._tangent = None
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _make(cls, data: np.ndarray, requires_grad: bool = False, grad_fn=None) -> Tensor:
        """Wrap an array without copying or checking (the fast path used by every op)."""
        t = object.__new__(cls)
        t.data = data
        t.grad = None
        t.requires_grad = requires_grad
        t.grad_fn = grad_fn
        t._vc = None
        t._hooks = None
        t._acc = None
        t._tangent = None
        return t

    @property
    def _version(self) -> list:
        """The version counter [n], shared with views; in-place changes add 1.

        Made on first use: most tensors are never saved for backward nor changed in place,
        and one object fewer per operation keeps the garbage collector's work down.
        """
        if self._vc is None:
            self._vc = [0]
        return self._vc

    @_version.setter
    def _version(self, counter: list):
        self._vc = counter

    # ----- what a tensor is -------------------------------------------------------------
    @property
    def shape(self) -> Size:
        return Size(self.data.shape)

    def size(self, dim=None):
        return Size(self.data.shape) if dim is None else self.data.shape[dim]

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    def dim(self) -> int:
        return self.data.ndim

    def numel(self) -> int:
        return int(self.data.size)

    @property
    def device(self) -> str:
        return "cpu"

    @property
    def is_leaf(self) -> bool:
        """True for tensors created by the user (and for anything not requiring grad)."""
        return self.grad_fn is None

    def __repr__(self):
        return _format.tensor_repr(self, _Defaults.dtype)

    def __format__(self, format_spec):
        """f"{t}" of a 0-d tensor formats its number, as PyTorch does (f"{x.grad}" -> 6.0)."""
        if self.data.ndim == 0:
            return self.data.item().__format__(format_spec)
        return object.__format__(self, format_spec)

    def __len__(self):
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.data.shape[0]

    def __iter__(self):
        if self.data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.data.shape[0]))

    # ----- leaving the graph ------------------------------------------------------------
    def item(self):
        if self.data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self.data.size} elements cannot be converted to Scalar. "
                "Reduce it first (e.g. .sum()) or index one element."
            )
        return self.data.item()

    def numpy(self) -> np.ndarray:
        if self.requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. "
                "Use tensor.detach().numpy() instead."
            )
        return self.data

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def tolist(self):
        return self.data.tolist()

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if not np.issubdtype(self.data.dtype, np.integer):
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __bool__(self):
        if self.data.size != 1:
            raise RuntimeError(
                f"Boolean value of Tensor with more than one value is ambiguous (shape "
                f"{tuple(self.data.shape)}). Use .any() or .all(), or compare a reduced value."
            )
        return bool(self.data.item())

    def detach(self) -> Tensor:
        """The same values, cut from the graph: gradients do not flow through the result."""
        out = Tensor._make(self.data)
        out._version = self._version
        return out

    def clone(self) -> Tensor:
        return ew.Clone.apply(self)

    def to(self, dtype) -> Tensor:
        dtype = np.dtype(dtype)
        if dtype == self.data.dtype:
            return self
        return ew.Cast.apply(self, dtype)

    def double(self) -> Tensor:
        return self.to(np.float64)

    def float(self) -> Tensor:
        return self.to(np.float32)

    # ----- autograd ---------------------------------------------------------------------
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if requires_grad and not np.issubdtype(self.data.dtype, np.floating):
            raise RuntimeError(
                f"only Tensors of floating point dtype can require gradients (this one is "
                f"{self.data.dtype}). Create it with float values, e.g. arange(4.0) not arange(4)."
            )
        if not requires_grad and self.grad_fn is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Keep `.grad` for this non-leaf tensor after backward (leaves always keep theirs)."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None:
            self.grad_fn._retained = weakref.ref(self)

    @property
    def retains_grad(self) -> bool:
        return self.grad_fn is not None and self.grad_fn._retained is not None

    def register_hook(self, hook):
        """Call hook(grad) when this tensor's gradient is computed; it may return a new one."""
        if not self.requires_grad:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient"
            )
        return autograd.function.register_tensor_hook(self, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute d(self)/d(leaf) for every leaf and add it to `leaf.grad`.

        A non-scalar output needs `gradient` (a vector v of the output's shape): the
        result is then the vector-Jacobian product vᵀJ.
        """
        autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # ----- in-place changes -------------------------------------------------------------
    def _check_inplace(self):
        if autograd.is_grad_enabled() and self.requires_grad and self.grad_fn is None:
            raise RuntimeError(
                "a leaf Variable that requires grad is being used in an in-place operation. "
                "Update parameters inside `with course_lib.no_grad():`, or use an "
                "out-of-place operation (x = x + 1)."
            )

    def _inplace(self, function, other):
        """Apply `function` (a binary op) in place, recording it if the graph needs it."""
        self._check_inplace()
        other_t = other if isinstance(other, Tensor) else None
        records = autograd.is_grad_enabled() and (
            self.requires_grad or (other_t is not None and other_t.requires_grad)
        )
        if records:
            alias = Tensor._make(self.data, self.requires_grad, self.grad_fn)
            alias._version = self._version
            alias._acc = self._acc
            result = function(alias, other)
            self.data[...] = result.data
            self._version[0] += 1
            self.grad_fn = result.grad_fn
            self.requires_grad = True
            return self
        value = other.data if isinstance(other, Tensor) else other
        result = function(Tensor._make(self.data), value)
        self.data[...] = result.data
        self._version[0] += 1
        return self

    def add_(self, other, alpha=1):
        if alpha != 1:
            other = other * alpha
        return self._inplace(Tensor.__add__, other)

    def sub_(self, other, alpha=1):
        if alpha != 1:
            other = other * alpha
        return self._inplace(Tensor.__sub__, other)

    def mul_(self, other):
        return self._inplace(Tensor.__mul__, other)

    def div_(self, other):
        return self._inplace(Tensor.__truediv__, other)

    # x += y, x -= y, ... change x in place, as in PyTorch (e.g. `w -= lr * w.grad` in no_grad)
    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def zero_(self) -> Tensor:
        self._check_inplace()
        self.data[...] = 0
        self._version[0] += 1
        return self

    def fill_(self, value) -> Tensor:
        self._check_inplace()
        self.data[...] = value
        self._version[0] += 1
        return self

    def __setitem__(self, key, value):
        self._check_inplace()
        value_requires = isinstance(value, Tensor) and value.requires_grad
        if autograd.is_grad_enabled() and (self.requires_grad or value_requires):
            raise RuntimeError(
                "course_lib does not record assignment into part of a tensor that is in a "
                "graph (x[i] = ...). Build the result out of place instead, e.g. with "
                "course_lib.where(mask, new, x) or course_lib.cat([...])."
            )
        self.data[_key(key)] = value.data if isinstance(value, Tensor) else value
        self._version[0] += 1

    # ----- arithmetic -------------------------------------------------------------------
    # A Python number stays a number (so float32 * 2.5 stays float32, as in PyTorch): the
    # op treats it as a constant. Arrays and lists become constant Tensors.
    def __add__(self, other):
        return ew.Add.apply(self, _operand(other))

    __radd__ = __add__

    def __sub__(self, other):
        return ew.Sub.apply(self, _operand(other))

    def __rsub__(self, other):
        return ew.Sub.apply(_operand(other), self)

    def __mul__(self, other):
        return ew.Mul.apply(self, _operand(other))

    __rmul__ = __mul__

    def __truediv__(self, other):
        return ew.Div.apply(self, _operand(other))

    def __rtruediv__(self, other):
        return ew.Div.apply(_operand(other), self)

    def __pow__(self, other):
        return ew.Pow.apply(self, _operand(other))

    def __rpow__(self, other):
        return ew.Pow.apply(_operand(other), self)

    def __neg__(self):
        return ew.Neg.apply(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return ew.Abs.apply(self)

    def __matmul__(self, other):
        return la.Matmul.apply(self, _as_tensor(other))

    def __rmatmul__(self, other):
        return la.Matmul.apply(_as_tensor(other), self)

    # comparisons give plain boolean tensors (no gradient flows through a comparison)
    def __lt__(self, other):
        return Tensor._make(np.asarray(self.data < _data(other)))

    def __le__(self, other):
        return Tensor._make(np.asarray(self.data <= _data(other)))

    def __gt__(self, other):
        return Tensor._make(np.asarray(self.data > _data(other)))

    def __ge__(self, other):
        return Tensor._make(np.asarray(self.data >= _data(other)))

    def __eq__(self, other):
        return Tensor._make(np.asarray(self.data == _data(other)))

    def __ne__(self, other):
        return Tensor._make(np.asarray(self.data != _data(other)))

    def __invert__(self):
        return Tensor._make(np.asarray(~self.data))

    def __and__(self, other):
        return Tensor._make(np.asarray(self.data & _data(other)))

    def __or__(self, other):
        return Tensor._make(np.asarray(self.data | _data(other)))

    def eq(self, other):
        return self == other

    def equal(self, other) -> bool:
        """True when both tensors have the same shape and values."""
        return bool(np.array_equal(self.data, _data(other)))

    def allclose(self, other, rtol=1e-05, atol=1e-08) -> bool:
        return bool(np.allclose(self.data, _data(other), rtol=rtol, atol=atol))

    def all(self):
        return Tensor._make(np.asarray(self.data.all()))

    def any(self):
        return Tensor._make(np.asarray(self.data.any()))

    def argmax(self, dim=None, keepdim=False):
        return Tensor._make(np.asarray(np.argmax(self.data, axis=dim, keepdims=keepdim)))

    def argmin(self, dim=None, keepdim=False):
        return Tensor._make(np.asarray(np.argmin(self.data, axis=dim, keepdims=keepdim)))

    def sign(self):
        return Tensor._make(np.sign(self.data))

    # ----- elementwise functions --------------------------------------------------------
    def exp(self):
        return ew.Exp.apply(self)

    def log(self):
        return ew.Log.apply(self)

    def sqrt(self):
        return ew.Sqrt.apply(self)

    def sin(self):
        return ew.Sin.apply(self)

    def cos(self):
        return ew.Cos.apply(self)

    def tanh(self):
        return ew.Tanh.apply(self)

    def sigmoid(self):
        return ew.Sigmoid.apply(self)

    def relu(self):
        return ew.Relu.apply(self)

    def abs(self):
        return ew.Abs.apply(self)

    def pow(self, exponent):
        return self**exponent

    def clamp(self, min=None, max=None):  # noqa: A002 - PyTorch's argument names
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        return ew.Clamp.apply(self, min, max)

    clip = clamp

    def maximum(self, other):
        return ew.Maximum.apply(self, _as_tensor(other))

    def minimum(self, other):
        return ew.Minimum.apply(self, _as_tensor(other))

    # ----- linear algebra ---------------------------------------------------------------
    def dot(self, other):
        return la.Dot.apply(self, _as_tensor(other))

    def matmul(self, other):
        return la.Matmul.apply(self, _as_tensor(other))

    mm = matmul
    mv = matmul

    # ----- reductions -------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        dim = axis if dim is None else dim
        keepdim = keepdims if keepdims is not None else keepdim
        return red.Sum.apply(self, dim, bool(keepdim))

    def mean(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        if not np.issubdtype(self.data.dtype, np.floating):
            raise RuntimeError(
                f"mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {self.data.dtype}. Use .float() first."
            )
        dim = axis if dim is None else dim
        keepdim = keepdims if keepdims is not None else keepdim
        return red.Mean.apply(self, dim, bool(keepdim))

    def max(self, dim=None, keepdim=False):
        if isinstance(dim, Tensor):
            return self.maximum(dim)
        values = red.Max.apply(self, dim, keepdim)
        if dim is None:
            return values
        index = np.argmax(self.data, axis=dim, keepdims=keepdim) if self.data.ndim else 0
        return MinMax(values, Tensor._make(np.asarray(index)))

    def min(self, dim=None, keepdim=False):
        if isinstance(dim, Tensor):
            return self.minimum(dim)
        values = red.Min.apply(self, dim, keepdim)
        if dim is None:
            return values
        index = np.argmin(self.data, axis=dim, keepdims=keepdim) if self.data.ndim else 0
        return MinMax(values, Tensor._make(np.asarray(index)))

    def amax(self, dim=(), keepdim=False):
        """The largest value over `dim` (all dims by default); ties share the gradient."""
        return red.Amax.apply(self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        """The smallest value over `dim` (all dims by default); ties share the gradient."""
        return red.Amin.apply(self, dim, keepdim)

    def prod(self, dim=None, keepdim=False):
        return red.Prod.apply(self, dim, keepdim)

    def var(self, dim=None, *, correction=None, keepdim=False, unbiased=None):
        """Σ(x - mean)² / (N - correction); correction=1 (unbiased) unless told otherwise."""
        return red.Var.apply(self, dim, _correction(correction, unbiased), keepdim)

    def std(self, dim=None, *, correction=None, keepdim=False, unbiased=None):
        """The square root of var (same arguments)."""
        return red.Std.apply(self, dim, _correction(correction, unbiased), keepdim)

    def logsumexp(self, dim, keepdim=False):
        """log Σ exp(x) over `dim`, computed without overflow."""
        return red.LogSumExp.apply(self, dim, keepdim)

    def cumsum(self, dim):
        return red.Cumsum.apply(self, dim)

    def norm(self, p=2, dim=None, keepdim=False):
        if p in (2, "fro"):
            return red.Norm.apply(self, dim, keepdim)
        if p == 1:
            return self.abs().sum(dim, keepdim)
        raise ValueError(f"norm(p={p!r}) is not supported: use p=2 (default) or p=1.")

    def softmax(self, dim=-1):
        return red.Softmax.apply(self, dim)

    def log_softmax(self, dim=-1):
        return red.LogSoftmax.apply(self, dim)

    # ----- shapes -----------------------------------------------------------------------
    def reshape(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return sh.Reshape.apply(self, tuple(shape))

    def view(self, *shape):
        """Like reshape, but only when no copy is needed (PyTorch's rule); else an error."""
        out = self.reshape(*shape)
        if out.data.size and not np.may_share_memory(out.data, self.data):
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least one "
                "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
            )
        return out

    def flatten(self):
        return self.reshape(-1)

    def transpose(self, dim0, dim1):
        return sh.Transpose.apply(self, dim0, dim1)

    swapaxes = transpose

    def t(self):
        if self.data.ndim > 2:
            raise RuntimeError(
                f"t() expects a tensor with <= 2 dimensions, but self is {self.data.ndim}D. "
                "Use transpose(dim0, dim1) or permute(...) instead."
            )
        return sh.T.apply(self, tuple(reversed(range(self.data.ndim))))

    @property
    def T(self):  # noqa: N802 - PyTorch's name
        return sh.Permute.apply(self, tuple(reversed(range(self.data.ndim))))

    def permute(self, *dims):
        dims = dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        return sh.Permute.apply(self, tuple(dims))

    def unsqueeze(self, dim):
        return sh.Unsqueeze.apply(self, dim)

    def squeeze(self, dim=None):
        return sh.Squeeze.apply(self, dim)

    def expand(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        offset = len(shape) - self.data.ndim
        shape = tuple(
            self.data.shape[i - offset] if n == -1 else n for i, n in enumerate(shape)
        )
        return sh.Expand.apply(self, shape)

    def expand_as(self, other):
        return self.expand(other.shape)

    def gather(self, dim, index):
        """out[i][j] = self[index[i][j]][j] for dim=0 (and so on): pick along `dim`."""
        return sh.Gather.apply(self, dim, _data(index))

    def __getitem__(self, key):
        return sh.Index.apply(self, _key(key))


def _correction(correction, unbiased):
    """var/std's divisor N - correction: PyTorch's `correction`, or the older `unbiased`."""
    if correction is not None and unbiased is not None:
        raise RuntimeError("var/std: pass either correction= or unbiased=, not both")
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _key(key):
    """Turn Tensors and lists inside an index into numpy arrays."""
    if isinstance(key, tuple):
        return tuple(_key(k) for k in key)
    if isinstance(key, Tensor):
        return key.data
    if isinstance(key, list):
        array = np.asarray([k.item() if isinstance(k, Tensor) else k for k in key])
        return array.astype(np.int64) if array.size == 0 else array  # x[[]]: no elements
    return key


def _data(x):
    return x.data if isinstance(x, Tensor) else x


def _as_tensor(x) -> Tensor:
    """Operands that are not Tensors (arrays, lists) take part as constants."""
    if isinstance(x, Tensor):
        return x
    return Tensor._make(_to_array(x, None))


def _to_array(data, dtype) -> np.ndarray:
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None:
        return np.array(data, dtype=dtype)
    if isinstance(data, np.ndarray):
        return data.copy()
    array = np.array(data)
    if array.dtype == np.float64 and not isinstance(data, np.floating):
        array = array.astype(_Defaults.dtype)
    elif array.dtype == object:
        raise TypeError(f"could not make a tensor from {type(data).__name__}: {data!r}")
    return array


# ----------------------------------------------------------------------------------------
# creation
# ----------------------------------------------------------------------------------------


def tensor(data, dtype=None, requires_grad=False) -> Tensor:
    """A new tensor holding a copy of `data` (floats become float32 unless `dtype` says)."""
    return Tensor(data, dtype=dtype, requires_grad=requires_grad)


def _finish(array, dtype, requires_grad) -> Tensor:
    if dtype is not None:
        array = array.astype(dtype, copy=False)
    t = Tensor._make(array)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _size(size) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def arange(start, end=None, step=1, dtype=None, requires_grad=False) -> Tensor:
    """Like torch.arange: `arange(4.0)` is float32 [0., 1., 2., 3.], `arange(4)` is int64."""
    if end is None:
        start, end = 0, start
    floating = any(isinstance(v, float) for v in (start, end, step))
    default = _Defaults.dtype if floating else np.int64
    return _finish(np.arange(start, end, step, dtype=dtype or default), None, requires_grad)


def zeros(*shape, size=None, dtype=None, requires_grad=False) -> Tensor:
    size = _size(shape) if size is None else tuple(size)
    return _finish(np.zeros(size, dtype=dtype or _Defaults.dtype), None, requires_grad)


def ones(*shape, size=None, dtype=None, requires_grad=False) -> Tensor:
    size = _size(shape) if size is None else tuple(size)
    return _finish(np.ones(size, dtype=dtype or _Defaults.dtype), None, requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False) -> Tensor:
    if dtype is None:
        dtype = _Defaults.dtype if isinstance(fill_value, float) else np.asarray(fill_value).dtype
    size = (size,) if isinstance(size, int) else tuple(size)
    return _finish(np.full(size, fill_value, dtype=dtype), None, requires_grad)


def eye(n, m=None, dtype=None, requires_grad=False) -> Tensor:
    return _finish(np.eye(n, m, dtype=dtype or _Defaults.dtype), None, requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False) -> Tensor:
    return _finish(np.linspace(start, end, steps, dtype=dtype or _Defaults.dtype), None,
                   requires_grad)


def manual_seed(seed: int):
    """Seed the generator behind randn/rand (results differ from PyTorch's, seed for seed)."""
    _Defaults.rng = np.random.default_rng(seed)
    return _Defaults.rng


def randn(*shape, size=None, dtype=None, requires_grad=False) -> Tensor:
    """Standard normal samples; `randn(2, 3)`, `randn((2, 3))` or `randn(size=())`."""
    size = _size(shape) if size is None else tuple(size)
    return _finish(_Defaults.rng.standard_normal(size).astype(dtype or _Defaults.dtype),
                   None, requires_grad)


def rand(*shape, size=None, dtype=None, requires_grad=False) -> Tensor:
    size = _size(shape) if size is None else tuple(size)
    return _finish(_Defaults.rng.random(size).astype(dtype or _Defaults.dtype), None,
                   requires_grad)


def randint(low, high=None, size=(), dtype=None) -> Tensor:
    if high is None:
        low, high = 0, low
    return _finish(_Defaults.rng.integers(low, high, size=size), dtype or np.int64, False)


def _like(maker, other: Tensor, dtype, requires_grad):
    return _finish(maker(other.data.shape, dtype=dtype or other.data.dtype), None, requires_grad)


def zeros_like(other, dtype=None, requires_grad=False) -> Tensor:
    return _like(np.zeros, other, dtype, requires_grad)


def ones_like(other, dtype=None, requires_grad=False) -> Tensor:
    return _like(np.ones, other, dtype, requires_grad)


def full_like(other, fill_value, dtype=None, requires_grad=False) -> Tensor:
    return _finish(np.full(other.data.shape, fill_value, dtype=dtype or other.data.dtype), None,
                   requires_grad)


def randn_like(other, dtype=None, requires_grad=False) -> Tensor:
    return randn(*other.data.shape, dtype=dtype or other.data.dtype, requires_grad=requires_grad)


def rand_like(other, dtype=None, requires_grad=False) -> Tensor:
    return rand(*other.data.shape, dtype=dtype or other.data.dtype, requires_grad=requires_grad)


# ----------------------------------------------------------------------------------------
# The one cycle in the layering, closed here: Tensor's methods call the layers above
# (autograd's engine and grad modes, the ops). They are imported after everything above is
# defined, so that those layers can in turn import Tensor from this module.
# ----------------------------------------------------------------------------------------
from course_lib import autograd  # noqa: E402
from course_lib.ops import elementwise as ew  # noqa: E402
from course_lib.ops import linalg as la  # noqa: E402
from course_lib.ops import reductions as red  # noqa: E402
from course_lib.ops import shape as sh  # noqa: E402
