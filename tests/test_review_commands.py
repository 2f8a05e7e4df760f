"""The review commands (geo.review_commands): claims, review, reviews (--export), reextract and
status --db, every error with its message and exit status, and nothing written on an error."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.pipeline import extract_claims, read_inputs
from geo.review import claim_uids, short_id
from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from geo.store import Store
from tests.shared_articles import CAPTURE, RETAKE


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with the seed article and the two Sheberghan stories."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in DEFAULT_SEEDS_DIR.glob("*.txt"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "capture.txt").write_text(CAPTURE, encoding="utf-8")
    (folder / "retake.txt").write_text(RETAKE, encoding="utf-8")
    articles, _, _ = read_inputs([folder])
    path = tmp_path / "state" / "afmap.sqlite3"
    with Store(path) as store:
        store.add_many((a, extract_claims(a)) for a in articles)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def claims(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> list[dict[str, str]]:
    code, out, err = run(capsys, "claims", "--db", str(db), *argv)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def one(rows: list[dict[str, str]], **where: str) -> dict[str, str]:
    [row] = [r for r in rows if all(r[k] == v for k, v in where.items())]
    return row


def status_of(capsys: pytest.CaptureFixture[str], db: Path, province: str, as_of: str) -> str:
    code, out, err = run(capsys, "status", "--db", str(db), "--as-of", as_of)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 34
    return one(rows, province=province)["status"]


def trail(db: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    finally:
        con.close()


# --- claims ---------------------------------------------------------------------------------------


def test_claims_lists_ids_review_state_and_filters(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    rows = claims(capsys, db)
    assert list(rows[0])[:6] == [
        "claim_id", "review", "reviewed_by", "reviewed_at", "review_note", "read_as"
    ]
    with Store(db) as store:
        assert len(rows) == store.count_claims()
        assert {r["claim_id"] for r in rows} == {r.claim_id for r in store.claim_records()}
    assert {r["review"] for r in rows} == {"unreviewed"}
    sheberghan = claims(capsys, db, "--province", "Jowzjan")
    assert {r["province"] for r in sheberghan} == {"Jowzjan"}
    assert len(sheberghan) >= 2
    assert claims(capsys, db, "--province", "jawzjan") == sheberghan  # any spelling
    taken = claims(capsys, db, "--status", "TALIBAN")
    assert taken
    assert {r["status"] for r in taken} == {"taliban"}
    assert claims(capsys, db, "--review", "rejected") == []
    article = rows[0]["article_id"]
    assert {r["article_id"] for r in claims(capsys, db, "--article", article)} == {article}
    code, out, _ = run(capsys, "claims", "--db", str(db), "--province", "Kunduz",
                       "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert {d["province"] for d in data} == {"Kunduz"}
    assert all(re.fullmatch(rf"{d['article_id']}-[0-9a-f]{{10}}", d["claim_id"]) for d in data)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--province", "Atlantis"], "'Atlantis' is not one of Afghanistan's 34 provinces"),
        (["--status", "won"], "status 'won' is not one of taliban, contested, government"),
    ],
)
def test_claims_refuses_bad_filters(
    capsys: pytest.CaptureFixture[str], db: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "claims", "--db", str(db), *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert err.startswith("error: ")


def test_the_database_must_exist_and_be_an_afmap_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.sqlite3"
    for argv in (["claims"], ["reviews"], ["reextract"], ["status", "--as-of", "2021-08-10"],
                 ["review", "abcd1234", "--confirm", "--by", "A"]):
        code, out, err = run(capsys, *argv, "--db", str(missing))
        assert (code, out) == (2, ""), argv
        assert f"error: {missing}: no such database" in err
    assert not missing.exists()  # nothing created
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    code, _, err = run(capsys, "claims", "--db", str(other))
    assert code == 2
    assert "is not an SQLite database" in err
    assert other.read_text(encoding="utf-8") == "not a database"


# --- review ---------------------------------------------------------------------------------------


def test_confirm_correct_reject_undo_from_the_command_line(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    rows = claims(capsys, db, "--province", "Jowzjan")
    # "Taliban fighters captured Sheberghan, the capital of Jowzjan province, on Saturday":
    # the province's claim is the article's last word on that day
    capture = one(rows, surface="Jowzjan province")
    uid = capture["claim_id"]
    assert (capture["status"], capture["event_date"]) == ("taliban", "2021-08-07")
    assert status_of(capsys, db, "Jowzjan", "2021-08-07") == "taliban"

    code, out, err = run(capsys, "review", short_id(uid), "--confirm", "--by", "A. Rahimi",
                         "--db", str(db))
    assert code == 0, err
    assert re.fullmatch(
        rf"review 1: claim {uid} \(Jowzjan, article \w+\): confirmed by A\. Rahimi, "
        r"\d+ \w+; now taliban · Jowzjan \(province\) · 2021-08-07 \[confirmed\]\n",
        out,
    ), out
    code, out, err = run(capsys, "review", uid, "--status", "government", "--by", "A. Rahimi",
                         "--note", "the governor's office", "--db", str(db))
    assert code == 0, err
    assert "corrected to government by A. Rahimi" in out
    assert status_of(capsys, db, "Jowzjan", "2021-08-07") == "government"  # the map follows
    assert status_of(capsys, db, "Jowzjan", "2021-08-08") == "taliban"  # the next day's claim
    row = one(claims(capsys, db, "--province", "Jowzjan"), claim_id=uid)
    assert (row["review"], row["status"], row["review_note"]) == (
        "corrected", "government", "the governor's office"
    )
    assert row["read_as"] == "taliban · Jowzjan (province) · 2021-08-07"

    code, out, _ = run(capsys, "review", uid, "--place", "Sheberghan", "--event-date",
                       "2021-08-06", "--by", "B. Noor", "--db", str(db))
    assert code == 0
    assert "corrected to Sheberghan, 6 Aug 2021 by B. Noor" in out
    code, out, _ = run(capsys, "review", uid, "--reject", "--by", "B. Noor", "--db", str(db))
    assert code == 0
    assert "rejected by B. Noor" in out
    assert [r["claim_id"] for r in claims(capsys, db, "--review", "rejected")] == [uid]
    assert status_of(capsys, db, "Jowzjan", "2021-08-06") == "no_report"  # hidden from the map
    code, out, _ = run(capsys, "review", uid, "--undo", "--by", "B. Noor", "--db", str(db))
    assert code == 0
    assert "review undone (back to corrected)" in out
    assert one(claims(capsys, db), claim_id=uid)["event_date"] == "2021-08-06"
    assert status_of(capsys, db, "Jowzjan", "2021-08-06") == "government"
    assert len(trail(db)) == 5


def review_errors(db: Path, uid: str, removed_uid: str, article_date: str) -> list[
    tuple[list[str], int, str]
]:
    return [
        (["0000ffff0000ffff-0000000000", "--confirm"], 1,
         "no claim has the id '0000ffff0000ffff-0000000000'"),
        (["zzzz0000zzzz", "--confirm"], 2, "'zzzz0000zzzz' is not a claim id"),
        (["not-an-id", "--confirm"], 2, "'not-an-id' is not a claim id"),
        ([uid, "--status", "won"], 2, "status 'won' is not one of"),
        ([uid, "--status", "no_report"], 2, "status 'no_report' is not one of"),
        ([uid, "--event-date", "2021-02-30"], 2, "event date '2021-02-30' is not a date"),
        ([uid, "--event-date", "10/08/2021"], 2, "not in the form YYYY-MM-DD"),
        ([uid, "--event-date", "2999-01-01"], 2, "is in the future"),
        ([uid, "--event-date", "2021-08-20"], 1,
         f"event date 2021-08-20 is after its article's date {article_date}"),
        ([uid, "--place", "Atlantis"], 2, "'Atlantis' is not one of Afghanistan's 34 provinces"),
        ([uid, "--status", "taliban"], 1, "nothing to correct"),
        ([uid, "--undo"], 1, "nothing to undo"),
        ([removed_uid, "--confirm"], 1, "which is no longer stored (removed)"),
        ([uid, "--confirm", "--note", "bell\x07"], 2, "the note holds control characters"),
    ]


def test_bad_reviews_give_a_clear_message_and_write_nothing(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    rows = claims(capsys, db, "--province", "Jowzjan")
    capture = one(rows, surface="Jowzjan province")
    uid = capture["claim_id"]
    removed = one(claims(capsys, db, "--province", "Kunduz"), place="Kunduz", kind="province")
    code, _, _ = run(capsys, "review", removed["claim_id"], "--confirm", "--by", "A",
                     "--db", str(db))
    assert code == 0
    with Store(db) as store:
        assert store.remove(removed["article_id"])
    before = trail(db)
    for argv, want, message in review_errors(db, uid, removed["claim_id"],
                                             capture["article_date"]):
        code, out, err = run(capsys, "review", *argv, "--by", "A. Rahimi", "--db", str(db))
        assert (code, out) == (want, ""), (argv, err)
        assert message in err, (argv, err)
        assert err.startswith("error: "), err
        assert err.count("\n") == 1, err
        assert trail(db) == before, argv
    usage = [
        ([uid, "--by", "A"], "say what the review does"),
        ([uid, "--confirm", "--reject", "--by", "A"], "not allowed with argument --confirm"),
        ([uid, "--confirm", "--status", "taliban", "--by", "A"], "say what the review does"),
        ([uid, "--confirm"], "the following arguments are required: --by"),
    ]
    for argv, message in usage:
        with pytest.raises(SystemExit) as info:
            main(["review", *argv, "--db", str(db)])
        assert info.value.code == 2, argv
        assert message in capsys.readouterr().err, argv
    code, _, err = run(capsys, "review", uid, "--confirm", "--by", " ", "--db", str(db))
    assert code == 2
    assert "needs the reviewer's name" in err
    assert trail(db) == before
    assert claims(capsys, db, "--province", "Jowzjan") == rows


def test_an_ambiguous_start_of_an_id_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.test_store import make_article, make_claim

    art = make_article("twins")
    path = tmp_path / "twins.sqlite3"
    with Store(path) as store:
        store.add(art, [make_claim(art, start=s, end=s + 6) for s in (0, 10)])
    prefix = art.id  # the article's id starts both claims' ids
    code, _, err = run(capsys, "review", prefix, "--confirm", "--by", "A", "--db", str(path))
    assert code == 1
    assert "is the start of several claims' ids" in err
    assert "give more" in err
    assert trail(path) == []


# --- reviews, --export and evaluate ---------------------------------------------------------------


def test_reviews_lists_the_trail_a_claims_history_and_orphans(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    rows = claims(capsys, db, "--province", "Jowzjan")
    uid = one(rows, surface="Jowzjan province")["claim_id"]
    other = one(rows, status="government", start="98")["claim_id"]
    for argv in (["--confirm"], ["--status", "contested", "--note", "=HYPERLINK(\"x\")"]):
        assert run(capsys, "review", uid, *argv, "--by", "A", "--db", str(db))[0] == 0
    assert run(capsys, "review", other, "--reject", "--by", "B", "--db", str(db))[0] == 0
    code, out, err = run(capsys, "reviews", "--db", str(db))
    assert code == 0
    assert err == ""
    listed = list(csv.DictReader(io.StringIO(out)))
    assert [r["review_id"] for r in listed] == ["1", "2", "3"]
    assert list(listed[0]) == ["review_id", "at", "by", "claim_id", "article_id", "action",
                               "before", "after", "state", "note", "undoes"]
    assert (listed[1]["action"], listed[1]["state"]) == ("correct", "corrected")
    assert listed[1]["before"] == "taliban · Jowzjan (province) · 2021-08-07"
    assert listed[1]["after"] == "contested · Jowzjan (province) · 2021-08-07"
    assert listed[1]["note"] == "'=HYPERLINK(\"x\")"  # spreadsheet-safe
    code, out, _ = run(capsys, "reviews", "--db", str(db), "--claim", short_id(uid),
                       "--format", "json")
    history = json.loads(out)
    assert [h["action"] for h in history] == ["confirm", "correct"]
    assert history[1]["before"]["status"] == "taliban"
    assert history[1]["after"] == {**history[1]["before"], "state": "corrected",
                                   "status": "contested"}
    assert history[1]["note"] == '=HYPERLINK("x")'  # JSON keeps it as typed
    code, out, _ = run(capsys, "reviews", "--db", str(db), "--orphans")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 0
    code, _, err = run(capsys, "reviews", "--db", str(db), "--claim", "ffff9999")
    assert code == 1
    assert "no claim has the id" in err


def evaluate_overall(capsys: pytest.CaptureFixture[str], folder: Path) -> str:
    code, out, err = run(capsys, "evaluate", str(folder), str(folder), "--falls", "none",
                         "--no-misses")
    assert code == 0, err
    return out.strip().splitlines()[-1]


def test_reviews_export_then_evaluate_scores_the_extractor_on_them(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    rows = claims(capsys, db, "--province", "Jowzjan")
    capture = one(rows, surface="Jowzjan province")
    # the capture story: say the province was not taken (a status miss for the extractor) and
    # confirm the rest of the article
    for row in claims(capsys, db, "--article", capture["article_id"]):
        argv = ["--status", "government"] if row["claim_id"] == capture["claim_id"] else [
            "--confirm"]
        assert run(capsys, "review", row["claim_id"], *argv, "--by", "A", "--db", str(db))[0] == 0
    folder = tmp_path / "truth"
    code, out, err = run(capsys, "reviews", "--db", str(db), "--export", str(folder))
    assert code == 0, err
    assert "exported 1 reviewed article(s)" in out
    assert f"python -m geo evaluate {folder} {folder}" in out
    truth = list(csv.DictReader(io.StringIO(next(folder.glob("*.csv")).read_text("utf-8"))))
    n = len(truth)
    assert one(truth, place="Jowzjan")["status"] == "government"
    overall = evaluate_overall(capsys, folder)
    assert overall.startswith("overall: 1 articles · place F1 1.000 (P 1.000, R 1.000)")
    assert f"status {(n - 1) / n:.3f} ({n - 1}/{n})" in overall
    code, _, err = run(capsys, "reviews", "--db", str(db), "--export", str(folder))
    assert code == 1
    assert "not an empty folder" in err
    with pytest.raises(SystemExit):
        main(["reviews", "--db", str(db), "--export", str(tmp_path / "x"), "--orphans"])
    assert "leave out --claim and --orphans" in capsys.readouterr().err


# --- status --db and reextract --------------------------------------------------------------------


def test_status_needs_paths_or_a_database(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    for argv in (["status"], ["status", "--as-of", "2021-08-10"],
                 ["status", str(DEFAULT_SEEDS_DIR), "--db", str(db)]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        assert "PATH" in capsys.readouterr().err
    code, out, _ = run(capsys, "status", "--db", str(db), "--format", "geojson")
    assert code == 0
    assert len(json.loads(out)["features"]) == 34


def test_reextract_keeps_reviews_and_names_those_no_claim_matches(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    rows = claims(capsys, db, "--province", "Jowzjan")
    uid = one(rows, surface="Jowzjan province")["claim_id"]
    assert run(capsys, "review", uid, "--status", "contested", "--by", "A", "--db", str(db))[0] == 0
    with Store(db) as store:  # a claim an older extractor made, reviewed, that is read no more
        [record] = store.claim_records(limit=1, order="id")
        article_id = record.claim.article_id
        fake = dataclasses.replace(record.claim, place="Farah", province="Farah", start=0, end=2)
        store.replace_claims([(article_id, [*store.claims(article_ids=[article_id]), fake])])
        fake_id = claim_uids([fake])[0]
        store.review(fake_id, "confirm", by="B", note="an old reading")
    code, out, err = run(capsys, "reextract", "--db", str(db))
    assert code == 0, err
    lines = out.splitlines()
    assert re.fullmatch(
        r"reextract: 3 articles re-read, (\d+) claims before, (\d+) after; 1 reviewed claims "
        r"carried over, 1 no longer match a claim, 0 failed",
        lines[0],
    ), lines[0]
    assert lines[1].startswith(f"  no longer matched: claim {fake_id} ('Farah' at 0-2 in article")
    assert "confirmed by B" in lines[1]
    assert one(claims(capsys, db), claim_id=uid)["status"] == "contested"
    code, out, err = run(capsys, "reviews", "--db", str(db), "--orphans")
    assert [r["claim_id"] for r in csv.DictReader(io.StringIO(out))] == [fake_id]
    code, _, err = run(capsys, "reviews", "--db", str(db))
    assert "1 reviewed claim(s) no longer match a claim of their article" in err


def test_a_correction_survives_a_restart_a_reextraction_and_an_export(
    db: Path, tmp_path: Path
) -> None:
    """Each step its own process: python -m geo, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}

    def geo(*argv: str) -> str:
        done = subprocess.run([sys.executable, "-m", "geo", *argv], env=env, cwd=tmp_path,
                              capture_output=True, text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    rows = list(csv.DictReader(io.StringIO(geo("claims", "--db", str(db), "--province",
                                               "Kunduz"))))
    city = one(rows, surface="the city")  # "On Sunday, they planted their flag ..."
    latest = one(rows, surface="Kunduz", kind="capital")  # "... captured six ... Kunduz"
    assert (city["status"], latest["status"]) == ("taliban", "taliban")
    geo("review", city["claim_id"], "--status", "government", "--by", "A. Rahimi", "--db", str(db))
    geo("review", latest["claim_id"], "--status", "contested", "--by", "A. Rahimi", "--db",
        str(db))
    geo("reextract", "--db", str(db))
    after = one(list(csv.DictReader(io.StringIO(geo("claims", "--db", str(db), "--province",
                                                    "Kunduz")))), claim_id=city["claim_id"])
    assert (after["status"], after["review"], after["reviewed_by"]) == (
        "government", "corrected", "A. Rahimi"
    )
    status = list(csv.DictReader(io.StringIO(geo("status", "--db", str(db), "--as-of",
                                                 city["event_date"]))))
    assert one(status, province="Kunduz")["status"] == "government"
    folder = tmp_path / "export"
    geo("reviews", "--db", str(db), "--export", str(folder))
    truth = list(csv.DictReader(io.StringIO(next(folder.glob("*.csv")).read_text("utf-8"))))
    # the article's last word on the city (10 Aug), as corrected
    assert one(truth, place="Kunduz", kind="capital")["status"] == "contested"
