"""Issue 30, case 4: one commune, several files. `propose REPORT APPENDIX` gives one review workbook; a figure
printed in both is checked against the other; accepted, the audit finds the appendix's planted inconsistency."""

from __future__ import annotations

import re
import shutil
import sys

import pandas as pd
from openpyxl import load_workbook

import chiengso_stats as cs
from chiengso_stats import config
from chiengso_stats.cli import main
from chiengso_stats.ingest.review import FIGURE_FIELDS, FIGURES_SHEET, FIRST_ROW, SOURCE_SHEET

from conftest import FIXTURES

sys.path.insert(0, str(FIXTURES / "phu_luc_vi_du"))
from review_as_officer import review

FOLDER = FIXTURES / "phu_luc_vi_du"
REPORT, APPENDIX = FOLDER / "bao_cao_muong_bon_vi_du.docx", FOLDER / "phu_luc_muong_bon_vi_du.docx"
COL = {f.key: c for c, f in enumerate(FIGURE_FIELDS, start=1)}


def officer(book) -> int:
    """The example's officer (tests/fixtures/phu_luc_vi_du/review_as_officer.py)."""
    return review(str(book))


def test_a_report_and_its_appendix_in_one_workbook_then_the_audit_finds_the_planted_total(tmp_path, capsys):
    book, out = tmp_path / "ra_soat.xlsx", tmp_path / "nhan"
    assert main(["propose", str(REPORT), str(APPENDIX), "--out", str(book)]) == 0
    ws = load_workbook(book)[FIGURES_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=FIRST_ROW) if row[0].value is not None]
    by = {(r[COL["document"] - 1], r[COL["commune_id"] - 1], r[COL["value_as_printed"] - 1]): r for r in rows}
    # the figure printed in both files: checked against each other
    assert by[("phu_luc_muong_bon_vi_du.docx", "ta_khoa", "15,1")][COL["note"] - 1] == (
        "KHÁC với bao_cao_muong_bon_vi_du.docx: 15,3% (figures differ)"
    )
    assert by[("bao_cao_muong_bon_vi_du.docx", "muong_bon", "341")][COL["note"] - 1].startswith("Khớp với phu_luc")
    sources = load_workbook(book)[SOURCE_SHEET]
    assert (sources["B6"].value, sources["C6"].value) == (REPORT.name, APPENDIX.name)
    # the appendix's title as the papers and the audit cite it (was its file's name, 'phu_luc_muong_bon_vi_du':
    # fresh-eyes trial 35)
    assert sources["C2"].value == "Phụ lục kèm theo Báo cáo chính trị Đại hội đại biểu Đảng bộ xã Mường Bon"
    assert officer(book) == 20  # snapshot: 25 proposals, less the 5 figures printed twice (the appendix rows)
    shutil.copy(REPORT, tmp_path)
    shutil.copy(APPENDIX, tmp_path)  # accept finds the documents beside the workbook
    assert main(["accept", str(book), "--out", str(out)]) == 0
    sources_csv = pd.read_csv(out / "sources.csv", encoding="utf-8-sig")
    assert sources_csv.file.tolist() == [REPORT.name, APPENDIX.name]
    shutil.copy(config.RAW_DIR / "indicators.csv", out)
    merged = cs.merged(out).set_index("indicator_id")
    # hand-worked: the parts 341 + 276 = 617; the appendix prints 627 for the new commune
    row = merged.loc["party_members"]
    assert (row["muong_bon"], row["ta_khoa"], row["merged"], row["reported"]) == (341, 276, 617, 627)
    assert (row["check_code"], row["reported_source_id"]) == ("mismatch", "phu_luc_muong_bon_vi_du")
    failed = cs.audit(out).query("status == 'fail'")
    assert sorted(failed.message_vi) == [
        "Số đảng viên: tổng nêu 627, tổng các xã cũ (Mường Bon (cũ): 341; Tạ Khoa (cũ): 276) = 617, lệch -10",
        # the appendix's 15,1, rejected for the report's 15,3, is kept outranked: the audit names both (was silent,
        # the fresh-eyes trial of stop 34: the rejected printing was lost)
        "Tạ Khoa (cũ), Tỷ lệ hộ nghèo theo chuẩn nghèo áp dụng năm 2025 (2025): 15,1 theo 'Phụ lục kèm theo Báo "
        "cáo chính trị Đại hội đại biểu Đảng bộ xã Mường Bon' (Bảng 1, dòng 6 (Tỷ lệ hộ nghèo), cột 'Xã Tạ Khoa') "
        "được thay bằng 15,3% theo 'Báo cáo chính trị Đại hội đại biểu Đảng bộ xã Mường Bon' (Phần thứ hai)",
        # the report's 15,3% (kept over the appendix's 15,1): (12,6 x 6.120 + 15,3 x 4.980) / 11.100 = 13,81
        "Tỷ lệ hộ nghèo theo chuẩn nghèo áp dụng năm 2025: tổng nêu 13,7, tổng các xã cũ (Mường Bon (cũ): 12,6; "
        "Tạ Khoa (cũ): 15,3) = 13,81, lệch 0,11",
    ]
    # the figures too, for an analyst's query (were NaN: fresh-eyes trial 35): 15,1 set aside, 15,3 kept
    corrected = failed[failed.rule == "superseded"].iloc[0]
    assert (corrected.printed_value, corrected.computed_value, round(corrected.difference, 9)) == (15.1, 15.3, 0.2)
    obs = pd.read_csv(out / "observations.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    kept = obs[(obs.commune_id == "ta_khoa") & (obs.indicator_id == "poverty_rate") & (obs.period == "2025")]
    assert sorted(zip(kept.value_as_printed, kept.supersedes)) == [("15,1", ""), ("15,3%", "phu_luc_muong_bon_vi_du")]


def test_propose_names_what_it_refuses_and_warns_on_a_document_without_figures(tmp_path, capsys):
    # office trial (stop 32): a folder was "không có tệp này", every refusal began "Dữ liệu gốc có … lỗi",
    # and an empty document gave a workbook of 0 proposals without a word
    from chiengso_stats.cli import main

    assert main(["propose", str(tmp_path), "--out", str(tmp_path / "ra_soat.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "Văn bản có 1 lỗi" in err and "một thư mục, không phải tệp" in err and "Dữ liệu gốc" not in err
    empty = tmp_path / "trong.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["propose", str(empty), "--out", str(tmp_path / "ra_soat.xlsx")]) == 0
    assert "Không tìm thấy số liệu nào trong văn bản" in capsys.readouterr().err


def test_the_audit_sheet_places_each_item_in_the_document_that_prints_it(tmp_path):
    # fresh-eyes trial 35 (tan_an_phu): the internal check sheet put every place under the first text source in
    # source_id order, so the report's 'PHẦN 1/3 › 2° Tổ chức đảng' was cited as the appendix's; here the
    # appendix's planted 627 was cited as the report's
    from chiengso_stats.publish.appendices import appendix_workbooks

    book, out = tmp_path / "ra_soat.xlsx", tmp_path / "nhan"
    assert main(["propose", str(REPORT), str(APPENDIX), "--out", str(book)]) == 0
    officer(book)
    shutil.copy(REPORT, tmp_path)
    shutil.copy(APPENDIX, tmp_path)
    assert main(["accept", str(book), "--out", str(out)]) == 0
    shutil.copy(config.RAW_DIR / "indicators.csv", out)
    ws = appendix_workbooks(cs.load_raw(out))["phu_luc_03_muong_bon_moi.xlsx"]["Kiểm tra nội bộ"]
    place = {r[4]: r[5] for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)}
    members = next(v for k, v in place.items() if k.startswith("Số đảng viên: tổng nêu 627"))
    appendix = "Phụ lục kèm theo Báo cáo chính trị Đại hội đại biểu Đảng bộ xã Mường Bon"
    assert members.startswith(f"{appendix}, Bảng 1, dòng ")  # the appendix prints 627
    # the appendix's 15,1 set aside for the report's 15,3%: one place in each document
    twice = next(v for k, v in place.items() if "được thay bằng 15,3%" in k)
    assert twice == (
        f"{appendix}, Bảng 1, dòng 6 (Tỷ lệ hộ nghèo), cột 'Xã Tạ Khoa'; "
        "Báo cáo chính trị Đại hội đại biểu Đảng bộ xã Mường Bon, Phần thứ hai"
    )


def test_a_figure_accepted_in_both_documents_names_both_rows_and_values_uncut(tmp_path, capsys):
    # fresh-eyes trial 35 (tan_an_phu): the message put both rows and values in 'found', cut at 80 characters, so
    # the second row's STT and the appendix's value were lost ("… STT 124 (d...")
    book = tmp_path / "ra_soat.xlsx"
    assert main(["propose", str(REPORT), str(APPENDIX), "--out", str(book)]) == 0
    wb = load_workbook(book)
    ws = wb[FIGURES_SHEET]
    for r in range(FIRST_ROW, ws.max_row + 1):  # every row with an indicator, the appendix's twins too
        if ws.cell(row=r, column=COL["row_no"]).value is not None:
            ok = ws.cell(row=r, column=COL["indicator_id"]).value and ws.cell(row=r, column=COL["commune_id"]).value
            ws.cell(row=r, column=COL["decision"]).value = "Nhận" if ok else "Bỏ"
    wb[SOURCE_SHEET]["B4"], wb[SOURCE_SHEET]["C4"] = "19/8/2025", "19/8/2025"
    wb.save(book)
    shutil.copy(REPORT, tmp_path)
    shutil.copy(APPENDIX, tmp_path)
    assert main(["accept", str(book), "--out", str(tmp_path / "nhan")]) == 2
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "15,1 ở phu_luc_muong_bon_vi_du.docx" in x)
    assert re.search(r"đang ghi 'Nhận ở STT \d+ \(dòng \d+\) và STT \d+ \(dòng \d+\)'", line)
    assert "cần một số liệu in ở hai văn bản (15,3% ở bao_cao_muong_bon_vi_du.docx; 15,1 ở " in line
    assert "..." not in err
