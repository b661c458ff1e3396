"""Text helpers, on hand-made cases (not through the loader that uses them)."""

import re
import sys

from chiengso_stats.text import contains_token, normalise, vietnamese_sort_key


def test_contains_token_finds_a_number_only_where_it_stands_alone():
    assert contains_token("đạt 14/19 chỉ tiêu", "14") and contains_token("đạt 14/19 chỉ tiêu", "19")
    assert not contains_token("năm 2014", "14")  # inside a longer number
    assert not contains_token("đạt 14,5%", "14")  # the start of a decimal
    assert not contains_token("1.250 triệu", "250")  # a thousands group
    assert contains_token("đạt 14.", "14")  # a full stop ends the sentence, not a group
    assert contains_token("60,66 km2, quy mô", "60,66 km2")
    assert not contains_token("anything", "")


def test_normalise_folds_forms_and_spaces():
    assert normalise("Chie\u0302\u0300ng\u00a0So\u031b\n  mới") == "Chiềng Sơ mới"


def test_vietnamese_order_puts_d_with_d_and_ignores_accents():
    words = ["Tỷ lệ", "Đường", "Diện tích", "Thu", "Ân"]
    assert sorted(words, key=vietnamese_sort_key) == ["Ân", "Diện tích", "Đường", "Thu", "Tỷ lệ"]


def test_normalise_folds_every_kind_of_white_space_as_before():
    # normalise() joins str.split() since 2026-11 (it was re.sub(r"\s+", " ", ...)); both see the same 29
    # white-space characters, no-break space included, and a zero-width space is none of them.
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()] and len(spaces) == 29
    assert normalise(" quy mô\u00a0dân\u2003số\n\t9.199 người ") == "quy mô dân số 9.199 người"
    assert normalise("a\u200bb") == "a\u200bb"


def test_a_date_reads_as_a_paper_writes_it():
    from chiengso_stats.text import date_words

    assert date_words("2027-01-15") == "ngày 15 tháng 01 năm 2027"
    assert date_words("2028-01") == "tháng 01 năm 2028"
    assert date_words("2028") == "năm 2028"
    # Nghị định 30/2020: the months 1 and 2 and a day below 10 take a 0, no other month does (office trial)
    assert date_words("2027-03-05") == "ngày 05 tháng 3 năm 2027"
    assert date_words("2027-12-20") == "ngày 20 tháng 12 năm 2027"
    assert date_words("2027-02-15") == "ngày 15 tháng 02 năm 2027"
    assert date_words(" 2025 ") == "năm 2025"
    assert date_words("Ví dụ kiểm thử") == "Ví dụ kiểm thử"  # not a date: as it is
