"""One test (or more) per project rule, on hand-made tables."""
from generator.checks import (
    CHECKS,
    CheckContext,
    check_deadline_basis,
    check_period_exists,
    check_period_plausible,
    check_quote_contains_value,
    check_target_has_deadline,
    check_unit_fits_indicator,
)
from generator.checks_data import DATA_CHECKS
from generator.load import Table

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
    assert set(CHECKS) == {check_period_exists, check_period_plausible, check_quote_contains_value, check_deadline_basis, check_target_has_deadline,
                           check_unit_fits_indicator} | set(DATA_CHECKS)


def test_quote_must_contain_the_value():
    ctx = context(obs(), obs(value="4223"), obs(value="1.27", unit="wan-jia", quote="分别达到1.27万家"),
                  obs(value="12700", quote="达到12,700家"))
    assert flat(check_quote_contains_value(ctx)) == [(OBS, 3, "quote", "quote-without-value")]


def test_periods_must_exist():
    ctx = context(obs(period="2023-02-30"), obs(period="2027/2023"), obs(period="2020-12-31"))
    assert flat(check_period_exists(ctx)) == [(OBS, 2, "period", "period-invalid"), (OBS, 3, "period", "period-invalid")]


def test_target_cannot_end_before_its_source():
    ctx = context(obs(kind="target", period="2022", deadline="stated"), obs(kind="target", period="2027", deadline="stated"),
                  obs(kind="actual", period="2020"))
    assert flat(check_target_has_deadline(ctx)) == [(OBS, 2, "period", "target-before-source")]


def test_unit_must_share_the_indicators_base_unit():
    ctx = context(obs(unit="wan-jia", value="0.4222", quote="0.4222"), obs(unit="yi-yuan"))
    assert flat(check_unit_fits_indicator(ctx)) == [(OBS, 3, "unit", "unit-mismatch")]


def test_years_must_be_plausible():
    ctx = context(obs(period="2203"), obs(period="1900/2020"), obs(period="2023-05"))
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
