"""The analyst's loop on the store: places by name, claim tables with their review state,
re-extraction that keeps every review, and reviews exported as evaluation truth files."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import ReviewError
from geo.gazetteer import Gazetteer
from geo.pipeline import Extractor, default_extractor, extract_claims
from geo.review import ClaimRecord, Review, ReviewState, Values
from geo.store import Replaced, Store
from geo.timeline import place_states
from geo.types import CLAIM_COLUMNS, Article, Claim, Place, PlaceKind

TRUTH_COLUMNS = ("place", "kind", "province", "status", "event_date", "evidence")
"""The header of an evaluation truth file (geo.evaluation reads it)."""

REVIEW_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "review",
    "reviewed_by",
    "reviewed_at",
    "review_note",
    "read_as",
)
"""What a claims table adds before :data:`geo.types.CLAIM_COLUMNS`: the claim's id, its review
state (``unreviewed``, ``confirmed``, ``corrected``, ``rejected``, ``added``), who and when
last, the note, and what the extractor read when a review changed it."""

_SUFFIX = re.compile(r"\s+(province|city)\s*$", re.IGNORECASE)


def resolve_place(name: str, gazetteer: Gazetteer, *, kind: PlaceKind | None = None) -> Place:
    """The capital or province an analyst names: any spelling; ``X province`` / ``X city`` say
    which (``Zaranj province`` is the province of Zaranj, Nimroz); a bare name shared by a
    capital and its province means ``kind`` if given, else the capital (DEFINITIONS: a bare
    shared name means the city).

    Examples
    --------
    >>> from geo.gazetteer import load_gazetteer
    >>> g = load_gazetteer()
    >>> [(p.name, p.kind.value) for p in (resolve_place("kondoz", g),
    ...   resolve_place("Kunduz province", g), resolve_place("Nimruz", g))]
    [('Kunduz', 'capital'), ('Kunduz', 'province'), ('Nimroz', 'province')]

    Raises
    ------
    ReviewError
        Not a name of one of the 34 provinces or their capitals.
    """
    text = " ".join(name.split())
    wanted = kind
    match = _SUFFIX.search(text)
    if match and gazetteer.lookup(text) is None:
        wanted = PlaceKind.PROVINCE if match.group(1).lower() == "province" else PlaceKind.CAPITAL
        text = text[: match.start()]
    entry = gazetteer.lookup(text) if text else None
    if entry is not None:
        first, second = (
            (entry.province, entry.capital)
            if wanted is PlaceKind.PROVINCE
            else (entry.capital, entry.province)
        )
        if match and wanted is PlaceKind.PROVINCE:  # "X province": never the city
            second = gazetteer.provinces[entry.capital.province] if entry.capital else None
        elif match:  # "X city": never the province
            second = None
        place = first or second
        if place is not None:
            return place
    raise ReviewError(
        f"{name!r} is not one of Afghanistan's 34 provinces or their capitals; write e.g. "
        "'Kunduz' (the city), 'Kunduz province', 'Pul-e Khumri' or 'Baghlan'"
    )


# --------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------


def record_row(record: ClaimRecord) -> dict[str, Any]:
    """One claim with its review state as a table row: :data:`REVIEW_COLUMNS`, then
    :data:`geo.types.CLAIM_COLUMNS` with the reviewed values."""
    latest = record.latest
    read_as = ""
    if record.extracted is not None and not record.extracted.same_reading(
        Values.of(record.claim)
    ):
        read_as = record.extracted.summary()
    row: dict[str, Any] = {
        "claim_id": record.claim_id,
        "review": record.state.label,
        "reviewed_by": latest.by if latest else "",
        "reviewed_at": latest.at.isoformat() if latest else "",
        "review_note": latest.note if latest else "",
        "read_as": read_as,
    }
    claim = record.claim
    for column in CLAIM_COLUMNS:
        value = getattr(claim, column)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        row[column] = value
    return row


def records_frame(records: Sequence[ClaimRecord]) -> Any:
    """Claims with their review state as a DataFrame (:func:`record_row` columns)."""
    import pandas as pd

    columns = [*REVIEW_COLUMNS, *CLAIM_COLUMNS]
    return pd.DataFrame([record_row(r) for r in records], columns=columns)


REVIEW_TRAIL_COLUMNS: tuple[str, ...] = (
    "review_id",
    "at",
    "by",
    "claim_id",
    "article_id",
    "action",
    "before",
    "after",
    "state",
    "note",
    "undoes",
)
"""The audit trail as a table: one row per review."""


def review_row(review: Review) -> dict[str, Any]:
    """One review as a row of :data:`REVIEW_TRAIL_COLUMNS` (values before and after as text)."""
    return {
        "review_id": review.id,
        "at": review.at.isoformat(),
        "by": review.by,
        "claim_id": review.claim_id,
        "article_id": review.article_id,
        "action": review.action.value,
        "before": review.before.summary() if review.before is not None else "",
        "after": review.after.summary(),
        "state": review.after.state.label,
        "note": review.note,
        "undoes": str(review.undoes) if review.undoes is not None else "",
    }


def review_record(review: Review) -> dict[str, Any]:
    """One review as a JSON object: the row, with the values before and after as objects."""
    import json

    row = review_row(review)
    row["before"] = json.loads(review.before.to_json()) if review.before is not None else None
    row["after"] = json.loads(review.after.to_json())
    row["undoes"] = review.undoes
    row["mention"] = {"place": review.place, "start": review.start, "end": review.end}
    return row


# --------------------------------------------------------------------------------------------
# re-extraction
# --------------------------------------------------------------------------------------------


@dataclass
class ReextractReport:
    """What :func:`reextract` did."""

    articles: int = 0
    claims_before: int = 0
    claims_after: int = 0
    carried: int = 0
    lost: list[Review] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: articles, claims before and after, reviews carried and lost."""
        return (
            f"{self.articles:,} articles re-read, {self.claims_before:,} claims before, "
            f"{self.claims_after:,} after; {self.carried:,} reviewed claims carried over, "
            f"{len(self.lost):,} no longer match a claim, {len(self.failed):,} failed"
        )


