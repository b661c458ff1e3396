"""Publish: the appendices Phụ lục 01/02 (each former commune's resolution results) and
the merged commune's Biểu số 03 (baseline, 2030 gaps, audit), as Excel workbooks.

Rows come only from the raw data. A target the report implies ("đạt 126% so với chỉ tiêu") is derived
and labelled "giá trị suy ra"; a cell the report is silent on shows "…", one that means nothing for its
row "-" (the statistical conventions, legend under each table). Every label comes from the glossary.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from .. import config
from ..analysis import facts
from ..analysis.audit import confront
from ..analysis.reconcile import CHECK_MATCH, CHECK_MISMATCH, as_raw, check_text, preferred_observations, reconcile
from ..analysis.targets import gap_table
from ..glossary import NOT_APPLICABLE, target_no, target_words, vi
from ..ingest.raw import RawData
from ..ingest.schemas import CLAIM_ACHIEVED, CLAIM_NOT_ACHIEVED, CLAIM_TOTAL, CLAIMS
from ..ingest.sources import UNVERIFIED_MARK
from ..numbers import NumberFormatError, format_vn, parse_number, unit_printed
from ..outputs import atomic_write, check_places, owned_areas
from ..rows import named_rows
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
from .sources_block import (
    LAST,
    _source_cell,
    audit_places,
    files_sheet,
    place_in_source,
    report_order,
    source_lines,
)


def appendix_title(raw: RawData, merged_id: str) -> str:
    """'BIỂU SỐ 03' from the merged commune's appendix_no: the office's own table, not an appendix of the report."""
    number = raw.communes.set_index("commune_id").appendix_no.get(merged_id, "")
    return vi("title.table_no", no=number).strip()


def resolution_rows(raw: RawData, commune_id: str) -> list[list]:
    """Rows of one former commune's appendix, with derived targets labelled (`resolution_rows_and_notes`)."""
    return resolution_rows_and_notes(raw, commune_id)[0]


def resolution_rows_and_notes(raw: RawData, commune_id: str) -> tuple[list[list], list[str]]:
    """Rows of one former commune's appendix, and the notes under the table.

    A row's last cell is where its figures stand in the source, and "ghi chú (k)" when it has remarks (a derived
    target, a rating read from the words, the report's own slips): those go to note k under the table, never into
    the row of a paper sent upward.
    """
    rows, remarks = _resolution_rows(raw, commune_id)
    notes = []
    for row, said in zip(rows, remarks):
        if said:
            notes.append(
                f"({len(notes) + 1}) Dòng {row[0]}: " + "; ".join(said) + ("" if said[-1].endswith(".") else ".")
            )
            row[7] += f"; xem ghi chú ({len(notes)})"
    return rows, ([vi("legend.row_notes"), *notes] if notes else [])


def _resolution_rows(raw: RawData, commune_id: str) -> tuple[list[list], list[list[str]]]:
    """The rows, the last cell holding the place in the source only, and each row's remarks."""
    direction = dict(zip(raw.indicators.indicator_id, raw.indicators.direction))
    kind = dict(zip(raw.indicators.indicator_id, raw.indicators.kind))
    res = raw.resolution_results[raw.resolution_results.commune_id == commune_id].sort_values("row_no")
    rows, remarks = [], []
    for r in named_rows(res):
        notes = [place_in_source(raw, r.source_id, r.source_ref) + ("" if r.verified else f" {UNVERIFIED_MARK}")]
        if kind.get(r.indicator_id) == "qualitative":
            target = r.target_as_printed or NO_DATA
            result = r.result_as_printed or NO_DATA
            rating = vi("result.achieved") if r.result_as_printed else NO_DATA
            if r.result_as_printed:
                notes.append("đánh giá suy ra từ câu chữ của báo cáo")
            rows.append([r.row_no, r.name_vi, _unit(r.unit), target, result, NOT_APPLICABLE, rating, notes[0]])
            remarks.append([n for n in [*notes[1:], r.note] if n])
            continue
        target, percent = r.target, r.percent
        target_cell, percent_cell = target, percent
        if math.isnan(target) and not (math.isnan(r.result) or math.isnan(percent)) and percent:
            # kept unrounded: the cell's format shows one decimal, and the rating compares the true value
            # (100,05 at 100% is "Đạt"; rounded first to 100,0 it read "Vượt")
            target = r.result / percent * 100
            target_cell = Derived(target)
            notes.append(f"chỉ tiêu NQ: {DERIVED} từ tỷ lệ {r.percent_as_printed} đã nêu")
        if math.isnan(percent) and not (math.isnan(r.result) or math.isnan(target)) and target:
            percent = r.result / target * 100
            percent_cell = Derived(round(percent, 1))  # in italics: the legend under the table says derived
        rating = assess(r.result, target, percent, direction.get(r.indicator_id, "higher"))
        if r.note:
            notes.append(r.note)
        rows.append([r.row_no, r.name_vi, _unit(r.unit), target_cell, r.result, percent_cell, rating, notes[0]])
        remarks.append(notes[1:])
    return rows, remarks


