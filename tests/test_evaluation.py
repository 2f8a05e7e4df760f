"""Tests for geo.evaluation: truth files, the scores of ``python -m geo evaluate`` and the
annotators' ``python -m geo agreement``.

The development set here is three short articles and their truth files (eval/README.md's layout),
written to tmp_path; every expected number is counted by hand in the test that checks it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.articles import article_id
from geo.evaluation import (
    DATE_TOLERANCE_DAYS,
    TRUTH_COLUMNS,
    Agreement,
    Evaluation,
    Fall,
    Judgement,
    TruthRow,
    agreement,
    agreement_report,
    evaluate,
    judgements_csv,
    period_of,
    read_falls,
    read_truth,
    report,
)
from geo.pipeline import Extractor, extract_claims
from geo.settings import PROJECT_ROOT
from geo.timeline import place_states
from geo.types import Article, PlaceKind

Row = tuple[str, str, str, str, str, str]

ARTICLES = {
    "a": "date 2021-08-10\nTaliban fighters captured Sheberghan on Saturday. "
         "Fighting continued in Kunduz on Sunday.\n",
    "b": "date 2001-11-13\nNorthern Alliance fighters seized Herat on Monday. "
         "Refugees fled to Kabul.\n",
    "c": "date 2021-08-12\nGovernment forces retook Sheberghan on Thursday. "
         "Refugees fled to Kabul.\n",
}
"""Three articles: two of August 2021, one of November 2001."""

TRUTH: dict[str, list[Row]] = {
    "a": [
        ("Sheberghan", "capital", "Jowzjan", "taliban", "2021-08-07", "captured Sheberghan"),
        ("Kunduz", "capital", "Kunduz", "contested", "2021-08-05", "Fighting ... in Kunduz"),
        ("Mazar-i-Sharif", "capital", "Balkh", "reported", "", "a place the text never names"),
    ],
    "b": [("Herat", "capital", "Herat", "taliban", "2001-11-12", "seized Herat")],
    "c": [("Sheberghan", "capital", "Jowzjan", "government", "2021-08-12", "retook Sheberghan")],
}
"""Their annotation: right, a date 3 days off, a place the extractor cannot find, a status the
extractor reads otherwise (the annotator says taliban; the text says the Northern Alliance
seized Herat), and right again. Kabul (named in b and c) is not annotated."""

READ_AS = {
    "a": [("Sheberghan", "capital", "taliban", "2021-08-07"),
          ("Kunduz", "capital", "contested", "2021-08-08")],
    "b": [("Herat", "capital", "government", "2001-11-12"),
          ("Kabul", "capital", "reported", "2001-11-13")],
    "c": [("Sheberghan", "capital", "government", "2021-08-12"),
          ("Kabul", "capital", "reported", "2021-08-12")],
}
"""What the extractor reads in each article (checked first, so that a change in the extractor
shows up there and not as a puzzling score)."""


def write_truth(path: Path, rows: list[Row], header: str = ",".join(TRUTH_COLUMNS)) -> Path:
    buf = io.StringIO()
    buf.write(header + "\n")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def dev_set(tmp_path: Path) -> tuple[Path, Path]:
    """``(articles_dir, truth_dir)`` holding ARTICLES and TRUTH."""
    articles, truth = tmp_path / "articles", tmp_path / "truth"
    articles.mkdir()
    truth.mkdir()
    for stem, text in ARTICLES.items():
        (articles / f"{stem}.txt").write_text(text, encoding="utf-8")
        write_truth(truth / f"{stem}.csv", TRUTH[stem])
    return articles, truth


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def score(dev_set: tuple[Path, Path], extractor: Extractor, falls_csv: Path | None = None
          ) -> Evaluation:
    return evaluate(*dev_set, extractor=extractor, falls_csv=falls_csv)


def test_the_extractor_reads_the_fixture_as_designed(extractor: Extractor) -> None:
    for stem, text in ARTICLES.items():
        day = dt.date.fromisoformat(text.split("\n", 1)[0].removeprefix("date "))
        article = Article(article_id(day, text), day, stem, text, f"{stem}.txt")
        states = place_states(extract_claims(article, extractor))
        assert [(s.place, s.kind.value, s.status.value, s.event_date.isoformat())
                for s in states] == READ_AS[stem], stem


# --------------------------------------------------------------------------- truth files


def test_read_truth_rows(tmp_path: Path, extractor: Extractor) -> None:
    """Any spelling the gazetteer knows, any case of header and status; a BOM is no matter."""
    path = tmp_path / "x.csv"
    path.write_text(
        "\ufeffPlace, Kind ,PROVINCE,status,event_date,evidence\n"
        "Pol-e Khomri,capital,Baghlan,Taliban,2021-08-10,fell\n"
        "Nimruz,Province,Nimroz,contested,2021-08-06,clashes\n"
        "Kabul,capital,,reported,,named\n",
        encoding="utf-8",
    )
    rows, problems = read_truth(path, extractor.gazetteer)
    assert problems == []
    assert [(r.place, r.kind, r.province, r.status, r.event_date, r.evidence, r.line)
            for r in rows] == [
        ("Pul-e Khumri", PlaceKind.CAPITAL, "Baghlan", "taliban", dt.date(2021, 8, 10), "fell", 2),
        ("Nimroz", PlaceKind.PROVINCE, "Nimroz", "contested", dt.date(2021, 8, 6), "clashes", 3),
        ("Kabul", PlaceKind.CAPITAL, "Kabul", "reported", None, "named", 4),
    ]


@pytest.mark.parametrize(
    ("header", "lacks"),
    [
        ("place,kind,province,status,date,evidence", "['event_date']"),
        ("place;kind;province;status;event_date;evidence", "['place', 'kind'"),
        ("", "['place', 'kind', 'province', 'status', 'event_date', 'evidence']"),
    ],
)
def test_a_bad_header_is_an_error_naming_the_file(
    tmp_path: Path, extractor: Extractor, header: str, lacks: str
) -> None:
    path = write_truth(tmp_path / "bad.csv", [("Kunduz", "capital", "Kunduz", "taliban", "", "")],
                       header=header)
    with pytest.raises(ValueError, match="the header lacks") as info:
        read_truth(path, extractor.gazetteer)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert lacks in message
    assert ",".join(TRUTH_COLUMNS) in message  # says what the header should be


def test_a_missing_truth_file_is_an_error_naming_it(tmp_path: Path, extractor: Extractor) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(ValueError, match="cannot read the truth file") as info:
        read_truth(path, extractor.gazetteer)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (("Kunduz", "capital", "Kunduz", "captured", "2021-08-08", ""),
         "status 'captured' is not one of ('taliban', 'contested', 'government', 'reported')"),
        (("Kunduz", "capital", "Kunduz", "no_report", "", ""), "status 'no_report' is not one of"),
        (("Kunduz", "city", "Kunduz", "taliban", "2021-08-08", ""),
         "kind 'city' is not 'capital' or 'province'"),
        (("Springfield", "capital", "", "taliban", "2021-08-08", ""),
         "'Springfield' is not the name of a provincial capital"),
        (("Nimroz", "capital", "Nimroz", "taliban", "2021-08-08", ""),  # a province, not a city
         "'Nimroz' is not the name of a provincial capital"),
    ],
)
def test_a_bad_row_is_left_out_with_a_problem_naming_file_and_line(
    tmp_path: Path, extractor: Extractor, row: Row, problem: str
) -> None:
    good = ("Herat", "capital", "Herat", "government", "2021-08-09", "held")
    path = write_truth(tmp_path / "x.csv", [good, row, good])
    rows, problems = read_truth(path, extractor.gazetteer)
    assert [r.line for r in rows] == [2, 4]
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:3: ")
    assert problem in problems[0]


def test_a_bad_date_is_a_problem_and_the_row_stays_unscored(
    tmp_path: Path, extractor: Extractor
) -> None:
    path = write_truth(tmp_path / "x.csv",
                       [("Kunduz", "capital", "Kunduz", "taliban", "10/08/2021", "fell")])
    rows, problems = read_truth(path, extractor.gazetteer)
    assert [(r.place, r.status, r.event_date) for r in rows] == [("Kunduz", "taliban", None)]
    assert problems == [f"{path}:2: event_date '10/08/2021' is not YYYY-MM-DD; the row's date is "
                        "not scored"]


def test_a_place_in_the_wrong_province_is_a_problem_and_the_row_stays(
    tmp_path: Path, extractor: Extractor
) -> None:
    path = write_truth(tmp_path / "x.csv",
                       [("Sheberghan", "capital", "Balkh", "taliban", "2021-08-07", "")])
    rows, problems = read_truth(path, extractor.gazetteer)
    assert [(r.place, r.province) for r in rows] == [("Sheberghan", "Jowzjan")]
    assert problems == [f"{path}:2: Sheberghan lies in Jowzjan, not Balkh"]


@pytest.mark.parametrize(
    "first_row",
    ['Kunduz,capital,Kunduz,taliban,2021-08-08,"fell on Sunday.\nThe governor fled."\n',
     "Kunduz,capital,Kunduz,taliban,2021-08-08,fell\n\n"],
    ids=["two-line-evidence", "blank-line"],
)
def test_problems_name_the_line_of_the_file(
    tmp_path: Path, extractor: Extractor, first_row: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(",".join(TRUTH_COLUMNS) + "\n" + first_row
                    + "Herat,capital,Herat,captured,,x\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[3] == "Herat,capital,Herat,captured,,x"
    _, problems = read_truth(path, extractor.gazetteer)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:4: ")


# --------------------------------------------------------------------------- scores


def test_scores_of_the_fixture(dev_set: tuple[Path, Path], extractor: Extractor) -> None:
    result = score(dev_set, extractor)
    assert result.problems == []
    o = result.overall
    assert o.articles == 3
    # Provinces, truth against read:
    #   a: {Jowzjan, Kunduz, Balkh} / {Jowzjan, Kunduz}  -> tp 2, fn 1 (Balkh)
    #   b: {Herat} / {Herat, Kabul}                       -> tp 1, fp 1 (Kabul)
    #   c: {Jowzjan} / {Jowzjan, Kabul}                   -> tp 1, fp 1 (Kabul)
    assert (o.place_tp, o.place_fp, o.place_fn) == (4, 2, 1)
    assert o.precision == pytest.approx(4 / 6)
    assert o.recall == pytest.approx(4 / 5)
    # F1 = 2PR / (P + R) = 2 (2/3)(4/5) / (2/3 + 4/5) = (16/15) / (22/15) = 8/11
    assert o.f1 == pytest.approx(8 / 11)
    # Status: Sheberghan a ok, Kunduz ok, Mazar-i-Sharif missing, Herat wrong, Sheberghan c ok
    assert o.status_right == (3, 5)
    # Dates, scored for annotated control statuses with a date, where the place was found:
    # Sheberghan a (same day), Kunduz (3 days off), Herat (same day, status wrong), Sheberghan c
    assert o.dates_right == (3, 4)
    assert result.confusion == Counter({
        ("taliban", "taliban"): 1,
        ("contested", "contested"): 1,
        ("reported", "missing"): 1,
        ("taliban", "government"): 1,
        ("government", "government"): 1,
    })
    assert result.extra_places == [("b", "Kabul", "Kabul"), ("c", "Kabul", "Kabul")]
    assert result.falls == []  # no table of falls
    assert result.archive_articles == 2  # a and c, of August 2021


def test_judgements_of_the_fixture(dev_set: tuple[Path, Path], extractor: Extractor) -> None:
    judged = score(dev_set, extractor).overall.judgements
    assert [(j.stem, j.truth.line, j.truth.place, j.got_status, j.status_ok, j.date_scored,
             j.date_ok) for j in judged] == [
        ("a", 2, "Sheberghan", "taliban", True, True, True),
        ("a", 3, "Kunduz", "contested", True, True, False),
        ("a", 4, "Mazar-i-Sharif", "missing", False, False, False),
        ("b", 2, "Herat", "government", False, True, True),
        ("c", 2, "Sheberghan", "government", True, True, True),
    ]
    assert judged[2].got is None


def test_dates_of_reported_rows_are_not_scored(extractor: Extractor) -> None:
    """eval/README.md: ``event_date`` is "left empty for ``reported`` rows (not scored)" - and
    not scored when an annotator fills it in anyway."""
    text = ARTICLES["b"]
    day = dt.date(2001, 11, 13)
    article = Article("b", day, "b", text, "b.txt")
    states = {s.place: s for s in place_states(extract_claims(article, extractor))}
    kabul = states["Kabul"]
    assert kabul.status.value == "reported"
    far = TruthRow("Kabul", PlaceKind.CAPITAL, "Kabul", "reported", dt.date(2001, 1, 1), "", 2)
    judged = Judgement(article, "b", far, kabul)
    assert judged.status_ok
    assert not judged.date_scored
    assert not judged.date_ok
    # the same row annotated as a control status is scored, and its date is wrong
    taken = dataclasses.replace(far, status="taliban")
    assert Judgement(article, "b", taken, kabul).date_scored
    assert not Judgement(article, "b", taken, kabul).date_ok


@pytest.mark.parametrize(("days_off", "ok"), [(0, True), (DATE_TOLERANCE_DAYS, True),
                                              (-DATE_TOLERANCE_DAYS, True),
                                              (DATE_TOLERANCE_DAYS + 1, False)])
def test_a_date_is_right_within_a_day(
    dev_set: tuple[Path, Path], extractor: Extractor, days_off: int, ok: bool
) -> None:
    truth = dev_set[1]
    day = dt.date(2021, 8, 12) + dt.timedelta(days=days_off)
    write_truth(truth / "c.csv", [("Sheberghan", "capital", "Jowzjan", "government",
                                   day.isoformat(), "")])
    judged = score(dev_set, extractor).overall.judgements
    assert DATE_TOLERANCE_DAYS == 1
    assert judged[-1].date_ok is ok


def test_scores_by_period(dev_set: tuple[Path, Path], extractor: Extractor) -> None:
    """Periods from the article date, in the order of PERIODS, only those with articles."""
    by_period = score(dev_set, extractor).by_period
    assert list(by_period) == ["2001", "Aug 2021"]
    old, aug = by_period["2001"], by_period["Aug 2021"]
    # 2001 (b): tp 1, fp 1, fn 0 -> P 1/2, R 1, F1 = 2 (1/2) / (3/2) = 2/3
    assert (old.articles, old.place_tp, old.place_fp, old.place_fn) == (1, 1, 1, 0)
    assert old.f1 == pytest.approx(2 / 3)
    assert (old.status_right, old.dates_right) == ((0, 1), (1, 1))
    # Aug 2021 (a, c): tp 3, fp 1, fn 1 -> P 3/4, R 3/4, F1 3/4
    assert (aug.articles, aug.place_tp, aug.place_fp, aug.place_fn) == (2, 3, 1, 1)
    assert aug.f1 == pytest.approx(3 / 4)
    assert (aug.status_right, aug.dates_right) == ((3, 4), (2, 3))


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (dt.date(1995, 12, 31), "before 1996"),
        (dt.date(1996, 1, 1), "2001"),
        (dt.date(2002, 12, 31), "2001"),
        (dt.date(2003, 1, 1), "2003-2014"),
        (dt.date(2015, 9, 28), "2015-2016"),
        (dt.date(2019, 12, 31), "2017-2019"),
        (dt.date(2021, 7, 31), "2020-Jul 2021"),
        (dt.date(2021, 8, 1), "Aug 2021"),
        (dt.date(2021, 8, 31), "Aug 2021"),
        (dt.date(2021, 9, 1), "Sep-Dec 2021"),
        (dt.date(2022, 1, 1), "2022+"),
    ],
)
def test_period_of(day: dt.date, period: str) -> None:
    assert period_of(day) == period


def test_bad_files_are_named_and_the_others_still_score(
    dev_set: tuple[Path, Path], extractor: Extractor
) -> None:
    articles, truth = dev_set
    write_truth(truth / "a.csv", [*TRUTH["a"], ("Farah", "capital", "Farah", "captured", "", "")])
    herat = TRUTH["b"][0]
    write_truth(truth / "b.csv", [(*herat[:4], "13/11/2001", herat[5])])
    (articles / "e.txt").write_text("date 2021-08-11\nFierce clashes erupted in Kunduz on "
                                    "Monday.\n", encoding="utf-8")
    (truth / "e.csv").write_text("place,kind,status,date\nKunduz,capital,contested,2021-08-09\n",
                                 encoding="utf-8")
    (articles / "f.txt").write_text("date 2021-08-11\nKunduz fell.\n", encoding="utf-8")
    write_truth(truth / "g.csv", [("Kunduz", "capital", "Kunduz", "taliban", "", "")])
    (articles / "h.txt").write_text("Kunduz fell on Sunday.\n", encoding="utf-8")  # no date line
    write_truth(truth / "h.csv", [("Kunduz", "capital", "Kunduz", "taliban", "", "")])

    result = score(dev_set, extractor)
    problems = result.problems

    def named(*parts: str) -> bool:
        return any(all(p in problem for p in parts) for problem in problems)

    assert named(f"{truth / 'a.csv'}:5:", "status 'captured'")
    assert named(f"{truth / 'b.csv'}:2:", "event_date '13/11/2001' is not YYYY-MM-DD")
    assert named(f"{truth / 'e.csv'}:", "the header lacks ['province', 'event_date', 'evidence']")
    assert named("f.txt", f"no truth file f.csv in {truth}")
    assert named(f"{truth / 'g.csv'}:", f"no article g in {articles}")
    assert named("h.txt", "'date YYYY-MM-DD'")
    assert named(f"{truth / 'h.csv'}:", "no article h")
    assert len(problems) == 7
    # a, b and c are scored as before, except Herat's date, which is no longer scored
    o = result.overall
    assert (o.articles, o.place_tp, o.place_fp, o.place_fn) == (3, 4, 2, 1)
    assert o.status_right == (3, 5)
    assert o.dates_right == (2, 3)


# --------------------------------------------------------------------------- the report


def test_report_lists_every_miss(dev_set: tuple[Path, Path], extractor: Extractor) -> None:
    lines = report(score(dev_set, extractor)).splitlines()
    at = lines.index("status misses (2):")
    assert lines[at + 1] == "  a:4: Mazar-i-Sharif (capital): want reported; got missing"
    assert lines[at + 2].startswith(
        "  b:2: Herat (capital): want taliban 2001-11-12; got government 2001-11-12 "
        "[Government regains territory; actor anti_taliban; cue 'seized'] «Northern Alliance")
    assert lines[at + 3] == "date misses with the status right (1):"
    assert lines[at + 4].startswith(
        "  a:3: Kunduz (capital): want contested 2021-08-05; got contested 2021-08-08 ")
    assert lines[at + 5:at + 8] == [
        "provinces named by the extractor but not annotated (2):",
        "  b: Kabul ('Kabul')",
        "  c: Kabul ('Kabul')",
    ]
    assert not any(line.startswith("problems") for line in lines)


def test_report_tables_and_summary(dev_set: tuple[Path, Path], extractor: Extractor) -> None:
    text = report(score(dev_set, extractor), misses=False)
    assert "misses" not in text
    lines = text.splitlines()
    rows = {line.split()[0]: line.split() for line in lines if line.startswith("  ")}
    # confusion rows: annotated status, then taliban contested government reported missing
    assert rows["taliban"][1:] == ["1", "0", "1", "0", "0"]
    assert rows["contested"][1:] == ["0", "1", "0", "0", "0"]
    assert rows["government"][1:] == ["0", "0", "1", "0", "0"]
    assert rows["reported"][1:] == ["0", "0", "0", "0", "1"]
    # periods: articles, place F1, status, dates
    assert rows["2001"][1:] == ["1", "0.667", "0.000", "(0/1)", "1.000", "(1/1)"]
    aug = next(line.split() for line in lines if line.startswith("  Aug 2021"))
    assert aug[2:] == ["2", "0.750", "0.750", "(3/4)", "0.667", "(2/3)"]
    assert rows["all"][1:] == ["3", "0.727", "0.600", "(3/5)", "0.750", "(3/4)"]
    assert lines[-3:] == [
        "status by period: 2001 0.00 · Aug 2021 0.75",
        "dates by period: 2001 1.00 · Aug 2021 0.67",
        "overall: 3 articles · place F1 0.727 (P 0.667, R 0.800) · status 0.600 (3/5) · "
        "dates ±1 day 0.750 (3/4)",
    ]


def test_judgements_csv(dev_set: tuple[Path, Path], extractor: Extractor) -> None:
    rows = list(csv.DictReader(io.StringIO(
        judgements_csv(score(dev_set, extractor).overall.judgements))))
    assert list(rows[0]) == ["article", "line", "place", "kind", "want_status", "want_date",
                             "got_status", "got_date", "status_ok", "date_ok", "evidence"]
    assert [tuple(r.values())[:10] for r in rows] == [
        ("a", "2", "Sheberghan", "capital", "taliban", "2021-08-07", "taliban", "2021-08-07",
         "True", "True"),
        ("a", "3", "Kunduz", "capital", "contested", "2021-08-05", "contested", "2021-08-08",
         "True", "False"),
        ("a", "4", "Mazar-i-Sharif", "capital", "reported", "", "missing", "", "False", ""),
        ("b", "2", "Herat", "capital", "taliban", "2001-11-12", "government", "2001-11-12",
         "False", "True"),
        ("c", "2", "Sheberghan", "capital", "government", "2021-08-12", "government",
         "2021-08-12", "True", "True"),
    ]
    assert rows[0]["evidence"] == "Taliban fighters captured Sheberghan on Saturday."
    assert rows[2]["evidence"] == ""


def test_judgements_csv_cells_cannot_run_as_formulas(tmp_path: Path, extractor: Extractor
                                                     ) -> None:
    articles, truth = tmp_path / "articles", tmp_path / "truth"
    articles.mkdir()
    truth.mkdir()
    (articles / "x.txt").write_text(
        'date 2021-08-10\n=HYPERLINK("http://x.example","Kunduz fell to the Taliban on '
        'Sunday.")\n', encoding="utf-8")
    write_truth(truth / "x.csv", [("Kunduz", "capital", "Kunduz", "taliban", "2021-08-08", "")])
    judged = evaluate(articles, truth, extractor=extractor).overall.judgements
    assert [j.got_status for j in judged] == ["taliban"]
    cells = [cell for row in csv.reader(io.StringIO(judgements_csv(judged))) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


# --------------------------------------------------------------------------- the Aug 2021 archive


def test_falls_against_the_archive(dev_set: tuple[Path, Path], extractor: Extractor,
                                   tmp_path: Path) -> None:
    """The August 2021 articles (a, c) read as one archive: Jowzjan turns taliban on 7 Aug (a's
    Saturday); Kunduz is only contested; Herat's only claim is from 2001, not in the archive."""
    falls = tmp_path / "falls.csv"
    falls.write_text(
        "capital,province,fell_on,source_url\n"
        "Sheberghan,Jowzjan,2021-08-07,https://example.org/1\n"
        "Kunduz,Kunduz,2021-08-08,https://example.org/2\n"
        "Herat,Herat,2021-08-12,https://example.org/3\n"
        "Bazarak,Panjshir,2021-09-06,https://example.org/4\n"
        "Kabul,Kabul,,\n",
        encoding="utf-8",
    )
    result = score(dev_set, extractor, falls_csv=falls)
    assert result.problems == []
    assert result.archive_articles == 2
    assert [(f.capital, f.record, f.first_taliban, f.ok) for f in result.falls] == [
        ("Sheberghan", dt.date(2021, 8, 7), dt.date(2021, 8, 7), True),
        ("Kunduz", dt.date(2021, 8, 8), None, False),
        ("Herat", dt.date(2021, 8, 12), None, False),
        ("Bazarak", dt.date(2021, 9, 6), None, False),
        ("Kabul", None, None, True),
    ]
    assert result.falls_ok == (1, 3)  # falls by 16 Aug: Sheberghan, Kunduz, Herat
    text = report(result, misses=False)
    assert "  ok   Sheberghan (Jowzjan): record 2021-08-07, map 2021-08-07" in text
    assert "  MISS Kunduz (Kunduz): record 2021-08-08, map never" in text
    assert "  ok   Kabul (Kabul): record —, map never" in text
    assert text.rstrip().endswith("· Aug 2021 archive: 1 of 3 falls by 16 Aug dated within a day")


