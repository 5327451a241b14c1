"""The newsroom's standards among the site's files (adapter side; see render/standards.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from papertrail.render.standards import StandardsError, check_standards, trust_txt
from papertrail.render.structured import SiteInfo


def add_standards(files: Files, config: MkDocsConfig, setting: dict[str, Any], site: SiteInfo) -> SiteInfo:
    """Check ``newsroom:``, link its pages from every footer, add ``trust.txt``.

    Returns:
        ``site`` with the standards' absolute addresses, for the stories' JSON-LD.

    Raises:
        PluginError: Every problem of the setting, one line each.
    """
    try:
        standards = check_standards(
            {k: v for k, v in setting.items() if v != ""},  # an unset !ENV value is ""
            lambda path: files.get_file_from_path(path) is not None,
        )
    except StandardsError as error:
        raise PluginError(str(error)) from None

    def address(page: str | None) -> str | None:
        file = files.get_file_from_path(page.partition("#")[0]) if page else None
        if page is None or file is None:
            return None
        return file.url + (f"#{page.partition('#')[2]}" if "#" in page else "")

    def absolute(url: str | None) -> str | None:
        return site.url.rstrip("/") + "/" + url if url and site.url else None

    standards_url, corrections_url = address(standards.standards), address(standards.corrections)
    site = replace(site, principles=absolute(standards_url), corrections=absolute(corrections_url))
    config.extra["papertrail_standards"] = {
        "standards": standards_url,
        "corrections": corrections_url,
        "contact": standards.contact,
    }
    for asset in trust_txt(standards, site, lambda page: absolute(address(page))):
        # Included as it is: MkDocs leaves out paths that start with a dot by default.
        file = File.generated(config, asset.path, content=asset.text, inclusion=InclusionLevel.INCLUDED)
        files.append(file)
    return site
