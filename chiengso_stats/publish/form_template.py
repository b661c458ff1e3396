"""Publish: the yearly monitoring form, written for the office (its layout and reader: `ingest/forms.py`).

`template_workbook` writes the form for one year: one row per indicator a 2030 target or
the merge needs, the input column "Giá trị năm <year>", a source column, read-only context
(name, unit, the targets served, the 2025 baseline, earlier years), Excel data validation
and sheet protection without a password.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..analysis.reconcile import merged_or_reported
from ..glossary import target_no, target_words, vi
from ..ingest.forms import (
    ACHIEVED,
    GUIDE_SHEET,
    H_ID,
    H_NOTE,
    H_SOURCE,
    H_STATUS,
    H_UNIT,
    L_COMMUNE,
    L_DATE,
    L_DOC,
    L_ISSUER,
    L_YEAR,
    NOT_ACHIEVED,
    SOURCES_SHEET,
    STATUS,
    data_sheet,
    value_header,
)
from ..ingest.schemas import weight_indicator
from ..ingest.sources import KIND_VI
from ..numbers import unit_printed
from ..text import plain_name
from .excel import FORMATS, Column, align, font, issuer, place_date, set_text, write_guide, write_sheet


# ---------------------------------------------------------------- what the form asks for
def form_indicators(raw, merged_id: str | None = None) -> list[str]:
    """Indicators of the merged commune's 2030 targets, then the denominators that merging them needs."""
    ind = raw.indicators.set_index("indicator_id")
    targets = raw.targets if merged_id is None else raw.targets[raw.targets.commune_id == merged_id]
    ids = list(dict.fromkeys(targets.indicator_id))
    weights = []
    for i in ids:
        weights += [weight_indicator(ind.aggregation[i]), ind.proxy_weight[i]]
    return ids + [w for w in dict.fromkeys(weights) if w and w not in ids]


HORIZON_WORDS = {
    "total_2026_2030": " cả nhiệm kỳ",
    "annual_average_2026_2030": " bình quân năm",
    "additional_2026_2030": " (thêm)",
    "every_year": " hằng năm",
}


def target_text(comparator: str, printed: str, printed_high: str, horizon: str) -> str:
    """A target in the report's words (the glossary's): 'Từ 45% trở lên', 'Từ 1.250 triệu đồng trở lên cả
    nhiệm kỳ', 'Thêm từ 1 đến 2', 'Duy trì'."""
    words = target_words(comparator, printed, printed_high, horizon=horizon)
    if comparator in ("maintain", "range") or horizon == "additional_2026_2030":
        return words
    return words + HORIZON_WORDS.get(horizon, "")


def _targets_served(raw, indicator: str, merged_id: str) -> str:
    t = raw.targets[(raw.targets.indicator_id == indicator) & (raw.targets.commune_id == merged_id)]
    parts = [
        f"({r.target_id}) {target_text(r.comparator, r.target_as_printed, r.target_high_as_printed, r.horizon)}"
        for r in t.itertuples()
    ]
    return "; ".join(parts) or "mẫu số để gộp (không phải chỉ tiêu)"


def _value_at(table: pd.DataFrame, merged_id: str, indicator: str, year: int):
    rows = table[
        (table.merged_commune_id == merged_id) & (table.indicator_id == indicator) & (table.period == str(year))
    ]
    if rows.empty:
        return None
    v = merged_or_reported(rows.merged, rows.reported).iloc[0]
    if pd.isna(v):
        return None
    if rows.kind.iloc[0] == "qualitative":  # shown as the office types it
        return ACHIEVED if v == 1 else NOT_ACHIEVED
    return float(v)


