"""The data rules of issue 10, one or more tests each, on hand-made tables (the fixture corpus covers them end to end)."""
import pytest

from generator.checks import CheckContext
from generator.checks_data import (
    check_change_spans_agree,
    check_correction_fits,
    check_multiple_has_one_meaning,
    check_no_implausible_jump,
    check_original_status,
    check_quote_belongs_to_one_source,
    check_span_beside_level,
    is_chinese_note,
    needs_chinese_label,
)
from generator.load import Table

OBS, SRC, COR = "o.csv", "s.csv", "c.csv"
UNITS = [{"id": "jia", "multiplier": "1", "base_unit": "count"}, {"id": "wan-yuan", "multiplier": "10000", "base_unit": "yuan"},
         {"id": "yi-yuan", "multiplier": "100000000", "base_unit": "yuan"}, {"id": "bei-ratio", "multiplier": "1", "base_unit": "bei-ratio"},
         {"id": "bei-increase", "multiplier": "1", "offset": "1", "base_unit": "bei-ratio"}]


def obs(**changes) -> dict:
    row = {"indicator": "fiscal-sti-expenditure", "entity": "chongqing", "period": "2021", "value": "92.6", "unit": "yi-yuan",
           "kind": "actual", "qualifier": "exact", "source": "a", "quote": "科学技术支出92.6亿元", "note": ""}
    return {**row, **changes}


def context(observations=(), sources=(), corrections=()) -> CheckContext:
    def table(name, rows):
        return Table(name, [(n, r) for n, r in enumerate(rows, start=2)])
    return CheckContext({"observations": table(OBS, observations), "sources": table(SRC, sources),
                         "corrections": table(COR, corrections), "units": table("u.csv", UNITS),
                         "indicators": table("i.csv", [{"id": "fiscal-sti-expenditure", "unit": "yi-yuan"},
                                                        {"id": "x-growth-multiple", "unit": "bei-ratio"}])})


def flat(issues):
    return [i.flat() for i in issues]


@pytest.mark.parametrize("note, chinese", [
    ("“十三五”时期的变化，按“基期/末期”记为2015/2020。", True),
    ("英文摘要“2.1 times the figures from 2020”：末期为2020年的2.1倍。", True),
    ("原指标research-platforms-municipal-and-above已并入，见os-s10。", True),
    ("start of the 2017–2019 comparison (投入强度由1.88%上升到1.99%)", False),
    ("as published in the 2022年全国科技经费投入统计公报", False),
    ("复合增长率 since 2017", False),  # one English word is enough to need translating
    ("力争到2023年年底 → target.", False),
    ("见 conflicts.md；转载页 tech.thxxww.com 与 reportify.ai 上的“Chongqing puts innovation first”", True),
])
def test_a_note_is_chinese_when_most_letters_are(note, chinese):
    assert is_chinese_note(note) is chinese


@pytest.mark.parametrize("title, label", [
    ("Chongqing puts innovation at the forefront of economic growth", True),
    ("重慶市2022年R&D經費投入強度排名西部第一", True),
    ("重庆市一季度科技型企业培育有序推进", False),
    ("2022年重庆高质量发展报告•创新发展篇", False),
])
def test_english_and_traditional_titles_need_a_chinese_label(title, label):
    assert needs_chinese_label(title) is label


def test_a_unit_slip_is_an_error_until_a_correction_says_what_was_meant():
    rows = [obs(), obs(period="2022", value="98.9", unit="wan-yuan", quote="科学技术支出98.9万元")]
    assert flat(check_no_implausible_jump(context(rows))) == [(OBS, 3, "value", "implausible-jump")]
    fix = {"indicator": "fiscal-sti-expenditure", "entity": "chongqing", "period": "2022", "kind": "actual", "source": "a",
           "value": "98.9", "unit": "yi-yuan", "status": "applied"}
    assert flat(check_no_implausible_jump(context(rows, corrections=[fix]))) == []
    assert flat(check_no_implausible_jump(context(rows, corrections=[{**fix, "status": "proposed"}]))) == [(OBS, 3, "value", "implausible-jump")]


