"""Tests for geo.dates: date wording in news text resolved against the article date."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dates import DateExpression, find_dates, pick_event_date, resolve_weekday
from geo.types import DatePrecision, EventDate

D = dt.date
DAY, WEEK, MONTH, YEAR, ARTICLE = (
    DatePrecision.DAY,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
    DatePrecision.ARTICLE,
)

TUESDAY = D(2021, 8, 10)  # the fall of Zaranj, Sheberghan, Kunduz... reported on a Tuesday
MONDAY = D(2021, 8, 9)
SUNDAY = D(2021, 8, 15)  # the day Kabul fell


def only(text: str, article_date: dt.date = TUESDAY) -> DateExpression:
    """The single date expression in `text` (fails if there are none or several)."""
    found = find_dates(text, article_date)
    assert len(found) == 1, f"expected one expression in {text!r}, got {found}"
    return found[0]


def texts(text: str, article_date: dt.date = TUESDAY) -> list[str]:
    return [e.text for e in find_dates(text, article_date)]


# ----------------------------------------------------------------------------------------------
# resolve_weekday
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Monday", D(2021, 8, 9)),
        ("Tuesday", D(2021, 8, 10)),
        ("Wednesday", D(2021, 8, 4)),
        ("Thursday", D(2021, 8, 5)),
        ("Friday", D(2021, 8, 6)),
        ("Saturday", D(2021, 8, 7)),
        ("Sunday", D(2021, 8, 8)),
        ("SUNDAY", D(2021, 8, 8)),
        ("sun", D(2021, 8, 8)),
        (" friday ", D(2021, 8, 6)),
    ],
)
def test_resolve_weekday_is_latest_on_or_before_article(name: str, expected: dt.date) -> None:
    assert resolve_weekday(name, TUESDAY) == expected


def test_resolve_weekday_across_a_year_boundary() -> None:
    # Jan. 1, 2022 was a Saturday: its "Friday" is New Year's Eve.
    assert resolve_weekday("Friday", D(2022, 1, 1)) == D(2021, 12, 31)


def test_resolve_weekday_rejects_non_days() -> None:
    with pytest.raises(ValueError, match="'Funday' is not a weekday"):
        resolve_weekday("Funday", TUESDAY)


# ----------------------------------------------------------------------------------------------
# Weekdays
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        ("On Sunday, Taliban fighters captured the city of Kunduz.", "On Sunday", D(2021, 8, 8)),
        ("Sheberghan fell Sunday night, officials said.", "Sunday night", D(2021, 8, 8)),
        ("The insurgents entered Farah late Tuesday.", "late Tuesday", D(2021, 8, 10)),
        ("Pul-e Khumri fell on Tuesday, a lawmaker said.", "on Tuesday", D(2021, 8, 10)),
        ("Tuesday's fall of Pul-e Khumri shocked Kabul.", "Tuesday's", D(2021, 8, 10)),
        ("Monday’s attack on Lashkar Gah killed 20 civilians.", "Monday’s", D(2021, 8, 9)),
        ("Zaranj was captured on Friday without a fight.", "on Friday", D(2021, 8, 6)),
        ("Clashes erupted early Saturday morning.", "early Saturday morning", D(2021, 8, 7)),
        ("Government forces retook the district on Wednesday.", "on Wednesday", D(2021, 8, 4)),
        ("Fighting resumed Thursday evening near the airport.", "Thursday evening", D(2021, 8, 5)),
        ("Residents fled SUNDAY as the Taliban advanced.", "SUNDAY", D(2021, 8, 8)),
        ("Taloqan has been besieged since Sunday.", "since Sunday", D(2021, 8, 8)),
    ],
)
def test_weekday_is_most_recent_on_or_before_article(
    sentence: str, cue: str, expected: dt.date
) -> None:
    e = only(sentence)
    assert (e.text, e.date, e.precision, e.kind) == (cue, expected, DAY, "absolute")
    assert not e.future


def test_weekday_named_in_a_story_of_the_same_day_is_that_day() -> None:
    assert only("Kabul fell on Sunday as the president fled.", SUNDAY).date == SUNDAY


def test_late_tuesday_night_is_one_expression() -> None:
    text = "Taliban fighters stormed the governor's compound late Tuesday night, police said."
    e = only(text)
    assert e.text == "late Tuesday night"
    assert text[e.start : e.end] == "late Tuesday night"
    assert e.date == TUESDAY


@pytest.mark.parametrize(
    ("wording", "article_date", "expected"),
    [
        ("last Sunday", TUESDAY, D(2021, 8, 8)),
        ("last Tuesday", TUESDAY, D(2021, 8, 3)),  # not the day of the story itself
        ("this past Sunday", SUNDAY, D(2021, 8, 8)),
        ("this Sunday", TUESDAY, D(2021, 8, 8)),
    ],
)
def test_last_weekday(wording: str, article_date: dt.date, expected: dt.date) -> None:
    e = only(f"The district fell {wording}, a council member said.", article_date)
    assert (e.text, e.date, e.future) == (wording, expected, False)


@pytest.mark.parametrize("wording", ["next Sunday", "this coming Friday", "coming Monday"])
def test_next_weekday_is_future(wording: str) -> None:
    e = only(f"Talks are due to resume in Doha {wording}.")
    assert e.future
    assert e.date is not None
    assert e.date > TUESDAY


def test_plural_weekday_is_not_a_date() -> None:
    assert find_dates("Markets in Kandahar close on Fridays.", TUESDAY) == []


# ----------------------------------------------------------------------------------------------
# Today-like, yesterday, N days ago
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    ["today", "tonight", "this morning", "this afternoon", "this evening", "earlier today",
     "late tonight", "early this morning", "Today"],
)  # fmt: skip
def test_today_like_is_article_date(wording: str) -> None:
    e = only(f"Afghan forces withdrew from Ghazni {wording}, a provincial official said.")
    assert (e.text, e.date, e.precision, e.kind) == (wording, TUESDAY, DAY, "today")


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("yesterday", D(2021, 8, 9)),
        ("last night", D(2021, 8, 9)),
        ("late last night", D(2021, 8, 9)),
        ("yesterday morning", D(2021, 8, 9)),
        ("early yesterday", D(2021, 8, 9)),
        ("the day before yesterday", D(2021, 8, 8)),
    ],
)
def test_yesterday_and_last_night(wording: str, expected: dt.date) -> None:
    e = only(f"The Taliban overran Aybak {wording}, residents told AFP.")
    assert (e.text, e.date, e.precision, e.kind) == (wording, expected, DAY, "absolute")


def test_yesterday_on_the_first_of_the_month_is_the_last_day_of_the_previous() -> None:
    assert only("The city fell yesterday.", D(2021, 3, 1)).date == D(2021, 2, 28)


@pytest.mark.parametrize(
    ("wording", "days"),
    [
        ("a day ago", 1), ("one day ago", 1), ("two days ago", 2), ("three days ago", 3),
        ("four days ago", 4), ("five days ago", 5), ("six days ago", 6), ("seven days ago", 7),
        ("eight days ago", 8), ("nine days ago", 9), ("ten days ago", 10), ("2 days ago", 2),
        ("12 days ago", 12), ("Two days ago", 2),
    ],
)  # fmt: skip
def test_n_days_ago(wording: str, days: int) -> None:
    e = only(f"Kunduz, which fell {wording}, remains under Taliban control.")
    assert (e.text, e.date, e.precision) == (wording, TUESDAY - dt.timedelta(days=days), DAY)


@pytest.mark.parametrize(
    ("wording", "expected", "precision"),
    [
        ("a week ago", D(2021, 8, 3), WEEK),
        ("two weeks ago", D(2021, 7, 27), WEEK),
        ("a few days ago", D(2021, 8, 8), WEEK),
        ("several days ago", D(2021, 8, 8), WEEK),
    ],
)
def test_vague_ago_keeps_week_precision(
    wording: str, expected: dt.date, precision: DatePrecision
) -> None:
    e = only(f"The base was abandoned {wording}.")
    assert (e.date, e.precision) == (expected, precision)


# ----------------------------------------------------------------------------------------------
# Explicit dates
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("Aug. 6", D(2021, 8, 6)),
        ("Aug 6", D(2021, 8, 6)),
        ("August 6", D(2021, 8, 6)),
        ("6 August", D(2021, 8, 6)),
        ("August 6, 2021", D(2021, 8, 6)),
        ("6 Aug 2021", D(2021, 8, 6)),
        ("6 August 2021", D(2021, 8, 6)),
        ("2021-08-06", D(2021, 8, 6)),
        ("on Aug. 6", D(2021, 8, 6)),
        ("Aug. 6th", D(2021, 8, 6)),
        ("the 6th of August", D(2021, 8, 6)),
        ("July 30", D(2021, 7, 30)),
        ("Friday, Aug. 6", D(2021, 8, 6)),
        ("Friday, Aug. 6, 2021", D(2021, 8, 6)),
        ("Sept. 11, 2001", D(2001, 9, 11)),
        ("Feb. 29, 2020", D(2020, 2, 29)),
        ("Aug. 15 last year", D(2020, 8, 15)),
        ("AUG. 6", D(2021, 8, 6)),
    ],
)
def test_explicit_dates(wording: str, expected: dt.date) -> None:
    e = only(f"Zaranj, the capital of Nimroz, fell {wording}, officials said.")
    assert (e.text, e.date, e.precision, e.kind, e.future) == (
        wording,
        expected,
        DAY,
        "absolute",
        False,
    )


@pytest.mark.parametrize(
    ("wording", "article_date", "expected"),
    [
        ("Dec. 30", D(2022, 1, 2), D(2021, 12, 30)),  # last year's, not 362 days ahead
        ("30 December", D(2022, 1, 2), D(2021, 12, 30)),
        ("Jan. 1", D(2022, 1, 2), D(2022, 1, 1)),
        ("Jan. 2", D(2022, 1, 2), D(2022, 1, 2)),
        ("Nov. 20", D(2022, 3, 1), D(2021, 11, 20)),
        ("Feb. 29", D(2021, 8, 10), D(2020, 2, 29)),  # no Feb. 29 in 2021
    ],
)
def test_yearless_date_crosses_year_boundary(
    wording: str, article_date: dt.date, expected: dt.date
) -> None:
    e = only(f"The assault began {wording}.", article_date)
    assert (e.date, e.future) == (expected, False)


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        ("The final date for withdrawal is August 31.", "August 31", D(2021, 8, 31)),
        ("The troops are due to leave by Aug. 31.", "by Aug. 31", D(2021, 8, 31)),
        ("Elections are scheduled for Sept. 3.", "Sept. 3", D(2021, 9, 3)),
        ("A donor conference opens on 2021-10-05 in Geneva.", "on 2021-10-05", D(2021, 10, 5)),
        ("The mandate ends Aug. 31, 2021.", "Aug. 31, 2021", D(2021, 8, 31)),
    ],
)
def test_explicit_date_shortly_after_the_article_is_future(
    sentence: str, cue: str, expected: dt.date
) -> None:
    e = only(sentence)
    assert (e.text, e.date, e.future) == (cue, expected, True)


@pytest.mark.parametrize("wording", ["Feb. 30", "April 31", "2021-02-30", "2021-13-01", "Aug. 0"])
def test_impossible_dates_are_not_expressions(wording: str) -> None:
    assert find_dates(f"A ceasefire was announced {wording}.", TUESDAY) == []


def test_full_stop_after_an_abbreviated_month_is_not_part_of_the_date() -> None:
    e = only("Herat fell on 12 Aug.", D(2021, 8, 14))
    assert (e.text, e.date) == ("on 12 Aug", D(2021, 8, 12))


# ----------------------------------------------------------------------------------------------
# Coarse wording: week, month, year
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "article_date", "expected", "precision"),
    [
        ("this week", TUESDAY, TUESDAY, WEEK),
        ("in recent days", TUESDAY, TUESDAY, WEEK),
        ("in less than a week", TUESDAY, TUESDAY, WEEK),
        ("over the past week", TUESDAY, TUESDAY, WEEK),
        ("in the past few days", TUESDAY, TUESDAY, WEEK),
        ("earlier this week", TUESDAY, MONDAY, WEEK),
        ("earlier this week", D(2021, 8, 13), D(2021, 8, 12), WEEK),  # Friday -> Thursday
        ("earlier this week", MONDAY, D(2021, 8, 8), WEEK),  # Monday story: article - 1 anyway
        ("last week", TUESDAY, D(2021, 8, 8), WEEK),  # the Sunday that ended last week
        ("last week", MONDAY, D(2021, 8, 8), WEEK),
        ("last week", SUNDAY, D(2021, 8, 8), WEEK),
        ("last weekend", TUESDAY, D(2021, 8, 8), WEEK),
        ("over the weekend", TUESDAY, D(2021, 8, 8), WEEK),
        ("over the weekend", SUNDAY, SUNDAY, WEEK),
        ("this month", TUESDAY, TUESDAY, MONTH),
        ("in recent weeks", TUESDAY, TUESDAY, MONTH),
        ("earlier this month", TUESDAY, MONDAY, MONTH),
        ("last month", TUESDAY, D(2021, 7, 31), MONTH),
        ("last month", D(2021, 3, 10), D(2021, 2, 28), MONTH),
        ("last month", D(2022, 1, 5), D(2021, 12, 31), MONTH),
        ("this year", TUESDAY, TUESDAY, YEAR),
        ("last year", TUESDAY, D(2020, 12, 31), YEAR),
    ],
)
def test_coarse_wording_keeps_precision_and_latest_date(
    wording: str, article_date: dt.date, expected: dt.date, precision: DatePrecision
) -> None:
    e = only(f"The Taliban have seized dozens of districts {wording}.", article_date)
    assert (e.text, e.date, e.precision, e.future) == (wording, expected, precision, False)


@pytest.mark.parametrize(
    ("wording", "article_date", "expected"),
    [
        ("in April", TUESDAY, D(2021, 4, 30)),
        ("since April", TUESDAY, D(2021, 4, 30)),
        ("during April", TUESDAY, D(2021, 4, 30)),
        ("by April", TUESDAY, D(2021, 4, 30)),
        ("early April", TUESDAY, D(2021, 4, 30)),
        ("late April", TUESDAY, D(2021, 4, 30)),
        ("mid-April", TUESDAY, D(2021, 4, 30)),
        ("in mid-April", TUESDAY, D(2021, 4, 30)),
        ("the end of April", TUESDAY, D(2021, 4, 30)),
        ("in August", TUESDAY, TUESDAY),  # capped at the article date
        ("in September", TUESDAY, D(2020, 9, 30)),  # the most recent September
        ("in December", D(2022, 1, 2), D(2021, 12, 31)),
        ("in February", D(2024, 3, 5), D(2024, 2, 29)),
        ("in April 2021", TUESDAY, D(2021, 4, 30)),
        ("April 2020", TUESDAY, D(2020, 4, 30)),
        ("last April", TUESDAY, D(2021, 4, 30)),
        ("last August", TUESDAY, D(2020, 8, 31)),
        ("in May", TUESDAY, D(2021, 5, 31)),
        ("in March", TUESDAY, D(2021, 3, 31)),
    ],
)
def test_month_without_day(wording: str, article_date: dt.date, expected: dt.date) -> None:
    e = only(f"Fighting intensified {wording} across the north.", article_date)
    assert (e.text, e.date, e.precision, e.future) == (wording, expected, MONTH, False)


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("in 2015", D(2015, 12, 31)),
        ("since 2001", D(2001, 12, 31)),
        ("in late 2020", D(2020, 12, 31)),
        ("mid-2020", D(2020, 12, 31)),
        ("in 2021", TUESDAY),  # capped at the article date
    ],
)
def test_year_without_month(wording: str, expected: dt.date) -> None:
    e = only(f"The Taliban briefly held the city {wording}.")
    assert (e.text, e.date, e.precision, e.future) == (wording, expected, YEAR, False)


@pytest.mark.parametrize(
    ("sentence", "precision"),
    [
        ("Talks may resume later this week.", WEEK),
        ("A new offensive is expected later this month.", MONTH),
        ("Elections are planned for later this year.", YEAR),
        ("The U.S. aims to finish its withdrawal in 2022.", YEAR),
        ("Officials hope to reopen schools next April.", MONTH),
        ("The mission will end in September 2021.", MONTH),
    ],
)
def test_coarse_wording_ahead_of_the_article_is_future(
    sentence: str, precision: DatePrecision
) -> None:
    e = only(sentence)
    assert e.future
    assert e.precision == precision
    assert e.date is not None
    assert e.date > TUESDAY


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighting raged overnight in Lashkar Gah.",
        "In recent hours, the Taliban have entered Ghazni.",
        "The Taliban has seized Sar-e Pol, officials said.",
        "The insurgents recently took Zaranj.",
        "The Taliban now control more than half of the country's districts.",
        "More than 1,000 civilians were killed, the U.N. said.",
    ],
)
def test_words_without_a_day_are_not_expressions(sentence: str) -> None:
    assert find_dates(sentence, TUESDAY) == []


# ----------------------------------------------------------------------------------------------
# Relative to the previous event
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "offset"),
    [
        ("a day later", 1),
        ("A day later", 1),
        ("one day later", 1),
        ("the next day", 1),
        ("the following day", 1),
        ("the following morning", 1),
        ("two days later", 2),
        ("2 days later", 2),
        ("a week later", 7),
        ("a day earlier", -1),
        ("the day before", -1),
        ("the previous day", -1),
        ("two days earlier", -2),
        ("later that day", 0),
        ("the same day", 0),
    ],
)
def test_relative_wording(wording: str, offset: int) -> None:
    e = only(f"Taloqan fell {wording}, the provincial police chief said.")
    assert (e.text, e.kind, e.offset_days, e.date, e.future) == (
        wording,
        "relative",
        offset,
        None,
        False,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Taliban fighters captured Sheberghan on Saturday, a day after seizing Zaranj.",
        "Zaranj fell two days after the governor fled.",
        "Officials met the day before the city fell.",
        "Kunduz was captured the day after seizing Sar-e Pol.",
    ],
)
def test_days_after_an_event_named_next_is_not_a_relative_expression(sentence: str) -> None:
    assert [e for e in find_dates(sentence, TUESDAY) if e.kind == "relative"] == []


def test_the_day_before_at_the_end_of_a_clause_is_relative() -> None:
    e = only("Zaranj had fallen the day before, the police chief said.")
    assert (e.text, e.offset_days) == ("the day before", -1)


def test_day_before_yesterday_is_not_the_relative_day_before() -> None:
    e = only("Aybak fell the day before yesterday.")
    assert (e.kind, e.date) == ("absolute", D(2021, 8, 8))


# ----------------------------------------------------------------------------------------------
# False friends: May, March
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Taliban may soon reach Kabul, a U.S. intelligence assessment warned.",
        "Officials fear the city may fall within days.",
        "It may be weeks before aid can reach Kunduz.",
        "Thousands joined a march on Kabul to protest the killings.",
        "Protesters held a march in the city center.",
        "In march after march, women demanded their rights.",
        "TALIBAN MAY TAKE KABUL WITHIN 90 DAYS",
        "Residents said they may 5 times have fled.",
    ],
)
def test_may_and_march_as_ordinary_words_are_not_months(sentence: str) -> None:
    assert find_dates(sentence, TUESDAY) == []


@pytest.mark.parametrize(
    ("sentence", "cue", "expected", "precision"),
    [
        ("Foreign troops began leaving on May 1.", "on May 1", D(2021, 5, 1), DAY),
        ("The drawdown began 1 May.", "1 May", D(2021, 5, 1), DAY),
        ("Attacks have surged since May.", "since May", D(2021, 5, 31), MONTH),
        ("The offensive began in May.", "in May", D(2021, 5, 31), MONTH),
        ("The deal was signed in March 2020.", "in March 2020", D(2020, 3, 31), MONTH),
        ("Talks stalled in March.", "in March", D(2021, 3, 31), MONTH),
        ("Kabul was attacked on March 8.", "on March 8", D(2021, 3, 8), DAY),
        ("The Feb. 29, 2020 deal set a May deadline.", "Feb. 29, 2020", D(2020, 2, 29), DAY),
    ],
)
def test_may_and_march_as_months(
    sentence: str, cue: str, expected: dt.date, precision: DatePrecision
) -> None:
    e = only(sentence)
    assert (e.text, e.date, e.precision) == (cue, expected, precision)


# ----------------------------------------------------------------------------------------------
# Several expressions, overlaps, offsets, windows
# ----------------------------------------------------------------------------------------------


PARAGRAPH = (
    "KABUL, Afghanistan (AP) — The Taliban captured Kunduz late Sunday night, a day after "
    "Sheberghan fell on Saturday, Aug. 7, officials said on Tuesday. Zaranj had fallen on "
    "6 August, and the insurgents have seized 65 districts in recent weeks. Yesterday, fighters "
    "entered Pul-e Khumri; two days ago they shelled Lashkar Gah. Over the weekend, "
    "the U.S. said the withdrawal would be complete by Aug. 31."
)


def test_paragraph_expressions_in_order() -> None:
    assert texts(PARAGRAPH) == [
        "late Sunday night",
        "on Saturday, Aug. 7",
        "on Tuesday",
        "on 6 August",
        "in recent weeks",
        "Yesterday",
        "two days ago",
        "Over the weekend",
        "by Aug. 31",
    ]


def test_paragraph_offsets_point_at_the_text() -> None:
    found = find_dates(PARAGRAPH, TUESDAY)
    assert found
    for e in found:
        assert PARAGRAPH[e.start : e.end] == e.text
    starts = [e.start for e in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_window_offsets_are_absolute() -> None:
    second = PARAGRAPH.index("Zaranj")
    end = PARAGRAPH.index("Yesterday")
    found = find_dates(PARAGRAPH, TUESDAY, start=second, end=end)
    assert [e.text for e in found] == ["on 6 August", "in recent weeks"]
    assert all(second <= e.start and e.end <= end for e in found)
    assert PARAGRAPH[found[0].start : found[0].end] == "on 6 August"


def test_window_end_cuts_an_expression_short() -> None:
    text = "Kunduz fell on Sunday night."
    cut = text.index("night")
    assert texts(text[:cut]) == ["on Sunday"]
    assert [e.text for e in find_dates(text, TUESDAY, end=cut)] == ["on Sunday"]


def test_weekday_and_date_together_are_one_expression() -> None:
    e = only("Kabul fell on Sunday, Aug. 15, 2021.", D(2021, 8, 16))
    assert (e.text, e.date) == ("on Sunday, Aug. 15, 2021", D(2021, 8, 15))


def test_last_weekend_is_not_last_week() -> None:
    assert texts("The city was shelled last weekend.") == ["last weekend"]


def test_no_expression_inside_a_longer_word() -> None:
    assert find_dates("Mayday calls came from Sundayville and Todayland.", TUESDAY) == []


# ----------------------------------------------------------------------------------------------
# Quotations
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        'The governor said on Friday: "We lost the city today."',
        "The governor said on Friday: “We lost the city today.”",
        "The governor said on Friday: 'We lost the city today.'",
        "The governor said on Friday: ‘We lost the city today.’",
        "The governor said on Friday: We lost the city today.",
        "“We lost the city today,” the governor said on Friday.",
    ],
)
def test_today_in_a_dated_quote_is_the_day_it_was_said(sentence: str) -> None:
    found = find_dates(sentence, TUESDAY)
    by_text = {e.text: e for e in found}
    assert by_text["today"].in_quote
    assert not by_text["on Friday"].in_quote
    picked = pick_event_date(found, sentence.index("lost"), TUESDAY)
    assert picked == EventDate(D(2021, 8, 6), DAY, "on Friday")


def test_today_in_an_undated_quote_is_the_article_date() -> None:
    sentence = '"We lost the city today," a police commander told The Associated Press.'
    found = find_dates(sentence, TUESDAY)
    assert [e.in_quote for e in found] == [True]
    assert pick_event_date(found, sentence.index("lost"), TUESDAY) == EventDate(
        TUESDAY, DAY, "today"
    )


def test_today_outside_quotes_is_not_moved_to_another_day() -> None:
    sentence = "Officials who said on Friday that Herat would hold conceded the city fell today."
    found = find_dates(sentence, TUESDAY)
    assert not any(e.in_quote for e in found)
    assert pick_event_date(found, sentence.index("fell"), TUESDAY).date == TUESDAY


def test_quote_that_closes_in_the_window_began_before_it() -> None:
    text = "“The fighting is heavy. We lost the district today,” he said on Monday."
    second = text.index("We")
    found = find_dates(text, TUESDAY, start=second)
    assert [(e.text, e.in_quote) for e in found] == [("today", True), ("on Monday", False)]


def test_apostrophes_do_not_open_quotes() -> None:
    text = "The Taliban's fighters entered Ghazni's centre today, officials' aides said."
    assert [e.in_quote for e in find_dates(text, TUESDAY)] == [False]


# ----------------------------------------------------------------------------------------------
# pick_event_date
# ----------------------------------------------------------------------------------------------


def test_pick_nearest_to_anchor() -> None:
    text = "Sheberghan fell on Saturday, and Kunduz was captured on Sunday."
    found = find_dates(text, TUESDAY)
    assert pick_event_date(found, text.index("fell"), TUESDAY).date == D(2021, 8, 7)
    assert pick_event_date(found, text.index("captured"), TUESDAY).date == D(2021, 8, 8)


def test_pick_prefers_the_clause_over_a_nearer_expression_outside_it() -> None:
    text = "On Sunday the Taliban took Kunduz; Taloqan, officials said, fell on Monday."
    found = find_dates(text, TUESDAY)
    semicolon = text.index(";")
    anchor = text.index("Taloqan")  # nearer to "On Sunday"...
    assert pick_event_date(found, anchor, TUESDAY).date == D(2021, 8, 8)
    # ...but "on Monday" is in its clause.
    picked = pick_event_date(found, anchor, TUESDAY, span=(semicolon + 1, len(text)))
    assert picked == EventDate(MONDAY, DAY, "on Monday")


def test_pick_falls_back_to_the_sentence_when_the_clause_has_none() -> None:
    text = "On Sunday, as fighting spread, the city fell."
    found = find_dates(text, TUESDAY)
    clause = (text.index("the city"), len(text))
    assert pick_event_date(found, text.index("fell"), TUESDAY, span=clause).date == D(2021, 8, 8)


def test_pick_tie_goes_to_the_expression_before_the_anchor() -> None:
    text = "on Friday X on Monday"
    found = find_dates(text, TUESDAY)
    # "on Friday" ends one character before X, "on Monday" starts two after it.
    assert pick_event_date(found, text.index("X"), TUESDAY).cue == "on Friday"
    assert pick_event_date(found, text.index("X") + 1, TUESDAY).cue == "on Monday"
    exact = [
        DateExpression(0, 4, "AAAA", D(2021, 8, 1), DAY, "absolute"),
        DateExpression(10, 14, "BBBB", D(2021, 8, 2), DAY, "absolute"),
    ]
    assert pick_event_date(exact, 7, TUESDAY).cue == "AAAA"  # 3 characters either way
    assert pick_event_date(list(reversed(exact)), 7, TUESDAY).cue == "AAAA"
    assert pick_event_date(exact, 8, TUESDAY).cue == "BBBB"
    assert pick_event_date(exact, 2, TUESDAY).cue == "AAAA"  # inside an expression


def test_pick_skips_future_expressions() -> None:
    text = "The Taliban took Kandahar on Friday, weeks before the Aug. 31 deadline."
    found = find_dates(text, TUESDAY)
    assert [e.future for e in found] == [False, True]
    anchor = text.index("deadline")  # nearer to Aug. 31, which is ahead
    assert pick_event_date(found, anchor, TUESDAY) == EventDate(D(2021, 8, 6), DAY, "on Friday")


def test_pick_only_future_falls_back_to_article() -> None:
    text = "The U.S. says it will finish the withdrawal by Aug. 31."
    found = find_dates(text, TUESDAY)
    assert found
    assert all(e.future for e in found)
    assert pick_event_date(found, 0, TUESDAY) == EventDate(TUESDAY, ARTICLE, "")


def test_pick_with_no_expression_is_the_article_date() -> None:
    text = "Fighting raged overnight in Lashkar Gah."
    assert pick_event_date(find_dates(text, TUESDAY), 10, TUESDAY) == EventDate(
        TUESDAY, ARTICLE, ""
    )


def test_pick_keeps_coarse_precision_and_cue() -> None:
    text = "The insurgents have taken 10 provincial capitals in less than a week."
    picked = pick_event_date(find_dates(text, TUESDAY), text.index("taken"), TUESDAY)
    assert picked == EventDate(TUESDAY, WEEK, "in less than a week")


@pytest.mark.parametrize(
    ("wording", "previous", "expected"),
    [
        ("A day later", EventDate(D(2021, 8, 6), DAY, "on Friday"), D(2021, 8, 7)),
        ("Two days later", EventDate(D(2021, 8, 6), DAY, "on Friday"), D(2021, 8, 8)),
        ("The next day", EventDate(D(2021, 8, 6), DAY, "on Friday"), D(2021, 8, 7)),
        ("The previous day", EventDate(D(2021, 8, 6), DAY, "on Friday"), D(2021, 8, 5)),
        ("A day later", EventDate(MONDAY, DAY, "yesterday"), TUESDAY),
        ("Two days later", EventDate(MONDAY, DAY, "yesterday"), TUESDAY),  # capped
        ("A day later", None, TUESDAY),  # article date + 1, capped
        ("A day earlier", None, MONDAY),
    ],
)
def test_pick_relative_counts_from_previous(
    wording: str, previous: EventDate | None, expected: dt.date
) -> None:
    text = f"{wording}, Taliban fighters captured Sar-e Pol."
    found = find_dates(text, TUESDAY)
    picked = pick_event_date(found, text.index("captured"), TUESDAY, previous=previous)
    assert picked == EventDate(expected, DAY, wording)


@pytest.mark.parametrize(
    "sentence",
    [
        "The deadline for the withdrawal is August 31.",
        "Talks resume next Sunday.",
        "Kabul could fall in 2022, analysts say.",
        "The governor said on Friday that the city would hold.",
        "A day later, the city fell.",
        "Aybak fell today.",
        "Herat fell Dec. 30.",
        "",
    ],
)
def test_pick_never_after_the_article_date(sentence: str) -> None:
    for article_date in (TUESDAY, D(2022, 1, 2), D(2021, 12, 31)):
        found = find_dates(sentence, article_date)
        for anchor in range(len(sentence) + 1):
            for previous in (None, EventDate(D(2030, 1, 1), DAY, "x")):
                picked = pick_event_date(found, anchor, article_date, previous=previous)
                assert picked.date <= article_date


# ----------------------------------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------------------------------

FRAGMENTS = [
    "on Sunday", "late Tuesday night", "Aug. 6", "6 August 2021", "2021-08-06", "yesterday",
    "last night", "earlier this week", "in April", "this month", "a day later", "two days ago",
    "in 2015", "May", "may", "March", "the day before yesterday", "Feb. 29", "Dec. 31", "today",
    "next Friday", "later this year", "last year", "mid-", "the ", "in ", ", ", ": ", '"', "“",
    "”", "'", "‘", "’", "said", " ", ".", "\n", "31", "2099", "1900", "ſunday", "İn April",
]  # fmt: skip

pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8))
sentences = st.lists(pieces, max_size=16).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=sentences, article_date=st.dates(), data=st.data())
def test_find_dates_properties(text: str, article_date: dt.date, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = find_dates(text, article_date, start=start, end=end)
    previous_end = start
    for e in found:
        assert start <= e.start < e.end <= end
        assert text[e.start : e.end] == e.text
        assert e.start >= previous_end
        previous_end = e.end
        assert e.kind in ("absolute", "relative", "today")
        assert (e.date is None) == (e.kind == "relative")
        if e.date is not None:
            assert (e.date > article_date) == e.future
    anchor = data.draw(st.integers(0, max(len(text), 0)))
    previous = data.draw(
        st.none() | st.builds(EventDate, st.dates(), st.sampled_from(list(DatePrecision)))
    )
    span = data.draw(st.none() | st.tuples(st.integers(0, len(text)), st.integers(0, len(text))))
    picked = pick_event_date(found, anchor, article_date, span=span, previous=previous)
    assert picked.date <= article_date
    assert picked.cue == "" or picked.cue in {e.text for e in found}


@settings(max_examples=200, deadline=None)
@given(article_date=st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31)))
def test_weekday_resolution_properties(article_date: dt.date) -> None:
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        day = resolve_weekday(name, article_date)
        assert 0 <= (article_date - day).days <= 6
        assert day.strftime("%A") == name
        assert only(f"The city fell on {name}.", article_date).date == day


def test_every_fixed_phrase_is_found_whole() -> None:
    """The first-word gate and the phrase trie let every listed wording through, in any case."""
    from geo.dates import _PHRASES

    for phrase in _PHRASES:
        for wording in (phrase, phrase.upper(), phrase.capitalize()):
            e = only(f"It happened {wording}.")
            assert e.text == wording


def test_all_caps_headline() -> None:
    e = only("TALIBAN SEIZE KUNDUZ ON SUNDAY, AFGHAN OFFICIALS SAY")
    assert (e.text, e.date) == ("ON SUNDAY", D(2021, 8, 8))


# ----------------------------------------------------------------------------------------------
# Years counted from another event: "the following year", "a year later", "two years ago"
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("The Taliban held the city briefly in 2015 and stormed it again the following year.",
         2016),
        ("Kunduz fell in 2015; a year later the insurgents were back in its centre.", 2016),
        ("The city was lost in 1995 and, two years later, retaken.", 1997),
        ("The militants overran the town two years ago.", 2019),
        ("The city fell in 2016; a year earlier the Taliban had besieged it.", 2015),  # a leap year
        ("They retook it in 2017; two years earlier the insurgents had held it.", 2015),
    ],
)
def test_years_counted_from_a_year_named_before(text: str, year: int) -> None:
    article = D(2021, 8, 10)
    exprs = find_dates(text, article)
    last = pick_event_date(exprs, len(text) - 2, article)
    assert last.date.year == year
    assert last.precision is DatePrecision.YEAR


def test_a_year_after_an_event_of_this_year_names_no_day() -> None:
    article = D(2021, 8, 10)
    text = "The Taliban took Kunduz on Sunday and vowed to hold it the following year."
    when = pick_event_date(find_dates(text, article), text.index("hold"), article)
    assert when.date == article  # never after the article: no event date from it
