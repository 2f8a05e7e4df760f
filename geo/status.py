"""Mention context -> who did what to the place, its status, the deciding words, who says so; pure.

The vocabulary is data (``data/lexicon.toml``, read by :mod:`geo.lexicon`): each cue says what
happened to a place (its *effect*: taken, retaken, lost, held, attacked, a failed attack ...) and
where its actor is named. This module is the engine that applies it:

1. cues are found in a sentence and modified by their context (negation, modality, intention, a
   facility or district rather than the city, violence that is no fight for the place);
2. each cue's actor is read from the text (the subject, a "by"/"to" agent, the words themselves,
   a pronoun resolved to the actor named before) and given a side by the article's date (the
   Republic's forces until 15 Aug 2021; the Taliban's after; the Northern Alliance in 2001);
3. the status follows from effect and side: a capture by the Taliban is ``taliban``, one by
   anti-Taliban forces ``government``; the Taliban withdrawing is ``government``; a repelled
   attack is held by the defender; fighting is ``contested``; threats and violence ``reported``;
4. each place mention takes the nearest cue of its clause, unless the place only locates or
   receives ("150 km from Kabul", "fled to Herat"); a later clause's outcome beats an attempt;
   a province named to locate its capital takes the capital's claim; a capture claimed by one
   side and disputed by another in the same text is ``contested``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace

from geo.dates import DAY_LABEL
from geo.extraction import list_items
from geo.lexicon import CueEntry, EndingRegex, Lexicon, default_lexicon
from geo.text import NOT_A_NAME, WordScan, fold, fold_span
from geo.types import Actor, ControlStatus, EventType, Mention, Place, PlaceKind

T, C, G, R, D = "taliban", "contested", "government", "reported", "denial"
_STATUS = {
    T: ControlStatus.TALIBAN,
    C: ControlStatus.CONTESTED,
    G: ControlStatus.GOVERNMENT,
    R: ControlStatus.REPORTED,
    D: ControlStatus.CONTESTED,
}
WINDOW = 400
"""Characters either side of a mention within which a cue can decide its status."""
_LOCATE_GAP = 80
_CLAIMABLE_VIA = frozenset({"name", "anaphor", "same-name", "alias"})
_REPUBLIC_FELL = dt.date(2021, 8, 15)
_PANJSHIR_TAKEN = dt.date(2021, 9, 30)  # the last provincial capital taken (Bazarak, 6 Sep), with a margin
_MASS_ATTACK = re.compile(
    r"\b(?:deadliest|bloodiest|worst|most\s+(?:deadly|lethal|devastating))\s+(?:\w+\s+){0,2}?$",
    re.I,
)
_CASUALTIES_AFTER = re.compile(  # "the attack, which also wounded 42 people in Charikar"
    r"\s*(?:,\s*)?(?:which|that)?\s*(?:also\s+)?(?:killed|wounded|injured|claimed\s+the\s+lives)\b",
    re.I,
)
_PEOPLE_TAKEN = re.compile(
    r"\b(?:injured|wounded|bodies|dead|victims|patients|casualties|survivors|prisoners|detainees|"
    r"hostages|children|civilians|people|residents|families|women|men|students|journalists|"
    r"refugees|evacuees|passengers|captives)\s+"
    r"(?:(?!(?:say|says|said|reported|report|reports|told|claim|claimed|believe|fear)\b)(?-i:[a-z])[\w-]*\s+){0,4}?$",
    re.I,
)
_TALIBAN_SAYS = re.compile(  # "shortly after a Taliban spokesman tweeted that every building ..."
    r"\b(?:taliban|taleban)\s+(?:spokes\w+|statement|officials?|commanders?)\b[^.;]{0,40}?"
    r"\b(?:said|says|tweeted|claimed|claims|wrote|announced|posted)\b[^.;]{0,100}$",
    re.I,
)
_OF_THE_TALIBAN = re.compile(
    r"\s+(?:\w+\s+){0,2}?of\s+(?:the\s+)?(?:taliban|taleban|insurgents?|militants?|rebels?)\b", re.I
)
_GOAL_OF = re.compile(
    r"\b(?:goals?|aims?|intentions?|intent|objectives?|purpose|hopes?|plans?|bid|ambitions?|"
    r"dream|prospect)\s+of\s+(?:\w+\s+)?$",
    re.I,
)
_DECADES_AGO = re.compile(r"\b(?:19|20)\d0s\b|\bin\s+19\d\d\b|\b(?:under|during)\s+(?:their|its)\s+rule\b", re.I)
_SUBORDINATE = re.compile(
    r"\b(?:now\s+that|after|when|since|because|as|once|although|though|even\s+though|if)\b", re.I
)
_QUESTION = re.compile(r"\?[\s\"'\u201d\u2019]*$")
_PERSON_BUILDING = re.compile(
    r"\s+(?:the\s+)?(?-i:[A-Z])[\w-]+\s+(?:residence|home|house|guesthouse|office|offices)\s+of\b"
)
_PAST_CAPABLE = frozenset({"take", "fall", "retake", "lose", "expel", "fight", "repel", "fail"})
_BEFORE_NOW = re.compile(  # an earlier occasion with no date of its own
    r"(?<!\bday\s)(?<!\bdays\s)(?<!\bnight\s)(?<!\bweek\s)(?<!\bweeks\s)(?<!\bmonth\s)"
    r"(?<!\bmonths\s)(?<!\byear\s)(?<!\byears\s)(?<!\bhours\s)(?<!\bjust\s)(?<!\bshortly\s)"
    r"(?<!\blong\s)(?<!\bsoon\s)\bbefore(?=\s*(?:[,;]|\.(?:\s|$)|and\b|but\b))|"
    r"\b(?:had|has|have)\s+previously\b|"
    r"\bin\s+the\s+past\b(?!\s+(?:\w+\s+)?(?:hours|days|week|weeks|fortnight|month|months|year)\b)|"
    r"\bon\s+(?:several\s+|two\s+|three\s+|many\s+|numerous\s+)?(?:previous|earlier|past)\s+occasions\b",
    re.I,
)
_PERFECT = re.compile(  # "have attacked", not "a city that has changed hands", "had never held"
    r"(?<!\bthat\s)(?<!\bwhich\s)(?<!\bwho\s)\b(?:have|has|had|'ve)\s+(?!never\b|not\b|no\b)", re.I
)
_NOT_OR_RELATIVE = re.compile(r"\b(?:never|not|n't|that|which|who|such)\b", re.I)
_SEQUEL_CLAUSE = re.compile(r"[\s,;]*(?:but|yet|and)\s+(?:they|it|each\s+time|every\s+time)\b", re.I)


def _earlier_occasion(seg: str, lo: int, hi: int) -> bool:
    """The span tells of earlier occasions with no date of their own: a perfect tense with
    "before", "in the past" ("have attacked Lashkar Gah before"), "had previously", "on previous
    occasions"; not "a city they had never held before", nor anything dated or of today."""
    window = seg[lo:hi].lower()
    if "before" not in window and "previous" not in window and "past" not in window:
        return False  # (a cheap test first: the pattern's look-behinds are slow)
    m = _BEFORE_NOW.search(seg, lo, hi)
    if m is None or _NOW_WORDS.search(seg, lo, hi) or _DATED.search(seg, lo, hi):
        return False
    word = m.group().lower()
    if "occasions" in word or "previously" in word:
        return True
    perfect = next(reversed(list(_PERFECT.finditer(seg, lo, m.start()))), None)
    return perfect is not None and not _NOT_OR_RELATIVE.search(seg, perfect.end(), m.start())


_NOW_WORDS = re.compile(
    r"\b(?:today|tonight|now|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day|this\s+(?:week|"
    r"morning|evening|time|year)|last\s+(?:night|week)|overnight|latest|recent(?:ly)?|since|"
    r"(?:past|last)\s+(?:\w+\s+)?(?:hours|days|week|weeks|month|months))\b",
    re.I,
)
_DATED = re.compile(  # "... on Sept. 28, 2015": the occasion has its own date
    r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|(?:19|20)\d\d\b)", re.I
)
_FACILITY_AT_EDGE = re.compile(
    r"\b(?:base|airbase|airport|airfield|garrison|compound)\s+(?:just\s+)?(?:near|outside|close\s+to|"
    r"on\s+the\s+(?:edge|outskirts)\s+of)\s+$",
    re.I,
)
_NAMED_OBJECT_FIRST = re.compile(  # a place named, then a comma or more words, then the facility
    r"\s+(?:the\s+)?(?>(?-i:[A-Z])[\w-]+(?:[\s-](?-i:[A-Z])[\w-]+)*|(?:city|town|provincial\s+capital)\b)"
    r"(?![\w'\u2019-])"
    r"(?:\s*,|\s[^,.;]*,|\s+(?:\S+\s+){2,})"
)
_REGION_THEN_CITIES = re.compile(
    r"\s*(?:(?:large|vast|wide|big|huge|much)\s+)?(?:swathes?|swaths?|parts|areas|tracts|chunks|stretches)\s+"
    r"of\s+(?:the\s+)?(?:country|afghanistan|territory|(?:north|south|east|west)(?:ern)?(?:\s+afghanistan)?)\b"
    r"[^.;]{0,40}?\b(?:including|among\s+them|such\s+as|notably)\b",
    re.I,
)
_TALIBAN_REGIME_ENDS = dt.date(2001, 12, 31)

_OUTCOME_EFFECTS = frozenset({"take", "retake", "fall", "lose", "expel", "handover"})
_WINNER_BY_ACTOR = frozenset({"take", "retake", "hold", "repel"})
_SUBJECT_EFFECTS = frozenset({"fall", "hold", "deny"})
"""Effects whose place is often the subject right before the words ("Kunduz fell")."""

# Grammar the engine needs, which is not vocabulary: auxiliaries of a passive, the words that end
# a subject's reach (speech, relative pronouns), prepositions whose noun is no subject.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|is|are|be|get|got|gets)\s+"
    r"(?:\w+ly\s+|now\s+|also\s+|then\s+|later\s+|again\s+|soon\s+|once\s+)?$",
    re.I,
)
_FACILITY_NOUN = re.compile(
    # (also "government and police buildings": both name what the buildings are)
    r"(?:'s)?(?:\s+and\s+[\w-]+)?\s+(?:bases?|posts?|outposts?|check-?\s?points?|checkposts?|"
    r"headquarters|compounds?|barracks|garrisons?|camps?|stations?|hospitals?|airports?|vehicles?|"
    r"uniforms?|convoys?|academy|college|school|district|buildings?|offices?|installations?)\b",
    re.I,
)
_NOT_A_PLACE_AFTER = re.compile(
    r"\s+(?:the\s+)?(?:country|afghanistan|nation|region|war|fight|battle|conflict|talks|"
    r"negotiations|their\s+homes|homes|the\s+area)\b(?!['\u2019]s)",  # "Afghanistan's Lashkar Gah"
    re.I,
)
_THEN_BEFORE = re.compile(r"\b(?:then|later|afterwards|next)\s+$", re.I)
_WHICH_CUE = re.compile(
    r"\s*,\s*which\s+(?:had\s+|has\s+|have\s+|was\s+|is\s+|were\s+)?(?:been\s+)?(?:\w+ly\s+)?"
    r"(?:fell|fallen|falls|captured|taken|seized|overrun|retaken|recaptured|surrendered|"
    r"abandoned|besieged|attacked|stormed|under\s+(?:taliban|government|siege))\b",
    re.I,
)
_SAME_OBJECT = re.compile(
    r"\s+(?:back\s+)?(?:it|them|the\s+(?:whole\s+|entire\s+)?(?:city|town|provincial\s+capital|capital)|"
    r"control\s+of\s+(?:it|the\s+city))\b", re.I
)
_REPEATED = re.compile(  # right after a capture: it happened more than once, before now
    r"\s+(?:it\s+|the\s+city\s+|them\s+)?(?:(?:twice|three\s+times|several\s+times|repeatedly|"
    r"more\s+than\s+once|once\s+before|previously(?!\s+(?:held|controlled|ruled|run|occupied|in)\b))\b|before(?=\s*[,.;])|(?:\w+\s+)?(?:in|over|during)\s+"
    r"(?:the\s+)?(?:recent|past|previous|last)\s+(?:few\s+|two\s+|three\s+|several\s+)?years\b)",
    re.I,
)
_REGIME_AFTER = re.compile(
    r"\s+(?:of\s+)?(?:the\s+)?(?:(?:previous|former|old|last|elected|western-backed|u\.?s\.?-backed|"
    r"afghan|ghani|karzai|najibullah|communist|taliban|republic(?:an)?|civilian|democratic)\s+){0,2}"
    # the regime noun ends its phrase ("the fall of the previous government and ..."), not "the
    # government stronghold of Lashkar Gah"
    r"(?:government|regime|republic|administration)\b(?=\s*(?:[,.;:)!?\"\u201d]|$)|\s+(?:and|or|but|"
    r"was|is|had|has|left|came|led|brought|in\s+(?:kabul|august|(?:19|20)\d\d)|(?:19|20)\d\d)\b)",
    re.I,
)
# A double quote, or a single one not inside a word ("'We left'", not "Taliban's"); each branch
# starts with its mark, so the engine skips to the next quote mark instead of trying every offset.
_QUOTES = re.compile(r"\"|'(?:(?<![A-Za-z]')|(?![A-Za-z]))")


def _unquoted(text: str, start: int, end: int) -> str:
    """``text[start:end]`` folded to ASCII with its quote marks blanked (same length)."""
    text = fold_span(text, start, end)
    return _QUOTES.sub(" ", text) if '"' in text or "'" in text else text


_EFFORT_BEFORE = re.compile(
    r"\b(?:operations?|offensives?|efforts?|campaigns?|bids?|attempts?|push|fight|battles?|drive|"
    r"assaults?|missions?|struggles?|plans?|counter-?offensives?|counter-?attacks?|moves?|"
    r"fighting|battling|trying|try|tries|tried|struggling|working|pushing|seeking|striving)\s+"
    r"(?:\w+\s+){0,5}$",
    re.I,
)
_FELL_SUBJECT = re.compile(
    r"\b(?:bombs?|rockets?|shells?|mortars?|missiles?|prices?|temperatures?|snow|rain|numbers?|"
    r"tolls?|rates?|figures?|shares?|currency|afghani|morale|silence|night|darkness|exports?|"
    r"imports?|revenues?|production|houses?|homes?|buildings?|roofs?|walls?|bridges?|ceilings?|"
    r"structures?|mines?|tunnels?|dams?|tents?)\s+(?:had\s+|has\s+|have\s+|also\s+)?$",
    re.I,
)
_TO_BEFORE_CUE = re.compile(r"\s+to\s+$")
_LEFT_AS = re.compile(
    r"\s*(?:\w+ly\s+)?(?:under|with|without|cut\s+off|isolated|surrounded|exposed|vulnerable|"
    r"open\s+to|defen[cs]eless|in\s+(?:the|a|ruins|darkness|chaos|fear)|as\s+(?:the|its|their|one))\b",
    re.I,
)
_AFTERMATH = re.compile(
    r"\b(?:scene|site|victims?|wake|aftermath|responsibility|claimed|condemned|condemning|"
    r"condemnation\s+of|mourn\w*)\s+(?:of\s+|for\s+)?(?:the|this|that|an?)\s+(?:\w+\s+)?$",
    re.I,
)
_PARTLY = re.compile(
    r"^\W*(?:wholly\s+or\s+(?:in\s+)?part(?:ly|ially)?|in\s+part|partly|partially|in\s+parts)\b"
    r"|\b(?:partly|partially|part\s+of)\s*$",
    re.I,
)
_CAPITAL_APPOSITION = re.compile(  # "took the capital, Kabul,"; "took their first provincial capital, Zaranj"
    r"\s*(?:control\s+of\s+|over\s+)?(?:the\s+(?:afghan\s+|national\s+)?capital|"
    r"(?:their|its|the)\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d+(?:st|nd|rd|th)|latest|next|last)\s+(?:provincial\s+)?capital),\s*",
    re.I,
)
_RAID = re.compile(r"(?:\w+\s+)?raids?", re.I)
_AIRCRAFT = re.compile(
    r"\b(?:jets?|warplanes?|aircraft|bombers?|b-52s?|planes?|helicopters?|gunships?|drones?|"
    r"air\s+force|airstrikes?|air\s+strikes?)\b", re.I
)
_HOW_IT_WENT = re.compile(  # "an investigation into how the city was lost": the known event
    r"\b(?:how|why)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:was|were|had\s+been|came\s+to\s+be)\s+$",
    re.I,
)
_PARTS_IN_CUE = re.compile(r"\b(?:parts?|areas|neighbou?rhoods)\s+of\b", re.I)
_UNREST_PARTY = re.compile(
    r"\b(?:farmers|residents|villagers|locals|protesters|demonstrators|shopkeepers|traders|"
    r"students|worshippers)\b",
    re.I,
)
_POPPY = re.compile(r"\b(?:poppy|poppies|opium|eradication)\b", re.I)
_CLASH_WORD = re.compile(
    r"(?:violent\s+)?(?:clash|fight|fought|skirmish|scuffle|confront|gunfight)", re.I
)
_OVER_A_CAUSE = re.compile(
    r"[^.;]{0,50}?\bover\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:poppy|poppies|opium|crops?|eradication|"
    r"destruction\s+of\s+(?:the\s+)?(?:poppy|crops?)|land|water|pastures?|grazing|(?:a\s+)?dispute|"
    r"protests?|ban|taxe?s?|levies|mining|mines|a\s+checkpoint|the\s+fence|fencing)\b",
    re.I,
)
_REPELLING = re.compile(
    r"(?:fighting|fending|holding|beating|pushing|warding)\s+(?:\w+\s+)?(?:off|back)|"
    r"repell?ing|repulsing|resisting", re.I
)
_BE_BEFORE = re.compile(r"\b(?:are|is|were|was|been|be|still|continue\s+to\s+be)\s+(?:\w+\s+)?$", re.I)
_UNOPPOSED_BEFORE = re.compile(  # "met no resistance as they entered Kabul"
    r"\b(?:met|meeting|faced|facing|encountered|encountering)\s+(?:no|little|hardly\s+any)\s+"
    r"(?:\w+\s+)?(?:resistance|opposition)\s+(?:as|when)\s+(?:[\w-]+\s+){1,3}$",
    re.I,
)
_UNOPPOSED = re.compile(
    r"^[^.;]{0,60}?\b(?:without\s+(?:meeting\s+)?(?:any\s+|much\s+)?(?:resistance|a\s+fight|"
    r"fighting|a\s+shot|firing\s+a\s+shot|a\s+battle|bloodshed)|unopposed|unresisted|"
    r"peacefully|(?:encountering|encountered|meeting|met|facing|faced)\s+(?:no|little)\s+"
    r"(?:\w+\s+)?(?:resistance|fighters|opposition)|"
    # "entered Kabul after the Taliban abandoned it": the defenders had left; the entry took it
    r"(?:after|once)\s+(?:the\s+)?(?:last\s+)?(?:taliban|taleban|defenders|garrison|militants|"
    r"insurgents|government\s+forces|government\s+troops|troops|soldiers|police|security\s+forces|"
    r"(?:afghan|alliance|opposition)\s+forces)\s+(?:\w+\s+)?(?:had\s+)?(?:abandoned|deserted|"
    r"evacuated|fled|left|pulled\s+out|withdrew|withdrawn|melted\s+away|retreated))\b",
    re.I,
)
_GERUND = re.compile(r"\w+ing\b", re.I)
_PARTICIPLE = re.compile(
    r"(?:\w+(?:ed|en|wn)|overrun|held|won|lost|left|fought|run|shot|hit|struck|caught|"
    r"re-?\w+(?:ed|en))\b",
    re.I,
)
_BY_RIGHT_AFTER = re.compile(r"\s+(?:\w+\s+)?by\s+", re.I)
_BY_AGENT = re.compile(r"\s*(?:[,\w]+\s+){0,3}?by\s+", re.I)
# "fought off an attack by the Taliban": after these the "by" agent is the attacker, not the actor
_BY_IS_NOT_ACTOR = frozenset({"lose", "fail", "expel", "handover", "repel"})
_TO_RECIPIENT = re.compile(r"[^.;]{0,60}?\b(?:to|into\s+the\s+hands\s+of|in\s+favou?r\s+of)\s+", re.I)
_RELATIVE = re.compile(r"(?:,\s*|\s)(?:who|which|that|whose)\s+$", re.I)
_RELATIVE_AUX = re.compile(  # "the Taliban, who have since seized"
    r"(?:,\s*|\s)(?:who|which|that)\s+(?:(?:have|has|had|been|were|was|are|is|then|later|also|now|"
    r"since|quickly|already|finally|eventually|reportedly|apparently)\s+){0,3}$",
    re.I,
)
_QUANTITY_OF = re.compile(
    r"\b(?:thousands|hundreds|dozens|scores|tens|some|many|most|all|several|number|groups?|"
    r"units?|hundred|thousand|members|remnants|bands)\s+of\s+(?:the\s+)?$",
    re.I,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:against|from|with|by|to|toward|towards|for|on|at|into|among|amongst|including|between|"
    r"like|than|of|about|over|under|behind|near|alongside|beside|versus|vs|where|whom)\s+"
    r"(?:the\s+|a\s+|an\s+)?$",
    re.I,
)
_OBJECT_BEFORE = re.compile(
    r"\b(\w+(?:ed|ing)|hit|struck|fought|fight|attack|ambush|kill|engage|target|join|joined)\s+"
    r"(?:the\s+|a\s+|an\s+|some\s+|several\s+|dozens\s+of\s+|hundreds\s+of\s+)?$",
    re.I,
)
_SPEECH_PARTICIPLES = frozenset(
    ["saying", "claiming", "insisting", "adding", "stating", "announcing", "reporting", "warning",
     "noting", "confirming", "boasting", "claimed", "stated", "announced", "reported", "warned",
     "noted", "confirmed", "insisted", "added", "tweeted", "tweeting", "declared", "declaring"]
)
_ADJECTIVE_PARTICIPLES = frozenset(
    ["armed", "trained", "equipped", "backed", "led", "based", "masked", "allied", "embattled", "besieged", "beleaguered", "exhausted", "retreating", "advancing", "fleeing", "invading", "attacking", "remaining", "fighting", "marauding", "surrounding", "embedded", "united", "combined", "elected", "trapped", "stranded", "isolated", "demoralised", "demoralized", "outnumbered"]
)
_SUBJECT_BREAK = re.compile(r"[;:\u201c\u201d\"]|\s[-\u2013\u2014]\s")
_CLAUSE_SPLIT = re.compile(
    r"\s+and\s+(?=(?:then\s+|later\s+|finally\s+|eventually\s+|soon\s+)?(?:was\s+|were\s+|had\s+|has\s+|have\s+)?"
    r"(?:fell|fallen|captured|seized|took|taken|retook|recaptured|surrendered|overran|overrun|entered|"
    r"stormed|attacked|repelled|repulsed|pushed|handed|planted|raised|lost|regained|withdrew|fled|"
    r"abandoned|cleared|drove|killed|freed|set|burned)\b)|"
    r"(?<!afghan)(?<!\bus)(?<!u\.s\.)(?<!american)(?<!nato)(?<!taliban)(?<!government)(?<!british)"
    r"(?<!coalition)(?<!security)(?<!police)(?<!army)"
    r"\s+and\s+(?=(?:the\s+)?(?:government|afghan|taliban|security|u\.?s\.?|nato|coalition|alliance|"
    r"opposition|insurgents|militants|police|army|troops|soldiers|commandos)\b)|"
    r";|\s[-\u2013\u2014]\s|,\s*(?:while|whereas|but|although|though|even\s+as|as|yet)\s|\s(?:while|whereas|(?<!\ball\s)(?<!\bnothing\s)(?<!\banything\s)but)\s|"
    # "captured Kunduz before they were pushed out", "... only to be driven back": what came next
    r"\s+(?:before|until|only\s+to)\s+(?=(?:they|it|he|she|we|being|be|(?:the\s+)?(?:\w+\s+)?"
    r"(?:taliban|insurgents|militants|fighters|government|troops|forces|army|police|commandos|"
    r"soldiers|alliance|resistance)|(?:afghan|security|u\.?s\.?|nato)\s)\b)|"
    # "seize a third of the capitals as fighters close in on Kabul": a new subject, a new clause
    r"(?<!such)(?<!\bas\swell)(?<!\bjust)\s+as\s+(?=(?:the\s+)?(?:taliban|insurgents|militants|fighters|"
    r"government|afghan|security|troops|forces|soldiers|commandos|rebels|opposition|alliance)\s+"
    r"(?!and\b|or\b|of\b|in\b|from\b)[a-z]+|(?:[\w-]+\s+)?(?:fighting|battles?|clashes|gunfights?|"
    r"skirmishes)\s+(?:rages?|raged|raging|continues?|continued|erupts?|erupted|flares?|flared|"
    r"spreads?|spread|go\s+on|went\s+on)\s+(?:\w+\s+)?(?:in|at|around|across|for|inside)\s+"
    r"(?:the\s+\w+\s+(?:city|town)\s+of\s+)?(?-i:[A-Z])(?![\w-]*(?:'s|\s+province)\b))|"
    # (elsewhere, by name; not "in Helmand province", "in Helmand's capital": the province may
    # hold the place before)
    r",\s+and\s+(?=(?:the|a|an|government|afghan|taliban|insurgents|they|it|he|she|we|officials|"
    r"police|fighting|security|that|this|which|there|tribal|local|opposition|alliance|militants|"
    r"fighters|troops|forces|commanders|elders|residents)\b|(?-i:[A-Z]))",
    re.I,
)
# Where a clause cut can start (every alternative of _CLAUSE_SPLIT starts so): tried there only.
# (Written to start with one character class, so the engine skips to the next candidate.)
_SPLIT_AT = re.compile(
    r"[;,\s](?:(?<=[;,])"
    r"|(?<=\s)\s*(?=(?:and|while|whereas|but|as|before|until|only)\s|[-\u2013\u2014]\s))",
    re.I,
)


