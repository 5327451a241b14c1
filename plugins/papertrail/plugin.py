"""The MkDocs adapter: load, validate, and hand generated pages to MkDocs.

This is the only module that imports MkDocs. Everything it does is glue: read the
plugin's options, call the engine-free core, and register the pages it renders as
``File.generated`` files (nothing is written into ``docs/``).
"""

from __future__ import annotations

import logging
import posixpath
from importlib import resources
from pathlib import Path
from typing import Literal

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from papertrail.history import last_changes
from papertrail.model import Content
from papertrail.problems import ContentError, Problem, sort_problems
from papertrail.publishing import build_time, find_held, without_held
from papertrail.rendering import HOME_PATH, SITE_FEED, Page, prepend_notice, render_feeds, render_site
from papertrail.structured import SiteInfo
from papertrail.validation import check_content

log: logging.LoggerAdapter[logging.Logger] = get_plugin_logger(__name__.split(".")[0])

STYLESHEET = "assets/stylesheets/papertrail.css"
# Generated pages rely on these: grid cards and our blocks are HTML with Markdown
# inside, and the serve-mode problem banner is an admonition.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "admonition")


class PapertrailConfig(Config):
    """Options under ``plugins: - papertrail:`` in ``mkdocs.yml``."""

    content_dir = config_options.Type(str, default="content")


class PapertrailPlugin(BasePlugin[PapertrailConfig]):
    """Generates story, topic, question, source, outlet and index pages from ``content/``."""

    def __init__(self) -> None:
        self.is_serve = False
        self.content_root = Path("content")
        self.site = SiteInfo()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.content_root = (project / self.config.content_dir).resolve()
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        # Our template override sits just above the theme, below a project's custom_dir.
        templates = str(resources.files("papertrail").joinpath("templates"))
        if templates not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
        if not config.repo_url:
            # Local builds have no repository (PAPERTRAIL_REPO_URL unset): no edit links,
            # rather than MkDocs warning (and --strict failing) on every page.
            config.edit_uri = None
        self.site = SiteInfo(config.site_name, config.site_url or None, config.use_directory_urls)
        if self.site.url:
            config.extra["papertrail_feed"] = SITE_FEED
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        project = Path(config.config_file_path).parent
        now = build_time()
        content, problems = check_content(self.content_root, project, now)
        errors = [p for p in problems if p.is_error]
        if errors and not self.is_serve:
            raise PluginError(str(ContentError(problems)))
        # Content warnings are advice (a listed entity never mentioned): shown, but at
        # INFO so that `mkdocs build --strict` fails on errors and broken links only.
        for problem in sort_problems(problems):
            (log.error if problem.is_error else log.info)(str(problem))
        held = find_held(content, now)
        if self.is_serve:
            shown = content  # preview shows drafts and embargoed stories, with a banner
        else:
            shown, held = without_held(content, held), {}
        changes = last_changes(self.content_root)
        last_changed = {
            s.path: changes[when]
            for s in shown.stories.values()
            if (when := (project / s.path).resolve()) in changes
        }
        pages = render_site(shown, self.site, held=held, last_changed=last_changed)
        if errors:
            pages = _with_problem_banner(pages, errors)
        self._add_generated(files, config, pages, shown)
        for asset in render_feeds(shown, self.site):
            files.append(File.generated(config, asset.path, content=asset.text))
        return files

    def _add_generated(self, files: Files, config: MkDocsConfig, pages: list[Page], content: Content) -> None:
        clashes = [p.path for p in pages if files.get_file_from_path(p.path) is not None]
        if clashes:
            raise PluginError(
                "papertrail: these files in docs/ clash with generated pages; rename or remove them: "
                + ", ".join(f"docs/{c}" for c in clashes)
            )
        project = Path(config.config_file_path).parent
        docs = Path(config.docs_dir)
        for page in pages:
            # NOT_IN_NAV: pages are reached from index pages, not listed in the sidebar.
            file = File.generated(
                config, page.path, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
            if page.origin is not None:
                # "Edit this page" opens the content file (edit_uri is relative to docs/).
                file.edit_uri = posixpath.relpath((project / page.origin).as_posix(), docs.as_posix())
            files.append(file)
        css = resources.files("papertrail").joinpath("assets/papertrail.css").read_text(encoding="utf-8")
        if files.get_file_from_path(STYLESHEET) is None:
            files.append(File.generated(config, STYLESHEET, content=css))
        log.debug("generated %d pages from %d stories", len(pages), len(content.stories))

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        # Editors edit content/, not docs/: every change there rebuilds and reloads.
        server.watch(str(self.content_root))
        return server


def _with_problem_banner(pages: list[Page], errors: list[Problem]) -> list[Page]:
    """In `mkdocs serve`, show content errors on the home page instead of stopping the preview."""
    listing = "\n".join(f"    - `{p}`" for p in sort_problems(errors))
    banner = f'!!! failure "Content has {len(errors)} problem(s); `mkdocs build` will fail"\n\n{listing}\n'
    return [prepend_notice(p, banner) if p.path == HOME_PATH else p for p in pages]
