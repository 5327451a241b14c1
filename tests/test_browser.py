"""The built site in headless Chromium, as readers use it: desktop and phone."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from papertrail.build.pipeline import check_content
from papertrail.render.prose import typographic
from tests.browser import BROWSER_ARGS, find_browser, serious_violations, serve_directory
from tests.conftest import SEED_CONTENT
from tests.htmlcheck import normalise
from tests.test_site_build import SEED_HEADINGS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
STORY = "stories/kim-jong-un-beijing-military-parade/"
OTHER_STORY = "stories/choe-son-hui-russia-visit/"
SECTIONS = SEED_HEADINGS  # the seeds' section order
# WCAG 2.2 target size (minimum): 24 by 24 CSS pixels for targets that are not inline in text.
MIN_TARGET = 24


@pytest.fixture(scope="module")
def base_url(seed_site: Path) -> Iterator[str]:
    with serve_directory(seed_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        yield instance
        instance.close()


class Watch:
    """Console errors, page errors and every request a page makes."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("response", lambda r: self.errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def foreign_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme in {"http", "https", "ws", "wss"} and urlsplit(u).hostname != "127.0.0.1"
        ]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def audit_tabs(browser: Browser) -> Iterator[dict[tuple[str, str], Page]]:
    """One tab per viewport and colour scheme, reused by the accessibility audits."""
    contexts = {
        (viewport, scheme): browser.new_context(viewport=size, color_scheme=scheme)  # type: ignore[arg-type]
        for viewport, size in (("desktop", DESKTOP), ("phone", PHONE))
        for scheme in ("light", "dark")
    }
    yield {key: context.new_page() for key, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


def all_pages(site: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(site)).replace(".", "") + "/" if p.parent != site else ""
        for p in site.rglob("index.html")
    )


