"""The embedded SQLite database of articles and claims."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import operator
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from geo.errors import StoreError
from geo.timeline import (
    TERRITORIAL,
    ProvinceStatus,
    article_voice,
    day_status,
    fold_days,
    is_old,
    voice,
)
from geo.types import (
    CLAIM_COLUMNS,
    Actor,
    Article,
    Claim,
    ControlStatus,
    DatePrecision,
    EventType,
    PlaceKind,
)

SCHEMA_VERSION = 4
"""Stored in ``PRAGMA user_version``. Version 0 is the legacy layout without ``claims.via`` and
``claims.note`` (or an empty file); version 1 lacks the ``(province, event_date, status)`` index;
version 2 lacks the ``province_days`` summary that answers the map as of any date in a few
milliseconds; version 3 lacks who acted and what happened (``claims.actor``, ``actor_text``,
``event_type``, ``sources``), the articles' ``outlet`` and ``url``, and the per-day mask of
claims about old events (``province_days.old_mask``). All are migrated on open."""

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process's write to finish before failing."""

_SQLITE_MAGIC = b"SQLite format 3\x00"

_CONTROL_STATUSES: tuple[str, ...] = tuple(s.value for s in ControlStatus if s.is_control)

# Every field of geo.types.Claim, in dataclass order, with its SQL type.
_CLAIM_SQL_TYPES: dict[str, str] = {
    "article_id": "TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE",
    "article_date": "TEXT NOT NULL",
    "place": "TEXT NOT NULL",
    "kind": "TEXT NOT NULL",
    "province": "TEXT NOT NULL",
    "iso_3166_2": "TEXT NOT NULL",
    "status": "TEXT NOT NULL",
    "event_date": "TEXT NOT NULL",
    "date_precision": "TEXT NOT NULL",
    "claimant": "TEXT NOT NULL",
    "evidence": "TEXT NOT NULL",
    "cues": "TEXT NOT NULL",
    "start": "INTEGER NOT NULL",
    "end": "INTEGER NOT NULL",
    "surface": "TEXT NOT NULL",
    "via": "TEXT NOT NULL DEFAULT 'name'",
    "note": "TEXT NOT NULL DEFAULT ''",
    "actor": "TEXT NOT NULL DEFAULT 'unknown'",
    "actor_text": "TEXT NOT NULL DEFAULT ''",
    "event_type": "TEXT NOT NULL DEFAULT 'Other'",
    "sources": "TEXT NOT NULL DEFAULT ''",
    "lat": "REAL",
    "lon": "REAL",
}
_CLAIM_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Claim))
if not set(_CLAIM_FIELDS) == set(_CLAIM_SQL_TYPES) == set(CLAIM_COLUMNS):  # pragma: no cover
    raise ImportError("geo.types.Claim changed: update _CLAIM_SQL_TYPES and bump SCHEMA_VERSION")
_CLAIM_SELECT = ", ".join(f'"{name}"' for name in _CLAIM_FIELDS)
_GET_CLAIM_FIELDS = operator.attrgetter(*_CLAIM_FIELDS)
_DATE_POSITIONS = (_CLAIM_FIELDS.index("article_date"), _CLAIM_FIELDS.index("event_date"))
_COORD_POSITIONS = (_CLAIM_FIELDS.index("lat"), _CLAIM_FIELDS.index("lon"))
_ARTICLE_COLUMNS = ("id", "date", "title", "text", "source", "added_at", "outlet", "url")
_ARTICLE_SELECT = "id, date, title, text, source, outlet, url"

# The NaN objects Claim uses as defaults: a NULL coordinate comes back as the very same object,
# so a claim built without coordinates compares equal after a round trip (NaN != NaN, but
# dataclass equality compares field tuples, which treat identical objects as equal).
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Claim)}
_NAN_LAT: float = _DEFAULTS["lat"] if isinstance(_DEFAULTS["lat"], float) else math.nan
_NAN_LON: float = _DEFAULTS["lon"] if isinstance(_DEFAULTS["lon"], float) else math.nan

_SCHEMA_V1 = f"""
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    title TEXT,
    text TEXT NOT NULL,
    source TEXT,
    added_at TEXT,
    outlet TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT ''
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    {", ".join(f'"{name}" {sql}' for name, sql in _CLAIM_SQL_TYPES.items())}
);
"""
_PROVINCE_DAYS = """
CREATE TABLE IF NOT EXISTS province_days (
    province TEXT NOT NULL,
    event_date TEXT NOT NULL,
    mask INTEGER NOT NULL,
    n_claims INTEGER NOT NULL,
    fresh_mask INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (province, event_date)
) WITHOUT ROWID;
"""
# One row per province and event day: ``n_claims`` claims, and in ``mask`` the voices that day
# stands for (geo.timeline: each article with its last word, T / C / G / D / HT / HG), in
# ``fresh_mask`` those of articles reporting it as news rather than as an old event. Kept up to
# date in the same transaction as the claims, so the map as of a date walks at most a few hundred
# rows per province, whatever the number of claims.
_VOICE_BIT = {"T": 1, "C": 2, "G": 4, "D": 8, "HT": 16, "HG": 32}
_BIT_VOICE = {bit: v for v, bit in _VOICE_BIT.items()}

