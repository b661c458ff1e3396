"""Phụ lục 01/02 and the merged appendix: content from raw data only, party-document form,
safe text, deterministic bytes, and a real spreadsheet program (LibreOffice) that opens them."""

import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Border, Side

from chiengso_stats import export_appendices
from chiengso_stats.glossary import vi
from chiengso_stats.ingest.raw import load_raw
from chiengso_stats.publish import excel
from chiengso_stats.publish.appendices import appendix_workbooks, resolution_rows, resolution_summary
from chiengso_stats.publish.excel import save_deterministic
from chiengso_stats.publish.office import pdf_text, to_pdf
from chiengso_stats.text import vietnamese_sort_key

from conftest import make_raw

FIRST_DATA_ROW = 12


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("appendices")
    return {p.name: p for p in export_appendices(out)}


def _data_rows(ws):
    rows = []
    r = FIRST_DATA_ROW
    while ws.cell(row=r, column=2).value not in (None, ""):
        rows.append([ws.cell(row=r, column=c).value for c in range(1, ws.max_column + 1)])
        r += 1
    return rows


def test_files_and_sheets(exported):
    assert sorted(exported) == [
        "phu_luc_01_chieng_so.xlsx",
        "phu_luc_02_yen_hung.xlsx",
        "phu_luc_03_chieng_so_moi.xlsx",
    ]
    assert load_workbook(exported["phu_luc_03_chieng_so_moi.xlsx"]).sheetnames == [
        "Hợp nhất",
        "Chỉ tiêu năm 2030",
        "Kiểm tra nội bộ",
        "Tệp nguồn (kỹ thuật)",  # file names and checksums, kept off the official sheets
    ]


def test_phu_luc_01_rows_and_derived_target(raw, exported):
    ws = load_workbook(exported["phu_luc_01_chieng_so.xlsx"]).active
    assert ws["A1"].value == "ĐẢNG BỘ TỈNH SƠN LA" and ws["A2"].value == "ĐẢNG ỦY XÃ CHIỀNG SƠ"  # the issuing body
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in [c.value for c in ws[1]]
    assert ws["A5"].value == "PHỤ LỤC 01" and "LẦN THỨ XXIII" in ws["A6"].value
    rows = _data_rows(ws)
    assert len(rows) == 2
    budget = rows[0]
    assert budget[1] == "Thu ngân sách trên địa bàn (cả nhiệm kỳ)"
    assert budget[3] == pytest.approx(684.1 / 1.26) and budget[4] == pytest.approx(684.1) and budget[5] == 126
    assert budget[6] == "Vượt" and budget[7] == (
        "Báo cáo chính trị, Phần thứ hai, mục I.1.1, (4) Tài chính, tín dụng; xem ghi chú (1)"
    )
    assert ws.cell(row=FIRST_DATA_ROW, column=4).font.i  # derived values in italics
    assert rows[1][5] == "-" and rows[1][6] == "Đạt"  # a qualitative row: a share means nothing


def test_phu_luc_02_herd_row(exported):
    rows = _data_rows(load_workbook(exported["phu_luc_02_yen_hung.xlsx"]).active)
    herd = rows[1]
    assert herd[3:7] == [12000, 12697, pytest.approx(105.8), "Vượt"]
    assert "105.80%" not in herd[7] and herd[7].endswith("; xem ghi chú (2)")  # (1): row 1's derived target


