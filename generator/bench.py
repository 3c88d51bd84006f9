"""`make bench`: the site's performance budgets, measured on this machine and printed as figures.

Budgets (issue "public site"): full build < 30 s; indicator page HTML < 60 KB; an indicator page transfers
< 150 KB gzip before its load event, chart visible as SVG, the Vega scripts only after; site size linear in
the number of indicators. These are measurements, not tests: the numbers go into the README.
"""
from __future__ import annotations

import csv
import functools
import gzip
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.settings import read_settings
from generator.build import BuildOptions, build_site
from generator.layout import Layout, copy_project
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
PAGE = "indicators/high-tech-enterprises/"


def fresh_copy(target: Path) -> Layout:
    return copy_project(ROOT, target)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def page_sizes(site: Path) -> list[int]:
    return sorted(p.stat().st_size for p in (site / "indicators").glob("*/index.html"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _transfer(site: Path) -> dict:
    """Serve the site on localhost, open an indicator page in Chromium, and sum what it fetched (gzip-compressed,
    as a web server would send it), before and after the load event."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    fetched = []  # (url, gzip size, after load?)
    loaded = {"done": False}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page()
            page.on("load", lambda: loaded.update(done=True))
            page.on("requestfinished", lambda r: fetched.append((r.url, _gzip_size(site, base, r.url), loaded["done"])))
            page.goto(base + PAGE, wait_until="load")
            page.wait_for_selector("figure.chart[data-chart-ready='interactive']", timeout=20000)
            browser.close()
    finally:
        httpd.shutdown()
    before = [f for f in fetched if not f[2]]
    after = [f for f in fetched if f[2]]
    return {"before_kb": sum(f[1] for f in before) / 1024, "before_n": len(before),
            "after_kb": sum(f[1] for f in after) / 1024, "vega_after_load": any("vega-bundle" in f[0] for f in after),
            "vega_kb": sum(f[1] for f in after if "vega-bundle" in f[0]) / 1024,
            "search_kb": sum(f[1] for f in after if "/search/" in f[0] or "workers/search" in f[0]) / 1024,
            "vega_before_load": any("vega-bundle" in f[0] for f in before)}


def _gzip_size(site: Path, base: str, url: str) -> int:
    path = url[len(base):].split("?")[0].split("#")[0]
    file = site / path
    if file.is_dir() or path.endswith("/") or not path:
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0


def synthetic_project(target: Path, indicators: int) -> Layout:
    """The real project with `indicators` made-up indicators of three figures each, to see how size scales."""
    layout = fresh_copy(target)
    codes = layout.codelists / "indicators.csv"
    rows = list(csv.DictReader(codes.open(encoding="utf-8")))
    base = next(r for r in rows if r["id"] == "high-tech-enterprises")
    made = [{**base, "id": f"bench-{n:03d}", "name_zh": f"测试指标{n:03d}"} for n in range(indicators)]
    _write(codes, rows[:0] + made, list(base))
    for package in ("official-series",):
        shutil.rmtree(layout.datasets / package)
    obs_path = layout.datasets / "source-documents/data/observations.csv"
    fields = list(csv.DictReader(obs_path.open(encoding="utf-8")).fieldnames)
    source = next(csv.DictReader((layout.datasets / "source-documents/data/sources.csv").open(encoding="utf-8")))["id"]
    home = read_settings(layout.root).home_place  # the site's own place, from mkdocs.yml
    obs = [{"indicator": f"bench-{n:03d}", "entity": home, "period": str(2018 + y), "value": str(100 + y),
            "unit": "jia", "kind": "actual", "qualifier": "exact", "source": source,
            "quote": f"测试数字{100 + y}家。", "note": ""} for n in range(indicators) for y in range(3)]
    _write(obs_path, obs, fields)
    return layout


def _write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        validate_s = statistics.median(timed(lambda: validate(Layout(ROOT))) for _ in range(3))
        layout = fresh_copy(tmp / "real")
        build_s = timed(lambda: build_site(layout, BuildOptions()))
        sizes = page_sizes(layout.site)
        rows = [("validate (real datasets, median of 3)", f"{validate_s:.2f} s", "< 2 s"),
                ("full build from a fresh copy", f"{build_s:.1f} s", "< 30 s"),
                ("indicator pages", f"{len(sizes)}", ""),
                ("indicator page HTML, median / largest", f"{statistics.median(sizes) / 1024:.0f} KB / {sizes[-1] / 1024:.0f} KB", "< 60 KB"),
                ("whole site on disk", f"{site_bytes(layout.site) / 1e6:.1f} MB", "")]
        if Path("/usr/bin/chromium").exists():
            t = _transfer(layout.site)
            rows += [(f"{PAGE} before load (gzip, {t['before_n']} requests)", f"{t['before_kb']:.0f} KB", "< 150 KB"),
                     ("Vega scripts fetched after the load event", "yes" if t["vega_after_load"] and not t["vega_before_load"] else "NO",
                      "after load"),
                     ("fetched after load (gzip): Vega / search index / all", f"{t['vega_kb']:.0f} / {t['search_kb']:.0f} / "
                      f"{t['after_kb']:.0f} KB", "Vega ≈ 300 KB")]
        small, large = synthetic_project(tmp / "n40", 40), synthetic_project(tmp / "n160", 160)
        build_site(small, BuildOptions())
        build_site(large, BuildOptions())
        grow = (site_bytes(large.site) - site_bytes(small.site)) / 120
        rows += [("page HTML with 40 / 160 indicators", f"{statistics.median(page_sizes(small.site)) / 1024:.1f} KB / "
                  f"{statistics.median(page_sizes(large.site)) / 1024:.1f} KB", "flat"),
                 ("site growth per added indicator", f"{grow / 1024:.0f} KB", "constant")]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'figure':>18}  budget")
    for name, figure, budget in rows:
        print(f"{name:<{width}}  {figure:>18}  {budget}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
