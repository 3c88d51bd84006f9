"""Researchers and harvesters, on the real built site: JSON-LD, DCAT, the API, zips, citation, meta, downloads."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import frictionless
import jsonschema
import openpyxl
import pytest
import yaml
from conftest import FIXTURES, REPO, TEST_SITE_URL, read_csv

from generator.release import read_releases

pytestmark = pytest.mark.slow
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
DATASET_PROPERTIES = ("name", "description", "url", "license", "creator", "publisher", "keywords", "temporalCoverage",
                      "spatialCoverage", "distribution", "version", "dateModified")


def html(layout, path: str) -> str:
    return (layout.site / path / "index.html").read_text(encoding="utf-8")


def jsonld_of(text: str) -> list[dict]:
    return [json.loads(block) for block in LD.findall(text)]


def indicator_ids(layout) -> list[str]:
    """Every indicator with a page: the ids in the code list that have figures (old ids only redirect)."""
    redirected = {row["from"].split("/")[1] for row in read_csv(layout.schemas / "redirects.csv")
                  if row["from"].startswith("indicators/")}
    return sorted(p.parent.name for p in (layout.site / "indicators").glob("*/index.html") if p.parent.name not in redirected)


def test_every_indicator_page_and_the_downloads_page_carry_a_dataset(built_site):
    version = read_releases(built_site)[0].version
    pages = [f"indicators/{i}" for i in indicator_ids(built_site)] + ["downloads"]
    assert len(pages) > 100
    for path in pages:
        blocks = jsonld_of(html(built_site, path))
        assert len(blocks) == 1, path
        data = blocks[0]
        assert data["@type"] == "Dataset" and data["@context"] == "https://schema.org/"
        missing = [p for p in DATASET_PROPERTIES if not data.get(p)]
        assert not missing, (path, missing)
        assert data["url"] == f"{TEST_SITE_URL}{path}/"
        assert data["version"] == version and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"])
        assert re.fullmatch(r"\d{4}/\d{4}", data["temporalCoverage"])
        assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert data["creator"]["@type"] == "Organization" and data["publisher"]["name"]
        for dist in data["distribution"]:
            assert dist["contentUrl"].startswith(TEST_SITE_URL) and dist["encodingFormat"]
            assert (built_site.site / dist["contentUrl"][len(TEST_SITE_URL):]).is_file(), dist
    rd = jsonld_of(html(built_site, "indicators/rd-intensity"))[0]
    assert {"重庆市", "全国"} <= {p["name"] for p in rd["spatialCoverage"]}
    assert rd["image"] == f"{TEST_SITE_URL}assets/charts/rd-intensity.png"


def test_dcat_catalog_lists_every_package_and_distribution(built_site):
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import DCAT, DCTERMS, RDF
    graph = rdflib.Graph().parse(data=(built_site.site / "catalog.jsonld").read_text(encoding="utf-8"), format="json-ld")
    packages = sorted(p.name for p in (built_site.site / "downloads/packages").iterdir() if p.is_dir())
    datasets = {str(graph.value(d, DCTERMS.identifier)): d for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert sorted(datasets) == packages
    assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 1
    for name, node in datasets.items():
        assert graph.value(node, DCTERMS.license) is not None, name
        descriptor = json.loads((built_site.site / f"downloads/packages/{name}/datapackage.json").read_text(encoding="utf-8"))
        urls = {str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(node, DCAT.distribution)}
        expected = {f"{TEST_SITE_URL}downloads/packages/{name}.zip",
                    f"{TEST_SITE_URL}downloads/packages/{name}/datapackage.json",
                    *(f"{TEST_SITE_URL}downloads/packages/{name}/{r['path']}" for r in descriptor["resources"])}
        assert urls == expected, name
        for url in urls:
            assert (built_site.site / url[len(TEST_SITE_URL):]).is_file(), url


def test_every_api_file_in_the_index_exists_and_matches_the_data(built_site):
    api = built_site.site / "api/v1"
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    assert index["version"] == read_releases(built_site)[0].version
    repo_rows = [r for p in sorted(built_site.datasets.glob("*/data/observations.csv")) for r in read_csv(p)]
    by_indicator = {}
    for row in repo_rows:
        by_indicator.setdefault(row["indicator"], []).append(row)
    assert {i["id"] for i in index["indicators"]} == set(by_indicator)
    key = ("entity", "period", "kind", "source")
    for entry in index["indicators"]:
        doc = json.loads((built_site.site / entry["data"]).read_text(encoding="utf-8"))
        assert doc["indicator"]["id"] == entry["id"] and entry["count"] == len(doc["observations"])
        published = {tuple(o[k] for k in key): o for o in doc["observations"]}
        for row in by_indicator[entry["id"]]:
            figure = published[tuple(row[k] for k in key)]
            assert float(figure["value"]) == float(row["value"]) and figure["quote"] == row["quote"]
        assert sum(o["headline"] for o in doc["observations"]) >= 1
        assert all(isinstance(o["headline"], bool) for o in doc["observations"])
    for package in index["packages"]:
        assert (built_site.site / package["datapackage"]).is_file() and (built_site.site / package["zip"]).is_file()
    for group in ("themes", "sources"):
        for item in index[group]:
            assert (built_site.site / item["page"] / "index.html").is_file(), item["page"]
    openapi = json.loads((api / "openapi.json").read_text(encoding="utf-8"))
    assert openapi["openapi"].startswith("3.1") and "/api/v1/indicators/{id}.json" in openapi["paths"]


def test_api_page_documents_fields_from_the_schemas(built_site):
    text = html(built_site, "api")
    for schema in ("observations", "sources", "indicators", "entities", "units", "themes"):
        fields = json.loads((REPO / f"schemas/{schema}.schema.json").read_text(encoding="utf-8"))["fields"]
        for field in fields:
            assert f"<code>{field['name']}</code>" in text, (schema, field["name"])
    assert "import pandas as pd" in text and "library(jsonlite)" in text
    assert f"{TEST_SITE_URL}api/v1/index.json" in text


def test_every_zip_validates_as_a_zip_and_checks_every_table(built_site, tmp_path):
    zips = sorted((built_site.site / "downloads").rglob("*.zip"))
    assert {z.stem for z in zips} >= {"cq-sti-all", "official-series", "source-documents"}
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            descriptor = json.loads(archive.read("datapackage.json"))  # at the root, not in a subfolder
        assert descriptor["$schema"].startswith("https://datapackage.org/profiles/2.0/")
        assert all(r["type"] == "table" for r in descriptor["resources"])
        for key in ("version", "created", "licenses", "sources", "homepage", "contributors"):
            assert descriptor.get(key), (path.name, key)
        assert all(c.get("roles") for c in descriptor["contributors"])
        assert all(not lic["name"] == "MIT" for lic in descriptor["licenses"])
        report = frictionless.validate(str(path))
        assert report.valid, (path.name, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])
        assert len(report.tasks) == len(descriptor["resources"]) == len([n for n in names if n.endswith(".csv")])


def test_combined_package_attributes_every_row_to_its_package(built_site):
    folder = built_site.site / "downloads/packages/cq-sti-all"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {p["package"] for p in descriptor["packages"]} == {"official-series", "source-documents"}
    assert all(p["licenses"] for p in descriptor["packages"])
    rows = read_csv(folder / "data/observations.csv")
    assert {r["package"] for r in rows} == {"official-series", "source-documents"}
    assert TEST_SITE_URL in descriptor["description"]  # the combined package cites the site


def test_citation_cff_is_valid_and_names_the_current_release():
    data = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((FIXTURES / "cff/schema-1.2.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)  # = cffconvert --validate
    latest = json.loads((REPO / "datasets/releases.json").read_text(encoding="utf-8"))["releases"][0]
    assert (data["version"], str(data["date-released"])) == (latest["version"], latest["date"])
    assert data["license"] != "MIT"


@pytest.mark.parametrize("path, kind", [("indicators/rd-intensity", "indicators"),
                                        ("sources/cqrd-2023-science-city-report", "sources"),
                                        ("downloads/packages/official-series", "packages")])
def test_cite_block_gives_url_version_access_date_bibtex_and_ris(built_site, path, kind):
    text = html(built_site, path)
    version = read_releases(built_site)[0].version
    block = text[text.index('class="cite-block"'):]
    assert f'href="{TEST_SITE_URL}{path}/"' in block and f"数据版本 {version}" in block
    assert "<time data-cite-accessed>" in block and "数据许可 CC BY 4.0" in block
    assert "@misc{" in block and "TY  - DATA" in block
    item = path.rsplit("/", 1)[-1]
    bib = (built_site.site / f"downloads/cite/{kind}/{item}.bib").read_text(encoding="utf-8")
    ris = (built_site.site / f"downloads/cite/{kind}/{item}.ris").read_text(encoding="utf-8")
    assert f"url          = {{{TEST_SITE_URL}{path}/}}" in bib and f"version      = {{{version}}}" in bib
    assert f"UR  - {TEST_SITE_URL}{path}/" in ris and ris.rstrip().endswith("ER  -")


def test_every_page_has_canonical_opengraph_and_twitter_meta(built_site):
    for page in built_site.site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect stub
        rel = page.parent.relative_to(built_site.site).as_posix()
        url = TEST_SITE_URL + ("" if rel == "." else rel + "/")
        assert f'<link rel="canonical" href="{url}">' in text, rel
        for prop in ('property="og:title"', 'property="og:description"', f'property="og:url" content="{url}"',
                     'name="twitter:card"'):
            assert prop in text, (rel, prop)
    indicator = html(built_site, "indicators/rd-intensity")
    assert f'<meta property="og:image" content="{TEST_SITE_URL}assets/charts/rd-intensity.png">' in indicator


def test_sitemap_and_robots_name_every_page_under_the_site_url(built_site):
    sitemap = (built_site.site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    pages = {p for p in built_site.site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}
    assert len(locs) == len(pages) and all(loc.startswith(TEST_SITE_URL) for loc in locs)
    assert f"{TEST_SITE_URL}indicators/rd-intensity/" in locs
    robots = (built_site.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {TEST_SITE_URL}sitemap.xml" in robots


def test_downloads_carry_headline_and_source_columns(built_site):
    rows = read_csv(built_site.site / "downloads/indicators/rd-intensity.csv")
    for column in ("headline", "source_publisher", "source_published", "source_url", "source_tier", "package",
                   "version", "released", "license"):
        assert column in rows[0], column
    assert {r["headline"] for r in rows} == {"true", "false"}
    assert {r["license"] for r in rows} == {"CC BY 4.0"}
    sources = {r["id"]: r for p in built_site.datasets.glob("*/data/sources.csv") for r in read_csv(p)}
    for row in rows:
        assert (row["source_publisher"], row["source_url"]) == (sources[row["source"]]["publisher"], sources[row["source"]]["url"])
    records = json.loads((built_site.site / "downloads/indicators/rd-intensity.json").read_text(encoding="utf-8"))
    assert {type(r["headline"]) for r in records} == {bool} and records[0]["source_tier"]


def test_xlsx_labels_codes_in_chinese_with_filters_and_widths(built_site):
    workbook = openpyxl.load_workbook(built_site.site / "downloads/indicators/high-tech-enterprises.xlsx")
    sheet = workbook["数据"]
    header = [c.value for c in sheet[1]]
    column = {h.split(" ")[-1]: i for i, h in enumerate(header)}
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[column["kind"]] for r in values} <= {"实际", "预计", "目标"}
    assert {r[column["source_tier"]] for r in values} <= {"官方网站", "原始媒体", "转载"}
    assert "采用" in {r[column["headline"]] for r in values}
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{sheet.max_row}"
    assert sheet.column_dimensions["B"].width > 10  # indicator names are wide
    notes = " ".join(str(r[0].value) for r in workbook["说明"].iter_rows())
    assert "数据许可 CC BY 4.0" in notes and "版本" in notes


def test_earlier_releases_zips_are_listed_on_the_changelog(built_site):
    text = html(built_site, "changelog")
    for release in read_releases(built_site):
        assert f"{release.version}（{release.date}）" in text
    import xml.etree.ElementTree as ET
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built_site.site / "changelog/atom.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    sources = {r["id"] for p in built_site.datasets.glob("*/data/sources.csv") for r in read_csv(p)}
    assert len(entries) == len(read_releases(built_site)) + len(sources)  # every release, every source once
    for entry in entries:
        assert entry.find(f"{atom}id").text.startswith(TEST_SITE_URL)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.find(f"{atom}updated").text)


def test_an_api_document_splices_the_encoded_rows_as_encoding_them_again_would():
    """api.encode_indicator reuses the indicator's JSON download inside its API document: same bytes as encoding
    the rows there again (one level deeper), whatever the rows hold."""
    from generator import api
    from generator.downloads import observations_json
    import pandas as pd

    rows = [{"indicator": "x", "quote": "第一行\n第二行 \"引号\" \\ <tag>", "value": 3.7, "value_base": 37000,
             "headline": True, "note": None},
            {"indicator": "x", "quote": "", "value": 1e-7, "value_base": 0.1, "headline": False, "note": "约"}]
    document = {"api": "v1", "indicator": {"id": "x", "name_zh": "指标\u0000"}, "observations": []}
    for listed in (rows, rows[:1], []):
        encoded = (json.dumps(listed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        assert api.encode_indicator(document, encoded) == api.encode({**document, "observations": listed})
    frame = pd.DataFrame(rows).assign(value_printed=[3.7, 1e-7], unit_printed_symbol=["家", "家"])
    download = observations_json(frame, ["indicator", "quote", "value", "value_base", "headline", "note"])
    assert json.loads(api.encode_indicator(document, download))["observations"] == json.loads(download)
