"""Publish: Excel workbooks in the form a commune office sends upward, and the official header block.

Phụ lục 01/02 list each former commune's 2020-2025 resolution targets; a third
workbook holds the merged baseline, the 2030 gaps and the audit. Form follows party
document practice: issuing body top left, "ĐẢNG CỘNG SẢN VIỆT NAM" top right, title and
subtitle centred, Times New Roman, bordered table with merged header cells, A4 landscape
fitted to the page width, header rows repeated on every page.

Safety: text from data is always written as a string cell (data_type 's', quotePrefix
for '=', '+', '-', '@'), so nothing becomes a formula or an error value.
Determinism: document dates and zip entry dates are fixed, so two builds give
byte-identical files.
"""

from __future__ import annotations

import math
import re
import weakref
import zipfile
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.writer.excel import ExcelWriter

from .. import config
from ..glossary import NO_DATA, vi  # NO_DATA: "…", the statistical sign for "no figure"
from ..text import plain_name
from .line_fit import text_lines

FONT = "Times New Roman"
DERIVED = "giá trị suy ra"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# [$-42A] tags the format as Vietnamese, so '.' groups thousands and ',' marks decimals
# whatever the reader's own locale.
FORMATS = {
    "int": "[$-42A]#,##0",
    "num1": "[$-42A]#,##0.0",
    "num2": "[$-42A]#,##0.00",
    "pct1": "[$-42A]#,##0.0",
    "text": "@",
}
_INERT = re.compile(r"^[=+\-@]")


@cache
def font(size=12, bold=False, italic=False, color=None, underline=None) -> Font:
    """Shared style objects: creating one per cell is what makes openpyxl slow."""
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=color, underline=underline)


@cache
def align(horizontal="left", vertical="center", wrap=True) -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)


@dataclass(frozen=True)
class Derived:
    """A value computed by code, not printed in the report: shown in italics."""

    value: float


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: str = "text"  # text | int | num1 | num2 | pct1


def set_text(cell, value: str) -> None:
    """A string cell that stays a string: no formula, no error value."""
    cell.value = value
    cell.data_type = "s"
    if _INERT.match(value) or value.startswith("#"):
        cell.quotePrefix = True


def _write(cell, value, kind: str) -> tuple[tuple, str | None]:
    """Put `value` in `cell`; return the font (as `font` arguments) and number format it needs."""
    if isinstance(value, Derived):
        _, number_format = _write(cell, value.value, kind)
        return (12, False, True), number_format
    if value is None or (isinstance(value, float) and math.isnan(value)):
        set_text(cell, NO_DATA)
        return (11, False, True, "666666"), None
    if isinstance(value, str):
        set_text(cell, value)
        return (12,), None
    whole = float(value).is_integer()
    cell.value = int(value) if whole else float(value)
    # counts show as counts (9.199), measures with their own decimals (140,31; 42,3 not 42,30), at most the
    # column's (two for a computed rate)
    if whole and kind != "pct1":
        return (12,), FORMATS["int"]
    most = {"num1": 1, "pct1": 1}.get(kind, 2)
    decimals = next((d for d in range(most + 1) if abs(round(float(value), d) - float(value)) < 1e-9), most)
    return (12,), FORMATS["int"] + ("." + "0" * decimals if decimals else "")


# workbook -> {style key: StyleArray}; weak, so a workbook's styles go when the workbook does
_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _style(
    cell,
    font_args: tuple | None = None,
    alignment: tuple | None = None,
    border: bool = False,
    number_format: str | None = None,
) -> None:
    """Style a cell; each distinct style is built once per workbook and copied after.

    Assigning a Font or Border to a cell makes openpyxl hash the object to find it in the
    workbook's style lists, which was most of the time spent writing a workbook. A cell's
    `_style` holds only indexes into those lists, so a copy is the same style.
    """
    styles = _STYLES.setdefault(cell.parent.parent, {})
    key = (font_args, alignment, border, number_format, cell.quotePrefix)
    if key in styles:
        cell._style = copy(styles[key])
        return
    if font_args is not None:
        cell.font = font(*font_args)
    if alignment is not None:
        cell.alignment = align(*alignment)
    if border:
        cell.border = BOX
    if number_format:
        cell.number_format = number_format
    styles[key] = copy(cell._style)


