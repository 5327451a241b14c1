"""The newsroom's standards a reader can see (The Trust Project's indicators).

``newsroom:`` under the plugin in ``mkdocs.yml`` names the pages of ``docs/`` that hold
the editorial standards and the corrections policy, and the newsroom's contact
address. Every page's footer links them, a story's JSON-LD names them
(``publishingPrinciples``, the publisher's ``correctionsPolicy``), and the site gets a
``trust.txt`` (at its root and under ``/.well-known/``) saying how to reach the
newsroom and where its standards are. Settings are checked where they enter: every
problem is listed at once, and the build stops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from papertrail.render.site import Asset
from papertrail.render.structured import SiteInfo

TRUST_FILES = ("trust.txt", ".well-known/trust.txt")
SETTING = "plugins.papertrail.newsroom"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PAGE = re.compile(r"[A-Za-z0-9_./-]+\.md(?:#[A-Za-z0-9_-]+)?")
_KEYS = ("contact", "standards", "corrections")


class StandardsError(ValueError):
    """Settings under ``newsroom:`` that cannot be used; one line a problem."""


@dataclass(frozen=True)
class Standards:
    """Where the newsroom's standards are, as configured.

    Attributes:
        contact: The newsroom's address (an e-mail address), or None.
        standards: The docs page of its editorial standards (``standards.md``), or None.
        corrections: The docs page (and section) of its corrections policy
            (``about.md#corrections``), or None.
    """

    contact: str | None = None
    standards: str | None = None
    corrections: str | None = None


def check_standards(setting: object, page_exists: Callable[[str], bool]) -> Standards:
    """The ``newsroom:`` setting, checked.

    Args:
        setting: What ``mkdocs.yml`` holds under ``newsroom:`` (a mapping, or nothing).
        page_exists: Whether ``docs/`` has the page at a path (``standards.md``).

    Raises:
        StandardsError: Every problem, one line each, with what to write instead.
    """
    if setting is None or setting == {}:
        return Standards()
    if not isinstance(setting, Mapping):
        raise StandardsError(
            f"mkdocs.yml: {SETTING}: expected contact:, standards: and corrections: below it"
        )
    problems = [
        f"mkdocs.yml: {SETTING}.{key}: not a setting of ours; write contact, standards or corrections"
        for key in setting
        if key not in _KEYS
    ]
    values: dict[str, str | None] = {}
    for key in _KEYS:
        value = setting.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"mkdocs.yml: {SETTING}.{key}: expected text")
            value = None
        values[key] = value.strip() if value else None
    contact = values["contact"]
    if contact is not None and not _EMAIL.fullmatch(contact):
        problems.append(
            f"mkdocs.yml: {SETTING}.contact: {contact!r} is not an e-mail address; write newsroom@example.org"
        )
    for key in ("standards", "corrections"):
        page = values[key]
        if page is None:
            continue
        if not _PAGE.fullmatch(page) or ".." in page.split("/"):
            problems.append(
                f"mkdocs.yml: {SETTING}.{key}: {page!r} is not a page of docs/; write one like about.md#{key}"
            )
        elif not page_exists(page.partition("#")[0]):
            missing = page.partition("#")[0]
            problems.append(
                f"mkdocs.yml: {SETTING}.{key}: docs/{missing} does not exist; write the page or name another"
            )
    if problems:
        raise StandardsError("\n".join(problems))
    return Standards(contact, values["standards"], values["corrections"])


def trust_txt(standards: Standards, site: SiteInfo, page_url: Callable[[str], str | None]) -> list[Asset]:
    """``trust.txt`` (its root and ``/.well-known/`` copies) for ``standards``; none when nothing is set.

    Args:
        standards: The checked settings.
        site: The site (its address makes the standards' addresses absolute).
        page_url: The absolute address of a docs page path (with its section), or None.
    """
    lines = [f"# {site.name}: how to reach the newsroom and read its standards (trust.txt)"]
    if standards.contact:
        lines.append(f"contact=mailto:{standards.contact}")
    for page in (standards.standards, standards.corrections):
        url = page_url(page) if page else None
        if url:
            lines.append(f"disclosure={url}")
    if len(lines) == 1:
        return []
    text = "\n".join(lines) + "\n"
    return [Asset(path, text) for path in TRUST_FILES]
