"""The check registry: each rule finds its problem, alone, and nothing in clean content.

Every rule in ``papertrail.checks.RULES`` needs a case in ``CASES``: a rule added
without one fails ``test_every_rule_has_a_case``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from papertrail import checks
from papertrail.analysis.publishing import find_held
from papertrail.analysis.results import analyse
from papertrail.checks import RULES, CheckInput
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from tests.conftest import STORY, WriteContent

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
QUOTED_SOURCE = (
    "---\ntitle: It happened\noutlet: daily\n---\n\nThe minister called it a new chapter for both.\n"
)

# rule -> (files to write over the valid fixture, the exact problem it reports)
CASES: dict[str, tuple[dict[str, str | None], str]] = {
    "story-references": (
        {"stories/test-story.md": STORY.replace("entities: [alpha]", "entities: [alpha, nobody]")},
        "content/stories/test-story.md:5: entities[1]: error: unknown entity 'nobody': "
        "`papertrail ls entities` lists the ids there are",
    ),
    "story-authors": (
        {"stories/test-story.md": STORY.replace("by: [reporter]", "by: [reportr]")},
        "content/stories/test-story.md:11: by[0]: error: unknown author 'reportr': did you mean 'reporter'?",
    ),
    "pictures-listed": (
        {"stories/test-story.md": STORY.replace("by: [reporter]", "by: [reporter]\nimage: canal")},
        "content/stories/test-story.md:12: image: error: unknown image 'canal': add it to content/images.yml "
        "(file, alt, credit) with its file in content/images/",
    ),
    "known-gaps": (
        {
            "sources/paper-one.md": "---\ntitle: It happened\noutlet: daily\nnot_recorded: [title, byline]\n---\n\nIt happened.\n"
        },
        "content/sources/paper-one.md:4: not_recorded[1]: error: 'byline' is not one of title, url, published, author: remove it",
    ),
    "prose-links": (
        {
            "stories/test-story.md": STORY.replace(
                "Alpha Person did it.", "[Alpha Person](/topics/alfa/) did it."
            )
        },
        "content/stories/test-story.md:16: body: error: link '/topics/alfa/' goes to no page of the site: "
        "did you mean /topics/alpha/?",
    ),
    "sources-cited-once": (
        {"stories/test-story.md": STORY.replace("sources: [paper-two]", "sources: [paper-one]")},
        "content/stories/test-story.md:10: sources[0]: warning: 'paper-one' is already cited under papers; list it once",
    ),
    "question-references": (
        {"questions/why.md": "---\ntitle: Why?\nentities: [alpha, nobody]\n---\n\nBecause Alpha said so.\n"},
        "content/questions/why.md:3: entities[1]: error: unknown entity 'nobody': "
        "`papertrail ls entities` lists the ids there are",
    ),
    "source-outlets": (
        {"sources/paper-two.md": "---\ntitle: It happened again\noutlet: weekly\n---\n"},
        "content/sources/paper-two.md:3: outlet: error: unknown outlet 'weekly': add it to outlets.yml "
        "(see `papertrail ls outlets`)",
    ),
    "published-links-to-held": (
        {"sources/paper-two.md": "---\ntitle: It happened again\noutlet: daily\ndraft: true\n---\n"},
        "content/stories/test-story.md:10: sources[0]: error: links to source 'paper-two' (draft: not published); publish it first",
    ),
    "unique-entity-names": (
        {"entities/beta.yml": "name: Beta\nkind: person\nsummary: B.\naliases: [Alpha]\n"},
        "content/entities/beta.yml:4: aliases[0]: error: 'Alpha' is also a name of entity 'alpha'",
    ),
    "listed-entities-mentioned": (
        {"stories/test-story.md": STORY.replace("Alpha Person did it.", "Somebody did it.")},
        "content/stories/test-story.md:5: entities[0]: warning: 'alpha' is listed but the story never mentions it",
    ),
    "quotations-in-sources": (
        {
            "sources/paper-one.md": QUOTED_SOURCE,
            "stories/test-story.md": STORY.replace(
                "The Daily says it happened.", "The Daily says it was “the end of an era for both”."
            ),
        },
        "content/stories/test-story.md:9: papers[0].says: error: quote “the end of an era for both” is not in source 'paper-one'; "
        "nothing in it comes close: quote the source exactly",
    ),
    "papers-name-their-outlet": (
        {
            "outlets.yml": "daily:\n  name: The Daily\nweekly:\n  name: The Weekly\n",
            "stories/test-story.md": STORY.replace("The Daily says", "The Weekly says"),
        },
        "content/stories/test-story.md:8: papers[0].source: warning: the text names The Weekly, but source 'paper-one' is from The Daily",
    ),
    "sources-have-headlines": (
        {"sources/paper-two.md": "---\noutlet: daily\nurl: https://daily.example/two\n---\n\nText.\n"},
        "content/sources/paper-two.md:1: title: warning: no headline recorded: add title: with the article's "
        "headline (pages show 'Article in …' until then)",
    ),
    "citations-complete": (
        {"sources/paper-one.md": "---\noutlet: daily\n---\n\nThe first paragraph of the article.\n"},
        "content/stories/test-story.md:8: papers[0].source: warning: citation incomplete: source 'paper-one' "
        "has no title and no url and no published and no author, so the page says it is not recorded; "
        "add title: and url: and published: and author: to content/sources/paper-one.md",
    ),
    "outlets-have-countries": (
        {"outlets.yml": "daily:\n  name: The Daily\n  url: https://daily.example/\n"},
        "content/outlets.yml:1: daily: warning: no country recorded for outlet 'The Daily': "
        "add country: (where it publishes from)",
    ),
    "no-placeholders": (
        {
            "entities/alpha.yml": "name: Alpha Person\nkind: person\nsummary: Who or what Alpha is, in a sentence or two.\n"
        },
        "content/entities/alpha.yml:3: summary: error: still holds the skeleton's text "
        "'Who or what Alpha is, in a sentence or two.': write it",
    ),
    "no-raw-html": (
        {"questions/why.md": "---\ntitle: Why?\nentities: [alpha]\n---\n\nBecause <b>Alpha</b> said so.\n"},
        # The body's problems point at its first line (after the front matter and a blank line).
        "content/questions/why.md:6: body: warning: raw HTML is shown as text, never run: </b>, <b>; write Markdown instead",
    ),
}


def run_rule(name: str, root: Path) -> list[str]:
    loaded = load_content(root, root.parent)
    given = CheckInput(loaded.content, analyse(loaded.content), find_held(loaded.content, NOW), loaded.broken)
    return sorted(str(problem) for problem in RULES[name](given))


def test_every_rule_has_a_case() -> None:
    assert sorted(RULES) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_finds_its_problem_and_nothing_in_clean_content(write_content: WriteContent, name: str) -> None:
    assert run_rule(name, write_content()) == [], "the valid fixture must pass every rule"
    overrides, expected = CASES[name]
    found = run_rule(name, write_content(overrides))
    assert expected in found, found


def test_a_published_story_without_a_byline_is_a_warning_a_draft_is_not(write_content: WriteContent) -> None:
    unsigned = STORY.replace("by: [reporter]\n", "")
    found = run_rule("story-authors", write_content({"stories/test-story.md": unsigned}))
    assert found == [
        "content/stories/test-story.md:1: by: warning: no byline: add by: with the ids of who wrote it "
        "(listed in content/authors.yml)"
    ]
    draft = unsigned.replace("title: A test story", "title: A test story\ndraft: true")
    assert run_rule("story-authors", write_content({"stories/test-story.md": draft})) == []
    edited = STORY.replace("by: [reporter]", "by: [reporter]\nedited_by: [nobody]")
    assert any(
        "edited_by[0]: error: unknown author 'nobody'" in m
        for m in run_rule("story-authors", write_content({"stories/test-story.md": edited}))
    )


def test_per_item_rules_find_the_same_on_several_cores_with_and_without_a_cache(
    write_content: WriteContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules that read one item check the items a cache lacks in worker processes;
    what they find is what one process finds, in the same order, and a second run with
    the cache takes every item's problems from it."""
    skeleton = STORY.replace("Reasons.", "Write this section.").replace(
        "Alpha Person did it.", "<b>Alpha</b>"
    )
    answer = "---\ntitle: Why?\nentities: [alpha]\n---\n\nAnswer the question in a paragraph.\n"
    source = (
        "---\ntitle: It happened\noutlet: daily\nurl: https://daily.example/one\npublished: 2025-09-02\n"
        "author: Dana Writer\n---\n\nThe first <i>paragraph</i> of the article.\n"
    )
    blurb = "name: Alpha Person\nkind: person\nsummary: Who or what Alpha Person is, in a sentence or two.\n"
    root = write_content(
        {
            "stories/test-story.md": skeleton,
            "questions/why.md": answer,
            "entities/alpha.yml": blurb,
            "sources/paper-one.md": source,
        }
    )
    loaded = load_content(root, root.parent)
    per_item = ["no-placeholders", "no-raw-html"]

    def found(workers: int, cache: BuildCache | None) -> list[str]:
        analysis = analyse(loaded.content, cache)
        given = CheckInput(loaded.content, analysis, {}, loaded.broken, workers=workers)
        return [str(p) for name in per_item for p in RULES[name](given)]

    alone = found(1, None)
    assert sum("still" in p for p in alone) == 3 and sum("raw HTML" in p for p in alone) == 2
    monkeypatch.setattr(checks, "FEW_ITEMS", 1)
    monkeypatch.setattr(checks, "ITEMS_A_TASK", 1)
    cache = BuildCache()
    assert found(2, None) == alone
    assert found(2, cache) == alone
    misses = cache.misses
    assert found(2, cache) == alone
    assert cache.misses == misses  # nothing checked again


