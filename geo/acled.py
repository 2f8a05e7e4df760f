"""ACLED in and out: rows of an ACLED export -> claims, and claims -> rows in ACLED's layout.

ACLED (the Armed Conflict Location & Event Data project) codes one event per row: a date, a
type (``event_type`` and its ``sub_event_type``), the actors, the place (``admin1`` is the
province) and a ``notes`` summary from its ``source``. `iter_acled` turns each row into an
article of its own (``source`` ``acled:<file>``, ``outlet`` the ACLED source) with one claim
(``via`` ``acled``), so ACLED's events sit on the map beside the claims read from texts.
`acled_rows` writes claims back in ACLED's columns, one row per article, province and day (the
article's voice that day, as the timeline counts it), so the output merges with ACLED data and
imports again to the same province statuses.

The status of a row (`row_status`):

========================================  ======================================================
``sub_event_type``                        status
========================================  ======================================================
Non-state actor overtakes territory,      the side of ``actor1``: ``taliban`` for the Taliban
Government regains territory,             (and the Afghan state's forces from Aug 2021),
Non-violent transfer of territory         ``government`` for the Republic's forces and their
                                          allies, else ``reported``
Armed clash                               ``contested``
anything else                             ``reported``
========================================  ======================================================

A ``tags`` entry ``afmap status=<status>`` (which `acled_rows` writes only where the event type
alone would give another status) decides instead, and ``afmap article date=<YYYY-MM-DD>`` gives
the date of the article that reported the event (else the event date).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from geo.articles import article_id
from geo.formats import iter_table_rows, parse_date
from geo.gazetteer import Gazetteer
from geo.text import spreadsheet_cell
from geo.timeline import DISPUTED, HOLD_GOVERNMENT, HOLD_TALIBAN, article_voice, voice
from geo.types import (
    Actor,
    Article,
    Claim,
    ControlStatus,
    DatePrecision,
    EventType,
    PlaceKind,
)

if TYPE_CHECKING:
    from geo.store import Store

ACLED_COLUMNS: Final[tuple[str, ...]] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""The columns of an ACLED export, in its order (what ``--format acled`` writes)."""

REQUIRED_COLUMNS: Final[tuple[str, ...]] = ("event_id_cnty", "event_date", "sub_event_type",
                                            "admin1")
"""Columns an ACLED file must have to be imported; the others are used when present."""

ACLED_ADMIN1: Final[dict[str, str]] = {
    "Nimroz": "Nimruz",
    "Paktia": "Paktya",
    "Sar-e Pol": "Sar-e-Pul",
}
"""Our province name -> ACLED's ``admin1`` spelling, where they differ (the other 31 are the same).
Reading, every spelling the gazetteer knows is accepted too."""

EVENT_TYPE_OF: Final[dict[str, str]] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Non-violent transfer of territory": "Strategic developments",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Other": "Strategic developments",
}
"""ACLED's sub-event types (those of political violence and strategic developments) and the
event type each belongs to."""

DISORDER_OF: Final[dict[str, str]] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
}

TERRITORY: Final = frozenset({EventType.OVERTAKES, EventType.REGAINS, EventType.TRANSFER})

ACTOR_NAMES: Final[dict[Actor, str]] = {
    Actor.TALIBAN: "Taliban",
    Actor.GOVERNMENT: "Military Forces of Afghanistan (2004-2021)",
    Actor.ANTI_TALIBAN: "NRF: National Resistance Front",
    Actor.FOREIGN: "Military Forces of the United States (2001-2021)",
    Actor.ISLAMIC_STATE: "Islamic State (Afghanistan)",
    Actor.UNKNOWN: "",
}
"""The ACLED actor name written for each side (ACLED's names for Afghanistan)."""

_ACTOR_PATTERNS: Final[tuple[tuple[re.Pattern[str], Actor], ...]] = (
    (re.compile(r"taliban|islamic emirate", re.I), Actor.TALIBAN),
    # The Afghan state's forces from Aug 2021 (and 1996-2001) are the Taliban's.
    (re.compile(r"(?:forces|government) of afghanistan \((?:2021|1996)", re.I), Actor.TALIBAN),
    (re.compile(r"islamic state|\bisis\b|\bisk\b|khorasan|daesh", re.I), Actor.ISLAMIC_STATE),
    (re.compile(r"national resistance front|\bnrf\b|northern alliance|uprising|resistance",
                re.I), Actor.ANTI_TALIBAN),
    (re.compile(r"united states|\bnato\b|coalition|international|united kingdom", re.I),
     Actor.FOREIGN),
    (re.compile(r"(?:forces|government|police) of afghanistan|afghan (?:army|police|forces)",
                re.I), Actor.GOVERNMENT),
)

