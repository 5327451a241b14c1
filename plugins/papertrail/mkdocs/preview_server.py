"""MkDocs adapter: what guards the preview, and the docs/ files a site never takes.

Both stand between the engine and what a working copy holds: a request to the preview
from anywhere but its own page, and a file in ``docs/`` that is a link out of the
project, a pipe or a device (see :func:`papertrail.content.files.docs_problems`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files

from papertrail.content.files import docs_problems
from papertrail.content.problems import ContentError
from papertrail.tools.editor_backend import API_PREFIX, EditorBackend, Guard, preview_hosts
from papertrail.tools.web_editor import MEDIA_FOLDER, editable_folders

log = logging.getLogger("mkdocs.plugins.papertrail")


def preview_guard(config: MkDocsConfig, secret: str, backend: EditorBackend | None = None) -> Guard:
    """The checks every request to this preview passes (see :mod:`papertrail.tools.editor_backend`)."""
    hosts, origin = preview_hosts(str(config.dev_addr.host), int(config.dev_addr.port))
    return Guard(hosts, origin, secret, backend)


def editor_api_url(config: MkDocsConfig, secret: str) -> str:
    """Where the web editor's page sends its requests under this preview."""
    return preview_guard(config, secret).origin + API_PREFIX + secret


def guard_preview(server: LiveReloadServer, config: MkDocsConfig, secret: str, web_editor: bool) -> None:
    """Put the preview's application behind the guard, with the web editor's API if there is an editor.

    Engine internals (labelled): the preview server is a wsgiref ``WSGIServer``; its
    application is wrapped through ``WSGIServer``'s own ``get_app``/``set_app``, so that
    every request shows the preview's ``Host`` and the editor's API is answered here.
    """
    project = Path(config.config_file_path).resolve().parent
    backend = EditorBackend(project, editable_folders(), MEDIA_FOLDER) if web_editor else None
    app = server.get_app()
    if app is not None:
        server.set_app(preview_guard(config, secret, backend).wrap(app))


def refuse_docs_files(files: Files, config: MkDocsConfig, *, serve: bool) -> None:
    """Stop a build over a refused ``docs/`` file; a preview leaves the file out and says so.

    Raises:
        PluginError: In a build, listing every refused file.
    """
    project = Path(config.config_file_path).parent
    refused = docs_problems(Path(config.docs_dir), project, base=project)
    if refused and not serve:
        raise PluginError(str(ContentError(refused)))
    for problem in refused:
        log.error(str(problem))
        gone = project / problem.path
        for file in [f for f in files if Path(f.abs_src_path or "").is_relative_to(gone)]:
            files.remove(file)
