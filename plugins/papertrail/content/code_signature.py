"""What the code that made a saved result was: the package's version and its files' bytes.

A saved build cache (:mod:`papertrail.content.cache`) and the theme's stored outputs
(:mod:`papertrail.mkdocs.page_outputs`) are only as good as the code that made them,
and a development checkout changes that code in place: they are read back only when
these say it is the same code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def code_digest() -> str:
    """A digest of the package's own code (its bytes: a checkout's file times say nothing)."""
    digest = hashlib.blake2b(digest_size=20)
    package = Path(__file__).resolve().parents[1]
    for path in code_files():
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_files() -> list[Path]:
    """Every file of the package that decides what a build makes: its modules, templates,
    stylesheets and scripts. (The digest once covered this module's own folder only, so
    a changed page template was served from a saved cache.)"""
    package = Path(__file__).resolve().parents[1]
    return [
        path
        for path in sorted(package.rglob("*"))
        if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file()
    ]


CODE_SUFFIXES = frozenset({".py", ".html", ".css", ".js", ".json", ".yml"})


def package_version() -> str:
    """Papertrail's installed version (the package's root is the public API, above every layer)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("papertrail")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "unknown"
