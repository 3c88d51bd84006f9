"""Everything the generator publishes, as {path under site_src/: bytes}. Nothing is written here."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd
import vl_convert

from generator import downloads, licences
from generator.chart_data import main_entity, place_colours
from generator.charts import ChartOptions, chart_frame, indicator_spec, render_all, spec_json
from generator.home import home_snippets, latest_two
from generator.generic import extra_resources, generic_files, generic_packages
from generator.english import (chart_description_en, english_model, english_spec, lead_en, old_note_en,
                               unit_label)
from generator.layout import NAV_FILE, Layout
from generator.i18n import ZH, Language
from generator.issues import Issue
from generator.model import SiteModel
from generator.pages import Page
from generator.redirects import redirect_files
from generator.research import Research, indicator_jsonld, research_files, research_pages
from generator.search_terms import synonyms_for
from generator.series import HEADLINE_RULE, versions
from generator.settings import SiteSettings
from generator.siteinfo import SiteInfo
from generator.summary import base_symbols as summary_base_symbols
from generator.summary import chart_description, lead, old_note, summary_value
from generator.tracker import as_of, target_rows

VEGA_BUNDLE = "assets/vendor/vega-bundle.js"


@dataclass(frozen=True)
class ContentOptions:
    with_png: bool = True  # chart PNGs need a CJK font on the build machine
    site: SiteInfo = SiteInfo()  # absolute URL and current release, for citations and harvesters
    chart_cache: Path | None = None  # where rendered charts are kept between builds (charts.render_all)


@dataclass
class Content:
    files: dict[str, bytes] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)  # warnings found while publishing (e.g. a missing release tag)
    lang: Language = ZH  # the edition the pages are for: its pages go under lang.prefix (en/)

    def page(self, env: jinja2.Environment, path: str, template: str, **context) -> None:
        self.files[self.lang.prefix + path] = Page(path, template, context, self.lang).render(env).encode("utf-8")

    @property
    def primary(self) -> bool:
        """The first edition writes the files both share (downloads, API, catalog); the others only pages."""
        return self.lang == ZH


def counts(frame: pd.DataFrame) -> dict[str, int]:
    by_kind = frame["kind"].value_counts()
    return {k: int(by_kind.get(k, 0)) for k in ("actual", "estimate", "target")}


def records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict(orient="records")


def observation_records(model: SiteModel, frame: pd.DataFrame) -> list[dict]:
    """Rows for the observation tables, with a short source name (the publisher) for a phone's card."""
    publishers = model.sources.drop_duplicates("id").set_index("id")["publisher"]
    return records(frame.assign(source_short=frame["source"].map(publishers).fillna(frame["source"])))


def indicator_summaries(model: SiteModel, theme_id: str | None = None) -> list[dict]:
    per_indicator = model.observations["indicator"].value_counts()
    rows = model.indicators if theme_id is None else model.indicators[model.indicators["theme"] == theme_id]
    return [{"id": i, "name_zh": r["name_zh"], "name_en": r["name_en"], "count": int(per_indicator.get(i, 0))}
            for i, r in rows.iterrows() if per_indicator.get(i, 0)]


def latest_figures(model: SiteModel, indicator_ids: list[str], home: str = "") -> dict[str, dict]:
    """Each indicator's latest reported headline figure, for the home place where it has one, else its first place;
    a level where there is one, else the latest total over a span (2017—2021年增长3.5倍)."""
    latest = {}
    for indicator_id in indicator_ids:
        frame = model.indicator_observations(indicator_id)
        frame = frame[frame["headline"]]
        for entity in [home, *frame["entity"].unique()]:
            mine = frame[frame["entity"] == entity]
            figure, _ = latest_two(mine)
            spans = mine[mine["kind"] != "target"].sort_values("period_end")
            if figure is None and not spans.empty:
                figure = spans.iloc[-1].to_dict()
            if figure is not None:
                english = "period_label" in figure and _is_english(model)
                latest[indicator_id] = {**figure, "old": old_note_en(figure, as_of(model)) if english else
                                        old_note(figure, as_of(model)),
                                        "summary": figure["display"] if english else
                                        summary_value(figure, base_symbols(model)[figure["base_unit"]])}
                break
    return latest


def _is_english(model: SiteModel) -> bool:
    """Whether the model is the English edition's (generator/english.py english_model)."""
    return bool(model.observations.attrs.get("lang") == "en")


def cite_for(research: Research, content: "Content", *args) -> dict:
    """The 引用 block's context; the citation files (one set, in Chinese) are written by the first edition only."""
    return research.cite(*args, content if content.primary else Content())


def axis_from_zero(model: SiteModel, unit_id: str) -> bool:
    """The unit code list's axis_zero: empty or true for counts and amounts, false for levels (ppm, an index)."""
    if "axis_zero" not in model.units.columns:
        return True
    return str(model.units.loc[unit_id, "axis_zero"]).strip().lower() != "false"


