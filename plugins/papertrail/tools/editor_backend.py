"""The web editor's local backend: Decap's proxy API, answering only its own page, only for content.

Under ``make serve`` the web editor at ``/admin/`` saves into the working copy. Decap's
own local backend (decap-server) served the whole repository to any page on any
local port: through it a page could read ``.git/config``, write a hook module and a
``hooks:`` line into ``mkdocs.yml``, and have the running preview import and run it.
This backend runs inside the preview and answers Decap's requests (``info``,
``entriesByFolder``, ``getEntry``, ``persistEntry``, ``getMedia``, ``persistMedia``,
``deleteFile`` …; see decap-server's ``localFs`` middleware for the protocol) only:

- at ``/admin/api/<secret>``, a random secret made when the preview starts and
  written into the ``config.yml`` that only the preview's own pages can read (the
  browser keeps other origins from reading it, and the ``Host`` check below keeps a
  rebound DNS name from being the preview's own origin);
- for requests whose ``Host`` and ``Origin`` are exactly the preview's own address;
- for files in the content folders Decap edits and the media folder: never
  ``.git/``, ``.venv/``, ``mkdocs.yml``, code or anything outside; no ``..``, no
  absolute path, no hidden name, no link, nothing but an ordinary file.

Every other request to the preview is checked for its ``Host`` too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papertrail.content.documents import MAX_FILE_BYTES
from papertrail.content.files import MAX_DOCS_FILE_BYTES, first_link
from papertrail.content.writing import write_atomic

API_PREFIX = "/admin/api/"
# The largest request: an image for the media library, base64 (4/3), with its JSON.
MAX_REQUEST_BYTES = MAX_DOCS_FILE_BYTES * 4 // 3 + 64 * 1024
# Images editors may upload: not SVG, which can carry script.
# The picture formats content/images.yml accepts (content/pictures.py).
MEDIA_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]


class Refused(Exception):
    """A request the backend will not carry out, and the HTTP status that says so."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class EditorBackend:
    """Decap's local API over the folders the web editor may touch.

    Attributes:
        root: The project folder (paths in requests are relative to it).
        folders: The folders entries may be read and written in (``content/stories`` …).
        media: The media library's folder (``content/images``).
    """

    root: Path
    folders: tuple[str, ...]
    media: str

    # Paths ------------------------------------------------------------------

    def resolve(self, value: object, *, media: bool = False, folder: bool = False) -> Path:
        """The file (or folder) a request names, if the editor may touch it.

        Raises:
            Refused: For anything outside the allowed folders, or not an ordinary file.
        """
        if not isinstance(value, str) or not value or "\\" in value or "\x00" in value:
            raise Refused("400 Bad Request", "a path is text with '/' between folders")
        if value.startswith("/") or posixpath.normpath(value) != value.rstrip("/"):
            raise Refused("403 Forbidden", f"{value!r}: only plain paths inside the content folders")
        parts = value.rstrip("/").split("/")
        if any(part.startswith(".") for part in parts):
            raise Refused("403 Forbidden", f"{value!r}: hidden files and '..' are not the editor's")
        allowed = (self.media,) if media else (*self.folders, self.media)
        if not any(value.rstrip("/") == top or value.startswith(top + "/") for top in allowed):
            raise Refused("403 Forbidden", f"{value!r} is outside the folders the web editor edits")
        path = self.root / value
        # No link anywhere from the project down to the file: a link could lead out.
        if first_link(self.root, path) is not None:
            raise Refused("403 Forbidden", f"{value!r} goes through a link")
        if any(p.exists() and not p.is_dir() for p in path.parents if p.is_relative_to(self.root)):
            raise Refused("403 Forbidden", f"{value!r}: a file where a folder should be")
        if os.path.lexists(path):
            mode = os.lstat(path).st_mode
            if not (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
                raise Refused(
                    "403 Forbidden", f"{value!r} is not an ordinary {'folder' if folder else 'file'}"
                )
        return path

    def _read(self, path: Path, limit: int) -> bytes:
        if path.stat().st_size > limit:
            raise Refused("413 Content Too Large", f"{path.name} is larger than the editor reads")
        return path.read_bytes()

    # Actions ----------------------------------------------------------------

    def handle(self, request: object) -> Any:
        """Carry out one request of Decap's proxy API and return its JSON answer.

        Raises:
            Refused: For a request the editor may not make.
        """
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            raise Refused("400 Bad Request", "a request is a JSON object with an action")
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise Refused("400 Bad Request", "params must be an object")
        action = request["action"]
        if action == "info":
            return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            return self._entries_by_folder(params)
        if action == "entriesByFiles":
            files = params.get("files")
            if not isinstance(files, list):
                raise Refused("400 Bad Request", "files must be a list")
            return [self._entry(f.get("path") if isinstance(f, dict) else None, f) for f in files]
        if action == "getEntry":
            return self._entry(params.get("path"), {})
        if action == "persistEntry":
            return self._persist_entry(params)
        if action == "getMedia":
            folder = self.resolve(params.get("mediaFolder"), media=True, folder=True)
            return [self._media_file(p) for p in self._listing(folder, MEDIA_SUFFIXES, 1)]
        if action == "getMediaFile":
            return self._media_file(self.resolve(params.get("path"), media=True))
        if action == "persistMedia":
            return self._persist_media(params.get("asset"))
        if action == "deleteFile":
            self._delete(params.get("path"))
            return {"message": "deleted file"}
        if action == "deleteFiles":
            paths = params.get("paths")
            if not isinstance(paths, list):
                raise Refused("400 Bad Request", "paths must be a list")
            for path in [self._deletable(p) for p in paths]:  # all checked before any goes
                path.unlink(missing_ok=True)
            return {"message": "deleted files"}
        if action == "getDeployPreview":
            return None
        raise Refused("422 Unprocessable Content", f"unknown action {action!r}")

    def _entries_by_folder(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = self.resolve(params.get("folder"), folder=True)
        extension = params.get("extension")
        depth = params.get("depth", 1)
        if not isinstance(extension, str) or not isinstance(depth, int):
            raise Refused("400 Bad Request", "extension is text and depth a number")
        suffixes = frozenset({"." + extension.lstrip(".")})
        files = self._listing(folder, suffixes, min(depth, 20))
        return [self._entry(p.relative_to(self.root).as_posix(), {}) for p in files]

    def _listing(self, folder: Path, suffixes: frozenset[str], depth: int) -> Iterator[Path]:
        """Ordinary files (no links, no hidden names) ending in ``suffixes``, ``depth`` folders down."""
        if depth <= 0 or not folder.is_dir():
            return
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith(".") or entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    yield from self._listing(Path(entry.path), suffixes, depth - 1)
                elif entry.is_file(follow_symlinks=False) and Path(entry.name).suffix.lower() in suffixes:
                    yield Path(entry.path)

    def _entry(self, value: object, file: object) -> dict[str, Any]:
        path = self.resolve(value)
        label = file.get("label") if isinstance(file, dict) else None
        shown = {"path": value, **({"label": label} if isinstance(label, str) else {})}
        if not path.is_file():
            return {"data": None, "file": {**shown, "id": None}}
        data = self._read(path, MAX_FILE_BYTES)
        return {
            "data": data.decode("utf-8", "replace"),
            "file": {**shown, "id": hashlib.sha256(data).hexdigest()},
        }

    def _persist_entry(self, params: dict[str, Any]) -> dict[str, str]:
        entry = params.get("entry")
        data_files = params.get("dataFiles") or [entry]
        assets = params.get("assets") or []
        if not isinstance(data_files, list) or not isinstance(assets, list):
            raise Refused("400 Bad Request", "dataFiles and assets must be lists")
        writes: list[tuple[Path, bytes]] = []
        moves: list[tuple[Path, Path]] = []
        for data_file in data_files:
            if not isinstance(data_file, dict) or not isinstance(data_file.get("raw"), str):
                raise Refused("400 Bad Request", "an entry is a path and its text")
            raw = data_file["raw"].encode("utf-8")
            if len(raw) > MAX_FILE_BYTES:
                raise Refused("413 Content Too Large", "an entry is at most 2 MB")
            path = self._entry_path(data_file.get("path"))
            writes.append((path, raw))
            if data_file.get("newPath"):
                # A renamed entry stays a content file (not, say, an .html page in docs/).
                moves.append((path, self._entry_path(data_file["newPath"])))
        media = [self._media_write(asset) for asset in assets]
        for _old, new in moves:
            if os.path.lexists(new):
                raise Refused("409 Conflict", f"{new.name} exists: choose another title")
        # Everything is checked before anything is written.
        for path, raw in [*writes, *media]:
            write_atomic(path, raw)
        for old, new in moves:
            new.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, new)
        return {"message": "entry persisted"}

    def _entry_path(self, value: object) -> Path:
        """A content file an entry may be saved as: in a content folder, ``.md`` or ``.yml``."""
        path = self.resolve(value)
        if path.suffix not in (".md", ".yml", ".yaml") or not any(
            str(value).startswith(top + "/") for top in self.folders
        ):
            raise Refused("403 Forbidden", "entries are content files")
        return path

    def _media_write(self, asset: object) -> tuple[Path, bytes]:
        if not isinstance(asset, dict) or asset.get("encoding") != "base64":
            raise Refused("400 Bad Request", "a media file is base64 content and a path")
        path = self.resolve(asset.get("path"), media=True)
        if path.suffix.lower() not in MEDIA_SUFFIXES:
            raise Refused("415 Unsupported Media Type", f"images only: {', '.join(sorted(MEDIA_SUFFIXES))}")
        try:
            data = base64.b64decode(str(asset.get("content", "")).encode("ascii"), validate=True)
        except ValueError:
            raise Refused("400 Bad Request", "media content must be base64") from None
        if len(data) > MAX_DOCS_FILE_BYTES:
            raise Refused("413 Content Too Large", "an image is at most 10 MB")
        return path, data

    def _persist_media(self, asset: object) -> dict[str, Any]:
        path, data = self._media_write(asset)
        write_atomic(path, data)
        return self._media_file(path)

    def _media_file(self, path: Path) -> dict[str, Any]:
        data = self._read(path, MAX_DOCS_FILE_BYTES)
        return {
            "id": hashlib.sha256(data).hexdigest(),
            "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64",
            "path": path.relative_to(self.root).as_posix(),
            "name": path.name,
        }

    def _deletable(self, value: object) -> Path:
        path = self.resolve(value)
        if path.is_dir():
            raise Refused("403 Forbidden", "folders are not deleted")
        return path

    def _delete(self, value: object) -> None:
        self._deletable(value).unlink(missing_ok=True)


@dataclass(frozen=True)
class Guard:
    """What a request to the preview must show: its own address, and for the API the secret.

    Attributes:
        hosts: ``Host`` values the preview answers (``127.0.0.1:8000``, ``localhost:8000``).
        origin: The one origin the editor's page has (``http://127.0.0.1:8000``).
        secret: The API path's secret, made when the preview started.
        backend: The API, or None when there is no web editor.
    """

    hosts: frozenset[str]
    origin: str
    secret: str
    backend: EditorBackend | None

    @property
    def api_path(self) -> str:
        """Where Decap's page sends its requests."""
        return API_PREFIX + self.secret

    def wrap(self, app: App) -> App:
        """``app`` (the preview server's application) behind these checks."""

        def guarded(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
            host = environ.get("HTTP_HOST", "")
            if host not in self.hosts:
                # A DNS name rebound to 127.0.0.1 reaches the preview with its own Host.
                return _answer(start_response, "421 Misdirected Request", {"error": f"not {self.origin}"})
            path = environ.get("PATH_INFO", "")
            if path.startswith(API_PREFIX):
                return self._api(environ, start_response)
            if path.startswith("/admin/") and f"http://{host}" != self.origin:
                # The editor's page and its API share one origin: send the page there.
                start_response("302 Found", [("Location", self.origin + path), ("Content-Length", "0")])
                return [b""]
            return app(environ, start_response)

        return guarded

    def _api(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self.backend is None or not hmac.compare_digest(environ.get("PATH_INFO", ""), self.api_path):
            return _answer(start_response, "404 Not Found", {"error": "not found"})
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, "405 Method Not Allowed", {"error": "POST only"})
        if (
            environ.get("HTTP_ORIGIN") != self.origin
            or environ.get("HTTP_SEC_FETCH_SITE", "same-origin") != "same-origin"
        ):
            return _answer(start_response, "403 Forbidden", {"error": "only the web editor's own page"})
        if not str(environ.get("CONTENT_TYPE", "")).startswith("application/json"):
            return _answer(start_response, "415 Unsupported Media Type", {"error": "JSON only"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES:
            return _answer(start_response, "413 Content Too Large", {"error": "request too large"})
        try:
            request = json.loads(environ["wsgi.input"].read(length))
            return _answer(start_response, "200 OK", self.backend.handle(request))
        except Refused as refused:
            return _answer(start_response, refused.status, {"error": refused.message})
        except (ValueError, OSError, RecursionError) as error:  # RecursionError: JSON nested too deep
            return _answer(start_response, "400 Bad Request", {"error": type(error).__name__})


def _answer(start_response: StartResponse, status: str, body: Any) -> list[bytes]:
    data = json.dumps(body).encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [data]


def preview_hosts(host: str, port: int) -> tuple[frozenset[str], str]:
    """The ``Host`` values a preview on ``host:port`` answers, and its editor's origin.

    ``0.0.0.0`` (a preview shown to the local network) answers the loopback names;
    other machines' names would have to be added by hand, and get no editor.
    """
    loopback = {"127.0.0.1", "localhost", "[::1]"}
    named = f"[{host}]" if ":" in host else host  # an IPv6 address is written in brackets
    names = loopback | ({named} if host not in {"0.0.0.0", "::", ""} else set())
    canonical = "127.0.0.1" if host in {"0.0.0.0", "::", "", "localhost"} else named
    return frozenset(f"{name}:{port}" for name in names), f"http://{canonical}:{port}"
