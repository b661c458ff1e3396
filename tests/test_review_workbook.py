"""The review workbook (propose) and its way back into raw tables (accept), on a hand-built example.

The document is a small VÍ DỤ text of a made-up merger of two communes; the proposals are
typed by hand in the columns `cs.propose` returns, so these tests stand apart from the
proposal engine. The accepted folder, with the catalogue copied in, builds, and the build
verifies every accepted quote against the document.
"""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from chiengso_stats.cli import main
from chiengso_stats.errors import RawDataError
from chiengso_stats.ingest.raw import load_raw
from chiengso_stats.ingest.review import (
    ACCEPT,
    CATALOGUE_SHEET,
    COMMUNES_SHEET,
    FIGURE_FIELDS,
    FIGURES_SHEET,
    FIRST_ROW,
    REJECT,
    SOURCE_SHEET,
    TITLE_ROW,
    read_reviewed,
    slug,
)
from chiengso_stats.ingest.tables import read_table
from chiengso_stats.publish.excel import save_deterministic
from chiengso_stats.publish.review_workbook import proposed_communes, review_workbook

from conftest import ROOT

DOC = """VÍ DỤ KIỂM THỬ — không phải số liệu thật.
Phần thứ nhất
Xã Na Hin được thành lập trên cơ sở nhập toàn bộ diện tích tự nhiên 20,5 km2, quy mô dân số 3.100 người của xã Bó Mười và toàn bộ diện tích tự nhiên 30,25 km2, quy mô dân số 2.400 người của xã Co Mạ. Sau khi thành lập, xã Na Hin có diện tích tự nhiên 50,75 km2, quy mô dân số 5.500 người.
Phần thứ hai
1. Xã Bó Mười
Tổng đàn gia súc đạt 6.850 con. Thực hiện Chỉ thị số 35-CT/TW.
2. Xã Co Mạ
- Tỷ lệ hộ nghèo giảm còn 8,15%.
Phần thứ ba
(1) Tỷ lệ che phủ rừng đạt trên 50%.
(2) Có thêm 02 hợp tác xã.
"""

MERGER = "nhập toàn bộ diện tích tự nhiên 20,5 km2, quy mô dân số 3.100 người của xã Bó Mười"
MERGER_B = "toàn bộ diện tích tự nhiên 30,25 km2, quy mô dân số 2.400 người của xã Co Mạ"
NEW = "Sau khi thành lập, xã Na Hin có diện tích tự nhiên 50,75 km2, quy mô dân số 5.500 người"
COLUMNS = (
    "commune_name commune_id indicator_id indicator_vi period value_as_printed value unit qualifier kind "
    "comparator quote source_ref confidence"
).split()
# fmt: off
ROWS = [
    ("Bó Mười", "bo_muoi", "natural_area", "diện tích tự nhiên", "2025", "20,5 km2", 20.5, "km2", "", "observation", "", MERGER, "Phần thứ nhất", 0.9),
    ("Bó Mười", "bo_muoi", "population", "quy mô dân số", "2025", "3.100", 3100.0, "người", "", "observation", "", MERGER, "Phần thứ nhất", 0.9),
    ("Co Mạ", "co_ma", "natural_area", "diện tích tự nhiên", "2025", "30,25 km2", 30.25, "km2", "", "observation", "", MERGER_B, "Phần thứ nhất", 0.9),
    ("Co Mạ", "co_ma", "population", "quy mô dân số", "2025", "2.400", 2400.0, "người", "", "observation", "", MERGER_B, "Phần thứ nhất", 0.9),
    ("Na Hin", "na_hin", "natural_area", "diện tích tự nhiên", "2025", "50,75 km2", 50.75, "km2", "", "observation", "", NEW, "Phần thứ nhất", 0.9),
    ("Na Hin", "na_hin", "population", "quy mô dân số", "2025", "5.500", 5500.0, "người", "", "observation", "", NEW, "Phần thứ nhất", 0.9),
    ("Bó Mười", "bo_muoi", "herd_size", "tổng đàn gia súc", "2025", "6.850 con", 6850.0, "con", "", "observation", "", "Tổng đàn gia súc đạt 6.850 con", "Phần thứ hai › 1", 0.8),
    ("Bó Mười", "bo_muoi", "", "Chỉ thị số", "2025", "35", 35.0, "", "", "observation", "", "Thực hiện Chỉ thị số 35-CT/TW", "Phần thứ hai › 1", 0.2),
    ("Co Mạ", "co_ma", "poverty_rate", "tỷ lệ hộ nghèo", "2025", "8,15%", 8.15, "%", "", "observation", "", "- Tỷ lệ hộ nghèo giảm còn 8,15%", "Phần thứ hai › 2", 0.9),
    ("Na Hin", "na_hin", "forest_cover", "tỷ lệ che phủ rừng", "2030", "50%", 50.0, "%", "trên", "target", ">", "Tỷ lệ che phủ rừng đạt trên 50%", "Phần thứ ba › (1)", 0.9),
    ("Na Hin", "na_hin", "cooperatives", "hợp tác xã", "2026-2030", "02", 2.0, "hợp tác xã", "", "target", "add", "Có thêm 02 hợp tác xã", "Phần thứ ba › (2)", 0.9),
]
# fmt: on
DISTRACTOR = 8  # STT of the "35-CT/TW" row, rejected below


