"""Entity mentions: found once, used for links, tooltips, backlinks and checks.

One regular expression is compiled over every entity name and alias (longest first,
so "Kim Jong-un" wins over "Kim"), and each text is scanned once: the work grows
with the amount of text, not with text times entities. :class:`MentionSearch` builds
everything the pages need in one pass over the content.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import Content, Entity, Question, Story
from papertrail.content.replaced import replaced_in_place
from papertrail.content.sections import plain_text
from papertrail.content.sentences import may_hold_a_break, sentence_span_at, sentences


@dataclass(frozen=True)
class Mention:
    """A name or alias of an entity found at ``start:end`` of a text."""

    entity: str
    start: int
    end: int
    text: str


# A first word that starts more names than this has them matched by one expression:
# 60 outlet names starting "The" were tried one by one at every "The" of the text, a
# quarter of finding mentions (2,000 stories: 1.02 -> 0.75 s).
MANY_NAMES = 4


class EntityMatcher:
    """Finds mentions of any entity, by name or alias, as whole words, case as written.

    Names are indexed by their first word, and only words that start some name are
    visited: one regular expression, a trie of those first words, finds them (a flat
    alternation of thousands of names is tried name by name at every position, which
    made checking 5,000 stories eight times slower than 1,000; visiting every word in
    Python was most of the check's time). At each such word only the names starting
    with it are tried, longest first, so the cost is linear in the text whatever the
    number of entities.

    ``shadows`` are names that contain an entity's name but are not about it (outlet
    names: "China" in "South China Morning Post"); they are matched like the rest and
    never reported.
    """

    def __init__(self, entities: Iterable[Entity], shadows: Iterable[str] = ()) -> None:
        self.owner: dict[str, str | None] = dict.fromkeys(shadows)
        for entity in entities:
            for name in entity.names:
                if self.owner.get(name) is None:
                    self.owner[name] = entity.id
        self.by_first_word: dict[str, list[str]] = {}
        for name in sorted(self.owner, key=len, reverse=True):
            first = _WORD.match(name)
            if first is not None and first.start() == 0:
                self.by_first_word.setdefault(first.group(0), []).append(name)
        # A whole word (no word character on either side, as `\w+` cuts them) that
        # starts some name.
        self.first_words = re.compile(whole_words_pattern(self.by_first_word))
        # The names after a first word that starts many, as one expression (a trie, so
        # the longest whole name wins, as trying them longest first does).
        self.names_at: dict[str, Callable[[str, int], re.Match[str] | None]] = {
            word: re.compile(whole_words_pattern(names)).match
            for word, names in self.by_first_word.items()
            if len(names) > MANY_NAMES
        }

    def find(self, text: str) -> Iterator[Mention]:
        """Every mention in ``text``, left to right, never overlapping."""
        position = 0
        search = self.first_words.search
        names_at = self.names_at
        while (word := search(text, position)) is not None:
            start = word.start()
            position = word.end()
            first = word.group(0)
            match_name = names_at.get(first)
            if match_name is not None:
                found = match_name(text, start)
                if found is not None:
                    position = found.end()
                    entity = self.owner[found.group(0)]
                    if entity is not None:
                        yield Mention(entity, start, position, found.group(0))
                continue
            for name in self.by_first_word[first]:
                end = start + len(name)
                if text.startswith(name, start) and not (
                    end < len(text) and (text[end].isalnum() or text[end] == "_")
                ):
                    position = end
                    entity = self.owner[name]
                    if entity is not None:
                        yield Mention(entity, start, end, name)
                    break

    def entities_in(self, text: str) -> set[str]:
        """The ids of every entity ``text`` mentions."""
        return {m.entity for m in self.find(text)}


_WORD = re.compile(r"\w+")


def whole_words_pattern(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words`` as whole words, shaped as a trie.

    Python's engine tries the branches of an alternation one by one; as a trie, a
    position that starts no word fails at its first character. The pattern opens with
    that character, not with the check that no word character comes before it (made
    right after it, as ``(?<!\\w.)``): the engine then skips ahead to the characters
    that start a word, where a pattern opening with a lookbehind is tried at every
    character (finding every name was twice as slow).

    Words that make the trie branch more than :data:`MOST_BRANCHINGS` times along one
    word (names that are each other's beginnings, ``a``, ``aa``, ``aaa``…) are matched by
    one flat alternation instead, longest first: the same matches, tried one by one.
    """
    words = set(words)
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if not any(trie):
        return "(?!)"
    try:
        branches = [
            re.escape(char) + r"(?<!\w.)" + _trie_branch(child, 1)
            for char, child in sorted(trie.items())
            if char
        ]
    except _TooDeep:
        longest_first = sorted((w for w in words if w), key=lambda w: (-len(w), w))
        branches = [re.escape(w[0]) + r"(?<!\w.)" + re.escape(w[1:]) for w in longest_first]
    return "(?:" + "|".join(branches) + r")(?!\w)"


