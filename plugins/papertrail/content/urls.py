"""URLs: checked where they enter (content files, imported articles), and the URL of a page.

A URL is data that ends up in ``href`` attributes, feeds and JSON-LD. Only web and
mail addresses are accepted; ``javascript:``, ``data:`` and the like never enter.
Characters that no address needs and that break out of markup or Markdown (``<``,
``>``, quotes, braces, backslashes, spaces, control characters) are refused too, so a
URL such as ``https://e.com/x)<svg/onload=…>`` is an error where it is typed or found,
whatever later writes it out. Non-ASCII letters are allowed: editors paste addresses
such as ``https://de.wikipedia.org/wiki/Köln``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEMES = frozenset({"http", "https", "mailto"})
# Unicode's direction controls: embeddings and overrides (U+202A-U+202E), isolates
# (U+2066-U+2069) and the marks (U+200E, U+200F, U+061C). An override shows
# "moc.elpmaxe" as "example.com" (the "Trojan Source" trick), in text and in addresses.
# As a character class's body, escaped, so that it reads the same in Python's and in
# JSON Schema's (ECMA-262) regular expressions.
DIRECTION_CONTROLS = r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
BIDI_CONTROLS = re.compile(f"[{DIRECTION_CONTROLS}]")
# ASCII characters RFC 3986 never allows unescaped, controls, all white space and the
# direction controls.
_FORBIDDEN_CLASS = r"\x00-\x20\x7f-\x9f\"'<>\\^`{|}\s" + DIRECTION_CONTROLS
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_CLASS}]")
# The address nearly every source and topic holds: a web page on a host name of ASCII
# letters, digits, dots and hyphens (no user, port or bracket), checked for forbidden
# characters already. Every rule of url_problem passes it; parsing it with urlsplit
# (Python's own, in Python) was a tenth of loading 27,000 sources.
_PLAIN_WEB = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#].*)?", re.DOTALL)
# The same rule as a JSON Schema pattern (ECMA-262 regex), for editors' tools.
URL_PATTERN = (
    rf"^(https?://[^/?#@{_FORBIDDEN_CLASS}]+([/?#][^{_FORBIDDEN_CLASS}]*)?|mailto:[^{_FORBIDDEN_CLASS}]*)$"
)


def url_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an address, in an editor's words; None if nothing.

    Args:
        value: The address as written.

    Returns:
        None for an ``http``, ``https`` or ``mailto`` address without forbidden
        characters; otherwise the reason, naming what to write instead.
    """
    found = _FORBIDDEN.search(value)
    if found is not None and BIDI_CONTROLS.match(found.group()):
        return (
            f"holds the invisible direction mark U+{ord(found.group()):04X}, which can make an "
            "address read differently from where it leads: delete it"
        )
    if found is not None:
        shown = "a space" if found.group().isspace() else f"the character {found.group()!r}"
        return f"holds {shown}, which no web address has: copy the address from the browser's address bar"
    if _PLAIN_WEB.fullmatch(value) is not None:
        return None  # what the rules below would find of it, without parsing it
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed '[' in the host
        return "is not a web address: write it like https://example.com/page"
    if parts.scheme.lower() not in SCHEMES:
        return "is not a web address: only http://, https:// and mailto: addresses are allowed"
    if parts.scheme.lower() != "mailto" and not parts.hostname:
        return "has no site name after the '//': write it like https://example.com/page"
    if parts.scheme.lower() != "mailto" and "@" in parts.netloc:
        # https://news.example@evil.example/ shows one site and opens another.
        return (
            f"names a user before '@' ({parts.netloc.rsplit('@', 1)[0]}@…), which makes an address "
            f"look like one site and open {parts.hostname}: write the address without it"
        )
    return None


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL of a page path relative to the site root (``stories/x/``; ``""`` for home).

    ``stories/x.md`` is served at ``stories/x/``, or at ``stories/x.html`` without
    directory URLs; ``index.md`` pages at their folder, or at ``index.html`` in it
    without directory URLs, as MkDocs serves them (a site opened from disk has no
    server to find a folder's index). Files that are not pages (``feed.xml``) keep
    their path.
    """
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def checked_url(value: object) -> str | None:
    """``value`` when it is an acceptable address, else None (for imported metadata)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if value and url_problem(value) is None else None


def host_of(url: str | None) -> str | None:
    """The host of a web address, lowercase and without ``www.`` (``europesays.com``);
    None for no address or one without a host. The one host parser: imports, outlet
    matching and canonical-URL comparison all read hosts through it."""
    if not url:
        return None
    text = url.strip()
    if "//" not in text:  # "www.example.com/path", as outlets.yml may hold it
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:  # an address urllib cannot read has no host to match
        return None
    return host.removeprefix("www.") or None


def without_article(name: str) -> str:
    """An outlet's name without a leading "The" (any case): "The Guardian" → "Guardian"."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


def name_key(name: str) -> str:
    """An outlet's name for comparing: casefolded, without "The", spaces collapsed."""
    return " ".join(without_article(name).casefold().split())
