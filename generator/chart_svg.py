"""The indicator chart (charts.indicator_chart) drawn as SVG in Python, the way Vega 6.2 draws it.

Why: vl-convert runs Vega in an embedded JavaScript engine, about 35 ms a chart, and a cold build of 1,000
indicators draws 2,000 charts. This draws one in well under a millisecond. The reader's browser still runs Vega on
the same spec when the chart is touched (assets/javascripts/charts.js), so this follows Vega's own rules: d3's
ticks and nice domains (chart_scale.py), Vega's axis layout, the bounds of each mark, and autosize "pad" with 5 px
of padding. Text is measured with Liberation Sans's advance widths (the font vl-convert measures with) and a full
em for Chinese; a browser measures with its own fonts, as it always did.

It draws only the one chart definition it was written for (SHAPE, the hash of that definition without its data
and values); any other spec returns None and is rendered by vl-convert. tests/test_chart_svg.py compares the two
renderers mark by mark on every real chart and on made-up edge cases."""
from __future__ import annotations

import hashlib
import json
import math
import re

from generator.chart_scale import js_number, js_round, nice, ticks

# The hash of charts.indicator_chart's definition (see shape_hash) that this module draws. A change to the chart's
# definition changes it: until this module is brought in line (and the tests pass), such charts go to vl-convert.
SHAPE = "6696ff7efd077a2e8dee103d7df793158217e8595d24f4a53b49d841792ed5bc"

DATA = "figures"
PADDING = 5
TITLE_SIZE, TITLE_LINE, TITLE_OFFSET = 13, 15, 4
AXIS_LABEL_SIZE, TICK_SIZE, LABEL_PADDING = 10, 5, 2
MARK_LABEL_SIZE = 11
MAX_EXTENT = 200
GRID, AXIS = "#ddd", "#888"
SYMBOLS = {  # layer: (shape, area in px², filled, opacity)
    "others": ("cross", 40, True, 0.8),
    "actual": ("circle", 45, True, 1),
    "estimate": ("circle", 55, False, 1),
    "target": ("diamond", 90, True, 1),
}
SYMBOL_STROKE_WIDTH = 2
LABEL_DY = {"above": -13, "below": 15}
LINE_WIDTH = 2.5  # the main place's line (the static chart shows the main place only)

# Advance widths in 1/2048 em of Liberation Sans (regular, bold) for ' ' to '~', as vl-convert measures them.
_REGULAR = (
    569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569, 1139, 1139, 1139, 1139,
    1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196, 1139, 2079, 1366, 1366, 1479, 1479, 1366,
    1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593, 1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933,
    1366, 1366, 1251, 569, 569, 569, 961, 1139, 682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455,
    1024, 455, 1706, 1139, 1139, 1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532, 684,
    1196)
_BOLD = (
    569, 682, 971, 1139, 1139, 1821, 1479, 487, 682, 682, 797, 1196, 569, 682, 569, 569, 1139, 1139, 1139, 1139,
    1139, 1139, 1139, 1139, 1139, 1139, 682, 682, 1196, 1196, 1196, 1251, 1997, 1479, 1479, 1479, 1479, 1366,
    1251, 1593, 1479, 569, 1139, 1479, 1251, 1706, 1479, 1593, 1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933,
    1366, 1366, 1251, 682, 569, 682, 1196, 1139, 682, 1139, 1251, 1139, 1251, 1139, 682, 1251, 1251, 569, 569,
    1139, 569, 1821, 1251, 1251, 1251, 1251, 797, 1139, 682, 1251, 1139, 1593, 1139, 1139, 1024, 797, 573, 797,
    1196)
_OTHER = {"−": 1196, "–": 1139, "—": 2048, "·": 569, "…": 2048, "‰": 2048, "°": 819, "×": 1196, "²": 682,
          "³": 682, "µ": 1180}
_EM = 2048


def _advance(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return (_BOLD if bold else _REGULAR)[code - 32]
    if char in _OTHER:
        return _OTHER[char]
    # CJK, full-width forms and punctuation: a full em; anything else about a digit's width
    return _EM if code >= 0x2E80 or 0x3000 <= code <= 0x303F else 1139


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_advance(c, bold) for c in text) * size / _EM


