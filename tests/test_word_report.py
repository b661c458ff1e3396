"""The yearly report as a Word document (issue 21): official form, figures worked by hand, Writer's rendering.

The example forms 2026-2028 (tests/fixtures/theo_doi_vi_du/, VÍ DỤ) go into a copy of data/raw.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from chiengso_stats import config
from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.analysis.targets import gap_table
from chiengso_stats.cli import main
from chiengso_stats.ingest.raw import load_raw
from chiengso_stats.ingest.sources import UNVERIFIED_NOTE
from chiengso_stats.publish import report_text as rt
from chiengso_stats.publish import word_report as wr
from chiengso_stats.publish.office import page_png, pdf_text, to_pdf

FORMS = Path(__file__).parent / "fixtures" / "theo_doi_vi_du"
TITLE_2028 = "Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội Đảng bộ xã Chiềng Sơ năm 2028"


def _monitored(dest: Path) -> Path:
    shutil.copytree(config.RAW_DIR, dest)
    (dest / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FORMS / f"{year}.xlsx", dest / "monitoring" / f"{year}.xlsx")
    return dest


def _report(raw: Path, out: Path, *args: str) -> Path:
    assert main(["--raw", str(raw), "report", *args, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The 2028 report from the example forms, and Writer's PDF of it."""
    tmp = tmp_path_factory.mktemp("word")
    raw = _monitored(tmp / "raw")
    docx = _report(raw, tmp / "bao_cao_ket_qua_nam_2028.docx", "--year", "2028")
    (pdf,) = to_pdf([docx], tmp / "pdf")
    return dict(raw=raw, docx=docx, pdf=pdf, tmp=tmp)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bases(style):
    while style is not None:
        yield style
        style = style.base_style


def _docx_text(path: Path) -> str:
    doc = Document(path)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return _flat(" ".join([p.text for p in doc.paragraphs] + cells))


# ---------------------------------------------------------------- the form, read with python-docx
def test_a4_margins_within_the_decree_and_times_new_roman_14(made):
    doc = Document(made["docx"])
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    top, bottom, left, right = (round(m.mm, 1) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin))
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    assert (top, bottom, left, right) == (20, 20, 30, 15)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    # the template's theme fonts would win over the name: every slot names Times New Roman, no theme left
    cells = [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    used = {p.style.style_id: p.style for p in [*doc.paragraphs, *cells, *doc.sections[0].header.paragraphs]}
    used |= {t.style.style_id: t.style for t in doc.tables}
    chain = [s for style in used.values() for s in _bases(style)]
    assert {s.name for s in chain} >= {"Normal", "Table Grid"}
    for style in chain:
        for rfonts in style.element.iter(qn("w:rFonts")):
            assert not any(k.lower().endswith("theme") for k in rfonts.attrib), (style.name, rfonts.attrib)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    # no run names another font; body paragraphs are 13-14 pt (sizes below 13 are the table, notes, recipients)
    assert {r.font.name for p in doc.paragraphs for r in p.runs} <= {None, "Times New Roman"}
    body = [p for p in doc.paragraphs if len(p.text) > 80 and not p.text.startswith(("Ghi chú", "(*)"))]
    assert len(body) >= 10
    assert {(r.font.size or normal.font.size).pt for p in body for r in p.runs} <= {13, 14}


def test_page_numbers_from_page_2_as_a_page_field(made):
    doc = Document(made["docx"])
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    header = s.header._element
    assert [i.text for i in header.iter(qn("w:instrText"))] == [" PAGE "]
    assert [f.get(qn("w:fldCharType")) for f in header.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
    assert s.header.paragraphs[0].alignment == 1  # centred
    assert (
        not list(s.first_page_header._element.iter(qn("w:fldChar"))) and not s.first_page_header.is_linked_to_previous
    )


def test_tables_stay_in_the_text_block_and_the_header_row_repeats(made):
    doc = Document(made["docx"])
    text_width = Mm(210 - 30 - 15)
    for table in doc.tables:
        grid = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol")))
        assert grid <= text_width.twips + 1
    data = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in data.rows[0].cells] == [
        "STT",
        "Chỉ tiêu",
        "ĐVT",
        "Chỉ tiêu năm 2030",
        "Thực hiện năm 2025",
        "Thực hiện năm 2026",
        "Thực hiện năm 2027",
        "Thực hiện năm 2028",
        "So với chỉ tiêu (%)",
        "Đánh giá tiến độ",
    ]
    assert data.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in data.rows[1:])
    assert len(data.rows) == 1 + 36
    forest = next(r for r in data.rows if r.cells[1].text.startswith("(5) "))
    # Vietnamese numbers: 41,774… -> 41,77; 43,5 / 45 = 96,67% -> 96,7
    assert [c.text for c in forest.cells[2:]] == [
        "%",
        "Từ 45% trở lên",
        "41,77",
        "42,3",
        "42,9",
        "43,5",
        "96,7",
        "Chậm tiến độ",
    ]
    budget = next(r for r in data.rows if r.cells[1].text.startswith("(1) "))
    # the last term's 1.051 is a reference in the rating's words, never under "Thực hiện năm 2025"
    assert [c.text for c in budget.cells[4:8]] == ["-", "240", "260", "245"]
    assert not any("1.051" in c.text for c in budget.cells)


