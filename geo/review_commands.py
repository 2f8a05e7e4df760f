"""The command line's review commands: ``claims``, ``review``, ``reviews``, ``reextract`` and
``status --db`` (``python -m geo`` wires them in)."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

from geo.errors import ReviewError, StoreError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("claims", "review", "reviews", "reextract")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\n")


def _printable(message: str) -> str:
    """One line for the terminal (as ``geo.__main__.printable``): control characters and new
    lines in names, notes or quotes shown escaped."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)


def _say(message: str) -> None:
    print(_printable(message), file=sys.stderr)


def _db_arg(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    p.add_argument("--db", type=Path, metavar="FILE", required=required,
                   help="the database file (default: $AFMAP_DB or .afmap/afmap.sqlite3)")


def add_review_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``claims``, ``review``, ``reviews``, ``reextract``, and ``--db`` to ``status``."""
    from geo.review import REVIEW_FILTERS, REVIEWABLE_STATUSES

    statuses = ", ".join(s.value for s in REVIEWABLE_STATUSES)
    cl = sub.add_parser(
        "claims",
        help="stored claims with their ids and review state",
        description="List the claims stored in the database, with the id to review each by, "
        "its review state and the reviewed values (what the map uses).",
    )
    _db_arg(cl)
    cl.add_argument("--province", metavar="P", help="only this province (any spelling)")
    cl.add_argument("--status", metavar="S", help=f"only this status ({statuses})")
    cl.add_argument("--review", choices=REVIEW_FILTERS, default="all",
                    help="only claims in this review state (default: all)")
    cl.add_argument("--article", metavar="ID", help="only the claims of this article")
    cl.add_argument("--format", choices=("csv", "json"), default="csv")
    cl.add_argument("-o", "--output", type=Path, metavar="FILE",
                    help="write here instead of standard output")

    rv = sub.add_parser(
        "review",
        help="confirm, reject or correct a stored claim (or undo its latest review)",
        description="Review one claim: the review is added to the audit trail (nothing is ever "
        "edited or deleted) and the map, counts and exports use the reviewed values. Corrections "
        "(--status, --event-date, --place) may be combined.",
    )
    rv.add_argument("claim_id", metavar="CLAIM_ID",
                    help="the claim's id (`python -m geo claims`), or its first characters")
    what = rv.add_mutually_exclusive_group()
    what.add_argument("--confirm", action="store_true", help="the claim is right as it reads")
    what.add_argument("--reject", action="store_true",
                      help="the claim is wrong: hide it from the map (it stays listed)")
    what.add_argument("--undo", action="store_true",
                      help="take back the claim's latest review still in force")
    rv.add_argument("--status", metavar="S", help=f"correct the status ({statuses})")
    rv.add_argument("--event-date", metavar="YYYY-MM-DD", help="correct the event date")
    rv.add_argument("--place", metavar="NAME",
                    help="correct the place: a capital or a province ('Kunduz province')")
    rv.add_argument("--by", required=True, metavar="NAME", help="who reviews")
    rv.add_argument("--note", default="", metavar="TEXT", help="why (kept in the audit trail)")
    _db_arg(rv)

    rs = sub.add_parser(
        "reviews",
        help="the audit trail of reviews; --export writes them as evaluation truth files",
        description="Print every review (when, who, what, the values before and after, the "
        "note), oldest first. --export DIR writes each reviewed article and its truth file "
        "(place,kind,province,status,event_date,evidence) into DIR, to score the extractor "
        "with `python -m geo evaluate DIR DIR`.",
    )
    _db_arg(rs)
    rs.add_argument("--claim", metavar="CLAIM_ID", help="only the history of this claim")
    rs.add_argument("--orphans", action="store_true",
                    help="only reviews whose claim a re-extraction no longer finds")
    rs.add_argument("--format", choices=("csv", "json"), default="csv")
    rs.add_argument("--export", type=Path, metavar="DIR",
                    help="write the reviewed articles and their truth files into this new or "
                    "empty folder instead")

    rx = sub.add_parser(
        "reextract",
        help="read every stored article again with the current extractor, keeping reviews",
        description="Re-extract the claims of every stored article with the current extractor; "
        "each review moves to the claim of the same article, place and mention. Reviews that no "
        "longer match a claim are listed (and kept).",
    )
    _db_arg(rx)
    rx.add_argument("--workers", type=int, default=1, metavar="N",
                    help="extraction processes (default 1)")
    rx.add_argument("--batch-size", type=int, default=200, metavar="N",
                    help="articles per database transaction (default 200)")

    _db_arg(sub.choices["status"])  # status --db FILE: the map as stored, instead of PATH...


def run_review_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int | None:
    """Run a review command, or ``status --db``; None for the other commands."""
    if args.command == "status":
        if args.db is not None:
            if args.paths:
                parser.error("status takes PATH... or --db FILE, not both")
            return _status(args)
        if not args.paths:
            parser.error("status needs article files (PATH...) or a database (--db FILE)")
        return None
    if args.command not in COMMANDS:
        return None
    return {"claims": _claims, "review": _review, "reviews": _reviews,
            "reextract": _reextract}[args.command](args, parser)


def _open(args: argparse.Namespace) -> Any:
    """The store named by --db (default $AFMAP_DB); None, with a message, if it does not exist
    or is not an afmap database."""
    from geo import settings
    from geo.store import Store

    db = args.db or settings.Paths.from_env().db_path
    if not Path(db).is_file():
        _say(f"error: {db}: no such database; add articles first (python -m geo ingest PATH "
             "--db FILE) or give another --db")
        return None
    try:
        return Store(db)
    except StoreError as exc:
        _say(f"error: {exc}")
        return None


def _write(text: str, output: Path | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _say(f"error: {output}: cannot write the output ({exc.strerror or exc}); choose another "
             "file with -o")
        return EXIT_USAGE
    return EXIT_OK


def _claims(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from geo.analyst import records_frame
    from geo.pipeline import default_extractor, spreadsheet_safe
    from geo.review import parse_status

    provinces = statuses = None
    try:
        if args.status is not None:
            statuses = [parse_status(args.status)]
        if args.province is not None:
            try:
                provinces = [default_extractor().gazetteer.province(args.province).province]
            except KeyError as exc:
                raise ReviewError(str(exc.args[0])) from None
    except ReviewError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    store = _open(args)
    if store is None:
        return EXIT_USAGE
    with store:
        records = store.claim_records(
            provinces=provinces,
            statuses=statuses,
            article_ids=[args.article] if args.article else None,
            review=args.review,
            order="event_date DESC, article_date DESC",
        )
    frame = records_frame(records)
    if args.format == "json":
        text = json.dumps(json.loads(frame.to_json(orient="records")), ensure_ascii=False,
                          indent=1) + "\n"
    else:
        buf = io.StringIO()
        spreadsheet_safe(frame).to_csv(buf, index=False)
        text = buf.getvalue()
    return _write(text, args.output)


def _review(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from geo.analyst import resolve_place
    from geo.pipeline import default_extractor
    from geo.review import (
        Action,
        Change,
        check_note,
        check_reviewer,
        parse_claim_id,
        parse_event_date,
        parse_status,
    )

    correcting = any(v is not None for v in (args.status, args.event_date, args.place))
    chosen = [args.confirm, args.reject, args.undo, correcting]
    if sum(chosen) != 1:
        parser.error(
            "say what the review does: one of --confirm, --reject, --undo, or corrections "
            "(--status, --event-date, --place, which may be combined)"
        )
    try:
        claim_id = parse_claim_id(args.claim_id)
        by, note = check_reviewer(args.by), check_note(args.note)
        status = parse_status(args.status) if args.status is not None else None
        day = parse_event_date(args.event_date) if args.event_date is not None else None
        if args.place is not None:
            resolve_place(args.place, default_extractor().gazetteer)  # a place at all?
    except ReviewError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    store = _open(args)
    if store is None:
        return EXIT_USAGE
    with store:
        try:
            record = store.claim_record(claim_id)
            place = None
            if args.place is not None:
                place = resolve_place(args.place, default_extractor().gazetteer,
                                      kind=record.claim.kind)
            action = (Action.CONFIRM if args.confirm else Action.REJECT if args.reject
                      else Action.UNDO if args.undo else Action.CORRECT)
            change = Change(status, place, day) if correcting else None
            review = store.review(record.claim_id, action, by=by, note=note, change=change)
        except ReviewError as exc:
            _say(f"error: {exc}")
            return EXIT_FAILED
        except StoreError as exc:
            _say(f"error: {exc}; nothing was written, run the same command again")
            return EXIT_FAILED
    where = f"article {record.claim.article_id}" if record.claim.article_id else "analyst claim"
    print(_printable(
        f"review {review.id}: claim {review.claim_id} ({record.claim.place}, {where}): "
        f"{review.describe()}; now {review.after.summary()} [{review.after.state.label}]"
    ))
    return EXIT_OK


def _reviews(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from geo.analyst import REVIEW_TRAIL_COLUMNS, export_truth, review_record, review_row
    from geo.pipeline import spreadsheet_safe
    from geo.review import parse_claim_id

    if args.export is not None and (args.claim or args.orphans):
        parser.error("--export writes every reviewed article; leave out --claim and --orphans")
    store = _open(args)
    if store is None:
        return EXIT_USAGE
    with store:
        try:
            if args.export is not None:
                done = export_truth(store, args.export)
                print(_printable(
                    f"reviews: exported {done.articles} reviewed article(s) and their truth files "
                    f"({done.rows} rows) to {done.folder}; score the extractor on them with: "
                    f"python -m geo evaluate {done.folder} {done.folder}"
                ))
                return EXIT_OK
            if args.claim:
                record = store.claim_record(parse_claim_id(args.claim))
                trail = store.history(record.claim_id)
            elif args.orphans:
                trail = store.orphan_reviews()
            else:
                trail = store.reviews()
        except ReviewError as exc:
            _say(f"error: {exc}")
            return EXIT_FAILED
        orphans = [] if args.orphans else store.orphan_reviews()
    if args.format == "json":
        text = json.dumps([review_record(r) for r in trail], ensure_ascii=False, indent=1) + "\n"
    else:
        import pandas as pd

        frame = pd.DataFrame([review_row(r) for r in trail], columns=list(REVIEW_TRAIL_COLUMNS))
        buf = io.StringIO()
        spreadsheet_safe(frame).to_csv(buf, index=False)
        text = buf.getvalue()
    sys.stdout.write(text)
    if orphans:
        _say(f"warning: {len(orphans)} reviewed claim(s) no longer match a claim of their article "
             "(list them with --orphans)")
    return EXIT_OK


def _reextract(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from geo.analyst import reextract

    if args.workers < 1 or args.batch_size < 1:
        parser.error("--workers and --batch-size take whole numbers of 1 or more")
    store = _open(args)
    if store is None:
        return EXIT_USAGE
    with store:
        try:
            report = reextract(store, workers=args.workers, batch_size=args.batch_size,
                               on_error=lambda m: _say(f"error: {m}"))
        except StoreError as exc:
            _say(f"error: {exc}; the articles done so far keep their new claims, run it again")
            return EXIT_FAILED
    print(f"reextract: {report.summary()}")
    for review in report.lost:
        print(_printable(
            f"  no longer matched: claim {review.claim_id} ({review.place!r} at {review.start}-"
            f"{review.end} in article {review.article_id}): {review.describe()}"
        ))
    return EXIT_FAILED if report.failed else EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from geo.pipeline import default_extractor, spreadsheet_safe, status_frame, status_geoframe

    store = _open(args)
    if store is None:
        return EXIT_USAGE
    with store:
        rows = store.province_status(default_extractor().provinces(), args.as_of)
    if args.format == "geojson":
        from geo.boundaries import load_provinces

        text = status_geoframe(rows, load_provinces(simplified=True)).to_json(
            na="null", show_bbox=False, drop_id=True
        )
    else:
        buf = io.StringIO()
        spreadsheet_safe(status_frame(rows)).to_csv(buf, index=False)
        text = buf.getvalue()
    return _write(text, args.output)
