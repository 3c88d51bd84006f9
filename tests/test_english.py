"""The English edition's words: numbers the English way and exact, periods, UI strings complete, fields by language."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from generator.english import english_value, unit_words
from generator.i18n import Language, in_words_en, period_en
from generator.periods import parse_period
from generator.settings import SettingsError, parse_settings

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value, multiplier, base, word, qualifier, expected", [
    ("686.6", 100_000_000, "yuan", "", "exact", "CNY 68.66 billion"),  # 686.6亿元: the point moves, nothing rounds
    ("686.60", 100_000_000, "yuan", "", "exact", "CNY 68.660 billion"),  # a published trailing zero stays
    ("526.79", 100_000_000, "yuan", "", "exact", "CNY 52.679 billion"),
    ("1.27", 10_000, "count", "firms", "exact", "12,700 firms"),
    ("4.8", 10_000, "count", "firms", "more_than", "more than 48,000 firms"),
    ("5000", 10_000, "yuan", "", "exact", "CNY 50.00 million"),  # 5000万: precise to 10,000 yuan, as published
    ("2.45", 1, "percent", "", "exact", "2.45%"),
    ("3.70", 1, "percent", "", "about", "about 3.70%"),
    ("0.15", 1, "percentage-point", "", "exact", "0.15 percentage points"),
    ("4222", 1, "count", "firms", "at_least", "at least 4,222 firms"),
    ("1.2", 1_000_000_000, "yuan", "", "less_than", "less than CNY 1.2 billion"),
])
def test_english_numbers_move_the_decimal_point_exactly(value, multiplier, base, word, qualifier, expected):
    assert in_words_en(value, multiplier, base, word, qualifier) == expected


def test_every_published_amount_reads_back_exactly():
    """Whatever the value, the English words give back the same number in the base unit (no float rounding)."""
    from decimal import Decimal
    for text in ("686.6", "0.07", "12345.678", "99.99", "1", "100"):
        words = in_words_en(text, 100_000_000, "yuan")
        number, _, scale = words.removeprefix("CNY ").partition(" ")
        power = {"billion": 9, "million": 6, "trillion": 12, "": 0}[scale]
        assert Decimal(number.replace(",", "")).scaleb(power) == Decimal(text).scaleb(8), words


def test_units_are_worded_from_the_code_list():
    units = pd.read_csv(REPO / "schemas" / "codelists" / "units.csv", dtype=str, keep_default_na=False).set_index("id", drop=False)
    words = unit_words(units)
    assert english_value("686.6", "yi-yuan", "exact", units, words) == "CNY 68.66 billion"
    assert english_value("1.27", "wan-jia", "exact", units, words).startswith("12,700 ")
    assert english_value("2.45", "percent", "exact", units, words) == "2.45%"
    assert english_value("5.3", "bei-increase", "exact", units, words) == "an increase of 5.3 times"
    assert not any(re.search(r"[\u3400-\u9fff]", w) for w in words.values())


@pytest.mark.parametrize("text, expected", [
    ("2020", "2020"), ("2020-12-31", "end of 2020"), ("2023-05", "as of May 2023"), ("2023-05-05", "as of 5 May 2023"),
    ("2021/2025", "2021–2025"), ("2020/2023-05", "2020 to May 2023"), ("2020-12-31/2023-05", "end of 2020 to May 2023"),
])
def test_english_periods(text, expected):
    assert period_en(parse_period(text)) == expected


def test_every_ui_string_of_the_templates_has_its_english():
    """A string a template or the generator asks for with L.t(…) that en.json lacks would stop the English build."""
    english = Language.of("en")
    asked = set()
    for path in [*(REPO / "generator").rglob("*.py"), *(REPO / "generator" / "templates").glob("*.j2")]:
        asked |= set(re.findall(r'(?:L|lang|content\.lang)\.t\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    assert len(asked) > 100
    missing = [s for s in asked if s not in english.strings]
    assert not missing, missing
    assert not [v for v in english.strings.values() if re.search(r"[\u3400-\u9fff]", v)]


def test_a_field_in_its_language_falls_back_to_chinese_marked_as_such():
    english, chinese = Language.of("en"), Language.of("zh")
    row = {"name_zh": "研发投入", "name_en": "R&D investment", "definition_zh": "定义", "definition_en": ""}
    assert english.text(row, "name") == "R&D investment" and chinese.text(row, "name") == "研发投入"
    assert english.text(row, "definition") == "定义"  # empty English: the Chinese, which the page marks
    assert str(english.name(row, "definition")) == '<span lang="zh">定义</span>'
    assert str(english.name(row)) == "R&amp;D investment"
    assert str(english.mark("institutions (事业单位)")) == 'institutions (<span lang="zh">事业单位</span>)'
    assert chinese.t("数据") == "数据" and english.t("数据") == "Data"
    with pytest.raises(KeyError):
        english.t("没有这个词")


def test_languages_setting():
    assert parse_settings({"extra": {"publisher": {"languages": ["zh", "en"]}}}).languages == ("zh", "en")
    assert parse_settings({}).languages == ("zh",)
    for bad in (["en"], ["zh", "fr"], ["zh", "zh"], "zh"):
        with pytest.raises(SettingsError, match="languages"):
            parse_settings({"extra": {"publisher": {"languages": bad}}})