def test_header_block_and_closing_in_the_party_form(made):
    doc = Document(made["docx"])
    left, right = (c.text for c in doc.tables[0].rows[0].cells)
    assert left.split("\n") == ["ĐẢNG BỘ TỈNH SƠN LA", "ĐẢNG ỦY XÃ CHIỀNG SƠ", "*"]  # from communes.csv
    assert right == "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto = doc.tables[0].rows[0].cells[1].paragraphs[0].runs[0]
    assert motto.bold and motto.underline
    number, place = (c.text for c in doc.tables[1].rows[0].cells)
    assert re.fullmatch(r"Số +-BC/ĐU", number) and re.fullmatch(
        r"Chiềng Sơ, ngày +tháng +năm 2029", place
    )  # issued the next year
    assert doc.tables[1].rows[0].cells[1].paragraphs[0].runs[0].italic
    closing = doc.tables[-1].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:" and closing[0].paragraphs[0].runs[0].underline
    assert "- Ban Thường vụ Tỉnh ủy Sơn La (b/c)," in closing[0].text
    assert closing[1].text.split("\n") == ["T/M ĐẢNG ỦY", "BÍ THƯ"]  # the name left blank


# ---------------------------------------------------------------- Writer's rendering
def test_writer_renders_the_title_and_the_hand_worked_figures(made):
    text = _flat(pdf_text(made["pdf"]))
    assert "BÁO CÁO" in text and TITLE_2028 in text
    # (5) forest cover: 43,5% in 2028, 41,774% in 2025; 43,5 / 45 = 96,67%
    assert "năm 2028 đạt 43,5% (năm 2025: 41,77%), mục tiêu từ 45% trở lên, bằng 96,7% mục tiêu" in text
    # (1) budget: 240 + 260 + 245 = 745 against 1.250 × 3/5 = 750: 99,33%
    assert "lũy kế 2026-2028 đạt 745 triệu đồng, bằng 99,3% mức cần đạt của 3 năm (750 triệu đồng)" in text
    # at the pace so far: 745 / 3 × 5 = 1.241,67 over the term
    # said with its verdict: 1.241,67 < 1.250 (office trial: "đạt tiến độ" read as a contradiction without it)
    assert "với tốc độ hiện nay, cả nhiệm kỳ ước đạt 1.241,67 triệu đồng, chưa đạt mục tiêu" in text
    # III: (18a) (200 - 103) / 2 = 48,5 people a year; (5) 43,5 × (45/43,5)^(1/2) = 44,24% in 2029;
    # (9) 65 × (85/65)^(1/2) = 74,33%
    assert "49 người mỗi năm từ năm 2029 đến năm 2030" in text  # a count needed is written whole, up
    assert "44,24% năm 2029 (để từ 43,5% năm 2028 đạt 45% vào năm 2030)" in text
    assert "74,33% năm 2029" in text
    assert "Nơi nhận:" in text and "T/M ĐẢNG ỦY" in text
    assert "Biểu theo dõi thực hiện chỉ tiêu nghị quyết năm 2027" in text  # the sources, by title


