"""Tests for geo.timeline: how claims from many articles fold into a province's status over time.

The rules are DEFINITIONS' "Status over time" (docs/DEFINITIONS.md); the tests quote them. Inputs
are real `Claim` values built by hand, so each test says exactly what the texts claimed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from geo.timeline import (
    OLD_EVENT_DAYS,
    RUN_GAP_DAYS,
    ProvinceStatus,
    article_voice,
    day_status,
    day_voices,
    fold_days,
    is_old,
    place_states,
    province_status,
    source_of,
    speaks_against,
    voice,
)
from geo.types import Claim, ControlStatus, DatePrecision, EventType, PlaceKind

S = ControlStatus
E = EventType
CAPITAL, PROVINCE = PlaceKind.CAPITAL, PlaceKind.PROVINCE

PROVINCES = [("Kunduz", "AF-KDZ", "Kunduz"), ("Nimroz", "AF-NIM", "Zaranj"),
             ("Ghor", "AF-GHO", "Chaghcharan")]
"""``(province, iso_3166_2, capital)`` in output order, as `province_status` takes them."""
ISO = {name: iso for name, iso, _ in PROVINCES}


def aug(day: int) -> dt.date:
    return dt.date(2021, 8, day)


def claim(
    status: ControlStatus,
    event_date: dt.date,
    event_type: EventType = E.OTHER,
    *,
    article: str = "a",
    article_date: dt.date | None = None,
    place: str = "Kunduz",
    kind: PlaceKind = CAPITAL,
    province: str | None = None,
    start: int = 0,
    sources: str = "",
    **fields: Any,
) -> Claim:
    """A claim of ``article`` about ``place`` (by default: Kunduz, the city, reported the day it
    happened); ``fields`` set the other `Claim` fields."""
    province = province or place
    values: dict[str, Any] = {
        "article_id": article,
        "article_date": article_date or event_date,
        "place": place,
        "kind": kind,
        "province": province,
        "iso_3166_2": ISO.get(province, "AF-XXX"),
        "status": status,
        "event_date": event_date,
        "date_precision": DatePrecision.DAY,
        "claimant": "",
        "evidence": f"{place}: {status.value} ({article} @{start})",
        "cues": "",
        "start": start,
        "end": start + len(place),
        "surface": place,
        "event_type": event_type,
        "sources": sources,
    }
    values.update(fields)
    return Claim(**values)


def row_of(
    claims: list[Claim], as_of: dt.date | None = None, province: str = "Kunduz"
) -> ProvinceStatus:
    """The `ProvinceStatus` of one province."""
    rows = province_status(claims, PROVINCES, as_of)
    return next(r for r in rows if r.province == province)


# --------------------------------------------------------------------------- voices


@pytest.mark.parametrize(
    ("status", "event_type", "expected"),
    [
        (S.TALIBAN, E.OVERTAKES, "T"),  # "captured", "fell to the Taliban"
        (S.TALIBAN, E.TRANSFER, "T"),  # "surrendered without a fight"
        (S.GOVERNMENT, E.REGAINS, "G"),  # "retook", "recaptured"
        (S.GOVERNMENT, E.CLASH, "G"),  # "repelled an attack on"
        (S.CONTESTED, E.OVERTAKES, "D"),  # a capture claimed and denied
        (S.CONTESTED, E.REGAINS, "D"),
        (S.CONTESTED, E.TRANSFER, "D"),
        (S.CONTESTED, E.CLASH, "C"),  # "fierce clashes in"
        (S.CONTESTED, E.ATTACK, "C"),
        (S.CONTESTED, E.AIR_STRIKE, "C"),
        (S.TALIBAN, E.OTHER, "HT"),  # "is under Taliban control"
        (S.GOVERNMENT, E.OTHER, "HG"),  # "remains under government control"
        (S.REPORTED, E.OTHER, None),
        (S.REPORTED, E.OVERTAKES, None),  # a mere mention has no voice, whatever its event
        (S.NO_REPORT, E.OTHER, None),
    ],
)
def test_voice_of_a_claim(status: ControlStatus, event_type: EventType, expected: str | None
                          ) -> None:
    c = claim(status, aug(10), event_type)
    assert voice(c.status, c.event_type) == expected


def test_voice_takes_the_event_type_as_stored_text() -> None:
    """The store hands event types back as their text; a StrEnum compares equal to it."""
    assert voice(S.TALIBAN, "Other") == "HT"
    assert voice(S.CONTESTED, "Non-state actor overtakes territory") == "D"
    assert voice(S.CONTESTED, "Armed clash") == "C"


@pytest.mark.parametrize(
    ("days_before", "old"),
    [(0, False), (OLD_EVENT_DAYS - 1, False), (OLD_EVENT_DAYS, False), (OLD_EVENT_DAYS + 1, True),
     (2000, True)],
)
def test_is_old_after_more_than_30_days(days_before: int, old: bool) -> None:
    """A claim whose event is *more than* 30 days before its article is an old event."""
    c = claim(S.TALIBAN, aug(10) - dt.timedelta(days=days_before), E.OVERTAKES,
              article_date=aug(10))
    assert OLD_EVENT_DAYS == 30
    assert is_old(c) is old


# --------------------------------------------------------------------------- one article, one day


def test_article_voice_is_its_last_outcome_by_position_not_by_input_order() -> None:
    """DEFINITIONS: "Within one text, reports of the same day are a sequence" - the last wins."""
    assert article_voice([(90, "T"), (10, "G")]) == "T"
    assert article_voice([(10, "T"), (90, "G")]) == "G"
    assert article_voice([(10, "T"), (50, "D")]) == "D"  # a disputed outcome is an outcome


def test_article_voice_outcome_beats_fighting_anywhere_in_the_text() -> None:
    """DEFINITIONS: "The outcome beats the attempt" ("attacked on Monday ... fell")."""
    assert article_voice([(10, "C"), (90, "T"), (120, "C")]) == "T"
    assert article_voice([(10, "C"), (40, "HT"), (90, "G")]) == "G"


def test_article_voice_without_an_outcome() -> None:
    """Annotation convention: "A hold does not end a battle" - fighting beats a hold; holds of
    both sides are a dispute; a hold alone stands."""
    assert article_voice([(5, "HG"), (60, "C")]) == "C"
    assert article_voice([(5, "C"), (60, "HG")]) == "C"
    assert article_voice([(5, "HT"), (60, "HG")]) == "D"
    assert article_voice([(5, "HT"), (60, "HT")]) == "HT"
    assert article_voice([(5, "HG")]) == "HG"
    assert article_voice([]) is None


def test_day_voices_is_one_voice_per_article() -> None:
    voices = day_voices([("a", 10, "C"), ("a", 90, "T"), ("b", 5, "C"), ("c", 1, "HG"),
                         ("c", 2, "HT")])
    assert voices == {"T", "C", "D"}  # a: T (its last outcome), b: C, c: two-sided holds
    assert day_voices([]) == set()


# --------------------------------------------------------------------------- one day, many articles


@pytest.mark.parametrize(
    ("voices", "expected"),
    [
        # "an outcome (a capture, a repulse, a retake) beats fighting reported by another source,
        # since the fighting came first"
        ({"T", "C"}, S.TALIBAN),
        ({"G", "C"}, S.GOVERNMENT),
        # "opposite outcomes from independent sources on the same day ... make it contested"
        ({"T", "G"}, S.CONTESTED),
        ({"T", "G", "C"}, S.CONTESTED),
        ({"D"}, S.CONTESTED),
        ({"D", "T"}, S.CONTESTED),
        ({"D", "G"}, S.CONTESTED),
        # an outcome against the other side's hold ("fell" / "remains under government control")
        ({"T", "HG"}, S.CONTESTED),
        ({"G", "HT"}, S.CONTESTED),
        # ... but not against its own side's hold
        ({"T", "HT"}, S.TALIBAN),
        ({"G", "HG"}, S.GOVERNMENT),
        # "A hold does not end a battle": a hold loses to fighting
        ({"HG", "C"}, S.CONTESTED),
        ({"HT", "C"}, S.CONTESTED),
        ({"C"}, S.CONTESTED),
        # holds of both sides are a dispute; one hold alone stands
        ({"HT", "HG"}, S.CONTESTED),
        ({"HT"}, S.TALIBAN),
        ({"HG"}, S.GOVERNMENT),
        ({"T"}, S.TALIBAN),
        ({"G"}, S.GOVERNMENT),
    ],
)
def test_day_status(voices: set[str], expected: ControlStatus) -> None:
    assert day_status(voices) is expected
    assert day_status(sorted(voices)) is expected  # any collection


# --------------------------------------------------------------------------- fold_days


def test_fold_since_is_the_first_day_of_the_run() -> None:
    """``since`` is the first day of the unbroken run of the current status; ``latest`` its last."""
    days = [(aug(12), {"HT"}, False), (aug(10), {"T", "C"}, False), (aug(9), {"T"}, False),
            (aug(8), {"C"}, False), (aug(6), {"T"}, False)]
    assert fold_days(days) == (S.TALIBAN, aug(9), aug(12))


def test_fold_a_later_outcome_replaces_an_earlier_one() -> None:
    """DEFINITIONS: "a recapture in a later report wins"."""
    days = [(aug(12), {"G"}, False), (aug(8), {"T"}, False)]
    assert fold_days(days) == (S.GOVERNMENT, aug(12), aug(12))


def test_fold_of_nothing_is_none() -> None:
    assert fold_days([]) is None
    assert fold_days([], as_of=aug(10)) is None


def test_fold_reads_the_stream_only_as_far_as_the_run_goes() -> None:
    """The store hands the days over as a lazy cursor: the fold stops at the first other status."""
    read: list[dt.date] = []

    def days() -> Iterator[tuple[dt.date, set[str], bool]]:
        for day, voices in [(aug(12), {"T"}), (aug(11), {"T"}), (aug(10), {"C"})]:
            read.append(day)
            yield day, voices, False
        raise AssertionError("read past the end of the run")

    assert fold_days(days()) == (S.TALIBAN, aug(11), aug(12))
    assert read == [aug(12), aug(11), aug(10)]


def test_fold_an_old_event_does_not_stretch_a_run_across_the_months() -> None:
    """DEFINITIONS: an old event "never makes a status run that stretches across the months in
    between" - not even a run of the same status."""
    in_2015 = dt.date(2015, 9, 28)
    assert fold_days([(aug(8), {"T"}, False), (in_2015, {"T"}, True)]) == (
        S.TALIBAN, aug(8), aug(8))
    # the same two days, both reported at the time: an ordinary run of one status
    assert fold_days([(aug(8), {"T"}, False), (in_2015, {"T"}, False)]) == (
        S.TALIBAN, in_2015, aug(8))


