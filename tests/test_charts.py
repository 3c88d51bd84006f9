"""Charts are specs: assert marks, encodings and a JSON round trip, not pixels; the chart's data decisions
(colours, line pieces, labels) are tested as data."""
import json
import re

import pandas as pd

from generator.chart_data import (MAIN_COLOUR, PHONE_WIDTH, HEIGHT, Box, chart_frame, place_colours, place_labels,
                                  text_width)
from generator.charts import ChartOptions, axis_scale, indicator_chart, indicator_spec, render_svg, spec_json


def frame():
    return pd.DataFrame({
        "entity": ["chongqing"] * 5,
        "period_end": ["2020-12-31", "2021-12-31", "2023-05-31", "2027-12-31", "2025-12-31"],
        "value_in_indicator_unit": [4222.0, 5000.0, 7000.0, 12700.0, 30000.0],
        "kind": ["actual", "estimate", "target", "target", "actual"],
        "kind_label": ["实际", "预计", "目标", "目标", "实际"],
        "entity_name": ["重庆市"] * 5,
        "period_label": ["截至2020年底", "2021年", "2023年", "2027年", "2021—2025年"],
        "display": ["4222家", "5000家", "超过7000家", "1.27万家", "3万家"],
        "source_title": ["文献甲"] * 5,
        "tier": ["official", "original", "official", "official", "official"],
        "headline": [True, True, True, True, True],
        "period_form": ["as_of", "year", "as_of", "year", "span"],
    })


def test_marks_kinds_and_other_sources_are_distinct():
    spec = indicator_chart().to_dict(validate=True)
    others, line, actual, estimate, target, above, below = spec["layer"]
    assert (others["mark"]["shape"], others["encoding"]["color"]) == ("cross", {"value": "#8a8a8a"})
    assert line["mark"]["type"] == "line" and line["encoding"]["detail"]["field"] == "line"
    assert (actual["mark"]["shape"], actual["mark"]["filled"]) == ("circle", True)
    assert (estimate["mark"]["shape"], estimate["mark"]["filled"]) == ("circle", False)  # hollow, as in the legend
    assert (target["mark"]["shape"], target["mark"]["filled"]) == ("diamond", True)
    assert [t["title"] for t in actual["encoding"]["tooltip"]] == ["时期", "数值", "类型", "对象", "来源", "来源类别"]
    assert above["mark"]["type"] == below["mark"]["type"] == "text"
    assert actual["encoding"]["color"] == {"field": "colour", "type": "nominal", "scale": None}  # no Vega legend
    assert "y_suffix_main" in actual["encoding"]["y"]["axis"]["labelExpr"]


def test_spans_are_not_drawn_on_the_level_chart():
    assert "2021—2025年" not in chart_frame(frame())["period_label"].tolist()


def test_spec_carries_the_figures_title_ranges_and_one_format_per_axis():
    spec = indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家"))
    params = {p["name"]: p["value"] for p in spec["params"]}
    assert params["chart_title"] == ["高新技术企业数量", "单位：家"]
    assert (params["x_min_main"], params["x_max_main"]) == (2019.5, 2027.5)
    assert (params["y_div_main"], params["y_suffix_main"]) == (1e4, "万")  # 4222 shows as 0.4万, not 4222
    assert params["scope"] == "main"
    assert [v["value"] for v in spec["datasets"]["figures"]] == [4222.0, 5000.0, 7000.0, 12700.0]


def test_axis_scale_follows_the_largest_figure():
    assert axis_scale(8000) == (1, "") and axis_scale(12700) == (1e4, "万") and axis_scale(6.9e10) == (1e8, "亿")


def test_year_positions_put_year_end_on_the_tick():
    assert chart_frame(frame())["x"].tolist() == [2020.0, 2021.0, 2022.417, 2027.0]


def test_figures_not_in_the_headline_series_are_labelled_other_sources():
    f = frame()
    f.loc[1, "headline"] = False
    assert chart_frame(f)["series"].tolist() == ["实际", "其他来源", "目标", "目标"]


def test_chongqing_keeps_its_colour_and_others_follow_the_code_list():
    colours = place_colours(["china", "chongqing", "liangjiang-new-area"], "chongqing")
    assert colours["chongqing"] == MAIN_COLOUR
    assert colours["china"] != colours["liangjiang-new-area"] and MAIN_COLOUR not in (colours["china"], colours["liangjiang-new-area"])
    assert place_colours(["china", "chongqing"], "chongqing")["china"] == colours["china"]


