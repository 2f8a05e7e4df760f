"""The dashboard's review flow with Streamlit's AppTest: confirm, correct, reject, undo, an
analyst's claim, the map recolouring, badges and histories, the review filter, conflicts between
sessions, and two sessions and a command line reviewing at once (in processes)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import itertools
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import render
from geo.review import Change, short_id
from geo.settings import PROJECT_ROOT
from geo.store import Store
from geo.types import ControlStatus
from tests import test_dashboard as dash
from tests.test_dashboard import _clear_caches, html_text, metrics, open_tab, param, plain, table
from tests.test_store_review import assert_consistent

seeds, db, app = dash.seeds, dash.db, dash.app  # the dashboard tests' fixtures

NAME = "A. Rahimi"
HOSTILE_NAME = "<img src=x onerror=alert(1)> `${x}`"


def fill_of(at: AppTest, iso: str) -> str:
    """The fill colour the map draws a province in (from the map's style function)."""
    group = json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]
    case = group.index(f'case "{iso}":')
    found = re.compile(r'"fillColor": "(#[0-9a-f]{6})"').search(group, case)
    assert found is not None
    return found.group(1)


def colour(status: ControlStatus) -> str:
    return render.status_colour(status.value)


def start(app: Callable[..., AppTest], name: str | None = NAME, **params: str) -> AppTest:
    at = app(params or None)
    if name is not None:
        at.text_input(key="reviewer").set_value(name).run()
    return at


def uid_of(db: Path, province: str, start: int, day: str) -> str:
    with Store(db) as store:
        [record] = [
            r for r in store.claim_records(provinces=[province])
            if r.claim.start == start and r.claim.article_date.isoformat() == day
        ]
        return record.claim_id


def form(at: AppTest, where: str, uid: str) -> str:
    """Pick the claim in the picker and return its form's key suffix."""
    at.selectbox(key=f"pick_{where}").set_value(uid).run()
    assert not at.exception, at.exception
    [key] = [w.key for w in at.selectbox if w.key and w.key.startswith(f"rv_status_{where}_{uid}_")]
    return key.removeprefix("rv_status_")


def submit(at: AppTest, k: str, action: str, **fields: object) -> AppTest:
    for name, value in fields.items():
        widget = {"status": at.selectbox, "place": at.selectbox, "date": at.date_input,
                  "note": at.text_input}[name](key=f"rv_{name}_{k}")
        widget.set_value(value)
    at.button(key=f"rv_{action}_{k}").click().run()
    assert not at.exception, at.exception
    return at


def notices(at: AppTest) -> list[str]:
    return [plain(e.value) for e in (*at.success, *at.warning, *at.error)]


# Jowzjan on 12 Aug: "Government forces retook Sheberghan on Thursday" (at offset 98 of the
# retake story) is the article's last word that day; the capture story says "captured" on 7 Aug.
RETAKE_DAY = "2021-08-12"


def test_a_correction_recolours_the_map_shows_its_badge_and_history_and_outlives_a_restart(
    app: Callable[..., AppTest], db: Path
) -> None:
    at = start(app)
    assert fill_of(at, "AF-JOW") == colour(ControlStatus.GOVERNMENT)
    before = metrics(at)
    uid = uid_of(db, "Jowzjan", 98, RETAKE_DAY)
    at.radio(key="selected").set_value("Jowzjan").run()
    k = form(at, "detail", uid)
    submit(at, k, "correct", status="taliban", note="the ministry denies the retake")
    assert notices(at) == [f"Saved: claim {short_id(uid)} corrected to taliban by {NAME}, "
                           f"{dt.date.today().day} {dt.date.today():%b}."]
    assert fill_of(at, "AF-JOW") == colour(ControlStatus.TALIBAN)  # the map follows
    after = metrics(at)
    assert int(after["Taliban"]) == int(before["Taliban"]) + 1
    assert int(after["Government"]) == int(before["Government"]) - 1
    page = html_text(at)
    assert f"corrected to taliban by {NAME}" in page
    assert "History (1 review)" in page
    assert "the ministry denies the retake" in page
    assert "taliban · Sheberghan (capital) · 2021-08-12 [corrected]" in page
    status = table(open_tab(at, "Provinces"), "status_table").set_index("province")
    assert status.loc["Jowzjan", "status"] == "taliban"

    _clear_caches()  # a restart of the server
    again = start(app, name=None)
    assert fill_of(again, "AF-JOW") == colour(ControlStatus.TALIBAN)
    assert again.text_input(key="reviewer").value == ""  # a new session asks again


