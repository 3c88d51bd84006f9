"""Integration: the real site built by MkDocs into a temp dir."""
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import frictionless
import pytest
from conftest import TEST_SITE_URL, copy_project, read_csv, write_csv

from generator.build import BuildOptions, build_site
from generator.issues import BuildError

pytestmark = pytest.mark.slow
INDICATOR = "high-tech-enterprises"
SUB_PATH = urlparse(TEST_SITE_URL).path


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "data-chart-spec", "data-vega-src") and value:
                self.urls.append(value)


def page(layout, path) -> str:
    return (layout.site / path / "index.html").read_text(encoding="utf-8")


def test_indicator_page_has_chart_table_and_downloads(built_site):
    html = page(built_site, f"indicators/{INDICATOR}")
    assert "<h1" in html and "高新技术企业数量" in html
    assert '<figure class="chart"' in html and "<svg" in html  # chart visible before any script runs
    assert "4222家" in html and "超过7000家" in html and "1.27万家" in html
    assert "截至2020年底" in html and "目标" in html
    assert f'href="../../downloads/indicators/{INDICATOR}.csv"' in html


def test_chart_spec_is_published_with_actuals_and_targets(built_site):
    spec = json.loads((built_site.site / f"assets/charts/{INDICATOR}.vl.json").read_text(encoding="utf-8"))
    values = next(iter(spec["datasets"].values()))
    assert {(v["kind"], v["value"]) for v in values} >= {("actual", 4222.0), ("target", 7000.0), ("target", 12700.0)}


def test_csv_download_opens_in_excel(built_site):
    raw = (built_site.site / f"downloads/indicators/{INDICATOR}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 Chinese correctly
    rows = read_csv(built_site.site / f"downloads/indicators/{INDICATOR}.csv")
    target = next(r for r in rows if r["period"] == "2027" and r["entity"] == "chongqing")
    assert (target["value"], target["unit_symbol"], target["value_base"], target["kind"]) == ("1.27", "万家", "12700", "target")


def test_published_package_validates_on_its_own(built_site, tmp_path):
    source = built_site.site / "downloads/packages/source-documents"
    moved = tmp_path / "alone"
    for path in source.rglob("*"):  # a researcher's copy, far away from schemas/
        if path.is_file():
            (moved / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            (moved / path.relative_to(source)).write_bytes(path.read_bytes())
    report = frictionless.validate(str(moved / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((moved / "datapackage.json").read_text(encoding="utf-8"))
    assert {lic["name"] for lic in descriptor["licenses"]} == {"CC-BY-4.0"}  # MIT is the code's, not the data's
    assert all("../" not in r["path"] for r in descriptor["resources"])


def test_every_internal_link_resolves(built_site):
    site = built_site.site
    missing = []
    for html_file in site.rglob("*.html"):
        parser = Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        for url in parser.urls:
            parsed = urlparse(url)
            if parsed.scheme or url.startswith(("#", "mailto:", "//")):
                continue
            path = unquote(urldefrag(parsed.path).url)
            if path.startswith("/"):  # 404.html links from the site root, served at TEST_SITE_URL's path
                assert path.startswith(SUB_PATH), (html_file, url)
                base, path = site, path[len(SUB_PATH):]
            else:
                base = html_file.parent
            target = (base / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{html_file.relative_to(site)} → {url}")
    assert not missing, missing[:20]


def test_no_page_loads_anything_from_another_host(built_site):
    for html_file in built_site.site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        for marker in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "googletagmanager"):
            assert marker not in text, (html_file, marker)


def snapshot(site: Path) -> dict:
    return {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_invalid_data_leaves_previous_site_untouched(tmp_path):
    layout = copy_project(tmp_path / "project")
    assert build_site(layout, BuildOptions()).report.ok
    before = snapshot(layout.site)
    path = layout.root / "datasets/source-documents/data/observations.csv"
    rows = read_csv(path)
    rows[0]["value"] = "4222家"
    write_csv(path, rows)
    result = build_site(layout, BuildOptions())
    assert not result.report.ok and result.site_dir is None
    assert snapshot(layout.site) == before


def test_failed_mkdocs_build_leaves_previous_site_untouched(tmp_path):
    layout = copy_project(tmp_path / "project")
    assert build_site(layout, BuildOptions()).report.ok
    before = snapshot(layout.site)
    about = layout.site_src / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[断链](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(BuildError, match="no-such-page.md"):
        build_site(layout, BuildOptions())
    assert snapshot(layout.site) == before
    assert not list(layout.root.glob(".site-*"))  # the half-built staging folder is gone too


def test_same_inputs_build_the_same_bytes(built_site, tmp_path):
    other = copy_project(tmp_path / "again")
    assert build_site(other, BuildOptions(site_url=TEST_SITE_URL)).report.ok

    def digest(site: Path):  # every file, the sitemap's gzip and the xlsx/zip downloads included
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert digest(other.site) == digest(built_site.site)


def files_and_stamps(*folders: Path) -> dict:
    """Every file with its inode and modification time: a rewritten or swapped-in file changes them."""
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for f in folders for p in f.rglob("*") if p.is_file()}


def test_a_no_op_rebuild_rewrites_nothing_and_a_change_rebuilds(tmp_path):
    from conftest import fixture_project
    layout = fixture_project(tmp_path / "project")
    first = build_site(layout, BuildOptions())
    assert first.report.ok and not first.mkdocs_skipped
    before = files_and_stamps(layout.site_src, layout.site)
    again = build_site(layout, BuildOptions())
    assert again.report.ok and again.mkdocs_skipped and again.files_generated == 0
    assert files_and_stamps(layout.site_src, layout.site) == before
    assert [str(i) for i in again.report.issues] == [str(i) for i in first.report.issues]  # warnings said again
    # A hand-written page changed: MkDocs runs again (the generated pages are still current).
    about = layout.site_src / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n另加一句。\n", encoding="utf-8")
    changed = build_site(layout, BuildOptions())
    assert not changed.mkdocs_skipped and "另加一句" in (layout.site / "about/index.html").read_text(encoding="utf-8")
    # The publisher's settings changed (mkdocs.yml): the pages are generated again and say it.
    config = layout.mkdocs_yml.read_text(encoding="utf-8")
    assert "    name: 重庆科技创新开放数据项目\n" in config
    layout.mkdocs_yml.write_text(config.replace("    name: 重庆科技创新开放数据项目\n", "    name: 另一个发布者\n"),
                                 encoding="utf-8")
    renamed = build_site(layout, BuildOptions())
    assert renamed.files_generated > 0
    assert "另一个发布者" in (layout.site_src / "downloads/packages/cq-sti-all/datapackage.json").read_text(encoding="utf-8")
    # A generated page deleted by hand: generated again; the cache deleted: everything is made again.
    next(iter(sorted((layout.site_src / "indicators").glob("*.md")))).unlink()
    assert build_site(layout, BuildOptions()).files_generated >= 1
    shutil.rmtree(layout.root / ".cache")
    rebuilt = build_site(layout, BuildOptions())
    assert rebuilt.report.ok and not rebuilt.mkdocs_skipped
