"""Analyst reviews of claims: states, values before and after, claim identity, carry-over; pure.

A review confirms, rejects or corrects one claim (its status, place or event date), or undoes the
latest review still in force; an analyst may also add a claim that no article makes. Reviews are
never edited: each one is a new row of the audit trail holding the claim's reviewable values
before and after it (:class:`Values`), so the claim's state is the ``after`` of its latest review.

A claim's id is stable: its article's id and a hash of its place and its mention (the span of text
it was read from), so a re-extraction or a re-added article gives the same claim the same id, and
its reviews stay attached (:func:`carry_over` also follows a mention whose span moved a little).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from geo.errors import ReviewError
from geo.types import Claim, ControlStatus, DatePrecision, Place, PlaceKind


class ReviewState(StrEnum):
    """Where a claim stands after its latest review."""

    UNREVIEWED = ""
    CONFIRMED = "confirmed"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    ADDED = "added"
    """An analyst's claim, which no article makes."""

    @property
    def label(self) -> str:
        """``unreviewed``, ``confirmed``, ... (never empty)."""
        return self.value or "unreviewed"


class Action(StrEnum):
    """What one review did."""

    CONFIRM = "confirm"
    REJECT = "reject"
    CORRECT = "correct"
    UNDO = "undo"
    ADD = "add"


REVIEW_FILTERS: tuple[str, ...] = ("all", "unreviewed", "reviewed", "rejected")
"""The claim lists' review filter: every claim, never reviewed (or back to unreviewed by an undo),
confirmed, corrected or added by an analyst, rejected."""

REVIEWED_STATES: tuple[ReviewState, ...] = (
    ReviewState.CONFIRMED,
    ReviewState.CORRECTED,
    ReviewState.ADDED,
)

REVIEWABLE_STATUSES: tuple[ControlStatus, ...] = (
    ControlStatus.TALIBAN,
    ControlStatus.CONTESTED,
    ControlStatus.GOVERNMENT,
    ControlStatus.REPORTED,
)

MAX_NAME = 80
"""Longest reviewer name kept."""
MAX_NOTE = 2000
"""Longest review note kept."""
ANALYST_VIA = "analyst"
"""``Claim.via`` of an analyst's claim."""

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The NaN objects Claim uses as defaults: every unknown coordinate is the very same object, so
# values and claims without coordinates compare equal (NaN != NaN, but dataclass equality compares
# field tuples, which treat identical objects as equal).
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Claim)}
_NAN_LAT: float = _DEFAULTS["lat"] if isinstance(_DEFAULTS["lat"], float) else math.nan
_NAN_LON: float = _DEFAULTS["lon"] if isinstance(_DEFAULTS["lon"], float) else math.nan
_CLAIM_ID = re.compile(r"[0-9a-f]{4,16}(?:-[0-9a-f]{0,10})?|analyst-[0-9a-f]{0,16}")
SUFFIX_DIGITS = 10
"""Hex digits of the hash after the article id in a claim id (40 bits: two claims of one article
get the same id with odds of about one in 10^10)."""


