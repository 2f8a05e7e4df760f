"""The map as rendered HTML: statuses, legend, escaping, no network, size, streamlit-folium."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import itertools
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import folium
import folium.folium
import geopandas as gpd
import pandas as pd
import pytest

from geo import render
from geo.settings import CAPITALS_CSV, PROJECT_ROOT, PROVINCES_SIMPLIFIED
from geo.types import ControlStatus

AS_OF = dt.date(2021, 8, 10)
STATUSES = {
    "Kunduz": "taliban",
    "Nimroz": "taliban",
    "Helmand": "contested",
    "Kandahar": "contested",
    "Kabul": "government",
    "Panjshir": "government",
    "Balkh": "reported",
}
HOSTILE = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "`${alert(1)}`",
    "\"double\" 'single'",
    "\\1",
    "</textarea>",
    "</script>",
)
# Pieces with an HTML/JS special character, whose raw form must never reach the page
# ("</script>" is checked by counting tags, "javascript:" by looking at URL attributes).
HOSTILE_RAW = tuple(h for h in HOSTILE if h not in ("javascript:alert(1)", "</script>"))
SRC_OR_HREF = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.IGNORECASE,
)
EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
BUDGET_BYTES = 400 * 1024


# ----------------------------------------------------------------------------------------------
# fixtures and helpers
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capitals() -> pd.DataFrame:
    return pd.read_csv(CAPITALS_CSV)[["capital", "province", "iso_3166_2", "lat", "lon"]]


@pytest.fixture(scope="module")
def provinces(capitals: pd.DataFrame) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(PROVINCES_SIMPLIFIED).rename(columns={"name": "province"})
    gdf = gdf.merge(capitals[["province", "capital"]], on="province", how="left")
    return gdf[["province", "iso_3166_2", "capital", "geometry"]]


def status_table(provinces: gpd.GeoDataFrame, **overrides: Any) -> gpd.GeoDataFrame:
    """One row per province; statuses from STATUSES, everything else ``no_report``."""
    gdf = provinces.copy()
    gdf["status"] = gdf["province"].map(STATUSES).fillna("no_report")
    claimed = gdf["status"] != "no_report"
    sentence = (
        "Taliban fighters entered the provincial capital on Sunday after days of fierce clashes "
        "with Afghan security forces, a provincial council member said, adding that government "
        "forces still held the airport outside the city and that reinforcements were expected. "
    )
    gdf["since"] = ["2021-08-08" if c else "" for c in claimed]
    gdf["evidence"] = [sentence * 2 if c else "" for c in claimed]
    gdf["claimant"] = ["a provincial council member" if c else "" for c in claimed]
    gdf["article_id"] = ["0e5dc57be2bda8c3" if c else "" for c in claimed]
    gdf["n_claims"] = [2 if c else 0 for c in claimed]
    for column, value in overrides.items():
        gdf[column] = value
    return gdf


def embedded_geojson(page: str) -> dict[str, Any]:
    """The FeatureCollection folium embeds in the script (``geo_json_<id>_add({...})``)."""
    found = re.findall(r"geo_json_[0-9a-f]+_add\(", page)
    assert len(found) == 1, f"expected one embedded GeoJSON layer, found {len(found)}"
    start = page.index(found[0]) + len(found[0])
    data, _ = json.JSONDecoder().raw_decode(page, start)
    return data


def styles_by_id(page: str) -> dict[str, dict[str, Any]]:
    """Evaluate folium's ``<layer>_styler`` switch: feature id -> Leaflet style."""
    body = re.search(r"function geo_json_[0-9a-f]+_styler\(feature\) \{(.*?)\n\s*\}\n", page, re.S)
    assert body, "no style function in the page"
    styles: dict[str, dict[str, Any]] = {}
    for cases, style in re.findall(r"((?:case \"[^\"]+\":\s*)+)return (\{[^}]*\});", body[1]):
        for feature_id in re.findall(r"case \"([^\"]+)\":", cases):
            styles[feature_id] = json.loads(style)
    default = re.search(r"default:\s*return (\{[^}]*\});", body[1])
    assert default
    ids = [f["id"] for f in embedded_geojson(page)["features"]]
    return {i: styles.get(i, json.loads(default[1])) for i in ids}


