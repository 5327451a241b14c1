"""`papertrail import`: golden files for the seeds, every bad input, what is written and where."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papertrail.build.pipeline import check_content
from papertrail.importer.cleaning.article import clean_input, detect_format
from papertrail.importer.cleaning.decoding import decode_input
from papertrail.importer.sources import import_one, load_library
from tests.conftest import FIXTURES, SEEDS, run_cli

GOLDEN = FIXTURES / "golden"
SEED_NUMBERS = ("001", "002", "003")
# Seed 003 names no outlet anywhere; the editor says which with --outlet.
OUTLETS = "unnamed:\n  name: Unnamed site\n"


def seed(number: str) -> Path:
    return next(SEEDS.glob(f"{number}_*.txt"))


def make_library(root: Path, outlets: str = OUTLETS) -> Path:
    (root / "content" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "content" / "outlets.yml").write_text(outlets, encoding="utf-8")
    return root / "content"


def import_seed(root: Path, number: str) -> str:
    """The source file the importer writes for a seed."""
    content = make_library(root)
    library = load_library(content / "sources", content / "outlets.yml")
    outlet = "unnamed" if number == "003" else None
    (result,) = import_one(seed(number).name, seed(number).read_bytes(), library, outlet=outlet)
    assert result.status == "written", result.error
    return Path(result.path or "").read_text(encoding="utf-8")


def run_import(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, "import", *args, stdin=stdin)


def run_import_process(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """The same as a separate process, with standard input from a pipe."""
    return subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "import", *args],
        cwd=cwd,
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def written_paths(stdout: str) -> list[str]:
    """The files an import wrote: its unindented lines (indented ones say how to cite them)."""
    return [line for line in stdout.splitlines() if line and not line.startswith(" ")]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# Golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_seed_matches_golden_file(tmp_path: Path, number: str) -> None:
    expected = (GOLDEN / f"{number}.md").read_text(encoding="utf-8")
    assert import_seed(tmp_path, number) == expected


def test_formats_are_detected_from_content() -> None:
    assert detect_format(seed("001").read_text(encoding="utf-8")) == "wordpress"
    assert detect_format(seed("002").read_text(encoding="utf-8")) == "text"
    assert detect_format("<div><p>Hello</p></div>") == "html"
    assert detect_format("<!DOCTYPE html><html><body></body></html>") == "html"
    assert detect_format("[Updated] A headline\nText.") == "text"


def test_wordpress_seed_metadata_and_cleaning() -> None:
    (article,) = clean_input(decode_input(seed("001").read_bytes()))
    assert (
        article.title
        == "China, Russia and North Korea’s leaders are preparing to send the world a powerful message"
    )
    assert article.published is not None and article.published.isoformat() == "2025-09-03T00:06:13+00:00"
    assert article.url == "https://www.europesays.com/uk/393174/"
    assert article.author is None and "no author found; left empty" in article.warnings
    assert article.syndicated_from == "ABC News (Australia)"
    body = article.body
    assert "## Russia turns to North Korea" in body
    assert "## Meetings in Beijing about ‘optics’" in body  # "Loading" residue removed
    assert "Loading" not in body
    assert "Russia purchasing artillery" not in body  # related-article card
    assert "millions of rounds" not in body  # its synopsis
    # The photos' captions and credits are not the article's words.
    assert "Pyongyang last year" not in body and "Reuters: Sputnik" not in body
    assert "&#8217;" not in body and "weren’t" in body


def test_plain_text_seed_with_copyright_footer_cut_off() -> None:
    (article,) = clean_input(decode_input(seed("002").read_bytes()))
    assert (
        article.title
        == "Xi’s show of unity with Putin and Kim could complicate China’s delicate diplomatic balance"
    )
    assert article.outlet_name == "The Conversation"
    assert article.truncated
    assert article.body.rstrip().endswith("Xi’s highly visible appearance alongside …")
    assert "©" not in article.body and "........" not in article.body
    # "Sept. 3, 2025" in the text is the event's date, not the article's.
    assert article.published is None


def test_scraped_page_seed_keeps_only_the_article() -> None:
    (article,) = clean_input(decode_input(seed("003").read_bytes()))
    assert (
        article.title
        == "Xi Jinping Rolls Out the Red Carpet for Kim Jong Un: A Show of Strength in China-North Korea Relations"
    )
    body = article.body
    assert body.startswith("Chinese President Xi Jinping gave special attention")
    for clutter in (
        "Saturday, December 6, 2025",
        "THE GREAT KNEEL",
        "Dysphagia",
        "Kim Jong Un Eyes UN",
        "Check Out",
        "Most Popular",
    ):
        assert clutter not in body, clutter
    assert body.rstrip().endswith("conciliatory measures from South Korea and the U.S.")
    # The page's date bar is not the article's date.
    assert article.published is None
    assert article.outlet_name is None and article.host is None


# The command ---------------------------------------------------------------------------


def test_import_writes_sources_raw_copies_and_outlets(tmp_path: Path) -> None:
    content = make_library(tmp_path, "# Editors' outlets\nunnamed:\n  name: Unnamed site\n")
    result = run_import(tmp_path, str(seed("001")), str(seed("002")))
    assert result.returncode == 0, result.stderr
    written = written_paths(result.stdout)
    assert written == [
        "content/sources/europesays-2025-09-03-china-russia-and-north-koreas-leaders-are-preparing-to-send.md",
        "content/sources/conversation-xis-show-of-unity-with-putin-and-kim-could-complicate.md",
    ]
    raw = sorted(p.name for p in (content / "sources" / "raw").iterdir())
    assert raw == [
        "conversation-xis-show-of-unity-with-putin-and-kim-could-complicate.txt",
        "europesays-2025-09-03-china-russia-and-north-koreas-leaders-are-preparing-to-send.json",
    ]
    outlets = (content / "outlets.yml").read_text(encoding="utf-8")
    assert outlets.startswith("# Editors' outlets\nunnamed:\n  name: Unnamed site\n")  # kept as written
    for ident in ("europesays:", "abc-news-australia:", "conversation:"):
        assert ident in outlets
    assert "warning: no author found" in result.stderr
    # What was written is valid content (with a story-less folder).
    _, problems = check_content(content, tmp_path)
    assert [str(p) for p in problems if p.is_error] == []


def test_no_outlet_found_asks_for_outlet(tmp_path: Path) -> None:
    make_library(tmp_path)
    before = snapshot(tmp_path)
    result = run_import(tmp_path, str(seed("003")))
    assert result.returncode == 1
    assert f"{seed('003')}: no outlet found in the input" in result.stderr
    assert "pass --outlet ID" in result.stderr
    assert snapshot(tmp_path) == before
    ok = run_import(tmp_path, "--outlet", "unnamed", str(seed("003")))
    assert ok.returncode == 0, ok.stderr
    assert written_paths(ok.stdout) == [
        "content/sources/unnamed-xi-jinping-rolls-out-the-red-carpet-for-kim-jong-un-a-show.md"
    ]


def test_same_article_twice_writes_nothing(tmp_path: Path) -> None:
    make_library(tmp_path)
    assert run_import(tmp_path, str(seed("001"))).returncode == 0
    before = snapshot(tmp_path)
    again = run_import(tmp_path, str(seed("001")))
    assert again.returncode == 0
    assert "already imported as content/sources/europesays-2025-09-03" in again.stderr
    assert again.stdout == ""
    assert snapshot(tmp_path) == before
    # Same text under another URL is the same article too.
    post = json.loads(seed("001").read_text(encoding="utf-8"))
    post["link"] = "https://elsewhere.example/copy/"
    (tmp_path / "copy.json").write_text(json.dumps(post), encoding="utf-8")
    copy = run_import(tmp_path, "copy.json")
    assert "already imported" in copy.stderr
    assert snapshot(tmp_path) == {**before, "copy.json": (tmp_path / "copy.json").read_bytes()}


def test_existing_source_is_never_overwritten_without_force(tmp_path: Path) -> None:
    content = make_library(tmp_path)
    assert run_import(tmp_path, str(seed("002"))).returncode == 0
    (path,) = (content / "sources").glob("*.md")
    edited = path.read_text(encoding="utf-8").replace("rights: all-rights-reserved", "rights: CC-BY-ND-4.0")
    path.write_text(edited, encoding="utf-8")  # an editor's correction
    (content / "sources" / "raw").joinpath(path.stem + ".txt").unlink()
    # Re-import of the same text is a duplicate; a changed copy under the same id is refused.
    changed = seed("002").read_text(encoding="utf-8").replace("And none of this", "And none of that")
    (tmp_path / "changed.txt").write_text(changed, encoding="utf-8")
    refused = run_import(tmp_path, "changed.txt")
    assert refused.returncode == 1
    assert "exists and may have been edited; use --force" in refused.stderr
    assert path.read_text(encoding="utf-8") == edited
    forced = run_import(tmp_path, "--force", "changed.txt")
    assert forced.returncode == 0, forced.stderr
    assert "And none of that" in path.read_text(encoding="utf-8")


def test_dry_run_and_json_lines_write_nothing(tmp_path: Path) -> None:
    make_library(tmp_path)
    before = snapshot(tmp_path)
    result = run_import(tmp_path, "--dry-run", "--json", str(seed("001")), str(seed("002")), "missing.txt")
    assert result.returncode == 1  # missing.txt
    assert snapshot(tmp_path) == before
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["error"] for r in records] == [None, None, "no such file"]
    keys = {
        "input",
        "path",
        "id",
        "title",
        "standfirst",
        "outlet",
        "outlet_name",
        "author",
        "published",
        "url",
        "rights",
        "truncated",
        "text",
        "error",
    }
    assert all(set(r) == keys for r in records)
    assert records[0]["outlet"] == "europesays" and records[0]["published"] == "2025-09-03T00:06:13+00:00"
    assert records[1]["truncated"] is True and records[1]["outlet_name"] == "The Conversation"
    assert records[1]["text"].startswith("If the purpose of a rare joint appearance")


def test_standard_input_and_url_option(tmp_path: Path) -> None:
    make_library(tmp_path)
    result = run_import_process(
        tmp_path,
        "--dry-run",
        "--json",
        "--url",
        "https://theconversation.com/x-123",
        "-",
        stdin=seed("002").read_bytes(),
    )
    record = json.loads(result.stdout)
    assert record["input"] == "-" and record["url"] == "https://theconversation.com/x-123"


# Bad inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("broken.json", b'{"title": {"rendered": "x"}, "content": ', "invalid JSON"),
        ("other.json", b'{"hello": "world"}', "JSON, but not a WordPress REST API post"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data"),
        (
            "menu.html",
            b"<html><body><nav><a href='/'>Home</a></nav><p>Hi.</p></body></html>",
            "no article found",
        ),
        ("short.txt", b"Just a line.\nAnother.\n", "no article found"),
        # Crashes once seen: a TypeError in the sanitizer, a RecursionError in json.
        (
            "list-content.json",
            b'{"title": {"rendered": "A headline"}, "content": {"rendered": ["x"]}}',
            "JSON, but its content.rendered is not text",
        ),
        ("deep.json", b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "JSON nested too deep"),
        ("digits.json", b'{"a": ' + b"1" * 5_000 + b"}", "invalid JSON"),
        # 100,000 nested <div>s took 110 s in the sanitizer before depth was bounded.
        (
            "deep.html",
            b"<html><body>" + b"<div>" * 100_000 + b"<p>text</p>" + b"</div>" * 100_000 + b"</body></html>",
            "HTML nested more than 500 elements deep",
        ),
    ],
)
def test_bad_input_gets_one_line_and_changes_nothing(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    make_library(tmp_path)
    (tmp_path / name).write_bytes(data)
    before = snapshot(tmp_path)
    result = run_import(tmp_path, name, str(seed("002")))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert len(errors) == 1 and errors[0].startswith(f"{name}: {reason}"), result.stderr
    assert "Traceback" not in result.stderr
    # The good input beside it is still imported; the bad one left no file.
    assert result.stdout.strip().startswith("content/sources/conversation-")
    added = set(snapshot(tmp_path)) - set(before)
    assert all("conversation" in path or path.endswith("outlets.yml") for path in added), added


def test_a_bad_input_in_the_middle_never_stops_the_batch(tmp_path: Path) -> None:
    make_library(tmp_path)
    (tmp_path / "bad.json").write_bytes(b'{"title": {"rendered": "x"}, "content": {"rendered": 7}}')
    result = run_import(tmp_path, str(seed("001")), "bad.json", str(seed("002")))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert errors == ["bad.json: JSON, but its content.rendered is not text: not a WordPress REST API post"]
    written = written_paths(result.stdout)
    assert [Path(p).name.split("-")[0] for p in written] == ["europesays", "conversation"]
    assert all((tmp_path / p).is_file() for p in written)


def test_control_characters_in_a_page_are_dropped_not_fatal() -> None:
    paragraph = "The talks in Beijing went on for several hours, officials said on Wednesday. "
    page = (
        "\x01<html><head><title>Talks\x02 end</title></head><body><article><h1>Talks end</h1>"
        f"<p>{paragraph * 3}\x0b</p><p>{paragraph * 3}</p></article></body></html>"
    ).encode()
    (article,) = clean_input(decode_input(page))
    assert "officials said on Wednesday" in article.body
    assert not any(ord(c) < 32 and c not in "\n\t" for c in article.body + (article.title or ""))


def test_a_stray_utf16_mark_on_utf8_text_is_read_as_utf8() -> None:
    # Found by the property test: a UTF-16 byte-order mark before UTF-8 JSON raised.
    for extra in (b"", b" "):  # odd and even lengths: UTF-16 fails on one, "decodes" the other
        text = decode_input(b"\xfe\xff" + seed("001").read_bytes() + extra)
        assert text.lstrip().startswith('{"id":393174')
    assert decode_input("Grüße aus Köln".encode("utf-16")) == "Grüße aus Köln"


def test_oversized_input_is_refused(tmp_path: Path) -> None:
    make_library(tmp_path)
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    result = run_import(tmp_path, "huge.txt")
    assert result.returncode == 1
    assert "huge.txt: file is 21.0 MB; the limit is 20 MB" in result.stderr


def test_windows_1252_and_mojibake_are_decoded() -> None:
    text = "Kim’s “warm wishes” – a café meeting in Pyongyang. " * 5
    paste = f"A headline about the visit\n{text}\n{text}\n"
    (article,) = clean_input(decode_input(paste.encode("cp1252")))
    assert "Kim’s “warm wishes” – a café meeting" in article.body
    # UTF-8 read as Windows-1252 and saved again ("Kimâ€™s cafÃ©").
    clean = "Kim’s warm wishes – a café meeting in Pyongyang, officials said on Monday. " * 5
    mojibake = f"A headline about the visit\n{clean}\n{clean}\n".encode().decode("cp1252").encode("utf-8")
    assert "Kimâ€™s" in mojibake.decode("utf-8")
    (repaired,) = clean_input(decode_input(mojibake))
    assert "Kim’s warm wishes – a café meeting" in repaired.body


PASTE = (
    "Harbour dredging starts at the old quay\n"
    "By Jane Roe\n28 Oct 2025\n"
    "Work to deepen the harbour channel began on Sunday, the port said, and will last until "
    "the spring, when larger ships are expected to call at the new terminal.\n"
    "The port authority said the work would not disrupt ferry services to the islands.\n"
)


def test_import_prints_the_id_to_cite_and_offers_a_shorter_one(tmp_path: Path) -> None:
    make_library(tmp_path)
    (tmp_path / "paste.txt").write_text(PASTE, encoding="utf-8")
    dry = run_import(tmp_path, "--dry-run", "--outlet", "unnamed", "paste.txt")
    full = "unnamed-2025-10-28-harbour-dredging-starts-at-the-old-quay"
    short = "unnamed-2025-10-28-harbour-dredging-starts-old-quay"
    assert dry.stdout.splitlines() == [
        f"would write content/sources/{full}.md",
        f"  cite it as:  source: {full}",
        f"  shorter id:  {short}  (import with --short-id to use it)",
    ]
    done = run_import(tmp_path, "--short-id", "--outlet", "unnamed", "paste.txt")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"content/sources/{short}.md", f"  cite it as:  source: {short}"]
    assert (tmp_path / "content" / "sources" / "raw" / f"{short}.txt").is_file()


def test_an_id_of_your_own_for_one_input(tmp_path: Path) -> None:
    make_library(tmp_path)
    (tmp_path / "paste.txt").write_text(PASTE, encoding="utf-8")
    before = snapshot(tmp_path)
    bad = run_import(tmp_path, "--id", "Harbour Dredging", "--outlet", "unnamed", "paste.txt")
    assert bad.returncode == 1
    assert "--id 'Harbour Dredging' is not an id: use lowercase letters, digits and hyphens" in bad.stderr
    two = run_import(tmp_path, "--id", "dredging", "--outlet", "unnamed", "paste.txt", "paste.txt")
    assert "--id names one source: give one input with it" in two.stderr
    assert snapshot(tmp_path) == before
    ok = run_import(tmp_path, "--id", "dredging", "--outlet", "unnamed", "paste.txt")
    assert written_paths(ok.stdout) == ["content/sources/dredging.md"]


def test_an_outlet_named_on_the_command_line_is_added_or_suggested(tmp_path: Path) -> None:
    content = make_library(tmp_path)
    (tmp_path / "paste.txt").write_text(PASTE, encoding="utf-8")
    before = snapshot(tmp_path)
    typo = run_import(tmp_path, "--outlet", "unamed", "paste.txt")
    assert typo.returncode == 1
    assert typo.stderr.splitlines() == [
        "paste.txt: unknown outlet 'unamed': did you mean 'unnamed'? To add it, pass its name too: "
        '--outlet unamed --outlet-name "Its Name" (`papertrail ls outlets` lists the ids there are)'
    ]
    assert snapshot(tmp_path) == before  # nothing written for a mistyped outlet
    added = run_import(
        tmp_path, "--outlet", "harbour-gazette", "--outlet-name", "The Harbour Gazette", "paste.txt"
    )
    assert added.returncode == 0, added.stderr
    assert "added outlet 'harbour-gazette' (The Harbour Gazette)" in added.stderr
    assert "it has no country: add country:" in added.stderr  # an unknown outlet's country is not guessed
    outlets = (content / "outlets.yml").read_text(encoding="utf-8")
    assert outlets == OUTLETS + "harbour-gazette:\n  name: The Harbour Gazette\n"
    # The name alone finds the outlet now listed.
    (tmp_path / "other.txt").write_text(
        PASTE.replace("Sunday", "Monday").replace("old quay", "new quay"), encoding="utf-8"
    )
    again = run_import(tmp_path, "--outlet-name", "Harbour Gazette", "other.txt")
    assert written_paths(again.stdout)[0].startswith("content/sources/harbour-gazette-2025-10-28-")
    assert (content / "outlets.yml").read_text(encoding="utf-8") == outlets


# Both files or neither, and sizes -----------------------------------------------------


def fail_first_write_of_a_source(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    """Make the first rename onto a ``.md`` file fail, as a full disk would."""
    real_replace = os.replace
    failed: list[str] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith(".md") and not failed:
            failed.append(str(dst))
            raise error
        real_replace(src, dst)

    monkeypatch.setattr("papertrail.content.writing.os.replace", replace)


def test_a_failed_write_leaves_neither_the_source_nor_its_raw_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_library(tmp_path)
    before = snapshot(tmp_path)
    fail_first_write_of_a_source(monkeypatch, OSError(28, "No space left on device"))
    library = load_library(content / "sources", content / "outlets.yml")
    (result,) = import_one(seed("002").name, seed("002").read_bytes(), library)
    assert result.status == "error" and "No space left on device" in (result.error or "")
    # Nothing half-done: no raw copy without its source, no temporary file.
    assert snapshot(tmp_path) == before


def test_a_forced_import_that_fails_puts_back_the_files_it_was_replacing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_library(tmp_path)
    assert run_import(tmp_path, str(seed("002"))).returncode == 0
    for path in (content / "sources").rglob("*"):
        if path.is_file():
            path.write_text(path.read_text(encoding="utf-8") + "edited by an editor\n", encoding="utf-8")
    before = snapshot(tmp_path)
    fail_first_write_of_a_source(monkeypatch, OSError(5, "Input/output error"))
    library = load_library(content / "sources", content / "outlets.yml")
    (result,) = import_one(seed("002").name, seed("002").read_bytes(), library, force=True)
    assert result.status == "error"
    assert snapshot(tmp_path) == before


def test_an_article_too_large_for_a_source_file_is_refused_before_writing(tmp_path: Path) -> None:
    make_library(tmp_path)
    paragraph = "Officials said on day {} that the talks would resume after a long pause in the region. "
    paste = "A Very Long Report On The Talks\n\n" + "\n\n".join(paragraph.format(i) * 5 for i in range(6_000))
    (tmp_path / "paste.txt").write_text(paste, encoding="utf-8")
    before = snapshot(tmp_path / "content")
    result = run_import(tmp_path, "--outlet", "unnamed", "paste.txt")
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if "paste.txt" in line]
    assert "source file holds at most 2 MB" in line
    assert snapshot(tmp_path / "content") == before


# Where the importer writes ---------------------------------------------------------------


def test_the_importer_never_writes_through_a_link_out_of_the_sources(tmp_path: Path) -> None:
    content = make_library(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (content / "sources" / "raw").symlink_to(elsewhere, target_is_directory=True)
    result = run_import(tmp_path, str(seed("002")))
    assert result.returncode == 1
    assert "content/sources/raw is a link; the importer writes only into real folders" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert [p.name for p in (content / "sources").iterdir()] == ["raw"]


def test_a_raw_copy_is_never_replaced_without_force(tmp_path: Path) -> None:
    content = make_library(tmp_path)
    assert run_import(tmp_path, str(seed("002"))).returncode == 0
    (source,) = (content / "sources").glob("*.md")
    source.unlink()  # the editor removed the source, but its raw copy (maybe edited) is there
    (raw,) = (content / "sources" / "raw").iterdir()
    raw.write_text("the editor's own copy\n", encoding="utf-8")
    result = run_import(tmp_path, str(seed("002")))
    assert result.returncode == 1 and "exists and may have been edited; use --force" in result.stderr
    assert raw.read_text(encoding="utf-8") == "the editor's own copy\n"
    assert not source.exists()
