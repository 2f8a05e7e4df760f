"""Text -> place mentions: sentences, the 68 names in every spelling, city vs province; pure."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from geo.gazetteer import Gazetteer, NameEntry, spelling_pattern
from geo.text import NOT_A_NAME, fold
from geo.types import Mention, Place, PlaceKind

# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "brig", "adm", "gov", "sen", "rep", "st", "jr", "sr", "prof", "rev", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e", "approx", "dept", "est", "inc", "co", "corp", "ltd"]
)
_LAST_CAPITALISED = re.compile(r"([A-Z][A-Za-z'\-]+)\s$")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")
# Stops (with the quote marks and brackets closing after them) before white space; a blank line;
# a new line before a capital, a quote or a list item. The pattern starts with one character
# class, so the engine skips to the next stop or new line instead of trying every offset.
_SENT_END = re.compile(
    r"""[.!?\n](?:(?<=[.!?])[.!?]*["'\u201d\u2019)\]]*(?=\s)"""
    r"""|(?<=\n)(?:\s*\n|(?=\s*[A-Z"\u201c])|(?=[ \t]*[\u2022*\u2013\u2014-][ \t])))"""
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering the text, trimmed of surrounding white space.

    A full stop after a known abbreviation (``Aug.``, ``Gen.``, ``U.S.``) or an initial does not
    end a sentence; a blank line or a new line starting a capitalised paragraph always does.

    Examples
    --------
    >>> t = "On Aug. 6, Gen. Ahmadi said Zaranj fell. Taliban fighters entered Kunduz."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['On Aug. 6, Gen. Ahmadi said Zaranj fell.', 'Taliban fighters entered Kunduz.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith("."):
            word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start())
            if word:
                w = word.group(1).lower().strip(".")
                if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
        _push(text, start, m.end(), spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))


_ITEM_START = re.compile(
    r"^[ \t]*(?:[-\u2013\u2014\u2022*][ \t]+|(?=(?:On\s+)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|"
    r"Nov|Dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)"
    r"(?:,?\s+\d{4})?\s*[-\u2013\u2014:,]))",
    re.M,
)
_ITEM_END = re.compile(
    r"\n[ \t]*\n|\n(?=[ \t]*[-\u2013\u2014\u2022*][ \t]+)|\n(?=[A-Z][A-Z ,.'-]{6,}:?\s*$)|"
    r"\n(?=(?:On\s+)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}|"
    r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)(?:,?\s+\d{4})?\s*[-\u2013\u2014:,])",
    re.M,
)


def list_items(text: str) -> list[tuple[int, int]]:
    """The spans of a text's list items ("- Aug. 7 - SHEBERGHAN. The insurgents take ..."): from
    a line opening with a dash or bullet to the next item, blank line or capitalised heading.

    Examples
    --------
    >>> t = "Falls:\\n- Aug. 6 - ZARANJ. Taken.\\n- Aug. 7 - SHEBERGHAN. Taken too.\\n\\nMore text."
    >>> [t[a:b] for a, b in list_items(t)]
    ['- Aug. 6 - ZARANJ. Taken.', '- Aug. 7 - SHEBERGHAN. Taken too.']
    """
    spans = []
    for m in _ITEM_START.finditer(text):
        end = _ITEM_END.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


# --------------------------------------------------------------------------- name matching

