"""Date wording in news text ("on Sunday", "Aug. 6", "last week") -> dates and precisions; pure.

Every expression resolves against the article date (DEFINITIONS.md, "Dates"):

- a weekday is the most recent such day on or before the article date ("last Sunday", "this past
  Sunday": strictly before; "next Sunday": after, so flagged ``future``);
- "today", "tonight", "this morning" are the article date; "yesterday", "last night" the day before;
  "N days ago" N days before;
- an explicit date without a year is the nearer of this year's and last year's: a date a few days
  or weeks ahead ("the Aug. 31 deadline" in an Aug. 10 story) is this year's and flagged ``future``,
  "Dec. 30" in a Jan. 2 story is last year's;
- coarse wording ("this week", "last month", "in April", "in 2015") keeps a coarser precision and
  carries the latest date the wording allows, capped at the article date; a month without a year
  is the most recent such month not after the article date ("next April" lies ahead: future);
- "a day later", "the previous day" are ``relative``: an offset in days from the event before.

Words that give no day ("overnight", "recently", "in recent hours") are not expressions: callers
fall back to the article date with precision ``article``. :func:`pick_event_date` never returns a
date after the article date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from geo.text import trie_regex
from geo.types import DatePrecision, EventDate

__all__ = ["DateExpression", "find_dates", "pick_event_date", "resolve_weekday"]

_DAY = dt.timedelta(days=1)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_INDEX: dict[str, int] = {name: i for i, name in enumerate(_WEEKDAYS)} | {
    name[:3]: i for i, name in enumerate(_WEEKDAYS)
}

_MONTH_INDEX: dict[str, int] = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# Fixed phrases: normalised wording -> (rule, n). The regex alternative is built from the keys.
#   today:        the article date, kind "today"          day:   article - n days (day)
#   rel:          offset n days from the previous event   week/month/year: article - n (coarse)
#   last_week:    the Sunday that ended last week         weekend: the latest weekend day
#   last_month:   last day of the previous month          last_year: Dec 31 of the previous year
#   next_week/next_month/next_year: after the article date (future)
# --------------------------------------------------------------------------------------------


def _phrase_table() -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for word in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        table[word] = ("today", 0)
        for lead in ("earlier", "later", "early", "late"):
            table[f"{lead} {word}"] = ("today", 0)
    for word in ("yesterday", "last night", "yesterday morning", "yesterday afternoon",
                 "yesterday evening", "yesterday night"):  # fmt: skip
        table[word] = ("day", 1)
        for lead in ("earlier", "early", "late"):
            table[f"{lead} {word}"] = ("day", 1)
    table["the day before yesterday"] = ("day", 2)
    table["the night before last"] = ("day", 2)
    for part in ("day", "morning", "afternoon", "evening", "night"):
        for lead in ("the next", "the following"):
            table[f"{lead} {part}"] = ("rel", 1)
        for lead in ("the previous", "the preceding"):
            table[f"{lead} {part}"] = ("rel", -1)
        for lead in ("later that", "earlier that", "that same", "the same"):
            table[f"{lead} {part}"] = ("rel", 0)
    table["the day after"] = ("rel", 1)
    table["the day before"] = ("rel", -1)
    table["the night before"] = ("rel", -1)
    table["the same day"] = ("rel", 0)
    for word in ("this week", "in recent days", "over recent days", "in less than a week",
                 "in under a week", "within a week", "the past week", "the last week",
                 "the past few days", "the last few days", "the past several days"):  # fmt: skip
        table[word] = ("week", 0)
        if word.startswith("the "):
            table[f"in {word}"] = ("week", 0)
            table[f"over {word}"] = ("week", 0)
    for word in ("earlier this week", "early this week", "earlier in the week"):
        table[word] = ("week", 1)
    table["later this week"] = ("next_week", 0)
    table["last week"] = ("last_week", 0)
    table["last weekend"] = ("last_week", 0)
    for word in ("this weekend", "over the weekend", "at the weekend", "during the weekend"):
        table[word] = ("weekend", 0)
    for word in ("this month", "in recent weeks", "over recent weeks", "in recent months",
                 "over recent months", "the past month", "the last month", "the past few weeks",
                 "the last few weeks", "the past several weeks", "the past few months",
                 "the last few months", "the past several months"):  # fmt: skip
        table[word] = ("month", 0)
        if word.startswith("the "):
            table[f"in {word}"] = ("month", 0)
            table[f"over {word}"] = ("month", 0)
    for word in ("earlier this month", "early this month", "earlier in the month"):
        table[word] = ("month", 1)
    table["later this month"] = ("next_month", 0)
    table["last month"] = ("last_month", 0)
    for word in ("this year", "the past year", "in the past year", "over the past year"):
        table[word] = ("year", 0)
    for word in ("earlier this year", "early this year", "earlier in the year"):
        table[word] = ("year", 1)
    table["later this year"] = ("next_year", 0)
    table["last year"] = ("last_year", 0)
    for word in ("the following year", "the next year", "the year after"):
        table[word] = ("rel", 365)  # "The following year Taliban columns rolled into Herat"
    for word in ("the previous year", "the year before", "the preceding year"):
        table[word] = ("rel", -365)
    return table


_PHRASES = _phrase_table()

# "the day before" alone points back to the previous event; followed by a determiner or a gerund
# ("the day before the city fell", "the day after seizing Zaranj") it points to what follows.
_NEEDS_NO_COMPLEMENT = frozenset(
    {"the day before", "the day after", "the night before", "the year before", "the year after"}
)
_COMPLEMENT = re.compile(
    r"\s+(?:the|a|an|its|their|his|her|this|that|those|these|[a-z]+ing)\b", re.IGNORECASE
)


# --------------------------------------------------------------------------------------------
# The combined pattern. Each top-level alternative is one named group (dispatch on lastgroup);
# at one offset the first alternative that matches wins, so longer forms come first.
# --------------------------------------------------------------------------------------------

_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# "may" (the modal verb) and "march" (the noun) only count capitalised or in capitals.
_MONTH_FULL = (
    r"(?:january|february|(?-i:March|MARCH)|april|(?-i:May|MAY)|june|july|august|september"
    r"|october|november|december)"
)
_MONTH_ABBR = r"(?:jan|feb|(?-i:Mar|MAR)|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
# A day as a list item or a timeline heading writes it, capitalised ("Aug. 12", "Tuesday, Aug.
# 10", "10 August 2021"): the factbox lines and date headings of geo.status and geo.pipeline.
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
DAY_LABEL = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
    rf"(?:{_MONTH_NAME}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}[ \t]+{_MONTH_NAME})"
    r"(?:,?[ \t]*\d{4})?"
)
_YEAR = r"(?:19|20)\d\d"
_ORD = r"(?:st|nd|rd|th)?"
_POSS = r"(?:['’]s)?"
_ON = r"(?:(?:on|since|by|until|till|from|through)\s+)?"
_WD_LEAD = rf"(?:{_WD},?\s+)?"  # "Sunday, Aug. 8" is one expression


def _year_tail(prefix: str) -> str:
    return rf"(?:,?\s+(?P<{prefix}_y>{_YEAR})|,?\s+(?P<{prefix}_ly>last|this)\s+year)?"


_PREP = r"(?:in|since|during|by|until|till|through|throughout|from|of)"
_YEAR_PREP = r"(?:in|since|during|by|until|till|through|throughout|from)"  # "a force of 2000"
_MOD = r"(?:early|late|mid|(?:the\s+)?(?:end|beginning|start|middle)\s+of)"

_ALTERNATIVES = (
    rf"(?P<iso>(?:on\s+)?(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d))",
    rf"(?P<mdy>{_ON}{_WD_LEAD}(?P<mdy_m>{_MONTH})\s*(?P<mdy_d>[0-3]?\d){_ORD}{_year_tail('mdy')})",
    rf"(?P<dmy>{_ON}{_WD_LEAD}(?:the\s+)?(?P<dmy_d>[0-3]?\d){_ORD}\s+(?:of\s+)?"
    rf"(?P<dmy_m>{_MONTH}){_year_tail('dmy')})",
    # Month without a day: needs a lead word ("in April", "late April", "last April") or a year.
    rf"(?P<mon>(?P<mon_lead>(?:{_PREP}\s+)?(?:{_MOD}[\s-]+)?)(?:(?P<mon_rel>last|this|next)\s+)?"
    rf"(?P<mon_m>{_MONTH_FULL}|{_MONTH_ABBR}(?=\s+{_YEAR}))(?!\.?\s*[0-3]?\d(?!\d))"
    rf"(?:,?\s+(?P<mon_y>{_YEAR}))?{_POSS})",
    rf"(?P<yr>(?:{_YEAR_PREP}\s+(?:{_MOD}[\s-]+)?|{_MOD}[\s-]+)(?P<yr_y>{_YEAR})(?![-/]\d){_POSS})",
    # "the factional warfare of the early 1990s": a decade, dated to the end of the part named
    # (only after "in", "during", "throughout", "of", and not as an adjective: "the 1990s
    # resistance"; "since the 1990s" dates nothing)
    r"(?P<dec>(?:in|during|throughout|of)\s+(?:the\s+)?(?:(?P<dec_mod>early|mid|late)[\s-]+)?"
    r"(?P<dec_y>(?:19|20)\d0)['’]?s"
    r"(?!\s+(?!(?:when|and|or|but|as|before|after|until|while)\b)(?-i:[a-z])))",
    r"(?P<ago>(?P<ago_n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|a\s+few|several|a\s+couple\s+of)\s+(?P<ago_u>days?|weeks?|years?)\s+ago)",
    r"(?P<rel>(?P<rel_n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<rel_u>days?|weeks?|years?)\s+(?P<rel_dir>later|earlier|afterwards?))",
    rf"(?P<phrase>(?P<phrase_k>{trie_regex(list(_PHRASES))}){_POSS})",
    rf"(?P<wd>{_ON}(?:(?:late|early)\s+)?"
    r"(?:(?P<wd_rel>last|this\s+past|past|this\s+coming|coming|next|this)\s+)?"
    rf"(?:(?:late|early)\s+)?(?P<wd_name>{_WD})"
    rf"(?:\s+(?:night|morning|afternoon|evening|overnight))?{_POSS})",
)

# Every word an alternative can start with. Most words of a sentence fail this trie at their
# first or second letter, so the alternatives above are tried only where a date can begin.
_FIRST_WORDS = (
    {p.split()[0] for p in _PHRASES}
    | set(_WEEKDAYS)
    | set(_MONTH_INDEX)
    | set(_NUMBER_WORDS)
    | {"on", "since", "by", "until", "till", "from", "through", "in", "during", "throughout"}
    | {"of", "early", "late", "mid", "the", "end", "beginning", "start", "middle", "several"}
    | {"last", "this", "past", "coming", "next"}
)
_GATE = rf"(?-i:(?=\d|{trie_regex(sorted(_FIRST_WORDS), both_cases=True)}(?!\w)))"

_PATTERN = re.compile(
    r"(?<!\w)" + _GATE + "(?:" + "|".join(_ALTERNATIVES) + r")(?!\w)", re.IGNORECASE
)
# Where a match of _PATTERN can start (its gate): one C-level scan, then _PATTERN is tried there.
_STARTS = re.compile(r"(?<!\w)" + _GATE)

# Every expression holds a digit or one of these words (looked for anywhere in the words, so also
# inside "Sunday's" or "mid-August") within its first seven words: "throughout the beginning of
# next April", "a couple of days ago", "the past few days". Most gates are a "the", "of", "in" or
# "a" with none in reach, where the big pattern is not tried (it costs about five times the two
# small scans that rule it out).
_ANCHOR_WORDS = (
    set(_WEEKDAYS) | set(_MONTH_INDEX)
    | {"day", "night", "morning", "afternoon", "evening", "week", "month", "year", "today",
       "tonight", "yesterday"}
)
# (A trie of the words and the digits: searched in lowered ASCII text, where every branch starts
# with a literal and the engine skips ahead; in other text case-insensitively, like the big
# pattern, so that "ſeptember" passes both. tests/test_fast_paths.py checks that every phrase of
# the table has an anchor.)
_ANCHOR_LOWER = re.compile(trie_regex(sorted(_ANCHOR_WORDS) + list("0123456789")))
_ANCHOR = re.compile(_ANCHOR_LOWER.pattern, re.I)
# Seven words, not counting stretches without a letter or a digit ("early - - 2001").
_SEVEN_WORDS = re.compile(r"(?:[^\w\s]+\s+)*(?:\S+\s+(?:[^\w\s]+\s+)*){0,6}\S+")


def _anchored(text: str, pos: int, stop: int) -> bool:
    """A digit or an anchor word in the seven words from ``pos`` (before ``stop``)."""
    words = _SEVEN_WORDS.match(text, pos, stop)
    if words is None:
        return False
    chunk = words.group()
    if chunk.isascii():
        return _ANCHOR_LOWER.search(chunk.lower()) is not None
    return _ANCHOR.search(chunk) is not None


def _matches(text: str, start: int, stop: int) -> Iterator[re.Match[str]]:
    """``_PATTERN.finditer(text, start, stop)``, with the big pattern tried only at its gates
    that have an anchor in reach."""
    pos = start
    for c in _STARTS.finditer(text, start, stop):
        if c.start() < pos or not _anchored(text, c.start(), stop):
            continue
        m = _PATTERN.match(text, c.start(), stop)
        if m is not None and m.end() > m.start():
            yield m
            pos = m.end()

# Quotations: a double-quoted stretch, a ‘single-quoted’ one, a 'quote' opened after a colon,
# or what follows "said ...:" when no quote mark opens it.
_QUOTE_MARKS = re.compile(r"[\"“”]|‘|:\s*'")
_SINGLE_CLOSE = re.compile(r"['’](?!\w)")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"“‘']|\s*$)|\n")
_SPEECH_COLON = re.compile(
    r"\b(?:said|says|told|tweeted|wrote|added|stated|declared|announced|posted|insisted|warned)"
    r"\b[^:\"“”!?\n]{0,80}:(?!\s*[\"“'‘])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression found in a text: ``text[start:end]`` of the scanned text is ``text``.

    ``kind`` is ``absolute`` (``date`` is set), ``today`` (today / tonight / this morning: the
    article date) or ``relative`` (``date`` is None; ``offset_days`` from the previous event).
    ``future`` marks a date after the article date (a deadline, "next week"): not an event date.
    ``in_quote`` marks an expression inside a quotation.
    """

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: DatePrecision
    kind: str
    offset_days: int = 0
    future: bool = False
    in_quote: bool = False


