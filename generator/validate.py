"""Validate every package: structure (Frictionless) plus the project's rules. Never stops at the first problem."""
from __future__ import annotations

from dataclasses import dataclass

from generator.checks import CheckContext, run_checks
from generator.frictionless_check import frictionless_issues, resources_for
from generator.issues import Issue, Report
from generator.layout import Layout
from generator.load import Package, Table, discover, load_package, read_table

# Large files make slow builds and unreadable diffs; 5 MB is about 15,000 observations with their quotes.
MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class LoadedPackage:
    package: Package
    tables: dict[str, Table]


def _file_issues(layout: Layout, path) -> list[Issue]:
    """Problems that stop a file being read at all: size, encoding, emptiness. Checked before Frictionless."""
    shown = layout.rel(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Issue(shown, None, None, "file-too-large", f"is {size / 1e6:.1f} MB",
                      f"expected at most {MAX_FILE_BYTES // 1_000_000} MB per file; split the data into several packages")]
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ("expected UTF-8; it looks like GBK/GB18030 (Excel's default 'CSV' on Chinese Windows): in Excel use "
                "'另存为 → CSV UTF-8(逗号分隔)', in WPS choose UTF-8 encoding")
        return [Issue(shown, line, None, "encoding-error", f"is not UTF-8 text (byte {exc.start + 1} cannot be read)", hint)]
    if not raw.strip(b"\xef\xbb\xbf \r\n\t"):
        return [Issue(shown, None, None, "empty-file", "the file is empty", "expected a header row and at least one data row")]
    return []


def validate(layout: Layout) -> tuple[Report, list[LoadedPackage]]:
    report, loaded = Report(), []
    folders = discover(layout)
    if not folders:
        report.extend([Issue(layout.rel(layout.datasets), None, None, "no-packages", "holds no data package",
                             "expected a folder with a datapackage.json (python -m generator new-dataset NAME makes one)")])
    for folder in folders:
        package, issues = load_package(layout, folder)
        report.extend(issues)
        if package is None:
            continue
        unreadable = [i for r in resources_for(layout, package) for i in _file_issues(layout, r.path)]
        report.extend(unreadable)
        if unreadable:
            continue  # Frictionless would only repeat the failure, or stumble on it
        tables = {r.name: read_table(layout, r.path) for r in resources_for(layout, package)}
        header_issues = [i for r in resources_for(layout, package) for i in _header_issues(r, tables[r.name])]
        report.extend(header_issues)
        if header_issues:
            continue  # columns are matched by position: a wrong header would turn every row into noise
        report.extend(_header_only(tables))
        report.extend(frictionless_issues(layout, package, tables))
        report.extend(run_checks(CheckContext(tables)))
        loaded.append(LoadedPackage(package, tables))
    report.extend(_source_ids_shared(loaded))
    return report, loaded


def _source_ids_shared(loaded: list[LoadedPackage]) -> list[Issue]:
    """A source id is its page's URL: two packages may not give the same id to different documents."""
    owner, issues = {}, []
    for item in loaded:
        table = item.tables["sources"]
        for number, row in table.rows:
            first = owner.setdefault(row.get("id", ""), item.package.id)
            if first != item.package.id:
                issues.append(Issue(table.file, number, "id", "duplicate-source-id",
                                    f"source id '{row['id']}' is already used by package '{first}'",
                                    "expected an id unique across all packages (e.g. prefix it with the package's short name)"))
    return issues


def _header_issues(resource, table: Table) -> list[Issue]:
    expected = [f["name"] for f in resource.schema.get("fields", [])]
    header = list(table.header)
    issues = [Issue(table.file, 1, name, "missing-label", "the header lacks this column",
                    "expected the columns " + ",".join(expected)) for name in expected if name not in header]
    issues += [Issue(table.file, 1, name or f"column {n}", "extra-label", "the header has a column the schema does not know",
                     "expected only " + ",".join(expected) + "; put remarks in 'note'")
               for n, name in enumerate(header, start=1) if name not in expected]
    if not issues and header != expected:
        issues.append(Issue(table.file, 1, None, "column-order", "the columns are in another order than the schema's",
                            "expected " + ",".join(expected)))
    return issues


def _header_only(tables: dict[str, Table]) -> list[Issue]:
    """A warning, not an error: a freshly scaffolded package has only headers until its first figure."""
    return [Issue(table.file, 2, None, "no-rows", "the file has a header but no data rows",
                  "expected at least one row (a new package: add its first figure and source)", severity="warning")
            for table in tables.values() if not table.rows]
