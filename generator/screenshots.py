"""`make screenshots`: the README's two phone screenshots (home and an indicator page), taken from the built
site in Debian's Chromium at 390×844, the size of a common phone. Run `make site` first."""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".github" / "screenshots"  # beside the README on GitHub (the top level is fixed)
SHOTS = {"phone-home.png": "", "phone-indicator.png": "indicators/high-tech-enterprises/"}
PHONE = {"width": 390, "height": 844}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def take(site: Path, out: Path, shots: dict[str, str] = SHOTS) -> list[Path]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN", is_mobile=True,
                                          has_touch=True, color_scheme="light")
            page = context.new_page()
            for name, path in shots.items():
                # the chart is the static SVG in the page (Vega loads only when a reader touches it): nothing to wait for
                page.goto(base + path, wait_until="load")
                page.screenshot(path=str(out / name))  # the first screen, as a reader sees it
                written.append(out / name)
            browser.close()
    finally:
        httpd.shutdown()
    return written


def main() -> int:
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        print("no built site: run `make site` first", file=sys.stderr)
        return 1
    for path in take(site, OUT):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