# A resolved match before it becomes a DateExpression: (date, precision, kind, offset, future).
_Resolved = tuple[dt.date | None, DatePrecision, str, int, bool]


def resolve_weekday(name: str, article_date: dt.date) -> dt.date:
    """The most recent day called `name` on or before `article_date`.

    Parameters
    ----------
    name
        A weekday name, any case ("Sunday", "sunday") or its first three letters ("Sun").
    article_date
        The date the text was published.

    Returns
    -------
    datetime.date
        `article_date` itself when it is that weekday, else the latest earlier one.

    Raises
    ------
    ValueError
        When `name` is not a weekday.

    Examples
    --------
    >>> import datetime as dt
    >>> resolve_weekday("Sunday", dt.date(2021, 8, 10))  # a Tuesday
    datetime.date(2021, 8, 8)
    >>> resolve_weekday("tuesday", dt.date(2021, 8, 10))
    datetime.date(2021, 8, 10)
    >>> resolve_weekday("Wed", dt.date(2021, 8, 10))
    datetime.date(2021, 8, 4)
    """
    index = _WEEKDAY_INDEX.get(name.strip().lower())
    if index is None:
        raise ValueError(
            f"{name!r} is not a weekday; use an English day name such as 'Sunday' or 'Sun'"
        )
    return article_date - dt.timedelta(days=(article_date.weekday() - index) % 7)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_day(month: int, day: int, article_date: dt.date) -> tuple[dt.date, bool] | None:
    """A yearless month and day: the nearer of this year's and the latest earlier valid one."""
    try:
        this_year: dt.date | None = dt.date(article_date.year, month, day)
    except ValueError:  # Feb. 29 in a common year, or Apr. 31
        this_year = None
    if this_year is not None and this_year <= article_date:
        return this_year, False
    before = None
    for year in range(article_date.year - 1, max(article_date.year - 9, 0), -1):
        try:
            before = dt.date(year, month, day)
            break
        except ValueError:
            continue
    if this_year is not None and (
        before is None or this_year - article_date < article_date - before
    ):
        return this_year, True
    return (before, False) if before is not None else None


