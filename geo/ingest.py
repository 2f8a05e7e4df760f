"""Batch ingestion: stream article sources, extract in parallel, store in batches.

The flow, with memory bounded by the batch sizes and not by the corpus::

    files, folders, .jsonl  --iter_sources-->  LoadResult (one at a time)
      --chunks of task_size-->  Store.known_ids (skip stored articles)
      --submit, at most window tasks in flight-->  extract_batch in worker processes
      --results in submission order-->  Store.add_many, batch_size articles per transaction

Each transaction holds whole articles (an article and all its claims), so an interrupted run
(Ctrl-C, SIGKILL, a crash) leaves whole articles only, and running it again continues where it
stopped: the articles already stored are recognised by their content hash
(`geo.articles.article_id`) and skipped before extraction.

Engines: ``local`` runs the extraction in this process (``workers=1``) or in a
`concurrent.futures.ProcessPoolExecutor`; ``dask`` runs it on a Dask cluster (a
`distributed.LocalCluster` when no scheduler address is given). Either way the driver reads the
inputs and writes the store, so both engines give the same store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import multiprocessing
import operator
import os
import signal
import sys
import time
import typing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from geo.articles import LoadResult
from geo.errors import IngestError
from geo.formats import (
    SOURCE_SUFFIXES,
    count_records,
    folder_files,
    iter_inputs,
    iter_jsonl,
    parse_jsonl_record,
)
from geo.pipeline import Extractor, default_extractor, extract_claims
from geo.types import Article, Claim

if TYPE_CHECKING:
    from geo.store import Store

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ENGINES",
    "SOURCE_SUFFIXES",
    "IngestError",
    "IngestInterrupted",
    "IngestReport",
    "decode_claim",
    "encode_claim",
    "extract_batch",
    "ingest",
    "iter_jsonl",
    "iter_sources",
    "parse_jsonl_record",
]

ENGINES: tuple[str, ...] = ("local", "dask")
"""Where extraction runs: this machine's processes, or a Dask cluster."""

DEFAULT_BATCH_SIZE = 200
"""Articles per store transaction (and the most results held before writing)."""

TASK_SIZE = 32
"""Articles per extraction task: small enough to balance the workers, large enough that the cost
of shipping a task (pickling articles and claims) stays a few percent of the extraction."""

TASKS_IN_FLIGHT_PER_WORKER = 2
"""Tasks submitted but not yet collected, per worker: keeps every worker busy while the driver
writes, and bounds the articles and claims held in memory."""

SCHEDULER_TIMEOUT_SECONDS = 10.0
"""How long to try to reach a Dask scheduler given by address before giving up."""

ERRORS_KEPT = 1000
"""`IngestReport.errors` keeps the first this many messages; ``n_failed`` counts them all."""



@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingestion did.

    ``n_read = n_new + n_skipped + n_failed``: every input (a file, or a line of a ``.jsonl``
    file) is new, skipped (already stored, or repeated in the inputs) or failed (unreadable,
    invalid, or its extraction raised).
    """

    n_read: int
    n_new: int
    n_skipped: int
    n_failed: int
    n_claims: int
    seconds: float
    errors: tuple[str, ...] = ()
    n_warnings: int = 0

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return self.n_failed == 0

    @property
    def articles_per_second(self) -> float:
        """Inputs handled per second of wall time."""
        return self.n_read / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """One line: counts, claims written, time and rate.

        Examples
        --------
        >>> report = IngestReport(10, 7, 2, 1, 55, 2.0)
        >>> report.summary().split(", ")  # doctest: +NORMALIZE_WHITESPACE
        ['10 read', '7 new', '2 skipped (already stored)', '1 failed', '55 claims written',
         '2.0 s', '5.0 articles/s']
        """
        return (
            f"{self.n_read} read, {self.n_new} new, {self.n_skipped} skipped (already stored), "
            f"{self.n_failed} failed, {self.n_claims} claims written, {self.seconds:.1f} s, "
            f"{self.articles_per_second:.1f} articles/s"
        )


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during `ingest`: what was committed before it is in ``report``.

    A subclass of `KeyboardInterrupt`, so uncaught it ends the program as Ctrl-C does.
    """

    def __init__(self, report: IngestReport) -> None:
        super().__init__(report.summary())
        self.report = report


# --- sources -------------------------------------------------------------------------------------