# --------------------------------------------------------------------------------------------
# values before and after
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Values:
    """A claim's reviewable values and its review state: what a review reads and writes."""

    state: ReviewState
    status: ControlStatus
    place: str
    kind: PlaceKind
    province: str
    iso_3166_2: str
    event_date: dt.date
    date_precision: DatePrecision
    lat: float = _NAN_LAT
    lon: float = _NAN_LON

    def __post_init__(self) -> None:
        if math.isnan(self.lat):
            object.__setattr__(self, "lat", _NAN_LAT)
        if math.isnan(self.lon):
            object.__setattr__(self, "lon", _NAN_LON)

    @classmethod
    def of(cls, claim: Claim, state: ReviewState = ReviewState.UNREVIEWED) -> Values:
        """The values a claim carries now, in ``state``."""
        return cls(
            state,
            claim.status,
            claim.place,
            claim.kind,
            claim.province,
            claim.iso_3166_2,
            claim.event_date,
            claim.date_precision,
            claim.lat,
            claim.lon,
        )

    def apply(self, claim: Claim) -> Claim:
        """``claim`` with these values (its evidence, claimant and mention unchanged)."""
        return dataclasses.replace(
            claim,
            status=self.status,
            place=self.place,
            kind=self.kind,
            province=self.province,
            iso_3166_2=self.iso_3166_2,
            event_date=self.event_date,
            date_precision=self.date_precision,
            lat=self.lat,
            lon=self.lon,
        )

    def with_state(self, state: ReviewState) -> Values:
        """The same values in another state."""
        return dataclasses.replace(self, state=state)

    def same_reading(self, other: Values) -> bool:
        """True when status, place and event date are the same (the state may differ)."""
        return (self.status, self.place, self.kind, self.event_date) == (
            other.status, other.place, other.kind, other.event_date
        )

    def to_json(self) -> str:
        """One JSON object (NaN coordinates as null), for the audit trail."""
        return json.dumps(
            {
                "state": self.state.value,
                "status": self.status.value,
                "place": self.place,
                "kind": self.kind.value,
                "province": self.province,
                "iso_3166_2": self.iso_3166_2,
                "event_date": self.event_date.isoformat(),
                "date_precision": self.date_precision.value,
                "lat": None if math.isnan(self.lat) else self.lat,
                "lon": None if math.isnan(self.lon) else self.lon,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Values:
        """The inverse of :meth:`to_json`.

        Examples
        --------
        >>> v = Values(ReviewState.CORRECTED, ControlStatus.GOVERNMENT, "Kunduz", PlaceKind.CAPITAL,
        ...            "Kunduz", "AF-KDZ", dt.date(2021, 8, 8), DatePrecision.DAY)
        >>> w = Values.from_json(v.to_json())
        >>> (w.state, w.status, w.event_date) == (v.state, v.status, v.event_date)
        True
        """
        data: dict[str, Any] = json.loads(text)
        return cls(
            ReviewState(data["state"]),
            ControlStatus(data["status"]),
            data["place"],
            PlaceKind(data["kind"]),
            data["province"],
            data["iso_3166_2"],
            dt.date.fromisoformat(data["event_date"]),
            DatePrecision(data["date_precision"]),
            _NAN_LAT if data.get("lat") is None else float(data["lat"]),
            _NAN_LON if data.get("lon") is None else float(data["lon"]),
        )

    def summary(self) -> str:
        """``government · Kunduz (capital) · 2021-08-08``.

        Examples
        --------
        >>> Values(ReviewState.CONFIRMED, ControlStatus.TALIBAN, "Farah", PlaceKind.PROVINCE,
        ...        "Farah", "AF-FRA", dt.date(2021, 8, 10), DatePrecision.DAY).summary()
        'taliban · Farah (province) · 2021-08-10'
        """
        return f"{self.status.value} · {self.place} ({self.kind.value}) · {self.event_date}"


@dataclass(frozen=True, slots=True)
class Change:
    """A correction: the values to set (None: keep)."""

    status: ControlStatus | None = None
    place: Place | None = None
    event_date: dt.date | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.status, self.place, self.event_date))

    def apply_to(self, values: Values) -> Values:
        """``values`` corrected (state ``corrected``); a new date has precision ``day``."""
        out = values.with_state(ReviewState.CORRECTED)
        if self.status is not None:
            out = dataclasses.replace(out, status=self.status)
        if self.place is not None:
            p = self.place
            out = dataclasses.replace(
                out, place=p.name, kind=p.kind, province=p.province, iso_3166_2=p.iso_3166_2,
                lat=p.lat, lon=p.lon,
            )
        if self.event_date is not None and self.event_date != values.event_date:
            out = dataclasses.replace(
                out, event_date=self.event_date, date_precision=DatePrecision.DAY
            )
        return out


