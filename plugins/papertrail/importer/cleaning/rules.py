"""Cleaning rules: named patterns for what is never article text, and why.

Each rule names the real case behind it. Rules that drop whole blocks only apply to
short blocks (:data:`MAX_BOILERPLATE_WORDS`), so a real paragraph that happens to
begin "Share prices fell..." is never lost.
"""

from __future__ import annotations

import re

# A block longer than this is article text even if it starts like boilerplate.
MAX_BOILERPLATE_WORDS = 14

_BOILERPLATE = [
    # Ad slot labels left in the text ("Advertisement", "ADVERTISEMENT", "Story continues below advertisement").
    r"advertisement",
    r"(the )?(story|article) continues (below|after)( this)?( advertisement| ad)?",
    r"sponsored( content)?",
    # Links out: "Read more", "Read more: ...", "See also ...", "Related: ..." between paragraphs.
    r"(read|see) (more|also|next)\b.*",
    r"related( (articles?|stories|content|coverage|topics))?:?.*",
    r"more (on|from) this (story|topic).*",
    # Newsletter, share and follow prompts.
    r"(sign up|subscribe)\b.*(newsletter|updates|alerts|inbox).*",
    r"(get|receive) (our|the) .*newsletter.*",
    r"share (this|on|via)\b.*",
    r"(follow|like) us on\b.*",
    r"(click|tap) here\b.*",
    # Cookie banners.
    r"(we|this (site|website)) uses? cookies\b.*",
    r"accept (all )?cookies",
    # Widget residue: ABC News embeds leave a bare "Loading" (seed 001); others "Loading...".
    r"loading( \.\.\.|…|\.+)?",
    # Page furniture after the article on scraped pages (seed 003).
    r"check out (our|other)\b.*",
    r"most (popular|read|viewed)( (articles|stories))?:?",
    r"(trending|top stories|latest news|recommended)( now)?:?",
    r"comments?( \(\d+\))?:?",
    r"(leave|post) a (comment|reply).*",
    r"(print|email|whatsapp|facebook|twitter|x|linkedin|reddit)( this( article| page)?)?",
    r"(previous|next) (article|story|post)\b.*",
    r"skip to (main )?content",
]
BOILERPLATE = re.compile(r"^\W*(?:" + "|".join(_BOILERPLATE) + r")\W*$", re.IGNORECASE)

# A heading that opens the related-articles list under an article, in the languages
# of the benchmark's pages and the outlets editors cite ("Você pode gostar...", a
# Portuguese page's teasers, tripled its text): nothing after it is the article.
TEASERS_HEADING = re.compile(
    r"^\W*(?:you (?:may|might) (?:also )?(?:like|enjoy)|you may be interested in"
    r"|related (?:articles|stories|posts|content|news)|more (?:stories|articles|news) (?:from|like this)"
    r"|recommended(?: for you| stories| articles)?|você (?:pode|também pode) gostar|vous aimerez (?:aussi|également)"
    r"|(?:también )?te puede interesar|das könnte sie auch interessieren|potrebbe interessarti)\W*$",
    re.IGNORECASE,
)
# Not "Read also" / "Leggi anche" / "Leia também": those sit inside articles, before
# more of the article (an Italian benchmark page lost its last third to them).

# A press release's closing "about the company" paragraph ("Ascom is a global solutions
# provider focused on healthcare ICT…", two benchmark pages): the issuer's boilerplate,
# not the news. Only the article's last blocks are judged by it.
ABOUT_THE_ISSUER = re.compile(
    r"^(?:About [^\n]{1,60}?[:.]?\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4},?\s+(?:is|are)\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:leading|global|world['’]s|international|provider|company|maker|manufacturer|group|firm)\b"
)

# Promotion lines of any length, written in capitals by tabloids between paragraphs:
# "DON'T MISS: Plague warning as … [WARNING]", "READ MORE: …", and runs of teaser
# headlines tagged "[INSIGHT]", "[REVEAL]" (an imported Sun article kept them all).
PROMO_LABEL = re.compile(
    r"^\W*(?:DON['’]T MISS|READ MORE|MORE|RELATED|LATEST|WATCH|LISTEN|SEE ALSO)\b\s*[:–—-]"
)
PROMO_TAG = re.compile(r"\[[A-Z][A-Z' ]{2,24}\]")

# "© The Conversation", "Copyright 2025 Reuters. All rights reserved.", "(c) 2024 AP":
# never article text; the holder goes to the source's rights instead (seed 002).
# A year or range after the holder ("© The Conversation 2025"): never part of a name.
TRAILING_YEARS = re.compile(r"[\s,]*(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?$")
# WordPress shortcodes left in a post's rendered text ("[caption id=…]photo text[/caption]",
# "[embed]…[/embed]"): the brackets go, the text between them stays.
SHORTCODE = re.compile(
    r"\[/?(?:caption|wp_caption|embed|video|audio|gallery|playlist|contact-form(?:-7)?|vc_\w+|et_pb_\w+)"
    r"\b[^\]]*\]"
)
COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*,?\s*)?"
    r"(?P<holder>[^.|]*?)\s*[.,]?\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)

