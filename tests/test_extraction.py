"""Place mentions: spellings, word boundaries, city vs province, datelines, anaphora."""

from __future__ import annotations

import pytest

from geo.extraction import PlaceMatcher, find_mentions, split_sentences
from geo.pipeline import Extractor
from geo.types import PlaceKind


def mentions(extractor: Extractor, text: str) -> list[tuple[str, str, str, str]]:
    return [
        (m.surface, m.place.name, m.place.kind.value, m.via)
        for m in find_mentions(text, extractor.matcher)
    ]


def named(extractor: Extractor, text: str) -> list[tuple[str, str]]:
    return [(name, kind) for _, name, kind, via in mentions(extractor, text) if via != "modifier"]


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Pul-e-Khumri", "Pul-e Khumri"),
        ("Pol-e Khomri", "Pul-e Khumri"),
        ("Puli Khumri", "Pul-e Khumri"),
        ("Sar-i-Pul", "Sar-e Pol"),
        ("Sari Pul", "Sar-e Pol"),
        ("Taluqan", "Taloqan"),
        ("Shibirghan", "Sheberghan"),
        ("Gardiz", "Gardez"),
        ("Nilli", "Nili"),
        ("Maidan Shahr", "Maidan Shar"),
        ("Mazar-e-Sharif", "Mazar-i-Sharif"),
        ("Mazār-e Sharīf", "Mazar-i-Sharif"),
        ("Lashkargah", "Lashkar Gah"),
        ("Tarin Kowt", "Tarinkot"),
        ("Qala-e-Naw", "Qala-i-Naw"),
        ("Faizabad", "Fayzabad"),
        ("Zarang", "Zaranj"),
        ("Aibak", "Aybak"),
        ("Chaghcharan", "Chaghcharan"),
        ("Mehtar Lam", "Mehtarlam"),
    ],
)
def test_capital_spellings(extractor: Extractor, spelling: str, canonical: str) -> None:
    found = named(extractor, f"Taliban fighters entered {spelling} on Monday.")
    assert found == [(canonical, "capital")]


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Nimruz", "Nimroz"),
        ("Oruzgan", "Uruzgan"),
        ("Urozgan", "Uruzgan"),
        ("Jawzjan", "Jowzjan"),
        ("Daikundi", "Daykundi"),
        ("Paktiya", "Paktia"),
        ("Hilmand", "Helmand"),
        ("Panjsher", "Panjshir"),
        ("Maidan Wardak", "Wardak"),
    ],
)
def test_province_spellings(extractor: Extractor, spelling: str, canonical: str) -> None:
    assert named(extractor, f"Fighting spread across {spelling} this week.") == [
        (canonical, "province")
    ]


def test_every_capital_and_province_is_found_by_its_canonical_name(extractor: Extractor) -> None:
    g = extractor.gazetteer
    for cap in g.capitals.values():
        kinds = {k for n, k in named(extractor, f"Reporters reached {cap.name} on Monday.")
                 if n == cap.name}
        assert kinds == {"capital"}, cap.name
    for prov in g.provinces.values():
        found = named(extractor, f"Clashes erupted in {prov.name} province on Monday.")
        assert (prov.name, "province") in found, prov.name


def test_word_boundaries_and_false_friends(extractor: Extractor) -> None:
    text = (
        "Abdul Naser Farahi, a lawmaker, met Kabuli traders and the Heratis in Doha, Qatar, "
        "and later in Islamabad, Washington and Geneva."
    )
    assert named(extractor, text) == []


def test_lower_case_word_is_not_a_place(extractor: Extractor) -> None:
    assert named(extractor, "The ghor valley and farah fields were quiet.") == []


def test_surname_is_not_a_place(extractor: Extractor) -> None:
    assert named(extractor, "Former minister Farooq Wardak spoke to reporters.") == []
    assert named(extractor, "Northern Kunduz was quiet.") == [("Kunduz", "capital")]


def test_names_inside_other_names_are_modifiers(extractor: Extractor) -> None:
    text = (
        "The Kunduz provincial council, Ghazni police command and Kabul University "
        "issued statements."
    )
    vias = {(s, via) for s, _, _, via in mentions(extractor, text)}
    assert vias == {("Kunduz", "modifier"), ("Ghazni", "modifier"), ("Kabul", "modifier")}


def test_compounds_are_not_places(extractor: Extractor) -> None:
    """"Herat-based" is a word; the ends of "the Kabul-Kandahar highway" are places named (the
    annotators' convention: a place that only locates a road is a row, reported)."""
    text = "Herat-based journalists said the Kabul-Kandahar highway was cut."
    assert named(extractor, text) == [("Kabul", "capital"), ("Kandahar", "capital")]
    assert named(extractor, "Kandahar-born officials and Herat-based traders met.") == []


