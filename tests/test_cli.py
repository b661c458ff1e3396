"""The CLI: one command builds everything; bad input exits 2 and changes no output file."""

import shutil
import subprocess
import sys

import pandas as pd

from chiengso_stats.cli import main

from conftest import tree_hashes


def test_build_writes_clean_tables_and_is_deterministic(tmp_path, capsys):
    from chiengso_stats import config

    raw_before = tree_hashes(config.RAW_DIR)
    clean, reports = tmp_path / "clean", tmp_path / "reports"
    assert main(["--clean", str(clean), "--reports", str(reports), "build"]) == 0
    out = capsys.readouterr().out
    assert "quy tắc" in out and "11 không khớp" in out
    first = tree_hashes(clean)
    assert {
        "observations.csv",
        "merged.csv",
        "audit_findings.csv",
        "audit_summary.csv",
        "gaps_2030.csv",
        "clean.meta.yaml",
    } <= set(first)
    assert (clean / "merged.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    merged = pd.read_csv(clean / "merged.csv", encoding="utf-8-sig")
    pop = merged[merged.indicator_id == "population"].iloc[0]
    assert (pop.merged, pop.check_code, pop.check) == (17145, "match", "Khớp")
    first_reports = tree_hashes(reports)
    assert {"charts/tien_do_muc_tieu_2030.html", "phu_luc_01_chieng_so.xlsx"} <= set(first_reports)
    assert main(["--clean", str(clean), "--reports", str(reports), "build"]) == 0
    assert tree_hashes(clean) == first
    assert tree_hashes(reports) == first_reports  # byte-identical charts and workbooks
    assert tree_hashes(config.RAW_DIR) == raw_before  # raw is never written


def test_bad_input_exits_2_and_leaves_outputs_untouched(tmp_path, raw_copy, shared_build, capsys):
    clean, reports = tmp_path / "clean", tmp_path / "reports"
    shutil.copytree(shared_build / "clean", clean)  # a copy of a good build's outputs: this test writes over them
    shutil.copytree(shared_build / "reports", reports)
    before = tree_hashes(clean), tree_hashes(reports)
    obs = raw_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",9.199,", ",-9.199,", 1), encoding="utf-8")
    capsys.readouterr()
    code = main(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])
    err = capsys.readouterr().err
    assert code == 2
    assert "observations.csv, dòng 3, cột 'value_as_printed': đang ghi '-9.199'; cần số không âm" in err
    assert (tree_hashes(clean), tree_hashes(reports)) == before


def test_audit_command_prints_failures_in_vietnamese():
    result = subprocess.run(
        [sys.executable, "-m", "chiengso_stats.cli", "audit"], capture_output=True, text=True, check=True
    )
    assert "Hộ kinh doanh cá thể: tổng nêu 215" in result.stdout
    assert "11 điểm không khớp" in result.stdout


# ---------------------------------------------------------------- options on either side, every sub-command
def test_folder_options_work_before_or_after_the_sub_command(tmp_path):
    from chiengso_stats.cli import _parser

    after = _parser().parse_args(["build", "--raw", "R", "--clean", "C", "--reports", "P"])
    before = _parser().parse_args(["--raw", "R", "--clean", "C", "--reports", "P", "build"])
    mixed = _parser().parse_args(["--raw", "R", "build", "--clean", "C", "--reports", "P"])
    assert (
        (after.raw, after.clean, after.reports)
        == (before.raw, before.clean, before.reports)
        == (mixed.raw, mixed.clean, mixed.reports)
        == ("R", "C", "P")
    )
    commands = (
        ["audit"],
        ["notebooks"],
        ["pdf"],
        ["template", "--year", "2026"],
        ["report", "--year", "2026"],
        ["propose", "F.docx"],
        ["accept", "B.xlsx", "--out", "O"],
    )
    for command in commands:
        for argv in ([*command, "--raw", "R", "--reports", "P"], ["--raw", "R", "--reports", "P", *command]):
            args = _parser().parse_args(argv)
            assert (args.raw, args.reports) == ("R", "P"), argv