_WORD = r"[A-Za-z0-9]"
# A capitalised word before a place name that still leaves it a place (not a person's surname).
_PLACE_PRECEDERS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "in", "of", "on", "at", "to", "from", "for", "into", "near", "and", "or", "but", "as", "by", "with", "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "northeastern", "northwestern", "southeastern", "southwestern", "afghanistan's", "afghan", "greater", "province", "provinces", "city", "capital", "taliban-held", "taliban-controlled", "government-held", "insurgent-held", "besieged", "embattled", "neighbouring", "neighboring", "nearby", "strategic", "key", "restive", "troubled", "remote", "rural", "urban", "downtown", "today", "yesterday", "tonight", "now", "meanwhile", "also", "then", "later", "earlier", "since", "after", "before", "when", "while", "if", "although", "though", "once", "until", "unlike", "like", "besides", "inside", "outside", "across", "around", "beyond", "elsewhere", "here", "there", "even", "only", "both", "neither", "either", "all", "overnight", "last", "this"]
)
_PLACE_FOLLOWERS = frozenset(["province", "provinces", "city", "province's", "city's"])
_INSTITUTION = re.compile(
    r"""\s*(?:provincial\s+)?(?:council|police|governor|governor's|government|administration|
    university|hospital|cricket|airport|airfield|chief|commander|command|corps|prison|jail|
    interior|defen[cs]e|foreign|ministry|ministries|front|bank|knights|kings|stars|zalmi|
    eagles|strikers|falcons|panthers|regional|team|squad|border|frontier|boundary|
    residents?|resident's|native|elders?|officials?|lawmakers?|MPs?|deputies|spokes(?:man|woman|person)|
    director|department|office)\b""",
    re.I | re.X,
)
# Sports: a place named as a team ("Kandahar beat Nangarhar by six wickets", "Teams taking part:
# Kabul, Kunduz ...") names no place at all.
_SPORT = re.compile(
    r"\b(?:wickets?|runs|innings|overs|goals?|match(?:es)?|fixtures?|final|semi-?finals?|"
    r"quarter-?finals?|tournament|league|cup|t20|odi|cricket|football|futsal|buzkashi|volleyball|"
    r"basketball|trophy|championship|knockout|group\s+stage|points\s+table|innings)\b",
    re.I,
)
_TEAMS_BEFORE = re.compile(
    r"\b(?:teams?|sides|squads|clubs|franchises|elevens|XIs)\b[^.;:\n]{0,60}"
    r"(?::|\bare\b|\bwere\b|\binclude\b|\bincluding\b|\bsuch\s+as\b|\bnamely\b)[\s,]*$",
    re.I,
)
_BEATS_AFTER = re.compile(
    r"\s+(?:beat|beats|defeated|defeats|thrashed|edged|edges|trounced|outplayed|crushed|overcame|"
    r"drew\s+with|lost\s+to|loses\s+to|won\s+by|won\s+against|vs?\.?|versus)\s", re.I
)
_BEATS_BEFORE = re.compile(
    r"\b(?:beat|beats|defeated|defeats|thrashed|edged|edges|trounced|outplayed|crushed|overcame|"
    r"against|lost\s+to|drew\s+with|vs?\.?|versus)\s+$", re.I
)
_PROVINCE_AFTER = re.compile(r"(?:\s*,)?\s+(?:province|provinces)\b|'s?\s+province\b", re.I)
_PROVINCIAL_CAPITAL_AFTER = re.compile(
    r"(?:\s+provincial|['\u2019]s(?:\s+provincial)?|\s(?=capital\b(?!\s+(?:city|of)\b)))"
    r"\s*capital\b(?!\s+of\b)", re.I
)
_CITY_AFTER = re.compile(r"\s+city\b", re.I)
_LOCATE_CHARS = 80
_PROVINCE_BEFORE = re.compile(
    r"\bprovinces?\s+of\s+(?:the\s+)?$|\bdistricts?\s+of\s+(?:the\s+)?$|\bprovinces\b[^.;:\n]{0,60}?"
    r"(?:\s[-\u2013\u2014]|:|\bincluding|\bsuch\s+as|\bnamely)\s*$|"
    # "every province in the north except Kunduz": the one province left out
    r"\b(?:every|each|all|any)\s+(?:\w+\s+){0,2}?provinces?\b[^.;:\n]{0,40}?"
    r"\b(?:except|but|save|apart\s+from|other\s+than)\s+(?:for\s+)?$",
    re.I,
)
# "Kunduz, where it holds three of seven districts": a place with districts is the province
_DISTRICTS_AFTER = re.compile(r"\s*,\s*where\b[^.;,]{0,50}?\bdistricts\b", re.I)
# "Kandahar's Dand district", "Kunduz's Imam Sahib and Dasht-e Archi districts": a district belongs
# to a province, not to a city (but "Kabul's Wazir Akbar Khan district" and a city's "police
# district" are the city's own)
_POSSESSIVE_DISTRICT = re.compile(
    r"['\u2019]s\s+(?:(?-i:[A-Z])[\w'-]+(?:\s*,\s*|\s+and\s+|\s+)){1,6}(?-i:[Dd]istricts?)\b"
    r"(?!\s+\d)"
)
# "Kandahar and Helmand, the Pashto-speaking southern provinces": the apposition says what they are
_PROVINCES_APPOSITION = re.compile(
    r"\s*,\s*(?:the|both|two|three|its|neighbou?ring|another|a|an)\s+"
    r"(?:(?!(?:capital|city|cities|town|seat|centre|center|of|to|in|among|for|from|across|between|"
    r"into|with|on|gateway|road|route|highway)\b)[\w'-]+\s+){0,4}provinces?\b(?!['\u2019])",
    re.I,
)
_CAPITAL_BEFORE = re.compile(
    r"\b(?:provincial\s+)?capital(?:\s+city)?\s*,?\s+of\s+(?:the\s+)?"
    r"(?:(?:(?:north|south|east|west|central)\w*|neighbou?ring|nearby|adjacent|adjoining|restive|"
    r"volatile|embattled|remote|mountainous|strategic|key)\s+){0,2}(?:province\s+of\s+)?$", re.I
)
_CAPITALS_OF_LIST = re.compile(  # "the provincial capitals of Kandahar, Helmand, " before a name
    r"\b(?i:capitals|capital\s+cities)\s+of\s+(?:the\s+)?(?:(?i:provinces)\s+)?"
    r"(?:[A-Z][\w'-]+(?:[\s-][A-Z][\w'-]+)?(?:\s+(?i:provinces?))?\s*(?:,\s*(?:(?i:and|or)\s+)?|\s+(?i:and|or)\s+)){0,8}$"
)
_LOCATED_IN = re.compile(r"\s*,?\s+in\s+(?:the\s+)?(?:[\w-]+\s+)?(?:[A-Z][\w'-]+\s+)?(?i:province)\b")
_LIST_SEP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)$", re.I)
_DATELINE_TAIL = re.compile(
    r"^[\s,]*(?:[(\[]?Afghanistan[)\]]?)?[\s,]*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?\s*)?"
    r"(?:\([^()\n]{1,80}\)\s*(?:[-\u2013\u2014]+|:)?"
    r"|[-\u2013\u2014]+|:)"
)
_ANAPHOR = re.compile(
    r"(?:[Tt]he|[Tt]hat|[Tt]his)\s+(?:embattled\s+|besieged\s+|strategic\s+|key\s+|northern\s+|southern\s+|"
    r"eastern\s+|western\s+)?(?:provincial\s+capital|regional\s+capital|city|town)\b(?!\s+of\b)"
)
_SAME_NAME = re.compile(
    r"\b(?:a|the)\s+(?:\w+\s+){0,2}?province\s+of\s+(?:the\s+same|that|this)\s+name\b|"
    r"\bthe\s+(?:eponymous|homonymous|namesake)\s+province\b|"
    r"\b(?:a|the)\s+(?:\w+\s+){0,2}?province\s+(?:that|which)\s+(?:bears|shares|carries|has|takes)\s+"
    r"(?:the\s+same|its|that|this)\s+name\b",
    re.I,
)
_ROUTE_AFTER = re.compile(
    r"[-\u2013](?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?\s+(?:provincial\s+)?(?:highway|road|route|"
    r"motorway|border|boundary|corridor|line|axis)s?\b", re.I
)
_ROUTE_WORD_AFTER = re.compile(
    r"\s+(?:provincial\s+)?(?:highway|road|route|motorway|border|boundary|corridor|line|axis)s?\b", re.I
)
_NATIONAL_CAPITAL = re.compile(r"\b(?:afghan|national|country's|afghanistan's)\s+capital\s+of\s+$", re.I)
_AFGHAN_CAPITAL = re.compile(r"\bthe\s+Afghan\s+capital\b")
_SEAT_OF_GOVERNMENT = re.compile(r"(?:Kabul|KABUL)$")
# where a subject starts: the sentence's start, a comma or dash, a conjunction ("as Kabul rushes")
_SUBJECT_SLOT = re.compile(
    r"(?:^|[,;:\u2014\u2013\"\u201c-]|\b(?:as|and|but|while|that|when|though|since|so))\s*$", re.I
)
_GOVERNMENT_ACTS = re.compile(
    r"\s+(?:(?:has|had|have)\s+)?(?:also\s+)?(?:insist|denie|deny|claim|reject|respond|announc|"
    r"accus|blam|vow|warn|urg|rush|sen[dt]|dispatch|deploy|want|hope|refus|welcom|condemn|"
    r"protest|demand|agree|negotiat|accept)\w*\b|\s+(?:said|says|told)\b",
)
_AGENCIES = {
    "ap": "AP", "associated press": "AP", "afp": "AFP", "agence france-presse": "AFP",
    "reuters": "Reuters", "dpa": "dpa", "xinhua": "Xinhua", "ians": "IANS", "ani": "ANI",
    "pajhwok": "Pajhwok", "tolonews": "TOLOnews", "efe": "EFE", "anadolu": "Anadolu",
    "bbc": "BBC", "rfe/rl": "RFE/RL", "kyodo": "Kyodo", "upi": "UPI", "voa": "VOA",
}  # fmt: skip
_AGENCY_RX = re.compile(
    r"\((?P<paren>AP|AFP|Reuters|dpa|Xinhua|IANS|ANI|Pajhwok|TOLOnews|EFE|Anadolu|UPI|Kyodo)\)"
    r"|^\s*(?P<lead>Reuters|AFP|AP)\s*[-\u2013\u2014:]"
    r"|[-\u2013\u2014]\s*(?P<dash>Reuters|AFP)\b",
    re.M,
)


