"""The extractor's vocabulary (data/lexicon.toml): cues, actors, word classes; loaded, checked."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from geo.errors import DataFileError
from geo.text import WordScan, trie_regex
from geo.types import Actor, ControlStatus, EventType

EFFECTS = frozenset(
    {"take", "retake", "fall", "lose", "expel", "handover", "hold", "repel", "fail", "fight",
     "strike", "violence", "threat", "deny"}
)  # fmt: skip
"""What a cue says happened to the place (data/lexicon.toml explains each)."""

ACTOR_ROLES = frozenset({"subject", "agent", "agent_by", "inner", "none"})
"""Where a cue's actor is named (``agent_by``: only a "by X" agent after the words)."""

TARGETS = frozenset({"any", "after", "before"})
"""Where a cue's place stands: anywhere in the clause, only after the words, only before them."""

ACTOR_SIDES = frozenset({*(a.value for a in Actor if a is not Actor.UNKNOWN), "context"})
"""The sides an actor phrase can have; ``context``: a bare noun whose side comes from the text."""

WORD_CLASSES = (
    "modal", "purpose", "negation", "intent", "background", "terror", "civilian", "border",
    "facility", "districts_before", "locator", "except", "speech", "taliban_side",
    "government_side", "civilians", "threatened_after", "part_before", "strike_fight",
)  # fmt: skip
"""The word classes the engine needs; the lexicon must define every one."""


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One class of wording: its pattern, what it says happened, where its actor is named."""

    name: str
    pattern: str
    effect: str
    actor: str
    event_type: EventType | None = None
    needs_place: bool = False
    weak: bool = False
    fact: bool = False
    opposite: bool = False
    target: str = "any"
    example: str = ""
    expect: ControlStatus | None = None
    date: dt.date = dt.date(2021, 8, 10)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """An actor phrase and its side, for articles dated in ``[start, end]``; ``institution``
    marks a ministry, an office or officials (they speak more often than they fight)."""

    phrase: str
    side: str
    start: dt.date = dt.date.min
    end: dt.date = dt.date.max
    institution: bool = False


_WORD_START = re.compile(r"[A-Za-z]+")


class GatedRegex:
    """Alternative patterns tried only where a word starts with letters one of them can start
    with: the matches of ``(?:p0|p1|...)`` scanned left to right, without trying the whole
    alternation at every word.

    Each alternative gets a named group ``{prefix}{i}``; at a given word only the alternatives
    whose first words can start like it are tried, in their order, so the match is the one the
    whole alternation would find there.

    Examples
    --------
    >>> g = GatedRegex(["fell", "took control", "took"], prefix="c")
    >>> [(m.group(), m.lastgroup) for m in g.finditer("Kunduz fell; they took control.")]
    [('fell', 'c0'), ('took control', 'c1')]
    """

    def __init__(self, patterns: Sequence[str], *, prefix: str, head: str = "", tail: str = "",
                 flags: int = re.I, lead: str = r"(?<![\w-])") -> None:
        self.prefix = prefix
        by_key: dict[str, list[int]] = {}
        for i, pattern in enumerate(patterns):
            for key in first_words(pattern, flags):
                by_key.setdefault(key, []).append(i)
        self._sources = {
            key: head + "(?:" + "|".join(f"(?P<{prefix}{i}>{patterns[i]})" for i in sorted(ids))
            + ")" + tail
            for key, ids in by_key.items()
        }
        self._compiled: dict[str, re.Pattern[str]] = {}
        self._flags = flags
        self.keys = frozenset(by_key)
        # Where a word is one a pattern can start with: one C-level scan over a trie of the words.
        self._candidates = re.compile(
            lead + trie_regex(sorted(by_key), both_cases=True) + r"(?![a-z])"
        )

    def _regex(self, key: str) -> re.Pattern[str] | None:
        rx = self._compiled.get(key)
        if rx is None:
            source = self._sources.get(key)
            if source is None:
                return None
            rx = self._compiled[key] = re.compile(source, self._flags)
        return rx

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches, left to right, each starting where a word starts."""
        end = len(text) if endpos is None else endpos
        nxt = pos
        for w in self._candidates.finditer(text, pos, end):
            start = w.start()
            if start < nxt:
                continue
            rx = self._regex(w.group().lower())
            if rx is None:
                continue
            m = rx.match(text, start, end)
            if m is not None and m.end() > start:
                nxt = m.end()
                yield m


