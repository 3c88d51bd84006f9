"""Statistical tables as sources (issue 14). A document is cited by a quote that shows the number; a table (a data
file: a source row with text_form `table`) is cited by a locator, `row=N;column=NAME`, and pinned by the sha256 of
the file as retrieved, as Our World in Data pins its snapshots. Where the copy is kept in the repository
(`pinned_file`, relative to the package folder) the validator checks its hash and reads every cited cell.

One rule per function; each yields Issues (Chinese first, English kept in message_en/hint_en).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.issues import Issue, shown

if TYPE_CHECKING:  # checks.py imports this module to register the rules
    from generator.checks import CheckContext

TABLE = "table"  # the sources' text_form of a data file
LOCATOR = re.compile(r"(?:sheet=(?P<sheet>[^;]+);)?row=(?P<row>[1-9][0-9]*);column=(?P<column>[^;]+)")
SHA256 = re.compile(r"[0-9a-f]{64}")
# Tables print numbers with group separators (331,449,281; 1 234); the figure is the same number without them.
_SEPARATORS = re.compile(r"[,\s\u00a0\u2009\u202f]")
READABLE = (".csv", ".xlsx")  # pinned copies whose cells the validator reads; others are only checked against their hash


@dataclass(frozen=True)
class Locator:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    sheet: str = ""

    def label(self) -> str:
        """'第 4 行，population 列' as the pages say it."""
        return (f"工作表 {self.sheet}，" if self.sheet else "") + f"第 {self.row} 行，{self.column} 列"


def parse_locator(text: str) -> Locator | None:
    match = LOCATOR.fullmatch(text or "")
    if not match:
        return None
    return Locator(int(match["row"]), match["column"], match["sheet"] or "")


def is_table(source: dict | None) -> bool:
    return bool(source) and source.get("text_form") == TABLE


def pinned_path(folder: Path | None, pinned: str) -> Path | None:
    """The pinned copy inside the package folder, or None when the path leaves it."""
    if folder is None or not pinned:
        return None
    target = (folder / pinned).resolve()
    return target if target.is_relative_to(folder.resolve()) else None


@lru_cache(maxsize=64)
def _sha256(path: Path, size: int, mtime_ns: int) -> str:  # size and mtime key the cache: an edited file is rehashed
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    stat = path.stat()
    return _sha256(path, stat.st_size, stat.st_mtime_ns)


def _shown_path(ctx: CheckContext, path: Path) -> str:
    return ctx.layout.rel(path) if ctx.layout is not None else path.as_posix()


def check_evidence_fits_source(ctx: CheckContext) -> Iterator[Issue]:
    """A figure from a document comes with its sentence; a figure from a table with where it stands in the table."""
    sources = ctx.index("sources")
    for number, row in ctx.rows("observations"):
        table = is_table(sources.get(row.get("source", "")))
        if table and not row.get("locator"):
            yield Issue(ctx.file("observations"), number, "locator", "locator-missing",
                        "来源是表格：须写明数字在表中的位置", "应写作 row=行号;column=列名，如 row=4;column=population（表头为第 1 行）",
                        message_en="the source is a table: say where the figure stands in it",
                        hint_en="expected row=N;column=NAME, e.g. row=4;column=population (the header is row 1)")
        if not table and not row.get("quote"):
            yield Issue(ctx.file("observations"), number, "quote", "quote-missing", "来源是文献：须引用数字所在的原句",
                        "请逐字引用原文中包含这个数字的句子；来源若是数据表，请在来源表中把 text_form 设为 table 并填写 locator",
                        message_en="the source is a document: quote the sentence the figure comes from",
                        hint_en="quote the sentence with the number verbatim; if the source is a data table, set its "
                                "text_form to table and give a locator")
        if not table and row.get("locator"):
            yield Issue(ctx.file("observations"), number, "locator", "locator-not-table",
                        f"来源 '{row.get('source', '')}' 不是表格，不能用表格位置引用", "应留空，或在来源表中把它的 text_form 设为 table",
                        message_en=f"source '{row.get('source', '')}' is not a table and cannot be cited by a locator",
                        hint_en="leave it empty, or set the source's text_form to table")


def check_table_source_pinned(ctx: CheckContext) -> Iterator[Issue]:
    """A table is only evidence if others can tell they hold the same file: its date of retrieval and its sha256."""
    for number, row in ctx.rows("sources"):
        if not is_table(row):
            continue
        if not row.get("sha256"):
            yield Issue(ctx.file("sources"), number, "sha256", "sha256-missing", "表格来源须给出文件的 SHA-256 校验值",
                        "应为下载所得文件的 sha256（64 位小写十六进制；命令 sha256sum 文件名）",
                        message_en="a table source needs the SHA-256 of its file",
                        hint_en="expected the sha256 of the file as downloaded (64 lowercase hex digits; sha256sum FILE)")
        if not row.get("retrieved"):
            yield Issue(ctx.file("sources"), number, "retrieved", "retrieved-missing", "表格来源须给出获取日期",
                        "应为下载文件的日期，如 2024-05-01",
                        message_en="a table source needs the date it was retrieved",
                        hint_en="expected the date the file was downloaded, e.g. 2024-05-01")


def check_retrieved_plausible(ctx: CheckContext) -> Iterator[Issue]:
    """A file is retrieved after it is published and not after the day of validation (a typo in the year)."""
    for number, row in ctx.rows("sources"):
        try:
            retrieved = date.fromisoformat(row.get("retrieved", ""))
            published = date.fromisoformat(row.get("published", ""))
        except ValueError:
            continue  # empty, or not a date: the schema check or check_table_source_pinned reports it
        latest = ctx.today + timedelta(days=1)  # a clock in another time zone
        if not published <= retrieved <= latest:
            yield Issue(ctx.file("sources"), number, "retrieved", "retrieved-implausible",
                        f"获取日期 {retrieved.isoformat()} 不在发布日期（{published.isoformat()}）与今天（{ctx.today.isoformat()}）之间",
                        "应为下载文件的那一天（是否打错了年份？）",
                        message_en=f"retrieved {retrieved.isoformat()} is not between publication ({published.isoformat()}) "
                                   f"and today ({ctx.today.isoformat()})",
                        hint_en="expected the day the file was downloaded (a typo in the year?)")


def check_pinned_file_matches(ctx: CheckContext) -> Iterator[Issue]:
    """The copy kept in the repository is the file as retrieved: it exists, inside its package, with that sha256."""
    for number, row in ctx.rows("sources"):
        pinned = row.get("pinned_file", "")
        if not pinned or ctx.folder is None:
            continue
        path = pinned_path(ctx.folder, pinned)
        if path is None or not path.is_file():
            outside = path is None
            yield Issue(ctx.file("sources"), number, "pinned_file", "pinned-file-missing",
                        f"固定副本 '{pinned}' " + ("指向数据包文件夹之外" if outside else "不存在"),
                        "应为相对于数据包文件夹的路径，如 sources/table.csv（区分大小写）",
                        message_en=f"the pinned copy '{pinned}' " + ("leaves the package folder" if outside else "does not exist"),
                        hint_en="expected a path relative to the package folder, e.g. sources/table.csv (case-sensitive)")
            continue
        expected = row.get("sha256", "")
        if not SHA256.fullmatch(expected):
            continue  # missing or malformed: check_table_source_pinned or the schema's pattern reports it
        actual = file_sha256(path)
        if actual != expected:
            yield Issue(ctx.file("sources"), number, "sha256", "pinned-file-hash-mismatch",
                        f"固定副本 {_shown_path(ctx, path)} 的 sha256 是 {actual}，与来源表记录的 {expected} 不同",
                        "文件被改动过，或换成了另一次下载：请恢复获取时的原文件；确实重新下载的，请同时更新 retrieved 与 sha256，并核对引用的每个数字",
                        message_en=f"the pinned copy {_shown_path(ctx, path)} has sha256 {actual}, not {expected} as recorded",
                        hint_en="the file was edited or replaced by another download: restore the file as retrieved; if it "
                                "was downloaded again, update retrieved and sha256 and recheck every figure cited from it")


def _sheets(path: Path) -> dict[str, list[list[str]]] | None:
    """The cells of a pinned file as text, per sheet ('' for a CSV); None when it cannot be read."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - a damaged workbook is reported by check_pinned_file_readable
            return None
        sheets = {sheet.title: [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
                  for sheet in workbook.worksheets}
        workbook.close()
        return sheets
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return {"": list(csv.reader(io.StringIO(text, newline="")))}


def _readable_tables(ctx: CheckContext) -> dict[str, tuple[Path, dict[str, list[list[str]]]]]:
    """Table sources whose pinned CSV or workbook is in the repository and matches its hash: id → (path, sheets)."""
    found = {}
    for _, row in ctx.rows("sources"):
        path = pinned_path(ctx.folder, row.get("pinned_file", ""))
        if not is_table(row) or path is None or not path.is_file() or path.suffix.lower() not in READABLE:
            continue
        if file_sha256(path) != row.get("sha256"):
            continue  # check_pinned_file_matches reports it; its cells would be read from the wrong file
        sheets = _sheets(path)
        if sheets is not None:  # else check_pinned_file_readable reports it
            found[row.get("id", "")] = (path, sheets)
    return found


def check_pinned_file_readable(ctx: CheckContext) -> Iterator[Issue]:
    """Cells are read from a CSV in UTF-8 or an xlsx workbook; another form is converted once, the original's hash noted."""
    for number, row in ctx.rows("sources"):
        path = pinned_path(ctx.folder, row.get("pinned_file", ""))
        if not is_table(row) or path is None or not path.is_file() or path.suffix.lower() not in READABLE:
            continue
        if _sheets(path) is None:
            yield Issue(ctx.file("sources"), number, "pinned_file", "pinned-file-unreadable",
                        f"固定副本 {_shown_path(ctx, path)} 无法读取（CSV 须为 UTF-8 编码，xlsx 须是完好的工作簿），无法核对其中的数字",
                        "请把原文件转存为 UTF-8 的 CSV，并把转存后文件的 sha256 记入 sha256（原文件的校验值写入 note）",
                        message_en=f"the pinned copy {_shown_path(ctx, path)} cannot be read (a CSV must be UTF-8, an xlsx a "
                                   "sound workbook): its figures cannot be checked",
                        hint_en="save it as a UTF-8 CSV and record that file's sha256 (note the original's in note)")


_LETTERS = re.compile(r"[A-Z]{1,3}")


def column_index(header: list[str], column: str) -> int | None:
    """A column by its name in the first row, else by its spreadsheet letter (A, B … AA) for tables whose first rows
    are a title rather than a header."""
    if column in header:
        return header.index(column)
    if _LETTERS.fullmatch(column):
        index = 0
        for letter in column:
            index = index * 26 + ord(letter) - ord("A") + 1
        return index - 1
    return None


def _number(cell: str) -> Decimal | None:
    try:
        return Decimal(_SEPARATORS.sub("", cell))
    except (InvalidOperation, ValueError):
        return None


def check_table_values(ctx: CheckContext) -> Iterator[Issue]:
    """Each figure cited from a pinned table is the number in that row and column (3.70 and 3.7 are equal)."""
    tables = _readable_tables(ctx)
    for number, row in ctx.rows("observations"):
        locator, table = parse_locator(row.get("locator", "")), tables.get(row.get("source", ""))
        if locator is None or table is None:
            continue  # no locator, a malformed one (the schema's pattern), or no pinned CSV to read
        path, sheets = table
        where, place = _shown_path(ctx, path), None
        records = sheets.get(locator.sheet) if locator.sheet or "" in sheets else next(iter(sheets.values()), [])
        header = (records or [[]])[0]
        if records is None:
            names = "、".join(s for s in sheets if s) or "无"
            place = (f"{where} 没有工作表 {shown(locator.sheet)}（工作表：{names}）" if "" not in sheets
                     else f"{where} 是 CSV 文件，没有工作表 {shown(locator.sheet)}",
                     f"{where} has no sheet {shown(locator.sheet)}" + (f" (sheets: {', '.join(sheets)})" if "" not in sheets else ""))
        elif column_index(header, locator.column) is None:
            place = (f"{where} 没有名为 {shown(locator.column)} 的列（表头：{', '.join(header)}；也可用列字母 A、B……）",
                     f"{where} has no column {shown(locator.column)} (header: {', '.join(header)})")
        elif not 2 <= locator.row <= len(records):
            place = (f"{where} 的第 {locator.row} 行不是数据行（数据在第 2—{len(records)} 行）",
                     f"row {locator.row} of {where} is not a data row (the data are in rows 2–{len(records)})")
        elif column_index(header, locator.column) >= len(records[locator.row - 1]):
            place = (f"{where} 第 {locator.row} 行没有 {locator.column} 这一格", f"row {locator.row} of {where} has no cell {locator.column}")
        if place:
            yield Issue(ctx.file("observations"), number, "locator", "locator-outside-table", place[0],
                        "应写作 row=行号;column=列名，行号按表格软件所示（表头为第 1 行），列名照表头原样",
                        message_en=place[1],
                        hint_en="expected row=N;column=NAME, N as a spreadsheet shows it (the header is row 1), NAME as in the header")
            continue
        cell = records[locator.row - 1][column_index(header, locator.column)]
        value, found = row.get("value", ""), _number(cell)
        try:
            expected = Decimal(value)
        except (InvalidOperation, ValueError):
            continue  # not a number: the schema check reports it
        if found is None or found != expected:
            yield Issue(ctx.file("observations"), number, "value", "table-value-mismatch",
                        f"数值 {value} 与 {where} 第 {locator.row} 行 {locator.column} 列的 {shown(cell)} 不符",
                        "数值应照表中这一格填写（3.70 与 3.7 视为相同）；请核对行号、列名与数值",
                        message_en=f"the value {value} differs from {shown(cell)} in {where}, row {locator.row}, "
                                   f"column {locator.column}",
                        hint_en="expected the number in that cell (3.70 and 3.7 count as equal); check the row, the "
                                "column and the value")


TABLE_CHECKS = (check_evidence_fits_source, check_table_source_pinned, check_retrieved_plausible,
                check_pinned_file_matches, check_pinned_file_readable, check_table_values)


# Pages: a figure from a table shows the table and its place in it, with the pinned copy to download.

def pinned_href(source: dict) -> str:
    """Where the site publishes a source's pinned copy: beside its package's downloads."""
    pinned, package = source.get("pinned_file", ""), source.get("package", "")
    return f"downloads/packages/{package}/{pinned}" if pinned and package else ""


def table_citation(source: dict | None, locator: str) -> dict | None:
    """What a page says instead of a quote: the table's title, the row and column, the pinned copy's address."""
    if not is_table(source):
        return None
    parsed = parse_locator(locator)
    return {"title": source.get("title_zh") or source.get("title", ""), "title_en": source.get("title_en", ""),
            "place": parsed.label() if parsed else locator, "file": pinned_href(source),
            "row": parsed.row if parsed else "", "column": parsed.column if parsed else "",
            "sheet": parsed.sheet if parsed else ""}


def pinned_files(package, sources) -> dict[str, bytes]:
    """{path in the package: bytes} of the pinned copies of a package's sources, as retrieved (validation checked
    their hashes): they travel in the package's zip and sit beside its downloads (pinned_href)."""
    files = {}
    for source in sources[sources["package"] == package.id].drop_duplicates("id").to_dict(orient="records"):
        path = pinned_path(package.folder, source.get("pinned_file", ""))
        if path is not None and path.is_file():
            files[source["pinned_file"]] = path.read_bytes()
    return files
