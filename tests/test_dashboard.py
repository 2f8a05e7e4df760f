"""The dashboard with Streamlit's AppTest, and its pure helpers in geo.dashboard_data."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
import streamlit_folium
from streamlit.testing.v1 import AppTest

from geo import dashboard_data as dd
from geo import pipeline, render
from geo.boundaries import load_provinces
from geo.pipeline import Extractor, status_geoframe, status_rows
from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from geo.store import Store
from tests.shared_articles import CAPTURE, MAP_DRAWN, MAP_KEY, RETAKE

APP = PROJECT_ROOT / "dashboard.py"

PASTED = """Taliban seize Zaranj

ZARANJ, Afghanistan (AP) - Taliban fighters seized Zaranj, the capital of Nimroz province, on \
Friday, a provincial official said. It was the first provincial capital to fall.
"""
HOSTILE = """date 2021-08-09
<script>alert(1)</script> Kunduz $5 **bold**

Fierce clashes in <b>Kunduz</b> city on Monday, a <img src=x onerror=alert(1)> resident said.
The Taliban captured five provincial capitals ![x](http://example.com/t.png) this week.
"""
EVENT_DATES = [dt.date(2021, 8, d) for d in (7, 8, 10, 12)]


# ----------------------------------------------------------------------------------------------
# fixtures
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A seed folder: the shipped AP story plus two news-wire stories about Sheberghan."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in DEFAULT_SEEDS_DIR.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    (folder / "sheberghan_2021-08-08.txt").write_text(CAPTURE, encoding="utf-8")
    (folder / "sheberghan_2021-08-12.txt").write_text(RETAKE, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """AFMAP_DB and AFMAP_SEEDS point into tmp_path; Streamlit's caches start empty."""
    path = tmp_path / "t.sqlite3"
    monkeypatch.setenv("AFMAP_DB", str(path))
    monkeypatch.setenv("AFMAP_SEEDS", str(seeds))
    _clear_caches()
    yield path
    _clear_caches()


@pytest.fixture
def app(db: Path) -> Callable[..., AppTest]:
    """``app(query_params=None)`` -> a run AppTest of dashboard.py, with no exception."""

    def start(query_params: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        if query_params:
            at.query_params.update(query_params)
        at.run()
        assert not at.exception, at.exception
        return map_drawn(at)

    return start


@pytest.fixture
def empty_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: Callable[..., AppTest]
) -> Callable[[], AppTest]:
    """``empty_start()`` -> the app run with an empty seed folder (nothing stored)."""
    empty = tmp_path / "no-seeds"
    empty.mkdir()
    monkeypatch.setenv("AFMAP_SEEDS", str(empty))
    return lambda: app()


def map_drawn(at: AppTest) -> AppTest:
    """What the browser does next: the map reports that it has drawn, and the page completes."""
    at.session_state[MAP_KEY] = dict(MAP_DRAWN)
    at.run()
    assert not at.exception, at.exception
    return at


def _clear_caches() -> None:
    """What a server restart forgets: the cached Store connection, the seeds read, the tables."""
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """The shipped gazetteer's matcher (built here so this module needs no conftest)."""
    return Extractor.build()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, key: str) -> Any:
    """The claims table ("claims_table") or the province status table ("status_table")."""
    column = {"claims_table": "evidence", "status_table": "n_claims"}[key]
    return next(d.value for d in at.dataframe if column in d.value.columns)


def param(at: AppTest, key: str) -> str | None:
    """The URL query parameter the app set (AppTest keeps the last value)."""
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def open_tab(at: AppTest, label: str) -> AppTest:
    """Switch to a tab (only the open tab's content runs) and rerun."""
    at.session_state["tab"] = label
    return at.run()