_PRECISION_OF: Final[dict[str, DatePrecision]] = {
    "1": DatePrecision.DAY,
    "2": DatePrecision.WEEK,
    "3": DatePrecision.MONTH,
}
_TIME_PRECISION: Final[dict[DatePrecision, str]] = {
    DatePrecision.DAY: "1",
    DatePrecision.WEEK: "2",
    DatePrecision.ARTICLE: "2",  # on or shortly before the article date
    DatePrecision.MONTH: "3",
    DatePrecision.YEAR: "3",
}
_IMPLIED: Final[dict[ControlStatus, EventType]] = {
    ControlStatus.TALIBAN: EventType.OVERTAKES,
    ControlStatus.GOVERNMENT: EventType.REGAINS,
    ControlStatus.CONTESTED: EventType.CLASH,
}
_TAG_RE = re.compile(r"afmap (?P<key>status|article date)\s*=\s*(?P<value>[^;]+)", re.I)
_ACLED_ID_RE = re.compile(r"^ACLED event (?P<id>\S+)")
_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y")
VIA = "acled"
"""``Claim.via`` of the claims imported from ACLED."""


@dataclass(frozen=True, slots=True)
class AcledResult:
    """One row of an ACLED file: its article and claim, or a one-line error naming it."""

    source: str
    article: Article | None
    claims: tuple[Claim, ...] = ()
    error: str | None = None
    warnings: tuple[str, ...] = ()


def actor_of(name: str) -> Actor:
    """The side an ACLED actor name stands for.

    Examples
    --------
    >>> actor_of("Taliban"), actor_of("Military Forces of Afghanistan (2004-2021)")
    (<Actor.TALIBAN: 'taliban'>, <Actor.GOVERNMENT: 'government'>)
    >>> actor_of("Military Forces of Afghanistan (2021-)"), actor_of("Unidentified Armed Group")
    (<Actor.TALIBAN: 'taliban'>, <Actor.UNKNOWN: 'unknown'>)
    """
    for pattern, actor in _ACTOR_PATTERNS:
        if pattern.search(name):
            return actor
    return Actor.UNKNOWN


def row_status(sub_event_type: str, actor1: str, tags: str = "") -> ControlStatus:
    """The control status an ACLED row says (see the module docstring).

    Examples
    --------
    >>> row_status("Non-state actor overtakes territory", "Taliban")
    <ControlStatus.TALIBAN: 'taliban'>
    >>> row_status("Government regains territory", "Police Forces of Afghanistan (2004-2021)")
    <ControlStatus.GOVERNMENT: 'government'>
    >>> row_status("Armed clash", "Taliban"), row_status("Air/drone strike", "Taliban")
    (<ControlStatus.CONTESTED: 'contested'>, <ControlStatus.REPORTED: 'reported'>)
    >>> row_status("Air/drone strike", "x", "afmap status=contested")
    <ControlStatus.CONTESTED: 'contested'>
    """
    tagged = _tags(tags).get("status")
    if tagged:
        try:
            status = ControlStatus(tagged.strip().lower())
        except ValueError:
            status = None
        if status is not None and status is not ControlStatus.NO_REPORT:
            return status
    kind = _event_type(sub_event_type)
    if kind in TERRITORY:
        side = actor_of(actor1).side
        if side == "taliban":
            return ControlStatus.TALIBAN
        if side == "government":
            return ControlStatus.GOVERNMENT
        return ControlStatus.REPORTED
    if kind is EventType.CLASH:
        return ControlStatus.CONTESTED
    return ControlStatus.REPORTED


def iter_acled(
    file: Path | bytes,
    *,
    source: str,
    gazetteer: Gazetteer,
    today: dt.date | None = None,
) -> Iterator[AcledResult]:
    """Read an ACLED export (CSV, streamed): one article and claim per row.

    Parameters
    ----------
    file
        A path, or the bytes of an upload.
    source
        Its name: rows are ``source:row N`` (spreadsheet numbering, header = row 1) in messages,
        and the articles' ``source`` is ``acled:<file name>``.
    gazetteer
        For ``admin1`` (any spelling of a province) and ``location`` (a provincial capital).
    today
        Events after this day are refused; default today.

    Yields
    ------
    AcledResult
        One per non-blank row; one error for a file that is not an ACLED export.
    """
    limit = dt.date.today() if today is None else today
    origin = f"acled:{Path(source.removeprefix('upload:')).name}"
    for row in iter_table_rows(file, source=source, required=REQUIRED_COLUMNS):
        if row.cells is None:
            yield AcledResult(row.source, None, (), row.error, row.warnings)
            continue
        cells = {k.strip().lower(): v.strip() for k, v in row.cells.items()}
        try:
            article, claim = _row_claim(cells, gazetteer=gazetteer, origin=origin, today=limit)
        except ValueError as exc:
            yield AcledResult(row.source, None, (), f"{row.source}: {exc}", row.warnings)
            continue
        yield AcledResult(row.source, article, (claim,), None, row.warnings)


