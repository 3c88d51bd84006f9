"""Chart specs as pure builders: (frame, options) -> alt.Chart. Rendering to SVG happens in render_svg."""
from __future__ import annotations

import functools
import json
import re
import multiprocessing
import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert

from generator.lifetime import die_with_parent
from generator.numbers import KIND_LABEL

KIND_SHAPES = {"actual": "circle", "estimate": "circle", "target": "diamond"}
# Axis numbers as Chinese readers write them: 12700 → 1.27万, 6.866e10 → 686.6亿.
CHINESE_NUMBER_LABEL = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, '~g') + '亿' : "
                        "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, '~g') + '万' : format(datum.value, '~g')")
TOOLTIP = [
    alt.Tooltip("period_label:N", title="时期"),
    alt.Tooltip("display:N", title="数值"),
    alt.Tooltip("kind_label:N", title="类型"),
    alt.Tooltip("entity_name:N", title="对象"),
    alt.Tooltip("source_title:N", title="来源"),
]


@dataclass(frozen=True)
class ChartOptions:
    title: str
    unit_symbol: str
    width: int = 640
    height: int = 300


DATA = "figures"  # the chart's one named dataset
# What varies between indicators, as Vega-Lite params: one chart definition serves every indicator, and a spec
# costs a dict copy instead of an Altair build (which takes ~50 ms a chart).
PARAMS = ("chart_title", "x_min", "x_max")


def chart_frame(observations: pd.DataFrame) -> pd.DataFrame:
    """Only what the chart needs, so the spec stays small. `x` is a year position: the tick '2023'
    marks the end of 2023, so a year's figure and a year-end stock sit on it, and 截至2023年5月 sits before it."""
    ends = pd.to_datetime(observations["period_end"])
    columns = ["value_in_indicator_unit", "kind", "kind_label", "entity_name", "period_label", "display", "source_title",
               "headline", "period_form"]
    frame = observations[columns].rename(columns={"value_in_indicator_unit": "value"}).astype(
        {"value": float, "headline": bool})
    # Figures the headline rule did not pick stay visible, in grey, as "其他来源".
    frame["series"] = frame["kind_label"].where(frame["headline"], "其他来源")
    frame.insert(0, "x", (ends.dt.year + (ends.dt.month - 12) / 12).round(3).to_numpy())
    return frame.reset_index(drop=True)


def indicator_chart(options: ChartOptions = ChartOptions("", "")) -> alt.LayerChart:
    """The chart for any indicator: data from the named dataset, title and axis range from params."""
    labels = [KIND_LABEL[k] for k in KIND_SHAPES] + ["其他来源"]
    params = [alt.param(name=name, value=0) for name in PARAMS]
    base = alt.Chart(alt.NamedData(DATA)).encode(
        x=alt.X("x:Q", title="年份", scale=alt.Scale(domainMin=alt.ExprRef("x_min"), domainMax=alt.ExprRef("x_max"),
                                                     nice=False, zero=False),
                axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, grid=False)),
        y=alt.Y("value:Q", scale=alt.Scale(zero=True),
                axis=alt.Axis(labelExpr=CHINESE_NUMBER_LABEL, title=None)),
        # Legends under the chart, in columns, so they wrap on a phone instead of running off the screen.
        color=alt.Color("entity_name:N", title="对象", legend=alt.Legend(orient="bottom", columns=2, labelLimit=260)),
    )
    shape = alt.Shape("series:N", title="类型", scale=alt.Scale(domain=labels, range=[*KIND_SHAPES.values(), "cross"]),
                      legend=alt.Legend(orient="bottom", columns=2))
    headline = alt.datum.headline
    # The headline series of actual levels is the line; spans (2023/2027, 2020年以来) are totals, not levels.
    actual_line = base.transform_filter(headline & (alt.datum.kind == "actual") & (alt.datum.period_form != "span")
                                        ).mark_line(strokeWidth=2)
    # Estimates are hollow; actuals and targets solid (targets as diamonds, labelled with their published text).
    solid = base.transform_filter(headline & (alt.datum.kind != "estimate")).mark_point(filled=True, size=90).encode(
        shape=shape, tooltip=TOOLTIP)
    hollow = base.transform_filter(headline & (alt.datum.kind == "estimate")).mark_point(
        filled=False, size=90, strokeWidth=2).encode(shape=shape, tooltip=TOOLTIP)
    others = base.transform_filter(~headline).mark_point(size=50, opacity=0.8).encode(
        shape=shape, color=alt.value("#8a8a8a"), tooltip=TOOLTIP)
    target_labels = base.transform_filter(headline & (alt.datum.kind == "target")).mark_text(
        dy=-14, fontSize=11).encode(text="display:N")
    return alt.layer(actual_line, solid, hollow, others, target_labels).add_params(*params).properties(
        width=options.width, height=options.height, background="transparent",
        title=alt.TitleParams(text=alt.ExprRef("chart_title"), anchor="start"),
    ).configure_view(stroke=None)


