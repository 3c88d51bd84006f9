"""Licences as data, releases and redirects, each on its own small project (tests/fixtures/base)."""
from __future__ import annotations

import json
import subprocess
from datetime import date

import openpyxl
import pytest
from conftest import fixture_project, read_csv, write_csv

from generator import licences
from generator.build import BuildOptions, build_site, generate
from generator.cli import main
from generator.release import make_release, next_version, read_releases
from generator.scaffold import ScaffoldError, new_dataset

SITE = "https://example.org/sub/"


def add_public_domain_package(layout):
    """A second package under CC0, with one figure for an indicator the demo package also has (rd-intensity)."""
    new_dataset(layout, "pd-extra", "公有领域示例", license="CC0-1.0")
    folder = layout.datasets / "pd-extra" / "data"
    write_csv(folder / "sources.csv", [{"id": "pd-doc", "title": "公有领域文献", "title_zh": "", "title_en": "Public-domain document", "publisher": "某机构",
                                        "credited_outlet": "", "published": "2024-01-02", "date_basis": "stated",
                                        "url": "https://example.org/pd", "mirror_url": "", "original_status": "is-original",
                                        "tier": "official", "text_form": "full", "edition": "", "archive_file": "",
                                        "note": "", "note_en": "", "retrieved": "", "sha256": "",
                                        "pinned_file": ""}])
    write_csv(folder / "observations.csv", [{"indicator": "rd-intensity", "entity": "chongqing", "period": "2022",
                                             "value": "2.36", "unit": "percent", "kind": "actual", "qualifier": "exact",
                                             "source": "pd-doc", "quote": "研发投入强度为2.36%。", "note": "", "deadline": "",
                                             "note_en": "", "locator": ""}])


@pytest.mark.slow
def test_a_package_with_another_licence_relabels_nothing(tmp_path):
    layout = fixture_project(tmp_path / "project")
    add_public_domain_package(layout)
    (layout.schemas / "redirects.csv").write_text("from,to\nindicators/old-hte/,indicators/high-tech-enterprises/\n",
                                                  encoding="utf-8")
    result = build_site(layout, BuildOptions(site_url=SITE))
    assert result.report.ok, [str(i) for i in result.report.errors]
    site = layout.site
    assert "url=../high-tech-enterprises/" in (site / "indicators/old-hte/index.html").read_text(encoding="utf-8")
    # pages: only the figures' own licences
    hte = (site / "indicators/high-tech-enterprises/index.html").read_text(encoding="utf-8")
    assert "数据许可 CC BY 4.0." in hte and "CC0" not in hte
    demo_source = (site / "sources/demo-doc/index.html").read_text(encoding="utf-8")
    assert "数据许可 CC BY 4.0." in demo_source and "CC0" not in demo_source
    pd_source = (site / "sources/pd-doc/index.html").read_text(encoding="utf-8")
    assert "数据许可 CC0 1.0" in pd_source and "CC BY 4.0" not in pd_source
    rd = (site / "indicators/rd-intensity/index.html").read_text(encoding="utf-8")
    assert "数据许可 CC BY 4.0、CC0 1.0" in rd  # mixed: both, never one for all
    # downloads: each row keeps its package's licence
    rows = read_csv(site / "downloads/observations.csv")
    assert {(r["package"], r["license"]) for r in rows} == {("demo", "CC BY 4.0"), ("pd-extra", "CC0 1.0（公有领域贡献）")}
    workbook = openpyxl.load_workbook(site / "downloads/indicators/high-tech-enterprises.xlsx")
    notes = " ".join(str(r[0].value) for r in workbook["说明"].iter_rows())
    assert "CC BY 4.0" in notes and "CC0" not in notes
    demo = json.loads((site / "downloads/packages/demo/datapackage.json").read_text(encoding="utf-8"))
    assert [l["name"] for l in demo["licenses"]] == ["CC-BY-4.0"]
    # the combined package lists each package's licence and says which rows are whose
    combined = json.loads((site / "downloads/packages/cq-sti-all/datapackage.json").read_text(encoding="utf-8"))
    assert {l["name"] for l in combined["licenses"]} == {"CC-BY-4.0", "CC0-1.0"}
    assert {p["package"]: [l["name"] for l in p["licenses"]] for p in combined["packages"]} == \
        {"demo": ["CC-BY-4.0"], "pd-extra": ["CC0-1.0"]}
    stacked = read_csv(site / "downloads/packages/cq-sti-all/data/observations.csv")
    assert {r["package"] for r in stacked} == {"demo", "pd-extra"}
    api = json.loads((site / "api/v1/indicators/high-tech-enterprises.json").read_text(encoding="utf-8"))
    assert [l["name"] for l in api["licenses"]] == ["CC-BY-4.0"]


def test_share_alike_is_not_stacked_with_other_licences():
    by, sa = licences.licence("CC-BY-4.0"), licences.licence("CC-BY-SA-4.0")
    assert licences.combinable({"a": [by], "b": [by]})
    assert licences.combinable({"a": [sa], "b": [sa]})
    assert not licences.combinable({"a": [by], "b": [sa]})


