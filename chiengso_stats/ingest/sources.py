"""Ingest: the source registry, and verification of every raw figure against its own source.

`data/raw/sources.csv` says what each source is. A figure is verified as far as its source
allows:

* ``text``   — a document in the raw folder (UTF-8 .txt, .docx or .pdf with a text layer,
  see `ingest.documents`): each quote must be found in the normalised text (NFC, folded white space), and each printed value inside its quote;
* ``table``  — a spreadsheet (.xlsx or .csv) in the raw folder: ``source_ref`` names one
  cell per printed value ("Biểu 01!D12"), and the cell must hold that value;
* ``record`` — an office record with no file (a phone report, a paper register): the figure
  is accepted but marked ``verified = False`` all the way to the appendices.

Every file source carries its sha256 in the registry; a changed file is refused.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import StringIO
from itertools import repeat
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from ..errors import Problem
from ..numbers import (
    SUFFIXES,
    NumberFormatError,
    format_vn,
    parse_number,
    parse_printed,
    printed_decimals,
    split_printed,
    unit_family,
)
from ..text import contains_token, nfc, normalise
from .containers import container_problem
from .documents import DocumentError, document_text

TEXT, TABLE, RECORD = "text", "table", "record"
KINDS = [TEXT, TABLE, RECORD]
FILE_KINDS = (TEXT, TABLE)
KIND_VI = {
    TEXT: "văn bản (đối chiếu đoạn trích)",
    TABLE: "bảng số liệu (đối chiếu ô)",
    RECORD: "hồ sơ của văn phòng, không có tệp (chưa kiểm chứng)",
}
UNVERIFIED_MARK = "(*)"
UNVERIFIED_NOTE = (
    "(*) Số liệu từ hồ sơ của văn phòng không có tệp nguồn, chưa kiểm chứng được "
    "(office record with no source file: unverified)."
)
REF_SEPARATOR = " | "
_CELL = re.compile(r"^(?:(?P<sheet>'[^']+'|[^!]+)!)?\$?(?P<col>[A-Za-z]{1,3})\$?(?P<row>\d{1,7})$")


@dataclass
class Source:
    """One registered source, with its content opened once per load."""

    source_id: str
    kind: str
    file: str
    title_vi: str = ""
    sha256: str = ""
    text: str = ""  # text sources: normalised content
    sheets: dict = field(default_factory=dict)  # table sources: sheet -> {(row, col): (value, fmt)}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- opening sources
def _csv_cells(path: Path) -> dict:
    text = path.read_bytes().decode("utf-8-sig")
    cells = {}
    for r, row in enumerate(csv.reader(StringIO(text, newline="")), start=1):
        for c, value in enumerate(row, start=1):
            if value.strip():
                cells[(r, c)] = (nfc(value).strip(), "General")
    return {"": cells}


def _xlsx_cells(path: Path) -> dict:

    wb = load_workbook(path, data_only=True)  # formulas read as their cached values
    sheets = {}
    for ws in wb.worksheets:
        sheets[nfc(ws.title)] = {
            (c.row, c.column): (nfc(c.value) if isinstance(c.value, str) else c.value, c.number_format)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        }
    return sheets


def open_sources(registry: pd.DataFrame, raw_dir: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Check each file source's checksum and open it; records need no file."""
    file, problems, out = registry.attrs.get("file", "sources.csv"), [], {}
    for idx, row in registry.iterrows():
        line = int(idx) + 2
        src = Source(row.source_id, row.kind, row.file, row.title_vi, row.sha256)
        out[row.source_id] = src
        if row.kind == RECORD:
            for column in ("file", "sha256"):
                if row[column]:
                    problems.append(
                        Problem(
                            file,
                            line,
                            column,
                            row[column],
                            "ô trống với nguồn loại 'record' (không có tệp)",
                            "an empty cell for a 'record' source (it has no file)",
                        )
                    )
            continue
        if not row.file:
            problems.append(
                Problem(
                    file,
                    line,
                    "file",
                    "(trống)",
                    f"đường dẫn tệp nguồn (loại '{row.kind}')",
                    f"the source file's path (kind '{row.kind}')",
                )
            )
            continue
        path = raw_dir / row.file
        if Path(row.file).is_absolute() or not path.resolve().is_relative_to(raw_dir.resolve()):
            # the raw folder is the unit that is checksummed, cached and sent: a source outside it
            # could change without any build seeing it
            problems.append(
                Problem(
                    file,
                    line,
                    "file",
                    row.file,
                    "đường dẫn trong thư mục dữ liệu gốc (chép tệp nguồn vào data/raw/, không dùng '..')",
                    "a path inside the raw folder (copy the source file into it; no '..')",
                )
            )
            continue
        if not path.is_file():
            problems.append(
                Problem(
                    file,
                    line,
                    "file",
                    row.file,
                    "một tệp có trong thư mục dữ liệu gốc",
                    "a file present in the raw folder",
                )
            )
            continue
        actual = sha256_of(path)
        if not row.sha256:
            problems.append(
                Problem(
                    file,
                    line,
                    "sha256",
                    "(trống)",
                    f"mã kiểm tra của tệp {row.file}: sha256 = {actual}",
                    f"the file's checksum: sha256 = {actual}",
                )
            )
        elif row.sha256 != actual:
            problems.append(
                Problem(
                    row.file,
                    None,
                    None,
                    f"sha256 {actual[:12]}…",
                    f"tệp nguồn không đổi (sha256 {row.sha256[:12]}… ghi trong {file}, "
                    f"dòng {line}); nếu tệp được thay có chủ đích, ghi mã mới {actual}",
                    "the unchanged source file (sha256 recorded in the registry)",
                )
            )
        suffix = path.suffix.lower()
        if row.kind == TEXT:
            try:  # .txt, .docx or .pdf (issue 20): quotes are matched against the extracted text
                src.text = normalise(document_text(path))
            except DocumentError as exc:
                problems.append(exc.problem(row.file))
        elif suffix == ".xlsx":
            refused = container_problem(path, row.file, "table")  # a zip bomb or no zip: before parsing
            if refused is not None:
                problems.append(refused)
            else:
                src.sheets = _xlsx_cells(path)
        elif suffix == ".csv":
            src.sheets = _csv_cells(path)
        else:
            problems.append(
                Problem(
                    file,
                    line,
                    "file",
                    row.file,
                    "tệp .xlsx hoặc .csv với nguồn loại 'table'",
                    "an .xlsx or .csv file for a 'table' source",
                )
            )
    return out, problems


