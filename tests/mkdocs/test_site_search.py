"""The build's search index (mkdocs/site_search.py): made on a thread while the plugin
finishes the build, its failures raised in the build."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from papertrail.build.search import SearchBundle, SearchBundleError
from papertrail.mkdocs import site_search
from papertrail.mkdocs.site_search import SiteSearch


def _config(site: Path) -> Any:
    return SimpleNamespace(theme={"language": "en"}, site_dir=str(site))


def test_a_build_indexes_while_it_finishes_and_waits_for_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finishing = threading.Event()
    seen: list[bool] = []

    def index(site: Path, *args: object, **kwargs: object) -> SearchBundle:
        # Indexing sees the build go on (at most a minute): it started before the end.
        seen.append(finishing.wait(60))
        return SearchBundle(site / "pagefind", 1, 1, 1, 1)

    monkeypatch.setattr(site_search, "build_search_bundle", index)
    search = SiteSearch()
    finish = search.start_index(_config(tmp_path), preview=False)
    finishing.set()  # the build's own last steps (the sitemap, saving outputs)
    finish()
    assert seen == [True]


@pytest.mark.parametrize(
    ("failure", "raised"),
    [(SearchBundleError("Pagefind could not index"), PluginError), (OSError("disk full"), OSError)],
)
def test_a_failed_index_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, raised: type[Exception]
) -> None:
    def index(*args: object, **kwargs: object) -> SearchBundle:
        raise failure

    monkeypatch.setattr(site_search, "build_search_bundle", index)
    finish = SiteSearch().start_index(_config(tmp_path), preview=False)
    with pytest.raises(raised, match=str(failure)):
        finish()
