"""The News Centre over HTTP: page, filter callbacks with real numbers, DB-first data access, admin fetch."""

from imapdash import create_app
from imapdash.db import get_engine
from imapdash.ids import News, Shell
from imapdash.news.classify import rules_for
from imapdash.news.ingest import delete_all, import_sample
from imapdash.views.news import news_items
from imapdash.views.news.state import CONTROLS
from tests.conftest import BUNDLED_DATA, make_settings


def _filter_callbacks(app) -> list[str]:
    """Every callback the six news filters drive (every chart and the list in one, and the URL writer)."""
    return [o for o, c in app.callback_map.items() if [i["id"] for i in c["inputs"]] == list(CONTROLS)]


def _call(app, client, output, theme=None, language=None, country=None, years=None, text="", every="month", lang="en"):
    """POST one filter callback as the renderer would (its states: the URL's search/pathname and the language)."""
    spec = app.callback_map[output]
    values = (theme, language, country, years or [2014, 2025], text, every)
    state_values = {f"{Shell.URL}.search": "", f"{Shell.URL}.pathname": "/news", f"{Shell.ROOT}.lang": lang}
    outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in output.strip(".").split("...")]
    if output.startswith(f"{Shell.URL}.search@"):
        outputs = [{"id": Shell.URL, "property": "search"}]
    payload = {
        "output": output,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i, "property": "value", "value": v} for i, v in zip(CONTROLS, values, strict=True)],
        "changedPropIds": [f"{News.LANGUAGE}.value"],
        "state": [{**s, "value": state_values[f"{s['id']}.{s['property']}"]} for s in spec["state"]],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, output
    return response.get_json()["response"]


def _filtered(app, client, **filters) -> dict:
    """Every output of one filter change, merged (what the page shows after it)."""
    merged: dict = {}
    for output in _filter_callbacks(app):
        for component, props in _call(app, client, output, **filters).items():
            merged.setdefault(component, {}).update(props)
    return merged


def test_one_filter_callback_fills_every_chart_with_its_text_alternative_and_the_list(bundled_app):
    """A filter change is one request for the page's content (it was eight, queueing on a worker), plus the URL."""
    outputs = _filter_callbacks(bundled_app)
    url_writer = f"..{Shell.URL}.search@"
    assert len(outputs) == 2 and sum(o.startswith(url_writer) for o in outputs) == 1
    content = next(o for o in outputs if not o.startswith(url_writer))
    for graph in (News.TREND, News.SHARES, News.MAP, News.TERMS, News.BIGRAMS, News.TERM_TRENDS):
        assert f"..{graph}.figure...{graph}-summary.children...{graph}-alt-table.children.." in content, graph
    assert content.endswith(f"...{News.LIST}.items...{News.COUNT}.children..")


def test_news_page_and_french_filter_with_bundled_numbers(bundled_app, bundled_client):
    assert bundled_client.get("/news").status_code == 200
    body = _filtered(bundled_app, bundled_client, language="fr")
    assert body[News.COUNT]["children"] == (
        "46 of 2463 items match (showing the newest 46) · source: the bundled sample"
    )
    assert body[Shell.URL]["search"] == "?ilang=fr"
    trend = body[News.TREND]["figure"]
    assert sum(sum(t["y"]) for t in trend["data"]) == 46  # stacked bars add up to the items
    assert body[f"{News.TREND}-summary"]["children"].startswith("46 items in total.")  # the same frame, in text
    trends = body[News.TERM_TRENDS]["figure"]
    # the French items are too few in every year for a share: the lines break, a grey tick says so
    assert {t["name"] for t in trends["data"] if not t["name"].startswith("too few")} == {
        "clandestin(s) (French)",
        "irrégulier(s) (French)",
        "sans-papiers (French)",
    }
    geo = body[News.MAP]["figure"]["data"][0]
    assert geo["geojson"].startswith("/geo/countries.geojson?v=") and geo["featureidkey"] == "id"
    assert len(body[News.LIST]["items"]) == 46


def test_country_filter_from_the_profile_link(bundled_app, bundled_client):
    body = _filtered(bundled_app, bundled_client, country="TUN")
    assert body[News.COUNT]["children"].startswith("172 of 2463 items match")
    assert body[Shell.URL]["search"] == "?country=TUN"
    assert all("/country/TUN" in str(item) for item in body[News.LIST]["items"])


def test_view_reads_the_database_when_it_has_items(tmp_path):
    app = create_app(make_settings(tmp_path, BUNDLED_DATA))
    datasets = app.server.extensions["imapdash.datasets"]
    with app.server.app_context():
        engine = get_engine(app.server)
        items, origin = news_items(datasets)
        assert origin == "sample" and len(items) == 2463
        assert import_sample(engine, datasets.media.head(10), rules_for(datasets.countries)) == (10, 0)
        items, origin = news_items(datasets)
        assert origin == "database" and len(items) == 10
        delete_all(engine)
        assert news_items(datasets)[1] == "sample"


def test_fetch_button_refuses_anonymous_users(bundled_client):
    output = f"{News.FETCH_REPORT}.children"
    response = bundled_client.post(
        "/_dash-update-component",
        json={
            "output": output,
            "outputs": {"id": News.FETCH_REPORT, "property": "children"},
            "inputs": [{"id": News.FETCH_BUTTON, "property": "n_clicks", "value": 1}],
            "changedPropIds": [f"{News.FETCH_BUTTON}.n_clicks"],
            "state": [{"id": Shell.ROOT, "property": "lang", "value": "en"}],
        },
    )
    assert response.status_code == 200
    assert "Only administrators can fetch feeds" in response.get_data(as_text=True)