def test_reject_hides_a_claim_from_the_map_the_filter_lists_it_and_undo_brings_it_back(
    app: Callable[..., AppTest], db: Path
) -> None:
    at = start(app)
    uid = uid_of(db, "Jowzjan", 98, RETAKE_DAY)
    at.radio(key="selected").set_value("Jowzjan").run()
    submit(at, form(at, "detail", uid), "correct", status="taliban")
    assert fill_of(at, "AF-JOW") == colour(ControlStatus.TALIBAN)
    submit(at, form(at, "detail", uid), "reject", note="a rumour")
    # the title's "Afghan forces retake Sheberghan" is the article's word now
    assert fill_of(at, "AF-JOW") == colour(ControlStatus.GOVERNMENT)
    page = html_text(at)
    assert f"rejected by {NAME}" in page
    assert "not on the map" in page
    assert "History (2 reviews)" in page

    at.segmented_control(key="review_filter").set_value("rejected").run()
    cards = re.findall(r'data-claim="([\w-]+)"', html_text(at))
    assert cards == [uid]
    assert param(at, "review") == "rejected"
    at.segmented_control(key="review_filter").set_value("unreviewed").run()
    assert uid not in re.findall(r'data-claim="([\w-]+)"', html_text(at))

    at.segmented_control(key="review_filter").set_value("all").run()
    submit(at, form(at, "detail", uid), "undo")
    assert fill_of(at, "AF-JOW") == colour(ControlStatus.TALIBAN)  # back to the correction
    submit(at, form(at, "detail", uid), "undo")
    assert fill_of(at, "AF-JOW") == colour(ControlStatus.GOVERNMENT)  # back to the extractor's
    k = form(at, "detail", uid)
    assert at.button(key=f"rv_undo_{k}").disabled  # nothing left to undo
    assert "History (4 reviews)" in html_text(at)
    with Store(db) as store:
        assert [r.action.value for r in store.history(uid)] == ["correct", "reject", "undo",
                                                                "undo"]


def test_the_review_filter_comes_from_the_link(app: Callable[..., AppTest]) -> None:
    at = start(app, review="reviewed", province="Jowzjan")
    assert at.segmented_control(key="review_filter").value == "reviewed"
    assert "No reviewed claim about this province." in [c.value for c in at.caption]
    bad = start(app, review="maybe")
    assert bad.segmented_control(key="review_filter").value == "all"
    assert any("review: 'maybe' is not one of" in plain(w.value) for w in bad.warning)


def test_confirm_from_the_claims_table_and_its_review_column(
    app: Callable[..., AppTest], db: Path
) -> None:
    at = open_tab(start(app), "Claims")
    frame = table(at, "claims_table")
    uid = frame["claim_id"].iloc[0]
    assert set(frame["review"]) == {"unreviewed"}
    submit(at, form(at, "table", uid), "confirm")
    frame = table(at, "claims_table")
    assert frame.set_index("claim_id").loc[uid, "review"].startswith(f"confirmed by {NAME}")
    at.segmented_control(key="review_filter").set_value("reviewed").run()
    assert list(table(at, "claims_table")["claim_id"]) == [uid]
    # the form refuses a confirmation of changed values: that is a correction
    at.segmented_control(key="review_filter").set_value("all").run()
    k = form(at, "table", uid)
    submit(at, k, "confirm", status="contested")
    assert notices(at) == ["Not saved: you changed the status, place or date: press “Save "
                           "correction” to correct the claim, or put them back to confirm it"]
    with Store(db) as store:
        assert store.count_reviews() == 1


def test_an_analyst_claim_is_added_drawn_and_shown_as_such(
    app: Callable[..., AppTest], db: Path
) -> None:
    at = open_tab(start(app), "Reviews")
    assert fill_of(at, "AF-FRA") != colour(ControlStatus.GOVERNMENT)
    at.selectbox(key="an_place").set_value("Farah province")
    at.selectbox(key="an_status").set_value("government")
    at.date_input(key="an_date").set_value(dt.date(2021, 8, 12))
    at.text_input(key="an_note").set_value("phone call with a council member")
    at.button(key="an_add").click().run()
    assert not at.exception, at.exception
    assert notices(at)[0].startswith("Added claim ")
    assert "Farah government since 12 Aug 2021" in notices(at)[0]
    assert fill_of(at, "AF-FRA") == colour(ControlStatus.GOVERNMENT)
    trail = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert list(trail["action"]) == ["add"]
    at.radio(key="selected").set_value("Farah").run()
    page = html_text(at)
    assert "Analyst claim · source: phone call with a council member" in page
    assert f"analyst claim by {NAME}" in page
    at.text_input(key="an_note").set_value("   ")
    at.button(key="an_add").click().run()
    assert notices(at) == ["Not added: an analyst claim needs its source as the note (e.g. "
                           "'phone call with a council member')"]


