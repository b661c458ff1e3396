"""Issue 18: the yearly form as an office really fills it. Nothing dropped, misread or ignored.

Each case of the issue (1-17) has its hand-worked result or its located refusal (exit 2, file,
sheet and cell, no output changed). The forms are the EXAMPLE corpus of
tests/fixtures/bieu_van_phong_vi_du/ (make_office_forms.py; VÍ DỤ, not real data), dropped into
monitoring/ beside the example forms of tests/fixtures/theo_doi_vi_du/ as the office would.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

import chiengso_stats as cs
from chiengso_stats import build
from chiengso_stats.cli import main
from chiengso_stats.errors import RawDataError

from conftest import FIXTURES, add_source, append_rows, file_hashes

CORPUS = FIXTURES / "bieu_van_phong_vi_du"
EXAMPLES = FIXTURES / "theo_doi_vi_du"
YEARS = (2026, 2027, 2028)
SHEET28 = "monitoring/2028.xlsx, trang 'Số liệu năm 2028'"
# what the judgement of every target rests on, compared between a changed form and the example
JUDGED = ["on_track_code", "on_track_ratio", "current_year", "current_value"]


def _drop(raw_dir: Path, case: str | None = None, years=YEARS, names=None) -> Path:
    """The example forms of `years`, then the files of corpus folder `case`, into raw_dir/monitoring/."""
    folder = raw_dir / "monitoring"
    folder.mkdir(exist_ok=True)
    for year in years:
        shutil.copy(EXAMPLES / f"{year}.xlsx", folder / f"{year}.xlsx")
    for path in sorted((CORPUS / case).iterdir()) if case else []:
        if names is None or path.name in names:
            shutil.copy(path, folder / path.name)
    return raw_dir


def _gaps(raw_dir: Path) -> pd.DataFrame:
    return cs.gaps_2030(cs.load_raw(raw_dir)).set_index("target_id")


def _form_rows(raw_dir: Path, source_id: str = "theo_doi_2028") -> pd.DataFrame:
    obs = cs.load_raw(raw_dir).observations
    return obs[obs.source_id == source_id].set_index("indicator_id")


@pytest.fixture(scope="module")
def example_gaps(tmp_path_factory) -> pd.DataFrame:
    raw = tmp_path_factory.mktemp("examples") / "raw"
    shutil.copytree(Path(cs.__file__).parent.parent / "data" / "raw", raw)
    return _gaps(_drop(raw))


def _build(raw_dir: Path, clean: Path, reports: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--raw", str(raw_dir), "--clean", str(clean), "--reports", str(reports), "build"])
    return code, out.getvalue(), err.getvalue()


def _refused(raw_dir: Path, tmp_path: Path, case: str, *expected: str, years=YEARS, names=None) -> str:
    """Build on the example forms, drop the case's files in, build again: exit 2, every output as it was."""
    clean, reports = tmp_path / "c", tmp_path / "r"
    assert _build(_drop(raw_dir, None, years), clean, reports)[0] == 0
    before = file_hashes(clean, reports)
    code, _, err = _build(_drop(raw_dir, case, years, names), clean, reports)
    assert code == 2, err
    assert file_hashes(clean, reports) == before
    for words in expected:
        assert words in err, err
    return err


# ---------------------------------------------------------------- 1. a blank row inside the table
def test_01_a_blank_row_inserted_above_cultural_families_drops_no_row(raw_copy, example_gaps):
    _drop(raw_copy, "01_dong_trong", years=(2026, 2027))
    rows = _form_rows(raw_copy)
    assert len(rows) == 14  # the 14 figures of the 2028 example, 9 of them below the blank row
    assert rows.value["cultural_family_share"] == 65 and rows.source_ref["cultural_family_share"] == (
        "Số liệu năm 2028!I23"  # one row lower than in the template
    )
    assert rows.value["population"] == 17350
    pd.testing.assert_frame_equal(_gaps(raw_copy)[JUDGED], example_gaps[JUDGED])


def test_01_a_figure_on_a_row_without_indicator_id_is_refused_at_its_cell(raw_copy, tmp_path):
    _refused(
        raw_copy,
        tmp_path,
        "01_so_tren_dong_trong",
        f"{SHEET28}, ô I22: đang ghi '65'; cần một số trên dòng có mã chỉ tiêu (ô B22 trống)",
        years=(2026, 2027),
    )


