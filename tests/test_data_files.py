"""The shipped data files: present, byte-identical to data/PROVENANCE.md, and consistent.

Read with the standard library and shapely only, so a bug in geo/ cannot hide a damaged file.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import shapely

from geo import settings

# sha256 values from data/PROVENANCE.md (copied, so the test reads nothing outside the repo).
EXPECTED_SHA256: dict[str, str] = {
    "afg_provinces.geojson": "313ce2989b243749c4e4c72c8e828ab60ea622c05126e2122b7a0092ea36df08",
    "afg_provinces_simplified.geojson": (
        "bdd1b7f89c06b34bd52f1589e9263f5f8319810b917ed55765fa3ab130c6ed16"
    ),
    "afg_provincial_capitals.csv": (
        "b2d6654b2b07633fae402d36a11212928b9d6b1c677ffbc03c620d04062466e0"
    ),
}
SHIPPED = (*EXPECTED_SHA256, "build_afg_data.py")
GEOJSONS = ("afg_provinces.geojson", "afg_provinces_simplified.geojson")

# ISO 3166-2:AF, the 34 provinces.
ISO_CODES = frozenset(
    {
        "AF-BAL",
        "AF-BAM",
        "AF-BDG",
        "AF-BDS",
        "AF-BGL",
        "AF-DAY",
        "AF-FRA",
        "AF-FYB",
        "AF-GHA",
        "AF-GHO",
        "AF-HEL",
        "AF-HER",
        "AF-JOW",
        "AF-KAB",
        "AF-KAN",
        "AF-KAP",
        "AF-KDZ",
        "AF-KHO",
        "AF-KNR",
        "AF-LAG",
        "AF-LOG",
        "AF-NAN",
        "AF-NIM",
        "AF-NUR",
        "AF-PAN",
        "AF-PAR",
        "AF-PIA",
        "AF-PKA",
        "AF-SAM",
        "AF-SAR",
        "AF-TAK",
        "AF-URU",
        "AF-WAR",
        "AF-ZAB",
    }
)


def read_features(name: str) -> list[dict[str, Any]]:
    data = json.loads((settings.DATA_DIR / name).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    features: list[dict[str, Any]] = data["features"]
    return features


def read_capitals() -> list[dict[str, str]]:
    with (settings.DATA_DIR / "afg_provincial_capitals.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        return list(csv.DictReader(fh))


def test_iso_code_list_has_34_codes() -> None:
    assert len(ISO_CODES) == settings.N_PROVINCES == 34


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_file_exists(name: str) -> None:
    path: Path = settings.DATA_DIR / name
    assert path.is_file(), f"{path} is missing; restore it from git"
    assert path.stat().st_size > 0


@pytest.mark.parametrize("name", sorted(EXPECTED_SHA256))
def test_sha256_matches_provenance(name: str) -> None:
    digest = hashlib.sha256((settings.DATA_DIR / name).read_bytes()).hexdigest()
    assert digest == EXPECTED_SHA256[name], (
        f"data/{name} differs from the file described in data/PROVENANCE.md; restore it from git "
        "or rebuild it with data/build_afg_data.py and update PROVENANCE.md"
    )


@pytest.mark.parametrize("name", GEOJSONS)
def test_geojson_has_34_provinces_with_iso_codes(name: str) -> None:
    features = read_features(name)
    assert len(features) == 34
    codes = [f["properties"]["iso_3166_2"] for f in features]
    assert len(set(codes)) == 34
    assert set(codes) == ISO_CODES
    names = [f["properties"]["name"] for f in features]
    assert len(set(names)) == 34
    for f in features:
        assert set(f["properties"]) >= {"name", "iso_3166_2", "alt_names", "geonames_admin1"}
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        geom = shapely.geometry.shape(f["geometry"])
        assert geom.is_valid, (f["properties"]["name"], shapely.is_valid_reason(geom))
        assert not geom.is_empty


def test_both_geojsons_hold_the_same_provinces() -> None:
    full, simple = (
        {f["properties"]["iso_3166_2"]: f["properties"] for f in read_features(n)} for n in GEOJSONS
    )
    assert full == simple


def test_csv_has_34_capitals_matching_the_geojson() -> None:
    rows = read_capitals()
    assert len(rows) == 34
    codes = [r["iso_3166_2"] for r in rows]
    assert len(set(codes)) == 34
    assert set(codes) == ISO_CODES
    names = {
        f["properties"]["iso_3166_2"]: f["properties"]["name"] for f in read_features(GEOJSONS[0])
    }
    assert {r["iso_3166_2"]: r["province"] for r in rows} == names
    assert len({r["capital"] for r in rows}) == 34
    for r in rows:
        assert 29 < float(r["lat"]) < 39, r
        assert 60 < float(r["lon"]) < 75.5, r


@pytest.mark.parametrize("name", GEOJSONS)
def test_every_capital_is_inside_its_own_province(name: str) -> None:
    polygons = {
        f["properties"]["iso_3166_2"]: shapely.geometry.shape(f["geometry"])
        for f in read_features(name)
    }
    outside = [
        (r["capital"], r["iso_3166_2"])
        for r in read_capitals()
        if not polygons[r["iso_3166_2"]].contains(shapely.Point(float(r["lon"]), float(r["lat"])))
    ]
    assert outside == []
    # and in no other province (the polygons do not overlap at the capitals)
    for r in read_capitals():
        point = shapely.Point(float(r["lon"]), float(r["lat"]))
        inside = [iso for iso, poly in polygons.items() if poly.contains(point)]
        assert inside == [r["iso_3166_2"]], r["capital"]


def test_province_points_are_the_representative_points_of_the_full_polygons() -> None:
    with settings.PROVINCE_POINTS_CSV.open(encoding="utf-8", newline="") as fh:
        points = {r["iso_3166_2"]: r for r in csv.DictReader(fh)}
    features = {f["properties"]["iso_3166_2"]: f for f in read_features("afg_provinces.geojson")}
    assert set(points) == set(features)
    for iso, row in points.items():
        polygon = shapely.geometry.shape(features[iso]["geometry"])
        point = shapely.Point(float(row["lon"]), float(row["lat"]))
        assert polygon.contains(point), iso
        expected = polygon.representative_point()
        assert (round(expected.y, 5), round(expected.x, 5)) == (
            float(row["lat"]), float(row["lon"])), iso
        assert row["province"] == features[iso]["properties"]["name"]