@pytest.mark.parametrize(
    ("record", "first", "ok"),
    [
        (dt.date(2021, 8, 7), dt.date(2021, 8, 8), True),
        (dt.date(2021, 8, 7), dt.date(2021, 8, 6), True),
        (dt.date(2021, 8, 7), dt.date(2021, 8, 9), False),
        (dt.date(2021, 8, 7), None, False),
        (None, dt.date(2021, 8, 9), False),  # taliban on the map, no fall on record
        (None, None, True),
    ],
)
def test_fall_is_ok_within_a_day(record: dt.date | None, first: dt.date | None, ok: bool) -> None:
    assert Fall("Sheberghan", "Jowzjan", record, first, "").ok is ok


def test_a_bad_table_of_falls_is_a_problem(dev_set: tuple[Path, Path], extractor: Extractor,
                                           tmp_path: Path) -> None:
    falls = tmp_path / "falls.csv"
    falls.write_text("capital,province,fell_on\nSheberghan,Jowzjan,7 Aug 2021\n", encoding="utf-8")
    with pytest.raises(ValueError, match="fell_on") as info:
        read_falls(falls)
    assert str(info.value).startswith(f"{falls}:2: ")
    result = score(dev_set, extractor, falls_csv=falls)
    assert result.problems == [str(info.value)]
    assert result.falls == []
    assert result.overall.status_right == (3, 5)  # the scores stand
    with pytest.raises(ValueError, match="cannot read the table of falls"):
        read_falls(tmp_path / "nope.csv")


