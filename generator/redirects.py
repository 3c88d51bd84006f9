"""Redirects for pages whose id changed: schemas/redirects.csv (`from,to`, paths under the site root such as
`indicators/old-id/,indicators/new-id/`) becomes one small HTML page per old path: a meta refresh, a canonical
link and a plain link, so it works offline, without JavaScript and on any static host."""
from __future__ import annotations

import csv
import io
import posixpath

from generator.i18n import ZH, Language
from generator.issues import Issue
from generator.layout import Layout
from generator.siteinfo import SiteInfo

REDIRECTS_FILE = "redirects.csv"
HEADER = "from,to\n"


def read_redirects(layout: Layout) -> list[tuple[int, str, str]]:
    path = layout.schemas / REDIRECTS_FILE
    if not path.is_file():
        return []
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return [(n, (r.get("from") or "").strip(), (r.get("to") or "").strip()) for n, r in enumerate(reader, start=2)]


def _page_source(path: str) -> set[str]:
    """The generated Markdown files that would be served at a directory URL such as indicators/x/."""
    stem = path.strip("/")
    return {f"{stem}.md", f"{stem}/index.md"}


def redirect_files(layout: Layout, env, site: SiteInfo, generated: set[str],
                   lang: Language = ZH) -> tuple[dict[str, bytes], list[Issue]]:
    """One page per old path; for another edition, under its folder (en/indicators/old-id/ → en/indicators/new-id/)."""
    shown = f"schemas/{REDIRECTS_FILE}"
    files, issues = {}, []
    docs = layout.site_src / lang.prefix
    hand_written = {p.relative_to(docs).as_posix() for p in docs.glob("**/*.md")}
    pages = generated | hand_written
    for row, source, target in read_redirects(layout):
        if not source.endswith("/") or not target.endswith("/") or source.startswith("/") or ".." in source + target:
            issues.append(Issue(shown, row, "from", "redirect-path", f"'{source}' → '{target}' is not a pair of page paths",
                                "expected paths under the site root ending in '/', e.g. indicators/old-id/,indicators/new-id/",
                                severity="warning"))
            continue
        if _page_source(source) & pages:
            issues.append(Issue(shown, row, "from", "redirect-shadows-page", f"'{source}' is still a page; no redirect made",
                                "remove the row, or the page", severity="warning"))
            continue
        if not _page_source(target) & pages and target.strip("/") not in ("",):
            issues.append(Issue(shown, row, "to", "redirect-target-missing", f"'{target}' is not a page of the site",
                                "expected the new page's path, e.g. indicators/new-id/", severity="warning"))
            continue
        relative = posixpath.relpath(target, source) + "/"
        html = env.get_template("redirect.html.j2").render(target_url=site.absolute(lang.prefix + target),
                                                           target_relative=relative, L=lang)
        files[f"{lang.prefix}{source}index.html"] = html.encode("utf-8")
    return files, issues
