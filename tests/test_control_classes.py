"""Each class of wording issue 8 names, read on sentences of our own in the style of the wires.

Every case states the place, the status DEFINITIONS gives it and, where the text says, who acted
and ACLED's sub-event type. These are not the development set's sentences: they test that a rule
covers its whole class of wording, not one report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from geo.pipeline import extract_claims
from geo.timeline import PlaceState, place_states
from geo.types import Article, Claim

Claims = Callable[..., list[Claim]]


def claim_of(claims: Claims, text: str, place: str, date: str = "2021-08-10",
             kind: str | None = None) -> Claim:
    found = [c for c in claims(text, date)
             if c.place == place and (kind is None or c.kind.value == kind)]
    assert found, f"{place} not found in {text!r}: {[c.place for c in claims(text, date)]}"
    return found[-1]


def states_of(text: str, date: str) -> dict[str, PlaceState]:
    """The text's state of each place it names (:func:`geo.timeline.place_states`), as an
    analyst's map would read the article."""
    article = Article("x", dt.date.fromisoformat(date), "", text)
    return {s.place: s for s in place_states(extract_claims(article))}


# --- 1. captures by the anti-Taliban side, and the era's actors ------------------------------

ANTI_TALIBAN = [
    ("Northern Alliance forces seized Taloqan on Sunday after a two-day push.", "Taloqan",
     "2001-11-12", "anti_taliban"),
    ("Fighters loyal to General Dostum captured Sheberghan, an alliance spokesman said.",
     "Sheberghan", "2001-11-11", "anti_taliban"),
    ("Opposition troops rolled into Herat on Monday as Taliban defenders melted away.", "Herat",
     "2001-11-13", "anti_taliban"),
    ("Pashtun tribal fighters backed by U.S. special forces took Kandahar's airport and then the "
     "city itself.", "Kandahar", "2001-12-08", "anti_taliban"),
    ("Afghan commandos recaptured most of Kunduz city overnight, the Interior Ministry said.",
     "Kunduz", "2015-10-01", "government"),
    ("Uprising fighters and police took back the centre of Lashkar Gah on Tuesday.",
     "Lashkar Gah", "2021-07-20", "government"),
]


@pytest.mark.parametrize(("text", "place", "date", "actor"), ANTI_TALIBAN)
def test_captures_by_the_taliban_s_opponents_are_government(
    claims: Claims, text: str, place: str, date: str, actor: str
) -> None:
    c = claim_of(claims, text, place, date)
    assert c.status.value == "government"
    assert c.actor.value == actor
    assert c.event_type is not None
    assert c.event_type.value == "Government regains territory"


def test_the_taliban_s_captures_after_august_2021_are_the_government_s() -> None:
    """After 15 Aug 2021 the Taliban are Afghanistan's state forces: their gains against the
    resistance are typed as the government regaining territory."""
    text = "Taliban fighters captured Bazarak, the capital of Panjshir, on Monday."
    (bazarak, *_) = extract_claims(Article("a", dt.date(2021, 9, 7), "", text))
    assert bazarak.status.value == "taliban"
    assert bazarak.event_type is not None
    assert bazarak.event_type.value == "Government regains territory"


# --- 1. the Taliban expelled, failing, withdrawing or surrendering -----------------------------

GOVERNMENT_AFTER_TALIBAN_FAIL = [
    ("Security forces drove the insurgents out of Ghazni city after a five-day battle.", "Ghazni"),
    ("The militants were forced out of Farah by Afghan commandos backed by U.S. aircraft.",
     "Farah"),
    ("The Taliban were pushed back from the gates of Lashkar Gah overnight, a spokesman said.",
     "Lashkar Gah"),
    ("The raid on Maimana failed, and the attackers fled into the surrounding villages.",
     "Maymana"),
    ("Police foiled a Taliban attack on Pul-e Khumri late Saturday.", "Pul-e Khumri"),
    ("Afghan troops defeated the attack on Tarinkot, the provincial governor said.", "Tarinkot"),
    ("The Taliban withdrew from Kunduz on Tuesday, two weeks after overrunning it.", "Kunduz"),
    ("The insurgents were repelled from Sar-e Pol after hours of clashes.", "Sar-e Pol"),
    ("Government forces beat back a pre-dawn assault on Qala-i-Naw.", "Qala-i-Naw"),
    ("\"The enemy attacked Kunduz from three directions but we pushed them back,\" a police "
     "spokesman said.", "Kunduz"),
]


@pytest.mark.parametrize(("text", "place"), GOVERNMENT_AFTER_TALIBAN_FAIL)
def test_the_taliban_expelled_or_failing_is_government(
    claims: Claims, text: str, place: str
) -> None:
    assert claim_of(claims, text, place, "2018-08-14").status.value == "government"


def test_a_repelled_attack_is_an_armed_clash_won_by_the_defender(claims: Claims) -> None:
    c = claim_of(claims, "Afghan forces repelled a Taliban attack on Gardez overnight.", "Gardez")
    assert c.status.value == "government"
    assert c.actor.value == "government"
    assert c.event_type is not None
    assert c.event_type.value == "Armed clash"


def test_the_taliban_surrendering_a_city_in_2001_leaves_it_to_its_opponents(
    claims: Claims,
) -> None:
    text = "The Taliban surrendered Kandahar to tribal elders on Friday and melted into the hills."
    c = claim_of(claims, text, "Kandahar", "2001-12-08")
    assert c.status.value == "government"
    assert c.event_type is not None
    assert c.event_type.value == "Non-violent transfer of territory"


def test_a_governor_handing_a_city_to_the_taliban_is_taliban(claims: Claims) -> None:
    text = "The governor handed Ghazni to the Taliban on Thursday and was escorted out of the city."
    c = claim_of(claims, text, "Ghazni", "2021-08-12")
    assert c.status.value == "taliban"
    assert c.event_type is not None
    assert c.event_type.value == "Non-violent transfer of territory"


# --- 1. most of the city, except a base -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban captured most of Kunduz on Sunday; government forces held on to the airport.",
        "All parts of Sar-e Pol are under Taliban control except an army base outside the city.",
        "Insurgents overran Sheberghan, though troops were still holding out at a garrison nearby.",
    ],
)
def test_most_of_the_city_taken_with_a_base_held_is_taliban(claims: Claims, text: str) -> None:
    place = next(p for p in ("Kunduz", "Sar-e Pol", "Sheberghan") if p in text)
    assert claim_of(claims, text, place, kind="capital").status.value == "taliban"


# --- 1. places that only locate or receive ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The Taliban captured Aybak, 210 km north of Kabul, on Monday.", "Kabul"),
        ("Troops retreated to Mazar-i-Sharif after Sheberghan fell.", "Mazar-i-Sharif"),
        ("Thousands of families fled to the safety of Kabul as Kunduz fell.", "Kabul"),
        ("Displaced families are sheltering in Herat, aid workers said.", "Herat"),
        ("Elders appealed to the government in Kabul for reinforcements.", "Kabul"),
        ("The loss of Kunduz is a blow to Kabul, analysts said.", "Kabul"),
        ("The insurgents seized the highway linking Kandahar and Herat.", "Herat"),
        ("The fighters are now marching on the capital, Kabul, diplomats said.", "Kabul"),
    ],
)
def test_a_place_that_only_locates_or_receives_is_reported(
    claims: Claims, text: str, place: str
) -> None:
    assert claim_of(claims, text, place).status.value == "reported"


# --- 1. violence that is not a fight for the place --------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("Pakistani forces fired rockets across the border into Kunar province on Sunday.",
         "Kunar", "2023-03-05"),
        ("Iranian border guards and Taliban fighters clashed at a border post in Nimroz province.",
         "Nimroz", "2023-05-28"),
        ("A suicide bomber struck a Shiite mosque in Kandahar during Friday prayers.", "Kandahar",
         "2021-10-15"),
        ("Gunmen shot dead a district official in Jalalabad on Tuesday.", "Jalalabad",
         "2022-01-11"),
        ("The Taliban appointed a new governor in Badakhshan province on Wednesday.",
         "Badakhshan", "2022-06-01"),
        ("A magnitude 6.3 earthquake struck Herat province, killing more than a thousand people.",
         "Herat", "2023-10-08"),
        ("U.S. jets struck the outskirts of Kabul overnight.", "Kabul", "2001-11-02"),
    ],
)
def test_violence_that_is_not_a_fight_for_the_place_is_reported(
    claims: Claims, text: str, place: str, date: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == "reported"


def test_a_bombing_is_typed_as_violence_not_a_battle(claims: Claims) -> None:
    c = claim_of(claims, "A suicide bomber struck a Shiite mosque in Kunduz on Friday.", "Kunduz",
                 "2021-10-08")
    assert c.event_type is not None
    assert c.event_type.value in ("Suicide bomb", "Attack", "Remote explosive/landmine/IED")


@pytest.mark.parametrize(
    "text",
    [
        "Kandahar beat Nangarhar by six wickets in the final at the national stadium on Friday.",
        "Teams taking part: Kabul, Kunduz, Herat, Balkh and Ghazni.",
        "Herat edged Paktia 2-1 in the football league's opening match.",
    ],
)
def test_a_sports_story_s_teams_are_no_claims(claims: Claims, text: str) -> None:
    named = {c.place for c in claims(text, "2023-06-02")}
    assert not named & {"Kandahar", "Nangarhar", "Kunduz", "Balkh", "Ghazni", "Herat", "Paktia"}


# --- 1. doubts in a later sentence, and the boilerplate that is not one ------------------------


def test_a_later_sentence_s_doubt_by_another_party_makes_it_contested(claims: Claims) -> None:
    text = ("The Taliban said they had taken Herat. A U.S. official said that was not yet clear, "
            "and that fighting was continuing.")
    assert claim_of(claims, text, "Herat", "2001-11-12").status.value == "contested"


def test_a_later_denial_by_the_other_side_makes_it_contested(claims: Claims) -> None:
    text = ("Taliban spokesman Zabihullah Mujahid said the group had captured Gardez. "
            "The Defence Ministry rejected the claim and said its forces were in control.")
    assert claim_of(claims, text, "Gardez", "2021-08-14").status.value == "contested"


def test_could_not_be_independently_verified_alone_keeps_the_claim(claims: Claims) -> None:
    text = ("The Taliban said they had captured Qalat on Thursday. The claim could not be "
            "independently verified.")
    assert claim_of(claims, text, "Qalat", "2021-08-13").status.value == "taliban"


# --- 2. outcome over attempt inside one text -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "status"),
    [
        ("The Taliban attacked Maimana on Monday. By Tuesday the attack had been repulsed, the "
         "governor said.", "Maymana", "government"),
        ("Fighting raged in Zaranj for hours on Friday. The city fell to the Taliban by evening.",
         "Zaranj", "taliban"),
        ("Insurgents entered Ghazni before dawn. Commandos pushed them out by midday, officials "
         "said.", "Ghazni", "government"),
        ("Taliban fighters besieged Tarinkot for a week before the city's defenders surrendered.",
         "Tarinkot", "taliban"),
    ],
)
def test_the_outcome_beats_the_attempt(claims: Claims, text: str, place: str, status: str) -> None:
    assert claim_of(claims, text, place, "2021-08-10").status.value == status


# --- 3. lists and references ------------------------------------------------------------------


def test_the_provinces_whose_capitals_have_fallen(claims: Claims) -> None:
    text = ("The insurgents now hold the capitals of five provinces - Nimroz, Jowzjan, Kunduz, "
            "Sar-e Pol and Takhar.")
    found = claims(text, "2021-08-09")
    for province in ("Nimroz", "Jowzjan", "Takhar"):
        c = next(c for c in found if c.province == province)
        assert c.status.value == "taliban", province


def test_the_nth_capital_to_fall_after_a_list(claims: Claims) -> None:
    text = ("Pul-e Khumri became the tenth provincial capital to fall, after Zaranj, Sheberghan "
            "and Kunduz.")
    found = {c.place: c.status.value for c in claims(text, "2021-08-11")}
    assert found["Pul-e Khumri"] == "taliban"
    assert found["Zaranj"] == "taliban"
    assert found["Kunduz"] == "taliban"


def test_a_factbox_item_header_names_the_place_and_its_date(claims: Claims) -> None:
    text = ("Capitals that have fallen:\n\n"
            "- Aug. 6 - ZARANJ. The insurgents take the city without a fight.\n"
            "- Aug. 8 - TALOQAN. The city falls after a month-long siege.\n")
    found = {c.place: c for c in claims(text, "2021-08-12")}
    assert found["Zaranj"].status.value == "taliban"
    assert found["Zaranj"].event_date.isoformat() == "2021-08-06"
    assert found["Taloqan"].status.value == "taliban"
    assert found["Taloqan"].event_date.isoformat() == "2021-08-08"


def test_the_capital_of_two_provinces(claims: Claims) -> None:
    text = "The Taliban captured the capitals of Farah and Badghis provinces on Wednesday."
    found = {c.place for c in claims(text, "2021-08-12") if c.status.value == "taliban"}
    assert {"Farah", "Qala-i-Naw"} <= found or {"Farah", "Badghis"} <= found


# --- 4. dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "article_date", "event_date"),
    [
        ("Government troops retook Kunduz on Thursday, three days after losing the city.",
         "Kunduz", "2015-10-02", "2015-10-01"),
        ("Yesterday (Monday, May 15) the Taliban overran Farah's outskirts and entered the city.",
         "Farah", "2018-05-16", "2018-05-15"),
        ("Early on Thursday the insurgents stormed Ghazni from four directions.", "Ghazni",
         "2018-08-11", "2018-08-09"),
        ("\"Today Herat has fallen,\" the lawmaker said on Thursday.", "Herat", "2021-08-14",
         "2021-08-12"),
    ],
)
def test_event_dates_from_the_wording(
    claims: Claims, text: str, place: str, article_date: str, event_date: str
) -> None:
    first = next(c for c in claims(text, article_date) if c.place == place)
    assert first.event_date.isoformat() == event_date


def test_a_caption_dated_months_earlier_is_an_old_event(claims: Claims) -> None:
    text = ("Taliban fighters patrol in Kunduz.\n\n"
            "FILE - In this Sept. 29, 2015 photo, Taliban fighters sit on a vehicle in Kunduz.")
    dates = {c.event_date.isoformat() for c in claims(text, "2016-04-12") if c.place == "Kunduz"}
    assert "2015-09-29" in dates


@pytest.mark.parametrize(
    ("text", "places", "status"),
    [
        ("Two more capitals fell in a single day: Farah, in the west, and Pul-e Khumri.",
         ("Farah", "Pul-e Khumri"), "taliban"),
        ("Gardez fell to the insurgents on Saturday, as did Sharana and Asadabad.",
         ("Gardez", "Sharana", "Asadabad"), "taliban"),
        ("Zaranj, the capital of Nimroz; Sheberghan, the capital of Jowzjan; and now Aybak are "
         "under the group's control, the Taliban said.", ("Zaranj", "Sheberghan", "Aybak"),
         "taliban"),
    ],
)
def test_a_list_shares_the_verb_it_is_the_subject_or_ellipsis_of(
    claims: Claims, text: str, places: tuple[str, ...], status: str
) -> None:
    found = {c.place: c.status.value for c in claims(text, "2021-08-14")
             if c.kind.value == "capital"}
    assert {p: found.get(p) for p in places} == dict.fromkeys(places, status)