# --------------------------------------------------------------------------- agreement

X_ROWS: list[Row] = [
    ("Kunduz", "capital", "Kunduz", "taliban", "2021-08-08", ""),
    ("Herat", "capital", "Herat", "government", "2021-08-09", ""),
    ("Kabul", "capital", "Kabul", "reported", "", ""),
    ("Farah", "capital", "Farah", "contested", "2021-08-07", ""),
]
Y_ROWS: list[Row] = [("Kunduz", "province", "Kunduz", "contested", "2021-08-06", "")]


@pytest.fixture
def readers(tmp_path: Path) -> tuple[Path, Path]:
    """Two annotators' folders, the second a copy of the first (x.csv, y.csv)."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        write_truth(folder / "x.csv", X_ROWS)
        write_truth(folder / "y.csv", Y_ROWS)
    return first, second


def test_agreement_of_identical_folders(readers: tuple[Path, Path], extractor: Extractor) -> None:
    result = agreement(*readers, extractor.gazetteer)
    assert result.problems == []
    assert result.differences == []
    assert (result.files, result.rows_a, result.rows_b, result.both) == (2, 5, 5, 5)
    assert (result.status_same, result.dates_scored, result.dates_same) == (5, 4, 4)
    assert result.kappa == pytest.approx(1.0)
    assert agreement_report(result).splitlines() == [
        "differences (0):",
        "agreement: 2 articles · places annotated by both 5 of 5 (1.00) · status 1.000 (5/5), "
        "Cohen's kappa 1.00 · dates ±1 day 1.000 (4/4)",
    ]


def test_agreement_with_one_status_disagreement(readers: tuple[Path, Path], extractor: Extractor
                                                ) -> None:
    first, second = readers
    write_truth(second / "x.csv", [X_ROWS[0], ("Herat", "capital", "Herat", "contested",
                                               "2021-08-09", ""), *X_ROWS[2:]])
    result = agreement(first, second, extractor.gazetteer)
    # pairs: (taliban, taliban), (government, contested), (reported, reported),
    # (contested, contested) twice -> observed agreement 4/5
    assert (result.status_same, result.both) == (4, 5)
    # first: taliban 1, government 1, reported 1, contested 2
    # second: taliban 1, contested 3, reported 1
    # expected = (1*1 + 1*0 + 1*1 + 2*3) / 25 = 8/25; kappa = (4/5 - 8/25) / (1 - 8/25) = 12/17
    assert result.kappa == pytest.approx(12 / 17)
    assert result.differences == ["x: Herat (capital): government / contested"]
    assert (result.dates_scored, result.dates_same) == (4, 4)
    assert agreement_report(result).splitlines()[-1] == (
        "agreement: 2 articles · places annotated by both 5 of 5 (1.00) · status 0.800 (4/5), "
        "Cohen's kappa 0.71 · dates ±1 day 1.000 (4/4)"
    )


def test_agreement_on_places_and_dates(readers: tuple[Path, Path], extractor: Extractor) -> None:
    first, second = readers
    write_truth(second / "x.csv", [
        X_ROWS[0],
        (*X_ROWS[1][:4], "2021-08-10", ""),  # a day later: the same date within a day
        ("Farah", "capital", "Farah", "contested", "2021-08-03", ""),  # 4 days earlier
        ("Ghazni", "capital", "Ghazni", "reported", "", ""),  # Kabul left out, Ghazni added
    ])
    result = agreement(first, second, extractor.gazetteer)
    assert (result.rows_a, result.rows_b, result.both) == (5, 5, 4)
    assert (result.status_same, result.dates_scored, result.dates_same) == (4, 4, 3)
    assert result.differences == [
        "x: Farah (capital): 2021-08-07 / 2021-08-03",
        "x: Ghazni (capital): only second",
        "x: Kabul (capital): only first",
    ]
    # union = 5 + 5 - 4 = 6 places
    assert "places annotated by both 4 of 6 (0.67)" in agreement_report(result)
    assert "dates ±1 day 0.750 (3/4)" in agreement_report(result)


def test_agreement_scores_no_dates_of_reported_rows(readers: tuple[Path, Path],
                                                    extractor: Extractor) -> None:
    first, second = readers
    kabul = X_ROWS[2][:4]
    write_truth(first / "x.csv", [*X_ROWS[:2], (*kabul, "2021-08-01", ""), X_ROWS[3]])
    write_truth(second / "x.csv", [*X_ROWS[:2], (*kabul, "2021-08-09", ""), X_ROWS[3]])
    result = agreement(first, second, extractor.gazetteer)
    assert (result.dates_scored, result.dates_same) == (4, 4)  # Kunduz, Herat, Farah; y's Kunduz
    assert result.differences == []


def test_agreement_names_bad_and_unmatched_files(readers: tuple[Path, Path],
                                                 extractor: Extractor) -> None:
    first, second = readers
    write_truth(second / "z.csv", Y_ROWS)  # no z.csv in the first folder
    write_truth(first / "only_first.csv", Y_ROWS)  # compared from the second folder's side only
    write_truth(second / "y.csv", Y_ROWS, header="place,kind,status")
    write_truth(first / "x.csv", [*X_ROWS, ("Farah", "capital", "Farah", "fallen", "", "")])
    result = agreement(first, second, extractor.gazetteer)
    assert result.problems == [
        f"{first / 'x.csv'}:6: status 'fallen' is not one of "
        "('taliban', 'contested', 'government', 'reported')",
        f"{second / 'y.csv'}: the header lacks ['province', 'event_date', 'evidence']; a truth "
        f"file starts with '{','.join(TRUTH_COLUMNS)}'",
        f"{second / 'z.csv'}: no z.csv in {first}",
    ]
    assert (result.files, result.both, result.status_same) == (1, 4, 4)  # x.csv still compared


@pytest.mark.parametrize(
    ("pairs", "kappa"),
    [
        ({}, 0.0),  # nothing to compare
        ({("taliban", "taliban"): 3}, 1.0),  # one status only: agreement by any measure
        # n 4, observed 3/4; first taliban 3, contested 1; second taliban 2, contested 2
        # expected (3*2 + 1*2) / 16 = 1/2; kappa (3/4 - 1/2) / (1 - 1/2) = 1/2
        ({("taliban", "taliban"): 2, ("taliban", "contested"): 1, ("contested", "contested"): 1},
         0.5),
        # complete disagreement on two statuses: observed 0, expected 1/2, kappa -1
        ({("taliban", "government"): 1, ("government", "taliban"): 1}, -1.0),
    ],
)
def test_kappa(pairs: dict[tuple[str, str], int], kappa: float) -> None:
    assert Agreement(pairs=Counter(pairs)).kappa == pytest.approx(kappa)


# --------------------------------------------------------------------------- the command line


def test_cli_evaluate(dev_set: tuple[Path, Path], tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    out_csv = tmp_path / "judgements.csv"
    code, out, err = run(capsys, "evaluate", *map(str, dev_set), "--falls", "none",
                         "--csv", str(out_csv))
    assert (code, err) == (0, "")
    assert "status misses (2):" in out
    assert out.splitlines()[-1] == (
        "overall: 3 articles · place F1 0.727 (P 0.667, R 0.800) · status 0.600 (3/5) · "
        "dates ±1 day 0.750 (3/4)")
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [(r["article"], r["place"], r["status_ok"]) for r in rows] == [
        ("a", "Sheberghan", "True"), ("a", "Kunduz", "True"), ("a", "Mazar-i-Sharif", "False"),
        ("b", "Herat", "False"), ("c", "Sheberghan", "True")]


def test_cli_evaluate_no_misses(dev_set: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
                                ) -> None:
    code, out, _ = run(capsys, "evaluate", *map(str, dev_set), "--falls", "none", "--no-misses")
    assert code == 0
    assert "misses" not in out
    assert out.splitlines()[-1].startswith("overall: 3 articles")


def test_cli_evaluate_with_a_bad_truth_file_exits_1_and_scores_the_rest(
    dev_set: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    articles, truth = dev_set
    (truth / "b.csv").write_text("place,kind\nHerat,capital\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(articles), str(truth), "--falls", "none")
    assert code == 1
    assert err.splitlines() == [
        f"error: {truth / 'b.csv'}: the header lacks ['province', 'status', 'event_date', "
        f"'evidence']; a truth file starts with '{','.join(TRUTH_COLUMNS)}'"]
    assert out.startswith("problems (1):\n")
    # a and c: tp 3, fp 1, fn 1 -> F1 3/4; status 3/4; dates 2/3
    assert out.splitlines()[-1] == (
        "overall: 2 articles · place F1 0.750 (P 0.750, R 0.750) · status 0.750 (3/4) · "
        "dates ±1 day 0.667 (2/3)")


@pytest.mark.parametrize("which", [0, 1])
def test_cli_evaluate_missing_folder_exits_2(dev_set: tuple[Path, Path], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str], which: int
                                             ) -> None:
    folders = [str(p) for p in dev_set]
    folders[which] = str(tmp_path / "nope")
    code, out, err = run(capsys, "evaluate", *folders, "--falls", "none")
    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path / 'nope'}: not a folder\n"


def test_cli_evaluate_unwritable_csv_exits_2(dev_set: tuple[Path, Path], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", *map(str, dev_set), "--falls", "none",
                         "--csv", str(tmp_path))  # a folder, not a file
    assert code == 2
    assert err.startswith(f"error: {tmp_path}: cannot write")
    assert out.splitlines()[-1].startswith("overall: 3 articles")  # the report came first


def test_cli_evaluate_missing_falls_table_exits_1(dev_set: tuple[Path, Path], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", *map(str, dev_set), "--falls",
                       str(tmp_path / "falls.csv"))
    assert code == 1
    assert err.startswith(f"error: {tmp_path / 'falls.csv'}: cannot read the table of falls")


def test_cli_agreement(readers: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "agreement", *map(str, readers))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith(
        "agreement: 2 articles · places annotated by both 5 of 5")
    first, second = readers
    write_truth(second / "z.csv", Y_ROWS)
    code, out, err = run(capsys, "agreement", str(first), str(second))
    assert code == 1
    assert err == f"error: {second / 'z.csv'}: no z.csv in {first}\n"
    assert "Cohen's kappa 1.00" in out


def test_cli_agreement_missing_second_folder_is_an_error(
    readers: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "agreement", str(readers[0]), str(tmp_path / "nope"))
    assert code != 0
    assert str(tmp_path / "nope") in err


@pytest.mark.parametrize("argv", [["evaluate", "eval/articles"], ["agreement", "eval/truth"]])
def test_cli_missing_arguments_exit_2(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "geo", *argv], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "usage" in proc.stderr
    assert "the following arguments are required" in proc.stderr
