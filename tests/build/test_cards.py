"""Sharing cards kept between builds and drawn on every core (build/cards.py)."""

from __future__ import annotations

import os
from pathlib import Path

from papertrail.build.cards import CardStore, make_cards
from papertrail.render.cards import CardSpec, render_card

SPECS = {f"assets/cards/s{i}.jpg": CardSpec(f"Story {i}", "Explainer", "Newsroom") for i in range(3)}


def _bytes(cards: dict[str, Path]) -> dict[str, bytes]:
    return {path: file.read_bytes() for path, file in cards.items()}


def test_cards_are_drawn_once_and_kept_on_disk_for_the_next_build(tmp_path: Path) -> None:
    store = CardStore(tmp_path / "cards")
    first = _bytes(make_cards(SPECS, store))
    assert store.drawn == 3 and first["assets/cards/s1.jpg"] == render_card(SPECS["assets/cards/s1.jpg"])
    assert _bytes(make_cards(SPECS, store)) == first and store.drawn == 0  # a preview's reload
    again = CardStore(tmp_path / "cards")  # the next build, in a new process
    assert _bytes(make_cards(SPECS, again)) == first and again.drawn == 0


def test_a_changed_story_draws_its_card_and_drops_the_old_one(tmp_path: Path) -> None:
    store = CardStore(tmp_path / "cards")
    make_cards(SPECS, store)
    changed = {**SPECS, "assets/cards/s0.jpg": CardSpec("Story 0, updated", "Explainer", "Newsroom")}
    make_cards(changed, store)
    assert store.drawn == 1
    assert len(list((tmp_path / "cards").glob("*.jpg"))) == 3  # the old card's file went
    # A card left by another build is removed by the next process's first look.
    (tmp_path / "cards" / f"{'0' * 32}.jpg").write_bytes(render_card(CardSpec("Gone", "x", "y")))
    make_cards(changed, CardStore(tmp_path / "cards"))
    assert len(list((tmp_path / "cards").glob("*.jpg"))) == 3


def test_a_planted_or_damaged_card_file_is_drawn_again(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    make_cards(SPECS, CardStore(folder))
    spec = SPECS["assets/cards/s0.jpg"]
    (folder / f"{spec.key}.jpg").write_bytes(b"<script>not a card</script>")
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes(render_card(CardSpec("Someone else's", "x", "y")))
    other = folder / f"{SPECS['assets/cards/s1.jpg'].key}.jpg"
    other.unlink()
    os.symlink(outside, other)
    store = CardStore(folder)
    cards = make_cards(SPECS, store)
    assert store.drawn == 2  # neither the damaged file nor the link was taken
    assert cards["assets/cards/s0.jpg"].read_bytes() == render_card(spec)
    assert not cards["assets/cards/s1.jpg"].is_symlink()


def test_without_a_cache_folder_cards_live_in_a_folder_removed_at_the_end() -> None:
    store = CardStore()
    cards = make_cards(SPECS, store)
    folder = store.folder
    assert all(path.is_file() and path.parent == folder for path in cards.values())
    store.close()
    assert not folder.exists()


def test_two_workers_draw_what_one_draws(tmp_path: Path) -> None:
    many = {f"assets/cards/s{i}.jpg": CardSpec(f"Story {i}", "Explainer", "Newsroom") for i in range(70)}
    two = _bytes(make_cards(many, CardStore(tmp_path / "two"), workers=2))
    assert two == _bytes(make_cards(many, CardStore(tmp_path / "one"), workers=1))


def test_the_builds_other_work_is_done_once_here_while_workers_draw(tmp_path: Path) -> None:
    # The build saves its cache meanwhile (fork_chunks runs it while the workers work:
    # tests/content/test_workers.py); the cards are those one process draws.
    many = {f"assets/cards/s{i}.jpg": CardSpec(f"Story {i}", "Explainer", "Newsroom") for i in range(70)}
    done: list[int] = []
    cards = make_cards(
        many, CardStore(tmp_path / "two"), workers=2, meanwhile=lambda: done.append(os.getpid())
    )
    assert done == [os.getpid()]
    assert _bytes(cards) == _bytes(make_cards(many, CardStore(tmp_path / "one"), workers=1))
    # Without workers it is done once, after the cards.
    store = CardStore(tmp_path / "few")
    after: list[int] = []
    make_cards(SPECS, store, workers=1, meanwhile=lambda: after.append(len(list(store.folder.glob("*.jpg")))))
    assert after == [len(SPECS)]
