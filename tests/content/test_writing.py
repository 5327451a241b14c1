"""Files are written whole or not at all (papertrail.content.writing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papertrail.content.writing import atomic_output, write_all_or_none, write_atomic


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_write_replaces_the_file_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "a.md"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert listing(target.parent) == {"a.md": b"two\n"}


def test_a_write_that_fails_halfway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cache.bin"
    write_atomic(target, b"old")
    with pytest.raises(OSError, match="disk full"), atomic_output(target) as stream:
        stream.write(b"half of the new")
        raise OSError("disk full")
    assert listing(tmp_path) == {"cache.bin": b"old"}


def test_all_or_none_writes_every_file(tmp_path: Path) -> None:
    write_all_or_none({tmp_path / "a.md": "a", tmp_path / "raw" / "a.txt": b"raw"})
    assert listing(tmp_path / "raw") == {"a.txt": b"raw"}
    assert (tmp_path / "a.md").read_text() == "a"


@pytest.mark.parametrize("failing", ["a.md", "b.md"])
def test_all_or_none_undoes_every_file_when_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    (tmp_path / "a.md").write_text("the editor's a")
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == failing and not calls:
            calls.append(failing)
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr("papertrail.content.writing.os.replace", replace)
    with pytest.raises(OSError, match="disk full"):
        write_all_or_none({tmp_path / "a.md": "new a", tmp_path / "b.md": "new b"})
    assert listing(tmp_path) == {"a.md": b"the editor's a"}
