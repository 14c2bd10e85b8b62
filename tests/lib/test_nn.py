"""course_lib.nn: Linear, Sequential/MLP, losses, SGD — shapes, values, gradients, training.

Where PyTorch has the same piece, its numbers are the reference (skipped without torch).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import course_lib as cl
from course_lib import nn


def _torch():
    return pytest.importorskip("torch")


# ----------------------------------------------------------------------------------
# Linear, Sequential, MLP
# ----------------------------------------------------------------------------------


def test_linear_shapes_and_parameters():
    layer = nn.Linear(3, 5)
    assert layer.weight.shape == (5, 3) and layer.bias.shape == (5,)
    assert layer.weight.requires_grad and layer.bias.requires_grad
    assert layer.weight.is_leaf and layer.weight.dtype == np.float32
    assert layer.parameters() == [layer.weight, layer.bias]
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]
    assert layer(cl.randn(7, 3)).shape == (7, 5)
    assert layer(cl.randn(3)).shape == (5,)
    assert layer(cl.randn(2, 4, 3)).shape == (2, 4, 5)
    assert repr(layer) == "Linear(in_features=3, out_features=5, bias=True)"


def test_linear_without_bias_and_in_float64():
    layer = nn.Linear(4, 2, bias=False, dtype=cl.float64)
    assert layer.bias is None and layer.parameters() == [layer.weight]
    assert layer.weight.dtype == np.float64
    x = cl.randn(3, 4, dtype=cl.float64)
    np.testing.assert_allclose(layer(x).data, x.data @ layer.weight.data.T)


def test_linear_init_is_uniform_in_plus_minus_one_over_sqrt_fan_in():
    cl.manual_seed(0)
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    w = layer.weight.data
    assert np.abs(w).max() <= bound and np.abs(layer.bias.data).max() <= bound
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)  # std of U(-b, b)
    assert abs(w.mean()) < 0.01 * bound
    cl.manual_seed(0)
    assert nn.Linear(400, 300).weight.equal(layer.weight)  # seeded


def test_linear_computes_x_w_transpose_plus_b_and_its_gradients():
    layer = nn.Linear(3, 2, dtype=cl.float64)
    x = cl.tensor(np.random.default_rng(0).standard_normal((4, 3)), dtype=cl.float64)
    y = layer(x)
    np.testing.assert_allclose(y.data, x.data @ layer.weight.data.T + layer.bias.data)
    y.sum().backward()
    np.testing.assert_allclose(layer.weight.grad.data, np.ones((2, 4)) @ x.data)
    np.testing.assert_allclose(layer.bias.grad.data, [4.0, 4.0])


def test_linear_wrong_input_size_names_the_shapes():
    with pytest.raises(RuntimeError, match=r"3 features .* shape \(2, 4\)"):
        nn.Linear(3, 1)(cl.ones(2, 4))


def test_mlp_structure_and_parameters():
    model = nn.MLP([4, 8, 8, 2])
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert len(model) == 5 and isinstance(model[0], nn.Linear)
    shapes = [tuple(p.shape) for p in model.parameters()]
    assert shapes == [(8, 4), (8,), (8, 8), (8,), (2, 8), (2,)]
    assert [name for name, _ in model.named_parameters()][:2] == ["layers.0.weight",
                                                                 "layers.0.bias"]
    assert model(cl.randn(5, 4)).shape == (5, 2)
    assert "(1): ReLU()" in repr(model)
    with pytest.raises(ValueError):
        nn.MLP([3])


def test_sequential_applies_layers_in_order():
    model = nn.Sequential(nn.Linear(2, 3, dtype=cl.float64), nn.Tanh(),
                          nn.Linear(3, 1, dtype=cl.float64), nn.Sigmoid())
    x = cl.randn(4, 2, dtype=cl.float64)
    l1, l2 = model[0], model[2]
    h = np.tanh(x.data @ l1.weight.data.T + l1.bias.data)
    expected = 1 / (1 + np.exp(-(h @ l2.weight.data.T + l2.bias.data)))
    np.testing.assert_allclose(model(x).data, expected, rtol=1e-12)


def test_mlp_matches_pytorch_forward_and_gradients():
    torch = _torch()
    model = nn.MLP([3, 5, 2], dtype=cl.float64)
    tmodel = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2))
    tmodel = tmodel.double()
    with torch.no_grad():
        for ours, theirs in zip(model.parameters(), tmodel.parameters()):
            theirs.copy_(torch.from_numpy(ours.data.copy()))
    x = np.random.default_rng(1).standard_normal((6, 3))
    loss = (model(cl.tensor(x)) ** 2).mean()
    tloss = (tmodel(torch.from_numpy(x)) ** 2).mean()
    loss.backward()
    tloss.backward()
    assert loss.item() == pytest.approx(tloss.item(), rel=1e-12)
    for ours, theirs in zip(model.parameters(), tmodel.parameters()):
        np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-10, atol=1e-14)


# ----------------------------------------------------------------------------------
# losses
# ----------------------------------------------------------------------------------


def test_mse_loss_value_gradient_and_reductions():
    pred = cl.tensor([1.0, 2.0, 4.0], dtype=cl.float64, requires_grad=True)
    target = cl.tensor([1.0, 0.0, 1.0], dtype=cl.float64)
    loss = nn.mse_loss(pred, target)
    assert loss.item() == pytest.approx((0 + 4 + 9) / 3)
    loss.backward()
    np.testing.assert_allclose(pred.grad.data, 2 * (pred.data - target.data) / 3)
    assert nn.mse_loss(pred, target, reduction="sum").item() == pytest.approx(13.0)
    assert nn.mse_loss(pred, target, reduction="none").tolist() == [0.0, 4.0, 9.0]
    assert nn.mse_loss(pred, [1.0, 0.0, 1.0]).item() == pytest.approx(13 / 3)


def test_mse_loss_shape_mismatch_is_an_error_that_says_how_to_fix_it():
    with pytest.raises(RuntimeError, match="reshape"):
        nn.mse_loss(cl.ones(3, 1), cl.ones(3))


def test_mse_loss_matches_pytorch():
    torch = _torch()
    rng = np.random.default_rng(2)
    p, t = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    ours = cl.tensor(p, requires_grad=True)
    theirs = torch.tensor(p, requires_grad=True)
    for reduction in ("mean", "sum"):
        ours.grad = theirs.grad = None
        a = nn.mse_loss(ours, cl.tensor(t), reduction=reduction)
        b = torch.nn.functional.mse_loss(theirs, torch.tensor(t), reduction=reduction)
        a.backward()
        b.backward()
        assert a.item() == pytest.approx(b.item(), rel=1e-12)
        np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_matches_pytorch(reduction):
    torch = _torch()
    rng = np.random.default_rng(3)
    logits = rng.standard_normal((5, 4)) * 3
    labels = np.array([0, 3, 3, 1, 2])
    ours = cl.tensor(logits, requires_grad=True)
    theirs = torch.tensor(logits, requires_grad=True)
    a = nn.cross_entropy(ours, cl.tensor(labels), reduction=reduction)
    b = torch.nn.functional.cross_entropy(theirs, torch.tensor(labels), reduction=reduction)
    np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=1e-12)
    a.sum().backward()
    b.sum().backward()
    np.testing.assert_allclose(ours.grad.data, theirs.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_cross_entropy_by_hand_and_gradient_is_softmax_minus_one_hot():
    logits = cl.tensor([[2.0, 0.0, -1.0]], dtype=cl.float64, requires_grad=True)
    loss = nn.cross_entropy(logits, [0])
    p = np.exp([2.0, 0.0, -1.0]) / np.exp([2.0, 0.0, -1.0]).sum()
    assert loss.item() == pytest.approx(-np.log(p[0]), rel=1e-12)
    loss.backward()
    np.testing.assert_allclose(logits.grad.data, [p - np.array([1.0, 0.0, 0.0])], rtol=1e-12)


def test_cross_entropy_is_stable_for_huge_logits():
    logits = cl.tensor([[1000.0, -1000.0], [-1000.0, 1000.0]], requires_grad=True)
    loss = nn.cross_entropy(logits, [1, 1])
    assert np.isfinite(loss.item()) and loss.item() == pytest.approx(1000.0)
    loss.backward()
    assert np.isfinite(logits.grad.data).all()


def test_cross_entropy_errors_name_the_shapes_and_labels():
    with pytest.raises(RuntimeError, match=r"\(N, C\)"):
        nn.cross_entropy(cl.ones(4), [0])
    with pytest.raises(IndexError, match="out of bounds"):
        nn.cross_entropy(cl.ones(2, 3), [0, 3])


# ----------------------------------------------------------------------------------
# SGD
# ----------------------------------------------------------------------------------


def test_sgd_step_moves_against_the_gradient_and_zero_grad_clears():
    w = cl.tensor([1.0, -2.0], requires_grad=True)
    opt = nn.SGD([w], lr=0.1)
    (w * w).sum().backward()  # grad = 2w = [2, -4]
    opt.step()
    np.testing.assert_allclose(w.data, [0.8, -1.6], rtol=1e-6)
    assert w.is_leaf and w.requires_grad and w.grad_fn is None
    opt.zero_grad()
    assert w.grad is None
    opt.step()  # nothing to do without gradients
    np.testing.assert_allclose(w.data, [0.8, -1.6], rtol=1e-6)


def test_sgd_step_bumps_the_version_so_stale_graphs_fail():
    w = cl.tensor([1.0, 2.0], requires_grad=True)
    opt = nn.SGD([w], lr=0.1)
    y = (w * w).sum()
    y.backward(retain_graph=True)
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_module_zero_grad():
    model = nn.MLP([2, 3, 1])
    model(cl.randn(4, 2)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_sgd_arguments_are_checked():
    with pytest.raises(ValueError, match="empty"):
        nn.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="learning rate"):
        nn.SGD([cl.ones(1, requires_grad=True)], lr=0.0)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_matches_pytorch_over_several_steps(momentum):
    torch = _torch()
    rng = np.random.default_rng(4)
    start = rng.standard_normal(3)
    A = rng.standard_normal((3, 3))
    ours = cl.tensor(start, requires_grad=True)
    theirs = torch.tensor(start, requires_grad=True)
    opt = nn.SGD([ours], lr=0.05, momentum=momentum)
    topt = torch.optim.SGD([theirs], lr=0.05, momentum=momentum)
    for _ in range(5):
        opt.zero_grad()
        topt.zero_grad()
        ((cl.tensor(A) @ ours).tanh() ** 2).sum().backward()
        ((torch.tensor(A) @ theirs).tanh() ** 2).sum().backward()
        opt.step()
        topt.step()
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12)


# ----------------------------------------------------------------------------------
# training
# ----------------------------------------------------------------------------------


def test_training_a_small_mlp_decreases_the_loss():
    cl.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, size=(64, 1))
    y = np.sin(x)
    X, Y = cl.tensor(x), cl.tensor(y)
    model = nn.MLP([1, 16, 16, 1], activation=nn.Tanh)
    opt = nn.SGD(model.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for _ in range(300):
        opt.zero_grad()
        loss = nn.mse_loss(model(X), Y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.1 * losses[0]
    assert losses[-1] < 0.01
    assert np.mean(losses[-10:]) < np.mean(losses[:10])


def test_training_a_classifier_with_cross_entropy():
    cl.manual_seed(1)
    rng = np.random.default_rng(1)
    centers = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]])
    labels = np.repeat(np.arange(3), 30)
    points = centers[labels] + 0.5 * rng.standard_normal((90, 2))
    X, T = cl.tensor(points), cl.tensor(labels)
    model = nn.MLP([2, 8, 3])
    opt = nn.SGD(model.parameters(), lr=0.2)
    first = None
    for _ in range(150):
        opt.zero_grad()
        loss = nn.cross_entropy(model(X), T)
        first = loss.item() if first is None else first
        loss.backward()
        opt.step()
    with cl.no_grad():
        accuracy = (model(X).argmax(dim=1) == T).data.mean()
    assert loss.item() < 0.3 * first
    assert accuracy > 0.95
