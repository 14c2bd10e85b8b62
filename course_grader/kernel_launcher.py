"""Start a learner's kernel inside its limits: `python -m course_grader.kernel_launcher`.

Runs briefly as the grader's user, then replaces itself (exec) with the real kernel command:

1. a new session, so the kernel and anything it forks can be killed as a group;
2. (root only, the fallback where bubblewrap is missing) private mount and network namespaces.
   In the mount namespace the course's private paths (solutions, gradebook, submissions, .git,
   ...) are covered by empty read-only filesystems, directories the kernel must traverse to reach
   Python (e.g. a pyenv under /root) are replaced by a bare directory holding only what is
   needed, and /tmp, /var/tmp and /dev/shm are private size-limited tmpfs. In the network
   namespace there is no network at all: the kernel talks to the grader over unix sockets in its
   scratch directory and cannot reach a Dask scheduler or a Jupyter server;
3. resource limits: address space (memory), processes, file size, CPU seconds, core dumps;
4. (root only) an unprivileged uid/gid of its own, so it can read no other learner's scratch
   directory and signal no other process;
5. (under bubblewrap) as that uid: make its home directory on the sandbox's private tmpfs,
   copy the assignment's released files into it and start there.

Under bubblewrap (`bwrap.py`) step 2 is bwrap's job: the launcher runs inside the sandbox with
only CAP_SYS_ADMIN (to cap the files on its tmpfs), CAP_SETPCAP (to empty the bounding set) and
CAP_SETUID/CAP_SETGID left; step 4 gives up the rest before any learner code runs.

Usage: python -m course_grader.kernel_launcher [--uid U --gid G] [--isolate]
       [--hide PATH ...] [--expose PATH ...] [--private-tmp MB --keep DIR ...]
       [--memory-mb M] [--nproc N] [--fsize-mb F] [--cpu-seconds S]
       [--home DIR [--populate DIR]] -- KERNEL-COMMAND...
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import resource
import shutil
import signal
import stat
import sys
import tempfile

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT = 1, 2, 4, 32
MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 4096, 8192, 16384, 1 << 18

_libc = ctypes.CDLL(None, use_errno=True)


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None
):
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def unshare_namespaces() -> None:
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWNET), "unshare(mount, network)")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we do here reaches the host


def hide(path: str) -> None:
    """Cover `path` with something empty and read-only (only inside this mount namespace)."""
    if os.path.isdir(path):
        _mount("none", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=000")
    elif os.path.exists(path):
        _mount("/dev/null", path, None, MS_BIND)


def _blocking_ancestor(path: str) -> tuple[str, str] | None:
    """The top-most directory on `path` that others cannot traverse, and its child on the way."""
    parts = os.path.abspath(path).split(os.sep)
    current = "/"
    for part in parts[1:]:
        child = os.path.join(current, part)
        try:
            mode = os.stat(current).st_mode
        except OSError:
            return None
        if not mode & stat.S_IXOTH:
            return current, child
        current = child
    return None


def expose(paths: list[str]) -> None:
    """Make each path reachable for an unprivileged uid without opening the directories above it.

    A blocking directory A (say /root, mode 700) is replaced by a fresh tmpfs that contains
    only the needed children (say /root/.pyenv), bind-mounted back from the original tree.
    """
    for _ in range(8):
        blocked: dict[str, set[str]] = {}
        for path in paths:
            found = _blocking_ancestor(path)
            if found:
                blocked.setdefault(found[0], set()).add(found[1])
        if not blocked:
            return
        for ancestor, children in blocked.items():
            staged = []
            for child in sorted(children):
                stage = tempfile.mkdtemp(prefix="kernel-stage-")
                _mount(child, stage, None, MS_BIND | MS_REC)
                staged.append((child, stage))
            _mount("none", ancestor, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
            for child, stage in staged:
                if os.path.isdir(stage):
                    os.makedirs(child, exist_ok=True)
                _mount(stage, child, None, MS_MOVE)
                os.rmdir(stage)
    raise OSError("could not expose the Python installation to the sandbox user")


def private_tmp(size_mb: int, keep: list[str]) -> None:
    """Give /tmp, /var/tmp and /dev/shm a private, size-limited tmpfs each (this namespace only).

    Directories in `keep` that lie below them (the scratch directory) are carried over: held
    open before the tmpfs covers them, then bound back at the same path inside the new tmpfs.
    """
    held = [(path, os.open(path, os.O_RDONLY | os.O_DIRECTORY)) for path in keep]
    for top in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(top):
            size = size_mb if top == "/tmp" else max(1, min(size_mb, 64))
            opts = f"size={size}m,mode=1777"
            _mount("none", top, "tmpfs", MS_NOSUID | MS_NODEV, opts)
    for path, fd in held:
        os.makedirs(path, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND)
        os.close(fd)


PR_CAPBSET_DROP = 24


def limit_tmpfs_inodes(specs: list[str], inodes: int) -> None:
    """Remount each tmpfs `PATH:BYTES` with at most `inodes` files: its size limit alone would
    let a learner create millions of empty files, each costing the host kernel memory."""
    for spec in specs:
        path, size = spec.rsplit(":", 1)
        opts = f"size={int(size)},nr_inodes={inodes},mode=1777"
        _mount(None, path, None, MS_REMOUNT | MS_NOSUID | MS_NODEV, opts)


def drop_bounding_set() -> None:
    """Empty the capability bounding set (needs CAP_SETPCAP), so no exec can ever regain one."""
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() != 22:
            err = ctypes.get_errno()
            raise OSError(err, f"prctl(PR_CAPBSET_DROP, {cap}): {os.strerror(err)}")


def _limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        raise SystemExit("kernel_launcher: expected `-- KERNEL-COMMAND ...`")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="kernel_launcher")
    parser.add_argument("--uid", type=int)
    parser.add_argument("--gid", type=int)
    parser.add_argument("--isolate", action="store_true", help="mount + network namespaces")
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--expose", action="append", default=[])
    parser.add_argument("--private-tmp", type=int, default=0, help="MB of private /tmp")
    parser.add_argument("--keep", action="append", default=[], help="dirs to keep visible")
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--nproc", type=int, default=0)
    parser.add_argument("--fsize-mb", type=int, default=0)
    parser.add_argument("--cpu-seconds", type=int, default=0)
    parser.add_argument("--drop-bounding-set", action="store_true")
    parser.add_argument("--tmpfs", action="append", default=[], help="PATH:BYTES to remount")
    parser.add_argument("--tmpfs-inodes", type=int, default=0)
    parser.add_argument("--home", help="make this directory (as the uid) and start there")
    parser.add_argument("--populate", help="copy this directory's files into --home")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    if not command:
        raise SystemExit("kernel_launcher: empty kernel command")

    try:
        os.setsid()
    except OSError:
        pass  # already a session leader
    if args.isolate:
        unshare_namespaces()
        expose(args.expose)
        if args.private_tmp:  # first, so that what is hidden stays hidden in what it keeps
            private_tmp(args.private_tmp, args.keep)
        for path in args.hide:
            hide(path)
    # writing past the file-size limit fails with EFBIG instead of killing the kernel
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # the grading worker caps its own data segment (workers.limit_data); the kernel's memory
    # limit is its address space, below
    with contextlib.suppress(OSError, ValueError):
        data_hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        resource.setrlimit(resource.RLIMIT_DATA, (data_hard, data_hard))
    _limit(resource.RLIMIT_CORE, 0)
    if args.memory_mb:
        _limit(resource.RLIMIT_AS, args.memory_mb * 1024 * 1024)
    if args.nproc:
        _limit(resource.RLIMIT_NPROC, args.nproc)
    if args.fsize_mb:
        _limit(resource.RLIMIT_FSIZE, args.fsize_mb * 1024 * 1024)
    if args.cpu_seconds:
        _limit(resource.RLIMIT_CPU, args.cpu_seconds)
    if args.tmpfs and args.tmpfs_inodes:
        limit_tmpfs_inodes(args.tmpfs, args.tmpfs_inodes)
    if args.drop_bounding_set:
        drop_bounding_set()
    if args.uid is not None:
        gid = args.gid if args.gid is not None else args.uid
        os.setgroups([])
        os.setgid(gid)
        os.setuid(args.uid)
        if os.getuid() != args.uid or os.geteuid() != args.uid or os.getgid() != gid:
            raise SystemExit("kernel_launcher: could not drop privileges")
    os.umask(0o077)
    if args.home:
        make_home(args.home, args.populate)
    # nothing of the grader's reaches the kernel through an inherited descriptor
    os.closerange(3, 65536)
    os.execvp(command[0], command)


def make_home(home: str, populate: str | None) -> None:
    """Create `home` (mode 700, as the current uid), copy `populate`'s files into it, cd there."""
    os.makedirs(home, mode=0o700, exist_ok=True)
    if populate and os.path.isdir(populate):
        for name in sorted(os.listdir(populate)):
            source = os.path.join(populate, name)
            if os.path.isfile(source) and not os.path.islink(source):
                shutil.copyfile(source, os.path.join(home, name))
    for sub in ("tmp", ".ipython", ".jupyter", ".config/matplotlib"):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
    os.chdir(home)


if __name__ == "__main__":
    main()
