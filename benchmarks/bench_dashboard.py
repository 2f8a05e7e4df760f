"""Benchmark the dashboard against the plain way of putting the same map in Streamlit.

Run from the repository root::

    python benchmarks/bench_dashboard.py            # 3 runs each, prints a table
    python benchmarks/bench_dashboard.py --runs 5

Figures (each the median of ``--runs``):

- start -> 34 provinces: from ``streamlit run`` to the 34 province paths drawn in headless
  Chromium (browser already open; every request off this machine blocked).
- page load -> 34 provinces: the same on a second visit (server running; the request routing that
  blocks the network also turns Chromium's cache off, so the page's scripts load again).
- date change (browser): from moving the "as of" slider one step to Jowzjan's new colour.
- date change, the server's script run: the run that the step starts, timed by the app itself
  (AFMAP_TIMINGS=1 prints each run's time; plain prints the same line).
- AppTest rerun: one ``at.run()`` after a date change, first visit of each date and revisits;
  this includes AppTest's own work per run (a new script runner and thread, the whole page parsed
  into its element tree), which a server does not do: compare the script run above.
- map bytes per run: the component's JSON arguments (script, HTML, CSS/JS links) sent to the
  browser on every run; the dashboard also loads Leaflet once from /app/static (cacheable).

With ``--db PATH`` it measures the dashboard against an existing store instead (e.g. 100,000
articles: ``python benchmarks/make_corpus.py --format jsonl 100000 /tmp/big/c.jsonl`` then
``python -m geo ingest /tmp/big/c.jsonl --db /tmp/big/big.sqlite3``), in a fresh process whose
peak RSS is the app's: the first runs, reruns after a date change (one step back, a jump to a
date not seen yet, each a second after the last; a revisit), opening the "Over time" and
"Articles" tabs, each as an AppTest run and as the script's own run (``AFMAP_TIMINGS``), and the
process's resident memory before the first run, after it and at the end::

    python benchmarks/bench_dashboard.py --db /tmp/big/big.sqlite3 --runs 5

"plain" is the naive app: full-resolution boundaries (data/afg_provinces.geojson, read each run),
the articles extracted each run (no caching), Leaflet inlined (no CDN, so it still works offline),
the whole map rebuilt and remounted on every change, and st_folium's default returned objects.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from geo.render import VENDOR_DIR  # noqa: E402
from geo.settings import DEFAULT_SEEDS_DIR  # noqa: E402
from tests.shared_articles import (  # noqa: E402
    CHROMIUM_ARGS,
    MAP_DRAWN,
    MAP_KEY,
    free_port,
    stop,
    wait_healthy,
)

CHROMIUM = "/usr/bin/chromium"
JS_FILL_OF = """(name) => {
    if (!window.map) return null;
    const layer = Object.values(window.map._layers).find(l => l.feature && l._path
        && l.feature.properties && l.feature.properties.province === name);
    return layer ? layer._path.getAttribute("fill") : null;
}"""
JS_PROVINCES = """() => window.map ? Object.values(window.map._layers)
    .filter(l => l.feature && l._path && l.feature.properties.province).length : 0"""
TIMEOUT = 60.0

ARTICLES = {
    "sheberghan_2021-08-08.txt": """date 2021-08-08
Taliban capture Sheberghan, second provincial capital in two days

SHEBERGHAN, Afghanistan (Reuters) - Taliban fighters captured Sheberghan, the capital of \
Jowzjan province, on Saturday after government forces withdrew to the airport, a provincial \
council member said.

The insurgents also launched fierce clashes in Lashkar Gah, the Helmand provincial capital.
""",
    "sheberghan_2021-08-12.txt": """date 2021-08-12
Afghan forces retake Sheberghan

MAZAR-I-SHARIF, Afghanistan (Reuters) - Government forces retook Sheberghan on Thursday after \
days of fighting, the defence ministry said.

