"""Any valid Frictionless package that is not of the site's observation model (it has no 'observations' resource):
validated by Frictionless with its own schema, and published as a dataset page with a column table per resource,
a preview of the first rows, row count, file size and downloads, and a chart where a resource is a time series.

Only local CSV resources inside the package's folder are accepted: the site asks no other host for anything.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import frictionless

from generator.issues import Issue
from generator.json_file import read_json
from generator.layout import Layout
from generator.load import DESCRIPTOR

PREVIEW_ROWS = 10
NUMERIC = ("number", "integer")
TIME = ("year", "date", "yearmonth", "datetime")


@dataclass
class GenericResource:
    name: str
    path: Path  # absolute
    schema: dict  # the descriptor's, or the one Frictionless infers
    title: str = ""
    description: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # the cells as published

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def time_series(self) -> tuple[str, list[str]] | None:
        """(time field, numeric fields) when the resource is a time series: a date or year field and numbers."""
        fields = [f for f in self.schema.get("fields", []) if isinstance(f, dict)]
        time = next((f["name"] for f in fields if f.get("type") in TIME), None)
        numbers = [f["name"] for f in fields if f.get("type") in NUMERIC and f["name"] != time]
        return (time, numbers) if time and numbers else None


@dataclass
class GenericPackage:
    id: str
    folder: Path
    metadata: dict  # the descriptor without its resources
    resources: list[GenericResource] = field(default_factory=list)
    views: list[dict] = field(default_factory=list)  # the Data Package `views` entries


def resource_names(folder: Path) -> list[str] | None:
    """The names of a package's resources, or None when its descriptor cannot be read (load_package says why)."""
    try:
        data = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # load_package reports an unreadable descriptor
        return None
    resources = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(resources, list):
        return None
    return [r.get("name") for r in resources if isinstance(r, dict)]


def is_generic(folder: Path) -> bool:
    """A package of the site's model has an 'observations' resource; any other readable package is generic."""
    names = resource_names(folder)
    return names is not None and bool(names) and "observations" not in names


def _problem(shown: str, where: str | None, code: str, zh: str, hint: str, en: str, hint_en: str) -> Issue:
    return Issue(shown, None, where, code, zh, hint, message_en=en, hint_en=hint_en)


def _schema(layout: Layout, folder: Path, raw, shown: str, where: str) -> tuple[dict | None, list[Issue]]:
    if raw is None:
        return None, []
    if isinstance(raw, dict):
        return raw, []
    if isinstance(raw, str) and not raw.startswith("/") and ".." not in Path(raw).parts and "://" not in raw:
        data, issues = read_json(folder / raw, layout)
        if isinstance(data, dict):
            return data, []
        return None, issues or [_problem(shown, where, "generic-schema", f"表结构 {raw} 无法读取",
                                         "应为数据包文件夹内的 Table Schema JSON 文件",
                                         f"the schema {raw} cannot be read", "expected a Table Schema JSON file in the package folder")]
    return None, [_problem(shown, where, "generic-schema", "表结构应为内嵌的对象或数据包文件夹内的 JSON 文件",
                           '应为 "schema": {"fields": [...]} 或 "schema": "schema.json"',
                           "the schema must be inline or a JSON file inside the package folder",
                           'expected "schema": {"fields": [...]} or "schema": "schema.json"')]


def load_generic(layout: Layout, folder: Path, check: bool = True) -> tuple[GenericPackage | None, list[Issue]]:
    """The package and, when `check`, Frictionless's own validation of it as Issues (file, row, field)."""
    descriptor = folder / DESCRIPTOR
    shown = layout.rel(descriptor)
    data, issues = read_json(descriptor, layout)
    if not isinstance(data, dict):
        return None, issues
    package = GenericPackage(folder.name, folder, {k: v for k, v in data.items() if k not in ("resources", "views")},
                             views=[v for v in data.get("views") or [] if isinstance(v, dict)])
    frictionless_resources = []
    for index, raw in enumerate(data.get("resources") or []):
        name = raw.get("name") if isinstance(raw, dict) else None
        where = f"resources[{index}]" + (f" ({name})" if name else "")
        path = raw.get("path") if isinstance(raw, dict) else None
        if not isinstance(name, str) or not isinstance(path, str) or not path.lower().endswith(".csv") \
                or path.startswith("/") or "://" in path or ".." in Path(path).parts:
            issues.append(_problem(shown, where, "generic-resource",
                                   "资源应有名称（name）和数据包文件夹内的 CSV 文件路径（path）",
                                   '应为 {"name": "data", "path": "data/data.csv"}；网站不从其他网址读取数据',
                                   "a resource needs a name and the path of a CSV file inside the package folder",
                                   'expected {"name": "data", "path": "data/data.csv"}; the site reads nothing from other hosts'))
            continue
        file = folder / path
        if not file.is_file():
            issues.append(_problem(layout.rel(file), None, "file-missing", "找不到这个文件",
                                   f"请检查 {shown} 中 {where} 的 path", "the file does not exist",
                                   f"check the path of {where} in {shown}"))
            continue
        schema, schema_issues = _schema(layout, folder, raw.get("schema"), shown, where)
        issues += schema_issues
        entry = {"name": name, "path": layout.rel(file), "format": "csv", "encoding": raw.get("encoding", "utf-8")}
        for key in ("dialect",):
            if isinstance(raw.get(key), dict):
                entry[key] = raw[key]
        if schema is not None:
            entry["schema"] = schema
        frictionless_resources.append(entry)
        resource = GenericResource(name, file, schema or {}, str(raw.get("title", "")), str(raw.get("description", "")))
        package.resources.append(resource)
    if issues:
        return None, issues
    if check:
        issues += _frictionless_issues(layout, package.id, frictionless_resources)
    for resource, entry in zip(package.resources, frictionless_resources):
        if not resource.schema:
            inferred = frictionless.Resource(entry["path"], basepath=str(layout.root))
            inferred.infer()
            resource.schema = inferred.schema.to_descriptor()
        read_rows(resource, entry["encoding"])
    return (None if any(i.severity == "error" for i in issues) else package), issues