def dateline_agency(text: str) -> str:
    """The news agency a text's dateline names ("KABUL (AP) —", "KABUL, Aug 10 (Reuters) -"),
    looked for in its first 600 characters; "" when there is none.

    Examples
    --------
    >>> dateline_agency("Taliban take Farah\\nKABUL, Afghanistan (AP) — Taliban fighters ...")
    'AP'
    >>> dateline_agency("KABUL, Aug 10 (Reuters) - ..."), dateline_agency("Kunduz fell.")
    ('Reuters', '')
    """
    m = _AGENCY_RX.search(text, 0, 600)
    if m is None:
        return ""
    word = m.group("paren") or m.group("lead") or m.group("dash")
    return _AGENCIES.get(word.lower(), word)


# Cheap literal checks before the regex scans above (str.find is far faster than a scan).
_ANAPHOR_WORDS = ("city", "town", "capital")
# "the whole province fell to our hands": the province of the place the sentence names
_WHOLE_PROVINCE = re.compile(r"\b[Tt]he\s+(?:whole|entire)\s+province\b(?!\s+of\b)")
_NAME_BEFORE = re.compile(  # "Khanabad, the town that ...": a name in apposition to "the town"
    r"(?<![\w'-])" + NOT_A_NAME + r"(?-i:[A-Z])[\w'-]+(?:[\s-]+(?-i:[A-Z])[\w'-]+){0,2},\s+$"
)
# "the provincial capital near Kabul", "the city north of Kabul": the place after it locates it
_LOCATED_AFTER = re.compile(
    r"\s+(?:just\s+)?(?:near|outside|close\s+to|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?-i:[A-Z])",
    re.I,
)
# ... and "the town" goes on to say which town: "the town that guards", "the town of", "the town
# 12 miles east"
_APPOSITION_AFTER = re.compile(r"\s+(?:that|which|where|of|near|on|in|about|some|\d)\b|,")
_SAME_NAME_WORDS = ("same name", "its name", "that name", "this name", "eponymous", "homonymous", "namesake")


