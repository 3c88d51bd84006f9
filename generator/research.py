"""Wiring for researchers and harvesters: download rows, citations, package descriptors and pages, the API,
the DCAT catalog, the changelog and its feed, robots.txt, redirects and earlier releases' packages.

Each format lives in its own module (downloads, citation, descriptors, api, catalog, jsonld, release,
archive, redirects); this one only gathers what they need from the model, once per build."""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from generator import (api, archive, catalog, citation, descriptors, downloads, jsonld, licences, numbers, redirects,
                       xlsx)
from generator.download_rows import DownloadRows
from generator.i18n import ZH, Language
from generator.layout import Layout
from generator.load import load_schema
from generator.model import SiteModel
from generator.release import Release, read_releases
from generator.siteinfo import SiteInfo
from generator.table_sources import pinned_files
from generator.write import write_atomically

# The workbook cache's key includes the code that writes workbooks: a change to it remakes them all.
_XLSX_CODE = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (downloads, numbers, xlsx))).hexdigest()
ACCESSED = "\x00accessed\x00"  # replaced by a <time> the cite script fills with the reader's date


@dataclass
class Research:
    site: SiteInfo
    stamps: dict[str, downloads.Stamp]
    package_licences: dict[str, list[licences.Licence]]
    columns: list[str]
    titles: dict[str, str]
    text_env: jinja2.Environment
    releases: list[Release]
    observation_fields: list[dict]
    sources: pd.DataFrame
    archive_files: dict[str, dict[str, bytes]]  # release version → {path: bytes}
    archive_issues: list
    all_rows: pd.DataFrame | None = None  # every observation with its download columns, joined once
    descriptors: list[dict] = field(default_factory=list)
    refused_combination: bool = False
    cache: Path | None = None  # where made workbooks are kept by the hash of their inputs (Layout.cache / "xlsx")

    def archived(self, package_id: str) -> list[dict]:
        """Earlier (and the current) releases of a package, newest first: [{version, path}]."""
        return [{"version": version, "path": f"downloads/releases/{version}/{package_id}.zip"}
                for version, files in self.archive_files.items()
                if f"downloads/releases/{version}/{package_id}.zip" in files]

    @classmethod
    def prepare(cls, layout: Layout, model: SiteModel, site: SiteInfo) -> "Research":
        package_licences = {p.id: licences.data_licences(p.metadata) for p in model.packages}
        stamps = {p.id: downloads.Stamp(p.metadata.get("version", site.version),
                                        str(p.metadata.get("created", ""))[:10] or site.released,
                                        licences.label(package_licences[p.id])) for p in model.packages}
        obs_schema = model.packages[0].resource("observations").schema
        src_schema = model.packages[0].resource("sources").schema
        titles = {f["name"]: f.get("title", f["name"]) for f in src_schema["fields"]}
        titles.update({f["name"]: f.get("title", f["name"]) for f in obs_schema["fields"]})
        columns = downloads.download_columns([f["name"] for f in obs_schema["fields"]],
                                             [c for c in model.sources.columns if c != "package"])
        releases = read_releases(layout)
        archive_files, archive_issues = archive.release_files(layout, releases, site)
        research = cls(site, stamps, package_licences, columns, titles, citation.make_env_text(),
                       releases, obs_schema["fields"], model.sources, archive_files, archive_issues)
        research.all_rows = downloads.download_frame(model.observations, model.sources, stamps)
        research.cache = layout.cache / "xlsx"
        return research

    # downloads: each takes the index of some of the model's observations (a slice of model.observations)
    @functools.cached_property
    def encoded(self) -> DownloadRows:
        return DownloadRows(self.all_rows, self.columns, self.cache.parent if self.cache else None)

    def csv(self, index: pd.Index) -> bytes:
        return self.encoded.csv(index)

    def json(self, index: pd.Index) -> bytes:
        return self.encoded.json(index)

    def put_csv_and_json(self, files, path: str, index: pd.Index) -> None:
        """<path>.csv and <path>.json of many rows (the whole site's), in pieces where `files` takes them so."""
        for suffix, pieces in (("csv", self.encoded.csv_pieces(index)), ("json", self.encoded.json_pieces(index))):
            if hasattr(files, "put_pieces"):
                files.put_pieces(f"{path}.{suffix}", pieces)
            else:
                files[f"{path}.{suffix}"] = b"".join(pieces)

    def xlsx(self, index: pd.Index, title: str) -> bytes:
        rows, widths = self.encoded.xlsx_rows(index)
        packages = sorted(set(self.all_rows["package"].to_numpy()[self.encoded.positions(index)]))
        notes = [f"{self.site.settings.site_name_zh} · 数据版本 {self.site.version or '未发布'}（{self.site.released}）· {self.site.url}"]
        notes += [f"数据包 {p}：版本 {self.stamps[p].version}，数据许可 {self.stamps[p].license}" for p in packages]
        notes.append("代码（生成器）以 MIT 许可发布，不适用于数据。")
        make = functools.partial(downloads.workbook_of, rows, widths, self.columns, title, notes, self.titles,
                                 creator=self.site.settings.site_name_zh)
        if self.cache is None:
            return make()
        # A workbook whose rows (as encoded in the sheet), columns and texts are those of the last build is taken
        # from the content-addressed cache (safe to delete), so changing one figure remakes only the workbooks
        # that hold it.
        key = hashlib.sha256("\0".join([
            _XLSX_CODE, title, *notes, *self.columns, json.dumps(self.titles, sort_keys=True),
            self.site.settings.site_name_zh, ""]).encode("utf-8"))
        for start in range(0, len(rows), 10_000):
            for row in rows[start:start + 10_000]:
                key.update(row + b"\0")
        key.update(widths.tobytes())
        path = self.cache / f"{key.hexdigest()}.xlsx"
        try:
            return path.read_bytes()
        except OSError:
            data = make()
        try:
            write_atomically(path, data)
        except OSError:  # a cache that cannot be written only costs time
            pass
        return data

    def licences_of(self, observations: pd.DataFrame) -> list[licences.Licence]:
        found = []
        for package in sorted(set(observations["package"])):
            found += [l for l in self.package_licences[package] if l not in found]
        return found

    # citations
    def cite(self, kind: str, item_id: str, title: str, page: str, licence_label: str, content) -> dict:
        entry = citation.Citation(kind, item_id, title, page, licence_label, self.site)
        for fmt, path in entry.files().items():
            render = citation.bibtex if fmt == "bib" else citation.ris
            content.files[path] = render(entry, self.text_env).encode("utf-8")
        accessed = Markup('<time data-cite-accessed>YYYY-MM-DD</time>')
        bib = escape(citation.bibtex(entry, self.text_env, ACCESSED)).replace(ACCESSED, accessed)
        ris = escape(citation.ris(entry, self.text_env, ACCESSED)).replace(ACCESSED, accessed)
        return {"cite": entry, "bibtex": Markup(bib.rstrip()), "ris": Markup(ris.rstrip()), **entry.context()}

    # packages
    def package_downloads(self, layout: Layout, model: SiteModel, content, generics: list = ()) -> list[tuple[str, dict, dict]]:
        """Each package of the model, then the combined one, which also takes the generic packages' resources."""
        out = []
        for package in model.packages:
            meta = descriptors.package_metadata(package, model.sources, self.site)
            files = {**pinned_files(package, model.sources), **downloads.package_files(layout, package, meta)}
            out.append((package.id, json.loads(files["datapackage.json"]), files))
        every = {**self.package_licences, **{g.id: licences.data_licences(g.metadata) for g in generics}}
        if licences.combinable(every):
            meta = descriptors.combined_metadata(self.site.settings.combined_id, self.site.settings.all_title,
                                                 [*model.packages, *generics], self.site)
            rows = licences.package_licence_rows(every)
            files = downloads.combined_package_files(layout, list(model.loaded), meta, rows, generics)
            out.append((self.site.settings.combined_id, json.loads(files["datapackage.json"]), files))
        else:
            self.refused_combination = True
        self.descriptors = [d for _, d, _ in out]
        return out

    def package_page(self, env, content, descriptor: dict, extras: list[dict] = ()) -> None:
        """A package's page; `extras` are its resources beside observations and sources (generic.resource_view)."""
        name = descriptor["name"]
        page = f"downloads/packages/{name}/"
        licence_label = "、".join(l["title"] for l in descriptor.get("licenses", [])) or "未声明许可"
        cite = self.cite("packages", name, descriptor.get("title", name), page, licence_label, content)
        data = jsonld.dataset(self.site, name=descriptor.get("title", name), description=descriptor.get("description", ""),
                              page=page, licence_urls=[l["path"] for l in descriptor.get("licenses", [])],
                              keywords=descriptor.get("keywords", []), period_ends=[], places=[],
                              downloads=[f"downloads/packages/{name}.zip", f"{page}datapackage.json"], identifier=name)
        content.page(env, f"downloads/packages/{name}.md", "package.md.j2", package=descriptor, extras=list(extras),
                     released=self.site.released, archived=self.archived(name),
                     jsonld=Markup(jsonld.front_matter_value(data)), **cite)

    def downloads_jsonld(self, model: SiteModel) -> Markup:
        urls = list(dict.fromkeys(l.url for ls in self.package_licences.values() for l in ls))
        files = ["downloads/observations.csv", "downloads/observations.xlsx", "downloads/observations.json",
                 *[f"downloads/packages/{d['name']}.zip" for d in self.descriptors]]
        settings = self.site.settings
        data = jsonld.dataset(self.site, name=f"{settings.site_name_zh}：全部数据", description=settings.all_description,
                              page="downloads/", licence_urls=urls, keywords=list(settings.keywords_zh),
                              period_ends=list(model.observations["period_end"]),
                              places=sorted(set(model.observations["entity_name"])),
                              downloads=files, identifier=settings.combined_id)
        return Markup(jsonld.front_matter_value(data))


