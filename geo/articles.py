"""Reading and validating article files and uploaded text."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geo import settings
from geo.errors import ArticleError
from geo.types import Article

TITLE_MAX_CHARS = 200
"""Titles longer than this are cut (with an ellipsis) to this many characters."""

CONTROL_RATIO_LIMIT = 0.10
"""A text with a larger share of control characters than this is taken for a binary file."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx/.odt)"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
)

# C0 and C1 control characters other than whitespace (\t \n \v \f \r and NEL U+0085).
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

# Lone UTF-16 surrogates: a str may hold them (json.loads of "\\ud800"), UTF-8 cannot.
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_DATE_LINE_RE = re.compile(r"date\b\s*:?\s*(?P<value>\S+)(?P<rest>\s.*)?", re.IGNORECASE)
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The outcome of reading one input file: an article, or a one-line error naming the file.

    Exactly one of ``article`` and ``error`` is set. ``warnings`` holds remarks that did not stop
    the file from loading (an unusual encoding, a default date used).
    """

    path: str
    article: Article | None
    error: str | None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file gave an article."""
        return self.article is not None


def normalise_newlines(text: str) -> str:
    """Turn Windows (CRLF) and old Mac (lone CR) line ends into LF.

    Examples
    --------
    >>> normalise_newlines("a\\r\\nb\\rc\\n")
    'a\\nb\\nc\\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_id(date: dt.date, text: str) -> str:
    """Return the stable id of an article: 16 hex characters of a SHA-256 of its date and text.

    The text is normalised first (CRLF and lone CR to LF, a leading byte-order mark removed,
    trailing whitespace removed), so the same story saved on Windows or Linux gets one id.

    Parameters
    ----------
    date
        The article date.
    text
        The article text (after the date line).

    Returns
    -------
    str
        ``sha256(f"{date.isoformat()}\\n{normalised text}")``, first 16 hex digits.

    Examples
    --------
    >>> a = article_id(dt.date(2021, 8, 10), "Kunduz fell.\\r\\n")
    >>> a == article_id(dt.date(2021, 8, 10), "\\ufeffKunduz fell.")
    True
    >>> len(a), a == article_id(dt.date(2021, 8, 11), "Kunduz fell.")
    (16, False)
    """
    body = normalise_newlines(text).removeprefix(_BOM).rstrip()
    digest = hashlib.sha256(f"{date.isoformat()}\n{body}".encode()).hexdigest()
    return digest[:16]


def parse_article(
    raw: str | bytes,
    *,
    source: str,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[Article, list[str]]:
    """Validate one article (file contents or uploaded/pasted text) and build an `Article`.

    The first non-blank line must be ``date YYYY-MM-DD`` (any case, spaces around it, an optional
    colon after ``date``). Everything after that line is the article text, kept exactly as given
    except that line ends become LF and a byte-order mark is dropped; the title is its first
    non-blank line.

    Parameters
    ----------
    raw
        The contents: bytes from a file or an upload, or an already decoded string.
    source
        Where the text came from (a path, ``"upload:<name>"``, ``"paste"``); it starts every
        error message and becomes ``Article.source``.
    default_date
        The date to use when the text has no date line. Without it, a missing date line is an
        error. A date line that is present but malformed is an error either way.
    today
        Dates after this day are refused; default `datetime.date.today`.

    Returns
    -------
    tuple[Article, list[str]]
        The article and the warnings (e.g. ``"decoded as Windows-1252"``), possibly empty.

    Raises
    ------
    ArticleError
        With a one-line message naming ``source``: too large, binary, empty, not decodable,
        missing or impossible or future date, no text after the date line.

    Examples
    --------
    >>> art, warnings = parse_article(b"date 2021-08-10\\nKunduz fell.\\n", source="x.txt")
    >>> art.date, art.title, art.text, warnings
    (datetime.date(2021, 8, 10), 'Kunduz fell.', 'Kunduz fell.\\n', [])
    """
    warnings: list[str] = []
    text = _decode(raw, source=source, warnings=warnings)
    text = normalise_newlines(text).removeprefix(_BOM)
    _check_text(text, source=source)
    # The few control characters left (an ESC that could drive a terminal, a stray form feed)
    # become spaces: same length, so nothing else moves.
    text, n_control = _CONTROL_CHARS_RE.subn(" ", text)
    if n_control:
        warnings.append(f"{source}: {n_control} control character(s) replaced by spaces")

    date, body = _split_date_line(text, source=source)
    fix = "fix the date line"
    if date is None:
        if default_date is None:
            raise ArticleError(
                f"{source}: no 'date YYYY-MM-DD' line at the top; add one (e.g. 'date 2021-08-10')"
                " as the first line or pass a default date (--date)"
            )
        date = default_date
        fix = "check the default date (--date)"
        warnings.append(f"{source}: no date line; dated {date.isoformat()} as given")
    limit = dt.date.today() if today is None else today
    if date < settings.EARLIEST_ARTICLE_DATE:
        raise ArticleError(
            f"{source}: date {date.isoformat()} is before "
            f"{settings.EARLIEST_ARTICLE_DATE.isoformat()}, which cannot be a news article "
            f"about Afghanistan's provinces; {fix}"
        )
    if date > limit:
        raise ArticleError(
            f"{source}: date {date.isoformat()} is in the future (today is {limit.isoformat()});"
            f" {fix}"
        )
    if not body.strip():
        raise ArticleError(f"{source}: has a date line but no text after it; add the article text")

    title = _title(body)
    article = Article(id=article_id(date, body), date=date, title=title, text=body, source=source)
    return article, warnings


def decode_text(raw: str | bytes, *, source: str) -> tuple[str, list[str]]:
    """Decode a file's bytes as `parse_article` does, for readers of other formats (HTML).

    Checks size, binary content and emptiness, decodes (UTF-8, else Windows-1252 with a
    warning; UTF-16 with a byte-order mark), turns line ends into LF and drops a byte-order mark.

    Parameters
    ----------
    raw
        The contents.
    source
        The name that starts every message.

    Returns
    -------
    tuple[str, list[str]]
        The text and the warnings.

    Raises
    ------
    ArticleError
        Too large, binary, or empty, with a message naming ``source``.

    Examples
    --------
    >>> decode_text(b"caf\\xe9\\r\\n", source="x.html")
    ('café\\n', ['x.html: not valid UTF-8; decoded as Windows-1252'])
    """
    warnings: list[str] = []
    text = normalise_newlines(_decode(raw, source=source, warnings=warnings)).removeprefix(_BOM)
    _check_text(text, source=source)
    return text, warnings


def clip_title(title: str) -> str:
    """A title on one line, cut (with an ellipsis) to `TITLE_MAX_CHARS` characters.

    Examples
    --------
    >>> clip_title("  Kunduz\\n falls ")
    'Kunduz falls'
    """
    return _title(" ".join(title.split()))


def load_path(
    path: Path,
    *,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> list[LoadResult]:
    """Read one article file, or every ``.txt`` file directly inside a folder.

    A folder is read non-recursively: its ``*.txt`` files (any case of the suffix, hidden files
    skipped), sorted by name. A file named explicitly is read whatever its suffix. Nothing here
    raises for a bad input: each problem becomes a `LoadResult` with an ``error``.

    Parameters
    ----------
    path
        A file or a folder.
    default_date
        Date for files without a date line (see `parse_article`).
    today
        Dates after this day are refused; default today.

    Returns
    -------
    list[LoadResult]
        One per file (one error row for a missing path or a folder without ``.txt`` files).
    """
    name = str(path)
    try:
        if path.is_dir():
            files = sorted(
                (
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() == ".txt" and not p.name.startswith(".") and p.is_file()
                ),
                key=lambda p: p.name,
            )
            if not files:
                return [LoadResult(name, None, f"{name}: folder has no .txt files")]
            return [_load_file(p, default_date=default_date, today=today) for p in files]
        if not path.exists():
            return [LoadResult(name, None, f"{name}: no such file or folder; check the path")]
    except OSError as exc:
        return [LoadResult(name, None, f"{name}: cannot be read ({exc.strerror or exc})")]
    return [_load_file(path, default_date=default_date, today=today)]


def iter_paths(
    paths: Iterable[Path],
    *,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[LoadResult]:
    """Load many files and folders lazily, one `LoadResult` per file; never raises for bad input.

    Parameters
    ----------
    paths
        Files and folders (see `load_path`).
    default_date
        Date for files without a date line.
    today
        Dates after this day are refused; default today.

    Yields
    ------
    LoadResult
        In the order of ``paths``, folder contents sorted by name.
    """
    for path in paths:
        yield from load_path(Path(path), default_date=default_date, today=today)


# --- helpers -------------------------------------------------------------------------------------


def _load_file(path: Path, *, default_date: dt.date | None, today: dt.date | None) -> LoadResult:
    name = str(path)
    limit = settings.MAX_ARTICLE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            return LoadResult(name, None, _too_large(name, size, limit))
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        return LoadResult(name, None, f"{name}: cannot be read ({exc.strerror or exc})")
    try:
        article, warnings = parse_article(data, source=name, default_date=default_date, today=today)
    except ArticleError as exc:
        return LoadResult(name, None, str(exc))
    return LoadResult(name, article, None, tuple(warnings))


def _too_large(source: str, size: int, limit: int) -> str:
    return (
        f"{source}: is too large ({size:,} bytes; the limit is {limit:,} bytes,"
        " settings.MAX_ARTICLE_BYTES); split it into smaller articles"
    )


def _decode(raw: str | bytes, *, source: str, warnings: list[str]) -> str:
    """Check the size and binary-ness of ``raw`` and decode it to text."""
    limit = settings.MAX_ARTICLE_BYTES
    if isinstance(raw, str):
        if len(raw) * 4 > limit:  # else it fits: a character is at most 4 bytes in UTF-8
            size = len(raw.encode("utf-8", "surrogatepass"))
            if size > limit:
                raise ArticleError(_too_large(source, size, limit))
        if _SURROGATE_RE.search(raw):
            warnings.append(
                f"{source}: has broken characters (lone UTF-16 surrogates); each replaced by U+FFFD"
            )
            return _SURROGATE_RE.sub("\ufffd", raw)
        return raw
    data = bytes(raw)
    if len(data) > limit:
        raise ArticleError(_too_large(source, len(data), limit))
    if not data:
        raise ArticleError(f"{source}: is empty (0 bytes); an article needs a date line and text")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(_binary(source, kind))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"{source}: starts like UTF-16 text but cannot be decoded ({exc.reason});"
                " save it as UTF-8"
            ) from None
        warnings.append(f"{source}: decoded as UTF-16 (byte-order mark found)")
        return text
    if b"\x00" in data:
        raise ArticleError(_binary(source, "NUL bytes"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        warnings.append(f"{source}: not valid UTF-8; decoded as Windows-1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        warnings.append(f"{source}: not valid UTF-8 or Windows-1252; decoded as Latin-1")
    return text


def _binary(source: str, why: str) -> str:
    return f"{source}: looks like a binary file ({why}), not text; save the article as plain text"


def _check_text(text: str, *, source: str) -> None:
    """Refuse empty text and text that is mostly control characters (checked on decoded text)."""
    if not text:
        raise ArticleError(f"{source}: is empty; an article needs a date line and text")
    if not text.strip():
        raise ArticleError(
            f"{source}: is empty (only whitespace); an article needs a date line and text"
        )
    if "\x00" in text:
        raise ArticleError(_binary(source, "NUL characters"))
    n_control = _CONTROL_CHARS_RE.subn("", text)[1]
    if n_control > CONTROL_RATIO_LIMIT * len(text):
        raise ArticleError(_binary(source, f"{n_control / len(text):.0%} control characters"))


def _split_date_line(text: str, *, source: str) -> tuple[dt.date | None, str]:
    """Return the date of the first non-blank line and the text after it, or (None, text)."""
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end].strip()
        if line:
            match = _DATE_LINE_RE.fullmatch(line)
            if match is None:
                return None, text
            body = "" if nl < 0 else text[nl + 1 :]
            rest = (match["rest"] or "").strip()
            if rest:
                # "date 2021-08-08 The Taliban captured ...": the text goes on on the date's line
                if not _ISO_DATE_RE.fullmatch(match["value"]):
                    return None, text  # "Date palms ...": no date line at all
                body = rest + ("\n" + body if body else "\n")
            return _parse_date_value(match["value"], line=line, source=source), body
        if nl < 0:
            break
        pos = nl + 1
    return None, text


def _parse_date_value(value: str, *, line: str, source: str) -> dt.date:
    if not _ISO_DATE_RE.fullmatch(value):
        raise ArticleError(
            f"{source}: date line {line!r} is not in the form 'date YYYY-MM-DD'"
            " (e.g. 'date 2021-08-10'); fix it"
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ArticleError(
            f"{source}: impossible date {value!r} in the date line ({exc}); fix it"
        ) from None


def _title(body: str) -> str:
    for line in body.split("\n"):
        title = line.strip()
        if title:
            if len(title) > TITLE_MAX_CHARS:
                title = title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
            return title
    return ""
