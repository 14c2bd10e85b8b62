"""Run one learner's code in a kernel that cannot hurt the class: default-deny, own uid, limits.

`Sandbox` owns (when the grader runs as root) a uid of its own from a pool, so two kernels graded
at the same time cannot read each other's files or signal each other's processes, and a private
directory of the grader's for logs and connection files. `KernelSession` starts an IPython kernel
through `kernel_launcher` (limits, privilege drop), talks to it over unix sockets, and executes
code with a time limit, capped output and death detection. Nothing the kernel prints is trusted:
the grader only ever reads plain data from it (see `remote.py`).

How much isolation a kernel gets (`Sandbox.isolation`, shown in the grades CSV):

* "bwrap" (root, bubblewrap installed; the default): a new empty root filesystem with only the
  system, Python, course_lib and the assignment's released files bound in read-only; private,
  size-limited tmpfs for home, /tmp, /var/tmp and /dev/shm; own PID, network, IPC and UTS
  namespaces; capabilities dropped. See `bwrap.py`.
* "namespaces" (root, no bubblewrap): the hand-written fallback in `kernel_launcher.py`: own
  mount and network namespaces, the course's private paths covered (a list, not default-deny),
  private size-limited /tmp, /var/tmp and /dev/shm.
* "uid-only" (root, namespaces unavailable): own uid and limits.
* "limits-only" (not root, or `AUTODIFF_SANDBOX=none`): resource limits only.

`AUTODIFF_SANDBOX` chooses: `auto` (the best available), `bwrap`, `namespaces` or `none`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import zmq
from jupyter_client import BlockingKernelClient, KernelManager
from jupyter_client.channels import ZMQSocketChannel
from nbformat.v4 import output_from_msg
from traitlets import Integer, List, Unicode

from course_grader import bwrap

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
    tmp_mb: int = 256  # size of the private home and /tmp (/var/tmp, /dev/shm: up to 64 MB)
    tmp_files: int = 20_000  # files (inodes) on each of them
    # "full": course_lib importable; "checks-only": only course_lib.checks exists in the kernel
    # (an assignment that asks learners to build what course_lib has; see kernel_policy_...)
    course_lib: str = "full"
    # "auto": the most this machine allows; "bwrap", "namespaces"; "none": limits only
    isolate: str = field(default_factory=lambda: os.environ.get("AUTODIFF_SANDBOX", "auto"))
    # paths the "namespaces" fallback covers (solutions, gradebook, ...); bwrap needs no list
    hide: tuple[str, ...] = ()
    # modules the kernel must not find (bwrap only): "course_lib.functional" (a module or
    # subpackage of course_lib) or a top-level package such as "torch"; see kernel_policy_...
    hide_modules: tuple[str, ...] = ()

    def effective_isolation(self) -> str:
        """ "bwrap", "namespaces", "uid-only" or "limits-only" (see the module docstring)."""
        mode = self.isolate
        if mode not in ISOLATE_MODES:
            raise ValueError(
                f"AUTODIFF_SANDBOX / Limits.isolate is {mode!r}; use one of "
                + ", ".join(ISOLATE_MODES[:4])
            )
        if mode == "none":
            return "limits-only"
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        if not root:
            if mode != "auto":
                raise PermissionError(
                    f"sandbox isolation {mode!r} needs the grader to run as root; run as root "
                    "(e.g. in a container) or set AUTODIFF_SANDBOX=none for limits only"
                )
            return "limits-only"
        if mode in ("auto", "full", "bwrap"):
            binary = bwrap.find_bwrap()
            works, err = bwrap.probe(binary) if binary else (False, "bwrap is not installed")
            if works:
                return "bwrap"
            if mode == "bwrap":
                raise RuntimeError(
                    f"AUTODIFF_SANDBOX=bwrap but bubblewrap cannot run here: {err}; install "
                    "Debian's `bubblewrap` or use AUTODIFF_SANDBOX=auto"
                )
        return "namespaces" if namespaces_available() else "uid-only"

    def for_notebook(self, nb_metadata) -> Limits:
        """These limits with the source notebook's kernel policy applied (a copy)."""
        return dataclasses.replace(self, **kernel_policy_from_notebook(nb_metadata))


