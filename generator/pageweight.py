"""Page weight (issue 11, issue 14's large series): a page stays under the budget whatever its number of figures.

A page that fits is published whole, as before. A page that would not fit lists the figures a reader comes for
and says plainly how many more there are and where they are. The rest is in the downloads (the indicator's CSV and
Excel file, which carry every column, the quote and the source included), not on continuation pages: the issue asks
for "the full data one click away in the downloads", a download holds more than a table row shows, and paged
continuation pages would multiply the pages MkDocs renders and indexes (1,000 indicators of 200 figures would
add thousands of pages) against the build-time budget.

Everything is measured in bytes of the Markdown page the generator writes: mkdocs-material adds a frame of about
15 KB around it (header, navigation, footer, scripts: 14.7 KB on this site), and raw HTML passes through as it is.
The cut is computed from the rendered rows themselves, so it is exact and deterministic (same inputs, same cut).
"""
from __future__ import annotations

from dataclasses import dataclass

import jinja2
import pandas as pd
from markupsafe import Markup

from generator.i18n import ZH, Language
from generator.pages import tier_labels

PAGE_BUDGET = 60_000  # bytes of HTML per page (issue 11)
THEME_FRAME = 16_000  # what the theme adds around a page's Markdown (measured: 14.7 KB), with room to spare
MARKDOWN_BUDGET = PAGE_BUDGET - THEME_FRAME
INLINE_SVG_MAX = 16_000  # a larger static chart (hundreds of points) is linked as an image, not inlined
TABLE = "_observations_table.html.j2"
MIN_ROW_BYTES = 300  # no figure's table row is shorter (measured: 480 bytes and more)


@dataclass(frozen=True)
class Cut:
    """Which rows a page lists: `shown` (the frame's index, in the page's order) and how many it leaves out."""
    shown: pd.Index
    more: int

    @property
    def cut(self) -> bool:
        return self.more > 0


def row_bytes(env: jinja2.Environment, root: str, records: list[dict], template: str = TABLE,
              row_start: str = "<tr class=\"kind-", lang: Language = ZH, **flags) -> list[int]:
    """The bytes each record's table row takes on the page (in the page's language)."""
    return weights_of(table_rows(env, root, records, template, row_start, lang, **flags))


def weights_of(rows: list[str]) -> list[int]:
    """The bytes each rendered row takes on the page, its line's end included."""
    return [len(row.encode("utf-8")) + 1 for row in rows]


def table_rows(env: jinja2.Environment, root: str, records: list[dict], template: str = TABLE,
               row_start: str = "<tr class=\"kind-", lang: Language = ZH, **flags) -> list[str]:
    """Each record's table row as the page shows it (in the page's language): the table rendered once, one line
    per row. A page that measured them shows them as they are (rows_html), instead of rendering them again."""
    context = {"observations": records} if template == TABLE else {"latest_rows": records, "more_count": 0,
                                                                      "own_csv": ""}
    html = env.get_template(template).render(root=root, data_root=root + ("../" if lang.prefix else ""), L=lang,
                                             tier_label=tier_labels(lang), **context, **flags)
    rows = [line for line in html.split("\n") if line.startswith(row_start)]
    assert len(rows) == len(records), "one table row per line"
    return rows


# A page listing its rows in order (in_order) can show at most this many: rows take MIN_ROW_BYTES or more. Only
# these are made and measured; the rest count as MIN_ROW_BYTES each, which changes no cut (in_order keeps the longest
# first rows that fit, whose weights are all measured), and a source of 20,000 figures is not rendered whole.
MOST_ROWS_IN_ORDER = MARKDOWN_BUDGET // MIN_ROW_BYTES + 1


def with_unmeasured_rest(measured: list[int], total: int) -> list[int]:
    """Weights of `total` rows of which the first are `measured`, the rest taken at their least (MIN_ROW_BYTES)."""
    return measured + [MIN_ROW_BYTES] * (total - len(measured))


def rows_html(rows: list[str], shown) -> Markup:
    """The rows at positions `shown`, as the table's body (each row a line): they were rendered escaped."""
    return Markup("".join(rows[i] + "\n" for i in shown))