# ---------------------------------------------------------------- verifying rows
def parse_cell_ref(ref: str) -> tuple[str, int, int] | None:
    """'Biểu 01!D12' -> ('Biểu 01', 12, 4); 'D12' -> ('', 12, 4); None when malformed."""
    m = _CELL.match(ref.strip())
    if not m:
        return None
    col = 0
    for ch in m["col"].upper():
        col = col * 26 + ord(ch) - 64
    return nfc(m["sheet"] or "").strip("'"), int(m["row"]), col


_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # "text", \x and [colour]/[$-42A] parts of a number format


def scales_by_100(fmt: str) -> bool:
    """True when an Excel number format shows the value times 100 ('0.0%'), not a literal '%' ('0.0"%"')."""
    return "%" in _LITERALS.sub("", fmt or "")


def cell_number(value, fmt: str) -> float | None:
    """The number an Excel cell prints, or None for a text, date or empty cell.

    The one reader of number cells, for raw tables, table sources and yearly forms alike:
    a cell typed '43,5%' holds 0.435 with the format '0.0%' and prints 43,5; a cell holding
    43.5 with the format '0.0"%"' prints the literal sign and is 43,5 as well.

    Examples
    --------
    >>> cell_number(0.435, "0.0%"), cell_number(43.5, '0.0"%"'), cell_number("43,5", "General")
    (43.5, 43.5, None)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    x = float(value)
    if scales_by_100(fmt):
        x = float(Decimal(repr(x)) * 100)
    return x


def _cell_matches(value, fmt: str, printed: str, unit: str, expected: float | None, mark: str) -> bool:
    number = cell_number(value, fmt)
    if number is not None:
        m = split_printed(printed)
        if not m:
            return False
        try:
            as_printed = float(parse_number(m["num"], mark or ","))
        except NumberFormatError:
            return False
        tolerance = 0.5 * 10.0 ** -printed_decimals(printed, mark) + 1e-9
        return abs(number - as_printed) <= tolerance or (expected is not None and abs(number - expected) <= 1e-9)
    if isinstance(value, (datetime, date)):
        return False
    text = normalise(str(value))
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return text == normalise(printed)  # a qualitative statement: compared as text
    try:
        return abs(parse_printed(text, unit, mark or ",") - expected) <= 1e-9
    except NumberFormatError:
        return False


def _describe(value, fmt: str) -> str:
    if value is None:
        return "ô trống"
    number = cell_number(value, fmt)
    if number is not None:
        return f"số {value}" + (f" (định dạng {fmt})" if scales_by_100(fmt) else "")
    return str(value)


def verify_rows(
    frame: pd.DataFrame,
    value_columns: list[str],
    sources: dict[str, Source],
    units: pd.Series,
    parsed: dict[str, pd.Series],
    marks: pd.Series | None,
) -> list[Problem]:
    """Check every row of a raw table against its own source, by the source's kind."""
    file, problems = frame.attrs["file"], []
    already = frame.attrs.get("unrestored", set())  # Excel numbers already reported as not in their quote
    # plain lists, read in step with the rows: a Series looked up by label per row costs more than the check
    units = units.fillna("").tolist()
    marks = marks.tolist() if marks is not None else [""] * len(frame)
    parsed_rows = zip(*(parsed[c].tolist() for c in parsed)) if parsed else repeat(())
    fields = ["source_id", "source_ref", "quote", *value_columns]
    Row = namedtuple("Row", fields)
    table = zip(*(frame[f].to_numpy(dtype=object, na_value="") for f in fields))
    for idx, row, unit, mark, row_parsed in zip(frame.index, (Row(*r) for r in table), units, marks, parsed_rows):
        line = int(idx) + 2
        src = sources.get(row.source_id)
        if src is None:
            continue  # an unknown id is reported by the reference check
        printed = [(c, normalise(getattr(row, c))) for c in value_columns if (idx, c) not in already]
        values = [(c, v) for c, v in printed if v]
        if src.kind == TEXT:
            problems += _verify_text(file, line, row, values, src)
        elif src.kind == TABLE:
            expected = dict(zip(parsed, row_parsed))
            problems += _verify_table(file, line, row, values, src, unit, expected, mark or ",")
    return problems


