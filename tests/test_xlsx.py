"""generator/xlsx.py, read back with openpyxl (a real reader): every cell as written, text never a formula, the
layout the downloads promise (bold headings, widths, a frozen first row, a filter), the same bytes every time."""
import io
import zipfile
from xml.etree import ElementTree

import openpyxl

from generator import xlsx

TRICKY = ["=HYPERLINK(\"http://x\")", "+1", "-x", "@SUM(A1)", "\tTAB", "a\r\nb", "  leading and trailing  ",
          "<b>&amp;</b> \"quoted\" 'single'", "_x0041_ stays", "ctrl\x01\x1f char", "中文，全角标点。", "𠀀 beyond BMP"]


def _read(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_cells_come_back_as_written_and_text_is_never_a_formula():
    rows = [["heading", "number"], *[[text, n] for n, text in enumerate(TRICKY)],
            [None, 3.7], ["", 1e-7], ["x", 3379999999.9999995], ["y", 12345678901234], [True, float("nan")]]
    sheet = _read(xlsx.workbook([xlsx.Sheet("数据", rows)]))["数据"]
    got = [[cell.value for cell in row] for row in sheet.iter_rows()]
    # Excel reads _xHHHH_ as the character; openpyxl leaves it as it is: these two come back in the escaped form
    escaped = {"_x0041_ stays": "_x005F_x0041_ stays", "ctrl\x01\x1f char": "ctrl_x0001__x001F_ char"}
    assert got == [["heading", "number"], *[[escaped.get(text, text), n] for n, text in enumerate(TRICKY)],
                   [None, 3.7], [None, 1e-7], ["x", 3380000000], ["y", 12345678901234], [True, None]]
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2, max_row=len(TRICKY) + 1))


def test_text_is_stored_as_inline_strings_and_special_characters_are_escaped():
    data = xlsx.workbook([xlsx.Sheet("数据", [["=1+1", "_x0041_", "ctrl\x01", "a&b<c>"]])])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    ElementTree.fromstring(sheet)  # well-formed XML
    assert "<f>" not in sheet and sheet.count('t="inlineStr"') == 4
    assert "<t>=1+1</t>" in sheet and "<t>_x005F_x0041_</t>" in sheet and "<t>ctrl_x0001_</t>" in sheet
    assert "<t>a&amp;b&lt;c&gt;</t>" in sheet


def test_layout_bold_headings_widths_frozen_first_row_and_filter():
    figures = xlsx.Sheet("数据 'a'", [["指标", "数值"], ["研发", 2.45], ["企业", 7000]], [12, 30.5],
                         bold_first_row=True, freeze_first_row=True, filter=True)
    about = xlsx.Sheet("说明", [["第一行"], ["第二行"]], [100])
    book = _read(xlsx.workbook([figures, about], creator="重庆科技创新开放数据"))
    assert book.sheetnames == ["数据 'a'", "说明"]
    sheet = book["数据 'a'"]
    assert [c.font.b for c in sheet[1]] == [True, True] and not sheet["A2"].font.b
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (12, 30.5)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:B3"
    assert book["说明"].freeze_panes is None and book["说明"].column_dimensions["A"].width == 100
    assert book.properties.creator == "重庆科技创新开放数据"
    workbook_xml = zipfile.ZipFile(io.BytesIO(xlsx.workbook([figures]))).read("xl/workbook.xml").decode("utf-8")
    assert "'数据 ''a'''!$A$1:$B$3" in workbook_xml  # the filter's defined name, quoted as Excel writes it


def test_same_rows_same_bytes_and_every_part_is_well_formed():
    sheets = [xlsx.Sheet("数据", [["a", 1], ["b", 2.5]], [10, 10], True, True, True), xlsx.Sheet("说明", [["x"]])]
    first, second = xlsx.workbook(sheets), xlsx.workbook(sheets)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist()[0] == "[Content_Types].xml"
    for info in archive.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        ElementTree.fromstring(archive.read(info))


def test_column_letters():
    assert [xlsx.column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