# Each branching of a trie is a group nested in the last: Python's parser of regular
# expressions recurses into each (a hostile outlet name 1,000 characters long crashed
# the check when each character was a level), and a few hundred levels exhaust it.
MOST_BRANCHINGS = 50


class _TooDeep(Exception):
    """A trie that branches more than MOST_BRANCHINGS times along one word."""


def _trie_branch(node: dict[str, dict], depth: int) -> str:  # type: ignore[type-arg]
    ends = "" in node
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        # Characters with one way on and no word ending there are plain text: no group,
        # and no call for each of them.
        chars = [char]
        while len(child) == 1 and "" not in child:
            ((char, child),) = child.items()
            chars.append(char)
        branches.append(re.escape("".join(chars)) + _trie_branch(child, depth + 1))
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    if depth > MOST_BRANCHINGS:
        raise _TooDeep
    return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")


@dataclass(frozen=True)
class Backlink:
    """A story or question citing an entity, with the sentence that mentions it."""

    target: Story | Question
    sentence: str | None
    mention: str | None
    start: int | None = None  # where in the sentence the mention is (it may be there twice)


@dataclass
class LinkIndex:
    """What the pages need about mentions, computed in one pass.

    Attributes:
        matcher: The compiled matcher over every entity name and alias.
        matcher_key: A digest of the names it matches (pages linked by it depend on them).
        story_mentions: Story id to the entities its prose mentions.
        context: (story or question id, entity id) to its first mention: (entity id,
            sentence, mention text, its start), as the search found it (a reload's
            pages compare the identical rows, kept in the cache, at no cost).
        related: Entity id to co-cited entities with how many stories cite both.
    """

    matcher: EntityMatcher
    matcher_key: str = ""
    story_mentions: dict[str, set[str]] = field(default_factory=dict)
    context: dict[tuple[str, str], tuple[str, str, str, int]] = field(default_factory=dict)
    related: dict[str, Counter[str]] = field(default_factory=dict)

    def backlinks(self, entity_id: str, content: Content) -> list[Backlink]:
        """Stories (newest first) and questions that cite ``entity_id``, with context."""
        out = []
        citing: list[Story | Question] = [
            *content.stories_by_entity.get(entity_id, ()),
            *content.questions_by_entity.get(entity_id, ()),
        ]
        for item in citing:
            found = self.context.get((item.id, entity_id))
            out.append(Backlink(item, *found[1:]) if found else Backlink(item, None, None))
        return out


def story_prose(story: Story) -> list[str]:
    """A story's prose in page order: the sections, then what the papers say."""
    texts = [section.body for section in story.sections]
    texts += [item.says for item in story.papers]
    if story.papers_overall:
        texts.append(story.papers_overall)
    return texts


