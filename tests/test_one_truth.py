"""One truth (issue 27, section 2): every paper tells each figure and verdict the same way.

The outputs are read back as an officer reads them: the yearly table and Phụ lục 03 cell by cell
(openpyxl, numbers in their cell's format), the Word report's table (python-docx), and the notebooks'
HTML tables. For each target, the baseline, the latest value, the share of the target (its rounding)
and the verdict must read the same wherever they appear. A probe shows the comparison fails when one
paper rounds differently.
"""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from chiengso_stats.build import run as build
from chiengso_stats.cli import main
from chiengso_stats.numbers import format_vn
from chiengso_stats.publish.notebooks_runner import run_notebooks

from conftest import FIXTURES

YEAR = 2028
YEARS = [2026, 2027, 2028]
NUMBER = re.compile(r"^(\(\w+\)|KĐP \w+)")  # "(5)", "(11a)", "KĐP 2a": a target's number at the start of a cell


def _number_of(text) -> str | None:
    m = NUMBER.match(str(text or "").strip())
    return m.group(1) if m else None


def _latest(values: list[str]) -> str:
    """The latest year's figure of the term: the last one that is not '…' (no data)."""
    given = [v for v in values if v != "…"]
    return given[-1] if given else "…"


def _excel_text(cell) -> str:
    """A cell as the office sees it: a number in its format's decimals (num2: up to 2, pct1: 1), else the text."""
    value = cell.value
    if value is None:
        return "…"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        decimals = 1 if cell.number_format.endswith("0.0") else 2
        return format_vn(value, None if float(value).is_integer() and decimals == 2 else decimals)
    return str(value).strip()


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """data/raw with the three example forms: build, the 2028 Word report, and the notebooks."""
    root = tmp_path_factory.mktemp("one_truth")
    raw = root / "raw"
    shutil.copytree(FIXTURES.parent.parent / "data" / "raw", raw)
    (raw / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", raw / "monitoring" / f"{year}.xlsx")
    build(raw, root / "clean", root / "reports")
    docx = root / "reports" / f"bao_cao_{YEAR}.docx"
    assert main(["--raw", str(raw), "report", "--year", str(YEAR), "--out", str(docx)]) == 0
    notebooks = run_notebooks(root / "notebooks", raw_dir=raw, reports_dir=root / "nb_reports", progress=False)
    return dict(root=root, raw=raw, docx=docx, html={p.stem: p for p in notebooks if p.suffix == ".html"})


# ---------------------------------------------------------------- each paper read back: target -> {what: text}
def yearly_table(path: Path) -> dict[str, dict[str, str]]:
    ws = load_workbook(path).active
    header_row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "STT")
    headers = {  # the years sit one row below their group header, "Thực hiện các năm"
        c: str(ws.cell(row=header_row + 1, column=c).value or ws.cell(row=header_row, column=c).value)
        for c in range(1, ws.max_column + 1)
    }
    col = {h: c for c, h in headers.items()}
    out = {}
    for r in range(header_row + 1, ws.max_row + 1):
        no = _number_of(ws.cell(row=r, column=2).value)
        if no:
            out[no] = dict(
                baseline=_excel_text(ws.cell(row=r, column=col["Thực hiện năm 2025"])),
                latest=_latest([_excel_text(ws.cell(row=r, column=col[f"Thực hiện năm {y}"])) for y in YEARS]),
                share=_excel_text(ws.cell(row=r, column=col["So với chỉ tiêu (%)"])),
                verdict=str(ws.cell(row=r, column=col["Đánh giá tiến độ"]).value).split(". ")[0].rstrip("."),
            )
    return out


def appendix_03(path: Path) -> dict[str, dict[str, str]]:
    ws = load_workbook(path)["Chỉ tiêu năm 2030"]
    out = {}
    for row in ws.iter_rows():
        no = _number_of(row[0].value)
        if no and len(row) > 6:
            out[no] = dict(baseline=_excel_text(row[4]), gap=_excel_text(row[6]))
    return out


def word_table(path: Path) -> dict[str, dict[str, str]]:
    table = next(t for t in Document(path).tables if t.rows[0].cells[0].text == "STT")
    headers = [c.text for c in table.rows[0].cells]
    out = {}
    for row in table.rows[1:]:
        cells = [c.text.replace(" (*)", "").strip() for c in row.cells]
        no = _number_of(cells[1])
        if no:
            out[no] = dict(
                baseline=cells[headers.index("Thực hiện năm 2025")],
                latest=_latest([cells[headers.index(f"Thực hiện năm {y}")] for y in YEARS]),
                share=cells[headers.index("So với chỉ tiêu (%)")],
                verdict=cells[-1],
            )
    return out


