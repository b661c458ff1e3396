"""Analysis: progress towards the 2030 targets, year by year (Eurostat / Statistics Canada).

Level targets follow the Eurostat / Statistics Canada method as open-sdg's `sdg-build`
implements it (`ProgressMeasure`, methodology 2, "given target value"):

* observed CAGR from the base year to the current year;
* required CAGR from the base year to the target in the target year;
* ratio = sign × direction × observed / |required| (sign -1 for a negative base,
  direction +1 when higher is better, -1 when lower is better);
* ≥ 0,95 on track, 0,60–0,95 moderate, 0–0,60 insufficient, < 0 moving away; the target
  counts as met as soon as the current value meets it.

Where a value is zero or negative no compound rate exists, so linear paces (change per
year) are compared instead, and the note says so. `sdg-build` replaces a zero base by
0,001; we do not, because a compound rate from 0,001 is meaningless for a count or a
share that starts at nothing.

Term totals (budget revenue, new party members over 2026-2030) compare the cumulative sum
with the straight-line path, target × years elapsed / years of the term. Every-year and
"maintain" conditions, and qualitative targets, check each year: one failed year marks
the target as not met from that year on.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..glossary import en, vi
from ..numbers import amount, format_vn

THRESHOLDS = (0.95, 0.60, 0.0)  # Eurostat / sdg-build defaults for methodology 2

# codes, and the labels the office reads (from the glossary)
ON, MODERATE, INSUFFICIENT, AWAY, MET, NOT_MET, NONE, REVIEW = (
    "on_track",
    "moderate",
    "insufficient",
    "away",
    "met",
    "not_met",
    "no_series",
    "review",  # a figure of the series looks mistyped: listed with its cell, not judged
)
# the glossary key of each category; the label of one row may be more precise (targets.progress_label)
GLOSSARY_KEY = {
    ON: "progress.on_track",
    MODERATE: "progress.moderate",
    INSUFFICIENT: "progress.insufficient",
    AWAY: "progress.away",
    MET: "progress.met",
    NOT_MET: "progress.not_met",
    NONE: "progress.no_series",
    REVIEW: "progress.review",
}
LABEL_VI = {code: vi(key) for code, key in GLOSSARY_KEY.items()}
LABEL_EN = {code: en(key) for code, key in GLOSSARY_KEY.items()}


def category(ratio: float) -> str:
    high, medium, low = THRESHOLDS
    if ratio >= high:
        return ON
    if ratio >= medium:
        return MODERATE
    if ratio >= low:
        return INSUFFICIENT
    return AWAY


def meets(value: float, target: float, higher_is_better: bool = True, strict: bool = False) -> bool:
    """Whether `value` meets `target`: at or past it, or strictly past it for '>' and '<'."""
    margin = (value - target) if higher_is_better else (target - value)
    return margin > 0 if strict else margin >= 0


def _cagr(v1: float, v0: float, t1: int, t0: int) -> float:
    return (v1 / v0) ** (1 / (t1 - t0)) - 1


def measure(
    base_year: int,
    base: float,
    current_year: int,
    current: float,
    target: float,
    higher_is_better: bool,
    target_year: int,
    strict: bool = False,
) -> dict:
    """Eurostat methodology 2 for one series; returns code, observed, required, ratio, linear.

    A strict target ('> 50', '< 5%') is met only past its threshold: 5% is not 'below 5%'.

    Examples
    --------
    Forest cover 41,77% (2025) -> 43,9% (2028), target 45% in 2030:
    observed (43,9/41,77)^(1/3) - 1 = 1,67%/yr, required (45/41,77)^(1/5) - 1 = 1,50%/yr,
    ratio 1,11: on track.
    """
    direction = 1 if higher_is_better else -1
    out = dict(code=NONE, observed=np.nan, required=np.nan, ratio=np.nan, linear=False)
    if meets(current, target, higher_is_better, strict):
        out["code"] = MET
    if current_year <= base_year:
        return out
    linear = base <= 0 or current <= 0 or target <= 0
    if linear:
        observed = (current - base) / (current_year - base_year)
        required = (target - base) / (target_year - base_year)
        ratio = direction * observed / abs(required) if required else math.copysign(math.inf, direction * observed)
    else:
        observed = _cagr(current, base, current_year, base_year)
        required = _cagr(target, base, target_year, base_year)
        sign = -1 if base < 0 else 1
        ratio = (
            sign * direction * observed / abs(required)
            if required
            else math.copysign(math.inf, direction * observed)
            if observed
            else 0.0
        )
    out.update(observed=observed, required=required, ratio=ratio, linear=linear)
    if out["code"] != MET:
        out["code"] = category(ratio)
    return out


def level_progress(
    series: pd.Series,
    base_year: int | None,
    base: float,
    target: float,
    higher_is_better: bool,
    target_year: int,
    strict: bool = False,
) -> tuple[dict, list[str]]:
    """A level to reach by the target year. `series`: year -> value, years after the baseline.

    Without a baseline of the same series (the poverty rate under the new standard starts
    in 2026), the first year of the series is its base.
    """
    notes = []
    if base_year is None or pd.isna(base):
        if series.empty:
            return dict(code=NONE), notes
        base_year, base = int(series.index[0]), float(series.iloc[0])
        series = series.iloc[1:]
        notes.append(f"Chuỗi bắt đầu năm {base_year} ({format_vn(base, 2)}): năm đầu tiên là số gốc của chuỗi.")
    if series.empty:
        result = measure(base_year, base, base_year, base, target, higher_is_better, target_year, strict)
        return result, notes
    current_year, current = int(series.index[-1]), float(series.iloc[-1])
    result = measure(base_year, base, current_year, current, target, higher_is_better, target_year, strict)
    if result["linear"] and result["code"] != MET:
        notes.append("Có giá trị bằng 0 hoặc âm nên so sánh tốc độ tuyến tính (mỗi năm), không dùng tăng trưởng kép.")
    return result, notes


def total_progress(
    series: pd.Series, target: float, first_year: int, years: int, unit: str = "", strict: bool = False
) -> tuple[dict, list[str]]:
    """A total over the term: the sum of the years with data against the straight-line path for those years.

    A year without data is not a zero: the path counts only the years that have a figure, and
    what each remaining year needs is left uncomputed until the missing years are filled.

    Returns
    -------
    (dict, list of str)
        ``code``, ``ratio``, ``cumulative``, ``path``, ``years_with_data`` ("2026, 2028"),
        ``missing_years`` ("2027"), ``need_per_year`` (NaN when met, at the term's end, or with a
        year missing), and the notes composed from them.

    Examples
    --------
    Budget 240 (2026), no form for 2027, 245 (2028), target 1.250 over 2026-2030: cumulative 485
    against 1.250 × 2 / 5 = 500 for the two years with data, ratio 0,97; need not computed.
    """
    if series.empty:
        return dict(code=NONE), []
    last = int(series.index[-1])
    have = [int(y) for y in series.index]
    missing = [y for y in range(first_year, last + 1) if y not in have]
    cumulative = float(series.sum())
    path = target * len(have) / years
    ratio = cumulative / path if path else math.nan
    remaining = years - (last - first_year + 1)
    met = meets(cumulative, target, True, strict)
    need = (target - cumulative) / remaining if remaining > 0 and not met and not missing else math.nan
    out = dict(
        code=MET if met else category(ratio),
        ratio=ratio,
        cumulative=cumulative,
        path=path,
        years_with_data=", ".join(map(str, have)),
        missing_years=", ".join(map(str, missing)),
        need_per_year=need,
    )
    return out, total_notes(out, unit)


def total_notes(result: dict, unit: str = "") -> list[str]:
    """The sentences of a term total, composed from its columns (never parsed back)."""
    years = result["years_with_data"]
    notes = [
        f"Lũy kế năm {years}: {amount(result['cumulative'], unit)}, bằng "
        f"{format_vn(result['ratio'] * 100, 1)}% mức cần đạt theo lộ trình đều ({amount(result['path'], unit)})."
    ]
    if result["missing_years"]:
        notes.append(
            f"Thiếu số liệu năm {result['missing_years']} (không tính là 0); chưa tính được mức cần đạt mỗi năm còn lại."
        )
    elif not math.isnan(result["need_per_year"]):
        notes.append(f"Mỗi năm còn lại cần bình quân {amount(result['need_per_year'], unit)}.")
    return notes


def every_year_progress(series: pd.Series, meets) -> tuple[dict, list[str]]:
    """A condition to hold each year: one failed year marks the target not met from then on."""
    if series.empty:
        return dict(code=NONE), []
    failed = [int(y) for y, v in series.items() if not meets(v)]
    if failed:
        return dict(code=NOT_MET), ["Không đạt năm " + ", ".join(map(str, failed)) + "."]
    first, last = int(series.index[0]), int(series.index[-1])
    return dict(code=ON), [f"Đạt năm {last}." if first == last else f"Đạt mọi năm {first}-{last}."]


# The lagging categories, worst first: the order in which a report names them.
BEHIND = (AWAY, NOT_MET, INSUFFICIENT, MODERATE)


def behind_first(gaps: pd.DataFrame) -> pd.DataFrame:
    """The lagging targets of a gaps table (a verdict of BEHIND; at the baseline, 'not_met'), furthest
    behind first by the one comparable measure, `gap_share` (the share of the way from the baseline
    to the target still to go, targets.py). The narrative, the notebooks and the Word report all
    name the first row as furthest behind."""
    code = gaps.verdict_code if "verdict_code" in gaps.columns else gaps.on_track_code
    behind = gaps[code.isin(BEHIND)]
    # ties (every target not met at the start of the term has its whole way to go, 100%): the larger
    # share of its 2030 level still to go first ((9) 17,68 of 85 points before (4) 1 of 6 cooperatives)
    level = behind.implied_end_level.fillna(behind.target) if "implied_end_level" in behind else behind.target
    of_level = (behind.gap / level.where(level != 0)).fillna(0)
    return (
        behind.assign(_of_level=of_level)
        .sort_values(["gap_share", "_of_level"], ascending=False, na_position="last", kind="stable")
        .drop(columns="_of_level")
    )
