"""Pictures (content/pictures.py): images.yml entries whose files are checked before they are read."""

from __future__ import annotations

import io
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from papertrail.build.pipeline import check_content
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from tests.conftest import STORY, WriteContent


def picture_bytes(size: tuple[int, int] = (1600, 900), kind: str = "JPEG", mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#2a6f97").save(out, kind)
    return out.getvalue()


def listing(*entries: tuple[str, str]) -> str:
    return "".join(
        f"{ident}:\n  file: {name}\n  alt: Ships in the lock\n  credit: 'Photo: A. Reyes'\n"
        for ident, name in entries
    )


def test_a_listed_picture_with_its_file_is_usable(write_content: WriteContent) -> None:
    root = write_content({"images.yml": listing(("locks", "locks.jpg")), "images/locks.jpg": picture_bytes()})
    loaded = load_content(root, root.parent)
    picture = loaded.content.images["locks"]
    assert loaded.problems == []
    assert Path(picture.location) == root / "images" / "locks.jpg"
    assert (picture.alt, picture.credit) == ("Ships in the lock", "Photo: A. Reyes")


def test_every_problem_with_the_files_is_said_at_once_path_first(
    write_content: WriteContent, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes(picture_bytes())
    root = write_content(
        {
            "images.yml": listing(
                ("missing", "missing.jpg"),
                ("text", "notes.jpg"),
                ("tiny", "tiny.png"),
                ("small", "small.jpg"),
                ("link", "link.jpg"),
                ("climbs", "../stories/test-story.md"),
            )
            + "bare:\n  file: bare.jpg\n",
            "images/notes.jpg": "not a picture",
            "images/tiny.png": picture_bytes((300, 200), "PNG"),
            "images/small.jpg": picture_bytes((800, 500)),
        }
    )
    (root / "images" / "link.jpg").symlink_to(outside)
    loaded = load_content(root, root.parent)
    said = {p.field: (p.severity.value, p.message) for p in loaded.problems}
    assert all(str(p).startswith("content/images.yml:") for p in loaded.problems)
    assert set(said) == {f"{i}.file" for i in ("missing", "text", "tiny", "small", "link", "climbs")} | {
        "bare.alt",
        "bare.credit",
    }
    assert said["small.file"][0] == "warning" and "1200 by 630" in said["small.file"][1]
    assert all(said[f"{i}.file"][0] == "error" for i in ("missing", "text", "tiny", "link", "climbs"))
    assert "JPEG, PNG or WebP" in said["text.file"][1]
    # Every listed picture is known (a story naming one is told about its file, not an
    # unknown id), but only the usable one has a file to publish.
    images = loaded.content.images
    assert [i for i, p in images.items() if p.location] == ["small"]
    assert "bare" not in images


def test_a_story_naming_an_unusable_picture_fails_check_at_the_picture(write_content: WriteContent) -> None:
    root = write_content(
        {"images.yml": listing(("locks", "locks.jpg")), "images/locks.jpg": "broken"},
        story=STORY.replace("by: [reporter]", "by: [reporter]\nimage: locks"),
    )
    _, problems = check_content(root, root.parent)
    errors = [str(p) for p in problems if p.is_error]
    assert len(errors) == 1 and errors[0].startswith("content/images.yml:2: locks.file: error:")


def test_a_replaced_file_is_read_again_an_unchanged_one_is_not(write_content: WriteContent) -> None:
    root = write_content({"images.yml": listing(("locks", "locks.jpg")), "images/locks.jpg": picture_bytes()})
    cache = BuildCache()
    first = load_content(root, root.parent, cache).content.images["locks"]
    assert load_content(root, root.parent, cache).content.images["locks"] is first  # same object: pages kept
    (root / "images" / "locks.jpg").write_bytes(picture_bytes((2000, 1000)))
    os.utime(root / "images" / "locks.jpg", ns=(1, 1))
    second = load_content(root, root.parent, cache).content.images["locks"]
    assert second.stamp != first.stamp


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=2000), st.sampled_from(["JPEG", "PNG", "WEBP"]))
def test_any_bytes_as_a_picture_are_usable_or_one_problem(
    write_content: WriteContent, junk: bytes, kind: str
) -> None:
    """Damaged pictures (a real header, then anything) never stop loading."""
    data = picture_bytes((640, 400), kind)[: len(junk)] + junk
    root = write_content({"images.yml": listing(("x", "x.img")), "images/x.img": data})
    loaded = load_content(root, root.parent)
    errors = [p for p in loaded.problems if p.is_error]
    assert bool(loaded.content.images["x"].location) != bool(errors)
    assert len(loaded.problems) <= 1