@pytest.mark.parametrize(
    "dateline",
    [
        "KABUL, Afghanistan (AP) — A US envoy warned the Taliban on Tuesday.",
        "KABUL, Afghanistan (AP) A US envoy warned the Taliban on Tuesday.",
        "KANDAHAR (Reuters) - A US envoy warned the Taliban on Tuesday.",
        "Herat, Aug 10 (AFP) - A US envoy warned the Taliban on Tuesday.",
    ],
)
def test_dateline_is_not_a_mention(extractor: Extractor, dateline: str) -> None:
    assert named(extractor, dateline) == []


def test_shared_name_bare_is_the_city(extractor: Extractor) -> None:
    for name in ("Kunduz", "Farah", "Ghazni", "Herat", "Kandahar", "Kabul", "Khost", "Bamyan",
                 "Sar-e Pol"):
        assert named(extractor, f"The Taliban attacked {name} on Sunday.") == [(name, "capital")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting raged in Kunduz province.", [("Kunduz", "province")]),
        ("Fighting raged in Kunduz Province.", [("Kunduz", "province")]),
        ("Fighting raged in the province of Herat.", [("Herat", "province")]),
        (
            "Fighting raged in the provinces of Herat, Kandahar and Helmand.",
            [("Herat", "province"), ("Kandahar", "province"), ("Helmand", "province")],
        ),
        (
            "Fighting raged in Kunduz and Takhar provinces.",
            [("Kunduz", "province"), ("Takhar", "province")],
        ),
        ("Fighting raged in Ghazni city.", [("Ghazni", "capital")]),
        (
            "They captured Kunduz in Kunduz province.",
            [("Kunduz", "capital"), ("Kunduz", "province")],
        ),
    ],
)
def test_city_or_province(extractor: Extractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert named(extractor, text) == expected


def test_provincial_capital_phrase_is_the_capital(extractor: Extractor) -> None:
    assert named(extractor, "The Helmand provincial capital was under pressure.") == [
        ("Lashkar Gah", "capital")
    ]
    # "the capital of Nimroz": the capital is meant, and the province named to locate it.
    assert named(extractor, "Militants entered the capital of Nimroz on Friday.") == [
        ("Zaranj", "capital"),
        ("Nimroz", "province"),
    ]
    # With the capital named, the province only locates it.
    assert named(extractor, "Zaranj, the capital of Nimroz province, fell.") == [
        ("Zaranj", "capital"),
        ("Nimroz", "province"),
    ]


def test_anaphora_points_to_the_latest_capital(extractor: Extractor) -> None:
    text = "Taliban fighters entered Farah on Tuesday. Later the city fell. Kabul was calm."
    found = mentions(extractor, text)
    assert ("the city", "Farah", "capital", "anaphor") in found


def test_anaphora_never_reaches_far_back(extractor: Extractor) -> None:
    text = "Taliban fighters entered Farah and Herat. One. Two. Three. Four. Then the city fell."
    assert all(via != "anaphor" for *_, via in mentions(extractor, text))


def test_far_anaphor_is_the_city_of_a_story_about_one_city(extractor: Extractor) -> None:
    text = (
        "Taliban fighters entered Qala-e-Naw on Wednesday. A lawmaker said help was needed. "
        "Residents hid at home. Shops closed. Officials spoke. On Thursday the city was cleared."
    )
    anaphors = [m for m in mentions(extractor, text) if m[-1] == "anaphor"]
    assert [(surface, place) for surface, place, *_ in anaphors] == [("the city", "Qala-i-Naw")]


def test_same_name_province(extractor: Extractor) -> None:
    text = "Fighters took Farah, which is the capital of a province of the same name."
    found = mentions(extractor, text)
    assert found[-1] == ("a province of the same name", "Farah", "province", "same-name")


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Fighters took Farah, capital of the province that bears the same name.",
         "the province that bears the same name"),
        ("Fighters took Farah, capital of the western province which shares its name.",
         "the western province which shares its name"),
    ],
)
def test_same_name_province_by_a_relative_clause(
    extractor: Extractor, text: str, surface: str
) -> None:
    assert mentions(extractor, text)[-1] == (surface, "Farah", "province", "same-name")


def test_offsets_point_at_surface(extractor: Extractor) -> None:
    text = "KABUL (AP) — Taliban seized Pol-e Khomri; the city fell.\r\nHerat is next."
    for m in find_mentions(text, extractor.matcher):
        assert text[m.start : m.end] == m.surface
        assert m.sentence_start <= m.start < m.end <= m.sentence_end


def test_sentences_respect_abbreviations() -> None:
    text = "On Aug. 6, Gen. Sami Sadat said U.S. jets struck. The city fell.\n\nNew paragraph here"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "On Aug. 6, Gen. Sami Sadat said U.S. jets struck.",
        "The city fell.",
        "New paragraph here",
    ]


def test_matcher_builds_from_gazetteer(extractor: Extractor) -> None:
    m = PlaceMatcher(extractor.gazetteer)
    hits = m.find("Kunduz, Qunduz and Konduz")
    assert [h.entry.capital.name for h in hits if h.entry.capital] == ["Kunduz"] * 3
    assert all(h.entry.province and h.entry.province.kind is PlaceKind.PROVINCE for h in hits)
