"""Talk to the learner's kernel in plain data only: the grader's side of the probe protocol.

Test cells run in the grader's process. When a test needs a learner name, `RemoteSession`
asks the kernel for it: plain data (numbers, arrays, lists, tuples, dicts, str, bool, None)
comes back as JSON and is rebuilt here from the numbers alone; anything else (functions,
classes, objects) stays in the kernel and is represented here by a `Proxy` whose calls,
attributes, indexing and operators are requests to the kernel. The kernel is treated as an
oracle that may lie: it only ever learns a test's *inputs*, never its expected values, and
whatever it answers is validated before any check sees it.

The kernel half (`PROBE_SOURCE`) is injected by the grader; a learner may break it, which can
only lose them their own points.
"""

from __future__ import annotations

import ast
import importlib
import json
import operator
import time
from typing import Any

import numpy as np

from course_grader.sandbox import KernelSession

PROBE_NAME = "_course_grader_probe_"
MAX_ITEMS = 1_000_000  # numbers in one answer
# An answer is read only if its text is at most this long: the size is checked before any
# parsing, so a forged reply costs the grader at most a few times this in memory.
MAX_REPLY_CHARS = 16_000_000
NUMERIC_DTYPES = {
    np.dtype(t).str: np.dtype(t)
    for t in (
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
    )
}

