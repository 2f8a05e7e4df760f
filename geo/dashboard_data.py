"""What the dashboard shows, computed without Streamlit: filters, highlights, counts, uploads.

Everything here is a plain function of its arguments so it can be tested without a browser and
cached by ``dashboard.py`` (the only module that imports streamlit). Untrusted text (article text,
quotes, file names) leaves this module HTML-escaped wherever it is turned into HTML.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from geo.articles import LoadResult, parse_article
from geo.errors import ArticleError, StoreError
from geo.formats import ACLED_MARKER_COLUMNS, SOURCE_SUFFIXES, format_of, iter_upload
from geo.pipeline import Extractor, default_extractor, extract_claims, read_inputs
from geo.review import (
    REVIEW_FILTERS,
    REVIEWED_STATES,
    ClaimRecord,
    Review,
    ReviewState,
    short_id,
)
from geo.timeline import ProvinceStatus, StatusChange
from geo.types import Article, Claim, ControlStatus, Place

if TYPE_CHECKING:
    import folium
    import pandas as pd

    from geo.store import Store

# --------------------------------------------------------------------------------------------
# Highlighting mentions in untrusted text
# --------------------------------------------------------------------------------------------

MARK_TINTS: Final[dict[str, str]] = {
    ControlStatus.TALIBAN.value: "#f3c4c4",
    ControlStatus.CONTESTED.value: "#fcd9b3",
    ControlStatus.GOVERNMENT.value: "#c9dcf3",
    ControlStatus.REPORTED.value: "#e4e4e4",
}
"""Background of a highlighted mention, by the status of its claim (light tints of the map's)."""

MARK_LINES: Final[dict[str, str]] = {
    ControlStatus.TALIBAN.value: "#8b0000",
    ControlStatus.CONTESTED.value: "#b35900",
    ControlStatus.GOVERNMENT.value: "#2f6eba",
    ControlStatus.REPORTED.value: "#6e6e6e",
}
"""Underline of a highlighted mention, by status (dark enough to read on white)."""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch ``[start, end)`` of a text to wrap in ``<mark>``, with its status for colour."""

    start: int
    end: int
    status: str = ""
    title: str = ""


def _mark_open(span: Span) -> str:
    attrs = ""
    if span.status in MARK_TINTS:
        attrs += (
            f' style="background:{MARK_TINTS[span.status]};'
            f' border-bottom:2px solid {MARK_LINES[span.status]}; padding:0 1px"'
        )
    if span.title:
        attrs += f' title="{html.escape(span.title, quote=True)}"'
    return f"<mark{attrs}>"


def highlight(text: str, spans: Iterable[Span], *, paragraphs: bool = False) -> str:
    """Return ``text`` as HTML: escaped, with each span wrapped in ``<mark>``.

    Overlapping or out-of-range spans are dropped (the earliest, then longest, wins), so the
    result is always well formed. The text is escaped piece by piece, never the markup.

    Parameters
    ----------
    text
        Untrusted text.
    spans
        Character ranges of ``text`` to mark.
    paragraphs
        Turn blank lines into ``<p>`` breaks and single newlines into ``<br>``.

    Returns
    -------
    str
        Safe HTML.

    Examples
    --------
    >>> highlight("<b>Kunduz</b> fell.", [Span(3, 9)])
    '&lt;b&gt;<mark>Kunduz</mark>&lt;/b&gt; fell.'
    >>> highlight("a & b", [Span(0, 1), Span(0, 3), Span(4, 99)])
    '<mark>a &amp;</mark> b'
    """
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos or span.end <= span.start or span.end > len(text):
            continue
        out.append(html.escape(text[pos : span.start]))
        out.append(_mark_open(span) + html.escape(text[span.start : span.end]) + "</mark>")
        pos = span.end
    out.append(html.escape(text[pos:]))
    result = "".join(out)
    if paragraphs:
        blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n+", result)]
        result = "".join(f"<p>{b.replace(chr(10), '<br>')}</p>" for b in blocks if b.strip())
    return result


def quote_offset(text: str, evidence: str, start: int, end: int) -> int | None:
    """Where the sentence ``evidence`` holding the mention ``text[start:end]`` starts in ``text``.

    A claim stores its mention's offsets in the article and its sentence, not the sentence's
    offset; this finds the occurrence of the sentence that contains the mention.

    Examples
    --------
    >>> t = "Kunduz fell. Kunduz fell."
    >>> quote_offset(t, "Kunduz fell.", 13, 19)
    13
    >>> quote_offset(t, "Herat fell.", 0, 5) is None
    True
    """
    if not evidence:
        return None
    found = text.find(evidence, max(0, end - len(evidence)))
    if found < 0 or found > start or found + len(evidence) < end:
        return None
    return found


def highlight_quote(
    evidence: str, surface: str, *, offset: int | None = None, status: str = ""
) -> str:
    """The evidence sentence as escaped HTML with the mention marked.

    ``offset`` is the mention's position in ``evidence`` when known (see `quote_offset`);
    otherwise the first occurrence of ``surface`` is marked (case-insensitively), or nothing.

    Examples
    --------
    >>> highlight_quote("Taliban took <Kunduz>.", "Kunduz")
    'Taliban took &lt;<mark>Kunduz</mark>&gt;.'
    >>> highlight_quote("It fell.", "Kunduz")
    'It fell.'
    """
    if offset is None or evidence[offset : offset + len(surface)] != surface:
        offset = evidence.casefold().find(surface.casefold()) if surface else -1
    if offset is None or offset < 0:
        return highlight(evidence, [])
    return highlight(evidence, [Span(offset, offset + len(surface), status)])


def article_spans(claims: Iterable[Claim]) -> list[Span]:
    """One span per claim of an article, coloured by its status, titled with place and status."""
    return [
        Span(c.start, c.end, c.status.value, f"{c.place} ({c.kind.value}): {c.status.value}")
        for c in claims
    ]


def md_plain(text: str) -> str:
    r"""Escape Markdown (and Streamlit's ``$`` maths) so ``st.error(md_plain(x))`` shows x as typed.

    Examples
    --------
    >>> md_plain("**x**_$1.txt")
    '\\*\\*x\\*\\*\\_\\$1\\.txt'
    """
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>$~:&])", r"\\\1", text)


# --------------------------------------------------------------------------------------------
# "six of the country's 34 provincial capitals"
# --------------------------------------------------------------------------------------------

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30}
_ORDINAL_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                  "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                  "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth")  # fmt: skip
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}

NUMBER_WORDS: Final[dict[str, int]] = {w: i + 1 for i, w in enumerate(_UNITS)}
for _tens_word, _tens in _TENS.items():
    NUMBER_WORDS[_tens_word] = _tens
    for _i, _unit in enumerate(_UNITS[:9]):
        NUMBER_WORDS[f"{_tens_word}-{_unit}"] = _tens + _i + 1
        NUMBER_WORDS[f"{_tens_word} {_unit}"] = _tens + _i + 1
ORDINAL_WORDS: Final[dict[str, int]] = {w: i + 1 for i, w in enumerate(_ORDINAL_UNITS)}
for _ordinal_word, _tens in _ORDINAL_TENS.items():
    ORDINAL_WORDS[_ordinal_word] = _tens
for _tens_word, _tens in _TENS.items():
    for _i, _unit in enumerate(_ORDINAL_UNITS[:9]):
        ORDINAL_WORDS[f"{_tens_word}-{_unit}"] = _tens + _i + 1
        ORDINAL_WORDS[f"{_tens_word} {_unit}"] = _tens + _i + 1


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in sorted(words, key=len,
                                                                          reverse=True))


_NUM = rf"(?:\d{{1,2}}|{_alternation(NUMBER_WORDS)})"
_ORD = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_alternation(ORDINAL_WORDS)})"
_APOS = "['\u2019]"
_OF_ALL = rf"of\s+(?:the\s+|(?:the\s+)?(?:country|nation|afghanistan){_APOS}s\s+|its\s+)?34\s+"
_HEAD_RE = re.compile(r"\b(?:provincial|province)\s+capital(?P<plural>s)?\b", re.IGNORECASE)
_COUNT_BEFORE_RE = re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_OF_ALL})?$", re.IGNORECASE)
_ORDINAL_BEFORE_RE = re.compile(rf"\b(?P<o>{_ORD})\s+$", re.IGNORECASE)
_LOOK_BACK = 80
"""Characters before "provincial capital(s)" searched for the number (regexes run on these
windows only, so a long text costs little)."""
_CAPTURE_RE = re.compile(
    r"\b(?:captur\w*|seiz\w*|taken|took|fell|fallen|to\s+fall|overr[au]n|hold|holds|held|"
    r"conquer\w*|in\s+taliban\s+hands|under\s+taliban\s+control)\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?](?=[\s\"'\u201d\u2019]|$)|\n\s*\n")


@dataclass(frozen=True, slots=True)
class CapitalCount:
    """How many provincial capitals a text says were taken, and the sentence that says it."""

    count: int
    sentence: str
    start: int
    end: int


def _number(word: str) -> int | None:
    word = re.sub(r"[\s-]+", " ", word.casefold()).strip()
    if word.isdigit():
        return int(word)
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    if digits:
        return int(digits[1])
    spaced = {k.replace("-", " "): v for k, v in {**NUMBER_WORDS, **ORDINAL_WORDS}.items()}
    return spaced.get(word)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END_RE.finditer(text, 0, start):
        left = m.end()
    right_match = _SENTENCE_END_RE.search(text, end)
    right = right_match.end() if right_match else len(text)
    while left < right and text[left].isspace():
        left += 1
    return left, right


def claimed_capitals(text: str) -> CapitalCount | None:
    """The largest number of provincial capitals the text says the Taliban took, or None.

    Reads counts ("six provincial capitals", "six of the country's 34 provincial capitals",
    "10 provincial capitals") and ordinals ("the ninth provincial capital to fall") in sentences
    that also carry a capture word (captured, seized, took, fell, overran, hold ...). A count of
    34 is read as the total ("the country's 34 provincial capitals"), never as captures.

    Examples
    --------
    >>> claimed_capitals("Insurgents captured six of the country’s 34 provincial capitals.").count
    6
    >>> claimed_capitals("Farah became the seventh provincial capital to fall.").count
    7
    >>> claimed_capitals("The Taliban captured six provincial capitals, not five.").count
    6
    >>> claimed_capitals("Fighting raged near five provincial capitals.") is None
    True
    >>> claimed_capitals("Afghanistan has 34 provincial capitals; one fell.") is None
    True
    """
    best: CapitalCount | None = None
    for head in _HEAD_RE.finditer(text):
        window_start = max(0, head.start() - _LOOK_BACK)
        window = text[window_start : head.start()]
        before = (_COUNT_BEFORE_RE if head["plural"] else _ORDINAL_BEFORE_RE).search(window)
        if before is None:
            continue
        n = _number(before[1])
        if n is None or not 1 <= n <= 34:
            continue
        if n == 34 and head["plural"]:
            continue  # "the country's 34 provincial capitals": the total, not a count taken
        s, e = _sentence_around(text, window_start + before.start(), head.end())
        sentence = text[s:e]
        if not _CAPTURE_RE.search(sentence):
            continue
        if best is None or n > best.count:
            best = CapitalCount(n, " ".join(sentence.split()), s, e)
    return best


@dataclass(frozen=True, slots=True)
class CapitalsSaid:
    """The largest number of provincial capitals taken that one article gives, and which article."""

    count: int
    sentence: str
    title: str
    date: dt.date
    article_id: str


def capitals_said(articles: Iterable[Article]) -> CapitalsSaid | None:
    """Of these articles (one day's), the one giving the largest count of capitals taken.

    Ties go to the first article given; None if no article gives a count (see
    `claimed_capitals`).

    Examples
    --------
    >>> day = dt.date(2021, 8, 10)
    >>> said = capitals_said([
    ...     Article("a", day, "A", "The Taliban captured six provincial capitals."),
    ...     Article("b", day, "B", "Farah was the seventh provincial capital to fall."),
    ...     Article("c", day, "C", "Kunduz fell."),
    ... ])
    >>> said.count, said.article_id
    (7, 'b')
    >>> capitals_said([Article("c", day, "C", "Kunduz fell.")]) is None
    True
    """
    best: CapitalsSaid | None = None
    for article in articles:
        found = claimed_capitals(article.text)
        if found is not None and (best is None or found.count > best.count):
            best = CapitalsSaid(
                found.count, found.sentence, article.title, article.date, article.id
            )
    return best


# --------------------------------------------------------------------------------------------
# Filters and the URL
# --------------------------------------------------------------------------------------------

PARAM_KEYS: Final = ("as_of", "provinces", "statuses", "from", "to", "province", "review")
"""Query parameters the dashboard reads and writes."""

CLAIM_STATUSES: Final[tuple[str, ...]] = tuple(
    s.value for s in ControlStatus if s is not ControlStatus.NO_REPORT
)
"""The statuses a claim can have (``no_report`` is a map-only status)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user picked: the map date, the claims listed, the province in detail.

    Empty ``provinces``/``statuses`` mean all; ``date_from``/``date_to`` None mean open-ended;
    ``review`` is one of :data:`geo.review.REVIEW_FILTERS`.
    """

    as_of: dt.date | None = None
    provinces: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    selected: str | None = None
    review: str = "all"


def _values(raw: str | Sequence[str] | None) -> list[str]:
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def _date(raw: str | Sequence[str] | None, key: str, problems: list[str]) -> dt.date | None:
    values = _values(raw)
    if not values:
        return None
    try:
        return dt.date.fromisoformat(values[-1])
    except ValueError:
        problems.append(f"{key}={values[-1]!r} is not a date; use YYYY-MM-DD")
        return None


def filters_from_params(
    params: Mapping[str, str | Sequence[str]], *, provinces: Sequence[str]
) -> tuple[Filters, list[str]]:
    """Read filters from URL query parameters, dropping (and reporting) what is not valid.

    Lists may be comma-separated or repeated (``provinces=Kunduz,Farah`` or
    ``provinces=Kunduz&provinces=Farah``); names match case-insensitively.

    Examples
    --------
    >>> f, problems = filters_from_params(
    ...     {"as_of": "2021-08-10", "provinces": "kunduz,Atlantis", "statuses": ["taliban"]},
    ...     provinces=["Kunduz", "Farah"])
    >>> f.as_of, f.provinces, f.statuses
    (datetime.date(2021, 8, 10), ('Kunduz',), ('taliban',))
    >>> problems
    ["provinces: 'Atlantis' is not a province"]
    """
    problems: list[str] = []
    by_fold = {p.casefold(): p for p in provinces}
    picked: list[str] = []
    for name in _values(params.get("provinces")):
        if name.casefold() in by_fold:
            picked.append(by_fold[name.casefold()])
        else:
            problems.append(f"provinces: {name!r} is not a province")
    statuses: list[str] = []
    for value in _values(params.get("statuses")):
        if value.casefold() in CLAIM_STATUSES:
            statuses.append(value.casefold())
        else:
            problems.append(f"statuses: {value!r} is not one of {', '.join(CLAIM_STATUSES)}")
    selected_raw = _values(params.get("province"))
    selected = by_fold.get(selected_raw[-1].casefold()) if selected_raw else None
    if selected_raw and selected is None:
        problems.append(f"province: {selected_raw[-1]!r} is not a province")
    review = _review_filter(params.get("review"), problems)
    date_from = _date(params.get("from"), "from", problems)
    date_to = _date(params.get("to"), "to", problems)
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    filters = Filters(
        as_of=_date(params.get("as_of"), "as_of", problems),
        provinces=tuple(dict.fromkeys(picked)),
        statuses=tuple(dict.fromkeys(statuses)),
        date_from=date_from,
        date_to=date_to,
        selected=selected,
        review=review,
    )
    return filters, problems


def _review_filter(raw: str | Sequence[str] | None, problems: list[str]) -> str:
    """The ``review`` query parameter: one of :data:`geo.review.REVIEW_FILTERS` (else all)."""
    values = _values(raw)
    if not values:
        return "all"
    if values[-1].casefold() in REVIEW_FILTERS:
        return values[-1].casefold()
    problems.append(f"review: {values[-1]!r} is not one of {', '.join(REVIEW_FILTERS)}")
    return "all"


def filters_to_params(filters: Filters) -> dict[str, str]:
    """The query parameters that reproduce ``filters`` (empty filters are left out).

    Examples
    --------
    >>> filters_to_params(Filters(dt.date(2021, 8, 10), ("Kunduz", "Farah")))
    {'as_of': '2021-08-10', 'provinces': 'Kunduz,Farah'}
    """
    params: dict[str, str] = {}
    if filters.as_of:
        params["as_of"] = filters.as_of.isoformat()
    if filters.provinces:
        params["provinces"] = ",".join(filters.provinces)
    if filters.statuses:
        params["statuses"] = ",".join(filters.statuses)
    if filters.date_from:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to:
        params["to"] = filters.date_to.isoformat()
    if filters.selected:
        params["province"] = filters.selected
    if filters.review != "all":
        params["review"] = filters.review
    return params


_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def day_label(day: dt.date | None, *, year: bool = True) -> str:
    """``10 Aug 2021`` (``10 Aug`` without the year; ``—`` for None).

    Examples
    --------
    >>> day_label(dt.date(2021, 8, 9)), day_label(dt.date(2021, 8, 9), year=False)
    ('9 Aug 2021', '9 Aug')
    """
    if day is None:
        return "—"
    short = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{short} {day.year}" if year else short


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` with thousands separators and the noun in the right number.

    Examples
    --------
    >>> counted(1, "article"), counted(763202, "claim"), counted(0, "outlet")
    ('1 article', '763,202 claims', '0 outlets')
    """
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def snap_note(dates: Sequence[dt.date], wanted: dt.date | None) -> str | None:
    """What the map does with a date that is not a claim date (from a link), or None.

    Examples
    --------
    >>> ds = [dt.date(2021, 8, 8), dt.date(2021, 8, 10)]
    >>> snap_note(ds, dt.date(2021, 8, 9))
    'No claims on 9 Aug 2021; showing 8 Aug 2021, the claim date before it.'
    >>> snap_note(ds, dt.date(2099, 1, 1))
    'No claims after 10 Aug 2021, the newest claim date; showing 10 Aug 2021 for 1 Jan 2099.'
    >>> snap_note(ds, dt.date(2021, 1, 1))
    'No claims on or before 1 Jan 2021; showing 8 Aug 2021, the first claim date.'
    >>> snap_note(ds, dt.date(2021, 8, 10)) is None
    True
    """
    if wanted is None or not dates or wanted in dates:
        return None
    if wanted > dates[-1]:
        return (
            f"No claims after {day_label(dates[-1])}, the newest claim date; showing "
            f"{day_label(dates[-1])} for {day_label(wanted)}."
        )
    if wanted < dates[0]:
        return (
            f"No claims on or before {day_label(wanted)}; showing {day_label(dates[0])}, "
            "the first claim date."
        )
    shown = snap_date(dates, wanted)
    return (
        f"No claims on {day_label(wanted)}; showing {day_label(shown)}, the claim date before it."
    )


def claim_dates_line(dates: Sequence[dt.date], current: dt.date | None, *, around: int = 3) -> str:
    """The claim dates near ``current`` as safe HTML, the current one bold: the slider's ticks.

    Examples
    --------
    >>> ds = [dt.date(2021, 8, d) for d in (7, 8, 10, 12)]
    >>> claim_dates_line(ds, ds[2])
    '4 dates with claims: 7 Aug · 8 Aug · <b>10 Aug</b> · 12 Aug 2021'
    >>> ds = [dt.date(2021, 8, d) for d in range(1, 21)]
    >>> claim_dates_line(ds, ds[0], around=2)
    '20 dates with claims: <b>1 Aug</b> · 2 Aug · 3 Aug · … 20 Aug 2021'
    """
    if not dates:
        return "No dates with claims yet."
    i = bisect.bisect_left(dates, current) if current is not None else len(dates) - 1
    lo, hi = max(0, i - around), min(len(dates), i + around + 1)
    parts = [
        f"<b>{day_label(d, year=False)}</b>" if d == current else day_label(d, year=False)
        for d in dates[lo:hi]
    ]
    if lo > 0:
        parts.insert(0, f"{day_label(dates[0], year=False)} …")
    if hi < len(dates):
        parts.append(f"… {day_label(dates[-1], year=False)}")
    return f"{counted(len(dates), 'date')} with claims: {' · '.join(parts)} {dates[-1].year}"


def snap_date(dates: Sequence[dt.date], wanted: dt.date | None) -> dt.date | None:
    """The latest of the sorted ``dates`` on or before ``wanted`` (else the first; None if none).

    The map as of any day equals the map as of the latest claim date on or before it.

    Examples
    --------
    >>> ds = [dt.date(2021, 8, 8), dt.date(2021, 8, 10)]
    >>> snap_date(ds, dt.date(2021, 8, 9)), snap_date(ds, dt.date(2020, 1, 1)), snap_date(ds, None)
    (datetime.date(2021, 8, 8), datetime.date(2021, 8, 8), datetime.date(2021, 8, 10))
    """
    if not dates:
        return None
    if wanted is None:
        return dates[-1]
    earlier = [d for d in dates if d <= wanted]
    return earlier[-1] if earlier else dates[0]


# --------------------------------------------------------------------------------------------
# Counts and the timeline
# --------------------------------------------------------------------------------------------


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many provinces have each status, every status present (in map order).

    Examples
    --------
    >>> status_counts(["taliban", "no_report", "taliban"])
    {'taliban': 2, 'contested': 0, 'government': 0, 'reported': 0, 'no_report': 1}
    """
    counts = {s.value: 0 for s in ControlStatus}
    for status in statuses:
        counts[str(status)] += 1
    return counts


def sample_dates(dates: Sequence[dt.date], limit: int) -> list[dt.date]:
    """At most ``limit`` of the sorted ``dates``, evenly spread, always the first and the last.

    Examples
    --------
    >>> days = [dt.date(2021, 8, d) for d in range(1, 11)]
    >>> [d.day for d in sample_dates(days, 4)]
    [1, 4, 7, 10]
    >>> len(sample_dates(days, 20)), sample_dates([], 3)
    (10, [])
    """
    if len(dates) <= limit:
        return list(dates)
    if limit < 2:
        return list(dates[-limit:]) if limit > 0 else []
    step = (len(dates) - 1) / (limit - 1)
    return [dates[round(i * step)] for i in range(limit)]


def status_over_time(
    points: Iterable[tuple[dt.date, Iterable[ProvinceStatus]]],
) -> pd.DataFrame:
    """Provinces per status as of each date (the map's timeline), long format.

    Parameters
    ----------
    points
        ``(date, the provinces' statuses as of that date)`` for each date of the chart.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64), ``status``, ``provinces``; one row per date and status.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for day, statuses in points:
        counts = status_counts(r.status.value for r in statuses)
        rows.extend({"date": day, "status": s, "provinces": n} for s, n in counts.items())
    frame = pd.DataFrame(rows, columns=["date", "status", "provinces"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def status_word(status: ControlStatus | str) -> str:
    """A status as the change log writes it: ``taliban``, ``no report``."""
    return str(getattr(status, "value", status)).replace("_", " ")


def change_line(change: StatusChange, n_sources: int) -> str:
    """One change log line.

    Examples
    --------
    >>> S = ControlStatus
    >>> change_line(StatusChange(dt.date(2021, 8, 12), "Herat", S.CONTESTED, S.TALIBAN), 3)
    '12 Aug: Herat contested → taliban, 3 outlets'
    >>> change_line(StatusChange(dt.date(2021, 8, 7), "Ghor", S.NO_REPORT, S.REPORTED), 0)
    '7 Aug: Ghor no report → reported'
    """
    line = (
        f"{day_label(change.day, year=False)}: {change.province} "
        f"{status_word(change.before)} → {status_word(change.after)}"
    )
    return f"{line}, {counted(n_sources, 'outlet')}" if n_sources else line


def status_bands(
    series: Mapping[str, Sequence[str]], dates: Sequence[dt.date]
) -> pd.DataFrame:
    """The province × date view: one row per run of one status, over real time.

    A run starts on the claim date its status begins and ends on the claim date it changes (the
    last one runs one day past the newest claim date); ``no_report`` runs are left out, so the
    days before a province is first named show as a gap.

    Examples
    --------
    >>> d = [dt.date(2021, 8, 7), dt.date(2021, 8, 8), dt.date(2021, 8, 12)]
    >>> bands = status_bands({"Herat": ["no_report", "contested", "taliban"]}, d)
    >>> [(b.status, b.start.day, b.end.day, b.days) for b in bands.itertuples()]
    [('contested', 8, 12, 4), ('taliban', 12, 13, 1)]
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for province in sorted(series):
        statuses = list(series[province])
        start = 0
        for i in range(1, len(statuses) + 1):
            if i < len(statuses) and statuses[i] == statuses[start]:
                continue
            status = statuses[start]
            end = dates[i] if i < len(dates) else dates[-1] + dt.timedelta(days=1)
            if status != ControlStatus.NO_REPORT.value:
                rows.append({"province": province, "status": status, "start": dates[start],
                             "end": end, "days": (end - dates[start]).days})
            start = i
    frame = pd.DataFrame(rows, columns=["province", "status", "start", "end", "days"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def picked_row(
    rows: Sequence[int], records: Sequence[Mapping[str, Any]]
) -> tuple[str, dt.date] | None:
    """The province and day of the row picked in the change log (None: no pick)."""
    if not rows or not 0 <= rows[0] < len(records):
        return None
    record = records[rows[0]]
    return str(record["province"]), _as_date(record["date"])


def picked_band(points: Sequence[Mapping[str, Any]]) -> tuple[str, dt.date] | None:
    """The province and first day of the band clicked in the province × date view: Vega gives
    the band's fields, its date as epoch milliseconds (or an ISO string)."""
    if not points or "province" not in points[0] or "start" not in points[0]:
        return None
    start = points[0]["start"]
    if isinstance(start, int | float):
        day = dt.datetime.fromtimestamp(start / 1000, tz=dt.UTC).date()
    else:
        day = _as_date(start)
    return str(points[0]["province"]), day


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])  # a pandas timestamp, an ISO string


def deciding_claim(store: Store, row: ProvinceStatus) -> Claim | None:
    """The claim that set a province's status: on the first day of its run (``since``), of the
    status shown, about the capital before the province, from the first article to say it.

    For ``reported`` it is the newest mention; for ``no_report`` there is none. Reads only that
    day's claims of the province (at most 50).
    """
    if row.status is ControlStatus.NO_REPORT or row.since is None:
        return None
    if row.status is ControlStatus.REPORTED:
        return row.claims[0] if row.claims else None
    day = store.claims(
        provinces=[row.province], date_from=row.since, date_to=row.since, review="shown",
        order="kind ASC, article_date ASC, start ASC", limit=50,
    )
    control = [c for c in day if c.status.is_control]
    chosen = next((c for c in control if c.status is row.status), None)
    return chosen or (control[0] if control else (row.claims[0] if row.claims else None))


def claim_key(claim: Claim) -> tuple[str, int, int, str]:
    """What tells two claims apart (the same article, mention and place)."""
    return (claim.article_id, claim.start, claim.end, claim.place)


def passes_review_filter(state: ReviewState | str, review: str) -> bool:
    """Whether a claim in ``state`` is listed under the review filter ``review``
    (:data:`geo.review.REVIEW_FILTERS`, or ``shown``: what the map counts).

    Examples
    --------
    >>> passes_review_filter("rejected", "rejected"), passes_review_filter("", "reviewed")
    (True, False)
    >>> passes_review_filter("confirmed", "reviewed"), passes_review_filter("rejected", "shown")
    (True, False)
    """
    state = ReviewState(state)
    return {
        "all": True,
        "shown": state is not ReviewState.REJECTED,
        "unreviewed": state is ReviewState.UNREVIEWED,
        "reviewed": state in REVIEWED_STATES,
        "rejected": state is ReviewState.REJECTED,
    }[review]


def records_of(store: Store, province: str, claims: Sequence[Claim]) -> list[ClaimRecord]:
    """The stored records (id, review state) of a province's ``claims``, in their order: one
    query per event date among them. A claim not found (removed meanwhile) is left out."""
    by_key: dict[tuple[str, int, int, str], ClaimRecord] = {}
    for day in sorted({c.event_date for c in claims}):
        for record in store.claim_records(provinces=[province], date_from=day, date_to=day):
            by_key.setdefault(claim_key(record.claim), record)
    return [by_key[claim_key(c)] for c in claims if claim_key(c) in by_key]


def capitals_on_map(rows: Iterable[ProvinceStatus]) -> int:
    """Capitals taken as the map shows them: those whose province is ``taliban`` on the date.

    Examples
    --------
    >>> S = ControlStatus
    >>> capitals_on_map([ProvinceStatus("Kunduz", "AF-KDZ", "Kunduz", S.TALIBAN, None),
    ...                  ProvinceStatus("Farah", "AF-FRA", "Farah", S.CONTESTED, None)])
    1
    """
    return sum(1 for r in rows if r.status is ControlStatus.TALIBAN)


# --------------------------------------------------------------------------------------------
# Adding articles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one uploaded file or pasted text.

    ``result`` is ``"added"``, ``"duplicate"`` (the same date and text are already stored) or
    ``"error"`` (``message`` names the source and the problem; nothing was stored).
    """

    source: str
    result: str
    message: str
    article_id: str = ""
    title: str = ""
    n_claims: int = 0
    warnings: tuple[str, ...] = ()


def ingest(
    items: Iterable[tuple[str, str | bytes]],
    store: Store,
    *,
    extractor: Extractor | None = None,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> list[IngestOutcome]:
    """Validate, extract and store uploaded or pasted articles; one bad item never stops the rest.

    Parameters
    ----------
    items
        ``(source, contents)``: ``source`` names the item in messages and becomes
        ``Article.source`` (``"upload:report.txt"``, ``"paste"``).
    store
        Where the articles and their claims go (de-duplicated by content: date and text).
    extractor
        The gazetteer matcher (default: the shipped one).
    default_date
        Date for texts without a ``date YYYY-MM-DD`` first line.
    today
        Dates after this are refused (default: today).

    Returns
    -------
    list[IngestOutcome]
        One per item, in order.
    """
    ex = extractor or default_extractor()
    outcomes: list[IngestOutcome] = []
    for source, raw in items:
        try:
            article, warnings = parse_article(
                raw, source=source, default_date=default_date, today=today
            )
        except ArticleError as exc:
            outcomes.append(IngestOutcome(source, "error", str(exc)))
            continue
        claims = extract_claims(article, ex)
        try:
            added = store.add(article, claims)
        except StoreError as exc:
            outcomes.append(IngestOutcome(source, "error", f"{source}: {exc}"))
            continue
        if added:
            message = added_message(source, article, len(claims))
        else:
            message = (
                f"{source}: already stored (same date and text as article {article.id}); "
                "nothing added"
            )
        outcomes.append(
            IngestOutcome(
                source,
                "added" if added else "duplicate",
                message,
                article.id,
                article.title,
                len(claims),
                tuple(warnings),
            )
        )
    return outcomes


def added_message(source: str, article: Article, n_claims: int) -> str:
    """What an added article is told: its claims, or that it names no place (nothing to map).

    Examples
    --------
    >>> a = Article("x", dt.date(2021, 8, 10), "Notes", "Nothing here.")
    >>> added_message("paste", a, 0)  # doctest: +NORMALIZE_WHITESPACE
    'paste: stored “Notes” (2021-08-10), but it names none of the 34 provinces or their capitals,
    so the map does not change'
    >>> added_message("paste", a, 1)
    'paste: added “Notes” (2021-08-10), 1 claim'
    """
    if n_claims == 0:
        return (
            f"{source}: stored “{article.title}” ({article.date.isoformat()}), but it names none "
            "of the 34 provinces or their capitals, so the map does not change"
        )
    day = article.date.isoformat()
    return f"{source}: added “{article.title}” ({day}), {counted(n_claims, 'claim')}"


def outcome_kind(outcome: IngestOutcome) -> str:
    """How the dashboard shows an outcome: ``success``, ``warning`` (stored, but no claim),
    ``info`` (already stored) or ``error``."""
    if outcome.result == "added":
        return "success" if outcome.n_claims else "warning"
    return {"duplicate": "info"}.get(outcome.result, "error")


UPLOAD_TYPES: Final[tuple[str, ...]] = tuple(
    suffix.lstrip(".") for suffix in SOURCE_SUFFIXES
)
"""The extensions the upload takes: every format `geo.formats` reads (an ACLED export is a .csv)."""

ERRORS_SHOWN: Final = 50
"""Bad records listed per uploaded file; the rest are counted."""


def ingest_files(
    files: Iterable[tuple[str, bytes]],
    store: Store,
    *,
    extractor: Extractor | None = None,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
    batch_size: int = 200,
) -> list[IngestOutcome]:
    """Read, extract and store uploaded files of every format; one bad file or record never
    stops the rest.

    A file is read by its extension (`geo.formats.iter_upload`); a ``.csv`` with ACLED's columns
    is imported as ACLED events (`geo.acled`). A file that holds one article (``.txt``,
    ``.html``) gets the outcome `ingest` gives; a feed, table or JSON Lines file gets one outcome
    that counts its records, then one error per bad record (the first `ERRORS_SHOWN`).

    Parameters
    ----------
    files
        ``(file name, contents)``; ``source`` is ``upload:<name>``.
    store
        Where articles and claims go (de-duplicated by content).
    extractor
        The gazetteer matcher (default: the shipped one).
    default_date
        Date for articles without one.
    today
        Dates after this are refused (default: today).
    batch_size
        Articles per store transaction for files of many records.

    Returns
    -------
    list[IngestOutcome]
        In file order.
    """
    ex = extractor or default_extractor()
    outcomes: list[IngestOutcome] = []
    for name, data in files:
        source = f"upload:{name}"
        kind = format_of(name)
        if kind == "table" and _is_acled(data):
            outcomes.extend(_upload_acled(source, data, store, ex, today=today))
        elif kind in ("text", "html"):
            outcomes.extend(
                _upload_one(r, store, ex)
                for r in iter_upload(name, data, source=source, default_date=default_date,
                                     today=today)
            )
        else:
            results = iter_upload(name, data, source=source, default_date=default_date,
                                  today=today)
            outcomes.extend(_upload_many(source, results, store, ex, batch_size=batch_size))
    return outcomes


def _is_acled(data: bytes) -> bool:
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff").splitlines()
    names = set(re.split(r"[,;\t|]", head[0].lower())) if head else set()
    return {n.strip().strip('"') for n in names} >= ACLED_MARKER_COLUMNS


def _upload_one(result: LoadResult, store: Store, extractor: Extractor) -> IngestOutcome:
    if result.article is None:
        return IngestOutcome(result.path, "error", result.error or f"{result.path}: unreadable",
                             warnings=result.warnings)
    article = result.article
    claims = extract_claims(article, extractor)
    try:
        added = store.add(article, claims)
    except StoreError as exc:
        return IngestOutcome(result.path, "error", f"{result.path}: {exc}")
    if added:
        message = added_message(result.path, article, len(claims))
    else:
        message = (
            f"{result.path}: already stored (same date and text as article {article.id}); "
            "nothing added"
        )
    return IngestOutcome(result.path, "added" if added else "duplicate", message, article.id,
                         article.title, len(claims), result.warnings)


def _upload_many(
    source: str,
    results: Iterable[LoadResult],
    store: Store,
    extractor: Extractor,
    *,
    batch_size: int,
) -> list[IngestOutcome]:
    errors: list[IngestOutcome] = []
    warnings: list[str] = []
    n_failed = n_new = n_known = n_claims = 0
    batch: list[tuple[Article, list[Claim]]] = []

    def flush() -> None:
        nonlocal n_new, n_known, n_claims, batch
        if not batch:
            return
        known = store.known_ids(a.id for a, _ in batch)
        fresh = {a.id: (a, c) for a, c in batch if a.id not in known}
        added = store.add_many(fresh.values(), batch_size=max(1, len(fresh)))
        n_new += added
        n_known += len(batch) - added
        n_claims += sum(len(c) for _, c in fresh.values())
        batch = []

    try:
        for result in results:
            warnings.extend(result.warnings)
            if result.article is None:
                n_failed += 1
                if len(errors) < ERRORS_SHOWN:
                    errors.append(IngestOutcome(result.path, "error", result.error or ""))
                continue
            batch.append((result.article, extract_claims(result.article, extractor)))
            if len(batch) >= batch_size:
                flush()
        flush()
    except StoreError as exc:
        errors.append(IngestOutcome(source, "error", f"{source}: {exc}"))
    return [_many_outcome(source, n_new, n_known, n_failed, n_claims, warnings), *errors,
            *_more(source, n_failed)]


def _many_outcome(
    source: str, n_new: int, n_known: int, n_failed: int, n_claims: int, warnings: list[str]
) -> IngestOutcome:
    message = (
        f"{source}: {counted(n_new, 'article')} added ({counted(n_claims, 'claim')}), "
        f"{n_known:,} already stored, {n_failed:,} failed"
    )
    result = "added" if n_new else ("duplicate" if n_known else "error")
    return IngestOutcome(source, result, message, n_claims=n_claims, warnings=tuple(warnings))


def _more(source: str, n_failed: int) -> list[IngestOutcome]:
    if n_failed <= ERRORS_SHOWN:
        return []
    return [IngestOutcome(source, "error", f"{source}: and {n_failed - ERRORS_SHOWN} more bad "
                          "records (read the file with python -m geo ingest to list them all)")]


def _upload_acled(
    source: str, data: bytes, store: Store, extractor: Extractor, *, today: dt.date | None
) -> list[IngestOutcome]:
    from geo.acled import import_acled, iter_acled

    errors: list[IngestOutcome] = []
    warnings: list[str] = []

    def error(message: str) -> None:
        if len(errors) < ERRORS_SHOWN:
            errors.append(IngestOutcome(source, "error", message))

    try:
        report = import_acled(
            iter_acled(data, source=source, gazetteer=extractor.gazetteer, today=today),
            store, on_error=error, on_warning=warnings.append,
        )
    except StoreError as exc:
        return [IngestOutcome(source, "error", f"{source}: {exc}")]
    result = "added" if report.n_new else ("duplicate" if report.n_skipped else "error")
    summary = IngestOutcome(source, result, f"{source}: ACLED export: {report.summary()}",
                            n_claims=report.n_new, warnings=tuple(warnings))  # a claim a row
    return [summary, *errors, *_more(source, report.n_failed)]


def source_line(article: Article) -> str:
    """Who published an article and where it is, as safe HTML: ``AP · <a href=...>link</a>``.

    Only ``http(s)`` addresses become links (``rel="noopener noreferrer"``, a new tab); any other
    address is shown as text. Everything is escaped.

    Examples
    --------
    >>> a = Article("x", dt.date(2021, 8, 10), "T", "t", outlet="AP <b>", url="https://a.b/?q&r")
    >>> print(source_line(a))  # doctest: +NORMALIZE_WHITESPACE
    AP &lt;b&gt; · <a href="https://a.b/?q&amp;r" target="_blank"
    rel="noopener noreferrer">a.b</a>
    >>> source_line(Article("x", dt.date(2021, 8, 10), "T", "t", url="javascript:alert(1)"))
    'javascript:alert(1)'
    """
    parts = [html.escape(article.outlet)] if article.outlet else []
    if article.url:
        parts.append(link(article.url))
    return " · ".join(parts)


_URL_RE = re.compile(r"https?://(?P<host>[^/\s?#]+)[^\s]*\Z", re.IGNORECASE)


def link(url: str) -> str:
    """An ``http(s)`` address as a safe link showing its host; anything else as escaped text."""
    match = _URL_RE.match(url.strip())
    if match is None:
        return html.escape(url)
    return (
        f'<a href="{html.escape(url.strip(), quote=True)}" target="_blank" '
        f'rel="noopener noreferrer">{html.escape(match["host"])}</a>'
    )


@dataclass(frozen=True, slots=True)
class SeedReport:
    """The outcome of loading the seed folder into the store."""

    folder: str
    added: int = 0
    known: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def folder_fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """``(name, mtime_ns, size)`` of each article file (`geo.formats.SOURCE_SUFFIXES`) directly in
    ``folder`` (empty if none).

    A cache key that changes when a seed file is added, removed or edited.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return ()
    out = []
    for entry in entries:
        if entry.name.lower().endswith(SOURCE_SUFFIXES) and not entry.name.startswith("."):
            try:
                st = entry.stat()
            except OSError:
                continue
            out.append((entry.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_seeds(folder: Path, store: Store, *, extractor: Extractor | None = None) -> SeedReport:
    """Add the seed folder's articles that the store does not hold yet.

    Bad files become ``errors`` (one message each), never an exception.
    """
    ex = extractor or default_extractor()
    articles, failures, warnings = read_inputs([folder])
    known = store.known_ids(a.id for a in articles)
    new: list[Article] = [a for a in articles if a.id not in known]
    errors = [f.error or f"{f.path}: could not be read" for f in failures]
    try:
        added = store.add_many((a, extract_claims(a, ex)) for a in new)
    except StoreError as exc:
        errors.append(str(exc))
        added = 0
    return SeedReport(str(folder), added, len(known), tuple(errors), tuple(warnings))


# --------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------


def claims_geojson(frame: pd.DataFrame) -> str:
    """Claims (a :func:`geo.pipeline.claims_frame`) as GeoJSON points at their place (EPSG:4326).

    Claims without coordinates get a null geometry.
    """
    import geopandas as gpd
    from shapely.geometry import Point

    from geo.settings import CRS

    lon = frame["lon"].astype(float)
    lat = frame["lat"].astype(float)
    located = lon.notna() & lat.notna()
    points = [
        Point(x, y) if ok else None for x, y, ok in zip(lon, lat, located, strict=True)
    ]
    gdf = gpd.GeoDataFrame(frame.drop(columns=["lat", "lon"]), geometry=points, crs=CRS)
    return str(gdf.to_json(drop_id=True, na="null"))


DIRECT_EXPORT_CLAIMS: Final = 20_000
"""Claims exports up to this many claims are made when their button is clicked; larger ones are
first written to a file with a progress bar (env ``AFMAP_DIRECT_EXPORT`` overrides it)."""


def direct_export_limit(environ: Mapping[str, str]) -> int:
    """`DIRECT_EXPORT_CLAIMS`, or ``AFMAP_DIRECT_EXPORT`` when it is a whole number >= 0.

    Examples
    --------
    >>> direct_export_limit({}), direct_export_limit({"AFMAP_DIRECT_EXPORT": "5"})
    (20000, 5)
    >>> direct_export_limit({"AFMAP_DIRECT_EXPORT": "lots"})
    20000
    """
    value = environ.get("AFMAP_DIRECT_EXPORT", "")
    return int(value) if value.isdigit() else DIRECT_EXPORT_CLAIMS


def status_article_ids(rows: Iterable[ProvinceStatus]) -> set[str]:
    """The articles behind the provinces' statuses (their deciding claims)."""
    return {a for r in rows for a in r.article_id.split(" | ") if a}


def status_titles(
    rows: Iterable[ProvinceStatus], refs: Mapping[str, tuple[str, str, str]]
) -> dict[str, str]:
    """ISO code -> the titles of the articles behind the province's status, " | "-joined (the id
    where the title is unknown): the exported map's popups name articles by title."""
    out = {}
    for r in rows:
        ids = [a for a in r.article_id.split(" | ") if a]
        out[r.iso_3166_2] = " | ".join((refs.get(a, ("",))[0] or a) for a in ids)
    return out


def capitals_frame(extractor: Extractor, statuses: Mapping[str, str]) -> pd.DataFrame:
    """The 34 capitals with the status of their province, for the map's capital markers."""
    import pandas as pd

    rows: list[dict[str, Any]] = [
        {
            "capital": p.name,
            "province": p.province,
            "lat": p.lat,
            "lon": p.lon,
            "status": statuses.get(p.province, ControlStatus.NO_REPORT.value),
        }
        for p in sorted(extractor.gazetteer.capitals.values(), key=lambda p: p.province)
    ]
    return pd.DataFrame(rows, columns=["capital", "province", "lat", "lon", "status"])


# --------------------------------------------------------------------------------------------
# The map inside streamlit-folium
# --------------------------------------------------------------------------------------------

LEGEND_TITLE_SELECTOR: Final = "#afmap-legend .afmap-title, #afmap-legend summary"
"""Where :mod:`geo.render` puts the legend's title (its ``_legend_html``); kept in step by hand."""

_LEGEND_TITLE_JS: Final = """
(function () {
    var title = document.querySelector(%s);
    if (title) { title.textContent = %s; }
    var frameTitle = %s;
    try {  /* the component's frame is served by this app: name it for screen readers */
        if (frameTitle && window.frameElement) { window.frameElement.title = frameTitle; }
    } catch (e) { /* a frame of another origin: keep its title */ }
    document.title = frameTitle || document.title;
    /* The province list beside the map is the keyboard's way in: Leaflet's tooltips make every
       shape a Tab stop (71 unlabelled ones); take them out of the Tab order as they come. */
    var unfocus = function () {
        document.querySelectorAll("path.leaflet-interactive:not([tabindex])").forEach(
            function (p) { p.setAttribute("tabindex", "-1"); });
    };
    unfocus();
    /* Leaflet focuses the map on a mouse press; where the map's bottom is below the fold that
       scrolled the page between press and release, and the click was lost. Focus, no scroll. */
    var box = document.querySelector(".leaflet-container");
    if (box && !box.__afmapFocus) {
        box.__afmapFocus = box.focus;
        box.focus = function () { box.__afmapFocus.call(box, {preventScroll: true}); };
    }
    if (!window.__afmapUnfocus && window.MutationObserver) {
        window.__afmapUnfocus = new MutationObserver(unfocus);
        window.__afmapUnfocus.observe(document.body, {childList: true, subtree: true});
    }
})();
"""


def split_for_streamlit(
    m: folium.Map, *, legend_title: str, popups: bool = False, frame_title: str = ""
) -> folium.FeatureGroup:
    """Move a :func:`geo.render.build_map` map's data layers into a FeatureGroup for ``st_folium``.

    ``st_folium`` keys its iframe on the map's script: when the colours change (a new date) the
    whole map is rebuilt and the user's zoom and pan are lost. Passing the data layers (the
    province GeoJson and the capitals) as ``feature_group_to_add`` instead keeps the base map's
    script, and so the iframe and the view, the same; only the layers are swapped.

    The legend's title, drawn once with the base map, is updated by a small script in the group
    (``legend_title`` is JSON-encoded, never pasted as HTML).

    The provinces' click popups are dropped unless ``popups``: in the dashboard a click selects
    the province, which reruns the script and redraws the layers with the selection outlined, so
    a popup would close a moment after it opened; the side panel shows the evidence instead.

    Parameters
    ----------
    m
        A map from ``build_map``; its GeoJson and FeatureGroup children are moved out.
    legend_title
        The legend title for this date ("Province status as of 10 Aug 2021").
    popups
        Keep the provinces' ``GeoJsonPopup``.
    frame_title
        The title of the map's frame ("Map of Afghanistan's 34 provinces ..."), set by the same
        script (JSON-encoded) for screen readers.

    Returns
    -------
    folium.FeatureGroup
        The layers, to pass as ``st_folium(m, feature_group_to_add=...)``.
    """
    import json

    import folium
    from branca.element import Element, Figure, MacroElement
    from folium.template import Template

    # The map fills its frame, also where the page's CSS makes the frame lower (a phone); not
    # while the frame is still 0 px high (Leaflet would fit the bounds into nothing).
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(
        Element("<style>@media (min-height: 1px) { #map_div { height: 100vh !important; } }"
                "</style>"),
        name="afmap_fill",
    )
    group = folium.FeatureGroup(name="Province status", control=False)
    for name, child in list(m._children.items()):
        if isinstance(child, (folium.GeoJson, folium.FeatureGroup)):
            del m._children[name]
            group.add_child(child, name=name)
            if not popups and isinstance(child, folium.GeoJson):
                for key, grandchild in list(child._children.items()):
                    if isinstance(grandchild, folium.GeoJsonPopup):
                        del child._children[key]

    retitle = MacroElement()
    retitle._name = "LegendTitle"
    script = _LEGEND_TITLE_JS % (
        json.dumps(LEGEND_TITLE_SELECTOR),
        json.dumps(legend_title).replace("</", "<\\/"),
        json.dumps(frame_title).replace("</", "<\\/"),
    )
    retitle._template = Template(
        "{% macro script(this, kwargs) %}" + script + "{% endmacro %}"
    )
    group.add_child(retitle)
    return group


# --------------------------------------------------------------------------------------------
# Reviews: badges, histories, labels (escaped HTML)
# --------------------------------------------------------------------------------------------

REVIEW_FILTER_LABELS: Final[dict[str, str]] = {
    "all": "All",
    "unreviewed": "Unreviewed",
    "reviewed": "Reviewed",
    "rejected": "Rejected",
}
"""The claim lists' review filter (geo.review.REVIEW_FILTERS) as the sidebar names them."""

REVIEW_COLOURS: Final[dict[str, str]] = {
    "confirmed": "#1d6b35",
    "corrected": "#6a3d9a",
    "rejected": "#555555",
    "added": "#8a5a00",
    "": "#555555",
}
"""Text colour of a review badge, by state (each >= 4.5:1 on white)."""


def review_badge(record: ClaimRecord, *, today: dt.date | None = None) -> str:
    """A claim's review in words: its latest review (``corrected to government by A. Rahimi,
    3 Dec``), or ``unreviewed``."""
    if record.latest is None:
        return record.state.label
    return record.latest.describe(today=today)


def review_badge_html(record: ClaimRecord, *, today: dt.date | None = None) -> str:
    """:func:`review_badge` as an escaped HTML badge, coloured by state ("" when unreviewed)."""
    if record.latest is None and record.state is ReviewState.UNREVIEWED:
        return ""
    colour = REVIEW_COLOURS.get(record.state.value, "#555555")
    return (
        f'<span class="afmap-review" data-state="{html.escape(record.state.label)}" '
        f'style="color:{colour};border:1px solid {colour};border-radius:3px;padding:0 5px;'
        f'font-size:0.85em">{html.escape(review_badge(record, today=today))}</span>'
    )


def history_html(reviews: Sequence[Review]) -> str:
    """A claim's reviews, oldest first, as an escaped, collapsed HTML list ("" when none).

    Examples
    --------
    >>> history_html([])
    ''
    """
    if not reviews:
        return ""
    items = "".join(f"<li>{html.escape(r.line())}</li>" for r in reviews)
    return (
        f'<details class="afmap-history"><summary>History ({len(reviews)} review'
        f'{"s" if len(reviews) != 1 else ""})</summary>'
        f'<ul style="margin:2px 0 0 0;padding-left:18px">{items}</ul></details>'
    )


def claim_label(record: ClaimRecord, *, limit: int = 60) -> str:
    """How a claim is named in a picker: ``10 Aug 2021 · Kunduz · taliban · “Insurgents …” ·
    e9582291`` (plain text; widgets escape it)."""
    c = record.claim
    quote = " ".join(c.evidence.split())
    if len(quote) > limit:
        quote = quote[: limit - 1].rsplit(" ", 1)[0] + "…"
    kind = " province" if c.kind.value == "province" and c.place == c.province else ""
    state = f" [{record.state.label}]" if record.state is not ReviewState.UNREVIEWED else ""
    return (
        f"{c.event_date.day} {c.event_date:%b %Y} · {c.place}{kind} · {c.status.value}{state} · "
        f"“{quote}” · {short_id(record.claim_id)}"
    )


def place_choices(extractor: Extractor) -> dict[str, Place]:
    """The 68 places an analyst can pick, by label (``Kunduz (city)``, ``Kunduz province``),
    capitals then provinces, each sorted."""
    out: dict[str, Place] = {}
    for place in sorted(extractor.gazetteer.capitals.values(), key=lambda p: p.name):
        out[f"{place.name} (city)"] = place
    for place in sorted(extractor.gazetteer.provinces.values(), key=lambda p: p.name):
        out[f"{place.name} province"] = place
    return out


def place_label(place: Place) -> str:
    """The :func:`place_choices` label of a place."""
    return f"{place.name} (city)" if place.kind.value == "capital" else f"{place.name} province"
