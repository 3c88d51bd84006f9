"""Download files: CSV (UTF-8 with BOM for Excel), JSON, and self-contained Frictionless packages."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import openpyxl
import pandas as pd
from openpyxl.styles import Font

from generator.frictionless_check import resources_for
from generator.layout import Layout
from generator.load import Package

# Columns a researcher needs, in reading order: ids, labels, the value as published, its normalised form.
DOWNLOAD_COLUMNS = [
    "indicator", "indicator_name", "entity", "entity_name", "period", "period_label",
    "value", "unit", "unit_symbol", "qualifier", "kind", "deadline", "value_base", "base_unit",
    "value_corrected", "unit_corrected", "correction_reason",
    "source", "source_title", "quote", "note",
]
CSV_BOM = "\ufeff"
# Column headings for spreadsheet readers: Chinese first, the machine name after it.
HEADINGS_ZH = {
    "indicator": "指标编号", "indicator_name": "指标", "entity": "对象编号", "entity_name": "对象", "period": "时期",
    "period_label": "时期（中文）", "value": "数值（按原文）", "unit": "单位编号", "unit_symbol": "单位",
    "qualifier": "限定", "kind": "类型", "deadline": "截止依据", "value_base": "换算值", "base_unit": "换算单位",
    "value_corrected": "更正值", "unit_corrected": "更正单位", "correction_reason": "更正理由", "source": "来源编号",
    "source_title": "来源", "quote": "原文", "note": "说明",
}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time: same inputs, same bytes


def _as_printed(frame: pd.DataFrame) -> pd.DataFrame:
    """value, unit and unit_symbol as the document printed them; value_base is the value the site uses (corrected
    where a correction applies), and the correction columns say what was corrected and why."""
    return frame[DOWNLOAD_COLUMNS].assign(unit_symbol=frame["unit_printed_symbol"])


def observations_csv(frame: pd.DataFrame) -> bytes:
    out = _as_printed(frame).assign(value=frame["value_printed"], value_base=frame["value_base"].map(_number))
    return (CSV_BOM + out.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def observations_json(frame: pd.DataFrame) -> bytes:
    records = []
    for row in _as_printed(frame).assign(value=frame["value_printed"].astype(float)).to_dict(orient="records"):
        row["value"] = _json_number(row["value"])
        row["value_base"] = _json_number(row["value_base"])
        records.append(row)
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def observations_xlsx(frame: pd.DataFrame, title: str) -> bytes:
    """An Excel workbook: one sheet of figures (values as numbers), one sheet saying what the columns mean."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append([f"{HEADINGS_ZH[c]} {c}" for c in DOWNLOAD_COLUMNS])
    for row in _as_printed(frame).assign(value=frame["value_printed"].astype(float)).itertuples(index=False):
        sheet.append([_json_number(v) if isinstance(v, float) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("说明")
    for line in (title, "重庆科技创新开放数据 · 数据许可 CC BY 4.0 · 代码许可 MIT",
                 "数值（按原文）与单位按原文记录；换算值 = 数值 × 单位倍数，单位为换算单位；原文有误已更正的，换算值按更正值计算，更正值、更正单位和更正理由另列。",
                 "类型：actual 实际 / estimate 预计 / target 目标；限定：exact / about 约 / more_than 超过 / at_least 以上 / less_than 不到。"):
        about.append([line])
    workbook.properties.creator = "重庆科技创新开放数据"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalize_zip(buffer.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx is one) with fixed timestamps, so a rebuild gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>1980-01-01T00:00:00Z", content)
            target.writestr(_entry(info.filename), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.external_attr = 0o644 << 16  # rw-r--r-- when unpacked
    return info


def zip_files(files: dict[str, bytes], folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(_entry(f"{folder}/{name}"), files[name], zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _number(value: float) -> str:
    return format(value, ".15g") if abs(value) < 1e15 else format(value, "f")


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _csv_bytes(header: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def combined_package_files(layout: Layout, loaded: list, name: str, title: str) -> dict[str, bytes]:
    """Every package in one: observations and sources stacked, the shared code lists once."""
    files, resources = {}, []
    for resource in resources_for(layout, loaded[0].package):
        tables = [p.tables[resource.name] for p in loaded] if resource.name in ("observations", "sources") else [loaded[0].tables[resource.name]]
        header = [f["name"] for f in resource.schema["fields"]]
        files[f"data/{resource.name}.csv"] = _csv_bytes(header, [row for t in tables for _, row in t.rows])
        resources.append({"name": resource.name, "path": f"data/{resource.name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": resource.schema})
    first = loaded[0].package.metadata
    descriptor = {"name": name, "title": title, "licenses": first.get("licenses", []),
                  "description": "All packages of the site in one: " + ", ".join(p.package.id for p in loaded) + ".",
                  "resources": resources}
    files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


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