def _verify_text(file, line, row, values, src: Source) -> list[Problem]:
    if not row.quote:
        return [
            Problem(
                file,
                line,
                "quote",
                "(trống)",
                f"đoạn trích nguyên văn từ nguồn '{src.source_id}'",
                f"a verbatim quote from source '{src.source_id}'",
            )
        ]
    problems = []
    parts = [normalise(p) for p in row.quote.split(REF_SEPARATOR)]
    missing = [p for p in parts if p not in src.text]
    for part in missing:
        problems.append(
            Problem(
                file,
                line,
                "quote",
                part,
                f"một đoạn trích có nguyên văn trong nguồn '{src.source_id}' ({src.file})",
                f"a clause found verbatim in source '{src.source_id}'",
            )
        )
    if not missing:
        for column, printed in values:
            if not any(contains_token(p, printed) for p in parts):
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        printed,
                        "giá trị có trong đoạn trích (cột quote)",
                        "a value that appears in its quote",
                    )
                )
    return problems


def _verify_table(file, line, row, values, src: Source, unit, parsed, mark) -> list[Problem]:
    refs = [r.strip() for r in row.source_ref.split(REF_SEPARATOR)]
    if len(refs) != len(values):
        return [
            Problem(
                file,
                line,
                "source_ref",
                row.source_ref,
                f"{len(values)} ô nguồn dạng 'Trang tính!D12', cách nhau bởi ' | ', mỗi ô cho một giá trị "
                f"({', '.join(c for c, _ in values)})",
                f"{len(values)} cell reference(s) like 'Sheet!D12', one per printed value",
            )
        ]
    problems = []
    for ref, (column, printed) in zip(refs, values):
        where = parse_cell_ref(ref)
        if where is None:
            problems.append(
                Problem(
                    file, line, "source_ref", ref, "một ô dạng 'Trang tính!D12'", "a cell reference like 'Sheet!D12'"
                )
            )
            continue
        sheet, r, c = where
        if not sheet and len(src.sheets) == 1:
            sheet = next(iter(src.sheets))
        if sheet not in src.sheets:
            problems.append(
                Problem(
                    file,
                    line,
                    "source_ref",
                    ref,
                    f"một trang tính của {src.file}: {', '.join(src.sheets) or '(không có)'}",
                    f"a sheet of {src.file}",
                )
            )
            continue
        value, fmt = src.sheets[sheet].get((r, c), (None, ""))
        expected = parsed.get(column)
        expected = None if expected is None or pd.isna(expected) else float(expected)
        if value is None or not _cell_matches(value, fmt, printed, unit, expected, mark):
            cell = f"{sheet + '!' if sheet else ''}{ref.split('!')[-1]}"
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    printed,
                    f"giá trị khớp với ô {cell} của {src.file}; ô đó có: {_describe(value, fmt)}",
                    f"a value matching cell {cell} of {src.file}, which holds: {_describe(value, fmt)}",
                )
            )
    return problems


