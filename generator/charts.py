"""Chart specs as pure builders: (frame, options) -> alt.Chart, and rendering them all (chart_render.py renders one)."""
from __future__ import annotations

import functools
import hashlib
import json
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

from generator.chart_data import HEIGHT, LABEL_FONT, OTHER_SOURCES_COLOUR, PHONE_WIDTH, chart_frame  # noqa: F401
from generator.chart_render import (COMPACTION, DATA, _render_one, _work, as_vega, compact_svg,  # noqa: F401
                                    has_cjk_font, render_svg)
from generator.chart_scale import year_ticks
from generator.chart_svg import indicator_svg
from generator.lifetime import die_with_parent

# One number format per axis: the view's largest figure decides 万, 亿 or none, and every tick follows it
# (never 8000 beside 1.2万). The divisor and suffix are params computed per view in indicator_spec.
AXIS_NUMBER_LABEL = ("datum.value == 0 ? '0' : format(datum.value / (scope == 'all' ? y_div_all : y_div_main), '~g')"
                     " + (scope == 'all' ? y_suffix_all : y_suffix_main)")
TOOLTIP = [
    alt.Tooltip("period_label:N", title="时期"),
    alt.Tooltip("display:N", title="数值"),
    alt.Tooltip("kind_label:N", title="类型"),
    alt.Tooltip("entity_name:N", title="对象"),
    alt.Tooltip("source_title:N", title="来源"),
    alt.Tooltip("tier_label:N", title="来源类别"),
]


@dataclass(frozen=True)
class ChartOptions:
    title: str
    unit_symbol: str
    width: int = PHONE_WIDTH - 60  # the plot area: the static SVG is drawn at a phone's width
    height: int = HEIGHT
    # A count or an amount is charted from zero; a level (ppm, an index, a rank: the unit's axis_zero is false)
    # over the range of its figures, so that its variation shows.
    zero: bool = True


# What varies between indicators, as Vega-Lite params: one chart definition serves every indicator, and a spec
# costs a dict copy instead of an Altair build (which takes ~50 ms a chart). `scope` is the reader's switch
# between the main place alone ("main", the default and the static SVG) and every place ("all").
PARAMS = ("chart_title", "x_min_main", "x_max_main", "x_min_all", "x_max_all", "x_ticks_main", "x_ticks_all",
          "y_min_main", "y_max_main", "y_min_all", "y_max_all", "y_div_main", "y_suffix_main", "y_div_all",
          "y_suffix_all")
IN_VIEW = "scope == 'all' || datum.main"


def _view(name: str) -> alt.ExprRef:
    return alt.ExprRef(f"scope == 'all' ? {name}_all : {name}_main")


def indicator_chart(options: ChartOptions = ChartOptions("", "")) -> alt.LayerChart:
    """The chart for any indicator: data from the named dataset; title, axis ranges and formats from params.
    Colours come from the data (one per place, site-wide), so Vega draws no legend: the page's HTML legend
    shows the same symbols as the marks and wraps on a phone."""
    params = [alt.param(name=name, value=0) for name in PARAMS] + [alt.param(name="scope", value="main")]
    base = alt.Chart(alt.NamedData(DATA)).transform_filter(IN_VIEW).encode(
        x=alt.X("x:Q", title=None, scale=alt.Scale(domain=[_view("x_min"), _view("x_max")], nice=False, zero=False),
                # Whole years only, chosen in Python (chart_scale.year_ticks): left to Vega, a one-year axis
                # read 2021, 2021, 2022.
                axis=alt.Axis(values=_view("x_ticks"), format="d", tickMinStep=1, labelAngle=0, grid=False,
                              labelOverlap=True, labelFlush=True)),
        # Both domains come from params, not from each layer's data: a layer with no rows (no estimates, say)
        # would otherwise make Vega warn "Infinite extent".
        y=alt.Y("value:Q", scale=alt.Scale(domain=[_view("y_min"), _view("y_max")], nice=True, zero=False),
                axis=alt.Axis(labelExpr=AXIS_NUMBER_LABEL, title=None, tickCount=5)),
        color=alt.Color("colour:N", scale=None),
    )
    headline = alt.datum.headline
    # Other sources first, so the headline marks are drawn over them, never under a grey cross.
    others = base.transform_filter(~headline).mark_point(shape="cross", size=40, opacity=0.8, filled=True).encode(
        color=alt.value(OTHER_SOURCES_COLOUR), tooltip=TOOLTIP).properties(name="others")
    # One line per place and run of consecutive years (chart_data); the main place's line is the heavier.
    line = base.transform_filter("datum.line != ''").mark_line().encode(
        detail="line:N", strokeWidth=alt.condition("datum.main", alt.value(2.5), alt.value(1.5))).properties(name="line")
    actual = base.transform_filter(headline & (alt.datum.kind == "actual")).mark_point(
        shape="circle", filled=True, size=45, opacity=1).encode(tooltip=TOOLTIP).properties(name="actual")
    estimate = base.transform_filter(headline & (alt.datum.kind == "estimate")).mark_point(
        shape="circle", filled=False, size=55, strokeWidth=2, opacity=1).encode(tooltip=TOOLTIP).properties(
        name="estimate")
    target = base.transform_filter(headline & (alt.datum.kind == "target")).mark_point(
        shape="diamond", filled=True, size=90, opacity=1).encode(tooltip=TOOLTIP).properties(name="target")
    # Labels as published, placed by chart_data.place_labels; the text colour comes from the page (both palettes).
    labels = [base.transform_filter(f"datum.label_pos == '{pos}' && scope == 'main'").mark_text(
        dy=dy, fontSize=LABEL_FONT).encode(text="label:N").properties(name=f"label_{pos}")
        for pos, dy in (("above", -13), ("below", 15))]
    return alt.layer(others, line, actual, estimate, target, *labels).add_params(*params).properties(
        width=options.width, height=options.height, background="transparent",
        title=alt.TitleParams(text=alt.ExprRef("chart_title"), anchor="start", fontSize=13),
    ).configure_view(stroke=None)


