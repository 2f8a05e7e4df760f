"""Tests for geo.store's reviews: the append-only trail, reviewed values on the map, claim
identity across removals and re-extractions, analyst claims, schema 4 -> 5, kills, processes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from geo import settings
from geo.errors import ReviewConflictError, ReviewError, StoreError
from geo.gazetteer import load_gazetteer
from geo.review import (
    Action,
    Change,
    ReviewState,
    Values,
    analyst_claim,
    claim_uids,
    undo_target,
)
from geo.store import SCHEMA_VERSION, Store, _rebuild_province_days
from geo.timeline import province_status
from geo.types import Article, Claim, ControlStatus, EventType, PlaceKind
from tests.test_store import PROVINCES, make_article, make_claim, random_corpus, sha256_of

GAZETTEER = load_gazetteer()
PROVINCE_ROWS = [(p, f"AF-{p[:3].upper()}", p) for p in PROVINCES]
AT = dt.datetime(2024, 12, 3, 9, 30, tzinfo=dt.UTC)


def by_uid(store: Store) -> dict[str, Claim]:
    return {r.claim_id: r.claim for r in store.claim_records()}


def days(path: Path | str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM province_days ORDER BY province, event_date").fetchall()
    finally:
        con.close()


def assert_days_in_sync(store: Store) -> None:
    """The per-day summary equals one recomputed from the claims as they are now."""
    kept = days(store.path)
    store._write(lambda conn: _rebuild_province_days(conn))
    assert days(store.path) == kept


def assert_map_is(store: Store, shown: list[Claim]) -> None:
    """The store's map equals the in-memory timeline over these claims, on several dates."""
    for as_of in (None, dt.date(2021, 7, 25), dt.date(2021, 8, 5), dt.date(2021, 8, 12)):
        got = store.province_status(PROVINCE_ROWS, as_of)
        want = province_status(shown, PROVINCE_ROWS, as_of)
        assert [(r.province, r.status, r.since, r.n_claims, r.n_sources) for r in got] == [
            (r.province, r.status, r.since, r.n_claims, r.n_sources) for r in want
        ], as_of


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Store, list[tuple[Article, list[Claim]]]]:
    items = random_corpus(11, n_articles=60)
    store = Store(tmp_path / "reviews.sqlite3")
    store.add_many(items, batch_size=25)
    return store, items


# --- one review -----------------------------------------------------------------------------------


def test_each_action_writes_one_trail_row_and_the_reviewed_values(
    corpus: tuple[Store, list[tuple[Article, list[Claim]]]],
) -> None:
    store, _ = corpus
    record = next(r for r in store.claim_records() if r.claim.status is ControlStatus.TALIBAN)
    uid, original = record.claim_id, record.claim
    assert (record.state, record.latest, record.extracted) == (ReviewState.UNREVIEWED, None, None)

    confirm = store.review(uid[:20], Action.CONFIRM, by="A. Rahimi", note="seen it", at=AT)
    assert (confirm.claim_id, confirm.action, confirm.by, confirm.note) == (
        uid, Action.CONFIRM, "A. Rahimi", "seen it"
    )
    assert confirm.before == Values.of(original)
    assert confirm.after == Values.of(original, ReviewState.CONFIRMED)
    assert (confirm.place, confirm.start, confirm.end) == (original.place, original.start,
                                                           original.end)

    herat = GAZETTEER.capitals["Herat"]
    correct = store.review(
        uid, Action.CORRECT, by="B. Noor", at=AT,
        change=Change(ControlStatus.GOVERNMENT, herat, original.event_date - dt.timedelta(1)),
    )
    now = store.claim_record(uid)
    assert now.state is ReviewState.CORRECTED
    assert now.latest == correct
    assert (now.claim.status, now.claim.place, now.claim.province, now.claim.event_date) == (
        ControlStatus.GOVERNMENT, "Herat", "Herat", original.event_date - dt.timedelta(1)
    )
    assert (now.claim.evidence, now.claim.start, now.claim.article_id) == (
        original.evidence, original.start, original.article_id
    )
    assert now.extracted == Values.of(original)
    assert store.claims(provinces=["Herat"], statuses=["government"], review="reviewed")

    reject = store.review(uid, Action.REJECT, by="C", at=AT)
    assert reject.before == correct.after
    assert reject.after.state is ReviewState.REJECTED
    assert uid not in {r.claim_id for r in store.claim_records(review="shown")}
    assert uid in {r.claim_id for r in store.claim_records(review="rejected")}

    undo = store.review(uid, Action.UNDO, by="C", at=AT)
    assert (undo.undoes, undo.after) == (reject.id, correct.after)
    undo2 = store.review(uid, Action.UNDO, by="C", at=AT)
    assert (undo2.undoes, undo2.after) == (correct.id, confirm.after)
    undo3 = store.review(uid, Action.UNDO, by="C", at=AT)
    assert undo3.undoes == confirm.id
    assert undo3.after.state is ReviewState.UNREVIEWED
    assert store.claim_record(uid).claim == original
    with pytest.raises(ReviewError, match="nothing to undo"):
        store.review(uid, Action.UNDO, by="C")

    history = store.history(uid)
    assert [r.id for r in history] == [confirm.id, correct.id, reject.id, undo.id, undo2.id,
                                       undo3.id]
    assert all(a.after == b.before for a, b in itertools.pairwise(history))
    assert store.count_reviews() == 6
    assert_days_in_sync(store)


