"""Issue 30: reading rules learnt from blind round 10 (van_phong: report alone 0% at a13231d, its merger not read;
dien_hai: 81,7% recall, 93,9% precision), each on a made-up document of a few lines (no corpus document's text)
with its hand-worked answer; and what round 9's lam_phuong still lost after stop 33 (its targets under a title in
sentence case, its appendix's PDF whose narrow cell wraps "Lam Phượn g"). Checked by running this file against
4a08f0b's package (the commit before these rules): every test fails there but the guard that nothing is guessed
without the heading's commune, which passes on both."""

from __future__ import annotations

import chiengso_stats as cs
from chiengso_stats.ingest.merger_reading import merger

from conftest import propose_text, write_docx

HEADING = "ĐẢNG ỦY XÃ TÂN PHONG\nBÁO CÁO CHÍNH TRỊ (VÍ DỤ)\n"
MERGER = "Xã Tân Phong được thành lập trên cơ sở nhập xã Tân Lập và xã Phong Phú.\n"
PAST = "I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NHIỆM KỲ 2020 - 2025\n"
FUTURE = "II. ĐỊNH HƯỚNG NHIỆM KỲ 2025 - 2030\n"


def _propose(tmp_path, raw, text: str):
    return propose_text(tmp_path, raw, HEADING + MERGER + text)


def test_the_heading_commune_named_after_two_others_is_their_merger_whatever_the_words():
    sentence = "Theo Nghị quyết, hai xã Tân Lập và Phong Phú cùng góp toàn bộ đất đai, dân cư để lập nên xã Tân Phong."
    # was ('', []): no word of merging in the sentence
    assert merger(sentence, (), ["ĐẢNG ỦY XÃ TÂN PHONG"]) == ("Tân Phong", ["Tân Lập", "Phong Phú"])


def test_without_the_heading_commune_nothing_is_guessed():
    sentence = "Theo Nghị quyết, hai xã Tân Lập và Phong Phú cùng góp toàn bộ đất đai, dân cư để lập nên xã Tân Phong."
    assert merger(sentence, (), []) == ("", [])
    # the heading names another commune: not this document's merger
    assert merger(sentence, (), ["ĐẢNG ỦY XÃ HÒA BÌNH"]) == ("", [])


def test_whose_figure_a_commune_named_after_it_is(tmp_path, raw):
    text = PAST + (
        "Đảng bộ xã có 687 đảng viên, trong đó 386 đảng viên chuyển từ Đảng bộ xã Tân Lập.\n"
        "Tổng đàn gia súc năm 2025 là 4.860 con, đông nhất ở Phong Phú với 1.890 con.\n"
        "Tỷ lệ hộ nghèo của Tân Lập từ 3,86% xuống 0,96%, còn 22 hộ; của Phong Phú từ 5,12% xuống 1,28%.\n"
        "Nhân dân cứng hóa 12,4 km đường ở Tân Lập và 9,7 km ở Phong Phú, tổng cộng 22,1 km.\n"
        "Hợp tác xã: Tân Lập và Phong Phú mỗi nơi có 2.\n"
    )
    p = _propose(tmp_path, raw, text)
    owner = p.groupby("value_as_printed")["commune_id"].apply(sorted).to_dict()
    assert owner["687"] == ["tan_phong"]  # was tan_lap: the name after it is 386's, the nearer figure's
    assert owner["386"] == ["tan_lap"]
    assert owner["4.860"] == ["tan_phong"]  # was phong_phu: a comma ends its clause
    assert owner["22"] == ["tan_lap"]  # was phong_phu: the clause after the ';' is the next commune's
    assert owner["22,1 km"] == ["tan_phong"]  # was phong_phu: the sum after the parts
    assert owner["2"] == ["phong_phu", "tan_lap"]  # was tan_phong: "mỗi nơi" gives one to each


