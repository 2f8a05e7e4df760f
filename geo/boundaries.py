"""Province polygons: loading, validation and the spatial join."""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio.errors
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo import settings
from geo.errors import DataFileError
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.types import Place

PROVINCE_COLUMNS: tuple[str, ...] = (
    "province",
    "iso_3166_2",
    "alt_names",
    "geonames_admin1",
    "geometry",
)
"""Columns of the frame returned by :func:`load_provinces`, in order."""

JOIN_COLUMNS: tuple[str, str] = ("join_province", "join_iso")
"""Columns :func:`join_points` adds to its input."""

AFGHANISTAN_BOUNDS: tuple[float, float, float, float] = (60.0, 29.0, 75.5, 39.0)
"""(min lon, min lat, max lon, max lat) that every province polygon must lie within.

The shipped files span 60.49-74.89 E, 29.39-38.47 N; anything outside this box means swapped
axes, projected coordinates mislabelled as EPSG:4326, or another country's data.
"""

_SOURCE_COLUMNS: dict[str, str] = {
    "name": "province",
    "iso_3166_2": "iso_3166_2",
    "alt_names": "alt_names",
    "geonames_admin1": "geonames_admin1",
}
_READ_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FeatureError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.CRSError,
    CRSError,
    OSError,
    UnicodeDecodeError,
    ValueError,
)
_POLYGONAL = ("Polygon", "MultiPolygon")
_CACHE_SIZE = 16


def load_provinces(
    path: Path | None = None,
    *,
    simplified: bool = False,
    gazetteer: Gazetteer | None = None,
) -> gpd.GeoDataFrame:
    """Read and validate the 34 province polygons.

    The parsed, validated frame is memoised per (resolved path, modification time, size,
    gazetteer capitals), so repeated calls cost a dictionary look-up and a shallow copy; editing
    or replacing the file invalidates the memo.

    Parameters
    ----------
    path
        A GeoJSON (or any vector file GDAL reads) with the properties ``name``, ``iso_3166_2``,
        ``alt_names`` and ``geonames_admin1``. Default: the shipped full-detail file, or the
        simplified one when ``simplified`` is true.
    simplified
        Pick ``data/afg_provinces_simplified.geojson`` instead of the full-detail file. Only
        used when ``path`` is None.
    gazetteer
        Whose capitals must each lie inside their own province. Default: the shipped gazetteer
        (loaded once and memoised).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``province`` (the file's ``name``), ``iso_3166_2``, ``alt_names``,
        ``geonames_admin1`` and ``geometry``; CRS EPSG:4326; sorted by ISO code; index 0..33.
        A fresh copy on every call, so callers may modify it.

    Raises
    ------
    DataFileError
        If the file is missing or unreadable, does not hold exactly 34 features with unique
        ``AF-`` ISO codes and names, is not in EPSG:4326, has null, empty or non-polygonal
        geometries, or a gazetteer capital lies outside its own province. The message names the
        file, the problem and the fix.

    Warns
    -----
    UserWarning
        If some polygons are invalid (self-intersections): they are repaired with
        :func:`shapely.make_valid` and the warning names the provinces (once per version of
        the file, since the result is memoised).

    Examples
    --------
    >>> provinces = load_provinces()
    >>> len(provinces), provinces.crs.to_epsg(), provinces.loc[0, "iso_3166_2"]
    (34, 4326, 'AF-BAL')
    """
    if path is None:
        path = settings.PROVINCES_SIMPLIFIED if simplified else settings.PROVINCES_FULL
    path = Path(path)
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except OSError as exc:
        raise _error(path, f"cannot open the file ({exc.strerror or exc})") from exc
    if not resolved.is_file():
        raise _error(path, "is not a file")
    if gazetteer is None:
        gazetteer = _default_gazetteer(_stat_key(settings.CAPITALS_CSV))
    capitals = tuple(sorted(gazetteer.capitals.values(), key=lambda p: p.province))
    frame = _load_cached(resolved, stat.st_mtime_ns, stat.st_size, capitals)
    return frame.copy()


def clear_cache() -> None:
    """Forget every memoised province frame and the memoised default gazetteer."""
    _load_cached.cache_clear()
    _default_gazetteer.cache_clear()


