"""Issue 30: reading rules learnt from blind round 6 (loi_hai: 0% at be8bc5d, no merger found; tan_khe: 77,2%
recall at 39cdfac), each on a made-up document of a few lines (none is a corpus document's text) with its
hand-worked answer. Every test fails on the code before its rules, checked by running this file against those
commits' package: all eight fail at be8bc5d, also with the merger reworded in a wording that code read (so the
period, table and commune tests fail on their own assertions); the last three fail at 39cdfac, the first five
pass there."""

from __future__ import annotations

import pytest

import chiengso_stats as cs
from chiengso_stats.ingest.merger_reading import merger

from conftest import write_docx

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\n"
MERGER = "Địa bàn xã hiện nay là toàn bộ địa giới hành chính của ba xã Tân Lập, Phong Phú và Bình Minh trước đây.\n"
PAST = "B. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ CÁC XÃ NHIỆM KỲ 2020 - 2025\n"


@pytest.fixture(scope="module")
def raw():
    return cs.load_raw()


def _propose(tmp_path, raw, body: str):
    path = tmp_path / "bao_cao.txt"
    path.write_text(HEADING + MERGER + PAST + body, encoding="utf-8")
    return cs.propose(path, raw)


def _docx(tmp_path, grid, title: str = "PHỤ LỤC (VÍ DỤ)", merger_sentence: bool = False):
    lines = ["ĐẢNG ỦY XÃ TÂN PHONG"] + [MERGER.strip()] * merger_sentence + [title]
    return write_docx(tmp_path / "phu_luc.docx", [*lines, grid])


def test_the_headings_commune_and_the_former_ones_of_a_sentence_without_a_word_of_merging():
    text = HEADING + "Từ ngày 01/7/2025, xã Tân Phong chính thức đi vào hoạt động. " + MERGER
    assert merger(text, (), HEADING.splitlines()) == ("Tân Phong", ["Tân Lập", "Phong Phú", "Bình Minh"])
    # without the heading's commune nothing is guessed
    assert merger(MERGER, (), []) == ("", [])
    # a PDF joins the heading's two columns in one line: the name ends before "ĐẢNG CỘNG SẢN …"
    assert merger(MERGER, (), ["ĐẢNG ỦY XÃ TÂN PHONG ĐẢNG CỘNG SẢN VIỆT NAM"])[0] == "Tân Phong"


def test_an_appendix_with_columns_a_cu_toan_xa_a_year_column_and_units_in_the_labels(tmp_path, raw):
    grid = [
        ["TT", "Chỉ tiêu", "Năm", "Tân Lập (cũ)", "Phong Phú (cũ)", "Toàn xã"],
        ["1", "Dân số (người)", "2025", "6.120", "5.480", "11.600"],
        ["2", "Tỷ lệ hộ nghèo (%)", "2020", "5,12", "6,30", "5,70"],
        ["3", "Kết nạp đảng viên mới (người)", "2020 - 2025", "41", "37", "78"],
    ]
    got = cs.propose(_docx(tmp_path, grid), raw).set_index("value_as_printed")
    assert got.loc["6.120", "commune_id"] == "tan_lap"
    assert got.loc["5.480", "commune_id"] == "phong_phu"
    assert got.loc["11.600", "commune_id"] == "tan_phong"  # "Toàn xã", named by the heading
    assert got.loc["11.600", "indicator_id"] == "population"  # "(người)" in the label
    assert got.loc["5,70", "period"] == "2020"  # the row's "Năm" cell, not the default 2025
    assert got.loc["5,70", "indicator_id"] == "poverty_rate"
    assert "2020" not in got.index and "2025" not in got.index  # the year column holds no figures


def test_periods_of_a_bracket_naming_the_next_figures_year_an_estimate_and_a_change_from_the_first_year(tmp_path, raw):
    body = (
        "Thu nhập bình quân đầu người năm 2025 ước đạt 68,4 triệu đồng (năm 2020: 44,9 triệu đồng).\n"
        "Tỷ lệ hộ nghèo giảm từ 5,02% đầu nhiệm kỳ xuống còn 1,31% (ước cuối năm 2025).\n"
        "Sản lượng lúa năm 2025 đạt 9.870 tấn, tăng 1.240 tấn so với đầu nhiệm kỳ; trong đó: Tân Lập (cũ) "
        "5.110 tấn, Phong Phú (cũ) 4.760 tấn.\n"
    )
    p = _propose(tmp_path, raw, body).set_index("value_as_printed")
    assert p.loc["68,4 triệu đồng", "period"] == "2025"  # was 2020, the year of the bracket after it
    assert p.loc["44,9 triệu đồng", "period"] == "2020"  # was 2025
    assert p.loc["5,02%", "period"] == "2020"
    assert p.loc["1,31%", "period"] == "2025"  # was 2020: "đầu nhiệm kỳ" is the figure before's
    assert p.loc["1.240", "period"] == "2020-2025"  # a change over the term
    # the parts after "trong đó" are of 9.870 (2025), not of the change before them (was 2020-2025)
    assert p.loc["5.110", ["commune_id", "period"]].tolist() == ["tan_lap", "2025"]
    assert p.loc["4.760", ["commune_id", "period"]].tolist() == ["phong_phu", "2025"]


