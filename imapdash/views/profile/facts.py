"""Key facts as sentences in the reader's language, each followed by its linked source."""

from __future__ import annotations

from dash import html

from ...figures.choropleth import period_label
from ...figures.sources import format_vintage
from ...i18n import format_value, t
from ...transforms.profile import Fact
from .common import join_names, route_name


def ordinal(rank: int, lang: str) -> str:
    """1 -> '1st' / '1er' / 'الأول' style rank, as each language writes it."""
    if lang == "en":
        suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
        return f"{rank}{suffix}"
    if lang == "fr":
        return "1re" if rank == 1 else f"{rank}e"
    return str(rank)


def fact_text(fact: Fact, lang: str, names: dict[str, str], route_names: dict[str, str]) -> str:
    """The sentence of one fact in `lang` (numbers in the reader's conventions)."""
    v = fact.values
    country = names.get(v.get("iso3", ""), "") if "iso3" in v else ""
    count = lambda x: format_value(float(x), lang)  # noqa: E731
    key = f"profile.fact.{fact.key}"
    if fact.key == "routes":
        listed = [
            f"{route_name(r, route_names.get(r, r), lang)} ({', '.join(t(f'profile.role.{x}', lang) for x in roles)})"
            for r, roles in zip(v["routes"], v["roles"], strict=True)
        ]
        return t(key, lang, country=country, count=v["count"], routes=join_names(listed, lang))
    if fact.key == "detections_rank":
        return t(
            key,
            lang,
            country=country,
            rank=ordinal(v["rank"], lang),
            route=route_name(v["route_id"], route_names.get(v["route_id"], v["route_id"]), lang),
            year=v["year"],
            value=count(v["value"]),
        )
    if fact.key == "immigrants":
        top = join_names([names.get(i, i) for i in v["top"]], lang)
        return t(key, lang, country=country, year=v["year"], value=count(v["value"]), top=top)
    if fact.key == "emigrants":
        top = join_names([f"{names.get(i, i)} ({count(n)})" for i, n in zip(v["top"], v["values"], strict=True)], lang)
        return t(key, lang, country=country, year=v["year"], top=top)
    if fact.key == "refugees":
        period = period_label(v["period"], v["year"], lang)
        return t(key, lang, country=country, value=count(v["value"]), period=period)
    if fact.key == "remittances":
        value = format_value(v["value"], lang, unit="usd")
        if v.get("pct_gdp") is None:
            return t(f"{key}.no_share", lang, country=country, year=v["year"], value=value)
        share = format_value(v["pct_gdp"], lang, unit="percent", decimals=1)
        return t(key, lang, country=country, year=v["year"], value=value, share=share)
    if fact.key == "arrivals":
        return t(key, lang, country=country, year=v["year"], value=count(v["value"]))
    if fact.key == "flow_monitoring":
        text = t(key, lang, country=country, year=v["year"], value=count(v["value"]))
        if v.get("children_pct") is not None:
            share = format_value(v["children_pct"], lang, unit="percent", decimals=1)
            text += " " + t(f"{key}.children", lang, share=share)
        return text
    if fact.key == "dead_missing":
        return t(
            key,
            lang,
            country=country,
            year=v["year"],
            value=count(v["value"]),
            since=count(v["since"]),
            first_year=v["first_year"],
        )
    raise KeyError(fact.key)


def fact_item(fact: Fact, lang: str, names: dict[str, str], route_names: dict[str, str]) -> html.Li:
    """One fact with its source (publisher linked, vintage as a person writes it)."""
    children: list = [html.Span(fact_text(fact, lang, names, route_names), className="profile-fact__text")]
    if fact.source_org:
        cite: list = [" (", html.A(fact.source_org, href=fact.source_url, target="_blank", rel="noopener")]
        if fact.vintage:
            cite.append(", " + t("figure.data_vintage", lang, vintage=format_vintage(fact.vintage, lang)))
        cite.append(")")
        children.append(html.Span(cite, className="profile-fact__source small"))
    return html.Li(children, className="profile-fact", **{"data-fact": fact.key})