# ---------------------------------------------------------------- 2. formulas
def test_02_a_formula_without_its_computed_value_is_refused_at_its_cell(raw_copy, tmp_path):
    _refused(
        raw_copy,
        tmp_path,
        "02_cong_thuc_chua_tinh",
        f"{SHEET28}, ô I12: đang ghi 'công thức =120+125 chưa có giá trị tính sẵn'; cần một số gõ vào ô, hoặc mở "
        "tệp bằng Excel / LibreOffice Calc và lưu lại",
        years=(2026, 2027),
    )


def test_02_the_same_formula_resaved_by_libreoffice_reads_245(raw_copy, example_gaps):
    form = CORPUS / "02_cong_thuc_libreoffice" / "2028.xlsx"
    with zipfile.ZipFile(form) as z:  # the committed file is LibreOffice's own
        assert b"<Application>LibreOffice" in z.read("docProps/app.xml")
    cell = load_workbook(form, data_only=False)["Số liệu năm 2028"]["I12"]
    assert cell.value == "=120+125"
    _drop(raw_copy, "02_cong_thuc_libreoffice", years=(2026, 2027))
    rows = _form_rows(raw_copy)
    assert len(rows) == 14 and rows.value["local_budget_revenue"] == 245
    assert "ô I12 là công thức =120+125, lấy giá trị đã tính" in rows.note["local_budget_revenue"]
    g = _gaps(raw_copy)
    assert g.cumulative["1"] == 240 + 260 + 245 == 745
    pd.testing.assert_frame_equal(g[JUDGED], example_gaps[JUDGED])


# ---------------------------------------------------------------- 3. percent cells
@pytest.mark.parametrize(
    "case, value, fmt",
    [("03_phan_tram_dinh_dang", 0.435, "0.0%"), ("03_phan_tram_chu", 43.5, '0.0"%"')],
)
def test_03_percent_cells_read_as_43_5(raw_copy, example_gaps, case, value, fmt):
    cell = load_workbook(CORPUS / case / "2028.xlsx")["Số liệu năm 2028"]["I17"]
    assert (cell.value, cell.number_format) == (value, fmt)
    _drop(raw_copy, case, years=(2026, 2027))
    rows = _form_rows(raw_copy)
    assert rows.value["forest_cover"] == 43.5 and rows.value_as_printed["forest_cover"] == "43,5"
    g = _gaps(raw_copy)
    # (5) forest cover 41,774% (2025) -> 43,5% (2028) against 45% in 2030: ratio 0,9063 as in the example
    assert g.on_track_ratio["5"] == pytest.approx(0.9063, abs=1e-4) and g.on_track["5"] == "Chậm tiến độ"
    pd.testing.assert_frame_equal(g[JUDGED], example_gaps[JUDGED])


# ---------------------------------------------------------------- 4. a figure that looks mistyped
def test_04_a_fraction_typed_in_a_percent_row_is_listed_with_its_cell_and_not_judged(raw_copy, tmp_path):
    _drop(raw_copy, "04_so_nghi_sai", years=(2026, 2027))
    code, out, _ = _build(raw_copy, tmp_path / "c", tmp_path / "r")
    assert code == 0
    where = f"{SHEET28}, ô I17"
    assert "Cần xem lại 1 số liệu" in out
    assert f"  - {where}: 0,435% trong khi năm 2027 là 42,9%: có thể đã nhập tỷ lệ dạng phân số" in out
    check = pd.read_csv(tmp_path / "c" / "figures_to_check.csv", dtype=str, keep_default_na=False)
    assert check[["indicator_id", "period", "previous_period", "rule", "where"]].values.tolist() == [
        ["forest_cover", "2028", "2027", "fraction_for_percent", where]
    ]
    gaps = pd.read_csv(tmp_path / "c" / "gaps_2030.csv", dtype=str, keep_default_na=False).set_index("target_id")
    assert gaps.on_track["5"] == "Cần xem lại số liệu" and gaps.on_track_code["5"] == "review"
    assert gaps.on_track_ratio["5"] == ""  # not judged: no ratio of -52
    assert gaps.on_track["9"] == "Kém hơn kỳ gốc"  # the other rows are judged as before (one name per state)


