"""The newsroom workflow: CI workflows, pre-commit, scaffolding, annotations."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, STORY, WriteContent, run_cli

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def papertrail(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, *args)


def test_workflows_validate_against_the_github_schema() -> None:
    assert {"check.yml", "publish.yml", "upstream.yml"} <= {p.name for p in WORKFLOWS}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_workflow_runs_check_build_tests_and_uploads_the_preview() -> None:
    steps = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())["jobs"]["check"]["steps"]
    runs = " ".join(str(s.get("run", "")) for s in steps)
    assert "papertrail check --format github" in runs
    # Both engines build the site strictly.
    assert "properdocs build -f mkdocs.yml --strict" in runs
    assert "mkdocs build -f mkdocs.yml --strict" in runs.replace("properdocs build", "")
    assert "make test" in runs
    # A content-only pull request runs the content tests instead of the whole suite.
    content_only = [s for s in steps if s.get("if") == "steps.scope.outputs.scope == 'content'"]
    assert [s["run"] for s in content_only] == [".venv/bin/python -m pytest -n auto -m real_content"]
    whole = [s for s in steps if s.get("if") == "steps.scope.outputs.scope != 'content'"]
    assert [s["run"] for s in whole] == ["make test"]


def test_publish_workflow_deploys_only_after_a_build_and_never_races() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key "on" as True
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # Only the deploy job, which runs none of our code, may write to Pages.
    assert workflow["permissions"] == {}
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert any("--strict" in str(s.get("run", "")) for s in build["steps"])


def test_pre_commit_runs_check_on_content_changes() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == "make check" and hook["files"] == "^content/"
    assert re.search(r"^check: ", (ROOT / "Makefile").read_text(), re.M)


def test_check_prints_github_annotations(write_content: WriteContent, tmp_path: Path) -> None:
    root = write_content()
    story = root / "stories" / "test-story.md"
    story.write_text(story.read_text().replace("source: paper-one", "source: nope, really"), encoding="utf-8")
    result = papertrail(tmp_path, "check", "--format", "github")
    assert result.returncode == 1
    assert (
        "::error file=content/stories/test-story.md,line=8,title=papertrail check::papers[0].source: "
        "'nope, really' is not a valid id (lowercase letters, digits and hyphens)"
    ) in result.stdout.splitlines()


def test_new_skeletons_pass_check_and_never_overwrite(write_content: WriteContent, tmp_path: Path) -> None:
    write_content()
    made = [
        papertrail(tmp_path, "new", "story", "Kim meets Putin in Vladivostok"),
        papertrail(tmp_path, "new", "entity", "Vladivostok", "--kind", "place"),
        papertrail(tmp_path, "new", "question", "Why Vladivostok?"),
    ]
    assert [r.stdout.strip() for r in made] == [
        "content/stories/kim-meets-putin-in-vladivostok.md",
        "content/entities/vladivostok.yml",
        "content/questions/why-vladivostok.md",
    ]
    story = (tmp_path / "content/stories/kim-meets-putin-in-vladivostok.md").read_text()
    assert "draft: true" in story  # a skeleton never publishes by accident
    for heading in ("## What's happened", "## What's behind the headline?", "## How we got here"):
        assert heading in story
    # The skeleton shows the documented date form, points editors' tools at the schema
    # and shows a papers item.
    assert re.search(r"^published: \d{4}-\d\d-\d\dT\d\d:\d\d:00\+00:00$", story, re.M)
    assert story.splitlines()[1] == "# yaml-language-server: $schema=../../schemas/story.schema.json"
    assert "# papers:\n#   - source: " in story
    # Placeholders never publish: the entity (which has no draft) fails until written…
    check = papertrail(tmp_path, "check")
    assert check.returncode == 1
    assert check.stderr.splitlines() == [
        "content/entities/vladivostok.yml:4: summary: error: still holds the skeleton's text "
        "'Who or what Vladivostok is, in a sentence or two.': write it"
    ]
    entity = tmp_path / "content/entities/vladivostok.yml"
    entity.write_text(
        entity.read_text().replace("Who or what Vladivostok is, in a sentence or two.", "A port.")
    )
    check = papertrail(tmp_path, "check")
    assert check.returncode == 0, check.stderr
    assert "checked 2 stories, 2 entities, 2 questions" in check.stdout
    # …and so does the story once it is no longer a draft.
    story_file = tmp_path / "content/stories/kim-meets-putin-in-vladivostok.md"
    story_file.write_text(story.replace("draft: true", "draft: false"))
    errors = papertrail(tmp_path, "check").stderr
    assert "summary: error: still holds the skeleton's text" in errors
    assert "section 'What's happened' still says 'Write this section.'" in errors
    assert "papers: error: a published story needs What the papers say" in errors
    story_file.write_text(story)
    before = entity.read_bytes()
    again = papertrail(tmp_path, "new", "entity", "Vladivostok")
    assert again.returncode == 1
    assert "content/entities/vladivostok.yml exists" in again.stderr
    assert (tmp_path / "content/entities/vladivostok.yml").read_bytes() == before
    assert papertrail(tmp_path, "new", "entity", "X", "--kind", "planet").returncode == 1


def test_an_entity_kind_left_to_the_default_is_an_error(write_content: WriteContent, tmp_path: Path) -> None:
    write_content()
    assert papertrail(tmp_path, "new", "entity", "Kim Yo Jong").returncode == 0
    entity = tmp_path / "content/entities/kim-yo-jong.yml"
    check = papertrail(tmp_path, "check", "content/entities/kim-yo-jong.yml")
    # Both placeholders are listed at once, the kind as a choice to make.
    assert check.stderr.splitlines() == [
        "content/entities/kim-yo-jong.yml:3: kind: error: choose what it is: write one of "
        "person, country, place, organisation, event, other",
        "content/entities/kim-yo-jong.yml:4: summary: error: still holds the skeleton's text "
        "'Who or what Kim Yo Jong is, in a sentence or two.': write it",
    ]
    written = re.sub(r"^kind: .*$", "kind: person", entity.read_text(), flags=re.M)
    entity.write_text(written.replace("Who or what Kim Yo Jong is, in a sentence or two.", "Kim's sister."))
    assert papertrail(tmp_path, "check").returncode == 0


def test_every_install_comes_from_the_lock() -> None:
    # Workflows install through the Makefile's targets, which run `uv sync --locked`.
    for path in WORKFLOWS:
        runs = [str(s.get("run", "")) for job in yaml.safe_load(path.read_text())["jobs"].values()
                for s in job["steps"]]  # fmt: skip
        assert not any("pip install" in run or "uv pip" in run for run in runs), path.name
        assert any(run.startswith(("make install", "make test")) for run in runs), path.name
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert makefile.count("sync --quiet --locked") == 2
    assert "--require-hashes" in makefile


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                action = line.split("uses:", 1)[1].strip()
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*", action), (path.name, line)


def test_dependabot_proposes_updates_for_every_lock() -> None:
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text())
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert watched == {("uv", "/"), ("pip", "/scripts"), ("npm", "/cms"), ("github-actions", "/")}
    assert (ROOT / "uv.lock").is_file() and (ROOT / "cms/package-lock.json").is_file()


def test_upstream_workflow_runs_weekly_and_names_what_broke() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/upstream.yml").read_text())
    (schedule,) = workflow[True]["schedule"]
    assert schedule["cron"].split()[2:] == ["*", "*", "1"]  # every Monday
    runs = " ".join(str(s.get("run", "")) for s in workflow["jobs"]["newest"]["steps"])
    assert "scripts/upstream.py" in runs


def test_zizmor_finds_nothing_above_low_in_the_workflows() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    if not zizmor.exists():
        pytest.skip("zizmor is installed for Python 3.11 and later only")
    result = subprocess.run(
        [str(zizmor), "--offline", "--min-severity", "low", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sharded_publishing_builds_shards_merges_then_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish-sharded.yml").read_text())
    jobs = workflow["jobs"]
    assert jobs["merge"]["needs"] == "shard" and jobs["deploy"]["needs"] == "merge"
    build = next(s for s in jobs["shard"]["steps"] if "properdocs build" in s.get("run", ""))
    assert "--dirty" in build["run"] and "PAPERTRAIL_SHARD" in build["env"]
    runs = " ".join(s.get("run", "") for s in jobs["merge"]["steps"])
    assert "papertrail merge-shards site" in runs and "papertrail check" in runs
    assert jobs["shard"]["permissions"] == {"contents": "read"}  # only deploy may write to Pages


def test_publish_runs_hourly_and_builds_on_a_schedule_only_when_an_embargo_ended() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    (schedule,) = workflow[True]["schedule"]
    minute, hour, *_ = schedule["cron"].split()
    assert minute.isdigit() and hour == "*"  # every hour
    due, build = workflow["jobs"]["due"], workflow["jobs"]["build"]
    assert due["if"] == "github.event_name == 'schedule'"
    assert due["permissions"] == {"contents": "read", "deployments": "read"}  # reads, never writes
    runs = " ".join(str(s.get("run", "")) for s in due["steps"])
    assert "papertrail due --since" in runs and "environment=github-pages" in runs
    assert build["needs"] == "due" and "needs.due.outputs.due == 'true'" in build["if"]
    assert "github.event_name != 'schedule'" in build["if"]  # pushes still always build


def _due(tmp_path: Path, since: str, now: str) -> tuple[int, str, str]:
    output = tmp_path / "github-output"
    output.write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "papertrail.tools.cli", "due", "--since", since],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PAPERTRAIL_NOW": now, "GITHUB_OUTPUT": str(output)},
    )
    return result.returncode, result.stdout, output.read_text(encoding="utf-8")


def test_due_says_a_story_is_due_once_its_embargo_ended_since_the_last_deploy(
    write_content: WriteContent, tmp_path: Path
) -> None:
    write_content()  # the test story: published 2025-09-03T10:00:00+00:00
    status, printed, output = _due(tmp_path, "2025-09-03T09:00:00Z", "2025-09-03T10:05:00+00:00")
    assert status == 0 and output == "due=true\n" and "content/stories/test-story.md" in printed
    # Deployed after the embargo ended (or before it, and it has not ended yet): nothing to do.
    for since, now in (
        ("2025-09-03T10:01:00Z", "2025-09-03T11:00:00Z"),
        ("2025-09-03T09:00:00Z", "2025-09-03T09:59:00Z"),
    ):
        assert _due(tmp_path, since, now)[2] == "due=false\n"
    assert _due(tmp_path, "", "2025-09-03T11:00:00Z")[2] == "due=false\n"  # never deployed: a push publishes
    assert _due(tmp_path, "yesterday", "2025-09-03T11:00:00Z")[0] == 2


def test_a_draft_is_never_due(write_content: WriteContent, tmp_path: Path) -> None:
    write_content(
        {"stories/test-story.md": STORY.replace("title: A test story", "title: A test story\ndraft: true")}
    )
    assert _due(tmp_path, "2025-09-03T09:00:00Z", "2025-09-03T10:05:00Z")[2] == "due=false\n"


def test_a_pull_request_gets_a_preview_that_opens_from_disk_and_a_comment() -> None:
    jobs = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text())["jobs"]
    preview, comment = jobs["preview"], jobs["comment"]
    runs = [str(s.get("run", "")) for s in preview["steps"]]
    said, built = (
        runs.index(next(r for r in runs if "pr_preview.py" in r)),
        runs.index(next(r for r in runs if "--no-directory-urls" in r)),
    )
    assert said < built  # the comment is written even when the build then fails
    uploads = {
        s["with"]["name"]: s["with"]["path"]
        for s in preview["steps"]
        if "upload-artifact" in s.get("uses", "")
    }
    assert uploads == {"preview-comment": "preview-comment.md", "site-preview": "site-preview/"}
    assert "site-preview" in runs[built]
    # The job that may write on the pull request runs none of its code.
    assert comment["needs"] == "preview" and comment["permissions"] == {
        "actions": "read",
        "pull-requests": "write",
    }
    assert [s.get("uses") for s in comment["steps"]] == [None]
    assert "gh pr comment" in comment["steps"][0]["run"] and "make" not in comment["steps"][0]["run"]
    assert "head.repo.full_name == github.repository" in comment["if"]