# Story pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [STORY, OTHER_STORY])
def test_story_sections_are_visible_in_order(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    headings = page.locator("article h2")
    texts = [normalise(h.inner_text().replace("¶", "")) for h in headings.all() if h.is_visible()]
    positions = [texts.index(s) for s in SECTIONS]
    assert positions == sorted(positions), texts
    boxes = [page.locator("article h2", has_text=typographic(s)).first.bounding_box() for s in SECTIONS]
    assert all(b is not None for b in boxes)
    assert [b["y"] for b in boxes if b] == sorted(b["y"] for b in boxes if b)


def test_papers_items_cite_their_articles(page: Page, base_url: str) -> None:
    content, _ = check_content(SEED_CONTENT)
    story = content.stories["kim-jong-un-beijing-military-parade"]
    page.goto(base_url + STORY)
    blocks = page.locator(".pt-paper")
    assert blocks.count() == len({content.sources[p.source].outlet for p in story.papers})
    assert blocks.first.locator(".pt-paper__outlet").inner_text().startswith("South China Morning Post")
    first = content.sources[story.papers[0].source]
    blocks.first.locator(".pt-cite a", has_text="About this source").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/outlets/scmp/#source-{first.id}")
    entry = page.locator(f"#source-{first.id}")
    assert entry.is_visible()
    assert "Kim Jong-un joins Xi and Putin" in entry.inner_text()


def test_a_cited_source_with_an_address_is_linked_from_its_papers_item(page: Page, base_url: str) -> None:
    content, _ = check_content(SEED_CONTENT)
    cited = [
        (story, content.sources[item.source])
        for story in content.stories.values()
        for item in story.papers
        if content.sources[item.source].url and content.sources[item.source].title
    ]
    assert cited, "the seed content should cite at least one source with an address"
    for story, source in cited:
        page.goto(base_url + f"stories/{story.id}/")
        link = page.locator(".pt-cite__headline a", has_text=source.title or "")
        assert link.count() == 1, (story.id, source.id)
        assert link.get_attribute("href") == source.url
        meta = link.locator("xpath=ancestor::div[@class='pt-cite']").locator(".pt-cite__meta").inner_text()
        if source.syndicated_from:  # whose article it is, and where this copy came from
            original = content.outlets[source.syndicated_from].name
            assert meta.startswith(f"{original}, via {content.outlets[source.outlet].name}")


def test_go_deeper_lists_questions_that_open_with_the_full_answer(page: Page, base_url: str) -> None:
    content, _ = check_content(SEED_CONTENT)
    story = content.stories["kim-jong-un-beijing-military-parade"]
    page.goto(base_url + STORY)
    first = page.locator("#go-deeper + .pt-questions > li")
    rest = page.locator("#go-deeper + .pt-questions + details.pt-rest")
    hidden = rest.locator(".pt-questions > li")
    # The first few in full, the rest behind one tap: every question is there.
    assert first.count() > 0 and first.count() + hidden.count() == len(story.questions)
    if hidden.count():
        assert not hidden.first.is_visible()
        rest.locator("summary").click()
        assert hidden.first.is_visible()
    assert page.locator("#go-deeper + .grid.cards").count() == 0  # a compact list, not cards
    item = first.nth(first.count() - 1)
    title = item.locator("a").first.inner_text()
    item.locator("a").first.click()
    page.wait_for_load_state()
    assert "/questions/" in page.url
    assert page.locator("h1").inner_text().rstrip("¶") == title
    question = next(q for q in content.questions.values() if page.url.endswith(f"/questions/{q.id}/"))
    last_paragraph = [p for p in question.body.split("\n\n") if p.strip()][-1]
    assert normalise(last_paragraph)[:60] in normalise(page.locator("article").inner_text())


def open_the_rest(page: Page) -> None:
    """Open every list's "N more" (the rest of Go deeper, of the topics)."""
    closed = page.locator("details.pt-rest:not([open]) > summary")
    while closed.count():
        closed.first.click()


def test_glossary_cards_open_their_topic_pages(page: Page, base_url: str) -> None:
    page.goto(base_url + STORY)
    open_the_rest(page)
    card = page.locator(".pt-article .grid.cards li").filter(has_text="Beijing").first
    card.locator("a", has_text="Beijing").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/topics/beijing/")
    assert "capital of the People's Republic of China" in normalise(page.locator("article").inner_text())


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_entity_mention_shows_its_blurb_as_a_tooltip(page: Page, base_url: str, how: str) -> None:
    page.goto(base_url + OTHER_STORY)
    mention = page.locator('article a[href*="topics/choe-son-hui"]').first
    assert mention.inner_text() == "Choe Son Hui"
    if how == "hover":
        mention.hover()
    else:
        page.keyboard.press("Tab")  # keyboard users: focus, not a mouse
        mention.focus()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=3000)
    assert "Choe Son-hui is a senior North Korean diplomat" in tooltip.inner_text()


def test_palette_toggle_switches_and_persists(page: Page, base_url: str) -> None:
    page.goto(base_url)
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = body.get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    page.goto(base_url + STORY)
    assert body.get_attribute("data-md-color-scheme") == after


def test_no_console_errors_and_no_request_leaves_localhost(
    browser: Browser, base_url: str, seed_site: Path
) -> None:
    paths = all_pages(seed_site)
    assert len(paths) > 30
    context = browser.new_context(viewport=DESKTOP)
    # Six tabs at a time: each page is still followed until its network is idle
    # (nothing may be fetched late from elsewhere), but the waits overlap.
    tabs = [context.new_page() for _ in range(6)]
    watches = [Watch(tab) for tab in tabs]
    for start in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[start : start + len(tabs)], strict=False))
        for tab, path in batch:
            tab.goto(base_url + path, wait_until="commit")
        for tab, _path in batch:
            tab.wait_for_load_state("networkidle")
    context.close()
    assert [e for w in watches for e in w.errors] == []
    assert [u for w in watches for u in w.foreign_requests()] == []
    requests = [u for w in watches for u in w.requests]
    assert len(requests) > len(paths)  # the pages' own assets were requested and recorded
    assert {base_url + p for p in paths} <= set(requests)  # every page was visited