def _row_claim(
    cells: Mapping[str, str], *, gazetteer: Gazetteer, origin: str, today: dt.date
) -> tuple[Article, Claim]:
    """The article and claim of one ACLED row; ValueError with the reason for a bad row."""
    event_id = cells.get("event_id_cnty", "")
    if not event_id:
        raise ValueError("no event_id_cnty; every ACLED row has one")
    country = cells.get("country", "")
    if country and country.casefold() != "afghanistan":
        raise ValueError(f"is an event in {country!r}; only Afghanistan's are mapped")
    raw_date = cells.get("event_date", "")
    date = _acled_date(raw_date)
    if date is None:
        raise ValueError(
            f"event_date {raw_date[:40]!r} is not a date (YYYY-MM-DD or '10 August 2021')"
        )
    if date > today:
        raise ValueError(f"event_date {date.isoformat()} is in the future")
    sub = cells.get("sub_event_type", "")
    if not sub:
        raise ValueError("no sub_event_type")
    admin1 = cells.get("admin1", "")
    province = _province(admin1, gazetteer)
    if province is None:
        known = ", ".join(sorted(ACLED_ADMIN1.get(p, p) for p in gazetteer.provinces))
        raise ValueError(
            f"admin1 {admin1!r} is not one of Afghanistan's 34 provinces (ACLED's: {known})"
        )
    location = cells.get("location", "")
    capital = gazetteer.capitals.get(province)
    entry = gazetteer.lookup(location) if location else None
    if capital is not None and entry is not None and entry.capital is capital:
        place, kind = capital, PlaceKind.CAPITAL
    else:
        place, kind = gazetteer.provinces[province], PlaceKind.PROVINCE
    lat, lon = _coordinate(cells.get("latitude")), _coordinate(cells.get("longitude"))
    if math.isnan(lat) or math.isnan(lon):
        lat, lon = place.lat, place.lon
    tags = _tags(cells.get("tags", ""))
    article_date = parse_date(tags.get("article date", "")) or date
    if article_date < date or article_date > today:
        article_date = date
    actor1 = cells.get("actor1", "")
    actor2 = cells.get("actor2", "")
    outlet = " ".join(cells.get("source", "").split())
    notes = cells.get("notes", "")
    where = ", ".join(dict.fromkeys(x for x in (location, cells.get("admin2", ""), admin1) if x))
    title = f"ACLED {event_id}: {sub} in {where}"
    text = f"{title}\n\n{notes}\n" if notes else f"{title}\n"
    start = len(f"ACLED {event_id}: {sub} in ")
    surface = location or admin1
    art = Article(
        id=article_id(article_date, text),
        date=article_date,
        title=title,
        text=text,
        source=origin,
        outlet=outlet,
    )
    event_type = _event_type(sub)
    precision = _PRECISION_OF.get(cells.get("time_precision", ""), DatePrecision.DAY)
    claim = Claim(
        article_id=art.id,
        article_date=article_date,
        place=place.name,
        kind=kind,
        province=province,
        iso_3166_2=place.iso_3166_2,
        status=row_status(sub, actor1, cells.get("tags", "")),
        event_date=date,
        date_precision=precision,
        claimant=outlet,
        evidence=notes or title,
        cues=f"ACLED: {sub}",
        start=start,
        end=start + len(surface),
        surface=surface,
        via=VIA,
        note=f"ACLED event {event_id}" + (f" ({actor1} vs {actor2})" if actor2 else ""),
        actor=actor_of(actor1),
        actor_text=actor1,
        event_type=event_type,
        sources=outlet,
        lat=lat,
        lon=lon,
    )
    return art, claim


def _province(admin1: str, gazetteer: Gazetteer) -> str | None:
    if not admin1:
        return None
    acled = {v.casefold(): k for k, v in ACLED_ADMIN1.items()}
    if admin1.casefold() in acled:
        return acled[admin1.casefold()]
    entry = gazetteer.lookup(admin1)
    if entry is not None and entry.province is not None:
        return entry.province.province
    return None


