"""MkDocs hooks: hand MkDocs the generated nav, and regenerate pages on data edits under `mkdocs serve`."""
from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads this file by path; `mkdocs serve` run as a script does not put the project on sys.path.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from generator.layout import EDITION_DIR, Layout  # noqa: E402

log = logging.getLogger("mkdocs.hooks.generator")
_command = {"name": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_config(config):
    layout = Layout(Path(config.config_file_path).parent)
    if _command["name"] == "serve":  # `python -m generator build` generates before calling MkDocs
        # Imported here: the generator's imports (pandas, Altair, vl-convert) took seconds of every `mkdocs build`.
        from generator.build import generate

        try:
            report = generate(layout, config.site_url).report
        except OSError as exc:  # a full disk or an unwritable folder: said in one line, not a traceback
            raise PluginError(f"cannot write the generated pages: {exc}") from None
        if not report.ok:
            raise PluginError("invalid data:\n" + "\n".join(str(i) for i in report.errors))
    nav_file = Path(config.docs_dir) / layout.nav_file.name  # each edition's docs_dir has its own nav
    if nav_file.is_file():
        config.nav = json.loads(nav_file.read_text(encoding="utf-8"))
    else:
        log.warning("no generated nav yet: run `python -m generator generate`")
    return config


def on_page_context(context, page, config, nav):
    """The language switch's target: the same page in the other edition where it exists, else that edition's home
    (site_src/ is the Chinese edition at the root, site_src/en/ the English one under /en/)."""
    docs = Path(config.docs_dir)
    english = config.extra.get("edition") == EDITION_DIR  # set by the English edition's configuration only
    other_docs = docs.parent if english else docs / EDITION_DIR
    if not (other_docs / "index.md").is_file():
        return context  # one edition only: no switch
    src = page.file.src_uri
    target = src if (other_docs / src).is_file() else "index.md"
    index = target == "index.md" or target.endswith("/index.md")
    url = target[:-len("index.md")] if index else target[:-3] + "/"
    if target.endswith(".html"):  # the 404 page
        url = target
    # relative to the page itself (use_directory_urls: 'indicators/x/' is two folders below its edition's root)
    depth = page.url.count("/")
    page.meta["alternate"] = "../" * depth + ("../" if english else EDITION_DIR + "/") + url
    page.meta["alternate_lang"] = "zh" if english else "en"
    return context


# A generated table is raw HTML that Markdown passes through untouched, and that search skips
# (data-search-exclude); yet Markdown's HTML parser and the search plugin's each read it whole, which was most of
# MkDocs' time on pages of many figures. The generator marks such blocks; they are set aside before Markdown and put
# back, as they were, in the finished page. Data text in them is escaped, so no data can forge a marker.
_VERBATIM = re.compile(r"^<!--verbatim-->\n(.*?)\n<!--/verbatim-->$", re.M | re.S)
_SET_ASIDE = re.compile(r"<!--verbatim (\d+)-->")
_set_aside: dict[str, list[str]] = {}


def on_page_markdown(markdown: str, page, config, files) -> str:
    blocks: list[str] = []

    def set_aside(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"<!--verbatim {len(blocks) - 1}-->"

    markdown = _VERBATIM.sub(set_aside, markdown)
    _set_aside[page.file.src_uri] = blocks
    return markdown


_PRE = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S)


_CHINESE_TITLE = re.compile(r'<(span|div) class="md-ellipsis">(\s*[^<]*[\u3400-\u9fff][^<]*)</\1>')


def on_post_page(output: str, page, config) -> str:
    """Put back the blocks set aside before Markdown. Drop the indentation and blank lines the theme's templates leave (about a fifth of each page).
    Text inside <pre> and <textarea> keeps its whitespace. On the English edition, a page title that is Chinese (a
    source's title as published, in the nav, header and footer) carries lang="zh"."""
    blocks = _set_aside.pop(page.file.src_uri, [])
    if blocks:
        output = _SET_ASIDE.sub(lambda match: blocks[int(match.group(1))], output)
    # A marked block that came in after on_page_markdown (an included snippet) went through Markdown as it is.
    output = output.replace("<!--verbatim-->\n", "").replace("\n<!--/verbatim-->", "")
    if config.extra.get("edition") == EDITION_DIR:
        output = _CHINESE_TITLE.sub(r'<\1 class="md-ellipsis" lang="zh">\2</\1>', output)
    parts = _PRE.split(output)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"\n[ \t]*(?:\n[ \t]*)*", "\n", parts[i])
    return "".join(parts)


def on_post_build(config) -> None:
    """The search plugin writes its index with every Chinese character as a \\uXXXX escape (six bytes for three):
    written again as UTF-8, the same index is about half the size (hooks run after the search plugin)."""
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
