"""Stories: saved views a presenter steps through in expert meetings, and their offline meeting packs.

Why it is built this way:
- `/stories` (this Dash view) lists the stories and, for partners and admins, edits, imports and
  deletes them. Every writing callback checks `is_partner()` itself: hiding the editor is cosmetic,
  any callback can be POSTed to `/_dash-update-component` (notes §B1). Its outputs are not
  `partner-` ids because anonymous readers see public stories through the same list.
- The player (`/story/<id>?slide=3`) is a plain Flask page: a bar with the title, slide counter
  and speaker note around an `<iframe>` of the slide's view in embed+presentation mode. Keyboard
  navigation lives in `assets/js/stories.js` and writes the slide number into the URL, so
  Back/Forward and reload keep the place; no Dash round trip is needed to change slides.
- `/stories/<id>.json` exports the exchange format that import accepts; `/stories/<id>/pack.html`
  builds the self-contained meeting pack from each slide's `snapshot()` (explorer, routes).
- Partner-only stories (not public) are invisible to anonymous readers everywhere (404). Their pack,
  exported by a partner, is built with restricted rows and marked "Restricted — partner use only".
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import logging
from collections.abc import Callable, Mapping
from functools import cache
from html import escape
from pathlib import Path
from types import MappingProxyType

import dash_bootstrap_components as dbc
import plotly
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from flask import Flask, Response, abort, has_app_context, request
from flask_login import current_user
from sqlalchemy import Engine

from ..auth.guards import has_role, is_partner
from ..datasets import Datasets
from ..db import get_engine
from ..errors import AppStartupError
from ..i18n import LANGUAGES, direction, normalise_language, t
from ..ids import Shell, Stories
from ..releases.provider import concrete, get_provider, parse_release
from ..stories import examples, pack, service
from ..urlstate import first
from . import story_snapshots as snapshots

log = logging.getLogger(__name__)

PATH = "/stories"
NAV_LABEL = "Stories"
NAV_KEY = "nav.stories"
NAV_ORDER = 65
PLAYER_PATH = "/story/"
FONT_FILE = "fonts/noto-naskh-arabic-arabic-400-normal.woff2"
TOPOJSON_FILE = "topojson/world_110m.json"
PRESENT_JS_FILE = "js/present.js"  # presentation type sizes, shared by the app and the pack
SETTINGS_KEY = "imapdash.settings"
EXAMPLES_KEY = "imapdash.story_examples"


def is_story_path(path: str) -> bool:
    """True for paths of views a slide may show (every registered view except the stories list)."""
    from . import VIEWS, find_view

    view = find_view(path, VIEWS)
    return view is not None and view.PATH != PATH


def _snapshot_views() -> dict[str, Callable]:
    """Path -> snapshot(datasets, *, path, query, lang) for the views that can put charts in a pack."""
    from . import explorer, news, profile, routes

    views = {explorer.PATH: snapshots.explorer_charts}
    views[routes.PATH] = snapshots.routes_charts  # the animation and the slide's tab chart too
    views[profile.PATH] = snapshots.profile_charts
    views[news.PATH] = snapshots.news_charts
    return views


def story_links(story: Mapping, lang: str) -> list:
    """Play, JSON export and meeting-pack links of a story."""
    sid = story["id"]
    return [
        html.A(
            t("stories.play", lang), href=f"{PLAYER_PATH}{sid}?lang={lang}", className="btn btn-primary btn-sm me-2"
        ),
        html.A(
            t("stories.export_json", lang), href=f"{PATH}/{sid}.json", className="btn btn-outline-secondary btn-sm me-2"
        ),
        html.A(
            t("stories.export_pack", lang),
            href=f"{PATH}/{sid}/pack.html?lang={lang}",
            className="btn btn-outline-secondary btn-sm",
        ),
    ]


def story_list(stories: list[dict], lang: str) -> list:
    """The list of stories as cards (title, visibility, slide count, links)."""
    if not stories:
        return [html.P(t("stories.none", lang), className="text-muted")]
    cards = []
    for story in stories:
        badge = dbc.Badge(
            t("stories.public" if story["public"] else "stories.partners_only", lang),
            color="success" if story["public"] else "danger",
            className="ms-2",
        )
        if story.get("example"):
            badge = [badge, dbc.Badge(t("stories.example", lang), color="info", className="ms-2 story-example")]
        cards.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2([story["title"], badge], className="h5"),
                        html.P(
                            t(
                                "stories.slide_count",
                                lang,
                                count=len(story["slides"]),
                                lang_name=LANGUAGES[story["lang"]],
                            ),
                            className="small text-muted mb-2",
                        ),
                        html.Div(story_links(story, lang)),
                    ]
                ),
                className="mb-2 story-card",
            )
        )
    return cards


def update_list(
    engine: Engine, *, partner: bool, lang: str, examples: tuple[dict, ...] = ()
) -> tuple[list, list[dict], bool]:
    """List cards (saved stories, then the shipped examples), editor options, and whether the editor is hidden.

    Examples are offered in the editor too, to be duplicated (saving one creates a new story; the files stay).
    """
    stories = service.list_stories(engine, include_private=partner)
    options = [{"label": s["title"], "value": s["id"]} for s in stories]
    options += [{"label": f"{s['title']} ({t('stories.example', lang)})", "value": s["id"]} for s in examples]
    return story_list([*stories, *examples], lang), options, not partner


def update_editor(
    engine: Engine, story_id: int | str | None, *, partner: bool, examples: tuple[dict, ...] = ()
) -> tuple:
    """Title, language, public flag and slides of the chosen story or example (empty form for a new one)."""
    if isinstance(story_id, str) and not story_id.isdigit():
        story = next((e for e in examples if e["id"] == story_id), None)
    else:
        story = service.get_story(engine, int(story_id), include_private=partner) if story_id else None
    if story is None:
        return "", "en", ["public"], []
    return story["title"], story["lang"], ["public"] if story["public"] else [], list(story["slides"])


def is_local(link: str) -> bool:
    """A path on this site ('/routes?x=1'), not another host or scheme."""
    return link.startswith("/") and not link.startswith("//") and "\\" not in link


def slide_key(kind: str, index: int) -> dict:
    """The pattern-matching id of one control of slide `index` in the editor's list."""
    return {"type": kind, "index": index}


