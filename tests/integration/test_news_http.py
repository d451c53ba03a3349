"""The News Centre over HTTP: page, filter callback with real numbers, DB-first data access, admin fetch."""

from imapdash import create_app
from imapdash.db import get_engine
from imapdash.ids import News, Shell
from imapdash.news.classify import rules_for
from imapdash.news.ingest import delete_all, import_sample
from imapdash.views.news import CONTROLS, OUTPUTS, news_items
from tests.conftest import BUNDLED_DATA, make_settings


def _payload(app, theme=None, language=None, country=None, years=None, text="", every="month", search="", lang="en"):
    output = next(o for o in app.callback_map if o.startswith(f"..{News.TREND}.figure"))
    values = (theme, language, country, years or [2014, 2025], text, every)
    return {
        "output": output,
        "outputs": [{"id": i, "property": p} for i, p in OUTPUTS] + [{"id": Shell.URL, "property": "search"}],
        "inputs": [{"id": i, "property": "value", "value": v} for i, v in zip(CONTROLS, values, strict=True)],
        "changedPropIds": [f"{News.LANGUAGE}.value"],
        "state": [
            {"id": Shell.URL, "property": "search", "value": search},
            {"id": Shell.ROOT, "property": "lang", "value": lang},
        ],
    }


def test_news_page_and_french_filter_with_bundled_numbers(bundled_app, bundled_client):
    assert bundled_client.get("/news").status_code == 200
    response = bundled_client.post("/_dash-update-component", json=_payload(bundled_app, language="fr"))
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert body[News.COUNT]["children"] == (
        "46 of 246 items match (showing the newest 46) · source: the bundled sample"
    )
    assert body[Shell.URL]["search"] == "?ilang=fr"
    trend = body[News.TREND]["figure"]
    assert sum(sum(t["y"]) for t in trend["data"]) == 46  # stacked bars add up to the items
    trends = body[News.TERM_TRENDS]["figure"]
    assert {t["name"] for t in trends["data"]} == {
        "clandestin(s) (French)",
        "irrégulier(s) (French)",
        "sans-papiers (French)",
    }
    geo = body[News.MAP]["figure"]["data"][0]
    assert geo["geojson"].startswith("/geo/countries.geojson?v=") and geo["featureidkey"] == "id"
    assert len(body[News.LIST]["children"]) == 46


def test_country_filter_from_the_profile_link(bundled_app, bundled_client):
    response = bundled_client.post("/_dash-update-component", json=_payload(bundled_app, country="TUN"))
    body = response.get_json()["response"]
    assert body[News.COUNT]["children"].startswith("33 of 246 items match")
    assert body[Shell.URL]["search"] == "?country=TUN"
    assert all("/country/TUN" in str(item) for item in body[News.LIST]["children"])


def test_view_reads_the_database_when_it_has_items(tmp_path):
    app = create_app(make_settings(tmp_path, BUNDLED_DATA))
    datasets = app.server.extensions["imapdash.datasets"]
    with app.server.app_context():
        engine = get_engine(app.server)
        items, origin = news_items(datasets)
        assert origin == "sample" and len(items) == 246
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
