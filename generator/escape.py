"""Escaping for text from data on its way into Markdown pages. HTML escaping is Jinja's autoescape."""
from __future__ import annotations

import html
import json

from markupsafe import Markup

# Characters Python-Markdown treats as syntax when backslash-escaped (its ESCAPED_CHARS, plus '|' of tables).
_MD_SPECIAL = set("\\`*_{}[]()>#+-.!|~")


def md_inline(text: object) -> Markup:
    """Text that renders literally inside a Markdown line: HTML-escaped, then Markdown syntax neutralised."""
    escaped = html.escape(str(text), quote=True)
    return Markup("".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in escaped).replace("\n", " "))


def yaml_string(text: object) -> Markup:
    """A front-matter value, HTML-escaped: MkDocs themes insert page.meta.title and .description into HTML
    without escaping (their Jinja has no autoescape). JSON strings are valid YAML scalars."""
    return Markup(json.dumps(html.escape(str(text), quote=True), ensure_ascii=False))


def safe_url(url: object) -> str:
    """Only http(s) links reach a page; anything else (javascript:, data:) is dropped."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""