def _texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_remarks_go_to_notes_under_the_table_not_into_the_rows(exported):
    # the rows carried "chỉ tiêu NQ: giá trị suy ra …", "Báo cáo in '105.80%' với dấu chấm thập phân", …
    for name, remark in (
        ("phu_luc_01_chieng_so.xlsx", "(1) Dòng 1: chỉ tiêu NQ: giá trị suy ra từ tỷ lệ 126% đã nêu; "),
        ("phu_luc_02_yen_hung.xlsx", "(2) Dòng 2: Báo cáo in '105.80%' với dấu chấm thập phân."),
    ):
        ws = load_workbook(exported[name]).active
        rows = _data_rows(ws)
        for row in rows:
            assert row[7].startswith("Báo cáo chính trị, Phần thứ hai, "), row[7]
            assert "suy ra" not in row[7] and "Báo cáo in" not in row[7] and "không phải dòng" not in row[7]
        below = _texts(ws)[_texts(ws).index("Tổng hợp") :]
        assert "Ghi chú các dòng:" in below
        assert any(t.startswith(remark) for t in below), below
        assert any(t.startswith("(2) Dòng 2: ") and "không phải dòng của phụ lục" in t for t in below)


def test_the_audit_sheet_is_an_internal_check(exported):
    ws = load_workbook(exported["phu_luc_03_chieng_so_moi.xlsx"])["Kiểm tra nội bộ"]
    head = [ws.cell(row=r, column=c).value for r in range(1, 8) for c in range(1, ws.max_column + 1)]
    assert ws["A1"].value == "TÀI LIỆU KIỂM TRA NỘI BỘ, KHÔNG GỬI KÈM BÁO CÁO"
    assert ws["A5"].value == "BẢNG KIỂM TRA NỘI BỘ"
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in head and "ĐẢNG ỦY XÃ CHIỀNG SƠ" not in head
    assert not any("Kèm theo" in str(v) for v in head) and "BIỂU SỐ 03 (tiếp)" not in head
    assert "T/M ĐẢNG ỦY" not in _texts(ws)  # nobody signs an internal check


SIGNATURE = ["NGƯỜI LẬP BIỂU", "T/M ĐẢNG ỦY", "(Ký, ghi rõ họ tên)", "BÍ THƯ"]


def _signature_at_the_end(ws) -> None:
    texts = _texts(ws)
    assert texts[-4:] == SIGNATURE, texts[-6:]
    last = max(c.row for row in ws.iter_rows() for c in row if c.value == "BÍ THƯ")
    # the print area holds the signature and the rows to sign in (4 below the titles)
    assert ws.print_area.endswith(f"${last + 4}"), (ws.print_area, last)
    sources = max(c.row for row in ws.iter_rows() for c in row if str(c.value).startswith("- "))
    assert last > sources  # after the table, its notes and its sources


def test_papers_sent_upward_end_with_the_signature_block(exported):
    for name in ("phu_luc_01_chieng_so.xlsx", "phu_luc_02_yen_hung.xlsx"):
        _signature_at_the_end(load_workbook(exported[name]).active)
    book = load_workbook(exported["phu_luc_03_chieng_so_moi.xlsx"])
    for sheet in ("Hợp nhất", "Chỉ tiêu năm 2030"):
        _signature_at_the_end(book[sheet])


def test_summary_states_claim_and_that_rows_cannot_confirm_it(raw):
    lines = resolution_summary(raw, "chieng_so", resolution_rows(raw, "chieng_so"))
    text = "\n".join(lines)
    assert "Báo cáo nêu: đạt 19/20 chỉ tiêu (Phần thứ hai › I.3.1)." in text
    assert "đạt 16/19" in text and "còn 01 chỉ tiêu không đạt" in text
    assert "Các dòng hiện có (2/20) không đủ để xác nhận khẳng định 19/20" in text
    yh = "\n".join(resolution_summary(raw, "yen_hung", resolution_rows(raw, "yen_hung")))
    assert "đạt 17/22" in yh and "17/22 nghĩa là 5 không đạt" in yh and "(2/22)" in yh