# ---------------------------------------------------------------- Excel number cells in raw tables
_PRINTED = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)*)(\s*(?:tỷ đồng|triệu đồng|tỷ|triệu|đồng|km2|km²|km|ha|%))?")


def printed_form(number: float, quote: str, decimal_mark: str = ",", unit: str = "") -> str | None:
    """The token of `quote` that prints `number`: 9199 -> '9.199', 60.66 -> '60,66 km2', 7 -> '07'.

    Excel turns a typed '9.199' into the number 9199; the quote keeps the form the
    source printed, so the raw table can be rebuilt from it exactly. A unit word after
    the number is kept only when it fits the indicator's unit ('23 đồng chí' is 23 people).
    Where the quote prints the value twice in different forms, the one followed by the
    indicator's unit wins ('6 bản' over '6,0km' for a count of villages), then the fullest:
    official documents write counts as '01', labels as '1' ('01 trường' over 'mức độ 1').
    """
    target = Decimal(repr(float(number)))
    found = []
    for part in quote.split(REF_SEPARATOR):
        text = normalise(part)
        for m in _PRINTED.finditer(text):
            try:
                value = parse_number(m.group(1), decimal_mark or ",")
            except (NumberFormatError, InvalidOperation):
                continue
            if value == target:
                suffix = (m.group(2) or "").strip()
                fits = bool(suffix) and SUFFIXES[suffix][0] == unit_family(unit)
                after = text[m.end() :].lstrip()
                names_unit = fits or (bool(unit) and after.startswith(unit))
                found.append((names_unit, len(m.group(1)), m.group(1) + (m.group(2) if fits else "")))
    return max(found, key=lambda f: f[:2])[2] if found else None


def vietnamese(number: float) -> str:
    """A number cell of an office record, written the Vietnamese way with every decimal kept."""
    decimals = max(0, -Decimal(repr(float(number))).normalize().as_tuple().exponent)
    return format_vn(number, decimals)
