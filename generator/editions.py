"""The English edition as a second MkDocs site under /en/: its configuration (inheriting mkdocs.yml) and the
sitemaps that list both editions with their hreflang alternates.

Why a second MkDocs build and not the mkdocs-static-i18n plugin: the plugin merges every language into one search
index (the theme loads one index for the whole site, so Chinese and English results mix, and the English pages'
search would also run jieba's Chinese pipeline), and its per-page switch is not compatible with instant navigation
(it warns, which fails a --strict build). Two builds give each edition its own search index and stemmer, its own
<html lang>, theme strings and nav, at the cost of a second MkDocs run (README: build budget).
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from generator.layout import EDITION_DIR, EN_MKDOCS_YML, Layout
from generator.settings import SiteSettings

LOCALES = Path(__file__).resolve().parent / "locales"


def ui_strings(code: str) -> dict[str, str]:
    """The UI strings of one language (generator/locales/<code>.json): Chinese text → its translation."""
    path = LOCALES / f"{code}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def english_config(settings: SiteSettings, site_url: str) -> str:
    """The English edition's mkdocs configuration: mkdocs.yml with the English docs_dir, names, theme language and
    search. JSON is YAML, so values from the settings need no YAML escaping of their own."""
    strings = ui_strings("en")
    palette = [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo",
         "toggle": {"icon": "material/weather-night", "name": strings["切换到深色模式"]}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo",
         "toggle": {"icon": "material/weather-sunny", "name": strings["切换到浅色模式"]}},
    ]
    values = {
        "INHERIT": "mkdocs.yml",
        "site_name": settings.site_name_en,
        "site_description": settings.description_en,
        "site_url": site_url.rstrip("/") + f"/{EDITION_DIR}/",
        "copyright": strings["copyright"],
        "docs_dir": f"site_src/{EDITION_DIR}",
        "theme": {"language": "en", "palette": palette},
        # English stemming (the theme's English default has none), and "R&D" found as R and D (titles are escaped: R&amp;D)
        "plugins": [{"search": {"lang": "en", "separator": r"[\s\-&;,:()/]+",
                                "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}}],
        "exclude_docs": "",
        "extra_css": ["../assets/stylesheets/site.css"],
        "extra_javascript": ["../assets/javascripts/charts.js", "../assets/javascripts/cite.js"],
        "extra": {"edition": EDITION_DIR},
    }
    return "# Written by `python -m generator build` (generator/editions.py): the English edition. Do not edit.\n" + \
        "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()) + "\n"


def write_english_config(layout: Layout, settings: SiteSettings, site_url: str) -> Path:
    path = layout.root / EN_MKDOCS_YML
    text = english_config(settings, site_url)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


_URL = re.compile(r"<url>\s*<loc>(.*?)</loc>(.*?)</url>", re.S)


def _entries(sitemap: Path) -> list[tuple[str, str]]:
    return _URL.findall(sitemap.read_text(encoding="utf-8")) if sitemap.is_file() else []


def merge_sitemaps(site_dir: Path, site_url: str, mtime: int = 0) -> None:
    """The root sitemap lists both editions, each page with its hreflang alternates (xhtml:link); /en/sitemap.xml
    lists the English pages with theirs. (The theme's instant navigation, if a publisher turns it on, only takes
    over links to pages in its own edition's sitemap keys; the language switch is target=_self, so a page of the
    other edition loads in full.)"""
    root = site_url.rstrip("/") + "/"
    english_root = root + EDITION_DIR + "/"
    zh = _entries(site_dir / "sitemap.xml")
    en = _entries(site_dir / EDITION_DIR / "sitemap.xml")
    if not en:
        return
    en_locs = {loc for loc, _ in en}
    pairs = {}
    for loc, _ in zh:
        other = english_root + loc[len(root):]
        if other in en_locs:
            pairs[loc], pairs[other] = other, loc

    def url(loc: str, rest: str) -> str:
        links = ""
        if loc in pairs:
            mine_en = loc.startswith(english_root)
            zh_loc, en_loc = (pairs[loc], loc) if mine_en else (loc, pairs[loc])
            links = (f'<xhtml:link rel="alternate" hreflang="zh" href="{zh_loc}"/>'
                     f'<xhtml:link rel="alternate" hreflang="en" href="{en_loc}"/>')
        return f"<url><loc>{loc}</loc>{rest.strip()}{links}</url>"

    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
    for path, entries in ((site_dir / "sitemap.xml", zh + en), (site_dir / EDITION_DIR / "sitemap.xml", en)):
        text = head + "\n".join(url(loc, rest) for loc, rest in entries) + "\n</urlset>\n"
        path.write_text(text, encoding="utf-8")
        with open(path.with_suffix(".xml.gz"), "wb") as raw, \
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as out:
            out.write(text.encode("utf-8"))
