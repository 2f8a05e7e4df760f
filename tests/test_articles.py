"""Tests for geo.articles: reading and validating article files and uploaded text."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from geo import settings
from geo.articles import LoadResult, article_id, iter_paths, load_path, parse_article
from geo.errors import ArticleError

DAY = dt.date(2021, 8, 10)
TODAY = dt.date(2021, 8, 20)
BODY = "Kunduz fell to the Taliban on Sunday.\nFierce clashes continued in Farah.\n"
GOOD = f"date 2021-08-10\n{BODY}"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` (str as UTF-8, byte for byte) to ``folder / name``."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load_one(path: Path, **kwargs: object) -> LoadResult:
    results = load_path(path, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert len(results) == 1
    return results[0]


def error_of(path: Path, **kwargs: object) -> str:
    result = load_one(path, **kwargs)
    assert result.article is None, "expected this file to be refused"
    assert result.error is not None
    assert not result.ok
    assert str(path) in result.error, "the message must name the file"
    assert "\n" not in result.error, "the message must be one line"
    return result.error


# --- the shipped seed ----------------------------------------------------------------------------


def test_seed_articles_load() -> None:
    results = load_path(settings.DEFAULT_SEEDS_DIR)
    assert results, "the seeds folder holds at least one article"
    for result in results:
        assert result.error is None, result.error
        assert result.article is not None
        assert result.warnings == ()
    seed = next(r.article for r in results if r.path.endswith("000_0e5dc57be2bda8c3.txt"))
    assert seed is not None
    assert seed.date == DAY
    assert seed.title.startswith("KABUL, Afghanistan (AP) A US peace envoy")
    assert not seed.text.lstrip().startswith("date")
    assert seed.text.startswith("\n\n\nKABUL"), "blank lines after the date line are kept"
    raw = (settings.DEFAULT_SEEDS_DIR / "000_0e5dc57be2bda8c3.txt").read_text(encoding="utf-8")
    assert raw.endswith(seed.text), "the text is everything after the date line, unchanged"


# --- well-formed articles ------------------------------------------------------------------------


def test_good_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", GOOD)
    result = load_one(path)
    assert result.ok
    assert result.error is None
    assert result.warnings == ()
    art = result.article
    assert art is not None
    assert art.date == DAY
    assert art.text == BODY
    assert art.title == "Kunduz fell to the Taliban on Sunday."
    assert art.source == str(path)
    assert art.id == article_id(DAY, BODY)


@pytest.mark.parametrize(
    "first_line",
    [
        "date 2021-08-10",
        "   date 2021-08-10   ",
        "Date 2021-08-10",
        "DATE 2021-08-10",
        "date: 2021-08-10",
        "\tdate\t2021-08-10",
    ],
)
def test_date_line_variants(first_line: str) -> None:
    art, warnings = parse_article(f"\n \n{first_line}\n{BODY}", source="t", today=TODAY)
    assert art.date == DAY
    assert art.text == BODY
    assert warnings == []


def test_text_kept_exactly(tmp_path: Path) -> None:
    body = "\n  Indented   line\twith tab.  \n\n\nKunduz  fell.\u00a0Farah too.   \n\n"
    art = load_one(write(tmp_path, "a.txt", f"date 2021-08-10\n{body}")).article
    assert art is not None
    assert art.text == body, "never reflow or strip the text: mention offsets depend on it"
    assert art.title == "Indented   line\twith tab."
    start = art.text.index("Kunduz")
    assert art.text[start : start + 6] == "Kunduz"


def test_dari_and_pashto_text_is_kept(tmp_path: Path) -> None:
    body = (
        "طالبان شهر کندز را تصرف کردند.\n"  # Dari
        "طالبانو د کندز ښار ونیو.\n"  # Pashto
        "Zaranj, the capital of Nimroz province, fell.\n"
    )
    result = load_one(write(tmp_path, "fa.txt", f"date 2021-08-10\n{body}"))
    assert result.warnings == (), "valid UTF-8 must not fall back to Windows-1252"
    assert result.article is not None
    assert result.article.text == body
    assert result.article.title == "طالبان شهر کندز را تصرف کردند."


def test_title_is_cut_at_200_characters() -> None:
    long_line = "word " * 100
    art, _ = parse_article(f"date 2021-08-10\n{long_line}\nmore", source="t", today=TODAY)
    assert len(art.title) == 200
    assert art.title.endswith("…")
    assert art.title.startswith("word word")
    assert art.text.startswith(long_line), "only the title is cut, never the text"


def test_str_input_is_accepted() -> None:
    art, warnings = parse_article(GOOD, source="paste", today=TODAY)
    assert (art.date, art.text, art.source, warnings) == (DAY, BODY, "paste", [])


# --- encodings and line ends ---------------------------------------------------------------------


def test_utf8_with_bom(tmp_path: Path) -> None:
    plain = load_one(write(tmp_path, "plain.txt", GOOD)).article
    result = load_one(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + GOOD.encode()))
    assert result.warnings == ()
    assert result.article is not None
    assert plain is not None
    assert result.article.date == DAY
    assert "\ufeff" not in result.article.text
    assert result.article.text == BODY
    assert result.article.id == plain.id


def test_crlf(tmp_path: Path) -> None:
    lf = load_one(write(tmp_path, "lf.txt", GOOD)).article
    crlf = load_one(write(tmp_path, "crlf.txt", GOOD.replace("\n", "\r\n"))).article
    assert lf is not None
    assert crlf is not None
    assert "\r" not in crlf.text
    assert crlf.text == BODY
    assert crlf.title == lf.title
    assert crlf.id == lf.id


def test_windows_1252_curly_quote(tmp_path: Path) -> None:
    raw = b"date 2021-08-10\nThe country\x92s 34 provincial capitals \x96 six fell.\n"
    result = load_one(write(tmp_path, "cp1252.txt", raw))
    assert result.error is None
    assert result.article is not None
    assert result.article.text == "The country’s 34 provincial capitals – six fell.\n"
    assert len(result.warnings) == 1
    assert "decoded as Windows-1252" in result.warnings[0]
    assert str(tmp_path / "cp1252.txt") in result.warnings[0]


def test_latin1_accents(tmp_path: Path) -> None:
    raw = "date 2021-08-10\nLe caf\xe9 de Kaboul, d\xe9j\xe0 ferm\xe9.\n".encode("latin-1")
    result = load_one(write(tmp_path, "latin1.txt", raw))
    assert result.article is not None
    assert result.article.text == "Le café de Kaboul, déjà fermé.\n"
    assert any("decoded as Windows-1252" in w for w in result.warnings)


def test_bytes_undefined_in_windows_1252_fall_back_to_latin1(tmp_path: Path) -> None:
    raw = b"date 2021-08-10\nA byte \x81 Windows-1252 does not define.\n"
    result = load_one(write(tmp_path, "odd.txt", raw))
    assert result.article is not None
    # \x81 decodes to a C1 control character, which becomes a space (it could drive a terminal).
    assert result.article.text == "A byte   Windows-1252 does not define.\n"
    assert any("decoded as Latin-1" in w for w in result.warnings)
    assert any("control character" in w for w in result.warnings)


def test_terminal_escape_sequences_become_spaces(tmp_path: Path) -> None:
    raw = b"date 2021-08-10\nKunduz fell.\x1b]0;pwned\x07 Herat held.\n"
    result = load_one(write(tmp_path, "esc.txt", raw))
    assert result.article is not None
    assert "\x1b" not in result.article.text
    assert "\x07" not in result.article.text
    assert len(result.article.text) == len("Kunduz fell.\x1b]0;pwned\x07 Herat held.\n")


def test_dates_before_1900_are_refused(tmp_path: Path) -> None:
    result = load_one(write(tmp_path, "old.txt", b"date 0021-08-10\nKunduz fell.\n"))
    assert result.article is None
    assert "0021-08-10 is before 1900-01-01" in (result.error or "")


def test_utf16_with_bom(tmp_path: Path) -> None:
    result = load_one(write(tmp_path, "notepad.txt", GOOD.encode("utf-16")))
    assert result.article is not None, result.error
    assert result.article.text == BODY
    assert any("UTF-16" in w for w in result.warnings)


# --- refused files -------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    assert "is empty" in error_of(write(tmp_path, "empty.txt", b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "is empty" in error_of(write(tmp_path, "blank.txt", " \n\t\r\n  \n"))


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PNG, "PNG image"),
        (PDF, "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP archive"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ],
)
def test_binary_with_magic_renamed_txt(tmp_path: Path, content: bytes, kind: str) -> None:
    message = error_of(write(tmp_path, "photo.txt", content))
    assert "looks like a binary file" in message
    assert kind in message


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "nul.txt", b"date 2021-08-10\nKunduz\x00fell\n"))
    assert "binary" in message


def test_many_control_characters_are_binary(tmp_path: Path) -> None:
    noise = bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0E, 0x1B]) * 5
    message = error_of(write(tmp_path, "noise.txt", b"date 2021-08-10\n" + noise + b"x" * 100))
    assert "binary" in message
    assert "control characters" in message


def test_few_control_characters_are_tolerated(tmp_path: Path) -> None:
    # An old DOS end-of-file marker and a form feed do not make a text binary.
    raw = GOOD.encode() + b"\x0cPage two.\n\x1a"
    result = load_one(write(tmp_path, "dos.txt", raw))
    assert result.article is not None, result.error


def test_str_with_nul_is_binary() -> None:
    with pytest.raises(ArticleError, match="binary"):
        parse_article("date 2021-08-10\nab\x00cd", source="paste", today=TODAY)


def test_no_date_line(tmp_path: Path) -> None:
    path = write(tmp_path, "nodate.txt", BODY)
    message = error_of(path)
    assert "no 'date YYYY-MM-DD' line" in message


def test_no_date_line_with_default_date(tmp_path: Path) -> None:
    path = write(tmp_path, "nodate.txt", BODY)
    result = load_one(path, default_date=dt.date(2021, 8, 12))
    assert result.article is not None
    assert result.article.date == dt.date(2021, 8, 12)
    assert result.article.text == BODY
    assert result.article.title == "Kunduz fell to the Taliban on Sunday."
    assert any("no date line" in w for w in result.warnings)


def test_word_date_at_the_top_is_not_a_date_line() -> None:
    with pytest.raises(ArticleError, match="no 'date YYYY-MM-DD' line"):
        parse_article("Dated reports say Kunduz fell.\n", source="t", today=TODAY)


def test_default_date_does_not_override_a_date_line() -> None:
    art, warnings = parse_article(GOOD, source="t", default_date=dt.date(2021, 1, 1), today=TODAY)
    assert art.date == DAY
    assert warnings == []


def test_impossible_date(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "feb30.txt", f"date 2021-02-30\n{BODY}"))
    assert "'2021-02-30'" in message
    assert "impossible date" in message


def test_impossible_date_is_not_replaced_by_default(tmp_path: Path) -> None:
    path = write(tmp_path, "feb30.txt", f"date 2021-02-30\n{BODY}")
    assert "2021-02-30" in error_of(path, default_date=DAY)


@pytest.mark.parametrize("value", ["10/08/2021", "2021-8-10", "yesterday", "20210810"])
def test_malformed_date_line(value: str) -> None:
    with pytest.raises(ArticleError, match="not in the form 'date YYYY-MM-DD'") as info:
        parse_article(f"date {value}\n{BODY}", source="bad.txt", today=TODAY)
    assert value in str(info.value)
    assert str(info.value).startswith("bad.txt: ")


def test_future_date(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "future.txt", f"date 2021-08-21\n{BODY}"))
    assert "2021-08-21" in message
    assert "is in the future" in message


def test_today_is_not_in_the_future() -> None:
    art, _ = parse_article(f"date 2021-08-20\n{BODY}", source="t", today=TODAY)
    assert art.date == TODAY


def test_future_date_against_the_real_today() -> None:
    with pytest.raises(ArticleError, match="is in the future"):
        parse_article(f"date 2999-01-01\n{BODY}", source="t")


def test_future_default_date_is_refused() -> None:
    with pytest.raises(ArticleError, match=r"is in the future .*--date"):
        parse_article(BODY, source="t", default_date=dt.date(2021, 9, 1), today=TODAY)


def test_date_line_without_text(tmp_path: Path) -> None:
    assert "no text after it" in error_of(
        write(tmp_path, "dateonly.txt", "date 2021-08-10\n\n  \n")
    )
    assert "no text after it" in error_of(write(tmp_path, "dateonly2.txt", "date 2021-08-10"))


def test_oversize_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_ARTICLE_BYTES", 100)
    path = write(tmp_path, "big.txt", GOOD + "x" * 200)
    message = error_of(path)
    assert "too large" in message
    assert "100" in message
    small = write(tmp_path, "small.txt", "date 2021-08-10\nKunduz fell.\n")
    assert load_one(small).ok


def test_oversize_text_and_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_ARTICLE_BYTES", 100)
    text = GOOD + "x" * 200
    for raw in (text, text.encode()):
        with pytest.raises(ArticleError, match=r"too large.*100"):
            parse_article(raw, source="upload:big.txt", today=TODAY)
    # 40 Pashto letters are 80 bytes in UTF-8: fits; 60 are 120 bytes: refused.
    parse_article("date 2021-08-10\n" + "ښ" * 40, source="t", today=TODAY)
    with pytest.raises(ArticleError, match="too large"):
        parse_article("date 2021-08-10\n" + "ښ" * 60, source="t", today=TODAY)


# --- folders and many paths ----------------------------------------------------------------------


def test_folder_with_one_bad_file(tmp_path: Path) -> None:
    write(tmp_path, "b_good.txt", GOOD)
    write(tmp_path, "a_good.txt", "date 2021-08-11\nFarah fell.\n")
    bad = write(tmp_path, "c_bad.txt", PNG)
    write(tmp_path, "notes.md", "not an article")
    write(tmp_path, ".hidden.txt", "not an article either")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "nested.txt", GOOD)
    results = load_path(tmp_path, today=TODAY)
    assert [Path(r.path).name for r in results] == ["a_good.txt", "b_good.txt", "c_bad.txt"]
    assert [r.ok for r in results] == [True, True, False]
    assert results[0].article is not None
    assert results[0].article.title == "Farah fell."
    assert results[2].error is not None
    assert str(bad) in results[2].error
    assert "PNG image" in results[2].error


def test_folder_without_articles(tmp_path: Path) -> None:
    write(tmp_path, "readme.md", "nothing here")
    results = load_path(tmp_path, today=TODAY)
    assert len(results) == 1
    assert results[0].error is not None
    assert "no .txt files" in results[0].error


def test_explicit_file_with_other_suffix_is_read(tmp_path: Path) -> None:
    assert load_one(write(tmp_path, "story.md", GOOD)).ok


def test_missing_path_is_a_row_not_an_exception(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", GOOD)
    missing = tmp_path / "nope.txt"
    results = list(iter_paths([missing, good], today=TODAY))
    assert len(results) == 2
    assert results[0].article is None
    assert results[0].error is not None
    assert str(missing) in results[0].error
    assert results[1].ok


def test_iter_paths_is_lazy_and_ordered(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    write(folder, "2.txt", GOOD)
    write(folder, "1.txt", "date 2021-08-11\nFarah fell.\n")
    single = write(tmp_path, "single.txt", "date 2021-08-12\nGhazni fell.\n")
    iterator = iter_paths([single, folder], today=TODAY)
    first = next(iterator)
    assert first.path == str(single)
    assert [Path(r.path).name for r in iterator] == ["1.txt", "2.txt"]


# --- ids -----------------------------------------------------------------------------------------


def test_article_id_is_the_documented_hash() -> None:
    expected = hashlib.sha256(b"2021-08-10\nKunduz fell.").hexdigest()[:16]
    assert article_id(DAY, "Kunduz fell.") == expected


def test_article_id_is_stable_and_normalised() -> None:
    base = article_id(DAY, BODY)
    assert len(base) == 16
    assert int(base, 16) >= 0
    assert article_id(DAY, BODY) == base
    assert article_id(DAY, BODY.replace("\n", "\r\n")) == base
    assert article_id(DAY, "\ufeff" + BODY) == base
    assert article_id(DAY, BODY + "  \n\n\t") == base
    assert article_id(dt.date(2021, 8, 11), BODY) != base
    assert article_id(DAY, BODY.replace("Kunduz", "Farah")) != base
    assert article_id(DAY, "  " + BODY) != base, "leading whitespace is part of the text"


def test_same_text_in_two_files_has_one_id(tmp_path: Path) -> None:
    a = load_one(write(tmp_path, "a.txt", GOOD)).article
    b = load_one(
        write(tmp_path, "b.txt", "\ufeff  Date 2021-08-10 \r\n" + BODY.replace("\n", "\r\n"))
    )
    assert a is not None
    assert b.article is not None
    assert a.id == b.article.id
    assert a.source != b.article.source
