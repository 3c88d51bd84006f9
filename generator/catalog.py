"""A DCAT catalog (DCAT-AP style JSON-LD) of every published package and its distributions.

The @context is inline, so a JSON-LD processor needs no network to read it."""
from __future__ import annotations

from generator.siteinfo import SiteInfo

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "title": {"@id": "dct:title"},
    "description": {"@id": "dct:description"},
    "issued": {"@id": "dct:issued", "@type": "xsd:date"},
    "modified": {"@id": "dct:modified", "@type": "xsd:date"},
    "license": {"@id": "dct:license", "@type": "@id"},
    "publisher": {"@id": "dct:publisher"},
    "identifier": {"@id": "dct:identifier"},
    "language": {"@id": "dct:language", "@type": "@id"},
    "homepage": {"@id": "foaf:homepage", "@type": "@id"},
    "name": {"@id": "foaf:name"},
    "dataset": {"@id": "dcat:dataset", "@container": "@set"},
    "distribution": {"@id": "dcat:distribution", "@container": "@set"},
    "keyword": {"@id": "dcat:keyword", "@container": "@set"},
    "landingPage": {"@id": "dcat:landingPage", "@type": "@id"},
    "accessURL": {"@id": "dcat:accessURL", "@type": "@id"},
    "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
    "mediaType": {"@id": "dcat:mediaType"},
    "version": {"@id": "dcat:version"},
}
LANGUAGE = "http://publications.europa.eu/resource/authority/language/ZHO"


def _distribution(site: SiteInfo, path: str, title: str, media_type: str, licences: list[str]) -> dict:
    url = site.absolute(path)
    return {"@id": url, "@type": "dcat:Distribution", "title": title, "accessURL": url, "downloadURL": url,
            "mediaType": media_type, "license": licences}


def package_dataset(site: SiteInfo, descriptor: dict) -> dict:
    """One dcat:Dataset from a published package descriptor (downloads/packages/<id>/datapackage.json)."""
    name = descriptor["name"]
    base = f"downloads/packages/{name}"
    licences = [l["path"] for l in descriptor.get("licenses", []) if l.get("path")]
    distributions = [
        _distribution(site, f"{base}.zip", f"{name}.zip（数据包压缩文件）", "application/zip", licences),
        _distribution(site, f"{base}/datapackage.json", "datapackage.json（Frictionless 数据包描述）", "application/json", licences),
        *[_distribution(site, f"{base}/{r['path']}", r["name"] + ".csv", "text/csv", licences)
          for r in descriptor.get("resources", [])],
    ]
    return {
        "@id": site.absolute(f"{base}/"),
        "@type": "dcat:Dataset",
        "identifier": name,
        "title": descriptor.get("title", name),
        "description": descriptor.get("description", ""),
        "keyword": descriptor.get("keywords", []),
        "landingPage": descriptor.get("homepage", site.absolute(f"{base}/")),
        "license": licences,
        "version": descriptor.get("version", ""),
        "issued": descriptor.get("created", "")[:10] or site.released,
        "modified": site.released,
        "language": LANGUAGE,
        "publisher": {"@type": "foaf:Agent", "name": site.settings.name},
        "distribution": distributions,
    }


def catalog(site: SiteInfo, descriptors: list[dict]) -> dict:
    return {
        "@context": CONTEXT,
        "@id": site.absolute("catalog.jsonld"),
        "@type": "dcat:Catalog",
        "title": f"{site.settings.site_name_zh} · {site.settings.site_name_en}",
        "description": f"{site.settings.site_name_zh}的全部数据包。",
        "homepage": site.url,
        "publisher": {"@type": "foaf:Agent", "name": site.settings.name},
        "language": LANGUAGE,
        "modified": site.released,
        "dataset": [package_dataset(site, d) for d in descriptors],
    }
