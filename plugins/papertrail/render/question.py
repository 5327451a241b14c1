"""The question page: the answer (its topics linked), the stories that ask it, its topics."""

from __future__ import annotations

from dataclasses import dataclass

from papertrail.analysis import Analysis
from papertrail.model import Content, Question
from papertrail.render.pages import Heading, Headings, Mentions, RenderedPage, render_page, search_date
from papertrail.render.parts import Card, StoryLine, entity_cards, excerpt, mention_targets, story_lines
from papertrail.render.paths import Linker, question_path
from papertrail.render.prose import Prose
from papertrail.structured import SiteInfo, question_ld, to_json_ld


@dataclass(frozen=True)
class QuestionPage:
    """Everything a question page shows."""

    title: str
    answer: Prose
    asked_heading: Heading | None
    asked_in: tuple[StoryLine, ...]
    topics_heading: Heading | None
    topics: tuple[Card, ...]


def render_question(question: Question, content: Content, analysis: Analysis, site: SiteInfo) -> RenderedPage:
    """The page of one *Go deeper* question."""
    here = question_path(question.id)
    links = Linker(here, site.directory_urls)
    headings = Headings()
    stories = content.stories_by_question.get(question.id, ())
    entities = [content.entities[e] for e in question.entities if e in content.entities]
    page = QuestionPage(
        title=question.title,
        answer=Prose(question.body),
        asked_heading=headings.add("Asked in") if stories else None,
        asked_in=story_lines(stories, links),
        topics_heading=headings.add("Topics") if entities else None,
        topics=entity_cards(entities, links),
    )
    return render_page(
        "question.html",
        page,
        path=here,
        title=question.title,
        headings=headings,
        description=excerpt(question.body, 30),
        origin=question.path,
        meta={
            "pt_jsonld": to_json_ld(question_ld(question)),
            "hide": ["navigation"],
            "pt_kind": "question",
            **search_date(*(s.published for s in stories)),
        },
        mentions=Mentions(
            mention_targets(content, question.entities, links),
            analysis.links.matcher,
            analysis.links.matcher_key,
        ),
        cache=analysis.cache,
    )
