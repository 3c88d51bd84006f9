"""Download files: CSV (UTF-8 with BOM for Excel), JSON, and self-contained Frictionless packages."""
from __future__ import annotations

import json

import pandas as pd

from generator.frictionless_check import resources_for
from generator.layout import Layout
from generator.load import Package

# Columns a researcher needs, in reading order: ids, labels, the value as published, its normalised form.
DOWNLOAD_COLUMNS = [
    "indicator", "indicator_name", "entity", "entity_name", "period", "period_label",
    "value", "unit", "unit_symbol", "qualifier", "kind", "value_base", "base_unit",
    "source", "source_title", "quote", "note",
]
CSV_BOM = "\ufeff"


def observations_csv(frame: pd.DataFrame) -> bytes:
    out = frame[DOWNLOAD_COLUMNS].assign(value=frame["value_text"], value_base=frame["value_base"].map(_number))
    return (CSV_BOM + out.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def observations_json(frame: pd.DataFrame) -> bytes:
    records = []
    for row in frame[DOWNLOAD_COLUMNS].assign(value=frame["value_number"]).to_dict(orient="records"):
        row["value"] = _json_number(row["value"])
        row["value_base"] = _json_number(row["value_base"])
        records.append(row)
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _number(value: float) -> str:
    return format(value, ".15g") if abs(value) < 1e15 else format(value, "f")


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def package_files(layout: Layout, package: Package) -> dict[str, bytes]:
    """The package as users download it: descriptor with inline schemas, and copies of every CSV it needs."""
    resources, files = [], {}
    for resource in resources_for(layout, package):
        path = f"data/{resource.name}.csv"
        files[path] = resource.path.read_bytes()
        resources.append({
            "name": resource.name, "path": path, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": resource.schema,
        })
    descriptor = {**package.metadata, "name": package.metadata.get("name", package.id), "resources": resources}
    files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