def _month(month: int, year: int | None, rel: str, article_date: dt.date) -> _Resolved:
    """A month without a day ("in April", "last April", "August 2021"): its last day, capped."""
    if year is None:
        year = _month_year(month, rel, article_date)
    end = _month_end(year, month)
    if dt.date(year, month, 1) > article_date:
        return end, DatePrecision.MONTH, "absolute", 0, True
    return min(end, article_date), DatePrecision.MONTH, "absolute", 0, False


def _month_year(month: int, rel: str, article_date: dt.date) -> int:
    """The year of a yearless month: the latest such month not after the article date.

    "last April" skips the article's own month; "this December" is this year's, "next April" the
    first one after the article's month (both may lie ahead: future).
    """
    year = article_date.year
    if rel == "next":
        return year + 1 if month <= article_date.month else year
    if rel == "last":
        return year - 1 if month >= article_date.month else year
    if rel == "this":
        return year
    return year - 1 if month > article_date.month else year


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)


def _explicit(
    month_word: str,
    day_word: str,
    year_word: str | None,
    year_rel: str | None,
    article_date: dt.date,
) -> _Resolved | None:
    month = _MONTH_INDEX[month_word.rstrip(".").lower()]
    day = int(day_word)
    if year_word is None and year_rel is None:
        found = _month_day(month, day, article_date)
        if found is None:
            return None
        return found[0], DatePrecision.DAY, "absolute", 0, found[1]
    if year_word is not None:
        year = int(year_word)
    elif year_rel is not None and year_rel.lower() == "last":
        year = article_date.year - 1
    else:
        year = article_date.year
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date, DatePrecision.DAY, "absolute", 0, date > article_date


