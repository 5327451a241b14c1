"""Well-known news outlets by web host, to name an outlet when a page does not.

Used only as evidence of last resort: a page's own site name (WordPress, JSON-LD,
Open Graph) wins, and an outlet already in ``content/outlets.yml`` wins over this.
Seed 001 is the case behind it: a WordPress post from europesays.com whose links
point at abc.net.au, and neither names itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from papertrail.content.urls import name_key


@dataclass(frozen=True)
class KnownOutlet:
    """An outlet's name, home page and country."""

    name: str
    url: str
    country: str | None


KNOWN_OUTLETS: dict[str, KnownOutlet] = {
    "abc.net.au": KnownOutlet("ABC News (Australia)", "https://www.abc.net.au/news/", "Australia"),
    "abcnews.go.com": KnownOutlet("ABC News", "https://abcnews.go.com/", "United States"),
    "aljazeera.com": KnownOutlet("Al Jazeera", "https://www.aljazeera.com/", "Qatar"),
    "apnews.com": KnownOutlet("Associated Press", "https://apnews.com/", "United States"),
    "bbc.co.uk": KnownOutlet("BBC News", "https://www.bbc.co.uk/news", "United Kingdom"),
    "bbc.com": KnownOutlet("BBC News", "https://www.bbc.com/news", "United Kingdom"),
    "bloomberg.com": KnownOutlet("Bloomberg", "https://www.bloomberg.com/", "United States"),
    "cnn.com": KnownOutlet("CNN", "https://www.cnn.com/", "United States"),
    "dw.com": KnownOutlet("Deutsche Welle", "https://www.dw.com/", "Germany"),
    "france24.com": KnownOutlet("France 24", "https://www.france24.com/", "France"),
    "ft.com": KnownOutlet("Financial Times", "https://www.ft.com/", "United Kingdom"),
    "independent.co.uk": KnownOutlet("The Independent", "https://www.independent.co.uk/", "United Kingdom"),
    "japantimes.co.jp": KnownOutlet("The Japan Times", "https://www.japantimes.co.jp/", "Japan"),
    "koreaherald.com": KnownOutlet("The Korea Herald", "https://www.koreaherald.com/", "South Korea"),
    "koreatimes.co.kr": KnownOutlet("The Korea Times", "https://www.koreatimes.co.kr/", "South Korea"),
    "nknews.org": KnownOutlet("NK News", "https://www.nknews.org/", "South Korea"),
    "npr.org": KnownOutlet("NPR", "https://www.npr.org/", "United States"),
    "nypost.com": KnownOutlet("New York Post", "https://nypost.com/", "United States"),
    "nytimes.com": KnownOutlet("The New York Times", "https://www.nytimes.com/", "United States"),
    "politico.com": KnownOutlet("Politico", "https://www.politico.com/", "United States"),
    "reuters.com": KnownOutlet("Reuters", "https://www.reuters.com/", "United Kingdom"),
    "scmp.com": KnownOutlet("South China Morning Post", "https://www.scmp.com/", "Hong Kong"),
    "theconversation.com": KnownOutlet("The Conversation", "https://theconversation.com/", None),
    "theguardian.com": KnownOutlet("The Guardian", "https://www.theguardian.com/", "United Kingdom"),
    "themoscowtimes.com": KnownOutlet("The Moscow Times", "https://www.themoscowtimes.com/", "Netherlands"),
    "washingtonpost.com": KnownOutlet(
        "The Washington Post", "https://www.washingtonpost.com/", "United States"
    ),
    "wsj.com": KnownOutlet("The Wall Street Journal", "https://www.wsj.com/", "United States"),
    "yna.co.kr": KnownOutlet("Yonhap News Agency", "https://en.yna.co.kr/", "South Korea"),
}


def known_outlet(host: str | None) -> KnownOutlet | None:
    """The known outlet at ``host`` or a parent domain (``edition.cnn.com`` → CNN)."""
    while host:
        if host in KNOWN_OUTLETS:
            return KNOWN_OUTLETS[host]
        _, _, host = host.partition(".")
        if "." not in host:
            return None
    return None


def known_outlet_by_name(name: str) -> tuple[str, KnownOutlet] | None:
    """The known outlet called ``name`` (with or without a leading "The"), with its host."""
    wanted = name_key(name)
    for host, outlet in KNOWN_OUTLETS.items():
        if name_key(outlet.name) == wanted:
            return host, outlet
    return None