@pytest.mark.parametrize(
    ("text", "place", "date", "status"),
    [
        ("Only Bazarak, the capital of Panjshir, remains outside Taliban control.", "Bazarak",
         "2021-08-17", "government"),
        ("The valley is still beyond the militants' reach, a resistance commander said of "
         "Panjshir province.", "Panjshir", "2021-08-20", "government"),
        ("The Taliban say Maidan Shahr is theirs after government forces pulled back.",
         "Maidan Shar", "2021-08-15", "taliban"),
        ("\"Ghazni is ours,\" Taliban spokesman Zabihullah Mujahid said.", "Ghazni", "2021-08-12",
         "taliban"),
    ],
)
def test_who_holds_it_said_as_a_possession_or_its_absence(
    claims: Claims, text: str, place: str, date: str, status: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == status


def test_the_provincial_capital_of_a_shared_name_is_the_city_and_its_province(
    claims: Claims,
) -> None:
    found = {(c.place, c.kind.value): c.status.value
             for c in claims("The militants have seized the provincial capital of Khost.",
                             "2021-08-15")}
    assert found == {("Khost", "capital"): "taliban", ("Khost", "province"): "taliban"}


def test_clashes_between_two_sides_are_one_clause(claims: Claims) -> None:
    text = ("Heavy clashes were reported between the Taliban and the Afghan National Defence and "
            "Security Forces in Pul-e Alam on Saturday.")
    assert claim_of(claims, text, "Pul-e Alam", "2021-08-14").status.value == "contested"


# --- from the blind batches: classes that read wrong before --------------------------------


@pytest.mark.parametrize(
    ("text", "place", "date", "status"),
    [
        ("It was clear that the fighting in Bazarak had largely stopped.", "Bazarak",
         "2021-09-17", "reported"),
        ("The insurgents had fallen back from around Faizabad after losing many fighters.",
         "Fayzabad", "2021-08-07", "reported"),
        ("Of the cities lost since Friday, six are in the north, where the Taliban are now "
         "eyeing Mazar-i-Sharif.", "Mazar-i-Sharif", "2021-08-10", "reported"),
        ("Faizabad was taken as President Ashraf Ghani travelled to Mazar-i-Sharif to rally "
         "support.", "Mazar-i-Sharif", "2021-08-11", "reported"),
        ("One column was pushing west from Taloqan, the other east from Mazar-e-Sharif.",
         "Taloqan", "2001-11-12", "reported"),
        ("Negotiations on the surrender of the northern city of Kunduz have broken down.",
         "Kunduz", "2001-11-22", "reported"),
        ("As the insurgents withdrew, crowds poured into Herat's main square.", "Herat",
         "2021-08-03", "reported"),
        ("Commanders pointed to the Taliban's defeat in Kandahar last week.", "Kandahar",
         "2021-08-12", "government"),
        ("Militias captured Bano and Deh Saleh, all in Baghlan province, on Monday.", "Baghlan",
         "2021-08-24", "contested"),
        ("Officials said the Taliban had taken the districts of Ajristan and Dih Yak in Ghazni "
         "province.", "Ghazni", "2018-08-15", "contested"),
        ("Farah borders Helmand province, where the Taliban control several districts.",
         "Helmand", "2018-05-15", "contested"),
        ("Mujahid said the Taliban held most of Pul-e Alam, and that fighting was still going on "
         "around the intelligence office.", "Pul-e Alam", "2021-08-14", "contested"),
        ("Rebels said they had entered Herat and were closing in on Kunduz, the last Taliban "
         "stronghold in the north.", "Kunduz", "2001-11-12", "taliban"),
        ("Mujahid said the fighters had overrun security posts around Pul-e Khumri.",
         "Pul-e Khumri", "2019-09-01", "contested"),
        ("The forces of the first vice president, Amrullah Saleh, have regained control over "
         "Charikar.", "Charikar", "2021-08-17", "government"),
    ],
)
def test_wordings_the_blind_batches_taught(
    claims: Claims, text: str, place: str, date: str, status: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == status


def test_an_outcome_before_another_verb_is_not_the_later_places(claims: Claims) -> None:
    text = ("The fall of Zaranj comes as the Taliban press assaults on other provincial capitals, "
            "including Lashkar Gah and Kandahar.")
    found = {c.place: c.status.value for c in claims(text, "2021-08-06")}
    assert found == {"Zaranj": "taliban", "Lashkar Gah": "contested", "Kandahar": "contested"}


def test_a_factbox_of_places_and_colons(claims: Claims) -> None:
    text = ("Cities in the balance\n\n"
            "Provincial capitals captured by the Taliban\n\n"
            "August 12 – Qala-e-Naw: The Taliban say they have taken the capital of Badghis "
            "province.\n\n"
            "Provincial capitals contested as of August 12\n\n"
            "Herat: The third-largest city in Afghanistan.\n\n"
            "Farah: Capital of the western province of Farah.\n")
    found = {(c.place, c.kind.value): c.status.value for c in claims(text, "2021-08-12")}
    assert found[("Qala-i-Naw", "capital")] == "taliban"
    assert found[("Herat", "capital")] == "contested"
    assert found[("Farah", "capital")] == "contested"
    assert found[("Farah", "province")] == "contested"


def test_a_place_and_colon_opening_the_story_is_its_dateline(claims: Claims) -> None:
    text = ("Resistance holds out in Andarab\n\n"
            "Kabul: Fierce fighting between the Taliban and resistance fighters is going on in "
            "Baghlan province, sources said.")
    found = {c.place for c in claims(text, "2021-08-24")}
    assert found == {"Baghlan"}


@pytest.mark.parametrize(
    ("text", "place", "kind", "status"),
    [
        ("The Taliban have captured Afghanistan's Lashkar Gah, a police official said.",
         "Lashkar Gah", "capital", "taliban"),
        ("They took Lashkar Gah and the provincial capital of the western province of Ghor.",
         "Chaghcharan", "capital", "taliban"),
        ("The Taliban advanced again, a day after the group claimed control over Kandahar.",
         "Kandahar", "capital", "taliban"),
        ("Elders are in talks with the governor to encourage him to hand over Uruzgan province to "
         "the Taliban.", "Uruzgan", "province", "reported"),
        ("In Uruzgan province near Helmand, the governor said the situation was calm.",
         "Helmand", "province", "reported"),
    ],
)
def test_wordings_of_real_august_reports(
    claims: Claims, text: str, place: str, kind: str, status: str
) -> None:
    assert claim_of(claims, text, place, "2021-08-13", kind).status.value == status


def test_a_list_that_names_what_the_sentence_before_told_of(claims: Claims) -> None:
    text = ("Five more Afghan cities, in part or in whole, have fallen to the Taliban since "
            "yesterday. They are the centres of Herat, Kandahar, Helmand and Zabul provinces.")
    found = {c.place: c.status.value for c in claims(text, "2021-08-13")}
    assert found == dict.fromkeys(("Herat", "Kandahar", "Helmand", "Zabul"), "taliban")
    text = ("The centres of eleven more districts have fallen to the Taliban. They are Chal and "
            "Namak Ab in Takhar; Dara-e-Suf in Samangan.")
    found = {c.place: c.status.value for c in claims(text, "2021-06-22")}
    assert found == {"Takhar": "contested", "Samangan": "contested"}


@pytest.mark.parametrize(
    ("text", "place", "status"),
    [
        ("They also denied that the city of Kunduz was in the hands of the northern rebels.",
         "Kunduz", "contested"),
        ("Opposition forces have already taken the strategic northern town of Mazar-e-Sharif.",
         "Mazar-i-Sharif", "government"),
        ("The alliance said the population of Bamiyan rebelled against the Taliban and seized "
         "control of the town.", "Bamyan", "government"),
        ("Alliance officials predicted capturing the key western city of Herat as soon as Monday.",
         "Herat", "reported"),
        ("Alliance forces moved into Konduz on Sunday even as thousands of Taliban fighters "
         "surrendered.", "Kunduz", "government"),
        ("By Monday the alliance had entered the heart of Konduz and was encountering no Taliban "
         "fighters.", "Kunduz", "government"),
        ("Taliban fighters were falling back on Kunduz, where the alliance had massed troops.",
         "Kunduz", "reported"),
    ],
)
def test_wordings_of_real_2001_reports(claims: Claims, text: str, place: str, status: str) -> None:
    assert claim_of(claims, text, place, "2001-11-12").status.value == status


def test_the_group_is_the_movement_not_the_last_force_named(claims: Claims) -> None:
    text = ("The Taliban has taken complete control of Panjshir province, the last area held by "
            "resistance forces, the group's spokesman said on Monday, three weeks after taking "
            "over Kabul.")
    found = {c.place: c for c in claims(text, "2021-09-06")}
    assert found["Kabul"].status.value == "taliban"
    assert found["Kabul"].actor.value == "taliban"
    assert found["Kabul"].event_date.isoformat() == "2021-08-16"  # three weeks before Monday
    assert found["Panjshir"].status.value == "taliban"


@pytest.mark.parametrize(
    ("text", "date", "place", "kind", "status"),
    [
        ("The ancient city sits on the road from Uzbekistan to Kabul, the Afghan capital, and its "
         "fall is a blow to the Taliban.", "2001-11-10", "Kabul", "capital", "reported"),
        ("Herat's fall brings Kandahar within reach", "2001-11-13", "Kandahar", "capital",
         "reported"),
        ("Kandahar, the Taliban stronghold, is roughly 300 miles from Herat, about the same "
         "distance as it is from Kabul.", "2001-11-13", "Kabul", "capital", "reported"),
        ("The attack is the most serious since the Taliban nearly overran Farah in May.",
         "2018-08-13", "Farah", "capital", "government"),
        ("Government troops have fought off a large Taliban offensive in Helmand province.",
         "2021-05-04", "Helmand", "province", "contested"),
        ("There are concerns that forces are preparing an assault on Kabul.", "2021-08-14",
         "Kabul", "capital", "reported"),
        ("It was reported on Friday that the Taliban had taken the cities of Lashkar Gah and "
         "Kandahar.", "2021-08-13", "Kandahar", "capital", "taliban"),
        ("Taliban say hundreds of fighters are moving on the holdout Panjshir valley.",
         "2021-08-22", "Panjshir", "province", "government"),
        ("Since entering Kabul, the Taliban have sought to reassure Afghans.", "2021-08-22",
         "Kabul", "capital", "taliban"),
        ("The decision followed a meeting in Kandahar, the movement's de facto power centre.",
         "2022-03-23", "Kandahar", "capital", "taliban"),
        ("The Taliban governor of Balkh province, known for leading the fight against Islamic "
         "State, was killed on Thursday.", "2023-03-09", "Balkh", "province", "reported"),
        ("The attack came a day after he hosted officials visiting from Kabul.", "2023-03-09",
         "Kabul", "capital", "reported"),
        ("The planes hit the Sepera district of Khost, where a house collapsed.", "2024-03-18",
         "Khost", "province", "reported"),
        ("\"I am lost for words,\" a fan told AFP in Kabul.", "2024-06-25", "Kabul", "capital",
         "reported"),
    ],
)
def test_wordings_the_second_blind_set_taught(
    claims: Claims, text: str, date: str, place: str, kind: str, status: str
) -> None:
    assert claim_of(claims, text, place, date, kind).status.value == status


def test_capitals_handed_over_in_a_list_after_a_colon(claims: Claims) -> None:
    text = ("On Friday two further provincial capitals were handed to the Taliban without "
            "fighting: Tarinkot, in Uruzgan, and Qalati Ghilji, in Zabul.")
    found = {(c.place, c.kind.value): c.status.value for c in claims(text, "2021-08-13")}
    assert found[("Tarinkot", "capital")] == "taliban"
    assert found[("Qalat", "capital")] == "taliban"


def test_a_line_under_a_related_heading_is_a_link(claims: Claims) -> None:
    text = ("The Taliban attacked Maimana on Monday but were pushed back, officials said.\n\n"
            "Related Articles\nFaryab uprising forces join operations in Pashtun Kot\n")
    found = {c.place: c.status.value for c in claims(text, "2017-05-16")}
    assert found["Faryab"] == "reported"
    assert found["Maymana"] == "government"


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        ("On 14 August Mazar-i-Sharif falls almost without a fight.", "2021-08-16",
         "Mazar-i-Sharif", "taliban"),
        ("Ghani left the country as Taliban militants moved into the outskirts of Kabul, the last "
         "major city still held by the government.", "2021-08-15", "Kabul", "contested"),
        ("Jalalabad cheers as tribal chiefs ease Taliban out", "2001-11-16", "Jalalabad",
         "government"),
        ("Many fighters retreated there after the Taliban were routed from Mazar-i-Sharif, "
         "Taliqan and other towns.", "2001-11-15", "Taloqan", "government"),
        ("The talks were meant to arrange a peaceful handover of Kunduz.", "2001-11-15", "Kunduz",
         "reported"),
        ("German consulate in Afghan city of Mazar-e-Sharif attacked", "2016-11-11",
         "Mazar-i-Sharif", "reported"),
        ("The offensive against Ghazni, on the highway between the capital, Kabul, and the "
         "southern province of Kandahar, marks an escalation.", "2021-06-30", "Kandahar",
         "reported"),
    ],
)
def test_wordings_the_first_held_out_set_taught(
    claims: Claims, text: str, date: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == status


def test_the_loss_of_a_city_refers_back_to_its_fall(claims: Claims) -> None:
    text = ("Government forces retook Kunduz on Thursday, three days after the city fell to the "
            "Taliban. The loss of Kunduz had dented the government's argument.")
    kunduz = [c for c in claims(text, "2015-10-02") if c.place == "Kunduz" and c.cues == "loss of"]
    assert kunduz
    assert kunduz[0].event_date.isoformat() == "2015-09-28"


def test_the_city_of_a_story_is_not_the_capital_named_to_locate_it(claims: Claims) -> None:
    text = ("The Taliban launched a night-time assault on the Afghan city of Ghazni, on the "
            "highway between Kabul and Kandahar.\n\n"
            "Police were searching the city, which is barely 120km south of the Afghan capital of "
            "Kabul.\n\n"
            "A lawmaker said the city had been on the verge of collapse before the attackers were "
            "repelled.")
    named = {(c.place, c.via) for c in claims(text, "2018-08-10") if c.status.is_control}
    assert ("Kabul", "anaphor") not in named
    assert ("Ghazni", "anaphor") in named
    kinds = {(c.place, c.kind.value) for c in claims(text, "2018-08-10")}
    assert ("Kabul", "province") not in kinds  # "the Afghan capital of Kabul" is the city


def test_came_close_to_overrunning_is_an_attack_that_failed(claims: Claims) -> None:
    text = "It was the worst blow since they came close to overrunning the city of Farah in May."
    assert claim_of(claims, text, "Farah", "2018-08-12").status.value == "government"


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        ("Khan was later captured by the militia and spent three years in a Taliban prison in "
         "Kandahar.", "2001-10-10", "Kandahar", "reported"),
        ("Many of the foreign fighters who gave up at Kunduz were trucked to a fort.", "2001-11-26",
         "Kunduz", "government"),
        ("The western city of Herat fell to the forces of Ismail Khan on Nov. 12.", "2001-11-26",
         "Herat", "government"),
        ("The insurgents have captured, and in some cases kept, important Helmand districts.",
         "2015-12-21", "Helmand", "contested"),
        ("\"They dreamed of capturing the city of Kunduz, but they received a crushing answer.\"",
         "2016-04-15", "Kunduz", "reported"),
        ("Karzai condemned what he called a terrorist assault on soldiers in Mazar-i-Sharif.",
         "2017-04-22", "Mazar-i-Sharif", "reported"),
        ("Dozens of Taliban fighters walked into Kabul without their guns to celebrate the "
         "ceasefire.", "2018-06-16", "Kabul", "reported"),
        ("Authorities barred lorries from entering Kabul for the day.", "2019-09-28", "Kabul",
         "reported"),
        ("Security forces were besieging a prison held by Islamic State fighters in Jalalabad.",
         "2020-08-03", "Jalalabad", "reported"),
        ("The Taliban ambushed a police convoy in Ghor province on Friday, killing seven.",
         "2019-04-12", "Ghor", "contested"),
        ("The leadership had ruled out any major attack on a provincial capital, or a push on "
         "Kabul.", "2021-06-27", "Kabul", "reported"),
        ("The Taliban said the road linking Kabul with Ghazni province had been cut.",
         "2021-06-27", "Ghazni", "reported"),
        ("In Badakhshan and Takhar provinces, district after district has fallen in recent days.",
         "2021-07-02", "Takhar", "contested"),
        ("Afghan forces retook Parwan's Shinwari district on Thursday.", "2021-07-01", "Parwan",
         "contested"),
        ("Talks between tribal elders and Taliban commanders on a peaceful handover of Kandahar "
         "have so far produced nothing.", "2001-11-26", "Kandahar", "reported"),
        ("An employee of a private operator in Kabul said he did not know why the decision had "
         "been taken.", "2025-09-18", "Kabul", "reported"),
    ],
)
def test_wordings_the_third_held_out_set_taught(
    claims: Claims, text: str, date: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == status


def test_controls_twenty_of_the_capitals_among_them(claims: Claims) -> None:
    text = ("The group now controls 20 of Afghanistan's 34 provincial capitals, among them the "
            "country's second-largest city, Kandahar, and its third-largest, Herat.")
    found = {c.place: c.status.value for c in claims(text, "2021-08-14")}
    assert found == {"Kandahar": "taliban", "Herat": "taliban"}


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        ("Khan said his men had entered the town and were now pushing on towards Qala-i-Naw.",
         "2001-10-10", "Qala-i-Naw", "reported"),
        ("The Taliban captured more cities, leaving only the isolated capital, Kabul, still to be "
         "conquered.", "2021-08-15", "Kabul", "reported"),
        ("\"We are at the gates of Kabul city, but we have no intention of capturing it for now,\" "
         "a Taliban spokesman said.", "2021-06-27", "Kabul", "reported"),
        ("Zaranj has been seized by the Taliban, and so has Sheberghan.", "2021-08-09",
         "Sheberghan", "taliban"),
        ("Taliban fighters took the main entrance to the city of Kunduz on Sunday.", "2021-06-21",
         "Kunduz", "contested"),
        ("\"The Taliban are in the streets and the back alleys of Kunduz,\" a council member said.",
         "2021-06-21", "Kunduz", "contested"),
        ("Security forces have left several other districts, among them Alasai in Kapisa and "
         "Kaldar in Balkh.", "2021-07-01", "Kapisa", "contested"),
        ("Two districts of Bamiyan province itself, Saighan and Kahmard, have also been retaken, "
         "he said.", "2021-07-22", "Bamyan", "contested"),
    ],
)
def test_wordings_the_third_held_out_set_taught_too(
    claims: Claims, text: str, date: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == status


def test_clashes_in_a_border_story_are_border_fighting(claims: Claims) -> None:
    text = ("Afghan and Pakistani forces clash along the Durand Line\n\n"
            "Taliban forces and Pakistani troops exchanged fire at several border posts overnight, "
            "officials said.\n\n"
            "The fighting appears to be intensifying, with clashes reported in Paktia, Khost and "
            "Kunar provinces.")
    found = {c.place: c.status.value for c in claims(text, "2025-10-12")}
    assert found == {"Paktia": "reported", "Khost": "reported", "Kunar": "reported"}


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        ("\"We must work out how to take Mazar-i-Sharif with few casualties,\" he said.",
         "2001-11-07", "Mazar-i-Sharif", "reported"),
        ("A Taliban spokesman, speaking from Jalalabad, conceded that the opposition had taken "
         "another district.", "2001-11-07", "Jalalabad", "reported"),
        ("The alliance had been penned into the province of Badakhshan, the only province it held "
         "outright.", "2001-11-12", "Badakhshan", "government"),
        ("Government troops try to win the city of Kunduz back without killing civilians.",
         "2015-09-29", "Kunduz", "contested"),
        ("The Taliban said they had captured checkpoints on the Kandahar\u2013Helmand highway.",
         "2020-10-11", "Kandahar", "reported"),
        ("It was the second attack on a place of learning in Kabul in two weeks.", "2020-11-02",
         "Kabul", "reported"),
        ("Insurgents had struck security checkpoints on the fringes of Lashkar Gah.", "2021-05-16",
         "Lashkar Gah", "contested"),
        ("The Taliban have placed a stranglehold on Mazar-i-Sharif.", "2021-08-10",
         "Mazar-i-Sharif", "contested"),
        ("Jalalabad woke up on Sunday to find white Taliban flags flying everywhere.", "2021-08-15",
         "Jalalabad", "taliban"),
        ("The group overran every province except Panjsher and took Kabul on August 15.",
         "2021-08-21", "Panjshir", "government"),
        ("Taliban claim 'complete capture' of Panjshir; resistance says the fight goes on",
         "2021-09-06", "Panjshir", "contested"),
        ("\"We have lost everything,\" said one student in Kabul.", "2022-12-21", "Kabul",
         "reported"),
    ],
)
def test_wordings_the_fourth_held_out_set_taught(
    claims: Claims, text: str, date: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == status


def test_it_controls_is_the_actor_told_of_before(claims: Claims) -> None:
    text = ("Abdullah said the alliance had captured Taloqan on Sunday. It now controls Takhar, "
            "Samangan and Balkh provinces as well, he said.")
    found = {c.place: c.status.value for c in claims(text, "2001-11-12")}
    assert found["Samangan"] == "government"
    assert found["Balkh"] == "government"


def test_nimroz_is_the_first_province_to_be_overrun_before_farah(claims: Claims) -> None:
    text = ("Farah would be the second province to be overrun in the past few days, after "
            "neighbouring Nimruz province.")
    assert claim_of(claims, text, "Nimroz", "2021-08-10").status.value == "taliban"


def test_the_ends_of_a_road_are_named_and_only_locate(claims: Claims) -> None:
    text = "The Taliban said they had captured checkpoints on the Kabul-Kandahar highway."
    found = {c.place: c.status.value for c in claims(text, "2020-10-11")}
    assert found == {"Kabul": "reported", "Kandahar": "reported"}


def test_two_days_later_in_a_new_clause_counts_from_the_day_before(claims: Claims) -> None:
    text = ("The western city of Herat fell to the forces of Ismail Khan on Nov. 12, and tribal "
            "commanders took over Jalalabad, in the east, two days later.")
    found = {c.place: c.event_date.isoformat() for c in claims(text, "2001-11-26")}
    assert found == {"Herat": "2001-11-12", "Jalalabad": "2001-11-14"}


# --- from the fifth held-out set's misses (sentences of our own) ------------------------------

def final_states(claims: Claims, text: str, date: str) -> dict[str, str]:

    return {s.place: s.status.value for s in place_states(claims(text, date))}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Insurgents said on Monday they had overrun Maimana, a claim the provincial governor "
         "denied.", "Maymana"),
        ("The Taliban said they had seized Pul-e Alam, a claim that officials in Kabul quickly "
         "rejected.", "Pul-e Alam"),
    ],
)
def test_a_claim_someone_denied_in_apposition_is_contested(
    claims: Claims, text: str, place: str
) -> None:
    assert claim_of(claims, text, place).status.value == "contested"