class MentionSearch:
    """Every mention in every story and question, found once (see
    :mod:`papertrail.analysis.results`), in two steps: what is to be searched
    (:meth:`job`, which the analysis runs on every core along with its other work),
    then the index from what was found (:meth:`finish`).

    With a build cache, a story or question whose text and the entity names are
    unchanged since the last build keeps the mentions found then.
    """

    def __init__(self, content: Content, cache: BuildCache | None) -> None:
        self.content, self.cache = content, cache
        names = tuple((e.id, *e.names) for e in content.entities.values())
        shadows = tuple(o.name for o in content.outlets.values())
        key = (names, shadows) if cache is None else cache.stable("matcher", (names, shadows))
        self.key = key
        self.matcher = derived(
            cache, "matcher", key, (), lambda: EntityMatcher(content.entities.values(), shadows)
        )
        # Stories record which entities their prose mentions (for check warnings); stories
        # and questions both record the sentence of each mention (for backlinks).
        self.items: list[tuple[Story | Question, bool]] = [(s, True) for s in content.stories_newest_first]
        self.items += [(q, False) for q in content.questions.values()]
        self.subjects = tuple(item for item, _ in self.items)
        self.last: _LastSearch | None = None
        self.changed: Sequence[int] = range(len(self.items))
        last = cache.last.get("mentions") if cache is not None else None
        if (
            isinstance(last, _LastSearch)
            and last.key is key
            and content.stories.keys().isdisjoint(content.questions)
        ):
            # A reload: only the items that are not the identical objects of the last
            # build are looked at (found in C), when each is in the place of its old self.
            changed = replaced_in_place(last.subjects, self.subjects)
            if changed is not None:
                self.last, self.changed = last, changed
        # Items the cache does not hold are searched on every core first.
        self.new = [
            i
            for i in self.changed
            if cache is None or not cache.has_derived("mentions", self.subjects[i], (key,))
        ]

    def job(self) -> tuple[Callable[[list[str]], tuple[tuple[str, str, str, int], ...]], list[list[str]]]:
        """The search of one item's prose, and the prose of each item to search."""
        return partial(_mentions, matcher=self.matcher), [_prose(self.items[i][0]) for i in self.new]

    def finish(self, ahead: list[tuple[tuple[str, str, str, int], ...]] | None) -> LinkIndex:
        """The index, given what :meth:`job` found (None: each item is searched now)."""
        cache, key, matcher, last = self.cache, self.key, self.matcher, self.last
        index = LinkIndex(matcher, hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest())
        searched = dict(zip(self.new, ahead, strict=True)) if ahead is not None else {}
        rows: list[tuple[tuple[str, str, str, int], ...]]
        if last is not None:
            # The last index with the changed items' rows taken out and theirs put in
            # (ids are unique across stories and questions here: each row is one item's).
            index.context, index.story_mentions = dict(last.context), dict(last.story_mentions)
            rows = list(last.rows)
            for i in self.changed:
                old = last.subjects[i]
                for row in rows[i]:
                    index.context.pop((old.id, row[0]), None)
            assert cache is not None
            cache.keep_derived("mentions", self.subjects)
        else:
            rows = [()] * len(self.items)
        for i in self.changed:
            item, is_story = self.items[i]
            compute = partial(searched.pop, i) if i in searched else partial(_item_mentions, item, matcher)
            found = rows[i] = derived(cache, "mentions", item, (key,), compute)
            for row in found:
                index.context.setdefault((item.id, row[0]), row)
            if is_story:
                index.story_mentions[item.id] = {row[0] for row in found}
        if cache is not None:
            cache.last["mentions"] = _LastSearch(
                key, self.subjects, tuple(rows), index.context, index.story_mentions
            )
        # Which topics are listed together follows from the stories' lists alone: kept
        # while they are the same (a reload counted 37,000 pairs again at 5,000 stories).
        lists = tuple(story.entities for story in self.content.stories.values())
        listed = lists if cache is None else cache.stable("listed-entities", lists)
        index.related = derived(cache, "related", listed, (), partial(_related, lists))
        return index


@dataclass(frozen=True)
class _LastSearch:
    """What :class:`MentionSearch` found in the last build, for a reload's."""

    key: object
    subjects: tuple[Story | Question, ...]
    rows: tuple[tuple[tuple[str, str, str, int], ...], ...]
    context: dict[tuple[str, str], tuple[str, str, str, int]]
    story_mentions: dict[str, set[str]]


def _prose(item: Story | Question) -> list[str]:
    return story_prose(item) if isinstance(item, Story) else [item.body]


def _item_mentions(item: Story | Question, matcher: EntityMatcher) -> tuple[tuple[str, str, str, int], ...]:
    return _mentions(_prose(item), matcher)


def _related(lists: Iterable[tuple[str, ...]]) -> dict[str, Counter[str]]:
    """Entity id to the entities listed with it and in how many stories."""
    related: dict[str, Counter[str]] = {}
    for entities in lists:
        for entity in entities:
            related.setdefault(entity, Counter()).update(e for e in entities if e != entity)
    return related


def _mentions(texts: Iterable[str], matcher: EntityMatcher) -> tuple[tuple[str, str, str, int], ...]:
    """(entity, sentence, mention text, its start in the sentence) for each entity's first
    mention in ``texts``."""
    first: dict[str, tuple[str, str, str, int]] = {}
    for text in texts:
        plain = plain_text(text)
        found = list(matcher.find(plain))
        # The text is searched whole, and only the sentences of first mentions are
        # found (splitting every text and searching its 430,000 sentences one by one
        # took 1.6 s of CPU at 5,000 stories, now 1.2 s). The mentions are the same
        # unless one spans where a sentence may end ("Kim. Jong"): then the text is
        # searched sentence by sentence, as the rule says.
        if any(may_hold_a_break(plain, m.start, m.end) for m in found):
            for sentence in sentences(plain):
                for mention in matcher.find(sentence):
                    first.setdefault(mention.entity, (mention.entity, sentence, mention.text, mention.start))
            continue
        for mention in found:
            if mention.entity not in first:
                start, end = sentence_span_at(plain, mention.start)
                sentence = plain[start:end]
                first[mention.entity] = (mention.entity, sentence, mention.text, mention.start - start)
    return tuple(first.values())