def reextract(
    store: Store,
    extractor: Extractor | None = None,
    *,
    workers: int = 1,
    batch_size: int = 200,
    on_error: Callable[[str], None] | None = None,
) -> ReextractReport:
    """Read every stored article again with the current extractor and put its claims in place
    of the stored ones, keeping each review on the claim of the same article, place and mention.

    Parameters
    ----------
    store
        The store; one transaction per ``batch_size`` articles, so an interrupted run leaves
        whole articles, each with its old or its new claims.
    extractor
        The extractor (default: the shipped one).
    workers
        Extraction processes (1: in this process).
    batch_size
        Articles per transaction.
    on_error
        Told of each article whose extraction failed (its stored claims are kept).
    """
    ex = extractor or default_extractor()
    report = ReextractReport()
    for batch, results in _extracted(store.iter_articles(batch_size), ex, workers):
        items: list[tuple[str, Sequence[Claim]]] = []
        for article, claims in zip(batch, results, strict=True):
            if isinstance(claims, str):
                report.failed.append(claims)
                if on_error is not None:
                    on_error(claims)
                continue
            items.append((article.id, claims))
        for done in store.replace_claims(items, batch_size=max(1, len(items))):
            _count(report, done)
    return report


def _count(report: ReextractReport, done: Replaced) -> None:
    report.articles += 1
    report.claims_before += done.claims_before
    report.claims_after += done.claims_after
    report.carried += len(done.carried)
    report.lost.extend(done.lost)


def _extracted(
    batches: Iterable[list[Article]], ex: Extractor, workers: int
) -> Iterator[tuple[list[Article], list[list[Claim] | str]]]:
    """Each batch of articles with, per article, its claims or an error; with ``workers > 1`` in
    worker processes (a few batches in flight, results in order)."""
    if workers <= 1:
        for batch in batches:
            yield batch, [_extract_one(a, ex) for a in batch]
        return
    import multiprocessing

    from geo.ingest import _init_worker, decode_claim, extract_batch

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
    )
    try:
        pending: list[tuple[list[Article], Future[list[Any]]]] = []
        for batch in batches:
            pending.append((batch, pool.submit(extract_batch, batch)))
            if len(pending) > 2 * workers:
                head, future = pending.pop(0)
                yield head, _decoded(future.result(), decode_claim)
        for head, future in pending:
            yield head, _decoded(future.result(), decode_claim)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _decoded(results: list[Any], decode: Callable[[Any], Claim]) -> list[list[Claim] | str]:
    return [r if isinstance(r, str) else [decode(c) for c in r] for r in results]


