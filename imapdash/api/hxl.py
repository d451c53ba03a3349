"""HXL hashtags (Humanitarian Exchange Language, hxlstandard.org) for the columns of our CSV files.

With `?hxl=1` a CSV answer gets a second row of hashtags under its header, so HDX and HXL tools read
it as it is: `#country+code`, `#date+year`, `#affected+arrivals+num`, `#meta+source`... Core hashtags
are used wherever one fits; attributes say the rest. A column with no hashtag gets an empty cell
(HXL ignores untagged columns).
"""

from __future__ import annotations

from collections.abc import Sequence

HASHTAGS: dict[str, str] = {
    "iso3": "#country+code",
    "name_en": "#country+name+i_en",
    "name_fr": "#country+name+i_fr",
    "name_ar": "#country+name+i_ar",
    "region": "#region+name",
    "subregion": "#region+name+sub",
    "partner": "#meta+partner",
    "partner_group": "#meta+partner+group",
    "lon": "#geo+lon",
    "lat": "#geo+lat",
    "has_geometry": "#meta+geometry",
    "indicator_id": "#indicator+code",
    "layer": "#indicator+layer",
    "label": "#indicator+name",
    "description": "#description",
    "unit": "#indicator+unit",
    "scale": "#meta+scale",
    "decimals": "#meta+decimals",
    "source_org": "#meta+source",
    "source_url": "#meta+url",
    "year": "#date+year",
    "value": "#indicator+value+num",
    "period_label": "#date+label",
    "status": "#status",
    "restricted": "#meta+restricted",
    "vintage": "#meta+vintage",
    "route_id": "#loc+route+code",
    "name": "#loc+route+name",
    "frontex_route": "#loc+route+frontex",
    "mmp_route": "#loc+route+mmp",
    "unhcr_route": "#loc+route+unhcr",
    "color": "#meta+color",
    "seq": "#meta+seq",
    "place": "#loc+name",
    "role": "#loc+role",
    "period": "#date+period",
    "period_type": "#date+type",
    "nationality_iso3": "#country+code+origin",
    "measure": "#indicator+measure",
    "partial": "#meta+partial",
    "country_code": "#country+code+reporting",
    "arrivals": "#affected+arrivals+num",
    "arrivals_sea": "#affected+arrivals+sea+num",
    "arrivals_land": "#affected+arrivals+land+num",
    "dead_missing": "#affected+killed+missing+num",
    "note": "#description+note",
    "incident_id": "#event+id",
    "date": "#date+occurred",
    "country_iso3": "#country+code",
    "survivors": "#affected+survivors+num",
    "cause": "#cause",
    "scope_type": "#meta+scope+type",
    "scope_code": "#loc+code",
    "scope_label": "#loc+name",
    "population": "#meta+population",
    "group": "#meta+group",
    "count": "#affected+num",
    "share_pct": "#affected+pct",
    "origin_iso3": "#country+code+origin",
    "destination_iso3": "#country+code+destination",
    "total": "#population+total+num",
    "female": "#population+f+num",
    "male": "#population+m+num",
    "fmp_iso3": "#country+code+fmp",
    "from_iso3": "#country+code+origin",
    "to_iso3": "#country+code+destination",
    "individuals": "#affected+num",
    "agency": "#org+name",
    "scope": "#meta+scope",
    "indicator": "#indicator+name",
    "item_id": "#meta+id",
    "published": "#date+published",
    "outlet": "#org+name",
    "language": "#meta+lang",
    "title": "#description+title",
    "url": "#meta+url",
    "summary": "#description",
    "countries": "#country+code+list",
    "retrieved_from": "#meta+retrieved",
    "collected_from": "#meta+collected",
    "feed_url": "#meta+url",
    "seen_at": "#date+seen",
    "document": "#meta+document",
    "consulted_copy_url": "#meta+url+consulted",
    "consulted_outlet": "#meta+outlet+consulted",
    "host": "#meta+host",
    "publisher": "#org+name+publisher",
    "home_url": "#meta+url+home",
    "kind": "#meta+kind",
    "contact": "#contact+info",
}

# Same column name, other meaning in one table.
TABLE_HASHTAGS: dict[tuple[str, str], str] = {
    ("news_feeds", "name"): "#meta+feed+name",
    ("media", "countries"): "#country+code+list",
}


def hashtags(columns: Sequence[str], table: str | None = None) -> list[str]:
    """The HXL hashtag of each column ('' for a column we have none for)."""
    return [TABLE_HASHTAGS.get((table or "", c), HASHTAGS.get(c, "")) for c in columns]
