"""Analysis: the cells of the yearly forms' earlier-year columns, against the figures that count for those years.

The 2027 form shows 'Thực hiện năm 2025' (the baseline) and 'Thực hiện năm 2026' for reading only. A
cell found filled there is compared with the figure the merged table holds for its year, whoever gives
it: that year's own form, or the report's baseline (reconciled from the former communes, as the form
printed it). One rule for both: agreeing says nothing; disagreeing, or having nothing to compare with,
is a notice naming the cell, printed with the build's other notices. A cell of an earlier-year column
never changes a year's figure. (A cell refused outright, the year's figure typed one column too far
left, is refused when the forms are read: `ingest/form_folder._earlier_years`.)
"""

from __future__ import annotations

import pandas as pd

from ..glossary import vi
from ..ingest.forms import ACHIEVED, FOLDER, NOT_ACHIEVED, earlier_cell_agrees, value_header
from ..ingest.raw import RawData
from ..numbers import format_vn


def earlier_year_notices(raw: RawData, table: pd.DataFrame) -> list[str]:
    """One notice per earlier-year cell of a form that disagrees with its year's figure, or has none to meet.

    Parameters
    ----------
    raw : RawData
        With ``form_earlier_years``, the filled cells `load_raw` found in the forms' earlier-year columns.
    table : DataFrame
        The merged table (`reconcile`): its ``value`` is the figure that counts for a year.

    Returns
    -------
    list of str
        Notices in Vietnamese with English beside, each starting with the cell's file, sheet and cell.

    Examples
    --------
    >>> from chiengso_stats.analysis.reconcile import reconcile
    >>> raw = load_raw()
    >>> earlier_year_notices(raw, reconcile(raw))  # no form in data/raw/monitoring: no cell to compare
    []
    """
    cells = raw.form_earlier_years
    if cells.empty:
        return []
    years = table[table.period.str.fullmatch(r"\d{4}")]
    figures = {
        (m, i, int(p)): (v, origin, src, printed, kind)
        for m, i, p, v, origin, src, printed, kind in zip(
            years.merged_commune_id,
            years.indicator_id,
            years.period,
            years.value,
            years.value_origin,
            years.reported_source_id,
            years.reported_as_printed,
            years.kind,
        )
        if pd.notna(v)
    }
    files = dict(zip(raw.sources.source_id, raw.sources.file))
    notices = []
    for c in cells.itertuples(index=False):
        value = None if pd.isna(c.value) else float(c.value)
        figure = figures.get((c.commune_id, c.indicator_id, int(c.year)))
        if figure is not None and earlier_cell_agrees(value, figure[0], c.fmt):
            continue
        notices.append(_notice(raw, c, value, figure, files))
    return notices


def _notice(raw: RawData, c, value: float | None, figure: tuple | None, files: dict) -> str:
    year, column = int(c.year), vi("header.actual_year", year=int(c.year))
    term = raw.term(c.commune_id)
    label = f"số liệu kỳ gốc năm {year}" if term and year == term.baseline_year else f"số liệu năm {year}"
    hint = ""
    if c.value_blank and value is not None:  # perhaps the form's own figure, typed one column too far left
        hint = (
            f"; ô {c.value_cell} '{value_header(int(c.form_year))}' để trống: nếu {c.shown} là số năm "
            f"{int(c.form_year)}, nhập vào ô đó"
        )
    if figure is None:
        if c.own_form:
            why = f"biểu năm {year} để trống chỉ tiêu này"
        elif term and year > term.baseline_year:
            why = f"chưa có biểu năm {year} trong thư mục {FOLDER}/"
        else:
            why = f"dữ liệu gốc không có {label} của chỉ tiêu này"
        return (
            f"{c.where}: cột '{column}' ghi {c.shown}; không có số liệu năm {year} để đối chiếu ({why}), "
            f"số này không được dùng{hint} (no {year} figure to compare this earlier-year cell with; it is not used)."
        )
    number, origin, source, printed, kind = figure
    from_form = origin == "reported" and str(files.get(source, "")).startswith(f"{FOLDER}/")
    if kind == "qualitative":
        shown = ACHIEVED if number == 1 else NOT_ACHIEVED
    else:
        shown = printed if from_form and isinstance(printed, str) and printed else format_vn(number)
    if from_form:
        theirs, use = f"biểu năm {year} ghi {shown}", f"số của biểu năm {year}"
        english = "an earlier year's cell disagrees with that year's own form, which counts"
    else:
        theirs, use = f"{label} là {shown}", label
        english = f"an earlier year's cell disagrees with the {year} figure already held, which counts"
    return f"{c.where}: cột '{column}' ghi {c.shown}, khác {theirs}; dùng {use}{hint} ({english})."
