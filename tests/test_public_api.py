"""The public API (``papertrail/__init__.py``): what other programs use, each name once."""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import papertrail


def test_every_public_name_loads_from_the_module_that_defines_it() -> None:
    public = [name for name in papertrail.__all__ if name != "__version__"]
    assert len(public) == len(set(public))
    for name in public:
        value = getattr(papertrail, name)
        # Defined where it is loaded from, under its own name (not a re-export of a re-export).
        assert value.__name__ == name
        assert getattr(sys.modules[value.__module__], name) is value, name
        assert value.__module__.startswith("papertrail."), name


def test_importing_the_package_loads_no_engine_and_no_pipeline() -> None:
    code = (
        "import sys, papertrail\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('papertrail.', 'mkdocs', 'jinja2')))\n"
        "assert loaded == [], loaded\n"
        "papertrail.check_content\n"
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _defined_names(module: str) -> set[str]:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign) and not _is_plumbing(node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
            and not _is_plumbing(node.value)
        ):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_") and n != "__all__"}


def _is_plumbing(value: ast.expr) -> bool:
    """A type variable or a logger: every module may have its own."""
    return isinstance(value, ast.Call) and (
        (isinstance(value.func, ast.Name) and value.func.id == "TypeVar")
        or "logger" in ast.unparse(value.func).lower()
    )


def test_no_two_modules_define_the_same_public_name() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for module in pkgutil.walk_packages(papertrail.__path__, "papertrail."):
        for name in _defined_names(module.name):
            where[name].append(module.name)
    assert {name: modules for name, modules in where.items() if len(modules) > 1} == {}
