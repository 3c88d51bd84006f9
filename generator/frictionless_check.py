"""Real Frictionless validation of a package with its shared code lists, reported as Issues."""
from __future__ import annotations

import difflib
import json
import multiprocessing
import os
import re
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import frictionless

from generator import kept_issues
from generator.lifetime import die_with_parent
from generator.issues import Issue
from generator.issues import shown as shown_cell
from generator.layout import Layout
from generator.load import Package, Resource, Table, codelist_resources

# Part of a kept report's key: the code that turns Frictionless's report into Issues (and their texts).
_CODE = kept_issues.code_hash(*(Path(__file__).parent / name for name in ("frictionless_check.py", "issues.py", "load.py")))
# Label errors concern the header, which contributors see as row 1.
HEADER_ERRORS = {"missing-label", "extra-label", "blank-label", "duplicate-label", "incorrect-label"}


def resources_for(layout: Layout, package: Package) -> list[Resource]:
    return package.resources + codelist_resources(layout)


def descriptor_for(layout: Layout, package: Package) -> dict:
    """A Frictionless descriptor whose paths are relative to the project root (no ../ anywhere)."""
    return {
        "name": package.id,
        "resources": [
            {"name": r.name, "path": layout.rel(r.path), "schema": r.schema, "format": "csv", "encoding": "utf-8"}
            for r in resources_for(layout, package)
        ],
    }


def number_hint(cell: str) -> tuple[str, str]:
    """Say where the extra characters belong: contributors paste numbers as they read them. (Chinese, English)"""
    text = str(cell)
    advice = []
    if "," in text or "，" in text:
        advice.append(("去掉千分位逗号（写 1234，不写 1,234）", "drop the thousands separator (1234, not 1,234)"))
    if "%" in text or "％" in text:
        advice.append(("去掉 %，单位填 percent", "drop % and use unit 'percent'"))
    if re.search(r"[约近超余多以上左右不到突破]", text):
        advice.append(("约/超过/以上/不到 写在 qualifier 列（about、more_than、at_least、less_than）",
                       "put 约/超过/以上/不到 in 'qualifier' (about, more_than, at_least, less_than)"))
    if re.search(r"[万亿]", text):
        advice.append(("数字照原文，万/亿 写进单位（1.27万家 → value 1.27，unit wan-jia）",
                       "keep the number as published and put 万/亿 in the unit (1.27万家 → value 1.27, unit wan-jia)"))
    if re.search(r"[家个项件人元]", text):
        advice.append(("单位写在 unit 列", "put the unit in 'unit'"))
    zh = "应为不带其他字符的数字，如 1.27 或 4222" + "".join("；" + a for a, _ in advice)
    en = "expected a bare number such as 1.27 or 4222" + "".join("; " + b for _, b in advice)
    return zh, en


def _normalised(identifier: str) -> str:
    """os-s03 and os-s3 are the same id to a reader: numbers without their leading zeros, lower case."""
    return re.sub(r"[0-9]+", lambda m: str(int(m.group())), identifier.strip().lower())


def closest_ids(value: str, ids: list[str], n: int = 3) -> list[str]:
    """Known ids nearest to a mistyped one: those equal after normalising first, then the most similar."""
    by_form: dict[str, list[str]] = {}
    for known in ids:
        by_form.setdefault(_normalised(known), []).append(known)
    target = _normalised(value)
    found = list(by_form.get(target, []))
    for form in difflib.get_close_matches(target, list(by_form), n=n + len(found), cutoff=0.5):
        found += [known for known in by_form[form] if known not in found]
    return found[:n]


def _closest(value: str, table: Table | None) -> tuple[str, str]:
    if table is None:
        return "", ""
    near = closest_ids(value, [row.get("id", "") for _, row in table.rows])
    if near:
        return "最接近的已有编号：" + ", ".join(near), "closest known: " + ", ".join(near)
    return f"请先把它加入 {table.file}", f"add it to {table.file} first"


# Patterns of the shared schemas, said in words (a raw regular expression helps no one).
PATTERN_WORDS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": ("编号只能用小写英文字母、数字和连字符，如 high-tech-enterprises",
                                 "an id is lowercase letters, digits and hyphens, e.g. high-tech-enterprises"),
    "^https?://\\S+$": ("网址应以 http:// 或 https:// 开头，且不含空格", "a URL starts with http:// or https:// and has no spaces"),
    "^(sheet=[^;]+;)?row=[1-9][0-9]*;column=[^;]+$": (
        "表格位置应写作 row=行号;column=列名，如 row=4;column=population（表头为第 1 行；工作簿在前面加 sheet=表名;）",
        "a locator is row=N;column=NAME, e.g. row=4;column=population (the header is row 1; sheet=NAME; first in a workbook)"),
    "^[0-9a-f]{64}$": ("sha256 应为 64 位小写十六进制数字（sha256sum 文件名 的输出）",
                       "a sha256 is 64 lowercase hex digits (what sha256sum FILE prints)"),
    "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$": ("路径应相对于数据包文件夹，只用英文字母、数字、. _ - 和 /，如 sources/table.csv",
                                             "a path relative to the package folder, in letters, digits, . _ - and /, e.g. sources/table.csv"),
}


