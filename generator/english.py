"""The model as the English edition reads it: the same rows, with names, periods, values and notes in English.

Values are the published ones, the decimal point shifted exactly into English wording (686.6亿元 → CNY 68.66
billion; generator/i18n.py in_words_en); quotes stay as published (pages mark them lang="zh"). A field without
its English text keeps the Chinese one (the validator reports it; pages mark it lang="zh").
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pandas as pd

from generator.frames import text_as_objects
from generator.i18n import HAN, KIND_EN, QUALIFIER_EN, Language, in_words_en, period_en
from generator.model import SiteModel
from generator.periods import parse_period

EN = "en"
_SCALE_WORDS = re.compile(r"^(ten thousand|hundred million|billion)\s+")


def unit_words(units: pd.DataFrame) -> dict[str, str]:
    """{unit id: the English word written after a number}: the code list's symbol_en where there is one; else its
    English name without the scale and the note in brackets ('ten thousand establishments (…)' → 'establishments');
    nothing for a bare count or a bracketed description."""
    words = {}
    for unit_id, unit in units.iterrows():
        symbol = "" if _scaled(unit["symbol_zh"]) else str(unit.get("symbol_en", "") or "").strip()
        if not symbol:
            name = str(unit.get("name_en", "") or "")
            symbol = "" if name.startswith("a count") or unit["base_unit"] in ("yuan", "percent") else \
                _SCALE_WORDS.sub("", re.sub(r"\s*\(.*\)\s*$", "", name)).strip()
        words[unit_id] = symbol
    # A figure in 万家 is written in 家 (12,700 firms): a scaled unit takes the word of its unscaled unit.
    by_symbol = {u["symbol_zh"]: i for i, u in units.iterrows() if not _scaled(u["symbol_zh"])}
    for unit_id, unit in units.iterrows():
        plain = by_symbol.get(str(unit["symbol_zh"]).lstrip("十万亿"))
        if _scaled(unit["symbol_zh"]) and plain and words.get(plain):
            words[unit_id] = words[plain]
    return words


def unit_label(units: pd.DataFrame, unit_id: str) -> str:
    """A unit as the English pages name it (the indicator's "Unit", the chart's "Unit:"): the code list's symbol_en
    where there is one; else CNY with its scale, %, or the unit's word."""
    unit = units.loc[unit_id]
    symbol = str(unit.get("symbol_en", "") or "").strip()
    if symbol:
        return symbol
    base, multiplier = unit["base_unit"], Decimal(str(unit["multiplier"]))
    if base == "yuan":
        scale = {Decimal(1): "", Decimal(10_000): " 10,000", Decimal(100_000_000): " 100 million",
                 Decimal(1_000_000_000): " billion"}.get(multiplier, f" × {multiplier}")
        return f"CNY{scale}"
    if base == "percent":
        return "%"
    return unit_words(units).get(unit_id, "") or str(unit.get("name_en", "") or "")


def _scaled(symbol_zh: str) -> bool:
    """A unit written with a Chinese scale (万家, 亿元, 十亿元): its figures are moved into the base unit."""
    return symbol_zh[:1] in ("万", "亿") or symbol_zh.startswith("十亿")


def english_value(value_text: str, unit_id: str, qualifier: str, units: pd.DataFrame, words: dict[str, str]) -> str:
    unit = units.loc[unit_id]
    base = unit["base_unit"]
    if base == "wei":  # a rank
        return f"{QUALIFIER_EN.get(qualifier, '')}No. {value_text}"
    if unit_id == "bei-increase":
        return f"{'about ' if qualifier == 'about' else ''}an increase of {value_text} times"
    if _scaled(unit["symbol_zh"]) or base in ("yuan", "percent", "percentage-point", "bei-ratio"):
        word = words.get(unit_id) or words.get(base, "")
        return in_words_en(value_text, unit["multiplier"] if _scaled(unit["symbol_zh"]) or base == "yuan" else 1,
                           base, word, qualifier)
    return in_words_en(value_text, 1, "as-is", words.get(unit_id, ""), qualifier)


