"""MkDocs adapter: the preview's guard and its watch on content, and docs/ files a site never takes.

The guard and the refusal stand between the engine and what a working copy holds: a
request to the preview from anywhere but its own page, and a file in ``docs/`` that is
a link out of the project, a pipe or a device (see
:func:`papertrail.content.files.docs_problems`). The watch tells the preview that
content changed.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from papertrail.content.files import docs_problems
from papertrail.content.problems import ContentError
from papertrail.tools.editor_backend import API_PREFIX, EditorBackend, Guard, preview_hosts
from papertrail.tools.web_editor import MEDIA_FOLDER, editable_folders

log = logging.getLogger("mkdocs.plugins.papertrail")


def preview_guard(config: MkDocsConfig, secret: str, backend: EditorBackend | None = None) -> Guard:
    """The checks every request to this preview passes (see :mod:`papertrail.tools.editor_backend`)."""
    hosts, origin = preview_hosts(str(config.dev_addr.host), int(config.dev_addr.port))
    return Guard(hosts, origin, secret, backend)


def editor_api_url(config: MkDocsConfig, secret: str) -> str:
    """Where the web editor's page sends its requests under this preview."""
    return preview_guard(config, secret).origin + API_PREFIX + secret


def guard_preview(server: LiveReloadServer, config: MkDocsConfig, secret: str, web_editor: bool) -> None:
    """Put the preview's application behind the guard, with the web editor's API if there is an editor.

    Engine internals (labelled): the preview server is a wsgiref ``WSGIServer``; its
    application is wrapped through ``WSGIServer``'s own ``get_app``/``set_app``, so that
    every request shows the preview's ``Host`` and the editor's API is answered here.
    """
    project = Path(config.config_file_path).resolve().parent
    backend = EditorBackend(project, editable_folders(), MEDIA_FOLDER) if web_editor else None
    app = server.get_app()
    if app is not None:
        server.set_app(preview_guard(config, secret, backend).wrap(app))


def refuse_docs_files(files: Files, config: MkDocsConfig, *, serve: bool) -> None:
    """Stop a build over a refused ``docs/`` file; a preview leaves the file out and says so.

    Raises:
        PluginError: In a build, listing every refused file.
    """
    project = Path(config.config_file_path).parent
    refused = docs_problems(Path(config.docs_dir), project, base=project)
    if refused and not serve:
        raise PluginError(str(ContentError(refused)))
    for problem in refused:
        log.error(str(problem))
        gone = project / problem.path
        for file in [f for f in files if Path(f.abs_src_path or "").is_relative_to(gone)]:
            files.remove(file)


# What a file change is: written, made, removed, renamed, its time or mode set.
CHANGES = frozenset({"modified", "closed", "created", "deleted", "moved", "attrib"})
FOLDER_CHANGES = frozenset({"created", "deleted", "moved"})


class ContentWatch:
    """Reloads the preview when a file under ``content/`` changes, as the system reports it.

    MkDocs watches with watchdog's *polling* observer (every half second it looks at
    every file: at 5,000 stories 36,000 files, a good part of a core while the preview
    waits, and an edit is noticed a quarter of a second late on average). Content is
    watched here by the system's own notifications (inotify, FSEvents, ReadDirectoryChanges
    through watchdog's native observer) instead; where those cannot start (a file
    system without them, a limit reached), MkDocs' own watch is used.

    The files the notifications named are kept for the next build (:meth:`take`), so
    that it looks only at them (:meth:`papertrail.content.cache.BuildCache.begin`).

    Engine internals (labelled): a change asks for a rebuild the way the server's own
    watch does, by setting ``_want_rebuild`` under ``_rebuild_cond``; a server without
    them (another engine's) gets its own watch.
    """

    def __init__(self) -> None:
        self.observer: Any = None
        self._started = False  # once: a watch that could not start is not tried again
        self._lock = threading.Lock()
        self._changed: set[str] = set()
        # Until a build has looked at every file since the watch started, and after a
        # change to a folder (moved, removed: its files are not named), any file may
        # have changed.
        self._complete = False
        self._server: Any = None  # the preview's server, once it serves
        self._asked = False  # a change came before the server did: it rebuilds at once

    def start(self, folder: Path) -> None:
        """Watch ``folder`` from now on (a preview's first build, before it reads any file).

        Started as the first build begins, that build is the one that looks at every
        file: the first edit's reload is then told which files changed, as every later
        one is. (Started once the server serves, the first reload had to look at all
        36,000 files at 5,000 stories, and rebuild what they feed: a second more.)
        Nothing asks for a rebuild until :meth:`attach`.
        """
        if self._started:
            return
        self._started = True

        def changed(event: FileSystemEvent) -> None:
            # Reading a file is an event too (opened, closed without writing): the
            # build's own reads must not ask for another build.
            if event.event_type not in CHANGES:
                return
            with self._lock:
                if event.is_directory:
                    # A folder written to is its files' events; a folder that came, went or
                    # moved may not name its files.
                    if event.event_type in FOLDER_CHANGES:
                        self._complete = False
                else:
                    self._changed.update(_paths(event))
                server = self._server
                if server is None:
                    self._asked = True  # asked for as the server is attached
            if server is not None:
                _ask_rebuild(server)

        handler = FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        observer = Observer()
        try:
            observer.schedule(handler, str(folder), recursive=True)
            observer.daemon = True
            observer.start()
        except OSError as exc:
            log.info("content/ is watched by polling (%s)", exc)
            return
        self.observer = observer

    def attach(self, server: LiveReloadServer, folder: Path) -> None:
        """Ask ``server`` to rebuild on every change (at once if one came before it
        served), through its rebuild flag (engine internals: see the class); a server
        without one, or a watch that could not start, leaves ``folder`` to the server's
        own watch."""
        self.start(folder)  # a server that serves without a build first
        if (
            self.observer is None
            or not hasattr(server, "_rebuild_cond")
            or not hasattr(server, "_want_rebuild")
        ):
            self.stop()
            server.watch(str(folder))
            return
        with self._lock:
            self._server, asked, self._asked = server, self._asked, False
        if asked:
            _ask_rebuild(server)

    def take(self) -> set[str] | None:
        """The files changed since the last call, or None when any file may have
        changed (no watch, the first build since it started, a folder changed)."""
        with self._lock:
            changed, self._changed = self._changed, set()
            self._asked = False  # the build that takes them sees every change so far
            if self.observer is None or not self._complete:
                self._complete = self.observer is not None
                return None
            return changed

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer = None


def _ask_rebuild(server: Any) -> None:
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _paths(event: FileSystemEvent) -> list[str]:
    """The files an event names (a move names two)."""
    paths = [event.src_path, getattr(event, "dest_path", "") or ""]
    return [os.fsdecode(p) for p in paths if p]


def stop_as_ctrl_c() -> None:
    """Let the preview stop as Ctrl-C stops it when its terminal closes (SIGHUP) or it is
    killed (SIGTERM): MkDocs then removes its copy of the site from the temporary folder
    (a few hundred MB at a newsroom's size, left behind each time: this project's
    benchmark had left 50 GB), and the plugin saves its build cache and stops its search
    indexing. A signal someone else handles (or ignores: ``nohup``) is left as it is.

    Not the engine's code: its own handling of Ctrl-C (``KeyboardInterrupt``) is what runs.
    """
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers are the main thread's to set
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)  # no SIGHUP on Windows
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _interrupt)


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt
