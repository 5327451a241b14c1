"""`make serve` previews content edits: a change under content/ rebuilds and reloads the page.

The test does what the browser does: it reads the livereload script's epoch from the
served page, waits on ``/livereload/<epoch>/<id>`` like the script's long poll, edits a
story, and expects a newer epoch followed by the changed page. It runs the serve
command from the Makefile itself, so the flags that make live reload work with the
installed click (mkdocs/mkdocs#4032) are the ones tested.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

STORY = "content/stories/choe-son-hui-russia-visit.md"
PAGE = "stories/choe-son-hui-russia-visit/"


def makefile_engine() -> str:
    """The engine `make serve` runs (ProperDocs unless ENGINE says otherwise)."""
    match = re.search(r"^ENGINE \?= (\w+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert match, "Makefile names no ENGINE"
    return match.group(1)


def makefile_serve_args() -> list[str]:
    """The arguments `make serve` passes to the engine's `serve` (without the address)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"\$\(ENGINE\) serve([^\n]*)", makefile)
    assert match, "Makefile has no $(ENGINE) serve command"
    args = shlex.split(match.group(1).replace("$(ADDR)", "ADDR"))
    return [a for a in args if a not in {"--dev-addr", "ADDR"}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str, timeout: float = 30) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body: bytes = response.read()
        return body.decode("utf-8")


