"""The sandboxed kernel: its own uid, no view of private paths, no network, hard limits."""

from __future__ import annotations

import os

import pytest

from course_grader.remote import Proxy, RemoteError, RemoteSession
from course_grader.sandbox import Limits, Sandbox

pytestmark = pytest.mark.slow
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


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
        k.isolation = sb.isolation
        yield k
        k.shutdown()


def run(kernel, code):
    return kernel.execute(code)


def test_code_runs_and_sees_its_data_files(kernel):
    r = run(kernel, "print(open('data.csv').read().strip())")
    assert r.status == "ok" and r.stdout.strip() == "1,2"


@pytest.mark.skipif(not ROOT, reason="uid and namespaces need root")
def test_kernel_runs_as_an_unprivileged_uid_without_network_or_private_paths(kernel):
    assert kernel.isolation == "full"
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
