"""Periods as the documents state them: a year, an as-of date, or a span (cumulative or plan period).

Grammar: YYYY | YYYY-MM | YYYY-MM-DD | START/END (each side one of the first three forms).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from generator.issues import shown

# ASCII digits only, and nothing after the last one: Python's \d also matches ２０２２, and $ allows a final newline.
_POINT = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True)
class Point:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def last_day(self) -> date:
        """The last day the point covers: a year ends on 31 Dec, a month on its last day."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def label(self) -> str:
        if self.month is None:
            return f"{self.year}年"
        if self.day is None:
            return f"{self.year}年{self.month}月"
        if (self.month, self.day) == (12, 31):
            return f"{self.year}年底"
        return f"{self.year}年{self.month}月{self.day}日"


@dataclass(frozen=True)
class Period:
    text: str
    start: Point | None  # None unless a span
    end: Point

    @property
    def form(self) -> str:
        if self.start is not None:
            return "span"
        return "year" if self.end.month is None else "as_of"

    @property
    def end_year(self) -> int:
        return self.end.year

    @property
    def end_date(self) -> date:
        return self.end.last_day

    def label(self) -> str:
        """Chinese reading: 2020年, 截至2020年底, 2023—2027年, 2020年至2023年5月."""
        if self.form == "year":
            return self.end.label()
        if self.form == "as_of":
            return "截至" + self.end.label()
        if self.start.month is None and self.end.month is None:
            return f"{self.start.year}—{self.end.year}年"
        return f"{self.start.label()}至{self.end.label()}"


class PeriodError(ValueError):
    """Why a period cannot be read, in Chinese (str) and in English (.english)."""

    def __init__(self, message: str, english: str = ""):
        super().__init__(message)
        self.english = english or message


def _point(text: str) -> Point:
    m = _POINT.fullmatch(text)
    if not m:
        raise PeriodError(f"{shown(text)} 不是“年”“年-月”或“年-月-日”的写法（只用半角数字，前后不留空格或换行）",
                          f"{shown(text)} is not YYYY, YYYY-MM or YYYY-MM-DD (ASCII digits, no spaces or line breaks)")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise PeriodError(f"'{text}' 的月份 {month} 不存在", f"'{text}' has no month {month}")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise PeriodError(f"'{text}' 这一天不存在", f"'{text}' is not a date that exists") from None
    return Point(year, month, day)


def parse_period(text: str) -> Period:
    if "/" in text:
        left, _, right = text.partition("/")
        start, end = _point(left), _point(right)
        if start.first_day > end.last_day:
            raise PeriodError(f"'{text}' 的起点晚于终点", f"'{text}' starts after it ends")
        return Period(text, start, end)
    return Period(text, None, _point(text))