def english_model(model: SiteModel) -> SiteModel:
    obs = model.observations
    _UNITS["frame"] = model.units
    lang = Language(EN)
    words = unit_words(model.units)
    by_source = model.sources.drop_duplicates("id").set_index("id")

    def source_title(source_id: str) -> str:
        source = by_source.loc[source_id]
        if lang.has(source, "title"):
            return lang.text(source, "title")
        return str(source["title"])  # as published: an English title as it is, a Chinese one marked lang="zh"

    def localised(table: pd.DataFrame, key: str, name: str = "name") -> pd.Series:
        return obs[key].map({i: lang.text(r, name) for i, r in table.iterrows()})

    # Every text below is a function of a few codes that repeat across rows: each is made once per distinct value.
    values: dict[tuple[str, str, str], str] = {}

    def value_en(value: str, unit: str, qualifier: str) -> str:
        key = (value, unit, qualifier)
        if key not in values:
            values[key] = english_value(value, unit, qualifier, model.units, words)
        return values[key]

    def each_once(column: pd.Series, make) -> pd.Series:
        return column.map({key: make(key) for key in column.unique()})

    english = obs.assign(
        period_label=each_once(obs["period"], lambda p: period_en(parse_period(p))),
        indicator_name=localised(model.indicators, "indicator"),
        entity_name=localised(model.entities, "entity"),
        unit_symbol=obs["unit_used"].map(words),
        unit_printed_symbol=obs["unit"].map(words),
        kind_label=obs["kind"].map(KIND_EN),
        source_title=each_once(obs["source"], source_title),
        display=[value_en(v, u, q) for v, u, q in zip(obs["value_text"], obs["unit_used"], obs["qualifier"])],
        display_printed=[value_en(v, u, q) for v, u, q in zip(obs["value_printed"], obs["unit"], obs["qualifier"])],
        note=[e if str(e).strip() else n for n, e in zip(obs["note"], _column(obs, "note_en"))],
        correction_reason=[e or r for r, e in zip(obs["correction_reason"], _column(obs, "correction_reason_en"))],
        correction_evidence=[e or r for r, e in zip(obs["correction_evidence"], _column(obs, "correction_evidence_en"))],
    )
    english = text_as_objects(english)
    english.attrs["lang"] = EN
    return replace(model, observations=english)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].fillna("") if name in frame else pd.Series("", index=frame.index)


def has_han(text) -> bool:
    return bool(HAN.search(str(text)))


# Summaries in words, the English edition's: from the English frame (display is already the exact English value).
TIER_EN = {"official": "official site", "original": "original outlet", "republication": "republication"}


def change_text_en(latest: dict, previous: dict | None) -> str:
    """'up 0.15 percentage points on 2021' / 'up 21.0% on 2020'; nothing when the two are not comparable."""
    from generator.numbers import plain
    if previous is None or latest["base_unit"] != previous["base_unit"]:
        return ""
    if latest["qualifier"] != "exact" or previous["qualifier"] != "exact":
        return ""
    label = previous["period_label"]
    if latest["base_unit"] == "percent":
        points = round(latest["value_base"] - previous["value_base"], 4)
        return f"{'up' if points >= 0 else 'down'} {plain(abs(points))} percentage points on {label}"
    if previous["value_base"] == 0:
        return ""
    growth = (latest["value_base"] / previous["value_base"] - 1) * 100
    return f"{'up' if growth >= 0 else 'down'} {abs(growth):.1f}% on {label}"


def distance_text_en(latest: dict, target: dict) -> str:
    from generator.numbers import plain
    head = f"the target for {target['period_label']} is {target['display']}"
    if latest["qualifier"] != "exact":
        return head
    gap = round(float(target["value_base"]) - float(latest["value_base"]), 6)
    if gap < 0 or (gap == 0 and target["qualifier"] != "more_than"):
        return f"{head}, already reached"
    if latest["base_unit"] == "percent":
        return f"{head}, {plain(round(gap, 4))} percentage points to go"
    exact = _exact_gap(latest, target)
    return f"{head}, {exact} to go" if exact else head


def _exact_gap(latest: dict, target: dict) -> str:
    """target − latest in words, from the published texts (no float): '2,877 establishments', 'CNY 1.2 billion'."""
    from generator.i18n import exact_base
    units = _UNITS.get("frame")
    if units is None or latest["unit_used"] not in units.index or target["unit_used"] not in units.index:
        return ""
    gap = (exact_base(target["value_text"], units.loc[target["unit_used"], "multiplier"])
           - exact_base(latest["value_text"], units.loc[latest["unit_used"], "multiplier"]))
    if gap <= 0:
        return ""
    base = units.loc[latest["unit_used"], "base_unit"]
    words = unit_words(units)
    word = words.get(latest["unit_used"]) or words.get(base, "")
    return in_words_en(format(gap, "f"), 1, base, word)