def _event_type(sub: str) -> EventType:
    try:
        return EventType(sub.strip())
    except ValueError:
        return EventType.OTHER


def _acled_date(value: str) -> dt.date | None:
    """ACLED's event dates: ISO (the API, new exports) or "10 August 2021" (older exports).

    Examples
    --------
    >>> _acled_date("2021-08-10"), _acled_date("10 August 2021"), _acled_date("10-Aug-21")
    (datetime.date(2021, 8, 10), datetime.date(2021, 8, 10), datetime.date(2021, 8, 10))
    """
    found = parse_date(value)
    if found is not None:
        return found
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _coordinate(value: str | None) -> float:
    try:
        number = float(value) if value else math.nan
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def _tags(value: str) -> dict[str, str]:
    return {m["key"].lower(): m["value"].strip() for m in _TAG_RE.finditer(value or "")}


# --- out -----------------------------------------------------------------------------------------


def acled_rows(
    claims: Iterable[Claim], *, outlets: Mapping[str, str] | None = None
) -> Iterator[dict[str, str]]:
    """Claims as ACLED rows: one per article, province and event day (its voice that day).

    Claims must come grouped by article, province and event date (in any order within a group),
    as ``Store.iter_claims(order="article_id, province, event_date, start")`` or one article's
    claims give them. Each group is one event as the timeline counts it: the article's last
    outcome that day (by position in the text), else its fighting, else a mention. The row's
    ``sub_event_type`` is the deciding claim's ``event_type`` when ACLED's reading of it gives the
    same status (`row_status`); otherwise the type that status implies (``Non-state actor
    overtakes territory`` by the Taliban, ``Government regains territory``, ``Armed clash``,
    ``Other``), or, for a claim typed otherwise (an air strike on a contested city), its own type
    with the status kept in ``tags`` (``afmap status=contested``). ``admin1`` is the province in
    ACLED's spelling; ``geo_precision`` 1 for a capital, 3 for a province;
    ``time_precision`` 1 for a day, 2 for a week (or only the article date), 3 for a month or
    year.

    Parameters
    ----------
    claims
        Grouped claims.
    outlets
        Article id -> outlet, for claims without ``sources``.

    Yields
    ------
    dict[str, str]
        Rows with the keys of `ACLED_COLUMNS`.
    """
    group: list[Claim] = []
    key: tuple[str, str, dt.date] | None = None
    for claim in claims:
        k = (claim.article_id, claim.province, claim.event_date)
        if k != key and group:
            yield _acled_row(group, outlets or {})
            group = []
        key = k
        group.append(claim)
    if group:
        yield _acled_row(group, outlets or {})


_HOLDS = (HOLD_TALIBAN, HOLD_GOVERNMENT)


def _acled_row(group: list[Claim], outlets: Mapping[str, str]) -> dict[str, str]:
    decided = article_voice(
        (c.start, v) for c in group if (v := voice(c.status, c.event_type)) is not None
    )
    deciding = group[0]
    status = deciding.status
    event = deciding.event_type
    if decided is not None:
        by_position = sorted(group, key=lambda c: c.start, reverse=True)
        deciding = next(
            (c for c in by_position if voice(c.status, c.event_type) == decided), by_position[0]
        )
        status, event = deciding.status, deciding.event_type
        if decided == DISPUTED and voice(status, event) != DISPUTED:
            # both sides' holds in one text: a dispute, written as a contested takeover
            status, event = ControlStatus.CONTESTED, EventType.OVERTAKES
    actor = deciding.actor
    if actor is Actor.UNKNOWN:
        actor = {ControlStatus.TALIBAN: Actor.TALIBAN,
                 ControlStatus.GOVERNMENT: Actor.GOVERNMENT,
                 ControlStatus.CONTESTED: Actor.TALIBAN}.get(status, Actor.UNKNOWN)
    actor1 = ACTOR_NAMES[actor]
    if event is EventType.OTHER and decided not in _HOLDS:  # untyped: the type the status implies
        event = _IMPLIED.get(status, EventType.OTHER)
    sub = event.value
    tags = []
    if row_status(sub, actor1) is not status:
        tags.append(f"afmap status={status.value}")
    if deciding.article_date != deciding.event_date:
        tags.append(f"afmap article date={deciding.article_date.isoformat()}")
    actor2 = ""
    if sub == EventType.CLASH.value:
        actor2 = ACTOR_NAMES[Actor.GOVERNMENT] if actor is not Actor.GOVERNMENT else "Taliban"
    event_type = EVENT_TYPE_OF.get(sub, "Strategic developments")
    match = _ACLED_ID_RE.match(deciding.note) if deciding.via == VIA else None
    event_id = match["id"] if match else (
        f"AFMAP-{deciding.article_id}-{deciding.iso_3166_2}-{deciding.event_date:%Y%m%d}"
    )
    capital = deciding.kind is PlaceKind.CAPITAL
    lat, lon = deciding.lat, deciding.lon
    return {
        "event_id_cnty": event_id,
        "event_date": deciding.event_date.isoformat(),
        "year": str(deciding.event_date.year),
        "time_precision": _TIME_PRECISION[deciding.date_precision],
        "disorder_type": DISORDER_OF[event_type],
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": "",
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": "",
        "interaction": "",
        "civilian_targeting": "",
        "iso": "4",
        "region": "",
        "country": "Afghanistan",
        "admin1": ACLED_ADMIN1.get(deciding.province, deciding.province),
        "admin2": "",
        "admin3": "",
        "location": deciding.place if capital else deciding.province,
        "latitude": "" if math.isnan(lat) else f"{lat:.4f}",
        "longitude": "" if math.isnan(lon) else f"{lon:.4f}",
        "geo_precision": "1" if capital else "3",
        "source": deciding.sources or outlets.get(deciding.article_id, ""),
        "source_scale": "",
        "notes": deciding.evidence,
        "fatalities": "",
        "tags": "; ".join(tags),
        "timestamp": "",
    }


