"""Mention context -> control status, the deciding words, who claims it; pure."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from geo.text import fold
from geo.types import ControlStatus, Mention, PlaceKind

T, C, G, R, D = "taliban", "contested", "government", "reported", "denial"
_STATUS = {
    T: ControlStatus.TALIBAN,
    C: ControlStatus.CONTESTED,
    G: ControlStatus.GOVERNMENT,
    R: ControlStatus.REPORTED,
    D: ControlStatus.CONTESTED,
}

# Cue lexicon, matched case-insensitively on folded text. Longer phrases are listed first inside
# each alternation; one regex holds them all so a sentence is scanned once. "take" and "lost" need
# a place right after them ("took the city", "lost Kunduz"), marked with the group name suffix _obj.
_A = r"(?:the\s+|a\s+|an\s+|their\s+|its\s+|his\s+|several\s+|repeated\s+|multiple\s+|major\s+|massive\s+|fresh\s+|new\s+|latest\s+|heavy\s+|coordinated\s+|large-scale\s+|taliban\s+|insurgent\s+|militant\s+)*"
_CUES: list[tuple[str, str]] = [
    # government, spanning the attack they defeat
    (G, r"(?:repell?(?:ed|ing|s)?|repuls(?:ed|ing|es?)|beat(?:en|ing)?\s+back|pushed\s+back|push\s+back|fought\s+off|fend(?:ed|ing)?\s+off|thwart(?:ed|ing|s)?|foil(?:ed|ing|s)?|"
        r"defeat(?:ed|ing)?|warded\s+off)\s+" + _A + r"(?:attacks?|assaults?|offensives?|advances?|attempts?|push(?:es)?|onslaught|raids?|bids?)"),
    (G, r"(?:re-?took|re-?taken|re-?take|re-?taking|re-?captur(?:ed|e|es|ing)|recaptur(?:ed|e|es|ing)|regain(?:ed|s|ing)?\s+(?:full\s+)?control|took\s+back|taken\s+back|"
        r"won\s+back|re-?gained|cleared\s+(?:\w+\s+){0,3}of\s+(?:the\s+)?(?:taliban|insurgents|militants)|"
        r"(?:drove|driven|pushed|forced|expelled|kicked)\s+(?:the\s+)?(?:taliban|insurgents|militants)\s+(?:out|back|from))"),
    (G, r"(?:failed|fail|unable|failing)\s+to\s+(?:capture|take|seize|overrun|enter|break\s+into)|"
        r"(?:were|was|been|being)\s+(?:pushed|driven|beaten|repelled|repulsed)(?:\s+(?:back|out))?|"
        r"(?:were|was|been|being)\s+forced\s+(?:back|out)|"
        r"(?:has|have|had|did)\s*(?:n't|\s+not|\s+never)\s+lost(?:\s+control)?"),
    (G, r"(?:remains?|remained|stay(?:s|ed)?|is\s+still|was\s+still|are\s+still|still)\s+(?:firmly\s+|securely\s+|largely\s+)?(?:under|in)\s+(?:the\s+)?(?:control\s+of\s+(?:the\s+)?(?:government|afghan|security)|government(?:'s)?\s+(?:control|hands))"),
    (G, r"(?:in|under)\s+the\s+hands\s+of\s+(?:the\s+)?(?:government|afghan|security)|"
        r"(?:under|in)\s+(?:full\s+|firm\s+)?government\s+(?:control|hands)|government-(?:held|controlled)|under\s+the\s+control\s+of\s+(?:the\s+)?(?:government|afghan\s+(?:forces|security|army|government)|security\s+forces)"),
    (G, r"(?:still|continue[sd]?\s+to)\s+(?:control(?:s|led)?|hold(?:s|ing)?|held)|(?:retains?|retained|maintains?|maintained|kept|keeps?)\s+control|"
        r"(?:remains?|remained)\s+in\s+control|holding\s+out|held\s+out|hold\s+out|(?:successfully\s+)?defended|is\s+(?:now\s+)?secure|remain(?:s|ed)?\s+secure"),
    # denial
    (D, r"(?:has|had|have|was|were|is)\s*(?:n't|\s+not|\s+never)\s+(?:yet\s+)?(?:been\s+)?(?:fallen|captured|taken|seized|overrun|fell)|did(?:n't|\s+not)\s+fall|"
        r"den(?:ied|y|ies|ying)(?=\s+(?:that\s+)?(?:[\w'-]+\s+){0,6}?(?:fallen|fell|captured|taken|seized|"
        r"overrun|lost|control|claims?|reports?)\b|\s+(?:this|it|the\s+claim)\b)|dismiss(?:ed|es|ing)?\s+(?:the\s+|those\s+|these\s+|such\s+)?(?:claims?|reports?)|"
        r"reject(?:ed|s|ing)?\s+(?:the\s+|those\s+|these\s+|such\s+)?(?:claims?|reports?)|"
        r"(?:claims?|reports?)\s+(?:that\s+was\s+|which\s+was\s+|later\s+)?(?:denied|rejected|dismissed|disputed|refuted)|(?:claims?|reports?)\s+(?:were|was|are|is)\s+(?:false|untrue|baseless|propaganda)"),
    # taliban
    (T, r"(?:under|in)\s+(?:the\s+)?(?:full\s+)?(?:taliban|insurgents?'?|militants?')\s+(?:control|hands|rule)|under\s+the\s+(?:full\s+|complete\s+|total\s+)?control\s+of\s+(?:the\s+)?(?:taliban|insurgents|militants)|"
        r"in\s+the\s+hands\s+of\s+(?:the\s+)?(?:taliban|insurgents)|taliban-(?:held|controlled|ruled|run)|insurgent-held"),
    (T, r"fell\s+(?:in)?to\s+(?:the\s+)?(?:hands\s+of\s+(?:the\s+)?)?(?:taliban|insurgents|militants)|fall(?:s|en|ing)?\s+(?:in)?to\s+(?:the\s+)?(?:taliban|insurgents|militants)|"
        r"(?:the\s+)?(?:fall|loss)\s+of|(?:has|have|had)\s+fallen|fallen|(?:fell|falls)(?!\s+(?:short|back|silent|apart|behind|victim|ill|asleep|sharply)\b)"
        r"(?!\s+(?:on|near|in|onto|upon)\s+(?!(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|the\s+(?:same|next|following)|late|early))"),
    (T, r"(?:took|taken|take|taking|seized|seize|seizing|gained|gain|wrested|assumed|assume|established|establish)\s+(?:full\s+|complete\s+|total\s+)?control|"
        r"(?:took|taken|take|taking|taken)\s+over|takeover\s+of|"
        r"captur(?:ed|e|es|ing)|seiz(?:ed|e|es|ing)|overr(?:an|un|unning|uns)|conquer(?:ed|s|ing)?|"
        r"(?:planted|raised|hoisted)\s+(?:their|its|the|a)\s+(?:white\s+)?(?:\w+\s+)?flags?|"
        r"flags?\s+(?:were\s+|was\s+)?(?:flying|flew|fly|hoisted|raised)\s+(?:over|above|in)|"
        r"leav(?:e|es|ing)\s+(?:it|the\s+city|the\s+town)\s+(?:to|in\s+the\s+hands\s+of)\s+(?:the\s+)?(?:taliban|insurgents)|"
        r"surrender(?:ed|s)?(?:\s+without\s+a\s+fight)?|hand(?:ed|ing|s)?\s+(?:\w+\s+){0,3}?over|handover\s+of|swept\s+(?:into|through)|"
        r"(?:is|are|was|were)\s+(?:now\s+)?(?:in|under)\s+(?:their|its)\s+(?:control|hands)"),
    (T + "_obj", r"(?:took|taken|take|taking|lost|lose|losing|won|win|winning|abandon(?:ed|ing|s)?)(?=\s+(?:the\s+(?:\w+\s+)?(?:city|town|provincial\s+capital)|[A-Z]))"),
    # "their fighters liberated Kunduz": both sides say it; the side comes from the subject
    ("side", r"liberat(?:ed|es|ing|ion\s+of)"),
    # "the Taliban now control X" / "government forces hold X": the side comes from the subject
    ("ctl", r"(?<!for\s)(?<!of\s)(?<!over\s)(?:in\s+(?:full\s+|complete\s+|total\s+)?control\s+of|control(?:s|led|ling)?|hold(?:s|ing)?|held)"
        r"(?=\s+(?:the\s+|most\s+of\s+|much\s+of\s+|all\s+of\s+)?(?:(?-i:[A-Z])|city\b|town\b|provincial\b|"
        r"(?:\w+\s+)?(?:provincial\s+)?(?:capitals|cities|towns)\b))|controlled\s+by"),
    # contested
    (C, r"(?:tr(?:y|ied|ying)|attempt(?:s|ed|ing)?|bid|push(?:ing|ed|es)?|struggl(?:e|ed|ing)|fight(?:ing)?|pressing|push)\s+to\s+(?:capture|take|seize|overrun|enter|storm|retake|recapture)|"
        r"to\s+(?:capture|seize|overrun|storm|retake|recapture|take\s+(?:back\s+)?(?:control\s+of\s+)?(?=the\s+city|(?-i:[A-Z])))"),
    (C, r"(?:fierce|heavy|intense|street|house-to-house|running)?\s*(?:fighting|fights?|fought|battl(?:e|es|ed|ing)|clash(?:es|ed|ing)?|gunfights?|firefights?|skirmish(?:es)?|"
        r"attack(?:s|ed|ing)?|assaults?|assaulted|offensive|onslaught|stormed|storming|storm|"
        r"ent(?:er|ered|ering|ers)|broke\s+into|break\s+into|breached|infiltrated|pushed\s+into|push\s+into|made\s+inroads|"
        r"besieg(?:ed|e|ing)|sieges?|surrounded|encircled|encircling|under\s+(?:heavy\s+|intense\s+|growing\s+|mounting\s+)?(?:pressure|attack|fire|siege)|"
        r"air\s*strikes?|airstrikes?|bombard(?:ed|ment|ing)|shell(?:ed|ing)|air\s+raids?|"
        r"(?:taliban|insurgent|militant|enemy)\s+positions|"
        r"(?:clearance|clearing|counter-?insurgency)\s+operations?|counter-?offensives?|"
        r"(?:reinforcements|commandos|troops|special\s+forces)\s+(?:were\s+|have\s+been\s+|had\s+been\s+)?"
        r"(?:sent|deployed|rushed|airlifted|flown)\s+(?:in\s+)?to|to\s+(?:push|drive)\s+back|"
        r"contested|front\s*lines?|on\s+the\s+(?:verge|brink)\s+of\s+(?:falling|collapse|collapsing)|in\s+danger\s+of\s+falling|under\s+threat)"),
    # reported: advances and threats are not claims
    (R, r"(?:moving|moved|closing|closed|bearing|converging|advanc(?:ing|ed|e))\s+in\s+on|clos(?:ing|ed)\s+in|advanc(?:e|es|ed|ing)\s+(?:on|toward|towards|to)|"
        r"set(?:ting)?\s+(?:their|its|his)\s+sights\s+on|threaten(?:s|ed|ing)?|poised\s+to|marching\s+(?:on|toward|towards)|"
        r"fled\s+(?:to|from|into)|flee(?:ing)?\s+(?:to|from|into)|could\s+fall|may\s+fall|might\s+fall|would\s+fall|will\s+fall|"
        r"(?:expected|likely|set)\s+to\s+fall"),
]
_CUE_RX = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(f"(?P<c{i}>{p})" for i, (_, p) in enumerate(_CUES)) + r")(?![a-z])",
    re.I,
)
_CUE_KIND = {f"c{i}": k for i, (k, _) in enumerate(_CUES)}

_MODAL = re.compile(
    r"\b(?:would|could|might|may|will|shall|should|if|unless|whether|plans?\s+to|planning\s+to|aims?\s+to|"
    r"vow(?:s|ed)?\s+to|threaten(?:s|ed|ing)?\s+to|seek(?:s|ing)?\s+to|sought\s+to|wants?\s+to|"
    r"likely\s+to|expected\s+to|poised\s+to|set\s+to|fears?|feared|risk(?:s|ed)?|warn(?:s|ed|ing)?|"
    r"prevent|avoid|to\s+stop|ahead\s+of|possible|potential|imminent)\b",
    re.I,
)
_PURPOSE = re.compile(r"\b(?:prevent|avoid|to\s+stop|ahead\s+of)\b", re.I)
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer|n't|no|without|nor)\s+(?:\w+\s+){0,2}$", re.I)
_DENIED_THAT = re.compile(
    r"\b(?:den(?:ied|ies|y|ying)|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?)\b(?:\s+[\w'-]+){0,8}?\s+(?:that\s+)?(?:[\w'-]+\s+){0,4}$",
    re.I,
)
_LIST_CONTINUES = re.compile(r",\s*and\s+(?-i:[A-Z])", re.I)
_BACKGROUND = re.compile(r"\b(?:after|following|amid|despite)\s+(?:\w+\s+){0,3}$", re.I)
_INTENT = re.compile(
    r"\b(?:threaten\w*|vow\w*|plan\w*|aim\w*|seek\w*|sought|want\w*|hop\w*|expect\w*|pledg\w*|"
    r"promis\w*|intend\w*|set|poised|likely|going|order\w*|prepar\w*|readying|determined)\s+$",
    re.I,
)
_TERROR = re.compile(
    r"\b(?:suicide|bombers?|bombings?|car\s+bomb|gunm[ae]n|assassin\w*|explosi\w*|blast|IEDs?)\b", re.I
)
_CIVILIAN = re.compile(
    r"^[ ]+(?:[\w'-]+[ ]+){0,2}?(?:mosques?|schools?|hospitals?|clinics?|weddings?|funerals?|buses|bus|"
    r"markets?|shrines?|universit(?:y|ies)|hotels?|convoys?|homes?|houses?|journalists?|civilians?|"
    r"worshippers?|students?)\b",
    re.I,
)
_DISTRICTS_BEFORE = re.compile(r"\bdistricts?\s+(?:of|in)\b[^,.;]{0,50}$", re.I)
_MODAL_NOT = re.compile(r"\b(?:would|will|could|might|may|should)\s+(?:not|never)\s+(?:\w+\s+)?$", re.I)
_HOLDS = re.compile(r"(?:still|continue|retain|maintain|kept|keep|remain)", re.I)
_NO_LONGER = re.compile(r"\bno\s+longer\s+(?:\w+\s+){0,2}$", re.I)
_FACILITY = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:airports?|airfields?|air\s+base|bases?|garrisons?|compounds?|headquarters|"
    r"offices?|departments?|barracks|buildings?|prisons?|outposts?|checkpoints?|districts?|parts\s+of|"
    r"some\s+areas|areas|neighbou?rhoods?|installations?|positions?)\b",
    re.I,
)
_CLAUSE_SPLIT = re.compile(
    r"\s+and\s+(?=(?:then\s+|later\s+|finally\s+|eventually\s+|soon\s+)?(?:was\s+|were\s+|had\s+|has\s+|have\s+)?"
    r"(?:fell|fallen|captured|seized|took|taken|retook|recaptured|surrendered|overran|overrun|entered|"
    r"stormed|attacked|repelled|repulsed|pushed|handed|planted|raised|lost|regained)\b)|"
    r";|\s[-\u2013\u2014]\s|,\s*(?:while|whereas|but|although|though|even\s+as|as|yet)\s|\s(?:while|whereas|but)\s|,\s+and\s+(?=(?:the|a|an|government|afghan|taliban|insurgents|they|it|fighting)\b|(?-i:[A-Z]))",
    re.I,
)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tweeted|claimed|claims|confirmed|confirms|announced|reported|stated|"
    r"added|wrote|posted|insisted|insists|denied|denies|acknowledged|admitted|quoted|warned|warns)\b"
)
_ACCORDING = re.compile(r"\baccording\s+to\s+((?:[^,.;]|\.(?=\S))+(?:,\s*(?:a|an|the)\s+[^,.;]+)?)", re.I)
_SPEAKER_LOCATED = re.compile(
    r"(?:who\s+(?:is|was)\s+(?:now\s+|currently\s+)?in|who\s+fled\s+(?:to)?|based\s+in|speaking\s+(?:from|in)|in\s+exile\s+in|visiting)\s+$",
    re.I,
)
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
_TALIBAN_SIDE = re.compile(r"taliban|mujah[ie]d|insurgent|islamic emirate|militant", re.I)
_GOVERNMENT_SIDE = re.compile(
    r"government|ministry|minister|governor|official|lawmaker|legislator|\bmps?\b|parliament|council|"
    r"army|police|commander|corps|afghan forces|security forces|president|palace|\bnds\b|defen[cs]e|interior",
    re.I,
)
# "150 km from Kabul", "north of Kandahar", "on the road to Herat": the place only locates another.
_LOCATOR = re.compile(
    r"(?:\b\d[\d,.]*\s*(?:km|kilometres|kilometers|miles)\b[^,;]{0,25}?\b(?:from|of|to)|"
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|"
    r"\b(?:road|highway|route|motorway)\s+(?:\w+\s+)?(?:to|from|between|linking|connecting)|"
    r"\bway\s+to)\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s+(?:and|to)\s+)?$",
    re.I,
)
_EXCEPT = re.compile(
    r"\b(?:except(?:\s+for)?|apart\s+from|other\s+than|excluding|save\s+for)\s+"
    r"(?:(?:those|the\s+ones?|one)\s+in\s+)?(?:the\s+)?$",
    re.I,
)
_THEN_CLAUSE = re.compile(r"\W*(?:but|and|before|then|until|only\s+to|however)\b", re.I)
_CONTRAST_START = re.compile(r"\W*(?:but|however|yet|still)\b", re.I)
_DISMISSES_CLAIM = re.compile(
    r"\b(?:den(?:ied|ies|y)|dismiss(?:ed|es)?|reject(?:ed|s)?|refut(?:ed|es))\s+"
    r"(?:the|this|that|these|those|such|their|its)\s+(?:\w+\s+)?(?:claims?|reports?)\b|"
    r"\bden(?:ied|ies)\s+(?:this|that|it)\b|"
    r"\bclaims?\s+(?:were|was|are|is)\s+(?:false|untrue|baseless|propaganda)",
    re.I,
)
_CLAIMABLE_VIA = frozenset({"name", "anaphor", "same-name", "alias"})
WINDOW = 400
"""Characters either side of a mention within which a cue can decide its status."""
_LOCATE_GAP = 80


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that decide a status, at absolute offsets."""

    start: int
    end: int
    text: str
    kind: str
    partial: bool = False
    weak: bool = False  # downgraded by modality ("could fall") or background ("after fierce fighting")


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


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Status cues in ``text[start:end]`` at absolute offsets, with modality and negation applied.

    Examples
    --------
    >>> [(c.text, c.kind) for c in find_cues("Government forces repelled a Taliban attack on Ghazni.")]
    [('repelled a Taliban attack', 'government')]
    >>> [(c.text, c.kind) for c in find_cues("Officials fear the city could fall within days.")]
    [('could fall', 'reported')]
    """
    end = len(text) if end is None else end
    segment = fold(text[start:end])
    cues: list[Cue] = []
    for m in _cue_matches(segment):
        group = m.lastgroup
        assert group is not None
        kind = _CUE_KIND[group]
        a, b = m.start(), m.end()
        word = m.group().strip()
        if not word:
            continue
        lead = len(m.group()) - len(m.group().lstrip())
        a += lead
        if kind.endswith("_obj"):
            kind = kind[:-4]
        elif kind in ("ctl", "side"):
            kind = _controller(segment, a, b)
        elif kind == G and _HOLDS.match(segment, a) and _controller(segment, a, b) == T:
            kind = T  # "the Taliban still hold the city": holding is the subject's
        modified = _modify(segment, a, b, kind)
        weak = (modified == R and kind != R) or (
            kind == C and bool(_BACKGROUND.search(segment[max(0, a - 30) : a]))
        )
        facility = bool(_FACILITY.match(segment[b : b + 60]))
        partial = modified == G and facility
        flag = "flag" in segment[a:b].lower()  # a flag raised on government buildings: captured
        if modified == T and _DISTRICTS_BEFORE.search(segment[max(0, a - 80) : a]):
            modified, partial = C, True  # "several districts of Badakhshan have fallen"
        if (
            modified == T
            and facility
            and not flag
            and not re.match(r"\W*(?:\w+\W+)?all\b", segment[b : b + 30])
        ):
            modified, partial = C, True  # "seized the police headquarters in Faizabad"
        cues.append(Cue(start + a, start + b, text[start + a : start + b], modified, partial, weak))
    return cues


def _cue_matches(segment: str) -> Iterator[re.Match[str]]:
    """``_CUE_RX.finditer(segment)``, but the big regex is only tried at words whose first three
    letters can start a cue (see :func:`_trigger_keys`): the same matches, several times faster."""
    pos = 0
    for w in _WORDS.finditer(segment):
        start = w.start()
        if start < pos or w.group()[:3].lower() not in _TRIGGERS:
            continue
        m = _CUE_RX.match(segment, start)
        if m is not None and m.group().strip():
            pos = m.end()
            yield m


def _trigger_keys(pattern: str, flags: int = re.I) -> frozenset[str]:
    """The first three letters (or the whole first word, if shorter) of every word a match of
    ``pattern`` can start with, read off the parsed regex. Raises ValueError where a class of
    characters too wide to list (``\\w``, ``.``) could start a match."""
    from re import _constants as k  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    depth = 12
    out: set[str] = set()

    def chars(av: Any) -> list[str]:
        found: list[str] = []
        for op, val in av:
            if op is k.LITERAL:
                found.append(chr(val).lower())
            elif op is k.RANGE and val[1] - val[0] < 30:
                found.extend(chr(c).lower() for c in range(val[0], val[1] + 1))
            elif op is k.CATEGORY and val is k.CATEGORY_SPACE:
                found.append(" ")
            else:
                raise ValueError(f"cue pattern too wide to index: {pattern[:60]!r}")
        return found

    def walk(items: list[Any], prefix: str) -> None:
        core = prefix.lstrip(" -'")
        if len(core) >= 3 or (core and not core[-1].isalpha()) or len(prefix) >= depth or not items:
            out.add(prefix)
            return
        (op, av), rest = items[0], items[1:]
        if op is k.LITERAL:
            walk(rest, prefix + chr(av).lower())
        elif op is k.IN:
            for c in set(chars(av)):
                walk(rest, prefix + c)
        elif op is k.SUBPATTERN:
            walk(list(av[-1]) + rest, prefix)
        elif op is k.BRANCH:
            for alt in av[1]:
                walk(list(alt) + rest, prefix)
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT):
            lo, hi, body = av
            if lo == 0:
                walk(rest, prefix)
            if hi != 0:  # one pass of the body is enough to see how the first word starts
                walk(list(body) + rest, prefix)
        elif op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            walk(rest, prefix)
        else:
            raise ValueError(f"cue pattern too wide to index: {pattern[:60]!r}")

    walk(list(_parser.parse(pattern, flags)), "")
    keys = set()
    for p in out:
        word = re.match(r"[a-z]+", p.lstrip(" -'"))
        if word is None:
            raise ValueError(f"a cue can start without a letter: {p!r}")
        keys.add(word.group()[:3])
    return frozenset(keys)


_WORDS = re.compile(r"[A-Za-z]+")
_TRIGGERS = frozenset().union(*(_trigger_keys(p) for _, p in _CUES))

_T_ACTOR = re.compile(r"\b(?:taliban|insurgents?|militants?|fighters|islamic\s+emirate)\b", re.I)
_G_ACTOR = re.compile(
    r"\b(?:government|afghan\s+(?:forces|army|troops|commandos|security)|security\s+forces|army|"
    r"troops|commandos|police|soldiers|defenders)\b",
    re.I,
)


def _controller(segment: str, a: int, b: int) -> str:
    """Who "controls"/"holds" the place: the agent after "controlled by", else the last actor
    named before the verb in its clause; nobody named -> a mere mention."""
    after = segment[b : b + 40]
    by = re.match(r"\s*(?:by\s+)?(?:the\s+)?(\w+)", after)
    if segment[a:b].lower().startswith("controlled by") and by:
        word = by.group(1)
        return T if _T_ACTOR.match(word) else G if _G_ACTOR.match(word) else R
    floor = max(0, a - 150)
    start = max(max(segment.rfind(ch, floor, a) for ch in ",;:"), floor - 1) + 1
    before = segment[start:a]
    t = [m.start() for m in _T_ACTOR.finditer(before)]
    g = [m.start() for m in _G_ACTOR.finditer(before)]
    if not t and not g:
        return R
    return T if max(t, default=-1) > max(g, default=-1) else G


def _modify(segment: str, a: int, b: int, kind: str) -> str:
    """Apply negation ("has not fallen"), attempts and modality ("could fall") to a cue."""
    before = segment[max(0, a - 40) : a]
    floor = max(0, a - 150)
    window_start = max(segment.rfind(",", floor, a), segment.rfind(";", floor, a), floor - 1) + 1
    after_end = min(len(segment), b + 45)
    stop = re.compile(r",|\s(?:and|but|or|then)\s").search(segment, b, after_end)
    if stop:
        after_end = stop.start()
    if kind == T and _DENIED_THAT.search(segment[max(0, a - 80) : a]):
        return D
    if segment[a:b].lower().startswith("to ") and _INTENT.search(segment[max(0, a - 30) : a]):
        return R  # "threatened to capture", "vowed to retake": intent, not an attempt
    if kind == C and (
        _TERROR.search(segment[max(0, a - 25) : a]) or _CIVILIAN.match(segment[b : b + 40])
    ):
        return R  # "a suicide bomber attacked a mosque in Kabul": violence, not a fight for it
    if kind in (T, C, G) and _MODAL_NOT.search(before):
        return R  # "said they would not take the city": an intention, not a claim
    if _NEGATION.search(before):
        if _NO_LONGER.search(before):
            return T if kind == G else (G if kind == T else R)
        if kind == T:
            return D
        if kind == C:
            return R
        if kind == G:
            return C
    after = segment[b:after_end]
    if kind in (T, C, G) and (
        _MODAL.search(segment[window_start:a])
        or (_MODAL.search(after) and not (kind == C and _PURPOSE.search(after)))
    ):
        return R
    return kind


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of the sentence ``text[start:end]`` (split at ``;``, dashes, ", while", ", but" ...).

    Examples
    --------
    >>> t = "The Taliban captured Kunduz, while fighting raged in Herat."
    >>> [t[a:b] for a, b in split_clauses(t, 0, len(t))]
    ['The Taliban captured Kunduz', ', while fighting raged in Herat.']
    """
    spans = []
    a = start
    for m in _CLAUSE_SPLIT.finditer(text, start, end):
        spans.append((a, m.start()))
        a = m.start()
    spans.append((a, end))
    return spans


