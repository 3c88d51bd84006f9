"""The indicator chart drawn in Python (chart_svg.py) against the same chart drawn by Vega in vl-convert: the same
elements, classes and text, coordinates within 0.15 px (both cut to 0.1 px), and the chart's outer padding within
1 px (text is measured from a width table here, by shaping the string there). Made-up charts cover the edge cases
(one year, negative figures, 万 and 亿, levels, every mark kind, escaped text, long English titles), and seeded
random charts the rest."""
import json
import random
import re

import pandas as pd
import pytest
import vl_convert

from generator import chart_scale, chart_svg, charts
from generator.chart_data import chart_frame
from generator.charts import ChartOptions, as_vega, compact_svg, indicator_spec, spec_json
from generator.english import english_spec

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _tokens(svg: str) -> list[str]:
    return re.findall(r"<[^>]*>|[^<]+", svg)


def _difference(mine: str, vega: str) -> str | None:
    """The first difference that matters between two SVGs, or None."""
    a, b = _tokens(mine), _tokens(vega)
    if [_NUMBER.sub("#", t) for t in a] != [_NUMBER.sub("#", t) for t in b]:
        for x, y in zip(a, b):
            if _NUMBER.sub("#", x) != _NUMBER.sub("#", y):
                return f"{x!r} != {y!r}"
        return f"{len(a)} elements != {len(b)}"
    for x, y in zip(a, b):
        if x == y:
            continue
        if not x.startswith("<"):
            return f"text {x!r} != {y!r}"
        # The outer size, the plot's offset and the title's place follow the measured width of the text.
        outer = x.startswith(("<svg", '<g fill="none"')) or (x.startswith("<g transform") and "role" not in x
                                                              and ",-" in x)
        for p, q in zip(_NUMBER.findall(x), _NUMBER.findall(y)):
            if abs(float(p) - float(q)) > (1.0 if outer else 0.15):
                return f"{p} != {q} in\n{x}\n{y}"
    return None


def _vega_svg(spec: str) -> str:
    return compact_svg(vl_convert.vega_to_svg(as_vega(spec), format_locale="zh-CN", time_format_locale="zh-CN"))


def _observations(rows: list[tuple]) -> pd.DataFrame:
    """(entity, period end, value, kind, display, headline) rows, as the model gives them."""
    frame = pd.DataFrame(rows, columns=["entity", "period_end", "value_in_indicator_unit", "kind", "display", "headline"])
    frame["kind_label"] = frame["kind"]
    frame["entity_name"] = frame["entity"]
    frame["period_label"] = frame["period_end"]
    frame["source_title"] = "文献"
    frame["tier"] = "official"
    frame["period_form"] = "year"
    return frame


def _spec(rows, title="高新技术企业数量", unit="家", zero=True, english=None) -> str:
    spec = indicator_spec(chart_frame(_observations(rows), home="chongqing"), ChartOptions(title, unit, zero=zero))
    if english:
        spec = english_spec(spec, english, "enterprises")
    return spec_json(spec)


