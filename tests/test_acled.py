"""Tests for geo.acled: ACLED rows in (import-acled), claims out (--format acled), round trips."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.acled import ACLED_COLUMNS, acled_rows, import_acled, iter_acled, row_status
from geo.exports import export_text
from geo.pipeline import default_extractor, extract_claims, read_inputs
from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from geo.store import Store
from geo.types import Actor, ControlStatus, EventType, PlaceKind
from tests.shared_articles import CAPTURE, RETAKE
from tests.shared_formats import ACLED_CSV

GAZETTEER = default_extractor().gazetteer
TODAY = dt.date(2026, 1, 1)


def read(data: str | bytes, name: str = "acled.csv") -> list:
    raw = data.encode() if isinstance(data, str) else data
    return list(iter_acled(raw, source=name, gazetteer=GAZETTEER, today=TODAY))


def test_rows_become_claims_and_bad_rows_are_named() -> None:
    got = read(ACLED_CSV)
    assert [r.source for r in got] == [f"acled.csv:row {n}" for n in range(2, 8)]
    kunduz, lashkar, zurmat, strike, atlantis, bad_date = got
    assert atlantis.article is None
    assert atlantis.error.startswith(
        "acled.csv:row 6: admin1 'Atlantis' is not one of Afghanistan's 34 provinces (ACLED's: "
        "Badakhshan, Badghis"
    )
    assert "Paktya" in atlantis.error
    assert "Sar-e-Pul" in atlantis.error
    assert bad_date.error == (
        "acled.csv:row 7: event_date '2021-13-45' is not a date (YYYY-MM-DD or '10 August 2021')"
    )
    (c,) = kunduz.claims
    assert (c.province, c.place, c.kind, c.status) == (
        "Kunduz", "Kunduz", PlaceKind.CAPITAL, ControlStatus.TALIBAN
    )
    assert c.evidence.startswith("On 8 August 2021, Taliban fighters took control of Kunduz")
    assert (c.claimant, c.sources, c.via) == ("Pajhwok Afghan News", "Pajhwok Afghan News",
                                              "acled")
    assert (c.actor, c.actor_text, c.event_type) == (
        Actor.TALIBAN, "Taliban", EventType.OVERTAKES
    )
    assert c.note.startswith("ACLED event AFG61001")
    assert (c.lat, c.lon) == (36.729, 68.857)
    a = kunduz.article
    assert a.source == "acled:acled.csv"
    assert a.outlet == "Pajhwok Afghan News"
    assert a.text[c.start : c.end] == c.surface == "Kunduz"
    (g,) = lashkar.claims
    assert (g.province, g.place, g.status, g.event_date) == (
        "Helmand", "Lashkar Gah", ControlStatus.GOVERNMENT, dt.date(2021, 8, 10)  # "10 August"
    )
    (z,) = zurmat.claims
    assert (z.province, z.kind, z.status, z.surface) == (
        "Paktia", PlaceKind.PROVINCE, ControlStatus.CONTESTED, "Zurmat"  # a district
    )
    (s,) = strike.claims
    assert (s.province, s.status, s.date_precision.value) == (
        "Sar-e Pol", ControlStatus.REPORTED, "week"
    )


@pytest.mark.parametrize(
    ("sub", "actor1", "status"),
    [
        ("Non-state actor overtakes territory", "Taliban", "taliban"),
        ("Non-state actor overtakes territory", "NRF: National Resistance Front", "government"),
        ("Non-state actor overtakes territory", "Islamic State (Afghanistan)", "reported"),
        ("Government regains territory", "Military Forces of Afghanistan (2004-2021)",
         "government"),
        ("Government regains territory", "Military Forces of Afghanistan (2021-)", "taliban"),
        ("Non-violent transfer of territory", "Taliban", "taliban"),
        ("Armed clash", "Unidentified Armed Group (Afghanistan)", "contested"),
        ("Suicide bomb", "Islamic State (Afghanistan)", "reported"),
        ("Peaceful protest", "Protesters (Afghanistan)", "reported"),
    ],
)
def test_status_of_a_row(sub: str, actor1: str, status: str) -> None:
    assert row_status(sub, actor1) == status


def test_a_file_that_is_not_an_acled_export_is_one_error() -> None:
    (result,) = read("date,text\n2021-08-10,Kunduz fell.\n", "headlines.csv")
    assert result.error == (
        "headlines.csv: is a table of articles (date, text), not an ACLED export; read it with "
        "ingest"
    )
    (other,) = read("a,b\n1,2\n", "x.csv")
    assert other.error.startswith("x.csv: has no 'event_id_cnty' and no 'event_date'")


def test_import_acled_command_stores_rows_once_and_names_bad_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "acled-2021.csv"
    export.write_text(ACLED_CSV, encoding="utf-8")
    db = tmp_path / "a.sqlite3"
    assert main(["import-acled", str(export), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        line for line in err.splitlines() if line.startswith("error: ")
    ]
    assert len(err.splitlines()) == 2
    assert f"{export}:row 6: admin1 'Atlantis'" in err
    assert "6 rows read, 4 new, 0 skipped (already stored), 2 failed; new claims: taliban 1, " \
        "contested 1, government 1, reported 1" in out
    with Store(db) as store:
        assert store.stats() == {"n_articles": 4, "n_claims": 4}
        assert {a.source for a in store.articles()} == {"acled:acled-2021.csv"}
        rows = {r.province: r.status.value
                for r in store.province_status(default_extractor().provinces())}
    assert rows["Kunduz"] == "taliban"
    assert rows["Helmand"] == "government"
    assert rows["Paktia"] == "contested"
    assert main(["import-acled", str(export), "--db", str(db)]) == 1
    assert "0 new, 4 skipped (already stored)" in capsys.readouterr().out
    run = subprocess.run(
        [sys.executable, "-m", "geo", "import-acled", str(export), str(tmp_path / "none.csv"),
         "--db", str(db)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120, check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "none.csv: no such file" in run.stderr


def test_acled_claims_sit_beside_text_claims(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "capture.txt").write_text(CAPTURE, encoding="utf-8")
    export = tmp_path / "acled.csv"
    export.write_text(ACLED_CSV, encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    main(["import-acled", str(export), "--db", str(db)])
    with Store(db) as store:
        vias = {c.via for c in store.claims()}
    assert "acled" in vias
    assert vias - {"acled"}  # the text's own claims are there too


# --- out, and the round trip ---------------------------------------------------------------------


def statuses(store: Store, days: list[dt.date | None]) -> dict:
    provinces = default_extractor().provinces()
    return {
        day: [(r.province, r.status.value, r.since) for r in store.province_status(provinces, day)]
        for day in days
    }


def corpus(tmp_path: Path) -> list:
    """The seed, the two shared stories, the development set: articles from real-style texts."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "capture.txt").write_text(CAPTURE, encoding="utf-8")
    (folder / "retake.txt").write_text(RETAKE, encoding="utf-8")
    articles, failures, _ = read_inputs(
        [DEFAULT_SEEDS_DIR, folder, PROJECT_ROOT / "eval" / "articles"]
    )
    assert not failures
    return articles


