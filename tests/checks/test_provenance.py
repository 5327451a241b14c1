"""Which outlets a papers item names (checks/provenance.py), against its plain definition."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.checks.provenance import _outlet_matcher
from papertrail.content.urls import without_article

_NAMES = st.sampled_from(
    ["The Times", "Financial Times", "Times", "The Straits Times", "Le Monde", "Monde", "Ü Post", "A_B"]
)
_GLUE = st.sampled_from([" ", ", ", "The ", "x", "_", "é", "\n", "“", "’s ", "-", "."])


def _reference(names: dict[str, str], text: str) -> set[str]:
    """The definition: any outlet's name (without "The"), longest first, as whole words."""
    owner = {without_article(name): ident for ident, name in names.items()}
    alternatives = "|".join(map(re.escape, sorted(owner, key=len, reverse=True)))
    return {owner[m.group(0)] for m in re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", text)}


@settings(max_examples=200, deadline=None)
@given(
    names=st.lists(_NAMES, min_size=1, max_size=5, unique=True),
    text=st.lists(st.one_of(_NAMES, _GLUE), max_size=30).map("".join),
)
def test_the_outlets_named_are_those_the_plain_alternation_finds(names: list[str], text: str) -> None:
    outlets = {f"o{i}": name for i, name in enumerate(names)}
    if len({without_article(n) for n in names}) < len(names):
        return  # two outlets with one name: which owns it is not the question here
    assert _outlet_matcher(tuple(outlets.items()))(text) == _reference(outlets, text)