# --------------------------------------------------------------------------------------------
# one review
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Review:
    """One row of the audit trail.

    ``claim_id`` is the reviewed claim's id; ``article_id`` its article (``""`` for an analyst's
    claim); ``before`` its values and state before (None when the review added the claim),
    ``after`` after; ``undoes`` the id of the review an undo took back. ``place``, ``start`` and
    ``end`` are the mention the claim was read from (the extractor's place, not a corrected one),
    what a re-extraction matches.
    """

    id: int
    claim_id: str
    article_id: str
    at: dt.datetime
    by: str
    action: Action
    before: Values | None
    after: Values
    note: str = ""
    undoes: int | None = None
    place: str = ""
    start: int = 0
    end: int = 0

    def describe(self, *, today: dt.date | None = None) -> str:
        """The badge: ``corrected to government by A. Rahimi, 3 Dec``.

        Examples
        --------
        >>> v = Values(ReviewState.UNREVIEWED, ControlStatus.TALIBAN, "Kunduz", PlaceKind.CAPITAL,
        ...            "Kunduz", "AF-KDZ", dt.date(2021, 8, 8), DatePrecision.DAY)
        >>> w = dataclasses.replace(v, state=ReviewState.CORRECTED,
        ...                         status=ControlStatus.GOVERNMENT)
        >>> at = dt.datetime(2024, 12, 3, 9, 30, tzinfo=dt.UTC)
        >>> Review(1, "c1", "a1", at, "A. Rahimi", Action.CORRECT, v, w).describe(
        ...     today=dt.date(2024, 12, 5))
        'corrected to government by A. Rahimi, 3 Dec'
        >>> Review(2, "c1", "a1", at, "B. Noor", Action.CONFIRM, v,
        ...        v.with_state(ReviewState.CONFIRMED)).describe(today=dt.date(2025, 1, 2))
        'confirmed by B. Noor, 3 Dec 2024'
        """
        when = short_day(self.at.date(), today=today)
        if self.action is Action.CORRECT:
            what = "corrected to " + ", ".join(changes(self.before, self.after) or ["the same"])
        elif self.action is Action.UNDO:
            what = f"review undone (back to {self.after.state.label})"
        elif self.action is Action.ADD:
            what = "analyst claim"
        else:
            what = {Action.CONFIRM: "confirmed", Action.REJECT: "rejected"}[self.action]
        return f"{what} by {self.by}, {when}"

    def line(self) -> str:
        """One line of a claim's history: when, who, what, before -> after, note."""
        before = self.before.summary() if self.before is not None else "—"
        note = f" — {self.note}" if self.note else ""
        return (
            f"{self.at:%Y-%m-%d %H:%M} UTC · {self.by} · {self.action.value}: "
            f"{before} → {self.after.summary()} [{self.after.state.label}]{note}"
        )


def changes(before: Values | None, after: Values) -> list[str]:
    """What a correction changed, in words: ``['government', 'Kunduz province', '8 Aug 2021']``.

    Examples
    --------
    >>> v = Values(ReviewState.UNREVIEWED, ControlStatus.TALIBAN, "Kunduz", PlaceKind.CAPITAL,
    ...            "Kunduz", "AF-KDZ", dt.date(2021, 8, 8), DatePrecision.DAY)
    >>> changes(v, dataclasses.replace(v, kind=PlaceKind.PROVINCE, event_date=dt.date(2021, 8, 7)))
    ['Kunduz province', '7 Aug 2021']
    """
    out = []
    if before is None or before.status is not after.status:
        out.append(after.status.value)
    if before is None or (before.place, before.kind) != (after.place, after.kind):
        out.append(f"{after.place} {after.kind.value}" if after.kind is PlaceKind.PROVINCE
                   else after.place)
    if before is None or before.event_date != after.event_date:
        out.append(f"{after.event_date.day} {after.event_date:%b %Y}")
    return out


def short_day(day: dt.date, *, today: dt.date | None = None) -> str:
    """``3 Dec`` this year, ``3 Dec 2024`` another year.

    Examples
    --------
    >>> short_day(dt.date(2024, 12, 3), today=dt.date(2024, 12, 9))
    '3 Dec'
    """
    today = today or dt.date.today()
    return f"{day.day} {day:%b}" + ("" if day.year == today.year else f" {day.year}")


def undo_target(history: Iterable[Review]) -> Review | None:
    """The latest review of a claim still in force (not undone, not an undo), or None.

    ``history`` is the claim's reviews, oldest first. Undoing twice steps back twice.

    Examples
    --------
    >>> v = Values(ReviewState.UNREVIEWED, ControlStatus.TALIBAN, "Kunduz", PlaceKind.CAPITAL,
    ...            "Kunduz", "AF-KDZ", dt.date(2021, 8, 8), DatePrecision.DAY)
    >>> at = dt.datetime(2024, 12, 3, tzinfo=dt.UTC)
    >>> r = [Review(1, "c", "a", at, "A", Action.CONFIRM, v, v),
    ...      Review(2, "c", "a", at, "A", Action.REJECT, v, v),
    ...      Review(3, "c", "a", at, "A", Action.UNDO, v, v, undoes=2)]
    >>> undo_target(r).id, undo_target(r[:2]).id, undo_target(r[:0])
    (1, 2, None)
    """
    stack: list[Review] = []
    for review in history:
        if review.action is Action.UNDO:
            if stack and stack[-1].id == review.undoes:
                stack.pop()
        else:
            stack.append(review)
    return stack[-1] if stack else None


