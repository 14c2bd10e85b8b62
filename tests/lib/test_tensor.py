"""Tensor itself: creation, dtypes, properties, conversions, in-place methods and repr.

The expected reprs are PyTorch's own output for the same tensors (test_torch_parity.py
also compares random tensors with torch's printing when torch is installed).
"""

from __future__ import annotations

import numpy as np
import pytest

import course_lib as cl

# ----------------------------------------------------------------------------------
# creation and dtypes
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("data, dtype", [
    ([1.0, 2.0], np.float32),  # Python floats -> float32 (PyTorch's default)
    (3.5, np.float32),
    ([1, 2.0], np.float32),
    ([1, 2], np.int64),
    (7, np.int64),
    ([True, False], np.bool_),
    (np.ones(2), np.float64),  # a numpy array keeps its dtype
    (np.ones(2, dtype=np.float32), np.float32),
    (np.float64(2.0), np.float64),
])
def test_tensor_infers_dtype_like_pytorch(data, dtype):
    assert cl.tensor(data).dtype == dtype


def test_tensor_dtype_argument_and_float64_on_request():
    assert cl.tensor([1, 2], dtype=cl.float64).dtype == np.float64
    assert cl.tensor([1.0], dtype=cl.float32).dtype == np.float32
    assert cl.tensor([1.5], dtype=cl.double).dtype == np.float64
    assert cl.tensor([1.5], dtype=cl.float).dtype == np.float32


def test_tensor_copies_its_data():
    a = np.array([1.0, 2.0])
    t = cl.tensor(a)
    a[0] = 99
    assert t.tolist() == [1.0, 2.0]
    u = cl.tensor(t)
    t.data[1] = -1
    assert u.tolist() == [1.0, 2.0]


def test_tensor_from_an_object_that_is_not_numeric_raises():
    with pytest.raises(TypeError, match="could not make a tensor"):
        cl.tensor({"a": 1})


def test_arange_float_and_int():
    x = cl.arange(4.0)
    assert x.dtype == np.float32 and x.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert cl.arange(4).dtype == np.int64
    assert cl.arange(1, 4, 0.5).tolist() == [1.0, 1.5, 2.0, 2.5, 3.0, 3.5]
    assert cl.arange(2, 8, 2).tolist() == [2, 4, 6]
    assert cl.arange(3, dtype=cl.float64).dtype == np.float64
    assert cl.arange(4.0, requires_grad=True).requires_grad


@pytest.mark.parametrize("make", [cl.zeros, cl.ones])
def test_zeros_and_ones_shapes(make):
    assert make(2, 3).shape == (2, 3)
    assert make((2, 3)).shape == (2, 3)
    assert make([4]).shape == (4,)
    assert make(size=(1, 2)).shape == (1, 2)
    assert make().shape == ()
    assert make(2).dtype == np.float32
    assert make(2, dtype=cl.float64).dtype == np.float64
    assert make(2, requires_grad=True).requires_grad


def test_full_eye_linspace():
    assert cl.full((2, 2), 7.0).tolist() == [[7.0, 7.0], [7.0, 7.0]]
    assert cl.full((2,), 7.0).dtype == np.float32
    assert cl.full(3, 2).dtype == np.int64
    assert cl.eye(2).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert cl.eye(2, 3).shape == (2, 3)
    assert cl.linspace(0, 1, 5).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert cl.linspace(0, 1, 5).dtype == np.float32


def test_like_constructors_keep_shape_and_dtype():
    x = cl.ones(2, 3, dtype=cl.float64)
    for made in (cl.zeros_like(x), cl.ones_like(x), cl.full_like(x, 4.0), cl.randn_like(x),
                 cl.rand_like(x)):
        assert made.shape == (2, 3) and made.dtype == np.float64
    assert cl.zeros_like(x).tolist() == [[0.0] * 3] * 2
    assert cl.full_like(x, 4.0).tolist() == [[4.0] * 3] * 2
    assert cl.zeros_like(x, dtype=cl.float32).dtype == np.float32
    assert cl.ones_like(x, requires_grad=True).requires_grad


