"""The CLI: one command builds everything; bad input exits 2 and changes no output file."""
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd

from chiengso_stats.cli import main


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_clean_tables_and_is_deterministic(tmp_path, capsys):
    from chiengso_stats import config
    raw_before = _hashes(config.RAW_DIR)
    clean, reports = tmp_path / "clean", tmp_path / "reports"
    assert main(["--clean", str(clean), "--reports", str(reports), "build"]) == 0
    out = capsys.readouterr().out
    assert "quy tắc" in out and "11 không khớp" in out
    first = _hashes(clean)
    assert {"observations.csv", "merged.csv", "audit_findings.csv", "audit_summary.csv", "gaps_2030.csv",
            "clean.meta.yaml"} <= set(first)
    assert (clean / "merged.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    merged = pd.read_csv(clean / "merged.csv", encoding="utf-8-sig")
    pop = merged[merged.indicator_id == "population"].iloc[0]
    assert (pop.merged, pop.check) == (17145, "khớp")
    first_reports = _hashes(reports)
    assert {"charts/tien_do_muc_tieu_2030.html", "phu_luc_01_chieng_so.xlsx"} <= set(first_reports)
    assert main(["--clean", str(clean), "--reports", str(reports), "build"]) == 0
    assert _hashes(clean) == first
    assert _hashes(reports) == first_reports  # byte-identical charts and workbooks
    assert _hashes(config.RAW_DIR) == raw_before  # raw is never written


def test_bad_input_exits_2_and_leaves_outputs_untouched(tmp_path, raw_copy, capsys):
    clean, reports = tmp_path / "clean", tmp_path / "reports"
    assert main(["--clean", str(clean), "--reports", str(reports), "build"]) == 0
    before = _hashes(clean), _hashes(reports)
    obs = raw_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",9.199,", ",-9.199,", 1), encoding="utf-8")
    capsys.readouterr()
    code = main(["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"])
    err = capsys.readouterr().err
    assert code == 2
    assert "observations.csv, dòng 3, cột 'value_as_printed': gặp '-9.199', cần số không âm" in err
    assert (_hashes(clean), _hashes(reports)) == before


def test_audit_command_prints_failures_in_vietnamese():
    result = subprocess.run([sys.executable, "-m", "chiengso_stats.cli", "audit"], capture_output=True,
                            text=True, check=True)
    assert "Hộ kinh doanh cá thể: tổng in 215" in result.stdout
    assert "11 điểm không khớp" in result.stdout