_UNITS: dict = {}  # the units code list of the model being worded (english_model sets it)


def lead_en(frame: pd.DataFrame, entity: str) -> dict | None:
    """The indicator page's opening figure in English (see summary.lead)."""
    from generator.summary import _nearest_target, latest_two
    mine = frame[(frame["entity"] == entity) & frame["headline"]]
    latest, previous = latest_two(mine)
    if latest is None:
        return None
    kind = "estimate" if latest["kind"] == "estimate" else "actual"
    tier = TIER_EN.get(latest["tier"], "")
    parts = [f"{latest['entity_name']}, {latest['period_label']}: {latest['display']} ({kind}; source class: {tier})"]
    change = change_text_en(latest, previous)
    if change:
        parts.append(change)
    target = _nearest_target(mine, latest)
    if target is not None:
        parts.append(distance_text_en(latest, target))
    return {"figure": latest, "value": latest["display"], "kind": kind, "tier": tier, "change": change,
            "target": target, "sentence": "; ".join(parts) + "."}


def chart_description_en(indicator_name: str, frame: pd.DataFrame, entity: str, first: dict | None) -> str:
    """The chart's text alternative; `first` is the page's lead (lead_en), computed once for both."""
    levels = frame[(frame["period_form"] != "span") & frame["headline"] & (frame["entity"] == entity)]
    years = sorted({int(str(p)[:4]) for p in levels["period_end"]})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    text = f"Chart of {indicator_name}, {span}. " if span else f"Chart of {indicator_name}. "
    if first is not None:
        text += first["sentence"] + " "
    else:
        targets = levels[levels["kind"] == "target"]
        if not targets.empty:
            text += "Targets: " + ", ".join(f"{t['period_label']} {t['display']}" for _, t in targets.iterrows()) + ". "
    others = list(frame.loc[frame["entity"] != entity, "entity_name"].unique())
    if others:
        text += f"Figures for {', '.join(others[:3])}{' and others' if len(others) > 3 else ''} too. "
    return text + "Each point's value and source are in the data table."


def old_note_en(figure: dict, as_of) -> str:
    year = int(str(figure["period_end"])[:4])
    return f"{year} figure" if year <= as_of.year - 2 else ""


# The chart spec's own words (tooltips, series, unit line), and its axis scale the English way.
_CHART_WORDS = {"来源类别": "Source class", "时期": "Period", "数值": "Value", "类型": "Kind", "对象": "Place",
                "来源": "Source", "其他来源": "other sources", **{v: TIER_EN[k] for k, v in
                                                               {"official": "官方网站", "original": "原始媒体",
                                                                "republication": "转载"}.items()}}


def english_spec(spec: dict, title: str, unit_word: str) -> dict:
    import json
    import textwrap
    for item in _walk(spec):
        if isinstance(item, dict):
            for key in ("title",):
                if isinstance(item.get(key), str) and item[key] in _CHART_WORDS:
                    item[key] = _CHART_WORDS[item[key]]
    for row in spec.get("datasets", {}).get("figures", []):
        for key in ("series", "tier_label"):
            if row.get(key) in _CHART_WORDS:
                row[key] = _CHART_WORDS[row[key]]
    params = {p["name"]: p for p in spec.get("params", [])}
    if "chart_title" in params:
        # SVG text cannot carry lang="zh": a Chinese gloss in an English name is left out of the chart's title.
        title = re.sub(r"\s*\([^)]*[\u3400-\u9fff][^)]*\)", "", title)
        params["chart_title"]["value"] = [*textwrap.wrap(title, 40), f"Unit: {unit_word}" if unit_word else "Unit: –"]
    for view in ("main", "all"):
        div, suffix = params.get(f"y_div_{view}"), params.get(f"y_suffix_{view}")
        if div and suffix and suffix.get("value"):
            div["value"], suffix["value"] = {1e4: (1e3, "k"), 1e8: (1e6, "M")}.get(div["value"], (div["value"], ""))
    json.dumps(spec)  # still plain JSON
    return spec


def _walk(node):
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
