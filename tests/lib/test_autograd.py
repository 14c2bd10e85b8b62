"""Engine semantics, with PyTorch's autograd as the reference (test_torch_parity.py runs
the same situations side by side with torch when it is installed).

.grad None-ness and accumulation, retain_grad, vector-Jacobian products, the errors
(non-scalar backward, nothing requires grad, second backward through freed buffers,
in-place changes caught by version counters), retain_graph / create_graph, grad modes,
hooks, detach, autograd.grad, and walking the graph through grad_fn.next_functions.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course_lib as cl
from course_lib.autograd import AccumulateGrad

# ----------------------------------------------------------------------------------
# .grad: None until backward reaches a leaf; accumulation; leaves and non-leaves
# ----------------------------------------------------------------------------------


def test_grad_is_none_until_backward_reaches_the_leaf():
    x = cl.arange(4.0, requires_grad=True)
    unused = cl.ones(2, requires_grad=True)
    assert x.grad is None
    y = (x * 3).sum()
    assert x.grad is None  # building the graph does not touch .grad
    y.backward()
    assert x.grad.tolist() == [3.0, 3.0, 3.0, 3.0]
    assert unused.grad is None  # not in this graph


def test_a_leaf_behind_a_constant_branch_gets_a_gradient_only_where_it_is_used():
    a = cl.tensor([1.0, 2.0], requires_grad=True)
    b = cl.tensor([5.0, 7.0], requires_grad=True)
    c = cl.tensor([3.0, 4.0])  # a constant
    (a * c + b.detach()).sum().backward()
    assert a.grad.tolist() == [3.0, 4.0]
    assert b.grad is None


def test_gradients_accumulate_across_backwards_until_zeroed():
    x = cl.tensor([1.0, -2.0, 3.0], requires_grad=True)
    for k in range(1, 4):
        (x * x).sum().backward()
        np.testing.assert_allclose(x.grad.data, k * 2 * x.data)
    x.grad.zero_()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]
    x.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]
    x.grad = None  # the other way to reset (what SGD.zero_grad does)
    (2 * x).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_a_tensor_used_twice_in_one_graph_sums_both_paths():
    x = cl.tensor(3.0, dtype=cl.float64, requires_grad=True)
    y = x * x + x.sin() * x  # two uses in each product
    y.backward()
    assert x.grad.item() == pytest.approx(2 * 3.0 + np.cos(3.0) * 3.0 + np.sin(3.0))


def test_diamond_graph():
    x = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
    a = x * x
    (a.sin() * a.cos()).backward()  # = sin(2a)/2, d/dx = cos(2a)·2x
    assert x.grad.item() == pytest.approx(np.cos(2 * 4.0) * 4.0)


def test_is_leaf_and_requires_grad_propagate_like_pytorch():
    a = cl.tensor(1.0)
    b = cl.tensor(2.0, requires_grad=True)
    assert a.is_leaf and b.is_leaf
    assert not (a * a).requires_grad and (a * a).is_leaf and (a * a).grad_fn is None
    ab = a * b
    assert ab.requires_grad and not ab.is_leaf and ab.grad_fn.name() == "MulBackward0"
    assert b.detach().is_leaf and not b.detach().requires_grad


def test_non_leaf_grad_stays_none_unless_retained():
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    z = y * y
    z.sum().backward()
    assert y.grad is None and z.grad is None
    assert not y.retains_grad

    x.grad = None
    y = x * 2
    y.retain_grad()
    assert y.retains_grad
    (y * y).sum().backward()
    assert y.grad.tolist() == [4.0, 8.0, 12.0]  # dz/dy = 2y
    assert x.grad.tolist() == [8.0, 16.0, 24.0]


def test_retained_grad_accumulates_like_a_leafs():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    z = (y * y).sum()
    z.backward(retain_graph=True)
    z.backward()
    assert y.grad.tolist() == [12.0, 24.0]  # 2 · 2y


def test_retain_grad_on_a_leaf_is_harmless_and_on_a_constant_errors():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    x.retain_grad()
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    with pytest.raises(RuntimeError, match="requires_grad=False"):
        cl.tensor([1.0]).retain_grad()


def test_backward_of_a_leaf_itself():
    x = cl.tensor(3.0, requires_grad=True)
    x.backward()
    assert x.grad.item() == 1.0


def test_grads_of_two_leaves_never_share_memory():
    """a + b hands the same gradient to both leaves; each .grad must be its own array."""
    a = cl.tensor([1.0, 2.0], requires_grad=True)
    b = cl.tensor([3.0, 4.0], requires_grad=True)
    c = cl.tensor([[1.0, 1.0], [1.0, 1.0]], requires_grad=True)
    (a + b + c.reshape(2, 2)[0]).sum().backward()
    a.grad.add_(100)
    assert b.grad.tolist() == [1.0, 1.0]
    assert c.grad.tolist() == [[1.0, 1.0], [0.0, 0.0]]
    c.grad.mul_(7)
    assert a.grad.tolist() == [101.0, 101.0] and b.grad.tolist() == [1.0, 1.0]


def test_the_seed_gradient_is_not_adopted_as_a_leaf_grad():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    v = cl.tensor([1.0, 1.0])
    x.backward(gradient=v)
    x.grad.add_(5)
    assert v.tolist() == [1.0, 1.0]
    y = x * 1
    y.backward(gradient=v)
    assert v.tolist() == [1.0, 1.0]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(pattern=st.lists(st.sampled_from(["add", "reshape", "clone", "neg", "expand", "index"]),
                        min_size=1, max_size=5))
def test_leaf_grads_are_independent_for_random_graphs(pattern):
    """Whatever path a gradient takes, changing one leaf's .grad changes nobody else's."""
    leaves = [cl.tensor(np.arange(4.0).reshape(2, 2) + k, requires_grad=True) for k in range(3)]
    y = leaves[0]
    for k, op in enumerate(pattern):
        other = leaves[1 + k % 2]
        if op == "add":
            y = y + other
        elif op == "reshape":
            y = y.reshape(4).reshape(2, 2) + other
        elif op == "clone":
            y = y.clone() + other.clone()
        elif op == "neg":
            y = -y + other
        elif op == "expand":
            y = y + other[0].expand(2, 2)
        else:
            y = y[[0, 1]] + other[:, :]
    y.backward(gradient=cl.ones(2, 2))
    before = {i: None if t.grad is None else t.grad.data.copy() for i, t in enumerate(leaves)}
    for i, t in enumerate(leaves):
        if t.grad is None:
            continue
        t.grad.add_(1000)
        for j, u in enumerate(leaves):
            if j != i and u.grad is not None:
                np.testing.assert_array_equal(u.grad.data, before[j])
        t.grad.sub_(1000)


# ----------------------------------------------------------------------------------
# backward(gradient=v) is a vector-Jacobian product; the errors around it
# ----------------------------------------------------------------------------------


def test_backward_with_gradient_is_a_vector_jacobian_product():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((3, 4))
    x = cl.tensor(rng.standard_normal(4), dtype=cl.float64, requires_grad=True)
    v = rng.standard_normal(3)
    y = cl.tensor(A) @ x.tanh()
    y.backward(gradient=cl.tensor(v, dtype=cl.float64))
    J = A * (1 - np.tanh(x.data) ** 2)  # dy/dx
    np.testing.assert_allclose(x.grad.data, v @ J, rtol=1e-12)


def test_vjp_with_a_one_hot_vector_picks_one_row_of_the_jacobian():
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = cl.stack([x[0] * x[1], x[1] * x[2], x[0] ** 2])
    y.backward(gradient=cl.tensor([0.0, 1.0, 0.0]))
    assert x.grad.tolist() == [0.0, 3.0, 2.0]


def test_nonscalar_backward_without_gradient_raises_pytorchs_error():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    message = "grad can be implicitly created only for scalar outputs"
    with pytest.raises(RuntimeError, match=message):
        (x * 2).backward()
    assert x.grad is None


def test_a_one_element_nonscalar_output_can_backward_implicitly():
    """PyTorch only needs one element (numel == 1), not a 0-d shape."""
    x = cl.tensor([2.0], requires_grad=True)
    (x * x).reshape(1, 1).backward()
    assert x.grad.tolist() == [4.0]


def test_backward_of_a_tensor_that_does_not_require_grad_raises():
    with pytest.raises(RuntimeError, match="does not require grad"):
        cl.tensor(1.0).backward()
    x = cl.tensor(1.0, requires_grad=True)
    with cl.no_grad():
        y = x * 2
    with pytest.raises(RuntimeError, match="does not require grad"):
        y.backward()


def test_gradient_of_the_wrong_shape_raises():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        (x * 2).backward(gradient=cl.ones(3))


# ----------------------------------------------------------------------------------
# freed buffers, retain_graph
# ----------------------------------------------------------------------------------

SECOND_TIME = "Trying to backward through the graph a second time"


@pytest.mark.parametrize("build", [
    lambda x: (x * x).sum(),
    lambda x: x.exp().sum(),
    lambda x: (x @ x),
    lambda x: x.sin().tanh().norm(),
    lambda x: x.softmax(0)[0],
])
def test_second_backward_through_freed_buffers_raises(build):
    x = cl.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = build(x)
    y.backward()
    with pytest.raises(RuntimeError, match=SECOND_TIME) as info:
        y.backward()
    assert "retain_graph=True" in str(info.value)


def test_retain_graph_allows_a_second_backward_and_then_frees():
    x = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
    y = x.exp() * x
    y.backward(retain_graph=True)
    first = x.grad.item()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.item() == pytest.approx(3 * first)
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        y.backward()


def test_graphs_without_saved_values_can_backward_twice():
    """Like PyTorch: only saved values are freed, so add/sum graphs can run again."""
    x = cl.tensor([2.0], requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    assert x.grad.tolist() == [2.0]


def test_backward_frees_saved_values():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    z = (y * x).sum()
    node = z.grad_fn.next_functions[0][0]  # MulBackward0, saved y and x
    assert node._saved is not None
    z.backward()
    assert node._saved is None
    assert y.grad_fn._saved_output is None


# ----------------------------------------------------------------------------------
# create_graph: higher derivatives
# ----------------------------------------------------------------------------------


def test_second_derivative_of_a_cube():
    for value in (-1.5, 0.0, 2.0, 3.0):
        x = cl.tensor(value, dtype=cl.float64, requires_grad=True)
        (dy,) = cl.autograd.grad(x**3, x, create_graph=True)
        assert dy.item() == pytest.approx(3 * value**2)
        assert dy.requires_grad
        (d2y,) = cl.autograd.grad(dy, x)
        assert d2y.item() == pytest.approx(6 * value)


def test_create_graph_through_backward_leaves_a_differentiable_grad():
    x = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
    (x**3).backward(create_graph=True)
    g = x.grad
    assert g.item() == 12.0 and g.requires_grad and g.grad_fn is not None
    x.grad = None
    g.backward()
    assert x.grad.item() == 12.0  # 6x


def test_third_derivative():
    x = cl.tensor(0.7, dtype=cl.float64, requires_grad=True)
    (g1,) = cl.autograd.grad(x.sin() * x, x, create_graph=True)
    (g2,) = cl.autograd.grad(g1, x, create_graph=True)
    (g3,) = cl.autograd.grad(g2, x)
    v = 0.7  # (x sin x)''' = -3 sin x - x cos x
    assert g3.item() == pytest.approx(-3 * np.sin(v) - v * np.cos(v))


def test_hessian_vector_product_of_a_quadratic_and_a_nonlinear_function():
    rng = np.random.default_rng(3)
    A = rng.standard_normal((4, 4))
    x = cl.tensor(rng.standard_normal(4), dtype=cl.float64, requires_grad=True)
    v = cl.tensor(rng.standard_normal(4), dtype=cl.float64)
    f = x @ (cl.tensor(A) @ x)
    (g,) = cl.autograd.grad(f, x, create_graph=True)
    (hv,) = cl.autograd.grad((g * v).sum(), x)
    np.testing.assert_allclose(hv.data, (A + A.T) @ v.data, rtol=1e-12)

    f = (x.exp() * x.sin()).sum()  # diagonal Hessian: e^x (2 cos x)
    (g,) = cl.autograd.grad(f, x, create_graph=True)
    (hv,) = cl.autograd.grad(g, x, grad_outputs=v)
    np.testing.assert_allclose(hv.data, np.exp(x.data) * 2 * np.cos(x.data) * v.data, rtol=1e-12)


def test_without_create_graph_the_gradient_is_a_constant():
    x = cl.tensor(2.0, requires_grad=True)
    (g,) = cl.autograd.grad(x**3, x)
    assert not g.requires_grad and g.grad_fn is None


# ----------------------------------------------------------------------------------
# grad modes
# ----------------------------------------------------------------------------------


def test_no_grad_and_enable_grad_as_context_managers():
    x = cl.tensor(2.0, requires_grad=True)
    assert cl.is_grad_enabled()
    with cl.no_grad():
        assert not cl.is_grad_enabled()
        y = x * 2
        with cl.enable_grad():
            z = x * 2
        w = x * 2
    assert cl.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None
    assert not w.requires_grad


def test_no_grad_and_enable_grad_as_decorators():
    x = cl.tensor(2.0, requires_grad=True)

    @cl.no_grad()
    def frozen(t):
        return t * 2

    @cl.enable_grad()
    def recorded(t):
        return t * 2

    assert frozen.__name__ == "frozen"
    assert not frozen(x).requires_grad
    assert cl.is_grad_enabled()
    with cl.no_grad():
        assert recorded(x).requires_grad
        assert not cl.is_grad_enabled()


def test_set_grad_enabled():
    x = cl.tensor(2.0, requires_grad=True)
    with cl.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    with cl.set_grad_enabled(True):
        assert (x * 2).requires_grad


def test_grad_mode_is_restored_after_an_exception():
    with pytest.raises(ZeroDivisionError):
        with cl.no_grad():
            raise ZeroDivisionError
    assert cl.is_grad_enabled()

    @cl.no_grad()
    def broken():
        raise ValueError("boom")

    with pytest.raises(ValueError):
        broken()
    assert cl.is_grad_enabled()


def test_backward_does_not_record_unless_create_graph():
    x = cl.tensor(2.0, requires_grad=True)
    (x**3).backward()
    assert not x.grad.requires_grad
    assert cl.is_grad_enabled()


# ----------------------------------------------------------------------------------
# in-place operations and version counters
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("change", [
    lambda x: x.add_(1), lambda x: x.sub_(1), lambda x: x.mul_(2), lambda x: x.zero_(),
    lambda x: x.div_(2), lambda x: x.fill_(3.0),
])
def test_in_place_change_of_a_leaf_that_requires_grad_raises(change):
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        change(x)
    assert x.tolist() == [1.0, 2.0]


def test_in_place_change_of_a_leaf_under_no_grad_is_allowed():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    with cl.no_grad():
        x.sub_(0.5)
        x[0] = 10.0
    assert x.tolist() == [10.0, 1.5] and x.is_leaf and x.requires_grad


def test_in_place_change_of_an_output_saved_for_backward_raises():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()  # exp saves its output
    y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_in_place_change_of_an_input_saved_for_backward_raises():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    a = x * 1
    b = a * a  # mul saves a
    a.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation") as info:
        b.sum().backward()
    assert "version 1; expected version 0" in str(info.value)


def test_in_place_change_through_a_view_is_caught():
    x = cl.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    a = x * 1
    b = a.sin()  # sin saves a
    a.view(2, 2).mul_(2)  # shares a's data and version counter
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        b.sum().backward()


def test_in_place_on_a_value_that_no_backward_needs_is_fine_and_recorded():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1  # mul by a number saves nothing
    y.add_(1)
    y.mul_(3)
    assert y.grad_fn.name() == "MulBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]
    assert y.tolist() == [6.0, 9.0]


def test_version_counter_counts_in_place_changes():
    x = cl.tensor([1.0, 2.0])
    assert x._version[0] == 0
    x.add_(1)
    x.mul_(2)
    x[0] = 5.0
    assert x._version[0] == 3


# ----------------------------------------------------------------------------------
# hooks
# ----------------------------------------------------------------------------------


def test_hook_on_a_leaf_can_replace_its_gradient():
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    handle = x.register_hook(lambda g: g * 10)
    (x * 2).sum().backward()
    assert x.grad.tolist() == [20.0, 20.0, 20.0]
    handle.remove()
    x.grad = None
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_hook_on_a_non_leaf_sees_and_changes_the_gradient_flowing_through():
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    seen = []

    def hook(g):
        seen.append(g.tolist())
        return g + 1

    y.register_hook(hook)
    (y * y).sum().backward()
    assert seen == [[4.0, 8.0, 12.0]]  # d(y²)/dy = 2y
    assert x.grad.tolist() == [10.0, 18.0, 26.0]  # (2y + 1) · 2


def test_hook_returning_none_only_observes():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g.tolist()))
    (x * 3).sum().backward()
    assert seen == [[3.0, 3.0]] and x.grad.tolist() == [3.0, 3.0]


def test_hooks_run_in_registration_order_and_chain():
    x = cl.tensor([1.0], requires_grad=True)
    x.register_hook(lambda g: g + 1)
    x.register_hook(lambda g: g * 10)
    (x * 2).sum().backward()
    assert x.grad.tolist() == [30.0]


def test_hook_and_retain_grad_on_the_same_non_leaf():
    """PyTorch: retain_grad stores the gradient after the tensor's hooks have run."""
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 100)
    y.sum().backward()
    assert x.grad.tolist() == [200.0, 200.0]
    assert y.grad.tolist() == [100.0, 100.0]


