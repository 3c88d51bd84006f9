"""A static, versioned JSON API under api/v1/: an index, per-indicator data, and an OpenAPI description.

URLs under api/v1/ only ever gain fields; a change that would break a reader gets api/v2/.
Field meanings come from the Table Schemas (schemas/*.schema.json) plus DERIVED_FIELDS below.
"""
from __future__ import annotations

import json

import pandas as pd

from generator.siteinfo import SiteInfo

PREFIX = "api/v1/"
# Columns the generator adds to each observation (the others are the observations schema's own fields,
# and every column of sources.csv prefixed source_).
DERIVED_FIELDS = [  # (name, type, description: Chinese, then English)
    ("indicator_name", "string", "指标的中文名称（来自 indicators 代码表）。 The indicator's Chinese name (indicators code list)."),
    ("indicator_name_en", "string", "指标的英文名称。 The indicator's English name (indicators code list, name_en)."),
    ("entity_name", "string", "对象（地区或机构）的中文名称（来自 entities 代码表）。 The place's or body's Chinese name (entities code list)."),
    ("entity_name_en", "string", "对象的英文名称。 The place's or body's English name (entities code list, name_en)."),
    ("period_label", "string", "时期的中文写法，如 2020年、截至2023年5月、2023—2027年。 The period written in Chinese."),
    ("unit_symbol", "string", "单位的中文写法，如 万家、%。 The unit as written in Chinese."),
    ("unit_symbol_en", "string", "单位的英文写法，如 10,000 establishments、%。 The unit's English label (units code list, symbol_en)."),
    ("headline", "boolean", "同一时期有多个数字时，图中主序列采用的那一个为 true（规则见方法说明）。 true for the figure the headline series uses where a period has several (see the methodology)."),
    ("value_base", "number", "换算值：数值 × 单位倍数（1.27万家 → 12700）。 The value in the base unit: value × the unit's multiplier (1.27万家 → 12700)."),
    ("base_unit", "string", "换算值的单位编号。 Unit id of value_base."),
    ("source_title", "string", "来源文献的标题（英文或繁体标题给出中文标注）。 The source document's title (its Chinese label where the title is English or traditional)."),
    ("source_title_en", "string", "来源文献标题的英文译名（本项目所译）。 An English translation of the source's title, made by this project; the title as printed stays in the sources table's title."),
    ("source_*", "string", "来源文献的其余各列（发布者 source_publisher、发布日期 source_published、网址 source_url、可靠性 source_tier 等），含义见下方 sources 表。 The source's other columns, as described in the sources table below."),
    ("package", "string", "该数字所属的数据包编号。 The package the figure belongs to."),
    ("version", "string", "该数据包的数据版本（CalVer，如 2026.11.1）。 The package's data version (CalVer)."),
    ("released", "date", "该版本的发布日期。 The version's release date."),
    ("license", "string", "该数据包的数据许可。 The package's data licence."),
]
JSON_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean", "date": "string",
              "year": "integer", "yearmonth": "string", "datetime": "string"}


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def indicator_path(indicator_id: str) -> str:
    return f"{PREFIX}indicators/{indicator_id}.json"


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: row[c] for c in columns} for _, row in frame.iterrows()]


def index(site: SiteInfo, *, indicators: list[dict], themes: list[dict], places: list[dict], sources: list[dict],
          packages: list[dict]) -> dict:
    """The entry point: every indicator, theme, place, source and package, each with the URL of its data."""
    return {
        "api": "v1",
        "site": site.url,
        "version": site.version,
        "released": site.released,
        "documentation": site.absolute("api/"),
        "openapi": site.absolute(f"{PREFIX}openapi.json"),
        "indicators": [{**i, "data": indicator_path(i["id"]), "page": f"indicators/{i['id']}/"} for i in indicators],
        "themes": [{**t, "page": f"themes/{t['id']}/"} for t in themes],
        "places": places,
        "sources": [{**s, "page": f"sources/{s['id']}/"} for s in sources],
        "packages": packages,
    }