def _reload_rule(name: str, root: Path, cache: BuildCache, changed: list[Path]) -> list[str]:
    """``name``'s problems in a preview's reload: the content loaded and analysed with
    the cache of the last build, told which files changed."""
    cache.begin([str(path) for path in changed])
    loaded = load_content(root, root.parent, cache)
    analysis = analyse(loaded.content, cache)
    given = CheckInput(loaded.content, analysis, find_held(loaded.content, NOW), loaded.broken)
    return sorted(str(problem) for problem in RULES[name](given))


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_in_a_reload_finds_what_it_finds_in_a_fresh_check(
    write_content: WriteContent, name: str
) -> None:
    """A reload keeps an item's problems from the last build only while nothing they
    follow from changed: the case's problem appears when its files are written, and goes
    when they are written back."""
    root = write_content()
    cache = BuildCache()
    overrides, expected = CASES[name]
    assert _reload_rule(name, root, cache, []) == []
    written = [root / path for path in overrides]
    before = {path: path.read_bytes() if path.exists() else None for path in written}
    write_content(overrides)
    for path, text in overrides.items():
        if text is None:
            (root / path).unlink(missing_ok=True)
    found = _reload_rule(name, root, cache, written)
    assert expected in found and found == run_rule(name, root)
    for path, data in before.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)
    assert _reload_rule(name, root, cache, written) == []
    assert _reload_rule(name, root, cache, []) == []  # and with nothing changed


