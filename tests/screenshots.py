"""``make screenshots``: PNGs of the main page kinds at desktop and phone sizes.

Writes ``screenshots/<page>-<size>.png`` (git-ignored) from a fresh strict build, in
light and dark, for a person to look at. ``--project DIR`` builds another project
(its ``mkdocs.yml`` and ``content/``): a newsroom's, or a copy with a story no test
knows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from papertrail.analysis.publishing import build_time, find_held, without_held
from papertrail.build.pipeline import check_content
from tests.browser import BROWSER_ARGS, find_browser, serve_directory

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pages_to_show(project: Path = ROOT) -> dict[str, str]:
    """Home, the stories index, the 404 page, the newest published story, its first
    author, topic, question and cited outlet."""
    content, _ = check_content(project / "content", project)
    content = without_held(content, find_held(content, build_time()))
    pages = {"home": "", "stories": "stories/", "not-found": "404.html"}
    story = next(iter(content.stories_newest_first), None)
    if story is not None:
        pages["story"] = f"stories/{story.id}/"
        if story.by:
            pages["author"] = f"authors/{story.by[0]}/"
        if story.entities:
            pages["entity"] = f"topics/{story.entities[0]}/"
        if story.questions:
            pages["question"] = f"questions/{story.questions[0]}/"
        cited = [content.sources[p.source] for p in story.papers if p.source in content.sources]
        if cited:
            pages["outlet"] = f"outlets/{cited[0].outlet}/"
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="the project to build (default: this one)")
    project = parser.parse_args().project.resolve()
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-q",
                "-f",
                str(project / "mkdocs.yml"),
                "-d",
                str(site),
            ],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        )
        with serve_directory(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
            for scheme in ("light", "dark"):
                for size, viewport in SIZES.items():
                    context = browser.new_context(
                        viewport=viewport, color_scheme=scheme, device_scale_factor=1
                    )
                    page = context.new_page()
                    for name, path in pages_to_show(project).items():
                        page.goto(base + path, wait_until="networkidle")
                        page.wait_for_timeout(800)  # Material fades the header's tabs in
                        target = out / f"{name}-{size}{'-dark' if scheme == 'dark' else ''}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target.relative_to(ROOT))
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
