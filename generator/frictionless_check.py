"""Real Frictionless validation of a package with its shared code lists, reported as Issues."""
from __future__ import annotations

import difflib
import re

import frictionless

from generator.issues import Issue
from generator.layout import Layout
from generator.load import Package, Resource, Table, codelist_resources

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


def number_hint(cell: str) -> str:
    """Say where the extra characters belong: contributors paste numbers as they read them."""
    text = str(cell)
    advice = []
    if "," in text or "，" in text:
        advice.append("drop the thousands separator (1234, not 1,234)")
    if "%" in text or "％" in text:
        advice.append("drop % and use unit 'percent'")
    if re.search(r"[约近超余多以上左右不到突破]", text):
        advice.append("put 约/超过/以上/不到 in 'qualifier' (about, more_than, at_least, less_than)")
    if re.search(r"[万亿]", text):
        advice.append("keep the number as published and put 万/亿 in the unit (1.27万家 → value 1.27, unit wan-jia)")
    if re.search(r"[家个项件人元]", text):
        advice.append("put the unit in 'unit'")
    return "expected a bare number such as 1.27 or 4222" + ("; " + "; ".join(advice) if advice else "")


def _closest(value: str, table: Table | None) -> str:
    if table is None:
        return ""
    ids = [row.get("id", "") for _, row in table.rows]
    near = difflib.get_close_matches(value, ids, n=3, cutoff=0.5)
    return ("closest known: " + ", ".join(near)) if near else f"add it to {table.file} first"


def _message(error, field_type: str | None, field_description: str = "") -> tuple[str, str]:
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        if field_type in ("number", "integer"):
            return f"'{cell}' is not a number", number_hint(cell)
        if field_type == "date":
            return f"'{cell}' is not a date that exists", "expected YYYY-MM-DD, e.g. 2023-03-31"
        return f"'{cell}' is not a valid {field_type}", f"expected a {field_type}"
    if kind == "constraint-error":
        rule = error.note.replace('constraint "', "").replace('" is "', " ").rstrip('"')
        if rule.startswith("required"):
            return "this cell is empty", f"expected a value: {field_description}".rstrip(": ")
        return f"'{cell}' breaks the rule '{rule}'", f"expected: {field_description}" if field_description else ""
    if kind == "missing-cell":
        return "this row has fewer cells than the header", "expected one cell per column (a missing comma, or a line break inside a cell?)"
    if kind == "extra-cell":
        return f"this row has more cells than the header (extra '{cell}')", "expected one cell per column; a comma inside a text cell needs the cell in double quotes"
    if kind == "primary-key":
        return "duplicate: an earlier row has the same key", "expected each (indicator, entity, period, kind, source) once" if "indicator" in str(error.note) else "expected each id once"
    if kind == "missing-label":
        return "the header lacks this column", "expected the columns of the shared schema, in any order"
    if kind == "extra-label":
        return "the header has a column the schema does not know", "expected only the schema's columns; put remarks in 'note'"
    if kind == "blank-row":
        return "the row is empty", "delete empty rows"
    if kind == "source-error" and "empty" in str(error.note):
        return "the file is empty", "expected a header row and at least one data row"
    return getattr(error, "message", None) or error.note, ""


def frictionless_issues(layout: Layout, package: Package, tables: dict[str, Table]) -> list[Issue]:
    resources = {r.name: r for r in resources_for(layout, package)}
    report = frictionless.Package(descriptor_for(layout, package), basepath=str(layout.root)).validate()
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
            if error.type in HEADER_ERRORS:
                row, field = 1, field or getattr(error, "label", None)
            if error.type == "foreign-key":
                issues.append(_foreign_key_issue(error, resource, shown, tables, task.name))
                continue
            if error.type == "primary-key":
                field = ",".join(resource.schema.get("primaryKey", [])) if resource else field
            spec = fields.get(field, {})
            message, hint = _message(error, spec.get("type"), spec.get("description", ""))
            issues.append(Issue(shown, row, field, error.type, message, hint))
    return issues


def _foreign_key_issue(error, resource: Resource | None, shown: str, tables: dict[str, Table], name: str) -> Issue:
    fields = list(getattr(error, "field_names", []) or [])
    row = getattr(error, "row_number", None)
    target = _fk_target(resource, fields)
    value = _cell_of(error, tables.get(name), row, fields)
    return Issue(shown, row, ",".join(fields), "foreign-key", f"'{value}' is not a known {target or 'id'} id",
                 _closest(value, tables.get(target)))


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
