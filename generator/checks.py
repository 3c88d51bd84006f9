"""The project's own rules, beyond what a Table Schema can say. One rule per function; each yields Issues.

Messages are Chinese first (contributors are Chinese analysts), with the English beside them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from generator.checks_data import DATA_CHECKS
from generator.checks_english import ENGLISH_CHECKS
from generator.issues import Issue, shown
from generator.layout import Layout
from generator.load import Table
from generator.numbers import quote_shows
from generator.periods import Period, PeriodError, parse_period
from generator.table_sources import TABLE_CHECKS


@dataclass(frozen=True)
class CheckContext:
    tables: dict[str, Table]  # observations, sources and the code lists
    schemas: dict[str, dict] = field(default_factory=dict)  # Table Schema per table name, for the cell rules
    today: date = field(default_factory=date.today)  # only validation reads the clock; the build never does
    years: tuple[int, int] | None = None  # the plausible years of a period (settings' period_years); None: any
    languages: tuple[str, ...] = ("zh",)  # the site's editions (settings' languages); "en" asks for every English field
    folder: Path | None = None  # the package's folder, where pinned copies of table sources are kept
    layout: Layout | None = None  # for paths as contributors see them

    def rows(self, name: str) -> list[tuple[int, dict]]:
        table = self.tables.get(name)
        return table.rows if table else []

    def file(self, name: str) -> str:
        return self.tables[name].file

    def index(self, name: str) -> dict[str, dict]:
        return {row.get("id", ""): row for _, row in self.rows(name)}

    def fields(self, name: str) -> list[dict]:
        fields = self.schemas.get(name, {}).get("fields", [])
        return [f for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


def check_period_exists(ctx: CheckContext) -> Iterator[Issue]:
    """Periods must be real: 2023-02-30 or 2027/2023 pass a pattern but mean nothing. Reported once, in words
    (the schema's pattern error for the same cell is dropped in frictionless_check)."""
    for number, row in ctx.rows("observations"):
        text = row.get("period", "")
        if not text:
            continue
        try:
            parse_period(text)
        except PeriodError as exc:
            yield Issue(ctx.file("observations"), number, "period", "period-invalid", str(exc),
                        "应写作 2023（年度）、2023-05 或 2023-12-31（截至某时）、2023/2027（时段），只用半角数字",
                        message_en=exc.english,
                        hint_en="expected YYYY, YYYY-MM, YYYY-MM-DD or START/END, in ASCII digits")


def parsed_periods(ctx: CheckContext) -> Iterator[tuple[int, dict, Period]]:
    """Rows whose period parses; the others are check_period_exists's to report."""
    for number, row in ctx.rows("observations"):
        try:
            yield number, row, parse_period(row.get("period", ""))
        except PeriodError:
            continue


def check_period_plausible(ctx: CheckContext) -> Iterator[Issue]:
    """2203 for 2023 passes every pattern: a site whose figures all fall in known years says which
    (mkdocs.yml extra.publisher.period_years: [first, last]); without that setting any year is accepted."""
    if ctx.years is None:
        return
    EARLIEST_YEAR, LATEST_YEAR = ctx.years
    for number, row, period in parsed_periods(ctx):
        years = [period.end.year] + ([period.start.year] if period.start else [])
        if any(not EARLIEST_YEAR <= y <= LATEST_YEAR for y in years):
            yield Issue(ctx.file("observations"), number, "period", "period-implausible",
                        f"'{period.text}' 中的年份不在 {EARLIEST_YEAR}—{LATEST_YEAR} 年之间", "应为 2023 这样的年份（是否打错了？）；范围由 mkdocs.yml 的 extra.publisher.period_years 设定",
                        message_en=f"year in '{period.text}' is outside {EARLIEST_YEAR}–{LATEST_YEAR}",
                        hint_en="expected a year such as 2023 (a typo?); the range is mkdocs.yml's extra.publisher.period_years")


# A source's date is plausible from 1949 up to the day of validation plus this margin (a document dated a few
# days ahead, or a clock in another time zone). Only validation reads today's date: the build uses the data's dates.
PUBLISHED_MARGIN = timedelta(days=30)
EARLIEST_YEAR = 1949  # a source dated earlier is a typo in the year (periods have their own, configurable range)


def check_published_plausible(ctx: CheckContext) -> Iterator[Issue]:
    """2203-03-31 for 2023-03-31 is a real date; no source here was published before 1949 or in the future."""
    latest = ctx.today + PUBLISHED_MARGIN
    for number, row in ctx.rows("sources"):
        try:
            published = date.fromisoformat(row.get("published", ""))
        except ValueError:
            continue  # not a date: the schema check reports it
        if not date(EARLIEST_YEAR, 1, 1) <= published <= latest:
            yield Issue(ctx.file("sources"), number, "published", "published-implausible",
                        f"发布日期 {published.isoformat()} 不在 {EARLIEST_YEAR} 年至今天（{ctx.today.isoformat()}）"
                        f"后 {PUBLISHED_MARGIN.days} 天之间",
                        "应为文献实际的发布日期，如 2023-03-31（是否打错了年份？）",
                        message_en=f"published {published.isoformat()} is not between {EARLIEST_YEAR} and today "
                                   f"({ctx.today.isoformat()}) plus {PUBLISHED_MARGIN.days} days",
                        hint_en="expected the date the document was published, e.g. 2023-03-31 (a typo in the year?)")


def check_quote_contains_value(ctx: CheckContext) -> Iterator[Issue]:
    """A figure is only as good as its evidence: the quoted sentence must show the number, as a whole number
    (value 1 is not shown by 1.1万家)."""
    for number, row in ctx.rows("observations"):
        value, quote = row.get("value", ""), row.get("quote", "")
        try:
            found = quote_shows(value, quote)
        except (ArithmeticError, ValueError):
            continue  # not a number: the schema check or check_numbers_plain reports it
        if quote and not found:
            yield Issue(ctx.file("observations"), number, "quote", "quote-without-value",
                        f"原文中没有数值 {value}（须是完整的数字，1.1万家中的数字是 1.1，不是 1）",
                        "请引用这个数字所在的原句，数字照原文写法",
                        message_en=f"the quote does not contain the value {value} as a whole number",
                        hint_en="quote the sentence the figure comes from, with the number as written there")


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
                        f"目标时期 {period.text} 早于来源的发布日期（{published}）",
                        "目标的时期是它的截止时间（到2027年 → 2027）；已经过去的数字应为 actual（实际）",
                        message_en=f"target period {period.text} ends before its source was published ({published})",
                        hint_en="a target's period is its deadline (到2027年 → 2027); a past figure is an actual")