def test_the_other_sides_answer_to_a_capture_claim_keeps_it_contested(claims: Claims) -> None:
    text = ("The Taliban claimed on Friday that they had taken Qalat. The provincial police chief "
            "dismissed the claim and said the attack on the city had been beaten back.")
    assert final_states(claims, text, "2021-07-24")["Qalat"] == "contested"


def test_a_retake_after_a_capture_claim_still_ends_it(claims: Claims) -> None:
    text = ("The Taliban said on Monday they had captured Qalat. Government forces retook the "
            "city on Thursday, the defence ministry said.")
    assert final_states(claims, text, "2021-07-24")["Qalat"] == "government"


@pytest.mark.parametrize(
    "text",
    [
        "A shopkeeper in Kunduz said he had lost his stock and that two cousins were wounded.",
        "Families who reached Kunduz said they had lost their homes and their livestock.",
        "Families fleeing the clashes in the districts hoped to find safety in Kunduz.",
        "Protests in Kunduz entered their second week on Tuesday.",
    ],
)
def test_losses_refuge_and_time_are_no_events_for_the_place(claims: Claims, text: str) -> None:
    assert claim_of(claims, text, "Kunduz").status.value == "reported"


def test_closing_in_on_the_capital_is_a_threat_beside_a_capture_of_others(
    claims: Claims,
) -> None:
    text = "Taliban seize a third of the provincial capitals as fighters close in on Kabul"
    assert claim_of(claims, text, "Kabul", "2021-08-13").status.value == "reported"


def test_a_taliban_run_agency_says_nothing_of_the_place(claims: Claims) -> None:
    text = ("A new police chief was appointed in Ghazni province, the Taliban-run state "
            "television reported.")
    assert claim_of(claims, text, "Ghazni", "2023-03-02").status.value == "reported"


def test_a_long_apposition_still_says_who_holds_a_place_that_locates(claims: Claims) -> None:
    text = ("The commandos set up camp 40 miles from Kandahar, the only big city still under "
            "Taliban control.")
    assert claim_of(claims, text, "Kandahar", "2001-12-01").status.value == "taliban"


@pytest.mark.parametrize(
    "text",
    [
        "Taliban gunmen seized the main bazaar in Kunduz on Monday, residents said.",
        "Insurgents captured the radio station in Kunduz on Monday, officials said.",
    ],
)
def test_a_building_seized_in_the_city_is_a_fight_for_it(claims: Claims, text: str) -> None:
    assert claim_of(claims, text, "Kunduz").status.value == "contested"


def test_soldiers_fleeing_across_the_border_is_no_border_clash(claims: Claims) -> None:
    text = ("The Taliban overran Faizabad, and hundreds of soldiers fled across the border into "
            "Tajikistan.")
    c = claim_of(claims, text, "Fayzabad", "2021-08-11")
    assert (c.status.value, c.event_type.value) == (
        "taliban", "Non-state actor overtakes territory"
    )


def test_the_administrative_centre_of_a_province_is_its_capital_not_a_building(
    claims: Claims,
) -> None:
    text = ("A Taliban spokesman said the group had taken Aybak, the administrative centre of the "
            "northern province of Samangan.")
    assert claim_of(claims, text, "Aybak").status.value == "taliban"


def test_the_government_in_kabul_holds_the_cities_it_lists_not_kabul_by_its_words(
    claims: Claims,
) -> None:
    text = ("The government in the capital, Kabul, still controls a handful of provinces in the "
            "centre and north of the country, along with the city of Mazar-i-Sharif.")
    found = {c.place: c.status.value for c in claims(text, "2021-08-14")}
    assert found == {"Kabul": "reported", "Mazar-i-Sharif": "government"}


def test_uprising_forces_arriving_and_a_retreat_towards_a_city_only_locate(
    claims: Claims,
) -> None:
    text = "Uprising forces who have come to Pul-e Khumri from Andarab said they held the road."
    assert claim_of(claims, text, "Pul-e Khumri").status.value == "reported"
    text = "Taliban columns advanced from Kunduz towards Taloqan on Sunday."
    assert claim_of(claims, text, "Taloqan").status.value == "reported"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The Taliban, meanwhile, claimed they had captured Maimana.", "The Taliban"),
        ("Provincial officials rejected the claim and said the city was calm.",
         "Provincial officials"),
    ],
)
def test_who_speaks_past_an_aside_and_a_first_verb(text: str, speaker: str) -> None:
    from geo.status import attribution

    found = attribution(text, 0, len(text))
    assert found is not None
    assert found.claimant == speaker


def test_an_attack_by_the_taliban_fought_off_is_the_defenders_win(claims: Claims) -> None:
    text = ("Afghan troops have beaten back an assault by the Taliban on Maimana, the army "
            "corps spokesman said.")
    c = claim_of(claims, text, "Maymana")
    assert (c.status.value, c.actor.value) == ("government", "government")


def test_also_said_is_the_same_report_and_day_as_the_sentence_before(claims: Claims) -> None:
    text = ("On Saturday the Taliban said they had captured Sar-e Pol. A Taliban spokesman also "
            "said fighters had taken Sheberghan.")
    found = {c.place: c.event_date.isoformat() for c in claims(text, "2021-08-10")}
    assert found == {"Sar-e Pol": "2021-08-07", "Sheberghan": "2021-08-07"}


def test_carrying_out_an_attack_in_a_city_is_violence_not_a_fight_for_it(claims: Claims) -> None:
    text = "The Taliban said they had carried out Tuesday's attack on a police post in Kandahar."
    assert claim_of(claims, text, "Kandahar", "2019-03-14").status.value == "reported"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Insurgents overran two checkpoints on the road that links Ghazni with Kabul.", "Kabul"),
        ("Islamabad again accused Kabul of sheltering militants who attack Pakistani troops.",
         "Kabul"),
    ],
)
def test_a_road_end_and_a_government_by_its_capital_only_locate(
    claims: Claims, text: str, place: str
) -> None:
    assert claim_of(claims, text, place, "2020-10-12").status.value == "reported"


def test_an_airport_in_another_clause_does_not_make_a_capture_partial(claims: Claims) -> None:
    text = ("Fighters who have guarded the road to the airport since the group swept into "
            "Kunduz on Sunday stopped the convoy.")
    assert claim_of(claims, text, "Kunduz", "2021-08-11").status.value == "taliban"


def test_leaving_a_city_as_the_last_one_held_is_a_result_not_a_departure(
    claims: Claims,
) -> None:
    text = ("The insurgents took Gardez on Saturday, leaving Kabul as the last big city in "
            "government hands.")
    found = {c.place: c.status.value for c in claims(text, "2021-08-15")}
    assert found == {"Gardez": "taliban", "Kabul": "government"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Police and soldiers are in control of all key locations in Kunduz, the ministry said.",
         "government"),
        ("The Taliban control all strategic points of Kunduz, a council member said.", "taliban"),
        ("Insurgents control several neighbourhoods in Kunduz, residents said.", "contested"),
        ("The Taliban hold some areas of Kunduz.", "contested"),
    ],
)
def test_holding_all_of_a_city_or_only_some_of_it(
    claims: Claims, text: str, status: str
) -> None:
    assert claim_of(claims, text, "Kunduz", "2016-10-04").status.value == status


def test_both_sides_saying_they_hold_a_city_is_contested(claims: Claims) -> None:
    text = ("Both the insurgents and the army said on Sunday they were in control of Farah "
            "after two days of street fighting.")
    assert claim_of(claims, text, "Farah", "2018-05-16").status.value == "contested"


def test_claimed_victory_in_a_place_is_a_capture_claim_a_denial_disputes(
    claims: Claims,
) -> None:
    text = "The Taliban claimed victory in Panjshir on Monday."
    assert claim_of(claims, text, "Panjshir", "2021-09-06").status.value == "taliban"
    text = ("The Taliban claimed victory in Panjshir, but resistance commanders rejected the "
            "claim.")
    assert claim_of(claims, text, "Panjshir", "2021-09-06").status.value == "contested"


def test_the_speakers_own_fighters_after_saying_are_the_subject(claims: Claims) -> None:
    text = ("The insurgents claimed victory, saying their fighters now held Farah after routing "
            "the army.")
    assert claim_of(claims, text, "Farah", "2018-05-16").status.value == "taliban"


def test_clashes_that_have_become_common_are_no_event(claims: Claims) -> None:
    text = "Such skirmishes have become increasingly common in Kunar and Nangarhar provinces."
    found = {c.place: c.status.value for c in claims(text, "2024-03-18")}
    assert found == {"Kunar": "reported", "Nangarhar": "reported"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("A Taliban spokesman said the movement was not abandoning Kandahar.", "taliban"),
        ("Opposition troops met no resistance as they entered Herat on Monday.", "government"),
        ("The alliance took the capital, Kabul, within hours of breaking the front line.",
         "government"),
        ("Columns of Taliban trucks could be seen leaving Kabul before dawn.", "government"),
    ],
)
def test_the_fall_of_2001_told_in_the_wires_ways(claims: Claims, text: str, status: str) -> None:
    place = next(p for p in ("Kandahar", "Herat", "Kabul") if p in text)
    assert claim_of(claims, text, place, "2001-11-13").status.value == status


def test_a_list_of_dated_names_takes_its_headings_words(claims: Claims) -> None:
    text = ("Cities the Taliban have taken so far\n\n"
            "Provincial capitals seized by the insurgents\n"
            "\u2022 August 7 \u2013 Sheberghan, Jowzjan province\n"
            "\u2022 August 9 \u2013 Aybak and Kunduz city\n\n"
            "The government says it will retake them.")
    found = {c.place: (c.status.value, c.event_date.isoformat())
             for c in claims(text, "2021-08-11") if c.start > 40}
    assert found["Sheberghan"] == ("taliban", "2021-08-07")
    assert found["Jowzjan"] == ("taliban", "2021-08-07")
    assert found["Aybak"] == ("taliban", "2021-08-09")
    assert found["Kunduz"] == ("taliban", "2021-08-09")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Troops have been fighting off attacks on the edges of Maimana for a week.", "contested"),
        ("Troops fought off an attack on Maimana on Monday.", "government"),
    ],
)
def test_fighting_off_attacks_for_days_is_a_battle_that_goes_on(
    claims: Claims, text: str, status: str
) -> None:
    assert claim_of(claims, text, "Maymana", "2021-07-14").status.value == status


@pytest.mark.parametrize(
    ("text", "place", "status"),
    [
        ("Maimana is now in the hands of heavily armed Talibs.", "Maymana", "taliban"),
        ("Bodies were then taken away from Herat's main square.", "Herat", "reported"),
        ("The wounded were taken to Kabul by helicopter.", "Kabul", "reported"),
        ("Clashes broke out in Badakhshan over poppy eradication.", "Badakhshan", "reported"),
        ("Resistance fighters battled in the valleys north-east of Kabul.", "Kabul", "reported"),
    ],
)
def test_agents_people_moved_and_fights_over_other_things(
    claims: Claims, text: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, "2024-05-14").status.value == status


def test_a_byline_place_on_a_line_of_its_own_is_a_dateline(claims: Claims) -> None:
    text = "Taliban overrun a district\n\nJOHN SMITH\nKABUL\n\nFighters took Burka district."
    assert [c.place for c in claims(text, "2021-05-05")] == []


def test_a_place_at_the_end_of_a_line_is_not_a_name_inside_the_next_one(
    claims: Claims,
) -> None:
    text = "Falls so far\n\n\u2022 August 9 \u2013 Aybak and Kunduz city\n\nMore to follow."
    assert {c.place for c in claims(text, "2021-08-10")} == {"Aybak", "Kunduz"}


@pytest.mark.parametrize(
    ("text", "place", "status"),
    [
        ("Kunduz fell to the Taliban on Sunday; Taloqan, the capital of Takhar, followed a day "
         "later.", "Taloqan", "taliban"),
        ("Insurgents take a seventh provincial capital; edge closer to Kabul", "Kabul",
         "reported"),
        ("Insurgents have been pressing hard on the defences of Maimana since Friday.",
         "Maymana", "contested"),
    ],
)
def test_followed_edge_closer_and_pressing_on_the_defences(
    claims: Claims, text: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, "2021-08-10").status.value == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # the attackers still at the city's edge: fought for (held-out 7 and 15 annotate so)
        ("Commandos backed by air strikes have driven the insurgents to the outskirts of Ghazni.",
         "contested"),
        ("The ministry said the Taliban had been pushed back to the outskirts of Ghazni.",
         "contested"),
        ("The Taliban were pushed back from Ghazni on Sunday.", "government"),
        ("Residents said the Taliban were still present in some parts of Ghazni.", "contested"),
    ],
)
def test_driven_to_the_outskirts_and_still_present_in_parts(
    claims: Claims, text: str, status: str
) -> None:
    assert claim_of(claims, text, "Ghazni", "2018-08-14").status.value == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Police pulled back from several checkpoints in Kunduz, calling it a tactical retreat.",
         "contested"),
        ("Government forces abandoned Kunduz and fell back to the airport.", "taliban"),
    ],
)
def test_leaving_posts_in_a_city_is_not_leaving_the_city(
    claims: Claims, text: str, status: str
) -> None:
    assert claim_of(claims, text, "Kunduz", "2020-10-12").status.value == status


@pytest.mark.parametrize(
    ("text", "place", "date", "status"),
    [
        ("American warplanes carried out fresh raids on Kandahar overnight.", "Kandahar",
         "2001-10-28", "reported"),
        ("Taliban fighters launched raids on Farah overnight.", "Farah", "2018-05-15",
         "contested"),
        ("The president promised an inquiry into how Kunduz was lost.", "Kunduz", "2015-10-02",
         "reported"),
    ],
)
def test_air_raids_and_an_inquiry_into_a_loss(
    claims: Claims, text: str, place: str, date: str, status: str
) -> None:
    assert claim_of(claims, text, place, date).status.value == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The insurgents overran Kunduz on Monday before they were driven out by commandos.",
         "government"),
        ("Taliban fighters briefly raised their flag in Kunduz before they were gradually pushed "
         "out.", "government"),
        ("The militants seized Kunduz, only to be forced out of the city two days later.",
         "government"),
        ("The Taliban captured Kunduz before they moved on to Baghlan.", "taliban"),
    ],
)
def test_what_came_next_in_the_same_sentence_decides(
    claims: Claims, text: str, status: str
) -> None:
    """"X before they were driven out", "only to be forced out": the later outcome wins."""
    assert claim_of(claims, text, "Kunduz", "2016-10-05").status.value == status


@pytest.mark.parametrize(
    ("text", "place", "status"),
    [
        ("Nili has passed into Taliban hands without a fight, a provincial lawmaker said.", "Nili",
         "taliban"),
        ("Insurgents forced their way into Maimana before dawn, officials said.", "Maymana",
         "contested"),
        ("Hundreds of fighters battled their way into Ghazni overnight.", "Ghazni", "contested"),
    ],
)
def test_passed_into_their_hands_and_forcing_a_way_in(
    claims: Claims, text: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, "2021-08-14").status.value == status


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban now control 11 of the 14 districts of Faryab province, a council member said.",
        "In Faryab province the insurgents hold all but two of the province's districts.",
        "Militants have overrun most of the districts in Faryab province since May.",
    ],
)
def test_districts_held_make_their_province_contested(claims: Claims, text: str) -> None:
    c = claim_of(claims, text, "Faryab", "2021-07-20", kind="province")
    assert c.status.value == "contested"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The Taliban said they had taken Sharana. Officials had not confirmed the capture of "
         "Sharana on Saturday evening.", "taliban"),
        ("Provincial officials could not immediately confirm the fall of Sharana.", "taliban"),
        ("The Taliban said they had taken Sharana. Officials denied the capture of Sharana.",
         "contested"),
        ("The Taliban said they had taken Sharana. A US official said it was not yet clear who "
         "held the city.", "contested"),
    ],
)
def test_no_confirmation_is_not_a_denial(claims: Claims, text: str, status: str) -> None:
    assert claim_of(claims, text, "Sharana", "2021-08-14").status.value == status


@pytest.mark.parametrize(
    ("text", "place", "date", "status"),
    [
        ("Afghan special forces killed at least 20 Taliban fighters on the edge of Lashkar Gah, "
         "the army said.", "Lashkar Gah", "2021-08-03", "contested"),
        ("Security forces killed dozens of insurgents in clearing operations around Kunduz.",
         "Kunduz", "2019-09-02", "contested"),
        ("A Pakistani air strike killed eight militants in Khost province, the Taliban said.",
         "Khost", "2024-03-18", "reported"),
        ("A bomb killed two Taliban commanders at a mosque in Kunduz.", "Kunduz", "2022-05-02",
         "reported"),
    ],
)
def test_fighters_killed_by_forces_are_a_clash_a_strike_or_a_bomb_is_not(
    claims: Claims, text: str, place: str, date: str, status: str
) -> None:
    kind = "province" if "province" in text else None
    assert claim_of(claims, text, place, date, kind=kind).status.value == status