def iter_sources(
    paths: Iterable[Path | str],
    *,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[LoadResult]:
    """Read files and folders of every format lazily (`geo.formats.iter_inputs`): one
    `LoadResult` per article or failure; nothing raises for a bad input."""
    return iter_inputs(paths, default_date=default_date, today=today)


# --- extraction (runs in the workers) ------------------------------------------------------------

_EXTRACTOR: Extractor | None = None
"""This process's extractor, built once by `_init_worker` (or on first use)."""


def _init_worker(ignore_sigint: bool = True) -> None:
    """Build the extractor once per worker process; leave Ctrl-C to the driver."""
    global _EXTRACTOR
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _EXTRACTOR = default_extractor()


def extract_batch(articles: Sequence[Article]) -> list[list[tuple[Any, ...]] | str]:
    """Extract the claims of each article; an article whose extraction raises gets an error.

    Runs in worker processes: uses the extractor built by the worker initializer. Claims come
    back as plain tuples (`encode_claim`): pickling those costs a fraction of pickling frozen
    dataclasses, and the driver, which decodes them, is the one process every result goes
    through.

    Parameters
    ----------
    articles
        The articles of one task.

    Returns
    -------
    list[list[tuple] | str]
        For each article in order, its encoded claims, or a one-line error naming its source.
    """
    extractor = _EXTRACTOR or default_extractor()
    results: list[list[tuple[Any, ...]] | str] = []
    for article in articles:
        try:
            results.append([encode_claim(c) for c in extract_claims(article, extractor)])
        except Exception as exc:  # one bad article never stops the batch
            results.append(
                f"{article.source}: extraction failed ({type(exc).__name__}: {exc})"
            )
    return results


def _claim_codec() -> tuple[
    Callable[[Claim], tuple[Any, ...]], tuple[tuple[int, Callable[[Any], Any]], ...]
]:
    """Claim fields getter and decoders, from the type hints: dates as ordinals, enums as values."""
    fields = dataclasses.fields(Claim)
    hints = typing.get_type_hints(Claim)
    decoders: list[tuple[int, Callable[[Any], Any]]] = []
    for i, f in enumerate(fields):
        hint = hints[f.name]
        if hint is dt.date:
            decoders.append((i, dt.date.fromordinal))
        elif isinstance(hint, type) and issubclass(hint, enum.Enum):
            decoders.append((i, hint))
    return operator.attrgetter(*(f.name for f in fields)), tuple(decoders)


_CLAIM_GETTER, _CLAIM_DECODERS = _claim_codec()


def encode_claim(claim: Claim) -> tuple[Any, ...]:
    """A claim as a tuple of plain values, in field order (dates as ordinals, enums as values).

    Examples
    --------
    >>> from geo.types import ControlStatus, DatePrecision, PlaceKind
    >>> c = Claim("a1", dt.date(2021, 8, 10), "Kunduz", PlaceKind.CAPITAL, "Kunduz", "AF-KDZ",
    ...           ControlStatus.TALIBAN, dt.date(2021, 8, 8), DatePrecision.DAY, "", "Kunduz fell.",
    ...           "fell", 0, 6, "Kunduz", lat=36.7, lon=68.9)
    >>> encode_claim(c)[:8]
    ('a1', 738012, 'Kunduz', 'capital', 'Kunduz', 'AF-KDZ', 'taliban', 738010)
    >>> decode_claim(encode_claim(c)) == c
    True
    """
    values = _CLAIM_GETTER(claim)
    return tuple(
        v.toordinal() if isinstance(v, dt.date) else v.value if isinstance(v, enum.Enum) else v
        for v in values
    )


def decode_claim(values: Sequence[Any]) -> Claim:
    """The `Claim` that `encode_claim` encoded."""
    fields = list(values)
    for i, decode in _CLAIM_DECODERS:
        fields[i] = decode(fields[i])
    return Claim(*fields)


# --- engines -------------------------------------------------------------------------------------


class _Task(Protocol):
    def result(self) -> list[list[tuple[Any, ...]] | str]: ...

    def cancel(self) -> Any: ...


_Submit = Callable[[list[Article]], _Task]


@contextmanager
def _engine(engine: str, workers: int, scheduler: str | None) -> Iterator[tuple[_Submit, int]]:
    """Yield ``(submit, window)``: a function running `extract_batch` somewhere, and how many
    tasks to keep in flight."""
    if engine == "dask":
        with _dask_engine(workers, scheduler) as pair:
            yield pair
        return
    if workers == 1:  # in this process: no pickling, no pool
        _init_worker(ignore_sigint=False)

        def run_here(batch: list[Article]) -> _Task:
            future: Future[list[list[tuple[Any, ...]] | str]] = Future()
            try:
                future.set_result(extract_batch(batch))
            except Exception as exc:  # raised from result(), as a pool would
                future.set_exception(exc)
            return future

        yield run_here, 1
        return
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded driver
        initializer=_init_worker,
    )
    try:
        window = workers * TASKS_IN_FLIGHT_PER_WORKER
        yield (lambda batch: pool.submit(extract_batch, batch)), window
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask_engine(workers: int, scheduler: str | None) -> Iterator[tuple[_Submit, int]]:
    import logging

    from distributed import Client, LocalCluster, WorkerPlugin

    class ExtractorPlugin(WorkerPlugin):
        """Build the extractor once on every worker, including workers that join later."""

        idempotent = True
        name = "afmap-extractor"

        def setup(self, worker: object) -> None:
            _init_worker(ignore_sigint=False)

    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=workers,
                processes=True,
                threads_per_worker=1,
                dashboard_address=None,
                silence_logs=logging.WARNING,
            )
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_SECONDS)
            except (OSError, TimeoutError) as exc:
                raise ConnectionError(
                    f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with "
                    "'dask scheduler' and give its address, e.g. --scheduler tcp://host:8786"
                ) from None
        with client:
            client.register_plugin(ExtractorPlugin())
            n_threads = sum(client.nthreads().values()) or workers
            window = max(2, n_threads * TASKS_IN_FLIGHT_PER_WORKER)

            def submit(batch: list[Article]) -> _Task:
                future: _Task = client.submit(extract_batch, batch, pure=False)
                return future

            yield submit, window
    finally:
        if cluster is not None:
            cluster.close()