def test_code_licences_are_not_data_licences(tmp_path):
    assert licences.data_licences({"licenses": [{"name": "MIT"}, {"name": "CC0-1.0"}]}) == [licences.licence("CC0-1.0")]
    layout = fixture_project(tmp_path / "project")
    with pytest.raises(ScaffoldError, match="MIT"):
        new_dataset(layout, "code-only", license="MIT")
    assert main(["--root", str(layout.root), "new-dataset", "odc", "--license", "ODC-BY-1.0"]) == 0
    descriptor = json.loads((layout.datasets / "odc/datapackage.json").read_text(encoding="utf-8"))
    assert [l["name"] for l in descriptor["licenses"]] == ["ODC-BY-1.0"]


def git(root, *args) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout


def test_calver_counts_releases_within_a_month():
    from generator.release import Release
    assert next_version([], date(2026, 11, 5)) == "2026.11.1"
    assert next_version([Release("2026.11.1", "2026-11-05")], date(2026, 11, 20)) == "2026.11.2"
    assert next_version([Release("2026.11.2", "2026-11-20")], date(2026, 12, 1)) == "2026.12.1"


@pytest.mark.slow
def test_release_bumps_records_changes_tags_and_keeps_earlier_packages(tmp_path):
    layout = fixture_project(tmp_path / "project")
    root = layout.root
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "data")
    first = make_release(layout, date(2026, 11, 5))
    assert first.version == "2026.11.1" and first.summary["baseline"]
    assert "data-v2026.11.1" in git(root, "tag")
    obs = layout.datasets / "demo/data/observations.csv"
    rows = read_csv(obs)
    rows[0]["value"] = "4223"
    rows[0]["quote"] = rows[0]["quote"].replace("4222", "4223")
    write_csv(obs, rows)
    git(root, "commit", "-qam", "fix a figure")
    assert main(["--root", str(root), "release", "--date", "2026-11-20"]) == 0
    second = read_releases(layout)[0]
    assert second.version == "2026.11.2" and second.summary == {"added": 0, "changed": 1, "removed": 0}
    assert second.changes[0]["old"] == "4222" and second.changes[0]["new"] == "4223"
    descriptor = json.loads((layout.datasets / "demo/datapackage.json").read_text(encoding="utf-8"))
    assert (descriptor["version"], descriptor["created"]) == ("2026.11.2", "2026-11-20T00:00:00Z")
    assert 'version: "2026.11.2"' in (root / "CITATION.cff").read_text(encoding="utf-8")
    assert not git(root, "status", "--porcelain", "--", "datasets")  # committed
    (layout.schemas / "redirects.csv").write_text("from,to\nindicators/old-hte/,indicators/high-tech-enterprises/\n",
                                                  encoding="utf-8")

    generated = generate(layout, SITE)
    assert generated.report.ok and not generated.report.warnings, [str(i) for i in generated.report.warnings]
    src = layout.site_src
    import zipfile
    with zipfile.ZipFile(src / "downloads/releases/2026.11.1/demo.zip") as old:
        assert "4222" in old.read("data/observations.csv").decode("utf-8")
        assert json.loads(old.read("datapackage.json"))["version"] == "2026.11.1"
    with zipfile.ZipFile(src / "downloads/releases/2026.11.2/demo.zip") as new:
        assert "4223" in new.read("data/observations.csv").decode("utf-8")
    changelog = (src / "changelog/index.md").read_text(encoding="utf-8")
    assert "2026.11.2（2026-11-20）" in changelog and "4222 → 4223" in changelog
    assert "downloads/releases/2026.11.1/demo.zip" in changelog
    feed = (src / "changelog/atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2 + 1  # two releases, one source
    redirect = (src / "indicators/old-hte/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../high-tech-enterprises/"' in redirect
    assert f'<link rel="canonical" href="{SITE}indicators/high-tech-enterprises/">' in redirect

    git(root, "tag", "-d", "data-v2026.11.1")  # a clone without the tags: a warning, and the rest builds
    generated = generate(layout, SITE)
    assert generated.report.ok
    assert [i.code for i in generated.report.warnings] == ["release-tag-missing"]
    assert not (src / "downloads/releases/2026.11.1").exists()


@pytest.mark.slow
def test_share_alike_package_is_not_combined_and_the_page_says_why(tmp_path):
    layout = fixture_project(tmp_path / "project")
    add_public_domain_package(layout)
    descriptor_path = layout.datasets / "pd-extra/datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["licenses"] = [licences.licence("CC-BY-SA-4.0").descriptor()]
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    generated = generate(layout, SITE)
    assert generated.report.ok
    src = layout.site_src
    assert not (src / "downloads/packages/cq-sti-all.zip").exists()
    assert (src / "downloads/packages/demo.zip").exists() and (src / "downloads/packages/pd-extra.zip").exists()
    assert "不提供合一的数据包" in (src / "downloads/index.md").read_text(encoding="utf-8")
    index = json.loads((src / "api/v1/index.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in index["packages"]} == {"demo", "pd-extra"}
    rows = read_csv(src / "downloads/observations.csv")
    assert {(r["package"], r["license"]) for r in rows} == {("demo", "CC BY 4.0"), ("pd-extra", "CC BY-SA 4.0")}
