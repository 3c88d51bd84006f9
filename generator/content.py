"""Everything the generator publishes, as {path under site_src/: bytes}. Nothing is written here."""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import sys
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup
import pandas as pd

from generator import downloads, frames, licences, pageweight
from generator.chart_data import main_entity, place_colours
from generator.charts import (ChartOptions, chart_frame, chart_template, indicator_spec, render_all,
                              render_in_fresh_workers_only, spec_json)
from generator.home import home_snippets
from generator.download_files import PLACE_ORDER, observation_downloads, published
from generator.generic import extra_resources, generic_files, generic_packages, published_descriptor
from generator.english import (chart_description_en, english_model, english_spec, lead_en, old_note_en,
                               unit_label)
from generator.layout import NAV_FILE, Layout
from generator.i18n import ZH, Language
from generator.issues import Issue
from generator.lifetime import die_with_parent
from generator.model import SiteModel
from generator.pages import Page, root_prefix
from generator.redirects import redirect_files
from generator.research import Research, indicator_jsonld, research_files, research_pages
from generator.search_terms import synonyms_for
from generator.series import HEADLINE_RULE, versions
from generator.settings import SiteSettings
from generator.siteinfo import SiteInfo
from generator.spool import SpooledFiles
from generator.table_sources import pinned_href, table_citation
from generator.summary import base_symbols as summary_base_symbols
from generator.summary import chart_description, lead, old_note, summary_value
from generator.tracker import as_of, target_rows



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
    # The sources' and places' CSVs its cut pages link (download_files.py makes every one; these are published).
    wanted_downloads: set[str] = field(default_factory=set)

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
    return frames.records(frame)


def observation_records(model: SiteModel, frame: pd.DataFrame) -> list[dict]:
    """Rows for the observation tables, with a short source name (the publisher) for a phone's card."""
    sources = _sources_by_id(model)
    rows = records(frame)
    for row in rows:
        source = sources.get(row["source"])
        publisher = source["publisher"] if source else None
        row["source_short"] = publisher if isinstance(publisher, str) else row["source"]
        row["table"] = table_citation(source, row.get("locator", ""))
    return rows


def _sources_by_id(model: SiteModel) -> dict[str, dict]:
    """Each source's row by id, made once per model (the tables ask for it on every page)."""
    cache = model.__dict__.setdefault("_sources_by_id", {})  # frozen dataclass: a cache beside the fields
    if not cache:
        cache.update(model.sources.drop_duplicates("id").set_index("id", drop=False).to_dict(orient="index"))
    return cache


def indicator_summaries(model: SiteModel, theme_id: str | None = None) -> list[dict]:
    per_indicator = model.observations["indicator"].value_counts()
    rows = model.indicators if theme_id is None else model.indicators[model.indicators["theme"] == theme_id]
    return [{"id": i, "name_zh": r["name_zh"], "name_en": r["name_en"], "count": int(per_indicator.get(i, 0))}
            for i, r in rows.iterrows() if per_indicator.get(i, 0)]


