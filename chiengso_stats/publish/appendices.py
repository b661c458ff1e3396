"""Publish: the appendices Phụ lục 01/02 (each former commune's resolution results) and
a merged-commune appendix (baseline, 2030 gaps, audit), as Excel workbooks.

Rows come only from the raw data. A target the report does not print but implies
("đạt 126% so với chỉ tiêu") is derived in code and labelled "giá trị suy ra"; a cell
the report is silent on says "không có số liệu".
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from ..analysis.audit import RULES, confront
from ..analysis.reconcile import CHECK_MATCH, CHECK_MISMATCH, as_raw, check_text, preferred_observations, reconcile
from ..analysis.targets import gap_table
from ..ingest.raw import RawData
from ..ingest.schemas import CLAIM_ACHIEVED, CLAIM_NOT_ACHIEVED, CLAIM_TOTAL, CLAIMS
from ..ingest.sources import KIND_VI, UNVERIFIED_MARK, UNVERIFIED_NOTE
from ..numbers import format_vn
from ..text import plain_name
from .excel import (
    DERIVED,
    NO_DATA,
    Column,
    Derived,
    assess,
    issuer,
    place_date,
    save_deterministic,
    write_sheet,
)


def appendix_title(raw: RawData, merged_id: str) -> str:
    """'PHỤ LỤC 03' from the merged commune's appendix_no; 'PHỤ LỤC' when it has none."""
    number = raw.communes.set_index("commune_id").appendix_no.get(merged_id, "")
    return f"PHỤ LỤC {number}".strip()


def source_lines(raw: RawData, source_ids, any_unverified: bool) -> list[str]:
    """The 'Nguồn số liệu' block under a table: every source its rows rest on."""
    ids = sorted({i.strip() for ids in source_ids for i in str(ids).split(";") if i.strip()})
    registry = raw.sources.set_index("source_id")
    lines = ["Nguồn số liệu / Sources"]
    for i in ids:
        if i not in registry.index:
            continue
        s = registry.loc[i]
        parts = [s.title_vi, s.issuer, s.date, KIND_VI.get(s.kind, s.kind)]
        if s.sha256:
            parts.append(f"tệp {s.file}, sha256 {s.sha256[:12]}…")
        lines.append(f"- [{i}] " + "; ".join(p for p in parts if p) + ".")
    if any_unverified:
        lines.append(UNVERIFIED_NOTE)
    return lines


def _source_cell(sources: str, verified: bool) -> str:
    return (sources or "—") + ("" if verified else f" {UNVERIFIED_MARK}")


def resolution_rows(raw: RawData, commune_id: str) -> list[list]:
    """Rows of one former commune's appendix, with derived targets labelled."""
    direction = dict(zip(raw.indicators.indicator_id, raw.indicators.direction))
    kind = dict(zip(raw.indicators.indicator_id, raw.indicators.kind))
    res = raw.resolution_results[raw.resolution_results.commune_id == commune_id].sort_values("row_no")
    rows = []
    for r in res.itertuples():
        notes = [f"[{r.source_id}] {r.source_ref}" + ("" if r.verified else f" {UNVERIFIED_MARK}")]
        if kind.get(r.indicator_id) == "qualitative":
            target = r.target_as_printed or NO_DATA
            result = r.result_as_printed or NO_DATA
            rating = "Đạt" if r.result_as_printed else NO_DATA
            if r.result_as_printed:
                notes.append("đánh giá suy ra từ câu chữ của báo cáo")
            rows.append(
                [r.row_no, r.name_vi, r.unit or "—", target, result, NO_DATA, rating, "; ".join([*notes, r.note])]
            )
            continue
        target, percent = r.target, r.percent
        target_cell, percent_cell = target, percent
        if math.isnan(target) and not (math.isnan(r.result) or math.isnan(percent)) and percent:
            # kept unrounded: the cell's format shows one decimal, and the rating compares the true value
            # (100,05 at 100% is "Đạt"; rounded first to 100,0 it read "Vượt")
            target = r.result / percent * 100
            target_cell = Derived(target)
            notes.append(f"chỉ tiêu NQ: {DERIVED} từ tỷ lệ {r.percent_as_printed} đã in")
        if math.isnan(percent) and not (math.isnan(r.result) or math.isnan(target)) and target:
            percent = r.result / target * 100
            percent_cell = Derived(round(percent, 1))
            notes.append(f"tỷ lệ: {DERIVED}")
        rating = assess(r.result, target, percent, direction.get(r.indicator_id, "higher"))
        if r.note:
            notes.append(r.note)
        rows.append([r.row_no, r.name_vi, r.unit or "—", target_cell, r.result, percent_cell, rating, "; ".join(notes)])
    return rows