def _clause_splits(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of ``_CLAUSE_SPLIT.finditer(text, start, end)``, found faster: the big
    pattern is tried only where a cut can start."""
    pos = start
    for c in _SPLIT_AT.finditer(text, start, end):
        p = c.start()
        if p < pos:
            continue
        m = _CLAUSE_SPLIT.match(text, p, end)
        while m is None and p + 1 < c.end():  # a run of spaces: a look-behind may pass later
            p += 1
            m = _CLAUSE_SPLIT.match(text, p, end)
        if m is not None:
            yield m
            pos = m.end()


_BETWEEN = re.compile(r"\bbetween\b[^,;]*$", re.I)
_ELLIPSIS = re.compile(  # "..., as do Khost and Parun": the verb before, left out
    r",?\s*(?:as|so)\s+(?:do|did|does|have|has|had|were|was|is|are)\b", re.I
)
_FOLLOWED = re.compile(  # "; Sheberghan, the capital of Jowzjan, followed on Saturday"
    r"[^;]{0,60}?\b(?:(?:soon|quickly|swiftly)\s+)?(?:followed(?:\s+suit)?|did\s+the\s+same|went\s+the\s+same\s+way|"
    r"suffered\s+the\s+same\s+fate|met\s+the\s+same\s+fate)\b",
    re.I,
)
_LIST_CONTINUES = re.compile(r",\s*and\s+(?-i:[A-Z])", re.I)
_THEN_CLAUSE = re.compile(r"\W*(?:but|and|before|then|until|only\s+to|however)\b", re.I)
_CONTRAST_START = re.compile(r"\W*(?:but|however|yet|still)\b", re.I)
_NO_LONGER = re.compile(r"\bno\s+longer\s+(?:\w+\s+){0,2}$", re.I)
_MODAL_NOT = re.compile(r"\b(?:would|will|could|might|may|should)\s+(?:not|never)\s+(?:\w+\s+)?$", re.I)
_REPORT_WORDS = r"(?:reports?|rumou?rs?|speculation|accounts)\b"  # what no side claims
_REPORTS = re.compile(
    r"\s*(?:the\s+|those\s+|these\s+|media\s+|earlier\s+|social\s+media\s+)?" + _REPORT_WORDS,
    re.I,
)
_REPORTS_IN = re.compile(r"\b" + _REPORT_WORDS, re.I)
# (not "no one disputes that", nor across "but confirmed": what the denier admits)
_DENIED_THAT = re.compile(
    r"(?<!\bno\sone\s)(?<!\bnobody\s)(?<!\bnot\s)(?<!n't\s)(?<!\bnever\s)"
    r"\b(?:den(?:ied|ies|y|ying)|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|disput(?:ed|es|e|ing)|"
    r"refut(?:ed|es|e|ing)|no\s+truth)\b"
    r"(?:\s+(?!(?:but|although|though|while|yet|confirm\w*|acknowledg\w*|admit\w*|conced\w*)\b)"
    r"[\w'-]+){0,8}?\s+(?:that\s+)?"
    r"(?:(?!(?:but|although|though|while|yet|confirm\w*|acknowledg\w*|admit\w*|conced\w*)\b)"
    r"[\w'-]+\s+){0,4}$",
    re.I,
)
_FORMER = re.compile(
    r"\b(?:former|ex-|erstwhile|onetime|one-time|once)\s*(?:the\s+|a\s+)?$", re.I
)
_SEAT_OF_POWER = re.compile(  # (also after a few words: "the governor's office, the main prison
    # and other key government buildings"; not a landmark: "a house near the governor's office")
    r"^\W*(?:(?!(?:near|outside|close|next|beside|behind|opposite|from|around|towards?|across|"
    r"metres|meters|yards|miles|km)\b)[\w'-]+\W+){0,6}?"
    r"(?:presidential\s+palace|arg\b|(?:provincial\s+)?governor'?s?\s+(?:office|"
    r"compound|palace|house|mansion|residence|headquarters)|(?:all\s+(?:the\s+)?|key\s+|main\s+)?"
    r"government\s+(?:buildings|offices|installations|headquarters|compounds?|facilities)|"
    r"provincial\s+(?:government\s+)?headquarters)",
    re.I,
)


def _headline_future(before: str) -> bool:
    """The words before a headline's infinitive: a subject without its article and no verb
    ("Taliban leader" to hand over Kandahar)."""
    return bool(_HEADLINE_SUBJECT.match(before)) and _verbless(before)


_HEADLINE_SUBJECT = re.compile(  # a headline's subject, without its article: "Taliban leader"
    r"\W*(?!(?:the|a|an|this|that|its|their|his|her|until|after|before)\b)(?-i:[A-Z])", re.I
)
_WIDE_PART = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:districts?|villages?|areas|countryside|rural|outskirts|suburbs?|"
    r"neighbou?rhoods|parts\s+of|sections\s+of|quarters\s+of|"
    r"border\s+towns?|crossings?)\b",
    re.I,
)
_ALL_AFTER = re.compile(r"\W*(?:\w+\W+)?(?:all|entire|whole|most)\b", re.I)
_DISMISSES_CLAIM = re.compile(
    r"\b(?:den(?:ied|ies|y)|dismiss(?:ed|es)?|reject(?:ed|s)?|refut(?:ed|es))\s+"
    r"(?:the|this|that|these|those|such|their|its)\s+(?:\w+\s+)?(?:claims?|reports?)\b|"
    r"\bden(?:ied|ies)\s+(?:this|that|it)\b|"
    r"\bclaims?\s+(?:were|was|are|is)\s+(?:false|untrue|baseless|propaganda)",
    re.I,
)
_DOUBT = re.compile(
    r"\b(?:(?:was|is|were|are|remained|remains)\s+(?:not\s+(?:yet\s+)?clear|unclear)|"
    r"premature|too\s+early\s+to\s+say|disputed|(?:questioned|doubted|cast\s+doubt\s+on))\b",
    re.I,
)
# No confirmation is not a denial: "could not be independently verified", "officials had not
# confirmed the capture" leave the claim standing (DEFINITIONS: a claim nothing in the text disputes)
_UNCONFIRMED_BEFORE = re.compile(
    r"\b(?:not|never|no|without)\s+(?:(?:yet|been|independently|immediately|officially|"
    r"publicly)\s+){0,3}(?:confirm\w*|verif\w*|corroborat\w*)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_BOILERPLATE_DOUBT = re.compile(
    r"\b(?:independently\s+(?:verified|confirmed)|impossible\s+to\s+verify|verify\s+independently|"
    r"could\s+not\s+be\s+(?:immediately\s+)?verified|unconfirmed|not\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:immediately\s+)?confirmed|could\s+not\s+(?:yet\s+|immediately\s+)?confirm|"
    r"unable\s+to\s+confirm|no\s+(?:independent\s+|immediate\s+|official\s+)?confirmation)\b",
    re.I,
)
_YEARS_PAST = (  # "last year", "two years ago", "in (September) 2015"
    r"(?:last\s+year|(?:a|one|two|three|several|many|\d+)\s+years?\s+(?:ago|earlier|before)|"
    r"in\s+(?:(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+)?(?:19|20)\d\d)"
)
PAST_ASIDE = re.compile(
    # "Kunduz, which the Taliban overran last year, is under attack again": the past, told aside
    r",\s*(?:the\s+(?:[\w-]+\s+){0,3}?(?:city|town|capital|province)\s+)?(?:which|that)\b"
    r"(?:[^,;.\n]|(?<=(?-i:\b[A-Z][a-z]{2}))\.)*?\b" + _YEARS_PAST + r"\b[^,;.\n]*(?:,|(?=[.;\n]|$))",
    re.I,
)
"""An aside about the past: what it tells is another event than the sentence's own."""
_ASIDE = re.compile(r",\s*where\b[^,;]*,|" + PAST_ASIDE.pattern, re.I)
_RELATIVE_ASIDE = re.compile(r",\s*(?:who|whose|which)\b[^;]*?(?=,|$)|(?<=[a-z])\s+who\b[^;]*?(?=,|$)")
_SPEAKER_LOCATED = re.compile(
    r"(?:who\s+(?:is|was)\s+(?:now\s+|currently\s+)?in|who\s+fled\s+(?:to)?|based\s+in|speaking\s+(?:from|in)|in\s+exile\s+in|visiting|from)\s+$",
    re.I,
)
_ACCORDING = re.compile(r"\baccording\s+to\s+((?:[^,.;]|\.(?=\S))+(?:,\s*(?:a|an|the)\s+[^,.;]+)?)", re.I)
_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:but|however|and|yet|meanwhile|still|also|separately|later|earlier)\b[\s,]*)*"
    r"(?:(?:on|late|early|by|in)\s+[^,]{1,30},\s*)?",
    re.I,
)
_VERBISH = re.compile(
    r"\b(?:is|was|were|are|has|had|have|still|retains?|controls?|holds?|held|fell|remains?|"
    r"captured|taken|took|entered|seized)\b",
    re.I,
)
_LEADING_CONJ = re.compile(r"^(?:but|however|and|yet|meanwhile)\s+", re.I)
_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "officials", "residents", "witnesses"])
_WORDS = re.compile(r"[A-Za-z]+")
_CITY_AFTER = re.compile(r"\s+(?:the\s+)?(?:\w+\s+)?(?:city|town|provincial\s+capital)\b", re.I)
# "Ghazni, which Taliban fighters swept into": the cue ends a relative clause on a place
_RELATIVE_PLACE_BEFORE = re.compile(
    r"(?-i:[A-Z])(?!aliban|aleban)[\w'-]+,\s+(?:which|that)\s+(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:taliban|taleban|insurgents|militants|fighters|troops|forces|rebels|alliance)\b[^,.;]{0,50}$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that decide a status, at absolute offsets, read with their actor.

    ``kind`` is the status they give (``taliban``, ``contested``, ``government``, ``reported``,
    or ``denial``); ``effect`` what the words say happened (data/lexicon.toml); ``partial`` marks
    a facility or part of the place; ``weak`` a cue that decides only when no other is near (a
    descriptor, a hypothesis, background fighting).
    """

    start: int
    end: int
    text: str
    kind: str
    effect: str = "fight"
    actor: Actor = Actor.UNKNOWN
    actor_text: str = ""
    event_type: EventType = EventType.OTHER
    name: str = ""
    partial: bool = False
    weak: bool = False
    target: str = "any"
    persists: bool = False  # fighting that goes on ("fighting raged", "clashes continued")
    background: bool = False  # an outcome behind "after", "since": only for the place it names


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sentence attributes its content to, and where that speaker phrase sits."""

    claimant: str
    side: str  # "taliban" | "government" | "other"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Assessment:
    """The status one mention gets from its sentence.

    ``anchor`` is where the event is (the deciding cue, else the mention): dates are picked near it,
    within ``clause``.
    """

    mention: Mention
    status: ControlStatus
    cues: tuple[str, ...]
    anchor: int
    clause: tuple[int, int]
    claimant: str = ""
    claimant_side: str = ""
    note: str = ""
    denial: bool = False
    actor: Actor = Actor.UNKNOWN
    actor_text: str = ""
    event_type: EventType = EventType.OTHER
    date_span: tuple[int, int] | None = None
    """Where to look for the event date when not in the mention's sentence (a list's heading)."""
    locates: bool = False
    """A province named to locate its capital, carrying the capital's claim."""
    outcome: ControlStatus | None = None
    """A capture or retake made contested only by other outcomes told in the text: its status
    before (the pipeline restores it when those outcomes are days apart, a sequence)."""
    outcome_against: tuple[int, ...] = ()
    """The mention offsets of those other outcomes."""


@dataclass(frozen=True, slots=True)
class _Found:
    """An actor phrase in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    side: str  # an Actor value, or "context"
    text: str
    institution: bool = False


class _Actors:
    """The actor phrases of a sentence, in order, looked up by offset in logarithmic time (a
    sentence can be a megabyte long)."""

    __slots__ = ("items", "starts")

    def __init__(self, items: list[_Found]) -> None:
        self.items = items
        self.starts = [f.start for f in items]

    def between(self, lo: int, hi: int) -> list[_Found]:
        """The phrases starting in ``[lo, hi)``."""
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def known_before(self, pos: int, reach: int = 300) -> list[_Found]:
        """The phrases with a side that end before ``pos``, within ``reach`` characters."""
        return [f for f in self.between(pos - reach, pos) if f.end <= pos and f.side != "context"]


class _Context:
    """What the text said before the sentence at hand: the latest actor named with a side, and
    the latest that is an armed force rather than an institution.

    Sentences that name no place are only noted (:meth:`skip`); their actors are read when a
    pronoun needs them, most recent first, and only then.
    """

    __slots__ = ("_day", "_last", "_last_armed", "_lx", "_skipped", "_text", "border_story",
                 "resistance_story", "speaker")

    def __init__(self, text: str = "", day: dt.date = dt.date(2021, 8, 10),
                 lx: Lexicon | None = None) -> None:
        self._last: tuple[Actor, str] | None = None
        self._last_armed: tuple[Actor, str] | None = None
        self._skipped: list[tuple[int, int]] = []
        self._text, self._day, self._lx = text, day, lx
        self.speaker: Actor | None = None  # the side of whoever says "we" in the sentence at hand
        # A story whose lead is about fighting on the border ("clashes along the Durand Line"):
        # after 2021 its clashes in the border provinces are that fighting, not a fight for them.
        self.border_story = day > _REPUBLIC_FELL and lx is not None and bool(
            lx.word("border").search(fold_span(text, 0, 700))
        )
        # A story whose lead is about the armed resistance (2022 on): its attacks are that fight.
        lead = _RESISTANCE_LEAD.search(text, 0, 700)
        self.resistance_story = day > _PANJSHIR_TAKEN and lead is not None and not _BLAMED.search(
            text, max(0, lead.start() - 60), lead.start()
        )

    def remember(self, actors: _Actors) -> None:
        """A sentence read in full: its last actors become the latest."""
        known = [f for f in actors.items if f.side != "context"]
        if known:
            self._skipped.clear()
            self._last = (Actor(known[-1].side), known[-1].text)
            armed = [f for f in known if not f.institution]
            self._last_armed = (Actor(armed[-1].side), armed[-1].text) if armed else None

    def skip(self, start: int, end: int) -> None:
        """A sentence not read: its actors are read only if a pronoun after it needs them."""
        self._skipped.append((start, end))

    def _catch_up(self) -> None:
        lx = self._lx
        while self._skipped and lx is not None:
            a, b = self._skipped.pop()
            actors = _actors(_unquoted(self._text, a, b), self._day, lx)
            known = [f for f in actors.items if f.side != "context"]
            if known:
                self._skipped.clear()
                self._last = (Actor(known[-1].side), known[-1].text)
                armed = [f for f in known if not f.institution]
                self._last_armed = (Actor(armed[-1].side), armed[-1].text) if armed else None

    @property
    def day(self) -> dt.date:
        return self._day

    @property
    def last(self) -> tuple[Actor, str] | None:
        self._catch_up()
        return self._last

    @property
    def last_armed(self) -> tuple[Actor, str] | None:
        self._catch_up()
        return self._last_armed or self._last


# --------------------------------------------------------------------------------------------
# the side of an actor, by period
# --------------------------------------------------------------------------------------------


def attacker(day: dt.date) -> Actor:
    """Who takes a place when a text does not say: the Taliban's opponents while the Taliban held
    the cities (until the end of 2001), the Taliban since.

    Examples
    --------
    >>> import datetime as dt
    >>> attacker(dt.date(2001, 11, 13)).value, attacker(dt.date(2021, 8, 10)).value
    ('anti_taliban', 'taliban')
    """
    return Actor.ANTI_TALIBAN if day <= _TALIBAN_REGIME_ENDS else Actor.TALIBAN


def defender(day: dt.date) -> Actor:
    """Who holds a place when a text does not say (the other side of :func:`attacker`)."""
    if day <= _TALIBAN_REGIME_ENDS:
        return Actor.TALIBAN
    return Actor.GOVERNMENT if day <= _REPUBLIC_FELL else Actor.ANTI_TALIBAN


def _side_status(actor: Actor) -> str | None:
    side = actor.side
    if side == "taliban":
        return T
    if side == "government":
        return G
    if actor is Actor.ISLAMIC_STATE:
        return C
    return None


def _opposite(actor: Actor) -> str | None:
    side = actor.side
    if side == "taliban":
        return G
    if side == "government":
        return T
    return None


def _event_type(effect: str, winner: str | None, day: dt.date) -> EventType:
    """ACLED's sub-event type of a cue whose entry names none, from its effect and winner."""
    if effect in ("take", "retake", "fall", "lose", "expel"):
        if winner == G:
            return EventType.REGAINS if day <= _REPUBLIC_FELL else EventType.OVERTAKES
        return EventType.OVERTAKES  # the pipeline types the Taliban's by the event's date
    if effect == "handover":
        return EventType.TRANSFER
    if effect in ("repel", "fail", "fight"):
        return EventType.CLASH
    if effect == "deny":
        return EventType.OVERTAKES
    return EventType.OTHER


# --------------------------------------------------------------------------------------------
# cues
# --------------------------------------------------------------------------------------------


def find_cues(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    article_date: dt.date = dt.date(2021, 8, 10),
    lexicon: Lexicon | None = None,
    context: _Context | None = None,
    clauses: Sequence[tuple[int, int]] | None = None,
) -> list[Cue]:
    """Status cues in ``text[start:end]`` at absolute offsets, read with their actor and
    modified by their context (negation, modality, intention, facilities, violence).

    Examples
    --------
    >>> [(c.text, c.kind) for c in find_cues("Government forces repelled a Taliban attack on Ghazni.")]
    [('repelled a Taliban attack', 'government')]
    >>> [(c.text, c.kind) for c in find_cues("Officials fear the city could fall within days.")]
    [('could fall', 'reported')]
    >>> import datetime as dt
    >>> [(c.kind, c.actor.value) for c in find_cues("Northern Alliance troops captured Taloqan.",
    ...                                              article_date=dt.date(2001, 11, 12))]
    [('government', 'anti_taliban')]
    """
    lx = lexicon or default_lexicon()
    end = len(text) if end is None else end
    segment = _unquoted(text, start, end)
    ctx = context or _Context(text, article_date, lx)
    matches = list(_cue_matches(segment, lx))
    if not matches:  # no cue: its actors are read only if a pronoun later needs them
        ctx.skip(start, end)
        return []
    actors = _actors(segment, article_date, lx)
    if clauses is None:
        clauses = split_clauses(text, start, end)
    clauses = [(a - start, b - start) for a, b in clauses]
    clause_starts = [a for a, _ in clauses]
    cues: list[Cue] = []
    for m in matches:
        group = m.lastgroup
        assert group is not None
        entry = lx.cue_by_group[group]
        a, b = m.start(), m.end()
        word = m.group()
        lead = len(word) - len(word.lstrip())
        a += lead
        if a >= b:
            continue
        if entry.needs_place and not _place_follows(text, start + b):
            continue
        if entry.name == "fighters_killed" and _STRIKE_OR_ACROSS.search(segment, max(0, a - 80), a):
            # "a Pakistani airstrike killed 12 militants in Paktika": a killing by a strike, not a
            # clash for the place: read as the plain "killing" entry
            entry = lx.cue_by_name.get("killing", entry)
        if entry.name == "fled_place" and _left_as(text, start + b):
            continue  # "leaving the city effectively under siege": a result, not a departure
        if entry.name == "fled_place" and _PERSON_LEFT.search(segment, max(0, a - 90), a):
            continue  # "Gov. Basir Salangi left the city after the assault started": a person's
            # journey, not the side's loss of the city
        if entry.name == "fled_place" and _WHO_FLED.search(segment, max(0, a - 24), a):
            continue  # "thousands of Taliban fighters who had fled Mazar-i-Sharif were massing in
            # Kunduz": where the fighters came from, not a departure this story tells
        if entry.effect in ("lose", "take", "expel") and _NOT_A_PLACE_AFTER.match(segment, b):
            continue  # "their final withdrawal from the country": not about a place named here
        if entry.effect in ("fall", "take", "lose") and _REGIME_AFTER.match(segment, b):
            continue  # "between the fall of the previous government and ...": a regime fell
        k = max(0, bisect_right(clause_starts, a) - 1)
        cue = _read(segment, a, b, entry, actors, clauses, k, article_date, lx, ctx)
        if cue is None:
            continue
        cues.append(replace(cue, start=start + a, end=start + b, text=text[start + a : start + b]))
    ctx.remember(actors)
    return _attempts_repelled(cues)


def _attempts_repelled(cues: list[Cue]) -> list[Cue]:
    """Drop the attempt a repulse names as its object ("fought off a Taliban attempt to overrun
    Maimana", "foiled an attempt to capture the city"): the repulse is what happened to the place."""
    ended = [c.end for c in cues if c.effect in ("repel", "fail")]
    if not ended:
        return cues
    return [
        c for c in cues
        if not (c.effect == "fight" and any(e - 12 <= c.start <= e + 2 for e in ended))
    ]


_PERSON_LEFT = re.compile(  # an official by title, with no force of theirs, right before "left"
    r"\b(?:gov\.|governor|(?:defen[cs]e\s+|interior\s+|foreign\s+)?ministers?|gen\.|"
    r"president|ambassador|envoy|delegation|mayor)"
    r"(?:(?!\b(?:forces|troops|fighters|men|police|soldiers|army|who|which|that|said|says|told|"
    r"taliban|taleban|insurgents|militants|(?:body)?guards|security|militia\w*|commandos|units|"
    r"garrison|defenders)\b)[^;]){0,100}?"
    r"(?<![.,])\s(?:had\s+|has\s+|have\s+)?(?:already\s+|reportedly\s+)?$",
    re.I,
)
_WHO_FLED = re.compile(r"\b(?:who|that)\s+(?:had\s+|have\s+)?(?:earlier\s+|recently\s+|already\s+)?$", re.I)
_STRIKE_OR_ACROSS = re.compile(
    r"\b(?:air\s*strikes?|air\s+raids?|drones?|bombs?|bomb(?:ing|ings|ers?)|shell(?:s|ing|fire)|"
    r"rockets?|missiles?|mortars?|blasts?|explosions?|pakistani?|iran(?:ian)?|cross-border)\b",
    re.I,
)
_IN_PARTS = re.compile(
    r"[^.;,]{0,40}?\bin\s+(?:some\s+|several\s+|many\s+|most\s+)?(?:parts|areas|sections)\s+of\b",
    re.I,
)
_HAD_BEEN = re.compile(r"\bhad\s+(?:long\s+|previously\s+|already\s+|once\s+)?been\s+$", re.I)
_ANOTHER_ATTACK = re.compile(r"\b(?:a\s+)?(?:separate|another|second|third|similar|latest)\s+$", re.I)
_GROUND_FIGHT = re.compile(
    r"\b(?:fighting|fought|clashes|clashed|battles?|battling|offensive|siege|besieg\w*|assaults?|"
    r"onslaught|front\s*lines?|positions|stormed|overr(?:un|an)|encircled|surrounded)\b",
    re.I,
)
_BUT = re.compile(r"\b(?:but|however|yet)\b|;", re.I)
_FOR_A_FACILITY = re.compile(
    r"\s+(?:[\w'-]+\s+){0,2}?(?:for|over|at|around|near|inside|outside|on)\s+(?:(?:full\s+)?control\s+of\s+)?"
    r"(?:the|its|their|a)\s",
    re.I,
)
_FIGHT_NEARS = re.compile(
    r"\s+(?:\w+\s+)?(?:neared|nears|nearing|approached|approaches|approaching|(?:edged|edges|edging|"
    r"drew|draws|drawing|crept|creeps|creeping|moved|moves|came|comes|coming)\s+(?:ever\s+)?closer)\b",
    re.I,
)
_HAD_HELD = re.compile(  # "the fighters who had held out in Maidan Shahr": the state before
    r"\b(?:who|which|that)\s+had\s+(?:long\s+|previously\s+|once\s+|so\s+far\s+|until\s+then\s+)?$",
    re.I,
)
_NO_DANGER = re.compile(  # "no danger of Ghazni falling": a fall denied
    r"\b(?:no|little|not\s+any|never\s+any)\s+(?:real\s+|immediate\s+|serious\s+)?"
    r"(?:danger|risk|threat|chance|possibility|prospect|fear)\s+of\s+"
    r"(?:[\w'-]+\s+){0,5}$",
    re.I,
)
_PURPOSE_BEFORE = re.compile(  # "flew commandos into Kunduz, backed by jets, to drive them out"
    r"(?:,\s*(?:in\s+order\s+)?|\bin\s+order\s+|\b(?:sent|send|sends|sending|rushed|rushing|"
    r"flown|flew|flying|airlifted|airlifting|deployed|deploying|dispatched|dispatching|brought\s+in|"
    r"called\s+in|mobili[sz]ed|mobili[sz]ing|recruit(?:ed|ing)|arrived|arriving|reinforcements?|"
    r"commandos|troops|operation|offensive)\b[^.;]{0,90}?\s)$",
    re.I,
)
_COLLAPSE_AFTER = re.compile(
    r"[^.;]{0,70}?\b(?:causing|forcing|prompting|as|after|and)\s+(?:the\s+)?(?:[\w.-]+\s+){0,4}?"
    r"(?:government|administration|president|governor|defen[cd]ers|security\s+forces|officials)\s+"
    r"(?:to\s+)?(?:\w+\s+)?(?:collaps\w*|fled|flee|fleeing|flees|surrender\w*)\b",
    re.I,
)
_NATURE_BEFORE = re.compile(
    r"\b(?:floods?|flash\s+floods?|floodwaters?|rains?|snow(?:fall|storms?)?|rainstorms?|earthquakes?|"
    r"quakes?|tremors?|aftershocks?|landslides?|avalanches?|mudslides?|wildfires?|droughts?|"
    r"heat\s*waves?|cholera|epidemics?|locusts?|waters?)\s+(?:\w+\s+)?$",
    re.I,
)
_TIME_ADVERB = re.compile(  # "agreed today to hand over": the intention, whenever it was voiced
    r"\s(?:today|tonight|now|yesterday|finally|also|reportedly|formally|publicly|late\s+\w+day|"
    r"on\s+\w+day|in\s+principle)\s+$",
    re.I,
)
_ACHIEVED_BEFORE = re.compile(r"\b(?:managed|manages|succeeded|went\s+on|(?:were|was)\s+able)\s+$", re.I)
_PEOPLE_OUT = re.compile(  # "pull out their diplomats from Kabul": people evacuated, no place left
    r"\b(?:diplomats|staff|staffers|citizens|nationals|personnel|employees|workers|families|"
    r"civilians|embassy|foreigners|expatriates|evacuees|interpreters)\b",
    re.I,
)
_EMPTY_STREETS = re.compile(  # "the streets of Tarinkot were deserted": no one left the city
    r"\b(?:streets|roads|markets?|bazaars?|shops|schools|offices|homes|houses|neighbou?rhoods|"
    r"squares?|villages)\s+(?:of\s+(?:[\w'-]+\s+){1,3})?(?:\w+\s+)?$",
    re.I,
)
_HANDOVER_TERMS = re.compile(
    r"\s+(?:arrangements?|deal|talks|negotiations?|terms|agreements?|offers?|demands?|plans?|"
    r"proposals?|ultimatum|deadline|conditions|bid|document|pact)\b",
    re.I,
)
_PAST_TIME = re.compile(  # "briefly seized Kunduz in 2015": an old event's own date
    r"\b(?:" + _YEARS_PAST + r"|(?:19|20)\d\d|the\s+(?:previous|following)\s+year|"
    r"(?:last|this)\s+(?:spring|summer|autumn|fall|winter))\b",
    re.I,
)
_BRIEFLY = re.compile(r"\bbriefly\s+(?:\w+\s+)?$", re.I)
_BRIEFLY_AFTER = re.compile(r"(?:\s+[\w'-]+){0,3}?\s+briefly\b", re.I)  # "seized Ghazni briefly"
_STILL_FIGHTING = re.compile(  # "pushed them out of most of the city, but fighting continues"
    r"[,;]?\s+(?:but|although|though|even\s+though|even\s+as|while|as)\s+(?:(?-i:[a-z])[\w'-]*\s+){0,3}?"
    r"(?:fighting|clashes|gunfire|battles?|skirmishes|"
    r"resistance)\s+(?:\w+\s+)?(?:continues?|continued|continuing|rages?|raged|persists?|persisted|"
    r"went\s+on|goes\s+on|is\s+still|was\s+still|were\s+still|remains?|remained|enters|entered|"
    r"entering|drags\s+on|dragged\s+on)\b"
    # not "... in Takhar", "elsewhere in the north", "across the country", "in other provinces"
    r"(?!\s+(?:\w+\s+)?(?:elsewhere|across|nationwide|around\s+the\s+country|"
    r"in\s+(?:other|neighbou?ring|nearby|several|many|the\s+(?:north|south|east|west|country|region|"
    r"provinces)\b)|(?:in|across|around|near|for)\s+(?:the\s+)?(?-i:[A-Z])))",
    re.I,
)
_RURAL_PARTS = re.compile(  # "pushed government forces out of rural parts of Uruzgan"
    r"\s+(?:of|from)\s+(?:the\s+)?(?:(?:rural|outlying|remote|some|several|many|large|vast|wide)\s+"
    r"(?:\w+\s+)?)?(?:parts|areas|swathes|stretches|districts|sections|countryside)\s+of\b",
    re.I,
)
_FIGHT_ENDED = re.compile(
    r"(?:\s+(?:in|around|for|over)\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?)?\s+(?:had|has|have)?\s*"
    r"(?:largely\s+|mostly\s+|finally\s+|now\s+|since\s+|all\s+but\s+)?"
    r"(?:stopped|ended|subsided|eased|died\s+down|ceased|halted|abated|petered\s+out|"
    r"(?:is|was|are|were)\s+(?:now\s+|all\s+|largely\s+)?over(?=\s*(?:[,.;:!?\"'\u201d]|$|"
    r"\s(?:in|on|at|by|now|after|and|but|as|for\s+now)\b)))\b"
    r"(?!\s+(?:the|a|an|all|its|their|his|her|any|traffic|work|classes|flights|trade)\b)",
    re.I,
)
_CIVILIAN_SUBJECT = re.compile(  # people right before the words, who act on no place
    r"\b(?:civilians|residents|families|people|crowds?|protesters|mourners|villagers|refugees|"
    r"children|women|shopkeepers|traders|students|thousands|hundreds)\s+"
    r"(?:\w+\s+|(?:have|has|had)\s+been\s+\w+\s+to\s+)?$",  # "civilians have been hurrying to"
    re.I,
)
_OFFICIAL_SUBJECT = re.compile(
    r"\b(?:governors?|officials|mayor|lawmakers?|police\s+chief|administrators?|ministers?|"
    r"president|deputy|spokesman)\s+(?:\w+\s+){0,2}$"
    r"|(?<!\bto\s)(?<!\bby\s)(?<!\bunder\s)(?<!\bof\s)\bmullah\s+(?:\w+\s+){0,2}$"
    # "he fled the city", "footage showed him leaving the city": a person, not the side
    r"|\b(?:he|she)\s+(?:had\s+|has\s+|then\s+|later\s+)?$|\b(?:show\w*|saw|seen|filmed)\s+(?:him|her)\s+$",
    re.I,
)
_DISARMAMENT = re.compile(
    r"\b(?:disarmament|demobili[sz]ation|ddr|reintegration|decommission\w*|buy-?back|amnesty)\b",
    re.I,
)
_UNARMED = re.compile(
    r"\bwithout\s+(?:their\s+|any\s+|his\s+)?(?:guns|weapons|arms)\b|\bunarmed\b|"
    r"\bto\s+celebrate\b|\bceasefire\b|\bcease-fire\b|\btruce\b",
    re.I,
)
_NOT_A_PLACE_BEFORE = re.compile(
    r"\b(?:decisions?|steps?|measures?|actions?|photos?|pictures?|images?|videos?|votes?|oaths?|"
    r"tests?|stands?|positions?|initiatives?|prisoners?|hostages?|he|she|"
    r"commanders?|leaders?|governors?|officials?|soldiers|policemen|men)\s+"
    r"(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:later\s+|also\s+|then\s+|reportedly\s+)?$",
    re.I,
)
_RESISTANCE_LEAD = re.compile(
    r"\b(?:national\s+resistance\s+front|nrf|massoud|afghanistan\s+freedom\s+front|"
    r"resistance\s+(?:front|forces|fighters|commanders?|movement))\b",
    re.I,
)
_BLAMED = re.compile(r"\b(?:blam\w*|accus\w*|den(?:ied|ies|y))\b[^.;]*$", re.I)
_RESISTANCE = re.compile(r"\b(?:resistance|nrf|national\s+resistance|massoud|afghanistan\s+freedom\s+front)\b", re.I)
# "the Kabul-Kandahar highway": each end of a road only locates it
_ROUTE_COMPOUND = re.compile(
    r"[-\u2013](?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?\s+(?:provincial\s+)?(?:highway|road|route|"
    r"motorway|border|boundary|corridor|line|axis|supply\s+route)s?\b", re.I
)
_ROUTE_COMPOUND_BEFORE = re.compile(r"(?-i:[A-Z])[\w'-]*[-\u2013]$")
_ROUTE_WORD = re.compile(
    r"\s+(?:provincial\s+)?(?:highway|road|route|motorway|border|boundary|corridor|line|axis)s?\b", re.I
)
_IT_SUBJECT = re.compile(r"\s*(?:It|They)\s+(?:now\s+|also\s+|already\s+)?(?:\w+\s+)?$")
_SO_HAS = re.compile(r"\bso\s+(?:has|have|had|was|were|is|are|did|does)\s+(?:the\s+)?$", re.I)
_NOT_YET = re.compile(
    r"\b(?:(?:still|yet|left|remains?|remaining)\s+to\s+(?:be\s+)?|for\s+(?:them|it|the\s+\w+)\s+to\s+|"
    r"no\s+(?:intention|plans?|desire|interest|aim)\s+(?:of|to|in)\s+)$",
    re.I,
)
_ONE_AFTER_ANOTHER = re.compile(r"\b(\w+)\s+after\s+\1\s+(?:\w+\s+)?$", re.I)  # "district after district"
_AUX = re.compile(r"(?:had|has|have|was|were|is|are)\b", re.I)
_NOT_A_PLACE_SUBJECT = re.compile(
    r"\b(?:decisions?|steps?|measures?|actions?|photos?|pictures?|images?|videos?|votes?|oaths?|"
    r"tests?|stands?|positions?|initiatives?|prisoners?|hostages?|he|she)\s+$",
    re.I,
)
_WITHOUT_BEFORE = re.compile(r"\bwithout\s+(?:any\s+|much\s+|a\s+|heavy\s+|serious\s+)?$", re.I)
_PASSIVE_ATTACK = re.compile(r"attacked|targeted|hit|struck|bombed|stormed", re.I)
_CIVILIAN_BEFORE = re.compile(
    r"\b(?:consulate|embassy|mosques?|schools?|hospitals?|clinics?|shrines?|universit(?:y|ies)|"
    r"hotels?|markets?|banks?|weddings?|funerals?|buses|convoys?|offices?\s+of|ministry)\b",
    re.I,
)
_NEARLY = re.compile(
    r"\b(?:nearly|almost|all\s+but|(?:came|come|comes|coming)\s+close\s+to)\s+$", re.I
)  # "nearly overran Farah", "came close to overrunning Kunduz": it was not taken
_ALL_BUT = re.compile(r"\ball\s+but\s+$", re.I)
_WHERE_AFTER = re.compile(r",\s+where\b", re.I)
_SITUATION = re.compile(r"\bsituation\b[^,;.]{0,40}$", re.I)
_SIDE_NAMED = re.compile(r"\b(?:of|taliban|taleban|government|forces|army|troops|alliance)\b", re.I)
_TO_THE_EDGE = re.compile(
    r"\s+(?:back\s+)?to\s+the\s+(?:\w+\s+)?(?:outskirts|edges?|fringes|perimeter|gates|suburbs)\b", re.I
)
_AND_ITS_PARTS = re.compile(
    r"(?-i:[A-Z])[\w'-]+\s+and\s+all\s+(?:of\s+)?(?:its|their)\s+(?:[\w-]+\s+)?"
    r"districts?\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_SINCE_BEFORE = re.compile(r"\b(?:since|ever\s+since)\s+(?:they\s+|it\s+|the\s+\w+\s+)?$", re.I)
_AGAINST_IS = re.compile(
    r"\s+against\s+(?:the\s+)?(?:islamic\s+state|is\b|isis|isil|daesh|is-k|iskp)", re.I
)
_FACT_CLAUSE = re.compile(
    r"\b(?:after|because|since)\s+(?=(?:the\s+|its\s+|their\s+)?[\w'-]+\s+(?:\w+\s+)?$)", re.I
)
_PAST_VERB = re.compile(
    r"\w+ed\b|took|fell|overran|drove|broke|struck|won|held|fought|swept|withdrew|retook|beat|"
    r"began|stormed|seized|laid|ran|left|fled|lost",
    re.I,
)
_TAIL_STOP = re.compile(r",|\s(?:and|but|or|then)\s")


def _modal_after(lx: Lexicon, tail: str) -> bool:
    """A modal word after the words ("fell, officials fear") that is not "almost" qualifying how
    it happened ("falls almost without a fight")."""
    m = lx.fast("modal").search(tail)
    return m is not None and not re.fullmatch(r"nearly|almost|all\s+but", m.group(), re.I)


def _left_as(text: str, pos: int) -> bool:
    """After "leaving": the place, then how it was left ("the city under siege")."""
    m = re.match(r"\s+(?:the\s+(?:[\w-]+\s+){0,2}(?:city|town|provincial\s+capital)|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
                 r"(?:,\s+[^,.;]{1,60},)?", text[pos : pos + 130])
    return m is not None and bool(_LEFT_AS.match(text, pos + m.end()))


def _place_follows(text: str, pos: int) -> bool:
    """A place name (a capitalised word) or "the city" right after ``pos``, also behind a part
    of it ("the streets of Kabul", "central Kunduz", "downtown Kabul"); or, for a cue that ends
    a relative clause ("Ghazni, which Taliban fighters swept into on Thursday"), the place the
    clause hangs on, right before it."""
    rest = text[pos : pos + 60]
    if _RELATIVE_PLACE_BEFORE.search(text, max(0, pos - 90), pos):
        return True
    return bool(re.match(
        r"\s+(?:(?:the\s+)?(?:(?:streets?|heart|centre|center|outskirts|gates|suburbs|edges?|"
        r"bazaars?|markets?|squares?|parts?|neighbou?rhoods?|whole|most|much|all|rest|half)\s+of\s+)?"
        r"(?:(?:central|downtown|northern|southern|eastern|western|inner)\s+)?(?-i:[A-Z])|(?:the|their|its|another|a|two|three|four|five|six|seven|eight|nine|ten|several|\d+)\s+"
        r"(?:(?!(?:and|or|but|back|then)\b)[\w-]+\s+){0,4}?(?:city|cities|towns?|provincial|provinces?|capitals?)|"
        r"(?:the\s+|several\s+|most\s+|many\s+|\d+\s+|two\s+|three\s+|four\s+|five\s+|"
        r"a\s+(?:number|handful|string|series|dozen)\s+of\s+|dozens\s+of\s+|scores\s+of\s+)?"
        r"(?:[\w-]+\s+)?districts?\b)", rest
    )) or bool(
        _CITY_AFTER.match(rest)
    )


def _cue_matches(segment: str, lx: Lexicon) -> Iterator[re.Match[str]]:
    """The cue matches of a sentence, left to right: at each word only the entries that can start
    with its first letters are tried (the same matches as the whole alternation, many times
    faster)."""
    for m in lx.cue_scan.finditer(segment):
        if m.group().strip():
            yield m


def _last_actor(actors: _Actors, pos: int, reach: int = 80) -> _Found | None:
    """The last actor phrase with a side that ends before ``pos`` (within ``reach``)."""
    known = actors.known_before(pos, reach)
    return known[-1] if known else None


def _actors(segment: str, day: dt.date, lx: Lexicon) -> _Actors:
    """Every actor phrase of a sentence, in order, with its side for the article's date."""
    rx, entries = lx.actor_regex(day)
    found = []
    for m in rx.finditer(segment):
        group = m.lastgroup
        if group is None:
            continue
        if _FACILITY_NOUN.match(segment, m.end()):
            continue  # "an army base", "the police headquarters": a place, not an actor
        entry = entries[int(group[1:])]
        found.append(_Found(m.start(), m.end(), entry.side, m.group().strip(), entry.institution))
    return _Actors(found)


def _border_fight(seg: str, lo: int, hi: int, lx: Lexicon) -> bool:
    """Words of a border clash near the cue, not "near the Pakistani border" placing a city."""
    border = lx.word("border")
    first = border.search(seg, lo, hi)
    if first is None:
        return False
    return any(not _NEAR_THE.search(seg, max(0, w.start() - 16), w.start())
               for w in border.finditer(seg, first.start(), hi))


def _read(
    seg: str,
    a: int,
    b: int,
    entry: CueEntry,
    actors: _Actors,
    clauses: Sequence[tuple[int, int]],
    k: int,
    day: dt.date,
    lx: Lexicon,
    ctx: _Context,
) -> Cue | None:
    """One cue match read in its sentence: its actor, status and modifiers (relative offsets)."""
    effect = entry.effect
    weak = entry.weak
    partial = False
    before = seg[max(0, a - 40) : a]
    clause = clauses[k]
    event_type = entry.event_type
    # --- modifiers that change what happened -------------------------------------------------
    if entry.fact:
        return _plain(seg, a, b, entry, day)
    if effect == "hold" and _SITUATION.search(seg, max(clause[0], a - 50), a) and not _SIDE_NAMED.search(
        seg, a, min(len(seg), b + 20)
    ):
        return None  # "the situation in the city was under control": calm, not who holds it
    if effect in _PAST_CAPABLE and (
        _earlier_occasion(seg, max(clause[0], a - 200), min(clause[1], b + 200))
        or (k > 0 and _SEQUEL_CLAUSE.match(seg, clause[0])
            and _earlier_occasion(seg, max(clauses[k - 1][0], a - 300), clauses[k - 1][1]))
    ):
        return None  # "have attacked Lashkar Gah before ..., but they were driven back":
        # what happened on earlier occasions, not in this story
    if "?" in seg and _QUESTION.search(seg) and not _QUESTION.search(seg, 0, clause[0]) and (
        len(seg.rstrip(" \"'\u201d\u2019?")) <= clause[1] + 2
    ) and not _SUBORDINATE.search(seg, clause[0], a):
        effect, event_type = "threat", EventType.OTHER  # '"Who are they leaving Badakhshan
        # to?"': a question tells nothing (but "now that the Taliban have captured Lashkar Gah?"
        # does)
    if effect == "fight" and _PERSON_BUILDING.match(seg, b):
        effect, event_type = "violence", EventType.ATTACK  # "attacked the Kabul residence of the
        # acting defence minister": an attack on a person's house
    if effect in ("fail", "expel") and _TO_THE_EDGE.match(seg, b):
        effect, event_type = "fight", EventType.CLASH  # "pushed back to the outskirts of the
        # city": the attackers are still at its edge
    if effect in ("take", "fall") and _NEARLY.search(seg, max(0, a - 24), a):
        effect, event_type = "fail", EventType.CLASH  # "since they nearly overran Farah": it held
        if _ALL_BUT.search(seg, max(0, a - 24), a):
            effect = "fight"  # "Kunduz had all but fallen": as good as lost, still fought for
    infinitive = seg[a:b].lower().startswith("to ") or seg[max(0, a - 3) : a].lower() == "to "
    if infinitive and _ACHIEVED_BEFORE.search(seg, max(0, a - 24), max(0, a - 3)):
        infinitive = False  # "managed to drive them out": done
    if effect in _OUTCOME_EFFECTS and " of " in seg[max(0, a - 40) : a] and _GOAL_OF.search(
        seg, max(0, a - 40), a
    ):
        effect, event_type = "threat", None  # "with the goal of taking the city": an intention
    if effect in _OUTCOME_EFFECTS and _NOT_YET.search(seg, max(0, a - 40), a):
        effect, event_type = "threat", None  # "Kabul, still to be conquered", "no intention of
        # capturing it": what is not done yet
    denier: _Found | None = None
    denied = (
        _DENIED_THAT.search(seg[max(0, a - 80) : a])
        if effect in ("take", "fall", "retake", "hold", "lose", "expel") else None
    )
    if denied is not None:
        effect = "deny"  # "denied that the city was in the hands of the rebels"
        if _REPORTS.match(denied.group(), denied.group().find(" ") + 1):
            # "the governor rejected reports that the city had fallen": no side's claim is
            # answered; the denier says the city is still its side's
            denier = _last_actor(actors, max(0, a - 80) + denied.start())
    elif effect == "deny" and _REPORTS_IN.search(seg, a, b):
        denier = _last_actor(actors, a)  # the lexicon's "rejected reports that"
    elif effect in ("take", "fall") and _NO_DANGER.search(seg, max(0, a - 70), a):
        effect, event_type = "deny", None  # "there is no danger of Ghazni falling"
    elif infinitive and lx.word("intent").search(
        _TIME_ADVERB.sub(" ", seg[max(0, a - 40) : a].removesuffix("to "))
    ):
        effect = "threat"  # "threatened to capture", "vowed to retake": an intention
    elif infinitive and effect in _OUTCOME_EFFECTS and _EFFORT_BEFORE.search(
        seg[max(0, a - 40) : a].removesuffix("to ")
    ):
        effect, event_type = "fight", EventType.CLASH  # "an operation to push them out": an attempt
    elif infinitive and effect in _OUTCOME_EFFECTS and _PURPOSE_BEFORE.search(
        seg, max(clause[0], a - 150), max(0, a - 3)
    ):
        effect, event_type = "fight", EventType.CLASH  # "flew in commandos, backed by jets, to
        # drive the Taliban out": what they were sent to do, not yet done
    elif infinitive and effect in _OUTCOME_EFFECTS and a - clause[0] < 60 and _headline_future(
        seg[clause[0] : a].removesuffix("to ")
    ):
        effect, event_type = "threat", None  # "Taliban leader to hand over Kandahar": a headline's
        # future (a subject without its article, no verb before the infinitive; not "the decision
        # to give up Kandahar")
    if entry.name == "entered" and _COLLAPSE_AFTER.match(seg, b, min(len(seg), b + 110)):
        effect, event_type = "take", None  # "entered Kabul, causing the government to collapse"
    if entry.name == "entered" and _SINCE_BEFORE.search(seg, max(0, a - 12), a):
        effect, event_type = "take", None  # "since entering Kabul": they have been there since
    if effect == "fight" and _AGAINST_IS.match(seg, b):
        effect, event_type = "violence", EventType.ATTACK  # "the fight against Islamic State"
    if effect == "fight" and _PASSIVE_ATTACK.fullmatch(seg[a:b]) and _CIVILIAN_BEFORE.search(
        seg, max(clause[0], a - 80), a
    ):
        effect, event_type = "violence", EventType.ATTACK  # "German consulate in Mazar attacked"
    if effect in ("fight", "strike") and (
        lx.word("terror").search(seg[max(0, a - 30) : a])
        or lx.word("civilian").match(seg[b : b + 60])
    ):
        effect, event_type = "violence", EventType.ATTACK
    if (
        effect == "fight"
        and entry.name == "attack"
        and (
            lx.word("terror").search(seg[max(clause[0], a - 100) : min(clause[1], b + 100)])
            or _AFTERMATH.search(seg[max(0, a - 30) : a])
            or (  # "In a separate attack in Zabul, a bomb aimed at a provincial official killed"
                _ANOTHER_ATTACK.search(seg, max(0, a - 20), a)
                and lx.word("terror").search(seg[max(0, a - 160) : min(len(seg), b + 160)])
            )
        )
    ):
        effect, event_type = "violence", EventType.ATTACK  # "the attack, a car bomb, killed 16"
    if effect in ("fight", "strike", "take") and (
        _border_fight(seg, max(0, a - 160), b + 160, lx)
        or (ctx.border_story and effect != "take" and not _RESISTANCE.search(seg))
    ):
        effect = "violence"  # a border skirmish or shelling across the border
    if effect == "fight" and _RAID.fullmatch(seg, a, b) and _AIRCRAFT.search(
        seg, max(clause[0], a - 120), min(clause[1], b + 60)
    ):
        effect, event_type = "violence", EventType.AIR_STRIKE  # "jets struck ..., the raids on Kabul"
    if effect == "fight" and _OVER_A_CAUSE.match(seg, b, min(len(seg), b + 70)):
        effect, event_type = "violence", EventType.OTHER  # "clashes over poppy eradication"
    if effect == "fight" and day > _REPUBLIC_FELL and _CLASH_WORD.match(seg, a, b) and not (
        _RESISTANCE.search(seg)
    ) and (
        _UNREST_PARTY.search(seg, max(clause[0], a - 80), min(clause[1], b + 80))
        or _POPPY.search(seg)
    ):
        effect, event_type = "violence", EventType.OTHER  # "farmers clashed with Taliban security
        # forces", clashes over poppy fields: unrest under the Taliban's rule, no fight for the place
    if entry.name == "airstrike" and not lx.word("strike_fight").search(
        seg[max(clause[0], a - 100) : min(clause[1], b + 100)]
    ):
        effect = "violence"  # "jets struck the outskirts of Kabul": remote violence, no fight for it
    if (
        entry.name == "shelling" and seg[a:b].lower().startswith("rocket")
        and not _GROUND_FIGHT.search(seg, max(clause[0], a - 150), min(clause[1], b + 150))
    ):
        effect = "violence"  # "arrested over this week's rocket attack on Kabul": no fight for it
        # (fighting in another clause, "families fled fighting in Kandahar, as ...", is another's)
    if effect == "repel" and _REPELLING.match(seg, a) and _BE_BEFORE.search(before):
        effect = "fight"  # "have been fighting off attacks for days": the battle goes on
    facility_fight = False
    if effect == "fight" and _FOR_A_FACILITY.match(seg, b) and lx.word("facility").match(
        seg[b : b + 90]
    ):
        facility_fight = partial = True  # "the fight for the airport is still going on": for a part of
        # it; it does not undo what is said of the city
    if effect == "fight" and (_FIGHT_ENDED.match(seg, b) or _FIGHT_NEARS.match(seg, b)):
        effect = "threat"  # "the fighting had largely stopped", "as fighting neared": no fight
        # there now
    if effect == "hold" and _FORMER.search(before):
        return None  # "the former Taliban stronghold"
    if entry.name == "fell" and _FELL_SUBJECT.search(before):
        return None  # "60 bombs had fallen by noon"
    if _NATURE_BEFORE.search(seg, max(clause[0], a - 30), a):
        return None  # "floods sweep through Baghlan province": no one took it
    if effect == "handover" and _HANDOVER_TERMS.match(seg, b):
        effect, event_type = "threat", None  # "the surrender arrangements", "handover talks":
        # what is negotiated, not yet done
    if entry.effect in ("lose", "expel") and (_PEOPLE_OUT.search(seg, a, b) or _EMPTY_STREETS.search(seg, max(0, a - 60), a)):
        return None  # "to pull out their diplomats from Kabul", "the streets of Tarinkot were
        # deserted": people left, the place was not given up
    if entry.name == "patrol" and _DECADES_AGO.search(seg, clause[0], clause[1]):
        return None  # "in the late 1990s the Taliban's religious police patrolled the streets"
    if entry.name == "is_taken" and _PEOPLE_TAKEN.search(seg, max(clause[0], a - 50), a):
        return None  # "many of the injured were taken to the hospital in Jalalabad": people moved
    if effect == "hold" and _HAD_HELD.search(seg, max(0, a - 30), a):
        return None  # "the troops who had held out in Maidan Shahr surrendered": the state before
    flip = False
    hypothetical = False
    negated = False
    if effect not in ("violence", "threat", "deny") and _MODAL_NOT.search(before):
        effect = "threat"  # "said they would not take the city": an intention
    elif effect in ("fight", "strike") and _WITHOUT_BEFORE.search(before):
        return None  # "handed to the Taliban without fighting": how the main verb went
    elif (
        lx.word("negation").search(before) and effect not in ("threat", "violence")
        and not _UNCONFIRMED_BEFORE.search(before)  # "had not confirmed the capture of": no denial
    ):
        if _NO_LONGER.search(before) and effect == "hold":
            flip = True
        elif effect in ("take", "fall", "retake", "handover"):
            # "the Taliban had not raised their flag over the city": what did not happen, told
            # beside what did, decides only where nothing else is said of the place (no event:
            # an outcome the text tells beats it)
            effect, weak, negated = "deny", True, True
        elif effect in ("fight", "strike"):
            effect = "threat"  # "there was no fighting in Bazarak"
        elif effect == "hold":
            flip = True  # "the only cities not in Taliban hands": held by the other side
        elif effect == "lose" and entry.actor == "subject":
            # "the movement was not abandoning Kabul": its own still hold it
            effect, event_type = "hold", EventType.OTHER
        elif effect in ("repel", "fail"):
            effect = "fight"  # "the army has not halted the Taliban push on Kandahar": no outcome
    floor = max(clause[0], a - 150)
    window_start = max(floor, seg.rfind(",", floor, a) + 1, seg.rfind(";", floor, a) + 1)
    subordinate = _FACT_CLAUSE.search(seg, window_start, a)
    if subordinate is not None and _PAST_VERB.match(seg, a, b):
        window_start = subordinate.end()  # "officials called for reinforcements after insurgents
        # surrounded the outpost": the request does not make what had happened a wish (but "will
        # march on Kabul after they capture Kandahar" is still to come)
    tail_end = min(len(seg), b + 45)
    stop = _TAIL_STOP.search(seg, b, tail_end)
    if stop:
        tail_end = stop.start()
    if effect not in ("violence", "threat", "deny", "fail", "repel") and (
        lx.fast("modal").search(seg[window_start:a])
        or (
            _modal_after(lx, seg[b:tail_end])
            and not (effect == "fight" and lx.word("purpose").search(seg[b:tail_end]))
        )
    ):
        effect, hypothetical = "threat", True  # "could fall", "to prevent the fall of"
    if (
        effect in _OUTCOME_EFFECTS
        and _GERUND.match(seg, a)
        and a - clause[0] < 4
        and lx.fast("modal").search(seg[b : clause[1]])
    ):
        effect, hypothetical = "threat", True  # "Capturing Kunduz would be a big gain"
    background = False
    if effect not in ("threat", "violence") and lx.word("background").search(
        seg[max(0, a - 30) : a]
    ) and not _ONE_AFTER_ANOTHER.search(seg, max(0, a - 40), a):
        if effect in ("fight", "strike"):
            weak = True  # "after fierce fighting": the outcome that follows decides
        else:
            background = True  # "a day after being beaten back": only for the place it names
    if effect in ("take", "fall", "lose", "retake") and _REPEATED.match(seg, b):
        weak = True  # "Kunduz, which they have occupied twice in recent years": history, not news
    if effect in ("take", "fall", "lose") and _HOW_IT_WENT.search(seg, max(0, a - 60), a):
        effect = "threat"  # "an investigation into how the city was lost": no news of it
    fm = lx.word("facility").match(seg[b : b + 90]) if effect in (
        "take", "retake", "hold", "lose") else None
    if fm is not None and (";" in seg[b : b + fm.end()] or _NAMED_OBJECT_FIRST.match(seg[b : b + fm.end()])):
        fm = None  # "was among the cities seized; with the base gone, ...": another clause;
        # "captured Ghazni on Thursday, cutting the road to Kandahar": the city is the object
    facility = fm is not None and (
        # "pulled back from a number of checkpoints in Lashkar Gah": what they left is part of
        # it; but "abandoned Sheberghan and fell back to the airport" left the city
        effect != "lose" or not re.search(r"[A-Z]", seg[b : b + fm.end()])
    )
    if facility and _REGION_THEN_CITIES.match(seg, b):
        facility = False  # "swept up large parts of the country, among them Herat and Kandahar":
        # the cities named are taken whole
    if effect in ("take", "fall") and (
        _PARTLY.match(seg[b : b + 40]) or _PARTLY.search(seg[max(0, a - 20) : a])
    ):
        partial = True  # "overrun, wholly or in part", "partly overrun"
    if effect == "handover" and _DISARMAMENT.search(
        seg, max(clause[0], a - 100), min(clause[1], b + 120)
    ):
        return None  # "militiamen handed in their weapons under a disarmament programme": no
        # place changed hands
    if effect in ("take", "fight") and _UNARMED.search(seg, b, min(clause[1], b + 90)):
        return None  # "walked into the capital without their guns to celebrate a ceasefire"
    if effect in ("take", "fall", "handover") and (
        _NOT_A_PLACE_BEFORE.search(seg, max(0, a - 40), a)
        or (_AUX.match(seg, a) and _NOT_A_PLACE_SUBJECT.search(seg, max(0, a - 30), a))
    ):
        return None  # "the decision had been taken", "Khan was later captured"
    if entry.name == "entered" and (
        _UNOPPOSED.match(seg[b : b + 90]) or _UNOPPOSED_BEFORE.search(seg, max(0, a - 70), a)
    ):
        effect, event_type = "take", None  # "entered Chaghcharan without meeting any resistance"
    flag = "flag" in seg[a:b].lower()
    if effect in ("take", "fall", "retake", "lose", "expel") and lx.word("districts_before").search(
        seg[max(0, a - 110) : a]
    ) and not _AND_ITS_PARTS.search(seg, max(clause[0], a - 90), a):
        effect, partial = "fight", True  # "several districts of Badakhshan have fallen" (not
        # "Lashkar Gah and all its districts fell": the city fell too)
    if effect in ("take", "fall", "handover") and (
        _BRIEFLY.search(seg, max(0, a - 24), a) or _BRIEFLY_AFTER.match(seg, b)
    ) and not _PAST_TIME.search(seg, max(clause[0], a - 60), min(clause[1], b + 80)):
        partial = True  # "the city briefly fell": it did not last; what came after decides (an
        # old event, "briefly seized Kunduz in 2015", is its own date's fall)
    if effect in ("take", "retake", "expel", "lose", "fall") and (
        _RURAL_PARTS.match(seg, b) or _STILL_FIGHTING.search(seg, b, min(len(seg), b + 160))
    ):
        partial = True  # "out of rural parts of Uruzgan"; "..., but fighting continues"
    if effect in ("repel", "fail") and _IN_PARTS.match(seg, b):
        effect, event_type = "fight", EventType.CLASH  # "repelled the attack in parts of the
        # city": the rest is still fought over
    if effect == "hold" and _HAD_BEEN.search(before):
        return None  # "Taloqan had been in Taliban hands for a year": the state before the story
    if effect == "hold" and _PARTS_IN_CUE.search(seg, a, b):
        partial = True  # "still present in some parts of Farah"
    wide = facility and bool(_WIDE_PART.match(seg[b : b + 60]))
    if facility and _SEAT_OF_POWER.match(seg[b : b + 90]) and not _GERUND.match(seg, a, b):
        facility = False  # "took control of the presidential palace": the seat of power (not
        # "were taking over government buildings one after another": still going on)
    then_city = _THEN_THE_CITY.search(seg, b, min(len(seg), b + 120))
    if facility and then_city and (
        then_city.start() < clause[1] or not _BUT.search(seg, b, then_city.start())
    ):
        facility = False  # "took Kandahar's airport and then the city itself"
    if effect in ("take", "retake", "hold", "lose") and facility and not flag and (
        wide or not _ALL_AFTER.match(seg, b)
    ):
        partial = effect != "hold" or wide  # "seized the police headquarters in Faizabad"
    part_before = effect in ("take", "fall", "hold", "lose") and bool(
        lx.fast("part_before").search(_INCLUDING.sub("", seg[max(clause[0], a - 110) : a]))
    )  # (", including the central roundabout," says which parts)
    if part_before and _AND_ITS_PARTS.search(seg, max(clause[0], a - 90), a):
        part_before = False  # "Lashkar Gah and all its districts fell": the city fell too
    if part_before and not _ALL_AFTER.search(
        seg[max(clause[0], a - 70) : a]
    ):
        partial = True  # "large parts of Sari Pul were overrun", "the compound ... still held"
    # --- who acted, and the status that follows ----------------------------------------------
    actor, actor_text = _actor_of(seg, a, b, entry, effect, actors, clauses, k, ctx, day)
    if seg[a:b].lower().startswith("rode") and (
        actor is Actor.UNKNOWN or _OFFICIAL_SUBJECT.search(seg, max(clause[0], a - 40), a)
    ):
        return None  # "President Ghani rode into Mazar-i-Sharif to rally its defenders"
    if entry.name == "cleared" and _OF_THE_TALIBAN.match(seg, b):
        # "had already been cleared of Taliban fighters": by their enemies
        actor = Actor.GOVERNMENT if day <= _REPUBLIC_FELL else Actor.ANTI_TALIBAN
    elif entry.name == "cleared" and actor is Actor.UNKNOWN and (
        ctx.speaker is Actor.TALIBAN or _TALIBAN_SAYS.search(seg, max(clause[0], a - 160), a)
    ):
        actor = Actor.TALIBAN  # a Taliban spokesman: every building 'had been "cleared"': by them
    if (
        effect in ("take", "retake", "lose", "handover")
        and entry.actor == "subject"
        and (actor is Actor.UNKNOWN or _CIVILIAN_SUBJECT.search(seg, max(clause[0], a - 30), a))
        and lx.fast("civilians").search(seg[max(clause[0], a - 60) : a])
    ):
        return None  # "families streamed into Kabul", "protesters tore down the flag": no claim
    if (
        effect == "fight" and entry.actor == "subject" and actor is Actor.UNKNOWN
        and lx.fast("civilians").search(seg[max(0, a - 80) : a])
    ):
        return None  # "families ..., many of them trying to reach Kandahar": no one fights
    if effect == "lose" and _OFFICIAL_SUBJECT.search(seg, max(clause[0], a - 40), a):
        return None  # "the provincial governor fled the city": a person left, the city did not fall
    if entry.name == "tighten_grip":
        if actor is Actor.UNKNOWN and seg[a:b].lower().startswith("squeez"):
            return None  # "months of unpaid salaries are squeezing security forces"
        if day > _PANJSHIR_TAKEN and actor is Actor.TALIBAN:
            effect, event_type = "hold", None  # "the Taliban tighten their grip on Kabul" (2022)
    if effect in ("fight", "hold") and actor is Actor.ISLAMIC_STATE:
        effect, event_type = "violence", EventType.ATTACK  # Islamic State's attacks hold no city
    if effect == "fight" and entry.name == "attack" and (
        (
            day > _PANJSHIR_TAKEN and seg[a:b].lower().startswith("attack")
            and actor is not Actor.ANTI_TALIBAN and not _RESISTANCE.search(seg)
            and not ctx.resistance_story
        )
        or _MASS_ATTACK.search(seg, max(clause[0], a - 40), a)
        or _CASUALTIES_AFTER.match(seg, b)
    ):
        # Once the war for the cities was over, an "attack" in a city is a bombing or a raid, not
        # a fight for it (an assault or an offensive still is); and "one of the deadliest attacks
        # in Kabul" is a massacre in any year
        effect, event_type = "violence", EventType.ATTACK
    kind, winner_actor = _status_of(seg, a, b, effect, actor, actors, day)
    if kind is None:
        return None
    if flip != entry.opposite:  # "not in Taliban hands"; "outside Taliban control"
        kind = {T: G, G: T}.get(kind, kind)
    if partial and (
        (kind in (T, G) and effect in ("take", "retake", "fall", "lose", "expel"))
        or (effect == "hold" and kind == T)
    ):
        kind = C
    if effect == "hold" and facility and kind == G:
        partial = True  # "government forces still hold the airport"
    if event_type is None or (effect in ("deny", "threat", "violence") and entry.effect != effect):
        if effect == "violence":
            event_type = event_type or EventType.ATTACK
        else:
            event_type = _event_type(effect, kind if kind in (T, G) else None, day)
    if effect == "threat" or negated:
        event_type = EventType.OTHER
    if negated and kind == D:
        kind = R  # "the insurgents never raised their flag over the city": no event, no claim
    if denier is not None and kind == D and denier.side in (T, G) and actor.side != denier.side:
        # a hold, by the denier's side (not "the Taliban denied reports that their fighters had
        # seized Ghazni": a side denying its own gain disputes it)
        kind, event_type = denier.side, EventType.OTHER
    if partial and effect in ("take", "retake", "fall", "expel", "lose"):
        event_type = EventType.CLASH
    shown = actor if actor is not Actor.UNKNOWN else winner_actor
    persists = kind == C and not facility_fight and bool(
        _PERSISTS.search(seg, max(0, a - 25), min(len(seg), b + 25))
    )
    target = entry.target
    if (
        effect in ("take", "handover") and target == "any" and _PARTICIPLE.match(seg, a)
        and _PASSIVE_BEFORE.search(seg[max(0, a - 30) : a])
    ):
        target = "before"  # "Khan was captured and jailed in Kandahar": what was taken is its subject
    return Cue(
        a, b, seg[a:b], kind, effect, shown, actor_text, event_type, entry.name, partial,
        weak or hypothetical, target, persists, background,
    )


def _plain(seg: str, a: int, b: int, entry: CueEntry, day: dt.date) -> Cue:
    """A cue stated as fact whatever surrounds it ("the seventh capital to fall, after A, B and
    C": A, B and C fell), by its period's attacker."""
    winner = attacker(day) if entry.effect in ("take", "fall") else defender(day)
    kind = _side_status(winner) or R
    event_type = entry.event_type or _event_type(entry.effect, kind, day)
    return Cue(a, b, seg[a:b], kind, entry.effect, winner, "", event_type, entry.name,
               target=entry.target)


def _status_of(
    seg: str,
    a: int,
    b: int,
    effect: str,
    actor: Actor,
    actors: _Actors,
    day: dt.date,
) -> tuple[str | None, Actor]:
    """The status a cue gives, from its effect and its actor's side (an unnamed actor takes the
    period's attacker or defender), and the actor that won when the text did not name one."""
    if effect in ("fight", "strike"):
        return C, Actor.UNKNOWN
    if effect in ("violence", "threat"):
        return R, Actor.UNKNOWN
    if effect == "deny":
        return D, Actor.UNKNOWN
    if effect in ("take", "retake", "hold", "repel", "fall"):
        if actor is not Actor.UNKNOWN:
            return _side_status(actor), actor
        default = attacker(day) if effect in ("take", "fall") else defender(day)
        return _side_status(default), default
    if effect in ("lose", "fail"):
        if actor is not Actor.UNKNOWN:
            return _opposite(actor), Actor.UNKNOWN
        if effect == "lose":
            return _side_status(attacker(day)), attacker(day)
        return _side_status(defender(day)), defender(day)
    if effect == "expel":
        loser = _object_actor(seg, a, b, actors, actor)
        if loser is not None and loser is not Actor.UNKNOWN:
            return _opposite(loser), Actor.UNKNOWN
        if actor is not Actor.UNKNOWN:
            return _side_status(actor), actor
        return _side_status(defender(day)), defender(day)
    if effect == "handover":
        recipient = _recipient(seg, b, actors, day, actor)
        if recipient is not None:
            return _side_status(recipient), recipient
        if actor is not Actor.UNKNOWN:
            return _opposite(actor), Actor.UNKNOWN
        return _side_status(attacker(day)), attacker(day)
    return None, Actor.UNKNOWN


def _recipient(
    seg: str, b: int, actors: _Actors, day: dt.date, giver: Actor = Actor.UNKNOWN
) -> Actor | None:
    """The actor a place is handed to ("handed over the city to the Taliban"); "to them", "to the
    group" is the side named before in the sentence that is not the giver's, else the other side
    of the giver, else the period's attacker."""
    m = _TO_RECIPIENT.match(seg, b)
    if m is None and re.match(r"\s*to\s+", seg[b - 4 : b + 1]):
        return _first_actor(actors, b, b + 30, seg)
    if m is None:
        return None
    first = next(iter(actors.between(m.end(), m.end() + 30)), None)
    if first is not None and first.side == "context":
        # "handed the city over to the group, and government forces withdrew": the side named
        # before that the words refer to
        before = [
            x for x in actors.known_before(first.start)
            if not x.institution and (giver is Actor.UNKNOWN or Actor(x.side).side != giver.side)
        ]
        if before:
            return Actor(before[-1].side)
        if giver.side == "taliban":
            return attacker(day) if attacker(day).side != "taliban" else Actor.GOVERNMENT
        return Actor.TALIBAN if giver is not Actor.UNKNOWN else attacker(day)
    return _first_actor(actors, m.end(), m.end() + 30, seg)


def _object_actor(
    seg: str, a: int, b: int, actors: _Actors, subject: Actor = Actor.UNKNOWN
) -> Actor | None:
    """The actor driven out: named inside the words ("drove the Taliban out"); a pronoun there
    ("pushed them out") is the nearest actor named before that is not on the subject's side."""
    after = actors.between(b, b + 40)
    inside = actors.between(a + 1, b) or [
        f for f in after if _ONLY_ARTICLE.match(re.sub(r"'s\b|\bgroup", "", seg[b : f.start]))
    ][:1]
    for f in inside:
        if f.side != "context":
            return Actor(f.side)
        before = [
            x for x in actors.known_before(f.start)
            if not x.institution and (subject is Actor.UNKNOWN or Actor(x.side).side != subject.side)
        ]
        if before:
            return Actor(before[-1].side)
    return None


def _first_actor(actors: _Actors, lo: int, hi: int, seg: str) -> Actor | None:
    for f in actors.between(lo, hi):
        if lo <= f.start < hi and f.side != "context":
            return Actor(f.side)
    return None


def _actor_of(
    seg: str,
    a: int,
    b: int,
    entry: CueEntry,
    effect: str,
    actors: _Actors,
    clauses: Sequence[tuple[int, int]],
    k: int,
    ctx: _Context,
    day: dt.date,
) -> tuple[Actor, str]:
    """Who acted, by the entry's role: the words themselves, the agent after them, or the
    subject (a passive's "by" agent; else the first actor of the clause before the words, up to a
    speech verb or a relative pronoun; a pronoun or bare noun resolved to the actor named before).
    """
    role = entry.actor
    quiet = effect in ("fight", "strike", "violence", "threat", "deny")
    if role == "none" or (quiet and role != "subject"):
        return Actor.UNKNOWN, ""
    if role == "agent_by":
        by = _BY_AGENT.match(seg, b)
        agent = None if by is None else next(iter(actors.between(by.end(), by.end() + 5)), None)
        return _resolved(agent, actors, ctx) if agent is not None else (Actor.UNKNOWN, "")
    if role in ("inner", "agent") or effect == "fail":
        inside = [f for f in actors.between(a, b) if f.side != "context"]
        if inside:
            return Actor(inside[0].side), inside[0].text
        if role == "inner":
            pronoun = next((f for f in actors.between(a, b) if f.side == "context"), None)
            if pronoun is not None:  # "is theirs": whoever "they" are
                return _resolved(pronoun, actors, ctx)
            side = _INNER_SIDE.search(seg, a, b)
            if side is not None:
                return _inner_actor(side.group(1), day), side.group(1)
            return _possessor(seg, a, actors, ctx)
    if role == "agent":
        for f in actors.between(b, b + 45):
            if _ONLY_ARTICLE.match(seg[b : f.start]) or _ADJECTIVES_ONLY.match(seg[b : f.start]):
                if effect == "fall" and f.text.lower() in ("them", "they"):
                    return attacker(day), f.text  # "the city fell to them": to its attackers
                return _resolved(f, actors, ctx)
        named = _NAMED_AGENT.match(seg, b)
        if named is not None and entry.name in ("under_control_of", "fell_to"):
            # "controlled by Yunis Khalis": someone who is not the Taliban, who would be named so
            return Actor.ANTI_TALIBAN, named.group(1)
        return Actor.UNKNOWN, ""
    # subject
    lost = effect == "lose" and seg[a:b].lower().startswith("lost")
    by = _BY_RIGHT_AFTER.match(seg, b) if lost or effect not in _BY_IS_NOT_ACTOR else None
    agent = None if by is None else next(iter(actors.between(by.end(), by.end() + 5)), None)
    if agent is not None:  # "the last city still held by the government", "an attack by IS";
        # "the fourth provincial capital lost by the government": the loser
        if lost and seg.startswith("'s", agent.end):
            return Actor.UNKNOWN, ""  # "lost by the Taliban's enemies": someone else's
        return _resolved(agent, actors, ctx)
    if (
        effect not in ("lose", "fail")
        and _PARTICIPLE.match(seg, a)
        and _PASSIVE_BEFORE.search(seg[max(0, a - 30) : a])
    ):
        by = _BY_AGENT.match(seg, b)
        if by is not None:
            agent = next(iter(actors.between(by.end(), by.end() + 5)), None)
            if agent is not None:
                return _resolved(agent, actors, ctx)
        return Actor.UNKNOWN, ""
    if effect == "fail" and _DESCRIBED.search(seg, max(clauses[k][0] if clauses else 0, a - 40), a):
        return Actor.UNKNOWN, ""  # "US forces described the attack as a failed attempt": not theirs
    found = _subject(seg, a, actors, clauses, k, ctx)
    if found[0] is Actor.UNKNOWN and effect in ("hold", "take") and _IT_SUBJECT.match(seg, 0, a):
        last = ctx.last
        if last is not None:  # "It now controls Takhar and Balkh provinces": the one told of
            return last
    return found


_OTHER_PLACE_IN = re.compile(
    r"(?:\b(?i:district|town|village|border\s+town|border\s+crossing|valley)s?"
    r"|\b(?i:called|named|of|including|as)\s+(?:the\s+)?" + NOT_A_NAME
    + r"(?!(?:Government|Afghan|Kabul|Taliban|Alliance)\b)[A-Z][\w'-]+(?:[\s-][A-Z][\w'-]+)?)"
    r"\s+in\s+(?:the\s+)?(?:(?i:north|south|east|west|central)\w*\s+)?$"
)
_CAPITAL_NAMED = re.compile(  # "the capital of Badghis, " right before the capital's name
    r"\b(?:the\s+)?(?:provincial\s+)?capital\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:province\s+of\s+)?"
    r"((?-i:[A-Z])[\w'-]+(?:[\s-](?-i:[A-Z])[\w'-]+)?)(?:\s+province)?\s*,\s*$"
)


def _capital_named(head: str, m: Mention, locator_end: EndingRegex) -> bool:
    """The words before a capital end on "the capital of <its own province>, ": an apposition
    that names the capital ("and the capital of Badghis, Qala-e-Naw"), not a place it locates
    (unless the apposition itself is located: "officials in the capital of Helmand, Lashkar Gah,
    said")."""
    found = _CAPITAL_NAMED.search(head)
    return (
        found is not None and fold(found.group(1)).lower()[:4] == fold(m.place.province).lower()[:4]
        and not locator_end.search(head[: found.start()].rstrip() + " ")
    )
_ONLY_ARTICLE = re.compile(r"^[\s,]*(?:the\s+)?$", re.I)
_DESCRIBED = re.compile(
    r"\b(?:describ\w*|call(?:ed|s|ing)?|term(?:ed|s)?|brand(?:ed|s)?|characteri[sz]\w*|portray\w*)"
    r"\s+(?:the|this|that|their|its|last\s+\w+'s)\s+$",
    re.I,
)
_ADJECTIVES_ONLY = re.compile(  # "in the hands of young and heavily armed Talibs"
    r"^\s*(?:the\s+|a\s+)?(?:(?:young|heavily|lightly|well|armed|bearded|hardline|victorious|"
    r"jubilant|local|foreign|and|newly|arrived|triumphant)[\s-]+){1,5}$", re.I
)
_NAMED_AGENT = re.compile(r"\s*(?:the\s+)?((?:[A-Z][\w'-]+\s*){1,4})")
_INNER_SIDE = re.compile(
    r"\b(taliban|taleban|insurgents?|militants?|militia|movement|rebels?|government|state|afghan|alliance|opposition|"
    r"resistance)\b",
    re.I,
)


def _inner_actor(word: str, day: dt.date) -> Actor:
    """The side of a word inside a cue ("Taliban-held", "under government control")."""
    word = word.lower()
    if word.startswith(("talib", "taleb", "insurg", "milit", "movement")) or (
        word.startswith("rebel") and day > _TALIBAN_REGIME_ENDS
    ):
        return Actor.TALIBAN
    if word in ("alliance", "opposition", "resistance") or word.startswith("rebel"):
        return Actor.ANTI_TALIBAN
    if day <= _TALIBAN_REGIME_ENDS or day > _REPUBLIC_FELL:
        return Actor.TALIBAN  # the state was the Taliban's
    return Actor.GOVERNMENT


_OWNER_BEFORE = re.compile(r"(?:\b(their|its)|['\u2019]s?)\s+(?:[\w-]+\s+)?$", re.I)


def _possessor(seg: str, a: int, actors: _Actors, ctx: _Context) -> tuple[Actor, str]:
    """"their stronghold", "its control", "the Taliban's defeat in": the actor named before the
    possessive."""
    owner = _OWNER_BEFORE.search(seg, max(0, a - 40), a)
    if owner is not None and owner.group(1) is None:  # "the Taliban's defeat": named right there
        named = [f for f in actors.known_before(owner.start() + 1) if f.end >= owner.start() - 1]
        if named:
            return Actor(named[-1].side), named[-1].text
    if owner is not None or re.search(r"\b(?:their|its|the\s+group(?:'s)?)\b", seg[a : a + 40], re.I):
        known = actors.known_before(a)
        if known:
            return Actor(known[-1].side), known[-1].text
        if ctx.last is not None:
            return ctx.last
    return Actor.UNKNOWN, ""


def _subject(
    seg: str,
    a: int,
    actors: _Actors,
    clauses: Sequence[tuple[int, int]],
    k: int,
    ctx: _Context,
) -> tuple[Actor, str]:
    """The subject actor of the words at ``a``: the first actor (not the object of a preposition)
    between the last boundary before them and the words; a relative pronoun's antecedent; the
    subject of the clause before when this one has none ("stormed the city and captured it")."""
    floor = clauses[k][0]
    lo = max(floor, a - 200)
    window = seg[lo:a]
    boundary = lo
    for m in _SPEECH_RX.finditer(window):
        if not window[m.end() :].strip():
            continue  # "the Taliban claimed control over": the speaker did it
        boundary = lo + m.end()
    for m in _SUBJECT_BREAK.finditer(window):
        boundary = max(boundary, lo + m.end())
    rel = _RELATIVE_AUX.search(seg, max(boundary, a - 40), a)
    if rel is not None:
        antecedent = [f for f in actors.known_before(rel.start(), 60)
                      if not seg[f.end : rel.start()].strip(" ,")]
        if antecedent:  # "a deal with the Taliban, who have seized the provincial capital"
            return _resolved(antecedent[-1], actors, ctx)
    best: _Found | None = None
    for f in actors.between(boundary, a):
        if _PREPOSITION_BEFORE.search(seg[max(0, f.start - 18) : f.start]) and not _QUANTITY_OF.search(
            seg[max(0, f.start - 24) : f.start]
        ):
            continue  # "attacks against the Taliban"; but "thousands of Taliban fighters" act
        if _is_object(seg, f) and not _TO_BEFORE_CUE.match(seg, f.end, a):
            continue  # "attacked government forces and captured": an object, unless it acts next
        best = f  # the nearest actor before the words that is no object
    if best is not None and best.side == "context" and boundary > lo and best.start - boundary <= 3 and (
        _PRONOUN_AFTER_SPEECH.match(seg, boundary, a)
    ):
        cut = max([0] + [m.end() for m in _CLAUSE_JOIN.finditer(seg, max(0, a - 300), boundary)])
        speaker = [f for f in actors.between(max(cut, a - 300), boundary) if f.side != "context"
                   and not _RELATIVE_BEFORE.search(seg, max(cut, f.start - 60), f.start)
                   and not _PREPOSITION_BEFORE.search(seg[max(0, f.start - 18) : f.start])]
        if speaker:  # "Fighters loyal to Gul Agha, who governed Kandahar before the Taliban, said
            # they had taken control of the city": the speakers, not the last force named
            return Actor(speaker[-1].side), speaker[-1].text
    if best is not None:
        return _resolved(best, actors, ctx)
    if boundary > lo and _PRONOUN_AFTER_SPEECH.match(seg, boundary, a):
        speaker = [f for f in actors.between(lo, boundary) if f.side != "context"]
        if speaker:  # "the NRF announced that it had taken Charikar": the one who announced it
            return Actor(speaker[-1].side), speaker[-1].text
    if _RELATIVE.search(seg, max(boundary, a - 12), a):
        before = actors.known_before(a)
        if before:  # "the Taliban, who captured Kunduz": the antecedent
            return Actor(before[-1].side), before[-1].text
    if boundary == floor and k > 0:
        return _subject(seg, clauses[k - 1][1] - 1, actors, clauses, k - 1, ctx)
    return Actor.UNKNOWN, ""


# "except Kunduz province, on the Tajik border, and ": the next name of the excepted list
_EXCEPT_LIST = re.compile(
    r"\b(?:except|excluding|save\s+for)\s+(?:for\s+|in\s+)?(?-i:[A-Z])"
    r"(?:(?!\b(?:has|have|had|was|were|is|are|fell|fallen|fall)\b)[^.;:]){0,90}?"
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:in\s+)?(?:the\s+)?$",
    re.I,
)
_OWN_VERB = re.compile(
    r"\s+(?:province\s+|city\s+)?(?:was|were|is|are|has|had|have|fell|also|itself|then|came|went)\b",
    re.I,
)


def _except_list(head: str, text: str, end: int) -> bool:
    """The head ends in the next name of an excepted list ("except Kunduz province, ..., and"),
    not a place of a clause of its own ("except Mazar-i-Sharif, and Sheberghan was overrun")."""
    if _OWN_VERB.match(text, end):
        return False
    tail = head[-140:]
    return ("xcept" in tail or "xcluding" in tail or "save for" in tail) and bool(
        _EXCEPT_LIST.search(tail)
    )


_NEAR_THE = re.compile(r"\b(?:near|close\s+to|towards?|by)\s+(?:the\s+)?$", re.I)  # "near the
# Pakistani border": where a place lies, no fight on the border
_CAPITALISED = re.compile(r"\s(?-i:[A-Z])(?!aliban|aleban)[a-z]")  # a name, not "the Taliban's"
_AT_THE_EDGE = re.compile(r"on\s+the\s+(?:edges?|outskirts|fringes)", re.I)
_AIMED = re.compile(r"(?:eye|set|threaten|menac|target)", re.I)
_CLAUSE_JOIN = re.compile(r";|,\s*(?:and|but|while|as)\s", re.I)
_RELATIVE_BEFORE = re.compile(r",\s*(?:who|which|whose)\b[^,]*$", re.I)
_QUOTE_START = re.compile(r"\s*[\"\u201c]")
_PRONOUN_AFTER_SPEECH = re.compile(r"\s*(?:it|they|we)\s+(?:had\s+|has\s+|have\s+|would\s+)?", re.I)


def _is_object(seg: str, f: _Found) -> bool:
    """An actor right after a transitive verb ("attacked government forces") is its object."""
    m = _OBJECT_BEFORE.search(seg, max(0, f.start - 30), f.start)
    return (
        m is not None
        and m.group(1).lower() not in _ADJECTIVE_PARTICIPLES
        and m.group(1).lower() not in _SPEECH_PARTICIPLES  # "saying their fighters held it"
    )


def _resolved(f: _Found, actors: _Actors, ctx: _Context) -> tuple[Actor, str]:
    """An actor phrase with its side; a pronoun or a bare noun ("they", "the forces") takes the
    nearest actor named before it in the sentence, else the latest of the text."""
    if f.side != "context":
        return Actor(f.side), f.text
    if ctx.speaker is not None and re.match(r"(?:we|our|us|ours)\b", f.text, re.I):
        return ctx.speaker, f.text  # "we pushed them back," a police chief said
    if f.text.lower().endswith("defenders"):
        return defender(ctx.day), f.text  # "the city's defenders": whoever held it
    before = actors.known_before(f.start)
    armed = [x for x in before if not x.institution]
    if _GROUP.fullmatch(f.text):
        # "the group" is the movement the sentence is about, not the last force named before
        # it ("taken control of Panjshir, the last area held by resistance forces, the group's
        # spokesman said")
        movement = [x for x in armed if x.side in ("taliban", "islamic_state")]
        if movement:
            return Actor(movement[0].side), movement[0].text
    if armed or before:
        x = (armed or before)[-1]
        return Actor(x.side), x.text
    last = ctx.last_armed
    if last is not None:
        return last
    after = [x for x in actors.items if x.start > f.end and x.side != "context" and not x.institution]
    if after:  # "... are under the group's control, the Taliban said": nothing said before
        return Actor(after[0].side), after[0].text
    if _GROUP.fullmatch(f.text) and ctx.day > _TALIBAN_REGIME_ENDS:
        return Actor.TALIBAN, f.text  # "the group" with nothing named: the insurgency
    return Actor.UNKNOWN, f.text


_SPEECH_RX = WordScan(
    r"\b(?:said|says|say|told|tweeted|claimed|claims|confirmed|announced|reported|stated|added|"
    r"wrote|posted|insisted|denied|acknowledged|admitted|declared|conceded|believed|thought|"
    r"feared|warned)\b(?:\s+(?:on|late|early|in)\s+\w+)?(?:\s+that)?"
)


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of the sentence ``text[start:end]`` (split at ``;``, dashes, ", while", ", but" ...).

    A stretch without a verb (a list of names between dashes or semicolons, "— on Sunday") is no
    clause of its own: it stays with the clause before it, or, at the start of the sentence, with
    the clause after it ("Zarang, the capital of Nimruz; Sheberghan ...; and now Aybak are under
    the group's control").

    Examples
    --------
    >>> t = "The Taliban captured Kunduz, while fighting raged in Herat."
    >>> [t[a:b] for a, b in split_clauses(t, 0, len(t))]
    ['The Taliban captured Kunduz', ', while fighting raged in Herat.']
    >>> t = "It follows the fall of three capitals — Kunduz, Sar-i-Pul and Taloqan — on Sunday."
    >>> len(split_clauses(t, 0, len(t)))
    1
    """
    cuts: list[int] = []
    for m in _clause_splits(text, start, end):
        if m.group().strip().lower() == "and" and _BETWEEN.search(
            text, cuts[-1] if cuts else start, m.start()
        ):
            continue  # "clashes between the Taliban and the Afghan forces": one clause
        cuts.append(m.start())
    if not cuts:
        return [(start, end)]
    bounds = [start, *cuts, end]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    verbless = [
        bool(_LIST_CUT.match(text, x) or _AND_CUT.match(text, x)) and _verbless(text[x:y])
        if i else _verbless(text[x:y])
        for i, (x, y) in enumerate(pieces)
    ]
    spans: list[list[int]] = []
    pending: int | None = None  # start of verbless pieces at the head of the sentence
    for (x, y), bare in zip(pieces, verbless, strict=True):
        if bare and spans:
            spans[-1][1] = y
        elif bare:
            pending = x if pending is None else pending
        else:
            spans.append([pending if pending is not None else x, y])
            pending = None
    if pending is not None:
        if spans:
            spans[-1][1] = end
        else:
            spans.append([pending, end])
    return [(x, y) for x, y in spans]


# "seized the governor's compound and the police headquarters in Sheberghan": a second object
# (not "and the government Mazar-i-Sharif": a new subject, its verb left out)
_AND_CUT = re.compile(
    r",?\s+and\s+(?!(?:the\s+)?(?:[\w-]+\s+)?(?:government|afghan|taliban|security|forces|troops|"
    r"commandos|army|alliance|police|militants|insurgents|fighters|militias?)\s+(?-i:[A-Z]))",
    re.I,
)
_LIST_CUT = re.compile(r"\s*(?:;|[-\u2013\u2014])(?!\s*(?:as\s+well\s+as|along\s+with|in\s+addition\s+to)\b)")
_LIST_WORDS = frozenset(
    ["the", "and", "or", "now", "of", "province", "provinces", "city", "cities", "capital", "capitals", "provincial", "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "northeastern", "northwestern", "southeastern", "southwestern", "on", "in", "at", "last", "week", "also", "both", "as", "well", "including", "district", "districts", "then", "later", "finally", "respectively"]
)
_TOKEN = re.compile(r"[A-Za-z][\w'\u2019-]*")


_VERB_WORD = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|may|might|"
    r"must|shall|should|said|says|say|told|tells|fell|falls|fall|took|take|takes|taken|made|makes|"
    r"go|goes|went|gone|came|come|comes|left|leaves|held|holds|hold|won|wins|lost|loses|got|gets|"
    r"saw|sees|seen|ran|runs|fled|flee|flees|fight|fights|fought|kept|keeps|seize|seizes|"
    r"capture|captures|control|controls|remain|remains|brings?|brought|puts|opens|gives|gave|"
    r"sends|sent|marks|comes|came|raises|leaves|means|meant|overran|overrun|overruns|drove|driven|"
    r"drives|broke|broken|struck|strikes|withdrew|withdrawn|retook|retaken|retakes|swept|sweeps|"
    r"overtook|overtaken|began|begun|beat|beaten|\w{3,}(?:ed|ing))\b",
    re.I,
)


def _verbless(piece: str) -> bool:
    """A stretch without a verb: names, descriptions, dates ("Kondoz, the prize of the north")."""
    return _TOKEN.search(piece) is not None and _VERB_WORD.search(piece) is None


# --------------------------------------------------------------------------------------------
# attribution
# --------------------------------------------------------------------------------------------


def attribution(
    text: str, start: int, end: int, lexicon: Lexicon | None = None
) -> Attribution | None:
    """Who the sentence ``text[start:end]`` says is speaking, if anyone.

    Examples
    --------
    >>> t = "Taliban spokesman Zabihullah Mujahid tweeted that fighters had taken the city."
    >>> attribution(t, 0, len(t)).claimant
    'Taliban spokesman Zabihullah Mujahid'
    >>> t = "The city fell on Sunday, said Ahmad Zia, a provincial council member."
    >>> a = attribution(t, 0, len(t)); (a.claimant, a.side)
    ('Ahmad Zia, a provincial council member', 'government')
    """
    lx = lexicon or default_lexicon()
    sentence = text[start:end]
    m = _ACCORDING.search(sentence)
    if m:
        end = m.end(1)
        comma = sentence.find(",", m.start(1), end)
        if comma >= 0 and _VERB_WORD.search(sentence, comma, end):
            end = comma  # "According to reports, the militants swept into Kunduz": the clause
            # after the comma is what was reported, not who reported it
        return _make_attr(sentence[m.start(1) : end], start + m.start(1), start + end, lx)
    speech = lx.scan("speech")
    for n_verb, v in enumerate(speech.finditer(sentence)):
        if n_verb == 5:
            break
        floor = max(0, v.start() - 300)
        pre_start = max(
            max(sentence.rfind(ch, floor, v.start()) for ch in (";", "\u201d", "\u201c", '"', ":", "\u2014")),
            floor - 1,
        ) + 1
        pre = sentence[pre_start : v.start()]
        if _DETERMINER_END.search(pre):
            continue  # "rejected the claim", "a statement": a noun, not who speaks
        stripped = pre.strip().rstrip(",").strip()
        tail = sentence[v.end() : v.end() + 200]
        inverted = (
            v.group() in ("said", "says", "added", "wrote", "warned", "insisted", "tweeted")
            and bool(re.search(r",\s*$", pre))
            and bool(re.match(r"\s*(?:[A-Z][\w'.\-]*|a|an|the)(?:[\s,]+[\w'.\-]+){0,10}\s*$", tail))
            and not _VERBISH.search(tail)
        )
        coordinated = _COORDINATED.match(stripped) if not inverted else None
        if coordinated and not _VERBISH.search(coordinated.group(1)):
            # "Local officials rejected the claim and said ...": the first verb's subject
            abs_start = start + pre_start + pre.find(stripped)
            return _make_attr(coordinated.group(1), abs_start,
                              abs_start + len(coordinated.group(1)), lx)
        if stripped and not inverted:
            parts = [p.strip() for p in stripped.split(",")]
            while len(parts) > 1 and _ASIDE_ADVERB.fullmatch(parts[-1]):
                parts.pop()  # "The Taliban, meanwhile, claimed": the aside is not the speaker
            subject = parts[-1]
            offset = stripped.rfind(parts[-1])
            if (
                re.match(r"^(?:a|an|the)\s+[a-z]", subject)
                and len(parts) > 1
                and re.fullmatch(r"(?:[A-Z][\w'.\-]*\s*){1,5}", _LEADING_CONJ.sub("", parts[-2]))
            ):
                subject = parts[-2] + ", " + subject
                offset = stripped.rfind(parts[-2])
            subject = _LEADING_ADVERBIAL.sub("", subject) if len(parts) == 1 else _LEADING_CONJ.sub("", subject)
            rel = re.search(r"\s+(?:who|which|whose)\s", subject)
            shown = subject[: rel.start()] if rel else subject
            words = shown.split()
            if (
                0 < len(words) <= 12
                and not re.search(r"\b(?:that|had|has|have|was|were|is)\b", shown)
                and not _VERBISH.search(shown)  # "The Taliban entered Kabul but said": no subject
                and not re.search(r"\b(?:but|and|then)\s*$", shown)
            ):
                abs_start = start + pre_start + pre.find(stripped) + max(0, offset)
                return _make_attr(shown.strip(" ,"), abs_start, start + v.start(), lx)
        post = sentence[v.end() : v.end() + 300]
        pm = re.match(
            r"\s*(?:on\s+\w+\s+|late\s+\w+\s+)?((?:[A-Z][\w'.\-]*|a|an|the)(?:[\s,]+[\w'.\-]+){0,12}?)\s*(?:[.;]|$|\s+that\b|\s+on\s+[A-Z]|,\s*(?:adding|saying|who|which|as|after|before|when)\b)",
            post,
        )
        if pm and not re.match(r"(?:that|on|in|it|this)\b", pm.group(1)):
            s = start + v.end() + pm.start(1)
            return _make_attr(pm.group(1).strip(" ,."), s, s + len(pm.group(1)), lx)
    return None


def _object_of_cue(text: str, cues: Sequence[Cue], m: Mention) -> bool:
    """The place is the object a cue's words end on ("reinforcements were rushed to Kunduz"):
    a locator's words inside the cue ("rushed to") do not make it a mere destination."""
    return any(
        c.end <= m.start and (
            (c.effect == "fight" and text[c.end : m.start].strip().lower() in ("", "the"))
            # "took the capital, Kabul,": the appositive names what was taken
            or (c.effect in ("take", "retake", "fight", "hold", "lose")
                and bool(_CAPITAL_APPOSITION.fullmatch(text[c.end : m.start])))
        )
        for c in cues
    )


def _speaker_actor(attr: Attribution | None, day: dt.date, lx: Lexicon) -> Actor | None:
    """The side a speaker's "we" stands for: a Taliban spokesman's is the Taliban; an official's
    is whoever held the government on ``day`` (the Taliban's since 15 August 2021); another
    speaker's is the side its words name ("General Dostum", "an alliance commander")."""
    if attr is None:
        return None
    if attr.side not in ("taliban", "government"):
        named = next((f for f in _actors(fold(attr.claimant), day, lx).items), None)
        return Actor(named.side) if named is not None and named.side != "context" else None
    if attr.side == "taliban":
        return Actor.TALIBAN
    return Actor.GOVERNMENT if day <= _REPUBLIC_FELL else Actor.TALIBAN


def _make_attr(claimant: str, a: int, b: int, lx: Lexicon) -> Attribution:
    side = "other"
    if re.search(lx.word("taliban_side").pattern, claimant, re.I):
        side = "taliban"
    elif re.search(lx.word("government_side").pattern, claimant, re.I):
        side = "government"
    return Attribution(claimant, side, a, b)


# --------------------------------------------------------------------------------------------
# mentions -> assessments
# --------------------------------------------------------------------------------------------


def assess(
    text: str,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int]],
    *,
    article_date: dt.date = dt.date(2021, 8, 10),
    lexicon: Lexicon | None = None,
) -> list[Assessment]:
    """The status of every claimable mention, then the article-level dispute rule.

    Rules (DEFINITIONS.md): the nearest cue in the mention's clause decides, unless the place only
    locates or receives; a later clause's outcome beats an attempt; a fact capture in the sentence
    outranks a government hold on a facility (kept as a note); a province named to locate its
    capital takes the capital's status; a capture claimed by one side and disputed by another in
    the same article becomes contested, with both quotes.
    """
    lx = lexicon or default_lexicon()
    locator, except_ = lx.word("locator"), lx.word("except")
    locator_end = lx.ending("locator")
    threatened_after = lx.word("threatened_after")
    civilians = lx.fast("civilians")
    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault((m.sentence_start, m.sentence_end), []).append(m)
    out: list[Assessment] = []
    disputes: list[tuple[int, Attribution | None, str, str]] = []
    side_disputes: list[tuple[int, Attribution, str, str]] = []  # "the Taliban's claim ... false"
    last_claim_sentence: tuple[int, int] | None = None
    last_claim_attr: Attribution | None = None
    prev_claimant: Attribution | None = None
    ctx = _Context(text, article_date, lx)
    topic = _Topic()
    attempts: list[Assessment] = []  # the last claim sentence's fights, for a sequel to end
    since_attempt = 0
    previous_sentence: tuple[int, int] | None = None
    for sent in sentences:
        before_this, previous_sentence = previous_sentence, sent
        group = by_sentence.get(sent)
        group_starts = [x.start for x in group] if group else []
        claimable = [m for m in group or () if m.via in _CLAIMABLE_VIA]
        a, b = sent
        since_attempt += 1
        if not claimable and attempts and since_attempt <= 2:
            ended = _sequel(text, a, b, attempts, article_date, lx, ctx)
            if ended:
                out.extend(ended)
                attempts, last_claim_sentence = [], sent
                continue
        if claimable and last_claim_sentence and all(m.via == "anaphor" for m in claimable) and (
            _doubts(text, a, b) and _doubt_comes_first(text, a, b, lx)
        ):
            # "A US official said it was not yet clear who held the city": a doubt about the
            # place just claimed, which it names only as "the city"
            _dispute(text, a, b, last_claim_sentence, last_claim_attr, disputes, lx,
                     article_date, ctx, side_disputes)
            continue
        if not claimable:
            if last_claim_sentence and (
                _CONTRAST_START.match(text, a)
                or _dismisses(text, a, b)
                or _doubts(text, a, b)
                or _not_taken(text, a, b)
            ):
                _dispute(text, a, b, last_claim_sentence, last_claim_attr, disputes, lx,
                         article_date, ctx, side_disputes)
            else:
                ctx.skip(a, b)
            continue
        clauses = split_clauses(text, a, b)
        attr = sentence_attr = attribution(text, a, b, lx)
        if attr is not None and attr.claimant.lower() in _PRONOUNS and prev_claimant is not None:
            attr = sentence_attr = replace(attr, claimant=prev_claimant.claimant, side=prev_claimant.side)
        if attr is not None:
            prev_claimant = attr
        speaker = attr
        if (
            speaker is None and prev_claimant is not None and before_this is not None
            and prev_claimant.start >= before_this[0] and _QUOTE_START.match(text, a)
        ):
            speaker = prev_claimant  # '..., said a council member. "We have left the city."'
        ctx.speaker = _speaker_actor(speaker, article_date, lx)
        cues = find_cues(text, a, b, article_date=article_date, lexicon=lx, context=ctx,
                         clauses=clauses)
        ctx.speaker = None
        if _PAGE_LINK.match(text, a) or _under_links_heading(text, a) or _link_bar(
            text[a:b], [m.start - a for m in group or ()]
        ):
            cues = []  # "Related: Afghan troops rushed to Helmand": a link to another story
        if cues and group:
            named = {m.start for m in group}
            cues = [c for c in cues if not _of_another_place(text, c, named)]
        clause_starts = [x for x, _ in clauses]
        cue_starts = [c.start for c in cues]
        claim_starts = [m.start for m in claimable]
        clause_attr: dict[tuple[int, int], Attribution | None] = {}
        # A capture stated by the reporters, or conceded by the government side, is a fact; one
        # only the Taliban claim is not.
        fact_capture = next(
            (
                c
                for c in cues
                if c.kind == T and not c.partial and c.effect in _OUTCOME_EFFECTS
                and (attr is None or attr.side != "taliban")
            ),
            None,
        )
        partial_note = "; ".join(
            _short(_clause_text(text, clauses, c.start)) for c in [c for c in cues if c.partial][:2]
        )
        sentence_out: list[Assessment] = []
        claimable = _repoint_anaphors(text, claimable, a, locator, topic.main())
        named_here = {m.place.name for m in claimable if m.via == "name"}
        claimable = [m if m.place.name in named_here else topic.repoint(m) for m in claimable]
        for m in claimable:
            k = max(0, bisect_right(clause_starts, m.start) - 1)
            clause = clauses[k]
            lo, hi = max(clause[0], m.start - WINDOW), min(clause[1], m.end + WINDOW)
            in_clause = _between(cues, cue_starts, lo, hi)
            if in_clause and group_starts and len(group_starts) > 1:
                # "The assault on Tarin Kot is the latest sign that the insurgency is going after
                # towns like Kunduz": an attack on another place named right after it is that
                # place's (a province keeps its capital's; a list shares it)
                in_clause = [c for c in in_clause if not (
                    c.effect in ("fight", "violence", "strike") and not _object_of(c, m, text)
                    and _attack_on_another(text, c, m, group or (), group_starts)
                )]
            if clause not in clause_attr:
                clause_attr[clause] = attribution(text, *clause, lx) if len(clauses) > 1 else None
            attr = clause_attr[clause] or sentence_attr
            head = fold_span(text, max(a, m.start - 90), m.start)
            excepted_here = bool(except_.search(head[-120:]))  # "every province except Panjsher"
            in_list = not excepted_here and _except_list(head, text, m.end)  # "..., and Badghis"
            speaker_located = (
                locator_end.search(head) and not _object_of_cue(text, in_clause, m)
                # "the highway that runs south from Kunduz, which fell on Sunday": the relative
                # clause tells of the place itself
                and not _WHICH_CUE.match(text, m.end)
                # "captured Qalat and the capital of Badghis, Qala-e-Naw": the capital named
                and not (m.place.kind is PlaceKind.CAPITAL and _capital_named(head, m, locator_end))
                # "planted their flag in the main square, but government forces still held a base
                # on the outskirts of the city": the story's city, which the capture is about
                and not (m.via == "anaphor" and _FACILITY_AT_EDGE.search(head))
            ) or (
                # "captured an important border town called Wesh in Kandahar": the city's name
                # locates another place (its province's); the city itself is not fought for
                m.place.kind is PlaceKind.CAPITAL and m.via == "name"
                and bool(_OTHER_PLACE_IN.search(head))
            ) or excepted_here or in_list or (
                attr is not None
                and attr.start <= m.start < attr.end
                and bool(_SPEAKER_LOCATED.search(head[-30:]))
            )
            speaker_located = speaker_located or bool(
                threatened_after.match(text[m.end : m.end + 30])
            ) or bool(_ROUTE_COMPOUND.match(text, m.end)) or bool(
                _ROUTE_COMPOUND_BEFORE.search(text, max(a, m.start - 40), m.start)
                and _ROUTE_WORD.match(text, m.end)
            ) or (
                bool(_SCENE.match(text, a, m.start)) and bool(_SCENE_SPEAKER.match(text, m.end))
            )  # "In Kabul, a Northern Alliance official said": where the speaker is
            cue = None if speaker_located else _nearest(_outside_asides(text, (lo, hi), in_clause, m), m, text)
            if cue is not None and cue.kind == R:
                # "closing in on Kunduz, the last Taliban stronghold in the north": the apposition
                # says who holds it; the advance is only a threat
                cue = next(
                    (c for c in in_clause if c.effect == "hold" and c.kind in (T, G)
                     and 0 <= c.start - m.end <= 40 and _APPOSITION.match(text[m.end : c.start])),
                    cue,
                )
            except_note = ""
            if speaker_located:
                # "headed for Kandahar, their stronghold in the south": the apposition still
                # describes the place.
                cue = next(
                    (c for c in in_clause if c.effect == "hold" and (
                        (0 <= c.start - m.end <= 12
                         and not text[m.end : c.start].strip(" ,").replace("the", "").strip()
                         and not _VERBISH.match(c.text))  # "the government in Kabul still holds"
                        # "70 miles from Kandahar, the last major city still in Taliban hands"
                        or (c.kind in (T, G) and 0 <= c.start - m.end <= 50
                            and bool(_APPOSITION_LONG.match(text[m.end : c.start])))
                        # "retreated to their spiritual headquarters of Kandahar"
                        or _hold_of(c, m, text)
                    )),
                    None,
                )
                excepted = (excepted_here or in_list) and next(
                    (c for c in reversed(cues if in_list else in_clause)
                     if c.end <= m.start and m.start - c.end <= 200 and c.kind in (T, G)
                     and c.effect in ("take", "fall", "hold", "retake", "expel", "lose", "fail")
                     and not c.weak), None
                )  # (also "routed everywhere in the north except Kunduz province")
                if cue is None and excepted:
                    # "overran every province except Panjsher": what the capture spared is still
                    # its defenders'
                    cue = replace(excepted, kind=G if excepted.kind == T else T,
                                  effect="hold", event_type=EventType.OTHER, start=m.start,
                                  end=m.start)  # a state on the story's day, not the capture's
                    except_note = "Excepted from: " + _short(
                        _clause_text(text, clauses, excepted.start)
                    )
                if cue is None and _WHERE_AFTER.match(text, m.end):
                    # "all eight districts except Bazarak, where fighting was still under way",
                    # "pushed closer to Lashkar Gah, where fierce clashes raged": the place says
                    # its own state in the clause it heads
                    cue = next((c for c in cues if 0 <= c.start - m.end <= 80 and c.kind == C
                                and not c.weak and not any(
                                    m.end < o.start < c.end + 40 for o in claimable)
                                and not _SPEECH_RX.search(text, m.end, c.start)
                                # "north of Kabul, where the front line has barely moved": a
                                # front near the city, not a fight for it
                                and (excepted or "front" not in c.text.lower())), None)
            if cue is None and not speaker_located and k > 0 and (
                _LIST_CONTINUES.match(text, clause[0]) or _ELLIPSIS.match(text, clause[0])
                or _FOLLOWED.match(text, m.end, clause[1])
            ):
                # "seized Lashkar Gah, ..., and Qala-i-Naw in the northwest": the verb carries over.
                prev = clauses[k - 1]
                carried = _between(cues, cue_starts, max(prev[0], m.start - WINDOW), prev[1])
                if _FOLLOWED.match(text, m.end, clause[1]):
                    # "...; Sheberghan followed on Saturday": the outcome before it, not the fight
                    carried = [c for c in carried if c.kind in (T, G)] or carried
                cue = _nearest(carried, m, text)
            if cue is not None and cue.effect == "lose" and cue.actor is Actor.UNKNOWN and (
                civilians.search(fold_span(text, max(clause[0], cue.start - 60), cue.start))
            ):
                cue = None  # "families fled Kunduz": people leaving, no claim about the place
            note = except_note
            date_clause = clause
            later = _later_outcome(
                text, clauses[k + 1 : k + 4], cues, cue_starts, claim_starts, m,
                after_capture=cue is not None and cue.kind == T,
                after_hold=cue is not None and cue.effect == "hold" and cue.kind in (T, G),
            )
            if later is not None and cue is not None and not speaker_located:
                if later.kind in (D, C):
                    note = ("Fighting goes on: " if cue.effect == "hold" and later.kind == C
                            else "Disputed in the same sentence: ") + _short(
                        _clause_text(text, clauses, later.start)
                    )
                cue = later
                date_clause = clauses[max(0, bisect_right(clause_starts, later.start) - 1)]
            if cue is not None and cue.kind in (T, G) and not speaker_located:
                # "... said Kunduz had fallen, a claim denied by the Defence Ministry"
                denied = next((c for c in cues if c.kind == D and c.start > cue.end), None)
                if denied is not None:
                    note = "Disputed in the same sentence: " + _short(
                        _clause_text(text, clauses, denied.start)
                    )
                    cue = replace(denied, event_type=cue.event_type, actor=cue.actor,
                                  actor_text=cue.actor_text)
            if cue is not None and cue.partial and fact_capture is not None:
                note = "Government still holds: " + partial_note
                cue = fact_capture
            elif fact_capture is not None and cue is fact_capture and partial_note:
                note = "Government still holds: " + partial_note
            if cue is not None and cue.effect == "hold" and cue.kind in (T, G) and not speaker_located:
                fight = next((c for c in in_clause if c.kind == C and not c.weak and not c.partial
                              and _distance(c, m) <= 120
                              and not any(o.place is not m.place and min(c.start, m.start) < o.start
                                          < max(c.start, m.start) for o in claimable)), None)
                if fight is not None:
                    # "moved into the outskirts of Kabul, the last major city still held by the
                    # government": a hold does not end a battle
                    note = "Fighting goes on: " + _short(_clause_text(text, clauses, fight.start))
                    cue = fight
            cues_text: tuple[str, ...] = ()
            actor, actor_text, event_type = Actor.UNKNOWN, "", EventType.OTHER
            if cue is None:
                status, anchor, denial = ControlStatus.REPORTED, m.start, False
            else:
                status = _STATUS[cue.kind]
                cues_text, anchor, denial = (cue.text,), cue.start, cue.kind == D
                actor, actor_text, event_type = cue.actor, cue.actor_text, cue.event_type
                if cue.partial and status is ControlStatus.GOVERNMENT:
                    status = ControlStatus.CONTESTED
                    note = "Government holds only part of it"
                if (
                    status is ControlStatus.GOVERNMENT and m.place.kind is PlaceKind.PROVINCE
                    and cue.effect in ("repel", "fail") and m.via == "name"
                ):
                    # "fought off a large Taliban offensive in Helmand province": fighting in the
                    # province (a province named for its capital takes the capital's instead)
                    status = ControlStatus.CONTESTED
                    note = "An attack in the province, repelled"
                if (
                    status in (ControlStatus.TALIBAN, ControlStatus.GOVERNMENT)
                    and m.place.kind is PlaceKind.PROVINCE
                    and cue.effect in ("take", "retake", "fall", "expel")
                    and _PART_OF_BEFORE.search(text, max(m.sentence_start, m.start - 40), m.start)
                ):
                    # "the Taliban overran much of Badakhshan": a province taken in part is
                    # fought over (a city's "most of it" is its fall, see DEFINITIONS)
                    status = ControlStatus.CONTESTED
                    note = "Part of the province"
                if (
                    status in (ControlStatus.TALIBAN, ControlStatus.GOVERNMENT)
                    and m.place.kind is PlaceKind.PROVINCE
                    and _districts_of(text, cue, m)
                ):
                    # "captured Bano and Deh Saleh, all in Baghlan province": districts taken,
                    # so the province is fought over (its capital stays as its own words say)
                    status = ControlStatus.CONTESTED
                    note = "Districts of the province, not its capital"
            sentence_out.append(
                Assessment(
                    mention=m,
                    status=status,
                    cues=cues_text,
                    anchor=anchor,
                    clause=date_clause,
                    claimant=attr.claimant if attr and status is not ControlStatus.REPORTED else "",
                    claimant_side=attr.side if attr and status is not ControlStatus.REPORTED else "",
                    note=note,
                    denial=denial,
                    actor=actor,
                    actor_text=actor_text,
                    event_type=event_type,
                )
            )
        if before_this is not None and _THEY_ARE.match(text, a) and not any(
            x.status.is_control for x in sentence_out
        ):
            sentence_out = _they_are(text, sentence_out, before_this, article_date, lx)
        for x in sentence_out:
            topic.note(x)
        sentence_out = _locate(sentence_out)
        if any(x.status.is_control for x in sentence_out):
            last_claim_sentence = sent
            last_claim_attr = sentence_attr
            attempts = [
                x for x in sentence_out
                if x.status is ControlStatus.CONTESTED and not x.denial
                and x.mention.place.kind is PlaceKind.CAPITAL and x.event_type is EventType.CLASH
            ]
            since_attempt = 0
        elif last_claim_sentence and (
            _CONTRAST_START.match(text, a) or _dismisses(text, a, b)
        ):
            _dispute(text, a, b, last_claim_sentence, last_claim_attr, disputes, lx,
                     article_date, ctx, side_disputes)
        out.extend(sentence_out)
    spans = list_items(text) if "\n" in text else []  # the list items, found once
    out = _list_headers(text, out, sentences, spans, article_date, lx)
    out = _name_items(text, out, spans, article_date, lx)
    if ":" in text and "\n" in text:
        out = _colon_items(text, out, article_date, lx)
    out = _locate_across(out, text)
    return _side_disputes(_reconcile(out, disputes, text), side_disputes)


