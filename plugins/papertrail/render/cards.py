"""Sharing cards: the image a link to a story shows when it is shared (1200 by 630).

A card is drawn at build time from what the page already says (the headline, the
type of work, the site's name) in the site's brand colour, with Pillow and the fonts
Papertrail carries (``render/fonts/``, see :mod:`papertrail.render.card_text`), after
the newsroom's own when it names one: no font is fetched or looked up on the machine,
so every build draws the same card. Topic and question pages share the site's card. The image is a JPEG:
encoding one is a quarter of the time of a PNG of the same card, which counts at
thousands of stories (see :mod:`papertrail.build.cards` for caching and workers).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import astuple, dataclass, replace
from functools import cached_property, lru_cache, partial
from typing import Literal

import PIL
from PIL import Image, ImageChops, ImageDraw, ImageOps

from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import Author, Content, Picture, Story
from papertrail.content.pictures import FORMATS, MAX_PIXELS
from papertrail.render.card_rows import ROW, EncodedRows, encode_card, encode_rows, join_rows
from papertrail.render.card_text import (
    BUILTIN_FONTS,
    CardFont,
    baseline_below,
    baseline_centred,
    clean_line,
    covered,
    draw_text,
    fitted,
    width,
    wrap,
)
from papertrail.render.colours import text_colour_on
from papertrail.render.parts import WORK_LABELS
from papertrail.render.prose import typographic

CARD_SIZE = (1200, 630)
CARDS_FOLDER = "assets/cards"
SITE_CARD = f"{CARDS_FOLDER}/site.jpg"
# The publisher's logo in JSON-LD when the theme names none: the site's initials.
SITE_LOGO = f"{CARDS_FOLDER}/logo.jpg"
LOGO_SIZE = (512, 512)
PORTRAIT_SIZE = (400, 400)  # an author's photo on their page (shown at 96 px, sharp at 4x)
DEFAULT_COLOUR = "#4051b5"  # Material's indigo, the header's colour with brand_colour: "":
# Bump when the drawing changes: cards cached under the old key are drawn again.
CARD_VERSION = 7

_MARGIN = 64
_BAND = 96  # the brand band at the top, with the site's name
_HEADLINE_SIZES = (76, 68, 60, 52, 46)  # the largest that fits is used
_TEXT_GREY = 0x1A  # the headline's colour, a grey
_BAR = 18  # the bar in the brand colour at the bottom


@dataclass(frozen=True)
class CardSpec:
    """What a card shows.

    Attributes:
        title: The headline (or, for the site's card, the site's name).
        label: The type of work above it ("Explainer"), or a line about the site.
        site: The site's name, in the band.
        colour: The brand colour, ``#rrggbb``.
        shape: A sharing card, the site's square logo (its initials), or an author's
            square picture (``portrait``, from their ``photo:``).
        font: The newsroom's font file (``card_font:``), tried before the ones
            Papertrail carries; ``font_stamp`` says which version of it (its size
            and time), so that a changed font draws the cards again.
        photo: The story's picture (``image:``), checked by
            :mod:`papertrail.content.pictures`: the card is that picture cut to the
            card's size; ``photo_stamp`` says which version of the file.
    """

    title: str
    label: str
    site: str
    colour: str = DEFAULT_COLOUR
    shape: Literal["card", "logo", "portrait"] = "card"
    font: str = ""
    font_stamp: str = ""
    photo: str = ""
    photo_stamp: str = ""

    @property
    def fonts(self) -> tuple[str, ...]:
        """The font files tried for each character, in order."""
        return ((self.font,) if self.font else ()) + BUILTIN_FONTS

    @cached_property
    def key(self) -> str:
        """A digest of everything the card shows and of how it is drawn (once per spec:
        a preview's reload asks it of every story's card, kept from the last build)."""
        text = "\0".join((str(CARD_VERSION), PIL.__version__, *astuple(self)))
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def card_path(story_id: str) -> str:
    """Where a story's card is in the site."""
    return f"{CARDS_FOLDER}/{story_id}.jpg"