def resolution_summary(raw: RawData, commune_id: str, rows: list[list]) -> list[str]:
    """The report's claimed count beside what the rows show, said plainly."""
    obs = raw.observations[raw.observations.commune_id == commune_id]
    achieved = obs[obs.indicator_id == CLAIM_ACHIEVED]
    totals = obs[obs.indicator_id == CLAIM_TOTAL]
    # the same rule as the merge: the 'preferred' row, else the body text over a footnote
    claim = preferred_observations(achieved).iloc[0] if len(achieved) else None
    lines = ["Tổng hợp / Summary"]
    n_ok = sum(r[6] in ("Đạt", "Vượt") for r in rows)
    n_bad = sum(r[6] == "Không đạt" for r in rows)
    n_none = sum(r[6] == NO_DATA for r in rows)
    lines.append(
        f"Theo các dòng trên: {len(rows)} chỉ tiêu; đạt hoặc vượt {n_ok}; không đạt {n_bad}; không có số liệu {n_none}."
    )
    if claim is None:
        lines.append("Báo cáo không nêu số chỉ tiêu đạt của xã này.")
        return lines
    total = totals[totals.source_ref == claim.source_ref]
    t_printed = total.value_as_printed.iloc[0] if len(total) else "?"
    t_value = total.value.iloc[0] if len(total) else math.nan
    lines.insert(1, f"Báo cáo nêu: đạt {claim.value_as_printed}/{t_printed} chỉ tiêu ({claim.source_ref}).")
    for other in achieved[achieved.source_ref != claim.source_ref].itertuples():
        other_total = totals[totals.source_ref == other.source_ref].value_as_printed
        lines.append(
            f"Chỗ khác báo cáo ghi đạt {other.value_as_printed}/"
            f"{other_total.iloc[0] if len(other_total) else '?'} ({other.source_ref})."
        )
    for n in obs[obs.indicator_id == CLAIM_NOT_ACHIEVED].itertuples():
        lines.append(
            f"Phần hạn chế ghi còn {n.value_as_printed} chỉ tiêu không đạt ({n.source_ref}); "
            f"{claim.value_as_printed}/{t_printed} nghĩa là {format_vn(t_value - claim.value)} không đạt."
        )
    if len(rows) == t_value:
        verdict = (
            "Các dòng xác nhận khẳng định của báo cáo."
            if n_ok == claim.value and n_none == 0
            else f"Các dòng KHÔNG xác nhận khẳng định: {n_ok} đạt so với {claim.value_as_printed} báo cáo nêu."
        )
    else:
        verdict = (
            f"Các dòng hiện có ({len(rows)}/{t_printed}) không đủ để xác nhận khẳng định "
            f"{claim.value_as_printed}/{t_printed}: báo cáo không in đủ các chỉ tiêu của phụ lục."
        )
    lines.append(verdict)
    return lines


RESOLUTION_COLUMNS = [
    Column("STT", 6, "int"),
    Column("Chỉ tiêu", 42),
    Column("ĐVT", 11),
    Column("Chỉ tiêu Nghị quyết", 16, "num1"),
    Column("Kết quả thực hiện", 16, "num1"),
    Column("So với Nghị quyết (%)", 14, "pct1"),
    Column("Đánh giá", 12),
    Column("Ghi chú / Nguồn", 48),
]


def resolution_workbook(raw: RawData, commune_id: str) -> Workbook:
    com = raw.communes.set_index("commune_id")
    c = com.loc[commune_id]
    rows = resolution_rows(raw, commune_id)
    res = raw.resolution_results[raw.resolution_results.commune_id == commune_id]
    claims = raw.observations[(raw.observations.commune_id == commune_id) & raw.observations.indicator_id.isin(CLAIMS)]
    sources = source_lines(
        raw, list(res.source_id) + list(claims.source_id), not (res.verified.all() and claims.verified.all())
    )
    wb = Workbook()
    ws = wb.active
    ws.title = f"Phụ lục {c.appendix_no}"
    merged = com.loc[c.merged_into]
    write_sheet(
        ws,
        left=issuer(raw, c.merged_into),
        title=f"PHỤ LỤC {c.appendix_no}",
        subtitle=(
            f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ XÃ "
            f"{plain_name(c.name_vi).upper()} LẦN THỨ {c.congress}" + (f", NHIỆM KỲ {c.term}" if c.term else "")
        ),
        note=(
            f"(Kèm theo Báo cáo chính trị tại Đại hội đại biểu Đảng bộ xã "
            f"{plain_name(merged.name_vi)} lần thứ {merged.congress}"
            + (f", nhiệm kỳ {merged.term}" if merged.term else "")
            + "; số liệu lấy nguyên từ các nguồn liệt kê dưới bảng)"
        ),
        columns=RESOLUTION_COLUMNS,
        rows=rows,
        groups=[(f"Nhiệm kỳ {c.term}" if c.term else "Nhiệm kỳ", 4, 7)],
        place_date=place_date(raw, c.merged_into),
        summary=[*resolution_summary(raw, commune_id, rows), "", *sources],
    )
    return wb


