"""The OpenAPI description lists what the app serves, with enums taken from the data release."""

from imapdash.datasets.schema import MEASURES


def test_enums_come_from_the_data(bundled_client, bundled_app):
    spec = bundled_client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    flows = {p["name"]: p["schema"] for p in spec["paths"]["/flows.json"]["get"]["parameters"]}
    datasets = bundled_app.server.extensions["imapdash.datasets"]
    assert flows["route"]["items"]["enum"] == sorted(datasets.routes["route_id"])
    assert flows["measure"]["enum"] == list(MEASURES)
    assert flows["period_type"]["enum"] == ["year", "month"]
    assert "central-mediterranean" in flows["route"]["items"]["enum"]
    indicator = spec["paths"]["/indicators/{indicator_id}.json"]["get"]["parameters"][0]
    assert indicator["schema"]["enum"] == sorted(datasets.indicators["indicator_id"])


def test_every_api_route_is_described_and_every_description_is_served(bundled_client, bundled_app):
    spec = bundled_client.get("/api/v1/openapi.json").get_json()
    described = {"/api/v1" + path for path in spec["paths"]}
    served = {
        rule.rule.replace("<", "{").replace(">", "}")
        for rule in bundled_app.server.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    aliases = {"/api/v1/indicators", "/api/v1/docs"}  # same as /indicators.json; the human page of this
    # Flask routes join the format as `{ext}`; the description has one operation per format.
    expanded = set()
    for rule in served - aliases:
        formats = ("json", "csv") if rule.endswith(".{ext}") else (None,)
        expanded |= {rule.replace("{ext}", f) if f else rule for f in formats}
    assert described == expanded


def test_every_operation_documents_errors_as_error_and_parameter(bundled_client):
    spec = bundled_client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["schemas"]["Error"]["required"] == ["error", "parameter"]
    for path, item in spec["paths"].items():
        responses = item["get"]["responses"]
        assert responses["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        assert "release" in {p["name"] for p in item["get"]["parameters"]}, path


def test_human_page_is_our_own_and_needs_no_network(bundled_client):
    response = bundled_client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert "/api/v1/flows.json" in html and "central-mediterranean" in html
    assert "href='/api/v1/openapi.json'" in html


def test_empty_parameter_values_are_refused_by_name(client):
    for url, name in (("/api/v1/flows.json?year=", "year"), ("/api/v1/flows/by-route.json?from=2023&to=", "to")):
        response = client.get(url)
        assert response.status_code == 400 and response.get_json()["parameter"] == name


def test_switches_accept_only_zero_or_one(client):
    response = client.get("/api/v1/flows.json?restricted=maybe")
    assert response.status_code == 400 and response.get_json()["parameter"] == "restricted"
    assert client.get("/api/v1/flows.json?restricted=0").status_code == 200


def _concrete(path: str, parameters: list[dict]) -> str:
    for parameter in parameters:
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", parameter["schema"]["enum"][0])
    return "/api/v1" + path


def test_undocumented_parameters_are_refused_and_documented_ones_known(bundled_client):
    """The unknown-parameter rule (issue 16) and the description agree, operation by operation."""
    spec = bundled_client.get("/api/v1/openapi.json").get_json()
    for path, item in spec["paths"].items():
        parameters = item["get"]["parameters"]
        url = _concrete(path, parameters)
        response = bundled_client.get(url + "?colour=red")
        assert response.status_code == 400, url
        assert response.get_json()["parameter"] == "colour", url
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            response = bundled_client.get(f"{url}?{parameter['name']}=%E2%91%A0")  # a value nobody accepts
            body = response.get_json() or {}
            assert "unknown parameter" not in body.get("error", ""), (url, parameter["name"])


def test_other_methods_get_405_with_allow_on_real_endpoints_only(client):
    # schemathesis found PUT answered 404 and OPTIONS advertising PUT/POST/DELETE (the /api catch-all)
    response = client.put("/api/v1/flows.json")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert response.get_json()["parameter"] == "method"
    assert set(client.options("/api/v1/composition.csv").headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert client.post("/api/v1/nonexistent").status_code == 404