def _box(ws, rng: str) -> None:
    """Borders go on every cell of a range before it is merged, or Excel drops them."""
    cells = ws[rng] if ":" in rng else ((ws[rng],),)
    for row in cells:
        for cell in row:
            _style(cell, border=True)


def _merge(
    ws, rng: str, value: str, bold=False, italic=False, size=12, border=False, horizontal="center", underline=None
) -> None:
    if border:
        _box(ws, rng)
    first = ws[rng.split(":")[0]]
    set_text(first, value)
    _style(first, (size, bold, italic, None, underline), (horizontal,), border)
    if ":" in rng and rng.split(":")[0] != rng.split(":")[1]:
        merge_cells(ws, rng)


# workbook -> {(corner styles, place of a cell in its range): the style openpyxl gave such a cell}
_MERGES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def merge_cells(ws, rng: str) -> None:
    """`ws.merge_cells(rng)`, with the same cells and styles, each kind of cell styled once per workbook.

    openpyxl restyles every cell of a merged range: the first takes the last one's right and bottom
    borders, each cell on an edge gets the first cell's border on that edge, every cell its
    protection, each assignment hashed to find the style in the workbook's lists. That was a third of
    the appendices' time (117 merges). What a cell gets depends only on the styles of the range's two
    corners and on the edges the cell lies on: a range with a kind of cell not seen yet is merged by
    openpyxl, and the styles it gives are copied for the same kind of cell after.
    """
    min_col, min_row, max_col, max_row = range_boundaries(rng)
    first, last = ws._cells.get((min_row, min_col)), ws._cells.get((max_row, max_col))
    corners = (None if first is None else tuple(first._style), None if last is None else tuple(last._style))
    kinds = {
        (r, c): (*corners, r == min_row, c == min_col, c == max_col, r == max_row, (r, c) == (min_row, min_col))
        for r in range(min_row, max_row + 1)
        for c in range(min_col, max_col + 1)
    }
    seen = _MERGES.setdefault(ws.parent, {})
    if not all(kind in seen for kind in kinds.values()):
        ws.merge_cells(rng)
        for rc, kind in kinds.items():
            seen[kind] = copy(ws._cells[rc]._style)
        return
    start = ws.cell(row=min_row, column=min_col)
    ws.merged_cells.add(MergedCellRange(ws, rng))
    for (r, c), kind in kinds.items():
        cell = start if (r, c) == (min_row, min_col) else MergedCell(ws, row=r, column=c)
        cell._style = copy(seen[kind])
        ws._cells[r, c] = cell


# ---------------------------------------------------------------- the official header block, from data
def issuer(raw, merged_id: str) -> tuple[str, str]:
    """The two left lines of the official header block: the provincial Party body, then the body that
    issues the paper ('ĐẢNG ỦY XÃ CHIỀNG SƠ'), from data."""
    row = raw.communes.set_index("commune_id").loc[merged_id]
    return vi("issuer.province", province=row.province.upper()), vi(
        "issuer.commune", name=plain_name(row.name_vi).upper()
    )


def place_date(raw, merged_id: str, year: int | str | None = None, date: str = "") -> str:
    """'Chiềng Sơ, ngày … tháng … năm 2025': the place and the year of issue (default: the merger year),
    with the day and month when `date` (ISO) gives them."""
    row = raw.communes.set_index("commune_id").loc[merged_id]
    place = plain_name(row.name_vi)
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(date))
    if found:
        return vi("place.date_full", place=place, year=found[1], month=found[2], day=found[3])
    return vi("place.date", place=place, year=year or row.merger_year)


