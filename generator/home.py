"""The home page's data blocks (headline figures, themes, recent sources), as Markdown snippets that the
hand-written site_src/index.md includes with pymdownx.snippets."""
from __future__ import annotations

import jinja2
import pandas as pd

from generator.english import change_text_en, old_note_en
from generator.i18n import ZH, Language
from generator.model import SiteModel
from generator.summary import base_symbols, change_text, latest_two, old_note, summary_value  # noqa: F401 (re-exported)
from generator.tracker import as_of
from generator.pages import Page
from generator.settings import SiteSettings

SNIPPETS = ".snippets"  # a dot folder: MkDocs does not publish it as pages


def headlines(model: SiteModel, settings: SiteSettings, lang: Language = ZH) -> list[dict]:
    """The home page's cards: the settings' headline indicators, in order, for its home place."""
    cards = []
    for indicator_id in settings.headline_indicators:
        if indicator_id not in model.indicators.index:
            continue
        frame = model.indicator_observations(indicator_id)
        # The card shows the figure the headline rule chose for each period (a summary never, a better tier first).
        latest, previous = latest_two(frame[(frame["entity"] == settings.home_place) & frame["headline"]])
        if latest is None:
            continue
        if lang.english:
            cards.append({"indicator": model.indicators.loc[indicator_id].to_dict(), "latest": latest,
                          "value": latest["display"], "old": old_note_en(latest, as_of(model)),
                          "change": change_text_en(latest, previous)})
            continue
        cards.append({"indicator": model.indicators.loc[indicator_id].to_dict(), "latest": latest,
                      "value": summary_value(latest, base_symbols(model.units)[latest["base_unit"]]),
                      "old": old_note(latest, as_of(model)), "change": change_text(latest, previous)})
    return cards


def home_snippets(model: SiteModel, env: jinja2.Environment, targets: list[dict],
                  settings: SiteSettings = SiteSettings(), lang: Language = ZH) -> dict[str, bytes]:
    themes = []
    for theme_id, theme in model.themes.iterrows():
        n = int((model.observations["indicator"].map(model.indicators["theme"]) == theme_id).sum())
        if n:
            themes.append({**theme.to_dict(), "count": n})
    per_source = model.observations["source"].value_counts()
    recent = [{**s.to_dict(), "count": int(per_source.get(s["id"], 0))}
              for _, s in model.sources.sort_values(["published", "id"], ascending=[False, True]).head(6).iterrows()]
    home = settings.home_place
    home_name = lang.text(model.entities.loc[home], "name") if home in model.entities.index else ""
    # Snippets are included into site_src/index.md, so their links are relative to the home page.
    pages = {
        "headlines.md": Page("index.md", "snippet_headlines.md.j2", {"cards": headlines(model, settings, lang)}, lang),
        "themes.md": Page("index.md", "snippet_themes.md.j2", {"themes": themes}, lang),
        "targets.md": Page("index.md", "snippet_targets.md.j2", {"targets": targets, "home": settings.home_place, "home_name": home_name,
                                                                 "key_indicators": settings.headline_indicators}, lang),
        "recent.md": Page("index.md", "snippet_recent.md.j2", {"sources": recent,
                                                               "observations": len(model.observations),
                                                               "indicators": model.observations["indicator"].nunique()}, lang),
    }
    return {f"{lang.prefix}{SNIPPETS}/{name}": page.render(env).encode("utf-8") for name, page in pages.items()}