def base_symbols(model: SiteModel) -> dict[str, str]:
    return summary_base_symbols(model.units)


def indicator_pages(model: SiteModel, env, content: Content, options: ContentOptions, terms_file,
                    targets: list[dict], research: Research) -> None:
    specs, frames = {}, {}
    home = options.site.settings.home_place
    colours = place_colours(list(model.entities.index), home)
    for indicator_id, indicator in model.indicators.iterrows():
        observations = model.indicator_observations(indicator_id)
        if observations.empty:
            continue
        unit_symbol = model.units.loc[indicator["unit"], "symbol_zh"]
        lang = content.lang
        frames[indicator_id] = observations
        levels = observations[observations["period_form"] != "span"]
        if levels.empty:
            continue  # only totals over spans: the page lists them, there is no level chart
        spec = indicator_spec(chart_frame(observations, colours, home),
                              ChartOptions(indicator["name_zh"], unit_symbol, zero=axis_from_zero(model, indicator["unit"])))
        if not content.primary:
            spec = english_spec(spec, lang.text(indicator, "name"), unit_label(model.units, indicator["unit"]))
        specs[indicator_id] = spec_json(spec)
    rendered = render_all(specs, options.with_png, options.chart_cache)
    symbols = base_symbols(model)
    for indicator_id, observations in frames.items():
        indicator = model.indicators.loc[indicator_id]
        svg, png = rendered.get(indicator_id, (None, None))
        base = f"downloads/indicators/{indicator_id}"
        chart = f"assets/charts/{lang.prefix}{indicator_id}"  # the English edition's charts: assets/charts/en/
        if svg is not None:
            content.files[f"{chart}.vl.json"] = specs[indicator_id].encode("utf-8")
            content.files[f"{chart}.svg"] = svg.encode("utf-8")
        if png is not None and content.primary:  # one PNG (link previews, downloads) for both editions
            content.files[f"{chart}.png"] = png
        if content.primary:  # downloads are one set, linked from both editions
            rows = research.rows(observations)
            content.files[f"{base}.csv"] = downloads.observations_csv(rows, research.columns)
            content.files[f"{base}.xlsx"] = research.xlsx(rows, indicator["name_zh"])
            content.files[f"{base}.json"] = research.indicator_json[indicator_id] = downloads.observations_json(
                rows, research.columns)
        entities = observations.drop_duplicates("entity")[["entity", "entity_name"]]
        main = main_entity(observations, home)
        base_symbol = symbols.get(observations["base_unit"].iloc[0], "")
        levels = observations[observations["period_form"] != "span"]
        keywords = synonyms_for(indicator["name_zh"], terms_file) if content.primary else []
        cite = cite_for(research, content, "indicators", indicator_id, indicator["name_zh"], f"indicators/{indicator_id}/",
                        licences.label(research.licences_of(observations)))
        english = not content.primary
        content.page(env, f"indicators/{indicator_id}.md", "indicator.md.j2",
                     indicator=indicator.to_dict(), svg=svg, chart=chart,
                     unit_symbol=unit_label(model.units, indicator["unit"]) if english else
                     model.units.loc[indicator["unit"], "symbol_zh"],
                     has_png=png is not None, theme=model.themes.loc[indicator["theme"]].to_dict(),
                     counts=counts(observations), observations=observation_records(model, observations),
                     places=records(entities), main=main, main_name=lang.text(model.entities.loc[main], "name"),
                     legend_places=[{**p, "colour": colours.get(p["entity"], "")} for p in records(
                         levels.drop_duplicates("entity")[["entity", "entity_name"]])],
                     kinds=sorted(set(levels["kind"]) | ({"other"} if (~levels["headline"]).any() else set()),
                                  key=["actual", "estimate", "target", "other"].index),
                     lead=lead_en(observations, main) if english else lead(observations, main, base_symbol),
                     description=chart_description_en(lang.text(indicator, "name"), observations, main) if english
                     else chart_description(indicator["name_zh"], observations, main, base_symbol),
                     spans=records(observations[(observations["period_form"] == "span") & observations["headline"]]),
                     keywords=keywords, show_indicator=False, show_source=True, **cite,
                     jsonld=indicator_jsonld(research, indicator, observations, keywords, png is not None, lang),
                     og_image=f"assets/charts/{indicator_id}.png" if png is not None else "",
                     show_entity=len(entities) > 1, versions=versions(observations), headline_rule=lang.t(HEADLINE_RULE),
                     targets=[t for t in targets if t["target"]["indicator"] == indicator_id],
                     boost=2 if indicator_id in options.site.settings.headline_indicators else 0)


