"""Excel workbooks of text and number cells, written as SpreadsheetML directly.

What the downloads need and nothing more: sheets of rows, a bold first row, column widths, a frozen first row, a
filter over the table. openpyxl (kept for reading workbooks) spent about 11 µs a cell on this, which made the
workbooks the largest cost of a site of 1,000 indicators; this writes the same parts openpyxl's write-only mode
writes, at a fraction of that.

Every text is an inline string (<is><t>): never a formula, whatever it starts with, so a download cannot run
anything. Characters XML 1.0 cannot hold (control characters) are written as the format's _xHHHH_ escapes, and a
text that already looks like one is escaped itself, so Excel shows every text exactly as published. The same rows
give the same bytes: fixed timestamps in the zip and in the document properties.
"""
from __future__ import annotations

import functools
import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BOLD = 1  # the style index of a bold cell (styles.xml below)


@dataclass
class Sheet:
    name: str  # at most 31 characters, none of []:*?/\
    # Each row a list of str, int, float or bool cells (None or "" is an empty cell), or bytes from encode_row
    # (then give the widths: they say how wide the table is). Any sequence: a sheet is read 500 rows at a time.
    rows: Sequence[list | bytes] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # per column, in characters
    bold_first_row: bool = False
    freeze_first_row: bool = False
    filter: bool = False  # a filter over the whole table (the first row its headings)


def workbook(sheets: list[Sheet], creator: str = "") -> bytes:
    """The .xlsx file of `sheets`, in order."""
    parts = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _xml(f'<Relationships xmlns="{RELS}">'
                            f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
                            f'<Relationship Id="rId2" Type="{RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
                            f'<Relationship Id="rId3" Type="{DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
                            '</Relationships>'),
        "docProps/app.xml": _xml('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                                 'extended-properties"><Application>Microsoft Excel Compatible</Application>'
                                 '</Properties>'),
        "docProps/core.xml": _core(creator),
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": _workbook_rels(len(sheets)),
        "xl/styles.xml": _STYLES,
    }
    for number, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{number}.xml"] = _sheet(sheet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            # A sheet is written a few hundred rows at a time: the workbook of every figure of a large site would
            # otherwise be held whole as text (200,000 rows: over a gigabyte of cell strings).
            with archive.open(info, "w") as entry:
                for piece in ([text] if isinstance(text, str) else text):
                    entry.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
    return out.getvalue()


def column_letter(index: int) -> str:
    """'A' for 1, 'Z' for 26, 'AA' for 27."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml(body: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.spreadsheetml.worksheet+xml"/>' for n in range(1, count + 1))
    return _xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                'core-properties+xml"/>'
                '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                f'extended-properties+xml"/>{sheets}</Types>')


def _core(creator: str) -> str:
    stamp = '<dcterms:{0} xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z</dcterms:{0}>'
    return _xml('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
                'terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f'<dc:creator>{_text(creator)}</dc:creator>{stamp.format("created")}{stamp.format("modified")}'
                '</cp:coreProperties>')


def _workbook(sheets: list[Sheet]) -> str:
    listed = "".join(f'<sheet name="{_text(s.name, quote=True)}" sheetId="{n}" r:id="rId{n}"/>'
                     for n, s in enumerate(sheets, start=1))
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{_text(_quoted(s.name))}!{_absolute(_table_range(s))}</definedName>"
        for n, s in enumerate(sheets) if s.filter and s.rows)
    return _xml(f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><workbookPr/>'
                '<bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{listed}</sheets>" + (f"<definedNames>{filters}</definedNames>" if filters else "") +
                '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def _workbook_rels(count: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                     for n in range(1, count + 1))
    return _xml(f'<Relationships xmlns="{RELS}">{sheets}'
                f'<Relationship Id="rId{count + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>')


# One regular and one bold font (no theme part: no colour refers to one).
_STYLES = _xml(
    f'<styleSheet xmlns="{MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


ROWS_PER_PIECE = 500


def _sheet(sheet: Sheet):
    """The worksheet's XML, in pieces."""
    view = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>') if sheet.freeze_first_row else \
        '<selection activeCell="A1" sqref="A1"/>'
    cols = "".join(f'<col min="{n}" max="{n}" width="{_number(w)}" customWidth="1"/>'
                   for n, w in enumerate(sheet.widths, start=1))
    yield _xml(f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
               '<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")
    for first in range(0, len(sheet.rows), ROWS_PER_PIECE):
        piece = []
        for number, cells in enumerate(sheet.rows[first:first + ROWS_PER_PIECE], start=first + 1):
            if isinstance(cells, bytes):  # encoded by encode_row
                piece.append(cells.replace(_NUMBER_BYTES, str(number).encode("ascii")))
            else:
                style = f' s="{BOLD}"' if number == 1 and sheet.bold_first_row else ""
                piece.append(_row(cells, str(number), style).encode("utf-8"))
        yield b"".join(piece)
    filtered = f'<autoFilter ref="{_table_range(sheet)}"/>' if sheet.filter and sheet.rows else ""
    yield (f'</sheetData>{filtered}'
           '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')


# Where an encoded row's number goes: no text cell holds it (_text writes NUL as _x0000_).
ROW_NUMBER = "\x00"
_NUMBER_BYTES = ROW_NUMBER.encode("ascii")


def encode_row(cells: list) -> bytes:
    """A row's XML once, for sheets that place it at different row numbers: a row of a large site's figures is in
    its indicator's workbook and in the workbook of every figure. Put into Sheet.rows as it is (no style)."""
    return _row(cells, ROW_NUMBER, "").encode("utf-8")


@functools.lru_cache(maxsize=256)
def _letters(count: int) -> tuple[str, ...]:
    return tuple(column_letter(n) for n in range(1, count + 1))


def _row(cells: list, number: str, style: str) -> str:
    return f'<row r="{number}">' + "".join(
        _cell(f"{letter}{number}", value, style) for letter, value in zip(_letters(len(cells)), cells)) + "</row>"


def _cell(ref: str, value, style: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return ""  # no spreadsheet number is NaN or infinite
        return f'<c r="{ref}"{style}><v>{_number(value)}</v></c>'
    return f'<c r="{ref}"{style}{_inline(str(value))}'


@functools.lru_cache(maxsize=1 << 16)  # a column repeats its texts (places, units, sources, packages)
def _inline(text: str) -> str:
    """A text cell's type and content (after its reference)."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{_text(text)}</t></is></c>'


def _number(value: int | float) -> str:
    """16 significant digits, as openpyxl writes them and past what Excel keeps (15): 3379999999.9999995 (a
    multiplication's rounding error) is written 3380000000."""
    return "%.16g" % value


# XML 1.0 cannot hold these characters; the format writes any character as _xHHHH_.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


_PLAIN = re.compile(r"[^_<>&\"\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]*")


def _text(text: str, quote: bool = False) -> str:
    if _PLAIN.fullmatch(text):  # most texts: nothing to escape
        return text
    text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)  # a literal "_x0041_" stays that, not "A"
    text = _NOT_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    text = escape(text, {'"': "&quot;"} if quote else {}).replace("\r", "&#13;")
    return text


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _table_range(sheet: Sheet) -> str:
    # as wide as its columns (whose rows may be encoded, or be read only when written), else as its widest row
    width = len(sheet.widths) or max((len(r) for r in sheet.rows), default=1)
    return f"A1:{column_letter(width)}{len(sheet.rows)}"


def _absolute(area: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in area.split(":"))