SLIDE_BUTTON_KEYS = {
    Stories.SLIDE_UP: "stories.slide.up",
    Stories.SLIDE_DOWN: "stories.slide.down",
    Stories.SLIDE_REMOVE: "stories.slide.remove",
}


def dom_id(kind: str, index: int) -> str:
    """The element id Dash gives a pattern-matching id in the page (keys sorted, compact JSON)."""
    return json.dumps(slide_key(kind, index), sort_keys=True, separators=(",", ":"))


def slide_button(kind: str, symbol: str, index: int, lang: str, *, disabled: bool = False) -> html.Button:
    """One of a slide's move/remove buttons, named for screen readers ("Move slide 2 up")."""
    label = t(SLIDE_BUTTON_KEYS[kind], lang, number=index + 1)
    return html.Button(
        symbol,
        id=slide_key(kind, index),
        type="button",
        disabled=disabled,
        title=label,
        className=f"btn btn-outline-secondary btn-sm {kind}",
        **{"aria-label": label},
    )


def slide_rows(slides: list[dict], lang: str) -> list:
    """The editor's slide list: per slide its title and speaker note (editable), its view, and buttons to
    move it up or down or remove it (real buttons: Tab reaches them, Enter or Space presses them)."""
    if not slides:
        return [html.P(t("stories.slide.empty", lang), className="text-muted stories-slide-empty")]
    rows = []
    last = len(slides) - 1
    for index, slide in enumerate(slides):
        number = index + 1
        rows.append(
            html.Li(
                dbc.Row(
                    [
                        dbc.Col(html.Span(str(number), className="stories-slide-number"), width="auto"),
                        dbc.Col(
                            [
                                dbc.Label(
                                    t("stories.slide.title", lang, number=number),
                                    html_for=dom_id(Stories.SLIDE_TITLE_INPUT, index),
                                    className="visually-hidden",
                                ),
                                dbc.Input(
                                    id=slide_key(Stories.SLIDE_TITLE_INPUT, index),
                                    value=slide.get("title", ""),
                                    maxLength=service.MAX_TITLE,
                                    size="sm",
                                ),
                                html.A(
                                    [html.Code(slide["permalink"]), f" ({t('stories.slide.open', lang)})"],
                                    # only a local path is a link (an unchecked one stays text until Save checks it)
                                    href=slide["permalink"] if is_local(slide["permalink"]) else None,
                                    target="_blank",
                                    className="small stories-slide-link",
                                ),
                                dbc.Label(
                                    t("stories.slide.note", lang, number=number),
                                    html_for=dom_id(Stories.SLIDE_NOTE, index),
                                    className="visually-hidden",
                                ),
                                dbc.Textarea(
                                    id=slide_key(Stories.SLIDE_NOTE, index),
                                    value=slide.get("note", ""),
                                    maxLength=service.MAX_NOTE,
                                    rows=2,
                                    className="mt-1",
                                ),
                            ]
                        ),
                        dbc.Col(
                            html.Div(
                                [
                                    slide_button(Stories.SLIDE_UP, "↑", index, lang, disabled=index == 0),
                                    slide_button(Stories.SLIDE_DOWN, "↓", index, lang, disabled=index == last),
                                    slide_button(Stories.SLIDE_REMOVE, "✕", index, lang),
                                ],
                                className="btn-group",
                                role="group",
                            ),
                            width="auto",
                        ),
                    ],
                    className="g-2 align-items-start",
                ),
                className="list-group-item stories-slide",
            )
        )
    return [html.Ol(rows, className="list-group stories-slides mb-2")]