def test_04_a_figure_ten_times_the_year_before_is_listed_and_its_targets_not_judged(raw_copy):
    _drop(raw_copy, "04_so_gap_nhieu_lan", years=(2026, 2027))
    raw = cs.load_raw(raw_copy)
    g = cs.gaps_2030(raw).set_index("target_id")
    assert (
        g.loc[["1", "1b"], "on_track"].tolist() == ["Cần xem lại số liệu"] * 2
    )  # not "Đã đạt chỉ tiêu năm 2030" on 2.950

    from chiengso_stats.analysis.plausibility import implausible  # where the list comes from

    check = implausible(raw, cs.merged(raw))
    # 2.450 against 260 in 2027: 9,4 times (the office meant 245)
    assert check[["indicator_id", "period", "rule", "where"]].values.tolist() == [
        ["local_budget_revenue", "2028", "jump", f"{SHEET28}, ô I12"]
    ]
    assert check.message_vi[0].startswith("2.450 triệu đồng năm 2028, gấp 9,4 lần mức năm 2027 (260 triệu đồng)")


# ---------------------------------------------------------------- 5. file names and sheets
@pytest.mark.parametrize(
    "case, name, sheet",
    [
        ("05_duoi_hoa", "2028.XLSX", "Số liệu năm 2028"),
        ("05_xlsm", "2028.xlsm", "Số liệu năm 2028"),
        ("05_trang_chep", "2028.xlsx", "Số liệu năm 2028 (2)"),
        ("05_tai_lan_hai", "2028 (1).xlsx", "Số liệu năm 2028"),
    ],
)
def test_05_forms_named_as_excel_or_a_browser_name_them_are_read(raw_copy, example_gaps, case, name, sheet):
    _drop(raw_copy, case, years=(2026, 2027))
    raw = cs.load_raw(raw_copy)
    source = raw.sources[raw.sources.file == f"monitoring/{name}"]
    assert len(source) == 1
    obs = raw.observations[raw.observations.source_id == source.source_id.iloc[0]].set_index("indicator_id")
    assert len(obs) == 14 and obs.source_ref["forest_cover"] == f"{sheet}!I17"
    pd.testing.assert_frame_equal(cs.gaps_2030(raw).set_index("target_id")[JUDGED], example_gaps[JUDGED])


def test_05_a_copied_sheet_beside_the_original_is_refused_naming_both(raw_copy, tmp_path):
    _refused(
        raw_copy,
        tmp_path,
        "05_hai_trang",
        "monitoring/2028.xlsx: đang có 'các trang 'Số liệu năm 2028', 'Số liệu năm 2028 (2)''; cần một trang số liệu "
        "năm 2028: xóa các trang chép thừa",
        years=(2026, 2027),
    )


def test_05_a_second_download_beside_the_first_is_a_duplicate(raw_copy, tmp_path):
    err = _refused(
        raw_copy,
        tmp_path,
        "05_tai_lan_hai",
        "monitoring/2028.xlsx: đang có 'cùng năm 2028 với 2028 (1).xlsx: 14 chỉ tiêu trùng'; cần một biểu cho mỗi "
        "năm: giữ biểu đúng, xóa bản thừa",
    )
    # one message for the pair, not one per figure (an office user's trial had 26 lines here)
    assert "Dữ liệu gốc có 1 lỗi" in err


def test_05_xls_and_ods_get_one_save_as_xlsx_message_each(raw_copy, tmp_path):
    err = _refused(
        raw_copy,
        tmp_path,
        "05_xls_ods",
        "monitoring/2028.ods: đang có 'tệp .ods'; cần biểu dạng .xlsx: mở tệp trong Excel hoặc LibreOffice, chọn Lưu "
        "thành (Save As) 'Sổ làm việc Excel (.xlsx)'",
        "monitoring/2028.xls: đang có 'tệp .xls'; cần biểu dạng .xlsx",
        years=(2026, 2027),
    )
    assert err.count("Lưu thành (Save As)") == 2 and "Dữ liệu gốc có 2 lỗi" in err


def test_05_any_other_file_in_the_folder_is_refused_with_its_name(raw_copy, tmp_path):
    _refused(
        raw_copy,
        tmp_path,
        "05_tep_khac",
        "monitoring/ghi_chu_2028.txt: đang có 'ghi_chu_2028.txt'; cần chỉ biểu nhập liệu .xlsx trong thư mục monitoring/",
    )


