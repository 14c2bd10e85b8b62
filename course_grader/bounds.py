"""How long grading can take: the constants behind the bound `grade --help` states.

Kept apart (standard library only) so the command line can quote them without importing the
grader. `workers.py` enforces them."""

from __future__ import annotations

import math

GRACE = 15.0  # seconds past a submission's budget before the parent asks its worker to stop
KILL_AFTER = 10.0  # seconds between that request (SIGTERM) and SIGKILL of the worker's tree


def per_submission(budget: float) -> float:
    """The most wall-clock seconds one submission can hold a worker."""
    return budget + GRACE + KILL_AFTER


def run_bound(n: int, workers: int, budget: float) -> float:
    """The most seconds grading n submissions on `workers` workers can take (start-up and
    writing results aside)."""
    return math.ceil(n / max(1, workers)) * per_submission(budget)
