"""An author's page: who they are, and the stories they wrote or edited, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from papertrail.analysis.results import Analysis
from papertrail.content.model import Author, Content, Story
from papertrail.render.cards import author_photo, portrait_path
from papertrail.render.pages import Heading, RenderedPage, render_page
from papertrail.render.paging import Pager, list_page_meta, list_pages, make_pager, page_title
from papertrail.render.parts import LeadPicture, Named, StoryLine, shown_picture, story_lines
from papertrail.render.paths import Linker, author_path
from papertrail.render.prose import Prose
from papertrail.render.structured import SiteInfo


@dataclass(frozen=True)
class AuthorPage:
    """Everything an author's page shows."""

    name: str
    role: str | None
    bio: Prose | None
    url: str | None
    photo: LeadPicture | None
    stories_heading: Heading | None
    stories: tuple[StoryLine, ...]
    pager: Pager | None = None


def bylines(ids: tuple[str, ...], content: Content, links: Linker) -> tuple[Named, ...]:
    """The authors ``ids`` names, linked to their pages, each with their role."""
    return tuple(
        Named(links.to(author_path(a.id)), a.name, a.role)
        for a in (content.authors.get(i) for i in ids)
        if a is not None
    )


def render_author(author: Author, content: Content, analysis: Analysis, site: SiteInfo) -> list[RenderedPage]:
    """The pages of one author: who they are, then their stories
    :data:`~papertrail.render.paging.PAGE_SIZE` a page."""
    first = author_path(author.id)
    stories: tuple[Story, ...] = content.stories_by_author.get(author.id, ())
    picture = author_photo(author, content)
    pages = []
    for at, chunk in list_pages(first, stories, site.directory_urls):
        is_first = at.number == 1
        page = AuthorPage(
            name=page_title(author.name, at.number),
            role=author.role,
            bio=Prose(author.bio, linked=False) if author.bio and is_first else None,
            url=author.url if is_first else None,
            photo=shown_picture(picture, at.links.to(portrait_path(author.id))) if is_first else None,
            stories_heading=at.headings.add("Stories") if chunk else None,
            stories=story_lines(chunk, at.links),
            pager=make_pager(first, at.number, at.count, at.links),
        )
        pages.append(
            render_page(
                "author.html",
                page,
                path=at.path,
                title=page.name,
                headings=at.headings,
                description=author.role or f"Stories by {author.name}",
                origin=author.path,
                # Found in search among the site's pages (the search dialog's "Pages").
                meta=list_page_meta("page", at.number, (s.published for s in stories)),
                cache=analysis.cache,
                directory_urls=site.directory_urls,
            )
        )
    return pages
