"""One language of the site: its UI strings, "this field in this language" and numbers and periods its way.

Templates get a `L` (a Language) and write `{{ L.t("数据") }}`: the Chinese edition shows the text as it is (the
templates are written in the site's first language), the English edition its entry in generator/locales/en.json
(a missing entry stops the build, so no Chinese UI string reaches an English page). Data fields follow the
code lists' naming, `<field>_<lang>`: `L.text(row, "name")` is `name_en` on English pages, and the Chinese text
where that is missing or empty; `L.name(row)` marks such a fallback `lang="zh"`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

from generator.editions import ui_strings
from generator.periods import Period, Point, parse_period

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"([\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”…·]*)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class Language:
    code: str = "zh"
    strings: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, code: str) -> "Language":
        return cls(code, ui_strings(code) if code != "zh" else {})

    @property
    def prefix(self) -> str:
        """Where this edition's pages live under site_src/ (and the site): '' or 'en/'."""
        return "" if self.code == "zh" else f"{self.code}/"

    @property
    def english(self) -> bool:
        return self.code == "en"

    def t(self, text: str) -> str:
        """A UI string in this language (KeyError for a string the locale file lacks: the build fails)."""
        if self.code == "zh":
            return text
        try:
            return self.strings[text]
        except KeyError:
            raise KeyError(f"generator/locales/{self.code}.json has no entry for {text!r}") from None

    def has(self, row, name: str) -> bool:
        value = _get(row, f"{name}_{self.code}")
        return bool(value and str(value).strip())

    def text(self, row, name: str) -> str:
        """The field in this language, else in Chinese (`name_zh`, or the bare field as some tables name it)."""
        if self.has(row, name):
            return str(_get(row, f"{name}_{self.code}")).strip()
        value = _get(row, f"{name}_zh")
        return str(value if value is not None else (_get(row, name) or ""))

    def name(self, row, name: str = "name") -> Markup:
        """The field as HTML: on an English page a Chinese fallback carries lang="zh"."""
        return self.mark(self.text(row, name))

    def mark(self, text) -> Markup:
        """Text from the data as HTML: Chinese on an English page carries lang="zh" (the whole text when it is
        Chinese, else each Chinese phrase in it: 'public institutions (事业单位)')."""
        text = str(text)
        if not (self.english and HAN.search(text)):
            return escape(text)
        letters = [c for c in text if c.isalpha()]
        if sum(bool(HAN.match(c)) for c in letters) * 3 >= len(letters):
            return Markup('<span lang="zh">{}</span>').format(text)
        return Markup("").join(Markup('<span lang="zh">{}</span>').format(part) if i % 2 else escape(part)
                               for i, part in enumerate(_HAN_RUN.split(text)))

    def is_zh(self, text) -> bool:
        return bool(HAN.search(str(text)))

    def quote_lang(self, text) -> Markup:
        """The lang attribute of a quote as published: Chinese quotes on English pages say so."""
        return Markup(' lang="zh"') if self.english and HAN.search(str(text)) else Markup("")

    def period(self, text: str) -> str:
        period = parse_period(str(text))
        return period.label() if self.code == "zh" else period_en(period)


def _get(row, key):
    try:
        return row[key] if key in row else None
    except TypeError:
        return None


def point_en(point: Point) -> str:
    if point.month is None:
        return str(point.year)
    if point.day is None:
        return f"{_MONTHS[point.month - 1]} {point.year}"
    if (point.month, point.day) == (12, 31):
        return f"end of {point.year}"
    return f"{point.day} {_MONTHS[point.month - 1]} {point.year}"


def period_en(period: Period) -> str:
    """English reading: 2020, end of 2020, as of May 2023, 2021–2025, 2020 to May 2023."""
    if period.form == "year":
        return point_en(period.end)
    if period.form == "as_of":
        label = point_en(period.end)
        return label if label.startswith("end of") else f"as of {label}"
    if period.start.month is None and period.end.month is None:
        return f"{period.start.year}–{period.end.year}"
    return f"{point_en(period.start)} to {point_en(period.end)}"


QUALIFIER_EN = {"exact": "", "about": "about ", "more_than": "more than ", "at_least": "at least ",
                "less_than": "less than "}
KIND_EN = {"actual": "actual", "estimate": "estimate", "target": "target"}
_SCALES = ((12, "trillion"), (9, "billion"), (6, "million"))
_NOT_SCALED_BASES = {"percent", "percentage-point", "wei", "bei-ratio"}


def grouped(number: Decimal) -> str:
    """12700 → '12,700'; 68.660 → '68.660' (digits exactly as given: a trailing zero stays)."""
    text = format(number, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


def exact_base(value_text: str, multiplier) -> Decimal:
    """The published number in its base unit, the decimal point shifted exactly (686.6 亿 → 68660000000)."""
    number = Decimal(str(value_text).strip())
    mult = Decimal(str(multiplier))
    power = mult.adjusted() if mult == Decimal(10) ** mult.adjusted() else None
    return number.scaleb(power) if power is not None else number * mult


def in_words_en(value_text: str, multiplier, base_unit: str, unit_word: str = "", qualifier: str = "exact") -> str:
    """A figure the English way, exactly as published: 686.6 亿元 → 'CNY 68.66 billion', 1.27 万家 → '12,700 firms'
    (with unit_word 'firms'), 2.45 % → '2.45%', 超过4.8万家 → 'more than 48,000 firms'. Never rounded: the
    decimal point moves by the unit's multiplier and the scale word's power of ten."""
    q = QUALIFIER_EN.get(qualifier, "")
    if base_unit == "percent":
        return f"{q}{grouped(Decimal(str(value_text).strip()))}%"
    if base_unit == "percentage-point":
        return f"{q}{grouped(Decimal(str(value_text).strip()))} percentage points"
    if base_unit in _NOT_SCALED_BASES:
        number = grouped(exact_base(value_text, multiplier))
        if base_unit == "bei-ratio":
            return f"{q}{number} times the base"
        return f"{q}{number}{(' ' + unit_word) if unit_word else ''}"
    value = exact_base(value_text, multiplier)
    scale = ""
    for power, word in _SCALES:
        if abs(value) >= Decimal(10) ** power:
            value, scale = value.scaleb(-power), word
            break
    number = grouped(_trim(value)) + (f" {scale}" if scale else "")
    if base_unit == "yuan":
        return f"{q}CNY {number}"
    return f"{q}{number}{(' ' + unit_word) if unit_word else ''}"


def _trim(value: Decimal) -> Decimal:
    """No exponent and no zeros made by the shift itself (12700, not 1.27E+4); published decimals stay."""
    if value == value.to_integral_value() and value.as_tuple().exponent > 0:
        return value.quantize(Decimal(1))
    return value


ZH = Language("zh")