_INDEXES = """
DROP INDEX IF EXISTS claims_province_date;
DROP INDEX IF EXISTS claims_status;
CREATE INDEX IF NOT EXISTS claims_province_date_status ON claims(province, event_date, status);
CREATE INDEX IF NOT EXISTS claims_event_date ON claims(event_date);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
"""
_V0_MISSING_CLAIM_COLUMNS = ("via", "note")
"""Columns that version 0 lacked; the migration adds them with their defaults."""
_V4_CLAIM_COLUMNS = ("actor", "actor_text", "event_type", "sources")
"""Claim columns that versions before 4 lacked; the migration adds them with their defaults."""
_V4_ARTICLE_COLUMNS = {"outlet": "TEXT NOT NULL DEFAULT ''", "url": "TEXT NOT NULL DEFAULT ''"}

_ORDER_TERM_RE = re.compile(r"\s*(?P<col>[A-Za-z_0-9]+)(?:\s+(?P<dir>ASC|DESC))?\s*", re.I)
_ORDERABLE = frozenset((*_CLAIM_FIELDS, "id"))

_T = TypeVar("_T")


class Store:
    """Articles and their claims in one SQLite file, safe for threads and processes.

    Opening creates the file (and its folder) or migrates an older schema; a newer schema, a file
    that is not SQLite or a database with other tables is refused with a `StoreError` and left
    untouched. The file uses WAL mode so readers never block the writer; every write is one
    ``BEGIN IMMEDIATE`` transaction that waits up to 10 s for other writers.

    One `sqlite3.Connection` is shared by all threads using this object, serialised by a lock;
    other processes open their own `Store` on the same file.

    Parameters
    ----------
    path
        The database file, or ``":memory:"`` for a private in-memory database.

    Raises
    ------
    StoreError
        The file cannot be opened, is not an SQLite database, has a newer or unknown layout.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        memory = self.path == ":memory:"
        if not memory:
            file = Path(path)
            _check_is_sqlite(file)
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"{self.path}: cannot create its folder ({exc.strerror or exc}); "
                    "choose another location (AFMAP_DB)"
                ) from None
        try:
            self._conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from None
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._prepare_schema(wal=not memory)  # reads first; writes once the layout is known
        except StoreError:
            self._conn.close()
            raise
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(
                f"{self.path}: cannot open the database ({exc}); restore it from a backup or "
                "use another database file (AFMAP_DB)"
            ) from None

    # --- life cycle ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    # --- writing ---------------------------------------------------------------------------------

    def add(self, article: Article, claims: Sequence[Claim]) -> bool:
        """Store one article and all its claims in one transaction.

        Parameters
        ----------
        article
            The article.
        claims
            Its claims; every ``claim.article_id`` must be ``article.id``.

        Returns
        -------
        bool
            True if stored, False (and nothing written) if the article id was already stored.

        Raises
        ------
        ValueError
            A claim belongs to another article.
        StoreError
            The database could not be written; nothing was stored.
        """
        return self.add_many([(article, claims)], batch_size=1) == 1

    def add_many(
        self, items: Iterable[tuple[Article, Sequence[Claim]]], *, batch_size: int = 500
    ) -> int:
        """Store many articles with their claims, ``batch_size`` articles per transaction.

        Each article is all-or-nothing: its row and all its claims are committed together, so a
        crash (even SIGKILL) leaves whole articles only. Articles already stored, or repeated in
        ``items``, are skipped. ``items`` is read lazily, one batch at a time.

        Parameters
        ----------
        items
            ``(article, claims)`` pairs.
        batch_size
            Articles per transaction (at least 1).

        Returns
        -------
        int
            How many articles were new.

        Raises
        ------
        ValueError
            A claim belongs to another article, or ``batch_size < 1``; earlier batches stay
            committed, nothing of the offending batch is written.
        StoreError
            The database could not be written; earlier batches stay committed.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size={batch_size!r}; use 1 or more")
        added = 0
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            for article, claims in batch:
                _check_claims_belong(article, claims)
            added += self._write(partial(_insert_batch, batch=batch))
        return added

    def remove(self, article_id: str) -> bool:
        """Delete an article and its claims; False if it was not stored."""

        def delete(conn: sqlite3.Connection) -> bool:
            keys = conn.execute(
                "SELECT DISTINCT province, event_date FROM claims WHERE article_id = ?",
                (article_id,),
            ).fetchall()
            removed = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0
            _rebuild_province_days(conn, keys)
            return removed

        return self._write(delete)

    # --- reading articles ------------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        """True if the article id is stored."""
        return self._one("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored (one query, however many ids)."""
        wanted = _json_list(ids)
        rows = self._all(
            "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))", (wanted,)
        )
        return {row[0] for row in rows}

    def articles(self) -> list[Article]:
        """Every stored article, by date then id."""
        rows = self._all(f"SELECT {_ARTICLE_SELECT} FROM articles ORDER BY date, id", ())
        return [_article_from_row(row) for row in rows]

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        row = self._one(
            f"SELECT {_ARTICLE_SELECT} FROM articles WHERE id = ?", (article_id,)
        )
        return None if row is None else _article_from_row(row)

    def article_index(
        self, limit: int | None = None, *, offset: int = 0, ids: Iterable[str] | None = None
    ) -> list[tuple[str, dt.date, str, str, int]]:
        """Stored articles without their text, newest first: a list to pick from.

        Parameters
        ----------
        limit, offset
            Paging; ``limit=None`` returns everything from ``offset`` on.
        ids
            Only these article ids (``None``: every article; an empty list matches nothing).

        Returns
        -------
        list[tuple[str, datetime.date, str, str, int]]
            ``(id, date, title, source, n_claims)`` sorted by date (newest first), then id.

        Raises
        ------
        ValueError
            A negative limit or offset.
        """
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError(f"limit={limit!r}, offset={offset!r}; use numbers >= 0")
        where, params = "", []
        if ids is not None:
            where, params = " WHERE a.id IN (SELECT value FROM json_each(?))", [_json_list(ids)]
        rows = self._all(
            "SELECT a.id, a.date, a.title, a.source,"
            " (SELECT COUNT(*) FROM claims AS c WHERE c.article_id = a.id)"
            f" FROM articles AS a{where} ORDER BY a.date DESC, a.id LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        )
        return [
            (article_id, dt.date.fromisoformat(date), title or "", source or "", int(n))
            for article_id, date, title, source, n in rows
        ]

    def article_dates(self) -> list[dt.date]:
        """Distinct publication dates of the stored articles, sorted (read from an index)."""
        rows = self._all("SELECT DISTINCT date FROM articles ORDER BY date", ())
        return [dt.date.fromisoformat(row[0]) for row in rows]

    def articles_on(self, day: dt.date) -> list[Article]:
        """The stored articles published on ``day``, by id."""
        rows = self._all(
            f"SELECT {_ARTICLE_SELECT} FROM articles WHERE date = ? ORDER BY id",
            (day.isoformat(),),
        )
        return [_article_from_row(row) for row in rows]

    # --- reading claims --------------------------------------------------------------------------

    def claims(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        provinces: Iterable[str] | None = None,
        statuses: Iterable[ControlStatus | str] | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: str = "event_date DESC",
    ) -> list[Claim]:
        """Claims matching every given filter, sorted and paged in SQL.

        Parameters
        ----------
        article_ids
            Only claims of these articles. ``None`` means no filter; an empty list matches
            nothing (the same holds for ``provinces`` and ``statuses``).
        provinces
            Canonical province names.
        statuses
            `ControlStatus` values (or their strings).
        date_from, date_to
            Inclusive bounds on ``event_date``.
        limit, offset
            Paging; ``limit=None`` returns everything from ``offset`` on.
        order
            Comma-separated ``column [ASC|DESC]`` terms over the claim fields and ``id``
            (insertion order), e.g. ``"province, event_date DESC"``. Ties are broken by ``id``.

        Returns
        -------
        list[Claim]
            Equal to the claims that were stored.

        Raises
        ------
        ValueError
            An unknown status, order column, or a negative limit/offset.
        """
        where, params = _claim_filters(article_ids, provinces, statuses, date_from, date_to)
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError(f"limit={limit!r}, offset={offset!r}; use numbers >= 0")
        sql = (
            f"SELECT {_CLAIM_SELECT} FROM claims{where} ORDER BY {_order_by(order)}"
            " LIMIT ? OFFSET ?"
        )
        rows = self._all(sql, (*params, -1 if limit is None else limit, offset))
        return [_claim_from_row(row) for row in rows]

    def count_claims(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        provinces: Iterable[str] | None = None,
        statuses: Iterable[ControlStatus | str] | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> int:
        """How many claims `claims` would return with these filters and no paging."""
        where, params = _claim_filters(article_ids, provinces, statuses, date_from, date_to)
        row = self._one(f"SELECT COUNT(*) FROM claims{where}", params)
        return int(row[0]) if row else 0

    def iter_claims(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        provinces: Iterable[str] | None = None,
        statuses: Iterable[ControlStatus | str] | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        chunk: int = 5000,
    ) -> Iterator[list[Claim]]:
        """The claims matching the filters of `claims`, ``chunk`` at a time, in the order they
        were stored (an article's claims together, in text order), for exports of any size.

        Each page is one short read (keyed on the claim id, so a page costs the same wherever it
        is): other threads and processes read and write in between.

        Raises
        ------
        ValueError
            An unknown status, or ``chunk < 1``.
        """
        if chunk < 1:
            raise ValueError(f"chunk={chunk!r}; use 1 or more")
        where, params = _claim_filters(article_ids, provinces, statuses, date_from, date_to)
        where = f"{where} AND id > ?" if where else " WHERE id > ?"
        sql = f"SELECT id, {_CLAIM_SELECT} FROM claims{where} ORDER BY id LIMIT ?"
        last = 0
        while rows := self._all(sql, (*params, last, chunk)):
            last = rows[-1][0]
            yield [_claim_from_row(row[1:]) for row in rows]

    def article_refs(self, ids: Iterable[str]) -> dict[str, tuple[str, str, str]]:
        """Article id -> ``(title, outlet, url)`` for the stored ones of ``ids`` (one query)."""
        rows = self._all(
            "SELECT id, title, outlet, url FROM articles WHERE id IN"
            " (SELECT value FROM json_each(?))",
            (_json_list(ids),),
        )
        return {row[0]: (row[1] or "", row[2] or "", row[3] or "") for row in rows}

    def control_claims_upto(self, as_of: dt.date, *, include_reported: bool = False) -> list[Claim]:
        """The claims a timeline needs for the map as of a date, oldest first.

        Parameters
        ----------
        as_of
            Only claims with ``event_date <= as_of``.
        include_reported
            Also return ``reported`` claims (a province named with no control claim shows as
            ``reported``, not ``no_report``).

        Returns
        -------
        list[Claim]
            Claims with a control status (``taliban``, ``contested``, ``government``), sorted
            by event date, then article date, then insertion order.
        """
        statuses = list(_CONTROL_STATUSES)
        if include_reported:
            statuses.append(ControlStatus.REPORTED.value)
        sql = (
            f"SELECT {_CLAIM_SELECT} FROM claims"
            " WHERE status IN (SELECT value FROM json_each(?)) AND event_date <= ?"
            " ORDER BY event_date, article_date, id"
        )
        rows = self._all(sql, (_json_list(statuses), as_of.isoformat()))
        return [_claim_from_row(row) for row in rows]

    def latest_per_province(self, as_of: dt.date) -> list[tuple[str, str, str]]:
        """The status of each province as of a date, from its latest control day (in SQL).

        For each province, the latest day on or before ``as_of`` with a control claim
        (``taliban``, ``contested``, ``government``) decides, by :func:`geo.timeline.day_status`:
        an outcome beats another source's fighting; opposite or disputed outcomes are contested.

        Parameters
        ----------
        as_of
            The map's date.

        Returns
        -------
        list[tuple[str, str, str]]
            ``(province, status, event_date)`` sorted by province; ``status`` is a
            `ControlStatus` (a ``str``), ``event_date`` an ISO ``YYYY-MM-DD`` string. Provinces
            without a control claim are absent.
        """
        rows = self._all(
            "SELECT province, MAX(event_date), mask FROM province_days"
            " WHERE mask != 0 AND event_date <= ? GROUP BY province ORDER BY province",
            (as_of.isoformat(),),
        )
        return [(province, day_status_of(mask), day) for province, day, mask in rows]

    def province_status(
        self,
        provinces: Sequence[tuple[str, str, str]],
        as_of: dt.date | None = None,
        *,
        evidence: int = 5,
    ) -> list[ProvinceStatus]:
        """The map: every province's status as of a date, answered from ``province_days``.

        The same rules and result as :func:`geo.timeline.province_status` over all stored claims
        (DEFINITIONS: the latest control claim decides, same-day conflicts are contested, a
        later mention never undoes it, ``since`` starts the current run), but without reading the
        claims into memory: per province it walks the per-day summary back from ``as_of`` only as
        far as the current run goes (a few hundred rows at most), then reads at most ``evidence``
        deciding claims. At 100,000 articles this takes milliseconds, not seconds.

        Parameters
        ----------
        provinces
            ``(province, iso_3166_2, capital)`` of the provinces to report, in output order.
        as_of
            Only claims with ``event_date <= as_of`` count (None: all).
        evidence
            At most this many deciding claims per province (newest first).
        """
        control = _json_list(_CONTROL_STATUSES)
        out: list[ProvinceStatus] = []
        with self._lock:
            if as_of is None:  # the map as of its latest claim
                try:
                    newest = self._conn.execute(
                        "SELECT MAX(event_date) FROM province_days"
                    ).fetchone()[0]
                except sqlite3.Error as exc:
                    raise StoreError(f"{self.path}: cannot read the database ({exc})") from None
                as_of = dt.date.fromisoformat(newest) if newest else None
            day = (as_of or dt.date.max).isoformat()
            for name, iso, capital in provinces:
                try:
                    cursor = self._conn.execute(
                        "SELECT event_date, mask, fresh_mask FROM province_days"
                        " WHERE province = ? AND event_date <= ? AND mask != 0"
                        " ORDER BY event_date DESC",  # walks the primary key backwards
                        (name, day),
                    )
                    folded = fold_days(
                        (
                            (dt.date.fromisoformat(d), _voices_of(mask), fresh == 0)
                            for d, mask, fresh in cursor
                        ),
                        as_of,
                    )
                    cursor.close()
                    n_claims, last_day = self._conn.execute(
                        "SELECT COALESCE(SUM(n_claims), 0), MAX(event_date) FROM province_days"
                        " WHERE province = ? AND event_date <= ?",
                        (name, day),
                    ).fetchone()
                    n_sources, against = 0, []
                    if folded is not None:
                        status, since, latest = folded
                        run = (name, since.isoformat(), latest.isoformat())
                        rows = self._conn.execute(
                            f"SELECT {_CLAIM_SELECT} FROM claims WHERE province = ?"
                            " AND event_date BETWEEN ? AND ?"
                            " AND status IN (SELECT value FROM json_each(?))"
                            " ORDER BY event_date DESC, status = ? DESC, kind = 'capital' DESC,"
                            " article_date DESC, id LIMIT ?",
                            (*run, control, status.value, evidence),
                        ).fetchall()
                        # A contested run: every source of the fight or of either outcome.
                        counted = (_CONTROL_STATUSES if status is ControlStatus.CONTESTED
                                   else (status.value,))
                        n_sources = self._conn.execute(
                            "SELECT COUNT(DISTINCT CASE WHEN sources != '' THEN sources"
                            " ELSE 'article ' || article_id END) FROM claims WHERE province = ?"
                            " AND event_date BETWEEN ? AND ?"
                            " AND status IN (SELECT value FROM json_each(?))",
                            (*run, _json_list(counted)),
                        ).fetchone()[0]
                        against = self._conn.execute(
                            f"SELECT {_CLAIM_SELECT} FROM claims WHERE province = ?"
                            " AND event_date BETWEEN ? AND ? AND (status = ? OR (status = ?"
                            " AND event_type IN (SELECT value FROM json_each(?))))"
                            " ORDER BY event_date DESC, article_date DESC, id LIMIT ?",
                            (*run, *_AGAINST.get(status, ("", "")), _json_list(TERRITORIAL),
                             evidence),
                        ).fetchall()
                    elif last_day is not None:
                        status, since = ControlStatus.REPORTED, None
                        rows = self._conn.execute(
                            f"SELECT {_CLAIM_SELECT} FROM claims WHERE province = ?"
                            " AND event_date = ? ORDER BY article_date DESC, id LIMIT 1",
                            (name, last_day),
                        ).fetchall()
                    else:
                        rows = []
                except sqlite3.Error as exc:
                    raise StoreError(f"{self.path}: cannot read the database ({exc})") from None
                claims = tuple(_claim_from_row(row) for row in rows)
                if not claims:
                    out.append(ProvinceStatus(name, iso, capital, ControlStatus.NO_REPORT, None))
                    continue
                if since is None:
                    since = claims[0].event_date
                out.append(
                    ProvinceStatus(
                        name, iso, capital, status, since, claims, int(n_claims), int(n_sources),
                        tuple(_claim_from_row(row) for row in against),
                    )
                )
        return out

    def province_days(self) -> dict[str, list[tuple[dt.date, set[str], bool]]]:
        """Every province's named days, oldest first: ``(date, voices, old)`` from the per-day
        summary (a few rows per province and day, never the claims), for
        :func:`geo.timeline.status_series`."""
        rows = self._all(
            "SELECT province, event_date, mask, fresh_mask FROM province_days"
            " ORDER BY province, event_date",
            (),
        )
        out: dict[str, list[tuple[dt.date, set[str], bool]]] = {}
        for province, day, mask, fresh in rows:
            out.setdefault(province, []).append(
                (dt.date.fromisoformat(day), _voices_of(mask), fresh == 0)
            )
        return out

    def event_dates(self) -> list[dt.date]:
        """Distinct event dates of all claims, sorted."""
        rows = self._all("SELECT DISTINCT event_date FROM claims ORDER BY event_date", ())
        return [dt.date.fromisoformat(row[0]) for row in rows]

    def stats(self) -> dict[str, int]:
        """``{"n_articles": ..., "n_claims": ...}``."""
        row = self._one("SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM claims)", ())
        assert row is not None
        return {"n_articles": int(row[0]), "n_claims": int(row[1])}

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on this store's connection: a number that changes
        whenever another connection (another `Store`, another process) commits a change.

        Writes through this `Store` do not change it; together with a count of one's own writes
        it tells a cache that the stored data changed. Costs microseconds.
        """
        row = self._one("PRAGMA data_version", ())
        assert row is not None
        return int(row[0])

    # --- internals -------------------------------------------------------------------------------

    def _all(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.ProgrammingError:
                raise
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the database ({exc})") from None

    def _one(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _write(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run ``work`` in one ``BEGIN IMMEDIATE`` transaction; roll back on any error."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{self.path}: cannot start a write ({exc}); another process may hold the "
                    "database for longer than 10 s"
                ) from None
            try:
                result = work(conn)
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):  # if gone, SQLite rolls back
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.ProgrammingError):
                    raise StoreError(
                        f"{self.path}: write failed and was rolled back ({exc})"
                    ) from exc
                raise
            return result

    def _prepare_schema(self, *, wal: bool) -> None:
        """Check the layout, then create it (empty file) or migrate it, in one transaction.

        Nothing is written (not even the WAL flag in the header) before the layout is accepted.
        """
        with self._lock:
            version, tables = self._layout()
            self._check_layout(version, tables)
            if wal:
                self._set_wal()
                # Safe with WAL: a crashed or killed process loses nothing committed; only a power
                # cut may drop the last transactions, never corrupt the file.
                self._conn.execute("PRAGMA synchronous = NORMAL")
            if version == SCHEMA_VERSION:
                return

            def upgrade(conn: sqlite3.Connection) -> None:
                version_now, tables_now = self._layout()  # another process may have done it
                self._check_layout(version_now, tables_now)
                if version_now == SCHEMA_VERSION:
                    return
                if not tables_now:
                    for statement in _statements(_SCHEMA_V1):
                        conn.execute(statement)
                else:
                    try:
                        if version_now == 0:
                            _migrate_0_to_1(conn, tables_now)
                        if version_now < 4:
                            _migrate_to_4(conn, tables_now)
                    except sqlite3.Error as exc:
                        raise StoreError(
                            f"{self.path}: cannot migrate the database from schema version "
                            f"{version_now} to {SCHEMA_VERSION} ({exc}); nothing was changed. "
                            "Free disk space or copy the file somewhere writable and retry."
                        ) from exc
                for statement in _statements(_INDEXES):
                    conn.execute(statement)
                if "province_days" not in tables_now:
                    for statement in _statements(_PROVINCE_DAYS):
                        conn.execute(statement)
                if tables_now:  # the day rules of version 4 need every day recomputed
                    _rebuild_province_days(conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

            self._write(upgrade)

    def _set_wal(self) -> None:
        """Switch to WAL. That needs the file to itself for a moment, and SQLite does not wait
        for it (no busy handler): when another process is opening the same new file at the same
        instant, "database is locked" comes back at once, so retry for up to the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _layout(self) -> tuple[int, dict[str, set[str]]]:
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        names = [
            row[0]
            for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        tables = {
            name: {row[1] for row in self._conn.execute(f'PRAGMA table_info("{name}")')}
            for name in names
        }
        return version, tables

    def _check_layout(self, version: int, tables: dict[str, set[str]]) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema version {version} is newer than this program "
                f"supports (version {SCHEMA_VERSION}); upgrade afmap, or use another database "
                "file (AFMAP_DB). The file was not changed."
            )
        if version < 0:
            raise StoreError(
                f"{self.path}: unknown database schema version {version}; use another database "
                "file (AFMAP_DB). The file was not changed."
            )
        required = set(_CLAIM_FIELDS) | {"id"}
        article_columns = set(_ARTICLE_COLUMNS)
        day_columns = {"province", "event_date", "mask", "n_claims", "fresh_mask"}
        if version == 0:
            required -= set(_V0_MISSING_CLAIM_COLUMNS)
        if version < 4:
            required -= set(_V4_CLAIM_COLUMNS)
            article_columns -= set(_V4_ARTICLE_COLUMNS)
            day_columns.discard("fresh_mask")
        if version < SCHEMA_VERSION and not tables:
            return
        expected = {"articles": article_columns, "claims": required}
        if version >= 3:
            expected["province_days"] = day_columns
        else:
            tables = {k: v for k, v in tables.items() if k != "province_days"}
        problems = [
            f"table {name!r} lacks {sorted(columns - tables.get(name, set()))}"
            if name in tables
            else f"table {name!r} is missing"
            for name, columns in expected.items()
            if not columns <= tables.get(name, set())
        ]
        extra = sorted(set(tables) - set(expected))
        if extra:
            problems.append(f"unexpected tables {extra}")
        if problems:
            raise StoreError(
                f"{self.path}: not an afmap database of schema version {version} "
                f"({'; '.join(problems)}); use another database file (AFMAP_DB). "
                "The file was not changed."
            )


# --- module helpers ------------------------------------------------------------------------------


def _check_is_sqlite(file: Path) -> None:
    """Refuse, without touching it, a path that exists but is not an SQLite database file."""
    if not file.exists():
        return
    if not file.is_file():
        raise StoreError(f"{file}: is not a file; give the path of a database file (AFMAP_DB)")
    try:
        with file.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{file}: cannot be read ({exc.strerror or exc})") from None
    if head and head != _SQLITE_MAGIC:
        raise StoreError(
            f"{file}: is not an SQLite database (it starts with {head[:8]!r}); use another "
            "database file (AFMAP_DB). The file was not changed."
        )


def _migrate_to_4(conn: sqlite3.Connection, tables: dict[str, set[str]]) -> None:
    """Versions before 4 lacked the actor, event type and sources of claims, the outlet and URL
    of articles, and the fresh mask of days: add them with their defaults (a control claim's
    event type from its status)."""
    for name in _V4_CLAIM_COLUMNS:
        if name not in tables["claims"]:
            conn.execute(f'ALTER TABLE claims ADD COLUMN "{name}" {_CLAIM_SQL_TYPES[name]}')
    if "event_type" not in tables["claims"]:
        # Older extractors typed no events: read their control claims as outcomes (a capture, a
        # retake, fighting), which is how the day rules of those versions read them.
        conn.execute(
            "UPDATE claims SET event_type = CASE status WHEN 'taliban' THEN ? WHEN 'government'"
            " THEN ? WHEN 'contested' THEN ? ELSE event_type END",
            (EventType.OVERTAKES.value, EventType.REGAINS.value, EventType.CLASH.value),
        )
    for name, sql in _V4_ARTICLE_COLUMNS.items():
        if name not in tables["articles"]:
            conn.execute(f'ALTER TABLE articles ADD COLUMN "{name}" {sql}')
    if "province_days" in tables and "fresh_mask" not in tables["province_days"]:
        conn.execute(
            "ALTER TABLE province_days ADD COLUMN fresh_mask INTEGER NOT NULL DEFAULT 0"
        )


def _migrate_0_to_1(conn: sqlite3.Connection, tables: dict[str, set[str]]) -> None:
    """Version 0 lacked ``claims.via`` and ``claims.note``: add them with their defaults."""
    for name in _V0_MISSING_CLAIM_COLUMNS:
        if name not in tables["claims"]:
            conn.execute(f'ALTER TABLE claims ADD COLUMN "{name}" {_CLAIM_SQL_TYPES[name]}')


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _check_claims_belong(article: Article, claims: Sequence[Claim]) -> None:
    for claim in claims:
        if claim.article_id != article.id:
            raise ValueError(
                f"claim for {claim.place!r} has article_id {claim.article_id!r} but is stored "
                f"with article {article.id!r}; build claims from the article they came from"
            )


def _insert_batch(
    conn: sqlite3.Connection, batch: Sequence[tuple[Article, Sequence[Claim]]]
) -> int:
    added = 0
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    claim_sql = (
        f"INSERT INTO claims ({_CLAIM_SELECT}) VALUES ({', '.join('?' for _ in _CLAIM_FIELDS)})"
    )
    for article, claims in batch:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO articles (id, date, title, text, source, added_at, outlet, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.date.isoformat(),
                article.title,
                article.text,
                article.source,
                now,
                article.outlet,
                article.url,
            ),
        )
        if cursor.rowcount == 0:
            continue  # already stored (or earlier in this batch): keep the stored claims
        conn.executemany(claim_sql, [_claim_to_row(claim) for claim in claims])
        conn.executemany(_ADD_DAY_SQL, _day_rows(claims))
        added += 1
    return added


_ADD_DAY_SQL = (
    "INSERT INTO province_days (province, event_date, mask, n_claims, fresh_mask)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (province, event_date) DO UPDATE"
    " SET mask = mask | excluded.mask, n_claims = n_claims + excluded.n_claims,"
    " fresh_mask = fresh_mask | excluded.fresh_mask"
)
_AGAINST = {
    ControlStatus.TALIBAN: (ControlStatus.GOVERNMENT.value, ControlStatus.CONTESTED.value),
    ControlStatus.GOVERNMENT: (ControlStatus.TALIBAN.value, ControlStatus.CONTESTED.value),
}
"""For a status, the status of claims that speak against it, and the status that does when its
event is territorial (a disputed outcome): the SQL of :func:`geo.timeline.speaks_against`."""


def _day_rows(claims: Iterable[Claim]) -> list[tuple[str, str, int, int, int]]:
    """One article's contribution to ``province_days``: per province and day, its claim count, the
    bit of its voice (its last outcome that day, else its fighting), and that bit again in the
    fresh mask unless the day is an old event for it (an article adds a voice; it never changes
    another's)."""
    days: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        days.setdefault((c.province, c.event_date.isoformat()), []).append(c)
    rows = []
    for (province, day), day_claims in days.items():
        v = article_voice(
            (c.start, v) for c in day_claims if (v := voice(c.status, c.event_type)) is not None
        )
        bit = _VOICE_BIT[v] if v is not None else 0
        fresh = 0 if is_old(day_claims[0]) else bit
        rows.append((province, day, bit, len(day_claims), fresh))
    return rows


def _rebuild_province_days(
    conn: sqlite3.Connection, keys: Iterable[tuple[str, str]] | None = None
) -> None:
    """Recompute ``province_days`` from the claims: for these (province, day) keys (after a
    removal), or all of them (a migration)."""
    select = f"SELECT {_CLAIM_SELECT} FROM claims"
    if keys is None:
        conn.execute("DELETE FROM province_days")
        _fill_days(conn, conn.execute(select + " ORDER BY province, event_date, article_id, id"))
        return
    for province, day in keys:
        conn.execute(
            "DELETE FROM province_days WHERE province = ? AND event_date = ?", (province, day)
        )
        rows = conn.execute(
            select + " WHERE province = ? AND event_date = ? ORDER BY article_id, id",
            (province, day),
        )
        _fill_days(conn, rows)


def _fill_days(conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Add the day rows of claims read in (province, event_date, article_id) order."""
    batch: list[Claim] = []
    key: tuple[str, str, str] | None = None
    for row in rows:
        claim = _claim_from_row(row)
        k = (claim.province, claim.event_date.isoformat(), claim.article_id)
        if k != key and batch:
            conn.executemany(_ADD_DAY_SQL, _day_rows(batch))
            batch = []
        key = k
        batch.append(claim)
    if batch:
        conn.executemany(_ADD_DAY_SQL, _day_rows(batch))


def _claim_to_row(claim: Claim) -> list[Any]:
    row = list(_GET_CLAIM_FIELDS(claim))
    for i in _DATE_POSITIONS:
        row[i] = row[i].isoformat()
    for i in _COORD_POSITIONS:
        if row[i] != row[i]:  # NaN
            row[i] = None
    return row


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "article_date": dt.date.fromisoformat,
    "event_date": dt.date.fromisoformat,
    "kind": PlaceKind,
    "status": ControlStatus,
    "date_precision": DatePrecision,
    "actor": Actor,
    "event_type": EventType,
    "lat": lambda v: _NAN_LAT if v is None else float(v),
    "lon": lambda v: _NAN_LON if v is None else float(v),
}


def _claim_from_row(row: Sequence[Any]) -> Claim:
    values = {
        name: _CONVERTERS[name](value) if name in _CONVERTERS else value
        for name, value in zip(_CLAIM_FIELDS, row, strict=True)
    }
    return Claim(**values)


def _article_from_row(row: Sequence[Any]) -> Article:
    article_id, date, title, text, source, outlet, url = row
    return Article(
        id=article_id,
        date=dt.date.fromisoformat(date),
        title=title or "",
        text=text,
        source=source or "",
        outlet=outlet or "",
        url=url or "",
    )


def _voices_of(mask: int) -> set[str]:
    """The voices in a ``province_days.mask``."""
    return {v for bit, v in _BIT_VOICE.items() if mask & bit}


def day_status_of(mask: int) -> ControlStatus:
    """The status of a day from its ``province_days.mask`` (:func:`geo.timeline.day_status`)."""
    return day_status(_voices_of(mask))


def _json_list(values: Iterable[Any]) -> str:
    """One JSON array parameter for ``IN (SELECT value FROM json_each(?))``: no variable limit."""
    return json.dumps([str(v) for v in values])


def _claim_filters(
    article_ids: Iterable[str] | None,
    provinces: Iterable[str] | None,
    statuses: Iterable[ControlStatus | str] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if statuses is not None:
        statuses = [ControlStatus(s).value for s in statuses]  # ValueError on a typo
    for column, values in (
        ("article_id", article_ids),
        ("province", provinces),
        ("status", statuses),
    ):
        if values is not None:
            clauses.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(_json_list(values))
    if date_from is not None:
        clauses.append("event_date >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        clauses.append("event_date <= ?")
        params.append(date_to.isoformat())
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _order_by(order: str) -> str:
    terms: list[str] = []
    for part in order.split(","):
        match = _ORDER_TERM_RE.fullmatch(part)
        if match is None or match["col"] not in _ORDERABLE:
            raise ValueError(
                f"order={order!r}: cannot sort by {part.strip()!r}; use 'column [ASC|DESC]' "
                f"terms with columns from {sorted(_ORDERABLE)}"
            )
        terms.append(f'"{match["col"]}" {(match["dir"] or "ASC").upper()}')
    if '"id" ASC' not in terms and '"id" DESC' not in terms:
        terms.append('"id" ASC')
    return ", ".join(terms)
