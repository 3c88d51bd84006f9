"""Real browser: Playwright driving Debian's Chromium against the built site served on localhost."""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import IN_CI

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-gpu", "--no-first-run", "--disable-sync", "--disable-quic"]


def _need_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed"
    else:
        reason = "" if CHROMIUM.exists() and shutil.which(str(CHROMIUM)) else f"{CHROMIUM} is missing (apt-get install chromium)"
    if reason:
        if IN_CI:
            pytest.fail(f"browser tests may not skip under CI: {reason}")
        pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does, with the site's own 404 page for a missing path."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path):
    """The built site over HTTP on localhost, as a reader's browser would fetch it."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(built_site):
    with serve(built_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def assert_only_localhost(page):
    hosts = {urlparse(url).hostname for url in page.requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1"}, hosts


def test_indicator_chart_becomes_interactive(page, server):
    page.goto(f"{server}/indicators/high-tech-enterprises/")
    figure = page.locator("figure.chart")
    assert figure.locator("svg").count() >= 1  # the build-time SVG, before any script
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    # No Vega before the reader reaches for the chart: its script would block the phone's main thread at load.
    assert not any("vega-bundle" in url for url in page.requests)
    assert figure.get_attribute("data-chart-ready") is None
    figure.hover()
    page.wait_for_selector("figure.chart[data-chart-ready='interactive']", timeout=15000)
    assert figure.locator(".vega-embed svg .mark-symbol path").count() >= 3  # actual + two targets
    assert page.locator("table.observations tbody tr").count() >= 3
    assert any(url.endswith("/assets/vendor/vega-bundle.js") for url in page.requests)
    assert not page.errors, page.errors
    assert_only_localhost(page)


def test_pages_without_charts_do_not_load_vega(page, server):
    page.goto(f"{server}/about/")
    page.wait_for_load_state("load")
    assert not any("vega-bundle" in url for url in page.requests)
    assert_only_localhost(page)


def test_chart_works_after_following_a_link(page, server):
    page.goto(f"{server}/")
    page.wait_for_load_state("load")
    page.locator("article a[href*='indicators/high-tech-enterprises']").first.click()
    page.wait_for_selector("figure.chart[data-chart-armed]", timeout=15000)
    page.locator("figure.chart").hover()
    page.wait_for_selector("figure.chart[data-chart-ready='interactive']", timeout=15000)
    assert page.url.endswith("/indicators/high-tech-enterprises/")
    assert not page.errors, page.errors
    assert_only_localhost(page)


@pytest.mark.parametrize("path", ["", "en/"])
def test_search_index_and_worker_wait_until_the_reader_opens_search(page, server, path):
    """A first visit fetches neither the search index, the theme's lunr worker nor the sitemap (issue 11); the
    first tap on search fetches them and a query answers."""
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    heavy = ("search_index.json", "workers/search.", "lunr", "sitemap.xml")
    assert not [url for url in page.requests if any(part in url for part in heavy)]
    assert any(url.endswith("workers/search-on-demand.js") for url in page.requests)  # the stand-in did start
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("高新技术企业" if not path else "high-tech enterprises")
    page.locator(".md-search-result__item a[href*='indicators/high-tech-enterprises']").first.wait_for(timeout=15000)
    assert any(url.endswith(f"/{path}search/search_index.json") for url in page.requests)
    assert any("workers/search." in url and url.endswith(".min.js") for url in page.requests)
    assert not page.errors, page.errors
    assert_only_localhost(page)


def test_search_on_demand_on_a_phone(browser, server):
    """At 390 px the search box is hidden behind the header's search button: a tap on it fetches the index."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(f"{server}/indicators/rd-intensity/")
        page.wait_for_load_state("networkidle")
        assert not [url for url in requests if "search_index.json" in url]
        page.locator("label.md-header__button[for='__search']").tap()
        page.locator("input.md-search__input").fill("专利")
        page.locator(".md-search-result__item a[href*='patent']").first.wait_for(timeout=15000)
        assert any(url.endswith("/search/search_index.json") for url in requests)
    finally:
        context.close()


def test_a_search_link_with_q_answers_without_a_tap(page, server):
    page.goto(f"{server}/?q=%E7%A0%94%E5%8F%91")  # ?q=研发: the theme's deep link opens search itself
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert any(url.endswith("/search/search_index.json") for url in page.requests)
    assert not page.errors, page.errors