# Phone -----------------------------------------------------------------------------------


def test_no_page_scrolls_sideways_on_a_phone(phone: Page, base_url: str, seed_site: Path) -> None:
    wide = []
    for path in all_pages(seed_site):
        phone.goto(base_url + path)
        overflow = phone.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide.append(f"{path}: {overflow}px")
    assert wide == []


def test_tap_targets_are_big_enough_on_a_phone(phone: Page, base_url: str) -> None:
    small = []
    for path in ["", STORY, "topics/kim-jong-un/", "questions/why-did-kim-jong-un-visit-beijing-now/"]:
        phone.goto(base_url + path)
        # Targets that stand alone (not links inside a sentence, which WCAG exempts).
        found = phone.evaluate(
            """(min) => [...document.querySelectorAll('a, button, label[for], input')]
                .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))
                .filter(e => !(e.tagName === 'A' && e.closest('p, li, td, figcaption, blockquote')
                               && e.closest('p, li, td, figcaption, blockquote').innerText.trim() !== e.innerText.trim()))
                .map(e => ({e, r: e.getBoundingClientRect()}))
                .filter(({r}) => r.width > 0 && r.height > 0 && (r.width < min || r.height < min))
                .map(({e, r}) => `${e.tagName} "${(e.innerText || e.getAttribute('aria-label') || e.title || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)""",
            MIN_TARGET,
        )
        small += [f"{path or 'home'}: {item}" for item in found]
    assert small == []


def test_phone_navigation_opens_and_leads_to_a_section(phone: Page, base_url: str) -> None:
    phone.goto(base_url + STORY)
    phone.locator("label.md-header__button[for=__drawer]").click()
    topics = phone.locator(".md-nav--primary .md-nav__link", has_text="Topics").first
    topics.wait_for(state="visible")
    topics.click()
    phone.wait_for_load_state()
    assert phone.url.endswith("/topics/")
    assert phone.locator("h1").inner_text().rstrip("¶") == "Topics"


# Accessibility ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "",
        "stories/",
        STORY,
        "topics/kim-jong-un/",
        "questions/why-did-kim-jong-un-visit-beijing-now/",
        "outlets/scmp/",
        "404.html",
    ],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_serious_or_critical_accessibility_violations(
    audit_tabs: dict[tuple[str, str], Page],
    base_url: str,
    path: str,
    scheme: Literal["light", "dark"],
    viewport: str,
) -> None:
    page = audit_tabs[viewport, scheme]
    page.goto(base_url + path)
    # The palette really is the one asked for (Material follows the reader's setting).
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    violations = serious_violations(page)
    assert violations == []


# Reading layout ------------------------------------------------------------------------------


def test_story_pages_have_no_navigation_column_and_a_reading_width(page: Page, base_url: str) -> None:
    page.goto(base_url + STORY)
    sidebar = page.locator(".md-sidebar--primary")
    assert sidebar.count() == 0 or not sidebar.first.is_visible() or sidebar.first.bounding_box() is None
    article = page.locator("article.md-content__inner").bounding_box()
    assert article is not None
    # About 70 characters a line: between 55 and 85 of the body text's average width.
    chars = page.evaluate(
        """() => {
            const p = [...document.querySelectorAll("article p")].sort(
                (a, b) => b.textContent.length - a.textContent.length)[0];
            const style = getComputedStyle(p);
            const canvas = document.createElement("canvas").getContext("2d");
            canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const sample = "the quick brown fox jumps over the lazy dog and keeps on running ";
            return p.clientWidth / (canvas.measureText(sample).width / sample.length);
        }"""
    )
    assert 55 <= chars <= 85, chars
    # Centred in the space left of the table of contents: no empty column on one side only.
    toc = page.locator(".md-sidebar--secondary").bounding_box()
    assert toc is not None
    left_gap = article["x"]
    right_gap = toc["x"] - (article["x"] + article["width"])
    assert left_gap > 0 and right_gap > 0