PROBE_SOURCE = r'''
def _course_grader_probe_(request_json):
    """Grader probe: answer one request about the learner's namespace in plain JSON."""
    import json, math, operator, importlib, traceback
    ns = get_ipython().user_ns
    state = _course_grader_probe_.__dict__.setdefault("handles", {})
    try:
        import numpy as np
    except Exception:
        np = None

    def handle(x):
        key = state.get(("id", id(x)))
        if key is None:
            key = state["next"] = state.get("next", 0) + 1
            state[("id", id(x))] = key
            state[key] = x
        return {"__handle__": key, "type": type(x).__name__, "callable": callable(x)}

    def enc(x, depth=0, force=False):
        T = type(x)
        if x is None or T is bool or T is str:
            return x
        if T is int:
            return x
        if T is float:
            return x
        if depth > 30:
            return handle(x)
        if np is not None and isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
            a = np.asarray(x).view(np.ndarray)
            return {"__ndarray__": a.tolist(), "dtype": a.dtype.str}
        if np is not None and isinstance(x, np.generic) and np.asarray(x).dtype.kind in "biuf":
            a = np.asarray(x)
            return {"__ndarray__": a.tolist(), "dtype": a.dtype.str, "scalar": True}
        if isinstance(x, bool):
            return bool(x)
        if isinstance(x, int):
            return int.__int__(x)
        if isinstance(x, float):
            return float.__float__(x)
        if T is complex:
            return {"__complex__": [x.real, x.imag]}
        if T is list:
            return [enc(v, depth + 1) for v in x]
        if T is tuple:
            return {"__tuple__": [enc(v, depth + 1) for v in x]}
        if T is dict:
            return {"__dict__": [[enc(k, depth + 1), enc(v, depth + 1)] for k, v in x.items()]}
        if force:
            return plain(x, depth)
        return handle(x)

    def plain(x, depth=0):
        if hasattr(x, "detach") and hasattr(x, "numpy"):
            return enc(np.asarray(x.detach().numpy()), depth + 1)
        if np is not None and hasattr(x, "__array__"):
            return enc(np.asarray(x), depth + 1)
        if isinstance(x, (list, tuple)):
            return [plain(v, depth + 1) for v in x]
        for conv in (float, int):
            try:
                return conv(x)
            except Exception:
                pass
        raise TypeError(f"cannot turn a {type(x).__name__} into numbers")

    def dec(v):
        if isinstance(v, list):
            return [dec(e) for e in v]
        if not isinstance(v, dict):
            return v
        if "__handle__" in v:
            return state[v["__handle__"]]
        if "__tuple__" in v:
            return tuple(dec(e) for e in v["__tuple__"])
        if "__dict__" in v:
            return {dec(k): dec(e) for k, e in v["__dict__"]}
        if "__ndarray__" in v:
            a = np.array(v["__ndarray__"], dtype=np.dtype(v["dtype"]))
            return a[()] if v.get("scalar") else a
        if "__ref__" in v:
            mod, _, qual = v["__ref__"].partition(":")
            obj = importlib.import_module(mod)
            for part in qual.split("."):
                obj = getattr(obj, part)
            return obj
        if "__src__" in v:
            return eval(v["__src__"], {"np": np, "math": math})
        if "__setup__" in v:
            return ns[v["__setup__"]]
        if "__tensor__" in v:
            import course_lib
            return course_lib.tensor(np.array(v["__tensor__"], dtype=np.dtype(v["dtype"])),
                                     requires_grad=bool(v["requires_grad"]))
        if "__slice__" in v:
            return slice(*v["__slice__"])
        if "__ellipsis__" in v:
            return Ellipsis
        raise ValueError("unknown value encoding")

    binops = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
              "truediv": operator.truediv, "floordiv": operator.floordiv, "mod": operator.mod,
              "pow": operator.pow, "matmul": operator.matmul, "lt": operator.lt,
              "le": operator.le, "gt": operator.gt, "ge": operator.ge}
    unops = {"neg": operator.neg, "pos": operator.pos, "abs": abs, "len": len, "bool": bool,
             "float": float, "int": int, "repr": lambda x: repr(x)[:300],
             "iter": lambda x: list(x)[:100000]}
    try:
        req = json.loads(request_json)
        op = req["op"]
        if op == "get":
            result = {"__dict__": [[name, enc(ns[name])] for name in req["names"] if name in ns]}
        elif op == "getattr":
            result = enc(getattr(state[req["h"]], req["name"]))
        elif op == "setattr":
            setattr(state[req["h"]], req["name"], dec(req["value"]))
            result = None
        elif op == "call":
            f = state[req["h"]]
            result = enc(f(*dec(req["args"]), **{k: dec(v) for k, v in req["kwargs"].items()}))
        elif op == "getitem":
            result = enc(state[req["h"]][dec(req["key"])])
        elif op == "setitem":
            state[req["h"]][dec(req["key"])] = dec(req["value"])
            result = None
        elif op == "binop":
            a, b = dec(req["a"]), dec(req["b"])
            result = enc(binops[req["name"]](a, b))
        elif op == "unop":
            value = unops[req["name"]](state[req["h"]])
            result = enc(value) if req["name"] != "iter" else [enc(v) for v in value]
        elif op == "plain":
            result = plain(state[req["h"]])
        elif op == "define":
            exec(req["source"], ns)
            result = enc(ns[req["name"]])
        else:
            raise ValueError(f"unknown probe op {op!r}")
        reply = {"ok": result}
    except BaseException as err:
        mine = _course_grader_probe_.__code__.co_filename
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename != mine]
        text = "".join(traceback.format_list(frames[-8:]))
        text += "".join(traceback.format_exception_only(type(err), err))
        reply = {"error": {"mro": [c.__name__ for c in type(err).__mro__][:8],
                           "message": str(err)[:2000], "traceback": text[-4000:]}}
    return json.dumps(reply, allow_nan=True)
'''


class RemoteError(Exception):
    """The learner's code raised while the grader called it; carries the exception's names."""

    def __init__(self, what: str, mro: list[str], message: str, traceback: str = ""):
        self.remote_mro = [str(m) for m in mro] or ["Exception"]
        self.remote_message = message
        self.remote_traceback = traceback
        super().__init__(f"{what} raised {self.remote_mro[0]}: {message}")


class RemoteTimeout(Exception):
    """The learner's code did not return in time (the kernel was interrupted)."""


class KernelDied(Exception):
    """The learner's kernel died or stopped responding while the grader asked it something."""


class AnswerUnreadable(Exception):
    """The kernel's reply was not the plain data the protocol allows."""


# --------------------------------------------------------------------------- encoding


def _ref_for(obj) -> dict | None:
    """Functions from numpy / math / course_lib travel by name (`numpy:sin`)."""
    module = getattr(obj, "__module__", None) or ""
    qual = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if not qual or module.split(".")[0] not in ("numpy", "math", "course_lib", "builtins"):
        return None
    for mod_name in (module, module.split(".")[0]):
        try:
            target = importlib.import_module(mod_name)
            for part in qual.split("."):
                target = getattr(target, part)
        except (ImportError, AttributeError):
            continue
        if target is obj:
            return {"__ref__": f"{mod_name}:{qual}"}
    return None


