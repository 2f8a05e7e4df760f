"""The lexicon (data/lexicon.toml): every entry's own example reads as it says, a bad entry is
refused with a message naming it, the gated scan finds what the plain alternation finds, and an
analyst's extended copy changes what the extractor reads."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from geo import settings
from geo.__main__ import main
from geo.errors import DataFileError
from geo.lexicon import (
    WORD_CLASSES,
    CueEntry,
    GatedRegex,
    default_lexicon,
    first_words,
    load_lexicon,
    parse_lexicon,
)
from geo.pipeline import Extractor, extract_claims
from geo.types import Article

SHIPPED = default_lexicon()
EVAL_ARTICLES = sorted((settings.PROJECT_ROOT / "eval" / "articles").glob("*.txt"))


def _raw() -> dict[str, Any]:
    return tomllib.loads(settings.LEXICON_TOML.read_text(encoding="utf-8"))


@pytest.mark.parametrize("cue", SHIPPED.cues, ids=lambda c: c.name)
def test_each_cue_example_gives_its_expected_status(cue: CueEntry, extractor: Extractor) -> None:
    """The lexicon documents every class of wording with a sentence of our own; the first place
    of that sentence must get the status the entry promises."""
    assert cue.example, f"cue {cue.name!r} has no example sentence"
    assert cue.expect is not None, f"cue {cue.name!r} has no expect"
    claims = extract_claims(Article("t", cue.date, "", cue.example), extractor)
    assert claims, f"no place found in {cue.example!r}"
    assert claims[0].status is cue.expect, (cue.example, claims[0].status, claims[0].cues)


@pytest.mark.parametrize("cue", SHIPPED.cues, ids=lambda c: c.name)
def test_each_cue_pattern_matches_in_its_own_example(cue: CueEntry) -> None:
    """An example that reaches its status through another entry's words documents nothing."""
    from geo.text import fold

    rx = re.compile(r"(?<![\w-])(?:" + cue.pattern + r")", re.I)
    reported = cue.expect is not None and cue.expect.value == "reported"
    assert rx.search(fold(cue.example)) or reported, (cue.name, cue.example)


def test_cue_names_are_unique_and_word_classes_complete() -> None:
    names = [c.name for c in SHIPPED.cues]
    assert len(names) == len(set(names))
    assert set(WORD_CLASSES) <= set(SHIPPED.words)


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d["cue"][0].update(effect="grab"), "effect 'grab' is not one of"),
        (lambda d: d["cue"][0].update(actor="object"), "actor 'object' is not one of"),
        (lambda d: d["cue"][0].update(event_type="Battle"), "event_type 'Battle' is not one of"),
        (lambda d: d["cue"][0].update(expect="held"), "expect 'held' is not a status"),
        (lambda d: d["cue"][0].update(date="10 Aug 2021"), "is not YYYY-MM-DD"),
        (lambda d: d["cue"][0].update(target="inside"), "target 'inside' is not one of"),
        (lambda d: d["cue"][0].update(pattern="(?:took"), "does not compile"),
        (lambda d: d["cue"][0].update(pattern=""), "needs a pattern"),
        (lambda d: d["cue"][0].update(colour="red"), "unknown keys ['colour']"),
        (lambda d: d["cue"][1].update(name=d["cue"][0]["name"]), "are used twice"),
        (lambda d: d["words"].pop("locator"), "[words] lacks ['locator']"),
        (lambda d: d["words"].update(modal="(would"), "[words] modal: the pattern does not"),
        (lambda d: d["actor"][0].update(side="rebels"), "side 'rebels' is not one of"),
        (lambda d: d["actor"][0].update(to="2021-13-01"), "to '2021-13-01' is not YYYY-MM-DD"),
        (lambda d: d["actor"][0].pop("phrase"), "needs a phrase"),
        (lambda d: d.update(cue=[]), "no [[cue]] entries"),
    ],
)
def test_a_bad_entry_is_refused_with_its_name(mutate: Any, fragment: str) -> None:
    data = _raw()
    first = data["cue"][0]["name"]
    mutate(data)
    with pytest.raises(DataFileError) as err:
        parse_lexicon(data, source="my_lexicon.toml")
    message = str(err.value)
    assert message.startswith("my_lexicon.toml: ")
    assert fragment in message
    if not fragment.startswith(("[words]", "no [[cue]]", "are used", "side", "to ", "needs a")):
        assert f"cue {first!r}" in message  # the entry is named
    if fragment.startswith(("side", "to ", "needs a phrase")):
        assert "actor #1" in message


def test_a_cue_pattern_that_starts_with_no_letters_is_refused() -> None:
    data = _raw()
    data["cue"][0]["pattern"] = r"\d+\s+districts"
    with pytest.raises(DataFileError, match=r"cue 'take_control'"):
        parse_lexicon(data, source="x.toml")


