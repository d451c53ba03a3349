"""The region a data directory describes: read from manifest.json's `region` object, never from code.

The manifest names the region, the label of its partner states (which states they are is the `partner`
column of countries.csv), the map presets (a translated name and the countries each frames), the default
preset, the layers and measures the data has, and the languages offered. Example (docs/new-region.md):

    "region": {
      "id": "ehoa",
      "name": {"en": "East and Horn of Africa", "fr": "Afrique de l'Est et Corne de l'Afrique"},
      "partner_label": {"en": {"one": "IGAD member state", "many": "IGAD member states"}},
      "presets": [
        {"id": "region", "name": {"en": "East and Horn of Africa"}, "countries": "partners"},
        {"id": "gulf", "name": {"en": "Horn and Gulf"}, "countries": ["ETH", "SOM", "YEM", "SAU"]},
        {"id": "world", "name": {"en": "World"}, "countries": "all", "frame": {"lon": [-180, 180], "lat": [-58, 84]}}
      ],
      "default_preset": "region",
      "default_indicator": "migrant_stock_total",
      "languages": ["en", "fr"],
      "layers": ["mixed_migration", "migration_development"]
    }

A preset's `countries` is a list of ISO3 codes, "partners", "all", or {"region": "Africa"} /
{"subregion": "Eastern Africa"} (countries.csv columns). Without `frame`, the map frame is the bounding box
of those countries' polygons, padded and widened to a wide screen. Texts fall back to English, then to the
first language given. A manifest without a `region` object (or with only an id string) gets one preset
framing every country, no partner label and every layer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .errors import Problem
from .schema import LANGUAGES, LAYERS, MANIFEST_FILE, MEASURES

WORLD_FRAME = ((-180.0, 180.0), (-58.0, 84.0))
FRAME_PADDING_DEG = 3.0
FRAME_ASPECT = 2.0  # lon span / lat span of a computed frame: the map box is wide (desk and projector screens)


@dataclass(frozen=True)
class Preset:
    """A map preset: its id (in the URL), its name per language, the countries it frames and the frame."""

    id: str
    names: Mapping[str, str]
    countries: tuple[str, ...]
    lon: tuple[float, float]
    lat: tuple[float, float]


@dataclass(frozen=True)
class Region:
    """The region of a data directory (see the module docstring)."""

    id: str
    names: Mapping[str, str]
    partner_label: Mapping[str, Mapping[str, str]]
    presets: tuple[Preset, ...]
    default_preset: str
    languages: tuple[str, ...]
    layers: tuple[str, ...]
    measures: tuple[str, ...]
    default_indicator: str = ""  # the indicator the explorer opens on ("" or unknown: the app's own default)

    def name(self, lang: str) -> str:
        """The region's name in `lang` (English, then any language, when it has none)."""
        return text_in(self.names, lang) or self.id

    def preset(self, preset_id: str | None) -> Preset:
        """A preset by id; the default preset for an unknown id."""
        by_id = {p.id: p for p in self.presets}
        return by_id.get(preset_id or "", by_id[self.default_preset])

    def preset_ids(self) -> list[str]:
        return [p.id for p in self.presets]

    def preset_name(self, preset_id: str, lang: str) -> str:
        preset = self.preset(preset_id)
        return text_in(preset.names, lang) or preset.id

    def partners_label(self, lang: str, *, many: bool = True) -> str:
        """'IGAD member states' (or the singular); empty when the manifest names no partner states."""
        forms = (
            self.partner_label.get(lang) or self.partner_label.get("en") or next(iter(self.partner_label.values()), {})
        )
        return str(forms.get("many" if many else "one", ""))


def text_in(texts: Mapping[str, str], lang: str) -> str:
    """The text for `lang`, else English, else the first one given, else ''."""
    if not texts:
        return ""
    return str(texts.get(lang) or texts.get("en") or next(iter(texts.values())))


def _texts(value: Any, where: str, problems: list[Problem]) -> dict[str, str]:
    """A {lang: text} object (a plain string counts as English)."""
    if isinstance(value, str) and value.strip():
        return {"en": value}
    if isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values()):
        return {str(k): str(v) for k, v in value.items()}
    problems.append(Problem(MANIFEST_FILE, "needs a text per language", column=where, expected='{"en": "…"}'))
    return {}