def _phrase(key: str, article_date: dt.date) -> _Resolved:
    """A fixed phrase (normalised: lower case, single spaces) resolved by its rule."""
    rule, n = _PHRASES[key]
    a = article_date
    weekday = a.weekday()
    if rule == "today":
        return a, DatePrecision.DAY, "today", 0, False
    if rule == "rel":
        return None, DatePrecision.DAY, "relative", n, False
    if rule == "day":
        return a - n * _DAY, DatePrecision.DAY, "absolute", 0, False
    if rule == "week":
        return a - n * _DAY, DatePrecision.WEEK, "absolute", 0, False
    if rule == "last_week":
        return a - (weekday + 1) * _DAY, DatePrecision.WEEK, "absolute", 0, False
    if rule == "weekend":
        latest = a if weekday >= 5 else a - (weekday + 1) * _DAY
        return latest, DatePrecision.WEEK, "absolute", 0, False
    if rule == "month":
        return a - n * _DAY, DatePrecision.MONTH, "absolute", 0, False
    if rule == "last_month":
        return a.replace(day=1) - _DAY, DatePrecision.MONTH, "absolute", 0, False
    if rule == "year":
        return a - n * _DAY, DatePrecision.YEAR, "absolute", 0, False
    if rule == "last_year":
        return dt.date(a.year - 1, 12, 31), DatePrecision.YEAR, "absolute", 0, False
    precision = {"next_week": DatePrecision.WEEK, "next_month": DatePrecision.MONTH}
    return a + _DAY, precision.get(rule, DatePrecision.YEAR), "absolute", 0, True