def _message(error, spec: dict) -> tuple[str, str, str, str]:
    """(message, hint, message_en, hint_en) for one Frictionless error."""
    cell = getattr(error, "cell", None)
    field_type, description = spec.get("type"), spec.get("description", "")
    kind = error.type
    if kind == "type-error":
        if field_type in ("number", "integer"):
            return (f"{shown_cell(cell)} 不是数字", *number_hint(cell)[:1], f"{shown_cell(cell)} is not a number", number_hint(cell)[1])
        if field_type == "date":
            return (f"{shown_cell(cell)} 不是存在的日期", "应写作 年-月-日，如 2023-03-31",
                    f"{shown_cell(cell)} is not a date that exists", "expected YYYY-MM-DD, e.g. 2023-03-31")
        return (f"{shown_cell(cell)} 不是有效的 {field_type}", f"应为 {field_type}",
                f"{shown_cell(cell)} is not a valid {field_type}", f"expected a {field_type}")
    if kind == "constraint-error":
        rule = error.note.replace('constraint "', "").replace('" is "', " ").rstrip('"')
        if rule.startswith("required"):
            return ("这一格是空的", f"应填写：{description}".rstrip("："),
                    "this cell is empty", f"expected a value: {description}".rstrip(": "))
        constraints = spec.get("constraints") or {}
        if rule.startswith("pattern") and constraints.get("pattern") in PATTERN_WORDS:
            zh, en = PATTERN_WORDS[constraints["pattern"]]
            return f"{shown_cell(cell)} 的写法不对：{zh}", zh, f"{shown_cell(cell)} is not well formed: {en}", en
        if rule.startswith("enum") and isinstance(constraints.get("enum"), list):
            allowed = ", ".join(map(str, constraints["enum"]))
            return (f"{shown_cell(cell)} 不是允许的取值", f"应为以下之一：{allowed}",
                    f"{shown_cell(cell)} is not one of the allowed values", f"expected one of: {allowed}")
        return (f"{shown_cell(cell)} 不符合规则 {rule}", f"应为：{description}" if description else "请对照表结构中这一列的说明",
                f"{shown_cell(cell)} breaks the rule '{rule}'", f"expected: {description}" if description else "")
    if kind == "missing-cell":
        return ("这一行的格数少于表头", "每列应有一格（是否少了逗号，或格内有换行？）",
                "this row has fewer cells than the header",
                "expected one cell per column (a missing comma, or a line break inside a cell?)")
    if kind == "extra-cell":
        return (f"这一行的格数多于表头（多出 {shown_cell(cell)}）", "每列应有一格；文字中含逗号时，整格要用英文双引号括起来",
                f"this row has more cells than the header (extra {shown_cell(cell)})",
                "expected one cell per column; a comma inside a text cell needs the cell in double quotes")
    if kind == "primary-key":
        if "indicator" in str(error.note):
            return ("重复：前面已有一行的键相同", "每个（indicator, entity, period, kind, source）组合只能出现一次",
                    "duplicate: an earlier row has the same key", "expected each (indicator, entity, period, kind, source) once")
        return ("重复：前面已有一行的编号相同", "每个编号只能出现一次",
                "duplicate: an earlier row has the same key", "expected each id once")
    if kind == "missing-label":
        return ("表头缺少这一列", "应有共享表结构中的各列", "the header lacks this column",
                "expected the columns of the shared schema, in any order")
    if kind == "extra-label":
        return ("表头有一列表结构中没有", "应只有表结构中的列；备注请写在 note 列",
                "the header has a column the schema does not know", "expected only the schema's columns; put remarks in 'note'")
    if kind == "blank-row":
        return "这一行是空的", "请删除空行", "the row is empty", "delete empty rows"
    if kind == "source-error" and "empty" in str(error.note):
        return ("文件是空的", "应有一行表头和至少一行数据", "the file is empty", "expected a header row and at least one data row")
    text = getattr(error, "message", None) or error.note
    return (f"Frictionless 报告：{text}", "请对照表结构检查这一格", text, "check the cell against the schema")


def _key(layout: Layout, package: Package) -> str:
    return kept_issues.key_of((frictionless.__version__, _CODE, json.dumps(descriptor_for(layout, package), sort_keys=True)),
                              [(layout.rel(r.path), r.path) for r in resources_for(layout, package)])


_INHERITED: dict = {}


def _in_child(job: int) -> tuple[list[Issue], bool]:
    return _frictionless_issues(*_INHERITED[job])