def attribution(text: str, start: int, end: int) -> Attribution | None:
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
    sentence = text[start:end]
    m = _ACCORDING.search(sentence)
    if m:
        return _make_attr(m.group(1), start + m.start(1), start + m.end(1))
    for n_verb, v in enumerate(_SPEECH.finditer(sentence)):
        if n_verb == 5:
            break
        floor = max(0, v.start() - 300)
        pre_start = max(
            max(sentence.rfind(ch, floor, v.start()) for ch in (";", "\u201d", "\u201c", '"', ":", "\u2014")),
            floor - 1,
        ) + 1
        pre = sentence[pre_start : v.start()]
        stripped = pre.strip().rstrip(",").strip()
        tail = sentence[v.end() : v.end() + 200]
        inverted = (
            v.group() in ("said", "says", "added", "wrote", "warned", "insisted", "tweeted")
            and bool(re.search(r",\s*$", pre))
            and bool(re.match(r"\s*(?:[A-Z][\w'.\-]*|a|an|the)(?:[\s,]+[\w'.\-]+){0,10}\s*$", tail))
            and not _VERBISH.search(tail)
        )
        if stripped and not inverted:
            parts = [p.strip() for p in stripped.split(",")]
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
                return _make_attr(shown.strip(" ,"), abs_start, start + v.start())
        post = sentence[v.end() : v.end() + 300]
        pm = re.match(
            r"\s*(?:on\s+\w+\s+|late\s+\w+\s+)?((?:[A-Z][\w'.\-]*|a|an|the)(?:[\s,]+[\w'.\-]+){0,12}?)\s*(?:[.;]|$|\s+that\b|\s+on\s+[A-Z]|,\s*(?:adding|saying|who|which|as|after|before|when)\b)",
            post,
        )
        if pm and not re.match(r"(?:that|on|in|it|this)\b", pm.group(1)):
            s = start + v.end() + pm.start(1)
            return _make_attr(pm.group(1).strip(" ,."), s, s + len(pm.group(1)))
    return None