def plain(markdown: str) -> str:
    """Undo dashboard_data.md_plain (the app escapes Markdown in messages)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at: AppTest) -> list[str]:
    return [plain(e.value) for e in at.error]


def html_text(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def captions(at: AppTest) -> str:
    return plain("\n".join(c.value for c in at.caption))


# ----------------------------------------------------------------------------------------------
# AppTest: the page
# ----------------------------------------------------------------------------------------------


def test_first_load_shows_the_seeded_map_at_the_newest_date(app: Callable[..., AppTest]) -> None:
    at = app()
    assert not errors(at)
    slider = at.select_slider(key="as_of")
    assert slider.value == EVENT_DATES[-1]
    assert slider.options == [f"{d.day} {d:%b %Y}" for d in EVENT_DATES]
    counts = metrics(at)
    assert counts["Government"] == "1"  # Jowzjan, retaken on 12 Aug
    assert counts["Capitals taken"] == "1 of 34"  # on the map: Kunduz's capital
    assert "ten of the country's 34 provincial capitals" in captions(at)  # the text's own count
    assert sum(int(counts[render.STATUS_LABELS[s]]) for s in render.STATUS_LABELS) == 34
    assert list(at.get("component_instance")), "the st_folium map is on the page"
    assert param(at, "as_of") == "2021-08-12"


def test_the_first_screen_comes_first_and_the_map_report_completes_the_page(db: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    # The first run: what the first screen shows, and nothing whose scripts would hold the map up.
    assert list(at.get("component_instance")), "the map"
    assert metrics(at)["Capitals taken"] == "1 of 34"
    assert at.radio(key="selected").options, "the province list beside the map"
    assert not at.tabs, "the tabs wait for the map"
    assert not at.sidebar.children, "the sidebar waits for the map"
    assert "follow once the map is drawn" in captions(at)
    assert param(at, "as_of") == "2021-08-12"
    # streamlit-folium's first report (the map has drawn) reruns the script: the whole page.
    map_drawn(at)
    assert [t.label for t in at.tabs][:2] == ["Changes", "Claims"]
    assert at.multiselect(key="provinces") is not None
    assert "follow once the map is drawn" not in captions(at)
    # Later runs stay whole, also when the map's state is gone (a new map key, a failed frame).
    del at.session_state[MAP_KEY]
    at.session_state["_page_complete"] = True
    assert at.run().tabs


def test_as_of_date_changes_counts_status_table_and_url(app: Callable[..., AppTest]) -> None:
    at = app()
    before = metrics(at)
    at.select_slider(key="as_of").set_value(dt.date(2021, 8, 10)).run()
    after = metrics(at)
    assert (before["Taliban"], before["Government"]) == ("1", "1")
    assert (after["Taliban"], after["Government"]) == ("2", "0")  # Jowzjan taken on 7 Aug
    assert after["Capitals taken"] == "2 of 34"  # Kunduz and Sheberghan, as the map shows them
    assert "Insurgents captured six of the country" in captions(at)  # the AP story's count
    status = table(open_tab(at, "Provinces"), "status_table").set_index("province")
    assert status.loc["Jowzjan", "status"] == "taliban"
    assert param(at, "as_of") == "2021-08-10"

    at.button(key="earlier").click().run()
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 8)
    assert metrics(at)["Contested"] == "1"  # Lashkar Gah; Kunduz's capture is dated 8 Aug too
    at.button(key="later").click().run()
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 10)


def test_claims_date_range_filters_the_table(app: Callable[..., AppTest]) -> None:
    at = open_tab(app(), "Claims")
    everything = table(at, "claims_table")
    at.date_input(key="claim_range").set_value((dt.date(2021, 8, 7), dt.date(2021, 8, 8))).run()
    early = table(at, "claims_table")
    assert 0 < len(early) < len(everything)
    assert set(early["event_date"]) <= {"2021-08-07", "2021-08-08"}
    assert param(at, "to") == "2021-08-08"
    assert "from" not in at.query_params  # the first date is the default


def test_province_multiselect_filters_the_table(app: Callable[..., AppTest]) -> None:
    at = open_tab(app(), "Claims")
    at.multiselect(key="provinces").set_value(["Jowzjan"]).run()
    rows = table(at, "claims_table")
    assert len(rows) > 0
    assert set(rows["province"]) == {"Jowzjan"}
    at.multiselect(key="statuses").set_value(["government"]).run()
    rows = table(at, "claims_table")
    assert set(rows["status"]) == {"government"}
    assert param(at, "provinces") == "Jowzjan"
    assert param(at, "statuses") == "government"


def test_query_params_set_the_initial_filters(app: Callable[..., AppTest]) -> None:
    at = app(
        {
            "as_of": "2021-08-11",  # no claim that day: the map as of 10 Aug is the same
            "provinces": "Kunduz,jowzjan,Atlantis",
            "statuses": "taliban",
            "province": "Kunduz",
        }
    )
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 10)
    assert at.multiselect(key="provinces").value == ["Kunduz", "Jowzjan"]
    assert at.multiselect(key="statuses").value == ["taliban"]
    rows = table(open_tab(at, "Claims"), "claims_table")
    assert set(rows["province"]) <= {"Kunduz", "Jowzjan"}
    assert set(rows["status"]) == {"taliban"}
    assert at.radio(key="selected").value == "Kunduz"
    assert "planted their flag" in html_text(at)  # Kunduz's evidence in the detail panel
    assert any("Atlantis" in plain(w.value) for w in at.warning)


def test_detail_panel_escapes_text_and_marks_the_mention(app: Callable[..., AppTest]) -> None:
    at = open_tab(app(), "Add articles")
    at.text_area(key="paste_text").set_value(HOSTILE)
    at.button(key="add_paste").click().run()
    at.radio(key="selected").set_value("Kunduz").run()
    shown = html_text(at)
    assert "&lt;script&gt;" in shown or "&lt;img" in shown
    assert "<script>" not in shown
    assert "<img src" not in shown
    assert "<b>Kunduz</b> city" not in shown
    assert "&lt;b&gt;<mark" in shown  # the mention is marked, the tags around it escaped
    at.select_slider(key="as_of").set_value(dt.date(2021, 8, 9)).run()
    aside = next(c.value for c in at.caption if "newest text" in c.value)
    assert "captured five provincial capitals" in aside
    assert "![x](http" not in aside  # Markdown in article text stays text
    assert "example" in plain(aside)


def test_pasted_article_is_added_and_survives_a_restart(
    app: Callable[..., AppTest], db: Path
) -> None:
    at = open_tab(app(), "Add articles")
    at.text_area(key="paste_text").set_value(PASTED)
    at.date_input(key="paste_date").set_value(dt.date(2021, 8, 6))
    at.button(key="add_paste").click().run()
    assert not errors(at)
    assert any("Taliban seize Zaranj" in plain(s.value) for s in at.success)
    assert at.text_area(key="paste_text").value == ""
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 12)  # still the newest
    assert dt.date(2021, 8, 6).strftime("%-d %b %Y") in at.select_slider(key="as_of").options
    at.multiselect(key="provinces").set_value(["Nimroz"])
    assert "Zaranj" in set(table(open_tab(at, "Claims"), "claims_table")["place"])

    at.run()  # a rerun keeps it
    assert set(table(at, "claims_table")["province"]) == {"Nimroz"}

    _clear_caches()  # a restart: a new Store connection, the seeds read again
    fresh = app({"provinces": "Nimroz"})
    assert "Zaranj" in set(table(open_tab(fresh, "Claims"), "claims_table")["place"])
    open_tab(fresh, "Add articles").text_area(key="paste_text").set_value(PASTED)
    fresh.date_input(key="paste_date").set_value(dt.date(2021, 8, 6))
    fresh.button(key="add_paste").click().run()
    assert any("already stored" in plain(i.value) for i in fresh.info)
    with Store(db) as store:
        assert store.stats()["n_articles"] == 4  # 3 seeds + 1 pasted, once


@pytest.mark.parametrize(
    ("text", "day", "problem"),
    [
        ("   \n ", None, "the text box is empty"),
        ("date 2099-01-01\nKunduz fell.\n", None, "in the future"),
        ("Kunduz fell to the Taliban.\n", dt.date.today() + dt.timedelta(days=30), "in the future"),
        ("Kunduz fell to the Taliban.\n", None, "no 'date YYYY-MM-DD' line"),
        ("date 2021-13-45\nKunduz fell.\n", None, "impossible date"),
    ],
)
def test_bad_paste_shows_an_error_and_adds_nothing(
    app: Callable[..., AppTest], text: str, day: dt.date | None, problem: str
) -> None:
    at = open_tab(app(), "Add articles")
    before = metrics(at)
    at.text_area(key="paste_text").set_value(text)
    at.date_input(key="paste_date").set_value(day)
    at.button(key="add_paste").click().run()
    assert not at.exception
    assert any(problem in e for e in errors(at)), errors(at)
    assert metrics(at) == before
    assert at.text_area(key="paste_text").value == text  # nothing lost: the text stays


def test_upload_adds_good_files_and_names_the_bad_ones(app: Callable[..., AppTest]) -> None:
    at = open_tab(app(), "Add articles")
    good = b"date 2021-08-06\nTaliban seize Zaranj\n\nTaliban fighters seized Zaranj on Friday.\n"
    cp1252 = "date 2021-08-09\nAybak falls\n\nThe Taliban captured Aybak \u2014 officials.\n"
    at.file_uploader(key="uploads_0").set_value(
        [
            ("zaranj.txt", good, "text/plain"),
            ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "text/plain"),
            ("aybak.txt", cp1252.encode("cp1252"), "text/plain"),
        ]
    ).run()
    at.button(key="add_uploads").click().run()
    assert not at.exception
    assert any("upload:photo.txt" in e and "binary" in e for e in errors(at)), errors(at)
    assert any("upload:zaranj.txt" in plain(s.value) for s in at.success)
    assert any("upload:aybak.txt" in plain(s.value) for s in at.success)
    assert any("Windows-1252" in plain(w.value) for w in at.warning)
    assert not at.file_uploader[0].value  # the uploader was emptied
    options = at.select_slider(key="as_of").options
    assert "6 Aug 2021" in options
    assert "9 Aug 2021" in options


def test_an_article_can_be_removed(app: Callable[..., AppTest]) -> None:
    at = open_tab(app(), "Articles")
    reader = at.selectbox(key="reader")
    newest = reader.value  # articles are listed newest first: the 12 Aug retake
    assert "retake Sheberghan" in reader.format_func(newest)
    at.button(key="remove").click().run()
    assert metrics(at)["Government"] == "1"  # asked first: nothing removed yet
    assert any("cannot be undone" in plain(w.value) for w in at.warning)
    at.button(key="remove_cancel").click().run()
    assert "remove_confirmed" not in [b.key for b in at.button]
    at.button(key="remove").click().run()
    at.button(key="remove_confirmed").click().run()
    assert not at.exception
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 10)  # followed the newest
    assert metrics(at)["Government"] == "0"
    assert any("Removed" in plain(s.value) for s in at.success)


def test_an_empty_start_explains_itself_and_takes_a_first_article(
    empty_start: Callable[[], AppTest],
) -> None:
    at = empty_start()
    assert any("No claims yet" in i.value for i in at.info)
    assert any("no article files" in plain(w.value) for w in at.warning)
    assert metrics(at)["No report"] == "34"
    assert not at.select_slider  # no dates to move through yet
    at = open_tab(at, "Add articles")
    at.text_area(key="paste_text").set_value(
        "date 2021-08-08\nTaliban fighters captured Kunduz on Sunday.\n"
    )
    at.button(key="add_paste").click().run()
    assert not at.exception
    assert metrics(at)["Taliban"] == "1"


def test_map_click_selects_the_province(app: Callable[..., AppTest]) -> None:
    at = app()
    # What streamlit-folium puts in session state when a province is clicked.
    at.session_state["province_map"] = {
        "last_active_drawing": {"type": "Feature", "properties": {"province": "Jowzjan"}},
        "last_object_clicked_count": 3,
    }
    at.run()
    assert at.radio(key="selected").value == "Jowzjan"
    assert "retook" in html_text(at)
    assert param(at, "province") == "Jowzjan"


def test_exports_and_credits_are_offered(app: Callable[..., AppTest]) -> None:
    at = open_tab(app(), "Export")
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Claims (CSV)",
        "Claims (GeoJSON)",
        "Claims (ACLED CSV)",
        "Provinces (CSV)",
        "Provinces (GeoJSON)",
        "Map (HTML)",
    ]
    about = "\n".join(m.value for m in at.markdown)
    assert "Made with Natural Earth" in about
    assert "GeoNames (geonames.org)" in about
    assert "CC BY 4.0" in about
    assert "Leaflet (BSD 2-Clause" in about


def test_renders_without_reading_every_claim_or_article(
    app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 articles nothing may read the whole store: the map comes from the store's
    index (Store.province_status), tables and panels are paged in SQL, articles come one at a
    time. Here every whole read raises, and every view still shows the same data."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the dashboard read every claim or every article into memory")

    paged = Store.claims

    def claims(self: Store, **kwargs: Any) -> Any:
        assert kwargs.get("limit") is not None or kwargs.get("article_ids") is not None, kwargs
        return paged(self, **kwargs)

    monkeypatch.setattr(Store, "control_claims_upto", refuse)
    monkeypatch.setattr(Store, "articles", refuse)
    monkeypatch.setattr(Store, "claims", claims)
    monkeypatch.setattr(pipeline, "province_status", refuse)  # the in-memory timeline
    at = app()
    counts = metrics(at)
    shown = (counts["Taliban"], counts["Government"], counts["Capitals taken"])
    assert shown == ("1", "1", "1 of 34")
    assert sum(int(counts[render.STATUS_LABELS[s]]) for s in render.STATUS_LABELS) == 34
    at.select_slider(key="as_of").set_value(dt.date(2021, 8, 10)).run()
    assert not at.exception, at.exception
    counts = metrics(at)
    shown = (counts["Taliban"], counts["Government"], counts["Capitals taken"])
    assert shown == ("2", "0", "2 of 34")
    at.radio(key="selected").set_value("Kunduz").run()
    assert "planted their flag" in html_text(at)
    assert "Jowzjan" in "".join(at.dataframe[0].value["change"])  # the change log
    assert len(table(open_tab(at, "Claims"), "claims_table")) > 10
    status = table(open_tab(at, "Provinces"), "status_table").set_index("province")
    assert status.loc["Jowzjan", "status"] == "taliban"
    assert status.loc["Kunduz", "n_claims"] > 0
    at = open_tab(at, "Over time")
    assert not at.exception, at.exception
    assert at.get("vega_lite_chart"), "the province × date view"
    at = open_tab(at, "Articles")
    assert not at.exception, at.exception
    assert "retake Sheberghan" in at.selectbox(key="reader").format_func(
        at.selectbox(key="reader").value
    )
    assert "<mark" in html_text(at)


def test_a_write_by_another_process_shows_on_the_next_run(
    app: Callable[..., AppTest], db: Path, extractor: Extractor
) -> None:
    """The cached tables are keyed on SQLite's data version, not only on this server's writes,
    so an ingest run from the command line shows up without a restart."""
    at = app()
    assert metrics(at)["Taliban"] == "1"
    with Store(db) as other:  # another connection, as `python -m geo ingest` opens
        (outcome,) = dd.ingest([("cli", "date 2021-08-13\n" + PASTED)], other, extractor=extractor)
        assert outcome.result == "added"
    at.run()
    assert not at.exception, at.exception
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 13)  # followed the newest
    assert metrics(at)["Taliban"] == "2"  # Nimroz
    with Store(db) as other:
        assert other.remove(outcome.article_id)
    at.run()
    assert metrics(at)["Taliban"] == "1"
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 12)


def test_a_big_store_is_paged(app: Callable[..., AppTest], db: Path, extractor: Extractor) -> None:
    """Province claims come a page at a time ("Show more"); the reader lists a page of titles."""
    items = [
        (
            f"gen-{i}",
            f"date 2021-07-{1 + i % 28:02d}\nReport {i}\n\nTaliban fighters captured Kunduz "
            f"on Sunday, report number {i} said.\n",
        )
        for i in range(201)
    ]
    with Store(db) as store:
        assert all(o.result == "added" for o in dd.ingest(items, store, extractor=extractor))
    at = app({"province": "Kunduz"})
    with Store(db) as store:
        kunduz = store.count_claims(provinces=["Kunduz"])  # and the seeds' claims
    cards = 'class="afmap-claim'
    assert 50 <= html_text(at).count(cards) <= 51  # the claim that sets it, then the newest 50
    assert f"The newest 50 of {kunduz:,} claims" in html_text(at)
    at.button(key="detail_more").click().run()
    assert 100 <= html_text(at).count(cards) <= 101
    at.radio(key="selected").set_value("Jowzjan").run()  # another province: its first page
    assert 0 < html_text(at).count(cards) < 50
    assert "detail_more" not in [b.key for b in at.button]  # all of them shown

    at = open_tab(at, "Articles")
    reader = at.selectbox(key="reader")
    assert len(reader.options) == 200
    assert "retake Sheberghan" in reader.format_func(reader.value)  # newest first
    at.number_input(key="article_page").set_value(2).run()
    reader = at.selectbox(key="reader")
    assert len(reader.options) == 204 - 200  # 201 + the 3 seeds
    assert "Report" in reader.format_func(reader.value)


@pytest.mark.parametrize(
    ("as_of", "shown", "said"),
    [
        ("2021-08-09", dt.date(2021, 8, 8),
         "No claims on 9 Aug 2021; showing 8 Aug 2021, the claim date before it."),
        ("2099-01-01", dt.date(2021, 8, 12),
         "No claims after 12 Aug 2021, the newest claim date; showing 12 Aug 2021 for 1 Jan 2099."),
        ("2020-01-01", dt.date(2021, 8, 7),
         "No claims on or before 1 Jan 2020; showing 7 Aug 2021, the first claim date."),
        ("2021-08-10", dt.date(2021, 8, 10), None),
    ],
)
def test_a_link_date_that_is_no_claim_date_says_what_the_map_shows(
    app: Callable[..., AppTest], as_of: str, shown: dt.date, said: str | None
) -> None:
    at = app({"as_of": as_of})
    assert at.select_slider(key="as_of").value == shown
    notes = [i.value for i in at.info]
    assert notes == ([said] if said else [])
    assert "4 dates with claims: 7 Aug · 8 Aug · 10 Aug · 12 Aug 2021" in re.sub(
        "<[^>]+>", "", html_text(at)
    )
    if said:  # the note goes once the user picks another date
        at.button(key="earlier" if shown != EVENT_DATES[0] else "later").click().run()
        assert not at.info


def test_capitals_taken_counts_the_map_and_quotes_the_text(app: Callable[..., AppTest]) -> None:
    at = app({"as_of": "2021-08-08"})
    counts = metrics(at)
    assert counts["Taliban"] == "2"  # Kunduz (8 Aug) and Jowzjan (Sheberghan, 7 Aug)
    assert counts["Capitals taken"] == "2 of 34"
    aside = captions(at)
    assert "“Taliban capture Sheberghan, second provincial capital in two days”" in aside
    at.select_slider(key="as_of").set_value(dt.date(2021, 8, 12)).run()
    assert metrics(at)["Capitals taken"] == "1 of 34"  # Sheberghan retaken: the map says 1
    assert "ten of the country's 34 provincial capitals" in captions(at)  # the text says 10


def test_change_log_lists_each_change_with_its_claim(app: Callable[..., AppTest]) -> None:
    at = app()  # the change log is the first tab
    log = at.dataframe[0].value
    changes = list(log["change"])
    assert changes[0] == "12 Aug: Jowzjan taliban → government, 1 outlet"
    assert "7 Aug: Jowzjan no report → taliban, 1 outlet" in changes
    assert "8 Aug: Kunduz no report → taliban, 1 outlet" in changes
    kunduz = log[log["change"].str.startswith("8 Aug: Kunduz")].iloc[0]
    assert "planted their flag" in kunduz["quote"]  # the claim that made the change
    assert list(log["date"]) == sorted(log["date"], reverse=True)  # newest first
    assert len(changes) == len(set(changes))


def test_a_pick_in_the_change_log_or_the_bands_opens_the_province_on_that_day() -> None:
    records = [{"date": dt.date(2021, 8, 12), "province": "Jowzjan"},
               {"date": dt.date(2021, 8, 8), "province": "Kunduz"}]
    assert dd.picked_row([1], records) == ("Kunduz", dt.date(2021, 8, 8))
    assert dd.picked_row([], records) is None
    assert dd.picked_row([5], records) is None
    # What a click on a band of the altair chart gives: the fields, the date in epoch ms.
    assert dd.picked_band([{"province": "Herat", "start": 1628726400000}]) == (
        "Herat", dt.date(2021, 8, 12)
    )
    assert dd.picked_band([{"province": "Herat", "start": "2021-08-12T00:00:00"}]) == (
        "Herat", dt.date(2021, 8, 12)
    )
    assert dd.picked_band([]) is None


def test_detail_panel_puts_the_claim_that_sets_the_status_first(
    app: Callable[..., AppTest],
) -> None:
    at = app({"province": "Kunduz", "as_of": "2021-08-12"})
    cards = re.findall(r'<div class="afmap-claim[^"]*".*?</div></div>', html_text(at), re.S)
    assert "afmap-decides" in cards[0]  # marked, and first
    assert "planted their flag" in cards[0]  # the 8 Aug sentence, not the 10 Aug restatements
    assert "Sets the status: Taliban since 8 Aug 2021" in cards[0]
    assert "actor: Taliban" in cards[0]
    assert "event (ACLED type): Non-state actor overtakes territory" in cards[0]
    assert sum("planted their flag" in c for c in cards) == 1  # not listed twice
    assert all("afmap-decides" not in c for c in cards[1:])


def test_detail_panel_lists_the_claims_against_the_status(
    app: Callable[..., AppTest], db: Path
) -> None:
    """One text reports Taloqan taken, then the governor's word that Takhar is still held: the
    text's last outcome is the capture (taliban), and the governor's claim speaks against it."""
    from geo.articles import article_id
    from geo.types import Actor, Article, Claim, ControlStatus, DatePrecision, EventType, PlaceKind

    day = dt.date(2021, 8, 12)
    text = ("Taliban fighters captured Taloqan on Thursday.\n\n"
            "The governor said Takhar remains under government control.")
    article = Article(article_id(day, text), day, "Taloqan", text, "x.txt")

    def claim(place: str, kind: PlaceKind, status: ControlStatus, event: EventType,
              sentence: str) -> Claim:
        start = text.index(place)
        return Claim(article.id, day, place, kind, "Takhar", "AF-TAK", status, day,
                     DatePrecision.DAY, "", sentence, "", start, start + len(place), place,
                     actor=Actor.TALIBAN, event_type=event)

    with Store(db) as store:
        store.add(article, [
            claim("Taloqan", PlaceKind.CAPITAL, ControlStatus.TALIBAN, EventType.OVERTAKES,
                  text.split("\n\n")[0]),
            claim("Takhar", PlaceKind.PROVINCE, ControlStatus.GOVERNMENT, EventType.OTHER,
                  text.split("\n\n")[1]),
        ])
    at = app({"province": "Takhar", "as_of": "2021-08-12"})
    cards = re.findall(r'<div class="afmap-claim[^"]*".*?</div></div>', html_text(at), re.S)
    assert "Speaks against it (1)" in html_text(at)
    assert "afmap-decides" in cards[0]
    assert "captured" in cards[0]
    assert "afmap-against" in cards[1]
    assert "remains under government control" in cards[1]
    assert len(cards) == 2  # each claim once


def test_play_steps_the_map_through_the_dates_and_stops_at_the_end(
    app: Callable[..., AppTest],
) -> None:
    at = app({"as_of": "2021-08-10"})
    at.button(key="play").click().run()
    assert at.session_state["playing"]
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 10)  # no step on the click
    assert at.button(key="play").label == "❚❚ Pause"
    at.session_state["_played_at"] = 0.0  # as if PLAY_SECONDS had passed: the timer's run
    at.run()
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 12)
    assert not at.session_state["playing"]  # the newest date: it stops
    assert at.button(key="play").label == "▶ Play"
    at.button(key="play").click().run()  # from the newest date it starts again at the first
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 7)
    at.session_state["_played_at"] = 0.0
    at.run()
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 8)
    assert at.session_state["playing"]
    at.button(key="earlier").click().run()  # a step by hand stops it
    assert not at.session_state["playing"]
    assert at.select_slider(key="as_of").value == dt.date(2021, 8, 7)


def test_wording_counts_and_an_empty_store(empty_start: Callable[[], AppTest]) -> None:
    at = empty_start()
    assert "province control (no claims yet)" in at.markdown[0].value
    assert "latest" not in at.markdown[0].value
    assert at.caption[0].value.startswith("0 articles · 0 claims")
    at = open_tab(at, "Add articles")
    at.text_area(key="paste_text").set_value("date 2021-08-08\nNothing of places here at all.\n")
    at.button(key="add_paste").click().run()
    assert not at.success  # stored, but nothing for the map: not a green "added"
    assert any("names none of the 34 provinces" in plain(w.value) for w in at.warning)
    assert at.caption[0].value.startswith("1 article · 0 claims")


# ----------------------------------------------------------------------------------------------
# geo.dashboard_data
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Insurgents captured six of the country\u2019s 34 provincial capitals in a week.", 6),
        ("The Taliban captured six provincial capitals, not five.", 6),
        ("The Taliban now hold ten of the country's 34 provincial capitals.", 10),
        ("The insurgents have seized 17 of Afghanistan's 34 provincial capitals.", 17),
        ("Kandahar was the twenty-first provincial capital to fall.", 21),
        ("Farah became the seventh provincial capital to fall on Tuesday.", 7),
        ("Fighting raged near five provincial capitals.", None),
        ("Afghanistan has 34 provincial capitals.", None),
        ("Kunduz fell.", None),
    ],
)
def test_claimed_capitals(text: str, count: int | None) -> None:
    found = dd.claimed_capitals(text)
    assert (found.count if found else None) == count


def test_claimed_capitals_in_the_seed_takes_the_largest_and_keeps_the_sentence() -> None:
    text = next(DEFAULT_SEEDS_DIR.glob("*.txt")).read_text(encoding="utf-8")
    found = dd.claimed_capitals(text)
    assert found is not None
    assert found.count == 6
    assert found.sentence.startswith("Insurgents captured six")


def test_highlight_escapes_everything_but_its_marks() -> None:
    text = '<img src=x onerror="alert(1)"> Kunduz & "Farah"\n\nnext'
    start = text.index("Kunduz")
    out = dd.highlight(text, [dd.Span(start, start + 6, "taliban", 'a"b')], paragraphs=True)
    assert "<img" not in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert 'title="a&quot;b"' in out
    assert ">Kunduz</mark>" in out
    assert out.startswith("<p>")
    assert out.count("<p>") == 2


def test_quote_offset_finds_the_sentence_holding_the_mention() -> None:
    text = "Kunduz fell. Herat held. Kunduz fell."
    assert dd.quote_offset(text, "Kunduz fell.", 25, 31) == 25
    assert dd.quote_offset(text, "Kunduz fell.", 0, 6) == 0
    assert dd.highlight_quote("Kunduz fell.", "Kunduz", offset=0).startswith("<mark>Kunduz")


def test_filters_round_trip_through_query_params() -> None:
    filters = dd.Filters(
        dt.date(2021, 8, 10),
        ("Kunduz", "Farah"),
        ("taliban", "contested"),
        dt.date(2021, 8, 1),
        dt.date(2021, 8, 9),
        "Farah",
    )
    params = dd.filters_to_params(filters)
    assert params["provinces"] == "Kunduz,Farah"
    back, problems = dd.filters_from_params(params, provinces=["Farah", "Kunduz"])
    assert back == filters
    assert problems == []
    repeated, _ = dd.filters_from_params(
        {"provinces": ["Kunduz", "Farah"], "from": "2021-08-09", "to": "2021-08-01"},
        provinces=["Farah", "Kunduz"],
    )
    assert repeated.provinces == ("Kunduz", "Farah")
    assert (repeated.date_from, repeated.date_to) == (dt.date(2021, 8, 1), dt.date(2021, 8, 9))
    bad, problems = dd.filters_from_params({"as_of": "yesterday", "statuses": "won"}, provinces=[])
    assert bad == dd.Filters()
    assert len(problems) == 2


def test_ingest_reports_each_item(tmp_path: Path, extractor: Extractor) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        outcomes = dd.ingest(
            [
                ("upload:a.txt", CAPTURE.encode()),
                ("upload:a-again.txt", CAPTURE),
                ("upload:empty.txt", b""),
                ("paste", "Kunduz fell to the Taliban on Sunday."),
            ],
            store,
            extractor=extractor,
            default_date=dt.date(2021, 8, 10),
        )
        assert [o.result for o in outcomes] == ["added", "duplicate", "error", "added"]
        assert outcomes[0].n_claims > 0
        assert outcomes[0].title.startswith("Taliban capture")
        assert outcomes[2].message.startswith("upload:empty.txt: is empty")
        assert outcomes[3].warnings  # dated by the default date, and told so
        assert store.stats()["n_articles"] == 2


def test_load_seeds_adds_only_new_articles_and_reports_bad_files(
    seeds: Path, tmp_path: Path, extractor: Extractor
) -> None:
    (seeds / "broken.txt").write_bytes(b"no date line here\n")
    with Store(tmp_path / "s.sqlite3") as store:
        first = dd.load_seeds(seeds, store, extractor=extractor)
        again = dd.load_seeds(seeds, store, extractor=extractor)
    assert (first.added, first.known, again.added, again.known) == (3, 0, 0, 3)
    assert len(first.errors) == 1
    assert "broken.txt" in first.errors[0]
    fingerprint = dd.folder_fingerprint(seeds)
    assert [name for name, _, _ in fingerprint] == sorted(p.name for p in seeds.glob("*.txt"))
    assert dd.folder_fingerprint(tmp_path / "missing") == ()


def test_split_map_keeps_the_base_script_when_the_date_changes(extractor: Extractor) -> None:
    """The iframe of st_folium is keyed on the base map's script: it must not depend on data."""
    provinces = load_provinces(simplified=True)

    def parts(statuses: dict[str, str], day: dt.date) -> tuple[str, str]:
        rows = status_rows([], day, extractor)
        gdf = status_geoframe(rows, provinces)
        gdf["status"] = gdf["province"].map(statuses).fillna("no_report")
        m = render.build_map(gdf, as_of=day, capitals=None, assets="url")
        render.offline_for_streamlit(m)
        group = dd.split_for_streamlit(m, legend_title=f"as of {day}")
        m.get_root().render()
        base = streamlit_folium._get_map_string(m)
        layers = streamlit_folium._get_feature_group_string(group, m)
        return streamlit_folium.generate_js_hash(base, "province_map"), layers

    hash_a, layers_a = parts({"Kunduz": "taliban"}, dt.date(2021, 8, 8))
    hash_b, layers_b = parts({"Kunduz": "government"}, dt.date(2021, 8, 10))
    assert hash_a == hash_b
    assert layers_a != layers_b
    assert '"as of 2021-08-10"' in layers_b
    assert "L.geoJson" in layers_b


def test_claims_geojson_has_a_point_per_claim() -> None:
    import json

    import pandas as pd

    frame = pd.DataFrame(
        {"place": ["Kunduz", "Nowhere"], "lat": [36.7, float("nan")], "lon": [68.9, float("nan")]}
    )
    data = json.loads(dd.claims_geojson(frame))
    assert [f["geometry"] for f in data["features"]][1] is None
    assert data["features"][0]["geometry"]["coordinates"] == [68.9, 36.7]
    assert data["features"][0]["properties"] == {"place": "Kunduz"}
