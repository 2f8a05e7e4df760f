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

from geo.errors import ReviewConflictError, ReviewError, StoreError
from geo.review import (
    REVIEWED_STATES,
    Action,
    Change,
    ClaimRecord,
    Review,
    ReviewState,
    Values,
    analyst_uid,
    carry_over,
    check_event_date,
    check_note,
    check_reviewer,
    claim_uid,
    claim_uids,
    next_values,
    parse_claim_id,
    undo_target,
)
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

SCHEMA_VERSION = 5
"""Stored in ``PRAGMA user_version``. Version 0 is the legacy layout without ``claims.via`` and
``claims.note`` (or an empty file); version 1 lacks the ``(province, event_date, status)`` index;
version 2 lacks the ``province_days`` summary that answers the map as of any date in a few
milliseconds; version 3 lacks who acted and what happened (``claims.actor``, ``actor_text``,
``event_type``, ``sources``), the articles' ``outlet`` and ``url``, and the per-day mask of
claims about old events (``province_days.old_mask``); version 4 lacks analyst reviews: the
append-only ``reviews`` trail, each claim's stable id and review state (``claims.uid``,
``review``, ``review_id``, ``extracted``), and claims without an article (an analyst's). All are
migrated on open."""

ANY_REVIEW = -1
"""``Store.review(expect=ANY_REVIEW)``: review whatever the claim's latest review is."""

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process's write to finish before failing."""

_SQLITE_MAGIC = b"SQLite format 3\x00"

_CONTROL_STATUSES: tuple[str, ...] = tuple(s.value for s in ControlStatus if s.is_control)

# Every field of geo.types.Claim, in dataclass order, with its SQL type.
_CLAIM_SQL_TYPES: dict[str, str] = {
    "article_id": "TEXT REFERENCES articles(id) ON DELETE CASCADE",  # NULL: an analyst's
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
_ARTICLE_POSITION = _CLAIM_FIELDS.index("article_id")
_ARTICLE_COLUMNS = ("id", "date", "title", "text", "source", "added_at", "outlet", "url")
_RECORD_SELECT = f"{_CLAIM_SELECT}, uid, review, review_id, extracted"
_REVIEWED_COLUMNS = (
    "status", "place", "kind", "province", "iso_3166_2", "event_date", "date_precision",
    "article_date", "lat", "lon",
)
"""The claim columns a review may change (``article_date`` only for an analyst's claim)."""
_ARTICLE_SELECT = "id, date, title, text, source, outlet, url"

# The NaN objects Claim uses as defaults: a NULL coordinate comes back as the very same object,
# so a claim built without coordinates compares equal after a round trip (NaN != NaN, but
# dataclass equality compares field tuples, which treat identical objects as equal).
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Claim)}
_NAN_LAT: float = _DEFAULTS["lat"] if isinstance(_DEFAULTS["lat"], float) else math.nan
_NAN_LON: float = _DEFAULTS["lon"] if isinstance(_DEFAULTS["lon"], float) else math.nan

_CLAIM_REVIEW_SQL_TYPES: dict[str, str] = {
    "uid": "TEXT NOT NULL",
    "review": "TEXT NOT NULL DEFAULT ''",
    "review_id": "INTEGER",
    "extracted": "TEXT",
}
"""The review columns of a claim (version 5): its stable id (geo.review.claim_uid, or an
analyst's claim's own), its state (geo.review.ReviewState), its latest review and, once reviewed,
what the extractor read (geo.review.Values as JSON). The claim's own columns hold the reviewed
values, so the map, counts and exports read them as they are."""