def test_three_communes_that_each_did_it(tmp_path, raw):
    p = _propose(tmp_path, raw, "Hằng năm, ba xã đều hoàn thành 100% chỉ tiêu giao quân.\n")
    assert sorted(p.commune_id) == ["binh_minh", "phong_phu", "tan_lap"]  # was one row, the new commune's


def test_the_people_contribute_over_the_term(tmp_path, raw):
    body = "Trong nhiệm kỳ, toàn xã cứng hóa 12,5 km đường.\nNhân dân đóng góp 3,6 tỷ đồng và hiến 9.800 m2 đất.\n"
    p = _propose(tmp_path, raw, body).set_index("value_as_printed")
    assert p.loc["3,6 tỷ đồng", "period"] == "2020-2025"  # was 2025
    assert p.loc["9.800", "period"] == "2020-2025"


def test_a_table_stacked_by_commune_under_band_rows(tmp_path, raw):
    grid = [
        ["TT", "Chỉ tiêu", "ĐVT", "Năm 2020", "Năm 2025"],
        ["I", "Xã Tân Lập", "Xã Tân Lập", "Xã Tân Lập", "Xã Tân Lập"],
        ["1", "Tỷ lệ hộ nghèo", "%", "5,12", "1,40"],
        ["II", "Xã Phong Phú", "Xã Phong Phú", "Xã Phong Phú", "Xã Phong Phú"],
        ["1", "Tỷ lệ hộ nghèo", "%", "6,30", "1,95"],
    ]
    got = cs.propose(_docx(tmp_path, grid, merger_sentence=True), raw).set_index("value_as_printed")
    # was nothing at all: the band rows made it look like a table with a row per commune
    assert got.loc["5,12", ["commune_id", "period", "indicator_id"]].tolist() == ["tan_lap", "2020", "poverty_rate"]
    assert got.loc["1,40", ["commune_id", "period"]].tolist() == ["tan_lap", "2025"]
    assert got.loc["6,30", ["commune_id", "period"]].tolist() == ["phong_phu", "2020"]
    assert got.loc["1,95", ["commune_id", "period"]].tolist() == ["phong_phu", "2025"]


def test_a_row_per_commune_whose_short_headers_count_what_the_column_before_names(tmp_path, raw):
    grid = [
        ["TT", "Đảng bộ xã", "Số chỉ tiêu Nghị quyết", "Đạt và vượt", "Chưa đạt"],
        ["1", "Tân Lập", "18", "16", "2"],
        ["2", "Phong Phú", "17", "14", "3"],
    ]
    title = "Bảng 2. Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội nhiệm kỳ 2020 - 2025 (VÍ DỤ)"
    got = cs.propose(_docx(tmp_path, grid, title, merger_sentence=True), raw).set_index("value_as_printed")
    row = got.loc["18"]
    assert [row.commune_id, row.indicator_id, row.period] == ["tan_lap", "resolution_targets_total", "2020-2025"]
    assert got.loc["16", "indicator_id"] == "resolution_targets_achieved"  # was none
    assert got.loc["3", ["commune_id", "indicator_id"]].tolist() == ["phong_phu", "resolution_targets_not_achieved"]


def test_the_communes_named_after_theo_thu_tu_and_a_storms_number(tmp_path, raw):
    body = (
        "Tổng thu ngân sách cả nhiệm kỳ của hai xã đạt 21.300 triệu đồng (theo thứ tự Tân Lập, Phong Phú: "
        "11.900 và 9.400 triệu đồng). Bão số 3 năm 2024 gây thiệt hại lớn.\n"
    )
    p = _propose(tmp_path, raw, body).set_index("value_as_printed")
    assert p.loc["11.900", "commune_id"] == "tan_lap"  # was the new commune's
    assert p.loc["9.400 triệu đồng", "commune_id"] == "phong_phu"
    assert "3" not in p.index  # "bão số 3" names a storm
