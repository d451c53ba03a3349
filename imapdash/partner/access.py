"""Guarded accessors: the partner area's only way to restricted rows and to other users' drafts.

Each function checks the logged-in user itself (notes B4.3, row-level checks) and raises
PermissionError otherwise, so a callback or route that lost its decorator still returns nothing.
"""

from __future__ import annotations

import pandas as pd
from flask_login import current_user

from imapdash.auth.guards import has_role, is_partner
from imapdash.auth.models import ADMIN, FOCAL_POINT
from imapdash.datasets import Datasets

DOWNLOADABLE = ("flows", "indicator_values", "composition")


def _require_partner() -> None:
    if not is_partner():
        raise PermissionError("partner login required")


def restricted_rows(datasets: Datasets, name: str) -> pd.DataFrame:
    """Only the restricted rows of table `name` (empty frame when it has none)."""
    _require_partner()
    if name not in DOWNLOADABLE:
        raise KeyError(name)
    frame = datasets.frame(name, include_restricted=True)
    return frame[frame["restricted"].astype(bool)] if "restricted" in frame else frame.iloc[0:0]


def restricted_flows(datasets: Datasets) -> pd.DataFrame:
    """The partner-only flows rows (2025 preliminary monthly detections and the like)."""
    return restricted_rows(datasets, "flows")


def submission_countries() -> tuple[str, ...] | None:
    """Countries whose submissions the user may read: None = all (admin), () = none."""
    _require_partner()
    if has_role(ADMIN):
        return None
    if has_role(FOCAL_POINT) and current_user.country_iso3:
        return (str(current_user.country_iso3),)
    return ()


def may_read_submission(country_iso3: str) -> bool:
    """True when the user may see a submission for `country_iso3`."""
    allowed = submission_countries()
    return allowed is None or country_iso3 in allowed


def require_admin() -> str:
    """The admin's username; PermissionError for anyone else."""
    if not has_role(ADMIN):
        raise PermissionError("admin role required")
    return str(current_user.username)


def require_focal_point() -> tuple[str, str]:
    """(username, country) of the logged-in focal point; PermissionError for anyone else."""
    if not has_role(FOCAL_POINT) or not current_user.country_iso3:
        raise PermissionError("focal point role required")
    return str(current_user.username), str(current_user.country_iso3)
