"""Run one learner's code in a kernel that cannot hurt the class: scratch dir, own uid, limits.

`Sandbox` owns a scratch directory and (when the grader runs as root) a uid of its own from a
pool, so two kernels graded at the same time cannot read each other's files or talk to each
other's kernels. `KernelSession` starts an IPython kernel through `kernel_launcher` (limits,
privilege drop, no network), talks to it over unix sockets, and executes code with a time limit,
capped output and death detection. Nothing the kernel prints is trusted: the grader only ever
reads plain data from it (see `remote.py`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import zmq
from jupyter_client import BlockingKernelClient, KernelManager
from jupyter_client.channels import ZMQSocketChannel
from nbformat.v4 import output_from_msg
from traitlets import Integer, List

# run by path (not -m): starting it must not import course_lib, only the standard library
LAUNCHER = str(Path(__file__).with_name("kernel_launcher.py"))
UID_BASE = 62000
UID_COUNT = 1000
LOCK_DIR = Path(tempfile.gettempdir()) / ".autodiff-course-sandbox-uids"


@dataclass
class Limits:
    """What one submission may use. Defaults suit the course's assignments on a laptop."""

    cell_timeout: float = 30.0  # seconds per cell (nbgrader's default)
    startup_timeout: float = 60.0
    memory_mb: int = 2048  # address space of the kernel process
    nproc: int = 64  # processes + threads of the kernel's uid
    fsize_mb: int = 64  # largest file the kernel may write
    cpu_seconds: int = 1800  # CPU time of the kernel over its whole life
    max_cell_output_chars: int = 20_000  # stored per cell (feedback shows this much)
    max_message_bytes: int = 32 * 1024 * 1024  # larger kernel messages are dropped unread
    submission_budget: float = 900.0  # wall-clock seconds for a whole submission
    max_restarts: int = 3
    # "auto": the most this machine allows; "none": limits only (env AUTODIFF_SANDBOX overrides)
    isolate: str = field(default_factory=lambda: os.environ.get("AUTODIFF_SANDBOX", "auto"))
    hide: tuple[str, ...] = ()  # paths the kernel must not see (solutions, gradebook, ...)

    def effective_isolation(self) -> str:
        """ "full" (own uid, private mounts, no network), "uid" (own uid only) or "none"."""
        if self.isolate == "none":
            return "none"
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        if not root:
            if self.isolate in ("user", "full"):
                raise PermissionError("sandbox isolation needs the grader to run as root")
            return "none"
        return "full" if namespaces_available() else "uid"


_NAMESPACES: bool | None = None


def namespaces_available() -> bool:
    """Can this process create mount and network namespaces? (checked once, in a child)"""
    global _NAMESPACES
    if _NAMESPACES is None:
        cmd = [sys.executable, "-I", LAUNCHER, "--isolate", "--", sys.executable, "-c", "pass"]
        try:
            _NAMESPACES = subprocess.run(cmd, capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.SubprocessError):
            _NAMESPACES = False
    return _NAMESPACES


def python_paths() -> list[str]:
    """Directories the kernel must reach to run this Python and its packages."""
    import site

    paths = {os.path.dirname(os.path.realpath(sys.executable)), sys.base_prefix, sys.prefix}
    paths.update(p for p in site.getsitepackages() if os.path.isdir(p))
    paths.add(str(Path(__file__).resolve().parents[1]))  # course_lib's own tree (editable)
    return sorted(paths)


# --------------------------------------------------------------------------- uid pool


class UidPool:
    """Hands out uids 62000-62999, one per running sandbox, across processes (flock)."""

    def __init__(self, base: int = UID_BASE, count: int = UID_COUNT, lock_dir: Path = LOCK_DIR):
        self.base, self.count, self.lock_dir = base, count, Path(lock_dir)

    def acquire(self) -> tuple[int, int]:
        self.lock_dir.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self.lock_dir, 0o700)
        start = random.randrange(self.count)
        for k in range(self.count):
            uid = self.base + (start + k) % self.count
            fd = os.open(self.lock_dir / f"{uid}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            kill_uid_processes(uid)  # leftovers from a crashed grader, if any
            return uid, fd
        raise RuntimeError(f"all {self.count} sandbox uids are busy ({self.lock_dir})")

    @staticmethod
    def release(uid: int, fd: int) -> None:
        kill_uid_processes(uid)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def kill_uid_processes(uid: int) -> int:
    """SIGKILL every process running as `uid` (a sandbox uid nobody else uses); returns count."""
    import psutil

    killed = 0
    for _ in range(5):
        found = []
        for proc in psutil.process_iter(["uids"]):
            uids = proc.info.get("uids")
            if uids and uid in (uids.real, uids.effective, uids.saved):
                found.append(proc)
        if not found:
            break
        for proc in found:
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGKILL)
                killed += 1
        psutil.wait_procs(found, timeout=2)
    return killed


