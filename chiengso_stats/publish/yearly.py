"""Publish: the yearly table sent upward, progress of every 2030 target as of one year.

"BIỂU THEO DÕI KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NĂM <year>", in the official form of
the appendices, with numbered columns: STT, chỉ tiêu, ĐVT, mục tiêu 2030, thực hiện 2025, each
year to date, so với mục tiêu (%), đánh giá tiến độ, nguồn.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from ..analysis import facts
from ..analysis.progress import LABEL_VI, behind_first
from ..analysis.reconcile import merged_or_reported
from ..analysis.targets import TERM_HORIZONS
from ..glossary import NO_DATA, NOT_APPLICABLE, lower_first, target_no, target_words, vi
from ..ingest.form_archive import revision_lines
from ..ingest.forms import STATUS_VI
from ..numbers import amount, format_vn
from ..text import plain_name
from .appendices import _unit, resolution_title
from .excel import Column, issuer, place_date, write_sheet
from .report_text import rating_note
from .sources_block import _source_cell, source_lines


def monitored_years(raw, merged_id: str) -> list[int]:
    """Years after the baseline for which the new commune has any figure (from forms or tables)."""
    obs = raw.observations
    periods = obs.period[(obs.commune_id == merged_id) & obs.period.str.fullmatch(r"\d{4}")].astype(int)
    term = raw.term(merged_id)
    if term is None:  # a merged commune with no term has no targets to follow
        return []
    return sorted({int(y) for y in periods if y > term.baseline_year})


def _target_text(g) -> str:
    return target_words(g.comparator, g.target_as_printed, format_vn(g.target_high), g.unit, g.horizon)


def _cell(value, unit: str):
    """A yearly figure as the table of facts publishes it: rounded by its unit, 'Đạt' for a statement."""
    if value is None or pd.isna(value):
        return None
    text = facts.value_text(value, unit)
    return text if unit == facts.QUALITATIVE_UNIT else facts.shown(value, unit)


def _share_cell(g):
    """'So với chỉ tiêu (%)' from the table of facts: one decimal, '-' where it means nothing, '…' unknown."""
    text = facts.share_text(g)
    return None if text == NO_DATA else text if text == NOT_APPLICABLE else facts.share_shown(g)


def annual_rows(raw, table: pd.DataFrame, gaps: pd.DataFrame, merged_id: str, year: int) -> tuple[list, set, bool]:
    """Rows of the yearly table, the sources they use, and whether any figure is unverified."""
    obs = raw.observations
    term = raw.term(merged_id)
    years = list(range(term.first_year, year + 1))
    t = table[table.merged_commune_id == merged_id]
    rows, used, unverified = [], set(), False
    for k, g in enumerate(gaps.itertuples(), start=1):
        values = []
        for y in years:
            hit = t[(t.indicator_id == g.indicator_id) & (t.period == str(y))]
            values.append(_cell(merged_or_reported(hit.merged, hit.reported).iloc[0] if len(hit) else None, g.unit))
        mine = obs[
            (obs.commune_id == merged_id)
            & (obs.indicator_id == g.indicator_id)
            & obs.period.isin([str(y) for y in years])
        ]
        if "superseded_by" in mine.columns:
            mine = mine[mine.superseded_by.eq("")]
        ids = sorted(set(mine.source_id) | {s.strip() for s in str(g.baseline_sources).split(";") if s.strip()})
        flagged = not (mine.verified.all() and g.verified)
        used |= set(ids)
        unverified |= flagged
        # the note in an office's words, composed from the columns (rating_note); an every-year target's
        # years as analysis says them, once where the label does not already say it
        analysts = g.progress_note_vi if g.progress_note_vi and g.progress_note_vi != f"{g.on_track}." else ""
        note = rating_note(g) or analysts
        rating = g.on_track + (f". {note}" if note else "")
        if g.approximate and not pd.isna(g.baseline):  # a proxy-weighted merge says so wherever it goes
            rating += f"{'' if rating.endswith('.') else '.'} Số liệu năm {term.baseline_year} là số gộp gần đúng từ các xã cũ."
        if g.horizon in TERM_HORIZONS:  # the last term's figure is a reference, never a year's result
            if g.reference_vi:  # a sentence of its own after the rating
                rating += f"{'' if rating.endswith('.') else '.'} Tham khảo: {g.reference_vi}."
        # the baseline as the table of facts publishes it ('…' for another standard, 'ít nhất 1', '-')
        base = facts.baseline_shown(g)
        if base == NO_DATA or str(g.baseline_period) not in ("", str(term.baseline_year)):
            base = None  # a figure of an earlier year is no result of the baseline year
        rows.append(
            [
                k,
                f"{target_no(g.target_id)} {g.description_vi}",
                _unit(g.unit),
                _target_text(g),
                base,
                *values,
                _share_cell(g),
                rating,
                _source_cell(raw, "; ".join(ids), not flagged),
            ]
        )
    return rows, used, unverified


def _statuses(raw, gaps: pd.DataFrame, merged_id: str, year: int) -> list[str]:
    """Each row's status of its figure for `year` as the form gives it (ước thực hiện, sơ bộ, chính thức)."""
    obs = raw.observations
    if "obs_status" not in obs.columns:
        return [""] * len(gaps)
    mine = obs[(obs.commune_id == merged_id) & (obs.period == str(year))]
    code = dict(zip(mine.indicator_id, mine.obs_status.fillna("")))
    return [STATUS_VI.get(code.get(i, ""), "") for i in gaps.indicator_id]


