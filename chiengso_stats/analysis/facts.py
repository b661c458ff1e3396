"""Analysis: the table of facts, every figure and verdict of the targets told once, as the papers print it.

One row per merged commune, target and year (the baseline year, then each year of the term up to
`as_of`). Each row holds the value with its unit, bound and origin, the value as published
(rounded by its unit's rule, units.csv) and as text ("41,77", "ít nhất 1", "Đạt", "…", "-"), and the
target's state as of `as_of`: the share of the target and the way still to go, as published, the
one verdict (code, Vietnamese, English) and the note. The yearly table, the Word report, Phụ lục 03,
the notebooks and the CLI render these columns and compute nothing of their own, so no two papers
can tell a figure, a rounding or a verdict differently (tests/test_one_truth.py reads them back).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..glossary import NO_DATA, NOT_APPLICABLE, target_no, vi
from ..ingest.raw import RawData
from ..numbers import format_vn, is_count, rounded
from .reconcile import as_raw, merged_or_reported, reconcile
from .targets import TERM_HORIZONS, gap_table

QUALITATIVE_UNIT = "định tính"
SHARE_DECIMALS = 1  # "So với chỉ tiêu (%)" is published to one decimal: 96,7


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def shown(value, unit: str) -> float:
    """A value as published: a count whole (by its unit's rule), a measure to its decimals; NaN stays NaN."""
    if _missing(value):
        return np.nan
    if unit == QUALITATIVE_UNIT:
        return float(value)
    if is_count(unit):
        return float(round(float(value)))  # a count observed is whole already; rounding up is for needs
    return rounded(value, unit)


def value_text(value, unit: str, bound: str = "") -> str:
    """A value as every paper prints it: '41,77', 'ít nhất 1', 'trên 685', 'Đạt', '…' (no data)."""
    if _missing(value):
        return NO_DATA
    if unit == QUALITATIVE_UNIT:
        return vi("result.achieved") if value == 1 else vi("result.not_achieved")
    text = format_vn(shown(value, unit))
    if bound == "at_least":
        return vi("word.at_least", x=text)
    if bound == "above":
        return f"trên {text}"
    return text


def baseline_bound(g) -> str:
    return "at_least" if bool(g.baseline_lower_bound) and not _missing(g.baseline) else ""


def baseline_text(g) -> str:
    """A target's baseline as published: '-' for a total or average over the term (the last term is a
    reference, said in words), '…' where there is none or it is of another standard."""
    if g.horizon in TERM_HORIZONS:
        return NOT_APPLICABLE
    return value_text(g.baseline, g.unit, baseline_bound(g))


def baseline_shown(g):
    """The baseline cell of a workbook: the published number, else its text."""
    text = baseline_text(g)
    if text in (NO_DATA, NOT_APPLICABLE) or g.unit == QUALITATIVE_UNIT or baseline_bound(g):
        return text
    return shown(g.baseline, g.unit)


def share_shown(g) -> float:
    """'So với chỉ tiêu (%)' as published, one decimal (96,67 is 96,7 everywhere); NaN where unknown."""
    return np.nan if _missing(g.share_of_target) else round(float(g.share_of_target) + 0.0, SHARE_DECIMALS)


def share_text(g) -> str:
    """'So với chỉ tiêu (%)' as text: '-' where it means nothing (legend.share_level), '…' where unknown."""
    if g.unit == QUALITATIVE_UNIT or g.horizon in ("additional_2026_2030", "maintain"):
        return NOT_APPLICABLE
    value = share_shown(g)
    return NO_DATA if _missing(value) else format_vn(value, SHARE_DECIMALS)


def gap_text(g) -> str:
    """'Còn phải thực hiện': '-' where nothing remains or the question does not arise (a statement, a
    target met), '…' where it is not known."""
    if g.unit == QUALITATIVE_UNIT or g.comparator == "maintain":
        return NOT_APPLICABLE
    if _missing(g.gap):
        return NOT_APPLICABLE if g.verdict_code == "met" else NO_DATA
    if g.gap == 0:
        return NOT_APPLICABLE  # met or passed: never a negative remainder
    return format_vn(rounded(g.gap, g.unit) if is_count(g.unit) else shown(g.gap, g.unit))


def per_year_text(g) -> str:
    """'Bình quân cần đạt mỗi năm': a count needed rounded up (0,2 hợp tác xã a year: 1), '-' when met."""
    if g.unit == QUALITATIVE_UNIT or g.comparator == "maintain" or g.verdict_code == "met":
        return NOT_APPLICABLE
    if _missing(g.required_annual_change):
        return NO_DATA
    return format_vn(rounded(g.required_annual_change, g.unit))


def _yearly(table: pd.DataFrame) -> dict[tuple[str, str, int], tuple[float, str]]:
    """(merged commune, indicator, year) -> (value, origin) of the term's single years."""
    t = table[table.period.str.fullmatch(r"\d{4}")]
    value = merged_or_reported(t.merged, t.reported)
    origin = np.where(t.merged.notna(), "merged", np.where(t.reported.notna(), "reported", ""))
    out = {}
    for key in zip(t.merged_commune_id, t.indicator_id, t.period.astype(int), value, origin):
        out.setdefault(key[:3], (key[3], key[4]))
    return out


COLUMNS = [
    "commune_id",
    "target_id",
    "indicator_id",
    "name_vi",
    "year",
    "role",
    "unit",
    "value",
    "bound",
    "origin",
    "value_shown",
    "value_text",
    "reference_vi",
    "share_of_target",
    "share_text",
    "gap",
    "gap_text",
    "gap_share",
    "verdict_code",
    "verdict",
    "verdict_en",
    "note_vi",
]


def facts(gaps: pd.DataFrame, table: pd.DataFrame, years: list[int] | None = None) -> pd.DataFrame:
    """The table of facts: one row per merged commune, target and year.

    Parameters
    ----------
    gaps : DataFrame
        `targets.gap_table(raw, table, as_of=...)`: the targets' state as of that year.
    table : DataFrame
        The merged table (`reconcile.reconcile`), for the yearly figures.
    years : list of int, optional
        The term's years to list after the baseline year (default: those up to each target's
        current year).

    Returns
    -------
    DataFrame
        ``commune_id``, ``target_id``, ``indicator_id``, ``name_vi`` ("(5) Tỷ lệ che phủ rừng …", the one
        name every paper uses), ``year`` (int), ``role`` ('baseline' for the baseline year, 'year'
        after it), ``unit``; the value: ``value`` (float, in ``unit``; 1/0 for a statement), ``bound``
        ('' exact, 'at_least' a sum of the known parts), ``origin`` ('merged' from the former communes,
        'reported' printed or entered for the new commune, 'baseline' the gaps' baseline), ``value_shown``
        (rounded as published: 2 decimals, a count whole), ``value_text`` (as printed: '41,77',
        'ít nhất 1', 'Đạt', '…' no data, '-' not applicable); the target as of the gaps' year (the same on
        each of its rows): ``reference_vi`` (the last term's figure, in words, never a baseline),
        ``share_of_target`` (%) and ``share_text`` (one decimal: '96,7'), ``gap`` (still to go, in
        ``unit``) and ``gap_text``, ``gap_share`` (% of the way from the baseline still to go),
        ``verdict_code`` / ``verdict`` / ``verdict_en`` (the one verdict) and ``note_vi``.
    """
    yearly = _yearly(table)
    rows = []
    for g in gaps.itertuples():
        common = dict(
            commune_id=g.commune_id,
            target_id=g.target_id,
            indicator_id=g.indicator_id,
            name_vi=f"{target_no(g.target_id)} {g.description_vi}",
            unit=g.unit,
            reference_vi=g.reference_vi,
            share_of_target=g.share_of_target,
            share_text=share_text(g),
            gap=g.gap,
            gap_text=gap_text(g),
            gap_share=g.gap_share,
            verdict_code=g.verdict_code,
            verdict=g.verdict,
            verdict_en=g.verdict_en,
            note_vi=" ".join(x for x in (g.note_vi, g.progress_note_vi) if x),
        )
        base = np.nan if g.horizon in TERM_HORIZONS else g.baseline
        rows.append(
            dict(
                common,
                year=int(g.baseline_year),
                role="baseline",
                value=base,
                bound=baseline_bound(g),
                origin="" if _missing(base) else "baseline",
                value_shown=np.nan if baseline_bound(g) else shown(base, g.unit),
                value_text=baseline_text(g),
            )
        )
        last = int(g.current_year) if years is None else max(years, default=int(g.baseline_year))
        for y in range(int(g.baseline_year) + 1, last + 1):
            value, origin = yearly.get((g.commune_id, g.indicator_id, y), (np.nan, ""))
            rows.append(
                dict(
                    common,
                    year=y,
                    role="year",
                    value=value,
                    bound="",
                    origin=origin,
                    value_shown=shown(value, g.unit),
                    value_text=value_text(value, g.unit),
                )
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def facts_table(
    raw_dir: str | Path | RawData | None = None, as_of: int | None = None, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The table of facts of every target, as every paper prints it (see `facts` for the columns).

    Parameters
    ----------
    raw_dir : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.
    as_of : int, optional
        The year the targets are judged as of (default: the latest year with data).
    table : DataFrame, optional
        The merged table, when already computed by `merged`.

    Returns
    -------
    DataFrame
        One row per merged commune, target and year: ``value``, ``bound``, ``origin``, ``value_text``,
        ``share_text``, ``gap_text``, ``verdict_code`` / ``verdict`` and ``note_vi`` among them.

    Examples
    --------
    >>> f = facts_table().set_index(["target_id", "year"])
    >>> f.loc[("5", 2025), "value_text"], f.loc[("6b", 2025), "value_text"], f.loc[("1", 2025), "gap_text"]
    ('41,77', 'ít nhất 1', '1.250')
    """
    raw = as_raw(raw_dir)
    table = reconcile(raw) if table is None else table
    return facts(gap_table(raw, table, as_of=as_of), table)


def restated(gaps: pd.DataFrame) -> dict[str, str]:
    """{row's target_id: the target it restates}: one target of the resolution printed as two rows.

    "Thu ngân sách … cả nhiệm kỳ 1.250 triệu đồng (bình quân 250 triệu/năm)" is target (1) over the term and
    (1b) its yearly average: the same target, at the same place, 250 × 5 = 1.250. Found from the data: the
    same commune, indicator, comparator and place, one row a term total and the other its yearly average
    over the term's years. Every paper still shows both rows; counts by verdict take the term total's.
    """
    key = ["commune_id", "indicator_id", "comparator", "source_ref"]
    total = gaps[gaps.horizon == "total_2026_2030"]
    average = gaps[gaps.horizon == "annual_average_2026_2030"]
    pairs = average.merge(total, on=key, suffixes=("", "_total"))
    years = pairs.target_year - pairs.baseline_year
    same = (pairs.target * years - pairs.target_total).abs() <= 1e-9 * pairs.target_total.abs().clip(lower=1)
    return dict(zip(pairs.target_id[same], pairs.target_id_total[same]))


def counted(gaps: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The targets as the resolution counts them, and the words that say so in a paper.

    A row restating another (`restated`) is left out of every count by verdict, so that one target
    printed as two rows is never counted twice: (gaps without (1b), " ((1) và (1b) là một chỉ tiêu,
    tính một lần)"). The one count for the Word report, the yearly table, Phụ lục 03 and the CLI.
    """
    again = restated(gaps)
    if not again:
        return gaps, ""
    said = "; ".join(f"{target_no(t)} và {target_no(r)}" for r, t in sorted(again.items(), key=lambda p: p[1]))
    return gaps[~gaps.target_id.isin(list(again))], f" ({said} là một chỉ tiêu, tính một lần)"