def search(page, server, query: str):
    page.goto(f"{server}/")
    page.wait_for_load_state("load")
    box = page.locator("input.md-search__input")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box.fill(query)  # no key event: pasted text and phone keyboards send only `input` (charts.js forwards it)
    return page.locator(".md-search-result__item a")


def test_chinese_search_finds_the_indicator_page(page, server):
    results = search(page, server, "高新技术企业")
    results.locator("xpath=self::*[contains(@href, 'indicators/high-tech-enterprises')]").first.wait_for(timeout=15000)
    assert not page.errors, page.errors
    assert_only_localhost(page)


def test_search_without_match_says_so(page, server):
    # Material matches a query's first characters as a prefix: 量子 would find 量化 and 有效量 in the notes.
    search(page, server, "黑洞引力波")
    page.wait_for_selector(".md-search-result__meta", timeout=15000)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('没有')", timeout=15000)
    assert page.locator(".md-search-result__item").count() == 0


PAGE_TYPES = {
    "theme": "themes/enterprises/",
    "place": "places/western-science-city/",
    "source": "sources/cqrd-2023-science-city-report/",
    "targets": "targets/",
    "downloads": "downloads/",
    "indicators": "indicators/",
    "places": "places/",
    "home": "",
}


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_each_page_type_loads_cleanly_from_localhost_only(page, server, kind):
    page.goto(f"{server}/{PAGE_TYPES[kind]}")
    page.wait_for_load_state("load")
    assert page.locator("h1").count() == 1
    if kind in ("place", "source", "targets"):
        assert page.locator("table tbody tr").count() >= 3
    if kind in ("theme", "place", "source"):
        assert page.locator("nav.breadcrumbs a").count() >= 2
    assert not page.errors, page.errors
    assert_only_localhost(page)


def test_dark_palette_keeps_the_chart_readable(page, server):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{server}/indicators/rd-intensity/")
    page.locator("figure.chart[data-chart-armed]").hover()
    page.wait_for_selector("figure.chart[data-chart-ready='interactive']", timeout=15000)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    label_fill = page.evaluate("getComputedStyle(document.querySelector('figure.chart .chart-canvas text')).fill")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert scheme == "slate" and label_fill != background and label_fill not in ("rgb(0, 0, 0)", "#000000")


DOWNLOADS = {
    "downloads/observations.csv": "text/csv",
    "downloads/observations.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "downloads/observations.json": "application/json",
    "downloads/packages/cq-sti-all.zip": "application/zip",
    "downloads/packages/source-documents/datapackage.json": "application/json",
    "downloads/indicators/rd-intensity.csv": "text/csv",
    "assets/charts/rd-intensity.svg": "image/svg+xml",
}


def test_download_links_answer_with_the_right_type(page, server):
    page.goto(f"{server}/downloads/")
    hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)")
    for path, content_type in DOWNLOADS.items():
        assert any(h.endswith(path) for h in hrefs) or path.startswith("assets/"), path
        response = page.request.get(f"{server}/{path}")
        assert response.status == 200, path
        assert response.headers["content-type"].startswith(content_type), (path, response.headers["content-type"])
    for href in hrefs:  # every link on the download page answers
        if href.startswith(server):
            assert page.request.get(href).status == 200, href


def test_chart_tooltip_shows_the_published_value(page, server):
    page.goto(f"{server}/indicators/high-tech-enterprises/")
    page.locator("figure.chart[data-chart-armed]").hover()
    page.wait_for_selector("figure.chart[data-chart-ready='interactive']", timeout=15000)
    point = page.locator("figure.chart .vega-embed .mark-symbol path").last
    point.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "时期" in tooltip.inner_text() and "来源" in tooltip.inner_text()