def _resolve(m: re.Match[str], article_date: dt.date) -> _Resolved | None:
    """Turn one match of the combined pattern into a date; None when it names no real date."""
    group = m.lastgroup
    if group == "phrase":
        key = " ".join(m["phrase_k"].lower().split())
        if key in _NEEDS_NO_COMPLEMENT and _COMPLEMENT.match(m.string, m.end(), m.endpos):
            return None  # "the day before the city fell" counts from what follows, not from before
        return _phrase(key, article_date)
    if group == "wd":
        index = _WEEKDAY_INDEX[m["wd_name"].lower()]
        rel = " ".join((m["wd_rel"] or "").lower().split())
        back = (article_date.weekday() - index) % 7
        if rel in ("last", "past", "this past"):
            back = back or 7
        elif rel in ("next", "coming", "this coming"):
            ahead = (index - article_date.weekday()) % 7 or 7
            return article_date + ahead * _DAY, DatePrecision.DAY, "absolute", 0, True
        return article_date - back * _DAY, DatePrecision.DAY, "absolute", 0, False
    if group == "mdy":
        return _explicit(m["mdy_m"], m["mdy_d"], m["mdy_y"], m["mdy_ly"], article_date)
    if group == "dmy":
        return _explicit(m["dmy_m"], m["dmy_d"], m["dmy_y"], m["dmy_ly"], article_date)
    if group == "iso":
        try:
            date = dt.date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
        except ValueError:
            return None
        return date, DatePrecision.DAY, "absolute", 0, date > article_date
    if group == "mon":
        if not m["mon_lead"] and not m["mon_rel"] and not m["mon_y"]:
            return None  # a bare month name is not a date
        month = _MONTH_INDEX[m["mon_m"].rstrip(".").lower()]
        year = int(m["mon_y"]) if m["mon_y"] else None
        return _month(month, year, (m["mon_rel"] or "").lower(), article_date)
    if group == "yr":
        year = int(m["yr_y"])
        future = year > article_date.year
        date = dt.date(year, 12, 31) if future else min(dt.date(year, 12, 31), article_date)
        return date, DatePrecision.YEAR, "absolute", 0, future
    if group == "dec":
        decade = int(m["dec_y"])
        year = decade + {"early": 3, "mid": 6}.get((m["dec_mod"] or "").lower(), 9)
        if decade > article_date.year:
            return dt.date(year, 12, 31), DatePrecision.YEAR, "absolute", 0, True
        return min(dt.date(year, 12, 31), article_date), DatePrecision.YEAR, "absolute", 0, False
    if group == "ago":
        word = " ".join(m["ago_n"].lower().split())
        weeks = m["ago_u"].lower().startswith("week")
        if m["ago_u"].lower().startswith("year"):  # "two years ago": that year
            n = 2 if word in ("a few", "several", "a couple of") else _count(word)
            return _years_before(article_date, n), DatePrecision.YEAR, "absolute", 0, False
        if word in ("a few", "several", "a couple of"):
            days = 14 if weeks else 2
            return article_date - days * _DAY, DatePrecision.WEEK, "absolute", 0, False
        n = _count(word)
        if weeks:
            return article_date - 7 * n * _DAY, DatePrecision.WEEK, "absolute", 0, False
        return article_date - n * _DAY, DatePrecision.DAY, "absolute", 0, False
    if group == "rel":
        unit = m["rel_u"].lower()
        per = 7 if unit.startswith("week") else 365 if unit.startswith("year") else 1
        n = _count(m["rel_n"]) * per
        sign = -1 if m["rel_dir"].lower() == "earlier" else 1
        return None, DatePrecision.DAY, "relative", sign * n, False
    return None


