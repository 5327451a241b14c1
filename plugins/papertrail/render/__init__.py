"""Pages as finished HTML: typed page specs rendered by autoescaping Jinja2 templates.

One module per page kind (``story``, ``topic``, ``question``, ``sources`` for source
and outlet pages, ``indexes`` for home and the index pages), each with a frozen spec
of what the page shows, a function that builds it from content, and a template in
``templates/``. Prose goes through :mod:`~papertrail.render.prose` (CommonMark, raw
HTML off); links between pages come from :mod:`~papertrail.render.paths`;
:mod:`~papertrail.render.site` renders every page and feed.
"""

from papertrail.render.pages import Heading, Notice, RenderedPage, render_notice
from papertrail.render.paths import HOME_PATH, SITE_FEED
from papertrail.render.site import Asset, held_notice, problems_notice, render_feeds, render_site

__all__ = [
    "HOME_PATH",
    "SITE_FEED",
    "Asset",
    "Heading",
    "Notice",
    "RenderedPage",
    "held_notice",
    "problems_notice",
    "render_feeds",
    "render_notice",
    "render_site",
]