ISOLATE_MODES = ("auto", "bwrap", "namespaces", "none", "full", "user")
COURSE_LIB_MODES = ("full", "checks-only")
# what a checks-only kernel's course_lib holds: the checks and the message tables they speak from
CHECKS_ONLY_MODULES = ("checks.py", "i18n.py")
# ... and what it does not find at all: the other automatic-differentiation (and symbolic)
# engines that may be installed beside the course (torch is one of its dependencies). A source
# scan cannot see `open("m.py", "w").write("import torch ...")` followed by `import m`.
ENGINE_PACKAGES = (
    "torch", "functorch", "torchgen", "torchvision", "torchaudio", "jax", "jaxlib", "autograd",
    "tensorflow", "keras", "sympy", "mxnet", "theano", "aesara", "pytensor", "tinygrad",
    "micrograd", "casadi", "mygrad", "paddle",
)


def kernel_policy_from_notebook(nb_metadata) -> dict:
    """`Limits` fields an assignment's source notebook asks for, from its metadata.

    An assignment in which learners build what course_lib already has (a3: reverse-mode
    autodiff) sets, in the source notebook's metadata,

        "autodiff_course": {"kernel_course_lib": "checks-only"}

    and its kernels get a `course_lib` that holds only `checks`, and none of the other engines
    installed with Python (`ENGINE_PACKAGES`: torch, jax, sympy, ...): they are not on the
    kernel's filesystem at all, so no import trick can reach them.

    An assignment whose learners use course_lib but must not use one of its shortcuts (a4
    builds Jacobians from backward passes, not with `course_lib.functional.jacobian` or torch)
    lists what its kernels must not find,

        "autodiff_course": {"kernel_hide_modules": ["course_lib.functional", "torch"]}

    (a module or subpackage of course_lib, or a top-level package of the installation), which
    a check_source_avoids cannot enforce alone: `getattr(cl, "func" + "tional")`, or a module
    the notebook writes and imports, reads as nothing to a source scan. Returns e.g.
    `{"course_lib": "checks-only"}`, or `{}` when the notebook asks for nothing.
    """
    if not isinstance(nb_metadata, dict):
        return {}
    ours = nb_metadata.get("autodiff_course")
    if not isinstance(ours, dict):
        return {}
    policy: dict = {}
    if "kernel_course_lib" in ours:
        mode = ours["kernel_course_lib"]
        if mode not in COURSE_LIB_MODES:
            raise ValueError(
                f'notebook metadata autodiff_course.kernel_course_lib is {mode!r}; use "full" or '
                '"checks-only"'
            )
        policy["course_lib"] = mode
    if "kernel_hide_modules" in ours:
        names = ours["kernel_hide_modules"]
        if not isinstance(names, list) or not all(
            isinstance(n, str) and re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", n) for n in names
        ):
            raise ValueError(
                "notebook metadata autodiff_course.kernel_hide_modules must be a list of module "
                'names, e.g. ["course_lib.functional", "torch"]'
            )
        policy["hide_modules"] = tuple(names)
    return policy


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