def indicator_jsonld(research: Research, indicator, observations: pd.DataFrame, keywords: list[str], has_png: bool,
                     lang: Language = ZH) -> Markup:
    """The harvesters' record of an indicator page, in the page's language (the English page's is English)."""
    indicator_id = indicator["id"]
    name = (f"{indicator['name_zh']}（{indicator['name_en']}）" if not lang.english else
            f"{lang.text(indicator, 'name')} ({indicator['name_zh']})")
    data = jsonld.dataset(
        research.site, name=name, description=lang.text(indicator, "definition"),
        page=f"{lang.prefix}indicators/{indicator_id}/", licence_urls=[l.url for l in research.licences_of(observations)],
        keywords=[indicator["name_zh"], *keywords, indicator["name_en"]], period_ends=list(observations["period_end"]),
        places=list(dict.fromkeys(observations["entity_name"])), identifier=indicator_id,
        downloads=[f"downloads/indicators/{indicator_id}.{x}" for x in ("csv", "xlsx", "json")]
        + [api.indicator_path(indicator_id)])
    if has_png:
        data["image"] = research.site.absolute(f"assets/charts/{indicator_id}.png")
    if lang.english:
        data["inLanguage"] = "en"
    return Markup(jsonld.front_matter_value(data))


def research_files(layout: Layout, model: SiteModel, env, content, research: Research) -> None:
    """The API, the catalog, the changelog and feed, robots.txt, redirects and earlier releases' packages."""
    site = research.site
    content.issues.extend(research.archive_issues)
    for release_files in research.archive_files.values():
        content.files.update(release_files)
    _api_files(layout, model, env, content, research)
    content.files["catalog.jsonld"] = api.encode(catalog.catalog(site, research.descriptors))
    sitemaps = "".join(f"Sitemap: {site.absolute(lang + '/sitemap.xml' if lang != 'zh' else 'sitemap.xml')}\n"
                       for lang in site.settings.languages)  # each edition's own sitemap
    content.files["robots.txt"] = f"User-agent: *\nAllow: /\n\n{sitemaps}".encode("utf-8")
    _changelog(model, env, content, research, research.archive_files)
    redirect_files, redirect_issues = redirects.redirect_files(layout, env, site, set(content.files))
    content.files.update(redirect_files)
    content.issues.extend(redirect_issues)


