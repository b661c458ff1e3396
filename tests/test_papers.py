"""Papers sent upward (issue 27 §3): the yearly tables from the example forms 2026-2028 (VÍ DỤ) end with
the signature block, write dates as a paper does, and speak an office's words; Calc prints them so."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiengso_stats import config
from chiengso_stats.cli import main
from chiengso_stats.publish.office import pdf_text, to_pdf

FORMS = Path(__file__).parent / "fixtures" / "theo_doi_vi_du"
JARGON = ("Eurostat", "Thống kê Canada", "lộ trình đều", "trọng số thay thế", "tăng trưởng kép", "tuyến tính")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("papers")
    raw = tmp / "raw"
    shutil.copytree(config.RAW_DIR, raw)
    (raw / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FORMS / f"{year}.xlsx", raw / "monitoring" / f"{year}.xlsx")
    reports = tmp / "reports"
    assert main(["--raw", str(raw), "--clean", str(tmp / "clean"), "--reports", str(reports), "build"]) == 0
    return reports


def _texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_yearly_table_ends_with_the_signature_block(built):
    ws = load_workbook(built / "theo_doi_nam_2028.xlsx").active
    texts = _texts(ws)
    assert texts[-4:] == ["NGƯỜI LẬP BIỂU", "T/M ĐẢNG ỦY", "(Ký, ghi rõ họ tên)", "BÍ THƯ"]
    title = next(c for row in ws.iter_rows() for c in row if c.value == "NGƯỜI LẬP BIỂU")
    # 36 target rows from row 12 (47), a blank, 12 summary lines to 60, a blank, the signature from row 62 and
    # four rows to sign in: 62 + 1 + 4 = 67, all in the print area
    assert title.row == 62 and ws.print_area.endswith("$67")
    right = next(c for row in ws.iter_rows() for c in row if c.value == "T/M ĐẢNG ỦY")
    assert right.row == title.row and right.column > title.column


def test_dates_read_as_a_paper_writes_them(built):
    # the 2026 form's 'Ngày lập' is 15/01/2027: the source line said '2027-01-15'
    for year in (2026, 2027, 2028):
        texts = _texts(load_workbook(built / f"theo_doi_nam_{year}.xlsx").active)
        assert not [t for t in texts if re.search(r"\b\d{4}-\d{2}-\d{2}\b", t)], year
    texts = _texts(load_workbook(built / "theo_doi_nam_2028.xlsx").active)
    assert (
        "- Biểu theo dõi thực hiện chỉ tiêu nghị quyết năm 2026; Bộ phận thống kê xã (VÍ DỤ — không phải số liệu "
        "thật); ngày 15 tháng 01 năm 2027." in texts
    )
    place = load_workbook(built / "theo_doi_nam_2026.xlsx").active
    assert "Chiềng Sơ, ngày 15 tháng 01 năm 2027" in _texts(place)


def test_the_yearly_table_speaks_an_office_s_words(built):
    texts = _texts(load_workbook(built / "theo_doi_nam_2028.xlsx").active)
    found = [(w, t) for t in texts for w in JARGON if w in t]
    assert not found, found
    # (1) 240 + 260 + 245 = 745 against 1.250 × 3/5 = 750: 99,3%; (1.250 - 745) / 2 = 252,5 a year
    assert any(
        t.startswith(
            "Đạt tiến độ. Lũy kế năm 2026, 2027, 2028: 745 triệu đồng, bằng 99,3% mức cần đạt của 3 năm "
            "(750 triệu đồng). Mỗi năm còn lại cần bình quân 252,5 triệu đồng."
        )
        for t in texts
    )


def test_calc_prints_the_signature_block_after_the_table(built, tmp_path):
    (pdf,) = to_pdf([built / "theo_doi_nam_2028.xlsx"], tmp_path / "pdf")
    pages = pdf_text(pdf).split("\f")
    last = next(p for p in reversed(pages) if p.strip())
    for line in ("NGƯỜI LẬP BIỂU", "T/M ĐẢNG ỦY", "BÍ THƯ", "(Ký, ghi rõ họ tên)"):
        assert line in last
    assert " ".join(pdf_text(pdf).split()).count("T/M ĐẢNG ỦY") == 1
