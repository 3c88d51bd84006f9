"""Every page type on a phone (390×844) and a desktop (1366×900), in both palettes: no horizontal overflow, no
text set one character per line, nothing over the chart, and axe-core with no serious or critical violation.
Then the charts themselves: one colour for 重庆市 everywhere, legend symbols that match the marks, no two text
labels overlapping, the place switch and keyboard access.

One browser, one page load per page type; the viewport and the palette are switched in place."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import IN_CI, REPO
from test_browser import browser, server, sub_server  # noqa: F401 (fixtures)

from generator.chart_data import MAIN_COLOUR

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PAGES = {
    "home": "",
    "indicator": "indicators/high-tech-enterprises/",
    "indicator-places": "indicators/rd-intensity/",
    "theme": "themes/enterprises/",
    "place": "places/western-science-city/",
    "source": "sources/cqrd-2023-science-city-report/",
    "targets": "targets/",
    "downloads": "downloads/",
    "search": "?q=%E9%AB%98%E6%96%B0",  # Material opens search with the query from ?q=
    "404": "no-such-page/",
    # the English edition (generator/editions.py): same templates, English words, Chinese quotes marked lang="zh"
    "en-home": "en/",
    "en-indicator": "en/indicators/rd-intensity/",
    "en-place": "en/places/western-science-city/",
    "en-source": "en/sources/cqrd-2023-science-city-report/",
    "en-targets": "en/targets/",
    "en-404": "en/404.html",  # a static host answers a missing path with the root 404 page; this one is linked
}


def axe_source() -> str:
    if not AXE.is_file():
        message = f"{AXE} is missing: run `npm ci` at the repository root"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_page(browser, sub_server):  # noqa: F811
    """One browser context for the whole module; tests navigate it (pages are reused, not re-created)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.errors, page.warnings = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "warning" and page.warnings.append(message.text))
    page.server = sub_server  # the site is built for /repo/ (conftest.TEST_SITE_URL), as it is deployed
    yield page
    context.close()


def open_page(page, path: str):
    response = page.goto(f"{page.server}/{path}")
    page.wait_for_load_state("load")
    if page.locator("figure.chart[data-chart-spec]").count():
        # Vega loads only when the reader reaches for the chart (charts.js): a pointer on it starts the upgrade.
        page.wait_for_selector("figure.chart[data-chart-armed]", timeout=20000)
        page.locator("figure.chart").first.dispatch_event("pointerenter")
        page.wait_for_selector("figure.chart[data-chart-ready='interactive']", timeout=20000)
    return response


NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def set_palette(page, scheme: str) -> None:
    """What Material's palette toggle does: switch the body's colour scheme (transitions are off, so axe
    measures the final colours, not a frame halfway through the theme's 125 ms colour transition)."""
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)


LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`page is ${root.scrollWidth}px wide in ${root.clientWidth}px`);
  // Text set one character per line: a box at least three lines tall and under two characters wide.
  for (const el of document.querySelectorAll('article td, article th, article li, article p, article a, article dd, article summary, article h1, article h2, article h3')) {
    const text = (el.innerText || '').trim();
    if (text.length < 4 || el.offsetParent === null) continue;
    const head = el.closest('thead');  // a phone's cards keep the header for screen readers, visually hidden
    if (head && head.getBoundingClientRect().width <= 1) continue;
    const style = getComputedStyle(el), rect = el.getBoundingClientRect();
    const size = parseFloat(style.fontSize);
    if (rect.width >= 4 && rect.width < 2.2 * size && rect.height > 3.2 * size) problems.push(`one character per line: ${text.slice(0, 20)}`);
  }
  // Nothing covers the chart: the topmost element at points across the plot belongs to the chart.
  const canvas = document.querySelector('figure.chart .chart-canvas');
  if (canvas) {
    const r = canvas.getBoundingClientRect();
    window.scrollTo(0, window.scrollY + r.top - 60);
    const s = canvas.getBoundingClientRect();
    for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.15, 0.5, 0.85]) {
      const x = s.left + fx * s.width, y = s.top + fy * s.height;
      if (y < 0 || y > window.innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && !canvas.contains(hit)) problems.push(`chart covered at ${fx},${fy} by ${hit.tagName}.${hit.className}`);
    }
    window.scrollTo(0, 0);
  }
  return problems;
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n')[1]).join(' | '));
}"""


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_type_reads_well_on_phone_and_desktop_in_both_palettes(site_page, kind):
    page, axe = site_page, axe_source()
    page.set_viewport_size(VIEWPORTS["phone"])
    response = open_page(page, PAGES[kind])
    assert response.status == (404 if kind == "404" else 200)
    if kind == "search":  # the results, not an empty search box, are what axe and the layout checks look at
        page.wait_for_selector(".md-search-result__item", timeout=20000)
    page.add_script_tag(content=axe)
    page.add_style_tag(content=NO_TRANSITIONS)
    found = {}
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        found[f"{name} layout"] = page.evaluate(LAYOUT_PROBLEMS)
        for scheme in ("default", "slate"):
            set_palette(page, scheme)
            found[f"{name} {scheme} axe"] = page.evaluate(AXE_RUN)
        set_palette(page, "default")
    assert not {k: v for k, v in found.items() if v}, found
    assert not page.errors, page.errors


CHARTS = ("high-tech-enterprises", "rd-intensity", "tech-enterprises", "rd-expenditure")

CHART_FACTS = """() => {
  const svg = document.querySelector('figure.chart .vega-embed svg');
  const texts = [...svg.querySelectorAll('text')].filter(t => {
    const s = getComputedStyle(t);
    return t.textContent.trim() && s.opacity !== '0' && t.getAttribute('opacity') !== '0' && s.display !== 'none';
  });
  const boxes = texts.map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom}; });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5) overlaps.push(`${a.text} / ${b.text}`);
  }
  const paint = (el, prop) => el ? getComputedStyle(el)[prop] : null;
  const legend = k => document.querySelector(`.chart-legend .key-${k} svg`);
  const marks = name => [...svg.querySelectorAll(`.${name}_marks path`)];
  return {
    overlaps,
    labels: [...svg.querySelectorAll('.label_above_marks text, .label_below_marks text')].map(t => t.textContent),
    mainColours: [...new Set(['line', 'actual', 'estimate', 'target'].flatMap(marks).map(p => p.getAttribute('stroke') || p.getAttribute('fill')))],
    legend: {actual: [paint(legend('actual'), 'fill'), legend('actual') && legend('actual').querySelector('circle') !== null],
             estimate: [paint(legend('estimate'), 'fill'), legend('estimate') && legend('estimate').querySelector('circle') !== null],
             target: [paint(legend('target'), 'fill'), legend('target') && legend('target').querySelector('path') !== null],
             other: [paint(legend('other'), 'stroke'), !!legend('other')]},
    marks: {actual: marks('actual').map(p => [p.getAttribute('fill'), (p.getAttribute('d') || '').includes('A')]),
            estimate: marks('estimate').map(p => [p.getAttribute('fill'), (p.getAttribute('d') || '').includes('A')]),
            target: marks('target').map(p => [p.getAttribute('fill'), (p.getAttribute('d') || '').includes('A')]),
            other: marks('others').map(p => [p.getAttribute('stroke') || p.getAttribute('fill')])},
  };
}"""
EMPTY = (None, "transparent", "none", "rgba(0, 0, 0, 0)")


def test_charts_share_the_main_colour_match_the_legend_and_labels_never_overlap(site_page):
    page = site_page
    colours = {}
    for viewport in ("phone", "desktop"):
        page.set_viewport_size(VIEWPORTS[viewport])
        for indicator in CHARTS:
            open_page(page, f"indicators/{indicator}/")
            facts = page.evaluate(CHART_FACTS)
            assert not facts["overlaps"], (viewport, indicator, facts["overlaps"])
            colours[indicator] = facts["mainColours"]
            legend, marks = facts["legend"], facts["marks"]
            # Each kind drawn has its legend entry, with the same symbol: solid circle, hollow circle, solid diamond.
            for kind in ("actual", "estimate", "target"):
                assert bool(marks[kind]) == (legend[kind][0] is not None), (indicator, kind, legend, marks)
            assert all(fill not in EMPTY and circle for fill, circle in marks["actual"]), marks
            assert all(fill in EMPTY and circle for fill, circle in marks["estimate"]), marks  # hollow
            assert all(fill not in EMPTY and not circle for fill, circle in marks["target"]), marks  # diamonds
            if marks["actual"]:
                assert legend["actual"] == [legend["actual"][0], True] and legend["actual"][0] not in EMPTY
            if marks["estimate"]:
                assert legend["estimate"] == ["none", True]
            if marks["target"]:
                assert legend["target"][0] not in EMPTY and legend["target"][1]
            if marks["other"]:
                assert legend["other"][1] and {m[0] for m in marks["other"]} == {"#8a8a8a"}
    assert not [w for w in page.warnings if "Infinite extent" in w], page.warnings  # no empty layer sets a domain
    # 重庆市 is the only place in the default view: every mark of every chart has its one colour.
    assert all(c == [MAIN_COLOUR] for c in colours.values()), colours
    assert len(colours) >= 3


STATIC_OVERLAPS = """() => [...document.querySelectorAll('div.c')].flatMap(div => {
  const texts = [...div.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getAttribute('opacity') !== '0');
  const boxes = texts.map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom}; });
  const found = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5) found.push(`${div.dataset.id}: ${a.text} / ${b.text}`);
  }
  return found;
})"""


def test_no_text_overlaps_in_any_static_chart(browser, built_site):  # noqa: F811
    """Every chart's build-time SVG, at phone width: no two texts (labels, ticks, title) overlap."""
    svgs = sorted((built_site.site / "assets" / "charts").glob("*.svg"))
    html = "".join(f"<div class='c' data-id='{p.stem}' style='width:358px'>{p.read_text(encoding='utf-8')}</div>" for p in svgs)
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.set_content(f"<!doctype html><meta charset='utf-8'><style>svg{{width:100%;height:auto}}</style><body>{html}</body>")
    overlaps = page.evaluate(STATIC_OVERLAPS)
    context.close()
    assert len(svgs) > 100 and not overlaps, overlaps


