"""Targets against actuals: a status computed from the data, by a rule the tracker page states.

- achieved: the latest actual at or before the deadline meets the target (a "more than 7000" target
  needs more than 7000; "7000 or more" and exact targets need at least 7000; "less than" needs less).
- missed: the deadline has passed and the actual for the deadline itself (period ending on it) falls short.
- no figure published yet: the deadline has passed (as of the newest source on the site) and no actual for
  it has been published. Never a guess.
- on track / off track: before the deadline, the growth still needed from the latest actual to the target,
  per year, against the growth seen per year between the earliest and the latest actual. Counts and money
  compare compound annual growth; percentages compare percentage points per year.
- not enough data: fewer than two actuals a year or more apart, or a target for a span (年均增长, 五年累计)
  without a figure for that span.
- no deadline: the text gives none (the period is when the target was announced); it is listed, not judged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

STATUS_LABELS = {
    "no_deadline": "未定截止时间",
    "achieved": "已实现", "missed": "未实现", "no_figure_yet": "尚无公布数", "on_track": "按进度",
    "off_track": "落后于进度", "not_enough_data": "数据不足",
}
YEAR = 365.25


@dataclass(frozen=True)
class Figure:
    when: date  # the end of its period
    value: float  # in base units, so 1.27万家 and 12700家 compare
    qualifier: str
    period: str  # as stored: 2027, 2023/2027 …
    text: str  # as published, for the explanation: 超过7000家
    ref: object = field(default=None, compare=False)  # the observation it stands for
    deadline: str = "stated"  # stated | plan-period | none: how the period of a target was read


@dataclass(frozen=True)
class Status:
    code: str
    explanation: str
    latest: Figure | None = None
    explanation_en: str = ""  # the same in English, for the English edition (figures as its model words them)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.code]


def meets(actual: Figure, target: Figure) -> bool:
    if target.qualifier == "less_than":
        return actual.value < target.value
    if target.qualifier == "more_than":
        return actual.value > target.value or (actual.value == target.value and actual.qualifier == "more_than")
    return actual.value >= target.value


def _years(start: date, end: date) -> float:
    return (end - start).days / YEAR


def _pace(base: Figure, latest: Figure, target: Figure, linear: bool) -> tuple[float, float, str]:
    """(seen per year, needed per year, unit of both)."""
    seen_years, left_years = _years(base.when, latest.when), max(_years(latest.when, target.when), 1 / 12)
    if linear:
        return ((latest.value - base.value) / seen_years, (target.value - latest.value) / left_years, "个百分点")
    seen = (latest.value / base.value) ** (1 / seen_years) - 1
    needed = (target.value / latest.value) ** (1 / left_years) - 1
    return seen * 100, needed * 100, "%"


def target_status(target: Figure, actuals: list[Figure], as_of: date, linear: bool) -> Status:
    """`actuals`: the headline actual figures of the same indicator and place; `as_of`: the newest source date."""
    if target.deadline == "none":
        return Status("no_deadline", "原文未给出截止时间，不判断进展。",
                      explanation_en="The text gives no deadline; progress is not judged.")
    if "/" in target.period:  # a span target (年均增长10%以上, 五年累计) compares only with that span's figure
        same_span = [a for a in actuals if a.period == target.period]
        if same_span:
            latest = same_span[-1]
            code = "achieved" if meets(latest, target) else "missed"
            return Status(code, f"该时段实际为{latest.text}。", latest, f"The actual figure for the period is {latest.text}.")
        if target.when <= as_of:
            return Status("no_figure_yet", "截止期已过，尚未见到该时段的公布数。",
                          explanation_en="The deadline has passed; no figure for the period has been published yet.")
        return Status("not_enough_data", "该目标是时段累计或年均值，须待时段结束后的公布数。",
                      explanation_en="The target is a total or an average over a period: it needs the figure "
                                     "published after the period ends.")
    before = sorted((a for a in actuals if a.when <= target.when and "/" not in a.period), key=lambda a: a.when)
    latest = before[-1] if before else None
    if latest and meets(latest, target):
        return Status("achieved", f"{latest.text}（{latest.when.year}年）已达到目标。", latest,
                      f"{latest.text} ({latest.when.year}) meets the target.")
    if target.when <= as_of:
        if latest and latest.when == target.when:  # the deadline's own figure: 截至2025年10月 is not 2025年
            return Status("missed", f"截止时实际为{latest.text}，未达到目标。", latest,
                          f"At the deadline the actual figure was {latest.text}, short of the target.")
        return Status("no_figure_yet", "截止期已过，尚未见到截止年份的实际数。", latest,
                      "The deadline has passed; no actual figure for the deadline year has been published yet.")
    base = next((a for a in before if _years(a.when, latest.when) >= 1), None) if latest else None
    if latest is None or base is None or base.value <= 0:
        return Status("not_enough_data", "截止前的实际数不足两个（需相隔一年以上），无法判断进度。", latest,
                      "Fewer than two actual figures (at least a year apart) before the deadline: progress cannot "
                      "be judged.")
    seen, needed, unit = _pace(base, latest, target, linear)
    ahead = seen >= needed if target.qualifier != "less_than" else seen <= needed
    word = "每年增加" if linear else "年均增长"
    word_en, unit_en = ("a rise of", " percentage points a year") if linear else ("growth of", "% a year")
    return Status("on_track" if ahead else "off_track",
                  f"{base.when.year}—{latest.when.year}年{word}{seen:.2f}{unit}；要在{target.when.year}年达到目标，"
                  f"此后须{word}{needed:.2f}{unit}。", latest,
                  f"{base.when.year}–{latest.when.year}: {word_en} {seen:.2f}{unit_en}; reaching the target in "
                  f"{target.when.year} needs {word_en} {needed:.2f}{unit_en} from then on.")