def _maybe(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def merged_workbook(
    raw: RawData, merged_id: str, table: pd.DataFrame, gaps: pd.DataFrame, findings: pd.DataFrame
) -> Workbook:
    com = raw.communes.set_index("commune_id")
    formers = sorted(raw.communes.commune_id[raw.communes.merged_into == merged_id])
    left = issuer(raw, merged_id)
    name = plain_name(com.loc[merged_id].name_vi)
    note = "(Bộ phận thống kê lập từ các nguồn liệt kê dưới bảng; không phải phụ lục của báo cáo)"
    wb = Workbook()

    t = table[table.merged_commune_id == merged_id]
    all_formers = formers
    formers = [f for f in formers if f in t.columns]  # past WIDE_LIMIT the table is long: no column per commune
    columns = (
        [Column("STT", 6, "int"), Column("Chỉ tiêu", 36), Column("ĐVT", 11), Column("Kỳ", 11)]
        + [Column(com.loc[f].name_vi, 13, "num2") for f in formers]
        + [
            Column("Xã mới (tính)", 13, "num2"),
            Column("Phương pháp", 44),
            Column("Gần đúng", 9),
            Column("Báo cáo in", 12),
            Column("Đối chiếu", 14),
            Column("Nguồn", 18),
        ]
    )
    rows = [
        [i, r.name_vi, r.unit, r.period]
        + [_maybe(getattr(r, f)) for f in formers]
        + [
            _maybe(r.merged),
            r.method,
            "có" if r.approximate else "không",
            r.reported_as_printed if isinstance(r.reported_as_printed, str) else None,
            check_text(r.check_code, r.difference),
            _source_cell(
                "; ".join(dict.fromkeys(x for x in (r.sources, r.reported_source_id) if isinstance(x, str) and x)),
                r.verified,
            ),
        ]
        for i, r in enumerate(t.itertuples(), start=1)
    ]
    merged_sources = source_lines(raw, list(t.sources) + list(t.reported_source_id.dropna()), not t.verified.all())
    ws = wb.active
    ws.title = "Hợp nhất"
    n_match = (t.check_code == CHECK_MATCH).sum()
    n_mis = (t.check_code == CHECK_MISMATCH).sum()
    write_sheet(
        ws,
        left=left,
        title=appendix_title(raw, merged_id),
        place_date=place_date(raw, merged_id),
        subtitle=f"SỐ LIỆU NỀN HỢP NHẤT XÃ {name.upper()} (MỚI) TỪ CÁC XÃ CŨ",
        note=note,
        columns=columns,
        rows=rows,
        groups=[("Các xã cũ", 5, 4 + len(formers))] if formers else [],
        summary=[
            "Tổng hợp / Summary",
            f"{len(t)} dòng; {t.merged.notna().sum()} có số xã mới tính được "
            f"({t.approximate.sum()} gần đúng); đối chiếu với số báo cáo in: {n_match} khớp, {n_mis} lệch.",
            *(
                [
                    f"Xã mới gộp từ {len(all_formers)} xã cũ, quá nhiều để mỗi xã một cột; số của từng xã cũ có trong "
                    "data/clean/observations.csv."
                ]
                if len(formers) < len(all_formers)
                else []
            ),
            "",
            *merged_sources,
        ],
    )

    ws = wb.create_sheet("Mục tiêu 2030")
    columns = [
        Column("Mã", 7),
        Column("Chỉ tiêu", 40),
        Column("ĐVT", 11),
        Column("So sánh", 9),
        Column("Mục tiêu", 11, "num2"),
        Column("Số nền", 12, "num2"),
        Column("Kỳ nền", 13),
        Column("Khoảng cách", 12, "num2"),
        Column("Cần/năm", 11, "num2"),
        Column("Trạng thái", 14),
        Column("Ghi chú", 52),
        Column("Nguồn", 18),
    ]
    symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "range": "khoảng", "maintain": "duy trì"}
    rows = [
        [
            g.target_id,
            g.description_vi,
            g.unit,
            symbol.get(g.comparator, g.comparator),
            (
                "duy trì"
                if g.comparator == "maintain"
                else f"{format_vn(g.target)} đến {format_vn(g.target_high)}"
                if g.comparator == "range"
                else _maybe(g.target)
            ),
            _maybe(g.baseline) if g.unit != "định tính" else ("đạt" if g.baseline == 1 else None),
            g.baseline_period or None,
            _maybe(g.gap),
            _maybe(g.required_annual_change),
            g.status,
            g.note_vi,
            _source_cell(
                "; ".join(dict.fromkeys(x for x in (g.target_source_id, g.baseline_sources) if x)), g.verified
            ),
        ]
        for g in gaps.itertuples()
    ]
    gap_sources = source_lines(raw, list(gaps.target_source_id) + list(gaps.baseline_sources), not gaps.verified.all())
    counts = gaps.status.value_counts()
    write_sheet(
        ws,
        left=left,
        title=f"{appendix_title(raw, merged_id)} (tiếp)",
        place_date=place_date(raw, merged_id),
        subtitle=f"KHOẢNG CÁCH ĐẾN CÁC CHỈ TIÊU NĂM 2030 CỦA XÃ {name.upper()}",
        note=note,
        columns=columns,
        rows=rows,
        summary=[
            "Tổng hợp / Summary",
            f"{len(gaps)} chỉ tiêu: " + "; ".join(f"{k} {v}" for k, v in counts.items()) + ".",
            "",
            *gap_sources,
        ],
    )

    ws = wb.create_sheet("Kiểm tra")
    about = raw.observations[raw.observations.commune_id.isin([*all_formers, merged_id])]  # what was audited
    columns = [
        Column("STT", 6, "int"),
        Column("Quy tắc", 30),
        Column("Kết quả", 12),
        Column("Mức độ", 11),
        Column("Nội dung", 70),
        Column("Nguồn", 40),
    ]
    label = {"pass": "Khớp", "fail": "Không khớp", "na": "Không áp dụng"}
    rows = [
        [i, RULES[f.rule].split(" / ")[0], label[f.status], f.severity or "—", f.message_vi, f.source_ref or "—"]
        for i, f in enumerate(findings.itertuples(), start=1)
    ]
    write_sheet(
        ws,
        left=left,
        title=f"{appendix_title(raw, merged_id)} (tiếp)",
        place_date=place_date(raw, merged_id),
        subtitle="KIỂM TRA TÍNH NHẤT QUÁN CỦA SỐ LIỆU TRONG BÁO CÁO CHÍNH TRỊ",
        note=note,
        columns=columns,
        rows=rows,
        summary=[
            "Tổng hợp / Summary",
            f"{len(findings)} mục kiểm tra: {(findings.status == 'pass').sum()} "
            f"khớp, {(findings.status == 'fail').sum()} không khớp, "
            f"{(findings.status == 'na').sum()} không áp dụng.",
            "",
            *source_lines(raw, about.source_id, not about.verified.all()),
        ],
    )
    return wb


