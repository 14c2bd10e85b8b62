"""The learner kernel's world under bubblewrap: default-deny, built from a short list of binds.

`bwrap` (Debian's `bubblewrap`, the sandbox under Flatpak) starts the kernel in a new, empty root
filesystem: a tmpfs into which only what the kernel needs is bound, read-only. Nothing else of the
machine exists in it — not the course, not the repository this package was installed from, not
the LMS export lying in the course folder, not other courses, home directories or `/root` beyond
the Python installation.

What the kernel sees (`command()` builds the argument list):

    /usr, /lib*, /bin, /sbin        the system, read-only (the interpreter's shared libraries)
    /etc                            a few files: loader cache, localtime, alternatives and a
                                    passwd/group that name only root and `learner`
    <base Python prefix>            read-only, at its own path (libpython's RPATH points there)
    /opt/python-env                 the grader's virtual environment, if any, read-only
    /opt/course/course_lib          course_lib read-only (on PYTHONPATH); in "checks-only" mode a
                                    package holding nothing but checks.py
    /opt/grader/kernel_launcher.py  the launcher (limits, uid drop), read-only
    /run/released                   the assignment's released files, read-only (copied into home)
    /run/kernel                     the kernel's connection file and unix sockets (writable only
                                    until the kernel is up: it is the grader's disk)
    /home, /tmp, /var/tmp, /dev/shm private tmpfs, each limited in size and number of files,
                                    gone when the kernel ends (a restart gets fresh ones)
    /proc, /dev                     its own: a new PID namespace, a minimal /dev

plus new PID, network (loopback only, nothing listening), IPC, UTS and cgroup namespaces,
`--die-with-parent`, `--new-session`, no-new-privileges, and every capability dropped except
CAP_SYS_ADMIN/CAP_SETPCAP/CAP_SETUID/CAP_SETGID, which the launcher uses once (to cap the number
of files on each tmpfs, empty the bounding set and become the sandbox's own uid, which loses
them all) before it execs the kernel.

Every copy of `course_lib` or `course_grader` installed inside a bound directory (a non-editable
install in site-packages) is covered by an empty directory, so the only `course_lib` the kernel
can import is the one at /opt/course. In a "checks-only" kernel the other autodiff engines of the
installation (torch, jax, sympy, ...: `sandbox.ENGINE_PACKAGES`) are covered the same way. The
arguments reach bwrap through a file descriptor (`--args`), so the sandbox's pid 1 shows no host
path in /proc/1/cmdline.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

SEARCH = ("/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap")
HOME = "/home/learner"
COURSE_DIR = "/opt/course"
VENV_DIR = "/opt/python-env"
LAUNCHER_DIR = "/opt/grader"
RELEASED_DIR = "/run/released"
CONN_DIR = "/run/kernel"
# every namespace but the user namespace (`--unshare-all` would add one when it can): the
# kernel's uid must be a real host uid from the grader's pool, so that it owns nothing else
UNSHARE = ("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts")
UNSHARE += ("--unshare-cgroup-try",)
ETC_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/alternatives",
    "/etc/mime.types",
)


def find_bwrap() -> str | None:
    """The bwrap binary to use, or None.

    `AUTODIFF_BWRAP` names it explicitly (an empty value or a missing path means "no bwrap": the
    grader then falls back to its own namespaces); otherwise the usual system places and PATH.
    """
    if "AUTODIFF_BWRAP" in os.environ:
        path = os.environ["AUTODIFF_BWRAP"]
        return path if path and os.access(path, os.X_OK) else None
    for path in SEARCH:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("bwrap")


_WORKS: dict[str, tuple[bool, str]] = {}


def probe(binary: str) -> tuple[bool, str]:
    """Can `binary` build a sandbox like ours here? (once per binary; the error if not)"""
    if binary not in _WORKS:
        cmd = [binary, *system_binds(), "--proc", "/proc", "--dev", "/dev", *UNSHARE]
        cmd += ["--die-with-parent", "--new-session", "--cap-drop", "ALL", "--", "/bin/true"]
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=30)
            ok, err = run.returncode == 0, run.stderr.decode(errors="replace").strip()
        except (OSError, subprocess.SubprocessError) as exc:
            ok, err = False, str(exc)
        _WORKS[binary] = (ok, err)
    return _WORKS[binary]


def system_binds() -> list[str]:
    """/usr and the merged-/usr links (or real directories) /bin, /sbin, /lib, /lib32, /lib64."""
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    return args


def python_layout() -> tuple[str, str | None, list[str]]:
    """(base prefix, venv prefix or None, other site-packages dirs outside both and /usr)."""
    base = os.path.realpath(sys.base_prefix)
    venv = os.path.realpath(sys.prefix) if sys.prefix != sys.base_prefix else None
    covered = [p for p in (base, venv, "/usr") if p]
    extra = []
    for path in site.getsitepackages():
        real = os.path.realpath(path)
        if os.path.isdir(real) and not any(_under(real, c) for c in covered):
            extra.append(real)
    return base, venv, sorted(set(extra))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def sandbox_python() -> str:
    """The interpreter's path inside the sandbox (the venv's, at its neutral place)."""
    base, venv, _ = python_layout()
    exe = os.path.abspath(sys.executable)
    if venv and _under(exe, os.path.abspath(sys.prefix)):
        return VENV_DIR + exe[len(os.path.abspath(sys.prefix)) :]
    if venv and _under(exe, venv):
        return VENV_DIR + exe[len(venv) :]
    return exe


def course_lib_dir() -> str:
    """The host directory of the course_lib package the grader itself uses."""
    spec = importlib.util.find_spec("course_lib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("course_lib is not importable by the grader: install autodiff-course")
    return os.path.realpath(list(spec.submodule_search_locations)[0])


def installed_packages(roots: list[str], names) -> list[str]:
    """Top-level packages (directories) and modules (`name.py`, extension modules) called one
    of `names`, found on sys.path inside `roots`."""
    found = []
    for entry in sys.path:
        real = os.path.realpath(entry or ".")
        if not any(_under(real, r) for r in roots) or not os.path.isdir(real):
            continue
        for name in names:
            if os.path.isdir(os.path.join(real, name)):
                found.append(os.path.join(real, name))
        for file in os.listdir(real):
            stem = file.split(".", 1)[0]
            if stem in names and file.endswith((".py", ".so", ".pyc")):
                found.append(os.path.join(real, file))
    return sorted(set(found))


def command(
    binary: str,
    *,
    course_lib: str,
    launcher: str,
    released: str,
    conn_dir: str,
    etc_dir: str,
    tmp_bytes: int,
    small_tmp_bytes: int,
    hide_packages: tuple[str, ...] = (),
    hide_course_lib: tuple[str, ...] = (),
) -> list[str]:
    """bwrap's arguments (without the command to run) for one kernel. `hide_packages`: packages
    of the Python installation the kernel must not find (their top-level package is covered by
    an empty one); `hide_course_lib`: modules or subpackages of course_lib ("functional")."""
    base, venv, extra = python_layout()
    args = [*UNSHARE, "--hostname", "sandbox", "--die-with-parent", "--new-session"]
    args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    # for the launcher, which uses them and drops them before the kernel starts: to cap the
    # number of files on the tmpfs mounts, and to empty the bounding set
    args += ["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP"]
    args += system_binds()
    # directories bwrap would otherwise create with mode 700 on the way to the binds below
    for path in ("/etc", "/opt", COURSE_DIR, LAUNCHER_DIR, "/run", "/var"):
        args += ["--perms", "0755", "--dir", path]
    for path in ETC_FILES:
        args += ["--ro-bind-try", path, path]
    for name in ("passwd", "group", "hosts", "nsswitch.conf"):
        args += ["--ro-bind", os.path.join(etc_dir, name), f"/etc/{name}"]
    args += _traversable_parents(base) + ["--ro-bind", base, base]
    bound = [base, "/usr"]
    if venv:
        args += ["--ro-bind", venv, VENV_DIR]
        bound.append(venv)
    for path in extra:
        args += _traversable_parents(path) + ["--ro-bind", path, path]
        bound.append(path)
    # installed copies of the course (only /opt/course's is importable) and hidden packages
    tops = tuple(sorted({name.split(".")[0] for name in hide_packages}))
    for package in installed_packages(bound, ("course_lib", "course_grader", *tops)):
        inside = VENV_DIR + package[len(venv) :] if venv and _under(package, venv) else package
        if os.path.isdir(package):  # an empty, read-only directory in its place
            args += ["--tmpfs", inside, "--remount-ro", inside]
        else:  # a module file: empty
            args += ["--ro-bind", "/dev/null", inside]
    args += ["--ro-bind", course_lib, f"{COURSE_DIR}/course_lib"]
    for name in hide_course_lib:
        rel = name.replace(".", "/")
        if os.path.isdir(os.path.join(course_lib, rel)):
            inside = f"{COURSE_DIR}/course_lib/{rel}"
            args += ["--tmpfs", inside, "--remount-ro", inside]
        elif os.path.isfile(os.path.join(course_lib, rel + ".py")):
            args += ["--ro-bind", "/dev/null", f"{COURSE_DIR}/course_lib/{rel}.py"]
    args += ["--ro-bind", launcher, f"{LAUNCHER_DIR}/kernel_launcher.py"]
    args += ["--ro-bind", released, RELEASED_DIR]
    args += ["--bind", conn_dir, CONN_DIR]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for path, size in tmpfs_mounts(tmp_bytes, small_tmp_bytes):
        args += ["--size", str(size), "--perms", "1777", "--tmpfs", path]
    # jupyter_client's JPY_PARENT_PID names a host pid: ipykernel, whose parent here is the
    # sandbox's pid 1, would take it for an orphaning and exit (--die-with-parent does that job)
    args += ["--unsetenv", "JPY_PARENT_PID", "--chdir", "/"]
    return args


def tmpfs_mounts(tmp_bytes: int, small_tmp_bytes: int) -> list[tuple[str, int]]:
    """The kernel's private writable places and their sizes."""
    return [
        ("/home", tmp_bytes),
        ("/tmp", tmp_bytes),
        ("/var/tmp", small_tmp_bytes),
        ("/dev/shm", small_tmp_bytes),
    ]


