"""Issue 30, cases 7 and 8: range targets accepted with their upper bound; the review workbook's header (a UBND
paper takes the national motto), units as whole nouns, no local path, comparators in Vietnamese words."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from chiengso_stats.cli import main
from chiengso_stats.ingest.review import FIGURE_FIELDS, FIGURES_SHEET, FIRST_ROW, SOURCE_SHEET

COL = {f.key: c for c, f in enumerate(FIGURE_FIELDS, start=1)}
REPORT = """ĐẢNG BỘ XÃ TÀ XÙA
Xã Tà Xùa được sắp xếp từ xã Háng Đồng và xã Mường Khoa.
Phần thứ hai
KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NHIỆM KỲ 2020-2025
Ban Chấp hành Đảng bộ xã Háng Đồng có 23 đồng chí; Đảng bộ xã Mường Khoa có 412 đảng viên và 12 tổ chức đảng.
Phần thứ ba
MỤC TIÊU NHIỆM KỲ 2025-2030
(1) Thành lập mới từ 3 đến 5 hợp tác xã.
(2) Tỷ lệ hộ nghèo giảm xuống dưới 5%.
"""


def _propose(tmp_path):
    doc = tmp_path / "bao_cao.txt"
    doc.write_text(REPORT, encoding="utf-8")
    book = tmp_path / "ra_soat.xlsx"
    assert main(["propose", str(doc), "--out", str(book)]) == 0
    return book


def _rows(ws) -> list[dict]:
    out = []
    for r in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=r, column=COL["row_no"]).value is not None:
            out.append({k: ws.cell(row=r, column=c).value for k, c in COL.items()} | {"row": r})
    return out


def test_a_range_target_is_accepted_with_its_upper_bound(tmp_path):
    book = _propose(tmp_path)
    wb = load_workbook(book)
    ws = wb[FIGURES_SHEET]
    for row in _rows(ws):
        ws.cell(row=row["row"], column=COL["decision"]).value = "Nhận" if row["indicator_id"] else "Bỏ"
    wb[SOURCE_SHEET]["B4"] = "2025"
    wb.save(book)
    out = tmp_path / "nhan"
    assert main(["accept", str(book), "--out", str(out)]) == 0
    targets = pd.read_csv(out / "targets_2030.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    coop = targets[targets.indicator_id == "cooperatives"].iloc[0]
    assert (coop.comparator, coop.target_as_printed, coop.target_high_as_printed) == ("range", "3", "5")
    assert coop.horizon == "additional_2026_2030"  # "thành lập mới"
    poverty = targets[targets.indicator_id == "poverty_rate"].iloc[0]
    assert (poverty.comparator, poverty.target_as_printed, poverty.target_high_as_printed) == ("<", "5%", "")


def test_a_range_printed_with_toi_is_accepted_as_proposed(tmp_path):
    # fresh-eyes trial 35 (tan_an_phu): propose wrote "2 tới 3" as the range printed, accept refused its own
    # proposal ("cần hai cận 'A đến B'"); "tới" is as Vietnamese as "đến"
    doc = tmp_path / "bao_cao.txt"
    doc.write_text(REPORT.replace("từ 3 đến 5", "khoảng từ 3 tới 5"), encoding="utf-8")
    book = tmp_path / "ra_soat.xlsx"
    assert main(["propose", str(doc), "--out", str(book)]) == 0
    wb = load_workbook(book)
    ws = wb[FIGURES_SHEET]
    for row in _rows(ws):
        ws.cell(row=row["row"], column=COL["decision"]).value = "Nhận" if row["indicator_id"] else "Bỏ"
    assert "3 tới 5" in [row["value_as_printed"] for row in _rows(ws)]
    wb[SOURCE_SHEET]["B4"] = "2025"
    wb.save(book)
    out = tmp_path / "nhan"
    assert main(["accept", str(book), "--out", str(out)]) == 0
    targets = pd.read_csv(out / "targets_2030.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    coop = targets[targets.indicator_id == "cooperatives"].iloc[0]
    assert (coop.comparator, coop.target_as_printed, coop.target_high_as_printed) == ("range", "3", "5")


def test_the_review_workbook_reads_as_a_ubnd_paper(tmp_path):
    book = _propose(tmp_path)
    wb = load_workbook(book)
    ws = wb[FIGURES_SHEET]
    header = [c.value for row in ws.iter_rows(min_row=1, max_row=3) for c in row if c.value]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in header  # a paper of UBND xã, not of the Party
    units = {row["value_as_printed"]: row["unit"] for row in _rows(ws)}
    assert (units["23"], units["412"], units["12"]) == ("đồng chí", "đảng viên", "tổ chức đảng")
    comparators = {row["value_as_printed"]: row["comparator"] for row in _rows(ws)}
    assert (comparators["3 đến 5"], comparators["5%"]) == ("từ … đến …", "dưới (<)")
    source = [c.value for row in wb[SOURCE_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(str(tmp_path) in v for v in source)  # the file's name, never a local path
