"""The command line: ``python -m geo extract|status|ingest PATH...``, ``geocode NAME...``,
``evaluate ARTICLES_DIR TRUTH_DIR``; ``claims``, ``review``, ``reviews``, ``reextract`` and
``status --db`` (geo.review_commands)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from geo.pipeline import spreadsheet_safe
from geo.review_commands import add_review_parsers, run_review_command

if TYPE_CHECKING:
    from geo.pipeline import Extractor

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2021-08-10"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the README's CLI section)."""
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Afghanistan conflict map: dated news text -> province control claims.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help="article date for files without a 'date YYYY-MM-DD' first line")
    common.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here instead of standard output")
    lexicon = argparse.ArgumentParser(add_help=False)
    lexicon.add_argument("--lexicon", type=Path, metavar="FILE",
                         help="read the text with this vocabulary instead of data/lexicon.toml "
                         "(a copy you extended; checked at start)")

    ex = sub.add_parser("extract", parents=[common, lexicon], help="one row per claim")
    ex.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                    help="article files (.txt, .html/.htm, .xml/.rss/.atom, .csv/.tsv, "
                    ".jsonl) or folders of them")
    ex.add_argument("--format", choices=("csv", "geojson", "json", "acled"), default="csv",
                    help="acled: one row per article, province and day in ACLED's columns")

    st = sub.add_parser("status", parents=[common, lexicon],
                        help="the 34 provinces as of a date")
    st.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                    help="article files or folders of them (or --db FILE)")
    st.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                    help="status on this date (default: the latest claim)")
    st.add_argument("--format", choices=("csv", "geojson"), default="csv")

    geo_ = sub.add_parser(
        "geocode",
        help="where is a place name, and in which province (offline gazetteer first)",
        description="Geocode place names with geopy: the offline gazetteer of the 34 provinces and "
        "capitals (every spelling), and, with --online-geocoder, OpenStreetMap Nominatim for "
        "other names (a district, a village). Each point is joined to the province polygons.",
    )
    geo_.add_argument("names", nargs="+", metavar="NAME", help='e.g. "Pol-e Khomri" "Imam Sahib"')
    geo_.add_argument("--online-geocoder", action="store_true",
                      help="also ask OpenStreetMap Nominatim (network, 1 request/s, "
                      "country_codes=af, cached in $AFMAP_CACHE_DIR) for names the gazetteer lacks")
    geo_.add_argument("--format", choices=("csv", "json"), default="csv")

    ev = sub.add_parser(
        "evaluate",
        parents=[lexicon],
        help="score the extractor against annotated truth files",
        description="Score the extractor on ARTICLES_DIR (article files) against TRUTH_DIR (one "
        "CSV per article, same file stem, columns place,kind,province,status,event_date,evidence): "
        "province-level place precision/recall/F1, status accuracy with a confusion matrix, "
        "event dates within a day, every miss on its own line, and, for August 2021 articles, "
        "the first day each province turns taliban against a table of falls.",
    )
    ev.add_argument("articles_dir", type=Path, metavar="ARTICLES_DIR")
    ev.add_argument("truth_dir", type=Path, metavar="TRUTH_DIR")
    ev.add_argument("--falls", type=Path, metavar="FILE",
                    help="reference table of falls (capital,province,fell_on,source_url); default "
                    "data/afg_2021_capital_falls.csv; 'none' to skip")
    ev.add_argument("--no-misses", action="store_true", help="only the scores, not every miss")
    ev.add_argument("--csv", type=Path, metavar="FILE",
                    help="also write every judgement (one row per truth row) to this CSV file")

    ag = sub.add_parser(
        "agreement",
        help="compare two annotators' truth files",
        description="Compare the truth files of SECOND_DIR with those of the same name in "
        "FIRST_DIR: places both annotated, status agreement and Cohen's kappa, dates within a day.",
    )
    ag.add_argument("first_dir", type=Path, metavar="FIRST_DIR")
    ag.add_argument("second_dir", type=Path, metavar="SECOND_DIR")

    _add_ingest_parser(sub)
    _add_import_acled_parser(sub)
    add_review_parsers(sub)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def _add_ingest_parser(sub: argparse._SubParsersAction) -> None:
    from geo.ingest import DEFAULT_BATCH_SIZE, ENGINES

    ing = sub.add_parser(
        "ingest",
        help="store many articles and their claims (parallel, resumable)",
        description="Read article files (.txt, saved web pages .html/.htm, RSS/Atom feeds "
        ".xml/.rss/.atom, tables .csv/.tsv with 'date' and 'text' columns, .jsonl with one JSON "
        "object per line) and folders of them, extract their claims in parallel and store both in "
        "the database. Articles already stored are skipped, so an interrupted run continues "
        "where it stopped when run again.",
    )
    ing.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help="article files of any input format, or folders of them")
    ing.add_argument("--db", type=Path, metavar="FILE",
                     help="the database file (default: $AFMAP_DB or .afmap/afmap.sqlite3)")
    ing.add_argument("--workers", type=_positive_int, metavar="N",
                     help="extraction processes or Dask workers (default: all cores)")
    ing.add_argument("--engine", choices=ENGINES, default="local",
                     help="local: processes on this machine; dask: a Dask cluster")
    ing.add_argument("--scheduler", metavar="ADDRESS",
                     help="a running Dask scheduler, e.g. tcp://host:8786 (with --engine dask; "
                     "default: start a local cluster)")
    ing.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                     help="article date for inputs without one")
    ing.add_argument("--batch-size", type=_positive_int, default=DEFAULT_BATCH_SIZE, metavar="N",
                     help=f"articles per database transaction (default {DEFAULT_BATCH_SIZE})")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def _add_import_acled_parser(sub: argparse._SubParsersAction) -> None:
    acled = sub.add_parser(
        "import-acled",
        help="store the events of an ACLED export as claims beside the text claims",
        description="Read an ACLED export (CSV with ACLED's columns: event_id_cnty, event_date, "
        "event_type, sub_event_type, actor1, actor2, admin1, location, latitude, longitude, "
        "source, notes, ...) and store each row as an article (source acled:FILE) with one "
        "claim: 'Non-state actor overtakes territory' by the Taliban -> taliban, 'Government "
        "regains territory' -> government, 'Armed clash' -> contested, others -> reported; "
        "admin1 -> province. Rows already stored are skipped.",
    )
    acled.add_argument("files", nargs="+", type=Path, metavar="FILE.csv")
    acled.add_argument("--db", type=Path, metavar="FILE",
                       help="the database file (default: $AFMAP_DB or .afmap/afmap.sqlite3)")


