"""Each entity's first mention with its sentence (analysis/mentions.py), found by
searching whole texts, against the rule: search the texts sentence by sentence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.analysis.mentions import EntityMatcher, _mentions
from papertrail.content.model import Entity, Origin
from papertrail.content.sections import plain_text
from papertrail.content.sentences import sentences


def reference_mentions(texts: list[str], matcher: EntityMatcher) -> tuple[tuple[str, str, str, int], ...]:
    """The definition: each sentence of each text searched on its own, in order."""
    first: dict[str, tuple[str, str, str, int]] = {}
    for text in texts:
        for sentence in sentences(plain_text(text)):
            for mention in matcher.find(sentence):
                first.setdefault(mention.entity, (mention.entity, sentence, mention.text, mention.start))
    return tuple(first.values())


# Names that hold what may end a sentence ("Kim. Jong", "Acme Co.") as well as plain
# ones, and text made of them, of words, of what ends sentences and of markup.
_NAMES = ["Kim", "Kim Jong", "Kim. Jong", "Acme Co.", "Acme", "U.S. Army", "Seoul", "Dr. No", "Über"]
_PIECES = st.sampled_from(
    [
        *_NAMES,
        " ",
        ". ",
        "! ",
        "? ",
        "… ",
        ".” ",
        " The ",
        " she said",
        "\n\n",
        "\n## ",
        "\n- ",
        "*",
        "a",
        "7",
    ]
)


def _matcher(names: list[str]) -> EntityMatcher:
    entities = [
        Entity(f"e{i}", Origin(f"e{i}.yml"), name, "person", "Someone.") for i, name in enumerate(names)
    ]
    return EntityMatcher(entities)


@settings(max_examples=400, deadline=None)
@given(
    names=st.lists(st.sampled_from(_NAMES), min_size=1, max_size=5, unique=True),
    texts=st.lists(st.lists(_PIECES, max_size=30).map("".join), max_size=4),
)
def test_first_mentions_are_those_of_a_search_sentence_by_sentence(
    names: list[str], texts: list[str]
) -> None:
    matcher = _matcher(names)
    assert _mentions(texts, matcher) == reference_mentions(texts, matcher)


def test_a_name_across_where_a_sentence_may_end_is_found_as_in_its_sentence() -> None:
    # "Kim. Jong" spans a sentence break: searched whole, the text would find it; the
    # rule finds "Kim" at the end of the first sentence.
    matcher = _matcher(["Kim", "Kim. Jong"])
    found = _mentions(["They met Kim. Jong came later."], matcher)
    assert found == (("e0", "They met Kim.", "Kim", 9),)
    assert found == reference_mentions(["They met Kim. Jong came later."], matcher)
