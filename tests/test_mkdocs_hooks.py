"""The MkDocs hooks, run on real Markdown: what they change in MkDocs' work must not change a page's bytes."""
from types import SimpleNamespace

import markdown

from generator import mkdocs_hooks

EXTENSIONS = ["attr_list", "admonition", "tables", "toc"]  # mkdocs.yml's, less the snippets it reads from disk
TABLE = ('<div class="no-search" data-search-exclude>\n<table class="cards">\n<tbody>\n'
         '<tr class="kind-actual"><td>2020年</td><td><details><summary>原文</summary><blockquote>达到 *4222* 家</blockquote>'
         '</details></td></tr>\n\n<tr class="kind-target"><td>  2027年</td></tr>\n</tbody>\n</table>\n</div>')
PAGE = f"""# 高新技术企业数量

导语：**1.27万家**。

<details class="indicator-group"><summary>组</summary>
<!--verbatim-->
{TABLE}
<!--/verbatim-->
</details>

<!--verbatim-->
{TABLE.replace("2020年", "2021年")}
<!--/verbatim-->
<p class="more-figures">另有 3 条。</p>
"""


def _page(uri: str = "indicators/x.md"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri))


def _mkdocs_output(text: str, config) -> str:
    page = _page()
    text = mkdocs_hooks.on_page_markdown(text, page, config, None)
    return mkdocs_hooks.on_post_page(markdown.markdown(text, extensions=EXTENSIONS), page, config)


def test_blocks_set_aside_before_markdown_come_back_as_markdown_would_have_passed_them():
    config = SimpleNamespace(extra={})
    whole = mkdocs_hooks.on_post_page(markdown.markdown(PAGE, extensions=EXTENSIONS), _page(), config)
    set_aside = _mkdocs_output(PAGE, config)
    assert set_aside == whole.replace("<!--verbatim-->\n", "").replace("\n<!--/verbatim-->", "")
    assert "<!--verbatim" not in set_aside and "<!--/verbatim" not in set_aside
    assert set_aside.count("<blockquote>达到 *4222* 家</blockquote>") == 2  # untouched by Markdown: no <em>
    assert "2021年" in set_aside and "<h1 id=" in set_aside and "<strong>1.27万家</strong>" in set_aside
    assert mkdocs_hooks._set_aside == {}  # nothing kept once the page is out


def test_markdown_does_not_see_the_set_aside_blocks():
    page = _page()
    text = mkdocs_hooks.on_page_markdown(PAGE, page, SimpleNamespace(extra={}), None)
    assert "<table" not in text and text.count("<!--verbatim ") == 2
    mkdocs_hooks._set_aside.clear()
