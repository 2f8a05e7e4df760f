"""Throughput of our full extraction against geotext's name-only pass, on one in-memory corpus.

Measures, in one run and on the same corpus (``--n`` variants of the seed article):

* our matcher build: ``Extractor.build()`` from scratch (``load_gazetteer`` + ``PlaceMatcher``),
  median of 5, with the ``re`` module's pattern cache purged before each build so the big name
  regex is really compiled (aim: < 50 ms);
* geotext's start-up: ``import geotext`` (its index is built at import, when the ``GeoText`` class
  body runs), and a rebuild of that index alone (``geotext.geotext.build_index()``, median of 5);
* articles per second of ``geo.pipeline.extract_claims(article, extractor)`` (places, status,
  dates, evidence; no geocoding) and of ``geotext.GeoText(text)`` (cities/countries by name), each
  warmed up once and timed as the median of ``--repeats`` passes over the whole corpus (the
  passes of the two interleaved, so background load hits both alike);
* the ratio ours/geotext (> 1: we are faster; aim: >= 1).

The corpus: the seed article repeated ``--n`` times, each copy with its own date line (spread over
2021-05-01..2021-09-30, so weekdays, "this month" and "August 31" resolve differently) and, in
most copies, the capitals that share their province's name (Kunduz, Farah, Kandahar) and the
province Helmand swapped for other gazetteer names. Everything is built before timing; the timed
regions do no I/O.

Usage (from the repository root)::

    python benchmarks/bench_extract.py                 # --n 2000 --repeats 3
    python benchmarks/bench_extract.py --n 300 --profile

``--profile`` also runs cProfile over our extraction of the corpus and prints the top 25 functions
by cumulative time, then the 10 functions of ``geo/`` with the most own time and their share.
The exit code is 0 whatever the figures (the table says PASS/MISS).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import os
import pstats
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_0e5dc57be2bda8c3.txt"

FIRST_DATE = dt.date(2021, 5, 1)
LAST_DATE = dt.date(2021, 9, 30)
BUILD_RUNS = 5
MATCHER_AIM_MS = 50.0
RATIO_AIM = 1.0
PROFILE_TOP = 25
PROFILE_OURS_TOP = 10

# Capitals named like their province: "Kunduz in Kunduz province" and "a province of the same
# name" stay true after a swap. Kabul is left alone (dateline, "the capital of Kabul").
SAME_NAME_CAPITALS = ("Kunduz", "Farah", "Kandahar", "Ghazni", "Herat", "Bamyan", "Khost")
SWAPPED_CAPITALS = ("Kunduz", "Farah", "Kandahar")
# Provinces whose capital has another name, to stand in for "Helmand".
OTHER_PROVINCES = ("Helmand", "Nimroz", "Badghis", "Uruzgan", "Takhar", "Baghlan", "Jowzjan")


@dataclass(frozen=True)
class Timing:
    """Median and spread of repeated timings, in seconds."""

    median: float
    best: float
    worst: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        return cls(statistics.median(samples), min(samples), max(samples))


def _ensure_repo_on_path() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------------- corpus


def _read_seed(path: Path) -> tuple[dt.date, str]:
    """The seed's date and text (everything after the ``date YYYY-MM-DD`` line)."""
    raw = path.read_text(encoding="utf-8")
    first, _, body = raw.lstrip().partition("\n")
    words = first.split()
    if len(words) != 2 or words[0].lower() != "date":
        raise SystemExit(f"{path}: first line should be 'date YYYY-MM-DD', got {first!r}")
    return dt.date.fromisoformat(words[1]), body


def _variant(body: str, rng: random.Random) -> str:
    """The seed text with its same-name capitals and Helmand swapped for other places."""
    names = rng.sample(SAME_NAME_CAPITALS, len(SWAPPED_CAPITALS))
    mapping = dict(zip(SWAPPED_CAPITALS, names, strict=True))
    mapping["Helmand"] = rng.choice(OTHER_PROVINCES)
    rx = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b")
    return rx.sub(lambda m: mapping[m.group(1)], body)