Fighting continued in Lashkar Gah, where the Taliban have captured the police headquarters. The \
Taliban now hold ten of the country's 34 provincial capitals.
""",
}

PLAIN_APP = '''
"""The plain approach: no caching, full-resolution polygons, the whole map rebuilt each run."""
import sys
import time

started = time.perf_counter()

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo import render
from geo.pipeline import extract_claims, read_inputs, status_geoframe, status_rows
from geo.settings import PROVINCES_FULL, Paths

articles, _, _ = read_inputs([Paths.from_env().seeds_dir])
claims = [c for a in articles for c in extract_claims(a)]
dates = sorted({c.event_date for c in claims})
as_of = st.sidebar.select_slider("Map as of", options=dates, value=dates[-1])
provinces = gpd.read_file(PROVINCES_FULL).rename(columns={"name": "province"})
gdf = status_geoframe(status_rows(claims, as_of), provinces)
st_folium(render.build_map(gdf, as_of=as_of, assets="inline"), key="map", height=560,
          use_container_width=True)
print(f"afmap run: {(time.perf_counter() - started) * 1000:.1f} ms", file=sys.stderr, flush=True)
'''


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def make_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in DEFAULT_SEEDS_DIR.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def environment(work: Path, seeds: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "AFMAP_DB": str(work / f"{name}-{time.monotonic_ns()}.sqlite3"),
        "AFMAP_SEEDS": str(seeds),
        "AFMAP_TIMINGS": "1",
        "PYTHONPATH": str(PROJECT_ROOT),
    }


@contextlib.contextmanager
def streamlit_server(script: Path, env: dict[str, str], log: Path) -> Iterator[tuple[str, float]]:
    """Start ``streamlit run script``; yield (url, start time on the perf_counter clock)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    started = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield f"http://127.0.0.1:{port}", started
    finally:
        stop(process)


def map_frames(page: Any) -> list[Any]:
    return [f for f in page.frames if "streamlit_folium" in f.url]


