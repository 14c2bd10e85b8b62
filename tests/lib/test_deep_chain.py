"""Graphs a million operations deep: backward without RecursionError, memory freed after.

The engine walks the graph iteratively, so depth is bounded by memory, never by Python's
recursion limit. After a backward without retain_graph the values saved for backward
are released (only the graph's skeleton stays), and dropping the output frees the rest
by reference counting alone — no cycles, no recursion while deallocating.
"""

from __future__ import annotations

import gc
import sys
import weakref

import numpy as np
import pytest

import course_lib as cl

DEPTH = 1_000_000

pytestmark = pytest.mark.slow


@pytest.fixture
def low_recursion_limit():
    """Make any recursive walk fail fast: a depth of 10⁶ would need a limit above 10⁶."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    yield
    sys.setrecursionlimit(old)


def test_a_chain_of_a_million_multiplications_backpropagates(low_recursion_limit):
    x = cl.tensor(1.0, dtype=cl.float64, requires_grad=True)
    y = x
    for _ in range(DEPTH):
        y = y * 1.000001
    y.backward()
    # dy/dx = 1.000001^10⁶ (≈ e), computed with the same float64 roundings as the forward
    assert x.grad.item() == pytest.approx(y.item(), rel=1e-9)
    assert x.grad.item() == pytest.approx(np.e, rel=1e-5)


def test_a_million_node_graph_frees_saved_values_after_backward_and_everything_after_del(
        low_recursion_limit):
    gc.collect()
    gc.disable()  # everything must go by reference counting: the graph has no cycles
    try:
        x = cl.tensor(0.5, dtype=cl.float64, requires_grad=True)
        y = x
        tensors, nodes = [], []
        for i in range(DEPTH):
            y = y.sin()  # sin saves its input: a million saved tensors
            if i % 10_000 == 5_000:
                tensors.append(weakref.ref(y))
                nodes.append(weakref.ref(y.grad_fn))
        assert all(t() is not None for t in tensors)  # alive: saved by the next sin
        y.backward()
        assert x.grad is not None and np.isfinite(x.grad.item())
        assert all(t() is None for t in tensors), "saved tensors outlived backward"
        assert all(n() is not None for n in nodes)  # the skeleton stays while y lives
        root = weakref.ref(y.grad_fn)
        del y
        assert root() is None and all(n() is None for n in nodes), "graph not freed"
    finally:
        gc.enable()


def test_retain_graph_keeps_a_deep_graph_usable_twice(low_recursion_limit):
    x = cl.tensor(1.0, dtype=cl.float64, requires_grad=True)
    y = x
    for _ in range(DEPTH // 10):
        y = (y * 1.000004).exp().log()
    y.backward(retain_graph=True)
    first = x.grad.item()
    y.backward()
    assert x.grad.item() == pytest.approx(2 * first, rel=1e-12)
    assert first == pytest.approx(1.000004 ** (DEPTH // 10), rel=1e-9)


def test_dropping_a_deep_graph_without_backward_does_not_recurse(low_recursion_limit):
    x = cl.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(DEPTH):
        y = y + 1.0
    node = weakref.ref(y.grad_fn)
    del y
    assert node() is None