def proposals() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=COLUMNS)


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    frame, problems = read_table(ROOT / "data" / "raw", "indicators")
    assert not problems
    return frame


@pytest.fixture()
def doc(tmp_path):
    path = tmp_path / "bao_cao_na_hin_vi_du.txt"
    path.write_text(DOC, encoding="utf-8")
    return path


@pytest.fixture()
def book(tmp_path, doc, catalogue):
    return save_deterministic(review_workbook(proposals(), catalogue, doc), tmp_path / "ra_soat.xlsx")


def _col(title: str) -> int:
    return next(i for i, f in enumerate(FIGURE_FIELDS, start=1) if f.title == title)


def review(path, decisions: dict[int, str] | None = None, date: str = "2025-08-20", edits=()) -> None:
    """What the officer does in Excel: Nhận on every row except the distractor, the date, a few edits."""
    wb = load_workbook(path)
    ws = wb[FIGURES_SHEET]
    decide = _col("Nhận / Bỏ")
    for r in range(FIRST_ROW, FIRST_ROW + len(ROWS)):
        stt = ws.cell(row=r, column=1).value
        default = REJECT if stt == DISTRACTOR else ACCEPT
        ws.cell(row=r, column=decide).value = (decisions or {}).get(stt, default)
    for stt, title, value in edits:
        ws.cell(row=FIRST_ROW + stt - 1, column=_col(title)).value = value
    src = wb[SOURCE_SHEET]
    row = next(r for r in range(1, src.max_row + 1) if str(src.cell(row=r, column=1).value).startswith("Ngày"))
    src.cell(row=row, column=2).value = date
    wb.save(path)


# ---------------------------------------------------------------- the workbook
def test_review_workbook_layout_one_row_per_proposal(book):
    wb = load_workbook(book)
    assert wb.sheetnames == ["Hướng dẫn", FIGURES_SHEET, COMMUNES_SHEET, SOURCE_SHEET, "Chỉ tiêu mới", CATALOGUE_SHEET]
    ws = wb[FIGURES_SHEET]
    assert ws["A5"].value == "BẢNG RÀ SOÁT SỐ LIỆU ĐỀ XUẤT TỪ VĂN BẢN"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in ws[1]]  # a UBND paper (issue 30)
    assert [ws.cell(row=TITLE_ROW, column=i + 1).value for i in range(3)] == ["STT", "Nhận / Bỏ", "Loại"]
    stts = [ws.cell(row=r, column=1).value for r in range(FIRST_ROW, ws.max_row + 1)]
    assert [s for s in stts if s is not None] == list(range(1, 12))  # 11 proposals, 11 rows
    # the catalogue choice reads "id — name"; the printed value keeps its unit word for review
    herd = FIRST_ROW + 6
    assert ws.cell(row=herd, column=_col("Chỉ tiêu trong danh mục (chọn)")).value == "herd_size — Tổng đàn gia súc"
    assert ws.cell(row=herd, column=_col("Giá trị như văn bản ghi")).value == "6.850 con"
    assert ws.cell(row=FIRST_ROW + 9, column=_col("Loại")).value == "chỉ tiêu 2030"


