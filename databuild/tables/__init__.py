"""One module per data file: each has `NAME` (the schema's table name) and `build(inputs) -> DataFrame`.

To add a dataset: give it a `TableSchema` in `imapdash/datasets/schema.py`, write its module here, list it
in `MODULES`, describe it in `databuild/curated/datasets.toml`, and regenerate `docs/data-contract.md`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pandas as pd

from databuild.inputs import Inputs
from databuild.tables import (
    arrivals,
    composition,
    corridors,
    country_documents,
    flow_monitoring,
    flows,
    headline_figures,
    incidents,
    indicator_values,
    indicators,
    media,
    news_feeds,
    publishers,
    route_countries,
    route_waypoints,
    routes,
)

# build order (also the order of the log); countries.* come from databuild/geo.py (--with-geo)
MODULES: tuple[ModuleType, ...] = (
    indicators,
    indicator_values,
    routes,
    route_waypoints,
    route_countries,
    flows,
    arrivals,
    incidents,
    composition,
    corridors,
    flow_monitoring,
    headline_figures,
    media,
    news_feeds,
    country_documents,
    publishers,
)

BUILDERS: dict[str, Callable[[Inputs], pd.DataFrame]] = {m.NAME: m.build for m in MODULES}
