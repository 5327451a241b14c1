"""The web editor at /admin/: its configuration is the schema, and it writes content
that passes `papertrail check` and shows in the preview.

The browser test runs what `make serve` runs (the preview, which is also the editor's
local backend) on a copy of the seed newsroom, and drives Decap CMS as an editor
would; another drives a page on a second local origin that tries to use that backend.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from papertrail.build.pipeline import check_content
from papertrail.content.model import STORY_SECTIONS
from papertrail.content.schema import SCHEMA, Field
from papertrail.tools.web_editor import EditorSettings, render_web_editor, repo_of, web_editor_config
from tests.browser import BROWSER_ARGS, find_browser
from tests.conftest import ROOT, SEED_CONTENT, copy_project
from tests.mkdocs.test_serve import free_port, makefile_engine, makefile_serve_args

VENDORED = ROOT / "cms" / "vendor" / "decap-cms"


def seed_content():  # type: ignore[no-untyped-def]
    content, _ = check_content(SEED_CONTENT, SEED_CONTENT.parent)
    return content


def test_repo_from_the_repository_address() -> None:
    assert repo_of("https://github.com/newsroom/papertrail") == "newsroom/papertrail"
    assert repo_of("https://github.com/newsroom/papertrail.git/") == "newsroom/papertrail"
    assert repo_of("") is None and repo_of("https://github.com/") is None


def _fields_by_name(fields: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f["name"]: f for f in fields}


def _same(spec: Field, widget: dict, content) -> None:  # type: ignore[no-untyped-def, type-arg]
    """One Decap field says what the schema says of its field."""
    assert widget["required"] is spec.required, spec.name
    if spec.type == "choice":
        assert (widget["widget"], widget["options"]) == ("select", list(spec.choices)), spec.name
    elif spec.type in {"id", "ids"}:
        assert widget["multiple"] is (spec.type == "ids"), spec.name
        if spec.target == "image":
            assert widget["widget"] == "select", spec.name
            assert sorted(o["value"] for o in widget["options"]) == sorted(content.images)
        elif spec.target in {"outlet", "author"}:
            listed = content.outlets if spec.target == "outlet" else content.authors
            assert listed  # the seed newsroom lists both
            assert [o["value"] for o in widget["options"]] == sorted(
                listed, key=lambda i: listed[i].name.casefold()
            )
        else:
            collection = {"entity": "entities", "question": "questions", "source": "sources"}[spec.target]
            assert (widget["widget"], widget["collection"], widget["value_field"]) == (
                "relation",
                collection,
                "{{slug}}",
            )
    elif spec.type == "items":
        items = _fields_by_name(widget["fields"])
        assert list(items) == [i.name for i in spec.items]
        for item in spec.items:
            _same(item, items[item.name], content)
    else:
        expected = {
            "line": "string",
            "text": "text",
            "names": "list",
            "url": "string",
            "date": "datetime",
            "timestamp": "datetime",
            "boolean": "boolean",
            "wikidata": "string",
        }
        assert widget["widget"] == expected[spec.type], spec.name


@pytest.mark.parametrize("local", [False, True])
def test_every_collection_is_its_kind_of_the_schema(local: bool) -> None:
    content = seed_content()
    settings = EditorSettings(
        repo="newsroom/papertrail", local_url="http://127.0.0.1:8000/admin/api/x" if local else None
    )
    config = web_editor_config(content, settings)
    collections = {c["name"]: c for c in config["collections"]}
    kinds = {"stories": "story", "entities": "entity", "questions": "question", "sources": "source"}
    assert set(collections) == set(kinds)
    for name, kind_name in kinds.items():
        kind, collection = SCHEMA[kind_name], collections[name]
        assert f"{collection['folder']}/<id>.{collection['extension']}" == kind.file
        fields = _fields_by_name(collection["fields"])
        # Every field of the schema, in its order, and the body where the kind has one.
        assert list(fields) == [f.name for f in kind.fields] + (["body"] if kind.body else [])
        for spec in kind.fields:
            _same(spec, fields[spec.name], content)
    story_body = _fields_by_name(collections["stories"]["fields"])["body"]
    assert [line[3:] for line in story_body["default"].splitlines() if line.startswith("## ")] == [
        s.heading for s in STORY_SECTIONS
    ]
    # Pull requests on GitHub; the working copy through the local backend when previewing.
    assert ("publish_mode" in config) is not local and ("local_backend" in config) is local
    assert config["backend"]["repo"] == "newsroom/papertrail"


def test_every_id_field_names_what_it_points_at() -> None:
    def walk(fields: tuple[Field, ...]) -> list[Field]:
        return [f for spec in fields for f in (spec, *walk(spec.items))]

    ids = [f for kind in SCHEMA.values() for f in walk(kind.fields) if f.type in {"id", "ids"}]
    assert ids and all(f.target in SCHEMA for f in ids)


def test_the_admin_page_loads_the_vendored_script_or_says_how_to_get_it() -> None:
    content = seed_content()
    page, config, formats = render_web_editor(content, EditorSettings(), "Papertrail <News>")
    assert page.path == "admin/index.html" and config.path == "admin/config.yml"
    # Papertrail's formats, registered before Decap starts (it starts by hand).
    assert formats.path == "admin/papertrail-formats.js" and "registerCustomFormat" in formats.text
    assert "CMS_MANUAL_INIT = true" in page.text and 'from "./papertrail-formats.js"' in page.text
    assert '<script src="decap-cms.js"></script>' in page.text
    assert "<title>Web editor · Papertrail &lt;News&gt;</title>" in page.text  # text, not markup
    assert "http" not in page.text  # nothing from anywhere but this site
    assert yaml.safe_load(config.text) == web_editor_config(content, EditorSettings())
    missing, _, _ = render_web_editor(content, EditorSettings(installed=False), "Papertrail")
    assert "<script" not in missing.text and "make cms" in missing.text


def test_the_built_site_serves_the_editor_from_itself(real_site: Path) -> None:
    # The repository's own build, where `make cms` vendored the editor (make test runs it).
    page = (real_site / "admin" / "index.html").read_text(encoding="utf-8")
    config = yaml.safe_load((real_site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow"  # a build is for GitHub, not the local backend
    assert "local_backend" not in config
    assert '<script src="decap-cms.js"></script>' in page
    vendored = sorted(
        p.relative_to(VENDORED).as_posix() for p in [*VENDORED.glob("*.js"), *VENDORED.glob("yaml/*.js")]
    )
    served = sorted(
        p.relative_to(real_site / "admin").as_posix() for p in (real_site / "admin").rglob("*.js")
    )
    assert vendored and served == sorted([*vendored, "papertrail-formats.js"])
    assert (real_site / "admin" / "decap-cms.js").read_bytes() == (VENDORED / "decap-cms.js").read_bytes()


# The editor in a browser -------------------------------------------------------------------


def _wait_for(url: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def editing(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The seed newsroom under `make serve`: the preview, which is the editor's backend too."""
    if not (VENDORED / "decap-cms.js").is_file():
        pytest.fail("the web editor is not installed: run `make cms` (make test does)")
    project = copy_project(tmp_path / "project")
    (project / "cms").symlink_to(ROOT / "cms")
    site_port = free_port()
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            makefile_engine(),
            "serve",
            *makefile_serve_args(),
            "--dev-addr",
            f"127.0.0.1:{site_port}",
        ],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{site_port}/"
        _wait_for(base + "admin/config.yml")
        yield base, project
    finally:
        serve.terminate()
        serve.wait(timeout=10)


