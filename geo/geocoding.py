"""geopy geocoders: the offline gazetteer, an optional cached Nominatim; the only network code."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import math
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from geopy.adapters import BaseSyncAdapter
from geopy.distance import great_circle
from geopy.exc import GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo import settings
from geo.gazetteer import Gazetteer
from geo.types import Claim, Place, PlaceKind

logger = logging.getLogger(__name__)

NOMINATIM_TIMEOUT_SECONDS = 10
"""Seconds before a Nominatim request gives up."""

REVERSE_MAX_KM = 400.0
"""Default radius of :meth:`GazetteerGeocoder.reverse`: about the farthest point of Afghanistan
from its nearest provincial capital (the tip of the Wakhan corridor, from Fayzabad)."""

_PROVINCE_PREFIX = re.compile(r"^(?:the\s+)?province\s+of\s+", re.IGNORECASE)
_PROVINCE_SUFFIX = re.compile(r"\s+(?:province|provincia|wilayat|velayat)$", re.IGNORECASE)
_CITY_PREFIX = re.compile(r"^(?:the\s+)?city\s+of\s+", re.IGNORECASE)
_CITY_SUFFIX = re.compile(r"\s+city$", re.IGNORECASE)
_COUNTRY_SUFFIX = re.compile(r"\s*,\s*(?:afghanistan|afg|af)$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_CAPITAL_OF = (
    re.compile(r"^(?:the\s+)?(?:provincial\s+)?capital\s+of\s+(?:the\s+)?", re.IGNORECASE),
    re.compile(r"\s+provincial\s+capital$", re.IGNORECASE),
)


def normalise_query(query: str) -> str:
    """The cache key of a query: case-folded, whitespace trimmed and collapsed.

    Examples
    --------
    >>> normalise_query("  Mazar-e\\tSharif \\n")
    'mazar-e sharif'
    >>> normalise_query("DOHA") == normalise_query("doha")
    True
    """
    return " ".join(query.split()).casefold()


class _OfflineAdapter(BaseSyncAdapter):
    """A geopy adapter that refuses every request: the gazetteer geocoder never needs one."""

    def get_json(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> NoReturn:
        raise GeocoderServiceError(f"GazetteerGeocoder is offline; refusing to fetch {url}")

    def get_text(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> NoReturn:
        raise GeocoderServiceError(f"GazetteerGeocoder is offline; refusing to fetch {url}")


class GazetteerGeocoder(Geocoder):
    """Offline geocoder over the shipped gazetteer: the 34 provinces and their 34 capitals.

    Any spelling the gazetteer knows is accepted ("Pol-e Khomri", "Sar-i-Pul", "Nimruz"). A name
    shared by a capital and its province ("Kunduz") means the capital unless the query says
    province ("Kunduz province", "the province of Kunduz"); "Kunduz city" always means the
    capital, and so do "the Helmand provincial capital" and "capital of Nimroz province". A
    trailing ", Afghanistan" is ignored.

    Parameters
    ----------
    gazetteer
        The places and spellings (:func:`geo.gazetteer.load_gazetteer`).
    province_points
        Province name -> ``(lat, lon)`` of a point inside it, the point returned for a province
        (:func:`geo.boundaries.label_points`). Must cover every province of the gazetteer.

    Raises
    ------
    ValueError
        If ``province_points`` lacks a province or holds a non-finite coordinate.

    Examples
    --------
    >>> from geo.gazetteer import load_gazetteer
    >>> gazetteer = load_gazetteer()
    >>> points = {name: (34.0, 66.0) for name in gazetteer.provinces}
    >>> geocoder = GazetteerGeocoder(gazetteer, points)
    >>> loc = geocoder.geocode("Pol-e Khomri")
    >>> loc.address, loc.raw["kind"], round(loc.latitude, 2)
    ('Pul-e Khumri, Baghlan, Afghanistan', 'capital', 35.94)
    >>> geocoder.geocode("Kunduz province").raw["kind"]
    'province'
    >>> geocoder.geocode("Springfield") is None
    True
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        province_points: Mapping[str, tuple[float, float]],
    ) -> None:
        super().__init__(adapter_factory=_OfflineAdapter)
        missing = sorted(set(gazetteer.provinces) - set(province_points))
        if missing:
            raise ValueError(
                f"province_points lacks {missing}; pass geo.boundaries.label_points(provinces)"
            )
        bad = sorted(
            name
            for name, (lat, lon) in province_points.items()
            if not (math.isfinite(lat) and math.isfinite(lon))
        )
        if bad:
            raise ValueError(f"province_points has non-finite coordinates for {bad}")
        self.gazetteer = gazetteer
        self.province_points: dict[str, tuple[float, float]] = {
            name: (float(lat), float(lon)) for name, (lat, lon) in province_points.items()
        }

    def geocode(
        self, query: str, *, exactly_one: bool = True, **kwargs: Any
    ) -> Location | list[Location] | None:
        """Find a province or capital by any known spelling.

        Parameters
        ----------
        query
            A place name, optionally qualified: "Kunduz province", "province of Herat",
            "Kunduz city", "Ghazni, Afghanistan".
        exactly_one
            Return one Location (or None); when false, a list (empty when nothing matches)
            holding, for a bare shared name, the capital and then the province.
        **kwargs
            Accepted and ignored (geopy's ``timeout``, Nominatim's ``country_codes``...), so
            this geocoder can stand in for any other.

        Returns
        -------
        geopy.location.Location or list of Location or None
            ``address`` "<place>, <province>, Afghanistan" for a capital and
            "<province> Province, Afghanistan" for a province; ``raw`` holds ``place``,
            ``kind``, ``province``, ``iso_3166_2`` and ``source`` ("gazetteer").

        Raises
        ------
        TypeError
            If ``query`` is not a string (structured dict queries are not supported).
        """
        if not isinstance(query, str):
            raise TypeError(
                f"GazetteerGeocoder takes a place name string, not {type(query).__name__}"
            )
        places = self._resolve(query)
        locations = [self._location(p) for p in places]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def reverse(
        self,
        query: Point | tuple[float, float] | str,
        *,
        exactly_one: bool = True,
        max_distance_km: float = REVERSE_MAX_KM,
        **kwargs: Any,
    ) -> Location | list[Location] | None:
        """The nearest provincial capital(s) to a point, by great-circle distance.

        This does not test which province contains the point (that is
        :func:`geo.boundaries.join_points`); a point just across the border still finds an
        Afghan capital if it is within ``max_distance_km``.

        Parameters
        ----------
        query
            ``(lat, lon)``, a geopy Point or a "lat, lon" string.
        exactly_one
            Return the nearest capital, or a list of every capital within range, nearest first.
        max_distance_km
            Capitals farther than this are not returned.
        **kwargs
            Accepted and ignored.

        Returns
        -------
        geopy.location.Location or list of Location or None
            As :meth:`geocode`, with ``raw["distance_km"]`` added.
        """
        point = Point(query)
        ranked = sorted(
            (great_circle(point, (c.lat, c.lon)).km, c.province, c)
            for c in self.gazetteer.capitals.values()
        )
        found = [
            self._location(c, distance_km=round(d, 3)) for d, _, c in ranked if d <= max_distance_km
        ]
        if exactly_one:
            return found[0] if found else None
        return found

    def _resolve(self, query: str) -> list[Place]:
        """The places a query can mean, preferred first."""
        text = " ".join(query.split())
        text = _COUNTRY_SUFFIX.sub("", text)
        for pattern in _CAPITAL_OF:
            stripped = pattern.sub("", text)
            if stripped != text and stripped:
                # "the Helmand provincial capital", "capital of Nimroz province"
                province = self._resolve(_PROVINCE_SUFFIX.sub("", stripped) + " province")
                return [self.gazetteer.capitals[p.province] for p in province]
        want: PlaceKind | None = None
        for pattern, kind in (
            (_PROVINCE_PREFIX, PlaceKind.PROVINCE),
            (_PROVINCE_SUFFIX, PlaceKind.PROVINCE),
            (_CITY_PREFIX, PlaceKind.CAPITAL),
            (_CITY_SUFFIX, PlaceKind.CAPITAL),
        ):
            stripped = pattern.sub("", text)
            if stripped != text and stripped:
                text, want = stripped, kind
                break
        text = _LEADING_THE.sub("", text)
        entry = self.gazetteer.lookup(text)
        if entry is None and want is not None:
            # a spelling that itself ends in "city" or "province" ("Kunduz City" in the data)
            entry = self.gazetteer.lookup(" ".join(query.split()))
            want = None if entry is not None else want
        if entry is None:
            return []
        if want is PlaceKind.PROVINCE:
            return [entry.province] if entry.province else []
        if want is PlaceKind.CAPITAL:
            return [entry.capital] if entry.capital else []
        return [p for p in (entry.capital, entry.province) if p is not None]

    def _location(self, place: Place, **extra: Any) -> Location:
        if place.kind is PlaceKind.CAPITAL:
            lat, lon = place.lat, place.lon
            address = f"{place.name}, {place.province}, Afghanistan"
        else:
            lat, lon = self.province_points[place.province]
            address = f"{place.province} Province, Afghanistan"
        raw: dict[str, Any] = {
            "place": place.name,
            "kind": str(place.kind),
            "province": place.province,
            "iso_3166_2": place.iso_3166_2,
            "source": "gazetteer",
            **extra,
        }
        return Location(address, Point(lat, lon), raw)


