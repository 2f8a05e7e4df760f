"""The command line: outputs, columns, formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.settings import PROJECT_ROOT

ARTICLE = "date 2021-08-10\nTaliban fighters captured Sheberghan on Saturday.\n"
EXTRACT_COLUMNS = [
    "article_id", "article_date", "place", "kind", "province", "iso_3166_2", "status",
    "event_date", "date_precision", "lat", "lon", "claimant", "evidence", "start", "end",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "date 2021-08-12\nGovernment forces retook Sheberghan on Thursday.\n", encoding="utf-8"
    )
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_csv(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", str(folder))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert set(EXTRACT_COLUMNS) <= set(rows[0])
    assert [(r["place"], r["status"], r["event_date"]) for r in rows] == [
        ("Sheberghan", "taliban", "2021-08-07"),
        ("Sheberghan", "government", "2021-08-12"),
    ]
    assert rows[0]["iso_3166_2"] == "AF-JOW"
    assert abs(float(rows[0]["lat"]) - 36.66) < 0.1


def test_extract_geojson_and_json(folder: Path, capsys: pytest.CaptureFixture[str],
                                  tmp_path: Path) -> None:
    out_file = tmp_path / "out.geojson"
    code, _, _ = run(capsys, "extract", str(folder), "--format", "geojson", "-o", str(out_file))
    assert code == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 2
    assert data["features"][0]["geometry"]["type"] == "Point"
    code, out, _ = run(capsys, "extract", str(folder / "a.txt"), "--format", "json")
    assert json.loads(out)[0]["place"] == "Sheberghan"


def test_status_csv_has_34_rows(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", str(folder), "--as-of", "2021-08-10")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 34
    assert list(rows[0])[:7] == [
        "province", "iso_3166_2", "capital", "status", "since", "evidence", "article_id"]
    jow = next(r for r in rows if r["province"] == "Jowzjan")
    assert (jow["status"], jow["since"]) == ("taliban", "2021-08-07")
    code, out, _ = run(capsys, "status", str(folder), "--as-of", "2021-08-12")
    jow = next(r for r in csv.DictReader(io.StringIO(out)) if r["province"] == "Jowzjan")
    assert jow["status"] == "government"


def test_status_geojson(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", str(folder), "--format", "geojson")
    assert code == 0
    features = json.loads(out)["features"]
    assert len(features) == 34
    assert {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}


def test_bad_file_is_named_and_others_still_processed(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "nodate.txt").write_text("Taliban fighters captured Herat.\n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out, err = run(capsys, "extract", str(folder))
    assert code == 1
    assert "nodate.txt" in err
    assert "image.txt" in err
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 2
    assert "Sheberghan" in out


def test_date_flag_supplies_missing_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "x.txt"
    f.write_text("Taliban fighters captured Herat on Sunday.\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(f), "--date", "2021-08-14")
    assert code == 0
    assert "2021-08-08" in out  # Sunday before Saturday 14 Aug


def test_missing_path_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "status", str(tmp_path / "nope"))
    assert code == 1
    assert "nope" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["extract"],
        ["status", "seeds", "--as-of", "10/08/2021"],
        ["extract", "seeds", "--format", "xml"],
        ["frobnicate", "seeds"],
    ],
)
def test_bad_arguments_exit_2(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "geo", *argv], cwd=PROJECT_ROOT, capture_output=True, text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "usage" in proc.stderr


def test_module_runs_on_seed() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "status", "seeds/", "--as-of", "2021-08-10"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    kunduz = next(r for r in rows if r["province"] == "Kunduz")
    assert (kunduz["status"], kunduz["since"]) == ("taliban", "2021-08-08")


def test_geocode_offline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "geocode", "Pol-e Khomri", "Nimruz province", "Springfield")
    assert code == 1
    rows = {r["query"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (rows["Pol-e Khomri"]["province"], rows["Pol-e Khomri"]["kind"]) == (
        "Baghlan",
        "capital",
    )
    assert rows["Nimruz province"]["iso_3166_2"] == "AF-NIM"
    assert rows["Springfield"]["found"] == "False"
    assert "Springfield: not found (try --online-geocoder)" in err


def test_geocode_online_asks_nominatim_only_for_unknown_names(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from geopy.location import Location
    from geopy.point import Point

    import geo.geocoding

    asked: list[tuple[str, dict[str, object]]] = []

    class FakeNominatim:
        def __init__(self, **kwargs: object) -> None:
            assert "afmap" in str(kwargs["user_agent"])

        def geocode(self, query: str, **kwargs: object) -> Location | None:
            asked.append((query, kwargs))
            if query == "Imam Sahib":  # a district of Kunduz province
                return Location("Imam Sahib, Kunduz, Afghanistan", Point(37.18, 68.92), {})
            return None

    monkeypatch.setattr(geo.geocoding, "Nominatim", FakeNominatim)
    monkeypatch.setenv("AFMAP_CACHE_DIR", str(tmp_path / "cache"))
    code, out, _ = run(capsys, "geocode", "Imam Sahib", "Kunduz", "--online-geocoder")
    assert code == 0
    rows = {r["query"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (rows["Imam Sahib"]["province"], rows["Imam Sahib"]["source"]) == ("Kunduz", "nominatim")
    assert rows["Kunduz"]["source"] == "gazetteer"
    assert [q for q, _ in asked] == ["Imam Sahib"]
    assert asked[0][1]["country_codes"] == "af"


def test_csv_cells_cannot_run_as_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.txt").write_text(
        'date 2021-08-10\n=HYPERLINK("http://x.example","Kunduz fell to the Taliban on Sunday.")\n',
        encoding="utf-8",
    )
    for command in ("extract", "status"):
        code, out, _ = run(capsys, command, str(tmp_path))
        assert code == 0
        evidence = [r["evidence"] for r in csv.DictReader(io.StringIO(out)) if r["evidence"]]
        assert evidence
        assert all(not e.startswith("=") for e in evidence)
        assert any(e.startswith("'=HYPERLINK") for e in evidence)


def test_control_characters_in_file_names_cannot_forge_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x\nerror: forged.txt"
    bad.write_text("no date line here\n", encoding="utf-8")
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "\\n" in err