def _pss_bytes(pid: int) -> int | None:
    """A process's proportional set size: its resident pages, each page shared with other
    processes (a fork's copy-on-write pages) counted as its share only."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def uid_rss_mb(uid: int) -> float:
    """Memory of every process running as `uid`, together, in MiB: the sum of their
    proportional set sizes (pages a fork shares are counted once), or of their resident sizes
    where the kernel does not report it."""
    import psutil

    total = 0
    for proc in psutil.process_iter(["uids", "memory_info"]):
        uids, mem = proc.info.get("uids"), proc.info.get("memory_info")
        if uids and mem and uid in (uids.real, uids.effective, uids.saved):
            pss = _pss_bytes(proc.pid)
            total += pss if pss is not None else mem.rss
    return total / 2**20


class MemoryWatch:
    """The memory limit of a kernel holds for all its processes together.

    `Limits.memory_mb` is each process's address space (RLIMIT_AS), and `nproc` lets a kernel
    fork: 4 children of 1.2 GB each held 5 GB under a 2 GB limit, and the 60 children `nproc`
    allows could take the whole machine. This thread sums the memory of the sandbox uid's
    processes (`uid_rss_mb`) every `interval` seconds and kills them all (the kernel dies; the
    grader restarts it as for any crash) when they hold more than `memory_mb` together.
    """

    def __init__(self, uid: int, memory_mb: float, interval: float = 0.1):
        import threading

        self.uid, self.memory_mb, self.interval = uid, memory_mb, interval
        self.kills = 0
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sandbox-memory", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                used = uid_rss_mb(self.uid)
            except Exception:  # noqa: BLE001 - a process vanishing mid-scan: look again
                continue
            self.peak_mb = max(self.peak_mb, used)
            if used > self.memory_mb:
                kill_uid_processes(self.uid)
                self.kills += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


# --------------------------------------------------------------------------- kernel


class SandboxKernelManager(KernelManager):
    """A KernelManager whose kernel starts through `kernel_launcher` with the sandbox's limits.

    Under bwrap the command is `bwrap --args FD -- python launcher ... -- python -m
    ipykernel_launcher -f /run/kernel/kernel.json`; the kernel's copy of the connection file
    names its sockets by their path inside the sandbox, the grader's copy by the host path.
    """

    launcher_args = List([]).tag(config=False)
    sandbox_uid = Integer(-1).tag(config=False)
    sandbox_gid = Integer(-1).tag(config=False)
    bwrap_binary = Unicode("").tag(config=False)  # set: start under bubblewrap
    bwrap_args_fd = Integer(-1).tag(config=False)
    kernel_conn_dir = Unicode("").tag(config=False)  # host dir bound at bwrap.CONN_DIR

    def format_kernel_cmd(self, extra_arguments=None):
        if self.bwrap_binary:
            python = bwrap.sandbox_python()
            conn = f"{bwrap.CONN_DIR}/kernel.json"
            launcher = [python, "-I", f"{bwrap.LAUNCHER_DIR}/kernel_launcher.py"]
            outer = [self.bwrap_binary, "--args", str(self.bwrap_args_fd), "--"]
        else:
            python, conn = sys.executable, self.connection_file
            launcher = [python, "-I", LAUNCHER]
            outer = []
        kernel = [
            python,
            "-m",
            "ipykernel_launcher",
            "-f",
            conn,
            "--HistoryManager.enabled=False",
            "--IPKernelApp.log_level=CRITICAL",
        ]
        return [*outer, *launcher, *self.launcher_args, "--", *kernel]

    def write_connection_file(self, **kwargs) -> None:
        super().write_connection_file(**kwargs)
        target = self.connection_file
        if self.bwrap_binary:
            info = json.loads(Path(self.connection_file).read_text())
            info["ip"] = f"{bwrap.CONN_DIR}/k"
            target = os.path.join(self.kernel_conn_dir, "kernel.json")
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w") as f:
                json.dump(info, f)
        if self.sandbox_uid >= 0:
            os.chown(target, self.sandbox_uid, self.sandbox_gid, follow_symlinks=False)

    def kernel_pids(self) -> list[int]:
        """Host pids of the sandbox uid's processes below this kernel's bwrap, top-most first."""
        import psutil

        try:
            below = psutil.Process(self.provisioner.pid).children(recursive=True)
        except (psutil.Error, AttributeError):
            return []
        mine = []
        for proc in below:
            with contextlib.suppress(psutil.Error):
                if proc.uids().real == self.sandbox_uid:
                    mine.append(proc)
        pids = {p.pid for p in mine}
        top = [p.pid for p in mine if p.ppid() not in pids]
        return top + [p.pid for p in mine if p.pid not in top]

    def interrupt_kernel(self) -> None:
        # bwrap runs the kernel in a session of its own inside a PID namespace: SIGINT to the
        # bwrap process group (jupyter_client's way) would not reach it, so signal the kernel's
        # own process group, found on the host
        if not self.bwrap_binary:
            return super().interrupt_kernel()
        for pid in self.kernel_pids()[:1]:
            try:
                os.killpg(os.getpgid(pid), signal.SIGINT)
            except OSError:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGINT)


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


def _kernel_env(home: Path | str, *, python_bin: str | None = None) -> dict[str, str]:
    bindir = python_bin or os.path.dirname(sys.executable)
    home = str(home)
    env = {
        "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "USER": "learner",
        "LOGNAME": "learner",
        "LANG": "C.UTF-8",
        "TMPDIR": f"{home}/tmp",
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        # the kernel starts without the working directory on sys.path, so a learner's
        # `ipykernel_launcher.py` or `json.py` there cannot replace what starts it (IPython
        # puts the directory back for the learner's own imports)
        "PYTHONSAFEPATH": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{home}/.config/matplotlib",
        "IPYTHONDIR": f"{home}/.ipython",
        "JUPYTER_CONFIG_DIR": f"{home}/.jupyter",
        "JUPYTER_DATA_DIR": f"{home}/.local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": f"{home}/.local/share/jupyter/runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    if python_bin is None and "VIRTUAL_ENV" in os.environ:
        env["VIRTUAL_ENV"] = os.environ["VIRTUAL_ENV"]
    return env


def _bwrap_env() -> dict[str, str]:
    """The kernel's environment inside bwrap: only neutral sandbox paths, no host path."""
    python = bwrap.sandbox_python()
    env = _kernel_env(bwrap.HOME, python_bin=os.path.dirname(python))
    env["PYTHONPATH"] = bwrap.COURSE_DIR
    if python.startswith(bwrap.VENV_DIR + "/"):
        env["VIRTUAL_ENV"] = bwrap.VENV_DIR
    return env