def _html_tables(path: Path) -> list[pd.DataFrame]:
    return pd.read_html(StringIO(path.read_text(encoding="utf-8")), thousands=None, decimal="#", keep_default_na=False)


def notebook_table(path: Path, must_have: str) -> dict[str, dict[str, str]]:
    frame = next(t for t in _html_tables(path) if must_have in [str(c) for c in t.columns])
    frame = frame.astype(str)
    names = {
        "Số liệu kỳ gốc": "baseline",
        "Số liệu năm mới nhất": "latest",
        "So với chỉ tiêu (%)": "share",
        "Đánh giá tiến độ": "verdict",
        "Còn phải thực hiện": "gap",
    }
    out = {}
    for _, r in frame.iterrows():
        no = _number_of(r["Chỉ tiêu số"])
        if no:
            out[no] = {k: r[c].strip() for c, k in names.items() if c in frame.columns}
            if "Năm có số liệu mới nhất" in frame.columns and int(r["Năm có số liệu mới nhất"]) <= YEARS[0] - 1:
                out[no]["latest"] = "…"  # no figure of the term yet: the baseline year's, not a latest value
    return out


def read_all(papers) -> dict[str, dict[str, dict[str, str]]]:
    reports = papers["root"] / "reports"
    return {
        "theo_doi_nam_2028.xlsx": yearly_table(reports / f"theo_doi_nam_{YEAR}.xlsx"),
        "phu_luc_03 (Chỉ tiêu năm 2030)": appendix_03(reports / "phu_luc_03_chieng_so_moi.xlsx"),
        "Word": word_table(papers["docx"]),
        "sổ tay 02": notebook_table(papers["html"]["02_khoang_cach_muc_tieu_2030"], "Còn phải thực hiện"),
        "sổ tay 04": notebook_table(papers["html"]["04_theo_doi_hang_nam"], "Số liệu năm mới nhất"),
    }


# Which papers show which fact as of which year: the notebook 02 and Phụ lục 03 are the start-of-term view.
COMPARED = {
    "baseline": ["theo_doi_nam_2028.xlsx", "phu_luc_03 (Chỉ tiêu năm 2030)", "Word", "sổ tay 02", "sổ tay 04"],
    "latest": ["theo_doi_nam_2028.xlsx", "Word", "sổ tay 04"],
    "share": ["theo_doi_nam_2028.xlsx", "Word", "sổ tay 04"],
    "verdict": ["theo_doi_nam_2028.xlsx", "Word", "sổ tay 04"],
    "gap": ["phu_luc_03 (Chỉ tiêu năm 2030)", "sổ tay 02"],
}


def disagreements(read: dict[str, dict[str, dict[str, str]]]) -> list[str]:
    """Every target and fact that two papers tell differently: 'baseline (8): Word '…', sổ tay 02 '6,67''."""
    out = []
    for fact, papers in COMPARED.items():
        targets = set().union(*(read[p].keys() for p in papers))
        for no in sorted(targets):
            told = {p: read[p][no][fact] for p in papers if no in read[p] and fact in read[p][no]}
            if len(set(told.values())) > 1:
                out.append(f"{fact} {no}: " + ", ".join(f"{p} '{v}'" for p, v in told.items()))
    return out


@pytest.fixture(scope="module")
def read(papers):
    return read_all(papers)


def test_every_paper_lists_every_target(read):
    for paper, rows in read.items():
        assert len(rows) == 36, paper


def test_the_papers_tell_each_baseline_latest_value_share_and_verdict_the_same_way(read):
    assert disagreements(read) == []


