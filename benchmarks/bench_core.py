"""course_lib speed and memory, as ratios against references measured in the same run.

    python benchmarks/bench_core.py [--quick] [--json PATH] [--baseline TREE]

BLAS and torch are pinned to one thread so the comparison is like for like (set before
numpy is imported). Times are the median of several repeats. The comparisons with
PyTorch run each library in its own fresh process (same script, same run), so neither
pays for the other's imported objects in Python's garbage collector.

`--baseline TREE` also runs every course_lib case with the course_lib of another checkout
(e.g. `git worktree add /tmp/base main`), in fresh processes of this same script, so a
change is measured before and after in one run. Targets (issues 3 and 11):
  mlp_*        course_lib / hand-written numpy   <= 1.10
  elementwise  course_lib / hand-written numpy   <= 1.10
  scalar_ops   course_lib / PyTorch 0-d tensors  <= 1.00
  deep_chain   course_lib / PyTorch, time        <= 1.00;  peak bytes per node <= 1024
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import course_lib as cl  # noqa: E402


def _import_torch():
    try:
        import torch
    except ImportError:  # the torch comparisons are skipped, the numpy ones still run
        return None
    torch.set_num_threads(1)
    return torch


def in_fresh_process(case: str, lib: str, size: int, repeats: int, tree=None) -> dict:
    """Run one timing case for one library in a new interpreter; returns its JSON result.

    With `tree`, `import course_lib` there finds that checkout's course_lib."""
    import subprocess

    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--single", case, lib, str(size),
         str(repeats)],
        capture_output=True, text=True, check=True, env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def single(case: str, lib_name: str, size: int, repeats: int) -> dict:
    lib = cl if lib_name == "course_lib" else _import_torch()
    if case.startswith("mlp_"):
        ours, ref = mlp_case(np.dtype(case.removeprefix("mlp_")), repeats)
        return {"seconds": ours, "reference": ref}
    if case.startswith("elementwise"):
        ours, ref = elementwise_case(repeats)
        return {"seconds": ours, "reference": ref}
    if case.startswith("scalar_ops"):
        return {"seconds": scalar_ops_case(lib, size, repeats)}
    if case == "deep_chain_memory":
        peak, graph = deep_chain_memory(size)
        return {"seconds": peak, "graph": graph}
    seconds, grad = deep_chain_case(lib, size)
    return {"seconds": seconds, "grad": grad}


def clock() -> float:
    """CPU seconds of this process (default) or wall seconds (--clock wall, or the
    BENCH_CLOCK=wall environment variable). Every case runs on one thread, so CPU time
    measures the same work as wall time but is far less disturbed by other jobs on a
    shared machine."""
    return time.perf_counter() if os.environ.get("BENCH_CLOCK") == "wall" else time.process_time()


