"""Analysis: where each 2030 target would end if the pace so far goes on ("với tốc độ hiện nay, đến năm
2030 ước đạt …"), the estimate a paper sent upward gives instead of the ratio of paces.

A level (and an "add N" target, as the level it implies): the value in the target year if the
average yearly change from the series' base to the latest year goes on: compound where both
ends are positive (the same rule as the pace comparison in `progress.measure`), linear
otherwise; a percentage stays within 0-100. The base is the 2025 baseline when the target is
judged against it, else the first year of the series (as `gap_table` does). A term total:
the average of the years with data times the term's years; a yearly average: that average.
Every-year, maintain and qualitative targets, a target already met, one not judged and one with
no yearly figure get no estimate (NaN).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import progress as pg
from .target_progress import yearly_series

LEVELS = ("level_2030", "additional_2026_2030")
TERM = ("total_2026_2030", "annual_average_2026_2030")


def pace_projection(series: pd.Series, base_year: int | None, base: float, target_year: int, unit: str = "") -> float:
    """The value in `target_year` if the pace from (`base_year`, `base`) to the last point of `series` goes on.

    Examples
    --------
    Forest cover 41,774% (2025) -> 43,5% (2028): 43,5 × (43,5 / 41,774)^(2/3) = 44,69% in 2030.
    """
    if base_year is None or pd.isna(base):
        if len(series) < 2:
            return np.nan
        base_year, base, series = int(series.index[0]), float(series.iloc[0]), series.iloc[1:]
    if series.empty:
        return np.nan
    year, current = int(series.index[-1]), float(series.iloc[-1])
    done, left = year - base_year, target_year - year
    if done <= 0 or left < 0:
        return np.nan
    if base > 0 and current > 0:
        value = current * (current / base) ** (left / done)
    else:
        value = current + (current - base) / done * left
    value = max(value, 0.0)
    return min(value, 100.0) if unit == "%" else value


def projected_end(gaps: pd.DataFrame, table: pd.DataFrame) -> pd.Series:
    """Each target's estimate for its target year at the pace so far, aligned with `gaps` (NaN: none).

    Parameters
    ----------
    gaps : DataFrame
        From `targets.gap_table(raw, table, as_of=year)`: the series are read up to its `current_year`.
    table : DataFrame
        The merged table the gaps were computed from (`reconcile.reconcile(raw)`).

    Returns
    -------
    Series of float, named ``projected_end``, in the target's unit: a level for a level target, the
    term's total for a term total, the yearly average for a yearly-average target.
    """
    out = pd.Series(np.nan, index=gaps.index, name="projected_end", dtype=float)
    for i, g in gaps.iterrows():
        if g.on_track_code in (pg.MET, pg.NONE, pg.REVIEW):
            continue
        if g.horizon in TERM and not pd.isna(g.cumulative) and g.years_with_data:
            average = g.cumulative / len(str(g.years_with_data).split(","))
            years = int(g.target_year) - int(g.baseline_year)
            out[i] = average * years if g.horizon == "total_2026_2030" else average
            continue
        if g.horizon not in LEVELS:
            continue
        rows = table[(table.merged_commune_id == g.commune_id) & (table.indicator_id == g.indicator_id)]
        series, _, _ = yearly_series(list(rows.itertuples()), int(g.current_year), int(g.baseline_year))
        same_series = (
            g.status_code != "not_comparable"
            and str(g.baseline_period) == str(g.baseline_year)
            and not g.baseline_lower_bound
            and not pd.isna(g.baseline)
        )
        out[i] = pace_projection(
            series,
            int(g.baseline_year) if same_series else None,
            float(g.baseline) if same_series else np.nan,
            int(g.target_year),
            g.unit,
        )
    return out.round(6)


def end_level(g) -> float:
    """The level a target asks for in its target year: the end level an "add N" target implies (5
    cooperatives + 1 = 6), else the target itself (a level, the term's total, the yearly average)."""
    return g.implied_end_level if g.horizon == "additional_2026_2030" else g.target


def reaches_target(g, projected: float) -> bool | None:
    """Whether the estimate at the pace so far reaches the target (strictly past it for '>' and '<');
    None where there is no estimate or no level to reach.

    Examples
    --------
    Budget: 1.241,67 triệu over the term against 1.250 or more: False; forest cover 44,69% against 45%: False.
    """
    level = end_level(g)
    if pd.isna(projected) or pd.isna(level):
        return None
    return pg.meets(projected, level, not g.lower_is_better, strict=g.comparator in (">", "<"))


def still_to_go(gaps: pd.DataFrame) -> pd.Series:
    """What remains from the latest figure to the 2030 target, aligned with `gaps` (the mid-term review).

    Positive = still to go, in the target's unit, whatever the direction: target - current for a level
    to raise, current - target for one to bring down (poverty), target - cumulative for a term total;
    0 once met. NaN for every-year, maintain and qualitative targets and where a figure is missing.

    Examples
    --------
    Forest cover 43,5% in 2028, target 45%: 1,5 points; budget 745 of 1.250 triệu: 505 triệu.
    """
    out = pd.Series(np.nan, index=gaps.index, name="still_to_go", dtype=float)
    for i, g in gaps.iterrows():
        if g.horizon == "total_2026_2030":
            done = g.cumulative
        elif g.horizon in LEVELS and not pd.isna(g.current_value) and g.on_track_code != pg.NONE:
            done = g.current_value
        else:
            continue
        level = end_level(g)
        if pd.isna(done) or pd.isna(level):
            continue
        out[i] = max((done - level) if g.lower_is_better else (level - done), 0.0)
    return out.round(6)
