"""gradcheck: compare autograd's Jacobian with central differences, and say where they differ.

Like `torch.autograd.gradcheck`, but the verdict is written for a student: which
input element is worst, its analytic and numeric derivative, and the relative
error, e.g.

    gradcheck passed: worst element x[2]: analytic 4.000000, numeric 4.000000, rel. err 3e-10

The numeric Jacobian perturbs one input element at a time by ±eps (on copies of the
inputs, under no_grad); the analytic one runs backward once per output element with a
one-hot `grad_outputs`, so each backward gives one row of the Jacobian.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

import course_lib as cl
from course_lib import numdiff
from course_lib.i18n import say
from course_lib.tensor import Tensor

__all__ = ["gradcheck", "GradcheckResult", "GradcheckError", "WorstElement"]

# What the report says, in the learner's language (course_lib.set_language).
MESSAGES = {
    "en": {
        "empty": "gradcheck passed: no input element to check (all inputs are empty)",
        "passed": "gradcheck passed",
        "failed": "gradcheck FAILED",
        "head": "{head}: worst element {label}: analytic {analytic:.6f}, numeric {numeric:.6f}, "
                "rel. err {rel:.1g}",
        "mismatch": "  |analytic - numeric| = {abs:.3g} > atol + rtol·|numeric| = {allowed:.3g}; "
                    "{failed} of {checked} Jacobian entries differ.",
        "low_precision": "  The inputs are not float64, so this may be round-off in the numeric "
                         "derivative rather than a wrong backward: repeat the check in float64.",
        "the_graph": "the graph's backward functions",
        "wrong_backward": "  The backward formulas reaching {input} are wrong somewhere (a missing "
                          "factor, a wrong sign or transpose). Involved: {involved}.",
        "warning": "  warning: {text}",
        "low_dtype": "{name} is {dtype}: x ± eps is rounded to {dtype} (ε ≈ {machine_eps:.1e}), "
                     "so with eps={eps:g} the numeric derivative carries round-off of about "
                     "ε·|f|/eps ≈ {noise:.1g}. Use float64 inputs "
                     "(cl.tensor(..., dtype=cl.float64)) for gradcheck.",
    },
    "zh": {
        "empty": "gradcheck 通过：没有需要检查的输入元素（所有输入都是空的）",
        "passed": "gradcheck 通过",
        "failed": "gradcheck 未通过",
        "head": "{head}：误差最大的元素 {label}：解析值 {analytic:.6f}，数值 {numeric:.6f}，"
                "相对误差 {rel:.1g}",
        "mismatch": "  |解析值 - 数值| = {abs:.3g} > atol + rtol·|数值| = {allowed:.3g}；"
                    "雅可比矩阵的 {checked} 个元素中有 {failed} 个不一致。",
        "low_precision": "  输入不是 float64，这可能是数值导数的舍入误差，而不是反向传播写错了："
                         "请用 float64 再检查一次。",
        "the_graph": "计算图中的反向函数",
        "wrong_backward": "  通向 {input} 的反向公式有错（少了一个因子、符号错了或少了转置）。"
                          "涉及：{involved}。",
        "warning": "  警告：{text}",
        "low_dtype": "{name} 是 {dtype}：x ± eps 被舍入到 {dtype}（ε ≈ {machine_eps:.1e}），"
                     "所以 eps={eps:g} 时数值导数带有约 ε·|f|/eps ≈ {noise:.1g} 的舍入误差。"
                     "请用 float64 输入（cl.tensor(..., dtype=cl.float64)）做 gradcheck。",
    },
}


def _say(key: str, **fields) -> str:
    return say(MESSAGES, key, **fields)


class GradcheckError(RuntimeError):
    """gradcheck(..., raise_exception=True) found an analytic gradient that is wrong."""


@dataclass
class WorstElement:
    """The Jacobian entry ∂output[output_index] / ∂input[index] that is closest to failing."""

    input_name: str
    input_position: int
    index: tuple[int, ...]
    output_label: str | None  # e.g. "output[1, 0]" or "outputs[1][2]"; None for one scalar
    numeric: float
    analytic: float
    abs_error: float
    rel_error: float

    @property
    def label(self) -> str:
        """Like 'x[2]', or 'x[2] (output[1])' when the output has several entries."""
        text = _element(self.input_name, self.index)
        return text if self.output_label is None else f"{text} ({self.output_label})"


@dataclass
class GradcheckResult:
    """The verdict of gradcheck; truthy when the analytic gradient matched."""

    passed: bool
    worst: WorstElement | None
    max_rel_error: float
    max_abs_error: float
    n_checked: int
    n_failed: int
    eps: float
    atol: float
    rtol: float
    warnings: list[str] = field(default_factory=list)
    low_precision: bool = False
    backward_names: list[str] = field(default_factory=list)
    numeric_jacobians: list[np.ndarray] = field(default_factory=list, repr=False)
    analytic_jacobians: list[np.ndarray] = field(default_factory=list, repr=False)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        if self.worst is None:
            lines = [_say("empty")]
        else:
            w = self.worst
            lines = [_say("head", head=_say("passed" if self.passed else "failed"),
                          label=w.label, analytic=w.analytic, numeric=w.numeric,
                          rel=w.rel_error)]
            if not self.passed:
                allowed = self.atol + self.rtol * abs(w.numeric)
                lines.append(_say("mismatch", abs=w.abs_error, allowed=allowed,
                                  failed=self.n_failed, checked=self.n_checked))
                if self.low_precision:
                    lines.append(_say("low_precision"))
                else:
                    involved = ", ".join(self.backward_names) or _say("the_graph")
                    lines.append(_say("wrong_backward", input=w.input_name, involved=involved))
        lines.extend(_say("warning", text=text) for text in self.warnings)
        return "\n".join(lines)

    __repr__ = __str__


def gradcheck(
    fn: Callable,
    inputs,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = False,
) -> GradcheckResult:
    """Check fn's backward against central differences on every input element.

    `inputs` is a Tensor or a sequence of arguments for fn; the Tensors with
    requires_grad=True are checked (float64 recommended: float32 cannot resolve a
    step of 1e-6). An entry passes when |analytic − numeric| ≤ atol + rtol·|numeric|.
    With raise_exception=True a failure raises GradcheckError carrying the report.
    """
    if not callable(fn):
        raise ValueError(
            f"gradcheck needs a function of the inputs, got {type(fn).__name__}; "
            "e.g. gradcheck(lambda x: (x * x).sum(), (x,))"
        )
    if not (eps > 0 and np.isfinite(eps)):
        raise ValueError(f"eps is the finite-difference step and must be positive, got {eps!r}")
    if atol < 0 or rtol < 0:
        raise ValueError(f"atol and rtol must be non-negative, got atol={atol}, rtol={rtol}")
    args = [inputs] if isinstance(inputs, Tensor) else list(_as_sequence(inputs))
    checked = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
    if not checked:
        raise ValueError(
            "gradcheck: no input requires grad, so there is nothing to check; create the "
            "inputs with requires_grad=True, e.g. cl.tensor([1.0, 2.0], dtype=cl.float64, "
            "requires_grad=True)"
        )
    names = _input_names(fn, len(args))
    warnings = _dtype_warnings(fn, args, checked, names, eps)

    analytic, out_shapes, backward_names = _analytic_jacobians(fn, args, checked)
    numeric = _numeric_jacobians(fn, args, checked, eps)
    result = _compare(numeric, analytic, checked, names, args, out_shapes, eps, atol, rtol)
    result.warnings = warnings
    result.low_precision = bool(warnings)
    result.backward_names = backward_names
    if raise_exception and not result.passed:
        raise GradcheckError(str(result))
    return result


# ----------------------------------------------------------------------- the Jacobians


def _outputs(fn, args) -> list[Tensor]:
    out = fn(*args)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    for k, o in enumerate(outs):
        if not isinstance(o, Tensor):
            raise ValueError(
                f"gradcheck: fn must return a Tensor (or a tuple of Tensors), but output {k} "
                f"is a {type(o).__name__}; build the result from the input Tensors' ops"
            )
    return outs


def _analytic_jacobians(fn, args, checked):
    """J[k, j] = ∂out_k/∂x_j, one backward per output element with a one-hot gradient.

    Returns the Jacobians (one per checked input), the outputs' shapes and the names of
    the backward functions in the graph (for the failure message).
    """
    with cl.enable_grad():
        outs = _outputs(fn, args)
    sizes = [o.data.size for o in outs]
    shapes = [tuple(o.data.shape) for o in outs]
    jacobians = [np.zeros((sum(sizes), args[i].data.size)) for i in checked]
    wired = [o for o in outs if o.requires_grad]
    names = _backward_names(wired)
    if not wired:  # nothing connects the outputs to the inputs: the analytic Jacobian is 0
        return jacobians, shapes, names
    inputs = [args[i] for i in checked]
    row = 0
    for o, size in zip(outs, sizes):
        for k in range(size):
            if o.requires_grad:
                seeds = []
                for other in wired:
                    seed = np.zeros(other.data.shape, dtype=other.data.dtype)
                    if other is o:
                        seed.flat[k] = 1.0
                    seeds.append(cl.tensor(seed, dtype=other.dtype))
                grads = cl.autograd.grad(
                    wired, inputs, grad_outputs=seeds, retain_graph=True, allow_unused=True
                )
                for jac, g in zip(jacobians, grads):
                    if g is not None:
                        jac[row + k] = np.asarray(g.data, dtype=np.float64).ravel()
        row += size
    return jacobians, shapes, names


def _backward_names(outputs) -> list[str]:
    """Names of the nodes behind the outputs (MulBackward0, …), in the order backward meets them."""
    names, seen = [], set()
    stack = [o.grad_fn for o in outputs if o.grad_fn is not None]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        name = node.name()
        if name != "AccumulateGrad" and name not in names:
            names.append(name)
        stack.extend(edge[0] for edge in reversed(node.next_functions))
    return names


def _numeric_jacobians(fn, args, checked, eps) -> list[np.ndarray]:
    """Central differences (numdiff.CENTRAL) on copies of the inputs, one element at a time."""
    jacobians = []
    with cl.no_grad():
        n_out = sum(o.data.size for o in _outputs(fn, args))
        for i in checked:
            base = args[i].data
            columns = []
            for j in range(base.size):
                column = 0.0
                for offset, weight in numdiff.CENTRAL.terms:
                    data = base.copy()
                    data.flat[j] = base.flat[j] + offset * eps  # rounded to the input's dtype
                    perturbed = list(args)
                    perturbed[i] = cl.tensor(data, dtype=args[i].dtype)
                    values = [np.asarray(o.data, dtype=np.float64).ravel()
                              for o in _outputs(fn, perturbed)]
                    column = column + weight * np.concatenate(values)
                columns.append(column / eps)
            jacobians.append(np.stack(columns, axis=1) if columns else np.zeros((n_out, 0)))
    return jacobians


# ------------------------------------------------------------------------- the verdict


def _compare(numeric, analytic, checked, names, args, out_shapes, eps, atol, rtol):
    worst = None
    worst_score = -1.0
    max_rel = max_abs = 0.0
    n_checked = n_failed = 0
    for i, num, ana in zip(checked, numeric, analytic):
        diff = np.abs(ana - num)
        allowed = atol + rtol * np.abs(num)
        # relative to the larger of the two, floored by atol so exact zeros do not blow it up
        rel = diff / np.maximum(np.maximum(np.abs(num), np.abs(ana)), max(atol, 1e-300))
        n_checked += diff.size
        n_failed += int(np.sum(diff > allowed))
        if diff.size:
            max_rel = max(max_rel, float(rel.max()))
            max_abs = max(max_abs, float(diff.max()))
            score = diff / np.maximum(allowed, 1e-300)
            k, j = np.unravel_index(int(np.argmax(score)), score.shape)
            if score[k, j] > worst_score:
                worst_score = float(score[k, j])
                shape = args[i].data.shape
                worst = WorstElement(
                    input_name=names[i],
                    input_position=i,
                    index=tuple(int(v) for v in np.unravel_index(j, shape)) if shape else (),
                    output_label=_output_label(out_shapes, int(k)),
                    numeric=float(num[k, j]),
                    analytic=float(ana[k, j]),
                    abs_error=float(diff[k, j]),
                    rel_error=float(rel[k, j]),
                )
    return GradcheckResult(
        passed=n_failed == 0,
        worst=worst,
        max_rel_error=max_rel,
        max_abs_error=max_abs,
        n_checked=n_checked,
        n_failed=n_failed,
        eps=eps,
        atol=atol,
        rtol=rtol,
        numeric_jacobians=numeric,
        analytic_jacobians=analytic,
    )


# ----------------------------------------------------------------------------- helpers


def _as_sequence(inputs) -> Sequence:
    if isinstance(inputs, (tuple, list)):
        return inputs
    return (inputs,)


def _input_names(fn, count: int) -> list[str]:
    """The names of fn's parameters (x, w, …) so the report says 'x[2]', else inputs[i]."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        params = []
    names = []
    for i in range(count):
        if i < len(params) and params[i].kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            names.append(params[i].name)
        else:
            names.append(f"inputs[{i}]")
    return names


