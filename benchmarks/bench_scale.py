"""Ingestion at scale: throughput, peak memory, store size and the status query, by corpus size.

For each size, a synthetic corpus is generated (benchmarks/make_corpus.py), then ingested into a
fresh store once per worker count by ``python -m geo ingest`` in its own subprocess, so the
measurements do not mix. Reported per run:

- articles/s: from the ingest summary (wall time inside ``ingest``, interpreter start excluded);
- x1: throughput relative to the 1-worker run of the same size;
- CPU s: user + system time of the ingest process and its workers (``RUSAGE_CHILDREN``);
- CPU ms/art: CPU time per article, which other load on the machine does not change;
- cores: CPU s / wall s, the cores the run actually got (below the worker count when other
  processes compete for the CPUs; compare the load average printed with each run);
- peak RSS: the largest sum of resident memory over the ingest process and all its children,
  sampled every 50 ms with psutil (``ru_maxrss`` of the largest single process without psutil);
- store MB: the database file after the run;
- status ms: `geo.store.Store.latest_per_province` as of ``--as-of``, median of ``--repeat`` runs
  after one warm-up;
- map ms: `geo.store.Store.province_status`, everything the dashboard's map needs as of the date
  (status, since, the deciding claims of all 34 provinces), median of ``--repeat`` runs; the run
  fails if its statuses disagree with ``latest_per_province``.

Usage::

    python benchmarks/bench_scale.py                          # 1,000 / 10,000 / 100,000
    python benchmarks/bench_scale.py --sizes 200,1000         # quick (CI)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import write_corpus  # noqa: E402

from geo.store import Store  # noqa: E402

_SUMMARY_RE = re.compile(
    r"(?P<read>\d+) read, (?P<new>\d+) new, .*?(?P<failed>\d+) failed, (?P<claims>\d+) claims "
    r"written, (?P<seconds>[\d.]+) s, (?P<rate>[\d.]+) articles/s"
)

AIM_THROUGHPUT_DRIFT = 0.20
AIM_SPEEDUP_2 = 1.7
AIM_PEAK_MB = 500.0
AIM_QUERY_MS = 100.0


@dataclass(frozen=True)
class Run:
    """One ingest of one corpus with one worker count."""

    size: int
    workers: int
    seconds: float
    wall_seconds: float
    rate: float
    cpu_seconds: float
    peak_mb: float
    store_mb: float
    n_claims: int
    query_ms: float
    map_ms: float


def _peak_rss_mb(proc: subprocess.Popen[bytes]) -> float:
    """Wait for ``proc`` and return the peak of the summed RSS of it and its children (MB)."""
    try:
        import psutil
    except ImportError:
        proc.wait()
        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = 0
    try:
        root = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        proc.wait()
        return 0.0
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    total += p.memory_info().rss
        except psutil.NoSuchProcess:
            break
        peak = max(peak, total)
        time.sleep(0.05)
    proc.wait()
    return peak / 2**20


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: page cache, statement cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _query_ms(db: Path, as_of: dt.date, repeat: int) -> tuple[float, float]:
    """Median times (ms) of `Store.latest_per_province` and of `Store.province_status` (the map)."""
    from geo.pipeline import default_extractor

    provinces = default_extractor().provinces()
    with Store(db) as store:
        latest = {p: str(s) for p, s, _ in store.latest_per_province(as_of)}
        mapped = {r.province: str(r.status) for r in store.province_status(provinces, as_of)
                  if r.status.is_control}
        if latest != mapped:
            raise RuntimeError(f"{db}: province_status disagrees with latest_per_province")
        return (
            _median_ms(lambda: store.latest_per_province(as_of), repeat),
            _median_ms(lambda: store.province_status(provinces, as_of), repeat),
        )


def run_once(corpus: Path, db: Path, *, size: int, workers: int, engine: str, batch_size: int,
             as_of: dt.date, repeat: int) -> Run:
    """Ingest ``corpus`` into a fresh ``db`` in a subprocess and measure it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "geo", "ingest", str(corpus), "--db", str(db),
           "--workers", str(workers), "--engine", engine, "--batch-size", str(batch_size),
           "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    peak_mb = _peak_rss_mb(proc)  # waits; the pipes hold little (errors only)
    wall = time.perf_counter() - started
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = _SUMMARY_RE.search(out)
    if proc.returncode != 0 or match is None:
        raise RuntimeError(f"ingest failed (exit {proc.returncode}): {out}{err[-2000:]}")
    if int(match["new"]) != size:
        raise RuntimeError(f"expected {size} new articles: {out}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    query_ms, map_ms = _query_ms(db, as_of, repeat)
    return Run(
        size=size,
        workers=workers,
        seconds=float(match["seconds"]),
        wall_seconds=wall,
        rate=float(match["rate"]),
        cpu_seconds=cpu,
        peak_mb=peak_mb,
        store_mb=db.stat().st_size / 2**20,
        n_claims=int(match["claims"]),
        query_ms=query_ms,
        map_ms=map_ms,
    )


def _table(runs: list[Run]) -> str:
    header = ("articles", "workers", "seconds", "articles/s", "x1", "CPU s", "CPU ms/art",
              "cores", "peak RSS MB", "store MB", "claims", "status ms", "map ms")
    base = {r.size: r.rate for r in runs if r.workers == 1}
    rows = [
        (f"{r.size:,}", str(r.workers), f"{r.seconds:.1f}", f"{r.rate:.0f}",
         f"{r.rate / base[r.size]:.2f}" if r.size in base else "-", f"{r.cpu_seconds:.1f}",
         f"{r.cpu_seconds / r.size * 1000:.2f}", f"{r.cpu_seconds / r.wall_seconds:.2f}",
         f"{r.peak_mb:.0f}", f"{r.store_mb:.1f}", f"{r.n_claims:,}", f"{r.query_ms:.1f}",
         f"{r.map_ms:.1f}")
        for r in runs
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    lines = ["| " + " | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"]
    lines += ["| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"
              for row in rows]
    return "\n".join(lines)


def _aims(runs: list[Run]) -> list[str]:
    """The aims of issue 5, checked against the runs."""
    lines = []
    by = {(r.size, r.workers): r for r in runs}
    sizes = sorted({r.size for r in runs})
    small, large = sizes[0], sizes[-1]
    for w in sorted({r.workers for r in runs}):
        if (small, w) in by and (large, w) in by and small != large:
            drift = by[large, w].rate / by[small, w].rate - 1
            ok = drift >= -AIM_THROUGHPUT_DRIFT
            lines.append(f"{'ok ' if ok else 'MISS'} throughput {small:,} -> {large:,} articles, "
                         f"{w} worker(s): {drift:+.0%} (aim: at most 20% lower)")
    for size in sizes:
        if (size, 1) in by and (size, 2) in by:
            one, two = by[size, 1], by[size, 2]
            speedup = two.rate / one.rate
            ok = speedup >= AIM_SPEEDUP_2
            # With two free cores, 2 workers finish the CPU work of 1 in half the time, less the
            # extra CPU that shipping articles and claims costs: a bound other load cannot skew.
            projected = 2 * one.cpu_seconds / two.cpu_seconds
            lines.append(f"{'ok ' if ok else 'MISS'} 2 workers vs 1 at {size:,}: {speedup:.2f}x "
                         f"(aim >= {AIM_SPEEDUP_2}x); on two free cores at most "
                         f"{projected:.2f}x (CPU time 1 worker / 2 workers x 2); cores used "
                         f"{one.cpu_seconds / one.wall_seconds:.2f} / "
                         f"{two.cpu_seconds / two.wall_seconds:.2f}")
    largest = [r for r in runs if r.size == large]
    peak = max(r.peak_mb for r in largest)
    query = max(r.query_ms for r in largest)
    lines.append(f"{'ok ' if peak < AIM_PEAK_MB else 'MISS'} peak memory at {large:,}: "
                 f"{peak:.0f} MB (aim < {AIM_PEAK_MB:.0f} MB)")
    map_ms = max(r.map_ms for r in largest)
    lines.append(f"{'ok ' if query < AIM_QUERY_MS else 'MISS'} status query at {large:,}: "
                 f"{query:.1f} ms (aim < {AIM_QUERY_MS:.0f} ms); the whole map "
                 f"(province_status) {map_ms:.1f} ms")
    return lines


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(v.replace("_", "")) for v in value.split(",") if v.strip()]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give sizes like 1000,10000,100000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=[1000, 10000, 100000],
                        help="corpus sizes, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--workers", type=_sizes, default=[1, 2],
                        help="worker counts to compare (default 1,2)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--format", choices=("txt", "html", "jsonl"), default="txt",
                        help="corpus as a folder of .txt files, of saved .html news pages, or "
                        "one .jsonl file")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2021, 8, 15))
    parser.add_argument("--repeat", type=int, default=7, help="status query runs (median)")
    parser.add_argument("--workdir", type=Path, help="keep corpora and stores here")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="afmap-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(f"# {os.cpu_count()} CPUs, load average {load:.2f} at start; engine {args.engine}, "
          f"{args.format} corpus, batch size {args.batch_size}; workdir {workdir}", flush=True)
    runs: list[Run] = []
    try:
        for size in args.sizes:
            suffix = {"jsonl": ".jsonl", "html": "-html"}.get(args.format, "")
            corpus = workdir / f"corpus-{size}{suffix}"
            if not corpus.exists():
                start = time.perf_counter()
                write_corpus(size, corpus, fmt=args.format, seed=args.seed)
                print(f"# generated {size:,} articles in {time.perf_counter() - start:.1f} s",
                      flush=True)
            for workers in args.workers:
                store = workdir / f"store-{size}-{workers}{suffix}.sqlite3"
                run = run_once(corpus, store, size=size, workers=workers, engine=args.engine,
                               batch_size=args.batch_size, as_of=args.as_of, repeat=args.repeat)
                runs.append(run)
                print(f"# {size:,} articles, {workers} worker(s): {run.rate:.0f} articles/s, "
                      f"peak {run.peak_mb:.0f} MB, status query {run.query_ms:.1f} ms "
                      f"(map {run.map_ms:.1f} ms), "
                      f"load average {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(_table(runs))
    print()
    for line in _aims(runs):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
