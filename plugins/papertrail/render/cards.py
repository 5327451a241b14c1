"""Sharing cards: the image a link to a story shows when it is shared (1200 by 630).

A card is drawn at build time from what the page already says (the headline, the
type of work, the site's name) in the site's brand colour, with Pillow and the font
it carries (no font is fetched or looked up on the machine, so every build draws the
same card). Topic and question pages share the site's card. The image is a JPEG:
encoding one is a quarter of the time of a PNG of the same card, which counts at
thousands of stories (see :mod:`papertrail.build.cards` for caching and workers).
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import astuple, dataclass
from functools import partial
from typing import Literal

import PIL
from PIL import Image, ImageDraw, ImageFont

from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import Content, Story
from papertrail.render.colours import text_colour_on
from papertrail.render.parts import WORK_LABELS
from papertrail.render.prose import typographic

CARD_SIZE = (1200, 630)
CARDS_FOLDER = "assets/cards"
SITE_CARD = f"{CARDS_FOLDER}/site.jpg"
# The publisher's logo in JSON-LD when the theme names none: the site's initials.
SITE_LOGO = f"{CARDS_FOLDER}/logo.jpg"
LOGO_SIZE = (512, 512)
DEFAULT_COLOUR = "#4051b5"  # Material's indigo, the header's colour without brand_colour:
# Bump when the drawing changes: cards cached under the old key are drawn again.
CARD_VERSION = 1

_MARGIN = 64
_BAND = 96  # the brand band at the top, with the site's name
_HEADLINE_SIZES = (76, 68, 60, 52, 46)  # the largest that fits is used
_TEXT = "#1a1a1a"


@dataclass(frozen=True)
class CardSpec:
    """What a card shows.

    Attributes:
        title: The headline (or, for the site's card, the site's name).
        label: The type of work above it ("Explainer"), or a line about the site.
        site: The site's name, in the band.
        colour: The brand colour, ``#rrggbb``.
        shape: A sharing card, or the site's square logo (its initials).
    """

    title: str
    label: str
    site: str
    colour: str = DEFAULT_COLOUR
    shape: Literal["card", "logo"] = "card"

    @property
    def key(self) -> str:
        """A digest of everything the card shows and of how it is drawn."""
        text = "\0".join((str(CARD_VERSION), PIL.__version__, *astuple(self)))
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def card_path(story_id: str) -> str:
    """Where a story's card is in the site."""
    return f"{CARDS_FOLDER}/{story_id}.jpg"


def render_card(spec: CardSpec) -> bytes:
    """The card (or the logo) as JPEG bytes."""
    if spec.shape == "logo":
        return _render_logo(spec)
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, _BAND), fill=spec.colour)
    on_brand = text_colour_on(spec.colour)
    draw.text(
        (_MARGIN, _BAND // 2),
        _fitted(spec.site, _font(36), width - 2 * _MARGIN),
        font=_font(36),
        fill=on_brand,
        anchor="lm",
    )
    draw.text((_MARGIN, _BAND + 56), spec.label.upper(), font=_font(30), fill=spec.colour)
    room = height - (_BAND + 120) - 60
    size, lines = _headline(spec.title, width - 2 * _MARGIN, room)
    y = _BAND + 112
    for line in lines:
        draw.text((_MARGIN, y), line, font=_font(size), fill=_TEXT)
        y += round(size * 1.2)
    draw.rectangle((0, height - 18, width, height), fill=spec.colour)
    out = io.BytesIO()
    # 4:4:4: coloured and dark text on white keeps its edges.
    image.save(out, "JPEG", quality=88, subsampling=0, optimize=False)
    return out.getvalue()


def _render_logo(spec: CardSpec) -> bytes:
    """The site's initials, in the text colour that reads on the brand colour."""
    image = Image.new("RGB", LOGO_SIZE, spec.colour)
    initials = "".join(word[0] for word in spec.site.split()[:2] if word[0].isalnum()).upper() or "N"
    ImageDraw.Draw(image).text(
        (LOGO_SIZE[0] // 2, LOGO_SIZE[1] // 2),
        initials,
        font=_font(240 if len(initials) == 1 else 200),
        fill=text_colour_on(spec.colour),
        anchor="mm",
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, subsampling=0)
    return out.getvalue()


@functools.lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own font (Aileron): the same on every machine, loaded once per size.
    return ImageFont.load_default(size=size)


def _headline(title: str, width: int, room: int) -> tuple[int, list[str]]:
    """The largest size whose wrapped lines fit ``room``; the smallest, cut with "…", if none does."""
    for size in _HEADLINE_SIZES:
        lines = _wrap(title, _font(size), width)
        if len(lines) * size * 1.2 <= room:
            return size, lines
    size = _HEADLINE_SIZES[-1]
    font = _font(size)
    most = max(1, int(room // (size * 1.2)))
    lines = _wrap(title, font, width)
    if len(lines) > most:
        lines = [*lines[: most - 1], _fitted(" ".join(lines[most - 1 :]), font, width)]
    return size, lines


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and font.getlength(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return [_fitted(line, font, width) for line in lines] or [""]


def _fitted(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> str:
    """``text``, cut with "…" where it would run past ``width`` (one very long word)."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def card_specs(
    content: Content,
    site_name: str,
    colour: str = DEFAULT_COLOUR,
    *,
    logo: bool = True,
    cache: BuildCache | None = None,
) -> dict[str, CardSpec]:
    """Every card the site's pages name, by path: one per story, the site's own (topic
    and question pages share it), and with ``logo`` the site's logo (for a theme that
    names none). With a build cache, a story's card spec is kept while the story is the
    same object (a preview's reload makes one, not thousands)."""
    specs = {SITE_CARD: CardSpec(site_name, "Explainers", site_name, colour)}
    if logo:
        specs[SITE_LOGO] = CardSpec(site_name, "", site_name, colour, "logo")
    for story in content.stories.values():
        specs[card_path(story.id)] = derived(
            cache, "card-spec", story, (site_name, colour), partial(_story_card, story, site_name, colour)
        )
    return specs


def _story_card(story: Story, site_name: str, colour: str) -> CardSpec:
    label = WORK_LABELS.get(story.kind, WORK_LABELS["news"])
    # The headline as its page shows it (typographic quotes and apostrophes).
    return CardSpec(typographic(story.title), label, site_name, colour)


def logo_address(site_url: str | None, theme_logo: str | None) -> str | None:
    """The absolute address of the publisher's logo: the theme's (``theme.logo``, a path
    in the site or an address), or the site's drawn initials (:data:`SITE_LOGO`); None
    without the site's address."""
    if not site_url:
        return None
    logo = theme_logo or SITE_LOGO
    if "://" in logo:
        return logo
    return site_url.rstrip("/") + "/" + logo.lstrip("/")
