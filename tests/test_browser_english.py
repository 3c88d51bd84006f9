"""The English edition in a real browser: the language switch, English search, and lang marks on every piece of
the other language (Chinese on English pages, English on Chinese ones). The site is served under /repo/."""
from __future__ import annotations

import re

import pytest
from test_browser import assert_only_localhost, browser, page, sub_server  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SWITCH_PAGES = ["", "indicators/rd-intensity/", "places/western-science-city/", "sources/cqrd-2023-science-city-report/",
                "themes/enterprises/", "targets/", "downloads/", "about/"]
ENGLISH_PAGES = ["", "indicators/", "indicators/rd-intensity/", "indicators/high-tech-enterprises/", "themes/enterprises/",
                 "places/", "places/chongqing/", "places/western-science-city/", "sources/",
                 "sources/cqrd-2023-science-city-report/", "sources/os-s01/", "targets/", "downloads/", "api/",
                 "changelog/", "about/", "methodology/", "404.html"]
# Text nodes with a Han character and no ancestor marked lang="zh…" (scripts and styles are not text for readers).
UNMARKED_CHINESE = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!/[\\u3400-\\u9fff]/.test(node.nodeValue) || parent.closest('script, style, noscript')) continue;
    if (!parent.closest('[lang^="zh"]')) found.push(node.nodeValue.trim().slice(0, 60));
  }
  return found;
}"""


def _lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


@pytest.mark.parametrize("path", SWITCH_PAGES)
def test_the_switch_goes_to_the_same_page_in_english_and_back(page, sub_server, path):
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(f"{sub_server}/{path}")
    page.wait_for_load_state("load")
    assert _lang(page).startswith("zh")
    page.locator(".lang-switch a[hreflang='en']").click()
    page.wait_for_url(f"{sub_server}/en/{path}")
    page.wait_for_load_state("load")
    assert _lang(page) == "en"
    assert page.locator("h1").count() == 1
    page.locator(".lang-switch a[hreflang='zh']").click()
    page.wait_for_url(f"{sub_server}/{path}")
    page.wait_for_load_state("load")
    assert _lang(page).startswith("zh")
    assert not failed, failed
    assert not page.errors, page.errors
    assert_only_localhost(page)


def _english_search(page, sub_server, query: str) -> list[str]:
    page.goto(f"{sub_server}/en/")
    page.wait_for_load_state("load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill(query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")


@pytest.mark.parametrize("query, expected", [
    ("R&D intensity", "/en/indicators/rd-intensity/"),
    ("high-tech enterprises", "/en/indicators/high-tech-enterprises/"),
    ("high-tech enterprise", "/en/indicators/high-tech-enterprises/"),  # stemming: the singular finds the plural
])
def test_english_search_finds_the_english_page_among_the_first_three(page, sub_server, query, expected):
    hrefs = _english_search(page, sub_server, query)
    assert any(h.split("#")[0].split("?")[0].endswith(expected) for h in hrefs[:3]), (query, hrefs[:5])
    assert all("/repo/en/" in h for h in hrefs), hrefs  # each edition's search finds its own pages
    assert not page.errors, page.errors


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_no_chinese_on_english_pages_outside_lang_zh(page, sub_server, path):
    response = page.goto(f"{sub_server}/en/{path}")
    page.wait_for_load_state("load")
    assert response.status == 200
    assert _lang(page) == "en"
    assert page.evaluate(UNMARKED_CHINESE) == []
    assert_only_localhost(page)


def test_english_pages_keep_quotes_in_chinese_and_say_so(page, sub_server):
    page.goto(f"{sub_server}/en/indicators/rd-intensity/")
    page.wait_for_load_state("load")
    quote = page.locator("table.observations blockquote").first
    assert quote.get_attribute("lang") == "zh"
    assert re.search(r"[\u3400-\u9fff]", quote.inner_text(timeout=5000) if quote.is_visible() else quote.text_content())
    assert page.locator("table.observations summary").first.text_content() == "Original text (Chinese)"
    lead = page.locator(".lead-text").text_content()
    assert "Chongqing" in lead and "%" in lead and not re.search(r"[\u3400-\u9fff]", lead)
    assert page.locator(".chart-canvas").get_attribute("aria-label").startswith("Chart of R&D intensity")


def test_english_on_chinese_pages_carries_lang_en(page, sub_server):
    page.goto(f"{sub_server}/indicators/rd-intensity/")
    page.wait_for_load_state("load")
    assert page.locator("dd[lang='en']").text_content().startswith("R&D intensity")
    page.goto(f"{sub_server}/themes/enterprises/")
    page.wait_for_load_state("load")
    assert page.locator("p.subtitle[lang='en']").text_content() == "Technology enterprises"
    assert page.locator("td.what span.en[lang='en']").count() >= 3


def test_a_missing_page_offers_the_english_edition(page, sub_server):
    """A static host answers every missing path with the root 404 page: it links the English edition, in English."""
    response = page.goto(f"{sub_server}/en/no/such/page/")
    assert response.status == 404
    link = page.locator("article [lang='en'] a[href$='/en/']")
    assert link.count() == 1
    link.click()
    page.wait_for_url(f"{sub_server}/en/")
    assert _lang(page) == "en"
