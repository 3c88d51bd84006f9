"""The figures' downloads: CSV, Excel and JSON of each indicator and of the whole site, and a CSV of each source's
and each place's own figures. One set, linked from every edition.

They depend on the data alone, not on the pages, so they are made beside the pages: in a forked process where the
editions are (content.OtherEditions), else in this one. At 1,000 indicators they are a third of the first
edition's work, which otherwise ran on one core while the other was idle. A source's or a place's CSV is published
only when its page is cut to the page budget (the page decides): every one is made, and the pages say which to
keep (Content.wanted_downloads).
"""
from __future__ import annotations

from generator.model import SiteModel
from generator.research import Research

OPTIONAL = ("downloads/sources/", "downloads/places/")  # published when a page asks for them
PLACE_ORDER = ["indicator", "entity", "period_end"]  # a place's figures as its page lists them


def observation_downloads(model: SiteModel, research: Research, files) -> None:
    """Every download of the figures into `files` (a dict, or a SpooledFiles: the whole site's files go in pieces)."""
    for indicator_id, indicator in model.indicators.iterrows():
        index = model.indicator_observations(indicator_id).index
        if index.empty:
            continue
        base = f"downloads/indicators/{indicator_id}"
        files[f"{base}.csv"] = research.csv(index)
        files[f"{base}.xlsx"] = research.xlsx(index, indicator["name_zh"])
        files[f"{base}.json"] = research.json(index)
    for source_id in model.sources["id"].drop_duplicates():
        index = model.source_observations(source_id).index
        if not index.empty:
            files[f"downloads/sources/{source_id}.csv"] = research.csv(index)
    for entity_id in model.entities.index:
        own = model.observations[model.observations["entity"] == entity_id]
        if not own.empty:
            files[f"downloads/places/{entity_id}.csv"] = research.csv(
                own.sort_values(PLACE_ORDER, kind="stable").index)
    everything = model.observations.index
    research.put_csv_and_json(files, "downloads/observations", everything)
    files["downloads/observations.xlsx"] = research.xlsx(everything, f"{research.site.settings.site_name_zh}：全部数据")


def published(path: str, wanted: set[str]) -> bool:
    """Whether a made download is published: always, but a source's or place's CSV only when its page asked."""
    return not path.startswith(OPTIONAL) or path in wanted
