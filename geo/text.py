"""Text folding that keeps offsets: one ASCII-ish character for each character; pure."""

from __future__ import annotations

import re
import unicodedata

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