def test_merged_appendix_numbers_are_numeric_cells(exported):
    ws = load_workbook(exported["phu_luc_03_chieng_so_moi.xlsx"])["Hợp nhất"]
    rows = {r[1]: r for r in _data_rows(ws)}
    pop = rows["Quy mô dân số"]
    assert pop[4:7] == [9199, 7946, 17145] and pop[-2:] == ["Khớp", "Báo cáo chính trị"]
    pop_row = next(
        r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Quy mô dân số"
    )
    assert ws.cell(row=pop_row, column=7).number_format == "[$-42A]#,##0"
    assert rows["Tỷ lệ hộ nghèo theo chuẩn nghèo áp dụng năm 2025"][8] == "Có"
    assert rows["Hộ kinh doanh cá thể"][-2] == "Lệch (-75)"  # 50 + 90 = 140 against the 215 the report gives
    # no printed total for the new commune: said in words, the figure cell '…' (no data)
    assert rows["Bồi dưỡng đảng viên mới"][-3:-1] == ["…", "Báo cáo không nêu số tổng"]


def test_form_print_setup_fonts_and_borders(exported):
    technical = 0
    for path in exported.values():
        for ws in load_workbook(path).worksheets:
            assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.orientation == "landscape"
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
            assert ws.page_margins.left == 0.6
            if ws.title == "Tệp nguồn (kỹ thuật)":  # a plain list: its header row repeats on every page
                technical += 1
                assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
                assert ws["A1"].value == "Mã nguồn" and ws["A1"].font.name == "Times New Roman" and ws["A1"].font.b
                assert ws["D2"].border.right.style == "thin"
                continue
            assert ws.print_title_rows == "$9:$11"
            assert ws.freeze_panes == "A12"
            assert ws["A5"].font.name == "Times New Roman" and ws["A5"].font.b
            assert ws.page_margins.left == 0.6
            header = [str(r) for r in ws.merged_cells.ranges if r.min_row == 9]
            assert "A9:A10" in header
            for rng in ws.merged_cells.ranges:  # the whole outline of each merged header is bordered
                if rng.min_row == 9:
                    for row in range(rng.min_row, rng.max_row + 1):
                        for col in range(rng.min_col, rng.max_col + 1):
                            b = ws.cell(row=row, column=col).border
                            assert col > rng.min_col or b.left.style == "thin"
                            assert col < rng.max_col or b.right.style == "thin"
                            assert row > rng.min_row or b.top.style == "thin"
                            assert row < rng.max_row or b.bottom.style == "thin"
    assert technical == 3  # one technical sheet in each of the three books


def test_two_exports_are_byte_identical(tmp_path, exported):
    again = export_appendices(tmp_path)
    for p in again:
        assert p.read_bytes() == exported[p.name].read_bytes()
    with zipfile.ZipFile(again[0]) as z:
        assert b"2025-09-30T00:00:00Z" in z.read("docProps/core.xml")


# ---------------------------------------------------------------- fixtures: 20 rows, hostile text
IND = [
    ["x", "Chỉ tiêu x", "", "tấn", "extensive", "sum", "", "", "higher", "", "", ""],
    [
        "resolution_targets_achieved",
        "Số chỉ tiêu đạt",
        "",
        "chỉ tiêu",
        "not_additive",
        "none",
        "",
        "",
        "higher",
        "",
        "",
        "",
    ],
    [
        "resolution_targets_total",
        "Tổng số chỉ tiêu",
        "",
        "chỉ tiêu",
        "not_additive",
        "none",
        "",
        "",
        "none",
        "",
        "",
        "",
    ],
]
COMMUNES = [
    ["a", "Xã A (cũ)", "", "former", "m", "Sơn La", "", "2025", "01", "XX"],
    ["b", "Xã B (cũ)", "", "former", "m", "Sơn La", "", "2025", "02", "XXI"],
    ["m", "Xã M (mới)", "", "merged", "", "Sơn La", "", "2025", "", "nhất"],
]