def latest_figures(model: SiteModel, indicator_ids: list[str], home: str = "") -> dict[str, dict]:
    """Each indicator's latest reported headline figure, for the home place where it has one, else its first place;
    a level where there is one, else the latest total over a span (2017—2021年增长3.5倍)."""
    latest, by_place = {}, latest_of_every_place(model)
    for indicator_id in indicator_ids:
        frame = model.indicator_observations(indicator_id)
        for entity in [home, *frame.loc[frame["headline"].to_numpy(dtype=bool), "entity"].unique()]:
            figure = by_place.get((indicator_id, entity))
            if figure is not None and figure["kind"] != "target":  # a place with targets only has no latest figure
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
    specs, frames, lang = {}, {}, content.lang
    home = options.site.settings.home_place
    colours = place_colours(list(model.entities.index), home)
    for indicator_id, indicator in model.indicators.iterrows():
        observations = model.indicator_observations(indicator_id)
        if observations.empty:
            continue
        unit_symbol = model.units.loc[indicator["unit"], "symbol_zh"]
        frames[indicator_id] = observations
        levels = observations[observations["period_form"] != "span"]
        if levels.empty:
            continue  # only totals over spans: the page lists them, there is no level chart
        spec = indicator_spec(chart_frame(observations, colours, home),
                              ChartOptions(indicator["name_zh"], unit_symbol, zero=axis_from_zero(model, indicator["unit"])))
        if not content.primary:
            spec = english_spec(spec, lang.text(indicator, "name"), unit_label(model.units, indicator["unit"]))
        specs[indicator_id] = spec_json(spec)
    # One PNG serves both editions (link previews, downloads): the other editions render SVG only.
    rendered = render_all(specs, options.with_png and content.primary, options.chart_cache)
    symbols = base_symbols(model)
    for indicator_id, observations in frames.items():
        indicator = model.indicators.loc[indicator_id]
        svg, png = rendered.get(indicator_id, (None, None))
        has_png = png is not None if content.primary else (svg is not None and options.with_png)  # the first edition's
        base = f"downloads/indicators/{indicator_id}"
        chart = f"assets/charts/{lang.prefix}{indicator_id}"  # the English edition's charts: assets/charts/en/
        if svg is not None:
            content.files[f"{chart}.vl.json"] = specs[indicator_id].encode("utf-8")
            content.files[f"{chart}.svg"] = svg.encode("utf-8")
        if png is not None and content.primary:  # one PNG (link previews, downloads) for both editions
            content.files[f"{chart}.png"] = png
        entities = observations.drop_duplicates("entity")[["entity", "entity_name"]]
        main = main_entity(observations, home)
        base_symbol = symbols.get(observations["base_unit"].iloc[0], "")
        levels = observations[observations["period_form"] != "span"]
        keywords = synonyms_for(indicator["name_zh"], terms_file) if content.primary else []
        cite = cite_for(research, content, "indicators", indicator_id, indicator["name_zh"], f"indicators/{indicator_id}/",
                        licences.label(research.licences_of(observations)))
        english = not content.primary
        opening = lead_en(observations, main) if english else lead(observations, main, base_symbol)
        path = f"indicators/{indicator_id}.md"
        root, data_root = root_prefix(path), root_prefix(lang.prefix + path)
        records_all = observation_records(model, observations)
        positions = pd.Series(range(len(observations)), index=observations.index)
        context = dict(
            indicator=indicator.to_dict(), svg=chart_markup(svg, chart, data_root), chart=chart,
            unit_symbol=unit_label(model.units, indicator["unit"]) if english else
            model.units.loc[indicator["unit"], "symbol_zh"],
            has_png=has_png, theme=model.themes.loc[indicator["theme"]].to_dict(),
            counts=counts(observations), observations=records_all, places=records(entities), main=main,
            main_name=lang.text(model.entities.loc[main], "name"),
            legend_places=[{**p, "colour": colours.get(p["entity"], "")} for p in records(
                levels.drop_duplicates("entity")[["entity", "entity_name"]])],
            kinds=sorted(set(levels["kind"]) | ({"other"} if (~levels["headline"]).any() else set()),
                         key=["actual", "estimate", "target", "other"].index),
            lead=opening,
            description=chart_description_en(lang.text(indicator, "name"), observations, main, opening) if english
            else chart_description(indicator["name_zh"], observations, main, base_symbol, opening),
            spans=records(observations[(observations["period_form"] == "span") & observations["headline"]]),
            keywords=keywords, show_indicator=False, show_source=True, **cite,
            jsonld=indicator_jsonld(research, indicator, observations, keywords, has_png, lang),
            og_image=f"assets/charts/{indicator_id}.png" if has_png else "",
            show_entity=len(entities) > 1, headline_rule=lang.t(HEADLINE_RULE),
            targets=[t for t in targets if t["target"]["indicator"] == indicator_id],
            boost=2 if indicator_id in options.site.settings.headline_indicators else 0)

        measured: list[str] = []  # the rows as rendered to weigh them, if they were

        def render(cut: pageweight.Cut) -> str:
            shown, at = observations.loc[cut.shown], positions.loc[cut.shown].tolist()
            rows = {"shown_rows_html": pageweight.rows_html(measured, at)} if measured else {}
            return Page(path, "indicator.md.j2", {
                **context, "shown": [records_all[i] for i in at], "versions": versions(shown), **rows,
                "more_count": cut.more, "more_links": more_links(data_root, base) if cut.cut else []}, lang).render(env)

        def weights() -> list[int]:
            measured[:] = pageweight.table_rows(env, root, records_all, lang=lang, show_indicator=False,
                                                show_source=True, show_entity=len(entities) > 1)
            return pageweight.weights_of(measured)

        page, _ = pageweight.fit(render, pageweight.newest_first, observations, weights)
        content.files[lang.prefix + path] = page.encode("utf-8")