def median_time(fn, repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        gc.collect()
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


# ------------------------------------------------------------------ MLP 784-256-256-10
def mlp_case(dtype, repeats):
    rng = np.random.default_rng(0)
    sizes = [784, 256, 256, 10]
    # (scale before the cast: float32 / np.sqrt(i) would be float64 under NumPy 2's rules)
    Ws = [(rng.standard_normal((o, i)) / np.sqrt(i)).astype(dtype)
          for i, o in zip(sizes, sizes[1:])]
    bs = [np.zeros(o, dtype) for o in sizes[1:]]
    x = rng.standard_normal((256, 784)).astype(dtype)
    t = rng.standard_normal((256, 10)).astype(dtype)

    def numpy_step():
        # forward: h = relu(x W1ᵀ + b1), ..., loss = mean((y - t)²)
        acts, pre = [x], []
        h = x
        for k, (W, b) in enumerate(zip(Ws, bs)):
            z = h @ W.T + b
            pre.append(z)
            h = np.maximum(z, 0) if k < len(Ws) - 1 else z
            acts.append(h)
        diff = h - t
        loss = (diff**2).mean()
        # backward
        g = 2 * diff / diff.size
        grads = []
        for k in reversed(range(len(Ws))):
            if k < len(Ws) - 1:
                g = g * (pre[k] > 0)
            grads.append((g.T @ acts[k], g.sum(axis=0)))
            if k:
                g = g @ Ws[k]
        return loss, grads

    params = []
    for W, b in zip(Ws, bs):
        params += [cl.tensor(W, requires_grad=True), cl.tensor(b, requires_grad=True)]
    cx, ct = cl.tensor(x), cl.tensor(t)

    def course_step():
        h = cx
        for k in range(0, len(params), 2):
            h = h @ params[k].T + params[k + 1]
            if k < len(params) - 2:
                h = h.relu()
        loss = cl.nn.mse_loss(h, ct)
        for p in params:
            p.grad = None
        loss.backward()
        return loss

    assert np.isclose(course_step().item(), numpy_step()[0], rtol=1e-4)
    # interleave to share the machine's noise fairly
    ours, ref = [], []
    for _ in range(3):
        ours.append(median_time(course_step, repeats))
        ref.append(median_time(numpy_step, repeats))
    return min(ours), min(ref)


# ------------------------------------------------------------ elementwise chain, 10⁶ floats
def elementwise_case(repeats):
    rng = np.random.default_rng(1)
    x_np = rng.standard_normal(1_000_000).astype(np.float32)

    def numpy_step():
        s = np.sin(x_np)
        a = s * x_np
        b = a + x_np
        e = np.exp(b)
        out = e.sum()
        # backward of sum(exp(sin(x)·x + x))
        gb = e  # d out / d b = exp(b)
        gx = gb * s + gb + (gb * x_np) * np.cos(x_np)
        return out, gx

    x = cl.tensor(x_np, requires_grad=True)

    def course_step():
        x.grad = None
        out = (x.sin() * x + x).exp().sum()
        out.backward()
        return out

    course_step()
    np.testing.assert_allclose(x.grad.data, numpy_step()[1], rtol=1e-4)
    ours, ref = [], []
    for _ in range(3):
        ours.append(median_time(course_step, repeats))
        ref.append(median_time(numpy_step, repeats))
    return min(ours), min(ref)


# ------------------------------------------------------------- per-op overhead, 0-d tensors
def scalar_ops_case(lib, n_steps, repeats):
    def step():
        x = lib.tensor(0.5, requires_grad=True)
        y = x
        for _ in range(n_steps):
            y = y + 1e-4 * lib.sin(y)
        y.backward()
        return x.grad

    return median_time(step, repeats)


# -------------------------------------------------------------------- depth 10⁶ chain
def deep_chain_case(lib, depth):
    def step():
        x = lib.tensor(1.0, requires_grad=True)
        y = x
        for _ in range(depth):
            y = y * 1.000001
        y.backward()
        return x.grad.item()

    gc.collect()
    start = clock()
    grad = step()
    return clock() - start, grad


def deep_chain_memory(depth):
    """Peak bytes per node of the recorded graph (tracemalloc) for y = y * 1.000001."""
    gc.collect()
    tracemalloc.start()
    x = cl.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(depth):
        y = y * 1.000001
    graph_bytes = tracemalloc.get_traced_memory()[0]
    y.backward()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / depth, graph_bytes / depth


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    parser.add_argument("--json", default="benchmarks/results/core.json")
    parser.add_argument("--clock", choices=["cpu", "wall"], default=None,
                        help="cpu: process CPU time (default); wall: elapsed time")
    parser.add_argument("--baseline", metavar="TREE",
                        help="a checkout whose course_lib is measured too (before vs after)")
    parser.add_argument("--single", nargs=4, metavar=("CASE", "LIB", "SIZE", "REPEATS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.clock:  # an environment variable, so that the fresh processes use it too
        os.environ["BENCH_CLOCK"] = args.clock
    if args.single:
        case, lib, size, reps = args.single
        print(json.dumps(single(case, lib, int(size), int(reps))))
        return 0
    repeats = 3 if args.quick else 7
    depth = 100_000 if args.quick else 1_000_000
    rows = []

    for name, dtype in (("mlp_float32", np.float32), ("mlp_float64", np.float64)):
        ours, ref = mlp_case(dtype, repeats)
        rows.append((name, ours, ref, "numpy", 1.10))
    ours, ref = elementwise_case(repeats)
    rows.append(("elementwise_1e6", ours, ref, "numpy", 1.10))
    if _import_torch() is not None:
        reps = max(3, repeats // 2)
        ours = in_fresh_process("scalar_ops", "course_lib", 20_000, reps)["seconds"]
        ref = in_fresh_process("scalar_ops", "torch", 20_000, reps)["seconds"]
        rows.append(("scalar_ops_20000", ours, ref, "torch", 1.00))
        ours = in_fresh_process("deep_chain", "course_lib", depth, 1)
        ref = in_fresh_process("deep_chain", "torch", depth, 1)
        assert np.isclose(ours["grad"], ref["grad"], rtol=1e-4), (ours, ref)
        rows.append((f"deep_chain_{depth}", ours["seconds"], ref["seconds"], "torch", 1.00))
    else:
        print("torch is not installed: the PyTorch comparisons are skipped")
    per_node_peak, per_node_graph = deep_chain_memory(depth)

    print(f"BLAS and torch pinned to 1 thread; {os.environ.get('BENCH_CLOCK', 'cpu')} times, "
          "medians (best of 3 interleaved rounds); PyTorch cases run each library in its own "
          "process")
    print(f"{'case':<22}{'course_lib s':>14}{'reference s':>14}{'ref':>7}{'ratio':>8}"
          f"{'target':>8}  ok")
    results = []
    for name, ours, ref, ref_name, target in rows:
        ratio = ours / ref
        ok = ratio <= target
        results.append({"case": name, "course_lib_s": ours, "reference_s": ref,
                        "reference": ref_name, "ratio": ratio, "target": target, "ok": ok})
        print(f"{name:<22}{ours:>14.5f}{ref:>14.5f}{ref_name:>7}{ratio:>8.3f}{target:>8.2f}"
              f"  {'yes' if ok else 'NO'}")
    mem_ok = per_node_peak <= 1024
    print(f"deep chain peak memory per node: {per_node_peak:.0f} B (graph alone "
          f"{per_node_graph:.0f} B; target <= 1024)  {'yes' if mem_ok else 'NO'}")
    baseline = baseline_rows(args.baseline, rows, repeats, depth) if args.baseline else None
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": results, "deep_chain_peak_bytes_per_node": per_node_peak,
                               "deep_chain_graph_bytes_per_node": per_node_graph,
                               "depth": depth, "threads": 1, "baseline": baseline}, indent=2))
    print(f"wrote {out}")
    return 0 if all(r["ok"] for r in results) and mem_ok else 1


def baseline_rows(tree, rows, repeats, depth) -> list:
    """The same cases with another checkout's course_lib (each in a fresh process)."""
    print(f"baseline: course_lib of {tree}")
    print(f"{'case':<22}{'baseline s':>14}{'this tree s':>14}{'this/base':>11}")
    table = []
    for name, ours, _ref, _ref_name, _target in rows:
        size = depth if name.startswith("deep_chain") else 20_000
        reps = 1 if name.startswith("deep_chain") else repeats
        case = "deep_chain" if name.startswith("deep_chain") else name
        base = in_fresh_process(case, "course_lib", size, reps, tree=tree)["seconds"]
        table.append({"case": name, "baseline_s": base, "this_s": ours})
        print(f"{name:<22}{base:>14.5f}{ours:>14.5f}{ours / base:>11.3f}")
    peak = in_fresh_process("deep_chain_memory", "course_lib", depth, 1, tree=tree)["seconds"]
    table.append({"case": "deep_chain_peak_bytes_per_node", "baseline_s": peak})
    print(f"baseline deep chain peak memory per node: {peak:.0f} B")
    return table


if __name__ == "__main__":
    sys.exit(main())