def _make_attr(claimant: str, a: int, b: int) -> Attribution:
    side = "other"
    if _TALIBAN_SIDE.search(claimant):
        side = "taliban"
    elif _GOVERNMENT_SIDE.search(claimant):
        side = "government"
    return Attribution(claimant, side, a, b)


def assess(
    text: str,
    mentions: Sequence[Mention],
    sentences: Sequence[tuple[int, int]],
) -> list[Assessment]:
    """The status of every claimable mention, then the article-level dispute rule.

    Rules (DEFINITIONS.md): the nearest cue in the mention's clause decides; a fact capture in the
    sentence outranks a government hold on a facility (kept as a note); a province named to locate
    its capital takes the capital's status; a Taliban capture claim disputed by the other side in the
    same article becomes contested, with both quotes.
    """
    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault((m.sentence_start, m.sentence_end), []).append(m)
    out: list[Assessment] = []
    disputes: list[tuple[int, Attribution | None, str, str]] = []  # (index of sentence before, attr, text, cue)
    last_claim_sentence: tuple[int, int] | None = None
    prev_claimant: Attribution | None = None
    for sent in sentences:
        group = by_sentence.get(sent)
        claimable = [m for m in group or () if m.via in _CLAIMABLE_VIA]
        a, b = sent
        if not claimable:
            if last_claim_sentence and (
                _CONTRAST_START.match(text, a) or _DISMISSES_CLAIM.search(text, a, b)
            ):
                _dispute(text, a, b, last_claim_sentence, disputes)
            continue
        cues = find_cues(text, a, b)
        attr = sentence_attr = attribution(text, a, b)
        if attr is not None and attr.claimant.lower() in _PRONOUNS and prev_claimant is not None:
            attr = sentence_attr = replace(attr, claimant=prev_claimant.claimant, side=prev_claimant.side)
        if attr is not None:
            prev_claimant = attr
        clauses = split_clauses(text, a, b)
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
                if c.kind == T and not c.partial and (attr is None or attr.side != "taliban")
            ),
            None,
        )
        partial_note = "; ".join(
            _short(_clause_text(text, clauses, c.start)) for c in [c for c in cues if c.partial][:2]
        )
        sentence_out: list[Assessment] = []
        for m in claimable:
            k = max(0, bisect_right(clause_starts, m.start) - 1)
            clause = clauses[k]
            # Only cues within WINDOW characters can decide: bounded work in endless sentences.
            lo, hi = max(clause[0], m.start - WINDOW), min(clause[1], m.end + WINDOW)
            in_clause = _between(cues, cue_starts, lo, hi)
            if clause not in clause_attr:
                clause_attr[clause] = attribution(text, *clause) if len(clauses) > 1 else None
            attr = clause_attr[clause] or sentence_attr
            speaker_located = bool(_LOCATOR.search(text[max(a, m.start - 40) : m.start])) or (
                bool(_EXCEPT.search(text[max(a, m.start - 30) : m.start]))  # "all except X"
            ) or (
                attr is not None
                and attr.start <= m.start < attr.end
                and bool(_SPEAKER_LOCATED.search(text[max(a, m.start - 30) : m.start]))
            )
            cue = None if speaker_located else _nearest(_outside_asides(text, (lo, hi), in_clause, m), m)
            if cue is None and not speaker_located and k > 0 and _LIST_CONTINUES.match(text, clause[0]):
                # "seized Lashkar Gah, ..., and Qala-i-Naw in the northwest": the verb carries over.
                prev = clauses[k - 1]
                cue = _nearest(_between(cues, cue_starts, max(prev[0], m.start - WINDOW), prev[1]), m)
            note = ""
            date_clause = clause
            later = _later_outcome(
                text, clauses[k + 1 : k + 4], cues, cue_starts, claim_starts, m,
                after_capture=cue is not None and cue.kind == T,
            )
            if later is not None and cue is not None and not speaker_located:
                if later.kind in (D, C):
                    note = "Disputed in the same sentence: " + _short(
                        _clause_text(text, clauses, later.start)
                    )
                cue = later
                date_clause = clauses[max(0, bisect_right(clause_starts, later.start) - 1)]
            if cue is not None and cue.kind == T and not speaker_located:
                # "... said Kunduz had fallen, a claim denied by the Defence Ministry"
                denied = next((c for c in cues if c.kind == D and c.start > cue.end), None)
                if denied is not None:
                    note = "Disputed in the same sentence: " + _short(
                        _clause_text(text, clauses, denied.start)
                    )
                    cue = denied
            if cue is not None and cue.partial and fact_capture is not None:
                note = "Government still holds: " + partial_note
                cue = fact_capture
            elif fact_capture is not None and cue is fact_capture and partial_note:
                note = "Government still holds: " + partial_note
            cues_text: tuple[str, ...] = ()
            if cue is None:
                status, anchor, denial = ControlStatus.REPORTED, m.start, False
            else:
                status = _STATUS[cue.kind]
                cues_text, anchor, denial = (cue.text,), cue.start, cue.kind == D
                if cue.partial and status is ControlStatus.GOVERNMENT:
                    status = ControlStatus.CONTESTED
                    note = "Government holds only part of it"
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
                )
            )
        sentence_out = _locate(sentence_out)
        if any(x.status.is_control for x in sentence_out):
            last_claim_sentence = sent
        elif last_claim_sentence and (
            _CONTRAST_START.match(text, a) or _DISMISSES_CLAIM.search(text, a, b)
        ):
            _dispute(text, a, b, last_claim_sentence, disputes)
        out.extend(sentence_out)
    return _reconcile(out, disputes, text)