def test_quote_and_place_are_read_only_and_proposals_editable(book):
    ws = load_workbook(book)[FIGURES_SHEET]
    assert ws.protection.sheet
    # the rows can be filtered on the protected sheet, headers frozen (the fresh-eyes trial of stop 34: 181 rows, no
    # filter): 11 proposals from row 12, the filter buttons on the column numbers' row 11, 19 columns A:S
    assert (ws.auto_filter.ref, ws.protection.autoFilter, ws.freeze_panes) == ("A11:S22", False, "A12")
    r = FIRST_ROW + 8  # the quote starting with '-' stays text, not a formula
    quote = ws.cell(row=r, column=_col("Trích dẫn nguyên văn"))
    assert quote.value == "- Tỷ lệ hộ nghèo giảm còn 8,15%" and quote.data_type == "s" and quote.quotePrefix
    for title in ("Trích dẫn nguyên văn", "Vị trí trong văn bản", "Cụm từ trong văn bản", "STT"):
        assert ws.cell(row=r, column=_col(title)).protection.locked, title
    for title in ("Nhận / Bỏ", "Mã xã", "Chỉ tiêu trong danh mục (chọn)", "Kỳ", "Giá trị như văn bản ghi", "So sánh"):
        assert not ws.cell(row=r, column=_col(title)).protection.locked, title


def test_dropdowns_decision_and_catalogue(book, catalogue):
    wb = load_workbook(book)
    checks = {dv.formula1: str(dv.sqref) for dv in wb[FIGURES_SHEET].data_validations.dataValidation}
    letter = "ABCDEFGHIJKLMNOPQ"
    assert checks['"Nhận,Bỏ"'] == f"{letter[_col('Nhận / Bỏ') - 1]}{FIRST_ROW}:B{FIRST_ROW + 10}"
    n = len(catalogue)
    ind = letter[_col("Chỉ tiêu trong danh mục (chọn)") - 1]
    assert checks[f"'{CATALOGUE_SHEET}'!$D$2:$D${n + 1}"] == f"{ind}{FIRST_ROW}:{ind}{FIRST_ROW + 10}"
    cat = wb[CATALOGUE_SHEET]
    assert cat.cell(row=n + 1, column=1).value == catalogue.indicator_id.iloc[-1]
    assert cat["D2"].value == "natural_area — Diện tích tự nhiên"


def test_review_workbook_is_byte_identical(tmp_path, doc, catalogue, book):
    again = save_deterministic(review_workbook(proposals(), catalogue, doc), tmp_path / "again.xlsx")
    assert again.read_bytes() == book.read_bytes()


def test_communes_proposed_from_the_figures():
    com = proposed_communes(proposals())
    assert com.values.tolist() == [
        ["bo_muoi", "Bó Mười", "former", "na_hin"],
        ["co_ma", "Co Mạ", "former", "na_hin"],
        ["na_hin", "Na Hin", "merged", ""],
    ]
    assert slug("Huổi Pịa") == "huoi_pia" and slug("Đông Đa (cũ)") == "dong_da"


