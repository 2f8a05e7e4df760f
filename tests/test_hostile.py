"""Bad input, hostile text and crashes: the CLI, the pipeline, the map and the store keep working.

Each bad input and payload tried here has a row in tests/README.md.
"""

from __future__ import annotations

import datetime as dt

from geo.articles import parse_article
from geo.pipeline import Extractor, extract_claims
from geo.types import DatePrecision


def test_a_day_before_year_1_does_not_crash_extraction(extractor: Extractor) -> None:
    # Was: OverflowError in pipeline._days_before ("a day after" shifted 0001-01-01 back a day).
    art, _ = parse_article(
        "date 0001-01-01\nToday Taliban captured Sheberghan, a day after seizing Zaranj.\n",
        source="year1.txt",
    )
    claims = {c.place: c for c in extract_claims(art, extractor)}
    assert claims["Sheberghan"].event_date == dt.date(1, 1, 1)
    assert claims["Zaranj"].event_date == dt.date(1, 1, 1)
    assert claims["Zaranj"].date_precision is DatePrecision.DAY
