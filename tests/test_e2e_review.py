"""The review flow on the real page in headless Chromium, every request off this machine blocked:
name a reviewer, correct a claim from a province's detail, see the map recolour and the badge
and history, undo it, add an analyst's claim, export the reviewed claims.

One server and one page for the module (the browser tests' fixtures); the tests run in order.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from geo import render
from geo.review import short_id
from geo.store import Store
from tests import test_e2e_browser as e2e
from tests.test_e2e_browser import JS_FILL_OF, JS_POINT_IN, MAP_FRAME, Browser, Server, wait_until

pytestmark = e2e.pytestmark
server, browser = e2e.server, e2e.browser  # one server and page for this module

NAME = "A. Rahimi"
TALIBAN = render.status_colour("taliban")
GOVERNMENT = render.status_colour("government")


def db_of(server: Server) -> Path:
    return server.log.parent / "t.sqlite3"


def retake_claim(server: Server) -> str:
    """"Government forces retook Sheberghan on Thursday": the retake story's last word."""
    with Store(db_of(server)) as store:
        [record] = [r for r in store.claim_records(provinces=["Jowzjan"])
                    if r.claim.start == 98 and r.claim.article_date.isoformat() == "2021-08-12"]
        return record.claim_id


def choose(scope: Any, label: str, text: str) -> None:
    """Pick the option holding ``text`` in the first Streamlit selectbox labelled ``label``
    within ``scope``: type it (the box filters its options), then click the option."""
    page = scope.page if hasattr(scope, "page") else scope
    combo = scope.get_by_role("combobox", name=label, exact=True).first
    option = page.get_by_role("option", name=re.compile(re.escape(text))).first
    for _ in range(5):  # a click during a rerun is lost: try again
        combo.click()
        combo.fill(text)
        try:
            option.wait_for(timeout=3000)
            break
        except e2e.sync_api.TimeoutError:
            continue
    option.click()


def settle(page: Any) -> None:
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")


def test_a_reviewer_names_themselves_once(browser: Browser) -> None:
    page = browser.page
    page.get_by_role("button", name="Expand sidebar").click()  # collapsed on first load
    field = page.locator('[data-testid="stSidebar"] input[aria-label="Reviewer"]')
    field.fill(NAME)
    field.press("Enter")
    settle(page)
    assert field.input_value() == NAME


def test_correcting_a_claim_recolours_the_map_and_shows_badge_and_history(
    browser: Browser, server: Server
) -> None:
    page, frame = browser.page, browser.map_frame()
    assert wait_until(lambda: frame.evaluate(JS_FILL_OF, "Jowzjan") == GOVERNMENT)
    point = frame.evaluate(JS_POINT_IN, "Jowzjan")
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])  # its detail opens
    uid = retake_claim(server)
    page.locator(f'.afmap-claim[data-claim="{uid}"]').wait_for()
    settle(page)
    choose(page, "Review a claim", short_id(uid))
    form = page.locator('[data-testid="stForm"]').filter(has_text=f"Claim {uid}")
    form.wait_for()
    choose(form, "Status", "Taliban")
    form.get_by_role("button", name="Save correction").click()
    assert wait_until(lambda: frame.evaluate(JS_FILL_OF, "Jowzjan") == TALIBAN)
    card = page.locator(f'.afmap-claim[data-claim="{uid}"]')
    assert wait_until(lambda: f"corrected to taliban by {NAME}" in card.inner_text())
    card.locator("summary").click()  # its history
    history = card.locator(".afmap-history li")
    assert history.count() == 1
    assert "government · Sheberghan (capital) · 2021-08-12 → taliban" in history.inner_text()
    saved = f"Saved: claim {short_id(uid)} corrected to taliban by {NAME}"
    assert page.get_by_text(saved).is_visible()