@pytest.mark.parametrize("query, expected", [
    ("研发投入", "themes/rd-investment"),
    ("科学城", "places/western-science-city"),
    ("两江", "places/liangjiang-new-area"),
    ("专利", "patent"),
    ("高新技术企业", "indicators/high-tech-enterprises"),
])
def test_chinese_queries_find_their_pages(page, server, query, expected):
    results = search(page, server, query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(expected in (h or "") for h in hrefs), (query, hrefs[:10])


class SubPathHandler(QuietHandler):
    """Serves the site under /repo/ and answers a missing path with 404.html and status 404, as GitHub Pages does
    for a project site (https://owner.github.io/repo/)."""
    prefix = "/repo/"

    def send_head(self):
        path = urlparse(self.path).path
        if not path.startswith(self.prefix):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.prefix):]
        local = Path(self.translate_path(self.path))
        if local.is_dir() and not (local / "index.html").is_file() and self.path.endswith("/") or \
                (not local.exists()):
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return __import__("io").BytesIO(body)
        return super().send_head()


@pytest.fixture(scope="module")
def sub_server(built_site):
    from conftest import TEST_SITE_URL
    assert urlparse(TEST_SITE_URL).path == SubPathHandler.prefix  # the site was built for this sub-path
    handler = functools.partial(SubPathHandler, directory=str(built_site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/repo"
    finally:
        httpd.shutdown()


def test_404_page_works_under_a_sub_path(page, sub_server):
    failed = []
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/no/such/page/") and failed.append(r.url))
    response = page.goto(f"{sub_server}/no/such/page/")
    assert response.status == 404
    page.wait_for_load_state("load")
    assert "404" in page.locator("h1").first.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # CSS loaded
    hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)")
    assert len(hrefs) >= 4
    for href in hrefs:
        assert href.startswith(f"{sub_server}/"), href
        assert page.request.get(href).status == 200, href
    assert not failed, failed
    assert_only_localhost(page)


def test_search_works_under_a_sub_path_from_the_404_page(page, sub_server):
    page.goto(f"{sub_server}/no/such/page/")
    page.wait_for_load_state("load")
    page.errors.clear()  # the console reports the 404 status of the page itself
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("高新技术企业")
    box.press("End")
    result = page.locator(".md-search-result__item a[href*='indicators/high-tech-enterprises']").first
    result.wait_for(timeout=15000)
    assert result.evaluate("a => a.href").startswith(f"{sub_server}/indicators/high-tech-enterprises")
    result.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(f"{sub_server}/indicators/high-tech-enterprises/")
    assert not page.errors, page.errors


SUB_PATH_PAGES = ["", "indicators/", "indicators/rd-intensity/", "themes/enterprises/", "places/chongqing/",
                  "sources/cqrd-2023-science-city-report/", "targets/", "downloads/", "downloads/packages/cq-sti-all/",
                  "api/", "changelog/", "about/"]


def test_every_link_type_resolves_under_a_sub_path(page, sub_server):
    """Nav, breadcrumbs, in-page links, downloads, chart files, scripts, styles, images, feeds: all under /repo/."""
    seen, failed = set(), []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    for path in SUB_PATH_PAGES:
        page.goto(f"{sub_server}/{path}")
        page.wait_for_load_state("load")
        urls = page.eval_on_selector_all(
            "a[href], link[href], script[src], img[src], [data-chart-spec], [data-vega-src]",
            "els => els.flatMap(e => [e.href || e.src, e.dataset.chartSpec && new URL(e.dataset.chartSpec, location).href,"
            " e.dataset.vegaSrc && new URL(e.dataset.vegaSrc, location).href]).filter(Boolean)")
        for url in urls:
            parsed = urlparse(url)
            if parsed.hostname != "127.0.0.1":
                continue  # links to other hosts (sources, licences) are fine; nothing is fetched from them
            assert parsed.path.startswith("/repo/"), (path, url)
            bare = url.split("#")[0]
            if bare not in seen:
                seen.add(bare)
                assert page.request.get(bare).status == 200, (path, url)
        assert_only_localhost(page)
    assert len(seen) > 100 and not failed, failed


def test_the_place_switch_wakes_the_chart_without_a_pointer_on_it(page, server):
    """A tap on "全部地区" before Vega has loaded (the switch shows as soon as the script runs) loads it and
    applies the choice."""
    page.goto(f"{server}/indicators/rd-intensity/")
    button = page.locator("figure.chart .chart-scope button[data-scope='all']")
    button.dispatch_event("click")
    page.wait_for_selector("figure.chart[data-chart-ready='interactive'][data-scope='all']", timeout=15000)
    assert button.get_attribute("aria-pressed") == "true"
    assert not page.errors, page.errors