def test_reviews_follow_the_map_and_its_day_summary(
    corpus: tuple[Store, list[tuple[Article, list[Claim]]]],
) -> None:
    """A model of what each claim should read after random reviews, checked against the claims
    the store returns and the map it answers from its per-day summary."""
    store, items = corpus
    rng = random.Random(3)
    originals: dict[str, Claim] = {}
    for _, claims in items:
        originals.update(zip(claim_uids(claims), claims, strict=True))
    model: dict[str, list[tuple[str, Claim, bool]]] = {u: [] for u in originals}  # the undo stack
    uids = sorted(originals)
    for step in range(120):
        uid = rng.choice(uids[:40])  # a few claims get many reviews
        stack = model[uid]
        current = stack[-1][1] if stack else originals[uid]
        action = rng.choice([Action.CONFIRM, Action.REJECT, Action.CORRECT, Action.CORRECT,
                             Action.UNDO])
        if action is Action.UNDO and not stack:
            action = Action.CONFIRM
        if action is Action.CORRECT:
            status = rng.choice([s for s in (ControlStatus.TALIBAN, ControlStatus.GOVERNMENT,
                                             ControlStatus.CONTESTED) if s is not current.status])
            day = current.event_date - dt.timedelta(days=rng.randrange(3))
            place = GAZETTEER.capitals[rng.choice(PROVINCES)]
            store.review(uid, action, by=f"r{step % 3}", change=Change(status, place, day))
            fixed = dataclasses.replace(
                current, status=status, event_date=day, place=place.name, kind=place.kind,
                province=place.province, iso_3166_2=place.iso_3166_2, lat=place.lat, lon=place.lon,
            )
            if day != current.event_date:
                fixed = dataclasses.replace(fixed, date_precision=fixed.date_precision.DAY)
            stack.append(("correct", fixed, False))
        elif action is Action.UNDO:
            store.review(uid, action, by="u")
            stack.pop()
        else:
            store.review(uid, action, by="r")
            stack.append((action.value, current, action is Action.REJECT))
        if step % 20 == 19:
            got = by_uid(store)
            for u, original in originals.items():
                want = model[u][-1][1] if model[u] else original
                assert got[u] == want, (step, u)
            shown = [
                (model[u][-1][1] if model[u] else c)
                for u, c in originals.items()
                if not (model[u] and model[u][-1][2])
            ]
            assert store.count_claims(review="rejected") == sum(
                1 for u in originals if model[u] and model[u][-1][2]
            )
            assert_map_is(store, shown)
    assert_days_in_sync(store)


