"""Afghanistan conflict map: dated news text -> evidence-backed control claims on the 34 provinces.

The entry points the dashboard and the command line use; everything here is offline.
"""

from __future__ import annotations

from geo.pipeline import (
    Extractor,
    claims_frame,
    default_extractor,
    extract_claims,
    geocode_and_join,
    read_inputs,
    status_frame,
    status_geoframe,
    status_rows,
)
from geo.types import Article, Claim, ControlStatus, DatePrecision, PlaceKind

__all__ = [
    "Article",
    "Claim",
    "ControlStatus",
    "DatePrecision",
    "Extractor",
    "PlaceKind",
    "claims_frame",
    "default_extractor",
    "extract_claims",
    "geocode_and_join",
    "read_inputs",
    "status_frame",
    "status_geoframe",
    "status_rows",
]