def _choices(
    value: Any, known: tuple[str, ...], default: tuple[str, ...], where: str, problems: list[Problem]
) -> tuple[str, ...]:
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) and v in known for v in value) or not value:
        problems.append(
            Problem(
                MANIFEST_FILE, "invalid list", column=where, value=str(value), expected="some of " + ", ".join(known)
            )
        )
        return default
    return tuple(value)


def preset_countries(spec: Any, countries: pd.DataFrame) -> list[str] | None:
    """The ISO3 codes a preset's `countries` names (None when the spec is not understood)."""
    iso3 = countries["iso3"].astype(str)
    if spec == "all":
        return iso3.tolist()
    if spec == "partners":
        return iso3[countries["partner"].astype(bool)].tolist() if "partner" in countries else []
    if isinstance(spec, dict) and len(spec) == 1:
        ((column, value),) = spec.items()
        if column in ("region", "subregion") and column in countries:
            return iso3[countries[column].astype(str) == str(value)].tolist()
        return None
    if isinstance(spec, list) and all(isinstance(c, str) for c in spec):
        return list(dict.fromkeys(spec))
    return None


def _points(coordinates: Any) -> Iterable[tuple[float, float]]:
    if (
        isinstance(coordinates, list | tuple)
        and len(coordinates) >= 2
        and all(isinstance(c, int | float) for c in coordinates[:2])
    ):
        yield float(coordinates[0]), float(coordinates[1])
        return
    if isinstance(coordinates, list | tuple):
        for part in coordinates:
            yield from _points(part)