def encode_arg(x, session: RemoteSession) -> Any:
    """A grader-side value as the JSON the kernel probe decodes."""
    if isinstance(x, Proxy):
        if object.__getattribute__(x, "_session") is not session:
            raise TypeError("a learner object from another kernel cannot be sent here")
        return {"__handle__": object.__getattribute__(x, "_id")}
    if x is None or type(x) in (bool, int, float, str):
        return x
    ref = getattr(type(x), "__grader_ref__", None)
    if ref is not None:
        return ref(x)
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
        return {"__ndarray__": x.tolist(), "dtype": x.dtype.str}
    if isinstance(x, np.generic) and np.asarray(x).dtype.kind in "biuf":
        return {
            "__ndarray__": np.asarray(x).tolist(),
            "dtype": np.asarray(x).dtype.str,
            "scalar": True,
        }
    if isinstance(x, (bool, int, float)):
        return float(x) if isinstance(x, float) else int(x)
    if type(x) is list:
        return [encode_arg(v, session) for v in x]
    if type(x) is tuple:
        return {"__tuple__": [encode_arg(v, session) for v in x]}
    if type(x) is dict:
        return {
            "__dict__": [[encode_arg(k, session), encode_arg(v, session)] for k, v in x.items()]
        }
    if type(x) is slice:
        return {"__slice__": [encode_arg(v, session) for v in (x.start, x.stop, x.step)]}
    if x is Ellipsis:
        return {"__ellipsis__": True}
    if hasattr(x, "detach") and hasattr(x, "numpy") and hasattr(x, "requires_grad"):
        data = np.asarray(x.detach().numpy())
        return {
            "__tensor__": data.tolist(),
            "dtype": data.dtype.str,
            "requires_grad": bool(x.requires_grad),
        }
    if callable(x) and id(x) in session.setup_refs:
        return {"__setup__": session.setup_refs[id(x)]}
    if callable(x):
        ref = _ref_for(x)
        if ref is not None:
            return ref
    raise TypeError(
        f"cannot send a {type(x).__name__} to the learner's kernel: pass numbers, arrays, "
        "numpy/math/course_lib functions, fn('lambda ...') or learner objects"
    )


def decode_value(v, session: RemoteSession, depth: int = 0):
    """Rebuild a kernel answer from JSON, accepting only the shapes the protocol allows."""
    if depth > 40:
        raise AnswerUnreadable("answer nested too deeply")
    if v is None or type(v) in (bool, int, float, str):
        return v
    if type(v) is list:
        return [decode_value(e, session, depth + 1) for e in v]
    if type(v) is not dict:
        raise AnswerUnreadable(f"unexpected {type(v).__name__} in answer")
    if "__ndarray__" in v:
        dtype = NUMERIC_DTYPES.get(v.get("dtype"))
        if dtype is None:
            raise AnswerUnreadable(f"array of unsupported dtype {v.get('dtype')!r}")
        try:
            arr = np.array(v["__ndarray__"], dtype=dtype)
        except (TypeError, ValueError) as err:
            raise AnswerUnreadable(f"array is not rectangular numbers: {err}") from None
        if arr.size > MAX_ITEMS:
            raise AnswerUnreadable("array too large")
        return dtype.type(arr.reshape(())) if v.get("scalar") else arr
    if "__tuple__" in v:
        return tuple(decode_value(e, session, depth + 1) for e in v["__tuple__"])
    if "__dict__" in v:
        out = {}
        for pair in v["__dict__"]:
            if type(pair) is not list or len(pair) != 2:
                raise AnswerUnreadable("malformed dict in answer")
            key = decode_value(pair[0], session, depth + 1)
            if isinstance(key, (list, dict, np.ndarray)):
                key = repr(key)
            out[key] = decode_value(pair[1], session, depth + 1)
        return out
    if "__complex__" in v:
        re_im = v["__complex__"]
        return complex(float(re_im[0]), float(re_im[1]))
    if "__handle__" in v:
        if type(v["__handle__"]) is not int:
            raise AnswerUnreadable("malformed object handle")
        return Proxy(
            session, v["__handle__"], str(v.get("type", "object"))[:100], bool(v.get("callable"))
        )
    raise AnswerUnreadable("unknown value in answer")


