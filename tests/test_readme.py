"""The README's worked examples run as written."""

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(name: str) -> str:
    m = re.search(rf"<!-- {name}:start -->\s*```bash\n(.*?)```\s*<!-- {name}:end -->", README, re.DOTALL)
    assert m, f"README has no block {name}"
    return m.group(1)


def _run(script: str, tmp_path: Path) -> str:
    """Run a README block from the project folder, in a scratch folder, with this interpreter's venv."""
    script = script.replace("/tmp/vi_du_nguon", str(tmp_path / "vd")).replace("/tmp/theo_doi_vd", str(tmp_path / "td"))
    script = script.replace("/tmp/xa_moi_vd2", str(tmp_path / "xm2")).replace("/tmp/xa_moi_vd", str(tmp_path / "xm"))
    script = script.replace(".venv/bin/", str(Path(sys.executable).parent) + "/")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_adding_figures_from_another_source_runs_as_written(tmp_path):
    out = _run(_block("vi-du-nguon"), tmp_path)
    expected = re.search(r"It prints.*?```\n(.*?)```", README, re.DOTALL).group(1)
    assert expected.strip() in out
    assert "poverty_rate    6.67        False bao_cao_chinh_tri; so_ho_2025_vi_du" in out
    assert not (ROOT / "data" / "raw" / "so_ho_2025_vi_du.txt").exists()  # the example never touches data/raw


def test_the_yearly_monitoring_loop_runs_as_written(tmp_path):
    out = _run(_block("theo-doi"), tmp_path)
    expected = re.search(r"It prints, among the build lines.*?```\n(.*?)```", README, re.DOTALL).group(1)
    assert expected.strip() in out
    for name in (
        "mau_nhap_lieu_2026.xlsx",
        "theo_doi_nam_2026.xlsx",
        "theo_doi_nam_2028.xlsx",
        "theo_doi_hang_nam.html",
    ):
        assert name in out
    assert not (ROOT / "data" / "raw" / "monitoring" / "2026.xlsx").exists()


def test_onboarding_a_new_commune_runs_as_written(tmp_path):
    out = _run(_block("xa-moi"), tmp_path)
    section = README.split("## Thêm một xã mới", 1)[1]
    for expected in re.findall(r"It prints.*?```\n(.*?)```\s*```\n(.*?)```", section, re.DOTALL)[0]:
        assert expected.strip() in out
    # hand-worked: 45,12 + 38,70 + 52,35 = 136,17 km2; 6.234 + 5.118 + 4.570 = 15.922 people
    assert "population  6234.00     5118.0   4570.00 15922.00      match" in out
    assert "Dữ liệu gốc có" not in out  # accepted and built without a problem
    xm = tmp_path / "xm"
    assert (xm / "raw" / "bao_cao_chinh_tri_phieng_khoai_vi_du.docx").read_bytes() == (
        ROOT / "tests" / "fixtures" / "xa_vi_du" / "bao_cao_chinh_tri_phieng_khoai_vi_du.docx"
    ).read_bytes()
    assert not (ROOT / "data" / "raw" / "bao_cao_chinh_tri_phieng_khoai_vi_du.docx").exists()


def test_onboarding_a_report_and_its_appendix_runs_as_written(tmp_path):
    # issue 30: one workbook for two files; the audit finds the inconsistencies planted between them
    out = _run(_block("xa-moi-2"), tmp_path)
    assert "Số đảng viên: tổng nêu 627, tổng các xã cũ (Mường Bon (cũ): 341; Tạ Khoa (cũ): 276) = 617, lệch -10" in out
    assert "Tạ Khoa (cũ): 15,3) = 13,81, lệch 0,11" in out
