"""schema.org Dataset descriptions for harvesters (Google Dataset Search and others), as plain dicts.

Pages carry them in front matter (`jsonld:`, a string of JSON in which <, > and & are written \\u003c etc.);
site_src/overrides/main.html writes that string into the head, so no text from data can end the <script>.
"""
from __future__ import annotations

import json

from generator.siteinfo import SiteInfo

MEDIA_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "json": "application/json", "zip": "application/zip"}


def organisation(site: SiteInfo) -> dict:
    return {"@type": "Organization", "name": site.settings.name, "url": site.url}


def distribution(site: SiteInfo, path: str, name: str = "") -> dict:
    fmt = path.rsplit(".", 1)[-1]
    entry = {"@type": "DataDownload", "contentUrl": site.absolute(path), "encodingFormat": MEDIA_TYPES.get(fmt, fmt)}
    return {**entry, "name": name} if name else entry


def temporal_coverage(period_ends: list[str]) -> str:
    """'2015/2027': from the earliest to the latest year a figure refers to."""
    years = sorted(e[:4] for e in period_ends if e)
    return f"{years[0]}/{years[-1]}" if years else ""


def dataset(site: SiteInfo, *, name: str, description: str, page: str, licence_urls: list[str], keywords: list[str],
            period_ends: list[str], places: list[str], downloads: list[str], identifier: str) -> dict:
    data = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": site.absolute(page),
        "identifier": identifier,
        "license": licence_urls[0] if len(licence_urls) == 1 else licence_urls,
        "isAccessibleForFree": True,
        "inLanguage": "zh-CN",
        "creator": organisation(site),
        "publisher": organisation(site),
        "includedInDataCatalog": {"@type": "DataCatalog", "name": site.settings.site_name_zh, "url": site.url},
        "keywords": keywords,
        "temporalCoverage": temporal_coverage(period_ends),
        "spatialCoverage": [{"@type": "Place", "name": p} for p in places],
        "distribution": [distribution(site, d) for d in downloads],
        "version": site.version,
        "dateModified": site.released,
    }
    return data


# Characters a <script> or YAML must not see raw: <, >, & could end the script or start markup; U+0085,
# U+2028 and U+2029 are line breaks to YAML. Each becomes its JSON escape, which means the same to a JSON reader.
_UNSAFE = {c: f"\\u{ord(c):04x}" for c in "<>&\u0085\u2028\u2029"}


def script_json(data: dict) -> str:
    """JSON text safe inside <script type="application/ld+json">: no <, > or & can end the script."""
    return json.dumps(data, ensure_ascii=False).translate(str.maketrans(_UNSAFE))


def front_matter_value(data: dict) -> str:
    """One line of YAML for a page's front matter: the script-safe JSON text as a YAML string, which
    site_src/overrides/main.html writes into the head as it is."""
    return json.dumps(script_json(data), ensure_ascii=False)
