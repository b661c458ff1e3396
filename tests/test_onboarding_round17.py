"""Issue 30: reading rules learnt from blind round 17 (tan_an_phu: 70,2% / 61,7% at 6d70f80, its merger half read
and its appendix alone 0%; kim_son_hoa: 86,5% / 86,5%, periods 8,5%). On made-up text with its hand-worked answers;
each test fails at 6d70f80 (checked by running it against that commit's package)."""

from __future__ import annotations

import chiengso_stats as cs

from conftest import propose_text, write_docx

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\nnhiệm kỳ 2025 – 2030\n"


def _propose(tmp_path, raw, body: str):
    return propose_text(tmp_path, raw, HEADING + body).set_index("value_as_printed")


def test_a_merger_told_as_two_communes_handing_over_to_a_new_one(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "Từ ngày 01/7/2025 xã Tân Lập và xã Phong Phú thôi hoạt động; đất đai, dân cư và bộ máy của hai xã được "
        "chuyển giao nguyên vẹn cho đơn vị hành chính mới mang tên xã Tân Phong.\n"
        "PHẦN 2/3. KẾT QUẢ NHIỆM KỲ 2020 TỚI 2025\n"
        "2°. Đảng bộ xã Phong Phú\nĐảng bộ hoàn thành 15 trong số 18 chỉ tiêu Nghị quyết.\n"
        "PHẦN 3/3. MỤC TIÊU NHIỆM KỲ 2025 TỚI 2030\n"
        "Thu nhập bình quân đầu người cán mốc 90 triệu đồng vào năm 2030 (năm 2025: 56,6 triệu đồng). "
        "Sản lượng lương thực thường niên không thấp hơn 8.600 tấn.\n",
    )
    # were no merger read: "thôi hoạt động", "chuyển giao" named none; the section "2°." names its commune
    assert p.loc["15", "commune_id"] == "phong_phu"
    # were observations: "PHẦN 3/3." named no part
    assert p.loc["90 triệu đồng", ["kind", "horizon"]].tolist() == ["target", "level_2030"]
    assert p.loc["56,6 triệu đồng", ["kind", "period"]].tolist() == ["observation", "2025"]  # in brackets, before it
    assert p.loc["8.600", "horizon"] == "every_year"  # "thường niên"


def test_an_appendix_of_years_under_communes_under_indicators(tmp_path, raw):
    grid = [
        ["Năm", *["Thu ngân sách trên địa bàn (triệu đồng)"] * 3],  # one cell merged across three columns
        ["", "Tân Lập", "Phong Phú", "Tân Phong"],
        ["Năm 2021", "4.120", "3.240", "7.360"],
        ["Cộng 5 năm", "24.650", "19.380", "44.030"],
    ]
    path = write_docx(
        tmp_path / "phu_luc.docx",
        ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC SỐ LIỆU (VÍ DỤ)", "Biểu A. Thu ngân sách, nhiệm kỳ 2020 tới 2025", grid],
    )
    p = cs.propose(path, raw).set_index("value_as_printed")
    # were no commune, no indicator: the communes in the header's second row, the indicator in its first
    assert p.loc[["4.120", "3.240", "7.360"], "commune_id"].tolist() == ["tan_lap", "phong_phu", "tan_phong"]
    assert set(p.indicator_id) == {"local_budget_revenue"}
    assert p.loc["4.120", "period"] == "2021" and p.loc["44.030", "period"] == "2020-2025"


def test_a_term_printed_by_months_the_formers_called_nguyen_xa_and_leads_without_letters(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "Xã Tân Phong được cấu thành từ toàn bộ phạm vi hai xã Tân Lập và Phong Phú.\n"
        "ĐỀ MỤC HAI – KẾT QUẢ NHIỆM KỲ (10/2020 – 6/2025)\n"
        "Từ tháng 10/2020 đến tháng 6/2025 đã cứng hóa 23,4 km đường giao thông nông thôn, gồm 12,8 km ở "
        "nguyên xã Tân Lập và 10,6 km ở nguyên xã Phong Phú. Tại Đại hội tháng 10/2020, tỷ lệ hộ nghèo của "
        "nguyên xã Tân Lập là 8,62%.\n"
        "ĐỀ MỤC BA – CHỈ TIÊU NHIỆM KỲ 2025 – 2030\n"
        "Những chỉ tiêu không được vượt quá mức nêu\n"
        "▪ Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi (đích 2030): 12%.\n"
        "▪ Tỷ lệ hộ nghèo (mọi năm): 3%.\n",
    )
    # "10/2020", "6/2025" are months, no figures; the past term is the five years before the new one
    assert not {"10", "6", "2020", "2025"} & set(p.index)
    assert p.loc["12,8 km", ["commune_id", "period"]].tolist() == ["tan_lap", "2020-2025"]
    assert p.loc["10,6 km", "commune_id"] == "phong_phu"
    assert p.loc["8,62%", ["commune_id", "period"]].tolist() == ["tan_lap", "2020"]
    # the line over the items gives them their comparator; "▪" starts an item of its own
    assert p.loc["12%", ["kind", "horizon", "comparator"]].tolist() == ["target", "level_2030", "<="]
    assert p.loc["3%", ["horizon", "comparator"]].tolist() == ["every_year", "<="]
