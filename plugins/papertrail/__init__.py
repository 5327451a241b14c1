"""Papertrail: explainer story pages from curated stories and cleaned sources.

What other programs use, by name from here; everything else is the package's own and may
change. The packages are the layers, lowest first: ``content`` (schema, files, the model),
``analysis``, ``checks`` and ``render``, ``build`` (the pipeline, search), then the front
ends ``importer``, ``tools`` and ``mkdocs`` (the plugin: the only package that imports
MkDocs). The names below are loaded on first use, so ``import papertrail`` stays cheap
and imports no engine.

    from papertrail import check_content, build_site, SiteInfo
    content, problems = check_content(Path("content"))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it (each defined once: tests/test_public_api.py).
_PUBLIC = {
    # Checking and building
    "check_content": "papertrail.build.pipeline",
    "check_site": "papertrail.build.pipeline",
    "load_valid_content": "papertrail.build.pipeline",
    "build_site": "papertrail.build.pipeline",
    "Checked": "papertrail.build.pipeline",
    "Built": "papertrail.build.pipeline",
    "build_search_bundle": "papertrail.build.search",
    "SiteInfo": "papertrail.render.structured",
    "render_site": "papertrail.render.site",
    "RenderedPage": "papertrail.render.pages",
    "analyse": "papertrail.analysis.results",
    "Analysis": "papertrail.analysis.results",
    # Problems
    "Problem": "papertrail.content.problems",
    "ContentError": "papertrail.content.problems",
    # The model
    "Content": "papertrail.content.model",
    "Story": "papertrail.content.model",
    "Entity": "papertrail.content.model",
    "Question": "papertrail.content.model",
    "Source": "papertrail.content.model",
    "Outlet": "papertrail.content.model",
    # Importing and exporting
    "import_one": "papertrail.importer.sources",
    "load_library": "papertrail.importer.sources",
    "export_site": "papertrail.tools.export",
}
__all__ = [
    "Analysis",
    "Built",
    "Checked",
    "Content",
    "ContentError",
    "Entity",
    "Outlet",
    "Problem",
    "Question",
    "RenderedPage",
    "SiteInfo",
    "Source",
    "Story",
    "__version__",
    "analyse",
    "build_search_bundle",
    "build_site",
    "check_content",
    "check_site",
    "export_site",
    "import_one",
    "load_library",
    "load_valid_content",
    "render_site",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from papertrail.analysis.results import Analysis, analyse
    from papertrail.build.pipeline import (
        Built,
        Checked,
        build_site,
        check_content,
        check_site,
        load_valid_content,
    )
    from papertrail.build.search import build_search_bundle
    from papertrail.content.model import Content, Entity, Outlet, Question, Source, Story
    from papertrail.content.problems import ContentError, Problem
    from papertrail.importer.sources import import_one, load_library
    from papertrail.render.pages import RenderedPage
    from papertrail.render.site import render_site
    from papertrail.render.structured import SiteInfo
    from papertrail.tools.export import export_site


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'papertrail' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