def poll(page: Any, predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    """Wait until ``predicate()`` is truthy. Waits with ``page.wait_for_timeout`` (not
    ``time.sleep``) so that Playwright keeps serving the request routes meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # frames come and go while the map remounts
            value = predicate()
            if value:
                return value
        page.wait_for_timeout(5)
    raise TimeoutError("the page did not get there in time")


def provinces_drawn(page: Any) -> bool:
    return any(f.evaluate(JS_PROVINCES) >= 34 for f in map_frames(page))


def fill_of(page: Any, province: str) -> str | None:
    for frame in map_frames(page):
        with contextlib.suppress(Exception):
            fill = frame.evaluate(JS_FILL_OF, province)
            if fill:
                return str(fill)
    return None


def new_page(context: Any, url: str, blocked: list[str]) -> Any:
    page = context.new_page()

    def only_local(route: Any) -> None:
        if route.request.url.startswith((url, "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    return page


# --------------------------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------------------------


RUN_LOG = re.compile(r"^afmap run: ([\d.]+) ms$", re.M)


def run_times(log: Path) -> list[float]:
    """The script runs' server times (seconds) the app printed (AFMAP_TIMINGS) so far."""
    return [float(ms) / 1000 for ms in RUN_LOG.findall(log.read_text(errors="replace"))]


def run_time_after(log: Path, seen: int) -> float | None:
    """The first run logged after the first ``seen`` ones, if there is one yet."""
    times = run_times(log)
    return times[seen] if len(times) > seen else None


def browser_figures(
    script: Path, seeds: Path, work: Path, runs: int, name: str
) -> dict[str, float]:
    """Cold start, warm page load and a date change in the browser (medians over ``runs``)."""
    from playwright.sync_api import sync_playwright

    cold, warm, change, rerun = [], [], [], []
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            env = environment(work, seeds, name)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            log = work / f"{name}.log"
            with streamlit_server(script, env, log) as (url, started):
                page = new_page(context, url, blocked)
                wait_healthy(url, TIMEOUT, interval=0.01)
                page.goto(url)
                poll(page, lambda page=page: provinces_drawn(page))
                cold.append(time.perf_counter() - started)

                page.close()
                page = new_page(context, url, blocked)
                begin = time.perf_counter()
                page.goto(url)
                poll(page, lambda page=page: provinces_drawn(page))
                warm.append(time.perf_counter() - begin)
                page.wait_for_timeout(1500)  # the run the map's first report starts, and idle

                before = poll(page, lambda page=page: fill_of(page, "Jowzjan"))
                logged = len(run_times(log))
                slider = page.locator(  # above the map in the dashboard, in plain's sidebar
                    '[data-testid="stSlider"] input[type="range"], '
                    '[data-testid="stSlider"] [role="slider"]'
                ).first
                slider.focus()
                begin = time.perf_counter()
                slider.press("ArrowLeft")
                poll(
                    page,
                    lambda page=page, before=before: (
                        (fill_of(page, "Jowzjan") or before) != before and provinces_drawn(page)
                    ),
                )
                change.append(time.perf_counter() - begin)
                rerun.append(poll(page, lambda log=log, n=logged: run_time_after(log, n)))
            context.close()
        browser.close()
    if blocked:
        print(f"warning: {name} tried to reach the network: {sorted(set(blocked))}")
    return {
        "cold": median(cold),
        "warm": median(warm),
        "change": median(change),
        "rerun": median(rerun),
    }


def server_figures(script: Path, seeds: Path, work: Path, runs: int, name: str) -> dict[str, float]:
    """Script run time after a date change, and the map's bytes per run (AppTest)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    env = environment(work, seeds, name)
    os.environ.update({k: env[k] for k in ("AFMAP_DB", "AFMAP_SEEDS")})
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT).run()
    if at.exception:
        raise RuntimeError(f"{name}: {at.exception[0].message}")
    if name == "dashboard":  # the map's first report completes the page, as in a browser
        at.session_state[MAP_KEY] = dict(MAP_DRAWN)
        at.run()
    slider = at.select_slider[0]
    parse = (
        (lambda label: dt.datetime.strptime(label, "%d %b %Y").date())
        if name == "dashboard"
        else dt.date.fromisoformat
    )
    dates = [parse(label) for label in slider.options]
    cold, warm = [], []
    for visit in range(runs + 1):
        for day in reversed(dates[:-1]) if visit % 2 == 0 else dates[1:]:
            at.select_slider[0].set_value(day)
            begin = time.perf_counter()
            at.run()
            (cold if visit == 0 else warm).append(time.perf_counter() - begin)
    component = at.get("component_instance")[0].proto
    return {
        "cold": median(cold),
        "warm": median(warm),
        "bytes": float(len(component.json_args.encode("utf-8"))),
    }


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def store_run(script: Path, runs: int) -> dict[str, Any]:
    """In this (fresh) process: AppTest of ``script`` against $AFMAP_DB; timings and memory.

    Each figure is a pair: the AppTest run (its own work per run included) and the script's run
    as the app times it (``AFMAP_TIMINGS``). Steps and jumps come a second apart, as a user or the
    play control leaves them (the dashboard prepares the neighbouring dates meanwhile)."""
    import io

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["AFMAP_TIMINGS"] = "1"

    def timed(at: AppTest) -> tuple[float, float]:
        log = io.StringIO()
        begin = time.perf_counter()
        with contextlib.redirect_stderr(log):  # the script thread prints its run's time there
            at.run()
        took = time.perf_counter() - begin
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        script_runs = [float(ms) / 1000 for ms in RUN_LOG.findall(log.getvalue())]
        return took, sum(script_runs)

    def pair(values: list[tuple[float, float]]) -> tuple[float, float]:
        return median([v[0] for v in values]), median([v[1] for v in values])

    before = rss_mb()
    at = AppTest.from_file(str(script), default_timeout=3600)
    first_screen = timed(at)
    at.session_state[MAP_KEY] = dict(MAP_DRAWN)  # the map has drawn: the rest of the page
    rest = timed(at)
    first = (first_screen[0] + rest[0], first_screen[1] + rest[1])
    after_first = rss_mb()
    slider = at.select_slider(key="as_of")
    dates = [dt.datetime.strptime(label, "%d %b %Y").date() for label in slider.options]
    steps, jumps, revisits = [], [], []
    for k in range(runs):  # "◀ Earlier" from the newest date: one date not seen yet per step
        time.sleep(1.0)
        at.select_slider(key="as_of").set_value(dates[-2 - k])
        steps.append(timed(at))
    seen = set(dates[-2 - runs :])
    middle = [d for d in dates[len(dates) // 4 : 3 * len(dates) // 4] if d not in seen]
    for d in middle[:: max(1, len(middle) // runs)][:runs]:  # slider drags to unseen dates
        time.sleep(1.0)
        at.select_slider(key="as_of").set_value(d)
        jumps.append(timed(at))
    for k in range(runs):  # back to dates already shown
        at.select_slider(key="as_of").set_value(dates[-1 - k % 2])
        revisits.append(timed(at))
    tabs = {}
    for tab in ("Over time", "Articles", "Claims"):
        at.session_state["tab"] = tab
        tabs[tab] = timed(at)
    st.cache_data.clear()
    return {
        "articles_claims": at.caption[0].value.split(". ")[0],
        "dates": len(dates),
        "first": first,
        "step": pair(steps),
        "jump": pair(jumps),
        "revisit": pair(revisits),
        "over_time": tabs["Over time"],
        "articles": tabs["Articles"],
        "rss_before": before,
        "rss_first": after_first,
        "rss_end": rss_mb(),
        "rss_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def store_figures(db: Path, script: Path, runs: int) -> dict[str, Any]:
    """Run `store_run` in a fresh Python process (so its peak RSS is the app's alone), with no
    seed folder, so nothing is written to the store measured."""
    with tempfile.TemporaryDirectory(prefix="afmap-bench-seeds-") as seeds:
        env = {
            **os.environ,
            "AFMAP_DB": str(db),
            "AFMAP_SEEDS": seeds,
            "PYTHONPATH": str(PROJECT_ROOT),
        }
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(script), "--runs", str(runs)],
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode:
        raise RuntimeError(f"the measuring process failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def print_store_figures(db: Path, figures: dict[str, Any], runs: int) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f} ms"

    print(
        f"\nafmap dashboard against {db} ({figures['articles_claims']}, "
        f"{figures['dates']} claim dates); median of {runs}\n"
    )
    print(f"{'':<44} {'AppTest':>10} {'script run':>11}   aim")
    timings = [
        ("first two runs (first screen, then the rest)", "first", ""),
        ("rerun after a date change: one step back", "step", "< 150 ms"),
        ("rerun after a date change: a jump", "jump", ""),
        ("rerun after a date change: a revisit", "revisit", "< 150 ms"),
        ("open the 'Over time' tab (first time)", "over_time", ""),
        ("open the 'Articles' tab (first time)", "articles", ""),
    ]
    for label, key, aim in timings:
        apptest, script_run = figures[key]
        print(f"{label:<44} {ms(apptest):>10} {ms(script_run):>11}   {aim}")
    memory = [
        ("RSS after imports, before the first run", f"{figures['rss_before']:,.0f} MB", ""),
        ("RSS after the first run", f"{figures['rss_first']:,.0f} MB", ""),
        ("RSS after every rerun above", f"{figures['rss_end']:,.0f} MB", "flat"),
        ("peak RSS of the app process", f"{figures['rss_peak']:,.0f} MB", ""),
    ]
    for label, value, aim in memory:
        print(f"{label:<44} {value:>10}   {aim}")


BREAKDOWN = r"""
import json, sys, time
t0 = time.perf_counter()
import streamlit, streamlit_folium  # noqa: E401,F401
t1 = time.perf_counter()
import folium, geopandas, pandas  # noqa: E401,F401
from geo import dashboard_data as dd, render
from geo.boundaries import load_provinces
from geo.pipeline import Extractor, status_geoframe
from geo.settings import Paths
from geo.store import Store
t2 = time.perf_counter()
paths = Paths.from_env()
extractor = Extractor.build()
store = Store(paths.db_path)
t3 = time.perf_counter()
dd.load_seeds(paths.seeds_dir, store, extractor=extractor)
t4 = time.perf_counter()
dates = store.event_dates()
rows = store.province_status(extractor.provinces(), dates[-1], evidence=5)
t5 = time.perf_counter()
gdf = status_geoframe(rows, load_provinces(simplified=True))
statuses = {r.province: r.status.value for r in rows}
m = render.build_map(gdf, as_of=dates[-1], capitals=dd.capitals_frame(extractor, statuses),
                     assets="url", legend=False)
render.offline_for_streamlit(m)
dd.split_for_streamlit(m, legend_title="x", frame_title="x")
m.get_root().render()
t6 = time.perf_counter()
print(json.dumps({"streamlit imports": t1 - t0, "geo/folium/geopandas imports": t2 - t1,
                  "extractor + store open": t3 - t2, "seed extraction into the store": t4 - t3,
                  "store: the map's statuses": t5 - t4, "map HTML (34 provinces)": t6 - t5}))
"""


def health_time(script: Path, env: dict[str, str], log: Path) -> float:
    """From ``streamlit run`` to ``/_stcore/health`` answering (the server's own start)."""
    with streamlit_server(script, env, log) as (url, started):
        wait_healthy(url, TIMEOUT, interval=0.01)
        return time.perf_counter() - started


def breakdown(seeds: Path, work: Path, runs: int) -> dict[str, float]:
    """Where the dashboard's first map goes: each stage of its first run, timed in a fresh
    Python process (cold imports, a fresh store), and the server start (medians of ``runs``)."""
    stages: dict[str, list[float]] = {}
    for _ in range(runs):
        env = environment(work, seeds, "breakdown")
        done = subprocess.run(
            [sys.executable, "-c", BREAKDOWN], env=env, cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True,
        )
        for name, value in json.loads(done.stdout.strip().splitlines()[-1]).items():
            stages.setdefault(name, []).append(value)
        stages.setdefault("streamlit run -> /_stcore/health", []).append(
            health_time(PROJECT_ROOT / "dashboard.py", env, work / "breakdown.log")
        )
    return {name: median(values) for name, values in stages.items()}


def leaflet_bytes() -> int:
    return sum((VENDOR_DIR / "leaflet" / f).stat().st_size for f in ("leaflet.js", "leaflet.css"))


# --------------------------------------------------------------------------------------------
# the table
# --------------------------------------------------------------------------------------------


def row(label: str, ours: float, plain: float, unit: str, aim: str) -> str:
    if unit == "s":
        a, b = f"{ours:.2f} s", f"{plain:.2f} s"
    elif unit == "ms":
        a, b = f"{ours * 1000:.0f} ms", f"{plain * 1000:.0f} ms"
    else:
        a, b = f"{ours / 1024:.0f} KB", f"{plain / 1024:.0f} KB"
    ratio = f"{plain / ours:.1f}x" if ours else "-"
    return f"{label:<38} {a:>11} {b:>11} {ratio:>9}   {aim}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument(
        "--breakdown", action="store_true", help="also time each stage of the first map"
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="measure the dashboard against this existing store instead (read only)",
    )
    parser.add_argument(
        "--app",
        type=Path,
        default=PROJECT_ROOT / "dashboard.py",
        metavar="FILE",
        help="with --db: the Streamlit script to measure (default: dashboard.py)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(store_run(args.child, args.runs)))
        return 0
    if args.db:
        if not args.db.is_file():
            parser.error(f"--db {args.db}: no such file; ingest a corpus first (see --help)")
        print_store_figures(args.db, store_figures(args.db, args.app, args.runs), args.runs)
        return 0

    with tempfile.TemporaryDirectory(prefix="afmap-bench-") as tmp:
        work = Path(tmp)
        seeds = make_seeds(work / "seeds")
        plain_script = work / "plain_app.py"
        plain_script.write_text(textwrap.dedent(PLAIN_APP), encoding="utf-8")
        dashboard = PROJECT_ROOT / "dashboard.py"

        ours_server = server_figures(dashboard, seeds, work, args.runs, "dashboard")
        plain_server = server_figures(plain_script, seeds, work, args.runs, "plain")
        browser = not args.no_browser and Path(CHROMIUM).exists()
        if browser:
            ours_browser = browser_figures(dashboard, seeds, work, args.runs, "dashboard")
            plain_browser = browser_figures(plain_script, seeds, work, args.runs, "plain")
        stages = breakdown(seeds, work, args.runs) if args.breakdown else {}

    print(f"\nafmap dashboard benchmark (median of {args.runs}; ratio = plain / dashboard)\n")
    print(f"{'':<38} {'dashboard':>11} {'plain':>11} {'ratio':>9}   aim")
    if browser:
        print(
            row(
                "start -> 34 provinces (browser)",
                ours_browser["cold"],
                plain_browser["cold"],
                "s",
                "< 3 s",
            )
        )
        print(
            row(
                "page load -> 34 provinces (browser)",
                ours_browser["warm"],
                plain_browser["warm"],
                "s",
                "",
            )
        )
        print(
            row(
                "date change -> recoloured (browser)",
                ours_browser["change"],
                plain_browser["change"],
                "s",
                "",
            )
        )
        print(
            row(
                "date change: the server's script run",
                ours_browser["rerun"],
                plain_browser["rerun"],
                "ms",
                "< 150 ms",
            )
        )
    print(
        row(
            "AppTest rerun, a date's first visit",
            ours_server["cold"],
            plain_server["cold"],
            "ms",
            "< 150 ms",
        )
    )
    print(
        row(
            "AppTest rerun, a date revisited",
            ours_server["warm"],
            plain_server["warm"],
            "ms",
            "< 150 ms",
        )
    )
    print(
        row("map bytes sent per run", ours_server["bytes"], plain_server["bytes"], "KB", "< 400 KB")
    )
    if stages:
        print(f"\nwhere the dashboard's first map goes (median of {args.runs}, fresh processes)")
        for name, value in stages.items():
            print(f"  {name:<40} {value * 1000:>6.0f} ms")
    print(
        f"\nThe dashboard also loads Leaflet once from /app/static/vendor "
        f"({leaflet_bytes() / 1024:.0f} KB, cacheable); plain inlines it in every run."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