def chart_markup(svg: str | None, chart: str, data_root: str) -> Markup | None:
    """The static chart, inlined (readable before any script, styled by the page in both palettes); a chart of
    hundreds of points would alone outweigh the page budget, so it is linked as an image instead."""
    if svg is None:
        return None
    if len(svg.encode("utf-8")) <= pageweight.INLINE_SVG_MAX:
        return Markup(svg)
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    dims = f' width="{size.group(1)}" height="{size.group(2)}"' if size else ""
    return Markup(f'<img class="chart-image" src="{data_root}{chart}.svg" alt=""{dims} loading="lazy">')


def more_links(data_root: str, base: str) -> list[dict]:
    """Where the figures a cut page leaves out are: its downloads, which carry every column (quote, source)."""
    return [{"href": f"{data_root}{base}.csv", "label": "CSV"}, {"href": f"{data_root}{base}.xlsx", "label": "Excel"}]


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
    flags = {"show_indicator": True, "show_source": False, "show_entity": True}
    lang = content.lang
    for _, source in model.sources.sort_values(["published", "id"]).iterrows():
        observations = model.source_observations(source["id"])
        listing.append({**source.to_dict(), "count": len(observations)})
        cite = cite_for(research, content, "sources", source["id"], source["title"], f"sources/{source['id']}/",
                        licences.label(research.licences_of(observations)))
        path = f"sources/{source['id']}.md"
        # the page lists its figures in the document's order: only as many as can fit are made into rows
        rows = observation_records(model, observations.iloc[:pageweight.MOST_ROWS_IN_ORDER])
        root, data_root = root_prefix(path), root_prefix(lang.prefix + path)
        download = f"downloads/sources/{source['id']}"
        context = {"source": {**source.to_dict(), "pinned_href": pinned_href(source.to_dict())}, **cite,
                   "observation_count": len(observations), "counts": counts(observations), **flags}

        measured: list[str] = []  # the rows as rendered to weigh them, if they were

        def render(cut: pageweight.Cut, rows=rows, measured=measured) -> str:
            shown = {"shown_rows_html": pageweight.rows_html(measured, range(len(cut.shown)))} if measured else {}
            return Page(path, "source.md.j2", {**context, "shown": rows[:len(cut.shown)], "more_count": cut.more,
                                               "more_links": [{"href": f"{data_root}{download}.csv", "label": "CSV"}],
                                               **shown}, lang).render(env)

        def weights(root=root, rows=rows, measured=measured, total=len(observations)) -> list[int]:
            measured[:] = pageweight.table_rows(env, root, rows, lang=lang, **flags)
            return pageweight.with_unmeasured_rest(pageweight.weights_of(measured), total)

        page, cut = pageweight.fit(render, pageweight.in_order, observations, weights)
        content.files[lang.prefix + path] = page.encode("utf-8")
        if cut.cut:  # the figures the page leaves out, one click away (one file, both editions: download_files.py)
            content.wanted_downloads.add(f"{download}.csv")
    content.page(env, "sources/index.md", "sources_index.md.j2", sources=listing)


LATEST_TABLE = "_latest_per_indicator.html.j2"


