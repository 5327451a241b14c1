"""The test suite survives what editors do every day to ``content/``.

A copy of the project gets a new, complete story (with its own outlet, sources,
topics and question), a renamed story, a renamed topic and a removed story; then
the tests that read the real content (marked ``real_content``) run inside the copy.
Those tests must pass: a test that pinned today's stories would fail here, and so
every pull request that adds a story.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papertrail.build.pipeline import check_content
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

NEW_FILES = {
    "entities/aroha-tane.yml": """\
name: Aroha Tane
kind: person
summary: Aroha Tane is the secretary of the Harbour Workers' Union in Port Nelson.
aliases: [Tane]
""",
    "entities/port-nelson.yml": """\
name: Port Nelson
kind: place
summary: Port Nelson is a container port on the northern coast of the South Island of New Zealand.
""",
    "questions/why-did-the-port-strike-end.md": """\
---
title: Why did the Port Nelson strike end?
entities: [aroha-tane, port-nelson]
---

Aroha Tane's union accepted a pay offer after nine days, once Port Nelson agreed to new shift rules.
""",
    "sources/harbour-gazette-2026-11-20-port-strike-ends.md": """\
---
title: Port strike ends after nine days
outlet: harbour-gazette
url: https://gazette.example/2026/11/20/port-strike-ends
published: 2026-11-20
author: Mere Walker
---

The strike at Port Nelson ended on Thursday after nine days. Union secretary Aroha Tane
said the agreement was "a fair deal for every worker on the wharf" and that ships would
be unloaded from Friday morning.
""",
    "sources/harbour-gazette-2026-11-21-dockers-return.md": """\
---
title: Dockers return to work
outlet: harbour-gazette
url: https://gazette.example/2026/11/21/dockers-return
published: 2026-11-21
---
""",
    "stories/port-nelson-strike-ends.md": """\
---
title: Port Nelson strike ends with a pay deal
published: 2026-11-21T09:30:00+00:00
summary: Dock workers at Port Nelson return after a nine-day strike over pay and shifts.
entities: [aroha-tane, port-nelson]
questions: [why-did-the-port-strike-end]
papers:
  - source: harbour-gazette-2026-11-20-port-strike-ends
    says: The Harbour Gazette quotes Aroha Tane calling the agreement "a fair deal for every worker on the wharf".
sources: [harbour-gazette-2026-11-21-dockers-return]
---

## What's happened

The nine-day strike at Port Nelson ended when workers accepted a pay offer.

## What's behind the headline?

Aroha Tane said new shift rules mattered as much as the pay rise.

## How we got here

Talks between the union and the port broke down in October.
""",
}
NEW_OUTLET_ID = "harbour-gazette"
NEW_OUTLET = """
harbour-gazette:
  name: The Harbour Gazette
  url: https://gazette.example/
  country: New Zealand
"""


def _front_matter_replace(path: Path, old: str, new: str) -> None:
    """Replace the id ``old`` by ``new`` in the front matter of ``path`` (as an editor would)."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    front = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, front)
    path.write_text(f"---{front}---{body}", encoding="utf-8")


def edit_like_editors(content: Path) -> str:
    """Rename a story and a topic, remove a story, then add a new complete story (its id returned)."""
    stories = sorted((content / "stories").rglob("*.md"))
    if stories:
        stories[0].rename(stories[0].with_name(stories[0].stem + "-renamed.md"))
    if len(stories) > 1:
        stories[-1].unlink()
    entities = sorted((content / "entities").rglob("*.yml"))
    if entities:
        old = entities[0].stem
        entities[0].rename(entities[0].with_name(f"{old}-renamed.yml"))
        for path in [*(content / "stories").rglob("*.md"), *(content / "questions").rglob("*.md")]:
            _front_matter_replace(path, old, f"{old}-renamed")
    return add_new_story(content)


def add_new_story(content: Path) -> str:
    """Add :data:`NEW_FILES` and :data:`NEW_OUTLET`, with ids no file has yet; returns the story id.

    Content may hold a story with these ids already (an editor copied this example):
    every new id then gets the same numeric suffix, and references follow.
    """
    outlets = (content / "outlets.yml").read_text(encoding="utf-8")
    suffix = ""
    for number in range(2, 1000):
        taken = any((content / _renamed(name, suffix)).exists() for name in NEW_FILES)
        if not taken and not re.search(rf"^{NEW_OUTLET_ID}{suffix}:", outlets, re.M):
            break
        suffix = f"-{number}"
    with (content / "outlets.yml").open("a", encoding="utf-8") as handle:
        handle.write(_with_suffix(NEW_OUTLET, suffix))
    for name, text in NEW_FILES.items():
        path = content / _renamed(name, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _with_suffix(text, suffix)
        if suffix and name.startswith("entities/"):
            # Names are unique across topics too: "Aroha Tane 2", alias "Tane 2".
            label = suffix.replace("-", " ")
            text = re.sub(r"^(name: .+)$", rf"\1{label}", text, flags=re.M)
            text = re.sub(r"^aliases: \[(.+)\]$", rf"aliases: [\1{label}]", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    return f"port-nelson-strike-ends{suffix}"


def _new_ids() -> list[str]:
    return [NEW_OUTLET_ID, *(Path(name).stem for name in NEW_FILES)]


def _with_suffix(text: str, suffix: str) -> str:
    for ident in _new_ids():
        text = re.sub(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", ident + suffix, text)
    return text


def _renamed(name: str, suffix: str) -> str:
    path = Path(name)
    return str(path.with_name(path.stem + suffix + path.suffix))


def test_real_content_tests_pass_after_editors_add_rename_and_remove(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", ".cache", "raw")
    copy.mkdir()
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("docs", "content", "tests", "scripts"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    story = edit_like_editors(copy / "content")
    # The edits are what an editor would commit: valid content, new story included.
    content, problems = check_content(copy / "content", copy)
    assert not [str(p) for p in problems if p.is_error]
    assert story in content.stories
    assert any(ident.endswith("-renamed") for ident in content.entities)

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "real_content", "tests"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(copy)},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\b[1-9]\d* passed\b", result.stdout), result.stdout[-2000:]
