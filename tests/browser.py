"""Browser helpers: the built site on 127.0.0.1 and headless Chromium driven by Playwright.

Playwright's own browser download does not work on these machines; the tests use the
system's Chromium (``make test`` installs Debian's package when none is found) or
Chrome, or the one ``PAPERTRAIL_BROWSER`` names.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BROWSER_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
# Where tests/setup_browser.sh unpacks Debian's chromium when the system's copy does not run.
PRIVATE_BROWSER = Path(__file__).resolve().parent.parent / ".cache/browser/usr/lib/chromium/chromium"
# Flags for a closed network: without the background-networking ones Chromium keeps
# trying to reach Google's hosts at start.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def find_browser() -> str:
    """The Chromium or Chrome to drive; fails clearly when there is none.

    ``make test`` sets ``PAPERTRAIL_BROWSER`` to what ``tests/setup_browser.sh`` found or
    installed; run directly, pytest looks where that script would.
    """
    named = os.environ.get("PAPERTRAIL_BROWSER")
    candidates = [named] if named else [*BROWSER_CANDIDATES, str(PRIVATE_BROWSER)]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium") or shutil.which("google-chrome")
    if found:
        return found
    raise RuntimeError(
        "no Chromium or Chrome found: run `make test` (it installs Debian's chromium) or set PAPERTRAIL_BROWSER"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on ``page``, each with where it is."""
    from axe_playwright_python.sync_playwright import Axe

    # WCAG AAA's 7:1 text contrast too (off in axe by default): readers of long
    # explainers on phones in daylight are who it is for.
    results = Axe().run(page, options={"rules": {"color-contrast-enhanced": {"enabled": True}}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