def _traversable_parents(path: str) -> list[str]:
    """Create `path`'s parents (outside /usr) as bare 0755 directories before binding it.

    bwrap would copy their host modes, and a Python under /root (mode 700) would then be out of
    the learner uid's reach; the directories hold nothing but the way to `path`.
    """
    args: list[str] = []
    parts = Path(path).parts
    for i in range(2, len(parts)):
        parent = str(Path(*parts[:i]))
        if not _under(parent, "/usr"):
            args += ["--perms", "0755", "--dir", parent]
    return args


def write_etc(etc_dir: Path, uid: int) -> None:
    """passwd/group/hosts for the sandbox: only root and the learner exist there."""
    etc_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "passwd": f"root:x:0:0:root:/root:/usr/sbin/nologin\n"
        f"learner:x:{uid}:{uid}:learner:{HOME}:/usr/sbin/nologin\n",
        "group": f"root:x:0:\nlearner:x:{uid}:\n",
        "hosts": "127.0.0.1 localhost sandbox\n::1 localhost\n",
        "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
    }
    for name, text in files.items():
        (etc_dir / name).write_text(text)
        os.chmod(etc_dir / name, 0o644)
    os.chmod(etc_dir, 0o755)


def write_args_file(path: Path, args: list[str]) -> None:
    """bwrap's `--args FD` format: NUL-separated arguments."""
    path.write_bytes(b"".join(a.encode() + b"\0" for a in args))