def test_an_unreadable_lexicon_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.toml"
    bad.write_text("[[cue]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(bad))):
        load_lexicon(bad)
    with pytest.raises(DataFileError, match="cannot read the lexicon"):
        load_lexicon(tmp_path / "missing.toml")


def test_first_words_reads_the_words_a_pattern_can_start_with() -> None:
    assert first_words(r"(?:took|taken)\s+over") == {"took", "taken"}
    assert first_words(r"re-?took") == {"re", "retook"}
    assert first_words(r"fell(?:\s+to)?") == {"fell"}
    with pytest.raises(ValueError, match="too wide to index"):
        first_words(r"\w+\s+fell")


def test_gated_scan_finds_what_the_plain_alternation_finds() -> None:
    """The first-word gate is a speed-up only: on every development article, the gated scan of
    the shipped cues gives the same matches, at the same places, as the one big regex."""
    from geo.text import fold

    assert EVAL_ARTICLES, "the development set is missing"
    for path in EVAL_ARTICLES:
        text = fold(path.read_text(encoding="utf-8"))
        gated = [(m.start(), m.end(), m.lastgroup) for m in SHIPPED.cue_scan.finditer(text)]
        plain = [(m.start(), m.end(), m.lastgroup) for m in SHIPPED.cue_regex.finditer(text)]
        plain = [p for p in plain if p[1] > p[0]]
        assert gated == plain, path.name


def test_gated_regex_keeps_the_order_of_alternatives() -> None:
    g = GatedRegex(["took", "took control"], prefix="c")
    assert [m.group() for m in g.finditer("They took control.")] == ["took"]
    g = GatedRegex(["took control", "took"], prefix="c")
    assert [m.group() for m in g.finditer("They took control.")] == ["took control"]


def test_a_cue_ending_before_a_capitalised_name_matches() -> None:
    """A pattern may end on a look-ahead for the name after it ("still inside (?=[A-Z])")."""
    found = [m.lastgroup for m in SHIPPED.cue_scan.finditer("troops were still inside Sheberghan")]
    names = [SHIPPED.cue_by_group[g].name for g in found if g]
    assert "still_inside" in names


def test_actor_phrases_hold_for_their_period() -> None:
    """'government forces' are the Republic's until Kabul falls and the Taliban's after."""
    before, before_entries = SHIPPED.actor_regex(dt.date(2021, 8, 10))
    after, after_entries = SHIPPED.actor_regex(dt.date(2022, 3, 1))

    def side(rx: GatedRegex, entries: Any, text: str) -> str:
        m = next(rx.finditer(text))
        assert m.lastgroup is not None
        return str(entries[int(m.lastgroup[1:])].side)

    assert side(before, before_entries, "government forces") == "government"
    assert side(after, after_entries, "government forces") == "taliban"


def test_an_extended_lexicon_changes_what_is_read(tmp_path: Path, extractor: Extractor) -> None:
    """An analyst adds a wording to a copy of the lexicon; the extractor built with it reads it."""
    sentence = "Taliban fighters hoisted their banner over Qalat on Friday."
    shipped = extract_claims(Article("t", dt.date(2021, 8, 14), "", sentence), extractor)
    assert shipped[0].status.value != "taliban" or "hoisted their banner" not in shipped[0].cues

    text = settings.LEXICON_TOML.read_text(encoding="utf-8")
    extra = (
        "\n[[cue]]\nname = \"hoisted_banner\"\n"
        "pattern = 'hoisted\\s+their\\s+banner\\s+over'\neffect = \"take\"\nactor = \"subject\"\n"
        f"example = \"{sentence}\"\nexpect = \"taliban\"\n"
    )
    mine = tmp_path / "lexicon.toml"
    mine.write_text(text.replace("\n[words]", extra + "\n[words]", 1), encoding="utf-8")
    ours = Extractor.build(extractor.gazetteer, load_lexicon(mine))
    claims = extract_claims(Article("t", dt.date(2021, 8, 14), "", sentence), ours)
    assert claims[0].place == "Qalat"
    assert claims[0].status.value == "taliban"
    assert claims[0].actor.value == "taliban"


def test_cli_lexicon_option_reads_the_file_and_refuses_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("date 2021-08-14\nTaliban fighters captured Qalat on Friday.\n",
                       encoding="utf-8")
    assert main(["extract", str(article), "--lexicon", str(settings.LEXICON_TOML)]) == 0
    assert "Qalat" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(settings.LEXICON_TOML.read_text(encoding="utf-8").replace(
        'effect = "take"', 'effect = "grab"', 1), encoding="utf-8")
    assert main(["extract", str(article), "--lexicon", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err
    assert "effect 'grab'" in err


def test_the_locator_ending_answers_as_a_plain_search() -> None:
    """Lexicon.ending("locator") tries each alternative only where a word it can start with
    starts; before every capitalised word of the development set it answers as a plain search."""
    from geo.text import fold

    locator, ending = SHIPPED.word("locator"), SHIPPED.ending("locator")
    assert ending.gated is not None  # the pattern was split, not searched whole
    seen = found = 0
    for path in EVAL_ARTICLES:
        text = fold(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"(?<=\s)[A-Z]", text):
            head = text[max(0, m.start() - 60) : m.start()]
            plain = locator.search(head) is not None
            assert ending.search(head) is plain, head
            seen += 1
            found += plain
    assert seen > 1000
    assert found > 50