def newest_first(frame: pd.DataFrame, weights: list[int], excess: int) -> Cut:
    """Leaves out the oldest slots, all their figures together, until `excess` bytes are saved: every place keeps
    its newest periods (each place's latest period, then each one's period before, …; the main place first, as
    the frame is ordered); each place's newest period, then periods with several figures, stay longest. A slot with several figures weighs
    twice: they are also listed under 同一时期的不同数字."""
    # Plain Python over the rows: a page of 200 figures, 1,000 times over, spent most of this in pandas' machinery.
    # A figure's slot, as series.headline_flags and series.versions group them: place, period end, reported or
    # target, and the span for totals over spans. A slot's figures (the headline and its alternatives) stay together.
    columns = (frame[c].tolist() for c in ("indicator", "entity", "period_end", "kind", "period"))
    keys = [f"{i}\0{e}\0{end}\0{'target' if k == 'target' else 'reported'}\0{p if '/' in p else ''}"
            for i, e, end, k, p in zip(*columns)]
    total: dict[str, int] = {}
    size: dict[str, int] = {}
    place: dict[str, tuple[str, str]] = {}  # in the page's order: place rank, then period
    for key, weight, indicator, entity in zip(keys, weights, frame["indicator"].tolist(), frame["entity"].tolist()):
        total[key] = total.get(key, 0) + weight
        size[key] = size.get(key, 0) + 1
        place.setdefault(key, (indicator, entity))
    slots = list(place)
    per_place: dict[tuple[str, str], int] = {}
    for key in slots:
        per_place[place[key]] = per_place.get(place[key], 0) + 1
    seen: dict[tuple[str, str], int] = {}
    rank = {}
    for order, key in enumerate(slots):
        seen[place[key]] = seen.get(place[key], 0) + 1
        recency = per_place[place[key]] - seen[place[key]]  # 0 for the place's newest period
        rank[key] = (recency > 0, size[key] < 2, recency, order)
    last_first = sorted(slots, key=rank.__getitem__, reverse=True)
    saved, count = 0, 0
    for key in last_first:
        saved += total[key] * min(size[key], 2)
        count += saved < excess
    dropped = set(last_first[:count + 1][:len(last_first) - 1])  # at least one slot stays
    shown = frame.index[[key not in dropped for key in keys]]
    return Cut(shown, len(frame) - len(shown))


def in_order(frame: pd.DataFrame, weights: list[int], excess: int) -> Cut:
    """Leaves out the last rows in the page's own order until `excess` bytes are saved (a source page reads as the
    document does)."""
    saved = pd.Series(weights[::-1]).cumsum()
    drop = min(int((saved < excess).sum()) + 1, len(frame) - 1)
    return Cut(frame.index[:len(frame) - drop], drop)


def fit(render, choose, frame: pd.DataFrame, weights) -> tuple[str, Cut]:
    """The page, rendered whole if it fits MARKDOWN_BUDGET; otherwise with the rows `choose(frame, weights, excess)`
    keeps, `excess` being what the page weighs beyond the budget (measured, then measured again). `weights` may be
    a function giving them: most pages fit, and measuring rows means rendering the table once more."""
    cut, total = Cut(frame.index, 0), 0
    if len(frame) * MIN_ROW_BYTES > MARKDOWN_BUDGET:  # likely too long: measure the rows before rendering it whole
        weights = weights() if callable(weights) else weights
        if sum(weights) > MARKDOWN_BUDGET:  # the rows alone are over: the page cannot fit, the rest of it adds more
            total = sum(weights) - MARKDOWN_BUDGET
            cut = choose(frame, weights, total)
    page = render(cut)
    excess = len(page.encode("utf-8")) - MARKDOWN_BUDGET
    total += max(excess, 0)
    for _ in range(8):  # each pass measures what is left over; one or two passes are the rule
        if excess <= 0 or len(cut.shown) <= 1:
            break
        weights = weights() if callable(weights) else weights
        cut = choose(frame, weights, total)
        page = render(cut)
        excess = len(page.encode("utf-8")) - MARKDOWN_BUDGET
        total += max(excess, 0)
    return page, cut
