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


class Actor(StrEnum):
    """Who acted in an event, by side (ACLED's actor kinds, read for Afghanistan).

    ``government`` is the Afghan state's forces: the Republic's from 2002 until 15 Aug 2021 (and
    the Taliban's "Islamic Emirate" before and after that are ``taliban``). ``anti_taliban`` is the
    Northern Alliance in 2001 and the resistance and uprising forces after 2021; ``foreign`` the
    US, NATO and coalition forces; ``islamic_state`` Islamic State and its Khorasan branch.
    """

    TALIBAN = "taliban"
    GOVERNMENT = "government"
    ANTI_TALIBAN = "anti_taliban"
    FOREIGN = "foreign"
    ISLAMIC_STATE = "islamic_state"
    UNKNOWN = "unknown"

    @property
    def side(self) -> str:
        """``taliban``, ``government`` (the Taliban's opponents), or ``""`` for the others."""
        if self is Actor.TALIBAN:
            return "taliban"
        if self in (Actor.GOVERNMENT, Actor.ANTI_TALIBAN, Actor.FOREIGN):
            return "government"
        return ""


class EventType(StrEnum):
    """What happened, typed like ACLED's sub-event types."""

    OVERTAKES = "Non-state actor overtakes territory"
    REGAINS = "Government regains territory"
    TRANSFER = "Non-violent transfer of territory"
    CLASH = "Armed clash"
    AIR_STRIKE = "Air/drone strike"
    SHELLING = "Shelling/artillery/missile attack"
    EXPLOSION = "Remote explosive/landmine/IED"
    SUICIDE_BOMB = "Suicide bomb"
    ATTACK = "Attack"
    OTHER = "Other"


@dataclass(frozen=True, slots=True)
class Article:
    """One dated news text.

    ``id`` is a stable hash of the date and text; ``source`` is where it came from (a file name,
    "upload:<name>", "paste"); ``outlet`` who published it ("AP", "Reuters"; empty when unknown:
    the dateline's agency stands in); ``url`` its address, when known. ``meta`` holds further
    ``(name, value)`` pairs its file gave (the extra columns of a CSV row); they travel with the
    article through ``extract``, but the store does not keep them.
    """

    id: str
    date: dt.date
    title: str
    text: str
    source: str = ""
    outlet: str = ""
    url: str = ""
    meta: tuple[tuple[str, str], ...] = ()


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
    back to a named capital), ``same-name`` ("a province of the same name"), ``alias`` ("the
    Afghan capital", "the capital of Nimroz"); on a claim also ``locator`` (a province named to
    locate its capital, carrying the capital's claim) and ``acled`` (an ACLED event).
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
    ``actor`` is who acted (``actor_text`` their words, "Northern Alliance fighters"),
    ``event_type`` what happened (ACLED's sub-event types), ``sources`` the outlet that reports it
    (the article's outlet, else the agency of its dateline).
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
    actor: Actor = Actor.UNKNOWN
    actor_text: str = ""
    event_type: EventType = EventType.OTHER
    sources: str = ""
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
    "actor",
    "actor_text",
    "event_type",
    "sources",
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
    "n_sources",
    "disputed_by",
)
"""Column order of a province status table (CLI ``status``, exports)."""
