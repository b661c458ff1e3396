"""Documents as text sources: a .docx or .pdf registered like a .txt, quotes verified in its text.

The documents are written here, marked VÍ DỤ (example), from the household figures of
tests/fixtures/nguon_vi_du (2.150 and 1.820 households), so a quote that is found moves the
merged poverty rate to its hand-worked value.
"""

from __future__ import annotations

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.errors import RawDataError
from chiengso_stats.ingest.documents import (
    CELL_SEPARATOR,
    DocumentError,
    Table,
    _pdf_blocks,
    document_blocks,
    document_text,
)
from chiengso_stats.ingest.raw import load_raw
from chiengso_stats.publish.office import to_pdf
from chiengso_stats.text import normalise

from conftest import add_source, append_rows

QUOTES = {"chieng_so": "xã Chiềng Sơ (cũ) có 2.150 hộ", "yen_hung": "xã Yên Hưng (cũ) có 1.820 hộ"}
PRINTED = {"chieng_so": "2.150", "yen_hung": "1.820"}
# Hand-worked: (6,28 × 2.150 + 7,12 × 1.820) / 3.970 = 26.460,4 / 3.970 = 6,66509…
POVERTY_EXACT = 26460.4 / 3970


def example_docx(path):
    doc = Document()
    doc.add_paragraph("VÍ DỤ — tài liệu kiểm thử, không phải số liệu thật.")
    # a long paragraph: LibreOffice wraps it over several lines of the PDF
    doc.add_paragraph(
        "Theo số liệu rà soát đầu năm, trên cơ sở danh sách do các bản gửi lên và được kiểm tra lại tại "
        "chỗ, " + QUOTES["chieng_so"] + " và " + QUOTES["yen_hung"] + " trước khi sáp nhập thành xã mới."
    )
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Chỉ tiêu", "Xã A", "Xã B"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Số hộ", "2.150", "1.820"]):
        cell.text = text
    merged = doc.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Hai ô gộp"
    merged.cell(0, 2).text = "ô cuối"
    doc.add_paragraph("Đoạn sau bảng.")
    doc.save(path)
    return path


def households(source_id):
    return [
        dict(
            commune_id=c,
            indicator_id="households",
            period="2025",
            value_as_printed=PRINTED[c],
            source_id=source_id,
            source_ref="Đoạn 2 (ví dụ)",
            quote=QUOTES[c],
        )
        for c in QUOTES
    ]


def test_docx_paragraphs_and_table_rows_in_document_order(tmp_path):
    path = example_docx(tmp_path / "vi_du.docx")
    lines = document_text(path).split("\n")
    assert lines[0].startswith("VÍ DỤ")
    # a row is one line of its cells; the merged cell counted once; the paragraph after the tables last
    assert lines[2:] == [
        f"Chỉ tiêu{CELL_SEPARATOR}Xã A{CELL_SEPARATOR}Xã B",
        f"Số hộ{CELL_SEPARATOR}2.150{CELL_SEPARATOR}1.820",
        f"Hai ô gộp{CELL_SEPARATOR}ô cuối",
        "Đoạn sau bảng.",
    ]
    tables = [b for b in document_blocks(path) if not isinstance(b, str)]
    assert [t.number for t in tables] == [1, 2] and tables[0].rows[1] == ["Số hộ", "2.150", "1.820"]


def test_docx_source_is_verified_and_used(raw_copy):
    example_docx(raw_copy / "so_ho_vi_du.docx")
    add_source(raw_copy, "so_ho_vi_du", "so_ho_vi_du.docx")
    append_rows(raw_copy / "observations.csv", households("so_ho_vi_du"))
    poverty = reconcile(load_raw(raw_copy)).query("indicator_id == 'poverty_rate' and period == '2025'").iloc[0]
    assert poverty.merged == pytest.approx(POVERTY_EXACT) and round(poverty.merged, 2) == 6.67


def test_docx_quote_not_in_the_document_is_refused(raw_copy):
    example_docx(raw_copy / "so_ho_vi_du.docx")
    add_source(raw_copy, "so_ho_vi_du", "so_ho_vi_du.docx")
    rows = households("so_ho_vi_du")
    rows[0]["quote"] = "xã Chiềng Sơ (cũ) có 2.510 hộ"
    append_rows(raw_copy / "observations.csv", rows)
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        "đang ghi 'xã Chiềng Sơ (cũ) có 2.510 hộ'; cần một đoạn trích có nguyên văn trong nguồn 'so_ho_vi_du'"
        in str(exc.value)
    )


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return to_pdf([example_docx(folder / "so_ho_vi_du.docx")], folder)[0]


