"""Any valid Frictionless package beside the site's own: validated by Frictionless, published with a dataset page."""
from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from conftest import FIXTURES, fixture_project

from generator.build import generate
from generator.cli import main
from generator.generic import load_generic, time_series_spec
from generator.validate import validate

PACKAGE = "us-population"


def with_generic(tmp_path):
    layout = fixture_project(tmp_path / "project")
    shutil.copytree(FIXTURES / "generic" / PACKAGE, layout.datasets / PACKAGE)
    return layout


def test_a_generic_package_validates_beside_the_site_packages(tmp_path):
    report, loaded = validate(with_generic(tmp_path))
    assert report.ok, [str(i) for i in report.issues]
    assert PACKAGE not in {p.package.id for p in loaded}  # not of the observation model


def test_a_type_error_in_a_generic_package_names_file_row_and_field(tmp_path, capsys):
    layout = with_generic(tmp_path)
    csv = layout.datasets / PACKAGE / "data/population.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("281421906", "281421906x"), encoding="utf-8")
    report, _ = validate(layout)
    assert (f"datasets/{PACKAGE}/data/population.csv", 4, "population", "type-error") in {i.flat() for i in report.errors}
    assert main(["--root", str(layout.root), "validate"]) == 1
    assert f"datasets/{PACKAGE}/data/population.csv:4:population: " in capsys.readouterr().out


def test_a_remote_resource_is_refused(tmp_path):
    layout = with_generic(tmp_path)
    descriptor = layout.datasets / PACKAGE / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][0]["path"] = "https://example.org/population.csv"
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    package, issues = load_generic(layout, layout.datasets / PACKAGE)
    assert package is None and [i.code for i in issues] == ["generic-resource"]


def test_a_generic_package_gets_a_page_with_columns_preview_downloads_and_chart(tmp_path):
    layout = with_generic(tmp_path)
    descriptor = layout.datasets / PACKAGE / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["description"] += " <script>alert(1)</script>"
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    generated = generate(layout, "https://example.org/")
    assert generated.report.ok, [str(i) for i in generated.report.errors]
    out = layout.site_src / "downloads/packages"
    page = (out / f"{PACKAGE}.md").read_text(encoding="utf-8")
    assert "United States resident population" in page and "Public domain" in page
    assert "<script>" not in page and "&lt;script&gt;" in page  # text from data is escaped
    assert "<code>year</code> Census year</td><td>year</td><td>required</td>" in page  # the column table
    assert "<td>2020</td><td>331449281</td>" in page  # the preview, as published
    assert "5 行" in page and "U.S. Census Bureau" in page and "1.0.0" in page
    assert (out / PACKAGE / "data/population.csv").read_bytes() == (FIXTURES / "generic" / PACKAGE / "data/population.csv").read_bytes()
    assert json.loads((out / PACKAGE / "population.json").read_text(encoding="utf-8"))[-1] == {"year": "2020", "population": 331449281}
    assert (out / PACKAGE / "population.xlsx").read_bytes()[:2] == b"PK"
    names = zipfile.ZipFile(io.BytesIO((out / f"{PACKAGE}.zip").read_bytes())).namelist()
    assert {"datapackage.json", "data/population.csv"} <= set(names)
    assert (layout.site_src / f"assets/charts/{PACKAGE}--population.svg").is_file()
    assert f"downloads/packages/{PACKAGE}/" in (layout.site_src / "downloads/index.md").read_text(encoding="utf-8")


def test_a_time_series_chart_is_a_spec_and_a_view_overrides_it(tmp_path):
    layout = with_generic(tmp_path)
    package, _ = load_generic(layout, layout.datasets / PACKAGE)
    [resource] = package.resources
    spec = time_series_spec(resource, [])
    assert spec["encoding"]["x"]["field"] == "year" and spec["transform"][0]["fold"] == ["population"]
    assert spec["encoding"]["y"]["scale"] == {"zero": False}
    assert spec["data"]["values"][0] == {"year": "1980", "population": 226545805}
    view = {"name": "bars", "specType": "vega-lite", "resources": ["population"],
            "spec": {"mark": "bar", "encoding": {"x": {"field": "year"}, "y": {"field": "population", "type": "quantitative"}}}}
    custom = time_series_spec(resource, [view])
    assert custom["mark"] == "bar" and len(custom["data"]["values"]) == 5


