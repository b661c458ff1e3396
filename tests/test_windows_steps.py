"""The README's Windows section, run on Linux without make: the same four lines (py -3.11 as this Python 3.11,
.venv\\Scripts\\ as .venv/bin/), in a copy of the project, then the yearly form dropped where the README says.

In a file of its own, so that pytest-xdist runs it beside the other README tests (it installs the locked
packages with pip into a new venv: a few minutes on a busy machine).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _windows_to_linux(line: str, venv_bin: Path) -> list[str]:
    """A line of the Windows block as the same command on Linux: py -3.11 -> python3.11, .venv\\Scripts\\ -> bin/."""
    words = line.split()
    if words[:2] == ["py", "-3.11"]:
        return [sys.executable, *words[2:]]  # this interpreter is a 3.11, as the launcher would pick
    words[0] = str(venv_bin / words[0].split("\\")[-1])
    return [w.replace("\\", "/") for w in words]


def test_the_windows_steps_run_without_make(tmp_path):
    """The README's Windows block, line by line, in a copy of the project: venv, locked install, the package,
    build and notebooks; then the yearly form dropped where the README says, and a rebuild."""
    import shutil

    block = re.search(r"<!-- windows:start -->\s*```bat\n(.*?)```\s*<!-- windows:end -->", README, re.DOTALL)
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert lines[0] == "py -3.11 -m venv .venv" and lines[-1] == r".venv\Scripts\chiengso-stats notebooks"
    assert r".venv\Scripts\pip install -r requirements\run.lock" in lines
    project = tmp_path / "du_an"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "chiengso_stats", "notebooks", "requirements"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    shutil.copytree(ROOT / "data" / "raw", project / "data" / "raw")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", CHIENGSO_HOME)}
    env["PYTHONIOENCODING"] = "utf-8"
    for line in lines:
        done = subprocess.run(
            _windows_to_linux(line, project / ".venv" / "bin"),
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        assert done.returncode == 0, (line, done.stderr[-3000:])
    reports = project / "reports"
    assert (reports / "phu_luc_03_chieng_so_moi.xlsx").exists()
    assert len(list((reports / "notebooks").glob("*.html"))) == 4
    # the yearly form, where the README says to drop it: data\raw\monitoring\2026.xlsx
    assert r"data\raw\monitoring\2026.xlsx" in README
    (project / "data" / "raw" / "monitoring").mkdir(exist_ok=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "theo_doi_vi_du" / "2026.xlsx", project / "data" / "raw" / "monitoring")
    rebuild = subprocess.run(
        _windows_to_linux(r".venv\Scripts\chiengso-stats build", project / ".venv" / "bin"),
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert rebuild.returncode == 0, rebuild.stderr
    assert (reports / "theo_doi_nam_2026.xlsx").exists()


CHIENGSO_HOME = "CHIENGSO_STATS_HOME"
