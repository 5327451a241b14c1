"""The newsroom's brand colour as a setting (render/brand.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.render.brand import (
    BRAND_STYLESHEET,
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    BrandError,
    brand_stylesheet,
    check_brand_colour,
    text_colour_on,
)
from tests.conftest import copy_project, mkdocs_build


@pytest.mark.parametrize(("written", "read"), [("#B00020", "#b00020"), (" #abc ", "#aabbcc")])
def test_a_hex_colour_is_taken(written: str, read: str) -> None:
    assert check_brand_colour(written) == read


@pytest.mark.parametrize("written", ["red", "#12345", "#1234567", "#fff;} body {display:none", "url(x)", ""])
def test_anything_else_is_refused_before_it_reaches_the_stylesheet(written: str) -> None:
    with pytest.raises(BrandError, match="hex"):
        check_brand_colour(written)


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "colour", ["#b00020", "#ffd700", "#005a9c", "#00ff00", "#777777", "#000000", "#ffffff"]
)
def test_the_header_text_reads_on_the_brand_colour(colour: str) -> None:
    assert _contrast(text_colour_on(colour), colour) >= 4.5
    assert colour in brand_stylesheet(colour).text


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_links_in_the_brand_colours_hue_read_at_aaa_on_both_pages(colour: str) -> None:
    sheet = brand_stylesheet(colour).text
    light = re.search(r":root > \* \{\s*--md-typeset-a-color: (#[0-9a-f]{6})", sheet)
    dark = re.search(
        r'scheme="slate"\]\[data-md-color-primary\] \{\s*--md-typeset-a-color: (#[0-9a-f]{6})', sheet
    )
    assert light is not None and dark is not None
    assert _contrast(light.group(1), LIGHT_BACKGROUND) >= 7 and _contrast(dark.group(1), DARK_BACKGROUND) >= 7


def test_a_build_with_a_brand_colour_uses_it_and_a_bad_one_stops_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - papertrail:\n", "  - papertrail:\n      brand_colour: '#b00020'\n"))
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "#b00020" in (tmp_path / "site" / BRAND_STYLESHEET).read_text(encoding="utf-8")
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert 'data-md-color-primary="custom"' in home and "papertrail-brand.css" in home
    config.write_text(text.replace("  - papertrail:\n", "  - papertrail:\n      brand_colour: crimson\n"))
    refused = mkdocs_build(project, tmp_path / "refused")
    assert refused.returncode != 0
    assert "brand_colour 'crimson' is not a colour" in refused.stderr
