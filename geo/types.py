"""Frozen value types shared by every layer: articles, places, mentions, claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class ControlStatus(StrEnum):
    """What a text says about who controls a place (see DEFINITIONS in the README)."""

    TALIBAN = "taliban"
    CONTESTED = "contested"
    GOVERNMENT = "government"
    REPORTED = "reported"
    NO_REPORT = "no_report"

    @property
    def is_control(self) -> bool:
        """True for the statuses that set a province's colour on the timeline."""
        return self in (ControlStatus.TALIBAN, ControlStatus.CONTESTED, ControlStatus.GOVERNMENT)


class PlaceKind(StrEnum):
    """A provincial capital (a city) or a province."""

    CAPITAL = "capital"
    PROVINCE = "province"


class DatePrecision(StrEnum):
    """How exactly an event date is known.

    ``article`` means the text gives no day and the article date stands in.
    Coarse precisions carry the latest date the wording allows (never after the article date).
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ARTICLE = "article"


@dataclass(frozen=True, slots=True)
class Article:
    """One dated news text.

    ``id`` is a stable hash of the date and text; ``source`` is where it came from (a file name,
    "upload:<name>", "paste").
    """

    id: str
    date: dt.date
    title: str
    text: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: one of the 34 provinces or one of their 34 capitals."""

    name: str
    kind: PlaceKind
    province: str
    iso_3166_2: str
    capital: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a text: ``text[start:end] == surface``.

    ``via`` says how it was found: ``name`` (the place's name), ``anaphor`` ("the city" pointing
    back to a named capital), ``same-name`` ("a province of the same name").
    """

    place: Place
    surface: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    via: str = "name"


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved event date, its precision and the words it came from (empty for fallback)."""

    date: dt.date
    precision: DatePrecision
    cue: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """What one article says about one place at one mention, with its evidence.

    ``evidence`` is the sentence; ``cues`` the words that decided ``status`` ("; "-joined);
    ``claimant`` who the sentence attributes it to ("" when the reporter states it);
    ``note`` extra context (a government-held airport, the disputing quote).
    ``lat``/``lon`` are filled by geocoding (NaN before).
    """

    article_id: str
    article_date: dt.date
    place: str
    kind: PlaceKind
    province: str
    iso_3166_2: str
    status: ControlStatus
    event_date: dt.date
    date_precision: DatePrecision
    claimant: str
    evidence: str
    cues: str
    start: int
    end: int
    surface: str
    via: str = "name"
    note: str = ""
    lat: float = field(default=float("nan"))
    lon: float = field(default=float("nan"))


CLAIM_COLUMNS: tuple[str, ...] = (
    "article_id",
    "article_date",
    "place",
    "kind",
    "province",
    "iso_3166_2",
    "status",
    "event_date",
    "date_precision",
    "lat",
    "lon",
    "claimant",
    "evidence",
    "cues",
    "start",
    "end",
    "surface",
    "via",
    "note",
)
"""Column order of a claims table (CLI ``extract``, exports, the store)."""

STATUS_COLUMNS: tuple[str, ...] = (
    "province",
    "iso_3166_2",
    "capital",
    "status",
    "since",
    "evidence",
    "article_id",
    "claimant",
    "n_claims",
)
"""Column order of a province status table (CLI ``status``, exports)."""
