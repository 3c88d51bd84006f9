"""One test (or more) per project rule, on hand-made tables."""
from datetime import date

from generator.checks import (
    CHECKS,
    CheckContext,
    check_deadline_basis,
    check_multiplier_positive,
    check_no_control_characters,
    check_numbers_plain,
    check_period_exists,
    check_period_plausible,
    check_places_form_a_tree,
    check_published_plausible,
    check_quote_contains_value,
    check_target_has_deadline,
    check_text_not_blank,
    check_unit_fits_indicator,
)
from generator.checks_data import DATA_CHECKS
from generator.checks_english import ENGLISH_CHECKS
from generator.frictionless_check import closest_ids
from generator.issues import Issue
from generator.load import Table
from generator.table_sources import TABLE_CHECKS

OBS = "datasets/x/data/observations.csv"


def obs(**changes) -> dict:
    row = {"indicator": "high-tech-enterprises", "entity": "chongqing", "period": "2020", "value": "4222",
           "unit": "jia", "kind": "actual", "qualifier": "exact", "source": "doc", "quote": "高新技术企业达到4222家。",
           "note": ""}
    return {**row, **changes}


def context(*rows: dict) -> CheckContext:
    return CheckContext({
        "observations": Table(OBS, [(n, r) for n, r in enumerate(rows, start=2)]),
        "sources": Table("s.csv", [(2, {"id": "doc", "published": "2023-03-31"})]),
        "units": Table("u.csv", [(2, {"id": "jia", "base_unit": "jia"}), (3, {"id": "wan-jia", "base_unit": "jia"}),
                                 (4, {"id": "yi-yuan", "base_unit": "yuan"})]),
        "indicators": Table("i.csv", [(2, {"id": "high-tech-enterprises", "unit": "jia"})]),
    })


def flat(issues):
    return [i.flat() for i in issues]


def test_every_check_is_registered():
    assert set(CHECKS) == {check_period_exists, check_period_plausible, check_quote_contains_value, check_deadline_basis,
                           check_target_has_deadline, check_unit_fits_indicator, check_published_plausible,
                           check_no_control_characters, check_text_not_blank, check_numbers_plain,
                           check_multiplier_positive, check_places_form_a_tree} | set(DATA_CHECKS) | set(ENGLISH_CHECKS) | set(TABLE_CHECKS)


def test_quote_must_contain_the_value():
    ctx = context(obs(), obs(value="4223"), obs(value="1.27", unit="wan-jia", quote="分别达到1.27万家"),
                  obs(value="12700", quote="达到12,700家"))
    assert flat(check_quote_contains_value(ctx)) == [(OBS, 3, "quote", "quote-without-value")]


def test_quote_must_show_the_whole_number():
    ctx = context(obs(value="1", quote="企业1.1万家"), obs(value="1.1", unit="wan-jia", quote="企业1.1万家"),
                  obs(value="12700", quote="达到１２７００家"), obs(value="4", quote="新建四个平台"),
                  obs(value="4", quote="“十四五”时期"), obs(value="2023", quote="2023年完成"), obs(value="3", quote="排名第3"),
                  obs(value="2.35", quote="强度2.35%左右"), obs(value="2.3", quote="强度2.35%左右"),
                  obs(value="3.70", quote="占比3.70%"), obs(value="3.7", quote="占比3.70%"))
    assert [row for _, row, _, _ in flat(check_quote_contains_value(ctx))] == [2, 6, 10, 12]


def test_periods_must_exist():
    ctx = context(obs(period="2023-02-30"), obs(period="2027/2023"), obs(period="2020-12-31"), obs(period="２０２２"),
                  obs(period="2022\n"), obs(period=" 2022"))
    issues = list(check_period_exists(ctx))
    assert [i.row for i in issues] == [2, 3, 5, 6, 7]
    assert all("\\d" not in i.message and "^" not in i.message for i in issues)  # in words, no regular expression
    assert "'2022\\n'" in issues[3].message  # the line break is visible


def test_published_dates_are_plausible():
    sources = [(2, {"id": "a", "published": "2203-03-31"}), (3, {"id": "b", "published": "2023-03-31"}),
               (4, {"id": "c", "published": "1900-01-01"}), (5, {"id": "d", "published": "2026-12-20"}),
               (6, {"id": "e", "published": "2027-01-30"}), (7, {"id": "f", "published": "9999-12-31"})]
    ctx = CheckContext({"sources": Table("s.csv", sources)}, today=date(2026, 12, 1))
    assert [i.row for i in check_published_plausible(ctx)] == [2, 4, 6, 7]


SCHEMAS = {"observations": {"fields": [{"name": "value", "type": "number"}, {"name": "quote", "type": "string"},
                                       {"name": "note", "type": "string"}, {"name": "entity", "type": "string"}]},
           "themes": {"fields": [{"name": "id", "type": "string"},
                                 {"name": "name_zh", "type": "string", "constraints": {"required": True}}]}}


def test_numbers_are_plain_finite_ascii_decimals():
    values = ["NaN", "Infinity", "-inf", "2_36", "２３６", "1e5", " 5", "4222", "-1.5", "0.25", "1,234", "约100"]
    ctx = CheckContext({"observations": Table(OBS, [(n, obs(value=v)) for n, v in enumerate(values, start=2)])}, SCHEMAS)
    # 1,234 and 约100 are not numbers at all: Frictionless's type error says so
    assert [i.row for i in check_numbers_plain(ctx)] == [2, 3, 4, 5, 6, 7, 8]