@contextlib.contextmanager
def serving(
    project: Path, tmp_path: Path, env: dict[str, str] | None = None, *, nohup: bool = False
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The preview of ``project`` as `make serve` runs it, once its page answers: its
    address and its process (stopped after, if it is still running).

    Started as from a terminal (SIGHUP at its default: the suite itself may run under
    nohup, which hands its children an ignored SIGHUP), or with ``nohup`` as under it.
    """

    def hangup() -> None:
        signal.signal(signal.SIGHUP, signal.SIG_IGN if nohup else signal.SIG_DFL)

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [
        sys.executable,
        "-m",
        makefile_engine(),
        "serve",
        *makefile_serve_args(),
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    # The preview's log goes to a file: a pipe nobody reads while the test runs could
    # fill up (each rebuild and each page a browser loads add lines) and stop the preview.
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        command,
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})},
        preexec_fn=hangup,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + PAGE, timeout=5)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    err = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
                    pytest.fail(f"mkdocs serve did not start: {err}")
                time.sleep(0.3)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        log.close()


@pytest.fixture
def served(project_copy: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with serving(project_copy, tmp_path) as (base, _):
        yield base, project_copy


def test_a_preview_killed_or_whose_terminal_closes_removes_its_copy_of_the_site(
    project_copy: Path, tmp_path: Path
) -> None:
    # MkDocs removes the site it previews from the temporary folder when Ctrl-C stops
    # it; stopped by kill (SIGTERM) or by its terminal closing (SIGHUP), it did not.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    for stop in (signal.SIGTERM, signal.SIGHUP):
        with serving(project_copy, tmp_path, {"TMPDIR": str(temporary)}) as (_, process):
            # The site being previewed (mkdocs_…, properdocs_…), and perhaps the cards'.
            assert any(temporary.glob(f"{makefile_engine()}_*"))
            process.send_signal(stop)
            process.wait(timeout=60)
        assert not any(temporary.glob(f"{makefile_engine()}_*")), stop


def test_a_preview_under_nohup_outlives_its_terminal(project_copy: Path, tmp_path: Path) -> None:
    # `nohup make serve` keeps previewing when the terminal closes: an ignored SIGHUP is
    # left ignored. The preview still rebuilds after it, then stops as Ctrl-C does.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with serving(project_copy, tmp_path, {"TMPDIR": str(temporary)}, nohup=True) as (base, process):
        process.send_signal(signal.SIGHUP)
        story = project_copy / STORY
        story.write_text(
            story.read_text(encoding="utf-8").replace("warm wishes", "warmest wishes", 1), encoding="utf-8"
        )
        deadline = time.monotonic() + 60
        while "warmest wishes" not in fetch(base + PAGE):
            assert process.poll() is None, "the preview stopped on SIGHUP under nohup"
            assert time.monotonic() < deadline, "the edit never showed"
            time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    assert not any(temporary.glob(f"{makefile_engine()}_*"))


def test_content_edit_rebuilds_and_reloads_the_page(served: tuple[str, Path]) -> None:
    base, project = served
    html = fetch(base + PAGE)
    script = re.search(r"livereload\((\d+), (\d+)\)", html)
    assert script, "the served page has no livereload script: the browser would never reload"
    epoch, request_id = script.groups()
    assert "passing on Kim Jong Un's warm wishes" in html

    answer: dict[str, str] = {}

    def long_poll() -> None:
        answer["epoch"] = fetch(f"{base}livereload/{epoch}/{request_id}", timeout=60)

    poller = threading.Thread(target=long_poll)
    poller.start()
    time.sleep(0.5)  # the poll is waiting, as the browser's would be
    story = project / STORY
    edited = story.read_text(encoding="utf-8").replace(
        "passing on Kim Jong Un's warm wishes", "passing on Kim Jong Un's very warm wishes"
    )
    story.write_text(edited, encoding="utf-8")
    poller.join(timeout=60)
    assert int(answer.get("epoch", "0")) > int(epoch), "the livereload poll did not report a rebuild"
    assert "passing on Kim Jong Un's very warm wishes" in fetch(base + PAGE)


def test_a_broken_edit_keeps_the_preview_running_and_shows_the_problem(served: tuple[str, Path]) -> None:
    base, project = served
    story = project / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("- ukraine\n", "- ukrain\n"), encoding="utf-8")
    deadline = time.monotonic() + 30
    while "unknown entity" not in (home := fetch(base)):
        assert time.monotonic() < deadline, "the problem never showed on the preview's home page"
        time.sleep(0.3)
    assert "entities[4]: error: unknown entity 'ukrain'" in html.unescape(home)
    assert "What’s happened" in html.unescape(fetch(base + PAGE))


def test_hostile_files_show_on_the_preview_and_never_stop_it(served: tuple[str, Path]) -> None:
    base, project = served
    bomb = "name: &a [lol, lol, lol]\n" + "".join(
        f"k{i}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    (project / "content/entities/bomb.yml").write_text(bomb, encoding="utf-8")
    os.mkfifo(project / "content/stories/pipe.md")  # reading it would block the rebuild forever
    deadline = time.monotonic() + 30
    while "YAML aliases" not in (home := fetch(base)) or "not an ordinary file" not in home:
        assert time.monotonic() < deadline, "the problems never showed on the preview's home page"
        time.sleep(0.3)
    assert "content/entities/bomb.yml:2" in home and "content/stories/pipe.md" in home
    assert "What’s happened" in html.unescape(fetch(base + PAGE))


def test_preview_shows_a_draft_story_with_its_banner(served: tuple[str, Path]) -> None:
    base, project = served
    story = (project / STORY).read_text(encoding="utf-8")
    draft = story.replace(
        "title: North Korea's foreign minister", "title: A draft on North Korea's foreign minister"
    ).replace("summary:", "draft: true\nsummary:", 1)
    (project / "content/stories/a-draft.md").write_text(draft, encoding="utf-8")
    deadline = time.monotonic() + 30
    while True:
        try:
            page = fetch(base + "stories/a-draft/")
            break
        except OSError:
            assert time.monotonic() < deadline, "the draft never appeared in the preview"
            time.sleep(0.3)
    assert "Draft: not published" in page
    assert "This page is shown in preview only" in page


def test_make_serve_with_its_port_in_use_says_so_and_how_to_choose_another() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        # The install steps are taken as done (-o): this is about what serve itself does.
        result = subprocess.run(
            ["make", "--no-print-directory", "-o", ".venv/.installed-serve", "-o", "cms/vendor/decap-cms/.integrity",
             "serve", f"ADDR=127.0.0.1:{port}"],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("make serve:")]
    assert f"port {port}" in line and "make serve ADDR=127.0.0.1:" in line
    assert "web editor:" not in result.stdout  # nothing was started


@pytest.mark.browser
def test_search_follows_an_edit_in_the_preview(served: tuple[str, Path]) -> None:
    """The preview indexes search after each reload (on a thread): a new word is found."""
    from playwright.sync_api import sync_playwright

    from tests.browser import BROWSER_ARGS, find_browser

    base, project = served
    story = project / STORY
    word = "Quillowbrack"  # in no dictionary and no other page
    story.write_text(
        story.read_text(encoding="utf-8").replace("warm wishes", f"warm {word} wishes", 1), encoding="utf-8"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        page = browser.new_page()
        # A timeout, not a speed: the indexer runs at low priority, and under the whole
        # suite on two cores (browsers and builds at full speed) it waits its turn.
        deadline = time.monotonic() + 180
        found: list[str] = []

        def on_the_page() -> bool:
            return any(h.rstrip("/").endswith(PAGE.rstrip("/")) for h in found)

        # Until the edited page is found: an index run still under way when the edit was
        # saved may publish the pages it read after the reload (the topic's, the author's)
        # before the next run indexes the story's own.
        while not on_the_page() and time.monotonic() < deadline:
            page.goto(base)  # a reader's reload after the preview's
            page.locator(".md-search__input").fill(word)
            page.wait_for_timeout(1500)
            found = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item a").all()]
        browser.close()
    assert on_the_page(), found