def research_pages(layout: Layout, model: SiteModel, env, content, research: Research) -> None:
    """Another edition's API and changelog pages (the files they describe are the first edition's)."""
    files = content.files
    content.files = {}
    _api_files(layout, model, env, content, research, documents=False)
    _changelog(model, env, content, research, research.archive_files)
    pages = {p: d for p, d in content.files.items() if p.startswith(content.lang.prefix)}
    content.files = {**files, **pages}


def _api_files(layout: Layout, model: SiteModel, env, content, research: Research, documents: bool = True) -> None:
    """The API page, and with `documents` the API's files (one set, the first edition's)."""
    site, files = research.site, content.files
    per_indicator = model.observations["indicator"].value_counts()
    indicators = []
    for indicator_id, indicator in model.indicators.iterrows():
        if not per_indicator.get(indicator_id, 0):
            continue
        meta = indicator.to_dict()
        indicators.append({**meta, "count": int(per_indicator.get(indicator_id, 0))})
        if not documents:
            continue
        observations = model.indicator_observations(indicator_id)
        download = f"downloads/indicators/{indicator_id}.json"  # made already (download_files.py), else now
        encoded = content.files[download] if download in content.files else research.json(observations.index)
        files[api.indicator_path(indicator_id)] = api.encode_indicator(api.indicator_document(
            site, meta, model.units.loc[indicator["unit"]].to_dict(), model.themes.loc[indicator["theme"]].to_dict(),
            [l.descriptor() for l in research.licences_of(observations)], []), encoded)
    used = set(model.observations["entity"])
    places = [{**e.to_dict(), "page": f"places/{i}/"} for i, e in model.entities.iterrows() if i in used]
    sources = [s.to_dict() for _, s in model.sources.sort_values(["published", "id"]).iterrows()]
    packages = api.packages(research.descriptors)
    themes = [t.to_dict() for _, t in model.themes.iterrows()]
    files[f"{api.PREFIX}index.json"] = api.encode(api.index(site, indicators=indicators, themes=themes, places=places,
                                                            sources=sources, packages=packages))
    codelists = {n: load_schema(layout, n) for n in ("indicators", "entities", "units", "themes")}
    files[f"{api.PREFIX}openapi.json"] = api.encode(api.openapi(site, research.observation_fields, codelists))
    schemas = {"observations": {"fields": research.observation_fields},
               "sources": model.packages[0].resource("sources").schema, **codelists}
    content.page(env, "api/index.md", "api.md.j2", site=site, tables=api.field_tables(schemas),
                 derived=api.DERIVED_FIELDS, example=indicators[0]["id"] if indicators else "")


def _changelog(model: SiteModel, env, content, research: Research, archived: dict) -> None:
    site, releases = research.site, research.releases
    entries = []
    for r in releases:
        paths = sorted(p for p in archived.get(r.version, {}) if p.endswith(".zip"))
        entries.append({**r.as_dict(), "tag": r.tag,
                        "archived": [{"id": p.rsplit("/", 1)[-1][:-4], "path": p} for p in paths]})
    first_seen = {}
    for r in reversed(releases):
        for s in r.new_sources:
            first_seen.setdefault(s["id"], {**s, "version": r.version, "release_date": r.date})
    new_sources = sorted(first_seen.values(), key=lambda s: (s["release_date"], s["id"]), reverse=True)
    content.page(env, "changelog/index.md", "changelog.md.j2", releases=entries,
                 indicators={i: content.lang.name(r) for i, r in model.indicators.iterrows()},
                 sources=set(model.sources["id"]))
    content.files["changelog/atom.xml"] = env.get_template("atom.xml.j2").render(
        site=site, site_name=site.settings.site_name_zh, publisher=site.settings.name, releases=entries, new_sources=new_sources,
        updated=releases[0].date if releases else (site.released or "1970-01-01")).encode("utf-8")