def test_propose_accept_and_report_run_with_a_raw_folder_given(tmp_path, raw_copy, capsys):
    # `--raw DIR propose FILE` crashed: the path was passed where the loaded raw data is expected
    report = raw_copy / "bao_cao_chinh_tri_chieng_so_2025-2030.txt"
    book = tmp_path / "ra_soat.xlsx"
    assert main(["--raw", str(raw_copy), "propose", str(report), "--out", str(book)]) == 0
    assert book.is_file()
    # nothing ticked: accept refuses with the sheet and cell, exit 2, no traceback
    assert main(["accept", str(book), "--raw", str(raw_copy), "--out", str(tmp_path / "xa")]) == 2
    assert "trang 'Số liệu đề xuất', STT 1 (dòng 12), ô B12" in capsys.readouterr().err
    out = tmp_path / "bao_cao_2026.docx"
    assert main(["--raw", str(raw_copy), "report", "--year", "2026", "--out", str(out)]) == 0
    assert out.is_file()


def test_build_with_options_after_the_sub_command(tmp_path):
    assert main(["build", "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r")]) == 0
    assert (tmp_path / "c" / "merged.csv").exists() and (tmp_path / "r" / "phu_luc_01_chieng_so.xlsx").exists()


def test_notebooks_honour_raw_clean_and_reports(tmp_path, raw_copy, monkeypatch):
    import chiengso_stats.publish.notebooks_runner as runner

    seen = {}

    def fake_run(out_dir, raw_dir=None, reports_dir=None, **kw):
        seen.update(out_dir=out_dir, raw_dir=raw_dir, reports_dir=reports_dir)
        return []

    monkeypatch.setattr(runner, "run_notebooks", fake_run)
    assert (
        main(["notebooks", "--raw", str(raw_copy), "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r")])
        == 0
    )
    assert (tmp_path / "c" / "merged.csv").exists()  # --clean is honoured: the build writes there
    assert seen == {"out_dir": tmp_path / "r" / "notebooks", "raw_dir": str(raw_copy), "reports_dir": tmp_path / "r"}


def test_pdf_honours_raw_and_reports(tmp_path, raw_copy, monkeypatch):
    import chiengso_stats.publish.office as office

    seen = {}

    def fake_pdf(books, out_dir, without_sheets=()):
        seen.update(books=[b.name for b in books], out_dir=out_dir, without=without_sheets)
        return []

    monkeypatch.setattr(office, "to_pdf", fake_pdf)
    assert main(["pdf", "--raw", str(raw_copy), "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r")]) == 0
    assert seen == {
        "books": ["phu_luc_01_chieng_so.xlsx", "phu_luc_02_yen_hung.xlsx", "phu_luc_03_chieng_so_moi.xlsx"],
        "out_dir": tmp_path / "r" / "pdf",
        "without": ("Tệp nguồn (kỹ thuật)",),  # kept in the workbooks, out of the PDFs
    }


