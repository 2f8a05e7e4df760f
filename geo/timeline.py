"""Claims -> the status of each of the 34 provinces as of a date; pure.

The rules are DEFINITIONS' "Status over time". Each claim with a control status is a *voice*:

- ``T`` a capture by the Taliban, ``G`` a repulse, retake or capture by their opponents (both
  *outcomes*), ``D`` an outcome that the text itself disputes (a capture claimed by one side and
  denied by the other: status ``contested`` with a territorial event type), ``C`` fighting, and
  ``HT``/``HG`` a *hold* (the place is, or remains, under Taliban / government control: status
  ``taliban``/``government`` with no event of its own).
- Within one article, the voices of one day are a sequence: its last outcome (by position) stands;
  with none, fighting beats a hold ("besieged ... officials say it remains under government
  control" is contested), and holds of both sides are a dispute.
- Across articles, on one day: an outcome beats another source's fighting (the fighting came
  first); opposite outcomes, a disputed one, or an outcome against the other side's hold make the
  day ``contested``.
- The latest day with a control claim on or before the date decides; ``since`` is the first day of
  the unbroken run of that status. A run does not stretch across more than
  :data:`RUN_GAP_DAYS` days to or from a day known only from old events (a background sentence or a
  caption dated months before its article).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from geo.types import Claim, ControlStatus, EventType, PlaceKind

TERRITORIAL = frozenset({EventType.OVERTAKES, EventType.REGAINS, EventType.TRANSFER})
"""Event types that change who holds a place: a contested claim of one of these is a dispute."""

OLD_EVENT_DAYS = 30
"""A claim whose event is more than this many days before its article is an old event."""

RUN_GAP_DAYS = 30
"""A run of one status does not bridge a gap longer than this to or from old events only."""

TALIBAN, GOVERNMENT, DISPUTED, FIGHTING = "T", "G", "D", "C"
HOLD_TALIBAN, HOLD_GOVERNMENT = "HT", "HG"
_OUTCOMES = (TALIBAN, GOVERNMENT, DISPUTED)
_HOLDS = (HOLD_TALIBAN, HOLD_GOVERNMENT)
_STATUS_OF_VOICE = {
    TALIBAN: ControlStatus.TALIBAN,
    GOVERNMENT: ControlStatus.GOVERNMENT,
    DISPUTED: ControlStatus.CONTESTED,
    FIGHTING: ControlStatus.CONTESTED,
    HOLD_TALIBAN: ControlStatus.TALIBAN,
    HOLD_GOVERNMENT: ControlStatus.GOVERNMENT,
}


def voice(status: ControlStatus, event_type: EventType | str) -> str | None:
    """The voice of a claim: ``T``, ``G``, ``D`` (disputed outcome), ``C`` (fighting), ``HT``,
    ``HG`` (holds: a control status with no event of its own), or None.

    Examples
    --------
    >>> from geo.types import ControlStatus as S, EventType as E
    >>> voice(S.TALIBAN, E.OVERTAKES), voice(S.CONTESTED, E.OVERTAKES), voice(S.CONTESTED, E.CLASH)
    ('T', 'D', 'C')
    >>> voice(S.GOVERNMENT, E.OTHER), voice(S.GOVERNMENT, E.CLASH)
    ('HG', 'G')
    >>> voice(S.REPORTED, E.OTHER) is None
    True
    """
    if status is ControlStatus.TALIBAN:
        return HOLD_TALIBAN if event_type == EventType.OTHER else TALIBAN
    if status is ControlStatus.GOVERNMENT:
        return HOLD_GOVERNMENT if event_type == EventType.OTHER else GOVERNMENT
    if status is ControlStatus.CONTESTED:
        return DISPUTED if event_type in TERRITORIAL else FIGHTING
    return None


def is_old(claim: Claim) -> bool:
    """True for a claim about an event more than :data:`OLD_EVENT_DAYS` before its article."""
    return (claim.article_date - claim.event_date).days > OLD_EVENT_DAYS


def article_voice(voices: Iterable[tuple[int, str]]) -> str | None:
    """One article's word on a place for one day, from ``(position, voice)``: its last outcome by
    position (a text's own reports of one day are a sequence); with none, fighting beats a hold,
    and holds of both sides are a dispute.

    Examples
    --------
    >>> article_voice([(10, "C"), (90, "T"), (120, "C")])
    'T'
    >>> article_voice([(10, "T"), (90, "G")]), article_voice([(5, "C")])
    ('G', 'C')
    >>> article_voice([(5, "C"), (60, "HG")]), article_voice([(5, "HT"), (60, "HG")])
    ('C', 'D')
    """
    last_outcome: tuple[int, str] | None = None
    fighting = False
    holds: dict[str, int] = {}
    for position, v in voices:
        if v in _OUTCOMES:
            if last_outcome is None or position >= last_outcome[0]:
                last_outcome = (position, v)
        elif v == FIGHTING:
            fighting = True
        elif v in _HOLDS:
            holds[v] = max(position, holds.get(v, position))
    if last_outcome is not None:
        return last_outcome[1]
    if fighting:
        return FIGHTING
    if len(holds) == 2:
        return DISPUTED
    return next(iter(holds)) if holds else None


def day_voices(claims: Iterable[tuple[str, int, str]]) -> set[str]:
    """The voices one day's claims stand for, one per article, from ``(article_id, position,
    voice)``.

    Examples
    --------
    >>> sorted(day_voices([("a", 10, "C"), ("a", 90, "T"), ("b", 5, "C")]))
    ['C', 'T']
    """
    by_article: dict[str, list[tuple[int, str]]] = {}
    for article_id, position, v in claims:
        by_article.setdefault(article_id, []).append((position, v))
    found = (article_voice(vs) for vs in by_article.values())
    return {v for v in found if v is not None}


def day_status(voices: Collection[str]) -> ControlStatus:
    """One day's status from its articles' voices: an outcome beats fighting, unless the other
    side's hold or another outcome speaks against it; with no outcome, fighting beats holds.

    Examples
    --------
    >>> day_status({"T", "C"}).value, day_status({"G"}).value, day_status({"T", "G"}).value
    ('taliban', 'government', 'contested')
    >>> day_status({"D", "T"}).value, day_status({"C"}).value, day_status({"T", "HG"}).value
    ('contested', 'contested', 'contested')
    >>> day_status({"HG", "C"}).value, day_status({"HT"}).value, day_status({"G", "HG"}).value
    ('contested', 'taliban', 'government')
    """
    outcomes = {v for v in voices if v in _OUTCOMES}
    holds = {v for v in voices if v in _HOLDS}
    if outcomes == {TALIBAN}:
        return ControlStatus.CONTESTED if HOLD_GOVERNMENT in holds else ControlStatus.TALIBAN
    if outcomes == {GOVERNMENT}:
        return ControlStatus.CONTESTED if HOLD_TALIBAN in holds else ControlStatus.GOVERNMENT
    if outcomes or FIGHTING in voices or len(holds) != 1:
        return ControlStatus.CONTESTED
    return _STATUS_OF_VOICE[next(iter(holds))]


def fold_days(
    days: Iterable[tuple[dt.date, Collection[str], bool]],
    as_of: dt.date | None = None,
) -> tuple[ControlStatus, dt.date, dt.date] | None:
    """``(status, since, latest)`` from a province's control days, newest first.

    Each day is ``(date, voices, old)``, ``old`` meaning that every claim of that day is about an
    old event. ``days`` may be a lazy stream (the store reads it from an index): it is read only
    as far as the current run of one status goes back. Days known only from old events more
    than :data:`RUN_GAP_DAYS` before ``as_of`` (default: the newest day) are history, not the
    status on ``as_of``: when the newest day is one, there is no current status ("in 2015 the
    city briefly fell" says nothing of the city in 2021, and an older report it superseded says
    even less).

    Examples
    --------
    >>> import datetime as dt
    >>> d = lambda n: dt.date(2021, 8, n)
    >>> status, since, latest = fold_days([(d(12), {"T"}, False), (d(10), {"T", "C"}, False),
    ...                                    (d(8), {"C"}, False)])
    >>> status.value, since.day, latest.day
    ('taliban', 10, 12)
    >>> old = dt.date(2015, 9, 28)
    >>> fold_days([(d(8), {"T"}, False), (old, {"T"}, True)])[1]  # an old event stays old
    datetime.date(2021, 8, 8)
    >>> fold_days([(old, {"T"}, True)], as_of=d(1)) is None  # and is no status years later
    True
    """
    status: ControlStatus | None = None
    since = latest = None
    since_old = False
    for day, voices, old in days:
        as_of = as_of or day  # none given: the map as of its newest day
        if status is None and old and (as_of - day).days > RUN_GAP_DAYS:
            return None  # the latest event is history, and what came before it more so
        today = day_status(voices)
        if status is None:
            status, since, latest, since_old = today, day, day, old
            continue
        assert since is not None
        if today is not status:
            break
        if (old or since_old) and (since - day).days > RUN_GAP_DAYS:
            break
        since, since_old = day, old
    if status is None or since is None or latest is None:
        return None
    return status, since, latest


@dataclass(frozen=True, slots=True)
class ProvinceStatus:
    """One province's status on the map as of a date, and the claims behind it.

    ``since`` is the first day of the unbroken run of the current status (so a capture on Sunday
    restated on Tuesday is "taliban since Sunday"); ``claims`` are the control claims of that run,
    the deciding ones first; ``n_sources`` how many independent sources (outlets, else articles)
    report the status in that run; ``disputed_by`` the claims of the run that speak against it.
    """

    province: str
    iso_3166_2: str
    capital: str
    status: ControlStatus
    since: dt.date | None
    claims: tuple[Claim, ...] = ()
    n_claims: int = 0
    n_sources: int = 0
    disputed_by: tuple[Claim, ...] = ()

    @property
    def evidence(self) -> str:
        """The deciding quotes, " | "-joined, each with its note."""
        return _quotes(c for c in self.claims if _supports(c, self.status))

    @property
    def claimant(self) -> str:
        """Who says it ("" when the reporters state it), " | "-joined."""
        said = (c.claimant for c in self.claims if c.claimant and _supports(c, self.status))
        return " | ".join(dict.fromkeys(said))

    @property
    def article_id(self) -> str:
        """The articles of the deciding claims, " | "-joined."""
        return " | ".join(
            dict.fromkeys(c.article_id for c in self.claims if _supports(c, self.status))
        )

    @property
    def disputed_text(self) -> str:
        """The claims against the status as "source: quote", " | "-joined."""
        return " | ".join(
            dict.fromkeys(f"{source_of(c)}: {c.evidence}" for c in self.disputed_by)
        )


def _supports(claim: Claim, status: ControlStatus) -> bool:
    return claim.status is status or not claim.status.is_control


def _quotes(claims: Iterable[Claim]) -> str:
    parts = []
    for c in claims:
        quote = c.evidence
        if c.note:
            quote += f" [{c.note}]"
        parts.append(quote)
    return " | ".join(dict.fromkeys(parts))


def source_of(claim: Claim) -> str:
    """The independent source a claim counts for: its outlet, else its article."""
    return claim.sources or f"article {claim.article_id}"


def speaks_against(claim: Claim, status: ControlStatus) -> bool:
    """True when a claim's voice is an outcome opposite to ``status`` (or disputes it).

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.types import Claim, ControlStatus as S, DatePrecision as P, PlaceKind as K
    >>> from geo.types import EventType as E
    >>> d = dt.date(2021, 8, 12)
    >>> c = Claim("a", d, "Herat", K.CAPITAL, "Herat", "AF-HER", S.GOVERNMENT, d, P.DAY,
    ...           "", "...", "", 0, 5, "Herat", event_type=E.CLASH)
    >>> speaks_against(c, S.TALIBAN), speaks_against(c, S.GOVERNMENT)
    (True, False)
    """
    v = voice(claim.status, claim.event_type)
    if status is ControlStatus.TALIBAN:
        return v in (GOVERNMENT, DISPUTED, HOLD_GOVERNMENT)
    if status is ControlStatus.GOVERNMENT:
        return v in (TALIBAN, DISPUTED, HOLD_TALIBAN)
    return False


def province_status(
    claims: Iterable[Claim],
    provinces: Sequence[tuple[str, str, str]],
    as_of: dt.date | None = None,
) -> list[ProvinceStatus]:
    """The status of each province as of ``as_of`` (None: latest).

    Parameters
    ----------
    claims
        Claims from any number of articles.
    provinces
        ``(province, iso_3166_2, capital)`` for each of the 34 provinces, in output order.
    as_of
        Only claims with ``event_date <= as_of`` count.

    Rules: see the module docstring. A later mere mention never undoes a control status; a
    province only ever named is ``reported``; one never named is ``no_report``.

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.types import Claim, ControlStatus as S, DatePrecision as P, PlaceKind as K
    >>> def claim(day, status):
    ...     d = dt.date(2021, 8, day)
    ...     return Claim("a", d, "Ghazni", K.CAPITAL, "Ghazni", "AF-GHA", status, d, P.DAY,
    ...                  "", "...", "", 0, 6, "Ghazni")
    >>> provs = [("Ghazni", "AF-GHA", "Ghazni"), ("Ghor", "AF-GHO", "Chaghcharan")]
    >>> rows = province_status([claim(9, S.CONTESTED), claim(12, S.TALIBAN)], provs,
    ...                        dt.date(2021, 8, 12))
    >>> [(r.province, r.status.value, str(r.since)) for r in rows]
    [('Ghazni', 'taliban', '2021-08-12'), ('Ghor', 'no_report', 'None')]
    """
    by_province: dict[str, list[Claim]] = {}
    latest_day: dt.date | None = None
    for c in claims:
        if as_of is None or c.event_date <= as_of:
            by_province.setdefault(c.province, []).append(c)
            latest_day = c.event_date if latest_day is None else max(latest_day, c.event_date)
    as_of = as_of or latest_day  # none given: the map as of its latest claim
    out = []
    for name, iso, capital in provinces:
        mine = by_province.get(name, [])
        control = [c for c in mine if c.status.is_control]
        if not control:
            if mine:
                newest = max(mine, key=lambda c: (c.event_date, c.article_date))
                out.append(
                    ProvinceStatus(name, iso, capital, ControlStatus.REPORTED, newest.event_date,
                                   (newest,), len(mine))
                )
            else:
                out.append(ProvinceStatus(name, iso, capital, ControlStatus.NO_REPORT, None, (), 0))
            continue
        by_day: dict[dt.date, list[Claim]] = {}
        for c in control:
            by_day.setdefault(c.event_date, []).append(c)
        days = (
            (
                day,
                day_voices(
                    (c.article_id, c.start, v)
                    for c in by_day[day]
                    if (v := voice(c.status, c.event_type)) is not None
                ),
                all(is_old(c) for c in by_day[day]),
            )
            for day in sorted(by_day, reverse=True)
        )
        folded = fold_days(days, as_of)
        if folded is None:  # only old events, long before the date: named, no current status
            newest = max(mine, key=lambda c: (c.event_date, c.article_date))
            row = ProvinceStatus(
                name, iso, capital, ControlStatus.REPORTED, newest.event_date, (newest,), len(mine)
            )
            out.append(row)
            continue
        status, since, latest = folded
        run = [c for day, cs in by_day.items() if since <= day <= latest for c in cs]
        ordered = sorted(
            run,
            key=lambda c: (
                c.event_date, c.status is status, c.kind is PlaceKind.CAPITAL, c.article_date
            ),
            reverse=True,
        )
        # A contested run is supported by every source that reports the fight or either outcome.
        support = {source_of(c) for c in run
                   if c.status is status or status is ControlStatus.CONTESTED}
        against = tuple(c for c in ordered if speaks_against(c, status))
        out.append(
            ProvinceStatus(
                name, iso, capital, status, since, tuple(ordered), len(mine), len(support), against
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class PlaceState:
    """What one text says of one place in the end: the latest state by DEFINITIONS' rules, and
    the claim that says it (for ``reported``, the first mention)."""

    place: str
    kind: PlaceKind
    province: str
    status: ControlStatus
    event_date: dt.date
    claim: Claim


def place_states(claims: Iterable[Claim]) -> list[PlaceState]:
    """The latest state of each place (capital or province) that one article's claims name.

    The latest day with a control claim decides; on that day, the text's last outcome (by
    position) beats its fighting; the state's date is the first day of its unbroken run in the
    text ("captured on Sunday ... is under Taliban control" is taliban since Sunday); a place
    with no control claim is ``reported``. Places come in the order they are first named.

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.types import Claim, ControlStatus as S, DatePrecision as P, PlaceKind as K
    >>> from geo.types import EventType as E
    >>> def claim(day, status, start, event=E.CLASH):
    ...     d = dt.date(2021, 8, day)
    ...     return Claim("a", dt.date(2021, 8, 10), "Farah", K.CAPITAL, "Farah", "AF-FRA",
    ...                  status, d, P.DAY, "", "...", "", start, start + 5, "Farah",
    ...                  event_type=event)
    >>> [(s.status.value, s.event_date.day) for s in place_states(
    ...     [claim(10, S.TALIBAN, 0, E.OVERTAKES), claim(10, S.CONTESTED, 300),
    ...      claim(8, S.CONTESTED, 600)])]
    [('taliban', 10)]
    """
    by_place: dict[tuple[str, PlaceKind], list[Claim]] = {}
    for c in claims:
        by_place.setdefault((c.place, c.kind), []).append(c)
    out = []
    for (place, kind), mine in by_place.items():
        control = [c for c in mine if voice(c.status, c.event_type) is not None]
        if not control:
            first = min(mine, key=lambda c: c.start)
            out.append(
                PlaceState(place, kind, first.province, ControlStatus.REPORTED, first.event_date,
                           first)
            )
            continue
        by_day: dict[dt.date, list[Claim]] = {}
        for c in control:
            by_day.setdefault(c.event_date, []).append(c)
        days = sorted(by_day, reverse=True)
        status, decider = _decider(by_day[days[0]])
        since = days[0]
        for day in days[1:]:  # the state began with the first day of its run in the text
            if _decider(by_day[day])[0] is not status or (since - day).days > RUN_GAP_DAYS:
                break
            since = day
        out.append(PlaceState(place, kind, decider.province, status, since, decider))
    # A province named only to locate its capital ("Zaranj, the capital of Nimroz") is, in the
    # end, what its capital is in the same text.
    capitals = {s.province: s for s in out if s.kind is PlaceKind.CAPITAL}
    for i, s in enumerate(out):
        cap = capitals.get(s.province)
        located = by_place[(s.place, s.kind)]
        if (
            s.kind is PlaceKind.PROVINCE
            and cap is not None
            and any(c.via == "locator" for c in located)
            and all(c.via == "locator" or not c.status.is_control for c in located)
        ):
            out[i] = PlaceState(s.place, s.kind, s.province, cap.status, cap.event_date, cap.claim)
    return out


def _decider(claims: Sequence[Claim]) -> tuple[ControlStatus, Claim]:
    """One text's word of one day (:func:`article_voice`) and the claim that says it."""
    today = sorted(claims, key=lambda c: c.start)
    voiced = [(c, voice(c.status, c.event_type)) for c in today]
    v = article_voice((c.start, x) for c, x in voiced if x is not None)
    assert v is not None
    chosen = [c for c, x in voiced if x == v] or [c for c, _ in voiced]
    return _STATUS_OF_VOICE[v], chosen[-1]


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A province's status changing on a claim date: ``before`` as of the claim date before
    ``day``, ``after`` as of ``day``."""

    day: dt.date
    province: str
    before: ControlStatus
    after: ControlStatus


def status_series(
    days: Sequence[tuple[dt.date, Collection[str], bool]],
    dates: Sequence[dt.date],
) -> list[ControlStatus]:
    """One province's status as of each of ``dates``, from its per-day voices, oldest first.

    ``days`` are ``(date, voices, old)`` for every day the province is named (empty voices: a
    mere mention), sorted by date; the result is what :func:`province_status` (and the store's
    map) gives for the province as of each date, without reading a claim.

    Examples
    --------
    >>> d = lambda n: dt.date(2021, 8, n)
    >>> days = [(d(7), set(), False), (d(8), {"C"}, False), (d(10), {"T"}, False)]
    >>> [s.value for s in status_series(days, [d(6), d(7), d(8), d(9), d(10)])]
    ['no_report', 'reported', 'contested', 'contested', 'taliban']
    """
    import bisect

    keys = [day for day, _, _ in days]
    out = []
    for date in dates:
        upto = bisect.bisect_right(keys, date)
        if upto == 0:
            out.append(ControlStatus.NO_REPORT)
            continue
        control = ((day, v, old) for day, v, old in reversed(days[:upto]) if v)
        folded = fold_days(control, date)
        out.append(ControlStatus.REPORTED if folded is None else folded[0])
    return out


def status_changes(
    series: dict[str, Sequence[ControlStatus]], dates: Sequence[dt.date]
) -> list[StatusChange]:
    """Every change of a province's status between consecutive claim dates, oldest first (by
    province within a day).

    Examples
    --------
    >>> d = [dt.date(2021, 8, 8), dt.date(2021, 8, 10)]
    >>> S = ControlStatus
    >>> [(c.day.day, c.province, c.before.value, c.after.value) for c in status_changes(
    ...     {"Herat": [S.CONTESTED, S.TALIBAN], "Ghor": [S.NO_REPORT, S.NO_REPORT]}, d)]
    [(8, 'Herat', 'no_report', 'contested'), (10, 'Herat', 'contested', 'taliban')]
    """
    out = []
    for province in sorted(series):
        previous = ControlStatus.NO_REPORT
        for day, status in zip(dates, series[province], strict=True):
            if status is not previous:
                out.append(StatusChange(day, province, previous, status))
            previous = status
    out.sort(key=lambda c: (c.day, c.province))
    return out
