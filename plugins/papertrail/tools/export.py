"""``papertrail export DIR``: the generated site as an ordinary docs folder, for any engine.

The plugin needs an engine that runs third-party plugins (MkDocs 1.x, ProperDocs).
Zensical, Material's successor, runs none, and MkDocs 2 will run none: the export is
how the content outlives them. It writes, from the same pipeline as a build:

- ``docs/``: the project's hand-written pages, every generated page as Markdown (its
  front matter, then its finished HTML as a raw HTML block), the feeds, the sharing
  cards, the stylesheet;
- ``overrides/``: the theme templates the plugin adds (feeds and JSON-LD in ``<head>``,
  the footer, the 404 page);
- ``mkdocs.yml``: the project's configuration without the plugin, pointing at both,
  which Zensical, MkDocs and ProperDocs read as it is.

What an export cannot carry is listed in the README (*Engines*): live checking,
the preview's problem banners, drafts shown in preview, tables of contents of
generated pages, edit links to content files, the web editor, the build cache.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]

from papertrail.build.cards import CardStore, make_cards
from papertrail.build.pipeline import build_site
from papertrail.content.problems import ContentError
from papertrail.render.brand import DEFAULT_BRAND_COLOUR, BrandError, check_brand_colour
from papertrail.render.card_text import CardFontError, check_card_font
from papertrail.render.cards import DEFAULT_COLOUR, card_specs, logo_address
from papertrail.render.indexes import latest_stories
from papertrail.render.pages import front_matter
from papertrail.render.paths import SITE_FEED
from papertrail.render.site import REQUIRED_EXTENSIONS, STYLESHEET, stylesheet
from papertrail.render.structured import SiteInfo

# The generated folders: reached from index pages, never listed in the navigation.
GENERATED_FOLDERS = ("stories", "topics", "questions", "outlets", "sources")
# Templates left out: copies of Material partials (partials/), which Zensical's own
# differ from: with them its header broke apart.
_NOT_EXPORTED = {"partials"}


class ExportError(Exception):
    """The export cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    folder: Path
    pages: int
    files: int


