"""A story's picture (image:): on its page with alt and credit, as its card and in JSON-LD."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from papertrail.build.pipeline import load_valid_content
from papertrail.render import render_site
from papertrail.render.card_text import BUILTIN_FONTS
from papertrail.render.cards import card_path, card_specs, render_card
from papertrail.render.structured import SiteInfo
from tests.conftest import STORY, WriteContent, copy_project, mkdocs_build
from tests.content.test_pictures import listing, picture_bytes

SITE = SiteInfo("Newsroom", "https://news.example/")
WITH_IMAGE = STORY.replace("by: [reporter]", "by: [reporter]\nimage: locks")


def _content(write_content: WriteContent, picture: bytes | str, alt: str = "Ships <in> the lock"):  # type: ignore[no-untyped-def]
    entries = listing(("locks", "locks.jpg")).replace("Ships in the lock", alt)
    root = write_content({"images.yml": entries, "images/locks.jpg": picture}, story=WITH_IMAGE)
    return load_valid_content(root)[0]


def test_the_page_shows_the_picture_with_its_alt_text_and_credit(write_content: WriteContent) -> None:
    content = _content(write_content, picture_bytes())
    page = next(p for p in render_site(content, SITE) if p.path == "stories/test-story.md")
    figure = re.search(r'<figure class="pt-picture">.*?</figure>', page.html, re.S)
    assert figure is not None
    assert 'src="../../assets/cards/test-story.jpg"' in figure.group(0)
    assert 'alt="Ships &lt;in&gt; the lock"' in figure.group(0)  # text, never markup
    assert "<figcaption>Photo: A. Reyes</figcaption>" in figure.group(0)
    assert page.meta["pt_image_alt"] == "Ships <in> the lock"  # og:image:alt (escaped by the theme)
    data = json.loads(page.meta["pt_jsonld"])
    image = data["@graph"][0]["image"][0]
    assert image["url"] == "https://news.example/assets/cards/test-story.jpg"
    assert (image["creditText"], image["width"], image["height"]) == ("Photo: A. Reyes", 1200, 630)


def test_without_a_picture_the_page_has_none_and_the_card_is_the_headlines(
    write_content: WriteContent,
) -> None:
    root = write_content()
    content = load_valid_content(root)[0]
    page = next(p for p in render_site(content, SITE) if p.path == "stories/test-story.md")
    assert "pt-picture" not in page.html and page.meta["pt_image_alt"] == content.stories["test-story"].title
    assert card_specs(content, "Newsroom")[card_path("test-story")].photo == ""


def _card(content) -> Image.Image:  # type: ignore[no-untyped-def]
    image = Image.open(io.BytesIO(render_card(card_specs(content, "Newsroom")[card_path("test-story")])))
    image.load()
    return image


def test_the_card_is_the_picture_cut_to_size_without_its_camera_data(write_content: WriteContent) -> None:
    source = Image.new("RGB", (900, 1600), "#c0392b")  # a phone's portrait
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS: where it was taken
    out = io.BytesIO()
    source.save(out, "JPEG", exif=exif)
    card = _card(_content(write_content, out.getvalue()))
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    red, green, blue = card.convert("RGB").getpixel((600, 315))  # type: ignore[misc]
    assert red > 150 and green < 90 and blue < 90  # the picture, not a headline on white
    assert not card.getexif() and b"SecretCam" not in render_card(
        card_specs(_content(write_content, out.getvalue()), "Newsroom")[card_path("test-story")]
    )


def test_a_transparent_picture_is_on_white(write_content: WriteContent) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (1400, 800), (0, 0, 0, 0)).save(out, "PNG")
    card = _card(_content(write_content, out.getvalue()))
    assert card.convert("RGB").getpixel((600, 315)) >= (250, 250, 250)  # type: ignore[operator]


def test_a_picture_damaged_past_its_header_gives_the_headline_card(write_content: WriteContent) -> None:
    whole = picture_bytes((1600, 900))
    content = _content(write_content, whole[: len(whole) // 2])  # the header reads; the picture does not
    spec = card_specs(content, "Newsroom")[card_path("test-story")]
    assert spec.photo  # it passed the header check
    card = _card(content)
    assert card.size == (1200, 630)
    assert card.convert("RGB").getpixel((600, 600)) >= (240, 240, 240)  # type: ignore[operator]


def test_the_front_page_shows_the_lead_storys_picture(write_content: WriteContent) -> None:
    content = _content(write_content, picture_bytes())
    home = next(p for p in render_site(content, SITE) if p.path == "index.md")
    figure = re.search(r'<figure class="pt-picture">.*?</figure>', home.html, re.S)
    assert figure is not None and 'alt="Ships &lt;in&gt; the lock"' in figure.group(0)
    assert 'src="assets/cards/test-story.jpg"' in figure.group(0)
    assert home.html.index("pt-picture") < home.html.index("pt-lead__title")


@pytest.mark.slow
def test_a_build_publishes_the_picture_and_the_newsrooms_card_font(tmp_path: Path) -> None:
    """`mkdocs build --strict` with a story's picture and `card_font:`: the page's picture
    and its og:image are one file in the site, the picture's copy; a bad font stops the build."""
    project = copy_project(tmp_path / "project")
    content = project / "content"
    story = next((content / "stories").glob("*.md"))
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\nby:", "\nimage: locks\nby:", 1), encoding="utf-8")
    (content / "images.yml").write_text(listing(("locks", "locks.jpg")), encoding="utf-8")
    (content / "images").mkdir()
    Image.new("RGB", (1600, 900), "#c0392b").save(content / "images" / "locks.jpg")
    (project / "fonts").mkdir()
    shutil.copyfile(BUILTIN_FONTS[4], project / "fonts" / "brand.woff2")
    config = project / "mkdocs.yml"
    settings = config.read_text(encoding="utf-8")
    config.write_text(
        settings.replace("  - papertrail:\n", "  - papertrail:\n      card_font: fonts/brand.woff2\n")
    )
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    html = (site / "stories" / story.stem / "index.html").read_text(encoding="utf-8")
    img = re.search(r'<figure class="pt-picture">\s*<img src="([^"]+)" alt="Ships in the lock"', html)
    assert img is not None
    picture = (site / "stories" / story.stem / img.group(1)).resolve()
    assert picture == (site / "assets" / "cards" / f"{story.stem}.jpg").resolve()
    assert 'property="og:image:alt" content="Ships in the lock"' in html
    with Image.open(picture) as card:
        assert card.size == (1200, 630)
        red, green, blue = card.convert("RGB").getpixel((600, 315))  # type: ignore[misc]
        assert red > 150 and green < 90 and blue < 90
    config.write_text(settings.replace("  - papertrail:\n", "  - papertrail:\n      card_font: mkdocs.yml\n"))
    refused = mkdocs_build(project, tmp_path / "refused")
    assert refused.returncode != 0 and "card_font 'mkdocs.yml' is not a font file" in refused.stderr