def _import_acled(args: argparse.Namespace) -> int:
    """``import-acled FILE.csv... --db FILE``: one ``error:`` line per bad row; the rest stored."""
    from geo import settings
    from geo.acled import import_acled, iter_acled
    from geo.errors import StoreError
    from geo.pipeline import default_extractor
    from geo.store import Store

    db = args.db or settings.Paths.from_env().db_path
    try:
        store = Store(db)
    except StoreError as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    gazetteer = default_extractor().gazetteer
    failed = False
    with store:
        for file in args.files:
            if not file.is_file():
                print(printable(f"error: {file}: no such file; check the path"), file=sys.stderr)
                failed = True
                continue
            try:
                report = import_acled(
                    iter_acled(file, source=str(file), gazetteer=gazetteer),
                    store,
                    on_error=lambda m: print(printable(f"error: {m}"), file=sys.stderr),
                    on_warning=lambda m: print(printable(f"warning: {m}"), file=sys.stderr),
                )
            except StoreError as exc:
                print(printable(f"error: {exc}; run the same command again to continue"),
                      file=sys.stderr)
                return EXIT_INPUT
            print(printable(f"import-acled: {file}: {report.summary()}"))
            failed = failed or report.n_failed > 0
    return EXIT_INPUT if failed else EXIT_OK


