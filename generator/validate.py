"""Validate every package: structure (Frictionless) plus the project's rules. Never stops at the first problem."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from generator import kept_issues
from generator.generic import is_generic, load_generic
from generator.scaffold import placeholder_issues
from generator.settings import read_settings, settings_id_issues, settings_issues
from generator.checks import CheckContext, run_checks
from generator.checks_english import descriptor_english_issues
from generator.frictionless_check import FrictionlessRuns, resources_for
from generator.issues import Issue, Report
from generator.layout import Layout
from generator.load import Package, Table, discover, load_package, read_table, shared_issues

# Large files make slow builds and unreadable diffs; 5 MB is about 15,000 observations with their quotes.
MAX_FILE_BYTES = 5_000_000
# The longest cell today is a 400-character note; a cell of 200,000 characters is a paste gone wrong.
MAX_CELL_CHARS = 10_000


@dataclass(frozen=True)
class LoadedPackage:
    package: Package
    tables: dict[str, Table]


def _file_issues(layout: Layout, path) -> list[Issue]:
    """Problems that stop a file being read at all: size, encoding, emptiness. Checked before Frictionless."""
    shown = layout.rel(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Issue(shown, None, None, "file-too-large",
                      f"文件有 {size / 1e6:.1f} MB，超过每个文件 {MAX_FILE_BYTES // 1_000_000} MB 的上限",
                      "请把数据拆分到几个数据包中",
                      message_en=f"is {size / 1e6:.1f} MB, over the limit of {MAX_FILE_BYTES // 1_000_000} MB per file",
                      hint_en="split the data into several packages")]
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [Issue(shown, line, None, "encoding-error", f"不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节无法读取）",
                      "看起来是 GBK/GB18030（中文 Windows 上 Excel 默认的“CSV”）：在 Excel 中用“另存为 → CSV UTF-8(逗号分隔)”，"
                      "在 WPS 中选择 UTF-8 编码",
                      message_en=f"is not UTF-8 text (byte {exc.start + 1} cannot be read)",
                      hint_en="expected UTF-8; it looks like GBK/GB18030 (Excel's default 'CSV' on Chinese Windows): in "
                              "Excel use '另存为 → CSV UTF-8(逗号分隔)', in WPS choose UTF-8 encoding")]
    if not raw.strip(b"\xef\xbb\xbf \r\n\t"):
        return [Issue(shown, None, None, "empty-file", "文件是空的", "应有一行表头和至少一行数据",
                      message_en="the file is empty", hint_en="expected a header row and at least one data row")]
    return []


def _cell_sizes(table: Table) -> list[Issue]:
    """A cell over MAX_CELL_CHARS is refused before Frictionless reads it (its CSV reader would raise)."""
    return [Issue(table.file, number, column, "cell-too-long",
                  f"这一格有 {len(cell):,} 个字符，超过每格 {MAX_CELL_CHARS:,} 个字符的上限",
                  "原文只引用包含数字的那一句；较长的说明请写入研究笔记",
                  message_en=f"the cell holds {len(cell):,} characters, over the limit of {MAX_CELL_CHARS:,}",
                  hint_en="quote only the sentence with the figure; longer remarks belong in the research notes")
            for number, row in table.rows for column, cell in row.items()
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS]


def validate(layout: Layout) -> tuple[Report, list[LoadedPackage]]:
    report, loaded = Report(), []
    problems = settings_issues(layout.root)
    report.extend(problems)
    settings = None if problems else read_settings(layout.root)
    years = settings.period_years if settings else None
    languages = settings.languages if settings else ("zh",)
    folders = discover(layout)
    if not folders or not all(is_generic(f) for f in folders):  # a site of generic packages alone needs no code lists
        report.extend(shared_issues(layout))
    if not report.ok:
        return report, loaded  # every package of the observation model needs the shared schemas and code lists
    if not problems and layout.codelists.is_dir():
        codelists = {n: read_table(layout, layout.codelists / f"{n}.csv") for n in ("entities", "indicators")
                     if (layout.codelists / f"{n}.csv").is_file()}
        report.extend(settings_id_issues(read_settings(layout.root), codelists))
    if not folders:
        report.extend([Issue(layout.rel(layout.datasets), None, None, "no-packages", "没有任何数据包",
                             "应有一个含 datapackage.json 的文件夹（python -m generator new-dataset 名称 可以生成）",
                             message_en="holds no data package",
                             hint_en="expected a folder with a datapackage.json (python -m generator new-dataset NAME makes one)")])
    runs = FrictionlessRuns()
    try:
        _validate_packages(layout, folders, report, loaded, runs, years, languages)
    finally:
        runs.close()
    report.extend(_source_ids_shared(loaded))
    return report, loaded


def _validate_packages(layout: Layout, folders: list, report: Report, loaded: list[LoadedPackage],
                       runs: FrictionlessRuns, years, languages) -> None:
    """Each package's issues, in the order of its checks; Frictionless's report is made beside the project's own
    checks (frictionless_check.FrictionlessRuns) and takes its place in that order."""
    parts: list = []
    for folder in folders:
        if is_generic(folder):  # any other Frictionless package: its own schema, Frictionless's own checks
            generic, issues = load_generic(layout, folder)
            parts.append(issues)
            if generic is not None:
                parts.append(placeholder_issues(layout, generic.id, generic.metadata))
                parts.append(descriptor_english_issues(layout.rel(folder / "datapackage.json"), generic.metadata,
                                                       languages))
            continue
        package, issues = load_package(layout, folder)
        parts.append(issues)
        if package is None:
            continue
        parts.append(placeholder_issues(layout, package.id, package.metadata))
        parts.append(descriptor_english_issues(layout.rel(package.folder / "datapackage.json"), package.metadata, languages))
        unreadable = [i for r in resources_for(layout, package) for i in _file_issues(layout, r.path)]
        parts.append(unreadable)
        if unreadable:
            continue  # Frictionless would only repeat the failure, or stumble on it
        tables = {r.name: read_table(layout, r.path) for r in resources_for(layout, package)}
        header_issues = [i for r in resources_for(layout, package) for i in _header_issues(r, tables[r.name])]
        parts.append(header_issues)
        if header_issues:
            continue  # columns are matched by position: a wrong header would turn every row into noise
        oversized = [i for table in tables.values() for i in _cell_sizes(table)]
        parts.append(oversized)
        if oversized:
            continue  # Frictionless's CSV reader would raise on them
        parts.append(_header_only(tables))
        parts.append(runs.start(layout, package, tables))
        schemas = {r.name: r.schema for r in resources_for(layout, package)}
        ctx = CheckContext(tables, schemas, years=years, languages=languages, folder=package.folder, layout=layout)
        parts.append(functools.partial(_checked, layout, package, ctx))  # run below, beside Frictionless
        loaded.append(LoadedPackage(package, tables))
    runs.launch()
    for part in parts:
        report.extend(part() if callable(part) else part)


# The project's checks and what they call: a change to any of the generator's code makes the reports again.
_CHECKS_CODE = kept_issues.code_hash(*sorted(Path(__file__).parent.glob("*.py")))


def _checked(layout: Layout, package: Package, ctx: CheckContext) -> list[Issue]:
    """run_checks(ctx), kept by its inputs (kept_issues.py): the tables' files, every file in the package's folder
    (pinned copies of table sources), the schemas, the settings the checks read and the date they compare with."""
    files = {r.path for r in resources_for(layout, package)} | {p for p in package.folder.rglob("*") if p.is_file()}
    parts = (_CHECKS_CODE, ctx.today.isoformat(), json.dumps(ctx.schemas, sort_keys=True, ensure_ascii=False),
             json.dumps(ctx.years), json.dumps(ctx.languages))
    key = kept_issues.key_of(parts, [(layout.rel(p), p) for p in sorted(files)])
    issues = kept_issues.read(layout, "checks", key)
    if issues is None:
        issues = run_checks(ctx)
        kept_issues.keep(layout, "checks", key, issues)
    return issues


def _source_ids_shared(loaded: list[LoadedPackage]) -> list[Issue]:
    """A source id is its page's URL: two packages may not give the same id to different documents."""
    owner, issues = {}, []
    for item in loaded:
        table = item.tables["sources"]
        for number, row in table.rows:
            first = owner.setdefault(row.get("id", ""), item.package.id)
            if first != item.package.id:
                issues.append(Issue(table.file, number, "id", "duplicate-source-id",
                                    f"来源编号 '{row['id']}' 已被数据包 '{first}' 使用",
                                    "来源编号在所有数据包中须唯一（例如加上数据包的简称作前缀）",
                                    message_en=f"source id '{row['id']}' is already used by package '{first}'",
                                    hint_en="expected an id unique across all packages (e.g. prefix it with the package's short name)"))
    return issues