# --------------------------------------------------------------------------- session


class RemoteSession:
    """The grader's connection to one learner kernel, for the duration of one test cell."""

    def __init__(
        self,
        kernel: KernelSession,
        *,
        call_timeout: float,
        budget: float,
        max_reply_chars: int = MAX_REPLY_CHARS,
    ):
        self.kernel = kernel
        self.max_reply_chars = max_reply_chars
        # numbers written in the test's code: the only grader values arithmetic may send
        self.literals: frozenset = frozenset()
        # functions of the instructor's setup cells that the test holds (the grader's copies):
        # sent to learner code as the kernel's function of the same name, {id: name}
        self.setup_refs: dict[int, str] = {}
        self.call_timeout = call_timeout
        self.deadline = time.monotonic() + budget
        self.broken: str | None = None
        self.calls = 0

    def install(self) -> None:
        """Define the probe in the learner's namespace. Sent as a user expression, which IPython
        evaluates without input or AST transformers, so a learner's transformer cannot blank it."""
        expr = f"exec({PROBE_SOURCE!r}, get_ipython().user_ns)"
        result = self.kernel.execute(
            "",
            timeout=self.call_timeout,
            store_history=False,
            keep_outputs=False,
            user_expressions={"r": expr},
        )
        self._raise_for_status(result, "installing the grader's probe")

    def _raise_for_status(self, result, what: str) -> None:
        if result.status == "dead":
            self.broken = "the kernel died"
        elif result.status == "hung":
            self.broken = "the kernel stopped responding"
        if self.broken:
            raise KernelDied(f"{self.broken} while {what}")
        if result.status == "timeout":
            raise RemoteTimeout(f"{what} took longer than {self.call_timeout:g} s")

    def request(self, op: str, what: str, _retry: bool = True, **fields):
        if self.broken:
            raise KernelDied(f"{self.broken} earlier in this test")
        if time.monotonic() > self.deadline:
            raise RemoteTimeout("this test used up its time budget (learner code too slow)")
        self.calls += 1
        payload = json.dumps({"op": op, **fields}, allow_nan=True)
        expr = f"{PROBE_NAME}({payload!r})"
        timeout = min(self.call_timeout, max(0.5, self.deadline - time.monotonic()))
        result = self.kernel.execute(
            "",
            timeout=timeout,
            store_history=False,
            keep_outputs=False,
            user_expressions={"r": expr},
        )
        self._raise_for_status(result, what)
        reply = result.reply.get("user_expressions", {}).get("r") if result.reply else None
        if not isinstance(reply, dict):
            raise AnswerUnreadable(f"no answer from the kernel for {what}")
        if reply.get("status") != "ok":
            ename = str(reply.get("ename", ""))
            if ename == "NameError" and PROBE_NAME in str(reply.get("evalue", "")) and _retry:
                self.install()  # the learner's code removed the probe: put it back once
                return self.request(op, what, _retry=False, **fields)
            if ename == "KeyboardInterrupt":
                raise RemoteTimeout(f"{what} took longer than {self.call_timeout:g} s")
            raise AnswerUnreadable(f"the kernel could not answer {what}: {ename}")
        data = reply.get("data")
        text = data.get("text/plain", "") if isinstance(data, dict) else ""
        if not isinstance(text, str) or len(text) > self.max_reply_chars:
            size = len(text) if isinstance(text, str) else 0
            raise AnswerUnreadable(
                f"the kernel's answer for {what} is {size:,} characters, more than the "
                f"{self.max_reply_chars:,} the grader reads (return fewer numbers)"
            )
        if len(text) < 2 or text[0] not in "'\"" or text[-1] != text[0]:
            raise AnswerUnreadable(f"the kernel's answer for {what} is not plain data")
        try:
            raw = json.loads(ast.literal_eval(text))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise AnswerUnreadable(f"the kernel's answer for {what} is not plain data") from None
        if not isinstance(raw, dict):
            raise AnswerUnreadable(f"the kernel's answer for {what} is not plain data")
        if "error" in raw:
            err = raw["error"] if isinstance(raw["error"], dict) else {}
            raise RemoteError(
                what,
                list(err.get("mro", []))[:8],
                str(err.get("message", ""))[:2000],
                str(err.get("traceback", ""))[:4000],
            )
        try:
            return decode_value(raw.get("ok"), self)
        except RecursionError:
            raise AnswerUnreadable(f"the kernel's answer for {what} is nested too deeply") from None

    # what test code uses -----------------------------------------------------------------
    def fetch(self, names: list[str]) -> dict[str, Any]:
        """Learner values for `names` (missing names are left out)."""
        if not names:
            return {}
        got = self.request("get", "looking up " + ", ".join(names), names=list(names))
        if not isinstance(got, dict):
            raise AnswerUnreadable("name lookup answered with something else")
        return {k: _labelled(v, k) for k, v in got.items() if k in names}

    def define(self, source: str) -> Any:
        tree = ast.parse(source)
        names = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        if not names:
            raise ValueError("notebook_function needs a `def`")
        return self.request("define", f"defining {names[0]}", source=source, name=names[0])


