"""The set-up's helper scripts: the upstream bisection, a pull request's scope, the
preview's port check, the interpreter that makes .venv."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.conftest import ROOT


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


upstream = load_script("upstream")
pr_scope = load_script("pr_scope")
check_ports = load_script("check_ports")
venv_python = load_script("venv_python")


def lock_text(**versions: str | tuple[str, ...]) -> str:
    blocks = []
    for name, version in versions.items():
        for each in (version,) if isinstance(version, str) else version:
            blocks.append(f'[[package]]\nname = "{name}"\nversion = "{each}"\n')
    return 'version = 1\n\n[[package]]\nname = "papertrail"\nsource = { editable = "." }\n\n' + "\n".join(
        blocks
    )


def test_lock_diff_lists_upgraded_new_and_removed_packages() -> None:
    old = lock_text(pyyaml="6.0.3", click="8.1.0", gone="1.0", watchdog=("6.0.0", "7.0.0"))
    new = lock_text(pyyaml="6.0.4", click="8.1.0", added="2.0", watchdog=("6.0.0", "7.1.0"))
    assert [str(u) for u in upstream.diff_locks(old, new)] == [
        "added (new) -> 2.0",
        "gone 1.0 -> (removed)",
        "pyyaml 6.0.3 -> 6.0.4",
        "watchdog 7.0.0 -> 7.1.0",
    ]
    assert upstream.diff_locks(old, old) == []


@pytest.mark.parametrize(
    ("breaking", "expected"),
    [
        ({"pyyaml"}, ["pyyaml"]),
        ({"a"}, ["a"]),
        ({"zensical"}, ["zensical"]),
        # Two upgrades that fail only together: both are named.
        ({"a", "zensical"}, ["a", "b", "click", "lxml", "pyyaml", "ruff", "zensical"]),
    ],
)
def test_bisection_names_the_package_that_breaks_the_suite(breaking: set[str], expected: list[str]) -> None:
    candidates = ["a", "b", "click", "lxml", "pyyaml", "ruff", "zensical"]
    tried: list[Sequence[str]] = []

    def fails(names: Sequence[str]) -> bool:
        tried.append(names)
        return breaking <= set(names)

    assert upstream.find_culprits(candidates, fails) == expected
    assert len(tried) <= 2 * len(candidates).bit_length()


def test_failed_tests_are_read_from_the_junit_report(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.test_a" name="test_ok"/>'
        '<testcase classname="tests.test_a" name="test_bad[x]"><failure message="boom"/></testcase>'
        '<testcase classname="tests.test_b" name="test_error"><error message="setup"/></testcase>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    assert upstream.failed_test_ids(report) == ["tests/test_a.py::test_bad[x]", "tests/test_b.py::test_error"]


@pytest.mark.parametrize(
    ("paths", "scope"),
    [
        (["content/stories/a.md", "content/sources/raw/b.html"], "content"),
        (["content/stories/a.md", "plugins/papertrail/cli.py"], "code"),
        (["contents.md"], "code"),
        (["mkdocs.yml"], "code"),
        ([], "code"),
    ],
)
def test_a_pull_request_is_content_only_when_every_file_is_content(paths: list[str], scope: str) -> None:
    assert pr_scope.classify(paths) == scope


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_pr_scope_reads_what_git_says_changed(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "t")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("a\n")
    (tmp_path / "Makefile").write_text("all:\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "checkout", "-qb", "pr")
    (tmp_path / "content/b.md").write_text("b\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "a story")

    def scope(base: str) -> str:
        script = ROOT / "scripts" / "pr_scope.py"
        result = subprocess.run(
            [sys.executable, str(script), base], cwd=tmp_path, capture_output=True, text=True
        )
        return result.stdout.strip()

    assert scope("main") == "content"
    # A file moved out of content/ is a code change (both sides of a rename count).
    git(tmp_path, "mv", "content/a.md", "a.md")
    git(tmp_path, "commit", "-qm", "move")
    assert scope("main") == "code"
    # A base git does not know: run everything.
    assert scope("no-such-branch") == "code"


def test_port_check_names_the_busy_port_and_how_to_choose_another() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        problem = check_ports.check_ports(f"127.0.0.1:{port}")
        assert problem is not None and f"port {port}" in problem and "ADDR=127.0.0.1:" in problem
    assert check_ports.check_ports("localhost") is not None  # no port at all
    assert check_ports.check_ports(f"127.0.0.1:{_free_port()}") is None


@pytest.mark.parametrize(
    ("config_args", "system_usable", "chosen"),
    [
        # pyenv's default build: the system's optimised Python instead, when it can.
        ("'--prefix=/home/x/.pyenv/versions/3.11.7' '--enable-shared'", True, "/usr/bin/python3"),
        ("'--prefix=/home/x/.pyenv/versions/3.11.7' '--enable-shared'", False, "/opt/py/bin/python3"),
        # python.org's, setup-python's, Homebrew's: kept.
        ("'--prefix=/opt/py' '--enable-optimizations' '--with-lto'", True, "/opt/py/bin/python3"),
    ],
)
def test_venv_python_replaces_only_a_build_without_optimisation(
    config_args: str, system_usable: bool, chosen: str
) -> None:
    usable = lambda: system_usable  # noqa: E731 - the check is asked, not given
    assert venv_python.choose_python("/opt/py/bin/python3", config_args, "/usr/bin/python3", usable) == chosen


def test_venv_python_names_a_python_that_can_make_the_venv() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "venv_python.py")], capture_output=True, text=True, check=True
    )
    chosen = done.stdout.strip()
    # Whichever it is on this machine, it runs, is a supported Python and has venv.
    assert subprocess.run([chosen, "-c", venv_python._CAN_MAKE_VENV], check=False).returncode == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_pr_preview_says_what_changes_for_readers_with_pages_that_open_from_disk(tmp_path: Path) -> None:
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    spare = project / "content" / "questions" / "a-spare-question.md"
    spare.write_text("---\ntitle: Is this spare?\n---\n\nYes, nothing links to it.\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.email", "t@example.org")
    git(project, "config", "user.name", "t")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "base")
    git(project, "checkout", "-qb", "pr")
    stories = sorted((project / "content" / "stories").glob("*.md"))
    changed, copied = stories[0], stories[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("\nsummary: ", "\nsummary: Updated. ", 1))
    new = project / "content" / "stories" / "a-story-no-test-knows.md"
    new.write_text(copied.read_text(encoding="utf-8").replace("\nby: [explainers-desk]", "", 1))
    os.remove(spare)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "edits")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "pr_preview.py"),
            "main",
            "--run-url",
            "https://ci.example/run/1",
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    said = result.stdout
    assert "- Changed story: **" in said and f"`stories/{changed.stem}.html`" in said
    assert "- Added story: **" in said and "`stories/a-story-no-test-knows.html`" in said
    assert "quotations verified in their sources" in said or "quotation verified" in said
    assert "warning: line" in said and "no byline" in said  # the new story's own finding
    assert "- Removed question: **a-spare-question**" in said
    assert "[this run](https://ci.example/run/1)" in said and "open `index.html`" in said
    # Every page named is a file of the preview, a site built with --no-directory-urls.
    site = tmp_path / "preview"
    build = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--no-directory-urls",
        "-q",
        "-d",
        str(site),
    ]
    built = subprocess.run(
        build,
        cwd=project,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "DISABLE_MKDOCS_2_WARNING": "true",
            "PAPERTRAIL_CACHE": "false",
        },
    )
    assert built.returncode == 0, built.stderr
    named = re.findall(r"`((?:stories|topics|questions|sources)/[^`]+\.html)`", said)
    assert len(named) == 2 and all((site / page).is_file() for page in named)
    # Opened from disk, every link of every page leads to a file (a folder would show
    # its listing, as the old preview did).
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html" or "admin" in page.relative_to(site).parts:
            continue  # the 404 page is served from any depth, so it links from the root
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if (
                not re.match(r"[a-z]+:|//", href)
                and not (page.parent / html.unescape(href)).resolve().is_file()
            ):
                broken.append(f"{page.relative_to(site)}: {href}")
    assert broken == []


def test_the_extraction_gate_fails_on_a_figure_below_its_floor() -> None:
    spec = importlib.util.spec_from_file_location("extraction", ROOT / "bench" / "extraction.py")
    assert spec is not None and spec.loader is not None
    extraction = importlib.util.module_from_spec(spec)
    sys.modules["extraction"] = extraction
    spec.loader.exec_module(extraction)
    floors = json.loads((ROOT / "bench" / "extraction_floors.json").read_text(encoding="utf-8"))
    assert {"html_f1", "text_f1", "published"} <= set(floors)
    assert extraction.below_floors(dict(floors), floors) == []  # at the floor passes
    dropped = {**floors, "html_f1": floors["html_f1"] - 0.01}
    assert extraction.below_floors(dropped, floors) == [
        f"html_f1 {floors['html_f1'] - 0.01:.3f} < {floors['html_f1']:.3f}"
    ]
    workflow = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())
    runs = " ".join(str(s.get("run", "")) for s in workflow["jobs"]["extraction"]["steps"])
    assert "bench/extraction.py --gate" in runs and re.search(r"checkout --quiet [0-9a-f]{40}", runs)


@pytest.mark.parametrize(
    "value",
    [
        "A [link](https://evil.example) and <img src=x onerror=alert(1)>",
        "*emphasis*, __strong__, ![pic](x.png), | a | table |, ~~gone~~ @newsroom/editors",
        "``` fence ``` and `tick`",
    ],
)
def test_the_pr_comment_shows_content_as_text(value: str) -> None:
    """Headlines and messages in the comment are the text someone wrote, never markup."""
    from markdown_it import MarkdownIt

    pr_preview = load_script("pr_preview")
    markdown = MarkdownIt("commonmark")  # raw HTML on, as GitHub's renderer has it
    as_text = markdown.renderInline(pr_preview.text(value))
    assert "<" not in as_text and html.unescape(as_text).replace("\u2060", "") == value  # no element
    as_code = markdown.renderInline(pr_preview.code(value))
    assert as_code == f"<code>{html.escape(value, quote=False)}</code>"
