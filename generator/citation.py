"""Citations: what a reader copies to cite a page (text, BibTeX, RIS) and the repository's CITATION.cff."""
from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2

from generator.siteinfo import SiteInfo

_BIBTEX_SPECIAL = re.compile(r"([{}%&$#_\\^~])")


def bibtex_text(value: object) -> str:
    """A BibTeX field value: braces and TeX specials escaped, one line."""
    text = " ".join(str(value).split())
    return _BIBTEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else
                               ("\\" + m.group(1) + ("{}" if m.group(1) in "^~" else "")), text)


def ris_text(value: object) -> str:
    """A RIS field value: one line (a newline would start a new tag)."""
    return " ".join(str(value).split())


def bibtex_key(kind: str, item_id: str, version: str, prefix: str) -> str:
    return re.sub(r"[^A-Za-z0-9:.-]", "-", f"{prefix}:{kind}:{item_id}:{version or 'unreleased'}")


@dataclass(frozen=True)
class Citation:
    kind: str  # indicators | sources | packages
    item_id: str
    title: str
    page: str  # path under the site root, e.g. indicators/rd-intensity/
    licence: str  # label(s) of the data licence(s), e.g. CC BY 4.0
    site: SiteInfo

    @property
    def url(self) -> str:
        return self.site.absolute(self.page)

    @property
    def year(self) -> str:
        return (self.site.released or "")[:4]

    @property
    def key(self) -> str:
        return bibtex_key(self.kind, self.item_id, self.site.version, self.site.settings.citation_prefix)

    def files(self) -> dict[str, str]:
        """Where the downloadable .bib and .ris live, under the site root."""
        base = f"downloads/cite/{self.kind}/{self.item_id}"
        return {"bib": f"{base}.bib", "ris": f"{base}.ris"}

    def context(self) -> dict:
        s = self.site.settings
        return {"cite": self, "site_name": s.site_name_zh, "site_name_en": s.site_name_en, "publisher": s.name}


def make_env_text() -> jinja2.Environment:
    """Plain-text templates (BibTeX, RIS, CFF): no HTML escaping; each format's own escaping is a filter."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates"), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["bibtex"] = bibtex_text
    env.filters["ris"] = ris_text
    env.filters["yamlstr"] = lambda v: '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return env


def bibtex(citation: Citation, env: jinja2.Environment, accessed: str = "") -> str:
    return env.get_template("cite.bib.j2").render(accessed=accessed, **citation.context())


def ris(citation: Citation, env: jinja2.Environment, accessed: str = "") -> str:
    return env.get_template("cite.ris.j2").render(accessed=accessed, **citation.context())


def citation_cff(env: jinja2.Environment, site: SiteInfo, licences: list[str], keywords: list[str]) -> str:
    """CITATION.cff (CFF 1.2.0) for the data set as a whole; `make release` rewrites the root copy."""
    s = site.settings
    return env.get_template("CITATION.cff.j2").render(site=site, site_name=s.site_name_zh, site_name_en=s.site_name_en,
                                                     publisher=s.name, abstract=s.description_zh,
                                                     licences=licences, keywords=keywords)