def test_export_then_import_gives_the_same_province_statuses(tmp_path: Path) -> None:
    articles = corpus(tmp_path)
    with Store(tmp_path / "text.sqlite3") as text_store:
        text_store.add_many((a, extract_claims(a)) for a in articles)
        exported = export_text(text_store, "acled")
        days = [*text_store.event_dates(), None]
        before = statuses(text_store, days)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert len(rows) > 100
    with Store(tmp_path / "acled.sqlite3") as acled_store:
        report = import_acled(
            iter_acled(exported.encode(), source="out.csv", gazetteer=GAZETTEER), acled_store
        )
        assert report.n_failed == 0
        after = statuses(acled_store, days)
        # And out again: the events keep their ids and statuses.
        again = list(csv.DictReader(io.StringIO(export_text(acled_store, "acled"))))
    key = ("event_id_cnty", "event_date", "sub_event_type", "admin1", "tags")
    assert sorted(tuple(r[k] for k in key) for r in again) == sorted(
        tuple(r[k] for k in key) for r in rows
    )
    assert after == before


def test_round_trip_with_typed_claims_and_old_events(tmp_path: Path) -> None:
    """Claims typed as the lead's extractor will type them: an air strike on a contested city, a
    disputed capture (contested, Non-state actor overtakes territory), a capture reported a
    month later (an old event), a government recapture by the resistance."""
    articles = corpus(tmp_path)[:40]
    typed = []
    for i, article in enumerate(articles):
        claims = extract_claims(article)
        out = []
        for j, c in enumerate(claims):
            kind = (EventType.AIR_STRIKE, EventType.OVERTAKES, EventType.CLASH,
                    EventType.REGAINS)[(i + j) % 4]
            actor = (Actor.TALIBAN, Actor.ANTI_TALIBAN, Actor.UNKNOWN)[(i + j) % 3]
            c = dataclasses.replace(c, event_type=kind, actor=actor)
            if (i + j) % 5 == 0:
                c = dataclasses.replace(c, event_date=c.event_date - dt.timedelta(days=40))
            out.append(c)
        typed.append((article, out))
    with Store(tmp_path / "text.sqlite3") as text_store:
        text_store.add_many(typed)
        days = [*text_store.event_dates(), None]
        before = statuses(text_store, days)
        exported = export_text(text_store, "acled")
    assert "afmap status=contested" in exported  # the air strikes and disputed captures
    assert "afmap article date=" in exported  # the old events
    with Store(tmp_path / "acled.sqlite3") as acled_store:
        import_acled(iter_acled(exported.encode(), source="o.csv", gazetteer=GAZETTEER),
                     acled_store)
        assert statuses(acled_store, days) == before


def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "seeds-acled.csv"
    assert main(["extract", str(DEFAULT_SEEDS_DIR), "--format", "acled", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["admin1"] for r in rows} >= {"Kunduz", "Farah"}
    assert all(r["country"] == "Afghanistan" and r["iso"] == "4" for r in rows)
    kunduz = next(r for r in rows if r["admin1"] == "Kunduz")
    assert (kunduz["event_type"], kunduz["sub_event_type"], kunduz["actor1"]) == (
        "Battles", "Non-state actor overtakes territory", "Taliban"
    )
    assert kunduz["geo_precision"] == "1"
    assert kunduz["time_precision"] in ("1", "2")
    db = tmp_path / "a.sqlite3"
    assert main(["import-acled", str(out), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["status", str(DEFAULT_SEEDS_DIR)]) == 0
    text = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    with Store(db) as store:
        stored = {r.province: (r.status.value, r.since.isoformat() if r.since else "")
                  for r in store.province_status(default_extractor().provinces())}
    assert {r["province"]: (r["status"], r["since"]) for r in text} == stored


def test_acled_rows_group_an_articles_claims_by_province_and_day() -> None:
    article = next(a for a in read_inputs([DEFAULT_SEEDS_DIR])[0])
    claims = sorted(extract_claims(article),
                    key=lambda c: (c.province, c.event_date, c.start))
    rows = list(acled_rows(claims))
    assert len(rows) == len({(c.province, c.event_date) for c in claims})
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)