def annual_workbook(
    raw, table: pd.DataFrame, gaps: pd.DataFrame, merged_id: str, year: int, revised: pd.DataFrame | None = None
) -> Workbook:
    """The yearly monitoring table of `merged_id` as of `year` (gaps computed with as_of=year).

    `revised`: the commune's rows of the revisions table (`ingest.form_archive.revisions`); the
    figures revised since the last report are listed under the table.
    """
    com = raw.communes.set_index("commune_id")
    name = plain_name(com.loc[merged_id].name_vi)
    term = raw.term(merged_id)
    years = list(range(term.first_year, year + 1))
    columns = (
        [
            Column(vi("header.no"), 6, "int"),
            Column(vi("header.indicator"), 40),
            Column(vi("header.unit"), 11),
            Column(vi("header.target_2030"), 16),
            Column(vi("header.actual_year", year=term.baseline_year), 12, "num2"),
        ]
        + [Column(vi("header.actual_year", year=y), 11, "num2") for y in years]
        + [
            Column(vi("header.share_of_target"), 11, "pct1"),
            Column(vi("header.progress"), 40),
            Column(vi("header.source"), 20),
            Column(vi("header.obs_status", year=year), 14),
        ]
    )
    rows, used, unverified = annual_rows(raw, table, gaps, merged_id, year)
    rows = [[*row, status] for row, status in zip(rows, _statuses(raw, gaps, merged_id, year))]
    names = dict(zip(raw.indicators.indicator_id, raw.indicators.name_vi))
    changes = revision_lines(revised, names, paper=True) if revised is not None else []
    # by code: one row's label may name its direction or years; each target of the resolution once
    each, once = facts.counted(gaps)
    counts = each.on_track_code.value_counts()
    summary = [
        vi("summary.title"),
        f"Tổng số {len(each)} chỉ tiêu{once}, trong đó: "
        + "; ".join(f"{label} {counts[code]}" for code, label in LABEL_VI.items() if code in counts)
        + ".",
        vi("legend.progress_method"),
        vi("legend.share_level"),
        vi("legend.line"),
        vi("legend.form_blank"),
        *([vi("summary.revised"), *(f"- {line}" for line in changes)] if changes else []),
        "",
        *source_lines(raw, sorted(used), unverified),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = f"Theo dõi năm {year}"
    write_sheet(
        ws,
        left=issuer(raw, merged_id),
        title=f"BIỂU THEO DÕI KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NĂM {year}",
        subtitle=resolution_title(name, com.loc[merged_id].congress, f"{term.baseline_year} - {term.target_year}"),
        note=f"(Số liệu đến hết năm {year}; nguồn số liệu ghi dưới bảng)",
        columns=columns,
        rows=rows,
        groups=[(vi("header.actual_years"), 6, 5 + len(years))],
        summary=summary,
        # issued after the year ends: the form's own date when it has one
        place_date=place_date(raw, merged_id, year + 1, _form_date(raw, year)),
        signed=True,
    )
    return wb


def _form_date(raw, year: int) -> str:
    """The date of the year's form (its source row), '' when none is given."""
    dates = raw.sources.date[raw.sources.title_vi.str.endswith(f"năm {year}") & (raw.sources.kind == "table")]
    return str(dates.iloc[0]) if len(dates) else ""


def _next_year_need(g, year: int) -> str:
    """What the year after `year` needs to stay on the way to the target, composed from the progress columns."""
    if pd.isna(g.target):  # a qualitative statement to maintain
        return f"đạt trong năm {year + 1}"
    if g.horizon in ("total_2026_2030", "annual_average_2026_2030"):
        if g.missing_years:
            return f"bổ sung số liệu năm {g.missing_years} để tính được mức cần đạt"
        if pd.isna(g.need_per_year):
            return ""
        return f"bình quân {amount(g.need_per_year, g.unit)} mỗi năm còn lại"
    if g.horizon in ("every_year", "maintain") or year >= g.target_year:
        return f"{_target_text(g)} trong năm {year + 1}"
    if pd.isna(g.next_year_level):
        return ""
    level = g.implied_end_level if g.horizon == "additional_2026_2030" else g.target
    return (
        f"{amount(g.next_year_level, g.unit)} năm {year + 1} (đi đều từ mức hiện nay đến "
        f"{amount(level, g.unit)} năm {g.target_year})"
    )


def yearly_narrative(gaps: pd.DataFrame, year: int) -> str:
    """How many targets are on track, the furthest behind, what the next year needs (Vietnamese)."""
    judged = gaps[gaps.on_track_code != "no_series"]
    if judged.empty:
        base = int(gaps.baseline_year.min()) if len(gaps) else year
        return (
            f"Chưa có số liệu năm nào sau {base} (chưa có biểu theo dõi trong data/raw/monitoring/): "
            f"chưa đánh giá được tiến độ. Tải mẫu bằng 'chiengso-stats template --year {base + 1}'."
        )
    each, once = facts.counted(gaps)
    counts = each.on_track_code.value_counts()
    lines = [
        f"Đến năm {year}, trong {len(each)} chỉ tiêu{once}: "
        + ", ".join(f"**{counts[code]}** {lower_first(label)}" for code, label in LABEL_VI.items() if code in counts)
        + "."
    ]
    behind = behind_first(judged)
    if len(behind):
        far = behind.iloc[0]
        ratio = "" if pd.isna(far.on_track_ratio) else f", tỷ số tốc độ {format_vn(far.on_track_ratio, 2)}"
        lines.append(
            f"Xa mục tiêu nhất: {target_no(far.target_id)} {far.description_vi.lower()} — {lower_first(far.on_track)}{ratio}. "
            + (far.progress_note_vi or "")
        )
        needs = [
            f"{target_no(g.target_id)} {_next_year_need(g, year)}"
            for g in behind.itertuples()
            if _next_year_need(g, year)
        ]
        if needs:
            lines.append(f"Năm {year + 1} cần: " + "; ".join(needs) + ".")
    on = judged[judged.on_track_code.isin(["on_track", "met"])]
    if len(on):
        lines.append(
            f"{vi('progress.on_track')} hoặc {vi('progress.met').lower()}: "
            + ", ".join(target_no(t) for t in on.target_id)
            + "."
        )
    return "\n\n".join(lines)