def place_pages(model: SiteModel, env, content: Content, terms_file, research: Research,
                description: str = "") -> None:
    used = set(model.observations["entity"])
    tree, lang = [], content.lang
    for entity_id, entity in model.entities.iterrows():
        family = model.entity_and_descendants(entity_id)
        observations = model.observations[model.observations["entity"].isin(family)]
        if observations.empty:
            continue
        observations = observations.sort_values(PLACE_ORDER, kind="stable")
        children = [model.entities.loc[c].to_dict() for c in family[1:] if c in used or
                    model.observations["entity"].isin(model.entity_and_descendants(c)).any()]
        ancestors = [model.entities.loc[a].to_dict() for a in model.ancestors(entity_id)]
        crumbs = [{"href": "places/", "label": lang.t("地区与机构")}] + [
            {"href": f"places/{a['id']}/", "label": lang.name(a)} for a in ancestors]
        path = f"places/{entity_id}.md"
        context = dict(entity=entity.to_dict(), ancestors=ancestors, crumbs=crumbs,
                       children=[c for c in children if c["parent"] == entity_id], counts=counts(observations),
                       keywords=synonyms_for(entity["name_zh"], terms_file) if content.primary else [],
                       boost=2 if children and len(ancestors) <= 2 else 0,  # the places readers search for by name
                       indicators=len(set(observations["indicator"])), observation_count=len(observations),
                       show_indicator=True, show_source=True, show_entity=len(family) > 1, latest_rows=[], more_count=0, own_csv="")
        own = observations[observations["entity"] == entity_id]
        # A table row takes at least 300 bytes: a place with more own figures than that allows is not rendered whole
        # only to be measured (a country of 1,000 indicators has 20,000), nor are its rows made.
        page = (Page(path, "place.md.j2", {**context, "observations": observation_records(model, observations)},
                     lang).render(env)
                if len(own) * pageweight.MIN_ROW_BYTES <= pageweight.MARKDOWN_BUDGET else None)
        if page is None or len(page.encode("utf-8")) > pageweight.MARKDOWN_BUDGET:
            # Too many figures for one page: one row per indicator (the place's latest headline figure and the
            # counts), each linking to the indicator page, which lists the figures and links their downloads;
            # past the budget, the first indicators, and the place's own figures in a CSV of their own.
            rows = latest_per_indicator(observations, entity_id, latest_of_every_place(model))
            download = f"downloads/places/{entity_id}.csv"

            def render(cut: pageweight.Cut, rows=rows, download=download) -> str:
                return Page(path, "place.md.j2", {**context, "latest_rows": rows[:len(cut.shown)],
                                                  "more_count": cut.more, "own_csv": download if cut.cut else ""},
                            lang).render(env)

            weights = pageweight.row_bytes(env, root_prefix(path), rows, lang=lang, template=LATEST_TABLE,
                                           row_start="<tr><td")
            page, cut = pageweight.fit(render, pageweight.in_order, pd.DataFrame(index=range(len(rows))), weights)
            if cut.cut:  # its own figures, one click away (download_files.py)
                content.wanted_downloads.add(download)
        content.files[lang.prefix + path] = page.encode("utf-8")
        tree.append({**entity.to_dict(), "depth": len(ancestors), "count": len(observations)})
    content.page(env, "places/index.md", "places_index.md.j2", places=_tree_order(tree), description=description)


def latest_per_indicator(observations: pd.DataFrame, entity_id: str, latest: dict[tuple[str, str], dict]) -> list[dict]:
    """One row per indicator of a place page cut to the budget: the place's latest headline figure (`latest`, from
    latest_by_place), how many figures it has and how many its subordinates have."""
    names, own, total = {}, Counter(), Counter()
    for indicator, entity, name in zip(observations["indicator"].tolist(), observations["entity"].tolist(),
                                       observations["indicator_name"].tolist()):
        names.setdefault(indicator, name)
        total[indicator] += 1
        own[indicator] += entity == entity_id
    return [{"indicator": i, "indicator_name": name, "latest": latest.get((i, entity_id)), "own": own[i],
             "below": total[i] - own[i]} for i, name in names.items()]


def latest_of_every_place(model: SiteModel) -> dict[tuple[str, str], dict]:
    """latest_by_place of the model's figures, made once per model (theme pages and place pages ask for them)."""
    cache = model.__dict__.setdefault("_latest_by_place", {})  # frozen dataclass: a cache beside the fields
    if not cache:
        cache.update(latest_by_place(model.observations))
    return cache