@pytest.mark.parametrize(("gap", "joins"), [(RUN_GAP_DAYS, True), (RUN_GAP_DAYS + 1, False)])
def test_fold_run_gap_to_and_from_old_days(gap: int, joins: bool) -> None:
    """A run does not bridge a gap of more than 30 days to or from a day of old events only."""
    earlier = aug(8) - dt.timedelta(days=gap)
    expected_since = earlier if joins else aug(8)
    to_old = [(aug(8), {"T"}, False), (earlier, {"T"}, True)]
    from_old = [(aug(8), {"T"}, True), (earlier, {"T"}, False)]
    assert fold_days(to_old) == (S.TALIBAN, expected_since, aug(8))
    assert fold_days(from_old) == (S.TALIBAN, expected_since, aug(8))


@pytest.mark.parametrize(("days_before_as_of", "counts"),
                         [(0, True), (RUN_GAP_DAYS, True), (RUN_GAP_DAYS + 1, False)])
def test_fold_old_days_long_before_the_date_are_history(days_before_as_of: int, counts: bool
                                                         ) -> None:
    """An old event is a claim for its own date, and "in 2015 the city briefly fell" says
    nothing of the city in 2021: more than 30 days before ``as_of`` it is passed over."""
    day = dt.date(2015, 9, 28)
    as_of = day + dt.timedelta(days=days_before_as_of)
    folded = fold_days([(day, {"T"}, True)], as_of=as_of)
    assert folded == ((S.TALIBAN, day, day) if counts else None)


