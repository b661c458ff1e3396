"""Strict Vietnamese number parsing, and its round trip with formatting."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiengso_stats.numbers import NumberFormatError, format_vn, parse_number, parse_printed, printed_decimals


@pytest.mark.parametrize(
    "printed, unit, expected",
    [
        ("9.199", "người", 9199),
        ("17.145", "người", 17145),
        ("60,66 km2", "km2", 60.66),
        ("1.867,2ha", "ha", 1867.2),
        ("1.559,54 ha", "ha", 1559.54),
        ("35,44 tỷ đồng", "triệu đồng", 35440),
        ("684,1 triệu đồng", "triệu đồng", 684.1),
        ("225 triệu", "triệu đồng", 225),
        ("2.600.000.000 đồng", "triệu đồng", 2600),
        ("6,28%", "%", 6.28),
        ("05", "hợp tác xã", 5),
        ("50 triệu đồng", "triệu đồng/người/năm", 50),
        ("100 %", "%", 100),
        ("03 km", "km", 3),
    ],
)
def test_parse_printed_values_of_the_report(printed, unit, expected):
    assert parse_printed(printed, unit) == pytest.approx(expected, abs=1e-12)


def test_declared_dot_decimal_is_the_only_way_to_read_105_80():
    assert parse_printed("105.80%", "%", ".") == pytest.approx(105.8)
    with pytest.raises(NumberFormatError):
        parse_printed("105.80%", "%")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("1,234.5", "kiểu Anh"),
        ("1.23", "nhóm nghìn"),
        ("12.34,5", "nhóm nghìn"),
        ("abc", "một con số"),
        ("1.2345", "nhóm nghìn"),
    ],
)
def test_bad_numbers_are_refused_with_a_vietnamese_reason(text, fragment):
    with pytest.raises(NumberFormatError) as exc:
        parse_number(text)
    assert fragment in exc.value.expected_vi


def test_unknown_or_incompatible_units_are_refused():
    with pytest.raises(NumberFormatError) as exc:
        parse_printed("12 mẫu", "ha")
    assert "đơn vị" in exc.value.expected_vi
    with pytest.raises(NumberFormatError) as exc:
        parse_printed("12 ha", "%")
    assert "tương thích" in exc.value.expected_vi


def test_format_vn():
    assert format_vn(17145) == "17.145"
    assert format_vn(140.31) == "140,31"
    assert format_vn(41.774471, 2) == "41,77"
    assert format_vn(-75) == "-75"
    assert format_vn(float("nan")) == "không có số liệu"
    assert printed_decimals("21,7%") == 1 and printed_decimals("17.145") == 0
    assert printed_decimals("105.80%", ".") == 2


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=4))
def test_format_then_parse_round_trips(units, decimals):
    value = units / 10**decimals
    text = format_vn(value, decimals)
    assert math.isclose(float(parse_number(text)), value, rel_tol=0, abs_tol=10**-decimals / 2)


def test_format_vn_rounds_half_up_like_the_office_and_says_no_data_for_missing():
    import pandas as pd

    from chiengso_stats.numbers import format_vn

    assert format_vn(79.65, 1) == "79,7"  # babel under ROUND_HALF_UP; a float f-string agrees here
    assert format_vn(2.675, 2) == "2,68"  # the printed 2,675 rounds up, whatever its binary float
    assert format_vn(pd.NA) == format_vn(None) == format_vn(float("nan")) == "không có số liệu"
    assert format_vn(-0.004, 2) == "0" and format_vn(-3.5) == "-3,5" and format_vn(1867.2) == "1.867,2"


def test_printed_tolerance_is_half_the_last_printed_digit_in_the_printed_unit():
    from chiengso_stats.numbers import printed_tolerance

    assert printed_tolerance("1,2 tỷ đồng") == 50.0  # 0,05 tỷ = 50 triệu
    assert printed_tolerance("35,44 tỷ đồng") == 5.0  # 0,005 tỷ
    assert printed_tolerance("684,1 triệu đồng") == 0.05
    assert printed_tolerance("17.145") == 0.5 and printed_tolerance("21,7%") == 0.05
