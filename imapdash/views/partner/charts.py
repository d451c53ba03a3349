"""The partner area's chart: preliminary monthly detections, with its text alternative, from one frame."""

from __future__ import annotations

import pandas as pd

from ...components.chart import ChartOutput
from ...components.chart_alt import chart_summary
from ...figures.partner import preliminary_flows_figure
from ...i18n import format_value, t


def flow_columns(lang: str) -> list[str]:
    """Headers of the flows tables (route, month, detections) in `lang`."""
    return [t(f"partner.column.{c}", lang) for c in ("route", "month", "detections")]


def flows_chart(frame: pd.DataFrame, route_names: dict[str, str], lang: str = "en") -> ChartOutput:
    """The bar chart of the restricted monthly rows, its summary sentence and its data table."""
    routes = frame["route_id"].astype(str).tolist()
    periods = frame["period"].astype(str).tolist()
    values = frame["value"].astype(float).tolist()
    labels = [
        t("partner.alt.point", lang, route=route_names.get(r, r), month=p) for r, p in zip(routes, periods, strict=True)
    ]
    rows = [(route_names.get(r, r), p, format_value(v, lang)) for r, p, v in zip(routes, periods, values, strict=True)]
    return ChartOutput(
        figure=preliminary_flows_figure(frame, route_names, lang).to_dict(),
        summary=chart_summary(zip(labels, values, strict=True), lang=lang),
        rows=rows,
        columns=flow_columns(lang),
    )
