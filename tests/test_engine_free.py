"""The core must build without MkDocs, so the same content can move to another engine."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import papertrail
from tests.conftest import SEED_CONTENT

ADAPTERS = {"papertrail.plugin", "papertrail.page_cache"}


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(papertrail.__path__, "papertrail.")]
    return sorted(n for n in names if n not in ADAPTERS)


def test_core_modules_do_not_import_mkdocs() -> None:
    modules = core_modules()
    assert {"papertrail.loading", "papertrail.validation", "papertrail.render", "papertrail.cli"} <= set(
        modules
    )
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.'))\n"
        "assert not bad, bad\n"
        "from pathlib import Path\n"
        "from papertrail.validation import load_valid_content\n"
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
    assert entry.value == "papertrail.plugin:PapertrailPlugin"
