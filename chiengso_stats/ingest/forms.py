"""Ingest: the yearly monitoring forms in `data/raw/monitoring/`, read back as `table` sources.

The form's layout (sheet name, header words, labelled cells) is written here once; the
template writer imports it. Every file of the folder is either read or refused with its
name, and every filled cell either becomes an observation of the merged commune for that
year, verified against its cell, or is refused with its file, sheet and cell. Nothing is
dropped: a blank row inside the table, a copied sheet, a formula, a percent cell, a date
typed as text are each read right or named.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..errors import Problem
from ..schemas import Observations, schema_columns
from ..sources import RECORD, TABLE, Source, cell_number, scales_by_100, sha256_of, vietnamese
from ..text import nfc

FOLDER = "monitoring"
H_ID = "Mã chỉ tiêu (indicator_id)"
H_UNIT = "ĐVT"
H_SOURCE = "Nguồn (mã nguồn)"
H_NOTE = "Ghi chú"
ACHIEVED, NOT_ACHIEVED = "Đạt", "Không đạt"
L_YEAR, L_COMMUNE = "Năm báo cáo", "Mã xã (commune_id)"
L_ISSUER, L_DATE, L_DOC = "Cơ quan / người lập biểu", "Ngày lập (năm-tháng-ngày)", "Số văn bản"
LABELS = (L_YEAR, L_COMMUNE, L_ISSUER, L_DATE, L_DOC)
SOURCES_SHEET = "Nguồn"
GUIDE_SHEET = "Hướng dẫn"
SHEET_PREFIX = "Số liệu năm "

# A form's file name starts with its year: '2028.xlsx', '2028_xa.xlsx', and '2028 (1).xlsx', the
# name a browser gives a second download. Excel saves .xlsx or, with macros, .xlsm.
_FILE = re.compile(r"^(?P<year>\d{4})(?!\d)")
READ_SUFFIXES = (".xlsx", ".xlsm")
SAVE_AS_XLSX = (".xls", ".ods", ".xlsb", ".csv")
# Files the operating system puts in any folder, and the folder's own guide: not forms, never figures.
# Hidden files (a leading dot) are the system's too. Any other file is read or refused.
SYSTEM_FILES = ("desktop.ini", "thumbs.db", "readme.md")
_SHEET = re.compile(r"^Số liệu năm (?P<year>\d{4})(?: \(\d+\))?$")
_DMY = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


def value_header(year: int) -> str:
    return f"Giá trị năm {year}"


def data_sheet(year: int) -> str:
    return f"{SHEET_PREFIX}{year}"


def term_years(term: str) -> tuple[int, int] | None:
    """'2025-2030' -> (2025, 2030): the congress year and the target year of a merged commune's term."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", str(term or ""))
    return (int(m[1]), int(m[2])) if m else None