def test_random_creation_is_seeded_and_shaped():
    cl.manual_seed(123)
    a = cl.randn(3, 4)
    b = cl.rand(5)
    cl.manual_seed(123)
    assert cl.randn(3, 4).equal(a)
    assert cl.rand(5).equal(b)
    assert a.dtype == np.float32 and a.shape == (3, 4)
    assert 0 <= b.data.min() and b.data.max() < 1
    assert cl.randn(size=()).shape == ()
    assert cl.randn((2, 2), dtype=cl.float64).dtype == np.float64
    r = cl.randint(0, 3, size=(100,))
    assert r.dtype == np.int64 and set(r.tolist()) <= {0, 1, 2}


def test_set_default_dtype_changes_python_float_tensors():
    assert cl.get_default_dtype() == np.float32
    try:
        cl.set_default_dtype(cl.float64)
        assert cl.tensor([1.0]).dtype == np.float64
        assert cl.arange(3.0).dtype == np.float64
        assert cl.zeros(2).dtype == np.float64
        assert repr(cl.tensor([1.5])) == "tensor([1.5000])"
        f32 = cl.tensor([1.5], dtype=cl.float32)
        assert repr(f32) == "tensor([1.5000], dtype=course_lib.float32)"
    finally:
        cl.set_default_dtype(cl.float32)
    assert cl.tensor([1.0]).dtype == np.float32


def test_arithmetic_dtypes_follow_pytorch_for_floats():
    f32 = cl.ones(2)
    f64 = cl.ones(2, dtype=cl.float64)
    assert (f32 * 2.5).dtype == np.float32  # Python numbers do not widen a tensor
    assert (f32 * np.float64(2.5)).dtype == np.float32
    assert (f32 + f64).dtype == np.float64
    assert (f32 / 3).dtype == np.float32
    assert (2 ** f32).dtype == np.float32
    assert (cl.arange(3) + 2).dtype == np.int64


def test_numpy_array_operands_are_constants():
    x = cl.ones(2, requires_grad=True)
    y = np.array([2.0, 3.0]) * x  # numpy defers to Tensor
    assert isinstance(y, cl.Tensor) and y.requires_grad
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 3.0]


# ----------------------------------------------------------------------------------
# properties and conversions
# ----------------------------------------------------------------------------------


def test_shape_size_ndim_numel():
    x = cl.zeros(2, 3)
    assert x.shape == (2, 3) and isinstance(x.shape, tuple)
    assert repr(x.shape) == "Size([2, 3])" and str(x.size()) == "Size([2, 3])"
    assert x.size(1) == 3 and x.size(-1) == 3
    assert x.ndim == 2 and x.dim() == 2
    assert x.numel() == 6 and cl.numel(x) == 6
    assert x.device == "cpu"
    assert cl.tensor(1.0).shape == ()


def test_item_tolist_float_int():
    assert cl.tensor(2.5).item() == 2.5 and isinstance(cl.tensor(2.5).item(), float)
    assert isinstance(cl.tensor([3]).item(), int)
    assert cl.tensor([[1.0, 2.0]]).tolist() == [[1.0, 2.0]]
    assert float(cl.tensor([2.5])) == 2.5
    assert int(cl.tensor(3.7)) == 3
    with pytest.raises(RuntimeError, match="2 elements cannot be converted to Scalar"):
        cl.ones(2).item()


