"""Download files: CSV (UTF-8 with BOM for Excel), JSON, xlsx, and self-contained Frictionless packages.

Every download row carries its headline flag, its source's metadata (every column of sources.csv, prefixed
`source_`, so new source columns travel without code changes), and its package, version, release date and
data licence, so a file that travels alone still says what it is and under which terms.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import openpyxl
import pandas as pd

from generator import licences, xlsx
from generator.frames import records
from generator.frictionless_check import resources_for
from generator.layout import Layout
from generator.load import Package, codelist_resources
from generator.numbers import KIND_LABEL, TIER_LABEL

# Reading order: ids, labels, the value as published, its normalised form, the headline flag, the source.
LEADING_COLUMNS = [
    "indicator", "indicator_name", "indicator_name_en", "entity", "entity_name", "entity_name_en", "period",
    "period_label", "value", "unit", "unit_symbol", "unit_symbol_en", "qualifier", "kind", "deadline", "headline",
    "value_base", "base_unit", "value_corrected", "unit_corrected", "correction_reason",
    "source", "source_title", "source_title_en",
]
TRAILING_COLUMNS = ["package", "version", "released", "license"]
CSV_BOM = "\ufeff"
# Column headings for spreadsheet readers: Chinese first, the machine name after it.
HEADINGS_ZH = {
    "indicator": "指标编号", "indicator_name": "指标", "entity": "对象编号", "entity_name": "对象", "period": "时期",
    "period_label": "时期（中文）", "value": "数值（按原文）", "unit": "单位编号", "unit_symbol": "单位",
    "qualifier": "限定", "kind": "类型", "deadline": "截止依据", "headline": "主序列采用", "value_base": "换算值",
    "base_unit": "换算单位",
    "value_corrected": "更正值", "unit_corrected": "更正单位", "correction_reason": "更正理由", "source": "来源编号", "source_title": "来源", "quote": "原文", "note": "说明",
    "package": "数据包", "version": "数据版本", "released": "发布日期", "license": "数据许可",
    "indicator_name_en": "指标（英文）", "entity_name_en": "对象（英文）", "unit_symbol_en": "单位（英文）",
    "source_title_en": "来源（英文译名）",
}
# The same headings in English: the xlsx header reads "中文 / English machine_name".
HEADINGS_EN = {
    "indicator": "Indicator id", "indicator_name": "Indicator", "entity": "Entity id", "entity_name": "Entity",
    "period": "Period", "period_label": "Period (Chinese)", "value": "Value (as published)", "unit": "Unit id",
    "unit_symbol": "Unit", "qualifier": "Qualifier", "kind": "Kind", "deadline": "Deadline basis",
    "headline": "Headline series", "value_base": "Value in base unit", "base_unit": "Base unit",
    "value_corrected": "Corrected value", "unit_corrected": "Corrected unit", "correction_reason": "Reason for correction",
    "source": "Source id", "source_title": "Source", "quote": "Quote (original text)", "note": "Note",
    "package": "Package", "version": "Data version", "released": "Released", "license": "Data licence",
    "indicator_name_en": "Indicator (English)", "entity_name_en": "Entity (English)", "unit_symbol_en": "Unit (English)",
    "source_title_en": "Source (English translation)",
}
# Coded values as Chinese readers read them (xlsx only; CSV and JSON keep the codes).
VALUE_LABELS_ZH = {
    "kind": KIND_LABEL,
    "qualifier": {"exact": "准确", "about": "约", "more_than": "超过", "at_least": "以上", "less_than": "不到"},
    "deadline": {"stated": "文中载明", "plan-period": "规划期推定", "none": "未给出"},
    "headline": {True: "采用", False: ""},
    "source_tier": TIER_LABEL,
    "source_date_basis": {"stated": "文中载明", "inferred": "据文意推断"},
}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time: same inputs, same bytes
DATAPACKAGE_V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLESCHEMA_V2 = "https://datapackage.org/profiles/2.0/tableschema.json"


# Spreadsheet downloads are inert (OWASP, "CSV Injection"): a text cell that Excel or WPS would read as a
# formula (it starts with = + - @, a tab or a carriage return) gets a leading single quote in the CSV, and every
# text cell of the xlsx is typed as text. Numbers, negative ones included, stay numbers. The data packages
# (downloads/packages/) keep the text exactly as published: they are data for programs, not spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def inert(cell):
    """A cell as a spreadsheet may open it: text that would start a formula is prefixed with a single quote."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _text_cells_as_text(workbook: openpyxl.Workbook) -> None:
    """openpyxl stores a string starting with '=' as a formula; make every text cell plain text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


@dataclass(frozen=True)
class Stamp:
    """What each package's rows say about themselves: version, release date, data licence label."""
    version: str
    released: str
    license: str


