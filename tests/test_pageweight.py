"""Page weight (issue 11; issue 14's large series): a page stays under 60 KB of HTML whatever its number of figures,
says how many more figures there are, and every figure stays on a page or in the download the page links."""
from __future__ import annotations

import csv
import re
from collections import Counter

import pandas as pd
import pytest
from conftest import fixture_project, read_csv

from generator import pageweight
from generator.build import BuildOptions, build_site

BUDGET = pageweight.PAGE_BUDGET


def frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(entity, period, kind) rows of one indicator, in the page's order."""
    return pd.DataFrame([{"indicator": "x", "entity": e, "period": p, "period_end": p, "kind": k} for e, p, k in rows])


def test_newest_first_keeps_every_places_newest_periods_with_their_alternatives():
    rows = frame([("a", "2020", "actual"), ("a", "2021", "actual"), ("a", "2021", "estimate"), ("a", "2022", "actual"),
                  ("b", "2020", "actual"), ("b", "2021", "actual")])
    # Left out first: each place's oldest periods (a 2020, then b 2020), then the periods before the newest.
    cut = pageweight.newest_first(rows, [100] * 6, excess=150)
    assert list(cut.shown) == [1, 2, 3, 5] and cut.more == 2
    # a 2021 has two figures: they go together, and after the periods with one figure.
    cut = pageweight.newest_first(rows, [100] * 6, excess=250)
    assert list(cut.shown) == [3, 5] and cut.more == 4
    # Each place's newest period goes last (the main place's last of all).
    cut = pageweight.newest_first(rows, [100] * 6, excess=650)
    assert list(cut.shown) == [3] and cut.more == 5


def test_a_cut_keeps_at_least_one_figure():
    rows = frame([("a", "2020", "actual"), ("a", "2021", "actual")])
    assert list(pageweight.newest_first(rows, [100, 100], excess=10_000).shown) == [1]
    assert list(pageweight.in_order(rows, [100, 100], excess=10_000).shown) == [0]
    assert list(pageweight.in_order(rows, [100, 100], excess=50).shown) == [0]


def test_fit_publishes_a_page_that_fits_whole():
    rows = frame([("a", "2020", "actual")])
    page, cut = pageweight.fit(lambda c: "x" * 100, pageweight.in_order, rows, [10])
    assert page == "x" * 100 and not cut.cut


def test_a_page_in_order_cuts_the_same_with_only_the_rows_that_can_fit_measured():
    """Source pages measure only their first MOST_ROWS_IN_ORDER rows and count the rest at MIN_ROW_BYTES: the cut
    is the one measuring every row gives, as long as no row is lighter than that."""
    import random

    chance = random.Random(11)
    for n in (pageweight.MOST_ROWS_IN_ORDER + 1, 400, 20_000):
        weights = [chance.randint(pageweight.MIN_ROW_BYTES, 1500) for _ in range(n)]
        rows = pd.DataFrame(index=range(n))

        def render(cut, weights=weights):  # a page: a 3 KB frame around the rows it shows
            return "x" * (3000 + sum(weights[:len(cut.shown)]))

        whole = pageweight.fit(render, pageweight.in_order, rows, weights)
        first = pageweight.with_unmeasured_rest(weights[:pageweight.MOST_ROWS_IN_ORDER], n)
        page, cut = pageweight.fit(render, pageweight.in_order, rows, first)
        assert (page, list(cut.shown), cut.more) == (whole[0], list(whole[1].shown), whole[1].more)
        assert cut.cut and len(page) <= pageweight.MARKDOWN_BUDGET


def _with_long_series(layout, months: int = 1000) -> None:
    """A monthly series of `months` figures for one indicator and place (a NOAA-like statistical series), with a
    second source for some months (alternative figures)."""
    path = layout.datasets / "demo/data/observations.csv"
    rows = read_csv(path)
    fields = list(rows[0])
    for n in range(months):
        period, value = f"{1950 + n // 12}-{n % 12 + 1:02d}", f"{2 + n / 1000:.3f}"
        rows.append({**dict.fromkeys(fields, ""), "indicator": "rd-intensity", "entity": "chongqing", "period": period,
                     "value": value, "unit": "percent", "kind": "actual", "qualifier": "exact", "source": "demo-doc",
                     "quote": f"当月研发经费投入强度为{value}%。"})
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def table_rows(html: str) -> list[str]:
    return re.findall(r'<tr class="kind-[^"]*"><td class="period">([^<]*)</td>', html)


def more_count(html: str) -> int:
    found = re.search(r'class="more-figures">数字较多，本页列出 (\d+) 条.*?另有 (\d+) 条未列出', html)
    return int(found.group(2)) if found else 0