def test_truth_value_len_iteration_and_index():
    assert bool(cl.tensor([1.0])) and not bool(cl.tensor(0.0))
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(cl.ones(2))
    assert len(cl.zeros(3, 2)) == 3
    with pytest.raises(TypeError, match="len"):
        len(cl.tensor(1.0))
    rows = list(cl.tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert [r.tolist() for r in rows] == [[1.0, 2.0], [3.0, 4.0]]
    assert [10, 20, 30][cl.tensor(1)] == 20
    with pytest.raises(TypeError):
        [10, 20][cl.tensor(1.0)]


def test_numpy_shares_memory_and_refuses_when_grad_is_required():
    x = cl.tensor([1.0, 2.0])
    a = x.numpy()
    a[0] = 5.0
    assert x.tolist() == [5.0, 2.0]
    assert np.asarray(x).tolist() == [5.0, 2.0]
    y = cl.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires grad"):
        y.numpy()


def test_hash_is_identity_so_tensors_can_be_dict_keys():
    a, b = cl.tensor([1.0]), cl.tensor([1.0])
    assert len({a: 1, b: 2}) == 2


def test_detach_clone_and_dtype_conversions():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    c = x.clone()
    assert c.grad_fn.name() == "CloneBackward0" and not np.shares_memory(c.data, x.data)
    d = x.double()
    assert d.dtype == np.float64 and d.grad_fn.name() == "ToCopyBackward0"
    (d * d).sum().backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [2.0, 4.0]
    assert x.to(cl.float32) is x
    assert cl.ones(1, dtype=cl.float64).float().dtype == np.float32


def test_requires_grad_underscore_returns_self():
    x = cl.arange(3.0)
    assert x.requires_grad_() is x and x.requires_grad
    assert x.requires_grad_(False) is x and not x.requires_grad


def test_comparisons_and_logical_helpers():
    x = cl.tensor([1.0, -2.0, 3.0])
    assert (x > 0).tolist() == [True, False, True]
    assert (x == cl.tensor([1.0, 0.0, 3.0])).tolist() == [True, False, True]
    assert x.eq(1.0).tolist() == [True, False, False]
    assert ((x > 0) & (x < 2)).tolist() == [True, False, False]
    assert ((x > 2) | (x < 0)).tolist() == [False, True, True]
    assert (~(x > 0)).tolist() == [False, True, False]
    assert (x > 0).any().item() and not (x > 0).all().item()
    assert x.argmax().item() == 2 and x.argmin().item() == 1
    assert x.sign().tolist() == [1.0, -1.0, 1.0]
    assert x.equal(cl.tensor([1.0, -2.0, 3.0])) and not x.equal(cl.tensor([1.0, -2.0]))
    assert cl.equal(x, x) and cl.allclose(x, x + 1e-9) and not x.allclose(x + 1)


# ----------------------------------------------------------------------------------
# in-place methods
# ----------------------------------------------------------------------------------


def test_in_place_methods_change_the_tensor_and_return_it():
    x = cl.tensor([1.0, 2.0])
    assert x.add_(1) is x and x.tolist() == [2.0, 3.0]
    assert x.sub_(cl.tensor([1.0, 1.0])) is x and x.tolist() == [1.0, 2.0]
    assert x.mul_(3) is x and x.tolist() == [3.0, 6.0]
    assert x.div_(3) is x and x.tolist() == [1.0, 2.0]
    assert x.add_(cl.tensor([1.0, 1.0]), alpha=2).tolist() == [3.0, 4.0]
    assert x.sub_(1, alpha=3).tolist() == [0.0, 1.0]
    assert x.fill_(7.0).tolist() == [7.0, 7.0]
    assert x.zero_().tolist() == [0.0, 0.0]


def test_setitem_writes_values():
    x = cl.zeros(2, 3)
    x[0] = 1.0
    x[1, 1:] = cl.tensor([5.0, 6.0])
    x[cl.tensor([0]), 2] = 9.0
    assert x.tolist() == [[1.0, 1.0, 9.0], [0.0, 5.0, 6.0]]


def test_setitem_into_a_graph_tensor_explains_the_alternative():
    x = cl.ones(3, requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="where"):
        y[0] = 5.0


def test_grad_zero_keeps_the_grad_object():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    g = x.grad
    x.grad.zero_()
    (x * 3).sum().backward()
    assert x.grad is g and g.tolist() == [3.0, 3.0]


# ----------------------------------------------------------------------------------
# repr: PyTorch's printed form
# ----------------------------------------------------------------------------------

REPRS = [
    (lambda: cl.arange(4.0), "tensor([0., 1., 2., 3.])"),
    (lambda: cl.arange(4.0, requires_grad=True), "tensor([0., 1., 2., 3.], requires_grad=True)"),
    (lambda: cl.tensor(28.0), "tensor(28.)"),
    (lambda: cl.tensor([0.0, 4.0, 8.0, 12.0]), "tensor([ 0.,  4.,  8., 12.])"),
    (lambda: cl.tensor([1.5, -2.25, 3.0]), "tensor([ 1.5000, -2.2500,  3.0000])"),
    (lambda: cl.tensor(0.1), "tensor(0.1000)"),
    (lambda: cl.tensor(-0.5), "tensor(-0.5000)"),
    (lambda: cl.tensor([1e-5, 1.0]), "tensor([1.0000e-05, 1.0000e+00])"),
    (lambda: cl.tensor([1e5, 1.0]), "tensor([1.0000e+05, 1.0000e+00])"),
    (lambda: cl.tensor([[1.0, 2.0], [3.0, 4.0]]), "tensor([[1., 2.],\n        [3., 4.]])"),
    (lambda: cl.tensor([[[1.0, 2.0]], [[3.0, 4.0]]]),
     "tensor([[[1., 2.]],\n\n        [[3., 4.]]])"),
    (lambda: cl.tensor([1, 2, 3]), "tensor([1, 2, 3])"),
    (lambda: cl.tensor([True, False]), "tensor([ True, False])"),
    (lambda: cl.tensor([1, 2], dtype=cl.int32), "tensor([1, 2], dtype=course_lib.int32)"),
    (lambda: cl.tensor([1.0, 2.0], dtype=cl.float64),
     "tensor([1., 2.], dtype=course_lib.float64)"),
    (lambda: cl.tensor([]), "tensor([])"),
    (lambda: cl.zeros(2, 0), "tensor([], size=(2, 0))"),
    (lambda: cl.zeros(0, dtype=cl.int64), "tensor([], dtype=course_lib.int64)"),
    (lambda: cl.tensor([float("nan"), 1.0]), "tensor([nan, 1.])"),
    (lambda: cl.tensor([float("inf"), -1.0]), "tensor([inf, -1.])"),
    (lambda: cl.tensor([-0.0, 0.0]), "tensor([-0., 0.])"),
    (lambda: cl.tensor([30.0, 30.0, 0.0]), "tensor([30., 30.,  0.])"),
    (lambda: cl.tensor(6.008148193359375), "tensor(6.0081)"),
    (lambda: cl.arange(2000.0),
     "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
     "        1.9990e+03])"),
    (lambda: cl.arange(30.0).reshape(5, 6),
     "tensor([[ 0.,  1.,  2.,  3.,  4.,  5.],\n"
     "        [ 6.,  7.,  8.,  9., 10., 11.],\n"
     "        [12., 13., 14., 15., 16., 17.],\n"
     "        [18., 19., 20., 21., 22., 23.],\n"
     "        [24., 25., 26., 27., 28., 29.]])"),
    # wraps past 80 columns like torch (which wraps later: "torch." is shorter than "course_lib.")
    (lambda: cl.tensor([1.5, -2.25, 3.0], dtype=cl.float64, requires_grad=True),
     "tensor([ 1.5000, -2.2500,  3.0000], dtype=course_lib.float64,\n       requires_grad=True)"),
]


@pytest.mark.parametrize("make, expected", REPRS, ids=[r[1][:40] for r in REPRS])
def test_repr_matches_pytorchs(make, expected):
    assert repr(make()) == expected


def test_repr_shows_grad_fn_and_str_is_repr():
    x = cl.arange(4.0, requires_grad=True)
    y = 2 * cl.dot(x, x)
    assert repr(y) == "tensor(28., grad_fn=<MulBackward0>)"
    assert str(y) == repr(y)
    assert repr(x * 2) == "tensor([0., 2., 4., 6.], grad_fn=<MulBackward0>)"


def test_format_of_a_0d_tensor_is_its_number():
    x = cl.tensor(3.0, requires_grad=True)
    assert f"{x * 2}" == "6.0"
    assert f"{x:.3f}" == "3.000"
    assert f"{cl.ones(2)}" == "tensor([1., 1.])"
    with pytest.raises(TypeError):
        f"{cl.ones(2):.2f}"


def test_view_needs_no_copy_and_reshape_copies_when_it_must():
    leaf = cl.arange(6.0, requires_grad=True)
    x = leaf.reshape(2, 3)
    assert x.view(3, 2).grad_fn.name() == "ViewBackward0"
    with pytest.raises(RuntimeError, match=r"view size is not compatible.*Use \.reshape"):
        x.T.view(-1)
    a = x * 1
    flat = a.T.reshape(-1)  # a copy: changing it in place must not touch a's version
    b = a.sin()
    flat.add_(1)
    b.sum().backward()
    np.testing.assert_allclose(leaf.grad.data, np.cos(np.arange(6.0)), rtol=1e-6)