def test_hook_on_a_tensor_without_grad_raises():
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        cl.ones(2).register_hook(lambda g: g)


# ----------------------------------------------------------------------------------
# detach, numpy, requires_grad_
# ----------------------------------------------------------------------------------


def test_detach_shares_data_and_cuts_the_graph():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert not d.requires_grad and d.is_leaf and d.grad_fn is None
    assert np.shares_memory(d.data, x.data)
    d[0] = 5.0
    assert x.tolist() == [5.0, 2.0]


def test_detach_stops_the_gradient():
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    u = y.detach()
    (u * x).sum().backward()
    assert x.grad.tolist() == u.tolist()


def test_detach_shares_the_version_counter():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.detach().add_(1)  # changes y's data, which exp's backward needs
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_numpy_on_a_tensor_requiring_grad_raises_with_the_fix():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Use tensor\.detach\(\)\.numpy\(\) instead"):
        x.numpy()
    with pytest.raises(RuntimeError, match="requires grad"):
        np.asarray(x * 2)
    assert x.detach().numpy().tolist() == [1.0, 2.0]
    assert np.shares_memory(x.detach().numpy(), x.data)


def test_requires_grad_only_for_floating_tensors_and_only_on_leaves():
    with pytest.raises(RuntimeError, match="floating point"):
        cl.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="floating point"):
        cl.arange(4).requires_grad_()
    x = cl.arange(4.0).requires_grad_()
    assert x.requires_grad and x.is_leaf
    with pytest.raises(RuntimeError, match="only change requires_grad flags of leaf"):
        (x * 2).requires_grad_(False)


