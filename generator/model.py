"""The site's model: validated tables joined into frames that pages, charts and downloads read."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.load import Package
from generator.numbers import KIND_LABEL, QUALIFIER_LABEL, as_published, plain
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
        return self.observations[self.observations["indicator"] == indicator_id]

    def source_observations(self, source_id: str) -> pd.DataFrame:
        return self.observations[self.observations["source"] == source_id]


def _frame(table, index: str | None = "id") -> pd.DataFrame:
    frame = pd.DataFrame([row for _, row in table.rows], columns=list(table.header), dtype="string").fillna("")
    return frame.set_index(index, drop=False).rename_axis(None) if index else frame


def build_model(loaded: list[LoadedPackage], lead_places: tuple[str, ...] = ()) -> SiteModel:
    """The site's model; lead_places (the settings' home and comparison places) are listed first, in order."""
    first = loaded[0].tables
    indicators, entities, units, themes = (_frame(first[n]) for n in ("indicators", "entities", "units", "themes"))
    sources = pd.concat([_frame(p.tables["sources"]).assign(package=p.package.id) for p in loaded])
    frames = [_frame(p.tables["observations"], index=None).assign(package=p.package.id) for p in loaded]
    observations = _enrich(pd.concat(frames, ignore_index=True), indicators, entities, units, sources, lead_places)
    return SiteModel(observations, indicators, entities, units, themes, sources, tuple(loaded))


def _enrich(obs: pd.DataFrame, indicators, entities, units, sources, lead_places=()) -> pd.DataFrame:
    periods = obs["period"].map(parse_period)
    multiplier = units["multiplier"].astype(float)
    obs = obs.assign(
        value_number=obs["value"].astype(float),
        value_text=obs["value"].map(plain),
        period_label=periods.map(lambda p: p.label()),
        period_end=periods.map(lambda p: p.end_date.isoformat()),
        year=periods.map(lambda p: p.end_year),
        indicator_name=obs["indicator"].map(indicators["name_zh"]),
        entity_name=obs["entity"].map(entities["name_zh"]),
        unit_symbol=obs["unit"].map(units["symbol_zh"]),
        base_unit=obs["unit"].map(units["base_unit"]),
        kind_label=obs["kind"].map(KIND_LABEL),
        qualifier_label=obs["qualifier"].map(QUALIFIER_LABEL),
        source_title=obs["source"].map(sources.drop_duplicates("id").set_index("id")["title"]),
        source_published=obs["source"].map(sources.drop_duplicates("id").set_index("id")["published"]),
        tier=obs["source"].map(sources.drop_duplicates("id").set_index("id")["tier"]),
        period_form=periods.map(lambda p: p.form),
    )
    obs["value_base"] = obs["value_number"] * obs["unit"].map(multiplier)
    # Plot every figure in the indicator's own unit, so 1.27万家 and 4222家 share an axis.
    indicator_multiplier = obs["indicator"].map(indicators["unit"]).map(multiplier)
    obs["value_in_indicator_unit"] = obs["value_base"] / indicator_multiplier
    obs["display"] = [as_published(v, u, q) for v, u, q in zip(obs["value_text"], obs["unit_symbol"], obs["qualifier"])]
    obs["kind_rank"] = obs["kind"].map({k: i for i, k in enumerate(KIND_ORDER)})
    obs["headline"] = headline_flags(obs)
    # Headline first within each period, so alternatives follow the figure they stand beside.
    obs["headline_rank"] = (~obs["headline"]).astype(int)
    # The home place first, then the place for comparison (the settings'), then the others by id.
    obs["entity_rank"] = obs["entity"].map({p: i for i, p in enumerate(lead_places)}).fillna(len(lead_places))
    order = ["indicator", "entity_rank", "entity", "period_end", "kind_rank", "headline_rank", "source_published",
             "source", "period"]
    return obs.sort_values(order, kind="stable").reset_index(drop=True)