_ASIDE = re.compile(r",\s*(?:where|which|who|whose)\b[^,;]*,")


def _outside_asides(
    text: str, clause: tuple[int, int], cues: Sequence[Cue], m: Mention
) -> Sequence[Cue]:
    """Cues of the clause without those inside a relative aside that does not hold the mention
    ("Lashkar Gah, where fighting has raged for weeks, was still holding out"), unless no other."""
    asides = [
        (a.start(), a.end())
        for a in _ASIDE.finditer(text, clause[0], clause[1])
        if not a.start() <= m.start < a.end()
    ]
    if not asides:
        return cues
    kept = [c for c in cues if not any(x <= c.start < y for x, y in asides)]
    return kept or cues


def _later_outcome(
    text: str,
    following: Sequence[tuple[int, int]],
    cues: Sequence[Cue],
    cue_starts: Sequence[int],
    claim_starts: Sequence[int],
    m: Mention,
    *,
    after_capture: bool = False,
) -> Cue | None:
    """"entered Qala-e-Naw but were pushed back", "say they control Panjshir, but resistance
    fighters deny this": a later clause naming no place that ends the story of this one. After a
    capture, "but officials said fighting was continuing" counts too (it disputes the capture)."""
    for x, y in following:
        if x > m.end + WINDOW:
            break
        if bisect_left(claim_starts, x) != bisect_left(claim_starts, y):
            return None  # that clause names its own place
        if not _THEN_CLAUSE.match(text, x):
            continue
        kinds = (T, G, D, C) if after_capture and _CONTRAST_START.match(text, x) else (T, G, D)
        outcome = [
            c
            for c in _between(cues, cue_starts, x, min(y, m.end + WINDOW))
            if not c.weak and not c.partial and c.kind in kinds
        ]
        if outcome:
            return outcome[-1]
    return None


