"""Text folding that keeps offsets, and a regex builder for word lists; pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

NOT_A_NAME = (
    r"(?!(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Afghanistan|Taliban|Taleban|However|Meanwhile|"
    r"Elsewhere|Also|Earlier|Later|Separately|Still|Instead|Today|Yesterday|Now|Then|Since|Until|"
    r"But|And|In|On|At|By|For|From|After|Before|Within|Overnight|Tonight|Late|Early|Last|Soon|"
    r"This)\b)(?![A-Z][a-z]+ly\b)"
)
"""A lookahead: the capitalised word here is not a place's name (a weekday, a month, an adverb
that opens a sentence: "On Monday, ...", "Eventually, ..."), for rules that take an unknown
capitalised word before a comma for a place the gazetteer does not know."""

_FOLD_EXTRA = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ",
    "\u201c": '"', "\u201d": '"',
}


def fold_char(ch: str) -> str:
    """Fold one character to one ASCII-ish character (same length, so offsets survive).

    Examples
    --------
    >>> fold_char("ā"), fold_char("’"), fold_char("–"), fold_char("x")
    ('a', "'", '-', 'x')
    """
    if ch < "\x80":
        return ch
    if ch in _FOLD_EXTRA:
        return _FOLD_EXTRA[ch]
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if base and base < "\x80" else ch


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(m: re.Match[str]) -> str:
    return fold_char(m.group())


def fold(text: str) -> str:
    """Fold a text character by character; ``len(fold(t)) == len(t)``.

    Examples
    --------
    >>> fold("Mazār-e Sharīf’s")
    "Mazar-e Sharif's"
    """
    if text.isascii():
        return text
    return _NON_ASCII.sub(_fold_match, text)


def fold_span(text: str, start: int, end: int) -> str:
    """``fold(text[start:end])``; an article read span by span is folded once, not per span.

    Examples
    --------
    >>> fold_span("Mazār-e Sharīf’s fall", 8, 16)
    "Sharif's"
    """
    if text.isascii():
        return text[start:end]
    return _fold_whole(text)[start:end]


@lru_cache(maxsize=16)
def _fold_whole(text: str) -> str:
    return _NON_ASCII.sub(_fold_match, text)


_Trie = dict[str, "_Trie"]


def trie_regex(phrases: Sequence[str], *, both_cases: bool = False) -> str:
    r"""One regex matching any of `phrases` (a space matches any whitespace), shaped as a trie.

    A trie fails at the first character that fits no phrase instead of trying every phrase in
    turn, and its greedy optional tails make the longest phrase win ("last weekend" before
    "last week"). With `both_cases`, letters become ``[xX]`` classes: the regex engine skips a
    branch on a class mismatch without entering it, which it does not do for case-insensitive
    literals.

    Examples
    --------
    >>> print(trie_regex(["last week", "last weekend", "today"]))
    (?:last\s+week(?:end)?|today)
    >>> print(trie_regex(["on", "of"], both_cases=True))
    [oO](?:[nN]|[fF])
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for token in " ".join(phrase.lower().split()):
            node = node.setdefault(token, {})
        node[""] = {}
    return _emit(trie, both_cases)


def _emit(node: _Trie, both_cases: bool) -> str:
    branches = [
        _atom(token, both_cases) + _emit(child, both_cases)
        for token, child in node.items()
        if token
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _atom(char: str, both_cases: bool) -> str:
    if char == " ":
        return r"\s+"
    if both_cases and char.isascii() and char.upper() != char:
        return f"[{char}{char.upper()}]"
    return re.escape(char)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet cell that runs as a formula starts (OWASP CSV injection)."""


def spreadsheet_cell(value: object) -> object:
    """A text cell that would run as a spreadsheet formula gets a leading apostrophe.

    >>> spreadsheet_cell("=1+1"), spreadsheet_cell("Kunduz fell")
    ("'=1+1", 'Kunduz fell')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


_PLAIN_WORDS = re.compile(r"\\b\(\?:([a-z|]+)\)\\b(.*)", re.S)


class WordScan:
    r"""``re.compile(pattern, re.I).finditer`` for a word class written ``\b(?:w1|w2|...)\b`` and
    an optional tail, faster on ASCII text: there the words are looked for in the lowered text,
    where every branch starts with a letter and the engine skips to the letters that can start
    one (the ``\b`` before a word is checked by hand). Other text, and other patterns, take the
    plain pattern.

    Examples
    --------
    >>> scan = WordScan(r"\b(?:said|says|told)\b")
    >>> [m.group() for m in scan.finditer("He SAID so; she told them, unsaid.")]
    ['SAID', 'told']
    """

    def __init__(self, pattern: str) -> None:
        self.plain = re.compile(pattern, re.I)
        m = _PLAIN_WORDS.fullmatch(pattern)
        # where a match can start: a listed word, lowered, ending a word (the plain pattern then
        # reads the match itself, tail and all, at that offset)
        self._fast = None if m is None else re.compile("(?:" + m.group(1) + r")(?![0-9a-z_])")

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else min(endpos, len(text))
        piece = text[pos:end]
        if self._fast is None or not piece.isascii():
            yield from self.plain.finditer(text, pos, end)
            return
        low = piece.lower()
        at = 0
        while True:
            m = self._fast.search(low, at)
            if m is None:
                return
            start = pos + m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                at = m.start() + 1  # inside a word: no \b before it
                continue
            hit = self.plain.match(text, start, end)  # the match itself, tail and all
            if hit is None:
                at = m.start() + 1
                continue
            yield hit
            at = max(hit.end(), start + 1) - pos

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)