_SCENE = re.compile(r"\s*(?:in|from|at)\s+(?:the\s+(?:\w+\s+)?(?:city|capital)\s+of\s+)?$", re.I)
_SCENE_SPEAKER = re.compile(
    r",\s*(?:a|an|the)?\s*(?:[\w'-]+\s+){0,6}?(?:officials?|spokes(?:man|woman|person)|commanders?|"
    r"sources?|ministers?|ministry|diplomats?|analysts?|lawmakers?|governor|envoy|witnesses)\s+"
    # (the speaker's name may follow: "Interior Ministry spokesman Sediq Sediqqi confirmed")
    r"(?:(?-i:[A-Z])[\w'-]+\s+){0,3}(?:\w+\s+)?(?:said|says|told|claimed|claims|added|insisted|"
    r"warned|confirmed|denied|announced)\b",
    re.I,
)
_OF_UNKNOWN_NAME = re.compile(
    r"\s+(?:the\s+)?" + NOT_A_NAME + r"(?!Afghan|U\.?S\b|American|NATO|Northern\b)((?-i:[A-Z])[\w'-]+)"
    r"(?![\w'-])(?<!'s)(?!(?:\s+(?-i:[A-Z])[\w-]+){1,2}'s\b)"
)  # (a person's possession is not that person's: "the fall of Mullah Omar's stronghold Kandahar")


