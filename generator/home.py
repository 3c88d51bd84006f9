"""The home page's data blocks (headline figures, themes, recent sources), as Markdown snippets that the
hand-written site_src/index.md includes with pymdownx.snippets."""
from __future__ import annotations

import jinja2
import pandas as pd

from generator.model import SiteModel
from generator.numbers import plain
from generator.pages import Page

SNIPPETS = ".snippets"  # a dot folder: MkDocs does not publish it as pages
# The indicators readers ask about first (the design card's key indicators), in the order shown.
HEADLINE_INDICATORS = (
    "rd-intensity", "rd-expenditure", "high-tech-enterprises", "tech-enterprises", "invention-patents-per-10k",
    "tech-contract-turnover", "sti-progress-contribution-rate", "high-tech-manufacturing-share",
)
HOME_ENTITY = "chongqing"


def latest_two(observations: pd.DataFrame) -> tuple[dict | None, dict | None]:
    """The latest reported figure (actual, else estimate) and the one before it, for one indicator and place."""
    reported = observations[observations["kind"].isin(["actual", "estimate"])]
    reported = reported[reported["period_form"] != "span"]  # 2016/2020 or 2020年以来 is a total, not a level
    if reported.empty:
        return None, None
    # Same period from several sources: prefer actual over estimate, then the latest publication.
    reported = reported.sort_values(["period_end", "kind_rank", "source_published"], ascending=[True, False, True])
    per_period = reported.drop_duplicates("period_end", keep="last")
    rows = per_period.to_dict(orient="records")
    return rows[-1], (rows[-2] if len(rows) > 1 else None)


def change_text(latest: dict, previous: dict | None) -> str:
    """'比2021年提高0.15个百分点' or '比2020年增长21.0%'; nothing when the two are not comparable."""
    if previous is None or latest["base_unit"] != previous["base_unit"]:
        return ""
    if latest["qualifier"] != "exact" or previous["qualifier"] != "exact":
        return ""  # 超过4.8万 against 约4万 has no honest difference
    label = previous["period_label"]
    if latest["base_unit"] == "percent":
        points = round(latest["value_base"] - previous["value_base"], 4)
        word = "提高" if points >= 0 else "下降"
        return f"比{label}{word}{plain(abs(points))}个百分点"
    if previous["value_base"] == 0:
        return ""
    growth = (latest["value_base"] / previous["value_base"] - 1) * 100
    return f"比{label}{'增长' if growth >= 0 else '下降'}{abs(growth):.1f}%"


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
                      "change": change_text(latest, previous)})
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
