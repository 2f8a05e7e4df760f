"""The real page in headless Chromium, with every request off this machine blocked.

One ``streamlit run dashboard.py`` server and one browser page serve the whole module; the tests
run in file order (draw, change the date, click a province, screenshot).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from tests.shared_articles import (
    CAPTURE,
    CHROMIUM_ARGS,
    MAP_FRAME,
    RETAKE,
    dashboard_server,
    wait_until,
)

CHROMIUM = Path("/usr/bin/chromium")
# A picture of the page under test, for looking at a failure (the README's screenshots are made by
# tests/test_e2e_layout.py from the shipped seeds).
SCREENSHOT = PROJECT_ROOT / "tests" / "artifacts" / "screenshot.png"
SERVER_START_TIMEOUT = 60.0
UI_TIMEOUT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")

# Leaflet's layers, read inside the map's iframe (window.map is streamlit-folium's map).
JS_PROVINCE_LAYERS = """() => Object.values(window.map._layers)
    .filter(l => l.feature && l.feature.properties && l.feature.properties.province && l._path)"""
JS_FILL_OF = f"""(name) => {{
    const layer = ({JS_PROVINCE_LAYERS})().find(l => l.feature.properties.province === name);
    return layer ? layer._path.getAttribute("fill") : null;
}}"""
JS_STROKE_WIDTH_OF = JS_FILL_OF.replace('"fill"', '"stroke-width"')
JS_PROVINCE_COUNT = f"() => ({JS_PROVINCE_LAYERS})().length"
# A point (in the iframe's viewport) where the province's own path is the topmost element.
JS_POINT_IN = f"""(name) => {{
    const layer = ({JS_PROVINCE_LAYERS})().find(l => l.feature.properties.province === name);
    const box = layer._path.getBoundingClientRect();
    for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {{
        const x = box.left + box.width * j / 12, y = box.top + box.height * i / 12;
        if (document.elementFromPoint(x, y) === layer._path) return [x, y];
    }}
    return null;
}}"""


# ----------------------------------------------------------------------------------------------
# fixtures: a server, a browser page that can only reach localhost
# ----------------------------------------------------------------------------------------------


# Issue 4: an article whose quote and file name try to run script in the page.
PAYLOAD = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> '
    '<a href="javascript:window.__pwned=1">more</a> `${window.__pwned=1}` \\1 </textarea>'
)
HOSTILE_NAME = "qalat <img src=x onerror=window.__pwned=1> `x`.txt"
HOSTILE = (
    f"date 2021-08-09\nQalat {PAYLOAD}\n\n"
    f"Taliban fighters captured Qalat on Monday, a witness wrote: {PAYLOAD} and fled.\n"
)


@dataclass
class Server:
    url: str
    log: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``streamlit run dashboard.py`` on a free port with a temporary database and seeds."""
    root = tmp_path_factory.mktemp("e2e")
    seeds = root / "seeds"
    seeds.mkdir()
    for path in DEFAULT_SEEDS_DIR.glob("*.txt"):
        shutil.copy(path, seeds / path.name)
    (seeds / "sheberghan_2021-08-08.txt").write_text(CAPTURE, encoding="utf-8")
    (seeds / "sheberghan_2021-08-12.txt").write_text(RETAKE, encoding="utf-8")
    (seeds / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    log = root / "streamlit.log"
    with dashboard_server(
        root / "t.sqlite3", seeds, log, start_timeout=SERVER_START_TIMEOUT
    ) as url:
        yield Server(url, log)


@dataclass
class Browser:
    page: Any
    blocked: list[str] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)  # sizes of websocket messages to the server

    def map_frame(self) -> Any:
        """The map's iframe (streamlit-folium's component) as a playwright Frame."""
        handle = self.page.wait_for_selector(MAP_FRAME, timeout=UI_TIMEOUT_MS)
        frame = handle.content_frame()
        assert frame is not None
        return frame


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[Browser]:
    """Chromium at 1400x900 on the dashboard; non-local requests are aborted and recorded."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        state = Browser(context.new_page())

        def only_local(route: Any) -> None:
            url = route.request.url
            if url.startswith((server.url, "data:", "blob:", "about:")):
                route.continue_()
            else:
                state.blocked.append(url)
                route.abort()

        context.route("**/*", only_local)
        state.page.on(
            "websocket", lambda ws: ws.on("framesent", lambda f: state.sent.append(len(f)))
        )
        state.page.set_default_timeout(UI_TIMEOUT_MS)
        state.page.goto(server.url)
        try:
            yield state
        finally:
            context.close()
            chromium.close()


def settle(page: Any) -> None:
    """Wait until the script run is over (Streamlit's running indicator is gone)."""
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")


def location(page: Any) -> str:
    """The address bar (``page.url`` misses Streamlit's ``history.replaceState`` updates)."""
    return str(page.evaluate("window.location.href"))


# ----------------------------------------------------------------------------------------------
# tests
# ----------------------------------------------------------------------------------------------


def test_map_draws_34_provinces_with_no_network(browser: Browser) -> None:
    frame = browser.map_frame()
    frame.locator("path.leaflet-interactive").nth(33).wait_for()
    assert wait_until(lambda: frame.evaluate(JS_PROVINCE_COUNT) == 34)
    assert frame.locator("path.leaflet-interactive").count() >= 34
    assert frame.evaluate("window.L && window.L.version") == "1.9.3"  # the vendored Leaflet
    assert frame.locator(".leaflet-tile").count() == 0  # no tiles by default
    assert browser.blocked == [], f"requests left this machine: {browser.blocked}"


def test_date_change_recolours_in_place_and_keeps_the_view(browser: Browser) -> None:
    page, frame = browser.page, browser.map_frame()
    assert frame.evaluate(JS_FILL_OF, "Jowzjan") == "#2f6eba"  # government as of 12 Aug
    frame.evaluate("window.__probe = 1; window.map.setZoom(window.map.getZoom() + 1)")
    zoom = wait_until(
        lambda: frame.evaluate("window.map._animatingZoom ? 0 : window.map.getZoom()")
    )
    page.get_by_role("button", name="◀ Earlier").click()
    assert wait_until(lambda: frame.evaluate(JS_FILL_OF, "Jowzjan") == "#8b0000")  # taken 7 Aug
    assert frame.evaluate("window.__probe") == 1, "the map iframe was reloaded"
    assert frame.evaluate("window.map.getZoom()") == zoom
    key = page.locator(".afmap-key b").first  # the key beside the map, not over it
    assert wait_until(lambda: key.text_content() == "Status as of 10 Aug 2021:")
    frame_title = page.locator(MAP_FRAME).get_attribute
    assert wait_until(lambda: "34 provinces by control status as of 10 Aug" in frame_title("title"))
    assert wait_until(lambda: "as_of=2021-08-10" in location(page))
    frame.evaluate("window.map.setZoom(window.map.getZoom() - 1)")


def test_panning_and_zooming_do_not_rerun_the_script(browser: Browser) -> None:
    page, frame = browser.page, browser.map_frame()
    settle(page)
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.8  # empty corner
    before = len(browser.sent)
    centre = frame.evaluate("[map.getCenter().lat, map.getCenter().lng]")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y - 40, steps=8)
    page.mouse.up()
    frame.evaluate("map.setZoom(map.getZoom() + 0.5)")
    assert frame.evaluate("[map.getCenter().lat, map.getCenter().lng]") != centre
    page.wait_for_timeout(800)  # longer than streamlit-folium's 250 ms debounce
    assert len(browser.sent) == before, "a pan or zoom sent a message (a rerun) to the server"
    frame.evaluate("map.setZoom(map.getZoom() - 0.5)")


