"""The headline rule and the target status rule, on hand-made cases."""
import re
from datetime import date

import pandas as pd
import pytest

from generator.series import headline_flags, is_rounding_of, pick_headline
from generator.targets import Figure, meets, target_status


def fig(year, value, qualifier="exact", period=None, when=None):
    return Figure(when or date(year, 12, 31), value, qualifier, period or str(year), f"{value}")


AS_OF = date(2024, 6, 30)


def test_more_than_target_needs_more_than_its_value():
    target = fig(2023, 7000, "more_than")
    assert not meets(fig(2023, 7000), target)
    assert meets(fig(2023, 7001), target)
    assert meets(fig(2023, 7000), fig(2023, 7000, "at_least"))
    assert meets(fig(2023, 5, "exact"), fig(2023, 6, "less_than"))


def test_achieved_when_the_latest_actual_before_the_deadline_meets_it():
    status = target_status(fig(2023, 7000, "more_than"), [fig(2021, 5109), fig(2022, 7565)], AS_OF, linear=False)
    assert status.code == "achieved" and status.latest.value == 7565


def test_passed_deadline_without_an_actual_is_no_figure_yet_not_a_guess():
    status = target_status(fig(2023, 7000, "more_than"), [fig(2021, 5109), fig(2022, 6348)], AS_OF, linear=False)
    assert status.code == "no_figure_yet"


def test_passed_deadline_with_a_short_actual_is_missed():
    status = target_status(fig(2023, 7000, "more_than"), [fig(2022, 6348), fig(2023, 6900)], AS_OF, linear=False)
    assert status.code == "missed"


def test_a_figure_before_the_deadline_does_not_decide_a_passed_target():
    october = fig(2025, 9123, when=date(2025, 10, 31), period="2025-10")
    status = target_status(fig(2025, 10000, "more_than"), [fig(2022, 6348), october], date(2026, 3, 1), linear=False)
    assert status.code == "no_figure_yet" and status.latest == october


def test_on_and_off_track_compare_compound_growth():
    actuals = [fig(2020, 4222), fig(2022, 6348)]  # about 22.6% a year
    assert target_status(fig(2027, 12700), actuals, AS_OF, linear=False).code == "on_track"  # needs ~14.9%
    assert target_status(fig(2025, 20000), actuals, AS_OF, linear=False).code == "off_track"  # needs ~46.7%


def test_percentages_compare_points_per_year():
    actuals = [fig(2020, 2.11), fig(2022, 2.36)]  # +0.125 points a year
    status = target_status(fig(2025, 2.6), actuals, AS_OF, linear=True)  # needs +0.08
    assert status.code == "on_track" and "个百分点" in status.explanation
    assert target_status(fig(2025, 3.0), actuals, AS_OF, linear=True).code == "off_track"


@pytest.mark.parametrize("target, actuals, linear, code", [
    (fig(2023, 7000, "more_than"), [fig(2021, 5109), fig(2022, 7565)], False, "achieved"),
    (fig(2023, 7000, "more_than"), [fig(2021, 5109), fig(2022, 6348)], False, "no_figure_yet"),
    (fig(2023, 7000, "more_than"), [fig(2022, 6348), fig(2023, 6900)], False, "missed"),
    (fig(2027, 12700), [fig(2020, 4222), fig(2022, 6348)], False, "on_track"),
    (fig(2025, 3.0), [fig(2020, 2.11), fig(2022, 2.36)], True, "off_track"),
    (fig(2027, 12700), [fig(2022, 6348)], False, "not_enough_data"),
])
def test_every_status_is_explained_in_english_too_with_the_same_figures(target, actuals, linear, code):
    """The English edition's tracker explains each status in English (issue 13), quoting the same figures."""
    status = target_status(target, actuals, AS_OF, linear=linear)
    assert status.code == code
    assert status.explanation_en and not re.search(r"[\u4e00-\u9fff]", status.explanation_en)
    numbers = re.findall(r"\d+(?:\.\d+)?", status.explanation)
    assert sorted(numbers) == sorted(re.findall(r"\d+(?:\.\d+)?", status.explanation_en))


def test_one_actual_is_not_enough_data():
    assert target_status(fig(2027, 12700), [fig(2022, 6348)], AS_OF, linear=False).code == "not_enough_data"
    assert target_status(fig(2027, 12700), [], AS_OF, linear=False).code == "not_enough_data"


def test_a_target_without_deadline_is_listed_not_judged():
    announced = Figure(date(2022, 6, 30), 200, "at_least", "2022-06", "200名以上", deadline="none")
    assert target_status(announced, [fig(2021, 300)], AS_OF, linear=False).code == "no_deadline"


