"""Data Package v2 metadata for the published packages, built from the repository's descriptors."""
from __future__ import annotations

import pandas as pd

from generator import licences
from generator.load import Package
from generator.siteinfo import SiteInfo

# Keys of a repository descriptor that the published one rebuilds itself.
REBUILT = {"resources", "licenses", "contributors", "$schema", "profile", "sources", "homepage"}


def created(released: str) -> str:
    return f"{released}T00:00:00Z" if released else ""


def contributors(metadata: dict, site: SiteInfo) -> list[dict]:
    """v2 contributors with `roles` (v1 `role` is read too); the project is always the publisher."""
    people = []
    for person in metadata.get("contributors") or []:
        if not isinstance(person, dict):
            continue
        roles = person.get("roles") or ([person["role"]] if person.get("role") else [])
        people.append({**{k: v for k, v in person.items() if k != "role"}, "roles": roles})
    if not any("publisher" in p["roles"] for p in people):
        people.append({"title": site.settings.name, "path": site.url, "roles": ["publisher"]})
    return people


def source_list(sources: pd.DataFrame) -> list[dict]:
    """The documents the figures come from, as v2 `sources` (title, path when it is a web page)."""
    listed = []
    for _, row in sources.sort_values(["published", "id"]).iterrows():
        entry = {"title": row["title"]}
        if str(row.get("url", "")).startswith(("http://", "https://")):
            entry["path"] = row["url"]
        listed.append(entry)
    return listed


def package_metadata(package: Package, sources: pd.DataFrame, site: SiteInfo) -> dict:
    meta = {k: v for k, v in package.metadata.items() if k not in REBUILT}
    released = package.metadata.get("created", "")[:10] or site.released
    meta.update({
        "name": package.metadata.get("name", package.id),
        "version": package.metadata.get("version", site.version),
        "created": package.metadata.get("created") or created(released),
        "homepage": site.absolute(f"downloads/packages/{package.id}/"),
        "licenses": [l.descriptor() for l in licences.data_licences(package.metadata)],
        "contributors": contributors(package.metadata, site),
        "sources": source_list(sources[sources["package"] == package.id]),
    })
    return meta


def combined_metadata(name: str, title: str, packages: list[Package], site: SiteInfo) -> dict:
    """The combined package: every package's data licence listed (one entry per distinct licence), the site cited."""
    distinct = {}
    for package in packages:
        for licence in licences.data_licences(package.metadata):
            distinct.setdefault(licence.name, licence)
    cite = f"{site.settings.site_name_zh}（{site.version or '未发布版本'}）. {site.url}"
    description = ("All packages of the site in one: " + ", ".join(p.id for p in packages) + ". "
                   "Each row's `package` column says which package it comes from; `packages` gives each "
                   f"package's licence. Cite as: {cite}")
    english = ({"title_en": f"{site.settings.site_name_en}: all data packages in one", "description_en": description}
               if "en" in site.settings.languages else {})
    return {
        "name": name, "title": title, **english, "version": site.version, "created": created(site.released),
        "homepage": site.absolute(f"downloads/packages/{name}/"),
        "description": description,
        "licenses": [l.descriptor() for l in distinct.values()],
        "contributors": [{"title": site.settings.name, "path": site.url, "roles": ["creator", "publisher"]}],
        "sources": [{"title": p.metadata.get("title", p.id), "path": site.absolute(f"downloads/packages/{p.id}/")}
                    for p in packages],
    }
