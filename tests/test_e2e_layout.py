"""The page's layout in headless Chromium at desktop, small-laptop and phone widths.

One ``streamlit run dashboard.py`` server for the module, on what ships (the ``seeds/`` folder);
a fresh browser page per viewport, with every request off this machine aborted (so the
OpenStreetMap tiles fail, as with no network). With ``AFMAP_UPDATE_SCREENSHOT=1`` it rewrites the
README's screenshots (docs/screenshot.png at 1400x900, docs/screenshot-phone.png at 390x844);
otherwise they go to the ignored tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from tests.shared_articles import CHROMIUM_ARGS, MAP_FRAME, dashboard_server, wait_until

CHROMIUM = Path("/usr/bin/chromium")
UI_TIMEOUT_MS = 30_000
VIEWPORTS = [(1400, 900), (800, 1000), (390, 844)]
SCREENSHOTS = (
    PROJECT_ROOT / "docs"
    if os.environ.get("AFMAP_UPDATE_SCREENSHOT") == "1"
    else PROJECT_ROOT / "tests" / "artifacts"
)
SCREENSHOT_NAMES = {1400: "screenshot.png", 390: "screenshot-phone.png"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")

# The province shapes' boxes in the map frame's viewport (Leaflet layers of window.map).
JS_PROVINCE_BOXES = """() => Object.values(window.map._layers)
    .filter(l => l.feature && l.feature.properties && l.feature.properties.province && l._path)
    .map(l => { const r = l._path.getBoundingClientRect();
                return [l.feature.properties.province, r.left, r.top, r.right, r.bottom]; })"""
# Any legend box left inside the map frame (none is expected: the key is beside the map).
JS_LEGEND_IN_MAP = """() => [...document.querySelectorAll("#afmap-legend, .legend, .afmap-key")]
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => { const r = e.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom]; })"""
# Every metric's label and value: [text, scrollWidth, clientWidth] of each element that could cut.
JS_METRIC_TEXT = """() => [...document.querySelectorAll(
        '[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, '
        + '[data-testid="stMetricValue"], [data-testid="stMetricValue"] *')]
    .filter(e => e.clientWidth > 0)
    .map(e => [e.innerText, e.scrollWidth, e.clientWidth])"""
JS_TILE_NOTE = """() => { const e = document.getElementById("afmap-tile-error");
    return e ? [e.textContent, e.getAttribute("role")] : null; }"""
# Streamlit scrolls its main area, not the window: back to the top of both.
JS_TO_TOP = """() => { window.scrollTo(0, 0);
    const main = document.querySelector('[data-testid="stMain"]');
    if (main) main.scrollTo(0, 0); }"""
JS_FOCUS = """() => { const e = document.activeElement;
    return [e.tagName, !!e.closest(".st-key-province_list"), e.getAttribute("aria-label")]; }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port with a fresh database and the shipped seeds."""
    root = tmp_path_factory.mktemp("layout")
    seeds = root / "seeds"
    seeds.mkdir()
    for path in DEFAULT_SEEDS_DIR.glob("*.txt"):
        shutil.copy(path, seeds / path.name)
    with dashboard_server(root / "t.sqlite3", seeds, root / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(chromium: Any, url: str, width: int, height: int) -> tuple[Any, Any]:
    """A page at ``width`` x ``height`` with the map drawn: (context, page)."""
    context = chromium.new_context(viewport={"width": width, "height": height})

    def only_local(route: Any) -> None:
        if route.request.url.startswith((url, "data:", "blob:", "about:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.goto(url)
    frame = map_frame(page)
    wait_until(lambda: len(frame.evaluate(JS_PROVINCE_BOXES)) == 34, page=page)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    return context, page


@pytest.fixture(scope="module", params=VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def page(request: pytest.FixtureRequest, chromium: Any, server: str) -> Iterator[Any]:
    width, height = request.param
    context, page = open_page(chromium, server, width, height)
    try:
        yield page
    finally:
        context.close()


def map_frame(page: Any) -> Any:
    frame = page.wait_for_selector(MAP_FRAME, timeout=UI_TIMEOUT_MS).content_frame()
    assert frame is not None
    return frame


def overlaps(a: Any, b: Any) -> bool:
    """Do the boxes ``(left, top, right, bottom)`` share any area?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# ----------------------------------------------------------------------------------------------
