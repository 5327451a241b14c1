"""Write a synthetic newsroom site for benchmarks: ``DIR/mkdocs.yml``, ``DIR/docs/``, ``DIR/content/``.

    .venv/bin/python bench/make_corpus.py --stories 1000 --out /tmp/corpus-1000 [--seed 1]

Shaped like a real newsroom's content: per story about 900 words of prose in the
three sections, 4-7 *What the papers say* items whose quotations are in their
sources, 6-9 entities drawn from a pool of about N/3 with Zipf-like popularity (a
few appear in thousands of stories), 3-8 questions from a shared pool of about N/2
(popular ones asked by many stories), sources from 60 outlets, one in ten under an
open licence. The same seed gives the same files. ``papertrail check`` passes on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import shutil
import sys
from pathlib import Path

import yaml


def _yaml(data: object, width: int = 100) -> str:
    """YAML as papertrail's own tools write it (the importer, ``papertrail new``): fields
    in order, characters as themselves (“quotes”, not ``\\u201C`` escapes)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=width)


SYLLABLES = [
    "ka",
    "lo",
    "ren",
    "vi",
    "sa",
    "tor",
    "mel",
    "dan",
    "ri",
    "ko",
    "ve",
    "lin",
    "ar",
    "bel",
    "mor",
    "tes",
    "qua",
    "ni",
    "zor",
    "pel",
    "han",
    "gri",
    "vos",
    "ul",
    "fen",
    "dra",
    "mi",
]
WORDS = [
    "government",
    "officials",
    "said",
    "talks",
    "would",
    "continue",
    "amid",
    "pressure",
    "from",
    "allies",
    "while",
    "analysts",
    "warned",
    "that",
    "the",
    "agreement",
    "could",
    "reshape",
    "regional",
    "security",
    "as",
    "leaders",
    "met",
    "in",
    "the",
    "capital",
    "to",
    "discuss",
    "trade",
    "sanctions",
    "energy",
    "supplies",
    "and",
    "military",
    "cooperation",
    "after",
    "months",
    "of",
    "tension",
    "between",
    "neighbouring",
    "states",
    "and",
    "their",
    "partners",
    "critics",
    "argued",
    "the",
    "deal",
    "lacked",
    "detail",
    "but",
    "supporters",
    "said",
    "it",
    "marked",
    "a",
    "turning",
    "point",
    "for",
    "diplomacy",
    "in",
    "the",
    "region",
]
KINDS = ["person"] * 5 + ["country"] * 2 + ["place", "organisation", "event"]
COUNTRIES = [
    "United Kingdom", "United States", "France", "Germany", "Japan", "South Korea", "India", "Brazil", "Kenya",
    "Australia", "Canada", "Qatar", "Singapore", "Hong Kong", "Spain", "Italy", "Mexico", "South Africa",
]  # fmt: skip
PAPERS = [
    "Herald",
    "Times",
    "Post",
    "Chronicle",
    "Tribune",
    "Gazette",
    "Observer",
    "Courier",
    "Standard",
    "Journal",
]
CITIES = ["Northport", "Eastbridge", "Westmoor", "Southvale", "Kingsford", "Rivermouth"]
STARTED = dt.datetime(2023, 1, 1, 6, 0, tzinfo=dt.timezone.utc)
MKDOCS_YML = """\
site_name: Benchmark newsroom
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.indexes, content.tooltips]
extra:
  generator: false
plugins:
  - papertrail
markdown_extensions: [abbr, admonition, attr_list, md_in_html, pymdownx.details, pymdownx.superfences, toc]
nav:
  - Home: index.md
  - Stories: stories/index.md
  - Topics: topics/index.md
  - Questions: questions/index.md
  - Outlets: outlets/index.md
  - About: about.md
"""