def test_fold_a_fresh_day_never_expires() -> None:
    """Only old days are history: a claim reported at the time holds until another one."""
    day = dt.date(2015, 9, 28)
    assert fold_days([(day, {"T"}, False)], as_of=aug(10)) == (S.TALIBAN, day, day)


def test_fold_old_days_near_a_run_extend_it_and_history_alone_is_no_status() -> None:
    old_history = dt.date(2021, 6, 1)  # 70 days before the map's date
    days = [(aug(8), {"T"}, False), (aug(1), {"T"}, True), (old_history, {"G"}, True)]
    # aug(1) is old but 7 days from the run's start, so it extends the run; June is another status
    assert fold_days(days, as_of=aug(10)) == (S.TALIBAN, aug(1), aug(8))
    # with only history before the date: no status
    assert fold_days([(old_history, {"G"}, True)], as_of=aug(10)) is None


# --------------------------------------------------------------------------- province_status


def test_province_status_named_unnamed_and_controlled() -> None:
    """A province only ever named is ``reported``; one never named is ``no_report``."""
    claims = [
        claim(S.TALIBAN, aug(8), E.OVERTAKES),
        claim(S.REPORTED, aug(6), place="Zaranj", province="Nimroz"),
        claim(S.REPORTED, aug(9), place="Zaranj", province="Nimroz", article="b"),
    ]
    rows = province_status(claims, PROVINCES, aug(10))
    assert [(r.province, r.iso_3166_2, r.capital) for r in rows] == PROVINCES
    assert [(r.status, r.since, r.n_claims) for r in rows] == [
        (S.TALIBAN, aug(8), 1),
        (S.REPORTED, aug(9), 2),  # the newest mention
        (S.NO_REPORT, None, 0),
    ]
    assert rows[1].claims == (claims[2],)
    assert rows[2].claims == ()


