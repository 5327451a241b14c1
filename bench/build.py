"""Build benchmarks on the synthetic corpus; prints a table, asserts nothing.

    .venv/bin/python bench/build.py [--sizes 200 1000 5000] [--work /tmp/papertrail-bench] [--serve-size 1000]
        [--dirty-sizes 5000]
    .venv/bin/python bench/build.py --reader-only [--sizes 200 1000 5000]
    .venv/bin/python bench/build.py --shards-only [--shard-size 20000] [--shards 4]

For each size N it makes (or reuses) ``bench/make_corpus.py --stories N`` and measures:

- the plugin's own work before MkDocs renders (the pipeline's load, check, render phases, on every core
  as a build runs them), in process;
- the same phases again in the same process with the build cache kept (``warm``);
- a cold ``mkdocs build`` of the corpus (no ``.cache/``), wall time and peak memory of the build process;
  with ``--pairs P``, the phases, the cold build and plain Material (below) in turn P times, the
  median pair (of an even number, the slower) shown in the table and each pair listed;
- plain Material building as many ordinary pages (~1,500 words of Markdown each, a small nav);
- a warm build: the same build again, with the cache the cold one saved (as CI would restore it);
- the same pages through plain Material: the generated Markdown written out once and built
  as an ordinary docs folder with the same mkdocs.yml minus the plugin;
- the plugin/plain ratio, and the growth ratio between the two largest sizes;
- edit-to-reload under ``mkdocs serve`` and ``mkdocs serve --dirty`` (as ``make serve`` runs it) at
  ``--serve-size``, and under ``--dirty`` alone at each of ``--dirty-sizes`` (where a build
  without it takes a minute an edit): five edits in turn of a story's summary, a topic's
  blurb and a source's title, each from the save until every page that shows it (story, topic and home pages)
  does (search follows in its own process after the reload); min, median, max;
- one cold build of ``--shard-size`` stories (20,000) against ``--shards`` shard builds
  (``PAPERTRAIL_SHARD=K/N mkdocs build --dirty``, one process after another, each cold) and
  ``papertrail merge-shards``: the time on N runners (slowest shard + merge) and on one;
- what a reader downloads (bench/reader.py): a story page plus one search for the busiest
  outlet's name, typed at a reader's pace; the site's size, bytes per story, its largest
  HTML page and search bundle, and the archive size at which GitHub Pages' 1 GB limit is
  reached (``--reader-only`` measures just these, after one build per size);
- with ``PAPERTRAIL_AEB_DIR`` set (see bench/extraction.py): the median time of
  ``papertrail import``'s HTML cleaning per page;
- the machine's speed at the run's start and end, best of five each: a fixed pure-Python
  loop, small objects made and walked, and a fresh page of memory touched; before each
  pair, the loop on one core and on every core at once; and each pair's page faults.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

from papertrail.content.workers import cores

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# Runs a command and reports its wall time, the peak RSS of its process tree's largest
# member, and the page faults of the whole tree.
TIMER = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
    "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else ''); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(time.perf_counter() - t, u.ru_maxrss, u.ru_minflt, r.returncode)"
)


class Timing(NamedTuple):
    """What :data:`TIMER` reports of one command."""

    seconds: float
    mib: float
    faults: int  # page faults of the command and every process it started


def measured(command: list[str], cwd: Path) -> Timing:
    """Wall seconds, peak MiB and page faults of ``command``."""
    out = subprocess.run([PYTHON, "-c", TIMER, *command], cwd=cwd, capture_output=True, text=True, env=ENV)
    seconds, kib, faults, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed:\n{out.stderr}")
    return Timing(float(seconds), int(kib) / 1024, int(faults))


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of ``command``."""
    timing = measured(command, cwd)
    return timing.seconds, timing.mib


def corpus(work: Path, size: int) -> Path:
    folder = work / f"corpus-{size}"
    if not (folder / "mkdocs.yml").exists():
        subprocess.run(
            [PYTHON, str(HERE / "make_corpus.py"), "--stories", str(size), "--out", str(folder)], check=True
        )
    return folder