def test_undo_is_a_new_review_and_the_map_follows(browser: Browser, server: Server) -> None:
    page, frame = browser.page, browser.map_frame()
    uid = retake_claim(server)
    form = page.locator('[data-testid="stForm"]').filter(has_text=f"Claim {uid}")
    form.get_by_role("button", name="Undo last review").click()
    assert wait_until(lambda: frame.evaluate(JS_FILL_OF, "Jowzjan") == GOVERNMENT)
    card = page.locator(f'.afmap-claim[data-claim="{uid}"]')
    assert wait_until(lambda: "review undone (back to unreviewed)" in card.inner_text())
    with Store(db_of(server)) as store:
        assert [r.action.value for r in store.history(uid)] == ["correct", "undo"]


def test_an_analyst_claim_colours_its_province(browser: Browser) -> None:
    page, frame = browser.page, browser.map_frame()
    before = frame.evaluate(JS_FILL_OF, "Badghis")
    assert before != GOVERNMENT
    page.get_by_role("tab", name="Reviews", exact=True).click()
    form = page.locator('[data-testid="stForm"]').filter(has_text="Add the analyst claim")
    form.wait_for()
    choose(form, "Place", "Badghis province")
    choose(form, "Status", "Government")
    form.get_by_label("Source (the claim's evidence)").fill("phone call with a council member")
    form.get_by_role("button", name="Add the analyst claim").click()
    assert wait_until(lambda: frame.evaluate(JS_FILL_OF, "Badghis") == GOVERNMENT)
    assert wait_until(lambda: page.get_by_text("Added claim ").count() == 1)


def test_a_click_on_a_row_of_the_claims_table_reviews_its_claim(
    browser: Browser, server: Server
) -> None:
    page = browser.page
    page.get_by_role("tab", name="Claims", exact=True).click()
    grid = page.locator('[data-testid="stDataFrame"]').filter(has_text="").first
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the first row's selection box
    picker = page.get_by_role("combobox", name="Review a claim", exact=True).last
    assert wait_until(lambda: not picker.input_value().startswith("Pick a claim"))
    article, own = picker.input_value().rsplit("· ", 1)[1].split("-")  # the short id
    form = page.locator('[data-testid="stForm"]').filter(has_text=re.compile(
        rf"Claim {article}\w*-{own}"))
    form.wait_for()
    uid = re.search(r"Claim ([\w-]+):", form.inner_text()).group(1)  # type: ignore[union-attr]
    form.get_by_role("button", name="Confirm").click()
    assert wait_until(lambda: page.get_by_text(f"Saved: claim {short_id(uid)} confirmed by {NAME}")
                      .count() == 1)
    with Store(db_of(server)) as store:
        assert store.claim_record(uid).state.value == "confirmed"


def test_the_claims_export_carries_reviewed_values_and_review_state(
    browser: Browser, server: Server
) -> None:
    page = browser.page
    page.get_by_role("tab", name="Export", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Claims (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = list(rows[0])
    assert header[:3] == ["article_id", "article_date", "place"]
    assert header[-6:] == ["claim_id", "review", "reviewed_by", "reviewed_at", "review_note",
                           "read_as"]
    exported = {r["claim_id"]: r for r in rows}
    with Store(db_of(server)) as store:
        records = store.claim_records()
    assert set(exported) == {r.claim_id for r in records}
    for record in records:
        row = exported[record.claim_id]
        assert (row["review"], row["status"], row["place"]) == (
            record.state.label, record.claim.status.value, record.claim.place
        )
    analyst = [r for r in rows if r["via"] == "analyst"]
    assert [(r["place"], r["status"], r["evidence"]) for r in analyst] == [
        ("Badghis", "government", "phone call with a council member")
    ]
    assert {r["review"] for r in rows} >= {"confirmed", "unreviewed"}
    assert browser.blocked == []


@pytest.mark.parametrize("needle", ["Traceback", "Error"])
def test_server_log_is_clean(server: Server, browser: Browser, needle: str) -> None:
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert needle not in log, log[-3000:]