def test_without_a_name_nothing_can_be_reviewed(app: Callable[..., AppTest], db: Path) -> None:
    at = start(app, name=None)
    uid = uid_of(db, "Jowzjan", 98, RETAKE_DAY)
    at.radio(key="selected").set_value("Jowzjan").run()
    k = form(at, "detail", uid)
    assert all(at.button(key=f"rv_{a}_{k}").disabled for a in ("confirm", "correct", "reject"))
    assert "Type your name in the sidebar (Reviewer) to review claims." in [
        c.value for c in at.caption
    ]
    at.text_input(key="reviewer").set_value(NAME).run()
    assert not at.button(key=f"rv_confirm_{k}").disabled
    at.radio(key="selected").set_value("Kunduz").run()
    assert at.text_input(key="reviewer").value == NAME  # asked once, kept


def test_a_claim_reviewed_meanwhile_elsewhere_is_not_overwritten(
    app: Callable[..., AppTest], db: Path
) -> None:
    at = start(app)
    uid = uid_of(db, "Jowzjan", 98, RETAKE_DAY)
    at.radio(key="selected").set_value("Jowzjan").run()
    k = form(at, "detail", uid)
    with Store(db) as other:  # another session or the command line, between read and click
        other.review(uid, "correct", by="B. Noor", change=Change(status=ControlStatus.CONTESTED))
    submit(at, k, "reject")
    [message] = notices(at)
    assert message.startswith(f"Not saved: claim {uid} changed since it was read (now: "
                              "corrected to contested by B. Noor")
    with Store(db) as store:
        assert [r.by for r in store.history(uid)] == ["B. Noor"]
    k2 = form(at, "detail", uid)
    assert k2 != k  # the form shows the claim as it is now
    assert at.selectbox(key=f"rv_status_{k2}").value == "contested"
    submit(at, k2, "reject")
    with Store(db) as store:
        assert [r.by for r in store.history(uid)] == ["B. Noor", NAME]


def test_reviews_tab_lists_the_trail_and_the_reviews_no_claim_matches(
    app: Callable[..., AppTest], db: Path
) -> None:
    import dataclasses

    at = start(app, name=HOSTILE_NAME)
    uid = uid_of(db, "Jowzjan", 98, RETAKE_DAY)
    at.radio(key="selected").set_value("Jowzjan").run()
    submit(at, form(at, "detail", uid), "confirm", note="<script>alert(1)</script>")
    page = html_text(at)
    assert "<img src=x" not in page
    assert "<script>alert" not in page
    assert html_lib.escape(HOSTILE_NAME) in page
    with Store(db) as store:  # a reading the extractor no longer makes, reviewed
        record = store.claim_record(uid)
        art = record.claim.article_id
        ghost = dataclasses.replace(record.claim, place="Farah", province="Farah", start=0, end=2)
        store.replace_claims([(art, [*store.claims(article_ids=[art]), ghost])])
        from geo.review import claim_uids

        ghost_id = claim_uids([ghost])[0]
        store.review(ghost_id, "confirm", by="B")
        store.replace_claims([(art, store.claims(article_ids=[art])[:-1])])
    at = open_tab(at, "Reviews")
    assert any("1 reviewed claim(s) no longer match a claim" in w.value for w in at.warning)
    orphans = next(d.value for d in at.dataframe if "claim_id" in d.value.columns
                   and ghost_id in set(d.value["claim_id"]))
    assert list(orphans["claim_id"]) == [ghost_id]
    trail = [d.value for d in at.dataframe if "action" in d.value.columns][-1]
    assert list(trail["action"]) == ["confirm", "confirm"]  # newest first
    assert trail["by"].iloc[1] == HOSTILE_NAME


# --- two sessions and a command line at once, in processes ----------------------------------------