def _header_issues(resource, table: Table) -> list[Issue]:
    expected = [f["name"] for f in resource.schema.get("fields", [])]
    header = list(table.header)
    columns = ",".join(expected)
    issues = [Issue(table.file, 1, name, "missing-label", "表头缺少这一列", "应有这些列：" + columns,
                    message_en="the header lacks this column", hint_en="expected the columns " + columns)
              for name in expected if name not in header]
    issues += [Issue(table.file, 1, name or f"column {n}", "extra-label", "表头有一列表结构中没有",
                     f"应只有这些列：{columns}；备注请写在 note 列",
                     message_en="the header has a column the schema does not know",
                     hint_en=f"expected only {columns}; put remarks in 'note'")
               for n, name in enumerate(header, start=1) if name not in expected]
    if not issues and header != expected:
        issues.append(Issue(table.file, 1, None, "column-order", "列的顺序与表结构不同", "应为 " + columns,
                            message_en="the columns are in another order than the schema's", hint_en="expected " + columns))
    return issues


def _header_only(tables: dict[str, Table]) -> list[Issue]:
    """A warning, not an error: a freshly scaffolded package has only headers until its first figure."""
    return [Issue(table.file, 2, None, "no-rows", "文件只有表头，没有数据行",
                  "应至少有一行（新数据包：请加入第一个数字及其来源）", severity="warning",
                  message_en="the file has a header but no data rows",
                  hint_en="expected at least one row (a new package: add its first figure and source)")
            for table in tables.values() if not table.rows]