def test_pdf_text_layer_with_line_breaks_folded(example_pdf):
    printed = PdfReader(str(example_pdf)).pages[0].extract_text(extraction_mode="layout").split("\n")
    text = normalise(document_text(example_pdf))
    # the long paragraph is printed over several lines, joined again; its quotes are found
    assert not any(QUOTES["yen_hung"] in line and "Theo số liệu" in line for line in printed)
    assert any(QUOTES["yen_hung"] in line and "Theo số liệu" in line for line in document_text(example_pdf).split("\n"))
    assert QUOTES["chieng_so"] in text and QUOTES["yen_hung"] in text
    assert "VÍ DỤ" in text


def test_pdf_table_is_read_by_its_columns_like_the_word_table(example_pdf):
    # layout mode keeps the columns apart; the merged row of the second Word table fits the same
    # columns and joins the first (the PDF does not say where one table ends and the next begins)
    tables = [b for b in document_blocks(example_pdf) if not isinstance(b, str)]
    assert [t.rows for t in tables] == [
        [["Chỉ tiêu", "Xã A", "Xã B"], ["Số hộ", "2.150", "1.820"], ["Hai ô gộp", "", "ô cuối"]]
    ]
    lines = document_text(example_pdf).split("\n")
    assert f"Số hộ{CELL_SEPARATOR}2.150{CELL_SEPARATOR}1.820" in lines
    assert lines[-1] == "Đoạn sau bảng."  # the paragraph after the table is no row of it


def test_pdf_layout_lines_table_across_a_page_and_a_paragraph_with_a_double_space():
    # pages as pypdf's layout mode prints them: columns at 0, 8 and 20
    pages = [
        "STT     Chỉ tiêu    Xã A\n1       Số hộ gia   1.452\n        đình\n",
        "2       Số bản      12\n"
        "      Phần thứ ba\n"
        "\n"
        "Xã A đã kiểm tra 20  tổ chức đảng và 16 đảng viên, Đảng ủy thi\nhành kỷ luật\nĐảng: 03 đảng viên.\n"
        "Mức độ\n1. Tỷ lệ hộ nghèo 5%.",
    ]
    assert _pdf_blocks(pages) == [
        Table(1, [["STT", "Chỉ tiêu", "Xã A"], ["1", "Số hộ gia đình", "1.452"], ["2", "Số bản", "12"]]),
        "Phần thứ ba",  # starts at no column: the table has ended
        "",
        # one double space makes no table, and no line of the paragraph is lost
        "Xã A đã kiểm tra 20 tổ chức đảng và 16 đảng viên, Đảng ủy thi hành kỷ luật Đảng: 03 đảng viên.",
        "Mức độ 1. Tỷ lệ hộ nghèo 5%.",  # a line that goes on a sentence is no heading '1.'
    ]


def test_pdf_source_is_verified_with_the_checksum_of_the_pdf(raw_copy, example_pdf):
    (raw_copy / "so_ho_vi_du.pdf").write_bytes(example_pdf.read_bytes())
    add_source(raw_copy, "so_ho_vi_du", "so_ho_vi_du.pdf")
    append_rows(raw_copy / "observations.csv", households("so_ho_vi_du"))
    poverty = reconcile(load_raw(raw_copy)).query("indicator_id == 'poverty_rate' and period == '2025'").iloc[0]
    assert poverty.merged == pytest.approx(POVERTY_EXACT)
    # one byte changed in the PDF: the registered checksum no longer matches
    (raw_copy / "so_ho_vi_du.pdf").write_bytes(example_pdf.read_bytes() + b"\n")
    with pytest.raises(RawDataError, match=r"so_ho_vi_du\.pdf: đang có .sha256 "):
        load_raw(raw_copy)


def test_pdf_without_text_layer_is_refused_as_a_scan(raw_copy):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    with open(raw_copy / "ban_quet.pdf", "wb") as f:
        writer.write(f)
    with pytest.raises(DocumentError, match="a PDF with a text layer"):
        document_text(raw_copy / "ban_quet.pdf")
    add_source(raw_copy, "ban_quet", "ban_quet.pdf")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert "ban_quet.pdf: đang có 'PDF 2 trang không có lớp chữ (bản quét)'; cần một PDF có lớp chữ" in str(exc.value)
    assert "OCR" in str(exc.value)


@pytest.mark.parametrize(
    "name, content, found",
    [
        ("ghi_chu.rtf", b"{\\rtf1 x}", "'.rtf'"),
        ("hong.docx", b"not a zip", "'không phải tệp nén zip"),
        ("hong.pdf", b"%PDF-1.4 broken", "'không đọc được"),
        ("windows.txt", "xã Chiềng Sơ".encode("cp1258", errors="replace") + b"\xff", "'không phải UTF-8'"),
    ],
)
def test_unreadable_documents_are_named(raw_copy, name, content, found):
    (raw_copy / name).write_bytes(content)
    add_source(raw_copy, "hong", name)
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert f"- {name}: đang có {found}" in str(exc.value)