def test_comparisons_return_tensors_without_grad():
    x = cl.tensor([1.0, -2.0], requires_grad=True)
    for c in (x > 0, x < 0, x >= 0, x <= 0, x == 1, x != 1):
        assert c.dtype == np.bool_ and not c.requires_grad and c.grad_fn is None


# ----------------------------------------------------------------------------------
# autograd.grad and autograd.backward
# ----------------------------------------------------------------------------------


def test_autograd_grad_returns_a_tuple_and_leaves_dot_grad_alone():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    w = cl.tensor(3.0, requires_grad=True)
    result = cl.autograd.grad((x * x * w).sum(), [x, w])
    assert isinstance(result, tuple) and len(result) == 2
    assert result[0].tolist() == [6.0, 12.0] and result[1].item() == 5.0
    assert x.grad is None and w.grad is None
    (single,) = cl.autograd.grad((x * 2).sum(), x)
    assert single.tolist() == [2.0, 2.0]


def test_autograd_grad_of_a_non_leaf_input():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    (gy,) = cl.autograd.grad((y * y).sum(), y)
    assert gy.tolist() == [6.0, 12.0]


def test_autograd_grad_with_grad_outputs_and_several_outputs():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    (g,) = cl.autograd.grad(x * x, x, grad_outputs=cl.tensor([1.0, 10.0]))
    assert g.tolist() == [2.0, 40.0]
    (g,) = cl.autograd.grad([x.sum(), (x * x).sum()], x)
    assert g.tolist() == [3.0, 5.0]


