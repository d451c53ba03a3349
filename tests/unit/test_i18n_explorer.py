"""The explorer, profile and start pages in French and Arabic: catalogues complete, figures translated and mirrored."""

import re
from pathlib import Path

import pandas as pd
import pytest

from imapdash.datasets import load_datasets
from imapdash.figures.choropleth import NO_DATA_TRACE, VALUES_TRACE, build_choropleth, colour_style, period_text
from imapdash.figures.indicator_charts import build_ranking, build_sparkline, build_time_series
from imapdash.figures.sources import format_vintage, source_annotation
from imapdash.i18n import LANGUAGES, catalogue
from imapdash.ids import Explorer, Profile
from imapdash.transforms.indicators import IndicatorMeta
from imapdash.urlstate import parse_query
from imapdash.views import explorer, overview, profile
from imapdash.views.context import ViewContext, dash_values
from imapdash.views.explorer import charts
from imapdash.views.explorer import page as page_layout
from imapdash.views.explorer.state import ExplorerState, parse_state, state_query
from tests.conftest import FIXTURE_DATA

DATA = Path(__file__).resolve().parents[2] / "data"
STOCK = IndicatorMeta(
    "migrant_stock_total",
    "رصيد المهاجرين الدوليين",
    "migration_development",
    "persons",
    "log",
    0,
    "UN DESA",
    "https://un.org/x",
)
SHARE = IndicatorMeta("share", "Part", "migration_development", "percent", "linear", 2, "UN DESA", "https://un.org/x")
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def datasets():
    return load_datasets(FIXTURE_DATA)


def _frame(rows):
    frame = pd.DataFrame(rows, columns=["iso3", "value"])
    frame["year"] = 2023
    frame["period_label"] = "end-2023"
    frame["status"] = "provisional"
    frame["source_org"] = "UN DESA"
    frame["source_url"] = "https://un.org/x"
    frame["vintage"] = "IMS 2024"
    return frame


def _strings(component) -> list[str]:
    """Every text a reader sees in a layout: children, labels, placeholders, titles, option labels."""
    found = []
    for node in component._traverse():
        if isinstance(node, str):
            found.append(node)
            continue
        for prop in ("label", "placeholder", "title"):
            value = getattr(node, prop, None)
            if isinstance(value, str):
                found.append(value)
        for option in getattr(node, "options", None) or []:
            if isinstance(option, dict) and isinstance(option.get("label"), str):
                found.append(option["label"])
        labels = getattr(node, "labels", None)
        if isinstance(labels, dict):
            found += [v for v in labels.values() if isinstance(v, str)]
        if isinstance(getattr(node, "children", None), str):
            found.append(node.children)
    return found


def _english_texts(lang: str) -> set[str]:
    """English catalogue values of these views that differ in `lang` (so they must not appear)."""
    ours = ("explorer.", "profile.", "figure.", "indicator.", "overview.", "region.", "subregion.", "common.")
    english, other = catalogue("en"), catalogue(lang)
    shared = " ".join(other.values())  # "Routes" is also French ("Routes migratoires"): not a leftover
    return {
        v
        for k, v in english.items()
        if k.startswith(ours) and len(v) > 3 and "{" not in v and v != other[k] and not _has(shared, v)
    }


def _has(text: str, phrase: str) -> bool:
    """`phrase` occurs in `text` as whole words ('selected' is not found in '{num_selected}')."""
    return re.search(rf"(?<![\w{{]){re.escape(phrase)}(?![\w}}])", text) is not None


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_indicator_has_a_label_and_description_in_every_language(lang):
    indicators = pd.read_csv(DATA / "indicators.csv")
    messages = catalogue(lang)
    for row in indicators.itertuples(index=False):
        assert messages[f"indicator.{row.indicator_id}.label"]
        assert messages[f"indicator.{row.indicator_id}.description"]
        if lang == "en":
            assert messages[f"indicator.{row.indicator_id}.label"] == row.label


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_region_and_route_role_in_the_data_is_translated(lang):
    countries = pd.read_csv(DATA / "countries.csv")
    messages = catalogue(lang)
    for region in countries["region"].dropna().unique():
        assert f"region.{profile.slug(region)}" in messages
    for subregion in countries["subregion"].dropna().unique():
        assert f"subregion.{profile.slug(subregion)}" in messages
    for role in pd.read_csv(DATA / "route_countries.csv")["role"].unique():
        assert f"profile.role.{role}" in messages