# Open licences named in a page or its text, to the rights ids sources use.
LICENCES = [
    (
        re.compile(r"\bCC[- ]?BY[- ]?NC[- ]?ND\b|Attribution[- ]NonCommercial[- ]NoDerivatives", re.I),
        "CC-BY-NC-ND-4.0",
    ),
    (
        re.compile(r"\bCC[- ]?BY[- ]?NC[- ]?SA\b|Attribution[- ]NonCommercial[- ]ShareAlike", re.I),
        "CC-BY-NC-SA-4.0",
    ),
    (re.compile(r"\bCC[- ]?BY[- ]?NC\b|Attribution[- ]NonCommercial", re.I), "CC-BY-NC-4.0"),
    (re.compile(r"\bCC[- ]?BY[- ]?ND\b|Attribution[- ]NoDerivatives|/licenses/by-nd/", re.I), "CC-BY-ND-4.0"),
    (re.compile(r"\bCC[- ]?BY[- ]?SA\b|Attribution[- ]ShareAlike|/licenses/by-sa/", re.I), "CC-BY-SA-4.0"),
    (re.compile(r"\bCC0\b|publicdomain/zero", re.I), "CC0-1.0"),
    (
        re.compile(
            r"\bCC[- ]?BY\b(?![- ]?(NC|ND|SA))|Creative Commons Attribution (4\.0 )?International|/licenses/by/",
            re.I,
        ),
        "CC-BY-4.0",
    ),
]

# A text that ends in a run of dots or an ellipsis was cut off (seed 002 ends "alongside........").
TRUNCATION = re.compile(r"\s*(?:\.{3,}|…+|\[\.\.\.\])\s*$")

# "LoadingMeetings in Beijing about ‘optics’": an ABC News widget's "Loading" label glued
# to the subheading after it once the markup is gone (seed 001).
GLUED_LOADING = re.compile(r"^Loading(?=[A-Z])")

# "By Jane Doe", "by Jane Doe and John Roe", "BY JANE DOE, Reuters": a byline line, in
# any of the cases pastes come in ("By Pieter de Wit" was missed when only "by" was).
BYLINE = re.compile(
    r"^\s*(?:[Ww]ritten\s+)?(?:by|By|BY)\s+(?P<names>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|da|di|la|le))*"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*)\s*(?:(?:[|,–—-]|for\s+(?=[A-Z]))\s*.*)?$"
)

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A line that is only a date, perhaps with a weekday, "Published"/"Updated" and a time.
DATE_LINE = re.compile(
    r"^\s*(?:(?:published|posted|updated|first published)\s*(?:on|:)?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>" + _MONTHS + r")\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>" + _MONTHS + r")\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
    # ", 4:12pm", " at 16.12 GMT", " — 4:12 PM GMT" ("October 28, 2025 — 4:12 PM GMT" was missed)
    r"(?:,?\s*(?:[—–|-]\s*)?(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)

# "This article was originally published on/by The Conversation", "First published in X",
# "Republished with permission from X": the original outlet of a syndicated copy.
SYNDICATION = re.compile(
    r"(?:originally|first)\s+(?:published|appeared)\s+(?:on|in|by|at)\s+(?:the\s+website\s+of\s+)?"
    r"(?P<a>[A-Z][\w.&' -]{1,60}?)(?:[.,;]|\s+(?:and|under|on)\b|$)"
    r"|republished\s+(?:with\s+permission\s+)?(?:from|by)\s+(?P<b>[A-Z][\w.&' -]{1,60}?)(?:[.,;]|\s+(?:under|with)\b|$)",
    re.IGNORECASE,
)

# Site furniture that reads like prose: cookie notices, copyright and contact blurbs
# ("The Jerusalem Post Customer Service Center can be contacted…" outscored a short
# article in the extraction benchmark's text version).
# Every footer line above holds one of these; the cheap test goes first, since the
# cookie rules' ".*" made FOOTER_PROSE the costliest test of a long paste's prose.
FOOTER_HINT = re.compile(r"©|copyright|rights reserved|customer service|terms of|cookie", re.IGNORECASE)
FOOTER_PROSE = re.compile(
    r"^\W*(?:©|copyright\b)|all rights reserved|customer service|terms of (?:use|service)|"
    r"\bcookies?\b.*\b(?:privacy|consent|accept|experience|browsing)\b|"
    r"\b(?:privacy|consent|accept|experience|browsing)\b.*\bcookies?\b",
    re.IGNORECASE,
)

# A time of day or relative time: never part of a headline ("2 days ago at 07:54 am").
TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b(?:minutes?|hours?|days?) ago\b", re.IGNORECASE)

# Sentence-ending punctuation, closing quotes allowed after it.
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")

# A line that starts like a byline, whatever follows ("By Mike Wall 2019-11-18T20:51Z
# Science & Astronomy", which BYLINE, wanting names only, does not take).
BYLINE_START = re.compile(r"^\s*by\s+[a-z]", re.IGNORECASE)

# Lines above an article that are never its headline: photo credits and captions,
# share buttons, reading times, breadcrumbs, e-mail addresses ("Alex Wong | Getty
# Images", "5 Min Read", "Filed to:", "you are here: HomeNews…", a caption ending in a
# full stop). Found by comparing the headline read from copied text with the page's
# own on the extraction benchmark.
NOT_HEADLINE = re.compile(
    r"@|https?://|\||[.:,]$|\b(?:getty|images?|photos?|credit|copyright|share|sharing|posted|filed|"
    r"min(?:ute)?s? read|click|subscribe|sign up|newsletter|advertisement|read more|you are (?:here|at)|"
    r"browse|emails?)\b"
    # A date in the line ("21/06/2014 Tony Carter", "By admin - 2018-09-16") or a
    # second sentence ("The authorities’ repression has only fuelled the crisis. It is…"):
    # a credit line or a standfirst.
    r"|\d{4}-\d\d-\d\d|\b\d{1,2}/\d{1,2}/\d{2,4}\b|[a-z][.!?] [A-Z]|^\s*by\s",
    re.IGNORECASE,
)
