"""Switches that decide whether operations are recorded for backward.

`no_grad()` and `enable_grad()` work as context managers and as decorators, like
PyTorch's. The state is a plain class attribute: one flag read by every op.
"""

from __future__ import annotations

import functools


class GradMode:
    """Global recording state (read by `Function.apply`)."""

    enabled = True


def is_grad_enabled() -> bool:
    return GradMode.enabled


class _GradModeSwitch:
    """Base for context managers that set GradMode.enabled and restore it."""

    mode = True

    def __enter__(self):
        self._previous = GradMode.enabled
        GradMode.enabled = self.mode
        return self

    def __exit__(self, *exc):
        GradMode.enabled = self._previous
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with type(self)():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradModeSwitch):  # noqa: N801 - PyTorch's name
    """Do not record operations: results do not require grad (evaluation, parameter updates)."""

    mode = False


class enable_grad(_GradModeSwitch):  # noqa: N801 - PyTorch's name
    """Record operations again, e.g. inside a `no_grad()` block."""

    mode = True


class set_grad_enabled(_GradModeSwitch):  # noqa: N801 - PyTorch's name
    """Turn recording on or off: `with set_grad_enabled(False): ...`, or as a plain call
    `set_grad_enabled(False)` that takes effect at once (as in PyTorch)."""

    def __init__(self, mode: bool = True):
        self.mode = bool(mode)
        self._before_call = GradMode.enabled
        GradMode.enabled = self.mode

    def __enter__(self):
        self._previous = self._before_call
        GradMode.enabled = self.mode
        return self

    def __call__(self, func):
        GradMode.enabled = self._before_call  # used as a decorator: leave the mode alone now
        mode = self.mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper
