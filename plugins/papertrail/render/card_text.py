"""Text on sharing cards: each character drawn with the first font that has it.

Cards are drawn with Noto Sans Bold, the subsets vendored in ``render/fonts/`` (Latin,
Latin Extended, Greek, Cyrillic, Vietnamese, Devanagari), after the newsroom's own
font when the plugin's ``card_font:`` names one. A font subset has only its script,
so a headline is cut into runs, one per font ("Łódź" needs Latin and Latin Extended,
"Путин meets Xi" Cyrillic and Latin), measured and drawn run by run on one baseline,
and within a run word by word (:func:`draw_text`: a word drawn before is taken from a
mask of its ink).

Why a glyph is looked for by drawing it: Pillow has no call that says whether a font
has a character; a character it lacks is drawn as the font's "missing" glyph (a box,
"tofu", as Pillow's own font drew "é" in a headline), so it is compared with what the
font draws for a character no font has. A text with a character no font has is not
drawn at all (:func:`covered` says so first): a card without a headline is better
than one with boxes in it.
"""

from __future__ import annotations

import functools
import math
import os
import stat
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_FOLDER = Path(__file__).with_name("fonts")
_SUBSETS = (
    "latin",
    "latin-ext",
    "greek",
    "greek-ext",
    "cyrillic",
    "cyrillic-ext",
    "vietnamese",
    "devanagari",
)
BUILTIN_FONTS: tuple[str, ...] = tuple(
    str(FONT_FOLDER / f"noto-sans-{name}-700-normal.woff2") for name in _SUBSETS
)
# A noncharacter: no font has a glyph for it, so every font draws its "missing" glyph.
_MISSING = "\U0010ffff"
# Marks and joiners belong to the character before them (a combining accent, a
# zero-width joiner in Devanagari): they stay in its run, whatever font has them alone.
_ATTACHED = frozenset({"Mn", "Me", "Mc", "Cf"})
_UNDRAWN = frozenset({"Cc", "Cs"})  # control characters, lone surrogates
_PROBE_SIZE = 32

Run = tuple[str, str]  # (font file, the text drawn with it)


@functools.lru_cache(maxsize=128)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """The font file at ``path`` at ``size`` pixels, loaded once per size."""
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=65536)
def has_glyph(path: str, char: str) -> bool:
    """Whether the font at ``path`` draws ``char`` as something other than its missing glyph."""
    return _drawn(path, char) != _drawn(path, _MISSING)


