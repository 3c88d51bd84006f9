"""Real Frictionless validation of a package with its shared code lists, reported as Issues."""
from __future__ import annotations

import difflib

import frictionless

from generator.issues import Issue
from generator.layout import Layout
from generator.load import Package, Resource, Table, codelist_resources

NUMBER_HINT = ("write the bare number as published (1.27, not 1.27万; 100, not 约100; 1234, not 1,234; 12.5, not 12.5%); "
               "the unit goes in 'unit', 约/超过/以上 in 'qualifier'")


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


def _closest(value: str, table: Table | None) -> str:
    if table is None:
        return ""
    ids = [row.get("id", "") for _, row in table.rows]
    near = difflib.get_close_matches(value, ids, n=3, cutoff=0.5)
    return ("closest known: " + ", ".join(near)) if near else ""


def _message(error, field_type: str | None) -> tuple[str, str]:
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        hint = NUMBER_HINT if field_type in ("number", "integer") else f"expected a {field_type}"
        if field_type == "date":
            hint = "expected a date that exists, written YYYY-MM-DD"
        return f"'{cell}' is not a valid {field_type}", hint
    if kind == "constraint-error":
        return f"'{cell}' breaks a rule of this column", error.note
    if kind == "missing-cell":
        return "value is missing", "this row has fewer cells than the header"
    if kind == "extra-cell":
        return f"extra cell '{cell}'", "this row has more cells than the header (an unquoted comma?)"
    if kind == "primary-key":
        return "duplicate row: the same key appears in an earlier row", error.note
    return error.message if hasattr(error, "message") else error.note, ""


def frictionless_issues(layout: Layout, package: Package, tables: dict[str, Table]) -> list[Issue]:
    resources = {r.name: r for r in resources_for(layout, package)}
    report = frictionless.Package(descriptor_for(layout, package), basepath=str(layout.root)).validate()
    issues = []
    for task in report.tasks:
        resource = resources.get(task.name)
        shown = layout.rel(resource.path) if resource else task.name
        types = {f["name"]: f.get("type", "string") for f in resource.schema.get("fields", [])} if resource else {}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            if error.type == "foreign-key":
                fields = error.field_names if hasattr(error, "field_names") else []
                cells = error.cells if hasattr(error, "cells") else []
                target = _fk_target(resource, fields)
                value = _cell_of(error, tables.get(task.name), row, fields)
                hint = _closest(value, tables.get(target))
                issues.append(Issue(shown, row, ",".join(fields) or field, "foreign-key",
                                    f"'{value}' is not a known {target or 'id'} id", hint))
                continue
            if error.type == "primary-key":
                field = ",".join(resource.schema.get("primaryKey", [])) if resource else field
            message, hint = _message(error, types.get(field))
            issues.append(Issue(shown, row, field, error.type, message, hint))
    return issues


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
