"""Search in the reader's browser: Pagefind's bundle through the theme's search dialog."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from papertrail.analysis.results import analyse
from papertrail.build.pipeline import check_content
from papertrail.build.search import build_search_bundle
from papertrail.content.model import Content
from tests.browser import serious_violations, serve_directory
from tests.conftest import SEED_CONTENT
from tests.htmlcheck import normalise
from tests.test_browser import DESKTOP, PHONE, Watch, base_url, browser  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content() -> Content:
    checked, _ = check_content(SEED_CONTENT)
    return checked


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def search(page: Page, query: str, kind: str = "") -> list[str]:
    """Type ``query`` into the search box; the paths of the results shown for it."""
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    return results_for(page, query, kind)


def results_for(page: Page, query: str, kind: str = "") -> list[str]:
    """The paths of the results once the list answers ``query`` (narrowed to ``kind``)."""
    # A timeout, not a speed: once, under the whole suite on a slow run, loading the
    # index on a phone's tab took longer than 30 s.
    page.wait_for_function(
        "([query, kind]) => { const list = document.querySelector('.md-search-result__list');"
        " return list.dataset.query === query && list.dataset.kind === kind; }",
        arg=[query.strip(), kind],
        timeout=90_000,
    )
    results = page.locator(".md-search-result__list > .md-search-result__item > a")
    return [urlsplit(a.get_attribute("href") or "").path for a in results.all()]


def test_an_outlets_name_finds_its_page_and_its_stories_first(
    page: Page,
    base_url: str,  # noqa: F811
    content: Content,
) -> None:
    outlet = max(content.outlets.values(), key=lambda o: len(content.stories_citing_outlet(o.id)))
    citing = {s.id for s in content.stories_citing_outlet(outlet.id)}
    assert citing
    page.goto(base_url)
    found = search(page, outlet.name)
    first = found[: 1 + len(citing)]
    assert any(p.endswith(f"/outlets/{outlet.id}/") for p in first), found
    stories = [p for p in first if "/stories/" in p]
    assert stories, found
    assert {p.rstrip("/").rsplit("/", 1)[1] for p in stories} <= citing, found
    # A story's result shows its summary, not the start of its text.
    story = content.stories[stories[0].rstrip("/").rsplit("/", 1)[1]]
    item = page.locator(f'.md-search-result__item a[href$="/stories/{story.id}/"]')
    assert normalise(item.locator("article > p").first.inner_text()) == normalise(story.summary)


def test_words_of_a_quote_find_the_story(page: Page, base_url: str, content: Content) -> None:  # noqa: F811
    quotes = [
        q
        for checked in analyse(content).quote_checks.values()
        for q in checked[0]
        if len(q.text.split()) >= 3
    ]
    assert quotes
    quote = quotes[0]
    page.goto(base_url)
    assert any(p.endswith(f"/stories/{quote.story}/") for p in search(page, quote.text)), quote


def test_results_narrow_by_kind_and_back(page: Page, base_url: str, content: Content) -> None:  # noqa: F811
    entity = next(e for e in content.entities.values() if content.stories_by_entity.get(e.id))
    page.goto(base_url)
    everything = search(page, entity.name)
    assert any("/topics/" in p for p in everything) and any("/stories/" in p for p in everything)
    stories = page.locator('.pt-search-kinds button[data-kind="story"]')
    stories.click()
    narrowed = results_for(page, entity.name, "story")
    assert narrowed and all("/stories/" in p for p in narrowed), narrowed
    assert page.locator('.pt-search-kinds button[data-kind="story"]').get_attribute("aria-pressed") == "true"
    page.locator('.pt-search-kinds button[data-kind=""]').click()
    assert any("/topics/" in p for p in results_for(page, entity.name))


def test_keyboard_opens_search_moves_through_results_and_closes(
    page: Page,
    base_url: str,  # noqa: F811
    content: Content,
) -> None:
    story = next(iter(content.stories.values()))
    page.goto(base_url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    query = " ".join(story.title.split()[:2])
    page.keyboard.type(query)
    assert results_for(page, query)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_the_first_search_asks_the_newest_shard_and_older_ones_on_request(
    browser: Browser,  # noqa: F811
    seed_site: Path,
    content: Content,
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    shutil.copytree(seed_site, site)
    oldest = min(content.stories.values(), key=lambda s: s.published)
    # Shards of one page: the oldest story is in the last shard.
    bundle = build_search_bundle(site, shard_pages=1)
    assert bundle.shards == bundle.pages > 1
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    watch = Watch(tab)
    with serve_directory(site) as url:
        tab.goto(url)
        tab.locator(".md-search__input").click()
        tab.keyboard.type(oldest.title)
        first = results_for(tab, oldest.title)
        assert not any(h.endswith(f"/stories/{oldest.id}/") for h in first), first
        older = tab.locator(".pt-search-older")
        assert older.is_visible()
        asked_first = {u for u in watch.requests if "/pagefind/older/" in u}
        assert asked_first == set()
        older.click()
        tab.locator(f'.md-search-result__item a[href$="/stories/{oldest.id}/"]').wait_for(timeout=30_000)
    context.close()
    assert watch.errors == []
    assert watch.foreign_requests() == []  # Pagefind's files come from the site itself


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_dialog_with_results_has_no_serious_accessibility_violations(
    browser: Browser,  # noqa: F811
    base_url: str,  # noqa: F811
    content: Content,
    scheme: Literal["light", "dark"],
    viewport: str,
) -> None:
    context = browser.new_context(viewport=DESKTOP if viewport == "desktop" else PHONE, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(base_url)
    if viewport == "phone":
        tab.locator("label.md-header__button[for='__search']").click()
    found = search(tab, next(iter(content.outlets.values())).name)
    assert found
    assert tab.locator(".md-search__output").is_visible()
    violations = serious_violations(tab)
    context.close()
    assert violations == []


def test_search_works_where_the_site_is_served_under_a_folder(
    browser: Browser,  # noqa: F811
    seed_site: Path,
    content: Content,
    tmp_path: Path,
) -> None:
    """A GitHub Pages project site (/<repo>/) or a bucket's folder on another static host:
    the bundle and its results are found from the site's own root, not the host's."""
    shutil.copytree(seed_site, tmp_path / "host" / "news")
    story = next(iter(content.stories.values()))
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    watch = Watch(tab)
    with serve_directory(tmp_path / "host") as url:
        tab.goto(url + "news/" + f"stories/{story.id}/")
        found = search(tab, story.title)
    context.close()
    assert any(p == f"/news/stories/{story.id}/" for p in found), found
    assert watch.errors == []
    assert not [u for u in watch.requests if "/pagefind/" in u and "/news/pagefind/" not in u]
