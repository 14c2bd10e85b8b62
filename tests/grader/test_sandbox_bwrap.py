"""The bubblewrap sandbox, attacked from inside a real learner kernel.

Each test runs code in a kernel started exactly as grading starts it, and checks what that code
could reach: the course and its answers, other kernels, host processes, the network, shared
temporary space, the grader's descriptors and environment, and (in "checks-only" mode) every
route to course_lib's engine.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import socket
import sys
import textwrap
import uuid
import zipfile
from pathlib import Path

import pytest

from course_grader import bwrap
from course_grader.course import repo_root
from course_grader.sandbox import KernelStartError, Limits, Sandbox

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
BWRAP = bwrap.find_bwrap()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not ROOT, reason="the bwrap sandbox gives each kernel a pool uid: needs root"
    ),
    pytest.mark.skipif(
        BWRAP is None or not bwrap.probe(BWRAP)[0],
        reason="bubblewrap is not installed or cannot run here (Debian package `bubblewrap`)",
    ),
]
LIMITS = dict(cell_timeout=20.0, memory_mb=1024, tmp_mb=16, isolate="bwrap")


def value(kernel, code: str):
    """Run `code` (which must set `out`) in the kernel; return `out` as JSON data."""
    marker = uuid.uuid4().hex
    r = kernel.execute(
        textwrap.dedent(code) + f"\nimport json as _j\nprint({marker!r}, _j.dumps(out))"
    )
    assert r.status == "ok", (r.status, r.ename, r.evalue, r.traceback[-3:])
    line = [ln for ln in r.stdout.splitlines() if ln.startswith(marker)][-1]
    return json.loads(line[len(marker) + 1 :])


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder laid out as the README's flow leaves it, export zip included."""
    root = tmp_path_factory.mktemp("course")
    (root / "solutions" / "a1").mkdir(parents=True)
    (root / "solutions" / "a1" / "a1.ipynb").write_text('{"answer": 42}')
    (root / "submitted" / "alice" / "a1").mkdir(parents=True)
    (root / "submitted" / "alice" / "a1" / "a1.ipynb").write_text('{"best": 1}')
    (root / "gradebook.db").write_text("grades")
    with zipfile.ZipFile(root / "export.zip", "w") as z:
        z.writestr("alice_1_2_a1.ipynb", '{"best": 1}')
    for path in [root, *root.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)  # world-readable on purpose
    parent = root
    while parent != parent.parent:  # and reachable by path, as a careless checkout would be
        os.chmod(parent, os.stat(parent).st_mode | 0o005)
        parent = parent.parent
    return root


@pytest.fixture(scope="module")
def kernel(course):
    with Sandbox(Limits(**LIMITS), files={"data.csv": b"1,2\n"}) as sb:
        k = sb.kernel()
        yield k
        k.shutdown()


# --------------------------------------------------------------------------- what exists


def test_isolation_is_reported_as_bwrap(kernel):
    assert kernel.isolation == "bwrap" and kernel.sandbox.isolation == "bwrap"
    assert value(kernel, "import os\nout = os.getuid()") >= 62000


def test_home_holds_exactly_the_released_files(kernel):
    got = value(
        kernel,
        "import os\nout = [os.getcwd(), sorted(f for f in os.listdir('.') "
        "if not f.startswith('.') and f != 'tmp'), open('data.csv').read()]",
    )
    assert got == [bwrap.HOME, ["data.csv"], "1,2\n"]


def test_course_root_answers_and_exports_do_not_exist(kernel, course):
    repo = repo_root()
    paths = [
        repo,
        repo / "solutions",
        repo / "tests" / "test_assignment_content.py",
        repo / "course_lib" / "tensor.py",
        course,
        course / "solutions" / "a1" / "a1.ipynb",
        course / "export.zip",
        course / "submitted",
        course / "gradebook.db",
        repo / ".git",
        Path("/work"),
        Path("/srv"),
        Path("/mnt"),
    ]
    assert os.path.exists(course / "export.zip") and os.path.exists(repo / "solutions")
    got = value(
        kernel, f"import os\nout = [os.path.lexists(p) for p in {[str(p) for p in paths]!r}]"
    )
    assert got == [False] * len(paths), [str(p) for p, seen in zip(paths, got) if seen]