def portrait_path(author_id: str) -> str:
    """Where an author's photo is in the site."""
    return f"{CARDS_FOLDER}/authors/{author_id}.jpg"


def render_card(spec: CardSpec) -> bytes:
    """The card (or the logo) as JPEG bytes."""
    if spec.photo:
        try:
            return _render_photo(spec.photo, PORTRAIT_SIZE if spec.shape == "portrait" else CARD_SIZE)
        except Exception:  # the file changed or is damaged past its header: drawn as if it had none
            return render_card(replace(spec, photo="", photo_stamp=""))
    if spec.shape == "portrait":  # an author's picture that cannot be used: their initials
        return _render_logo(replace(spec, site=spec.title))
    if spec.shape == "logo":
        return _render_logo(spec)
    fonts = spec.fonts
    spec = replace(
        spec, title=clean_line(spec.title), label=clean_line(spec.label), site=clean_line(spec.site)
    )
    width, height = CARD_SIZE
    room = width - 2 * _MARGIN
    frame = _card_frame(spec.site, spec.label, spec.colour, fonts, spec.font_stamp)
    # A headline with a character no card font has: the site's name instead (never boxes).
    title = spec.title if covered(spec.title, fonts) else spec.site
    size, lines = _headline(title, room, height - (_BAND + 120) - 60, fonts)
    # The headline is grey on the card's white, below the label: drawn on a strip of
    # grey levels, it is blended into one channel rather than the card's three, to the
    # same pixels: a card took 6.0 and 5.4 ms against 7.2 and 6.5 ms drawn onto the
    # card, alternated in one process. A glyph reaching above the strip (marks stacked
    # past any script's height) is cut at the label, not drawn over it.
    strip = Image.new("L", (width, height - frame.white_from), 255)
    strip_draw = ImageDraw.Draw(strip)
    top = _BAND + 112.0
    for line in lines:
        baseline = baseline_below(top, size, fonts) - frame.white_from
        draw_text(strip_draw, _MARGIN, baseline, line, size, _TEXT_GREY, fonts)
        top += round(size * 1.25)
    return _joined(frame, strip) or _whole(frame, strip, spec.colour)


@dataclass(frozen=True)
class _Frame:
    """What every card of a site and kind of work shares, drawn and encoded once.

    Attributes:
        top: The top (see :func:`_card_top`), white from ``white_from`` down.
        white_from: Where the headline's strip starts.
        coded: The top with the bar at the bottom and nothing between, encoded in rows
            (:mod:`papertrail.render.card_rows`): the rows a card takes from here.
        first: The first row of blocks wholly below the top (white in ``coded``).
        bar: The first row of blocks the bar touches.
    """

    top: Image.Image
    white_from: int
    coded: EncodedRows
    first: int
    bar: int


