"""The MkDocs adapter: load, validate, and write the finished pages through the theme.

This and the other modules of :mod:`papertrail.mkdocs` (the pages written through the
theme, their stored outputs, the standards, cards and web editor among the files, the
search, the preview's server, the options) are the only modules that import the
engine (MkDocs 1.6, or ProperDocs answering for it).
Everything here is glue: read the plugin's options, call the engine-free core, list
the pages it renders among MkDocs' files (nothing is written into ``docs/``) so that
links and the navigation find them, and write them through the theme's templates on
every core once MkDocs has read ``docs/`` (see :mod:`papertrail.mkdocs.theme_pages`).
MkDocs renders and holds only the hand-written pages of ``docs/``.

Generated pages are HTML made by the core's autoescaping templates; Python-Markdown
never parses them (it used to, and ``{ onclick=… }`` in a title became an attribute).
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import secrets
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Literal

import jinja2
import properdocs.replacement_warning
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from papertrail.analysis.publishing import BuildTimeError, build_time
from papertrail.build.pipeline import build_site
from papertrail.build.search_preview import BackgroundIndexer
from papertrail.build.shards import SHARD_VARIABLE, Shard, ShardError, read_shard
from papertrail.content.cache import BuildCache
from papertrail.content.collector import PreviewCollector
from papertrail.content.model import Content
from papertrail.content.problems import ContentError
from papertrail.mkdocs.card_files import add_cards, configure_brand, publisher_logo
from papertrail.mkdocs.engine_support import CompiledTemplates
from papertrail.mkdocs.page_outputs import OutputKeys, PageOutputs, site_digest
from papertrail.mkdocs.plugin_caches import PluginCaches
from papertrail.mkdocs.preview_files import KeptFiles
from papertrail.mkdocs.preview_server import (
    ContentWatch,
    editor_api_url,
    guard_preview,
    refuse_docs_files,
    stop_as_ctrl_c,
)
from papertrail.mkdocs.settings import PapertrailConfig
from papertrail.mkdocs.site_search import SiteSearch
from papertrail.mkdocs.sitemap_file import Sitemap, write_sitemap
from papertrail.mkdocs.standards_files import add_standards
from papertrail.mkdocs.theme_pages import PageJob, WriteCounts, write_generated
from papertrail.mkdocs.web_editor_files import add_web_editor
from papertrail.render import SITE_FEED, RenderedPage
from papertrail.render.brand import check_brand_colour
from papertrail.render.card_text import CardFont
from papertrail.render.indexes import latest_stories
from papertrail.render.pages import theme_meta
from papertrail.render.site import (
    REQUIRED_EXTENSIONS,
    STORY_SCRIPT,
    STYLESHEET,
    Asset,
    search_script,
    story_script,
    stylesheet,
)
from papertrail.render.structured import SiteInfo

# As ProperDocs asks of plugins: run from the `mkdocs` command, the build says once that
# MkDocs 1.x is abandoned and ProperDocs continues it (DISABLE_MKDOCS_2_WARNING=true
# silences it). `make serve` and `make build` run ProperDocs, which never says it.
properdocs.replacement_warning.setup()

log: logging.LoggerAdapter[logging.Logger] = get_plugin_logger(__name__.split(".")[0])


class PapertrailPlugin(BasePlugin[PapertrailConfig]):
    """Generates story, topic, question, source, outlet and index pages from ``content/``."""

    def __init__(self) -> None:
        self.is_serve = False
        self.content_root = Path("content")
        self.site = SiteInfo()
        self.caches = PluginCaches()  # the build cache, page outputs and cards (plugin_caches.py)
        self.is_dirty = False
        self.compiled_templates = CompiledTemplates()
        self.generated: dict[str, RenderedPage] = {}
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.files: Files | None = None
        self.counts = WriteCounts()  # what the last build did with generated pages
        self.brand: Asset | None = None  # the brand colour's stylesheet
        self.card_font: CardFont | None = None  # the newsroom's font for cards (card_text.py)
        self.own: frozenset[str] | None = None  # the generated pages a shard build writes
        self.search = SiteSearch()
        self.sitemap: Sitemap | None = None  # the last build's, for a preview's reload
        self.watch = ContentWatch()
        self.placed_cards: dict[str, Path] = {}  # what the last build put in the site
        # Each content file's edit link, as seen from the docs folder they were made for.
        self._edit_links: tuple[str, dict[str, str]] = ("", {})
        self.kept = KeptFiles()  # a preview's page files and feeds, for its next build
        self.keys = OutputKeys()
        self.collector = PreviewCollector()  # kept off the time a reload waits (content/collector.py)
        self.shard: Shard | None = None

    @property
    def build_cache(self) -> BuildCache | None:
        """Parsed files and derived work kept between builds (None: not caching)."""
        return self.caches.build

    @property
    def outputs(self) -> PageOutputs | None:
        """The theme's output of each generated page, kept between builds."""
        return self.caches.outputs

    @property
    def indexer(self) -> BackgroundIndexer | None:
        """The preview's search indexer (for tests that wait for it)."""
        return self.search.indexer

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        self.is_dirty = dirty
        if (self.kept.preview, self.kept.dirty) != (self.is_serve, dirty):
            self.kept = KeptFiles(self.is_serve, dirty)
        # The web editor's API path under this preview: only its own pages learn it.
        self.editor_secret = secrets.token_urlsafe(32)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.content_root = (project / self.config.content_dir).resolve()
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if STORY_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(STORY_SCRIPT)
        self.search.configure(config, self.config.search, self.config.search_shard_pages)
        self.brand, self.card_font = configure_brand(
            config, self.config.brand_colour, self.config.card_font, project
        )
        # Our template override sits just above the theme, below a project's custom_dir.
        templates = str(resources.files("papertrail").joinpath("theme/overrides"))
        if templates not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
        if not config.repo_url:
            # Local builds have no repository (PAPERTRAIL_REPO_URL unset): no edit links,
            # rather than MkDocs warning (and --strict failing) on every page.
            config.edit_uri = None
        try:
            build_time()  # a PAPERTRAIL_NOW that is not a time stops the build here, in one line
            self.shard = read_shard(os.environ.get(SHARD_VARIABLE))
        except (BuildTimeError, ShardError) as error:
            raise PluginError(str(error)) from None
        if self.shard is not None and not (self.is_dirty and not self.is_serve):
            raise PluginError(
                f"papertrail: {SHARD_VARIABLE} builds one shard of the pages, which MkDocs' --dirty mode "
                "makes it skip the others: run `properdocs build --dirty` (see the README, *Performance*)"
            )
        if self.is_serve:
            # Watched from the first build on: that build looks at every file, the
            # next is told which changed (mkdocs/preview_server.py).
            self.watch.start(self.content_root)
        self.site = SiteInfo(config.site_name, config.site_url or None, config.use_directory_urls)
        if self.site.url:
            config.extra["papertrail_feed"] = SITE_FEED
        self.caches.configure(project, self.config.cache_dir if self.config.cache else None)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # In build(), so that a build that fails reaches on_build_error (an on_config
        # that fails does not, and would leave the collector off).
        if self.is_serve:
            self.collector.build_starts()

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        project = Path(config.config_file_path).parent
        refuse_docs_files(files, config, serve=self.is_serve)
        # A preview's watch names the content files changed since the last build.
        changed = self.watch.take()
        if self.build_cache is not None:
            self.build_cache.begin(changed)
        self.site = add_standards(files, config, self.config.newsroom, self.site)
        self.site = replace(self.site, logo=publisher_logo(config))
        built = build_site(
            self.content_root,
            self.site,
            base=project,
            cache=self.build_cache,
            preview=self.is_serve,
            # A preview keeps what it derives between reloads in this process (render_workers.py).
            workers=1 if self.is_serve else self.config.workers,
            shard=self.shard.holds if self.shard is not None else None,
            docs=Path(config.docs_dir),
        )
        self.own = built.own
        if built.checked.errors and not self.is_serve:
            raise PluginError(str(ContentError(built.checked.problems)))
        # Content warnings are advice (a listed entity never mentioned): shown, but at
        # INFO so that `mkdocs build --strict` fails on errors and broken links only.
        for problem in built.checked.problems:
            (log.error if problem.is_error else log.info)(str(problem))
        self._add_generated(files, config, built.pages, built.shown)
        colour = check_brand_colour(self.config.brand_colour) if self.config.brand_colour else None
        # A build (not a preview) needs the content no more once its pages exist: its cache
        # is saved and let go, and the content with it (a third of the build's memory at
        # 5,000 stories), while the workers draw the cards (0.8 s at 5,000 stories, after
        # the cards, in which the other core waited).
        let_go = (
            self.caches.let_go_of_the_build_cache
            if self.build_cache is not None and not self.is_serve
            else None
        )
        drawn = add_cards(
            files,
            config,
            built.shown,
            self.caches.cards,
            colour=colour,
            font=self.card_font,
            workers=self.config.workers,
            own=self.own,
            dirty=self.is_dirty and self.is_serve,
            placed=self.placed_cards,
            present=self.kept.present,
            cache=self.build_cache,
            meanwhile=let_go,
        )
        log.debug("sharing cards drawn: %d", drawn)
        # The footer links the editors' guide when docs/ has one (it is not in the tabs).
        guide = files.get_file_from_path("editors.md")
        config.extra["papertrail_editors_guide"] = guide.url if guide is not None else None
        # For the theme's 404 page (theme/overrides/404.html): it is not a generated page.
        config.extra["papertrail_latest"] = [
            {"title": s.name, "url": s.href} for s in latest_stories(built.shown, self.site)
        ]
        self.kept.add_feeds(files, config, built.feeds)
        if self.config.web_editor:
            local_url = editor_api_url(config, self.editor_secret) if self.is_serve else None
            add_web_editor(files, config, built.checked.content, self.config, local_url=local_url)
        if self.shard is not None:
            # Workaround of MkDocs internals, for a shard build (build/shards.py): MkDocs'
            # --dirty mode skips the pages of docs/ that say they are unmodified, so every
            # one of another shard says so; they stay in the build, so links to them
            # resolve. Of the generated pages only this shard's are rendered (and home and
            # the indexes: the navigation names them) and written.
            for file in files.documentation_pages():
                file.is_modified = functools.partial(self.shard.holds, file.src_uri)  # type: ignore[method-assign]
        return files

    def _add_generated(
        self, files: Files, config: MkDocsConfig, pages: list[RenderedPage], content: Content
    ) -> None:
        # src_uris, not get_file_from_path: our paths are POSIX already, and making a
        # PurePath of each of 13,000 was a tenth of a reload at 5,000 stories.
        known = files.src_uris
        clashes = [p.path for p in pages if p.path in known]
        if clashes:
            raise PluginError(
                "papertrail: these files in docs/ clash with generated pages; rename or remove them: "
                + ", ".join(f"docs/{c}" for c in clashes)
            )
        project = Path(config.config_file_path).parent
        # "Edit this page" opens the content file (edit_uri is relative to docs/).
        to_project = posixpath.relpath(project.as_posix(), Path(config.docs_dir).as_posix())
        self.generated = {page.path: page for page in pages}
        if self._edit_links[0] != to_project:
            self._edit_links = (to_project, {})
        links = self._edit_links[1]  # by content file: 13,000 paths made on each reload otherwise
        edits = [
            (
                page.path,
                None
                if page.origin is None
                else links.get(page.origin)
                or links.setdefault(page.origin, posixpath.normpath(posixpath.join(to_project, page.origin))),
            )
            for page in pages
        ]
        # Written by the plugin itself once MkDocs has read docs/ (see on_env).
        for file in self.kept.page_files(config, edits):
            files.append(file)
        if self.config.search and not self.is_serve and self.shard is None:
            self.search.index_ahead(self.generated, files, config, self.caches.folder)
        assets = [stylesheet(), story_script(), *([search_script()] if self.config.search else [])]
        for asset in [*assets, self.brand] if self.brand else assets:
            if files.get_file_from_path(asset.path) is None:
                files.append(File.generated(config, asset.path, content=asset.text))
        log.debug("generated %d pages from %d stories", len(pages), len(content.stories))

    @event_priority(-100)  # after every other plugin changed the navigation
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        for page in nav.pages:
            generated = self.generated.get(page.file.src_uri)
            if generated is not None:
                # MkDocs never reads a generated page (theme_pages.GeneratedFile): its
                # navigation entry takes its title from the page's metadata, as when read.
                page.markdown = ""
                page.meta = theme_meta(generated)
        self.nav = nav
        if self.outputs is not None:
            self.outputs.begin(site_digest(config, nav))
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # MkDocs makes a new template environment every build, so Material's templates
        # were compiled again on every preview reload (~0.4 s); keep the compiled code.
        if env.bytecode_cache is None:
            env.bytecode_cache = self.compiled_templates
        assert self.nav is not None, "on_nav ran"
        self._write_generated(env, config, files, self.nav)
        self.env, self.files = env, files  # for the sitemap, once MkDocs has written its own
        return env

    def _write_generated(
        self, env: jinja2.Environment, config: MkDocsConfig, files: Files, nav: Navigation
    ) -> None:
        """Write the generated pages through the theme (theme_pages.py)."""
        job = PageJob(config, env, nav, files, (), self.outputs, files.documentation_pages())
        self.counts = write_generated(
            self.generated.values(),
            job,
            self.keys,
            site=self.outputs.site if self.outputs is not None else "",
            own=self.own,
            dirty=self.is_dirty,
            present=self.kept.present,
            workers=self.config.workers,
            # What search needs of each page written, for a build's index at its end (a
            # preview indexes in a process of its own, which reads the site).
            files_written=None if self.is_serve else self.search.pages_written(),
        )
        log.debug("generated pages: %s", self.counts)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Search indexes the written pages meanwhile (a shard's search is made when merging).
        indexed = (
            self.search.start_index(config, self.is_serve)
            if self.config.search and self.shard is None
            else None
        )
        try:
            if self.generated and self.nav is not None and self.env is not None:
                files = self.files
                assert files is not None
                self.sitemap = write_sitemap(config, self.env, self.nav, files, self.sitemap)
            self.env, self.files = None, None
            if self.outputs is not None:
                self.outputs.commit()
                if self.build_cache is not None:
                    self.build_cache.sweep()
                if not self.is_serve:
                    self.caches.save(self.outputs)
        finally:
            if indexed is not None:
                indexed()
        if self.is_serve:
            self.collector.build_ended()

    def on_build_error(self, *, error: Exception) -> None:
        self.env, self.files = None, None
        self.search.close_ahead()
        if self.is_serve:
            self.collector.build_failed()

    def on_shutdown(self) -> None:
        self.caches.cards.close()
        self.search.close()
        self.watch.stop()
        self.collector.close()
        if self.is_serve:
            self.caches.save(self.build_cache)
            self.caches.save(self.outputs)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        # Editors edit content/, not docs/: every change there rebuilds and reloads.
        self.watch.attach(server, self.content_root)
        guard_preview(server, config, self.editor_secret, bool(self.config.web_editor))
        stop_as_ctrl_c()
        return server