def test_snapshot_of_the_category_counts_as_of_2028(made):
    # snapshot: the same counts as test_monitoring's snapshot of the example forms
    text = _flat(pdf_text(made["pdf"]))
    assert (
        "Đến hết năm 2028, trong 35 chỉ tiêu ((1) và (1b) là một chỉ tiêu, tính một lần): 4 chỉ tiêu đạt tiến độ, 3 chỉ tiêu chậm tiến độ, 1 chỉ tiêu kém hơn "
        "kỳ gốc, 3 chỉ tiêu đã đạt chỉ tiêu năm 2030, 2 chỉ tiêu không đạt, 22 chỉ tiêu chưa đủ số liệu để đánh "
        "giá." in text
    )
    # the list holds what the counts say, 1 + 2 + 3 = 6, furthest behind first: (9) moving away,
    # 65% against 85% from 67,32%: (85 - 65) / (85 - 67,32) = 113,1% of its way still to go
    heading = (
        "Các chỉ tiêu chưa đạt tiến độ (6 chỉ tiêu: kém hơn kỳ gốc, không đạt, chậm tiến độ), xếp từ xa mục tiêu nhất:"
    )
    behind = text.split(heading)[1]
    assert behind.lstrip().startswith("- (9) Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa (kém hơn kỳ gốc)")
    listed = behind.split("Chưa đủ số liệu các năm")[0]
    assert [t for t in ("(9)", "(8)", "(18a)", "(5)", "(17a)", "(11a)") if f"- {t} " in listed] == [
        "(9)",
        "(8)",
        "(18a)",
        "(5)",
        "(17a)",
        "(11a)",
    ] and listed.count("- (") == 6


def test_one_target_printed_as_two_rows_is_counted_once(made):
    """(1) 'Thu ngân sách … 1.250 triệu đồng (bình quân 250 triệu/năm)' is one target of the resolution, printed as
    (1) over the term and (1b) its yearly average (250 × 5 = 1.250, same place). Rows on track in 2028: (1), (1b),
    (11b), (13b), (15), five rows and four targets; 36 rows, 35 targets (before: '36 chỉ tiêu: 5 … đạt tiến độ')."""
    from chiengso_stats.analysis.facts import counted, restated

    gaps = gap_table(load_raw(made["raw"]), reconcile(load_raw(made["raw"])), as_of=2028)
    assert restated(gaps) == {"1b": "1"}
    each, once = counted(gaps)
    assert once == " ((1) và (1b) là một chỉ tiêu, tính một lần)"
    assert (len(gaps), len(each)) == (36, 35) and sorted(each[each.on_track_code == "on_track"].target_id) == [
        "1",
        "11b",
        "13b",
        "15",
    ]
    text = _docx_text(made["docx"])
    assert "trong 35 chỉ tiêu ((1) và (1b) là một chỉ tiêu, tính một lần): 4 chỉ tiêu đạt tiến độ," in text
    # every paper still shows both rows, each with its own figures
    assert "(1) Thu ngân sách trên địa bàn xã cả nhiệm kỳ 2026-2030 (đạt tiến độ)" in text
    assert "(1b) Thu ngân sách trên địa bàn bình quân mỗi năm (đạt tiến độ)" in text


def test_writer_uses_times_new_roman_or_its_metric_twin_only(made):
    out = subprocess.run(["pdffonts", str(made["pdf"])], check=True, capture_output=True, text=True).stdout
    names = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:]}
    assert names and all(re.match(r"(TimesNewRoman|LiberationSerif)", n) for n in names), names
    assert any("Bold" in n for n in names) and any("Italic" in n for n in names)  # header, place-date


def test_writer_keeps_every_word_inside_the_margins_and_numbers_pages_from_2(made):
    # pdftotext -bbox: word boxes in points (1 pt = 25,4 / 72 mm) on the A4 page, 595,3 × 841,9 pt
    html = subprocess.run(
        ["pdftotext", "-bbox", str(made["pdf"]), "-"], check=True, capture_output=True, text=True
    ).stdout
    mm = 25.4 / 72
    pages = html.split("<page ")[1:]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        words = [
            (float(x0) * mm, float(y0) * mm, float(x1) * mm, float(y1) * mm, w)
            for x0, y0, x1, y1, w in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
            )
        ]
        assert min(w[0] for w in words) >= 30 - 0.5 and max(w[2] for w in words) <= 210 - 15 + 0.5
        assert max(w[3] for w in words) <= 297 - 20 + 0.5
        above = [w[4] for w in words if w[1] < 20 - 0.5]  # in the top margin: the page number only
        assert above == ([] if number == 1 else [str(number)])


