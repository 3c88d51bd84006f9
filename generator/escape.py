"""Escaping for text from data on its way into Markdown pages. HTML escaping is Jinja's autoescape."""
from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

# Inline syntax anywhere in a line: emphasis, code, links, attribute lists ({: #id}) and table pipes.
_MD_INLINE = set("\\`*_{}[]|")
# Block syntax only where a line starts: headings (#), lists (- + 1.), quotes (> is HTML-escaped already).
_LINE_START = re.compile(r"^(\s*)([#+-]|\d+(?=[.)]))")


def md_inline(text: object) -> Markup:
    """Text that renders literally inside a Markdown line: HTML-escaped, then Markdown syntax neutralised.
    Both GitHub and Python-Markdown honour these backslash escapes."""
    escaped = html.escape(str(text), quote=True).replace("\n", " ").replace("\r", " ")
    escaped = "".join("\\" + ch if ch in _MD_INLINE else ch for ch in escaped)
    escaped = _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), escaped)
    return Markup(escaped)


def yaml_string(text: object) -> Markup:
    """A front-matter value, HTML-escaped: MkDocs themes insert page.meta.title and .description into HTML
    without escaping (their Jinja has no autoescape). JSON strings are valid YAML scalars."""
    return Markup(json.dumps(html.escape(str(text), quote=True), ensure_ascii=False))


def safe_url(url: object) -> str:
    """Only http(s) links reach a page; anything else (javascript:, data:) is dropped."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""
