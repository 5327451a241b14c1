"""The core must build without MkDocs, so the same content can move to another engine."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import papertrail
from tests.conftest import SEED_CONTENT

# The only package that imports the engine (MkDocs 1.6, or ProperDocs answering for it).
ENGINE_PACKAGE = "papertrail.mkdocs"


def all_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(papertrail.__path__, "papertrail."))


def core_modules() -> list[str]:
    return [n for n in all_modules() if n != ENGINE_PACKAGE and not n.startswith(ENGINE_PACKAGE + ".")]


def test_core_modules_do_not_import_mkdocs() -> None:
    modules = core_modules()
    assert {
        "papertrail.content.loading",
        "papertrail.checks",
        "papertrail.render",
        "papertrail.tools.cli",
    } <= set(modules)
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.'))\n"
        "assert not bad, bad\n"
        "from pathlib import Path\n"
        "from papertrail.build.pipeline import load_valid_content\n"
        "from papertrail.render import render_site\n"
        f"content, _ = load_valid_content(Path({str(SEED_CONTENT)!r}))\n"
        "assert len(render_site(content)) > 30\n"
        "assert not any(m.startswith('mkdocs') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_adapter_is_the_registered_plugin() -> None:
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "papertrail"]
    assert entry.value == "papertrail.mkdocs.plugin:PapertrailPlugin"


# The packages by layer, lowest first: a module imports only from its own layer or lower
# ones, so that checks and pages read the analysis and never the reverse. One rule per
# package: a new module is placed by the folder it is in.
LAYERS: list[tuple[str, set[str]]] = [
    ("content", {"papertrail.content"}),
    ("analysis", {"papertrail.analysis"}),
    ("checks and pages", {"papertrail.checks", "papertrail.render"}),
    ("build", {"papertrail.build"}),
    ("front ends", {"papertrail.importer", "papertrail.tools", ENGINE_PACKAGE}),
    # The package's root: the public API, which names (lazily) what the layers define.
    ("public API", {"papertrail"}),
]


def _layer(module: str) -> int:
    for index, (_, members) in enumerate(LAYERS):
        if module in members or any(module.startswith(m + ".") for m in members if m != "papertrail"):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _imports(module: str) -> set[str]:
    """The papertrail modules ``module`` imports, anywhere in it (type-only imports too)."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "papertrail" or name.startswith("papertrail.")}


def test_modules_import_only_from_their_layer_or_below() -> None:
    modules = ["papertrail", *(m.name for m in pkgutil.walk_packages(papertrail.__path__, "papertrail."))]
    wrong = [
        f"{module} ({LAYERS[_layer(module)][0]}) imports {imported} ({LAYERS[_layer(imported)][0]})"
        for module in modules
        for imported in _imports(module)
        if _layer(imported) > _layer(module)
    ]
    assert wrong == []


def test_the_content_model_holds_no_cache_and_imports_nothing_above_it() -> None:
    from dataclasses import fields

    from papertrail.content.model import Content

    assert {f.name for f in fields(Content)} == {
        "outlets",
        "authors",
        "images",
        "entities",
        "questions",
        "sources",
        "stories",
    }
    assert _imports("papertrail.content.model") <= {
        "papertrail.content.problems",
        "papertrail.content.index_keys",
    }
    # How the indexes group items: beside the model, reading its types only.
    assert _imports("papertrail.content.index_keys") <= {"papertrail.content.model"}