def test_span_targets_compare_only_with_their_span():
    target = Figure(date(2027, 12, 31), 10, "at_least", "2023/2027", "10%以上")
    assert target_status(target, [fig(2022, 13.7)], AS_OF, linear=True).code == "not_enough_data"
    passed = Figure(date(2020, 12, 31), 10, "at_least", "2016/2020", "10%以上")
    assert target_status(passed, [], AS_OF, linear=True).code == "no_figure_yet"
    span_actual = Figure(date(2020, 12, 31), 16.4, "exact", "2016/2020", "16.4%")
    assert target_status(passed, [span_actual], AS_OF, linear=True).code == "achieved"


def row(value, kind="actual", published="2023-01-01", tier="original", source="a", qualifier="exact", unit="percent",
        period="2020", period_end="2020-12-31", indicator="rd-intensity", text_form="full", quote=None):
    return {"indicator": indicator, "entity": "chongqing", "period": period, "period_end": period_end, "value_text": value,
            "value_base": float(value), "unit": unit, "kind": kind, "qualifier": qualifier, "source": source,
            "source_published": published, "tier": tier, "text_form": text_form, "quote": quote or f"达到{value}"}


def test_rounding_is_not_a_revision():
    assert is_rounding_of(row("2.1"), row("2.11")) and is_rounding_of(row("605", unit="yi-yuan"), row("604.6", unit="yi-yuan"))
    assert not is_rounding_of(row("2.1"), row("2.16")) and not is_rounding_of(row("605", unit="yi-yuan"), row("603.8", unit="yi-yuan"))


@pytest.mark.parametrize("figures, chosen", [
    ([row("2.21", kind="estimate", published="2022-02-26", source="est"), row("2.16", published="2021-01-01", source="fin")], "fin"),
    ([row("2.11", published="2021-10-12", tier="republication", source="bulletin"), row("2.1", published="2021-10-15", source="rounded")], "bulletin"),
    ([row("603.8", unit="yi-yuan", published="2022-10-02", source="late"), row("605", unit="yi-yuan", published="2022-08-18", source="early")], "late"),
    ([row("750", published="2024-01-01", tier="republication", source="mirror"), row("750", published="2024-01-01", tier="official", source="gov")], "gov"),
])
def test_headline_rule(figures, chosen):
    assert pick_headline(figures)["source"] == chosen


def test_a_trailing_zero_is_precision_not_rounding():
    """16.0 is written to one decimal like 16.4: the later 16.0 is a different figure, not 16.4 rounded."""
    assert not is_rounding_of(row("16.0"), row("16.4"))
    figures = [row("16.4", published="2023-03-31", source="s06"), row("16.0", published="2023-07-16", source="s05")]
    assert pick_headline(figures)["source"] == "s05"


def test_a_summary_never_beats_the_document_it_summarises():
    figures = [row("9123", published="2025-10-15", tier="original", source="ai", text_form="summary"),
               row("9100", published="2025-10-14", tier="republication", source="report")]
    assert pick_headline(figures)["source"] == "report"


def test_same_number_is_one_figure_cited_from_its_best_source():
    """A later repost of the same figure never wins over the better tier; among equals, the original comes first."""
    official = [row("750", published="2024-01-01", tier="official", source="zz"),
                row("750", published="2024-08-14", tier="republication", source="aa")]
    assert pick_headline(official)["source"] == "zz"
    reposts = [row("750", published="2024-08-14", tier="republication", source="aa"),
               row("750", published="2024-01-01", tier="republication", source="zz")]
    assert pick_headline(reposts)["source"] == "zz"


@pytest.mark.parametrize("ids", [("a", "b"), ("b", "a")])
def test_no_tie_is_decided_by_an_id(ids):
    """Same date, tier and qualifier: the choice follows the content (the fuller quote; the more precise number)."""
    quotes = [row("33357.1", published="2024-10-03", tier="republication", source=ids[0], quote="短句33357.1"),
              row("33357.1", published="2024-10-03", tier="republication", source=ids[1], quote="更完整的一句话：33357.1亿元")]
    assert pick_headline(quotes)["quote"].startswith("更完整")
    values = [row("2.4", published="2021-01-01", source=ids[0]), row("2.45", published="2021-01-01", source=ids[1])]
    assert pick_headline(values)["value_text"] == "2.45"


def test_targets_and_spans_get_their_own_headline():
    frame = pd.DataFrame([
        row("2.36"), row("2.1", source="b", published="2021-01-01"),
        row("2.35", kind="target", qualifier="about"),
        row("10", period="2016/2020", source="c"),
    ])
    assert headline_flags(frame).tolist() == [True, False, True, True]
