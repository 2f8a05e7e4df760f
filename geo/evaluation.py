"""Score the extractor against hand-annotated truth files: places, statuses, dates, an archive."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.gazetteer import Gazetteer
from geo.pipeline import Extractor, default_extractor, extract_claims, read_inputs
from geo.text import spreadsheet_cell
from geo.timeline import PlaceState, place_states, province_status
from geo.types import Article, Claim, ControlStatus, PlaceKind

TRUTH_COLUMNS = ("place", "kind", "province", "status", "event_date", "evidence")
"""The header of a truth file (one row per capital or province an article names)."""

ANNOTATED = ("taliban", "contested", "government", "reported")
PREDICTED = (*ANNOTATED, "missing")

DATE_TOLERANCE_DAYS = 1
"""An event date counts as right within this many days of the annotated one."""

PERIODS: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("2001", dt.date(1996, 1, 1), dt.date(2002, 12, 31)),
    ("2003-2014", dt.date(2003, 1, 1), dt.date(2014, 12, 31)),
    ("2015-2016", dt.date(2015, 1, 1), dt.date(2016, 12, 31)),
    ("2017-2019", dt.date(2017, 1, 1), dt.date(2019, 12, 31)),
    ("2020-Jul 2021", dt.date(2020, 1, 1), dt.date(2021, 7, 31)),
    ("Aug 2021", dt.date(2021, 8, 1), dt.date(2021, 8, 31)),
    ("Sep-Dec 2021", dt.date(2021, 9, 1), dt.date(2021, 12, 31)),
    ("2022+", dt.date(2022, 1, 1), dt.date.max),
)
"""The periods scores are broken down by, from the article date."""


def period_of(day: dt.date) -> str:
    """The period an article date falls in.

    Examples
    --------
    >>> import datetime as dt
    >>> period_of(dt.date(2001, 11, 13)), period_of(dt.date(2021, 8, 10))
    ('2001', 'Aug 2021')
    """
    for name, first, last in PERIODS:
        if first <= day <= last:
            return name
    return "before 1996"


@dataclass(frozen=True, slots=True)
class TruthRow:
    """One annotated place of one article."""

    place: str
    kind: PlaceKind
    province: str
    status: str
    event_date: dt.date | None
    evidence: str
    line: int


def read_truth(path: Path, gazetteer: Gazetteer) -> tuple[list[TruthRow], list[str]]:
    """The rows of one truth file and the problems found (each naming the file and line).

    A bad row is left out with a message; the other rows load. Place names may be any spelling
    the gazetteer knows; they are stored under their canonical name.

    Raises
    ------
    ValueError
        The file cannot be read or has not the header :data:`TRUTH_COLUMNS`.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the truth file ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in TRUTH_COLUMNS if c not in header]
    if missing:
        raise ValueError(
            f"{path}: the header lacks {missing}; a truth file starts with "
            f"'{','.join(TRUTH_COLUMNS)}'"
        )
    reader.fieldnames = header
    rows: list[TruthRow] = []
    problems: list[str] = []
    for raw in reader:
        line = reader.line_num  # the file's line where the row ends (a cell may span lines)
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        where = f"{path}:{line}"
        kind_word, status = values["kind"].lower(), values["status"].lower()
        if kind_word not in ("capital", "province"):
            problems.append(f"{where}: kind {values['kind']!r} is not 'capital' or 'province'")
            continue
        if status not in ANNOTATED:
            problems.append(f"{where}: status {values['status']!r} is not one of {ANNOTATED}")
            continue
        entry = gazetteer.lookup(values["place"])
        kind = PlaceKind(kind_word)
        place = None
        if entry is not None:
            place = entry.capital if kind is PlaceKind.CAPITAL else entry.province
        if place is None:
            problems.append(
                f"{where}: {values['place']!r} is not the name of a provincial {kind_word}"
            )
            continue
        day: dt.date | None = None
        if values["event_date"]:
            try:
                day = dt.date.fromisoformat(values["event_date"])
            except ValueError:
                problems.append(
                    f"{where}: event_date {values['event_date']!r} is not YYYY-MM-DD; the row's "
                    "date is not scored"
                )
        if values["province"] and gazetteer.lookup(values["province"]) is not None and (
            gazetteer.province(values["province"]).province != place.province
        ):
            problems.append(
                f"{where}: {place.name} lies in {place.province}, not {values['province']}"
            )
        rows.append(
            TruthRow(place.name, kind, place.province, status, day, values["evidence"], line)
        )
    return rows, problems