def test_clicking_a_province_shows_its_evidence(browser: Browser) -> None:
    page, frame = browser.page, browser.map_frame()
    point = frame.evaluate(JS_POINT_IN, "Kunduz")
    assert point is not None
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    claims = page.locator(".afmap-claim")
    claims.first.wait_for()
    assert "planted their flag" in " ".join(claims.all_text_contents())
    assert page.locator("mark").first.is_visible()
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # off the province: no hover
    assert wait_until(lambda: frame.evaluate(JS_STROKE_WIDTH_OF, "Kunduz") == "4")  # outlined
    assert wait_until(lambda: "province=Kunduz" in location(page))
    assert browser.blocked == []


def test_screenshot(browser: Browser) -> None:
    page = browser.page
    page.mouse.move(5, 5)
    settle(page)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000


def test_map_export_is_a_standalone_offline_page(browser: Browser, tmp_path: Path) -> None:
    page = browser.page
    page.get_by_role("tab", name="Export", exact=True).click()
    button = page.get_by_role("button", name="Map (HTML)")
    with page.expect_download() as download:
        button.click()
    saved = tmp_path / "map.html"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "Province status as of 10 Aug 2021" in text
    assert text.count('"type": "Feature"') >= 34
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text)  # nothing to fetch
    with page.expect_download() as download:
        page.get_by_role("button", name="Claims (CSV)").click()
    rows = download.value.path().read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("article_id,article_date,place")
    assert len(rows) > 10
    page.get_by_role("tab", name="Claims", exact=True).click()


def test_hostile_article_runs_no_script_and_the_map_still_draws(browser: Browser) -> None:
    page, frame = browser.page, browser.map_frame()
    assert wait_until(lambda: frame.evaluate(JS_PROVINCE_COUNT) == 34)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    point = frame.evaluate(JS_POINT_IN, "Zabul")  # Qalat's province: taken in the hostile text
    assert point is not None
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])  # opens its evidence
    claims = page.locator(".afmap-claim")
    assert wait_until(lambda: "window.__pwned=1" in " ".join(claims.all_text_contents()))
    shown = " ".join(claims.all_text_contents())
    assert "<script>" in shown  # shown as text, not run
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])  # the tooltip too
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert frame.evaluate("window.__pwned") is None
    assert frame.evaluate(JS_PROVINCE_COUNT) == 34
    assert browser.blocked == []


def test_server_log_has_no_errors(server: Server, browser: Browser) -> None:
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-3000:]
    assert "Error" not in log, log[-3000:]
