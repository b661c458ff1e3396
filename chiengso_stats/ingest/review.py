"""Ingest: the review workbook's layout, and the reviewed workbook read back as raw tables ("accept").

`cs.propose(path)` proposes one row per figure printed in a document; the officer reviews
them in a workbook (written by `publish.review_workbook`), ticks "Nhận" or "Bỏ" on every row,
corrects what is wrong in the editable cells, and `accept` turns the accepted rows into the
raw tables `sources`, `communes`, `observations`, `targets_2030` (and an empty
`resolution_results`) in a folder of their own, beside a byte-identical copy of the document.
Nothing is typed twice, and code never writes into `data/raw/`: the officer copies that
folder's files there (or into a raw folder of the new commune). The build then verifies every
accepted quote against the document, as for any text source.

The layout (sheet names, column titles) lives here, in `ingest`, because reading depends on
it; the writer in `publish` imports it, so imports keep running one way.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..errors import Problem, RawDataError
from ..numbers import SUFFIXES, NumberFormatError, parse_printed, split_printed, unit_family
from ..outputs import atomic_write
from ..text import contains_token, normalise, plain_name, vietnamese_sort_key
from .containers import container_problem
from .new_indicators import read_new
from .review_tables import HORIZON_VI, raw_tables
from .review_tables import _horizon as _horizon  # re-exported: proposal_score, tests
from .review_tables import _target_ids as _target_ids  # re-exported: tests
from .schemas import ID, PERIOD, QUALIFIERS
from .sources import printed_form, sha256_of, vietnamese

GUIDE_SHEET = "Hướng dẫn"
DIFFERS = "KHÁC với"  # the note of a figure the other document prints differently (`proposals._cross_check`)
FIGURES_SHEET = "Số liệu đề xuất"
COMMUNES_SHEET = "Xã"
SOURCE_SHEET = "Nguồn"
CATALOGUE_SHEET = "Danh mục chỉ tiêu"

ACCEPT, REJECT = "Nhận", "Bỏ"
DECISIONS = (ACCEPT, REJECT)
KIND_VI = {"observation": "số liệu", "target": "chỉ tiêu 2030"}
ROLE_VI = {"former": "xã cũ", "merged": "xã mới"}
# A target's horizon (schema HORIZONS), as the workbook shows it
COMPARATORS = (">=", ">", "<=", "<", "add", "range")  # "add": "có thêm N"; "range": "từ 3 đến 5"
# what the workbook shows for each (accept reads these words, or the signs typed)
COMPARATOR_VI = {
    ">=": "từ … trở lên (≥)",
    ">": "trên (>)",
    "<=": "từ … trở xuống (≤)",
    "<": "dưới (<)",
    "add": "có thêm",
    "range": "từ … đến …",
}
CHOICE_SEPARATOR = " — "  # a catalogue choice reads "forest_cover — Tỷ lệ che phủ rừng"

# write_sheet's layout: column titles in row 9 (merged down to 10), numbering in 11, data from 12
TITLE_ROW, FIRST_ROW = 9, 12


@dataclass(frozen=True)
class Field:
    key: str  # the proposal column it shows
    title: str  # the column title in the workbook
    width: float
    editable: bool
    kind: str = "text"  # write_sheet's Column kind


FIGURE_FIELDS = [
    Field("row_no", "STT", 6, False, "int"),
    Field("decision", "Nhận / Bỏ", 10, True),
    Field("kind", "Loại", 12, True),
    Field("commune_id", "Mã xã", 15, True),
    Field("commune_name", "Xã (như văn bản ghi)", 15, False),
    Field("indicator_id", "Chỉ tiêu trong danh mục (chọn)", 36, True),
    Field("indicator_vi", "Cụm từ trong văn bản", 28, False),
    Field("period", "Kỳ", 11, True),
    Field("horizon", "Mốc chỉ tiêu 2030", 16, True),
    Field("value_as_printed", "Giá trị như văn bản ghi", 15, True),
    Field("value", "Giá trị đọc được", 12, False, "num2"),
    Field("unit", "Đơn vị", 10, False),
    Field("qualifier", "Từ kèm", 10, True),
    Field("comparator", "So sánh", 9, True),
    Field("quote", "Trích dẫn nguyên văn", 52, False),
    Field("source_ref", "Vị trí trong văn bản", 24, False),
    Field("document", "Văn bản", 22, False),
    Field("confidence", "Độ tin cậy", 9, False, "num2"),
    Field("note", "Ghi chú", 22, True),
]

COMMUNE_FIELDS = [
    Field("decision", "Nhận / Bỏ", 10, True),
    Field("commune_id", "Mã xã", 18, True),
    Field("name_vi", "Tên xã", 24, True),
    Field("role", "Vai trò", 10, True),
    Field("merged_into", "Sáp nhập vào (mã xã mới)", 22, True),
    Field("province", "Tỉnh", 14, True),
    Field("former_district", "Huyện (cũ)", 14, True),
    Field("congress", "Đại hội lần thứ", 12, True),
    Field("term", "Nhiệm kỳ", 12, True),
]

# (key, label, editable) of the source sheet, one per row; a document per column from B (a report and its
# appendix: B and C). The file's name, never its local path: accept finds it beside the workbook or by --document.
SOURCE_FIELDS = [
    ("source_id", "Mã nguồn (source_id)", True),
    ("title_vi", "Tên văn bản", True),
    ("issuer", "Cơ quan ban hành", True),
    ("date", "Ngày ban hành (năm, hoặc năm-tháng-ngày)", True),
    ("note", "Ghi chú", True),
    ("file", "Tệp văn bản", False),
    ("sha256", "Mã kiểm tra sha256 của tệp", False),
]


def slug(name: str) -> str:
    """'Huổi Pịa' -> 'huoi_pia': a proposed id from a printed name (accents and 'đ' folded)."""
    text = re.sub(r"[^a-z0-9]+", "_", vietnamese_sort_key(plain_name(normalise(name))))
    text = text.strip("_")
    return text if re.match(ID, text) else f"x_{text}" if text else "x"


def choice(indicator_id: str, name_vi: str) -> str:
    """What the catalogue dropdown shows and the cell holds."""
    return f"{indicator_id}{CHOICE_SEPARATOR}{name_vi}"


# ---------------------------------------------------------------- reading the reviewed workbook
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise(str(value))


class _Sheet:
    """A sheet read by column title; every problem names the workbook, sheet and cell."""

    def __init__(self, wb, name: str, fields: list[Field], title_row: int, problems: list[Problem], label: str):
        self.name, self.label, self.problems = name, label, problems
        self.numbers: dict[int, str] = {}  # Excel row -> the STT the officer reads there, on a numbered sheet
        self.ok = name in wb.sheetnames
        if not self.ok:
            problems.append(Problem(label, None, None, ", ".join(wb.sheetnames), f"trang '{name}'", f"sheet '{name}'"))
            return
        self.ws = wb[name]
        titles = {_text(c.value): c.column for c in self.ws[title_row]}
        self.cols = {f.key: titles.get(f.title) for f in fields}
        for f in fields:
            if self.cols[f.key] is None:
                problems.append(
                    self.at(title_row, 1, ", ".join(t for t in titles if t), f"cột '{f.title}'", f"column '{f.title}'")
                )
        self.ok = all(self.cols.values())

    def where(self, row: int, col: int) -> str:
        line = f"{self.line(row)}, " if row in self.numbers else ""
        return f"{self.label}, trang '{self.name}', {line}ô {get_column_letter(col)}{row}"

    def line(self, row: int) -> str:
        """'STT 3 (dòng 14)': the number the officer reads in column STT, and Excel's row."""
        return f"STT {self.numbers[row]} (dòng {row})" if row in self.numbers else f"dòng {row}"

    def at(self, row: int, col: int, found: str, expected_vi: str, expected_en: str) -> Problem:
        return Problem(self.where(row, col), None, None, found or "(trống)", expected_vi, expected_en)

    def flag(self, row: int, key: str, found, expected_vi: str, expected_en: str) -> None:
        self.problems.append(self.at(row, self.cols[key], _text(found), expected_vi, expected_en))

    def rows(self, first: int, key: str):
        """(row number, raw cell values by key) for every row whose `key` cell is filled."""
        for r in range(first, self.ws.max_row + 1):
            values = {k: self.ws.cell(row=r, column=c).value for k, c in self.cols.items()}
            if _text(values[key]):
                if _text(values.get("row_no")):
                    self.numbers[r] = _text(values["row_no"])
                yield r, values


