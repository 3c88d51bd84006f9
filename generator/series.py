"""One headline figure per indicator, place, period and kind, chosen by a written rule; the others stay listed.

The rule, in order (shown on the methodology page and on every indicator page):
1. a final figure (actual) over an estimate;
2. a precise figure over its own rounding (2.11 over 2.1; 603.8 over 604), comparing the numbers as written:
   16.0 is written to one decimal, so it is not a rounding of 16.4;
3. a document's own text over a summary or translation of it (an AI-written English digest never wins);
4. the same number from several sources is one figure, not a conflict; among different figures, the one first
   published later wins (a revision replaces what it revises), then the one from a better tier, then an exact one;
5. the figure is cited from its best source: the better tier (official site, original outlet, republication), then the
   earliest publication (the original before its reposts), then the fuller quote;
6. a tie that remains is decided by content, never by an id: the more precise number, then the smaller (the cautious
   reading). Every step is visible on the indicator page, where all figures stay listed.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from generator.frames import records

KIND_PREFERENCE = {"actual": 0, "estimate": 1, "target": 2}
TIER_PREFERENCE = {"official": 0, "original": 1, "republication": 2}
HEADLINE_RULE = ("实际值优先于预计值；精确值优先于它的四舍五入值（按原文写法比较，如 2.11% 优先于 2.1%，而 16.0% 不是 16.4% 的四舍五入）；"
                 "文件原文优先于对它的摘要或译文；几个来源给出同一个数时视为同一数字，不算冲突；不同数字之间，首次发布较晚的优先（修订值替代初值），"
                 "其次来源层级较高的（官方网站、原始媒体、转载），再次不带“约”“超过”等限定的；同一数字引用层级最高、发布最早、引文最完整的来源；"
                 "仍然并列时按内容决定：取更精确的数字，再取较小的数字，从不按来源编号决定。")


def _decimals(text: str) -> int:
    """Decimal places as written: '16.0' has one, '2.1' one, '605' none."""
    return max(0, -Decimal(text).as_tuple().exponent)


def is_rounding_of(rough: dict, precise: dict) -> bool:
    """2.1 is a rounding of 2.11 and 605 of 604.6; 2.1 is not one of 2.16 (that rounds to 2.2), and 16.0 is not one of
    16.4 (both are written to one decimal)."""
    if rough["unit"] != precise["unit"] or rough["qualifier"] != "exact":
        return False
    places = _decimals(rough["value_text"])
    if _decimals(precise["value_text"]) <= places:
        return False
    rounded = Decimal(precise["value_text"]).quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    return rounded == Decimal(rough["value_text"])


def _later_first(date: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


def pick_headline(figures: list[dict]) -> dict:
    best_kind = min(KIND_PREFERENCE[f["kind"]] for f in figures)
    candidates = [f for f in figures if KIND_PREFERENCE[f["kind"]] == best_kind]
    candidates = [f for f in candidates if not any(is_rounding_of(f, other) for other in candidates if other is not f)]
    full_text = [f for f in candidates if f.get("text_form", "full") in ("full", "table", "")]  # a table is whole
    candidates = full_text or candidates
    same_number: dict[tuple, list[dict]] = {}
    for f in candidates:
        same_number.setdefault((round(float(f["value_base"]), 9), f["qualifier"]), []).append(f)

    def tier(f: dict) -> int:
        return TIER_PREFERENCE.get(f["tier"], 9)

    chosen = min(same_number.values(), key=lambda group: (
        _later_first(min(f["source_published"] for f in group)),
        min(tier(f) for f in group),
        group[0]["qualifier"] != "exact",
        -_decimals(group[0]["value_text"]),
        float(group[0]["value_base"])))
    return min(chosen, key=lambda f: (tier(f), f["source_published"], -len(f["quote"]), f["quote"]))


def headline_flags(obs: pd.DataFrame) -> pd.Series:
    """True for the one figure per slot that the series shows: (indicator, entity, period end, and either
    'reported' for actuals and estimates, which compete, or 'target'). A span (2020/2023-05, 2023/2027) is a
    cumulative total or plan period, not a level: it competes only with figures of the same span."""
    if obs.empty:
        return pd.Series(False, index=obs.index)
    slot = obs["kind"].where(obs["kind"] == "target", "reported")
    span = obs["period"].where(obs["period"].str.contains("/"), "")
    keys = [obs["indicator"], obs["entity"], obs["period_end"], slot, span]
    # A figure alone in its slot is its headline; the rule only runs where several figures compete.
    flags = obs.groupby(keys, sort=False)["indicator"].transform("size") == 1
    several = ~flags
    if several.any():
        for _, group in obs[several].groupby([k[several] for k in keys], sort=False):
            figures = [dict(row, _index=index) for index, row in zip(group.index, records(group))]
            flags[pick_headline(figures)["_index"]] = True
    return flags.rename(None)


def versions(obs: pd.DataFrame) -> list[dict]:
    """Periods for which several figures exist (estimate and final, rounded and precise, sources that disagree),
    each with all its figures, the headline first. Nothing is averaged or dropped."""
    # Grouped in plain Python (this runs for every page render): slots sorted as pandas' groupby sorts them, and
    # each slot's figures by headline, then latest publication, ties in page order (a stable sort).
    published = obs["source_published"].tolist()
    if any(not isinstance(p, str) for p in published):  # a missing date: pandas' own ordering (missing last)
        return _versions_by_pandas(obs)
    kinds, periods, headline = obs["kind"].tolist(), obs["period"].tolist(), obs["headline"].tolist()
    slots: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(obs["entity"].tolist(), obs["period_end"].tolist(),
                                ("target" if k == "target" else "reported" for k in kinds),
                                (p if isinstance(p, str) and "/" in p else "" for p in periods))):
        slots.setdefault(key, []).append(i)
    groups = []
    for key in sorted(slots):
        members = slots[key]
        if len(members) < 2:
            continue
        members = sorted(members, key=published.__getitem__, reverse=True)  # reverse keeps ties in order
        members = sorted(members, key=lambda i: not headline[i])
        figures = records(obs.iloc[members])
        groups.append(_version_group(figures))
    return groups


def _version_group(figures: list[dict]) -> dict:
    return {"period_label": figures[0]["period_label"], "entity_name": figures[0]["entity_name"],
            "slot": "target" if figures[0]["kind"] == "target" else "reported",
            "differ": len({f["value_base"] for f in figures}) > 1, "figures": figures}


def _versions_by_pandas(obs: pd.DataFrame) -> list[dict]:
    groups = []
    slot = obs["kind"].where(obs["kind"] == "target", "reported")
    span = obs["period"].where(obs["period"].str.contains("/"), "")
    for _, group in obs.groupby([obs["entity"], obs["period_end"], slot, span], sort=True):
        if len(group) < 2:
            continue
        ordered = group.sort_values(["headline", "source_published"], ascending=[False, False], kind="stable")
        groups.append(_version_group(records(ordered)))
    return groups
