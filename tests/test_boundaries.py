"""geo.boundaries: loading and validating the province polygons, label points, the spatial join."""

from __future__ import annotations

import copy
import csv
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import boundaries, settings
from geo.boundaries import join_points, label_points, load_provinces
from geo.errors import DataFileError
from geo.gazetteer import Gazetteer, load_gazetteer

FILES = {"full": settings.PROVINCES_FULL, "simplified": settings.PROVINCES_SIMPLIFIED}
FIX = "restore data/afg_provinces.geojson from git"

Json = dict[str, Any]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module", params=sorted(FILES))
def provinces(request: pytest.FixtureRequest) -> gpd.GeoDataFrame:
    return load_provinces(FILES[request.param])


@pytest.fixture(scope="module")
def source() -> Json:
    data: Json = json.loads(settings.PROVINCES_FULL.read_text(encoding="utf-8"))
    return data


def write_json(path: Path, data: Json) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def feature(data: Json, name: str) -> Json:
    found: Json = next(f for f in data["features"] if f["properties"]["name"] == name)
    return found


def capitals_frame(gazetteer: Gazetteer) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "place": c.name,
                "province": c.province,
                "iso": c.iso_3166_2,
                "lat": c.lat,
                "lon": c.lon,
            }
            for c in gazetteer.capitals.values()
        ]
    )


# --------------------------------------------------------------------------- loading


def test_loads_34_provinces_in_iso_order(provinces: gpd.GeoDataFrame, gazetteer: Gazetteer) -> None:
    assert list(provinces.columns) == list(boundaries.PROVINCE_COLUMNS)
    assert len(provinces) == 34
    assert list(provinces.index) == list(range(34))
    assert provinces.crs.to_epsg() == 4326
    assert provinces.geometry.name == "geometry"
    iso = provinces["iso_3166_2"].tolist()
    assert iso == sorted(iso)
    assert len(set(iso)) == 34
    assert all(code.startswith("AF-") for code in iso)
    assert set(provinces["province"]) == set(gazetteer.provinces)
    assert provinces.geometry.is_valid.all()
    assert set(provinces.geom_type) <= {"Polygon", "MultiPolygon"}
    kunduz = provinces.set_index("province").loc["Kunduz"]
    assert kunduz["iso_3166_2"] == "AF-KDZ"
    assert kunduz["geonames_admin1"] == "24"
    assert "Qunduz" in kunduz["alt_names"].split("|")


def test_default_paths_and_simplified_flag() -> None:
    full = load_provinces()
    simple = load_provinces(simplified=True)
    pd.testing.assert_frame_equal(full, load_provinces(settings.PROVINCES_FULL))
    pd.testing.assert_frame_equal(simple, load_provinces(settings.PROVINCES_SIMPLIFIED))
    assert full["iso_3166_2"].tolist() == simple["iso_3166_2"].tolist()
    # the simplified file really is the lighter one
    assert shapely.get_num_coordinates(simple.geometry.to_numpy()).sum() < (
        shapely.get_num_coordinates(full.geometry.to_numpy()).sum()
    )


def test_repeated_loads_are_memoised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "provinces.geojson"
    path.write_bytes(settings.PROVINCES_SIMPLIFIED.read_bytes())
    reads: list[Path] = []
    real_read = boundaries._read

    def counting_read(p: Path) -> gpd.GeoDataFrame:
        reads.append(p)
        return real_read(p)

    monkeypatch.setattr(boundaries, "_read", counting_read)
    first = load_provinces(path)
    second = load_provinces(path)
    assert len(reads) == 1
    pd.testing.assert_frame_equal(first, second)
    # each call gets its own copy: changing one does not change the memo
    first.loc[0, "province"] = "changed"
    assert load_provinces(path).loc[0, "province"] == "Balkh"
    assert len(reads) == 1
    # a new modification time means a new read
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    load_provinces(path)
    assert len(reads) == 2
    boundaries.clear_cache()
    load_provinces(path)
    assert len(reads) == 3


def test_passing_a_gazetteer(gazetteer: Gazetteer) -> None:
    assert len(load_provinces(gazetteer=gazetteer)) == 34


# --------------------------------------------------------------------------- damaged files


def drop_one(data: Json) -> None:
    data["features"].pop(5)


def duplicate_iso(data: Json) -> None:
    feature(data, "Takhar")["properties"]["iso_3166_2"] = "AF-KDZ"


def non_af_iso(data: Json) -> None:
    feature(data, "Takhar")["properties"]["iso_3166_2"] = "TJ-GB"


def missing_property(data: Json) -> None:
    for f in data["features"]:
        del f["properties"]["iso_3166_2"]


def duplicate_name(data: Json) -> None:
    feature(data, "Takhar")["properties"]["name"] = "Kunduz"


def swap_kunduz_takhar(data: Json) -> None:
    kdz, tak = feature(data, "Kunduz"), feature(data, "Takhar")
    kdz["geometry"], tak["geometry"] = tak["geometry"], kdz["geometry"]


def rename_province(data: Json) -> None:
    feature(data, "Kunduz")["properties"]["name"] = "Qunduz"


