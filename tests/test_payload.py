"""Text from data is always escaped: a contributor's <script> renders as text, in the HTML and in a real browser."""
import json
import re

import pytest
from conftest import fixture_project

from generator.build import BuildOptions, build_site

pytestmark = pytest.mark.slow
MARKERS = ("indicator-name", "indicator-en", "definition", "entity", "theme", "theme-description",
           "source-title", "publisher", "url", "source-note", "quote", "note")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    layout = fixture_project(tmp_path_factory.mktemp("payload") / "project", "payload")
    result = build_site(layout, BuildOptions())
    assert result.report.ok, [str(i) for i in result.report.errors]
    return layout


def pages(layout):
    return {p.relative_to(layout.site).as_posix(): p.read_text(encoding="utf-8") for p in layout.site.rglob("*.html")}


def test_no_payload_reaches_html_as_markup(payload_site):
    for name, html in pages(payload_site).items():
        assert not re.search(r"<script>window\.__pwned", html), name
        assert not re.search(r"<img src=x onerror", html, re.I), name
        assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I), name
        assert 'href="https://example.org/"><script>' not in html, name


def test_payload_renders_as_literal_text(payload_site):
    html = pages(payload_site)["indicators/high-tech-enterprises/index.html"]
    assert '&lt;script&gt;window.__pwned="indicator-name"&lt;/script&gt;' in html or \
           "&lt;script&gt;window.__pwned=&#34;indicator-name&#34;&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # template syntax in data is not evaluated
    assert "# 标题" in html  # a leading # stays text, not a heading
    # the markers of blocks MkDocs sets aside (mkdocs_hooks) cannot be forged from data: they stay text, escaped
    assert "&lt;!--/verbatim--&gt;&lt;!--verbatim 0--&gt;" in html and "<!--verbatim" not in html
    source = pages(payload_site)["sources/demo-doc/index.html"]
    assert "| 说明" in source and 'href="https://example.org/&#34;&gt;&lt;script&gt;' in source


def test_no_payload_runs_in_the_browser(payload_site):
    from test_browser import CHROMIUM, CHROMIUM_ARGS, _need_browser, serve
    _need_browser()
    from playwright.sync_api import sync_playwright
    with serve(payload_site.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("", "indicators/high-tech-enterprises/", "sources/demo-doc/", "sources/", "themes/enterprises/",
                     "indicators/", "downloads/"):
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("load")
            page.wait_for_timeout(200) if path.startswith("indicators/high") else None
            assert page.evaluate("window.__pwned") is None, path
        page.goto(f"{base}/indicators/high-tech-enterprises/")
        page.locator("figure.chart[data-chart-armed]").hover()  # Vega loads when the reader reaches for the chart
        page.wait_for_selector("figure.chart[data-chart-ready]", timeout=15000)
        assert "<script>" in page.locator("h1").inner_text()  # shown as text
        box = page.locator("input.md-search__input")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        box.fill("示例文献")
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert page.evaluate("window.__pwned") is None
        assert not dialogs
        browser.close()


def test_jsonld_and_meta_cannot_be_broken_out_of(payload_site):
    """Titles from data reach the head as JSON-LD (tojson: <, >, & as \\u003c …) and as escaped attributes."""
    text = pages(payload_site)["indicators/high-tech-enterprises/index.html"]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1 and "<" not in blocks[0] and ">" not in blocks[0]
    assert 'window.__pwned="indicator-name"' in json.loads(blocks[0])["name"]
    title = re.search(r'<meta property="og:title" content="([^"]*)">', text).group(1)
    assert "<" not in title and "&lt;script&gt;" in title
