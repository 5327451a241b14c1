"""Cards among the site's files (mkdocs/card_files.py): linked to the kept card, never
written through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papertrail.mkdocs.card_files import CardFile


def _card_file(store_card: Path, site: Path, name: str = "assets/cards/s1.jpg") -> CardFile:
    file = CardFile(name, src_dir=None, dest_dir=str(site), use_directory_urls=True)
    file.abs_src_path = str(store_card)
    return file


def test_a_card_is_linked_into_the_site(tmp_path: Path) -> None:
    kept = tmp_path / "cache" / "card.jpg"
    kept.parent.mkdir()
    kept.write_bytes(b"\xff\xd8 card one")
    file = _card_file(kept, tmp_path / "site")
    file.copy_file()
    placed = tmp_path / "site" / "assets" / "cards" / "s1.jpg"
    assert placed.read_bytes() == b"\xff\xd8 card one"
    assert os.path.samefile(placed, kept)  # one file, not a copy


def test_a_card_already_in_the_site_is_replaced_not_written_through(tmp_path: Path) -> None:
    # A --dirty build finds last build's link to the old card: the new card takes its
    # place, and the old kept card keeps its own bytes.
    (tmp_path / "cache").mkdir()
    old, new = tmp_path / "cache" / "old.jpg", tmp_path / "cache" / "new.jpg"
    old.write_bytes(b"\xff\xd8 old")
    new.write_bytes(b"\xff\xd8 new")
    _card_file(old, tmp_path / "site").copy_file()
    _card_file(new, tmp_path / "site").copy_file()
    assert (tmp_path / "site" / "assets" / "cards" / "s1.jpg").read_bytes() == b"\xff\xd8 new"
    assert old.read_bytes() == b"\xff\xd8 old"


def test_where_no_link_can_be_made_the_card_is_copied_without_writing_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cache").mkdir()
    old, new = tmp_path / "cache" / "old.jpg", tmp_path / "cache" / "new.jpg"
    old.write_bytes(b"\xff\xd8 old")
    new.write_bytes(b"\xff\xd8 new")
    _card_file(old, tmp_path / "site").copy_file()  # linked

    def no_links(source: object, destination: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    _card_file(new, tmp_path / "site").copy_file()
    placed = tmp_path / "site" / "assets" / "cards" / "s1.jpg"
    assert placed.read_bytes() == b"\xff\xd8 new"
    assert not os.path.samefile(placed, new)  # copied
    assert old.read_bytes() == b"\xff\xd8 old"  # the earlier link was not copied into