def test_the_drifts_of_the_review_read_one_way(read):
    """The drifts the review found, each now one value in every paper (hand-worked)."""
    word, nb04, nb02, yearly, pl03 = (
        read[p] for p in ("Word", "sổ tay 04", "sổ tay 02", "theo_doi_nam_2028.xlsx", "phu_luc_03 (Chỉ tiêu năm 2030)")
    )
    # (8) poverty: 6,67% is of the 2025 standard, no baseline of the 2026-2030 series: '…' everywhere
    assert {word["(8)"]["baseline"], nb04["(8)"]["baseline"], nb02["(8)"]["baseline"], pl03["(8)"]["baseline"]} == {"…"}
    # (6b) a lower bound, said as one everywhere
    assert {word["(6b)"]["baseline"], nb04["(6b)"]["baseline"], nb02["(6b)"]["baseline"]} == {"ít nhất 1"}
    # (5) 43,5 / 45 = 96,67%, published to one decimal; (1) 745 / 1.250 = 59,6%
    assert {word["(5)"]["share"], nb04["(5)"]["share"], yearly["(5)"]["share"]} == {"96,7"}
    assert {word["(1)"]["share"], nb04["(1)"]["share"], yearly["(1)"]["share"]} == {"59,6"}
    # (11a-c) nothing to count: '-' (not applicable), never '…'
    assert {pl03["(11a)"]["gap"], nb02["(11a)"]["gap"]} == {"-"}
    # (1) the last term's 1.051 is never under "Thực hiện năm 2025"
    assert {word["(1)"]["baseline"], yearly["(1)"]["baseline"], nb04["(1)"]["baseline"]} == {"-"}


def test_probe_a_paper_that_rounds_differently_is_caught(papers, read, monkeypatch, tmp_path):
    """Probe: the Word report rendered with its share to two decimals (96,67) must disagree with the rest."""
    from chiengso_stats.publish import word_report

    real_rows, real_cell = word_report.annual_rows, word_report._cell

    def own_rounding(raw, table, gaps, merged_id, year):  # the share from the gaps, at two decimals
        rows, used, flagged = real_rows(raw, table, gaps, merged_id, year)
        for row, g in zip(rows, gaps.itertuples()):
            if isinstance(row[-3], float):
                row[-3] = round(float(g.share_of_target), 2)
        return rows, used, flagged

    monkeypatch.setattr(word_report, "annual_rows", own_rounding)
    monkeypatch.setattr(word_report, "_cell", lambda value, decimals=2: real_cell(value, 2))
    docx = tmp_path / "probe.docx"
    assert main(["--raw", str(papers["raw"]), "report", "--year", str(YEAR), "--out", str(docx)]) == 0
    probe = dict(read, Word=word_table(docx))
    found = disagreements(probe)
    assert "share (5): theo_doi_nam_2028.xlsx '96,7', Word '96,67', sổ tay 04 '96,7'" in found


def test_probe_a_paper_that_labels_differently_is_caught(read):
    """Probe: one paper naming a state otherwise ('Giảm so với năm 2025' for 'Kém hơn kỳ gốc') is caught."""
    probe = {paper: {no: dict(facts) for no, facts in rows.items()} for paper, rows in read.items()}
    probe["sổ tay 04"]["(9)"]["verdict"] = "Giảm so với năm 2025"
    assert disagreements(probe) == [
        "verdict (9): theo_doi_nam_2028.xlsx 'Kém hơn kỳ gốc', Word 'Kém hơn kỳ gốc', sổ tay 04 'Giảm so với năm 2025'"
    ]


def test_the_form_names_a_target_indicator_as_the_papers_do(papers, read, tmp_path):
    """'Tỷ lệ che phủ rừng' on the form was '(5) Tỷ lệ che phủ rừng ổn định …' in the papers: one name now."""
    ws = load_workbook(_form(papers, tmp_path))["Số liệu năm 2029"]
    names = {r[1]: r[2] for r in ws.iter_rows(values_only=True) if r[1] and r[2]}
    forest = "(5) Tỷ lệ che phủ rừng ổn định (gồm cây ăn quả thân gỗ trên đất dốc, cây phân tán quy đổi)"
    assert names["forest_cover"] == forest
    word = Document(papers["docx"]).tables
    assert any(c.text == forest for t in word for row in t.rows for c in row.cells)
    # an indicator that serves two targets ((1) and (1b)) or none (a denominator) keeps the catalogue's name
    assert (names["local_budget_revenue"], names["population"]) == ("Thu ngân sách trên địa bàn", "Quy mô dân số")


def _form(papers, tmp_path) -> Path:
    out = tmp_path / "mau_2029.xlsx"
    assert main(["--raw", str(papers["raw"]), "template", "--year", "2029", "--out", str(out)]) == 0
    return out
