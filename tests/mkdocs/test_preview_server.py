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
    watch.start(cast(LiveReloadServer, server), tmp_path)
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
    ContentWatch().start(other, tmp_path)
    assert other.watched == [str(tmp_path)]