def test_periods_of_the_terms_first_and_last_year_and_of_a_breakdown(tmp_path, raw):
    text = PAST + (
        "Tân Lập nâng sản lượng lương thực từ 9.280 tấn năm đầu nhiệm kỳ lên 9.640 tấn năm cuối nhiệm kỳ, "
        "năng suất lúa 62,4 tạ/ha.\n"
        "Ba xã năm nào cũng giao quân đủ chỉ tiêu, 5 năm có 112 thanh niên nhập ngũ; trong đó Tân Lập 64, "
        "Phong Phú 48 thanh niên.\n"
    )
    p = _propose(tmp_path, raw, text).set_index("value_as_printed")
    assert p.loc["9.280", "period"] == "2020"
    assert p.loc["9.640", "period"] == "2025"  # was 2020
    assert p.loc["62,4", "period"] == "2025"  # was 2020-2025: "nhiệm kỳ" named the term's ends
    assert p.loc["64", "period"] == "2020-2025"  # was 2025: a part of the term's total before it


def test_targets_under_dinh_huong_their_horizons_and_comparators(tmp_path, raw):
    text = FUTURE + (
        "Mỗi năm kết nạp từ 20 đảng viên trở lên, cả nhiệm kỳ ít nhất 100 đảng viên.\n"
        "Năm nào tỷ lệ dân số tham gia bảo hiểm y tế cũng trên 96%.\n"
        "Tỷ lệ hộ nghèo mỗi năm giảm từ 0,5 đến 0,8 điểm phần trăm, đến cuối năm 2030 thấp hơn 1,5%.\n"
        "Tỷ lệ che phủ rừng không để thấp hơn 47% trong bất cứ năm nào.\n"
    )
    p = _propose(tmp_path, raw, text).set_index("value_as_printed")
    assert set(p["kind"]) == {"target"}  # was observation: "ĐỊNH HƯỚNG" titles the part of targets
    assert p.loc["20", "horizon"] == "every_year"
    assert p.loc["100", "horizon"] == "total_2026_2030"  # was every_year: its own words say the term
    assert p.loc["96%", "horizon"] == "every_year"  # "Năm nào … cũng"
    assert p.loc["1,5%", ["horizon", "comparator"]].tolist() == ["level_2030", "<"]  # was every_year, ">"
    assert p.loc["47%", ["horizon", "comparator"]].tolist() == ["every_year", ">="]  # was level_2030, ">"


def test_a_sentence_of_size_names_its_bare_figures_by_their_units(tmp_path, raw):
    text = PAST + "Khi về chung, Tân Phong có 39,33 km2 đất tự nhiên, 15.347 người thuộc 4.171 hộ.\n"
    p = _propose(tmp_path, raw, text).set_index("value_as_printed")
    assert p.loc["39,33 km2", "indicator_id"] == "natural_area"
    assert p.loc["15.347", "indicator_id"] == "population"  # was none
    assert p.loc["4.171", "indicator_id"] == "households"  # was none


def test_slash_labels_are_no_figures(tmp_path, raw):
    text = "PHẦN 1 - KẾT QUẢ NHIỆM KỲ 2020 - 2025\n1/ Đặc điểm địa bàn\nXã có 21 thôn.\n2/ Các chỉ tiêu chủ yếu\n"
    p = _propose(tmp_path, raw, text)
    assert p["value_as_printed"].tolist() == ["21"]  # was also 1 and 2 ("2/ Các chỉ tiêu": a count of targets)


def test_a_table_grouped_by_commune_named_in_the_first_row_of_each_group_only(tmp_path, raw):
    grid = [
        ["Đơn vị", "Chỉ tiêu", "ĐVT", "Năm 2020", "Năm 2025"],
        ["Tân Lập", "Sản lượng lúa", "Tấn", "3.805", "4.120"],
        ["", "Tỷ lệ hộ nghèo", "%", "5,48", "1,61"],
        ["Phong Phú", "Sản lượng lúa", "Tấn", "3.350", "3.560"],
        ["", "Tỷ lệ hộ nghèo", "%", "6,92", "2,33"],
    ]
    path = write_docx(tmp_path / "bao_cao.docx", [HEADING.strip(), MERGER.strip(), PAST.strip(), grid])
    got = cs.propose(path, raw).set_index("value_as_printed")
    # was: the commune column read as a row per commune, the indicator from the header, blank rows lost
    assert got.loc["3.805", ["commune_id", "period"]].tolist() == ["tan_lap", "2020"]
    assert got.loc["1,61", ["commune_id", "period", "indicator_id"]].tolist() == ["tan_lap", "2025", "poverty_rate"]
    assert got.loc["6,92", ["commune_id", "period"]].tolist() == ["phong_phu", "2020"]