def _fixture(tmp_path, names):
    claim = "Xã A: Đạt 19/20 chỉ tiêu"
    obs = [
        ["a", "resolution_targets_achieved", "2020-2025", "19", "", "", "s1", claim, "", "yes"],
        ["a", "resolution_targets_total", "2020-2025", "20", "", "", "s1", claim, "", "yes"],
        ["a", "x", "2025", "5", "", "", "s2", "Xã A có 5 tấn", "", ""],
        ["b", "x", "2025", "6", "", "", "s2", "Xã B có 6 tấn", "", ""],
    ]
    results = []
    for k, name in enumerate(names, start=1):
        target, result = 100, 100 + (k if k != 7 else -3)
        quote = f"Chỉ tiêu số {k}: kế hoạch {target} tấn, thực hiện {result} tấn"
        results.append(["a", str(k), "x", name, "tấn", str(target), str(result), "", "", f"mục {k}", quote, name])
    return load_raw(make_raw(tmp_path / "fx", COMMUNES, IND, obs, results=results))


def test_twenty_rows_make_a_full_appendix_with_no_code_change(tmp_path):
    raw = _fixture(tmp_path, [f"Chỉ tiêu {k}" for k in range(1, 21)])
    books = appendix_workbooks(raw)
    path = save_deterministic(books["phu_luc_01_a.xlsx"], tmp_path / "pl01.xlsx")
    ws = load_workbook(path).active
    rows = _data_rows(ws)
    assert len(rows) == 20 and [r[0] for r in rows] == list(range(1, 21))
    assert rows[6][5] == pytest.approx(97.0) and rows[6][6] == "Không đạt"
    assert sum(r[6] == "Vượt" for r in rows) == 19
    summary = [ws.cell(row=FIRST_DATA_ROW + 21 + k, column=1).value for k in range(4)]
    assert "Báo cáo nêu: đạt 19/20 chỉ tiêu (s1)." in summary
    assert "Các dòng xác nhận khẳng định của báo cáo." in summary
    # 31 table rows, a blank, 6 summary lines (heading, claim, count, verdict, then, under the table, the notes
    # on the rows: the fixture gives each row a note, so "Ghi chú các dòng:" and 20 notes), the '…'/'-' legend,
    # the italic legend, a blank, "Nguồn số liệu" and its one source: 31 + 1 + 4 + 21 + 2 + 1 + 2 = 62; then a
    # blank, the signature's two lines from row 64 and four rows to sign in: 64 + 1 + 4 = 69
    assert ws.print_area == "'Phụ lục 01'!$A$1:$H$69"
    assert ws.cell(row=FIRST_DATA_ROW + 26, column=1).value == "(1) Dòng 1: Chỉ tiêu 1."
    assert [ws.cell(row=64, column=c).value for c in (1, 5)] == ["NGƯỜI LẬP BIỂU", "T/M ĐẢNG ỦY"]
    tail = [ws.cell(row=r, column=1).value for r in range(58, 63)]
    assert tail[0] == "Ghi chú: “…” là không có số liệu; “-” là không áp dụng (không có hiện tượng phát sinh)."
    assert tail[3:] == ["Nguồn số liệu", "- VÍ DỤ (không phải số liệu thật) / EXAMPLE; Ví dụ kiểm thử; năm 2025."]
    # the code, file name and checksum on the technical sheet only
    tech = [list(r) for r in load_workbook(path)["Tệp nguồn (kỹ thuật)"].iter_rows(values_only=True)]
    assert tech[0] == ["Mã nguồn", "Tên nguồn", "Tệp", "Mã kiểm tra sha256"]
    assert tech[1][:3] == ["vi_du_nguon", "VÍ DỤ (không phải số liệu thật) / EXAMPLE", "vi_du_nguon.txt"]
    assert len(tech[1][3]) == 64


HOSTILE = ["=SUM(1,2)", "+84 912", "-5 điểm", "@mention", "#N/A", '=HYPERLINK("http://x")']


def test_text_from_data_never_becomes_a_formula_or_an_error(tmp_path):
    raw = _fixture(tmp_path, HOSTILE + [f"Chỉ tiêu {k}" for k in range(7, 21)])
    path = save_deterministic(appendix_workbooks(raw)["phu_luc_01_a.xlsx"], tmp_path / "hostile.xlsx")
    ws = load_workbook(path).active
    for k, text in enumerate(HOSTILE):
        cell = ws.cell(row=FIRST_DATA_ROW + k, column=2)
        assert cell.value == text and cell.data_type == "s"
        assert cell.quotePrefix
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b't="e"' not in sheet


