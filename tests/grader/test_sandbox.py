"""The sandboxed kernel: its own uid, no view of private paths, no network, hard limits.

The kernel tests run with the best isolation this machine has (bwrap as root); the attacks on
the bwrap sandbox are in test_sandbox_bwrap.py. Here also: the fallbacks (hand-written
namespaces where bwrap is missing, limits only) and the notebook's kernel policy.
"""

from __future__ import annotations

import json
import os

import pytest

from course_grader import bwrap
from course_grader.remote import Proxy, RemoteError, RemoteSession, number_literals
from course_grader.sandbox import (
    KernelStartError,
    Limits,
    Sandbox,
    kernel_policy_from_notebook,
    namespaces_available,
    python_paths,
)

pytestmark = pytest.mark.slow
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
BWRAP_WORKS = bool(bwrap.find_bwrap()) and bwrap.probe(bwrap.find_bwrap())[0]


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    secret = tmp_path_factory.mktemp("private") / "solutions"
    secret.mkdir()
    (secret / "answer.txt").write_text("42")
    os.chmod(secret, 0o755)
    limits = Limits(cell_timeout=3.0, memory_mb=1024, hide=(str(secret),))
    with Sandbox(limits, files={"data.csv": b"1,2\n"}) as sb:
        k = sb.kernel()
        k.secret = secret
        yield k
        k.shutdown()


def run(kernel, code):
    return kernel.execute(code)


def test_code_runs_and_sees_its_data_files(kernel):
    r = run(kernel, "print(open('data.csv').read().strip())")
    assert r.status == "ok" and r.stdout.strip() == "1,2"


@pytest.mark.skipif(not ROOT, reason="uid and namespaces need root")
def test_kernel_runs_as_an_unprivileged_uid_without_network_or_private_paths(kernel):
    assert kernel.isolation == ("bwrap" if BWRAP_WORKS else "namespaces")
    r = run(kernel, "import os; print(os.getuid())")
    assert int(r.stdout) >= 62000
    r = run(kernel, f"print(open({str(kernel.secret / 'answer.txt')!r}).read())")
    assert r.status == "error" and r.ename in ("PermissionError", "FileNotFoundError")
    r = run(kernel, "import socket; socket.create_connection(('127.0.0.1', 22), timeout=1)")
    assert r.status == "error" and r.ename in ("OSError", "ConnectionRefusedError", "TimeoutError")
    r = run(kernel, "import os; print(sorted(os.listdir('/root')))")
    assert r.stdout.strip() in ("['.pyenv']", "[]") or r.status == "error"


def test_memory_limit_raises_memory_error(kernel):
    r = run(kernel, "x = bytearray(3 * 1024**3)")
    assert r.status == "error" and r.ename == "MemoryError"


def test_timeout_interrupts_and_the_kernel_lives_on(kernel):
    r = run(kernel, "while True:\n    pass")
    assert r.status == "timeout"
    assert run(kernel, "print(1 + 1)").stdout.strip() == "2"


def test_huge_output_is_capped(kernel):
    r = run(kernel, "for _ in range(50):\n    print('x' * 100_000)")
    text = "".join(o.get("text", "") for o in r.outputs)
    assert len(text) < 2 * kernel.limits.max_cell_output_chars
    assert "truncated" in text


def test_probe_returns_plain_data_and_proxies(kernel):
    run(
        kernel,
        "import numpy as np\nclass V:\n    def __init__(self, x): self.x = x\n"
        "    def __mul__(self, o): return V(self.x * (o.x if isinstance(o, V) else o))\n"
        "arr = np.arange(3.0)\nv = V(2.0)\ndef boom(): raise ValueError('bad')\n",
    )
    session = RemoteSession(kernel, call_timeout=3.0, budget=30.0)
    session.install()
    got = session.fetch(["arr", "v", "boom", "missing"])
    assert type(got["arr"]).__name__ == "ndarray" and got["arr"].tolist() == [0.0, 1.0, 2.0]
    assert isinstance(got["v"], Proxy) and "missing" not in got
    session.literals = number_literals("v * 3")  # the engine registers each test's literals
    assert (got["v"] * 3).x == 6.0
    with pytest.raises(RemoteError) as info:
        got["boom"]()
    assert info.value.remote_mro[0] == "ValueError"


def test_dead_and_hung_kernels_are_reported(kernel):
    r = run(
        kernel, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    )
    assert r.status == "hung"
    kernel.restart()
    r = run(kernel, "import os; os._exit(3)")
    assert r.status == "dead"
    kernel.restart()
    assert run(kernel, "print('back')").stdout.strip() == "back"


# --------------------------------------------------------------------------- policy