def read_rows(resource: GenericResource, encoding: str = "utf-8") -> GenericResource:
    """The resource's header and rows, as published (strings)."""
    text = resource.path.read_text(encoding=encoding, errors="replace").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    resource.header, resource.rows = (rows[0], rows[1:]) if rows else ([], [])
    return resource


def resource_view(resource: GenericResource, path: str, chart: str = "") -> dict:
    """What a page shows of a resource: its column table (from the schema), first rows, row count and size."""
    fields = [{"name": f.get("name", ""), "title": f.get("title", ""), "type": f.get("type", "any"),
               "constraints": _constraints(f), "description": f.get("description", "")}
              for f in resource.schema.get("fields", []) if isinstance(f, dict)]
    return {"name": resource.name, "title": resource.title, "description": resource.description,
            "anchor": resource.name.lower().replace("_", "-"), "path": path, "count": len(resource.rows),
            "size": _size(resource.size), "chart": chart, "fields": fields, "header": resource.header,
            "preview": resource.rows[:PREVIEW_ROWS]}


def extra_resources(package, shown: tuple[str, ...] = ("observations", "sources")) -> list[dict]:
    """A site package's resources beside its observations and sources, for its package page."""
    out = []
    for r in package.resources:
        if r.name in shown:
            continue
        resource = read_rows(GenericResource(r.name, r.path, r.schema))
        out.append(resource_view(resource, f"data/{r.name}.csv"))
    return out


def _frictionless_issues(layout: Layout, name: str, resources: list[dict]) -> list[Issue]:
    try:
        report = frictionless.Package({"name": name, "resources": resources}, basepath=str(layout.root)).validate()
    except Exception as exc:  # noqa: BLE001 - a broken descriptor is a report line, never a traceback
        return [Issue(layout.rel(layout.datasets / name / DESCRIPTOR), None, None, "frictionless-failed",
                      f"Frictionless 无法读取这个数据包：{exc}", "请对照 Data Package 规范检查 datapackage.json",
                      message_en=f"Frictionless cannot read this package: {exc}",
                      hint_en="check datapackage.json against the Data Package specification")]
    files = {r["name"]: r["path"] for r in resources}
    issues = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None) or None
            if error.type in ("missing-label", "extra-label", "blank-label", "duplicate-label", "incorrect-label"):
                row, field_name = 1, field_name or getattr(error, "label", None)
            text = getattr(error, "message", None) or error.note
            issues.append(Issue(files.get(task.name, task.name), row, field_name, error.type, f"Frictionless 报告：{text}",
                                "请对照这个资源的表结构（schema）改正这一格", message_en=text,
                                hint_en="correct the cell to match the resource's Table Schema"))
    return issues


def time_series_spec(resource: GenericResource, views: list[dict]) -> dict | None:
    """A Vega-Lite spec for a time series resource: the package's own view for it (Data Package `views`, spec
    type vega-lite) when there is one, else lines of every numeric field over the time field, on an axis that
    shows their variation (not from zero: a generic field's meaning is unknown)."""
    for view in views:
        if view.get("specType") == "vega-lite" and isinstance(view.get("spec"), dict) and \
                resource.name in (view.get("resources") or [resource.name]):
            spec = {k: v for k, v in view["spec"].items() if k not in ("data", "datasets")}
            return {**spec, "data": {"values": records(resource)}}
    series = resource.time_series()
    if series is None:
        return None
    time, numbers = series
    fields = {f["name"]: f for f in resource.schema.get("fields", [])}
    kind = "temporal" if fields[time].get("type") != "year" else "quantitative"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 270, "height": 250,
        "data": {"values": records(resource)},
        "transform": [{"fold": numbers, "as": ["series", "value"]}],
        "mark": {"type": "line", "point": len(resource.rows) <= 60},
        "encoding": {
            "x": {"field": time, "type": kind, "title": fields[time].get("title", time),
                  **({"axis": {"format": "d"}} if kind == "quantitative" else {})},
            "y": {"field": "value", "type": "quantitative", "title": None, "scale": {"zero": False}},
            "color": {"field": "series", "type": "nominal", "title": None},
        },
    }


