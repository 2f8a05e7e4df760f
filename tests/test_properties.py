"""Properties of the extractor on arbitrary text (hypothesis): it never raises, every offset points
at its surface text, statuses and precisions stay in their sets, no event date is after the article.

The text strategy mixes random unicode (Dari/Pashto script, control and combining characters) with
the pieces the extractor reacts to: every gazetteer spelling in several forms, control cue words,
date wording, datelines, quotes and sentence punctuation, so examples reach the rules rather than
bouncing off the name pre-filter.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geo.articles import article_id, parse_article
from geo.dates import find_dates
from geo.errors import ArticleError
from geo.extraction import find_mentions, split_sentences
from geo.gazetteer import load_gazetteer
from geo.pipeline import Extractor, extract_claims
from geo.types import Article, ControlStatus, DatePrecision, PlaceKind

_GAZETTEER = load_gazetteer()
_EXTRACTOR = Extractor.build(_GAZETTEER)

CLAIM_STATUSES = frozenset(s for s in ControlStatus if s is not ControlStatus.NO_REPORT)
PRECISIONS = frozenset(DatePrecision)
KINDS = frozenset(PlaceKind)

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _variants(name: str) -> list[str]:
    """A spelling as journalists write it: as is, upper case (datelines), hyphens/spaces swapped,
    with a diacritic, glued to "province" / "city" / "provincial capital"."""
    out = [name, name.upper(), name.replace("-", " "), name.replace(" ", "-")]
    out.append(name.replace("a", "ā", 1).replace("i", "ī", 1))
    out += [f"{name} province", f"{name} Province", f"{name} city", f"{name} provincial capital"]
    out += [f"the province of {name}", f"{name}'s", f"{name}-based", f"{name} provincial council"]
    return out


SPELLINGS = sorted({v for s in _GAZETTEER.spellings for v in _variants(s)})
ANAPHORS = (
    "the city", "The city", "the provincial capital", "a province of the same name",
    "the Afghan capital", "this strategic city",
)  # fmt: skip
CUES = (
    "captured", "fell to the Taliban", "fell", "has fallen", "seized", "overran", "took control of",
    "planted their flag in", "surrendered without a fight", "entered", "attacked", "besieged",
    "fierce clashes in", "under pressure", "airstrikes on", "repelled an attack on", "retook",
    "recaptured", "remains under government control", "still holds", "denied", "did not fall",
    "claims were false", "moving in on", "closing in on", "threatened", "fled to", "could fall",
    "not", "never", "would", "a Taliban spokesman said", "tweeted", "according to officials,",
    "the governor", "government forces", "Taliban fighters", "the insurgents", "loss of",
    "handed over", "the airport", "a day after", "two days after seizing", "while", "but",
)  # fmt: skip
DATES = (
    "on Sunday", "Monday", "late Tuesday night", "today", "tonight", "yesterday", "last night",
    "Aug. 6", "6 August", "August 6, 2021", "Dec. 30", "Feb. 29", "August 31", "in April",
    "in 2015", "last week", "this week", "last month", "next Monday", "next year", "a day later",
    "the previous day", "3 days ago", "two days earlier", "overnight", "this morning",
    "on the weekend", "Jan. 1, 0001", "Dec. 31, 9999", "31 February", "in May 2021",
)  # fmt: skip
PUNCTUATION = (
    ". ", ", ", "; ", ": ", "\n", "\n\n", "\r\n", " — ", " - ", "!", "?", '"', "“", "”", "'",
    "’", "(", ")", "...", ".", " ", "  ", "\t", "\u00a0", "\u200b", "\ufeff",
)  # fmt: skip
DATELINES = (
    "KABUL, Afghanistan (AP) —", "KANDAHAR, Afghanistan (AFP) -", "HERAT:",
    "Kabul, Aug. 10 (Reuters) -",
)  # fmt: skip
OTHER_SCRIPTS = (
    "کابل", "قندهار", "کندز", "طالبان", "هرات", "ولایت", "شهر", "سقوط کرد", "کابل ښار",
    "د طالبانو", "Кабул", "坎大哈", "٣", "۲۰۲۱", "\u200c", "\u202e", "\u0301",
)  # fmt: skip

piece = st.one_of(
    st.sampled_from(SPELLINGS),
    st.sampled_from(ANAPHORS),
    st.sampled_from(CUES),
    st.sampled_from(DATES),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(DATELINES),
    st.sampled_from(OTHER_SCRIPTS),
    st.text(max_size=12),  # any unicode, control characters included
    st.sampled_from(("Taliban", "the", "of", "in", "and", "said", "city", "province", "Gen.")),
)
texts = st.lists(
    st.tuples(piece, st.sampled_from((" ", " ", " ", "", ", ", ". ", "\n"))), max_size=40
).map(lambda parts: "".join(p + sep for p, sep in parts))
# Any day an article file may carry (year 1 to today): extreme dates are valid input too.
article_dates = st.one_of(
    st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2025, 12, 31)),
    st.dates(max_value=dt.date.today()),
)


def _article(text: str, date: dt.date) -> Article:
    return Article(article_id(date, text), date, text[:80], text, "hypothesis")


# Shrunk examples hypothesis once found, kept so they are always tried.
FOUND = (
    # a day before 0001-01-01: OverflowError in pipeline._days_before (fixed)
    ("Today Taliban captured Sheberghan, a day after seizing Zaranj.", dt.date(1, 1, 1)),
)


@example(*FOUND[0])
@example("", dt.date(2021, 8, 10))
@example("KABUL, Afghanistan (AP) — Kunduz fell on Sunday; the city was lost.", dt.date(2021, 8, 9))
@example("Kunduz\nprovince fell.", dt.date(2021, 8, 10))
@PROPERTY_SETTINGS
@given(text=texts, date=article_dates)
def test_extraction_never_raises_and_claims_are_well_formed(text: str, date: dt.date) -> None:
    article = _article(text, date)
    claims = extract_claims(article, _EXTRACTOR)
    for c in claims:
        assert text[c.start : c.end] == c.surface, c
        assert c.surface, c
        assert c.status in CLAIM_STATUSES, c
        assert c.date_precision in PRECISIONS, c
        assert c.kind in KINDS, c
        assert c.event_date <= date, c
        assert c.article_id == article.id
        assert c.article_date == date


@PROPERTY_SETTINGS
@given(text=texts)
def test_mentions_point_at_their_surface(text: str) -> None:
    sentences = split_sentences(text)
    for a, b in sentences:
        assert 0 <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
    assert sentences == sorted(sentences)
    for m in find_mentions(text, _EXTRACTOR.matcher, sentences):
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start : m.end] == m.surface, m
        assert m.place.kind in KINDS, m


@PROPERTY_SETTINGS
@given(text=texts, date=article_dates)
def test_date_expressions_point_at_their_text_and_only_future_ones_pass_the_article(
    text: str, date: dt.date
) -> None:
    for e in find_dates(text, date):
        assert text[e.start : e.end] == e.text, e
        assert e.precision in PRECISIONS, e
        if e.kind == "relative":  # an offset from the event before, no date of its own
            assert e.date is None, e
        else:
            assert e.date is not None, e
            assert e.future or e.date <= date, e


# What a file or a paste can start with: date lines good and bad, byte-order marks, magic numbers.
HEADS = (
    b"", b"date 2021-08-10\n", b"\xef\xbb\xbfdate 2021-08-10\r\n", b"DATE: 2021-02-29\n",
    b"date 0000-01-01\n", b"date 0001-01-01\n", b"date 2021-13-01\n", b"date 9999-12-31\n",
    b"\xff\xfe", b"\xfe\xff", b"  \n date 2021-08-10\n", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n",
)  # fmt: skip
raw_inputs = st.one_of(
    st.tuples(st.sampled_from(HEADS), st.binary(max_size=300)).map(lambda t: t[0] + t[1]),
    st.tuples(
        st.sampled_from(HEADS).map(lambda b: b.decode("latin-1")),
        st.lists(texts | st.text(st.characters(categories=["Cs"]), max_size=2), max_size=3),
    ).map(lambda t: t[0] + "".join(t[1])),  # str, as pasted or from JSON: lone surrogates too
)


@PROPERTY_SETTINGS
@given(raw=raw_inputs, default=st.none() | article_dates)
def test_any_input_gives_an_article_or_one_line_message_naming_it(
    raw: bytes | str, default: dt.date | None
) -> None:
    today = dt.date(2021, 8, 20)
    try:
        article, warnings = parse_article(raw, source="in.txt", default_date=default, today=today)
    except ArticleError as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        assert message.startswith("in.txt: "), message
        assert "\n" not in message, message
        return
    assert article.date <= today
    assert article.text.strip()
    assert "\r" not in article.text
    article.text.encode("utf-8")  # storable: no lone surrogates left
    assert all(w.startswith("in.txt: ") for w in warnings)
    extract_claims(article, _EXTRACTOR)
