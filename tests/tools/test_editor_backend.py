"""The web editor's local API answers only its own page, and only for content files."""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from papertrail.tools.editor_backend import API_PREFIX, EditorBackend, Guard, preview_hosts
from papertrail.tools.web_editor import MEDIA_FOLDER, editable_folders

SECRET = "s3cret-token"
HOSTS, ORIGIN = preview_hosts("127.0.0.1", 8000)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in editable_folders():
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "content/stories/a.md").write_text("---\ntitle: A\n---\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/config").write_text("[core]\n")
    (tmp_path / "Makefile").write_text("all:\n")
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def call(
    project: Path,
    body: Any,
    *,
    host: str = "127.0.0.1:8000",
    origin: str | None = ORIGIN,
    path: str = API_PREFIX + SECRET,
    method: str = "POST",
    site: str | None = None,
) -> tuple[str, Any]:
    guard = Guard(HOSTS, ORIGIN, SECRET, EditorBackend(project, editable_folders(), MEDIA_FOLDER))
    data = json.dumps(body).encode()
    environ: dict[str, Any] = {
        "HTTP_HOST": host,
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
    }
    if origin is not None:
        environ["HTTP_ORIGIN"] = origin
    if site is not None:
        environ["HTTP_SEC_FETCH_SITE"] = site
    seen: list[str] = []

    def page_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [])
        return [b"a page"]

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen.append(status)

    answer = b"".join(guard.wrap(page_app)(environ, start_response))
    return seen[0], (json.loads(answer) if answer.startswith((b"{", b"[", b"null")) else answer)


def test_the_editor_reads_and_writes_content_files(project: Path) -> None:
    status, info = call(project, {"action": "info"})
    assert status == "200 OK" and info["type"] == "local_fs"
    status, entries = call(
        project,
        {"action": "entriesByFolder", "params": {"folder": "content/stories", "extension": "md", "depth": 1}},
    )
    assert status == "200 OK" and [e["file"]["path"] for e in entries] == ["content/stories/a.md"]
    new = {"path": "content/stories/b.md", "raw": "---\ntitle: B\n---\n"}
    status, _ = call(project, {"action": "persistEntry", "params": {"entry": new, "assets": []}})
    assert status == "200 OK"
    assert (project / "content/stories/b.md").read_text() == new["raw"]
    status, entry = call(project, {"action": "getEntry", "params": {"path": "content/stories/b.md"}})
    assert entry["data"] == new["raw"]
    image = {
        "path": f"{MEDIA_FOLDER}/map.png",
        "content": base64.b64encode(b"\x89PNG").decode(),
        "encoding": "base64",
    }
    status, media = call(project, {"action": "persistMedia", "params": {"asset": image}})
    assert status == "200 OK" and media["name"] == "map.png"
    assert (project / MEDIA_FOLDER / "map.png").read_bytes() == b"\x89PNG"
    status, _ = call(project, {"action": "deleteFile", "params": {"path": "content/stories/b.md"}})
    assert status == "200 OK" and not (project / "content/stories/b.md").exists()


@pytest.mark.parametrize(
    "path",
    [
        "mkdocs.yml",
        ".git/config",
        ".git/hooks/pre-commit",
        "Makefile",
        ".venv/lib/python3.11/site-packages/evil.pth",
        "content/stories/../../mkdocs.yml",
        "content/../.git/config",
        "/etc/passwd",
        "content/stories/.hidden.md",
        "content/stories//a.md",
        "content\\stories\\a.md",
        "content/stories/a.md\x00.png",
        "content/outlets.yml",
        "plugins/papertrail/hooks.py",
        "docs/index.md",
    ],
)
def test_nothing_outside_the_content_folders_is_read_written_or_deleted(project: Path, path: str) -> None:
    before = snapshot(project)
    for body in (
        {"action": "getEntry", "params": {"path": path}},
        {
            "action": "persistEntry",
            "params": {"entry": {"path": path, "raw": "hooks: [x.py]\n"}, "assets": []},
        },
        {"action": "deleteFile", "params": {"path": path}},
        {"action": "getMediaFile", "params": {"path": path}},
        {"action": "entriesByFolder", "params": {"folder": path, "extension": "yml", "depth": 3}},
    ):
        status, answer = call(project, body)
        assert status.split()[0] in {"400", "403"}, (body, status, answer)
    assert snapshot(project) == before


