"""The fast paths of the reading give the answers of the plain forms they replace.

Each shortcut (a pattern rewritten so the regex engine can skip ahead, a scan tried only where
its words stand, a text folded once) is checked against the plain form on every sentence of the
development and held-out articles in ``eval/``, and on sentences of our own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from geo import dates, extraction, status
from geo.extraction import split_sentences
from geo.text import WordScan, fold, fold_span

EVAL = Path(__file__).resolve().parents[1] / "eval"

# The plain forms, as they were before they were rewritten for speed.
PLAIN_SENT_END = re.compile(
    r"""[.!?]+["'\u201d\u2019)\]]*(?=\s)|\n\s*\n|\n(?=\s*[A-Z"\u201c])"""
    r"""|\n(?=[ \t]*[\u2022*\u2013\u2014-][ \t])"""
)
PLAIN_QUOTES = re.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")
PLAIN_SPLIT_AT = re.compile(
    r"[;,]|\s+(?=(?:and|while|whereas|but|as|before|until|only)\s|[-\u2013\u2014]\s)", re.I
)

OURS = [
    "Taliban fighters entered Farah late Tuesday, a day after they took Kunduz.",
    "\u201cWe have left the city,\u201d said a council member; the governor\u2019s office denied.",
    "Neither Herat nor Kandahar had been taken, the ministry said on Sunday, Aug. 15.",
    "- Aug. 7 - SHEBERGHAN. The insurgents take the northern city.\n\nMore follows.",
    "Fighting raged throughout the beginning of next April, in mid-2015 and on 2021-08-06.",
    "The district fell a couple of days ago, and the city the day before yesterday.",
    # a reviewer's inputs that broke a first version: runs of dashes between the words, a long s
    "It began throughout the beginning of - - - - next April; it fell in early - - - - - - - 2001.",
    "Fighting began in \u017feptember near Kunduz; the city had not been \u017feized.",
]


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    files = sorted(EVAL.glob("*/*.txt")) + sorted(EVAL.glob("*/articles/*.txt"))
    return tuple(OURS) + tuple(f.read_text(encoding="utf-8") for f in files)


@lru_cache(maxsize=1)
def _sentences() -> tuple[str, ...]:
    return tuple(t[a:b] for t in _texts() for a, b in split_sentences(t))


def test_the_corpus_is_there() -> None:
    assert len(_texts()) > 500
    assert len(_sentences()) > 10_000


@pytest.mark.parametrize(
    ("fast", "plain", "unit"),
    [
        (extraction._SENT_END, PLAIN_SENT_END, "texts"),
        (status._QUOTES, PLAIN_QUOTES, "sentences"),
        (status._SPLIT_AT, PLAIN_SPLIT_AT, "sentences"),
    ],
    ids=["sentence ends", "quote marks", "clause cuts"],
)
def test_a_rewritten_pattern_matches_where_its_plain_form_does(
    fast: re.Pattern[str], plain: re.Pattern[str], unit: str
) -> None:
    for t in _texts() if unit == "texts" else _sentences():
        spans = [m.span() for m in fast.finditer(t)]
        assert spans == [m.span() for m in plain.finditer(t)], t[:200]


def test_dates_are_found_where_the_whole_pattern_finds_them() -> None:
    for t in _texts():
        gated = [m.span() for m in dates._matches(t, 0, len(t))]
        assert gated == [m.span() for m in dates._PATTERN.finditer(t)], t[:200]


def test_every_date_phrase_has_an_anchor_in_reach() -> None:
    # A phrase added to the table without one would never be tried: this names it.
    for phrase in dates._PHRASES:
        text = f"Fighting began {phrase} near the city."
        pos = text.index(phrase)
        assert dates._anchored(text, pos, len(text)), phrase
        assert dates._PATTERN.match(text, pos) is not None, phrase


def test_the_denial_scan_is_tried_only_where_its_verbs_stand() -> None:
    for s in _sentences():
        found = status._NOT_TAKEN.finditer(s)
        plain = any(not status._ACTIVE_TAKE.search(m.group()) for m in found)
        assert status._not_taken(s, 0, len(s)) == plain, s
    assert status._not_taken("The ministry said neither had been captured.", 0, 44)
    assert not status._not_taken("The ministry said neither city had been reinforced.", 0, 50)


def test_a_span_folded_from_the_whole_text_is_the_span_folded() -> None:
    for t in _texts()[:200]:
        for a, b in split_sentences(t):
            assert fold_span(t, a, b) == fold(t[a:b])
    assert fold_span("Mazār-e Sharīf’s fall", 0, 16) == "Mazar-e Sharif's"


def test_a_word_scan_finds_what_its_pattern_finds() -> None:
    """The speech verbs found in the lowered text, checked against the plain pattern on every
    eval sentence and on windows of random strings (case, word edges, non-ASCII)."""
    import random

    scan = WordScan(r"\b(?:said|says|say|told)\b(?:\s+(?:on|late|early|in)\s+\w+)?(?:\s+that)?")
    for s in _sentences():
        assert [m.span() for m in scan.finditer(s)] == [m.span() for m in scan.plain.finditer(s)]
    rng = random.Random(7)
    tokens = ["said", "SAYS", "say", "told", "unsaid", "saying", "on", "late", "Monday", "that",
              "_said", "said_", "2said", "x", ",", ".", "\n", "\u00e9", "\u017fays", " ", "  "]
    for _ in range(20_000):
        n = rng.randint(0, 12)
        t = "".join(rng.choice(tokens) + rng.choice([" ", "", ","]) for _ in range(n))
        a = rng.randint(0, len(t))
        b = rng.randint(a, len(t))
        fast = [m.span() for m in scan.finditer(t, a, b)]
        assert fast == [m.span() for m in scan.plain.finditer(t, a, b)], (t, a, b)