# ---------------------------------------------------------------- LibreOffice
def test_libreoffice_opens_every_workbook_and_the_pdf_holds_the_titles(exported, tmp_path):
    pdfs = to_pdf(list(exported.values()), tmp_path / "pdf")
    texts = {p.stem: pdf_text(p) for p in pdfs}
    assert "PHỤ LỤC 01" in texts["phu_luc_01_chieng_so"]
    assert "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT" in texts["phu_luc_01_chieng_so"]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts["phu_luc_02_yen_hung"]
    assert "PHỤ LỤC 02" in texts["phu_luc_02_yen_hung"] and "12.697" in texts["phu_luc_02_yen_hung"]
    assert "SỐ LIỆU KỲ GỐC HỢP NHẤT XÃ CHIỀNG SƠ" in texts["phu_luc_03_chieng_so_moi"]
    assert "BIỂU SỐ 03" in texts["phu_luc_03_chieng_so_moi"]
    assert "17.145" in texts["phu_luc_03_chieng_so_moi"] and "140,31" in texts["phu_luc_03_chieng_so_moi"]
    # Calc prints the signature block: once per appendix, on the merged and the 2030 sheets of Biểu 03
    for stem, times in (("phu_luc_01_chieng_so", 1), ("phu_luc_02_yen_hung", 1), ("phu_luc_03_chieng_so_moi", 2)):
        assert texts[stem].count("NGƯỜI LẬP BIỂU") == texts[stem].count("T/M ĐẢNG ỦY") == times, stem
        assert texts[stem].count("BÍ THƯ") == times


def test_the_pdf_leaves_the_technical_sheet_out_and_the_workbook_keeps_it(exported, tmp_path):
    """Phụ lục 01 is one page, its 'Tệp nguồn (kỹ thuật)' sheet one more: 2 pages before, 1 now; its sha256 column
    never reaches the paper, and the page count in the footer says 'Trang 1 / 1'. The workbook keeps the sheet."""
    from pypdf import PdfReader

    book = exported["phu_luc_01_chieng_so.xlsx"]
    (pdf,) = to_pdf([book], tmp_path / "pdf", without_sheets=(vi("sheet.files"),))
    assert len(PdfReader(pdf).pages) == 1
    text = pdf_text(pdf)
    assert "sha256" not in text and "PHỤ LỤC 01" in text and "Trang 1 / 1" in text
    assert load_workbook(book).sheetnames == ["Phụ lục 01", "Tệp nguồn (kỹ thuật)"]


def test_a_derived_target_is_rated_before_it_is_rounded(tmp_path):
    """100,05 tấn printed as 100% of an unprinted target: the target is 100,05, rated "Đạt"."""
    from chiengso_stats.publish.appendices import resolution_rows

    claim = "Xã A: Đạt 19/20 chỉ tiêu"
    obs = [["a", "resolution_targets_achieved", "2020-2025", "19", "", "", "s1", claim, "", "yes"]]
    quote = "thực hiện 100,05 tấn (đạt 100% so với chỉ tiêu)"
    results = [["a", "1", "x", "Chỉ tiêu 1", "tấn", "", "100,05", "100%", "", "mục 1", quote, ""]]
    raw = load_raw(make_raw(tmp_path / "fx", COMMUNES, IND, obs, results=results))
    row = resolution_rows(raw, "a")[0]
    assert row[3].value == pytest.approx(100.05) and row[6] == "Đạt"  # was 'Vượt' against a rounded 100,0


