"""The English edition's translations as data (issue 13): with `languages: [zh, en]` every English field is
asked for, with file, row and field; a warning that `--strict` makes fatal. A Chinese-only site is not asked."""
import json
import re

import pytest
import yaml
from conftest import REPO, fixture_project, read_csv, write_csv

from generator.checks import CheckContext
from generator.checks_english import ENGLISH_FIELDS, check_english_present, descriptor_english_issues
from generator.cli import main
from generator.load import Table
from generator.settings import SettingsError, parse_settings
from generator.validate import validate

INDICATORS = "schemas/codelists/indicators.csv"
SOURCES = "datasets/demo/data/sources.csv"


def set_languages(layout, languages):
    path = layout.root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.strip().startswith("languages:")]
    at = next(i for i, line in enumerate(lines) if line.strip() == "publisher:")
    lines.insert(at + 1, f"    languages: [{', '.join(languages)}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def english_site(tmp_path):
    layout = fixture_project(tmp_path / "project")
    set_languages(layout, ["zh", "en"])
    return layout


def english_problems(report):
    return [i.flat() for i in report.issues if i.code == "english-missing"]


def test_the_fixture_site_has_all_its_english(english_site):
    report, _ = validate(english_site)
    assert report.ok and not english_problems(report), [str(i) for i in report.issues]


def test_a_missing_english_indicator_name_is_reported_with_file_row_and_field(english_site, capsys):
    """name_en is required by the schema on every site: an error, whatever the languages."""
    rows = read_csv(english_site.root / INDICATORS)
    rows[1]["name_en"] = ""
    write_csv(english_site.root / INDICATORS, rows)
    report, _ = validate(english_site)
    assert [i.flat() for i in report.errors] == [(INDICATORS, 3, "name_en", "constraint-error")]
    assert main(["--root", str(english_site.root), "validate", "--strict"]) == 1
    assert f"{INDICATORS}:3:name_en:" in capsys.readouterr().out


def test_a_missing_english_definition_is_a_warning_and_fatal_under_strict(english_site, capsys):
    rows = read_csv(english_site.root / INDICATORS)
    rows[1]["definition_en"] = ""
    write_csv(english_site.root / INDICATORS, rows)
    report, _ = validate(english_site)
    assert english_problems(report) == [(INDICATORS, 3, "definition_en", "english-missing")]
    assert report.ok  # a warning by default: a figure may arrive before its translation
    assert main(["--root", str(english_site.root), "validate"]) == 0
    assert main(["--root", str(english_site.root), "validate", "--strict"]) == 1
    assert f"{INDICATORS}:3:definition_en:" in capsys.readouterr().out
    assert main(["--root", str(english_site.root), "build", "--strict"]) == 1
    assert not english_site.site.exists()


def test_an_empty_english_source_title_is_reported(english_site, capsys):
    rows = read_csv(english_site.root / SOURCES)
    rows[0]["title_en"] = "   "
    write_csv(english_site.root / SOURCES, rows)
    report, _ = validate(english_site)
    assert english_problems(report) == [(SOURCES, 2, "title_en", "english-missing")]
    assert main(["--root", str(english_site.root), "validate", "--strict", "--lang", "en"]) == 1
    assert f"{SOURCES}:2:title_en: the English title_en is missing or empty" in capsys.readouterr().out


def test_a_chinese_only_site_is_not_asked_for_english(english_site):
    set_languages(english_site, ["zh"])
    rows = read_csv(english_site.root / INDICATORS)
    rows[1]["definition_en"] = ""
    write_csv(english_site.root / INDICATORS, rows)
    descriptor = english_site.datasets / "demo/datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data.pop("title_en", None)
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report, _ = validate(english_site)
    assert not english_problems(report)
    assert main(["--root", str(english_site.root), "validate", "--strict"]) == 0


def test_a_package_without_english_title_is_reported(english_site):
    descriptor = english_site.datasets / "demo/datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data.pop("title_en", None)
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report, _ = validate(english_site)
    assert english_problems(report) == [("datasets/demo/datapackage.json", None, "title_en", "english-missing")]


def test_english_is_asked_only_where_the_original_is_set():
    table = Table("o.csv", [(2, {"note": "说明", "note_en": ""}), (3, {"note": "", "note_en": ""}),
                            (4, {"note": "说明", "note_en": "a note"})], ("note", "note_en"))
    issues = list(check_english_present(CheckContext({"observations": table}, languages=("zh", "en"))))
    assert [i.flat() for i in issues] == [("o.csv", 2, "note_en", "english-missing")]
    assert issues[0].severity == "warning" and issues[0].message.startswith("缺少英文") and issues[0].message_en
    assert not list(check_english_present(CheckContext({"observations": table})))
    assert descriptor_english_issues("d.json", {"title": "标题", "title_en": "Title"}, ("zh", "en")) == []


def test_every_english_field_is_in_its_schema():
    for table, pairs in ENGLISH_FIELDS.items():
        schema = json.loads((REPO / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
        fields = [f["name"] for f in schema["fields"]]
        for english, original in pairs:
            assert english in fields and original in fields, (table, english)


@pytest.mark.parametrize("value", [["en"], ["zh", "fr"], ["zh", "zh"], "zh", []])
def test_languages_setting_is_checked(value):
    with pytest.raises(SettingsError, match="extra.publisher.languages"):
        parse_settings(yaml.safe_load(yaml.safe_dump({"extra": {"publisher": {"languages": value}}})))
    assert parse_settings({"extra": {"publisher": {"languages": ["zh", "en"]}}}).languages == ("zh", "en")
    assert parse_settings({}).languages == ("zh",)


def test_xlsx_headings_are_chinese_english_and_the_machine_name():
    from generator.downloads import bilingual_heading
    titles = {"publisher": "发布者 Publisher", "note_en": "英文说明 Note (English)", "archive_file": "存档文件"}
    assert bilingual_heading("indicator_name", titles) == "指标 / Indicator indicator_name"
    assert bilingual_heading("indicator_name_en", titles) == "指标（英文） / Indicator (English) indicator_name_en"
    assert bilingual_heading("source_publisher", titles) == "发布者（来源） / Publisher (source) source_publisher"
    assert bilingual_heading("source_archive_file", titles) == "存档文件（来源） source_archive_file"


@pytest.mark.slow
def test_downloads_carry_english_labels_beside_the_codes(built_site):
    import openpyxl
    rows = read_csv(built_site.site / "downloads/indicators/rd-intensity.csv")
    for column in ("indicator_name_en", "entity_name_en", "unit_symbol_en", "source_title_en"):
        assert all(r[column].strip() for r in rows), column
    assert {r["indicator_name_en"] for r in rows} == {"R&D intensity (R&D expenditure as % of GDP)"}
    assert {r["unit_symbol_en"] for r in rows if r["unit"] == "percent"} == {"%"}
    assert "indicator" in rows[0] and rows[0]["indicator"] == "rd-intensity"  # the codes stay
    sheet = openpyxl.load_workbook(built_site.site / "downloads/indicators/rd-intensity.xlsx")["数据"]
    header = [c.value for c in sheet[1]]
    assert "指标 / Indicator indicator_name" in header and "来源（英文译名） / Source (English translation) source_title_en" in header
    column = header.index("来源（英文译名） / Source (English translation) source_title_en")
    titles = {r[column] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles and not [t for t in titles if not t or re.search("[\u4e00-\u9fff]", t)]  # English, no Chinese
    records = json.loads((built_site.site / "downloads/indicators/rd-intensity.json").read_text(encoding="utf-8"))
    assert records[0]["entity_name_en"] and records[0]["indicator_name_en"]


def test_the_real_data_has_all_its_english(project):
    assert main(["--root", str(project.root), "validate", "--strict"]) == 0


def test_the_english_pages_keep_the_chinese_pages_links_and_anchors():
    """site_src/en/ holds faithful translations: the same links and section anchors as the Chinese pages."""
    for name in ("about.md", "methodology.md"):
        zh = (REPO / "site_src" / name).read_text(encoding="utf-8")
        en = (REPO / "site_src/en" / name).read_text(encoding="utf-8")
        for pattern in (r"\]\(([^)]+)\)", r"\{: #([\w-]+) \}"):
            assert re.findall(pattern, en) == re.findall(pattern, zh), (name, pattern)
        chinese = re.sub(r'<span lang="zh">.*?</span>', "", en, flags=re.S)
        assert not re.search("[\u4e00-\u9fff]", chinese), name  # Chinese only inside lang="zh"


@pytest.mark.slow
def test_published_descriptors_carry_their_english_title(built_site):
    for package in ("official-series", "source-documents", "cq-sti-all"):
        descriptor = json.loads((built_site.site / f"downloads/packages/{package}/datapackage.json").read_text(encoding="utf-8"))
        assert descriptor["title_en"].isascii() and descriptor["description_en"], package