def test_an_authors_photo_is_a_square_on_their_page_and_in_json_ld(write_content: WriteContent) -> None:
    authors = "reporter:\n  name: Rita Reporter\n  photo: rita\n"
    root = write_content(
        {
            "authors.yml": authors,
            "images.yml": listing(("rita", "rita.png")).replace("Ships in the lock", "Rita Reporter"),
            "images/rita.png": picture_bytes((900, 1200), "PNG"),
        }
    )
    content = load_valid_content(root)[0]
    pages = {p.path: p for p in render_site(content, SITE)}
    author = pages["authors/reporter.md"].html
    assert '<img src="../../assets/cards/authors/reporter.jpg" alt="Rita Reporter" width="400"' in author
    spec = card_specs(content, "Newsroom")["assets/cards/authors/reporter.jpg"]
    portrait = Image.open(io.BytesIO(render_card(spec)))
    assert portrait.size == (400, 400)
    story = json.loads(pages["stories/test-story.md"].meta["pt_jsonld"])["@graph"][0]
    assert story["author"][0]["image"] == "https://news.example/assets/cards/authors/reporter.jpg"


def test_an_author_without_a_usable_photo_has_none(write_content: WriteContent) -> None:
    root = write_content({"authors.yml": "reporter:\n  name: Rita Reporter\n"})
    content = load_valid_content(root)[0]
    author = next(p for p in render_site(content, SITE) if p.path == "authors/reporter.md").html
    assert "pt-author__photo" not in author
    assert not any("authors/" in path for path in card_specs(content, "Newsroom"))