def pre_render(folder: Path) -> dict[str, float]:
    """The plugin's phases before MkDocs renders, in a fresh process."""
    code = """
import json, resource, sys, time
from pathlib import Path
from papertrail.content.cache import BuildCache
from papertrail.content.loading import load_content
from papertrail.build.pipeline import check_loaded, render_checked
from papertrail.render.structured import SiteInfo
root = Path(sys.argv[1])
cache = BuildCache()
site = SiteInfo("Bench", "http://127.0.0.1:8000/")
def page_faults():  # this process's and its workers', so far
    return sum(resource.getrusage(who).ru_minflt for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
def run():
    # The pipeline's phases one by one, as build_site runs them (check_site is
    # load_content then check_loaded): loading; analysing and checking what was loaded;
    # holding back and rendering pages and feeds.
    cache.begin()
    faults = page_faults()
    t0 = time.perf_counter(); loaded = load_content(root / "content", root, cache, workers=0)
    t1 = time.perf_counter(); checked = check_loaded(loaded, root / "docs", cache=cache, workers=0)
    t2 = time.perf_counter()
    faults = page_faults() - faults
    built = render_checked(checked, site, base=root, cache=cache, workers=0)
    t3 = time.perf_counter()
    assert not checked.errors, checked.errors[:3]
    return {"load": t1 - t0, "check": t2 - t1, "render": t3 - t2, "pages": len(built.pages), "faults": faults}
cold = run()
warm = run()
cold["warm"] = sum(warm[k] for k in ("load", "check", "render"))
print(json.dumps(cold))
"""
    out = subprocess.run([PYTHON, "-c", code, str(folder)], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout))


def export_plain(folder: Path) -> Path:
    """The plugin's pages through `papertrail export`: an ordinary docs folder, built without it."""
    plain = folder.parent / f"{folder.name}-plain"
    if plain.exists():
        shutil.rmtree(plain)
    subprocess.run(
        [PYTHON, "-m", "papertrail.tools.cli", "export", str(plain), "--project", str(folder)],
        check=True,
        env=ENV,
    )
    return plain


WORDS = [
    "the",
    "council",
    "said",
    "on",
    "tuesday",
    "that",
    "talks",
    "with",
    "regional",
    "leaders",
    "would",
    "continue",
    "next",
    "week",
    "after",
    "officials",
    "agreed",
    "a",
    "new",
    "budget",
    "for",
    "schools",
    "roads",
    "and",
    "hospitals",
    "while",
    "opposition",
    "members",
    "warned",
    "that",
    "costs",
    "could",
    "rise",
    "again",
    "before",
    "the",
    "elections",
    "expected",
    "later",
    "this",
    "year",
]


def ordinary_site(work: Path, folder: Path, pages: int) -> Path:
    """Plain Material on as many ordinary pages: ~1,500 words of Markdown each, a small nav.

    The baseline for "no slower than an ordinary docs site of the same size".
    """
    site = work / f"ordinary-{pages}"
    if (site / "mkdocs.yml").exists():
        return site
    docs = site / "docs"
    for number in range(pages):
        section = ("news", "guides", "reference")[number % 3]
        words = [WORDS[(number * 7 + i) % len(WORDS)] for i in range(1500)]
        paragraphs = [" ".join(words[i : i + 75]).capitalize() + "." for i in range(0, 1500, 75)]
        body = "\n\n".join(
            (f"## Part {i // 5 + 1}\n\n" if i % 5 == 0 else "") + text for i, text in enumerate(paragraphs)
        )
        path = docs / section / f"page-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Page {number}\n\n{body}\n", encoding="utf-8")
    for section in ("news", "guides", "reference"):
        (docs / section / "index.md").write_text(f"# {section.capitalize()}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8").replace("  - papertrail\n", "")
    config = config.split("\nnav:")[0] + "\nnav:\n  - Home: index.md\n"
    config += "".join(f"  - {s.capitalize()}: {s}/index.md\n" for s in ("news", "guides", "reference"))
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    return site