def null_geometry(data: Json) -> None:
    feature(data, "Zabul")["geometry"] = None


def point_geometry(data: Json) -> None:
    feature(data, "Zabul")["geometry"] = {"type": "Point", "coordinates": [66.9, 32.1]}


def swap_axes(data: Json) -> None:
    for f in data["features"]:
        for ring in f["geometry"]["coordinates"]:
            for xy in ring:
                xy.reverse()


DAMAGES: dict[str, tuple[Callable[[Json], None], str]] = {
    "33 features": (drop_one, "has 33 features, expected 34"),
    "duplicate iso": (duplicate_iso, "duplicate ISO 3166-2 codes ['AF-KDZ']"),
    "non-AF iso": (non_af_iso, "do not start with 'AF-': ['TJ-GB']"),
    "missing property": (missing_property, "lacks the feature properties ['iso_3166_2']"),
    "duplicate name": (duplicate_name, "duplicate province names ['Kunduz']"),
    "capital outside": (swap_kunduz_takhar, "capital Kunduz (36.72895, 68.857) is outside"),
    "unknown province": (rename_province, "province 'Kunduz' (capital Kunduz) is missing"),
    "null geometry": (null_geometry, "without geometry: ['Zabul']"),
    "point geometry": (point_geometry, "non-polygon geometries for ['Zabul']"),
    "swapped axes": (swap_axes, "outside Afghanistan"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_geojson_is_refused(tmp_path: Path, source: Json, damage: str) -> None:
    edit, problem = DAMAGES[damage]
    data = copy.deepcopy(source)
    edit(data)
    path = write_json(tmp_path / "damaged.geojson", data)
    with pytest.raises(DataFileError) as info:
        load_provinces(path)
    message = str(info.value)
    assert str(path) in message
    assert problem in message
    assert FIX in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "afg_provinces.geojson"
    with pytest.raises(DataFileError, match="cannot open the file") as info:
        load_provinces(path)
    assert str(path) in str(info.value)
    assert FIX in str(info.value)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="is not a file"):
        load_provinces(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(None, id="truncated"),
        pytest.param("", id="empty"),
        pytest.param("not json at all", id="garbage"),
    ],
)
def test_unparsable_file(tmp_path: Path, text: str | None) -> None:
    if text is None:
        full = settings.PROVINCES_FULL.read_text(encoding="utf-8")
        text = full[: len(full) // 2]
    path = tmp_path / "bad.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot be parsed") as info:
        load_provinces(path)
    assert str(path) in str(info.value)
    assert FIX in str(info.value)


def test_empty_feature_collection(tmp_path: Path) -> None:
    path = write_json(tmp_path / "empty.geojson", {"type": "FeatureCollection", "features": []})
    with pytest.raises(DataFileError, match="has 0 features, expected 34"):
        load_provinces(path)


def test_other_crs_names_the_crs_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "mercator.geojson"
    gpd.read_file(settings.PROVINCES_SIMPLIFIED).to_crs(3857).to_file(path)
    with pytest.raises(DataFileError) as info:
        load_provinces(path)
    message = str(info.value)
    assert str(path) in message
    assert "EPSG:3857" in message
    assert "expected EPSG:4326" in message
    assert "to_crs('EPSG:4326')" in message


def test_capital_moved_outside_its_province_in_the_gazetteer(tmp_path: Path) -> None:
    """The same check seen from the other side: a gazetteer whose capital is elsewhere."""
    with settings.CAPITALS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["capital"] == "Kunduz":
            row["lat"], row["lon"] = "34.52813", "69.17233"  # Kabul's coordinates
    moved = tmp_path / "capitals.csv"
    with moved.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataFileError) as info:
        load_provinces(gazetteer=load_gazetteer(capitals_csv=moved))
    message = str(info.value)
    assert str(settings.PROVINCES_FULL) in message
    assert "capital Kunduz (34.52813, 69.17233) is outside its province Kunduz" in message
    assert "restore data/afg_provinces.geojson from git" in message


def test_shipped_file_error_names_its_own_restore_command() -> None:
    error = boundaries._error(settings.PROVINCES_SIMPLIFIED, "is damaged")
    assert str(settings.PROVINCES_SIMPLIFIED) in str(error)
    assert "git checkout -- data/afg_provinces_simplified.geojson" in str(error)


def test_invalid_polygon_is_repaired_with_a_warning(tmp_path: Path, source: Json) -> None:
    data = copy.deepcopy(source)
    ring = feature(data, "Zabul")["geometry"]["coordinates"][0]
    x, y = ring[10]
    ring[11:11] = [[x + 0.3, y + 0.3], [x, y]]  # a zero-width spike: a self-intersection
    path = write_json(tmp_path / "spike.geojson", data)
    assert not shapely.geometry.shape(feature(data, "Zabul")["geometry"]).is_valid
    with pytest.warns(UserWarning, match=r"repaired invalid polygons .*Zabul"):
        provinces = load_provinces(path)
    assert provinces.geometry.is_valid.all()
    zabul = provinces.set_index("province").geometry["Zabul"]
    original = shapely.geometry.shape(feature(source, "Zabul")["geometry"])
    assert zabul.geom_type == "Polygon"
    assert zabul.symmetric_difference(original).area < 1e-9