def test_phone_body_text_is_at_least_17px(phone: Page, base_url: str) -> None:
    for path in (STORY, "topics/kim-jong-un/", "questions/why-did-kim-jong-un-visit-beijing-now/"):
        phone.goto(base_url + path)
        # The body text: the page's longest paragraph.
        size = phone.evaluate(
            """() => parseFloat(getComputedStyle([...document.querySelectorAll("article p")].sort(
                (a, b) => b.textContent.length - a.textContent.length)[0]).fontSize)"""
        )
        assert size >= 17, (path, size)


def test_phone_jump_bar_leads_to_each_section(phone: Page, base_url: str) -> None:
    phone.goto(base_url + STORY)
    bar = phone.locator("nav.pt-jump")
    assert bar.is_visible()
    labels = [normalise(a.inner_text()) for a in bar.locator("a").all()]
    # Every section of the story, in page order.
    assert labels == [
        "What's happened",
        "Behind the headline",
        "Papers",
        "How we got here",
        "Go deeper",
        "Topics",
    ]
    for link in bar.locator("a").all()[1:]:
        target = link.get_attribute("href")
        assert target and target.startswith("#")
        link.scroll_into_view_if_needed()
        link.click()
        phone.wait_for_timeout(300)
        heading = phone.locator(target)
        box = heading.bounding_box()
        assert box is not None and 0 <= box["y"] < 844 / 2, (target, box)
        # The bar stays in view under the header while the story scrolls, and the heading
        # lands below it, not under it.
        bar_box = bar.bounding_box()
        assert bar_box is not None and 0 <= bar_box["y"] < 120
        assert box["y"] >= bar_box["y"] + bar_box["height"] - 1, (target, box, bar_box)


def test_jump_bar_is_hidden_on_a_desktop(page: Page, base_url: str) -> None:
    page.goto(base_url + STORY)
    assert not page.locator("nav.pt-jump").is_visible()


def test_last_updated_only_where_an_editor_said_so(page: Page, base_url: str) -> None:
    content, _ = check_content(SEED_CONTENT)
    for story in content.stories.values():
        page.goto(base_url + f"stories/{story.id}/")
        dateline = page.locator(".pt-dateline").inner_text()
        assert ("Last updated" in dateline) == (story.modified is not None), story.id


def test_not_found_page_offers_search_and_the_latest_stories(page: Page, base_url: str) -> None:
    content, _ = check_content(SEED_CONTENT)
    page.goto(base_url + "404.html")
    assert page.locator("h1").inner_text().startswith("Page not found")
    latest = page.locator("article li a")
    newest = content.stories_newest_first[0]
    assert normalise(latest.first.inner_text()) == normalise(newest.title)
    page.locator("label[for='__search']", has_text="Search the site").click()
    assert page.locator(".md-search__input").is_visible()
    page.keyboard.press("Escape")  # the search closes; the page is there again
    latest.first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/stories/{newest.id}/")


def test_story_page_source_reads_as_an_explainer(page: Page, base_url: str) -> None:
    page.goto(base_url + STORY)
    dateline = page.locator(".pt-dateline").inner_text()
    assert re.search(
        r"^Published 3 September 2025 · \d+ outlets quoted, from \d+ countries( · \d+ further sources?)?$",
        dateline,
    )