def test_home_directories_hold_nothing(kernel):
    got = value(
        kernel,
        """
        import os
        out = {d: sorted(os.listdir(d)) for d in ('/home', '/root', '/tmp', '/var', '/opt')}
        """,
    )
    assert got["/home"] == ["learner"] and got["/tmp"] == [] and got["/var"] == ["tmp"]
    # /root holds at most the way to the interpreter (a pyenv here), nothing of root's own
    base = os.path.realpath(sys.base_prefix)
    assert got["/root"] == ([base.split("/")[2]] if base.startswith("/root/") else [])
    venv = ["python-env"] if sys.prefix != sys.base_prefix else []
    assert got["/opt"] == sorted(["course", "grader", *venv])


def test_whole_visible_filesystem_holds_no_course_file(kernel, course):
    """A census of every path the kernel can list: no course file but course_lib's own."""
    assignments = sorted(p.name for p in (repo_root() / "solutions").iterdir())
    telltales = [*assignments, "test_assignment_content.py", "export.zip"]  # names of ours
    got = value(
        kernel,
        f"""
        import os
        seen, found = 0, []
        for top in [p for p in os.listdir('/') if p not in ('proc', 'sys', 'dev')]:
            for d, dirs, files in os.walk('/' + top):
                for name in dirs + files:
                    seen += 1
                    path = os.path.join(d, name)
                    if (name in {telltales!r} or name in ('course_lib', 'course_grader')
                            or path.startswith(({str(repo_root())!r}, {str(course)!r}))):
                        found.append(path)
        out = [seen, found]
        """,
    )
    seen, found = got
    assert seen > 1000  # the walk really saw the system and Python
    assert found == [f"{bwrap.COURSE_DIR}/course_lib"]


def test_course_lib_is_read_only_and_numpy_works(kernel):
    got = value(
        kernel,
        """
        import numpy as np, course_lib as cl
        x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
        (x * x).sum().backward()
        try:
            open(cl.__file__, 'a').close()
            writable = True
        except OSError:
            writable = False
        out = [x.grad.data.tolist() if hasattr(x.grad, 'data') else list(x.grad), writable,
               cl.__file__, float(np.linalg.norm(np.ones(4)))]
        """,
    )
    assert got[0] == [2.0, 4.0, 6.0] and got[1] is False
    assert got[2] == f"{bwrap.COURSE_DIR}/course_lib/__init__.py" and got[3] == 2.0


# --------------------------------------------------------------------------- processes, network


def test_host_processes_are_invisible(kernel):
    got = value(
        kernel,
        """
        import os
        pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
        out = [pids, open('/proc/1/cmdline', 'rb').read().decode(errors='replace')]
        """,
    )
    pids, init_cmdline = got
    assert pids[:2] == [1, 2] and len(pids) <= 4, pids  # bwrap's init, the kernel (+ a child)
    assert init_cmdline.split("\0")[1:2] == ["--args"]  # bwrap's arguments are not on show
    assert str(repo_root()) not in init_cmdline and "grader-private" not in init_cmdline


