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
    def log_message(self, *args):
        pass


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


def test_chart_survives_instant_navigation(page, server):
    page.goto(f"{server}/")
    page.wait_for_load_state("load")
    page.locator("article a[href*='indicators/high-tech-enterprises']").first.click()
    page.wait_for_selector("figure.chart[data-chart-ready='interactive']", timeout=15000)
    assert page.url.endswith("/indicators/high-tech-enterprises/")
    assert not page.errors, page.errors
    assert_only_localhost(page)


def search(page, server, query: str):
    page.goto(f"{server}/")
    page.wait_for_load_state("load")
    box = page.locator("input.md-search__input")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box.fill(query)
    box.press("End")  # a key event: Material searches on keyup, not on programmatic input
    return page.locator(".md-search-result__item a")


def test_chinese_search_finds_the_indicator_page(page, server):
    results = search(page, server, "高新技术企业")
    results.locator("xpath=self::*[contains(@href, 'indicators/high-tech-enterprises')]").first.wait_for(timeout=15000)
    assert not page.errors, page.errors
    assert_only_localhost(page)


def test_search_without_match_says_so(page, server):
    search(page, server, "量子引力波")
    page.wait_for_selector(".md-search-result__meta", timeout=15000)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('没有')", timeout=15000)
    assert page.locator(".md-search-result__item").count() == 0