def build_corpus(n: int, seed_path: Path = SEED) -> list[Any]:
    """``n`` articles: copy 0 is the seed as is, the others get a date and (mostly) new names."""
    from geo.articles import article_id
    from geo.types import Article

    seed_date, body = _read_seed(seed_path)
    span = (LAST_DATE - FIRST_DATE).days + 1
    rng = random.Random(20210815)
    articles = []
    for i in range(n):
        if i == 0:
            date, text = seed_date, body
        else:
            date = FIRST_DATE + dt.timedelta(days=rng.randrange(span))
            text = body if rng.random() < 0.1 else _variant(body, rng)
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
        articles.append(
            Article(
                id=article_id(date, text), date=date, title=title, text=text, source=f"bench:{i}"
            )
        )
    return articles


# --------------------------------------------------------------------------------- timing


def time_passes(
    contenders: Sequence[tuple[Callable[[Any], Any], Sequence[Any]]], repeats: int
) -> list[tuple[Timing, list[Any]]]:
    """Warm each contender up once (on a few items), then time ``repeats`` full passes of each.

    The passes are interleaved (A, B, A, B, ...) so that a change in background load hits both
    alike. Returns, per contender, the timing and the results of its last pass.
    """
    for func, items in contenders:
        for item in items[: min(len(items), 20)]:
            func(item)
    samples: list[list[float]] = [[] for _ in contenders]
    results: list[list[Any]] = [[] for _ in contenders]
    for _ in range(repeats):
        for k, (func, items) in enumerate(contenders):
            gc.collect()
            t0 = time.perf_counter()
            results[k] = [func(item) for item in items]
            samples[k].append(time.perf_counter() - t0)
    return [(Timing.of(s), r) for s, r in zip(samples, results, strict=True)]


def time_matcher_build(runs: int = BUILD_RUNS) -> Timing:
    """``Extractor.build()`` from scratch: load the gazetteer files and compile the matcher."""
    from geo.pipeline import Extractor

    samples = []
    for _ in range(runs):
        re.purge()  # else re.compile hands back the cached name regex
        gc.collect()
        t0 = time.perf_counter()
        Extractor.build()
        samples.append(time.perf_counter() - t0)
    return Timing.of(samples)


def time_geotext_startup(runs: int = BUILD_RUNS) -> tuple[float | None, Timing]:
    """First ``import geotext`` (None if it was already imported) and its index rebuild."""
    already = "geotext" in sys.modules
    t0 = time.perf_counter()
    import geotext.geotext as gt

    first_import = None if already else time.perf_counter() - t0
    samples = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        gt.build_index()
        samples.append(time.perf_counter() - t0)
    return first_import, Timing.of(samples)


# --------------------------------------------------------------------------------- profile


def profile_extraction(articles: Sequence[Any], extractor: Any, out: TextIO) -> None:
    """cProfile over our extraction: top functions by cumulative time, then ours by own time."""
    from geo.pipeline import extract_claims

    profiler = cProfile.Profile()
    profiler.enable()
    for article in articles:
        extract_claims(article, extractor)
    profiler.disable()

    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(PROFILE_TOP)
    text = buf.getvalue().replace(str(ROOT) + "/", "")
    out.write(f"\n=== cProfile: extract_claims over {len(articles)} articles, ")
    out.write(f"top {PROFILE_TOP} by cumulative time ===\n")
    out.write(text[text.find("   ncalls") :] if "   ncalls" in text else text)

    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in raw.values())
    geo_dir = str(ROOT / "geo")
    ours = [
        (tt, ct, nc, f"{Path(file).name}:{line}({name})")
        for (file, line, name), (_cc, nc, tt, ct, _callers) in raw.items()
        if file.startswith(geo_dir)
    ]
    ours.sort(reverse=True)
    out.write(
        f"\n=== ours (geo/): top {PROFILE_OURS_TOP} by own time "
        "(own time includes regex scanning driven by finditer loops) ===\n"
    )
    out.write(f"{'own s':>8} {'share':>6} {'cum s':>8} {'calls':>9}  function\n")
    for tt, ct, nc, label in ours[:PROFILE_OURS_TOP]:
        out.write(f"{tt:8.3f} {tt / total:6.1%} {ct:8.3f} {nc:9d}  {label}\n")
    by_file: dict[str, float] = {}
    for tt, _ct, _nc, label in ours:
        key = label.split(":", 1)[0]
        by_file[key] = by_file.get(key, 0.0) + tt
    builtin = [
        (tt, name)
        for (file, _line, name), (_cc, _nc, tt, _ct, _callers) in raw.items()
        if file == "~"
    ]
    builtin.sort(reverse=True)
    out.write(f"\nown time by module (of {total:.3f} s profiled): ")
    modules = sorted(by_file.items(), key=lambda kv: -kv[1])
    out.write(", ".join(f"{k} {v / total:.0%}" for k, v in modules))
    out.write("\nbuilt-ins with the most own time: ")
    out.write(", ".join(f"{name} {tt / total:.0%}" for tt, name in builtin[:6]))
    out.write("\n")


