"""Well-known news outlets by web host, to name an outlet when a page does not.

Used only as evidence of last resort: a page's own site name (WordPress, JSON-LD,
Open Graph) wins, and an outlet already in ``content/outlets.yml`` wins over this.
Seed 001 is the case behind it: a WordPress post from europesays.com whose links
point at abc.net.au, and neither names itself.
"""

from __future__ import annotations

from papertrail.content.fields import slugify
from papertrail.content.model import Origin, Outlet
from papertrail.content.urls import name_key, without_article

# Outlets of this table are the model's outlets (one type); their origin is this table.
_CATALOGUE = Origin(__name__)


def _outlet(name: str, url: str, country: str | None) -> Outlet:
    """A row of the table: an outlet with an id made from its name, as an import would."""
    return Outlet(id=slugify(without_article(name)), origin=_CATALOGUE, name=name, url=url, country=country)


KNOWN_OUTLETS: dict[str, Outlet] = {
    "abc.net.au": _outlet("ABC News (Australia)", "https://www.abc.net.au/news/", "Australia"),
    "abcnews.go.com": _outlet("ABC News", "https://abcnews.go.com/", "United States"),
    "aljazeera.com": _outlet("Al Jazeera", "https://www.aljazeera.com/", "Qatar"),
    "apnews.com": _outlet("Associated Press", "https://apnews.com/", "United States"),
    "bbc.co.uk": _outlet("BBC News", "https://www.bbc.co.uk/news", "United Kingdom"),
    "bbc.com": _outlet("BBC News", "https://www.bbc.com/news", "United Kingdom"),
    "bloomberg.com": _outlet("Bloomberg", "https://www.bloomberg.com/", "United States"),
    "cnn.com": _outlet("CNN", "https://www.cnn.com/", "United States"),
    "dw.com": _outlet("Deutsche Welle", "https://www.dw.com/", "Germany"),
    "france24.com": _outlet("France 24", "https://www.france24.com/", "France"),
    "ft.com": _outlet("Financial Times", "https://www.ft.com/", "United Kingdom"),
    "independent.co.uk": _outlet("The Independent", "https://www.independent.co.uk/", "United Kingdom"),
    "japantimes.co.jp": _outlet("The Japan Times", "https://www.japantimes.co.jp/", "Japan"),
    "koreaherald.com": _outlet("The Korea Herald", "https://www.koreaherald.com/", "South Korea"),
    "koreatimes.co.kr": _outlet("The Korea Times", "https://www.koreatimes.co.kr/", "South Korea"),
    "nknews.org": _outlet("NK News", "https://www.nknews.org/", "South Korea"),
    "npr.org": _outlet("NPR", "https://www.npr.org/", "United States"),
    "nypost.com": _outlet("New York Post", "https://nypost.com/", "United States"),
    "nytimes.com": _outlet("The New York Times", "https://www.nytimes.com/", "United States"),
    "politico.com": _outlet("Politico", "https://www.politico.com/", "United States"),
    "reuters.com": _outlet("Reuters", "https://www.reuters.com/", "United Kingdom"),
    "scmp.com": _outlet("South China Morning Post", "https://www.scmp.com/", "Hong Kong"),
    "theconversation.com": _outlet("The Conversation", "https://theconversation.com/", None),
    "theguardian.com": _outlet("The Guardian", "https://www.theguardian.com/", "United Kingdom"),
    "themoscowtimes.com": _outlet("The Moscow Times", "https://www.themoscowtimes.com/", "Netherlands"),
    "washingtonpost.com": _outlet("The Washington Post", "https://www.washingtonpost.com/", "United States"),
    "wsj.com": _outlet("The Wall Street Journal", "https://www.wsj.com/", "United States"),
    "yna.co.kr": _outlet("Yonhap News Agency", "https://en.yna.co.kr/", "South Korea"),
}


def known_outlet(host: str | None) -> Outlet | None:
    """The known outlet at ``host`` or a parent domain (``edition.cnn.com`` → CNN)."""
    while host:
        if host in KNOWN_OUTLETS:
            return KNOWN_OUTLETS[host]
        _, _, host = host.partition(".")
        if "." not in host:
            return None
    return None


def known_outlet_by_name(name: str) -> tuple[str, Outlet] | None:
    """The known outlet called ``name`` (with or without a leading "The"), with its host."""
    wanted = name_key(name)
    for host, outlet in KNOWN_OUTLETS.items():
        if name_key(outlet.name) == wanted:
            return host, outlet
    return None