def check_deadline_basis(ctx: CheckContext) -> Iterator[Issue]:
    """A target says how its deadline was read, so the tracker never judges a target that has no deadline."""
    for number, row in ctx.rows("observations"):
        target, basis = row.get("kind") == "target", row.get("deadline", "")
        if target and not basis:
            yield Issue(ctx.file("observations"), number, "deadline", "deadline-missing",
                        "目标值须说明截止时间的依据",
                        "应为 stated（原文写明，如到2027年）、plan-period（按所述规划期推定）或 none（原文没有截止时间）",
                        message_en="a target needs its deadline basis",
                        hint_en="expected stated (到2027年), plan-period (read from a named plan period) or none (no deadline given)")
        elif basis and not target:
            yield Issue(ctx.file("observations"), number, "deadline", "deadline-not-target",
                        f"{row.get('kind')} 数字填了截止依据 '{basis}'", "应留空：只有目标值（target）才有截止时间",
                        message_en=f"'{basis}' is set on a {row.get('kind')} figure",
                        hint_en="expected an empty cell: only targets have deadlines")


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
                        f"单位 '{row['unit']}' 与指标 '{row['indicator']}' 计量的不是同一种量",
                        f"应为以 '{expected}' 为基本单位的单位（该指标的单位是 '{indicator['unit']}'）",
                        message_en=f"unit '{row['unit']}' does not measure what indicator '{row['indicator']}' measures",
                        hint_en=f"expected a unit based on '{expected}' (the indicator's unit is '{indicator['unit']}')")


# Line breaks are fine inside a quote or a note (a cell in double quotes may span lines); nowhere else.
MULTILINE_FIELDS = {"quote", "note"}
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")  # all but CR and LF
_LINE_BREAK = re.compile(r"[\r\n]")


def check_no_control_characters(ctx: CheckContext) -> Iterator[Issue]:
    """A NUL, tab or other control character cannot be shown or written to a spreadsheet, and an id ending in a
    line break becomes a folder no browser can reach."""
    for name, table in sorted(ctx.tables.items()):
        for number, row in table.rows:
            for column, cell in row.items():
                if not isinstance(cell, str) or not isinstance(column, str) or (name, column) == ("observations", "period"):
                    continue  # a period is check_period_exists's to report, once
                bad = _CONTROL.search(cell) or (column not in MULTILINE_FIELDS and _LINE_BREAK.search(cell))
                if bad:
                    char = bad.group().encode("unicode_escape").decode("ascii")
                    yield Issue(table.file, number, column, "control-character",
                                f"{shown(cell)} 含有控制字符 {char}（第 {bad.start() + 1} 个字符）",
                                "请删除它（常见于从网页或 PDF 复制时带入的换行、制表符或不可见字符）"
                                + ("" if column in MULTILINE_FIELDS else "；这一列不能换行"),
                                message_en=f"{shown(cell)} holds the control character {char} (character {bad.start() + 1})",
                                hint_en="delete it (line breaks, tabs and invisible characters come along when copying "
                                        "from web pages or PDFs)" + ("" if column in MULTILINE_FIELDS else
                                                                     "; this column cannot hold a line break"))


