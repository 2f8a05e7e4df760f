"""The dashboard's upload and paste with bad input and hostile text (Streamlit's AppTest).

One app serves the module (starting it costs seconds); each test pastes or uploads into it and
checks what the user is shown: a message naming the input and the problem, or the article added;
never an exception; no payload reaching the page's HTML unescaped.
The same inputs go through the command line in tests/test_hostile.py; tests/README.md lists both.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo import settings
from geo.settings import DEFAULT_SEEDS_DIR, PROJECT_ROOT
from geo.store import Store
from tests.shared_articles import MAP_DRAWN, MAP_KEY
from tests.test_hostile import ACCEPTED, BAD, CASES, DARI_PASHTO, HOSTILE_TEXT, PAYLOADS, PLACES

APP = PROJECT_ROOT / "dashboard.py"
HOSTILE_NAME = "<img src=x onerror=window.__pwned=1> `${x}` \\1 'q\".txt"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """AFMAP_DB and AFMAP_SEEDS in a fresh folder (the shipped seed article only)."""
    folder = tmp_path_factory.mktemp("dashboard")
    seeds = folder / "seeds"
    seeds.mkdir()
    for path in DEFAULT_SEEDS_DIR.glob("*.txt"):
        shutil.copy(path, seeds / path.name)
    db = folder / "afmap.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(settings.ENV_DB, str(db))
        mp.setenv(settings.ENV_SEEDS, str(seeds))
        st.cache_resource.clear()
        st.cache_data.clear()
        yield db
        st.cache_resource.clear()
        st.cache_data.clear()


@pytest.fixture(scope="module")
def at(env: Path) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    app.session_state[MAP_KEY] = dict(MAP_DRAWN)  # the map has drawn: the page completes
    return open_tab(app, "Add articles")


def open_tab(app: AppTest, label: str) -> AppTest:
    app.session_state["tab"] = label
    app.run()
    assert not app.exception, app.exception
    return app


def plain(markdown: str) -> str:
    """Undo dashboard_data.md_plain (messages escape Markdown)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def shown(app: AppTest) -> dict[str, list[str]]:
    """The messages of the last attempt, by kind, as the user reads them."""
    return {
        "error": [plain(e.value) for e in app.error],
        "success": [plain(e.value) for e in app.success],
        "info": [plain(e.value) for e in app.info],
        "warning": [plain(e.value) for e in app.warning],
    }


def paste(app: AppTest, text: str, day: dt.date | None = None) -> dict[str, list[str]]:
    app.text_area(key="paste_text").set_value(text)
    app.date_input(key="paste_date").set_value(day)
    app.button(key="add_paste").click().run()
    assert not app.exception, app.exception
    return shown(app)


def page_html(app: AppTest) -> list[str]:
    """Everything the page renders as HTML: st.html bodies and Markdown that allows HTML."""
    out: list[str] = [h.proto.body for h in app.get("html")]
    for kind in ("markdown", "caption", "error", "success", "info", "warning"):
        out += [e.proto.body for e in app.get(kind) if getattr(e.proto, "allow_html", False)]
    return out


def page_scripts(app: AppTest) -> list[str]:
    """The arguments of components: the st_folium map's script, whose tooltips are JavaScript
    template literals (so backticks, ``$`` and backslashes matter there too)."""
    out: list[str] = []
    for element in app.get("component_instance"):
        proto: Any = element.proto
        out.append(proto.json_args)
        out += [str(arg) for arg in proto.special_args]
    return out


# ----------------------------------------------------------------------------------------------
# paste: every text input, one at a time, into the same running app
# ----------------------------------------------------------------------------------------------

TEXT_CASES = [c for c in CASES if c.key not in ("png", "pdf", "docx", "nul-bytes", "utf-16")]
PASTED_EXTRA = {
    "control-characters": ("date 2021-08-10\n" + "\x01\x02\x03\x04" * 50, "binary file"),
    "nul-characters": ("date 2021-08-10\nKunduz\x00fell.\n", "binary file (NUL characters)"),
    "year-1": ("date 0001-01-01\nToday Taliban captured Sheberghan, a day after seizing Zaranj.\n",
               "is before 1900-01-01"),
    "one-mb-line": ("date 2021-08-10\n" + ("fighting near the river while traders waited " *
                                           25_000)[:1_000_000], None),
}  # fmt: skip


def _as_pasted(data: bytes) -> str:
    """What a browser's text box would hold: the text decoded (a BOM stays a character)."""
    for codec in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes anything")


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.key for c in TEXT_CASES])
def test_paste_of_each_text_input(at: AppTest, case: Any) -> None:
    text = _as_pasted(case.data)
    messages = paste(at, text)
    if not text.strip():
        assert messages["error"] == ["paste: the text box is empty; paste the article's text first"]
        return
    if case.error:
        (error,) = messages["error"]
        assert error.startswith("paste: "), error
        assert case.error in error, error
        assert at.text_area(key="paste_text").value == text  # kept for fixing
        if case.key == "no-date":
            assert "pick its date in the field below the text" in error
    elif case.key == "no-afghan-place":  # stored, but nothing for the map: not green
        assert messages["error"] == messages["success"] == []
        assert any("names none of the 34 provinces" in w for w in messages["warning"]), messages
    else:
        assert messages["error"] == []
        assert len(messages["success"] + messages["info"]) == 1, messages


@pytest.mark.parametrize("key", list(PASTED_EXTRA))
def test_paste_of_odd_text(at: AppTest, key: str) -> None:
    text, problem = PASTED_EXTRA[key]
    messages = paste(at, text)
    if problem:
        (error,) = messages["error"]
        assert problem in error, error
    else:  # stored; a text that names no place is told so (a warning, not a green "added")
        assert messages["error"] == []
        assert messages["success"] == []
        assert any("names none of the 34 provinces" in w for w in messages["warning"]), messages


