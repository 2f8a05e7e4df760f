"""Wires the layers: articles -> mentions -> statuses -> dated claims -> geocoded, joined tables."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geo.dates import DAY_LABEL, DateExpression, find_dates, pick_event_date
from geo.extraction import (
    PlaceMatcher,
    dateline_agency,
    find_mentions,
    list_items,
    split_sentences,
)
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.status import PAST_ASIDE, WINDOW, Assessment, assess
from geo.text import spreadsheet_cell
from geo.timeline import ProvinceStatus, province_status
from geo.types import (
    CLAIM_COLUMNS,
    STATUS_COLUMNS,
    Article,
    Claim,
    ControlStatus,
    DatePrecision,
    EventDate,
    EventType,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from geo.articles import LoadResult
    from geo.lexicon import Lexicon


REPUBLIC_FELL = dt.date(2021, 8, 15)
"""The day the Taliban took Kabul; ACLED codes them as Afghanistan's state forces after it."""


@dataclass(frozen=True)
class Extractor:
    """The gazetteer, its compiled matcher and the lexicon (None: the shipped
    ``data/lexicon.toml``): build once, reuse for every article."""

    gazetteer: Gazetteer
    matcher: PlaceMatcher
    lexicon: Lexicon | None = None

    @classmethod
    def build(cls, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> Extractor:
        """Load the shipped gazetteer (or use the one given) and compile the matcher."""
        gazetteer = gazetteer or load_gazetteer()
        return cls(gazetteer, PlaceMatcher(gazetteer), lexicon)

    def provinces(self) -> list[tuple[str, str, str]]:
        """``(province, iso_3166_2, capital)`` of the 34 provinces, sorted by ISO code."""
        return sorted(
            ((p.province, p.iso_3166_2, p.capital) for p in self.gazetteer.provinces.values()),
            key=lambda t: t[1],
        )


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The shipped gazetteer's extractor, built once per process."""
    return Extractor.build()


def extract_claims(article: Article, extractor: Extractor | None = None) -> list[Claim]:
    """Every claim one article makes: place, status, event date, claimant, evidence, offsets.

    ``lat``/``lon`` are the gazetteer's (the capital, or the shipped point inside the province);
    :func:`geocode_and_join` geocodes with geopy and joins to the polygons. Mentions inside other
    names ("Kunduz provincial council") are dropped; "the city" only yields a claim when it
    carries a control status.
    """
    ex = extractor or default_extractor()
    text = article.text
    sentences = split_sentences(text)
    mentions = find_mentions(text, ex.matcher, sentences)
    if not mentions:
        return []
    assessments = assess(text, mentions, sentences, article_date=article.date, lexicon=ex.lexicon)
    sources = article.outlet or dateline_agency(text)
    items = list_items(text) if "\n" in text else []
    headings = _date_headings(text, article.date) if "\n" in text else []
    claims: list[Claim] = []
    read_from: list[Assessment] = []  # the assessment of each claim
    dates_cache: dict[tuple[int, int], list] = {}
    previous: EventDate | None = None  # the latest event date of the sentences before
    latest: EventDate | None = None
    sentence: tuple[int, int] | None = None
    for i, a in enumerate(assessments):
        m = a.mention
        if (m.sentence_start, m.sentence_end) != sentence:  # "a day earlier" counts from there
            sentence, previous = (m.sentence_start, m.sentence_end), latest or previous
        if m.via == "anaphor" and not a.status.is_control:
            continue
        key = a.date_span or (m.sentence_start, m.sentence_end)
        exprs = dates_cache.get(key)
        if exprs is None:
            exprs = find_dates(text, article.date, start=key[0], end=key[1])
            dates_cache[key] = exprs
        # Dates within WINDOW characters of the event, and not behind "since"/"before" ...
        nearby = exprs
        if len(exprs) > 8:  # only an endless sentence has this many
            starts = [e.start for e in exprs]
            nearby = exprs[
                bisect_left(starts, a.anchor - WINDOW) : bisect_left(starts, a.anchor + WINDOW)
            ]
        usable = [e for e in nearby if not _other_event(text, a.anchor, e.start, e.end)]
        if len(usable) > 1:
            usable = [e for e in usable if not _measured_since(text, e)] or usable
        # "took Kunduz on Sunday and Taloqan on Monday": a date right after the place is its own.
        following = (
            assessments[i + 1].mention.start
            if i + 1 < len(assessments) and assessments[i + 1].mention.start < m.sentence_end
            else m.sentence_end
        )
        own = next(
            (
                e
                for e in usable
                if m.end <= e.start
                and not e.future
                and (
                    (e.start < following and "," not in text[m.end : e.start])
                    or (
                        _APPOSITIVE_THEN.fullmatch(text, m.end, e.start) is not None
                        and _CLAUSE_END.match(text, e.end) is not None
                    )
                )
            ),
            None,
        ) or next(
            (  # "Kunduz, Sar-e Pul and Taluqan on Sunday": the group's date is each one's
                e
                for e in usable
                if m.end <= e.start <= m.end + 80 and not e.future
                and _NAMES_THEN.fullmatch(text, m.end, e.start)
            ),
            None,
        )
        if a.date_span is not None:
            when = pick_event_date(exprs, a.date_span[0], article.date)
        elif own is not None and own.start > a.anchor:
            when = pick_event_date(usable, own.start, article.date, previous=previous)
        else:
            when = pick_event_date(usable, a.anchor, article.date, span=a.clause, previous=previous)
        when = _days_before(text, m.sentence_start, a.anchor, when, m.sentence_end)
        if when.precision is DatePrecision.ARTICLE and previous is not None and (
            _SAME_TIME.match(text, m.sentence_start)
            or _ALSO_SAID.match(text, m.sentence_start, m.sentence_end)
            or (
                _THAT_TIME.search(text, *a.clause)
                and not _NOW.search(text, max(0, a.anchor - 30), a.anchor)
            )
        ):  # ("Residents who fled that night said the Taliban now hold Taloqan": today's state)
            when = EventDate(previous.date, previous.precision, "same day as the sentence before")
        if when.precision is DatePrecision.ARTICLE:
            when = _item_date(text, article.date, items, m.start) or when
        if when.precision is DatePrecision.ARTICLE and headings:
            when = _under_heading(headings, m.start) or when
        if when.precision is not DatePrecision.ARTICLE:
            latest = when
        event_type = a.event_type
        if (
            a.actor.side == "taliban" and a.status is ControlStatus.TALIBAN
            and event_type in (EventType.OVERTAKES, EventType.REGAINS)
        ):
            # ACLED counts the Taliban as the state's forces from the fall of the Republic on
            event_type = EventType.REGAINS if when.date > REPUBLIC_FELL else EventType.OVERTAKES
        place = m.place
        read_from.append(a)
        claims.append(
            Claim(
                article_id=article.id,
                article_date=article.date,
                place=place.name,
                kind=place.kind,
                province=place.province,
                iso_3166_2=place.iso_3166_2,
                status=a.status,
                event_date=when.date,
                date_precision=when.precision,
                claimant=a.claimant,
                evidence=quote(text, m.sentence_start, m.sentence_end, m.start, m.end),
                cues="; ".join(a.cues),
                start=m.start,
                end=m.end,
                surface=m.surface,
                via="locator" if a.locates else m.via,
                note=a.note,
                actor=a.actor,
                actor_text=a.actor_text,
                event_type=event_type,
                sources=sources,
                lat=place.lat,
                lon=place.lon,
            )
        )
    return _refer_back(_sequences(claims, read_from))


def _sequences(claims: list[Claim], assessments: Sequence[Assessment]) -> list[Claim]:
    """A capture and a retake the text attributes to opposite sides, days apart ("the Taliban
    said they took Qalat on Monday ... the ministry said forces retook it on Thursday"), are a
    sequence, not a dispute: each keeps its outcome (the timeline's latest day decides)."""
    by_start = {c.start: c for c in claims}
    out = list(claims)
    for i, (c, a) in enumerate(zip(claims, assessments, strict=True)):
        if a.outcome is None or not a.outcome_against:
            continue
        others = [by_start[s] for s in a.outcome_against if s in by_start]
        if others and all(
            abs((o.event_date - c.event_date).days) > 1 for o in others  # not the same day
        ):
            note = c.note.split("Disputed. ", 1)[0].strip()
            out[i] = replace(c, status=a.outcome, note=note)
    return out


_NOMINAL_OUTCOME = re.compile(
    r"(?:the\s+)?(?:loss|fall|capture|seizure|takeover|conquest|occupation|surrender|handover|"
    r"recapture|retaking)\s+of", re.I
)


def _refer_back(claims: list[Claim]) -> list[Claim]:
    """"The loss of Kunduz dented the argument ...", said with no day after the text told when
    Kunduz fell: the noun names that event again, so it takes that event's date (not the
    article's, which would make an old fall the latest news)."""
    out = list(claims)
    for i, c in enumerate(claims):
        nominal = bool(c.cues) and bool(_NOMINAL_OUTCOME.fullmatch(c.cues.split("; ")[0].strip()))
        if c.date_precision is not DatePrecision.ARTICLE or not nominal:
            continue
        told = next(
            (x for x in reversed(out[:i]) if x.place == c.place and x.kind is c.kind
             and x.status is c.status and x.date_precision is not DatePrecision.ARTICLE),
            None,
        )
        if told is not None:
            out[i] = replace(c, event_date=told.event_date, date_precision=told.date_precision)
    return out


def _item_date(
    text: str, article_date: dt.date, items: Sequence[tuple[int, int]], pos: int
) -> EventDate | None:
    """The date heading the list item that holds ``pos`` ("- Aug. 7 - SHEBERGHAN. ..."), if any."""
    for x, y in items:
        if x <= pos < y:
            head = find_dates(text, article_date, start=x, end=min(y, x + 40))
            day = next((e for e in head if not e.future and e.date is not None), None)
            if day is not None and day.date is not None:
                return EventDate(min(day.date, article_date), day.precision, day.text)
            return None
    return None


# A line that is only a date ("Aug. 12:", "Thursday, August 12", "12 August 2021 -") heads the
# paragraphs of a timeline below it, to the next such line.
_DATE_HEADING = re.compile(
    rf"^[ \t]*{DAY_LABEL}[ \t]*[:.\-\u2013\u2014]?[ \t]*$",
    re.M | re.I,
)
# Another heading (a short line of its own with no full stop, "WHAT COMES NEXT") ends a section.
_OTHER_HEADING = re.compile(r"^[ \t]*(?=[^\n]*[A-Za-z])[^\n.!?\u201d\"]{3,60}[ \t]*$", re.M)


def _date_headings(text: str, article_date: dt.date) -> list[tuple[int, EventDate | None]]:
    """Where each date heading of a timeline stands, and its day."""
    out: list[tuple[int, EventDate | None]] = []
    for h in _DATE_HEADING.finditer(text):
        day = next((e for e in find_dates(text, article_date, start=h.start(), end=h.end())
                    if not e.future and e.date is not None), None)
        if day is not None and day.date is not None:
            out.append((h.end(), EventDate(min(day.date, article_date), day.precision, day.text)))
    if not out:
        return []
    dated = {pos for pos, _ in out}
    for h in _OTHER_HEADING.finditer(text, out[0][0]):
        if h.end() not in dated and not _DATE_HEADING.match(text, h.start()):
            out.append((h.end(), None))  # a heading of another kind closes the section above it
    return sorted(out, key=lambda x: x[0])


def _under_heading(headings: Sequence[tuple[int, EventDate | None]], pos: int) -> EventDate | None:
    """The day of the date heading above ``pos`` (a timeline's section), if any."""
    i = bisect_left([h for h, _ in headings], pos) - 1
    return headings[i][1] if i >= 0 else None


_LEADING_PHRASE = re.compile(r"\s*(?:Having|After|Following|Since|Before|Until|Despite)\b")

_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?-i:[A-Z])|\n")
# Names in a row before a date: "Kunduz, Sar-e Pul and Taluqan on Sunday".
_NAMES_THEN = re.compile(
    r"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?-i:[A-Z])[\w'-]+(?:[\s-]+(?-i:[A-Z])[\w'-]+){0,2})+\s+"
)
# A date behind one of these words belongs to another event: "the biggest gain since the group
# launched its offensive in May", "a week before the withdrawal on Aug. 31".
# ("before dawn on 14 November" is a time of day, not another event.)
_OTHER_EVENT = re.compile(
    r"\b(?:since|before(?!\s+(?:dawn|daybreak|first\s+light|sunrise|sunup|sunset|dusk|nightfall|"
    r"noon|midday|midnight|daylight)\b)|until|because|launched|began|begun|started)\b",
    re.I,
)
# "the first provincial capital to fall since 2001", "the biggest attack since May": the date
# after a superlative's "since" is what it is measured against, never the event's own.
_SINCE_MEASURE = re.compile(
    r"\b(?:first|only|biggest|largest|greatest|worst|deadliest|bloodiest|heaviest|fiercest|"
    r"strongest|longest|highest|most|major|last)\b[^.;]{0,80}$",
    re.I,
)
_CLAUSE_END = re.compile(r"\s*(?:[.;,]|\s(?:and|but)\s|$)")


