"""The first request's layout holds the explorer's page (no router round trip); nothing else, ever.

`/_dash-layout` is asked for by the page the reader opened (its Referer). For a public view that says
PRERENDER (the explorer) the answer already holds the frame and the page for that address and language;
for any other path (the partner area above all), a pinned release, another host or no Referer, the empty
frame that the router fills, as before. The index page names its first fetches (<link rel=preload>).
"""

from __future__ import annotations

import json
import re

from imapdash.ids import Explorer, Shell
from imapdash.shell import LANG_COOKIE, first_page, plotly_last, shows_first_page, without_polyfill
from imapdash.views import VIEWS
from tests.conftest import add_user, find_component, log_in

HOST = "localhost"


def _layout(client, referer: str | None, cookie_lang: str | None = None) -> dict:
    if cookie_lang:
        client.set_cookie(LANG_COOKIE, cookie_lang)
    headers = {"Referer": referer} if referer else {}
    response = client.get("/_dash-layout", headers=headers)
    assert response.status_code == 200
    return response.get_json()


def test_first_page_only_for_a_prerender_view_on_this_host_without_a_pinned_release():
    page = first_page(VIEWS, None, "http://localhost/?ind=refugees_hosted&year=2020", HOST)
    assert page is not None and (page.pathname, page.search, page.lang) == ("/", "?ind=refugees_hosted&year=2020", "en")
    assert first_page(VIEWS, None, "http://localhost/?lang=ar", HOST).lang == "ar"
    assert first_page(VIEWS, None, "http://localhost/", HOST, cookie_lang="fr").lang == "fr"
    assert first_page(VIEWS, None, "http://localhost/?lang=ar", HOST, cookie_lang="fr").lang == "ar"
    assert first_page(VIEWS, None, "http://localhost/", HOST, cookie_lang="xx").lang == "en"
    for refused in (
        "http://localhost/partner",
        "http://localhost/partner/submissions",
        "http://localhost/stories",
        "http://localhost/routes",
        "http://localhost/?release=1",
        "http://elsewhere.example/",
        "javascript:alert(1)",
        "",
        None,
    ):
        assert first_page(VIEWS, None, refused, HOST) is None, refused


def test_the_router_keeps_the_first_page_only_for_its_own_address_and_language():
    shown = {"pathname": "/", "search": "?year=2020", "lang": "en"}
    assert shows_first_page(shown, "/", "?year=2020", "en")
    assert not shows_first_page(shown, "/", "?year=2020", "fr")  # the stored language differs: render again
    assert not shows_first_page(shown, "/", "?year=2015", "en")
    assert not shows_first_page(shown, "/routes", "?year=2020", "en")
    assert not shows_first_page(None, "/", "?year=2020", "en")  # after the first call the store is cleared
    assert shows_first_page({"pathname": "/", "search": "", "lang": "en"}, "/", None, "en")


def test_the_explorer_layout_already_holds_its_page_in_the_readers_language(bundled_client):
    layout = _layout(bundled_client, "http://localhost/?ind=migrant_stock_total&year=2015&lang=fr")
    page = find_component(layout, Shell.PAGE)["props"]["children"]
    assert page["props"]["id"] == Explorer.PAGE
    years = find_component(page, Explorer.YEARS)["props"]["data"]
    assert years["indicator"] == "migrant_stock_total" and years["years"][years["index"]] == 2015
    root = layout["props"]
    assert (root["lang"], root["dir"]) == ("fr", "ltr")
    assert find_component(layout, Shell.FIRST)["props"]["data"] == {
        "pathname": "/",
        "search": "?ind=migrant_stock_total&year=2015&lang=fr",
        "lang": "fr",
    }
    location = find_component(layout, Shell.URL)["props"]
    assert (location["pathname"], location["search"]) == ("/", "?ind=migrant_stock_total&year=2015&lang=fr")
    assert find_component(layout, Shell.LINKS)["props"]["children"], "the navbar is filled too"
    arabic = _layout(bundled_client, "http://localhost/", cookie_lang="ar")
    assert (arabic["props"]["lang"], arabic["props"]["dir"]) == ("ar", "rtl")


def test_every_other_first_request_gets_the_empty_frame(bundled_client):
    for referer in (None, "http://localhost/partner", "http://localhost/?release=1", "http://evil.example/"):
        layout = _layout(bundled_client, referer)
        assert find_component(layout, Shell.PAGE)["props"].get("children") is None, referer
        assert find_component(layout, Shell.FIRST)["props"].get("data") is None, referer


def test_a_partner_asking_first_gets_public_content_only(app):
    add_user(app.server, "zq-partner-name", "admin")
    partner = app.server.test_client()
    log_in(partner, "zq-partner-name")
    mine = json.dumps(_layout(partner, "http://localhost/"))
    anonymous = json.dumps(_layout(app.server.test_client(), "http://localhost/"))
    # the layout does not depend on who asks (the per-user menu comes from its own callback)
    assert mine == anonymous
    assert "zq-partner-name" not in mine and "Log out" not in mine


