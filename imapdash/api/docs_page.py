"""A small human page of the OpenAPI description (`/api/v1/docs`): plain HTML, no script, no CDN."""

from __future__ import annotations

from html import escape
from typing import Any

MAX_SHOWN_VALUES = 24

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#1d2733;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccd3db;padding-top:1rem}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
pre{background:#f3f5f7;padding:.6rem;overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccd3db;padding:.3rem .45rem;
text-align:left;vertical-align:top}th{background:#eef1f4}.method{background:#1f5f8b;color:#fff;padding:0 .4rem;
border-radius:3px;margin-right:.4rem}.values{font-size:.85em;color:#3d4a57}
"""


def _type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(dict.fromkeys(_type_of(branch) for branch in schema["anyOf"]))
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if isinstance(kind, list):
        return " or ".join(kind)
    return str(kind)


def _values(schema: dict[str, Any]) -> str:
    schema = schema.get("items", schema)
    if "enum" in schema:
        values = [str(v) for v in schema["enum"]]
        shown = ", ".join(values[:MAX_SHOWN_VALUES])
        more = len(values) - MAX_SHOWN_VALUES
        return shown + (f" … and {more} more (see openapi.json)" if more > 0 else "")
    if "pattern" in schema:
        return f"pattern {schema['pattern']}"
    if "minimum" in schema or "maximum" in schema:
        return f"{schema.get('minimum', '')} – {schema.get('maximum', '')}"
    return ""


def _example_path(path: str, parameters: list[dict[str, Any]]) -> str:
    for parameter in parameters:
        if parameter["in"] == "path":
            values = parameter["schema"].get("enum") or ["…"]
            path = path.replace("{" + parameter["name"] + "}", str(values[0]))
    return path


def render_docs(spec: dict[str, Any], spec_url: str) -> str:
    """The whole page, from the OpenAPI document `spec` (served at `spec_url`)."""
    info = spec["info"]
    base = spec["servers"][0]["url"]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{escape(info['title'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(info['title'])} <small>{escape(info['version'])}</small></h1>",
        f"<p>{escape(info.get('summary', ''))}</p><p>{escape(info.get('description', ''))}</p>",
        f"<p>Machine-readable description (OpenAPI {escape(spec['openapi'])}): ",
        f"<a href='{escape(spec_url)}'>{escape(spec_url)}</a>. Errors are JSON: ",
        '<code>{"error": "…", "parameter": "…"}</code>.</p>',
        "<nav><ul>",
    ]
    for path, item in spec["paths"].items():
        operation = item["get"]
        parts.append(f"<li><a href='#{escape(operation['operationId'])}'>GET {escape(base + path)}</a></li>")
    parts.append("</ul></nav>")
    for path, item in spec["paths"].items():
        operation = item["get"]
        parameters = operation.get("parameters", [])
        parts.append(
            f"<h2 id='{escape(operation['operationId'])}'><span class='method'>GET</span>"
            f"<code>{escape(base + path)}</code></h2>"
            f"<p><strong>{escape(operation['summary'])}.</strong> {escape(operation.get('description', ''))}</p>"
        )
        if parameters:
            parts.append("<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Values</th><th>About</th></tr>")
            for parameter in parameters:
                required = " (required)" if parameter.get("required") else ""
                parts.append(
                    f"<tr><td><code>{escape(parameter['name'])}</code>{required}</td>"
                    f"<td>{escape(parameter['in'])}</td><td>{escape(_type_of(parameter['schema']))}</td>"
                    f"<td class='values'>{escape(_values(parameter['schema']))}</td>"
                    f"<td>{escape(parameter.get('description', ''))}</td></tr>"
                )
            parts.append("</table>")
        parts.append("<table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>")
        for status, response in operation["responses"].items():
            content = response.get("content", {})
            body = ", ".join(f"{kind}: {_type_of(v.get('schema', {}))}" for kind, v in content.items())
            parts.append(
                f"<tr><td>{escape(status)}</td><td>{escape(response['description'])}</td><td>{escape(body)}</td></tr>"
            )
        parts.append("</table>")
        parts.append(f"<pre>curl -s 'http://HOST{escape(base + _example_path(path, parameters))}'</pre>")
    parts.append("<h2>Row schemas</h2>")
    for name, schema in spec["components"]["schemas"].items():
        properties = schema.get("properties")
        if not properties or not name.endswith("Row"):
            continue
        columns = ", ".join(f"{key} ({_type_of(value)})" for key, value in properties.items())
        parts.append(f"<p><strong>{escape(name)}</strong>: {escape(columns)}</p>")
    parts.append("</body></html>")
    return "".join(parts)
