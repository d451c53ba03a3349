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
    LINKS = "shell-links"
    BRAND = "shell-brand"
    TOGGLER = "shell-nav-toggler"
    COLLAPSE = "shell-nav-collapse"
    FOOTER = "shell-footer"
    SKIP = "shell-skip"
    LANG_STORE = "shell-lang-store"
    DOC_SYNC = "shell-doc-sync"
    RELEASE = "shell-release"
    RELEASE_SHOWN = "shell-release-shown"
    SEARCH = "shell-search"
    FIRST = "shell-first-page"  # the page the first request's layout already holds (shell.first_page)
    ROUTE = "shell-route"  # an address the router must render (shell.js boot: not the layout's own first page)
    SETTLED = "shell-settled"  # the page's graphs are drawn (shell.js settled): the per-user menu and the count
    SEARCH_WRITTEN = "shell-search-written"  # the query a view's controls wrote ({search, at}; views/context.py)
    SEARCH_EXTERNAL = "shell-search-external"  # a query change the controls did not write (Back, a pasted link)


class Sources:
    PAGE = "sources-page"
    TABLE = "sources-indicators-table"
    PUBLISHERS = "sources-publishers"


class Explorer:
    """Choropleth explorer (issue: Explorer)."""

    PAGE = "explorer-page"
    MAP = "explorer-map"
    INDICATOR = "explorer-indicator"
    INDICATOR_NOTE = "explorer-indicator-note"
    YEAR = "explorer-year"
    PLAY = "explorer-play"
    INTERVAL = "explorer-interval"
    REGION = "explorer-region"
    SELECTION = "explorer-selection"
    MODE = "explorer-mode"
    TABS = "explorer-tabs"
    RANKING = "explorer-ranking"
    SERIES = "explorer-series"
    TABLE = "explorer-table"
    PROFILE_LINK = "explorer-profile-link"
    SEARCH = "explorer-search"
    DOWNLOAD_BUTTON = "explorer-download-button"
    DOWNLOAD = "explorer-download"
    COPY_LINK = "explorer-copy-link"
    URL = "explorer-url"  # the page's own dcc.Location: what the explorer writes into the address bar
    SIDE = "explorer-side"  # the year the side panel shows: written once the map is redrawn (explorer.js)
    SIDE_FIRST = "explorer-side-first"  # the first page's ranking and series, drawn once the map is (explorer.js)
    YEARS = "explorer-years"  # every year's map values, for the clientside year change
    YEAR_BOX = "explorer-year-box"  # holds the slider; data-years names its positions
    URL_IN = "explorer-url-in"  # an address the controls do not show yet (Back/Forward, a pasted link)


class Profile:
    """Country profile (issue: Explorer)."""

    PAGE = "profile-page"
    TITLE = "profile-title"
    CARDS = "profile-cards"
    ROUTES = "profile-routes"
    NOT_FOUND = "profile-not-found"
    MAP_LINK = "profile-map-link"
    FACTS = "profile-facts"
    SECTIONS = "profile-sections"
    DATA_LINE = "profile-data-line"
    COMPARE_LINK = "profile-compare-link"
    DOCUMENTS = "profile-documents"
    BRIEF_LINK = "profile-brief-link"


class Compare:
    """Two or three country profiles side by side (issue 15)."""

    PAGE = "compare-page"
    PICKER = "compare-picker"
    GRID = "compare-grid"
    HINT = "compare-hint"


class Routes:
    """Route map and animation (issue: Routes)."""

    PAGE = "routes-page"
    MAP = "routes-map"
    ROUTE = "routes-route"
    MEASURE = "routes-measure"
    MEASURE_NOTE = "routes-measure-note"
    NATIONALITY = "routes-nationality"
    LAYERS = "routes-layers"
    GRANULARITY = "routes-granularity"
    FROM = "routes-from"
    TO = "routes-to"
    STORE = "routes-anim-store"
    CURSOR = "routes-cursor"
    PERIOD = "routes-period"
    INTERVAL = "routes-interval"
    PLAY = "routes-play"
    PAUSE = "routes-pause"
    STEP_BACK = "routes-step-back"
    STEP_FORWARD = "routes-step-forward"
    SPEED = "routes-speed"
    LOOP = "routes-loop"
    SLIDER = "routes-slider"
    LABEL = "routes-period-label"
    SOURCES = "routes-sources-panel"
    DOWNLOAD = "routes-download"
    DOWNLOAD_BUTTON = "routes-download-button"


class Flows:
    """Flows and composition (issue: Routes)."""

    TABS = "flows-tabs"
    NATIONALITIES = "flows-nationalities"
    SANKEY = "flows-sankey"
    AFRICA = "flows-africa"
    AFRICA_SOURCE = "flows-africa-source"
    COMPOSITION = "flows-composition"
    COMPOSITION_PERIOD = "flows-composition-period"
    COMPOSITION_SCOPE = "flows-composition-scope"
    COMPOSITION_MODE = "flows-composition-mode"
    COMPOSITION_NOTE = "flows-composition-note"
    DOWNLOAD = "flows-download"
    DOWNLOAD_BUTTON = "flows-download-button"


class News:
    """News Centre (issue: News Centre)."""

    PAGE = "news-page"
    THEME = "news-theme"
    LANGUAGE = "news-language"
    COUNTRY = "news-country"
    YEARS = "news-years"
    SEARCH = "news-search"
    EVERY = "news-every"
    TREND = "news-trend"
    SHARES = "news-shares"
    MAP = "news-map"
    TERMS = "news-terms"
    BIGRAMS = "news-bigrams"
    TERM_TRENDS = "news-term-trends"
    COUNT = "news-count"
    LIST = "news-list"
    CAVEAT = "news-caveat"
    FETCH_BUTTON = "news-fetch-button"
    FETCH_REPORT = "news-fetch-report"


