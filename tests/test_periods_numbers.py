import pytest

from generator.escape import md_inline, safe_url
from generator.numbers import as_published, plain, published_forms
from generator.periods import PeriodError, parse_period


@pytest.mark.parametrize("text, form, label, end", [
    ("2020", "year", "2020年", "2020-12-31"),
    ("2020-12-31", "as_of", "截至2020年底", "2020-12-31"),
    ("2023-05", "as_of", "截至2023年5月", "2023-05-31"),
    ("2023/2027", "span", "2023—2027年", "2027-12-31"),
    ("2020/2023-05", "span", "2020年至2023年5月", "2023-05-31"),
    ("2024-02-29", "as_of", "截至2024年2月29日", "2024-02-29"),
])
def test_periods_parse_and_read_in_chinese(text, form, label, end):
    period = parse_period(text)
    assert (period.form, period.label(), period.end_date.isoformat()) == (form, label, end)


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "20", "2027/2023", "2020年", "2021-02-29"])
def test_impossible_periods_are_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_numbers_keep_their_published_form():
    assert plain("4222.0") == "4222"
    assert plain("1.270") == "1.27"
    assert {"12700", "12,700", "１２７００"} <= published_forms("12700")
    assert {"四"} <= published_forms("4") and {"两", "二"} <= published_forms("2")
    assert "三十" in published_forms("30") and "十二" in published_forms("12") and "八" in published_forms("8")
    assert as_published("4.8", "万家", "more_than") == "超过4.8万家"
    assert as_published("10", "%", "at_least") == "10%以上"
    assert as_published("2.35", "%", "about") == "约2.35%"
    assert as_published("3.70", "%", "exact") == "3.70%" and as_published("25.0", "%", "exact") == "25.0%"
    assert as_published("5.3", "倍（增长倍数）", "exact", "bei-increase") == "增长5.3倍"
    assert as_published("3.8", "倍（末期为基期的倍数）", "exact", "bei-ratio") == "为基期的3.8倍"


def test_markdown_escaping_neutralises_syntax_and_html():
    assert str(md_inline("<script>alert(1)</script>")) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert str(md_inline("# a|b *c* {: #x}")) == "\\# a\\|b \\*c\\* \\{: #x\\}"
    assert str(md_inline("- item")) == "\\- item" and str(md_inline("1. item")) == "1\\. item"
    assert str(md_inline("[x](javascript:y)")) == "\\[x\\](javascript:y)"
    assert str(md_inline("source-documents 2022-06")) == "source-documents 2022-06"


def test_only_http_links_survive():
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url(" https://example.org/a ") == "https://example.org/a"