def _measured_since(text: str, e: DateExpression) -> bool:
    """"On Sept. 28, 2015, the Taliban seized Kunduz, the first provincial capital to fall since
    2001": the date after a superlative's "since" is what it is measured against (but not in
    "the worst since 2015, when Kunduz fell", whose "when" tells the event of that date)."""
    return (
        text[e.start : e.start + 5].lower() == "since"
        and _SINCE_MEASURE.search(text, max(0, e.start - 80), e.start) is not None
        and not text.startswith(", when", e.end)
    )


# "besieged Tarin Kot, the capital of Uruzgan, on Sept. 8": an appositive between a place and
# its date ("the capital of Uruzgan, " itself, for the province named in it).
_APPOSITIVE_THEN = re.compile(
    r"(?:,\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:capital|centre|center|city|seat)\s+of\s+"
    r"(?:the\s+)?(?-i:[A-Z])[\w'-]+(?:[\s-]+(?-i:[A-Z])[\w'-]+){0,2}(?:\s+province)?)?,\s+",
    re.I,
)


EVIDENCE_LIMIT = 1200
"""Longest evidence quote kept whole; longer sentences are quoted around the mention."""


def quote(text: str, sentence_start: int, sentence_end: int, start: int, end: int) -> str:
    """The evidence for a mention at ``text[start:end]``: its sentence, or, for a sentence longer
    than :data:`EVIDENCE_LIMIT` (a page with no full stop), the words around the mention.

    Examples
    --------
    >>> quote("Kunduz fell. Herat held.", 13, 24, 13, 18)
    'Herat held.'
    >>> len(quote("x " * 5000 + "Kunduz fell " + "y " * 5000, 0, 22012, 10000, 10006)) < 1300
    True
    """
    if sentence_end - sentence_start <= EVIDENCE_LIMIT:
        return text[sentence_start:sentence_end]
    half = EVIDENCE_LIMIT // 2
    a = max(sentence_start, start - half)
    b = min(sentence_end, end + half)
    if a > sentence_start:
        a = text.find(" ", a, start) + 1 or a
    if b < sentence_end:
        b = text.rfind(" ", end, b) if text.rfind(" ", end, b) > end else b
    lead = "\u2026 " if a > sentence_start else ""
    tail = " \u2026" if b < sentence_end else ""
    return lead + text[a:b] + tail


