"""Every download row encoded once per format; a download of some rows is its heading and their encodings, joined.

A figure is in several downloads: its indicator's CSV, JSON and workbook, its source's and its place's CSV when
those pages are cut, and the whole site's CSV, JSON and workbook. Encoding each file's rows anew made the downloads
a third of a 1,000-indicator site's generation; encoded here once, the work follows the number of rows, not the
rows times the files they are in. The bytes are those downloads.observations_csv/json/xlsx write for the same
rows (they encode the same way): tests compare.

Each format is encoded on first use, in the process that writes the downloads (the first edition's).
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

import pandas as pd

from generator import downloads


class DownloadRows:
    def __init__(self, frame: pd.DataFrame, columns: list[str]):
        self.frame, self.columns = frame, columns  # Research.all_rows: every observation with its download columns

    def positions(self, index: pd.Index) -> list[int]:
        """Where the rows of `index` (labels of the model's observations) are, in that order."""
        found = self.frame.index.get_indexer(index)
        if (found < 0).any():
            raise KeyError(f"not a download row: {list(index[found < 0])[:3]}")
        return found.tolist()

    @functools.cached_property
    def _csv(self) -> tuple[bytes, list[bytes]]:
        return downloads.csv_lines(self.frame, self.columns)

    @functools.cached_property
    def _json(self) -> list[bytes]:
        return downloads.json_objects(self.frame, self.columns)

    @functools.cached_property
    def _xlsx(self) -> tuple[list[bytes], list[bytes]]:
        return downloads.xlsx_rows(self.frame, self.columns)

    def csv(self, index: pd.Index) -> bytes:
        heading, lines = self._csv
        return downloads.CSV_BOM.encode("utf-8") + heading + b"".join(_take(lines, self.positions(index)))

    def json(self, index: pd.Index) -> bytes:
        return downloads.json_file(_take(self._json, self.positions(index)))

    def xlsx_rows(self, index: pd.Index) -> tuple[list[bytes], list[bytes]]:
        """The rows' worksheet XML and cell widths (downloads.xlsx_rows), for downloads.workbook_of."""
        rows, widths = self._xlsx
        at = self.positions(index)
        return _take(rows, at), _take(widths, at)


def _take(items: Sequence, positions: list[int]) -> list:
    return [items[p] for p in positions]
