"""CITATION.cff at the repository root, rendered from the site's identity and the packages' data licences."""
from __future__ import annotations

from generator import citation, licences
from generator.layout import Layout
from generator.load import discover, read_json
from generator.settings import SiteSettings
from generator.siteinfo import SiteInfo


def data_licence_ids(layout: Layout, default: str = licences.DEFAULT) -> list[str]:
    ids = []
    for folder in discover(layout):
        data, _ = read_json(folder / "datapackage.json", layout)
        ids += [l.name for l in licences.data_licences(data or {}) if l.name not in ids]
    return ids or [default]


def write_citation_cff(layout: Layout, site_url: str, settings: SiteSettings):
    """A renderer for make_release: (version, date) → the text of CITATION.cff."""
    ids = data_licence_ids(layout, settings.licence)
    return lambda version, released: citation.citation_cff(
        citation.make_env_text(), SiteInfo(site_url, version, released, settings), ids, list(settings.keywords_citation))