def _other_event(text: str, anchor: int, start: int, end: int) -> bool:
    """A date that belongs to another event than the one at ``anchor``: one after it behind
    "since", "before", "launched" ... ("captured it a week before the withdrawal on Aug. 31"), or
    one right behind such a word wherever it stands ("since the offensive began in May")."""
    if start > anchor and _OTHER_EVENT.search(text, anchor, start):
        return True
    if "year" in text[start:end].lower():  # "the Taliban, ousted 20 years ago, captured Kandahar"
        lo = text.rfind(",", 0, start)
        hi = text.find(",", end)
        if (
            lo >= 0 and hi >= 0 and not lo < anchor < hi
            and not _SENTENCE_BREAK.search(text, lo, start)
            and not _SENTENCE_BREAK.search(text, end, hi)
        ):
            return True  # (a comma on both sides: not "Last year, the Taliban overran Kunduz")
    for aside in PAST_ASIDE.finditer(text, max(0, min(anchor, start) - 200), max(anchor, end) + 1):
        if aside.start() <= start < aside.end() and not aside.start() <= anchor < aside.end():
            return True  # "attacks around Kunduz, which the Taliban overran last year"
    other = _OTHER_EVENT.search(text, max(0, start - 30), start)
    if other is not None and not other.end() <= anchor < start and not (
        0 <= anchor - end <= 4 and _OFFENSIVE.search(text, max(0, other.start() - 40), start)
    ):  # (nor "launched an offensive on Monday to overrun Ghazni": the purpose right after it;
        # but "talks started on Sunday to hand over Ghazni" tell of no handover yet)
        return True  # (but "before the Taliban took Herat in 1995": the anchor's own date)
    if end <= anchor:  # "Having taken 200 districts last month, the Taliban turned on the cities"
        cut = max(text.rfind(",", 0, end), text.rfind(".", 0, start), text.rfind("\n", 0, start))
        lead = _LEADING_PHRASE.match(text, cut + 1 if cut >= 0 else 0)
        if lead is not None and lead.end() <= start and "," in text[end:anchor]:
            return True
    return False