def test_a_later_mere_mention_does_not_undo_a_status() -> None:
    """DEFINITIONS: "a later mere mention does not undo it"."""
    claims = [claim(S.TALIBAN, aug(8), E.OVERTAKES),
              claim(S.REPORTED, aug(12), article="b")]
    r = row_of(claims, aug(12))
    assert (r.status, r.since, r.n_claims) == (S.TALIBAN, aug(8), 2)


def test_as_of_cuts_the_fold() -> None:
    """"Only claims with ``event_date <= as_of`` count": the map on each date."""
    claims = [claim(S.CONTESTED, aug(6), E.CLASH, article="a"),
              claim(S.TALIBAN, aug(8), E.OVERTAKES, article="b"),
              claim(S.GOVERNMENT, aug(12), E.REGAINS, article="c")]
    dates = (aug(5), aug(6), aug(7), aug(8), aug(11), aug(12), None)
    by_date = {d: (row_of(claims, d).status, row_of(claims, d).since) for d in dates}
    assert by_date == {
        aug(5): (S.NO_REPORT, None),  # nothing said of Kunduz yet
        aug(6): (S.CONTESTED, aug(6)),
        aug(7): (S.CONTESTED, aug(6)),
        aug(8): (S.TALIBAN, aug(8)),
        aug(11): (S.TALIBAN, aug(8)),
        aug(12): (S.GOVERNMENT, aug(12)),  # "a recapture in a later report wins"
        None: (S.GOVERNMENT, aug(12)),
    }


def test_a_restated_capture_is_taliban_since_the_capture() -> None:
    """ProvinceStatus: "a capture on Sunday restated on Tuesday is 'taliban since Sunday'"."""
    claims = [claim(S.TALIBAN, aug(8), E.OVERTAKES, article="a"),
              claim(S.TALIBAN, aug(10), article="b")]  # "remains under Taliban control"
    r = row_of(claims)
    assert (r.status, r.since) == (S.TALIBAN, aug(8))
    assert [c.article_id for c in r.claims] == ["b", "a"]  # the newest first


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # "an outcome ... beats fighting reported by another source"
        ((S.TALIBAN, E.OVERTAKES), (S.CONTESTED, E.CLASH), S.TALIBAN),
        ((S.GOVERNMENT, E.CLASH), (S.CONTESTED, E.ATTACK), S.GOVERNMENT),
        # "opposite outcomes from independent sources on the same day ('fell' against 'repelled'
        # or 'denies it fell') make it contested"
        ((S.TALIBAN, E.OVERTAKES), (S.GOVERNMENT, E.CLASH), S.CONTESTED),
        ((S.TALIBAN, E.OVERTAKES), (S.CONTESTED, E.OVERTAKES), S.CONTESTED),
        ((S.TALIBAN, E.OVERTAKES), (S.GOVERNMENT, E.OTHER), S.CONTESTED),
        # "A hold does not end a battle" (another source of the same day)
        ((S.GOVERNMENT, E.OTHER), (S.CONTESTED, E.CLASH), S.CONTESTED),
    ],
)
def test_same_day_reports_of_two_sources(
    first: tuple[ControlStatus, EventType], second: tuple[ControlStatus, EventType],
    expected: ControlStatus,
) -> None:
    claims = [claim(first[0], aug(10), first[1], article="a", sources="Reuters"),
              claim(second[0], aug(10), second[1], article="b", sources="AP")]
    assert row_of(claims).status is expected
    assert row_of(claims[::-1]).status is expected  # the order of the articles does not matter


