"""Data releases: every numbered release, and what changed between two of them.

Each data build and each approved focal-point submission is a numbered release (`imapdash.releases`).
This page lists them (number, date, kind, title, vintage, which one is current), links each to the
explorer pinned at that release (`/?release=N`) and to its changes (`/releases?from=P&to=N`), and
shows what changed between two releases, table by table, from the public rows only.

State lives in the URL: `/releases?from=3&to=5`. Left out, `to` is the current release and `from` the
release before `to` (its parent), so the plain `/releases` always compares the latest change.
Release descriptions and data come from the release provider (`get_provider()`), read per request.
`created_by` (partner accounts) is never shown: a release is described by its kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import dash_bootstrap_components as dbc
import flask
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from dash import Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component

from ..datasets import Datasets
from ..datasets.schema import STATUSES
from ..figures.choropleth import message
from ..figures.sources import format_vintage
from ..i18n import DEFAULT_LANGUAGE, normalise_language, t
from ..ids import Releases, Shell
from ..lru import BoundedLRU
from ..releases.diff import FINAL, PRELIMINARY, STATUS, VALUE_COLUMNS, ReleaseDiff, TableDiff, diff_datasets
from ..releases.models import KINDS
from ..releases.provider import EXTENSION_KEY, QUERY_PARAM, get_provider, parse_release
from ..urlstate import SHELL_PARAMS, first, parse_query, to_query

PATH = "/releases"
NAV_LABEL = None  # linked from the footer
NAV_ORDER = 95

KEPT_PARAMS = ("lang", *SHELL_PARAMS)  # what a change of selection keeps in the URL
DIFF_CACHE_SIZE = 8
MAX_DETAIL_LINES = 500  # lines of one dataset's change table (a changed row gives one line per column)


class Provider(Protocol):
    """What this view reads from the release provider."""

    def list_releases(self) -> list[dict]: ...

    def get(self, number: int) -> Datasets | None: ...

    def current_number(self) -> int: ...


# ---------------------------------------------------------------- selection <-> URL


def previous_release(number: int | None, releases: Sequence[Mapping[str, Any]]) -> int | None:
    """The release `number` was made on top of: its parent, else the highest lower number, else None."""
    if number is None:
        return None
    known = {r["number"]: r for r in releases}
    parent = known.get(number, {}).get("parent")
    if parent is not None and parent != number:
        return int(parent)
    lower = [n for n in known if n < number]
    return max(lower) if lower else None


def parse_selection(
    query: Mapping[str, Sequence[str]], releases: Sequence[Mapping[str, Any]], current: int | None
) -> tuple[int | None, int | None]:
    """(from, to) release numbers from the query; absent or malformed ones take their defaults.

    Defaults: `to` is the current release, `from` the release before `to`. Numbers are not checked
    against the list here (an unknown one gets its own message).
    """
    to = parse_release(first(query, "to"))
    to = to if to is not None else current
    start = parse_release(first(query, "from"))
    return (start if start is not None else previous_release(to, releases)), to


def selection_query(
    start: int | None, to: int | None, search: str | None, releases: Sequence[Mapping[str, Any]], current: int | None
) -> str:
    """The URL query for a selection: the kept parameters, then `from`/`to` unless they are the defaults."""
    query = parse_query(search)
    kept = {name: first(query, name) for name in KEPT_PARAMS if first(query, name)}
    to_param = None if to == current else to
    from_param = None if start == previous_release(to, releases) else start
    return to_query({**kept, "from": from_param, "to": to_param})


# ---------------------------------------------------------------- formatting


def release_date(created_at: datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """'Nov 27, 2026, 09:05 UTC' in the reader's conventions."""
    if created_at is None:
        return ""
    when = created_at if created_at.tzinfo is not None else created_at.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    return t(
        "releases.date",
        lang,
        date=format_date(when.date(), format="medium", locale=lang),
        time=format_skeleton("Hm", when, tzinfo=UTC, locale=lang),
    )


