"""The home page's data blocks (headline figures, themes, recent sources), as Markdown snippets that the
hand-written site_src/index.md includes with pymdownx.snippets."""
from __future__ import annotations

import jinja2
import pandas as pd

from generator.model import SiteModel
from generator.summary import base_symbols, change_text, latest_two, old_note, summary_value  # noqa: F401 (re-exported)
from generator.tracker import as_of
from generator.pages import Page

SNIPPETS = ".snippets"  # a dot folder: MkDocs does not publish it as pages
# The indicators readers ask about first (the design card's key indicators), in the order shown.
HEADLINE_INDICATORS = (
    "rd-intensity", "rd-expenditure", "high-tech-enterprises", "tech-enterprises", "invention-patents-per-10k",
    "tech-contract-turnover", "sti-progress-contribution-rate", "high-tech-manufacturing-share",
)
HOME_ENTITY = "chongqing"


def headlines(model: SiteModel) -> list[dict]:
    cards = []
    for indicator_id in HEADLINE_INDICATORS:
        if indicator_id not in model.indicators.index:
            continue
        frame = model.indicator_observations(indicator_id)
        # The card shows the figure the headline rule chose for each period (a summary never, a better tier first).
        latest, previous = latest_two(frame[(frame["entity"] == HOME_ENTITY) & frame["headline"]])
        if latest is None:
            continue
        cards.append({"indicator": model.indicators.loc[indicator_id].to_dict(), "latest": latest,
                      "value": summary_value(latest, base_symbols(model.units)[latest["base_unit"]]),
                      "old": old_note(latest, as_of(model)), "change": change_text(latest, previous)})
    return cards


def home_snippets(model: SiteModel, env: jinja2.Environment, targets: list[dict]) -> dict[str, bytes]:
    themes = []
    for theme_id, theme in model.themes.iterrows():
        n = int((model.observations["indicator"].map(model.indicators["theme"]) == theme_id).sum())
        if n:
            themes.append({**theme.to_dict(), "count": n})
    per_source = model.observations["source"].value_counts()
    recent = [{**s.to_dict(), "count": int(per_source.get(s["id"], 0))}
              for _, s in model.sources.sort_values(["published", "id"], ascending=[False, True]).head(6).iterrows()]
    # Snippets are included into site_src/index.md, so their links are relative to the home page.
    pages = {
        "headlines.md": Page("index.md", "snippet_headlines.md.j2", {"cards": headlines(model)}),
        "themes.md": Page("index.md", "snippet_themes.md.j2", {"themes": themes}),
        "targets.md": Page("index.md", "snippet_targets.md.j2", {"targets": targets,
                                                                 "key_indicators": HEADLINE_INDICATORS}),
        "recent.md": Page("index.md", "snippet_recent.md.j2", {"sources": recent,
                                                               "observations": len(model.observations),
                                                               "indicators": model.observations["indicator"].nunique()}),
    }
    return {f"{SNIPPETS}/{name}": page.render(env).encode("utf-8") for name, page in pages.items()}
