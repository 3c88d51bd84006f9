"""Figures in words, for summaries: home cards, latest-figure columns, the indicator page's lead and the chart's
text alternative. Summaries write numbers the way Chinese readers do (7.56万家); the detailed tables keep the
published text. Everything here is computed from the model's rows, so a sentence cannot disagree with the data."""
from __future__ import annotations

from datetime import date

import pandas as pd

from generator.frames import records

from generator.numbers import TIER_LABEL, in_wan_yi, plain


def latest_two(observations: pd.DataFrame) -> tuple[dict | None, dict | None]:
    """The latest reported figure (actual, else estimate) and the one before it, for one indicator and place."""
    # Plain Python over five columns: copying every column of a small frame for each indicator and place was most
    # of the generator's time. Same choice as sorting by (period_end, kind_rank descending, source_published) and
    # keeping each period's last row: the best row of a period is its lowest kind_rank, then latest publication,
    # then (a full tie) the later row.
    columns = [observations[c].tolist() for c in ("kind", "period_form", "period_end", "kind_rank", "source_published")]
    best: dict = {}
    for position, (kind, form, end, rank, published) in enumerate(zip(*columns)):
        if kind not in ("actual", "estimate") or form == "span":  # a total over 2016/2020 or 2020年以来 is no level
            continue
        key = (-rank, published if isinstance(published, str) else "\uffff", position)  # a missing date sorts last, as in pandas
        if end not in best or key > best[end]:
            best[end] = key
    if not best:
        return None, None
    last = [best[end][2] for end in sorted(best)[-2:]]
    rows = records(observations.iloc[last])
    return rows[-1], (rows[-2] if len(rows) > 1 else None)


def change_text(latest: dict, previous: dict | None) -> str:
    """'比2021年提高0.15个百分点' or '比2020年增长21.0%'; nothing when the two are not comparable."""
    if previous is None or latest["base_unit"] != previous["base_unit"]:
        return ""
    if latest["qualifier"] != "exact" or previous["qualifier"] != "exact":
        return ""  # 超过4.8万 against 约4万 has no honest difference
    label = previous["period_label"]
    if latest["base_unit"] == "percent":
        points = round(latest["value_base"] - previous["value_base"], 4)
        word = "提高" if points >= 0 else "下降"
        return f"比{label}{word}{plain(abs(points))}个百分点"
    if previous["value_base"] == 0:
        return ""
    growth = (latest["value_base"] / previous["value_base"] - 1) * 100
    return f"比{label}{'增长' if growth >= 0 else '下降'}{abs(growth):.1f}%"


def base_symbols(units) -> dict[str, str]:
    """{base unit id: its symbol}: 'yuan' → '元', for figures written in 万/亿. A base unit whose symbol is only a
    bracketed description, such as count's '（计数）', maps to '': summaries use each figure's own counter word."""
    return {unit: ("" if symbol.startswith("（") else symbol) for unit, symbol in units["symbol_zh"].items()}


def counter_word(figure: dict, base_symbol: str) -> str:
    """The symbol a summary writes after 万/亿. A base unit that only counts (家, 个, 项 and 所 all count things)
    has no symbol of its own: the figure's own counter word is used (7.56万家, not 7.56万个)."""
    return base_symbol or str(figure["unit_symbol"]).lstrip("十百千万亿")


def summary_value(figure: dict, base_symbol: str) -> str:
    """'7.56万家' for 75600家; the published text where 万/亿 would change nothing (3.70%, 4222家, 约2.35%)."""
    base_symbol = counter_word(figure, base_symbol)
    if abs(float(figure["value_base"])) < 1e4 or str(figure["unit_symbol"]).lstrip("十万亿") != base_symbol:
        return figure["display"]  # 4222家 as published; 1.2平方公里 is not re-expressed in 万平方米
    return in_wan_yi(figure["value_base"], base_symbol, figure["qualifier"])