def _of_another_place(text: str, cue: Cue, named: set[int]) -> bool:
    """A cue ending in "of" followed by a capitalised word that starts no mention of this
    sentence ("The loss of Nawa district tightens the Taliban's grip around Lashkar Gah"): the
    loss is Nawa's, not a named place's. (Titles and people's names count as such words too.)"""
    if not cue.text.lower().endswith(" of"):
        return False
    m = _OF_UNKNOWN_NAME.match(text, cue.end)
    return m is not None and m.start(1) not in named


def _link_bar(sentence: str, named: Collection[int] = ()) -> bool:
    """A bar of links, not a sentence: four or more items of at most four words between "|"
    ("Key battle grounds: Herat | Kandahar | Kabul | Kunduz", the first item after its label's
    colon), two or more of which name a place (``named``: offsets in ``sentence`` where
    mentions start). A headline before its site's sections ("Taliban capture Kunduz | Asia |
    World | The Independent") names one: it is read as a headline.

    Examples
    --------
    >>> _link_bar("Key battle grounds: Herat | Kandahar | Kabul | Kunduz", [20, 28, 39, 47])
    True
    >>> _link_bar("Taliban capture Kunduz | Asia | World | The Independent", [16])
    False
    """
    if sentence.count("|") < 3:
        return False
    items, at = [], 0
    for item in sentence.split("|"):
        items.append((at, at + len(item), item))
        at += len(item) + 1
    _, end, first = items[0]
    label_off = first.rsplit(":", 1)[-1]
    items[0] = (end - len(label_off), end, label_off)
    if not all(len(item.split()) <= 4 for _, _, item in items):
        return False
    return sum(any(a <= n < b for n in named) for a, b, _ in items) >= 2