def records(resource: GenericResource) -> list[dict]:
    """The rows as records, numbers as numbers (for charts and the JSON download); empty cells are null."""
    types = {f["name"]: f.get("type") for f in resource.schema.get("fields", []) if isinstance(f, dict)}
    out = []
    for row in resource.rows:
        record = {}
        for name, cell in zip(resource.header, row):
            value = cell if cell != "" else None
            if value is not None and types.get(name) in NUMERIC:
                try:
                    number = float(value)
                    value = int(number) if types.get(name) == "integer" else number
                except ValueError:
                    pass
            record[name] = value
        out.append(record)
    return out


def _size(n: int) -> str:
    return f"{n} 字节" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _constraints(f: dict) -> str:
    c = f.get("constraints") or {}
    return "；".join(f"{k} {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}" if v is not True else k
                    for k, v in c.items()) if isinstance(c, dict) else ""


def resource_xlsx(resource: GenericResource, rows: list[dict], package: GenericPackage) -> bytes:
    """One sheet of the rows (numbers as numbers, every text cell typed as text: never a formula), one saying
    what the file is."""
    import openpyxl

    from generator import downloads
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(resource.header)
    for record in rows:
        sheet.append([record.get(name) for name in resource.header])
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("说明")
    for line in (str(package.metadata.get("title", package.id)), f"数据包 {package.id} · 资源 {resource.name}",
                 "数值按数据包中的 CSV 原样记录；所有文字单元格都以文本保存，不会作为公式执行。"):
        about.append([line])
    workbook.properties.creator = str(package.metadata.get("title", package.id))
    downloads._text_cells_as_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return downloads.normalize_zip(buffer.getvalue())


def published_descriptor(package: GenericPackage) -> dict:
    """The descriptor as published (downloads/packages/<id>/datapackage.json), named by its folder as pages are."""
    data = json.loads((package.folder / DESCRIPTOR).read_text(encoding="utf-8"))
    return {**data, "name": package.id}


def generic_packages(layout: Layout) -> list[GenericPackage]:
    """Every generic package, read again after validation passed (no checks: validate() ran them)."""
    from generator.load import discover
    packages = [load_generic(layout, folder, check=False)[0] for folder in discover(layout) if is_generic(folder)]
    return [p for p in packages if p is not None]


def generic_files(env, content, packages: list[GenericPackage], with_png: bool) -> list[dict]:
    """Pages, charts and downloads of the generic packages into content; their rows for the downloads index."""
    from generator import downloads
    from generator.charts import render_all
    specs = {}
    for package in packages:
        for resource in package.resources:
            spec = time_series_spec(resource, package.views)
            if spec is not None:
                specs[f"{package.id}--{resource.name}"] = json.dumps(spec, ensure_ascii=False, sort_keys=True)
    rendered = render_all(specs, with_png)
    listing = []
    for package in packages:
        base = f"downloads/packages/{package.id}"
        zipped = {DESCRIPTOR: (package.folder / DESCRIPTOR).read_bytes()}
        shown = []
        for resource in package.resources:
            rel = resource.path.relative_to(package.folder).as_posix()
            data = resource.path.read_bytes()
            zipped[rel] = data
            content.files[f"{base}/{rel}"] = data
            rows = records(resource)
            content.files[f"{base}/{resource.name}.json"] = (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
            content.files[f"{base}/{resource.name}.xlsx"] = resource_xlsx(resource, rows, package)
            chart_id = f"{package.id}--{resource.name}"
            chart = ""
            if chart_id in rendered:
                svg, png = rendered[chart_id]
                chart = f"assets/charts/{chart_id}.svg"
                content.files[chart] = svg.encode("utf-8")
                content.files[f"assets/charts/{chart_id}.vl.json"] = specs[chart_id].encode("utf-8")
            shown.append(resource_view(resource, rel, chart))
        content.files[f"{base}/{DESCRIPTOR}"] = zipped[DESCRIPTOR]
        content.files[f"{base}.zip"] = downloads.zip_files(zipped)
        meta = package.metadata
        licences = [l for l in meta.get("licenses") or [] if isinstance(l, dict)]
        sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
        info = {"name": package.id, "title": str(meta.get("title") or package.id), "description": str(meta.get("description", "")),
                "version": str(meta.get("version", "")), "licenses": licences, "sources": sources}
        content.page(env, f"{base}.md", "generic_package.md.j2", package=info, resources=shown)
        listing.append({"id": package.id, "title": info["title"], "version": info["version"],
                        "licenses": [{"title": l.get("title") or l.get("name", "")} for l in licences], "packages": []})
    return listing