# --- the driver ----------------------------------------------------------------------------------


class _Run:
    """Counters, the write buffer and the progress bar of one `ingest` call."""

    def __init__(
        self,
        store: Store,
        *,
        batch_size: int,
        bar: Any,
        on_error: Callable[[str], None] | None,
        on_warning: Callable[[str], None] | None,
    ) -> None:
        self.store = store
        self.batch_size = batch_size
        self.bar = bar
        self.on_error = on_error
        self.on_warning = on_warning
        self.n_read = self.n_new = self.n_skipped = self.n_failed = 0
        self.n_claims = self.n_warnings = 0
        self.errors: list[str] = []
        self.buffer: list[tuple[Article, list[Claim]]] = []
        self.start = time.perf_counter()

    def fail(self, message: str) -> None:
        self.n_failed += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(message)
        if self.on_error is not None:
            self.on_error(message)

    def warn(self, message: str) -> None:
        self.n_warnings += 1
        if self.on_warning is not None:
            self.on_warning(message)

    def take(self, results: Iterable[LoadResult]) -> list[Article]:
        """Count and report the results; return the articles not yet stored."""
        articles: list[Article] = []
        done = 0
        for result in results:
            self.n_read += 1
            for message in result.warnings:
                self.warn(message)
            if result.article is None:
                self.fail(result.error or f"{result.path}: cannot be read")
                done += 1
            else:
                articles.append(result.article)
        known = self.store.known_ids(a.id for a in articles) if articles else set()
        fresh = [a for a in articles if a.id not in known]
        self.n_skipped += len(articles) - len(fresh)
        self.advance(done + len(articles) - len(fresh))
        return fresh

    def collect(self, articles: list[Article], task: _Task) -> None:
        """Wait for one task; buffer its claims, report its failures, write full batches."""
        try:
            results = task.result()
        except Exception as exc:  # extract_batch catches per-article errors: this is the engine
            why = " ".join(str(exc).split())  # one line, whatever the engine's message
            raise IngestError(
                f"the extraction workers failed ({type(exc).__name__}: {why}); the articles "
                "stored so far are kept, run again to continue"
            ) from exc
        for article, result in zip(articles, results, strict=True):
            if isinstance(result, str):
                self.fail(result)
            else:
                self.buffer.append((article, [decode_claim(values) for values in result]))
        if len(self.buffer) >= self.batch_size:
            self.flush()
        self.advance(len(articles))

    def flush(self) -> None:
        """Write the buffer in one transaction; repeats and articles stored meanwhile skip."""
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        known = self.store.known_ids(a.id for a, _ in batch)
        fresh: dict[str, tuple[Article, list[Claim]]] = {}
        for article, claims in batch:
            if article.id not in known:
                fresh.setdefault(article.id, (article, claims))
        added = self.store.add_many(fresh.values(), batch_size=max(1, len(fresh)))
        self.n_new += added
        self.n_skipped += len(batch) - added
        self.n_claims += sum(len(claims) for _, claims in fresh.values())

    def advance(self, n: int) -> None:
        if self.bar is not None and n:
            self.bar.set_postfix(
                new=self.n_new, skipped=self.n_skipped, failed=self.n_failed, refresh=False
            )
            self.bar.update(n)

    def report(self) -> IngestReport:
        return IngestReport(
            n_read=self.n_read,
            n_new=self.n_new,
            n_skipped=self.n_skipped,
            n_failed=self.n_failed,
            n_claims=self.n_claims,
            seconds=time.perf_counter() - self.start,
            errors=tuple(self.errors),
            n_warnings=self.n_warnings,
        )