def next_values(
    action: Action,
    current: Values,
    extracted: Values,
    *,
    change: Change | None = None,
    target: Review | None = None,
) -> Values:
    """The values and state a review leaves: the ``after`` of the audit trail.

    Parameters
    ----------
    action
        ``confirm`` pins the values as they are; ``reject`` hides the claim from the map;
        ``correct`` applies ``change``; ``undo`` returns to what ``target`` (see
        :func:`undo_target`) found, an analyst claim whose adding is undone being rejected.
    current
        The claim's values and state now.
    extracted
        What the extractor read (the values "unreviewed" means).
    change, target
        For ``correct`` and ``undo``.

    Raises
    ------
    ReviewError
        A correction that changes nothing, an undo with nothing to undo.
    """
    if action is Action.CONFIRM:
        return current.with_state(ReviewState.CONFIRMED)
    if action is Action.REJECT:
        return current.with_state(ReviewState.REJECTED)
    if action is Action.CORRECT:
        if not change:
            raise ReviewError("a correction needs a new status, place or event date")
        after = change.apply_to(current)
        if after.same_reading(current) and current.state is ReviewState.CORRECTED:
            raise ReviewError(
                f"nothing to correct: the claim already reads {current.summary()}"
            )
        if after.same_reading(current):
            raise ReviewError(
                f"nothing to correct: the claim already reads {current.summary()}; "
                "to say it is right, confirm it"
            )
        return after
    if action is Action.UNDO:
        if target is None:
            raise ReviewError("nothing to undo: the claim has no review in force")
        if target.before is None:  # undoing the analyst's adding of the claim
            return target.after.with_state(ReviewState.REJECTED)
        if target.before.state is ReviewState.UNREVIEWED:
            return extracted.with_state(ReviewState.UNREVIEWED)
        return target.before
    raise ReviewError(f"{action.value!r} is not a review of an existing claim")


# --------------------------------------------------------------------------------------------
# claim identity
# --------------------------------------------------------------------------------------------


def claim_uid(article_id: str, place: str, start: int, end: int, occurrence: int = 0) -> str:
    """A claim's stable id: its article's id, a hyphen, and 10 hex digits of a hash of its
    article, place and mention. The article's id first lets the store find a claim by its
    article's index (no index of its own to keep up to date on every write).

    ``occurrence`` tells apart claims of one article with the same place and span (never made
    by the extractor today).

    Examples
    --------
    >>> claim_uid("0e5dc57be2bda8c3", "Kunduz", 120, 126)
    '0e5dc57be2bda8c3-0992fa419f'
    >>> claim_uid("0e5dc57be2bda8c3", "Kunduz", 120, 126, 1) != claim_uid(
    ...     "0e5dc57be2bda8c3", "Kunduz", 120, 126)
    True
    """
    key = f"{article_id}\x1f{place}\x1f{start}\x1f{end}"
    if occurrence:
        key += f"\x1f{occurrence}"
    return f"{article_id}-{hashlib.sha256(key.encode()).hexdigest()[:SUFFIX_DIGITS]}"


def analyst_uid() -> str:
    """A new id for an analyst's claim: ``analyst-`` and 16 random hex digits."""
    import secrets

    return "analyst-" + secrets.token_hex(8)


def short_id(claim_id: str) -> str:
    """A claim id short enough to read out and still (almost always) unique: the first 8 digits
    of its article's id and of its own part; the store takes it wherever it takes an id.

    Examples
    --------
    >>> short_id("0e5dc57be2bda8c3-0992fa419f"), short_id("analyst-1a2b3c4d5e6f7a8b")
    ('0e5dc57b-0992fa41', 'analyst-1a2b3c4d')
    """
    head, _, tail = claim_id.partition("-")
    return f"{head if head == 'analyst' else head[:8]}-{tail[:8]}" if tail else claim_id[:17]


