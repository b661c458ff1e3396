"""Issue 30: reading rules learnt from blind round 15 (nghia_dong_son: 55,8% / 54,1% at 01d37ac, periods 0/36;
thanh_my_loi: 96,9% / 96,1%, horizons 0/19). On made-up text with its hand-worked answers; each test fails at 6123524
(checked by running it against that commit's package)."""

from __future__ import annotations

from conftest import propose_text

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\n"
MERGER = "Từ ngày 01/7/2025 hai xã Tân Lập và Phong Phú nay là xã Tân Phong.\n"


def _propose(tmp_path, raw, body: str):
    return propose_text(tmp_path, raw, HEADING + MERGER + body)


def test_a_part_word_then_its_title_and_the_term_abbreviated(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "PHẦN KIỂM ĐIỂM NK 2020-2025\n"
        "Đường giao thông nông thôn được bê tông hóa trong NK 2020-2025: Tân Lập 12,4 km, Phong Phú 9,7 km.\n"
        "PHẦN PHƯƠNG HƯỚNG NK 2025-2030\n"
        "– Thu nhập bình quân đầu người từ 68,7 triệu đồng năm 2025 lên 95 triệu đồng trở lên năm 2030.\n",
    ).set_index("value_as_printed")
    # was 2025: "NK" named no term
    assert p.loc["12,4 km", "period"] == "2020-2025" and p.loc["9,7 km", "period"] == "2020-2025"
    # was an observation: "PHẦN PHƯƠNG HƯỚNG" named no part
    assert p.loc["95 triệu đồng", ["kind", "period", "horizon"]].tolist() == ["target", "2030", "level_2030"]
    # the level printed beside the target is 2025's, no target
    assert p.loc["68,7 triệu đồng", ["kind", "period"]].tolist() == ["observation", "2025"]


def test_parts_of_tiet_terms_and_ranges_printed_with_a_division_sign(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "Tiết 2. Nhìn lại nhiệm kỳ 2020÷2025\n"
        "Thu ngân sách trên địa bàn cộng dồn 2021÷2025 của xã Tân Lập đạt 21.460 triệu đồng.\n"
        "Tiết 3. Nhiệm kỳ 2025÷2030: mục tiêu và chỉ tiêu\n"
        "– Hợp tác xã, tăng mới: 2 ÷ 3 hợp tác xã.\n"
        "– Tạo việc làm mới, trung bình năm: 250 ÷ 300 người.\n"
        "– Thu ngân sách trên địa bàn, cộng dồn 2026÷2030: không ít hơn 52.000 triệu đồng.\n",
    ).set_index("value_as_printed")
    assert p.loc["21.460 triệu đồng", ["commune_id", "period"]].tolist() == ["tan_lap", "2020-2025"]  # was 2025
    assert p.loc["2 ÷ 3", ["value", "value_high", "comparator", "horizon"]].tolist() == [
        2.0,
        3.0,
        "range",
        "additional_2026_2030",
    ]
    assert p.loc["250 ÷ 300", ["comparator", "horizon"]].tolist() == ["range", "annual_average_2026_2030"]
    assert p.loc["52.000 triệu đồng", ["comparator", "horizon"]].tolist() == [">=", "total_2026_2030"]


def test_names_the_document_declares_for_the_former_communes(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "Trong báo cáo này, địa bàn xã Tân Lập trước đây gọi là khu vực phía Bắc, địa bàn xã Phong Phú trước đây "
        "gọi là khu vực phía Nam.\n"
        "I. KẾT QUẢ NHIỆM KỲ 2020 - 2025\n"
        "Kết nạp đảng viên mới: phía Bắc 46, phía Nam 39, cộng 85 đồng chí. "
        "Bảo hiểm y tế bao phủ 94,8% dân số, hai khu vực đều trên 93%. "
        "Năm 2021 đến năm 2025, cả hai xã năm nào cũng giao quân đạt 100% chỉ tiêu.\n",
    )
    by = p.groupby("value_as_printed").commune_id.apply(sorted)
    assert by["46"] == ["tan_lap"] and by["39"] == ["phong_phu"]  # were tan_phong: "phía Bắc" named nobody
    assert by["85"] == ["tan_phong"]  # 46 + 39 = 85: the sum of the formers' is the new commune's
    assert by["93%"] == ["phong_phu", "tan_lap"]  # "hai khu vực đều": one figure for each former commune
    # were the new commune's, 2025: "năm nào cũng" after "cả hai xã" is each's; the term printed in words
    assert by["100%"] == ["phong_phu", "tan_lap"]
    assert set(p[p.value_as_printed == "100%"].period) == {"2020-2025"}


def test_figures_given_in_the_order_of_the_communes_named_above_and_their_sum(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "I. KẾT QUẢ NHIỆM KỲ 2020 - 2025\n"
        "Giải quyết việc làm trong NK 2020-2025: 1.150 và 1.320 lao động, theo thứ tự hai xã nêu trên, tổng 2.470 "
        "lao động. Giá trị sản xuất bình quân mỗi năm tăng 7,2% ở Tân Lập và 6,8% ở Phong Phú. Đường giao thông nông thôn "
        "được bê tông hóa trong nhiệm kỳ: Tân Lập 12,4 km, Phong Phú 9,7 km. Cộng lại là 22,1 km.\n",
    ).set_index("value_as_printed")
    # were tan_phong: the order was declared after the figures
    assert p.loc["1.150", "commune_id"] == "tan_lap" and p.loc["1.320", "commune_id"] == "phong_phu"
    assert p.loc["2.470", "commune_id"] == "tan_phong"
    # was 2025: the second of two parallel rates goes on from the first, over the term
    assert p.loc["6,8%", ["commune_id", "period"]].tolist() == ["phong_phu", "2020-2025"]
    # was 2025 and no indicator: the sum after its parts of the sentence before takes their period and indicator
    assert p.loc["22,1 km", ["commune_id", "period"]].tolist() == ["tan_phong", "2020-2025"]
    assert p.loc["22,1 km", "indicator_id"] == p.loc["12,4 km", "indicator_id"] == "hardened_village_road"


def test_horizons_a_target_item_gives_its_figures(tmp_path, raw):
    p = _propose(
        tmp_path,
        raw,
        "II. PHƯƠNG HƯỚNG NHIỆM KỲ 2025 - 2030\n"
        "– Tăng thêm 3 hợp tác xã và ít nhất 4 sản phẩm OCOP 3 sao.\n"
        "– Mỗi năm: trẻ dưới 1 tuổi tiêm chủng đầy đủ từ 98% trở lên; dân số dùng nước hợp vệ sinh trên 99%.\n"
        "– Kết nạp đảng viên cộng 5 năm không dưới 150, mỗi năm ít nhất 30.\n",
    ).set_index("value_as_printed")
    assert p.loc["4", "horizon"] == "additional_2026_2030"  # was level_2030: "và" goes on with "Tăng thêm"
    assert p.loc["99%", "horizon"] == "every_year"  # was level_2030: "Mỗi năm:" leads the whole item
    # was no indicator: "mỗi năm ít nhất" only gives 30 its horizon
    assert p.loc["30", ["indicator_id", "horizon"]].tolist() == ["party_admissions", "every_year"]
    assert p.loc["150", ["indicator_id", "horizon"]].tolist() == ["party_admissions", "total_2026_2030"]
