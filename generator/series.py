"""One headline figure per indicator, place, period and kind, chosen by a written rule; the others stay listed.

The rule, in order (shown on the methodology page and on every indicator page):
1. a final figure (actual) over an estimate;
2. a precise figure over its own rounding (2.11 over 2.1; 603.8 over 604): rounding is not a revision;
3. the later publication: a revision replaces what it revises;
4. the more authoritative place: official site, then the original outlet, then a republication;
5. an exact figure over an "about" or "more than" one, then the source id, so the choice never depends on file order.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

KIND_PREFERENCE = {"actual": 0, "estimate": 1, "target": 2}
TIER_PREFERENCE = {"official": 0, "original": 1, "republication": 2}
HEADLINE_RULE = ("实际值优先于预计值；精确值优先于它的四舍五入值（如 2.11% 优先于 2.1%）；"
                 "其余情况采用发布较晚的数字（修订值替代初值）；发布日期相同时，依次优先官方网站、原始媒体、转载，再优先不带“约”“超过”等限定的数字。")


def _decimals(text: str) -> int:
    return max(0, -Decimal(text).normalize().as_tuple().exponent)


def is_rounding_of(rough: dict, precise: dict) -> bool:
    """2.1 is a rounding of 2.11 and 605 of 604.6; 2.1 is not one of 2.16 (that rounds to 2.2)."""
    if rough["unit"] != precise["unit"] or rough["qualifier"] != "exact":
        return False
    places = _decimals(rough["value_text"])
    if _decimals(precise["value_text"]) <= places:
        return False
    rounded = Decimal(precise["value_text"]).quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    return rounded == Decimal(rough["value_text"])


def pick_headline(figures: list[dict]) -> dict:
    best_kind = min(KIND_PREFERENCE[f["kind"]] for f in figures)
    candidates = [f for f in figures if KIND_PREFERENCE[f["kind"]] == best_kind]
    precise = [f for f in candidates if not any(is_rounding_of(f, other) for other in candidates if other is not f)]
    return sorted(precise, key=lambda f: (
        "".join(chr(0x10FFFF - ord(c)) for c in f["source_published"]),  # later publication first
        TIER_PREFERENCE.get(f["tier"], 9), f["qualifier"] != "exact", f["source"]))[0]


def headline_flags(obs: pd.DataFrame) -> pd.Series:
    """True for the one figure per slot that the series shows: (indicator, entity, period end, and either
    'reported' for actuals and estimates, which compete, or 'target'). A span (2020/2023-05, 2023/2027) is a
    cumulative total or plan period, not a level: it competes only with figures of the same span."""
    flags = pd.Series(False, index=obs.index)
    if obs.empty:
        return flags
    slot = obs["kind"].where(obs["kind"] == "target", "reported")
    span = obs["period"].where(obs["period"].str.contains("/"), "")
    for _, group in obs.groupby([obs["indicator"], obs["entity"], obs["period_end"], slot, span], sort=False):
        figures = [dict(row, _index=index) for index, row in group.iterrows()]
        flags[pick_headline(figures)["_index"]] = True
    return flags


def versions(obs: pd.DataFrame) -> list[dict]:
    """Periods for which several figures exist (estimate and final, rounded and precise, sources that disagree),
    each with all its figures, the headline first. Nothing is averaged or dropped."""
    groups = []
    slot = obs["kind"].where(obs["kind"] == "target", "reported")
    span = obs["period"].where(obs["period"].str.contains("/"), "")
    for _, group in obs.groupby([obs["entity"], obs["period_end"], slot, span], sort=True):
        if len(group) < 2:
            continue
        ordered = group.sort_values(["headline", "source_published"], ascending=[False, False], kind="stable")
        figures = ordered.to_dict(orient="records")
        groups.append({"period_label": figures[0]["period_label"], "entity_name": figures[0]["entity_name"],
                       "slot": "target" if figures[0]["kind"] == "target" else "reported",
                       "differ": len({f["value_base"] for f in figures}) > 1, "figures": figures})
    return groups
