"""Downloads made from rows encoded once (download_rows.py) are the files the per-file writers make of those rows."""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pandas as pd
import pytest

from generator import download_rows, downloads
from generator.download_rows import DownloadRows
from generator.downloads import LEADING_COLUMNS, TRAILING_COLUMNS

COLUMNS = LEADING_COLUMNS + ["quote", "note"] + TRAILING_COLUMNS
QUOTES = ["达到4222家", '第一段\r\n第二段 "引号" 与 ""双引号""', "=1+1", "一行\n又一行, 逗号", "", "-5", '"', "末尾\r\n"]


def frame() -> pd.DataFrame:
    rows = []
    for i, quote in enumerate(QUOTES):
        row = {c: f"{c}{i}" for c in COLUMNS}
        row.update(quote=quote, note=None if i % 3 == 0 else f"说明 {i}", value_base=[4222.0, 0.1, 1e-7, 3.7e12][i % 4],
                   headline=i % 2 == 0, kind=["actual", "target"][i % 2], value_printed=["4222", "3.70", "1e-7", "-5"][i % 4],
                   unit_printed_symbol="家")
        rows.append(row)
    return pd.DataFrame(rows, index=[10 * i + 3 for i in range(len(rows))])  # labels that are not positions


SELECTIONS = [[3, 13, 23], [73, 3, 43], [], [10 * i + 3 for i in range(len(QUOTES))], [53]]


@pytest.fixture(autouse=True, params=[3, 10_000], ids=["rows-in-chunks", "one-chunk"])
def chunk(request, monkeypatch):
    """Encoded and handed on a few rows at a time, as a large site's are, and all at once."""
    monkeypatch.setattr(download_rows, "CHUNK", request.param)


@pytest.mark.parametrize("labels", SELECTIONS)
def test_a_csv_of_encoded_rows_is_what_pandas_writes_of_those_rows(labels):
    whole = frame()
    rows = whole.loc[labels]
    # what the CSV download was before rows were encoded once: pandas writing the selected rows
    printed = rows[COLUMNS].assign(unit_symbol=rows["unit_printed_symbol"], value=rows["value_printed"],
                                   value_base=rows["value_base"].map(downloads._number),
                                   headline=rows["headline"].map({True: "true", False: "false"}))
    expected = (downloads.CSV_BOM + downloads.inert_frame(printed).to_csv(index=False, lineterminator="\r\n")).encode()
    made = DownloadRows(whole, COLUMNS).csv(pd.Index(labels))
    assert made == expected == downloads.observations_csv(rows, COLUMNS)
    read = list(csv.DictReader(io.StringIO(made.decode("utf-8-sig"), newline="")))
    assert [r["quote"] for r in read] == [downloads.inert(q) for q in rows["quote"]]


@pytest.mark.parametrize("labels", SELECTIONS)
def test_a_json_of_encoded_rows_is_json_dumps_of_those_rows(labels):
    whole = frame()
    made = DownloadRows(whole, COLUMNS).json(pd.Index(labels))
    assert made == downloads.observations_json(whole.loc[labels], COLUMNS)
    listed = json.loads(made)
    assert made == (json.dumps(listed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    assert [row["quote"] for row in listed] == list(whole.loc[labels, "quote"])  # as published, not made inert


@pytest.mark.parametrize("labels", SELECTIONS)
def test_a_workbook_of_encoded_rows_is_the_workbook_of_those_rows(labels):
    whole = frame()
    rows, widths = DownloadRows(whole, COLUMNS).xlsx_rows(pd.Index(labels))
    made = downloads.workbook_of(rows, widths, COLUMNS, "标题", ["说明"])
    assert made == downloads.observations_xlsx(whole.loc[labels], COLUMNS, "标题", ["说明"])
    sheet = openpyxl.load_workbook(io.BytesIO(made))["数据"]
    assert sheet.max_row == len(labels) + 1 and sheet.auto_filter.ref == f"A1:AD{len(labels) + 1}"
    quotes = [row[COLUMNS.index("quote")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert quotes == [q or None for q in whole.loc[labels, "quote"]]  # text as published, never a formula


def test_the_whole_sites_files_are_handed_on_in_pieces_that_make_the_same_files(tmp_path):
    from generator.spool import SpooledFiles
    whole, everything = frame(), frame().index
    rows = DownloadRows(whole, COLUMNS, tmp_path / "cache")
    files = SpooledFiles(tmp_path / "spool")
    try:
        files.put_pieces("all.csv", rows.csv_pieces(everything))
        files.put_pieces("all.json", rows.json_pieces(everything))
        assert files["all.csv"] == downloads.observations_csv(whole, COLUMNS)
        assert files["all.json"] == downloads.observations_json(whole, COLUMNS)
        assert len(list(rows.csv_pieces(everything))) == 1 + -(-len(whole) // download_rows.CHUNK)
    finally:
        files.close()
    assert list((tmp_path / "cache").iterdir()) == []  # the encodings wait in unnamed files


def test_a_row_that_is_not_a_download_row_is_refused():
    with pytest.raises(KeyError):
        DownloadRows(frame(), COLUMNS).csv(pd.Index([3, 4]))


def test_csv_records_keep_line_breaks_inside_quoted_fields():
    text = 'a,b\r\n"x\r\ny",1\r\n"say ""hi""\r\n",2\r\nplain,3\r\n'
    records = list(downloads.csv_records(text))
    assert records == ['a,b\r\n', '"x\r\ny",1\r\n', '"say ""hi""\r\n",2\r\n', 'plain,3\r\n']
    assert [len(list(csv.reader(io.StringIO(r, newline="")))) for r in records] == [1, 1, 1, 1]
