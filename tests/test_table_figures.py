"""Figures of tables (issue 30): an appendix's "Xã mới" column, a PDF's table read as its .docx, a report's
table with a row per commune, units and short labels of a table's rows. Values hand-read from the corpus's
files (tests/fixtures/onboarding_vi_du, labels.csv)."""

from __future__ import annotations

import pytest
from docx import Document

import chiengso_stats as cs
from chiengso_stats.ingest.documents import _pdf_blocks

from conftest import FIXTURES

CORPUS = FIXTURES / "onboarding_vi_du"


@pytest.fixture(scope="module")
def raw():
    return cs.load_raw()


def _cells(p):
    return {(r.commune_id, r.value_as_printed): r for r in p.itertuples()}


@pytest.mark.parametrize("name", ["van_chai_phu_luc_vi_du.docx", "van_chai_phu_luc_vi_du.pdf"])
def test_the_xa_moi_column_of_an_appendix_alone_is_the_commune_of_its_heading(raw, name):
    # "ĐẢNG ỦY XÃ VÁN CHẢI" heads the appendix; its column "Xã mới" names no commune: it is Ván Chải's
    p = cs.propose(CORPUS / name, raw)
    cell = _cells(p)
    new = cell[("van_chai", "171,46")]
    assert (new.indicator_id, new.period, new.kind, new.value) == ("natural_area", "2025", "observation", 171.46)
    assert cell[("van_chai", "2.686")].period == "2020-2025"  # "Thu ngân sách … giai đoạn 2020 - 2025"
    assert cell[("van_chai", "42,6")].period == "2020"  # "Tỷ lệ hộ nghèo năm 2020"
    assert len(p) == 36 and (p.commune_id != "").all()  # 9 rows x 4 communes, every one placed


def test_the_pdf_appendix_reads_its_row_labels_as_the_docx_does(raw):
    # pdfplumber wraps the narrow "STT" header as "ST T": the row number then stood for the label
    pdf = cs.propose(CORPUS / "van_chai_phu_luc_vi_du.pdf", raw)
    docx = cs.propose(CORPUS / "van_chai_phu_luc_vi_du.docx", raw)
    columns = ["commune_id", "value_as_printed", "indicator_id", "indicator_vi", "period"]
    assert pdf[columns].values.tolist() == docx[columns].values.tolist()
    cell = _cells(pdf)
    assert cell[("then_van", "52,18")].indicator_id == "natural_area"
    assert cell[("nam_khieu", "27")].indicator_id == "party_admissions"
    assert cell[("lao_chai_ha", "35,1")].period == "2020"


@pytest.mark.parametrize("name", ["van_chai_phu_luc_vi_du.pdf", "van_chai_phu_luc_vi_du_fallback.pdf"])
def test_the_number_of_the_report_in_a_pdf_s_heading_is_no_figure(raw, name):
    # "Báo cáo chính trị số 04-BC/ĐU" printed over two lines, "04-" / "BC/ĐU"
    p = cs.propose(CORPUS / name, raw)
    assert "04" not in set(p.value_as_printed)


def test_a_line_broken_after_a_hyphen_joins_without_a_space():
    blocks = _pdf_blocks(["* Kèm theo Báo cáo chính trị số 04-\nBC/ĐU\n\nPhát triển kinh tế -\nxã hội bền vững."])
    assert blocks == ["* Kèm theo Báo cáo chính trị số 04-BC/ĐU", "", "Phát triển kinh tế - xã hội bền vững."]


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_report_s_table_with_a_row_per_commune_gives_each_row_to_its_commune(raw, suffix):
    # "Đơn vị hành chính | Diện tích tự nhiên (km2) | Quy mô dân số (người) | Số bản", a row per commune
    p = cs.propose((CORPUS / "na_luu_vi_du").with_suffix(suffix), raw)
    cell = _cells(p)
    area = cell[("na_luu", "48,36")]
    assert (area.indicator_id, area.unit, area.period, area.value) == ("natural_area", "km2", "2025", 48.36)
    assert cell[("pa_hoc", "4.296")].indicator_id == "population"
    assert cell[("tong_khen", "10")].indicator_id == "villages"
    # the last row, "Xã Nà Lừu (mới)", is the new commune, not the former one of its name
    assert cell[("na_luu_moi", "149,28")].indicator_id == "natural_area"
    assert cell[("na_luu_moi", "14.055")].indicator_id == "population"
    assert cell[("na_luu_moi", "35")].indicator_id == "villages"
    assert ("na_luu", "149,28") not in cell


