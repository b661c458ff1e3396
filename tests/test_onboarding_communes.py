"""Issue 30, case 2: whose figure it is. A document that does not state its merger never gives its figures
to the project's commune; merger sentences in many wordings; "(mới)" / "(cũ)"; several communes in one
sentence; the review workbook's "Xã" sheet and accept."""

from __future__ import annotations

import docx
import pytest
from openpyxl import load_workbook

import chiengso_stats as cs
from chiengso_stats.cli import main
from chiengso_stats.ingest.proposals import NO_COMMUNE_VI, propose_communes
from chiengso_stats.ingest.review import COMMUNES_SHEET, read_reviewed


@pytest.fixture(scope="module")
def raw():
    return cs.load_raw()


def _txt(tmp_path, text: str, name: str = "bao_cao.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


NO_MERGER = (
    "ĐẢNG BỘ XÃ MƯỜNG TẤU\nBÁO CÁO CHÍNH TRỊ\n"
    "Năm 2025, thu ngân sách trên địa bàn đạt 1.250 triệu đồng. Tỷ lệ hộ nghèo còn 12,4%.\n"
)


def test_a_report_without_a_merger_sentence_gives_no_commune_and_says_why(tmp_path, raw):
    path = _txt(tmp_path, NO_MERGER)
    p = cs.propose(path, raw)
    assert p.value_as_printed.tolist() == ["1.250 triệu đồng", "12,4%"]
    assert p.commune_id.tolist() == ["", ""]  # never 'chieng_so_moi', the project's own commune
    assert (p.note == NO_COMMUNE_VI).all() and "--commune" in NO_COMMUNE_VI
    assert propose_communes(path, raw).empty


def test_propose_commune_names_the_new_commune(tmp_path, raw):
    p = cs.propose(_txt(tmp_path, NO_MERGER), raw, commune="Mường Tấu")
    assert p.commune_id.tolist() == ["muong_tau", "muong_tau"] and (p.note == "").all()
    # a known commune, by its id: its former communes come with it
    frame = propose_communes(_txt(tmp_path, NO_MERGER), raw, commune="chieng_so_moi")
    assert frame[["commune_id", "role"]].values.tolist() == [
        ["chieng_so", "former"],
        ["yen_hung", "former"],
        ["chieng_so_moi", "merged"],
    ]


WORDINGS = [
    "Xã Tà Xùa được thành lập trên cơ sở nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Háng Đồng và xã Tà Xùa.",
    "Xã Tà Xùa được sắp xếp từ xã Háng Đồng và xã Tà Xùa theo Nghị quyết số 1681/NQ-UBTVQH15.",
    "Xã Tà Xùa (mới) được thành lập trên cơ sở hợp nhất xã Háng Đồng, xã Tà Xùa.",
    "Năm 2025, thực hiện chủ trương của Trung ương, hợp nhất các xã Háng Đồng và Tà Xùa thành xã Tà Xùa.",
    "Thực hiện Nghị quyết, nhập toàn bộ diện tích tự nhiên và dân số của xã Háng Đồng vào xã Tà Xùa.",
]


@pytest.mark.parametrize("sentence", WORDINGS)
def test_merger_sentences_in_many_wordings(tmp_path, raw, sentence):
    frame = propose_communes(_txt(tmp_path, f"BÁO CÁO CHÍNH TRỊ\n{sentence}\n"), raw)
    assert frame[["commune_id", "name_vi", "role", "merged_into"]].values.tolist() == [
        ["hang_dong", "Háng Đồng (cũ)", "former", "ta_xua_moi"],
        ["ta_xua", "Tà Xùa (cũ)", "former", "ta_xua_moi"],
        ["ta_xua_moi", "Tà Xùa (mới)", "merged", ""],
    ]


def test_a_table_of_the_former_communes_states_the_merger(tmp_path, raw):
    d = docx.Document()
    d.add_paragraph("ĐẢNG BỘ XÃ BẢN LÈ")
    t = d.add_table(rows=3, cols=3)
    for r, cells in enumerate(
        [["STT", "Xã trước sắp xếp", "Dân số (người)"], ["1", "Xã Pú Bẩu", "4.120"], ["2", "Nà Sành", "3.305"]]
    ):
        for c, text in enumerate(cells):
            t.cell(r, c).text = text
    d.save(tmp_path / "b.docx")
    frame = propose_communes(tmp_path / "b.docx", raw)
    assert frame[["commune_id", "role", "merged_into"]].values.tolist() == [
        ["pu_bau", "former", "ban_le"],
        ["na_sanh", "former", "ban_le"],
        ["ban_le", "merged", ""],
    ]


MERGER = (
    "Xã Tà Xùa được sắp xếp từ xã Háng Đồng và xã Tà Xùa. "
    "Dân số xã Tà Xùa (cũ) là 4.210 người; dân số xã Tà Xùa (mới) là 7.350 người; "
    "diện tích xã Tà Xùa sau sắp xếp là 152,3 km2.\n"
)


def test_new_and_former_communes_of_one_name_are_told_apart_by_their_marks(tmp_path, raw):
    p = cs.propose(_txt(tmp_path, MERGER), raw).set_index("value_as_printed")
    assert p.loc["4.210", "commune_id"] == "ta_xua"
    assert p.loc["7.350", "commune_id"] == "ta_xua_moi"
    assert p.loc["152,3 km2", "commune_id"] == "ta_xua_moi"


def test_several_communes_in_one_sentence(tmp_path, raw):
    text = MERGER + (
        "Tỷ lệ che phủ rừng của xã Háng Đồng đạt 38,6%, xã Tà Xùa đạt 47,1%. "
        "Số hộ của xã Háng Đồng và xã Tà Xùa lần lượt là 2.140 và 1.975 hộ. "
        "Tỷ lệ trẻ em đi học đúng độ tuổi cả hai xã đều đạt trên 90%.\n"
    )
    p = cs.propose(_txt(tmp_path, text), raw)
    owners = p.groupby("value_as_printed", sort=False).commune_id.apply(list).to_dict()
    assert owners["38,6%"] == ["hang_dong"] and owners["47,1%"] == ["ta_xua"]
    assert owners["2.140"] == ["hang_dong"] and owners["1.975"] == ["ta_xua"]
    assert owners["90%"] == ["hang_dong", "ta_xua"]  # one figure for each former commune


def test_the_communes_sheet_takes_the_merger_roles_and_accept_reads_them(tmp_path, raw):
    path = _txt(tmp_path, MERGER)
    book = tmp_path / "ra_soat.xlsx"
    assert main(["propose", str(path), "--out", str(book), "--reports", str(tmp_path)]) == 0
    ws = load_workbook(book)[COMMUNES_SHEET]
    rows = [[c.value for c in row[1:5]] for row in ws.iter_rows(min_row=2, max_row=4)]
    assert rows == [
        ["hang_dong", "Háng Đồng (cũ)", "xã cũ", "ta_xua_moi"],
        ["ta_xua", "Tà Xùa (cũ)", "xã cũ", "ta_xua_moi"],
        ["ta_xua_moi", "Tà Xùa (mới)", "xã mới", None],
    ]


def test_accept_flags_a_former_commune_without_its_new_one_and_does_not_crash(tmp_path, raw):
    # every commune marked 'xã cũ' (what the workbook wrote before): a message, not AttributeError '_row'
    path = _txt(tmp_path, MERGER)
    book = tmp_path / "ra_soat.xlsx"
    assert main(["propose", str(path), "--out", str(book), "--reports", str(tmp_path)]) == 0
    wb = load_workbook(book)
    ws = wb[COMMUNES_SHEET]
    ws["D4"], ws["E2"] = "xã cũ", ""
    wb.save(book)
    with pytest.raises(cs.RawDataError) as err:
        read_reviewed(book, raw.indicators, path)
    assert "trang 'Xã', ô E2: đang ghi '(trống)'; cần mã của một xã mới đã nhận" in str(err.value)


def test_propose_says_why_no_commune_is_given(tmp_path, capsys):
    book = tmp_path / "ra_soat.xlsx"
    assert main(["propose", str(_txt(tmp_path, NO_MERGER)), "--out", str(book)]) == 0
    err = capsys.readouterr().err
    assert "Không tìm thấy câu sáp nhập" in err and "--commune" in err and "no commune guessed" in err
    ws = load_workbook(book)["Số liệu đề xuất"]
    assert {ws.cell(row=r, column=4).value for r in (12, 13)} == {None}  # the commune id cells stay empty