_PAGE_LINK = re.compile(
    r"\s*(?:related(?:\s+(?:stories|articles|posts|news|topics|coverage|content|reading|links))?|read\s+more|also\s+read|see\s+also|"
    r"more\s+from\s+(?:this\s+category|\w+)|more\s+on\s+this|recommended|also\s+on\s+\S+|"
    r"you\s+may\s+(?:also\s+)?like|watch|listen|keep\s+reading|trending|popular)\s*[:|>\-\u2013\u2014]",
    re.I,
)
_DATE_PREFIX = re.compile(
    r"^[\s\-\u2013\u2014\u2022*]*(?:(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:,?\s+\d{4})?\s*[-\u2013\u2014:]+)?\s*"
)
_HEADER_REST = re.compile(r"^[\s,]*(?:city|province|\(\w+\))?[\s.:;]*$", re.I)
_HEADING_LINE = re.compile(r"^[^\n]{6,160}:[ \t]*$", re.M)


def _list_headers(
    text: str,
    items: list[Assessment],
    sentences: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int]],
    article_date: dt.date,
    lx: Lexicon,
) -> list[Assessment]:
    """A list item headed by a place ("- Aug. 8 - KUNDUZ. The insurgents take control of the
    northern city ...") says of that place what its own sentences say without naming another
    place; with none, what the list's heading says ("PROVINCIAL CAPITALS THAT HAVE FALLEN:")."""
    if not spans:
        return items
    by_start = {x.mention.start: i for i, x in enumerate(items)}
    starts = [a for a, _ in sentences]
    out = list(items)
    for x, y in spans:
        k = bisect_left(starts, x)
        if k >= len(sentences) or sentences[k][0] >= y:
            continue
        head = sentences[k]
        here = [i for i, a in enumerate(items) if head[0] <= a.mention.start < head[1]]
        if len(here) != 1 or items[here[0]].status.is_control:
            continue
        a = items[here[0]]
        m = a.mention
        if _HEADER_REST.match(text[m.end : head[1]]) is None or _DATE_PREFIX.sub(
            "", text[head[0] : m.start]
        ).strip(" -\u2013\u2014"):
            continue
        cue, span = None, None
        for body in sentences[k + 1 :]:
            if body[0] >= y:
                break
            others = [
                b for b in items
                if body[0] <= b.mention.start < body[1]
                and b.mention.place.province != m.place.province
            ]
            if others:
                continue
            found = [c for c in find_cues(text, body[0], body[1], article_date=article_date,
                                          lexicon=lx) if not c.weak and c.kind != R]
            if found:
                cue = found[0]
                break
        if cue is None:
            heading = None
            for h in _HEADING_LINE.finditer(text, max(0, x - 2000), x):
                heading = h
            if heading is not None:
                found = [c for c in find_cues(text, heading.start(), heading.end(),
                                              article_date=article_date, lexicon=lx)
                         if c.kind != R]
                if found:
                    cue, span = found[0], (heading.start(), heading.end())
        if cue is None:
            continue
        out[by_start.get(m.start, here[0])] = replace(
            a,
            status=_STATUS[cue.kind],
            cues=(cue.text,),
            denial=cue.kind == D,
            actor=cue.actor,
            actor_text=cue.actor_text,
            event_type=cue.event_type,
            date_span=span,
        )
    return out