def kind_label(kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A release kind in `lang` (an unknown kind is shown as stored)."""
    return t(f"releases.kind.{kind}", lang) if kind in KINDS else kind


def count_text(count: int, lang: str = DEFAULT_LANGUAGE) -> str:
    return format_decimal(count, format="#,##0", locale=lang)


def format_cell(value: object, lang: str = DEFAULT_LANGUAGE, column: str = "", *, key: bool = False) -> str:
    """A published value for the change tables, empty as a dash.

    Numbers follow the reader's conventions with every decimal published (up to 10); key values
    (years, identifiers) are written without digit grouping.
    """
    if value is None or value == "":
        return t("releases.value.empty", lang)
    if isinstance(value, bool):
        return t("releases.value.yes" if value else "releases.value.no", lang)
    if isinstance(value, int | float):
        if key:
            return str(int(value)) if float(value).is_integer() else repr(value)
        return format_decimal(value, format="#,##0.##########", locale=lang)
    if column == STATUS and value in STATUSES:
        return t(f"releases.status.{value}", lang)
    return str(value)


def dataset_title(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return message(f"dataset.{name}.title", lang, name)


def release_label(release: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """'Release 4 · Nov 27, 2026, 09:05 UTC · approved partner submission (current)' for the dropdowns."""
    text = t(
        "releases.option",
        lang,
        number=release["number"],
        date=release_date(release.get("created_at"), lang),
        kind=kind_label(str(release.get("kind", "")), lang),
    )
    return t("releases.option_current", lang, label=text) if release.get("current") else text


def release_options(releases: Sequence[Mapping[str, Any]], lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    return [{"label": release_label(r, lang), "value": r["number"]} for r in releases]


# ---------------------------------------------------------------- the list of releases


def changes_href(release: Mapping[str, Any]) -> str | None:
    """'/releases?from=P&to=N' (P: the parent, else N-1); None for the first release."""
    number = int(release["number"])
    parent = release.get("parent")
    start = int(parent) if parent is not None and parent != number else number - 1
    if start < 1:
        return None
    return f"{PATH}{to_query({'from': start, 'to': number})}"


def release_row(release: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> html.Tr:
    """One release: number (and 'current'), date, kind, title, vintage and its two links."""
    number = int(release["number"])
    badge = (
        [" ", dbc.Badge(t("releases.current", lang), color="success", className="releases-current")]
        if release.get("current")
        else []
    )
    href = changes_href(release)
    changes = (
        html.A(t("releases.link.changes", lang), href=href, className="releases-changes-link")
        if href
        else html.Span(t("releases.first", lang), className="text-muted")
    )
    vintage = str(release.get("vintage") or "")
    return html.Tr(
        [
            html.Td([html.Span(str(number), className="fw-semibold"), *badge]),
            html.Td(release_date(release.get("created_at"), lang)),
            html.Td(kind_label(str(release.get("kind", "")), lang)),
            html.Td(str(release.get("title", "")), dir="auto"),
            html.Td(format_vintage(vintage, lang) if vintage else t("releases.value.empty", lang), dir="auto"),
            html.Td(
                [
                    html.A(
                        t("releases.link.view", lang),
                        href=f"/{to_query({QUERY_PARAM: number})}",
                        className="releases-view-link",
                    ),
                    " · ",
                    changes,
                ]
            ),
        ],
        id=f"{Releases.PAGE}-row-{number}",
        className="releases-row" + (" table-success" if release.get("current") else ""),
    )


def release_table(releases: Sequence[Mapping[str, Any]], lang: str = DEFAULT_LANGUAGE) -> Component:
    """Every release, newest first."""
    if not releases:
        return html.P(t("releases.none", lang), className="text-muted")
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"releases.column.{c}", lang), scope="col")
                for c in ("number", "date", "kind", "title", "vintage", "links")
            ]
        )
    )
    return dbc.Table(
        [head, html.Tbody([release_row(r, lang) for r in releases])],
        striped=False,
        hover=True,
        responsive=True,
        size="sm",
        className="releases-table",
    )


# ---------------------------------------------------------------- what changed


def _summary_table(diff: ReleaseDiff, lang: str) -> dbc.Table:
    columns = ("dataset", "added", "removed", "changed", "finalised")
    head = html.Thead(html.Tr([html.Th(t(f"releases.summary.{c}", lang), scope="col") for c in columns]))
    rows = []
    for table in diff.tables:
        counts = (table.added, table.removed, table.changed, table.finalised)
        rows.append(
            html.Tr(
                [
                    html.Td(dataset_title(table.name, lang)),
                    *[html.Td(count_text(n, lang), className="text-end") for n in counts],
                ],
                className="releases-summary-row" + ("" if table.has_changes else " text-muted"),
                **{"data-dataset": table.name},
            )
        )
    return dbc.Table(
        [head, html.Tbody(rows)],
        size="sm",
        hover=True,
        responsive=True,
        className="releases-summary",
        id=f"{Releases.DIFF}-summary",
    )


def detail_rows(table: TableDiff, lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, list[str], str, str, str]]:
    """(change, key values, column, old, new) lines for one table: added, removed, then changed rows."""
    value_column = VALUE_COLUMNS.get(table.name, "")
    lines = []
    for change, rows in (("added", table.added_rows), ("removed", table.removed_rows)):
        for row in rows:
            keys = [format_cell(row.get(k), lang, k, key=True) for k in table.key]
            value = format_cell(row.get(value_column), lang, value_column) if value_column else ""
            lines.append(
                (
                    t(f"releases.change.{change}", lang),
                    keys,
                    value_column,
                    value if change == "removed" else "",
                    value if change == "added" else "",
                )
            )
    for row in table.changed_rows:
        keys = [format_cell(row.key.get(k), lang, k, key=True) for k in table.key]
        finalised = any(c.column == STATUS and c.old == PRELIMINARY and c.new == FINAL for c in row.changes)
        label = t("releases.change.finalised" if finalised else "releases.change.changed", lang)
        for cell in row.changes:
            lines.append(
                (
                    label,
                    keys,
                    cell.column,
                    format_cell(cell.old, lang, cell.column),
                    format_cell(cell.new, lang, cell.column),
                )
            )
    return lines


def _detail(table: TableDiff, lang: str) -> html.Details:
    head = html.Thead(
        html.Tr(
            [
                html.Th(t("releases.detail.change", lang), scope="col"),
                *[html.Th(html.Code(k), scope="col") for k in table.key],
                *[html.Th(t(f"releases.detail.{c}", lang), scope="col") for c in ("column", "old", "new")],
            ]
        )
    )
    lines = detail_rows(table, lang)
    body = [
        html.Tr(
            [
                html.Td(change),
                *[html.Td(k, dir="auto") for k in keys],
                html.Td(html.Code(column) if column else ""),
                html.Td(old, dir="auto"),
                html.Td(new, dir="auto"),
            ]
        )
        for change, keys, column, old, new in lines[:MAX_DETAIL_LINES]
    ]
    parts: list = [
        html.Summary(
            t(
                "releases.detail.summary",
                lang,
                dataset=dataset_title(table.name, lang),
                added=count_text(table.added, lang),
                removed=count_text(table.removed, lang),
                changed=count_text(table.changed, lang),
            )
        )
    ]
    if table.column_counts:
        columns = ", ".join(f"{c} ({count_text(n, lang)})" for c, n in table.column_counts.items())
        parts.append(html.P(t("releases.detail.columns", lang, columns=columns), className="small text-muted mb-1"))
    if table.truncated or len(lines) > MAX_DETAIL_LINES:
        limit = min(table.limit, MAX_DETAIL_LINES)
        parts.append(
            html.P(
                t("releases.detail.capped", lang, limit=count_text(limit, lang)),
                className="small text-muted mb-1",
                id=f"{Releases.DIFF}-capped-{table.name}",
            )
        )
    parts.append(dbc.Table([head, html.Tbody(body)], size="sm", responsive=True, className="releases-detail"))
    return html.Details(parts, className="releases-detail-block mb-2", id=f"{Releases.DIFF}-detail-{table.name}")


def diff_view(diff: ReleaseDiff, lang: str = DEFAULT_LANGUAGE) -> list:
    """What changed between two loaded releases: notes, the summary table and one detail per changed dataset."""
    heading = html.P(t("releases.diff.heading", lang, old=diff.old_release, new=diff.new_release), className="mb-2")
    if not diff.has_changes:
        return [
            heading,
            dbc.Alert(
                t("releases.diff.none", lang, old=diff.old_release, new=diff.new_release),
                color="secondary",
                id=f"{Releases.DIFF}-none",
            ),
        ]
    notes = []
    if diff.vintage_changed:
        notes.append(
            html.Li(
                t(
                    "releases.diff.vintage",
                    lang,
                    old=format_vintage(diff.old_vintage, lang),
                    new=format_vintage(diff.new_vintage, lang),
                )
            )
        )
    if diff.geometry_changed:
        notes.append(html.Li(t("releases.diff.geometry", lang)))
    finalised = sum(table.finalised for table in diff.tables)
    if finalised:
        notes.append(html.Li(t("releases.diff.finalised", lang, count=count_text(finalised, lang))))
    out: list = [heading]
    if notes:
        out.append(html.Ul(notes, className="releases-notes"))
    out.append(_summary_table(diff, lang))
    out += [_detail(table, lang) for table in diff.changed_tables]
    return out


_diffs: BoundedLRU[tuple, ReleaseDiff] = BoundedLRU(DIFF_CACHE_SIZE)


def cached_diff(old: Datasets, new: Datasets) -> ReleaseDiff:
    """`diff_datasets`, remembered for the last few pairs of numbered releases (releases never change)."""
    if not (old.release and new.release):
        return diff_datasets(old, new)
    key = (old.release, old.version, old.vintage, new.release, new.version, new.vintage)
    return _diffs.get_or_compute(key, lambda: diff_datasets(old, new))


def diff_section(provider: Provider | None, start: int | None, to: int | None, lang: str = DEFAULT_LANGUAGE) -> list:
    """The 'what changed' section for releases `start` -> `to`, or a message saying why there is none."""
    if provider is None:
        return []
    if to is None:
        return [dbc.Alert(t("releases.none", lang), color="secondary")]
    if start is None:
        return [dbc.Alert(t("releases.diff.first", lang, number=to), color="secondary", id=f"{Releases.DIFF}-first")]
    loaded = {}
    for number in dict.fromkeys((start, to)):
        datasets = provider.get(number)
        if datasets is None:
            return [
                dbc.Alert(
                    t("releases.diff.missing", lang, number=number), color="warning", id=f"{Releases.DIFF}-missing"
                )
            ]
        loaded[number] = datasets
    if start == to:
        return [dbc.Alert(t("releases.diff.same", lang, number=to), color="secondary", id=f"{Releases.DIFF}-none")]
    return diff_view(cached_diff(loaded[start], loaded[to]), lang)


# ---------------------------------------------------------------- layout


def _provider() -> Provider | None:
    """The app's release provider during a request (None while the app is being built)."""
    if not flask.has_app_context() or EXTENSION_KEY not in flask.current_app.extensions:
        return None
    return get_provider()


def _picker(control_id: str, key: str, options: list[dict], value: int | None, lang: str) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(t(key, lang), html_for=control_id, className="small mb-1"),
            dcc.Dropdown(
                id=control_id, options=options, value=value, clearable=False, placeholder=t("releases.pick", lang)
            ),
        ],
        md=6,
    )


