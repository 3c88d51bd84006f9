"""Charts are specs: assert marks, encodings and a JSON round trip, not pixels."""
import json

import pandas as pd

from generator.charts import ChartOptions, chart_frame, indicator_chart, render_svg, spec_json


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
    })


def test_actuals_are_a_line_and_every_kind_a_distinct_point():
    spec = json.loads(spec_json(indicator_chart(chart_frame(frame()), ChartOptions("高新技术企业数量", "家"))))
    line, solid, hollow, labels = spec["layer"]
    assert (line["mark"]["type"], line["transform"]) == ("line", [{"filter": "(datum.kind === 'actual')"}])
    assert (solid["mark"]["filled"], solid["transform"]) == (True, [{"filter": "(datum.kind !== 'estimate')"}])
    assert (hollow["mark"]["filled"], hollow["transform"]) == (False, [{"filter": "(datum.kind === 'estimate')"}])
    assert solid["encoding"]["shape"]["scale"] == {"domain": ["实际", "预计", "目标"], "range": ["circle", "circle", "diamond"]}
    assert [t["title"] for t in solid["encoding"]["tooltip"]] == ["时期", "数值", "类型", "对象", "来源"]
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "display"
    assert solid["encoding"]["y"]["title"] == "家"
    assert "'万'" in solid["encoding"]["y"]["axis"]["labelExpr"]


def test_year_positions_put_year_end_on_the_tick():
    assert chart_frame(frame())["x"].tolist() == [2020.0, 2021.0, 2022.417, 2027.0]


def test_spec_is_stable_text_and_renders_to_svg():
    chart = indicator_chart(chart_frame(frame()), ChartOptions("高新技术企业数量", "家"))
    first, second = spec_json(chart), spec_json(chart)
    assert first == second
    assert json.loads(first)["title"] == "高新技术企业数量"
    svg = render_svg(first)
    assert svg.startswith("<svg") and "viewBox" in svg and "高新技术企业数量" in svg