# tests, at each viewport
# ----------------------------------------------------------------------------------------------


def test_the_key_covers_no_province(page: Any) -> None:
    frame_box = page.locator(MAP_FRAME).bounding_box()
    dx, dy = frame_box["x"], frame_box["y"]
    provinces = [
        (name, (left + dx, top + dy, right + dx, bottom + dy))
        for name, left, top, right, bottom in map_frame(page).evaluate(JS_PROVINCE_BOXES)
    ]
    assert len(provinces) == 34
    key = page.locator(".afmap-key").bounding_box()
    assert key is not None, "the key is on the page"
    assert key["width"] > 0
    key_box = (key["x"], key["y"], key["x"] + key["width"], key["y"] + key["height"])
    assert [name for name, box in provinces if overlaps(key_box, box)] == []
    inside = [
        (left + dx, top + dy, right + dx, bottom + dy)
        for left, top, right, bottom in map_frame(page).evaluate(JS_LEGEND_IN_MAP)
    ]
    covered = [name for name, box in provinces for legend in inside if overlaps(legend, box)]
    assert covered == []
    # Its definitions open on demand, and push the map down rather than covering it.
    page.locator(".afmap-key summary").click()
    assert page.locator(".afmap-key details ul").is_visible()
    opened = page.locator(".afmap-key").bounding_box()
    assert opened["y"] + opened["height"] <= page.locator(MAP_FRAME).bounding_box()["y"] + 1
    page.locator(".afmap-key summary").click()


def test_the_map_starts_in_the_first_screen(page: Any) -> None:
    height = page.viewport_size["height"]
    page.evaluate(JS_TO_TOP)
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["y"] + 200 <= height, f"the map's top is at {box['y']:.0f} px of {height}"
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= page.viewport_size["width"]


def test_no_metric_label_or_value_is_cut(page: Any) -> None:
    texts = page.evaluate(JS_METRIC_TEXT)
    labels = {t[0] for t in texts}
    assert {"Taliban", "Contested", "Government", "No report", "Capitals taken"} <= labels
    cut = [(text, scroll, client) for text, scroll, client in texts if scroll > client]
    assert cut == []


def test_the_sidebar_starts_collapsed(page: Any) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_attribute("data-collapsed") == "true"
    width = page.viewport_size["width"]
    box = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert box["x"] + box["width"] <= width + 1  # the page is not pushed aside


def test_the_province_list_is_reachable_by_tab(page: Any) -> None:
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    page.locator("body").focus()
    presses = 0
    while presses < 60:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate(JS_FOCUS)[1]:
            break
    assert page.evaluate(JS_FOCUS)[1], "Tab never reached the province list"
    assert presses < 40, f"{presses} Tab stops before the province list"
    group = page.locator('.st-key-province_list [role="radiogroup"]')
    assert group.get_attribute("aria-label") == "Province in detail"
    names = group.locator("label").all_text_contents()
    assert len(names) == 34
    assert names == sorted(names, key=str.casefold)
    assert any(n.startswith("Kunduz: Taliban since 8 Aug 2021") for n in names)
    # "Skip the map" jumps over it: the next Tab is in the list.
    page.locator("a.afmap-skip").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(JS_FOCUS)[1]


def test_the_map_frame_is_titled(page: Any) -> None:
    title = page.locator(MAP_FRAME).get_attribute("title")
    assert title.startswith("Map of Afghanistan's 34 provinces by control status as of")