# --------------------------------------------------------------------------------- report


def _ms(seconds: float, digits: int = 1) -> str:
    return f"{seconds * 1e3:.{digits}f} ms"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=2000, help="articles in the corpus (2000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per contender (3)")
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile our extraction over the corpus"
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeats < 1:
        parser.error("--n and --repeats must be at least 1")

    _ensure_repo_on_path()
    out = sys.stdout
    load_at_start = os.getloadavg()[0]

    # geotext first: its import is only "cold" once per process.
    geotext_import, geotext_index = time_geotext_startup()
    from geotext import GeoText

    from geo.pipeline import Extractor, extract_claims

    build = time_matcher_build()
    extractor = Extractor.build()
    corpus = build_corpus(args.n)
    texts = [a.text for a in corpus]
    n_dates = len({a.date for a in corpus})
    n_texts = len({a.text for a in corpus})

    (ours, claims), (theirs, found), (names, _) = time_passes(
        [
            (lambda a: extract_claims(a, extractor), corpus),
            (GeoText, texts),
            (extractor.matcher.find, texts),  # like for like: our name-only pass
        ],
        args.repeats,
    )
    names_rate = len(texts) / names.median

    ours_rate = len(corpus) / ours.median
    theirs_rate = len(texts) / theirs.median
    ratio = ours_rate / theirs_rate
    n_claims = sum(len(c) for c in claims)
    n_names = sum(len(g.cities) + len(g.countries) for g in found)

    out.write(
        f"bench_extract: {len(corpus)} articles ({n_dates} distinct dates "
        f"{FIRST_DATE}..{LAST_DATE}, {n_texts} distinct texts, "
        f"{sum(map(len, texts)) / len(texts):.0f} chars each), "
        f"median of {args.repeats} passes after a warm-up; Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{load_at_start:.2f} at start (others running skew the figures)\n\n"
    )
    rows = [
        (
            "matcher build: Extractor.build() fresh, median of 5",
            _ms(build.median),
            f"< {MATCHER_AIM_MS:.0f} ms",
            _verdict(build.median * 1e3 < MATCHER_AIM_MS),
        ),
        (
            "geotext: import + index build (first import)",
            _ms(geotext_import) if geotext_import is not None else "n/a (imported)",
            "-",
            "",
        ),
        ("geotext: index rebuild alone, median of 5", _ms(geotext_index.median), "-", ""),
        ("ours: extract_claims", f"{ours_rate:,.0f} art/s", "", ""),
        (
            "  per article",
            _ms(ours.median / len(corpus), 3),
            "",
            f"(passes {ours.best:.2f}-{ours.worst:.2f} s)",
        ),
        ("geotext: GeoText(text) name-only", f"{theirs_rate:,.0f} art/s", "", ""),
        (
            "  per article",
            _ms(theirs.median / len(texts), 3),
            "",
            f"(passes {theirs.best:.2f}-{theirs.worst:.2f} s)",
        ),
        ("ours: names only (PlaceMatcher.find)", f"{names_rate:,.0f} art/s", "", ""),
        (
            "ratio ours names-only/geotext",
            f"{names_rate / theirs_rate:.3f}",
            "",
            "",
        ),
        (
            "ratio ours/geotext (>1: we are faster)",
            f"{ratio:.3f}",
            f">= {RATIO_AIM:g}",
            _verdict(ratio >= RATIO_AIM),
        ),
    ]
    width = max(len(r[0]) for r in rows)
    out.write(f"{'measure':<{width}}  {'value':>16}  {'aim':>9}  result\n")
    out.write(f"{'-' * width}  {'-' * 16}  {'-' * 9}  ------\n")
    for label, value, aim, result in rows:
        out.write(f"{label:<{width}}  {value:>16}  {aim:>9}  {result}\n")
    out.write(
        f"\nwork done: {n_claims / len(corpus):.1f} claims/article (ours); "
        f"{n_names / len(texts):.1f} city+country names/article (geotext)\n"
    )
    if ratio < RATIO_AIM:
        out.write(f"to reach the aim our extraction must get {1 / ratio:.0f}x faster\n")

    if args.profile:
        profile_extraction(corpus, extractor, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
