"""Rules about what the papers say: quotations are in the sources, outlets named right."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping

from papertrail.analysis.mentions import whole_words_pattern
from papertrail.checks import CheckInput, cited_sources, kept_each, rule
from papertrail.content.model import Origin, Outlet, Source, Story
from papertrail.content.problems import Problem, Severity
from papertrail.content.schema import OUTLET_FACTS, SOURCE_FACTS
from papertrail.content.urls import without_article


@rule("quotations-in-sources")
def check_quotations_in_sources(given: CheckInput) -> Iterator[Problem]:
    """Every quotation of four words or more is in the cited source's text.

    The analysis checked them (see :func:`papertrail.analysis.quotes.check_story_quotes`);
    pages mark the verified ones.
    """
    for story in given.content.stories.values():
        yield from given.analysis.quote_checks[story.id][1]


@rule("papers-name-their-outlet")
def check_papers_name_their_outlet(given: CheckInput) -> Iterator[Problem]:
    """A papers item that names another outlet than its source's is a warning.

    A story's findings depend on the story, its sources, their outlets and the outlets'
    names: kept in a preview while those are the same objects.
    """
    content = given.content

    @functools.cache
    def named_in() -> Callable[[str], set[str]]:
        return _outlet_matcher(tuple((o.id, o.name) for o in content.outlets.values()))

    def check(story: Story) -> tuple[Problem, ...]:
        sources = tuple(content.sources.get(item.source) for item in story.papers)
        return _papers_naming_others(story, sources, content.outlets, named_in())

    stories = tuple(content.stories.values())
    return kept_each(
        given, "papers-name-their-outlet", stories, check, (content.outlets,), cited_sources(given)
    )


def _papers_naming_others(
    story: Story,
    sources: tuple[Source | None, ...],
    outlets: Mapping[str, Outlet],
    named_in: Callable[[str], set[str]],
) -> tuple[Problem, ...]:
    found = []
    for index, (item, source) in enumerate(zip(story.papers, sources, strict=True)):
        if source is None or source.outlet not in outlets:
            continue
        named = named_in(item.says)
        # A syndicated copy is the original outlet's article: naming either is right.
        if named and source.outlet not in named and source.syndicated_from not in named:
            others = ", ".join(sorted(outlets[o].name for o in named))
            found.append(
                story.origin.problem(
                    ("papers", index, "source"),
                    f"the text names {others}, but source '{source.id}' is from "
                    f"{outlets[source.outlet].name}",
                    Severity.WARNING,
                )
            )
    return tuple(found)


@rule("sources-have-headlines")
def check_sources_have_headlines(given: CheckInput) -> Iterator[Problem]:
    """A source without a headline is a warning: pages can only call it "Article in X"."""
    return kept_each(given, "sources-have-headlines", tuple(given.content.sources.values()), _no_headline)


def _no_headline(source: Source) -> Iterator[Problem]:
    if not source.title and "title" not in source.not_recorded:
        yield source.origin.problem(
            ("title",),
            "no headline recorded: add title: with the article's headline "
            "(pages show 'Article in …' until then)",
            Severity.WARNING,
        )


@rule("citations-complete")
def check_citations_complete(given: CheckInput) -> Iterator[Problem]:
    """A papers item citing a source with no headline or no address is a warning.

    The page says so honestly ("headline and link not recorded"), but a reader cannot
    follow the citation up: the editor should add what is missing to the source.
    """
    content = given.content

    def check(story: Story) -> Iterator[Problem]:
        for index, item in enumerate(story.papers):
            source = content.sources.get(item.source)
            if source is None or (source.title and source.url and source.published and source.author):
                continue  # most are complete: nothing to put together for them
            recorded = (
                ("title", source.title),
                ("url", source.url),
                ("published", source.published),
                ("author", source.author),
            )
            missing = [what for what, value in recorded if not value and what not in source.not_recorded]
            if missing:
                yield story.origin.problem(
                    ("papers", index, "source"),
                    f"citation incomplete: source '{source.id}' has no {' and no '.join(missing)}, "
                    f"so the page says it is not recorded; add "
                    f"{' and '.join(f'{m}:' for m in missing)} to {source.path}",
                    Severity.WARNING,
                )

    stories = tuple(content.stories.values())
    return kept_each(given, "citations-complete", stories, check, inputs=cited_sources(given))


@rule("outlets-have-countries")
def check_outlets_have_countries(given: CheckInput) -> Iterator[Problem]:
    """An outlet that is cited but has no country is a warning: the coverage line ("from
    3 countries") and the outlet's page can only leave it out."""
    content = given.content
    cited = {s.syndicated_from or s.outlet for s in content.sources.values()}
    for outlet in content.outlets.values():
        if outlet.id in cited and outlet.url and not outlet.country and "country" not in outlet.not_recorded:
            yield outlet.origin.problem(
                (),
                f"no country recorded for outlet '{outlet.name}': add country: (where it publishes from)",
                Severity.WARNING,
            )


@rule("known-gaps")
def check_known_gaps(given: CheckInput) -> Iterator[Problem]:
    """What ``not_recorded`` and ``unmentioned`` say is so: they name facts check asks
    for that are missing, and topics listed but not named (a stale entry would hide the
    next real gap)."""
    content = given.content
    # Only the few items that list gaps (a reload at 5,000 stories made 27,000 dicts here).
    listed: list[tuple[Origin, tuple[str, ...], tuple[str, ...], dict[str, object]]] = [
        (s.origin, s.not_recorded, SOURCE_FACTS, {f: getattr(s, f) for f in SOURCE_FACTS})
        for s in content.sources.values()
        if s.not_recorded
    ]
    listed += [
        (o.origin, o.not_recorded, OUTLET_FACTS, {"country": o.country})
        for o in content.outlets.values()
        if o.not_recorded
    ]
    for origin, gaps, allowed, values in listed:
        for index, fact in enumerate(gaps):
            if fact not in allowed:
                yield origin.problem(
                    ("not_recorded", index), f"'{fact}' is not one of {', '.join(allowed)}: remove it"
                )
            elif values[fact]:
                yield origin.problem(
                    ("not_recorded", index),
                    f"{fact} is recorded: remove it from not_recorded",
                    Severity.WARNING,
                )
    mentions = given.analysis.links.story_mentions
    for story in content.stories.values():
        for index, entity_id in enumerate(story.unmentioned):
            if entity_id not in story.entities:
                message = f"'{entity_id}' is not listed under entities: list it there, or remove it here"
            elif entity_id in mentions.get(story.id, set()):
                message = f"the story names '{entity_id}': remove it from unmentioned"
            else:
                continue
            yield story.origin.problem(("unmentioned", index), message, Severity.WARNING)


@functools.lru_cache(maxsize=8)
def _outlet_matcher(outlets: tuple[tuple[str, str], ...]) -> Callable[[str], set[str]]:
    """One compiled pattern over every outlet name (with or without "The"): which ones a text names."""
    owner = {without_article(name): ident for ident, name in outlets}
    if not owner:
        return lambda text: set()
    pattern = re.compile(whole_words_pattern(owner))
    return lambda text: {owner[m.group(0)] for m in pattern.finditer(text)}