# ---------------------------------------------------------------- accept
def test_accept_writes_raw_tables_that_build(tmp_path, book, doc):
    review(book)
    out = tmp_path / "nhan"
    assert main(["accept", str(book), "--out", str(out)]) == 0
    read = {n: pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig") for n in (
        "sources", "communes", "observations", "targets_2030", "resolution_results")}  # fmt: skip
    assert (out / "observations.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    src = read["sources"].iloc[0]
    assert src.source_id == "bao_cao_na_hin_vi_du" and src.kind == "text" and src.date == "2025-08-20"
    assert (
        src.sha256
        == hashlib.sha256(doc.read_bytes()).hexdigest()
        == hashlib.sha256((out / doc.name).read_bytes()).hexdigest()
    )
    com = read["communes"]
    assert com[["commune_id", "role", "merged_into", "appendix_no", "term"]].values.tolist() == [
        ["bo_muoi", "former", "na_hin", "01", "2020-2025"],
        ["co_ma", "former", "na_hin", "02", "2020-2025"],
        ["na_hin", "merged", "", "03", "2025-2030"],
    ]
    obs = read["observations"]
    assert len(obs) == 8  # 9 observations proposed, the 35-CT/TW one rejected
    assert "35" not in set(obs.value_as_printed)
    herd = obs[obs.indicator_id == "herd_size"].iloc[0]
    assert herd.value_as_printed == "6.850"  # 'con' is no unit the loader parses; the quote keeps it
    assert herd.quote == "Tổng đàn gia súc đạt 6.850 con"
    tgt = read["targets_2030"]
    assert tgt[["target_id", "comparator", "target_as_printed", "horizon"]].values.tolist() == [
        ["1", ">", "50%", "level_2030"],
        ["2", ">=", "02", "additional_2026_2030"],  # "có thêm 02" is 2 more by 2030
    ]
    assert len(read["resolution_results"]) == 0

    # the officer copies the folder into a raw folder, with the catalogue; the build verifies every quote
    raw = tmp_path / "raw"
    shutil.copytree(out, raw)
    shutil.copy(ROOT / "data" / "raw" / "indicators.csv", raw)
    assert main(["--raw", str(raw), "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "build"]) == 0
    merged = pd.read_csv(tmp_path / "c" / "merged.csv", encoding="utf-8-sig")
    pop = merged[merged.indicator_id == "population"].iloc[0]
    assert pop.merged == 3100 + 2400 == 5500


def test_accept_reads_a_review_date_typed_day_first_as_vietnamese_write_it(tmp_path, book):
    """An office user types the date as text, "29/8/2025" (the fresh-eyes trial of stop 34: refused)."""
    review(book, date="29/8/2025")
    out = tmp_path / "nhan"
    assert main(["accept", str(book), "--out", str(out)]) == 0
    sources = pd.read_csv(out / "sources.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert sources.date.tolist() == ["2025-08-29"]


def test_accept_refuses_a_day_that_does_not_exist(tmp_path, book, capsys):
    review(book, date="31/2/2025")
    assert main(["accept", str(book), "--out", str(tmp_path / "nhan")]) == 2
    assert f"trang '{SOURCE_SHEET}', ô B4: đang ghi '31/2/2025'" in capsys.readouterr().err


def test_accepted_quote_is_verified_at_every_build(tmp_path, book):
    review(book)
    out = tmp_path / "nhan"
    assert main(["accept", str(book), "--out", str(out)]) == 0
    (out / "indicators.csv").write_bytes((ROOT / "data" / "raw" / "indicators.csv").read_bytes())
    text = (out / "observations.csv").read_text(encoding="utf-8-sig")
    (out / "observations.csv").write_text(text.replace("6.850 con", "6.580 con"), encoding="utf-8-sig")
    with pytest.raises(RawDataError) as exc:
        load_raw(out)
    assert "observations.csv, dòng 8, cột 'quote'" in str(exc.value)


def test_accept_reports_every_problem_with_sheet_and_cell(tmp_path, book, capsys):
    review(
        book,
        decisions={3: "", 5: "ok"},
        date="",
        edits=[(1, "Kỳ", "năm 2025"), (7, "Chỉ tiêu trong danh mục (chọn)", "khong_co"), (9, "So sánh", "")],
    )
    out = tmp_path / "nhan"
    assert main(["accept", str(book), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    # the STT the officer reads beside Excel's row: STT k is row 11 + k (titles in 9-10, numbering in 11)
    sheet = f"ra_soat.xlsx, trang '{FIGURES_SHEET}',"
    expected = [
        f"{sheet} STT 3 (dòng 14), ô B14: đang ghi '(trống)'; cần 'Nhận' hoặc 'Bỏ'",
        f"{sheet} STT 5 (dòng 16), ô B16: đang ghi 'ok'; cần 'Nhận' hoặc 'Bỏ'",
        f"{sheet} STT 1 (dòng 12), ô H12: đang ghi 'năm 2025'; cần kỳ dạng 2025 hoặc 2020-2025",
        f"{sheet} STT 7 (dòng 18), ô F18: đang ghi 'khong_co'; cần một chỉ tiêu trong danh mục",
        f"ra_soat.xlsx, trang '{SOURCE_SHEET}', ô B4: đang ghi '(trống)'; cần năm (2025) hoặc ngày (29/8/2025, 2025-08-29)",
    ]
    for line in expected:
        assert line in err, line
    assert "Bảng rà soát có 5 lỗi" in err  # the observation's empty comparator is no problem; was "Dữ liệu gốc"
    assert not out.exists()  # nothing written


def test_two_accepted_rows_of_one_figure_are_named_by_stt_and_row(tmp_path, book, capsys):
    """STT 2 made a copy of STT 1 (same commune, indicator, period and place): the refusal names both rows as
    the officer reads them, STT 1 (dòng 12) and STT 2 (dòng 13), not Excel's rows alone."""
    review(book)
    wb = load_workbook(book)
    ws = wb[FIGURES_SHEET]
    for col in range(2, ws.max_column + 1):
        ws.cell(row=FIRST_ROW + 1, column=col).value = ws.cell(row=FIRST_ROW, column=col).value
    indicator = ws.cell(row=FIRST_ROW, column=_col("Chỉ tiêu trong danh mục (chọn)")).value.split(" — ")[0]
    wb.save(book)
    assert main(["accept", str(book), "--out", str(tmp_path / "nhan")]) == 2
    err = capsys.readouterr().err
    assert (
        f"trang '{FIGURES_SHEET}', STT 2 (dòng 13), ô F13: đang ghi '{indicator} (STT 1 (dòng 12), STT 2 (dòng 13))'"
        in err
    )
    # what to do about it (fresh-eyes trial 35: 'đề ra 19 chỉ tiêu; … đạt 17 chỉ tiêu' both proposed as achieved)
    assert "sửa chỉ tiêu, mã xã hoặc kỳ của dòng sai, hoặc chọn 'Bỏ' ở dòng thừa" in err


def test_propose_never_writes_over_a_workbook_under_review(tmp_path, doc, book, capsys):
    # fresh-eyes trial 35: proposing again to the same workbook (its default name beside the report) silently
    # replaced the officer's 141 decisions and corrections with fresh proposals
    assert main(["propose", str(doc), "--out", str(book)]) == 0  # not yet reviewed: written over, as before
    review(book)
    before = book.read_bytes()
    assert main(["propose", str(doc), "--out", str(book)]) == 2
    err = capsys.readouterr().err
    assert f"ra_soat.xlsx: đang có 'bảng rà soát với {len(ROWS)} dòng đã chọn Nhận / Bỏ'" in err
    assert "một tên tệp khác (--out TỆP), hoặc xóa bảng cũ" in err
    assert book.read_bytes() == before


def test_propose_replaces_a_workbook_at_its_path_that_is_no_review(tmp_path, doc):
    """A workbook of another kind at the output path (no "Số liệu đề xuất" sheet) is not an officer's review: propose
    writes its workbook there, as before the guard above (the guard crashed on it with KeyError)."""
    other = tmp_path / "ra_soat.xlsx"
    wb = Workbook()
    wb.active.title = "Bảng khác"
    wb.save(other)
    assert main(["propose", str(doc), "--out", str(other)]) == 0
    assert FIGURES_SHEET in load_workbook(other).sheetnames


def test_accept_and_propose_never_write_into_raw(tmp_path, book, capsys):
    review(book)
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    before = sorted(p.name for p in raw.iterdir())
    assert main(["--raw", str(raw), "accept", str(book), "--out", str(raw / "moi")]) == 2
    assert "Không ghi vào thư mục dữ liệu gốc" in capsys.readouterr().err
    assert sorted(p.name for p in raw.iterdir()) == before


def test_rejecting_a_commune_leaves_its_figures_unplaced(tmp_path, book):
    review(book)
    wb = load_workbook(book)
    wb[COMMUNES_SHEET]["A3"].value = REJECT  # Co Mạ
    wb.save(book)
    with pytest.raises(RawDataError) as exc:
        read_reviewed(book, read_table(ROOT / "data" / "raw", "indicators")[0])
    cells = [p.file.rsplit(" ", 1)[-1] for p in exc.value.problems]
    assert cells == ["D14", "D15", "D20"]  # Co Mạ's area, population, poverty: Mã xã names no accepted commune


def test_the_value_read_is_shown_in_the_unit_printed_beside_it():
    # office trial (stop 32): "865,2 tỷ đồng" showed 865200 under "Đơn vị: tỷ đồng" (the value kept in triệu)
    from chiengso_stats.publish.review_workbook import _in_printed_unit

    assert _in_printed_unit(865200.0, "tỷ đồng") == 865.2
    assert _in_printed_unit(12.5, "triệu đồng") == 12.5
    assert _in_printed_unit(2600.0, "đồng") == 2_600_000_000
    assert _in_printed_unit("", "tỷ đồng") == ""