def asset_urls(page: str) -> list[str]:
    return ["".join(groups) for groups in SRC_OR_HREF.findall(page)]


def data_url_text(url: str) -> bytes:
    head, _, payload = url.partition(",")
    assert head.startswith("data:"), url[:40]
    if head.endswith(";base64"):
        import base64

        return base64.b64decode(payload)
    return urllib.parse.unquote_to_bytes(payload)


@pytest.fixture(scope="module")
def page(provinces: gpd.GeoDataFrame, capitals: pd.DataFrame) -> str:
    m = render.build_map(status_table(provinces), as_of=AS_OF, capitals=capitals)
    return m.get_root().render()


# ----------------------------------------------------------------------------------------------
# statuses and colours
# ----------------------------------------------------------------------------------------------


def test_embeds_exactly_the_34_provinces(page: str, provinces: gpd.GeoDataFrame) -> None:
    features = embedded_geojson(page)["features"]
    assert len(features) == 34
    assert sorted(f["properties"]["province"] for f in features) == sorted(provinces["province"])
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)


def test_each_province_has_the_colour_of_its_status(page: str) -> None:
    styles = styles_by_id(page)
    features = embedded_geojson(page)["features"]
    seen = set()
    for feature in features:
        province = feature["properties"]["province"]
        status = ControlStatus(STATUSES.get(province, "no_report"))
        assert feature["properties"]["status"] == status.value
        style = styles[feature["id"]]
        assert style["fillColor"] == render.status_colour(status), province
        assert style["fillOpacity"] == render.STATUS_STYLE[status]["fill_opacity"]
        seen.add(status)
    assert seen == set(ControlStatus)


def test_contested_is_dashed_and_hatched(page: str) -> None:
    styles = styles_by_id(page)
    for feature in embedded_geojson(page)["features"]:
        style = styles[feature["id"]]
        if feature["properties"]["status"] == "contested":
            assert style["dashArray"]
            assert style["className"] == "afmap-hatch"
        else:
            assert "dashArray" not in style
            assert "className" not in style
    assert "path.afmap-hatch { fill: url(#afmap-hatch); }" in page
    assert '<pattern id="afmap-hatch"' in page


def test_no_report_never_looks_like_government() -> None:
    no_report = render.STATUS_STYLE[ControlStatus.NO_REPORT]
    government = render.STATUS_STYLE[ControlStatus.GOVERNMENT]
    assert no_report["colour"] != government["colour"]
    assert no_report["outline"] != government["outline"]


