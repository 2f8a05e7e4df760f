"""Tests for geo.store: the embedded SQLite database of articles and claims."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo import settings
from geo.errors import StoreError
from geo.store import SCHEMA_VERSION, Store
from geo.timeline import province_status
from geo.types import Actor, Article, Claim, ControlStatus, DatePrecision, EventType, PlaceKind

DAY = dt.date(2021, 8, 10)
PROVINCES = ("Kunduz", "Farah", "Ghazni", "Herat", "Kandahar", "Helmand", "Nimroz", "Balkh")
CLAIM_STATUSES = (
    ControlStatus.TALIBAN,
    ControlStatus.CONTESTED,
    ControlStatus.GOVERNMENT,
    ControlStatus.REPORTED,
)
CONTROL = {ControlStatus.TALIBAN, ControlStatus.CONTESTED, ControlStatus.GOVERNMENT}


# --- small fixtures ------------------------------------------------------------------------------


def make_article(key: str, *, date: dt.date = DAY, title: str | None = None) -> Article:
    """An article whose id is derived from ``key``."""
    return Article(
        id=hashlib.sha256(key.encode()).hexdigest()[:16],
        date=date,
        title=title if title is not None else f"Article {key}",
        text=f"Text of {key}.\nKunduz fell.\n",
        source=f"{key}.txt",
    )


def make_claim(article: Article, **fields: Any) -> Claim:
    """A claim of ``article`` with plausible defaults; ``fields`` override them."""
    place = fields.pop("place", "Kunduz")
    values: dict[str, Any] = {
        "article_id": article.id,
        "article_date": article.date,
        "place": place,
        "kind": PlaceKind.CAPITAL,
        "province": place,
        "iso_3166_2": "AF-KDZ",
        "status": ControlStatus.TALIBAN,
        "event_date": article.date,
        "date_precision": DatePrecision.DAY,
        "claimant": "",
        "evidence": f"{place} fell to the Taliban.",
        "cues": "fell to",
        "start": 0,
        "end": len(place),
        "surface": place,
    }
    values.update(fields)
    return Claim(**values)


def random_corpus(seed: int, n_articles: int = 60) -> list[tuple[Article, list[Claim]]]:
    """Articles with random claims over a few provinces, statuses and days (same-day clashes)."""
    rng = random.Random(seed)
    start = dt.date(2021, 7, 20)
    items = []
    for i in range(n_articles):
        art = make_article(f"r{seed}-{i}", date=start + dt.timedelta(days=rng.randrange(30)))
        claims = []
        for _ in range(rng.randrange(0, 8)):
            province = rng.choice(PROVINCES)
            claims.append(
                make_claim(
                    art,
                    place=province,
                    status=rng.choice(CLAIM_STATUSES),
                    event_date=art.date - dt.timedelta(days=rng.randrange(4)),
                    kind=rng.choice(list(PlaceKind)),
                    start=rng.randrange(3) * 100,
                    event_type=rng.choice([EventType.CLASH, EventType.OVERTAKES]),
                    sources=rng.choice(["", "AP", "Reuters"]),
                )
            )
        items.append((art, claims))
    return items


def same_claim(a: Claim, b: Claim) -> bool:
    """Field-by-field equality where NaN equals NaN."""
    for field in dataclasses.fields(Claim):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
            continue
        if x != y or type(x) is not type(y):
            return False
    return True


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "afmap.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as opened:
        yield opened


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- round trip ----------------------------------------------------------------------------------


def test_round_trip_is_exact(store: Store, db_path: Path) -> None:
    art = make_article("kunduz", title="Taliban take Kunduz — «کندز»")
    claims = [
        make_claim(art),  # NaN coordinates (the default)
        make_claim(
            art,
            place="Farah",
            kind=PlaceKind.PROVINCE,
            iso_3166_2="AF-FRA",
            status=ControlStatus.CONTESTED,
            event_date=dt.date(2021, 8, 8),
            date_precision=DatePrecision.WEEK,
            claimant="a Taliban spokesman",
            evidence='He said: "we took the city" — but the governor denied it.',
            cues="took; denied",
            start=120,
            end=125,
            surface="Farah",
            via="same-name",
            note="the airport is held by government forces",
            lat=32.3745131,
            lon=62.1164252,
        ),
        make_claim(
            art, place="Ghazni", status=ControlStatus.GOVERNMENT, lat=33.55, lon=float("nan")
        ),
        make_claim(
            art, place="Herat", status=ControlStatus.REPORTED, surface="هرات", via="anaphor"
        ),
    ]
    assert store.add(art, claims) is True
    got = store.claims(article_ids=[art.id], order="id")
    assert got == [claims[0], claims[1], got[2], claims[3]]  # claims[2] has its own NaN object
    assert all(same_claim(a, b) for a, b in zip(got, claims, strict=True))
    assert isinstance(got[0].status, ControlStatus)
    assert isinstance(got[0].kind, PlaceKind)
    assert isinstance(got[1].date_precision, DatePrecision)
    assert type(got[1].event_date) is dt.date
    assert type(got[1].article_date) is dt.date
    assert math.isnan(got[0].lat)
    assert math.isnan(got[2].lon)
    assert got[2].lat == 33.55
    assert store.article(art.id) == art
    store.close()

    with Store(db_path) as reopened:
        assert reopened.articles() == [art]
        assert reopened.claims(article_ids=[art.id], order="id")[1] == claims[1]


def test_memory_store_and_parent_folders(tmp_path: Path) -> None:
    with Store(":memory:") as mem:
        art = make_article("m")
        assert mem.add(art, [make_claim(art)])
        assert mem.stats() == {"n_articles": 1, "n_claims": 1}
    nested = tmp_path / "a" / "b" / "c.sqlite3"
    Store(nested).close()
    assert nested.is_file()


def test_new_file_has_schema_version_and_wal(db_path: Path, store: Store) -> None:
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {
            row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert {
            "claims_province_date_status",
            "claims_event_date",
            "claims_article",
        } <= indexes
    finally:
        con.close()


def test_article_without_claims(store: Store) -> None:
    art = make_article("empty")
    assert store.add(art, [])
    assert store.has(art.id)
    assert store.claims(article_ids=[art.id]) == []


# --- duplicates, all-or-nothing, removal ---------------------------------------------------------


def test_duplicate_add_stores_nothing_twice(store: Store) -> None:
    art = make_article("dup")
    first = [make_claim(art), make_claim(art, place="Farah")]
    assert store.add(art, first) is True
    changed = dataclasses.replace(art, title="another title")
    assert store.add(changed, [make_claim(art, place="Ghazni")] * 3) is False
    assert store.stats() == {"n_articles": 1, "n_claims": 2}
    assert store.article(art.id) == art
    assert [c.place for c in store.claims(order="id")] == ["Kunduz", "Farah"]


def test_add_many_counts_new_articles(store: Store) -> None:
    items = [
        (make_article(f"a{i}"), [make_claim(make_article(f"a{i}"))] * (i % 3)) for i in range(10)
    ]
    store.add(*items[4])
    assert store.add_many(items + items[:2], batch_size=3) == 9
    assert store.stats() == {"n_articles": 10, "n_claims": sum(i % 3 for i in range(10))}
    assert store.add_many(items) == 0
    with pytest.raises(ValueError, match="batch_size"):
        store.add_many(items, batch_size=0)


def test_add_many_is_lazy(store: Store) -> None:
    seen: list[int] = []

    def items() -> Iterator[tuple[Article, list[Claim]]]:
        for i in range(6):
            seen.append(i)
            if i == 4:
                # Batches [0, 1] and [2, 3] are committed before item 4 is even produced.
                assert store.stats()["n_articles"] == 4
            art = make_article(f"lazy{i}")
            yield art, [make_claim(art)]

    assert store.add_many(items(), batch_size=2) == 6
    assert seen == list(range(6))


def test_claim_of_another_article_is_refused(store: Store) -> None:
    art, other = make_article("x"), make_article("y")
    with pytest.raises(ValueError, match="article_id"):
        store.add(art, [make_claim(art), make_claim(other)])
    assert store.stats() == {"n_articles": 0, "n_claims": 0}


def test_failed_claim_insert_rolls_back_the_article(store: Store) -> None:
    art = make_article("broken")
    good = make_claim(art)
    broken = dataclasses.replace(good, evidence=None)  # type: ignore[arg-type]  # NOT NULL fails
    with pytest.raises(StoreError, match="write failed"):
        store.add(art, [good, good, broken])
    assert not store.has(art.id)
    assert store.stats() == {"n_articles": 0, "n_claims": 0}
    assert store.add(art, [good]) is True, "the store is usable after a failed write"


def test_remove(store: Store) -> None:
    a, b = make_article("a"), make_article("b")
    store.add(a, [make_claim(a), make_claim(a, place="Farah")])
    store.add(b, [make_claim(b, place="Ghazni")])
    assert store.remove(a.id) is True
    assert not store.has(a.id)
    assert store.has(b.id)
    assert store.claims(article_ids=[a.id]) == []
    assert store.stats() == {"n_articles": 1, "n_claims": 1}
    assert store.remove(a.id) is False


def test_known_ids_many(store: Store) -> None:
    items: list[tuple[Article, list[Claim]]] = [(make_article(f"k{i}"), []) for i in range(50)]
    store.add_many(items)
    stored = {art.id for art, _ in items}
    asked = [f"{i:016x}" for i in range(5000)] + sorted(stored)[:20]
    assert store.known_ids(asked) == set(sorted(stored)[:20])
    assert store.known_ids([]) == set()


def test_articles_sorted_by_date(store: Store) -> None:
    late, early = make_article("late", date=DAY), make_article("early", date=DAY.replace(day=1))
    store.add_many([(late, []), (early, [])])
    assert store.articles() == [early, late]
    assert store.article("0" * 16) is None


# --- queries -------------------------------------------------------------------------------------


@pytest.fixture
def corpus_store(store: Store) -> tuple[Store, list[Claim]]:
    items = random_corpus(seed=7, n_articles=80)
    store.add_many(items, batch_size=16)
    return store, [c for _, claims in items for c in claims]


def reference(
    claims: list[Claim],
    *,
    article_ids: set[str] | None = None,
    provinces: set[str] | None = None,
    statuses: set[ControlStatus] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[Claim]:
    """Pure-Python filter in insertion order."""
    return [
        c
        for c in claims
        if (article_ids is None or c.article_id in article_ids)
        and (provinces is None or c.province in provinces)
        and (statuses is None or c.status in statuses)
        and (date_from is None or c.event_date >= date_from)
        and (date_to is None or c.event_date <= date_to)
    ]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"provinces": {"Kunduz", "Farah"}},
        {"statuses": {ControlStatus.TALIBAN}},
        {"date_from": dt.date(2021, 8, 1), "date_to": dt.date(2021, 8, 5)},
        {"provinces": {"Herat"}, "statuses": {ControlStatus.GOVERNMENT, ControlStatus.CONTESTED}},
        {"provinces": set()},
        {"provinces": {"Atlantis"}},
    ],
)
def test_claim_filters_match_reference(
    corpus_store: tuple[Store, list[Claim]], filters: dict[str, Any]
) -> None:
    store, claims = corpus_store
    expected = reference(claims, **filters)
    got = store.claims(order="id", **filters)
    assert got == expected
    assert store.count_claims(**filters) == len(expected)


def test_filter_by_article_ids(corpus_store: tuple[Store, list[Claim]]) -> None:
    store, claims = corpus_store
    ids = {c.article_id for c in claims[:10]}
    assert store.claims(article_ids=ids, order="id") == reference(claims, article_ids=ids)
    assert store.claims(article_ids=[]) == []


def test_default_order_and_paging(corpus_store: tuple[Store, list[Claim]]) -> None:
    store, claims = corpus_store
    everything = store.claims()
    assert len(everything) == len(claims) > 50
    dates = [c.event_date for c in everything]
    assert dates == sorted(dates, reverse=True), "default order is event_date DESC"
    pages = [store.claims(limit=7, offset=k) for k in range(0, len(claims) + 7, 7)]
    assert [c for page in pages for c in page] == everything
    assert all(len(p) == 7 for p in pages[:-2])
    assert store.claims(limit=0) == []
    assert store.claims(offset=len(claims)) == []


def test_custom_order(corpus_store: tuple[Store, list[Claim]]) -> None:
    store, claims = corpus_store
    got = store.claims(order="province ASC, event_date desc")
    assert got == sorted(reference(claims), key=lambda c: (c.province, -c.event_date.toordinal()))
    assert store.claims(order="end DESC")[0].end == max(c.end for c in claims)


@pytest.mark.parametrize(
    "order", ["event_date; DROP TABLE claims", "nope", "event_date SIDEWAYS", ""]
)
def test_bad_order_is_refused(store: Store, order: str) -> None:
    with pytest.raises(ValueError, match="order="):
        store.claims(order=order)


def test_bad_status_and_paging_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="captured"):
        store.claims(statuses=["captured"])
    with pytest.raises(ValueError, match="limit"):
        store.claims(limit=-1)


def test_control_claims_upto(corpus_store: tuple[Store, list[Claim]]) -> None:
    store, claims = corpus_store
    as_of = dt.date(2021, 8, 3)
    got = store.control_claims_upto(as_of)
    assert got, "the random corpus has control claims before the cut-off"
    expected = [c for c in claims if c.status in CONTROL and c.event_date <= as_of]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    keys = [(c.event_date, c.article_date) for c in got]
    assert keys == sorted(keys)
    with_reported = store.control_claims_upto(as_of, include_reported=True)
    assert len(with_reported) == len([c for c in claims if c.event_date <= as_of])


def reference_latest(claims: list[Claim], as_of: dt.date) -> list[tuple[str, str, str]]:
    """Latest control day per province on or before ``as_of``, written out by hand: each article
    speaks with its last outcome of the day (by position, ties: the later claim), else with its
    fighting; one outcome among the articles wins, opposite or disputed outcomes are contested."""
    latest: dict[str, dt.date] = {}
    for c in claims:
        if c.status in CONTROL and c.event_date <= as_of:
            latest[c.province] = max(latest.get(c.province, c.event_date), c.event_date)
    out = []
    for province, day in sorted(latest.items()):
        words: dict[str, tuple[int, str] | str] = {}
        for c in claims:
            if c.province != province or c.event_date != day or c.status not in CONTROL:
                continue
            if c.status is ControlStatus.CONTESTED:
                word = "disputed" if c.event_type is EventType.OVERTAKES else "fighting"
            else:
                word = c.status.value
            before = words.get(c.article_id)
            if word == "fighting":
                words.setdefault(c.article_id, "fighting")
            elif before is None or before == "fighting" or c.start >= before[0]:
                words[c.article_id] = (c.start, word)
        outcomes = {w[1] for w in words.values() if isinstance(w, tuple)}
        one = len(outcomes) == 1 and outcomes != {"disputed"}
        status = outcomes.pop() if one else "contested"
        out.append((province, status, day.isoformat()))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_latest_per_province_matches_reference(tmp_path: Path, seed: int) -> None:
    items = random_corpus(seed, n_articles=150)
    claims = [c for _, cs in items for c in cs]
    with Store(tmp_path / f"{seed}.sqlite3") as store:
        store.add_many(items, batch_size=50)
        clashes = 0
        for as_of in (
            dt.date(2021, 7, 1),
            dt.date(2021, 7, 22),
            dt.date(2021, 8, 1),
            dt.date(2021, 8, 30),
        ):
            expected = reference_latest(claims, as_of)
            got = store.latest_per_province(as_of)
            assert got == expected, as_of
            assert all(isinstance(status, ControlStatus) for _, status, _ in got)
            clashes += sum(
                len(
                    {
                        c.status
                        for c in claims
                        if c.province == p and c.event_date.isoformat() == d and c.status in CONTROL
                    }
                )
                > 1
                for p, _, d in expected
            )
        assert store.latest_per_province(dt.date(2021, 1, 1)) == []
    assert clashes > 0, "the corpus must exercise the same-day contested rule"


def test_latest_per_province_rules(store: Store) -> None:
    a = make_article("rules", date=dt.date(2021, 8, 12))
    claims = [
        make_claim(
            a, place="Kunduz", status=ControlStatus.CONTESTED, event_date=dt.date(2021, 8, 6)
        ),
        make_claim(a, place="Kunduz", status=ControlStatus.TALIBAN, event_date=dt.date(2021, 8, 8)),
        make_claim(
            a, place="Kunduz", status=ControlStatus.REPORTED, event_date=dt.date(2021, 8, 11)
        ),
        make_claim(a, place="Farah", status=ControlStatus.TALIBAN, event_date=dt.date(2021, 8, 10)),
        make_claim(
            a, place="Farah", status=ControlStatus.CONTESTED, event_date=dt.date(2021, 8, 10),
            start=50,
        ),
        make_claim(
            a, place="Herat", status=ControlStatus.REPORTED, event_date=dt.date(2021, 8, 10)
        ),
    ]
    store.add(a, claims)
    b = make_article("rules-b", date=dt.date(2021, 8, 12))
    store.add(b, [make_claim(b, place="Farah", status=ControlStatus.GOVERNMENT,
                             event_date=dt.date(2021, 8, 10))])
    assert store.latest_per_province(dt.date(2021, 8, 12)) == [
        ("Farah", "contested", "2021-08-10"),  # opposite outcomes from two articles
        ("Kunduz", "taliban", "2021-08-08"),  # a later mere mention does not undo it
    ]
    assert store.latest_per_province(dt.date(2021, 8, 7)) == [("Kunduz", "contested", "2021-08-06")]


def test_event_dates_and_stats(store: Store) -> None:
    a = make_article("d")
    store.add(
        a,
        [
            make_claim(a, event_date=dt.date(2021, 8, 9)),
            make_claim(a, event_date=dt.date(2021, 8, 7)),
            make_claim(a, event_date=dt.date(2021, 8, 9)),
        ],
    )
    assert store.event_dates() == [dt.date(2021, 8, 7), dt.date(2021, 8, 9)]
    assert store.stats() == {"n_articles": 1, "n_claims": 3}


def test_article_index_lists_articles_without_their_text(store: Store) -> None:
    early = make_article("ix-early", date=DAY.replace(day=1), title="")
    late_b = make_article("ix-late-b")
    late_a = make_article("ix-late-a")
    store.add_many([(early, []), (late_b, [make_claim(late_b)]), (late_a, [])])
    store.add(make_article("ix-two"), [make_claim(make_article("ix-two"), start=j) for j in (1, 2)])
    rows = store.article_index()
    newest = sorted([late_a.id, late_b.id, make_article("ix-two").id])
    assert [r[0] for r in rows] == [*newest, early.id]  # newest first, then by id
    by_id = {r[0]: r for r in rows}
    assert by_id[late_b.id] == (late_b.id, DAY, late_b.title, late_b.source, 1)
    assert by_id[early.id] == (early.id, early.date, "", early.source, 0)
    assert by_id[make_article("ix-two").id][4] == 2
    assert [r[0] for r in store.article_index(2, offset=1)] == [r[0] for r in rows[1:3]]
    assert store.article_index(ids=[early.id, "0" * 16]) == [by_id[early.id]]
    assert store.article_index(ids=[]) == []
    assert [len(r) for r in rows] == [5] * 4  # id, date, title, source, n_claims: no text
    with pytest.raises(ValueError, match="limit=-1"):
        store.article_index(-1)
    assert store.article_dates() == [early.date, DAY]
    assert store.articles_on(DAY) == sorted(
        [late_a, late_b, make_article("ix-two")], key=lambda a: a.id
    )
    assert store.articles_on(DAY.replace(day=2)) == []


def test_data_version_changes_with_other_connections_writes(db_path: Path) -> None:
    with Store(db_path) as mine, Store(db_path) as other:
        start = mine.data_version()
        art = make_article("dv")
        mine.add(art, [make_claim(art)])
        assert mine.data_version() == start  # its own writes: counted by the caller
        other.remove(art.id)
        after_remove = mine.data_version()
        assert after_remove != start
        other.add(art, [make_claim(art)])  # the same counts as before the remove...
        assert mine.stats() == {"n_articles": 1, "n_claims": 1}
        assert mine.data_version() not in (start, after_remove)  # ...but another version


# --- concurrency ---------------------------------------------------------------------------------


def add_range(path: str, prefix: str, n: int) -> None:
    """Worker: add ``n`` articles, each with ``i % 5 + 1`` claims, half by add, half by add_many."""
    with Store(path) as store:
        items = []
        for i in range(n):
            art = make_article(f"{prefix}{i}", title=f"claims={i % 5 + 1}")
            items.append((art, [make_claim(art, start=j) for j in range(i % 5 + 1)]))
        for art, claims in items[: n // 2]:
            assert store.add(art, claims)
        assert store.add_many(items[n // 2 :], batch_size=7) == n - n // 2


def check_complete(path: Path | str, expected_ids: set[str] | None = None) -> int:
    """Every stored article has exactly its ``claims=N`` claims, none orphaned; return count."""
    with Store(path) as store:
        articles = store.articles()
        for art in articles:
            n = int(art.title.removeprefix("claims="))
            assert store.count_claims(article_ids=[art.id]) == n, art
        if expected_ids is not None:
            assert {a.id for a in articles} == expected_ids
    con = sqlite3.connect(path)
    try:
        orphans = con.execute(
            "SELECT COUNT(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    return len(articles)


def expected_ids(prefix: str, n: int) -> set[str]:
    return {make_article(f"{prefix}{i}").id for i in range(n)}


def test_threads_share_one_store(db_path: Path) -> None:
    with Store(db_path) as store:
        errors: list[BaseException] = []

        def work(prefix: str) -> None:
            try:
                for i in range(40):
                    art = make_article(f"{prefix}{i}", title=f"claims={i % 5 + 1}")
                    store.add(art, [make_claim(art, start=j) for j in range(i % 5 + 1)])
                    store.stats()  # reads interleave with the other thread's writes
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(p,)) for p in ("t1-", "t2-", "t3-")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    ids = expected_ids("t1-", 40) | expected_ids("t2-", 40) | expected_ids("t3-", 40)
    assert check_complete(db_path, ids) == 120


def test_threads_with_their_own_stores(db_path: Path) -> None:
    Store(db_path).close()
    threads = [
        threading.Thread(target=add_range, args=(str(db_path), p, 30)) for p in ("s1-", "s2-")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert check_complete(db_path, expected_ids("s1-", 30) | expected_ids("s2-", 30)) == 60


def test_two_processes_add_concurrently(db_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=add_range, args=(str(db_path), p, 60)) for p in ("p1-", "p2-")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert check_complete(db_path, expected_ids("p1-", 60) | expected_ids("p2-", 60)) == 120


KILL_HELPER = textwrap.dedent(
    """
    import datetime as dt, itertools, sys
    from geo.store import Store
    from geo.types import Article, Claim, ControlStatus, DatePrecision, PlaceKind

    def items():
        for i in itertools.count():  # endless: the parent kills us
            n = 1 + (i * 7) % 60
            art = Article(id=f"kill{i:012d}", date=dt.date(2021, 8, 10), title=f"claims={n}",
                          text="Kunduz fell. " * 50, source="kill")
            claims = [
                Claim(art.id, art.date, "Kunduz", PlaceKind.CAPITAL, "Kunduz", "AF-KDZ",
                      ControlStatus.TALIBAN, art.date, DatePrecision.DAY, "", "Kunduz fell. " * 20,
                      "fell", j, j + 6, "Kunduz")
                for j in range(n)
            ]
            yield art, claims

    Store(sys.argv[1]).add_many(items(), batch_size=int(sys.argv[2]))
    """
)


@pytest.mark.parametrize("batch_size", [1, 5])
def test_sigkill_mid_write_leaves_whole_articles(tmp_path: Path, batch_size: int) -> None:
    db = tmp_path / "kill.sqlite3"
    Store(db).close()
    helper = tmp_path / "writer.py"
    helper.write_text(KILL_HELPER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(settings.PROJECT_ROOT)}
    proc = subprocess.Popen([sys.executable, str(helper), str(db), str(batch_size)], env=env)
    try:
        with Store(db) as watcher:
            deadline = time.monotonic() + 30
            while watcher.stats()["n_articles"] < 40:
                assert proc.poll() is None, "the writer died on its own"
                assert time.monotonic() < deadline, "the writer made no progress"
                time.sleep(0.01)
            seen = watcher.stats()["n_articles"]
        assert proc.poll() is None, "the writer must still be writing when it is killed"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stored = check_complete(db)
    assert stored >= seen, "committed articles survive the kill"
    with Store(db) as store:  # and the database still takes writes
        art = make_article("after", title="claims=1")
        assert store.add(art, [make_claim(art)])
    check_complete(db)


# --- opening foreign, newer and legacy files -----------------------------------------------------


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE articles(id TEXT PRIMARY KEY, date TEXT, body BLOB);"
        f"PRAGMA user_version = {SCHEMA_VERSION + 1};"
    )
    con.close()
    before = sha256_of(path)
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert str(path) in message
    assert f"version {SCHEMA_VERSION + 1}" in message
    assert "newer" in message
    assert "upgrade" in message
    assert sha256_of(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite3"], "no -wal/-shm left"


@pytest.mark.parametrize(
    "content",
    [
        b"date 2021-08-10\nKunduz fell.\n",
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"SQLite format 2\x00junk",
    ],
)
def test_non_sqlite_file_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "not-a-db.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not an SQLite database") as info:
        Store(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_corrupt_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xab" * 4000)
    before = sha256_of(path)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert sha256_of(path) == before


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        ("CREATE TABLE photos(id INTEGER PRIMARY KEY, data BLOB);", "missing"),
        (
            "CREATE TABLE articles(id TEXT PRIMARY KEY, date TEXT, title TEXT, text TEXT,"
            " source TEXT, added_at TEXT); CREATE TABLE claims(id INTEGER PRIMARY KEY, x TEXT);",
            "lacks",
        ),
        (f"PRAGMA user_version = {SCHEMA_VERSION};", "missing"),
    ],
)
def test_unknown_layout_is_refused_and_untouched(tmp_path: Path, script: str, problem: str) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(script)
    con.close()
    before = sha256_of(path)
    with pytest.raises(StoreError, match=problem) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert "version" in str(info.value)
    assert sha256_of(path) == before


def test_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with Store(path) as store:
        art = make_article("e")
        assert store.add(art, [make_claim(art)])


LEGACY_V0 = """
CREATE TABLE articles (id TEXT PRIMARY KEY, date TEXT NOT NULL, title TEXT, text TEXT NOT NULL,
                       source TEXT, added_at TEXT);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    article_date TEXT NOT NULL, place TEXT NOT NULL, kind TEXT NOT NULL, province TEXT NOT NULL,
    iso_3166_2 TEXT NOT NULL, status TEXT NOT NULL, event_date TEXT NOT NULL,
    date_precision TEXT NOT NULL, claimant TEXT NOT NULL, evidence TEXT NOT NULL,
    cues TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT NOT NULL,
    lat REAL, lon REAL
);
INSERT INTO articles VALUES ('0123456789abcdef', '2021-08-10', 'Old', 'Kunduz fell.', 'old.txt',
                             '2021-08-10T12:00:00+00:00');