def test_the_router_answers_nothing_but_the_language_for_the_first_page(bundled_client):
    deps = bundled_client.get("/_dash-dependencies").get_json()
    [router] = [d for d in deps if f"{Shell.PAGE}.children" in d["output"]]
    shown = {"pathname": "/", "search": "", "lang": "en"}
    values = {
        f"{Shell.URL}.pathname": "/",
        f"{Shell.URL}.search": "",
        f"{Shell.FIRST}.data": shown,
        f"{Shell.ROOT}.lang": "en",
    }
    outputs = router["output"].strip(".").split("...")
    body = {
        "output": router["output"],
        "outputs": [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True)) for o in outputs],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in router["inputs"]],
        "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in router["state"]],
        "changedPropIds": [],
    }
    answer = bundled_client.post("/_dash-update-component", json=body).get_json()["response"]
    assert set(answer) == {Shell.LANG_STORE, Shell.FIRST}, answer
    assert answer[Shell.FIRST]["data"] is None
    # another language stored than the layout's: the router renders the page again
    body["state"] = [{**s, "value": "fr" if s["id"] == Shell.LANG_STORE else s["value"]} for s in body["state"]]
    answer = bundled_client.post("/_dash-update-component", json=body).get_json()["response"]
    assert answer[Shell.PAGE]["children"]["props"]["id"] == Explorer.PAGE and answer[Shell.ROOT]["lang"] == "fr"


def test_the_index_preloads_what_the_first_paint_waits_on(bundled_client):
    html = bundled_client.get("/").get_data(as_text=True)
    preloads = [line for line in html.splitlines() if 'rel="preload"' in line]
    hrefs = [line.split('href="')[1].split('"')[0] for line in preloads]
    assert hrefs[:2] == ["/_dash-layout", "/_dash-dependencies"]
    assert any(h.startswith("/geo/countries.geojson?v=") for h in hrefs)
    assert "/assets/topojson/world_110m.json" in hrefs
    # the geometry and the base map say where plotly.js looks for them (shell.js hands them over): the figure's
    # geojson URL, the base map's name
    geometry = next(h for h in hrefs if h.startswith("/geo/countries.geojson?v="))
    link = f'href="{geometry}" as="fetch" crossorigin="anonymous" fetchpriority="low" data-plotly-geojson="{geometry}"'
    assert link in html
    assert 'href="/assets/topojson/world_110m.json"' in html and 'data-plotly-topojson="world_110m"' in html
    layout = bundled_client.get("/_dash-layout", headers={"Referer": "http://localhost/"}).get_json()
    assert geometry in re.findall(r"'geojson': '([^']+)'", str(layout))
    # after the page's scripts, so that the one worker answers those first
    assert html.index('rel="preload"') > html.index("plotly-partial.min.js")
    # the explorer's dcc chunks run as scripts after the libraries, before the renderer starts
    chunks = re.findall(r'<script src="(/_dash-component-suites/dash/dcc/async-[a-z]+\.js)"></script>', html)
    assert chunks == [f"/_dash-component-suites/dash/dcc/async-{n}.js" for n in ("graph", "dropdown", "slider")]
    assert html.rindex("async-slider.js") < html.index('id="_dash-renderer"')
    assert all(bundled_client.get(url).status_code == 200 for url in chunks)
    other = bundled_client.get("/partner").get_data(as_text=True)
    assert "countries.geojson" not in other and 'href="/_dash-layout"' in other and "dcc/async-" not in other
    assert '<html lang="ar" dir="rtl">' in bundled_client.get("/?lang=ar").get_data(as_text=True)


def test_the_index_leaves_out_the_babel_polyfill_only_when_regenerator_runtime_comes_with_bootstrap(bundled_client):
    html = bundled_client.get("/").get_data(as_text=True)
    assert "/dash/deps/react@" in html and "polyfill@" not in html
    tags = (
        '<script src="/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js"></script>\n'
        '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"></script>'
    )
    assert "polyfill@" in without_polyfill(tags)  # no bundle that sets regeneratorRuntime: it stays
    bootstrap = '\n<script src="/_dash-component-suites/dash_bootstrap_components/_components/x.min.js"></script>'
    assert "polyfill@" not in without_polyfill(tags + bootstrap) and "react@18" in without_polyfill(tags + bootstrap)


def test_the_index_loads_plotly_asynchronously_after_every_library_script(bundled_client):
    html = bundled_client.get("/partner").get_data(as_text=True)  # a page without the explorer's chunks
    tags = re.findall(r"<script [^>]*src=\"[^\"]+\"[^>]*>", html)
    assert re.fullmatch(r'<script async fetchpriority="high" src="/assets/js/plotly-partial\.min\.js[^"]*">', tags[-1])
    assert all(" async" not in tag for tag in tags[:-1]), tags  # the libraries still run in order
    assert any("dash_renderer" in tag for tag in tags[:-1])
    # the app's own scripts, joined (asset_bundle), come right before plotly.js; present.js among them
    bundle = re.search(r'src="([^"]+)"', tags[-2]).group(1)
    assert "/assets/_bundle/app-" in bundle, tags
    assert b"/* js/present.js */" in bundled_client.get(bundle).data
    assert plotly_last("<script>a</script>") == "<script>a</script>"  # no plotly.js asset: unchanged


def test_the_validation_layout_is_every_views_not_the_bare_frame(app):
    # app.layout is a function: Dash calls one given before the validation layout exists and keeps its
    # bare frame as the validation layout (the callback guard would then know no view's IDs)
    from plotly.utils import PlotlyJSONEncoder

    from imapdash.factory import full_layout

    ids = json.dumps(full_layout(app).to_plotly_json(), cls=PlotlyJSONEncoder)
    assert f'"{Explorer.PAGE}"' in ids and '"partner-' in ids


def test_no_cache_hands_one_readers_first_layout_to_another(bundled_client):
    response = bundled_client.get("/_dash-layout", headers={"Referer": "http://localhost/?lang=fr"})
    assert response.status_code == 200
    assert "no-cache" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]
    assert {"referer", "cookie"} <= {v.strip().lower() for v in response.headers["Vary"].split(",")}
