"""A site whose packages are all generic (no observation model, no code lists): a page per package, the downloads
index, the nav, the static API index (api/v1/index.json: every package and its resources), the DCAT catalog and
the search dictionary. The hand-written pages (site_src/index.md…) are the publisher's."""
from __future__ import annotations

import json

from generator import api, catalog, descriptors, downloads, licences
from generator.content import Content
from generator.generic import generic_files, generic_packages, published_descriptor
from generator.layout import JIEBA_FILE, NAV_FILE, Layout
from generator.pages import make_env
from generator.search_terms import generic_user_dict
from generator.settings import SiteSettings
from generator.siteinfo import SiteInfo


def _combined(layout: Layout, site: SiteInfo, packages: list, content: Content) -> dict | None:
    """The all-in-one package (settings' combined_package): every resource as `<package>--<resource>` with its own
    package's licence; none when a share-alike licence meets another, or there is a single package."""
    by_package = {p.id: licences.data_licences(p.metadata) for p in packages}
    if len(packages) < 2 or not licences.combinable(by_package):
        return None
    name = site.settings.combined_id
    meta = {**descriptors.combined_metadata(name, site.settings.all_title, packages, site),
            "homepage": site.absolute("downloads/")}  # listed on the downloads page; it has no page of its own
    meta = {k: v for k, v in meta.items() if v != ""}  # no release: no version or date to state
    files = downloads.combined_package_files(layout, [], meta, licences.package_licence_rows(by_package), packages)
    content.files.update({f"downloads/packages/{name}/{path}": data for path, data in files.items()})
    content.files[f"downloads/packages/{name}.zip"] = downloads.zip_files(files)
    return json.loads(files["datapackage.json"])


def generic_site_files(layout: Layout, settings: SiteSettings, site_url: str, with_png: bool) -> dict[str, bytes]:
    env, content = make_env(), Content()
    packages = generic_packages(layout)
    listing = generic_files(env, content, packages, with_png)
    site = SiteInfo(site_url, "", "", settings)
    descriptors = [published_descriptor(p) for p in packages]
    combined = _combined(layout, site, packages, content)
    content.page(env, "downloads/index.md", "generic_downloads.md.j2", packages=listing, site=site, combined=combined)
    descriptors += [combined] if combined else []
    content.files[f"{api.PREFIX}index.json"] = api.encode(api.index(site, indicators=[], themes=[], places=[], sources=[],
                                                                    packages=api.packages(descriptors)))
    content.files["catalog.jsonld"] = api.encode(catalog.catalog(site, descriptors))
    content.files[JIEBA_FILE] = generic_user_dict(layout.search_terms, [str(d.get("title", "")) for d in descriptors])
    content.files[NAV_FILE] = (json.dumps([{"首页": "index.md"}, {"数据下载": "downloads/index.md"}],
                                          ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return content.files
