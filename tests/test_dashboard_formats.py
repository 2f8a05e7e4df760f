"""The dashboard with files of every format (AppTest): upload, reader, detail panel, exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import dashboard_data as dd
from geo.store import Store
from tests import test_dashboard as base
from tests.shared_formats import ACLED_CSV, ATOM_FEED, HEADLINES_CSV, PAGE_META_DATE, RSS_FEED
from tests.test_dashboard import errors, html_text, open_tab, plain

seeds = base.seeds  # the fixtures of tests/test_dashboard.py: a seed folder, AFMAP_DB, the app
db = base.db
app = base.app


def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at = open_tab(at, "Add articles")
    at.file_uploader(key=f"uploads_{at.session_state['upload_gen']}").set_value(files).run()
    at.button(key="add_uploads").click().run()
    assert not at.exception, at.exception
    return at


def test_upload_of_every_format_names_each_bad_record(app: Callable[..., AppTest],
                                                      db: Path) -> None:
    at = upload(app(), [
        ("kunduz.html", PAGE_META_DATE.encode(), "text/html"),
        ("pajhwok.xml", RSS_FEED.encode(), "application/xml"),
        ("tolo.atom", ATOM_FEED.encode(), "application/atom+xml"),
        ("headlines.csv", HEADLINES_CSV, "text/csv"),
        ("acled-2021.csv", ACLED_CSV.encode(), "text/csv"),
    ])
    done = [plain(s.value) for s in at.success]
    assert any(s.startswith("upload:kunduz.html: added “Taliban take Kunduz") for s in done)
    assert "upload:pajhwok.xml: 2 articles added (" in " ".join(done)
    assert any(s.startswith("upload:headlines.csv: 2 articles added") for s in done)
    summary = "upload:acled-2021.csv: ACLED export: 6 rows read, 4 new"
    assert any(s.startswith(summary) for s in done)
    bad = errors(at)
    assert [e.split(": ")[0] for e in bad] == [
        "upload:pajhwok.xml:item 2",
        "upload:tolo.atom:item 2",
        "upload:headlines.csv:row 3",
        "upload:acled-2021.csv:row 6",
        "upload:acled-2021.csv:row 7",
    ]
    # The date picker's wording, not the command line's.
    assert "pick a date for files without one" in bad[2]
    assert any("Windows-1252" in plain(w.value) for w in at.warning)
    with Store(db) as store:
        sources = {a.source for a in store.articles()}
        assert "acled:acled-2021.csv" in sources
        assert "upload:headlines.csv:row 2" in sources


def test_reader_and_detail_show_outlet_link_and_acled(app: Callable[..., AppTest],
                                                      db: Path) -> None:
    at = upload(app(), [("kunduz.html", PAGE_META_DATE.encode(), "text/html"),
                        ("acled.csv", ACLED_CSV.encode(), "text/csv")])
    at = open_tab(at, "Articles")
    with Store(db) as store:
        page = next(a.id for a in store.articles() if a.title.startswith("Taliban take Kunduz"))
    at.selectbox(key="reader").set_value(page).run()
    shown = html_text(at)
    assert "Kabul Herald · <a href=\"https://kabulherald.example/2021/08/kunduz\" " \
        "target=\"_blank\" rel=\"noopener noreferrer\">kabulherald.example</a>" in shown
    at.radio(key="selected").set_value("Helmand").run()
    cards = html_text(at)
    assert ">ACLED</span>" in cards  # the ACLED event, marked
    assert "Tolo News" in cards
    assert "Afghan forces retook two districts of" in cards


def test_big_claims_export_is_prepared_with_a_progress_bar(
    app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFMAP_DIRECT_EXPORT", "1")
    at = open_tab(app(), "Export")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Provinces (CSV)", "Provinces (GeoJSON)", "Map (HTML)"]
    at.button(key="prepare_csv").click().run()
    assert not at.exception, at.exception
    bars = at.get("progress")
    assert bars
    assert "claims ready" in bars[-1].proto.text
    (ready,) = [b for b in at.get("download_button") if b.label.startswith("Claims (CSV) (")]
    assert ready.label.endswith(" MB)")


def test_exported_map_popups_name_the_article_by_title() -> None:
    from geo import render
    from geo.boundaries import load_provinces
    from geo.pipeline import extract_claims, read_inputs, status_geoframe, status_rows
    from geo.settings import DEFAULT_SEEDS_DIR

    articles, _, _ = read_inputs([DEFAULT_SEEDS_DIR])
    claims = [c for a in articles for c in extract_claims(a)]
    rows = status_rows(claims)
    refs = {a.id: (a.title, a.outlet, a.url) for a in articles}
    gdf = status_geoframe(rows, load_provinces(simplified=True))
    gdf["title"] = gdf["iso_3166_2"].map(dd.status_titles(rows, refs)).fillna("")
    page = render.map_html(render.build_map(gdf, as_of=None))
    title = articles[0].title
    assert title[:40] in page
    assert '"article": "' in page