def test_page_1_as_a_picture_is_an_a4_page(made):
    png = page_png(made["pdf"], made["tmp"] / "trang_1.png", dpi=40)
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])  # the IHDR chunk
    assert abs(height / width - 297 / 210) < 0.01
    pages = subprocess.run(["pdfinfo", str(made["pdf"])], check=True, capture_output=True, text=True).stdout
    assert "A4" in pages


@pytest.fixture(scope="module")
def readme_reports(made):
    """The other reports the README builds, in Writer's PDF: the 2028 mid-term review, the 2027 year,
    and the start-of-term report from data/raw alone."""
    tmp = made["tmp"]
    docs = [
        _report(made["raw"], tmp / "bao_cao_so_ket_giua_nhiem_ky_2028.docx", "--year", "2028", "--midterm"),
        _report(made["raw"], tmp / "bao_cao_ket_qua_nam_2027.docx", "--year", "2027"),
        _report(config.RAW_DIR, tmp / "bao_cao_dau_nhiem_ky_2026.docx", "--year", "2026"),
    ]
    return dict(zip(("midterm", "2027", "start"), to_pdf(docs, tmp / "pdf_more")), yearly=made["pdf"])


def _pages(pdf: Path) -> list[str]:
    """Writer's PDF as text, one string per page (pdftotext separates pages by a form feed)."""
    return [_flat(p) for p in pdf_text(pdf).split("\f")]


@pytest.mark.parametrize("which", ["yearly", "midterm", "2027", "start"])
def test_recipients_and_signature_on_one_page(readme_reports, which):
    # the 2028 report split them across pages 5 and 6 before the closing row was kept whole
    pages = _pages(readme_reports[which])
    lines = ("Nơi nhận:", "T/M ĐẢNG ỦY", "BÍ THƯ", "- Ban Thường vụ Tỉnh ủy Sơn La (b/c),", "- Lưu Văn phòng Đảng ủy.")
    # and never alone on the last page: the sources above keep with them
    lines += ("Nguồn số liệu:", "- Báo cáo chính trị của Ban Chấp hành Đảng bộ xã")
    holding = {line: [n for n, page in enumerate(pages, start=1) if line in page] for line in lines}
    assert all(len(at) == 1 for at in holding.values()), holding
    assert len({at[0] for at in holding.values()}) == 1, holding


JARGON = (
    "Eurostat",
    "Thống kê Canada",
    "tốc độ thực tế",
    "tốc độ cần thiết",
    "lộ trình đều",
    "đi đều",
    "trọng số thay thế",
    "tăng trưởng kép",
    "tuyến tính",
)
INSTRUCTIONS = ("Thu thập số liệu", "biểu nhập liệu", "ghi vào biểu", "chiengso-stats", "data/raw", "Tải mẫu")


def test_no_jargon_and_no_instructions_to_the_office(made, readme_reports):
    # before: "phương pháp của Eurostat và Thống kê Canada", "tốc độ thực tế bằng -24% tốc độ cần thiết",
    # "lộ trình đều", "Thu thập số liệu năm 2029 … ghi vào biểu theo dõi năm 2029 (biểu nhập liệu năm 2029)"
    tmp = made["tmp"]
    for docx in (
        made["docx"],
        tmp / "bao_cao_so_ket_giua_nhiem_ky_2028.docx",
        tmp / "bao_cao_ket_qua_nam_2027.docx",
        tmp / "bao_cao_dau_nhiem_ky_2026.docx",
    ):
        text = _docx_text(docx)
        found = [w for w in (*JARGON, *INSTRUCTIONS) if w.lower() in text.lower()]
        assert not found, (docx.name, found)