def edit_to_reload(folder: Path, *extra: str, edits: int = 5) -> list[float]:
    """Seconds from editing one sentence until the story, entity and home pages show it.

    ``extra``: options for ``mkdocs serve`` (``--dirty``, as ``make serve`` runs it).
    Returns the seconds of each of ``edits`` edits, one after another in one server.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    # The preview writes its site to a temporary folder: on the RAM disk with the rest
    # (in /tmp, on this machine's disk, a reload that rewrote every page waited for the
    # disk, more with each reload).
    temporary = folder.parent / "serve-tmp"
    temporary.mkdir(exist_ok=True)
    server = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", *extra, "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=folder,
        env={**ENV, "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The newest story: the home page lists only the latest ones.
    story = max((folder / "content/stories").glob("story-*.md"))
    original = story.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + 900
        while not _get(base):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.5)
        marker = "Benchmarked edit"
        # One of the story's topics: its blurb shows on its page and on the story's.
        entity = original.split("entities:\n- ")[1].split("\n")[0]
        source_id = original.split("papers:\n- source: ")[1].split("\n")[0]
        entity_file = folder / f"content/entities/{entity}.yml"
        source_file = folder / f"content/sources/{source_id}.md"
        story_url, topic_url = base + f"stories/{story.stem}/", base + f"topics/{entity}/"
        # Three kinds of edit an editor makes, in turn, each with the pages that must show
        # it; search follows in its own process after the reload (build/search_preview.py).
        kinds = [
            (story, "summary: ", [story_url, base]),  # story text (its summary: the front page shows it)
            (entity_file, "summary: ", [topic_url, story_url]),  # topic blurb
            (source_file, "title: ", [story_url]),  # source title (its own page only when its rights allow)
        ]
        originals = {path: path.read_text(encoding="utf-8") for path, _, _ in kinds}
        seconds = []
        try:
            for number in range(edits):
                path, field, urls = kinds[number % len(kinds)]
                mark = f"{marker} {number}"
                started = time.monotonic()
                # One save, one change: the file's earlier mark (if any) gives way to this one.
                path.write_text(originals[path].replace(field, f"{field}{mark} ", 1), encoding="utf-8")
                while not all(mark in _get(url) for url in urls):
                    if time.monotonic() - started > 600:
                        raise SystemExit(f"the edit of {path.name} never showed")
                    time.sleep(0.05)
                seconds.append(time.monotonic() - started)
                time.sleep(1)  # let the server settle, as an editor's next save would
        finally:
            for path, text in originals.items():
                path.write_text(text, encoding="utf-8")
        return seconds
    finally:
        story.write_text(original, encoding="utf-8")
        _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a preview as Ctrl-C does: MkDocs removes its site folder then (one killed
    leaves it behind: this bench's runs had left 50 GB in /tmp).

    With SIGTERM, which the preview takes as Ctrl-C (``stop_as_ctrl_c``): a bench started
    in the background by a script (``nohup … &``) hands its previews an ignored SIGINT,
    and each was killed a minute later, its site and search shards left on the RAM disk.
    """
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except OSError:
        return ""


def import_median() -> float | None:
    """Median ms to clean one benchmark page with papertrail import's HTML path."""
    root = os.environ.get("PAPERTRAIL_AEB_DIR")
    if not root:
        return None
    code = """
import gzip, json, statistics, sys, time
from pathlib import Path
from papertrail.importer.cleaning.article import clean_html
from papertrail.importer.cleaning.decoding import InputError
times = []
for path in sorted(Path(sys.argv[1], "html").glob("*.html.gz")):
    html = gzip.open(path, "rt", encoding="utf-8").read()
    t = time.perf_counter()
    try:
        clean_html(html)
    except InputError:
        pass
    times.append((time.perf_counter() - t) * 1000)
print(statistics.median(times))
"""
    out = subprocess.run([PYTHON, "-c", code, root], capture_output=True, text=True, check=True)
    return float(out.stdout)


GITHUB_PAGES_LIMIT = 1_000_000_000  # bytes: GitHub Pages refuses a published site over 1 GB