def ingest(
    paths: Iterable[Path | str],
    store: Store,
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool | None = False,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
    limit: int | None = None,
    task_size: int = TASK_SIZE,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read articles from files, folders and ``.jsonl`` files, extract their claims in parallel,
    and store articles and claims in batches, skipping the articles already stored.

    Memory stays flat whatever the corpus size: inputs are read lazily, at most
    ``window * task_size`` articles are in flight and at most ``batch_size`` results wait to be
    written. Run it again after an interruption and it continues where it stopped.

    Parameters
    ----------
    paths
        Files and folders (see `iter_sources`).
    store
        Where articles and claims go.
    workers
        Extraction processes (``local``) or workers of a new `distributed.LocalCluster`
        (``dask`` without ``scheduler``); default: all cores. ``1`` with ``local`` extracts in
        this process.
    engine
        ``"local"`` or ``"dask"``.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); ``dask`` only.
    batch_size
        Articles per store transaction.
    progress
        Show a tqdm progress bar on stderr; ``None``: only when stderr is a terminal.
    default_date
        Date for articles without one.
    today
        Dates after this day are refused; default today.
    limit
        Stop after this many inputs (a partial run; running again continues).
    task_size
        Articles per extraction task.
    on_error, on_warning
        Called with each one-line error / warning as it happens (e.g. to print it).

    Returns
    -------
    IngestReport
        The counts; ``errors`` holds the first `ERRORS_KEPT` error messages.

    Raises
    ------
    ValueError
        A bad argument (engine, workers, batch size, a scheduler with the local engine).
    ConnectionError
        The Dask scheduler cannot be reached.
    IngestInterrupted
        Ctrl-C: the batches written before it stay; its ``report`` says what was done.
    IngestError
        The extraction workers failed; the batches written before stay.
    geo.errors.StoreError
        The store cannot be written; the batches written before stay.

    Notes
    -----
    Worker processes are started with ``spawn`` (as Dask's are): a script that calls `ingest`
    with more than one worker must do so under ``if __name__ == "__main__":``. With a
    ``scheduler`` address, the cluster's workers do the work and ``workers`` only sets how many
    tasks are kept in flight when the cluster reports none. The names of a folder's files are
    listed and sorted before its first file is read (about 70 bytes a file); everything else is
    streamed.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r}; use one of {', '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        raise ValueError("a scheduler address needs the dask engine (--engine dask)")
    if workers is None:
        workers = os.cpu_count() or 1
    for name, value in (("workers", workers), ("batch_size", batch_size),
                        ("task_size", task_size)):
        if value < 1:
            raise ValueError(f"{name}={value!r}; use 1 or more")
    if limit is not None and limit < 0:
        raise ValueError(f"limit={limit!r}; use 0 or more")
    path_list = [Path(p) for p in paths]

    bar = None
    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        from tqdm import tqdm

        total = _count_inputs(path_list)
        bar = tqdm(
            total=total if limit is None else min(total, limit),
            unit=" articles",
            unit_scale=False,
            smoothing=0.1,
            mininterval=0.5,
            file=sys.stderr,
            dynamic_ncols=True,
        )
    run = _Run(store, batch_size=batch_size, bar=bar, on_error=on_error, on_warning=on_warning)
    sources = iter_sources(path_list, default_date=default_date, today=today)
    if limit is not None:
        sources = islice(sources, limit)
    pending: deque[tuple[list[Article], _Task]] = deque()
    try:
        with _engine(engine, workers, scheduler) as (submit, window):
            try:
                while chunk := list(islice(sources, task_size)):
                    fresh = run.take(chunk)
                    if fresh:
                        pending.append((fresh, submit(fresh)))
                    while len(pending) >= window:
                        run.collect(*pending.popleft())
                while pending:
                    run.collect(*pending.popleft())
                run.flush()
            except KeyboardInterrupt:
                for _, task in pending:
                    task.cancel()
                run.flush()  # keep what was extracted and collected
                raise IngestInterrupted(run.report()) from None
            except IngestError:
                for _, task in pending:
                    task.cancel()
                run.flush()
                raise
    finally:
        if bar is not None:
            if bar.total is not None and bar.n != bar.total:
                bar.total = bar.n
            bar.close()
    return run.report()


# --- helpers -------------------------------------------------------------------------------------


def _count_inputs(paths: Sequence[Path]) -> int:
    """Roughly how many inputs `iter_sources` will yield (for the progress bar's total)."""
    total = 0
    for path in paths:
        try:
            if not path.is_dir():
                total += count_records(path)
                continue
            for name in folder_files(path):
                total += count_records(path / name)
        except OSError:
            total += 1
    return total