@pytest.mark.parametrize(
    "text",
    [
        "The insurgents have pulled back from every province in the north except Kunduz.",
        "Fighting is worst in Kunduz, where the Taliban hold four of the seven districts.",
    ],
)
def test_a_shared_name_in_a_province_s_context_is_the_province(
    claims: Claims, text: str
) -> None:
    """A bare "Kunduz" is the city, unless its context is a province's: the provinces a sentence
    counts ("every province ... except"), the districts it holds ("where ... districts")."""
    found = [c for c in claims(text, "2021-07-07") if c.place == "Kunduz"]
    assert [c.kind.value for c in found] == ["province"]


def test_forced_out_of_the_city_in_quotes_and_without_from(claims: Claims) -> None:
    text = ('Insurgents seized a checkpoint in Farah for a few hours before police counterattacked '
            'and "kicked out" the militants, a spokesman said.')
    assert claim_of(claims, text, "Farah", "2018-05-17").status.value == "government"


@pytest.mark.parametrize(
    ("text", "place", "status"),
    [
        ("Soldiers tore down the Taliban's white flag in the main square of Kunduz on Thursday.",
         "Kunduz", "government"),
        ("Troops raised the national flag over the governor's office in Kunduz again.", "Kunduz",
         "government"),
        ("Hundreds of protesters pulled down the Taliban flag in Asadabad on Wednesday.",
         "Asadabad", "reported"),
        ("After heavy losses the insurgents escaped from Maimana overnight, police said.",
         "Maymana", "government"),
        ("The Taliban have reached the gates of Ghazni, a lawmaker said.", "Ghazni", "contested"),
        ("Herat is under serious military pressure, a senior official said.", "Herat",
         "contested"),
        ("The attack on Pul-e Khumri was thwarted by security forces, police said.",
         "Pul-e Khumri", "government"),
    ],
)
def test_flags_escapes_gates_pressure_and_a_thwarted_attack(
    claims: Claims, text: str, place: str, status: str
) -> None:
    date = "2015-10-01" if "Kunduz" in text else "2021-08-10"
    assert claim_of(claims, text, place, date).status.value == status


@pytest.mark.parametrize(
    ("text", "date", "status"),
    [
        ("Alliance troops entered Kabul on Tuesday after the Taliban abandoned it overnight.",
         "2001-11-14", "government"),
        ("Taliban fighters entered Kabul on Sunday once government forces had melted away.",
         "2021-08-16", "taliban"),
        ("Taliban fighters entered Kabul on Sunday as residents fled to the airport.",
         "2021-08-16", "contested"),
    ],
)
def test_an_entry_after_the_defenders_left_is_a_capture(
    claims: Claims, text: str, date: str, status: str
) -> None:
    assert claim_of(claims, text, "Kabul", date).status.value == status


def test_what_did_not_happen_does_not_undo_what_did(claims: Claims) -> None:
    text = ("Taliban fighters stormed Lashkar Gah on Monday but were pushed out after several "
            "hours of fighting. The insurgents had not raised their flag over the city.")
    found = [c for c in claims(text, "2016-10-10") if c.place == "Lashkar Gah"]

    [state] = place_states(found)
    assert state.status.value == "government"


def test_the_state_before_the_story_is_no_claim(claims: Claims) -> None:
    text = ("Alliance fighters entered Taloqan on Sunday night. The town had been in Taliban "
            "hands for more than a year.")
    found = [c for c in claims(text, "2001-11-13") if c.place == "Taloqan"]
    assert found
    assert "taliban" not in {c.status.value for c in found}  # the entry decides, not the past


@pytest.mark.parametrize(
    ("text", "place", "status"),
    [
        ("Faryab province, which borders Jowzjan and Sar-e Pul provinces, has seen heavy "
         "fighting this month.", "Jowzjan", "reported"),
        ("Faryab province, which borders Jowzjan and Sar-e Pul provinces, has seen heavy "
         "fighting this month.", "Faryab", "contested"),
        ("The insurgents also seized the city's main radio station in Lashkar Gah.",
         "Lashkar Gah", "contested"),
        ("Militants took Lashkar Gah's main radio station on Monday.", "Lashkar Gah", "contested"),
        ("Government forces repelled the attack in some parts of Kunduz, the palace said.",
         "Kunduz", "contested"),
        ("Clashes broke out near the Baghlan-Kunduz provincial border.", "Baghlan", "reported"),
    ],
)
def test_neighbours_facilities_parts_and_borders(
    claims: Claims, text: str, place: str, status: str
) -> None:
    assert claim_of(claims, text, place, "2021-08-02").status.value == status


# --- classes of wording read wrongly in held-out sets 9 and 10 (sentences of our own) -------


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # what forces were sent to do is an attempt; what they managed to do is done
        ("The army has airlifted hundreds of commandos into Kunduz, backed by U.S. air power, "
         "to drive the insurgents out of the city.", "2015-09-30", "Kunduz", "contested"),
        ("Reinforcements were rushed to Ghazni overnight to retake the city.", "2018-08-11",
         "Ghazni", "contested"),
        ("Commanders said the army managed to retake Ghazni by evening.", "2018-08-13",
         "Ghazni", "government"),
        ("By nightfall the insurgents had managed to seize Sar-e Pul, officials said.",
         "2021-08-08", "Sar-e Pol", "taliban"),
        # "no danger of X falling" denies a fall
        ("The governor said there was no danger of Lashkar Gah falling to the insurgents.",
         "2016-10-11", "Lashkar Gah", "contested"),
        # pressure, an offensive ended, a siege broken
        ('"The enemy is under extreme pressure in Takhar and Baghlan provinces," the ministry '
         "said.", "2019-09-01", "Takhar", "contested"),
        ("Afghan forces ended a two-day Taliban offensive on Kunduz city on Saturday.",
         "2019-09-01", "Kunduz", "government"),
        ("Troops broke the siege of Tarinkot on Friday.", "2016-09-10", "Tarinkot", "government"),
        ("Police lifted the siege of Maymana after a week of fighting.", "2017-10-02", "Maymana",
         "government"),
        # an old event told with "briefly" is its own date's fall
        ("Government forces have been under pressure across the north since the Taliban "
         "briefly seized the city of Kunduz on Sept. 28 last year.", "2016-01-10", "Kunduz",
         "taliban"),
        # an intention voiced today; nature and fleeing families act on no place
        ("Mullah Omar has agreed today to hand over Kandahar, the last city in the militia's "
         "hands.", "2001-12-06", "Kandahar", "reported"),
        ("UN says 300 dead as floods sweep through Baghlan province", "2024-05-11", "Baghlan",
         "reported"),
        ("The fighting has driven thousands of families from outlying villages into Lashkar Gah "
         "this week.", "2016-08-12", "Lashkar Gah", "reported"),
        ("Hundreds of families have left, many of them trying to reach Kandahar by road.",
         "2020-10-13", "Kandahar", "reported"),
        # districts lost are part of the place; the airport's battle does not undo its fall
        ("Officials confirmed that the nine districts of Lashkar Gah had been lost.",
         "2021-08-04", "Lashkar Gah", "contested"),
        ("Anti-Taliban forces took Jalalabad on Wednesday. Local fighters were still battling "
         "Taliban troops for control of the city's airport.", "2001-11-14", "Jalalabad",
         "government"),
        # a denial of "reports" answers no side: the denier's side holds it; a denied loss
        ("Government forces drove the insurgents out of Qala-i-Naw on Wednesday. The governor "
         "rejected reports that the city had fallen and said troops were defending it.",
         "2021-07-07", "Qala-i-Naw", "government"),
        ("The Taliban denied that they had withdrawn from Kunduz.", "2015-10-01", "Kunduz",
         "contested"),
        ("The fall of Jalalabad leaves Kabul as the last major city under government control.",
         "2021-08-15", "Kabul", "government"),
        # much of a province is not all of it; most of a city is its fall (DEFINITIONS)
        ("Over the weekend, the Taliban overran much of Badakhshan, a province in the "
         "northeast.", "2021-07-05", "Badakhshan", "contested"),
        ("The Taliban captured most of the city of Kunduz on Sunday.", "2021-08-09", "Kunduz",
         "taliban"),
        ("However, the government in Kabul rejected reports that Herat had fallen.",
         "2021-08-08", "Herat", "government"),
        # a descriptor beside the place yields to the verb that has it as object
        ("The Taliban gave up Kandahar, their last bastion, on Friday.", "2001-12-08",
         "Kandahar", "government"),
        ("The loss of Kunduz leaves Kandahar, the movement's spiritual home, as the only large "
         "city still under Taliban control.", "2001-11-26", "Kandahar", "taliban"),
        # where fighters came from, what a road links, an attack on a school
        ("Insurgents who came in from the neighbouring provinces of Helmand and Kandahar broke "
         "through the checkpoints of Tarinkot.", "2016-09-08", "Helmand", "reported"),
        ("The Taliban have seized Pul-e Khumri, a city on a junction that links Kabul with the "
         "north.", "2021-08-10", "Kabul", "reported"),
        ("Islamic State said it was behind two attacks on educational centres in Kabul that "
         "killed mostly students.", "2020-12-12", "Kabul", "reported"),
        ("Rescue teams struggled to reach remote villages in Paktika province.", "2022-06-22",
         "Paktika", "reported"),
        # parts of a city slipped away or cleared; an entry that brought down the government
        ("Large parts of Lashkar Gah have slipped out of government hands over the past weeks.",
         "2021-08-02", "Lashkar Gah", "contested"),
        ("Soldiers patrol Herat after pushing Taliban fighters out of parts of the city.",
         "2021-08-08", "Herat", "contested"),
        ("The Taliban entered Kabul on August 15, causing the U.S.-backed government to "
         "collapse.", "2021-08-22", "Kabul", "taliban"),
        # pressing hard in a province, gains claimed in it
        ("The insurgents have been pressing hard in the southern province of Helmand.",
         "2016-10-04", "Helmand", "contested"),
        ("The Taliban claimed fresh gains in the southeastern provinces of Paktia and Paktika.",
         "2021-08-14", "Paktia", "contested"),
        # provincial centres are capitals; an airport taken "and then the centre of town"
        ("The Taliban have captured three provincial centres this week: Zaranj on Friday, "
         "Kunduz and Taluqan on Sunday.", "2021-08-10", "Kunduz", "taliban"),
        ("Alliance fighters entered Mazar-i-Sharif on Friday. They had taken control of the "
         "city's airport and its power station, and then pressed on into the centre of town.",
         "2001-11-10", "Mazar-i-Sharif", "government"),
        # distances in words, approaches to a city, a town the gazetteer does not know
        ("The Taliban said they had overrun checkpoints within five kilometres of the centre of "
         "Sar-e Pul.", "2018-09-10", "Sar-e Pol", "reported"),
        ("Khanabad, the town that guards the eastern approach to Kunduz, had been lost by the "
         "Taliban.", "2001-11-26", "Kunduz", "reported"),
        # "met resistance" is no resistance movement
        ("The attackers met stiff resistance from government forces and failed to take control "
         "of Lashkar Gah.", "2020-10-13", "Lashkar Gah", "government"),
        # the state before: "who had held out", then the surrender
        ("Some 2,000 Taliban fighters who had held out in Maidan Shahr surrendered to the "
         "alliance on Sunday.", "2001-11-26", "Maidan Shar", "government"),
        # people leaving is not the place given up
        ("Western nations are flying in troops to pull out their diplomats from Kabul.",
         "2021-08-13", "Kabul", "reported"),
        ("The streets of Tarinkot were deserted on Thursday as fighting raged near the "
         "governor's office.", "2016-09-08", "Tarinkot", "contested"),
        # a fight feared, in prospect or only approaching
        ("Diplomats warned against the alliance entering Kabul, fearing a return to the street "
         "fighting of the 1990s.", "2001-11-12", "Kabul", "reported"),
        ("Residents of Kandahar were bracing for the prospect of fighting between rival "
         "commanders.", "2001-12-09", "Kandahar", "reported"),
        ("Countries scrambled to evacuate staff from Mazar-i-Sharif as fighting neared.",
         "2021-08-13", "Mazar-i-Sharif", "reported"),
        # a named commander's "we" is his side's; surrender terms are not a surrender
        ('"This morning we took Sheberghan and Aybak," General Dostum told reporters by '
         "satellite phone.", "2001-11-11", "Sheberghan", "government"),
        ('"We now hold the city," Ismail Khan said of Herat.', "2001-11-12", "Herat",
         "government"),
        ("The tribal chief, angry at being left out of the surrender arrangements, moved his "
         "fighters toward Kandahar.", "2001-12-06", "Kandahar", "reported"),
        # "X said it had taken": the one who said it; a quote's next sentence is the same
        # speaker's; the fight for the airport does not undo the city's fall
        ("The resistance front announced that it had taken control of Charikar on Friday.",
         "2021-09-03", "Charikar", "government"),
        ('"The insurgents entered Kunduz from three sides," said a council member. "We have '
         'left the city, but the fight for the airport goes on."', "2021-08-08", "Kunduz",
         "taliban"),
        # what did not happen disputes no one's claim
        ("Government forces drove the attackers back out of Lashkar Gah on Monday. The "
         "insurgents never raised their flag over the city, officials said.", "2016-10-11",
         "Lashkar Gah", "government"),
        # "the capital of neighbouring Kunduz province" is the city, the province only locates it
        ("Their attempt to seize the capital of neighbouring Kunduz province was beaten back, "
         "officials said.", "2019-09-02", "Kunduz", "government"),
        # a rocket attack with no battle for the place is violence, not a fight for it
        ("Police detained four suspected insurgents over this week's rocket attack on Kabul.",
         "2021-07-25", "Kabul", "reported"),
        ("Rocket fire hit Lashkar Gah as the Taliban offensive on the city entered its third "
         "day.", "2021-07-25", "Lashkar Gah", "contested"),
        # a place the gazetteer does not know, located in a province, is a part of it
        ("Dand-e Shahabuddin, in the northern province of Baghlan, fell to the militants after "
         "days of clashes.", "2016-08-15", "Baghlan", "contested"),
        ("Pul-e Khumri, in the northern province of Baghlan, fell to the militants after days of "
         "clashes.", "2016-08-15", "Baghlan", "taliban"),
        # "a separate attack" that the sentence tells was a bomb
        ("In a separate attack on Sunday in the eastern province of Zabul, a bomb aimed at a "
         "senior provincial official killed two guards.", "2020-11-29", "Zabul", "reported"),
        # places that only locate or receive
        ("The fall of Taloqan came as the president flew into Mazar-i-Sharif to rally its "
         "defenders.", "2021-08-11", "Mazar-i-Sharif", "reported"),
        ("Kunduz is now an isolated pocket cut off from the movement's stronghold of Kandahar.",
         "2001-11-18", "Kandahar", "taliban"),
        ("The alliance took Kunduz and is sending captured fighters to Sheberghan.",
         "2001-11-26", "Sheberghan", "reported"),
        # plural takeovers; an outcome that did not last, or did not end the fighting
        ("Officials played down the Taliban's takeovers of Kunduz in 2015.", "2018-08-12",
         "Kunduz", "taliban"),
        ("A counter-offensive pushed the insurgents out of most of Kunduz, but fighting "
         "continues in the western districts.", "2015-10-04", "Kunduz", "contested"),
        ("The insurgents have pushed government forces out of rural parts of Uruzgan.",
         "2016-09-09", "Uruzgan", "contested"),
        ('Commandos retook Qala-i-Naw on Wednesday afternoon. "The insurgents were inside and '
         'the city briefly fell," an official said.', "2021-07-07", "Qala-i-Naw", "government"),
    ],
)
def test_attempts_denials_people_leaving_and_outcomes_that_did_not_last(
    text: str, date: str, place: str, status: str
) -> None:
    states = {name: s.status.value for name, s in states_of(text, date).items()}
    assert states.get(place) == status, states


@pytest.mark.parametrize(
    "text",
    [
        "Kunduz, which the Taliban overran last year, is under attack again.",
        "The insurgents stage attacks around Kunduz in the north, which they overran last year.",
        "They attacked Kunduz on Wednesday, the northern city that the insurgents captured in "
        "September 2015.",
    ],
)
def test_an_aside_about_the_past_neither_decides_nor_dates_today_s_fight(text: str) -> None:
    state = states_of(text, "2016-10-05")["Kunduz"]
    assert state.status.value == "contested"
    assert state.event_date >= dt.date(2016, 10, 1)  # this week's attack, not last year's fall


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("The Taliban, ousted by a U.S.-led invasion 20 years ago, captured Kandahar.", 2021),
        ("The governor spoke on Monday. Last year, the Taliban overran Kunduz.", 2020),
        ("Kunduz, which the militants overran two years ago, was attacked on Friday.", 2021),
    ],
)
def test_a_year_told_in_an_aside_dates_only_the_aside(text: str, year: int) -> None:
    found = [c for c in extract_claims(Article("x", dt.date(2021, 8, 13), "", text))
             if c.place in ("Kandahar", "Kunduz")]
    assert found
    assert found[-1].event_date.year == year


def test_a_date_inside_the_clause_of_before_is_the_event_s_own() -> None:
    """"before the Taliban took Herat in 1995": the year dates the taking, not another event."""
    text = "Ismail Khan governed the region before the Taliban took Herat in 1995."
    found = [c for c in extract_claims(Article("x", dt.date(2001, 11, 15), "", text))
             if c.place == "Herat"]
    assert found
    assert found[0].event_date.year == 1995


@pytest.mark.parametrize(
    ("text", "date", "place", "status", "event"),
    [
        ("The Taliban were driven out of Tarinkot within hours, the ministry said.",
         "2016-09-09", "Tarinkot", "government", "Government regains territory"),
        ("Government troops were driven out of Kunduz by the Taliban on Monday.", "2015-09-29",
         "Kunduz", "taliban", "Non-state actor overtakes territory"),
    ],
)
def test_a_side_driven_out_gives_the_place_and_the_event_to_the_other(
    claims: Claims, text: str, date: str, place: str, status: str, event: str
) -> None:
    c = claim_of(claims, text, place, date)
    assert c.status.value == status
    assert c.event_type is not None
    assert c.event_type.value == event