def split_alternatives(pattern: str) -> tuple[list[str], str] | None:
    r"""``(alternatives, tail)`` of a pattern written ``(?:a|b|...)tail``, else None.

    >>> split_alternatives(r"(?:fled|retreated)\s+to\s+$")
    (['fled', 'retreated'], '\\s+to\\s+$')
    """
    if not pattern.startswith("(?:"):
        return None
    depth, start, parts, escaped, in_class = 0, 3, [], False, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                parts.append(pattern[start:i])
                return parts, pattern[i + 1 :]
        elif ch == "|" and depth == 1:
            parts.append(pattern[start:i])
            start = i + 1
    return None


class EndingRegex:
    """``bool(re.search(pattern, text, re.I))`` for a pattern ``(?:a|b|...)tail`` whose
    alternatives each start a word and whose tail ends the text (``$``): each alternative is
    tried only where a word starts that it can start with (:class:`GatedRegex`), the few that
    start with no listable word by a plain search. The same answer, many times faster on a
    pattern of a hundred alternatives.
    """

    def __init__(self, pattern: str) -> None:
        self.plain = re.compile(pattern, re.I)
        split = split_alternatives(pattern)
        self.gated: GatedRegex | None = None
        self.rest: re.Pattern[str] | None = self.plain
        if split is None:
            return
        alternatives, tail = split
        listed, other = _by_first_word(alternatives)
        self.gated = GatedRegex(listed, prefix="e", tail=tail)
        self.rest = re.compile("(?:" + "|".join(other) + ")" + tail, re.I) if other else None

    def search(self, text: str) -> bool:
        if self.rest is not None and self.rest.search(text):
            return True
        return self.gated is not None and next(self.gated.finditer(text), None) is not None


def _by_first_word(alternatives: list[str]) -> tuple[list[str], list[str]]:
    """The alternatives whose first words can be listed (for a :class:`GatedRegex`), and the
    others (searched plainly)."""
    listed, other = [], []
    for alt in alternatives:
        try:
            first_words(alt)
            listed.append(alt)
        except ValueError:
            other.append(alt)
    return listed, other


class GatedSearch:
    """``re.compile(pattern, re.I).search`` for a word class written ``\b(?:a|b|...)tail``:
    the alternatives are tried only where a word starts that one of them can start with
    (:class:`GatedRegex`), those that start with no listable word by a plain search; the leftmost
    of the two is the answer. Other patterns are searched plainly.
    """

    def __init__(self, pattern: str) -> None:
        self.plain = re.compile(pattern, re.I)
        self.gated: GatedRegex | None = None
        self.rest: re.Pattern[str] | None = self.plain
        split = split_alternatives(pattern[2:]) if pattern.startswith(r"\b(?:") else None
        if split is None:
            return
        alternatives, tail = split
        listed, other = _by_first_word(alternatives)
        if not listed:
            return
        self.gated = GatedRegex(listed, prefix="w", head=r"\b", tail=tail, lead=r"\b")
        self.rest = re.compile(r"\b(?:" + "|".join(other) + ")" + tail, re.I) if other else None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        found = None if self.gated is None else next(self.gated.finditer(text, pos, end), None)
        if self.rest is not None:
            other = self.rest.search(text, pos, end)
            if other is not None and (found is None or other.start() < found.start()):
                return other
        return found


# A cue ends at a word's end; one that ends on a lookahead after a space ("inside (?=[A-Z])") is
# followed by the name it looks for.
_CUE_END = r"(?:(?<=\s)|(?![a-z]))"