@dataclass(frozen=True, slots=True)
class Judgement:
    """One truth row against what the extractor read in the same article."""

    article: Article
    stem: str
    truth: TruthRow
    got: PlaceState | None

    @property
    def got_status(self) -> str:
        return "missing" if self.got is None else self.got.status.value

    @property
    def status_ok(self) -> bool:
        return self.got_status == self.truth.status

    @property
    def date_scored(self) -> bool:
        """Dates are scored for annotated control statuses with a date, where the place was
        found."""
        return (
            self.truth.status != "reported" and self.truth.event_date is not None
            and self.got is not None
        )

    @property
    def date_ok(self) -> bool:
        if not self.date_scored or self.got is None or self.truth.event_date is None:
            return False
        return abs((self.got.event_date - self.truth.event_date).days) <= DATE_TOLERANCE_DAYS


@dataclass(frozen=True, slots=True)
class Fall:
    """One capital of the reference table against the archive's first ``taliban`` day."""

    capital: str
    province: str
    record: dt.date | None
    first_taliban: dt.date | None
    source_url: str

    @property
    def ok(self) -> bool:
        if self.record is None or self.first_taliban is None:
            return self.record is None and self.first_taliban is None
        return abs((self.first_taliban - self.record).days) <= DATE_TOLERANCE_DAYS