def test_kernel_policy_comes_from_the_source_notebook_metadata():
    assert kernel_policy_from_notebook({}) == {}
    assert kernel_policy_from_notebook(None) == {}
    assert kernel_policy_from_notebook({"autodiff_course": []}) == {}
    meta = {"autodiff_course": {"kernel_course_lib": "checks-only"}, "kernelspec": {}}
    assert kernel_policy_from_notebook(meta) == {"course_lib": "checks-only"}
    limits = Limits(cell_timeout=7.0)
    strict = limits.for_notebook(meta)
    assert strict.course_lib == "checks-only" and strict.cell_timeout == 7.0
    assert limits.course_lib == "full"  # a copy: the class-wide limits are untouched
    with pytest.raises(ValueError, match="checks-only"):
        kernel_policy_from_notebook({"autodiff_course": {"kernel_course_lib": "checks_only"}})


def test_unknown_isolation_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="bwrap"):
        Limits(isolate="bubble").effective_isolation()


# --------------------------------------------------------------------------- fallbacks


def _tmp_listing_and_uid(limits: Limits) -> tuple[str, list, int, str]:
    """(isolation, /tmp's listing, uid, data.csv) as a kernel in a fresh sandbox sees them."""
    with Sandbox(limits, files={"data.csv": b"1\n"}) as sb:
        k = sb.kernel()
        try:
            r = k.execute(
                "import json, os, numpy\nprint(json.dumps([sorted(os.listdir('/tmp')), "
                "os.getuid(), open('data.csv').read().strip()]))"
            )
            assert r.status == "ok", (r.ename, r.evalue)
            return (k.isolation, *json.loads(r.stdout))
        finally:
            k.shutdown()


@pytest.mark.skipif(not ROOT or not namespaces_available(), reason="namespaces need root")
def test_without_bwrap_the_namespace_fallback_grades_and_says_so(monkeypatch):
    monkeypatch.setenv("AUTODIFF_BWRAP", "/nonexistent/bwrap")  # as on a machine without it
    isolation, listing, uid, data = _tmp_listing_and_uid(Limits(cell_timeout=10.0))
    assert isolation == "namespaces" and uid >= 62000 and data == "1"
    # /tmp is private there too: only this kernel's scratch directory and the way to its
    # connection file are in it (and the Python itself, when it lives below /tmp)
    python_below_tmp = sorted({p.split("/")[2] for p in python_paths() if p.startswith("/tmp/")})
    assert sorted(name.split("-")[0] for name in listing) == sorted(
        ["grader", "learner", *python_below_tmp]), listing


def test_limits_only_mode_runs_and_says_so(monkeypatch):
    monkeypatch.setenv("AUTODIFF_SANDBOX", "none")
    isolation, _, uid, data = _tmp_listing_and_uid(Limits(cell_timeout=10.0))
    assert isolation == "limits-only" and uid == os.getuid() and data == "1"


@pytest.mark.skipif(ROOT, reason="checks what a grader without root is told")
def test_without_root_a_requested_sandbox_is_refused():
    with pytest.raises(PermissionError, match="root"):
        Limits(isolate="bwrap").effective_isolation()


def test_checks_only_is_refused_where_it_cannot_hold(monkeypatch):
    monkeypatch.setenv("AUTODIFF_SANDBOX", "none")
    with pytest.raises(KernelStartError, match="checks-only"):
        with Sandbox(Limits(course_lib="checks-only")):
            pass


MODES = ["none"]
if ROOT and namespaces_available():
    MODES.append("namespaces")
if ROOT and BWRAP_WORKS:
    MODES.append("bwrap")


@pytest.mark.parametrize("mode", MODES)
def test_nothing_a_learner_leaves_behind_stops_a_restart(mode, monkeypatch):
    """Startup files where IPython and Jupyter look, a module shadowing the kernel's launcher,
    a directory where a connection file would go: the restarted kernel starts clean."""
    monkeypatch.setenv("AUTODIFF_SANDBOX", mode)
    hang = "import time\nwhile True: time.sleep(1)\n"
    with Sandbox(Limits(cell_timeout=10.0, startup_timeout=20.0)) as sb:
        k = sb.kernel()
        try:
            r = k.execute(
                "import os\n"
                f"HANG = {hang!r}\n"
                "for d in (os.environ['IPYTHONDIR'], os.path.expanduser('~/.ipython')):\n"
                "    os.makedirs(d + '/profile_default/startup', exist_ok=True)\n"
                "    open(d + '/profile_default/startup/00.py', 'w').write(HANG)\n"
                "os.makedirs(os.environ['JUPYTER_CONFIG_DIR'], exist_ok=True)\n"
                "open(os.environ['JUPYTER_CONFIG_DIR'] + '/ipython_kernel_config.py', 'w')"
                ".write(HANG)\n"
                "open('ipykernel_launcher.py', 'w').write(HANG)\n"
                "os.makedirs('kernel.json', exist_ok=True)\n"
                "open('mymod.py', 'w').write('X = 41')\n"
            )
            assert r.status == "ok", (r.ename, r.evalue)
            k.restart()
            r = k.execute("import mymod\nprint(mymod.X + 1)")
            # under bwrap the restarted kernel has a fresh home, so mymod is gone as well
            assert (r.stdout.strip(), r.ename) == (
                ("", "ModuleNotFoundError") if mode == "bwrap" else ("42", "")
            )
        finally:
            k.shutdown()