def test_no_line_across_missing_years():
    f = pd.concat([frame().iloc[[0]]] * 3, ignore_index=True)
    f["period_end"] = ["2015-12-31", "2019-12-31", "2020-12-31"]
    assert chart_frame(f)["line"].tolist() == ["chongqing#0", "chongqing#1", "chongqing#1"]


def test_other_places_are_outside_the_main_view():
    f = pd.concat([frame(), frame().iloc[[3]].assign(entity="liangjiang-new-area", entity_name="两江新区",
                                                     value_in_indicator_unit=99999.0)], ignore_index=True)
    chart = chart_frame(f)
    assert chart["main"].tolist() == [True, True, True, True, False]
    params = {p["name"]: p["value"] for p in indicator_spec(chart, ChartOptions("x", "家"))["params"]}
    assert params["y_suffix_main"] == "万" and params["x_max_all"] == 2027.5


def test_labels_show_published_text_and_never_overlap():
    chart = chart_frame(frame())
    labelled = chart[chart["label"] != ""]
    assert set(labelled["label"]) <= set(chart["display"])  # as published: 约2.35% stays 约2.35%
    assert "1.27万家" in set(labelled["label"])


def test_crowded_labels_are_moved_or_dropped_rather_than_overlapping():
    n = 6
    f = pd.concat([frame().iloc[[2]]] * n, ignore_index=True)
    f["period_end"] = [f"{2023 + i}-12-31" for i in range(n)]
    f["value_in_indicator_unit"] = [7000.0 + i for i in range(n)]
    f["display"] = [f"超过{7000 + i}家目标值" for i in range(n)]
    chart = chart_frame(f)
    x_min, x_max, plot = chart["x"].min() - 0.5, chart["x"].max() + 0.5, PHONE_WIDTH - 60
    boxes = []
    for _, r in chart[chart["label"] != ""].iterrows():
        x, half = (r["x"] - x_min) / (x_max - x_min) * plot, text_width(r["label"]) / 2
        y = HEIGHT - r["value"] / 8000 * HEIGHT + (-23 if r["label_pos"] == "above" else 8)
        boxes.append(Box(x - half, y, x + half, y + 13))
    assert 0 < len(boxes) < n  # six wide labels cannot all fit in 270 px: some are dropped, none overlap
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_box_overlap():
    assert Box(0, 0, 10, 10).overlaps(Box(5, 5, 15, 15)) and not Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))
    f = chart_frame(frame())
    place_labels(f, PHONE_WIDTH, HEIGHT)  # idempotent on an already labelled frame
    assert (f["label"] != "").sum() >= 1