def claim_uids(claims: Sequence[Claim]) -> list[str]:
    """The ids of one article's claims, in order (repeated mentions numbered)."""
    seen: dict[tuple[str, str, int, int], int] = {}
    out = []
    for c in claims:
        key = (c.article_id, c.place, c.start, c.end)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(claim_uid(*key, n))
    return out


def carry_over(
    reviewed: Sequence[tuple[str, str, int, int]],
    claims: Sequence[Claim],
    uids: Sequence[str],
) -> dict[int, str]:
    """Which new claim of an article each reviewed claim of it has become.

    Parameters
    ----------
    reviewed
        ``(claim_id, place, start, end)`` of the article's reviewed claims: the mention each
        was read from.
    claims, uids
        The article's claims as read now and their ids (:func:`claim_uids`).

    Returns
    -------
    dict[int, str]
        Index in ``claims`` -> the reviewed claim id it takes over. A claim with the same id
        (same place and span) first; then, for the rest, a claim of the same place whose
        mention overlaps the reviewed one (the largest overlap): the extractor widened or
        narrowed the span ("Kunduz" -> "Kunduz province"). Reviewed claims left out match no
        claim any more.

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.types import ControlStatus as S, DatePrecision as P, PlaceKind as K
    >>> d = dt.date(2021, 8, 10)
    >>> def c(start, end, place="Kunduz"):
    ...     return Claim("a", d, place, K.PROVINCE, place, "AF-X", S.TALIBAN, d, P.DAY,
    ...                  "", "...", "", start, end, place)
    >>> new = [c(10, 25), c(40, 46), c(90, 95, "Farah")]
    >>> carry_over([("old1", "Kunduz", 10, 16), ("x", "Farah", 60, 65)], new, claim_uids(new))
    {0: 'old1'}
    """
    out: dict[int, str] = {}
    by_uid = {uid: i for i, uid in enumerate(uids)}
    left: list[tuple[str, str, int, int]] = []
    for item in reviewed:
        i = by_uid.get(item[0])
        if i is not None and i not in out:
            out[i] = item[0]
        else:
            left.append(item)
    for claim_id, place, start, end in left:
        best, overlap = None, 0
        for i, c in enumerate(claims):
            if i in out or c.place != place:
                continue
            shared = min(end, c.end) - max(start, c.start)
            if shared > overlap:
                best, overlap = i, shared
        if best is not None:
            out[best] = claim_id
    return out


# --------------------------------------------------------------------------------------------
# input checks (the edge: CLI arguments and dashboard fields)
# --------------------------------------------------------------------------------------------


def parse_claim_id(text: str) -> str:
    """A claim id (``ARTICLE-OWN`` in hex digits, or ``analyst-OWN``), a unique start of one (at
    least 4 digits), or the starts of both parts (:func:`short_id`); lower case.

    Raises
    ------
    ReviewError
        Not of that form.
    """
    value = text.strip().lower()
    if not _CLAIM_ID.fullmatch(value):
        raise ReviewError(
            f"{text!r} is not a claim id; ids look like 0e5dc57be2bda8c3-0992fa419f (give at "
            "least the first 4 characters of one), as listed by `python -m geo claims`"
        )
    return value


def parse_status(text: str) -> ControlStatus:
    """A status a claim can be corrected to.

    Examples
    --------
    >>> parse_status(" Government ").value
    'government'
    >>> parse_status("talib")
    Traceback (most recent call last):
    ...
    geo.errors.ReviewError: status 'talib' is not one of taliban, contested, government, reported
    """
    value = text.strip().lower()
    for status in REVIEWABLE_STATUSES:
        if value == status.value:
            return status
    names = ", ".join(s.value for s in REVIEWABLE_STATUSES)
    raise ReviewError(f"status {text!r} is not one of {names}")