def _grey(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_statuses_differ_in_lightness_for_greyscale_and_colour_blindness() -> None:
    greys = sorted(_grey(s["colour"]) for s in render.STATUS_STYLE.values())
    assert len(greys) == len(ControlStatus)
    gaps = [b - a for a, b in itertools.pairwise(greys)]
    assert min(gaps) >= 35, f"grey levels too close: {greys}"
    assert _grey(render.status_colour("taliban")) < 60  # dark red
    assert _grey(render.status_colour("no_report")) == 255  # white


def test_status_colour_rejects_unknown_status() -> None:
    with pytest.raises(ValueError, match=r"'captured' .*taliban, contested"):
        render.status_colour("captured")


def test_unknown_status_in_table_names_the_province(provinces: gpd.GeoDataFrame) -> None:
    gdf = status_table(provinces)
    gdf.loc[gdf["province"] == "Ghazni", "status"] = "fallen"
    with pytest.raises(ValueError, match="'fallen' for province 'Ghazni'"):
        render.build_map(gdf, as_of=AS_OF)


def test_selected_province_gets_a_thicker_outline_and_is_drawn_last(
    provinces: gpd.GeoDataFrame,
) -> None:
    m = render.build_map(status_table(provinces), as_of=AS_OF, selected=["Kabul", "AF-HEL"])
    page = m.get_root().render()
    styles = styles_by_id(page)
    features = embedded_geojson(page)["features"]
    chosen = {f["id"] for f in features if f["properties"]["province"] in ("Kabul", "Helmand")}
    thick = {i for i, s in styles.items() if s["weight"] >= 4}
    assert thick == chosen
    assert {f["id"] for f in features[-2:]} == chosen
    assert styles[next(iter(chosen - {"AF-HEL"}))]["weight"] > max(
        s["weight"] for i, s in styles.items() if i not in chosen
    )


# ----------------------------------------------------------------------------------------------
# tooltip, popup, legend, attribution
# ----------------------------------------------------------------------------------------------


def test_tooltip_and_popup_fields(page: str) -> None:
    features = {
        f["properties"]["province"]: f["properties"] for f in embedded_geojson(page)["features"]
    }
    kunduz = features["Kunduz"]
    assert kunduz["capital"] == "Kunduz"
    assert kunduz["status_label"] == "Taliban"
    assert kunduz["since"] == "8 Aug 2021"
    assert kunduz["claimant"] == "a provincial council member"
    assert kunduz["article_id"] == "0e5dc57be2bda8c3"
    assert kunduz["n_claims"] == "2"
    evidence = html.unescape(kunduz["evidence"])
    assert evidence.startswith("“Taliban fighters entered")
    assert evidence.endswith("…”")
    assert len(evidence) <= 305
    assert features["Ghor"]["status_label"] == "No report"
    assert features["Ghor"]["since"] == "—"
    for field in ("Province", "Capital", "Status", "Since", "Evidence", "Who says", "Article"):
        assert f'"{field}"' in page
    assert "bindTooltip" in page
    assert "bindPopup" in page


def test_legend_lists_each_status_with_its_definition_and_the_date(page: str) -> None:
    legend = re.search(r'<div id="afmap-legend".*?\n</div>\n', page, re.S)
    assert legend, "legend HTML missing"
    text = legend[0]
    assert "Province status as of 10 Aug 2021" in text
    for status in ControlStatus:
        assert html.escape(render.STATUS_DEFINITIONS[status]) in text, status
        assert render.STATUS_LABELS[status] in text
        assert render.status_colour(status) in text  # the swatch
    assert 'L.control({position: "bottomright"})' in page


def test_legend_definitions_match_definitions_md() -> None:
    table = (PROJECT_ROOT / "docs" / "DEFINITIONS.md").read_text(encoding="utf-8")
    for status in ControlStatus:
        row = re.search(rf"^\| `{status.value}` \| (.*?) \|", table, re.M)
        assert row, status
        assert row[1].replace("(map only) ", "") == render.STATUS_DEFINITIONS[status]


def test_legend_says_latest_without_a_date(provinces: gpd.GeoDataFrame) -> None:
    page = render.build_map(status_table(provinces), as_of=None).get_root().render()
    assert "Province status, latest" in page
    assert "as of" not in page.split('id="afmap-legend"')[1].split("</div>")[0]


def test_attribution_and_capitals(page: str) -> None:
    assert json.dumps(render.DEFAULT_ATTRIBUTION) in page
    assert "addAttribution(" in page
    assert "Kunduz (capital of Kunduz)" in page
    assert "Mazar-i-Sharif (capital of Balkh)" in page
    assert page.count("L.circleMarker(") == 34


# ----------------------------------------------------------------------------------------------
# untrusted text
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_page(provinces: gpd.GeoDataFrame, capitals: pd.DataFrame) -> str:
    nasty = " ".join(HOSTILE)
    gdf = status_table(provinces)
    for column in ("evidence", "claimant", "article_id", "since"):
        gdf[column] = nasty
    gdf.loc[gdf["province"] == "Ghor", "province"] = f"Ghor {nasty}"
    gdf.loc[gdf["province"] == "Logar", "capital"] = nasty
    caps = capitals.copy()
    caps.loc[caps["province"] == "Logar", "capital"] = nasty
    m = render.build_map(
        gdf, as_of=AS_OF, capitals=caps, attribution=f"data {nasty}", selected=[nasty]
    )
    return m.get_root().render()


@pytest.mark.parametrize("text", HOSTILE_RAW)
def test_hostile_text_never_reaches_the_page_raw(hostile_page: str, text: str) -> None:
    assert text not in hostile_page


def test_hostile_text_is_shown_as_text(hostile_page: str) -> None:
    nasty = " ".join(HOSTILE)
    features = embedded_geojson(hostile_page)["features"]
    ghor = next(f for f in features if f["properties"]["province"].startswith("Ghor"))
    # What innerHTML will display is exactly the original text.
    assert html.unescape(ghor["properties"]["province"]) == f"Ghor {nasty}"
    claimant = html.unescape(ghor["properties"]["claimant"])
    assert claimant.endswith("…")
    assert nasty.startswith(claimant[:-1])
    assert html.unescape(ghor["properties"]["article_id"]) == nasty
    for value in ghor["properties"].values():
        if isinstance(value, str):
            assert not re.search(r"[<>\"'`\\]", value), value


def test_no_script_breakout_or_javascript_urls(hostile_page: str) -> None:
    assert hostile_page.count("<script") == hostile_page.count("</script>")
    assert hostile_page.lower().count("</script") == hostile_page.count("</script>")
    before = re.findall(r"(.{3})window\.__pwned", hostile_page)
    assert before  # the text is there...
    assert set(before) == {"gt;"}, set(before)  # ...but only ever after an escaped "<script>"
    for url in asset_urls(hostile_page):
        assert not url.lower().startswith("javascript:")
    assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", hostile_page, re.I)


# ----------------------------------------------------------------------------------------------
# offline assets
# ----------------------------------------------------------------------------------------------


def test_inline_page_loads_nothing_from_the_network(page: str) -> None:
    urls = asset_urls(page)
    assert urls, "expected Leaflet's script and stylesheet links"
    assert [u for u in urls if EXTERNAL.search(u)] == []
    assert all(u.startswith("data:") for u in urls)
    for cdn in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrapcdn"):
        assert cdn not in page


def test_inline_assets_are_the_vendored_leaflet(page: str) -> None:
    urls = asset_urls(page)
    js = next(u for u in urls if u.startswith("data:text/javascript"))
    css = next(u for u in urls if u.startswith("data:text/css"))
    vendored = (render.VENDOR_DIR / "leaflet" / "leaflet.js").read_bytes()
    assert data_url_text(js) == vendored.replace(b"\n//# sourceMappingURL=leaflet.js.map", b"\n")
    assert b".leaflet-container" in data_url_text(css)
    assert b"url(images/layers.png)" not in data_url_text(css)


def test_tiles_are_off_by_default_and_osm_when_asked(
    page: str, provinces: gpd.GeoDataFrame
) -> None:
    assert "tile.openstreetmap.org" not in page
    assert "L.tileLayer(" not in page
    tiled = render.build_map(status_table(provinces), as_of=AS_OF, tiles=True)
    tiled_page = tiled.get_root().render()
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in tiled_page
    assert "OpenStreetMap" in tiled_page
    assert [u for u in asset_urls(tiled_page) if EXTERNAL.search(u)] == []


def test_url_mode_links_the_vendored_files(provinces: gpd.GeoDataFrame) -> None:
    m = render.build_map(status_table(provinces), as_of=AS_OF, assets="url")
    urls = asset_urls(m.get_root().render())
    assert urls == ["app/static/vendor/leaflet/leaflet.js", "app/static/vendor/leaflet/leaflet.css"]
    for url in urls:
        assert (PROJECT_ROOT / "static" / url.removeprefix("app/static/")).is_file()
    with pytest.raises(ValueError, match="points off this machine"):
        render.build_map(
            status_table(provinces), as_of=AS_OF, assets="url", asset_base_url="https://cdn.x"
        )
    with pytest.raises(ValueError, match="'cdn'"):
        render.build_map(status_table(provinces), as_of=AS_OF, assets="cdn")


def test_map_html_is_standalone(provinces: gpd.GeoDataFrame) -> None:
    m = render.build_map(status_table(provinces), as_of=AS_OF, assets="url")
    page = render.map_html(m)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Afghanistan: Province status as of 10 Aug 2021</title>" in page
    urls = asset_urls(page)
    assert len(urls) == 2
    assert all(u.startswith("data:") for u in urls)
    assert not re.search(
        r"https?://",
        re.sub(r'(?:src|href)="data:[^"]*"', "", page)
        .replace("https://www.openstreetmap.org", "")
        .replace("http://www.w3.org", ""),
    )
    # The map itself is left as it was.
    assert asset_urls(m.get_root().render())[0] == "app/static/vendor/leaflet/leaflet.js"


def test_map_html_refuses_a_map_with_cdn_plugins(provinces: gpd.GeoDataFrame) -> None:
    m = render.build_map(status_table(provinces), as_of=AS_OF)
    from folium.plugins import Fullscreen

    Fullscreen().add_to(m)
    with pytest.raises(ValueError, match="from the network"):
        render.map_html(m)
    assert render.external_asset_urls(m)


def test_html_is_under_budget(provinces: gpd.GeoDataFrame, capitals: pd.DataFrame) -> None:
    gdf = status_table(provinces)
    gdf["evidence"] = "x" * 2000  # shortened to ~300 characters
    gdf["status"] = "contested"
    page = render.build_map(gdf, as_of=AS_OF, capitals=capitals, selected=["Kabul"]).get_root()
    size = len(page.render().encode("utf-8"))
    assert size < BUDGET_BYTES, f"{size:,} bytes"


def test_vendored_leaflet_is_the_version_folium_expects() -> None:
    leaflet_url = dict(folium.folium._default_js)["leaflet"]
    assert f"leaflet@{render.LEAFLET_VERSION}/" in leaflet_url
    js = (render.VENDOR_DIR / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    assert f'version="{render.LEAFLET_VERSION}"' in js


def test_vendor_readme_lists_each_file_with_its_hash() -> None:
    readme = (render.VENDOR_DIR / "README.md").read_text(encoding="utf-8")
    files = [p for p in render.VENDOR_DIR.rglob("*") if p.is_file() and p.name != "README.md"]
    assert files
    for path in files:
        relative = path.relative_to(render.VENDOR_DIR).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{relative}`" in readme, relative
        assert digest in readme, f"sha256 of {relative} changed or missing"
    assert (render.VENDOR_DIR / "leaflet" / "LICENSE").is_file()


# ----------------------------------------------------------------------------------------------
# streamlit-folium: what st_folium would send to its iframe
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def st_folium_args(monkeypatch: pytest.MonkeyPatch) -> Any:
    streamlit_folium = pytest.importorskip("streamlit_folium")
    sent: dict[str, Any] = {}

    def fake_component(**kwargs: Any) -> None:
        sent.update(kwargs)

    monkeypatch.setattr(streamlit_folium, "_component_func", fake_component)

    def call(m: folium.Map) -> dict[str, Any]:
        sent.clear()
        streamlit_folium.st_folium(m, key="map", height=600, returned_objects=[])
        return dict(sent)

    return call


def _payload_size(args: dict[str, Any]) -> int:
    return len(json.dumps(args, default=str).encode("utf-8"))


def test_st_folium_inline_loads_leaflet_from_data_urls(
    st_folium_args: Any, provinces: gpd.GeoDataFrame, capitals: pd.DataFrame
) -> None:
    m = render.build_map(status_table(provinces), as_of=AS_OF, capitals=capitals)
    args = st_folium_args(render.offline_for_streamlit(m))
    assert len(args["js_links"]) == 1
    assert args["js_links"][0].startswith("data:text/javascript")
    assert len(args["css_links"]) == 1
    assert args["css_links"][0].startswith("data:text/css")
    for part in ("header", "html", "script"):
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", args[part]), part
    assert b"window.L" in data_url_text(args["js_links"][0])
    assert 'id="afmap-legend"' in args["html"]  # the legend HTML reaches the iframe
    assert "#map_div.leaflet-container" in args["header"]  # map-scoped CSS follows the rename
    assert "afmap-legend" in args["script"]
    assert _payload_size(args) < BUDGET_BYTES


def test_st_folium_url_mode_resolves_to_streamlit_static_files(
    st_folium_args: Any, provinces: gpd.GeoDataFrame
) -> None:
    m = render.build_map(status_table(provinces), as_of=AS_OF, assets="url")
    args = st_folium_args(render.offline_for_streamlit(render.offline_for_streamlit(m)))
    iframe = "http://localhost:8501/component/streamlit_folium.st_folium/index.html?streamlitUrl=x"
    resolved = [urllib.parse.urljoin(iframe, u) for u in args["js_links"] + args["css_links"]]
    assert resolved == [
        "http://localhost:8501/app/static/vendor/leaflet/leaflet.js",
        "http://localhost:8501/app/static/vendor/leaflet/leaflet.css",
    ]
    # Under server.baseUrlPath the same relative links still land on the app's static files.
    prefixed = iframe.replace("8501/", "8501/afmap/")
    assert urllib.parse.urljoin(prefixed, args["js_links"][0]).startswith(
        "http://localhost:8501/afmap/app/static/vendor/"
    )
    assert _payload_size(args) < 200 * 1024


def test_plain_folium_map_would_load_cdns_in_st_folium(st_folium_args: Any) -> None:
    """The failure offline_for_streamlit guards against: folium's defaults are all CDN links."""
    m = folium.Map(tiles=None)
    args = st_folium_args(m)
    assert any(EXTERNAL.search(u) for u in args["js_links"])
    with pytest.raises(ValueError, match="from the network"):
        render.offline_for_streamlit(folium.Map(tiles=None))


def test_vendor_dir_is_the_repository_static_folder() -> None:
    assert render.VENDOR_DIR.relative_to(PROJECT_ROOT) == Path("static", "vendor")
    assert render.STREAMLIT_COMPONENT_ASSET_BASE.endswith(render.STREAMLIT_STATIC_ASSET_BASE)


def test_empty_table_still_draws_the_frame(provinces: gpd.GeoDataFrame) -> None:
    empty = status_table(provinces).iloc[:0]
    page = render.map_html(render.build_map(empty, as_of=AS_OF))
    assert "Province status as of 10 Aug 2021" in page
    assert not re.search(r"geo_json_[0-9a-f]+_add\(", page)
    assert "fitBounds" in page


def test_projected_input_is_reprojected_and_rounded(provinces: gpd.GeoDataFrame) -> None:
    projected = status_table(provinces).to_crs("EPSG:32642")  # UTM 42N, metres
    features = embedded_geojson(render.build_map(projected, as_of=AS_OF).get_root().render())
    lon, lat = features["features"][0]["geometry"]["coordinates"][0][0]
    assert 60 < lon < 75
    assert 29 < lat < 39
    assert len(repr(lon).split(".")[1]) <= 5


def test_missing_columns_are_named(provinces: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['status'\]"):
        render.build_map(provinces, as_of=AS_OF)
