"""Issue 30: reading rules learnt from blind round 16 (linh_tra: 96,7% / 98,9% at a593458 but its 19 targets read as
observations, its appendix alone 0%; loc_tan_ha: 99,1% / 90,6%, periods 24,5%, its 18 targets read as observations).
On made-up text with its hand-worked answers; each test fails at a593458 (checked by running it against that commit's
package)."""

from __future__ import annotations

import chiengso_stats as cs

from conftest import propose_text, write_docx

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\n"
MERGER = "Từ ngày 01/7/2025 hai xã Tân Lập và Phong Phú nay là xã Tân Phong.\n"


def _propose(tmp_path, raw, body: str):
    return propose_text(tmp_path, raw, HEADING + MERGER + body).set_index("value_as_printed")


def test_an_appendix_whose_rows_begin_with_their_commune(tmp_path, raw):
    grid = [
        ["STT", "Nội dung (đơn vị tính)", "Số liệu"],
        ["1", "Xã Tân Lập – dân số năm 2025 (người)", "9.215"],
        ["2", "Xã Phong Phú – dân số năm 2025 (người)", "7.834"],
        ["3", "Xã Tân Phong – dân số năm 2025 (người)", "17.049"],
        ["4", "Xã Tân Lập – tỷ lệ hộ nghèo năm 2020 (%)", "14,85"],
    ]
    path = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC SỐ LIỆU (VÍ DỤ)", grid])
    p = cs.propose(path, raw).set_index("value_as_printed")
    # were no commune: the merger is read from the rows' labels, each row's commune from its label's start
    assert p.loc[["9.215", "7.834", "17.049", "14,85"], "commune_id"].tolist() == [
        "tan_lap",
        "phong_phu",
        "tan_phong",
        "tan_lap",
    ]
    assert p.loc["17.049", ["indicator_id", "period"]].tolist() == ["population", "2025"]
    assert p.loc["14,85", ["indicator_id", "period", "value"]].tolist() == ["poverty_rate", "2020", 14.85]


def test_parts_labelled_khoan_and_targets_listed_as_chi_tieu_thu(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "Khoản 2 – Việc đã làm của hai xã trong nhiệm kỳ 2020 tới 2025\nXã có 17 thôn, bản.\n"
        "Khoản 3 – Những con số xã Tân Phong hẹn với nhiệm kỳ 2025 tới 2030\n"
        "Chỉ tiêu thứ tám: sản phẩm OCOP, khi khép lại nhiệm kỳ có từ 8 sản phẩm trở lên.\n"
        "Chỉ tiêu thứ mười ba: trường đạt chuẩn quốc gia, bổ sung so với hiện nay 2 trường.\n",
    )
    assert p.loc["17", "kind"] == "observation"
    # were observations: "Khoản 3 –" named no part
    assert p.loc["8", ["kind", "horizon"]].tolist() == ["target", "level_2030"]
    # "Chỉ tiêu thứ mười ba:" is the item's label, no indicator's words ("chỉ tiêu" named the resolution's)
    assert p.loc["2", ["kind", "horizon", "indicator_id"]].tolist() == ["target", "additional_2026_2030", "schools"]


def test_terms_printed_with_a_slash_de_muc_parts_and_group_leads_giving_comparators(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "ĐỀ MỤC II: NHÌN LẠI NHIỆM KỲ 2020/2025 CỦA HAI ĐẢNG BỘ\n"
        "Điểm 3. Kinh tế\n"
        "Tỷ lệ hộ nghèo của Tân Lập thời điểm 2020 còn 9,85%. Thu ngân sách cả nhiệm kỳ của Tân Lập đạt 21.460 "
        "triệu đồng.\n"
        "ĐỀ MỤC III: MỤC TIÊU NHIỆM KỲ 2025/2030\n"
        "b) Nhóm chỉ tiêu phải vượt (cao hơn mức nêu):\n"
        "• Tỷ lệ dân số tham gia bảo hiểm y tế, từng năm: 95%.\n"
        "c) Nhóm chỉ tiêu khống chế (thấp hơn mức nêu):\n"
        "• Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2026/2030, ở năm 2030: 1%.\n",
    )
    # were '' (no term read from "2020/2025"), and 2025 ("thời điểm 2020" named no year)
    assert p.loc["9,85%", "period"] == "2020"
    assert p.loc["21.460 triệu đồng", "period"] == "2020-2025"
    # were observations, then ">=" for both: the group's lead gives the comparator
    assert p.loc["95%", ["kind", "horizon", "comparator"]].tolist() == ["target", "every_year", ">"]
    assert p.loc["1%", ["kind", "horizon", "comparator"]].tolist() == ["target", "level_2030", "<"]