# ---------------------------------------------------------------- the folder
def form_paths(raw_dir: Path) -> tuple[list[Path], list[Problem], list[str]]:
    """The forms to read, the files refused (each named), and notices about Excel's lock files."""
    folder = raw_dir / FOLDER
    if not folder.is_dir():
        return [], [], []
    paths, problems, notices = [], [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        name, suffix = path.name, path.suffix.lower()
        if name.lower() in SYSTEM_FILES or name.startswith("."):
            continue
        if name.startswith("~$"):  # Excel's owner file: the form beside it is open right now
            notices.append(
                f"{FOLDER}/{name}: Excel đang mở biểu {name[2:]}; chỉ đọc được những gì đã lưu "
                f"(Excel has {name[2:]} open: only what was saved is read)."
            )
            continue
        if suffix in SAVE_AS_XLSX:
            problems.append(
                Problem(
                    f"{FOLDER}/{name}",
                    None,
                    None,
                    f"tệp {suffix}",
                    "biểu dạng .xlsx: mở tệp trong Excel hoặc LibreOffice, chọn Lưu thành (Save As) "
                    "'Sổ làm việc Excel (.xlsx)' rồi xóa tệp cũ",
                    "an .xlsx workbook: open it and save it as 'Excel Workbook (.xlsx)'",
                )
            )
        elif suffix not in READ_SUFFIXES:
            problems.append(
                Problem(
                    f"{FOLDER}/{name}",
                    None,
                    None,
                    name,
                    f"chỉ biểu nhập liệu .xlsx trong thư mục {FOLDER}/ (chuyển tệp khác ra chỗ khác)",
                    f"only .xlsx yearly forms in {FOLDER}/",
                )
            )
        elif not _FILE.match(name):
            problems.append(
                Problem(
                    f"{FOLDER}/{name}",
                    None,
                    None,
                    name,
                    "tên tệp bắt đầu bằng năm, vd 2026.xlsx",
                    "a file name starting with the year, e.g. 2026.xlsx",
                )
            )
        else:
            paths.append(path)
    return paths, problems, notices


def _where(path: Path, sheet: str, row: int, col: int) -> str:
    return f"{FOLDER}/{path.name}, trang '{sheet}', ô {get_column_letter(col)}{row}"


def _find(ws, text: str, max_row: int = 40):
    for row in ws.iter_rows(min_row=1, max_row=max_row):
        for cell in row:
            if isinstance(cell.value, str) and nfc(cell.value).strip() == text:
                return cell.row, cell.column
    return None


def _labelled(ws, label: str):
    hit = _find(ws, label, ws.max_row)
    return (hit, ws.cell(row=hit[0], column=hit[1] + 1).value) if hit else (None, None)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- reading
def read_forms(
    raw_dir: Path, raw_registry: pd.DataFrame, indicators: pd.DataFrame, communes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Source], list[Problem], list[str]]:
    """Every filled form as observations, registry rows and opened sources.

    Returns
    -------
    tuple
        (observation rows with ``value``, ``unit``, ``verified`` and ``_where``; registry rows;
        opened sources; problems, each located by file, sheet and cell; notices to print).
    """
    ind = indicators.set_index("indicator_id")
    kinds = dict(zip(raw_registry.source_id, raw_registry.kind))
    merged = communes[communes.role == "merged"]
    terms = {cid: (term, int(idx) + 2) for idx, cid, term in zip(merged.index, merged.commune_id, merged.term)}
    paths, problems, notices = form_paths(raw_dir)
    rows, registry, sources, seen, ids = [], [], {}, {}, {}
    for path in paths:
        found = _read_form(path, ind, kinds, terms, communes.attrs.get("file", "communes.csv"), problems)
        if found is None:
            continue
        source, meta, form_rows = found
        if source.source_id in ids:  # '2028 (1).xlsx' and '2028_1.xlsx' would share an id
            source.source_id += f"_{len(ids)}"
            meta["source_id"] = source.source_id
            for r in form_rows:
                r["source_id"] = source.source_id
        ids[source.source_id] = path
        for r in form_rows:
            key = (r["commune_id"], r["indicator_id"], r["period"])
            if key in seen:
                problems.append(
                    Problem(
                        r["_where"],
                        None,
                        None,
                        f"{r['value_as_printed']} (năm {r['period']})",
                        f"một giá trị cho mỗi chỉ tiêu mỗi năm; {seen[key]} đã có giá trị này "
                        "(nếu là bản tải về lần hai, xóa bản thừa)",
                        f"one value per indicator and year; {seen[key]} already gives one",
                    )
                )
            seen[key] = r["_where"]
        rows += form_rows
        registry.append(meta)
        sources[source.source_id] = source
    # a form's rows: raw observation rows, plus what load adds to them (unit, value, verification)
    frame = pd.DataFrame(rows, columns=[*schema_columns(Observations), "unit", "value", "verified", "_where"])
    return frame, pd.DataFrame(registry, columns=list(raw_registry.columns)), sources, problems, notices


def _open(path: Path, name: str, problems: list[Problem]):
    """The workbook twice: cached values, and formulas (to tell an uncomputed formula from an empty cell)."""
    try:
        return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    except PermissionError:
        problems.append(
            Problem(
                name,
                None,
                None,
                "tệp đang bị khóa",
                f"đóng tệp {path.name} trong Excel rồi chạy lại",
                f"close {path.name} in Excel and run again",
            )
        )
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:  # not a readable workbook
        problems.append(
            Problem(
                name,
                None,
                None,
                type(exc).__name__,
                "một tệp Excel .xlsx đọc được (lưu lại bằng Excel)",
                "a readable .xlsx workbook",
            )
        )
    return None, None