# --------------------------------------------------------------------------- kernel


class SandboxKernelManager(KernelManager):
    """A KernelManager whose kernel starts through `kernel_launcher` with the sandbox's limits."""

    launcher_args = List([]).tag(config=False)
    sandbox_uid = Integer(-1).tag(config=False)
    sandbox_gid = Integer(-1).tag(config=False)

    def format_kernel_cmd(self, extra_arguments=None):
        kernel = [
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            self.connection_file,
            "--HistoryManager.enabled=False",
            "--IPKernelApp.log_level=CRITICAL",
        ]
        launcher = [sys.executable, "-I", LAUNCHER]
        return [*launcher, *self.launcher_args, "--", *kernel]

    def write_connection_file(self, **kwargs) -> None:
        super().write_connection_file(**kwargs)
        if self.sandbox_uid >= 0:
            os.chown(self.connection_file, self.sandbox_uid, self.sandbox_gid)


class CappedKernelClient(BlockingKernelClient):
    """A blocking client whose sockets drop (unread) any message over `max_message_bytes`."""

    max_message_bytes = Integer(32 * 1024 * 1024).tag(config=False)

    def _create_connected_socket(self, channel, identity=None):
        from jupyter_client.connect import channel_socket_types

        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 0
        sock.setsockopt(zmq.MAXMSGSIZE, int(self.max_message_bytes))
        if identity:
            sock.identity = identity
        sock.connect(self._make_url(channel))
        return sock