def test_the_estimate_at_the_pace_so_far_and_poverty_reads_con(made):
    text = _docx_text(made["docx"])
    # (5) forest 41,774% (2025) -> 43,5% (2028): 43,5 × (43,5 / 41,774)^(2/3) = 44,69% in 2030
    assert "năm 2028 đạt 43,5% (năm 2025: 41,77%), mục tiêu từ 45% trở lên, bằng 96,7% mục tiêu; " in text
    assert "với tốc độ hiện nay, đến năm 2030 ước đạt 44,69%, chưa đạt mục tiêu." in text
    # (8) poverty, a rate to bring down, 9% (2026) -> 7% (2028): 7 × (7 / 9)^(2/2) = 5,44% in 2030
    assert "năm 2028 còn 7%, mục tiêu dưới 5%" in text and "năm 2028 đạt 7%" not in text
    assert "với tốc độ hiện nay, đến năm 2030 ước còn 5,44%, chưa đạt mục tiêu." in text
    assert "5,92% năm 2029 (để từ 7% năm 2028 giảm còn 5% vào năm 2030)" in text


def test_core_properties_come_from_the_data(made, readme_reports):
    import zipfile

    doc = Document(made["docx"])
    props = doc.core_properties
    assert props.author == props.last_modified_by == "Đảng ủy xã Chiềng Sơ"
    assert props.title == f"BÁO CÁO {TITLE_2028}"
    # the 2028 form gives no full date: 1 January of the year of issue, 2029 (the header's year)
    assert props.created.isoformat()[:10] == props.modified.isoformat()[:10] == "2029-01-01"
    app = zipfile.ZipFile(made["docx"]).read("docProps/app.xml").decode()
    assert "<Application>chiengso_stats</Application>" in app and "Macintosh" not in app
    # the 2027 report: its form's 'Ngày lập', 20/01/2028
    doc_2027 = Document(made["tmp"] / "bao_cao_ket_qua_nam_2027.docx")
    assert doc_2027.core_properties.created.isoformat()[:10] == "2028-01-20"
    start = Document(made["tmp"] / "bao_cao_dau_nhiem_ky_2026.docx").core_properties
    assert start.created.isoformat()[:10] == "2026-01-01"


# ---------------------------------------------------------------- reproducible, refused, other kinds
def test_two_runs_are_byte_identical(made):
    again = _report(made["raw"], made["tmp"] / "again.docx", "--year", "2028")
    assert again.read_bytes() == made["docx"].read_bytes()


def test_default_file_goes_to_reports_and_never_into_raw(made, tmp_path, capsys):
    reports = tmp_path / "reports"
    assert main(["--raw", str(made["raw"]), "--reports", str(reports), "report", "--year", "2028"]) == 0
    assert (reports / "bao_cao_ket_qua_nam_2028.docx").read_bytes() == made["docx"].read_bytes()
    assert main(["--raw", str(made["raw"]), "report", "--year", "2028", "--out", str(made["raw"] / "x.docx")]) == 2
    assert not (made["raw"] / "x.docx").exists()
    assert main(["--raw", str(made["raw"]), "report", "--year", "2031", "--out", str(tmp_path / "y.docx")]) == 2
    assert "ngoài nhiệm kỳ" in capsys.readouterr().err and not (tmp_path / "y.docx").exists()


def test_start_of_term_report_with_no_forms(tmp_path):
    out = _report(config.RAW_DIR, tmp_path / "dau_nhiem_ky.docx", "--year", "2026")
    text = _docx_text(out)
    assert "số liệu đầu nhiệm kỳ (năm 2025) so với mục tiêu năm 2030" in text
    data = next(t for t in Document(out).tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in data.rows[0].cells][3:] == [
        "Chỉ tiêu năm 2030",
        "Thực hiện năm 2025",
        "So với chỉ tiêu (%)",
        "Đánh giá",
    ]
    # (5) 45 - 41,774 = 3,23 points; (9), (4), (5) not met, (9) furthest: 17,68 of 85 points
    assert "năm 2025 đạt 41,77%, mục tiêu từ 45% trở lên, còn 3,23 điểm %." in text
    far = text.split("xếp theo khoảng cách so với mục tiêu:")[1]
    assert far.index("(9) ") < far.index("(4) ") < far.index("(5) ")
    # every state counted: 6 + 3 + 22 + 1 + 1 + 2 = 35 of 35, (6c) included, (1b) with (1)
    assert "1 chỉ tiêu chưa kết luận được (số liệu kỳ gốc chưa đủ), 2 chỉ tiêu chờ số liệu của nhiệm kỳ mới" in text
    # (1) the whole 1.250 remains; the last term is a reference
    assert "còn phải thực hiện 1.250 triệu đồng; nhiệm kỳ 2020-2025 đạt 1.051 triệu đồng" in text
    # (1) 1.250 over five years: 250 a year; (5) 41,774 × (45/41,774)^(1/5) = 42,4% in 2026
    assert "250 triệu đồng mỗi năm từ năm 2026 đến năm 2030" in text
    assert "42,4% năm 2026 (để từ 41,77% năm 2025 đạt 45% vào năm 2030)" in text
    assert (
        "Trong năm 2026, theo dõi, thống kê đầy đủ số liệu của cả 35 chỉ tiêu ((1) và (1b) là một chỉ tiêu, tính "
        "một lần) để đánh giá." in text
    )


