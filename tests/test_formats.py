"""Tests for geo.formats: web pages, feeds, tables and JSON Lines in extract, status, ingest."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.__main__ import main
from geo.formats import format_of, iter_inputs, iter_upload, read_html
from geo.pipeline import extract_claims
from geo.settings import PROJECT_ROOT
from geo.store import Store
from tests.shared_formats import (
    ACLED_CSV,
    ATOM_FEED,
    HEADLINES_CSV,
    PAGE_BYLINE_DATE,
    PAGE_META_DATE,
    PAGE_NO_DATE,
    RSS_FEED,
)

TODAY = dt.date(2026, 1, 1)


def results(path: Path, **kwargs: object) -> list:
    return list(iter_inputs([path], today=TODAY, **kwargs))  # type: ignore[arg-type]


def control(article) -> set[tuple[str, str]]:
    return {(c.province, c.status.value) for c in extract_claims(article)}


# --- saved web pages -----------------------------------------------------------------------------


def test_page_gives_the_story_and_its_metadata_not_the_page_around_it(tmp_path: Path) -> None:
    page = tmp_path / "kunduz.html"
    page.write_text(PAGE_META_DATE, encoding="utf-8")
    (result,) = results(page)
    article = result.article
    assert article is not None, result.error
    assert article.date == dt.date(2021, 8, 8)  # article:published_time, in Kabul time
    assert article.title == "Taliban take Kunduz after days of fighting"
    assert article.outlet == "Kabul Herald"
    assert article.url == "https://kabulherald.example/2021/08/kunduz"
    assert article.text.startswith("Taliban take Kunduz after days of fighting\n")
    for boilerplate in ("cookies", "Herat", "Ghazni", "Mazar", "Farah", "Reader99", "dataLayer"):
        assert boilerplate not in article.text, boilerplate
    claims = extract_claims(article)
    assert {c.province for c in claims} == {"Kunduz", "Helmand"}
    assert ("Kunduz", "taliban") in control(article)
    kunduz = next(c for c in claims if c.province == "Kunduz" and c.status.value == "taliban")
    assert kunduz.event_date == dt.date(2021, 8, 8)
    assert kunduz.sources == "Kabul Herald"  # the outlet feeds the claims' sources


def test_page_dated_only_in_its_byline(tmp_path: Path) -> None:
    page = tmp_path / "farah.htm"
    page.write_text(PAGE_BYLINE_DATE, encoding="utf-8")
    (result,) = results(page)
    assert result.article is not None, result.error
    assert result.article.date == dt.date(2021, 8, 10)
    assert result.article.title == "Fighting reaches Farah"
    assert "About us" not in result.article.text
    assert ("Farah", "contested") in control(result.article)


def test_page_without_a_date_is_the_error_of_a_txt_without_one(tmp_path: Path) -> None:
    page = tmp_path / "undated.html"
    page.write_text(PAGE_NO_DATE, encoding="utf-8")
    (result,) = results(page)
    assert result.article is None
    assert result.error.startswith(f"{page}: no publication date found in the page")
    assert result.error.endswith("pass a default date (--date)")
    (rescued,) = results(page, default_date=dt.date(2021, 8, 9))
    assert rescued.article is not None
    assert rescued.article.date == dt.date(2021, 8, 9)
    assert any("dated 2021-08-09 as given" in w for w in rescued.warnings)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "is empty (0 bytes)"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "looks like a binary file (PNG image)"),
        (b"date 2021-08-10\nKunduz fell.", "does not look like an HTML page"),
        (RSS_FEED.encode(), "name it .xml"),
        (b"<html><head><title></title></head><body> </body></html>", "no article text"),
    ],
    ids=["empty", "png", "plain-text", "a-feed", "empty-body"],
)
def test_what_is_not_a_web_page_is_one_named_error(content: bytes, error: str) -> None:
    result = read_html(content, source="upload:x.html", today=TODAY)
    assert result.article is None
    assert result.error.startswith("upload:x.html: ")
    assert error in result.error


# --- feeds ---------------------------------------------------------------------------------------


def test_rss_items_are_articles_and_the_broken_one_is_named(tmp_path: Path) -> None:
    feed = tmp_path / "pajhwok.xml"
    feed.write_text(RSS_FEED, encoding="utf-8")
    got = results(feed)
    assert [r.path for r in got] == [f"{feed}:item {n}" for n in (1, 2, 3)]
    first, broken, third = got
    assert broken.article is None
    assert broken.error.startswith(f"{feed}:item 2: publication date 'sometime last week'")
    assert first.article is not None
    assert third.article is not None
    # The bare "&" of item 3: read leniently, said once.
    assert any("not well-formed XML" in w and "line" in w for w in first.warnings)
    a = first.article
    assert a.date == dt.date(2021, 8, 9)  # 02:30 in Kabul, though 22:00 the day before in UTC
    assert (a.title, a.outlet, a.url) == (
        "Taliban capture Kunduz", "Pajhwok Afghan News", "https://pajhwok.example/kunduz"
    )
    assert "<p>" not in a.text
    assert "alert" not in a.text  # feedparser drops the script
    assert ("Kunduz", "taliban") in control(a)
    assert third.article.title == "Herat & Badghis"
    assert ("Herat", "contested") in control(third.article)


def test_atom_entries_are_articles_and_the_empty_one_is_named(tmp_path: Path) -> None:
    feed = tmp_path / "tolo.atom"
    feed.write_text(ATOM_FEED, encoding="utf-8")
    good, empty = results(feed)
    assert empty.article is None
    assert empty.error == (
        f"{feed}:item 2: has no title and no text (no <title>, <description>, <summary> or "
        "<content>); fix or remove the item"
    )
    a = good.article
    assert a is not None
    assert (a.date, a.outlet, a.url) == (
        dt.date(2021, 8, 3), "Tolo News", "https://tolo.example/lashkar-gah"
    )
    assert ("Helmand", "government") in control(a)


def test_what_is_not_a_feed_is_one_named_error(tmp_path: Path) -> None:
    feed = tmp_path / "notes.xml"
    feed.write_text("Kunduz fell on Sunday, officials said.", encoding="utf-8")
    (result,) = results(feed)
    assert result.article is None
    assert result.error.startswith(f"{feed}: is not an RSS or Atom feed")


# --- tables --------------------------------------------------------------------------------------


def test_csv_rows_are_articles_and_the_row_without_a_date_is_named(tmp_path: Path) -> None:
    table = tmp_path / "headlines.csv"
    table.write_bytes(HEADLINES_CSV)
    got = results(table)
    assert [r.path for r in got] == [f"{table}:row {n}" for n in (2, 3, 4)]
    first, undated, last = got
    assert undated.article is None
    assert undated.error == (
        f"{table}:row 3: no date (the 'date' cell is empty); add one or pass a default date "
        "(--date)"
    )
    assert first.warnings == (f"{table}: not valid UTF-8; decoded as Windows-1252",)
    a = first.article
    assert a is not None
    assert a.text == "Taliban fighters captured Sheberghan on Sunday.\nIt was the second " \
        "capital in two days."  # the quoted new line kept (CRLF as LF)
    assert (a.date, a.title, a.outlet, a.url) == (
        dt.date(2021, 8, 8), "Sheberghan falls", "AP", "https://ap.example/sheberghan"
    )
    assert a.meta == (("Section", "World"),)
    assert ("Jowzjan", "taliban") in control(a)
    b = last.article
    assert b is not None
    assert b.text.startswith("\u201cGovernment forces still hold Herat\u201d \u2013")
    assert b.title == b.text  # no title cell: the first line stands in
    assert ("Herat", "government") in control(b)


def test_tsv_semicolons_and_bad_rows(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("date\ttext\n2021-08-10\tKunduz fell.\n2021-08-10\ttoo\tmany\n\n"
                   "10/08/2021\tHerat held.\n", encoding="utf-8")
    ok, wide, us_date = results(tsv)
    assert ok.article is not None
    assert wide.error == f"{tsv}:row 3: has 3 cells, the header has 2; check the quotes and " \
        "separators of that row"
    assert us_date.error.startswith(f"{tsv}:row 5: date '10/08/2021' is not YYYY-MM-DD")
    semi = tmp_path / "b.csv"
    semi.write_text("DATE ; TEXT\n2021-08-10;Kunduz fell.\n", encoding="utf-8")
    (row,) = results(semi)
    assert row.article is not None
    assert row.article.text == "Kunduz fell."


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("headline,published\nKunduz fell,2021-08-10\n", "has no 'date' and no 'text' column "
         "(its columns: 'headline', 'published')"),
        (ACLED_CSV, "is an ACLED export, not a table of articles; import it with python -m geo "
         "import-acled"),
        ("date,text\n", "has a header but no rows"),
    ],
    ids=["no-columns", "acled", "header-only"],
)
def test_a_table_that_is_not_one_is_one_named_error(tmp_path: Path, content: str,
                                                    error: str) -> None:
    table = tmp_path / "t.csv"
    table.write_text(content, encoding="utf-8")
    got = results(table)
    assert [r.article for r in got] == [None]
    assert got[0].error.startswith(f"{table}: ")
    assert error in got[0].error


def test_a_quote_never_closed_is_named_not_dropped(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text('date,text\n2021-08-10,Kunduz fell.\n2021-08-11,"Herat fell.\nmore\n',
                     encoding="utf-8")
    ok, lost = results(table)
    assert ok.article is not None
    assert lost.error == (
        f"{table}:row 3: a quoted cell is never closed, so the rest of the file cannot be read; "
        'close the quote ("...") in that row'
    )


# --- every command -------------------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """One folder with a file of each format (and a .txt)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "kunduz.html").write_text(PAGE_META_DATE, encoding="utf-8")
    (folder / "farah.htm").write_text(PAGE_BYLINE_DATE, encoding="utf-8")
    (folder / "pajhwok.rss").write_text(RSS_FEED, encoding="utf-8")
    (folder / "tolo.atom").write_text(ATOM_FEED, encoding="utf-8")
    (folder / "headlines.csv").write_bytes(HEADLINES_CSV)
    (folder / "wire.jsonl").write_text(
        json.dumps({"date": "2021-08-12", "text": "Taliban fighters seized Ghazni on Thursday.",
                    "outlet": "AFP", "url": "https://afp.example/ghazni"}) + "\n",
        encoding="utf-8",
    )
    (folder / "kabul.txt").write_text("date 2021-08-12\nKabul was calm.\n", encoding="utf-8")
    (folder / "ignored.md").write_text("not read", encoding="utf-8")
    return folder