class CachedGeocoder:
    """Disk cache in front of a geocoder: one JSON file per normalised query.

    Only successes are stored. A None result is not cached and an exception propagates
    uncached, so both are asked again next time. Files are written atomically (temporary file
    and rename), so concurrent sessions can share a cache folder; an unreadable cache file
    counts as a miss and is overwritten.

    Parameters
    ----------
    geocoder
        A geopy geocoder (its ``geocode`` method is used) or any callable
        ``f(query, **kwargs) -> Location | None`` such as a geopy ``RateLimiter``.
    cache_dir
        Folder for the cache files (created when first needed).
    **kwargs
        Passed on every call (e.g. ``exactly_one=True, country_codes="af"``); they are part of
        the cache key, so differently-configured geocoders do not share entries.

    Examples
    --------
    >>> import tempfile
    >>> calls = []
    >>> def fake(query, **kwargs):
    ...     calls.append(query)
    ...     return Location("Doha, Qatar", Point(25.29, 51.53), {})
    >>> cached = CachedGeocoder(fake, Path(tempfile.mkdtemp()))
    >>> cached("Doha").address, cached("  DOHA ").address, calls
    ('Doha, Qatar', 'Doha, Qatar', ['Doha'])
    """

    def __init__(
        self,
        geocoder: Geocoder | Callable[..., Any],
        cache_dir: Path,
        **kwargs: Any,
    ) -> None:
        if isinstance(geocoder, Geocoder):
            self.geocoder: Callable[..., Any] = geocoder.geocode
        elif callable(geocoder):
            self.geocoder = geocoder
        else:
            raise TypeError(f"CachedGeocoder needs a geocoder or a callable, got {geocoder!r}")
        self.cache_dir = Path(cache_dir)
        self.kwargs = dict(kwargs)
        self._kwargs_key = json.dumps(self.kwargs, sort_keys=True, default=repr)

    def cache_path(self, query: str) -> Path:
        """The cache file of a query (whether or not it exists)."""
        key = json.dumps([normalise_query(query), self._kwargs_key])
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.json"

    def __call__(self, query: str) -> Location | None:
        """Geocode ``query``: from the cache if it was found before, else from the geocoder.

        Parameters
        ----------
        query
            A place name; the cache key is :func:`normalise_query` of it.

        Returns
        -------
        geopy.location.Location or None
            None when the geocoder finds nothing (not cached).
        """
        path = self.cache_path(query)
        hit = self._read(path)
        if hit is not None:
            return hit
        result = self.geocoder(" ".join(query.split()), **self.kwargs)
        if isinstance(result, list):
            result = result[0] if result else None
        if result is None:
            return None
        if not isinstance(result, Location):
            raise TypeError(f"geocoder returned {type(result).__name__}, not a geopy Location")
        self._write(path, query, result)
        return result

    def _read(self, path: Path) -> Location | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Location(
                data["address"],
                Point(data["latitude"], data["longitude"], data.get("altitude", 0.0)),
                data.get("raw") or {},
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("ignoring unreadable geocoder cache file %s (%s)", path, exc)
            return None

    def _write(self, path: Path, query: str, location: Location) -> None:
        data = {
            "query": normalise_query(query),
            "kwargs": json.loads(self._kwargs_key),
            "address": location.address,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "altitude": location.altitude,
            "raw": location.raw,
        }
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            logger.warning("cannot write geocoder cache file %s (%s)", path, exc)


class LayeredGeocoder:
    """``query -> Location | None``: the gazetteer first, then (if any) the online geocoder.

    Built by :func:`make_geocoder`; its parts are attributes so callers and tests can inspect
    them.

    Parameters
    ----------
    gazetteer
        The offline geocoder, asked first.
    online
        Asked only for names the gazetteer does not know; None for offline use.
    """

    def __init__(self, gazetteer: GazetteerGeocoder, online: CachedGeocoder | None = None) -> None:
        self.gazetteer = gazetteer
        self.online = online

    def __call__(self, query: str) -> Location | None:
        """Geocode one place name; None when no layer finds it."""
        found = self.gazetteer.geocode(query, exactly_one=True)
        if isinstance(found, Location):
            return found
        if self.online is None:
            return None
        return self.online(query)


def make_geocoder(
    gazetteer: Gazetteer,
    province_points: Mapping[str, tuple[float, float]],
    *,
    online: bool = False,
    cache_dir: Path | None = None,
    user_agent: str = settings.NOMINATIM_USER_AGENT,
    nominatim_factory: Callable[..., Any] | None = None,
) -> LayeredGeocoder:
    """Build the project's geocoding function.

    Offline, only the gazetteer answers. Online, names it lacks go to OpenStreetMap's
    Nominatim, politely: restricted to Afghanistan (``country_codes="af"``), at most one
    request per ``settings.NOMINATIM_MIN_DELAY_SECONDS`` (geopy's ``RateLimiter``, which also
    retries server errors and then returns None), with a real user agent, behind a
    :class:`CachedGeocoder` so a name is fetched once. Constructing it makes no request.

    Parameters
    ----------
    gazetteer
        The places and spellings.
    province_points
        Province name -> ``(lat, lon)`` (:func:`geo.boundaries.label_points`).
    online
        Use Nominatim for names the gazetteer does not know.
    cache_dir
        Folder of the Nominatim cache; default ``.afmap/geocode-cache`` in the project (the
        CLI and the dashboard pass ``settings.Paths.from_env().cache_dir``).
    user_agent
        Sent to Nominatim, whose usage policy requires one that identifies the application.
    nominatim_factory
        Called as ``nominatim_factory(user_agent=..., timeout=...)`` to build the online
        geocoder (an object with a geopy-style ``geocode``); default geopy's ``Nominatim``.
        Tests pass a fake.

    Returns
    -------
    LayeredGeocoder
        A callable ``query -> Location | None``.

    Raises
    ------
    ValueError
        If ``online`` is true and ``user_agent`` is empty.

    Examples
    --------
    >>> from geo.gazetteer import load_gazetteer
    >>> gazetteer = load_gazetteer()
    >>> geocode = make_geocoder(gazetteer, {p: (34.0, 66.0) for p in gazetteer.provinces})
    >>> geocode("Gardiz").raw["place"], geocode("Doha")
    ('Gardez', None)
    """
    offline = GazetteerGeocoder(gazetteer, province_points)
    if not online:
        return LayeredGeocoder(offline)
    if not user_agent.strip():
        raise ValueError(
            "Nominatim needs a user agent that identifies the application (usage policy); "
            "pass user_agent= or keep settings.NOMINATIM_USER_AGENT"
        )
    factory: Callable[..., Any] = nominatim_factory or Nominatim
    nominatim = factory(user_agent=user_agent, timeout=NOMINATIM_TIMEOUT_SECONDS)
    limited = RateLimiter(
        nominatim.geocode,
        min_delay_seconds=settings.NOMINATIM_MIN_DELAY_SECONDS,
    )
    cached = CachedGeocoder(
        limited,
        cache_dir or settings.DEFAULT_STATE_DIR / "geocode-cache",
        exactly_one=True,
        country_codes="af",
    )
    return LayeredGeocoder(offline, cached)


def claim_query(claim: Claim) -> str:
    """The geocoder query for a claim: "<province> province" or the capital's name.

    Examples
    --------
    >>> import datetime as dt
    >>> from geo.types import ControlStatus, DatePrecision
    >>> day = dt.date(2021, 8, 8)
    >>> claim = Claim("a1", day, "Kunduz", PlaceKind.PROVINCE, "Kunduz", "AF-KDZ",
    ...               ControlStatus.TALIBAN, day, DatePrecision.DAY, "", "", "", 0, 6, "Kunduz")
    >>> claim_query(claim)
    'Kunduz province'
    """
    if claim.kind is PlaceKind.PROVINCE:
        return f"{claim.province or claim.place} province"
    return claim.place


def geocode_claims(
    claims: Sequence[Claim], geocode: Callable[[str], Location | None]
) -> list[Claim]:
    """Fill each claim's ``lat``/``lon`` from a geocoder.

    Each distinct query is asked once per call. A query that finds nothing, or whose geocoder
    raises a geopy error, leaves that claim's coordinates as they were (NaN for a new claim)
    and is logged; the rest of the batch goes on.

    Parameters
    ----------
    claims
        Claims, typically with NaN coordinates.
    geocode
        ``query -> Location | None``, e.g. from :func:`make_geocoder`.

    Returns
    -------
    list of Claim
        New claims (``dataclasses.replace``) in the input order.
    """
    found: dict[str, Location | None] = {}
    out: list[Claim] = []
    for claim in claims:
        query = claim_query(claim)
        if query not in found:
            try:
                found[query] = geocode(query)
            except GeopyError as exc:
                logger.warning("geocoding %r failed: %s", query, exc)
                found[query] = None
        loc = found[query]
        if loc is None:
            out.append(claim)
        else:
            out.append(dataclasses.replace(claim, lat=loc.latitude, lon=loc.longitude))
    return out