def page(provider: Provider | None, query: Mapping[str, Sequence[str]], lang: str = DEFAULT_LANGUAGE) -> html.Div:
    """The releases page for `query` (pure given the provider)."""
    releases = provider.list_releases() if provider is not None else []
    current = provider.current_number() if provider is not None else None
    start, to = parse_selection(query, releases, current)
    options = release_options(releases, lang)
    return html.Div(
        [
            html.H1(t("releases.title", lang)),
            html.P(t("releases.lead", lang), className="lead"),
            html.Div(release_table(releases, lang) if provider is not None else [], id=Releases.LIST),
            html.H2(t("releases.diff.title", lang), className="h4 mt-4", id=f"{Releases.PAGE}-changes"),
            html.P(t("releases.diff.help", lang), className="text-muted small"),
            dbc.Row(
                [
                    _picker(Releases.FROM, "releases.from", options, start, lang),
                    _picker(Releases.TO, "releases.to", options, to, lang),
                ],
                className="g-2 mb-3",
            ),
            dcc.Loading(html.Div(diff_section(provider, start, to, lang), id=Releases.DIFF)),
        ],
        id=Releases.PAGE,
        className="view view-releases",
    )


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The releases page in the language of the query (public descriptions and public rows only)."""
    query = query or {}
    return page(_provider(), query, normalise_language(first(query, "lang")))


# ---------------------------------------------------------------- callbacks


def update_from_controls(
    provider: Provider, start: int | None, to: int | None, search: str | None, lang: str = DEFAULT_LANGUAGE
) -> tuple:
    """Dropdowns -> (the diff section, the new URL query or no_update when the URL already says so)."""
    releases = provider.list_releases()
    query = selection_query(start, to, search, releases, provider.current_number())
    return diff_section(provider, start, to, lang), (no_update if query == (search or "") else query)


def update_controls_from_url(
    provider: Provider, search: str | None, pathname: str | None, current: tuple[int | None, int | None]
) -> tuple:
    """The URL (Back/Forward, a pasted link) -> dropdown values; no_update for those already right."""
    if (pathname or "").rstrip("/") != PATH:
        return no_update, no_update
    wanted = parse_selection(parse_query(search), provider.list_releases(), provider.current_number())
    return tuple(no_update if want == have else want for want, have in zip(wanted, current, strict=True))


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """Dropdowns -> diff and URL; URL -> dropdowns (Back/Forward). Data is read per request."""

    @app.callback(
        Output(Releases.DIFF, "children"),
        Output(Shell.URL, "search", allow_duplicate=True),
        Input(Releases.FROM, "value"),
        Input(Releases.TO, "value"),
        State(Shell.URL, "search"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_select(start, to, search, lang):
        return update_from_controls(
            get_provider(), parse_release(start), parse_release(to), search, normalise_language(lang)
        )

    @app.callback(
        Output(Releases.FROM, "value"),
        Output(Releases.TO, "value"),
        Input(Shell.URL, "search"),
        State(Shell.URL, "pathname"),
        State(Releases.FROM, "value"),
        State(Releases.TO, "value"),
        prevent_initial_call=True,
    )
    def _on_search(search, pathname, start, to):
        return update_controls_from_url(get_provider(), search, pathname, (start, to))