def _data_sheet_name(wb, path: Path, year: int, name: str, problems: list[Problem]) -> str | None:
    """The form's data sheet: 'Số liệu năm 2028', or one copy of it ('Số liệu năm 2028 (2)'); never two."""
    matches = {title: _SHEET.match(nfc(title).strip()) for title in wb.sheetnames}
    mine = [t for t, m in matches.items() if m and int(m["year"]) == year]
    if len(mine) == 1:
        return mine[0]
    if len(mine) > 1:
        problems.append(
            Problem(
                name,
                None,
                None,
                "các trang " + ", ".join(f"'{t}'" for t in mine),
                f"một trang số liệu năm {year}: xóa các trang chép thừa, giữ trang đã điền",
                f"one data sheet for {year}: delete the copied sheets",
            )
        )
        return None
    other = [t for t, m in matches.items() if m] or wb.sheetnames
    problems.append(
        Problem(
            name,
            None,
            None,
            f"trang tính {', '.join(other)}",
            f"trang '{data_sheet(year)}': năm trong biểu khớp với tên tệp ({year})",
            f"a sheet '{data_sheet(year)}': the form's year matching the file name",
        )
    )
    return None


def _read_form(path: Path, ind, kinds, terms, communes_file: str, problems: list[Problem]):
    name = f"{FOLDER}/{path.name}"
    year = int(_FILE.match(path.name)["year"])
    wb, formulas = _open(path, name, problems)
    if wb is None:
        return None
    sheet = _data_sheet_name(wb, path, year, name, problems)
    if sheet is None:
        return None
    ws, fs = wb[sheet], formulas[sheet]
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
    titles = {nfc(str(ws.cell(row=hr, column=c).value or "")).strip(): c for c in range(1, ws.max_column + 1)}
    col = {}
    for title in (H_ID, H_UNIT, value_header(year), H_SOURCE):
        if title not in titles:
            near = [t for t in titles if t.startswith("Giá trị năm")]
            problems.append(
                Problem(
                    _where(path, sheet, hr, header[1]),
                    None,
                    None,
                    ", ".join(near) if near and title.startswith("Giá trị") else "không có",
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
    if commune not in terms:
        where = _where(path, sheet, commune_at[0], commune_at[1] + 1) if commune_at else name
        problems.append(
            Problem(
                where,
                None,
                None,
                str(commune),
                f"mã một xã mới: {', '.join(sorted(terms))}",
                "the id of a merged commune",
            )
        )
        return None
    if not _in_term(year, commune, terms, communes_file, name, problems):
        return None
    date_at, date_value = _labelled(ws, L_DATE)
    when = _form_date(date_value, year, _where(path, sheet, date_at[0], date_at[1] + 1) if date_at else name, problems)
    meta_values = {label: _labelled(ws, label)[1] for label in (L_ISSUER, L_DOC)}
    source_id = "theo_doi_" + re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")
    source = Source(
        source_id, TABLE, f"{FOLDER}/{path.name}", f"Biểu theo dõi năm {year}", sha256_of(path), sheets={sheet: {}}
    )
    form_rows = _form_rows(path, ws, fs, sheet, hr, col, year, commune, source, ind, kinds, problems)
    return source, _registry_row(source, year, when, meta_values), form_rows


def _in_term(year: int, commune: str, terms: dict, communes_file: str, name: str, problems: list[Problem]) -> bool:
    """A form reports one year of the term after the congress: 2026-2030 for a 2025-2030 term."""
    term, line = terms[commune]
    span = term_years(term)
    if span and span[0] < year <= span[1]:
        return True
    problems.append(
        Problem(
            name,
            None,
            None,
            f"năm {year}",
            f"một năm của nhiệm kỳ {term} sau năm Đại hội: {span[0] + 1}-{span[1]} "
            f"(theo {communes_file}, dòng {line}, cột term)"
            if span
            else f"một nhiệm kỳ dạng 2025-2030 ở {communes_file}, dòng {line}, cột term",
            f"a year of the term {term} after the congress year",
        )
    )
    return False


def _form_date(value, year: int, where: str, problems: list[Problem]) -> str:
    """'Ngày lập' as an ISO date: a date cell, '2027-01-15' or '15/01/2027'; blank gives the year."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = nfc(str(value or "")).strip()
    if not text:
        return str(year)
    if re.fullmatch(r"\d{4}(-\d{2})?", text):  # a year, or a month: as precise as the office knew it
        return text
    m = _ISO.match(text) or _DMY.match(text)
    if m:
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            pass
    problems.append(
        Problem(
            where,
            None,
            None,
            text,
            "một ngày có thật, dạng 15/01/2027 hoặc 2027-01-15 (hoặc để trống)",
            "a real date such as 15/01/2027 or 2027-01-15 (or empty)",
        )
    )
    return str(year)


def _is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


def _form_rows(path, ws, fs, sheet, hr, col, year, commune, source, ind, kinds, problems) -> list[dict]:
    """Every row below the header that has an indicator id, wherever it stands; blank rows are skipped, not ends."""
    out, seen = [], {}
    c_id, c_unit, c_val, c_src = col[H_ID], col[H_UNIT], col[value_header(year)], col[H_SOURCE]
    c_note = c_src + 1 if ws.cell(row=hr, column=c_src + 1).value == H_NOTE else None
    for r in range(hr + 1, ws.max_row + 1):
        ident = ws.cell(row=r, column=c_id).value
        ident = "" if ident is None else nfc(str(ident)).strip()
        cell, formula = ws.cell(row=r, column=c_val), fs.cell(row=r, column=c_val)
        if not ident or ident in LABELS or re.fullmatch(r"\(\d+\)", ident):
            # a blank row, the labelled cells below the table, the numbering row '(2)'
            if not ident and not (_blank(cell.value) and not _is_formula(formula)):
                problems.append(
                    Problem(
                        _where(path, sheet, r, c_val),
                        None,
                        None,
                        str(cell.value if not _blank(cell.value) else formula.value),
                        f"một số trên dòng có mã chỉ tiêu (ô {get_column_letter(c_id)}{r} trống)",
                        "a figure on a row that has an indicator id",
                    )
                )
            continue
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
        if nfc(str(typed_unit or "")).strip() != unit:
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
        at = _where(path, sheet, r, c_val)
        value = cell.value
        if _blank(value):
            if _is_formula(formula):  # saved by a program that does not compute formulas
                problems.append(
                    Problem(
                        at,
                        None,
                        None,
                        f"công thức {formula.value} chưa có giá trị tính sẵn",
                        "một số gõ vào ô, hoặc mở tệp bằng Excel / LibreOffice Calc và lưu lại để tính công thức",
                        "a typed number, or the workbook saved by Excel / Calc so that the formula has its value",
                    )
                )
            continue  # empty: no data, not zero
        parsed = _cell_value(value, cell.number_format, ind.kind[ident], unit, at, problems)
        if parsed is None:
            continue
        number, printed = parsed
        cited = ws.cell(row=r, column=c_src).value
        cited = "" if cited is None else nfc(str(cited)).strip()
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
        notes = [f"nguồn ghi trên biểu: {cited}" if cited else "", nfc(str(note or "")).strip()]
        if _is_formula(formula):
            notes.append(f"ô {ref} là công thức {formula.value}, lấy giá trị đã tính")
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
                _where=at,
            )
        )
    return out


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


def _registry_row(source: Source, year: int, when: str, meta: dict) -> dict:
    issuer = nfc(str(meta[L_ISSUER] or "")).strip()
    doc = nfc(str(meta[L_DOC] or "")).strip()
    notes = ["Biểu nhập liệu theo dõi hằng năm, đăng ký tự động khi chạy build; sha256 tính từ tệp"]
    if doc:
        notes.append(f"số văn bản: {doc}")
    if when == str(year):
        notes.append("biểu không ghi ngày lập: ghi năm báo cáo")
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
