"""The 34 provinces and 34 capitals with every spelling journalists use; name -> Place."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataFileError
from geo.text import fold
from geo.types import Place, PlaceKind

# Press spellings seen in wire copy that the shipped data do not list. Keys are canonical names
# (capital or province, as in the data files); the regex builder below already folds diacritics,
# hyphens, spaces and the ezafe vowel (Sar-e Pol = Sar-i-Pul = Sari Pul), so only real spelling
# differences belong here.
EXTRA_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Mazar-i-Sharif": ("Mazar", "Mazar Sharif", "Mazar-e-Sharif"),
    "Pul-e Khumri": ("Pol-e Khomri", "Puli Khumri", "Pul-e Khomri", "Pol-i-Khumri", "Pul-i-Khumri"),
    "Sheberghan": ("Shibirghan", "Shiberghan", "Sheberghan", "Shibarghan", "Shebirghan"),
    "Taloqan": ("Taluqan", "Taleqan", "Talaqan", "Taloqan", "Taliqan", "Taloquan", "Talequan",
                "Taloghan"),
    "Nili": ("Nilli", "Neeli"),
    "Gardez": ("Gardiz", "Gardeyz"),
    "Maidan Shar": ("Maidan Shahr", "Maydan Shahr", "Maidanshahr", "Maidan Shar", "Maydan Shar"),
    "Maymana": ("Maimana", "Maimanah", "Meymaneh", "Maymaneh"),
    "Tarinkot": ("Tarin Kowt", "Tarin Kot", "Tirin Kot", "Tirinkot", "Tarinkowt", "Terenkot"),
    "Lashkar Gah": ("Lashkargah", "Lashkar Gah"),
    "Chaghcharan": ("Chakhcharan", "Chagcharan", "Firozkoh", "Feroz Koh", "Firoz Koh", "Firuz Koh",
                    "Feroz Kouh"),
    "Qala-i-Naw": ("Qala-e-Naw", "Qala-i-Now", "Qala Naw", "Qalai Naw", "Qala-e-Nau", "Qala-i-Nau",
                   "Qala Nau", "Qalai Nau", "Qala-e-Now", "Qala-e Naw"),
    "Fayzabad": ("Faizabad", "Feyzabad"),
    "Mehtarlam": ("Mehtar Lam", "Mihtarlam", "Mehterlam"),
    "Asadabad": ("Asad Abad",),
    "Pul-e Alam": ("Puli Alam", "Pol-e Alam", "Pul-i-Alam"),
    "Mahmud-i-Raqi": ("Mahmud Raqi", "Mahmood Raqi", "Mahmud-e Raqi"),
    "Zaranj": ("Zarang",),
    "Sharana": ("Sharan",),
    "Aybak": ("Aibak", "Aybek"),
    "Qalat": ("Qalat-i-Ghilzai", "Qalati Ghilzai", "Qalat-i-Ghilji", "Qalati Ghilji"),
    "Kunduz": ("Kondoz", "Qunduz", "Konduz"),
    "Kandahar": ("Qandahar",),
    "Herat": ("Hirat",),
    "Bamyan": ("Bamiyan", "Bamian"),
    "Khost": ("Khowst",),
    "Kabul": ("Kabol",),
    "Sar-e Pol": ("Sar-i-Pul", "Sar-e Pul", "Sari Pul", "Sar-i-Pol", "Saripul", "Sar-e-Pol"),
    "Nimroz": ("Nimruz", "Neemroz"),
    "Uruzgan": ("Oruzgan", "Urozgan", "Orozgan", "Uruzgan"),
    "Jowzjan": ("Jawzjan", "Jozjan", "Juzjan", "Jowzjan"),
    "Daykundi": ("Daikundi", "Daikondi", "Dai Kundi", "Daykondi", "Day Kundi"),
    "Panjshir": ("Panjsher", "Panjsheer", "Panjshayr", "Panjshiri valley"),
    "Paktia": ("Paktiya", "Paktya", "Paktiyah"),
    "Nuristan": ("Nurestan", "Nooristan"),
    "Nangarhar": ("Ningarhar", "Nangrahar"),
    "Badakhshan": ("Badakshan",),
    "Helmand": ("Hilmand", "Helmond"),
    "Wardak": ("Maidan Wardak", "Maydan Wardak", "Vardak", "Wardag"),
    "Kunar": ("Konar",),
    "Logar": ("Lowgar",),
    "Ghor": ("Ghowr", "Ghur"),
    "Faryab": ("Fariab",),
    "Badghis": ("Badgis",),
    "Parwan": ("Parvan",),
    "Kapisa": ("Kapissa",),
}

_EZAFE = {"e", "i", "y", "ye", "yi"}
_SEP = r"[ \-'.]{0,2}"


def spelling_pattern(name: str) -> str:
    """Regex (for case-insensitive use on folded text) matching a name in any separator style.

    Tokens may be joined by a space, a hyphen, an apostrophe or nothing; an ezafe token
    (e / i / ye) matches any of them, or nothing.

    Examples
    --------
    >>> import re
    >>> p = re.compile(spelling_pattern("Sar-e Pol"), re.I)
    >>> [bool(p.fullmatch(s)) for s in ("Sar-e Pol", "Sar-i-Pol", "Sari Pol", "Sar Pol", "Sarpol")]
    [True, True, True, True, True]
    """
    tokens = [t for t in re.split(r"[\s\-'\u2019.]+", fold(name)) if t]
    parts: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.lower() in _EZAFE and 0 < i < len(tokens) - 1:
            parts.append(r"(?:[eiy]|ye|yi)?")
        else:
            parts.append(re.escape(tok))
    return _SEP.join(parts)


@dataclass(frozen=True, slots=True)
class NameEntry:
    """What a spelling can mean: the capital and/or the province of that name."""

    key: str
    capital: Place | None
    province: Place | None


class Gazetteer:
    """The 68 places and their spellings.

    Parameters
    ----------
    capitals
        One ``Place`` of kind capital per province, with ``province`` set.
    provinces
        One ``Place`` of kind province per province.
    spellings
        Canonical name -> further spellings (capital and province names both allowed).
    """

    def __init__(
        self,
        capitals: Iterable[Place],
        provinces: Iterable[Place],
        spellings: Mapping[str, Iterable[str]],
    ) -> None:
        self.capitals: dict[str, Place] = {p.province: p for p in capitals}
        self.provinces: dict[str, Place] = {p.province: p for p in provinces}
        self.by_iso: dict[str, Place] = {p.iso_3166_2: p for p in self.provinces.values()}
        by_name: dict[str, tuple[Place | None, Place | None]] = {}

        def add(name: str, capital: Place | None, province: Place | None) -> None:
            key = _key(name)
            if not key:
                return
            old_c, old_p = by_name.get(key, (None, None))
            by_name[key] = (old_c or capital, old_p or province)

        canon: dict[str, tuple[Place | None, Place | None]] = {}
        for cap in self.capitals.values():
            canon[cap.name] = (cap, None)
        for pl in self.provinces.values():
            c, _ = canon.get(pl.name, (None, None))
            canon[pl.name] = (c, pl)
        for name, (c, p) in canon.items():
            add(name, c, p)
            for alt in spellings.get(name, ()):
                # "Kunduz City" names the capital only, never the province.
                add(alt, c, None if alt.lower().endswith(" city") else p)
        self._entries = {
            k: NameEntry(k, c, p) for k, (c, p) in by_name.items()
        }
        self.spellings: dict[str, str] = {}
        for name in canon:
            for alt in (name, *spellings.get(name, ())):
                self.spellings.setdefault(alt, name)

    def __iter__(self) -> Iterator[Place]:
        yield from self.capitals.values()
        yield from self.provinces.values()

    def entries(self) -> list[NameEntry]:
        """All spellings with what they can mean."""
        return list(self._entries.values())

    def lookup(self, name: str) -> NameEntry | None:
        """The entry for a spelling in any separator style or case, or None.

        Examples
        --------
        >>> from geo.gazetteer import load_gazetteer
        >>> g = load_gazetteer()
        >>> g.lookup("Pol-e Khomri").capital.name, g.lookup("nimruz").province.name
        ('Pul-e Khumri', 'Nimroz')
        """
        return self._entries.get(_key(name))

    def province(self, name_or_iso: str) -> Place:
        """The province Place for a canonical name, any spelling, or an ISO 3166-2 code."""
        if name_or_iso in self.by_iso:
            return self.by_iso[name_or_iso]
        if name_or_iso in self.provinces:
            return self.provinces[name_or_iso]
        entry = self.lookup(name_or_iso)
        if entry is not None:
            if entry.province is not None:
                return entry.province
            if entry.capital is not None:
                return self.provinces[entry.capital.province]
        raise KeyError(
            f"{name_or_iso!r} is not one of Afghanistan's 34 provinces or their capitals"
        )


def _key(name: str) -> str:
    """Spelling key: folded, lower case, separators and ezafe vowels removed."""
    tokens = [t for t in re.split(r"[\s\-'\u2019.]+", fold(name).lower()) if t]
    kept = [t for i, t in enumerate(tokens) if not (t in _EZAFE and 0 < i < len(tokens) - 1)]
    return "".join(kept)


def _split_alts(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def load_gazetteer(
    capitals_csv: Path | None = None,
    provinces_geojson: Path | None = None,
    province_points_csv: Path | None = None,
) -> Gazetteer:
    """Read the shipped capitals table and province names into a Gazetteer.

    Raises
    ------
    DataFileError
        If a file is missing, unreadable or does not hold 34 provinces with a capital each.
    """
    from geo import settings

    capitals_csv = capitals_csv or settings.CAPITALS_CSV
    provinces_geojson = provinces_geojson or settings.PROVINCES_SIMPLIFIED
    province_points_csv = province_points_csv or settings.PROVINCE_POINTS_CSV
    try:
        with province_points_csv.open(encoding="utf-8", newline="") as fh:
            points = {r["province"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError, ValueError) as exc:
        raise DataFileError(
            f"{province_points_csv}: cannot read the province points ({exc}); restore it from "
            "the repository"
        ) from exc
    try:
        with capitals_csv.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(f"{capitals_csv}: cannot read the capitals table ({exc})") from exc
    try:
        features = json.loads(provinces_geojson.read_text(encoding="utf-8"))["features"]
        props = [f["properties"] for f in features]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(
            f"{provinces_geojson}: cannot read province names ({type(exc).__name__}: {exc}); "
            "restore it from the repository"
        ) from exc
    needed = {"capital", "province", "iso_3166_2", "lat", "lon", "alt_names"}
    if not rows or not needed <= set(rows[0]):
        raise DataFileError(
            f"{capitals_csv}: expected columns {sorted(needed)}, "
            f"got {sorted(rows[0]) if rows else 'no rows'}"
        )
    spellings: dict[str, list[str]] = {}
    capitals: list[Place] = []
    try:
        for r in rows:
            capitals.append(
                Place(
                    name=r["capital"],
                    kind=PlaceKind.CAPITAL,
                    province=r["province"],
                    iso_3166_2=r["iso_3166_2"],
                    capital=r["capital"],
                    lat=float(r["lat"]),
                    lon=float(r["lon"]),
                )
            )
            spellings.setdefault(r["capital"], []).extend(_split_alts(r["alt_names"]))
    except (KeyError, ValueError) as exc:
        raise DataFileError(f"{capitals_csv}: bad row {r!r} ({exc})") from exc
    cap_by_prov = {c.province: c for c in capitals}
    provinces: list[Place] = []
    for p in props:
        name = p.get("name")
        cap = cap_by_prov.get(name)
        if cap is None:
            raise DataFileError(
                f"{provinces_geojson}: province {name!r} has no capital in {capitals_csv.name}"
            )
        if name not in points:
            raise DataFileError(f"{province_points_csv}: no point for province {name!r}")
        provinces.append(
            Place(
                name=name,
                kind=PlaceKind.PROVINCE,
                province=name,
                iso_3166_2=p["iso_3166_2"],
                capital=cap.name,
                lat=points[name][0],
                lon=points[name][1],
            )
        )
        spellings.setdefault(name, []).extend(_split_alts(p.get("alt_names") or ""))
    if len(capitals) != settings.N_PROVINCES or len(provinces) != settings.N_PROVINCES:
        raise DataFileError(
            f"{capitals_csv} / {provinces_geojson}: expected {settings.N_PROVINCES} capitals and "
            f"provinces, found {len(capitals)} and {len(provinces)}"
        )
    for name, extra in EXTRA_SPELLINGS.items():
        spellings.setdefault(name, []).extend(extra)
    return Gazetteer(capitals, provinces, spellings)