def write_acled_csv(
    rows: Iterable[Mapping[str, str]], out: IO[str], *, every: int = 0,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ACLED rows as CSV (ACLED's columns, header first); return how many rows.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe, as in every
    other export. ``progress`` is called with the count every ``every`` rows.
    """
    writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(
            {k: spreadsheet_cell(v) for k, v in row.items()}
        )
        n += 1
        if progress is not None and every and n % every == 0:
            progress(n)
    return n


@dataclass(frozen=True, slots=True)
class AcledReport:
    """What one ACLED import did: rows read, new, already stored, failed, and the statuses."""

    n_read: int
    n_new: int
    n_skipped: int
    n_failed: int
    statuses: tuple[tuple[str, int], ...] = ()
    errors: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line.

        Examples
        --------
        >>> print(AcledReport(5, 3, 1, 1, (("taliban", 2), ("contested", 1))).summary())
        5 rows read, 3 new, 1 skipped (already stored), 1 failed; new claims: taliban 2, contested 1
        """
        said = ", ".join(f"{status} {n}" for status, n in self.statuses) or "none"
        return (
            f"{self.n_read} rows read, {self.n_new} new, {self.n_skipped} skipped (already "
            f"stored), {self.n_failed} failed; new claims: {said}"
        )


def import_acled(
    results: Iterable[AcledResult],
    store: Store,
    *,
    batch_size: int = 500,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> AcledReport:
    """Store the rows `iter_acled` read, ``batch_size`` per transaction; rows already stored (the
    same event, date and notes) are skipped, so importing a file again adds nothing.

    Parameters
    ----------
    results
        From `iter_acled`.
    store
        The store (`geo.store.Store`).
    batch_size
        Rows per transaction.
    on_error, on_warning
        Called with each one-line message.
    """
    n_read = n_new = n_skipped = n_failed = 0
    errors: list[str] = []
    statuses: dict[str, int] = {}
    batch: list[tuple[Article, tuple[Claim, ...]]] = []

    def flush() -> None:
        nonlocal n_new, n_skipped, batch
        if not batch:
            return
        known = store.known_ids(a.id for a, _ in batch)
        fresh = {a.id: (a, c) for a, c in batch if a.id not in known}
        added = store.add_many(fresh.values(), batch_size=max(1, len(fresh)))
        n_new += added
        n_skipped += len(batch) - added
        for _, claims in fresh.values():
            for claim in claims:
                statuses[claim.status.value] = statuses.get(claim.status.value, 0) + 1
        batch = []

    for result in results:
        for message in result.warnings:
            if on_warning is not None:
                on_warning(message)
        n_read += 1
        if result.article is None:
            n_failed += 1
            message = result.error or f"{result.source}: cannot be read"
            if len(errors) < 1000:
                errors.append(message)
            if on_error is not None:
                on_error(message)
            continue
        batch.append((result.article, result.claims))
        if len(batch) >= batch_size:
            flush()
    flush()
    order = [s.value for s in ControlStatus]
    return AcledReport(
        n_read, n_new, n_skipped, n_failed,
        tuple(sorted(statuses.items(), key=lambda kv: order.index(kv[0]))), tuple(errors),
    )