def _decision(sheet: _Sheet, r: int, value) -> bool:
    text = _text(value)
    if text not in DECISIONS:
        sheet.flag(r, "decision", text, f"'{ACCEPT}' hoặc '{REJECT}'", f"'{ACCEPT}' (accept) or '{REJECT}' (reject)")
    return text == ACCEPT


def _sources(wb, label: str, problems: list[Problem]) -> list[dict[str, str]]:
    """One registry row per document column of sheet "Nguồn" (B, C, …: a report and its appendix)."""
    if SOURCE_SHEET not in wb.sheetnames:
        problems.append(Problem(label, None, None, ", ".join(wb.sheetnames), f"trang '{SOURCE_SHEET}'", "sheet"))
        return []
    ws = wb[SOURCE_SHEET]
    by_label = {_text(ws.cell(row=r, column=1).value): r for r in range(1, ws.max_row + 1)}
    missing = [text for _, text, _ in SOURCE_FIELDS if text not in by_label]
    for text in missing:
        problems.append(Problem(f"{label}, trang '{SOURCE_SHEET}'", None, None, "", f"dòng '{text}'", "a row"))
    if missing:
        return []
    out = []
    file_row = by_label[next(t for k, t, _ in SOURCE_FIELDS if k == "file")]
    for col in range(2, ws.max_column + 1):
        if not _text(ws.cell(row=file_row, column=col).value):
            continue
        source = {}
        for key, text, _ in SOURCE_FIELDS:
            r, letter = by_label[text], get_column_letter(col)
            value = ws.cell(row=r, column=col).value
            source[key] = value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else _text(value)
            source[key] = _iso_date(source[key]) if key == "date" else source[key]
            source[f"{key}_cell"] = f"{label}, trang '{SOURCE_SHEET}', ô {letter}{r}"
        checks = (
            ("source_id", ID, "mã nguồn: chữ thường không dấu, số, '_'", "a lower-case id"),
            ("date", r"^\d{4}(-\d{2}(-\d{2})?)?$", "năm (2025) hoặc ngày (29/8/2025, 2025-08-29)", "a year or a date"),
            ("title_vi", r"^.+$", "tên văn bản", "the document's title"),
            # a name from a workbook is a bare file name: '../x.docx' would write outside --out
            (
                "file",
                r"^(?!\.\.?$)[^/\\:*?\"<>|\x00]+$",
                "tên một tệp, không kèm thư mục (vd bao_cao.docx)",
                "a bare file name",
            ),
        )
        for key, pattern, vi, en in checks:
            if not re.match(pattern, source[key]):
                problems.append(Problem(source[f"{key}_cell"], None, None, source[key] or "(trống)", vi, en))
        out.append(source)
    return out