# ---------------------------------------------------------------- 6. years outside the term
@pytest.mark.parametrize("year", [2031, 2025])
def test_06_a_form_outside_the_term_is_refused_citing_communes_csv(raw_copy, tmp_path, year):
    err = _refused(
        raw_copy,
        tmp_path,
        f"06_nam_{year}",
        f"monitoring/{year}.xlsx: đang có 'năm {year}'; cần một năm của nhiệm kỳ 2025-2030 sau năm Đại hội: 2026-2030 "
        "(theo communes.csv, dòng 4, cột term)",
    )
    assert "supersedes" not in err and "Dữ liệu gốc có 1 lỗi" in err


# ---------------------------------------------------------------- 7. dates typed as text
def test_07_a_date_typed_day_first_is_kept(raw_copy, tmp_path):
    _drop(raw_copy, "07_ngay_dmy", years=(2027, 2028))
    assert _build(raw_copy, tmp_path / "c", tmp_path / "r")[0] == 0
    sources = pd.read_csv(tmp_path / "c" / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")
    assert sources.date["theo_doi_2026"] == "2027-01-15"


def test_07_a_date_that_does_not_exist_is_refused_at_its_cell(raw_copy, tmp_path):
    _refused(
        raw_copy,
        tmp_path,
        "07_ngay_sai",
        "monitoring/2026.xlsx, trang 'Số liệu năm 2026', ô C63: đang ghi '31/02/2027'; cần một ngày có thật",
        years=(2027, 2028),
    )


# ---------------------------------------------------------------- 8. strict targets at their threshold
def test_08_exactly_at_a_strict_threshold_is_not_met(raw_copy):
    _drop(raw_copy, "08_nguong_chat", years=(2026, 2027))
    g = _gaps(raw_copy)
    # (8) poverty < 5%: 9% (2026) -> 5% (2028) is not below 5%. Pace: (5/9)^(1/2) - 1 = -25,46%/yr against
    # the required (5/9)^(1/4) - 1 = -13,67%/yr: ratio 1,8633, on track, not met
    assert g.current_value["8"] == 5 and g.on_track_code["8"] == "on_track"
    assert g.on_track_ratio["8"] == pytest.approx((1 - (5 / 9) ** 0.5) / (1 - (5 / 9) ** 0.25), abs=1e-6)
    # (2) income > 50: 50 in 2028, no earlier figure: not above 50, and one point is no series
    assert g.current_value["2"] == 50 and g.on_track_code["2"] == "no_series"


# ---------------------------------------------------------------- 9. a missing year in a term total
def test_09_a_missing_year_is_no_zero_in_the_term_total(raw_copy):
    _drop(raw_copy, "09_thieu_nam", years=(2026, 2028))
    g = _gaps(raw_copy)
    for target in ("1", "1b"):  # 1.250 over 2026-2030 (1b: 250 a year, the same total)
        r = g.loc[target]
        # 240 (2026) + 245 (2028) = 485 against 1.250 × 2/5 = 500 for the two years with data: 97%
        assert r.on_track_ratio == pytest.approx(485 / 500) and r.on_track == "Đạt tiến độ"
        assert (r.cumulative, r.years_with_data, r.missing_years) == (485, "2026, 2028", "2027")
        assert math.isnan(r.need_per_year)  # not (1.250 - 485) / 2 = 382,5: 2027 is unknown, not 0
        assert "Thiếu số liệu năm 2027 (không tính là 0)" in r.progress_note_vi and "382,5" not in r.progress_note_vi


# ---------------------------------------------------------------- 10. a yearly figure from a record
def test_10_a_form_citing_a_record_makes_the_gap_row_unverified(raw_copy, example_gaps):
    add_source(raw_copy, "bao_dien_thoai_vi_du", None, kind="record", title="VÍ DỤ: số báo qua điện thoại")
    _drop(raw_copy, "10_nguon_ghi_chep", years=(2026, 2027))
    g = _gaps(raw_copy)
    assert example_gaps.verified["5"] and not g.verified["5"]
    assert g.verified.drop("5").equals(example_gaps.verified.drop("5"))


# ---------------------------------------------------------------- 11. notebook 01 and corrections
def test_11_notebook_01_shows_the_corrected_figure_not_the_one_it_supersedes(raw_copy, tmp_path):
    from chiengso_stats import config
    from chiengso_stats.publish.notebooks_runner import run_notebooks

    add_source(raw_copy, "dinh_chinh_dan_so_vi_du", None, kind="record", title="VÍ DỤ: đính chính dân số")
    append_rows(
        raw_copy / "observations.csv",
        [
            dict(
                commune_id="yen_hung",
                indicator_id="population",
                period="2025",
                value_as_printed="8.000",
                source_id="dinh_chinh_dan_so_vi_du",
                source_ref="Đính chính (ví dụ)",
                supersedes="bao_cao_chinh_tri",
            )
        ],
    )
    _drop(raw_copy)  # yearly population figures of the new commune too: not the merger's
    folder = tmp_path / "nbs"
    folder.mkdir()
    shutil.copy(config.NOTEBOOKS_DIR / "01_hop_nhat_so_lieu.py", folder / "01_hop_nhat_so_lieu.py")
    written = run_notebooks(
        tmp_path / "out", raw_dir=raw_copy, reports_dir=tmp_path / "r", notebooks_dir=folder, progress=False
    )
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    table = html[html.index("Dân số (người)") :]
    cells = {
        cid: re.findall(r"<td[^>]*>([^<]*)</td>", row)
        for cid, row in re.findall(
            r"<td[^>]*>(Chiềng Sơ \(cũ\)|Yên Hưng \(cũ\)|Chiềng Sơ \(mới\))</td>(.*?)</tr>", table, re.DOTALL
        )
    }  # the communes by name: the view shows no commune id
    assert cells["Yên Hưng (cũ)"][-2:] == ["79,65", "8.000"]  # not 7.946, the figure the correction supersedes
    assert cells["Chiềng Sơ (cũ)"][-2:] == ["60,66", "9.199"]
    assert cells["Chiềng Sơ (mới)"][-2:] == ["140,31", "17.145"]  # 2025, not a yearly figure of 2026-2028


# ---------------------------------------------------------------- 12. stale outputs
def test_12_a_removed_form_takes_its_yearly_table_away_and_nothing_else(raw_copy, tmp_path):
    clean, reports = tmp_path / "c", tmp_path / "r"
    assert _build(_drop(raw_copy), clean, reports)[0] == 0
    assert (reports / "theo_doi_nam_2028.xlsx").is_file()
    (reports / "ghi_chu.txt").write_text("ghi chú của văn phòng\n", encoding="utf-8")  # never written by build
    (clean / "ban_sao_rieng.csv").write_text("a,b\n", encoding="utf-8")
    assert main(["--raw", str(raw_copy), "--reports", str(reports), "template", "--year", "2029"]) == 0
    kept = file_hashes(reports / "ghi_chu.txt", clean / "ban_sao_rieng.csv", reports / "mau_nhap_lieu_2029.xlsx")
    (raw_copy / "monitoring" / "2028.xlsx").unlink()
    assert _build(raw_copy, clean, reports)[0] == 0
    assert sorted(p.name for p in reports.glob("theo_doi_nam_*")) == [
        "theo_doi_nam_2026.xlsx",
        "theo_doi_nam_2027.xlsx",
    ]
    assert len(kept) == 3 and all(Path(p).is_file() for p in kept)
    assert file_hashes(*map(Path, kept)) == kept


# ---------------------------------------------------------------- 13. sources outside the raw folder
def test_13_a_source_file_outside_the_raw_folder_is_refused(raw_copy, tmp_path):
    outside = raw_copy.parent / "x.txt"
    outside.write_text("VÍ DỤ: Xã Yên Hưng có 8.000 người.\n", encoding="utf-8")
    add_source(raw_copy, "ngoai_thu_muc_vi_du", "../x.txt")
    with pytest.raises(RawDataError) as exc:
        cs.load_raw(raw_copy)
    assert (
        "sources.csv, dòng 3, cột 'file': đang ghi '../x.txt'; cần đường dẫn trong thư mục dữ liệu gốc (chép tệp nguồn "
        "vào data/raw/, không dùng '..')" in str(exc.value)
    )


# ---------------------------------------------------------------- 14. trailing rows of an .xlsx raw table
def test_14_an_xlsx_raw_table_with_formatted_empty_rows_below_loads_like_the_csv(raw_copy):
    path = raw_copy / "observations.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    wb = Workbook()
    ws = wb.active
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    grey = PatternFill("solid", fgColor="DDDDDD")
    for r in range(len(frame) + 2, len(frame) + 18):  # 16 formatted empty rows below, as Excel leaves them
        for c in range(1, len(frame.columns) + 3):  # and two formatted empty columns to the right
            ws.cell(row=r, column=c).fill = grey
    wb.save(raw_copy / "observations.xlsx")
    path.unlink()
    from_xlsx = cs.load_raw(raw_copy).observations
    assert len(from_xlsx) == 155
    pd.testing.assert_frame_equal(
        from_xlsx.reset_index(drop=True), cs.load_raw().observations.reset_index(drop=True), check_dtype=False
    )


# ---------------------------------------------------------------- 15. a Vietnamese Windows console
def test_15_output_is_utf8_whatever_the_console_code_page(tmp_path):
    exe = Path(sys.executable).with_name("chiengso-stats")
    env = {**os.environ, "PYTHONIOENCODING": "cp1258"}
    out = tmp_path / "ket_qua.txt"
    with open(out, "wb") as f:
        done = subprocess.run([str(exe), "audit"], stdout=f, stderr=subprocess.PIPE, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    text = out.read_bytes().decode("utf-8")  # strict: the whole file is UTF-8
    assert "[Sai lệch] Hộ kinh doanh cá thể: tổng nêu 215" in text  # 'ộ' has no cp1258 code: it crashed there
    assert text.endswith("11 điểm không khớp trên 52 mục đã kiểm tra (11 failures of 52 items).\n")


# ---------------------------------------------------------------- 16. a workbook open in Excel
@pytest.fixture
def built_twice(raw_copy, tmp_path):
    """Outputs of a build on the 2026-2027 forms, then the 2028 form added: the next build would change them."""
    clean, reports = tmp_path / "c", tmp_path / "r"
    assert _build(_drop(raw_copy, years=(2026, 2027)), clean, reports)[0] == 0
    _drop(raw_copy, years=(2028,))
    return raw_copy, clean, reports


def test_16_a_locked_output_is_named_before_anything_moves(built_twice, monkeypatch):
    raw_dir, clean, reports = built_twice
    before = file_hashes(clean, reports)
    locked = reports / "theo_doi_nam_2027.xlsx"
    monkeypatch.setattr(build, "_replaceable", lambda p: Path(p) != locked, raising=False)
    code, _, err = _build(raw_dir, clean, reports)
    assert code == 2
    assert "Đóng tệp theo_doi_nam_2027.xlsx trong Excel rồi chạy lại" in err
    assert file_hashes(clean, reports) == before  # gaps_2030.csv not updated, no theo_doi_nam_2028.xlsx


def test_16_a_file_locked_half_way_through_the_swap_is_rolled_back(built_twice, monkeypatch):
    raw_dir, clean, reports = built_twice
    before = file_hashes(clean, reports)
    real, failed = os.replace, []

    def replace(src, dst, *args, **kwargs):
        # Windows refuses to replace a workbook Excel holds open; clean/ has already been swapped by then
        if Path(dst).name == "theo_doi_nam_2027.xlsx" and Path(dst).parent == reports and not failed:
            failed.append(dst)
            raise PermissionError(13, "The process cannot access the file", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(build, "_exchange", lambda a, b: False)  # as on Windows: no one-step folder exchange
    code, _, err = _build(raw_dir, clean, reports)
    assert failed and code == 2
    assert "Đóng tệp theo_doi_nam_2027.xlsx trong Excel rồi chạy lại" in err
    assert file_hashes(clean, reports) == before
    assert not [p for p in clean.parent.iterdir() if p.name.startswith(".")]  # no staging or backup left


# ---------------------------------------------------------------- 17. Excel's CSV under Vietnamese settings
def test_17_a_semicolon_separated_csv_loads_the_same_155_observations(raw_copy):
    path = raw_copy / "observations.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with open(path, "w", encoding="utf-8-sig", newline="") as f:  # as Excel writes 'CSV UTF-8' with ';'
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
    assert path.read_text(encoding="utf-8-sig").startswith("commune_id;indicator_id;period;")
    obs = cs.load_raw(raw_copy).observations
    assert len(obs) == 155
    pd.testing.assert_frame_equal(obs.reset_index(drop=True), cs.load_raw().observations.reset_index(drop=True))