def readers(work: Path, sizes: list[int]) -> list[dict[str, object]]:
    """Build each corpus once and print what a reader downloads and what the site weighs."""
    from reader import busiest_outlet_name, measure  # bench/reader.py, beside this script

    rows = []
    query = ""
    for size in sizes:
        folder = corpus(work, size)
        # One query for every size, so that the sizes compare: the busiest outlet of the first.
        query = query or busiest_outlet_name(folder)
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        seconds, mib = timed([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")], folder)
        figures = measure(folder, folder / "site", query)
        rows.append({"stories": size, "build_s": seconds, "build_mib": mib, **figures})
        print(f"measured {size} stories: {figures}", file=sys.stderr, flush=True)
    print(f"\n{'stories':>8}{'pages':>7}{'build s':>8}{'MiB':>6}{'site MB':>9}{'kB/story':>9}{'search MB':>10}"
          f"{'largest kB':>11}{'page KiB':>9}{'search KiB':>11}{'reader KiB':>11}{'shards':>7}")  # fmt: skip
    for row in rows:
        print(
            f"{row['stories']:>8}{row['pages']:>7}{row['build_s']:>8.1f}{row['build_mib']:>6.0f}"
            f"{row['site_bytes'] / 1e6:>9.1f}"
            f"{row['site_bytes'] / row['stories'] / 1e3:>9.1f}{row['bundle_bytes'] / 1e6:>10.1f}"
            f"{row['largest_html'] / 1e3:>11.1f}{row['page_bytes'] / 1024:>9.0f}{row['search_bytes'] / 1024:>11.0f}"
            f"{row['reader_bytes'] / 1024:>11.0f}{row['shards']:>7}"
        )
    if rows:
        last = rows[-1]
        per_story = last["site_bytes"] / last["stories"]  # type: ignore[operator]
        first = rows[0]
        print(
            f"reader bytes at {last['stories']} vs {first['stories']} stories: "
            f"x{last['reader_bytes'] / first['reader_bytes']:.2f}; "  # type: ignore[operator]
            f"GitHub Pages' 1 GB is reached near {GITHUB_PAGES_LIMIT / per_story:,.0f} stories "
            f"({per_story / 1e3:.0f} kB a story)"
        )
    return rows


def sharded(work: Path, size: int, shards: int) -> None:
    """One build of ``size`` stories against ``shards`` shard builds and their merge.

    The shards run one after another here (each as its own process, as each would on
    its own CI runner); the time on N runners is the slowest shard plus the merge.
    """
    folder = corpus(work, size)
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    one_s, one_mib = timed([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")], folder)
    print(
        f"measured {size} stories in one build: {one_s:.1f} s {one_mib:.0f} MiB", file=sys.stderr, flush=True
    )
    results = []
    for k in range(1, shards + 1):
        shutil.rmtree(folder / ".cache", ignore_errors=True)  # each runner starts cold
        site = folder / f"site-{k}"
        shutil.rmtree(site, ignore_errors=True)
        command = ["env", f"PAPERTRAIL_SHARD={k}/{shards}", PYTHON, "-m", "mkdocs", "build", "--dirty", "-q"]
        results.append(timed([*command, "-d", str(site)], folder))
        print(f"measured shard {k}/{shards}: {results[-1][0]:.1f} s", file=sys.stderr, flush=True)
    merged = folder / "site-merged"
    shutil.rmtree(merged, ignore_errors=True)
    parts = [str(folder / f"site-{k}") for k in range(1, shards + 1)]
    merge_s, merge_mib = timed(
        [PYTHON, "-m", "papertrail.tools.cli", "merge-shards", str(merged), *parts], folder
    )
    slowest = max(seconds for seconds, _ in results)
    print(
        f"{size} stories: one build {one_s:.1f} s, peak {one_mib:.0f} MiB; {shards} shards "
        f"{' / '.join(f'{s:.1f}' for s, _ in results)} s (peak {max(m for _, m in results):.0f} MiB), "
        f"merge {merge_s:.1f} s ({merge_mib:.0f} MiB); on {shards} runners {slowest + merge_s:.1f} s, "
        f"on one machine {sum(s for s, _ in results) + merge_s:.1f} s"
    )


class Pair(NamedTuple):
    """One pair at a size: the plugin's phases, then its cold build and plain Material's
    on the same pages, back to back (seconds, peak MiB, page faults)."""

    phases: dict[str, float]
    plugin: Timing
    plain: Timing
    # The loop yardstick on one core and on every core at once, just before the pair.
    hour: tuple[float, float]

    @property
    def ratio(self) -> float:
        return self.plugin.seconds / self.plain.seconds


class Row(NamedTuple):
    """One size's line of the table: its median pair, the warm build, plain Material on
    as many ordinary pages, and every pair."""

    size: int
    median: Pair
    warm_s: float
    warm_mib: float
    same_s: float
    same_mib: float
    pairs: list[Pair]


# A fixed piece of pure-Python work on one core, no files: this machine's speed moves by
# a third and more through a day, and the figures with no side-by-side yardstick
# (load + check, the reloads) move with it. Timed at the run's start and end.
YARDSTICK = "import time\nt = time.perf_counter(); s = 0\nfor i in range(5_000_000): s += i * i % 7\nprint(time.perf_counter() - t)"
# The loop above touches almost no memory, and read the same in hours when every build
# and load took a third longer. This one makes and walks many small objects, as loading
# content does (400,000 dicts with a tuple and a string each, about 200 MB).
YARDSTICK_OBJECTS = (
    "import time\nt = time.perf_counter()\n"
    "rows = [{'id': str(i), 'n': (i, i + 1), 'w': 'word ' * (i % 9)} for i in range(400_000)]\n"
    "s = sum(len(r['w']) + r['n'][1] for r in rows)\nprint(time.perf_counter() - t)"
)

# Microseconds a page of memory takes to be touched for the first time, above the loop's
# own cost (100,000 pages, 400 MB). This machine is a virtual one whose kernel hands
# memory freed for a while back to the host (its balloon device's free page reporting,
# and DAMON paging out what was not used for a minute): in one hour 400 MB took 3.1 s to
# allocate and zero, against about 0.1 s in others. Load + check of 5,000 stories takes
# about 310,000 page faults, fresh pages and pages copied after a fork (printed with
# each pair).
YARDSTICK_PAGES = (
    "import mmap, time\nsize = 100_000 * 4096\n"
    "def touch(m):\n    t = time.perf_counter()\n"
    "    for i in range(0, size, 4096): m[i] = 1\n    return time.perf_counter() - t\n"
    "m = mmap.mmap(-1, size); fresh = touch(m); again = touch(m)\n"
    "print((fresh - again) / 100_000 * 1e6)"
)


def yardstick(code: str = YARDSTICK) -> float:
    """The best of five runs of ``code`` (:data:`YARDSTICK`), each in a fresh process, in seconds."""
    runs = (
        subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True) for _ in range(5)
    )
    return min(float(run.stdout) for run in runs)


def yardstick_both_cores() -> float:
    """The loop (:data:`YARDSTICK`) run on every core at once: the slowest run's seconds,
    best of five. Against :func:`yardstick`'s one run it would tell an hour in which the
    host gives this machine less than all its cores, which slows our build (both cores)
    more than plain Material (one). A run on 3 December 2026 had plain Material 50%
    slower and our build up to twice as slow, with the same page faults, and the
    one-core yardsticks at its start and end read as usual; in the next run this one
    read as the loop before every pair, and the pairs still spread from 0.49 to 0.61."""
    best = float("inf")
    for _ in range(5):
        runs = [
            subprocess.Popen([PYTHON, "-c", YARDSTICK], stdout=subprocess.PIPE, text=True)
            for _ in range(cores())  # the cores a build's workers are counted by
        ]
        best = min(best, max(float(run.communicate()[0]) for run in runs))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--reader-only", action="store_true", help="only the reader's costs and site size")
    parser.add_argument("--work", type=Path, default=Path("/tmp/papertrail-bench"))
    parser.add_argument(
        "--serve-size", type=int, default=1000, help="0 to skip the edit-to-reload measurement"
    )
    parser.add_argument(
        "--dirty-sizes",
        type=int,
        nargs="*",
        default=[],
        help="more sizes at which edit-to-reload is measured under mkdocs serve --dirty alone",
    )
    parser.add_argument(
        "--shard-size", type=int, default=20000, help="stories of the one-build vs shards run (0 to skip)"
    )
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument(
        "--pairs", type=int, default=1, help="cold builds and plain Material builds, alternated, at each size"
    )
    parser.add_argument("--shards-only", action="store_true", help="only the one-build vs shards run")
    parser.add_argument(
        "--skip-builds", action="store_true", help="no builds per size: the reload and shard runs only"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.shards_only:
        sharded(args.work, args.shard_size, args.shards)
        return 0
    if args.reader_only:
        readers(args.work, args.sizes)
        return 0
    speed_at_start = yardstick(), yardstick(YARDSTICK_OBJECTS), yardstick(YARDSTICK_PAGES)
    rows: list[Row] = []
    for size in [] if args.skip_builds else args.sizes:
        folder = corpus(args.work, size)
        plain = export_plain(folder)
        build = [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")]
        plain_build = [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(plain / "site")]
        # Each pair: the plugin's phases, a cold build, and plain Material on the same
        # pages, one right after another. This machine's speed moves by a third within an
        # hour; the pairs' ratios are what is compared, and the median pair is shown.
        pairs = []
        for _ in range(args.pairs):
            hour = yardstick(), yardstick_both_cores()
            phases = pre_render(folder)
            shutil.rmtree(folder / ".cache", ignore_errors=True)  # a cold build starts without a cache
            pairs.append(Pair(phases, measured(build, folder), measured(plain_build, plain), hour))
        median = sorted(pairs, key=lambda pair: pair.ratio)[len(pairs) // 2]
        warm_s, warm_mib = timed(build, folder)  # same content, the cache the last cold build left
        ordinary = ordinary_site(args.work, folder, int(median.phases["pages"]))
        same_s, same_mib = timed(
            [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(ordinary / "site")], ordinary
        )
        rows.append(Row(size, median, warm_s, warm_mib, same_s, same_mib, pairs))
        print(
            f"measured {size} stories: {median.phases} plugin {median.plugin.seconds:.1f} s "
            f"{median.plugin.mib:.0f} MiB, warm {warm_s:.1f} s {warm_mib:.0f} MiB, plain "
            f"{median.plain.seconds:.1f} s {median.plain.mib:.0f} MiB, ordinary {same_s:.1f} s {same_mib:.0f} MiB",
            file=sys.stderr,
            flush=True,
        )
    # plain: the same pages through plain Material; ordinary: as many ordinary ~1,500-word pages.
    print(f"\n{'stories':>8}{'pages':>7}{'load':>6}{'check':>6}{'render':>7}{'warm':>6}"
          f"{'cold s':>7}{'MiB':>6}{'warm s':>7}{'MiB':>6}{'plain s':>8}{'MiB':>6}{'ratio':>6}{'ordin. s':>9}{'ratio':>6}")  # fmt: skip
    for row in rows:
        phases, pair = row.median.phases, row.median
        print(
            f"{row.size:>8}{int(phases['pages']):>7}{phases['load']:>6.2f}{phases['check']:>6.2f}"
            f"{phases['render']:>7.2f}{phases['warm']:>6.2f}"
            f"{pair.plugin.seconds:>7.1f}{pair.plugin.mib:>6.0f}{row.warm_s:>7.1f}{row.warm_mib:>6.0f}"
            f"{pair.plain.seconds:>8.1f}{pair.plain.mib:>6.0f}{pair.ratio:>6.2f}{row.same_s:>9.1f}"
            f"{pair.plugin.seconds / row.same_s:>6.2f}"
        )
    for row in rows:
        if len(row.pairs) > 1:
            shown = ", ".join(
                f"{p.plugin.seconds:.1f} / {p.plain.seconds:.1f} s = {p.ratio:.2f} "
                f"({p.plugin.faults / 1000:.0f}k / {p.plain.faults / 1000:.0f}k page faults; "
                f"load + check {p.phases['load'] + p.phases['check']:.2f} s, "
                f"{p.phases['faults'] / 1000:.0f}k page faults; loop before it {p.hour[0]:.2f} s on one core, "
                f"{p.hour[1]:.2f} s on every core at once)"
                for p in row.pairs
            )
            print(f"{row.size} stories, each pair in turn (the table shows the median): {shown}")
    if len(rows) >= 2:
        small, large = rows[-2], rows[-1]
        print(
            f"growth {large.size}/{small.size} stories: "
            f"build time x{large.median.plugin.seconds / small.median.plugin.seconds:.2f}"
        )
    reloads = [(args.serve_size, extra) for extra in ((), ("--dirty",))] if args.serve_size else []
    reloads += [(size, ("--dirty",)) for size in args.dirty_sizes]
    for size, extra in reloads:
        times = sorted(edit_to_reload(corpus(args.work, size), *extra))
        shown = " ".join(("mkdocs serve", *extra))
        print(
            f"edit-to-reload under {shown}, {size} stories, {len(times)} edits: "
            f"min {times[0]:.2f} s, median {times[len(times) // 2]:.2f} s, max {times[-1]:.2f} s"
        )
    if args.shard_size:
        sharded(args.work, args.shard_size, args.shards)
    median = import_median()
    if median is not None:
        print(f"papertrail import, HTML path: median {median:.1f} ms per page (extraction benchmark)")
    print(
        f"machine: a fixed pure-Python loop (bench/build.py YARDSTICK, best of five) took "
        f"{speed_at_start[0]:.2f} s at the start of this run and {yardstick():.2f} s at its end; "
        f"making and walking small objects (YARDSTICK_OBJECTS) {speed_at_start[1]:.2f} s and "
        f"{yardstick(YARDSTICK_OBJECTS):.2f} s; a fresh page of memory (YARDSTICK_PAGES) "
        f"{speed_at_start[2]:.2f} µs and {yardstick(YARDSTICK_PAGES):.2f} µs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