def _between(cues: Sequence[Cue], starts: Sequence[int], lo: int, hi: int) -> Sequence[Cue]:
    """The cues starting in ``[lo, hi)`` (``starts`` is their sorted start offsets)."""
    return cues[bisect_left(starts, lo) : bisect_left(starts, hi)]


def _short(quote: str, limit: int = 400) -> str:
    """A quote cut to ``limit`` characters at a word, with an ellipsis."""
    if len(quote) <= limit:
        return quote
    return quote[:limit].rsplit(" ", 1)[0] + " \u2026"


def _dispute(
    text: str,
    a: int,
    b: int,
    previous: tuple[int, int],
    disputes: list[tuple[int, Attribution | None, str, str]],
) -> None:
    """"But a lawmaker said the government still holds ...": a contrastive sentence naming no place
    that disputes the claim of the sentence before it."""
    cues = [c for c in find_cues(text, a, b) if c.kind in (G, D, C)]
    attr = attribution(text, a, b)
    if attr is None and cues and cues[0].kind == D:
        # "The governor's office dismissed the claim.": the speaker is the denial's subject.
        subject = _LEADING_CONJ.sub("", text[a : cues[0].start].strip(" ,"))
        if 0 < len(subject.split()) <= 10:
            attr = _make_attr(subject, a, cues[0].start)
    if cues and attr is not None and attr.side != "taliban":
        disputes.append((previous[0], attr, text[a:b], cues[0].text))


