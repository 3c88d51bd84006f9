"""The site's model: validated tables joined into frames that pages, charts and downloads read."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.frames import text_as_objects
from generator.load import Package
from generator.numbers import KIND_LABEL, QUALIFIER_LABEL, as_published, as_written
from generator.periods import parse_period
from generator.series import headline_flags
from generator.validate import LoadedPackage

KIND_ORDER = ("actual", "estimate", "target")


@dataclass(frozen=True)
class SiteModel:
    observations: pd.DataFrame
    indicators: pd.DataFrame  # index: id
    entities: pd.DataFrame
    units: pd.DataFrame
    themes: pd.DataFrame
    sources: pd.DataFrame
    loaded: tuple[LoadedPackage, ...]

    @property
    def packages(self) -> tuple[Package, ...]:
        return tuple(p.package for p in self.loaded)

    def entity_and_descendants(self, entity_id: str) -> list[str]:
        children = self.entities.groupby("parent")["id"].apply(list).to_dict()
        found, queue = [], [entity_id]
        while queue:
            current = queue.pop(0)
            if current in found:
                continue  # a loop in the hierarchy (validation refuses it): never walk it forever
            found.append(current)
            queue.extend(sorted(children.get(current, [])))
        return found

    def ancestors(self, entity_id: str) -> list[str]:
        chain, current = [], self.entities.loc[entity_id, "parent"]
        while current and current not in chain:
            chain.insert(0, current)
            current = self.entities.loc[current, "parent"] if current in self.entities.index else ""
        return chain

    def indicator_observations(self, indicator_id: str) -> pd.DataFrame:
        return self._grouped("indicator").get(indicator_id, self.observations.iloc[:0])

    def source_observations(self, source_id: str) -> pd.DataFrame:
        return self._grouped("source").get(source_id, self.observations.iloc[:0])

    def _grouped(self, column: str) -> dict[str, pd.DataFrame]:
        """The observations split by one column, once (pages ask per indicator and per source, hundreds of
        times; each filter of the whole frame cost milliseconds). Rows keep their order and index."""
        cache = self.__dict__.setdefault("_groups", {})  # frozen dataclass: a cache beside the fields
        if column not in cache:
            cache[column] = dict(tuple(self.observations.groupby(column, sort=False)))
        return cache[column]


def _frame(table, index: str | None = "id") -> pd.DataFrame:
    frame = pd.DataFrame([row for _, row in table.rows], columns=list(table.header), dtype="string").fillna("")
    return frame.set_index(index, drop=False).rename_axis(None) if index else frame


def build_model(loaded: list[LoadedPackage], lead_places: tuple[str, ...] = ()) -> SiteModel:
    """The site's model; lead_places (the settings' home and comparison places) are listed first, in order."""
    first = loaded[0].tables
    indicators, entities, units, themes = (_frame(first[n]) for n in ("indicators", "entities", "units", "themes"))
    sources = pd.concat([_frame(p.tables["sources"]).assign(package=p.package.id) for p in loaded])
    frames = [_frame(p.tables["observations"], index=None).assign(package=p.package.id) for p in loaded]
    corrections = [_frame(p.tables["corrections"], index=None) for p in loaded if "corrections" in p.tables]
    observations = _enrich(pd.concat(frames, ignore_index=True), indicators, entities, units, sources,
                           pd.concat(corrections, ignore_index=True) if corrections else None, lead_places)
    return SiteModel(observations, indicators, entities, units, themes, sources, tuple(loaded))


KEY = ["indicator", "entity", "period", "kind", "source"]
CORRECTION_COLUMNS = ("value_corrected", "unit_corrected", "correction_reason", "correction_evidence", "correction_status")


def _apply_corrections(obs: pd.DataFrame, corrections: pd.DataFrame | None) -> pd.DataFrame:
    """The value as printed stays in `value`/`unit`; an applied correction supplies the value the site uses.
    `corrected` says which rows use a corrected value; proposed corrections are carried but not used."""
    if corrections is None or corrections.empty:
        corrections = pd.DataFrame(columns=KEY + ["value", "unit", "reason", "evidence", "status"], dtype="string")
    renamed = corrections.rename(columns={"value": "value_corrected", "unit": "unit_corrected", "reason": "correction_reason",
                                          "evidence": "correction_evidence", "status": "correction_status",
                                          "reason_en": "correction_reason_en", "evidence_en": "correction_evidence_en"})
    for column in ("correction_reason_en", "correction_evidence_en"):  # the English edition's (may be absent)
        if column not in renamed:
            renamed[column] = ""
    columns = list(CORRECTION_COLUMNS) + ["correction_reason_en", "correction_evidence_en"]
    obs = obs.merge(renamed[KEY + columns], on=KEY, how="left", validate="many_to_one")
    obs[columns] = obs[columns].fillna("")
    corrected = obs["correction_status"] == "applied"
    return obs.assign(corrected=corrected, value_used=obs["value"].where(~corrected, obs["value_corrected"]),
                      unit_used=obs["unit"].where(~corrected, obs["unit_corrected"]))


def _enrich(obs: pd.DataFrame, indicators, entities, units, sources, corrections=None, lead_places=()) -> pd.DataFrame:
    periods = obs["period"].map(parse_period)
    multiplier = units["multiplier"].astype(float)
    offset = units["offset"].replace("", "0").astype(float) if "offset" in units else multiplier * 0
    by_source = sources.drop_duplicates("id").set_index("id")

    def source_column(name: str, default: str = "") -> pd.Series:
        return obs["source"].map(by_source[name]) if name in by_source else pd.Series(default, index=obs.index)

    def english(table: pd.DataFrame, column: str, key: pd.Series) -> pd.Series:
        """A code list's English text for each row (empty where the code list has no such column)."""
        return key.map(table[column]).fillna("") if column in table else pd.Series("", index=key.index)

    obs = _apply_corrections(obs, corrections)
    obs = obs.assign(
        # Numbers exactly as written (3.70 stays 3.70): the value the site uses, and the value as printed.
        value_number=obs["value_used"].astype(float),
        value_text=obs["value_used"].map(as_written),
        value_printed=obs["value"].map(as_written),
        period_label=periods.map(lambda p: p.label()),
        period_end=periods.map(lambda p: p.end_date.isoformat()),
        year=periods.map(lambda p: p.end_year),
        indicator_name=obs["indicator"].map(indicators["name_zh"]),
        entity_name=obs["entity"].map(entities["name_zh"]),
        unit_symbol=obs["unit_used"].map(units["symbol_zh"]),
        unit_printed_symbol=obs["unit"].map(units["symbol_zh"]),
        base_unit=obs["unit_used"].map(units["base_unit"]),
        # The English labels (issue 13): for the English edition and the bilingual downloads.
        indicator_name_en=english(indicators, "name_en", obs["indicator"]),
        entity_name_en=english(entities, "name_en", obs["entity"]),
        unit_symbol_en=english(units, "symbol_en", obs["unit_used"]),
        unit_printed_symbol_en=english(units, "symbol_en", obs["unit"]),
        source_title_en=source_column("title_en"),
        kind_label=obs["kind"].map(KIND_LABEL),
        qualifier_label=obs["qualifier"].map(QUALIFIER_LABEL),
        # English and traditional-character titles are shown with their Chinese label; the printed title stays.
        source_title=source_column("title_zh").where(source_column("title_zh") != "", source_column("title")),
        source_title_printed=source_column("title"),
        source_published=obs["source"].map(by_source["published"]),
        tier=obs["source"].map(by_source["tier"]),
        original_status=source_column("original_status"),
        text_form=source_column("text_form", "full"),
        period_form=periods.map(lambda p: p.form),
    )
    obs["value_base"] = obs["value_number"] * obs["unit_used"].map(multiplier) + obs["unit_used"].map(offset)
    # Plot every figure in the indicator's own unit, so 1.27万家 and 4222家 share an axis, and 增长2倍 (an
    # increase) is drawn as the ratio 3 beside 是…的3.1倍.
    indicator_unit = obs["indicator"].map(indicators["unit"])
    obs["value_in_indicator_unit"] = (obs["value_base"] - indicator_unit.map(offset)) / indicator_unit.map(multiplier)
    obs["display"] = [as_published(v, s, q, u) for v, s, q, u in
                      zip(obs["value_text"], obs["unit_symbol"], obs["qualifier"], obs["unit_used"])]
    obs["display_printed"] = [as_published(v, s, q, u) for v, s, q, u in
                              zip(obs["value_printed"], obs["unit_printed_symbol"], obs["qualifier"], obs["unit"])]
    obs["kind_rank"] = obs["kind"].map({k: i for i, k in enumerate(KIND_ORDER)})
    obs["headline"] = headline_flags(obs)
    # Headline first within each period, so alternatives follow the figure they stand beside.
    obs["headline_rank"] = (~obs["headline"]).astype(int)
    # The home place first, then the place for comparison (the settings'), then the others by id.
    obs["entity_rank"] = obs["entity"].map({p: i for i, p in enumerate(lead_places)}).fillna(len(lead_places))
    order = ["indicator", "entity_rank", "entity", "period_end", "kind_rank", "headline_rank", "source_published",
             "source", "period"]
    return text_as_objects(obs.sort_values(order, kind="stable").reset_index(drop=True))