def test_the_audit_sheet_counts_the_items_the_cli_counts(exported):
    """One count per concept: the sheet once said 50 items and 26 khớp where the CLI said 52 and 28 (the
    report-wide number-format pass and the target (1)/(1b) check had no commune, so no sheet listed them)."""
    from chiengso_stats import audit

    f = audit()
    assert (len(f), int((f.status == "pass").sum())) == (52, 28)  # 28 + 11 fails + 13 not applicable = 52
    ws = load_workbook(exported["phu_luc_03_chieng_so_moi.xlsx"])["Kiểm tra nội bộ"]
    texts = [c.value for row in ws.iter_rows(min_row=10) for c in row if isinstance(c.value, str)]
    assert "Tổng số 52 mục kiểm tra, trong đó 28 khớp, 11 không khớp, 13 không áp dụng." in texts


def _merged_book(merge) -> Workbook:
    """Bordered table headers of several shapes, unbordered title lines, and two merges alike but for their
    last cell."""
    wb = Workbook()
    ws = wb.active
    for rng in ("A1:D1", "A2:D2", "B4:C6", "B8:C10", "E1:E3", "A16:C16", "F1:H5"):  # A16:C16: kinds seen, new shape
        excel._box(ws, rng)
        merge(ws, rng)
    ws["B12"].border = Border(right=Side(style="thin"), bottom=Side(style="thin"))
    for rng in ("A12:B12", "A13:B13", "A14:B14"):
        merge(ws, rng)
    other = wb.create_sheet("Tiếp")
    for rng in ("A1:C1", "A2:C2"):
        merge(other, rng)
    return wb


def _cells(wb: Workbook) -> dict:
    return {
        (ws.title, coord): (type(cell).__name__, tuple(cell._style))
        for ws in wb.worksheets
        for coord, cell in sorted(ws._cells.items())
    } | {(ws.title, "merged"): tuple(str(r) for r in ws.merged_cells.ranges) for ws in wb.worksheets}