def target_page(model: SiteModel, env, content: Content, targets: list[dict], description: str) -> None:
    content.page(env, "targets/index.md", "targets.md.j2", targets=targets, as_of=as_of(model).isoformat(),
                 description=description)


def theme_pages(model: SiteModel, env, content: Content, home: str = "") -> None:
    groups = []
    for theme_id, theme in model.themes.iterrows():
        indicators = indicator_summaries(model, theme_id)
        if indicators:
            groups.append({"theme": theme.to_dict(), "indicators": indicators})
            content.page(env, f"themes/{theme_id}.md", "theme.md.j2", theme=theme.to_dict(), indicators=indicators,
                         latest=latest_figures(model, [i["id"] for i in indicators], home))
    content.page(env, "indicators/index.md", "indicators_index.md.j2", groups=groups,
                 total=sum(len(g["indicators"]) for g in groups), observations=len(model.observations))


def source_pages(model: SiteModel, env, content: Content, research: Research) -> None:
    listing = []
    for _, source in model.sources.sort_values(["published", "id"]).iterrows():
        observations = model.source_observations(source["id"])
        listing.append({**source.to_dict(), "count": len(observations)})
        cite = cite_for(research, content, "sources", source["id"], source["title"], f"sources/{source['id']}/",
                        licences.label(research.licences_of(observations)))
        content.page(env, f"sources/{source['id']}.md", "source.md.j2", source=source.to_dict(), **cite,
                     observations=observation_records(model, observations), counts=counts(observations),
                     show_indicator=True, show_source=False, show_entity=True)
    content.page(env, "sources/index.md", "sources_index.md.j2", sources=listing)


def place_pages(model: SiteModel, env, content: Content, terms_file, description: str = "") -> None:
    used = set(model.observations["entity"])
    tree = []
    for entity_id, entity in model.entities.iterrows():
        family = model.entity_and_descendants(entity_id)
        observations = model.observations[model.observations["entity"].isin(family)]
        if observations.empty:
            continue
        observations = observations.sort_values(["indicator", "entity", "period_end"], kind="stable")
        children = [model.entities.loc[c].to_dict() for c in family[1:] if c in used or
                    model.observations["entity"].isin(model.entity_and_descendants(c)).any()]
        ancestors = [model.entities.loc[a].to_dict() for a in model.ancestors(entity_id)]
        crumbs = [{"href": "places/", "label": content.lang.t("地区与机构")}] + [
            {"href": f"places/{a['id']}/", "label": content.lang.name(a)} for a in ancestors]
        content.page(env, f"places/{entity_id}.md", "place.md.j2", entity=entity.to_dict(), ancestors=ancestors, crumbs=crumbs,
                     children=[c for c in children if c["parent"] == entity_id], counts=counts(observations),
                     keywords=synonyms_for(entity["name_zh"], terms_file) if content.primary else [],
                     boost=2 if children and len(ancestors) <= 2 else 0,  # the places readers search for by name
                     indicators=len(set(observations["indicator"])), observations=observation_records(model, observations),
                     show_indicator=True, show_source=True, show_entity=len(family) > 1)
        tree.append({**entity.to_dict(), "depth": len(ancestors), "count": len(observations)})
    content.page(env, "places/index.md", "places_index.md.j2", places=_tree_order(tree), description=description)


def _tree_order(places: list[dict]) -> list[dict]:
    """Depth-first order, so the index reads as an indented hierarchy."""
    by_parent: dict[str, list[dict]] = {}
    ids = {p["id"] for p in places}
    for place in places:
        by_parent.setdefault(place["parent"] if place["parent"] in ids else "", []).append(place)
    ordered, stack = [], list(reversed(by_parent.get("", [])))
    while stack:
        place = stack.pop()
        ordered.append(place)
        stack.extend(reversed(by_parent.get(place["id"], [])))
    return ordered


def download_pages(layout: Layout, model: SiteModel, env, content: Content, research: Research,
                   with_png: bool = True) -> None:
    files = content.files if content.primary else {}  # the English edition links the same files
    if content.primary:
        rows = research.rows(model.observations)
        files["downloads/observations.csv"] = downloads.observations_csv(rows, research.columns)
        files["downloads/observations.xlsx"] = research.xlsx(rows, f"{research.site.settings.site_name_zh}：全部数据")
        files["downloads/observations.json"] = downloads.observations_json(rows, research.columns)
    listing = []
    for package_id, descriptor, package in research.package_downloads(layout, model, content):
        if content.primary:
            for path, data in package.items():
                files[f"downloads/packages/{package_id}/{path}"] = data
            files[f"downloads/packages/{package_id}.zip"] = downloads.zip_files(package)
        listing.append({"id": package_id, "title": descriptor.get("title", package_id), "version": descriptor.get("version", ""),
                        "licenses": descriptor.get("licenses", []), "packages": descriptor.get("packages", [])})
        site_package = next((p for p in model.packages if p.id == package_id), None)
        research.package_page(env, content, descriptor, extra_resources(site_package) if site_package else [])
    if content.primary:
        listing += generic_files(env, content, generic_packages(layout), with_png)  # any other Frictionless package
    content.page(env, "downloads/index.md", "downloads_index.md.j2", packages=listing, site=research.site,
                 refused=research.refused_combination, indicators=indicator_summaries(model),
                 observations=len(model.observations), jsonld=research.downloads_jsonld(model))


