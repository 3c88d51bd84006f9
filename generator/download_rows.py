"""Every download row encoded once per format; a download of some rows is its heading and their encodings, joined.

A figure is in several downloads: its indicator's CSV, JSON and workbook, its source's and its place's CSV when
those pages are cut, and the whole site's CSV, JSON and workbook. Encoding each file's rows anew made the downloads
a third of a 1,000-indicator site's generation; encoded here once, the work follows the number of rows, not the
rows times the files they are in. The bytes are those downloads.observations_csv/json/xlsx write for the same
rows (they encode the same way): tests compare.

The encodings wait in unnamed temporary files, not in memory (1,000 indicators: 1.3 GB in three formats), and
the whole site's files are handed on in pieces. Each format is encoded on first use, in the process that writes the
downloads (the first edition's).
"""
from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from generator import downloads

CHUNK = 10_000  # rows encoded, or handed on, at a time


class RowFile(Sequence):
    """One byte string per row, kept in an unnamed temporary file (the system removes it when it is closed or the
    process ends, however it ends); read back by position."""

    def __init__(self, folder: Path | None):
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self._file = tempfile.TemporaryFile(dir=folder)
        self._ends = [0]

    def extend(self, items: list[bytes]) -> None:
        self._file.write(b"".join(items))
        self._file.flush()
        for item in items:
            self._ends.append(self._ends[-1] + len(item))

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, position: int) -> bytes:
        return self.take([position])[0]

    def take(self, positions: list[int]) -> list[bytes]:
        fd, ends = self._file.fileno(), self._ends
        return [os.pread(fd, ends[p + 1] - ends[p], ends[p]) for p in positions]


class Taken(Sequence):
    """Rows of a RowFile at some positions, read when asked for (a workbook's sheet is written 500 rows at a time)."""

    def __init__(self, rows: RowFile, positions: list[int]):
        self.rows, self.positions = rows, positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return self.rows.take(self.positions[at])
        return self.rows.take([self.positions[at]])[0]


class DownloadRows:
    def __init__(self, frame: pd.DataFrame, columns: list[str], folder: Path | None = None):
        self.frame, self.columns = frame, columns  # Research.all_rows: every observation with its download columns
        self.folder = folder  # where the encodings wait (the build's cache folder: the system's may be in memory)

    def positions(self, index: pd.Index) -> list[int]:
        """Where the rows of `index` (labels of the model's observations) are, in that order."""
        found = self.frame.index.get_indexer(index)
        if (found < 0).any():
            raise KeyError(f"not a download row: {list(index[found < 0])[:3]}")
        return found.tolist()

    def _encoded(self, encode) -> tuple[list, RowFile]:
        """`encode` (frame, columns) → (head, rows), over the frame CHUNK rows at a time: the last head, the rows."""
        rows, head = RowFile(self.folder), None
        for start in range(0, max(len(self.frame), 1), CHUNK):
            head, encoded = encode(self.frame.iloc[start:start + CHUNK], self.columns)
            rows.extend(encoded)
        return head, rows

    @functools.cached_property
    def _csv(self) -> tuple[bytes, RowFile]:
        return self._encoded(downloads.csv_lines)

    @functools.cached_property
    def _json(self) -> RowFile:
        return self._encoded(lambda frame, columns: (None, downloads.json_objects(frame, columns)))[1]

    @functools.cached_property
    def _xlsx(self) -> tuple[np.ndarray, RowFile]:
        widths = []

        def encode(frame, columns):
            rows, cell_widths = downloads.xlsx_rows(frame, columns)
            widths.append(cell_widths)
            return None, rows

        rows = self._encoded(encode)[1]
        return np.concatenate(widths), rows

    def csv_pieces(self, index: pd.Index) -> Iterator[bytes]:
        heading, lines = self._csv
        yield downloads.CSV_BOM.encode("utf-8") + heading
        for chunk in _chunks(self.positions(index)):
            yield b"".join(lines.take(chunk))

    def json_pieces(self, index: pd.Index) -> Iterator[bytes]:
        """downloads.json_file of the rows, in pieces."""
        positions = self.positions(index)
        if not positions:
            yield downloads.json_file([])
            return
        yield b"[\n "
        for n, chunk in enumerate(_chunks(positions)):
            yield (b",\n " if n else b"") + b",\n ".join(self._json.take(chunk))
        yield b"\n]\n"

    def csv(self, index: pd.Index) -> bytes:
        return b"".join(self.csv_pieces(index))

    def json(self, index: pd.Index) -> bytes:
        return b"".join(self.json_pieces(index))

    def xlsx_rows(self, index: pd.Index) -> tuple[Sequence[bytes], np.ndarray]:
        """The rows' worksheet XML (read when the sheet is written) and cell widths (downloads.xlsx_rows), for
        downloads.workbook_of."""
        widths, rows = self._xlsx
        at = self.positions(index)
        return Taken(rows, at), widths[at]


def _chunks(positions: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(positions), CHUNK):
        yield positions[start:start + CHUNK]
