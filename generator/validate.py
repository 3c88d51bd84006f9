"""Validate every package: structure (Frictionless) plus the project's rules. Never stops at the first problem."""
from __future__ import annotations

from dataclasses import dataclass

from generator.checks import CheckContext, run_checks
from generator.frictionless_check import frictionless_issues, resources_for
from generator.issues import Issue, Report
from generator.layout import Layout
from generator.load import Package, Table, discover, load_package, read_table


@dataclass(frozen=True)
class LoadedPackage:
    package: Package
    tables: dict[str, Table]


def validate(layout: Layout) -> tuple[Report, list[LoadedPackage]]:
    report, loaded = Report(), []
    folders = discover(layout)
    if not folders:
        report.extend([Issue(layout.rel(layout.datasets), None, None, "no-packages", "holds no data package",
                             "each dataset is a folder with a datapackage.json")])
    for folder in folders:
        package, issues = load_package(layout, folder)
        report.extend(issues)
        if package is None:
            continue
        tables, unreadable = {}, []
        for resource in resources_for(layout, package):
            try:
                tables[resource.name] = read_table(layout, resource.path)
            except UnicodeDecodeError as exc:
                unreadable.append(Issue(layout.rel(resource.path), None, None, "encoding-error",
                                        f"is not UTF-8 text (byte {exc.start} cannot be read; a CSV saved as GBK/ANSI by Excel?)",
                                        "in Excel choose 'CSV UTF-8 (逗号分隔)' when saving; in WPS choose UTF-8 encoding"))
        report.extend(unreadable)
        if unreadable:
            continue  # Frictionless would only repeat the decoding failure
        report.extend(frictionless_issues(layout, package, tables))
        report.extend(run_checks(CheckContext(tables)))
        loaded.append(LoadedPackage(package, tables))
    return report, loaded