def test_a_reload_that_changes_what_a_story_mentions_but_not_the_story_checks_it_again(
    write_content: WriteContent,
) -> None:
    # An outlet named after the entity shadows its mentions: the story, untouched, no
    # longer mentions the entity it lists.
    root = write_content()
    cache = BuildCache()
    assert _reload_rule("listed-entities-mentioned", root, cache, []) == []
    outlets = root / "outlets.yml"
    outlets.write_text(
        outlets.read_text(encoding="utf-8")
        + "alpha-times:\n  name: Alpha Person did it\n  url: https://alpha.example/\n  country: Nowhere\n",
        encoding="utf-8",
    )
    found = _reload_rule("listed-entities-mentioned", root, cache, [outlets])
    assert found == run_rule("listed-entities-mentioned", root)
    assert any("listed but the story never mentions it" in problem for problem in found), found


@pytest.mark.parametrize(
    ("name", "listing", "renamed", "unknown"),
    [
        ("source-outlets", "outlets.yml", ("daily:", "weekly:"), "unknown outlet 'daily'"),
        ("story-authors", "authors.yml", ("reporter:", "writer:"), "unknown author 'reporter'"),
    ],
)
def test_a_reload_that_changes_only_a_listing_checks_every_item_that_names_it_again(
    write_content: WriteContent, name: str, listing: str, renamed: tuple[str, str], unknown: str
) -> None:
    # The items are the identical objects of the last build; what they name is not
    # listed any more.
    root = write_content()
    cache = BuildCache()
    assert _reload_rule(name, root, cache, []) == []
    path = root / listing
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(*renamed), encoding="utf-8")
    found = _reload_rule(name, root, cache, [path])
    assert any(unknown in problem for problem in found)
    assert found == run_rule(name, root)
    path.write_text(original, encoding="utf-8")
    assert _reload_rule(name, root, cache, [path]) == []
