"""Site settings: one block of mkdocs.yml (extra: publisher:), typed and checked; no site's name or ids in the code."""
from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest
import yaml

from generator.settings import SettingsError, SiteSettings, parse_settings, read_settings
from generator.validate import validate

REPO = Path(__file__).resolve().parents[1]
SITE_SPECIFIC = re.compile(r"重庆|chongqing|cq-sti", re.I)


def _code_without_comments_and_docstrings(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(first.lineno)
    kept = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and token.start[0] in docstrings):
            continue
        kept.append(token.string)
    return " ".join(kept)


def test_no_site_specific_string_or_id_remains_in_the_generator():
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        found += [f"{path.name}: {m}" for m in SITE_SPECIFIC.findall(_code_without_comments_and_docstrings(path))]
    for path in sorted((REPO / "generator" / "templates").glob("*.j2")):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        found += [f"{path.name}: {m}" for m in SITE_SPECIFIC.findall(text)]
    assert found == []


def test_the_grep_sees_a_string_in_code_but_not_in_a_comment(tmp_path):
    path = tmp_path / "x.py"
    path.write_text('"""Docs about 重庆."""\n# chongqing\nHOME = "chongqing"\n', encoding="utf-8")
    assert SITE_SPECIFIC.findall(_code_without_comments_and_docstrings(path)) == ["chongqing"]


def test_the_real_site_settings_are_read_from_mkdocs_yml():
    settings = read_settings(REPO)
    assert settings.home_place == "chongqing" and settings.comparison_place == "china"
    assert settings.combined_id == "cq-sti-all" and settings.site_name_zh == "重庆科技创新开放数据"
    assert "rd-intensity" in settings.headline_indicators and settings.licence == "CC-BY-4.0"
    assert settings.site_url.startswith("https://")  # the !ENV default
    assert settings.period_years == (1949, 2100)


def test_defaults_are_a_neutral_site(tmp_path):
    settings = read_settings(tmp_path)  # no mkdocs.yml
    assert settings == SiteSettings() and settings.lead_places() == ()
    assert not SITE_SPECIFIC.search(repr(settings))
    assert settings.all_title == "开放数据：全部数据包合一"


@pytest.mark.parametrize("block, where", [
    ({"home_place": 3}, "extra.publisher.home_place: expected a string"),
    ({"headline_indicators": "rd"}, "extra.publisher.headline_indicators: expected a list of strings"),
    ({"site_name": "x"}, "extra.publisher.site_name: expected a mapping"),
    ({"site_name": {"fr": "x"}}, "extra.publisher.site_name.fr: unknown key"),
    ({"colour": "red"}, "extra.publisher.colour: unknown key"),
    ({"licence": "MIT"}, "extra.publisher.licence: 'MIT' is not a data licence"),
    ({"period_years": [2100, 1949]}, "extra.publisher.period_years: expected a list of two years"),
    ({"period_years": "1949"}, "extra.publisher.period_years: expected a list of two years"),
])
def test_a_wrong_setting_names_the_file_the_key_and_what_was_expected(block, where):
    with pytest.raises(SettingsError, match=re.escape(f"mkdocs.yml: {where}")):
        parse_settings({"extra": {"publisher": block}})


def test_a_wrong_setting_fails_validation_with_the_file_and_key(project):
    text = project.mkdocs_yml.read_text(encoding="utf-8").replace("home_place: chongqing", "home_place: [chongqing]")
    project.mkdocs_yml.write_text(text, encoding="utf-8")
    report, _ = validate(project)
    assert [(i.file, i.field, i.code) for i in report.errors] == [("mkdocs.yml", "extra.publisher", "settings")]
    assert "home_place" in report.errors[0].message


def test_settings_that_name_no_known_id_are_errors_with_the_key_and_the_nearest_ids(project):
    text = project.mkdocs_yml.read_text(encoding="utf-8")
    text = text.replace("home_place: chongqing", "home_place: chongqin").replace("comparison_place: china",
                                                                                "comparison_place: nowhere-at-all")
    project.mkdocs_yml.write_text(text.replace("rd-intensity, rd-expenditure", "rd-intensty, rd-expenditure"), encoding="utf-8")
    report, _ = validate(project)
    found = {i.field: i for i in report.errors}
    assert set(found) == {"extra.publisher.home_place", "extra.publisher.comparison_place",
                          "extra.publisher.headline_indicators"}
    assert {i.code for i in report.errors} == {"settings-unknown-id"} and {i.file for i in report.errors} == {"mkdocs.yml"}
    assert "'chongqin'" in found["extra.publisher.home_place"].message
    assert found["extra.publisher.home_place"].hint.startswith("是不是：chongqing")
    assert "did you mean rd-intensity" in found["extra.publisher.headline_indicators"].hint_en


def test_every_key_of_the_real_block_is_documented_in_settings_py():
    config = yaml.safe_load(re.sub(r"!ENV|!!python\S*", "", (REPO / "mkdocs.yml").read_text(encoding="utf-8")))
    doc = (REPO / "generator" / "settings.py").read_text(encoding="utf-8")
    assert all(f"{key}:" in doc for key in config["extra"]["publisher"])
