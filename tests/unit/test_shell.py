from imapdash.shell import language_links, resolve_language, root_class, user_menu
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


def test_release_parameter_parsing_and_the_pinned_banner():
    from datetime import UTC, datetime

    from imapdash.releases.provider import parse_release
    from imapdash.shell import pinned_query, release_banner, unpinned_href

    assert [parse_release(v) for v in ("3", " 12 ", "0", "-1", "1e3", "x", None, "99999999999")] == [
        3,
        12,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    assert pinned_query("?ind=a&release=3") == "?release=3" and pinned_query("?ind=a") == ""
    assert unpinned_href("/routes", "?measure=x&release=3&lang=fr") == "/routes?measure=x&lang=fr"
    assert release_banner(None, None, 4, "en") == []
    text = str(
        release_banner({"number": 2, "created_at": datetime(2026, 11, 20, tzinfo=UTC)}, None, 4, "fr", "/routes")
    )
    assert "publication de données 2 du 20 nov. 2026" in text and "/releases?from=2&to=4" in text
    assert "/routes" in text
    missing = str(release_banner(None, "77", 4, "en"))
    assert "Data release 77 does not exist" in missing


def test_the_browsers_first_page_check_knows_the_same_languages():
    """shell.js boot resolves the language as shell.resolve_language does, over the same language codes."""
    import json
    import re
    from pathlib import Path

    from imapdash.i18n import LANGUAGES

    source = (Path(__file__).resolve().parents[2] / "assets" / "js" / "shell.js").read_text(encoding="utf-8")
    found = re.search(r"const LANGUAGES = (\[[^\]]*\]);", source)
    assert found is not None
    assert json.loads(found.group(1)) == list(LANGUAGES)


def test_no_module_draws_a_dash_table_whose_loader_the_index_leaves_out():
    # shell.without_dash_table drops dash_table's script from every page: a DataTable would then never draw
    import re
    from pathlib import Path

    from imapdash.shell import without_dash_table

    package = Path(__file__).resolve().parents[2] / "imapdash"
    word = re.compile(r"\bdash_table\b|DataTable")
    users = [p.name for p in package.rglob("*.py") if word.search(p.read_text(encoding="utf-8"))]
    assert users == ["shell.py"]
    scripts = (
        '<script src="/_dash-component-suites/dash/dcc/dash_core_components.v4.js"></script>\n'
        '<script src="/_dash-component-suites/dash/dash_table/bundle.v7_4_1m1.js"></script>\n'
        '<script src="/assets/_bundle/app-1.js"></script>'
    )
    assert "dash_table" not in without_dash_table(scripts)
    assert without_dash_table(scripts).count("<script") == 2
