"""Reading article files of every format: text, web pages, RSS/Atom feeds, CSV/TSV, JSON Lines.

The format is chosen by the file's extension and checked against its content:

=================  =========================  ==================================================
extension          read with                  gives
=================  =========================  ==================================================
``.txt``           `geo.articles`             one article (first line ``date YYYY-MM-DD``)
``.html``/``.htm`` trafilatura (+ htmldate)   one article: main text, title, date, site name, URL
``.xml``/``.rss``  feedparser                 one article per item: date, title, text, link,
/``.atom``                                    the feed's title as outlet
``.csv``/``.tsv``  pandas                     one article per row: ``date``, ``text``; optional
                                              ``title``, ``source``/``outlet``, ``url``; other
                                              columns kept in ``Article.meta``
``.jsonl``         json                       one article per line: ``date``, ``text``; optional
                                              ``title``, ``source``, ``id``, ``outlet``, ``url``
=================  =========================  ==================================================

Nothing here raises for bad input: every problem is a `geo.articles.LoadResult` whose error names
the file and the record (``file:12`` for a JSON line, ``file:row 4`` for a table row as a
spreadsheet numbers it, header = row 1, ``file:item 3`` for a feed item), and the other records
still load. Nothing here uses the network.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from geo import settings
from geo.articles import (
    LoadResult,
    clip_title,
    decode_text,
    load_path,
    parse_article,
)
from geo.errors import ArticleError

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".csv": "table",
    ".tsv": "table",
    ".jsonl": "jsonl",
}
"""File extension (lower case) -> format. A file named explicitly with another extension is read
as text; a folder gives its files with these extensions."""

SOURCE_SUFFIXES: tuple[str, ...] = tuple(SUFFIX_FORMATS)
"""The extensions read from a folder (any case, hidden files skipped, sorted by name)."""

TABLE_COLUMNS: tuple[str, ...] = ("date", "text", "title", "source", "outlet", "url")
"""The columns of a CSV/TSV that fill an article (any case); ``date`` and ``text`` are needed."""

ACLED_MARKER_COLUMNS: frozenset[str] = frozenset({"event_id_cnty", "sub_event_type", "notes"})
"""Columns that make a CSV an ACLED export (read with `geo.acled`, not as articles)."""

TABLE_CHUNK_ROWS = 2000
"""Rows pandas parses at a time: a table of any size is streamed."""

_READ_CHUNK = 1 << 20
_ISO_DATE_RE = re.compile(r"\s*(?P<date>\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z ]*)?\s*")
_HTML_TAG_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|p|div|h1|title)\b", re.IGNORECASE
)
_FEED_TAG_RE = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_BAD_ROW = "\x00afmap-bad-row:"
_HTTP_RE = re.compile(r"https?://\S+\Z", re.IGNORECASE)

# A text cell may be as long as an article (the csv module's default limit is 128 KB).
csv.field_size_limit(max(csv.field_size_limit(), settings.MAX_ARTICLE_BYTES + 1))


def format_of(name: str) -> str:
    """The format of a file by its extension: ``text``, ``html``, ``feed``, ``table`` or ``jsonl``.

    Examples
    --------
    >>> format_of("a/b/Page.HTM"), format_of("feed.atom"), format_of("notes.md")
    ('html', 'feed', 'text')
    """
    return SUFFIX_FORMATS.get(os.path.splitext(name)[1].lower(), "text")


# --- files, folders and uploads ------------------------------------------------------------------


def iter_inputs(
    paths: Iterable[Path | str],
    *,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[LoadResult]:
    """Read files and folders lazily: one `LoadResult` per article or failure.

    A folder gives its files of every format in `SOURCE_SUFFIXES` (not recursive, hidden files
    skipped, sorted by name; only the names are listed up front, each file is read when its turn
    comes). A file is read by its extension (`format_of`). Nothing raises for a bad input.

    Parameters
    ----------
    paths
        Files and folders.
    default_date
        Date for articles without one (a ``.txt`` without a date line, a page, row, item or record
        without a date); without it they fail.
    today
        Dates after this day are refused; default today.

    Yields
    ------
    LoadResult
        ``path`` is the file, or the file and the record (``file:3``, ``file:row 3``,
        ``file:item 3``).
    """
    for raw in paths:
        path = Path(raw)
        name = str(path)
        try:
            is_dir = path.is_dir()
            files = folder_files(path) if is_dir else []
        except OSError as exc:
            yield LoadResult(name, None, f"{name}: cannot be read ({exc.strerror or exc})")
            continue
        if not is_dir:
            yield from iter_file(path, default_date=default_date, today=today)
        elif not files:
            yield LoadResult(
                name, None, f"{name}: folder has no article files ({', '.join(SOURCE_SUFFIXES)})"
            )
        else:
            for file in files:
                yield from iter_file(path / file, default_date=default_date, today=today)


def folder_files(folder: Path) -> list[str]:
    """The names of the article files directly in ``folder`` (`SOURCE_SUFFIXES`), sorted.

    Only names are held (about 70 bytes each; a list of `Path` objects takes four times that).
    """
    with os.scandir(folder) as entries:
        return sorted(
            entry.name
            for entry in entries
            if not entry.name.startswith(".")
            and os.path.splitext(entry.name)[1].lower() in SUFFIX_FORMATS
            and entry.is_file()
        )


def iter_file(
    path: Path, *, default_date: dt.date | None = None, today: dt.date | None = None
) -> Iterator[LoadResult]:
    """Read one file by its extension (see the module docstring); never raises for bad input."""
    name = str(path)
    kind = format_of(name)
    if kind == "text" or not path.is_file():
        yield from load_path(path, default_date=default_date, today=today)
        return
    if kind == "jsonl":
        yield from iter_jsonl(path, default_date=default_date, today=today)
        return
    if kind == "table":
        yield from iter_table(path, source=name, default_date=default_date, today=today)
        return
    limit = settings.MAX_FEED_BYTES if kind == "feed" else settings.MAX_ARTICLE_BYTES
    data = _read_limited(path, limit)
    if isinstance(data, LoadResult):
        yield data
    elif kind == "html":
        yield read_html(data, source=name, default_date=default_date, today=today)
    else:
        yield from iter_feed(data, source=name, default_date=default_date, today=today)


def iter_upload(
    name: str,
    data: bytes,
    *,
    source: str,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[LoadResult]:
    """Read an uploaded file (its name and bytes) as `iter_file` reads a file on disk.

    Parameters
    ----------
    name
        The file's name: its extension picks the format.
    data
        Its contents.
    source
        What messages and ``Article.source`` call it (``"upload:feed.xml"``).
    default_date, today
        As for `iter_inputs`.
    """
    kind = format_of(name)
    if kind == "text":
        try:
            article, warnings = parse_article(
                data, source=source, default_date=default_date, today=today
            )
        except ArticleError as exc:
            yield LoadResult(source, None, str(exc))
            return
        yield LoadResult(source, article, None, tuple(warnings))
    elif kind == "html":
        yield read_html(data, source=source, default_date=default_date, today=today)
    elif kind == "feed":
        yield from iter_feed(data, source=source, default_date=default_date, today=today)
    elif kind == "table":
        yield from iter_table(data, source=source, default_date=default_date, today=today)
    else:
        yield from _iter_jsonl_stream(
            io.BytesIO(data), source, default_date=default_date, today=today
        )


def count_records(path: Path) -> int:
    """Roughly how many results `iter_file` gives for a file (for a progress bar's total)."""
    kind = format_of(path.name)
    if kind in ("jsonl", "table"):
        return max(1, _count_lines(path) - (kind == "table"))
    if kind == "feed":
        n = 0
        with path.open("rb") as fh:
            while block := fh.read(_READ_CHUNK):
                n += block.count(b"<item") + block.count(b"<entry")
        return max(1, n)
    return 1


# --- one record: the checks every format shares --------------------------------------------------


def build_article(
    source: str,
    date: dt.date | None,
    text: str,
    *,
    title: str = "",
    outlet: str = "",
    url: str = "",
    meta: tuple[tuple[str, str], ...] = (),
    default_date: dt.date | None = None,
    today: dt.date | None = None,
    no_date: str = "no date",
    warnings: Iterable[str] = (),
) -> LoadResult:
    """Validate one record (a page, a feed item, a table row) and build its article.

    The text goes through `geo.articles.parse_article` as if it followed a date line, so an
    article from any format equals the ``.txt`` file holding ``date <date>`` and the same text
    (same id, same checks: control characters, lone surrogates, size).

    Parameters
    ----------
    source
        The record's name (``file:row 3``); the start of every message and ``Article.source``.
    date
        The record's date, or None when it has none.
    text
        The article text.
    title, outlet, url, meta
        What the record says besides (empty: unknown). Without a title the first line of the
        text stands in.
    default_date
        Date for a record without one; without it such a record fails.
    today
        Dates after this day are refused; default today.
    no_date
        How the message names the missing date (``"no 'date'"``, ``"no publication date"``).
    warnings
        Warnings already gathered for this record.

    Returns
    -------
    LoadResult
        The article, or one error naming ``source``.
    """
    said = list(warnings)
    if not text.strip():
        return _failed(source, "has no article text")
    if date is None:
        if default_date is None:
            return _failed(source, f"{no_date}; add one or pass a default date (--date)")
        date = default_date
        said.append(f"{source}: {no_date}; dated {date.isoformat()} as given")
    limit = dt.date.today() if today is None else today
    if date > limit:
        return _failed(
            source, f"date {date.isoformat()} is in the future (today is {limit.isoformat()})"
        )
    if date < settings.EARLIEST_ARTICLE_DATE:
        return _failed(
            source,
            f"date {date.isoformat()} is before {settings.EARLIEST_ARTICLE_DATE.isoformat()}, "
            "which cannot be a news article about Afghanistan's provinces; fix it",
        )
    try:
        article, more = parse_article(f"date {date.isoformat()}\n{text}", source=source,
                                      today=limit)
    except ArticleError as exc:
        return LoadResult(source, None, str(exc))
    changes: dict[str, Any] = {}
    title = clip_title(title)
    if title and title != article.title:
        changes["title"] = title
    if outlet.strip():
        changes["outlet"] = " ".join(outlet.split())
    if url.strip():
        changes["url"] = url.strip()
    if meta:
        changes["meta"] = meta
    if changes:
        article = replace(article, **changes)
    return LoadResult(source, article, None, (*said, *more))


def parse_date(value: object) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (a time after it is ignored), or None.

    Examples
    --------
    >>> parse_date("2021-08-10T14:20:00+04:30"), parse_date(" 2021-08-10 "), parse_date("10/08/21")
    (datetime.date(2021, 8, 10), datetime.date(2021, 8, 10), None)
    >>> parse_date("2021-02-30") is None
    True
    """
    match = _ISO_DATE_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match["date"])
    except ValueError:
        return None


# --- saved web pages -----------------------------------------------------------------------------


def read_html(
    data: bytes | str,
    *,
    source: str,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> LoadResult:
    """Read a saved web page: its main text, title, publication date, site name and address.

    trafilatura finds the main text (navigation, cookie banners, comments, footers and
    advertising are left out) and the metadata (``<meta>`` tags, JSON-LD, Open Graph);
    htmldate, which it calls, finds the publication date there, in the markup, and as a last
    resort in the visible text (a byline "August 10, 2021"). Nothing is fetched.

    The headline starts the text, as the title line starts a ``.txt`` article, and paragraphs
    are separated by blank lines.

    Parameters
    ----------
    data
        The page.
    source
        Its name (a path, ``upload:<name>``).
    default_date
        Date for a page in which none is found; without it such a page fails.
    today
        Dates after this day are refused (and not taken from the page); default today.

    Returns
    -------
    LoadResult
        The article, or one error naming ``source``.
    """
    try:
        text, warnings = decode_text(data, source=source)
    except ArticleError as exc:
        return LoadResult(source, None, str(exc))
    head = text[:65536]
    if not _HTML_TAG_RE.search(head):
        hint = (
            "it looks like an RSS/Atom feed: name it .xml"
            if _FEED_TAG_RE.search(head)
            else "if it is plain text, name it .txt"
        )
        return _failed(source, f"does not look like an HTML page (no <html>, <body> or <p> "
                               f"tag); {hint}")
    if _FEED_TAG_RE.search(head[:2048]) and not re.search(r"<html\b", head, re.I):
        return _failed(source, "is an RSS/Atom feed, not a web page; name it .xml")
    import trafilatura

    limit = dt.date.today() if today is None else today
    try:
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={
                "extensive_search": True,
                "original_date": True,
                "outputformat": "%Y-%m-%d",
                "max_date": limit.isoformat(),
            },
        )
    except Exception as exc:  # a parser failure on a hostile page is one bad file, not a crash
        return _failed(source, f"cannot be read as HTML ({type(exc).__name__}: {exc})")
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        return _failed(
            source,
            "has no article text that trafilatura can find (only navigation, or an empty page); "
            "save the article's own page",
        )
    # One paragraph a line from trafilatura: blank lines between them, as in a .txt article (a
    # story saved as a page and as text is then one article, with one id).
    body = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    title = clip_title(getattr(doc, "title", None) or "")
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    url = getattr(doc, "url", None) or ""
    return build_article(
        source,
        parse_date(getattr(doc, "date", None)),
        body + "\n",
        title=title,
        outlet=getattr(doc, "sitename", None) or "",
        url=url if _HTTP_RE.match(url) else "",
        default_date=default_date,
        today=limit,
        no_date="no publication date found in the page (none in its metadata, its markup "
        "or a visible byline)",
        warnings=warnings,
    )


# --- RSS and Atom feeds --------------------------------------------------------------------------


def iter_feed(
    data: bytes,
    *,
    source: str,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[LoadResult]:
    """Read an RSS or Atom feed with feedparser: one article per item.

    Each item gives its publication date (``pubDate``, ``published``, else ``updated``; the day
    as written, in the feed's own time zone), its title (the first line of the text), its text
    (``content``, else ``description``/``summary``, HTML turned into plain text) and its link;
    the feed's title is every item's outlet. A feed that is not well-formed XML is still read by
    feedparser's lenient parser, with a warning.

    Parameters
    ----------
    data
        The feed file's bytes (feedparser honours its encoding declaration).
    source
        Its name; items are ``source:item N`` (1-based, in file order).
    default_date
        Date for items without one; without it they fail.
    today
        Dates after this day are refused; default today.

    Yields
    ------
    LoadResult
        One per item, or one error naming the file.
    """
    try:
        decode_text(data, source=source)  # refuses binary and empty files with their message
    except ArticleError as exc:
        yield LoadResult(source, None, str(exc))
        return
    import feedparser

    try:
        parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # feedparser is lenient; anything it still raises is one bad file
        yield _failed(source, f"cannot be read as a feed ({type(exc).__name__}: {exc})")
        return
    entries = list(parsed.get("entries") or [])
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        why = f" ({_xml_problem(problem)})" if problem is not None else ""
        yield _failed(
            source,
            f"is not an RSS or Atom feed{why}; a saved web page is read from .html, a table "
            "from .csv",
        )
        return
    warnings: list[str] = []
    if parsed.get("bozo"):
        warnings.append(
            f"{source}: is not well-formed XML ({_xml_problem(parsed.get('bozo_exception'))}); "
            "read with feedparser's lenient parser: check its items"
        )
    if not entries:
        yield LoadResult(source, None, f"{source}: is a feed with no items", tuple(warnings))
        return
    outlet = _plain(str(parsed.get("feed", {}).get("title") or ""))
    limit = dt.date.today() if today is None else today
    for n, entry in enumerate(entries, 1):
        item = f"{source}:item {n}"
        result = _feed_item(item, entry, outlet=outlet, default_date=default_date, today=limit,
                            warnings=warnings)
        warnings = []  # said once, with the first item
        yield result


def _feed_item(
    source: str,
    entry: Any,
    *,
    outlet: str,
    default_date: dt.date | None,
    today: dt.date,
    warnings: list[str],
) -> LoadResult:
    title = _plain(str(entry.get("title") or ""))
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    body = max(contents, key=len) if contents else str(entry.get("summary") or "")
    text = _plain(body, paragraphs=True)
    if not text and not title:
        return LoadResult(
            source,
            None,
            f"{source}: has no title and no text (no <title>, <description>, <summary> or "
            "<content>); fix or remove the item",
            tuple(warnings),
        )
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    raw = entry.get("published") or entry.get("updated") or entry.get("created")
    date = _feed_date(str(raw)) if raw else None
    if raw and date is None:
        return LoadResult(
            source,
            None,
            f"{source}: publication date {str(raw)[:60]!r} cannot be read; write it as RFC 822 "
            "(Tue, 10 Aug 2021 08:00:00 GMT) or ISO 8601 (2021-08-10T08:00:00Z)",
            tuple(warnings),
        )
    link = str(entry.get("link") or "")
    return build_article(
        source,
        date,
        text + "\n",
        title=title,
        outlet=outlet,
        url=link if _HTTP_RE.match(link) else "",
        default_date=default_date,
        today=today,
        no_date="no publication date (<pubDate>, <published> or <updated>)",
        warnings=warnings,
    )


def _feed_date(raw: str) -> dt.date | None:
    """The day a feed date names, in its own time zone ("Sun, 08 Aug 2021 22:30 +0430": the 8th).

    Examples
    --------
    >>> _feed_date("Sun, 08 Aug 2021 22:30:00 +0430"), _feed_date("2021-08-03T23:00:00+04:30")
    (datetime.date(2021, 8, 8), datetime.date(2021, 8, 3))
    >>> _feed_date("sometime last week") is None
    True
    """
    value = raw.strip()
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date(value)


def _xml_problem(exc: object) -> str:
    line = getattr(exc, "getLineNumber", None)
    where = f" at line {line()}" if callable(line) else ""
    message = getattr(exc, "getMessage", None)
    text = message() if callable(message) else str(exc)
    return f"{' '.join(str(text).split())}{where}"


class _TextOfHTML(HTMLParser):
    """The text of an HTML fragment: block elements become line breaks, scripts are dropped."""

    BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "tr", "table", "section", "article", "header", "footer"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _plain(fragment: str, *, paragraphs: bool = False) -> str:
    """An HTML fragment (a feed's summary) as plain text.

    Examples
    --------
    >>> _plain("<p>Kunduz &amp; Herat</p><p>fell.<script>x()</script></p>", paragraphs=True)
    'Kunduz & Herat\\n\\nfell.'
    >>> _plain("Herat &amp; <b>Farah</b>")
    'Herat & Farah'
    """
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        parser = _TextOfHTML()
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    if not paragraphs:
        return " ".join(text.split())
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*", text))
    return "\n\n".join(b for b in blocks if b)


# --- CSV and TSV tables --------------------------------------------------------------------------


def iter_table(
    file: Path | bytes,
    *,
    source: str,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[LoadResult]:
    """Read a CSV or TSV table of articles with pandas: one article per row, streamed in chunks.

    Columns (names in any case, spaces around them ignored): ``date`` (``YYYY-MM-DD``, a time
    after it ignored) and ``text`` are needed; ``title``, ``source`` or ``outlet`` (who published
    it) and ``url`` are optional; any other column is kept in ``Article.meta``. See
    `iter_table_rows` for separators, encodings, quoting and row numbers.

    Parameters
    ----------
    file
        A path, or the bytes of an upload.
    source
        Its name; rows are ``source:row N``, numbered as a spreadsheet shows them (the header is
        row 1), which is the line number too when no cell holds a new line.
    default_date
        Date for rows with an empty ``date``; without it they fail.
    today
        Dates after this day are refused; default today.

    Yields
    ------
    LoadResult
        One per non-blank row, or one error naming the file.
    """
    limit = dt.date.today() if today is None else today
    roles: dict[str, str] | None = None
    for row in iter_table_rows(file, source=source, required=("date", "text")):
        if row.cells is None:
            yield LoadResult(row.source, None, row.error, row.warnings)
            continue
        if roles is None:
            roles = _column_roles(list(row.cells))
        yield _table_row(row.source, row.cells, roles, default_date=default_date, today=limit,
                         warnings=list(row.warnings))


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table (`iter_table_rows`): its cells by column, or an error naming it.

    ``source`` is ``file:row N`` (or the file, for an error about the whole file); ``warnings``
    what the first row carries about the file (its encoding).
    """

    source: str
    cells: dict[str, str] | None
    error: str | None = None
    warnings: tuple[str, ...] = ()


def iter_table_rows(
    file: Path | bytes,
    *,
    source: str,
    required: tuple[str, ...],
) -> Iterator[TableRow]:
    """Stream the rows of a CSV or TSV file with pandas, checking its header first.

    The separator is a tab for ``.tsv``; for ``.csv`` the one of ``,``, ``;``, tab and ``|``
    that splits the header into the ``required`` columns (names in any case). Cells may hold
    quoted new lines. UTF-8 (with or without a byte-order mark) is read as such, anything else
    as Windows-1252, with a warning. Blank rows are skipped (and counted in the numbering); a row
    with more cells than the header is an error naming it, the other rows still load.

    Parameters
    ----------
    file
        A path, or the bytes of an upload.
    source
        Its name; rows are ``source:row N`` as a spreadsheet numbers them (the header is row 1).
    required
        Column names (lower case) the header must have.

    Yields
    ------
    TableRow
        One per non-blank row; one error for a file that cannot be read, is empty, lacks a
        required column or has no rows.
    """
    import pandas as pd

    try:
        encoding, head = _table_encoding(file)
    except OSError as exc:
        yield TableRow(source, None, f"{source}: cannot be read ({exc.strerror or exc})")
        return
    warnings: tuple[str, ...] = ()
    if encoding == "cp1252":
        warnings = (f"{source}: not valid UTF-8; decoded as Windows-1252",)
    if not head.strip():
        yield TableRow(source, None, f"{source}: is empty; a table needs a header row with "
                       f"{_names(required)}")
        return
    if "\x00" in head:
        yield TableRow(source, None, f"{source}: looks like a binary file (NUL bytes), not a "
                       "CSV table")
        return
    header_line = head.lstrip("\ufeff").splitlines()[0]
    sep = "\t" if source.lower().endswith(".tsv") else _separator(header_line, required)
    names = [c.strip().strip('"').strip().lower() for c in header_line.split(sep)]
    missing = [c for c in required if c not in names]
    if missing:
        yield TableRow(source, None, f"{source}: {_wrong_header(names, missing, required)}")
        return

    def bad_row(fields: list[str]) -> list[str]:
        return [f"{_BAD_ROW}{len(fields)}"]

    buffer: str | IO[bytes] = str(file) if isinstance(file, Path) else io.BytesIO(file)
    try:
        reader = pd.read_csv(
            buffer,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="python",
            on_bad_lines=bad_row,
            chunksize=TABLE_CHUNK_ROWS,
            encoding="utf-8-sig" if encoding == "utf-8" else encoding,
        )
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        yield TableRow(source, None, f"{source}: cannot be read as a table ({_one_line(exc)})")
        return
    row_no = 1
    n_records = 0
    try:
        with reader:
            for chunk in reader:
                columns = [str(c).strip() for c in chunk.columns]
                width = len(columns)
                for values in chunk.itertuples(index=False, name=None):
                    row_no += 1
                    cells = ["" if not isinstance(v, str) else v for v in values]
                    if not any(c.strip() for c in cells):
                        continue  # a blank row
                    n_records += 1
                    row = f"{source}:row {row_no}"
                    if cells[0].startswith(_BAD_ROW):
                        count = cells[0].removeprefix(_BAD_ROW)
                        yield TableRow(
                            row, None, f"{row}: has {count} cells, the header has {width}; "
                            "check the quotes and separators of that row", warnings
                        )
                    else:
                        yield TableRow(row, dict(zip(columns, cells, strict=True)), None, warnings)
                    warnings = ()
    except (pd.errors.ParserError, csv.Error, ValueError, UnicodeDecodeError) as exc:
        yield TableRow(
            source, None, f"{source}: cannot be read after row {row_no} ({_one_line(exc)}); "
            "check the quotes (a cell that opens a quote must close it)", warnings
        )
        return
    except OSError as exc:
        yield TableRow(source, None, f"{source}: cannot be read ({exc.strerror or exc})")
        return
    try:
        n_csv = _count_csv_records(file, encoding, sep)
    except (OSError, csv.Error, UnicodeDecodeError):
        n_csv = row_no - 1
    if n_csv > row_no - 1:  # pandas drops a last row whose quote never closes: say so
        yield TableRow(
            source, None, f"{source}:row {row_no + 1}: a quoted cell is never closed, so the "
            "rest of the file cannot be read; close the quote (\"...\") in that row", warnings
        )
    elif n_records == 0:
        yield TableRow(source, None, f"{source}: has a header but no rows", warnings)


def _names(columns: Iterable[str]) -> str:
    return ", ".join(repr(c) for c in columns)


def _wrong_header(names: list[str], missing: list[str], required: tuple[str, ...]) -> str:
    found = _names(c for c in names if c) or "none"
    if set(names) >= ACLED_MARKER_COLUMNS:
        return (
            "is an ACLED export, not a table of articles; import it with python -m geo "
            "import-acled FILE --db FILE (or the dashboard's upload)"
        )
    if {"date", "text"} <= set(names):
        return "is a table of articles (date, text), not an ACLED export; read it with ingest"
    wanted = "'date' and 'text' ('title', 'source', 'url' are optional)"
    if required != ("date", "text"):
        wanted = f"{_names(required)} (ACLED's export columns)"
    return f"has no {' and no '.join(repr(c) for c in missing)} column (its columns: {found}); " \
        f"name the columns {wanted}"


def _column_roles(columns: list[str]) -> dict[str, str]:
    """The table's column for each of `TABLE_COLUMNS` it has (first one wins, any case)."""
    roles: dict[str, str] = {}
    for column in columns:
        key = str(column).strip().lower()
        if key in TABLE_COLUMNS and key not in roles:
            roles[key] = column
    return roles


def _table_row(
    source: str,
    cells: dict[str, str],
    roles: dict[str, str],
    *,
    default_date: dt.date | None,
    today: dt.date,
    warnings: list[str],
) -> LoadResult:
    def cell(role: str) -> str:
        column = roles.get(role)
        return cells.get(column, "") if column is not None else ""

    raw_date = cell("date").strip()
    date = parse_date(raw_date) if raw_date else None
    if raw_date and date is None:
        return _failed(
            source, f"date {raw_date[:40]!r} is not YYYY-MM-DD (e.g. 2021-08-10); fix the cell"
        )
    used = set(roles.values())
    meta = tuple((str(k).strip(), v) for k, v in cells.items() if k not in used and v.strip())
    return build_article(
        source,
        date,
        cell("text"),
        title=cell("title"),
        outlet=cell("source") or cell("outlet"),
        url=cell("url"),
        meta=meta,
        default_date=default_date,
        today=today,
        no_date="no date (the 'date' cell is empty)",
        warnings=warnings,
    )


def _separator(header: str, required: Iterable[str]) -> str:
    """The separator of a CSV header: the one that yields the required columns.

    Examples
    --------
    >>> _separator("Date;Text;Title", ("date", "text")), _separator("a,b", ("date",))
    (';', ',')
    """
    wanted = set(required)
    for sep in (",", ";", "\t", "|"):
        names = {c.strip().strip('"').strip().lower() for c in header.split(sep)}
        if names >= wanted:
            return sep
    return ","


def _count_csv_records(file: Path | bytes, encoding: str, sep: str) -> int:
    """Data rows (blank ones too) as Python's csv module counts them, header excluded: a quote
    left open takes the rest of the file into one last row, which pandas leaves out silently."""
    stream: IO[bytes] = file.open("rb") if isinstance(file, Path) else io.BytesIO(file)
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    with io.TextIOWrapper(stream, encoding=codec, newline="") as text:
        return max(0, sum(1 for _ in csv.reader(text, delimiter=sep)) - 1)


def _table_encoding(file: Path | bytes) -> tuple[str, str]:
    """``("utf-8" | "cp1252", the first 64 KB decoded)``: UTF-8 if the whole file decodes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = b""
    ok = True
    stream: IO[bytes] = file.open("rb") if isinstance(file, Path) else io.BytesIO(file)
    with stream:
        while block := stream.read(_READ_CHUNK):
            if not first:
                first = block[:65536]
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                ok = False
                break
        if ok:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                ok = False
    if ok:
        return "utf-8", first.decode("utf-8", "ignore")
    return "cp1252", first.decode("cp1252", "replace")


# --- JSON Lines ----------------------------------------------------------------------------------


def iter_jsonl(
    path: Path,
    *,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Iterator[LoadResult]:
    """Read a JSON Lines file of articles lazily, one `LoadResult` per non-blank line.

    Each line is an object with ``date`` (``YYYY-MM-DD``; a time after it is ignored) and
    ``text``, optionally ``title``, ``source``, ``id``, ``outlet`` and ``url`` (see
    `parse_jsonl_record`). A bad line is one error naming ``file:line``; the other lines still
    load. Lines longer than `geo.settings.MAX_ARTICLE_BYTES` are refused without being held in
    memory.

    Parameters
    ----------
    path
        The ``.jsonl`` file.
    default_date
        Date for records without ``date``.
    today
        Dates after this day are refused; default today.

    Yields
    ------
    LoadResult
        One per non-blank line; one error naming the file if it cannot be read or holds no
        records.
    """
    name = str(path)
    try:
        with path.open("rb") as fh:
            yield from _iter_jsonl_stream(fh, name, default_date=default_date, today=today)
    except OSError as exc:
        yield LoadResult(name, None, f"{name}: cannot be read ({exc.strerror or exc})")


def _iter_jsonl_stream(
    fh: IO[bytes], name: str, *, default_date: dt.date | None, today: dt.date | None
) -> Iterator[LoadResult]:
    limit = settings.MAX_ARTICLE_BYTES
    n_records = 0
    lineno = 0
    while line := fh.readline(limit + 1):
        lineno += 1
        source = f"{name}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(limit)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line without keeping it
            n_records += 1
            yield LoadResult(
                source,
                None,
                f"{source}: line is longer than {limit:,} bytes "
                "(settings.MAX_ARTICLE_BYTES); split the article",
            )
            continue
        if not line.strip():
            continue
        n_records += 1
        yield parse_jsonl_record(line, source=source, default_date=default_date, today=today)
    if n_records == 0:
        yield LoadResult(name, None, f"{name}: has no JSON lines; expected one article per line")


def parse_jsonl_record(
    line: str | bytes,
    *,
    source: str,
    default_date: dt.date | None = None,
    today: dt.date | None = None,
) -> LoadResult:
    """Validate one JSON Lines record and build its article with `geo.articles.parse_article`.

    Parameters
    ----------
    line
        One line: a JSON object with ``date`` and ``text``; optional ``title`` (else the first
        line of the text), ``source`` (else ``source`` below), ``id`` (an external id, kept as
        ``#id`` after the source; the article id is always the content hash), ``outlet`` (who
        published it) and ``url``.
    source
        ``file:line``, the start of every error message.
    default_date
        Date for a record without ``date``.
    today
        Dates after this day are refused; default today.

    Returns
    -------
    LoadResult
        The article, or an error naming ``source``. The article equals the one read from a
        ``.txt`` file holding ``date <date>`` and then the same text (same id).

    Examples
    --------
    >>> r = parse_jsonl_record('{"date": "2021-08-10", "text": "Kunduz fell."}', source="a:1")
    >>> r.article.date, r.article.text, r.article.source
    (datetime.date(2021, 8, 10), 'Kunduz fell.', 'a:1')
    >>> print(parse_jsonl_record('{"text": "Kunduz fell."}', source="a:2").error)
    a:2: no 'date'; add one (e.g. "date": "2021-08-10") or pass a default date (--date)
    """
    try:
        record = json.loads(line)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        return _failed(source, f"is not valid JSON ({exc}); fix or remove the line")
    if not isinstance(record, dict):
        return _failed(
            source, f"is {_describe(record)}, not a JSON object with 'date' and 'text'"
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "no 'text'" if text is None else f"'text' is {_describe(text)}"
        return _failed(source, f"{what}; each line needs the article text in 'text'")
    for key in ("title", "source", "outlet", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return _failed(source, f"'{key}' is {_describe(record[key])}; use a string")
    value = record.get("date")
    if value is None and default_date is None:
        return _failed(
            source,
            "no 'date'; add one (e.g. \"date\": \"2021-08-10\") or pass a default date (--date)",
        )
    date = None if value is None else parse_date(value)
    if value is not None and date is None:
        return _failed(
            source, f"'date' is {_describe(value)}, not YYYY-MM-DD (e.g. \"2021-08-10\")"
        )
    result = build_article(
        source,
        date,
        text,
        title=record.get("title") or "",
        outlet=record.get("outlet") or "",
        url=record.get("url") or "",
        default_date=default_date,
        today=today,
        no_date="no 'date'",
    )
    article = result.article
    if article is None:
        return result
    origin = record.get("source") or source
    if record.get("id") is not None:
        origin = f"{origin}#{record['id']}"
    if origin != article.source:
        return replace(result, article=replace(article, source=origin))
    return result


# --- helpers -------------------------------------------------------------------------------------


def _read_limited(path: Path, limit: int) -> bytes | LoadResult:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            return _failed(
                name,
                f"is too large ({size:,} bytes; the limit is {limit:,} bytes); split it",
            )
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        return _failed(name, f"cannot be read ({exc.strerror or exc})")


def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    with path.open("rb") as fh:
        while block := fh.read(_READ_CHUNK):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


def _failed(source: str, why: str) -> LoadResult:
    return LoadResult(source, None, f"{source}: {why}")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


_JSON_TYPES = {dict: "an object", list: "an array", bool: "a boolean", int: "a number",
               float: "a number", str: "a string", type(None): "null"}


def _describe(value: object) -> str:
    """A short description of a JSON value for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return "empty" if not value.strip() else repr(text)
    return _JSON_TYPES.get(type(value), type(value).__name__)


__all__ = [
    "SOURCE_SUFFIXES",
    "SUFFIX_FORMATS",
    "TableRow",
    "build_article",
    "count_records",
    "folder_files",
    "format_of",
    "iter_feed",
    "iter_file",
    "iter_inputs",
    "iter_jsonl",
    "iter_table",
    "iter_table_rows",
    "iter_upload",
    "parse_date",
    "parse_jsonl_record",
    "read_html",
]