def test_links_are_never_followed(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("secret")
    (project / "content/stories/link.md").symlink_to(outside / "secret.md")
    (project / "content/questions").rmdir()
    (project / "content/questions").symlink_to(outside, target_is_directory=True)
    for body in (
        {"action": "getEntry", "params": {"path": "content/stories/link.md"}},
        {
            "action": "persistEntry",
            "params": {"entry": {"path": "content/questions/new.md", "raw": "x"}, "assets": []},
        },
        {
            "action": "entriesByFolder",
            "params": {"folder": "content/questions", "extension": "md", "depth": 1},
        },
    ):
        status, answer = call(project, body)
        assert status == "403 Forbidden", (body, answer)
    _, entries = call(
        project,
        {"action": "entriesByFolder", "params": {"folder": "content/stories", "extension": "md", "depth": 1}},
    )
    assert "secret" not in json.dumps(entries)
    assert sorted(p.name for p in outside.iterdir()) == ["secret.md"]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"host": "attacker.example:8000"}, "421"),  # DNS rebinding: a foreign name for 127.0.0.1
        ({"host": "127.0.0.1:9999"}, "421"),
        ({"origin": "http://localhost:5173"}, "403"),  # a page on another local port
        ({"origin": "http://127.0.0.1:8001"}, "403"),
        ({"origin": None}, "403"),
        ({"site": "cross-site"}, "403"),
        ({"path": API_PREFIX + "guessed"}, "404"),
        ({"path": "/api/v1"}, "200"),  # decap-server's address is an ordinary (missing) page now
        ({"method": "GET"}, "405"),
    ],
)
def test_only_the_editors_own_page_is_answered(project: Path, change: dict[str, Any], status: str) -> None:
    before = snapshot(project)
    body = {
        "action": "persistEntry",
        "params": {"entry": {"path": "content/stories/x.md", "raw": "x"}, "assets": []},
    }
    got, _ = call(project, body, **change)
    assert got.split()[0] == status
    assert snapshot(project) == before


def test_pages_answer_only_the_previews_own_host(project: Path) -> None:
    assert call(project, None, path="/stories/", method="GET", host="attacker.example:8000")[0].startswith(
        "421"
    )
    assert call(project, None, path="/stories/", method="GET", host="localhost:8000")[0] == "200 OK"
    # The editor's page is sent to the one origin its API answers.
    assert call(project, None, path="/admin/", method="GET", host="localhost:8000")[0] == "302 Found"


def test_uploads_are_images_in_the_media_folder_only(project: Path) -> None:
    svg = {
        "path": f"{MEDIA_FOLDER}/x.svg",
        "content": base64.b64encode(b"<svg onload=alert(1)>").decode(),
        "encoding": "base64",
    }
    status, _ = call(project, {"action": "persistMedia", "params": {"asset": svg}})
    assert status.startswith("415")
    elsewhere = {"path": "content/stories/x.png", "content": "AAAA", "encoding": "base64"}
    status, _ = call(project, {"action": "persistMedia", "params": {"asset": elsewhere}})
    assert status.startswith("403")
    assert not any(p.suffix in {".svg", ".png"} for p in project.rglob("*"))


def test_an_entry_is_written_whole_or_not_at_all(project: Path) -> None:
    before = snapshot(project)
    good = {"path": "content/stories/ok.md", "raw": "fine"}
    bad = {"path": "mkdocs.yml", "raw": "hooks: [x.py]"}
    status, _ = call(project, {"action": "persistEntry", "params": {"dataFiles": [good, bad], "assets": []}})
    assert status == "403 Forbidden"
    assert snapshot(project) == before
    assert os.listdir(project / "content/stories") == ["a.md"]


def test_the_previews_names_and_origin() -> None:
    assert preview_hosts("127.0.0.1", 8000) == (
        frozenset({"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}),
        "http://127.0.0.1:8000",
    )
    hosts, origin = preview_hosts("::1", 8001)
    assert "[::1]:8001" in hosts and origin == "http://[::1]:8001"
    hosts, origin = preview_hosts("0.0.0.0", 8002)  # shown to the network: the editor stays on loopback
    assert origin == "http://127.0.0.1:8002" and "0.0.0.0:8002" not in hosts


def test_a_renamed_entry_stays_a_content_file(project: Path) -> None:
    before = snapshot(project)
    for new_path in (f"{MEDIA_FOLDER}/page.html", "content/stories/a.html", "docs/index.md", "mkdocs.yml"):
        moved = {"path": "content/stories/a.md", "raw": "<script>x</script>", "newPath": new_path}
        status, _ = call(project, {"action": "persistEntry", "params": {"dataFiles": [moved], "assets": []}})
        assert status == "403 Forbidden", new_path
    assert snapshot(project) == before


def test_a_request_nested_too_deep_is_refused_not_a_crash(project: Path) -> None:
    guard = Guard(HOSTS, ORIGIN, SECRET, EditorBackend(project, editable_folders(), MEDIA_FOLDER))
    data = b"[" * 100_000 + b"]" * 100_000
    environ = {
        "HTTP_HOST": "127.0.0.1:8000", "PATH_INFO": API_PREFIX + SECRET, "REQUEST_METHOD": "POST",
        "HTTP_ORIGIN": ORIGIN, "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
    }  # fmt: skip
    seen: list[str] = []
    guard.wrap(lambda e, s: [])(environ, lambda status, headers: seen.append(status))
    assert seen == ["400 Bad Request"]