# "Fierce fighting raged on Sunday. By evening the city had fallen.": the day goes on.
_SAME_TIME = re.compile(
    r"(?:By\s+(?:evening|nightfall|night|midday|noon|then|afternoon)|Later\s+that\s+day|"
    r"Hours\s+later|Minutes\s+later|Shortly\s+(?:after|afterwards)|Soon\s+after|Within\s+hours|"
    r"That\s+(?:evening|night|afternoon))\b"
)

# "Alliance troops entered the city that night": the day of the sentence before
_THAT_TIME = re.compile(
    r"\b(?:(?:later\s+)?that|the\s+same)\s+(?:night|evening|afternoon|morning|day)\b", re.I
)
_NOW = re.compile(r"\bnow\b", re.I)
_OFFENSIVE = re.compile(
    r"\b(?:offensives?|counter-?offensives?|operations?|attacks?|assaults?|push|campaign|drive|bid|"
    r"advance|onslaught|raids?)\b", re.I
)
_ALSO_SAID = re.compile(  # "A Taliban spokesman also said the group had taken Taleqan": the
    # same report as the sentence before, so the same day
    r"(?:(?-i:[A-Z])[\w'.-]*)(?:\s+[\w'.-]+){0,6}?\s+(?:also|further|separately)\s+"
    r"(?:said|says|claimed|claims|announced|reported|told|stated|wrote|tweeted)\b",
    re.I,
)
_DAYS_AFTER = re.compile(
    r"\b(a|one|two|three|four|five|six|\d{1,2})\s+(days?|weeks?)\s+after\s+(?:\w+\s+){0,2}$",
    re.I,
)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _days_before(
    text: str, sentence_start: int, anchor: int, when: EventDate, sentence_end: int | None = None
) -> EventDate:
    """"captured Sheberghan on Saturday, a day after seizing Zaranj": Zaranj is a day earlier
    (unless the day is said after the event: "three days after the opposition drove the Taliban
    out of Mazar on Friday" is Friday)."""
    m = _DAYS_AFTER.search(text, max(sentence_start, anchor - 40), anchor)
    if not m or when.precision is not DatePrecision.DAY:
        return when
    end = len(text) if sentence_end is None else sentence_end
    if when.cue and text.find(when.cue, anchor, end) != -1:
        return when
    n = _NUMBERS.get(m.group(1).lower()) or int(m.group(1))
    weeks = m.group(2).lower().startswith("week")
    try:
        day = when.date - dt.timedelta(days=7 * n if weeks else n)
    except OverflowError:  # an article dated in the first days of year 1
        return when
    precision = DatePrecision.WEEK if weeks else DatePrecision.DAY
    return EventDate(day, precision, f"{m.group().strip()} {when.cue}")


