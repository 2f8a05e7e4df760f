"""Tests for geo.analyst: places by name, claim tables, re-extraction keeping reviews, reviews as
evaluation truth files scored by geo.evaluation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from geo.analyst import (
    REVIEW_COLUMNS,
    TRUTH_COLUMNS,
    export_truth,
    records_frame,
    reextract,
    resolve_place,
    truth_rows,
)
from geo.errors import ReviewError
from geo.evaluation import TRUTH_COLUMNS as EVALUATION_TRUTH_COLUMNS
from geo.evaluation import evaluate
from geo.pipeline import Extractor, extract_claims, read_inputs
from geo.review import Action, Change, ClaimRecord, ReviewState, claim_uids
from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from geo.store import Store
from geo.types import CLAIM_COLUMNS, Article, Claim, ControlStatus, DatePrecision, PlaceKind

EVAL_ARTICLES = PROJECT_ROOT / "eval" / "articles"


@pytest.fixture(scope="module")
def seed_article() -> Article:
    articles, failures, _ = read_inputs([DEFAULT_SEEDS_DIR])
    assert not failures
    return articles[0]


def test_places_are_found_by_any_spelling_and_kind(extractor: Extractor) -> None:
    g = extractor.gazetteer
    assert resolve_place("Kunduz", g).kind is PlaceKind.CAPITAL
    assert resolve_place("Kunduz", g, kind=PlaceKind.PROVINCE).kind is PlaceKind.PROVINCE
    assert resolve_place("  kunduz   PROVINCE ", g).kind is PlaceKind.PROVINCE
    assert resolve_place("Kunduz city", g).kind is PlaceKind.CAPITAL
    assert resolve_place("Pol-e Khomri", g).name == "Pul-e Khumri"
    assert resolve_place("Baghlan", g, kind=PlaceKind.CAPITAL).name == "Baghlan"  # no capital
    assert resolve_place("Zaranj province", g).name == "Nimroz"
    for bad in ("Atlantis", "", "Paris province", "<script>"):
        with pytest.raises(ReviewError, match="is not one of Afghanistan's 34 provinces"):
            resolve_place(bad, g)


def test_the_claims_table_has_ids_review_state_and_the_reviewed_values(
    tmp_path: Path, seed_article: Article, extractor: Extractor
) -> None:
    with Store(tmp_path / "t.sqlite3") as store:
        claims = extract_claims(seed_article, extractor)
        store.add(seed_article, claims)
        uid = claim_uids(claims)[0]
        store.review(uid, Action.CORRECT, by="A. Rahimi", note="checked",
                     change=Change(status=ControlStatus.CONTESTED))
        frame = records_frame(store.claim_records(order="id"))
    assert list(frame.columns) == [*REVIEW_COLUMNS, *CLAIM_COLUMNS]
    first = frame.iloc[0]
    assert (first["claim_id"], first["review"], first["reviewed_by"], first["review_note"]) == (
        uid, "corrected", "A. Rahimi", "checked"
    )
    assert first["status"] == "contested"
    assert first["read_as"].startswith(f"{claims[0].status.value} · {claims[0].place}")
    assert set(frame["review"].iloc[1:]) == {"unreviewed"}
    assert set(frame["read_as"].iloc[1:]) == {""}


def test_reextraction_carries_reviews_to_the_same_mention_and_lists_the_rest(
    tmp_path: Path, seed_article: Article, extractor: Extractor
) -> None:
    """The stored claims are an older extractor's reading: one mention was narrower, one claim
    the current extractor no longer makes, one it did not make yet."""
    current = extract_claims(seed_article, extractor)
    older = list(current)
    older[0] = dataclasses.replace(older[0], end=older[0].end - 2, cues="older cue")
    dropped = older.pop(3)  # not read by the older extractor
    ghost = dataclasses.replace(current[1], place="Farah", province="Farah", start=1, end=3)
    older.append(ghost)  # read by the older extractor only
    with Store(tmp_path / "re.sqlite3") as store:
        store.add(seed_article, older)
        ids = claim_uids(older)
        corrected = store.review(ids[0], Action.CORRECT, by="A",
                                 change=Change(status=ControlStatus.GOVERNMENT))
        store.review(ids[1], Action.REJECT, by="A")
        lost = store.review(ids[-1], Action.CONFIRM, by="A", note="a ghost")
        report = reextract(store, extractor)
        assert (report.articles, report.claims_before, report.claims_after) == (
            1, len(older), len(current)
        )
        assert report.carried == 2
        assert report.lost == [lost]
        assert report.failed == []
        assert "2 reviewed claims carried over, 1 no longer match a claim" in report.summary()
        records = {r.claim_id: r for r in store.claim_records()}
        assert records[ids[0]].claim.status is ControlStatus.GOVERNMENT  # the correction stays
        assert (records[ids[0]].claim.end, records[ids[0]].claim.cues) == (
            current[0].end, current[0].cues  # on the current reading of the mention
        )
        assert records[ids[0]].latest == corrected
        assert records[ids[1]].state is ReviewState.REJECTED
        assert claim_uids([dropped])[0] in records  # the new claim, unreviewed
        assert store.orphan_reviews() == [lost]
        # with two worker processes the result is the same
        again = reextract(store, extractor, workers=2, batch_size=1)
        assert (again.carried, again.lost, again.claims_after) == (2, [lost], len(current))
        assert {r.claim_id: r.claim for r in store.claim_records()} == {
            u: r.claim for u, r in records.items()
        }


def pick_targets(claims: list[Claim]) -> tuple[int, int] | None:
    """In one article's claims: one whose province no other claim names (to reject) and one,
    of another province, that is its place's only claim (to correct)."""
    provinces = Counter(c.province for c in claims)
    places = Counter((c.place, c.kind) for c in claims)
    lone = [i for i, c in enumerate(claims) if provinces[c.province] == 1]
    single = [i for i, c in enumerate(claims) if places[(c.place, c.kind)] == 1
              and c.status.is_control]
    for r in lone:
        for k in single:
            if claims[k].province != claims[r].province:
                return r, k
    return None


