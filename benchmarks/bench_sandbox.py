"""Kernel start-up cost of each isolation: bubblewrap vs the hand-written namespaces vs limits only.

One sample = enter a `Sandbox`, start its kernel and wait until it answers, run one cell that
imports numpy and course_lib (what every assignment's first cell does), shut down, leave the
sandbox. The modes are interleaved round by round, so load on the machine hits them alike;
ratios are against "namespaces" (the sandbox before bubblewrap) measured in the same run.

    python benchmarks/bench_sandbox.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from course_grader import bwrap
from course_grader.sandbox import Limits, Sandbox, namespaces_available


def one_start(isolate: str) -> float:
    started = time.perf_counter()
    with Sandbox(Limits(isolate=isolate), files={"data.csv": b"1,2\n"}) as sb:
        kernel = sb.kernel()
        try:
            r = kernel.execute("import numpy, course_lib")
            assert r.status == "ok", (isolate, r.ename, r.evalue)
        finally:
            kernel.shutdown()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    root = os.geteuid() == 0
    modes = ["none"]
    if root and namespaces_available():
        modes.insert(0, "namespaces")
    binary = bwrap.find_bwrap()
    if root and binary and bwrap.probe(binary)[0]:
        modes.insert(0, "bwrap")
    times: dict[str, list[float]] = {m: [] for m in modes}
    for mode in modes:  # warm-up (page cache, probes)
        one_start(mode)
    for _ in range(args.rounds):
        for mode in modes:
            times[mode].append(one_start(mode))
    reference = statistics.median(times.get("namespaces") or times["none"])
    print(f"kernel start + first import + shutdown, median of {args.rounds} (interleaved):")
    for mode in modes:
        med = statistics.median(times[mode])
        label = {"none": "limits-only"}.get(mode, mode)
        print(f"  {label:12s} {med:6.3f} s   ({med / reference:4.2f}x the namespaces sandbox)")


if __name__ == "__main__":
    main()