def _years_before(day: dt.date, n: int) -> dt.date:
    """The same day ``n`` calendar years earlier (later for a negative ``n``); 28 Feb for 29 Feb."""
    if (day.month, day.day) == (2, 29):
        return day.replace(year=day.year - n, day=28)
    return day.replace(year=day.year - n)


def _quote_spans(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Stretches of text[start:stop] inside quotation marks (absolute offsets)."""
    spans: list[tuple[int, int]] = []
    opened = -1
    seen_double = False
    for q in _QUOTE_MARKS.finditer(text, start, stop):
        mark = q.group()
        if mark == "“":
            opened = q.start() if opened < 0 else opened
        elif mark == "”":
            if opened >= 0:
                spans.append((opened, q.end()))
            elif not seen_double:
                spans.append((start, q.end()))  # the quotation began before the scanned text
            opened = -1
        elif mark == '"':
            if opened >= 0:
                spans.append((opened, q.end()))
                opened = -1
            else:
                opened = q.start()
        elif opened < 0:  # ‘single’ quotes, or a 'quote' after a colon
            close = _SINGLE_CLOSE.search(text, q.end(), stop)
            spans.append(
                (q.end() - 1, close.end() if close else _sentence_end(text, q.end(), stop))
            )
        seen_double = seen_double or mark in '"“”'
    if opened >= 0:
        spans.append((opened, stop))
    for c in _SPEECH_COLON.finditer(text, start, stop):
        spans.append((c.end(), _sentence_end(text, c.end(), stop)))
    return spans


def _sentence_end(text: str, pos: int, stop: int) -> int:
    found = _SENTENCE_END.search(text, pos, stop)
    return found.end() if found else stop


def find_dates(
    text: str, article_date: dt.date, *, start: int = 0, end: int | None = None
) -> list[DateExpression]:
    """All date expressions in ``text[start:end]``, resolved against the article date.

    Parameters
    ----------
    text
        The article text (or one sentence of it).
    article_date
        The date the article was published.
    start, end
        The stretch to scan (a sentence); offsets in the result are absolute offsets into `text`.

    Returns
    -------
    list of DateExpression
        Sorted by start and non-overlapping; at one offset the longest wording wins
        ("late Tuesday night" is one expression). Dates after the article date are kept with
        ``future=True`` so that callers can skip them.

    Examples
    --------
    >>> import datetime as dt
    >>> tuesday = dt.date(2021, 8, 10)
    >>> [(e.text, e.date.isoformat(), e.precision.value)
    ...  for e in find_dates("The city fell late Sunday night, days after Aug. 6.", tuesday)]
    [('late Sunday night', '2021-08-08', 'day'), ('Aug. 6', '2021-08-06', 'day')]
    >>> [(e.text, e.kind, e.offset_days) for e in find_dates("A day later, Kunduz fell.", tuesday)]
    [('A day later', 'relative', 1)]
    >>> find_dates("The deadline is August 31.", tuesday)[0].future
    True
    >>> find_dates("Fighting continued overnight.", tuesday)
    []
    """
    stop = len(text) if end is None else min(end, len(text))
    found: list[DateExpression] = []
    quotes: list[tuple[int, int]] | None = None
    for m in _matches(text, start, stop):
        try:
            resolved = _resolve(m, article_date)
        except (OverflowError, ValueError, KeyError):
            # Dates beyond year 1 or 9999; KeyError: exotic letters that match under Unicode
            # case folding ("ſunday") but name no day.
            continue
        if resolved is None:
            continue
        date, precision, kind, offset, future = resolved
        lo, hi = m.span()
        if text[hi - 1] == "." and m.lastgroup == "dmy":
            hi -= 1  # "6 Aug." at the end of a sentence: the full stop is not part of the date
        if quotes is None:
            quotes = _quote_spans(text, start, stop) if _has_quote(text, start, stop) else []
        in_quote = any(q0 <= lo and hi <= q1 for q0, q1 in quotes)
        found.append(
            DateExpression(lo, hi, text[lo:hi], date, precision, kind, offset, future, in_quote)
        )
    return found


def _has_quote(text: str, start: int, stop: int) -> bool:
    chunk = text[start:stop]
    return any(mark in chunk for mark in ('"', "“", "”", "‘", ":"))


def _nearest(expressions: Sequence[DateExpression], anchor: int) -> DateExpression | None:
    """The expression nearest to `anchor` by characters; on a tie, the one before it."""
    best: DateExpression | None = None
    best_key = (0, 0)
    for e in expressions:
        if e.end <= anchor:
            key = (anchor - e.end, 0)
        elif e.start > anchor:
            key = (e.start - anchor, 1)
        else:
            key = (0, 0)
        if best is None or key < best_key:
            best, best_key = e, key
    return best


def _shift(date: dt.date, days: int) -> dt.date:
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def pick_event_date(
    expressions: Sequence[DateExpression],
    anchor: int,
    article_date: dt.date,
    *,
    span: tuple[int, int] | None = None,
    previous: EventDate | None = None,
) -> EventDate:
    """The event date for something at offset `anchor` (a cue word or a place mention).

    Parameters
    ----------
    expressions
        The date expressions of the sentence (from :func:`find_dates`).
    anchor
        Absolute offset of the cue word or the place mention.
    article_date
        The date the article was published.
    span
        The clause around the anchor (absolute offsets); expressions starting inside it win.
    previous
        The event date resolved before this one, which "a day later" counts from.

    Returns
    -------
    EventDate
        From the nearest non-future expression in `span`, else in the sentence (ties: the one
        before the anchor), else the article date with precision ``article`` and cue "".
        A relative expression counts from a day named before it in `expressions` (the same
        sentence), else from `previous`, else from the article date, with precision ``day``.
        A today-like expression inside a quotation gives way to a day-precise expression
        outside it ("said on Friday: 'we lost the city today'" -> Friday).
        Never after `article_date`.

    Examples
    --------
    >>> import datetime as dt
    >>> article = dt.date(2021, 8, 10)
    >>> text = 'A police chief said on Sunday: "we lost the city today."'
    >>> pick_event_date(find_dates(text, article), text.index("lost"), article)
    EventDate(date=datetime.date(2021, 8, 8), precision=<DatePrecision.DAY: 'day'>, cue='on Sunday')
    >>> pick_event_date([], 0, article).precision
    <DatePrecision.ARTICLE: 'article'>
    """
    usable = [e for e in expressions if not e.future]
    chosen = None
    if span is not None:
        chosen = _nearest([e for e in usable if span[0] <= e.start < span[1]], anchor)
    if chosen is None:
        chosen = _nearest(usable, anchor)
    if chosen is None:
        return EventDate(article_date, DatePrecision.ARTICLE, "")
    if chosen.kind == "today" and chosen.in_quote:
        spoken = [
            e
            for e in usable
            if not e.in_quote and e.kind == "absolute" and e.precision is DatePrecision.DAY
        ]
        chosen = _nearest(spoken, chosen.start) or chosen
    if chosen.kind == "relative" or chosen.date is None:
        # "On May 15 ... pushed them out the next day": a day named earlier in the same stretch
        # comes first; then the event before; then the article date.
        years = abs(chosen.offset_days) >= 365  # "in 2015 ... again the following year"
        earlier = [
            e for e in usable
            if e.end <= chosen.start and e.kind == "absolute" and e.date is not None
            and (years or e.precision is DatePrecision.DAY)
        ]
        if earlier and earlier[-1].date is not None:
            base = earlier[-1].date
        else:
            base = previous.date if previous is not None else article_date
        date = _shift(base, chosen.offset_days)
        if years:
            date = _years_before(base, -round(chosen.offset_days / 365))
            if date > article_date:  # a year after an event of this year: no day to tell
                return EventDate(article_date, DatePrecision.ARTICLE, "")
            return EventDate(date, DatePrecision.YEAR, chosen.text)
        return EventDate(min(date, article_date), DatePrecision.DAY, chosen.text)
    return EventDate(min(chosen.date, article_date), chosen.precision, chosen.text)