def nav(model: SiteModel, lang: Language = ZH) -> list:
    """MkDocs nav, handed over by the hooks file (mkdocs.yml stays hand-written).

    Indicator and place pages are reached through theme pages, indexes and breadcrumbs, not the nav:
    mkdocs-material repeats the nav in every page, so listing them would make each page grow with
    the number of indicators and the whole site grow with its square.
    """
    themes = [f"themes/{t}.md" for t in model.themes.index if indicator_summaries(model, t)]
    sources = ["sources/index.md"] + [f"sources/{s}.md" for s in model.sources.sort_values(["published", "id"])["id"]]
    return [
        {lang.t("首页"): "index.md"},
        {lang.t("指标"): ["indicators/index.md", *themes]},
        {lang.t("目标进展"): "targets/index.md"},
        {lang.t("地区与机构"): "places/index.md"},
        {lang.t("来源文献"): sources},
        {lang.t("数据下载"): ["downloads/index.md", "api/index.md", "changelog/index.md"]},
        {lang.t("方法说明"): "methodology.md"},
        {lang.t("关于"): "about.md"},
    ]


def bundle_header() -> str:
    return (f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite, vega-embed {vl_convert.get_vega_embed_version()}: "
            "bundled offline by vl-convert-python; BSD-3-Clause licensed. */\n")


def vega_bundle() -> bytes:
    return (bundle_header() + vl_convert.javascript_bundle()).encode("utf-8")


def site_files(layout: Layout, model: SiteModel, env: jinja2.Environment, options: ContentOptions) -> Content:
    content = Content()
    symbols = base_symbols(model)
    # The tracker's latest-figure column is a summary: 万/亿, with the published text beside it when different.
    targets = [{**t, "latest_summary": summary_value(t["latest"], symbols[t["latest"]["base_unit"]]) if t["latest"] else ""}
               for t in target_rows(model)]
    research = Research.prepare(layout, model, options.site)
    indicator_pages(model, env, content, options, layout.search_terms, targets, research)
    target_page(model, env, content, targets, options.site.settings.targets_description)
    theme_pages(model, env, content, options.site.settings.home_place)
    source_pages(model, env, content, research)
    place_pages(model, env, content, layout.search_terms, options.site.settings.places_description)
    download_pages(layout, model, env, content, research, options.with_png)
    research_files(layout, model, env, content, research)
    content.files.update(home_snippets(model, env, targets, options.site.settings))
    for code in options.site.settings.languages[1:]:
        edition(layout, model, env, options, research, Language.of(code), content)
    return content


def edition(layout: Layout, model: SiteModel, env: jinja2.Environment, options: ContentOptions, research: Research,
            lang: Language, into: Content) -> None:
    """Every page of another language's edition, from the same model, under site_src/<lang>/; the files both
    share (downloads, API, catalog, citations) are the first edition's."""
    english = english_model(model)
    content = Content(lang=lang)
    targets = [{**t, "latest_summary": t["latest"]["display"] if t["latest"] else "",
                "group": t["group"].rstrip("年") if t["group"][:1].isdigit() else lang.t(t["group"])}
               for t in target_rows(english)]
    settings = options.site.settings
    indicator_pages(english, env, content, options, layout.search_terms, targets, research)
    target_page(english, env, content, targets, lang.t(SiteSettings.targets_description))
    theme_pages(english, env, content, settings.home_place)
    source_pages(english, env, content, research)
    place_pages(english, env, content, layout.search_terms, lang.t(SiteSettings.places_description))
    download_pages(layout, english, env, content, research, options.with_png)
    research_pages(layout, english, env, content, research)
    content.files.update(home_snippets(english, env, targets, settings, lang))
    content.files[f"{lang.prefix}{NAV_FILE}"] = nav_json(english, lang)
    pages = {path[len(lang.prefix):] for path in content.files if path.startswith(lang.prefix)}
    content.files.update(redirect_files(layout, env, options.site, pages, lang)[0])  # problems: said by the first
    into.files.update(content.files)
    into.issues.extend(content.issues)


def nav_json(model: SiteModel, lang: Language = ZH) -> bytes:
    return (json.dumps(nav(model, lang), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