@pytest.mark.slow
def test_a_site_with_a_generic_package_builds_in_mkdocs_strict(tmp_path):
    from generator.build import BuildOptions, build_site
    layout = with_generic(tmp_path)
    result = build_site(layout, BuildOptions(site_dir=tmp_path / "site", site_url="https://example.org/"))
    assert result.report.ok, [str(i) for i in result.report.errors]
    html = (tmp_path / "site" / "downloads/packages" / PACKAGE / "index.html").read_text(encoding="utf-8")
    assert "331449281" in html and f"{PACKAGE}--population.svg" in html
    assert (tmp_path / "site" / "downloads/packages" / PACKAGE / "population.xlsx").is_file()


def example_site(tmp_path):
    """The example configuration (tests/fixtures/example-site) with the generator and one public-domain package:
    no code list, no page and no figure of the first site."""
    from generator.layout import Layout
    from conftest import REPO
    root = tmp_path / "example"
    shutil.copytree(FIXTURES / "example-site", root)
    shutil.copytree(REPO / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(FIXTURES / "generic" / PACKAGE, root / "datasets" / PACKAGE)
    return Layout(root)


def test_the_example_site_validates_without_any_code_list(tmp_path):
    layout = example_site(tmp_path)
    assert not layout.schemas.exists()
    assert main(["--root", str(layout.root), "validate", "--strict"]) == 0


@pytest.mark.slow
def test_the_example_site_builds_from_its_configuration_with_no_data_of_the_first_site(tmp_path):
    layout = example_site(tmp_path)
    assert main(["--root", str(layout.root), "build", "--site-dir", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    page = (site / "downloads/packages" / PACKAGE / "index.html").read_text(encoding="utf-8")
    assert "United States resident population" in page and "<code>population</code>" in page  # the column table
    assert "<td>2020</td><td>331449281</td>" in page and f"{PACKAGE}--population.svg" in page  # preview, chart
    assert (site / "downloads/packages" / f"{PACKAGE}.zip").is_file()
    assert (site / "downloads/packages" / PACKAGE / "population.xlsx").is_file()
    assert f"downloads/packages/{PACKAGE}/" in (site / "downloads/index.html").read_text(encoding="utf-8")
    everything = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))
    assert "重庆" not in everything and "chongqing" not in everything.lower()
    assert json.loads((site / "api/v1/index.json").read_text(encoding="utf-8"))["packages"][0]["id"] == PACKAGE
    assert (site / "catalog.jsonld").is_file()


def test_an_extra_resource_of_a_site_package_is_shown_on_its_package_page(tmp_path):
    layout = fixture_project(tmp_path / "project")
    folder = layout.datasets / "demo"
    (folder / "data/notes.csv").write_text("topic,pages\n研发<b>投入</b>,12\n", encoding="utf-8")
    data = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    data["resources"].append({"name": "notes", "path": "data/notes.csv", "schema": {"fields": [
        {"name": "topic", "type": "string", "description": "What the note is about"},
        {"name": "pages", "type": "integer", "constraints": {"minimum": 1}}]}})
    (folder / "datapackage.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    generated = generate(layout, "https://example.org/")
    assert generated.report.ok, [str(i) for i in generated.report.errors]
    page = (layout.site_src / "downloads/packages/demo.md").read_text(encoding="utf-8")
    assert "## notes {: #notes }" in page and "1 行" in page
    assert "<code>pages</code></td><td>integer</td><td>minimum 1</td>" in page
    assert "<td>研发&lt;b&gt;投入&lt;/b&gt;</td><td>12</td>" in page  # escaped


def test_the_combined_package_takes_the_generic_resources_namespaced_with_their_own_licence(tmp_path):
    import frictionless
    layout = with_generic(tmp_path)
    generated = generate(layout, "https://example.org/")
    assert generated.report.ok, [str(i) for i in generated.report.errors]
    out = layout.site_src / "downloads/packages"
    descriptor = json.loads((out / "cq-sti-all/datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert {"observations", "sources", f"{PACKAGE}--population"} <= set(resources)
    assert [l["name"] for l in resources[f"{PACKAGE}--population"]["licenses"]] == ["PDDL-1.0"]
    assert {row["package"]: [l["name"] for l in row["licenses"]] for row in descriptor["packages"]} == {
        "demo": ["CC-BY-4.0"], PACKAGE: ["PDDL-1.0"]}
    assert {l["name"] for l in descriptor["licenses"]} == {"CC-BY-4.0", "PDDL-1.0"}
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(io.BytesIO((out / "cq-sti-all.zip").read_bytes())).extractall(unpacked)
    assert (unpacked / f"data/{PACKAGE}--population.csv").read_bytes() == \
        (FIXTURES / "generic" / PACKAGE / "data/population.csv").read_bytes()
    assert frictionless.Package(str(unpacked / "datapackage.json")).validate().valid


def test_the_example_site_gets_the_api_index_the_catalog_and_a_search_dictionary(tmp_path):
    layout = example_site(tmp_path)
    generated = generate(layout, "https://example.org/open-data/")
    assert generated.report.ok, [str(i) for i in generated.report.errors]
    index = json.loads((layout.site_src / "api/v1/index.json").read_text(encoding="utf-8"))
    assert index["api"] == "v1" and index["site"] == "https://example.org/open-data/" and index["indicators"] == []
    [package] = index["packages"]
    assert package["id"] == PACKAGE and package["zip"] == f"downloads/packages/{PACKAGE}.zip"
    assert package["resources"] == [{"name": "population", "path": f"downloads/packages/{PACKAGE}/data/population.csv"}]
    for path in (package["zip"], package["datapackage"], package["resources"][0]["path"]):
        assert (layout.site_src / path).is_file(), path  # every address the API gives is published
    catalog = json.loads((layout.site_src / "catalog.jsonld").read_text(encoding="utf-8"))
    [dataset] = catalog["dataset"]
    assert dataset["identifier"] == PACKAGE and catalog["publisher"]["name"] == "Example Open Data Project"
    assert {d["downloadURL"] for d in dataset["distribution"]} == {
        f"https://example.org/open-data/downloads/packages/{PACKAGE}{tail}"
        for tail in (".zip", "/datapackage.json", "/data/population.csv")}
    assert (layout.site_src / ".jieba_user_dict.txt").is_file()


def test_a_generic_package_beside_the_site_packages_is_in_the_api_and_the_catalog(tmp_path):
    layout = with_generic(tmp_path)
    generated = generate(layout, "https://example.org/")
    assert generated.report.ok, [str(i) for i in generated.report.errors]
    index = json.loads((layout.site_src / "api/v1/index.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in index["packages"]] == ["demo", "cq-sti-all", PACKAGE]
    catalog = json.loads((layout.site_src / "catalog.jsonld").read_text(encoding="utf-8"))
    assert PACKAGE in {d["identifier"] for d in catalog["dataset"]}


def test_the_example_site_with_two_packages_offers_them_in_one_combined_package(tmp_path):
    import frictionless
    layout = example_site(tmp_path)
    second = layout.datasets / "us-population-2010s"
    shutil.copytree(layout.datasets / PACKAGE, second)
    generated = generate(layout, "https://example.org/open-data/")
    assert generated.report.ok, [str(i) for i in generated.report.errors]
    out = layout.site_src / "downloads/packages"
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(io.BytesIO((out / "example-all.zip").read_bytes())).extractall(unpacked)
    descriptor = json.loads((unpacked / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == [f"{PACKAGE}--population", "us-population-2010s--population"]
    assert frictionless.Package(str(unpacked / "datapackage.json")).validate().valid
    assert "downloads/packages/example-all.zip" in (layout.site_src / "downloads/index.md").read_text(encoding="utf-8")
    index = json.loads((layout.site_src / "api/v1/index.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in index["packages"]] == [PACKAGE, "us-population-2010s", "example-all"]