def check_event_date(
    day: dt.date, *, article_date: dt.date | None, today: dt.date | None = None
) -> dt.date:
    """An event date an analyst may set: not before 1900, not after the claim's article (an
    article reports no later event), not in the future.

    Raises
    ------
    ReviewError
        With the rule broken.
    """
    from geo.settings import EARLIEST_ARTICLE_DATE

    today = today or dt.date.today()
    if day < EARLIEST_ARTICLE_DATE:
        raise ReviewError(f"event date {day} is before {EARLIEST_ARTICLE_DATE}; fix the year")
    if day > today:
        raise ReviewError(f"event date {day} is in the future (today is {today})")
    if article_date is not None and day > article_date:
        raise ReviewError(
            f"event date {day} is after its article's date {article_date}; an article cannot "
            "report a later event (add an analyst claim instead)"
        )
    return day


def parse_event_date(
    text: str, *, article_date: dt.date | None = None, today: dt.date | None = None
) -> dt.date:
    """``YYYY-MM-DD`` checked by :func:`check_event_date`.

    Examples
    --------
    >>> parse_event_date("2021-08-08", article_date=dt.date(2021, 8, 10))
    datetime.date(2021, 8, 8)
    >>> parse_event_date("2021-02-30")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.ReviewError: event date '2021-02-30' is not a date (day is out of range ...
    """
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        why = str(exc) if "range" in str(exc) else "not in the form YYYY-MM-DD"
        raise ReviewError(f"event date {text!r} is not a date ({why}); use YYYY-MM-DD") from None
    return check_event_date(day, article_date=article_date, today=today)


def check_reviewer(name: str) -> str:
    """A reviewer's name: trimmed, 1 to 80 characters, no control characters.

    Examples
    --------
    >>> check_reviewer("  A. Rahimi ")
    'A. Rahimi'
    """
    value = " ".join(name.split())
    if not value:
        raise ReviewError("a review needs the reviewer's name (--by NAME, or the sidebar)")
    if _CONTROL_CHARS.search(name.replace("\n", " ").replace("\t", " ")):
        raise ReviewError(f"reviewer name {name!r} holds control characters")
    if len(value) > MAX_NAME:
        raise ReviewError(f"reviewer name is {len(value)} characters; at most {MAX_NAME}")
    return value


def check_note(note: str) -> str:
    """A review note: trimmed, at most 2,000 characters, control characters but new lines and
    tabs refused."""
    value = note.strip()
    if _CONTROL_CHARS.search(value.replace("\n", " ").replace("\t", " ")):
        raise ReviewError("the note holds control characters; type it as plain text")
    if len(value) > MAX_NOTE:
        raise ReviewError(f"the note is {len(value):,} characters; at most {MAX_NOTE:,}")
    return value


def analyst_claim(
    place: Place,
    status: ControlStatus,
    event_date: dt.date,
    *,
    by: str,
    note: str,
    today: dt.date | None = None,
) -> Claim:
    """A claim no article makes, as an analyst states it: the note is its evidence.

    Its "article date" is its event date (the analyst reports it as news, not as an old event);
    its source is the analyst, so it counts as a source of its own.

    Raises
    ------
    ReviewError
        A status that is not a control status or ``reported``, a bad date, name or note.
    """
    if status not in REVIEWABLE_STATUSES:
        raise ReviewError(f"status {status.value!r} cannot be claimed")
    by = check_reviewer(by)
    note = check_note(note)
    if not note:
        raise ReviewError(
            "an analyst claim needs its source as the note (e.g. 'phone call with a council "
            "member')"
        )
    check_event_date(event_date, article_date=None, today=today)
    return Claim(
        article_id="",
        article_date=event_date,
        place=place.name,
        kind=place.kind,
        province=place.province,
        iso_3166_2=place.iso_3166_2,
        status=status,
        event_date=event_date,
        date_precision=DatePrecision.DAY,
        claimant=by,
        evidence=note,
        cues="",
        start=0,
        end=0,
        surface=place.name,
        via=ANALYST_VIA,
        sources=f"analyst: {by}",
        lat=place.lat,
        lon=place.lon,
    )


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A stored claim with its id and review state.

    ``claim`` carries the reviewed values (what the map uses); ``extracted`` what the extractor
    read, once the claim was reviewed (None before); ``latest`` its latest review.
    """

    claim_id: str
    claim: Claim
    state: ReviewState
    latest: Review | None = None
    extracted: Values | None = None

    @property
    def is_analyst(self) -> bool:
        """True for a claim an analyst added (no article)."""
        return not self.claim.article_id
