"""Colours: which text reads on a given background (the brand colour's header, its cards, links)."""

from __future__ import annotations


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour_on(colour: str) -> str:
    """Black or white, whichever has the higher contrast ratio on ``colour``."""
    luminance = _luminance(colour)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"


def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def with_contrast(colour: str, background: str, ratio: float = 7.0) -> str:
    """``colour``, or the nearest shade of it (mixed with black on a light background,
    with white on a dark one) that has ``ratio`` against ``background``: 7 is WCAG's
    AAA level for text, which the brand colour itself rarely reaches as a link colour."""
    towards = "#000000" if _luminance(background) > 0.18 else "#ffffff"
    shade = colour
    for step in range(21):
        shade = _mix(colour, towards, step / 20)
        if contrast_ratio(shade, background) >= ratio:
            break
    return shade


def _mix(colour: str, other: str, share: float) -> str:
    start = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    end = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(start, end, strict=True))