@dataclass
class Score:
    """Counts for a set of articles."""

    articles: int = 0
    place_tp: int = 0
    place_fp: int = 0
    place_fn: int = 0
    judgements: list[Judgement] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _ratio(self.place_tp, self.place_tp + self.place_fp)

    @property
    def recall(self) -> float:
        return _ratio(self.place_tp, self.place_tp + self.place_fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_right(self) -> tuple[int, int]:
        return sum(j.status_ok for j in self.judgements), len(self.judgements)

    @property
    def dates_right(self) -> tuple[int, int]:
        scored = [j for j in self.judgements if j.date_scored]
        return sum(j.date_ok for j in scored), len(scored)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


@dataclass
class Evaluation:
    """The result of :func:`evaluate`."""

    overall: Score
    by_period: dict[str, Score]
    problems: list[str]
    falls: list[Fall]
    archive_articles: int
    confusion: Counter[tuple[str, str]]
    extra_places: list[tuple[str, str, str]]
    """``(stem, province, surface)`` of provinces the extractor named that no truth row has."""

    @property
    def falls_ok(self) -> tuple[int, int]:
        """Falls by 16 Aug 2021 dated within a day, of the falls by then in the record."""
        due = [f for f in self.falls if f.record is not None and f.record <= dt.date(2021, 8, 16)]
        return sum(f.ok for f in due), len(due)


def evaluate(
    articles_dir: Path,
    truth_dir: Path,
    *,
    falls_csv: Path | None = None,
    extractor: Extractor | None = None,
) -> Evaluation:
    """Score the extractor on every article of ``articles_dir`` with a truth file of the same
    stem in ``truth_dir``.

    - places: province-level precision, recall and F1 (the provinces the article's claims name
      against those of its truth rows);
    - status: for each truth row, the extractor's latest state of that place and kind
      (:func:`geo.timeline.place_states`), with a confusion matrix;
    - dates: within :data:`DATE_TOLERANCE_DAYS` for annotated control statuses;
    - with ``falls_csv`` (a table ``capital, province, fell_on, source_url``): the August 2021
      articles read as one archive, the first day each province turns ``taliban``.

    Articles or truth files that cannot be read are listed in ``problems``; the others are
    scored.
    """
    ex = extractor or default_extractor()
    problems: list[str] = []
    truths: dict[str, Path] = {p.stem: p for p in sorted(truth_dir.glob("*.csv"))}
    inputs = [articles_dir]
    if articles_dir.resolve() == truth_dir.resolve():  # one folder (reviews --export): its
        # CSV files are the truth, the other files the articles
        inputs = [p for p in sorted(articles_dir.iterdir()) if p.suffix.lower() != ".csv"]
    articles, failures, warnings = read_inputs(inputs)
    problems.extend(f.error or "" for f in failures)
    problems.extend(warnings)
    overall = Score()
    by_period: dict[str, Score] = {name: Score() for name, _, _ in PERIODS}
    confusion: Counter[tuple[str, str]] = Counter()
    extra: list[tuple[str, str, str]] = []
    archive: list[Claim] = []
    archive_articles = 0
    seen: set[str] = set()
    for article in articles:
        stem = Path(article.source).stem
        truth_path = truths.get(stem)
        if truth_path is None:
            problems.append(f"{article.source}: no truth file {stem}.csv in {truth_dir}")
            continue
        seen.add(stem)
        try:
            rows, row_problems = read_truth(truth_path, ex.gazetteer)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        problems.extend(row_problems)
        claims = extract_claims(article, ex)
        if dt.date(2021, 8, 1) <= article.date <= dt.date(2021, 8, 31):
            archive.extend(claims)
            archive_articles += 1
        states = {(s.place, s.kind): s for s in place_states(claims)}
        truth_provinces = {r.province for r in rows}
        got_provinces = {c.province for c in claims}
        period = by_period.setdefault(period_of(article.date), Score())
        for score in (overall, period):
            score.articles += 1
            score.place_tp += len(truth_provinces & got_provinces)
            score.place_fp += len(got_provinces - truth_provinces)
            score.place_fn += len(truth_provinces - got_provinces)
        for province in sorted(got_provinces - truth_provinces):
            surface = next(c.surface for c in claims if c.province == province)
            extra.append((stem, province, surface))
        for row in rows:
            judgement = Judgement(article, stem, row, states.get((row.place, row.kind)))
            overall.judgements.append(judgement)
            period.judgements.append(judgement)
            confusion[(row.status, judgement.got_status)] += 1
    for stem in sorted(set(truths) - seen):
        problems.append(f"{truths[stem]}: no article {stem} in {articles_dir}")
    falls = _falls(archive, falls_csv, ex, problems) if falls_csv is not None else []
    return Evaluation(
        overall,
        {k: v for k, v in by_period.items() if v.articles},
        problems,
        falls,
        archive_articles,
        confusion,
        extra,
    )


def read_falls(path: Path) -> list[tuple[str, str, dt.date | None, str]]:
    """``(capital, province, fell_on, source_url)`` rows of a reference table of falls.

    Raises
    ------
    ValueError
        The file cannot be read, lacks a column, or holds a bad date.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(f"{path}: cannot read the table of falls ({exc})") from None
    out = []
    for line, r in enumerate(rows, start=2):
        try:
            fell = dt.date.fromisoformat(r["fell_on"]) if (r["fell_on"] or "").strip() else None
            out.append((r["capital"], r["province"], fell, r.get("source_url") or ""))
        except (KeyError, ValueError) as exc:
            raise ValueError(
                f"{path}:{line}: needs columns capital, province, fell_on (YYYY-MM-DD) ({exc})"
            ) from None
    return out


def _falls(
    claims: Sequence[Claim], falls_csv: Path, ex: Extractor, problems: list[str]
) -> list[Fall]:
    """The first day in August 2021 each province is ``taliban`` on the map of these claims."""
    try:
        record = read_falls(falls_csv)
    except ValueError as exc:
        problems.append(str(exc))
        return []
    provinces = ex.provinces()
    first: dict[str, dt.date] = {}
    day = dt.date(2021, 8, 1)
    while day <= dt.date(2021, 8, 31):
        for row in province_status(claims, provinces, day):
            if row.status is ControlStatus.TALIBAN:
                first.setdefault(row.province, day)
        day += dt.timedelta(days=1)
    return [
        Fall(capital, province, fell, first.get(province), url)
        for capital, province, fell, url in record
    ]


# --------------------------------------------------------------------------- the report


def report(result: Evaluation, *, misses: bool = True) -> str:
    """The evaluation as text: misses, confusion matrix, periods, the archive, then the summary
    in the last three lines (status and dates by period, then everything)."""
    out: list[str] = []
    if result.problems:
        out.append(f"problems ({len(result.problems)}):")
        out.extend(f"  {p}" for p in result.problems)
    wrong = [j for j in result.overall.judgements if not j.status_ok]
    late = [j for j in result.overall.judgements if j.status_ok and j.date_scored and not j.date_ok]
    if misses:
        out.append(f"status misses ({len(wrong)}):")
        out.extend(f"  {_miss_line(j)}" for j in wrong)
        out.append(f"date misses with the status right ({len(late)}):")
        out.extend(f"  {_miss_line(j)}" for j in late)
        extra = result.extra_places
        out.append(f"provinces named by the extractor but not annotated ({len(extra)}):")
        out.extend(f"  {stem}: {province} ({surface!r})" for stem, province, surface in extra)
    out.append("")
    out.append("status confusion (rows: annotated; columns: extractor):")
    out.append("  " + f"{'':<12}" + "".join(f"{c:>11}" for c in PREDICTED))
    for t in ANNOTATED:
        out.append(
            "  " + f"{t:<12}" + "".join(f"{result.confusion[(t, g)]:>11}" for g in PREDICTED)
        )
    out.append("")
    out.append(f"  {'period':<14}{'articles':>9}{'place F1':>10}{'status':>18}{'dates ±1 day':>18}")
    for name, score in [*result.by_period.items(), ("all", result.overall)]:
        out.append(
            f"  {name:<14}{score.articles:>9}{score.f1:>10.3f}"
            f"{_fraction(*score.status_right):>18}{_fraction(*score.dates_right):>18}"
        )
    if result.falls:
        ok, due = result.falls_ok
        out.append("")
        out.append(
            f"August 2021 archive ({result.archive_articles} articles read together): first day "
            "each province is taliban, against the record"
        )
        for f in result.falls:
            got = f.first_taliban.isoformat() if f.first_taliban else "never"
            rec = f.record.isoformat() if f.record else "—"
            mark = "ok" if f.ok else "MISS"
            out.append(f"  {mark:<5}{f.capital} ({f.province}): record {rec}, map {got}")
    out.append("")
    out.append("status by period: " + " · ".join(
        f"{name} {_ratio(*s.status_right):.2f}" for name, s in result.by_period.items()
    ))
    out.append("dates by period: " + " · ".join(
        f"{name} {_ratio(*s.dates_right):.2f}" for name, s in result.by_period.items()
    ))
    o = result.overall
    tail = ""
    if result.falls:
        ok, due = result.falls_ok
        tail = f" · Aug 2021 archive: {ok} of {due} falls by 16 Aug dated within a day"
    out.append(
        f"overall: {o.articles} articles · place F1 {o.f1:.3f} (P {o.precision:.3f}, "
        f"R {o.recall:.3f}) · status {_fraction(*o.status_right)} · dates ±1 day "
        f"{_fraction(*o.dates_right)}{tail}"
    )
    return "\n".join(out) + "\n"


def _fraction(right: int, total: int) -> str:
    return f"{_ratio(right, total):.3f} ({right}/{total})"


def _miss_line(j: Judgement) -> str:
    t = j.truth
    want = f"{t.status} {t.event_date or ''}".strip()
    if j.got is None:
        got = "missing"
    else:
        c = j.got.claim
        got = (
            f"{j.got.status.value} {j.got.event_date} [{c.event_type.value}; actor "
            f"{c.actor.value}; cue {c.cues!r}] «{_cut(c.evidence)}»"
        )
    return f"{j.stem}:{t.line}: {t.place} ({t.kind.value}): want {want}; got {got}"


def _cut(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def judgements_csv(judgements: Iterable[Judgement]) -> str:
    """Every judgement as CSV (for a spreadsheet): article, place, annotated and read values."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["article", "line", "place", "kind", "want_status", "want_date", "got_status",
                     "got_date", "status_ok", "date_ok", "evidence"])
    for j in judgements:
        writer.writerow([
            spreadsheet_cell(v) for v in (
                j.stem, j.truth.line, j.truth.place, j.truth.kind.value, j.truth.status,
                j.truth.event_date or "", j.got_status, j.got.event_date if j.got else "",
                j.status_ok, j.date_ok if j.date_scored else "",
                j.got.claim.evidence if j.got else "",
            )
        ])
    return buf.getvalue()