def test_reviews_exported_as_truth_score_as_expected(
    tmp_path: Path, extractor: Extractor
) -> None:
    """Unreviewed claims count as read, so the extractor scores perfectly but where the analyst
    rejected (an extra province: precision) or corrected (a status miss)."""
    articles, _, _ = read_inputs([EVAL_ARTICLES])
    chosen = None
    for article in articles:
        claims = extract_claims(article, extractor)
        if (targets := pick_targets(claims)) is not None:
            chosen = article, claims, targets
            break
    assert chosen is not None
    article, claims, (reject, correct) = chosen
    other = next(a for a in articles if a.id != article.id and extract_claims(a, extractor))
    with Store(tmp_path / "ev.sqlite3") as store:
        store.add(article, claims)
        store.add(other, extract_claims(other, extractor))
        ids = claim_uids(claims)
        store.review(ids[reject], Action.REJECT, by="A", note="not about the province")
        wrong = next(s for s in (ControlStatus.GOVERNMENT, ControlStatus.TALIBAN)
                     if s is not claims[correct].status)
        store.review(ids[correct], Action.CORRECT, by="A", change=Change(status=wrong))
        other_id = claim_uids(store.claims(article_ids=[other.id]))[0]
        store.review(other_id, Action.CONFIRM, by="B")
        store.review(other_id, Action.UNDO, by="B")  # undone: that article is not exported
        store.add_analyst_claim(  # no article: not exported
            dataclasses.replace(claims[0], article_id="", via="analyst"), by="A", note="call"
        )
        folder = tmp_path / "export"
        done = export_truth(store, folder)
        with pytest.raises(ReviewError, match="not an empty folder"):
            export_truth(store, folder)
    assert done.articles == 1
    stem = f"{article.date.isoformat()}_{article.id}"
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.csv", f"{stem}.txt"]
    header = (folder / f"{stem}.csv").read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == TRUTH_COLUMNS == EVALUATION_TRUTH_COLUMNS
    [reread], _, _ = read_inputs([folder / f"{stem}.txt"])
    assert (reread.id, reread.text) == (article.id, article.text)

    result = evaluate(folder, folder, extractor=extractor)
    assert result.problems == []
    n = done.rows
    assert result.overall.articles == 1
    assert result.overall.status_right == (n - 1, n)
    assert (result.overall.place_fp, result.overall.place_fn) == (1, 0)
    assert result.extra_places[0][1] == claims[reject].province
    [miss] = [j for j in result.overall.judgements if not j.status_ok]
    assert (miss.truth.place, miss.truth.status, miss.got_status) == (
        claims[correct].place, wrong.value, claims[correct].status.value
    )
    right, scored = result.overall.dates_right
    assert right == scored  # no date was corrected


def test_truth_rows_leave_out_rejected_claims_and_apply_corrections() -> None:
    day = dt.date(2021, 8, 10)
    base = Claim("a", day, "Kunduz", PlaceKind.CAPITAL, "Kunduz", "AF-KDZ", ControlStatus.TALIBAN,
                 day, DatePrecision.DAY, "", "Kunduz fell.", "fell", 0, 6, "Kunduz")
    farah = dataclasses.replace(base, place="Farah", province="Farah", start=20, end=25,
                                evidence="Farah  was\nattacked.", status=ControlStatus.CONTESTED)
    rows = truth_rows([
        ClaimRecord("1", dataclasses.replace(base, status=ControlStatus.GOVERNMENT),
                    ReviewState.CORRECTED),
        ClaimRecord("2", farah, ReviewState.UNREVIEWED),
        ClaimRecord("3", dataclasses.replace(base, place="Herat", province="Herat"),
                    ReviewState.REJECTED),
    ])
    assert [(r["place"], r["status"], r["evidence"]) for r in rows] == [
        ("Kunduz", "government", "Kunduz fell."),
        ("Farah", "contested", "Farah was attacked."),
    ]
