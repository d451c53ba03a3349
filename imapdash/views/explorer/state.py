"""The explorer's URL state, as pure functions: parse, validate, write, and what a click does to it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ...datasets import Datasets
from ...i18n import DEFAULT_LANGUAGE, normalise_language
from ...urlstate import as_int, as_list, first, to_query

PATH = "/"
DEFAULT_INDICATOR = "migrant_stock_pct_population"
TABS = ("map", "table")
MODES = ("indicator", "origins", "destinations")
MAX_SELECTION = 12


@dataclass(frozen=True)
class ExplorerState:
    """Everything the URL says about the explorer."""

    indicator: str
    year: int | None = None
    region: str = ""  # a map preset id from the data's manifest ("" before validation)
    selection: tuple[str, ...] = ()
    tab: str = "map"
    mode: str = "indicator"
    lang: str = DEFAULT_LANGUAGE

    @property
    def focus(self) -> str | None:
        """The country corridors and the profile link refer to: the last one selected."""
        return self.selection[-1] if self.selection else None


def default_indicator(indicators: pd.DataFrame, preferred: str = "") -> str:
    """The manifest's default indicator, else the share of migrants in the population, else the first listed."""
    known = indicators["indicator_id"].astype(str).tolist()
    for wanted in (preferred, DEFAULT_INDICATOR):
        if wanted and wanted in known:
            return wanted
    return known[0] if known else ""


def parse_state(
    query: Mapping[str, list[str]],
    *,
    indicators: Iterable[str],
    countries: Iterable[str],
    default: str,
    presets: Sequence[str] = ("",),
    modes: Sequence[str] = MODES,
) -> ExplorerState:
    """The state a parsed query describes; unknown values fall back to defaults, never fail.

    `presets`: the map presets the data's manifest offers, the default first; `modes`: the modes the data allow.
    """
    known_indicators, known_countries = set(indicators), set(countries)
    indicator = first(query, "ind")
    region = first(query, "region")
    tab = first(query, "tab")
    mode = first(query, "mode")
    selection = [c.upper() for c in as_list(query, "sel")]
    return ExplorerState(
        indicator=indicator if indicator in known_indicators else default,
        year=as_int(query, "year"),
        region=region if region in presets else presets[0],
        selection=tuple(dict.fromkeys(c for c in selection if c in known_countries))[:MAX_SELECTION],
        tab=tab if tab in TABS else "map",
        mode=mode if mode in modes else "indicator",
        lang=normalise_language(first(query, "lang")),
    )


def query_params(state: ExplorerState) -> dict[str, object]:
    """The explorer's own URL parameters (mode only when not the default; no language, no shell params)."""
    return {
        "ind": state.indicator,
        "year": state.year,
        "region": state.region,
        "sel": list(state.selection),
        "tab": state.tab,
        "mode": state.mode if state.mode != "indicator" else None,
    }


def state_query(state: ExplorerState, kept: Mapping[str, str] | None = None) -> str:
    """'?ind=…&year=…&region=…&sel=TUN,ITA&tab=map' (lang only when not the default), plus kept params."""
    params = query_params(state) | {"lang": state.lang if state.lang != DEFAULT_LANGUAGE else None}
    params.update(dict(kept or {}))
    return to_query(params)


def state_from_query(datasets: Datasets, query: Mapping[str, list[str]]) -> ExplorerState:
    """parse_state against the datasets' indicators and countries."""
    return parse_state(
        query,
        indicators=datasets.indicators["indicator_id"].astype(str),
        countries=datasets.countries["iso3"].astype(str),
        default=default_indicator(datasets.indicators, datasets.region.default_indicator),
        presets=preset_order(datasets),
        modes=available_modes(datasets),
    )


def available_modes(datasets: Datasets) -> tuple[str, ...]:
    """Indicator mode always; corridor modes only when the region has corridors.csv."""
    return MODES if datasets.has("corridors") else ("indicator",)


def preset_order(datasets: Datasets) -> tuple[str, ...]:
    """The manifest's map presets, its default first."""
    region = datasets.region
    return (region.default_preset, *(p for p in region.preset_ids() if p != region.default_preset))


def state_from_controls(
    datasets: Datasets, indicator, year, region, selection, tab, mode, lang: str | None = None
) -> ExplorerState:
    """The state the controls show (validated the same way as a URL), in the shell's language."""
    query = {
        "ind": [indicator or ""],
        "year": [str(year) if year is not None else ""],
        "region": [region or ""],
        "sel": [",".join(selection or [])],
        "tab": [tab or ""],
        "mode": [mode or ""],
        "lang": [lang or ""],
    }
    return state_from_query(datasets, {k: v for k, v in query.items() if v != [""]})


def toggle_selection(selection: Iterable[str] | None, iso3: str | None, known: Iterable[str]) -> list[str]:
    """Add a clicked country to the selection, or remove it if it was selected."""
    current = list(selection or [])
    if not iso3 or iso3 not in set(known):
        return current
    if iso3 in current:
        return [c for c in current if c != iso3]
    return [*current, iso3][-MAX_SELECTION:]


def clicked_iso3(click_data: dict | None, *, key: str) -> str | None:
    """The ISO3 in a map click (`location`) or a bar click (`customdata`)."""
    points = (click_data or {}).get("points") or []
    value = points[0].get(key) if points else None
    return value if isinstance(value, str) else None


def lang_query(lang: str, pin: Mapping[str, object] | None = None) -> str:
    """'?lang=fr' for links to other pages (empty for the default language), keeping a pinned release."""
    return to_query({"lang": lang if lang != DEFAULT_LANGUAGE else None, **dict(pin or {})})
