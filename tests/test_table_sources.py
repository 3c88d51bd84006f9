"""Statistical tables as sources: a figure cites a pinned data file by row and column instead of a quote.

The fixture (tests/fixtures/table-source) is a package citing the U.S. Census Bureau's resident population by census
year (public domain; the same file as the example site's tests/fixtures/generic/us-population), pinned by sha256.
"""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from conftest import FIXTURES, fixture_project

from generator.build import generate
from generator.cli import main
from generator.table_sources import parse_locator
from generator.validate import validate

PACKAGE = "us-census"
OBS = f"datasets/{PACKAGE}/data/observations.csv"
SOURCES = f"datasets/{PACKAGE}/data/sources.csv"
PINNED = f"datasets/{PACKAGE}/sources/population.csv"


def project(tmp_path):
    return fixture_project(tmp_path / "project", "table-source")


def edit(layout, path: str, old: str, new: str) -> None:
    file = layout.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def errors(layout) -> dict[tuple, object]:
    report, _ = validate(layout)
    return {i.flat(): i for i in report.errors}


def test_the_pinned_copy_is_the_public_census_table():
    pinned = FIXTURES / "table-source" / PINNED
    assert pinned.read_bytes() == (FIXTURES / "generic/us-population/data/population.csv").read_bytes()
    assert hashlib.sha256(pinned.read_bytes()).hexdigest() in (FIXTURES / "table-source" / SOURCES).read_text(encoding="utf-8")


def test_a_figure_cited_from_a_pinned_table_validates(tmp_path):
    report, loaded = validate(project(tmp_path))
    assert report.ok and not report.warnings, [str(i) for i in report.issues]
    assert PACKAGE in {p.package.id for p in loaded}


def test_a_value_that_differs_from_its_cell_names_file_row_field_and_both_values(tmp_path, capsys):
    layout = project(tmp_path)
    edit(layout, OBS, "2020,331449281,", "2020,331449218,")
    issue = errors(layout)[(OBS, 3, "value", "table-value-mismatch")]
    for part in (PINNED, "第 6 行", "population", "331449218", "'331449281'"):
        assert part in issue.message
    assert PINNED in issue.message_en and "row 6" in issue.message_en
    assert main(["--root", str(layout.root), "validate"]) == 1
    assert f"{OBS}:3:value: " in capsys.readouterr().out


def test_a_value_is_compared_as_a_number_not_as_text(tmp_path):
    layout = project(tmp_path)
    edit(layout, OBS, "2020,331449281,", "2020,331449281.00,")  # as written in our file
    table = layout.root / PINNED  # and a table that groups its digits
    table.write_text(table.read_text(encoding="utf-8").replace("2020,331449281", '2020,"331,449,281"'), encoding="utf-8")
    edit(layout, SOURCES, "12c242cc96c05357f80b52bfe0fed82daee6818bc221d5fcba9a59bda35217e6",
         hashlib.sha256(table.read_bytes()).hexdigest())
    report, _ = validate(layout)
    assert report.ok, [str(i) for i in report.issues]


def test_a_pinned_file_that_does_not_match_its_hash_is_reported_and_its_cells_are_not_trusted(tmp_path):
    layout = project(tmp_path)
    edit(layout, PINNED, "2020,331449281", "2020,331449280")
    found = errors(layout)
    issue = found[(SOURCES, 2, "sha256", "pinned-file-hash-mismatch")]
    assert PINNED in issue.message and "12c242cc96c05357" in issue.message
    assert not any(code == "table-value-mismatch" for *_, code in found)  # read from the wrong file: not compared


def test_a_locator_outside_the_table_is_reported(tmp_path):
    layout = project(tmp_path)
    edit(layout, OBS, "row=6;column=population", "row=9;column=population")
    edit(layout, OBS, "row=5;column=population", "row=5;column=people")
    found = errors(layout)
    assert "第 9 行不是数据行（数据在第 2—6 行）" in found[(OBS, 3, "locator", "locator-outside-table")].message
    assert "year, population" in found[(OBS, 2, "locator", "locator-outside-table")].message


def test_the_header_row_is_not_a_figure_and_a_bad_locator_is_said_in_words(tmp_path):
    layout = project(tmp_path)
    edit(layout, OBS, "row=6;column=population", "row=1;column=population")
    edit(layout, OBS, "row=5;column=population", "population row 5")
    found = errors(layout)
    assert (OBS, 3, "locator", "locator-outside-table") in found
    assert "row=行号;column=列名" in found[(OBS, 2, "locator", "constraint-error")].message