def test_same_day_reports_of_one_text_are_a_sequence() -> None:
    """DEFINITIONS: "Within one text, reports of the same day are a sequence, not a conflict":
    "entered the city ... were pushed back by evening" is government."""
    claims = [claim(S.CONTESTED, aug(10), E.CLASH, start=10),
              claim(S.TALIBAN, aug(10), E.OVERTAKES, start=80),
              claim(S.GOVERNMENT, aug(10), E.REGAINS, start=200)]
    assert row_of(claims).status is S.GOVERNMENT
    # the same three claims from three outlets are a conflict
    apart = [dataclasses.replace(c, article_id=f"x{i}") for i, c in enumerate(claims)]
    assert row_of(apart).status is S.CONTESTED


def test_n_sources_counts_outlets_else_articles() -> None:
    """"n_sources how many independent sources (outlets, else articles) report the status in that
    run": two AP stories are one source; stories without an outlet count one each; the
    fighting of another outlet supports no capture."""
    claims = [
        claim(S.TALIBAN, aug(8), E.OVERTAKES, article="a1", sources="AP"),
        claim(S.TALIBAN, aug(9), E.OVERTAKES, article="a2", sources="AP"),
        claim(S.TALIBAN, aug(9), article="n1"),  # a hold
        claim(S.CONTESTED, aug(9), E.CLASH, article="r", sources="Reuters"),
        claim(S.TALIBAN, aug(10), E.OVERTAKES, article="n2"),
        claim(S.GOVERNMENT, aug(5), E.REGAINS, article="old", sources="BBC"),  # before the run
    ]
    r = row_of(claims)
    assert (r.status, r.since) == (S.TALIBAN, aug(8))
    assert r.n_sources == 3  # AP, article n1, article n2
    assert r.n_claims == 6
    assert [source_of(c) for c in claims[:4]] == ["AP", "AP", "article n1", "Reuters"]
    assert {c.article_id for c in r.claims} == {"a1", "a2", "n1", "n2", "r"}  # the run only


def test_disputed_by_lists_the_run_claims_against_the_status() -> None:
    """"disputed_by the claims of the run that speak against it": here a denial that the city
    had fallen, said in a text that goes on to report the capture."""
    denial = claim(S.CONTESTED, aug(10), E.OVERTAKES, article="b", start=5, sources="AP",
                   claimant="the governor")
    claims = [
        claim(S.TALIBAN, aug(10), E.OVERTAKES, article="a", sources="Reuters"),
        denial,
        claim(S.TALIBAN, aug(10), E.OVERTAKES, article="b", start=50, sources="AP"),
        claim(S.CONTESTED, aug(10), E.CLASH, article="c", sources="Tolo"),  # fighting: no dispute
    ]
    r = row_of(claims)
    assert r.status is S.TALIBAN
    assert r.disputed_by == (denial,)
    assert r.disputed_text == f"AP: {denial.evidence}"
    assert r.n_sources == 2  # Reuters, AP
    assert speaks_against(denial, S.TALIBAN)
    assert speaks_against(denial, S.GOVERNMENT)
    assert not speaks_against(claims[3], S.TALIBAN)


def test_nothing_speaks_against_contested() -> None:
    claims = [claim(S.CONTESTED, aug(10), E.CLASH, article="a"),
              claim(S.GOVERNMENT, aug(10), E.OTHER, article="a", start=50)]
    r = row_of(claims)
    assert r.status is S.CONTESTED
    assert r.disputed_by == ()
    assert not any(speaks_against(c, S.CONTESTED) for c in claims)


def test_evidence_claimant_and_article_come_from_the_supporting_claims() -> None:
    claims = [
        claim(S.TALIBAN, aug(10), E.OVERTAKES, article="a", claimant="a Taliban spokesman",
              evidence="Kunduz fell.", note="the airport still held"),
        claim(S.CONTESTED, aug(10), E.CLASH, article="b", evidence="Clashes in Kunduz."),
        claim(S.REPORTED, aug(10), article="c"),
    ]
    r = row_of(claims)
    assert r.status is S.TALIBAN
    assert r.evidence == "Kunduz fell. [the airport still held]"
    assert r.claimant == "a Taliban spokesman"
    assert r.article_id == "a"


