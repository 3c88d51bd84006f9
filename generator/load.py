"""Discover data packages and read them, resolving shared schemas from schemas/ ourselves.

Frictionless refuses `../` paths in descriptors (rightly). Package descriptors in the repo name
their shared schema as "../../schemas/<name>.schema.json"; we resolve that here, only ever inside
schemas/, and hand Frictionless a descriptor whose paths all lie under the project root.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.issues import Issue
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


def read_json(path: Path, layout: Layout) -> tuple[dict | None, list[Issue]]:
    shown = layout.rel(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        return None, [Issue(shown, None, None, "encoding-error", "is not UTF-8 text", "re-save it as UTF-8")]
    except json.JSONDecodeError as exc:
        return None, [Issue(shown, exc.lineno, f"column {exc.colno}", "invalid-json", f"is not valid JSON: {exc.msg}",
                            "expected JSON: look just before this place for a missing comma, quote or bracket")]
    if not isinstance(data, dict):
        return None, [Issue(shown, None, None, "invalid-json", "must hold a JSON object")]
    return data, []


def load_schema(layout: Layout, name: str) -> dict:
    return json.loads((layout.schemas / f"{name}.schema.json").read_text(encoding="utf-8"))


def codelist_resources(layout: Layout) -> list[Resource]:
    return [Resource(name, layout.codelists / f"{name}.csv", load_schema(layout, name)) for name in CODELISTS]


def _resolve_schema(layout: Layout, ref, descriptor: Path, where: str) -> tuple[dict | None, list[Issue]]:
    shown = layout.rel(descriptor)
    if isinstance(ref, dict):
        return ref, []
    if not isinstance(ref, str):
        return None, [Issue(shown, None, where, "schema-missing", "has no schema", 'expected "../../schemas/<name>.schema.json"')]
    target = (descriptor.parent / ref).resolve()
    if not target.is_relative_to(layout.schemas.resolve()) or not target.is_file():
        return None, [Issue(shown, None, where, "schema-unknown", f"schema '{ref}' is not a file in schemas/",
                            "shared schemas: " + ", ".join(p.name for p in sorted(layout.schemas.glob("*.schema.json"))))]
    return json.loads(target.read_text(encoding="utf-8")), []


def _resolve_path(layout: Layout, path, descriptor: Path, where: str) -> tuple[Path | None, list[Issue]]:
    shown = layout.rel(descriptor)
    if not isinstance(path, str) or not path:
        return None, [Issue(shown, None, where, "path-missing", "has no path", 'expected e.g. "path": "data/observations.csv"')]
    if "://" in path:
        return None, [Issue(shown, None, where, "path-remote", f"path '{path}' is a URL; the build reads no network", "put the file in the package's data/ folder")]
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return None, [Issue(shown, None, where, "path-absolute", f"path '{path}' is absolute", "use a path relative to the package folder")]
    target = (descriptor.parent / path.replace("\\", "/")).resolve()
    if not target.is_relative_to(descriptor.parent.resolve()):
        return None, [Issue(shown, None, where, "path-outside", f"path '{path}' leaves the package folder", "keep data files inside the package, e.g. data/observations.csv")]
    if not target.is_file():
        return None, [Issue(shown, None, where, "path-missing", f"file '{path}' does not exist",
                            "expected a path relative to the package folder, e.g. data/observations.csv (names are case-sensitive)")]
    return target, []


def load_package(layout: Layout, folder: Path) -> tuple[Package | None, list[Issue]]:
    descriptor = folder / DESCRIPTOR
    data, issues = read_json(descriptor, layout)
    if data is None:
        return None, issues
    package = Package(folder.name, folder, {k: v for k, v in data.items() if k != "resources"})
    for index, raw in enumerate(data.get("resources") or []):
        name = raw.get("name") if isinstance(raw, dict) else None
        where = f"resources[{index}]" + (f" ({name})" if name else "")
        if not name:
            issues.append(Issue(layout.rel(descriptor), None, where, "resource-name", "has no name",
                                'expected "name": "observations" or "sources"'))
            continue
        path, path_issues = _resolve_path(layout, raw.get("path"), descriptor, where)
        schema, schema_issues = _resolve_schema(layout, raw.get("schema"), descriptor, where)
        issues += path_issues + schema_issues
        if path and schema:
            package.resources.append(Resource(name, path, schema))
    for name in REQUIRED_RESOURCES:
        if not any(r.get("name") == name for r in data.get("resources") or [] if isinstance(r, dict)):
            issues.append(Issue(layout.rel(descriptor), None, "resources", "resource-missing", f"has no '{name}' resource",
                                f'expected {{"name": "{name}", "path": "data/{name}.csv", "schema": "../../schemas/{name}.schema.json"}}'))
    # Its tables cannot be checked against each other until the descriptor is right.
    return (None if issues else package), issues


def read_table(layout: Layout, path: Path) -> Table:
    """Rows keyed by header, numbered as a spreadsheet shows them (header = row 1)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        rows = [(number, dict(zip(header, record))) for number, record in enumerate(reader, start=2) if any(record)]
    return Table(layout.rel(path), rows, tuple(header))
