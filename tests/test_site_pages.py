"""Integration: the built site has a page per indicator and per source document."""
import csv
import json
import re

import pytest
from conftest import read_csv

pytestmark = pytest.mark.slow


def test_every_indicator_with_figures_has_a_page_with_chart_and_table(built_site):
    """A level chart where there are levels; totals over spans (2016/2020) are listed, never drawn as levels."""
    from generator.periods import parse_period
    observations = read_csv(built_site.root / "datasets/source-documents/data/observations.csv")
    for indicator in {row["indicator"] for row in observations}:
        html = (built_site.site / "indicators" / indicator / "index.html").read_text(encoding="utf-8")
        assert '<table class="observations cards">' in html, indicator
        levels = [r for r in observations if r["indicator"] == indicator and parse_period(r["period"]).form != "span"]
        if levels:
            assert '<figure class="chart"' in html and "<svg" in html, indicator
            assert (built_site.site / "assets/charts" / f"{indicator}.vl.json").is_file()
        else:  # this package has only totals; another package may have levels
            assert '<div class="spans">' in html or '<figure class="chart"' in html, indicator


def test_every_source_page_lists_its_figures_linked_to_indicators(built_site):
    observations = read_csv(built_site.root / "datasets/source-documents/data/observations.csv")
    for source in read_csv(built_site.root / "datasets/source-documents/data/sources.csv"):
        html = (built_site.site / "sources" / source["id"] / "index.html").read_text(encoding="utf-8")
        rows = [o for o in observations if o["source"] == source["id"]]
        more = re.search(r"另有 (\d+) 条未列出", html)  # a page cut to the page-weight budget (test_pageweight.py)
        assert html.count("<tr class=\"kind-") + (int(more.group(1)) if more else 0) == len(rows), source["id"]
        assert source["publisher"] in html and source["published"] in html
        listed = set(re.findall(r'<td class="what"><a href="../../indicators/([^/"]+)/">', html))
        assert listed <= {o["indicator"] for o in rows} and (more or listed == {o["indicator"] for o in rows})
        if more:
            assert f'href="../../downloads/sources/{source["id"]}.csv" download' in html


def versions_section(html: str) -> str:
    start = html.index('id="versions"')
    return html[start:html.index('id="downloads"', start)]


def test_conflicting_figures_are_all_visible_beside_the_headline(built_site):
    """The research notes' conflicts (§10) each show on their indicator page, every figure with its source."""
    cases = {
        "rd-expenditure": ["603.8亿元", "605亿元"],  # precise statistics office figure vs the mayor's rounding
        "rd-intensity": ["2.11%", "2.1%", "2.45%"],  # rounded and precise; estimate then reported
        "high-tech-enterprises": ["1.27万家", "超过1.28万家", "超过12800家"],  # two sources disagree on the 2027 target
    }
    for indicator, shown in cases.items():
        html = (built_site.site / "indicators" / indicator / "index.html").read_text(encoding="utf-8")
        section = versions_section(html)
        for text in shown:
            assert text in section, (indicator, text)
        assert "采用" in section


def test_tracker_lists_every_headline_target_with_a_status(built_site):
    from generator.model import build_model
    from generator.validate import validate
    _, loaded = validate(built_site)
    obs = build_model(loaded).observations
    headline_targets = obs[obs["headline"] & (obs["kind"] == "target")]
    html = (built_site.site / "targets" / "index.html").read_text(encoding="utf-8")
    assert html.count('<span class="status status-') == len(headline_targets) > 30
    for label in ("已实现", "尚无公布数", "数据不足"):
        assert label in html


def test_search_indexes_what_readers_search_for_not_every_table_row(built_site):
    """Names, definitions and source titles are in the search index; the figures' rows and quotes are not (they
    are on the page and in the downloads), and Chinese is written as UTF-8, not as \\uXXXX escapes."""
    raw = (built_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not re.search(r"\\u[4-9][0-9a-f]{3}", raw) and "研发" in raw
    docs = json.loads(raw)["docs"]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert "<table" not in text and "<td" not in text
    for path in sorted(set((built_site.site_src / "indicators").glob("*.md")) - {built_site.site_src / "indicators/index.md"}):
        page = path.read_text(encoding="utf-8")
        assert page.count("data-search-exclude") >= 1, path.name
    quotes = [row["quote"] for row in csv.DictReader(
        (built_site.datasets / "source-documents/data/observations.csv").open(encoding="utf-8")) if len(row["quote"]) > 40]
    assert quotes and not any(q[:40] in text.replace("\u200b", "") for q in quotes[:50])


def test_place_pages_list_their_own_figures_and_sum_up_their_subordinates(built_site):
    """A place page's tables hold the place's own figures; its subordinate places' figures are counted per
    indicator with links to their pages, not repeated row by row (a country page would hold the whole site).
    A place with more figures than a page holds lists one row per indicator: its latest figure and the counts."""
    figures = read_csv(built_site.site / "downloads/observations.csv")
    own = [row for row in figures if row["entity"] == "liangjiang-new-area"]
    html = (built_site.site / "places/liangjiang-new-area/index.html").read_text(encoding="utf-8")
    assert html.count('<tr class="kind-') == len(own) > 0 and "latest-per-indicator" not in html
    html = (built_site.site / "places/chongqing/index.html").read_text(encoding="utf-8")
    assert '<tr class="kind-' not in html and '<td class="who">' not in html
    table = html[html.index('class="cards latest-per-indicator"'):html.index("</table>")]
    from generator.model import build_model
    from generator.validate import validate
    _, loaded = validate(built_site)
    family = set(build_model(loaded).entity_and_descendants("chongqing"))
    indicators = {row["indicator"] for row in figures if row["entity"] in family}
    assert table.count('<td class="what">') == len(indicators)
    for indicator in indicators:
        assert f'href="../../indicators/{indicator}/"' in table
    assert "下级另有" in table and '<td class="value">—</td>' in table  # figures only below it: no own latest