def test_a_correction_must_change_something_and_fit_the_indicator():
    rows = [obs(period="2022", value="98.9", unit="wan-yuan")]
    key = {"indicator": "fiscal-sti-expenditure", "entity": "chongqing", "period": "2022", "kind": "actual", "source": "a"}
    same = {**key, "value": "98.9", "unit": "wan-yuan"}
    wrong_kind = {**key, "value": "98.9", "unit": "jia"}
    assert flat(check_correction_fits(context(rows, corrections=[same, wrong_kind]))) == [
        (COR, 2, "value", "correction-changes-nothing"), (COR, 3, "unit", "correction-unit-mismatch")]


def test_a_stock_is_not_stored_as_a_span_beside_levels():
    rows = [obs(indicator="t", period="2022", unit="jia", value="6348"),
            obs(indicator="t", period="2020/2023-05", unit="jia", value="1036"),
            obs(indicator="t", period="2023/2027", unit="jia", value="100", kind="target"),  # plan-period targets are fine
            obs(indicator="u", period="2016/2020", unit="jia", value="5")]  # an indicator of totals only is fine
    assert flat(check_span_beside_level(context(rows))) == [(OBS, 3, "period", "span-beside-level")]


def test_changes_in_one_source_share_their_base():
    rows = [obs(indicator="a-growth-multiple", period="2017/2022", source="s22"),
            obs(indicator="a-change-pp-over-period", period="2018/2022", source="s22"),
            obs(indicator="b-growth-multiple", period="2016/2022", source="other"),
            obs(indicator="tech-contract-turnover-cumulative", period="2016/2022", source="s22")]  # a total, not a change
    assert flat(check_change_spans_agree(context(rows))) == [(OBS, 3, "period", "change-base-differs")]


@pytest.mark.parametrize("unit, quote, ok", [
    ("bei-increase", "比2017年增长3.1倍,复合增长率25.8%", True),
    ("bei-increase", "科技型企业、高新技术企业分别增长6倍和3.1倍", True),
    ("bei-ratio", "全社会研发经费达到603.8亿元,是2012年的3.1倍", True),
    ("bei-ratio", "which are 2.1 times and 3.1 times the figures from 2020", True),
    ("bei-ratio", "比2017年增长3.1倍", False),
    ("bei-increase", "是2012年的3.1倍,比上年增长", False),
])
def test_a_multiple_has_the_meaning_its_words_give(unit, quote, ok):
    row = obs(indicator="x-growth-multiple", period="2017/2022", value="3.1", unit=unit, quote=quote)
    assert bool(flat(check_multiple_has_one_meaning(context([row])))) is not ok


def test_a_quote_belongs_to_the_page_it_was_read_on():
    rows = [obs(source="os-s12", quote="2023年我国经费投入强度为2.65%"), obs(source="os-s13", quote="2023年我国经费投入强度为2.65%"),
            obs(source="os-s12", period="2022", quote="2023年我国经费投入强度为2.65%")]
    assert flat(check_quote_belongs_to_one_source(context(rows))) == [(OBS, 3, "quote", "quote-shared-between-sources")]


def test_an_original_keeps_its_mirror_and_a_mirror_is_not_an_original():
    sources = [{"id": "a", "original_status": "verified", "tier": "original", "mirror_url": ""},
               {"id": "b", "original_status": "is-original", "tier": "republication", "mirror_url": ""},
               {"id": "c", "original_status": "verified", "tier": "original", "mirror_url": "http://m.example/1"}]
    assert flat(check_original_status(context(sources=sources))) == [
        (SRC, 2, "mirror_url", "original-without-mirror"), (SRC, 3, "original_status", "republication-marked-original")]