def test_midterm_title(made, tmp_path):
    reports = tmp_path / "r"
    assert main(["--raw", str(made["raw"]), "--reports", str(reports), "report", "--year", "2028", "--midterm"]) == 0
    text = _docx_text(reports / "bao_cao_so_ket_giua_nhiem_ky_2028.docx")
    assert (
        "Sơ kết giữa nhiệm kỳ thực hiện các chỉ tiêu Nghị quyết Đại hội Đảng bộ xã Chiềng Sơ lần thứ nhất, "
        "nhiệm kỳ 2025-2030" in text
    )
    assert TITLE_2028 not in text and "năm 2028 đạt 43,5%" in text


def test_the_midterm_review_reviews_the_term_against_each_target(made, readme_reports):
    # it repeated the yearly report word for word, the title aside
    mid = _docx_text(made["tmp"] / "bao_cao_so_ket_giua_nhiem_ky_2028.docx")
    yearly = _docx_text(made["docx"])
    assert "II. KẾT QUẢ NỬA ĐẦU NHIỆM KỲ SO VỚI MỤC TIÊU NĂM 2030" in mid and "II. ĐÁNH GIÁ CHUNG" not in mid
    assert "III. NHIỆM VỤ NHỮNG NĂM CÒN LẠI CỦA NHIỆM KỲ" in mid and "II. KẾT QUẢ NỬA ĐẦU" not in yearly
    # (1) 240 + 260 + 245 = 745 of 1.250: 59,6% of the term's target, 505 left, 252,5 a year for 2029-2030
    assert (
        "(1) Thu ngân sách trên địa bàn xã cả nhiệm kỳ 2026-2030 (đạt tiến độ): 2026-2028 đạt 745 triệu đồng, "
        "bằng 59,6% mục tiêu cả nhiệm kỳ (từ 1.250 triệu đồng trở lên cả nhiệm kỳ); 2 năm còn lại cần 505 triệu "
        "đồng (bình quân 252,5 triệu đồng mỗi năm)" in mid
    )
    # (5) 41,77% at the start, 43,5% in 2028: 45 - 43,5 = 1,5 points to go in 2029-2030
    assert (
        "đầu nhiệm kỳ (năm 2025) đạt 41,77%, năm 2028 đạt 43,5%, mục tiêu năm 2030 từ 45% trở lên; "
        "còn phải tăng 1,5 điểm % trong 2 năm còn lại; với tốc độ hiện nay, đến năm 2030 ước đạt 44,69%, chưa đạt "
        "mục tiêu." in mid
    )
    # (8) poverty 7% in 2028, below 5% asked: 2 points to bring down; (18a) 200 - 103 = 97 people
    assert "năm 2028 còn 7%, mục tiêu năm 2030 dưới 5%; còn phải giảm 2 điểm % trong 2 năm còn lại" in mid
    # 97 / 2 = 48,5 a year, a count needed written whole, up (units.csv): 49
    assert "2 năm còn lại cần 97 người (bình quân 49 người mỗi năm)" in mid
    # (10) already past its 90%
    assert "(10) Tỷ lệ dân số tham gia bảo hiểm y tế (đã đạt chỉ tiêu năm 2030): đầu nhiệm kỳ (năm 2025)" in mid
    assert "đã đạt mục tiêu năm 2030, cần giữ vững trong 2 năm còn lại" in mid


