"""Tests for geo.ingest, the ``ingest`` command and benchmarks/make_corpus.py."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from geo import ingest as ingest_module
from geo.articles import article_id
from geo.ingest import IngestError, IngestReport, ingest, iter_sources
from geo.pipeline import extract_claims
from geo.store import Store
from geo.types import Claim, ControlStatus

ROOT = Path(__file__).resolve().parent.parent


def _load_make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" /
                                                  "make_corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


make_corpus = _load_make_corpus()


# --- helpers -------------------------------------------------------------------------------------


def write_txt(folder: Path, n: int, *, seed: int = 0, start: int = 0) -> list[str]:
    """Write articles ``start .. start+n-1`` as .txt files; return their article ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for article in list(make_corpus.generate(start + n, seed=seed))[start:]:
        (folder / f"{article.index:05d}.txt").write_text(article.as_txt(), encoding="utf-8")
        ids.append(article_id(article.date, article.text))
    return ids


def store_rows(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every article and every claim (all fields), sorted: comparable across stores."""

    def plain(value: object) -> object:
        if isinstance(value, float) and math.isnan(value):
            return None
        return getattr(value, "value", value)

    claims = sorted(
        (tuple(plain(getattr(c, f.name)) for f in dataclasses.fields(Claim))
         for c in store.claims()),
        key=repr,
    )
    articles = sorted((a.id, a.date, a.title, a.text, a.source) for a in store.articles())
    return articles, claims


def run_cli(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", "ingest", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 synthetic articles as .txt files."""
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    write_txt(folder, 60, seed=1)
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list]:
    """The corpus ingested in one go with one worker."""
    with Store(tmp_path_factory.mktemp("ref") / "ref.sqlite3") as store:
        report = ingest([corpus], store, workers=1)
        assert report.n_new == 60
        return store_rows(store)


# --- reading -------------------------------------------------------------------------------------


def test_folder_and_jsonl_are_ingested(tmp_path: Path) -> None:
    articles = list(make_corpus.generate(30, seed=2))
    folder = tmp_path / "txt"
    folder.mkdir()
    for a in articles[:20]:
        (folder / f"{a.index}.txt").write_text(a.as_txt(), encoding="utf-8")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text("".join(json.dumps(a.as_record()) + "\n\n" for a in articles[20:]),
                     encoding="utf-8")

    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([folder, jsonl], store, workers=1)
        expected_claims = sum(
            len(extract_claims(r.article)) for r in iter_sources([folder, jsonl]) if r.article
        )
        assert (report.n_read, report.n_new, report.n_skipped, report.n_failed) == (30, 30, 0, 0)
        assert report.ok
        assert report.n_claims == expected_claims > 0
        assert store.stats() == {"n_articles": 30, "n_claims": expected_claims}
        record = articles[25].as_record()
        stored = store.article(article_id(articles[25].date, articles[25].text))
        assert stored is not None
        assert stored.title == record["title"]
        assert stored.source == f"{record['source']}#{record['id']}"


def test_jsonl_record_and_txt_file_are_the_same_article(tmp_path: Path) -> None:
    article = next(make_corpus.generate(1, seed=3))
    (tmp_path / "a.txt").write_text(article.as_txt(), encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps(article.as_record()) + "\n", encoding="utf-8")
    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([tmp_path], store, workers=1)
    assert (report.n_read, report.n_new, report.n_skipped) == (2, 1, 1)


def test_bad_lines_and_bad_files_are_reported_and_the_rest_stored(tmp_path: Path) -> None:
    good = [a.as_record() for a in make_corpus.generate(3, seed=4)]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "archive.jsonl").write_text(
        "\n".join([
            json.dumps(good[0]),
            "{not json",
            json.dumps({"date": "2021-13-01", "text": "Kunduz fell."}),
            json.dumps(["date", "text"]),
            json.dumps({"date": "2021-08-10"}),
            json.dumps(good[1]),
        ]) + "\n",
        encoding="utf-8",
    )
    (folder / "binary.txt").write_bytes(b"date 2021-08-10\n\x00\x01\x02\x00")
    (folder / "undated.txt").write_text("Kunduz fell to the Taliban.\n", encoding="utf-8")
    (folder / "ok.txt").write_text(
        f"date {good[2]['date']}\n{good[2]['text']}", encoding="utf-8"
    )
    errors: list[str] = []
    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([folder, tmp_path / "missing"], store, workers=1,
                        on_error=errors.append)
        assert store.stats()["n_articles"] == 3
    assert (report.n_read, report.n_new, report.n_failed) == (10, 3, 7)
    assert list(report.errors) == errors
    archive = folder / "archive.jsonl"
    for expected in (f"{archive}:2: is not valid JSON", f"{archive}:3: 'date' is '2021-13-01'",
                     f"{archive}:4: is an array", f"{archive}:5: no 'text'",
                     f"{folder / 'binary.txt'}: looks like a binary file",
                     f"{folder / 'undated.txt'}: no 'date YYYY-MM-DD' line",
                     f"{tmp_path / 'missing'}: no such file or folder"):
        assert sum(e.startswith(expected) for e in errors) == 1, (expected, errors)


