"""What an indicator chart draws, decided in Python so it can be tested as data: which figures, in which
colour, which points are joined by a line, and which carry a text label (placed so that no two labels overlap).

Design (see also 方法说明 › 图表):
- One colour per place on every chart: 重庆市 always MAIN_COLOUR; every other place takes a colour from
  PLACE_COLOURS by its position in the entities code list, so 全国 or 两江新区 look the same on every page.
- Two views, switched by the reader: the main place alone (重庆市 where it has figures; the default, and the view the
  static SVG shows) and all places. Another place's distant target (两江新区 5.5%) cannot squash the main series,
  because the main view's axes fit the main place's figures only; the all view fits everything.
- Spans (2016/2020, 2020年以来) are totals, not levels: they are never drawn on the level chart (the page lists them).
- A line joins consecutive years only: a gap of more than a year breaks it.
- Labels (main view only): the latest reported figure and the main place's targets, as published. Positions are
  computed for the narrowest chart (a phone); a label that would overlap another is moved below its point, and
  dropped if it overlaps there too (the tooltip and the table still carry it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from generator.numbers import TIER_LABEL

MAIN_COLOUR = "#3a6cd6"  # 4.9:1 on white, 3.3:1 on the dark palette
# Mid-tone colours legible on the light and the dark palette (contrast ≥ 3:1 against both backgrounds).
PLACE_COLOURS = ("#d9730d", "#1a998a", "#a855c7", "#d1495b", "#6f9a1d", "#c2549b", "#b8860b", "#8a7f72")
OTHER_SOURCES_COLOUR = "#8a8a8a"
# Chart geometry shared with the spec builder: the static SVG is drawn at phone width.
PHONE_WIDTH, HEIGHT = 330, 250
LABEL_FONT = 11


def place_colours(entity_ids: list[str], home: str = "") -> dict[str, str]:
    """{entity id: colour} in code-list order; the home place (the settings') keeps MAIN_COLOUR and no other
    place takes it."""
    colours, i = {}, 0
    for entity_id in entity_ids:
        if entity_id == home:
            colours[entity_id] = MAIN_COLOUR
            continue
        colours[entity_id] = PLACE_COLOURS[i % len(PLACE_COLOURS)]
        i += 1
    return colours


def main_entity(observations: pd.DataFrame, home: str = "") -> str:
    """The home place where the indicator has figures for it, else the first place in the page's order."""
    entities = list(observations["entity"])
    return home if home in entities else entities[0]


def year_position(period_end: pd.Series) -> pd.Series:
    """The tick '2023' marks the end of 2023: a year's figure and a year-end stock sit on it, 截至2023年5月 before it."""
    ends = pd.to_datetime(period_end)
    return (ends.dt.year + (ends.dt.month - 12) / 12).round(3)


def chart_frame(observations: pd.DataFrame, colours: dict[str, str] | None = None, home: str = "") -> pd.DataFrame:
    """Only what the chart needs, so the spec stays small; spans are left out (they are not levels)."""
    observations = observations[observations["period_form"] != "span"]
    colours = colours or place_colours(list(dict.fromkeys(observations["entity"])), home)
    main = main_entity(observations, home) if not observations.empty else home
    frame = pd.DataFrame({
        "x": year_position(observations["period_end"]).to_numpy(),
        "value": observations["value_in_indicator_unit"].astype(float).to_numpy(),
        "kind": observations["kind"].to_numpy(),
        "kind_label": observations["kind_label"].to_numpy(),
        "entity_name": observations["entity_name"].to_numpy(),
        "period_label": observations["period_label"].to_numpy(),
        "display": observations["display"].to_numpy(),
        "source_title": observations["source_title"].to_numpy(),
        "tier_label": observations["tier"].map(TIER_LABEL).fillna("").to_numpy(),
        "headline": observations["headline"].astype(bool).to_numpy(),
        "main": (observations["entity"] == main).to_numpy(),
        "colour": observations["entity"].map(colours).fillna(OTHER_SOURCES_COLOUR).to_numpy(),
    })
    # Figures the headline rule did not pick stay visible, in grey, as "其他来源".
    frame["series"] = frame["kind_label"].where(frame["headline"], "其他来源")
    frame["line"] = _line_groups(frame, observations["entity"].to_numpy())
    frame["label"] = ""
    frame["label_pos"] = ""
    place_labels(frame, PHONE_WIDTH, HEIGHT)
    return frame.reset_index(drop=True)


def _line_groups(frame: pd.DataFrame, entities) -> list[str]:
    """The line's pieces: per place, consecutive headline actual levels; more than a year apart starts a new piece."""
    groups = [""] * len(frame)
    last: dict[str, tuple[float, int]] = {}
    xs, headline, kinds = frame["x"].tolist(), frame["headline"].tolist(), frame["kind"].tolist()  # lists: per-cell
    for i in sorted(range(len(frame)), key=xs.__getitem__):  # access to a frame is slow, and this runs per chart
        if not (headline[i] and kinds[i] == "actual"):
            continue
        entity, x = entities[i], xs[i]
        previous_x, piece = last.get(entity, (None, 0))
        if previous_x is not None and x - previous_x > 1.5:
            piece += 1
        last[entity] = (x, piece)
        groups[i] = f"{entity}#{piece}"
    return groups


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom


def text_width(text: str, size: float = LABEL_FONT) -> float:
    """A generous estimate: CJK glyphs are a full em, digits and Latin about 0.62 em."""
    return sum(size if ord(c) > 0x2E80 else size * 0.62 for c in text)


def nice_max(value: float) -> float:
    """Close to the top of Vega's 'nice' zero-based domain."""
    if value <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(value))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * step >= value:
            return m * step
    return 10 * step