def test_screenshot(page: Any) -> None:
    """The README's pictures: Kunduz's evidence open beside (or below) the map."""
    name = SCREENSHOT_NAMES.get(page.viewport_size["width"])
    if name is None:
        pytest.skip("no screenshot at this width")
    page.locator(".st-key-province_list label").filter(has_text="Kunduz:").click()
    page.locator(".afmap-claim.afmap-decides").wait_for()
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    wait_until(lambda: map_frame(page).evaluate(JS_PROVINCE_BOXES), page=page)
    page.evaluate(JS_TO_TOP)
    page.mouse.move(2, 2)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))
    assert (SCREENSHOTS / name).stat().st_size > 20_000


# ----------------------------------------------------------------------------------------------
# once: the province in detail survives a date change; tiles that cannot load say so
# ----------------------------------------------------------------------------------------------


def test_the_province_in_detail_stays_when_the_date_changes(chromium: Any, server: str) -> None:
    """Its label in the list changes with its status ("Kunduz: Taliban since ..."); the list
    must not fall back to its first province."""
    context, page = open_page(chromium, server, 1400, 900)
    try:
        page.locator(".st-key-province_list label").filter(has_text="Kunduz:").click()
        page.locator(".afmap-claim.afmap-decides").wait_for()
        earlier = page.get_by_role("button", name="◀ Earlier")
        before = page.locator(".st-key-province_list").inner_text()
        for _ in range(10):  # back to the first claim date, one step (one rerun) at a time
            if not earlier.is_enabled():
                break
            url = page.evaluate("window.location.href")
            page.evaluate(JS_TO_TOP)  # the toolbar overlays a button scrolled under it
            earlier.click()
            wait_until(lambda u=url: page.evaluate("window.location.href") != u)
            page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
            assert "province=Kunduz" in page.evaluate("window.location.href")
        assert wait_until(  # new labels (the rerun may still be drawing them)
            lambda: page.locator(".st-key-province_list").inner_text() != before
        )
        checked = page.locator('.st-key-province_list input[type="radio"]:checked')
        assert wait_until(lambda: checked.count() == 1)
        label = page.locator(".st-key-province_list label").filter(
            has=page.locator('input[type="radio"]:checked')
        )
        assert label.inner_text().startswith("Kunduz:")
    finally:
        context.close()


def test_a_change_picked_in_the_log_opens_its_province_and_shows_its_whole_quote(
    chromium: Any, server: str
) -> None:
    context, page = open_page(chromium, server, 1400, 900)
    try:
        grid = page.locator(".st-key-change_log [data-testid='stDataFrame']")
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        for i in range(8):  # the rows are drawn on a canvas: click each row's marker in turn
            page.mouse.click(box["x"] + 18, box["y"] + 35 + 35 * i + 17)
            page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
            shown = page.locator(".afmap-change")
            if shown.count() and "Kunduz" in shown.inner_text():
                break
        text = page.locator(".afmap-change").inner_text()
        assert text.startswith("8 Aug: Kunduz no report → taliban")
        assert "planted their flag in the main square" in text
        assert "province=Kunduz" in page.evaluate("window.location.href")
        assert "as_of=2021-08-08" in page.evaluate("window.location.href")
        assert page.locator(".afmap-claim.afmap-decides").count() == 1
    finally:
        context.close()


# ----------------------------------------------------------------------------------------------
# tiles that cannot load say so
# ----------------------------------------------------------------------------------------------


def test_tiles_that_cannot_load_say_so(chromium: Any, server: str) -> None:
    context, page = open_page(chromium, server, 1400, 900)
    try:
        page.get_by_role("button", name="Expand sidebar").click()
        page.get_by_text("OpenStreetMap background (needs internet)").click()
        def note() -> Any:  # the map is remounted in a new frame: look in every map frame
            for frame in page.frames:
                if "streamlit_folium" in frame.url:
                    with contextlib.suppress(sync_api.Error):
                        found = frame.evaluate(JS_TILE_NOTE)
                        if found:
                            return found
            return None

        text, role = wait_until(note, page=page)  # the remounted frame's requests are routed
        assert "could not be loaded" in text
        assert role == "alert"
    finally:
        context.close()