_NAME_ITEM_REST = re.compile(  # names, and the words that say where they are
    r"^(?:[\s,;.()]|\b(?:and|city|cities|town|province|provinces|the|capital|of|its|including|"
    r"same|name|(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central|"
    r"neighbou?ring)\b)*$",
    re.I,
)


def _name_items(
    text: str,
    items: list[Assessment],
    spans: Sequence[tuple[int, int]],
    article_date: dt.date,
    lx: Lexicon,
) -> list[Assessment]:
    """A list whose items are only names, each perhaps dated ("• August 6 – Zaranj, Nimroz
    province", "• August 8 – Kunduz city, Sar-i-Pul city and Taluqan"), under a heading that
    says what happened to them ("Provincial capitals taken by the Taliban so far"): every place
    of an item takes the heading's words, on the item's date."""
    if not spans:
        return items
    out = list(items)
    first = 0
    for n, (x, y) in enumerate(spans):
        if n == 0 or text[spans[n - 1][1] : x].strip():
            first = x  # a new list starts here
        inside = [i for i, a in enumerate(items) if x <= a.mention.start < y]
        if not inside or any(items[i].status.is_control for i in inside):
            continue
        rest = text[x:y]
        for i in sorted(inside, key=lambda i: -items[i].mention.start):
            m = items[i].mention
            rest = rest[: m.start - x] + " " + rest[m.end - x :]
        if not _NAME_ITEM_REST.match(_DATE_PREFIX.sub("", rest, count=1)):
            continue  # the item says more than names
        heading = _heading_before(text, first)
        if heading is None:
            continue
        found = [c for c in find_cues(text, heading[0], heading[1], article_date=article_date,
                                      lexicon=lx) if c.kind != R and not c.weak]
        if not found:
            continue
        cue = found[0]
        for i in inside:
            out[i] = replace(
                items[i], status=_STATUS[cue.kind], cues=(cue.text,), denial=cue.kind == D,
                actor=cue.actor, actor_text=cue.actor_text, event_type=cue.event_type,
                date_span=(x, y),
            )
    return out


