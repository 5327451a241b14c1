"""What a reader downloads and what the site weighs; prints figures, asserts nothing.

    .venv/bin/python bench/reader.py SITE [--query "The Northport Herald"] [--page stories/x/]

Opens one story page in headless Chromium as a reader would, then searches once (typing
at a reader's pace), and adds up the bytes of every response (as served, before any
gzip a host adds). Also the site's size on disk, its largest HTML page, and its search
bundle. bench/build.py calls :func:`measure` for each corpus size.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.browser import BROWSER_ARGS, find_browser, serve_directory  # noqa: E402


def site_size(site: Path) -> dict[str, Any]:
    """Bytes on disk: the whole site, its search bundle, and its largest HTML page."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html" and "admin" not in p.relative_to(site).parts]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "bundle_bytes": sum(p.stat().st_size for p in files if p.relative_to(site).parts[0] == "pagefind"),
        "pages": len(pages),
        "largest_html": largest.stat().st_size,
        "largest_html_path": largest.relative_to(site).as_posix(),
    }


def reader_bytes(site: Path, page: str, query: str) -> dict[str, Any]:
    """Bytes a reader downloads opening ``page`` then searching ``query`` once."""
    from playwright.sync_api import sync_playwright

    sizes: list[tuple[str, int]] = []
    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.on("response", lambda r: sizes.append((r.url, len(r.body()) if r.ok else 0)))
        tab.goto(base + page)
        tab.wait_for_load_state("networkidle")
        on_page = sum(size for _, size in sizes)
        tab.locator(".md-search__input").click()
        tab.keyboard.type(query, delay=120)  # a reader's pace: each pause is a search
        tab.locator(".md-search-result__item").first.wait_for(timeout=60_000)
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(500)
        results = tab.locator(".md-search-result__meta").inner_text()
        browser.close()
    total = sum(size for _, size in sizes)
    return {
        "page_bytes": on_page,
        "search_bytes": total - on_page,
        "reader_bytes": total,
        "requests": len(sizes),
        "results": results,
    }


def newest_story(site: Path) -> str:
    """The address of the newest story page (the one the stories index lists first)."""
    index = (site / "stories/index.html").read_text(encoding="utf-8")
    start = index.index('href="', index.index("<article")) + len('href="')
    return "stories/" + index[start : index.index('"', start)].lstrip("./")


def busiest_outlet_name(folder: Path) -> str:
    """The name of the outlet with the most sources in a corpus (the worst case for search)."""
    import yaml

    outlets = yaml.safe_load((folder / "content/outlets.yml").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for source in (folder / "content/sources").glob("*.md"):
        head = source.read_text(encoding="utf-8").split("\n---", 1)[0]
        for line in head.splitlines():
            if line.startswith("outlet: "):
                counts[line[8:].strip()] = counts.get(line[8:].strip(), 0) + 1
    return str(outlets[max(counts, key=lambda k: counts[k])]["name"])


def measure(folder: Path, site: Path, query: str | None = None) -> dict[str, Any]:
    """Everything above for a built corpus."""
    query = query or busiest_outlet_name(folder)
    figures = {"query": query, **site_size(site), **reader_bytes(site, newest_story(site), query)}
    shards = json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))
    figures["shards"] = 1 + len(shards.get("older", []))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="")
    parser.add_argument("--page", default="")
    args = parser.parse_args()
    site = args.site
    page = args.page or newest_story(site)
    query = args.query or busiest_outlet_name(site.parent)
    print(json.dumps({**site_size(site), **reader_bytes(site, page, query)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