@lru_cache(maxsize=16)
def _card_frame(site: str, label: str, colour: str, fonts: tuple[str, ...], font_stamp: str) -> _Frame:
    """The frame of every card of a site and kind of work, made once (``font_stamp``: a
    changed font draws it again)."""
    top, white_from = _card_top(site, label, colour, fonts, font_stamp)
    image = top.copy()
    _draw_bar(image, colour)
    bar = (CARD_SIZE[1] - _BAR) // ROW
    return _Frame(top, white_from, encode_rows(image), -(-white_from // ROW), bar)


def _draw_bar(image: Image.Image, colour: str) -> None:
    width, height = image.size
    ImageDraw.Draw(image).rectangle((0, height - _BAR, width, height), fill=colour)


def _joined(frame: _Frame, strip: Image.Image) -> bytes | None:
    """The card of ``frame`` with the headline drawn on ``strip``: the frame's coded rows,
    and the rows the headline covers coded now (:mod:`papertrail.render.card_rows`);
    None when the headline reaches into the top's rows or the bar's."""
    if frame.first >= frame.bar:
        return None
    ink = ImageChops.invert(strip).getbbox()  # where the headline drew (the strip is white)
    end = frame.first
    if ink is not None:
        ink_top, ink_bottom = ink[1] + frame.white_from, ink[3] + frame.white_from
        if ink_top < frame.first * ROW or ink_bottom > frame.bar * ROW:
            return None
        end = -(-ink_bottom // ROW)
    shared = frame.coded.rows
    drawn: tuple[bytes, ...] = ()
    if end > frame.first:
        offset = frame.white_from
        band = strip.crop((0, frame.first * ROW - offset, strip.width, end * ROW - offset))
        # In RGB, though the band is grey: the encoder converts RGB faster than it copies
        # YCbCr given as such (0.75 against 1.04 ms for 19 rows).
        drawn = encode_rows(Image.merge("RGB", (band, band, band))).rows
    white = shared[frame.bar - 1]  # a row of the frame's white: the same bytes in any row
    rows = (*shared[: frame.first], *drawn, *(white,) * (frame.bar - end), *shared[frame.bar :])
    return join_rows(frame.coded.header, rows)


def _whole(frame: _Frame, strip: Image.Image, colour: str) -> bytes:
    """The card drawn whole and encoded whole (a headline reaching into the top's or the
    bar's rows: the strip is cut at the label, the bar drawn over it)."""
    image = frame.top.copy()
    image.paste(Image.merge("RGB", (strip, strip, strip)), (0, frame.white_from))
    _draw_bar(image, colour)
    return encode_card(image)


def _card_top(
    site: str, label: str, colour: str, fonts: tuple[str, ...], font_stamp: str
) -> tuple[Image.Image, int]:
    """What every card of a site and kind of work shows above the headline: the band with
    the site's name, and the label. Drawn once for all of them (:func:`_card_frame`: two
    of a card's five lines of text, a sixth of drawing one); ``font_stamp`` keeps a
    changed font from being drawn with the old one's.

    Returns:
        The image, and the first row from which it is white to the bottom (where the
        headline's strip starts)."""
    width = CARD_SIZE[0]
    image = Image.new("RGB", CARD_SIZE, "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, _BAND), fill=colour)
    site = fitted(site, 36, width - 2 * _MARGIN, fonts)
    draw_text(draw, _MARGIN, baseline_centred(_BAND / 2, 36, fonts), site, 36, text_colour_on(colour), fonts)
    draw_text(draw, _MARGIN, _BAND + 84, label.upper(), 28, colour, fonts)
    # Where the top is not white: its difference from a white card is zero everywhere else.
    drawn = ImageChops.difference(image, Image.new("RGB", CARD_SIZE, "#ffffff")).getbbox()
    return image, drawn[3] if drawn else 0


def _render_photo(path: str, size: tuple[int, int]) -> bytes:
    """The editor's picture cut to ``size`` from its centre, as a new JPEG: the file's
    own bytes (and camera metadata, such as where it was taken) are not published."""
    with Image.open(path, formats=FORMATS) as opened:
        if opened.width * opened.height > MAX_PIXELS:  # checked at load; the file may have changed since
            raise ValueError(f"{path}: too many pixels")
        opened.draft("RGB", (size[0] * 2, size[1] * 2))  # a JPEG decodes at a fraction of its size
        picture = ImageOps.exif_transpose(opened)  # a phone's portrait stays upright
        if picture.mode in ("RGBA", "LA", "P", "PA"):
            # Transparent parts on white (converted straight to RGB they turn black).
            rgba = picture.convert("RGBA")
            picture = Image.new("RGB", rgba.size, "#ffffff")
            picture.paste(rgba, mask=rgba.getchannel("A"))
        fitted_picture = ImageOps.fit(picture.convert("RGB"), size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted_picture.save(out, "JPEG", quality=85, optimize=False)
    return out.getvalue()


def _render_logo(spec: CardSpec) -> bytes:
    """The site's initials, in the text colour that reads on the brand colour."""
    fonts = spec.fonts
    spec = replace(spec, site=clean_line(spec.site))
    image = Image.new("RGB", LOGO_SIZE, spec.colour)
    words = [word for word in spec.site.split()[:2] if word[0].isalnum() and covered(word[0], fonts)]
    initials = "".join(word[0] for word in words).upper() or "N"
    size = 240 if len(initials) == 1 else 200
    draw_text(
        ImageDraw.Draw(image),
        (LOGO_SIZE[0] - width(initials, size, fonts)) / 2,
        baseline_centred(LOGO_SIZE[1] / 2, size, fonts),
        initials,
        size,
        text_colour_on(spec.colour),
        fonts,
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, subsampling=0)
    return out.getvalue()


def _headline(title: str, room: int, height: int, fonts: tuple[str, ...]) -> tuple[int, list[str]]:
    """The largest size whose wrapped lines fit ``height``; the smallest, cut with "…", if none does."""
    for size in _HEADLINE_SIZES:
        lines = wrap(title, size, room, fonts)
        if len(lines) * size * 1.25 <= height:
            return size, lines
    size = _HEADLINE_SIZES[-1]
    most = max(1, int(height // (size * 1.25)))
    lines = wrap(title, size, room, fonts)
    if len(lines) > most:
        lines = [*lines[: most - 1], fitted(" ".join(lines[most - 1 :]), size, room, fonts)]
    return size, lines


def card_specs(
    content: Content,
    site_name: str,
    colour: str = DEFAULT_COLOUR,
    *,
    logo: bool = True,
    font: CardFont | None = None,
    cache: BuildCache | None = None,
) -> dict[str, CardSpec]:
    """Every card the site's pages name, by path: one per story, the site's own (topic
    and question pages share it), and with ``logo`` the site's logo (for a theme that
    names none), and each author's photo. ``font``: the newsroom's (``card_font:``), tried first. With a build
    cache, a story's card spec is kept while the story is the same object (a preview's
    reload makes one, not thousands)."""
    # What every card of the site shares; each card replaces its title and label.
    style = CardSpec(
        "", "", site_name, colour, font=font.path if font else "", font_stamp=font.stamp if font else ""
    )
    specs = {SITE_CARD: replace(style, title=site_name, label="Explainers")}
    if logo:
        specs[SITE_LOGO] = replace(style, title=site_name, shape="logo")
    shared = astuple(style)  # once: astuple copies deeply, a third of a second at 5,000 stories
    for story in content.stories.values():
        picture = lead_picture(story, content)
        specs[card_path(story.id)] = derived(
            cache, "card-spec", story, (*shared, picture), partial(_story_card, story, style, picture)
        )
    for author in content.authors.values():
        photo = author_photo(author, content)
        if photo is not None:
            specs[portrait_path(author.id)] = replace(
                style, title=author.name, shape="portrait", photo=photo.location, photo_stamp=photo.stamp
            )
    return specs


def _story_card(story: Story, style: CardSpec, picture: Picture | None) -> CardSpec:
    label = WORK_LABELS.get(story.kind, WORK_LABELS["news"])
    # The headline as its page shows it (typographic quotes and apostrophes).
    spec = replace(style, title=typographic(story.title), label=label)
    return replace(spec, photo=picture.location, photo_stamp=picture.stamp) if picture else spec


def author_photo(author: Author, content: Content) -> Picture | None:
    """The author's picture (``photo:``) when its file can be used, else None."""
    return _usable(content, author.photo)


def lead_picture(story: Story, content: Content) -> Picture | None:
    """The story's picture (``image:``) when its file can be used, else None (its card
    then shows the headline; the problem is said by ``check``)."""
    return _usable(content, story.image)


def _usable(content: Content, ident: str | None) -> Picture | None:
    picture = content.images.get(ident) if ident else None
    return picture if picture is not None and picture.location else None


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