def _extract_one(article: Article, ex: Extractor) -> list[Claim] | str:
    try:
        return extract_claims(article, ex)
    except Exception as exc:  # one bad article never stops the rest
        return f"{article.source}: extraction failed ({type(exc).__name__}: {exc})"


# --------------------------------------------------------------------------------------------
# reviews as evaluation truth
# --------------------------------------------------------------------------------------------


@dataclass
class TruthExport:
    """What :func:`export_truth` wrote."""

    folder: Path
    articles: int = 0
    rows: int = 0
    files: list[Path] = field(default_factory=list)


def truth_rows(records: Sequence[ClaimRecord]) -> list[dict[str, str]]:
    """An article's truth file rows from its claims as reviewed: the final state of each place
    (:func:`geo.timeline.place_states`) over its claims with corrections applied and rejected
    claims left out; claims nobody reviewed count as the extractor read them.

    Examples
    --------
    >>> rows = truth_rows([])
    >>> rows
    []
    """
    shown = [
        # a corrected claim is the analyst's word on the place, not a name that only locates
        # its capital (which would take the capital's state)
        dataclasses.replace(r.claim, via="name")
        if r.state is ReviewState.CORRECTED and r.claim.via == "locator"
        else r.claim
        for r in records
        if r.state is not ReviewState.REJECTED
    ]
    rows = []
    for state in place_states(shown):
        rows.append(
            {
                "place": state.place,
                "kind": state.kind.value,
                "province": state.province,
                "status": state.status.value,
                "event_date": state.event_date.isoformat(),
                "evidence": " ".join(state.claim.evidence.split()),
            }
        )
    return rows


def truth_csv(rows: Iterable[dict[str, str]]) -> str:
    """Truth rows as the CSV :func:`geo.evaluation.read_truth` reads."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(TRUTH_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def article_file(article: Article) -> str:
    """The article as a ``.txt`` file (``date YYYY-MM-DD`` line, then its text): read back, it
    is the same article, with the same id."""
    return f"date {article.date.isoformat()}\n{article.text}"


def export_truth(store: Store, folder: Path) -> TruthExport:
    """Write each article with a review in force as ``<date>_<article id>.txt`` and its truth
    file ``<date>_<article id>.csv`` (:func:`truth_rows`) into ``folder``, so that
    ``python -m geo evaluate FOLDER FOLDER`` scores the extractor on the analysts' reviews.

    Analysts' own claims have no article and are not exported.

    Raises
    ------
    ReviewError
        ``folder`` exists and is not an empty folder (nothing is written), or cannot be
        written.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ReviewError(
            f"{folder}: exists and is not an empty folder; export into a new or empty folder so "
            "that no other file is scored with the reviews"
        )
    out = TruthExport(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for article_id in store.reviewed_article_ids():
            article = store.article(article_id)
            if article is None:
                continue
            records = store.claim_records(article_ids=[article_id], order="start")
            if not any(r.latest is not None and r.state is not ReviewState.UNREVIEWED
                       for r in records):
                continue  # every review of it was undone
            rows = truth_rows(records)
            stem = f"{article.date.isoformat()}_{article.id}"
            text_path, truth_path = folder / f"{stem}.txt", folder / f"{stem}.csv"
            text_path.write_text(article_file(article), encoding="utf-8")
            truth_path.write_text(truth_csv(rows), encoding="utf-8")
            out.files.extend([text_path, truth_path])
            out.articles += 1
            out.rows += len(rows)
    except OSError as exc:
        raise ReviewError(f"{folder}: cannot write the export ({exc.strerror or exc})") from None
    return out