def resolution_summary(raw: RawData, commune_id: str, rows: list[list]) -> list[str]:
    """The report's claimed count beside what the rows show, said plainly."""
    obs = raw.observations[raw.observations.commune_id == commune_id]
    achieved = obs[obs.indicator_id == CLAIM_ACHIEVED]
    totals = obs[obs.indicator_id == CLAIM_TOTAL]
    # the same rule as the merge: the 'preferred' row, else the body text over a footnote
    claim = preferred_observations(achieved).iloc[0] if len(achieved) else None
    lines = [vi("summary.title")]
    n_ok = sum(r[6] in (vi("result.achieved"), vi("result.exceeded")) for r in rows)
    n_bad = sum(r[6] == vi("result.not_achieved") for r in rows)
    n_none = sum(r[6] == NO_DATA for r in rows)
    lines.append(
        f"Tổng số {len(rows)} chỉ tiêu, trong đó đạt và vượt {n_ok}; không đạt {n_bad}; chưa có số liệu {n_none}."
    )
    if claim is None:
        lines.append("Báo cáo không nêu số chỉ tiêu đạt của xã này.")
        return lines
    total = totals[totals.source_ref == claim.source_ref]
    t_printed = total.value_as_printed.iloc[0] if len(total) else "?"
    t_value = total.value.iloc[0] if len(total) else math.nan
    lines.insert(1, f"Báo cáo nêu: đạt {claim.value_as_printed}/{t_printed} chỉ tiêu ({claim.source_ref}).")
    for other in named_rows(achieved[achieved.source_ref != claim.source_ref]):
        other_total = totals[totals.source_ref == other.source_ref].value_as_printed
        lines.append(
            f"Chỗ khác báo cáo ghi đạt {other.value_as_printed}/"
            f"{other_total.iloc[0] if len(other_total) else '?'} ({other.source_ref})."
        )
    for n in named_rows(obs[obs.indicator_id == CLAIM_NOT_ACHIEVED]):
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
            f"{claim.value_as_printed}/{t_printed}: báo cáo không nêu đủ các chỉ tiêu của phụ lục."
        )
    lines.append(verdict)
    return lines


RESOLUTION_COLUMNS = [
    Column(vi("header.no"), 6, "int"),
    Column(vi("header.indicator"), 42),
    Column(vi("header.unit"), 11),
    Column(vi("header.resolution_target"), 16, "num1"),
    Column(vi("header.result"), 16, "num1"),
    Column(vi("header.vs_resolution"), 14, "pct1"),
    Column(vi("header.rating"), 12),
    Column(vi("header.note_source"), 48),
]


def _unit(unit: str) -> str:
    """The ĐVT cell: blank for a qualitative statement, never 'định tính'; a unit as papers print it (km², units.csv)."""
    return "" if not unit or unit == "định tính" else unit_printed(unit)


def _term(term: str) -> str:
    return term.replace("-", " - ")


def resolution_title(name: str, congress: str, term: str) -> str:
    """'NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ XÃ … LẦN THỨ I, NHIỆM KỲ 2025 - 2030', the resolution's own title."""
    title = vi("title.resolution", name=name.upper(), congress=str(congress).upper(), term=_term(term))
    # a commune whose data give no congress number or term: the title without the empty words
    return title.replace(" LẦN THỨ ,", ",").removesuffix(", NHIỆM KỲ ")


def report_line(raw: RawData, merged_id: str) -> str:
    """'(Kèm theo Báo cáo chính trị của Ban Chấp hành Đảng bộ xã trình Đại hội đại biểu …)'."""
    m = raw.communes.set_index("commune_id").loc[merged_id]
    return (
        f"(Kèm theo Báo cáo chính trị của Ban Chấp hành Đảng bộ xã trình Đại hội đại biểu Đảng bộ xã "
        f"{plain_name(m.name_vi)}"
        + (f" lần thứ {m.congress}" if m.congress else "")
        + (f", nhiệm kỳ {_term(m.term)}" if m.term else "")
        + ")"
    )