def test_arabic_map_has_translated_title_colorbar_hover_and_right_aligned_note():
    fig = build_choropleth(
        _frame([("ITA", 6500.0)]),
        meta=STOCK,
        names={"ITA": "إيطاليا", "TUN": "تونس"},
        geometry_iso3=["ITA", "TUN"],
        geojson_url="/geo/x",
        year=2023,
        value_range=(60.0, 6500.0),
        sources=[("UN DESA", "https://un.org/x")],
        lang="ar",
    )
    layout = fig["layout"]
    assert layout["title"]["text"] == "رصيد المهاجرين الدوليين، 2023"
    assert layout["title"]["xanchor"] == "right"
    values = fig["data"][VALUES_TRACE]
    assert values["colorbar"]["title"]["text"] == "أشخاص، مقياس لوغاريتمي"
    assert values["customdata"][0][:3] == ["إيطاليا", "6,500", "نهاية 2023 (أولي)"]
    assert "المصدر: %{customdata[3]}" in values["hovertemplate"]
    assert "لا توجد بيانات" in fig["data"][NO_DATA_TRACE]["hovertemplate"]
    assert fig["data"][NO_DATA_TRACE]["text"] == ["تونس"]
    note = layout["annotations"][0]
    assert (
        note["text"].replace("\u2068", "").startswith("المصدر: UN DESA")
        and note["xanchor"] == "right"
        and note["align"] == "right"
    )


def test_french_numbers_and_periods():
    style = colour_style(STOCK, (60.0, 65000.0), lang="fr")
    assert style["colorbar"]["ticktext"][-2:] == [f"10{NNBSP}000", f"100{NNBSP}000"]
    row = {"period_label": "mid-2024", "year": 2024, "status": "provisional"}
    assert period_text(row, "fr") == "mi-2024 (provisoire)"
    fig = build_ranking(
        _frame([("ITA", 6500.0)]).assign(value=[0.5]), meta=SHARE, names={"ITA": "Italie"}, title="t", lang="fr"
    )
    assert fig["data"][0]["text"] == ["0,50 %"]
    assert fig["layout"]["xaxis"]["title"]["text"] == "%"
    assert build_sparkline(pd.DataFrame({"year": [2020], "value": [1234.5]}), unit="persons", decimals=1, lang="fr")[
        "data"
    ][0]["text"] == [f"1{NNBSP}234,5"]


def test_arabic_value_charts_are_mirrored_and_time_runs_left_to_right():
    ranking = build_ranking(
        _frame([("ITA", 6500.0), ("TUN", 60.0)]), meta=STOCK, names={"ITA": "إيطاليا"}, title="أعلى 2", lang="ar"
    )
    layout = ranking["layout"]
    assert layout["xaxis"]["autorange"] == "reversed" and layout["xaxis"]["title"]["text"] == "أشخاص"
    assert layout["yaxis"] == {"autorange": "reversed", "automargin": True, "side": "right"}
    assert layout["title"]["xanchor"] == "right"
    series = build_time_series(
        _frame([("ITA", 6500.0)]),
        pd.DataFrame({"year": [2023], "value": [6500.0], "n_reporting": [1], "n_partners": [34]}),
        meta=STOCK,
        names={"ITA": "إيطاليا"},
        title="t",
        lang="ar",
    )
    # one rule for time in every view: it runs left to right in Arabic too (title and legend on the right)
    assert "autorange" not in series["layout"]["xaxis"]
    assert series["layout"]["title"]["xanchor"] == "right"
    assert series["data"][1]["name"].startswith("الدول الشريكة")
    assert series["data"][1]["text"] == ["6,500 (1 من أصل 34 دولة شريكة)"]
    empty = build_time_series(_frame([]).iloc[0:0], pd.DataFrame(), meta=STOCK, names={}, title="t", lang="ar")
    assert "اختر بلدانًا" in empty["layout"]["annotations"][-1]["text"]