def shape_hash(spec: dict) -> str:
    """What the chart draws, without its data: the spec with its rows, param values, size and tooltips (which the
    static picture does not show, and which the English edition translates) left out."""
    shape = {k: v for k, v in spec.items() if k not in ("datasets", "width", "height")}  # strip() copies the rest
    shape["params"] = sorted(p["name"] for p in shape.get("params", []))

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "tooltip"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node
    text = json.dumps(strip(shape), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Bounds:
    """Vega's Bounds: empty until something is added."""

    def __init__(self, x1=math.inf, y1=math.inf, x2=-math.inf, y2=-math.inf):
        self.x1, self.y1, self.x2, self.y2 = x1, y1, x2, y2

    @classmethod
    def of(cls, x1, y1, x2, y2) -> "_Bounds":
        return cls(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))

    def add(self, x, y) -> "_Bounds":
        self.x1, self.y1, self.x2, self.y2 = min(self.x1, x), min(self.y1, y), max(self.x2, x), max(self.y2, y)
        return self

    def union(self, other: "_Bounds") -> "_Bounds":
        self.x1, self.y1 = min(self.x1, other.x1), min(self.y1, other.y1)
        self.x2, self.y2 = max(self.x2, other.x2), max(self.y2, other.y2)
        return self

    def expand(self, d) -> "_Bounds":
        self.x1, self.y1, self.x2, self.y2 = self.x1 - d, self.y1 - d, self.x2 + d, self.y2 + d
        return self

    def translate(self, dx, dy) -> "_Bounds":
        self.x1, self.y1, self.x2, self.y2 = self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy
        return self


def _linear(d0: float, d1: float, r0: float, r1: float):
    """d3's linear scale for a two-value domain: normalise, then interpolate (a·(1−t) + b·t)."""
    span = d1 - d0

    def scale(x: float) -> float:
        t = (x - d0) / span if span else 0.5
        return r0 * (1 - t) + r1 * t
    return scale


def _path_number(x: float) -> str:
    """Path data as d3-path writes it for Vega: rounded to 3 decimals."""
    return js_number(js_round(x * 1000) / 1000)


def _symbol_path(shape: str, size: float) -> str:
    r = math.sqrt(size) / 2
    n = _path_number
    if shape == "circle":
        return f"M{n(r)},0A{n(r)},{n(r)},0,1,1,{n(-r)},0A{n(r)},{n(r)},0,1,1,{n(r)},0"
    if shape == "diamond":
        return f"M{n(-r)},0L0,{n(-r)}L{n(r)},0L0,{n(r)}Z"
    s = r / 2.5  # cross
    points = [(-r, -s), (-r, s), (-s, s), (-s, r), (s, r), (s, s), (r, s), (r, -s), (s, -s), (s, -r), (-s, -r), (-s, -s)]
    return "M" + "L".join(f"{n(x)},{n(y)}" for x, y in points) + "Z"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _offset(baseline: str, size: float) -> int:
    """Vega's own baseline shift (vega-scenegraph text.js offset)."""
    return js_round({"top": 0.79, "middle": 0.30}[baseline] * size)