@functools.lru_cache(maxsize=1024)
def _drawn(path: str, char: str) -> tuple[float, bytes]:
    face = font(path, _PROBE_SIZE)
    canvas = Image.new("L", (_PROBE_SIZE * 3, _PROBE_SIZE * 2))
    ImageDraw.Draw(canvas).text((_PROBE_SIZE // 2, _PROBE_SIZE // 2), char, font=face, fill=255)
    return face.getlength(char), canvas.tobytes()


def clean_line(text: str) -> str:
    """``text`` as one line to draw: control characters dropped, white space one space.

    A card's text comes from editors (a headline) and from mkdocs.yml (the site's
    name): a tab or carriage return there is no character to draw, and the layout
    engine fails on a run of them alone.
    """
    return " ".join("".join(c for c in text if unicodedata.category(c) not in _UNDRAWN).split())


@functools.lru_cache(maxsize=4096)
def runs(text: str, fonts: tuple[str, ...]) -> tuple[Run, ...] | None:
    """``text`` (a line, see :func:`clean_line`) cut into runs, each in the first of
    ``fonts`` that has its characters (staying in the current font while it has them);
    None if some character is in none."""
    out: list[Run] = []
    current: str | None = None
    for char in text:
        if char.isspace() or unicodedata.category(char) in _ATTACHED:
            path = current or fonts[0]
        elif current is not None and has_glyph(current, char):
            path = current
        else:
            found = next((p for p in fonts if has_glyph(p, char)), None)
            if found is None:
                return None
            path = found
        if out and out[-1][0] == path:
            out[-1] = (path, out[-1][1] + char)
        else:
            out.append((path, char))
        current = path
    return tuple(out)


def covered(text: str, fonts: tuple[str, ...]) -> bool:
    """Whether every character of ``text`` is in one of ``fonts``."""
    return runs(text, fonts) is not None


def width(text: str, size: int, fonts: tuple[str, ...]) -> float:
    """How wide ``text`` is drawn at ``size`` (0 when it cannot be drawn)."""
    return sum(font(path, size).getlength(piece) for path, piece in runs(text, fonts) or ())


def fitted(text: str, size: int, room: float, fonts: tuple[str, ...]) -> str:
    """``text``, cut with "…" where it would run past ``room`` (one very long word)."""
    if width(text, size, fonts) <= room:
        return text
    while text and width(text + "…", size, fonts) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, size: int, room: float, fonts: tuple[str, ...]) -> list[str]:
    """``text`` in lines no wider than ``room``, broken between words: each line the most
    of the words left that fit, measured as the line is drawn (a word too wide for any
    line is cut with "…").

    Measuring the line again for each word added was 17 measurements a card, a seventh
    of drawing it. A line's end is now guessed from its words' widths, measured alone
    (and kept: headlines share most of their words), then checked by measuring the
    line guessed and the line with one more word, whole: where shaping or kerning makes
    a line wider or narrower than its words, the check moves the end word by word. The
    lines are those of adding words until one does not fit (tests/render/test_card_text.py
    compares them).
    """
    words = text.split()
    space = _alone(" ", size, fonts)
    lines: list[str] = []
    start = 0
    while start < len(words):
        end, guessed = start + 1, _alone(words[start], size, fonts)
        while end < len(words) and (longer := guessed + space + _alone(words[end], size, fonts)) <= room:
            end, guessed = end + 1, longer
        fits = False
        while end > start + 1 and not (fits := width(" ".join(words[start:end]), size, fonts) <= room):
            end -= 1
        while end < len(words) and width(" ".join(words[start : end + 1]), size, fonts) <= room:
            end, fits = end + 1, True
        line = " ".join(words[start:end])
        lines.append(line if fits else fitted(line, size, room, fonts))
        start = end
    return lines or [""]


@functools.lru_cache(maxsize=16384)
def _alone(word: str, size: int, fonts: tuple[str, ...]) -> float:
    """How wide ``word`` is drawn alone (what :func:`wrap` guesses from)."""
    return width(word, size, fonts)


def baseline_below(top: float, size: int, fonts: tuple[str, ...]) -> float:
    """The baseline of a line whose top is at ``top``."""
    ascent, _ = font(fonts[0], size).getmetrics()
    return top + ascent


def baseline_centred(middle: float, size: int, fonts: tuple[str, ...]) -> float:
    """The baseline that centres a line's capitals and lower case on ``middle``."""
    ascent, descent = font(fonts[0], size).getmetrics()
    return middle + (ascent - descent) / 2


def draw_text(
    draw: ImageDraw.ImageDraw,
    x: float,
    baseline: float,
    text: str,
    size: int,
    fill: str | int,
    fonts: tuple[str, ...],
) -> None:
    """Draw ``text`` from ``x`` on ``baseline``, run by run and word by word (nothing if
    it cannot be drawn); ``fill`` is a colour, or a grey level on a grey image.

    Each word is drawn at the whole pixel nearest to where the line would put it, from
    its glyphs rasterised once when it comes again (:class:`_WordMasks`): FreeType
    drawing a headline's glyphs, hinting each as it went, was a third of a card's time,
    and headlines share many of their words. Words are spaced by their widths alone, as
    :func:`wrap` measures them; a word keeps the shaping of its own letters (Devanagari's
    conjuncts are within words).
    """
    # Pillow draws text from a whole pixel down (the fraction of a baseline is dropped).
    top = math.floor(baseline)
    for path, piece in runs(text, fonts) or ():
        for number, word in enumerate(piece.split(" ")):
            if number:
                x += _run_width(path, size, " ")
            if word:
                _WORDS.draw(draw, (round(x), top), word, font(path, size), fill)
                x += _run_width(path, size, word)


@functools.lru_cache(maxsize=4096)
def _run_width(path: str, size: int, text: str) -> float:
    """How wide ``text`` is in the font at ``path`` (a word or a space of a run)."""
    return font(path, size).getlength(text)


class _WordMasks:
    """Words drawn from masks of their ink once they come a second time.

    A word's first time is drawn as it is (most words of an archive come once: making
    its mask first made a card with no word seen before a quarter slower); from its
    second, its mask is blended in, the same pixels. What is kept is bounded, whatever
    the number of stories: the masks of the :data:`MASKS` words drawn last (about 20 MB
    at a headline's size) and the last :data:`SEEN` words seen once.
    """

    MASKS, SEEN = 1024, 8192

    def __init__(self) -> None:
        self.masks: OrderedDict[tuple[object, str], tuple[Image.Image, int, int]] = OrderedDict()
        self.seen: OrderedDict[tuple[object, str], None] = OrderedDict()

    def draw(
        self,
        draw: ImageDraw.ImageDraw,
        at: tuple[int, int],
        word: str,
        face: ImageFont.FreeTypeFont,
        fill: str | int,
    ) -> None:
        """Draw ``word`` with ``face`` from ``at`` on the baseline."""
        key = (face, word)
        kept = self.masks.get(key)
        if kept is not None:
            self.masks.move_to_end(key)
        elif key not in self.seen:
            self.seen[key] = None
            if len(self.seen) > self.SEEN:
                self.seen.popitem(last=False)
            draw.text(at, word, font=face, fill=fill, anchor="ls")
            return
        else:
            del self.seen[key]
            kept = self.masks[key] = _mask(word, face)
            if len(self.masks) > self.MASKS:
                self.masks.popitem(last=False)
        mask, left, up = kept
        draw.bitmap((at[0] + left, at[1] + up), mask, fill=fill)


def _mask(word: str, face: ImageFont.FreeTypeFont) -> tuple[Image.Image, int, int]:
    """``word``'s ink as a mask (255 where it is drawn), and where the mask's corner is
    from the word's start on the baseline."""
    box = face.getbbox(word, anchor="ls")  # whole pixels, typed as numbers
    left, up, right, down = math.floor(box[0]), math.floor(box[1]), math.ceil(box[2]), math.ceil(box[3])
    mask = Image.new("L", (max(1, right - left), max(1, down - up)), 0)
    ImageDraw.Draw(mask).text((-left, -up), word, font=face, fill=255, anchor="ls")
    return mask, left, up


_WORDS = _WordMasks()


MAX_FONT_BYTES = 64 * 1024 * 1024  # a CJK font is ~20 MB; more is not a font file


class CardFontError(ValueError):
    """A ``card_font:`` setting that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class CardFont:
    """The newsroom's font for cards (``card_font:``), checked.

    Attributes:
        path: The font file's absolute path.
        stamp: Its size and modification time: a changed font draws the cards again.
    """

    path: str
    stamp: str


def check_card_font(value: str, project: Path) -> CardFont:
    """The font file ``value`` names (relative to the project's folder), checked before
    it is read: inside the project, an ordinary file (not a link), of a font's size,
    and one FreeType opens (TrueType, OpenType, WOFF, WOFF2, a collection's first font).

    Raises:
        CardFontError: It is none of these.
    """
    where = f"card_font {value!r}"
    root = project.resolve()
    path = (root / value).resolve()
    if not path.is_relative_to(root):
        raise CardFontError(f"{where} is outside the project: put the font file in the repository")
    try:
        info = os.lstat(root / value)
    except OSError:
        raise CardFontError(
            f"{where} was not found: give the path of a font file, like fonts/NotoSansJP-Bold.otf"
        ) from None
    if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= MAX_FONT_BYTES:
        raise CardFontError(f"{where} is not an ordinary file of at most 64 MB: give a font file")
    try:
        ImageFont.truetype(str(path), 20)
    except OSError:
        raise CardFontError(f"{where} is not a font file: give a .ttf, .otf, .woff or .woff2 file") from None
    return CardFont(str(path), f"{info.st_size}-{info.st_mtime_ns}")
