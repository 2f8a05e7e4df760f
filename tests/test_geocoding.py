"""geo.geocoding: the offline gazetteer geocoder, the cache, the polite online path. No network."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from geopy.exc import GeocoderServiceError, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo import settings
from geo.boundaries import label_points, load_provinces
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.geocoding import (
    CachedGeocoder,
    GazetteerGeocoder,
    LayeredGeocoder,
    claim_query,
    geocode_claims,
    make_geocoder,
    normalise_query,
)
from geo.types import Claim, ControlStatus, DatePrecision, PlaceKind


class NetworkUsedError(AssertionError):
    """Raised by the patched socket: a test tried to open a connection."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test in this file fails loudly if anything opens a network connection."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise NetworkUsedError(f"network access attempted: {args[1:]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Give RateLimiter a fake clock: its sleeps are recorded and advance the clock at once."""
    waits: list[float] = []
    now = [1000.0]

    def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    monkeypatch.setattr("geopy.extra.rate_limiter.default_timer", lambda: now[0])
    monkeypatch.setattr("geopy.extra.rate_limiter.sleep", fake_sleep)
    return waits


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def provinces() -> gpd.GeoDataFrame:
    return load_provinces()


@pytest.fixture(scope="module")
def points(provinces: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    return label_points(provinces)


@pytest.fixture(scope="module")
def geocoder(gazetteer: Gazetteer, points: dict[str, tuple[float, float]]) -> GazetteerGeocoder:
    return GazetteerGeocoder(gazetteer, points)


class FakeNominatim:
    """Stands in for geopy's Nominatim: records calls, answers from a table, can fail."""

    def __init__(self, **init_kwargs: Any) -> None:
        self.init_kwargs = init_kwargs
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.answers: dict[str, Location | None] = {
            "Doha": Location("Doha, Qatar", Point(25.29, 51.53), {"osm_id": 1}),
            "Bagram": Location("Bagram, Parwan, Afghanistan", Point(34.96, 69.26), {"osm_id": 2}),
        }
        self.failures: list[Exception] = []

    def geocode(self, query: str, **kwargs: Any) -> Location | None:
        self.calls.append((query, kwargs))
        if self.failures:
            raise self.failures.pop(0)
        return self.answers.get(query)


@pytest.fixture
def fake() -> FakeNominatim:
    return FakeNominatim()


@pytest.fixture
def online(
    gazetteer: Gazetteer,
    points: dict[str, tuple[float, float]],
    fake: FakeNominatim,
    tmp_path: Path,
    sleeps: list[float],
) -> LayeredGeocoder:
    def factory(**kwargs: Any) -> FakeNominatim:
        fake.init_kwargs = kwargs
        return fake

    return make_geocoder(
        gazetteer, points, online=True, cache_dir=tmp_path / "cache", nominatim_factory=factory
    )


def make_claim(place: str, kind: PlaceKind, province: str, iso: str) -> Claim:
    day = dt.date(2021, 8, 8)
    return Claim(
        article_id="a1",
        article_date=day,
        place=place,
        kind=kind,
        province=province,
        iso_3166_2=iso,
        status=ControlStatus.TALIBAN,
        event_date=day,
        date_precision=DatePrecision.DAY,
        claimant="",
        evidence=f"{place} fell.",
        cues="fell",
        start=0,
        end=len(place),
        surface=place,
    )


# --------------------------------------------------------------------------- the network guard


def test_network_guard_is_active() -> None:
    with pytest.raises(NetworkUsedError):
        socket.create_connection(("nominatim.openstreetmap.org", 443), timeout=1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkUsedError):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()


# --------------------------------------------------------------------------- GazetteerGeocoder

SPELLINGS = [
    # query, place, province, iso, (lat, lon) of the capital as in the shipped CSV
    ("Pol-e Khomri", "Pul-e Khumri", "Baghlan", "AF-BGL", (35.94458, 68.71512)),
    ("Puli Khumri", "Pul-e Khumri", "Baghlan", "AF-BGL", (35.94458, 68.71512)),
    ("Sar-i-Pul", "Sar-e Pol", "Sar-e Pol", "AF-SAR", (36.21544, 65.93249)),
    ("Gardiz", "Gardez", "Paktia", "AF-PIA", (33.59744, 69.22592)),
    ("Taluqan", "Taloqan", "Takhar", "AF-TAK", (36.73605, 69.53451)),
    ("Shibirghan", "Sheberghan", "Jowzjan", "AF-JOW", (36.66757, 65.7529)),
    ("Nilli", "Nili", "Daykundi", "AF-DAY", (33.72178, 66.13023)),
    ("Mazar-e-Sharif", "Mazar-i-Sharif", "Balkh", "AF-BAL", (36.70904, 67.11087)),
    ("Kunduz", "Kunduz", "Kunduz", "AF-KDZ", (36.72895, 68.857)),
    ("Kunduz city", "Kunduz", "Kunduz", "AF-KDZ", (36.72895, 68.857)),
    ("  LASHKARGAH ", "Lashkar Gah", "Helmand", "AF-HEL", (31.59382, 64.37161)),
    ("Ghazni, Afghanistan", "Ghazni", "Ghazni", "AF-GHA", (33.55391, 68.42096)),
    ("the Helmand provincial capital", "Lashkar Gah", "Helmand", "AF-HEL", (31.59382, 64.37161)),
    ("capital of Nimroz province", "Zaranj", "Nimroz", "AF-NIM", (30.95962, 61.86037)),
]


@pytest.mark.parametrize(("query", "place", "province", "iso", "latlon"), SPELLINGS)
def test_capital_spellings(
    geocoder: GazetteerGeocoder,
    query: str,
    place: str,
    province: str,
    iso: str,
    latlon: tuple[float, float],
) -> None:
    loc = geocoder.geocode(query)
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == pytest.approx(latlon, abs=1e-9)
    assert loc.address == f"{place}, {province}, Afghanistan"
    assert loc.raw == {
        "place": place,
        "kind": "capital",
        "province": province,
        "iso_3166_2": iso,
        "source": "gazetteer",
    }


@pytest.mark.parametrize(
    ("query", "province"),
    [
        ("Nimruz", "Nimroz"),
        ("Oruzgan", "Uruzgan"),
        ("Kunduz province", "Kunduz"),
        ("the province of Herat", "Herat"),
        ("Sar-i-Pul Province", "Sar-e Pol"),
        ("Paktiya", "Paktia"),
    ],
)
def test_province_spellings_give_a_point_inside_the_province(
    geocoder: GazetteerGeocoder, provinces: gpd.GeoDataFrame, query: str, province: str
) -> None:
    loc = geocoder.geocode(query)
    assert isinstance(loc, Location)
    assert loc.raw["kind"] == "province"
    assert loc.raw["province"] == province
    assert loc.address == f"{province} Province, Afghanistan"
    polygon = provinces.set_index("province").geometry[province]
    assert polygon.contains(shapely.Point(loc.longitude, loc.latitude))


def test_all_34_provinces_and_capitals(
    geocoder: GazetteerGeocoder, gazetteer: Gazetteer, provinces: gpd.GeoDataFrame
) -> None:
    polygons = provinces.set_index("province").geometry
    for name, capital in gazetteer.capitals.items():
        city = geocoder.geocode(capital.name)
        assert isinstance(city, Location)
        assert (city.latitude, city.longitude) == (capital.lat, capital.lon)
        assert city.raw["iso_3166_2"] == capital.iso_3166_2
        area = geocoder.geocode(f"{name} province")
        assert isinstance(area, Location)
        assert area.raw["iso_3166_2"] == capital.iso_3166_2
        assert polygons[name].contains(shapely.Point(area.longitude, area.latitude)), name


def test_shared_name_means_the_city_unless_the_query_says_province(
    geocoder: GazetteerGeocoder, points: dict[str, tuple[float, float]]
) -> None:
    both = geocoder.geocode("Kunduz", exactly_one=False)
    assert isinstance(both, list)
    assert [loc.raw["kind"] for loc in both] == ["capital", "province"]
    assert (both[1].latitude, both[1].longitude) == points["Kunduz"]
    only = geocoder.geocode("Kunduz province", exactly_one=False)
    assert isinstance(only, list)
    assert [loc.raw["kind"] for loc in only] == ["province"]
    assert geocoder.geocode("Pol-e Khomri", exactly_one=False) == [geocoder.geocode("Puli Khumri")]


@pytest.mark.parametrize(
    "query", ["Doha", "Springfield", "", "   ", "province", "Helmand city", "Lashkar Gah province"]
)
def test_unknown_names_are_none_offline(geocoder: GazetteerGeocoder, query: str) -> None:
    assert geocoder.geocode(query) is None
    assert geocoder.geocode(query, exactly_one=False) == []


def test_is_a_geopy_geocoder_that_never_fetches(geocoder: GazetteerGeocoder) -> None:
    assert isinstance(geocoder, Geocoder)
    with pytest.raises(GeocoderServiceError, match="offline"):
        geocoder.adapter.get_json("https://example.org", timeout=1, headers={})
    with pytest.raises(TypeError, match="place name string"):
        geocoder.geocode({"city": "Kunduz"})


def test_constructor_checks_province_points(gazetteer: Gazetteer) -> None:
    with pytest.raises(ValueError, match=r"lacks \['Zabul'\]"):
        GazetteerGeocoder(gazetteer, {p: (34.0, 66.0) for p in gazetteer.provinces if p != "Zabul"})
    bad = dict.fromkeys(gazetteer.provinces, (34.0, 66.0)) | {"Zabul": (math.nan, 66.0)}
    with pytest.raises(ValueError, match="non-finite"):
        GazetteerGeocoder(gazetteer, bad)


def test_reverse_finds_the_nearest_capital(geocoder: GazetteerGeocoder) -> None:
    loc = geocoder.reverse((36.70, 68.80))
    assert isinstance(loc, Location)
    assert loc.raw["place"] == "Kunduz"
    assert loc.raw["distance_km"] < 10
    assert geocoder.reverse("34.53, 69.17").raw["place"] == "Kabul"  # type: ignore[union-attr]
    assert geocoder.reverse(Point(25.29, 51.53)) is None  # Doha: too far from any capital
    ranked = geocoder.reverse((36.70, 68.80), exactly_one=False, max_distance_km=100)
    assert isinstance(ranked, list)
    assert [loc.raw["place"] for loc in ranked][:2] == ["Kunduz", "Taloqan"]
    distances = [loc.raw["distance_km"] for loc in ranked]
    assert distances == sorted(distances)
    assert distances[-1] <= 100


# --------------------------------------------------------------------------- make_geocoder


def test_offline_geocoder(gazetteer: Gazetteer, points: dict[str, tuple[float, float]]) -> None:
    geocode = make_geocoder(gazetteer, points)
    assert geocode.online is None
    assert geocode("Gardiz").raw["place"] == "Gardez"  # type: ignore[union-attr]
    assert geocode("Doha") is None
    assert geocode("Springfield") is None


def test_online_gazetteer_names_never_reach_nominatim(
    online: LayeredGeocoder, fake: FakeNominatim
) -> None:
    for query in ("Kunduz", "Pol-e Khomri", "Nimruz", "Kunduz province", "Mazar-e-Sharif"):
        loc = online(query)
        assert loc is not None
        assert loc.raw["source"] == "gazetteer"
    assert fake.calls == []


def test_online_unknown_names_go_to_nominatim_in_afghanistan(
    online: LayeredGeocoder, fake: FakeNominatim
) -> None:
    assert fake.init_kwargs == {"user_agent": settings.NOMINATIM_USER_AGENT, "timeout": 10}
    loc = online("Bagram")
    assert loc is not None
    assert loc.address == "Bagram, Parwan, Afghanistan"
    assert fake.calls == [("Bagram", {"exactly_one": True, "country_codes": "af"})]


def test_online_successes_are_cached_on_disk(
    online: LayeredGeocoder,
    fake: FakeNominatim,
    gazetteer: Gazetteer,
    points: dict[str, tuple[float, float]],
    tmp_path: Path,
    sleeps: list[float],
) -> None:
    first = online("Doha")
    again = online("  doha ")
    assert len(fake.calls) == 1
    assert first is not None
    assert again is not None
    assert (again.address, again.point, again.raw) == (first.address, first.point, first.raw)
    files = list((tmp_path / "cache").glob("*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text(encoding="utf-8"))["query"] == "doha"
    # a new geocoder on the same folder (a new session) reads the cache too
    other = FakeNominatim()
    later = make_geocoder(
        gazetteer,
        points,
        online=True,
        cache_dir=tmp_path / "cache",
        nominatim_factory=lambda **kw: other,
    )
    loc = later("DOHA")
    assert loc is not None
    assert loc.address == "Doha, Qatar"
    assert other.calls == []


def test_online_failures_are_never_cached(
    online: LayeredGeocoder, fake: FakeNominatim, tmp_path: Path, sleeps: list[float]
) -> None:
    assert online("Springfield") is None
    assert online("Springfield") is None
    assert [q for q, _ in fake.calls] == ["Springfield", "Springfield"]
    # a server error: RateLimiter retries twice, then gives up with None; nothing is cached
    fake.failures = [GeocoderUnavailable("down")] * 3
    assert online("Doha") is None
    assert len(fake.calls) == 5
    assert settings.NOMINATIM_MIN_DELAY_SECONDS < 5.0
    assert sleeps.count(5.0) == 2  # RateLimiter's error wait, recorded, not slept
    assert not list((tmp_path / "cache").glob("*.json"))
    loc = online("Doha")  # asked again, now answered and cached
    assert loc is not None
    assert len(fake.calls) == 6
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_online_requests_are_rate_limited(
    online: LayeredGeocoder, fake: FakeNominatim, sleeps: list[float]
) -> None:
    assert online.online is not None
    limiter = online.online.geocoder
    assert isinstance(limiter, RateLimiter)
    assert limiter.min_delay_seconds == settings.NOMINATIM_MIN_DELAY_SECONDS == 1.0
    online("Doha")
    online("Bagram")
    online("Springfield")
    assert len(fake.calls) == 3
    # the clock stood still, so the 2nd and 3rd requests each waited the full delay
    assert sleeps == [settings.NOMINATIM_MIN_DELAY_SECONDS] * 2


def test_default_factory_builds_a_real_nominatim_without_calling_it(
    gazetteer: Gazetteer, points: dict[str, tuple[float, float]], tmp_path: Path
) -> None:
    geocode = make_geocoder(gazetteer, points, online=True, cache_dir=tmp_path)
    assert geocode.online is not None
    limiter = geocode.online.geocoder
    assert isinstance(limiter, RateLimiter)
    nominatim = limiter.func.__self__
    assert isinstance(nominatim, Nominatim)
    assert nominatim.headers["User-Agent"] == settings.NOMINATIM_USER_AGENT
    assert nominatim.timeout == 10
    assert geocode.online.kwargs == {"exactly_one": True, "country_codes": "af"}
    assert geocode("Taluqan") is not None  # the gazetteer answers; the socket guard stays quiet


def test_online_needs_a_user_agent(
    gazetteer: Gazetteer, points: dict[str, tuple[float, float]], tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="user agent"):
        make_geocoder(gazetteer, points, online=True, cache_dir=tmp_path, user_agent=" ")


# --------------------------------------------------------------------------- CachedGeocoder


def test_cache_key_is_normalised() -> None:
    assert normalise_query("  Mazar-e   SHARIF\n") == "mazar-e sharif"
    assert normalise_query("Straße") == normalise_query("STRASSE")


def test_cached_geocoder_does_not_cache_exceptions(tmp_path: Path) -> None:
    fake = FakeNominatim()
    fake.failures = [RuntimeError("boom")]
    cached = CachedGeocoder(fake.geocode, tmp_path, country_codes="af")
    with pytest.raises(RuntimeError, match="boom"):
        cached("Doha")
    assert not list(tmp_path.glob("*.json"))
    assert cached("Doha") is not None
    assert cached("Doha") is not None
    assert [q for q, _ in fake.calls] == ["Doha", "Doha"]
    assert fake.calls[0][1] == {"country_codes": "af"}


def test_cached_geocoder_keys_include_the_call_options(tmp_path: Path) -> None:
    fake = FakeNominatim()
    CachedGeocoder(fake.geocode, tmp_path, country_codes="af")("Doha")
    CachedGeocoder(fake.geocode, tmp_path, country_codes="qa")("Doha")
    assert len(fake.calls) == 2
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_unreadable_cache_file_is_a_miss(tmp_path: Path) -> None:
    fake = FakeNominatim()
    cached = CachedGeocoder(fake.geocode, tmp_path)
    cached.cache_path("Doha").write_text("{not json", encoding="utf-8")
    loc = cached("Doha")
    assert loc is not None
    assert loc.address == "Doha, Qatar"
    assert len(fake.calls) == 1
    assert cached("Doha") is not None
    assert len(fake.calls) == 1  # the damaged file was replaced


def test_cached_geocoder_wraps_a_geopy_geocoder(
    geocoder: GazetteerGeocoder, tmp_path: Path
) -> None:
    cached = CachedGeocoder(geocoder, tmp_path)
    loc = cached("Gardiz")
    assert loc is not None
    assert loc.raw["place"] == "Gardez"
    assert cached("Springfield") is None
    assert len(list(tmp_path.glob("*.json"))) == 1
    with pytest.raises(TypeError):
        CachedGeocoder(42, tmp_path)


# --------------------------------------------------------------------------- geocode_claims


def test_geocode_claims_fills_coordinates(
    gazetteer: Gazetteer, points: dict[str, tuple[float, float]]
) -> None:
    geocode = make_geocoder(gazetteer, points)
    asked: list[str] = []

    def counting(query: str) -> Location | None:
        asked.append(query)
        return geocode(query)

    claims = [
        make_claim("Kunduz", PlaceKind.CAPITAL, "Kunduz", "AF-KDZ"),
        make_claim("Kunduz", PlaceKind.PROVINCE, "Kunduz", "AF-KDZ"),
        make_claim("Pul-e Khumri", PlaceKind.CAPITAL, "Baghlan", "AF-BGL"),
        make_claim("Springfield", PlaceKind.CAPITAL, "", ""),
        make_claim("Kunduz", PlaceKind.CAPITAL, "Kunduz", "AF-KDZ"),
    ]
    out = geocode_claims(claims, counting)
    assert len(out) == 5
    assert [(c.lat, c.lon) for c in out[:3]] == [
        (36.72895, 68.857),
        points["Kunduz"],
        (35.94458, 68.71512),
    ]
    assert math.isnan(out[3].lat)
    assert math.isnan(out[3].lon)
    assert (out[4].lat, out[4].lon) == (36.72895, 68.857)
    assert asked == ["Kunduz", "Kunduz province", "Pul-e Khumri", "Springfield"]
    for before, after in zip(claims, out, strict=True):
        assert dataclasses.replace(after, lat=before.lat, lon=before.lon) == before
    assert all(math.isnan(c.lat) for c in claims)  # inputs untouched


def test_geocode_claims_survives_a_failing_geocoder() -> None:
    def flaky(query: str) -> Location | None:
        if query == "Kunduz":
            raise GeocoderUnavailable("service down")
        return Location("x", Point(33.0, 66.0), {})

    claims = [
        make_claim("Kunduz", PlaceKind.CAPITAL, "Kunduz", "AF-KDZ"),
        make_claim("Ghazni", PlaceKind.CAPITAL, "Ghazni", "AF-GHA"),
    ]
    out = geocode_claims(claims, flaky)
    assert math.isnan(out[0].lat)
    assert (out[1].lat, out[1].lon) == (33.0, 66.0)


def test_claim_query() -> None:
    assert claim_query(make_claim("Herat", PlaceKind.PROVINCE, "Herat", "AF-HER")) == (
        "Herat province"
    )
    assert claim_query(make_claim("Herat", PlaceKind.CAPITAL, "Herat", "AF-HER")) == "Herat"


def test_geocoders_make_no_request_while_offline(
    gazetteer: Gazetteer, points: dict[str, tuple[float, float]]
) -> None:
    """End to end offline: many names, the socket guard never fires."""
    geocode = make_geocoder(gazetteer, points)
    results: Iterator[Location | None] = (geocode(e.key) for e in gazetteer.entries())
    assert all(r is not None for r in results)