INSERT INTO claims (article_id, article_date, place, kind, province, iso_3166_2, status,
                    event_date, date_precision, claimant, evidence, cues, start, "end", surface,
                    lat, lon)
VALUES ('0123456789abcdef', '2021-08-10', 'Kunduz', 'capital', 'Kunduz', 'AF-KDZ', 'taliban',
        '2021-08-08', 'day', '', 'Kunduz fell.', 'fell', 0, 6, 'Kunduz', 36.72, NULL);
"""
"""Version 0 of the schema (user_version 0): claims had no ``via`` and no ``note``."""


def test_legacy_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "legacy.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(LEGACY_V0)
    con.close()
    with Store(path) as store:
        [old] = store.claims()
        assert (old.via, old.note, old.lat, old.event_date) == (
            "name",
            "",
            36.72,
            dt.date(2021, 8, 8),
        )
        assert math.isnan(old.lon)
        assert store.article("0123456789abcdef") is not None
        art = make_article("new")
        assert store.add(art, [make_claim(art, via="anaphor", note="airport held")])
        assert store.claims(article_ids=[art.id])[0].note == "airport held"
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in con.execute("PRAGMA table_info(claims)")}
        assert {"via", "note"} <= columns
    finally:
        con.close()
    with Store(path) as again:  # opening a migrated file is a no-op
        assert again.stats() == {"n_articles": 2, "n_claims": 2}


def test_migration_failure_leaves_legacy_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "legacy.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(LEGACY_V0)
    con.close()
    import geo.store as store_module

    def half_migration(conn: sqlite3.Connection, tables: dict[str, set[str]]) -> None:
        conn.execute("ALTER TABLE claims ADD COLUMN via TEXT NOT NULL DEFAULT 'name'")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(store_module, "_migrate_0_to_1", half_migration)
    expected = rf"cannot migrate .* version 0 to {SCHEMA_VERSION} .*simulated"
    with pytest.raises(StoreError, match=expected):
        Store(path)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 0
        assert "via" not in {row[1] for row in con.execute("PRAGMA table_info(claims)")}
    finally:
        con.close()


# --- the map from the index ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_province_status_matches_the_in_memory_timeline(tmp_path: Path, seed: int) -> None:
    items = random_corpus(seed, n_articles=200)
    claims = [c for _, cs in items for c in cs]
    provinces = [(p, f"AF-{p[:3].upper()}", p) for p in [*PROVINCES, "Ghor"]]  # Ghor: no claim
    with Store(tmp_path / "map.sqlite3") as store:
        store.add_many(items, batch_size=50)
        runs = 0
        for as_of in (None, dt.date(2021, 7, 19), dt.date(2021, 7, 25), dt.date(2021, 8, 10)):
            expected = province_status(claims, provinces, as_of)
            got = store.province_status(provinces, as_of, evidence=3)
            assert [(r.province, r.status, r.since, r.n_claims, r.n_sources) for r in got] == [
                (r.province, r.status, r.since, r.n_claims, r.n_sources) for r in expected
            ], as_of
            for g, e in zip(got, expected, strict=True):
                assert len(g.disputed_by) == min(3, len(e.disputed_by))
                assert all(any(same_claim(c, x) for x in e.disputed_by) for c in g.disputed_by)
                assert len(g.claims) == min(3, len(e.claims))
                assert all(any(same_claim(c, x) for x in e.claims) for c in g.claims)
                assert [c.event_date for c in g.claims] == sorted(
                    (c.event_date for c in g.claims), reverse=True
                )
                runs += g.since is not None and any(c.event_date > g.since for c in e.claims)
        assert runs, "some province's run spans several days"


def test_version_1_file_is_migrated_to_the_status_index(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    with Store(path) as store:
        store.add(make_article("v1"), [make_claim(make_article("v1"))])
    con = sqlite3.connect(path)
    con.executescript(
        "DROP INDEX claims_province_date_status;"
        "CREATE INDEX claims_province_date ON claims(province, event_date);"
        "CREATE INDEX claims_status ON claims(status);"
        "DROP TABLE reviews;"  # version 5's
        "PRAGMA user_version = 1;"
    )
    con.close()
    with Store(path) as store:
        assert store.stats() == {"n_articles": 1, "n_claims": 1}
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "claims_province_date_status" in indexes
        assert "claims_status" not in indexes
    finally:
        con.close()


LEGACY_V3_ARTICLE = "fedcba9876543210"


def test_version_3_file_gets_actors_outlets_and_the_new_day_rules(tmp_path: Path) -> None:
    """A schema-3 file (no actor, event type, sources, outlet, url or fresh mask; day masks of
    the old any-conflict-is-contested rule) opens with the columns added at their defaults and
    every day recomputed by the version-4 rules."""
    path = tmp_path / "v3.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(
        LEGACY_V0
        + """
        ALTER TABLE claims ADD COLUMN via TEXT NOT NULL DEFAULT 'name';
        ALTER TABLE claims ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE TABLE province_days (province TEXT NOT NULL, event_date TEXT NOT NULL,
            mask INTEGER NOT NULL, n_claims INTEGER NOT NULL, PRIMARY KEY (province, event_date)
        ) WITHOUT ROWID;
        INSERT INTO articles VALUES ('fedcba9876543210', '2021-08-10', 'Other', 'Kunduz fighting.',
                                     'other.txt', '2021-08-10T12:00:00+00:00');
        INSERT INTO claims (article_id, article_date, place, kind, province, iso_3166_2, status,
                            event_date, date_precision, claimant, evidence, cues, start, "end",
                            surface, lat, lon)
        VALUES ('fedcba9876543210', '2021-08-10', 'Kunduz', 'capital', 'Kunduz', 'AF-KDZ',
                'contested', '2021-08-08', 'day', '', 'Fighting in Kunduz.', 'fighting', 12, 18,
                'Kunduz', NULL, NULL);
        INSERT INTO province_days VALUES ('Kunduz', '2021-08-08', 3, 2);
        PRAGMA user_version = 3;
        """
    )
    con.close()
    provinces = [("Kunduz", "AF-KDZ", "Kunduz")]
    with Store(path) as store:
        claims = store.claims()
        assert {(c.actor, c.actor_text, c.sources) for c in claims} == {(Actor.UNKNOWN, "", "")}
        assert {(c.status, c.event_type) for c in claims} == {
            (ControlStatus.TALIBAN, EventType.OVERTAKES),
            (ControlStatus.CONTESTED, EventType.CLASH),
        }
        assert {a.outlet for a in store.articles()} == {""}
        [row] = store.province_status(provinces)
        # the old rule made the day contested (a capture and fighting from another article);
        # now the capture, an outcome, beats the other source's fighting
        assert (row.status, row.since, row.n_sources) == (
            ControlStatus.TALIBAN, dt.date(2021, 8, 8), 1
        )
        art = make_article("v4", date=dt.date(2021, 8, 11))
        assert store.add(
            dataclasses.replace(art, outlet="AP", url="https://example.org/a"),
            [make_claim(art, actor=Actor.TALIBAN, actor_text="Taliban fighters",
                        event_type=EventType.OVERTAKES, sources="AP",
                        event_date=dt.date(2021, 8, 9))],
        )
        [row] = store.province_status(provinces)
        assert (row.status, row.since, row.n_sources) == (
            ControlStatus.TALIBAN, dt.date(2021, 8, 8), 2  # the old article and AP
        )
        stored = store.article(art.id)
        assert stored is not None
        assert (stored.outlet, stored.url) == ("AP", "https://example.org/a")
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        days = {row[1] for row in con.execute("PRAGMA table_info(province_days)")}
        assert "fresh_mask" in days
    finally:
        con.close()


def test_province_status_stays_right_after_removals_and_a_migration(tmp_path: Path) -> None:
    items = random_corpus(8, n_articles=150)
    provinces = [(p, f"AF-{p[:3].upper()}", p) for p in PROVINCES]
    path = tmp_path / "days.sqlite3"

    def same_as_timeline(store: Store, kept: list[tuple[Article, list[Claim]]]) -> None:
        claims = [c for _, cs in kept for c in cs]
        for as_of in (None, dt.date(2021, 7, 28), dt.date(2021, 8, 12)):
            got = store.province_status(provinces, as_of)
            expected = province_status(claims, provinces, as_of)
            assert [(r.status, r.since, r.n_claims) for r in got] == [
                (r.status, r.since, r.n_claims) for r in expected
            ], as_of

    with Store(path) as store:
        store.add_many(items, batch_size=40)
        same_as_timeline(store, items)
        removed = items[::3]
        for article, _ in removed:
            assert store.remove(article.id)
        kept = [item for item in items if item not in removed]
        same_as_timeline(store, kept)
    con = sqlite3.connect(path)  # a version-2 file: no summary table yet
    con.executescript("DROP TABLE province_days; DROP TABLE reviews; PRAGMA user_version = 2;")
    con.close()
    with Store(path) as store:
        same_as_timeline(store, kept)