def _clause_text(text: str, clauses: Sequence[tuple[int, int]], pos: int) -> str:
    k = bisect_right([x for x, _ in clauses], pos) - 1
    if k >= 0 and clauses[k][0] <= pos < clauses[k][1]:
        return text[clauses[k][0] : clauses[k][1]].strip(" ,;.-\u2014")
    return ""


def _nearest(cues: Sequence[Cue], m: Mention) -> Cue | None:
    """The closest cue to the mention; weak cues (hypothetical, background) only if no other."""
    strong = [c for c in cues if not c.weak]
    best: tuple[int, Cue] | None = None
    for c in strong or cues:
        if c.end <= m.start:
            d = m.start - c.end
        elif c.start >= m.end:
            d = c.start - m.end
        else:
            d = 0
        if best is None or d < best[0]:
            best = (d, c)
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
                )
        out.append(x)
    return out


def _reconcile(
    items: list[Assessment],
    disputes: list[tuple[int, Attribution | None, str, str]],
    text: str,
) -> list[Assessment]:
    """A capture only claimed by one side and disputed by the other in the same text is contested."""
    by_province: dict[str, list[Assessment]] = {}
    for x in items:
        by_province.setdefault(x.mention.place.province, []).append(x)
    changed: dict[int, Assessment] = {}
    for group in by_province.values():
        claims = [x for x in group if x.status is ControlStatus.TALIBAN and x.claimant_side in ("taliban", "other") and x.claimant]
        if not claims:
            continue
        counter = [
            x
            for x in group
            if x.denial or (x.claimant_side == "government" and x.status.is_control and x.status is not ControlStatus.TALIBAN)
        ]
        quotes = [
            f"{x.claimant or 'the text'}: \u201c{_short(text[x.mention.sentence_start:x.mention.sentence_end])}\u201d"
            for x in counter[:3]
        ]
        claim_sentences = {x.mention.sentence_start for x in claims}
        for sent_start, attr, sentence, _cue in disputes:
            if sent_start in claim_sentences and len(quotes) < 4:
                quotes.append(f"{attr.claimant if attr else 'the text'}: \u201c{_short(sentence)}\u201d")
        if not quotes:
            continue
        note = "Disputed. " + " | ".join(dict.fromkeys(quotes))
        for x in claims:
            changed[id(x)] = replace(
                x,
                status=ControlStatus.CONTESTED,
                note=(x.note + " " if x.note else "") + note,
            )
    return [changed.get(id(x), x) for x in items]