def bounds(geometry: Mapping, iso3: Iterable[str]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """(lon range, lat range) of the polygons of `iso3` in a GeoJSON collection (None when none is there)."""
    wanted = set(iso3)
    lons: list[float] = []
    lats: list[float] = []
    for feature in geometry.get("features", []):
        if str(feature.get("id")) in wanted:
            for lon, lat in _points((feature.get("geometry") or {}).get("coordinates")):
                lons.append(lon)
                lats.append(lat)
    if not lons:
        return None
    return (min(lons), max(lons)), (min(lats), max(lats))


def frame_for(box: tuple[tuple[float, float], tuple[float, float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """A padded frame around a bounding box, widened (or heightened) to FRAME_ASPECT and kept on the globe."""
    (lon0, lon1), (lat0, lat1) = box
    lon0, lon1 = lon0 - FRAME_PADDING_DEG, lon1 + FRAME_PADDING_DEG
    lat0, lat1 = lat0 - FRAME_PADDING_DEG, lat1 + FRAME_PADDING_DEG
    width, height = lon1 - lon0, lat1 - lat0
    if width < height * FRAME_ASPECT:
        grow = (height * FRAME_ASPECT - width) / 2
        lon0, lon1 = lon0 - grow, lon1 + grow
    else:
        grow = (width / FRAME_ASPECT - height) / 2
        lat0, lat1 = lat0 - grow, lat1 + grow
    clamp = lambda v, lo, hi: max(lo, min(hi, v))  # noqa: E731
    return (
        (round(clamp(lon0, -180.0, 180.0), 1), round(clamp(lon1, -180.0, 180.0), 1)),
        (round(clamp(lat0, -90.0, 90.0), 1), round(clamp(lat1, -90.0, 90.0), 1)),
    )


def _frame(value: Any, where: str, problems: list[Problem]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    try:
        lon, lat = value["lon"], value["lat"]
        result = (float(lon[0]), float(lon[1])), (float(lat[0]), float(lat[1]))
    except (TypeError, KeyError, IndexError, ValueError):
        result = None
    if result is None or not all(math.isfinite(v) for pair in result for v in pair):
        problems.append(
            Problem(MANIFEST_FILE, "invalid frame", column=where, expected='{"lon": [w, e], "lat": [s, n]}')
        )
        return None
    return result


def _preset(raw: Any, index: int, countries: pd.DataFrame, geometry: Mapping, problems: list[Problem]) -> Preset | None:
    where = f"region.presets[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].strip():
        problems.append(Problem(MANIFEST_FILE, "preset needs an id", column=where, expected='{"id": "…", "name": …}'))
        return None
    names = _texts(raw.get("name"), f"{where}.name", problems)
    codes = preset_countries(raw.get("countries", "all"), countries)
    if codes is None:
        problems.append(
            Problem(
                MANIFEST_FILE,
                "invalid countries",
                column=f"{where}.countries",
                value=str(raw.get("countries")),
                expected='ISO3 codes, "partners", "all", {"region": "…"} or {"subregion": "…"}',
            )
        )
        codes = []
    known = set(countries["iso3"].astype(str))
    unknown = [c for c in codes if c not in known]
    if unknown:
        problems.append(
            Problem(
                MANIFEST_FILE,
                "unknown country",
                column=f"{where}.countries",
                value=", ".join(unknown),
                expected="ISO3 codes listed in countries.csv",
            )
        )
    codes = [c for c in codes if c in known]
    frame = _frame(raw["frame"], f"{where}.frame", problems) if "frame" in raw else None
    if frame is None:
        box = bounds(geometry, codes)
        frame = frame_for(box) if box else WORLD_FRAME
    return Preset(raw["id"], names, tuple(codes), frame[0], frame[1])


def default_region(countries: pd.DataFrame, geometry: Mapping, region_id: str = "region") -> Region:
    """The region of a manifest without a `region` object: one preset framing every country."""
    codes = tuple(countries["iso3"].astype(str))
    box = bounds(geometry, codes)
    lon, lat = frame_for(box) if box else WORLD_FRAME
    preset = Preset("all", {}, codes, lon, lat)
    return Region(region_id, {}, {}, (preset,), "all", LANGUAGES, LAYERS, MEASURES)


def read_region(manifest: Mapping, countries: pd.DataFrame | None, geometry: Mapping) -> tuple[Region, list[Problem]]:
    """The manifest's region, and every problem with it (file manifest.json, the key path as the column)."""
    countries = countries if countries is not None else pd.DataFrame({"iso3": []})
    raw = manifest.get("region")
    if not isinstance(raw, dict):
        return default_region(countries, geometry, raw if isinstance(raw, str) and raw else "region"), []
    problems: list[Problem] = []
    region_id = str(raw["id"]) if isinstance(raw.get("id"), str) and raw["id"] else "region"
    names = _texts(raw.get("name"), "region.name", problems)
    label: dict[str, dict[str, str]] = {}
    raw_label = raw.get("partner_label", {})
    if not isinstance(raw_label, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("one"), str) and isinstance(v.get("many"), str)
        for v in raw_label.values()
    ):
        problems.append(
            Problem(
                MANIFEST_FILE,
                "invalid partner label",
                column="region.partner_label",
                expected='{"en": {"one": "partner state", "many": "partner states"}}',
            )
        )
    else:
        label = {str(k): {"one": v["one"], "many": v["many"]} for k, v in raw_label.items()}
    presets = [
        p
        for i, item in enumerate(raw.get("presets") or [])
        if (p := _preset(item, i, countries, geometry, problems)) is not None
    ]
    ids = [p.id for p in presets]
    if len(set(ids)) != len(ids):
        problems.append(Problem(MANIFEST_FILE, "duplicate preset id", column="region.presets", value=", ".join(ids)))
    fallback = default_region(countries, geometry, region_id)
    if not presets:
        presets = list(fallback.presets)
    default = raw.get("default_preset", presets[0].id)
    if default not in {p.id for p in presets}:
        problems.append(
            Problem(
                MANIFEST_FILE,
                "unknown preset",
                column="region.default_preset",
                value=str(default),
                expected="one of " + ", ".join(p.id for p in presets),
            )
        )
        default = presets[0].id
    languages = _choices(raw.get("languages"), LANGUAGES, LANGUAGES, "region.languages", problems)
    layers = _choices(raw.get("layers"), LAYERS, LAYERS, "region.layers", problems)
    measures = _choices(raw.get("measures"), MEASURES, MEASURES, "region.measures", problems)
    indicator = raw.get("default_indicator", "")
    if not isinstance(indicator, str):
        problems.append(
            Problem(MANIFEST_FILE, "not text", column="region.default_indicator", expected="an indicator_id")
        )
        indicator = ""
    region = Region(region_id, names, label, tuple(presets), default, languages, layers, measures, indicator)
    return region, problems
