"""Claims exports of any size, streamed from the store: CSV, GeoJSON and ACLED's layout.

Every claims export carries the claim's columns (`geo.types.CLAIM_COLUMNS`) and its article's
title, outlet and URL (`geo.pipeline.ARTICLE_COLUMNS`), then its id and review state
(`geo.analyst.REVIEW_COLUMNS`; the claim's values are the reviewed ones); the ACLED layout carries
the outlet as ``source``. The claims are read a page at a time
(`geo.store.Store.iter_claim_records`) and written as they come, so memory stays flat and a
progress callback can tell how far it got.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any, Final

from geo.acled import acled_rows, write_acled_csv
from geo.analyst import REVIEW_COLUMNS, record_row
from geo.pipeline import ARTICLE_COLUMNS, claims_frame, spreadsheet_safe, with_article_columns
from geo.types import CLAIM_COLUMNS, Claim

if TYPE_CHECKING:
    from geo.review import ClaimRecord
    from geo.store import Store

FORMATS: Final[tuple[str, ...]] = ("csv", "geojson", "acled")
"""What `export_claims` writes."""

CHUNK: Final = 5000
"""Claims read and written at a time."""

Progress = Callable[[int, int], None]
"""Called with (claims written so far, claims in all)."""


def export_claims(
    store: Store,
    out: IO[str],
    fmt: str,
    *,
    filters: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> int:
    """Write the claims matching ``filters`` to ``out`` as CSV, GeoJSON or ACLED CSV.

    Parameters
    ----------
    store
        Where the claims are.
    out
        A text stream (a file opened with ``newline=""``, or `io.StringIO`).
    fmt
        ``"csv"``, ``"geojson"`` or ``"acled"``.
    filters
        Keyword filters of `geo.store.Store.claims` (``provinces``, ``statuses``,
        ``date_from``, ``date_to``, ``article_ids``).
    progress
        Called after each page with (claims done, claims in all).
    chunk
        Claims per page.

    Returns
    -------
    int
        Claims written (for ``acled``: claims read; the rows are fewer, one per article,
        province and day).

    Raises
    ------
    ValueError
        An unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r}; use one of {', '.join(FORMATS)}")
    where = dict(filters or {})
    total = store.count_claims(**where)
    records = _with_progress(store.iter_claim_records(**where, chunk=chunk), total, progress)
    if fmt == "csv":
        return _write_csv(store, records, out)
    if fmt == "geojson":
        return _write_geojson(store, records, out)
    pages = ([record.claim for record in page] for page in records)
    counted = [0]
    outlets: dict[str, str] = {}

    def grouped() -> Iterator[Claim]:
        for page in _whole_articles(pages):
            counted[0] += len(page)
            unknown = {c.article_id for c in page if not c.sources}
            if unknown:
                outlets.update((k, v[1]) for k, v in store.article_refs(unknown).items())
            first: dict[str, int] = {}
            for i, c in enumerate(page):
                first.setdefault(c.article_id, i)
            yield from sorted(  # articles in stored order, each grouped by province and day
                page, key=lambda c: (first[c.article_id], c.province, c.event_date, c.start)
            )

    write_acled_csv(acled_rows(grouped(), outlets=outlets), out)
    return counted[0]


def export_text(store: Store, fmt: str, *, filters: Mapping[str, Any] | None = None) -> str:
    """`export_claims` into a string (for small exports)."""
    buf = io.StringIO()
    export_claims(store, buf, fmt, filters=filters)
    return buf.getvalue()


def _with_progress(
    pages: Iterator[list[ClaimRecord]], total: int, progress: Progress | None
) -> Iterator[list[ClaimRecord]]:
    done = 0
    for page in pages:
        yield page
        done += len(page)
        if progress is not None:
            progress(done, total)


def _whole_articles(pages: Iterator[list[Claim]]) -> Iterator[list[Claim]]:
    """Pages cut so that no article's claims are split between two (stored order keeps an
    article's claims together)."""
    carry: list[Claim] = []
    for page in pages:
        claims = carry + page
        if not claims:
            continue
        last = claims[-1].article_id
        cut = len(claims)
        while cut > 0 and claims[cut - 1].article_id == last:
            cut -= 1
        carry = claims[cut:]
        if cut:
            yield claims[:cut]
    if carry:
        yield carry


def _claims_page(store: Store, page: list[ClaimRecord]) -> Any:
    """One page of records as the export's table: claim, article and review columns."""
    claims = [record.claim for record in page]
    refs = store.article_refs({c.article_id for c in claims})
    frame = with_article_columns(claims_frame(claims), refs)
    reviews = [record_row(record) for record in page]
    for column in REVIEW_COLUMNS:
        frame[column] = [row[column] for row in reviews]
    return frame


def _write_csv(store: Store, pages: Iterator[list[ClaimRecord]], out: IO[str]) -> int:
    n = 0
    header = True
    for page in pages:
        frame = spreadsheet_safe(_claims_page(store, page))
        frame.to_csv(out, index=False, header=header, lineterminator="\n")
        header = False
        n += len(page)
    if header:  # no claim: the header alone
        out.write(",".join((*CLAIM_COLUMNS, *ARTICLE_COLUMNS, *REVIEW_COLUMNS)) + "\n")
    return n


def _write_geojson(store: Store, pages: Iterator[list[ClaimRecord]], out: IO[str]) -> int:
    """A FeatureCollection of points at the claims' places (EPSG:4326; null geometry without
    coordinates), one feature per line."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for page in pages:
        frame = _claims_page(store, page)
        for record in frame.to_dict("records"):
            lat, lon = record.pop("lat"), record.pop("lon")
            located = _finite(lat) and _finite(lon)
            feature = {
                "type": "Feature",
                "properties": record,
                "geometry": {"type": "Point", "coordinates": [lon, lat]} if located else None,
            }
            out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False,
                                                        default=str))
            n += 1
    out.write("\n]}\n")
    return n


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)