def status_rows(
    claims: Iterable[Claim], as_of: dt.date | None = None, extractor: Extractor | None = None
) -> list[ProvinceStatus]:
    """The 34 provinces' statuses as of a date (see :func:`geo.timeline.province_status`)."""
    ex = extractor or default_extractor()
    return province_status(claims, ex.provinces(), as_of)


def claims_frame(claims: Sequence[Claim]) -> pd.DataFrame:
    """Claims as a DataFrame with the columns of :data:`geo.types.CLAIM_COLUMNS`."""
    import pandas as pd

    rows = [{col: _cell(getattr(c, col)) for col in CLAIM_COLUMNS} for c in claims]
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


ARTICLE_COLUMNS: tuple[str, ...] = ("title", "outlet", "url")
"""Columns every claims export adds after the claim's own: its article's title, outlet and URL."""


def with_article_columns(
    frame: pd.DataFrame, articles: Iterable[Article] | Mapping[str, tuple[str, str, str]]
) -> pd.DataFrame:
    """Add :data:`ARTICLE_COLUMNS` (and the articles' ``meta`` columns) to a claims table.

    Parameters
    ----------
    frame
        A claims table with ``article_id``.
    articles
        The articles, or article id -> ``(title, outlet, url)``.

    Returns
    -------
    pandas.DataFrame
        A copy with ``title``, ``outlet`` and ``url`` (empty where unknown), then one column per
        ``meta`` name of the articles (a CSV row's extra columns).
    """
    out = frame.copy()
    if isinstance(articles, Mapping):
        refs: Mapping[str, tuple[str, str, str]] = articles
        metas: dict[str, dict[str, str]] = {}
    else:
        listed = list(articles)
        refs = {a.id: (a.title, a.outlet, a.url) for a in listed}
        metas = {a.id: dict(a.meta) for a in listed if a.meta}
    ids = out["article_id"]
    for i, column in enumerate(ARTICLE_COLUMNS):
        out[column] = [refs[a][i] if a in refs else "" for a in ids]
    names = list(dict.fromkeys(k for meta in metas.values() for k in meta))
    for name in names:
        column = name if name not in out.columns else f"meta_{name}"
        out[column] = [metas.get(a, {}).get(name, "") for a in ids]
    if "geometry" in out.columns:  # keep the geometry last, as GeoDataFrames have it
        out = out[[c for c in out.columns if c != "geometry"] + ["geometry"]]
    return out


