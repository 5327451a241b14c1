"""Hostile text in every field an editor writes or an import brings: always text, never markup.

A newsroom imports pages from anywhere, so the site is built from content whose every
field holds an attack (``PAYLOADS``): story, topic, question, source and outlet
fields, prose and plain text, and sources imported from hostile raw pages. The built
site is then audited as a browser would read it:

- inside every page's content area there is no script, style, frame or embed, no
  event-handler attribute and no ``javascript:``/``data:`` URL;
- the whole page has no script, style or handler the theme itself does not put on a
  clean page, and its JSON-LD parses as JSON (nothing closed the ``<script>``);
- every feed is well-formed XML, every search entry is inert;
- in Chromium, loading each page, hovering its tooltips and searching opens no dialog.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from tests.conftest import copy_project, mkdocs_build
from tests.htmlcheck import MarkupAudit, audit, dangerous_markup
from tests.searchfiles import search_records

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile-site")]  # its site is built once

# Known attacks and some made for this suite; each must come out as the text it is.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "Zed { onclick=alert(3) }",
    "{ tabindex=0 autofocus=autofocus onfocus=alert(4) }",
    "&quot;&gt;&lt;img src=x onerror=alert(5)&gt;",
    "&lt;img src=x onerror=alert(6)&gt;",
    "[click](javascript:alert(7))",
    "<svg/onload=alert(8)>",
    "</title><script>alert(9)</script>",
    '<pre class="mermaid">graph TD; A-->B</pre>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<a href="data:text/html,<script>alert(10)</script>">x</a>',
    "*x*{: onclick=alert(11)}",
    "]]></title><script>alert(12)</script>",
    "</script><script>alert(13)</script>",
    "{{ config.site_name }} {% raw %}",
    "<!-- <img src=x onerror=alert(14)> -->",
    "&#60;script&#62;alert(15)&#60;/script&#62;",
    "<details open ontoggle=alert(16)>",
    "`<b>` ' onmouseover='alert(17)",
    "<math><mtext><img src=x onerror=alert(18)></mtext></math>",
]
TEXT = " ".join(PAYLOADS)
ONE_LINE = TEXT.replace("\n", " ")


def _front(data: dict[str, object]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def hostile_content(root: Path) -> None:
    """A content folder whose every editor-written field carries the payloads."""
    for folder in ("stories", "entities", "questions", "sources"):
        (root / folder).mkdir(parents=True)
    (root / "outlets.yml").write_text(
        _front({"evil": {"name": f"Evil {ONE_LINE}", "url": "https://evil.example/", "country": ONE_LINE}}),
        encoding="utf-8",
    )
    (root / "entities/mallory.yml").write_text(
        _front(
            {
                "name": "Mallory Person",
                "kind": "person",
                "summary": f"Mallory is a person. {TEXT}",
                "aliases": ["Mallory", f"Mal {ONE_LINE[:900]}"],
                "wikipedia": "https://en.wikipedia.org/wiki/Mallory_(name)",
            }
        ),
        encoding="utf-8",
    )
    (root / "entities/zed.yml").write_text(
        _front({"name": f"Zed {ONE_LINE[:900]}", "kind": "place", "summary": TEXT}), encoding="utf-8"
    )
    (root / "questions/why-mallory.md").write_text(
        "---\n"
        + _front({"title": f"Why? {ONE_LINE[:900]}", "entities": ["mallory"]})
        + f"---\n\nMallory {TEXT}\n",
        encoding="utf-8",
    )
    (root / "sources/evil-article.md").write_text(
        "---\n"
        + _front(
            {
                "title": f"Headline {ONE_LINE[:900]}",
                "outlet": "evil",
                "url": "https://evil.example/article",
                "published": "2025-09-02",
                "author": ONE_LINE[:900],
                "rights": "CC-BY-4.0",
            }
        )
        + f"---\n\n{TEXT}\n\nMallory said it was a day of reckoning for everyone involved.\n",
        encoding="utf-8",
    )
    (root / "stories/mallory-story.md").write_text(
        "---\n"
        + _front(
            {
                "title": f"Mallory {ONE_LINE[:900]}",
                "published": "2025-09-03T10:00:00+00:00",
                "summary": ONE_LINE[:900],
                "entities": ["mallory", "zed"],
                "questions": ["why-mallory"],
                "papers": [
                    {"source": "evil-article", "says": f"Evil says Mallory did it. {TEXT}"},
                ],
                "papers_overall": TEXT,
                "corrections": [{"date": "2025-09-04", "text": ONE_LINE}],
            }
        )
        + f"---\n\n## What's happened\n\nMallory did it. {TEXT}\n\n"
        f"## What's behind the headline?\n\n{TEXT}\n\n## How we got here\n\n{TEXT}\n",
        encoding="utf-8",
    )


HOSTILE_PAGE = """<!doctype html><html><head>
<title>Imported headline {x} { tabindex=0 autofocus=autofocus onfocus=alert(20) }</title>
<meta property="og:site_name" content="Evil Times {x}">
<meta property="og:title" content="Imported headline &lt;svg/onload=alert(21)&gt;">
<meta name="author" content="&quot;&gt;&lt;img src=x onerror=alert(22)&gt;">
<meta property="og:url" content="https://evil-times.example/a)&lt;svg/onload=alert(23)&gt;">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "JSON-LD &lt;script&gt;alert(24)&lt;/script&gt;"}}</script>
</head><body><article><h1>Imported headline</h1>
<p onclick="alert(25)">The council met on Tuesday and agreed the budget after a long debate among members. {x}</p>
<p>Members said the plan <a href="javascript:alert(26)">would</a> protect services for another year at least.</p>
<p>Opposition members voted against it, saying the cuts to libraries went too far for residents.</p>
</article></body></html>"""


def import_hostile_sources(project: Path) -> None:
    """Import a hostile page and a hostile WordPress post into the project's content."""
    raw = project / "raw"
    raw.mkdir()
    (raw / "page.html").write_text(HOSTILE_PAGE.replace("{x}", PAYLOADS[0]), encoding="utf-8")
    post = {
        "title": {"rendered": f"WordPress {PAYLOADS[1]}"},
        "content": {"rendered": HOSTILE_PAGE.split("<body>")[1].replace("{x}", PAYLOADS[7])},
        "link": "https://wp-evil.example/post/",
        "yoast_head_json": {"og_site_name": f"WP Evil {PAYLOADS[2]}"},
        "_embedded": {"author": [{"name": PAYLOADS[4]}]},
    }
    (raw / "post.json").write_text(json.dumps(post), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "import", "raw/page.html", "raw/post.json"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    shutil.rmtree(project / "content")
    hostile_content(project / "content")
    import_hostile_sources(project)
    site = tmp_path_factory.mktemp("hostile-site")
    result = mkdocs_build(project, site, PAPERTRAIL_SITE_URL="https://news.example/")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def theme_elements(seed_site: Path) -> MarkupAudit:
    """What the theme itself puts on clean pages: the only scripts, styles and handlers allowed."""
    allowed = MarkupAudit()
    for page in seed_site.rglob("*.html"):
        found = audit(page.read_text(encoding="utf-8"))
        allowed.scripts += [s for s in found.scripts if ("type", "application/ld+json") not in s[0]]
        allowed.styles += found.styles
        allowed.handlers += found.handlers
    return allowed


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    return pages


def _content_area(html: str) -> str:
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start : html.index("</article>", start)]


