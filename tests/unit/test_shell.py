from imapdash.components.shell import root_class, user_menu
from imapdash.views import find_view


def _texts(items):
    return [item.children for item in items]


def test_user_menu_offers_login_to_anonymous_visitors():
    [link] = user_menu(None, [("Partner area", "/partner")])
    assert (link.children, link.href) == ("Partner login", "/login")


def test_user_menu_shows_partner_links_only_to_partners():
    partner = user_menu({"name": "ana", "partner": True}, [("Partner area", "/partner")])
    assert _texts(partner) == ["Partner area", "ana · Log out"]
    other = user_menu({"name": "bob", "partner": False}, [("Partner area", "/partner")])
    assert _texts(other) == ["bob · Log out"]


def test_embed_mode_class():
    assert root_class("?embed=1&ind=x") == "embed"
    assert root_class("?embed=0") == ""


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