def status_frame(rows: Sequence[ProvinceStatus]) -> pd.DataFrame:
    """Province statuses as a DataFrame with :data:`geo.types.STATUS_COLUMNS` (34 rows)."""
    import pandas as pd

    data = [
        {
            "province": r.province,
            "iso_3166_2": r.iso_3166_2,
            "capital": r.capital,
            "status": r.status.value,
            "since": r.since.isoformat() if r.since else "",
            "evidence": r.evidence,
            "article_id": r.article_id,
            "claimant": r.claimant,
            "n_claims": r.n_claims,
            "n_sources": r.n_sources,
            "disputed_by": r.disputed_text,
        }
        for r in rows
    ]
    return pd.DataFrame(data, columns=list(STATUS_COLUMNS))


def _cell(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (ControlStatus, DatePrecision)) or hasattr(value, "value"):
        return getattr(value, "value", value)
    return value


def status_geoframe(
    rows: Sequence[ProvinceStatus], provinces: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Province statuses joined to their polygons by ISO 3166-2 code (34 rows, EPSG:4326)."""
    import geopandas as gpd

    table = status_frame(rows)
    merged = provinces[["iso_3166_2", "geometry"]].merge(table, on="iso_3166_2", how="left")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=provinces.crs)


def province_points(gazetteer: Gazetteer) -> dict[str, tuple[float, float]]:
    """Province name -> ``(lat, lon)`` of its shipped point (inside the polygon)."""
    return {p.province: (p.lat, p.lon) for p in gazetteer.provinces.values()}


def geocode_and_join(
    claims: Sequence[Claim],
    provinces: gpd.GeoDataFrame,
    *,
    geocoder=None,
) -> gpd.GeoDataFrame:
    """Geocode each claim with geopy (the offline gazetteer geocoder unless one is given) and join
    the points to the province polygons with geopandas.

    Returns the claims table plus ``geometry``, ``join_province`` and ``join_iso``: the province
    whose polygon holds the point. The map colours provinces by the claim's own ``province``
    (a capital's claim colours its province); the join is the spatial check of that, and what
    places a point geocoded by name (``python -m geo geocode``) in a province.
    """
    from geo.boundaries import join_points
    from geo.geocoding import geocode_claims, make_geocoder

    ex = default_extractor()
    if geocoder is None:
        geocoder = make_geocoder(ex.gazetteer, province_points(ex.gazetteer))
    located = geocode_claims(claims, geocoder)
    return join_points(claims_frame(located), provinces)


def read_inputs(
    paths: Iterable[Path], *, default_date: dt.date | None = None
) -> tuple[list[Article], list[LoadResult], list[str]]:
    """Articles from files and folders of every format (`geo.formats`), the failed inputs (with
    their error), and warnings.

    A bad file or record never raises: it comes back in the failures with a message naming it.
    """
    from geo.formats import iter_inputs as iter_paths

    articles: list[Article] = []
    failures: list[LoadResult] = []
    warnings: list[str] = []
    for result in iter_paths(paths, default_date=default_date):
        warnings.extend(result.warnings)
        if result.article is not None:
            articles.append(result.article)
        else:
            failures.append(result)
    return articles, failures, warnings




def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas: a cell starting with
    ``= + - @``, tab or carriage return gets a leading apostrophe (OWASP CSV injection)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(spreadsheet_cell)
    return safe

