"""Ingest: read the raw tables (.csv or .xlsx) and validate them against their pandera schemas.

A table is read as the office saved it: UTF-8 CSV with ',' or, from Excel under Vietnamese
regional settings, ';'; or a one-sheet workbook whose number cells keep their types. Every
problem is located by file, line and column and returned, never raised one by one.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .. import config
from ..errors import Problem, RawDataError
from ..text import nfc
from .containers import container_problem
from .schemas import CHECK_TEXT, PATTERN_TEXT, SCHEMAS, ZERO_PADDED, schema_columns
from .sources import cell_number, vietnamese


# ---------------------------------------------------------------- reading files
def _decode(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                path.name,
                None,
                None,
                "UTF-16",
                "tệp mã hóa UTF-8 (lưu lại bằng 'CSV UTF-8')",
                "a UTF-8 file (save as 'CSV UTF-8')",
            )
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        # the bytes as Windows-1258 shows them ('ềng'), which is what Excel's plain 'CSV' wrote
        shown = nfc(data[exc.start : exc.start + 12].decode("cp1258", errors="replace")).split("\n")[0]
        return None, [
            Problem(
                path.name,
                line,
                None,
                shown,
                "tệp mã hóa UTF-8 (không phải Windows-1258 hay UTF-16)",
                "a UTF-8 file (not Windows-1258 or UTF-16)",
            )
        ]


def _read_csv(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        return None, [
            Problem(
                path.name,
                None,
                None,
                "tệp rỗng",
                "dòng tiêu đề và ít nhất một dòng số liệu",
                "a header line and at least one data row",
            )
        ]
    text, problems = _decode(path, data)
    if text is None:
        return None, problems
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return None, [Problem(path.name, None, None, str(exc), "CSV hợp lệ", "valid CSV")]
    header, body = rows[0], _without_trailing_blanks(rows[1:])
    bad = [_width_problem(path.name, i, r, len(header)) for i, r in enumerate(body, start=2) if len(r) != len(header)]
    if bad:
        return None, bad
    frame = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame(columns=header, dtype="str")
    _clean_cells(frame)
    return frame, []


def _width_problem(file: str, line: int, row: list[str], width: int) -> Problem:
    """A line with more or fewer cells than the header: a blank line, or a comma outside quotes."""
    if not row:
        return Problem(
            file,
            line,
            None,
            "dòng trống",
            "không có dòng trống giữa bảng (xóa dòng này)",
            "no blank line inside the table (delete this line)",
        )
    return Problem(
        file,
        line,
        None,
        f"{len(row)} ô",
        f"{width} ô như dòng tiêu đề (ô có dấu phẩy phải đặt trong ngoặc kép)",
        f"{width} fields like the header (quote cells holding commas)",
    )


def _clean_cells(frame: pd.DataFrame) -> None:
    """Each cell NFC and stripped, as the report's text is matched; in place.

    Each distinct value of a column is normalised once (a country's table repeats most of them), and
    a column is replaced only when one of its values changed: through `DataFrame.apply` every column
    was rebuilt, 0,02 s of a build for 2.000 cells.
    """
    for k in range(frame.shape[1]):
        codes, distinct = pd.factorize(frame.iloc[:, k])
        fixed = [nfc(value).strip() for value in distinct]
        if fixed != list(distinct):
            frame.isetitem(k, pd.Series(np.array(fixed, dtype=object)[codes], index=frame.index, dtype="str"))


def _delimiter(text: str) -> str:
    """',' as written by this project, or ';' as Excel writes CSV under Vietnamese regional settings.

    Decided once, from the header line: column names hold neither sign, so whichever separates
    them is the file's separator.
    """
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _without_trailing_blanks(rows: list[list]) -> list[list]:
    """Rows less the empty ones at the end (a CSV's last blank lines, a sheet's formatted empty rows).

    Inner blank rows stay, with their line numbers, and are reported by the schema checks: one rule
    for .csv and .xlsx alike.
    """
    end = len(rows)
    while end and not any(str(v).strip() for v in rows[end - 1] if v is not None):
        end -= 1
    return rows[:end]


def _read_xlsx(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    refused = container_problem(path, path.name, "table")
    if refused is not None:  # not a zip, a zip bomb, too many rows: refused before openpyxl parses it
        return None, [refused]
    problems = []
    wb = load_workbook(path, read_only=False, data_only=True)
    if len(wb.sheetnames) != 1:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                f"{len(wb.sheetnames)} trang tính: {', '.join(wb.sheetnames)}",
                "đúng một trang tính",
                "exactly one sheet",
            )
        )
    ws = wb[wb.sheetnames[0]]
    for rng in ws.merged_cells.ranges:
        problems.append(
            Problem(
                path.name,
                rng.min_row,
                None,
                f"ô gộp {rng.coord}",
                "không gộp ô (mỗi ô một giá trị)",
                "no merged cells (one value per cell)",
            )
        )
    if problems:
        return None, problems
    cells = [[_percent_as_printed(c) for c in row] for row in ws.iter_rows()]
    if not cells:
        return None, [
            Problem(path.name, None, None, "trang tính rỗng", "dòng tiêu đề và số liệu", "a header row and data rows")
        ]
    body = _without_trailing_blanks(cells[1:])
    width = len(cells[0])
    while width and cells[0][width - 1] is None and all(len(r) < width or r[width - 1] is None for r in body):
        width -= 1  # formatted but empty columns to the right of the table, as trailing rows below it
    header = ["" if v is None else str(v) for v in cells[0][:width]]
    numbers: dict[tuple[int, str], float] = {}
    rows = []
    for i, row in enumerate(body):
        out = []
        for column, value in zip(header, row):
            text = _cell_text(value, column)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and column not in ZERO_PADDED:
                numbers[(i, column)] = float(value)  # restored to its printed form once sources are known
            out.append(text)
        rows.append(out)
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    frame.attrs["number_cells"] = numbers
    return frame, []


def _percent_as_printed(cell):
    """A cell typed '126%' holds 1.26 with a percent format: the printed number is 126."""
    number = cell_number(cell.value, cell.number_format)
    return cell.value if number is None else number


def _cell_text(value, column: str) -> str:
    """A cell as the CSV would hold it. A date cell is a date; a number keeps its value.

    The number's printed form ('9.199', '07') is restored later from its quote; what is
    written here only serves the columns that are not printed values (periods, row numbers).
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else vietnamese(value)
        return text.zfill(ZERO_PADDED[column]) if column in ZERO_PADDED else text
    return str(value)


def _repeated_columns(file: str, header: list[str]) -> list[Problem]:
    """A column name the header row holds more than once, with the columns (A, B, …) it stands in."""
    places: dict[str, list[str]] = {}
    for k, column in enumerate(header, start=1):
        places.setdefault(column, []).append(get_column_letter(k))
    return [
        Problem(
            file,
            1,
            column,
            f"{len(letters)} cột cùng tên (cột {', '.join(letters)})",
            "mỗi tên cột một lần trong dòng tiêu đề (xóa hoặc đổi tên cột thừa)",
            "each column name once in the header row (remove or rename the extra column)",
        )
        for column, letters in places.items()
        if len(letters) > 1
    ]


def read_table(raw_dir: Path, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    candidates = [raw_dir / f"{name}.csv", raw_dir / f"{name}.xlsx"]
    present = [p for p in candidates if p.exists()]
    if len(present) != 1:
        found = "không có tệp" if not present else " và ".join(p.name for p in present)
        return None, [
            Problem(
                f"{name}.csv",
                None,
                None,
                found,
                f"đúng một tệp {name}.csv hoặc {name}.xlsx",
                f"exactly one of {name}.csv or {name}.xlsx",
            )
        ]
    path = present[0]
    frame, problems = (_read_csv if path.suffix == ".csv" else _read_xlsx)(path)
    if frame is None:
        return None, problems
    repeated = _repeated_columns(path.name, list(frame.columns))
    if repeated:  # two columns of one name: which holds the figure? (a pasted column, a copied header)
        return None, repeated
    if frame.empty and name not in config.MAY_HAVE_NO_ROWS:
        return None, [
            Problem(path.name, 2, None, "chỉ có dòng tiêu đề", "ít nhất một dòng số liệu", "at least one data row")
        ]
    numbers = frame.attrs.get("number_cells", {})
    if path.suffix == ".xlsx":  # a CSV's cells are normalised as they are read
        # Excel cells keep their types (9199 stays a number; 1 and True must not be merged)
        frame = frame.map(lambda v: nfc(v).strip() if isinstance(v, str) else v)
    frame.attrs["file"] = path.name
    frame.attrs["number_cells"] = numbers
    return frame, problems


# ---------------------------------------------------------------- schema checks
def _schema_problems(name: str, frame: pd.DataFrame) -> list[Problem]:
    file, attrs = frame.attrs["file"], frame.attrs
    frame.attrs = {}  # pandas would deep-copy them into each of the ~600 frames pandera makes (3 ms)
    try:
        SCHEMAS[name].validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    finally:
        frame.attrs = attrs
    problems, seen_rows = [], set()
    for case in cases.itertuples(index=False):
        check = str(case.check).split("(")[0]
        vi, en = CHECK_TEXT.get(check, (str(case.check), str(case.check)))
        row = None if pd.isna(case.index) else int(case.index) + 2
        if check == "multiple_fields_uniqueness":
            if row in seen_rows:
                continue
            seen_rows.add(row)
            key = SCHEMAS[name].Config.unique
            found = " / ".join(str(frame.iloc[row - 2][k]) for k in key)
            problems.append(
                Problem(file, row, "+".join(key), found, f"{vi} ({', '.join(key)})", f"{en} ({', '.join(key)})")
            )
            continue
        pattern = re.fullmatch(r"str_matches\('(.*)'\)", str(case.check), re.DOTALL)
        if pattern and pattern[1] in PATTERN_TEXT:
            vi, en = PATTERN_TEXT[pattern[1]]
        elif check in ("str_matches", "isin"):
            vi, en = f"{vi}: {case.check}", f"{en}: {case.check}"
        if check in ("column_in_schema", "column_in_dataframe"):
            found = "cột thừa" if check == "column_in_schema" else "không có cột này"
            problems.append(Problem(file, None, str(case.failure_case), found, vi, en))
            continue
        problems.append(Problem(file, row, case.column, str(case.failure_case), vi, en))
    return problems


def read_all(raw_dir: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in config.TABLES:
        frame, read_problems = read_table(raw_dir, name)
        problems += read_problems
        if frame is not None:
            problems += _schema_problems(name, frame)
            frames[name] = frame
    missing_columns = any(set(schema_columns(SCHEMAS[n])) - set(f.columns) for n, f in frames.items())
    if len(frames) < len(config.TABLES) or missing_columns:
        raise RawDataError(problems)  # the checks after this need every table with all its columns
    return frames
