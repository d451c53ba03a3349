"""The partner area's frames: the restricted monthly detections, read once per (request, route).

Restricted rows come only through `imapdash.partner.access`, which checks the logged-in user itself
(the third layer after the request guard and `partner_required`); the rest is pure pandas.
"""

from __future__ import annotations

import pandas as pd

from ...partner import access
from ...partner.flows import preliminary_monthly
from ..context import ViewContext


def restricted_monthly(vc: ViewContext, route: str | None) -> pd.DataFrame:
    """Preliminary monthly detections (all routes, or the chosen known route), oldest first."""
    known = route if route in vc.route_names() else None
    return vc.once(("partner.monthly", known), lambda: preliminary_monthly(access.restricted_flows(vc.datasets), known))