def latest_by_place(observations: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """The latest headline figure of every indicator and place, in one pass over the model's rows in plain Python
    (a place page of 1,000 indicators asked for them one frame at a time). The rows are taken in the place
    pages' order (indicator, place, period end), which decides between two figures alike in everything else."""
    ordered = observations.sort_values(["indicator", "entity", "period_end"], kind="stable")
    ordered = ordered[ordered["headline"].to_numpy(dtype=bool)]
    column = {c: ordered[c].tolist() for c in ("indicator", "entity", "kind", "period_form", "period_end", "kind_rank",
                                               "source_published")}
    groups: dict[tuple[str, str], list[int]] = {}
    for position, key in enumerate(zip(column["indicator"], column["entity"])):
        groups.setdefault(key, []).append(position)
    chosen = {key: _latest_position(column, positions) for key, positions in groups.items()}
    rows = dict(zip(sorted(set(chosen.values())), records(ordered.iloc[sorted(set(chosen.values()))])))
    return {key: rows[position] for key, position in chosen.items()}


def _latest_position(column: dict[str, list], positions: list[int]) -> int:
    """The latest figure among the rows at `positions` (in order): the latest reported level, as summary.latest_two
    chooses it; else (a total over a span) the last row of the latest period that is not a target; else (targets
    only) the last row of the latest period."""
    best: dict = {}
    for p in positions:
        if column["kind"][p] not in ("actual", "estimate") or column["period_form"][p] == "span":
            continue
        published = column["source_published"][p]
        key = (-column["kind_rank"][p], published if isinstance(published, str) else "\uffff", p)
        end = column["period_end"][p]
        if end not in best or key > best[end]:
            best[end] = key
    if best:
        return best[max(best)][2]
    reported = [p for p in positions if column["kind"][p] != "target"] or positions
    latest = max(column["period_end"][p] for p in reported)
    return [p for p in reported if column["period_end"][p] == latest][-1]


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
    generics = generic_packages(layout)
    listing = []
    for package_id, descriptor, package in research.package_downloads(layout, model, content, generics):
        if content.primary:
            for path, data in package.items():
                files[f"downloads/packages/{package_id}/{path}"] = data
            files[f"downloads/packages/{package_id}.zip"] = downloads.zip_files(package)
        listing.append({"id": package_id, "title": descriptor.get("title", package_id), "version": descriptor.get("version", ""),
                        "licenses": descriptor.get("licenses", []), "packages": descriptor.get("packages", [])})
        site_package = next((p for p in model.packages if p.id == package_id), None)
        research.package_page(env, content, descriptor, extra_resources(site_package) if site_package else [])
    if content.primary:
        listing += generic_files(env, content, generics, with_png)  # any other Frictionless package
        research.descriptors += [published_descriptor(g) for g in generics]  # the API, the catalog, the JSON-LD
    content.page(env, "downloads/index.md", "downloads_index.md.j2", packages=listing, site=research.site,
                 refused=research.refused_combination, indicators=indicator_summaries(model),
                 observations=len(model.observations), jsonld=research.downloads_jsonld(model))


def nav(model: SiteModel, lang: Language = ZH) -> list:
    """MkDocs nav, handed over by the hooks file (mkdocs.yml stays hand-written).

    Indicator, place and source pages are reached through theme pages, indexes and breadcrumbs, not the nav:
    mkdocs-material repeats the nav in every page, so listing them would make each page grow with
    the number of indicators and the whole site grow with its square.
    """
    themes = [f"themes/{t}.md" for t in model.themes.index if indicator_summaries(model, t)]
    # Sources likewise (their index lists them all): in the nav, every source page carried every source's title,
    # 26 KB of each source page's HTML for this site's 52 sources.
    sources = ["sources/index.md"]
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


def site_files(layout: Layout, model: SiteModel, env: jinja2.Environment, options: ContentOptions) -> Content:
    content = Content(files=SpooledFiles(layout.cache))  # the caller writes them, then closes it
    symbols = base_symbols(model)
    # The tracker's latest-figure column is a summary: 万/亿, with the published text beside it when different.
    targets = [{**t, "latest_summary": summary_value(t["latest"], symbols[t["latest"]["base_unit"]]) if t["latest"] else ""}
               for t in target_rows(model)]
    research = Research.prepare(layout, model, options.site)
    chart_template()  # made once here and inherited by the forked edition (Altair's validation takes most of a second)
    others = OtherEditions(layout, model, env, options, research,  # generated beside this one, on the other core
                           content.files.folder)
    indicator_pages(model, env, content, options, layout.search_terms, targets, research)
    target_page(model, env, content, targets, options.site.settings.targets_description)
    theme_pages(model, env, content, options.site.settings.home_place)
    source_pages(model, env, content, research)
    place_pages(model, env, content, layout.search_terms, research, options.site.settings.places_description)
    download_pages(layout, model, env, content, research, options.with_png)
    others.collect_downloads(content)  # before the API, which reads each indicator's JSON download
    research_files(layout, model, env, content, research)
    content.files.update(home_snippets(model, env, targets, options.site.settings))
    others.collect(content)
    return content


# The other editions' pages, and the figures' downloads (download_files.py), made in forked processes while this
# one makes the first edition's pages (each is most of a core for seconds). Forked, so the model, templates and
# prepared research are inherited rather than pickled; the edition reads nothing the first edition writes into
# `research` (its own download pages set what its pages read), so its files are the same bytes as when they ran
# one after the other. Forked before any chart is rendered in this process (vl-convert's threads must not be
# forked). Elsewhere than Linux, on one core or in a process with other threads: one after the other, here.
_INHERITED: dict = {}


def _edition_in_child(code: str) -> tuple[dict[str, bytes], list[Issue]]:
    render_in_fresh_workers_only()  # this process is a fork: vl-convert may have been running in its parent
    layout, model, env, options, research = _INHERITED["state"]
    into = Content()
    edition(layout, model, env, options, research, Language.of(code), into)
    return into.files, into.issues


def _downloads_in_child(folder: str) -> SpooledFiles:
    """The downloads, waiting in a folder inside the parent's spool folder (removed with it)."""
    _, model, _, _, research = _INHERITED["state"]
    files = SpooledFiles(Path(folder))
    observation_downloads(model, research, files)
    return files


class OtherEditions:
    def __init__(self, layout: Layout, model: SiteModel, env: jinja2.Environment, options: ContentOptions,
                 research: Research, spool: Path | None = None):
        self.codes = list(options.site.settings.languages[1:])
        self.state = (layout, model, env, options, research)
        self.spool = spool  # the first edition's spool folder: the downloads wait there
        self.pool, self.futures, self.downloads = None, [], None
        # Only from a single-threaded process (`mkdocs serve` runs a server and file watchers: forking it could
        # leave the child waiting on a lock another thread held).
        if sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1 \
                and (self.codes or spool is not None):
            _INHERITED["state"] = self.state
            self.pool = ProcessPoolExecutor(max_workers=len(self.codes) + (spool is not None),
                                            mp_context=multiprocessing.get_context("fork"),
                                            initializer=die_with_parent, initargs=(os.getpid(),))
            if spool is not None:
                self.downloads = self.pool.submit(_downloads_in_child, str(spool))
            self.futures = [self.pool.submit(_edition_in_child, code) for code in self.codes]

    def collect_downloads(self, into: Content) -> None:
        """Add the downloads (made in the fork, or now) to `into`: all but the sources' and places' CSVs its pages
        did not ask for."""
        if self.downloads is not None:
            made = self.downloads.result()
        else:
            _, model, _, _, research = self.state
            made = SpooledFiles(self.spool) if self.spool is not None else {}
            observation_downloads(model, research, made)
        wanted = into.wanted_downloads
        if isinstance(made, SpooledFiles) and isinstance(into.files, SpooledFiles):
            into.files.adopt(made, lambda path: published(path, wanted))
            return
        for path in made:
            if published(path, wanted):
                into.files[path] = made[path]

    def collect(self, into: Content) -> None:
        """Wait for the forked editions (or make them now) and add their files and issues to `into`."""
        try:
            if self.pool is None or not self.futures:
                for code in self.codes:
                    layout, model, env, options, research = self.state
                    edition(layout, model, env, options, research, Language.of(code), into)
                return
            for future in self.futures:
                files, issues = future.result()
                into.files.update(files)
                into.issues.extend(issues)
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
            _INHERITED.clear()


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