# ---------------------------------------------------------------- writing the template
def template_workbook(raw, table: pd.DataFrame, year: int, merged_id: str, baseline_year: int = 2025) -> Workbook:
    """The input form for `year`, for the merged commune `merged_id`."""
    com = raw.communes.set_index("commune_id")
    ind = raw.indicators.set_index("indicator_id")
    name = plain_name(com.loc[merged_id].name_vi)
    earlier = list(range(baseline_year + 1, year))
    ids = form_indicators(raw, merged_id)
    columns = (
        [
            Column("STT", 6, "int"),
            Column(H_ID, 26),
            Column("Tên chỉ tiêu", 40),
            Column(H_UNIT, 12),
            Column(vi("header.target_2030"), 24),
            Column(vi("header.actual_year", year=baseline_year), 13, "num2"),
        ]
        # the years already entered: "Thực hiện năm Y" as in the yearly table; the input column keeps
        # "Giá trị năm Y", the word the reader keys on (a context column named alike would be read as it)
        + [Column(vi("header.actual_year", year=y), 13, "num2") for y in earlier]
        + [Column(value_header(year), 15, "num2"), Column(H_SOURCE, 20), Column(H_NOTE, 28), Column(H_STATUS, 16)]
    )
    # one name for one indicator: the target's, as every paper names it ("(5) Tỷ lệ che phủ rừng ổn định …"),
    # where the indicator serves one target; the catalogue's where it serves several or is a denominator
    served = raw.targets[raw.targets.commune_id == merged_id].groupby("indicator_id")
    named = {i: f"{target_no(g.target_id.iloc[0])} {g.description_vi.iloc[0]}" for i, g in served if len(g) == 1}
    rows = []
    for k, i in enumerate(ids, start=1):
        base = _value_at(table, merged_id, i, baseline_year)
        rows.append(
            [k, i, named.get(i, ind.name_vi[i]), unit_printed(ind.unit[i]), _targets_served(raw, i, merged_id), base]
            + [_value_at(table, merged_id, i, y) for y in earlier]
            + ["", "", "", ""]
        )
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    ws = wb.create_sheet(data_sheet(year))
    write_sheet(
        ws,
        left=issuer(raw, merged_id),
        title=f"BIỂU NHẬP SỐ LIỆU THEO DÕI NGHỊ QUYẾT NĂM {year}",
        subtitle=f"SỐ LIỆU THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ XÃ {name.upper()} "
        f"NHIỆM KỲ {baseline_year} - {baseline_year + 5}",
        note="(Chỉ nhập vào bốn cột cuối; ô để trống nghĩa là không có số liệu, không phải số 0)",
        columns=columns,
        rows=rows,
        place_date=place_date(raw, merged_id, year),
    )
    first, value_col = 12, len(columns) - 3
    _inputs(ws, raw, ids, first, value_col, len(raw.sources))
    _info_block(ws, first + len(rows) + 1, year, merged_id)
    _guide(guide, year, name, get_column_letter(value_col))
    _sources_sheet(wb.create_sheet(SOURCES_SHEET), raw)
    ws.protection.sheet = True  # locked without a password: the office can unlock it, not by accident
    wb.active = 1
    return wb


def _inputs(ws, raw, ids, first: int, value_col: int, n_sources: int) -> None:
    ind = raw.indicators.set_index("indicator_id")
    checks = {
        "pct": DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tỷ lệ",
            error="Nhập số phần trăm từ 0 đến 100 (vd 45,5).",
        ),
        "num": DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Số liệu",
            error="Nhập một số không âm, theo đơn vị ở cột ĐVT.",
        ),
        "qual": DataValidation(
            type="list",
            formula1=f'"{ACHIEVED},{NOT_ACHIEVED}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Định tính",
            error=f"Chọn {ACHIEVED} hoặc {NOT_ACHIEVED}.",
        ),
        "status": DataValidation(
            type="list",
            formula1='"' + ",".join(STATUS) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tình trạng số liệu",
            error="Để trống, hoặc chọn " + ", ".join(STATUS) + ".",
        ),
        "src": DataValidation(
            type="list",
            formula1=f"'{SOURCES_SHEET}'!$A$2:$A${n_sources + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Nguồn",
            error="Để trống (nguồn là biểu này) hoặc chọn mã nguồn đã đăng ký.",
        ),
    }
    for r, i in enumerate(ids, start=first):
        kind = "qual" if ind.kind[i] == "qualitative" else "pct" if ind.unit[i] == "%" else "num"
        for c in (value_col, value_col + 1, value_col + 2, value_col + 3):
            cell = ws.cell(row=r, column=c)
            cell.value = None  # empty means no data
            cell.protection = Protection(locked=False)
        ws.cell(row=r, column=value_col).number_format = FORMATS["num2"] if kind != "qual" else "@"
        ws.cell(row=r, column=value_col + 1).number_format = "@"
        checks[kind].add(ws.cell(row=r, column=value_col))
        checks["src"].add(ws.cell(row=r, column=value_col + 1))
        checks["status"].add(ws.cell(row=r, column=value_col + 3))
    for dv in checks.values():
        if dv.sqref:
            ws.add_data_validation(dv)