@functools.lru_cache(maxsize=1)
def _template() -> str:
    return json.dumps(indicator_chart().to_dict(validate=True), ensure_ascii=False, sort_keys=True)


def indicator_spec(frame: pd.DataFrame, options: ChartOptions) -> dict:
    """The Vega-Lite spec of one indicator: the shared chart with this indicator's figures and params."""
    spec = json.loads(_template())
    # The unit goes in the title (单位：家), as Chinese statistical charts print it.
    values = {"chart_title": f"{options.title}（单位：{options.unit_symbol}）",
              "x_min": float(frame["x"].min()) - 0.5, "x_max": float(frame["x"].max()) + 0.5}
    spec["params"] = [{**p, "value": values[p["name"]]} if p["name"] in values else p for p in spec["params"]]
    spec["datasets"] = {DATA: json.loads(frame.to_json(orient="records", force_ascii=False))}
    spec["width"], spec["height"] = options.width, options.height
    return spec


def spec_json(spec: dict) -> str:
    """The Vega-Lite spec as stable text: same chart, same bytes."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render_svg(spec: str) -> str:
    return compact_svg(vl_convert.vegalite_to_svg(spec, format_locale="zh-CN", time_format_locale="zh-CN"))


def compact_svg(svg: str) -> str:
    """A third smaller, same picture: coordinates to 0.1 px, and no per-mark ARIA labels (each repeats a whole
    tooltip). The page's data table carries the figures for screen readers, so the picture is aria-hidden."""
    svg = re.sub(r"(\d\.\d)\d+", r"\1", svg)
    svg = re.sub(r' (?:aria-[a-z]+|role)="[^"]*"', "", svg)
    # SVG defaults, or set by the page's CSS (font): repeating them on every element only adds bytes.
    svg = re.sub(r' (?:pointer-events="none"|opacity="1"|font-family="sans-serif")', "", svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" ', 1)


def _render_one(job: tuple[str, bool]) -> tuple[str, bytes | None]:
    spec, with_png = job
    svg = render_svg(spec)
    # 2× pixels for phone screens; glyphs come from the system's CJK font (see has_cjk_font)
    return svg, (vl_convert.svg_to_png(svg, scale=2) if with_png else None)


# Rendering is a pure function of the spec, so `mkdocs serve` (one process, many rebuilds) re-renders
# only the charts whose data changed.
_rendered: dict[tuple[str, bool], tuple[str, bytes | None]] = {}


def render_all(specs: dict[str, str], with_png: bool) -> dict[str, tuple[str, bytes | None]]:
    """Render every chart, on all cores: rendering is most of the build's time."""
    todo = sorted({(spec, with_png) for spec in specs.values()} - set(_rendered))
    if len(todo) < 8:
        _rendered.update(zip(todo, map(_render_one, todo)))
    else:
        context = multiprocessing.get_context("spawn")  # vl-convert runs its own threads: never fork it
        # Workers end with this process, even when it is killed (no orphan keeps rendering).
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=context,
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            _rendered.update(zip(todo, pool.map(_render_one, todo, chunksize=4)))
    return {chart_id: _rendered[(spec, with_png)] for chart_id, spec in specs.items()}


def has_cjk_font() -> bool:
    """PNG rendering draws text with the system's fonts; without a Chinese one every glyph is an empty box."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    return bool(done.stdout.strip())
