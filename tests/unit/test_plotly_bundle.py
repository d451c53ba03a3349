"""The committed plotly.js partial bundle (assets/js/plotly-partial.min.js): right version, every trace type."""

import inspect
import re
from pathlib import Path

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "assets" / "js" / "plotly-partial.min.js"
ENTRY = REPO / "scripts" / "plotly-bundle" / "entry.js"


def banner() -> str:
    """The bundle's licence banner: its second line (the first is V8's compile hint)."""
    return BUNDLE.read_text(encoding="utf-8").split("\n", 2)[1]


def test_bundle_starts_with_the_compile_hint():
    """Chromium compiles a file marked so on a background thread while it downloads (shell.plotly_last)."""
    assert BUNDLE.read_text(encoding="utf-8").split("\n", 1)[0] == "//# allFunctionsCalledOnLoad"
    assert banner().startswith("/*! plotly.js v")


def bundled_traces() -> set[str]:
    listed = re.search(r"traces: ([a-z,]+)\.", banner())
    assert listed, banner()
    return {"scatter", *listed.group(1).split(",")}  # scatter is part of plotly.js core


def plotly_trace_types() -> dict[str, str]:
    """trace type -> graph_objects class name, for every trace type plotly knows."""
    return {
        cls().type: name
        for name, cls in inspect.getmembers(go, inspect.isclass)
        if issubclass(cls, BaseTraceType) and cls is not BaseTraceType
    }


def traces_in_source() -> set[str]:
    """Trace types the app's code builds: {"type": "bar"}, go.Bar(...), fig.add_bar(...)."""
    known = plotly_trace_types()
    used = set()
    for path in (REPO / "imapdash").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= {m for m in re.findall(r"""["']type["']\s*:\s*["'](\w+)["']""", text) if m in known}
        used |= {t for t, name in known.items() if re.search(rf"\bgo\.{name}\(|\.add_{t}\(", text)}
    return used


def test_bundle_is_the_plotly_js_version_plotly_py_expects():
    assert f"plotly.js v{get_plotlyjs_version()} " in banner()


def test_bundle_registers_every_trace_type_the_app_draws():
    used = traces_in_source()
    assert {"choropleth", "scattergeo", "bar", "scatter", "sankey"} <= used  # the scan finds them
    assert used <= bundled_traces(), f"add {sorted(used - bundled_traces())} to {ENTRY} and rebuild"


def test_bundle_is_partial_and_the_build_lists_the_same_traces():
    assert BUNDLE.stat().st_size < 2_500_000  # the full plotly.min.js is ~4.8 MB
    entry = set(re.findall(r"plotly\.js/lib/([a-z]+)", ENTRY.read_text(encoding="utf-8"))) - {"core"}
    assert {"scatter", *entry} == bundled_traces()
