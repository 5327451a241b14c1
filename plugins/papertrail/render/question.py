"""The question page: the answer (its topics linked), the stories that ask it, its topics."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from papertrail.analysis import Analysis
from papertrail.model import Content, Question
from papertrail.render.pages import Heading, Headings, RenderedPage, render_page
from papertrail.render.parts import Card, StoryLine, entity_cards, excerpt, mention_links, story_lines
from papertrail.render.paths import Linker, question_path
from papertrail.render.prose import render_prose
from papertrail.structured import SiteInfo, question_ld, to_json_ld


@dataclass(frozen=True)
class QuestionPage:
    """Everything a question page shows."""

    title: str
    answer: Markup
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
        answer=render_prose(
            question.body, mention_links(content, analysis.links.matcher, question.entities, links)
        ),
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
        meta={"pt_jsonld": to_json_ld(question_ld(question))},
    )


def question_inputs(question: Question, content: Content, analysis: Analysis) -> tuple[object, ...]:
    """Everything :func:`render_question` reads besides the question, for the build cache."""
    return (
        analysis.links.matcher,
        *content.stories_by_question.get(question.id, ()),
        *(content.entities.get(e) for e in question.entities),
    )