_GRADER_OPS = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "matmul": operator.matmul,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "neg": operator.neg,
    "pos": operator.pos,
    "abs": operator.abs,
}
COMPARISONS = ("lt", "le", "gt", "ge")


def _numbers(x):
    """A learner object's plain numbers, fetched from the kernel (never the object itself)."""
    if not isinstance(x, Proxy):
        return x
    value = x.__grader_plain__()
    if isinstance(value, list):
        value = np.asarray(value)
    return value


def _binop(name: str, reflected: bool = False):
    """Operators on learner objects.

    Comparisons are always computed here, on the numbers fetched from the kernel: the kernel
    never decides one and never sees the other side. Arithmetic runs in the kernel (it is the
    learner's own operator, e.g. on their `Value` or `Dual`) only when the other operand is
    another learner object or a number written literally in the test's code, i.e. a test input;
    with any value the grader computed (an expected result such as a hidden optimum) it is
    computed here from the learner object's numbers, so such a value never reaches the kernel.
    """

    def method(self, other):
        session = object.__getattribute__(self, "_session")
        a, b = (other, self) if reflected else (self, other)
        if name not in COMPARISONS and (
            isinstance(other, Proxy) or _literal_input(other, session)
        ):
            enc_a, enc_b = encode_arg(a, session), encode_arg(b, session)
            return session.request(
                "binop", f"{type_label(self)} {name}", name=name, a=enc_a, b=enc_b
            )
        if not _plain_operand(other):
            return NotImplemented
        with np.errstate(all="ignore"):
            return _GRADER_OPS[name](_numbers(a), _numbers(b))

    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


def _literal_input(x, session: RemoteSession) -> bool:
    return type(x) in (int, float) and float(x) in session.literals


def number_literals(code: str) -> frozenset:
    """The numbers written literally in a test's code (with both signs): its inputs."""
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            try:
                found.update((float(node.value), -float(node.value)))
            except OverflowError:
                continue
    return frozenset(found)


def _plain_operand(x) -> bool:
    if isinstance(x, Proxy) or x is None or type(x) in (bool, int, float, complex):
        return True
    if isinstance(x, (np.ndarray, np.generic, list, tuple)):
        return True
    return False


def _unop(name: str):
    def method(self):
        session = object.__getattribute__(self, "_session")
        return session.request(
            "unop", f"{name}({type_label(self)})", name=name, h=object.__getattribute__(self, "_id")
        )

    method.__name__ = f"__{name}__"
    return method


def _grader_unop(name: str):
    def method(self):
        with np.errstate(all="ignore"):
            return _GRADER_OPS[name](_numbers(self))

    method.__name__ = f"__{name}__"
    return method


def type_label(proxy: Proxy) -> str:
    return object.__getattribute__(proxy, "_label")


def _labelled(value, label: str):
    if isinstance(value, Proxy):
        object.__setattr__(value, "_label", label)
    return value


