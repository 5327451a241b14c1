"""``papertrail import``: cleaned articles become source files editors review.

Content is the editors': an existing source is never overwritten without
``--force`` (an editor may have corrected it), an article already imported (same
URL or same text) is reported and skipped, and a bad input writes nothing. Each
source keeps the input it was cleaned from beside it in ``sources/raw/`` (as text:
decoded to UTF-8 and its mojibake repaired, not the pasted bytes), so cleaning can be
redone and audited.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from papertrail.content.documents import MAX_FILE_BYTES, load_markdown_document
from papertrail.content.fields import is_valid_id
from papertrail.content.files import RAW_SOURCES_DIR, file_problem, first_link
from papertrail.content.model import Outlet
from papertrail.content.urls import url_problem
from papertrail.content.writing import write_all_or_none
from papertrail.importer.cleaning.article import CleanedArticle, clean_input
from papertrail.importer.cleaning.decoding import InputError, decode_input
from papertrail.importer.ids import short_source_id, source_id
from papertrail.importer.outlet_entries import (
    append_outlet,
    find_outlet,
    new_outlet,
    read_outlets_file,
    resolve_outlet,
)

log = logging.getLogger("mkdocs.plugins.papertrail")

RAW_SUFFIXES = {"wordpress": "json", "html": "html", "text": "txt"}


@dataclass
class Result:
    """What happened to one article of one input."""

    input: str
    status: str  # written, would-write, duplicate, error
    path: str | None = None
    id: str | None = None
    short_id: str | None = None  # offered when shorter than the id written
    article: CleanedArticle | None = None
    outlet: Outlet | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record ``--json`` prints."""
        a = self.article
        return {
            "input": self.input,
            "path": self.path,
            "id": self.id,
            "title": a.title if a else None,
            "standfirst": a.standfirst if a else None,
            "outlet": self.outlet.id if self.outlet else None,
            "outlet_name": self.outlet.name if self.outlet else None,
            "author": a.author if a else None,
            "published": a.published.isoformat() if a and a.published else None,
            "url": a.url if a else None,
            "rights": a.rights if a else None,
            "truncated": a.truncated if a else None,
            "text": a.body if a else None,
            "error": self.error,
        }


@dataclass
class Library:
    """The existing sources and outlets an import is checked against."""

    dest: Path
    outlets_file: Path
    outlets: dict[str, Outlet]
    by_url: dict[str, str]
    by_text: dict[str, str]
    new_outlets: dict[str, Outlet] = field(default_factory=dict)


def canonical_url(url: str) -> str:
    """A URL compared for duplicates: scheme, ``www.``, query, fragment and trailing slash ignored."""
    url = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    url = re.split(r"[?#]", url)[0]
    return url.rstrip("/")


def text_fingerprint(text: str) -> str:
    """A hash of the words of a text, so re-cleaned or re-wrapped copies still match."""
    words = re.findall(r"\w+", text.casefold())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def load_library(dest: Path, outlets_file: Path) -> Library:
    """Index the sources in ``dest`` by URL and text, and read the outlets."""
    outlets = read_outlets_file(outlets_file) if os.path.lexists(outlets_file) else {}
    by_url: dict[str, str] = {}
    by_text: dict[str, str] = {}
    if dest.is_dir():
        for path in sorted(dest.rglob("*.md")):
            if RAW_SOURCES_DIR in path.relative_to(dest).parts or file_problem(str(path), dest):
                continue  # `papertrail check` reports a pipe or a link out of content; never opened
            doc, _ = load_markdown_document(path, str(path))
            if doc is None:
                continue
            if isinstance(doc.data.get("url"), str):
                by_url[canonical_url(doc.data["url"])] = str(path)
            if doc.body.strip():
                by_text[text_fingerprint(doc.body)] = str(path)
    return Library(dest, outlets_file, outlets, by_url, by_text)


def source_file_text(article: CleanedArticle, outlet: Outlet, syndicated_from: str | None) -> str:
    """The source file: front matter with metadata, then the cleaned Markdown."""
    data: dict[str, Any] = {}
    if article.title:
        data["title"] = article.title
    if article.standfirst:
        data["standfirst"] = article.standfirst
    data["outlet"] = outlet.id
    if article.url:
        data["url"] = article.url
    if article.published is not None:
        data["published"] = article.published
    if article.author:
        data["author"] = article.author
    data["rights"] = article.rights
    if syndicated_from:
        data["syndicated_from"] = syndicated_from
    if article.truncated:
        data["truncated"] = True
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{article.body}"


