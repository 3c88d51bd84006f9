"""Issue 10 on the built site and in the model: corrections shown with both forms and used by charts, values exactly as
published, the source's tier beside every figure, multiples drawn as ratios, originals and archives stated."""
import json

import pytest
from conftest import FIXTURES, fixture_project, read_csv

from generator.model import build_model
from generator.validate import validate


def test_a_correction_keeps_the_printed_value_and_supplies_the_used_one(tmp_path):
    layout = fixture_project(tmp_path / "p", "valid/unit-typo-with-correction")
    report, loaded = validate(layout)
    assert report.ok, [str(i) for i in report.errors]
    obs = build_model(loaded).observations.set_index("period")
    fixed, plain = obs.loc["2021"], obs.loc["2020-12-31"]
    assert (fixed["corrected"], fixed["value"], fixed["unit"]) == (True, "5.1", "jia")  # as printed, untouched
    assert (fixed["display"], fixed["display_printed"]) == ("5.1万家", "5.1家")
    assert fixed["value_base"] == 51000 and fixed["value_in_indicator_unit"] == 51000
    assert "笔误" in fixed["correction_reason"] and fixed["correction_evidence"]
    assert not plain["corrected"] and plain["display"] == plain["display_printed"] == "4222家"
    assert (FIXTURES / "valid/unit-typo-with-correction/datasets/demo/data/corrections.csv").is_file()


def test_values_keep_the_digits_they_were_published_with(tmp_path):
    layout = fixture_project(tmp_path / "p")
    rows = read_csv(layout.datasets / "demo/data/observations.csv")
    rows[0].update(value="4222.0", quote="有效期内高新技术企业达到4222.0家")
    from conftest import write_csv
    write_csv(layout.datasets / "demo/data/observations.csv", rows)
    _, loaded = validate(layout)
    obs = build_model(loaded).observations
    assert "4222.0家" in set(obs["display"])
    assert "约2.35%" in set(obs["display"])



def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_published_typo_is_corrected_on_the_page_and_in_the_chart(built_site):
    html = page(built_site.site, "indicators/fiscal-sti-expenditure")
    assert "98.9亿元" in html and "原文有误，已更正：原文作98.9万元" in html
    spec = json.loads((built_site.site / "assets/charts/fiscal-sti-expenditure.vl.json").read_text(encoding="utf-8"))
    values = [f["value"] for f in spec["datasets"]["figures"]]
    assert min(values) > 30  # 33.8, 92.6, 98.9 亿元: no plunge to almost zero


@pytest.mark.slow
def test_values_are_shown_exactly_as_published(built_site):
    assert "3.70%" in page(built_site.site, "indicators/rd-intensity")
    assert "25.0%" in page(built_site.site, "indicators/strategic-emerging-industries-share")
    assert "16.0%" in page(built_site.site, "indicators/tech-enterprises-growth")


@pytest.mark.slow
def test_every_headline_card_names_its_sources_tier(built_site):
    html = (built_site.site / "index.html").read_text(encoding="utf-8")
    cards = html.split('class="headline-card"')[1:]
    assert len(cards) >= 6
    assert all('class="fig-tier tier-' in card.split("</a>")[0] for card in cards)


@pytest.mark.slow
def test_tables_and_versions_show_tier_and_missing_originals(built_site):
    html = page(built_site.site, "indicators/tech-enterprises-growth")
    table = html[html.index('<table class="observations'):html.index("</table>")]
    assert table.count('class="fig-tier') == table.count('<tr class="kind-')
    versions = html[html.index('id="versions"'):]
    assert "未找到原始出处" in versions and 'class="fig-tier' in versions


@pytest.mark.slow
def test_both_meanings_of_a_multiple_are_normalised_to_the_ratio(built_site):
    # Multiples are changes over a span, so they are listed beside the chart, not drawn; their normalised value
    # (value_base, what any chart or comparison uses) is the ratio end ÷ base for both wordings.
    rows = read_csv(built_site.site / "downloads/indicators/tech-enterprises-growth-multiple.csv")
    normalised = {(r["value"], r["unit"]): float(r["value_base"]) for r in rows}
    assert normalised[("5.3", "bei-increase")] == pytest.approx(6.3)  # 增长5.3倍: end ÷ base = 6.3
    assert normalised[("2.8", "bei-ratio")] == pytest.approx(2.8)


@pytest.mark.slow
def test_downloads_carry_the_printed_and_the_corrected_value(built_site):
    rows = read_csv(built_site.site / "downloads/observations.csv")
    fixed = next(r for r in rows if r["indicator"] == "fiscal-sti-expenditure" and r["period"] == "2022")
    assert (fixed["value"], fixed["unit"], fixed["unit_symbol"]) == ("98.9", "wan-yuan", "万元")
    assert (fixed["value_corrected"], fixed["unit_corrected"]) == ("98.9", "yi-yuan")
    assert fixed["value_base"] == "9890000000" and fixed["correction_reason"]
    assert next(r for r in rows if r["value"] == "3.70")


@pytest.mark.slow
def test_source_pages_say_where_the_original_is(built_site):
    found = page(built_site.site, "sources/os-s23")
    assert "引文已在原文中逐字核对" in found and "转载副本" in found and "cq.people.com.cn" in found
    assert "未找到原始出处" in page(built_site.site, "sources/os-s05")
    assert "CGTN（英文报道）" in page(built_site.site, "sources/os-s02")
    archived = page(built_site.site, "sources/cqrb-2021-roundtable")
    assert "全文存档于本项目" in archived and "上接1版" in archived


def test_real_headlines_never_depend_on_source_ids_and_never_prefer_a_summary():
    from conftest import REPO

    from generator.layout import Layout
    from generator.series import headline_flags
    _, loaded = validate(Layout(REPO))
    obs = build_model(loaded).observations
    renamed = obs.assign(source=obs["source"].map(lambda s: "z" + s[::-1]))  # reverses every id's order
    assert headline_flags(renamed).tolist() == obs["headline"].tolist()
    slot = ["indicator", "entity", "period_end", "period"]
    for _, group in obs[obs["kind"] != "target"].groupby(slot):
        chosen = group[group["headline"]]
        if (group["text_form"] == "full").any() and len(chosen) == 1:
            same_kind = group[group["kind"] == chosen["kind"].iloc[0]]
            if (same_kind["text_form"] == "full").any():
                assert chosen["text_form"].iloc[0] == "full", group[["indicator", "source", "text_form"]]
