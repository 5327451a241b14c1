"""Picture files (``content/images/``): each checked before it is read, then only its header.

``images.yml`` names a picture's file, alt text and credit (loaded with the other
listings, :mod:`papertrail.content.listings`); this module checks the file itself on
every load (a picture can be replaced without touching ``images.yml``): a plain name
in ``content/images/``, an ordinary file (a link out of ``content/`` would publish
whatever it points at), of a picture's size, that Pillow opens as JPEG, PNG or WebP
with no more pixels than a photograph has (a "decompression bomb" is a small file
that decodes to gigabytes). Only the header is read here; the picture is decoded when
its card is made (:mod:`papertrail.render.cards`), and what is published is that
re-encoded copy, never the editor's file (no camera metadata such as a location).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PIL import Image

from papertrail.content.cache import BuildCache, derived
from papertrail.content.files import file_problem
from papertrail.content.model import Picture
from papertrail.content.problems import Problem, Severity

IMAGES_FOLDER = "images"
FORMATS = ("JPEG", "PNG", "WEBP")
MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel camera's frame
SMALLEST = (600, 315)  # half a sharing card: below it platforms show no large image
BEST = (1200, 630)


def check_pictures(
    root: Path, pictures: dict[str, Picture], problems: list[Problem], cache: BuildCache | None = None
) -> dict[str, Picture]:
    """The pictures of ``images.yml``, those whose files can be used with their location
    and stamp (the others with none: a story naming one is not told the id is
    unknown); every problem with a file is reported at its entry's ``file`` field.

    Args:
        root: The content folder.
        pictures: As ``images.yml`` lists them.
        problems: Where problems are added.
        cache: Keeps what a file's header said while the file is unchanged.
    """
    folder = root / IMAGES_FOLDER
    return {
        ident: _check_picture(folder, picture, problems, cache) or picture
        for ident, picture in pictures.items()
    }


def _check_picture(
    folder: Path, picture: Picture, problems: list[Problem], cache: BuildCache | None
) -> Picture | None:
    name = picture.file
    shown = f"content/{IMAGES_FOLDER}/{name}"
    if not name or name.startswith(".") or any(c in name for c in "/\\\0"):
        problems.append(
            picture.origin.problem(("file",), "give the file's name in content/images/, like canal-locks.jpg")
        )
        return None
    path = folder / name
    reason = file_problem(str(path), folder)
    if reason is not None:
        problems.append(picture.origin.problem(("file",), f"{shown}: {reason}"))
        return None
    info = os.stat(path)
    if not 0 < info.st_size <= MAX_BYTES:
        problems.append(
            picture.origin.problem(
                ("file",), f"{shown}: empty or over 25 MB: save it smaller (a JPEG at 2000 px)"
            )
        )
        return None
    stamp = f"{info.st_size}-{info.st_mtime_ns}"
    checked, found = derived(cache, "picture-file", picture, (stamp,), lambda: _inspect(path, picture, stamp))
    problems.extend(found)
    return checked


def _inspect(path: Path, picture: Picture, stamp: str) -> tuple[Picture | None, tuple[Problem, ...]]:
    """What the file's header says: its format and size (nothing else is decoded)."""
    shown = f"content/{IMAGES_FOLDER}/{path.name}"

    def problem(message: str, severity: Severity = Severity.ERROR) -> tuple[Problem, ...]:
        return (picture.origin.problem(("file",), f"{shown}: {message}", severity),)

    try:
        with Image.open(path, formats=FORMATS) as image:
            width, height = image.size
    except Exception:  # a damaged or foreign file can fail anywhere in a decoder: refused, never a crash
        return None, problem("not a JPEG, PNG or WebP picture: save it as one of those")
    if width * height > MAX_PIXELS:
        return None, problem(f"{width} by {height} pixels is more than a photograph: save it at 2000 px wide")
    if width < SMALLEST[0] or height < SMALLEST[1]:
        return None, problem(f"{width} by {height} pixels is too small: give one at least 1200 by 630")
    usable = replace(picture, location=str(path), stamp=stamp)
    if width < BEST[0] or height < BEST[1]:
        warning = f"{width} by {height} pixels: shared links show it blurred; 1200 by 630 or more is best"
        return usable, problem(warning, Severity.WARNING)
    return usable, ()