def test_the_hostile_site_holds_the_payloads_as_text(hostile_site: Path) -> None:
    story = (hostile_site / "stories/mallory-story/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in story  # shown, as text
    assert "Zed { onclick=alert(3) }" in story
    imported = list((hostile_site / "sources").rglob("index.html"))
    assert imported, "the imported open-licence article should have a page"


def test_no_page_content_carries_markup_from_content(hostile_site: Path) -> None:
    for page in _pages(hostile_site):
        html = page.read_text(encoding="utf-8")
        if '<article class="md-content__inner md-typeset">' in html:
            assert dangerous_markup(_content_area(html)) == [], page.relative_to(hostile_site)


def test_no_page_has_a_script_style_or_handler_the_theme_did_not_put_there(
    hostile_site: Path, theme_elements: MarkupAudit
) -> None:
    allowed_scripts = {(attrs, text) for attrs, text in theme_elements.scripts}
    # The theme's inline config carries the page's own values; it is checked as JSON.
    for page in _pages(hostile_site):
        found = audit(page.read_text(encoding="utf-8"))
        where = page.relative_to(hostile_site)
        for attrs, text in found.scripts:
            if ("type", "application/ld+json") in attrs or ("id", "__config") in attrs:
                json.loads(text)  # nothing closed the element early
                continue
            assert (attrs, text) in allowed_scripts, (where, attrs, text[:80])
        assert set(found.styles) <= set(theme_elements.styles), where
        assert set(found.handlers) <= set(theme_elements.handlers), (where, found.handlers)
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert title is not None and "<" not in title.group(1), where


def test_feeds_are_well_formed_and_search_records_hold_payloads_as_text(hostile_site: Path) -> None:
    feeds = list(hostile_site.rglob("feed.xml"))
    assert feeds
    for feed in feeds:
        ElementTree.fromstring(feed.read_bytes())
    records = search_records(hostile_site)
    assert records
    # The pages escaped the payloads; the index holds what a reader read there: the
    # characters of the markup, as text (the dialog sets them with textContent).
    text = " ".join(r["content"] + " " + " ".join(r["meta"].values()) for r in records)
    assert "onerror=" in text
    for record in records:
        assert record["url"].startswith("/") and not record["url"].startswith("//"), record["url"]


def test_refused_urls_are_errors_naming_the_field(tmp_path: Path) -> None:
    root = tmp_path / "content"
    hostile_content(root)
    (root / "outlets.yml").write_text(
        "evil:\n  name: Evil\n  url: 'https://e.com/x)<svg/onload=alert(2)>'\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert (
        "content/outlets.yml:3: evil.url: error: 'https://e.com/x)<svg/onload=alert(2)>' holds the character '<'"
        in result.stderr
    )


# In the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dialogs_seen(hostile_site: Path) -> Iterator[list[str]]:
    from playwright.sync_api import sync_playwright

    from tests.browser import BROWSER_ARGS, find_browser, serve_directory

    seen: list[str] = []
    with serve_directory(hostile_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        context = browser.new_context()
        context.on(
            "dialog",
            lambda dialog: (
                seen.append(f"{dialog.page and dialog.page.url}: {dialog.message}"),
                dialog.dismiss(),
            ),
        )
        # Six tabs at a time, each followed until its network is idle (the waits overlap),
        # then every tooltip of each hovered.
        tabs = [context.new_page() for _ in range(6)]
        paths = _pages(hostile_site)
        for start in range(0, len(paths), len(tabs)):
            batch = list(zip(tabs, paths[start : start + len(tabs)], strict=False))
            for tab, path in batch:
                tab.goto(base + path.relative_to(hostile_site).as_posix(), wait_until="commit")
            for tab, _path in batch:
                tab.wait_for_load_state("networkidle")
                tab.bring_to_front()  # a background tab paints rarely: hovering there waits
                for target in tab.locator("article a[title], article abbr[title]").all()[:12]:
                    if target.is_visible():
                        target.hover()
                        tab.wait_for_timeout(50)
        page = tabs[0]
        page.goto(base)
        page.locator(".md-search__input").click()
        page.keyboard.type("alert")
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        # Results are built from the index as text: only the dialog's own elements, no
        # handler attributes, whatever the titles, summaries and excerpts held.
        built = page.eval_on_selector_all(
            ".md-search-result__list *",
            "els => els.map(e => [e.tagName.toLowerCase(), ...e.getAttributeNames()].join(' '))",
        )
        seen += [f"search result element: {e}" for e in built if not _SEARCH_RESULT_PARTS.fullmatch(e)]
        browser.close()
        yield seen


_SEARCH_RESULT_PARTS = re.compile(r"li class|a class href|article class|h1|p|mark|span class")


@pytest.mark.browser
def test_chromium_sees_no_dialog_on_any_page_tooltip_or_search(dialogs_seen: list[str]) -> None:
    assert dialogs_seen == []


def test_the_preview_problem_banner_shows_hostile_problems_as_text(tmp_path: Path) -> None:
    from papertrail.build.pipeline import build_site
    from papertrail.render.paths import HOME_PATH
    from papertrail.render.structured import SiteInfo

    root = tmp_path / "content"
    hostile_content(root)
    story = root / "stories/mallory-story.md"
    text = story.read_text(encoding="utf-8")
    keys = "'<img src=x onerror=alert(30)>': 1\n'</code><script>alert(31)</script>': 2\n"
    story.write_text(text.replace("---\n", "---\n" + keys, 1), encoding="utf-8")
    built = build_site(root, SiteInfo("Preview"), base=tmp_path, preview=True)
    assert built.checked.errors, "the hostile keys are unknown fields"
    home = next(p for p in built.pages if p.path == HOME_PATH).html
    assert "unknown field" in home and "&lt;img src=x onerror=alert(30)&gt;" in home
    assert dangerous_markup(home) == []