def test_the_trail_is_append_only(corpus: tuple[Store, list[tuple[Article, list[Claim]]]]) -> None:
    store, _ = corpus
    uid = store.claim_records(limit=1)[0].claim_id
    store.review(uid, Action.CONFIRM, by="A")
    con = sqlite3.connect(store.path)
    try:
        for sql in ("UPDATE reviews SET reviewer = 'X'", "DELETE FROM reviews"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(sql)
        assert con.execute("SELECT reviewer FROM reviews").fetchall() == [("A",)]
    finally:
        con.close()


# --- refused reviews write nothing ----------------------------------------------------------------


def snapshot(store: Store) -> tuple[Any, ...]:
    con = sqlite3.connect(store.path)
    try:
        return tuple(
            con.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("claims", "reviews", "province_days", "articles")
        )
    finally:
        con.close()


def test_bad_reviews_are_refused_with_a_reason_and_write_nothing(
    corpus: tuple[Store, list[tuple[Article, list[Claim]]]],
) -> None:
    store, items = corpus
    records = store.claim_records()
    uid = records[0].claim_id
    first = store.review(uid, Action.CONFIRM, by="A")
    twins = make_article("twins")  # two claims: their ids start with the article's
    store.add(twins, [make_claim(twins, start=s, end=s + 6) for s in (0, 10)])
    shared = twins.id[:6]
    removed = items[5][0]
    gone = claim_uids(items[5][1])[0]
    store.review(gone, Action.REJECT, by="A")
    assert store.remove(removed.id)
    before = snapshot(store)
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"claim_id": "0000000000000000-00", "action": "confirm"}, ReviewError,
         "no claim has the id"),
        ({"claim_id": "analyst-00", "action": "confirm"}, ReviewError, "no claim has the id"),
        ({"claim_id": shared, "action": "confirm"}, ReviewError, "start of several"),
        ({"claim_id": "<b>x</b>", "action": "confirm"}, ReviewError, "is not a claim id"),
        ({"claim_id": gone, "action": "confirm"}, ReviewError, f"{removed.id}, which is no"),
        ({"claim_id": uid, "action": "correct"}, ReviewError, "needs a new status"),
        ({"claim_id": uid, "action": "correct",
          "change": Change(event_date=records[0].claim.article_date + dt.timedelta(1))},
         ReviewError, "after its article's date"),
        ({"claim_id": uid, "action": "confirm", "by": " "}, ReviewError, "reviewer's name"),
        ({"claim_id": uid, "action": "confirm", "expect": None}, ReviewConflictError,
         "changed since it was read"),
        ({"claim_id": uid, "action": "confirm", "expect": first.id + 99}, ReviewConflictError,
         "now: confirmed by A"),
        ({"claim_id": uid, "action": "add"}, ReviewError, "add_analyst_claim"),
        ({"claim_id": uid, "action": "shrug"}, ValueError, "shrug"),
    ]
    for kwargs, error, message in cases:
        kwargs = {"by": "B", **kwargs}
        with pytest.raises(error, match=message):
            store.review(kwargs.pop("claim_id"), kwargs.pop("action"), **kwargs)
        assert snapshot(store) == before, kwargs
    assert store.review(uid, Action.CONFIRM, by="B", expect=first.id).id > first.id


# --- identity across removals, restarts and re-extractions ----------------------------------------


def test_reviews_survive_removal_re_adding_and_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "keep.sqlite3"
    art = make_article("keep")
    claims = [make_claim(art, start=0, end=6), make_claim(art, place="Farah", start=20, end=25)]
    uid = claim_uids(claims)[0]
    with Store(path) as store:
        store.add(art, claims)
        store.review(uid, Action.CORRECT, by="A", change=Change(status=ControlStatus.GOVERNMENT))
        assert store.remove(art.id)
        assert store.count_reviews() == 1
        assert store.count_claims() == 0
        assert store.province_status(PROVINCE_ROWS)[0].status is ControlStatus.NO_REPORT
    with Store(path) as store:  # a restart
        assert store.add(art, claims)  # the same article again: its review applies again
        record = store.claim_record(uid)
        assert (record.state, record.claim.status) == (
            ReviewState.CORRECTED, ControlStatus.GOVERNMENT
        )
        [kunduz] = [r for r in store.province_status(PROVINCE_ROWS) if r.province == "Kunduz"]
        assert kunduz.status is ControlStatus.GOVERNMENT
        assert_days_in_sync(store)