def test_source_note_and_vintages_follow_the_language():
    assert source_annotation([("UNHCR", "https://unhcr.org")], lang="fr")["text"].startswith("Source : UNHCR")
    assert source_annotation([("UNHCR", "https://unhcr.org")])["xanchor"] == "left"
    assert format_vintage("reference data as of June 2025", "fr") == "données de référence : juin 2025"
    assert format_vintage("2024-10", "ar") == "أكتوبر 2024"
    assert format_vintage("IMS 2024", "ar") == "IMS 2024"  # a publisher's label stays as published


def test_url_state_keeps_the_language():
    state = ExplorerState("migrant_stock_total", 2024, "home", ("TUN",), "map", "indicator", "ar")
    assert state_query(state) == "?ind=migrant_stock_total&year=2024&region=home&sel=TUN&tab=map&lang=ar"
    parsed = parse_state(
        parse_query(state_query(state)),
        indicators=["migrant_stock_total"],
        countries=["TUN"],
        default="migrant_stock_total",
        presets=("home",),
    )
    assert parsed == state


def test_controls_keep_lang_in_the_url_and_links(datasets):
    state = ExplorerState("migrant_stock_total", 2020, selection=("ITA",), lang="fr")
    vc = ViewContext(datasets=datasets, lang="fr")

    def search_for(state, current):
        values = explorer.BINDER.control_values(vc, state)
        return dash_values(explorer.BINDER.search_for(vc, values, lang=state.lang, current_search=current))

    search = search_for(state, "?lang=fr&present=1")
    assert search == "?ind=migrant_stock_total&year=2020&region=home&sel=ITA&tab=map&lang=fr&present=1"
    english = search_for(ExplorerState("migrant_stock_total", 2020), "?lang=en")
    assert english.endswith("&lang=en")  # an explicit language stays in the permalink
    assert charts.profile_link(vc, state) == ("/country/ITA?lang=fr", "Ouvrir le profil : Italie")
    # the country picker opens /country/<ISO3> + this query in the browser (assets/js/explorer.js openProfile)
    arabic = ViewContext(datasets=datasets, lang="ar")
    arabic_state = ExplorerState("migrant_stock_total", 2020, lang="ar")
    assert page_layout.years_data(arabic, arabic_state)["profile_query"] == "?lang=ar"
    pinned = ViewContext(datasets=datasets, lang="ar", pinned=3)
    assert page_layout.years_data(pinned, arabic_state)["profile_query"] == "?lang=ar&release=3"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_explorer_layout_has_no_english_interface_text(datasets, lang):
    page = explorer.layout(datasets, path="/", query=parse_query(f"?sel=ITA&lang={lang}"))
    texts = _strings(page)
    leftovers = {e for e in _english_texts(lang) if any(_has(text, e) for text in texts)}
    assert leftovers == set()
    found = {c.id: c for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
    figure = found[Explorer.MAP].figure
    assert (
        figure["layout"]["title"]["text"].replace("<br>", " ")
        == {"fr": "Stock de migrants internationaux, 2024", "ar": "رصيد المهاجرين الدوليين، 2024"}[lang]
    )
    names = {"fr": "Italie", "ar": "إيطاليا"}
    assert figure["data"][VALUES_TRACE]["customdata"][0][0] == names[lang]
    assert names[lang] in [o["label"] for o in found[Explorer.SELECTION].options]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_profile_and_overview_have_no_english_interface_text(datasets, lang):
    page = profile.layout(datasets, path="/country/ITA", query=parse_query(f"?lang={lang}"))
    texts = _strings(page) + _strings(overview.layout(datasets, query=parse_query(f"?lang={lang}")))
    assert {e for e in _english_texts(lang) if any(_has(text, e) for text in texts)} == set()
    found = {c.id: c for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
    assert found[Profile.TITLE].children == {"fr": "Italie", "ar": "إيطاليا"}[lang]
    assert found[Profile.MAP_LINK].href == f"/?sel=ITA&lang={lang}"
    card = " ".join(_strings(found["profile-card-migrant_stock_total"]))
    assert {"fr": f"6{NNBSP}500", "ar": "6,500"}[lang] in card
