"""Ingest: the forms of `data/raw/monitoring/`, each file read or refused with its name, each registered as a source.

A form is found by its file name (the year first: '2028.xlsx', '2028 (1).xlsx'), checked as a zip
within the limits (`containers.py`), opened once (cached values; formulas from the sheet's XML), checked for its data sheet, header, year, commune and term,
and registered as a `table` source whose checksum is computed, not typed; its rows are read by
`forms.form_rows`.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from ..errors import Problem
from ..text import nfc
from .containers import container_problem
from .forms import (
    DATA_SHEET_NAME,
    DATE_DMY,
    DATE_ISO,
    FILE_NAME,
    FOLDER,
    H_ID,
    H_SOURCE,
    H_STATUS,
    H_UNIT,
    L_COMMUNE,
    L_DATE,
    L_DOC,
    L_ISSUER,
    L_YEAR,
    READ_SUFFIXES,
    SAVE_AS_XLSX,
    SYSTEM_FILES,
    cell_place,
    data_sheet,
    earlier_cell,
    earlier_cell_agrees,
    form_rows,
    sheet_formulas,
    value_header,
)
from .schemas import Observations, parse_term, schema_columns
from .sources import TABLE, Source, sha256_of


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
        elif not FILE_NAME.match(name):
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


def _find(ws, text: str, max_row: int = 40):
    for row in ws.iter_rows(min_row=1, max_row=max_row):
        for cell in row:
            if isinstance(cell.value, str) and nfc(cell.value).strip() == text:
                return cell.row, cell.column
    return None


def _labelled(ws, label: str):
    hit = _find(ws, label, ws.max_row)
    return (hit, ws.cell(row=hit[0], column=hit[1] + 1).value) if hit else (None, None)


# ---------------------------------------------------------------- reading
def read_forms(
    raw_dir: Path, raw_registry: pd.DataFrame, indicators: pd.DataFrame, communes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Source], list[Problem], list[str], pd.DataFrame]:
    """Every filled form as observations, registry rows and opened sources.

    Returns
    -------
    tuple
        (observation rows with ``value``, ``unit``, ``verified`` and ``_where``; registry rows;
        opened sources; problems, each located by file, sheet and cell; notices to print; the filled
        cells of the earlier years' columns, see `_earlier_years`).
    """
    ind = indicators.set_index("indicator_id")
    kinds = dict(zip(raw_registry.source_id, raw_registry.kind))
    merged = communes[communes.role == "merged"]
    terms = {cid: (term, int(idx) + 2) for idx, cid, term in zip(merged.index, merged.commune_id, merged.term)}
    paths, problems, notices = form_paths(raw_dir)
    rows, registry, sources, seen, ids, context = [], [], {}, {}, {}, []
    for path in paths:
        found = _read_form(path, ind, kinds, terms, communes.attrs.get("file", "communes.csv"), problems, context)
        if found is None:
            continue
        source, meta, form_rows = found
        if source.source_id in ids:  # '2028 (1).xlsx' and '2028_1.xlsx' would share an id
            source.source_id += f"_{len(ids)}"
            meta["source_id"] = source.source_id
            for r in form_rows:
                r["source_id"] = source.source_id
        ids[source.source_id] = path
        year = FILE_NAME.match(path.name)["year"]
        commune = form_rows[0]["commune_id"] if form_rows else None  # an empty form conflicts with nothing
        first = seen.get((commune, year)) if commune else None
        values = {r["indicator_id"]: r["value_as_printed"] for r in form_rows}
        if first is not None and set(first[1]) & set(values):
            # a second form of the same year giving the same figures: a copy, or a second download
            problems.append(_second_form(first, path, values, year))
            continue
        if commune:  # a form adding other figures of the year (a supplement) is read with the first
            seen[(commune, year)] = (first[0] if first else path, {**(first[1] if first else {}), **values})
        rows += form_rows
        registry.append(meta)
        sources[source.source_id] = source
    refused, earlier = _earlier_years(context, rows, ind)
    problems += refused
    # a form's rows: raw observation rows, plus what load adds to them (unit, value, verification, status)
    columns = [*schema_columns(Observations), "unit", "value", "verified", "obs_status", "_where"]
    frame = pd.DataFrame(rows, columns=columns)
    registry = pd.DataFrame(registry, columns=list(raw_registry.columns))
    return frame, registry, sources, problems, notices, earlier


def _earlier_years(context: list[dict], rows: list[dict], ind) -> tuple[list[Problem], pd.DataFrame]:
    """The earlier years' cells of each form: those refused here, and the rest for `analysis.earlier_years`.

    A figure typed into an earlier year's column (43,0 under 'Thực hiện năm 2026' of the 2027 form)
    with the form's own year cell empty, where that earlier year has its own form which says otherwise,
    is refused at its cell: it is most likely the year's figure in the wrong column. Every other filled
    cell is handed on, to be compared with the figure that counts for its year (that year's form, or
    the baseline of the report) once the merged table is made: never silently ignored.

    Returns
    -------
    tuple
        (problems; one row per cell handed on: ``commune_id``, ``indicator_id``, ``year``, ``form_year``,
        ``where``, ``value`` (NaN for text or a formula without its value), ``shown``, ``fmt``,
        ``value_cell``, ``value_blank``, ``own_form`` (the year's form file, or "")).
    """
    own = {(r["commune_id"], int(r["period"]), r["indicator_id"]): r for r in rows}
    forms = {(r["commune_id"], int(r["period"])): r["_where"].split(",")[0] for r in rows}
    problems, kept = [], []
    for c in context:
        kind = ind.kind[c["indicator_id"]]
        value, shown = earlier_cell(c["typed"], c["fmt"], c["formula"], kind)
        form = forms.get((c["commune_id"], c["year"]), "")
        mine = own.get((c["commune_id"], c["year"], c["indicator_id"]))
        agrees = mine is not None and earlier_cell_agrees(value, mine["value"], c["fmt"])
        if form and c["value_blank"] and not agrees:
            theirs = (
                f"biểu năm {c['year']} ghi {mine['value_as_printed']}" if mine else f"biểu năm {c['year']} để trống"
            )
            column = f"Thực hiện năm {c['year']}"
            problems.append(
                Problem(
                    c["where"],
                    None,
                    None,
                    f"{shown} ở cột '{column}'; ô {c['value_cell']} trống",
                    f"số năm {c['form_year']} nhập ở ô {c['value_cell']} '{value_header(c['form_year'])}' ({theirs}: "
                    f"số năm {c['year']} sửa ở biểu năm {c['year']}; cột '{column}' chỉ để xem, xóa số vừa gõ)",
                    f"the {c['form_year']} figure in {c['value_cell']}; the earlier year's column is for reading only",
                )
            )
            continue
        kept.append({**c, "value": value, "shown": shown, "own_form": form})
    columns = [
        "commune_id",
        "indicator_id",
        "year",
        "form_year",
        "where",
        "value",
        "shown",
        "fmt",
        "value_cell",
        "value_blank",
        "own_form",
    ]
    return problems, pd.DataFrame(kept, columns=columns).astype({"value": float})


def _second_form(first: tuple[Path, dict], path: Path, values: dict, year: str) -> Problem:
    """One message for two forms of one year giving the same figures ('2028.xlsx', '2028 (1).xlsx')."""
    first_path, first_values = first
    both = sorted(set(first_values) & set(values))
    differ = [i for i in both if first_values[i] != values[i]]
    shown = "; ".join(f"{i}: {first_values[i]} / {values[i]}" for i in differ[:5])
    return Problem(
        f"{FOLDER}/{path.name}",
        None,
        None,
        f"cùng năm {year} với {first_path.name}: {len(both)} chỉ tiêu trùng",
        "một biểu cho mỗi năm: giữ biểu đúng, xóa bản thừa (bản tải về lần hai, bản chép); biểu bổ sung chỉ ghi "
        "các chỉ tiêu chưa có; " + (f"{len(differ)} số khác nhau: {shown}" if differ else "hai biểu cùng số liệu"),
        f"one form per year: keep the right one, delete the other ({first_path.name})",
    )


def _open(path: Path, name: str, problems: list[Problem]):
    """The workbook, opened once for its cached values after its zip passed the limits (formulas: `sheet_formulas`)."""
    refused = container_problem(path, name, "form")
    if refused is not None:
        problems.append(refused)
        return None
    try:
        return load_workbook(path, data_only=True)
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
    except (OSError, KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile) as exc:  # not a workbook
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
    return None


def _data_sheet_name(wb, path: Path, year: int, name: str, problems: list[Problem]) -> str | None:
    """The form's data sheet: 'Số liệu năm 2028', or one copy of it ('Số liệu năm 2028 (2)'); never two."""
    matches = {title: DATA_SHEET_NAME.match(nfc(title).strip()) for title in wb.sheetnames}
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


def _read_form(path: Path, ind, kinds, terms, communes_file: str, problems: list[Problem], context: list):
    name = f"{FOLDER}/{path.name}"
    year = int(FILE_NAME.match(path.name)["year"])
    wb = _open(path, name, problems)
    if wb is None:
        return None
    sheet = _data_sheet_name(wb, path, year, name, problems)
    if sheet is None:
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
    titles = {nfc(str(ws.cell(row=hr, column=c).value or "")).strip(): c for c in range(1, ws.max_column + 1)}
    col = {}
    for title in (H_ID, H_UNIT, value_header(year), H_SOURCE):
        if title not in titles:
            # point at the heading the office changed ('Giá trị năm 2025' typed for 2026), else at the row
            near = [t for t in titles if t.startswith("Giá trị")] if title.startswith("Giá trị") else []
            at = cell_place(path, sheet, hr, titles[near[0]]) if near else f"{FOLDER}/{path.name}, trang '{sheet}'"
            problems.append(
                Problem(
                    at,
                    None,
                    None,
                    near[0] if near else f"dòng tiêu đề {hr} không có ô này",
                    f"ô tiêu đề '{title}' trên dòng {hr}",
                    f"a header cell '{title}' on row {hr}",
                )
            )
        col[title] = titles.get(title)
    if None in col.values():
        return None
    col[H_STATUS] = titles.get(H_STATUS)  # a form of an earlier template has no status column
    year_at, year_value = _labelled(ws, L_YEAR)
    if year_at is not None and str(year_value).strip() != str(year):
        problems.append(
            Problem(
                cell_place(path, sheet, year_at[0], year_at[1] + 1),
                None,
                None,
                str(year_value),
                f"năm {year}, khớp với tên tệp",
                f"the year {year}, as in the file name",
            )
        )
    commune_at, commune = _labelled(ws, L_COMMUNE)
    if commune not in terms:
        where = cell_place(path, sheet, commune_at[0], commune_at[1] + 1) if commune_at else name
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
    when = _form_date(
        date_value, year, cell_place(path, sheet, date_at[0], date_at[1] + 1) if date_at else name, problems
    )
    meta_values = {label: _labelled(ws, label)[1] for label in (L_ISSUER, L_DOC)}
    source_id = "theo_doi_" + re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")
    source = Source(
        source_id, TABLE, f"{FOLDER}/{path.name}", f"Biểu theo dõi năm {year}", sha256_of(path), sheets={sheet: {}}
    )
    rows = form_rows(
        path, ws, sheet_formulas(path, sheet), sheet, hr, col, year, commune, source, ind, kinds, problems, context
    )
    return source, _registry_row(source, year, when, meta_values), rows


def _in_term(year: int, commune: str, terms: dict, communes_file: str, name: str, problems: list[Problem]) -> bool:
    """A form reports one year of the term after the congress: 2026-2030 for a 2025-2030 term."""
    term, line = terms[commune]
    span = parse_term(term)
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
    m = DATE_ISO.match(text) or DATE_DMY.match(text)
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