def merge_edits(slides: list[dict] | None, titles: list | None, notes: list | None) -> list[dict]:
    """The stored slides with the titles and notes typed into the list (matched by position)."""
    slides = [dict(s) for s in slides or ()]
    if titles is not None and len(titles) == len(slides):
        for slide, title in zip(slides, titles, strict=True):
            slide["title"] = title or ""
    if notes is not None and len(notes) == len(slides):
        for slide, note in zip(slides, notes, strict=True):
            slide["note"] = note or ""
    return slides


def edit_slides(slides: list[dict], action: str, index: int | None, new_link: str | None = None) -> tuple:
    """(slides, (kind, index) to focus next) after moving, removing or adding a slide."""
    if action == Stories.SLIDE_NEW_ADD:
        link = (new_link or "").strip()
        if not link:
            return slides, None
        return [*slides, {"permalink": link, "title": "", "note": ""}], (Stories.SLIDE_TITLE_INPUT, len(slides))
    if index is None or not 0 <= index < len(slides):
        return slides, None
    if action == Stories.SLIDE_REMOVE:
        rest = [s for i, s in enumerate(slides) if i != index]
        return rest, ((Stories.SLIDE_REMOVE, min(index, len(rest) - 1)) if rest else None)
    delta = -1 if action == Stories.SLIDE_UP else 1
    moved = service.move_slide(slides, index, delta)
    target = min(max(index + delta, 0), len(slides) - 1)
    kind = action
    if (kind == Stories.SLIDE_UP and target == 0) or (kind == Stories.SLIDE_DOWN and target == len(slides) - 1):
        kind = Stories.SLIDE_DOWN if kind == Stories.SLIDE_UP else Stories.SLIDE_UP  # its button is now disabled
    return moved, (kind, target)


