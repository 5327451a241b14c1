"""Validation: every kind of problem an editor can make, each with a broken fixture."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from papertrail.build.pipeline import check_content, load_valid_content
from papertrail.checks.references import unknown_id
from papertrail.content.problems import ContentError, Problem, Severity
from tests.conftest import FILES, STORY, WriteContent


def problems_of(root: Path) -> list[Problem]:
    _, problems = check_content(root, root.parent)
    return problems


def messages(root: Path) -> list[str]:
    return [str(p) for p in problems_of(root) if p.is_error]


def test_valid_fixture_has_no_problems(write_content: WriteContent) -> None:
    content, problems = check_content(write_content(), None)
    assert problems == []
    assert set(content.stories) == {"test-story"}
    story = content.stories["test-story"]
    assert [s.key for s in story.sections] == ["happened", "behind", "background"]
    assert story.published.tzinfo is not None


def test_unknown_field_suggests_the_right_one(write_content: WriteContent) -> None:
    root = write_content({"stories/test-story.md": STORY.replace("summary:", "sumary:")})
    msgs = messages(root)
    assert "content/stories/test-story.md:4: sumary: error: unknown field (did you mean 'summary'?)" in msgs
    assert (
        "content/stories/test-story.md:1: summary: error: required field is missing: add to the front matter "
        "a line like 'summary: Choe Son Hui meets Sergey Lavrov as the two countries grow closer.' "
        "(one line for cards and the page description)" in msgs
    )


def test_wrong_types(write_content: WriteContent) -> None:
    story = STORY.replace("title: A test story", "title: 42").replace("entities: [alpha]", "entities: alpha")
    msgs = messages(write_content({"stories/test-story.md": story}))
    assert "content/stories/test-story.md:2: title: error: expected text, got the number 42" in msgs
    assert "content/stories/test-story.md:5: entities: error: expected a list, got 'alpha'" in msgs


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-13-45T10:00:00+00:00", "is not a date"),
        ("last tuesday", "is not a date"),
        ("2025-09-03", "needs a time and a timezone"),
        ("2025-09-03T10:00:00", "needs a time and a timezone"),
    ],
)
def test_bad_dates(write_content: WriteContent, published: str, expected: str) -> None:
    story = STORY.replace("2025-09-03T10:00:00+00:00", published)
    msgs = messages(write_content({"stories/test-story.md": story}))
    assert any(
        m.startswith("content/stories/test-story.md:3: published: error: ") and expected in m for m in msgs
    ), msgs


def test_updated_before_published(write_content: WriteContent) -> None:
    story = STORY.replace("summary:", "updated: 2025-09-01T10:00:00+00:00\nsummary:")
    assert "content/stories/test-story.md:4: updated: error: is before 'published'" in messages(
        write_content({"stories/test-story.md": story})
    )


def test_missing_and_unknown_sections(write_content: WriteContent) -> None:
    story = STORY.replace("## How we got here", "## How We Got Here Today")
    msgs = messages(write_content({"stories/test-story.md": story}))
    assert any("unknown section '## How We Got Here Today'" in m for m in msgs), msgs
    assert any("missing section '## How we got here'" in m for m in msgs), msgs
    # The unknown heading's own line is named.
    assert any(
        m.startswith("content/stories/test-story.md:22: body: error: unknown section") for m in msgs
    ), msgs


def test_section_headings_match_loosely(write_content: WriteContent) -> None:
    story = STORY.replace("## What's behind the headline?", "## What’s Behind the Headline")
    assert messages(write_content({"stories/test-story.md": story})) == []


def test_duplicate_empty_and_stray_sections(write_content: WriteContent) -> None:
    story = STORY.replace("## What's happened\n", "Stray text.\n\n# A title\n\n## What's happened\n")
    story = story.replace("History.\n", "History.\n\n## How we got here\n\nAgain.\n")
    story = story.replace("Reasons.\n", "")
    msgs = messages(write_content({"stories/test-story.md": story}))
    assert any("text before the first '##' section" in m for m in msgs), msgs
    assert any("a '#' heading in the body" in m for m in msgs), msgs
    assert any("section '## How we got here' appears twice" in m for m in msgs), msgs
    assert any("section '## What's behind the headline?' is empty" in m for m in msgs), msgs


def test_heading_inside_code_block_is_not_a_section(write_content: WriteContent) -> None:
    story = STORY.replace("History.", "History.\n\n```\n## Not a heading\n```")
    content, problems = check_content(write_content({"stories/test-story.md": story}))
    assert problems == []
    assert "## Not a heading" in (content.stories["test-story"].section("background") or object()).body  # type: ignore[union-attr]


def test_unknown_references(write_content: WriteContent) -> None:
    story = (
        STORY.replace("entities: [alpha]", "entities: [alpha, beta]")
        .replace("questions: [why]", "questions: [how]")
        .replace("source: paper-one", "source: paper-nine")
        .replace("sources: [paper-two]", "sources: [paper-two, paper-ten]")
    )
    source = FILES_SOURCE.replace("outlet: daily", "outlet: weekly")
    question = "---\ntitle: Why?\nentities: [gamma]\n---\n\nBecause.\n"
    msgs = messages(
        write_content(
            {"stories/test-story.md": story, "sources/paper-two.md": source, "questions/why.md": question}
        )
    )
    ls_entities = "`papertrail ls entities` lists the ids there are"
    assert (
        f"content/stories/test-story.md:5: entities[1]: error: unknown entity 'beta': {ls_entities}" in msgs
    )
    assert (
        "content/stories/test-story.md:6: questions[0]: error: unknown question 'how': "
        "`papertrail ls questions` lists the ids there are"
    ) in msgs
    # Ids close to existing ones get the nearest as a suggestion.
    assert (
        "content/stories/test-story.md:8: papers[0].source: error: unknown source 'paper-nine': "
        "did you mean 'paper-one'?"
    ) in msgs
    assert (
        "content/stories/test-story.md:10: sources[1]: error: unknown source 'paper-ten': did you mean 'paper-two' or 'paper-one'?"
    ) in msgs
    assert (
        "content/sources/paper-two.md:3: outlet: error: unknown outlet 'weekly': add it to outlets.yml "
        "(see `papertrail ls outlets`)"
    ) in msgs
    assert f"content/questions/why.md:3: entities[0]: error: unknown entity 'gamma': {ls_entities}" in msgs


def test_unknown_ids_suggest_the_ids_that_begin_alike() -> None:
    known = {"japan-times-kim-china-friendship", "japan-times-other-story", "scmp-kim-beijing-parade"}
    assert unknown_id("japan-times-x", known, "source") == (
        "unknown source 'japan-times-x': did you mean "
        "'japan-times-kim-china-friendship' or 'japan-times-other-story'?"
    )
    assert unknown_id("scmp-kim-beijing-parad", known, "source").endswith(
        "did you mean 'scmp-kim-beijing-parade'?"
    )


FILES_SOURCE = "---\ntitle: It happened again\noutlet: daily\n---\n"


def test_duplicate_ids_across_folders_and_suffixes(write_content: WriteContent) -> None:
    entity = "name: Alpha Again\nkind: person\nsummary: Again.\n"
    root = write_content({"entities/alpha.yaml": entity, "stories/2025/test-story.md": STORY})
    msgs = messages(root)
    assert any(
        m.startswith(
            "content/entities/alpha.yml: error: duplicate entity id 'alpha' (also content/entities/alpha.yaml)"
        )
        or m.startswith("content/entities/alpha.yaml: error: duplicate entity id 'alpha'")
        for m in msgs
    ), msgs
    assert any("duplicate story id 'test-story'" in m for m in msgs), msgs


def test_duplicate_yaml_key_and_list_item(write_content: WriteContent) -> None:
    story = STORY.replace("summary: Something happened.", "summary: One.\nsummary: Two.")
    story = story.replace("entities: [alpha]", "entities: [alpha, alpha]")
    msgs = messages(write_content({"stories/test-story.md": story}))
    assert "content/stories/test-story.md:5: summary: error: duplicate key (first on line 4)" in msgs
    assert "content/stories/test-story.md:6: entities[1]: error: 'alpha' is listed twice" in msgs


def test_bad_file_names_and_stray_files(write_content: WriteContent) -> None:
    root = write_content({"stories/My Story.md": STORY, "stories/notes.txt": "draft"})
    msgs = messages(root)
    assert any("My Story.md: error: file name 'My Story' is not a valid id" in m for m in msgs), msgs
    assert "content/stories/notes.txt: error: not a story file: story files end in .md" in msgs


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "content/stories/test-story.md: error: file is empty"),
        (b"   \n\n", "content/stories/test-story.md: error: file is empty"),
        (
            "---\ntitle: Caf\xe9\n---\n".encode("latin-1"),
            "content/stories/test-story.md:2: error: not UTF-8 text",
        ),
        (b"---\ntitle: [unclosed\n---\n", "content/stories/test-story.md:2: error: malformed YAML"),
        (b"No front matter here.\n", "content/stories/test-story.md:1: error: no front matter"),
        (b"---\ntitle: x\n", "content/stories/test-story.md:1: error: front matter is not closed"),
        (b"---\n- a list\n---\n", "content/stories/test-story.md:2: error: front matter must be a mapping"),
    ],
)
def test_unreadable_files_get_one_clear_message(
    write_content: WriteContent, data: bytes, expected: str
) -> None:
    msgs = messages(write_content({"stories/test-story.md": data}))
    assert any(m.startswith(expected) for m in msgs), msgs


def test_malformed_outlets_file(write_content: WriteContent) -> None:
    msgs = messages(write_content({"outlets.yml": "daily:\n  name: The Daily\n   url: x\n"}))
    assert any(m.startswith("content/outlets.yml:3: error: malformed YAML") for m in msgs), msgs


def test_entity_fields(write_content: WriteContent) -> None:
    entity = "name: Alpha Person\nkind: persn\nsummary: A.\nwikidata: 7747\nwikipedia: not a url\n"
    msgs = messages(write_content({"entities/alpha.yml": entity}))
    assert "content/entities/alpha.yml:2: kind: error: unknown value 'persn'; did you mean 'person'?" in msgs
    assert "content/entities/alpha.yml:4: wikidata: error: expected text, got the number 7747" in msgs
    assert (
        "content/entities/alpha.yml:5: wikipedia: error: 'not a url' holds a space, which no web address has: "
        "copy the address from the browser's address bar" in msgs
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "javascript:alert(1)",
            "is not a web address: only http://, https:// and mailto: addresses are allowed",
        ),
        ("data:text/html,<b>x</b>", "holds the character '<', which no web address has"),
        ("https://e.com/x)<svg/onload=alert(2)>", "holds the character '<', which no web address has"),
        ('https://e.com/x"onmouseover="alert(1)', "holds the character '\"', which no web address has"),
        ("https://e.com/x{onclick=alert(1)}", "holds the character '{', which no web address has"),
        (
            "ftp://files.example/a",
            "is not a web address: only http://, https:// and mailto: addresses are allowed",
        ),
        ("https:///path-only", "has no site name after the '//'"),
        ("//e.com/protocol-relative", "is not a web address"),
    ],
)
def test_urls_are_refused_where_they_enter(write_content: WriteContent, url: str, reason: str) -> None:
    source = f"---\ntitle: It happened again\noutlet: daily\nurl: '{url}'\n---\n"
    msgs = messages(write_content({"sources/paper-two.md": source}))
    assert any(m.startswith("content/sources/paper-two.md:4: url: error: ") and reason in m for m in msgs), (
        msgs
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://de.wikipedia.org/wiki/Köln",
        "https://en.wikipedia.org/wiki/Kim_(surname)",
        "mailto:desk@daily.example",
    ],
)
def test_ordinary_addresses_pass(write_content: WriteContent, url: str) -> None:
    source = f"---\ntitle: It happened again\noutlet: daily\nurl: '{url}'\n---\n"
    assert messages(write_content({"sources/paper-two.md": source})) == []


def test_alias_shared_by_two_entities(write_content: WriteContent) -> None:
    beta = "name: Beta\nkind: person\nsummary: B.\naliases: [alpha]\n"
    msgs = messages(write_content({"entities/beta.yml": beta}))
    assert "content/entities/beta.yml:4: aliases[0]: error: 'alpha' is also a name of entity 'alpha'" in msgs


def test_source_rights_must_be_known(write_content: WriteContent) -> None:
    source = FILES_SOURCE.replace("outlet: daily", "outlet: daily\nrights: free")
    msgs = messages(write_content({"sources/paper-two.md": source}))
    assert any(
        m.startswith("content/sources/paper-two.md:4: rights: error: unknown value 'free'") for m in msgs
    ), msgs


def test_citing_a_source_again_under_sources_is_a_warning(write_content: WriteContent) -> None:
    story = STORY.replace("sources: [paper-two]", "sources: [paper-one]")
    problems = problems_of(write_content({"stories/test-story.md": story}))
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert "already cited under papers" in problems[0].message


def test_a_papers_item_citing_a_source_already_cited_there_is_an_error(write_content: WriteContent) -> None:
    twice = "  - source: paper-one\n    says: The Daily says it again.\nsources:"
    story = STORY.replace("sources:", twice, 1)
    problems = problems_of(write_content({"stories/test-story.md": story}))
    assert [(p.severity, p.field) for p in problems] == [(Severity.ERROR, "papers[1].source")]
    assert "already cited in papers[0]" in problems[0].message


def test_every_problem_is_reported_at_once_in_path_order(write_content: WriteContent) -> None:
    root = write_content(
        {
            "stories/test-story.md": STORY.replace("source: paper-one", "source: nope"),
            "entities/alpha.yml": "name: Alpha\nkind: robot\nsummary: A.\n",
            "questions/why.md": b"",
        }
    )
    with pytest.raises(ContentError) as caught:
        load_valid_content(root, root.parent)
    text = str(caught.value)
    lines = text.splitlines()
    assert lines[0] == "3 problems in content:"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "content/entities/alpha.yml",
        "content/questions/why.md",
        "content/stories/test-story.md",
    ]


def test_missing_content_folder(tmp_path: Path) -> None:
    _, problems = check_content(tmp_path / "nowhere", tmp_path)
    assert [str(p) for p in problems] == ["nowhere: error: content folder not found"]


def test_raw_html_in_prose_is_a_warning_naming_file_and_field(write_content: WriteContent) -> None:
    story = STORY.replace("Alpha Person did it.", "Alpha Person did it. <script>alert(1)</script>").replace(
        "says: The Daily says it happened.", "says: The Daily says it <b>happened</b>."
    )
    root = write_content({"stories/test-story.md": story})
    warnings = [str(p) for p in problems_of(root) if not p.is_error]
    body_line = STORY.splitlines().index("## What's happened") + 1  # the body's problems point at its start
    assert (
        f"content/stories/test-story.md:{body_line}: body: warning: raw HTML is shown as text, never run "
        "(section 'What's happened'): </script>, <script>; write Markdown instead" in warnings
    )
    assert (
        "content/stories/test-story.md:9: papers[0].says: warning: raw HTML is shown as text, never run: "
        "</b>, <b>; write Markdown instead" in warnings
    )
    assert not [p for p in problems_of(root) if p.is_error]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    says: The Daily says it happened.",
            "    says: The Daily says: it happened.",
            "content/stories/test-story.md:9: error: malformed YAML: the text of 'says:' holds a colon and "
            'a space, which YAML reads as a new field: put the text in quotes (says: "…") or write it on '
            "the following lines, indented, after '>'",
        ),
        (
            "    says: The Daily says it happened.",
            "   says: The Daily says it happened.",
            "content/stories/test-story.md:9: error: malformed YAML: 'says:' is indented differently from "
            "the lines above it: in a list item, every field starts under the first one (two spaces after "
            "'- '); use spaces only",
        ),
        (
            "summary: Something happened.",
            "\tsummary: Something happened.",
            "content/stories/test-story.md:4: error: malformed YAML: a tab indents this line: indent with spaces",
        ),
        (
            "title: A test story",
            'title: "A test story',
            "content/stories/test-story.md:2: error: malformed YAML: the quotation mark that opens the text "
            "of 'title:' is never closed: close it",
        ),
    ],
)
def test_yaml_mistakes_get_advice(write_content: WriteContent, old: str, new: str, expected: str) -> None:
    assert old in STORY
    msgs = messages(write_content({"stories/test-story.md": STORY.replace(old, new)}))
    assert expected in msgs, msgs


def test_a_line_left_hanging_under_a_date_is_explained(write_content: WriteContent) -> None:
    # Deleting the first line of a two-line summary leaves its second line indented
    # under the field above, and YAML reads it as part of the date.
    lines = STORY.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("published:"))
    lines.insert(at + 1, "  as the two countries grow closer.")
    root = write_content({"stories/test-story.md": "\n".join(lines)})
    (problem,) = [m for m in messages(root) if ": published: " in m]
    assert problem.endswith(
        "is followed by 'as the two countries grow closer.': an indented line below the date was read "
        "as part of it; delete that line or put it back under its own field"
    )


# Spoofing: direction controls, addresses that hide where they lead, oversized prose --------

RLO = "\u202e"


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "stories/test-story.md",
            "title: A test story",
            f"title: A test{RLO}yrots",
            "title: error: holds the invisible direction control U+202E",
        ),
        (
            "entities/alpha.yml",
            "aliases: [Alpha]",
            f"aliases: [Al{RLO}pha]",
            "aliases[0]: error: holds the invisible direction control U+202E",
        ),
        (
            "stories/test-story.md",
            "    says: The Daily says it happened.",
            f"    says: The Daily says it {RLO}happened.",
            "papers[0].says: error: holds the invisible direction control U+202E",
        ),
        (
            "stories/test-story.md",
            "Alpha Person did it.",
            f"Alpha Person did {RLO}it.",
            "body: error: section '## What's happened' holds the invisible direction control U+202E",
        ),
        (
            "sources/paper-one.md",
            "url: https://daily.example/one",
            "url: https://daily.example@evil.example/one",
            "names a user before '@' (daily.example@…), which makes an address look like one site and open evil.example",
        ),
        (
            "sources/paper-one.md",
            "url: https://daily.example/one",
            f"url: https://daily.example/{RLO}eno",
            "url: error: holds the invisible direction control U+202E",
        ),
    ],
    ids=["title", "alias", "says", "section", "url-user-info", "url-bidi"],
)
def test_text_that_reads_otherwise_than_it_is_written_is_an_error(
    write_content: WriteContent, name: str, old: str, new: str, expected: str
) -> None:
    text = STORY if name == "stories/test-story.md" else textwrap.dedent(FILES[name])
    assert old in text
    msgs = messages(write_content({name: text.replace(old, new)}))
    assert any(expected in m for m in msgs), msgs


def test_direction_marks_in_right_to_left_prose_are_a_warning(write_content: WriteContent) -> None:
    hebrew = "\u05e9\u05dc\u05d5\u05dd \u200f(Shalom)"
    root = write_content(
        {"stories/test-story.md": STORY.replace("Alpha Person did it.", f"Alpha Person said {hebrew}.")}
    )
    problems = problems_of(root)
    assert not [p for p in problems if p.is_error]
    (warning,) = [p for p in problems if "direction control" in p.message]
    assert warning.severity is Severity.WARNING and "U+200F" in warning.message


def test_a_story_section_of_a_megabyte_is_refused(write_content: WriteContent) -> None:
    long = "Alpha Person did it. " * 50_000
    msgs = messages(write_content({"stories/test-story.md": STORY.replace("Alpha Person did it.", long)}))
    assert any("body: error: section '## What's happened' is 1,050,000 characters long" in m for m in msgs), (
        msgs
    )


def test_hidden_and_readme_files_in_a_kind_folder_are_said(write_content: WriteContent) -> None:
    root = write_content({"stories/.draft-story.md": STORY, "stories/README.md": "Notes for editors.\n"})
    warnings = [str(p) for p in problems_of(root) if not p.is_error]
    assert any(w.startswith("content/stories/.draft-story.md: warning: hidden") for w in warnings), warnings
    assert any(
        w.startswith("content/stories/README.md: warning: README.md is not read as a story") for w in warnings
    )


def test_a_file_name_with_a_newline_stays_on_one_line(write_content: WriteContent) -> None:
    root = write_content({"stories/bad\nname.md": STORY})
    shown = [str(p) for p in problems_of(root) if "bad" in p.path]
    assert shown and all("\n" not in line and "bad\\nname.md" in line for line in shown)
