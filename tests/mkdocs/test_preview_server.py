"""The preview's watch on content (mkdocs/preview_server.py): told by the system, not polled."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, cast

from mkdocs.livereload import LiveReloadServer

from papertrail.mkdocs.preview_server import ContentWatch


class _Server:
    """What ContentWatch uses of MkDocs' server: its rebuild flag and condition."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def _asked(server: _Server, seconds: float = 10) -> bool:
    with server._rebuild_cond:
        return server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=seconds)


def test_a_change_under_content_asks_the_preview_to_rebuild(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/old.md").write_text("---\ntitle: y\n---\n", encoding="utf-8")
    server = _Server()
    watch = ContentWatch()
    watch.attach(cast(LiveReloadServer, server), tmp_path)
    try:
        assert server.watched == []  # not handed to MkDocs' polling
        (tmp_path / "stories/old.md").read_text(encoding="utf-8")  # a build reads files: no rebuild
        time.sleep(0.3)
        assert not server._want_rebuild
        (tmp_path / "stories/new.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
        assert _asked(server)
    finally:
        watch.stop()


def test_a_server_without_the_rebuild_flag_watches_content_itself(tmp_path: Path) -> None:
    class Other:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    other: Any = Other()
    ContentWatch().attach(other, tmp_path)
    assert other.watched == [str(tmp_path)]


def _taken_once_written(watch: ContentWatch, server: _Server, expected: set[str]) -> set[str] | None:
    """What :meth:`ContentWatch.take` gives once the system has told of ``expected``."""
    assert _asked(server)
    deadline = time.monotonic() + 10
    taken: set[str] = set()
    while time.monotonic() < deadline:
        now = watch.take()
        if now is None:
            return None
        taken |= now
        if expected <= taken:
            break
        time.sleep(0.05)
    return taken


def test_the_watch_names_the_files_that_changed_once_a_build_has_seen_them_all(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    story = tmp_path / "stories/old.md"
    story.write_text("---\ntitle: y\n---\n", encoding="utf-8")
    server = _Server()
    watch = ContentWatch()
    assert watch.take() is None  # not started: any file may have changed
    watch.attach(cast(LiveReloadServer, server), tmp_path)
    try:
        # The first build after the start looks at every file: changes made before the
        # watch started were never told.
        assert watch.take() is None
        story.write_text("---\ntitle: z\n---\n", encoding="utf-8")
        # (a write may be told twice, modified then closed: a name can come again later)
        assert _taken_once_written(watch, server, {str(story)}) == {str(story)}
        server._want_rebuild = False
        new = tmp_path / "stories/new.md"
        new.write_text("x", encoding="utf-8")
        new.rename(tmp_path / "stories/renamed.md")
        names = {str(new), str(tmp_path / "stories/renamed.md")}
        assert names <= (_taken_once_written(watch, server, names) or set())
        # A folder moved away names none of its files: the next build looks at all.
        server._want_rebuild = False
        (tmp_path / "stories").rename(tmp_path / "gone")
        assert _asked(server)
        time.sleep(0.2)
        assert watch.take() is None
        assert watch.take() is not None
    finally:
        watch.stop()


def test_a_watch_started_as_the_first_build_begins_names_what_changed_to_the_first_reload(
    tmp_path: Path,
) -> None:
    (tmp_path / "stories").mkdir()
    story = tmp_path / "stories/old.md"
    story.write_text("---\ntitle: y\n---\n", encoding="utf-8")
    watch = ContentWatch()
    watch.start(tmp_path)  # the preview's first build begins (on_config)
    try:
        assert watch.take() is None  # the first build looks at every file
        # An edit while the first build runs, before the server serves: the first
        # reload is told which file changed, and asked for at once.
        story.write_text("---\ntitle: z\n---\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not watch._changed and time.monotonic() < deadline:
            time.sleep(0.02)
        server = _Server()
        watch.attach(cast(LiveReloadServer, server), tmp_path)
        assert server.watched == []
        assert _taken_once_written(watch, server, {str(story)}) == {str(story)}
    finally:
        watch.stop()
