"""The project's exceptions: each message names the bad file or value and what to do."""

from __future__ import annotations


class GeoError(Exception):
    """Base class for every error this package raises on purpose."""


class DataFileError(GeoError, ValueError):
    """A shipped data file (boundaries, gazetteer) is missing or damaged."""


class ArticleError(GeoError, ValueError):
    """An article file or text cannot be read (no date line, binary, empty, too large)."""


class StoreError(GeoError, RuntimeError):
    """The article database cannot be opened, migrated or written."""


class IngestError(GeoError, RuntimeError):
    """The extraction workers failed (a worker died, or a Dask worker cannot import ``geo``).

    Not raised for bad inputs or for an article whose extraction raises: those are counted as
    failed. The batches written before the failure stay; running again continues.
    """


class ReviewError(GeoError, ValueError):
    """A review cannot be made: an unknown claim id, a removed article, a bad status, date or
    place, nothing to undo. Nothing was written."""


class ReviewConflictError(ReviewError):
    """The claim was reviewed by someone else since it was read; nothing was written."""