def _findings_of(raw: RawData, findings: pd.DataFrame, merged_id: str) -> pd.DataFrame:
    """The audit items about one merger: its former communes, itself, or pairs of them ('a+b')."""
    mine = set(raw.communes.commune_id[raw.communes.merged_into == merged_id]) | {merged_id}
    ids = findings.commune_id.fillna("").str.split("+")
    return findings[[bool(set(i) & mine) for i in ids]]


def appendix_workbooks(
    raw: RawData, table=None, gaps=None, findings=None, merged_ids: list[str] | None = None
) -> dict[str, Workbook]:
    """File name -> workbook, for every former commune with an appendix number and every merger
    (or only the mergers in `merged_ids`, and their former communes)."""
    table = reconcile(raw) if table is None else table
    gaps = gap_table(raw, table) if gaps is None else gaps
    findings = confront(raw, table) if findings is None else findings
    if merged_ids is None:
        merged_ids = raw.merged_ids
    books = {}
    formers = raw.communes[
        (raw.communes.role == "former") & (raw.communes.appendix_no != "") & raw.communes.merged_into.isin(merged_ids)
    ]
    for c in formers.sort_values("appendix_no").itertuples():
        books[f"phu_luc_{c.appendix_no}_{c.commune_id}.xlsx"] = resolution_workbook(raw, c.commune_id)
    for m in sorted(merged_ids):
        number = raw.communes.set_index("commune_id").appendix_no[m]
        books[f"phu_luc_{number + '_' if number else ''}{m}.xlsx"] = merged_workbook(
            raw, m, table, gaps[gaps.commune_id == m], _findings_of(raw, findings, m)
        )
    return books


def export_appendices(out_dir: str | Path, raw_dir: str | Path | RawData | None = None) -> list[Path]:
    """Write the Excel appendices: Phụ lục 01/02 per former commune, Phụ lục 03 per merger.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write into (created if missing).
    raw_dir : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.

    Returns
    -------
    list of Path
        The workbooks written, byte-identical from one run to the next.

    Examples
    --------
    >>> [p.name for p in export_appendices("/tmp/phu_luc")]
    ['phu_luc_01_chieng_so.xlsx', 'phu_luc_02_yen_hung.xlsx', 'phu_luc_03_chieng_so_moi.xlsx']
    """

    out_dir = Path(out_dir)
    return [save_deterministic(wb, out_dir / name) for name, wb in appendix_workbooks(as_raw(raw_dir)).items()]
