from imapdash.components.shell import language_links, resolve_language, root_class, user_menu
from imapdash.views import find_view


def _texts(items):
    return [item.children for item in items]


def test_user_menu_offers_login_to_anonymous_visitors():
    [link] = user_menu(None, [("Partner area", "/partner")])
    assert (link.children, link.href) == ("Partner login", "/login")
    [link] = user_menu(None, [], "fr")
    assert link.children == "Connexion partenaires"


def test_user_menu_shows_partner_links_only_to_partners():
    partner = user_menu({"name": "ana", "partner": True}, [("Partner area", "/partner")])
    assert _texts(partner) == ["Partner area", "ana · Log out"]
    other = user_menu({"name": "bob", "partner": False}, [("Partner area", "/partner")])
    assert _texts(other) == ["bob · Log out"]


def test_display_modes_from_the_query():
    assert root_class("?embed=1&ind=x") == "embed"
    assert root_class("?present=1") == "present"
    assert root_class("?embed=0") == ""


def test_language_comes_from_the_url_then_the_stored_choice():
    assert resolve_language("?lang=ar", "fr") == "ar"
    assert resolve_language("?ind=x", "fr") == "fr"
    assert resolve_language(None, None) == "en"
    assert resolve_language("?lang=xx", None) == "en"


def test_language_links_keep_the_page_state():
    links = language_links("/routes", "?route=central-mediterranean&lang=en", "en")
    hrefs = [link.href for link in links]
    assert hrefs == [
        "/routes?route=central-mediterranean&lang=en",
        "/routes?route=central-mediterranean&lang=fr",
        "/routes?route=central-mediterranean&lang=ar",
    ]
    assert [link.active for link in links] == [True, False, False]


def test_find_view_prefers_exact_paths_and_handles_prefixes():
    class Exact:
        PATH = "/sources"

    class Prefix:
        PATH = "/country/"

    views = (Exact, Prefix)
    assert find_view("/sources/", views) is Exact
    assert find_view("/country/TUN", views) is Prefix
    assert find_view("/country/", views) is None
    assert find_view("/nowhere", views) is None
