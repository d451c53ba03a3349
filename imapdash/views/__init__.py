"""The views, registered explicitly; each module provides the same small interface.

A view module defines:
- `PATH`: the path it answers ("/sources"), or a prefix ending in "/" for parametrised paths
  ("/country/" answers "/country/TUN"); such a view also defines `validation_layout(datasets)`;
- `NAV_LABEL` (None to keep it out of the navbar) and `NAV_ORDER`;
- `layout(datasets, *, path, query) -> Component`: structure and public data only, never
  restricted values and never anything that depends on the user;
- `register_callbacks(app, datasets) -> None`.

Layouts are built for every render (no layout memo): a view makes its layout cheap by computing its
frames once per state (see `imapdash/views/context.py`, "How to write a view with this").

Routing: the shell re-renders the page when the *pathname* changes. A change of the query string
alone (a view writing its state into `url.search`, or Back/Forward between two states of the same
view) does not re-render: the view listens to `Input(ids.Shell.URL, "search")` and restores its
controls, and writes its state with `Output(ids.Shell.URL, "search", allow_duplicate=True)`.
"""

from __future__ import annotations

from types import ModuleType

from . import explorer, news, overview, partner, profile, releases, routes, sources, stories
from .profile import compare

VIEWS: tuple[ModuleType, ...] = (
    overview,
    sources,
    explorer,
    profile,
    compare,
    partner,
    routes,
    news,
    stories,
    releases,
)


def is_prefix_view(view: ModuleType) -> bool:
    """A view answering every path under its PATH ("/country/" answers "/country/TUN")."""
    return view.PATH != "/" and view.PATH.endswith("/")


def find_view(pathname: str | None, views: tuple[ModuleType, ...] = VIEWS) -> ModuleType | None:
    """The view that answers `pathname` (exact path first, then the longest prefix)."""
    path = (pathname or "/").rstrip("/") or "/"
    for view in views:
        if path == view.PATH:
            return view
    prefixed = [v for v in views if is_prefix_view(v) and path.startswith(v.PATH) and len(path) > len(v.PATH)]
    return max(prefixed, key=lambda v: len(v.PATH), default=None)
