"""Issue 30: reading rules learnt from blind round 7 (bau_sen, phong_thanh: horizons 68,8% and 58,3%, bau_sen's
appendix alone 0% at 0d00a48), each on a made-up document of a few lines (no corpus document's text) with its
hand-worked answer, the defects the fresh-eyes trial of stop 33 found, and the rules learnt from rounds 9 and 8.
Checked by running this file against each commit's package: the first five fail at 0d00a48, round 9's three at
614a465 (where the first five pass), round 8's two at f6eb833."""

from __future__ import annotations

import pytest

import chiengso_stats as cs

from conftest import write_docx

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\n"
MERGER = "Xã Tân Phong được thành lập trên cơ sở nhập xã Tân Lập, xã Phong Phú và xã Bình Minh.\n"


@pytest.fixture(scope="module")
def raw():
    return cs.load_raw()


def test_a_targets_horizon_from_the_lead_line_of_its_lettered_group(tmp_path, raw):
    body = (
        "Phần thứ ba\nMỤC TIÊU, CHỈ TIÊU NHIỆM KỲ 2025 - 2030\n"
        "a) Các chỉ tiêu phấn đấu đạt vào năm 2030:\n+ Tỷ lệ hộ nghèo còn dưới 1%.\n"
        "b) Tổng 5 năm 2026 - 2030:\n+ Giải quyết việc làm cho 2.800 lao động trở lên.\n"
        "c) Bình quân mỗi năm trong giai đoạn 2026 - 2030:\n+ Tốc độ tăng giá trị sản xuất từ 8,5% trở lên.\n"
        "d) Các chỉ tiêu phải đạt trong từng năm của nhiệm kỳ:\n+ Trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.\n"
    )
    path = tmp_path / "bao_cao.txt"
    path.write_text(HEADING + MERGER + body, encoding="utf-8")
    p = cs.propose(path, raw).set_index("value_as_printed")
    assert p.loc["1%", "horizon"] == "level_2030"
    assert p.loc["2.800", "horizon"] == "total_2026_2030"  # was level_2030: "Tổng 5 năm" is the lead's
    assert p.loc["8,5%", "horizon"] == "annual_average_2026_2030"
    assert p.loc["90%", "horizon"] == "every_year"


def test_an_appendix_stacked_by_year_whose_columns_name_the_former_communes_without_xa(tmp_path, raw):
    grid = [
        ["TT", "Chỉ tiêu", "ĐVT", "Tân Lập", "Phong Phú", "Toàn xã Tân Phong"],
        ["A", "NĂM 2020", "NĂM 2020", "NĂM 2020", "NĂM 2020", "NĂM 2020"],
        ["1", "Thu nhập bình quân đầu người", "tr.đ/người/năm", "50,2", "46,1", "48,4"],
        ["B", "CẢ NHIỆM KỲ 2020 - 2025", "CẢ NHIỆM KỲ 2020 - 2025", "CẢ NHIỆM KỲ 2020 - 2025"]
        + ["CẢ NHIỆM KỲ 2020 - 2025"] * 2,
        ["2", "Kết nạp đảng viên mới", "người", "41", "37", "78"],
    ]
    path = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ)", grid])
    got = cs.propose(path, raw).set_index("value_as_printed")
    # was no commune at all ("no merger"), every figure of 2025
    assert got.loc["50,2", ["commune_id", "period", "indicator_id"]].tolist() == [
        "tan_lap",
        "2020",
        "income_per_capita",
    ]
    assert got.loc["48,4", "commune_id"] == "tan_phong"
    assert got.loc["37", ["commune_id", "period"]].tolist() == ["phong_phu", "2020-2025"]