def _open_editor(browser, base: str, foreign: list[str] | None = None):  # type: ignore[no-untyped-def]
    """/admin/ in a new tab, signed in to the local backend; requests off this machine go to ``foreign``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    if foreign is not None:
        page.on(
            "request",
            lambda r: None if r.url.startswith(("http://127.0.0.1", "data:")) else foreign.append(r.url),
        )
    page.goto(base + "admin/", wait_until="networkidle")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Collections").first.wait_for()
    return page


def _reader(browser, url: str, page=None):  # type: ignore[no-untyped-def]
    """A tab on ``url`` as a reader opens it (a new one, or ``page`` again).

    The preview reloads its open pages when the site is rebuilt: a load that such a
    reload cuts short (net::ERR_ABORTED) is tried again.
    """
    page = page or browser.new_page()
    for attempt in range(3):
        try:
            page.goto(url, wait_until="load")
            return page
        except Exception:  # Playwright's Error
            if attempt == 2:
                raise
            time.sleep(1)
    return page


def _pick(page, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Choose ``text`` in a relation or select widget, by typing it as an editor would."""
    box = page.locator(f'[id^="{field}-field"]')
    box.click()
    box.fill(text)
    page.locator('[id*="-option-"]', has_text=text).first.click()


def _publish(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").first.wait_for(timeout=30_000)


@pytest.mark.browser
def test_an_editor_writes_a_story_and_a_topic_in_the_browser(editing: tuple[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    base, project = editing
    content = seed_content()
    # What the test picks comes from the content, whatever the newsroom holds today.
    people = sorted(content.entities.values(), key=lambda e: e.name)[:2]
    source = next(s for s in content.sources.values() if s.title and not s.draft)
    title = "Editors meet the web editor in a test"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        foreign: list[str] = []
        page.on(
            "request",
            lambda r: None if r.url.startswith(("http://127.0.0.1", "data:")) else foreign.append(r.url),
        )
        page.goto(base + "admin/", wait_until="networkidle")
        page.get_by_role("button", name="Login").click()
        page.goto(base + "admin/#/collections/stories/new")
        page.locator('[id^="title-field"]').fill(title)
        page.locator('[id^="published-field"]').locator("xpath=..").get_by_role("button", name="Now").click()
        page.locator('[id^="summary-field"]').fill("A story written in the web editor.")
        page.locator('[id^="draft-field"]').click()  # new stories start as drafts: publish it
        for person in people:
            _pick(page, "entities", person.name)
        page.get_by_role("button", name="Add What the papers say").click()
        _pick(page, "source", source.title or "")
        page.locator('[id^="says-field"]').fill("The article sets out what happened.")
        texts = {
            "What's happened": f"{people[0].name} and {people[1].name} met.",
            "What's behind the headline?": "Both have reasons.",
            "How we got here": "They have met before.",
        }
        # The body comes with the three section headings: write under each.
        lines = page.locator('[data-slate-editor="true"] [data-slate-node="element"]')
        for heading, text in texts.items():
            at = lines.all_inner_texts().index(f"## {heading}")
            lines.nth(at + 1).click()
            # slate-react reads the browser's selection on `selectionchange`, throttled to
            # 100 ms: keys typed sooner land where the caret was (seen on a busy machine:
            # the next section's first letter ended the line above).
            page.wait_for_timeout(250)
            page.keyboard.type(text)
        # (Slate shows an empty line as a zero-width no-break space.)
        assert [t.strip("\ufeff \n") for t in lines.all_inner_texts() if t.strip("\ufeff \n")] == [
            line for heading, text in texts.items() for line in (f"## {heading}", text)
        ]
        _publish(page)

        written = project / "content" / "stories" / "editors-meet-the-web-editor-in-a-test.md"
        assert written.is_file()
        front = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
        assert front["entities"] == [p.id for p in people]
        assert front["papers"][0]["source"] == source.id
        result = subprocess.run(
            [sys.executable, "-m", "papertrail.tools.cli", "check", str(written.relative_to(project))],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        story_url = base + "stories/editors-meet-the-web-editor-in-a-test/"
        _wait_for(story_url)
        reader = _reader(browser, story_url)
        assert reader.locator("h1").first.inner_text() == title
        shown = reader.locator("article").inner_text()
        for text in texts.values():
            assert text in shown  # (the names in it are linked to their topics)

        # Edit a topic's glossary blurb: the story's tooltip changes after the rebuild.
        blurb = "A blurb written in the web editor."
        page = _open_editor(browser, base)  # afresh: Decap keeps the last entry's form otherwise
        page.goto(base + "admin/#/collections/entities")
        page.get_by_text(people[0].name, exact=True).first.click()
        page.locator('[id^="name-field"]').wait_for()
        assert page.locator('[id^="name-field"]').input_value() == people[0].name
        page.locator('[id^="summary-field"]').fill(blurb)
        _publish(page)
        deadline = time.monotonic() + 60
        while blurb not in _wait_for(base + "stories/editors-meet-the-web-editor-in-a-test/"):
            assert time.monotonic() < deadline, "the story's tooltip never showed the new blurb"
            time.sleep(0.5)
        # The same tab, loaded again: a second new tab here hung Chromium's new_page for
        # good twice in full runs on a fresh clone (never when run alone).
        reader = _reader(browser, story_url, reader)
        mention = reader.locator(f'article a[href$="topics/{people[0].id}/"]').first
        assert mention.get_attribute("title") == blurb  # the tooltip Material shows on hover
        browser.close()
    assert foreign == []


# A page on another local port (a dev server, a notebook, a tool's UI) the editor visits
# while the preview runs: it tries the editor's API, with the secret guessed and with
# the secret stolen (as if it had leaked), and tries to read the editor's config.
HOSTILE_PAGE = """<!doctype html><title>other tool</title><script>
async function attempt(url, body) {
  try {
    const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    return "status " + r.status + ": " + (await r.text());
  } catch (e) { return "blocked: " + e; }
}
async function read(url) {
  try { const r = await fetch(url); return "read: " + (await r.text()); } catch (e) { return "blocked: " + e; }
}
window.results = (async () => {
  const api = "__API__";
  const write = {action: "persistEntry", params: {entry: {path: "content/stories/planted.md", raw: "planted"}, assets: []}};
  return [
    await attempt(api, {action: "getEntry", params: {path: "content/stories/" + "__STORY__" + ".md"}}),
    await attempt(api, write),
    await attempt(api.replace(/[^/]+$/, "guessed"), write),
    await read("__BASE__admin/config.yml"),
    // A "simple" request needs no permission from the server: it is sent, unread.
    await fetch(api, {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"},
                      body: JSON.stringify(write)}).then(() => "blocked: sent unread", e => "blocked: " + e),
  ];
})();
</script>"""


@pytest.mark.browser
def test_a_page_on_another_local_origin_gets_nothing_from_the_editors_backend(
    editing: tuple[str, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import serve_directory

    base, project = editing
    config = yaml.safe_load(_wait_for(base + "admin/config.yml"))
    api = config["local_backend"]["url"]
    assert api.startswith(base + "admin/api/") and len(api.rsplit("/", 1)[1]) >= 32
    story = sorted(p.stem for p in (project / "content" / "stories").glob("*.md"))[0]
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    page_text = HOSTILE_PAGE.replace("__API__", api).replace("__BASE__", base).replace("__STORY__", story)
    (hostile / "index.html").write_text(page_text, encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    with serve_directory(hostile) as other, sync_playwright() as pw:
        assert other.split(":")[2] != base.split(":")[2]  # another port: another origin
        browser = pw.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(other.replace("127.0.0.1", "localhost"))
        results = page.evaluate("window.results")
        browser.close()
    # Every attempt failed: refused by the backend or blocked by the browser, and no
    # answer carried a file's text or the editor's secret.
    assert len(results) == 5
    for result in results:
        assert result.startswith(("blocked:", "status 403", "status 404")), results
        assert "title:" not in result and api.rsplit("/", 1)[1] not in result
    assert not (project / "content" / "stories" / "planted.md").exists()
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before


@pytest.mark.browser
def test_sources_are_findable_and_new_file_names_are_valid_ids(editing: tuple[str, Path]) -> None:
    """Untitled sources were blank rows and blank options, and "U.S." or "Zürich" in a
    title made a file name the loader refused."""
    from playwright.sync_api import sync_playwright

    base, project = editing
    content = seed_content()
    untitled = next(s for s in content.sources.values() if not s.title)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        page = _open_editor(browser, base)
        page.goto(base + "admin/#/collections/sources")
        rows = page.locator("main a[href*='/collections/sources/entries/']")
        rows.first.wait_for()
        texts = rows.all_inner_texts()
        assert len(texts) == len(content.sources)
        # Every row names the outlet and the id, whether or not a headline was recorded.
        for source in content.sources.values():
            row = next(t for t in texts if f"({source.id})" in t)
            assert row.startswith(f"{source.outlet} · ") and (source.title or "no headline") in row
        # A picker finds a source by its id and by its outlet, and shows both.
        page.goto(base + "admin/#/collections/stories/new")
        page.get_by_role("button", name="Add What the papers say").click()
        box = page.locator('[id^="source-field"]')
        for typed in (untitled.id.split("-", 1)[1], untitled.outlet):
            box.fill(typed)
            option = page.locator('[id*="-option-"]', has_text=f"({untitled.id})")
            option.first.wait_for()
            assert option.first.inner_text().startswith(f"{untitled.outlet} · ")
        # A topic named with dots and accents gets a file name that is an id.
        page.close()
        page = _open_editor(browser, base)  # a tab of its own: the story above is left unsaved
        page.goto(base + "admin/#/collections/entities/new")
        page.locator('[id^="name-field"]').fill("U.S. envoy in Zürich")
        page.locator('[id^="summary-field"]').fill("The United States' envoy to the talks in Zürich.")
        _pick(page, "kind", "person")
        _publish(page)
        browser.close()
    written = project / "content" / "entities" / "u-s-envoy-in-zurich.yml"
    assert written.is_file(), sorted(p.name for p in written.parent.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "check", str(written.relative_to(project))],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and ": 0 errors" in result.stdout, result.stdout


def _changed_lines(before: str, after: str) -> list[str]:
    """The lines a save removed or added (what a pull request's diff shows)."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.browser
def test_a_one_field_edit_in_the_browser_changes_only_that_fields_lines(editing: tuple[str, Path]) -> None:
    """Decap wrote files anew: a summary edit was a 95-line diff, the schema comment gone,
    `[a, b]` lists turned into blocks. Now only the field's own lines change."""
    from playwright.sync_api import sync_playwright

    base, project = editing
    content = seed_content()
    story = next(s for s in content.stories_newest_first if len(s.entities) > 1)
    story_file = project / "content" / "stories" / f"{story.id}.md"
    text = story_file.read_text(encoding="utf-8")
    # As `papertrail new` writes it: the schema comment first, a list written [a, b].
    listed = "entities: [" + ", ".join(story.entities) + "]\n"
    block = "entities:\n" + "".join(f"- {e}\n" for e in story.entities)
    assert block in text
    text = text.replace("---\n", "---\n# yaml-language-server: $schema=../../schemas/story.schema.json\n", 1)
    story_file.write_text(text.replace(block, listed), encoding="utf-8")
    before = story_file.read_text(encoding="utf-8")
    entity = next(iter(content.entities.values()))
    entity_file = project / "content" / "entities" / f"{entity.id}.yml"
    entity_before = entity_file.read_text(encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_browser(), args=BROWSER_ARGS)
        page = _open_editor(browser, base)
        page.goto(base + f"admin/#/collections/stories/entries/{story.id}")
        summary = page.locator('[id^="summary-field"]')
        summary.wait_for()
        summary.fill(summary.input_value() + " Edited in the browser.")
        _publish(page)
        page = _open_editor(browser, base)
        page.goto(base + f"admin/#/collections/entities/entries/{entity.id}")
        blurb = page.locator('[id^="summary-field"]')
        blurb.wait_for()
        blurb.fill("A new blurb.")
        _publish(page)
        browser.close()
    after = story_file.read_text(encoding="utf-8")
    changed = _changed_lines(before, after)
    assert changed and all(line[1:].startswith(("summary:", "  ")) for line in changed), changed
    assert after.startswith("---\n# yaml-language-server:") and listed in after
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]  # the body, byte for byte
    assert "Edited in the browser." in after
    entity_changed = _changed_lines(entity_before, entity_file.read_text(encoding="utf-8"))
    assert entity_changed and all(line[1:].startswith(("summary:", "  ")) for line in entity_changed)
    assert "+summary: A new blurb." in entity_changed