@functools.lru_cache(maxsize=1)
def chart_template() -> str:
    return json.dumps(indicator_chart().to_dict(validate=True), ensure_ascii=False, sort_keys=True)


def axis_scale(largest: float) -> tuple[float, str]:
    """(divisor, suffix) for every tick of an axis whose largest figure is `largest`."""
    if largest >= 1e8:
        return 1e8, "亿"
    if largest >= 1e4:
        return 1e4, "万"
    return 1, ""


def title_lines(text: str, per_line: int = 18) -> list[str]:
    """A long title broken into lines a phone can show (Vega does not wrap titles)."""
    return [text[i:i + per_line] for i in range(0, len(text), per_line)] or [""]


# A level's axis leaves this share of its figures' range free above and below them.
LEVEL_MARGIN = 0.05


def y_domain(values: pd.Series, zero: bool) -> tuple[float, float]:
    """The y-axis range: from zero (or the lowest negative figure) for counts and amounts; around the figures,
    with a small margin, for levels. The axis itself rounds the ends to ticks (nice)."""
    low, high = float(values.min()), float(values.max())
    if zero:
        low = min(0.0, low)
        return low, max(high, low + 1e-9)
    margin = (high - low) * LEVEL_MARGIN or abs(high) * LEVEL_MARGIN or 1.0
    return low - margin, high + margin


def indicator_spec(frame: pd.DataFrame, options: ChartOptions) -> dict:
    """The Vega-Lite spec of one indicator: the shared chart with this indicator's figures and params."""
    spec = json.loads(chart_template())
    main = frame[frame["main"]] if frame["main"].any() else frame
    values = {
        # The unit under the title (单位：家), as Chinese statistical charts print it.
        "chart_title": [*title_lines(options.title), f"单位：{options.unit_symbol}"],
        # Half a year beyond the first and last year ends: a figure of 截至2023年5月 sits between the ticks 2022
        # and 2023 (the ends of those years), never alone beside the tick 2022.
        "x_min_main": math.floor(main["x"].min()) - 0.5, "x_max_main": math.ceil(main["x"].max()) + 0.5,
        "x_min_all": math.floor(frame["x"].min()) - 0.5, "x_max_all": math.ceil(frame["x"].max()) + 0.5,
    }
    for view in ("main", "all"):  # about one tick per 40 px, as Vega-Lite's default tick count
        values[f"x_ticks_{view}"] = year_ticks(values[f"x_min_{view}"], values[f"x_max_{view}"],
                                               math.ceil(options.width / 40))
    for view, rows in (("main", main), ("all", frame)):
        values[f"y_div_{view}"], values[f"y_suffix_{view}"] = axis_scale(float(rows["value"].abs().max()))
        values[f"y_min_{view}"], values[f"y_max_{view}"] = y_domain(rows["value"], options.zero)
    spec["params"] = [{**p, "value": values[p["name"]]} if p["name"] in values else p for p in spec["params"]]
    spec["datasets"] = {DATA: json.loads(frame.to_json(orient="records", force_ascii=False))}
    spec["width"], spec["height"] = options.width, options.height
    return spec