def test_a_table_source_needs_its_hash_retrieval_date_and_locators(tmp_path):
    layout = project(tmp_path)
    edit(layout, SOURCES, ",2024-05-01,12c242cc96c05357f80b52bfe0fed82daee6818bc221d5fcba9a59bda35217e6,", ",,,")
    edit(layout, OBS, ",row=6;column=population", ",")
    assert {(SOURCES, 2, "sha256", "sha256-missing"), (SOURCES, 2, "retrieved", "retrieved-missing"),
            (OBS, 3, "locator", "locator-missing")} <= set(errors(layout))


@pytest.mark.parametrize("pinned", ["sources/missing.csv", "../demo/data/sources.csv"])
def test_a_pinned_copy_that_is_not_in_the_package_is_reported(tmp_path, pinned):
    layout = project(tmp_path)
    edit(layout, SOURCES, ",sources/population.csv", f",{pinned}")
    assert (SOURCES, 2, "pinned_file", "pinned-file-missing") in errors(layout)


def test_a_document_still_needs_its_quote_and_takes_no_locator(tmp_path):
    layout = project(tmp_path)
    edit(layout, "datasets/demo/data/observations.csv", '"有效期内高新技术企业达到4222家,同比增长34.4%。",,,,',
         ',,,,row=2;column=population')
    found = errors(layout)
    assert {("datasets/demo/data/observations.csv", 2, "quote", "quote-missing"),
            ("datasets/demo/data/observations.csv", 2, "locator", "locator-not-table")} <= set(found)


def test_a_table_source_is_not_treated_as_a_summary():
    from generator.series import pick_headline
    row = {"kind": "actual", "unit": "ren", "value_base": 1, "qualifier": "exact", "value_text": "1", "tier": "official", "quote": ""}
    table = {**row, "text_form": "table", "source_published": "2020-01-01", "value_base": 2, "value_text": "2"}
    summary = {**row, "text_form": "summary", "source_published": "2021-01-01"}
    assert pick_headline([summary, table]) is table


def test_locators_read_as_the_pages_say_them():
    assert parse_locator("row=4;column=population").label() == "第 4 行，population 列"
    assert parse_locator("sheet=Table 1;row=12;column=2020").label() == "工作表 Table 1，第 12 行，2020 列"
    assert parse_locator("row=0;column=x") is None and parse_locator("") is None


def test_pages_show_the_table_its_place_and_the_pinned_file_instead_of_a_quote(tmp_path):
    layout = project(tmp_path)
    generated = generate(layout, "https://example.org/")
    assert generated.report.ok, [str(i) for i in generated.report.errors]
    indicator = (layout.site_src / "indicators/resident-population.md").read_text(encoding="utf-8")
    assert ('<summary>表格</summary><p class="table-cite">表格：<a href="../../sources/census-resident-population/">'
            '美国人口普查局：历次人口普查常住人口（英文表格）</a>，第 6 行，population 列（<a href="../../downloads/packages/'
            f'{PACKAGE}/sources/population.csv" download>下载表格文件</a>）</p>') in indicator
    source = (layout.site_src / "sources/census-resident-population.md").read_text(encoding="utf-8")
    assert "<dt>获取日期</dt><dd>2024-05-01</dd>" in source
    assert "12c242cc96c05357f80b52bfe0fed82daee6818bc221d5fcba9a59bda35217e6</code>" in source
    copy = layout.site_src / f"downloads/packages/{PACKAGE}/sources/population.csv"
    assert copy.read_bytes() == (layout.root / PINNED).read_bytes()
    zipped = zipfile.ZipFile(io.BytesIO((layout.site_src / f"downloads/packages/{PACKAGE}.zip").read_bytes()))
    assert zipped.read("sources/population.csv") == copy.read_bytes()  # the evidence travels with the package
    demo = (layout.site_src / "indicators/rd-intensity.md").read_text(encoding="utf-8")
    assert "<blockquote>力争今年全市研发经费投入强度2.35%左右。</blockquote>" in demo  # documents keep their quote