def test_replacing_claims_carries_reviews_and_lists_those_no_claim_matches(
    tmp_path: Path,
) -> None:
    art = make_article("re")
    old = [
        make_claim(art, start=0, end=6),  # stays as it is
        make_claim(art, place="Farah", start=20, end=25),  # widened to "Farah province"
        make_claim(art, place="Herat", start=40, end=45),  # read as another place
        make_claim(art, place="Nimroz", start=60, end=66),  # unreviewed
    ]
    ids = claim_uids(old)
    with Store(tmp_path / "re.sqlite3") as store:
        store.add(art, old)
        store.review(ids[0], Action.CORRECT, by="A", change=Change(status=ControlStatus.CONTESTED))
        store.review(ids[1], Action.REJECT, by="A")
        lost = store.review(ids[2], Action.CONFIRM, by="A")
        new = [
            make_claim(art, start=0, end=6, cues="fell to (new reading)"),
            make_claim(art, place="Farah", kind=PlaceKind.PROVINCE, start=20, end=34),
            make_claim(art, place="Kandahar", start=40, end=45),
            make_claim(art, place="Nimroz", start=60, end=66, status=ControlStatus.GOVERNMENT),
        ]
        [done] = store.replace_claims([(art.id, new)])
        assert (done.claims_before, done.claims_after) == (4, 4)
        assert set(done.carried) == {ids[0], ids[1]}
        assert done.lost == (lost,)
        records = {r.claim_id: r for r in store.claim_records()}
        assert records[ids[0]].claim.status is ControlStatus.CONTESTED  # the correction stays
        assert records[ids[0]].claim.cues == "fell to (new reading)"  # the new reading
        assert records[ids[0]].extracted == Values.of(new[0])
        assert records[ids[1]].state is ReviewState.REJECTED  # the widened mention
        assert records[ids[1]].claim.end == 34
        assert ids[2] not in records
        assert records[claim_uids(new)[3]].claim.status is ControlStatus.GOVERNMENT
        assert store.orphan_reviews() == [lost]
        with pytest.raises(ReviewError, match="no longer matches any claim of article"):
            store.review(ids[2], Action.REJECT, by="A")
        assert_days_in_sync(store)
        # the same reading again: the same carried, the same still unmatched
        [again] = store.replace_claims([(art.id, new)])
        assert set(again.carried) == {ids[0], ids[1]}
        assert again.lost == (lost,)


def test_analyst_claims_are_their_own_source_and_undoing_one_hides_it(tmp_path: Path) -> None:
    farah = GAZETTEER.provinces["Farah"]
    day = dt.date(2021, 8, 12)
    with Store(tmp_path / "an.sqlite3") as store:
        art = make_article("farah", date=day)
        store.add(art, [make_claim(art, place="Farah", event_type=EventType.OVERTAKES)])
        one = store.add_analyst_claim(
            analyst_claim(farah, ControlStatus.GOVERNMENT, day, by="A. Rahimi",
                          note="phone call with a council member"),
            by="A. Rahimi", note="phone call with a council member",
        )
        assert one.action is Action.ADD
        assert one.before is None
        assert one.claim_id.startswith("analyst-")
        [row] = [r for r in store.province_status(PROVINCE_ROWS) if r.province == "Farah"]
        assert (row.status, row.n_claims) == (ControlStatus.CONTESTED, 2)  # T against G
        record = store.claim_record(one.claim_id)
        assert record.is_analyst
        assert record.state is ReviewState.ADDED
        assert record.latest is not None
        assert record.latest.describe().startswith(
            "analyst claim by A. Rahimi"
        )
        store.review(one.claim_id, Action.CORRECT, by="B",
                     change=Change(event_date=dt.date(2021, 8, 11)))
        assert store.claim_record(one.claim_id).claim.article_date == dt.date(2021, 8, 11)
        two = store.add_analyst_claim(
            analyst_claim(farah, ControlStatus.TALIBAN, dt.date(2021, 8, 13), by="B",
                          note="a second source"),
            by="B", note="a second source",
        )
        assert two.claim_id != one.claim_id
        store.review(two.claim_id, Action.UNDO, by="B")  # took back: hidden from the map
        assert store.claim_record(two.claim_id).state is ReviewState.REJECTED
        shown = store.claims(review="shown")
        assert_map_is(store, shown)
        assert_days_in_sync(store)
        with pytest.raises(ReviewError, match="has no article"):
            store.add_analyst_claim(make_claim(art), by="A", note="x")