@pytest.mark.slow
def test_a_1000_row_indicator_page_stays_under_the_budget_and_links_the_rest(tmp_path):
    layout = fixture_project(tmp_path / "project")
    _with_long_series(layout)
    result = build_site(layout, BuildOptions())
    assert result.report.ok, [str(i) for i in result.report.errors]
    site = layout.site
    total = sum(1 for r in read_csv(layout.datasets / "demo/data/observations.csv") if r["indicator"] == "rd-intensity")
    page = (site / "indicators/rd-intensity/index.html").read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) <= BUDGET
    shown = table_rows(page)
    assert 10 < len(shown) < total and more_count(page) == total - len(shown)
    assert "截至2033年4月" in shown  # the newest month is listed (1950-01 + 999 months)
    assert f"数据</dt><dd>{total} 条" in page  # the page still counts every figure
    for link in ("downloads/indicators/rd-intensity.csv", "downloads/indicators/rd-intensity.xlsx"):
        assert f'href="../../{link}" download' in page and (site / link).is_file()
    assert len(read_csv(site / "downloads/indicators/rd-intensity.csv")) == total
    # The static chart of 1,000 points is an image, not inlined; the file it points at exists.
    assert '<img class="chart-image" src="../../assets/charts/rd-intensity.svg"' in page
    assert (site / "assets/charts/rd-intensity.svg").is_file()
    # The source page lists its first figures and links a CSV of all of them; the place page one row per indicator.
    source = (site / "sources/demo-doc/index.html").read_text(encoding="utf-8")
    cited = len(read_csv(layout.datasets / "demo/data/observations.csv"))
    assert len(source.encode("utf-8")) <= BUDGET and len(table_rows(source)) + more_count(source) == cited
    assert 'href="../../downloads/sources/demo-doc.csv" download' in source
    assert len(read_csv(site / "downloads/sources/demo-doc.csv")) == cited
    place = (site / "places/chongqing/index.html").read_text(encoding="utf-8")
    assert len(place.encode("utf-8")) <= BUDGET and 'class="cards latest-per-indicator"' in place
    assert 'href="../../indicators/rd-intensity/"' in place and f"{total} 条" in place


def _page_entities(html: str, single: str) -> Counter:
    """(period label, place) of every figure row of a page; a page of one place has no place column."""
    rows = re.findall(r'<tr class="kind-[^"]*"><td class="period">([^<]*)</td>(?:<td class="who"><a [^>]*>([^<]*)</a>)?',
                      html)
    return Counter((period, who or single) for period, who in rows)


@pytest.mark.slow
def test_every_real_figure_is_on_its_indicator_page_or_in_the_download_it_links(built_site):
    site = built_site.site
    figures = read_csv(site / "downloads/observations.csv")
    by_indicator: dict[str, list[dict]] = {}
    for row in figures:
        by_indicator.setdefault(row["indicator"], []).append(row)
    cut = 0
    for indicator, rows in by_indicator.items():
        html = (site / "indicators" / indicator / "index.html").read_text(encoding="utf-8")
        assert len(html.encode("utf-8")) <= BUDGET, indicator
        expected = Counter((r["period_label"], r["entity_name"]) for r in rows)
        listed = _page_entities(html, rows[0]["entity_name"])
        assert not listed - expected, indicator  # every listed row is a figure of the indicator
        more = more_count(html)
        assert sum(listed.values()) + more == len(rows), indicator
        if more:
            cut += 1
            assert f'href="../../downloads/indicators/{indicator}.csv" download' in html
            download = read_csv(site / f"downloads/indicators/{indicator}.csv")
            assert Counter((r["period_label"], r["entity_name"]) for r in download) == expected, indicator
    assert 0 < cut < 10  # only the longest tables are cut; the rest of the site is unchanged


@pytest.mark.slow
def test_no_real_page_outweighs_the_budget(built_site):
    for folder in ("indicators", "places", "sources", "themes"):
        for page in (built_site.site / folder).glob("*/index.html"):
            assert page.stat().st_size <= BUDGET, page


@pytest.mark.slow
def test_a_place_with_hundreds_of_indicators_lists_the_first_and_links_its_figures(tmp_path):
    """One row per indicator until the budget; then how many indicators are left and a CSV of the place's figures.
    (Totals over a span: no chart to render, so the test generates quickly.)"""
    from generator.build import generate
    layout = fixture_project(tmp_path / "project")
    codes = read_csv(layout.codelists / "indicators.csv")
    made = [{**codes[0], "id": f"many-{n:03d}", "name_zh": f"测试指标{n:03d}", "name_en": f"Indicator {n}"}
            for n in range(300)]
    with (layout.codelists / "indicators.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(codes[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(codes + made)
    path = layout.datasets / "demo/data/observations.csv"
    rows = read_csv(path)
    rows += [{**dict.fromkeys(rows[0], ""), "indicator": m["id"], "entity": "chongqing", "period": "2020/2022",
              "value": str(100 + n), "unit": "jia", "kind": "actual", "qualifier": "exact", "source": "demo-doc",
              "quote": f"三年累计{100 + n}家。"} for n, m in enumerate(made)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert generate(layout).report.ok
    page = (layout.site_src / "places/chongqing.md").read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) <= pageweight.MARKDOWN_BUDGET
    listed = page.count('<td class="what">')
    more = re.search(r"另有 (\d+) 项指标未列出", page)
    assert more and 50 < listed < 300 and listed + int(more.group(1)) == 302  # the fixture's 2 and 300 more
    assert 'href="../../downloads/places/chongqing.csv" download' in page
    # each row: the place's latest figure (here its only one, a total over a span) and its count
    assert re.search(r'many-007/">测试指标007</a></td><td class="value">107家 <span class="cite-small">2020—2022年[^<]*'
                     r'</span></td><td class="count">1 条</td>', page)
    own = [r for r in rows if r["entity"] == "chongqing"]
    assert len(read_csv(layout.site_src / "downloads/places/chongqing.csv")) == len(own)