def _info_block(ws, start: int, year: int, merged_id: str) -> None:
    """Labelled cells: the year and commune (locked), then the form's own source details."""
    for k, (label, value, editable) in enumerate(
        (
            (L_YEAR, year, False),
            (L_COMMUNE, merged_id, False),
            (L_ISSUER, None, True),
            (L_DATE, None, True),
            (L_DOC, None, True),
        ),
        start=start + 1,
    ):
        lab = ws.cell(row=k, column=2)
        set_text(lab, label)
        lab.font = font(12, bold=True)
        cell = ws.cell(row=k, column=3)
        if isinstance(value, str):
            set_text(cell, value)
        else:
            cell.value = value
        cell.font = font(12)
        cell.alignment = align("left")
        if editable:
            cell.protection = Protection(locked=False)
            cell.number_format = "@"
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{start + 5}"


GUIDE = [
    "HƯỚNG DẪN NHẬP SỐ LIỆU THEO DÕI NGHỊ QUYẾT NĂM {year} — XÃ {name}",
    "",
    "1. Nhập gì, ở đâu: trang '{sheet}', cột {col} 'Giá trị năm {year}', mỗi dòng một chỉ tiêu. Ô để trống nghĩa là "
    "không có số liệu (không phải 0). Không sửa các cột khác, mã chỉ tiêu, đơn vị, tên trang tính.",
    "2. Đơn vị: theo cột ĐVT. Tỷ lệ (%) nhập số từ 0 đến 100 (vd 45,5 cho 45,5%); tiền nhập theo triệu đồng; "
    "chỉ tiêu định tính chọn '{ok}' hoặc '{nok}'. Số gõ vào là ô số, không gõ kèm chữ.",
    "3. Nguồn: cột 'Nguồn (mã nguồn)' để trống khi số liệu lấy từ chính biểu này; nếu lấy từ một tài liệu đã đăng ký, "
    "chọn mã của tài liệu đó (trang 'Nguồn'). Ở cuối trang số liệu, ghi cơ quan / người lập biểu, ngày lập, "
    "số văn bản (có thể để trống).",
    "3a. Tình trạng số liệu (cột cuối): 'Ước thực hiện' cho số ước tính (báo cáo tháng 12), 'Sơ bộ', hoặc "
    "'Chính thức'. Khi có số chính thức, sửa số trong biểu năm đó, chọn 'Chính thức' và lưu đè tệp cũ: mỗi bản "
    "biểu đã đọc được lưu lại trong data/archive/monitoring/, bảng theo dõi ghi rõ số nào đã sửa.",
    "4. Lưu tệp: lưu dạng .xlsx với tên data/raw/monitoring/{year}.xlsx trong thư mục dự án.",
    "5. Chạy lại: gõ 'make run' (hoặc '.venv/bin/chiengso-stats build') trong thư mục dự án. Kết quả: "
    "reports/theo_doi_nam_{year}.xlsx (biểu gửi cấp trên) và reports/charts/theo_doi_hang_nam.html.",
    "6. Nếu biểu có lỗi, lệnh dừng (mã 2), liệt kê mọi lỗi với tệp, trang, ô, giá trị đang ghi và giá trị cần, và không "
    "ghi tệp kết quả nào. Sửa biểu rồi chạy lại.",
    "",
    "Trang tính được khóa không mật khẩu để tránh sửa nhầm; chỉ các ô nhập liệu được mở.",
    "(English: type this year's figures in the 'Giá trị năm {year}' column, save as data/raw/monitoring/{year}.xlsx, "
    "run 'make run'. Empty means no data.)",
]


def _guide(ws, year: int, name: str, col: str) -> None:
    names = dict(year=year, sheet=data_sheet(year), col=col, ok=ACHIEVED, nok=NOT_ACHIEVED)
    write_guide(ws, [line.format(name=name.upper() if k == 0 else name, **names) for k, line in enumerate(GUIDE)])


def _sources_sheet(ws, raw) -> None:
    for c, (title, width) in enumerate((("Mã nguồn", 26), ("Tên nguồn", 70), ("Loại", 40)), start=1):
        set_text(ws.cell(row=1, column=c), title)
        ws.cell(row=1, column=c).font = font(12, bold=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, s in enumerate(raw.sources.sort_values("source_id").itertuples(), start=2):
        for c, v in enumerate((s.source_id, s.title_vi, KIND_VI.get(s.kind, s.kind)), start=1):
            set_text(ws.cell(row=r, column=c), v)
    ws.protection.sheet = True
