"""Charts are specs: assert marks, encodings and a JSON round trip, not pixels."""
import json

import pandas as pd

from generator.charts import ChartOptions, chart_frame, indicator_chart, indicator_spec, render_svg, spec_json


def frame():
    return pd.DataFrame({
        "period_end": ["2020-12-31", "2021-12-31", "2023-05-31", "2027-12-31"],
        "value_in_indicator_unit": [4222.0, 5000.0, 7000.0, 12700.0],
        "kind": ["actual", "estimate", "target", "target"],
        "kind_label": ["实际", "预计", "目标", "目标"],
        "entity_name": ["重庆市"] * 4,
        "period_label": ["截至2020年底", "2021年", "2023年", "2027年"],
        "display": ["4222家", "5000家", "超过7000家", "1.27万家"],
        "source_title": ["文献甲"] * 4,
        "headline": [True, True, True, True],
        "period_form": ["as_of", "year", "as_of", "year"],
    })


def test_actuals_are_a_line_and_every_kind_a_distinct_point():
    spec = indicator_chart().to_dict(validate=True)
    line, solid, hollow, others, labels = spec["layer"]
    assert line["mark"]["type"] == "line"
    assert line["transform"] == [{"filter": "((datum.headline && (datum.kind === 'actual')) && (datum.period_form !== 'span'))"}]
    assert (solid["mark"]["filled"], solid["transform"]) == (True, [{"filter": "(datum.headline && (datum.kind !== 'estimate'))"}])
    assert (hollow["mark"]["filled"], hollow["transform"]) == (False, [{"filter": "(datum.headline && (datum.kind === 'estimate'))"}])
    assert others["transform"] == [{"filter": "(!datum.headline)"}] and others["encoding"]["color"] == {"value": "#8a8a8a"}
    assert solid["encoding"]["shape"]["scale"] == {"domain": ["实际", "预计", "目标", "其他来源"],
                                                   "range": ["circle", "circle", "diamond", "cross"]}
    assert [t["title"] for t in solid["encoding"]["tooltip"]] == ["时期", "数值", "类型", "对象", "来源"]
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "display"
    assert "'万'" in solid["encoding"]["y"]["axis"]["labelExpr"]


def test_spec_carries_the_figures_title_and_range():
    spec = indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家"))
    params = {p["name"]: p["value"] for p in spec["params"]}
    assert params == {"chart_title": "高新技术企业数量（单位：家）", "x_min": 2019.5, "x_max": 2027.5}
    assert [v["value"] for v in spec["datasets"]["figures"]] == [4222.0, 5000.0, 7000.0, 12700.0]
    assert spec["data"] == {"name": "figures"}


def test_year_positions_put_year_end_on_the_tick():
    assert chart_frame(frame())["x"].tolist() == [2020.0, 2021.0, 2022.417, 2027.0]


def test_figures_not_in_the_headline_series_are_labelled_other_sources():
    f = frame()
    f.loc[1, "headline"] = False
    assert chart_frame(f)["series"].tolist() == ["实际", "其他来源", "目标", "目标"]


def test_spec_is_stable_text_and_renders_to_svg():
    first = spec_json(indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家")))
    second = spec_json(indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家")))
    assert first == second
    svg = render_svg(first)
    assert svg.startswith("<svg") and "viewBox" in svg and "高新技术企业数量（单位：家）" in svg