def test_the_province_of_the_heading_goes_to_the_communes_sheet(tmp_path, raw):
    """From the fresh-eyes trial of stop 33: the "Xã" sheet's Tỉnh was empty, and the papers then printed
    "ĐẢNG BỘ TỈNH " and "Tỉnh ủy  (b/c)"; a PDF joins the heading's two columns on one line."""
    path = tmp_path / "bao_cao.txt"
    path.write_text("ĐẢNG BỘ TỈNH CÀ MAU ĐẢNG CỘNG SẢN VIỆT NAM\n" + HEADING + MERGER, encoding="utf-8")
    got = cs.propose_communes(path, raw)
    assert got.province.tolist() == ["Cà Mau"] * 4
    path.write_text(HEADING + MERGER, encoding="utf-8")
    assert cs.propose_communes(path, raw).province.tolist() == [""] * 4  # none printed: none guessed


def test_a_figure_the_catalogue_lacks_is_compared_between_report_and_appendix(tmp_path, raw):
    """From the trial: the appendix's 14.620 and the report's 14.260 (a new indicator) had no "KHÁC" note."""
    report = tmp_path / "bao_cao.txt"
    report.write_text(
        HEADING + MERGER + "Phần thứ hai\nKẾT QUẢ NHIỆM KỲ 2020 - 2025\n"
        "Sản lượng thủy sản nuôi trồng năm 2025 đạt 14.260 tấn.\n",
        encoding="utf-8",
    )
    grid = [["Chỉ tiêu", "ĐVT", "Xã Tân Lập", "Toàn xã"], ["Sản lượng thủy sản nuôi trồng", "tấn", "6.120", "14.620"]]
    appendix = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ) NĂM 2025", grid])
    got = cs.propose([report, appendix], raw).set_index("value_as_printed")
    assert got.loc["14.260", "note"] == "KHÁC với phu_luc.docx: 14.620 (figures differ)"
    assert got.loc["14.620", "note"] == "KHÁC với bao_cao.txt: 14.260 (figures differ)"


def test_a_target_takes_the_number_its_quote_prints():
    """From the trial: every target of a paragraph "(1) …; (2) …; (13) …" took the place's "(1)" and became (1a)
    … (1j), and unnumbered ones 'dp1' … (printed 'KĐP 1', a breakthrough goal's label)."""
    import pandas as pd

    from chiengso_stats.ingest.review import _target_ids

    frame = pd.DataFrame(
        {
            "source_ref": ["C › II › (1) Tốc độ tăng"] * 2 + ["Phần thứ ba", "Phần thứ ba", "Phần thứ ba › (7)"],
            "quote": [
                "(1) Tốc độ tăng giá trị sản xuất bình quân 8%/năm",
                "(13) tỷ lệ che phủ rừng đạt 45%",
                "Thu ngân sách đạt 100 tỷ đồng",
                "Chỉ tiêu 4: 100% thôn có nhà văn hóa",
                "12.000 tấn lương thực",  # a figure, not a list's number: the place's (7)
            ],
        }
    )
    assert _target_ids(frame) == ["1", "13", "14", "4", "7"]


# ---------------------------------------------------------------- round 9 (blind at 614a465, learnt at a13231d)
def test_a_part_titled_in_capitals_without_a_label_holds_the_targets(tmp_path, raw):
    """tan_ngan's parts had no "Phần"/"I." label: its 23 targets were read as observations (horizon 0%)."""
    body = (
        "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2020 - 2025\nTỷ lệ hộ nghèo cuối năm 2025 còn 2,1%.\n"
        "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2025 - 2030\nĐến năm 2030, tỷ lệ hộ nghèo còn dưới 1%.\n"
    )
    path = tmp_path / "bao_cao.txt"
    path.write_text(HEADING + MERGER + body, encoding="utf-8")
    p = cs.propose(path, raw).set_index("value_as_printed")
    assert p.loc["2,1%", ["kind", "period"]].tolist() == ["observation", "2025"]
    assert p.loc["1%", ["kind", "comparator", "horizon"]].tolist() == ["target", "<", "level_2030"]  # was observation


