"""Analysis: what the content implies, found once for the checks and the pages.

The content model holds what editors wrote; this phase works out what follows from
it (every entity mention with its sentence, every quotation checked against its
source) so that checks and rendering read the same results and neither recomputes
them. With a build cache, results whose inputs are the same objects as in the last
build are reused (see :mod:`papertrail.content.cache`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from papertrail.analysis.mentions import LinkIndex, index_links
from papertrail.analysis.quotes import Quote, check_story_quotes
from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import Content
from papertrail.content.problems import Problem

QuoteCheck = tuple[list[Quote], list[Problem]]


@dataclass(frozen=True)
class Analysis:
    """The derived facts about one :class:`~papertrail.content.model.Content`.

    Attributes:
        links: Every entity mention in stories and questions, and what follows from them.
        quote_checks: Story id to its verified quotations and the quotation problems.
        cache: The build cache the pages may reuse their work from.
    """

    links: LinkIndex
    quote_checks: Mapping[str, QuoteCheck]
    cache: BuildCache | None = field(default=None, compare=False, repr=False)


def analyse(content: Content, cache: BuildCache | None = None) -> Analysis:
    """Find every mention and check every quotation of ``content``, once.

    Args:
        content: Loaded content (for pages: the content that is shown).
        cache: Work from an earlier build to reuse.
    """
    quote_checks = {
        story.id: derived(
            cache,
            "quotes",
            story,
            tuple(content.sources.get(item.source) for item in story.papers),
            partial(check_story_quotes, story, content),
        )
        for story in content.stories.values()
    }
    return Analysis(index_links(content, cache), quote_checks, cache)