def test_phone_jump_bar_marks_the_section_being_read(phone: Page, base_url: str) -> None:
    phone.goto(base_url + STORY)
    bar = phone.locator("nav.pt-jump")
    links = bar.locator("a").all()
    assert len(links) > 3
    for link in (links[3], links[1], links[-1]):
        target = link.get_attribute("href") or ""
        phone.locator(target).scroll_into_view_if_needed()
        phone.evaluate("(id) => document.getElementById(id).scrollIntoView()", target[1:])
        phone.wait_for_function(
            "(href) => document.querySelector(`nav.pt-jump a[href='${href}']`)"
            ".getAttribute('aria-current') === 'location'",
            arg=target,
            timeout=5_000,
        )
        # Only that one is marked, and it is in view inside the bar, which scrolls sideways.
        assert [a.get_attribute("aria-current") for a in links].count("location") == 1
        box, bar_box = link.bounding_box(), bar.bounding_box()
        assert box is not None and bar_box is not None
        assert bar_box["x"] - 1 <= box["x"] and box["x"] + box["width"] <= bar_box["x"] + bar_box["width"] + 1


def test_a_phone_shows_topics_and_questions_condensed(phone: Page, page: Page, base_url: str) -> None:
    """On a phone a story page is mostly the story: each topic is its name and one line
    of its blurb, each Go deeper question its title; a wide screen shows them whole."""
    phone.goto(base_url + STORY)
    open_the_rest(phone)
    blurbs = phone.locator(".pt-article .grid.cards li > hr + p").all()
    assert blurbs
    for blurb in blurbs:
        assert blurb.is_visible()
        line = float(blurb.evaluate("p => parseFloat(getComputedStyle(p).lineHeight)"))
        box = blurb.bounding_box()
        assert box is not None and box["height"] <= line * 1.5, box
    leads = phone.locator(".pt-questions__lead").all()
    assert leads and not any(lead.is_visible() for lead in leads)
    page.goto(base_url + STORY)
    open_the_rest(page)
    assert all(lead.is_visible() for lead in page.locator(".pt-questions__lead").all())
    wide = page.locator(".pt-article .grid.cards li > hr + p").first.bounding_box()
    assert wide is not None and wide["height"] > 0


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_byline_leads_to_the_authors_page_and_back(
    page: Page, phone: Page, base_url: str, viewport: str
) -> None:
    """Under the headline: the type of work, then who wrote the story, linked to a page
    that says who they are and lists the story."""
    reader = phone if viewport == "phone" else page
    content, _ = check_content(SEED_CONTENT)
    story = content.stories["kim-jong-un-beijing-military-parade"]
    author = content.authors[story.by[0]]
    reader.goto(base_url + STORY)
    label, headline = reader.locator(".pt-label"), reader.locator("h1#headline")
    byline = reader.locator(".pt-byline")
    assert label.is_visible() and byline.is_visible()
    boxes = [b.bounding_box() for b in (label, headline, byline)]
    assert all(boxes) and boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # type: ignore[index]
    assert normalise(byline.inner_text()).startswith(f"By {author.name}")
    byline.locator("a", has_text=author.name).click()
    reader.wait_for_load_state()
    assert reader.url.endswith(f"/authors/{author.id}/")
    assert reader.locator("h1").inner_text().rstrip("¶") == author.name
    listed = reader.locator("article a", has_text=typographic(story.title))
    assert listed.count() == 1
    listed.click()
    reader.wait_for_load_state()
    assert reader.url.endswith("/" + STORY)


def test_a_shared_story_names_a_card_image_the_site_serves(page: Page, base_url: str) -> None:
    """What a sharing platform reads from the page: the card's absolute address, its
    size and alt text; the image there is a 1200 by 630 JPEG."""
    page.goto(base_url + STORY)

    def meta(name: str) -> str | None:
        return page.locator(f'meta[property="{name}"], meta[name="{name}"]').first.get_attribute("content")

    address = meta("og:image")
    assert address is not None and urlsplit(address).scheme in {"http", "https"}
    assert (meta("og:image:width"), meta("og:image:height"), meta("twitter:card")) == (
        "1200",
        "630",
        "summary_large_image",
    )
    assert meta("og:image:alt")
    # The site is built for its own address; served here from another port, same path.
    response = page.request.get(base_url + urlsplit(address).path.lstrip("/"))
    assert response.ok and response.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.body())) as card:
        assert card.size == (1200, 630)
