"""Known gaps (checks/provenance.py): facts recorded as missing, topics listed on purpose."""

from __future__ import annotations

from pathlib import Path

from papertrail.build.pipeline import check_content
from tests.conftest import SEED_CONTENT, STORY, WriteContent

BARE_SOURCE = "---\noutlet: daily\n---\n\nIt happened.\n"
OUTLETS = "daily:\n  name: The Daily\n  url: https://daily.example/\n"


def _said(root: Path) -> list[str]:
    _, problems = check_content(root, root.parent)
    return [f"{p.severity.value}: {p.field}: {p.message}" for p in problems]


def test_a_source_missing_its_facts_is_said_until_they_are_recorded_as_not_kept(
    write_content: WriteContent,
) -> None:
    said = _said(write_content({"sources/paper-one.md": BARE_SOURCE}))
    assert any("no headline recorded" in s for s in said) and any("citation incomplete" in s for s in said)
    known = BARE_SOURCE.replace(
        "outlet: daily\n", "outlet: daily\nnot_recorded: [title, url, published, author]\n"
    )
    assert _said(write_content({"sources/paper-one.md": known})) == []
    partly = BARE_SOURCE.replace("outlet: daily\n", "outlet: daily\nnot_recorded: [title, url]\n")
    left = [s for s in _said(write_content({"sources/paper-one.md": partly})) if "citation incomplete" in s]
    assert len(left) == 1 and "no published and no author" in left[0]  # only what is not recorded as gone


def test_a_stale_gap_is_a_warning_so_the_next_real_gap_is_seen(write_content: WriteContent) -> None:
    stale = "---\ntitle: It happened\noutlet: daily\nnot_recorded: [title]\n---\n\nIt happened.\n"
    said = _said(write_content({"sources/paper-two.md": stale}))
    assert "warning: not_recorded[0]: title is recorded: remove it from not_recorded" in said


def test_an_outlet_whose_country_is_not_known_says_so_once(write_content: WriteContent) -> None:
    root = write_content({"outlets.yml": OUTLETS})
    assert any("no country recorded" in s for s in _said(root))
    known = write_content({"outlets.yml": OUTLETS + "  not_recorded: [country]\n"})
    assert not any("country" in s for s in _said(known))


def test_a_topic_listed_on_purpose_without_a_mention_is_not_asked_for(write_content: WriteContent) -> None:
    listed = STORY.replace("entities: [alpha]", "entities: [alpha, beta]")
    beta = "name: Beta Body\nkind: organisation\nsummary: A body.\n"
    said = _said(write_content({"stories/test-story.md": listed, "entities/beta.yml": beta}))
    assert any("'beta' is listed but the story never mentions it" in s for s in said)
    on_purpose = listed.replace("entities: [alpha, beta]", "entities: [alpha, beta]\nunmentioned: [beta]")
    assert _said(write_content({"stories/test-story.md": on_purpose, "entities/beta.yml": beta})) == []
    named = on_purpose.replace("unmentioned: [beta]", "unmentioned: [alpha]")
    said = _said(write_content({"stories/test-story.md": named, "entities/beta.yml": beta}))
    assert "warning: unmentioned[0]: the story names 'alpha': remove it from unmentioned" in said


def test_the_seed_newsroom_checks_clean() -> None:
    """The seeds' gaps are recorded as such: an editor who copies them sees no warning,
    so the first warning of their own stands out."""
    _, problems = check_content(SEED_CONTENT)
    assert [str(p) for p in problems] == []