def test_default_date_dates_undated_inputs(tmp_path: Path) -> None:
    import datetime as dt

    (tmp_path / "a.jsonl").write_text('{"text": "Taliban fighters captured Ghazni."}\n',
                                      encoding="utf-8")
    (tmp_path / "b.txt").write_text("Government forces retook Farah.\n", encoding="utf-8")
    warnings: list[str] = []
    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([tmp_path], store, workers=1, default_date=dt.date(2021, 8, 10),
                        on_warning=warnings.append)
        assert {a.date for a in store.articles()} == {dt.date(2021, 8, 10)}
    assert report.n_new == 2
    assert report.n_warnings == 2 == len(warnings)


def test_sources_are_read_lazily_and_in_flight_work_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    write_txt(folder, 40, seed=5)
    reads = 0
    from geo import formats

    real_load_path = formats.load_path

    def counting_load_path(*args: object, **kwargs: object) -> object:
        nonlocal reads
        reads += 1
        return real_load_path(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats, "load_path", counting_load_path)
    ahead: list[int] = []
    with Store(tmp_path / "db.sqlite3") as store:
        real_add_many = store.add_many

        def watching_add_many(items, *, batch_size=500):
            items = list(items)
            stored = store.stats()["n_articles"]
            ahead.append(reads - stored - len(items))
            return real_add_many(items, batch_size=batch_size)

        monkeypatch.setattr(store, "add_many", watching_add_many)
        report = ingest([folder], store, workers=1, task_size=4, batch_size=8)
    assert report.n_new == 40
    assert reads == 40
    assert len(ahead) == 5
    # read but not yet written: at most one task (window 1 with one worker) beyond the batch
    assert max(ahead) <= 4


def test_progress_bar_counts_files_and_jsonl_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    write_txt(folder, 4, seed=13)
    records = [a.as_record() for a in make_corpus.generate(3, seed=14)]
    (folder / "more.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records),
                                       encoding="utf-8")
    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([folder], store, workers=1, progress=True)
    err = capsys.readouterr().err
    assert report.n_new == 7
    assert "7/7" in err
    assert "articles/s" in err


# --- resuming, skipping, failures ----------------------------------------------------------------