@dataclass
class Agreement:
    """Two annotators' truth files for the same articles, compared."""

    files: int = 0
    rows_a: int = 0
    rows_b: int = 0
    both: int = 0
    status_same: int = 0
    dates_scored: int = 0
    dates_same: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    differences: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def kappa(self) -> float:
        """Cohen's kappa of the status on the rows both annotated."""
        n = sum(self.pairs.values())
        if not n:
            return 0.0
        observed = sum(v for (a, b), v in self.pairs.items() if a == b) / n
        left = Counter[str]()
        right = Counter[str]()
        for (a, b), v in self.pairs.items():
            left[a] += v
            right[b] += v
        expected = sum(left[s] * right[s] for s in ANNOTATED) / (n * n)
        return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(dir_a: Path, dir_b: Path, gazetteer: Gazetteer | None = None) -> Agreement:
    """Compare the truth files of ``dir_b`` with those of the same stem in ``dir_a``: which places
    both annotated, and on those, the status (agreement and Cohen's kappa) and the event date
    (within :data:`DATE_TOLERANCE_DAYS`, where both give a control status and a date)."""
    g = gazetteer or default_extractor().gazetteer
    result = Agreement()
    for path_b in sorted(dir_b.glob("*.csv")):
        path_a = dir_a / path_b.name
        if not path_a.exists():
            result.problems.append(f"{path_b}: no {path_a.name} in {dir_a}")
            continue
        try:
            rows_a, pa = read_truth(path_a, g)
            rows_b, pb = read_truth(path_b, g)
        except ValueError as exc:
            result.problems.append(str(exc))
            continue
        result.problems.extend(pa + pb)
        result.files += 1
        result.rows_a += len(rows_a)
        result.rows_b += len(rows_b)
        a = {(r.place, r.kind): r for r in rows_a}
        b = {(r.place, r.kind): r for r in rows_b}
        for key in sorted(a.keys() | b.keys()):
            x, y = a.get(key), b.get(key)
            name = f"{path_b.stem}: {key[0]} ({key[1].value})"
            if x is None or y is None:
                result.differences.append(f"{name}: only {'second' if x is None else 'first'}")
                continue
            result.both += 1
            result.pairs[(x.status, y.status)] += 1
            if x.status == y.status:
                result.status_same += 1
            else:
                result.differences.append(f"{name}: {x.status} / {y.status}")
            if x.status != "reported" and y.status != "reported" and x.event_date and y.event_date:
                result.dates_scored += 1
                close = abs((x.event_date - y.event_date).days) <= DATE_TOLERANCE_DAYS
                result.dates_same += close
                if not close:
                    result.differences.append(f"{name}: {x.event_date} / {y.event_date}")
    return result


def agreement_report(result: Agreement) -> str:
    """The comparison as text, the summary in the last line."""
    out = [f"differences ({len(result.differences)}):"]
    out.extend(f"  {d}" for d in result.differences)
    union = result.rows_a + result.rows_b - result.both
    out.append(
        f"agreement: {result.files} articles · places annotated by both {result.both} of {union} "
        f"({_ratio(result.both, union):.2f}) · status {_fraction(result.status_same, result.both)}"
        f", Cohen's kappa {result.kappa:.2f} · dates ±1 day "
        f"{_fraction(result.dates_same, result.dates_scored)}"
    )
    return "\n".join(out) + "\n"