def _claims_table(name: str) -> str:
    columns = {**_CLAIM_SQL_TYPES, **_CLAIM_REVIEW_SQL_TYPES}
    return (
        f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, "
        + ", ".join(f'"{column}" {sql}' for column, sql in columns.items())
        + ")"
    )


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
{_claims_table("claims")};
"""
_REVIEW_COLUMNS: dict[str, str] = {
    "id": "INTEGER PRIMARY KEY",
    "claim_id": "TEXT NOT NULL",
    "article_id": "TEXT",
    "at": "TEXT NOT NULL",
    "reviewer": "TEXT NOT NULL",
    "action": "TEXT NOT NULL",
    "value_before": "TEXT",
    "value_after": "TEXT NOT NULL",
    "note": "TEXT NOT NULL DEFAULT ''",
    "undoes": "INTEGER REFERENCES reviews(id)",
    "place": "TEXT NOT NULL DEFAULT ''",
    "start": "INTEGER NOT NULL DEFAULT 0",
    "end": "INTEGER NOT NULL DEFAULT 0",
}
_REVIEW_STATEMENTS: tuple[str, ...] = (
    "CREATE TABLE reviews ("
    + ", ".join(f'"{name}" {sql}' for name, sql in _REVIEW_COLUMNS.items())
    + ")",
    "CREATE INDEX reviews_claim ON reviews(claim_id, id)",
    "CREATE INDEX reviews_article ON reviews(article_id)",
    "CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews"
    " BEGIN SELECT RAISE(ABORT, 'the review trail is append-only: add a review instead'); END",
    "CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews"
    " BEGIN SELECT RAISE(ABORT, 'the review trail is append-only: nothing is deleted'); END",
)
"""The audit trail (version 5): one row per review, never updated or deleted (the triggers
refuse it); no foreign key to the claims or articles, so removing an article keeps its reviews.
``place``, ``start``, ``end`` are the mention the claim was read from (geo.review.Review)."""
_REVIEW_SELECT = ", ".join(f'"{name}"' for name in _REVIEW_COLUMNS)
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
CREATE INDEX IF NOT EXISTS claims_reviewed ON claims(review) WHERE review != '';
"""
# A claim's id starts with its article's id, so claims_article finds it: an index of the ids would
# cost every write about a quarter of its speed at 100,000 articles. claims_reviewed holds only
# the reviewed claims (a new claim is unreviewed), so it costs ingestion nothing.
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

    # --- reviews ---------------------------------------------------------------------------------

    def review(
        self,
        claim_id: str,
        action: Action | str,
        *,
        by: str,
        note: str = "",
        change: Change | None = None,
        expect: int | None = ANY_REVIEW,
        at: dt.datetime | None = None,
        today: dt.date | None = None,
    ) -> Review:
        """Confirm, reject, correct a claim or undo its latest review in force, in one transaction:
        a new row of the audit trail, the claim's reviewed values and the map's day summary.

        Parameters
        ----------
        claim_id
            The claim's id, or a unique start of it (at least 4 characters).
        action
            ``confirm``, ``reject``, ``correct`` (with ``change``) or ``undo``.
        by, note
            Who reviews, and why (optional).
        change
            A correction's new status, place and/or event date.
        expect
            The id of the latest review the reviewer saw (None: none); if the claim was reviewed
            since, `ReviewConflictError` is raised. ``ANY_REVIEW``: do not check.
        at, today
            When (default now, UTC) and the date a new event date may not pass.

        Returns
        -------
        Review
            The review stored.

        Raises
        ------
        ReviewError
            Unknown or ambiguous claim id, a claim of a removed article, a correction that changes
            nothing or sets an event date after its article, nothing to undo, a bad name or note.
            Nothing was written.
        ReviewConflictError
            The claim's latest review is not ``expect``; nothing was written.
        StoreError
            The database could not be written; nothing was written.
        """
        action = Action(action)
        if action is Action.ADD:
            raise ReviewError("an analyst's claim is added with add_analyst_claim")
        wanted = parse_claim_id(claim_id)
        by, note = check_reviewer(by), check_note(note)
        stamp = _stamp(at)

        def work(conn: sqlite3.Connection) -> Review:
            record = self._record(conn, wanted)
            latest = record.latest.id if record.latest is not None else None
            if expect != ANY_REVIEW and latest != expect:
                now = record.latest.describe() if record.latest is not None else "unreviewed"
                raise ReviewConflictError(
                    f"claim {record.claim_id} changed since it was read (now: {now}); nothing "
                    "was written: look at it again and review it anew"
                )
            claim = record.claim
            current = Values.of(claim, record.state)
            extracted = record.extracted or Values.of(claim)
            if change is not None and change.event_date is not None:
                check_event_date(
                    change.event_date,
                    article_date=claim.article_date if claim.article_id else None,
                    today=today,
                )
            target = None
            if action is Action.UNDO:
                history = self._history(conn, [record.claim_id]).get(record.claim_id, [])
                target = undo_target(history)
            after = next_values(action, current, extracted, change=change, target=target)
            return self._append(
                conn,
                record,
                Review(
                    0, record.claim_id, claim.article_id, stamp, by, action, current, after,
                    note, target.id if target is not None else None,
                    extracted.place, claim.start, claim.end,
                ),
                extracted,
            )

        return self._write(work)

    def add_analyst_claim(
        self, claim: Claim, *, by: str, note: str, at: dt.datetime | None = None
    ) -> Review:
        """Store a claim no article makes (see :func:`geo.review.analyst_claim`) with its first
        review (``add``), in one transaction; it has an id of its own and counts on the map.

        Raises
        ------
        ReviewError
            The claim names an article, or a bad name or note.
        """
        if claim.article_id:
            raise ReviewError(
                f"an analyst's claim has no article; this one names {claim.article_id!r}"
            )
        by, note = check_reviewer(by), check_note(note)
        stamp = _stamp(at)
        uid = analyst_uid()

        def work(conn: sqlite3.Connection) -> Review:
            values = Values.of(claim, ReviewState.ADDED)
            conn.execute(_INSERT_CLAIM_SQL, [*_claim_to_row(claim), uid, "", None, None])
            record = ClaimRecord(uid, claim, ReviewState.UNREVIEWED)
            extracted = Values.of(claim)
            return self._append(
                conn,
                record,
                Review(0, uid, "", stamp, by, Action.ADD, None, values, note, None,
                       claim.place, 0, 0),
                extracted,
                new_key=True,
            )

        return self._write(work)

    def claim_record(self, claim_id: str) -> ClaimRecord:
        """One claim by its id (or a unique start of it), with its review state.

        Raises
        ------
        ReviewError
            Not a claim id, no such claim, an ambiguous start, a claim of a removed article.
        """
        wanted = parse_claim_id(claim_id)
        with self._lock:
            return self._record(self._conn, wanted)

    def claim_records(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        provinces: Iterable[str] | None = None,
        statuses: Iterable[ControlStatus | str] | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        review: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: str = "event_date DESC",
    ) -> list[ClaimRecord]:
        """The claims `claims` returns, each with its id, review state and latest review."""
        where, params = _claim_filters(
            article_ids, provinces, statuses, date_from, date_to, review
        )
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError(f"limit={limit!r}, offset={offset!r}; use numbers >= 0")
        sql = (
            f"SELECT {_RECORD_SELECT} FROM claims{where} ORDER BY {_order_by(order)}"
            " LIMIT ? OFFSET ?"
        )
        with self._lock:
            try:
                rows = self._conn.execute(
                    sql, (*params, -1 if limit is None else limit, offset)
                ).fetchall()
                return self._records(self._conn, rows)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the database ({exc})") from None

    def history(self, claim_id: str) -> list[Review]:
        """Every review of one claim (exact id), oldest first."""
        return self.histories([claim_id]).get(claim_id, [])

    def histories(self, claim_ids: Iterable[str]) -> dict[str, list[Review]]:
        """Every review of these claims (exact ids), oldest first, by claim (one query)."""
        with self._lock:
            try:
                return self._history(self._conn, list(claim_ids))
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the database ({exc})") from None

    def reviews(
        self, *, limit: int | None = None, offset: int = 0, newest_first: bool = False
    ) -> list[Review]:
        """The audit trail: every review, oldest first (or newest first), paged."""
        order = "DESC" if newest_first else "ASC"
        rows = self._all(
            f"SELECT {_REVIEW_SELECT} FROM reviews ORDER BY id {order} LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [_review_from_row(row) for row in rows]

    def count_reviews(self) -> int:
        """How many reviews the audit trail holds."""
        row = self._one("SELECT COUNT(*) FROM reviews", ())
        return int(row[0]) if row else 0

    def orphan_reviews(self) -> list[Review]:
        """Reviews in force whose claim is gone although its article is stored: after a
        re-extraction no claim has the same article, place and mention. The latest review of
        each such claim, oldest first (reviews of removed articles are not listed: they come
        back with the article)."""
        rows = self._all(
            f"SELECT {_REVIEW_SELECT} FROM reviews AS r WHERE r.id IN"
            " (SELECT MAX(id) FROM reviews WHERE article_id IS NOT NULL GROUP BY claim_id)"
            " AND r.article_id IN (SELECT id FROM articles)"
            " AND NOT EXISTS (SELECT 1 FROM claims AS c WHERE c.article_id = r.article_id"
            " AND c.uid = r.claim_id)"
            " ORDER BY r.id",
            (),
        )
        reviews = [_review_from_row(row) for row in rows]
        return [r for r in reviews if r.after.state is not ReviewState.UNREVIEWED]

    def replace_claims(
        self, items: Iterable[tuple[str, Sequence[Claim]]], *, batch_size: int = 200
    ) -> list[Replaced]:
        """Put freshly extracted claims in place of the stored ones of each article, carrying
        every review over to the claim of the same article, place and mention
        (:func:`geo.review.carry_over`); ``batch_size`` articles per transaction, the day
        summary recomputed in the same one. Articles not stored are skipped.

        Returns
        -------
        list[Replaced]
            Per article replaced: claims before and after, the reviewed claims carried over and
            the reviews that no longer match a claim.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size={batch_size!r}; use 1 or more")
        out: list[Replaced] = []
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            for article_id, claims in batch:
                for claim in claims:
                    if claim.article_id != article_id:
                        raise ValueError(
                            f"claim for {claim.place!r} has article_id {claim.article_id!r} but "
                            f"replaces the claims of article {article_id!r}"
                        )
            out.extend(self._write(partial(_replace_batch, batch=batch)))
        return out

    def _record(self, conn: sqlite3.Connection, wanted: str) -> ClaimRecord:
        """The claim with id ``wanted`` (or the one whose id starts so), else a ReviewError that
        says why there is none."""
        found = _find_claims(conn, wanted)
        if len(found) > 1:
            ids = ", ".join(row[-4] for row in found[:5])
            raise ReviewError(
                f"claim id {wanted!r} is the start of several claims' ids ({ids}"
                f"{', ...' if len(found) > 5 else ''}); give more of it"
            )
        if found:
            return self._records(conn, found)[0]
        article, hyphen, own = wanted.partition("-")
        if hyphen and article != "analyst":  # ARTICLE-OWN, each part perhaps shortened
            row = conn.execute(
                "SELECT claim_id, article_id, COUNT(*) FROM reviews WHERE claim_id >= ?"
                " AND claim_id < ? AND substr(claim_id, 18) >= ? AND substr(claim_id, 18) < ?"
                " GROUP BY claim_id ORDER BY claim_id LIMIT 1",
                (article, article + _LAST, own, own + _LAST),
            ).fetchone()
        else:
            row = conn.execute(
                "SELECT claim_id, article_id, COUNT(*) FROM reviews WHERE claim_id >= ?"
                " AND claim_id < ? GROUP BY claim_id ORDER BY claim_id LIMIT 1",
                (wanted, wanted + _LAST),
            ).fetchone()
        if row is None:
            raise ReviewError(
                f"no claim has the id {wanted!r}; list the claims and their ids with "
                "`python -m geo claims`"
            )
        claim_id, article_id, n = row
        stored = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        if stored is None:
            raise ReviewError(
                f"claim {claim_id} is of article {article_id}, which is no longer stored "
                f"(removed); its {n} review(s) are kept and apply again if the article is "
                "added again. Nothing was written."
            )
        raise ReviewError(
            f"claim {claim_id} no longer matches any claim of article {article_id} (the "
            f"extractor now reads that mention differently); its {n} review(s) are kept, listed "
            "by `python -m geo reviews --orphans`. Nothing was written."
        )

    def _records(
        self, conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]
    ) -> list[ClaimRecord]:
        ids = [row[-2] for row in rows if row[-2] is not None]
        latest: dict[int, Review] = {}
        if ids:
            for r in conn.execute(
                f"SELECT {_REVIEW_SELECT} FROM reviews WHERE id IN"
                " (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            ):
                review = _review_from_row(r)
                latest[review.id] = review
        out = []
        n = len(_CLAIM_FIELDS)
        for row in rows:
            uid, state, review_id, extracted = row[n:]
            out.append(
                ClaimRecord(
                    uid,
                    _claim_from_row(row[:n]),
                    ReviewState(state),
                    latest.get(review_id) if review_id is not None else None,
                    Values.from_json(extracted) if extracted else None,
                )
            )
        return out

    def _history(
        self, conn: sqlite3.Connection, claim_ids: Sequence[str]
    ) -> dict[str, list[Review]]:
        out: dict[str, list[Review]] = {}
        if not claim_ids:
            return out
        for row in conn.execute(
            f"SELECT {_REVIEW_SELECT} FROM reviews WHERE claim_id IN"
            " (SELECT value FROM json_each(?)) ORDER BY id",
            (_json_list(claim_ids),),
        ):
            review = _review_from_row(row)
            out.setdefault(review.claim_id, []).append(review)
        return out

    def _append(
        self,
        conn: sqlite3.Connection,
        record: ClaimRecord,
        review: Review,
        extracted: Values,
        *,
        new_key: bool = False,
    ) -> Review:
        """Write ``review`` to the trail and its ``after`` values onto the claim; recompute the
        days the claim left and joins."""
        cursor = conn.execute(
            f"INSERT INTO reviews ({_REVIEW_SELECT}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?)",
            (
                review.claim_id,
                review.article_id or None,
                review.at.isoformat(timespec="seconds"),
                review.by,
                review.action.value,
                None if review.before is None else review.before.to_json(),
                review.after.to_json(),
                review.note,
                review.undoes,
                review.place,
                review.start,
                review.end,
            ),
        )
        stored = dataclasses.replace(review, id=int(cursor.lastrowid or 0))
        claim = record.claim
        effective = _effective(claim, _in_force(review.after, extracted))
        row = _claim_to_row(effective)
        assignments = ", ".join(f'"{name}" = ?' for name in _REVIEWED_COLUMNS)
        conn.execute(
            f"UPDATE claims SET {assignments}, review = ?, review_id = ?, extracted = ?"
            " WHERE article_id IS ? AND uid = ?",  # by claims_article
            (
                *(row[_CLAIM_FIELDS.index(name)] for name in _REVIEWED_COLUMNS),
                review.after.state.value,
                stored.id,
                extracted.to_json(),
                claim.article_id or None,
                record.claim_id,
            ),
        )
        keys = {(effective.province, effective.event_date.isoformat())}
        if not new_key:
            keys.add((claim.province, claim.event_date.isoformat()))
        _rebuild_province_days(conn, sorted(keys))
        return stored

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

    def iter_articles(self, batch_size: int = 500) -> Iterator[list[Article]]:
        """Every stored article, by id, ``batch_size`` at a time (memory stays flat)."""
        last = ""
        while True:
            rows = self._all(
                f"SELECT {_ARTICLE_SELECT} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                (last, batch_size),
            )
            if not rows:
                return
            yield [_article_from_row(row) for row in rows]
            last = rows[-1][0]

    def reviewed_article_ids(self) -> list[str]:
        """The stored articles that a review was made on, by id."""
        rows = self._all(
            "SELECT DISTINCT article_id FROM reviews WHERE article_id IN (SELECT id FROM articles)"
            " ORDER BY article_id",
            (),
        )
        return [row[0] for row in rows]

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
        review: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: str = "event_date DESC",
    ) -> list[Claim]:
        """Claims matching every given filter, sorted and paged in SQL, with their reviewed
        values (a correction's status, place and date).

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
        review
            ``all`` or None (every claim), ``unreviewed``, ``reviewed`` (confirmed, corrected or
            an analyst's), ``rejected``, ``shown`` (what the map counts: not rejected).
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
            An unknown status, review filter, order column, or a negative limit/offset.
        """
        where, params = _claim_filters(
            article_ids, provinces, statuses, date_from, date_to, review
        )
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
        review: str | None = None,
    ) -> int:
        """How many claims `claims` would return with these filters and no paging."""
        where, params = _claim_filters(
            article_ids, provinces, statuses, date_from, date_to, review
        )
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
        review: str | None = None,
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
        for page in self.iter_claim_records(
            article_ids=article_ids, provinces=provinces, statuses=statuses,
            date_from=date_from, date_to=date_to, review=review, chunk=chunk,
        ):
            yield [record.claim for record in page]

    def iter_claim_records(
        self,
        *,
        article_ids: Iterable[str] | None = None,
        provinces: Iterable[str] | None = None,
        statuses: Iterable[ControlStatus | str] | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        review: str | None = None,
        chunk: int = 5000,
    ) -> Iterator[list[ClaimRecord]]:
        """`iter_claims` with each claim's id, review state and latest review (the pages of a
        claims export)."""
        if chunk < 1:
            raise ValueError(f"chunk={chunk!r}; use 1 or more")
        where, params = _claim_filters(
            article_ids, provinces, statuses, date_from, date_to, review
        )
        where = f"{where} AND id > ?" if where else " WHERE id > ?"
        sql = f"SELECT id, {_RECORD_SELECT} FROM claims{where} ORDER BY id LIMIT ?"
        last = 0
        while True:
            with self._lock:
                try:
                    rows = self._conn.execute(sql, (*params, last, chunk)).fetchall()
                    if not rows:
                        return
                    records = self._records(self._conn, [row[1:] for row in rows])
                except sqlite3.Error as exc:
                    raise StoreError(f"{self.path}: cannot read the database ({exc})") from None
            last = rows[-1][0]
            yield records

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
            by event date, then article date, then insertion order; reviewed values, rejected
            claims left out.
        """
        statuses = list(_CONTROL_STATUSES)
        if include_reported:
            statuses.append(ControlStatus.REPORTED.value)
        sql = (
            f"SELECT {_CLAIM_SELECT} FROM claims"
            " WHERE status IN (SELECT value FROM json_each(?)) AND event_date <= ?"
            f" AND {_REVIEW_WHERE['shown']} ORDER BY event_date, article_date, id"
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
                            f" AND status IN (SELECT value FROM json_each(?)) AND {_SHOWN}"
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
                            f" AND status IN (SELECT value FROM json_each(?)) AND {_SHOWN}",
                            (*run, _json_list(counted)),
                        ).fetchone()[0]
                        against = self._conn.execute(
                            f"SELECT {_CLAIM_SELECT} FROM claims WHERE province = ?"
                            " AND event_date BETWEEN ? AND ? AND (status = ? OR (status = ?"
                            f" AND event_type IN (SELECT value FROM json_each(?)))) AND {_SHOWN}"
                            " ORDER BY event_date DESC, article_date DESC, id LIMIT ?",
                            (*run, *_AGAINST.get(status, ("", "")), _json_list(TERRITORIAL),
                             evidence),
                        ).fetchall()
                    elif last_day is not None:
                        status, since = ControlStatus.REPORTED, None
                        rows = self._conn.execute(
                            f"SELECT {_CLAIM_SELECT} FROM claims WHERE province = ?"
                            f" AND event_date = ? AND {_SHOWN}"
                            " ORDER BY article_date DESC, id LIMIT 1",
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
                    for statement in (*_statements(_SCHEMA_V1), *_REVIEW_STATEMENTS):
                        conn.execute(statement)
                else:
                    try:
                        if version_now == 0:
                            _migrate_0_to_1(conn, tables_now)
                        if version_now < 4:
                            _migrate_to_4(conn, tables_now)
                        if version_now < 5:
                            _migrate_to_5(conn)
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
                if tables_now and version_now < 4:  # version 4's day rules: recompute every day
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
        """The schema version and each table's columns, read in one snapshot: read one statement
        at a time, another process creating the schema between them showed version 0 with the
        new tables, and the layout was refused as foreign."""
        own = not self._conn.in_transaction
        if own:
            self._conn.execute("BEGIN")  # a read transaction: nothing is written
        try:
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            names = [
                row[0]
                for row in self._conn.execute(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            tables = {
                name: {row[1] for row in self._conn.execute(f'PRAGMA table_info("{name}")')}
                for name in names
            }
        finally:
            if own:
                self._conn.execute("COMMIT")
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
        if version >= 5:
            required |= set(_CLAIM_REVIEW_SQL_TYPES)
        if version < SCHEMA_VERSION and not tables:
            return
        expected = {"articles": article_columns, "claims": required}
        if version >= 3:
            expected["province_days"] = day_columns
        else:
            tables = {k: v for k, v in tables.items() if k != "province_days"}
        if version >= 5:
            expected["reviews"] = set(_REVIEW_COLUMNS)
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


@dataclasses.dataclass(frozen=True, slots=True)
class Replaced:
    """What `Store.replace_claims` did to one article."""

    article_id: str
    claims_before: int
    claims_after: int
    carried: tuple[str, ...]
    """Ids of the reviewed claims that the new claims took over."""
    lost: tuple[Review, ...]
    """The latest review of each reviewed claim that no new claim matches."""


# --- module helpers ------------------------------------------------------------------------------


_LAST = "\uffff"
"""Sorts after every character of an id: ``x >= p AND x < p || _LAST`` is "x starts with p", in
a form that uses an index."""


def _find_claims(conn: sqlite3.Connection, wanted: str) -> list[Any]:
    """The claims (at most 6) whose id is ``wanted``, starts with it, or matches it as
    ``ARTICLE-OWN`` starts of the two parts (geo.review.short_id), found by the article index:
    an article claim's id is its article's id, a hyphen and its own part; an analyst claim has no
    article (``analyst-`` and its own part)."""
    article, hyphen, own = wanted.partition("-")
    if article == "analyst" or (not hyphen and "analyst".startswith(article)):
        return conn.execute(
            f"SELECT {_RECORD_SELECT} FROM claims WHERE article_id IS NULL AND uid >= ?"
            " AND uid < ? ORDER BY uid LIMIT 6",
            (wanted, wanted + _LAST),
        ).fetchall()
    where = "article_id = ?" if len(article) >= 16 else "article_id >= ? AND article_id < ?"
    params: list[Any] = [article[:16]] if len(article) >= 16 else [article, article + _LAST]
    if hyphen:  # the start of the claim's own part (after the article's 16 digits and '-')
        where += " AND substr(uid, 18) >= ? AND substr(uid, 18) < ?"
        params += [own, own + _LAST]
    return conn.execute(
        f"SELECT {_RECORD_SELECT} FROM claims WHERE {where} ORDER BY uid LIMIT 6", params
    ).fetchall()


def _stamp(at: dt.datetime | None) -> dt.datetime:
    """A review's time: given (naive means UTC) or now, to the second, in UTC."""
    when = at or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).replace(microsecond=0)


def _replace_batch(
    conn: sqlite3.Connection, batch: Sequence[tuple[str, Sequence[Claim]]]
) -> list[Replaced]:
    out: list[Replaced] = []
    reviewed = _latest_reviews(conn, [article_id for article_id, _ in batch])
    for article_id, claims in batch:
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
            continue
        keys = {
            (province, day)
            for province, day in conn.execute(
                "SELECT DISTINCT province, event_date FROM claims WHERE article_id = ?",
                (article_id,),
            )
        }
        before = conn.execute("DELETE FROM claims WHERE article_id = ?", (article_id,)).rowcount
        reviews = reviewed.get(article_id, [])
        _insert_claims(conn, claims, reviews)
        now: set[str] = set()
        for uid, province, day in conn.execute(
            "SELECT uid, province, event_date FROM claims WHERE article_id = ?", (article_id,)
        ):
            now.add(uid)
            keys.add((province, day))
        in_force = [r for r in reviews if r.after.state is not ReviewState.UNREVIEWED]
        _rebuild_province_days(conn, sorted(keys))
        out.append(
            Replaced(
                article_id,
                before,
                len(claims),
                tuple(r.claim_id for r in in_force if r.claim_id in now),
                tuple(r for r in in_force if r.claim_id not in now),
            )
        )
    return out


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


def _migrate_to_5(conn: sqlite3.Connection) -> None:
    """Version 4 lacked reviews: rebuild the claims table with each claim's stable id (from its
    article, place and mention), its review columns and an article id that may be NULL (an
    analyst's claim), then add the empty audit trail. Row ids and every value are kept."""
    conn.create_function("afmap_claim_uid", 5, claim_uid, deterministic=True)
    conn.execute(_claims_table("claims_v5"))
    conn.execute(
        f"INSERT INTO claims_v5 (id, {_CLAIM_SELECT}, uid) SELECT id, {_CLAIM_SELECT},"
        ' afmap_claim_uid(article_id, place, start, "end", ROW_NUMBER() OVER'
        ' (PARTITION BY article_id, place, start, "end" ORDER BY id) - 1) FROM claims'
    )
    conn.execute("DROP TABLE claims")
    conn.execute("ALTER TABLE claims_v5 RENAME TO claims")
    for statement in _REVIEW_STATEMENTS:
        conn.execute(statement)


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
    reviewed = _latest_reviews(conn, [article.id for article, _ in batch])
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
        shown = _insert_claims(conn, claims, reviewed.get(article.id, ()))
        conn.executemany(_ADD_DAY_SQL, _day_rows(shown))
        added += 1
    return added


_INSERT_CLAIM_SQL = (
    f"INSERT INTO claims ({_CLAIM_SELECT}, uid, review, review_id, extracted)"
    f" VALUES ({', '.join('?' for _ in range(len(_CLAIM_FIELDS) + 4))})"
)


def _insert_claims(
    conn: sqlite3.Connection, claims: Sequence[Claim], reviews: Sequence[Review]
) -> list[Claim]:
    """Insert one article's claims, each under its stable id; a claim that a review of the same
    article, place and mention was made on (``reviews``: the latest of each reviewed claim) takes
    that claim's id and reviewed values. Returns the claims the map counts (not rejected), as
    reviewed."""
    uids = claim_uids(claims)
    carried = (
        carry_over([(r.claim_id, r.place, r.start, r.end) for r in reviews], claims, uids)
        if reviews
        else {}
    )
    by_id = {r.claim_id: r for r in reviews}
    rows: list[list[Any]] = []
    shown: list[Claim] = []
    for i, (claim, uid) in enumerate(zip(claims, uids, strict=True)):
        review = by_id[carried[i]] if i in carried else None
        if review is None:
            rows.append([*_claim_to_row(claim), uid, "", None, None])
            shown.append(claim)
            continue
        extracted = Values.of(claim)
        after = _in_force(review.after, extracted)
        effective = _effective(claim, after)
        rows.append(
            [*_claim_to_row(effective), review.claim_id, after.state.value, review.id,
             extracted.to_json()]
        )
        if after.state is not ReviewState.REJECTED:
            shown.append(effective)
    conn.executemany(_INSERT_CLAIM_SQL, rows)
    return shown


def _in_force(after: Values, extracted: Values) -> Values:
    """The values a review leaves, on a claim the extractor now reads as ``extracted``: an undo
    back to "unreviewed" means whatever the extractor reads."""
    if after.state is ReviewState.UNREVIEWED:
        return extracted
    return after


def _effective(claim: Claim, values: Values) -> Claim:
    """``claim`` with reviewed values; an analyst's claim keeps its "article date" at its event
    date (it reports news, not an old event)."""
    out = values.apply(claim)
    if not claim.article_id:
        out = dataclasses.replace(out, article_date=out.event_date)
    return out


def _review_from_row(row: Sequence[Any]) -> Review:
    (rid, claim_id, article_id, at, reviewer, action, before, after, note, undoes, place, start,
     end) = row
    return Review(
        id=int(rid),
        claim_id=claim_id,
        article_id=article_id or "",
        at=dt.datetime.fromisoformat(at),
        by=reviewer,
        action=Action(action),
        before=None if before is None else Values.from_json(before),
        after=Values.from_json(after),
        note=note,
        undoes=undoes,
        place=place,
        start=int(start),
        end=int(end),
    )


def _latest_reviews(
    conn: sqlite3.Connection, article_ids: Sequence[str]
) -> dict[str, list[Review]]:
    """The latest review of each reviewed claim of these articles, by article."""
    rows = conn.execute(
        f"SELECT {_REVIEW_SELECT} FROM reviews WHERE id IN (SELECT MAX(id) FROM reviews"
        " WHERE article_id IN (SELECT value FROM json_each(?)) GROUP BY claim_id) ORDER BY id",
        (_json_list(article_ids),),
    ).fetchall()
    out: dict[str, list[Review]] = {}
    for row in rows:
        review = _review_from_row(row)
        out.setdefault(review.article_id, []).append(review)
    return out


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
_SHOWN = f"review != '{ReviewState.REJECTED.value}'"
"""The claims the map counts: every claim but the rejected ones."""


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
    """Recompute ``province_days`` from the claims the map counts (not rejected): for these
    (province, day) keys (after a removal or a review), or all of them (a migration)."""
    select = (
        f"SELECT {_CLAIM_SELECT}, COALESCE(article_id, uid) AS voice FROM claims"
        f" WHERE review != '{ReviewState.REJECTED.value}'"
    )
    if keys is None:
        conn.execute("DELETE FROM province_days")
        _fill_days(conn, conn.execute(select + " ORDER BY province, event_date, voice, id"))
        return
    for province, day in keys:
        conn.execute(
            "DELETE FROM province_days WHERE province = ? AND event_date = ?", (province, day)
        )
        rows = conn.execute(
            select + " AND province = ? AND event_date = ? ORDER BY voice, id",
            (province, day),
        )
        _fill_days(conn, rows)


def _fill_days(conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Add the day rows of claims read in (province, event_date, voice) order, a row being a
    claim's columns and its voice: its article, or for an analyst's claim the claim itself."""
    batch: list[Claim] = []
    key: tuple[str, str, str] | None = None
    for row in rows:
        claim = _claim_from_row(row[:-1])
        k = (claim.province, claim.event_date.isoformat(), row[-1])
        if k != key and batch:
            conn.executemany(_ADD_DAY_SQL, _day_rows(batch))
            batch = []
        key = k
        batch.append(claim)
    if batch:
        conn.executemany(_ADD_DAY_SQL, _day_rows(batch))


def _claim_to_row(claim: Claim) -> list[Any]:
    row = list(_GET_CLAIM_FIELDS(claim))
    if not row[_ARTICLE_POSITION]:
        row[_ARTICLE_POSITION] = None  # an analyst's claim
    for i in _DATE_POSITIONS:
        row[i] = row[i].isoformat()
    for i in _COORD_POSITIONS:
        if row[i] != row[i]:  # NaN
            row[i] = None
    return row


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "article_id": lambda v: v or "",
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


_REVIEW_WHERE: dict[str, str] = {
    "all": "",
    "unreviewed": "review = ''",
    "reviewed": "review IN (" + ", ".join(f"'{s.value}'" for s in REVIEWED_STATES) + ")",
    "rejected": f"review = '{ReviewState.REJECTED.value}'",
    "shown": f"review != '{ReviewState.REJECTED.value}'",
}
"""The review filter of the claim queries (geo.review.REVIEW_FILTERS, and ``shown``: every claim
the map counts, i.e. not rejected)."""


def _claim_filters(
    article_ids: Iterable[str] | None,
    provinces: Iterable[str] | None,
    statuses: Iterable[ControlStatus | str] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    review: str | None = None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if review is not None:
        if review not in _REVIEW_WHERE:
            raise ValueError(f"review={review!r}; use one of {sorted(_REVIEW_WHERE)}")
        if _REVIEW_WHERE[review]:
            clauses.append(_REVIEW_WHERE[review])
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