def test_no_network_even_to_loopback_or_abstract_sockets(kernel):
    """A TCP server on the host's loopback and an abstract unix socket (how D-Bus or X11 are
    often reached) both listen; the kernel reaches neither."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    abstract_name = f"\0autodiff-test-{uuid.uuid4().hex}"
    abstract = socket.socket(socket.AF_UNIX)
    abstract.bind(abstract_name)
    abstract.listen(1)
    try:
        got = value(
            kernel,
            f"""
            import socket
            out = []
            for family, address in ((socket.AF_INET, ('127.0.0.1', {port})),
                                    (socket.AF_UNIX, {abstract_name!r})):
                s = socket.socket(family)
                s.settimeout(3)
                try:
                    s.connect(address)
                    out.append('connected')
                except OSError as err:
                    out.append(type(err).__name__)
                finally:
                    s.close()
            """,
        )
    finally:
        server.close()
        abstract.close()
    assert got == ["ConnectionRefusedError", "ConnectionRefusedError"], got


def test_the_socket_directory_is_not_host_disk_for_the_learner(kernel):
    """/run/kernel is the one host directory bound writable; once the kernel is up, learner
    code can create nothing there (it would be written to the grader's disk)."""
    got = value(
        kernel,
        """
        import os
        try:
            open('/run/kernel/filler', 'wb').write(b'x')
            out = 'created'
        except OSError as err:
            out = type(err).__name__
        """,
    )
    assert got == "PermissionError"


def test_kill_everything_kills_only_the_learners_own_sandbox(course):
    """`os.kill(-1, SIGKILL)` (every process it may signal) finds nothing but its own sandbox;
    then the kernel kills its sandbox's init: the neighbour kernel lives on."""
    with Sandbox(Limits(**LIMITS)) as a, Sandbox(Limits(**LIMITS)) as b:
        ka, kb = a.kernel(), b.kernel()
        try:
            assert value(kb, "out = 1") == 1
            r = ka.execute("import os, signal\nos.kill(-1, signal.SIGKILL)", timeout=10)
            assert r.status == "error" and r.ename == "ProcessLookupError"
            r = ka.execute("import os, signal\nos.kill(1, signal.SIGKILL)", timeout=10)
            assert r.status == "error" and r.ename == "PermissionError"
            r = ka.execute("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", timeout=10)
            assert r.status == "dead"
            assert value(kb, "out = 2") == 2
        finally:
            ka.shutdown()
            kb.shutdown()


def test_a_neighbours_home_tmp_and_processes_are_out_of_reach(course):
    with Sandbox(Limits(**LIMITS)) as a, Sandbox(Limits(**LIMITS)) as b:
        ka, kb = a.kernel(), b.kernel()
        try:
            value(ka, "open('mine.txt', 'w').write('a'); open('/tmp/mine', 'w').write('a')\nout=0")
            got = value(
                kb,
                """
                import os
                out = [os.path.exists('mine.txt'), os.listdir('/tmp'), os.listdir('/home'),
                       len([p for p in os.listdir('/proc') if p.isdigit()])]
                """,
            )
            assert got[:3] == [False, [], ["learner"]] and got[3] <= 4
            assert a.uid != b.uid
        finally:
            ka.shutdown()
            kb.shutdown()


# --------------------------------------------------------------------------- temporary space


def test_temporary_space_is_private_limited_and_gone_afterwards():
    marker = f"leftover-{uuid.uuid4().hex}"
    fill = f"""
        import errno, os
        out = {{}}
        for place in ('/tmp', '/var/tmp', '/dev/shm', os.path.expanduser('~')):
            try:
                with open(os.path.join(place, {marker!r}), 'wb') as f:
                    for _ in range(64):
                        f.write(b'x' * 1024 * 1024)
                out[place] = 'filled 64 MB'
            except OSError as err:
                out[place] = errno.errorcode.get(err.errno, str(err.errno))
        """
    with Sandbox(Limits(**LIMITS)) as sb:
        k = sb.kernel()
        got = value(k, fill)
        k.shutdown()
    assert set(got.values()) == {"ENOSPC"}, got
    for host_place in ("/tmp", "/var/tmp", "/dev/shm", "/home", "/root"):
        assert not os.path.exists(os.path.join(host_place, marker))
    # the next submission has all of its own space
    with Sandbox(Limits(**LIMITS)) as sb:
        k = sb.kernel()
        got = value(
            k,
            f"""
            import os, tempfile
            with tempfile.NamedTemporaryFile(dir='/tmp') as f:
                f.write(b'y' * 8 * 1024 * 1024)
            out = [os.path.exists('/tmp/' + {marker!r}), os.listdir('/tmp'), os.listdir('/dev/shm')]
            """,
        )
        k.shutdown()
    assert got == [False, [], []]


def test_empty_files_cannot_eat_the_hosts_memory():
    """tmpfs counts bytes, not files: without a cap, millions of empty files would each cost
    the host kernel memory. Each private place holds at most `tmp_files` files."""
    with Sandbox(Limits(**LIMITS, tmp_files=500)) as sb:
        k = sb.kernel()
        got = value(
            k,
            """
            import errno, os
            out = {}
            for place in ('/tmp', '/dev/shm', os.path.expanduser('~')):
                made = 0
                try:
                    for i in range(5000):
                        open(os.path.join(place, f'f{i}'), 'w').close()
                        made += 1
                    out[place] = [made, 'no limit']
                except OSError as err:
                    out[place] = [made, errno.errorcode.get(err.errno)]
            """,
        )
        k.shutdown()
    for made, err in got.values():
        assert err == "ENOSPC" and 300 < made < 500, got


def test_a_restarted_kernel_starts_from_a_clean_home_and_tmp():
    with Sandbox(Limits(**LIMITS), files={"data.csv": b"1\n"}) as sb:
        k = sb.kernel()
        try:
            value(
                k,
                """
                import os
                os.makedirs('.ipython/profile_default/startup', exist_ok=True)
                open('.ipython/profile_default/startup/00-hang.py', 'w').write(
                    'while True: pass')
                open('/tmp/leftover', 'w').write('x')
                open('data.csv', 'w').write('tampered')
                try:  # a directory where the next connection file would go
                    os.remove('/run/kernel/kernel.json')
                    os.mkdir('/run/kernel/kernel.json')
                except OSError:
                    pass
                os.mkdir('kernel.json')
                out = 0
                """,
            )
            k.restart()
            got = value(
                k,
                "import os\nout = [os.listdir('/tmp'), open('data.csv').read(), "
                "os.path.exists('.ipython/profile_default/startup/00-hang.py')]",
            )
            assert got == [[], "1\n", False]
        finally:
            k.shutdown()


# --------------------------------------------------------------------------- escape routes


def test_privileges_are_gone(kernel):
    got = value(
        kernel,
        """
        import ctypes, os
        status = dict(l.split(':', 1) for l in open('/proc/self/status') if ':' in l)
        libc = ctypes.CDLL(None, use_errno=True)
        traced = libc.ptrace(16, 1, 0, 0)  # PTRACE_ATTACH to the sandbox's pid 1 (root)
        flags = {p: os.statvfs(p).f_flag for p in ('/usr', '/opt/course', '/tmp', '/home')}
        out = [status['NoNewPrivs'].strip(), status['CapEff'].strip(), status['CapPrm'].strip(),
               status['CapBnd'].strip(), traced, ctypes.get_errno(),
               {p: bool(f & os.ST_NOSUID) for p, f in flags.items()}]
        """,
    )
    nnp, eff, prm, bnd, traced, errno_, nosuid = got
    assert nnp == "1" and int(eff, 16) == int(prm, 16) == int(bnd, 16) == 0
    assert traced == -1 and errno_ == 1  # EPERM
    assert all(nosuid.values())


def test_proc_of_pid_1_and_symlinks_lead_nowhere(kernel):
    got = value(
        kernel,
        """
        import os
        os.symlink('/proc/1/root', 'escape')
        out = {}
        for path in ('escape/etc', '/proc/1/root/etc', '/proc/1/environ', '/proc/1/cwd',
                     '/proc/1/fd'):
            try:
                out[path] = sorted(os.listdir(path)) if not path.endswith('environ') else \\
                    open(path).read()
            except OSError as err:
                out[path] = type(err).__name__
        """,
    )
    assert set(got.values()) == {"PermissionError"}, got


def test_no_grader_file_is_reachable_through_a_descriptor(kernel):
    """The kernel's only descriptors on files are /dev/null and its stderr log, which it may
    write but neither read back nor find on its filesystem."""
    got = value(
        kernel,
        """
        import os
        files = {}
        for fd in os.listdir('/proc/self/fd'):
            try:
                target = os.readlink(f'/proc/self/fd/{fd}')
            except OSError:
                continue
            if target.startswith('/'):
                try:
                    os.close(os.open(f'/proc/self/fd/{fd}', os.O_RDONLY | os.O_NONBLOCK))
                    readable = True
                except OSError:
                    readable = False
                files[fd] = [target, readable, os.path.exists(target)]
        out = [files, dict(os.environ)]
        """,
    )
    files, env = got
    others = {fd: f for fd, f in files.items() if f[0] != "/dev/null"}
    assert [f[0].rsplit("/", 1)[-1] for f in others.values()] == ["kernel-stderr.log"]
    assert [f[1:] for f in others.values()] == [[False, False]]
    leaks = [str(repo_root()), "grader-private", "/work/", sys.prefix]
    assert not [(k, v) for k, v in env.items() for leak in leaks if leak in v], env
    assert "JPY_PARENT_PID" not in env


def test_grader_environment_secrets_do_not_reach_the_kernel(monkeypatch):
    monkeypatch.setenv("AUTODIFF_TEST_SECRET", "s3cret-token")
    with Sandbox(Limits(**LIMITS)) as sb:
        k = sb.kernel()
        got = value(
            k,
            "import os\nout = [v for v in os.environ.values() if 's3cret' in v] + "
            "[open('/proc/1/cmdline','rb').read().decode(errors='replace')]",
        )
        k.shutdown()
    assert got[:-1] == [] and "s3cret" not in got[-1]


# --------------------------------------------------------------------------- checks-only


@pytest.fixture(scope="module")
def checks_only():
    with Sandbox(Limits(**LIMITS, course_lib="checks-only")) as sb:
        k = sb.kernel()
        yield k
        k.shutdown()


def test_checks_only_kernel_has_the_checks(checks_only):
    got = value(
        checks_only,
        """
        from course_lib.checks import check_close, fn
        import course_lib
        check_close(1.0, 1.0)
        out = sorted(n for n in __import__('os').listdir(course_lib.__path__[0])
                     if not n.startswith('__pycache__'))
        """,
    )
    assert got == ["__init__.py", "checks.py"]


ENGINE_ROUTES = {
    "import": "import course_lib.tensor",
    "from-import": "from course_lib import Tensor",
    "importlib": "import importlib\nimportlib.import_module('course_lib.autograd')",
    "getattr-builtins": "import builtins\ngetattr(builtins, '__imp' + 'ort__')('course_lib.ops')",
    "exec-base64": "import base64\nexec(base64.b64decode({b64!r}).decode())",
    "pickle": "import pickle\npickle.loads({pickled!r})",
    "sys-modules": "import course_lib, sys\nsys.modules[' course_lib.tensor'.strip()].Tensor",
    "attribute": "import course_lib\ncourse_lib.Tensor",
    "spec-from-file": (
        "import importlib.util, os\n"
        "tops = ('/usr', '/opt', '/root', '/run', '/home')\n"
        "hits = [os.path.join(d, 'tensor.py') for top in tops\n"
        "        for d, _, files in os.walk(top) if 'tensor.py' in files and 'course_lib' in d]\n"
        "spec = importlib.util.spec_from_file_location('t', hits[0])"
    ),
    "editable-finder": (
        "import sys, os\n"
        "finders = [f for f in sys.meta_path if 'editable' in repr(f).lower()]\n"
        "mods = [sys.modules[f.__module__] for f in finders]\n"
        "paths = [p for m in mods for p in getattr(m, 'MAPPING', {}).values()]\n"
        "assert not any(os.path.exists(p) for p in paths), paths\n"
        "import course_lib.numdiff"
    ),
}


def _route(route: str) -> str:
    import importlib

    tensor_class = importlib.import_module("course_lib.tensor").Tensor
    return (
        ENGINE_ROUTES[route]
        .replace("{b64!r}", repr(base64.b64encode(b"import course_lib.tensor as t").decode()))
        .replace("{pickled!r}", repr(pickle.dumps(tensor_class)))
    )


@pytest.mark.parametrize("route", sorted(ENGINE_ROUTES))
def test_every_route_reaches_the_engine_in_a_full_kernel(kernel, route):
    """The attacks below are real: with course_lib in full, each one gets the engine."""
    r = kernel.execute(_route(route))
    assert r.status == "ok", (route, r.ename, r.evalue)


@pytest.mark.parametrize("route", sorted(ENGINE_ROUTES))
def test_checks_only_kernel_cannot_reach_the_engine(checks_only, route):
    r = checks_only.execute(_route(route))
    assert r.status == "error", (route, r.stdout)
    assert r.ename in (
        "ModuleNotFoundError",
        "ImportError",
        "AttributeError",
        "KeyError",
        "IndexError",
    )


def test_checks_only_needs_bwrap_and_says_so(monkeypatch):
    monkeypatch.setenv("AUTODIFF_BWRAP", "")
    with pytest.raises(KernelStartError, match="checks-only"):
        with Sandbox(Limits(**{**LIMITS, "isolate": "auto"}, course_lib="checks-only")):
            pass


def test_an_installed_copy_of_the_course_is_covered(tmp_path, monkeypatch):
    """A non-editable install puts course_lib (and course_grader) into site-packages, which is
    bound into the sandbox: each such copy is covered by an empty read-only directory."""
    venv = tmp_path / "venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    for name in ("course_lib", "course_grader"):
        (site / name).mkdir(parents=True)
        (site / name / "__init__.py").write_text("")
    monkeypatch.setattr(bwrap, "python_layout", lambda: ("/usr", str(venv), []))
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    args = bwrap.command(
        "bwrap",
        course_lib="/x/course_lib",
        launcher="/x/kernel_launcher.py",
        released="/x/released",
        conn_dir="/x/conn",
        etc_dir="/x/etc",
        tmp_bytes=1,
        small_tmp_bytes=1,
    )
    inside = f"{bwrap.VENV_DIR}/lib/python3.11/site-packages"
    for name in ("course_lib", "course_grader"):
        i = args.index(f"{inside}/{name}")
        assert args[i - 1] == "--tmpfs" and args[i + 1 : i + 3] == ["--remount-ro", args[i]]
    assert args[args.index("/x/course_lib") + 1] == f"{bwrap.COURSE_DIR}/course_lib"