def test_old_event_in_a_background_sentence_is_no_status_months_later() -> None:
    """DEFINITIONS: "An old event stays old ... it never makes a status run that stretches across
    the months in between"; the map of August 2021 only names the province."""
    background = claim(S.TALIBAN, dt.date(2015, 9, 28), E.OVERTAKES, article_date=aug(10))
    r = row_of([background], aug(10))
    assert (r.status, r.since, r.n_claims) == (S.REPORTED, dt.date(2015, 9, 28), 1)
    # on its own date the old event is a claim like any other
    r = row_of([background], dt.date(2015, 10, 1))
    assert (r.status, r.since) == (S.TALIBAN, dt.date(2015, 9, 28))


def test_no_as_of_is_the_map_as_of_the_latest_claim() -> None:
    """``status`` without ``--as-of`` shows the map of its latest claim; an old event alone is no
    status on that map."""
    claims = [
        claim(S.TALIBAN, dt.date(2015, 9, 28), E.OVERTAKES, article_date=aug(10)),  # background
        claim(S.CONTESTED, aug(8), E.CLASH, place="Zaranj", province="Nimroz"),
    ]
    latest = max(c.event_date for c in claims)
    assert row_of(claims, latest).status is S.REPORTED
    assert row_of(claims, None).status is S.REPORTED


def test_a_skipped_old_event_does_not_bring_back_an_earlier_status() -> None:
    """"the latest in time wins": a capture on 1 June (told as background on 10 Aug) is too old
    to be the status on 10 Aug, but the retake of 30 May that it ended is older still."""
    claims = [
        claim(S.GOVERNMENT, dt.date(2021, 5, 30), E.REGAINS, article="may"),
        claim(S.TALIBAN, dt.date(2021, 6, 1), E.OVERTAKES, article="aug", article_date=aug(10)),
    ]
    assert row_of(claims, dt.date(2021, 6, 2)).status is S.TALIBAN  # holds today
    assert row_of(claims, aug(10)).status is not S.GOVERNMENT


def test_contested_by_opposite_outcomes_counts_both_sources() -> None:
    """DEFINITIONS: "Each status shows how many independent sources (outlets) support it"."""
    claims = [claim(S.TALIBAN, aug(10), E.OVERTAKES, article="a", sources="Reuters"),
              claim(S.GOVERNMENT, aug(10), E.CLASH, article="b", sources="AP")]
    r = row_of(claims)
    assert r.status is S.CONTESTED
    assert r.n_sources == 2


# --------------------------------------------------------------------------- place_states


def test_place_states_latest_day_decides_and_dates_the_start_of_its_run() -> None:
    """place_states: "captured on Sunday ... is under Taliban control" is taliban since Sunday."""
    claims = [claim(S.CONTESTED, aug(6), E.CLASH, start=0),
              claim(S.TALIBAN, aug(8), E.OVERTAKES, start=100),
              claim(S.TALIBAN, aug(10), start=200)]  # a hold, the article's date
    (state,) = place_states(claims)
    assert (state.place, state.kind, state.province) == ("Kunduz", CAPITAL, "Kunduz")
    assert (state.status, state.event_date) == (S.TALIBAN, aug(8))
    assert state.claim is claims[2]  # the latest day's deciding claim


def test_place_states_last_outcome_of_the_day_beats_its_fighting() -> None:
    claims = [claim(S.TALIBAN, aug(10), E.OVERTAKES, start=0),
              claim(S.CONTESTED, aug(10), E.CLASH, start=300),
              claim(S.CONTESTED, aug(9), E.CLASH, start=600)]
    (state,) = place_states(claims)
    assert (state.status, state.event_date, state.claim) == (S.TALIBAN, aug(10), claims[0])