class KernelSession:
    """One running sandboxed kernel and a client to it."""

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self.limits = sandbox.limits
        self.km: SandboxKernelManager | None = None
        self.kc: CappedKernelClient | None = None
        self.start()

    @property
    def isolation(self) -> str:
        """How this kernel is isolated: "bwrap", "namespaces", "uid-only" or "limits-only"."""
        return self.sandbox.isolation

    # lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        sb = self.sandbox
        km = SandboxKernelManager(kernel_name="python3")
        km.transport = "ipc"
        args = [
            f"--memory-mb={self.limits.memory_mb}",
            f"--nproc={self.limits.nproc}",
            f"--fsize-mb={self.limits.fsize_mb}",
            f"--cpu-seconds={self.limits.cpu_seconds}",
        ]
        if sb.uid is not None:
            args += [f"--uid={sb.uid}", f"--gid={sb.uid}"]
            km.sandbox_uid = km.sandbox_gid = sb.uid
        pass_fds: tuple[int, ...] = ()
        if sb.isolation == "bwrap":
            # a fresh connection directory per start: nothing the last kernel left there counts
            sb.starts += 1
            conn = sb.private / f"conn-{sb.starts}"
            conn.mkdir(mode=0o700)
            os.chown(conn, sb.uid, sb.uid)
            km.ip = str(conn / "k")
            km.connection_file = str(sb.private / f"kernel-{sb.starts}.json")
            km.bwrap_binary, km.kernel_conn_dir = sb.bwrap_binary, str(conn)
            args += [f"--home={bwrap.HOME}", f"--populate={bwrap.RELEASED_DIR}"]
            args.append("--drop-bounding-set")
            small = min(self.limits.tmp_mb, 64)
            mounts = bwrap.tmpfs_mounts(self.limits.tmp_mb << 20, small << 20)
            args += [f"--tmpfs={path}:{size}" for path, size in mounts]
            args.append(f"--tmpfs-inodes={self.limits.tmp_files}")
            args_file = sb.private / f"bwrap-{sb.starts}.args"
            placeholder = str(sb.private / "conn-placeholder")
            bwrap.write_args_file(
                args_file, [str(conn) if a == placeholder else a for a in sb.bwrap_args]
            )
            args_fd = os.open(args_file, os.O_RDONLY)
            km.bwrap_args_fd, pass_fds = args_fd, (args_fd,)
            env, cwd = _bwrap_env(), str(sb.private)
        else:
            # sockets in the scratch dir; the connection file in a fresh dir of the grader's
            # that the kernel can traverse but not change (a learner's `kernel.json` directory
            # in scratch cannot stop a restart)
            sb.starts += 1
            conn = sb.private / f"conn-{sb.starts}"
            conn.mkdir(mode=0o711)
            os.chmod(conn, 0o711)
            km.ip = str(sb.scratch / "k")
            km.connection_file = str(conn / "kernel.json")
            if sb.isolation == "namespaces":
                args.append("--isolate")
                args += [f"--expose={p}" for p in python_paths()]
                args += [f"--hide={p}" for p in self.limits.hide if os.path.exists(p)]
                args += [f"--private-tmp={self.limits.tmp_mb}", f"--keep={sb.scratch}"]
                # a Python (venv) or course living below /tmp must stay reachable under the
                # private /tmp: carried over like the scratch directory
                args += [f"--keep={p}" for p in python_paths()
                         if p.startswith(("/tmp/", "/var/tmp/", "/dev/shm/"))]
                args.append(f"--keep={conn}")
            env, cwd = _kernel_env(sb.scratch), str(sb.scratch)
            # IPython and Jupyter read startup files and kernel config from these: a fresh,
            # unguessable place per start, so nothing a learner left in scratch runs at restart
            fresh = sb.scratch / f".kernel-{secrets.token_hex(8)}"
            for sub in ("ipython", "jupyter"):
                (fresh / sub).mkdir(parents=True)
                if sb.uid is not None:
                    os.chown(fresh / sub, sb.uid, sb.uid)
            if sb.uid is not None:
                os.chown(fresh, sb.uid, sb.uid)
            env["IPYTHONDIR"], env["JUPYTER_CONFIG_DIR"] = (
                str(fresh / "ipython"),
                str(fresh / "jupyter"),
            )
        km.launcher_args = args
        # the kernel's stderr: only the grader may read it back (the kernel holds it write-only)
        fd = os.open(
            sb.private / "kernel-stderr.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
        )
        log = os.fdopen(fd, "ab")
        self._log = log
        try:
            km.start_kernel(
                cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=log, pass_fds=pass_fds
            )
        except OSError as err:
            self.km = km
            self.shutdown()
            raise KernelStartError(f"the kernel could not be started: {err}") from None
        finally:
            for fd in pass_fds:
                os.close(fd)
        kw = km.get_connection_info(session=True)
        kc = CappedKernelClient(parent=km, connection_file=km.connection_file, **kw)
        kc.max_message_bytes = self.limits.max_message_bytes
        kc.start_channels(hb=False)
        self.km, self.kc = km, kc
        try:
            self._wait_ready(self.limits.startup_timeout)
        except RuntimeError as err:
            tail = ""
            with contextlib.suppress(OSError):
                tail = (sb.private / "kernel-stderr.log").read_text(errors="replace")[-2000:]
            self.shutdown()
            raise KernelStartError(f"the kernel did not start: {err}\n{tail}") from None
        if km.kernel_conn_dir:
            # the kernel has bound its sockets: from now on the one host directory it can write
            # to is the grader's again, so learner code cannot fill the host's disk through it
            conn = km.kernel_conn_dir
            os.chown(os.path.join(conn, "kernel.json"), 0, 0, follow_symlinks=False)
            os.chown(conn, 0, 0)
            os.chmod(conn, 0o755)
        # The kernel started without its working directory on sys.path (PYTHONSAFEPATH, so
        # nothing there could replace what starts it); give the learner's own imports the
        # directory back, as a notebook has it (IPython 9 no longer does this itself).
        self.execute("import sys as _s\n_s.path.insert(0, '') if '' not in _s.path else None\n"
                     "del _s", timeout=self.limits.startup_timeout, store_history=False,
                     keep_outputs=False)

    def _wait_ready(self, timeout: float) -> None:
        """jupyter_client's `wait_for_ready` without its closing 0.2 s of IOPub silence (a
        fifth of a notebook's grading time here): the kernel is ready once a `kernel_info`
        request has its reply on shell *and* its `idle` on IOPub, which shows IOPub connected.
        Whatever else IOPub still holds is told apart by its parent id, as in `_collect`."""
        kc, km = self.kc, self.km
        assert kc is not None and km is not None
        deadline = time.monotonic() + timeout

        def ask(channel, wanted, wait: float) -> bool:
            """Send a kernel_info; is the message `wanted` for it on `channel` within `wait`?"""
            if not km.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
            msg_id = kc.kernel_info()
            until = time.monotonic() + wait
            while (left := until - time.monotonic()) > 0:
                try:
                    msg = channel.get_msg(timeout=left)
                except Empty:
                    return False
                if msg.get("parent_header", {}).get("msg_id") == msg_id and wanted(msg):
                    return True
            return False

        def is_reply(msg) -> bool:
            return msg.get("msg_type") == "kernel_info_reply"

        def is_idle(msg) -> bool:
            state = msg.get("content", {}).get("execution_state")
            return msg.get("msg_type") == "status" and state == "idle"

        while not ask(kc.shell_channel, is_reply, 1.0):  # the kernel is up ...
            pass
        while not ask(kc.iopub_channel, is_idle, 0.05):  # ... and IOPub is subscribed
            pass

    def is_alive(self) -> bool:
        return bool(self.km is not None and self.km.is_alive())

    def shutdown(self) -> None:
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        if self.km is not None:
            # kill and reap the kernel here: jupyter_client's shutdown polls for its end in 0.1 s
            # sleeps (a tenth of a second per notebook), and would then signal the reaped
            # process group again; it runs only where this failed
            provisioner = getattr(self.km, "provisioner", None)
            process = getattr(provisioner, "process", None)
            reaped = False
            if process is not None and process.poll() is None:
                with contextlib.suppress(Exception):
                    pgid = getattr(provisioner, "pgid", None)
                    if pgid:  # the kernel's process group, as jupyter_client kills it
                        os.killpg(pgid, signal.SIGKILL)
                    process.kill()
                    process.wait(timeout=5)
                    reaped = True
            if not reaped:
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
        """A new kernel. Under bwrap it starts from a fresh home and /tmp (the old ones died
        with the old kernel); otherwise the scratch directory stays as the old kernel left it."""
        self.shutdown()
        if self.sandbox.scratch is not None:
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
    """Where one submission's kernels run: a pool uid (when root) and the grader's private dir.

    Under bwrap the kernel's home and /tmp live on tmpfs inside the sandbox (nothing of the
    learner's is written to the host disk); otherwise a scratch directory owned by the uid holds
    the released files. Use as a context manager; on exit every process of the uid is killed and
    the directories are removed. `isolation` says how the kernels are isolated.
    """

    def __init__(self, limits: Limits | None = None, files: dict[str, bytes] | None = None):
        self.limits = limits or Limits()
        self.files = files or {}
        self.uid: int | None = None
        self._uid_fd: int | None = None
        self.isolation = "limits-only"
        self.scratch: Path | None = None
        self.bwrap_binary = ""
        self.bwrap_args: list[str] = []
        self.starts = 0
        self.memory_watch: MemoryWatch | None = None

    @property
    def memory_kills(self) -> int:
        """How often the kernel's processes together went over the memory limit (and died)."""
        return self.memory_watch.kills if self.memory_watch is not None else 0

    def __enter__(self) -> Sandbox:
        if self.limits.course_lib not in COURSE_LIB_MODES:
            raise ValueError(
                f"Limits.course_lib is {self.limits.course_lib!r}; use "
                + " or ".join(repr(m) for m in COURSE_LIB_MODES)
            )
        self.isolation = self.limits.effective_isolation()
        if self.isolation != "limits-only":
            self.uid, self._uid_fd = UidPool().acquire()
        self.private = Path(tempfile.mkdtemp(prefix="grader-private-"))
        if self.isolation in ("namespaces", "uid-only"):
            os.chmod(self.private, 0o711)  # the kernel reaches its connection file, lists nothing
        try:
            if self.isolation == "bwrap":
                self._prepare_bwrap()
            else:
                self._prepare_scratch()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        if self.uid is not None and self.limits.memory_mb:
            self.memory_watch = MemoryWatch(self.uid, self.limits.memory_mb)
        return self

    def _prepare_scratch(self) -> None:
        if self.limits.hide_modules and self.isolation != "bwrap":
            raise KernelStartError(
                "kernel_hide_modules (the assignment's kernel policy) needs the bwrap sandbox "
                f"(root and Debian's `bubblewrap`); this grader has {self.isolation!r}"
            )
        if self.limits.course_lib != "full" and self.isolation != "bwrap":
            # without bwrap the real course_lib stays importable: say so instead of pretending
            raise KernelStartError(
                'course_lib="checks-only" needs the bwrap sandbox (root and Debian\'s '
                f"`bubblewrap`); this grader has {self.isolation!r}"
            )
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

    def _prepare_bwrap(self) -> None:
        assert self.uid is not None
        self.bwrap_binary = bwrap.find_bwrap() or ""
        released = self.private / "released"
        released.mkdir()
        for name, data in self.files.items():
            target = released / Path(name).name
            target.write_bytes(data)
            os.chmod(target, 0o644)
        os.chmod(released, 0o755)
        course_lib = bwrap.course_lib_dir()
        if self.limits.course_lib == "checks-only":
            course_lib = str(self.private / "course_lib")
            os.mkdir(course_lib, 0o755)
            for name in CHECKS_ONLY_MODULES:
                shutil.copyfile(Path(bwrap.course_lib_dir()) / name, f"{course_lib}/{name}")
            Path(course_lib, "__init__.py").write_text(CHECKS_ONLY_INIT)
            for name in (*CHECKS_ONLY_MODULES, "__init__.py"):
                os.chmod(f"{course_lib}/{name}", 0o644)
        bwrap.write_etc(self.private / "etc", self.uid)
        small = min(self.limits.tmp_mb, 64)
        self.bwrap_args = bwrap.command(
            self.bwrap_binary,
            course_lib=course_lib,
            launcher=LAUNCHER,
            released=str(released),
            conn_dir=str(self.private / "conn-placeholder"),
            etc_dir=str(self.private / "etc"),
            tmp_bytes=self.limits.tmp_mb * 1024 * 1024,
            small_tmp_bytes=small * 1024 * 1024,
            hide_packages=(ENGINE_PACKAGES if self.limits.course_lib == "checks-only" else ())
            + tuple(m for m in self.limits.hide_modules if not m.startswith("course_lib.")),
            hide_course_lib=tuple(
                m.split(".", 1)[1] for m in self.limits.hide_modules if m.startswith("course_lib.")
            ),
        )

    def kernel(self) -> KernelSession:
        return KernelSession(self)

    def __exit__(self, *exc) -> None:
        if self.memory_watch is not None:
            self.memory_watch.stop()
        if self.uid is not None and self._uid_fd is not None:
            UidPool.release(self.uid, self._uid_fd)
            self._uid_fd = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.private, ignore_errors=True)


CHECKS_ONLY_INIT = '''"""course_lib as this assignment's grading kernel has it: only `checks`.

This assignment asks you to build what the rest of course_lib does, so the grader runs your
notebook where nothing else of course_lib exists. `from course_lib.checks import ...` works as
usual.
"""
'''