EXPECTED_ERRORS = ("pajhwok.rss:item 2: ", "tolo.atom:item 2: ", "headlines.csv:row 3: ")


def test_extract_reads_every_format_with_title_outlet_and_url(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(archive)]) == 1  # three bad records
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    for name in EXPECTED_ERRORS:
        assert sum(name in line for line in errors) == 1, (name, errors)
    table = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert list(table.columns[-4:]) == ["title", "outlet", "url", "Section"]
    outlets = set(table["outlet"])
    assert {"Kabul Herald", "Pajhwok Afghan News", "Tolo News", "AP", "Reuters", "AFP"} <= outlets
    ghazni = table[table["province"] == "Ghazni"]
    assert set(ghazni["url"]) == {"https://afp.example/ghazni"}
    sheberghan = table[table["title"] == "Sheberghan falls"]
    assert set(sheberghan["Section"]) == {"World"}
    assert set(sheberghan["url"]) == {"https://ap.example/sheberghan"}


def test_status_reads_every_format(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["status", str(archive), "--as-of", "2021-08-12"])
    table = pd.read_csv(io.StringIO(capsys.readouterr().out),
                        keep_default_na=False)
    status = dict(zip(table["province"], table["status"], strict=True))
    assert status["Kunduz"] == "taliban"
    assert status["Jowzjan"] == "taliban"
    assert status["Ghazni"] == "taliban"
    assert status["Herat"] in ("government", "contested")
    assert status["Farah"] == "contested"


