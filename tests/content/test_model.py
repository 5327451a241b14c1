"""The content model's own behaviour: indexes, rights, cited sources."""

from __future__ import annotations

import datetime as dt

from papertrail.content.model import Content, Entity, Origin, PaperItem, Question, Section, Source, Story

UTC = dt.timezone.utc


def story(ident: str, day: int, entities: tuple[str, ...] = (), **kw: object) -> Story:
    return Story(
        ident,
        Origin(f"{ident}.md"),
        f"Story {ident}",
        dt.datetime(2025, 9, day, tzinfo=UTC),
        "Summary.",
        (Section("happened", "What's happened", "Text."),),
        entities=entities,
        **kw,  # type: ignore[arg-type]
    )


def test_indexes_are_newest_first_and_complete() -> None:
    content = Content(
        stories={
            "old": story("old", 1, ("a", "b")),
            "new": story("new", 20, ("a",)),
            "mid": story("mid", 10, ("b",)),
        }
    )
    assert [s.id for s in content.stories_newest_first] == ["new", "mid", "old"]
    assert [s.id for s in content.stories_by_entity["a"]] == ["new", "old"]
    assert [s.id for s in content.stories_by_entity["b"]] == ["mid", "old"]
    assert "c" not in content.stories_by_entity


def test_cited_sources_keeps_order_without_repeats() -> None:
    s = story("x", 1, papers=(PaperItem("p1", "a"), PaperItem("p2", "b")), sources=("p3", "p1"))
    assert s.cited_sources == ("p1", "p2", "p3")


def test_full_text_only_with_open_rights() -> None:
    def source(rights: str) -> Source:
        return Source("s", Origin("s.md"), "daily", rights=rights)

    assert source("CC-BY-ND-4.0").full_text_allowed
    assert source("CC0-1.0").full_text_allowed
    assert not source("all-rights-reserved").full_text_allowed
    assert not source("CC-BY-NC-4.0").full_text_allowed


def test_stories_citing_outlet_goes_through_its_sources() -> None:
    content = Content(
        sources={
            "p1": Source("p1", Origin("p1.md"), "daily"),
            "p2": Source("p2", Origin("p2.md"), "weekly"),
        },
        stories={
            "a": story("a", 1, papers=(PaperItem("p1", "x"),)),
            "b": story("b", 2, sources=("p2",)),
        },
    )
    assert [s.id for s in content.stories_citing_outlet("daily")] == ["a"]
    assert [s.id for s in content.stories_citing_outlet("weekly")] == ["b"]


def test_questions_by_entity_and_entity_names() -> None:
    q = Question("q", Origin("q.md"), "Why?", "Because.", ("a",))
    e = Entity("a", Origin("a.yml"), "Alpha", "person", "A.", ("Al",))
    content = Content(entities={"a": e}, questions={"q": q})
    assert content.questions_by_entity["a"] == (q,)
    assert e.names == ("Alpha", "Al")


def test_origin_problem_points_at_the_nearest_known_line() -> None:
    origin = Origin("x.md", {("papers",): 7, ("papers", 1): 9})
    assert str(origin.problem(("papers", 1, "says"), "bad")) == "x.md:9: papers[1].says: error: bad"
    # A top-level field the file lacks points at the file's first line, where fields start.
    assert str(origin.problem(("title",), "missing")) == "x.md:1: title: error: missing"
    assert str(Origin("outlets.yml", {("bbc",): 3}, ("bbc",)).problem(("name",), "missing")).startswith(
        "outlets.yml:3: bbc.name:"
    )
