"""The newsroom's brand colour, as a setting (``brand_colour:`` under the plugin).

Material offers a fixed list of primary colours; a newsroom has its own. The colour
is checked to be a hex colour where it enters (nothing else reaches the stylesheet),
and the header's text is black or white, whichever reads on it (WCAG's contrast
ratio, so that axe stays clean); links take the colour's hue, shaded until they read
at 7:1 (WCAG AAA) on the light and the dark page.
"""

from __future__ import annotations

import re

from papertrail.render.colours import text_colour_on, with_contrast
from papertrail.render.site import Asset

BRAND_STYLESHEET = "assets/stylesheets/papertrail-brand.css"
# Without brand_colour: a deep indigo, on which white reads at 9:1 (WCAG AAA is 7:1;
# Material's own indigo is 6.9:1). ``brand_colour: ""`` keeps the theme's palette.
DEFAULT_BRAND_COLOUR = "#303f9f"
# The page backgrounds of Material's two schemes: white, and slate's hsl(232, 15%, 14%).
LIGHT_BACKGROUND, DARK_BACKGROUND = "#ffffff", "#1e2129"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class BrandError(ValueError):
    """A brand setting that cannot be used; the message says why and what to write."""


def check_brand_colour(value: str) -> str:
    """``value`` as ``#rrggbb`` (lowercase).

    Raises:
        BrandError: It is not a hex colour.
    """
    value = value.strip()
    if not _HEX.fullmatch(value):
        raise BrandError(f"brand_colour {value!r} is not a colour: write it as hex, like #b00020")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def brand_stylesheet(colour: str) -> Asset:
    """The stylesheet that makes ``colour`` (checked by :func:`check_brand_colour`) the
    theme's primary colour, in light and dark palettes (Material's "custom" primary)."""
    text = text_colour_on(colour)
    rules = (
        ":root > * {\n"
        f"  --md-primary-fg-color: {colour};\n"
        f"  --md-primary-fg-color--light: {colour};\n"
        f"  --md-primary-fg-color--dark: {colour};\n"
        f"  --md-primary-bg-color: {text};\n"
        f"  --md-primary-bg-color--light: {text}b3;\n"
        "}\n"
        # Links in the brand's hue at 7:1 on each scheme's page (WCAG AAA): on the light
        # page (and with no palette, which marks no scheme) as the primary colour is set,
        # on slate by a rule (body and two attributes) that outranks Material's own.
        ":root > * {\n"
        f"  --md-typeset-a-color: {with_contrast(colour, LIGHT_BACKGROUND)};\n"
        "}\n"
        'body[data-md-color-scheme="slate"][data-md-color-primary] {\n'
        f"  --md-typeset-a-color: {with_contrast(colour, DARK_BACKGROUND)};\n"
        "}\n"
    )
    return Asset(
        BRAND_STYLESHEET, "/* The newsroom's brand colour (brand_colour: in mkdocs.yml). */\n" + rules
    )
