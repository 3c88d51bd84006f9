"""The project's own rules, beyond what a Table Schema can say. One rule per function; each yields Issues."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.checks_data import DATA_CHECKS
from generator.issues import Issue
from generator.load import Table
from generator.numbers import published_forms
from generator.periods import Period, PeriodError, parse_period


@dataclass(frozen=True)
class CheckContext:
    tables: dict[str, Table]  # observations, sources and the code lists

    def rows(self, name: str) -> list[tuple[int, dict]]:
        table = self.tables.get(name)
        return table.rows if table else []

    def file(self, name: str) -> str:
        return self.tables[name].file

    def index(self, name: str) -> dict[str, dict]:
        return {row.get("id", ""): row for _, row in self.rows(name)}


def check_period_exists(ctx: CheckContext) -> Iterator[Issue]:
    """Periods must be real: 2023-02-30 or 2027/2023 pass a pattern but mean nothing."""
    for number, row in ctx.rows("observations"):
        text = row.get("period", "")
        if not text:
            continue
        try:
            parse_period(text)
        except PeriodError as exc:
            yield Issue(ctx.file("observations"), number, "period", "period-invalid", str(exc),
                        "expected YYYY, YYYY-MM, YYYY-MM-DD or START/END")


def parsed_periods(ctx: CheckContext) -> Iterator[tuple[int, dict, Period]]:
    """Rows whose period parses; the others are check_period_exists's to report."""
    for number, row in ctx.rows("observations"):
        try:
            yield number, row, parse_period(row.get("period", ""))
        except PeriodError:
            continue


EARLIEST_YEAR, LATEST_YEAR = 1949, 2100  # before the People's Republic or after 2100: a typo, not a figure


def check_period_plausible(ctx: CheckContext) -> Iterator[Issue]:
    """2203 for 2023 passes every pattern; no figure here is that old or that far ahead."""
    for number, row, period in parsed_periods(ctx):
        years = [period.end.year] + ([period.start.year] if period.start else [])
        if any(not EARLIEST_YEAR <= y <= LATEST_YEAR for y in years):
            yield Issue(ctx.file("observations"), number, "period", "period-implausible",
                        f"year in '{period.text}' is outside {EARLIEST_YEAR}–{LATEST_YEAR}", "expected a year such as 2023")


def check_quote_contains_value(ctx: CheckContext) -> Iterator[Issue]:
    """A figure is only as good as its evidence: the quoted sentence must show the number."""
    for number, row in ctx.rows("observations"):
        value, quote = row.get("value", ""), row.get("quote", "")
        try:
            forms = published_forms(value)
        except (ArithmeticError, ValueError):
            continue  # not a number: the schema check reports it
        if quote and not any(form in quote for form in forms):
            yield Issue(ctx.file("observations"), number, "quote", "quote-without-value",
                        f"the quote does not contain the value {value}",
                        "quote the sentence the figure comes from, with the number as written there")


def check_target_has_deadline(ctx: CheckContext) -> Iterator[Issue]:
    """A target is stated before its deadline; a 'target' dated before its source was published is mis-kinded."""
    sources = ctx.index("sources")
    for number, row, period in parsed_periods(ctx):
        if row.get("kind") != "target":
            continue
        published = sources.get(row.get("source", ""), {}).get("published", "")
        try:
            year = date.fromisoformat(published).year
        except ValueError:
            continue
        if period.end_year < year:
            yield Issue(ctx.file("observations"), number, "period", "target-before-source",
                        f"target period {period.text} ends before its source was published ({published})",
                        "a target's period is its deadline (到2027年 → 2027); a past figure is an actual")


def check_deadline_basis(ctx: CheckContext) -> Iterator[Issue]:
    """A target says how its deadline was read, so the tracker never judges a target that has no deadline."""
    for number, row in ctx.rows("observations"):
        target, basis = row.get("kind") == "target", row.get("deadline", "")
        if target and not basis:
            yield Issue(ctx.file("observations"), number, "deadline", "deadline-missing",
                        "a target needs its deadline basis",
                        "expected stated (到2027年), plan-period (read from a named plan period) or none (no deadline given)")
        elif basis and not target:
            yield Issue(ctx.file("observations"), number, "deadline", "deadline-not-target",
                        f"'{basis}' is set on a {row.get('kind')} figure", "expected an empty cell: only targets have deadlines")


def check_unit_fits_indicator(ctx: CheckContext) -> Iterator[Issue]:
    """家 and 万家 can share a chart; 家 and 亿元 cannot. Units must share the indicator's base unit."""
    units, indicators = ctx.index("units"), ctx.index("indicators")
    for number, row in ctx.rows("observations"):
        unit, indicator = units.get(row.get("unit", "")), indicators.get(row.get("indicator", ""))
        if not unit or not indicator or indicator.get("unit") not in units:
            continue  # unknown ids are foreign-key errors
        expected = units[indicator["unit"]].get("base_unit")
        if unit.get("base_unit") != expected:
            yield Issue(ctx.file("observations"), number, "unit", "unit-mismatch",
                        f"unit '{row['unit']}' does not measure what indicator '{row['indicator']}' measures",
                        f"expected a unit based on '{expected}' (the indicator's unit is '{indicator['unit']}')")


CHECKS = (check_period_exists, check_period_plausible, check_quote_contains_value, check_target_has_deadline,
          check_deadline_basis, check_unit_fits_indicator, *DATA_CHECKS)


def run_checks(ctx: CheckContext) -> list[Issue]:
    return [issue for check in CHECKS for issue in check(ctx)]
