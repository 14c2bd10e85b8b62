"""course_lib's layering is true: a module never imports from a layer above its own.

The layers, lowest first (as in course_lib/__init__.py):
    _format, i18n -> tensor -> autograd -> ops -> forward, functional -> numdiff, gradcheck
    -> nn -> viz -> checks, exercises, seeds
Every import statement is read with `ast` — at module level and inside functions — so
an upward import cannot hide in a function body. The one documented exception is the
cycle a Tensor is: its methods call autograd and the ops, and tensor.py imports them in
its last lines, after class Tensor (see the comment there).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import course_lib

PACKAGE = Path(course_lib.__file__).parent

LAYERS = [
    {"_format", "i18n"},
    {"tensor"},
    {"autograd"},
    {"ops"},
    {"forward", "functional"},
    {"numdiff", "gradcheck"},
    {"nn"},
    {"viz"},
    {"checks", "exercises", "seeds"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
FACADE_RANK = RANK["ops"]  # `import course_lib` runs __init__, which imports up to ops
CORE = {"_format", "tensor", "autograd", "ops", "forward", "functional"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str):
    """The layer of a course_lib module name; None for the package facade itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _rank(module: str) -> int:
    layer = _layer(module)
    return FACADE_RANK if layer is None else RANK[layer]


def _known_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (PACKAGE.parent / relative).with_suffix(".py").exists() or (
        PACKAGE.parent / relative / "__init__.py"
    ).exists()


def imports_of(path: Path):
    """(imported course_lib module, line, inside a function?) for every import in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = []
            for alias in node.names:  # `from course_lib.ops import shape` names a module
                full = f"{node.module}.{alias.name}"
                targets.append(full if _known_module(full) else node.module)
        else:
            continue
        for target in targets:
            if target == "course_lib" or target.startswith("course_lib."):
                found.append((target, node.lineno, id(node) in in_function))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def _tensor_cycle_lines() -> set:
    """Lines of the documented exception: module-level imports after class Tensor."""
    path = PACKAGE / "tensor.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    class_line = next(n.lineno for n in tree.body
                      if isinstance(n, ast.ClassDef) and n.name == "Tensor")
    return {n.lineno for n in tree.body
            if isinstance(n, (ast.Import, ast.ImportFrom)) and n.lineno > class_line}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_no_module_imports_from_a_higher_layer(path):
    name = _module_name(path)
    if _layer(name) is None:
        return  # the facade imports every layer: it is what `import course_lib` gives
    allowed = _tensor_cycle_lines() if name == "course_lib.tensor" else set()
    upward = [
        f"line {line}: {target}"
        for target, line, _ in imports_of(path)
        if _rank(target) > RANK[_layer(name)] and line not in allowed
    ]
    assert not upward, f"{name} ({_layer(name)}) imports from a higher layer: {upward}"


@pytest.mark.parametrize("path", [p for p in MODULES if _layer(_module_name(p)) in CORE],
                         ids=lambda p: _module_name(p))
def test_core_modules_import_only_at_the_top(path):
    """No function-local import of course_lib in the core: a cycle cannot hide there."""
    hidden = [f"line {line}: {target}" for target, line, local in imports_of(path) if local]
    assert not hidden, f"{_module_name(path)} imports inside a function: {hidden}"


def test_the_one_cycle_is_tensors_and_is_at_the_end_of_its_module():
    """tensor.py's upward imports come after everything else it defines, and name only the
    layers its methods call (autograd and ops)."""
    path = PACKAGE / "tensor.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = _tensor_cycle_lines()
    assert lines, "tensor.py should import autograd and ops at its end"
    last_definition = max(n.lineno for n in tree.body if not isinstance(
        n, (ast.Import, ast.ImportFrom)))
    assert min(lines) > last_definition
    layers = {_layer(target) for target, line, _ in imports_of(path) if line in lines}
    assert layers == {"autograd", "ops"}


def test_the_check_can_fail(tmp_path, monkeypatch):
    """An autograd module importing ops (even inside a function) is reported."""
    fake = PACKAGE / "autograd" / "engine.py"
    source = fake.read_text(encoding="utf-8") + (
        "\n\ndef _sneaky():\n    from course_lib.ops import elementwise\n"
    )
    copy = tmp_path / "engine.py"
    copy.write_text(source, encoding="utf-8")
    found = [(t, local) for t, _, local in imports_of(copy)]
    assert ("course_lib.ops.elementwise", True) in found
    assert _rank("course_lib.ops.elementwise") > RANK["autograd"]
