"""Extraction quality on the Zyte/Scrapinghub article-extraction benchmark.

Prints two tables, measured in one run on the same pages:

1. HTML path: our cleaner (``clean_html``) beside plain trafilatura
   (``trafilatura.extract(html, include_comments=False)``, the benchmark's own call).
2. Text path: the same pages as a browser copy would give them (visible text, one
   block per line), through our line rules (``clean_text``) beside jusText.

The metric is the benchmark's: word 4-gram shingles, per-page TP/FP/FN normalised,
precision and recall averaged over pages, F1 from the averages.

The data is not in this repository. Get it (181 pages, about 15 MB) with::

    git clone https://github.com/scrapinghub/article-extraction-benchmark /some/where

and run::

    PAPERTRAIL_AEB_DIR=/some/where .venv/bin/python bench/extraction.py [--limit N]

``ground-truth.json`` and ``html/*.html.gz`` are all it reads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from papertrail.importer.cleaning.article import clean_html, clean_text
from papertrail.importer.cleaning.blocks import blocks_text
from papertrail.importer.cleaning.decoding import InputError

TOKEN = re.compile(r"\w+", re.UNICODE)
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul", "title",
}  # fmt: skip
INVISIBLE_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}


# Metric -----------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-grams of a text, counted."""
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """True positives, false positives and false negatives over shingles, normalised to sum 1."""
    t, p = shingles(true), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in t.keys() | p.keys())
    fn = sum(max(0, t[k] - p[k]) for k in t.keys() | p.keys())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their F1, as the benchmark computes them."""

    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return p, r, 2 * p * r / (p + r)


# Inputs -----------------------------------------------------------------------------


def load_pages(root: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """(id, html, true article body) for each benchmark page."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as handle:
            pages.append((key, handle.read(), truth[key].get("articleBody", "")))
    return pages


