"""Discover data packages and read them, resolving shared schemas from schemas/ ourselves.

Frictionless refuses `../` paths in descriptors (rightly). Package descriptors in the repo name
their shared schema as "../../schemas/<name>.schema.json"; we resolve that here, only ever inside
schemas/, and hand Frictionless a descriptor whose paths all lie under the project root.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import frictionless

from generator.issues import Issue
from generator.json_file import read_json
from generator.layout import Layout

DESCRIPTOR = "datapackage.json"
CODELISTS = ("indicators", "entities", "units", "themes")
REQUIRED_RESOURCES = ("observations", "sources")


@dataclass(frozen=True)
class Resource:
    name: str
    path: Path  # absolute
    schema: dict


@dataclass
class Package:
    id: str  # the folder name is the package id
    folder: Path
    metadata: dict  # descriptor minus resources
    resources: list[Resource] = field(default_factory=list)

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.resources if r.name == name), None)


@dataclass(frozen=True)
class Table:
    file: str  # as shown to contributors
    rows: list[tuple[int, dict]]  # (row number counting the header as row 1, record)
    header: tuple[str, ...] = ()


def discover(layout: Layout) -> list[Path]:
    if not layout.datasets.is_dir():
        return []
    return sorted(p for p in layout.datasets.iterdir() if (p / DESCRIPTOR).is_file())


def schema_issues(schema, shown: str, where: str | None) -> list[Issue]:
    """A Table Schema we can use: Frictionless accepts it, and it names at least one field."""
    problem = ""
    if not isinstance(schema, dict):
        problem = "应为一个 JSON 对象"
    elif not isinstance(schema.get("fields"), list) or not schema["fields"]:
        problem = "缺少字段列表 fields（应为非空数组）"
    elif not all(isinstance(f, dict) and isinstance(f.get("name"), str) and f["name"] for f in schema["fields"]):
        problem = "fields 中每一项都应是带 name 的对象"
    elif bad := _bad_patterns(schema["fields"]):
        problem = "; ".join(bad)
    else:
        try:
            report = frictionless.Schema.validate_descriptor(schema)
            if not report.valid:
                problem = "; ".join(e.note for e in report.errors)
        except Exception as exc:  # noqa: BLE001 - Frictionless raises many kinds on odd descriptors
            problem = f"{type(exc).__name__}: {exc}"
    if not problem:
        return []
    return [Issue(shown, None, where, "schema-invalid", f"表结构（Table Schema）无效：{problem}",
                  '应引用共享的表结构，如 "schema": "../../schemas/observations.schema.json"',
                  message_en=f"the Table Schema is not valid: {problem}",
                  hint_en='expected a shared schema, e.g. "schema": "../../schemas/observations.schema.json"')]


def _bad_patterns(fields: list[dict]) -> list[str]:
    """Patterns that are not regular expressions: Frictionless would raise on the first cell it checks."""
    bad = []
    for spec in fields:
        pattern = (spec.get("constraints") or {}).get("pattern") if isinstance(spec.get("constraints"), dict) else None
        if pattern is None:
            continue
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            bad.append(f"{spec['name']}: pattern {pattern!r} ({exc})")
    return bad


def load_schema(layout: Layout, name: str) -> dict:
    """A shared schema; shared_issues() has checked it can be read (validate() calls it first)."""
    return json.loads((layout.schemas / f"{name}.schema.json").read_text(encoding="utf-8"))


def shared_issues(layout: Layout) -> list[Issue]:
    """The shared schemas and code lists every package needs: missing or broken, they are problems, not crashes."""
    issues = []
    for name in REQUIRED_RESOURCES + CODELISTS:
        path = layout.schemas / f"{name}.schema.json"
        schema, problems = read_json(path, layout)
        issues += problems or schema_issues(schema, layout.rel(path), None)
    for name in CODELISTS:
        path = layout.codelists / f"{name}.csv"
        if not path.is_file():
            issues.append(Issue(layout.rel(path), None, None, "file-missing", "共享代码表不存在",
                                f"应恢复 {layout.rel(path)}（可从 git 历史中找回）",
                                message_en="the shared code list is missing",
                                hint_en=f"restore {layout.rel(path)} (git history has it)"))
    return issues


def codelist_resources(layout: Layout) -> list[Resource]:
    return [Resource(name, layout.codelists / f"{name}.csv", load_schema(layout, name)) for name in CODELISTS]


def _resolve_schema(layout: Layout, ref, descriptor: Path, where: str) -> tuple[dict | None, list[Issue]]:
    shown = layout.rel(descriptor)
    if isinstance(ref, dict):
        issues = schema_issues(ref, shown, where)
        return (None if issues else ref), issues
    if not isinstance(ref, str):
        return None, [Issue(shown, None, where, "schema-missing", "没有表结构（schema）",
                            '应为 "../../schemas/<名称>.schema.json"', message_en="has no schema",
                            hint_en='expected "../../schemas/<name>.schema.json"')]
    target = (descriptor.parent / ref).resolve()
    if not target.is_relative_to(layout.schemas.resolve()) or not target.is_file():
        known = ", ".join(p.name for p in sorted(layout.schemas.glob("*.schema.json")))
        return None, [Issue(shown, None, where, "schema-unknown", f"表结构 '{ref}' 不是 schemas/ 中的文件",
                            "共享表结构有：" + known, message_en=f"schema '{ref}' is not a file in schemas/",
                            hint_en="shared schemas: " + known)]
    schema, issues = read_json(target, layout)
    if schema is not None:
        issues = schema_issues(schema, layout.rel(target), None)
    return (None if issues else schema), issues


def _resolve_path(layout: Layout, path, descriptor: Path, where: str) -> tuple[Path | None, list[Issue]]:
    shown = layout.rel(descriptor)

    def problem(code, message, hint, message_en, hint_en):
        return None, [Issue(shown, None, where, code, message, hint, message_en=message_en, hint_en=hint_en)]

    if not isinstance(path, str) or not path:
        return problem("path-missing", "没有路径（path）", '应为如 "path": "data/observations.csv"',
                       "has no path", 'expected e.g. "path": "data/observations.csv"')
    if "://" in path:
        return problem("path-remote", f"路径 '{path}' 是网址；构建不读取网络", "请把文件放在数据包的 data/ 文件夹中",
                       f"path '{path}' is a URL; the build reads no network", "put the file in the package's data/ folder")
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return problem("path-absolute", f"路径 '{path}' 是绝对路径", "应为相对于数据包文件夹的路径",
                       f"path '{path}' is absolute", "use a path relative to the package folder")
    target = (descriptor.parent / path.replace("\\", "/")).resolve()
    if not target.is_relative_to(descriptor.parent.resolve()):
        return problem("path-outside", f"路径 '{path}' 指向数据包文件夹之外", "数据文件应在数据包内，如 data/observations.csv",
                       f"path '{path}' leaves the package folder",
                       "keep data files inside the package, e.g. data/observations.csv")
    if not target.is_file():
        return problem("path-missing", f"文件 '{path}' 不存在", "应为相对于数据包文件夹的路径，如 data/observations.csv（区分大小写）",
                       f"file '{path}' does not exist",
                       "expected a path relative to the package folder, e.g. data/observations.csv (names are case-sensitive)")
    return target, []


def load_package(layout: Layout, folder: Path) -> tuple[Package | None, list[Issue]]:
    descriptor = folder / DESCRIPTOR
    shown = layout.rel(descriptor)
    data, issues = read_json(descriptor, layout)
    if data is None:
        return None, issues
    package = Package(folder.name, folder, {k: v for k, v in data.items() if k != "resources"})
    issues += _descriptor_text_issues(package.metadata, shown)
    raw_resources = data.get("resources") or []
    if not isinstance(raw_resources, list):
        return None, [Issue(shown, None, "resources", "resources-not-list", "resources 应为数组（[ … ]）",
                            '应为 "resources": [{"name": "observations", …}, {"name": "sources", …}]',
                            message_en="resources must be a list",
                            hint_en='expected "resources": [{"name": "observations", …}, {"name": "sources", …}]')]
    names: dict[str, int] = {}
    for index, raw in enumerate(raw_resources):
        name = raw.get("name") if isinstance(raw, dict) else None
        where = f"resources[{index}]" + (f" ({name})" if isinstance(name, str) and name else "")
        if not isinstance(name, str) or not name:
            issues.append(Issue(shown, None, where, "resource-name", "资源没有名称（name）",
                                '应为 "name": "observations" 或 "sources"', message_en="has no name",
                                hint_en='expected "name": "observations" or "sources"'))
            continue
        if name in names:
            issues.append(Issue(shown, None, where, "duplicate-resource-name",
                                f"资源名称 '{name}' 已用于 resources[{names[name]}]",
                                "每个资源名称只能出现一次：请删除或合并重复的一项",
                                message_en=f"the resource name '{name}' is already used by resources[{names[name]}]",
                                hint_en="expected each resource name once: delete or merge the repeated one"))
            continue
        names[name] = index
        path, path_issues = _resolve_path(layout, raw.get("path"), descriptor, where)
        schema, schema_issues_ = _resolve_schema(layout, raw.get("schema"), descriptor, where)
        issues += path_issues + schema_issues_
        if path and schema:
            package.resources.append(Resource(name, path, schema))
    for name in REQUIRED_RESOURCES:
        if name not in names:
            issues.append(Issue(shown, None, "resources", "resource-missing", f"缺少 '{name}' 资源",
                                f'应有 {{"name": "{name}", "path": "data/{name}.csv", "schema": "../../schemas/{name}.schema.json"}}',
                                message_en=f"has no '{name}' resource",
                                hint_en=f'expected {{"name": "{name}", "path": "data/{name}.csv", "schema": "../../schemas/{name}.schema.json"}}'))
    # Its tables cannot be checked against each other until the descriptor is right.
    return (None if issues else package), issues


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # line breaks allowed: descriptions


def _descriptor_text_issues(value, shown: str, where: str = "") -> list[Issue]:
    """Texts of the descriptor (title, description, licences…) reach pages and downloads: no control characters."""
    if isinstance(value, dict):
        return [i for key, item in value.items() for i in _descriptor_text_issues(item, shown, f"{where}.{key}".lstrip("."))]
    if isinstance(value, list):
        return [i for n, item in enumerate(value) for i in _descriptor_text_issues(item, shown, f"{where}[{n}]")]
    if isinstance(value, str) and (bad := _CONTROL.search(value)):
        char = bad.group().encode("unicode_escape").decode("ascii")
        return [Issue(shown, None, where, "control-character", f"文字中含有控制字符 {char}",
                      "请删除它（常见于从网页或 PDF 复制时带入的不可见字符）",
                      message_en=f"the text holds the control character {char}",
                      hint_en="delete it (invisible characters come along when copying from web pages or PDFs)")]
    return []


# The csv module refuses a cell over 128 KB with an exception; files are limited to validate.MAX_FILE_BYTES, so
# reading with that limit never fails, and cells are then held to MAX_CELL_CHARS with a message.
_CSV_READ_LIMIT = 10_000_000


def read_table(layout: Layout, path: Path) -> Table:
    """Rows keyed by header, numbered as a spreadsheet shows them (header = row 1)."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_READ_LIMIT))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        rows = [(number, dict(zip(header, record))) for number, record in enumerate(reader, start=2) if any(record)]
    return Table(layout.rel(path), rows, tuple(header))
