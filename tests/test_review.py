"""Tests for geo.review: states and values, undo, claim identity, carry-over, input checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

import pytest

from geo.errors import ReviewError
from geo.gazetteer import load_gazetteer
from geo.review import (
    Action,
    Change,
    Review,
    ReviewState,
    Values,
    analyst_claim,
    carry_over,
    changes,
    check_event_date,
    check_note,
    check_reviewer,
    claim_uid,
    claim_uids,
    next_values,
    parse_claim_id,
    parse_event_date,
    parse_status,
    short_day,
    undo_target,
)
from geo.types import Claim, ControlStatus, DatePrecision, PlaceKind

DAY = dt.date(2021, 8, 10)
AT = dt.datetime(2024, 12, 3, 9, 30, tzinfo=dt.UTC)
GAZETTEER = load_gazetteer()


def claim(place: str = "Kunduz", start: int = 10, end: int = 16, **fields: object) -> Claim:
    values: dict[str, object] = {
        "article_id": "a" * 16,
        "article_date": DAY,
        "place": place,
        "kind": PlaceKind.CAPITAL,
        "province": place,
        "iso_3166_2": "AF-KDZ",
        "status": ControlStatus.TALIBAN,
        "event_date": DAY,
        "date_precision": DatePrecision.WEEK,
        "claimant": "",
        "evidence": f"{place} fell.",
        "cues": "fell",
        "start": start,
        "end": end,
        "surface": place,
        "lat": 36.7,
        "lon": 68.9,
    }
    values.update(fields)
    return Claim(**values)  # type: ignore[arg-type]


def review(rid: int, action: Action, before: Values | None, after: Values, **kw: object) -> Review:
    return Review(rid, "c1", "a" * 16, AT, "A. Rahimi", action, before, after, **kw)  # type: ignore[arg-type]


# --- values ---------------------------------------------------------------------------------------


def test_values_round_trip_through_json_and_onto_a_claim() -> None:
    c = claim()
    v = Values.of(c, ReviewState.CONFIRMED)
    back = Values.from_json(v.to_json())
    assert back == v
    nan = Values.from_json(Values.of(claim(lat=math.nan, lon=math.nan)).to_json())
    assert math.isnan(nan.lat)
    assert math.isnan(nan.lon)
    moved = dataclasses.replace(v, status=ControlStatus.GOVERNMENT, event_date=dt.date(2021, 8, 7))
    applied = moved.apply(c)
    assert (applied.status, applied.event_date, applied.evidence, applied.start) == (
        ControlStatus.GOVERNMENT, dt.date(2021, 8, 7), c.evidence, c.start
    )


def test_a_correction_of_the_place_takes_the_gazetteer_place_and_a_new_date_is_a_day() -> None:
    v = Values.of(claim())
    province = GAZETTEER.provinces["Kunduz"]
    after = Change(place=province, event_date=dt.date(2021, 8, 8)).apply_to(v)
    assert (after.state, after.place, after.kind, after.province, after.iso_3166_2) == (
        ReviewState.CORRECTED, "Kunduz", PlaceKind.PROVINCE, "Kunduz", province.iso_3166_2
    )
    assert (after.lat, after.lon) == (province.lat, province.lon)
    assert (after.event_date, after.date_precision) == (dt.date(2021, 8, 8), DatePrecision.DAY)
    same_date = Change(status=ControlStatus.GOVERNMENT, event_date=DAY).apply_to(v)
    assert same_date.date_precision is DatePrecision.WEEK  # the date did not change
    assert changes(v, after) == ["Kunduz province", "8 Aug 2021"]


# --- the next state -------------------------------------------------------------------------------


def test_confirm_reject_correct_undo() -> None:
    extracted = Values.of(claim())
    confirmed = next_values(Action.CONFIRM, extracted, extracted)
    assert confirmed.state is ReviewState.CONFIRMED
    assert confirmed.same_reading(extracted)
    rejected = next_values(Action.REJECT, confirmed, extracted)
    assert rejected.state is ReviewState.REJECTED
    corrected = next_values(
        Action.CORRECT, confirmed, extracted, change=Change(status=ControlStatus.GOVERNMENT)
    )
    assert (corrected.state, corrected.status) == (ReviewState.CORRECTED, ControlStatus.GOVERNMENT)
    history = [
        review(1, Action.CONFIRM, extracted, confirmed),
        review(2, Action.CORRECT, confirmed, corrected),
    ]
    assert next_values(Action.UNDO, corrected, extracted, target=undo_target(history)) == confirmed
    history.append(review(3, Action.UNDO, corrected, confirmed, undoes=2))
    back = next_values(Action.UNDO, confirmed, extracted, target=undo_target(history))
    assert back == extracted  # undone twice: the extractor's reading again
    history.append(review(4, Action.UNDO, confirmed, extracted, undoes=1))
    assert undo_target(history) is None


def test_undo_back_to_unreviewed_takes_what_the_extractor_reads_now() -> None:
    old = Values.of(claim())
    now = dataclasses.replace(old, event_date=dt.date(2021, 8, 9))  # a re-extraction moved it
    confirmed = old.with_state(ReviewState.CONFIRMED)
    target = review(1, Action.CONFIRM, old, confirmed)
    assert next_values(Action.UNDO, confirmed, now, target=target) == now


def test_undoing_an_analysts_claim_hides_it() -> None:
    added = Values.of(claim(), ReviewState.ADDED)
    target = review(1, Action.ADD, None, added)
    after = next_values(Action.UNDO, added, added, target=target)
    assert after.state is ReviewState.REJECTED
    assert after.same_reading(added)


@pytest.mark.parametrize(
    ("action", "change", "message"),
    [
        (Action.CORRECT, None, "needs a new status"),
        (Action.CORRECT, Change(status=ControlStatus.TALIBAN), "nothing to correct.*confirm it"),
        (Action.UNDO, None, "nothing to undo"),
        (Action.ADD, None, "not a review of an existing claim"),
    ],
)
def test_reviews_that_change_nothing_are_refused(
    action: Action, change: Change | None, message: str
) -> None:
    v = Values.of(claim())
    with pytest.raises(ReviewError, match=message):
        next_values(action, v, v, change=change)


def test_badges_say_what_who_and_when() -> None:
    v = Values.of(claim())
    corrected = dataclasses.replace(
        v, state=ReviewState.CORRECTED, status=ControlStatus.GOVERNMENT
    )
    today = dt.date(2024, 12, 9)
    assert review(1, Action.CORRECT, v, corrected).describe(today=today) == (
        "corrected to government by A. Rahimi, 3 Dec"
    )
    assert review(2, Action.REJECT, v, v.with_state(ReviewState.REJECTED)).describe(
        today=dt.date(2025, 1, 1)
    ) == "rejected by A. Rahimi, 3 Dec 2024"
    assert review(3, Action.UNDO, corrected, v, undoes=1).describe(today=today) == (
        "review undone (back to unreviewed) by A. Rahimi, 3 Dec"
    )
    line = review(1, Action.CORRECT, v, corrected, note="called the governor").line()
    assert "taliban · Kunduz (capital) · 2021-08-10 → government" in line
    assert line.endswith("[corrected] — called the governor")
    assert short_day(dt.date(2021, 8, 8), today=dt.date(2021, 12, 1)) == "8 Aug"


# --- identity -------------------------------------------------------------------------------------


def test_claim_ids_are_stable_and_distinct() -> None:
    a = claim_uid("0123456789abcdef", "Kunduz", 10, 16)
    assert a == claim_uid("0123456789abcdef", "Kunduz", 10, 16)
    assert re.fullmatch(r"0123456789abcdef-[0-9a-f]{10}", a)
    others = {
        claim_uid("0123456789abcdef", "Farah", 10, 16),
        claim_uid("0123456789abcdef", "Kunduz", 11, 16),
        claim_uid("0123456789abcdef", "Kunduz", 10, 17),
        claim_uid("fedcba9876543210", "Kunduz", 10, 16),
    }
    assert a not in others
    assert len(others) == 4
    twins = [claim(), claim(), claim(start=20, end=26)]
    ids = claim_uids(twins)
    assert len(set(ids)) == 3
    assert ids[0] == claim_uid("a" * 16, "Kunduz", 10, 16)


def test_carry_over_same_id_first_then_the_largest_overlap_of_the_same_place() -> None:
    new = [
        claim(start=10, end=25),  # "Kunduz province" where "Kunduz" was
        claim(start=100, end=106),  # unchanged
        claim("Farah", start=200, end=205),
        claim(start=300, end=306),
    ]
    uids = claim_uids(new)
    reviewed = [
        (uids[1], "Kunduz", 100, 106),  # same id
        ("old-kunduz", "Kunduz", 10, 16),  # widened
        ("old-farah", "Farah", 190, 196),  # moved away: no overlap
        ("old-herat", "Herat", 300, 306),  # the place is another now
        ("old-near", "Kunduz", 12, 14),  # overlaps claim 0 too, but it is taken
    ]
    assert carry_over(reviewed, new, uids) == {1: uids[1], 0: "old-kunduz"}
    assert carry_over([], new, uids) == {}


# --- checks at the edge ---------------------------------------------------------------------------


def test_claim_ids_statuses_dates_names_notes_are_checked() -> None:
    assert parse_claim_id(" E9582291 ") == "e9582291"
    assert parse_claim_id("0E5DC57BE2BDA8C3-0992fa419f") == "0e5dc57be2bda8c3-0992fa419f"
    assert parse_claim_id("0e5dc57b-0992") == "0e5dc57b-0992"
    assert parse_claim_id("Analyst-1A2B") == "analyst-1a2b"
    for bad in ("abc", "-e958", "0" * 17, "0e5dc57b-" + "0" * 11, "<script>", "e958 2291",
                "not-an-id", "analyst", "zzzz0000"):
        with pytest.raises(ReviewError, match="is not a claim id"):
            parse_claim_id(bad)
    assert parse_status("CONTESTED") is ControlStatus.CONTESTED
    with pytest.raises(ReviewError, match="'no_report' is not one of"):
        parse_status("no_report")
    assert parse_event_date("2021-08-08", article_date=DAY) == dt.date(2021, 8, 8)
    today = dt.date(2024, 1, 1)
    for text, message in [
        ("08/08/2021", "not in the form YYYY-MM-DD"),
        ("2021-02-30", "out of range"),
        ("1850-01-01", "before 1900"),
        ("2024-01-02", "in the future"),
        ("2021-08-11", "after its article's date 2021-08-10"),
    ]:
        with pytest.raises(ReviewError, match=message):
            parse_event_date(text, article_date=DAY, today=today)
    assert check_event_date(dt.date(2023, 5, 1), article_date=None, today=today)
    assert check_reviewer("  A.   Rahimi ") == "A. Rahimi"
    names = [("   ", "needs the reviewer"), ("a\x1bb", "control"), ("x" * 81, "at most")]
    for bad, message in names:
        with pytest.raises(ReviewError, match=message):
            check_reviewer(bad)
    assert check_note("  line one\nline two\t ") == "line one\nline two"
    for bad, message in [("bell\x07", "control"), ("x" * 2001, "at most 2,000")]:
        with pytest.raises(ReviewError, match=message):
            check_note(bad)


def test_an_analyst_claim_has_no_article_and_its_source_as_evidence() -> None:
    farah = GAZETTEER.provinces["Farah"]
    c = analyst_claim(
        farah, ControlStatus.GOVERNMENT, dt.date(2021, 8, 12), by=" A. Rahimi ",
        note="phone call with a council member", today=dt.date(2024, 1, 1),
    )
    assert (c.article_id, c.place, c.kind, c.status, c.event_date, c.article_date) == (
        "", "Farah", PlaceKind.PROVINCE, ControlStatus.GOVERNMENT, dt.date(2021, 8, 12),
        dt.date(2021, 8, 12),
    )
    assert (c.evidence, c.claimant, c.via, c.sources) == (
        "phone call with a council member", "A. Rahimi", "analyst", "analyst: A. Rahimi"
    )
    with pytest.raises(ReviewError, match="needs its source"):
        analyst_claim(farah, ControlStatus.TALIBAN, DAY, by="A", note="  ")
    with pytest.raises(ReviewError, match="in the future"):
        analyst_claim(farah, ControlStatus.TALIBAN, dt.date(2030, 1, 1), by="A", note="x",
                      today=dt.date(2024, 1, 1))
    with pytest.raises(ReviewError, match="cannot be claimed"):
        analyst_claim(farah, ControlStatus.NO_REPORT, DAY, by="A", note="x")
