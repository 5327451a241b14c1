"""Feeds and JSON-LD (render/structured.py): made by real writers, never by concatenation."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from papertrail.build.pipeline import load_valid_content
from papertrail.render.structured import SiteInfo, render_atom, to_json_ld
from tests.conftest import SEED_CONTENT

ATOM = "{http://www.w3.org/2005/Atom}"


def test_json_ld_cannot_close_its_script_element() -> None:
    text = to_json_ld({"headline": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & more"


def test_atom_feed_is_well_formed_with_absolute_links_newest_first() -> None:
    content, _ = load_valid_content(SEED_CONTENT)
    site = SiteInfo("Newsroom & Co", "https://example.org/news/")
    text = render_atom("Newsroom & Co", "feed.xml", "index.md", content.stories_newest_first, content, site)
    assert text is not None
    feed = ElementTree.fromstring(text)
    assert feed.findtext(f"{ATOM}title") == "Newsroom & Co"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(content.stories)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert all(link.startswith("https://example.org/news/stories/") for link in links)
    updated = [e.findtext(f"{ATOM}published") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)


def test_no_feed_without_the_sites_address() -> None:
    content, _ = load_valid_content(SEED_CONTENT)
    assert (
        render_atom("x", "feed.xml", "index.md", content.stories_newest_first, content, SiteInfo("x")) is None
    )
