"""Column specifications for every file in data/ (the executable form of docs/data-contract.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

SPECIAL_NATIONALITIES = frozenset({"ALL", "OOO", "OOS", "STL", "UNK"})
STATUSES = ("final", "provisional", "preliminary")
LAYERS = ("mixed_migration", "migration_development")
UNITS = ("persons", "percent", "usd")
SCALES = ("linear", "log", "diverging")
MEASURES = ("detections", "dead_missing", "sea_arrivals", "departures", "disembarked")
COMPOSITION_GROUPS = (
    "total",
    "men",
    "women",
    "children",
    "children_accompanied",
    "children_unaccompanied",
    "unknown",
)
ROUTE_REGIONS = ("mediterranean", "atlantic", "europe", "africa", "horn-of-africa", "americas", "asia", "other")
WAYPOINT_ROLES = ("departure", "transit", "arrival")
LANGUAGES = ("en", "fr", "ar")
# country_documents.csv: what a curated link is, and the language of the linked page
DOCUMENT_KINDS = ("law", "strategy", "report", "agency_page", "data_portal")
DOCUMENT_LANGUAGES = ("en", "fr", "ar", "it", "es", "other")

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    """One column: its kind, whether it may be empty, and the values it accepts.

    kinds: str, int, float, bool (0/1), year, period (YYYY or YYYY-MM), date (YYYY-MM or YYYY-MM-DD),
    url (http/https), iso3 (a code in countries.csv), nationality (iso3 or a special code),
    choice (one of `choices`), color (#rrggbb).
    """

    name: str
    kind: str = "str"
    required: bool = True
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    references: str | None = None  # "<table>.<column>" that must contain the value
    doc: str = ""  # one line for docs/data-contract.md (generated from this file)


@dataclass(frozen=True)
class TableSchema:
    """A CSV dataset: its file, columns in order, and the columns that identify a row."""

    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    max_bytes: int = MAX_FILE_BYTES
    allow_empty: bool = False
    doc: tuple[str, ...] = ()  # notes for docs/data-contract.md, one Markdown bullet each
    has_restricted: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "has_restricted", any(c.name == "restricted" for c in self.columns))

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _provenance(*, vintage: bool = True) -> tuple[Column, ...]:
    cols = (Column("source_org"), Column("source_url", "url"))
    return (*cols, Column("vintage")) if vintage else cols


def _citation() -> tuple[Column, ...]:
    """Where a figure was read when that was not the publisher's own page (source_url always is)."""
    return (
        Column("document", required=False, doc="the publisher's document the figure comes from (title, date)"),
        Column(
            "consulted_copy_url",
            "url",
            required=False,
            doc="the copy or press report the figure was read in (shown as a copy consulted, never as the source)",
        ),
        Column("consulted_outlet", required=False, doc="the outlet of a press report (empty for a plain copy)"),
    )


def _release() -> tuple[Column, ...]:
    return (Column("status", "choice", choices=STATUSES), Column("restricted", "bool"))


TABLES: tuple[TableSchema, ...] = (
    TableSchema(
        "countries",
        "countries.csv",
        (
            Column("iso3", "iso3"),
            Column("name_en"),
            Column("name_fr"),
            Column("name_ar"),
            Column("region", required=False),
            Column("subregion", required=False),
            Column("partner", "bool"),
            Column("partner_group", "choice", required=False, choices=("north", "south")),
            Column("lon", "float", required=False, min=-180, max=180),
            Column("lat", "float", required=False, min=-90, max=90),
            Column("has_geometry", "bool"),
        ),
        key=("iso3",),
        doc=(
            "region/subregion: UN M49-style (Africa / Northern Africa …). `partner` is 1 for the region's partner"
            " states (the manifest's `region.partner_label` names them; for the bundled data, the 34 states in the"
            " reference `migrant_stock.csv`); `partner_group` is `south` for southern partner states, `north` "
            "for the other partner states, empty otherwise.",
            "`lon`/`lat`: a point inside the country for labels and markers. `has_geometry`: 1 when "
            "`countries.geojson` has a feature for it.",
        ),
    ),
    TableSchema(
        "indicators",
        "indicators.csv",
        (
            Column("indicator_id"),
            Column("layer", "choice", choices=LAYERS),
            Column("label"),
            Column("description"),
            Column("unit", "choice", choices=UNITS),
            Column("scale", "choice", choices=SCALES),
            Column("decimals", "int", min=0, max=6),
            *_provenance(vintage=False),
        ),
        key=("indicator_id",),
        doc=('Labels of ratios we compute from published components end in "(derived)".',),
    ),
    TableSchema(
        "indicator_values",
        "indicator_values.csv",
        (
            Column("iso3", "iso3"),
            Column("indicator_id", references="indicators.indicator_id"),
            Column("year", "year"),
            Column("value", "float"),
            Column("period_label", required=False),
            *_release(),
            *_provenance(),
        ),
        key=("iso3", "indicator_id", "year"),
        doc=("One source per country, indicator and year; `period_label` says what the year covers (e.g. mid-year).",),
    ),
    TableSchema(
        "routes",
        "routes.csv",
        (
            Column("route_id"),
            Column("name"),
            Column("region", "choice", choices=ROUTE_REGIONS),
            Column("frontex_route", required=False),
            Column("mmp_route", required=False),
            Column("unhcr_route", required=False),
            Column("color", "color"),
            Column("description"),
        ),
        key=("route_id",),
        doc=(
            "`route_id` is kebab-case (`central-mediterranean`). `frontex_route`/`mmp_route`/`unhcr_route` hold "
            "the route's exact name in that publisher's data (empty when the publisher has no such route).",
        ),
    ),
    TableSchema(
        "route_waypoints",
        "route_waypoints.csv",
        (
            Column("route_id", references="routes.route_id"),
            Column("seq", "int", min=0),
            Column("lon", "float", min=-180, max=180),
            Column("lat", "float", min=-90, max=90),
            Column("place"),
            Column("role", "choice", choices=WAYPOINT_ROLES),
        ),
        key=("route_id", "seq"),
        doc=('An ordered path (by `seq`). Routes without geography (e.g. "Other") have no waypoints.',),
    ),
    TableSchema(
        "route_countries",
        "route_countries.csv",
        (
            Column("route_id", references="routes.route_id"),
            Column("iso3", "iso3"),
            Column("role", "choice", choices=WAYPOINT_ROLES),
        ),
        key=("route_id", "iso3", "role"),
    ),
    TableSchema(
        "flows",
        "flows.csv",
        (
            Column("route_id", references="routes.route_id"),
            Column("period", "period"),
            Column("period_type", "choice", choices=("year", "month")),
            Column("nationality_iso3", "nationality"),
            Column("measure", "choice", choices=MEASURES),
            Column("value", "int", min=0),
            Column("partial", "bool"),
            Column("period_label", required=False),
            *_release(),
            *_provenance(),
        ),
        key=("route_id", "period", "nationality_iso3", "measure", "source_org"),
        doc=(
            "measure: `detections` (Frontex IBC), `dead_missing` (IOM MMP or UNHCR), `sea_arrivals`, "
            "`departures`, `disembarked` (UNHCR sea movements). Never mix two `source_org` in one series.",
            "`partial` = 1 when the period is incomplete (2025 = Jan–Apr); `period_label` says so.",
        ),
    ),
    TableSchema(
        "arrivals",
        "arrivals.csv",
        (
            Column("country_code"),
            Column("iso3", "iso3", required=False),
            Column("period", "period"),
            Column("period_type", "choice", choices=("year", "month")),
            Column("nationality_iso3", "nationality"),
            Column("arrivals", "int", required=False, min=0),
            Column("arrivals_sea", "int", required=False, min=0),
            Column("arrivals_land", "int", required=False, min=0),
            Column("dead_missing", "int", required=False, min=0),
            Column("partial", "bool"),
            Column("period_label", required=False),
            *_release(),
            *_provenance(),
            Column("note", required=False),
            *_citation(),
        ),
        key=("country_code", "period", "nationality_iso3", "source_org"),
        doc=(
            "`country_code` is the source's area code: an ISO3, or a sub-area such as `ESP-WAAR` "
            "(Canaries/Atlantic), `ESP-WMR`, `ESP-CAN`, or an aggregate `MED`, `MED+NWA`, `EMR`; `iso3` is the "
            "country (empty for aggregates).",
        ),
    ),
    TableSchema(
        "incidents",
        "incidents.csv",
        (
            Column("incident_id", "int", min=0),
            Column("date", "date"),
            Column("route_id", required=False, references="routes.route_id"),
            Column("mmp_route", required=False),
            Column("country_iso3", "iso3", required=False),
            Column("lon", "float", min=-180, max=180),
            Column("lat", "float", min=-90, max=90),
            Column("dead_missing", "int", min=0),
            Column("survivors", "int", required=False, min=0),
            Column("cause", required=False),
            *_provenance(),
        ),
        key=("incident_id",),
        doc=("IOM Missing Migrants incidents; `route_id` is empty when MMP's route has no route here.",),
    ),
    TableSchema(
        "composition",
        "composition.csv",
        (
            Column("scope_type", "choice", choices=("country", "route", "region")),
            Column("scope_code"),
            Column("scope_label"),
            Column("period", "period"),
            Column("period_type", "choice", choices=("year", "month")),
            Column("partial", "bool"),
            Column("period_label", required=False),
            Column("population"),
            Column("group", "choice", choices=COMPOSITION_GROUPS),
            Column("count", "int", required=False, min=0),
            Column("share_pct", "float", required=False, min=0, max=100),
            *_release(),
            *_provenance(),
            Column("note", required=False),
            *_citation(),
        ),
        key=("scope_type", "scope_code", "period", "population", "group", "source_org"),
        doc=(
            "`count` is empty when only a share was published; `share_pct` is as published (empty when not "
            "published — never computed here).",
        ),
    ),
    TableSchema(
        "corridors",
        "corridors.csv",
        (
            Column("origin_iso3", "iso3"),
            Column("destination_iso3", "iso3"),
            Column("year", "year"),
            Column("total", "int", min=0),
            Column("female", "int", required=False, min=0),
            Column("male", "int", required=False, min=0),
            *_provenance(),
        ),
        key=("origin_iso3", "destination_iso3", "year"),
        doc=("Bilateral migrant stock (origin → destination) in a year.",),
    ),
    TableSchema(
        "flow_monitoring",
        "flow_monitoring.csv",
        (
            Column("region"),
            Column("year", "year"),
            Column("fmp_iso3", "iso3"),
            Column("from_iso3", "nationality"),
            Column("to_iso3", "nationality"),
            Column("individuals", "int", min=0),
            *_provenance(),
        ),
        key=("region", "year", "fmp_iso3", "from_iso3", "to_iso3"),
        doc=(
            "IOM DTM flow monitoring (movements observed, not persons). `from_iso3`/`to_iso3` may be `OOO`/`UNK` "
            "where the source does not know the country.",
        ),
    ),
    TableSchema(
        "headline_figures",
        "headline_figures.csv",
        (
            Column("agency"),
            Column("scope"),
            Column("year", "year", required=False),
            Column("period"),
            Column("indicator"),
            Column("value", "float", min=0),
            Column("source_url", "url"),
            Column("note", required=False),
            *_citation(),
        ),
        key=("agency", "scope", "year", "period", "indicator"),
        doc=(
            "`period` says what is covered; for multi-year figures (e.g. cumulative 2014-01..2024-09) `year` is "
            "the year the period ends in.",
        ),
    ),
    TableSchema(
        "media",
        "media.csv",
        (
            Column("item_id", "int", min=0),
            Column("published", "date"),
            Column("outlet"),
            Column("language", "choice", choices=LANGUAGES),
            Column("title"),
            Column("url", "url"),
            Column("summary", required=False),
            Column("countries", required=False),
            Column("retrieved_from", required=False),
            Column("collected_from", required=False),
        ),
        key=("item_id",),
        doc=(
            "`countries`: `;`-separated ISO3 codes.",
            "`retrieved_from`: the file the record was read in; `collected_from`: the archive (repository and path)"
            " or the curated sample it comes from.",
        ),
    ),
    TableSchema(
        "news_feeds",
        "news_feeds.csv",
        (
            Column("name"),
            Column("language", "choice", choices=LANGUAGES),
            Column("feed_url", "url"),
            Column("seen_at", required=False),
        ),
        key=("feed_url",),
    ),
    TableSchema(
        "publishers",
        "publishers.csv",
        (
            Column("host"),
            Column("publisher"),
            Column("home_url", "url"),
            Column("note", required=False),
        ),
        key=("host",),
        doc=(
            "The publisher allowlist: every `source_url` in data/ (and every link of `country_documents.csv`) "
            "is on one of these hosts, a unit test checks it. Reviewed like code: a host is added only for a "
            "publisher's own site, never a mirror, aggregator or press outlet.",
        ),
    ),
    TableSchema(
        "country_documents",
        "country_documents.csv",
        (
            Column("iso3", "iso3"),
            Column("kind", "choice", choices=DOCUMENT_KINDS),
            Column("title"),
            Column("language", "choice", choices=DOCUMENT_LANGUAGES),
            Column("publisher"),
            Column("url", "url"),
            Column("published", "date", required=False, doc="when the publisher dated the document"),
            Column("contact", required=False, doc="an address the publisher itself gives on that page"),
            Column("note", required=False),
        ),
        key=("iso3", "url"),
        doc=(
            "Curated, not built: the documents and contacts of a country profile (laws, strategies, reports, "
            "data portals, partner agencies' country pages); `language` is the language of the linked page.",
            "`url` is the publisher's own page, on a host of the publisher allowlist (`data/publishers.csv`).",
            "A focal point proposes a row like a figure (partner area); an approved row reaches the profile "
            "with the next data release.",
        ),
        allow_empty=True,
    ),
)

TABLES_BY_NAME: dict[str, TableSchema] = {t.name: t for t in TABLES}
# A region needs these three (plus countries.geojson and manifest.json); every other file is optional: the
# views without their data say so (docs/new-region.md). A file that is there is validated in full.
REQUIRED_TABLES = frozenset({"countries", "indicators", "indicator_values"})
GEOMETRY_FILE = "countries.geojson"
MANIFEST_FILE = "manifest.json"
MAX_GEOMETRY_BYTES = 16 * 1024 * 1024