class Partner:
    """Partner area; every ID here must start with `partner-`, except the public gate stores (`partnergate-`)."""

    # Public stores the gate callback fills only for partners (partner callbacks fire from them).
    GATE = "partnergate-store"
    GATE_SEARCH = "partnergate-search"
    PAGE = "partner-page"
    LOGIN_PROMPT = "partner-login-prompt"
    PANEL = "partner-panel"
    USER = "partner-user"
    ROUTE = "partner-route"
    TABLE = "partner-flows-table"
    GRAPH = "partner-flows-graph"
    DOWNLOADS = "partner-downloads"
    UPLOAD_SECTION = "partner-upload-section"
    UPLOAD = "partner-upload"
    UPLOAD_RESULT = "partner-upload-result"
    SUBMIT = "partner-submit"
    SUBMIT_RESULT = "partner-submit-result"
    DOC_UPLOAD = "partner-doc-upload"
    DOC_RESULT = "partner-doc-result"
    DOC_PROPOSALS = "partner-doc-proposals"
    DOC_APPROVE = "partner-doc-approve"
    DOC_REJECT = "partner-doc-reject"
    DOC_DECISION = "partner-doc-decision"
    SUBMISSIONS = "partner-submissions"
    ADMIN_SECTION = "partner-admin-section"
    APPROVE = "partner-approve"  # pattern-matching type: {"type": APPROVE, "index": submission id}
    REJECT = "partner-reject"
    DECISION_RESULT = "partner-decision-result"
    AUDIT = "partner-audit"
    REVERT = "partner-revert"  # {"type": REVERT, "index": audit event id}
    RELEASES = "partner-releases"
    RELEASE_RESULT = "partner-release-result"
    RELEASE_ACTIVATE = "partner-release-activate"  # {"type": RELEASE_ACTIVATE, "index": release number}
    REVERT_RESULT = "partner-revert-result"
    USAGE = "partner-usage"
    REQUESTS = "partner-requests"
    REQUEST_RESULT = "partner-request-result"
    REQUEST_APPROVE = "partner-request-approve"  # pattern types, index = access request id
    REQUEST_DECLINE = "partner-request-decline"
    REQUEST_ROLE = "partner-request-role"
    REQUEST_EXPIRY = "partner-request-expiry"
    REQUEST_COUNTRY = "partner-request-country"
    MEETINGS = "partner-meetings"
    MEETING_ID = "partner-meeting-id"
    MEETING_TITLE = "partner-meeting-title"
    MEETING_DATE = "partner-meeting-date"
    MEETING_THEME = "partner-meeting-theme"
    MEETING_DOCUMENTS = "partner-meeting-documents"
    MEETING_CONCLUSIONS = "partner-meeting-conclusions"
    MEETING_SAVE = "partner-meeting-save"
    MEETING_RESULT = "partner-meeting-result"


class Stories:
    """Stories and presentation mode (issue: three languages, presentation mode, accessibility)."""

    PAGE = "stories-page"
    LIST = "stories-list"
    VERSION = "stories-version"
    EDITOR = "stories-editor"
    PICK = "stories-pick"
    TITLE = "stories-title"
    LANG = "stories-lang"
    PUBLIC = "stories-public"
    SLIDES = "stories-slides"
    SAVE = "stories-save"
    DELETE = "stories-delete"
    DUPLICATE = "stories-duplicate"
    UPLOAD = "stories-upload"
    RESULT = "stories-result"
    # player page (plain HTML, assets/js/stories.js mirrors these)
    PLAYER = "story-player"
    FRAME = "story-frame"
    COUNTER = "story-counter"
    SLIDE_TITLE = "story-slide-title"
    NOTE = "story-note"
    NOTES_TOGGLE = "story-notes-toggle"
    PREV = "story-prev"
    NEXT = "story-next"
    PRESENT = "story-present"
    DATA = "story-data"
    BLANK = "story-blank"
    NEXT_FRAME = "story-next-frame"
    NEXT_TITLE = "story-next-title"
    # editor's slide list (pattern-matching ids: {"type": SLIDE_*, "index": n})
    SLIDE_LIST = "stories-slide-list"
    SLIDE_TITLE_INPUT = "stories-slide-title"
    SLIDE_NOTE = "stories-slide-note"
    SLIDE_UP = "stories-slide-up"
    SLIDE_DOWN = "stories-slide-down"
    SLIDE_REMOVE = "stories-slide-remove"
    SLIDE_FOCUS = "stories-slide-focus"
    SLIDE_NEW_LINK = "stories-slide-new-link"
    SLIDE_NEW_ADD = "stories-slide-new-add"
    # "Add this view to a story", a shell control on every view
    ADD_CONTROL = "story-add-control"
    ADD_OPEN = "story-add-open"
    ADD_MODAL = "story-add-modal"
    ADD_BODY = "story-add-body"
    ADD_PICK = "story-add-pick"
    ADD_NEW_TITLE = "story-add-new-title"
    ADD_SLIDE_TITLE = "story-add-slide-title"
    ADD_NOTE = "story-add-note"
    ADD_CONFIRM = "story-add-confirm"
    ADD_RESULT = "story-add-result"


class Releases:
    """Data releases: the list and the "what changed" page (issue: Scale, item 5)."""

    PAGE = "releases-page"
    LIST = "releases-list"
    FROM = "releases-from"
    TO = "releases-to"
    DIFF = "releases-diff"
