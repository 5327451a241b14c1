"""Markdown bodies cut into sections and read as plain text (content/sections.py)."""

from __future__ import annotations

from papertrail.content.sections import first_paragraph, heading_key, plain_text, split_sections


def test_sections_are_cut_at_level_two_headings_only_outside_code() -> None:
    body = "Intro line.\n\n## What's happened\n\nIt did.\n\n```\n## not a heading\n```\n\n## How we got here\n\nSlowly.\n"
    split = split_sections(body)
    assert split.preamble.strip() == "Intro line."
    assert [s.heading for s in split.sections] == ["What's happened", "How we got here"]
    assert "## not a heading" in split.sections[0].body  # the code block stays in its section
    assert split.sections[1].body.strip() == "Slowly."


def test_heading_keys_ignore_case_quotes_and_punctuation() -> None:
    assert heading_key("What’s behind the headline?") == heading_key("what's behind the headline")


def test_plain_text_keeps_words_and_link_texts_only() -> None:
    markdown = "**Bold** and [a link](https://example.org) with ![an image](x.png) and `code`."
    text = plain_text(markdown)
    assert "Bold and a link with" in text
    assert "https://" not in text and "x.png" not in text and "*" not in text


def test_first_paragraph_is_the_first_block_of_prose() -> None:
    assert first_paragraph("First one\ncontinues.\n\nSecond.").split() == ["First", "one", "continues."]
