"""Rendering a chart spec to SVG (and PNG): what the chart workers run. Kept apart from charts.py, which builds the
specs with Altair and pandas: a worker process imports only this (and vl-convert), not those, so it starts in a
fraction of the time."""
from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess

import vl_convert

from generator.chart_svg import shorten_numbers

DATA = "figures"  # the indicator chart's one named dataset (charts.indicator_chart)


def render_svg(spec: str) -> str:
    vega = as_vega(spec)
    svg = (vl_convert.vega_to_svg(vega, format_locale="zh-CN", time_format_locale="zh-CN") if vega is not None else
           vl_convert.vegalite_to_svg(spec, format_locale="zh-CN", time_format_locale="zh-CN"))
    return compact_svg(svg)


@functools.lru_cache(maxsize=8)
def _compiled(shape: str) -> str:
    return json.dumps(vl_convert.vegalite_to_vega(shape))


def as_vega(spec: str) -> dict | None:
    """The Vega spec of an indicator chart, from the Vega-Lite compiled once per process: every indicator shares one
    chart definition and differs only in its rows and param values, which are put into the compiled spec (the
    compiler takes about a third of a chart's rendering time). None for any other chart: it is compiled whole."""
    chart = json.loads(spec)
    rows = chart.get("datasets", {}).get(DATA)
    if rows is None or set(chart["datasets"]) != {DATA} or not chart.get("params"):
        return None
    values = {p["name"]: p.get("value") for p in chart["params"]}
    shape = {**chart, "datasets": {DATA: []}, "params": [{**p, "value": 0} for p in chart["params"]]}
    vega = json.loads(_compiled(json.dumps(shape, ensure_ascii=False, sort_keys=True)))
    data = [d for d in vega.get("data", []) if d.get("name") == DATA]
    signals = {s["name"]: s for s in vega.get("signals", []) if s.get("name") in values}
    if len(data) != 1 or set(signals) != set(values):  # not the shape this was written for: compile it whole
        return None
    data[0]["values"] = rows
    for name, signal in signals.items():
        signal["value"] = values[name]
    return vega


# Part of every rendering's cache key: a change to what is done to the renderer's SVG (compact_svg) must not be
# served from renderings cached before it.
COMPACTION = "2"  # 2: text kept as written (1 cut every decimal, labels included, to one place)


def compact_svg(svg: str) -> str:
    """A third smaller, same picture: coordinates to 0.1 px, and no per-mark ARIA labels (each repeats a whole
    tooltip). The page's data table carries the figures for screen readers, so the picture is aria-hidden."""
    # Only inside tags (coordinates, path data): a label's text is a published figure and stays as written
    # (2.45%, not 2.4%).
    svg = shorten_numbers(svg)
    svg = re.sub(r' (?:aria-[a-z]+|role)="[^"]*"', "", svg)
    # SVG defaults, or set by the page's CSS (font): repeating them on every element only adds bytes.
    svg = re.sub(r' (?:pointer-events="none"|opacity="1"|font-family="sans-serif")', "", svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" ', 1)


def _render_one(job: tuple[str, bool]) -> tuple[str, bytes | None]:
    spec, with_png = job
    svg = render_svg(spec)
    return svg, (_png_one(svg) if with_png else None)


def _work(task: tuple) -> object:
    """One task for vl-convert: ("spec", spec, with_png) draws a chart, ("png", svg) rasterises a drawn one. Here,
    not in charts.py: a worker process unpickles it by importing this module alone."""
    return _render_one(task[1:]) if task[0] == "spec" else _png_one(task[1])


def _png_one(svg: str) -> bytes:
    # 2× pixels for phone screens; glyphs come from the system's CJK font (see has_cjk_font)
    return vl_convert.svg_to_png(svg, scale=2)


def has_cjk_font() -> bool:
    """PNG rendering draws text with the system's fonts; without a Chinese one every glyph is an empty box."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    return bool(done.stdout.strip())