class Proxy:
    """A learner object that stays in the kernel; using it sends a request there."""

    __slots__ = ("_session", "_id", "_type", "_callable", "_label")

    def __init__(self, session: RemoteSession, ident: int, type_name: str, is_callable: bool):
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_id", ident)
        object.__setattr__(self, "_type", type_name)
        object.__setattr__(self, "_callable", is_callable)
        object.__setattr__(self, "_label", f"your {type_name}")

    def _s(self) -> RemoteSession:
        return object.__getattribute__(self, "_session")

    def _h(self) -> int:
        return object.__getattribute__(self, "_id")

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        label = f"{type_label(self)}.{name}"
        return _labelled(self._s().request("getattr", label, h=self._h(), name=name), label)

    def __setattr__(self, name: str, value) -> None:
        s = self._s()
        s.request(
            "setattr",
            f"setting {type_label(self)}.{name}",
            h=self._h(),
            name=name,
            value=encode_arg(value, s),
        )

    def __call__(self, *args, **kwargs):
        s = self._s()
        what = type_label(self)
        return s.request(
            "call",
            what,
            h=self._h(),
            args=[encode_arg(a, s) for a in args],
            kwargs={str(k): encode_arg(v, s) for k, v in kwargs.items()},
        )

    def __getitem__(self, key):
        s = self._s()
        return s.request("getitem", f"{type_label(self)}[...]", h=self._h(), key=encode_arg(key, s))

    def __setitem__(self, key, value) -> None:
        s = self._s()
        s.request(
            "setitem",
            f"{type_label(self)}[...] = ...",
            h=self._h(),
            key=encode_arg(key, s),
            value=encode_arg(value, s),
        )

    def __len__(self) -> int:
        n = _unop("len")(self)
        if type(n) is not int or n < 0:
            raise AnswerUnreadable("len() of a learner object is not a non-negative int")
        return n

    def __bool__(self) -> bool:
        value = _unop("bool")(self)
        if type(value) is not bool:
            raise AnswerUnreadable("bool() of a learner object is not a bool")
        return value

    def __float__(self) -> float:
        value = _unop("float")(self)
        if type(value) not in (float, int):
            raise AnswerUnreadable("float() of a learner object is not a number")
        return float(value)

    def __int__(self) -> int:
        value = _unop("int")(self)
        if type(value) is not int:
            raise AnswerUnreadable("int() of a learner object is not an int")
        return value

    def __iter__(self):
        items = _unop("iter")(self)
        if type(items) is not list:
            raise AnswerUnreadable("iterating a learner object did not give a list")
        return iter(items)

    def __array__(self, dtype=None, copy=None):
        arr = np.asarray(self.__grader_plain__())
        return arr.astype(dtype) if dtype is not None else arr

    def __grader_plain__(self):
        value = self._s().request("plain", f"reading {type_label(self)} as numbers", h=self._h())
        if isinstance(value, Proxy):
            raise AnswerUnreadable("a learner object could not be turned into numbers")
        return value

    def __grader_type_name__(self) -> str:
        return object.__getattribute__(self, "_type")

    def __repr__(self) -> str:
        return f"<learner's {object.__getattribute__(self, '_type')} object>"

    __hash__ = object.__hash__

    __neg__ = _grader_unop("neg")
    __pos__ = _grader_unop("pos")
    __abs__ = _grader_unop("abs")
    __add__, __radd__ = _binop("add"), _binop("add", True)
    __sub__, __rsub__ = _binop("sub"), _binop("sub", True)
    __mul__, __rmul__ = _binop("mul"), _binop("mul", True)
    __truediv__, __rtruediv__ = _binop("truediv"), _binop("truediv", True)
    __floordiv__, __rfloordiv__ = _binop("floordiv"), _binop("floordiv", True)
    __mod__, __rmod__ = _binop("mod"), _binop("mod", True)
    __pow__, __rpow__ = _binop("pow"), _binop("pow", True)
    __matmul__, __rmatmul__ = _binop("matmul"), _binop("matmul", True)
    __lt__, __le__ = _binop("lt"), _binop("le")
    __gt__, __ge__ = _binop("gt"), _binop("ge")
