"""Everything the generator publishes, as {path under site_src/: bytes}. Nothing is written here."""
from __future__ import annotations

import json

import jinja2
import pandas as pd
import vl_convert

from generator.charts import ChartOptions, chart_frame, indicator_chart, render_svg, spec_json
from generator.downloads import observations_csv, observations_json, package_files
from generator.layout import Layout
from generator.model import SiteModel
from generator.pages import Page

VEGA_BUNDLE = "assets/vendor/vega-bundle.js"


def _counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["kind"].value_counts()
    return {k: int(counts.get(k, 0)) for k in ("actual", "estimate", "target")}


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict(orient="records")


def indicator_files(model: SiteModel, env: jinja2.Environment) -> dict[str, bytes]:
    files = {}
    for indicator_id, indicator in model.indicators.iterrows():
        observations = model.indicator_observations(indicator_id)
        if observations.empty:
            continue
        unit_symbol = model.units.loc[indicator["unit"], "symbol_zh"]
        spec = spec_json(indicator_chart(chart_frame(observations), ChartOptions(indicator["name_zh"], unit_symbol)))
        svg = render_svg(spec)
        files[f"assets/charts/{indicator_id}.vl.json"] = spec.encode("utf-8")
        files[f"assets/charts/{indicator_id}.svg"] = svg.encode("utf-8")
        files[f"downloads/indicators/{indicator_id}.csv"] = observations_csv(observations)
        files[f"downloads/indicators/{indicator_id}.json"] = observations_json(observations)
        page = Page(f"indicators/{indicator_id}.md", "indicator.md.j2", {
            "indicator": indicator.to_dict(), "unit_symbol": unit_symbol, "svg": svg,
            "theme": model.themes.loc[indicator["theme"]].to_dict(), "counts": _counts(observations),
            "observations": _records(observations), "show_indicator": False, "show_source": True,
        })
        files[page.path] = page.render(env).encode("utf-8")
    return files


def _indicator_summaries(model: SiteModel, theme_id: str | None = None) -> list[dict]:
    counts = model.observations["indicator"].value_counts()
    rows = model.indicators if theme_id is None else model.indicators[model.indicators["theme"] == theme_id]
    return [{"id": i, "name_zh": r["name_zh"], "count": int(counts.get(i, 0))}
            for i, r in rows.iterrows() if counts.get(i, 0)]


def theme_files(model: SiteModel, env: jinja2.Environment) -> dict[str, bytes]:
    files, groups = {}, []
    for theme_id, theme in model.themes.iterrows():
        indicators = _indicator_summaries(model, theme_id)
        if not indicators:
            continue
        groups.append({"theme": theme.to_dict(), "indicators": indicators})
        page = Page(f"themes/{theme_id}.md", "theme.md.j2", {"theme": theme.to_dict(), "indicators": indicators})
        files[page.path] = page.render(env).encode("utf-8")
    index = Page("indicators/index.md", "indicators_index.md.j2", {
        "groups": groups, "total": sum(len(g["indicators"]) for g in groups), "observations": len(model.observations)})
    files[index.path] = index.render(env).encode("utf-8")
    return files


def source_files(model: SiteModel, env: jinja2.Environment) -> dict[str, bytes]:
    files, listing = {}, []
    for _, source in model.sources.sort_values(["published", "id"]).iterrows():
        observations = model.source_observations(source["id"])
        listing.append({**source.to_dict(), "count": len(observations)})
        page = Page(f"sources/{source['id']}.md", "source.md.j2", {
            "source": source.to_dict(), "observations": _records(observations), "counts": _counts(observations)})
        files[page.path] = page.render(env).encode("utf-8")
    index = Page("sources/index.md", "sources_index.md.j2", {"sources": listing})
    files[index.path] = index.render(env).encode("utf-8")
    return files


def download_files(layout: Layout, model: SiteModel, env: jinja2.Environment) -> dict[str, bytes]:
    files = {"downloads/observations.csv": observations_csv(model.observations),
             "downloads/observations.json": observations_json(model.observations)}
    packages = []
    for package in model.packages:
        for path, data in package_files(layout, package).items():
            files[f"downloads/packages/{package.id}/{path}"] = data
        packages.append({"id": package.id, "title": package.metadata.get("title", package.id)})
    page = Page("downloads/index.md", "downloads_index.md.j2", {
        "packages": packages, "indicators": _indicator_summaries(model), "observations": len(model.observations)})
    files[page.path] = page.render(env).encode("utf-8")
    return files


def nav(model: SiteModel) -> list:
    """MkDocs nav, handed over by the hooks file (mkdocs.yml stays hand-written).

    Indicator pages are reached through their theme pages and breadcrumbs, not listed in the nav:
    mkdocs-material repeats the nav in every page, so listing them would make each page grow with
    the number of indicators and the whole site grow with its square.
    """
    themes = [f"themes/{t}.md" for t in model.themes.index if _indicator_summaries(model, t)]
    sources = ["sources/index.md"] + [f"sources/{s}.md" for s in model.sources.sort_values(["published", "id"])["id"]]
    return [
        {"首页": "index.md"},
        {"指标": ["indicators/index.md", *themes]},
        {"来源文献": sources},
        {"数据下载": "downloads/index.md"},
        {"方法说明": "methodology.md"},
        {"关于": "about.md"},
    ]


def bundle_header() -> str:
    return (f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite, vega-embed {vl_convert.get_vega_embed_version()}: "
            "bundled offline by vl-convert-python; BSD-3-Clause licensed. */\n")


def vega_bundle() -> bytes:
    return (bundle_header() + vl_convert.javascript_bundle()).encode("utf-8")


def site_files(layout: Layout, model: SiteModel, env: jinja2.Environment) -> dict[str, bytes]:
    files = {}
    files.update(indicator_files(model, env))
    files.update(theme_files(model, env))
    files.update(source_files(model, env))
    files.update(download_files(layout, model, env))
    return files


def nav_json(model: SiteModel) -> bytes:
    return (json.dumps(nav(model), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
