"""The yearly monitoring form: written for the office, read back as a `table` source.

`template_workbook` writes the form for one year: one row per indicator a 2030 target or
the merge needs, the input column "Giá trị năm <year>", a source column, read-only context
(name, unit, the targets served, the 2025 baseline, earlier years), Excel data validation
and sheet protection without a password.

`read_forms` reads every `*.xlsx` in `data/raw/monitoring/`: each form is registered as a
table source (its checksum computed, not typed by anyone), and each filled cell becomes an
observation of the merged commune for that year, verified against its cell. Every problem
is located by file, sheet and cell.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .errors import Problem
from .excel import FORMATS, Column, align, font, set_text, write_sheet
from .schemas import Observations, schema_columns, weight_indicator
from .sources import KIND_VI, RECORD, TABLE, Source, sha256_of, vietnamese
from .text import plain_name

FOLDER = "monitoring"
H_ID = "Mã chỉ tiêu (indicator_id)"
H_UNIT = "ĐVT"
H_SOURCE = "Nguồn (mã nguồn)"
H_NOTE = "Ghi chú"
ACHIEVED, NOT_ACHIEVED = "Đạt", "Không đạt"
L_YEAR, L_COMMUNE = "Năm báo cáo", "Mã xã (commune_id)"
L_ISSUER, L_DATE, L_DOC = "Cơ quan / người lập biểu", "Ngày lập (năm-tháng-ngày)", "Số văn bản"
SOURCES_SHEET = "Nguồn"
GUIDE_SHEET = "Hướng dẫn"
_FILE = re.compile(r"^(?P<year>\d{4})(?:[_-][A-Za-z0-9_-]*)?\.xlsx$")
SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "range": "thêm", "maintain": "duy trì"}


def value_header(year: int) -> str:
    return f"Giá trị năm {year}"


def data_sheet(year: int) -> str:
    return f"Số liệu năm {year}"


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
    """A target as the office writes it: '≥ 45%', '≥ 1.250 triệu đồng cả nhiệm kỳ', 'thêm 1 đến 2'."""
    if comparator == "maintain":
        return "duy trì"
    if comparator == "range":
        return f"thêm {printed} đến {printed_high}"
    return f"{SYMBOL.get(comparator, comparator)} {printed}{HORIZON_WORDS.get(horizon, '')}"


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
    v = rows.merged.fillna(rows.reported).iloc[0]
    if pd.isna(v):
        return None
    if rows.kind.iloc[0] == "qualitative":  # shown as the office types it
        return ACHIEVED if v == 1 else NOT_ACHIEVED
    return float(v)


# ---------------------------------------------------------------- writing the template
def template_workbook(raw, table: pd.DataFrame, year: int, merged_id: str, baseline_year: int = 2025) -> Workbook:
    """The input form for `year`, for the merged commune `merged_id`."""
    from .appendices import _issuer, place_date

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
            Column("Mục tiêu 2030", 24),
            Column(f"Thực hiện {baseline_year}", 13, "num2"),
        ]
        + [Column(f"Thực hiện {y}", 13, "num2") for y in earlier]
        + [Column(value_header(year), 15, "num2"), Column(H_SOURCE, 20), Column(H_NOTE, 28)]
    )
    rows = []
    for k, i in enumerate(ids, start=1):
        base = _value_at(table, merged_id, i, baseline_year)
        rows.append(
            [k, i, ind.name_vi[i], ind.unit[i], _targets_served(raw, i, merged_id), base]
            + [_value_at(table, merged_id, i, y) for y in earlier]
            + ["", "", ""]
        )
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    ws = wb.create_sheet(data_sheet(year))
    write_sheet(
        ws,
        left=_issuer(raw, merged_id),
        title=f"BIỂU NHẬP SỐ LIỆU THEO DÕI NGHỊ QUYẾT NĂM {year}",
        subtitle=f"SỐ LIỆU THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ XÃ {name.upper()} "
        f"NHIỆM KỲ {baseline_year}-{baseline_year + 5}",
        note="(Chỉ nhập vào ba cột cuối; ô để trống nghĩa là không có số liệu, không phải số 0)",
        columns=columns,
        rows=rows,
        place_date=place_date(raw, merged_id, year),
    )
    first, value_col = 12, len(columns) - 2
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
        for c in (value_col, value_col + 1, value_col + 2):
            cell = ws.cell(row=r, column=c)
            cell.value = None  # empty means no data
            cell.protection = Protection(locked=False)
        ws.cell(row=r, column=value_col).number_format = FORMATS["num2"] if kind != "qual" else "@"
        ws.cell(row=r, column=value_col + 1).number_format = "@"
        checks[kind].add(ws.cell(row=r, column=value_col))
        checks["src"].add(ws.cell(row=r, column=value_col + 1))
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
    "4. Lưu tệp: lưu dạng .xlsx với tên data/raw/monitoring/{year}.xlsx trong thư mục dự án.",
    "5. Chạy lại: gõ 'make run' (hoặc '.venv/bin/chiengso-stats build') trong thư mục dự án. Kết quả: "
    "reports/theo_doi_nam_{year}.xlsx (biểu gửi cấp trên) và reports/charts/theo_doi_hang_nam.html.",
    "6. Nếu biểu có lỗi, lệnh dừng (mã 2), liệt kê mọi lỗi với tệp, trang, ô, giá trị gặp và giá trị cần, và không "
    "ghi tệp kết quả nào. Sửa biểu rồi chạy lại.",
    "",
    "Trang tính được khóa không mật khẩu để tránh sửa nhầm; chỉ các ô nhập liệu được mở.",
    "(English: type this year's figures in the 'Giá trị năm {year}' column, save as data/raw/monitoring/{year}.xlsx, "
    "run 'make run'. Empty means no data.)",
]


def _guide(ws, year: int, name: str, col: str) -> None:
    ws.column_dimensions["A"].width = 120
    for k, line in enumerate(GUIDE, start=1):
        cell = ws.cell(row=k, column=1)
        set_text(
            cell,
            line.format(
                year=year,
                name=name.upper() if k == 1 else name,
                sheet=data_sheet(year),
                col=col,
                ok=ACHIEVED,
                nok=NOT_ACHIEVED,
            ),
        )
        cell.font = font(14 if k == 1 else 12, bold=k == 1)
        cell.alignment = align("left", "top")
    ws.protection.sheet = True


def _sources_sheet(ws, raw) -> None:
    for c, (title, width) in enumerate((("Mã nguồn", 26), ("Tên nguồn", 70), ("Loại", 40)), start=1):
        set_text(ws.cell(row=1, column=c), title)
        ws.cell(row=1, column=c).font = font(12, bold=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, s in enumerate(raw.sources.sort_values("source_id").itertuples(), start=2):
        for c, v in enumerate((s.source_id, s.title_vi, KIND_VI.get(s.kind, s.kind)), start=1):
            set_text(ws.cell(row=r, column=c), v)
    ws.protection.sheet = True


# ---------------------------------------------------------------- reading filled forms
def form_paths(raw_dir: Path) -> list[Path]:
    folder = raw_dir / FOLDER
    return sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$")) if folder.is_dir() else []


def _where(path: Path, sheet: str, row: int, col: int) -> str:
    return f"{FOLDER}/{path.name}, trang '{sheet}', ô {get_column_letter(col)}{row}"


def _find(ws, text: str, max_row: int = 40):
    for row in ws.iter_rows(min_row=1, max_row=max_row):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() == text:
                return cell.row, cell.column
    return None


def _labelled(ws, label: str):
    hit = _find(ws, label, ws.max_row)
    return (hit, ws.cell(row=hit[0], column=hit[1] + 1).value) if hit else (None, None)


def read_forms(
    raw_dir: Path, raw_registry: pd.DataFrame, indicators: pd.DataFrame, communes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Source], list[Problem]]:
    """Every filled form as observations, registry rows and opened sources; problems located by cell."""
    ind = indicators.set_index("indicator_id")
    kinds = dict(zip(raw_registry.source_id, raw_registry.kind))
    merged_ids = set(communes.commune_id[communes.role == "merged"])
    rows, registry, sources, problems, seen = [], [], {}, [], {}
    for path in form_paths(raw_dir):
        found = _read_form(path, ind, kinds, merged_ids, problems)
        if found is None:
            continue
        source, meta, form_rows = found
        for r in form_rows:
            key = (r["commune_id"], r["indicator_id"], r["period"])
            if key in seen:
                problems.append(
                    Problem(
                        r["_where"],
                        None,
                        None,
                        f"{r['value_as_printed']} (năm {r['period']})",
                        f"một giá trị cho mỗi chỉ tiêu mỗi năm; {seen[key]} đã có giá trị này",
                        f"one value per indicator and year; {seen[key]} already gives one",
                    )
                )
            seen[key] = r["_where"]
        rows += form_rows
        registry.append(meta)
        sources[source.source_id] = source
    # a form's rows: raw observation rows, plus what load adds to them (unit, value, verification)
    frame = pd.DataFrame(rows, columns=[*schema_columns(Observations), "unit", "value", "verified", "_where"])
    return frame, pd.DataFrame(registry, columns=list(raw_registry.columns)), sources, problems


def _read_form(path: Path, ind, kinds, merged_ids, problems):
    name = f"{FOLDER}/{path.name}"
    m = _FILE.match(path.name)
    if not m:
        problems.append(
            Problem(
                name,
                None,
                None,
                path.name,
                "tên tệp bắt đầu bằng năm, vd 2026.xlsx",
                "a file name starting with the year, e.g. 2026.xlsx",
            )
        )
        return None
    year = int(m["year"])
    try:
        wb = load_workbook(path, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:  # not a readable .xlsx: say so
        problems.append(
            Problem(name, None, None, type(exc).__name__, "một tệp Excel .xlsx đọc được", "a readable .xlsx workbook")
        )
        return None
    sheet = data_sheet(year)
    if sheet not in wb.sheetnames:
        other = [s for s in wb.sheetnames if s.startswith("Số liệu năm ")]
        problems.append(
            Problem(
                name,
                None,
                None,
                f"trang tính {', '.join(other) or ', '.join(wb.sheetnames)}",
                f"trang '{sheet}': năm trong biểu khớp với tên tệp ({year})",
                f"a sheet '{sheet}': the form's year matching the file name",
            )
        )
        return None
    ws = wb[sheet]
    header = _find(ws, H_ID)
    if header is None:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"trang '{sheet}' không có ô '{H_ID}'",
                "dòng tiêu đề của biểu mẫu, không sửa",
                "the form's header row, unchanged",
            )
        )
        return None
    hr = header[0]
    titles = {ws.cell(row=hr, column=c).value: c for c in range(1, ws.max_column + 1)}
    col = {}
    for title in (H_ID, H_UNIT, value_header(year), H_SOURCE):
        if title not in titles:
            near = [t for t in titles if isinstance(t, str) and t.startswith("Giá trị năm")]
            problems.append(
                Problem(
                    _where(path, sheet, hr, header[1]),
                    None,
                    None,
                    ", ".join(map(str, near)) if near and title.startswith("Giá trị") else "không có",
                    f"ô tiêu đề '{title}' trên dòng {hr}",
                    f"a header cell '{title}' on row {hr}",
                )
            )
        col[title] = titles.get(title)
    if None in col.values():
        return None
    year_at, year_value = _labelled(ws, L_YEAR)
    if year_at is not None and str(year_value).strip() != str(year):
        problems.append(
            Problem(
                _where(path, sheet, year_at[0], year_at[1] + 1),
                None,
                None,
                str(year_value),
                f"năm {year}, khớp với tên tệp",
                f"the year {year}, as in the file name",
            )
        )
    commune_at, commune = _labelled(ws, L_COMMUNE)
    if commune not in merged_ids:
        where = _where(path, sheet, commune_at[0], commune_at[1] + 1) if commune_at else name
        problems.append(
            Problem(
                where,
                None,
                None,
                str(commune),
                f"mã một xã mới: {', '.join(sorted(merged_ids))}",
                "the id of a merged commune",
            )
        )
        return None
    meta_values = {label: _labelled(ws, label)[1] for label in (L_ISSUER, L_DATE, L_DOC)}
    source_id = "theo_doi_" + re.sub(r"[^a-z0-9_]", "_", path.stem.lower())
    source = Source(
        source_id, TABLE, f"{FOLDER}/{path.name}", f"Biểu theo dõi năm {year}", sha256_of(path), sheets={sheet: {}}
    )
    form_rows = _form_rows(path, ws, sheet, hr, col, year, commune, source, ind, kinds, problems)
    return source, _registry_row(source, year, meta_values), form_rows


def _form_rows(path, ws, sheet, hr, col, year, commune, source, ind, kinds, problems) -> list[dict]:
    out, seen = [], {}
    c_id, c_unit, c_val, c_src = col[H_ID], col[H_UNIT], col[value_header(year)], col[H_SOURCE]
    c_note = c_src + 1 if ws.cell(row=hr, column=c_src + 1).value == H_NOTE else None
    started = False
    for r in range(hr + 1, ws.max_row + 1):
        ident = ws.cell(row=r, column=c_id).value
        blank = ident is None or (isinstance(ident, str) and not ident.strip())
        if not started and (blank or str(ident).startswith("(")):
            continue  # the rest of the header and the numbering row '(2)'
        if blank:
            break  # the end of the table; the labelled cells follow
        started = True
        ident = str(ident).strip()
        where = _where(path, sheet, r, c_id)
        if ident not in ind.index:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    ident,
                    "mã chỉ tiêu có trong danh mục (indicators.csv)",
                    "an indicator id listed in the catalogue",
                )
            )
            continue
        if ident in seen:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    ident,
                    f"mỗi chỉ tiêu một dòng (đã có ở dòng {seen[ident]})",
                    f"one row per indicator (already on row {seen[ident]})",
                )
            )
            continue
        seen[ident] = r
        unit = ind.unit[ident]
        typed_unit = ws.cell(row=r, column=c_unit).value
        if str(typed_unit or "").strip() != unit:
            problems.append(
                Problem(
                    _where(path, sheet, r, c_unit),
                    None,
                    None,
                    str(typed_unit),
                    f"đơn vị của mẫu '{unit}' (không sửa đơn vị)",
                    f"the template's unit '{unit}'",
                )
            )
            continue
        cell = ws.cell(row=r, column=c_val)
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # empty: no data, not zero
        parsed = _cell_value(value, ind.kind[ident], unit, _where(path, sheet, r, c_val), problems)
        if parsed is None:
            continue
        number, printed = parsed
        cited = ws.cell(row=r, column=c_src).value
        cited = "" if cited is None else str(cited).strip()
        if cited and cited not in kinds:
            problems.append(
                Problem(
                    _where(path, sheet, r, c_src),
                    None,
                    None,
                    cited,
                    "để trống (nguồn là biểu này) hoặc một mã có trong sources.csv",
                    "empty (the form is the source) or an id listed in sources.csv",
                )
            )
            continue
        note = ws.cell(row=r, column=c_note).value if c_note else None
        ref = f"{get_column_letter(c_val)}{r}"
        source.sheets[sheet][(r, c_val)] = (value, cell.number_format)
        out.append(
            dict(
                commune_id=commune,
                indicator_id=ident,
                period=str(year),
                value_as_printed=printed,
                qualifier="",
                decimal_mark="",
                source_id=source.source_id,
                source_ref=f"{sheet}!{ref}",
                quote="",
                note="; ".join(
                    x for x in (f"nguồn ghi trên biểu: {cited}" if cited else "", str(note or "").strip()) if x
                ),
                supersedes="",
                preferred="",
                unit=unit,
                value=number,
                verified=kinds.get(cited) != RECORD,
                _where=_where(path, sheet, r, c_val),
            )
        )
    return out


def _cell_value(value, kind: str, unit: str, where: str, problems) -> tuple[float, str] | None:
    if kind == "qualitative":
        text = str(value).strip()
        if text not in (ACHIEVED, NOT_ACHIEVED):
            problems.append(
                Problem(
                    where, None, None, text, f"'{ACHIEVED}' hoặc '{NOT_ACHIEVED}'", f"'{ACHIEVED}' or '{NOT_ACHIEVED}'"
                )
            )
            return None
        return (1.0 if text == ACHIEVED else 0.0), text
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(
            Problem(
                where,
                None,
                None,
                str(value),
                f"một ô số (đơn vị {unit}), không phải chữ",
                f"a number cell (unit {unit}), not text",
            )
        )
        return None
    number = float(value)
    if number < 0:
        problems.append(Problem(where, None, None, vietnamese(number), "số không âm", "a non-negative number"))
        return None
    if unit == "%" and number > 100:
        problems.append(
            Problem(where, None, None, vietnamese(number), "tỷ lệ từ 0 đến 100 (%)", "a share between 0 and 100 (%)")
        )
        return None
    return number, vietnamese(number)


def _registry_row(source: Source, year: int, meta: dict) -> dict:
    issuer = str(meta[L_ISSUER] or "").strip()
    raw_date = meta[L_DATE]
    if isinstance(raw_date, datetime):
        when = raw_date.date().isoformat()
    elif isinstance(raw_date, date):
        when = raw_date.isoformat()
    else:
        text = str(raw_date or "").strip()
        when = text if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) else str(year)
    doc = str(meta[L_DOC] or "").strip()
    notes = ["Biểu nhập liệu theo dõi hằng năm, đăng ký tự động khi chạy build; sha256 tính từ tệp"]
    if doc:
        notes.append(f"số văn bản: {doc}")
    if not issuer and not doc:
        notes.append("biểu không ghi thông tin nguồn: số liệu dẫn nguồn là chính biểu này")
    return dict(
        source_id=source.source_id,
        title_vi=f"Biểu theo dõi thực hiện chỉ tiêu nghị quyết năm {year}",
        issuer=issuer,
        date=when,
        kind=TABLE,
        file=source.file,
        sha256=source.sha256,
        note="; ".join(notes),
    )