def update_write(
    engine: Engine,
    action: str | None,
    *,
    user: str,
    lang: str,
    story_id: int | None,
    admin: bool = False,
    title: str | None,
    story_lang: str | None,
    public: list | None,
    slides: list[dict] | None,
    upload: str | None,
) -> tuple:
    """Save, import or delete (the caller has checked the user): (message, changed, story id to show)."""
    try:
        if action == Stories.DELETE:
            if not str(story_id or "").isdigit() or not service.delete_story(
                engine, int(story_id), user=user, admin=admin
            ):
                return dbc.Alert(t("stories.pick_first", lang), color="warning"), no_update, no_update
            return dbc.Alert(t("stories.deleted", lang), color="success"), True, None
        if action == Stories.UPLOAD:
            story = service.parse_story_json(decode_upload(upload), is_story_path)
            new_id = service.save_story(engine, story, user=user, action="imported")
        elif action == Stories.DUPLICATE:
            data = {
                "title": t("stories.copy_of", lang, title=title or ""),
                "lang": story_lang or "en",
                "public": "public" in (public or []),
                "slides": list(slides or []),
            }
            story = service.validate_story(data, is_story_path)
            new_id = service.save_story(engine, story, user=user, action="duplicated")
        else:
            data = {
                "title": title,
                "lang": story_lang or "en",
                "public": "public" in (public or []),
                "slides": list(slides or []),
            }
            story = service.validate_story(data, is_story_path)
            if "pin" in (public or []):
                story["slides"] = service.pin_slides(story["slides"], get_provider().current_number())
            # an example (a data file) is never written: saving it makes a new story of the user's
            editable = story_id if isinstance(story_id, int) or str(story_id or "").isdigit() else None
            new_id = service.save_story(
                engine, story, user=user, story_id=int(editable) if editable else None, admin=admin
            )
    except service.StoryError as exc:
        items = [html.Li(p) for p in exc.problems]
        return (
            dbc.Alert([t("stories.not_saved", lang), html.Ul(items, className="mb-0")], color="danger"),
            no_update,
            no_update,
        )
    return dbc.Alert(t("stories.saved", lang, title=story["title"], id=new_id), color="success"), True, new_id


def decode_upload(contents: str | None) -> bytes:
    """The bytes of a dcc.Upload data URL; StoryError when it is not one."""
    _, _, encoded = (contents or "").partition(",")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise service.StoryError(["the upload could not be read"]) from None


def layout(datasets: Datasets, *, path: str = PATH, query: dict | None = None) -> html.Div:
    """The stories page: list for everyone, editor shown to partners and admins (filled by callbacks)."""
    lang = normalise_language(first(query or {}, "lang"))
    editor = html.Section(
        [
            html.H2(t("stories.editor", lang), className="h4"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("stories.edit_which", lang), html_for=Stories.PICK),
                            dcc.Dropdown(id=Stories.PICK, placeholder=t("stories.new", lang)),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("stories.title", lang), html_for=Stories.TITLE),
                            dbc.Input(id=Stories.TITLE, maxLength=service.MAX_TITLE),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("stories.language", lang), html_for=Stories.LANG),
                            dbc.Select(
                                id=Stories.LANG,
                                value="en",
                                options=[{"label": n, "value": c} for c, n in LANGUAGES.items()],
                            ),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        dbc.Checklist(
                            id=Stories.PUBLIC,
                            value=["public"],
                            className="mt-4",
                            options=[
                                {"label": t("stories.public_label", lang), "value": "public"},
                                {"label": t("stories.pin_label", lang), "value": "pin"},
                            ],
                        ),
                        md=2,
                    ),
                ],
                className="g-2 mb-2",
            ),
            html.H3(t("stories.slides_list", lang), className="h6"),
            html.Div(id=Stories.SLIDE_LIST, children=slide_rows([], lang)),
            dcc.Store(id=Stories.SLIDES, data=[]),
            dcc.Store(id=Stories.SLIDE_FOCUS),
            dbc.Label(t("stories.slide.new_link", lang), html_for=Stories.SLIDE_NEW_LINK, className="small"),
            dbc.InputGroup(
                [
                    dbc.Input(
                        id=Stories.SLIDE_NEW_LINK,
                        maxLength=service.MAX_PERMALINK,
                        placeholder="/routes?measure=detections",
                    ),
                    dbc.Button(t("stories.slide.new_add", lang), id=Stories.SLIDE_NEW_ADD, color="secondary"),
                ],
                className="mb-1",
            ),
            html.Div(
                [
                    dbc.Button(t("stories.save", lang), id=Stories.SAVE, color="primary", className="me-2"),
                    dbc.Button(
                        t("stories.duplicate", lang),
                        id=Stories.DUPLICATE,
                        color="secondary",
                        outline=True,
                        className="me-2",
                    ),
                    dbc.Button(
                        t("stories.delete", lang), id=Stories.DELETE, color="danger", outline=True, className="me-2"
                    ),
                    dcc.Upload(
                        dbc.Button(t("stories.import", lang), color="secondary", outline=True),
                        id=Stories.UPLOAD,
                        accept="application/json,.json",
                        max_size=service.MAX_IMPORT_BYTES,
                        className="d-inline-block",
                    ),
                ],
                className="mb-2",
            ),
            html.Div(id=Stories.RESULT, **{"aria-live": "polite"}),
        ],
        id=Stories.EDITOR,
        hidden=True,
        className="stories-editor mt-4",
    )
    return html.Div(
        [
            html.H1(t("stories.heading", lang)),
            html.P(t("stories.intro", lang), className="lead"),
            html.Div(id=Stories.LIST),
            editor,
            dcc.Store(id=Stories.VERSION, data=0),
        ],
        id=Stories.PAGE,
        className="view view-stories",
    )