def place_labels(frame: pd.DataFrame, width: float, height: float) -> None:
    """Label the main place's latest reported figure and its targets; no label may overlap another or fall off.
    (Plain lists, not the frame: this runs for every chart of both editions.)"""
    xs, values, displays = frame["x"].tolist(), frame["value"].tolist(), frame["display"].tolist()
    mains, headlines, kinds = frame["main"].tolist(), frame["headline"].tolist(), frame["kind"].tolist()
    main = [i for i in range(len(xs)) if mains[i] and headlines[i]]  # the frame's index is its positions
    if not main:
        return
    main_xs = [xs[i] for i in range(len(xs)) if mains[i]]
    # the chart's x range (charts.indicator_spec): half a year beyond the first and last whole years
    x_min, x_max = math.floor(min(main_xs)) - 0.5, math.ceil(max(main_xs)) + 0.5
    y_max = nice_max(float(max(values[i] for i in range(len(xs)) if mains[i])))
    plot_width = width - 60  # the y axis labels take the rest

    def point(i):
        return ((xs[i] - x_min) / (x_max - x_min) * plot_width, height - values[i] / y_max * height)

    reported = sorted((i for i in main if kinds[i] != "target"), key=xs.__getitem__)
    targets = sorted((i for i in main if kinds[i] == "target"), key=lambda i: -xs[i])
    candidates = reported[-1:] + targets
    # Points are obstacles too: a label never covers a figure of the main view.
    placed = [Box(px - 5, py - 5, px + 5, py + 5) for px, py in (point(i) for i in range(len(xs)) if mains[i])]
    labels, positions = frame["label"].tolist(), frame["label_pos"].tolist()
    for i in candidates:
        text = displays[i]
        px, py = point(i)
        half = text_width(text) / 2 + 2
        for pos, top in (("above", py - 10 - LABEL_FONT), ("below", py + 8)):
            box = Box(px - half, top, px + half, top + LABEL_FONT + 2)
            inside = box.left >= -20 and box.right <= plot_width + 20 and box.top >= -8 and box.bottom <= height
            if inside and not any(box.overlaps(b) for b in placed):
                placed.append(box)
                labels[i], positions[i] = text, pos
                break
    frame["label"], frame["label_pos"] = labels, positions