def old_note(figure: dict, as_of: date) -> str:
    """'2019年数据' when a 'latest' figure is two or more years older than the newest source on the site."""
    year = int(str(figure["period_end"])[:4])
    return f"{year}年数据" if year <= as_of.year - 2 else ""


def _nearest_target(frame: pd.DataFrame, latest: dict) -> dict | None:
    """The next target after the latest figure; else one for the latest figure's own period."""
    targets = frame[(frame["kind"] == "target") & frame["headline"] & (frame["period_form"] != "span")
                    & (frame["period_end"] >= latest["period_end"]) & (frame["base_unit"] == latest["base_unit"])]
    later = targets[targets["period_end"] > latest["period_end"]]
    targets = later if not later.empty else targets
    return records(targets.sort_values("period_end").iloc[:1])[0] if not targets.empty else None


def distance_text(latest: dict, target: dict, base_symbol: str) -> str:
    """'距2025年目标2.6%还差0.15个百分点' / '已达到2027年目标超过1.27万家'."""
    head = f"{target['period_label']}目标为{target['display']}"
    if latest["qualifier"] != "exact":
        return head  # 约4万 against a target has no honest difference
    gap = round(float(target["value_base"]) - float(latest["value_base"]), 6)
    reached = gap < 0 or (gap == 0 and target["qualifier"] != "more_than")
    if reached:
        return f"{head}，已达到"
    if latest["base_unit"] == "percent":
        return f"{head}，还差{plain(round(gap, 4))}个百分点"
    return f"{head}，还差{in_wan_yi(gap, counter_word(latest, base_symbol))}"


def lead(frame: pd.DataFrame, entity: str, base_symbol: str) -> dict | None:
    """The indicator page's opening figure for one place: value in words, year, change, source class and the
    distance to the nearest target; None when the place has no reported level (only targets or totals)."""
    mine = frame[(frame["entity"] == entity) & frame["headline"]]
    latest, previous = latest_two(mine)
    if latest is None:
        return None
    value = summary_value(latest, base_symbol)
    kind = "预计" if latest["kind"] == "estimate" else "实际"
    parts = [f"{latest['entity_name']}{latest['period_label']}为{value}（{kind}"
             + (f"，公布为{latest['display']}" if value != latest["display"] else "")
             + f"；来源类别：{TIER_LABEL.get(latest['tier'], '')}）"]
    change = change_text(latest, previous)
    if change:
        parts.append(change)
    target = _nearest_target(mine, latest)
    if target is not None:
        parts.append(distance_text(latest, target, base_symbol))
    return {"figure": latest, "value": value, "kind": kind, "tier": TIER_LABEL.get(latest["tier"], ""),
            "change": change, "target": target, "sentence": "，".join(parts) + "。"}


def chart_description(indicator_name: str, frame: pd.DataFrame, entity: str, base_symbol: str,
                      first: dict | None = None) -> str:
    """The chart's text alternative, in Chinese, from the same rows the chart draws (`first`: the page's lead,
    when the caller has it already)."""
    first = first if first is not None else lead(frame, entity, base_symbol)
    levels = frame[(frame["period_form"] != "span") & frame["headline"] & (frame["entity"] == entity)]
    years = sorted({int(str(p)[:4]) for p in levels["period_end"]})
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
    text = f"{indicator_name}图表，{span}。" if span else f"{indicator_name}图表。"
    if first is not None:
        text += first["sentence"]
    else:
        targets = levels[levels["kind"] == "target"]
        if not targets.empty:
            text += "目标：" + "、".join(f"{t['period_label']}{t['display']}" for _, t in targets.iterrows()) + "。"
    others = frame.loc[frame["entity"] != entity, "entity_name"].unique()
    if len(others):
        text += f"另有{'、'.join(others[:3])}{'等' if len(others) > 3 else ''}的数据。"
    return text + "各点数值与出处见数据表。"