def test_a_bracket_closed_after_a_full_stop_ends_the_sentence():
    """lam_phuong: "(VÍ DỤ: xã A, xã B, xã C … bịa đặt.) Thực hiện …, xã A và xã B … thành lập xã C" was one sentence,
    and C, named in the disclaimer first, was made a former commune too."""
    from chiengso_stats.ingest.merger_reading import merger

    text = (
        "(VÍ DỤ: xã Tân Lập, xã Phong Phú, xã Tân Phong và mọi con số là bịa đặt.) Thực hiện Nghị quyết số 1686, "
        "toàn bộ diện tích của xã Tân Lập và xã Phong Phú được điều chỉnh để thành lập xã Tân Phong."
    )
    assert merger(text, (), ["ĐẢNG ỦY XÃ TÂN PHONG"]) == ("Tân Phong", ["Tân Lập", "Phong Phú"])


def test_an_appendix_whose_columns_name_a_commune_over_its_years_and_an_estimate(tmp_path, raw):
    """lam_phuong's appendix: "A | A | B | B | C" over "2020 | ƯTH 2025 | …", C the heading's commune (was 0%)."""
    grid = [
        ["TT", "Chỉ tiêu", "ĐVT", "Tân Lập", "Tân Lập", "Phong Phú", "Phong Phú", "Tân Phong"],
        ["", "", "", "2020", "ƯTH 2025", "2020", "ƯTH 2025", "ƯTH 2025"],
        ["1", "Dân số", "người", "6.010", "6.120", "5.400", "5.480", "11.600"],
    ]
    path = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ)", grid])
    got = cs.propose(path, raw).set_index("value_as_printed")
    assert got.loc["6.010", ["commune_id", "period"]].tolist() == ["tan_lap", "2020"]
    assert got.loc["5.480", ["commune_id", "period"]].tolist() == ["phong_phu", "2025"]
    assert got.loc["11.600", ["commune_id", "period", "indicator_id"]].tolist() == ["tan_phong", "2025", "population"]


# ---------------------------------------------------------------- round 8 (blind at f6eb833, learnt at 614a465)
def test_a_table_of_the_commune_its_title_names(tmp_path, raw):
    """hoa_loc: "Bảng 1. Một số chỉ tiêu chủ yếu trên địa bàn xã Hòa Lộc" over "Năm 2020 | Năm 2025": its cells
    had no commune (20% of the document's figures)."""
    grid = [["TT", "Chỉ tiêu", "ĐVT", "Năm 2020", "Năm 2025"], ["1", "Dân số", "người", "11.020", "11.600"]]
    items = ["ĐẢNG ỦY XÃ TÂN PHONG", MERGER.strip(), "Bảng 1. Một số chỉ tiêu chủ yếu trên địa bàn xã Tân Phong", grid]
    got = cs.propose(write_docx(tmp_path / "bao_cao.docx", items), raw).set_index("value_as_printed")
    assert got.loc["11.020", ["commune_id", "period"]].tolist() == ["tan_phong", "2020"]
    assert got.loc["11.600", ["commune_id", "period"]].tolist() == ["tan_phong", "2025"]


def test_former_communes_without_xa_under_year_headers_beside_the_new_one(tmp_path, raw):
    """vinh_hoi's appendix: "Năm 2020 | Năm 2025" over "Pác Làng | Khuổi Mò | Xã Vĩnh Hồi" (its fallback PDF, where
    no other table named the communes, gave 0%)."""
    grid = [
        ["TT", "Chỉ tiêu", "ĐVT", "Năm 2025", "Năm 2025", "Năm 2025"],
        ["", "", "", "Tân Lập", "Phong Phú", "Xã Tân Phong"],
        ["1", "Dân số", "người", "6.120", "5.480", "11.600"],
    ]
    path = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ)", grid])
    got = cs.propose(path, raw).set_index("value_as_printed")
    assert got.loc["6.120", "commune_id"] == "tan_lap"
    assert got.loc["11.600", ["commune_id", "period"]].tolist() == ["tan_phong", "2025"]