def spec_json(spec: dict) -> str:
    """The Vega-Lite spec as stable text: same chart, same bytes."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# Rendering is a pure function of the spec, so `mkdocs serve` (one process, many rebuilds) re-renders
# only the charts whose data changed.
_rendered: dict[tuple[str, bool], tuple[str, bytes | None]] = {}


def cache_key(spec: str, with_png: bool) -> str:
    """A rendering's address on disk: the spec, the renderer's version, what compact_svg does to its output and
    whether a PNG is made."""
    text = f"{vl_convert.__version__}\n{COMPACTION}\n{int(with_png)}\n{spec}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def png_key(svg: str) -> str:
    """A PNG's address on disk: the picture it rasterises, and the rasteriser's version."""
    return hashlib.sha256(f"png\n{vl_convert.__version__}\n{svg}".encode("utf-8")).hexdigest()


def _from_disk(cache_dir: Path, job: tuple[str, bool]) -> tuple[str, bytes | None] | None:
    key = cache_key(*job)
    svg, png = cache_dir / f"{key}.svg", cache_dir / f"{key}.png"
    try:
        return svg.read_text(encoding="utf-8"), (png.read_bytes() if job[1] else None)
    except (OSError, UnicodeDecodeError):  # not cached yet (or deleted half-way): render it again
        return None


def _to_disk(cache_dir: Path, job: tuple[str, bool], result: tuple[str, bytes | None]) -> None:
    key = cache_key(*job)
    if result[1] is not None:  # PNG first: an SVG on disk means its PNG is there too
        _keep(cache_dir / f"{key}.png", result[1])
    _keep(cache_dir / f"{key}.svg", result[0].encode("utf-8"))


def _png_from_disk(cache_dir: Path, svg: str) -> bytes | None:
    try:
        return (cache_dir / f"{png_key(svg)}.png").read_bytes()
    except OSError:  # not cached yet: rasterise it again
        return None


def _png_to_disk(cache_dir: Path, svg: str, png: bytes) -> None:
    _keep(cache_dir / f"{png_key(svg)}.png", png)


def _keep(path: Path, data: bytes) -> None:
    from generator.write import write_atomically  # charts stay importable without the writer's dependencies

    try:
        write_atomically(path, data)
    except OSError:  # a cache that cannot be written (a full disk, a read-only tree) only costs time
        pass


# A process forked from one that may already run vl-convert (whose threads a fork does not copy: a call could wait
# forever on a lock one of them held) renders only in fresh worker processes. content.OtherEditions sets this.
_workers_only = {"on": False}


def render_in_fresh_workers_only() -> None:
    _workers_only["on"] = True


def _run(tasks: list[tuple]) -> list:
    """vl-convert's tasks, on all cores when there are enough to repay starting the workers."""
    if not tasks:
        return []
    if len(tasks) < 8 and not _workers_only["on"]:
        return list(map(_work, tasks))
    context = multiprocessing.get_context("spawn")  # vl-convert runs its own threads: never fork it
    # Workers end with this process, even when it is killed (no orphan keeps rendering).
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return list(pool.map(_work, tasks, chunksize=4))


def render_all(specs: dict[str, str], with_png: bool,
               cache_dir: Path | None = None) -> dict[str, tuple[str, bytes | None]]:
    """Render every chart. The indicator chart is drawn in Python (chart_svg.py, well under a millisecond); any
    other spec, and the PNGs, go to vl-convert on all cores. With `cache_dir`, vl-convert's renderings are kept on
    disk under the hash of what they were made from and the renderer's version (content-addressed: safe to delete
    at any time), so a new process renders again only what changed."""
    todo = sorted({(spec, with_png) for spec in specs.values()} - set(_rendered))
    drawn = {job: indicator_svg(json.loads(job[0])) for job in todo}
    pngs = {}
    if cache_dir is not None:
        found = {job: _from_disk(cache_dir, job) for job, svg in drawn.items() if svg is None}
        _rendered.update({job: result for job, result in found.items() if result is not None})
        pngs = {svg: png for svg in set(drawn.values()) if svg is not None and with_png
                for png in [_png_from_disk(cache_dir, svg)] if png is not None}
    specs_todo = [job for job, svg in drawn.items() if svg is None and job not in _rendered]
    pngs_todo = sorted({svg for svg in drawn.values() if svg is not None and with_png} - set(pngs))
    done = _run([("spec", *job) for job in specs_todo] + [("png", svg) for svg in pngs_todo])
    _rendered.update(zip(specs_todo, done[:len(specs_todo)]))
    pngs.update(zip(pngs_todo, done[len(specs_todo):]))
    _rendered.update({job: (svg, pngs[svg] if with_png else None) for job, svg in drawn.items() if svg is not None})
    if cache_dir is not None:
        for job in specs_todo:
            _to_disk(cache_dir, job, _rendered[job])
        for svg in pngs_todo:
            _png_to_disk(cache_dir, svg, pngs[svg])
    return {chart_id: _rendered[(spec, with_png)] for chart_id, spec in specs.items()}
