"""The small neural-network pieces the backprop lessons need: layers, losses, SGD.

Shapes follow PyTorch: `Linear(in_features, out_features)` holds `weight` of shape
(out, in) and computes y = x Wᵀ + b for a batch x of shape (N, in).
"""

from __future__ import annotations

import math

import numpy as np

from course_lib.autograd.grad_mode import no_grad
from course_lib.tensor import Tensor, _Defaults, tensor


class Module:
    """Base class: parameters are the Tensor attributes that require grad (also in sub-modules)."""

    training = True

    def parameters(self) -> list[Tensor]:
        params, seen = [], set()
        for _name, value in self._members():
            items = value.parameters() if isinstance(value, Module) else [value]
            for p in items:
                if isinstance(p, Tensor) and p.requires_grad and id(p) not in seen:
                    seen.add(id(p))
                    params.append(p)
        return params

    def named_parameters(self):
        for name, value in self._members():
            if isinstance(value, Module):
                for sub, p in value.named_parameters():
                    yield f"{name}.{sub}", p
            elif isinstance(value, Tensor) and value.requires_grad:
                yield name, value

    def _members(self):
        for name, value in vars(self).items():
            if isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    yield f"{name}.{i}", item
            else:
                yield name, value

    def zero_grad(self):
        for p in self.parameters():
            p.grad = None

    def __call__(self, *args):
        return self.forward(*args)

    def forward(self, *args):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")


def _uniform(shape, bound, dtype):
    return _Defaults.rng.uniform(-bound, bound, size=shape).astype(dtype)


class Linear(Module):
    """y = x Wᵀ + b, initialised like PyTorch: U(-1/√in, 1/√in)."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True, dtype=None):
        dtype = dtype or _Defaults.dtype
        bound = 1.0 / math.sqrt(in_features)
        self.in_features, self.out_features = in_features, out_features
        self.weight = tensor(_uniform((out_features, in_features), bound, dtype),
                             requires_grad=True)
        self.bias = tensor(_uniform((out_features,), bound, dtype), requires_grad=True) \
            if bias else None

    def forward(self, x: Tensor) -> Tensor:
        if x.shape[-1] != self.in_features:
            raise RuntimeError(
                f"Linear expected inputs with {self.in_features} features in the last "
                f"dimension, got shape {tuple(x.shape)}."
            )
        out = x @ self.weight.T
        return out + self.bias if self.bias is not None else out

    def __repr__(self):
        return (f"Linear(in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None})")


class ReLU(Module):
    def forward(self, x: Tensor) -> Tensor:
        return x.relu()

    def __repr__(self):
        return "ReLU()"


class Tanh(Module):
    def forward(self, x: Tensor) -> Tensor:
        return x.tanh()

    def __repr__(self):
        return "Tanh()"


class Sigmoid(Module):
    def forward(self, x: Tensor) -> Tensor:
        return x.sigmoid()

    def __repr__(self):
        return "Sigmoid()"


class Sequential(Module):
    """Apply layers one after the other."""

    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer(x)
        return x

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        inner = "\n".join(f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential(\n{inner}\n)"


class MLP(Sequential):
    """Linear layers of the given sizes with an activation between them (none after the last)."""

    def __init__(self, sizes, activation=ReLU, dtype=None):
        if len(sizes) < 2:
            raise ValueError(f"MLP needs at least an input and an output size, got {sizes}")
        layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(Linear(n_in, n_out, dtype=dtype))
            if i < len(sizes) - 2:
                layers.append(activation())
        super().__init__(*layers)
        self.sizes = list(sizes)

    def __repr__(self):
        return super().__repr__().replace("Sequential(", f"MLP(sizes={self.sizes},", 1)


def mse_loss(input: Tensor, target, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Mean squared error ((input - target)²).mean()."""
    target = target if isinstance(target, Tensor) else tensor(np.asarray(target))
    if tuple(input.shape) != tuple(target.shape):
        raise RuntimeError(
            f"mse_loss: input shape {tuple(input.shape)} and target shape "
            f"{tuple(target.shape)} differ; reshape one so they match (e.g. y.reshape(-1, 1))."
        )
    squared = (input - target) ** 2
    if reduction == "mean":
        return squared.mean()
    if reduction == "sum":
        return squared.sum()
    return squared


def cross_entropy(input: Tensor, target, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Softmax cross-entropy of logits (N, C) against integer class labels (N,)."""
    labels = target.data if isinstance(target, Tensor) else np.asarray(target)
    if input.ndim != 2 or labels.shape != (input.shape[0],):
        raise RuntimeError(
            f"cross_entropy expects logits of shape (N, C) and labels of shape (N,), got "
            f"{tuple(input.shape)} and {tuple(labels.shape)}."
        )
    if labels.size and (labels.min() < 0 or labels.max() >= input.shape[1]):
        raise IndexError(
            f"Target {int(labels.max())} is out of bounds: labels must be in [0, {input.shape[1]})."
        )
    picked = input.log_softmax(dim=1)[np.arange(labels.shape[0]), labels.astype(np.int64)]
    if reduction == "mean":
        return -picked.mean()
    if reduction == "sum":
        return -picked.sum()
    return -picked


class SGD:
    """Plain gradient descent: p <- p - lr * p.grad (optionally with momentum)."""

    def __init__(self, params, lr: float, momentum: float = 0.0):
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        if lr <= 0:
            raise ValueError(f"Invalid learning rate: {lr} (it must be positive)")
        self.lr, self.momentum = lr, momentum
        self._velocity = [None] * len(self.params)

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @no_grad()
    def step(self):
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue
            g = p.grad.data
            if self.momentum:
                v = self._velocity[i]
                v = g.copy() if v is None else self.momentum * v + g
                self._velocity[i] = v
                g = v
            p.data -= self.lr * g
            p._version[0] += 1
