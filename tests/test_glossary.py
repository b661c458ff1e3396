"""What the officer reads: every string cell of every workbook the build writes (appendices, yearly
tables from the example forms, the form template) and the notebooks' HTML tables.

Definitions used here:
- snake_case id: a lower-case word joined by '_' to another (bao_cao_chinh_tri, total_vs_parts);
- English-only word: one of ENGLISH as a whole word (Summary, Sources, range, maintain, record, …);
- qualitative 1: a number in a row of a qualitative indicator (any column but STT);
- label: a table's header cells (the rows above the numbered-column row; a notebook table's <th>), the cells
  of the rating columns (Đánh giá, Đánh giá tiến độ up to its first '. ', Kết quả, Mức độ, Nội dung kiểm
  tra, Đối chiếu) and the summary heading and legend lines under a table. A label must be a glossary label
  (a commune's name counts, as a header of its own column).
The technical sheet (file names, checksums), the notebooks' technical tables (the source registry and the
files written: a table with a 'Tệp' or 'Mã nguồn' column) and the form's machine columns (indicator ids,
source codes, which the form reader keys on) are the only exemptions from the id / English checks.
"""

import re
import shutil
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from chiengso_stats import glossary
from chiengso_stats.cli import main

from conftest import FIXTURES

SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ENGLISH = re.compile(
    r"\b(summary|sources?|target|baseline|met|track|record|range|maintain|the|and|of|file|english)\b", re.IGNORECASE
)
RATING = {"Đánh giá", "Đánh giá tiến độ", "Kết quả", "Mức độ", "Nội dung kiểm tra", "Đối chiếu"}
TECHNICAL = {glossary.vi("header.file"), glossary.vi("header.source_code")}
EXEMPT_SHEETS = {glossary.vi("sheet.files")}


