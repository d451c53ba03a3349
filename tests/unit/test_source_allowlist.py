"""Every source link in data/ points to a publisher's own site (issue 15).

The allowlist is data/publishers.csv (curated in databuild/curated/publishers.csv, reviewed like code). A copy
or press report a figure was read in is kept in `consulted_copy_url`, never in `source_url`.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pandas as pd
import pytest

from imapdash.datasets.schema import TABLES
from tests.conftest import BUNDLED_DATA

# columns that name where a figure or a curated link comes from (consulted_copy_url is deliberately not here)
SOURCE_COLUMNS = ("source_url", "url", "home_url")
# tables that are not figures: news items cite their outlets by nature, feeds are outlets' feeds
NOT_FIGURES = {"media", "news_feeds"}
# manifest entries of files that are not figures (boundaries and names; news)
MANIFEST_EXEMPT = {"countries", "countries_geojson", "media", "news_feeds"}


def allowlist(data_dir) -> set[str]:
    return set(pd.read_csv(data_dir / "publishers.csv", dtype=str)["host"])


def non_publisher_urls(data_dir) -> list[tuple[str, int, str, str]]:
    """(file, row, column, url) of every source link whose host is not on the allowlist."""
    hosts = allowlist(data_dir)
    found = []
    for schema in TABLES:
        if schema.name in NOT_FIGURES:
            continue
        frame = pd.read_csv(data_dir / schema.file, dtype=str, keep_default_na=False)
        for column in SOURCE_COLUMNS:
            if column not in frame:
                continue
            for row, url in enumerate(frame[column], start=2):
                if url and (urlparse(url).hostname or "") not in hosts:
                    found.append((schema.file, row, column, url))
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["datasets"].items():
        if name in MANIFEST_EXEMPT:
            continue
        for source in entry.get("sources", []):
            if (urlparse(source["url"]).hostname or "") not in hosts:
                found.append(("manifest.json", 0, name, source["url"]))
    return found


def test_every_source_url_in_data_is_on_the_publisher_allowlist():
    assert non_publisher_urls(BUNDLED_DATA) == []


def test_the_check_finds_a_mirror_put_back_as_a_source(tmp_path):
    for path in BUNDLED_DATA.iterdir():
        if path.is_file():
            (tmp_path / path.name).write_bytes(path.read_bytes())
    arrivals = pd.read_csv(tmp_path / "arrivals.csv", dtype=str, keep_default_na=False)
    copied = arrivals["consulted_copy_url"] != ""
    assert copied.any(), "the bundled arrivals keep the copies that figures were read in"
    row = int(copied.idxmax())
    arrivals.loc[row, "source_url"] = arrivals.loc[row, "consulted_copy_url"]
    arrivals.to_csv(tmp_path / "arrivals.csv", index=False)
    assert non_publisher_urls(tmp_path) == [
        ("arrivals.csv", row + 2, "source_url", arrivals.loc[row, "consulted_copy_url"])
    ]


@pytest.mark.parametrize(
    "host",
    [
        "slidelegend.com",
        "m.moam.info",
        "docslib.org",
        "d.documentop.com",
        "english.hathalyoum.net",
        "www.zerohedge.com",
        "tasnimnews.com",
        "statista.com",
        "usanews.net",
        "themunicheye.com",
        "www.upi.com",
        "news360.es",
    ],
)
def test_mirrors_and_press_sites_named_in_the_issue_are_not_publishers(host):
    assert host not in allowlist(BUNDLED_DATA)


def test_copies_and_press_reports_are_kept_as_consulted_with_the_publisher_as_source():
    headline = pd.read_csv(BUNDLED_DATA / "headline_figures.csv", dtype=str, keep_default_na=False)
    press = headline[headline["consulted_copy_url"].str.contains("zerohedge.com")]
    assert len(press) == 1
    assert press["source_url"].iloc[0] == "https://missingmigrants.iom.int/downloads"
    assert press["consulted_outlet"].iloc[0] == "ZeroHedge"
    arrivals = pd.read_csv(BUNDLED_DATA / "arrivals.csv", dtype=str, keep_default_na=False)
    spain = arrivals[
        (arrivals["country_code"] == "ESP") & (arrivals["period"] == "2016") & (arrivals["source_org"] == "UNHCR")
    ]
    assert spain["document"].iloc[0] == "UNHCR Spain Arrivals Dashboard Dec 2016"
    assert spain["consulted_copy_url"].iloc[0].startswith("https://slidelegend.com/")
    assert spain["consulted_outlet"].iloc[0] == ""  # a plain copy: "copy consulted"