class FrictionlessRuns:
    """Frictionless's reports on several packages, made in one forked process while the caller runs the project's
    own checks (each takes seconds on a large package, both on one core). start() registers a package and returns
    a function that gives its issues; launch() forks the process once every package is registered (so that it
    inherits all of them, rather than having them pickled). Only from a single-threaded process on Linux with more
    than one core (`mkdocs serve` runs a server and file watchers: a fork could leave the child waiting on a lock
    another thread held); else each report is made here when it is asked for."""

    def __init__(self):
        self.jobs: list[tuple] = []
        self.futures: list = []
        self.pool = None

    def start(self, layout: Layout, package: Package, tables: dict[str, Table]):
        key = _key(layout, package)
        cached = kept_issues.read(layout, "frictionless", key)
        if cached is not None:
            return lambda: cached
        job = len(self.jobs)
        self.jobs.append((layout, package, tables))
        return lambda: _kept(layout, key, *self._result(job))

    def launch(self) -> None:
        if not self.jobs or not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2 \
                or threading.active_count() > 1:
            return
        _INHERITED.update(enumerate(self.jobs))
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                        initializer=die_with_parent, initargs=(os.getpid(),))
        self.futures = [self.pool.submit(_in_child, job) for job in range(len(self.jobs))]

    def _result(self, job: int) -> tuple[list[Issue], bool]:
        return self.futures[job].result() if self.futures else _frictionless_issues(*self.jobs[job])

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        _INHERITED.clear()


def _kept(layout: Layout, key: str, issues: list[Issue], complete: bool) -> list[Issue]:
    if complete:  # a report Frictionless could not make is not kept
        kept_issues.keep(layout, "frictionless", key, issues)
    return issues


def _frictionless_issues(layout: Layout, package: Package, tables: dict[str, Table]) -> tuple[list[Issue], bool]:
    """The issues, and whether Frictionless reported at all (a failure to read the package is not kept)."""
    resources = {r.name: r for r in resources_for(layout, package)}
    try:
        report = frictionless.Package(descriptor_for(layout, package), basepath=str(layout.root)).validate()
    except Exception as exc:  # noqa: BLE001 - a descriptor our checks let through must still not crash validate
        descriptor = layout.rel(package.folder / "datapackage.json")
        return [Issue(descriptor, None, None, "frictionless-failed", f"Frictionless 无法读取这个数据包：{exc}",
                      "请对照 CONTRIBUTING.md 检查 datapackage.json 与表结构",
                      message_en=f"Frictionless cannot read this package: {exc}",
                      hint_en="check datapackage.json and its schemas against CONTRIBUTING.md")], False
    issues = []
    for task in report.tasks:
        resource = resources.get(task.name)
        shown = layout.rel(resource.path) if resource else task.name
        fields = {f["name"]: f for f in resource.schema.get("fields", [])} if resource else {}
        missing = {(e.row_number, e.field_name) for e in task.errors if e.type == "missing-cell"}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None) or None
            if error.type == "constraint-error" and (row, field) in missing:
                continue  # the missing cell says it already
            if error.type == "constraint-error" and task.name == "observations" and field == "period" \
                    and "required" not in str(error.note):
                continue  # checks.check_period_exists says it once, in words
            if error.type in HEADER_ERRORS:
                row, field = 1, field or getattr(error, "label", None)
            if error.type == "foreign-key":
                issues.append(_foreign_key_issue(error, resource, shown, tables, task.name))
                continue
            if error.type == "primary-key":
                field = ",".join(resource.schema.get("primaryKey", [])) if resource else field
            message, hint, message_en, hint_en = _message(error, fields.get(field, {}))
            issues.append(Issue(shown, row, field, error.type, message, hint, message_en=message_en, hint_en=hint_en))
    return issues, True


def _foreign_key_issue(error, resource: Resource | None, shown: str, tables: dict[str, Table], name: str) -> Issue:
    fields = list(getattr(error, "field_names", []) or [])
    row = getattr(error, "row_number", None)
    target = _fk_target(resource, fields)
    value = _cell_of(error, tables.get(name), row, fields)
    hint, hint_en = _closest(value, tables.get(target))
    return Issue(shown, row, ",".join(fields), "foreign-key", f"{shown_cell(value)} 不是已知的 {target or ''} 编号",
                 hint, message_en=f"{shown_cell(value)} is not a known {target or 'id'} id", hint_en=hint_en)


def _fk_target(resource: Resource | None, fields: list[str]) -> str:
    for fk in (resource.schema.get("foreignKeys", []) if resource else []):
        own = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        if own == fields:
            return fk["reference"]["resource"] or resource.name
    return ""


def _cell_of(error, table: Table | None, row: int | None, fields: list[str]) -> str:
    if table is not None and row is not None:
        for number, record in table.rows:
            if number == row and fields:
                return record.get(fields[0], "")
    cells = getattr(error, "cells", None) or []
    return str(cells[0]) if cells else ""