def test_static_svg_is_readable_at_phone_width_before_any_script(browser, server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/indicators/high-tech-enterprises/")
    sizes = page.evaluate("""() => [...document.querySelectorAll('figure.chart .chart-canvas > svg text')]
        .map(t => t.getBoundingClientRect().height).filter(h => h > 0)""")
    width = page.evaluate("document.querySelector('figure.chart .chart-canvas > svg').getBoundingClientRect().width")
    context.close()
    assert width >= 320 and min(sizes) >= 10, (width, sizes)  # 11 px labels stay at least 10 px on a phone


def test_reader_switches_places_with_the_keyboard(site_page):
    page = site_page
    page.set_viewport_size(VIEWPORTS["phone"])
    open_page(page, "indicators/rd-intensity/")
    symbols = "document.querySelectorAll('figure.chart .vega-embed .mark-symbol path').length"
    before = page.evaluate(symbols)
    button = page.locator("figure.chart .chart-scope button[data-scope='all']")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("figure.chart[data-scope='all']")
    page.wait_for_function(f"{symbols} > {before}")
    assert button.get_attribute("aria-pressed") == "true"
    # The equivalent of the tooltips for keyboard users: the data table, linked from the caption.
    assert page.locator("figure.chart figcaption a[href$='#data']").count() == 1
    # (cut to the page-weight budget: the newest figures of every place, the rest in the downloads it links)
    assert page.locator("#data ~ .no-search table.observations tbody tr").count() >= 10
    assert page.locator("#data ~ p.more-figures a[href$='rd-intensity.csv']").count() == 1


def test_no_vega_action_menu_and_the_sites_own_links(site_page):
    page = site_page
    open_page(page, "indicators/high-tech-enterprises/")
    assert page.locator("figure.chart .vega-actions, figure.chart details").count() == 0
    links = page.eval_on_selector_all("figure.chart figcaption a[download]", "as => as.map(a => a.textContent)")
    assert links == ["SVG", "PNG", "CSV"]
    label = page.get_attribute("figure.chart .chart-canvas", "aria-label")
    lead = page.inner_text(".lead-text")
    assert lead in label  # the text alternative carries the same sentence as the visible lead


def test_footer_is_in_chinese(site_page):
    page = site_page
    open_page(page, "")
    footer = page.inner_text("footer")
    assert "Made with" not in footer and "生成" in footer