# --- schema 4 -> 5 -------------------------------------------------------------------------------

SCHEMA_V4_CLAIMS = """CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    "article_id" TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, "article_date" TEXT NOT
    NULL, "place" TEXT NOT NULL, "kind" TEXT NOT NULL, "province" TEXT NOT NULL, "iso_3166_2" TEXT
    NOT NULL, "status" TEXT NOT NULL, "event_date" TEXT NOT NULL, "date_precision" TEXT NOT NULL,
    "claimant" TEXT NOT NULL, "evidence" TEXT NOT NULL, "cues" TEXT NOT NULL, "start" INTEGER NOT
    NULL, "end" INTEGER NOT NULL, "surface" TEXT NOT NULL, "via" TEXT NOT NULL DEFAULT 'name',
    "note" TEXT NOT NULL DEFAULT '', "actor" TEXT NOT NULL DEFAULT 'unknown', "actor_text" TEXT NOT
    NULL DEFAULT '', "event_type" TEXT NOT NULL DEFAULT 'Other', "sources" TEXT NOT NULL DEFAULT
    '', "lat" REAL, "lon" REAL
)"""
"""The claims table of schema version 4, as that version created it (no review columns, an
article for every claim)."""
V4_COLUMNS = (
    "article_id, article_date, place, kind, province, iso_3166_2, status, event_date, "
    'date_precision, claimant, evidence, cues, start, "end", surface, via, note, actor, '
    "actor_text, event_type, sources, lat, lon"
)


def make_v4(path: Path, items: list[tuple[Article, list[Claim]]]) -> None:
    """A schema-4 file holding ``items``: stored by this version, then taken back to version 4's
    layout (its claims table, no trail, user_version 4)."""
    with Store(path) as store:
        store.add_many(items)
    con = sqlite3.connect(path)
    con.executescript(
        f"""
        {SCHEMA_V4_CLAIMS.replace("CREATE TABLE claims", "CREATE TABLE claims_v4")};
        INSERT INTO claims_v4 (id, {V4_COLUMNS}) SELECT id, {V4_COLUMNS} FROM claims;
        DROP TABLE claims; DROP TABLE reviews;
        ALTER TABLE claims_v4 RENAME TO claims;
        CREATE INDEX claims_province_date_status ON claims(province, event_date, status);
        CREATE INDEX claims_event_date ON claims(event_date);
        CREATE INDEX claims_article ON claims(article_id);
        PRAGMA user_version = 4;
        VACUUM;
        """
    )
    con.close()


def test_a_schema_4_file_is_migrated_with_stable_ids_and_an_empty_trail(tmp_path: Path) -> None:
    items = random_corpus(12, n_articles=40)
    path = tmp_path / "v4.sqlite3"
    make_v4(path, items)
    con = sqlite3.connect(path)
    v4_claims = con.execute(f"SELECT id, {V4_COLUMNS} FROM claims ORDER BY id").fetchall()
    v4_days = con.execute("SELECT * FROM province_days ORDER BY 1, 2").fetchall()
    con.close()
    with Store(path) as store:
        got = by_uid(store)
        want = {u: c for _, cs in items for u, c in zip(claim_uids(cs), cs, strict=True)}
        assert got == want  # every claim kept, each under the id of its article, place, mention
        assert store.count_reviews() == 0
        assert_map_is(store, [c for _, cs in items for c in cs])
        uid = next(iter(want))
        store.review(uid, Action.REJECT, by="A")
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        rows = con.execute(f"SELECT id, {V4_COLUMNS} FROM claims ORDER BY id").fetchall()
        assert rows == v4_claims  # the same rows, the same row ids
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = "
                                             "'trigger'")}
        assert triggers == {"reviews_no_update", "reviews_no_delete"}
        notnull = {r[1]: r[3] for r in con.execute("PRAGMA table_info(claims)")}
        assert notnull["article_id"] == 0
        assert notnull["uid"] == 1
    finally:
        con.close()
    assert v4_days  # the summary came along (version 4's day rules are this version's)