def test_spec_is_stable_text_and_renders_to_svg():
    first = spec_json(indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家")))
    second = spec_json(indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家")))
    assert first == second
    svg = render_svg(first)
    assert svg.startswith("<svg") and "viewBox" in svg and "高新技术企业数量" in svg and "单位：家" in svg
    assert json.loads(first)["width"] == PHONE_WIDTH - 60


def test_rendered_labels_keep_the_published_decimals():
    """The SVG's coordinates are cut to 0.1 px; a label's text is a figure and stays as written (2.45%, 315.70)."""
    f = frame().iloc[[0, 1]].copy()
    f["value_in_indicator_unit"] = [2.36, 2.45]
    f["display"] = ["2.36%", "2.45%"]
    labelled = chart_frame(f)
    assert "2.45%" in set(labelled["label"])
    svg = render_svg(spec_json(indicator_spec(labelled, ChartOptions("研发经费投入强度", "%"))))
    assert ">2.45%<" in svg
    assert not re.search(r'="[^"]*\d\.\d\d', svg)  # and no attribute keeps more than one decimal


def test_charts_compiled_once_draw_what_each_compiled_whole_draws():
    """render_svg compiles the shared Vega-Lite definition once and puts each chart's rows and params into it: the
    picture must be the one the chart's own spec, compiled whole, gives (both editions, different figures)."""
    import vl_convert

    from generator import charts
    from generator.english import english_spec

    levels = _ppm_frame()
    specs = [indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家")),
             indicator_spec(chart_frame(levels), ChartOptions("CO₂", "ppm", zero=False)),
             english_spec(indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家")),
                          "High-tech enterprises", "enterprises")]
    for spec in map(spec_json, specs):
        assert charts.as_vega(spec) is not None
        whole = vl_convert.vegalite_to_svg(spec, format_locale="zh-CN", time_format_locale="zh-CN")
        assert render_svg(spec) == charts.compact_svg(whole)
    assert charts.as_vega(json.dumps({"mark": "point", "data": {"values": [{"a": 1}]}})) is None  # compiled whole


def _ppm_frame():
    f = frame().iloc[[0, 1]].copy()
    f["value_in_indicator_unit"] = [315.7, 421.1]
    f["display"] = ["315.70", "421.10"]
    return f


def test_a_count_starts_at_zero_but_a_level_shows_its_variation():
    params = lambda spec: {p["name"]: p["value"] for p in spec["params"]}  # noqa: E731
    count = params(indicator_spec(chart_frame(_ppm_frame()), ChartOptions("企业", "家")))
    assert count["y_min_main"] == 0.0 and count["y_max_main"] == 421.1
    level = params(indicator_spec(chart_frame(_ppm_frame()), ChartOptions("CO₂", "ppm", zero=False)))
    assert 300 < level["y_min_main"] < 315.7 and 421.1 < level["y_max_main"] < 440
    # the scale never adds zero on its own: the domain params decide
    y = indicator_spec(chart_frame(_ppm_frame()), ChartOptions("CO₂", "ppm", zero=False))["layer"][2]["encoding"]["y"]
    assert y["scale"]["zero"] is False


def test_the_axis_rule_comes_from_the_unit_code_list():
    import csv
    from pathlib import Path
    units = {r["id"]: r for r in csv.DictReader((Path(__file__).parents[1] / "schemas/codelists/units.csv").open(encoding="utf-8"))}
    assert units["jia"]["axis_zero"] == "" and units["yi-yuan"]["axis_zero"] == ""  # counts and amounts: from zero
    assert units["wei"]["axis_zero"] == "false"  # a rank has no zero


def test_rendered_charts_are_kept_on_disk_by_content_and_the_cache_is_safe_to_delete(tmp_path, monkeypatch):
    """What vl-convert makes is kept on disk: a chart other than the indicator chart (a generic package's) by its
    spec, and the PNG of a chart drawn in Python by its SVG."""
    from generator import charts

    other = json.dumps({"mark": "point", "data": {"values": [{"a": 1, "b": 2}]},
                        "encoding": {"x": {"field": "a", "type": "quantitative"}}})
    indicator = spec_json(indicator_spec(chart_frame(frame()), ChartOptions("高新技术企业数量", "家")))
    cache = tmp_path / "cache"
    monkeypatch.setattr(charts, "_rendered", {})
    first = charts.render_all({"a": other}, with_png=False, cache_dir=cache)
    drawn = charts.render_all({"i": indicator}, with_png=True, cache_dir=cache)
    assert drawn["i"][1].startswith(b"\x89PNG")
    assert sorted(p.name for p in cache.iterdir()) == sorted([f"{charts.cache_key(other, False)}.svg",
                                                              f"{charts.png_key(drawn['i'][0])}.png"])
    assert charts.cache_key(other, True) != charts.cache_key(other, False) != charts.cache_key(other + " ", False)

    def no_rendering(task):
        raise AssertionError("rendered again although it was cached")
    monkeypatch.setattr(charts, "_rendered", {})  # a new process: only the disk remembers
    monkeypatch.setattr(charts, "_work", no_rendering)
    assert charts.render_all({"b": other}, with_png=False, cache_dir=cache) == {"b": first["a"]}
    assert charts.render_all({"j": indicator}, with_png=True, cache_dir=cache) == {"j": drawn["i"]}
    monkeypatch.undo()
    monkeypatch.setattr(charts, "_rendered", {})
    for path in cache.iterdir():
        path.unlink()  # deleted: rendered again, the same picture
    assert charts.render_all({"c": other}, with_png=False, cache_dir=cache) == {"c": first["a"]}
    assert charts.render_all({"k": indicator}, with_png=True, cache_dir=cache) == {"k": drawn["i"]}