SESSION = textwrap.dedent(
    """
    import os, sys
    from streamlit.testing.v1 import AppTest
    from geo.store import Store

    name, n, app = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    at = AppTest.from_file(app, default_timeout=120).run()
    at.session_state["province_map"] = {"last_active_drawing": None, "last_object_clicked_count": 0}
    at.run()  # the map has drawn: the page (and its sidebar) completes
    at.text_input(key="reviewer").set_value(name).run()
    open(os.path.join(os.environ["READY_DIR"], name), "w").close()  # set up: the others may go
    store = Store(os.environ["AFMAP_DB"])
    ids = [r.claim_id for r in store.claim_records(provinces=["Jowzjan", "Helmand"], order="id")]
    ok = conflicts = 0
    i = 0
    while ok < n:
        uid = ids[i % len(ids)]
        i += 1
        at.radio(key="selected").set_value(store.claim_record(uid).claim.province).run()
        at.selectbox(key="pick_detail").set_value(uid).run()
        [key] = [w.key for w in at.selectbox if w.key and w.key.startswith("rv_status_")]
        k = key.removeprefix("rv_status_")
        now = at.selectbox(key=key).value
        new = next(s for s in ("government", "contested", "taliban") if s != now)
        at.selectbox(key=key).set_value(new)
        at.button(key=f"rv_correct_{k}").click().run()
        assert not at.exception, at.exception
        if at.success:
            ok += 1
        elif at.warning and "changed since it was read" in at.warning[0].value:
            conflicts += 1  # shown to the user, who submits again
        else:
            raise AssertionError([e.value for e in at.error])
    print(ok, conflicts, flush=True)
    """
)
CLI = textwrap.dedent(
    """
    import contextlib, io, os, sys, time
    from geo.__main__ import main
    from geo.store import Store

    db, n = sys.argv[1], int(sys.argv[2])
    ready = [os.path.join(os.environ["READY_DIR"], s) for s in ("s1", "s2")]
    deadline = time.monotonic() + 300
    while not all(map(os.path.exists, ready)) and time.monotonic() < deadline:
        time.sleep(0.05)  # start with the two sessions, not before they have opened the page
    with Store(db) as store:
        ids = [r.claim_id for r in store.claim_records(provinces=["Jowzjan", "Helmand"],
                                                       order="id")]
    ok = 0
    for i in range(n):
        time.sleep(0.25)  # an analyst's pace: flat out, 16 reviews are done before a session's 2nd
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["review", ids[i % len(ids)], "--confirm", "--by", "cli", "--db", db])
        assert code == 0
        ok += 1
    print(ok, 0, flush=True)
    """
)


@pytest.mark.slow
def test_two_dashboard_sessions_and_a_command_line_reviewing_at_once_lose_nothing(
    app: Callable[..., AppTest], db: Path, tmp_path: Path
) -> None:
    start(app)  # seeds the store
    empty = tmp_path / "no-seeds"
    empty.mkdir()
    ready = tmp_path / "ready"
    ready.mkdir()
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "AFMAP_DB": str(db),
           "AFMAP_SEEDS": str(empty), "READY_DIR": str(ready)}
    (tmp_path / "session.py").write_text(SESSION, encoding="utf-8")
    (tmp_path / "cli.py").write_text(CLI, encoding="utf-8")
    app_path = str(PROJECT_ROOT / "dashboard.py")
    procs = {
        "s1": subprocess.Popen([sys.executable, str(tmp_path / "session.py"), "s1", "8", app_path],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "s2": subprocess.Popen([sys.executable, str(tmp_path / "session.py"), "s2", "8", app_path],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "cli": subprocess.Popen([sys.executable, str(tmp_path / "cli.py"), str(db), "16"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    }
    done = {name: p.communicate(timeout=600) for name, p in procs.items()}
    for name, p in procs.items():
        assert p.returncode == 0, (name, done[name][1][-3000:])
    saved = {name: int(out.split()[0]) for name, (out, _) in done.items()}
    assert saved == {"s1": 8, "s2": 8, "cli": 16}
    with Store(db) as store:
        trail = store.reviews()
    by = {name: sum(1 for r in trail if r.by == name) for name in saved}
    assert by == saved  # every review each one saw saved is there, none twice
    assert len(trail) == 32
    switches = sum(1 for a, b in itertools.pairwise(trail) if a.by != b.by)
    print("writer switches in the trail:", switches, "conflicts shown:",
          {name: int(out.split()[1]) for name, (out, _) in done.items()})
    assert switches >= 6, "the three did not review at the same time"
    assert_consistent(db)
