"""Benchmark analyst reviews on a store: the time of one review, and the map as of a date before
and after many reviews.

Run from the repository root::

    python benchmarks/bench_reviews.py --db /tmp/big/big.sqlite3 --reviews 1000

The store is copied first (a schema-4 file is migrated in the copy, and the migration timed), so
the file given is never changed. Figures:

- migration: opening the copy (only for a store of an older schema).
- one review: ``Store.review`` of random claims, 60% confirmations, 30% corrections of the
  status, 10% rejections, each one transaction with its day summary (median, 95th percentile).
- an analyst's claim: ``Store.add_analyst_claim``.
- the map as of a date: ``Store.province_status`` for the 34 provinces on ``--dates`` dates spread
  over the claims, before the reviews and after (the median over the dates of the fastest of 3
  runs each).

Aims: a review < 50 ms (the dashboard's form feels instant); the map after 1,000 reviews within
20% of the map before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from geo.pipeline import default_extractor  # noqa: E402
from geo.review import Change, analyst_claim  # noqa: E402
from geo.store import Store  # noqa: E402
from geo.types import ControlStatus  # noqa: E402

CYCLE = (ControlStatus.GOVERNMENT, ControlStatus.TALIBAN, ControlStatus.CONTESTED)


def map_times(store: Store, days: list[dt.date], repeat: int = 3) -> float:
    """The median over the dates of the fastest of ``repeat`` runs (a shared machine's other
    work only ever adds time)."""
    provinces = default_extractor().provinces()
    for day in days:  # once to warm the page cache
        store.province_status(provinces, day)
    took = []
    for day in days:
        runs = []
        for _ in range(repeat):
            begin = time.perf_counter()
            store.province_status(provinces, day)
            runs.append(time.perf_counter() - begin)
        took.append(min(runs))
    return statistics.median(took)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, metavar="FILE",
                        help="the store to measure (copied; never changed)")
    parser.add_argument("--reviews", type=int, default=1000, help="reviews to make (1000)")
    parser.add_argument("--analyst", type=int, default=20, help="analyst claims to add (20)")
    parser.add_argument("--dates", type=int, default=12, help="map dates to time (12)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"--db {args.db}: no such file")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="afmap-bench-reviews-") as tmp:
        copy = Path(tmp) / "copy.sqlite3"
        shutil.copy(args.db, copy)
        begin = time.perf_counter()
        store = Store(copy)
        opened = time.perf_counter() - begin
        stats = store.stats()
        dates = store.event_dates()
        days = [dates[i * (len(dates) - 1) // max(1, args.dates - 1)] for i in range(args.dates)]
        before = map_times(store, days)
        ids = [r.claim_id for r in store.claim_records(order="id")]
        picked = rng.sample(ids, min(args.reviews, len(ids)))
        took = []
        for i, uid in enumerate(picked):
            begin = time.perf_counter()
            if i % 10 < 6:
                store.review(uid, "confirm", by="bench")
            elif i % 10 < 9:
                now = store.claim_record(uid).claim.status
                status = next(s for s in CYCLE if s is not now)
                store.review(uid, "correct", by="bench", change=Change(status=status))
            else:
                store.review(uid, "reject", by="bench")
            took.append(time.perf_counter() - begin)
        places = sorted(default_extractor().gazetteer.provinces.values(), key=lambda p: p.name)
        added = []
        for i in range(args.analyst):
            claim = analyst_claim(places[i % len(places)], ControlStatus.GOVERNMENT, days[-1],
                                  by="bench", note="benchmark")
            begin = time.perf_counter()
            store.add_analyst_claim(claim, by="bench", note="benchmark")
            added.append(time.perf_counter() - begin)
        after = map_times(store, days)
        store.close()
    took.sort()
    ms = lambda s: f"{s * 1000:,.1f} ms"  # noqa: E731
    print(f"\nafmap reviews on a copy of {args.db} ({stats['n_articles']:,} articles, "
          f"{stats['n_claims']:,} claims)\n")
    rows = [
        ("open the copy (migration if older)", f"{opened:,.1f} s", ""),
        (f"one review, median of {len(took):,}", ms(statistics.median(took)), "< 50 ms"),
        ("one review, 95th percentile", ms(took[int(len(took) * 0.95) - 1]), ""),
        (f"an analyst's claim, median of {len(added)}",
         ms(statistics.median(added)) if added else "-", "< 50 ms"),
        (f"the map as of a date, before ({len(days)} dates)", ms(before), ""),
        (f"the map as of a date, after {len(took):,} reviews", ms(after),
         f"within 20% ({after / before - 1:+.0%})" if before else ""),
    ]
    for label, value, aim in rows:
        print(f"{label:<46} {value:>11}   {aim}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