_PLACE_COLON_ITEM = re.compile(
    r"^[ \t]*(?:[-\u2013\u2014\u2022*][ \t]+)?"
    # a date may lead the item ("Aug. 12 \u2013 Herat: Afghanistan's third-largest city.")
    rf"(?:{DAY_LABEL}[ \t]*[-\u2013\u2014][ \t]*)?"
    r"((?-i:[A-Z])[\w'-]+(?:[ -](?-i:[A-Z])[\w'-]+){0,2}):"
    r"[ \t]+(\S[^\n]*)$",
    re.M,
)
_BARE_HEADING = re.compile(r"^[ \t]*([^\n]{6,120}?)[ \t:]*$", re.M)


def _colon_items(
    text: str, items: list[Assessment], article_date: dt.date, lx: Lexicon
) -> list[Assessment]:
    """A factbox of lines headed by a place and a colon ("Qala-e-Naw: The Taliban say they have
    taken the capital of Badghis province.", under "Provincial capitals contested as of August
    12", "Herat: The third-largest city in Afghanistan."): what the line says of no other place is
    said of the place heading it; a line that says nothing takes the words of the heading above
    the list (a line of its own, with no full stop)."""
    by_start = {x.mention.start: i for i, x in enumerate(items) if x.mention.via == "name"}
    out = list(items)
    for line in _PLACE_COLON_ITEM.finditer(text):
        i = by_start.get(line.start(1))
        if i is None:
            continue
        head = out[i]
        m = head.mention
        if m.end != line.end(1) and text[m.end : line.end(1)].strip().lower() not in ("city", "province"):
            continue  # the place is not the whole heading ("Kabul University: ...")
        body = (line.start(2), line.end(2))
        if head.status.is_control:
            _province_takes_head(out, head, body)
            continue
        if any(
            body[0] <= x.mention.start < body[1] and x.mention.place.province != m.place.province
            and x.mention.place.kind is PlaceKind.CAPITAL and x.status.is_control
            for x in items
        ):
            continue  # the line tells of another city
        found = [c for c in find_cues(text, body[0], body[1], article_date=article_date, lexicon=lx)
                 if not c.weak and c.kind != R]
        span = None
        if not found:
            heading = _heading_before(text, line.start())
            if heading is not None:
                found = [c for c in find_cues(text, heading[0], heading[1],
                                              article_date=article_date, lexicon=lx)
                         if c.kind != R]
                span = heading
        if not found:
            continue
        cue = found[0]
        new = replace(head, status=_STATUS[cue.kind], cues=(cue.text,), anchor=cue.start,
                      denial=cue.kind == D, actor=cue.actor, actor_text=cue.actor_text,
                      event_type=cue.event_type, date_span=span or body)
        out[i] = new
        _province_takes_head(out, new, body)
    return out


def _province_takes_head(out: list[Assessment], head: Assessment, body: tuple[int, int]) -> None:
    """In the line a capital heads, its province with no claim of its own takes the capital's
    ("Farah: Capital of the western province of Farah."; "Lashkar Gah: Fighting has raged in the
    capital of Helmand")."""
    for j, x in enumerate(out):
        if (body[0] <= x.mention.start < body[1] and x.mention.place.kind is PlaceKind.PROVINCE
                and x.mention.place.province == head.mention.place.province
                and not x.status.is_control):
            out[j] = replace(head, mention=x.mention, locates=True)


def _heading_before(text: str, pos: int) -> tuple[int, int] | None:
    """The heading of the list a line at ``pos`` belongs to: the nearest line before it (within
    the list's lines) that stands alone between blank lines and ends with no full stop."""
    floor = max(0, pos - 2500)
    for m in reversed(list(_BARE_HEADING.finditer(text, floor, pos))):
        line = m.group(1).strip()
        if _PLACE_COLON_ITEM.match(m.group()) or not line:
            continue  # another item of the list
        if line.endswith((".", "!", "?", "\u201d", '"')):
            return None  # a paragraph of text: the list has no heading
        before_blank = m.start() == 0 or text[max(0, m.start() - 2) : m.start()].count("\n") >= 1
        return (m.start(1), m.start(1) + len(line)) if before_blank else None
    return None


def _locate_across(items: list[Assessment], text: str = "") -> list[Assessment]:
    """A province that the sentence gives no claim of its own, named right after its capital in
    the next sentence ("- FARAH. Capital of the western province of Farah."), takes the capital's
    claim."""
    out = list(items)
    for i, x in enumerate(items):
        if x.mention.place.kind is not PlaceKind.PROVINCE or x.status.is_control:
            continue
        if text and (_PAGE_LINK.match(text, x.mention.sentence_start)
                     or _under_links_heading(text, x.mention.sentence_start)):
            continue  # a link to another story names its own places
        for y in reversed(out[max(0, i - 4) : i]):
            if (
                y.mention.place.kind is PlaceKind.CAPITAL
                and y.mention.place.province == x.mention.place.province
                and y.mention.sentence_start != x.mention.sentence_start
                and 0 <= x.mention.start - y.mention.end <= _LOCATE_GAP
                and y.status.is_control
            ):
                out[i] = replace(
                    x, status=y.status, cues=y.cues, anchor=y.anchor, clause=y.clause,
                    claimant=y.claimant, claimant_side=y.claimant_side, note=y.note,
                    denial=y.denial, actor=y.actor, actor_text=y.actor_text,
                    event_type=y.event_type, date_span=y.date_span or (
                        y.mention.sentence_start, y.mention.sentence_end
                    ), locates=True,
                )
                break
    return out


class _Topic:
    """The capitals a text names, how often, and whether each was last named only to locate
    something: "the city" after "the highway from the capital, Kabul, ..." is the story's own
    city, not Kabul."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.places: dict[str, Place] = {}
        self.only_located: dict[str, bool] = {}

    def note(self, x: Assessment) -> None:
        m = x.mention
        if m.via != "name" or m.place.kind is not PlaceKind.CAPITAL:
            return
        located = x.status is ControlStatus.REPORTED and not x.cues
        self.places[m.place.name] = m.place
        self.only_located[m.place.name] = located
        if located:  # "the highway to Kabul": a place named in passing is not the story's city
            self.counts.setdefault(m.place.name, 0)
        else:
            self.counts[m.place.name] = self.counts.get(m.place.name, 0) + 1

    def main(self) -> Place | None:
        """The capital the text has named most (the first named, on a tie): the story's city."""
        top = max(self.counts, key=lambda k: self.counts[k], default=None)  # first max wins
        return self.places[top] if top is not None and self.counts[top] > 0 else None

    def repoint(self, m: Mention) -> Mention:
        if m.via != "anaphor" or not self.only_located.get(m.place.name):
            return m
        main = self.main()
        if main is None or main.name == m.place.name:
            return m
        return replace(m, place=main)


def _repoint_anaphors(
    text: str, mentions: list[Mention], sentence_start: int, locator: re.Pattern[str],
    story_city: Place | None = None,
) -> list[Mention]:
    """"Fighters in the city of Ghazni, southwest of Kabul, after the insurgents took over the
    city": "the city" is not the capital that only locates (Kabul) but the other one before it."""
    anaphors = [m for m in mentions if m.via == "anaphor"]
    if not anaphors:
        return mentions
    out = []
    named: list[Mention] = []  # the capitals named so far, in order
    latest: dict[str, Mention] = {}  # the latest of each
    for i, m in enumerate(mentions):
        if m.via == "name" and m.place.kind is PlaceKind.CAPITAL:
            named.append(m)
            latest[m.place.name] = m
        if m.via == "anaphor":
            same = [x for x in named if x.end <= m.start] if named and named[-1].end > m.start else named
            target = latest.get(m.place.name)
            if target is not None and target.end > m.start:
                target = next((x for x in reversed(same) if x.place is m.place), None)
            after = None if target is not None or story_city is None else next(
                (x for x in mentions[i + 1 : i + 6] if x.start >= m.end and x.via == "name"
                 and x.place is m.place), None)
            if (
                target is None and after is not None and story_city is not None
                and story_city is not m.place
                and not _OFFICE_BEFORE.search(text, max(sentence_start, after.start - 40), after.start)
                and locator.search(
                    fold_span(text, max(sentence_start, after.start - 60), after.start)
                )
            ):
                # "the checkpoints around the city had been overrun, and he appealed to the
                # government in Kabul": "the city" is the story's, not the capital named later
                # only to locate the government
                m = replace(m, place=story_city)
            if target is not None and locator.search(
                fold_span(text, max(sentence_start, target.start - 60), target.start)
            ):
                other = next(
                    (x for x in reversed(same) if x.place is not m.place and not locator.search(
                        fold_span(text, max(sentence_start, x.start - 60), x.start)
                    )),
                    None,
                )
                if (other is None and story_city is not None and story_city is not m.place
                        and not _OFFICE_BEFORE.search(text, max(sentence_start, target.start - 40),
                                                      target.start)):
                    other = replace(target, place=story_city)  # "a news conference in Kabul
                    # said the facilities in the city ...": the story's city
                if other is not None:
                    m = replace(m, place=other.place)
        out.append(m)
    return out


def _doubts(text: str, a: int, b: int) -> bool:
    """A sentence that doubts what was claimed ("A US official said that was not yet clear"),
    not the wire's boilerplate ("could not be independently verified")."""
    sentence = text[a:b]
    if not any(w in sentence for w in _DOUBT_WORDS):
        return False
    return bool(_DOUBT.search(sentence)) and not _BOILERPLATE_DOUBT.search(sentence)


_SIDE_CLAIM = re.compile(  # a claim of territory: "the Taliban's claim of victory", "Taliban
    # claims to have captured the valley"
    r"\b(taliban|taleban|government|army|ministry)(?:['\u2019]s?)?\s+(?:\w+\s+)?claims?\s+"
    r"(?:of\s+(?:victory|control|capture)|to\s+(?:have\s+)?(?:taken|captured|seized|control|conquered)|"
    r"(?:that\s+)?(?:they|it|the\s+group|its\s+fighters)\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:taken|captured|seized|control|conquered|overrun))",
    re.I,
)
_CONFIRM = re.compile(r"\bconfirm\w*", re.I)
_FALSE = re.compile(r"\b(?:false|untrue|baseless|lies?|propaganda|not\s+true|fake)\b", re.I)
# The verbs of a denied capture; looked for before the whole pattern: in lowered ASCII text with
# "in", in other text case-insensitively like the pattern.
_TAKEN_WORDS = ("taken", "captured", "fallen", "fell", "seized", "overrun", "conquered")
_TAKEN_VERB = re.compile("|".join(_TAKEN_WORDS), re.I)
_NOT_TAKEN = re.compile(  # "The ministry said neither had been taken.": the places claimed before
    r"\b(?:neither|none(?:\s+of\s+them)?|not\s+one\s+of\s+them|(?:it|they|the\s+(?:city|cities|town|"
    r"towns|provincial\s+capital))\s+(?:had|has|have|was|were|is|are)\s+(?:not|never))\s+"
    r"(?:\w+\s+){0,2}?(?:" + "|".join(_TAKEN_WORDS) + r")\b"
    r"(?!\s+(?:control\s+of\s+)?(?:the\s+)?(?:\w+\s+)?(?:airport|base|garrison|headquarters|weapons|"
    r"equipment|soldiers|troops))",
    re.I,
)
_ACTIVE_TAKE = re.compile(  # (the transitive verbs only: "it has not fallen" is still a denial)
    r"\b(?:have|has|had)\s+(?:not|never)\s+(?:yet\s+|even\s+|fully\s+|completely\s+)?(?:"
    + "|".join(w for w in _TAKEN_WORDS if not w.startswith("f")) + r")\b",
    re.I,
)


def _not_taken(text: str, a: int, b: int) -> bool:
    """``_NOT_TAKEN`` in ``text[a:b]`` (looked for only where one of its verbs stands), but not
    "they have not taken" (the attackers, of what they have not taken: "the only place they have
    not taken")."""
    chunk = text[a:b]
    if chunk.isascii():
        low = chunk.lower()
        if not any(w in low for w in _TAKEN_WORDS):
            return False
    elif _TAKEN_VERB.search(chunk) is None:
        return False
    return any(not _ACTIVE_TAKE.search(m.group()) for m in _NOT_TAKEN.finditer(text, a, b))


_DOUBT_WORDS = ("clear", "onfirm", "remature", "early", "isput", "uestion", "oubt")
_DISMISS_WORDS = ("laim", "eport", "enie", "deny")


def _dismisses(text: str, a: int, b: int) -> bool:
    """A sentence that dismisses a claim ("The ministry rejected the claims")."""
    chunk = text[a:b]
    return any(w in chunk for w in _DISMISS_WORDS) and bool(_DISMISSES_CLAIM.search(text, a, b))


def _outside_asides(
    text: str, clause: tuple[int, int], cues: Sequence[Cue], m: Mention
) -> Sequence[Cue]:
    """Cues of the clause without those inside a relative aside that does not hold the mention:
    a "where" aside is about its place only when nothing else is said of it ("Lashkar Gah, where
    fighting has raged for weeks, was still holding out"); a "who", "which" or "whose" aside
    is about the noun right before it ("Police in Wardak have detained the governor of Ghazni,
    whose provincial capital was handed over": not Wardak)."""
    if "," not in text[clause[0] : clause[1]]:
        return cues
    asides = [
        (a.start(), a.end())
        for a in _ASIDE.finditer(text, clause[0], clause[1])
        if not a.start() <= m.start < a.end()
    ]
    kept = [c for c in cues if not any(x <= c.start < y for x, y in asides)] if asides else cues
    if asides and not kept:
        kept = cues
    foreign = [
        (r.start(), r.end())
        for r in _RELATIVE_ASIDE.finditer(text, clause[0], clause[1])
        if not r.start() <= m.start < r.end() and not 0 <= r.start() - m.end <= 45
    ]
    if foreign:
        kept = [c for c in kept if not any(x <= c.start < y for x, y in foreign)]
    return kept


def _later_outcome(
    text: str,
    following: Sequence[tuple[int, int]],
    cues: Sequence[Cue],
    cue_starts: Sequence[int],
    claim_starts: Sequence[int],
    m: Mention,
    *,
    after_capture: bool = False,
    after_hold: bool = False,
) -> Cue | None:
    """"entered Qala-e-Naw but were pushed back", "say they control Panjshir, but resistance
    fighters deny this": a later clause naming no place that ends the story of this one. After a
    capture, "but officials said fighting was continuing" counts too (it disputes the capture)."""
    for x, y in following:
        if x > m.end + WINDOW:
            break
        if bisect_left(claim_starts, x) != bisect_left(claim_starts, y):
            return None  # that clause names its own place
        here = _between(cues, cue_starts, x, min(y, m.end + WINDOW))
        if not _THEN_CLAUSE.match(text, x):
            # "claim the complete capture of Panjshir; resistance says the fight goes on"
            goes_on = [c for c in here if (after_hold or after_capture) and c.kind == C
                       and c.persists and not c.weak]
            if goes_on:
                return goes_on[-1]
            continue
        kinds = (T, G, D, C) if after_capture and _CONTRAST_START.match(text, x) else (T, G, D)
        outcome = [
            c
            for c in here
            if not c.weak and not c.partial
            and (c.kind in kinds or ((after_hold or after_capture) and c.kind == C and c.persists))
        ]  # a hold does not end a battle: "held most of it, and fighting was still going on"
        if outcome:
            return outcome[-1]
    return None


def _doubt_comes_first(text: str, a: int, b: int, lx: Lexicon) -> bool:
    """Whether the doubt in ``text[a:b]`` comes before any cue ("not yet clear who held the
    city": the cue is what is doubted), rather than a claim of its own followed by a doubt."""
    segment = _unquoted(text, a, b)
    doubt = _DOUBT.search(segment)
    cue = next(_cue_matches(segment, lx), None)
    return doubt is not None and (cue is None or doubt.start() < cue.start())


def _between(cues: Sequence[Cue], starts: Sequence[int], lo: int, hi: int) -> Sequence[Cue]:
    """The cues starting in ``[lo, hi)`` (``starts`` is their sorted start offsets)."""
    return cues[bisect_left(starts, lo) : bisect_left(starts, hi)]


def _short(quote: str, limit: int = 400) -> str:
    """A quote cut to ``limit`` characters at a word, with an ellipsis."""
    if len(quote) <= limit:
        return quote
    return quote[:limit].rsplit(" ", 1)[0] + " \u2026"


_SEQUEL_REF = re.compile(
    r"\b(?:the|that|this|their|its)\s+(?:\w+\s+)?(?:attacks?|assaults?|offensive|raids?|push|"
    r"advance|onslaught|incursion|attackers|assailants|militants|insurgents|taliban|taleban|"
    r"fighters|enemy)\b|\bthem\b",
    re.I,
)


_THEN_THE_CITY = re.compile(
    r"\b(?:and|before)\s+(?:then\s+|later\s+|finally\s+|soon\s+)?(?:\w+\s+)?(?:on\s+)?(?:into\s+)?"
    r"(?:the\s+(?:rest\s+of\s+the\s+)?(?:city|town)|the\s+provincial\s+capital|"
    r"the\s+(?:centre|center|heart)\s+of\s+(?:the\s+)?(?:city|town))\b",
    re.I,
)


_LINKS_HEADING = re.compile(
    r"[ \t]*(?:related(?:\s+(?:articles|stories|news|posts|topics|coverage|content|links|reading))?|"
    r"read\s+more|see\s+also|more\s+on\s+this(?:\s+story)?|also\s+read|recommended|"
    r"you\s+may\s+(?:also\s+)?like|more\s+stories|latest\s+news)[ \t]*:?[ \t]*$",
    re.I,
)


def _under_links_heading(text: str, pos: int) -> bool:
    """A line right under "Related Articles" (or under other lines of that list) is a link."""
    line_end = text.find("\n", pos)
    if line_end != -1 and _LINKS_HEADING.fullmatch(text[pos:line_end]):
        return True  # the sentence opens with the heading itself
    line_start = text.rfind("\n", 0, pos) + 1
    if text[line_start:pos].strip():
        return False  # the sentence does not open its line
    end = line_start - 1
    for _ in range(6):  # up to five links above it in the same list
        if end <= 0:
            return False
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not line.strip():
            return False  # a blank line: no heading above this block
        if _LINKS_HEADING.fullmatch(line):
            return True
        end = start - 1
    return False