def download_frame(observations: pd.DataFrame, sources: pd.DataFrame, stamps: dict[str, Stamp]) -> pd.DataFrame:
    """The observations with every download column: source columns joined generically, stamps per package."""
    source_columns = [c for c in sources.columns if c not in ("id", "package")]
    joined = sources.drop_duplicates("id").set_index("id")[source_columns].add_prefix("source_")
    joined = joined.drop(columns=[c for c in joined.columns if c in observations.columns])
    frame = observations.join(joined, on="source")
    return frame.assign(
        version=frame["package"].map(lambda p: stamps[p].version),
        released=frame["package"].map(lambda p: stamps[p].released),
        license=frame["package"].map(lambda p: stamps[p].license),
    )


def download_columns(observation_fields: list[str], source_fields: list[str]) -> list[str]:
    """Leading columns, then every other observation field (quote, note, and any added later), then the
    source's columns (every column of sources.csv, in its order), then the package stamp."""
    sources = [f"source_{c}" for c in source_fields if c != "id" and f"source_{c}" not in LEADING_COLUMNS]
    middle = [f for f in observation_fields if f not in LEADING_COLUMNS]
    return LEADING_COLUMNS + middle + sources + TRAILING_COLUMNS


def heading(column: str, titles: dict[str, str]) -> str:
    """'发布者（来源） source_publisher': known Chinese headings, else the schema title's Chinese part."""
    if column in HEADINGS_ZH:
        return HEADINGS_ZH[column]
    if column.startswith("source_") and column[7:] in titles:
        return titles[column[7:]].split(" ")[0] + "（来源）"
    return titles.get(column, column).split(" ")[0]


def heading_en(column: str, titles: dict[str, str]) -> str:
    """'Publisher (source)': known English headings, else the schema title's English part ('' if it has none)."""
    if column in HEADINGS_EN:
        return HEADINGS_EN[column]
    if column.startswith("source_") and column[7:] in titles:
        english = heading_en(column[7:], titles)
        return f"{english} (source)" if english else ""
    title = titles.get(column, "")
    return title.split(" ", 1)[1] if " " in title and title.split(" ", 1)[1].isascii() else ""


def bilingual_heading(column: str, titles: dict[str, str]) -> str:
    """'指标 / Indicator indicator_name': Chinese, English, then the machine name as the last word."""
    english = heading_en(column, titles)
    return f"{heading(column, titles)} / {english} {column}" if english else f"{heading(column, titles)} {column}"


def _as_printed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """value, unit and unit_symbol as the document printed them; value_base is the value the site uses (corrected
    where a correction applies), and the correction columns say what was corrected and why."""
    printed = frame[columns].assign(unit_symbol=frame["unit_printed_symbol"])
    if "unit_symbol_en" in columns and "unit_printed_symbol_en" in frame:
        printed = printed.assign(unit_symbol_en=frame["unit_printed_symbol_en"])
    return printed


def observations_csv(frame: pd.DataFrame, columns: list[str]) -> bytes:
    heading, lines = csv_lines(frame, columns)
    return CSV_BOM.encode("utf-8") + heading + b"".join(lines)


def csv_lines(frame: pd.DataFrame, columns: list[str]) -> tuple[bytes, list[bytes]]:
    """The CSV download's heading line and each row's line (terminator included), in UTF-8: a download of some
    rows is the heading and their lines (download_rows.py)."""
    out = _as_printed(frame, columns).assign(value=frame["value_printed"], value_base=frame["value_base"].map(_number),
                                             headline=frame["headline"].map({True: "true", False: "false"}))
    records = csv_records(inert_frame(out).to_csv(index=False, lineterminator="\r\n"))
    return next(records).encode("utf-8"), [record.encode("utf-8") for record in records]


