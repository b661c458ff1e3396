"""Issue 30, case 5: periods of observations and horizons of targets, read from cue words kept as data."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import chiengso_stats as cs
from chiengso_stats.ingest.review import _horizon

REPORT = """BÁO CÁO CHÍNH TRỊ NHIỆM KỲ 2025-2030
Xã Tà Xùa được sắp xếp từ xã Háng Đồng và xã Mường Khoa.
Phần thứ hai
KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NHIỆM KỲ 2020-2025
Xã Háng Đồng: tỷ lệ hộ nghèo giảm từ 21,7% năm 2020 xuống còn 13,2%.
Xã Háng Đồng kết nạp 38 đảng viên mới.
Xã Háng Đồng đạt 13/16 chỉ tiêu; xã Mường Khoa đạt 15/17 chỉ tiêu.
Xã Mường Khoa đã cứng hóa 9,8 km đường giao thông nông thôn với tổng kinh phí 4.200 triệu đồng.
Tổng đàn gia súc của xã Mường Khoa đến cuối năm 2024 đạt 6.850 con.
Phần thứ ba
PHƯƠNG HƯỚNG NHIỆM KỲ 2025-2030
(1) Thu ngân sách trên địa bàn cả nhiệm kỳ đạt 1.800 triệu đồng trở lên, bình quân 360 triệu đồng/năm.
(2) Kết nạp từ 120 đảng viên mới trở lên.
(3) Hằng năm có 95% trở lên tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.
(4) Tỷ lệ che phủ rừng đạt 52%.
(5) Có thêm 02 hợp tác xã.
"""


@pytest.fixture(scope="module")
def proposed(tmp_path_factory):
    path = tmp_path_factory.mktemp("ky") / "bao_cao.txt"
    path.write_text(REPORT, encoding="utf-8")
    p = cs.propose(path, cs.load_raw())
    return {(c, v): row for c, v, row in zip(p.commune_id, p.value_as_printed, p.itertuples())}


@pytest.mark.parametrize(
    "commune, printed, period",
    [
        ("hang_dong", "21,7%", "2020"),  # "giảm từ 21,7% năm 2020": the year printed after it
        ("hang_dong", "13,2%", "2025"),  # "xuống còn 13,2%": the term's end
        ("hang_dong", "38", "2020-2025"),  # "kết nạp": admissions of the term
        ("hang_dong", "13", "2020-2025"),  # "đạt 13/16 chỉ tiêu": the resolution's results over the term
        ("muong_khoa", "15", "2020-2025"),  # the same for the next commune
        ("muong_khoa", "9,8 km", "2020-2025"),  # "đã cứng hóa": done during the term
        ("muong_khoa", "4.200 triệu đồng", "2020-2025"),  # its funding
        ("muong_khoa", "6.850", "2024"),  # "đến cuối năm 2024 đạt 6.850 con"
    ],
)
def test_periods_of_the_past_term(proposed, commune, printed, period):
    assert proposed[(commune, printed)].period == period


@pytest.mark.parametrize(
    "printed, horizon",
    [
        ("1.800 triệu đồng", "total_2026_2030"),  # "cả nhiệm kỳ"
        ("360 triệu đồng", "annual_average_2026_2030"),  # "bình quân … /năm"
        ("120", "total_2026_2030"),  # "kết nạp"
        ("95%", "every_year"),  # "Hằng năm"
        ("52%", "level_2030"),
        ("02", "additional_2026_2030"),  # "có thêm"
    ],
)
def test_horizons_of_targets(proposed, printed, horizon):
    assert proposed[("ta_xua", printed)].horizon == horizon


def test_accept_takes_the_horizon_the_officer_chose():
    row = SimpleNamespace(comparator=">=", quote="Thu ngân sách đạt 1.800 triệu đồng", indicator_vi="", period="2030")
    assert _horizon(row) == (">=", "level_2030")  # read from the words, as before
    row.horizon = "tổng cả nhiệm kỳ"
    assert _horizon(row) == (">=", "total_2026_2030")


def test_the_wrong_indicators_of_the_issue_are_fixed(tmp_path):
    # issue 30, case 6: road work-days are not the footbridge's; "9/13 bản đạt chuẩn văn hóa" gives 13 villages,
    # not 9; "còn 05 chỉ tiêu chưa đạt" are targets not achieved
    path = tmp_path / "bao_cao.txt"
    path.write_text(
        "Xã Tà Xùa được sắp xếp từ xã Háng Đồng và xã Mường Khoa.\nPhần thứ hai\n"
        "Xã Háng Đồng đạt 12/17 chỉ tiêu nghị quyết, còn 05 chỉ tiêu chưa đạt. "
        "Số bản đạt tiêu chuẩn văn hóa: xã Háng Đồng 9/13 bản. "
        "Xã Mường Khoa đã cứng hóa 9,8 km đường giao thông, nhân dân đóng góp 1.200 ngày công.\n",
        encoding="utf-8",
    )
    p = cs.propose(path, cs.load_raw()).set_index("value_as_printed").indicator_id
    assert p["05"] == "resolution_targets_not_achieved"
    assert (p["9"], p["13"]) == ("", "villages")
    assert p["1.200"] == ""  # no catalogue indicator: a new one for the officer (sheet "Chỉ tiêu mới")