def write_sheet(
    ws,
    *,
    left: tuple[str, str] | None,
    title: str,
    subtitle: str,
    note: str,
    columns: list[Column],
    rows: list[list],
    groups: list[tuple[str, int, int]] = (),
    summary: list[str] = (),
    place_date: str = "",
    signed: bool = False,
    state: bool = False,
) -> None:
    """Party-document header block, a bordered table, then summary lines; `signed`: a paper sent upward
    ends with the signature block (người lập biểu left, T/M Đảng ủy right), `signature_block`.
    `left=None`: an internal sheet, never sent: one line saying so instead of the Party header block.
    `state`: a paper of the People's Committee (UBND) takes the national motto on the right, not the
    Party's name."""
    n = len(columns)
    last = get_column_letter(n)
    split = max(2, n // 2)
    right_from = get_column_letter(split + 1)
    if left is None:
        _merge(ws, f"A1:{last}1", vi("internal.banner"), bold=True, italic=True, size=12, horizontal="left")
    else:
        _merge(ws, f"A1:{get_column_letter(split)}1", left[0], size=12)
        _merge(ws, f"A2:{get_column_letter(split)}2", left[1], bold=True, size=12)
        _merge(ws, f"A3:{get_column_letter(split)}3", "*", size=12)
    if left is not None and state:
        _merge(ws, f"{right_from}1:{last}1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
        _merge(ws, f"{right_from}2:{last}2", "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, underline="single")
        _merge(ws, f"{right_from}3:{last}3", place_date, italic=True, size=12)
    elif left is not None:
        _merge(ws, f"{right_from}1:{last}1", "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=13, underline="single")
        _merge(ws, f"{right_from}2:{last}2", place_date, italic=True, size=12)
    _merge(ws, f"A5:{last}5", title, bold=True, size=14)
    _merge(ws, f"A6:{last}6", subtitle, bold=True, size=13)
    _merge(ws, f"A7:{last}7", note, italic=True, size=12)
    ws.row_dimensions[6].height = 36
    ws.row_dimensions[7].height = 33

    top, sub = 9, 10
    grouped = {c for _, a, b in groups for c in range(a, b + 1)}
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if i in grouped:
            c = ws[f"{letter}{sub}"]
            set_text(c, col.title)
            _style(c, (12, True), ("center",), border=True)
        else:
            _merge(ws, f"{letter}{top}:{letter}{sub}", col.title, bold=True, border=True)
    for label, a, b in groups:
        _merge(ws, f"{get_column_letter(a)}{top}:{get_column_letter(b)}{top}", label, bold=True, border=True)
    for i in range(1, n + 1):  # conventional column numbering row: (1), (2), ...
        c = ws.cell(row=sub + 1, column=i)
        set_text(c, f"({i})")
        _style(c, (11, False, True), ("center", "center", False), border=True)
    ws.row_dimensions[top].height = 30 if groups else 24
    ws.row_dimensions[sub].height = 48 if groups else 24

    first_data = sub + 2
    for r, values in enumerate(rows, start=first_data):
        for i, (col, value) in enumerate(zip(columns, values), start=1):
            cell = ws.cell(row=r, column=i)
            font_args, number_format = _write(cell, value, col.kind)
            numeric = number_format is not None
            horizontal = "center" if i == 1 or (col.width <= 14 and not numeric) else ("right" if numeric else "left")
            _style(cell, font_args, (horizontal, "top"), True, number_format)
        # as tall as the fullest cell's wrapped lines, counted by the letters' widths (`line_fit`)
        lines = max((text_lines(v, columns[i].width) for i, v in enumerate(values) if isinstance(v, str)), default=1)
        ws.row_dimensions[r].height = max(18, 16 * lines)
    end = first_data + len(rows) - 1
    for k, line in enumerate(summary):
        row = end + 2 + k
        _merge(ws, f"A{row}:{last}{row}", line, bold=k == 0, size=12, horizontal="left")
        ws.row_dimensions[row].height = 16 * max(1, math.ceil(len(line) / (sum(c.width for c in columns) * 1.1)))

    bottom = max(end, first_data) + 1 + len(summary)
    if signed:
        bottom = signature_block(ws, bottom + 2, split, n)
    ws.freeze_panes = f"A{first_data}"
    ws.print_area = f"A1:{last}{bottom}"
    page_setup(ws, f"{top}:{sub + 1}")


SIGNING_ROWS = 4  # room to sign and stamp between the title and the name


def signature_block(ws, row: int, split: int, n: int) -> int:
    """'NGƯỜI LẬP BIỂU' over columns 1..split, 'T/M ĐẢNG ỦY / BÍ THƯ' over the rest, from `row`; the rows
    to sign in, and a last row for the names (left blank, as in the Word report). Returns the last row."""
    left = f"A{{r}}:{get_column_letter(split)}{{r}}"
    right = f"{get_column_letter(split + 1)}{{r}}:{get_column_letter(n)}{{r}}"
    _merge(ws, left.format(r=row), vi("sign.preparer"), bold=True, size=13)
    _merge(ws, right.format(r=row), vi("sign.on_behalf"), bold=True, size=13)
    _merge(ws, left.format(r=row + 1), vi("sign.hint"), italic=True, size=12)
    _merge(ws, right.format(r=row + 1), vi("sign.title"), bold=True, size=13)
    for r in range(row + 2, row + 2 + SIGNING_ROWS):
        ws.row_dimensions[r].height = 18
    return row + 1 + SIGNING_ROWS


def page_setup(ws, title_rows: str) -> None:
    """A4 landscape, one page wide, the rows `title_rows` ('9:11') repeated on every printed page,
    the form's margins and a 'Trang x / y' footer: every sheet the office prints, the technical one too."""
    ws.print_title_rows = title_rows
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P / &N"
    ws.oddFooter.center.font = FONT


class _FixedDateZip(zipfile.ZipFile):
    """A zip whose every entry has the fixed date and mode `fixed_zip` gives: what openpyxl writes into it
    has the same bytes on every run, without a second pass over the file."""

    def writestr(self, name, data, *args, **kwargs):
        if isinstance(name, str):
            name = _fixed_entry(name)
        return super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # openpyxl writes each sheet from a temporary file
        with open(filename, "rb") as f:
            return self.writestr(arcname or Path(filename).name, f.read())


def _fixed_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def save_deterministic(wb: Workbook, path: Path) -> Path:
    """Save with fixed dates (document properties and zip entries) so two builds are byte-identical."""
    fixed = datetime.fromisoformat(config.DOCUMENT_DATE)
    wb.properties.creator = "chiengso_stats"
    wb.properties.created = fixed
    path.parent.mkdir(parents=True, exist_ok=True)
    with _FixedDateZip(path, "w", zipfile.ZIP_DEFLATED) as archive:
        wb.properties.modified = fixed  # openpyxl's own save would stamp the time of saving
        ExcelWriter(wb, archive).save()
    return path


def fixed_zip(path: Path, stamp: str | None = None, application: str | None = None) -> Path:
    """Rewrite an Office file's zip with fixed entry dates; core-property dates set to `stamp` (W3CDTF,
    default config.DOCUMENT_DATE) and, when given, docProps/app.xml's Application to `application`."""
    stamp = stamp or datetime.fromisoformat(config.DOCUMENT_DATE).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as zin:
        entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, content in entries:
            data = content
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\2", content
                )
            elif name == "docProps/app.xml" and application:
                data = re.sub(
                    rb"<Application>[^<]*</Application>", f"<Application>{application}</Application>".encode(), content
                )
                data = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", data)
            zout.writestr(_fixed_entry(name), data)
    return path


def assess(result: float, target: float, percent: float, direction: str = "higher") -> str:
    """Đạt / Vượt / Không đạt against the resolution target (glossary labels)."""
    if not (math.isnan(result) or math.isnan(target)):
        diff = (result - target) * (-1 if direction == "lower" else 1)
    elif not math.isnan(percent):
        diff = percent - 100
    else:
        return NO_DATA
    if abs(diff) < 1e-9:
        return vi("result.achieved")
    return vi("result.exceeded") if diff > 0 else vi("result.not_achieved")


GUIDE_WIDTH, GUIDE_CHARACTERS = 70, 88  # column A's width, and the characters of a 12 pt line that fit in it


def write_guide(ws, lines: list[str]) -> None:
    """A guide sheet: one wrapped paragraph per row, the first as its title, locked, printed on A4 portrait.

    Column A is as wide as an A4 portrait page between its margins (70 ≈ 172 mm as Calc prints it; a
    120-wide column ran past the page's right edge), with the print area set to the text. LibreOffice
    Calc draws a wrapped line no taller than its row, so each row is given the lines its text needs
    (about 95 characters a line at 12 pt in that column; 88 counted, for the words that wrap early).
    """
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    for k, line in enumerate(lines, start=1):
        cell = ws.cell(row=k, column=1)
        set_text(cell, line)
        cell.font = font(14 if k == 1 else 12, bold=k == 1)
        cell.alignment = align("left", "top")
        # the title is 14 pt bold capitals: about 45 of them a line
        per_line, line_height = (45, 20) if k == 1 else (GUIDE_CHARACTERS, 18)
        ws.row_dimensions[k].height = line_height * max(1, math.ceil(len(line) / per_line))
    ws.print_area = f"A1:A{max(1, len(lines))}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_margins.left, ws.page_margins.right = 0.6, 0.5  # inches: 15 and 13 mm
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.protection.sheet = True
