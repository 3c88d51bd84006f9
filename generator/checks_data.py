"""Rules about what the data mean (issue 10): notes in Chinese, labelled titles, corrections, spans beside levels,
one dating convention for changes, one meaning per multiple, quotes that belong to their own source.
One rule per function; each yields Issues (Chinese first, English kept in message_en/hint_en)."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.issues import Issue
from generator.numbers import published_forms
from generator.periods import PeriodError, parse_period

if TYPE_CHECKING:  # checks.py imports this module to register the rules
    from generator.checks import CheckContext

REPORTED = ("actual", "estimate")
# Indicators that relate two dates (增减、倍数、年均增速): their spans are written base/end (十三五 → 2015/2020).
CHANGE_INDICATOR = re.compile(r"-(change|change-pp|growth|growth-multiple|avg-annual-growth|change-pp-over-period)$")
MULTIPLE_UNITS = ("bei-ratio", "bei-increase")
# A published unit slip (万元 for 亿元) moves a value by 10⁴ or more; real series here never jump a hundredfold.
IMPLAUSIBLE_JUMP = 100


def _cjk(text: str) -> int:
    return sum("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in text)


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|'[^']*'|‘[^’]*’|《[^》]*》|「[^」]*」|（[^）]*[A-Za-z][^）]*）")
_IDS = re.compile(r"https?://\S+|[\w.-]+\.(?:md|csv|json|com|cn|net|org|ai)\b"
                  r"|(?<![A-Za-z0-9])(?:[a-z0-9]+(?:-[a-z0-9]+)+|R&D|GDP|CAGR|AI|CNIPA|NBS|CGTN|NBD|GII)(?![A-Za-z0-9])")
_ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")


def is_chinese_note(text: str) -> bool:
    """Chinese, with no English words left once quoted titles, English quotes in brackets, ids, file names,
    domains and acronyms (R&D, GDP) are set aside."""
    rest = _IDS.sub("", _QUOTED.sub("", text))
    latin = sum(c.isascii() and c.isalpha() for c in rest)
    return _cjk(rest) >= latin and not _ENGLISH_WORD.search(rest)


def needs_chinese_label(title: str) -> bool:
    """English, or written in traditional characters (which the GB2312 set of simplified characters lacks)."""
    letters = sum(c.isascii() and c.isalpha() for c in title)
    if letters > _cjk(title):
        return True
    for c in title:
        if "\u4e00" <= c <= "\u9fff":
            try:
                c.encode("gb2312")
            except UnicodeEncodeError:
                return True
    return False


def check_note_is_chinese(ctx: CheckContext) -> Iterator[Issue]:
    """Notes are ours and our readers read Chinese; the English research note may stay in note_en."""
    for table in ("observations", "sources"):
        for number, row in ctx.rows(table):
            note = row.get("note", "")
            if note and not is_chinese_note(note):
                yield Issue(ctx.file(table), number, "note", "note-not-chinese", "说明不是中文",
                            "请用中文写说明；英文研究笔记可放在 note_en 列，引用的英文标题请加引号",
                            message_en="the note is not in Chinese",
                            hint_en="write the note in Chinese; keep the English research note in note_en")


def check_title_has_chinese_label(ctx: CheckContext) -> Iterator[Issue]:
    """Titles stay as printed; an English or traditional-character title gets a Chinese label for readers."""
    for number, row in ctx.rows("sources"):
        title = row.get("title", "")
        if title and needs_chinese_label(title) and not row.get("title_zh", "").strip():
            yield Issue(ctx.file("sources"), number, "title_zh", "title-without-chinese-label",
                        "标题是英文或繁体，缺少中文标注", "请在 title_zh 写中文标注，如“CGTN（英文报道）：……”“……（繁体转载）”",
                        message_en="an English or traditional-character title needs a Chinese label",
                        hint_en="expected a title_zh such as “CGTN（英文报道）”")


def check_original_status(ctx: CheckContext) -> Iterator[Issue]:
    """Citing an original keeps the mirror as a second copy; a republication is not its own original."""
    for number, row in ctx.rows("sources"):
        status, tier = row.get("original_status", ""), row.get("tier", "")
        if status in ("verified", "partial") and not row.get("mirror_url", ""):
            yield Issue(ctx.file("sources"), number, "mirror_url", "original-without-mirror",
                        "已改引原始出处，但没有保留原转载页地址", "请把原来引用的转载页地址写入 mirror_url",
                        message_en="the original is cited but the mirror it replaced is not kept",
                        hint_en="put the republication's address in mirror_url")
        if status == "is-original" and tier == "republication":
            yield Issue(ctx.file("sources"), number, "original_status", "republication-marked-original",
                        "转载页不能标为原始出处（is-original）", "请填 not-found，或找到原始出处后改引原文并填 verified",
                        message_en="a republication cannot be its own original",
                        hint_en="expected not-found, or cite the original and mark it verified")


def check_quote_belongs_to_one_source(ctx: CheckContext) -> Iterator[Issue]:
    """Two pages rarely print the same sentence word for word: a shared quote was usually copied from the other."""
    first: dict[str, tuple[str, int]] = {}
    for number, row in ctx.rows("observations"):
        quote, source = row.get("quote", ""), row.get("source", "")
        if not quote:
            continue
        owner = first.setdefault(quote, (source, number))
        if owner[0] != source:
            yield Issue(ctx.file("observations"), number, "quote", "quote-shared-between-sources",
                        f"同一引文也记在来源 {owner[0]}（第{owner[1]}行）下",
                        "请核对本来源页面自己的原文，逐字引用本页的句子",
                        message_en=f"the same quote is also credited to source {owner[0]} (row {owner[1]})",
                        hint_en="quote this page's own sentence verbatim")


def _periods(ctx: CheckContext):
    for number, row in ctx.rows("observations"):
        try:
            yield number, row, parse_period(row.get("period", ""))
        except PeriodError:
            continue  # check_period_exists reports it


def check_span_beside_level(ctx: CheckContext) -> Iterator[Issue]:
    """An indicator holds levels (a year's figure, a count at a date) or totals over a span, never both: a stock
    stored as a span (累计引育…6092家 as 2020/2023-05) or a five-year total beside annual values misleads a chart."""
    forms: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, row, period in _periods(ctx):
        if row.get("kind") in REPORTED:
            forms[row.get("indicator", "")]["span" if period.form == "span" else "level"].append(number)
    for indicator, by_form in forms.items():
        if by_form["span"] and by_form["level"]:
            for number in by_form["span"]:
                yield Issue(ctx.file("observations"), number, "period", "span-beside-level",
                            f"指标 {indicator} 另有时点或年度数，这里却是时期累计数",
                            "时点存量（累计建成、拥有）请记截至日期（如 2023-05）；多年合计请另设“累计”指标",
                            message_en=f"indicator {indicator} also holds levels; this row is a total over a span",
                            hint_en="a stock is dated at its date (2023-05); a multi-year total needs its own indicator")


def check_change_spans_agree(ctx: CheckContext) -> Iterator[Issue]:
    """Changes in one document ending at the same date are dated from the same base (过去五年 → 2017/2022 for all)."""
    starts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for number, row, period in _periods(ctx):
        if period.form == "span" and row.get("kind") in REPORTED and CHANGE_INDICATOR.search(row.get("indicator", "")):
            start = period.text.partition("/")[0]
            seen = starts[(row.get("source", ""), period.text.partition("/")[2])]
            seen.setdefault(start, number)
            if len(seen) > 1 and seen[start] == number:
                other = next(s for s in seen if s != start)
                yield Issue(ctx.file("observations"), number, "period", "change-base-differs",
                            f"同一来源中截至同一时间的变化，基期却不同（{start} 与 {other}）",
                            "变化、倍数和年均增速的时期一律写作“基期/末期”：“十三五”记为 2015/2020，2023年讲话中的“过去五年”记为 2017/2022",
                            message_en=f"changes in one source ending at the same date start at {start} and {other}",
                            hint_en="date every change base/end: 十三五 is 2015/2020")


def _multiple_phrase_fits(unit: str, value: str, quote: str) -> bool:
    forms = published_forms(value)
    ratio = any(f"的{f}倍" in quote or f"{f} times" in quote for f in forms)
    if unit == "bei-increase":  # 增长6倍和2倍: the verb may stand before the first of several multiples
        return not ratio and any(f"{f}倍" in quote for f in forms) and any(w in quote for w in ("增长", "增加", "提高"))
    return ratio


def check_multiple_has_one_meaning(ctx: CheckContext) -> Iterator[Issue]:
    """增长N倍 is an increase (end ÷ base = N + 1), 是…的N倍 a ratio (end ÷ base = N): the unit follows the words."""
    for number, row in ctx.rows("observations"):
        unit, value, quote = row.get("unit", ""), row.get("value", ""), row.get("quote", "")
        if unit not in MULTIPLE_UNITS:
            continue
        try:
            fits = _multiple_phrase_fits(unit, value, quote)
        except (ArithmeticError, ValueError):
            continue
        if not fits:
            expected = "“增长N倍”" if unit == "bei-increase" else "“是…的N倍”或“N times”"
            yield Issue(ctx.file("observations"), number, "unit", "multiple-phrase-mismatch",
                        f"单位 {unit} 要求原文写作{expected}", "原文“增长N倍”用 bei-increase，“是…的N倍”用 bei-ratio；原文含义与字面不符时，按字面记录并在 corrections.csv 中更正",
                        message_en=f"unit {unit} needs the quote to say {expected}",
                        hint_en="增长N倍 → bei-increase, 是…的N倍 → bei-ratio; a loose wording is corrected in corrections.csv")


def _multipliers(ctx: CheckContext) -> dict[str, tuple[float, float, str]]:
    units = {}
    for _, row in ctx.rows("units"):
        try:
            units[row.get("id", "")] = (float(row.get("multiplier") or 1), float(row.get("offset") or 0), row.get("base_unit", ""))
        except ValueError:
            continue
    return units


def _key(row: dict) -> tuple:
    return tuple(row.get(k, "") for k in ("indicator", "entity", "period", "kind", "source"))


def check_no_implausible_jump(ctx: CheckContext) -> Iterator[Issue]:
    """A value a hundred times smaller or larger than the one before it is a unit slip (98.9万元 for 98.9亿元) until a
    correction says what the document meant."""
    units = _multipliers(ctx)
    corrected = {_key(row): row for _, row in ctx.rows("corrections") if row.get("status") == "applied"}
    series: dict[tuple, list] = defaultdict(list)
    for number, row, period in _periods(ctx):
        if row.get("kind") not in REPORTED or period.form == "span":
            continue
        used = corrected.get(_key(row), row)
        unit = units.get(used.get("unit", ""))
        try:
            value = float(used.get("value", "")) * unit[0] + unit[1] if unit else None
        except ValueError:
            value = None
        if value:
            series[(row.get("indicator"), row.get("entity"), unit[2])].append((period.end_date, number, value))
    for points in series.values():
        points.sort()
        for (_, _, before), (_, number, value) in zip(points, points[1:]):
            if before > 0 and value > 0 and max(value / before, before / value) >= IMPLAUSIBLE_JUMP:
                yield Issue(ctx.file("observations"), number, "value", "implausible-jump",
                            f"数值与前一时期相差{round(max(value / before, before / value))}倍，疑似单位笔误",
                            "核对原文单位（万元/亿元、家/万家）；原文确有笔误时，保留原文数值，并在 corrections.csv 中写明更正值、理由和依据",
                            message_en="the value differs from the one before it a hundredfold or more: a unit slip?",
                            hint_en="check the unit; for a printed typo keep the value and add a row to corrections.csv")


def check_correction_fits(ctx: CheckContext) -> Iterator[Issue]:
    """A correction changes something, and its unit measures what the indicator measures."""
    units, indicators = _multipliers(ctx), ctx.index("indicators")
    printed = {_key(row): row for _, row in ctx.rows("observations")}
    for number, row in ctx.rows("corrections"):
        original = printed.get(_key(row))
        if original is None:
            continue  # the foreign key reports it
        if original.get("value") == row.get("value") and original.get("unit") == row.get("unit"):
            yield Issue(ctx.file("corrections"), number, "value", "correction-changes-nothing",
                        "更正值和单位与原文相同", "更正须改变数值或单位；没有错误就删除这一行",
                        message_en="the correction repeats the printed value and unit")
        indicator = indicators.get(row.get("indicator", ""), {})
        expected = units.get(indicator.get("unit", ""), (0, 0, ""))[2]
        own = units.get(row.get("unit", ""), (0, 0, ""))[2]
        if expected and own and own != expected:
            yield Issue(ctx.file("corrections"), number, "unit", "correction-unit-mismatch",
                        f"更正单位 {row.get('unit')} 与指标的单位不是同一种量", f"应使用以 {expected} 为基础的单位",
                        message_en=f"unit {row.get('unit')} does not measure what the indicator measures")


DATA_CHECKS = (check_note_is_chinese, check_title_has_chinese_label, check_original_status,
               check_quote_belongs_to_one_source, check_span_beside_level, check_change_spans_agree,
               check_multiple_has_one_meaning, check_no_implausible_jump, check_correction_fits)