def _element(name: str, index: tuple[int, ...]) -> str:
    return name if not index else f"{name}[{', '.join(map(str, index))}]"


def _output_label(shapes: list[tuple[int, ...]], row: int) -> str | None:
    """Which output entry a Jacobian row belongs to; None when there is a single scalar."""
    if len(shapes) == 1 and int(np.prod(shapes[0])) == 1:
        return None
    for number, shape in enumerate(shapes):
        size = int(np.prod(shape))
        if row < size:
            index = tuple(int(v) for v in np.unravel_index(row, shape)) if shape else ()
            name = "output" if len(shapes) == 1 else f"outputs[{number}]"
            return _element(name, index)
        row -= size
    return None  # pragma: no cover - rows always fall inside the outputs


def _dtype_warnings(fn, args, checked, names, eps) -> list[str]:
    """Warn about low-precision inputs: the seed's pitfall of float32 with a tiny eps."""
    warnings = []
    for i in checked:
        dtype = np.dtype(args[i].data.dtype)
        if dtype == np.float64 or dtype.kind != "f" or dtype.itemsize > 8:
            continue
        with cl.no_grad():
            scale = max(
                (float(np.max(np.abs(o.data))) for o in _outputs(fn, args) if o.data.size),
                default=1.0,
            )
        noise = numdiff.roundoff_error("central", eps, dtype, f_scale=max(scale, 1e-30))
        warnings.append(_say("low_dtype", name=names[i], dtype=dtype,
                             machine_eps=numdiff.eps(dtype), eps=eps, noise=noise))
    return warnings
