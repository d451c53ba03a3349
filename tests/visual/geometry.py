"""Pure checks over measure.js output: overlaps, clipping, spans and contrast (unit-testable, no browser)."""

from __future__ import annotations

from itertools import combinations

SLACK = 1.5  # px: anti-aliasing and sub-pixel rounding


def overlap(a: dict, b: dict) -> float:
    """Area (px²) two boxes {l,t,r,b} share, after shrinking each by SLACK on every side."""
    width = min(a["r"], b["r"]) - max(a["l"], b["l"]) - 2 * SLACK
    height = min(a["b"], b["b"]) - max(a["t"], b["t"]) - 2 * SLACK
    return width * height if width > 0 and height > 0 else 0.0


def overlapping_texts(texts: list[dict]) -> list[str]:
    """Pairs of a figure's text boxes that cover each other (ticks of one axis are plotly's own business)."""
    found = []
    for a, b in combinations(texts, 2):
        if a["kind"] == b["kind"] == "tick":
            continue
        if overlap(a, b) > 4:
            found.append(f"{a['kind']} {a['text']!r} × {b['kind']} {b['text']!r}")
    return found


def clipped(texts: list[dict], frame: dict) -> list[str]:
    """Texts that reach outside the figure's own box (cut off by the svg edge)."""
    return [
        f"{x['kind']} {x['text']!r} [{x['l']:.0f}..{x['r']:.0f}] outside [{frame['l']:.0f}..{frame['r']:.0f}]"
        for x in texts
        if x["l"] < frame["l"] - SLACK
        or x["r"] > frame["r"] + SLACK
        or x["t"] < frame["t"] - SLACK
        or x["b"] > frame["b"] + SLACK
    ]


def bar_span(graph: dict) -> float | None:
    """Share of the plot area's length, along the category axis, that the bars cover (None: no bars)."""
    bars, plot = graph["bars"], graph["plot"]
    if not bars or not plot:
        return None
    horizontal = any(t["type"] == "bar" and t["orientation"] == "h" for t in graph["traces"])
    if horizontal:
        return (max(b["b"] for b in bars) - min(b["t"] for b in bars)) / plot["h"]
    return (max(b["r"] for b in bars) - min(b["l"] for b in bars)) / plot["w"]


def parse_rgb(colour: str) -> tuple[float, float, float, float] | None:
    inside = colour[colour.find("(") + 1 : colour.rfind(")")] if "(" in colour else ""
    parts = [float(p) for p in inside.split(",") if p.strip()]
    if len(parts) < 3:
        return None
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on(fill: str, opacity: float, background: tuple[float, float, float] = (255, 255, 255)) -> float:
    """WCAG contrast ratio of `fill` at `opacity` composited over `background`."""
    parsed = parse_rgb(fill)
    if parsed is None:
        return 1.0
    alpha = parsed[3] * opacity
    shown = tuple(alpha * c + (1 - alpha) * bg for c, bg in zip(parsed[:3], background, strict=True))
    lighter, darker = sorted((luminance(shown), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _end(box: dict, rtl: bool) -> float:
    return box["l"] if rtl else box["r"]


def misaligned_headers(table: dict, tolerance: float = 3.0) -> list[str]:
    """Columns whose cells are aligned to the end of the line (numbers) under a header that is not."""
    rtl = table["dir"] == "rtl"
    found = []
    for col in table["cols"]:
        cells = [c for c in col["cells"] if c["text"]]
        if not col["head"] or not cells:
            continue
        at_end = all(abs(_end(c["text"], rtl) - _end(c["box"], rtl)) <= 2 for c in cells)
        spare = max((c["box"]["r"] - c["box"]["l"]) - (c["text"]["r"] - c["text"]["l"]) for c in cells)
        if not at_end or spare <= 8:  # start-aligned, or cells filled by their text: nothing to tell apart
            continue
        if abs(_end(col["head"], rtl) - _end(col["headBox"], rtl)) > tolerance:
            found.append(f"{table['cls']}: header {col['name']!r} not over its end-aligned values")
    return found