def import_one(
    name: str,
    raw: bytes,
    library: Library,
    *,
    outlet: str | None = None,
    url: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    outlet_name: str | None = None,
    ident: str | None = None,
    short_id: bool = False,
) -> list[Result]:
    """Import one input (a file's bytes) into ``library.dest``.

    Args:
        outlet: ``--outlet``: the outlet's id (with ``outlet_name``, added if new).
        outlet_name: ``--outlet-name``: the outlet's name.
        ident: ``--id``: the source's id (one article only).
        short_id: ``--short-id``: write under the short id instead of the full one.

    Returns:
        One result per article (a WordPress list holds several). Errors are results
        too, never exceptions: one bad input must not stop the others.
    """
    if url is not None and (problem := url_problem(url)) is not None:
        return [Result(name, "error", error=f"--url {url[:80]!r} {problem}")]
    try:
        articles = clean_input(decode_input(raw))
    except InputError as exc:
        return [Result(name, "error", error=str(exc))]
    except Exception as exc:  # the batch goes on: see _unexpected
        return [Result(name, "error", error=_unexpected(exc))]
    if ident is not None and not is_valid_id(ident):
        return [
            Result(
                name, "error", error=f"--id '{ident}' is not an id: use lowercase letters, digits and hyphens"
            )
        ]
    if ident is not None and len(articles) > 1:
        return [
            Result(
                name, "error", error=f"--id names one source, and this input holds {len(articles)} articles"
            )
        ]
    results = []
    options = _Options(outlet, outlet_name, ident, short_id, force, dry_run)
    for article in articles:
        if url is not None:
            article = replace(article, url=url)
        try:
            results.append(_import_article(name, article, library, options))
        except InputError as exc:
            results.append(Result(name, "error", article=article, error=str(exc)))
        except OSError as exc:
            results.append(Result(name, "error", article=article, error=f"cannot write: {exc}"))
        except Exception as exc:  # the batch goes on: see _unexpected
            results.append(Result(name, "error", article=article, error=_unexpected(exc)))
    return results


def _unexpected(exc: Exception) -> str:
    """The error line for a failure no rule foresaw.

    Inputs come from anywhere, and one that trips a library (lxml, trafilatura) must
    cost only its own line: the inputs after it are still imported. The exception's
    type is kept so the case can be reported and turned into a rule of its own.
    """
    log.debug("unexpected failure while importing", exc_info=exc)
    return f"could not be cleaned ({type(exc).__name__}: {exc}); nothing written for it, please report it"


@dataclass(frozen=True)
class _Options:
    outlet: str | None
    outlet_name: str | None
    ident: str | None
    short_id: bool
    force: bool
    dry_run: bool


def _import_article(name: str, article: CleanedArticle, library: Library, options: _Options) -> Result:
    force, dry_run = options.force, options.dry_run
    known = {**library.outlets, **library.new_outlets}
    outlet = resolve_outlet(article, known, options.outlet, options.outlet_name)
    syndicated = None
    if article.syndicated_from:
        original = find_outlet(article.syndicated_from, None, known) or new_outlet(
            article.syndicated_from, None, known
        )
        if original.id != outlet.id:
            syndicated = original
    full, short = source_id(outlet.id, article), short_source_id(outlet.id, article)
    ident = options.ident or (short if options.short_id else full)
    path = library.dest / f"{ident}.md"
    result = Result(
        name,
        "would-write" if dry_run else "written",
        str(path),
        ident,
        short if len(short) < len(ident) else None,
        article,
        outlet,
        warnings=list(article.warnings),
    )
    duplicate = library.by_url.get(canonical_url(article.url)) if article.url else None
    duplicate = duplicate or library.by_text.get(text_fingerprint(article.body))
    if duplicate and not (force and Path(duplicate) == path):
        result.status = "duplicate"
        result.path = duplicate
        result.warnings.append(f"already imported as {duplicate}; nothing written")
        return result
    raw_path = library.dest / RAW_SOURCES_DIR / f"{ident}.{RAW_SUFFIXES[article.format]}"
    for target in (path, raw_path):
        check_target(target, library.dest)
        if os.path.lexists(target) and not force:
            raise InputError(f"{target} exists and may have been edited; use --force to replace it")
    new = [o for o in (outlet, syndicated) if o is not None and o.id not in library.outlets]
    text = source_file_text(article, outlet, syndicated.id if syndicated else None)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise InputError(
            f"the cleaned article is {len(text.encode('utf-8')) / 1024 / 1024:.1f} MB, and a source file "
            f"holds at most {MAX_FILE_BYTES // 1024 // 1024} MB (papertrail check would refuse it): "
            "is this one article? Import it on its own, or cut what is not the article"
        )
    if dry_run:
        return result
    # Both or neither: a source without its raw copy cannot be cleaned again, and a raw
    # copy without its source blocks the next import of the same article.
    write_all_or_none({raw_path: article.raw, path: text})
    for entry in new:
        if entry.id not in library.new_outlets:
            append_outlet(library.outlets_file, entry)
            library.new_outlets[entry.id] = entry
            result.warnings.append(
                f"added outlet '{entry.id}' ({entry.name}) to {library.outlets_file}; check its details"
                + ("" if entry.country else "; it has no country: add country: (where it publishes from)")
            )
    if article.url:
        library.by_url[canonical_url(article.url)] = str(path)
    library.by_text[text_fingerprint(article.body)] = str(path)
    return result


def check_target(target: Path, dest: Path) -> None:
    """Refuse to write ``target`` unless it lies in ``dest`` itself, through no link.

    ``content/sources/raw`` as a link to a folder elsewhere made the importer write
    outside the repository; a source file that is a link would be replaced by a file
    (with ``--force``) while its target stayed as it was.

    Raises:
        InputError: Saying which link to replace with a real folder or file.
    """
    if not target.is_relative_to(dest):
        raise InputError(f"{target} is outside {dest}: nothing written")
    link = dest if os.path.islink(dest) else first_link(dest, target)
    if link == target:
        raise InputError(f"{target} is a link; the importer never writes through links: remove it first")
    if link is not None:
        raise InputError(f"{link} is a link; the importer writes only into real folders: make it a folder")