def test_autograd_grad_unused_input():
    x = cl.tensor(1.0, requires_grad=True)
    unused = cl.tensor(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        cl.autograd.grad(x * 2, [x, unused])
    gx, gu = cl.autograd.grad(x * 2, [x, unused], allow_unused=True)
    assert gx.item() == 2.0 and gu is None


def test_autograd_grad_input_not_requiring_grad():
    with pytest.raises(RuntimeError, match="does not require grad"):
        cl.autograd.grad(cl.tensor(1.0, requires_grad=True) * 2, cl.tensor(1.0))


def test_autograd_grad_frees_unless_retain_graph():
    x = cl.tensor(1.0, requires_grad=True)
    y = x.exp()
    cl.autograd.grad(y, x, retain_graph=True)
    cl.autograd.grad(y, x)
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        cl.autograd.grad(y, x)


def test_autograd_backward_and_backward_inputs():
    x = cl.tensor(2.0, requires_grad=True)
    w = cl.tensor(3.0, requires_grad=True)
    cl.autograd.backward([x * w, x * x], [cl.tensor(1.0), cl.tensor(1.0)])
    assert x.grad.item() == 7.0 and w.grad.item() == 2.0
    x.grad = w.grad = None
    (x * w).backward(inputs=[x])
    assert x.grad.item() == 3.0 and w.grad is None


# ----------------------------------------------------------------------------------
# walking the graph
# ----------------------------------------------------------------------------------


def test_grad_fn_names_and_next_functions_walk_to_the_leaves():
    x = cl.arange(4.0, requires_grad=True)
    y = 2 * cl.dot(x, x)
    assert y.grad_fn.name() == "MulBackward0"
    edges = [node for node, _ in y.grad_fn.next_functions if node is not None]
    assert [n.name() for n in edges] == ["DotBackward0"]
    dot_edges = edges[0].next_functions
    assert len(dot_edges) == 2
    for node, index in dot_edges:
        assert isinstance(node, AccumulateGrad) and index == 0
        assert node.name() == "AccumulateGrad"
        assert node.variable is x  # the leaf behind the node
    assert dot_edges[0][0] is dot_edges[1][0]  # one AccumulateGrad per leaf


def _walk(root):
    """Every node reachable from root, iteratively (breadth first)."""
    seen, order, queue = set(), [], [root]
    while queue:
        node = queue.pop(0)
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node.name())
        queue.extend(child for child, _ in node.next_functions)
    return order