class Lexicon:
    """The compiled vocabulary: one cue regex (a named group per entry), the words its matches can
    start with, the word classes, and the actor phrases by period.

    Build with :func:`load_lexicon`; every pattern is compiled and checked there.
    """

    def __init__(
        self,
        cues: Sequence[CueEntry],
        actors: Sequence[ActorEntry],
        words: Mapping[str, str],
        *,
        source: str = "<lexicon>",
    ) -> None:
        self.source = source
        self.cues = tuple(cues)
        self.actors = tuple(actors)
        self.cue_by_group = {f"c{i}": c for i, c in enumerate(self.cues)}
        self.cue_by_name = {c.name: c for c in self.cues}
        for c in self.cues:
            try:
                first_words(c.pattern)
            except ValueError as exc:
                raise DataFileError(f"{source}: cue {c.name!r}: {exc}") from None
        self.cue_scan = GatedRegex([c.pattern for c in self.cues], prefix="c", tail=_CUE_END)
        self.words = {name: re.compile(pattern, re.I) for name, pattern in words.items()}
        self._actor_regex: dict[tuple[int, ...], GatedRegex] = {}
        self._endings: dict[str, EndingRegex] = {}
        self._fast: dict[str, GatedSearch] = {}
        self._scans: dict[str, WordScan] = {}

    @cached_property
    def cue_regex(self) -> re.Pattern[str]:
        """The reference the gated scan must equal: every cue tried at every word start (for the
        tests; compiling it costs ~0.1 s, so it is compiled only when asked for)."""
        return re.compile(
            r"(?<![\w-])(?=[a-z])(?:"
            + "|".join(f"(?P<c{i}>{c.pattern})" for i, c in enumerate(self.cues))
            + ")" + _CUE_END,
            re.I,
        )

    def word(self, name: str) -> re.Pattern[str]:
        """A compiled word class."""
        return self.words[name]

    def fast(self, name: str) -> GatedSearch:
        """A word class to search (``modal``, ``terror`` ...), as a fast :class:`GatedSearch`."""
        found = self._fast.get(name)
        if found is None:
            found = self._fast[name] = GatedSearch(self.words[name].pattern)
        return found

    def scan(self, name: str) -> WordScan:
        """A word class of plain words (``speech``) to scan, as a fast :class:`WordScan`."""
        found = self._scans.get(name)
        if found is None:
            found = self._scans[name] = WordScan(self.words[name].pattern)
        return found

    def ending(self, name: str) -> EndingRegex:
        """A word class that ends its text (``locator``), as a fast :class:`EndingRegex`."""
        found = self._endings.get(name)
        if found is None:
            found = self._endings[name] = EndingRegex(self.words[name].pattern)
        return found

    def actor_regex(self, day: dt.date) -> tuple[GatedRegex, tuple[ActorEntry, ...]]:
        """The actor phrases that hold for an article of ``day`` (group ``aN`` for the N-th of the
        returned entries), cached per set of entries."""
        chosen = tuple(i for i, a in enumerate(self.actors) if a.start <= day <= a.end)
        rx = self._actor_regex.get(chosen)
        if rx is None:
            rx = GatedRegex([self.actors[i].phrase for i in chosen], prefix="a",
                            tail=r"(?![\w-])")
            self._actor_regex[chosen] = rx
        return rx, tuple(self.actors[i] for i in chosen)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and check the lexicon (default: the shipped ``data/lexicon.toml``).

    Raises
    ------
    DataFileError
        The file is missing or not TOML, or an entry is bad: an unknown effect, actor role,
        event type, side or status, a pattern that does not compile or starts with no letters,
        a missing word class. The message names the entry and what to fix.
    """
    from geo import settings

    path = path or settings.LEXICON_TOML
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read the lexicon ({exc})") from None
    return parse_lexicon(data, source=str(path))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    return load_lexicon()


def parse_lexicon(data: Mapping[str, Any], *, source: str = "<lexicon>") -> Lexicon:
    """Check the parsed TOML of a lexicon and build it (see :func:`load_lexicon`)."""
    cues = [_cue(raw, i, source) for i, raw in enumerate(data.get("cue", []), start=1)]
    if not cues:
        raise DataFileError(f"{source}: no [[cue]] entries")
    names = [c.name for c in cues]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataFileError(f"{source}: cue names {twice} are used twice; give each its own")
    actors = [_actor(raw, i, source) for i, raw in enumerate(data.get("actor", []), start=1)]
    words = data.get("words", {})
    missing = [w for w in WORD_CLASSES if w not in words]
    if missing:
        raise DataFileError(f"{source}: [words] lacks {missing}")
    for name, pattern in words.items():
        _compiles(pattern, f"[words] {name}", source)
    return Lexicon(cues, actors, {w: words[w] for w in words}, source=source)


def _cue(raw: Mapping[str, Any], index: int, source: str) -> CueEntry:
    name = str(raw.get("name") or f"#{index}")
    where = f"{source}: cue {name!r}"
    pattern = raw.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise DataFileError(f"{where}: needs a pattern")
    _compiles(pattern, f"cue {name!r}", source)
    effect = raw.get("effect")
    if effect not in EFFECTS:
        raise DataFileError(f"{where}: effect {effect!r} is not one of {sorted(EFFECTS)}")
    actor = raw.get("actor", "none")
    if actor not in ACTOR_ROLES:
        raise DataFileError(f"{where}: actor {actor!r} is not one of {sorted(ACTOR_ROLES)}")
    event_type = None
    if "event_type" in raw:
        try:
            event_type = EventType(raw["event_type"])
        except ValueError:
            raise DataFileError(
                f"{where}: event_type {raw['event_type']!r} is not one of "
                f"{[e.value for e in EventType]}"
            ) from None
    expect = None
    if "expect" in raw:
        try:
            expect = ControlStatus(raw["expect"])
        except ValueError:
            raise DataFileError(f"{where}: expect {raw['expect']!r} is not a status") from None
    day = raw.get("date", dt.date(2021, 8, 10))
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            raise DataFileError(f"{where}: date {day!r} is not YYYY-MM-DD") from None
    target = raw.get("target", "any")
    if target not in TARGETS:
        raise DataFileError(f"{where}: target {target!r} is not one of {sorted(TARGETS)}")
    unknown = set(raw) - {"name", "pattern", "effect", "actor", "event_type", "needs_place",
                          "weak", "fact", "opposite", "target", "example", "expect",
                          "date"}
    if unknown:
        raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
    return CueEntry(
        name=name,
        pattern=pattern,
        effect=effect,
        actor=actor,
        event_type=event_type,
        needs_place=bool(raw.get("needs_place", False)),
        weak=bool(raw.get("weak", False)),
        fact=bool(raw.get("fact", False)),
        opposite=bool(raw.get("opposite", False)),
        target=target,
        example=str(raw.get("example", "")),
        expect=expect,
        date=day,
    )


def _actor(raw: Mapping[str, Any], index: int, source: str) -> ActorEntry:
    where = f"{source}: actor #{index}"
    phrase = raw.get("phrase")
    if not isinstance(phrase, str) or not phrase:
        raise DataFileError(f"{where}: needs a phrase")
    _compiles(phrase, f"actor #{index}", source)
    side = raw.get("side")
    if side not in ACTOR_SIDES:
        raise DataFileError(f"{where}: side {side!r} is not one of {sorted(ACTOR_SIDES)}")
    bounds = []
    for key, default in (("from", dt.date.min), ("to", dt.date.max)):
        value = raw.get(key, default)
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise DataFileError(f"{where}: {key} {value!r} is not YYYY-MM-DD") from None
        bounds.append(value)
    unknown = set(raw) - {"phrase", "side", "from", "to", "institution"}
    if unknown:
        raise DataFileError(f"{where}: unknown keys {sorted(unknown)}")
    return ActorEntry(phrase, side, bounds[0], bounds[1], bool(raw.get("institution", False)))


def _compiles(pattern: str, what: str, source: str) -> None:
    try:
        re.compile(pattern, re.I)
    except re.error as exc:
        raise DataFileError(f"{source}: {what}: the pattern does not compile ({exc})") from None


def first_words(pattern: str, flags: int = re.I) -> frozenset[str]:
    """Every word a match of ``pattern`` can start with (lower case, letters up to the first
    character that is not one), read off the parsed regex.

    Raises
    ------
    ValueError
        The first word cannot be listed (it can start with ``\\w``, ``.``, a wide class, or be
        longer than 24 letters).

    Examples
    --------
    >>> sorted(first_words(r"(?:took|taken)\\s+over|fall(?:s|en)?\\s+of|re-?took"))
    ['fall', 'fallen', 'falls', 're', 'retook', 'taken', 'took']
    """
    from re import _constants as k  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    out: set[str] = set()
    depth = 24

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
                raise ValueError(f"pattern too wide to index: {pattern[:60]!r}")
        return found

    def walk(items: list[Any], word: str) -> None:
        if len(word) > depth:
            raise ValueError(f"a first word too long to list in {pattern[:60]!r}")
        if not items:
            if not word:
                raise ValueError(f"a match can be empty: {pattern[:60]!r}")
            out.add(word)
            return
        (op, av), rest = items[0], items[1:]
        if op is k.LITERAL:
            ch = chr(av).lower()
            if ch.isalpha():
                walk(rest, word + ch)
            elif word:
                out.add(word)
            elif ch.isspace():
                walk(rest, word)  # leading white space ("\\s*fighting")
            else:
                raise ValueError(f"a match can start without a letter: {pattern[:60]!r}")
        elif op is k.IN:
            for ch in set(chars(av)):
                walk([(k.LITERAL, ord(ch)), *rest], word)
        elif op is k.SUBPATTERN:
            walk(list(av[-1]) + rest, word)
        elif op is k.BRANCH:
            for alt in av[1]:
                walk(list(alt) + rest, word)
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT):
            lo, hi, body = av
            if lo == 0:
                walk(rest, word)
            if hi != 0:
                walk(list(body) + rest, word)  # one pass shows how the first word goes on
        elif op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            if word and op is not k.AT:
                out.add(word)  # a look-ahead after the first letters: the word may end here
                walk(rest, word)
            else:
                walk(rest, word)
        else:
            if word and not (op is k.CATEGORY and val_goes_on(av)) and op not in goes_on:
                out.add(word)  # a digit, a non-word character: the word ends here
                return
            raise ValueError(f"pattern too wide to index: {pattern[:60]!r}")

    def val_goes_on(category: Any) -> bool:
        return category in (k.CATEGORY_WORD, k.CATEGORY_NOT_SPACE, k.CATEGORY_NOT_DIGIT,
                            k.CATEGORY_NOT_LINEBREAK)

    goes_on = (k.ANY, k.NOT_LITERAL, k.NOT_LITERAL_IGNORE)  # a first word may go on with a letter
    walk(list(_parser.parse(pattern, flags)), "")
    return frozenset(out)


def trigger_keys(pattern: str, flags: int = re.I) -> frozenset[str]:
    """The first three letters (or the whole first word, if shorter) of every word a match of
    ``pattern`` can start with, read off the parsed regex.

    Raises
    ------
    ValueError
        A class of characters too wide to list (``\\w``, ``.``) could start a match.

    Examples
    --------
    >>> sorted(trigger_keys(r"(?:took|taken)\\s+over|fall\\s+of"))
    ['fal', 'tak', 'too']
    """
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
                raise ValueError(f"pattern too wide to index: {pattern[:60]!r}")
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
            raise ValueError(f"pattern too wide to index: {pattern[:60]!r}")

    walk(list(_parser.parse(pattern, flags)), "")
    keys = set()
    for p in out:
        word = re.match(r"[a-z]+", p.lstrip(" -'"))
        if word is None:
            raise ValueError(f"a match can start without a letter: {p!r}")
        keys.add(word.group()[:3])
    return frozenset(keys)