def test_a_date_after_a_group_of_names_is_each_one_s(claims: Claims) -> None:
    text = ("The Taliban have captured five provincial centres: Zaranj on Friday, Sheberghan on "
            "Saturday, Kunduz, Sar-e Pul and Taluqan on Sunday.")
    found = {c.place: c.event_date.isoformat() for c in claims(text, "2021-08-10")}
    assert found["Zaranj"] == "2021-08-06"
    assert found["Kunduz"] == found["Sar-e Pol"] == found["Taloqan"] == "2021-08-08"


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        ('The Taliban, ousted by a U.S.-led invasion 20 years ago, captured Kandahar.',
         '2021-08-13', 'Kandahar', 'taliban'),
        ('Taliban fighters stormed Ghazni on Thursday. Eventually, the city fell to the '
         'insurgents.',
         '2021-08-13', 'Ghazni', 'taliban'),
        ('Taliban fighters stormed Ghazni on Thursday. Late Friday, the city fell to the '
         'insurgents.',
         '2021-08-14', 'Ghazni', 'taliban'),
        ('Residents watched as Taliban fighters rolled into Kunduz on Sunday.',
         '2021-08-09', 'Kunduz', 'taliban'),
        ('People cheered as alliance fighters swept into Kabul.',
         '2001-11-13', 'Kabul', 'government'),
        ('The Taliban lifted their siege of Ghazni after tribal elders intervened.',
         '2018-08-20', 'Ghazni', 'contested'),
        ('The Taliban halted their advance on Kabul.',
         '2001-11-10', 'Kabul', 'reported'),
        ('The Taliban ended a three-day ceasefire and resumed attacks on Kunduz.',
         '2018-06-20', 'Kunduz', 'contested'),
        ('The army managed to take back Kunduz on Thursday.',
         '2015-10-02', 'Kunduz', 'government'),
        ('There is no question that Kunduz has fallen, a senior official said.',
         '2015-09-29', 'Kunduz', 'taliban'),
        ('The Taliban denied reports that their fighters had seized Ghazni.',
         '2018-08-12', 'Ghazni', 'contested'),
        ('Taliban storm and capture Kunduz',
         '2021-08-08', 'Kunduz', 'taliban'),
        ('Insurgents set fire and overran Ghazni.',
         '2018-08-11', 'Ghazni', 'taliban'),
        ('Taliban fighters attacked Kunduz on Monday as U.S. jets dropped bombs on their '
         'positions.',
         '2016-10-03', 'Kunduz', 'contested'),
        ('A Taliban spokesman said the group had held Kunduz since Sunday.',
         '2015-09-30', 'Kunduz', 'taliban'),
        ('Kunduz has been cut off from the rest of the country for days.',
         '2001-11-20', 'Kunduz', 'contested'),
        ('The Taliban overran the police headquarters in Ghazni on Friday, but troops '
         'regrouped and defended the city centre.',
         '2018-08-11', 'Ghazni', 'contested'),
        ('Taliban fighters seized Ghazni briefly before commandos drove them out.',
         '2018-08-12', 'Ghazni', 'government'),
        ('Khanabad, the town that guards the eastern approach to Kunduz, had been lost by the '
         'Taliban.',
         '2001-11-26', 'Kunduz', 'reported'),
        ("Kunduz is now an isolated pocket cut off from the movement's stronghold of Kandahar.",
         '2001-11-18', 'Kandahar', 'taliban'),
    ],
)
def test_wordings_a_review_of_the_new_rules_checked(
    text: str, date: str, place: str, status: str
) -> None:
    """Sentences a reviewer of the rules above wrote to break them: every one read as it means."""
    assert states_of(text, date)[place].status.value == status


# --- read from held-out 13 and 14: classes their misses showed ---------------------------


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # a movement verb takes a place only when one follows it
        ("In Kabul, windows shattered and parked cars rolled into the street as the quake hit.",
         "2015-10-26", "Kabul", "reported"),
        ("Crowds poured into the squares of Herat to celebrate the new year.",
         "2019-03-21", "Herat", "reported"),
        ("Alliance tanks rolled into Mazar-i-Sharif on Friday.", "2001-11-10", "Mazar-i-Sharif",
         "government"),
        ("The Taliban have swept up Kunduz and Taloqan in two days.",
         "2021-08-12", "Kunduz", "taliban"),
        # a road joining a place, people driven to a place: it only locates or receives
        ("The fall of Ghazni cuts the main highway joining the Afghan capital to the south.",
         "2021-08-13", "Kabul", "reported"),
        ("Prisoners who gave themselves up were driven away to Taloqan by alliance guards.",
         "2001-11-25", "Taloqan", "reported"),
        # an event held up, blocked or prevented has not happened
        ("Foreign fighters are holding up the surrender of Kunduz, alliance commanders say.",
         "2001-11-20", "Kunduz", "reported"),
        ("Hardline commanders blocked the handover of Kandahar on Friday.", "2001-12-08",
         "Kandahar", "reported"),
        # a repulse that did not happen is fighting, not a defence
        ("Government forces have not halted the Taliban push on Lashkar Gah.", "2021-08-02",
         "Lashkar Gah", "contested"),
        ("The UN warned of more deaths if the Taliban offensive on Kandahar was not stopped.",
         "2021-08-02", "Kandahar", "reported"),
        ("Troops repelled the Taliban attack on Lashkar Gah overnight.", "2021-08-02",
         "Lashkar Gah", "government"),
        # a tightening grip, forces squeezed, all but one district: pressure, no fall
        ("The loss of Nawa district tightens the Taliban's grip around Lashkar Gah.",
         "2016-10-24", "Lashkar Gah", "contested"),
        ("Insurgents are squeezing government forces in Herat and Kandahar, officials said.",
         "2021-08-07", "Herat", "contested"),
        ("The Taliban now hold all but one district in Herat province.", "2021-07-31", "Herat",
         "contested"),
        # districts that fell are the province's fight, not the city's fall
        ('"The enemy has entered the city of Qala-i-Naw, all the districts have fallen," an '
         "official said.", "2021-07-07", "Qala-i-Naw", "contested"),
        # a new clause after "as" when fighting goes on there: its own status
        ("Taliban capture Kunduz as street battles rage in Taloqan", "2021-08-08", "Taloqan",
         "contested"),
        ("The Taliban took Sheberghan as heavy fighting continued in Sar-e Pul.", "2021-08-07",
         "Sheberghan", "taliban"),
        # pushing deep into a city is entering it: contested
        ("Taliban fighters pushed deep into Lashkar Gah overnight.", "2021-08-03", "Lashkar Gah",
         "contested"),
        # "the whole province" is the province of the capital the sentence names
        ('"With the governor\'s office in Tarin Kot taken, the whole province is ours," a '
         "Taliban commander said.", "2016-09-08", "Uruzgan", "taliban"),
        # a massacre is no fight for the city; after 2021 an "attack" in a city is violence
        ("It was one of the deadliest attacks in Kabul in years, police said.", "2017-05-31",
         "Kabul", "reported"),
        ("Taliban guards sealed off the hospital after the attack in Kabul on Tuesday.",
         "2021-11-03", "Kabul", "reported"),
        ("Resistance fighters said they had launched attacks on Taliban posts around Bazarak.",
         "2022-05-11", "Bazarak", "contested"),
        ("The Taliban launched a fresh attack on Kunduz on Monday.", "2016-10-04", "Kunduz",
         "contested"),
        # where officials travelled from only locates them
        ("He had met officials who travelled to Mazar-i-Sharif from Kabul for the talks.",
         "2023-03-09", "Kabul", "reported"),
        # parts of a city that fell, with an aside saying which: contested
        ("Key areas of Taloqan, including the main bazaar, fell to the Taliban on Sunday.",
         "2021-08-09", "Taloqan", "contested"),
        # a general named by rank fights the Taliban (2001: the alliance; after: the Republic)
        ("Taliban fighters had held the town for years. Kneeling in the crowd was Gen. Daoud "
         "Khan, whose forces had marched into Taloqan on Sunday.", "2001-11-12", "Taloqan",
         "government"),
        # airstrikes to keep the Taliban from overrunning a city: a purpose, not a fall
        ("Washington is sending advisers to keep the insurgents from overrunning Lashkar Gah.",
         "2021-08-03", "Lashkar Gah", "reported"),
        # a bar of links names places; it claims nothing
        ("More on the war: Herat | Kandahar | Kabul | Kunduz | Jalalabad", "2001-12-17",
         "Kandahar", "reported"),
    ],
)
def test_wordings_read_from_held_out_13_and_14(
    text: str, date: str, place: str, status: str
) -> None:
    """Classes of wording the misses of held-out 13 and 14 showed, in sentences of our own."""
    assert states_of(text, date)[place].status.value == status


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # a timeline's items: "Place, Month D:" heads an item after paragraphs of text (no
        # dateline), and "the capital of X province" in it is that place
        ("Timeline of the offensive\nNine capitals have fallen so far.\n\nTaloqan, August 8: "
         "The capital of the northern "
         "province of Takhar falls in the evening.", "2021-08-11", "Taloqan", "taliban"),
        ("Timeline of the offensive\nNine capitals have fallen so far.\n\nTaloqan, August 8: "
         "The capital of the northern "
         "province of Takhar falls in the evening.", "2021-08-11", "Takhar", "taliban"),
        ("Four cities are under attack.\n\nLashkar Gah: Clashes have gone on for days in the "
         "capital of Helmand province.", "2021-08-11", "Helmand", "contested"),
        # "Kabul" acting as the government is no place
        ("Taliban storm Ghazni as Kabul rushes in reinforcements", "2018-08-10", "Ghazni",
         "contested"),
        # calm is not control
        ("The governor said the situation in Kandahar was under control after the blast.",
         "2023-06-06", "Kandahar", "reported"),
        # the Nth capital taken by someone
        ("Kunduz, the third provincial capital captured by the Taliban, is a northern hub.",
         "2021-08-09", "Kunduz", "taliban"),
        # a time between "driven" and "from"
        ("The Taliban were driven on Monday from three northern towns: Taloqan, Kunduz and "
         "Aybak.", "2001-11-13", "Aybak", "government"),
        # who flew in from a place only locates it
        ("The commander, who flew in from Kabul on Tuesday, said Ghazni was calm.",
         "2018-08-15", "Kabul", "reported"),
        # near a place, close to it, a team sent to it, its district: it only locates
        ("Troops abandoned a base near Kunduz on Friday.", "2021-08-06", "Kunduz", "reported"),
        ("Insurgents overran Chak, which lies close to the provincial capital, Maidan Shar.",
         "2021-06-20", "Maidan Shar", "reported"),
        ("A government delegation was sent to Ghazni to look into the bombing.", "2019-07-02",
         "Ghazni", "reported"),
        ("Commandos drove the Taliban out of Helmand's Nad Ali district on Monday.",
         "2020-10-13", "Helmand", "contested"),
        ("Commandos drove the Taliban out of Lashkar Gah on Monday.", "2020-10-13",
         "Lashkar Gah", "government"),
        # fighting to keep, hold or defend a place is fighting, not a hypothesis
        ("Troops are battling to keep the insurgents from seizing Kandahar.", "2021-08-07",
         "Kandahar", "contested"),
        ("Commandos were fighting to hold Lashkar Gah on Saturday.", "2021-08-07", "Lashkar Gah",
         "contested"),
        # a participle that cuts a place off besieges it; it does not take it
        ("The Taliban took Jalalabad, cutting Kabul off from the east.", "2021-08-15", "Kabul",
         "contested"),
        # "the province that bears the same name" is the capital's province
        ("Insurgents seized Sar-e-Pul, capital of the province that bears the same name.",
         "2021-08-08", "Sar-e Pol", "taliban"),
        # (a review's sentences against this pass's rules, kept as tests)
        ("Zaranj, the first provincial capital lost by the government, was quiet on Saturday.",
         "2021-08-07", "Zaranj", "taliban"),
        ("Northern Alliance troops who captured Kabul announced a curfew on Tuesday.",
         "2001-11-13", "Kabul", "government"),
        ("The surrender of two more provincial capitals, Pul-e Khumri and Aybak, to the "
         "Northern Alliance came on Monday.", "2001-11-12", "Aybak", "government"),
        ("The Taliban blocked relief efforts to Kunduz, aid agencies said.", "2021-08-10",
         "Kunduz", "reported"),
        ("The situation in Ghazni is fully under the control of Afghan forces, the ministry "
         "said.", "2018-08-11", "Ghazni", "government"),
        ("Mazar-i-Sharif, which Uzbek truckers poured into after the border reopened, was "
         "busy.", "2021-08-12", "Mazar-i-Sharif", "reported"),
        ("The Taliban captured Ghazni's Andar district on Sunday.", "2021-06-20", "Ghazni",
         "contested"),
        # what a side's gains include is what it took
        ("The alliance said its gains on Sunday included Bamiyan province.", "2001-11-12",
         "Bamyan", "government"),
        ("The Taliban's gains this week include Kunduz and Taloqan.", "2021-08-09", "Taloqan",
         "taliban"),
        # a place excepted from a hold says its own state in the clause it heads
        ("The Taliban said they held every district of Panjshir except Bazarak, where "
         "fighting went on.", "2021-09-05", "Bazarak", "contested"),
        ("The Taliban overran every province except Panjshir.", "2021-08-20", "Panjshir",
         "government"),
        # the surrender of people is not the surrender of the place they are in
        ("In Kunduz, the commander said he had taken the surrender of some 400 Taliban "
         "fighters.", "2001-11-24", "Kunduz", "reported"),
        ("Alliance forces near Taloqan accepted the surrender of a group of 300 fighters.",
         "2001-11-24", "Taloqan", "reported"),
        ("The garrison surrendered Sheberghan to the Taliban without a fight.", "2021-08-07",
         "Sheberghan", "taliban"),
        # "the only part of Afghanistan" is the place, not a part of it
        ("Panjshir is the only part of Afghanistan that has not come under Taliban control.",
         "2021-08-30", "Panjshir", "government"),
    ],
)
def test_wordings_read_from_held_out_15(text: str, date: str, place: str, status: str) -> None:
    """Classes of wording held-out 15's misses showed, in sentences of our own."""
    assert states_of(text, date)[place].status.value == status


@pytest.mark.parametrize(
    "text",
    [
        "Taliban advance\nGardez, Aug. 14 (AFP) - Fighting was reported in Khost on Saturday.",
        "Taliban advance\nGardez, Afghanistan - Fighting was reported in Khost on Saturday.",
        "Taliban advance\nGARDEZ, Aug. 14: Fighting was reported in Khost on Saturday.",
    ],
)
def test_a_dateline_still_names_no_place(text: str) -> None:
    """Only a place and a date before a colon after paragraphs of text head a list item; the
    opening dateline, with a dash, an agency or in capitals, stays a dateline."""
    assert "Gardez" not in states_of(text, "2021-08-14")


@pytest.mark.parametrize(
    ("text", "date", "place", "event"),
    [
        # a time of day after "before" is no other event
        ("The Taliban left Jalalabad before dawn on 14 November as local commanders closed in.",
         "2001-12-17", "Jalalabad", "2001-11-14"),
        # the date after a superlative's "since" is what it is measured against
        ("On Sept. 28, 2015, the Taliban seized Kunduz, the first provincial capital to fall to "
         "them since 2001.", "2018-08-10", "Kunduz", "2015-09-28"),
        # ... but "since 2015, when Kunduz fell" tells the event of that year
        ("The offensive was the worst since 2015, when Kunduz fell to the Taliban.",
         "2020-09-14", "Kunduz", "2015-12-31"),
        # a date after an appositive is the place's own
        ("The group attacked Kunduz on Oct. 3 and besieged Tarin Kot, the capital of Uruzgan, "
         "on Sept. 8.", "2016-10-24", "Tarinkot", "2016-09-08"),
        ("The group attacked Kunduz on Oct. 3 and besieged Tarin Kot, the capital of Uruzgan, "
         "on Sept. 8.", "2016-10-24", "Uruzgan", "2016-09-08"),
    ],
)
def test_dates_read_from_held_out_14(text: str, date: str, place: str, event: str) -> None:
    assert states_of(text, date)[place].event_date.isoformat() == event


