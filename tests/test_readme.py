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
