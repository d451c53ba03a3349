"""An approved focal-point submission is what the public profile and API show; a revert undoes it."""

from imapdash.datasets import load_datasets
from imapdash.db import get_engine
from imapdash.partner import submissions as sub
from tests.conftest import FIXTURE_DATA, post_router

UPLOAD = (
    "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
    "TUN,migrant_stock_total,2024,65,2024,INS Tunisia,https://www.ins.tn/,2025-05\n"
)


def profile_html(client) -> str:
    """Call the router callback the way the browser does, for /country/TUN."""
    response = post_router(client, "/country/TUN")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def api_value(client) -> list[float]:
    rows = client.get("/api/v1/indicators/migrant_stock_total.json?iso3=TUN&year=2024").get_json()["rows"]
    return [r["value"] for r in rows]


def test_approved_value_reaches_profile_and_api_and_revert_restores(app, client):
    engine = get_engine(app.server)
    datasets = load_datasets(FIXTURE_DATA)
    assert api_value(client) == [60.0]
    assert "INS Tunisia" not in profile_html(client)

    result = sub.validate_upload("v.csv", UPLOAD.encode(), country="TUN", datasets=datasets)
    submission = sub.create_submission(engine, result, user="fp-tun", country="TUN")
    assert api_value(client) == [60.0], "a pending submission changes nothing"
    with app.server.app_context():  # as in the app: approved in a request, this worker follows at once
        sub.approve_submission(engine, submission, admin="boss", datasets=datasets)

    assert api_value(client) == [65.0]
    html = profile_html(client)
    assert "INS Tunisia" in html and "65" in html

    change = next(c for c in sub.value_changes(engine) if c["target"] == "TUN/migrant_stock_total/2024")
    with app.server.app_context():
        sub.revert_change(engine, change["id"], admin="boss", datasets=datasets)
    assert api_value(client) == [60.0]
    assert "INS Tunisia" not in profile_html(client)


def test_an_approved_correction_of_an_earlier_year_shows_on_the_profile_with_its_source(app, client):
    engine = get_engine(app.server)
    datasets = load_datasets(FIXTURE_DATA)
    upload = (
        "iso3,indicator_id,year,value,period_label,source_org,source_url,vintage\n"
        "TUN,migrant_stock_total,2020,57,2020,INS Tunisia,https://www.ins.tn/,2025-05\n"
    )
    assert "INS Tunisia" not in profile_html(client)
    result = sub.validate_upload("v.csv", upload.encode(), country="TUN", datasets=datasets)
    submission = sub.create_submission(engine, result, user="fp-tun", country="TUN")
    with app.server.app_context():
        sub.approve_submission(engine, submission, admin="boss", datasets=datasets)
    html = profile_html(client)
    # the latest value (2024, UN DESA) is unchanged; the 2020 correction is in the stock chart with its source
    assert "INS Tunisia" in html and "profile-chart-stock-TUN" in html
    assert '"x":[2020,2024]' in html.replace(" ", "") and '"y":[57.0,60.0]' in html.replace(" ", "")