# --------------------------------------------------------------------------- label points


def test_label_points_lie_inside_their_province(provinces: gpd.GeoDataFrame) -> None:
    points = label_points(provinces)
    assert set(points) == set(provinces["province"])
    for name, polygon in zip(provinces["province"], provinces.geometry, strict=True):
        lat, lon = points[name]
        assert polygon.contains(shapely.Point(lon, lat)), name


# --------------------------------------------------------------------------- join_points


def test_every_capital_joins_its_own_province(
    provinces: gpd.GeoDataFrame, gazetteer: Gazetteer
) -> None:
    frame = capitals_frame(gazetteer)
    joined = join_points(frame, provinces)
    assert len(frame) == 34
    assert joined["join_iso"].tolist() == frame["iso"].tolist()
    assert joined["join_province"].tolist() == frame["province"].tolist()


def test_points_outside_or_without_coordinates_get_nan(provinces: gpd.GeoDataFrame) -> None:
    frame = pd.DataFrame(
        {
            "place": ["Doha", "Kunduz", "Islamabad", "no lat", "no lon", "text", "inf"],
            "lat": [25.29, 36.72895, 33.69, np.nan, 34.5, "north", np.inf],
            "lon": [51.53, 68.857, 73.05, 69.1, None, "east", 69.1],
        },
        index=[30, 10, 20, 20, 0, -1, 7],
    )
    joined = join_points(frame, provinces)
    assert list(joined.index) == [30, 10, 20, 20, 0, -1, 7]
    assert joined["place"].tolist() == frame["place"].tolist()
    assert joined["join_iso"].tolist()[1] == "AF-KDZ"
    assert joined["join_province"].tolist()[1] == "Kunduz"
    others = joined.drop(index=10)
    assert others["join_iso"].isna().all()
    assert others["join_province"].isna().all()
    assert joined.geometry.isna().tolist() == [False, False, False, True, True, True, True]
    assert joined.crs.to_epsg() == 4326


def test_order_row_count_and_columns_are_kept(
    provinces: gpd.GeoDataFrame, gazetteer: Gazetteer
) -> None:
    frame = capitals_frame(gazetteer).sample(frac=1.0, random_state=7)
    frame = pd.concat([frame, frame.iloc[:5]])  # duplicate rows and index labels
    frame["extra"] = range(len(frame))
    joined = join_points(frame, provinces)
    assert len(joined) == len(frame) == 39
    assert list(joined.index) == list(frame.index)
    assert joined["extra"].tolist() == list(range(39))
    assert joined["join_iso"].tolist() == frame["iso"].tolist()
    assert list(joined.columns[: len(frame.columns)]) == list(frame.columns)
    assert "join_province" not in frame.columns  # the input is not modified


def test_point_on_a_shared_border_is_not_duplicated(provinces: gpd.GeoDataFrame) -> None:
    by_name = provinces.set_index("province").geometry
    border = by_name["Kunduz"].boundary.intersection(by_name["Takhar"].boundary)
    vertices = shapely.points(shapely.get_coordinates(border))
    touching = [sorted(provinces["iso_3166_2"][provinces.geometry.intersects(v)]) for v in vertices]
    two = next(v for v, isos in zip(vertices, touching, strict=True) if len(isos) == 2)
    three = next(v for v, isos in zip(vertices, touching, strict=True) if len(isos) == 3)
    frame = pd.DataFrame(
        {"lat": [two.y, 36.0, three.y], "lon": [two.x, 66.0, three.x]}, index=[2, 1, 0]
    )
    joined = join_points(frame, provinces)
    assert len(joined) == 3
    assert list(joined.index) == [2, 1, 0]
    # the first match in the order of the provinces frame (ISO order)
    assert joined["join_iso"].tolist() == ["AF-KDZ", "AF-SAR", "AF-BGL"]


def test_geodataframe_input_and_column_names(provinces: gpd.GeoDataFrame) -> None:
    frame = gpd.GeoDataFrame(
        {"y": [36.72895, 25.29], "x": [68.857, 51.53], "name": ["Kunduz", "Doha"]},
        geometry=[shapely.Point(0, 0), shapely.Point(1, 1)],
        crs="EPSG:4326",
    )
    joined = join_points(frame, provinces, lat="y", lon="x")
    assert joined["join_iso"].iloc[0] == "AF-KDZ"
    assert math.isnan(joined["join_iso"].iloc[1])
    assert joined.geometry.iloc[0].equals(shapely.Point(0, 0))  # its own geometry is kept


def test_empty_input(provinces: gpd.GeoDataFrame) -> None:
    joined = join_points(pd.DataFrame({"lat": [], "lon": []}), provinces)
    assert len(joined) == 0
    assert {"join_province", "join_iso"} <= set(joined.columns)


def test_missing_coordinate_column_is_explained(provinces: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValueError, match=r"column\(s\) \['lat'\] not in the points frame"):
        join_points(pd.DataFrame({"latitude": [1.0], "lon": [2.0]}), provinces)