def resolution_workbook(raw: RawData, commune_id: str) -> Workbook:
    com = raw.communes.set_index("commune_id")
    c = com.loc[commune_id]
    rows, row_notes = resolution_rows_and_notes(raw, commune_id)
    res = raw.resolution_results[raw.resolution_results.commune_id == commune_id]
    claims = raw.observations[(raw.observations.commune_id == commune_id) & raw.observations.indicator_id.isin(CLAIMS)]
    sources = source_lines(
        raw, list(res.source_id) + list(claims.source_id), not (res.verified.all() and claims.verified.all())
    )
    wb = Workbook()
    ws = wb.active
    ws.title = f"Phụ lục {c.appendix_no}"
    write_sheet(
        ws,
        left=issuer(raw, c.merged_into),
        title=vi("title.appendix", no=c.appendix_no),
        subtitle="KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU " + resolution_title(plain_name(c.name_vi), c.congress, c.term),
        note=report_line(raw, c.merged_into),
        columns=RESOLUTION_COLUMNS,
        rows=rows,
        groups=[(vi("header.term", term=_term(c.term)).strip(), 4, 7)],
        place_date=place_date(raw, c.merged_into),
        summary=[
            *resolution_summary(raw, commune_id, rows),
            *row_notes,
            vi("legend.line"),
            vi("legend.derived"),
            "",
            *sources,
        ],
        signed=True,
    )
    files_sheet(wb, raw, list(res.source_id) + list(claims.source_id))
    return wb


def in_report_order(raw: RawData, rows: pd.DataFrame, communes: list[str]) -> pd.DataFrame:
    """The merged rows in the order the report gives its figures: each indicator at the first place any of
    `communes` has a figure of it (`report_order` of the observations' source_ref), its periods together;
    indicators at one place keep their order (by name), those from no place of a text go last."""
    obs = raw.observations[raw.observations.commune_id.isin(communes)]
    first = obs.groupby("indicator_id").source_ref.agg(lambda refs: min(map(report_order, refs)))
    place = rows.indicator_id.map(first).map(lambda k: k if isinstance(k, tuple) else LAST)
    order = sorted(range(len(rows)), key=lambda i: place.iloc[i])  # stable: the name order within a place
    return rows.iloc[order]


def parse_or_none(text: str):
    """A published number back to a float for a numeric cell ('1.250' -> 1250.0), None for a word."""
    try:
        return float(parse_number(text))
    except NumberFormatError:
        return None


