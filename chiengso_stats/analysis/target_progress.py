"""Analysis: each 2030 target's progress as of a year, from its yearly series (the columns of the gaps table).

`gap_table` (targets.py) finds each target's baseline; here its yearly figures after the baseline
year are read (merged, else reported), judged by the Eurostat method or the term-total and
every-year rules of `progress.py`, and written into the target's row as columns: current value,
share of the target, cumulative sum and path, need per remaining year, next year's level, and
the category as the row reads it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..glossary import lower_first, vi
from ..ingest.schemas import Term
from ..numbers import amount, format_vn
from . import progress as pg
from .progress import LABEL_EN, LABEL_VI, every_year_progress, level_progress, total_progress
from .reconcile import merged_or_reported


def is_missing(value) -> bool:
    return value is None or pd.isna(value)


def yearly_series(rows: list, as_of: int | None, baseline_year: int) -> tuple[pd.Series, bool, str]:
    """year -> value of an indicator after the baseline year (merged, else the figure for the new commune).

    Also whether every figure used is verified, and the sources of those that are not: a yearly
    figure from a `record` source makes the target's row unverified, as its baseline would.
    """
    points, verified, unverified = {}, True, set()
    for r in sorted((r for r in rows if len(r.period) == 4 and r.period.isdigit()), key=lambda r: int(r.period)):
        year = int(r.period)
        value = merged_or_reported(r.merged, r.reported)
        if year > baseline_year and (as_of is None or year <= as_of) and not is_missing(value):
            if year not in points:  # the first row of a year, as before
                points[year] = float(value)
                if not bool(r.verified):
                    verified = False
                    unverified.add(str(r.sources if not is_missing(r.merged) else r.reported_source_id))
    return pd.Series(points, dtype=float), verified, "; ".join(sorted(unverified))


def _share(value: float, level: float, lower_is_better: bool) -> float:
    """Where the value stands against the target, in % (100 = met); inverted when lower is better."""
    if pd.isna(value) or pd.isna(level) or not level:
        return np.nan
    return (level / value * 100 if value else np.nan) if lower_is_better else value / level * 100


def progress_into(row, t, series: pd.Series, kind: str, lower_is_better: bool, base_2025: float, term: Term) -> None:
    """Progress as of the latest year in `series` (years after the term's baseline year), into `row`.

    With no yearly figure yet, nothing is judged: on_track stays 'Chưa đủ số liệu để đánh giá'.
    """
    target = t.target
    level = row["implied_end_level"] if t.horizon == "additional_2026_2030" else target
    row["current_value"] = series.iloc[-1] if len(series) else base_2025
    row["current_year"] = int(series.index[-1]) if len(series) else term.baseline_year
    if kind != "qualitative" and t.horizon not in ("total_2026_2030", "annual_average_2026_2030"):
        # "So với chỉ tiêu (%)" means something for a level or a yearly level only: an "add N" target or a
        # count to maintain would read 83,3% or 100% with nothing done (legend.share_level says so under the table)
        if t.horizon in ("level_2030", "every_year"):
            row["share_of_target"] = _share(row["current_value"], level, lower_is_better)
        if t.horizon not in ("every_year", "maintain"):  # a level to reach: the next year's step on the way
            row["next_year_level"] = next_level(row["current_value"], level, row["current_year"], term.target_year)
    if series.empty:
        return
    failed = []  # the years an every-year condition failed, for the row's label
    row["years_with_data"] = ", ".join(str(int(y)) for y in series.index)
    strict = t.comparator in (">", "<")
    if kind == "qualitative":
        result, notes = every_year_progress(series, lambda v: v == 1)
        failed = [y for y, v in series.items() if v != 1]
    elif t.horizon in ("every_year", "maintain"):

        def ok(v):
            return pg.meets(v, target, not lower_is_better, strict)

        result, notes = every_year_progress(series, ok)
        failed = [y for y, v in series.items() if not ok(v)]
    elif t.horizon in ("total_2026_2030", "annual_average_2026_2030"):
        total = target if t.horizon == "total_2026_2030" else target * term.years  # an average implies a total
        result, notes = total_progress(series, total, term.first_year, term.years, t.unit, strict)
        if t.horizon == "total_2026_2030":  # how much of the term's total is done
            row["share_of_target"] = result["cumulative"] / total * 100
        else:  # a yearly average: the average of the years with data against it (260 against 250: 104%)
            row["share_of_target"] = result["cumulative"] / len(series) / target * 100
        row.update({k: result[k] for k in ("cumulative", "path", "years_with_data", "missing_years", "need_per_year")})
    elif pd.isna(level):
        result, notes = dict(code=pg.NONE), []
    else:
        result, notes = level_progress(
            series,
            term.baseline_year if not pd.isna(base_2025) else None,
            base_2025,
            level,
            not lower_is_better,
            term.target_year,
            strict,
        )
        row["observed_annual_growth"] = result.get("observed", np.nan)
        if t.horizon == "additional_2026_2030":
            notes.insert(0, f"So với mức cần đạt năm {term.target_year}: {format_vn(level)} {t.unit}.")
    code = result["code"]
    label = progress_label(code, t, series, lower_is_better, base_2025, failed, term.baseline_year)
    if failed:  # the label says each year; the note says it once, the same way
        notes = [f"{label}."]
    if code == pg.AWAY:  # which way, against which year: "Giảm so với năm 2025"
        year = term.baseline_year if not pd.isna(base_2025) else int(series.index[0])
        notes.insert(0, vi("progress.away_up" if lower_is_better else "progress.away_down", year=year) + ".")
    row.update(
        on_track_code=code,
        on_track=label,
        on_track_en=LABEL_EN[code],
        on_track_ratio=result.get("ratio", np.nan),
        progress_note_vi=" ".join(notes),
    )


def progress_label(
    code: str, t, series: pd.Series, lower_is_better: bool, base_2025: float, failed: list, baseline_year: int
) -> str:
    """The category as one row reads it: its one name, and for a failed every-year target each year
    ("Năm 2028 đạt; năm 2027 không đạt (88%)")."""
    if code == pg.NOT_MET and failed:
        return every_year_words(series, failed, t.unit)
    return LABEL_VI[code]  # one name per state: the direction of a move away is in the note


def every_year_words(series: pd.Series, failed: list, unit: str) -> str:
    """An every-year target that failed some year, each year said: the latest year first, then every
    failed year with its value.

    Examples
    --------
    (17a) 90% every year: 92% (2026), 88% (2027), 91% (2028):
    'Năm 2028 đạt; năm 2027 không đạt (88%)'.
    """

    def said(y) -> str:
        v = series[y]
        if unit == "định tính" or pd.isna(v):
            return vi("progress.year_not_met", year=y)
        return vi("progress.year_not_met_value", year=y, value=f"{format_vn(v)}%" if unit == "%" else amount(v, unit))

    latest, failed = int(series.index[-1]), sorted((int(y) for y in failed), reverse=True)
    earlier = "; ".join(lower_first(said(y)) for y in failed if y != latest)
    if latest in failed and not earlier:
        return said(latest)
    result = said(latest).split(" ", 2)[2] if latest in failed else "đạt"
    return vi("progress.not_met_years", year=latest, result=result, others=earlier)


def next_level(current: float, level: float, year: int, target_year: int) -> float:
    """The level the year after `year` needs, on the even path from `current` to `level` in `target_year`.

    Compound where both ends are positive, linear otherwise; NaN from the target year on.

    Examples
    --------
    Forest cover 43,5% in 2028, target 45% in 2030: 43,5 × (45 / 43,5)^(1/2) = 44,24% in 2029.
    """
    left = target_year - year
    if left <= 0 or pd.isna(current) or pd.isna(level):
        return np.nan
    if current > 0 and level > 0:
        return current * (level / current) ** (1 / left)
    return current + (level - current) / left