# --- misreadings the held-out 13/14 rules caused, found by a review, and mended --------------


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        ('Taliban fighters swept into the streets of Kabul on Sunday as President Ashraf '
         'Ghani fled the country.',
         '2021-08-15', 'Kabul', 'taliban'),
        ('Taliban fighters poured into central Kunduz on Sunday and raised their white '
         'flag over the main square.',
         '2021-08-08', 'Kunduz', 'taliban'),
        ('Northern Alliance troops marched into downtown Kabul on Tuesday after the '
         'Taliban fled.',
         '2001-11-13', 'Kabul', 'government'),
        ('Ghazni, which Taliban fighters swept into on Thursday, is 150 km southwest of '
         'Kabul.',
         '2021-08-12', 'Ghazni', 'taliban'),
        ('Herat became the 11th provincial capital to fall, joining Kandahar, which the '
         'Taliban captured hours earlier.',
         '2021-08-12', 'Kandahar', 'taliban'),
        ('Ghazni fell on Thursday, joining Kunduz and Herat in Taliban hands.',
         '2021-08-13', 'Kunduz', 'taliban'),
        ('Sheberghan joins Zaranj, seized by the Taliban on Friday, as the second '
         'provincial capital lost this week.',
         '2021-08-07', 'Zaranj', 'taliban'),
        ('Afghan forces blocked a Taliban attack on Ghazni overnight, officials said.',
         '2021-08-02', 'Ghazni', 'government'),
        ('Commandos stalled the Taliban offensive on Lashkar Gah for a third day.',
         '2021-08-02', 'Lashkar Gah', 'contested'),
        ('The army held up the Taliban assault on Kunduz for three weeks.',
         '2021-08-02', 'Kunduz', 'contested'),
        ('Afghan forces not only repelled the Taliban attack on Ghazni but also retook two '
         'nearby districts.',
         '2021-08-02', 'Ghazni', 'government'),
        ('Months of unpaid salaries are squeezing Afghan security forces in Herat, '
         'officials said.',
         '2021-08-07', 'Herat', 'reported'),
        ('Kunduz had all but fallen to the Taliban by Thursday, officials said.',
         '2021-08-12', 'Kunduz', 'contested'),
        ('In Helmand, Lashkar Gah and all its districts fell on Friday.',
         '2021-08-13', 'Lashkar Gah', 'taliban'),
        ("The fall of Mullah Omar's stronghold Kandahar ended Taliban rule, alliance "
         'commanders said.',
         '2001-12-08', 'Kandahar', 'government'),
        ('Taliban capture Kunduz | Asia | World | The Independent',
         '2021-08-09', 'Kunduz', 'taliban'),
        ('Dozens of civilians have been killed in Lashkar Gah as fighting rages in Helmand '
         'province.',
         '2021-08-03', 'Lashkar Gah', 'contested'),
        ("Hospitals in Lashkar Gah are overwhelmed as fighting rages in Helmand's capital.",
         '2021-08-03', 'Lashkar Gah', 'contested'),
        # the same classes, in sentences of our own
        ("Insurgents rolled into the heart of Ghazni before dawn, residents said.",
         "2021-08-12", "Ghazni", "taliban"),
        ("Crowds poured into the squares of Kabul to watch the parade.", "2021-08-31", "Kabul",
         "reported"),
        ("Farah, which the insurgents marched into on Tuesday, is near the Iranian border.",
         "2018-05-16", "Farah", "taliban"),
        ("Taloqan became the 6th provincial capital to fall in four days.", "2021-08-09",
         "Taloqan", "taliban"),
        ("Police blocked an insurgent assault on Maimana overnight.", "2021-08-02", "Maymana",
         "government"),
        ("Troops have blunted the Taliban offensive on Kandahar, a commander said.",
         "2021-08-02", "Kandahar", "contested"),
        ("Bad weather has slowed the alliance advance on Kunduz.", "2001-11-18", "Kunduz",
         "reported"),
        ("Heavy rains delayed the fall of Kunduz by a week.", "2021-08-02", "Kunduz",
         "reported"),
        ("The army did not repel the attack on Ghazni.", "2021-08-02", "Ghazni", "contested"),
        ("Rising prices are squeezing government forces in Kandahar.", "2021-08-02", "Kandahar",
         "reported"),
        ("The Taliban are squeezing government forces in Kandahar.", "2021-08-02", "Kandahar",
         "contested"),
        ("The Taliban tightened their grip on Herat, closing girls' schools.", "2022-03-23",
         "Herat", "taliban"),
        ("Kunduz and all its districts were overrun by the Taliban on Sunday.", "2021-08-09",
         "Kunduz", "taliban"),
        ("Most districts around Kunduz and its suburbs have fallen to the Taliban.",
         "2021-08-05", "Kunduz", "contested"),
        ("In Ghazni, most of its districts fell on Friday.", "2021-08-13", "Ghazni",
         "contested"),
        ("The fall of Ismail Khan's city Herat surprised diplomats.", "2021-08-13", "Herat",
         "taliban"),
        ("Hundreds were wounded in Kunduz as fighting raged in Herat.", "2021-08-08", "Kunduz",
         "reported"),
    ],
)
def test_misreadings_the_held_out_14_rules_caused(
    text: str, date: str, place: str, status: str
) -> None:
    """Sentences a reviewer of the rules read from held-out 13 and 14 wrote to break them (the
    code before those rules read each right, or nearer): a movement into a part of a city, a
    list joined to a fall, an attack blocked or stalled, "not only", a squeeze with no armed
    subject, "all but fallen", a city and all its districts, a person's possession after "the
    fall of", a headline before its site's sections, fighting in the province of the place."""
    assert states_of(text, date)[place].status.value == status


def kinds_of(text: str, date: str) -> dict[tuple[str, str], str]:
    """The text's state of each place, keyed by name and kind (a city and its province apart)."""
    article = Article("x", dt.date.fromisoformat(date), "", text)
    return {(s.place, s.kind.value): s.status.value for s in place_states(extract_claims(article))}


@pytest.mark.parametrize(
    ("text", "date", "place", "kind", "status"),
    [
        # a dated factbox under a heading: a line that says nothing takes the heading's words
        ("Cities taken by the insurgents\n\nAug. 9 \u2013 Aybak: Capital of Samangan in the "
         "north.\n\nAug. 10 \u2013 Pul-e Khumri: A trading hub on the main northern road.",
         "2021-08-11", "Pul-e Khumri", "capital", "taliban"),
        ("Cities taken by the insurgents\n\nAug. 9 \u2013 Aybak: Capital of Samangan in the "
         "north.\n\nAug. 10 \u2013 Pul-e Khumri: A trading hub on the main northern road.",
         "2021-08-11", "Samangan", "province", "taliban"),
        # an advance that brings the fighters nearer a city says nothing of who holds it
        ("The fall of Ghazni has brought the insurgents closer to Kabul.", "2021-08-13",
         "Kabul", "capital", "reported"),
        # what is left in the government's hands
        ("The insurgents took Jalalabad on Sunday, leaving the capital Kabul as the last big "
         "city in government hands.", "2021-08-15", "Kabul", "capital", "government"),
        # a person leaving a city is not the city given up
        ("The governor was stopped on the road south of Kabul after footage showed him leaving "
         "the city.", "2021-08-12", "Kabul", "capital", "reported"),
        # a relative clause's subject is its antecedent, even after a preposition
        ("The mayor was accused of a secret pact with the Taliban, who have since seized Ghazni.",
         "2021-08-12", "Ghazni", "capital", "taliban"),
        # a province named, then its capital referred to as "the provincial capital"
        ("The police chief of Farah province said the insurgents had overrun the provincial "
         "capital overnight.", "2021-08-10", "Farah", "province", "taliban"),
        # "the city" that locates a base still held is the story's city, which the capture is about
        ("Taliban fighters entered Farah on Monday. On Tuesday they raised their flag over the "
         "main square, but troops still held a base on the outskirts of the city.", "2021-08-11",
         "Farah", "capital", "taliban"),
        # a base on the edge of a city surrendered: the base, not the city
        ("Soldiers holding a base on the edge of Herat surrendered to the Taliban on Friday.",
         "2021-08-14", "Herat", "capital", "reported"),
        # an attack that killed or wounded people in a city is violence, not a fight for it
        ("The attack, which also killed nine people in Khost, was claimed by no group.",
         "2019-09-17", "Khost", "capital", "reported"),
        # earlier occasions with no date of their own; with a date they stay
        ("The militants have stormed Farah before and tried to hold it, but they were pushed "
         "back each time.", "2021-07-31", "Farah", "capital", "reported"),
        ("Officials have been wrong before, playing down the Taliban's capture of Kunduz on "
         "Sept. 28, 2015.", "2016-10-05", "Kunduz", "capital", "taliban"),
        # a district named by its province's possessive is the province's
        ("Insurgents attacked a checkpoint in Kunduz's Imam Sahib district on Sunday.",
         "2021-07-12", "Kunduz", "province", "contested"),
        ("Army Drives Taliban Out Of Herat's Shindand District", "2020-11-06", "Herat",
         "province", "contested"),
        # a denial of both places the sentence before claimed
        ('A Taliban spokesman said the fighters had "liberated" Ghazni and Farah. The interior '
         'ministry said neither had fallen.', "2021-08-08", "Farah", "capital", "contested"),
        # control of provinces claimed, the claim dismissed in the same sentence
        ("The group said it now controls the provinces of Takhar and Baghlan, a claim that "
         "officials in Kabul have rejected.", "2021-08-08", "Baghlan", "province", "contested"),
        ("The Taliban said they now control the provinces of Takhar and Baghlan.", "2021-08-08",
         "Takhar", "province", "taliban"),
        # most of a city retaken while the clashes go on; fighting elsewhere leaves it
        ("Troops have recaptured most of Kunduz, though fighting continued into a third day.",
         "2016-10-05", "Kunduz", "capital", "contested"),
        ("Troops recaptured Kunduz on Tuesday as fighting continued in Baghlan.", "2016-10-05",
         "Kunduz", "capital", "government"),
        # an apposition that calls the names provinces
        ("The army is battling the insurgents in Zabul and Uruzgan, the two southern provinces "
         "on the road to Kandahar.", "2021-08-05", "Zabul", "province", "contested"),
        # a facility in the next clause does not make the capture partial
        ("Sheberghan was already among the cities seized; with the airport gone, the army has "
         "nothing left in the north.", "2021-08-11", "Sheberghan", "capital", "taliban"),
        # parts of the country taken, the cities named among them whole
        ("The insurgents have overrun large parts of the country, including Herat and Zaranj.",
         "2021-08-14", "Zaranj", "capital", "taliban"),
        ("The insurgents have overrun large parts of Herat, including its airport.",
         "2021-08-14", "Herat", "capital", "contested"),
        # a road or an airport named after the city taken belongs to another clause
        ("The insurgents overran Pul-e Khumri on Tuesday, cutting the main highway north of "
         "Kabul.", "2021-08-11", "Pul-e Khumri", "capital", "taliban"),
        ("The insurgents overran Maimana, a city on the road to Herat, on Saturday.",
         "2021-08-15", "Maymana", "capital", "taliban"),
        ("The insurgents overran the airport of Maimana on Saturday.", "2021-08-15", "Maymana",
         "capital", "contested"),
        # an apposition calling a name "another province"
        ("The governor of Farah, another province on the Iranian border, blamed Tehran.",
         "2021-06-01", "Farah", "province", "reported"),
        # "the whole of" a place is the place
        ("An MP said the insurgents took the whole of Paktia on Saturday.", "2021-08-14", "Paktia",
         "province", "taliban"),
        # after 2021, in a story of the armed resistance, its attacks are that fight
        ("Fighters of the National Resistance Front said they had struck Taliban posts.\n\n"
         "Attacks were also reported in the provinces of Baghlan and Takhar.", "2022-05-10",
         "Takhar", "province", "contested"),
    ],
)
def test_classes_read_from_held_out_16(
    text: str, date: str, place: str, kind: str, status: str
) -> None:
    """Held-out 16's misses, each as a class in sentences of our own: dated factbox lines under a
    heading, "closer to" as a locator, what is "left" in a side's hands, a person leaving a city,
    a relative clause's antecedent, "the provincial capital" after its province, a base on a
    city's edge, an attack's casualties, earlier undated occasions, "X's <Name> district", a
    denial of "neither", control of "the provinces of", partial recaptures while fighting goes
    on, an apposition of provinces, and the resistance's attacks after 2021."""
    assert kinds_of(text, date)[(place, kind)] == status


@pytest.mark.parametrize(
    ("text", "date", "place", "kind", "status"),
    [
        # "before" and "in the past" that do not make an earlier occasion of the claim
        ("The Taliban captured Zaranj on Friday, a city they had never held before.",
         "2021-08-14", "Zaranj", "capital", "taliban"),
        ("Heavy fighting raged in Lashkar Gah, where residents said they had never seen such "
         "violence before.", "2021-08-10", "Lashkar Gah", "capital", "contested"),
        ("Nothing like this has happened before, residents said, as the Taliban overran "
         "Sheberghan.", "2021-08-14", "Sheberghan", "capital", "taliban"),
        ("The insurgents seized Ghazni, a city that has changed hands in the past.",
         "2021-08-12", "Ghazni", "capital", "taliban"),
        # a denial in the next sentence only when it speaks of the places, not of an airport
        ("A Taliban spokesman said the fighters had captured Kandahar on Friday. Officials said "
         "the airport had not been taken.", "2021-08-14", "Kandahar", "capital", "taliban"),
        ("Residents said the Taliban had seized Kunduz on Sunday. The army said it had not lost "
         "any heavy weapons in the fighting.", "2021-08-09", "Kunduz", "capital", "taliban"),
        # a pronoun that is a speaker or an object is no person leaving the city
        ("He said troops abandoned Farah.", "2021-08-10", "Farah", "capital", "taliban"),
        ("Militia fighters loyal to him abandoned Sheberghan on Friday, officials said.",
         "2021-08-13", "Sheberghan", "capital", "taliban"),
        # fighting that goes on elsewhere leaves a retake whole
        ("Afghan forces retook Kunduz on Tuesday as fighting continued elsewhere in the north.",
         "2016-10-05", "Kunduz", "capital", "government"),
        ("Commandos pushed the Taliban out of Lashkar Gah's center, while clashes continued in "
         "neighbouring Kandahar province.", "2021-08-04", "Lashkar Gah", "capital", "government"),
        # a place that is neared still says its own state in the "where" clause it heads
        ("The Taliban have fought their way closer to Lashkar Gah, where fierce clashes raged "
         "overnight.", "2021-08-10", "Lashkar Gah", "capital", "contested"),
        ("Thousands fled to Kabul, where they told reporters that fighting raged in Kunduz.",
         "2021-08-10", "Kabul", "capital", "reported"),
        # an apposition that relates a city to provinces does not make it one
        ("The Taliban captured Kunduz, the gateway to the northern provinces, on Sunday.",
         "2021-08-09", "Kunduz", "capital", "taliban"),
        # Kabul's districts are the city's
        ("Taliban fighters took up positions in Kabul's Wazir Akbar Khan district on Sunday.",
         "2021-08-15", "Kabul", "capital", "reported"),
        # a denial by "an assertion" or "a statement dismissed by"
        ("The Taliban said they controlled Takhar and Baghlan, an assertion that officials in "
         "Kabul rejected.", "2021-08-08", "Takhar", "province", "contested"),
        ("The Taliban said they had captured Sar-e Pol, a statement dismissed by the provincial "
         "governor.", "2021-08-08", "Sar-e Pol", "capital", "contested"),
        # factbox dates written day first, or after a weekday
        ("Cities taken by the insurgents\n\n10 August - Pul-e Khumri: A trading hub on the main "
         "northern road.", "2021-08-11", "Pul-e Khumri", "capital", "taliban"),
        ("Cities taken by the insurgents\n\nTuesday, Aug. 10 - Pul-e Khumri: A trading hub on "
         "the main northern road.", "2021-08-11", "Pul-e Khumri", "capital", "taliban"),
        # a story that only blames the resistance is no resistance story
        ("An attack on a Taliban convoy in Kabul on Monday killed three fighters, officials said. "
         "The Taliban have blamed the National Resistance Front for similar incidents.",
         "2022-06-07", "Kabul", "capital", "reported"),
    ],
)
def test_misreadings_the_held_out_16_rules_caused(
    text: str, date: str, place: str, kind: str, status: str
) -> None:
    """Sentences a reviewer of the rules read from held-out 16 wrote to break them: "before"
    after the claim or after "never", a denial of an airport, a pronoun that speaks or is an
    object, fighting elsewhere, a neared place's "where" clause, a city related to provinces,
    Kabul's own districts, and the near-misses of the denial and factbox rules."""
    assert kinds_of(text, date)[(place, kind)] == status


@pytest.mark.parametrize(
    ("text", "date", "place", "kind", "status"),
    [
        # a "they" in the next sentence continues the sentence's subject, not its last force
        ("The insurgents have overrun much of the south in an offensive that comes weeks before "
         "the United States pulls out its last troops. Lashkar Gah fell to them on Friday.",
         "2021-08-14", "Lashkar Gah", "capital", "taliban"),
        # "KABUL:" opening the text after a caption line is a dateline
        ("Photo: Reuters.\n\nKABUL: The Taliban seized a second provincial capital on Saturday, "
         "officials said.", "2021-08-07", "Kabul", "capital", None),
        # people taken somewhere are not a place taken
        ("Dozens of the wounded were taken by helicopter to the military hospital in Kandahar.",
         "2021-08-02", "Kandahar", "capital", "reported"),
        # a city "eyed" after a fall is only threatened
        ("Insurgents seize seventh provincial capital, eye Kunduz", "2021-08-08", "Kunduz",
         "capital", "reported"),
        # "cleared" said by a Taliban spokesman is theirs; "cleared of the Taliban" is their enemy's
        ('A Taliban spokesman said every government building in Farah had been "cleared".',
         "2021-08-10", "Farah", "capital", "taliban"),
        ("Officials said parts of Ghazni had been cleared of Taliban fighters by Sunday.",
         "2018-08-13", "Ghazni", "capital", "government"),
        # an aim of taking a city is no capture
        ("A council member said the fighters had set out with the goal of taking Maimana by "
         "nightfall.", "2021-08-02", "Maymana", "capital", "reported"),
        # a denial of "the Taliban's claim" disputes what they claimed before it
        ("Taliban fighters raised their flag over the governor's office in Bazarak on Monday.\n\n"
         "But a resistance spokesman said the Taliban's claim of victory was false.",
         "2021-09-06", "Bazarak", "capital", "contested"),
        # an office names its place
        ("Abdullah Hasrat, spokesman for Paktia province, said 39 people had been killed.",
         "2018-08-03", "Paktia", "province", "reported"),
        # "the last city outside Kabul" only locates Kabul
        ("The fall of Jalalabad, the last big city outside Kabul still in government hands, cut "
         "the road to Pakistan.", "2021-08-15", "Kabul", "capital", "reported"),
        # a stronghold named after "of" holds even as a destination
        ("The Taliban retreated to their spiritual headquarters of Kandahar.", "2001-11-13",
         "Kandahar", "capital", "taliban"),
        # a 2001 spelling
        ("Tribal forces entered Helmond province on Friday.", "2001-12-07", "Helmand",
         "province", "contested"),
        # civilians hurrying to leave give nothing up
        ("Shelling hit Kunduz overnight, and civilians have been hurrying to leave the city.",
         "2021-08-07", "Kunduz", "capital", "contested"),
        # "in the north of" a province is inside it; "north of" a city is beside it
        ("Fighting broke out in Dangam district, in the north of Kunar, on Sunday.",
         "2021-08-09", "Kunar", "province", "contested"),
        ("Fighting broke out in Qarabagh, 40 km north of Kabul, on Sunday.", "2021-08-09",
         "Kabul", "capital", "reported"),
        # "cleared", in what a Taliban spokesman tweeted, is theirs
        ("Aibak has fallen, the deputy governor said, shortly after a Taliban spokesman tweeted "
         'that every building in the city had been "cleared".', "2021-08-09", "Aybak", "capital",
         "taliban"),
        # fighting on the edges of a city, its name in a factbox heading of its own
        ("Cities under attack\n\n- MAIMANA. Heavy clashes raged on the outskirts of the capital of "
         "the northern province of Faryab.", "2021-08-10", "Faryab", "province", "contested"),
    ],
)
def test_classes_read_from_held_out_17(
    text: str, date: str, place: str, kind: str, status: str | None
) -> None:
    """Held-out 17's misses, each as a class in sentences of our own (None: no row at all)."""
    got = kinds_of(text, date)
    if status is None:
        assert (place, kind) not in got
    else:
        assert got[(place, kind)] == status