def test_a_libreoffice_failure_is_a_clear_message_and_exit_1(tmp_path, monkeypatch, capsys):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "soffice").write_text("#!/bin/sh\necho 'javaldx: could not find a Java Runtime' >&2\nexit 1\n")
    (fake / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{__import__('os').environ['PATH']}")
    code = main(["pdf", "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 1
    assert "LibreOffice không chuyển được phụ lục sang PDF: javaldx: could not find a Java Runtime" in err
    assert "Traceback" not in err


def test_version():
    from importlib.metadata import version

    import chiengso_stats

    assert chiengso_stats.__version__ == version("chiengso_stats") != "0+unknown"
    result = subprocess.run([sys.executable, "-m", "chiengso_stats.cli", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"chiengso-stats {version('chiengso_stats')}"


def test_audit_strict_and_machine_formats(capsys):
    strict = subprocess.run([sys.executable, "-m", "chiengso_stats.cli", "audit", "--strict"], capture_output=True)
    assert strict.returncode == 1  # the report has 11 failures
    # the machine formats in this process (the program's own process is tested just above)
    capsys.readouterr()
    assert main(["audit", "--format", "csv"]) == 0
    frame = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert list(frame.columns[:3]) == ["rule", "status", "severity"] and (frame.status == "fail").sum() == 11
    import json

    assert main(["audit", "--format", "json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert len(as_json) == len(frame) and as_json[0]["message_vi"] == frame.message_vi[0]


def test_public_api_exports():
    import chiengso_stats as cs

    assert cs.RawData.__name__ == "RawData" and issubclass(cs.RawDataError, ValueError)
    assert set(cs.__all__) >= {"RawData", "RawDataError", "__version__", "merged", "audit", "gaps_2030"}


def test_main_called_from_python_leaves_hypothesis_importable(tmp_path):
    """Only the program's own process marks hypothesis absent; `main` from Python does not."""
    import subprocess
    import sys

    code = (
        "import sys; from chiengso_stats.cli import main; "
        f"main(['build', '--clean', {str(tmp_path / 'c')!r}, '--reports', {str(tmp_path / 'r')!r}]); "
        "import hypothesis; print(hypothesis.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "hypothesis"


def test_propose_refuses_a_missing_file_and_a_word_97_file_with_a_message_not_a_traceback(tmp_path, capsys):
    assert main(["--reports", str(tmp_path), "propose", str(tmp_path / "khong_co.docx")]) == 2
    assert "khong_co.docx: đang có 'không có tệp này'" in capsys.readouterr().err
    old = tmp_path / "bao_cao.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 Word 97")
    assert main(["--reports", str(tmp_path), "propose", str(old)]) == 2
    assert "Lưu thành (Save As) 'Tài liệu Word (.docx)'" in capsys.readouterr().err
    assert main(["accept", str(tmp_path / "ra_soat.xlsx"), "--out", str(tmp_path / "xa")]) == 2
    assert not (tmp_path / "xa").exists()


def test_build_before_the_first_form_counts_the_verdicts_the_papers_print(tmp_path, capsys):
    # analyst's trial: before any form the build said "Chưa đủ số liệu để đánh giá: 36" while the Word
    # report and gaps_2030 said 6 met and 3 not met. Now the one verdict, the state at the baseline:
    # (4), (5), (9) not met; (1) with (1b), its yearly average, and (18a) wait for the new term:
    # 3 + 22 + 2 + 6 + 1 + 1 = 35 targets; with (1b) the 36 rows of targets_2030.csv
    assert main(["--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "build"]) == 0
    out = capsys.readouterr().out
    assert (
        "Hiện trạng năm 2025 so với chỉ tiêu năm 2030 (state at the baseline), 35 chỉ tiêu ((1) và (1b) là một "
        "chỉ tiêu, tính một lần / counted once):" in out
    )
    assert "  Chưa đạt: 3 — not met yet\n  Đã đạt chỉ tiêu năm 2030: 6 — met at the baseline\n" in out
    assert "  Chờ số liệu của nhiệm kỳ mới: 2 —" in out and "Chưa đủ số liệu để đánh giá" not in out


def test_a_mistyped_command_is_refused_in_vietnamese_first(capsys):
    # office trial (stop 32): "error: argument --year: invalid int value: 'abc'", English only
    import pytest

    with pytest.raises(SystemExit) as stop:
        main(["template", "--year", "abc"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "lệnh gõ chưa đúng, xem 'chiengso-stats template --help'" in err and "invalid int value: 'abc'" in err


def test_another_raw_folder_builds_beside_it_and_a_review_workbook_goes_beside_its_document(tmp_path, raw_copy, capsys):
    """The fresh-eyes trial of stop 34: `--raw /tmp/xa/raw build` wrote the other commune's clean tables and appendices
    into the project's data/clean and reports/; `propose` without --out put the workbook in reports/, away from the
    document `accept` then looks for beside it."""
    from chiengso_stats import config

    before = {p: p.stat().st_mtime_ns for p in config.CLEAN_DIR.glob("*.csv")}
    assert main(["--raw", str(raw_copy), "build"]) == 0
    assert (tmp_path / "clean" / "merged.csv").is_file() and (
        tmp_path / "reports" / "phu_luc_01_chieng_so.xlsx"
    ).is_file()
    assert str(tmp_path / "clean") in capsys.readouterr().out  # the build says where it wrote
    assert {p: p.stat().st_mtime_ns for p in config.CLEAN_DIR.glob("*.csv")} == before  # the project's untouched
    docs = tmp_path / "van_ban"
    docs.mkdir()
    report = docs / "bao_cao.txt"
    report.write_text((raw_copy / "bao_cao_chinh_tri_chieng_so_2025-2030.txt").read_text(encoding="utf-8"), "utf-8")
    assert main(["--raw", str(raw_copy), "propose", str(report)]) == 0
    assert (docs / "ra_soat_bao_cao.xlsx").is_file()
