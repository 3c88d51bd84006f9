"""Figures in words: 万/亿 in summaries, the indicator page's lead and the chart's text alternative, tested
against the data they come from (here and, for every real indicator, in test_summary_matches_the_real_data)."""
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from generator.layout import Layout
from generator.model import build_model
from generator.numbers import in_wan_yi
from generator.summary import chart_description, lead, old_note, summary_value
from generator.validate import validate

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value, unit, qualifier, text", [
    (75600, "家", "exact", "7.56万家"), (6.866e10, "元", "exact", "686.6亿元"), (4222, "家", "exact", "4222家"),
    (12700, "家", "more_than", "超过1.27万家"), (2.35, "%", "about", "约2.35%"), (123456, "%", "exact", "123456%"),
    (48000, "家", "at_least", "4.8万家以上"),
])
def test_in_wan_yi(value, unit, qualifier, text):
    assert in_wan_yi(value, unit, qualifier) == text


def row(**kw):
    base = {"entity": "chongqing", "entity_name": "重庆市", "headline": True, "period_form": "year", "kind": "actual",
            "qualifier": "exact", "base_unit": "jia", "unit_symbol": "家", "tier": "official", "kind_rank": 0,
            "source_published": "2024-01-01"}
    return {**base, **kw}


def frame():
    return pd.DataFrame([
        row(period_end="2021-12-31", period_label="2021年", value_base=50000.0, display="5万家"),
        row(period_end="2022-12-31", period_label="2022年", value_base=75600.0, display="75600家"),
        row(period_end="2025-12-31", period_label="2025年", value_base=100000.0, display="超过10万家", kind="target",
            qualifier="more_than", kind_rank=2),
    ])


def test_summary_value_keeps_the_published_text_below_wan():
    assert summary_value(row(value_base=75600.0, display="75600家"), "家") == "7.56万家"
    assert summary_value(row(value_base=3.70, display="3.70%", unit_symbol="%"), "%") == "3.70%"
    assert summary_value(row(value_base=1.2e6, display="1.2平方公里", unit_symbol="平方公里"), "平方米") == "1.2平方公里"


def test_old_figures_say_their_year():
    assert old_note(row(period_end="2019-12-31"), date(2023, 5, 1)) == "2019年数据"
    assert old_note(row(period_end="2022-12-31"), date(2023, 5, 1)) == ""


def test_lead_says_value_year_change_tier_and_distance_to_the_target():
    first = lead(frame(), "chongqing", "家")
    assert first["value"] == "7.56万家" and first["tier"] == "官方网站"
    assert first["sentence"] == ("重庆市2022年为7.56万家（实际，公布为75600家；来源类别：官方网站），比2021年增长51.2%，"
                                 "2025年目标为超过10万家，还差2.44万家。")


def test_chart_description_comes_from_the_same_rows():
    text = chart_description("科技型企业数量", frame(), "chongqing", "家")
    assert text.startswith("科技型企业数量图表，2021—2025年。重庆市2022年为7.56万家") and text.endswith("见数据表。")


def test_summary_matches_the_real_data():
    """For every real indicator: the text alternative names the latest headline figure and its period."""
    report, loaded = validate(Layout(REPO))
    model = build_model(loaded)
    symbols = model.units["symbol_zh"].to_dict()
    checked = 0
    for indicator_id in model.indicators.index:
        obs = model.indicator_observations(indicator_id)
        if obs.empty:
            continue
        mine = obs[(obs["entity"] == "chongqing") & obs["headline"] & obs["kind"].isin(["actual", "estimate"])
                   & (obs["period_form"] != "span")]
        if mine.empty:
            continue
        latest = mine.sort_values("period_end").iloc[-1]
        text = chart_description("x", obs, "chongqing", symbols[latest["base_unit"]])
        assert latest["period_label"] in text, (indicator_id, text)
        assert summary_value(latest.to_dict(), symbols[latest["base_unit"]]) in text, (indicator_id, text)
        checked += 1
    assert checked >= 20


def test_home_target_sentence_counts_one_scope():
    """'重庆市共有 N 项目标：已实现 a 项，…' — the statuses add up to 重庆市's N, never to every place's count."""
    import re

    from generator.home import home_snippets
    from generator.pages import make_env
    from generator.tracker import target_rows
    _, loaded = validate(Layout(REPO))
    model = build_model(loaded)
    targets = [{**t, "latest_summary": ""} for t in target_rows(model)]
    from generator.settings import read_settings
    text = home_snippets(model, make_env(), targets, read_settings(REPO))[".snippets/targets.md"].decode("utf-8")
    sentence = text[text.index("重庆市共有"):text.index("。")]
    total = int(re.search(r"重庆市共有 (\d+) 项目标", sentence).group(1))
    parts = [int(n) for n in re.findall(r" (\d+) 项", sentence.split("：", 1)[1])]
    assert total == sum(parts) == sum(t["target"]["entity"] == "chongqing" for t in targets) < len(targets)


def test_a_place_pages_latest_figure_per_indicator():
    """content.latest_by_place: the latest reported level (an actual before an estimate of the same period, then the
    later publication); with no level, the latest total over a span; with targets only, the latest target. Only
    headline figures count."""
    from generator.content import latest_by_place

    rows = [  # indicator, entity, period_end, kind, period_form, source_published, headline, display
        ("a", "cq", "2021-12-31", "actual", "year", "2022-01-05", True, "a-2021"),
        ("a", "cq", "2022-12-31", "estimate", "year", "2023-01-10", True, "a-2022-estimate"),
        ("a", "cq", "2022-12-31", "actual", "year", "2023-03-01", True, "a-2022-actual"),
        ("a", "cq", "2027-12-31", "target", "year", "2023-03-01", True, "a-2027-target"),
        ("a", "cq", "2023-12-31", "actual", "year", "2024-03-01", False, "a-2023-other-source"),
        ("a", "bj", "2020-12-31", "actual", "year", "2021-03-01", True, "a-bj"),
        ("b", "cq", "2022-12-31", "actual", "span", "2023-01-01", True, "b-2020-2022"),
        ("b", "cq", "2021-12-31", "actual", "span", "2022-01-01", True, "b-2019-2021"),
        ("b", "cq", "2025-12-31", "target", "span", "2022-01-01", True, "b-target"),
        ("c", "cq", "2025-12-31", "target", "year", "2021-01-01", True, "c-2025"),
        ("c", "cq", "2027-12-31", "target", "year", "2021-01-01", True, "c-2027-first"),
        ("c", "cq", "2027-12-31", "target", "year", "2022-01-01", True, "c-2027-second"),
    ]
    frame = pd.DataFrame(rows, columns=["indicator", "entity", "period_end", "kind", "period_form", "source_published",
                                        "headline", "display"])
    frame["kind_rank"] = frame["kind"].map({"actual": 0, "estimate": 1, "target": 2})
    latest = {key: figure["display"] for key, figure in latest_by_place(frame).items()}
    assert latest == {("a", "cq"): "a-2022-actual", ("a", "bj"): "a-bj", ("b", "cq"): "b-2020-2022",
                      ("c", "cq"): "c-2027-second"}