class _EngineConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` as the engines do: ``!ENV`` values come from the environment."""


# `!ENV NAME` or `!ENV [NAME, OTHER, default]`, read by the library MkDocs itself reads
# it with (pyyaml_env_tag), so an export resolves a setting exactly as the build did.
_EngineConfigLoader.add_constructor("!ENV", construct_env_tag)


def load_engine_config(path: Path) -> dict[str, Any]:
    """The engine configuration at ``path`` (``mkdocs.yml``), ``!ENV`` values resolved."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_EngineConfigLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise ExportError(f"{path}: cannot read the configuration ({exc})") from None
    if not isinstance(data, dict):
        raise ExportError(f"{path}: expected a mapping of settings")
    return data


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    for entry in config.get("plugins") or []:
        if entry == "papertrail":
            return {}
        if isinstance(entry, dict) and "papertrail" in entry:
            return dict(entry["papertrail"] or {})
    raise ExportError("the configuration does not use the papertrail plugin: nothing to export")


def _without_plugin(plugins: list[Any]) -> list[Any]:
    return [p for p in plugins if p != "papertrail" and not (isinstance(p, dict) and "papertrail" in p)]


def export_site(project: Path, dest: Path, *, now: dt.datetime | None = None) -> Exported:
    """Write the site of ``project`` (its ``mkdocs.yml``, ``docs/`` and content) to ``dest``.

    Raises:
        ExportError: ``dest`` holds files already (nothing is overwritten), or the
            configuration cannot be read.
        ContentError: the content has errors (every problem listed).
    """
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportError(
            f"{dest} exists and is not empty: export into a new folder (nothing is overwritten)"
        )
    config = load_engine_config(project / "mkdocs.yml")
    options = _plugin_options(config)
    # File URLs (stories/x.html): the one style in which a link from a page's HTML means
    # the same to every engine. Zensical reads links in raw HTML as relative to the page's
    # Markdown file and rewrites them for directory URLs; MkDocs leaves them as written.
    # Under directory URLs the two disagree (stories/x.md is served at stories/x/); with
    # file URLs a page is served beside its file, so both read every link alike.
    site_url = config.get("site_url") or None
    site = SiteInfo(
        str(config.get("site_name") or "Papertrail"),
        site_url,
        False,
        logo=logo_address(site_url, _theme_logo(config)),
    )
    built = build_site(project / str(options.get("content_dir", "content")), site, base=project, now=now)
    if built.checked.errors:
        raise ContentError(built.checked.problems)
    files: dict[str, str] = {page.path: f"{front_matter(page)}\n{page.html}\n" for page in built.pages}
    files.update({asset.path: asset.text for asset in built.feeds})
    files[STYLESHEET] = stylesheet().text
    try:
        written = str(options.get("brand_colour", DEFAULT_BRAND_COLOUR))  # the plugin's default when unset
        colour = check_brand_colour(written) if written else None
        font = check_card_font(str(options["card_font"]), project) if options.get("card_font") else None
    except (BrandError, CardFontError) as error:
        raise ExportError(str(error)) from None
    specs = card_specs(
        built.shown, site.name, colour or DEFAULT_COLOUR, logo=not _theme_logo(config), font=font
    )
    store = CardStore()
    hand_written = project / str(config.get("docs_dir", "docs"))
    clashes = sorted(name for name in [*files, *specs] if (hand_written / name).exists())
    if clashes:  # found before anything is written
        raise ExportError("files in docs/ clash with generated ones; rename them: " + ", ".join(clashes))
    docs = dest / "docs"
    if hand_written.is_dir():
        shutil.copytree(hand_written, docs, dirs_exist_ok=True)
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    try:
        for name, card in make_cards(specs, store, workers=0).items():  # the cards the pages' <head> names
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(card, docs / name)
    finally:
        store.close()
    _copy_templates(dest / "overrides")
    theme = config.get("theme")
    own = theme.get("custom_dir") if isinstance(theme, dict) else None
    if own and (project / own).is_dir():
        # The project's own overrides win over ours, as they do under the plugin.
        shutil.copytree(project / own, dest / "overrides", dirs_exist_ok=True)
    latest = [{"title": s.name, "url": s.href} for s in latest_stories(built.shown, site)]
    exported = _engine_config(
        config, latest, has_feed=site.url is not None, search=options.get("search", True) is not False
    )
    text = yaml.safe_dump(exported, allow_unicode=True, sort_keys=False, width=100)
    header = "# Written by `papertrail export`: the site as plain pages, for any engine (no plugin).\n"
    (dest / "mkdocs.yml").write_text(header + text, encoding="utf-8")
    return Exported(dest, len(built.pages), len(files) + len(specs))


def _theme_logo(config: dict[str, Any]) -> str | None:
    theme = config.get("theme")
    return str(theme["logo"]) if isinstance(theme, dict) and theme.get("logo") else None


def _copy_templates(folder: Path) -> None:
    templates = resources.files("papertrail").joinpath("theme/overrides")
    for entry in templates.iterdir():
        if entry.name not in _NOT_EXPORTED and entry.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")


def _engine_config(
    config: dict[str, Any], latest: list[dict[str, str]], *, has_feed: bool, search: bool = True
) -> dict[str, Any]:
    """The project's configuration for the exported folder: no plugin, our templates and CSS."""
    # No repository link: Material's would ask GitHub's API for stars from every reader's
    # browser (the plugin's header shows none; partials are not exported).
    dropped = {"plugins", "docs_dir", "site_dir", "repo_url", "repo_name"}
    exported = {k: v for k, v in config.items() if k not in dropped}
    theme = dict(config.get("theme") or {"name": "material"})
    theme["custom_dir"] = "overrides"
    exported["theme"] = theme
    # Edit links would open generated files that are not in the repository.
    exported["edit_uri"] = ""
    exported["use_directory_urls"] = False
    exported["extra_css"] = [STYLESHEET, *(c for c in config.get("extra_css") or [] if c != STYLESHEET)]
    extra = dict(config.get("extra") or {})
    extra["papertrail_latest"] = latest
    if has_feed:
        extra["papertrail_feed"] = SITE_FEED
    exported["extra"] = extra
    extensions = list(config.get("markdown_extensions") or [])
    for name in REQUIRED_EXTENSIONS:
        if not any(e == name or (isinstance(e, dict) and name in e) for e in extensions):
            extensions.append(name)
    exported["markdown_extensions"] = extensions
    plugins = _without_plugin(list(config.get("plugins") or []))
    if search and not any(p == "search" or (isinstance(p, dict) and "search" in p) for p in plugins):
        # Papertrail's search runs only under the plugin (build/search.py); an export
        # searches with the engine's own (Zensical's, or Material's under MkDocs).
        plugins.append("search")
    exported["plugins"] = plugins
    exported["not_in_nav"] = "\n".join(f"/{folder}/**" for folder in GENERATED_FOLDERS) + "\n"
    return exported