def visible_text(html: str) -> str:
    """A page's visible text, one block per line, as copying it from a browser gives."""
    tree = lxml_html.document_fromstring(html)
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(element: lxml_html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in INVISIBLE_TAGS:
            if element.tail:
                current.append(element.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if element.text and tag:
            current.append(element.text)
        for child in element:
            walk(child)
        if block:
            flush()
        if element.tail:
            current.append(element.tail)

    body = tree.find("body")
    walk(body if body is not None else tree)
    flush()
    return "\n".join(lines)


# Extractors ---------------------------------------------------------------------------


def ours_html(html: str) -> str:
    """The article's body as the source file holds it. Not its standfirst, a field of its
    own (as the headline is): the benchmark's truth is the article body without its dek."""
    try:
        return blocks_text(clean_html(html).blocks)
    except InputError:
        return ""


def plain_trafilatura(html: str) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


def ours_text(text: str) -> str:
    try:
        return blocks_text(clean_text(text).blocks)
    except InputError:
        return ""


def justext_text(text: str) -> str:
    # jusText reads HTML: each line of the copy becomes a paragraph.
    markup = (
        "<html><body>" + "".join(f"<p>{_escape(line)}</p>" for line in text.splitlines()) + "</body></html>"
    )
    import justext  # the bench group's (uv sync --group bench): the gate's test imports this module without it

    paragraphs = justext.justext(markup.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def measure(
    name: str, extract: Callable[[str], str], inputs: list[tuple[str, str]]
) -> tuple[str, float, float, float, float]:
    """Run one extractor over (input, truth) pairs: precision, recall, F1, ms per page."""
    counts = []
    started = time.perf_counter()
    outputs = [extract(item) for item, _ in inputs]
    elapsed = time.perf_counter() - started
    for output, (_, truth) in zip(outputs, inputs, strict=True):
        counts.append(tp_fp_fn(truth, output))
    p, r, f1 = scores(counts)
    return name, p, r, f1, elapsed * 1000 / len(inputs)


def metadata_coverage(pages: list[tuple[str, str, str]]) -> dict[str, float]:
    """Share of pages where our HTML path found each metadata field."""
    found: Counter[str] = Counter()
    for _, html, _ in pages:
        try:
            article = clean_html(html)
        except InputError:
            continue
        for field in ("title", "author", "published", "url", "outlet_name"):
            if getattr(article, field):
                found[field] += 1
    return {
        field: found[field] / len(pages) for field in ("title", "author", "published", "url", "outlet_name")
    }


def text_headlines(pages: list[tuple[str, str, str]]) -> tuple[float, float]:
    """How often the text path finds a headline, and how often it is the page's own.

    The page's own headline is what the HTML path reads from JSON-LD or Open Graph
    (found on every page); the copied text has no markup to say which line it is.
    """
    found = agreed = judged = 0
    for _, html, _ in pages:
        try:
            own = clean_html(html).title
            guessed = clean_text(visible_text(html)).title
        except InputError:
            continue
        if not own:
            continue
        judged += 1
        if guessed:
            found += 1
            a, b = _words(own), _words(guessed)
            # Sites add their name or a kicker to one of the two ("… | Reuters").
            agreed += a == b or (len(b) >= 3 and (b in a or a in b))
    return found / max(judged, 1), agreed / max(judged, 1)


def _words(text: str) -> str:
    return " ".join(TOKEN.findall(text.casefold()))


def print_table(title: str, rows: list[tuple[str, float, float, float, float]]) -> None:
    print(f"\n{title}")
    print(f"{'':<22}{'precision':>10}{'recall':>10}{'F1':>10}{'ms/page':>10}")
    for name, p, r, f1, ms in rows:
        print(f"{name:<22}{p:>10.3f}{r:>10.3f}{f1:>10.3f}{ms:>10.1f}")


FLOORS = Path(__file__).with_name("extraction_floors.json")


def below_floors(measured: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Each figure under its floor, said as "html_f1 0.951 < 0.963" (empty when none)."""
    return [
        f"{name} {measured.get(name, 0.0):.3f} < {floor:.3f}"
        for name, floor in sorted(floors.items())
        if measured.get(name, 0.0) < floor
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, help="only the first N pages (for a quick look)")
    parser.add_argument(
        "--gate",
        action="store_true",
        help=f"exit 1 when a figure falls below its floor in {FLOORS.name} (raise a floor when it rises)",
    )
    args = parser.parse_args()
    root = os.environ.get("PAPERTRAIL_AEB_DIR")
    if not root or not (Path(root) / "ground-truth.json").is_file():
        print(
            "Set PAPERTRAIL_AEB_DIR to a checkout of scrapinghub/article-extraction-benchmark.",
            file=sys.stderr,
        )
        return 2
    pages = load_pages(Path(root), args.limit)
    html_inputs = [(html, truth) for _, html, truth in pages]
    print(f"{len(pages)} pages from {root}")
    html_rows = [
        measure("trafilatura (plain)", plain_trafilatura, html_inputs),
        measure("papertrail", ours_html, html_inputs),
    ]
    print_table("HTML path (whole pages)", html_rows)
    coverage = metadata_coverage(pages)
    print("papertrail metadata found: " + ", ".join(f"{k} {v:.0%}" for k, v in coverage.items()))
    text_inputs = [(visible_text(html), truth) for html, truth in html_inputs]
    text_rows = [measure("jusText", justext_text, text_inputs), measure("papertrail", ours_text, text_inputs)]
    print_table("Text path (visible text, one block per line)", text_rows)
    found, agreed = text_headlines(pages)
    print(f"papertrail text path: headline found {found:.0%}, the page's own headline {agreed:.0%}")
    if not args.gate:
        return 0
    measured = {
        "html_f1": html_rows[1][3],
        "text_f1": text_rows[1][3],
        "published": coverage["published"],
        "title": coverage["title"],
    }
    drops = below_floors(measured, json.loads(FLOORS.read_text(encoding="utf-8")))
    for drop in drops:
        print(f"below the floor: {drop}", file=sys.stderr)
    return 1 if drops else 0


if __name__ == "__main__":
    sys.exit(main())