def test_ingest_stores_every_format_with_outlet_and_url(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    assert main(["ingest", str(archive), "--db", str(db), "--workers", "1",
                 "--no-progress"]) == 1
    with Store(db) as store:
        stored = {a.title: a for a in store.articles()}
    assert len(stored) == 9  # 2 pages, 3 feed items, 2 rows, 1 JSON line, 1 .txt
    page = stored["Taliban take Kunduz after days of fighting"]
    assert (page.outlet, page.url) == ("Kabul Herald", "https://kabulherald.example/2021/08/kunduz")
    assert stored["Sheberghan falls"].source == f"{archive / 'headlines.csv'}:row 2"
    # Again: everything already stored is skipped, the same three records fail.
    assert main(["ingest", str(archive), "--db", str(db), "--workers", "1",
                 "--no-progress"]) == 1
    with Store(db) as store:
        assert store.stats()["n_articles"] == 9


def test_python_m_geo_names_each_bad_record_and_never_a_traceback(archive: Path) -> None:
    for command in (["extract"], ["status"]):
        run = subprocess.run(
            [sys.executable, "-m", "geo", *command, str(archive)],
            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120, check=False,
        )
        assert run.returncode == 1
        assert "Traceback" not in run.stderr
        errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 3, run.stderr


def test_upload_reads_by_the_file_name() -> None:
    got = list(iter_upload("h.csv", HEADLINES_CSV, source="upload:h.csv", today=TODAY))
    assert [r.path for r in got] == ["upload:h.csv:row 2", "upload:h.csv:row 3",
                                     "upload:h.csv:row 4"]
    (page,) = iter_upload("p.HTML", PAGE_META_DATE.encode(), source="upload:p.HTML", today=TODAY)
    assert page.article is not None
    assert page.article.source == "upload:p.HTML"
    lines = b'{"date": "2021-08-10", "text": "Kunduz fell."}\nnot json\n'
    ok, bad = iter_upload("w.jsonl", lines, source="upload:w.jsonl", today=TODAY)
    assert ok.article is not None
    assert bad.error.startswith("upload:w.jsonl:2: is not valid JSON")
    assert format_of("x.Atom") == "feed"