def _ingest(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tqdm import tqdm

    from geo import settings
    from geo.errors import StoreError
    from geo.ingest import IngestError, IngestInterrupted, ingest
    from geo.store import Store

    if args.scheduler is not None and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")

    def say(message: str) -> None:
        tqdm.write(message, file=sys.stderr)

    db = args.db or settings.Paths.from_env().db_path
    try:
        store = Store(db)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with store:
        try:
            report = ingest(
                args.paths,
                store,
                workers=args.workers,
                engine=args.engine,
                scheduler=args.scheduler,
                batch_size=args.batch_size,
                progress=False if args.no_progress else None,
                default_date=args.date,
                on_error=lambda m: say(f"error: {m}"),
                on_warning=lambda m: say(f"warning: {m}"),
            )
        except ConnectionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except IngestInterrupted as exc:
            print(f"ingest interrupted: {exc.report.summary()}; run the same command again to "
                  "continue", file=sys.stderr)
            return EXIT_INTERRUPTED
        except StoreError as exc:
            print(f"error: {exc}; run the same command again to continue", file=sys.stderr)
            return EXIT_INPUT
        except IngestError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INPUT
    print(f"ingest: {report.summary()}")
    return EXIT_OK if report.ok else EXIT_INPUT


def _geocoder(*, online: bool):  # a geopy-style callable
    from geo import settings
    from geo.geocoding import make_geocoder
    from geo.pipeline import default_extractor, province_points

    gazetteer = default_extractor().gazetteer
    return make_geocoder(
        gazetteer,
        province_points(gazetteer),
        online=online,
        cache_dir=settings.Paths.from_env().cache_dir,
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\n")


def printable(message: str) -> str:
    """One line for the terminal: control characters and new lines in file names or text shown
    escaped, so a file called ``x\\nerror: y`` cannot forge a second message.

    Examples
    --------
    >>> printable("bad\\nerror: fake.txt\\x1b[31m")
    'bad\\\\nerror: fake.txt\\\\x1b[31m'
    """
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 some input failed, 2 bad arguments)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from geo.errors import DataFileError

    try:
        args.extractor = _extractor(args)
    except DataFileError as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    if (code := run_review_command(args, parser)) is not None:
        return code
    if args.command == "ingest":
        return _ingest(args, parser)
    if args.command == "geocode":
        return _geocode(args)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "agreement":
        from geo.evaluation import agreement, agreement_report

        for folder in (args.first_dir, args.second_dir):
            if not folder.is_dir():
                print(printable(f"error: {folder}: not a folder"), file=sys.stderr)
                return EXIT_USAGE

        result = agreement(args.first_dir, args.second_dir)
        for problem in result.problems:
            print(printable(f"error: {problem}"), file=sys.stderr)
        sys.stdout.write(agreement_report(result))
        return EXIT_INPUT if result.problems else EXIT_OK
    if args.command == "import-acled":
        return _import_acled(args)
    from geo.pipeline import default_extractor, extract_claims, read_inputs

    articles, failures, warnings = read_inputs(args.paths, default_date=args.date)
    for message in warnings:
        print(f"warning: {printable(message)}", file=sys.stderr)
    for f in failures:
        print(f"error: {printable(f.error or '')}", file=sys.stderr)
    failed = bool(failures)
    extractor = args.extractor or default_extractor()
    claims = []
    for article in articles:
        try:
            claims.extend(extract_claims(article, extractor))
        except Exception as exc:  # one bad article never stops the batch
            failed = True
            print(printable(f"error: {article.source}: extraction failed "
                            f"({type(exc).__name__}: {exc})"), file=sys.stderr)
    if args.command == "extract" and args.format == "acled":
        out = _acled_output(claims, articles)
    elif args.command == "extract":
        out = _extract_output(claims, args.format, _geocoder(online=False), articles)
    else:
        out = _status_output(claims, args.as_of, args.format)
    if args.output:
        try:
            args.output.write_text(out, encoding="utf-8")
        except OSError as exc:
            print(printable(f"error: {args.output}: cannot write the output "
                            f"({exc.strerror or exc}); choose another file with -o"),
                  file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(out)
    return EXIT_INPUT if failed else EXIT_OK


def _extractor(args: argparse.Namespace) -> Extractor | None:
    """The extractor with ``--lexicon FILE``'s vocabulary; None without the option. A bad file
    raises DataFileError, which names it and the entry (exit 1)."""
    if getattr(args, "lexicon", None) is None:
        return None
    from geo.lexicon import load_lexicon
    from geo.pipeline import Extractor

    return Extractor.build(lexicon=load_lexicon(args.lexicon))


def _evaluate(args: argparse.Namespace) -> int:
    """``evaluate ARTICLES_DIR TRUTH_DIR``: the report on stdout; exit 1 if an input failed."""
    from geo import settings
    from geo.evaluation import evaluate, judgements_csv, report

    for folder in (args.articles_dir, args.truth_dir):
        if not folder.is_dir():
            print(printable(f"error: {folder}: not a folder"), file=sys.stderr)
            return EXIT_USAGE
    falls = args.falls
    if falls is None:
        falls = settings.FALLS_2021_CSV
    elif str(falls).lower() == "none":
        falls = None
    result = evaluate(args.articles_dir, args.truth_dir, falls_csv=falls, extractor=args.extractor)
    for problem in result.problems:
        print(printable(f"error: {problem}"), file=sys.stderr)
    sys.stdout.write(report(result, misses=not args.no_misses))
    if args.csv is not None:
        try:
            args.csv.write_text(judgements_csv(result.overall.judgements), encoding="utf-8")
        except OSError as exc:
            print(printable(f"error: {args.csv}: cannot write ({exc.strerror or exc})"),
                  file=sys.stderr)
            return EXIT_USAGE
    return EXIT_INPUT if result.problems else EXIT_OK


def _geocode(args: argparse.Namespace) -> int:
    """``geocode NAME...``: one row per name; exit 1 if any name was not found."""
    import pandas as pd

    from geo.boundaries import join_points, load_provinces

    geocode = _geocoder(online=args.online_geocoder)
    rows = []
    for name in args.names:
        try:
            location = geocode(name)
        except Exception as exc:  # a network error for one name never stops the others
            print(printable(f"error: {name}: geocoding failed ({type(exc).__name__}: {exc})"),
                  file=sys.stderr)
            location = None
        raw = getattr(location, "raw", None) or {}
        rows.append({
            "query": name,
            "found": location is not None,
            "address": getattr(location, "address", ""),
            "kind": raw.get("kind", ""),
            "source": raw.get("source", "nominatim" if location is not None else ""),
            "lat": getattr(location, "latitude", float("nan")),
            "lon": getattr(location, "longitude", float("nan")),
        })
    table = join_points(pd.DataFrame(rows), load_provinces())
    table = table.drop(columns=["geometry"], errors="ignore").rename(
        columns={"join_province": "province", "join_iso": "iso_3166_2"}
    )
    if args.format == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(spreadsheet_safe(table).to_csv(index=False))
    missing = [r["query"] for r in rows if not r["found"]]
    for name in missing:
        hint = "" if args.online_geocoder else " (try --online-geocoder)"
        print(printable(f"error: {name}: not found{hint}"), file=sys.stderr)
    return EXIT_INPUT if missing else EXIT_OK


def _extract_output(claims, fmt: str, geocoder, articles=()) -> str:
    from geo.boundaries import load_provinces
    from geo.pipeline import geocode_and_join, with_article_columns

    table = with_article_columns(
        geocode_and_join(claims, load_provinces(), geocoder=geocoder), articles
    )
    if fmt == "geojson":
        return table.to_json(na="null", show_bbox=False, drop_id=True)
    frame = table.drop(columns=["geometry"], errors="ignore")
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records"))
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    buf = io.StringIO()
    spreadsheet_safe(frame).to_csv(buf, index=False)
    return buf.getvalue()


def _acled_output(claims, articles) -> str:
    """Claims in ACLED's columns: one row per article, province and event day."""
    from geo.acled import acled_rows, write_acled_csv

    order = {a.id: i for i, a in enumerate(articles)}
    grouped = sorted(
        claims, key=lambda c: (order.get(c.article_id, 0), c.province, c.event_date, c.start)
    )
    buf = io.StringIO()
    write_acled_csv(acled_rows(grouped, outlets={a.id: a.outlet for a in articles}), buf)
    return buf.getvalue()


def _status_output(claims, as_of: dt.date | None, fmt: str) -> str:
    from geo.pipeline import status_frame, status_geoframe, status_rows

    rows = status_rows(claims, as_of)
    if fmt == "geojson":
        from geo.boundaries import load_provinces

        return status_geoframe(rows, load_provinces(simplified=True)).to_json(
            na="null", show_bbox=False, drop_id=True
        )
    buf = io.StringIO()
    spreadsheet_safe(status_frame(rows)).to_csv(buf, index=False)
    return buf.getvalue()


if __name__ == "__main__":
    sys.exit(main())
