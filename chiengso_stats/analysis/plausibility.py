"""Analysis: yearly figures that look mistyped, flagged with their cell before anything is judged.

A form accepts any number in range, but some are almost surely slips of the hand: 0,435 typed
in a percent row whose earlier years are above 1 (the share as a fraction, 43,5%), or a figure
many times the year before (a thousands separator, an extra digit). Such a figure is not
refused, since it may be true, and it is not judged silently either: it is listed with its
file, sheet and cell, and the targets that use it say "cần xem lại số liệu" instead of a
progress category until the office confirms or corrects it.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.utils import get_column_letter

from ..config import PLAUSIBLE_JUMP
from ..ingest.sources import parse_cell_ref
from ..numbers import amount, format_vn
from .reconcile import merged_or_reported

COLUMNS = [
    "commune_id",
    "indicator_id",
    "period",
    "value",
    "previous_period",
    "previous_value",
    "rule",
    "where",
    "message_vi",
]


def _rule(value: float, previous: float, unit: str) -> str | None:
    if unit == "%" and 0 < value < 1 <= previous:
        return "fraction_for_percent"
    if value > 0 and previous > 0 and max(value / previous, previous / value) >= PLAUSIBLE_JUMP:
        return "jump"
    return None


def _message(rule: str, value: float, year: str, previous: float, prev_year: str, unit: str) -> str:
    if rule == "fraction_for_percent":
        return (
            f"{amount(value, unit, decimals=3)} trong khi năm {prev_year} là {amount(previous, unit, decimals=3)}: có thể đã nhập tỷ lệ "
            f"dạng phân số ({format_vn(value * 100, 1)}% gõ thành {format_vn(value, 3)}); nhập số phần trăm "
            "từ 0 đến 100 hoặc xác nhận số liệu"
        )
    times = value / previous
    change = f"gấp {format_vn(times, 1)} lần" if times > 1 else f"bằng 1/{format_vn(1 / times, 1)}"
    return (
        f"{amount(value, unit, decimals=3)} năm {year}, {change} mức năm {prev_year} ({amount(previous, unit, decimals=3)}): "
        "kiểm tra lại số đã nhập (dấu phân cách hàng nghìn, thừa hoặc thiếu chữ số)"
    )


def _where(raw, commune: str, indicator: str, period: str) -> str:
    """The file, sheet and cell of a yearly figure, as the office would look for it."""
    obs = raw.observations
    hit = obs[
        (obs.commune_id == commune)
        & (obs.indicator_id == indicator)
        & (obs.period == period)
        & (obs.superseded_by == "")
    ]
    if hit.empty:
        return ""
    row = hit.iloc[0]
    file = dict(zip(raw.sources.source_id, raw.sources.file)).get(row.source_id) or row.source_id
    ref = parse_cell_ref(row.source_ref) if row.source_ref else None
    if ref is None:
        return f"{file}, {row.source_ref}".strip(", ")
    sheet, r, c = ref
    return f"{file}, trang '{sheet}', ô {get_column_letter(c)}{r}" if sheet else f"{file}, ô {get_column_letter(c)}{r}"


def _yearly_averages(quantified: pd.DataFrame, kind: dict) -> dict:
    """(commune, indicator) -> ('2020-2025 (bình quân năm)', yearly figure) from its latest multi-year figure.

    A count or an amount over a term is a total (divided by its years); a rate over a term is already
    a yearly level.
    """
    spans = quantified[quantified.period.str.fullmatch(r"\d{4}-\d{4}")].sort_values("period")
    out = {}
    for commune, indicator, period, value in zip(
        spans.merged_commune_id, spans.indicator_id, spans.period, spans.figure.astype(float)
    ):
        start, end = (int(y) for y in period.split("-"))
        years = end - start
        if years > 0:
            per_year = value / years if kind.get(indicator) == "extensive" else value
            out[(commune, indicator)] = (f"{period} (bình quân năm)", per_year)
    return out


def implausible(raw, table: pd.DataFrame) -> pd.DataFrame:
    """Yearly figures after `after_year` that look mistyped, one row each, with their place.

    Parameters
    ----------
    raw : RawData
    table : DataFrame
        The merged table; a year's figure is the merged value, else the one reported for the new commune.

    Figures of the years after each merged commune's congress year (its term in communes.csv) are
    checked, each against the latest earlier year that looked right.

    Returns
    -------
    DataFrame
        ``commune_id``, ``indicator_id``, ``period``, ``value``, ``previous_period``, ``previous_value``,
        ``rule`` (``fraction_for_percent`` or ``jump``), ``where`` (file, sheet, cell), ``message_vi``.

    Examples
    --------
    Forest cover 42,9% in 2027, then 0,435 typed for 2028: rule ``fraction_for_percent``.
    """
    kind = dict(zip(raw.indicators.indicator_id, raw.indicators.kind))
    quantified = table[table.indicator_id.map(kind).ne("qualitative")]
    quantified = quantified.assign(figure=merged_or_reported(quantified.merged, quantified.reported))
    quantified = quantified.dropna(subset=["figure"])
    years = quantified[quantified.period.str.fullmatch(r"\d{4}")]
    # in year order once for all (the merged table has one row per commune, indicator and year), then one
    # scan over plain lists: a pandas group per commune and indicator took 26 s for a country's 139.269
    key = ["merged_commune_id", "indicator_id", "period"]
    years = years.sort_values(key, kind="stable").drop_duplicates(key)
    unit_of = years.unit if "unit" in years.columns else pd.Series("", index=years.index)
    term_years = _yearly_averages(quantified, kind)
    rows = []
    current, previous, after_year = None, None, None
    for commune, indicator, period, value, unit in zip(
        years.merged_commune_id.tolist(),
        years.indicator_id.tolist(),
        years.period.tolist(),
        years.figure.astype(float).tolist(),
        unit_of.astype(str).tolist(),
    ):
        if (commune, indicator) != current:  # a new series: its start, and the term it is judged in
            current = (commune, indicator)
            term = raw.term(commune)
            after_year = None if term is None else term.baseline_year
            # with no single year before the first form, the previous term's yearly average stands in
            # (budget 1.051 over 2020-2025: 210,2 a year), so 26.000 typed for 260 is still seen
            previous = term_years.get(current)
        if after_year is None:  # no term, no targets: nothing is judged on these figures
            continue
        if previous is not None and int(period) > after_year:
            rule = _rule(value, previous[1], unit)
            if rule:  # compared with the last figure that looked right, not with this one
                rows.append(
                    dict(
                        commune_id=commune,
                        indicator_id=indicator,
                        period=period,
                        value=value,
                        previous_period=previous[0],
                        previous_value=previous[1],
                        rule=rule,
                        where=_where(raw, commune, indicator, period),
                        message_vi=_message(rule, value, period, previous[1], previous[0], unit),
                    )
                )
                continue
        previous = (period, value)
    return pd.DataFrame(rows, columns=COLUMNS)