def _d3_format_g(value: float) -> str:
    """d3-format's "~g" (6 significant digits, insignificant zeros trimmed), with its minus sign (U+2212)."""
    if value == 0:
        return "0"
    magnitude = abs(value)
    exponent = int(f"{magnitude:.5e}".split("e")[1])  # after rounding to 6 digits, as toPrecision does
    if exponent < -6 or exponent >= 6:
        mantissa, _, power = f"{magnitude:.5e}".partition("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{'+' if int(power) >= 0 else '-'}{abs(int(power))}"
    else:
        text = f"{magnitude:.{5 - exponent}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return ("−" if value < 0 else "") + text


def _year_label(value: float) -> str:
    """d3-format's "d"."""
    rounded = js_round(value)
    return ("−" if rounded < 0 else "") + str(abs(rounded))


class _Label:
    def __init__(self, text: str, x: float, y: float, align: str, bounds: _Bounds):
        self.text, self.x, self.y, self.align, self.bounds = text, x, y, align, bounds


def _overlaps(labels: list[_Label]) -> bool:
    """Whether Vega's label overlap removal (parity) would hide any label."""
    shown = [label for label in labels if label.bounds.x2 - label.bounds.x1 > 1]
    for a, b in zip(shown, shown[1:]):
        gap = max(b.bounds.x1 - a.bounds.x2, a.bounds.x1 - b.bounds.x2, b.bounds.y1 - a.bounds.y2,
                  a.bounds.y1 - b.bounds.y2)
        if gap < 0:
            return True
    return False


def _valid_ticks(values: list[float], scale, range_max: float) -> list[float]:
    """Vega's validTicks without a count: explicit tick values inside the range, in order."""
    low, high = 0, math.ceil(range_max)
    return sorted((v for v in values if low <= scale(v) <= high), key=scale)


def indicator_svg(spec: dict) -> str | None:
    """The static SVG of an indicator chart's main view (what vl-convert draws, then chart_render.compact_svg
    shortens), or None when the spec is not the chart this module draws or its labels would overlap (Vega would
    hide some; that case is left to Vega)."""
    if shape_hash(spec) != SHAPE:
        return None
    width, height = spec["width"], spec["height"]
    params = {p["name"]: p.get("value") for p in spec["params"]}
    if params.get("scope") != "main":
        return None
    rows = [row for row in spec["datasets"][DATA] if row.get("main")]  # the main view: `scope == 'all' || datum.main`
    x = _linear(params["x_min_main"], params["x_max_main"], 0, width)
    y0, y1 = nice(params["y_min_main"], params["y_max_main"])
    y = _linear(y0, y1, height, 0)

    # Axes: x from the spec's whole years, y from d3's ticks of the nice domain (the grid uses the same).
    # Explicit values: Vega-Lite then gives the axis no tick count, so Vega keeps every one inside the range.
    x_ticks = _valid_ticks([float(v) for v in params["x_ticks_main"]], x, width)
    y_ticks = ticks(y0, y1, 5)
    divisor, suffix = params["y_div_main"], params["y_suffix_main"]

    x_labels = []
    label_y = TICK_SIZE + LABEL_PADDING
    for value in x_ticks:
        px, text = x(value), _year_label(value)
        w = text_width(text, AXIS_LABEL_SIZE)
        left, right = abs(px), abs(width - px)  # labelFlush: a label within 1 px of an end is aligned to it
        align = "left" if left < right and left <= 1 else "right" if right <= 1 else "center"
        x1 = px if align == "left" else px - w if align == "right" else px - w / 2
        top = label_y + _offset("top", AXIS_LABEL_SIZE) - js_round(0.8 * AXIS_LABEL_SIZE)
        x_labels.append(_Label(text, px, label_y, align, _Bounds(x1, top, x1 + w, top + AXIS_LABEL_SIZE)))
    y_labels = []
    label_x = -(TICK_SIZE + LABEL_PADDING)
    for value in y_ticks:
        py = y(value)
        text = "0" if value == 0 else _d3_format_g(value / divisor) + suffix
        w = text_width(text, AXIS_LABEL_SIZE)
        top = py + _offset("middle", AXIS_LABEL_SIZE) - js_round(0.8 * AXIS_LABEL_SIZE)
        y_labels.append(_Label(text, label_x, py, "right", _Bounds(label_x - w, top, label_x, top + AXIS_LABEL_SIZE)))
    if _overlaps(x_labels) or _overlaps(y_labels):
        return None

    # Bounds, as Vega's view layout takes them: axes (ticks and labels), scopes and the frame into x/yBounds,
    # marks into the view's bounds; then the title above all of them.
    y_axis = _Bounds()
    for value in y_ticks:
        y_axis.union(_Bounds.of(0, js_round(y(value)), -TICK_SIZE, js_round(y(value))).expand(1))
    for label in y_labels:
        y_axis.union(label.bounds)
    extent = max(0, min(MAX_EXTENT, -y_axis.x1))
    y_axis.add(-extent, 0).add(0, height)
    x_axis = _Bounds()
    for value in x_ticks:
        x_axis.union(_Bounds.of(js_round(x(value)), 0, js_round(x(value)), TICK_SIZE).expand(1))
    for label in x_labels:
        x_axis.union(label.bounds)
    extent = max(0, min(MAX_EXTENT, x_axis.y2))
    x_axis.add(0, 0).add(width, extent).translate(0, height)

    view = _Bounds(0, 0, width, height)
    x_bounds, y_bounds = _Bounds(0, 0, width, height), _Bounds(0, 0, width, height)
    x_bounds.union(y_axis).union(_Bounds(0, 0, 0, height))  # the grid axis: no ticks, no labels
    y_bounds.union(x_axis)

    def headline(kind):
        return [r for r in rows if r["headline"] and r["kind"] == kind]
    layers = {"others": [r for r in rows if not r["headline"]], "actual": headline("actual"),
              "estimate": headline("estimate"), "target": headline("target")}
    symbol_markup = {}
    for name, (shape, size, filled, opacity) in SYMBOLS.items():
        path, r = _symbol_path(shape, size), math.sqrt(size) / 2
        colour_of = (lambda row: "#8a8a8a") if name == "others" else (lambda row: row["colour"])
        items = []
        for row in layers[name]:
            px, py = x(float(row["x"])), y(float(row["value"]))
            bounds = _Bounds(-r, -r, r, r)
            if not filled:
                bounds.expand(SYMBOL_STROKE_WIDTH)
            view.union(bounds.translate(px, py))
            paint = f'fill="{colour_of(row)}"' if filled else f'stroke="{colour_of(row)}"'
            alpha = "" if opacity == 1 else f' opacity="{js_number(opacity)}"'
            items.append(f'<path transform="translate({js_number(px)},{js_number(py)})" d="{path}" {paint} '
                         f'stroke-width="{SYMBOL_STROKE_WIDTH}"{alpha}/>')
        symbol_markup[name] = _group(f"mark-symbol role-mark {name}_marks", items)

    lines: dict[str, list[dict]] = {}
    for row in rows:  # one group per line piece, in order of first appearance (Vega's facet)
        if row["line"] != "":
            lines.setdefault(row["line"], []).append(row)
    line_groups = []
    for piece in lines.values():
        piece = sorted(piece, key=lambda row: float(row["x"]))
        points = [(x(float(r["x"])), y(float(r["value"]))) for r in piece]
        scope = _Bounds(0, 0, width, height)
        for px, py in points:
            scope.union(_Bounds(px, py, px, py).expand(LINE_WIDTH))
        x_bounds.union(scope)
        y_bounds.union(scope)
        d = "M" + "L".join(f"{_path_number(px)},{_path_number(py)}" for px, py in points) + ("Z" if len(points) == 1 else "")
        path = f'<path d="{d}" stroke="{piece[0]["colour"]}" stroke-width="{js_number(LINE_WIDTH)}"/>'
        line_groups.append(f'<g transform="translate(0,0)"><path class="background" d="M0,0h{width}v{height}h-{width}Z"/>'
                           f'<g>{_group("mark-line role-mark line_marks", [path])}</g>'
                           '<path class="foreground" d="" display="none"/></g>')

    label_markup = {}
    for pos, dy in LABEL_DY.items():
        items = []
        for row in rows:
            if row["label_pos"] != pos:
                continue
            text = str(row["label"]).strip()
            px, py = x(float(row["x"])), y(float(row["value"]))
            shift = dy + _offset("middle", MARK_LABEL_SIZE)
            w = text_width(text, MARK_LABEL_SIZE)
            top = py + shift - js_round(0.8 * MARK_LABEL_SIZE)
            view.union(_Bounds(px - w / 2, top, px + w / 2, top + MARK_LABEL_SIZE))
            items.append(f'<text text-anchor="middle" transform="translate({js_number(px)},{js_number(py + shift)})" '
                         f'font-size="{MARK_LABEL_SIZE}px" fill="{row["colour"]}">{_escape(text)}</text>')
        label_markup[pos] = _group(f"mark-text role-mark label_{pos}_marks", items)

    view.union(x_bounds).union(y_bounds)
    title = [str(line).strip() for line in params["chart_title"]]
    title_height = TITLE_SIZE + TITLE_LINE * (len(title) - 1)
    title_width = max(text_width(line, TITLE_SIZE, bold=True) for line in title)
    title_x, title_y = view.x1, view.y1 - title_height - TITLE_OFFSET
    view.union(_Bounds(title_x, title_y, title_x + title_width, title_y + title_height))

    left, top = max(0, math.ceil(-view.x1)), max(0, math.ceil(-view.y1))
    right, bottom = max(0, math.ceil(view.x2 - width)), max(0, math.ceil(view.y2 - height))
    svg_width, svg_height = width + left + right + 2 * PADDING, height + top + bottom + 2 * PADDING

    def axis(transform, parts):
        return (f'<g class="mark-group role-axis"><g transform="{transform}"><path class="background" d="M0,0h0v0h0Z"/>'
                f'<g>{"".join(parts)}</g><path class="foreground" d="" display="none"/></g></g>')

    def rule(transform, x2, y2, colour):
        return f'<line transform="{transform}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="1"/>'

    def texts(labels, baseline):
        anchor = {"left": "start", "center": "middle", "right": "end"}
        return [f'<text text-anchor="{anchor[label.align]}" transform="translate({js_number(label.x)},'
                f'{js_number(label.y + _offset(baseline, AXIS_LABEL_SIZE))})" '
                f'font-size="{AXIS_LABEL_SIZE}px" fill="#000">{_escape(label.text)}</text>' for label in labels]

    grid = axis("translate(0.5,0.5)", [_group("mark-rule role-axis-grid", [
        rule(f"translate(0,{js_round(y(v))})", width, 0, GRID) for v in y_ticks])])
    bottom_axis = axis(f"translate(0.5,{js_number(height + 0.5)})", [
        _group("mark-rule role-axis-tick", [rule(f"translate({js_round(x(v))},0)", 0, TICK_SIZE, AXIS) for v in x_ticks]),
        _group("mark-text role-axis-label", texts(x_labels, "top")),
        _group("mark-rule role-axis-domain", [rule("translate(0,0)", width, 0, AXIS)])])
    left_axis = axis("translate(0.5,0.5)", [
        _group("mark-rule role-axis-tick", [rule(f"translate(0,{js_round(y(v))})", -TICK_SIZE, 0, AXIS) for v in y_ticks]),
        _group("mark-text role-axis-label", texts(y_labels, "middle")),
        _group("mark-rule role-axis-domain", [rule(f"translate(0,{height})", 0, -height, AXIS)])])
    spans = [f'<tspan>{_escape(title[0])}</tspan>'] + [f'<tspan x="0" dy="{TITLE_LINE}">{_escape(line)}</tspan>'
                                                       for line in title[1:]]
    title_markup = (f'<g class="mark-group role-title"><g transform="translate({js_number(title_x)},{js_number(title_y)})">'
                    '<path class="background" d="M0,0h0v0h0Z"/><g><g class="mark-text role-title-text">'
                    f'<text text-anchor="start" transform="translate(0,{_offset("top", TITLE_SIZE)})" '
                    f'font-size="{TITLE_SIZE}px" font-weight="bold" fill="#000">{"".join(spans)}</text></g></g>'
                    '<path class="foreground" d="" display="none"/></g></g>')
    body = "".join([grid, bottom_axis, left_axis, symbol_markup["others"],
                    _group("mark-group role-scope line_pathgroup", line_groups),
                    symbol_markup["actual"], symbol_markup["estimate"], symbol_markup["target"],
                    label_markup["above"], label_markup["below"], title_markup])
    svg = (f'<svg aria-hidden="true" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'version="1.1" class="marks" width="{svg_width}" height="{svg_height}" viewBox="0 0 {svg_width} {svg_height}">'
           f'<g fill="none" stroke-miterlimit="10" transform="translate({left + PADDING},{top + PADDING})">'
           f'<g class="mark-group role-frame root"><g transform="translate(0,0)">'
           f'<path class="background" d="M0,0h{width}v{height}h-{width}Z"/><g>{body}</g>'
           '<path class="foreground" d="" display="none"/></g></g></g></svg>')
    return shorten_numbers(svg)


def _group(classes: str, items: list[str]) -> str:
    return f'<g class="{classes}">{"".join(items)}</g>' if items else f'<g class="{classes}"/>'


_TAG = re.compile(r"<[^>]*>")
_LONG_DECIMAL = re.compile(r"(\d\.\d)\d+")


def shorten_numbers(svg: str) -> str:
    """Coordinates to 0.1 px, as chart_render.compact_svg does to vl-convert's SVG (text stays as written)."""
    return _TAG.sub(lambda tag: _LONG_DECIMAL.sub(r"\1", tag.group(0)), svg)