def label_points(provinces: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """Where to put each province's label (and its geocoded point): a point inside the polygon.

    Parameters
    ----------
    provinces
        A frame from :func:`load_provinces` (EPSG:4326).

    Returns
    -------
    dict of str to (float, float)
        Province name -> ``(lat, lon)`` of the polygon's ``representative_point()``, which is
        always inside the polygon (a centroid need not be).

    Examples
    --------
    >>> points = label_points(load_provinces(simplified=True))
    >>> len(points), [round(v) for v in points["Kunduz"]]
    (34, [37, 69])
    """
    reps = provinces.geometry.representative_point()
    return {
        str(name): (float(pt.y), float(pt.x))
        for name, pt in zip(provinces["province"], reps, strict=True)
    }


def join_points(
    points: pd.DataFrame | gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    *,
    lat: str = "lat",
    lon: str = "lon",
) -> gpd.GeoDataFrame:
    """Find the province each point (a geocoded claim) lies in.

    A point exactly on a shared border intersects two polygons; it gets the first of them in
    the order of ``provinces`` (by ISO code for :func:`load_provinces` frames), so the output
    has exactly one row per input row.

    Parameters
    ----------
    points
        Rows with latitude and longitude columns (WGS84 degrees). Values that are missing,
        not numbers or not finite give a row without a province. Any index, any other columns.
    provinces
        A frame from :func:`load_provinces` (columns ``province``, ``iso_3166_2``, geometry).
    lat, lon
        Names of the latitude and longitude columns.

    Returns
    -------
    geopandas.GeoDataFrame
        The input rows in their order, with their index and all their columns, plus
        ``join_province`` and ``join_iso`` (NaN where the point is outside every polygon or has
        no coordinates). The geometry is the input's own when it is a GeoDataFrame, otherwise
        a ``geometry`` column of points (None where there are no coordinates), EPSG:4326.

    Raises
    ------
    ValueError
        If ``lat`` or ``lon`` is not a column of ``points``.

    Examples
    --------
    >>> frame = pd.DataFrame({"place": ["Kunduz", "Doha"], "lat": [36.73, 25.29],
    ...                       "lon": [68.86, 51.53]})
    >>> join_points(frame, load_provinces(simplified=True))["join_iso"].tolist()
    ['AF-KDZ', nan]
    """
    missing = [c for c in (lat, lon) if c not in points.columns]
    if missing:
        raise ValueError(
            f"join_points: column(s) {missing} not in the points frame (columns: "
            f"{list(points.columns)}); pass lat=/lon= with the right names"
        )
    ys = pd.to_numeric(points[lat], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    xs = pd.to_numeric(points[lon], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    ok = np.isfinite(xs) & np.isfinite(ys)
    geoms = np.full(len(points), None, dtype=object)
    geoms[ok] = shapely.points(xs[ok], ys[ok])
    probe = gpd.GeoDataFrame({"_row": np.arange(len(points))}, geometry=geoms, crs=settings.CRS)
    if provinces.crs is not None and not provinces.crs.equals(probe.crs):
        probe = probe.to_crs(provinces.crs)
    right = gpd.GeoDataFrame(
        {
            "_order": np.arange(len(provinces)),
            "_province": provinces["province"].to_numpy(),
            "_iso": provinces["iso_3166_2"].to_numpy(),
        },
        geometry=provinces.geometry.to_numpy(),
        crs=provinces.crs,
    )
    hits = gpd.sjoin(probe[ok], right, how="inner", predicate="intersects")
    first = hits.sort_values(["_row", "_order"]).drop_duplicates("_row", keep="first")
    by_row = first.set_index("_row")
    positions = pd.RangeIndex(len(points))
    province_col = by_row["_province"].reindex(positions).to_numpy()
    iso_col = by_row["_iso"].reindex(positions).to_numpy()

    if isinstance(points, gpd.GeoDataFrame):
        out = points.copy()
    else:
        out = gpd.GeoDataFrame(points.copy(), geometry=geoms, crs=settings.CRS)
    out[JOIN_COLUMNS[0]] = province_col
    out[JOIN_COLUMNS[1]] = iso_col
    return out


# --------------------------------------------------------------------------- loading internals


def _stat_key(path: Path) -> tuple[str, int, int]:
    """(resolved path, mtime in ns, size) of a file, or (path, -1, -1) when it cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=4)
def _default_gazetteer(csv_key: tuple[str, int, int]) -> Gazetteer:
    """The shipped gazetteer, memoised per state of the capitals CSV (``csv_key``)."""
    del csv_key  # only part of the memo key
    return load_gazetteer()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _load_cached(
    path: Path, mtime_ns: int, size: int, capitals: tuple[Place, ...]
) -> gpd.GeoDataFrame:
    """Read and validate ``path``; the mtime and size only key the memo."""
    del mtime_ns, size
    frame = _read(path)
    frame = _validate_table(path, frame)
    frame = _validate_geometry(path, frame)
    _check_bounds(path, frame)
    _check_capitals(path, frame, capitals)
    return frame


def _read(path: Path) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except _READ_ERRORS as exc:
        raise _error(path, f"cannot be parsed ({type(exc).__name__}: {exc})") from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        raise _error(path, "has no geometry column")
    return frame


def _validate_table(path: Path, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if len(frame) != settings.N_PROVINCES:
        raise _error(
            path, f"has {len(frame)} features, expected {settings.N_PROVINCES} (one per province)"
        )
    missing = [c for c in _SOURCE_COLUMNS if c not in frame.columns]
    if missing:
        raise _error(
            path,
            f"lacks the feature properties {missing} (has {list(frame.columns)})",
        )
    names = frame["name"]
    if names.isna().any() or (names.astype(str).str.strip() == "").any():
        raise _error(path, "has features without a `name`")
    dup_names = sorted(set(names[names.duplicated()]))
    if dup_names:
        raise _error(path, f"has duplicate province names {dup_names}")
    iso = frame["iso_3166_2"]
    if iso.isna().any():
        bad = names[iso.isna()].tolist()
        raise _error(path, f"has features without an ISO 3166-2 code: {bad}")
    not_af = sorted(code for code in iso.astype(str) if not code.startswith("AF-"))
    if not_af:
        raise _error(path, f"has ISO 3166-2 codes that do not start with 'AF-': {not_af}")
    dup_iso = sorted(set(iso[iso.duplicated()]))
    if dup_iso:
        raise _error(path, f"has duplicate ISO 3166-2 codes {dup_iso}")
    _check_crs(path, frame)

    out = frame.rename(columns=_SOURCE_COLUMNS)[list(PROVINCE_COLUMNS[:-1])].copy()
    for col in ("alt_names", "geonames_admin1"):
        out[col] = out[col].fillna("").astype(str)
    out["province"] = out["province"].astype(str)
    out["iso_3166_2"] = out["iso_3166_2"].astype(str)
    gdf = gpd.GeoDataFrame(out, geometry=frame.geometry.to_numpy(), crs=settings.CRS)
    return gdf.sort_values("iso_3166_2", kind="stable").reset_index(drop=True)


def _check_crs(path: Path, frame: gpd.GeoDataFrame) -> None:
    crs = frame.crs
    if crs is None:
        raise _error(
            path,
            "has no CRS; expected EPSG:4326 (WGS84 longitude/latitude). If its coordinates are "
            "degrees, set it with gdf.set_crs('EPSG:4326') and write it again",
        )
    if crs.to_epsg() != 4326 and not crs.equals(CRS("OGC:CRS84")):
        raise _error(
            path,
            f"is in CRS {crs.to_string()} ({crs.name}), expected EPSG:4326 (WGS84 "
            "longitude/latitude). Reproject it with gdf.to_crs('EPSG:4326').to_file(...)",
        )


def _validate_geometry(path: Path, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms = frame.geometry.to_numpy()
    names = frame["province"]
    null = names[shapely.is_missing(geoms)].tolist()
    if null:
        raise _error(path, f"has features without geometry: {null}")
    kinds = shapely.get_type_id(geoms)
    poly_ids = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
    not_poly = names[~np.isin(kinds, poly_ids)].tolist()
    if not_poly:
        raise _error(path, f"has non-polygon geometries for {not_poly}")
    empty = names[shapely.is_empty(geoms)].tolist()
    if empty:
        raise _error(path, f"has empty geometries for {empty}")
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        reasons = [
            f"{name} ({reason})"
            for name, reason in zip(
                names[invalid], shapely.is_valid_reason(geoms[invalid]), strict=True
            )
        ]
        repaired = [_polygonal(shapely.make_valid(g)) for g in geoms[invalid]]
        still_bad = [
            n for n, g in zip(names[invalid], repaired, strict=True) if g is None or g.is_empty
        ]
        if still_bad:
            raise _error(path, f"has invalid polygons that cannot be repaired: {still_bad}")
        warnings.warn(
            f"{path}: repaired invalid polygons with shapely.make_valid: {'; '.join(reasons)}. "
            "The shipped files are valid: restore data/afg_provinces.geojson from git",
            UserWarning,
            stacklevel=4,
        )
        geoms = geoms.copy()
        geoms[invalid] = repaired
        frame = frame.copy()
        frame[frame.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)
    return frame


def _check_bounds(path: Path, frame: gpd.GeoDataFrame) -> None:
    minx, miny, maxx, maxy = (float(v) for v in frame.total_bounds)
    lo_x, lo_y, hi_x, hi_y = AFGHANISTAN_BOUNDS
    if not all(map(math.isfinite, (minx, miny, maxx, maxy))) or not (
        lo_x <= minx and maxx <= hi_x and lo_y <= miny and maxy <= hi_y
    ):
        raise _error(
            path,
            f"has coordinates outside Afghanistan (bounds {minx:.4g}, {miny:.4g}, {maxx:.4g}, "
            f"{maxy:.4g}; expected within {AFGHANISTAN_BOUNDS}): longitude/latitude swapped, or "
            "projected coordinates labelled EPSG:4326",
        )


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The polygonal part of a ``make_valid`` result (which may add lines or points)."""
    if geom.geom_type in _POLYGONAL:
        return geom
    parts: Iterable[shapely.Geometry] = getattr(geom, "geoms", ())
    polys = [p for p in parts if p.geom_type in _POLYGONAL and not p.is_empty]
    if not polys:
        return None
    union = shapely.union_all(polys)
    return union if union.geom_type in _POLYGONAL else None


def _check_capitals(path: Path, frame: gpd.GeoDataFrame, capitals: tuple[Place, ...]) -> None:
    by_name = dict(zip(frame["province"], range(len(frame)), strict=True))
    problems: list[str] = []
    for cap in capitals:
        row = by_name.get(cap.province)
        if row is None:
            problems.append(f"province {cap.province!r} (capital {cap.name}) is missing")
            continue
        iso = frame.at[row, "iso_3166_2"]
        if iso != cap.iso_3166_2:
            problems.append(
                f"{cap.province} has ISO code {iso}, the gazetteer says {cap.iso_3166_2}"
            )
            continue
        polygon = frame.geometry.iloc[row]
        if not polygon.covers(shapely.Point(cap.lon, cap.lat)):
            problems.append(
                f"capital {cap.name} ({cap.lat}, {cap.lon}) is outside its province {cap.province}"
            )
    if problems:
        raise _error(
            path,
            f"does not match the gazetteer ({settings.CAPITALS_CSV.name}): " + "; ".join(problems),
        )


def _error(path: Path, problem: str) -> DataFileError:
    """A DataFileError naming the file, the problem and the fix."""
    shipped = {settings.PROVINCES_FULL.resolve(), settings.PROVINCES_SIMPLIFIED.resolve()}
    try:
        is_shipped = path.resolve() in shipped
    except OSError:
        is_shipped = False
    if is_shipped:
        rel = path.resolve().relative_to(settings.PROJECT_ROOT).as_posix()
        fix = f"restore {rel} from git (git checkout -- {rel})"
    else:
        fix = (
            "fix this file, or use the shipped one (restore data/afg_provinces.geojson from git "
            "if it is damaged)"
        )
    return DataFileError(f"{path}: {problem}. Fix: {fix}")
