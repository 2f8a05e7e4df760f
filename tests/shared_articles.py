"""What the dashboard's browser tests and its benchmark share: sample wire-style articles,
Chromium's flags, and starting a Streamlit server on a free port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from geo.settings import PROJECT_ROOT

T = TypeVar("T")

# What streamlit-folium puts in the map's session state once it has drawn (nothing clicked yet):
# the report that lets the dashboard draw the rest of its page (see dashboard.page_complete).
MAP_KEY = "province_map"
MAP_DRAWN = {"last_active_drawing": None, "last_object_clicked_count": 0}

CAPTURE = """date 2021-08-08
Taliban capture Sheberghan, second provincial capital in two days

SHEBERGHAN, Afghanistan (Reuters) - Taliban fighters captured Sheberghan, the capital of \
Jowzjan province, on Saturday after government forces withdrew to the airport, a provincial \
council member said.

The insurgents also launched fierce clashes in Lashkar Gah, the Helmand provincial capital.
"""
RETAKE = """date 2021-08-12
Afghan forces retake Sheberghan

MAZAR-I-SHARIF, Afghanistan (Reuters) - Government forces retook Sheberghan on Thursday after \
days of fighting, the defence ministry said.

Fighting continued in Lashkar Gah, where the Taliban have captured the police headquarters. The \
Taliban now hold ten of the country's 34 provincial capitals.
"""

# Headless Chromium as root on a machine with no network beyond localhost.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The map's frame by its address: the dashboard retitles it ("Map of Afghanistan's ...").
MAP_FRAME = 'iframe[src*="streamlit_folium.st_folium"]'


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(
    url: str,
    timeout: float,
    *,
    process: subprocess.Popen[bytes] | None = None,
    interval: float = 0.05,
) -> None:
    """Poll ``/_stcore/health`` until it answers ``ok`` (never a fixed sleep); fail at once if
    ``process`` (the server) exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response,
        ):
            if response.read() == b"ok":
                return
        time.sleep(interval)
    raise TimeoutError(f"{url} was not healthy after {timeout} s")


@contextlib.contextmanager
def dashboard_server(
    db: Path, seeds: Path, log: Path, *, start_timeout: float = 60.0
) -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port with this database and seeds folder, its
    output in ``log``; yields the page's address once healthy, and stops the server after."""
    env = {**os.environ, "AFMAP_DB": str(db), "AFMAP_SEEDS": str(seeds)}
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.headless", "true", "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, start_timeout, process=process)
        yield url
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server: terminate, and kill it if it has not ended within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until(predicate: Callable[[], T], timeout: float = 30.0, page: Any = None) -> T:
    """The first truthy value of ``predicate()``, polled every 50 ms; AssertionError after
    ``timeout`` seconds. With a Playwright ``page``, it waits with ``page.wait_for_timeout``, not
    ``time.sleep``, so that Playwright keeps serving the page's request routes meanwhile (a
    sleeping test holds every routed request of a frame that is loading)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if page is not None:
            page.wait_for_timeout(50)
        else:
            time.sleep(0.05)
    raise AssertionError("condition not met in time")
