"""Issue 28.1: outputs never destroy inputs or each other.

One guard for every command and output option (raw folder refused, output areas apart, a folder for a
file refused), each area staged beside itself and rolled back on any OSError (another filesystem:
/tmp and /dev/shm), single files written to a temporary file then renamed, notebook 03 writing nothing,
and accept refusing a document name that is not a bare file name.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_review_workbook import book, catalogue, doc, review  # noqa: F401  (the onboarding tests' fixtures)

from chiengso_stats import build, cli
from chiengso_stats.cli import main
from chiengso_stats.ingest.review import SOURCE_SHEET

from conftest import FIXTURES, ROOT, file_hashes, run_cli

EXAMPLES = FIXTURES / "theo_doi_vi_du"


def _with_forms(raw: Path, *years: int) -> Path:
    (raw / "monitoring").mkdir(exist_ok=True)
    for year in years:
        shutil.copy(EXAMPLES / f"{year}.xlsx", raw / "monitoring" / f"{year}.xlsx")
    return raw


# ---------------------------------------------------------------- the raw folder, as any output option
@pytest.mark.parametrize("option", ["--clean", "--reports"])
def test_build_refuses_an_output_area_in_the_raw_folder_and_leaves_raw_intact(raw_copy, option):
    before = file_hashes(raw_copy)
    code, _, err = run_cli(["--raw", str(raw_copy), option, str(raw_copy), "build"])
    assert code == 2
    assert f"{option} = {raw_copy}: Không ghi vào thư mục dữ liệu gốc" in err
    assert file_hashes(raw_copy) == before  # observations.csv is still the raw table, no charts/ in raw


@pytest.mark.parametrize("command", [["template", "--year", "2026"], ["report", "--year", "2025"]])
def test_a_file_command_names_the_option_typed(raw_copy, command):
    """`--reports RAW template`: the file would go to RAW/mau_nhap_lieu_2026.xlsx because of --reports, so the
    refusal names --reports (before: '--out', an option the user never typed); with --out, --out."""
    before = file_hashes(raw_copy)
    code, _, err = run_cli(["--raw", str(raw_copy), "--reports", str(raw_copy), *command])
    assert code == 2 and f"  - --reports = {raw_copy}/" in err and "--out" not in err
    code, _, err = run_cli(["--raw", str(raw_copy), *command, "--out", str(raw_copy / "x.xlsx")])
    assert code == 2 and f"  - --out = {raw_copy / 'x.xlsx'}: Không ghi vào thư mục dữ liệu gốc" in err
    assert file_hashes(raw_copy) == before


def test_an_area_below_the_raw_folder_is_refused_too(raw_copy, tmp_path):
    code, _, err = run_cli(["--raw", str(raw_copy), "--clean", str(raw_copy / "sach"), "build"])
    assert code == 2 and "--clean" in err
    assert not (raw_copy / "sach").exists()


def test_two_output_areas_in_one_folder_are_refused(raw_copy, tmp_path):
    shared = tmp_path / "out"
    code, _, err = run_cli(["--raw", str(raw_copy), "--clean", str(shared), "--reports", str(shared), "build"])
    assert code == 2
    assert "--clean và --reports" in err and "hai vùng kết quả chung một thư mục" in err
    assert not shared.exists()
    code, _, _ = run_cli(["--raw", str(raw_copy), "--clean", str(shared / "c"), "--reports", str(shared), "build"])
    assert code == 2  # one inside the other: the reports' manifest would remove the clean tables
    assert (
        run_cli(["--raw", str(raw_copy), "--clean", str(shared / "c"), "--reports", str(shared / "r"), "build"])[0] == 0
    )


def test_the_api_build_refuses_the_raw_folder_too(raw_copy):
    from chiengso_stats.errors import OutputPlaceError

    with pytest.raises(OutputPlaceError):
        build.run(raw_copy, raw_copy / "clean", raw_copy.parent / "reports")


@pytest.mark.parametrize("command", [["template", "--year", "2026"], ["report", "--year", "2026"]])
def test_out_naming_a_folder_is_a_located_refusal(tmp_path, command):
    folder = tmp_path / "bao_cao"
    folder.mkdir()
    (folder / "giu_nguyen.txt").write_text("của văn phòng", encoding="utf-8")
    code, _, err = run_cli([*command, "--out", str(folder)])
    assert code == 2
    assert f"--out = {folder}: là một thư mục, cần tên một tệp" in err
    assert sorted(p.name for p in folder.iterdir()) == ["giu_nguyen.txt"]


# ---------------------------------------------------------------- areas on two filesystems
def test_clean_in_tmp_and_reports_in_dev_shm_build_twice(raw_copy, tmp_path):
    assert os.stat("/tmp").st_dev != os.stat("/dev/shm").st_dev, "two filesystems needed"
    clean = tmp_path / "clean"
    reports = Path("/dev/shm") / f"cs28-{os.getpid()}-{tmp_path.name}"  # tmpfs: another filesystem
    try:
        assert run_cli(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])[0] == 0
        _with_forms(raw_copy, 2026)
        code, _, err = run_cli(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])
        assert code == 0, err  # was: OSError [Errno 18] Invalid cross-device link, after clean/ was swapped
        assert (reports / "theo_doi_nam_2026.xlsx").is_file()
        assert not [p for p in reports.parent.iterdir() if p.name.startswith(f".{reports.name}-")]
    finally:
        shutil.rmtree(reports, ignore_errors=True)


def test_any_oserror_half_way_puts_every_area_back(raw_copy, tmp_path, monkeypatch):
    clean, reports = tmp_path / "c", tmp_path / "r"
    assert run_cli(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])[0] == 0
    (reports / "ghi_chu_cua_van_phong.txt").write_text("giữ", encoding="utf-8")
    before = file_hashes(clean, reports)
    _with_forms(raw_copy, 2026)
    real = os.replace

    def replace(src, dst, *a, **k):  # a full disk, or another filesystem, on the last area's move
        if Path(dst).parent == reports and Path(dst).name.startswith("theo_doi_nam"):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(build, "_exchange", lambda a, b: False)  # file by file, as on Windows
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        build.run(raw_copy, clean, reports)
    assert file_hashes(clean, reports) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_folder_exchange_keeps_the_office_s_own_files_and_drops_stale_outputs(raw_copy, tmp_path):
    clean, reports = tmp_path / "c", tmp_path / "r"
    _with_forms(raw_copy, 2026, 2027)
    assert run_cli(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])[0] == 0
    (reports / "notebooks").mkdir()
    (reports / "notebooks" / "01.html").write_text("<p>sổ tay</p>", encoding="utf-8")
    mode = reports.stat().st_mode & 0o777
    (raw_copy / "monitoring" / "2027.xlsx").unlink()
    assert run_cli(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])[0] == 0
    assert (reports / "notebooks" / "01.html").read_text(encoding="utf-8") == "<p>sổ tay</p>"
    assert not (reports / "theo_doi_nam_2027.xlsx").exists() and (reports / "theo_doi_nam_2026.xlsx").exists()
    assert reports.stat().st_mode & 0o777 == mode  # not the staging folder's private 0700


# ---------------------------------------------------------------- single files: temporary file, then rename
def _interrupt_after_half(monkeypatch, module, name):
    """The writer `module.name` writes half its bytes into the file it is given, then the power goes."""

    def half(*args, **kwargs):
        path = next(a for a in args if isinstance(a, Path))
        path.write_bytes(b"PK\x03\x04 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(module, name, half)


def test_an_interrupted_template_leaves_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "mau.xlsx"
    assert run_cli(["template", "--year", "2026", "--out", str(out)])[0] == 0
    before = out.read_bytes()
    _interrupt_after_half(monkeypatch, cli, "save_deterministic")
    with pytest.raises(KeyboardInterrupt):
        main(["template", "--year", "2026", "--out", str(out)])
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mau.xlsx"]  # no temporary file left


def test_an_interrupted_report_leaves_the_old_file(tmp_path, monkeypatch):
    from chiengso_stats.publish import docx_form

    out = tmp_path / "bao_cao.docx"
    assert run_cli(["report", "--year", "2025", "--out", str(out)])[0] == 0
    before = out.read_bytes()
    _interrupt_after_half(monkeypatch, docx_form, "fixed_zip")
    with pytest.raises(KeyboardInterrupt):
        main(["report", "--year", "2025", "--out", str(out)])
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.docx"]


def test_an_interrupted_accept_leaves_each_old_file_whole(tmp_path, book, monkeypatch):  # noqa: F811
    review(book)
    out = tmp_path / "nhan"
    assert run_cli(["accept", str(book), "--out", str(out)])[0] == 0
    before = file_hashes(out)
    real = shutil.copyfile

    def copy_half(src, dst, *a, **k):
        Path(dst).write_bytes(Path(src).read_bytes()[:10])
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "copyfile", copy_half)
    (out / "bao_cao_na_hin_vi_du.txt").unlink()  # the document is copied again
    with pytest.raises(KeyboardInterrupt):
        main(["accept", str(book), "--out", str(out)])
    monkeypatch.setattr(shutil, "copyfile", real)
    after = file_hashes(out)
    assert not (out / "bao_cao_na_hin_vi_du.txt").exists()  # not half a document
    assert {k: v for k, v in before.items() if k in after} == after
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- accept: a bare file name only
def test_accept_refuses_a_document_name_that_climbs_out_of_out(tmp_path, book):  # noqa: F811
    review(book)
    wb = load_workbook(book)
    ws = wb[SOURCE_SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Tệp văn bản")
    ws.cell(row=row, column=2).value = "../escaped_copy.docx"
    wb.save(book)
    out = tmp_path / "nhan"
    code, _, err = run_cli(["accept", str(book), "--out", str(out)])
    assert code == 2
    assert f"ra_soat.xlsx, trang '{SOURCE_SHEET}', ô B{row}: đang ghi '../escaped_copy.docx'" in err
    assert "tên một tệp, không kèm thư mục" in err
    assert not (tmp_path / "escaped_copy.docx").exists() and not out.exists()


# ---------------------------------------------------------------- notebook 03 shows, the build writes
def test_notebook_03_writes_no_appendix(tmp_path):
    import jupytext

    nb = jupytext.read(ROOT / "notebooks" / "03_xuat_phu_luc.py")
    out = tmp_path / "reports"
    out.mkdir()
    scope = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source += f"\nout_dir = {str(out)!r}\n"
        exec(compile(source, "03_xuat_phu_luc", "exec"), scope)
    assert list(out.iterdir()) == []  # was: the three appendices, outside the build's staging and manifest


def test_an_area_that_is_a_mount_point_is_staged_inside_itself(raw_copy, tmp_path, monkeypatch):
    # a container's volume: the folder's parent is another filesystem, so nothing may be staged there
    clean, reports = tmp_path / "c", tmp_path / "volume"
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: (Path(p) == reports and reports.is_dir()) or real(p))
    made = []
    real_mkdtemp = build.tempfile.mkdtemp
    monkeypatch.setattr(build.tempfile, "mkdtemp", lambda **k: made.append(k["dir"]) or real_mkdtemp(**k))
    assert run_cli(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])[0] == 0
    (reports / "cua_van_phong.txt").write_text("giữ", encoding="utf-8")
    _with_forms(raw_copy, 2026)
    assert run_cli(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])[0] == 0
    assert reports in made  # staged (and backed up) inside the volume, not beside it
    assert (reports / "theo_doi_nam_2026.xlsx").is_file() and (reports / "cua_van_phong.txt").is_file()
    assert not [p.name for p in reports.iterdir() if p.name.startswith(".volume-")]


def test_an_interrupted_pdf_conversion_leaves_the_old_pdf(tmp_path, monkeypatch):
    import subprocess

    from chiengso_stats.publish import office

    workbook, out = tmp_path / "phu_luc_01.xlsx", tmp_path / "pdf"
    workbook.write_bytes(b"workbook")
    out.mkdir()
    (out / "phu_luc_01.pdf").write_bytes(b"%PDF-1.7 the old, whole PDF")

    def crash(argv, **kwargs):  # LibreOffice writes half a PDF into its --outdir, then dies
        folder = Path(argv[argv.index("--outdir") + 1])
        (folder / "phu_luc_01.pdf").write_bytes(b"%PDF-1.7 ha")
        raise subprocess.CalledProcessError(134, argv)

    monkeypatch.setattr(office, "soffice", lambda: "soffice")
    monkeypatch.setattr(office.subprocess, "run", crash)
    with pytest.raises(subprocess.CalledProcessError):
        office.to_pdf([workbook], out)
    assert (out / "phu_luc_01.pdf").read_bytes() == b"%PDF-1.7 the old, whole PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pdf", "phu_luc_01.xlsx"]


# ---- the public API's export: the same guard, the same atomic write
def test_export_appendices_refuses_the_raw_folder_and_writes_nothing(raw_copy):
    import chiengso_stats as cs
    from chiengso_stats.errors import OutputPlaceError

    before = sorted(p.name for p in raw_copy.rglob("*"))
    with pytest.raises(OutputPlaceError, match="out_dir"):
        cs.export_appendices(raw_copy / "phu_luc", raw_copy)
    assert sorted(p.name for p in raw_copy.rglob("*")) == before


def test_export_appendices_interrupted_leaves_the_old_file(tmp_path, monkeypatch):
    import chiengso_stats as cs
    from chiengso_stats.publish import appendices

    first = cs.export_appendices(tmp_path)
    old = {p.name: p.read_bytes() for p in first}

    def half_then_fail(wb, path):
        path.write_bytes(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(appendices, "save_deterministic", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        cs.export_appendices(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.xlsx")} == old
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


# ---- found by the office-user trial
def test_a_file_written_atomically_is_shared_like_any_other(tmp_path):
    from chiengso_stats.outputs import atomic_write

    old = os.umask(0o022)
    try:
        out = atomic_write(tmp_path / "bao_cao.docx", lambda tmp: tmp.write_bytes(b"x"))
    finally:
        os.umask(old)
    assert oct(out.stat().st_mode & 0o777) == "0o644"  # mkstemp alone gave 0o600


def test_report_over_a_locked_file_says_close_it_exit_2(tmp_path, monkeypatch, capsys):
    from chiengso_stats import outputs
    from chiengso_stats.cli import main

    out = tmp_path / "bao_cao.docx"
    out.write_bytes(b"the old report")

    def locked(src, dst):  # Windows: Word holds the file open
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(outputs.os, "replace", locked)
    assert main(["template", "--year", "2026", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "đang mở ở chương trình khác" in err and "bao_cao.docx" in err
    assert out.read_bytes() == b"the old report"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# ---- every file option: never into another output area (the clean folder, the archive, the build's reports)
def _project(raw_copy: Path) -> tuple[list[str], Path, Path, Path]:
    """Folder options laid out as the project's: data/clean, data/archive beside it, reports."""
    home = raw_copy.parent
    clean, reports = home / "data" / "clean", home / "reports"
    return (
        ["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports)],
        clean,
        clean.parent / "archive",
        reports,
    )


@pytest.mark.parametrize(
    "command, where, message",
    [
        (["report", "--year", "2025"], "clean/x.docx", "nằm trong thư mục dữ liệu sạch {clean} (--clean)"),
        (["template", "--year", "2026"], "clean/mau.xlsx", "nằm trong thư mục dữ liệu sạch {clean} (--clean)"),
        (
            ["template", "--year", "2026"],
            "archive/monitoring/mau.xlsx",
            "nằm trong thư mục lưu trữ biểu {archive} (bên cạnh --clean)",
        ),
        (
            ["propose", "{doc}"],
            "reports/phu_luc_03_chieng_so_moi.xlsx",
            "là chỗ lệnh build ghi trong thư mục báo cáo {reports} (--reports: charts/, pdf/, notebooks/, "
            "phu_luc_*.xlsx, theo_doi_nam_*.xlsx, plotly.min.js)",
        ),
        (["report", "--year", "2025"], "reports/charts/bao_cao.docx", "là chỗ lệnh build ghi trong thư mục báo cáo"),
    ],
)
def test_a_file_option_into_another_output_area_is_refused_exit_2_nothing_written(raw_copy, command, where, message):
    folders, clean, archive, reports = _project(raw_copy)
    assert run_cli([*folders, "build"])[0] == 0
    document = raw_copy.parent / "bao_cao_vi_du.txt"
    document.write_text("Xã Ví Dụ (mới) có 1.234 người.", encoding="utf-8")
    home = {"clean": clean, "archive": archive, "reports": reports}
    out = home[where.split("/")[0]].joinpath(*where.split("/")[1:])
    before = file_hashes(raw_copy, clean, archive, reports)
    code, _, err = run_cli([*folders, *[c.format(doc=document) for c in command], "--out", str(out)])
    assert code == 2
    shown = message.format(clean=clean, archive=archive, reports=reports)
    assert f"--out = {out}: {shown}" in err and "nơi lệnh build ghi kết quả: chọn chỗ khác" in err
    assert file_hashes(raw_copy, clean, archive, reports) == before  # the build's own phu_luc_03 untouched
    assert out.exists() == (str(out) in before)


def test_a_file_of_the_office_s_own_beside_the_build_s_reports_is_still_written(raw_copy):
    folders, _, _, reports = _project(raw_copy)
    code, _, err = run_cli([*folders, "template", "--year", "2026", "--out", str(reports / "mau_2026.xlsx")])
    assert code == 0, err
    assert (reports / "mau_2026.xlsx").is_file()


def test_pdf_refuses_a_reports_folder_inside_the_archive_of_forms(raw_copy):
    folders, clean, archive, _ = _project(raw_copy)
    inside = archive / "bao_cao"
    code, _, err = run_cli([*folders[:4], "--reports", str(inside), "pdf"])
    assert code == 2
    assert "--reports và lưu trữ biểu (bên cạnh --clean)" in err and "hai vùng kết quả chung một thư mục" in err
    assert not inside.exists() and not clean.exists()


def test_export_appendices_refuses_the_build_s_own_appendices_and_clean_folder(tmp_path, monkeypatch):
    import chiengso_stats as cs
    from chiengso_stats import config
    from chiengso_stats.errors import OutputPlaceError

    reports, clean = tmp_path / "reports", tmp_path / "data" / "clean"
    monkeypatch.setattr(config, "REPORTS_DIR", reports)
    monkeypatch.setattr(config, "CLEAN_DIR", clean)
    with pytest.raises(OutputPlaceError) as exc:
        cs.export_appendices(reports)  # over reports/phu_luc_*.xlsx, which the build writes and lists
    assert f"out_dir = {reports / 'phu_luc_*.xlsx'}: là chỗ lệnh build ghi trong thư mục báo cáo {reports}" in str(
        exc.value
    )
    with pytest.raises(OutputPlaceError, match="nằm trong thư mục dữ liệu sạch"):
        cs.export_appendices(clean / "phu_luc")
    assert not reports.exists() and not clean.exists()
    written = cs.export_appendices()  # the default: a folder of its own beside the build's
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "reports/phu_luc/phu_luc_01_chieng_so.xlsx",
        "reports/phu_luc/phu_luc_02_yen_hung.xlsx",
        "reports/phu_luc/phu_luc_03_chieng_so_moi.xlsx",
    ]


def test_every_file_the_build_writes_in_reports_is_one_a_file_option_may_not_name(raw_copy):
    from chiengso_stats.outputs import MANIFEST, REPORTS_OWNED, _owned

    folders, _, _, reports = _project(raw_copy)
    _with_forms(raw_copy, 2026)
    assert run_cli([*folders, "build"])[0] == 0
    names = (reports / MANIFEST).read_text(encoding="utf-8").split()
    assert len(names) > 5 and all(_owned(reports / n, reports, REPORTS_OWNED) for n in names)
