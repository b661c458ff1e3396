"""Issue 30: reading rules learnt from blind round 18 (nhat_khe: 98,0% / 99,0% at f0e3fdb, horizons 78,9%, its
appendix alone 0%; khoi_vinh: 96,8% / 96,8%). On made-up text with its hand-worked answers; each test fails at
f0e3fdb (checked by running it against that commit's package)."""

from __future__ import annotations

import chiengso_stats as cs

from conftest import write_docx

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\n"


def test_an_appendix_of_nguyen_xa_rows_and_years_under_each_indicator(tmp_path, raw):
    grid = [
        ["Đơn vị", "Dân số (người)", "Tỷ lệ hộ nghèo (%)", "Tỷ lệ hộ nghèo (%)", "Kết nạp đảng viên (người)"],
        ["", "2025", "2020", "2025", "2021-25"],
        ["Nguyên xã Tân Lập", "6.412", "4,15", "1,02", "41"],
        ["Nguyên xã Phong Phú", "5.238", "5,02", "1,48", "36"],
        ["Xã Tân Phong", "11.650", "4,55", "1,23", "77"],
    ]
    path = write_docx(
        tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ), nhiệm kỳ 2020 - 2025", grid]
    )
    p = cs.propose(path, raw).set_index("value_as_printed")
    # were no commune: "Nguyên xã A" names a former commune (`former_unit_words`)
    assert p.loc[["6.412", "5.238", "11.650"], "commune_id"].tolist() == ["tan_lap", "phong_phu", "tan_phong"]
    # were 2025: each column's year, or "2021-25" (the term), printed in the header's second row
    assert p.loc[["4,15", "1,02", "41"], "period"].tolist() == ["2020", "2025", "2020-2025"]
    assert p.loc[["4,15", "41"], "indicator_id"].tolist() == ["poverty_rate", "party_admissions"]


def test_horizons_tagged_in_brackets_after_the_figure_and_two_of_three_formers(tmp_path, raw):
    path = tmp_path / "bao_cao.txt"
    path.write_text(
        HEADING
        + "Ba xã Tân Lập, Phong Phú và Bình Minh hợp nhất thành xã Tân Phong.\n"
        + "I. KẾT QUẢ NHIỆM KỲ 2020 - 2025\n"
        + "Phong Phú và Bình Minh cùng giữ chuẩn nông thôn mới, cả hai xã đều đạt 19/19 tiêu chí.\n"
        + "II. PHƯƠNG HƯỚNG NHIỆM KỲ 2025 - 2030\n"
        + "- Diện tích nhãn có mã số vùng trồng tăng 80 ha (làm thêm 2026-30).\n"
        + "- Tỷ lệ hộ nghèo giảm 0,3 - 0,4 điểm phần trăm (trung bình năm 2026-30).\n",
        encoding="utf-8",
    )
    p = cs.propose(path, raw)
    # was all three former communes: "cả hai xã" are the two just named
    assert sorted(p[p.value_as_printed == "19"].commune_id) == ["binh_minh", "binh_minh", "phong_phu", "phong_phu"]
    by = p.set_index("value_as_printed")
    assert by.loc["80 ha", "horizon"] == "additional_2026_2030"  # was level_2030
    assert by.loc["0,3 - 0,4", "horizon"] == "annual_average_2026_2030"  # was level_2030