def packages(descriptors: list[dict]) -> list[dict]:
    """The API index's packages: descriptor, zip and each resource's CSV, as site paths."""
    return [{"id": d["name"], "title": d.get("title", ""), "version": d.get("version", ""),
             "licenses": d.get("licenses", []), "datapackage": f"downloads/packages/{d['name']}/datapackage.json",
             "zip": f"downloads/packages/{d['name']}.zip",
             "resources": [{"name": r.get("name", ""), "path": f"downloads/packages/{d['name']}/{r.get('path', '')}"}
                           for r in d.get("resources", []) if isinstance(r, dict)]}
            for d in descriptors]


def indicator_document(site: SiteInfo, indicator: dict, unit: dict, theme: dict, licences: list[str],
                       observations: list[dict]) -> dict:
    return {"api": "v1", "version": site.version, "released": site.released, "indicator": indicator, "unit": unit,
            "theme": theme, "licenses": licences, "page": site.absolute(f"indicators/{indicator['id']}/"),
            "observations": observations}


def _field_schema(field: dict) -> dict:
    schema = {"type": JSON_TYPES.get(field.get("type", "string"), "string")}
    if field.get("type") == "date":
        schema["format"] = "date"
    if field.get("description") or field.get("title"):
        schema["description"] = " ".join(filter(None, [field.get("title"), field.get("description")]))
    if (field.get("constraints") or {}).get("enum"):
        schema["enum"] = field["constraints"]["enum"]
    return schema


def openapi(site: SiteInfo, observation_fields: list[dict], codelist_schemas: dict[str, dict]) -> dict:
    """OpenAPI 3.1 description of the static files: two GET paths, schemas from the Table Schemas."""
    observation = {"type": "object", "properties": {f["name"]: _field_schema(f) for f in observation_fields}}
    for name, kind, description in DERIVED_FIELDS:
        if name != "source_*":
            observation["properties"][name] = {"type": JSON_TYPES[kind], "description": description}
    observation["additionalProperties"] = {"description": "source_* columns and any column added later"}
    components = {name: {"type": "object", "properties": {f["name"]: _field_schema(f) for f in schema["fields"]}}
                  for name, schema in codelist_schemas.items()}
    components["Observation"] = observation
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{site.settings.site_name_zh} API", "version": f"v1 (data {site.version})",
                 "description": "Static JSON files; no query parameters, no keys, no rate limits."},
        "servers": [{"url": site.url.rstrip("/")}],
        "paths": {
            f"/{PREFIX}index.json": {"get": {"summary": "Index of indicators, themes, places, sources and packages",
                                              "responses": {"200": {"description": "The index",
                                                                    "content": {"application/json": {}}}}}},
            f"/{PREFIX}indicators/{{id}}.json": {"get": {
                "summary": "One indicator: its metadata and every figure, with the headline flag",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "Indicator id, as listed in index.json"}],
                "responses": {"200": {"description": "The indicator", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "indicator": {"$ref": "#/components/schemas/indicators"},
                        "observations": {"type": "array", "items": {"$ref": "#/components/schemas/Observation"}}}}}}},
                    "404": {"description": "No such indicator"}}}},
        },
        "components": {"schemas": components},
    }


def field_tables(schemas: dict[str, dict]) -> list[dict]:
    """Column tables for the API page, straight from the Table Schemas."""
    tables = []
    for name, schema in schemas.items():
        rows = [{"name": f["name"], "type": f.get("type", "string"), "title": f.get("title", ""),
                 "description": f.get("description", ""), "required": bool((f.get("constraints") or {}).get("required"))}
                for f in schema["fields"]]
        tables.append({"name": name, "fields": rows})
    return tables


def encode(data) -> bytes:
    return _json(data)


_ROWS = "\0rows\0"  # stands in for rows encoded already: no published text holds a NUL


def encode_indicator(document: dict, rows_json: bytes) -> bytes:
    """An indicator_document whose observations are `rows_json`, the indicator's JSON download (a list encoded with
    the same indent): the bytes of encoding the rows again inside the document, without the cost (Python's JSON
    encoder writes indented output in pure Python). The rows sit one level deeper: one more space per line."""
    text = _json({**document, "observations": _ROWS}).decode("utf-8")
    marker = json.dumps(_ROWS)
    at = text.rindex(marker)  # observations is the document's last key
    rows = rows_json.decode("utf-8").rstrip("\n").replace("\n", "\n ")
    return (text[:at] + rows + text[at + len(marker):]).encode("utf-8")
