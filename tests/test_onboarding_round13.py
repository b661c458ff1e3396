"""Issue 30: reading rules learnt from blind round 13 (que_tan: 92,0% / 98,8% but no period right, its terms printed
"2020 đến 2025", its targets read as observations, its appendix alone 0%; dien_son_thuy: 82,9% / 76,4%, at 1174755),
each on a made-up document of a few lines (no corpus document's text) with its hand-worked answer. Checked by
running this file against 1174755's package: every test fails there."""

from __future__ import annotations

import pytest

import chiengso_stats as cs

from conftest import propose_text, write_docx

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\n"
MERGER = "Xã Tân Phong được thành lập trên cơ sở nhập xã Tân Lập và xã Phong Phú.\n"


def _propose(tmp_path, raw, text: str):
    return propose_text(tmp_path, raw, HEADING + MERGER + text).set_index("value_as_printed")


@pytest.mark.parametrize(
    ("past", "future"),
    [
        (
            "VẤN ĐỀ THỨ HAI: NHỮNG GÌ ĐÃ LÀM ĐƯỢC TRONG NHIỆM KỲ 2020 ĐẾN 2025",
            "VẤN ĐỀ THỨ BA: MỤC TIÊU GIAI ĐOẠN 2026 ĐẾN 2030",
        ),
        ("CHƯƠNG I. HAI XÃ QUA NHIỆM KỲ 2020 ĐẾN 2025", "CHƯƠNG III. KỲ TỚI: ĐẢNG BỘ HỨA GÌ VỚI NHÂN DÂN"),
    ],
)
def test_parts_named_by_other_words_and_terms_printed_in_words(tmp_path, raw, past, future):
    text = f"{past}\nHai - Kinh tế\nTân Lập kết nạp 52 đảng viên; tỷ lệ hộ nghèo năm 2020 là 3,42%.\n{future}\n"
    text += "§1. Chỉ tiêu\nThu nhập bình quân đầu người đến năm 2030 đạt 85 triệu đồng trở lên.\n"
    p = _propose(tmp_path, raw, text)
    assert p.loc["52", "period"] == "2020-2025"  # was '': no past term read from "2020 ĐẾN 2025"
    assert p.loc["3,42%", "period"] == "2020"
    assert p.loc["85 triệu đồng", ["kind", "horizon"]].tolist() == ["target", "level_2030"]  # was an observation
    assert "1" not in p.index  # "§1." is a section's label


def test_a_name_after_a_comparison_is_not_the_figures_and_sums_by_other_words(tmp_path, raw):
    text = "I. KẾT QUẢ NHIỆM KỲ 2020 - 2025\n" + (
        "Về dân cư, Tân Lập đông hơn: 9.318 người trong 2.486 hộ, so với 7.654 người trong 2.057 hộ của Phong Phú.\n"
        "Suốt kỳ trước, Tân Lập thu ngân sách trên địa bàn được 24.350 triệu đồng, Phong Phú 18.920 triệu đồng; "
        "gộp hai sổ là 43.270 triệu đồng.\n"
    )
    p = _propose(tmp_path, raw, text)
    assert p.loc["2.486", "commune_id"] == "tan_lap"  # was phong_phu
    assert p.loc["2.057", "commune_id"] == "phong_phu"
    assert p.loc["43.270 triệu đồng", "commune_id"] == "tan_phong"  # was phong_phu: "gộp hai sổ"
    assert p.loc["24.350 triệu đồng", "period"] == "2020-2025"  # was 2025: "Suốt kỳ trước"


def test_an_appendix_grouped_by_commune_named_plainly_as_former_ones(tmp_path, raw):
    grid = [
        ["Đơn vị hành chính", "Chỉ tiêu", "ĐVT", "Năm 2020", "Năm 2025", "Cả nhiệm kỳ 2020 đến 2025"],
        ["Tân Lập (cũ)", "Dân số", "người", "-", "10.214", "-"],
        ["", "Thu ngân sách trên địa bàn", "triệu đồng", "-", "-", "58.460"],
        ["Phong Phú (cũ)", "Dân số", "người", "-", "8.130", "-"],
        ["", "Thu ngân sách trên địa bàn", "triệu đồng", "-", "-", "41.725"],
        ["Tân Phong (hai vùng gộp lại)", "Dân số", "người", "-", "18.344", "-"],
    ]
    title = "Một số chỉ tiêu của hai xã cũ và xã Tân Phong"
    path = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ)", title, grid])
    got = cs.propose(path, raw).set_index("value_as_printed")
    # was nothing: no commune known
    assert got.loc["10.214", ["commune_id", "indicator_id", "period"]].tolist() == ["tan_lap", "population", "2025"]
    assert got.loc["41.725", ["commune_id", "period"]].tolist() == ["phong_phu", "2020-2025"]
    assert got.loc["18.344", "commune_id"] == "tan_phong"
