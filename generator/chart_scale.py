"""d3's rules for linear scales, as Vega 6 applies them: tick values, "nice" domains, and the way JavaScript rounds
and prints numbers. The chart spec (charts.py) and the chart drawn in Python (chart_svg.py) use them, so that both
agree with what Vega draws in the reader's browser from the same spec."""
from __future__ import annotations

import math

_E10, _E5, _E2 = math.sqrt(50), math.sqrt(10), math.sqrt(2)


def js_round(x: float) -> int:
    """JavaScript's Math.round: halves go up (2.5 → 3, −2.5 → −2), unlike Python's round (to even)."""
    low = math.floor(x)
    return low + 1 if x - low >= 0.5 else low


def js_number(x: float) -> str:
    """A number as JavaScript prints it (String(x)): shortest digits, no ".0" on integers, exponents only below
    1e-6 or from 1e21."""
    if x == 0:
        return "0"
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    sign = "-" if x < 0 else ""
    mantissa, _, exponent = repr(abs(float(x))).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + ("" if fraction == "0" else fraction)
    point = len(whole) + (int(exponent) if exponent else 0)  # the value is 0.<digits> × 10^point
    significant = digits.lstrip("0")
    point -= len(digits) - len(significant)
    digits = significant.rstrip("0")
    k = len(digits)
    if k <= point <= 21:
        text = digits + "0" * (point - k)
    elif 0 < point <= 21:
        text = f"{digits[:point]}.{digits[point:]}"
    elif -6 < point <= 0:
        text = "0." + "0" * -point + digits
    else:
        e = point - 1
        text = digits[0] + (f".{digits[1:]}" if k > 1 else "") + ("e+" if e >= 0 else "e-") + str(abs(e))
    return sign + text


def _tick_spec(start: float, stop: float, count: float) -> tuple[int, int, float]:
    step = (stop - start) / max(0, count)
    power = math.floor(math.log10(step))
    error = step / 10 ** power
    factor = 10 if error >= _E10 else 5 if error >= _E5 else 2 if error >= _E2 else 1
    if power < 0:
        inc = 10 ** -power / factor
        i1, i2 = js_round(start * inc), js_round(stop * inc)
        if i1 / inc < start:
            i1 += 1
        if i2 / inc > stop:
            i2 -= 1
        inc = -inc
    else:
        inc = 10 ** power * factor
        i1, i2 = js_round(start / inc), js_round(stop / inc)
        if i1 * inc < start:
            i1 += 1
        if i2 * inc > stop:
            i2 -= 1
    if i2 < i1 and 0.5 <= count < 2:
        return _tick_spec(start, stop, count * 2)
    return i1, i2, inc


def ticks(start: float, stop: float, count: float) -> list[float]:
    """d3.ticks (d3-array 3) for start ≤ stop: about `count` round values in the range."""
    if not count > 0:
        return []
    if start == stop:
        return [start]
    i1, i2, inc = _tick_spec(start, stop, count)
    if not i2 >= i1:
        return []
    if inc < 0:
        return [(i1 + i) / -inc for i in range(i2 - i1 + 1)]
    return [float((i1 + i) * inc) for i in range(i2 - i1 + 1)]


def tick_increment(start: float, stop: float, count: float) -> float:
    return _tick_spec(start, stop, count)[2]


def tick_step(start: float, stop: float, count: float) -> float:
    """d3.tickStep for start ≤ stop."""
    inc = tick_increment(start, stop, count)
    return -1 / inc if inc < 0 else inc


def nice(start: float, stop: float, count: int = 10) -> tuple[float, float]:
    """A linear scale's nice() domain (Vega's `nice: true` passes no count: d3's default of 10)."""
    previous = None
    for _ in range(10):
        step = tick_increment(start, stop, count)
        if step == previous:
            return start, stop
        if step > 0:
            start, stop = math.floor(start / step) * step, math.ceil(stop / step) * step
        elif step < 0:
            start, stop = math.ceil(start * step) / step, math.floor(stop * step) / step
        else:
            break
        previous = step
    return start, stop


def year_ticks(low: float, high: float, count: int) -> list[int]:
    """Whole years for an axis from `low` to `high`, about `count` of them, a whole number of years apart (1, 2, 5,
    10…): the ticks d3 would choose with a step of at least one. Vega's own choice (count capped by tickMinStep)
    can still step by half a year on a one-year axis, and its "d" format then prints 2021, 2021, 2022."""
    count = min(count, math.floor((high - low) or 1) + 1)
    while count > 1 and tick_step(low, high, count) < 1:
        count -= 1
    return [js_round(value) for value in ticks(low, high, count)]
