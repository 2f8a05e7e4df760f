"""The whole extraction on articles: dates, evidence, the seed, the join of all 34 capitals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from geo.boundaries import join_points, load_provinces
from geo.pipeline import (
    Extractor,
    claims_frame,
    extract_claims,
    geocode_and_join,
    read_inputs,
    status_frame,
    status_rows,
)
from geo.settings import DEFAULT_SEEDS_DIR
from geo.types import Article, Claim, ControlStatus

Claims = Callable[..., list[Claim]]


def one(claims: list[Claim], place: str) -> Claim:
    found = [c for c in claims if c.place == place]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("On Sunday, Taliban fighters captured Kunduz.", "2021-08-08", "day"),
        ("Late Tuesday, Taliban forces entered Farah.", "2021-08-10", "day"),
        ("Taliban fighters entered Farah today.", "2021-08-10", "day"),
        ("Taliban fighters entered Farah yesterday.", "2021-08-09", "day"),
        ("Taliban fighters entered Farah last night.", "2021-08-09", "day"),
        ("Taliban fighters seized Zaranj on Aug. 6.", "2021-08-06", "day"),
        ("Taliban fighters seized Zaranj on 6 August.", "2021-08-06", "day"),
        ("Taliban fighters seized Zaranj on August 6, 2021.", "2021-08-06", "day"),
        ("Taliban fighters seized Zaranj overnight.", "2021-08-10", "article"),
        ("Taliban fighters have seized Zaranj.", "2021-08-10", "article"),
    ],
)
def test_event_dates(claims: Claims, sentence: str, expected: str, precision: str) -> None:
    (c,) = claims(sentence)
    assert (c.event_date.isoformat(), c.date_precision.value) == (expected, precision)


def test_coarse_dates_never_after_article(claims: Claims) -> None:
    out = claims("Fighting has raged in Herat this month, and Ghazni was attacked in April.")
    herat, ghazni = one(out, "Herat"), one(out, "Ghazni")
    assert herat.date_precision.value == "month"
    assert ghazni.date_precision.value == "month"
    assert ghazni.event_date.month == 4
    assert all(c.event_date <= c.article_date for c in out)


def test_a_day_later_follows_the_previous_event(claims: Claims) -> None:
    out = claims("On Monday, the Taliban attacked Ghazni. The city fell a day later.")
    attacked, fell = out
    assert (attacked.status.value, str(attacked.event_date)) == ("contested", "2021-08-09")
    assert (fell.status.value, str(fell.event_date), fell.via) == (
        "taliban",
        "2021-08-10",
        "anaphor",
    )


def test_today_in_a_quote_is_the_day_it_was_said(claims: Claims) -> None:
    text = 'A police officer said on Friday: "Ghazni fell to the Taliban today."'
    (c,) = claims(text, "2021-08-10")
    assert str(c.event_date) == "2021-08-06"


def test_evidence_and_offsets(claims: Claims, article: Callable[..., Article],
                              extractor: Extractor) -> None:
    art = article(
        "KABUL (AP) — Fighting raged.\n\nTaliban fighters captured Pol-e Khomri on Sunday."
    )
    (c,) = extract_claims(art, extractor)
    assert art.text[c.start : c.end] == c.surface == "Pol-e Khomri"
    assert c.evidence == "Taliban fighters captured Pol-e Khomri on Sunday."
    assert c.cues == "captured"
    assert (c.place, c.province, c.iso_3166_2) == ("Pul-e Khumri", "Baghlan", "AF-BGL")


def test_no_claims_from_foreign_places(claims: Claims) -> None:
    text = (
        "Envoys met in Doha, Qatar, on Tuesday. Officials in Islamabad, Washington and Geneva "
        "said the talks would continue."
    )
    assert claims(text) == []


def test_latest_claim_wins_over_time(claims: Claims, extractor: Extractor) -> None:
    out = claims(
        "Taliban fighters attacked Ghazni on Monday. On Tuesday, Ghazni fell to the Taliban."
    )
    rows = {r.province: r for r in status_rows(out, dt.date(2021, 8, 10), extractor)}
    assert rows["Ghazni"].status is ControlStatus.TALIBAN
    assert rows["Ghazni"].since == dt.date(2021, 8, 10)
    rows = {r.province: r for r in status_rows(out, dt.date(2021, 8, 9), extractor)}
    assert rows["Ghazni"].status is ControlStatus.CONTESTED


def test_later_article_recapture_wins(claims: Claims, extractor: Extractor) -> None:
    first = claims("Taliban fighters captured Pul-e Khumri on Sunday.", "2021-08-10")
    second = claims("Government forces retook Pul-e Khumri on Thursday.", "2021-08-13")
    rows = {r.province: r for r in status_rows(first + second, None, extractor)}
    assert rows["Baghlan"].status is ControlStatus.GOVERNMENT
    assert rows["Baghlan"].since == dt.date(2021, 8, 12)
    rows = {r.province: r for r in status_rows(first + second, dt.date(2021, 8, 11), extractor)}
    assert rows["Baghlan"].status is ControlStatus.TALIBAN


def test_mention_after_capture_does_not_undo_it(claims: Claims, extractor: Extractor) -> None:
    first = claims("Taliban fighters captured Taloqan on Sunday.", "2021-08-10")
    later = claims("Families who fled Taloqan arrived in Kabul.", "2021-08-12")
    rows = {r.province: r for r in status_rows(first + later, None, extractor)}
    assert rows["Takhar"].status is ControlStatus.TALIBAN
    assert rows["Kabul"].status is ControlStatus.REPORTED


# ----------------------------------------------------------------- the shipped seed article


@pytest.fixture(scope="module")
def seed_claims(extractor: Extractor) -> list[Claim]:
    articles, failures, _ = read_inputs([DEFAULT_SEEDS_DIR])
    assert failures == []
    assert len(articles) >= 1
    return [c for a in articles for c in extract_claims(a, extractor)]


def test_seed_status(seed_claims: list[Claim], extractor: Extractor) -> None:
    rows = {r.province: r for r in status_rows(seed_claims, dt.date(2021, 8, 10), extractor)}
    assert len(rows) == 34
    assert (rows["Kunduz"].status, rows["Kunduz"].since) == (
        ControlStatus.TALIBAN, dt.date(2021, 8, 8))
    assert "planted their flag" in rows["Kunduz"].evidence
    assert (rows["Farah"].status, rows["Farah"].since) == (
        ControlStatus.CONTESTED, dt.date(2021, 8, 10))
    assert "tweeted" in rows["Farah"].evidence
    assert "lawmaker" in rows["Farah"].evidence
    assert rows["Helmand"].status is ControlStatus.CONTESTED
    assert rows["Kandahar"].status is ControlStatus.CONTESTED
    assert rows["Kabul"].status is not ControlStatus.TALIBAN
    named = {"Kunduz", "Farah", "Helmand", "Kandahar", "Kabul"}
    assert {p for p, r in rows.items() if r.status is not ControlStatus.NO_REPORT} == named


def test_seed_dateline_and_foreign_places(seed_claims: list[Claim]) -> None:
    assert all(c.start > 40 for c in seed_claims)  # not the "KABUL, Afghanistan (AP)" dateline
    assert {c.place for c in seed_claims} <= {"Kunduz", "Farah", "Helmand", "Kandahar", "Kabul"}


def test_status_frame_has_34_rows(seed_claims: list[Claim], extractor: Extractor) -> None:
    frame = status_frame(status_rows(seed_claims, None, extractor))
    assert len(frame) == 34
    assert frame["iso_3166_2"].is_unique
    assert set(frame["status"]) <= {s.value for s in ControlStatus}


# ----------------------------------------------------------------- geocoding and the join


def test_every_capital_lands_in_its_own_province(extractor: Extractor,
                                                 article: Callable[..., Article]) -> None:
    names = [c.name for c in extractor.gazetteer.capitals.values()]
    text = " ".join(f"Taliban fighters entered {n} on Monday." for n in names)
    claims = extract_claims(article(text), extractor)
    assert len(claims) == 34
    for simplified in (False, True):
        joined = geocode_and_join(claims, load_provinces(simplified=simplified))
        assert (joined["join_province"] == joined["province"]).all()
        assert joined["lat"].notna().all()


def test_province_claims_land_in_their_province(extractor: Extractor,
                                                article: Callable[..., Article]) -> None:
    text = "Fighting spread across Helmand, Nimroz, Uruzgan and Badakhshan provinces."
    claims = extract_claims(article(text), extractor)
    joined = geocode_and_join(claims, load_provinces())
    assert list(joined["join_province"]) == ["Helmand", "Nimroz", "Uruzgan", "Badakhshan"]


def test_points_outside_afghanistan_join_nothing() -> None:
    frame = claims_frame([])
    frame = frame.reindex(range(2))
    frame["lat"], frame["lon"] = [25.29, 33.69], [51.53, 73.05]  # Doha, Islamabad
    joined = join_points(frame, load_provinces())
    assert joined["join_province"].isna().all()


# ----------------------------------------------------------------- sequences in one sentence


def final(claims: list[Claim], place: str) -> Claim:
    return [c for c in claims if c.place == place][-1]


@pytest.mark.parametrize(
    ("sentence", "status", "day"),
    [
        ("Herat was attacked on Monday and fell on Tuesday.", "taliban", "2021-08-10"),
        ("The Taliban captured Kunduz on Sunday, but government forces recaptured it on Monday.",
         "government", "2021-08-09"),
        ("The Taliban attacked Herat on Monday and captured the city a day later.", "taliban",
         "2021-08-10"),
    ],
)
def test_the_later_event_of_a_sentence_wins_with_its_own_date(
    claims: Claims, extractor: Extractor, sentence: str, status: str, day: str
) -> None:
    out = claims(sentence)
    rows = {r.province: r for r in status_rows(out, None, extractor)}
    province = out[0].province
    assert rows[province].status.value == status
    assert max(c.event_date for c in out if c.status.value == status).isoformat() == day


@pytest.mark.parametrize(
    ("sentence", "place", "day"),
    [
        ("The group took Kunduz on Sunday and Taloqan on Monday.", "Taloqan", "2021-08-09"),
        ("The group took Kunduz on Sunday and Taloqan on Monday.", "Kunduz", "2021-08-08"),
        ("The Taliban, who captured Kunduz on Sunday, attacked Taloqan on Monday.", "Taloqan",
         "2021-08-09"),
    ],
)
def test_each_listed_place_gets_its_own_date(
    claims: Claims, sentence: str, place: str, day: str
) -> None:
    assert final(claims(sentence), place).event_date.isoformat() == day


def test_same_day_sequence_in_one_article_is_not_a_conflict(
    claims: Claims, extractor: Extractor
) -> None:
    out = claims("Taliban fighters stormed Kunduz on Sunday and captured the city hours later.")
    rows = {r.province: r for r in status_rows(out, None, extractor)}
    assert rows["Kunduz"].status is ControlStatus.TALIBAN


def test_same_day_conflict_between_articles_is_contested(
    claims: Claims, extractor: Extractor
) -> None:
    a = claims("Taliban fighters captured Kunduz on Sunday.", "2021-08-10")
    b = claims("Government forces still hold Kunduz, officials said on Sunday.", "2021-08-10")
    rows = {r.province: r for r in status_rows(a + b, None, extractor)}
    assert rows["Kunduz"].status is ControlStatus.CONTESTED


def test_time_continuation_keeps_the_day(claims: Claims) -> None:
    out = claims("Fierce fighting raged in Kunduz on Sunday. By evening the city had fallen.")
    fell = final(out, "Kunduz")
    assert (fell.status.value, fell.event_date.isoformat()) == ("taliban", "2021-08-08")


def test_relative_date_counts_from_the_sentence_before_for_every_place(claims: Claims) -> None:
    out = claims(
        "Kandahar fell on Thursday. A day earlier, Ghazni and Gardez fell after a two-day battle.",
        "2021-08-13",
    )
    assert {c.place: c.event_date.isoformat() for c in out} == {
        "Kandahar": "2021-08-12", "Ghazni": "2021-08-11", "Gardez": "2021-08-11"}
