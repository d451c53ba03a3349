"""Component IDs, one namespace per view; layout, callbacks and tests import these constants.

IDs of components that show partner-only data start with `partner-`: the request-layer guard
refuses any callback whose output names such an ID unless the user is a partner.
"""


class Shell:
    URL = "url"
    ROOT = "app-root"
    PAGE = "page-content"
    NAV = "shell-nav"
    USER = "shell-user"


class Sources:
    PAGE = "sources-page"
    TABLE = "sources-indicators-table"


class Explorer:
    """Choropleth explorer (issue: Explorer)."""


class Profile:
    """Country profile (issue: Explorer)."""


class Routes:
    """Route map and animation (issue: Routes)."""


class Flows:
    """Flows and composition (issue: Routes)."""


class News:
    """News Centre (issue: News Centre)."""


class Partner:
    """Partner area; every ID here must start with `partner-`."""