class Corpus:
    """Deterministic generator of one synthetic site."""

    def __init__(self, stories: int, seed: int) -> None:
        self.n = stories
        self.rng = random.Random(seed)
        self.used_names: set[str] = set()
        self.cumulative: dict[int, tuple[range, list[float]]] = {}

    def author(self) -> str:
        """A byline; need not be unique (unlike entity names, which must not collide)."""
        return " ".join(
            "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()
            for _ in range(2)
        )

    def name(self, parts: int) -> str:
        while True:
            words = [
                "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()
                for _ in range(parts)
            ]
            name = " ".join(words)
            if name not in self.used_names and all(w not in self.used_names for w in words):
                self.used_names.add(name)
                self.used_names.update(words)
                return name

    def sentence(self, words: int, mention: str | None = None) -> str:
        body = [self.rng.choice(WORDS) for _ in range(words)]
        if mention:
            body.insert(self.rng.randint(1, len(body) - 1), mention)
        text = " ".join(body)
        return text[0].upper() + text[1:] + "."  # not str.capitalize(): it lowercases the names

    def paragraph(self, words: int, mentions: list[str]) -> str:
        sentences = []
        while words > 0:
            size = self.rng.randint(12, 24)
            sentences.append(self.sentence(size, mentions.pop() if mentions else None))
            words -= size
        return " ".join(sentences)

    def write(self, out: Path) -> None:
        rng = self.rng
        content = out / "content"
        if out.exists():
            shutil.rmtree(out)
        for folder in ("stories", "entities", "questions", "sources"):
            (content / folder).mkdir(parents=True)
        (out / "docs").mkdir()
        (out / "docs" / "about.md").write_text(
            "# About\n\nA synthetic newsroom for benchmarks.\n", encoding="utf-8"
        )
        (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")

        outlets = {}
        for index, (city, paper) in enumerate(itertools.islice(itertools.product(CITIES, PAPERS), 60)):
            outlets[f"outlet-{index:02d}"] = {
                "name": f"The {city} {paper}",
                "url": f"https://{city.lower()}{paper.lower()}.example/",
                "country": rng.choice(COUNTRIES),
            }
        (content / "outlets.yml").write_text(_yaml(outlets), encoding="utf-8")
        # A newsroom of a dozen writers, each story bylined to one (no draw from rng:
        # the rest of the corpus is as it was before bylines).
        authors = {
            f"author-{index:02d}": {"name": f"Writer {index:02d}", "role": "Reporter"}
            for index in range(AUTHORS)
        }
        (content / "authors.yml").write_text(_yaml(authors), encoding="utf-8")

        entities = []
        for index in range(max(20, self.n // 3)):
            kind = rng.choice(KINDS)
            name = self.name(2 if kind == "person" else 1)
            ident = f"entity-{index:05d}"
            data = {
                "name": name,
                "kind": kind,
                "summary": f"{name} is a {kind} in the news. " + self.sentence(14),
            }
            if kind == "person":
                data["aliases"] = [name.split()[-1]]
            entities.append((ident, name))
            (content / "entities" / f"{ident}.yml").write_text(_yaml(data), encoding="utf-8")
        entity_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(entities))]

        questions = []
        for index in range(max(10, self.n // 2)):
            ident = f"question-{index:05d}"
            mentioned = [entities[i] for i in self.pick(entity_weights, rng.randint(1, 2))]
            title = f"What does {mentioned[0][1]} mean for the region?"
            body = self.paragraph(90, [name for _, name in mentioned])
            front = _yaml({"title": title, "entities": [i for i, _ in mentioned]})
            (content / "questions" / f"{ident}.md").write_text(
                f"---\n{front}---\n\n{body}\n", encoding="utf-8"
            )
            questions.append(ident)
        question_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(questions))]

        outlet_ids = list(outlets)
        for index in range(self.n):
            ident = f"story-{index:05d}"
            chosen = [entities[i] for i in self.pick(entity_weights, rng.randint(6, 9))]
            published = STARTED + dt.timedelta(hours=index * 3 + rng.randint(0, 2))
            papers = []
            for number in range(rng.randint(4, 7)):
                outlet = rng.choice(outlet_ids)
                source_id = f"source-{index:05d}-{number}"
                quote = self.sentence(rng.randint(6, 10)).rstrip(".")
                paragraphs = [self.paragraph(70, []) for _ in range(rng.randint(3, 5))]
                paragraphs.insert(1, f"Officials said “{quote}” on the day.")
                rights = "CC-BY-4.0" if rng.random() < 0.1 else "all-rights-reserved"
                front = _yaml(
                    {
                        "title": self.sentence(8).rstrip("."),
                        "outlet": outlet,
                        "url": f"{outlets[outlet]['url']}articles/{source_id}",
                        "published": published.date(),
                        "author": self.author(),
                        "rights": rights,
                    },
                )
                (content / "sources" / f"{source_id}.md").write_text(
                    f"---\n{front}---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
                )
                says = f"{outlets[outlet]['name']} reports that {self.sentence(20).rstrip('.')}, quoting officials: “{quote}”."
                papers.append({"source": source_id, "says": says})
            names = [name for _, name in chosen]
            happened = [self.paragraph(100, names[:3]) for _ in range(3)]
            behind = [self.paragraph(100, names[3:6]) for _ in range(3)]
            background = [self.paragraph(100, names[6:]) for _ in range(3)]
            summary = happened[0].split(". ")[0].rstrip(".") + "."
            front = _yaml(
                {
                    "title": f"{names[0]} and {names[1]}: " + self.sentence(6).rstrip("."),
                    "published": published,
                    "summary": summary,
                    "by": [f"author-{index % AUTHORS:02d}"],
                    "entities": [i for i, _ in chosen],
                    "questions": [questions[i] for i in self.pick(question_weights, rng.randint(3, 8))],
                    "papers": papers,
                },
                width=10_000,
            )
            body = (
                "## What's happened\n\n" + "\n\n".join(happened)
                + "\n\n## What's behind the headline?\n\n" + "\n\n".join(behind)
                + "\n\n## How we got here\n\n" + "\n\n".join(background) + "\n"
            )  # fmt: skip
            (content / "stories" / f"{ident}.md").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")

    def pick(self, weights: list[float], count: int) -> list[int]:
        """``count`` distinct indexes, drawn by weight (cumulative weights computed once per list)."""
        key = id(weights)
        if key not in self.cumulative:
            self.cumulative[key] = (range(len(weights)), list(itertools.accumulate(weights)))
        population, cumulative = self.cumulative[key]
        chosen: list[int] = []
        while len(chosen) < count:
            for index in self.rng.choices(population, cum_weights=cumulative, k=count):
                if index not in chosen and len(chosen) < count:
                    chosen.append(index)
        return chosen


AUTHORS = 12


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stories", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    Corpus(args.stories, args.seed).write(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