def _same_name_hits(text: str) -> Iterator[re.Match[str]]:
    """``_SAME_NAME.finditer(text)``, tried only before the words it must hold ("same name",
    "namesake"): the full pattern, tried at every "a" and "the" of a text, costs more than the
    rest of the place search."""
    spots = sorted(
        i for word in _SAME_NAME_WORDS for i in _occurrences(text, word)
    )
    last_end = 0
    for spot in spots:
        hit = _SAME_NAME.search(text, max(last_end, spot - 90), spot + 40)
        if hit is not None and hit.start() <= spot < hit.end():
            last_end = hit.end()
            yield hit


def _occurrences(text: str, word: str) -> Iterator[int]:
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A raw spelling match before context rules: ``text[start:end]`` is one of the names."""

    start: int
    end: int
    entry: NameEntry


class PlaceMatcher:
    """Finds the 68 places in text, in every spelling, on word boundaries.

    Build once (it compiles its regular expressions) and reuse: ``PlaceMatcher(load_gazetteer())``.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        entries = gazetteer.entries()
        spellings_by_entry: dict[str, list[str]] = {e.key: [] for e in entries}
        for spelling in gazetteer.spellings:
            entry = gazetteer.lookup(spelling)
            if entry is not None:
                spellings_by_entry[entry.key].append(spelling)
        # One small regex per three-letter prefix, tried only where a capitalised word starts
        # with that prefix: far cheaper than one big alternation tried at every word.
        self._entries: dict[str, NameEntry] = {}
        by_prefix: dict[str, list[tuple[int, str]]] = {}
        for i, entry in enumerate(entries):
            group = f"g{i}"
            self._entries[group] = entry
            grouped: dict[str, list[str]] = {}
            for s in spellings_by_entry[entry.key]:
                prefix = fold(s)[:3].lower()
                if not re.fullmatch(r"[a-z]{3}", prefix):
                    raise ValueError(f"spelling {s!r} must start with a word of three letters or more")
                grouped.setdefault(prefix, []).append(s)
            for prefix, spellings in grouped.items():
                pats = sorted({spelling_pattern(s) for s in spellings}, key=len, reverse=True)
                longest = max(len(s) for s in spellings)
                by_prefix.setdefault(prefix, []).append(
                    (longest, f"(?P<{group}>{'|'.join(pats)})")
                )
        # Sources now, compiled on first use: most articles need a handful of the ~80 prefixes.
        self._sources: dict[str, str] = {}
        for prefix, alternatives in by_prefix.items():
            alternatives.sort(key=lambda a: -a[0])
            body = "|".join(a for _, a in alternatives)
            self._sources[prefix] = rf"(?:{body})(?!{_WORD})"
        self._by_prefix: dict[str, re.Pattern[str]] = {}
        self._candidates = re.compile(
            "|".join(
                sorted({v for p in by_prefix for v in (p.capitalize(), p.upper())}, reverse=True)
            )
        )

    def find(self, text: str) -> list[NameMatch]:
        """Raw name matches in ``text`` (capitalised only), in order.

        Examples
        --------
        >>> from geo.gazetteer import load_gazetteer
        >>> m = PlaceMatcher(load_gazetteer())
        >>> [text for text in ("Farahi", "Farah", "Pol-e Khomri", "farah")
        ...  if m.find(f"He went to {text} on Monday.")]
        ['Farah', 'Pol-e Khomri']
        """
        folded = fold(text)
        out: list[NameMatch] = []
        by_prefix = self._by_prefix
        pos = 0
        for w in self._candidates.finditer(folded):
            start = w.start()
            if start < pos or (start and folded[start - 1].isalnum()) or not text[start].isupper():
                continue
            prefix = w.group().lower()
            rx = by_prefix.get(prefix)
            if rx is None:
                rx = by_prefix[prefix] = re.compile(self._sources[prefix], re.I)
            m = rx.match(folded, start)
            if m is None:
                continue
            group = m.lastgroup
            assert group is not None
            out.append(NameMatch(start, m.end(), self._entries[group]))
            pos = m.end()
        return out


