"""MkDocs adapter: the web editor's files (``/admin/``) handed to MkDocs as generated files.

The core (:mod:`papertrail.tools.web_editor`) writes the page and its configuration from the
schema; this module adds them, and copies Decap CMS's vendored scripts, as files of
the build, so that ``mkdocs serve`` serves them and ``mkdocs build`` writes them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from papertrail.content.model import Content
from papertrail.tools.web_editor import (
    ADMIN_DIR,
    SCRIPT,
    YAML_FOLDER,
    EditorSettings,
    render_web_editor,
    repo_of,
)

log = logging.getLogger("mkdocs.plugins.papertrail")


class EditorOptions(Protocol):
    """The plugin's ``web_editor*`` options (see ``PapertrailConfig``)."""

    web_editor: str  # the folder `cms/vendor.py` copies Decap's scripts into
    web_editor_auth_url: str  # the OAuth endpoint for the GitHub backend ("" for none)


def add_web_editor(
    files: Files, config: MkDocsConfig, content: Content, options: EditorOptions, *, local_url: str | None
) -> None:
    """Add ``/admin/`` to ``files``: the page, ``config.yml`` and Decap's scripts.

    Args:
        local_url: Under ``mkdocs serve``, the preview's editor API (the working copy is
            edited through it); None for a build (pull requests on GitHub).
    """
    project = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    vendored = project / options.web_editor
    installed = (vendored / SCRIPT).is_file()
    if not installed:
        # Not a warning: test and scratch builds have no vendored editor and are right
        # to build. The page at /admin/ says how to install it.
        log.info("papertrail: web editor not vendored at %s; run `make cms` for /admin/", vendored)
    settings = EditorSettings(
        repo=repo_of(config.repo_url),
        auth_url=options.web_editor_auth_url or None,
        local_url=local_url,
        installed=installed,
    )
    for asset in render_web_editor(content, settings, config.site_name):
        files.append(File.generated(config, asset.path, content=asset.text))
    scripts = [*vendored.glob("*.js"), *vendored.glob(f"{YAML_FOLDER}/*.js")] if installed else []
    for script in sorted(scripts):
        path = script.relative_to(vendored).as_posix()
        files.append(File.generated(config, f"{ADMIN_DIR}/{path}", abs_src_path=str(script)))