def _iso_date(text: str) -> str:
    """A date typed as Vietnamese write it, day first ("29/8/2025", "29-8-2025", "29.8.2025"), as ISO ("2025-08-29");
    any other text as it is (checked, and refused with its cell, by the caller)."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text.strip())
    if not m:
        return text
    try:
        return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:  # "31/2/2025": no such day, left for the check to refuse
        return text


def _communes(wb, label: str, problems: list[Problem]) -> pd.DataFrame:
    sheet = _Sheet(wb, COMMUNES_SHEET, COMMUNE_FIELDS, 1, problems, label)
    if not sheet.ok:
        return pd.DataFrame(columns=[f.key for f in COMMUNE_FIELDS])
    roles = {v: k for k, v in ROLE_VI.items()}
    rows = []
    for r, v in sheet.rows(2, "commune_id"):
        if not _decision(sheet, r, v["decision"]):
            continue
        row = {f.key: _text(v[f.key]) for f in COMMUNE_FIELDS} | {"sheet_row": r}
        if not re.match(ID, row["commune_id"]):
            sheet.flag(r, "commune_id", row["commune_id"], "mã xã: chữ thường không dấu, số, '_'", "a lower-case id")
        if row["role"] not in roles:
            sheet.flag(r, "role", row["role"], f"'{ROLE_VI['former']}' hoặc '{ROLE_VI['merged']}'", "a role")
        row["role"] = roles.get(row["role"], row["role"])
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[f.key for f in COMMUNE_FIELDS] + ["sheet_row"])
    merged = set(frame.commune_id[frame.role == "merged"])
    for row in frame.itertuples():
        if row.role == "former" and row.merged_into not in merged:
            sheet.flag(
                row.sheet_row, "merged_into", row.merged_into, "mã của một xã mới đã nhận", "an accepted merged id"
            )
        if row.role == "merged" and row.merged_into:
            sheet.flag(
                row.sheet_row, "merged_into", row.merged_into, "ô trống với xã mới", "empty for a merged commune"
            )
    for cid in frame.commune_id[frame.commune_id.duplicated()]:
        r = int(frame.sheet_row[frame.commune_id == cid].iloc[-1])
        sheet.flag(r, "commune_id", cid, "mã xã không trùng", "a unique commune id")
    return frame


def _printed(value, quote: str, unit: str) -> str:
    """The raw table's value_as_printed: the number, and its unit word only where the loader reads it.

    '6.850 con' -> '6.850' (a count's unit word is not a unit the loader parses); '1.240 ha'
    and '28,6 tỷ đồng' stay as printed. A number cell (Excel turned a typed '9.199' into 9199)
    gets back the form the quote prints.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return printed_form(float(value), quote, ",", unit) or vietnamese(float(value))
    text = _text(value)
    m = split_printed(text)
    if not m:
        return text
    suffix = m["unit"].lower()
    keep = suffix in SUFFIXES and SUFFIXES[suffix][0] == unit_family(unit)
    return text if keep else m["num"]


def _figures(wb, label, catalogue: dict[str, str], communes: set[str], problems) -> pd.DataFrame:
    sheet = _Sheet(wb, FIGURES_SHEET, FIGURE_FIELDS, TITLE_ROW, problems, label)
    if not sheet.ok:
        return pd.DataFrame()
    kinds = {v: k for k, v in KIND_VI.items()}
    rows = []
    set_aside = []  # rows rejected where the other document prints the figure differently: kept, outranked
    for r, v in sheet.rows(FIRST_ROW, "row_no"):
        if not _decision(sheet, r, v["decision"]):
            if _text(v["note"]).startswith(DIFFERS):
                set_aside.append((r, v))
            continue
        row = {k: _text(x) for k, x in v.items()} | {"sheet_row": r}
        row["indicator_id"] = row["indicator_id"].split(CHOICE_SEPARATOR.strip())[0].strip()
        if row["kind"] not in kinds:
            sheet.flag(r, "kind", row["kind"], f"'{KIND_VI['observation']}' hoặc '{KIND_VI['target']}'", "a kind")
        row["kind"] = kinds.get(row["kind"], row["kind"])
        if row["commune_id"] not in communes:
            sheet.flag(r, "commune_id", row["commune_id"], f"mã một xã đã nhận ở trang '{COMMUNES_SHEET}'", "a commune")
        unit = catalogue.get(row["indicator_id"])
        if unit is None:
            sheet.flag(
                r,
                "indicator_id",
                row["indicator_id"],
                f"một chỉ tiêu trong danh mục (trang '{CATALOGUE_SHEET}'); số không có trong danh mục: bổ sung danh "
                f"mục trước, hoặc chọn '{REJECT}'",
                "an indicator of the catalogue",
            )
        if not re.match(PERIOD, row["period"]):
            sheet.flag(r, "period", row["period"], "kỳ dạng 2025 hoặc 2020-2025", "a period such as 2025 or 2020-2025")
        if row["qualifier"] not in QUALIFIERS:
            sheet.flag(r, "qualifier", row["qualifier"], f"một từ trong {QUALIFIERS[1:]} hoặc trống", "a qualifier")
        if row["kind"] == "target" and row.get("horizon", "") not in ("", *HORIZON_VI.values()):
            sheet.flag(r, "horizon", row["horizon"], f"một mốc trong {list(HORIZON_VI.values())}", "a horizon")
        row["comparator"] = {v: k for k, v in COMPARATOR_VI.items()}.get(row["comparator"], row["comparator"])
        if row["kind"] == "target" and row["comparator"] not in COMPARATORS:
            sheet.flag(
                r,
                "comparator",
                row["comparator"],
                f"một phép so sánh trong {list(COMPARATOR_VI.values())}",
                "comparator",
            )
        row["value_high_as_printed"], printed = "", v["value_as_printed"]
        if row["comparator"] == "range":  # "3 đến 5", "2 tới 3", "3 - 5": the bounds, each as printed
            bounds = re.split(r"\s*(?:đến|tới|-|–)\s*", _text(printed), maxsplit=1)
            if len(bounds) == 2:
                printed = bounds[0]
                row["value_high_as_printed"] = _printed(bounds[1], row["quote"], unit or "")
            else:
                sheet.flag(
                    r,
                    "value_as_printed",
                    bounds[0],
                    "hai cận 'A đến B' (hoặc 'A tới B') với phép so sánh khoảng",
                    "A đến B",
                )
        if not row["quote"]:
            sheet.flag(r, "quote", "", "đoạn trích nguyên văn từ văn bản", "a verbatim quote")
        if unit is not None:
            row["value_as_printed"] = _printed(printed, row["quote"], unit)
            try:
                parse_printed(row["value_as_printed"], unit)
            except NumberFormatError as exc:
                sheet.flag(r, "value_as_printed", exc.text, exc.expected_vi, exc.expected_en)
            else:
                if row["quote"] and not contains_token(row["quote"], row["value_as_printed"]):
                    sheet.flag(
                        r, "value_as_printed", row["value_as_printed"], "giá trị có trong trích dẫn", "a quoted value"
                    )
        rows.append(row)
    frame = pd.DataFrame(rows)
    if len(frame):
        key = ["commune_id", "indicator_id", "period", "source_ref", "kind"]
        for _, group in frame[frame.duplicated(key, keep=False)].groupby(key, sort=False):
            rows_seen = ", ".join(sheet.line(int(x)) for x in group.sheet_row)
            sheet.flag(
                int(group.sheet_row.iloc[-1]),
                "indicator_id",
                f"{group.indicator_id.iloc[0]} ({rows_seen})",
                "một dòng nhận cho mỗi xã, chỉ tiêu, kỳ và vị trí: sửa chỉ tiêu, mã xã hoặc kỳ của dòng sai, "
                f"hoặc chọn '{REJECT}' ở dòng thừa",
                "one accepted row per commune, indicator, period and place: correct one row, or reject the extra one",
            )
        if "document" in frame:  # a figure printed in the report and its appendix: one source wins, the officer's
            key = ["commune_id", "indicator_id", "period", "kind"]
            for _, group in frame[frame.duplicated(key, keep=False)].groupby(key, sort=False):
                if group.document.nunique() > 1:
                    # the rows in `found` (short, never cut), the values and their files in `expected`, so the
                    # officer sees both rows and whether the two documents disagree
                    seen = "; ".join(f"{v} ở {d}" for v, d in zip(group.value_as_printed, group.document))
                    sheet.flag(
                        int(group.sheet_row.iloc[-1]),
                        "decision",
                        f"{ACCEPT} ở " + " và ".join(sheet.line(int(x)) for x in group.sheet_row),
                        f"một số liệu in ở hai văn bản ({seen}; xem cột Ghi chú): nhận một dòng, chọn 'Bỏ' ở dòng kia",
                        "a figure printed in both documents: accept one row, reject the other",
                    )
    return _outranked(frame, set_aside, catalogue) if len(frame) and set_aside else frame


def _outranked(frame: pd.DataFrame, set_aside, catalogue: dict[str, str]) -> pd.DataFrame:
    """The rows the officer rejected for their twin in the other document, which prints another value: kept as
    observations of their own document that the accepted twin outranks (`supersedes`), so nothing is lost and the
    audit says both values ("1.151 theo 'Phụ lục' được thay bằng 1.115 theo 'Báo cáo'"). A row that would not be
    valid on its own is dropped, as the officer asked."""
    extra = []
    for r, v in set_aside:
        row = {k: _text(x) for k, x in v.items()} | {"sheet_row": r, "kind": "observation"}
        row["indicator_id"] = row["indicator_id"].split(CHOICE_SEPARATOR.strip())[0].strip()
        unit = catalogue.get(row["indicator_id"])
        if unit is None or not re.match(PERIOD, row["period"]) or _text(v["kind"]) != KIND_VI["observation"]:
            continue
        row["value_as_printed"] = _printed(v["value_as_printed"], row["quote"], unit)
        try:
            value = parse_printed(row["value_as_printed"], unit)
        except NumberFormatError:
            continue
        twin = frame[
            (frame.commune_id == row["commune_id"])
            & (frame.indicator_id == row["indicator_id"])
            & (frame.period == row["period"])
            & (frame.kind == "observation")
            & (frame.document != row["document"])
        ]
        if len(twin) != 1 or parse_printed(twin.value_as_printed.iloc[0], unit) == value:
            continue
        frame.loc[twin.index[0], "supersedes_document"] = row["document"]
        extra.append(row)
    return pd.concat([frame, pd.DataFrame(extra)], ignore_index=True) if extra else frame


def _find(file: str, given: list[Path], beside: Path) -> Path:
    """The document named `file`: one given (--document), else beside the reviewed workbook."""
    for path in given:
        if path.name == file:
            return path
    return beside / file


REVIEWED = ("Bảng rà soát", "the review workbook")  # accept's problems are in the workbook, not raw data


def refuse_over_review(path: Path) -> None:
    """`propose` never writes over a workbook the officer has begun to review (rows ticked Nhận / Bỏ): the
    decisions and corrections typed there would be lost. RawDataError names the file and how many rows."""
    if not path.is_file() or container_problem(path, path.name, "review") is not None:
        return
    wb = load_workbook(path, read_only=True)
    col = [f.key for f in FIGURE_FIELDS].index("decision") + 1
    ticked = 0
    if FIGURES_SHEET in wb.sheetnames:  # another workbook at that path: not a review, the writer replaces it
        cells = wb[FIGURES_SHEET].iter_rows(min_row=FIRST_ROW, min_col=col, max_col=col, values_only=True)
        ticked = sum(_text(v) in DECISIONS for (v,) in cells)
    wb.close()
    if ticked:
        found = f"bảng rà soát với {ticked} dòng đã chọn {ACCEPT} / {REJECT}"
        vi = "một tên tệp khác (--out TỆP), hoặc xóa bảng cũ nếu muốn rà soát lại từ đầu; không ghi đè phần đã rà soát"
        raise RawDataError([Problem(path.name, None, None, found, vi, "another file (--out), or delete it")], REVIEWED)


def read_reviewed(path: str | Path, catalogue: pd.DataFrame, document=None):
    """Read a reviewed workbook: (raw tables, the documents' paths); RawDataError lists every problem.

    Parameters
    ----------
    path : the reviewed workbook.
    catalogue : the indicator catalogue (``indicators.csv``): ids, names and canonical units.
    document : the proposed documents (a path or a list), when they are not beside the workbook.
    """
    path = Path(path)
    label = path.name
    problems: list[Problem] = []
    refused = container_problem(path, label, "review")
    if refused is not None:
        raise RawDataError([refused], REVIEWED)
    wb = load_workbook(path)
    sources = _sources(wb, label, problems)
    communes = _communes(wb, label, problems)
    new = read_new(wb, label, catalogue, problems)  # indicators the catalogue lacks, accepted by the officer
    units = dict(zip(catalogue.indicator_id, catalogue.unit)) | dict(zip(new.indicator_id, new.unit))
    figures = _figures(wb, label, units, set(communes.commune_id), problems)
    given = [Path(d) for d in ([document] if isinstance(document, (str, Path)) else document or [])]
    docs = []
    for source in sources:
        doc = _find(source["file"], given, path.parent)
        docs.append(doc)
        if not doc.is_file():
            problems.append(
                Problem(
                    source["file_cell"],
                    None,
                    None,
                    f"không thấy {doc}",
                    "văn bản đã đề xuất, đặt cạnh bảng rà soát, hoặc chỉ rõ bằng --document",
                    "the proposed document beside the workbook, or give it with --document",
                )
            )
        elif source.get("sha256") and sha256_of(doc) != source["sha256"]:
            problems.append(
                Problem(
                    source["sha256_cell"],
                    None,
                    None,
                    f"sha256 {sha256_of(doc)} ({doc.name})",
                    "đúng văn bản đã đề xuất (mã kiểm tra không khớp)",
                    "the very document proposed (checksum differs)",
                )
            )
    if problems:
        raise RawDataError(problems, REVIEWED)
    tables = raw_tables(sources, communes, figures, dict(zip(catalogue.indicator_id, catalogue.name_vi)))
    if len(new):  # the catalogue with the new indicators, beside the other tables
        tables["indicators"] = pd.concat([catalogue.astype(str), new], ignore_index=True)
    return tables, docs


def write_raw_folder(tables: dict[str, pd.DataFrame], documents, out_dir: str | Path) -> list[Path]:
    """The raw tables as CSV (UTF-8 with BOM, like data/raw) and the documents, byte for byte."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():  # each file whole or not at all: a temporary file, then renamed
        target = atomic_write(
            out / f"{name}.csv",
            lambda tmp, f=frame: f.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n"),
        )
        written.append(target)
    for document in [documents] if isinstance(documents, Path) else documents:
        copy = out / document.name
        if copy.resolve() != document.resolve():
            atomic_write(copy, lambda tmp, d=document: shutil.copyfile(d, tmp))
        written.append(copy)
    return written