def _maybe(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _shown(value, qualitative: bool):
    """A figure as the office reads it: 'Đạt' / 'Không đạt' for a qualitative statement, never 1 or 0."""
    value = _maybe(value)
    if value is None or not qualitative:
        return value
    return vi("result.achieved") if value == 1 else vi("result.not_achieved")


def _merged_cell(r, qualitative: bool):
    """The merged figure; a sum with a part printed "trên 205" is a floor, shown as one ("trên 685")."""
    if getattr(r, "merged_bound", "") == "above":
        return f"trên {format_vn(r.merged_lower_bound)}"
    return _shown(r.merged, qualitative)


_QUALIFIER = re.compile(r"\b(trên|dưới|khoảng|gần|hơn|ít nhất|tối thiểu)\b", re.IGNORECASE)


def _reported(r, qualitative: bool):
    """The figure the report gives, as a number; as printed text only when the report qualifies it ('trên 979')
    or states it in words ('Đạt')."""
    printed = r.reported_as_printed if isinstance(r.reported_as_printed, str) else ""
    if qualitative or _QUALIFIER.search(printed) or _maybe(r.reported) is None:
        return printed or None
    return float(r.reported)


def merged_workbook(
    raw: RawData, merged_id: str, table: pd.DataFrame, gaps: pd.DataFrame, findings: pd.DataFrame
) -> Workbook:
    com = raw.communes.set_index("commune_id")
    formers = raw.formers_of[merged_id]
    left = issuer(raw, merged_id)
    name = plain_name(com.loc[merged_id].name_vi)
    note = report_line(raw, merged_id)
    qualitative = set(raw.indicators.indicator_id[raw.indicators.kind == "qualitative"])
    wb = Workbook()

    t = in_report_order(raw, table[table.merged_commune_id == merged_id], [*formers, merged_id])
    all_formers = formers
    formers = [f for f in formers if f in t.columns]  # past WIDE_LIMIT the table is long: no column per commune
    columns = (
        [
            Column(vi("header.no"), 6, "int"),
            Column(vi("header.indicator"), 36),
            Column(vi("header.unit"), 11),
            Column(vi("header.period"), 11),
        ]
        + [Column(com.loc[f].name_vi, 13, "num2") for f in formers]
        + [
            Column(vi("header.merged_value"), 13, "num2"),
            Column(vi("header.method"), 44),
            Column(vi("header.approximate"), 9),
            Column(vi("header.reported"), 12, "num2"),
            Column(vi("header.check"), 14),
            Column(vi("header.source"), 18),
        ]
    )
    rows = [
        [i, r.name_vi, _unit(r.unit), r.period]
        + [_shown(getattr(r, f), r.indicator_id in qualitative) for f in formers]
        + [
            _merged_cell(r, r.indicator_id in qualitative),
            r.method,
            vi("yesno.yes") if r.approximate else vi("yesno.no"),
            _reported(r, r.indicator_id in qualitative),
            check_text(r.check_code, r.difference),
            _source_cell(
                raw,
                "; ".join(dict.fromkeys(x for x in (r.sources, r.reported_source_id) if isinstance(x, str) and x)),
                r.verified,
            ),
        ]
        for i, r in enumerate(named_rows(t), start=1)
    ]
    merged_sources = source_lines(raw, list(t.sources) + list(t.reported_source_id.dropna()), not t.verified.all())
    ws = wb.active
    ws.title = vi("sheet.merged")
    n_match = (t.check_code == CHECK_MATCH).sum()
    n_mis = (t.check_code == CHECK_MISMATCH).sum()
    write_sheet(
        ws,
        left=left,
        title=appendix_title(raw, merged_id),
        place_date=place_date(raw, merged_id),
        subtitle=vi("title.merged", name=name.upper()),
        note=note,
        columns=columns,
        rows=rows,
        groups=[(vi("header.former_communes"), 5, 4 + len(formers))] if formers else [],
        summary=[
            vi("summary.title"),
            f"Tổng số {len(t)} dòng, trong đó {t.merged.notna().sum()} dòng tính được số của xã mới "
            f"({t.approximate.sum()} gần đúng); đối chiếu với số báo cáo nêu: {n_match} khớp, {n_mis} lệch.",
            *(
                [
                    f"Xã mới gộp từ {len(all_formers)} xã cũ, quá nhiều để mỗi xã một cột; số của từng xã cũ có trong "
                    "bảng số liệu sạch (observations.csv)."
                ]
                if len(formers) < len(all_formers)
                else []
            ),
            vi("legend.line"),
            "",
            *merged_sources,
        ],
        signed=True,
    )

    ws = wb.create_sheet(vi("sheet.targets"))
    columns = [
        Column(vi("header.target_no"), 8),
        Column(vi("header.indicator"), 40),
        Column(vi("header.unit"), 11),
        Column(vi("header.target_2030"), 16),
        Column(vi("header.baseline"), 12, "num2"),
        Column(vi("header.baseline_period"), 13),
        Column(vi("header.remaining"), 12, "num2"),
        Column(vi("header.per_year"), 12, "num2"),
        Column(vi("header.rating"), 16),
        Column(vi("header.note"), 52),
        Column(vi("header.source"), 18),
    ]

    def published(text: str):
        """A cell from the table of facts: the published number ('41,77' -> 41.77), or its text ('-',
        'ít nhất 1', 'Đạt'); no data stays an empty cell, shown '…'."""
        if text == NO_DATA:
            return None
        number = parse_or_none(text)
        return text if number is None else number

    rows = [
        [
            target_no(g.target_id),
            g.description_vi,
            _unit(g.unit),
            target_words(g.comparator, g.target_as_printed, format_vn(g.target_high), g.unit, g.horizon),
            published(facts.baseline_text(g)),
            g.baseline_period or None,
            published(facts.gap_text(g)),
            published(facts.per_year_text(g)),
            g.status,
            g.note_vi,
            _source_cell(
                raw, "; ".join(dict.fromkeys(x for x in (g.target_source_id, g.baseline_sources) if x)), g.verified
            ),
        ]
        for g in named_rows(gaps)
    ]
    gap_sources = source_lines(raw, list(gaps.target_source_id) + list(gaps.baseline_sources), not gaps.verified.all())
    each, once = facts.counted(gaps)  # each target of the resolution once: (1) and (1b) are one
    counts = each.status.value_counts()
    write_sheet(
        ws,
        left=left,
        title=f"{appendix_title(raw, merged_id)} (tiếp)",
        place_date=place_date(raw, merged_id),
        subtitle=vi("title.targets", name=name.upper()),
        note=note,
        columns=columns,
        rows=rows,
        summary=[
            vi("summary.title"),
            f"Tổng số {len(each)} chỉ tiêu{once}, trong đó: " + "; ".join(f"{k} {v}" for k, v in counts.items()) + ".",
            vi("legend.line"),
            "",
            *gap_sources,
        ],
        signed=True,
    )

    ws = wb.create_sheet(vi("sheet.audit"))
    about = raw.observations[raw.observations.commune_id.isin([*all_formers, merged_id])]  # what was audited
    columns = [
        Column(vi("header.no"), 6, "int"),
        Column(vi("header.rule"), 30),
        Column(vi("header.audit_result"), 12),
        Column(vi("header.severity"), 11),
        Column(vi("header.content"), 70),
        Column(vi("header.place"), 40),
    ]
    place = audit_places(raw)  # each place in the document that prints it: a report, or its appendix
    rows = [
        [
            i,
            vi(f"rule.{f.rule}"),
            vi(f"audit.{f.status}"),
            f.severity or NOT_APPLICABLE,
            f.message_vi,
            place(f.source_ref, f.indicator_id),
        ]
        for i, f in enumerate(named_rows(findings), start=1)
    ]
    write_sheet(  # an internal check of the report's figures, not an appendix of the report: titled as one
        ws,
        left=None,
        title=vi("title.audit_internal"),
        subtitle=vi("title.audit"),
        note=vi("note.audit_internal"),
        columns=columns,
        rows=rows,
        summary=[
            vi("summary.title"),
            f"Tổng số {len(findings)} mục kiểm tra, trong đó {(findings.status == 'pass').sum()} "
            f"khớp, {(findings.status == 'fail').sum()} không khớp, "
            f"{(findings.status == 'na').sum()} không áp dụng.",
            vi("legend.line"),
            "",
            *source_lines(raw, about.source_id, not about.verified.all()),
        ],
    )
    files_sheet(
        wb,
        raw,
        list(t.sources) + list(t.reported_source_id.dropna()) + list(gaps.target_source_id) + list(about.source_id),
    )
    return wb


def _findings_of(raw: RawData, findings: pd.DataFrame, merged_id: str) -> pd.DataFrame:
    """The audit items about one merger: its former communes, itself, or pairs of them ('a+b')."""
    mine = {*raw.formers_of.get(merged_id, []), merged_id}
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
    # Biểu số 03 goes with the congress report: its gaps are those of the baseline year, whatever yearly
    # forms have come in since (they belong to the yearly table), so a row never mixes a 2025 baseline
    # with what a later year left to go
    baseline_years = {m: raw.term(m).baseline_year for m in merged_ids if raw.term(m) is not None}
    at_baseline = {
        year: gap_table(raw, table, as_of=year) if (gaps.current_year > year).any() else gaps
        for year in set(baseline_years.values())
    }
    for m in sorted(merged_ids):
        number = raw.communes.set_index("commune_id").appendix_no[m]
        mine = at_baseline[baseline_years[m]] if m in baseline_years else gaps
        books[f"phu_luc_{number + '_' if number else ''}{m}.xlsx"] = merged_workbook(
            raw, m, table, mine[mine.commune_id == m], _findings_of(raw, findings, m)
        )
    return books


def export_appendices(out_dir: str | Path | None = None, raw_dir: str | Path | RawData | None = None) -> list[Path]:
    """Write the Excel appendices: Phụ lục 01/02 per former commune, Phụ lục 03 per merger.

    Parameters
    ----------
    out_dir : str, Path or None
        Folder to write into (created if missing); default the project's ``reports/phu_luc/``. Never the
        raw folder, nor where the build writes (``data/clean/``, ``data/archive/``, the appendices of
        ``reports/`` itself): `OutputPlaceError`, nothing written.
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

    out_dir = Path(out_dir) if out_dir is not None else config.REPORTS_DIR / "phu_luc"
    # the one output guard: never into the raw folder given (or the project's, for loaded data), nor over
    # the build's own appendices (reports/phu_luc_*.xlsx), its clean tables or its archive of forms
    raw_folder = config.resolve(None if isinstance(raw_dir, RawData) else raw_dir)
    check_places(raw_folder, {"out_dir": out_dir})
    check_places(
        raw_folder, {}, {"out_dir": out_dir / "phu_luc_*.xlsx"}, owned_areas(config.CLEAN_DIR, config.REPORTS_DIR)
    )
    workbooks = appendix_workbooks(as_raw(raw_dir))
    # each workbook to a temporary file beside it, then renamed: an interrupted export leaves the old file
    return [
        atomic_write(out_dir / name, lambda tmp, wb=wb: save_deterministic(wb, tmp)) for name, wb in workbooks.items()
    ]