def test_paste_without_date_line_takes_the_picked_date(at: AppTest) -> None:
    messages = paste(at, "Taliban fighters captured Taloqan on Sunday.\n", dt.date(2021, 8, 8))
    assert messages["error"] == []
    assert any("added" in s and "(2021-08-08)" in s for s in messages["success"]), messages
    assert any("no date line; dated 2021-08-08 as given" in w for w in messages["warning"])


# ----------------------------------------------------------------------------------------------
# upload: every file of tests/test_hostile.py in one batch
# ----------------------------------------------------------------------------------------------


def test_upload_batch_names_each_bad_file_and_adds_the_rest(at: AppTest, env: Path) -> None:
    with Store(env) as store:
        before = store.stats()["n_articles"]
    files = [(c.name, c.data, "text/plain") for c in CASES]
    at.file_uploader(key=f"uploads_{at.session_state['upload_gen']}").set_value(files).run()
    at.button(key="add_uploads").click().run()
    assert not at.exception, at.exception
    messages = shown(at)
    assert len(messages["error"]) == len(BAD), messages["error"]
    for case in BAD:
        named = [e for e in messages["error"] if e.startswith(f"upload:{case.name}: ")]
        assert len(named) == 1, (case.key, messages["error"])
        assert case.error in named[0]
    done = messages["success"] + messages["info"]  # added, or already pasted above
    for case in ACCEPTED:
        assert [m for m in done if m.startswith(f"upload:{case.name}: ")], (case.key, done)
        if case.warning:
            assert any(case.warning in w and case.name in w for w in messages["warning"])
    with Store(env) as store:
        assert store.stats()["n_articles"] >= before + 1
    at.run()  # and the app keeps running
    assert not at.exception


def test_upload_over_the_limit_says_the_limit(at: AppTest) -> None:
    huge = b"date 2021-08-10\n" + b"x" * settings.MAX_ARTICLE_BYTES
    at.file_uploader(key=f"uploads_{at.session_state['upload_gen']}").set_value(
        [("huge.txt", huge, "text/plain"), ("ok.txt", b"date 2021-08-10\nKabul.\n", "text/plain")]
    ).run()
    at.button(key="add_uploads").click().run()
    assert not at.exception, at.exception
    (error,) = shown(at)["error"]
    assert error.startswith("upload:huge.txt: is too large (")
    assert "the limit is 26,214,400 bytes" in error
    config = (PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"^maxUploadSize\s*=\s*25\s*$", config, re.M)  # the same 25 MB


# ----------------------------------------------------------------------------------------------
# hostile text: pasted and uploaded, then read in every view
# ----------------------------------------------------------------------------------------------


def test_hostile_article_is_escaped_in_every_view(at: AppTest) -> None:
    messages = paste(at, f"date 2021-08-10\n{HOSTILE_TEXT}")
    assert messages["error"] == []
    at.file_uploader(key=f"uploads_{at.session_state['upload_gen']}").set_value(
        [(HOSTILE_NAME, f"date 2021-08-11\n{HOSTILE_TEXT}".encode(), "text/plain")]
    ).run()
    at.button(key="add_uploads").click().run()
    assert not at.exception, at.exception
    assert any(s.startswith(f"upload:{HOSTILE_NAME}: added") for s in shown(at)["success"])

    seen: list[str] = []
    scripts = page_scripts(at)
    for province in ("Kunduz", "Farah", "Ghazni", "Herat", "Kandahar", "Nimroz", "Jowzjan"):
        at.radio(key="selected").set_value(province).run()  # the detail panel's cards
        assert not at.exception, at.exception
        seen += page_html(at)
        scripts += page_scripts(at)
    cards = "\n".join(seen)
    for place in PLACES:
        assert place in cards
    labels = open_tab(at, "Articles").selectbox(key="reader").options  # the article reader
    hostile = [i for i, label in enumerate(labels) if "__pwned" in label]
    assert len(hostile) == 2, labels
    for index in hostile:
        at.selectbox(key="reader").select_index(index).run()
        assert not at.exception, at.exception
        seen += page_html(at)
    for tab in ("Claims", "Provinces", "Export", "Add articles"):
        seen += page_html(open_tab(at, tab))
    everything = "\n".join(seen)
    assert "&lt;script&gt;window.__pwned" in everything  # the text is there, escaped
    # In HTML text a backtick or a backslash is just a character; a "<" must not be.
    for payload in (*PAYLOADS.values(), HOSTILE_NAME):
        if "<" in payload:
            assert not [chunk for chunk in seen if payload in chunk], payload
    assert not re.search(r"<[^<>]*\bon(?:error|mouseover|load)\s*=", everything)
    assert scripts, "the map component was drawn"
    assert any("__pwned" in chunk for chunk in scripts)  # the evidence is in the map's data...
    for payload in (*PAYLOADS.values(), HOSTILE_NAME):  # ...escaped for HTML and JS both
        assert not [chunk for chunk in scripts if payload in chunk], payload


def test_dari_pashto_paste_keeps_the_script(at: AppTest, env: Path) -> None:
    text = f"date 2021-08-09\n{DARI_PASHTO}\n"
    messages = paste(at, text)
    assert messages["error"] == []
    with Store(env) as store:
        stored = [a for a in store.articles() if a.text == f"{DARI_PASHTO}\n"]
    assert stored, "the Dari/Pashto article is stored exactly"
