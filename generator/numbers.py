"""Numbers as Chinese readers write them."""
from __future__ import annotations

import re
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
    """The ways a number may be written in a Chinese text: 12700, 12,700, full-width digits, 四 for 4.
    A string is taken as stored (3.70 stays 3.70: the quote must show the value as published)."""
    text = value.strip() if isinstance(value, str) else plain(value)
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"not a plain decimal number: {text!r}")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}" + (f".{frac}" if frac else "")
    forms = {text, sign + grouped}
    forms |= {f.translate(_FULLWIDTH) for f in set(forms)}
    if not frac and not sign:
        forms |= chinese_numerals(int(whole))
    return forms


_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# A number as a quote writes it is a whole token: the maximal run of digits, group separators and decimal points
# (1.1万家 holds 1.1, never 1; 2023年 holds 2023); small counts may be written in Chinese numerals (四个, not 十四五).
_NUMBER_TOKEN = re.compile(r"[0-9０-９]+(?:[,.．][0-9０-９]+)*")
_CHINESE_TOKEN = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_MINUS = "-−－"


def number_tokens(quote: str) -> set[str]:
    """Every number written in a quote, as written; a minus sign just before one is kept."""
    tokens = set()
    for match in _NUMBER_TOKEN.finditer(quote):
        tokens.add(match.group())
        if match.start() and quote[match.start() - 1] in _MINUS:
            tokens.add("-" + match.group())
    return tokens | set(_CHINESE_TOKEN.findall(quote))


def quote_shows(value: str, quote: str) -> bool:
    """Whether the quote writes the value as one whole number (raises ValueError if the value is no number)."""
    return bool(published_forms(value) & number_tokens(quote))


# Multiples read as the documents word them: 增长5.3倍 (an increase) and 为基期的2.8倍 (a ratio).
UNIT_WORDING = {"bei-increase": "增长{}倍", "bei-ratio": "为基期的{}倍"}


def as_published(value, unit_symbol: str, qualifier: str, unit: str = "") -> str:
    """'超过4.8万家', '约2.35%'-style text from the stored parts (about is written 约 before the number).
    A value given as text is shown as written ('3.70%'); a computed number in its shortest form. `unit` (an id)
    words the units that need more than a symbol after the number (增长5.3倍)."""
    number = as_written(value) if isinstance(value, str) else plain(value)
    worded = UNIT_WORDING[unit].format(number) if unit in UNIT_WORDING else f"{number}{unit_symbol}"
    return f"{QUALIFIER_PREFIX.get(qualifier, '')}{worded}{QUALIFIER_SUFFIX.get(qualifier, '')}"


# Units that are counted or summed, so 万 and 亿 make sense: not %, 倍, 位 or 百分点.
_NOT_SCALED = {"%", "倍", "位", "百分点"}


def in_wan_yi(value_base: float, unit_symbol: str, qualifier: str = "exact") -> str:
    """A figure in a summary as Chinese readers write it: 75600, 家 → '7.56万家'; 6.866e10, 元 → '686.6亿元';
    4222, 家 → '4222家'. At most two decimals after 万/亿 (summaries only: detailed tables keep the published
    text). `value_base` is in the base unit named by `unit_symbol`; the qualifier keeps its words (超过4.8万家)."""
    value = Decimal(str(value_base))
    scale = ""
    if unit_symbol not in _NOT_SCALED:
        for divisor, word in ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万")):
            if abs(value) >= divisor:
                value, scale = (value / divisor).quantize(Decimal("0.01")), word
                break
    number = plain(value)
    return f"{QUALIFIER_PREFIX.get(qualifier, '')}{number}{scale}{unit_symbol}{QUALIFIER_SUFFIX.get(qualifier, '')}"