def register_callbacks(app: Dash, datasets: Datasets) -> None:
    """List (everyone), editor load (public stories, or all for partners), writes (partners only)."""

    @app.callback(
        Output(Stories.LIST, "children"),
        Output(Stories.PICK, "options"),
        Output(Stories.EDITOR, "hidden"),
        Input(Stories.VERSION, "data"),
        State(Shell.ROOT, "lang"),
    )
    def _on_version(_version, lang):
        return update_list(
            get_engine(app.server),
            partner=is_partner(),
            lang=normalise_language(lang),
            examples=app.server.extensions[EXAMPLES_KEY],
        )

    @app.callback(
        Output(Stories.TITLE, "value"),
        Output(Stories.LANG, "value"),
        Output(Stories.PUBLIC, "value"),
        Output(Stories.SLIDES, "data"),
        Output(Stories.SLIDE_LIST, "children"),
        Input(Stories.PICK, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_pick(story_id, lang):
        title, story_lang, public, slides = update_editor(
            get_engine(app.server), story_id, partner=is_partner(), examples=app.server.extensions[EXAMPLES_KEY]
        )
        return title, story_lang, public, slides, slide_rows(slides, normalise_language(lang))

    @app.callback(
        Output(Stories.SLIDES, "data", allow_duplicate=True),
        Output(Stories.SLIDE_LIST, "children", allow_duplicate=True),
        Output(Stories.SLIDE_FOCUS, "data"),
        Output(Stories.SLIDE_NEW_LINK, "value"),
        Input({"type": Stories.SLIDE_UP, "index": ALL}, "n_clicks"),
        Input({"type": Stories.SLIDE_DOWN, "index": ALL}, "n_clicks"),
        Input({"type": Stories.SLIDE_REMOVE, "index": ALL}, "n_clicks"),
        Input(Stories.SLIDE_NEW_ADD, "n_clicks"),
        State({"type": Stories.SLIDE_TITLE_INPUT, "index": ALL}, "value"),
        State({"type": Stories.SLIDE_NOTE, "index": ALL}, "value"),
        State(Stories.SLIDES, "data"),
        State(Stories.SLIDE_NEW_LINK, "value"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_slide_edit(_up, _down, _remove, _add, titles, notes, slides, new_link, lang):
        # editing the form changes nothing stored (Save does, and checks the user): no partner check needed here
        trigger = ctx.triggered_id
        if trigger is None or not ctx.triggered or not ctx.triggered[0].get("value"):
            raise PreventUpdate  # a re-rendered list announces its new buttons with n_clicks None
        action = trigger["type"] if isinstance(trigger, Mapping) else trigger
        index = trigger.get("index") if isinstance(trigger, Mapping) else None
        current = merge_edits(slides, titles, notes)
        edited, focus = edit_slides(current, action, index, new_link)
        cleared = "" if action == Stories.SLIDE_NEW_ADD and focus else no_update
        target = {"id": slide_key(*focus)} if focus else None
        return edited, slide_rows(edited, normalise_language(lang)), target, cleared

    app.clientside_callback(
        """function (target) {
            if (!target) { return window.dash_clientside.no_update; }
            const key = JSON.stringify(target.id, Object.keys(target.id).sort());
            setTimeout(function () {
                const el = document.getElementById(key);
                if (el) { el.focus(); }
            }, 0);
            return window.dash_clientside.no_update;
        }""",
        Output(Stories.SLIDE_FOCUS, "modified_timestamp"),
        Input(Stories.SLIDE_FOCUS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Stories.RESULT, "children"),
        Output(Stories.VERSION, "data"),
        Output(Stories.PICK, "value"),
        Input(Stories.SAVE, "n_clicks"),
        Input(Stories.DELETE, "n_clicks"),
        Input(Stories.UPLOAD, "contents"),
        Input(Stories.DUPLICATE, "n_clicks"),
        State(Stories.PICK, "value"),
        State(Stories.TITLE, "value"),
        State(Stories.LANG, "value"),
        State(Stories.PUBLIC, "value"),
        State(Stories.SLIDES, "data"),
        State({"type": Stories.SLIDE_TITLE_INPUT, "index": ALL}, "value"),
        State({"type": Stories.SLIDE_NOTE, "index": ALL}, "value"),
        State(Stories.VERSION, "data"),
        State(Shell.ROOT, "lang"),
        prevent_initial_call=True,
    )
    def _on_write(
        _save, _delete, upload, _duplicate, story_id, title, story_lang, public, slides, titles, notes, version, lang
    ):
        if not is_partner():
            raise PreventUpdate
        slides = merge_edits(slides if isinstance(slides, list) else [], titles, notes)
        message, changed, shown = update_write(
            get_engine(app.server),
            ctx.triggered_id,
            user=str(current_user.username),
            admin=has_role("admin"),
            lang=normalise_language(lang),
            story_id=story_id,
            title=title,
            story_lang=story_lang,
            public=public,
            slides=slides,
            upload=upload,
        )
        return message, ((version or 0) + 1 if changed is True else no_update), shown


# --- Flask routes: player, JSON export, meeting pack -------------------------------------------------------------


def player_html(story: Mapping, number: int, lang: str, *, asset: Callable[[str], str], presenter: bool = False) -> str:
    """The player page for slide `number` (1-based); stories.js takes over navigation in the browser.

    With `presenter`, the page is the presenter's window (opened with `n`): the speaker note shown large,
    the next slide beside the current one, and both windows kept on the same slide (BroadcastChannel).
    """
    slides = story["slides"]
    data = {
        "slides": [
            {"src": service.embed_src(s["permalink"], lang), "title": s["title"], "note": s["note"]} for s in slides
        ],
        "title": story["title"],
        "channel": f"imapdash-story-{story['id']}",
        "presenter": presenter,
    }
    upcoming = slides[number] if number < len(slides) else None
    next_panel = (
        f'<section class="story-next-panel"><h2 class="h5">{escape(t("stories.next_slide", lang))}: '
        f'<span id="{Stories.NEXT_TITLE}">{escape(upcoming["title"] if upcoming else "—")}</span></h2>'
        f'<iframe id="{Stories.NEXT_FRAME}" class="story-next-frame" tabindex="-1" title="'
        f'{escape(t("stories.next_slide", lang))}" src="'
        f'{escape(service.embed_src(upcoming["permalink"], lang) if upcoming else "about:blank")}"></iframe></section>'
        if presenter
        else ""
    )
    slide = slides[number - 1]
    payload = pack.script_json(data)
    label = escape(t("stories.counter", lang, number=number, count=len(slides)))
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction(lang)}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(slide["title"])} — {escape(story["title"])}</title>
<link rel="stylesheet" href="{asset("css/00-bootstrap.min.css")}">
<link rel="stylesheet" href="{asset("css/05-fonts.css")}">
<link rel="stylesheet" href="{asset("css/10-imapdash.css")}">
<link rel="stylesheet" href="{asset("css/20-present.css")}">
</head>
<body class="presenting story-body{" story-presenter-body" if presenter else ""}">
<div id="{Stories.PLAYER}" class="story-player present{" story-presenter" if presenter else ""}" data-slide="{number}">
<header class="story-bar view-controls">
<a href="{PATH}?lang={lang}" class="story-back">{escape(t("stories.back", lang))}</a>
<h1 class="story-title">{escape(story["title"])}</h1>
<span id="{Stories.SLIDE_TITLE}" class="story-slide-title">{escape(slide["title"])}</span>
<span class="story-buttons">
<button type="button" id="{Stories.PREV}" aria-label="{escape(t("stories.previous", lang))}">‹</button>
<span id="{Stories.COUNTER}" aria-live="polite">{label}</span>
<button type="button" id="{Stories.NEXT}" aria-label="{escape(t("stories.next", lang))}">›</button>
<button type="button" id="{Stories.NOTES_TOGGLE}" aria-pressed="false">{escape(t("stories.notes", lang))}</button>
<button type="button" id="{Stories.PRESENT}">{escape(t("stories.present", lang))}</button>
</span>
</header>
<iframe id="{Stories.FRAME}" class="story-frame" src="{escape(service.embed_src(slide["permalink"], lang))}"
 title="{escape(slide["title"])}"></iframe>
<aside id="{Stories.NOTE}" class="story-note"{"" if presenter else " hidden"}>{escape(slide["note"])}</aside>
{next_panel}
<p class="story-help view-controls">{escape(t("stories.keys_help", lang))}</p>
</div>
<div id="{Stories.BLANK}" class="story-blank" hidden></div>
<script type="application/json" id="{Stories.DATA}">{payload}</script>
<script src="{asset("js/stories.js")}"></script>
<script src="{asset("js/shell.js")}"></script>
</body>
</html>
"""


def datasets_for_pack(datasets: Datasets, *, restricted: bool) -> Datasets:
    """The datasets a pack is built from: public rows, or every row for a restricted (partner) pack."""
    if not restricted:
        return datasets
    if not is_partner():
        raise PermissionError("partner login required")
    tables = {name: datasets.frame(name, include_restricted=True) for name in datasets.tables}
    return dataclasses.replace(concrete(datasets), tables=MappingProxyType(tables))


def pinned_datasets(datasets: Datasets, query: Mapping[str, list[str]], *, restricted: bool = False) -> Datasets:
    """The release a slide pins with `release=N` (public rows, or every row for a restricted pack), else `datasets`."""
    number = parse_release(first(query, "release"))
    if number is None or number == datasets.release or not has_app_context():
        return datasets
    pinned = get_provider().get(number)
    return datasets if pinned is None else datasets_for_pack(pinned, restricted=restricted)


def pack_slides(
    datasets: Datasets,
    story: Mapping,
    lang: str,
    snapshots: Mapping[str, Callable] | None = None,
    *,
    restricted: bool = False,
) -> list[dict]:
    """Every slide with the charts its view's `snapshot()` gives (none for views without one)."""
    from ..urlstate import parse_query
    from . import VIEWS, find_view

    snapshots = _snapshot_views() if snapshots is None else snapshots
    slides = []
    for slide in story["slides"]:
        path, _, query = slide["permalink"].partition("?")
        view = find_view(path, VIEWS)
        snap = snapshots.get(view.PATH) if view is not None else None
        parsed = parse_query(query)
        source = pinned_datasets(datasets, parsed, restricted=restricted)
        charts = snap(source, path=path, query=parsed, lang=lang) if snap else []
        slides.append({**slide, "charts": charts})
    return slides


@cache
def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def _read_base64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


PLOTLY_PARTIAL_FILE = "js/plotly-partial.min.js"


def plotly_js_path(assets_dir: Path | None = None) -> Path:
    """The plotly.js the app serves: its partial bundle (the trace types the app draws, a third of the full
    bundle's size) when the assets have it, else the full bundle of the plotly package."""
    partial = Path(assets_dir) / PLOTLY_PARTIAL_FILE if assets_dir is not None else None
    if partial is not None and partial.is_file():
        return partial
    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def build_pack(datasets: Datasets, story: Mapping, *, lang: str, assets_dir: Path, restricted: bool) -> str:
    """The meeting pack HTML for a story (restricted packs only for partners)."""
    source = datasets_for_pack(datasets, restricted=restricted)
    return pack.build_pack_html(
        story,
        pack_slides(source, story, lang, restricted=restricted),
        plotly_js=_read_text(plotly_js_path(assets_dir)),
        present_js=_read_text(assets_dir / PRESENT_JS_FILE),
        geometry_json=datasets.geometry_json.decode("utf-8"),
        topojson_json=_read_text(assets_dir / TOPOJSON_FILE),
        font_base64=_read_base64(assets_dir / FONT_FILE),
        lang=lang,
        vintage=datasets.vintage,
        restricted=restricted,
    )


def install_examples(server: Flask) -> tuple[dict, ...]:
    """Read and validate the example stories of the data directory at start-up (AppStartupError if one is bad)."""
    settings = server.extensions[SETTINGS_KEY]
    try:
        found = examples.load_examples(Path(settings.data_dir), is_story_path)
    except examples.ExampleStoryError as exc:
        raise AppStartupError(f"imapdash cannot start: {exc}") from None
    server.extensions[EXAMPLES_KEY] = found
    return found


def register_routes(app: Dash, datasets: Datasets) -> None:
    """Add the player, the JSON export and the meeting pack to the Flask server (saved and example stories)."""
    server: Flask = app.server
    install_examples(server)

    def visible_story(story_id: int | str) -> dict:
        if isinstance(story_id, str):
            story = examples.find_example(server.extensions[EXAMPLES_KEY], story_id)
        else:
            story = service.get_story(get_engine(server), story_id, include_private=is_partner())
        if story is None:
            abort(404)
        return story

    def chosen_language(story: Mapping) -> str:
        return normalise_language(request.args.get("lang") or story["lang"])

    @server.get(f"{PLAYER_PATH}<int:story_id>")
    @server.get(f"{PLAYER_PATH}{examples.KEY_PREFIX}<string:story_id>", endpoint="example_player")
    def story_player(story_id: int | str) -> Response:
        story = visible_story(story_id)
        number = service.slide_number(request.args.get("slide", "1"), len(story["slides"]))
        presenter = request.args.get("presenter") == "1"
        html_text = player_html(story, number, chosen_language(story), asset=app.get_asset_url, presenter=presenter)
        return Response(html_text, mimetype="text/html")

    @server.get(f"{PATH}/<int:story_id>.json")
    @server.get(f"{PATH}/{examples.KEY_PREFIX}<string:story_id>.json", endpoint="example_export")
    def story_export(story_id: int | str) -> Response:
        story = visible_story(story_id)
        response = Response(service.story_json(story), mimetype="application/json")
        response.headers["Content-Disposition"] = f'attachment; filename="story-{str(story_id).replace("/", "-")}.json"'
        return response

    @server.get(f"{PATH}/<int:story_id>/pack.html")
    @server.get(f"{PATH}/{examples.KEY_PREFIX}<string:story_id>/pack.html", endpoint="example_pack")
    def story_pack(story_id: int | str) -> Response:
        story = visible_story(story_id)
        lang = chosen_language(story)
        settings = server.extensions[SETTINGS_KEY]
        text = build_pack(
            datasets, story, lang=lang, assets_dir=Path(settings.assets_dir), restricted=not story["public"]
        )
        response = Response(text, mimetype="text/html")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="story-{str(story_id).replace("/", "-")}-{lang}.html"'
        )
        return response