def test_record_figures_carry_the_mark_and_the_footnote(tmp_path):
    from openpyxl import load_workbook

    from conftest import add_source, append_rows

    raw = _monitored(tmp_path / "raw")
    add_source(raw, "bao_dien_thoai_vi_du", None, kind="record", title="VÍ DỤ: báo qua điện thoại")
    append_rows(
        raw / "observations.csv",
        [
            dict(
                commune_id="chieng_so_moi",
                indicator_id="income_per_capita",
                period="2027",
                value_as_printed="35",
                source_id="bao_dien_thoai_vi_du",
                source_ref="Điện thoại ngày 05/01/2028 (ví dụ)",
            )
        ],
    )
    form = raw / "monitoring" / "2026.xlsx"  # the 2026 forest figure cites the record on the form
    wb = load_workbook(form)
    ws = wb["Số liệu năm 2026"]
    r = next(r for r in range(12, ws.max_row + 1) if ws.cell(row=r, column=2).value == "forest_cover")
    ws[f"H{r}"] = "bao_dien_thoai_vi_du"
    wb.save(form)
    out = _report(raw, tmp_path / "r.docx", "--year", "2028")
    doc = Document(out)
    data = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    forest = next(r for r in data.rows if r.cells[1].text.startswith("(5) "))
    assert [c.text for c in forest.cells[5:8]] == ["42,3 (*)", "42,9", "43,5"]
    income = next(r for r in data.rows if r.cells[1].text.startswith("(2) "))
    assert "35 (*)" in [c.text for c in income.cells]
    paragraphs = [p.text for p in doc.paragraphs]
    assert UNVERIFIED_NOTE in paragraphs
    assert "- VÍ DỤ: báo qua điện thoại (Ví dụ kiểm thử, năm 2025) (*)" in paragraphs


def test_the_report_without_monitoring_marks_nothing(tmp_path):
    paragraphs = [p.text for p in Document(_report(config.RAW_DIR, tmp_path / "r.docx", "--year", "2025")).paragraphs]
    assert UNVERIFIED_NOTE not in paragraphs and not any(p.endswith("(*)") for p in paragraphs)


# ---------------------------------------------------------------- composed from columns, not sentences
def test_sections_ii_and_iii_never_read_the_progress_notes(made):
    raw = load_raw(made["raw"])
    table = reconcile(raw)
    gaps = gap_table(raw, table, as_of=2028)
    _, _, _, values = wr.table_rows(raw, table, gaps, "chieng_so_moi", 2028, False)
    silent = gaps.assign(progress_note_vi="", note_vi="")
    assert rt.assessment(silent, 2028, values) == rt.assessment(gaps, 2028, values)
    assert rt.requirements(silent, 2028, False) == rt.requirements(gaps, 2028, False)
    # and a changed column changes the sentence: need_per_year is read, not recomputed
    changed = gaps.assign(need_per_year=gaps.need_per_year.where(gaps.target_id != "18a", 60.0))
    assert any("(18a)" in b and "60 người mỗi năm" in b for _, bs in rt.requirements(changed, 2028, False) for b in bs)


def test_term_columns_worked_by_hand(made):
    raw = load_raw(made["raw"])
    table = reconcile(raw)
    g = gap_table(raw, table, as_of=2028).set_index("target_id")
    # (1) 240 + 260 + 245 = 745, (1.250 - 745) / 2 = 252,5; (13b) figures for 2026 and 2028 only
    assert (g.loc["1", "cumulative"], g.loc["1", "need_per_year"]) == (745, 252.5)
    assert g.loc["13b", "years_with_data"] == "2026, 2028"


def test_a_year_without_its_form_gets_no_report(tmp_path, capsys):
    # office trial: with only the 2026 form, 'report --year 2027' wrote "Đến hết năm 2027 …" judged on 2026
    # figures, with the 2027 column all '…'. A year's report needs that year's form.
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, raw)
    (raw / "monitoring").mkdir(exist_ok=True)
    shutil.copy(FORMS / "2026.xlsx", raw / "monitoring" / "2026.xlsx")
    out = tmp_path / "bao_cao_2027.docx"
    assert main(["--raw", str(raw), "report", "--year", "2027", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Chưa có biểu theo dõi năm 2027" in err and "Các năm đã có biểu: 2026" in err
    assert not out.exists()
    assert main(["--raw", str(raw), "report", "--year", "2026", "--out", str(out)]) == 0  # its own year: written
