"""Tests for geo.exports (streamed claims exports) and the store reads they use."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from geo.analyst import REVIEW_COLUMNS
from geo.exports import export_claims, export_text
from geo.pipeline import ARTICLE_COLUMNS, extract_claims, read_inputs
from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from geo.store import Store
from geo.types import CLAIM_COLUMNS


@pytest.fixture
def store(tmp_path: Path) -> Store:
    articles, _, _ = read_inputs([DEFAULT_SEEDS_DIR, PROJECT_ROOT / "eval" / "articles"])
    s = Store(tmp_path / "e.sqlite3")
    pairs = []
    for i, a in enumerate(articles):
        a = dataclasses.replace(a, outlet=f"Outlet {i % 3}", url=f"https://news.example/{i}",
                                title=f"=HYPERLINK(\"x\") {a.title}" if i == 0 else a.title)
        pairs.append((a, extract_claims(a)))
    s.add_many(pairs)
    return s


def test_iter_claims_pages_every_claim_once_in_stored_order(store: Store) -> None:
    pages = list(store.iter_claims(chunk=7))
    flat = [c for page in pages for c in page]
    assert all(len(p) == 7 for p in pages[:-1])
    assert flat == store.claims(order="id")
    kunduz = [c for p in store.iter_claims(provinces=["Kunduz"], chunk=3) for c in p]
    assert kunduz == store.claims(provinces=["Kunduz"], order="id")
    with pytest.raises(ValueError, match="chunk=0"):
        next(store.iter_claims(chunk=0))


def test_article_refs(store: Store) -> None:
    a = store.articles()[0]
    assert store.article_refs([a.id, "nope"]) == {a.id: (a.title, a.outlet, a.url)}


def test_csv_export_has_title_outlet_url_and_is_spreadsheet_safe(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    buf = io.StringIO()
    n = export_claims(store, buf, "csv", progress=lambda done, total: seen.append((done, total)),
                      chunk=50)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == len(rows) == store.stats()["n_claims"]
    assert list(rows[0]) == [*CLAIM_COLUMNS, *ARTICLE_COLUMNS, *REVIEW_COLUMNS]
    assert {r["review"] for r in rows} == {"unreviewed"}
    assert all(r["outlet"].startswith("Outlet ") and r["url"].startswith("https://")
               for r in rows)
    assert any(r["title"].startswith("'=HYPERLINK") for r in rows)  # no formula
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (n, n)
    assert len(seen) == -(-n // 50)


def test_geojson_export(store: Store) -> None:
    data = json.loads(export_text(store, "geojson", filters={"provinces": ["Kunduz"]}))
    features = data["features"]
    assert len(features) == store.count_claims(provinces=["Kunduz"])
    first = features[0]
    assert first["geometry"]["type"] == "Point"
    lon, lat = first["geometry"]["coordinates"]
    assert 60 < lon < 75
    assert 29 < lat < 39
    assert {"title", "outlet", "url", "evidence"} <= set(first["properties"])


def test_acled_export_is_the_same_whatever_the_page_size(store: Store) -> None:
    small = io.StringIO()
    export_claims(store, small, "acled", chunk=3)  # pages cut mid-article are regrouped
    assert small.getvalue() == export_text(store, "acled")


def test_unknown_format(store: Store) -> None:
    with pytest.raises(ValueError, match="format='xlsx'"):
        export_text(store, "xlsx")
