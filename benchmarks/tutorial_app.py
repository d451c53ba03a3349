"""The yardstick of issue 20: a Dash app written the way the Dash tutorials teach, over imapdash's bundled data.

One dropdown (indicator), one slider (year), one callback that returns a `px.choropleth` with the country
GeoJSON inline and a `px.bar` ranking — the whole figure on every change. Nothing tuned: no stores, no
clientside callbacks, no patches. The only addition is serving plotly's base-map topojson from the app itself
(the `topojsonURL` graph config), so it works offline like imapdash.

Run: `python -m benchmarks.tutorial_app [--port 8102]` or `gunicorn benchmarks.tutorial_app:server`.
Used by benchmarks/bench_vs_tutorial.py. Reads data/indicators.csv, data/indicator_values.csv and
data/countries.geojson (the same files imapdash serves).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html
from flask import send_from_directory

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
TOPOJSON = REPO / "assets" / "topojson"

indicators = pd.read_csv(DATA / "indicators.csv")
values = pd.read_csv(DATA / "indicator_values.csv")
values = values[values["restricted"] == 0]
countries = pd.read_csv(DATA / "countries.csv")
with open(DATA / "countries.geojson", encoding="utf-8") as handle:
    geojson = json.load(handle)

labels = dict(zip(indicators["indicator_id"], indicators["label"], strict=True))
years = sorted(values["year"].unique())
names = dict(zip(countries["iso3"], countries["name_en"], strict=True))

app = Dash(__name__, title="Migration indicators (tutorial app)")
server = app.server


@server.route("/topojson/<path:name>")
def topojson(name: str):  # type: ignore[no-untyped-def]
    return send_from_directory(TOPOJSON, name)


app.layout = html.Div(
    [
        html.H1("Migration indicators"),
        dcc.Dropdown(
            id="indicator",
            options=[{"label": labels[i], "value": i} for i in indicators["indicator_id"]],
            value="migrant_stock_pct_population",
            clearable=False,
        ),
        dcc.Slider(
            id="year",
            min=int(years[0]),
            max=int(years[-1]),
            step=None,
            marks={int(y): str(y) for y in years if y % 5 == 0 or y == years[-1]} | {int(y): "" for y in years},
            value=2020,
        ),
        dcc.Graph(id="map", config={"topojsonURL": "/topojson/"}),
        dcc.Graph(id="bar"),
    ]
)


@app.callback(Output("map", "figure"), Output("bar", "figure"), Input("indicator", "value"), Input("year", "value"))
def update(indicator, year):  # type: ignore[no-untyped-def]
    frame = values[(values["indicator_id"] == indicator) & (values["year"] == year)].copy()
    frame["country"] = frame["iso3"].map(names).fillna(frame["iso3"])
    fig = px.choropleth(
        frame,
        geojson=geojson,
        locations="iso3",
        featureidkey="properties.iso3",
        color="value",
        hover_name="country",
        color_continuous_scale="Blues",
        title=f"{labels.get(indicator, indicator)}, {year}",
    )
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 0})
    top = frame.nlargest(15, "value").sort_values("value")
    bar = px.bar(top, x="value", y="country", orientation="h", title="Ranking")
    return fig, bar


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8102)
    app.run(host="127.0.0.1", port=parser.parse_args().port, debug=False)