@dataclass
class ExecResult:
    """What happened to one piece of code sent to the kernel."""

    status: str  # ok | error | timeout | hung | dead
    outputs: list = field(default_factory=list)  # nbformat outputs (capped)
    stdout: str = ""  # stdout text, capped
    reply: dict = field(default_factory=dict)  # the execute_reply content (user_expressions)
    ename: str = ""
    evalue: str = ""
    traceback: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _kernel_env(scratch: Path) -> dict[str, str]:
    bindir = os.path.dirname(sys.executable)
    env = {
        "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scratch),
        "USER": "learner",
        "LOGNAME": "learner",
        "LANG": "C.UTF-8",
        "TMPDIR": str(scratch / "tmp"),
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(scratch / ".config" / "matplotlib"),
        "IPYTHONDIR": str(scratch / ".ipython"),
        "JUPYTER_CONFIG_DIR": str(scratch / ".jupyter"),
        "JUPYTER_DATA_DIR": str(scratch / ".local" / "share" / "jupyter"),
        "JUPYTER_RUNTIME_DIR": str(scratch / ".local" / "share" / "jupyter" / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    if "VIRTUAL_ENV" in os.environ:
        env["VIRTUAL_ENV"] = os.environ["VIRTUAL_ENV"]
    return env


class KernelSession:
    """One running sandboxed kernel and a client to it."""

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self.limits = sandbox.limits
        self.km: SandboxKernelManager | None = None
        self.kc: CappedKernelClient | None = None
        self.start()

    # lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        sb = self.sandbox
        km = SandboxKernelManager(kernel_name="python3")
        km.transport = "ipc"
        km.ip = str(sb.scratch / "k")
        km.connection_file = str(sb.scratch / "kernel.json")
        args = [
            f"--memory-mb={self.limits.memory_mb}",
            f"--nproc={self.limits.nproc}",
            f"--fsize-mb={self.limits.fsize_mb}",
            f"--cpu-seconds={self.limits.cpu_seconds}",
        ]
        if sb.uid is not None:
            args += [f"--uid={sb.uid}", f"--gid={sb.uid}"]
            km.sandbox_uid = km.sandbox_gid = sb.uid
        if sb.isolation == "full":
            args.append("--isolate")
            args += [f"--expose={p}" for p in python_paths()]
            args += [f"--hide={p}" for p in self.limits.hide if os.path.exists(p)]
        km.launcher_args = args
        log = open(sb.private / "kernel-stderr.log", "ab")  # noqa: SIM115 - closed in shutdown
        self._log = log
        km.start_kernel(
            cwd=str(sb.scratch), env=_kernel_env(sb.scratch), stdout=subprocess.DEVNULL, stderr=log
        )
        kw = km.get_connection_info(session=True)
        kc = CappedKernelClient(parent=km, connection_file=km.connection_file, **kw)
        kc.max_message_bytes = self.limits.max_message_bytes
        kc.start_channels(hb=False)
        self.km, self.kc = km, kc
        try:
            kc.wait_for_ready(timeout=self.limits.startup_timeout)
        except RuntimeError as err:
            tail = ""
            with contextlib.suppress(OSError):
                tail = (sb.private / "kernel-stderr.log").read_text(errors="replace")[-2000:]
            self.shutdown()
            raise KernelStartError(f"the kernel did not start: {err}\n{tail}") from None

    def is_alive(self) -> bool:
        return bool(self.km is not None and self.km.is_alive())

    def shutdown(self) -> None:
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.shutdown_kernel(now=True)
            with contextlib.suppress(Exception):
                self.km.cleanup_resources()
        self.km = self.kc = None
        with contextlib.suppress(Exception):
            self._log.close()
        if self.sandbox.uid is not None:
            kill_uid_processes(self.sandbox.uid)

    def restart(self) -> None:
        self.shutdown()
        for leftover in self.sandbox.scratch.glob("k-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        self.start()

    # execution -----------------------------------------------------------------------
    def execute(
        self,
        code: str,
        timeout: float | None = None,
        *,
        store_history: bool = True,
        keep_outputs: bool = True,
        user_expressions: dict[str, str] | None = None,
    ) -> ExecResult:
        """Run `code`; never raises for anything the code does. `status` says what happened:
        ok, error (an exception), timeout (interrupted after `timeout` s), hung (ignored the
        interrupt: restart the kernel), dead (the kernel process is gone)."""
        if not self.is_alive():
            return ExecResult("dead")
        assert self.kc is not None
        timeout = self.limits.cell_timeout if timeout is None else timeout
        started = time.monotonic()
        msg_id = self.kc.execute(
            code,
            silent=False,
            store_history=store_history,
            allow_stdin=False,
            stop_on_error=False,
            user_expressions=user_expressions or {},
        )
        result = ExecResult("ok")
        finished = self._collect(msg_id, started + timeout, keep_outputs, result)
        if not finished and result.status != "dead":
            with contextlib.suppress(Exception):
                self.km.interrupt_kernel()
            finished = self._collect(msg_id, time.monotonic() + 5.0, keep_outputs, result)
            if result.status != "dead":
                result.status = "timeout" if finished else "hung"
        result.seconds = time.monotonic() - started
        return result

    def _collect(self, msg_id: str, deadline: float, keep: bool, res: ExecResult) -> bool:
        """Read the kernel's messages for `msg_id` into `res` until the reply (True) or the
        deadline / kernel death (False)."""
        kc = self.kc
        chars = sum(len(o.get("text", "")) for o in res.outputs if o.get("output_type") == "stream")
        got_idle = got_busy = False
        reply_at = None
        poller = zmq.Poller()
        channels: dict = {}
        for chan in (kc.iopub_channel, kc.shell_channel):
            assert isinstance(chan, ZMQSocketChannel)
            poller.register(chan.socket, zmq.POLLIN)
            channels[chan.socket] = chan
        last_alive_check = time.monotonic()
        while True:
            now = time.monotonic()
            if reply_at is not None and (got_idle or now - reply_at > 1.0):
                if not got_idle and not got_busy:
                    # the kernel sent something over max_message_bytes: ZMQ dropped the
                    # connection, so open a fresh one for the next cell
                    self._note(res, "[output larger than the grader's limit was dropped]")
                    self._reconnect()
                return True
            if now >= deadline:
                return reply_at is not None
            wait_ms = int(min(0.5, deadline - now) * 1000) + 1
            events = dict(poller.poll(timeout=wait_ms))
            if not events:
                if time.monotonic() - last_alive_check > 0.9:
                    last_alive_check = time.monotonic()
                    if not self.is_alive():
                        res.status = "dead"
                        return False
                continue
            for sock in events:
                chan = channels[sock]
                try:
                    msg = chan.get_msg(timeout=0)
                except Exception:  # noqa: BLE001 - a malformed message from the kernel is dropped
                    continue
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                mtype = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
                content = msg.get("content", {})
                if chan is kc.shell_channel:
                    if mtype == "execute_reply":
                        reply_at = time.monotonic()
                        res.reply = content
                        if content.get("status") == "error" and res.status == "ok":
                            res.status = "error"
                            res.ename = str(content.get("ename", ""))[:200]
                            res.evalue = str(content.get("evalue", ""))[:2000]
                    continue
                if mtype == "status":
                    state = content.get("execution_state")
                    got_idle = got_idle or state == "idle"
                    got_busy = got_busy or state == "busy"
                    continue
                if mtype == "stream" and content.get("name") == "stdout":
                    if len(res.stdout) < self.limits.max_cell_output_chars:
                        res.stdout += str(content.get("text", ""))[
                            : self.limits.max_cell_output_chars
                        ]
                if mtype == "error":
                    res.ename = str(content.get("ename", ""))[:200]
                    res.evalue = str(content.get("evalue", ""))[:2000]
                    res.traceback = [str(t)[:2000] for t in content.get("traceback", [])[:50]]
                    if res.status == "ok":
                        res.status = "error"
                if keep and mtype in ("stream", "display_data", "execute_result", "error"):
                    chars = self._keep_output(res, msg, chars)

    def _reconnect(self) -> None:
        assert self.km is not None and self.kc is not None
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        kw = self.km.get_connection_info(session=True)
        kc = CappedKernelClient(parent=self.km, connection_file=self.km.connection_file, **kw)
        kc.max_message_bytes = self.limits.max_message_bytes
        kc.start_channels(hb=False)
        self.kc = kc
        with contextlib.suppress(RuntimeError):
            kc.wait_for_ready(timeout=10)

    @staticmethod
    def _note(res: ExecResult, text: str) -> None:
        res.outputs.append({"output_type": "stream", "name": "stderr", "text": text + "\n"})

    def _keep_output(self, res: ExecResult, msg: dict, chars: int) -> int:
        cap = self.limits.max_cell_output_chars
        try:
            out = output_from_msg(msg)
        except Exception:  # noqa: BLE001
            return chars
        if out.output_type == "stream":
            text = str(out.get("text", ""))
            if chars >= cap:
                return chars + len(text)
            room = cap - chars
            if len(text) > room:
                text = text[:room] + "\n[... output truncated by the grader ...]\n"
            if (
                res.outputs
                and res.outputs[-1].get("output_type") == "stream"
                and res.outputs[-1].get("name") == out.name
            ):
                res.outputs[-1]["text"] += text
            else:
                out["text"] = text
                res.outputs.append(out)
            return chars + len(text)
        if out.output_type == "error":
            out["traceback"] = [str(t)[:2000] for t in out.get("traceback", [])[:50]]
            out["evalue"] = str(out.get("evalue", ""))[:2000]
        data = out.get("data", {})
        size = sum(len(str(v)) for v in data.values()) if isinstance(data, dict) else 0
        if size > 4 * cap:
            out["data"] = {"text/plain": "[large output removed by the grader]"}
        if len(res.outputs) < 50:
            res.outputs.append(out)
        return chars + min(size, 4 * cap)


class KernelStartError(RuntimeError):
    """The sandboxed kernel could not be started (environment problem, not the learner's)."""


# --------------------------------------------------------------------------- sandbox


class Sandbox:
    """A scratch directory (owned by a pool uid when isolating) plus a private dir for logs.

    Use as a context manager; on exit every process of the uid is killed and both
    directories are removed.
    """

    def __init__(self, limits: Limits | None = None, files: dict[str, bytes] | None = None):
        self.limits = limits or Limits()
        self.files = files or {}
        self.uid: int | None = None
        self._uid_fd: int | None = None
        self.isolation = "none"

    def __enter__(self) -> Sandbox:
        self.isolation = self.limits.effective_isolation()
        if self.isolation != "none":
            self.uid, self._uid_fd = UidPool().acquire()
        self.private = Path(tempfile.mkdtemp(prefix="grader-private-"))
        self.scratch = Path(tempfile.mkdtemp(prefix="learner-scratch-"))
        for sub in ("tmp", ".ipython", ".jupyter", ".config/matplotlib"):
            (self.scratch / sub).mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            target = self.scratch / Path(name).name
            target.write_bytes(data)
        if self.uid is not None:
            for path in [self.scratch, *self.scratch.rglob("*")]:
                os.chown(path, self.uid, self.uid, follow_symlinks=False)
        os.chmod(self.scratch, 0o700)
        return self

    def kernel(self) -> KernelSession:
        return KernelSession(self)

    def __exit__(self, *exc) -> None:
        if self.uid is not None and self._uid_fd is not None:
            UidPool.release(self.uid, self._uid_fd)
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.private, ignore_errors=True)