# "the governor of Farah, the city's mayor": an office of the place, which "the city" is
_OFFICE_BEFORE = re.compile(
    r"\b(?:governors?|mayors?|police\s+chiefs?|deputy|council|lawmakers?|officials?)\s+"
    r"(?:\w+\s+)?(?:of|for|from)\s+(?:the\s+)?(?:province\s+of\s+)?$",
    re.I,
)
_GROUP = re.compile(r"(?:its\s+|the\s+|this\s+)?(?:group|(?:islamist\s+|hard-?line\s+)?movement)", re.I)
_COORDINATED = re.compile(
    r"((?-i:[A-Z])[\w'.\-]*(?:\s+(?!and\b)[\w'.\-]+){0,5}?)\s+(?:[a-z]+ed|denied|rejected|"
    r"dismissed|spoke|gave|told|went|held|took|made|met)\b[^,;]{0,80}?\s+and\s*$"
)
_DETERMINER_END = re.compile(
    r"\b(?:the|a|an|their|his|her|its|this|that|such|these|those|whose|our|my)\s+$", re.I
)
_ASIDE_ADVERB = re.compile(
    r"(?:meanwhile|however|though|too|also|separately|in\s+turn|for\s+(?:their|its|his|her|"
    r"our|the\s+\w+'s)\s+part|in\s+(?:a|their|his|her|its)\s+(?:\w+\s+)?statement|in\s+response|"
    r"earlier|later|then|now|instead|again|for\s+now|so\s+far|in\s+a\s+(?:\w+\s+)?(?:post|tweet|"
    r"message|video))",
    re.I,
)
_APPOSITION = re.compile(r"\s*,\s*(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+){0,3}$", re.I)
_APPOSITION_LONG = re.compile(  # ", the last major city still"; "as the only big city"; ", the
    # only part of Afghanistan that remains"
    r"(?:\s*,\s*|\s+as\s+)(?:the|its|a|an)\s+(?:[\w-]+\s+){1,5}"
    r"(?:(?:that|which)\s+(?:still\s+)?(?:remains?|is|was|stays?)\s+)?$",
    re.I,
)
_DISTRICT_WORD = re.compile(r"\bdistricts?\b", re.I)
_PROVINCE_PARTS_AFTER = re.compile(
    r"(?:\s+(?:province's\s+)?districts?\b|['\u2019]s\s+(?-i:[A-Z])[\w'-]+(?!\s+(?:province|city)))",
    re.I,
)
_DISTRICTS_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?districts?\b", re.I)
_NAMES_IN = re.compile(
    r"(?-i:[A-Z])[\w'-]+(?:[\s,]+(?:and\s+)?(?-i:[A-Z])[\w'-]+)*,?\s+(?:all\s+|both\s+)?in\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?(?:province\s+of\s+)?$",
    re.I,
)


def _districts_of(text: str, cue: Cue, m: Mention) -> bool:
    """The cue's object is districts of the province named after it ("seized three districts of
    Ghazni", "recaptured Yaftal in Badakhshan", "took Bano and Deh Saleh, all in Baghlan
    province"), or the districts it holds ("Helmand, where the Taliban control several
    districts")."""
    if _PROVINCE_PARTS_AFTER.match(text, m.end):
        return True  # "important Helmand districts", "Parwan's Shinwari"
    if cue.end <= m.start:
        between = text[cue.end : m.start]
        return len(between) <= 120 and bool(
            _DISTRICT_WORD.search(between) or _NAMES_IN.search(between)
            or _DISTRICT_WORD.search(text, max(m.sentence_start, cue.start - 80), cue.start)
        )  # "Districts the Taliban had taken over in the provinces of Ghor and Ghazni"
    return cue.start >= m.end and bool(
        _DISTRICTS_AFTER.match(text, cue.end) or _DISTRICT_WORD.search(text, m.end, cue.start)
        or (m.via == "name" and _NAMED_PLACE_IN.search(text, max(m.sentence_start, m.start - 90), m.start))
        or _DISTRICT_WORD.search(text, max(m.sentence_start, m.start - 150), m.start)
    )  # "In Takhar province, district after district has fallen"; "Districts the Taliban took
    # in the provinces of Ghor and Ghazni have been returned"


_INCLUDING = re.compile(r",\s+(?:including|among\s+them|such\s+as)\s+[^,;.]{1,60},", re.I)
_PART_OF_BEFORE = re.compile(
    r"\b(?:much|most|large\s+parts|parts|swathes?|areas|half|large\s+areas|a\s+third)\s+of\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west)\w*\s+|neighbou?ring\s+)?(?:province\s+of\s+)?$",
    re.I,
)
# "Dahana-i-Ghori, in the northern province of Baghlan, fell": a place the gazetteer does not
# know (a district, a town) located in the province; what happened there is not the province's own
_NAMED_PLACE_IN = re.compile(
    r"(?<![\w'-])" + NOT_A_NAME + r"(?-i:[A-Z])[\w'-]+(?:[\s-]+(?-i:[A-Z])[\w'-]+){0,2}\s*,\s+(?:in|of)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central)\w*\s+|neighbou?ring\s+|restive\s+|volatile\s+)?"
    r"(?:province\s+of\s+)?$"
)
_THEY_ARE = re.compile(r"\s*(?:They|These|Those)\s+(?:are|were|include|included)\b|\s*Among\s+them\b")
_PLURAL_PLACES = re.compile(
    r"\b(?:cities|capitals|provinces|districts|towns|centres|centers)\b", re.I
)


def _they_are(
    text: str, items: list[Assessment], previous: tuple[int, int], day: dt.date, lx: Lexicon
) -> list[Assessment]:
    """"Five more cities have fallen since yesterday. They are the centres of Herat, Kandahar,
    Helmand and Zabul provinces.": a list that names what the sentence before told of (cities,
    capitals, districts) takes its outcome; districts make their provinces contested."""
    a, b = previous
    districts = bool(_DISTRICT_WORD.search(text, a, b))
    cue = next(
        (c for c in find_cues(text, a, b, article_date=day, lexicon=lx)
         if (c.kind in (T, G) or (districts and c.kind == C)) and not c.weak
         and _PLURAL_PLACES.search(text, a, c.end + 40)),
        None,
    )
    if cue is None:
        return items
    out = []
    for x in items:
        status = _STATUS[cue.kind]
        if districts and x.mention.place.kind is PlaceKind.PROVINCE:
            status = ControlStatus.CONTESTED
        out.append(replace(x, status=status, cues=(cue.text,), anchor=cue.start, clause=previous,
                           actor=cue.actor, actor_text=cue.actor_text, event_type=cue.event_type,
                           note="Named in the list after: " + _short(text[a:b].strip(), 200)))
    return out


def _sequel(
    text: str,
    a: int,
    b: int,
    attempts: Sequence[Assessment],
    article_date: dt.date,
    lx: Lexicon,
    ctx: _Context,
) -> list[Assessment]:
    """"The Taliban attacked Maymana on Monday. By Tuesday the attack had been repulsed.": a
    sentence naming no place that tells how the attack of the sentence before ended (it refers
    back to the attack or the attackers) is that place's outcome (DEFINITIONS: the outcome beats
    the attempt)."""
    refs = list(_SEQUEL_REF.finditer(text, a, b))
    if not refs:
        return []
    # Only a defence that held ends the attack here ("repulsed", "pushed them out", "failed"); a
    # fall is told of "the city", which names it.
    outcome = next(
        (c for c in find_cues(text, a, b, article_date=article_date, lexicon=lx, context=ctx)
         if c.kind in (T, G) and not c.weak and c.effect in ("repel", "fail", "expel")
         and any(abs(r.start() - c.start) <= 40 or c.start <= r.start() <= c.end for r in refs)),
        None,
    )
    if outcome is None:
        return []
    ref = min(refs, key=lambda r: abs(r.start() - outcome.start))
    clause = next(
        ((x, y) for x, y in split_clauses(text, a, b) if x <= outcome.start < y), (a, b)
    )
    out = []
    for x in attempts:
        m = replace(x.mention, surface=ref.group(), start=ref.start(), end=ref.end(),
                    sentence_start=a, sentence_end=b, via="anaphor")
        out.append(Assessment(
            mention=m, status=_STATUS[outcome.kind], cues=(outcome.text,), anchor=outcome.start,
            clause=clause, actor=outcome.actor, actor_text=outcome.actor_text,
            event_type=outcome.event_type,
        ))
    return out


def _dispute(
    text: str,
    a: int,
    b: int,
    previous: tuple[int, int],
    previous_attr: Attribution | None,
    disputes: list[tuple[int, Attribution | None, str, str]],
    lx: Lexicon,
    article_date: dt.date,
    ctx: _Context,
    side_disputes: list[tuple[int, Attribution, str, str]],
) -> None:
    """"But a lawmaker said the government still holds ...", "A US official said that was not
    yet clear": a sentence naming no place that disputes the claim of the sentence before it, by
    a speaker other than the one who made it."""
    cues = [
        c for c in find_cues(text, a, b, article_date=article_date, lexicon=lx, context=ctx)
        if c.kind in (G, D, C, T)
    ]
    attr = attribution(text, a, b, lx)
    if attr is None and cues and cues[0].kind == D:
        # "The governor's office dismissed the claim.": the speaker is the denial's subject.
        subject = _LEADING_CONJ.sub("", text[a : cues[0].start].strip(" ,"))
        if 0 < len(subject.split()) <= 10:
            attr = _make_attr(subject, a, cues[0].start, lx)
    if attr is None:
        return
    if previous_attr is not None and attr.side == previous_attr.side and attr.side != "other":
        return  # the same side saying more, not disputing
    if cues or _doubts(text, a, b):
        disputes.append((previous[0], attr, text[a:b], cues[0].kind if cues else "doubt"))
    elif _not_taken(text, a, b):
        disputes.append((previous[0], attr, text[a:b], D))  # "said neither had been taken"
    named = _SIDE_CLAIM.search(text, a, b)
    if named is not None and _FALSE.search(text, named.end(), min(b, named.end() + 80)) and not (
        _CONFIRM.search(text, a, b)
    ):
        # "said the Taliban's claim of victory was false": every claim of that side before it
        side = "taliban" if named.group(1).lower().startswith(("talib", "taleb")) else "government"
        if side != attr.side:
            side_disputes.append((a, attr, text[a:b], side))


def _clause_text(text: str, clauses: Sequence[tuple[int, int]], pos: int) -> str:
    k = bisect_right([x for x, _ in clauses], pos) - 1
    if k >= 0 and clauses[k][0] <= pos < clauses[k][1]:
        return text[clauses[k][0] : clauses[k][1]].strip(" ,;.-\u2014")
    return ""


_PERSISTS = re.compile(
    r"\b(?:continu\w*|still|ongoing|raging|rages|raged|underway|under\s+way|renewed|"
    r"goes\s+on|going\s+on|go\s+on|carries\s+on|rages\s+on)\b",
    re.I,
)


_OBJECT_LIST_GAP = re.compile(
    r"\s*(?:(?:the\s+)?(?:[\w-]+\s+){0,3}?(?-i:[A-Z])[\w'-]+(?:[ -](?-i:[A-Z])[\w'-]+)*\s*,\s*(?:and\s+)?){1,6}"
    r"(?:and\s+)?(?:the\s+)?$",
    re.I,
)
_ATTACK_ON = re.compile(  # "an assault on (the northern city of) Tarin Kot"
    r"\s+(?:on|against|of)\s+(?:the\s+(?:[\w-]+\s+)?(?:city|town|capital)\s+of\s+)?", re.I
)
def _attack_on_another(
    text: str, c: Cue, m: Mention, group: Sequence[Mention], starts: Sequence[int]
) -> bool:
    """A place of another province named as the object right after the attack words ("an
    assault on Tarin Kot"); only the mentions just after the words are looked at."""
    i = bisect_left(starts, c.end)
    while i < len(starts) and starts[i] <= c.end + 60:
        x = group[i]
        if x.place.province != m.place.province and _ATTACK_ON.fullmatch(text, c.end, x.start):
            return True
        i += 1
    return False


_OBJECT_GAP = re.compile(r"\s*(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:(?:city|town|capital|province)\s+of\s+)?$", re.I)
# "lost Mazar-i-Sharif to the alliance on November 9 and Taloqan ... two days later": a second
# object, the verb left out
_OBJECT_GAPPED = re.compile(
    r"\s*(?:the\s+)?(?:[\w-]+\s+){0,3}?(?-i:[A-Z])[\w'-]+(?:[ -](?-i:[A-Z])[\w'-]+)*"
    r"(?:\s+(?:to|from)\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?)?"
    r"(?:,?\s+(?:on|in|by|late|early)\s+[\w.]+(?:\s+\d{1,2}(?:st|nd|rd|th)?)?)?,?\s+and\s+(?:the\s+)?$",
    re.I,
)


def _object_of(c: Cue, m: Mention, text: str) -> bool:
    """The mention is the object right after the cue ("seized the northern city of Mazar"), or
    in the list that is ("routed from Mazar-i-Sharif, Taliqan and other towns")."""
    return (0 <= m.start - c.end <= 60 and bool(_OBJECT_GAP.match(text, c.end, m.start))) or (
        0 <= m.start - c.end <= 120 and bool(
            _OBJECT_LIST_GAP.match(text, c.end, m.start) or _OBJECT_GAPPED.match(text, c.end, m.start)
        )
    )


def _distance(c: Cue, m: Mention) -> int:
    if c.end <= m.start:
        return m.start - c.end
    if c.start >= m.end:
        return c.start - m.end
    return 0


def _hold_of(c: Cue, m: Mention, text: str) -> bool:
    """"their spiritual headquarters of Kandahar": a stronghold named right after its "of"."""
    return (c.effect == "hold" and c.kind in (T, G) and 0 <= m.start - c.end <= 5
            and text[c.end : m.start].strip().lower() == "of")


def _nearest(cues: Sequence[Cue], m: Mention, text: str = "") -> Cue | None:
    """The closest cue to the mention; weak cues (hypothetical, background) only if no other."""
    fitting = [
        c for c in cues
        if (c.target == "any"
            or (c.target == "after" and c.end <= m.start + 1)
            or (c.target == "before" and c.start >= m.end)
            or (c.target == "before" and c.end <= m.start and bool(
                _SO_HAS.search(text, max(0, m.start - 20), m.start)))
            or _hold_of(c, m, text))
        # "after the Taliban took Sheberghan", "three days after the city fell": a background
        # outcome is only the place's it names, as object or right-before subject
        and (not c.background or _object_of(c, m, text) or 0 <= c.start - m.end <= 3)
    ]
    adjacent = [c for c in fitting if 0 <= c.start - m.end <= 2
                and (c.effect in _SUBJECT_EFFECTS or (c.target == "before" and c.effect == "threat"))
                and not (c.weak and any(
                    not x.weak and x.end <= m.start and m.start - x.end <= 3 for x in fitting
                ))]
    if adjacent:
        return adjacent[0]  # "after Kunduz fell": the place is the subject of the words (not
        # "gave up Kandahar, their last bastion,": a descriptor beside the place yields to a verb)
    if text:
        aimed = [c for c in fitting if c.effect == "threat" and c.kind == R and c.end <= m.start
                 and m.start - c.end <= 12 and _AIMED.match(c.text) and _object_of(c, m, text)]
        if aimed:
            return aimed[-1]  # "overrun a sixth capital, eye Mazar-i-Sharif": what is eyed is
            # only threatened
        named = [c for c in fitting if _hold_of(c, m, text)]
        if named:
            return named[-1]  # "retreated to their spiritual headquarters of Kandahar"
    fitting = [
        c for c in fitting
        if not (c.weak and c.effect == "hold") or _distance(c, m) <= 25 or _object_of(c, m, text)
    ]  # "Kandahar, the Taliban stronghold, is 300 miles from Herat": the stronghold is Kandahar
    strong = [c for c in fitting if not c.weak]
    if strong:
        near = min(strong, key=lambda c: _distance(c, m))
        violent = [c for c in fitting if c.weak and c.effect == "violence"]
        close = min(violent, key=lambda c: _distance(c, m)) if violent else None
        if close is not None and _distance(close, m) * 3 < _distance(near, m) and (
            _distance(near, m) > 60
        ):
            return close  # "... issued after gunmen killed newborns in Kabul": the killing is Kabul's
    outcomes = [c for c in strong if c.kind in (T, G, D) and not c.partial]
    fights = [c for c in strong if c.kind == C]
    if outcomes and not any(c.persists for c in fights):
        reach = max(60, 2 * min((_distance(c, m) for c in fights), default=0))
        within = [
            c for c in outcomes if _distance(c, m) <= reach
            # an outcome told before the place counts for it only across names and commas, not
            # across another verb: "the fall of Zaranj comes as the Taliban press assaults on ...
            # Lashkar Gah" says nothing of Lashkar Gah's fall
            # "entered Pul-e-Alam, ..., then seized Ferozkoh": a later verb of its own, not the
            # outcome of the entry
            and not (c.start >= m.end and text and _THEN_BEFORE.search(text, max(m.end, c.start - 12), c.start)
                     and not _SAME_OBJECT.match(text, c.end)  # "..., then captured it"
                     and any(x.kind == C and _object_of(x, m, text) for x in fights))
            and (c.start >= m.end or not text
                 or (m.start - c.end <= 400 and not _VERB_WORD.search(text, c.end, m.start)
                     # "the capture of Zaranj ... and their push into Sheberghan": a cue
                     # between whose object the place is, is the place's own
                     and not any(c.end <= x.start and x.end <= m.start and _object_of(x, m, text)
                                 and _CAPITALISED.search(text, c.end, x.start)
                                 for x in fitting if x is not c)))
        ]
        if within:
            strong = within  # the outcome beats the attempt ("took the town after a gun battle")
    best: tuple[int, Cue] | None = None
    for c in strong or fitting:
        if c.end <= m.start:
            d = m.start - c.end
        elif c.start >= m.end:
            d = c.start - m.end
        else:
            d = 0
        if best is None or d < best[0]:
            best = (d, c)
    if best is not None and best[1].kind == R and _AT_THE_EDGE.match(best[1].text):
        # "fierce clashes are under way on the edges of the capital": fighting at its edge
        fight = [c for c in fitting if c.kind == C and c.end <= best[1].start
                 and best[1].start - c.end <= 40]
        if fight:
            return fight[-1]
    return best[1] if best else None


def _locate(items: list[Assessment]) -> list[Assessment]:
    """A province named to locate its capital ("Zaranj, the capital of Nimroz province", "Aybak in
    Samangan") takes the capital's status, cues and date anchor."""
    capitals: dict[str, list[Assessment]] = {}
    for y in items:
        if y.mention.place.kind is PlaceKind.CAPITAL:
            capitals.setdefault(y.mention.place.province, []).append(y)
    out = []
    for x in items:
        near = capitals.get(x.mention.place.province) if x.mention.place.kind is PlaceKind.PROVINCE else None
        if near:
            ends = [y.mention.end for y in near]
            i = bisect_left(ends, x.mention.start - _LOCATE_GAP)
            caps = [y for y in near[i : i + 4] if abs(x.mention.start - y.mention.end) <= _LOCATE_GAP]
            if not caps and not x.status.is_control:
                # "the governor of Ghazni province ... the Taliban, who have seized the
                # provincial capital": the capital the sentence refers back to is the province's
                caps = [y for y in near[i : i + 8] if y.mention.via == "anaphor" and y.status.is_control
                        and y.mention.sentence_start == x.mention.sentence_start
                        and y.mention.start > x.mention.end]
            if caps:
                y = min(caps, key=lambda c: abs(x.mention.start - c.mention.end))
                x = replace(
                    x,
                    status=y.status,
                    cues=y.cues,
                    anchor=y.anchor,
                    clause=y.clause,
                    claimant=y.claimant,
                    claimant_side=y.claimant_side,
                    note=y.note,
                    denial=y.denial,
                    actor=y.actor,
                    actor_text=y.actor_text,
                    event_type=y.event_type,
                    locates=True,
                )
        out.append(x)
    return out


def _side_disputes(
    items: list[Assessment], wide: list[tuple[int, Attribution, str, str]]
) -> list[Assessment]:
    """"But the NRF said the Taliban's claim of victory was false" (where the sentence starts,
    who said it, the sentence, the side whose claim it is): the outcomes that side claimed before
    the sentence, of the story's own places, are disputed."""
    if not wide:
        return items
    # the story's own places: those its headline and lead claim
    topic = {x.mention.place.province for x in items if x.mention.start < 600 and x.status.is_control}
    out = []
    for x in items:
        against = next((d for d in wide if x.mention.start < d[0] and x.actor.value == d[3]
                        and x.mention.place.province in topic
                        and x.status in (ControlStatus.TALIBAN, ControlStatus.GOVERNMENT)
                        and x.event_type in (EventType.OVERTAKES, EventType.REGAINS,
                                             EventType.TRANSFER, EventType.OTHER)
                        and not x.denial), None)
        if against is not None:
            x = replace(x, status=ControlStatus.CONTESTED, note=(x.note + " " if x.note else "")
                        + f"Disputed. {against[1].claimant}: \u201c{_short(against[2])}\u201d")
        out.append(x)
    return out


def _reconcile(
    items: list[Assessment],
    disputes: list[tuple[int, Attribution | None, str, str]],
    text: str,
) -> list[Assessment]:
    """A capture (or a retake) claimed by one side and disputed by another in the same text is
    contested: the claim and the claims against it, each with the quotes of the other."""
    by_province: dict[str, list[Assessment]] = {}
    for x in items:
        by_province.setdefault(x.mention.place.province, []).append(x)
    changed: dict[int, Assessment] = {}
    for group in by_province.values():
        claims = [
            x for x in group
            if x.claimant and x.status in (ControlStatus.TALIBAN, ControlStatus.GOVERNMENT)
            and x.event_type in (EventType.OVERTAKES, EventType.REGAINS, EventType.TRANSFER)
        ]
        if not claims:
            continue
        for x in claims:
            counter = [
                y for y in group
                if y is not x and (
                    y.denial
                    or (
                        y.status in (ControlStatus.TALIBAN, ControlStatus.GOVERNMENT)
                        and y.status is not x.status
                        and y.claimant_side and y.claimant_side != x.claimant_side
                    )
                    # "The Taliban say they have seized ... Kunduz. The government says ... that
                    # fighting is continuing": the other side's account of a fight still going on
                    or (
                        x.claimant_side == "taliban" and x.status is ControlStatus.TALIBAN
                        and y.status is ControlStatus.CONTESTED and y.event_type is EventType.CLASH
                        and y.claimant_side == "government"
                        and y.mention.place is x.mention.place
                        and y.mention.sentence_start > x.mention.sentence_start
                    )
                )
            ]
            quotes = [
                f"{y.claimant or 'the text'}: \u201c{_short(text[y.mention.sentence_start:y.mention.sentence_end])}\u201d"
                for y in counter[:3]
            ]
            for sent_start, attr, sentence, kind in disputes:
                against = kind in (D, "doubt") or (kind in (T, G) and _STATUS[kind] is not x.status) or (
                    kind == C and x.status is ControlStatus.TALIBAN
                )
                if (
                    sent_start == x.mention.sentence_start
                    and len(quotes) < 4
                    and against
                    and (attr is None or attr.side != x.claimant_side or attr.side == "other")
                ):
                    quotes.append(f"{attr.claimant if attr else 'the text'}: \u201c{_short(sentence)}\u201d")
            if not quotes:
                continue
            note = "Disputed. " + " | ".join(dict.fromkeys(quotes))
            only_outcomes = len(quotes) == len(counter[:3]) and all(
                not y.denial and y.event_type in (EventType.OVERTAKES, EventType.REGAINS)
                for y in counter
            )
            changed[id(x)] = replace(
                x,
                status=ControlStatus.CONTESTED,
                note=(x.note + " " if x.note else "") + note,
                outcome=x.status if only_outcomes else None,
                outcome_against=tuple(y.mention.start for y in counter) if only_outcomes else (),
            )
            # The other side's answer ("officials rejected the claim and said the attacks had
            # been pushed back") is the other half of the dispute, not an outcome that ends it;
            # a retake it reports is a new event and stands.
            claim_quote = (f"{x.claimant}: \u201c"
                           f"{_short(text[x.mention.sentence_start:x.mention.sentence_end])}\u201d")
            for y in counter:
                if (
                    not y.denial
                    and y.claimant_side
                    and (y.claimant_side != "taliban" if x.claimant_side == "taliban"
                         else y.claimant_side == "taliban")
                    and y.mention.start > x.mention.start
                    and y.event_type not in (EventType.OVERTAKES, EventType.REGAINS,
                                             EventType.TRANSFER)
                    and id(y) not in changed
                ):
                    changed[id(y)] = replace(
                        y,
                        status=ControlStatus.CONTESTED,
                        note=(y.note + " " if y.note else "") + "Disputed. " + claim_quote,
                    )
    return [changed.get(id(x), x) for x in items]
