"""The question page: the answer (its topics linked), the stories that ask it, its topics."""

from __future__ import annotations

from dataclasses import dataclass

from papertrail.analysis.results import Analysis
from papertrail.content.model import Content, Question
from papertrail.render.cards import SITE_CARD
from papertrail.render.pages import Heading, Mentions, RenderedPage, render_page
from papertrail.render.paging import Pager, list_page_meta, list_pages, make_pager, page_title
from papertrail.render.parts import Card, StoryLine, entity_cards, excerpt, mention_targets, story_lines
from papertrail.render.paths import question_path
from papertrail.render.prose import Prose
from papertrail.render.structured import SiteInfo, question_ld, to_json_ld


@dataclass(frozen=True)
class QuestionPage:
    """Everything a question page shows."""

    title: str
    answer: Prose
    asked_heading: Heading | None
    asked_in: tuple[StoryLine, ...]
    topics_heading: Heading | None
    topics: tuple[Card, ...]
    pager: Pager | None = None


def render_question(
    question: Question, content: Content, analysis: Analysis, site: SiteInfo
) -> list[RenderedPage]:
    """The pages of one *Go deeper* question: the answer and the newest stories that
    ask it, then older ones :data:`~papertrail.render.paging.PAGE_SIZE` a page."""
    first = question_path(question.id)
    stories = content.stories_by_question.get(question.id, ())
    entities = [content.entities[e] for e in question.entities if e in content.entities]
    pages = []
    for at, chunk in list_pages(first, stories, site.directory_urls):
        number, links, headings = at.number, at.links, at.headings
        page = QuestionPage(
            title=page_title(question.title, number),
            answer=Prose(question.body),
            asked_heading=headings.add("Asked in") if chunk else None,
            asked_in=story_lines(chunk, links),
            topics_heading=headings.add("Topics") if entities and number == 1 else None,
            topics=entity_cards(entities, links) if number == 1 else (),
            pager=make_pager(first, number, at.count, links),
        )
        meta = list_page_meta("question", number, (s.published for s in stories))
        if number == 1:
            meta["pt_jsonld"] = to_json_ld(question_ld(question))
            meta["pt_image"] = SITE_CARD  # shared: the site's card (render/cards.py)
        pages.append(
            render_page(
                "question.html",
                page,
                path=at.path,
                title=page.title,
                headings=headings,
                description=excerpt(question.body, 30),
                origin=question.path,
                meta=meta,
                mentions=Mentions(
                    mention_targets(content, question.entities, links),
                    analysis.links.matcher,
                    analysis.links.matcher_key,
                ),
                cache=analysis.cache,
                directory_urls=site.directory_urls,
            )
        )
    return pages
