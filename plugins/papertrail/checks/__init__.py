"""Every check across content files, in one registry: one function per rule.

Per-file checks (types, required fields, sections) happen while loading, where each
field is read; what needs the whole content is here. A rule takes the content, its
analysis and what is held back, and returns the problems it finds, each naming the
file, line and field, with a fix in plain words. :func:`run_checks` runs them all.

A new rule is a function in one of the modules below with ``@rule("name")``;
``tests/checks/test_checks.py`` has one case per rule and fails when a rule has none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from papertrail.analysis.publishing import Held
from papertrail.analysis.results import Analysis
from papertrail.content.model import Content, Located
from papertrail.content.problems import Problem
from papertrail.content.workers import map_ahead


@dataclass(frozen=True)
class CheckInput:
    """What every rule may read.

    Attributes:
        content: Loaded content, held items included.
        analysis: Mentions and quotation checks of ``content``.
        held: Drafts and embargoed items, by file path.
        broken: Ids whose file exists but could not be loaded, by kind folder: a
            reference to one is not reported as unknown (the file's own problems say
            what to fix).
        site_files: The files of ``docs/`` (paths from that folder, ``about.md``):
            pages and files that links in prose may reach besides the generated ones.
        workers: Processes for the rules that check item by item (see
            :mod:`papertrail.content.workers`): 0 for one per core, 1 for this one.
    """

    content: Content
    analysis: Analysis
    held: Mapping[str, Held] = field(default_factory=dict)
    broken: Mapping[str, set[str]] = field(default_factory=dict)
    site_files: frozenset[str] = frozenset()
    workers: int = 1


Rule = Callable[[CheckInput], Iterable[Problem]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register the decorated function as the rule ``name``."""

    def register(function: Rule) -> Rule:
        if name in RULES:
            raise ValueError(f"two rules named {name!r}")
        RULES[name] = function
        return function

    return register


def each_item(
    given: CheckInput, table: str, check: Callable[[Located], tuple[Problem, ...]]
) -> Iterator[Problem]:
    """``check`` of every story, question, entity and source, for a rule whose problems
    with an item depend on that item alone: kept by the build cache (as ``table``)
    while the item is the same object, so a preview's reload checks the edited file,
    not the archive. The items the cache does not hold are checked on every core first
    (a cold build at 5,000 stories has 36,000 items to check, a second a rule)."""
    content, cache = given.content, given.analysis.cache
    items: list[Located] = [*content.stories.values(), *content.questions.values()]
    items += [*content.entities.values(), *content.sources.values()]

    def compute(positions: list[int]) -> list[tuple[Problem, ...]]:
        ahead = map_ahead(check, [items[i] for i in positions], given.workers, FEW_ITEMS, ITEMS_A_TASK)
        return ahead if ahead is not None else [check(items[i]) for i in positions]

    found = compute(list(range(len(items)))) if cache is None else cache.derived_each(table, items, compute)
    for problems in found:
        yield from problems


# Below this many items to check, checking on several cores costs more than it saves;
# a worker takes this many at a time.
FEW_ITEMS, ITEMS_A_TASK = 2000, 1000


def run_checks(given: CheckInput) -> list[Problem]:
    """Every problem every rule finds, in no particular order."""
    return [problem for check in RULES.values() for problem in check(given)]


# The rules register themselves on import.
from papertrail.checks import links, names, placeholders, prose, provenance, references  # noqa: E402

__all__ = [
    "RULES",
    "CheckInput",
    "Rule",
    "each_item",
    "links",
    "names",
    "placeholders",
    "prose",
    "provenance",
    "references",
    "rule",
    "run_checks",
]