def test_control_characters_and_line_breaks_are_refused():
    rows = [obs(note="a\x00b"), obs(entity="evil\n"), obs(quote="达到4222家\t。"), obs(note="第一行\n第二行"), obs()]
    ctx = CheckContext({"observations": Table(OBS, list(enumerate(rows, start=2)))}, SCHEMAS)
    assert flat(check_no_control_characters(ctx)) == [(OBS, 2, "note", "control-character"),
                                                      (OBS, 3, "entity", "control-character"),
                                                      (OBS, 4, "quote", "control-character")]


def test_required_text_is_not_only_spaces():
    ctx = CheckContext({"themes": Table("t.csv", [(2, {"id": "a", "name_zh": "   "}), (3, {"id": "b", "name_zh": "主题"}),
                                                  (4, {"id": "c", "name_zh": "\u3000"})])}, SCHEMAS)
    assert [i.row for i in check_text_not_blank(ctx)] == [2, 4]


def test_unit_multipliers_are_positive():
    ctx = CheckContext({"units": Table("u.csv", [(2, {"id": "a", "multiplier": "0"}), (3, {"id": "b", "multiplier": "10000"})])})
    assert flat(check_multiplier_positive(ctx)) == [("u.csv", 2, "multiplier", "multiplier-not-positive")]


def test_a_loop_in_the_place_hierarchy_is_reported_once_with_its_members():
    entities = [(2, {"id": "china", "parent": "chongqing"}), (3, {"id": "chongqing", "parent": "china"}),
                (4, {"id": "district", "parent": "chongqing"}), (5, {"id": "self", "parent": "self"}),
                (6, {"id": "top", "parent": ""}), (7, {"id": "below", "parent": "top"})]
    issues = list(check_places_form_a_tree(CheckContext({"entities": Table("e.csv", entities)})))
    assert flat(issues) == [("e.csv", 2, "parent", "parent-loop"), ("e.csv", 5, "parent", "parent-loop")]
    assert "china → chongqing → china" in issues[0].message and "self → self" in issues[1].message


def test_unknown_ids_suggest_the_same_id_written_with_leading_zeros_first():
    ids = [f"os-s{n:02d}" for n in range(1, 47)]
    assert closest_ids("os-s3", ids)[0] == "os-s03"
    assert closest_ids("high-tech-enterprise", ["high-tech-enterprises", "tech-enterprises"])[0] == "high-tech-enterprises"


def test_messages_are_chinese_first_with_english_beside():
    issue = Issue("a.csv", 2, "value", "x", "不是数字", "应为数字", message_en="not a number", hint_en="expected a number")
    assert str(issue) == "a.csv:2:value: 不是数字; 应为数字"
    assert issue.text("en") == "a.csv:2:value: not a number; expected a number"
    assert Issue("a.csv", 2, None, "x", "中文", "提示").text("en") == "a.csv:2: 中文; 提示"  # falls back to Chinese


def test_github_annotations_cannot_be_forged():
    issue = Issue("d/a,b:c.csv", 2, "quote", "x", "50%\r\n::error file=evil::forged", "提示")
    line = issue.github()
    assert "\r" not in line and "\n" not in line
    assert line.startswith("::error file=d/a%2Cb%3Ac.csv,line=2,title=x::")
    assert "50%25%0D%0A::error" in line


def test_target_cannot_end_before_its_source():
    ctx = context(obs(kind="target", period="2022", deadline="stated"), obs(kind="target", period="2027", deadline="stated"),
                  obs(kind="actual", period="2020"))
    assert flat(check_target_has_deadline(ctx)) == [(OBS, 2, "period", "target-before-source")]


def test_unit_must_share_the_indicators_base_unit():
    ctx = context(obs(unit="wan-jia", value="0.4222", quote="0.4222"), obs(unit="yi-yuan"))
    assert flat(check_unit_fits_indicator(ctx)) == [(OBS, 3, "unit", "unit-mismatch")]


def test_years_must_be_plausible_where_the_site_sets_a_range():
    ctx = context(obs(period="2203"), obs(period="1900/2020"), obs(period="2023-05"))
    assert flat(check_period_plausible(ctx)) == []  # no range set: any year (1900, or 1850 for a CO₂ record)
    ctx = CheckContext(ctx.tables, years=(1949, 2100))
    assert flat(check_period_plausible(ctx)) == [(OBS, 2, "period", "period-implausible"),
                                                 (OBS, 3, "period", "period-implausible")]


def test_targets_and_only_targets_say_how_their_deadline_was_read():
    ctx = context(obs(kind="target", period="2027"), obs(kind="target", period="2027", deadline="none"),
                  obs(deadline="stated"), obs())
    assert flat(check_deadline_basis(ctx)) == [(OBS, 2, "deadline", "deadline-missing"),
                                               (OBS, 4, "deadline", "deadline-not-target")]


def test_reports_sort_issues_with_and_without_row_or_field():
    from generator.issues import Issue, Report
    report = Report()
    report.extend([Issue("a.csv", 2, "deadline", "x", "m", "h"), Issue("a.csv", 2, None, "y", "m", "h"),
                   Issue("a.csv", None, None, "z", "m", "h")])
    assert [i.code for i in report.errors] == ["z", "y", "x"]
