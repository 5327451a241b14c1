"""``make screenshots``: PNGs of the main page kinds at desktop and phone sizes.

Writes ``screenshots/<page>-<size>.png`` (git-ignored) from a fresh strict build, in
light and dark, for a person to look at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import BROWSER_ARGS, find_browser, serve_directory

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "story": "stories/kim-jong-un-beijing-military-parade/",
    "entity": "topics/kim-jong-un/",
    "question": "questions/why-did-kim-jong-un-visit-beijing-now/",
}
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def main() -> int:
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
                str(ROOT / "mkdocs.yml"),
                "-d",
                str(site),
            ],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        with serve_directory(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
            for scheme in ("light", "dark"):
                for size, viewport in SIZES.items():
                    context = browser.new_context(
                        viewport=viewport, color_scheme=scheme, device_scale_factor=1
                    )
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(base + path, wait_until="networkidle")
                        target = out / f"{name}-{size}{'-dark' if scheme == 'dark' else ''}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target.relative_to(ROOT))
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
