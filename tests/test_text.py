"""Text helpers, on hand-made cases (not through the loader that uses them)."""

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