@pytest.mark.parametrize(
    ("voices", "expected"),
    [
        ([(S.GOVERNMENT, E.OTHER), (S.CONTESTED, E.CLASH)], S.CONTESTED),  # hold vs fighting
        ([(S.TALIBAN, E.OTHER), (S.GOVERNMENT, E.OTHER)], S.CONTESTED),  # two-sided holds
        ([(S.TALIBAN, E.OVERTAKES), (S.GOVERNMENT, E.REGAINS)], S.GOVERNMENT),  # retaken
        ([(S.GOVERNMENT, E.REGAINS), (S.TALIBAN, E.OVERTAKES)], S.TALIBAN),  # then lost again
        ([(S.GOVERNMENT, E.OTHER)], S.GOVERNMENT),
    ],
)
def test_place_states_one_day_of_one_text(voices: list[tuple[ControlStatus, EventType]],
                                          expected: ControlStatus) -> None:
    claims = [claim(s, aug(10), e, start=100 * i) for i, (s, e) in enumerate(voices)]
    (state,) = place_states(claims)
    assert state.status is expected


def test_place_states_mentions_only_are_reported_from_the_first_mention() -> None:
    first = claim(S.REPORTED, aug(9), start=40)
    claims = [claim(S.REPORTED, aug(10), start=300), first]
    (state,) = place_states(claims)
    assert (state.status, state.event_date, state.claim) == (S.REPORTED, aug(9), first)


def test_place_states_one_per_place_and_kind_in_the_order_first_named() -> None:
    """A bare name is the city; "Kunduz province" is the province: two rows."""
    claims = [
        claim(S.TALIBAN, aug(8), E.OVERTAKES, start=0),
        claim(S.REPORTED, aug(10), place="Chaghcharan", province="Ghor", start=50),
        claim(S.CONTESTED, aug(10), E.CLASH, place="Kunduz", kind=PROVINCE, start=90),
        claim(S.REPORTED, aug(10), start=120),
    ]
    states = place_states(claims)
    assert [(s.place, s.kind, s.status) for s in states] == [
        ("Kunduz", CAPITAL, S.TALIBAN),
        ("Chaghcharan", CAPITAL, S.REPORTED),
        ("Kunduz", PROVINCE, S.CONTESTED),
    ]
    assert states[1].province == "Ghor"


def test_place_states_run_stops_at_a_month_gap() -> None:
    """A text's background ("it fell once before, in June") is not the start of today's run."""
    claims = [claim(S.TALIBAN, dt.date(2021, 7, 1), E.OVERTAKES, start=300, article_date=aug(10)),
              claim(S.TALIBAN, aug(10), E.OVERTAKES, start=0, article_date=aug(10))]
    (state,) = place_states(claims)
    assert (state.status, state.event_date) == (S.TALIBAN, aug(10))
    near = [claim(S.TALIBAN, aug(2), E.OVERTAKES, start=300), claims[1]]
    assert place_states(near)[0].event_date == aug(2)


def test_a_province_named_to_locate_its_capital_takes_the_capitals_state() -> None:
    """DEFINITIONS: "A province named to locate its capital ('Zaranj, the capital of Nimroz
    province') carries the capital's claim, status and date" - the capital's final state."""
    fell = claim(S.TALIBAN, aug(6), E.OVERTAKES, place="Zaranj", province="Nimroz", start=0)
    located = claim(S.TALIBAN, aug(6), E.OVERTAKES, place="Nimroz", kind=PROVINCE, start=23,
                    via="locator")
    retaken = claim(S.GOVERNMENT, aug(8), E.REGAINS, place="Zaranj", province="Nimroz", start=200)
    states = {(s.place, s.kind): s for s in place_states([fell, located, retaken])}
    capital, province = states[("Zaranj", CAPITAL)], states[("Nimroz", PROVINCE)]
    assert (capital.status, capital.event_date) == (S.GOVERNMENT, aug(8))
    assert (province.status, province.event_date, province.claim) == (
        S.GOVERNMENT, aug(8), retaken)


def test_a_province_with_its_own_control_claim_keeps_it() -> None:
    """Only a province named *only* to locate its capital follows the capital."""
    fell = claim(S.TALIBAN, aug(6), E.OVERTAKES, place="Zaranj", province="Nimroz", start=0)
    located = claim(S.TALIBAN, aug(6), E.OVERTAKES, place="Nimroz", kind=PROVINCE, start=23,
                    via="locator")
    own = claim(S.CONTESTED, aug(7), E.CLASH, place="Nimroz", kind=PROVINCE, start=300)
    states = {(s.place, s.kind): s for s in place_states([fell, located, own])}
    assert (states[("Nimroz", PROVINCE)].status, states[("Nimroz", PROVINCE)].event_date) == (
        S.CONTESTED, aug(7))
    assert states[("Zaranj", CAPITAL)].status is S.TALIBAN