def check_text_not_blank(ctx: CheckContext) -> Iterator[Issue]:
    """A required name of only spaces passes 'required' but shows as nothing."""
    for name, table in sorted(ctx.tables.items()):
        for spec in ctx.fields(name):
            if not (spec.get("constraints") or {}).get("required"):
                continue
            for number, row in table.rows:
                cell = row.get(spec["name"])
                if isinstance(cell, str) and cell and not cell.strip():
                    yield Issue(table.file, number, spec["name"], "blank-text", "这一格只有空白字符",
                                f"应填写内容：{spec.get('description', '')}".rstrip("："),
                                message_en="this cell holds only white space",
                                hint_en=f"expected a value: {spec.get('description', '')}".rstrip(": "))


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def check_numbers_plain(ctx: CheckContext) -> Iterator[Issue]:
    """Frictionless reads NaN, Infinity, -inf, 2_36, ２３６, 1e5 and ' 5' as numbers; none is a figure as
    published, and NaN would reach the JSON downloads as a bare NaN that JSON parsers refuse."""
    for name, table in sorted(ctx.tables.items()):
        for spec in ctx.fields(name):
            if spec.get("type") not in ("number", "integer"):
                continue
            for number, row in table.rows:
                cell = row.get(spec["name"])
                if not isinstance(cell, str) or not cell or _PLAIN_NUMBER.fullmatch(cell):
                    continue
                try:
                    Decimal(cell.strip())
                except (InvalidOperation, ValueError):
                    continue  # not a number at all: Frictionless reports the type error
                yield Issue(table.file, number, spec["name"], "number-not-plain",
                            f"{shown(cell)} 不是普通的十进制数字",
                            "应只用半角数字 0-9，最多一个小数点，可带负号，如 1.27 或 4222；"
                            "不能是 NaN、Infinity、科学计数法、下划线、全角数字或前后空格",
                            message_en=f"{shown(cell)} is not a plain decimal number",
                            hint_en="expected ASCII digits 0-9 with at most one decimal point and an optional minus, "
                                    "e.g. 1.27 or 4222; not NaN, Infinity, exponents, underscores, full-width digits "
                                    "or surrounding spaces")


def check_multiplier_positive(ctx: CheckContext) -> Iterator[Issue]:
    """Every value is divided by its indicator unit's multiplier: 0 would put infinities on the charts."""
    for number, row in ctx.rows("units"):
        cell = row.get("multiplier", "")
        if _PLAIN_NUMBER.fullmatch(cell or "") and Decimal(cell) <= 0:
            yield Issue(ctx.file("units"), number, "multiplier", "multiplier-not-positive",
                        f"倍数 {cell} 不是正数", "应为这个单位折合多少个基本单位，如 万家 = 10000（家）",
                        message_en=f"multiplier {cell} is not positive",
                        hint_en="expected how many base units one of this unit is, e.g. 万家 = 10000 (家)")


def check_places_form_a_tree(ctx: CheckContext) -> Iterator[Issue]:
    """A place that is its own ancestor (china → chongqing → china) would make every walk up the tree endless.
    Each loop is reported once, at its first row in the file, with its members."""
    if "entities" not in ctx.tables:
        return
    parents = {row.get("id", ""): row.get("parent", "") for _, row in ctx.rows("entities")}
    rows = {row.get("id", ""): number for number, row in ctx.rows("entities")}
    reported: set[str] = set()
    for start in parents:
        path, current = [], start
        while current and current in parents and current not in path and current not in reported:
            path.append(current)
            current = parents[current]
        if current not in path:
            continue  # reached the top, an unknown parent (a foreign-key error) or a loop already reported
        loop = path[path.index(current):]
        reported.update(loop)
        first = min(loop, key=lambda member: rows[member])
        members = " → ".join(loop[loop.index(first):] + loop[:loop.index(first)] + [first])
        yield Issue(ctx.file("entities"), rows[first], "parent", "parent-loop",
                    f"上级关系形成了循环：{members}",
                    "每个对象的上级链应最终到达顶层对象（parent 留空，如 china）；请改正其中一个 parent",
                    message_en=f"the parents form a loop: {members}",
                    hint_en="expected every chain of parents to end at a top entity (empty parent, e.g. china); "
                            "correct one of these parents")


CHECKS = (check_period_exists, check_period_plausible, check_published_plausible, check_quote_contains_value,
          check_target_has_deadline, check_deadline_basis, check_unit_fits_indicator, check_no_control_characters,
          check_text_not_blank, check_numbers_plain, check_multiplier_positive, check_places_form_a_tree,
          *DATA_CHECKS, *ENGLISH_CHECKS, *TABLE_CHECKS)


def run_checks(ctx: CheckContext) -> list[Issue]:
    return [issue for check in CHECKS for issue in check(ctx)]
