"""Reading a built site's search bundle (Pagefind) as plain records, for comparisons.

Pagefind's files are not byte-for-byte reproducible (their names carry hashes of
unordered data), so sites are compared by what the bundle holds: one record per
indexed page, from its fragment file (gzip, a ``pagefind_dcd`` signature, then JSON).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from papertrail.build.search import SEARCH_FOLDER, SHARDS_FILE

SIGNATURE = b"pagefind_dcd"


def search_records(site: Path) -> list[dict[str, Any]]:
    """Every indexed page's record (url, content, meta, filters), all shards, sorted by URL."""
    return sorted(
        (
            r
            for folder in sorted((site / SEARCH_FOLDER).glob("**/fragment"))
            for r in shard_records(folder.parent)
        ),
        key=lambda r: r["url"],
    )


def shard_records(bundle: Path) -> list[dict[str, Any]]:
    """The records of one shard's bundle folder (``pagefind/`` or ``pagefind/older/N/``)."""
    records = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(SIGNATURE), fragment
        records.append(json.loads(data[len(SIGNATURE) :]))
    return records


def records_by_shard(site: Path) -> list[list[dict[str, Any]]]:
    """The records of each shard of the site's bundle, newest shard first (as
    ``shards.json`` lists the older ones), each shard's sorted by URL."""
    bundle = site / SEARCH_FOLDER
    older = json.loads((bundle / SHARDS_FILE).read_text(encoding="utf-8"))["older"]
    return [
        sorted(shard_records(folder), key=lambda record: str(record["url"]))
        for folder in [bundle, *(bundle / path for path in older)]
    ]


def without_search_files(files: dict[str, Any]) -> dict[str, Any]:
    """A site's files less the search bundle's (compare :func:`search_records` instead)."""
    return {name: data for name, data in files.items() if not name.startswith(SEARCH_FOLDER + "/")}


def site_files(site: Path) -> dict[str, object]:
    """A built site's files, and its search bundle as the records it holds, for comparing
    two builds (``sitemap.xml.gz`` is left out: gzip stamps the time)."""
    files: dict[str, object] = without_search_files(
        {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != "sitemap.xml.gz"
        }
    )
    files["search records"] = search_records(site)
    return files