def test_walking_a_bigger_graph_finds_every_operation():
    W = cl.randn(3, 2, requires_grad=True)
    b = cl.zeros(3, requires_grad=True)
    x = cl.randn(2)
    loss = ((W @ x + b).relu() ** 2).mean()
    names = _walk(loss.grad_fn)
    assert names[0] == "MeanBackward0"
    assert {"PowBackward0", "ReluBackward0", "AddBackward0", "MvBackward0"} <= set(names)
    assert names.count("AccumulateGrad") == 2  # W and b; x is a constant


def test_grad_fn_repr_reads_like_pytorch():
    y = cl.tensor(1.0, requires_grad=True) * 2
    assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")


# ----------------------------------------------------------------------------------
# errors worded like PyTorch's
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("a_shape, b_shape, both", [
    ((2, 3), (4, 5), ["2x3", "4x5"]),
    ((3,), (4,), ["[3]", "[4]"]),
    ((2, 3), (4,), ["2x3", "(4)"]),
    ((5, 2, 3), (5, 4, 2), ["2x3", "4x2"]),
])
def test_matmul_shape_mismatch_names_both_shapes(a_shape, b_shape, both):
    a = cl.ones(*a_shape, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        a @ cl.ones(*b_shape)
    for text in both:
        assert text in str(info.value)


def test_broadcasting_error_names_the_sizes():
    with pytest.raises(RuntimeError, match=r"size of tensor a \(3\) must match the size of tensor "
                                           r"b \(2\) at non-singleton dimension 1"):
        cl.ones(2, 3) + cl.ones(3, 2)


def test_set_grad_enabled_as_a_plain_call_and_as_a_decorator():
    x = cl.tensor(2.0, requires_grad=True)
    try:
        cl.set_grad_enabled(False)  # takes effect at once, like torch.set_grad_enabled(False)
        assert not cl.is_grad_enabled() and not (x * 2).requires_grad
    finally:
        cl.set_grad_enabled(True)
    assert cl.is_grad_enabled()

    @cl.set_grad_enabled(False)
    def frozen(t):
        return t * 2

    assert cl.is_grad_enabled()  # decorating does not switch the mode
    assert not frozen(x).requires_grad
    assert cl.is_grad_enabled()
