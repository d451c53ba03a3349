"""How colours look with colour-vision deficiency, and how far apart they look (pure, no I/O).

Dichromacy is simulated with the matrices of Machado, Oliveira & Fernandes (2009, "A physiologically-
based model for simulation of color vision deficiency", IEEE TVCG 15(6)) at severity 1.0, applied to
linear-light sRGB and clipped to the gamut. Distances are CIEDE2000 (Sharma, Wu & Dalal 2005, "The
CIEDE2000 color-difference formula: implementation notes…", Color Res. Appl. 30(1)) in CIELAB under
D65, with kL = kC = kH = 1. Contrast is the WCAG 2 contrast ratio of relative luminances.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Literal

Vision = Literal["normal", "protanopia", "deuteranopia", "tritanopia"]
RGB = tuple[float, float, float]
Lab = tuple[float, float, float]
Matrix = tuple[RGB, RGB, RGB]

VISIONS: tuple[Vision, ...] = ("normal", "protanopia", "deuteranopia", "tritanopia")
DEFICIENCIES: tuple[Vision, ...] = VISIONS[1:]

# The dichromacy matrices Machado et al. (2009) published for severity 1.0 (linear RGB in and out).
MACHADO_2009: dict[str, Matrix] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}

# IEC 61966-2-1 sRGB (linear) to CIE XYZ, D65 white.
_RGB_TO_XYZ: Matrix = (
    (0.4124564, 0.3575761, 0.1804375),
    (0.2126729, 0.7151522, 0.0721750),
    (0.0193339, 0.1191920, 0.9503041),
)
_WHITE = tuple(sum(row) for row in _RGB_TO_XYZ)  # XYZ of sRGB white (D65)


def parse_hex(colour: str) -> RGB:
    """'#RRGGBB' (or 'RRGGBB', 'RGB') as sRGB components in [0, 1]."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a hex colour: {colour!r}")
    return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(rgb: Sequence[float]) -> str:
    """sRGB components in [0, 1] (clipped) as '#RRGGBB'."""
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def to_linear(c: float) -> float:
    """sRGB transfer function inverted: an encoded component to linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def from_linear(c: float) -> float:
    """Linear light to an encoded sRGB component (clipped to [0, 1])."""
    c = min(max(c, 0.0), 1.0)
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _apply(matrix: Matrix, v: Sequence[float]) -> RGB:
    return tuple(row[0] * v[0] + row[1] * v[1] + row[2] * v[2] for row in matrix)  # type: ignore[return-value]


def simulate(rgb: Sequence[float], vision: Vision) -> RGB:
    """The encoded sRGB colour a dichromat (`vision`) would match to `rgb`; "normal" returns it unchanged."""
    if vision == "normal":
        return (float(rgb[0]), float(rgb[1]), float(rgb[2]))
    if vision not in MACHADO_2009:
        raise ValueError(f"unknown vision: {vision!r}")
    linear = _apply(MACHADO_2009[vision], [to_linear(c) for c in rgb])
    return tuple(from_linear(c) for c in linear)  # type: ignore[return-value]


def simulate_hex(colour: str, vision: Vision) -> str:
    """`simulate` for a hex colour, rounded to the nearest '#RRGGBB'."""
    return to_hex(simulate(parse_hex(colour), vision))


def to_lab(rgb: Sequence[float]) -> Lab:
    """CIELAB (D65) of an encoded sRGB colour."""
    xyz = _apply(_RGB_TO_XYZ, [to_linear(c) for c in rgb])
    delta = 6 / 29

    def f(t: float) -> float:
        return t ** (1 / 3) if t > delta**3 else t / (3 * delta**2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, _WHITE, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_76(lab1: Sequence[float], lab2: Sequence[float]) -> float:
    """CIE76 colour difference: Euclidean distance in CIELAB."""
    return math.dist(lab1, lab2)


def delta_e_2000(lab1: Sequence[float], lab2: Sequence[float]) -> float:
    """CIEDE2000 colour difference of two CIELAB colours (symmetric; kL = kC = kH = 1)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    dlp = l2 - l1
    dcp = c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    d_hue = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))

    lp_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp_mean = (h1p + h2p + 360) / 2
    else:
        hp_mean = (h1p + h2p - 360) / 2

    t = (
        1
        - 0.17 * math.cos(math.radians(hp_mean - 30))
        + 0.24 * math.cos(math.radians(2 * hp_mean))
        + 0.32 * math.cos(math.radians(3 * hp_mean + 6))
        - 0.20 * math.cos(math.radians(4 * hp_mean - 63))
    )
    d_theta = 30 * math.exp(-(((hp_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (lp_mean - 50) ** 2 / math.sqrt(20 + (lp_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    lightness, chroma, hue = dlp / s_l, dcp / s_c, d_hue / s_h
    return math.sqrt(lightness**2 + chroma**2 + hue**2 + r_t * chroma * hue)


def distance(colour1: str, colour2: str, vision: Vision = "normal") -> float:
    """CIEDE2000 between two hex colours as seen with `vision` (both simulated the same way)."""
    return delta_e_2000(to_lab(simulate(parse_hex(colour1), vision)), to_lab(simulate(parse_hex(colour2), vision)))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a hex colour (0 black, 1 white)."""
    r, g, b = (to_linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(colour1: str, colour2: str) -> float:
    """WCAG 2 contrast ratio between two hex colours (1 to 21, order does not matter)."""
    lighter, darker = sorted((relative_luminance(colour1), relative_luminance(colour2)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def closest_pairs(colours: dict[str, str], visions: Iterable[Vision] = VISIONS) -> dict[Vision, tuple[float, str, str]]:
    """For each vision, the smallest CIEDE2000 between two named colours: (distance, name, name)."""
    pairs = list(combinations(sorted(colours), 2))
    if not pairs:
        raise ValueError("need at least two colours")
    return {vision: min((distance(colours[a], colours[b], vision), a, b) for a, b in pairs) for vision in visions}