CASES = {
    "one year": [("chongqing", "2023-12-31", 5.0, "actual", "5", True)],
    "one year, at May": [("chongqing", "2023-05-31", 5.0, "actual", "5", True)],
    "every kind, pieces out of order, another place": [
        ("chongqing", "2019-12-31", 3.0, "actual", "3", True), ("chongqing", "2020-12-31", 4.0, "actual", "4", True),
        ("chongqing", "2015-12-31", 1.0, "actual", "1", True), ("chongqing", "2016-12-31", 2.0, "actual", "2", True),
        ("chongqing", "2021-12-31", 4.5, "estimate", "约4.5", True), ("chongqing", "2025-12-31", 9.0, "target", "9", True),
        ("chongqing", "2020-12-31", 4.2, "actual", "4.2", False), ("china", "2020-12-31", 40.0, "actual", "40", True)],
    "negative figures and 万": [
        ("chongqing", f"{2010 + i}-12-31", v, "actual", f"{v:g}", True)
        for i, v in enumerate([-50000.0, 12000.0, 15000.0, 30000.5, 61000.0])],
    "亿 and a label with markup": [
        ("chongqing", "2020-12-31", 2.5e9, "actual", "25亿", True),
        ("chongqing", "2022-12-31", 6.9e10, "target", "<b>&690亿", True)],
    "tiny figures": [("chongqing", "2021-12-31", 0.00012, "actual", "0.00012", True),
                     ("chongqing", "2022-12-31", 0.0004, "actual", "0.0004", True)],
    "thirty-six years": [("chongqing", f"{y}-12-31", float(y - 1989), "actual", str(y - 1989), True)
                         for y in range(1990, 2026)],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_python_chart_is_the_one_vega_draws(name):
    spec = _spec(CASES[name])
    mine = chart_svg.indicator_svg(json.loads(spec))
    assert mine is not None
    assert _difference(mine, _vega_svg(spec)) is None


def test_levels_english_titles_and_escaped_text_are_drawn_as_vega_draws_them():
    rows = CASES["every kind, pieces out of order, another place"]
    for spec in (_spec(rows, zero=False), _spec(rows, title="A & <B>", unit="%"),
                 _spec(CASES["negative figures and 万"], english="Number of high-tech enterprises certified "
                                                              "under the national programme (cumulative)")):
        mine = chart_svg.indicator_svg(json.loads(spec))
        assert mine is not None and _difference(mine, _vega_svg(spec)) is None, spec[:200]
    assert "A &amp; &lt;B&gt;" in chart_svg.indicator_svg(json.loads(_spec(rows, title="A & <B>")))


def test_random_charts_are_drawn_as_vega_draws_them():
    rng = random.Random(20261124)
    for _ in range(40):
        first, span = rng.randint(1995, 2024), rng.randint(1, 20)
        years = sorted(rng.sample(range(first, first + span), k=rng.randint(1, min(8, span))))
        scale = 10 ** rng.randint(-3, 11)
        rows = []
        for year in years:
            value = round(rng.uniform(-0.3 if rng.random() < 0.2 else 0, 1) * scale, 4)
            kind = rng.choice(["actual", "actual", "actual", "estimate", "target"])
            month = rng.choice(["12-31", "12-31", "06-30"])
            rows.append(("chongqing", f"{year}-{month}", value, kind, f"{value:g}", rng.random() > 0.15))
        if rng.random() < 0.3:
            rows.append(("china", f"{years[0]}-12-31", scale * 3.0, "actual", "x", True))
        spec = _spec(rows, zero=rng.random() < 0.7)
        mine = chart_svg.indicator_svg(json.loads(spec))
        if mine is None:  # only when labels would overlap, which Vega resolves by hiding some
            continue
        assert _difference(mine, _vega_svg(spec)) is None, rows


def test_any_other_chart_is_left_to_vega():
    spec = json.loads(_spec(CASES["one year"]))
    assert chart_svg.indicator_svg({**spec, "layer": spec["layer"][:-1]}) is None  # not the chart it was written for
    assert chart_svg.indicator_svg(json.loads(json.dumps({"mark": "point", "data": {"values": []}}))) is None
    # the chart's own definition is the one this draws: changing it (a mark's size, say) needs chart_svg changed too
    assert chart_svg.shape_hash(json.loads(charts.chart_template())) == chart_svg.SHAPE


def test_a_one_year_axis_shows_that_year_once():
    """Left to Vega, one year's figure drew an axis reading 2023, 2023, 2024 (ticks at half years). A figure of
    May 2023 sits between the ends of 2022 and 2023."""
    for end, years in (("2023-12-31", ["2023"]), ("2023-05-31", ["2022", "2023"])):
        spec = _spec([("chongqing", end, 5.0, "actual", "5", True)])
        for svg in (chart_svg.indicator_svg(json.loads(spec)), _vega_svg(spec)):
            bottom_axis = svg.split('translate(0.5,250.5)')[1].split("role-axis-domain")[0]
            assert re.findall(r">(\d{4})</text>", bottom_axis) == years


def test_year_ticks_are_whole_years_a_whole_number_apart():
    assert chart_scale.year_ticks(2022.5, 2023.5, 7) == [2023]
    assert chart_scale.year_ticks(2014.5, 2022.5, 7) == list(range(2015, 2023))
    assert chart_scale.year_ticks(1989.5, 2025.5, 7) == list(range(1990, 2026, 5))
    assert chart_scale.year_ticks(2019.5, 2021.5, 7) == [2020, 2021]


def test_numbers_are_printed_and_rounded_as_javascript_does():
    cases = {0.0: "0", -0.0: "0", 5.0: "5", 0.5: "0.5", 18.74999999999999: "18.74999999999999", 1e21: "1e+21",
             1.5e-7: "1.5e-7", 1e-6: "0.000001", 123456789012.0: "123456789012", -3.354: "-3.354", 1e16: "10000000000000000"}
    assert {x: chart_scale.js_number(x) for x in cases} == cases
    assert [chart_scale.js_round(x) for x in (2.5, -2.5, 0.49999999999999994, 187.5)] == [3, -2, 0, 188]


def test_ticks_and_nice_domains_are_d3s():
    assert chart_scale.ticks(0, 1, 10) == [i / 10 for i in range(11)]
    assert chart_scale.ticks(0, 61000, 5) == [0, 10000, 20000, 30000, 40000, 50000, 60000]
    assert chart_scale.nice(0, 3.7) == (0, 4) and chart_scale.nice(-50000, 61000) == (-50000, 70000)
    assert chart_scale.nice(0.00012, 0.00041) == (0.00012, 0.00042)  # steps of 0.00002


@pytest.mark.slow
def test_every_chart_of_the_real_site_is_the_one_vega_draws(built_site):
    """Both editions' charts, as published (site_src/assets/charts/), against Vega drawing their published specs."""
    specs = sorted((built_site.site_src / "assets" / "charts").rglob("*.vl.json"))
    assert len(specs) > 100
    for path in specs:
        published = path.with_name(path.name.replace(".vl.json", ".svg")).read_text(encoding="utf-8")
        assert _difference(published, _vega_svg(path.read_text(encoding="utf-8"))) is None, path.name
