"""Claims -> the status of each of the 34 provinces as of a date; pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from geo.types import Claim, ControlStatus, PlaceKind

_CONTROL = (ControlStatus.TALIBAN, ControlStatus.CONTESTED, ControlStatus.GOVERNMENT)


@dataclass(frozen=True, slots=True)
class ProvinceStatus:
    """One province's status on the map as of a date, and the claims behind it.

    ``since`` is the first day of the unbroken run of the current status (so a capture on Sunday
    restated on Tuesday is "taliban since Sunday"); ``claims`` are the control claims of that run,
    newest first.
    """

    province: str
    iso_3166_2: str
    capital: str
    status: ControlStatus
    since: dt.date | None
    claims: tuple[Claim, ...] = ()
    n_claims: int = 0

    @property
    def evidence(self) -> str:
        """The deciding quotes, " | "-joined, each with its note."""
        parts = []
        for c in self.claims:
            quote = c.evidence
            if c.note:
                quote += f" [{c.note}]"
            parts.append(quote)
        return " | ".join(dict.fromkeys(parts))

    @property
    def claimant(self) -> str:
        """Who says it ("" when the reporters state it), " | "-joined."""
        return " | ".join(dict.fromkeys(c.claimant for c in self.claims if c.claimant))

    @property
    def article_id(self) -> str:
        """The articles of the deciding claims, " | "-joined."""
        return " | ".join(dict.fromkeys(c.article_id for c in self.claims))


def day_status(statuses: Collection[ControlStatus]) -> ControlStatus:
    """One day's control claims: all the same -> that status; any conflict -> contested.

    Examples
    --------
    >>> from geo.types import ControlStatus as S
    >>> day_status({S.TALIBAN}).value, day_status({S.TALIBAN, S.GOVERNMENT}).value
    ('taliban', 'contested')
    """
    return next(iter(statuses)) if len(set(statuses)) == 1 else ControlStatus.CONTESTED


def day_statuses(claims: Iterable[tuple[str, str, int, ControlStatus]]) -> set[ControlStatus]:
    """The statuses one day's control claims stand for, from ``(article_id, claimant, start,
    status)``: a text telling a sequence ("stormed Kunduz on Sunday and captured the city hours
    later") counts with its last word for each speaker; different articles or speakers each count
    (DEFINITIONS: the latest in time wins within one text; conflicting claims make it contested).

    Examples
    --------
    >>> from geo.types import ControlStatus as S
    >>> sorted(day_statuses([("a", "", 10, S.CONTESTED), ("a", "", 90, S.TALIBAN)]))
    [<ControlStatus.TALIBAN: 'taliban'>]
    >>> sorted(
    ...     s.value for s in day_statuses([("a", "", 10, S.TALIBAN), ("b", "", 5, S.GOVERNMENT)])
    ... )
    ['government', 'taliban']
    """
    last: dict[tuple[str, str], tuple[int, set[ControlStatus]]] = {}
    for article_id, claimant, start, status in claims:
        key = (article_id, claimant)
        if key not in last or start > last[key][0]:
            last[key] = (start, {status})
        elif start == last[key][0]:
            last[key][1].add(status)
    return {status for _, statuses in last.values() for status in statuses}


def fold_days(
    days: Iterable[tuple[dt.date, Collection[ControlStatus]]],
) -> tuple[ControlStatus, dt.date, dt.date] | None:
    """``(status, since, latest)`` from a province's control-claim days, newest first.

    ``days`` may be a lazy stream (the store reads it from an index): it is read only as far as
    the current run of one status goes back.

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.types import ControlStatus as S
    >>> d = lambda n: dt.date(2021, 8, n)
    >>> status, since, latest = fold_days([(d(12), {S.TALIBAN}), (d(10), {S.TALIBAN}),
    ...                                    (d(8), {S.CONTESTED})])
    >>> status.value, since.day, latest.day
    ('taliban', 10, 12)
    """
    status: ControlStatus | None = None
    since = latest = None
    for day, statuses in days:
        today = day_status(statuses)
        if status is None:
            status, since, latest = today, day, day
        elif today is status:
            since = day
        else:
            break
    if status is None or since is None or latest is None:
        return None
    return status, since, latest


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

    Rules (DEFINITIONS.md): the latest control claim (taliban / contested / government) dated on
    or before the date decides; conflicting control claims on that day make it contested; a later
    mere mention never undoes it; a province only ever named is ``reported``; one never named is
    ``no_report``.

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
    for c in claims:
        if as_of is None or c.event_date <= as_of:
            by_province.setdefault(c.province, []).append(c)
    out = []
    for name, iso, capital in provinces:
        mine = by_province.get(name, [])
        control = [c for c in mine if c.status in _CONTROL]
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
        folded = fold_days(
            (day, day_statuses((c.article_id, c.claimant, c.start, c.status) for c in by_day[day]))
            for day in sorted(by_day, reverse=True)
        )
        assert folded is not None  # there is at least one control claim
        status, since, _ = folded
        run = [c for day, day_claims in by_day.items() if day >= since for c in day_claims]
        last = sorted(
            run,
            key=lambda c: (
                c.event_date, c.status is status, c.kind is PlaceKind.CAPITAL, c.article_date
            ),
            reverse=True,
        )
        out.append(ProvinceStatus(name, iso, capital, status, since, tuple(last), len(mine)))
    return out