@pytest.mark.parametrize(
    ("text", "date", "place", "kind", "status"),
    [
        # a place excepted from a rout stays the Taliban's, and so does the next name of the list
        ("Alliance commanders said the Taliban had been routed everywhere in the west except "
         "Farah province, near Iran, and Ghor province.", "2001-11-14", "Ghor", "province",
         "taliban"),
        # "near the Pakistani border" locates a city; it makes no border clash of its capture
        ("Alliance fighters took Jalalabad on Wednesday, officials said, and pushed on toward "
         "Torkham, near the Pakistani border.", "2001-11-14", "Jalalabad", "capital",
         "government"),
        # in 2001's wires "the militia" is the Taliban
        ("On Sunday the militia abandoned Ghazni, residents said.", "2001-11-18", "Ghazni",
         "capital", "government"),
        ("General Dostum, whose militia holds Sheberghan, warned of new fighting.", "2001-12-09",
         "Sheberghan", "capital", "government"),
        # "said they had taken": the speakers, not the force named in a relative clause
        ("Fighters loyal to tribal chief Gul Agha, who fought the Taliban in the 1990s, said they "
         "had taken control of Lashkar Gah.", "2001-12-09", "Lashkar Gah", "capital",
         "government"),
        # a city abandoned "and" fled along a highway: the highway is no facility of the city
        ("In Kunduz, government troops abandoned the city and fled along the highway north.",
         "2021-08-08", "Kunduz", "capital", "taliban"),
        # "their first provincial capital, Zaranj": the apposition is what they took
        ("The insurgents took their first provincial capital, Zaranj, on Friday.", "2021-08-07",
         "Zaranj", "capital", "taliban"),
        # a question tells nothing
        ('"Who are they handing Kunduz to?" a resident asked.', "2021-08-08", "Kunduz",
         "capital", "reported"),
        # an attack on a person's house in a city is violence
        ("Gunmen attacked the Herat residence of a provincial official on Monday.", "2021-08-06",
         "Herat", "capital", "reported"),
        # a city's streets patrolled by a side: it holds the city
        ("Taliban fighters patrol the streets of Ghazni on Saturday.", "2021-08-14", "Ghazni",
         "capital", "taliban"),
    ],
)
def test_classes_read_from_held_out_18(
    text: str, date: str, place: str, kind: str, status: str
) -> None:
    """Held-out 18's misses, each as a class in sentences of our own."""
    assert kinds_of(text, date)[(place, kind)] == status


def test_a_timeline_s_date_headings_date_the_paragraphs_below_them() -> None:
    """"Aug. 12:" on a line of its own heads the timeline's paragraphs to the next such line."""
    text = ("The following is a chronology of recent days:\n\nAug. 12:\n\n-- The insurgents "
            "overran Ghazni, officials said.\n\nAug. 10:\n\n-- The militants took control of "
            "Farah city after days of fighting.\n")
    claims = extract_claims(Article("x", dt.date(2021, 8, 14), "", text))
    days = {c.place: c.event_date for c in claims if c.status.value == "taliban"}
    assert days == {"Ghazni": dt.date(2021, 8, 12), "Farah": dt.date(2021, 8, 10)}


@pytest.mark.parametrize(
    ("text", "date", "place", "kind", "status"),
    [
        # "the provincial capital" after a province is its capital, never the national one
        ("The Taliban claimed victory in Nuristan, weeks after seizing Kabul. The fighters have "
         "taken over the provincial capital, officials said.", "2021-09-06", "Parun", "capital",
         "taliban"),
        # "under threat" is only a threat
        ("Maimana has been under threat from the insurgents for months.", "2021-06-01",
         "Maymana", "capital", "reported"),
        # a commander riding into a city takes it
        ("The opposition commander rode into Herat with 4,000 fighters on Monday.", "2001-11-13",
         "Herat", "capital", "government"),
        # "the Taliban's political and spiritual base" holds; "their base at" a city does not
        ("Zabul lies next to Kandahar, the Taliban's political and spiritual base.", "2001-11-23",
         "Kandahar", "capital", "taliban"),
        ("German troops flew home this week from their base at Mazar-i-Sharif.", "2021-07-02",
         "Mazar-i-Sharif", "capital", "reported"),
        # a deal to surrender a city is not its surrender
        ("The Taliban remained dug in near Kunduz despite a deal to surrender the city.",
         "2001-11-23", "Kunduz", "capital", "reported"),
        # a leader leaving a city gives nothing up
        ('"We have no reason to believe Mullah Omar has left Kandahar," the general said.',
         "2001-12-07", "Kandahar", "capital", "reported"),
        # a relative clause "which ... took on Friday" takes the place
        ("In Taloqan, which alliance fighters took on Sunday, residents said the town was calm.",
         "2001-11-12", "Taloqan", "capital", "government"),
        # "X province toppled" fell; a statue toppled in a city did not
        ("Logar province toppled, officials said.", "2021-08-14", "Logar", "province", "taliban"),
        ("Protesters toppled a statue in Kabul.", "2021-08-14", "Kabul", "capital", "reported"),
    ],
)
def test_classes_read_from_held_out_19(
    text: str, date: str, place: str, kind: str, status: str
) -> None:
    """Held-out 19's misses, each as a class in sentences of our own."""
    assert kinds_of(text, date)[(place, kind)] == status


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # "fell to them": to the attackers, whichever side the sentence before named first or last
        ("Afghan forces fought the Taliban for three weeks in the south. On Friday Lashkar Gah "
         "fell to them.", "2021-08-13", "Lashkar Gah", "taliban"),
        ("The Taliban have besieged government troops in Lashkar Gah for weeks. On Friday the city "
         "fell to them.", "2021-08-13", "Lashkar Gah", "taliban"),
        # a "they" after a passive or a flight is still the force that acts next
        ("Afghan troops were pushed back by Taliban fighters in Helmand on Sunday. They captured "
         "Lashkar Gah on Monday.", "2021-08-10", "Lashkar Gah", "taliban"),
        # a denial of a claim that is not about territory disputes no capture
        ("The Taliban captured Kunduz on Sunday. But the Defence Ministry said Taliban claims that "
         "hundreds of soldiers had deserted were false.", "2021-08-09", "Kunduz", "taliban"),
        # "said they had taken": the one who said it, within its own clause
        ("Government forces pulled back from Sar-e Pol on Sunday, and a Taliban spokesman said "
         "they had taken the city.", "2021-08-09", "Sar-e Pol", "taliban"),
        ("Taliban fighters encircled Taloqan overnight; Afghan army officers said on Thursday they "
         "had retaken the city.", "2021-07-30", "Taloqan", "government"),
        # 2001's anti-Taliban militias are no Taliban
        ("General Abdul Rashid Dostum's militia seized Sheberghan on Saturday after Taliban "
         "defenders fled.", "2001-11-10", "Sheberghan", "government"),
        # a place of a clause of its own after an excepted list
        ("Government forces have lost every provincial capital in the north except "
         "Mazar-i-Sharif, and Sheberghan was overrun on Saturday.", "2021-08-08", "Sheberghan",
         "taliban"),
        ("Except for Kabul and Mazar-i-Sharif, every major city has fallen, and Jalalabad was the "
         "last to go on Sunday.", "2021-08-15", "Jalalabad", "taliban"),
        # an office names its place; the sentence's news is another place's
        ("Munir Farhad, a spokesman for Balkh province, said the Taliban had overrun Sheberghan.",
         "2021-08-07", "Balkh", "reported"),
        # a question's own words tell nothing, its subordinate clauses still do
        ("After Kunduz fell to the Taliban on Sunday, who will defend Mazar-i-Sharif?",
         "2021-08-09", "Mazar-i-Sharif", "reported"),
        ('"How can we hold Kandahar when Lashkar Gah and Herat have already fallen?" a police '
         "officer asked.", "2021-08-13", "Herat", "taliban"),
        # "toppled" only of a place that itself toppled
        ("A statue of the Hazara leader Abdul Ali Mazari in Bamyan was toppled on Tuesday.",
         "2021-08-18", "Bamyan", "reported"),
        # "the provincial capital" after a province named in passing is not its capital
        ("Taliban fighters entered Pul-e Khumri on Tuesday. Thousands of residents fled toward "
         "Parwan province as the provincial capital emptied.", "2021-08-10", "Charikar", None),
        # a patrol told of the 1990s; people and speakers before "taken"; "loyal to Mullah Omar"
        ("In the late 1990s, the Taliban's religious police patrolled the streets of Kabul.",
         "2021-08-20", "Kabul", "reported"),
        ("Residents say Kunduz was taken without a fight.", "2021-08-09", "Kunduz", "taliban"),
        ("Taliban fighters loyal to Mullah Omar abandoned Kandahar on Friday.", "2001-12-07",
         "Kandahar", "government"),
        # a president riding into a city takes nothing
        ("President Ashraf Ghani rode into Mazar-i-Sharif on Wednesday to rally the city's "
         "defenders.", "2021-08-11", "Mazar-i-Sharif", "reported"),
    ],
)
def test_misreadings_the_held_out_17_to_19_rules_caused(
    text: str, date: str, place: str, status: str | None
) -> None:
    """Sentences a reviewer of the rules read from held-out 17 to 19 wrote to break them (None:
    no row at all)."""
    got = states_of(text, date)
    if status is None:
        assert place not in got
    else:
        assert got[place].status.value == status


def test_a_date_heading_s_section_ends_at_the_next_heading() -> None:
    """A timeline's "Aug. 8" dates its own section, not a closing section under another heading;
    capitalised headings ("THURSDAY, AUG. 12") count."""
    text = ("A look at the sweep:\n\nTHURSDAY, AUG. 12\nThe Taliban capture Ghazni.\n\n"
            "WHAT COMES NEXT\nGovernment forces still hold Mazar-i-Sharif.\n")
    claims = {c.place: c for c in extract_claims(Article("x", dt.date(2021, 8, 14), "", text))}
    assert claims["Ghazni"].event_date == dt.date(2021, 8, 12)
    assert claims["Mazar-i-Sharif"].event_date == dt.date(2021, 8, 14)


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # a rocket attack in its own clause is violence, whatever fighting another clause tells
        ("Families fled fighting in Kunduz on Sunday, as police arrested two men over this week's "
         "rocket attack on Kabul.", "2021-07-26", "Kabul", "reported"),
        # "abandoned the capital, Kabul,": the apposition names what was left
        ("They abandoned the capital, Kabul, on Nov. 13, officials said.", "2001-12-07", "Kabul",
         "government"),
        # an outcome whose own object is another place does not reach past a cue aimed at this one
        ("The capture of Zaranj, near the Iranian border, and their push into Farah alarmed "
         "officials.", "2021-08-07", "Farah", "contested"),
    ],
)
def test_classes_read_from_held_out_20(text: str, date: str, place: str, status: str) -> None:
    """Held-out 20's misses (read after its one blind score), as classes in sentences of our own."""
    assert states_of(text, date)[place].status.value == status


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # "the city" refers back to the place named before it in its sentence, not to one after
        ("Qalat, the capital of Zabul province, is under pressure from insurgents who have pushed "
         "into the villages that ring the city despite reinforcements sent from Kandahar.",
         "2019-05-02", "Kandahar", "reported"),
        # the place of a byline line ("date | place | agency") is no row; a bar of names is
        ("Taliban lose grip on two districts\n14 September, 2021 10:05 AM IST | Herat | Agencies"
         "\n\nFighting raged in Andarab on Friday.", "2021-09-14", "Herat", None),
        ("More on this site: Herat | Kandahar | Kabul\n\nFighting raged in Andarab on Friday.",
         "2021-09-14", "Kandahar", "reported"),
        # "is over": the fighting has ended
        ("The fighting in Ghazni is over, a police spokesman said.", "2018-08-16", "Ghazni",
         "reported"),
        # "leaves N dead": a toll, not a departure (also in a headline's capitals)
        ("Roadside Bomb Leaves At Least 9 Soldiers Dead In Khost", "2019-03-04", "Khost",
         "reported"),
        ("The Taliban left Kunduz on Tuesday after two weeks of fighting.", "2015-10-13",
         "Kunduz", "government"),
        # a request before "after ..." does not make what came before it a wish
        ("Officials asked for air support after insurgents besieged a police outpost in Ghor "
         "province.", "2016-10-20", "Ghor", "contested"),
        # an apposition with a relative clause still describes the place
        ("The former vice-president is staying in Panjshir province, the only part of the "
         "country that remains outside Taliban control.", "2021-08-20", "Panjshir", "government"),
        # a town, an airport, a fort or an unnamed capital near a city only locates it
        ("The Taliban captured a town near Kunduz on Monday.", "2021-06-22", "Kunduz", "reported"),
        ("Tribal fighters seized the airport outside Kandahar on Sunday.", "2001-12-03",
         "Kandahar", "reported"),
        ("Insurgents overran the provincial capital north of Kabul on Thursday.", "2021-08-12",
         "Kabul", "reported"),
        # "lost by the government": the loser is the agent
        ("Taliban fighters have overrun the capital of Afghanistan's northern Samangan province, "
         "the fifth provincial capital lost by the government in four days, officials said.",
         "2021-08-09", "Samangan", "taliban"),
        # a list of names, each placed in its province, under a heading that says what happened
        ("How the capitals fell:\n\n- August 6: Zaranj, the capital of the southwestern Nimroz "
         "province\n- August 9: Aybak, the capital of the northern Samangan province\n",
         "2021-08-13", "Aybak", "taliban"),
        # the seat of the province's government taken, also after other objects; a second
        # object after "and" is no clause of its own
        ("The Taliban captured the governor's office, the main prison and other key government "
         "buildings in Sar-e Pul.", "2021-08-08", "Sar-e Pol", "taliban"),
        ("The Taliban seized the governor's compound and the police headquarters in Sheberghan.",
         "2021-08-07", "Sheberghan", "taliban"),
        ("Taliban fighters were taking over government buildings one after another in Kunduz, a "
         "spokesman said.", "2019-08-31", "Kunduz", "contested"),
        ('Residents said the Taliban held Gardez. "They broke through the gates of the city and '
         'occupied the government buildings," one said. "The police compound is the only place '
         'they have not taken."', "2021-08-13", "Gardez", "taliban"),
        # a place handed over with what it is; a headline's "X to hand over Y" is the future
        ("Taliban commanders had handed Tarinkot, the provincial capital, to tribal elders on "
         "Friday.", "2001-12-08", "Tarinkot", "government"),
        ("Taliban leader to hand over Kandahar", "2001-12-06", "Kandahar", "reported"),
        ("Until the decision to give up Kandahar, the Taliban leader had told his fighters to "
         "resist.", "2001-12-07", "Kandahar", "government"),
        # weapons turned in; "reached Kabul" only receives
        ("Taliban fighters began turning in their weapons in Kunduz on Sunday.", "2001-11-25",
         "Kunduz", "government"),
        ("Families who fled the fighting and reached Kabul on Sunday said that most of Ghazni had "
         "fallen.", "2018-08-13", "Kabul", "reported"),
        # a second object with its verb left out, after a background "after"
        ("Its defenders fell back on Kunduz after the Taliban lost Mazar-i-Sharif to the alliance "
         "on November 9 and Taloqan two days later.", "2001-11-20", "Taloqan", "government"),
        # "the road south towards Kandahar", "southwest of Afghanistan's capital city Kabul" and
        # "In Kabul, a spokesman ... confirmed" only locate
        ("Convoys were seen on the road south towards Kandahar as the alliance took the capital.",
         "2001-11-13", "Kandahar", "reported"),
        ("Smoke rises after fighting in the city of Ghazni, southwest of Afghanistan's capital "
         "city Kabul.", "2021-08-11", "Kabul", "reported"),
        ("In Kabul, Interior Ministry spokesman Tariq Arian confirmed the attack on Lashkar Gah.",
         "2021-05-04", "Kabul", "reported"),
        # an attack on another place named as its object is not this place's
        ("The assault on Farah is the latest sign that the insurgents are now going after big "
         "towns such as Kunduz.", "2018-05-16", "Kunduz", "reported"),
        # under the Taliban's rule, farmers clashing with their police is unrest, not a battle;
        # the resistance's clashes are still a fight
        ("Farmers in Badakhshan province clashed with Taliban security forces on Sunday, police "
         "said.", "2024-05-13", "Badakhshan", "reported"),
        ("Resistance fighters clashed with the Taliban in Panjshir, killing 12 people.",
         "2024-05-13", "Panjshir", "contested"),
    ],
)
def test_classes_read_from_held_out_21_and_22(
    text: str, date: str, place: str, status: str | None
) -> None:
    """Held-out 21's and 22's misses (read after their one blind score), as classes in sentences
    of our own (None: no row at all)."""
    got = states_of(text, date)
    if status is None:
        assert place not in got
    else:
        assert got[place].status.value == status


def test_a_decade_dates_what_happened_then() -> None:
    """'the early 1990s, when rival militias shelled Kabul': an old event, dated in that decade."""
    text = ("Diplomats feared a return to the chaos of the mid-1990s, when rival factions rocketed "
            "Kabul.")
    claims = extract_claims(Article("x", dt.date(2001, 11, 15), "", text))
    assert [c.event_date for c in claims if c.place == "Kabul"] == [dt.date(1996, 12, 31)]


def test_what_the_attackers_have_not_taken_disputes_nothing() -> None:
    """"the only place they have not taken" (active, the attackers as subject) is no denial;
    "the city had not been taken" is."""
    from geo.status import _not_taken

    active = "The police compound is the only place they have not taken."
    denial = "The ministry said the city had not been taken."
    assert not _not_taken(active, 0, len(active))
    assert _not_taken(denial, 0, len(denial))


def test_the_other_side_s_fight_disputes_a_capture_only_the_taliban_claim() -> None:
    """"The Taliban said they had captured Maimana. A government spokesman said fighting was
    continuing in Maimana.": the capture is the Taliban's word against the government's."""
    text = ("The Taliban said they had captured Maimana on Monday. A government spokesman said "
            "fighting was continuing in Maimana.")
    assert states_of(text, "2016-10-03")["Maymana"].status.value == "contested"
    fact = "The Taliban captured Maimana on Monday. Police said fighting was continuing in Maimana."
    assert states_of(fact, "2016-10-03")["Maymana"].status.value == "taliban"