def csv_records(text: str):
    """The records of a CSV text whose records end in CRLF, each as written. A record is complete when it holds
    an even number of quote characters: a quoted field opens and closes with one and doubles any inside it, so
    a line break inside a quoted field (a quote of two paragraphs) does not end its record."""
    pending, quotes = [], 0
    for line in text.split("\r\n")[:-1]:
        pending.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            yield "\r\n".join(pending) + "\r\n"
            pending, quotes = [], 0


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`inert` on every cell, looking only at the text cells that start as a formula would (a few, if any)."""
    changed = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
            continue
        # each distinct text once: a column repeats its values (places, units, sources)
        starts = [v for v in pd.unique(values.to_numpy(dtype=object)) if isinstance(v, str) and v.startswith(FORMULA_START)]
        if starts:
            risky = values.isin(starts).to_numpy(dtype=bool)
            safe = values.astype(object)  # a copy: the prefixed cells are set by position
            safe.iloc[risky.nonzero()[0]] = [inert(cell) for cell in values[risky]]
            changed[column] = safe
    return frame.assign(**changed) if changed else frame


def observations_json(frame: pd.DataFrame, columns: list[str]) -> bytes:
    return json_file(json_objects(frame, columns))


def json_objects(frame: pd.DataFrame, columns: list[str]) -> list[bytes]:
    """Each row as an object of the JSON download (indented as json.dumps(rows, ensure_ascii=False, indent=1)
    writes it inside the list), in UTF-8."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n  ", ": ")).encode
    objects = []
    for row in records(_as_printed(frame, columns).assign(value=frame["value_printed"].astype(float))):
        row["value"] = _json_number(row["value"])
        row["value_base"] = _json_number(row["value_base"])
        row["headline"] = bool(row["headline"])
        # Python writes indented JSON in pure Python, a row at a time slower than its C encoder, which writes
        # each plain row here (its separators putting each key on its own line).
        if any(isinstance(value, (dict, list, tuple)) for value in row.values()):
            text = json.dumps(row, ensure_ascii=False, indent=1).replace("\n", "\n ")
        else:
            text = "{\n  " + encode(row)[1:-1] + "\n }" if row else "{}"
        objects.append(text.encode("utf-8"))
    return objects


def json_file(objects: list[bytes]) -> bytes:
    """The JSON download of rows encoded by json_objects."""
    return b"[\n " + b",\n ".join(objects) + b"\n]\n" if objects else b"[]\n"


WIDEST_COLUMN = 60  # characters; longer cells (quotes) wrap or are read in the cell


