"""The newsroom's standards a reader can see (render/standards.py, mkdocs/standards_files.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from papertrail.content.loading import load_content
from papertrail.render.standards import Standards, StandardsError, check_standards, trust_txt
from papertrail.render.structured import SiteInfo, story_ld
from tests.conftest import SEED_CONTENT, copy_project, mkdocs_build

PAGES = {"about.md", "standards.md"}


def test_settings_that_name_pages_and_an_address_are_taken() -> None:
    setting = {
        "contact": "news@example.org",
        "standards": "standards.md",
        "corrections": "about.md#corrections",
    }
    assert check_standards(setting, PAGES.__contains__) == Standards(
        "news@example.org", "standards.md", "about.md#corrections"
    )
    assert check_standards({}, PAGES.__contains__) == Standards()


def test_every_problem_is_listed_at_once_with_the_setting_it_is_in() -> None:
    setting = {
        "contact": "write to us <script>",
        "standards": "../secrets.md",
        "corrections": "missing.md#corrections",
        "colour": "red",
    }
    with pytest.raises(StandardsError) as caught:
        check_standards(setting, PAGES.__contains__)
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert all(line.startswith("mkdocs.yml: plugins.papertrail.newsroom.") for line in lines)
    joined = "\n".join(lines)
    for said in ("contact", "standards", "docs/missing.md does not exist", "colour: not a setting"):
        assert said in joined


def test_trust_txt_says_how_to_reach_the_newsroom_and_where_its_standards_are() -> None:
    site = SiteInfo("Daily Explainer", "https://news.example/")
    standards = Standards("news@example.org", "standards.md", None)
    files = trust_txt(standards, site, lambda page: "https://news.example/standards/")
    assert [f.path for f in files] == ["trust.txt", ".well-known/trust.txt"]
    lines = [line for line in files[0].text.splitlines() if not line.startswith("#")]
    assert lines == ["contact=mailto:news@example.org", "disclosure=https://news.example/standards/"]
    assert trust_txt(Standards(), site, lambda page: None) == []


def test_a_story_names_its_newsrooms_standards_and_its_backstory() -> None:
    content = load_content(SEED_CONTENT).content
    story = content.stories_newest_first[0]
    site = SiteInfo(
        "T",
        "https://news.example/",
        principles="https://news.example/s/",
        corrections="https://news.example/c/",
    )
    article = story_ld(story, content, set(), site, "stories/x.md")["@graph"][0]
    assert article["publishingPrinciples"] == "https://news.example/s/"
    assert article["publisher"]["correctionsPolicy"] == "https://news.example/c/"
    behind = story.section("behind")
    assert (
        behind is not None
        and article["backstory"].split()[:3] == re.sub(r"[*_\[\]]", "", behind.body).split()[:3]
    )
    plain = story_ld(story, content, set(), SiteInfo("T", "https://news.example/"), "stories/x.md")["@graph"][
        0
    ]
    assert "publishingPrinciples" not in plain and "correctionsPolicy" not in plain["publisher"]


def test_a_build_links_the_standards_from_every_page_and_writes_trust_txt(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    built = mkdocs_build(project, tmp_path / "site", PAPERTRAIL_CONTACT_EMAIL="news@example.org")
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    for path in ("trust.txt", ".well-known/trust.txt"):
        assert "contact=mailto:news@example.org" in (site / path).read_text(encoding="utf-8")
    story = next(site.glob("stories/*/index.html")).read_text(encoding="utf-8")
    footer = story.split('class="md-grid pt-footer"', 1)[1].split("</nav>", 1)[0]
    assert "Editorial standards" in footer and 'href="mailto:news@example.org"' in footer
    data = json.loads(story.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["@graph"][0]["publishingPrinciples"].endswith("/about/#how-we-work")


def test_a_standards_page_that_does_not_exist_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("about.md#how-we-work", "standards.md"))
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode != 0
    assert "newsroom.standards: docs/standards.md does not exist" in built.stderr
