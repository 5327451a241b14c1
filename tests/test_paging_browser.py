"""Lists that paginate, in the reader's browser: page numbers, newer and older, light and dark."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Literal

import pytest
from playwright.sync_api import Browser

from papertrail.render.paging import PAGE_SIZE
from tests.browser import serious_violations, serve_directory
from tests.conftest import ROOT, mkdocs_build
from tests.test_browser import DESKTOP, PHONE, browser  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A synthetic newsroom whose stories index and busiest topic take several pages."""
    folder = tmp_path_factory.mktemp("long") / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/make_corpus.py"), "--stories", "160", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    built = mkdocs_build(folder, folder / "site")
    assert built.returncode == 0, built.stderr
    with serve_directory(folder / "site") as url:
        yield url


def _busiest_topic(browser: Browser, base: str) -> str:  # noqa: F811
    """The address of the topic with the most stories (the topics index lists counts)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "topics/")
    best = max(
        page.eval_on_selector_all(
            "article p > a",
            "els => els.map(a => [a.getAttribute('href'), a.nextSibling ? a.nextSibling.textContent : ''])",
        ),
        key=lambda item: int("".join(c for c in item[1] if c.isdigit()) or 0),
    )
    context.close()
    return "topics/" + best[0].removeprefix("./")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stories_index_pages_step_newer_and_older(
    browser: Browser,  # noqa: F811
    long_site: str,
    scheme: Literal["light", "dark"],
) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.goto(long_site + "stories/")
    first = page.locator("article ul > li > a:first-child").all_inner_texts()
    assert len(first) == PAGE_SIZE
    pager = page.locator("nav.pt-pager")
    assert pager.locator("[aria-current=page]").inner_text() == "1"
    # The numbers sit in one row, as a pager does, not one under another.
    tops = pager.locator(".pt-pager__pages li").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().top)"
    )
    assert len(tops) > 1 and len(set(tops)) == 1, tops
    assert pager.locator("a[rel=prev]").count() == 0
    pager.locator("a[rel=next]").click()
    page.wait_for_url("**/stories/page/2/")
    second = page.locator("article ul > li > a:first-child").all_inner_texts()
    assert second and not set(second) & set(first)
    assert page.locator("nav.pt-pager [aria-current=page]").inner_text() == "2"
    page.locator("nav.pt-pager a[rel=prev]").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/stories"))
    serious = serious_violations(page)
    context.close()
    assert serious == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_page_two_of_a_topic_continues_its_stories(
    browser: Browser,  # noqa: F811
    long_site: str,
    scheme: Literal["light", "dark"],
    viewport: str,
) -> None:
    topic = _busiest_topic(browser, long_site)
    context = browser.new_context(viewport=DESKTOP if viewport == "desktop" else PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(long_site + topic)
    page.locator("nav.pt-pager a[aria-label='Page 2']").click()
    page.wait_for_url(f"**/{topic.rstrip('/')}/page/2/")
    assert "(page 2)" in page.locator("article h1").inner_text()
    assert page.locator(".pt-backlinks a").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    serious = serious_violations(page)
    context.close()
    assert serious == []
