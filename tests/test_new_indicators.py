"""Issue 30, case 6: a figure the catalogue lacks gets a new indicator proposed in the review workbook; accept
writes it beside the other tables and refuses an id that clashes with the catalogue."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

import chiengso_stats as cs
from chiengso_stats.cli import main
from chiengso_stats.ingest.new_indicators import NEW_SHEET
from chiengso_stats.ingest.review import FIGURE_FIELDS, FIGURES_SHEET, FIRST_ROW, SOURCE_SHEET

COL = {f.key: c for c, f in enumerate(FIGURE_FIELDS, start=1)}
REPORT = """Xã Tà Xùa được sắp xếp từ xã Háng Đồng và xã Mường Khoa.
Phần thứ hai
KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NHIỆM KỲ 2020-2025
Sản lượng lương thực năm 2025 của xã Háng Đồng đạt 2.140 tấn, xã Mường Khoa đạt 1.975 tấn.
Phần thứ ba
MỤC TIÊU NHIỆM KỲ 2025-2030
(1) Sản lượng lương thực hằng năm đạt trên 4.500 tấn.
"""


@pytest.fixture
def book(tmp_path):
    doc = tmp_path / "bao_cao.txt"
    doc.write_text(REPORT, encoding="utf-8")
    path = tmp_path / "ra_soat.xlsx"
    assert main(["propose", str(doc), "--out", str(path)]) == 0
    return path


def _review(book, new_id: str) -> None:
    wb = load_workbook(book)
    ws = wb[FIGURES_SHEET]
    for r in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=r, column=COL["row_no"]).value is not None:
            ws.cell(row=r, column=COL["decision"]).value = "Nhận"
            ws.cell(row=r, column=COL["indicator_id"]).value = new_id
    new = wb[NEW_SHEET]
    new["A2"], new["B2"] = "Nhận", new_id
    wb[SOURCE_SHEET]["B4"] = "2025"
    wb.save(book)


def test_a_new_indicator_is_suggested_then_accepted_beside_the_other_tables(book, tmp_path):
    ws = load_workbook(book)[NEW_SHEET]
    # suggested from the phrase and the unit, in yellow cells; rows 1 and 2 of the figures use it
    assert [c.value for c in ws[2]] == [
        None,
        "san_luong_luong_thuc",
        "Sản lượng lương thực",
        "tấn",
        "quy mô (cộng các xã)",
        None,
        "1, 2, 3",
    ]
    assert ws["B2"].fill.fgColor.rgb.endswith("FFF2CC") and not ws["B2"].protection.locked
    _review(book, "grain_output")
    out = tmp_path / "nhan"
    assert main(["accept", str(book), "--out", str(out)]) == 0
    catalogue = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    grain = catalogue.set_index("indicator_id").loc["grain_output"]
    assert (grain.name_vi, grain.unit, grain.kind, grain.aggregation) == (
        "Sản lượng lương thực",
        "tấn",
        "extensive",
        "sum",
    )
    merged = cs.merged(out).set_index("indicator_id")
    # hand-worked: 2.140 + 1.975 = 4.115 tấn for the new commune
    assert merged.loc["grain_output", "merged"] == 4115


def test_a_new_indicator_whose_id_clashes_with_the_catalogue_is_refused(book, tmp_path):
    _review(book, "population")
    with pytest.raises(cs.RawDataError) as err:
        from chiengso_stats.ingest.review import read_reviewed

        read_reviewed(book, cs.load_raw().indicators, tmp_path / "bao_cao.txt")
    assert "trang 'Chỉ tiêu mới', ô B2: đang ghi 'population'; cần mã chưa có trong danh mục" in str(err.value)