def test_a_failed_migration_from_schema_4_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v4.sqlite3"
    make_v4(path, random_corpus(13, n_articles=5))
    before = sha256_of(path)
    import geo.store as store_module

    def half_migration(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE reviews (id INTEGER PRIMARY KEY)")
        raise sqlite3.OperationalError("database or disk is full (simulated)")

    monkeypatch.setattr(store_module, "_migrate_to_5", half_migration)
    with pytest.raises(StoreError, match=r"cannot migrate .* version 4 to 5 .*simulated"):
        Store(path)
    assert sha256_of(path) == before


# --- kills and processes --------------------------------------------------------------------------

REVIEWER = textwrap.dedent(
    """
    import itertools, sys
    from geo.errors import ReviewError
    from geo.review import Change
    from geo.store import Store
    from geo.types import ControlStatus

    store = Store(sys.argv[1])
    ids = [r.claim_id for r in store.claim_records(order="id")][: int(sys.argv[2])]
    cycle = [ControlStatus.GOVERNMENT, ControlStatus.CONTESTED, ControlStatus.TALIBAN]
    for i in itertools.count():  # endless when asked: the parent kills us
        if sys.argv[3] != "endless" and i >= int(sys.argv[3]):
            break
        uid = ids[i % len(ids)]
        while True:  # another process may set that very status between our read and write
            now = store.claim_record(uid).claim.status
            status = next(s for s in cycle[i % 3:] + cycle if s is not now)
            try:
                review = store.review(uid, "correct", by=sys.argv[4], change=Change(status=status))
                break
            except ReviewError as exc:
                assert "nothing to correct" in str(exc), exc
        print(review.id, uid, status.value, flush=True)
    """
)


def start_reviewer(tmp_path: Path, db: Path, *args: str) -> subprocess.Popen[str]:
    helper = tmp_path / "reviewer.py"
    helper.write_text(REVIEWER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(settings.PROJECT_ROOT)}
    return subprocess.Popen(
        [sys.executable, str(helper), str(db), *args], env=env, stdout=subprocess.PIPE, text=True
    )


def assert_consistent(path: Path) -> None:
    """Every claim's reviewed values are its latest review's; the trail chains; days in sync."""
    with Store(path) as store:
        for record in store.claim_records():
            history = store.history(record.claim_id)
            if not history:
                assert record.latest is None
                continue
            assert record.latest == history[-1]
            assert Values.of(record.claim, record.state) == history[-1].after
            assert all(a.after == b.before for a, b in itertools.pairwise(history))
            assert undo_target(history) is not None
        assert_days_in_sync(store)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_sigkill_mid_review_keeps_every_committed_review(tmp_path: Path) -> None:
    db = tmp_path / "kill.sqlite3"
    with Store(db) as store:
        store.add_many(random_corpus(14, n_articles=30))
    proc = start_reviewer(tmp_path, db, "25", "endless", "killed")
    committed: list[int] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while len(committed) < 60:
            line = proc.stdout.readline()
            assert line, "the reviewer stopped on its own"
            assert time.monotonic() < deadline, "the reviewer made no progress"
            committed.append(int(line.split()[0]))
        time.sleep(random.Random(1).uniform(0, 0.02))  # somewhere inside a later review
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with Store(db) as store:
        stored = {r.id for r in store.reviews()}
        assert set(committed) <= stored
        assert store.review(store.claim_records(limit=1)[0].claim_id, "confirm", by="after")
    assert_consistent(db)


def test_processes_reviewing_the_same_claims_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "race.sqlite3"
    with Store(db) as store:
        store.add_many(random_corpus(15, n_articles=20))
    procs = [start_reviewer(tmp_path, db, "6", "40", name) for name in ("p1", "p2", "p3")]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0]
    with Store(db) as store:
        trail = store.reviews()
    assert len(trail) == 120
    for name, out in zip(("p1", "p2", "p3"), outputs, strict=True):
        mine = {int(line.split()[0]) for line in out.splitlines()}
        assert len(mine) == 40
        assert mine == {r.id for r in trail if r.by == name}
    assert_consistent(db)
