"""The 目标进展 tracker: every headline target with the latest actual and its computed status."""
from __future__ import annotations

from datetime import date

import pandas as pd

from generator.model import SiteModel
from generator.targets import Figure, target_status

LINEAR_UNITS = {"percent", "percentage-point"}  # shares and rates change by points, not by compound growth


def _figure(row: pd.Series, index) -> Figure:
    return Figure(date.fromisoformat(row["period_end"]), float(row["value_base"]), row["qualifier"], row["period"],
                  row["display"], ref=index, deadline=row.get("deadline") or "stated")


def as_of(model: SiteModel) -> date:
    """The newest source on the site: 'the deadline has passed' means passed by what we know, not by the build date."""
    return date.fromisoformat(max(model.sources["published"]))


def target_rows(model: SiteModel) -> list[dict]:
    obs = model.observations
    headline = obs[obs["headline"]]
    reference = as_of(model)
    rows = []
    for index, target in headline[headline["kind"] == "target"].iterrows():
        same = headline[(headline["indicator"] == target["indicator"]) & (headline["entity"] == target["entity"])
                        & (headline["kind"] == "actual")]
        actuals = [_figure(r, i) for i, r in same.iterrows()]
        status = target_status(_figure(target, index), actuals, reference, target["base_unit"] in LINEAR_UNITS)
        latest = obs.loc[status.latest.ref].to_dict() if status.latest is not None else None
        explanation, explanation_en = status.explanation, status.explanation_en
        if target["deadline"] == "plan-period":
            explanation += "（原文未写截止时间，按所述规划期推定。）"
            explanation_en += " (The text gives no deadline; it is read from the plan period the text names.)"
        rows.append({"target": target.to_dict(), "status": status.code, "status_label": status.label,
                     "explanation": explanation, "explanation_en": explanation_en.strip(), "latest": latest,
                     "group": "未写明截止时间" if target["deadline"] == "none" else f"{target['period_end'][:4]}年"})
    # By deadline year, targets without a deadline last ("未…" sorts after the digits).
    return sorted(rows, key=lambda r: (r["group"], r["target"]["indicator"], r["target"]["entity"], r["target"]["period"]))