def test_rerun_skips_everything(
    corpus: Path, tmp_path: Path, reference: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    extracted: list[int] = []
    real = ingest_module.extract_batch

    def counting(articles: list) -> list:
        extracted.append(len(articles))
        return real(articles)

    monkeypatch.setattr(ingest_module, "extract_batch", counting)
    with Store(tmp_path / "db.sqlite3") as store:
        first = ingest([corpus], store, workers=1)
        assert sum(extracted) == 60
        before = store.stats()
        again = ingest([corpus], store, workers=1)
        assert sum(extracted) == 60  # stored articles are skipped before extraction
        assert store.stats() == before
        assert store_rows(store) == reference
    assert (first.n_new, first.n_skipped) == (60, 0)
    assert (again.n_read, again.n_new, again.n_skipped, again.n_claims) == (60, 0, 60, 0)


def test_partial_ingest_resumes_without_duplicates(
    corpus: Path, tmp_path: Path, reference: tuple
) -> None:
    with Store(tmp_path / "db.sqlite3") as store:
        part = ingest([corpus], store, workers=1, limit=25, batch_size=10)
        assert store.stats()["n_articles"] == 25
        rest = ingest([corpus], store, workers=1, batch_size=10)
        assert store_rows(store) == reference
    assert (part.n_read, part.n_new) == (25, 25)
    assert (rest.n_read, rest.n_new, rest.n_skipped) == (60, 35, 25)
    assert part.n_claims + rest.n_claims == len(reference[1])


def test_repeated_article_in_one_run_is_stored_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_txt(folder, 5, seed=6)
    copy = (folder / "00002.txt").read_text(encoding="utf-8")
    (folder / "99999.txt").write_text(copy, encoding="utf-8")
    with Store(tmp_path / "db.sqlite3") as store:
        # the copy is taken while the original is still in flight (window 4): the write skips it
        report = ingest([folder], store, workers=2, task_size=1, batch_size=1)
        stored = store.stats()
    assert (report.n_read, report.n_new, report.n_skipped) == (6, 5, 1)
    assert stored["n_claims"] == report.n_claims


def test_extraction_error_fails_one_article_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    write_txt(folder, 6, seed=7)
    real = ingest_module.extract_claims
    victim = folder / "00003.txt"

    def flaky(article, extractor=None):
        if article.source == str(victim):
            raise RuntimeError("boom")
        return real(article, extractor)

    monkeypatch.setattr(ingest_module, "extract_claims", flaky)
    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([folder], store, workers=1)
        assert store.stats()["n_articles"] == 5
    assert (report.n_new, report.n_failed) == (5, 1)
    assert report.errors == (f"{victim}: extraction failed (RuntimeError: boom)",)


def test_engine_failure_keeps_what_was_collected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    write_txt(folder, 20, seed=12)
    real = ingest_module.extract_batch
    calls = 0

    def dying(articles: list) -> list:  # stands in for a killed worker
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("worker killed")
        return real(articles)

    monkeypatch.setattr(ingest_module, "extract_batch", dying)
    with Store(tmp_path / "db.sqlite3") as store:
        with pytest.raises(IngestError, match=r"\(OSError: worker killed\).*run again"):
            ingest([folder], store, workers=1, task_size=4, batch_size=100)
        assert store.stats()["n_articles"] == 8  # the two tasks collected before it
        monkeypatch.setattr(ingest_module, "extract_batch", real)
        assert ingest([folder], store, workers=1).n_new == 12


def test_arguments_are_checked(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite3") as store:
        for kwargs, message in (
            ({"engine": "spark"}, "engine='spark'"),
            ({"scheduler": "tcp://x:8786"}, "needs the dask engine"),
            ({"workers": 0}, "workers=0"),
            ({"batch_size": 0}, "batch_size=0"),
        ):
            with pytest.raises(ValueError, match=message):
                ingest([tmp_path], store, **kwargs)  # type: ignore[arg-type]


# --- engines -------------------------------------------------------------------------------------


def test_two_workers_give_the_same_store_as_one(
    corpus: Path, tmp_path: Path, reference: tuple
) -> None:
    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([corpus], store, workers=2, task_size=4, batch_size=16)
        assert store_rows(store) == reference
    assert (report.n_new, report.n_failed) == (60, 0)


def test_dask_engine_gives_the_same_store_as_local(
    corpus: Path, tmp_path: Path, reference: tuple
) -> None:
    pytest.importorskip("distributed")
    with Store(tmp_path / "db.sqlite3") as store:
        report = ingest([corpus], store, workers=2, engine="dask", task_size=8)
        assert store_rows(store) == reference
    assert (report.n_new, report.n_failed) == (60, 0)


def test_unreachable_scheduler_is_a_connection_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(ingest_module, "SCHEDULER_TIMEOUT_SECONDS", 1.0)
    with Store(tmp_path / "db.sqlite3") as store, pytest.raises(ConnectionError,
                                                                match=r"tcp://127\.0\.0\.1:9"):
        ingest([tmp_path], store, engine="dask", scheduler="tcp://127.0.0.1:9")


# --- the command line ----------------------------------------------------------------------------


def test_cli_exit_codes(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    ok = run_cli(corpus, "--db", db, "--workers", "2", "--no-progress")
    assert ok.returncode == 0, ok.stderr
    assert "ingest: 60 read, 60 new, 0 skipped (already stored), 0 failed" in ok.stdout
    assert "articles/s" in ok.stdout

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_text("no date line here\n", encoding="utf-8")
    (bad / "y.jsonl").write_text('{"date": "2021-08-10", "text": "Ghazni fell."}\n{oops\n',
                                 encoding="utf-8")
    failed = run_cli(bad, corpus, "--db", db, "--workers", "1", "--no-progress")
    assert failed.returncode == 1
    assert "1 new, 60 skipped (already stored), 2 failed" in failed.stdout
    assert f"error: {bad / 'x.txt'}: no 'date YYYY-MM-DD' line" in failed.stderr
    assert f"error: {bad / 'y.jsonl'}:2: is not valid JSON" in failed.stderr

    for args in (("--workers", "0"), ("--batch-size", "x"), ("--engine", "spark"),
                 ("--scheduler", "tcp://h:8786"), ("--date", "10/08/2021")):
        usage = run_cli(corpus, "--db", db, *args)
        assert usage.returncode == 2, (args, usage.stderr)
        assert usage.stdout == ""
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello", encoding="utf-8")
    wrong = run_cli(corpus, "--db", not_a_db, "--no-progress")
    assert wrong.returncode == 2
    assert "is not an SQLite database" in wrong.stderr


def _wait_for_articles(db: Path, proc: subprocess.Popen[str], at_least: int) -> int:
    """Poll the store while ``proc`` runs until it holds ``at_least`` articles."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            n = 0
        if n >= at_least:
            return int(n)
        time.sleep(0.02)
    pytest.fail(f"ingest ended (exit {proc.poll()}) before storing {at_least} articles")


def test_interrupted_ingest_continues_where_it_stopped(tmp_path: Path) -> None:
    """Ctrl-C (exit 130, batches kept), then SIGKILL mid-run, then a full run: no duplicates."""
    folder = tmp_path / "in"
    write_txt(folder, 400, seed=8)
    db = tmp_path / "db.sqlite3"

    def start(workers: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "geo", "ingest", str(folder), "--db", str(db), "--workers",
             workers, "--batch-size", "10", "--no-progress"],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )

    interrupted = start("2")
    _wait_for_articles(db, interrupted, 20)
    interrupted.send_signal(signal.SIGINT)
    _, err = interrupted.communicate(timeout=60)
    assert interrupted.returncode == 130, err
    assert "ingest interrupted:" in err
    assert "run the same command again" in err
    with Store(db) as store:
        after_sigint = store.stats()["n_articles"]
    assert 20 <= after_sigint < 400

    killed = start("1")
    _wait_for_articles(db, killed, after_sigint + 20)
    killed.kill()  # SIGKILL: no clean-up at all
    killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    with Store(db) as store:
        after_kill = store.stats()["n_articles"]
    assert after_sigint + 20 <= after_kill < 400

    final = run_cli(folder, "--db", db, "--workers", "2", "--no-progress")
    assert final.returncode == 0, final.stderr
    assert f"400 read, {400 - after_kill} new, {after_kill} skipped" in final.stdout
    with Store(tmp_path / "ref.sqlite3") as ref:
        ingest([folder], ref, workers=2)
        expected = store_rows(ref)
    with Store(db) as store:
        assert store_rows(store) == expected


# --- the synthetic corpus ------------------------------------------------------------------------


def test_make_corpus_is_deterministic_and_extends(tmp_path: Path) -> None:
    a = [x.as_txt() for x in make_corpus.generate(40, seed=9)]
    b = [x.as_txt() for x in make_corpus.generate(40, seed=9)]
    longer = [x.as_txt() for x in make_corpus.generate(60, seed=9)]
    other = [x.as_txt() for x in make_corpus.generate(40, seed=10)]
    assert a == b == longer[:40]
    assert len(set(longer)) == 60
    assert not set(a) & set(other)
    make_corpus.main(["30", str(tmp_path / "t1")])
    make_corpus.main(["30", str(tmp_path / "t2")])
    make_corpus.main(["30", str(tmp_path / "c.jsonl"), "--format", "jsonl"])
    files1 = sorted(p.name for p in (tmp_path / "t1").iterdir())
    assert len(files1) == 30
    assert all((tmp_path / "t1" / n).read_bytes() == (tmp_path / "t2" / n).read_bytes()
               for n in files1)
    from_txt = {r.article.id for r in iter_sources([tmp_path / "t1"]) if r.article}
    from_jsonl = {r.article.id for r in iter_sources([tmp_path / "c.jsonl"]) if r.article}
    assert from_txt == from_jsonl
    assert len(from_txt) == 30


def test_make_corpus_articles_give_claims_of_every_status_and_province() -> None:
    statuses: set[ControlStatus] = set()
    provinces: set[str] = set()
    dates = set()
    from geo.articles import parse_article

    for synthetic in make_corpus.generate(300, seed=0):
        article, _ = parse_article(synthetic.as_txt(), source=f"syn:{synthetic.index}")
        assert make_corpus.FIRST_DATE <= article.date <= make_corpus.LAST_DATE
        dates.add(article.date)
        for claim in extract_claims(article):
            statuses.add(claim.status)
            provinces.add(claim.province)
            assert claim.event_date <= article.date
    assert statuses >= {ControlStatus.TALIBAN, ControlStatus.CONTESTED,
                        ControlStatus.GOVERNMENT, ControlStatus.REPORTED}
    assert len(provinces) == 34
    assert len(dates) > 60


def test_report_summary_and_rate() -> None:
    report = IngestReport(4, 3, 1, 0, 12, 0.5)
    assert report.ok
    assert report.articles_per_second == 8.0
    assert IngestReport(0, 0, 0, 0, 0, 0.0).articles_per_second == 0.0
    assert not IngestReport(1, 0, 0, 1, 0, 1.0).ok
