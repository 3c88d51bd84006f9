"""Rows of a DataFrame as dicts, fast: pandas' to_dict(orient="records") boxes every cell through itertuples,
and taking the frame column by column costs a Series per column (60 of them); the generator makes rows of small
frames thousands of times. One conversion to an object array gives the same values (numpy scalars become Python
ones, as to_dict makes them; missing values stay NaN or pd.NA), in the frame's column order."""
from __future__ import annotations

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    columns = list(frame.columns)
    if not columns:
        return [{} for _ in range(len(frame))]
    return [dict(zip(columns, row)) for row in frame.to_numpy(dtype=object).tolist()]


def text_as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as one object block. pandas keeps each string-dtype column as a block of its own, so every row
    selection of the observations (hundreds per build: a page's rows, a place's, a chart's) copied ~50 blocks one by
    one; as objects they are one. Same values and the same comparisons."""
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
    return frame.astype({c: object for c in text}) if text else frame