def test_a_row_s_unit_in_words_gives_the_indicator_s_family(raw):
    # "Thu nhập bình quân đầu người" in "triệu đồng/người/năm": money, not a count
    p = cs.propose(CORPUS / "hung_phong_vi_du.docx", raw)
    cell = _cells(p)
    assert cell[("pu_lau", "14,8")].indicator_id == "income_per_capita"
    assert cell[("pu_lau", "14,8")].period == "2020"
    assert cell[("co_puc", "24,1")].indicator_id == "income_per_capita"
    assert cell[("hung_phong", "45")].indicator_id == "income_per_capita"  # the target "≥ 45"


def test_a_short_row_label_names_the_one_indicator_whose_name_starts_with_it(raw):
    # "Số hộ" (hộ): "Số hộ gia đình" is the only count indicator whose name starts so
    p = cs.propose(CORPUS / "na_luu_phu_luc_vi_du.docx", raw)
    cell = _cells(p)
    assert cell[("na_luu", "1.296")].indicator_id == "households"
    assert cell[("na_luu_moi", "3.105")].indicator_id == "households"


def test_an_appendix_whose_heading_names_no_commune_leaves_the_xa_moi_column_unplaced(raw, tmp_path):
    doc = Document()
    doc.add_paragraph("PHỤ LỤC (VÍ DỤ) KẾT QUẢ NĂM 2025")
    table = doc.add_table(rows=2, cols=5)
    for j, text in enumerate(["STT", "Chỉ tiêu", "Xã Khe Vàng", "Xã Làng Mộ", "Xã mới"]):
        table.rows[0].cells[j].text = text
    for j, text in enumerate(["1", "Dân số", "4.100", "3.900", "8.000"]):
        table.rows[1].cells[j].text = text
    doc.save(tmp_path / "phu_luc.docx")
    p = cs.propose(tmp_path / "phu_luc.docx", raw)
    cell = _cells(p)
    assert cell[("khe_vang", "4.100")].indicator_id == "population"
    assert ("", "8.000") in cell and cell[("", "8.000")].note.startswith("Chưa rõ xã")
    assert not (p.commune_id == "chieng_so_moi").any()


def test_a_title_in_capitals_is_not_continued_by_the_heading_under_it():
    blocks = _pdf_blocks(
        ["I. XÃ THÈN VÁN\n1. Về kinh tế\n\nKẾT QUẢ THỰC HIỆN\nCỦA CÁC XÃ\n\nđạt chuẩn mức độ\n1. Tỷ lệ hộ"]
    )
    assert blocks == [
        "I. XÃ THÈN VÁN",
        "1. Về kinh tế",
        "",
        "KẾT QUẢ THỰC HIỆN CỦA CÁC XÃ",
        "",
        "đạt chuẩn mức độ 1. Tỷ lệ hộ",
    ]


def test_the_number_of_a_heading_under_a_pdf_s_title_is_no_figure(raw):
    # "I. XÃ THÈN VÁN" then "1. Về kinh tế": read as one line, its "1" was a figure of Ván Chải
    p = cs.propose(CORPUS / "van_chai_vi_du.pdf", raw)
    assert not p[p.quote.str.contains("THÈN VÁN 1")].shape[0]
    assert not ((p.value_as_printed == "1") & p.quote.str.startswith("XÃ THÈN VÁN")).any()


def test_a_total_row_of_a_table_of_communes_is_the_new_commune_s(raw, tmp_path):
    doc = Document()
    doc.add_paragraph("VÍ DỤ, không phải số liệu thật.")
    doc.add_paragraph("Xã Phúc Khang được thành lập trên cơ sở hợp nhất xã Khe Vàng và xã Làng Mộ.")
    rows = [
        ["STT", "Đơn vị hành chính", "Diện tích tự nhiên (km2)", "Dân số (người)"],
        ["1", "Xã Khe Vàng", "40,5", "4.100"],
        ["2", "Xã Làng Mộ", "35,25", "3.900"],
        ["", "Tổng cộng", "75,75", "8.000"],
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.rows[i].cells[j].text = text
    doc.save(tmp_path / "bao_cao.docx")
    cell = _cells(cs.propose(tmp_path / "bao_cao.docx", raw))
    assert (cell[("khe_vang", "40,5")].indicator_id, cell[("khe_vang", "40,5")].value) == ("natural_area", 40.5)
    assert cell[("lang_mo", "3.900")].indicator_id == "population"
    assert (cell[("phuc_khang", "75,75")].indicator_id, cell[("phuc_khang", "75,75")].unit) == ("natural_area", "km2")
    assert cell[("phuc_khang", "8.000")].value == 8000.0