def test_a_cell_of_two_figures_joined_by_an_arrow_is_the_terms_first_and_last_year(tmp_path, raw):
    grid = [
        ["TT", "Chỉ tiêu", "ĐVT", "Tân Lập", "Phong Phú", "Tân Phong"],
        ["1", "Sản lượng lương thực", "tấn", "9.280 → 9.640", "7.050 → 7.215", "16.855"],
    ]
    title = "Số liệu đầu và cuối nhiệm kỳ 2020 - 2025"
    path = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ)", title, grid])
    got = cs.propose(path, raw).set_index("value_as_printed")
    assert got.loc["9.280", "period"] == "2020"  # was 2025
    assert got.loc["9.640", "period"] == "2025"
    assert got.loc["7.050", ["commune_id", "period"]].tolist() == ["phong_phu", "2020"]


CORPUS = __import__("pathlib").Path(__file__).parent / "fixtures" / "onboarding_vi_du"


def test_a_pdf_tables_header_row_alone_at_a_pages_foot_heads_the_rows_on_the_next_page():
    from chiengso_stats.ingest.documents import Table, document_blocks

    tables = [b for b in document_blocks(CORPUS / "dien_hai_vi_du_fallback.pdf") if isinstance(b, Table)]
    # was dropped as a table of one row: the rows under it were read without their years
    assert tables[0].grid()[0] == ["Đơn vị", "Chỉ tiêu", "ĐVT", "Năm 2020", "Năm 2025"]
    assert tables[0].grid()[1][:2] == ["Hải Xuân Nam", "Sản lượng lúa"]


def test_a_word_wrapped_in_a_narrow_pdf_cell_is_one_word():
    from chiengso_stats.ingest.documents import Table, document_blocks

    tables = [b for b in document_blocks(CORPUS / "lam_phuong_phu_luc_vi_du.pdf") if isinstance(b, Table)]
    assert tables[0].grid()[0][-1] == "Lam Phượng"  # was "Lam Phượn g": the commune unknown, 0 of 71 figures


def test_a_short_line_begun_as_a_part_title_in_sentence_case_heads_the_targets(tmp_path, raw):
    text = "Những việc đã làm được\nXã có 21 thôn.\nPhương hướng và các chỉ tiêu chủ yếu đến năm 2030\n"
    text += "Thu nhập bình quân đầu người đến năm 2030 đạt 85 triệu đồng trở lên.\n"
    p = _propose(tmp_path, raw, text).set_index("value_as_printed")
    assert p.loc["21", "kind"] == "observation"
    assert p.loc["85 triệu đồng", ["kind", "horizon"]].tolist() == ["target", "level_2030"]  # was an observation


def test_a_table_row_named_by_a_weak_name_alone(tmp_path, raw):
    grid = [
        ["TT", "Chỉ tiêu", "ĐVT", "Tân Lập", "Phong Phú", "Tân Phong"],
        ["1", "Đảng viên", "người", "297", "259", "556"],
        ["2", "Thu NS trên địa bàn", "tr.đ", "21.460", "15.780", "37.240"],
    ]
    title = "Số liệu năm 2025"
    path = write_docx(tmp_path / "phu_luc.docx", ["ĐẢNG ỦY XÃ TÂN PHONG", "PHỤ LỤC (VÍ DỤ)", title, grid])
    got = cs.propose(path, raw).set_index("value_as_printed")
    assert got.loc["297", "indicator_id"] == "party_members"  # was none: "đảng viên" is a weak name
    assert got.loc["37.240", "indicator_id"] == "local_budget_revenue"  # was none: "Thu NS"