@pytest.fixture(scope="module")
def built(tmp_path_factory, raw):
    from chiengso_stats import config

    root = tmp_path_factory.mktemp("glossary")
    shutil.copytree(config.RAW_DIR, root / "raw")
    (root / "raw" / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", root / "raw" / "monitoring" / f"{year}.xlsx")
    args = ["--raw", str(root / "raw"), "--clean", str(root / "clean"), "--reports", str(root / "reports")]
    assert main([*args, "build"]) == 0
    assert main([*args, "template", "--year", "2029"]) == 0
    assert main([*args, "notebooks"]) == 0  # rebuilds, then runs the four notebooks into reports/notebooks
    return root


def _books(root):
    return sorted(p for p in (root / "reports").glob("*.xlsx"))


def _tables(ws):
    """(header rows, body rows, summary rows) of a sheet written by excel.write_sheet, or None."""
    numbered = next((r for r in range(1, 15) if ws.cell(row=r, column=1).value == "(1)"), None)
    if numbered is None:
        return None
    return numbered


def test_the_books_are_there(built):
    names = [p.name for p in _books(built)]
    assert names == [
        "mau_nhap_lieu_2029.xlsx",
        "phu_luc_01_chieng_so.xlsx",
        "phu_luc_02_yen_hung.xlsx",
        "phu_luc_03_chieng_so_moi.xlsx",
        "theo_doi_nam_2026.xlsx",
        "theo_doi_nam_2027.xlsx",
        "theo_doi_nam_2028.xlsx",
    ]


def _string_cells(root):
    for path in _books(root):
        form = path.name.startswith("mau_nhap_lieu")
        for ws in load_workbook(path).worksheets:
            if ws.title in EXEMPT_SHEETS:
                continue
            for row in ws.iter_rows():
                for c in row:
                    if not isinstance(c.value, str):
                        continue
                    # the form's machine columns: indicator ids (B) and source codes, keyed on by the reader
                    if form and (c.column_letter == "B" or (ws.title == "Nguồn" and c.column_letter == "A")):
                        continue
                    yield path.name, ws.title, c.coordinate, c.value


def test_no_machine_id_and_no_english_in_the_appendices_and_yearly_tables(built):
    bad = [
        (f, s, a, v)
        for f, s, a, v in _string_cells(built)
        if not f.startswith("mau_nhap_lieu") and (SNAKE.search(v) or ENGLISH.search(v))
    ]
    assert bad == [], bad


def test_qualitative_figures_read_dat_never_1(built, raw):
    names = set(raw.indicators.name_vi[raw.indicators.kind == "qualitative"]) | set(
        raw.targets.description_vi[
            raw.targets.indicator_id.isin(raw.indicators.indicator_id[raw.indicators.kind == "qualitative"])
        ]
    )
    found, bad = 0, []
    for path in _books(built):
        for ws in load_workbook(path).worksheets:
            numbered = _tables(ws)
            if numbered is None:
                continue
            for row in ws.iter_rows(min_row=numbered + 1):
                name = re.sub(r"^(\(\w+\)|KĐP \w+) ", "", str(row[1].value or ""))
                if name in names:
                    found += 1
                    bad += [
                        (path.name, ws.title, c.coordinate, c.value)
                        for c in row[1:]
                        if isinstance(c.value, (int, float))
                    ]
    assert found >= 10 and bad == []
    ws = load_workbook(built / "reports" / "phu_luc_03_chieng_so_moi.xlsx")["Hợp nhất"]
    # the rows the reviewer found as 1 (E41, E65:G67, E71:G71 then; the renamed catalogue rows moved them):
    # both former communes and the new one affirm the four universal-education standards, Chiềng Sơ (cũ) the
    # new-countryside standard (Yên Hưng's figure is not in the report)
    # the 2025 rows (the example forms add rows of later years under the same names)
    rows = {
        ws.cell(row=r, column=2).value: r for r in range(12, ws.max_row + 1) if ws.cell(row=r, column=4).value == "2025"
    }
    cells = [ws.cell(row=rows["Giữ vững chuẩn nông thôn mới"], column=5).value] + [
        ws.cell(row=rows[name], column=c).value
        for name in (
            "Phổ cập giáo dục mầm non cho trẻ em 5 tuổi",
            "Phổ cập giáo dục tiểu học",
            "Phổ cập giáo dục trung học cơ sở",
            "Phổ cập tiểu học đúng độ tuổi",
        )
        for c in (5, 6, 7)
    ]
    assert cells == ["Đạt"] * 13


def test_labels_come_from_the_glossary(built, raw):
    communes = set(raw.communes.name_vi)
    bad = []
    for path in _books(built):
        if path.name.startswith("mau_nhap_lieu"):
            continue  # the form's headers are what the form reader checks (issue 18): not relabelled here
        for ws in load_workbook(path).worksheets:
            numbered = _tables(ws)
            if numbered is None:
                continue
            header = {}
            for r in range(numbered - 2, numbered):
                for c in ws[r]:
                    if isinstance(c.value, str):
                        header[c.column] = c.value
                        if c.value not in communes and not glossary.is_label(c.value):
                            bad.append((path.name, ws.title, c.coordinate, c.value))
            rating = [col for col, title in header.items() if title in RATING]
            last = numbered
            for row in ws.iter_rows(min_row=numbered + 1):
                if row[0].value is None or (not isinstance(row[0].value, int) and row[1].value is None):
                    break
                last = row[0].row
                for col in rating:
                    v = row[col - 1].value
                    if isinstance(v, str) and not glossary.is_label(v.split(". ")[0]):
                        bad.append((path.name, ws.title, row[col - 1].coordinate, v))
            for r in range(last + 1, ws.max_row + 1):
                v = ws.cell(row=r, column=1).value
                if isinstance(v, str) and (r == last + 2 or v.startswith("Ghi chú:")):
                    if not glossary.is_label(v):
                        bad.append((path.name, ws.title, f"A{r}", v))
    assert bad == [], bad


def test_official_form_of_biểu_03(built):
    ws = load_workbook(built / "reports" / "phu_luc_03_chieng_so_moi.xlsx")["Hợp nhất"]
    assert ws["A2"].value == "ĐẢNG ỦY XÃ CHIỀNG SƠ"
    assert ws["G2"].value == "Chiềng Sơ, ngày … tháng … năm 2025"
    assert ws["A5"].value == "BIỂU SỐ 03"
    # the report's own figure as a number (J16 was the text '23'; the rows follow the report's order since),
    # qualified figures kept as printed
    row = next(r for r in range(12, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Cấp ủy viên Đảng bộ xã")
    assert ws.cell(row=row, column=10).value == 23
    ws = load_workbook(built / "reports" / "phu_luc_01_chieng_so.xlsx").active
    assert "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ XÃ CHIỀNG SƠ" in ws["A6"].value


def test_yearly_table_uses_the_form_date_and_the_next_year():
    from chiengso_stats.analysis.reconcile import as_raw
    from chiengso_stats.publish.excel import place_date

    r = as_raw(None)
    assert place_date(r, "chieng_so_moi", 2027, "2027-01-15") == "Chiềng Sơ, ngày 15 tháng 01 năm 2027"
    assert place_date(r, "chieng_so_moi", 2029) == "Chiềng Sơ, ngày … tháng … năm 2029"


def test_printed_figures_and_the_reports_words():
    assert glossary.printed_figure("05") == "5"
    assert glossary.printed_figure("100 %") == "100%"
    assert glossary.printed_figure("250 triệu") == "250 triệu đồng"
    assert glossary.printed_figure("trên 979") == "trên 979"
    assert glossary.target_words(">", "50 triệu đồng") == "Trên 50 triệu đồng"
    assert glossary.target_words(">=", "95%") == "Từ 95% trở lên"
    assert glossary.target_words("<", "5%") == "Dưới 5%"
    assert glossary.target_words("range", "1", "2") == "Thêm từ 1 đến 2"
    assert glossary.target_no("dp2a") == "KĐP 2a" and glossary.target_no("6a") == "(6a)"
    # "one more school" is an addition, not "at least one"
    assert glossary.target_words(">=", "01", horizon="additional_2026_2030") == "Thêm từ 1 trở lên"


def test_glossary_is_one_label_per_key_with_english():
    e = glossary.entries()
    assert len(e) == len(set(e)) and all(v["en"] for v in e.values())
    assert glossary.vi("progress.away_up", year=2025) == "Tăng so với năm 2025"
    assert not glossary.is_label("total_vs_parts") and glossary.is_label("Năm 2028 đạt; năm 2027 không đạt (88%)")


# ---------------------------------------------------------------- the notebooks' HTML tables
class _Tables(HTMLParser):
    """Every <table> of a page as rows of (tag, text) cells."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
            self.tables[-1].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = [tag, ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append((self._cell[0], re.sub(r"\s+", " ", self._cell[1]).strip()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data


def _notebook_tables(root):
    pages = sorted((root / "reports" / "notebooks").glob("*.html"))
    assert [p.stem for p in pages] == [
        "01_hop_nhat_so_lieu",
        "02_khoang_cach_muc_tieu_2030",
        "03_xuat_phu_luc",
        "04_theo_doi_hang_nam",
    ]
    for page in pages:
        parser = _Tables()
        parser.feed(page.read_text(encoding="utf-8"))
        for k, rows in enumerate(parser.tables):
            header = [text for row in rows for tag, text in row if tag == "th" and text]
            body = [[text for tag, text in row if tag == "td"] for row in rows]
            yield page.stem, k, header, [r for r in body if r], rows


def test_the_notebooks_tables_speak_the_glossary(built, raw):
    communes = set(raw.communes.name_vi)
    communes |= {f"{c} (cũ)" for c in communes}
    qualitative = set(raw.indicators.name_vi[raw.indicators.kind == "qualitative"]) | set(
        raw.targets.description_vi[
            raw.targets.indicator_id.isin(raw.indicators.indicator_id[raw.indicators.kind == "qualitative"])
        ]
    )
    seen_tables, seen_ratings, seen_qualitative, bad = 0, 0, 0, []
    for page, k, header, body, rows in _notebook_tables(built):
        seen_tables += 1
        bad += [(page, k, "header", h) for h in header if h not in communes and not glossary.is_label(h)]
        technical = bool(TECHNICAL & set(header))
        for cells in body:
            for text in cells:
                if not technical and (SNAKE.search(text) or ENGLISH.search(text)):
                    bad.append((page, k, "id or English", text))
            if set(cells) & qualitative:
                seen_qualitative += 1
                bad += [(page, k, "qualitative 1", c) for c in cells if c in ("1", "0", "1,0")]
        # the rating columns: the header row that names them, the body cells under them
        for row in rows:
            titles = [text for tag, text in row if tag == "th"]
            if set(titles) & RATING:
                columns = [i for i, t in enumerate(titles) if t in RATING]
                offset = len(titles) - max(len(b) for b in body) if body else 0
                for cells in body:
                    for i in columns:
                        j = i - offset
                        if 0 <= j < len(cells) and cells[j] not in ("", glossary.NO_DATA, glossary.NOT_APPLICABLE):
                            seen_ratings += 1
                            if not glossary.is_label(cells[j].split(". ")[0]):
                                bad.append((page, k, titles[i], cells[j]))
    # snapshot counts (copied from a run): the test must have looked at something
    assert seen_tables >= 8 and seen_ratings >= 50 and seen_qualitative >= 3
    assert bad == [], bad