@pytest.mark.slow
def test_a_site_citing_a_table_builds_in_mkdocs_strict(tmp_path):
    from generator.build import BuildOptions, build_site
    layout = project(tmp_path)
    result = build_site(layout, BuildOptions(site_dir=tmp_path / "site", site_url="https://example.org/"))
    assert result.report.ok, [str(i) for i in result.report.errors]
    site = tmp_path / "site"
    assert (site / f"downloads/packages/{PACKAGE}/sources/population.csv").read_bytes() == (layout.root / PINNED).read_bytes()
    html = (site / "indicators/resident-population/index.html").read_text(encoding="utf-8")
    assert "第 6 行，population 列" in html and f"downloads/packages/{PACKAGE}/sources/population.csv" in html


def pin_workbook(layout, title_rows: int = 2) -> str:
    """The census table as a statistics office's workbook: title rows above the header, numbers stored as numbers."""
    import openpyxl
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Table 1"
    sheet.append(["Resident population by census year"])
    sheet.append([])
    for line in (layout.root / PINNED).read_text(encoding="utf-8").splitlines():
        year, population = line.split(",")
        sheet.append([year, int(population) if population.isdigit() else population])
    workbook.create_sheet("Notes").append(["Source: U.S. Census Bureau"])
    path = layout.root / f"datasets/{PACKAGE}/sources/population.xlsx"
    workbook.save(path)
    edit(layout, SOURCES, "12c242cc96c05357f80b52bfe0fed82daee6818bc221d5fcba9a59bda35217e6",
         hashlib.sha256(path.read_bytes()).hexdigest())
    edit(layout, SOURCES, "sources/population.csv", "sources/population.xlsx")
    return "sources/population.xlsx"


def test_a_workbook_is_read_by_sheet_row_and_column_letter(tmp_path):
    layout = project(tmp_path)
    pin_workbook(layout)  # the header is now row 3: 2010 is row 7, 2020 row 8
    edit(layout, OBS, "row=5;column=population", "sheet=Table 1;row=7;column=B")
    edit(layout, OBS, "row=6;column=population", "row=8;column=B")  # the first sheet
    report, _ = validate(layout)
    assert report.ok, [str(i) for i in report.issues]
    edit(layout, OBS, "row=8;column=B", "row=7;column=B")
    edit(layout, OBS, "sheet=Table 1;row=7", "sheet=Table 2;row=7")
    found = errors(layout)
    assert "'331449281'" not in found[(OBS, 3, "value", "table-value-mismatch")].message  # 2010's cell, not 2020's
    assert "'308745538'" in found[(OBS, 3, "value", "table-value-mismatch")].message
    assert "没有工作表 'Table 2'（工作表：Table 1、Notes）" in found[(OBS, 2, "locator", "locator-outside-table")].message


@pytest.mark.parametrize("retrieved", ["2020-05-01", "2224-05-01"])
def test_a_retrieval_before_publication_or_in_the_future_is_a_typo(tmp_path, retrieved):
    layout = project(tmp_path)
    edit(layout, SOURCES, ",2024-05-01,", f",{retrieved},")
    assert (SOURCES, 2, "retrieved", "retrieved-implausible") in errors(layout)


@pytest.mark.slow
@pytest.mark.browser
def test_on_a_phone_the_table_source_fits_and_its_pinned_file_downloads(tmp_path):
    from test_browser import CHROMIUM, CHROMIUM_ARGS, _need_browser, assert_only_localhost, serve

    from generator.build import BuildOptions, build_site
    _need_browser()
    from playwright.sync_api import sync_playwright
    layout = project(tmp_path)
    result = build_site(layout, BuildOptions(site_dir=tmp_path / "site", site_url="https://example.org/"))
    assert result.report.ok, [str(i) for i in result.report.errors]
    with serve(tmp_path / "site") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(f"{url}/sources/census-resident-population/")
        assert page.locator("code.sha256").inner_text() == "12c242cc96c05357f80b52bfe0fed82daee6818bc221d5fcba9a59bda35217e6"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the hash wraps: no sideways scrolling
        page.goto(f"{url}/indicators/resident-population/")
        page.locator("table.observations summary", has_text="表格").first.click()
        link = page.locator("p.table-cite a[download]").first
        assert link.is_visible() and page.locator("p.table-cite").first.inner_text().endswith("（下载表格文件）")
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.ok and response.body() == (layout.root / PINNED).read_bytes()
        assert_only_localhost(page)
        browser.close()