def find_mentions(
    text: str,
    matcher: PlaceMatcher,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[Mention]:
    """Every place mention in ``text``, in order, with city/province decided from context.

    Mentions with ``via="modifier"`` name a place inside another name ("the Kunduz provincial
    council", "Kabul University") and carry no claim, but can be what "the city" points back to.
    ``via="anaphor"`` mentions ("the city") point back to the latest capital named;
    ``via="same-name"`` is "a province of the same name". Datelines and surnames are dropped.

    Examples
    --------
    >>> from geo.gazetteer import load_gazetteer
    >>> m = PlaceMatcher(load_gazetteer())
    >>> t = "KABUL, Afghanistan (AP) — Taliban fighters captured Kunduz in Kunduz province."
    >>> [(x.surface, x.place.kind.value) for x in find_mentions(t, m)]
    [('Kunduz', 'capital'), ('Kunduz province', 'province')]
    """
    if sentences is None:
        sentences = split_sentences(text)
    raw = matcher.find(text)
    mentions: list[Mention] = []
    if raw:
        mentions.extend(_name_mentions(text, raw, matcher.gazetteer, sentences))
    for m in _AFGHAN_CAPITAL.finditer(text) if "Afghan capital" in text else ():
        kabul = matcher.gazetteer.capitals["Kabul"]
        if any(x.place is kabul and (0 <= m.start() - x.end <= 3 or 0 <= x.start - m.end() <= 4)
               for x in mentions):
            continue  # "Kabul, the Afghan capital": the name already said it
        s = _sentence_of(sentences, m.start())
        mentions.append(Mention(kabul, m.group(), m.start(), m.end(), s[0], s[1], "alias"))
    mentions.sort(key=lambda x: x.start)
    extra = _anaphors(
        text, mentions, sentences, matcher.gazetteer.capitals, matcher.gazetteer.provinces
    )
    if extra:
        mentions = sorted(mentions + extra, key=lambda x: x.start)
    return mentions


def _sentence_of(sentences: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        a, b = sentences[mid]
        if pos < a:
            hi = mid - 1
        elif pos >= b:
            lo = mid + 1
        else:
            return a, b
    return (pos, pos)


_BYLINE_CELL = re.compile(r"[ \t]*\|")
_BYLINE_BEFORE = re.compile(r"(?:\d{1,2}:\d\d|\b(?:19|20)\d\d)\b[^|\n]*\|[ \t]*$")
_TABLE_CELL_WORDS = re.compile(
    r"(?i:fell|fall|captur|taken|took|seiz|control|held|hold|overr|surrender|retak|attack|fight|"
    r"clash|siege|besieg|contested|stormed|entered|lost)"
)


def _is_dateline(text: str, start: int, end: int) -> bool:
    floor = max(0, start - 80)
    line_start = text.rfind("\n", floor, start) + 1
    if start < 600 and _BYLINE_CELL.match(text, end) and _BYLINE_BEFORE.search(
        text, line_start, start
    ):
        line_end = text.find("\n", end)
        if not _TABLE_CELL_WORDS.search(text, end, len(text) if line_end < 0 else line_end):
            return True  # "22 August, 2021 05:33 AM IST | Kabul | Agencies": the byline's place,
            # after its date (a bar of names with no date is a page's navigation, and "Aug. 13,
            # 2021 | Kandahar | Captured by the Taliban" a table's row: places named)
    if (line_start == 0 and floor > 0) or text[line_start:start].strip():
        return False  # a dateline opens its line
    surface = text[start:end]
    tail = text[end : end + 60]
    if start < 600 and surface.isupper() and re.match(r":\s", tail) and not re.search(
        r"\n[ \t]*[-\u2022*]?[ \t]*[A-Z][A-Z' -]{2,}:\s", text[end : end + 3000]
    ):
        return True  # "Photo: AFP.\n\nKABUL: The Taliban seized ...": one capitalised place and
        # a colon is the dateline (a list of them is a factbox)
    if start < 600 and re.match(r":\s+[A-Z\u201c\"]", tail):
        # "Kabul: Fierce fighting ...": the place and colon opening the first paragraph, after
        # only a headline or a byline (lines that end with no full stop)
        before = [ln.strip() for ln in text[:line_start].splitlines() if ln.strip()]
        return len(before) <= 3 and not any(ln.endswith((".", "\u201d", '"')) for ln in before)
    if start < 600 and surface.isupper() and re.match(r"[ \t]*(?:\n|$)", tail):
        return True  # "SAYED SALAHUDDIN\nKABUL\n": the byline's place, a line of its own
    m = _DATELINE_TAIL.match(tail)
    if m is None or not (surface.isupper() or "(" in tail[:40] or tail.lstrip().startswith(",")):
        return False
    if m.group().rstrip().endswith(":") and not surface.isupper() and "(" not in m.group():
        # "Zaranj, August 6: The Taliban take ...": after paragraphs of text, a place and a date
        # before a colon head an item of a list (a timeline), they are no dateline
        return not any(ln.rstrip().endswith((".", "\u201d", '"', ":"))
                       for ln in text[:line_start].splitlines()[1:])
    return True


def _is_surname(text: str, start: int, sent_start: int, end: int) -> bool:
    """``Abdul Rahim Wardak``: a capitalised non-place word right before the name."""
    window = max(sent_start, start - 60)
    before = text[window:start]
    m = _LAST_CAPITALISED.search(before)
    if not m or (window == sent_start and before[: m.start()].strip() == ""):
        return False  # nothing before it, or it opens the sentence
    word = m.group(1).lower()
    if word in _PLACE_PRECEDERS or word.endswith("-held") or word.endswith("-controlled"):
        return False
    # A title or first name before a place name followed by "province" is not a person.
    return not _PROVINCE_AFTER.match(text, end)


def _is_team(text: str, start: int, end: int, sent: tuple[int, int]) -> bool:
    """A place named as a side in a game: "Kandahar beat Nangarhar by six wickets"."""
    return bool(
        (_BEATS_AFTER.match(text, end) or _BEATS_BEFORE.search(text[max(sent[0], start - 20) : start]))
        and _SPORT.search(text, sent[0], sent[1])
    )


def _name_mentions(
    text: str,
    raw: list[NameMatch],
    gazetteer: Gazetteer,
    sentences: Sequence[tuple[int, int]],
) -> list[Mention]:
    out: list[Mention] = []
    n = len(raw)
    # Group names listed together: "Kunduz, Takhar and Baghlan provinces".
    group_of = list(range(n))
    for i in range(1, n):
        if _LIST_SEP.match(text[raw[i - 1].end : raw[i].start]):
            group_of[i] = group_of[i - 1]
    group_province: dict[int, bool] = {}
    for i in range(n):
        g = group_of[i]
        first = raw[g]
        last_end = raw[i].end
        if (
            _PROVINCE_AFTER.match(text, last_end)
            or _DISTRICTS_AFTER.match(text, last_end)
            or (_POSSESSIVE_DISTRICT.match(text, last_end)
                and getattr(raw[i].entry.capital, "name", "") != "Kabul")
            or _PROVINCES_APPOSITION.match(text, last_end)
            or _PROVINCE_BEFORE.search(text[max(0, first.start - 80) : first.start])
        ):
            group_province[g] = True
    teams: set[int] = set()  # groups listed as teams
    for i, nm in enumerate(raw):
        start, end = nm.start, nm.end
        sent = _sentence_of(sentences, start)
        entry = nm.entry
        if _is_dateline(text, start, end):
            continue
        if group_of[i] == i and _TEAMS_BEFORE.search(text[max(sent[0], start - 90) : start]):
            teams.add(i)
        if group_of[i] in teams or _is_team(text, start, end, sent):
            continue  # a team, not a place
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        hyphenated = before in "-\u2013" or (
            after in "-\u2013" and end + 1 < len(text) and text[end + 1].isalpha()
        )  # "Kabul-Kandahar highway", "the Kandahar\u2013Helmand highway"
        route = _ROUTE_AFTER.match(text, end) or (
            before in "-\u2013" and _ROUTE_WORD_AFTER.match(text, end)
        )
        if hyphenated and not route and not text[end + 1 : end + 6].lower().startswith(
            ("held", "contr")
        ):
            continue  # "Herat-based", "Kandahar-born": part of a word
        # (each end of "the Kabul-Kandahar highway" stays: a place named, that only locates)
        if _is_surname(text, start, sent[0], end):
            continue
        if (_SEAT_OF_GOVERNMENT.match(text[start:end]) and _GOVERNMENT_ACTS.match(text, end)
                and (not text[sent[0] : start].strip()
                     or _SUBJECT_SLOT.search(text, max(sent[0], start - 12), start))):
            continue  # "Kabul insists the fight goes on", "as Kabul rushes in troops": the
            # government, no place (eval/README: "Kabul" standing for the government)
        via = "name"
        place: Place | None
        span_end = end
        pc = _PROVINCIAL_CAPITAL_AFTER.match(text, end)
        if pc and (entry.province or entry.capital):
            province = entry.province or gazetteer.provinces[entry.capital.province]  # type: ignore[union-attr]
            cap = gazetteer.capitals[province.province]
            beside = any(
                r.entry.capital is cap and r is not nm and abs(r.start - start) <= _LOCATE_CHARS
                for r in raw[max(0, i - 3) : i + 4]
            )
            if beside:  # "Lashkar Gah, the Helmand provincial capital": Helmand locates it
                out.append(Mention(province, text[start:end], start, end, sent[0], sent[1], via))
            else:  # "the Helmand provincial capital", "Nimruz's capital": the capital itself
                span_end = pc.end()
                out.append(Mention(cap, text[start:span_end], start, span_end, sent[0], sent[1], via))
            continue
        follower = re.match(r"[ \t]+([A-Z][a-z]+)", text[end : end + 30])  # same line only
        inst = _INSTITUTION.match(text, end) or (
            text[end : end + 2] in ("'s", "\u2019s") and _INSTITUTION.match(text, end + 2)
        )
        if (
            inst
            or (follower and follower.group(1).lower() not in _PLACE_FOLLOWERS)
        ):
            via = "modifier"
        pa = _PROVINCE_AFTER.match(text, end)
        wants_province = group_province.get(group_of[i], False)
        if entry.province is not None and (entry.capital is None or wants_province):
            place = entry.province
            if pa and group_of[i] == i and (i + 1 >= n or group_of[i + 1] != i):
                span_end = pa.end()
        elif entry.capital is not None:
            place = entry.capital
            cm = _CITY_AFTER.match(text, end)
            if cm:
                span_end = cm.end()
        else:
            continue
        # "the capital of Helmand" with no capital named nearby: the capital is meant. A shared
        # name ("the provincial capital of Khost") is then the province's.
        before_capital = (
            _CAPITAL_BEFORE.search(text[max(0, start - 60) : start]) if via == "name" else None
        )
        if (
            before_capital and entry.capital is not None and entry.province is not None
            and not _NATIONAL_CAPITAL.search(text, max(0, start - 60), start)
        ):
            place = entry.province
        elif via == "name" and entry.province is not None and not _LOCATED_IN.match(text, end) and (
            plural := _CAPITALS_OF_LIST.search(text, max(sent[0], start - 160), start)
        ):  # (not "the provincial capitals of Herat, in western Herat province, and ...")
            # "the provincial capitals of Kandahar, Helmand and Zabul": each province named to
            # locate its capital, and the capital meant, at the word "capitals"
            place = entry.province
            cap = gazetteer.capitals[place.province]
            if not any(r is not nm and r.entry.capital is cap and sent[0] <= r.start < sent[1]
                       for r in raw[max(0, i - 8) : i + 8]):
                a, b = plural.start(), plural.start() + len(plural.group().split()[0])
                out.append(Mention(cap, text[a:b], a, b, sent[0], sent[1], "alias"))
        if (
            place.kind is PlaceKind.PROVINCE
            and before_capital
            and (entry.capital is None or entry.province is place)
        ):
            cap = gazetteer.capitals[place.province]
            named = any(
                r is not nm and r.entry.capital is cap and abs(r.start - start) <= 2 * _LOCATE_CHARS
                and sent[0] <= r.start < sent[1]  # ("- PUL-E-KHUMRI. Clashes near the capital of
                # Baghlan": the heading is a sentence of its own; the capital is meant again)
                for r in raw[max(0, i - 4) : i + 4]
            )
            if not named:
                # "The capital of Takhar province falls": the capital is meant, and the province
                # named to locate it: both, the capital at the words "capital of"
                a = max(0, start - 60) + before_capital.start()
                word = re.search(r"capital", text[a:start], re.I)
                if word is not None:
                    b = a + word.end()
                    a += word.start()
                    out.append(Mention(cap, text[a:b], a, b, sent[0], sent[1], "alias"))
        out.append(Mention(place, text[start:span_end], start, span_end, sent[0], sent[1], via))
    return out


_PASSING_BEFORE = re.compile(
    r"\b(?:from|to|toward|towards|into|via|through)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$", re.I
)


def _anaphors(
    text: str,
    mentions: list[Mention],
    sentences: Sequence[tuple[int, int]],
    capitals: dict[str, Place],
    province_places: dict[str, Place],
) -> list[Mention]:
    """"the city" -> a capital named in the same sentence, else the latest capital named before it
    (within three sentences); "a province of the same name" -> that capital's province; "the
    whole province" -> the province of the place "the city" would point to there (any mention,
    also one that only locates or names a speaker's origin)."""
    if not mentions:
        return []
    out: list[Mention] = []
    starts = [c.start for c in mentions]
    caps = [m for m in mentions if m.place.kind is PlaceKind.CAPITAL or m.via == "modifier"]
    cap_ends = [c.end for c in caps]
    anaphor_ends: list[int] = []
    provinces: dict[str, Place] = {}
    for m in mentions:
        if m.place.kind is PlaceKind.PROVINCE:
            provinces.setdefault(m.place.province, m.place)
    provs = [m for m in mentions if m.place.kind is PlaceKind.PROVINCE and m.via == "name"]
    prov_starts = [m.start for m in provs]
    sentence_starts = [s[0] for s in sentences]
    scans: list[tuple[Iterable[re.Match[str]], str]] = []
    if any(w in text for w in _ANAPHOR_WORDS):
        scans.append((_ANAPHOR.finditer(text), "anaphor"))
    if any(word in text for word in _SAME_NAME_WORDS):
        scans.append((_same_name_hits(text), "same-name"))
    if "province" in text and ("whole" in text or "entire" in text):
        scans.append((_WHOLE_PROVINCE.finditer(text), "whole-province"))
    for hits, scan in scans:
        # "the whole province" is found like "the city" and stands for its antecedent's province
        via = "anaphor" if scan == "whole-province" else scan
        for hit in hits:
            pos = hit.start()
            if pos and text[pos - 1].isalpha():
                continue  # "bathe city": not a word of its own
            located = bool(_LOCATED_AFTER.match(text, hit.end()))  # "the provincial capital
            # near Kabul": not Kabul (a place named before it, or none)
            named = _NAME_BEFORE.search(text, max(0, pos - 40), pos)
            i_pos = bisect.bisect_left(starts, pos)
            if named is not None and _APPOSITION_AFTER.match(text, hit.end()) and not any(
                named.start() <= c.start < pos for c in mentions[max(0, i_pos - 2) : i_pos]
            ):
                continue  # "Khanabad, the town that guards Kunduz": a town the gazetteer does not know
            sent = _sentence_of(sentences, pos)
            # A place named in the same sentence wins ("'the city is lost,' said a Kandahar
            # lawmaker"); otherwise the latest capital named before.
            i = bisect.bisect_left(starts, pos)
            town = hit.group().lower().endswith("town")
            here = [
                c
                for c in (mentions[i - 1] if i else None, mentions[i] if i < len(mentions) else None)
                if c is not None and sent[0] <= c.start < sent[1]
                and not (town and c.via == "modifier")  # "the Kunduz council said the town ..."
                and not (located and c.start > pos)
            ]
            antecedent: Mention | None = None
            if here and 0 <= min(here, key=lambda c: abs(c.start - pos)).start - hit.end() <= 3:
                continue  # "the provincial capital, Tarinkot,": the name itself follows
            if here:
                # the place named before it in the sentence; one after it only when none is
                # ("'the city is lost,' said a Kandahar lawmaker")
                before = [c for c in here if c.start < pos]
                antecedent = before[-1] if before else here[-1]
            else:
                j = bisect.bisect_right(cap_ends, pos) - 1
                k = bisect.bisect_right(anaphor_ends, pos) - 1
                while j >= 0 and caps[j].via == "modifier" and caps[j].start < sent[0]:
                    j -= 1  # "a member of the Kunduz provincial council said ... The town": not it
                prior = [x for x in (caps[j] if j >= 0 else None,
                                     out[k] if k >= 0 and via == "anaphor" else None) if x]
                if prior:
                    antecedent = max(prior, key=lambda c: c.start)
                if hit.group().lower().endswith("town") and via == "anaphor":
                    antecedent = None  # "the town" of another sentence is more often a district's
                main = _main_capital(caps, pos) if via == "anaphor" else None
                if (
                    antecedent is not None and main is not None
                    and antecedent.place is not main.place
                    and sum(c.place is antecedent.place for c in caps if c.end <= pos) == 1
                    and _index_le(sentence_starts, sent[0])
                    - _index_le(sentence_starts, antecedent.start) >= 2
                ):
                    antecedent = main  # a capital named once, in passing, is not "the city"
            if via == "anaphor" and "provincial" in hit.group().lower() and not here:
                # "the provincial capital" after "Panjshir" (or "Kunduz province"): that
                # province's capital, not a city named before it, never the national capital
                j = bisect.bisect_right(prov_starts, pos) - 1
                while j >= 0 and _PASSING_BEFORE.search(text, max(0, provs[j].start - 30), provs[j].start):
                    j -= 1  # "reinforcements sent from Balkh province": named in passing
                prov = provs[j] if j >= 0 else None
                if prov is not None and (
                    antecedent is None or prov.start > antecedent.start
                    or (antecedent.place.name == "Kabul" and prov.place.name != "Kabul")
                ):
                    antecedent = prov
            if antecedent is not None and (
                _index_le(sentence_starts, sent[0]) - _index_le(sentence_starts, antecedent.start) > 3
            ):
                antecedent = None  # further back than three sentences
            if antecedent is None and via == "anaphor" and not hit.group().lower().endswith("town"):
                antecedent = _main_capital(caps, pos)  # "the city" of a story about one city
            if antecedent is None:
                continue
            place = antecedent.place
            if scan == "whole-province":
                place = provinces.get(place.province) or province_places[place.province]
            elif place.kind is PlaceKind.PROVINCE and via == "anaphor":
                place = capitals[place.province]
            if via == "same-name":
                place = provinces.get(place.province) or province_places[place.province]
            out.append(Mention(place, hit.group(), pos, hit.end(), sent[0], sent[1], via))
            if via == "anaphor":
                anaphor_ends.append(hit.end())
    return out


def _main_capital(caps: list[Mention], pos: int) -> Mention | None:
    """The capital a text has named most before ``pos``, if it is at least two thirds of the
    capitals named (a story about one city), else None."""
    named = [c for c in caps if c.end <= pos and c.place.kind is PlaceKind.CAPITAL]
    if not named:
        return None
    counts: dict[str, int] = {}
    for c in named:
        counts[c.place.name] = counts.get(c.place.name, 0) + 1
    top = max(counts, key=lambda k: counts[k])
    if counts[top] * 3 < len(named) * 2 or (counts[top] < 2 and len(named) > 1):
        return None
    return next(c for c in reversed(named) if c.place.name == top)


def _index_le(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)
