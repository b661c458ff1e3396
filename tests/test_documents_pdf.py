"""Issue 30, case 1: a PDF's text read by character position, and text whose marks came loose refused."""

from __future__ import annotations

import pdfplumber
import pypdf
import pytest

import chiengso_stats as cs
from chiengso_stats.ingest.documents import DocumentError, _check_marks, document_text, loose_marks

from conftest import FIXTURES

PDF = FIXTURES / "pdf_phong_du_phong" / "bao_cao_phong_du_phong_vi_du.pdf"


def _pypdf_layout() -> str:
    return "\n".join(p.extract_text(extraction_mode="layout") for p in pypdf.PdfReader(PDF).pages)


def test_the_fixture_draws_its_vietnamese_letters_from_a_fallback_font():
    with pdfplumber.open(PDF) as pdf:
        fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
    assert fonts == {"ThieuVietSerif", "DejaVuSans"}
    broken = _pypdf_layout()
    assert "ĐẢNG BỘ TỈNH SƠN LA" not in broken and "NG B    T NH S    N LA" in broken  # pypdf's layout mode


def test_characters_placed_by_position_read_the_fallback_letters_right():
    text = document_text(PDF)
    assert "ĐẢNG BỘ TỈNH SƠN LA" in text
    assert "Xã Tà Xùa được sắp xếp từ xã Háng Đồng và xã Tà Xùa." in text
    assert "Tỷ lệ hộ nghèo giảm từ 21,7% năm 2020 xuống còn 13,2% năm 2025." in text
    assert "2 ; Tỷ lệ che phủ rừng (%) ; 48,5 ; 51,2" in text  # the table's row, its wrapped label joined
    assert loose_marks(text) == []


def test_figures_of_the_fallback_pdf_go_to_their_communes():
    p = cs.propose(PDF, cs.load_raw())
    owners = dict(zip(p.value_as_printed, p.commune_id))
    # hand-read from the PDF: 3.140 people in Háng Đồng, 4.210 in Tà Xùa (cũ), 312 and 287 party members
    assert (owners["3.140"], owners["4.210"], owners["312"], owners["287"]) == (
        "hang_dong",
        "ta_xua",
        "hang_dong",
        "ta_xua",
    )


def test_text_whose_marks_came_loose_is_refused_with_a_message():
    with pytest.raises(DocumentError) as err:
        _check_marks([_pypdf_layout()])
    assert "chữ trong PDF bị tách dấu, rời chữ" in err.value.found
    assert "in lại PDF bằng phông chữ có đủ chữ tiếng Việt" in err.value.expected_vi
    # a mark on no letter (NFD text cut before its mark) counts too
    assert loose_marks("Đa\u0309ng bộ \u0301xã") == ["\u0301"]