def test_according_to_names_the_source_not_what_it_said() -> None:
    from geo.status import attribution

    text = "According to reports, the militants swept into Kunduz from three sides."
    attr = attribution(text, 0, len(text))
    assert attr is not None
    assert attr.claimant == "reports"


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # a decade as an adjective, or "since the 1990s", dates nothing
        ("Massoud's fighters still hold Panjshir, the valley that was the heart of the 1990s "
         "resistance.", "2021-08-20", "Panjshir", "government"),
        # "the provincial capital southwest of Kabul" can still be the city named before
        ("Insurgents entered Ghazni on Tuesday. By Thursday they controlled the provincial capital "
         "southwest of Kabul.", "2021-08-12", "Ghazni", "taliban"),
        # a future after "after" is still the future
        ("Analysts say the insurgents will march on Kabul after they capture Kandahar.",
         "2021-07-20", "Kandahar", "reported"),
        # a house near the governor's office is not the seat of government
        ("Taliban fighters seized a house near the governor's office in Ghazni.", "2021-08-08",
         "Ghazni", "contested"),
        # a new subject after "and", its verb left out, is not the first clause's object
        ("The Taliban captured Zaranj on Friday and government commandos Sheberghan.",
         "2021-08-08", "Sheberghan", "reported"),
        # a table's row with a date is no byline
        ("Date | City | Status\nAug. 13, 2021 | Kandahar | Captured by the Taliban\n",
         "2021-08-14", "Kandahar", "taliban"),
        # an offensive or a fight that reached a city is at it
        ("The Taliban offensive reached Kandahar on Monday, with clashes on the outskirts.",
         "2021-08-02", "Kandahar", "contested"),
        # a fight "over" its cause has not ended
        ("Fighting in Kunduz was over control of a key checkpoint.", "2019-08-31", "Kunduz",
         "contested"),
        # a person handed over, not the city
        ("The Taliban handed Mullah Naqib, a former mujahideen commander, to Kandahar's tribal "
         "elders.", "2001-12-07", "Kandahar", "reported"),
        # weapons handed in under a disarmament programme: no place changed hands
        ("Some 500 militiamen in Kunduz handed in their weapons on Sunday under a U.N.-backed "
         "disarmament programme.", "2004-06-10", "Kunduz", "reported"),
    ],
)
def test_misreadings_the_held_out_21_and_22_rules_caused(
    text: str, date: str, place: str, status: str
) -> None:
    """Sentences a reviewer of the rules read from held-out 21 and 22 wrote to break them."""
    assert states_of(text, date)[place].status.value == status


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # where fighters came from ("who had fled X") is no departure this story tells
        ("Alliance commanders said thousands of Taliban fighters who had fled Taloqan were massing "
         "in Kunduz.", "2001-11-12", "Taloqan", "reported"),
        ("The Taliban fled Kandahar on Friday as tribal forces moved in.", "2001-12-08",
         "Kandahar", "government"),
        # an advance halted outside a city only locates it; fighters dug in at its edge press it
        ("Opposition takes Herat, pauses outside Kabul", "2001-11-12", "Kabul", "reported"),
        ("Insurgents remain dug in on the outskirts of the provincial capital, Lashkar Gah, after "
         "an offensive in October brought them within a few miles of it.", "2015-12-25",
         "Lashkar Gah", "contested"),
        # "left holding only": what the side still holds
        ("With Kunduz now captured, the militia is left holding only southern cities such as "
         "Kandahar.", "2001-11-26", "Kandahar", "taliban"),
    ],
)
def test_classes_read_from_the_2001_misses_of_the_read_sets(
    text: str, date: str, place: str, status: str
) -> None:
    """2001 wording the read sets still misread at the end of the session that read held-out 21
    and 22 (2001 was the weakest period of both sets scored blind then), in sentences of our own."""
    assert states_of(text, date)[place].status.value == status


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # a travel verb with a particle before "from" is a journey, not an expulsion
        ("Our correspondent drove up from Kabul on a road that changed hands only last week.",
         "2001-11-20", "Kabul", "reported"),
        ("Taliban fighters pushing down from Jabal Saraj in neighbouring Parwan have shelled the "
         "valley for days.", "2021-09-04", "Parwan", "reported"),
        ("Police pushed the insurgents out from Gardez on Sunday.", "2018-06-11", "Gardez",
         "government"),
        # "the group", "the movement": the side named before, as the recipient of a handover too
        ("The Taliban swept through the east. Elders handed Asadabad over to the group, and army "
         "units left without a fight.", "2021-08-14", "Asadabad", "taliban"),
        ("The Taliban advanced on Friday. The movement now holds the cities of Qalat and Ghazni.",
         "2021-08-13", "Qalat", "taliban"),
        ("Taliban commanders in Taloqan handed the town over to them on Sunday.", "2001-11-12",
         "Taloqan", "government"),
        # places that only locate: roads, flights, a headquarters, people sheltering
        ("Troops reopened a road running north toward Kabul on Monday, officials said.",
         "2015-10-13", "Kabul", "reported"),
        ("The insurgents control the highway that leads from Ghazni to Paktika.", "2018-12-20",
         "Paktika", "reported"),
        ("The fall of Pul-e Alam brings the Taliban closer than they have ever been to the "
         "capital, Kabul.", "2021-08-14", "Kabul", "reported"),
        ("Displaced families shelter at a bus station in Mehtarlam after a week of clashes.",
         "2021-08-01", "Mehtarlam", "reported"),
        ("Residents fled the fighting, some on flights to Kabul.", "2021-07-20", "Kabul",
         "reported"),
        ("The general directed the offensive from his headquarters in Taloqan.", "2001-11-25",
         "Taloqan", "reported"),
        # what a side is left holding
        ("The fall of Taloqan leaves the militia holding little more than Kunduz and the south.",
         "2001-11-12", "Kunduz", "taliban"),
        ("The loss of Herat leaves the Taliban holding only the southern city of Kandahar.",
         "2001-11-13", "Kandahar", "taliban"),
        # a repulse of an attempt: the repulse decides, not the attempt it names
        ("Police foiled an attempt to capture Ghazni late on Monday.", "2015-10-13", "Ghazni",
         "government"),
        ("Soldiers fought off a Taliban bid to overrun Maimana, officials said.", "2015-10-13",
         "Maymana", "government"),
        ("Troops repelled one assault, but the insurgents renewed their push to capture Maimana.",
         "2015-10-13", "Maymana", "contested"),
        # a purpose is an attempt; a success is an outcome
        ("Government forces began moving to win back Lashkar Gah on Monday.", "2020-10-12",
         "Lashkar Gah", "contested"),
        ("Troops managed to win back Lashkar Gah on Monday.", "2020-10-12", "Lashkar Gah",
         "government"),
        ("Forces in Helmand began moving on Monday to regain ground lost in the spring.",
         "2020-10-12", "Helmand", "contested"),
        # a dispute by verb, and rival accounts of who holds the place
        ("The resistance disputes that Panjshir has fallen.", "2021-09-10", "Panjshir",
         "contested"),
        ("Accounts of how much of Ghazni the insurgents hold have been contradictory.",
         "2018-08-13", "Ghazni", "contested"),
        # posts or defences around a city fell, not the city
        ("Insurgents attacked Tarin Kot. Every checkpoint around the city had fallen by dawn.",
         "2016-09-08", "Tarinkot", "contested"),
        # a speaker's description of the attack does not make the speaker the one who failed
        ("US commanders described the raid as a failed attempt to seize Ghazni.", "2018-08-13",
         "Ghazni", "government"),
        # an official's journey is not the side's loss
        ("Gov. Abdul Basir left the city after the assault began on Farah.", "2018-05-15",
         "Farah", "contested"),
        ("The governor and his forces fled Farah on Tuesday.", "2018-05-15", "Farah", "taliban"),
        # "the only cities it holds, besides X" includes X
        ("The only cities the government still holds, besides Kabul, are Jalalabad and Herat.",
         "2021-08-13", "Kabul", "government"),
        # capitals named in apposition to a count or a province
        ("The Taliban took two more provincial capitals, Tirin Kot and Firoz Koh.", "2021-08-14",
         "Tarinkot", "taliban"),
        ("They also captured Qalat and the capital of Badghis, Qala-e-Naw.", "2021-08-13",
         "Qala-i-Naw", "taliban"),
        # a capital's name that locates another place
        ("Insurgents captured a border town called Wesh in Kandahar on Wednesday.", "2021-07-14",
         "Kandahar", "reported"),
        # the era's factions; a search for the last fighters; a hold that lasted, then ended
        ("Hazara fighters of the Hezb-i-Wahdat faction took Bamiyan on Sunday.", "2001-11-12",
         "Bamyan", "government"),
        ("Soldiers were combing Kunduz house to house for the remaining Taliban gunmen.",
         "2015-10-02", "Kunduz", "government"),
        ("Kunduz held out for another week.", "2001-12-01", "Kunduz", "reported"),
        # a regime fell, not a place; a capture told as history
        ("Between the fall of the previous government and the new administration, Bamyan "
         "Province saw offices looted.", "2022-08-15", "Bamyan", "reported"),
        ("The insurgents attacked Kunduz, which they have occupied twice in recent years.",
         "2019-08-31", "Kunduz", "contested"),
        # "then" starts a verb of its own
        ("The Taliban entered Pul-e Alam, capital of Logar, then seized Chaghcharan.",
         "2021-08-13", "Pul-e Alam", "contested"),
        # the countryside held, districts taken: the province fought over
        ("The Taliban still hold much of the countryside in Kunduz Province.", "2016-02-07",
         "Kunduz", "contested"),
        ("The militants have taken a number of districts in Takhar province.", "2016-08-22",
         "Takhar", "contested"),
        # a gunbattle is a fight; "besides" adds, it does not except
        ("The airstrikes followed a gunbattle on Monday in and around Lashkar Gah.", "2020-10-12",
         "Lashkar Gah", "contested"),
        ("Besides Lashkar Gah, the cities of Herat and Kandahar have come under attack.",
         "2021-08-03", "Lashkar Gah", "contested"),
    ],
)

def test_classes_read_from_held_out_23_to_25(text: str, date: str, place: str, status: str) -> None:
    """Wording held-out 23 and 24 (scored blind at the end of the session before) and held-out 25
    (scored blind with the code this session started from) misread, in sentences of our own."""
    assert states_of(text, date)[place].status.value == status


def test_that_night_is_the_day_of_the_sentence_before() -> None:
    """"Alliance troops entered the city that night": the day the sentence before told."""
    claims = extract_claims(Article("x", dt.date(2001, 12, 10), "", (
        "On November 11th the Taliban pulled out of Taloqan. Alliance troops entered the city that "
        "night.")))
    entered = [c for c in claims if c.cues == "entered"]
    assert [c.event_date for c in entered] == [dt.date(2001, 11, 11)]


def test_a_date_right_before_a_purpose_is_the_purpose_s() -> None:
    """"launched a massive offensive on Monday to overrun Ghazni city": Monday, not the day the
    speaker spoke."""
    claims = extract_claims(Article("x", dt.date(2015, 10, 13), "", (
        "A deputy governor told reporters on Tuesday that insurgents launched a massive offensive "
        "on Monday to overrun Ghazni city.")))
    assert [c.event_date for c in claims if c.place == "Ghazni"] == [dt.date(2015, 10, 12)]


def test_the_capitals_of_a_list_of_provinces() -> None:
    """"the provincial capitals of Kandahar, Helmand and Zabul": the provinces, named to locate
    their capitals, and the capitals meant; a capital located in its province stays the city."""
    states = {(s.place, s.kind.value): s.status.value for s in place_states(extract_claims(Article(
        "x", dt.date(2021, 8, 14), "",
        "The day before, the Taliban captured the provincial capitals of Kandahar, Helmand and "
        "Zabul.",
    )))}
    assert states[("Kandahar", "province")] == "taliban"
    assert states[("Kandahar", "capital")] == "taliban"
    assert states[("Lashkar Gah", "capital")] == "taliban"
    assert states[("Zabul", "province")] == "taliban"
    located = {(s.place, s.kind.value) for s in place_states(extract_claims(Article(
        "x", dt.date(2021, 8, 3), "",
        "The provincial capitals of Herat, in western Herat province, and Kandahar, in southern "
        "Kandahar province, have come under attack.",
    )))}
    assert ("Herat", "capital") in located
    assert ("Kandahar", "capital") in located


@pytest.mark.parametrize(
    ("text", "date", "place", "status"),
    [
        # a count after "took" is a capture only of places, not of hours, officials or seats
        ("The Taliban took a city official hostage in Ghazni on Monday, police said.",
         "2018-06-12", "Ghazni", "reported"),
        ("The convoy took two hours to reach the city of Pul-e Alam from Kabul.", "2019-05-10",
         "Pul-e Alam", "reported"),
        ("Insurgents took a number of district officials hostage in Takhar province.",
         "2016-08-22", "Takhar", "reported"),
        ("Ghani won four provinces in the south, including Kandahar and Helmand, preliminary "
         "results showed.", "2019-12-23", "Kandahar", "reported"),
        # a search of a building for its attackers is no sweep of the city
        ("Security forces were searching the Intercontinental Hotel in Kabul for the last gunmen "
         "on Sunday.", "2018-01-21", "Kabul", "reported"),
        # a journey is no expulsion, whatever adverb follows the verb
        ("Our reporter drove for six hours from Kabul to reach Ghazni.", "2018-08-15", "Kabul",
         "reported"),
        ("The family drove straight from Kunduz to the border.", "2021-08-09", "Kunduz",
         "reported"),
        ("Troops drove the insurgents down from the heights above Ghazni on Sunday.",
         "2018-08-13", "Ghazni", "government"),
        # a perfect "has held out" still holds; "held ... until" is a hold that ended
        ("The Taliban held the southern city of Kandahar until December 2001, when the militia "
         "surrendered it.", "2001-12-10", "Kandahar", "government"),
        # a dispute that is negated, or is about a toll, disputes no capture
        ("No one disputes that Kunduz has fallen to the Taliban, a Western diplomat said.",
         "2021-08-09", "Kunduz", "taliban"),
        ("The government disputed the Taliban's claim of casualties in Kunduz but confirmed the "
         "city had fallen.", "2021-08-09", "Kunduz", "taliban"),
        ("The Defence Ministry disputed reports of civilian deaths in Kunduz.", "2021-08-05",
         "Kunduz", "reported"),
        ("There were conflicting reports about who was behind the bombing in Kabul.",
         "2019-09-06", "Kabul", "reported"),
        # a shootout is as often a crime as a battle
        ("Police killed two robbers in a shootout in Mazar-i-Sharif on Tuesday.", "2019-07-10",
         "Mazar-i-Sharif", "reported"),
        # "the movement" is the side named before, as "the group" is
        ("The movement led by Ahmad Massoud still controls Panjshir, its spokesman said.",
         "2021-09-01", "Panjshir", "government"),
        ("Ahmad Massoud's National Resistance Front vowed to fight on. The movement says it still "
         "holds most of Panjshir.", "2021-09-05", "Panjshir", "government"),
        # "besides" excepts after "all" or "every"
        ("All of Afghanistan's major cities besides Kabul have now fallen to the Taliban.",
         "2021-08-14", "Kabul", "reported"),
        ("Every provincial capital in the north besides Mazar-i-Sharif had fallen by Friday.",
         "2021-08-13", "Mazar-i-Sharif", "reported"),
        # a newspaper's name is no post; the city that fell after its defences did
        ("The Washington Post reported that Kunduz had fallen to the Taliban on Sunday.",
         "2021-08-10", "Kunduz", "taliban"),
        ("The defences of Ghazni crumbled on Thursday and the city fell to the Taliban.",
         "2021-08-13", "Ghazni", "taliban"),
        # an expulsion from a headquarters; a located city whose own fall a relative clause tells
        ("The Taliban drove government forces from their headquarters in Kunduz on Sunday.",
         "2021-08-10", "Kunduz", "taliban"),
        ("Convoys were stranded on the highway that runs south from Kunduz, which fell to the "
         "Taliban on Sunday.", "2021-08-10", "Kunduz", "taliban"),
        # "previously held by" names the holder before the capture
        ("Taliban fighters reached Sheberghan on Sunday and seized the city previously held by "
         "Dostum's militia.", "2021-08-09", "Sheberghan", "taliban"),
        # "then captured it": the outcome of the siege, not another place's capture
        ("The Taliban besieged Ghazni for two days, then captured it on Friday.", "2021-08-13",
         "Ghazni", "taliban"),
        # the regime noun ends the phrase when a regime fell, not in "the government stronghold"
        ("The Taliban captured the government stronghold of Lashkar Gah on Friday.", "2021-08-14",
         "Lashkar Gah", "taliban"),
        ("Northern Alliance fighters captured the Taliban regime stronghold of Kunduz on Monday.",
         "2001-11-27", "Kunduz", "government"),
        ("Taliban fighters captured the government-held city of Ghazni on Thursday.",
         "2021-08-13", "Ghazni", "taliban"),
        # a governor's guards are a force of his
        ("The governor's bodyguards fled Farah on Tuesday as the Taliban closed in.", "2021-08-11",
         "Farah", "taliban"),
        # areas of a city are parts of it; a located apposition stays located
        ("Heavy fighting erupted in several areas in Lashkar Gah on Monday.", "2021-08-02",
         "Lashkar Gah", "contested"),
        ("Officials in the capital of Helmand, Lashkar Gah, said the Taliban had seized Gereshk.",
         "2021-08-04", "Lashkar Gah", "reported"),
    ],
)
def test_misreadings_the_held_out_23_to_25_rules_caused(
    text: str, date: str, place: str, status: str
) -> None:
    """Near misses of the rules for held-out 23 to 25 that a review found read wrongly (most of
    them read right before those rules)."""
    assert states_of(text, date)[place].status.value == status


def test_that_night_and_a_purpose_date_only_where_they_belong() -> None:
    """"that night" is the day before only in its own clause, not where the text says "now"; a
    date right before "to hand over" is the talks', not the handover's."""
    now = extract_claims(Article("x", dt.date(2021, 8, 10), "", (
        "Kunduz fell on Sunday. Residents who fled that night said the Taliban now hold Taloqan as "
        "well.")))
    assert {c.event_date for c in now if c.place == "Taloqan"} == {dt.date(2021, 8, 10)}
    talks = extract_claims(Article("x", dt.date(2021, 8, 12), "", (
        "Negotiations started on Sunday to hand over Ghazni to the Taliban.")))
    assert dt.date(2021, 8, 8) not in {c.event_date for c in talks if c.place == "Ghazni"}
