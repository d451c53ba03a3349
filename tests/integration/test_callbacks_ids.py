"""Every callback names components that exist in some view (what Dash checks in debug mode)."""

import json

from dash.development.base_component import Component

from imapdash.factory import full_layout


def component_ids(tree) -> set:
    found = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Component):
            node_id = getattr(node, "id", None)
            if isinstance(node_id, str):
                found.add(node_id)
            stack.append(getattr(node, "children", None))
            for value in node.to_plotly_json()["props"].values():
                if isinstance(value, Component | list | tuple):
                    stack.append(value)
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return found


def test_every_callback_id_is_in_the_validation_layout(bundled_app):
    known = component_ids(full_layout(bundled_app))
    deps = json.loads(bundled_app.server.test_client().get("/_dash-dependencies").data)
    missing = set()
    for dep in deps:
        outputs = dep["output"].strip(".").split("...")
        # a callback without outputs is registered under a bare hash, with no "id.prop"
        named = [o.rsplit(".", 1)[0] for o in outputs if "." in o]
        named += [i["id"] for i in dep["inputs"] + dep["state"]]
        missing |= {n for n in named if not n.startswith("{") and n not in known}
    assert missing == set()


def test_index_html_stays_light(bundled_client):
    assert len(bundled_client.get("/").data) < 100_000
