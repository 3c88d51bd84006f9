"""Numbers as Chinese readers write them."""
from __future__ import annotations

from decimal import Decimal

QUALIFIER_PREFIX = {"about": "约", "more_than": "超过", "less_than": "不到"}
QUALIFIER_SUFFIX = {"at_least": "以上"}
QUALIFIER_LABEL = {
    "exact": "",
    "about": "约",
    "more_than": "超过",
    "at_least": "以上",
    "less_than": "不到",
}
KIND_LABEL = {"actual": "实际", "estimate": "预计", "target": "目标"}
TIER_LABEL = {"official": "官方网站", "original": "原始媒体", "republication": "转载"}
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def plain(value: float | Decimal | str) -> str:
    """Shortest decimal text of a computed number: 4222.0 → '4222', 2.10 → '2.1'. Not for published values."""
    d = Decimal(str(value)).normalize()
    text = format(d, "f")
    return text


def as_written(text: str) -> str:
    """A published number exactly as the document writes it: '3.70' stays '3.70', '16.0' stays '16.0'
    (a trailing zero says how precise the figure is). Only a stray '+' or exponent form is undone."""
    d = Decimal(str(text).strip())
    return format(d, "f")


_DIGITS_ZH = "零一二三四五六七八九"


def chinese_numerals(n: int) -> set[str]:
    """Small counts as Chinese texts write them: 4 → 四, 2 → 两/二, 12 → 十二, 30 → 三十."""
    if not 0 < n < 100:
        return set()
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _DIGITS_ZH[tens] + "十")) + (_DIGITS_ZH[ones] if ones else "")
    return {text, "两"} if n == 2 else {text}


def published_forms(value: float | str) -> set[str]:
    """The ways a number may be written in a Chinese text: 12700, 12,700, full-width digits, 四 for 4."""
    text = plain(value)
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}" + (f".{frac}" if frac else "")
    forms = {text, sign + grouped}
    forms |= {f.translate(_FULLWIDTH) for f in set(forms)}
    if not frac and not sign:
        forms |= chinese_numerals(int(whole))
    return forms


# Multiples read as the documents word them: 增长5.3倍 (an increase) and 为基期的2.8倍 (a ratio).
UNIT_WORDING = {"bei-increase": "增长{}倍", "bei-ratio": "为基期的{}倍"}


def as_published(value, unit_symbol: str, qualifier: str, unit: str = "") -> str:
    """'超过4.8万家', '约2.35%'-style text from the stored parts (about is written 约 before the number).
    A value given as text is shown as written ('3.70%'); a computed number in its shortest form. `unit` (an id)
    words the units that need more than a symbol after the number (增长5.3倍)."""
    number = as_written(value) if isinstance(value, str) else plain(value)
    worded = UNIT_WORDING[unit].format(number) if unit in UNIT_WORDING else f"{number}{unit_symbol}"
    return f"{QUALIFIER_PREFIX.get(qualifier, '')}{worded}{QUALIFIER_SUFFIX.get(qualifier, '')}"