@functools.lru_cache(maxsize=1 << 16)  # columns repeat their values (places, units, kinds, sources)
def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet (CJK count double), counted only as far as the widest column."""
    if text.isascii():  # no ASCII character is wide
        return min(len(text), WIDEST_COLUMN)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:WIDEST_COLUMN])


def _cell(column: str, value):
    """One spreadsheet cell: numbers as numbers, coded values as their Chinese labels."""
    if column in VALUE_LABELS_ZH:
        return VALUE_LABELS_ZH[column].get(value, value)
    return _json_number(value) if isinstance(value, float) else value


def observations_xlsx(frame: pd.DataFrame, columns: list[str], title: str, notes: list[str],
                      titles: dict[str, str] | None = None, creator: str = "") -> bytes:
    return workbook_of(*xlsx_rows(frame, columns), columns, title, notes, titles, creator)


def xlsx_rows(frame: pd.DataFrame, columns: list[str]) -> tuple[list[bytes], np.ndarray]:
    """Each row of the workbook's figures sheet, as worksheet XML with its row number left out (xlsx.encode_row),
    and the display width of each of its cells (rows × columns; a width is at most 2 × WIDEST_COLUMN)."""
    rows, widths = [], bytearray()
    for row in _as_printed(frame, columns).assign(value=frame["value_printed"].astype(float)).itertuples(index=False):
        cells = [_cell(c, v) for c, v in zip(columns, row)]
        rows.append(xlsx.encode_row(cells))
        widths += bytes(_display_width(str(v)) for v in cells)
    return rows, np.frombuffer(bytes(widths), dtype=np.uint8).reshape(len(rows), len(columns))


def workbook_of(rows: Sequence[bytes], widths: np.ndarray, columns: list[str], title: str, notes: list[str],
                titles: dict[str, str] | None = None, creator: str = "") -> bytes:
    """An Excel workbook of rows from xlsx_rows: one sheet of figures (values as numbers, codes as Chinese labels,
    filters on, readable widths), one sheet saying what the file is, its version and licence, and what the columns
    mean. Text cells are text, never formulas (generator/xlsx.py)."""
    headings = [bilingual_heading(c, titles or {}) for c in columns]
    widest = [_display_width(h) for h in headings]
    if len(rows):
        widest = [max(w, int(c)) for w, c in zip(widest, widths.max(axis=0))]
    figures = xlsx.Sheet("数据", _Headed(headings, rows), [min(max(w, 6) + 2, WIDEST_COLUMN) for w in widest],
                         bold_first_row=True, freeze_first_row=True, filter=True)
    about = xlsx.Sheet("说明", [[line] for line in (title, *notes, *ABOUT_LINES)], [100])
    return xlsx.workbook([figures, about], creator=creator)


class _Headed(Sequence):
    """The headings, then the rows: without reading every row (they may wait on disk, download_rows.Taken)."""

    def __init__(self, headings: list[str], rows: Sequence[bytes]):
        self.headings, self.rows = headings, rows

    def __len__(self) -> int:
        return 1 + len(self.rows)

    def __getitem__(self, at):
        if isinstance(at, slice):
            start, stop, step = at.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return ([self.headings] if start == 0 and stop > 0 else []) + list(self.rows[max(start - 1, 0):max(stop - 1, 0)])
        at = at + len(self) if at < 0 else at
        return self.headings if at == 0 else self.rows[at - 1]


ABOUT_LINES = (
    "数值（按原文）与单位按原文记录；换算值 = 数值 × 单位倍数，单位为换算单位；原文有误已更正的，换算值按更正值计算，更正值、更正单位和更正理由另列。",
    "类型：实际 / 预计 / 目标；限定：准确 / 约 / 超过 / 以上 / 不到；主序列采用：同一时期有多个数字时，图中采用的那一个。",
    "本表中的编码值以中文显示；CSV 与 JSON 文件保留英文编码（kind、qualifier、tier 等）。",
    "所有文字单元格都以文本保存，不会作为公式执行。",
    "English: each heading gives the Chinese label, the English label and the column's machine name. "
    "Values and units are as published; value_base is the value times the unit's multiplier (corrected "
    "where a correction applies). *_en columns are English labels; source_title_en is this project's "
    "translation of the source's title, the title as printed stays in source_title. Quotes stay in the "
    "language they were published in.",
    "Coded values are shown in Chinese in this sheet (实际 actual, 预计 estimate, 目标 target; 准确 exact, "
    "约 about, 超过 more than, 以上 at least, 不到 less than); the CSV and JSON files keep the English codes. "
    "Text cells are stored as text and never run as formulas.",
)


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


def zip_files(files: dict[str, bytes]) -> bytes:
    """A package as one zip with datapackage.json at its root, so `frictionless validate x.zip` reads it whole."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(_entry(name), files[name], zipfile.ZIP_DEFLATED)
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


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _table_resource(name: str, schema: dict) -> dict:
    return {"name": name, "type": "table", "path": f"data/{name}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "schema": {"$schema": TABLESCHEMA_V2, **schema}}


PACKAGE_FIELD = {"name": "package", "type": "string", "title": "数据包 Package",
                 "description": "The package this row comes from; its licence is listed under the descriptor's `packages`.",
                 "constraints": {"required": True}}


def combined_package_files(layout: Layout, loaded: list, metadata: dict, package_rows: list[dict],
                           generics: list = ()) -> dict[str, bytes]:
    """Every package in one: each package resource (observations, sources, and any other, such as corrections)
    stacked across the packages that have it, with a `package` column saying where each row comes from; the
    shared code lists once; then each resource of the generic packages (generic.GenericPackage) as published,
    named `<package>--<resource>` so names never clash, with its own package's licences. `metadata` carries the
    licences of all packages (see licences.py) and `package_rows` which licence covers which package."""
    files, resources = {}, []
    names = list(dict.fromkeys(r.name for p in loaded for r in p.package.resources))
    for name in names:
        having = [p for p in loaded if p.package.resource(name) is not None]
        schema = dict(having[0].package.resource(name).schema)
        header = [f["name"] for f in schema["fields"]] + ["package"]
        schema["fields"] = [*schema["fields"], PACKAGE_FIELD]
        rows = [{**row, "package": p.package.id} for p in having for _, row in p.tables[name].rows]
        files[f"data/{name}.csv"] = _csv_bytes(header, [{h: r.get(h, "") for h in header} for r in rows])
        resources.append(_table_resource(name, schema))
    for resource in codelist_resources(layout) if loaded else []:
        files[f"data/{resource.name}.csv"] = resource.path.read_bytes()
        resources.append(_table_resource(resource.name, resource.schema))
    for generic in generics:
        for resource in generic.resources:
            name = f"{generic.id}--{resource.name}"
            files[f"data/{name}.csv"] = resource.path.read_bytes()
            resources.append({**_table_resource(name, resource.schema), "title": resource.title or resource.name,
                              "description": f"Resource '{resource.name}' of package '{generic.id}', as published.",
                              "licenses": [l.descriptor() for l in licences.data_licences(generic.metadata)]})
    descriptor = {"$schema": DATAPACKAGE_V2, **metadata, "packages": package_rows, "resources": resources}
    files["datapackage.json"] = _json(descriptor)
    return files


def package_files(layout: Layout, package: Package, metadata: dict) -> dict[str, bytes]:
    """The package as users download it: a Data Package v2 descriptor (`metadata` from descriptors.py) with
    inline schemas, and copies of every CSV it needs."""
    resources, files = [], {}
    for resource in resources_for(layout, package):
        files[f"data/{resource.name}.csv"] = resource.path.read_bytes()
        resources.append(_table_resource(resource.name, resource.schema))
    files["datapackage.json"] = _json({"$schema": DATAPACKAGE_V2, **metadata, "resources": resources})
    return files
