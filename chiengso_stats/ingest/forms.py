"""Ingest: the yearly monitoring form's layout (written once here) and the reading of its rows.

The template writer (`publish/form_template.py`) imports this layout; `form_folder.py` finds
the forms in `data/raw/monitoring/` and hands each data sheet to `form_rows`. Every filled cell
either becomes an observation of the merged commune for its year, or is refused with its file,
sheet and cell: a blank row inside the table, a formula, a percent cell, a lower-case 'đạt' are
each read right or named, never dropped.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from defusedxml.ElementTree import fromstring
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ..errors import Problem
from ..numbers import unit_printed
from ..text import nfc
from .sources import RECORD, cell_number, scales_by_100, vietnamese

FOLDER = "monitoring"
H_ID = "Mã chỉ tiêu (indicator_id)"
H_UNIT = "ĐVT"
H_SOURCE = "Nguồn (mã nguồn)"
H_NOTE = "Ghi chú"
H_STATUS = "Tình trạng số liệu"
# A figure's status as the office gives it on the form. The codes are SDMX's OBS_STATUS: E estimated,
# P provisional, A normal (official). An office reports a year first as an estimate in December
# ("ước thực hiện"), then as preliminary, then official figures: the later form replaces the earlier.
STATUS = {"Ước thực hiện": "E", "Sơ bộ": "P", "Chính thức": "A"}
STATUS_VI = {code: label for label, code in STATUS.items()}
# What the template shows in an earlier year's cell that has no figure ("…"), or "-" where none applies
NO_DATA_SIGNS = ("…", "...", "-", "–")
# The form's read-only columns of earlier years ('Thực hiện năm 2026' on the 2027 form)
CONTEXT_HEADER = re.compile(r"^Thực hiện năm (?P<year>\d{4})$")
ACHIEVED, NOT_ACHIEVED = "Đạt", "Không đạt"
L_YEAR, L_COMMUNE = "Năm báo cáo", "Mã xã (commune_id)"
L_ISSUER, L_DATE, L_DOC = "Cơ quan / người lập biểu", "Ngày lập (năm-tháng-ngày)", "Số văn bản"
LABELS = (L_YEAR, L_COMMUNE, L_ISSUER, L_DATE, L_DOC)
SOURCES_SHEET = "Nguồn"
GUIDE_SHEET = "Hướng dẫn"
SHEET_PREFIX = "Số liệu năm "

# A form's file name starts with its year: '2028.xlsx', '2028_xa.xlsx', and '2028 (1).xlsx', the
# name a browser gives a second download. Excel saves .xlsx or, with macros, .xlsm.
FILE_NAME = re.compile(r"^(?P<year>\d{4})(?!\d)")
READ_SUFFIXES = (".xlsx", ".xlsm")
SAVE_AS_XLSX = (".xls", ".ods", ".xlsb", ".csv")
# Files the operating system puts in any folder, and the folder's own guide: not forms, never figures.
# Hidden files (a leading dot) are the system's too. Any other file is read or refused.
SYSTEM_FILES = ("desktop.ini", "thumbs.db", "readme.md")
DATA_SHEET_NAME = re.compile(r"^Số liệu năm (?P<year>\d{4})(?: \(\d+\))?$")
DATE_DMY = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$")
DATE_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


def value_header(year: int) -> str:
    return f"Giá trị năm {year}"


def data_sheet(year: int) -> str:
    return f"{SHEET_PREFIX}{year}"


def cell_place(path: Path, sheet: str, row: int, col: int) -> str:
    return f"{FOLDER}/{path.name}, trang '{sheet}', ô {get_column_letter(col)}{row}"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- the formulas of a sheet
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_formulas(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """{(row, column): '=formula'} of one sheet, read from its XML beside the workbook opened once for its
    cached values (openpyxl gives either the values or the formulas of a load, never both).

    A shared formula's copies carry no text of their own: they read '=(công thức dùng chung)'.
    """
    with zipfile.ZipFile(path) as archive:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        rid = next((s.get(_REL) for s in book.iter(f"{_MAIN}sheet") if s.get("name") == sheet), None)
        target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
        if target is None:
            return {}
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        root = fromstring(archive.read(part))
    found = {}
    for c in root.iter(f"{_MAIN}c"):
        f = c.find(f"{_MAIN}f")
        if f is not None and c.get("r"):
            col, row = coordinate_from_string(c.get("r"))
            found[(row, column_index_from_string(col))] = "=" + f.text if f.text else "=(công thức dùng chung)"
    return found


# ---------------------------------------------------------------- the rows of a data sheet
def _is_formula(cell, formula: str | None) -> bool:
    return formula is not None or (isinstance(cell.value, str) and cell.value.startswith("="))


def _context_columns(ws, hr: int, year: int) -> dict[int, int]:
    """{column: year} of the earlier years' read-only columns: the congress year's (the baseline) and after."""
    found = {}
    for c in range(1, ws.max_column + 1):
        m = CONTEXT_HEADER.match(nfc(str(ws.cell(row=hr, column=c).value or "")).strip())
        if m and int(m["year"]) < year:
            found[c] = int(m["year"])
    return found


def _status(ws, r: int, c_status: int | None, path, sheet, problems) -> str | None:
    """The figure's OBS_STATUS code from the form's status cell: '' when not given, None when refused."""
    text = "" if c_status is None else nfc(str(ws.cell(row=r, column=c_status).value or "")).strip()
    if not text:
        return ""
    code = {k.lower(): v for k, v in STATUS.items()}.get(re.sub(r"\s+", " ", text).lower())
    if code is None:
        problems.append(
            Problem(
                cell_place(path, sheet, r, c_status),
                None,
                None,
                text,
                "để trống, hoặc một trong: " + ", ".join(f"'{k}'" for k in STATUS),
                "empty, or one of: estimate, preliminary, official",
            )
        )
    return code


def form_rows(path, ws, formulas, sheet, hr, col, year, commune, source, ind, kinds, problems, context=None):
    """Every row below the header that has an indicator id, wherever it stands; blank rows are skipped, not ends.

    `context` (a list) receives every filled cell of the earlier years' columns (a formula saved without
    its value too), for `form_folder` and `analysis/earlier_years.py` to compare with those years' figures.
    """
    out, seen = [], {}
    c_id, c_unit, c_val, c_src = col[H_ID], col[H_UNIT], col[value_header(year)], col[H_SOURCE]
    c_note = c_src + 1 if ws.cell(row=hr, column=c_src + 1).value == H_NOTE else None
    c_status = col.get(H_STATUS)
    earlier = _context_columns(ws, hr, year)
    for r in range(hr + 1, ws.max_row + 1):
        ident = ws.cell(row=r, column=c_id).value
        ident = "" if ident is None else nfc(str(ident)).strip()
        cell, formula = ws.cell(row=r, column=c_val), formulas.get((r, c_val))
        if not ident or ident in LABELS or re.fullmatch(r"\(\d+\)", ident):
            # a blank row, the labelled cells below the table, the numbering row '(2)'
            if not ident and not (_blank(cell.value) and not _is_formula(cell, formula)):
                problems.append(
                    Problem(
                        cell_place(path, sheet, r, c_val),
                        None,
                        None,
                        str(cell.value if not _blank(cell.value) else formula),
                        f"một số trên dòng có mã chỉ tiêu (ô {get_column_letter(c_id)}{r} trống)",
                        "a figure on a row that has an indicator id",
                    )
                )
            continue
        where = cell_place(path, sheet, r, c_id)
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
        if nfc(str(typed_unit or "")).strip() not in {unit, unit_printed(unit)}:  # "km²" as printed, or "km2"
            problems.append(
                Problem(
                    cell_place(path, sheet, r, c_unit),
                    None,
                    None,
                    str(typed_unit),
                    f"đơn vị của mẫu '{unit}' (không sửa đơn vị)",
                    f"the template's unit '{unit}'",
                )
            )
            continue
        at = cell_place(path, sheet, r, c_val)
        value = cell.value
        for c, y in earlier.items():
            typed, typed_formula = ws.cell(row=r, column=c), formulas.get((r, c))
            filled = not _blank(typed.value) and str(typed.value).strip() not in NO_DATA_SIGNS
            # a formula saved without its computed value reads as blank: it is still something typed there
            if context is not None and (filled or typed_formula is not None):
                context.append(
                    dict(
                        commune_id=commune,
                        indicator_id=ident,
                        year=y,
                        typed=typed.value,
                        fmt=typed.number_format,
                        formula=typed_formula or "",
                        where=cell_place(path, sheet, r, c),
                        value_cell=f"{get_column_letter(c_val)}{r}",
                        value_blank=_blank(value),
                        form_year=year,
                    )
                )
        if _blank(value):
            if _is_formula(cell, formula):  # saved by a program that does not compute formulas
                problems.append(
                    Problem(
                        at,
                        None,
                        None,
                        f"công thức {formula} chưa có giá trị tính sẵn",
                        "một số gõ vào ô, hoặc mở tệp bằng Excel / LibreOffice Calc và lưu lại để tính công thức",
                        "a typed number, or the workbook saved by Excel / Calc so that the formula has its value",
                    )
                )
            continue  # empty: no data, not zero
        parsed = _cell_value(value, cell.number_format, ind.kind[ident], unit, at, problems)
        if parsed is None:
            continue
        number, printed = parsed
        status = _status(ws, r, c_status, path, sheet, problems)
        if status is None:
            continue
        cited = ws.cell(row=r, column=c_src).value
        cited = "" if cited is None else nfc(str(cited)).strip()
        if cited and cited not in kinds:
            problems.append(
                Problem(
                    cell_place(path, sheet, r, c_src),
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
        notes = [f"nguồn ghi trên biểu: {cited}" if cited else "", nfc(str(note or "")).strip()]
        if _is_formula(cell, formula):
            notes.append(f"ô {ref} là công thức {formula or cell.value}, lấy giá trị đã tính")
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
                note="; ".join(x for x in notes if x),
                supersedes="",
                preferred="",
                unit=unit,
                value=number,
                verified=kinds.get(cited) != RECORD,
                obs_status=status,
                _where=at,
            )
        )
    return out


# ---------------------------------------------------------------- an earlier year's cell
_SHOWN_DECIMALS = re.compile(r"0\.(0+)")


def earlier_cell(typed, fmt: str, formula: str, kind: str) -> tuple[float | None, str]:
    """(value, the cell as a message shows it) of a filled earlier-year cell.

    The value is the number (1/0 for 'Đạt'/'Không đạt'), or None for text, or for a formula saved
    without its computed value; the message says which it is.

    Examples
    --------
    >>> earlier_cell(43.0, "General", "", "number")
    (43.0, '43')
    >>> earlier_cell("khoảng 40", "General", "", "number")
    (None, "'khoảng 40' (chữ, không phải số)")
    >>> earlier_cell(None, "General", "=F12*1.01", "number")
    (None, 'công thức =F12*1.01 chưa có giá trị tính sẵn')
    """
    if kind == "qualitative":
        text = re.sub(r"\s+", " ", nfc(str(typed or "")).strip())
        value = {ACHIEVED.lower(): 1.0, NOT_ACHIEVED.lower(): 0.0}.get(text.lower())
        shown = text if value is not None else f"'{text}'"
    else:
        value = cell_number(typed, fmt)
        shown = vietnamese(value) if value is not None else f"'{nfc(str(typed or '')).strip()}' (chữ, không phải số)"
    if formula:
        shown = (
            f"công thức {formula} = {shown}" if not _blank(typed) else f"công thức {formula} chưa có giá trị tính sẵn"
        )
    return value, shown


def earlier_cell_agrees(value: float | None, figure: float, fmt: str) -> bool:
    """Whether an earlier year's cell holds that year's figure: the same number, or the figure as the cell's
    format shows it (41,77 under '#,##0.00' for 41,774471: what an office retypes from the form it sees).

    Examples
    --------
    >>> earlier_cell_agrees(41.77, 41.774471, "[$-42A]#,##0.00"), earlier_cell_agrees(41.8, 41.774471, "General")
    (True, False)
    """
    if value is None:
        return False
    if abs(value - figure) <= 1e-9 * max(1.0, abs(figure)):
        return True
    shown = _SHOWN_DECIMALS.search(fmt.split(";")[0])
    return shown is not None and abs(value - round(figure, len(shown[1]))) <= 1e-9 * max(1.0, abs(figure))


def _cell_value(value, fmt: str, kind: str, unit: str, where: str, problems) -> tuple[float, str] | None:
    """(value, printed form) of a filled cell, or None with the problem recorded."""
    if kind == "qualitative":
        text = nfc(str(value)).strip()
        answer = {ACHIEVED.lower(): 1.0, NOT_ACHIEVED.lower(): 0.0}.get(re.sub(r"\s+", " ", text).lower())
        if answer is None:
            problems.append(
                Problem(
                    where, None, None, text, f"'{ACHIEVED}' hoặc '{NOT_ACHIEVED}'", f"'{ACHIEVED}' or '{NOT_ACHIEVED}'"
                )
            )
            return None
        return answer, text  # the printed form is the cell's own text, which verification compares
    number = cell_number(value, fmt)
    if number is None:
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
    shown = vietnamese(number) + (" (ô định dạng phần trăm)" if scales_by_100(fmt) else "")
    if number < 0:
        problems.append(Problem(where, None, None, shown, "số không âm", "a non-negative number"))
        return None
    if unit == "%" and number > 100:
        problems.append(Problem(where, None, None, shown, "tỷ lệ từ 0 đến 100 (%)", "a share between 0 and 100 (%)"))
        return None
    return number, vietnamese(number)