def test_a_merge_styled_from_memory_gives_the_cells_and_file_openpyxl_gives(tmp_path):
    # excel.merge_cells lets openpyxl style the first merge of a kind and copies its styles for the others.
    # A12:B12 has a bordered last cell and A13:B13 not: alike in shape, not of one kind.
    own, theirs = _merged_book(excel.merge_cells), _merged_book(lambda ws, rng: ws.merge_cells(rng))
    assert _cells(own) == _cells(theirs)
    assert _cells(own)[("Sheet", (12, 1))] != _cells(own)[("Sheet", (13, 1))]  # the two kinds differ
    a, b = save_deterministic(own, tmp_path / "a.xlsx"), save_deterministic(theirs, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_a_saved_workbook_has_fixed_dates_in_its_zip_and_properties(tmp_path):
    # Written once with the fixed dates (no second pass over the zip since 2026-11).
    path = save_deterministic(_merged_book(excel.merge_cells), tmp_path / "a.xlsx")
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    day = excel.config.DOCUMENT_DATE[:10]
    assert core.count(f">{day}T") == 2  # created and modified


def test_the_technical_sheet_rows_are_as_tall_as_their_wrapped_titles():
    # The report's title, 121 characters in column B (width 60, about 58 characters a line), needs 3 lines:
    # 3 × 16 = 48 points. The row had no height, and LibreOffice printed the title over the next row.
    ws = appendix_workbooks(load_raw())["phu_luc_03_chieng_so_moi.xlsx"][vi("sheet.files")]
    assert len(ws["B2"].value) == 121
    assert ws.row_dimensions[2].height == 48
    assert ws.row_dimensions[1].height == 18  # the header, one line


def test_a_place_in_the_report_sorts_in_reading_order():
    from chiengso_stats.publish.sources_block import report_order

    assert report_order("Phần thứ nhất › II.1 Khái quát chung") == (1, 2, 1)
    assert report_order("Phần thứ hai › I.1.4 › (3) Dân vận") == (2, 1, 1, 4, 3)
    assert report_order("Phần thứ ba › III.2 › 2.2 Khâu đột phá") == (3, 3, 2, 2, 2)
    places = [
        "Phần thứ hai › II.2 Hạn chế, khuyết điểm",
        "Chú thích 6 (Phần thứ hai › I.1.4 › (3))",
        "Phần thứ hai › I.1.4 › (5) Dân vận, dân chủ cơ sở",
        "Phần thứ hai › I.1.4 › (3)",
        "Số liệu năm 2026!G17",
        "Phần thứ nhất › II.2 Đặc điểm, tình hình của Đảng bộ",
    ]
    assert sorted(places, key=report_order) == [
        "Phần thứ nhất › II.2 Đặc điểm, tình hình của Đảng bộ",
        "Phần thứ hai › I.1.4 › (3)",
        "Chú thích 6 (Phần thứ hai › I.1.4 › (3))",  # a footnote after the body of its section
        "Phần thứ hai › I.1.4 › (5) Dân vận, dân chủ cơ sở",
        "Phần thứ hai › II.2 Hạn chế, khuyết điểm",
        "Số liệu năm 2026!G17",  # a cell of a form: after every place of the text
    ]


def test_the_merged_rows_follow_the_report_not_the_alphabet(exported):
    names = [r[1] for r in _data_rows(load_workbook(exported["phu_luc_03_chieng_so_moi.xlsx"])["Hợp nhất"])]
    # Phần thứ nhất › II.1 first: area and population; they were at rows 14 and 63 in the alphabet
    assert names[:2] == ["Diện tích tự nhiên", "Quy mô dân số"]
    # I.1.1 (1) Nông nghiệp, lâm nghiệp before (4) Tài chính, before I.1.2 (1) Văn hóa, before (3) Y tế
    at = {n: names.index(n) for n in names}
    assert (
        at["Tỷ lệ che phủ rừng"]
        < at["Thu ngân sách trên địa bàn"]
        < at["Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa"]
        < at["Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ"]
    )
    assert names != sorted(names, key=vietnamese_sort_key)


# ---------------------------------------------------------------- Biểu 03 as Calc prints it: km², rows as tall as their text
def test_bieu_03_prints_km_squared_and_rows_as_tall_as_their_text(exported):
    ws = load_workbook(exported["phu_luc_03_chieng_so_moi.xlsx"])["Hợp nhất"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(FIRST_DATA_ROW, ws.max_row + 1)}
    area = rows["Diện tích tự nhiên"]
    assert ws.cell(row=area, column=3).value == "km²"  # the catalogue's 'km2', as units.csv says a paper prints it
    # one line: its fullest cell, 'Báo cáo chính trị' (82 pt at 12 pt), fits a column 18 wide (7 × 18 − 4 = 122 pt)
    assert ws.row_dimensions[area].height == 18  # was 32: 17 characters against 16 a line
    # the new commune's own figure: its method, 163 characters in the column 44 wide, is 3 lines in Calc
    assert ws.row_dimensions[rows["Cấp ủy viên Đảng bộ xã"]].height == 3 * 16  # was 80 (5 lines)


def test_a_line_of_times_wraps_where_calc_wraps_it():
    from chiengso_stats.publish.line_fit import text_lines, text_points

    line = "Số của xã mới theo Báo cáo chính trị của Ban Chấp hành Đảng"  # measured in Calc: fits 44 units
    assert round(text_points(line), 1) == 303.0
    assert (text_lines(line, 44), text_lines(line + " bộ", 44)) == (1, 2)
    assert text_lines("a\nb", 10) == 2  # a line break in the text is a line


def test_calc_prints_bieu_03_on_11_pages_not_15(exported, tmp_path):
    from pypdf import PdfReader

    (pdf,) = to_pdf([exported["phu_luc_03_chieng_so_moi.xlsx"]], tmp_path / "pdf")
    assert len(PdfReader(pdf).pages) == 11  # snapshot of LibreOffice Calc's rendering; 15 before the rows fitted
    first = pdf_text(pdf).split("\f")[0]  # the merged table's first page ('km2' stays in the audit's quotes)
    assert "140,31" in first and "km²" in first and "km2" not in first
