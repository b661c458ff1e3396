"""The two-command set-up contract and the conda/pip dependency lists."""

import re
import tomllib
from pathlib import Path

import yaml

from conftest import ROOT

CONDA_NAMES = {"python-duckdb": "duckdb", "python-kaleido": "kaleido"}  # conda-forge name -> PyPI name


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _conda_groups() -> dict[str, set[str]]:
    """environment.yml's dependencies, grouped by its '# core' / '# [extra]' comment lines."""
    groups, current = {}, None
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("# core"):
            current = "core"
        elif re.match(r"# \[(\w+)\]", stripped):
            current = re.match(r"# \[(\w+)\]", stripped).group(1)
        elif stripped.startswith("- ") and current and not stripped.startswith(("- pip", "- -")):
            name = _name(stripped[2:])
            groups.setdefault(current, set()).add(CONDA_NAMES.get(name, name))
    return groups


def test_environment_yml_lists_the_same_dependencies_as_pyproject_group_by_group():
    groups = _conda_groups()
    assert groups.pop("core") == {_name(d) for d in PROJECT["dependencies"]}
    assert groups == {extra: {_name(d) for d in deps} for extra, deps in PROJECT["optional-dependencies"].items()}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert "-e ." in pip_section


def test_core_install_is_what_build_needs_and_every_import_is_declared():
    assert {_name(d) for d in PROJECT["dependencies"]} == {
        "pandas",
        "pandera",
        "openpyxl",
        "plotly",
        "pyyaml",
        "numpy",
        "babel",
        "python-docx",  # the yearly report in Word; reports' documents (.docx) read as sources
        "pypdf",  # reports received as PDF read as text sources
        "defusedxml",  # the .xlsx and .docx readers: XML from files that arrive by e-mail and USB
        "pdfplumber",  # PDF text by character position (mixed fonts), issue 30
    }
    assert set(PROJECT["optional-dependencies"]) == {"notebooks", "analysis", "dev", "bench"}
    declared = {_name(d) for d in PROJECT["dependencies"]} | {
        _name(d) for deps in PROJECT["optional-dependencies"].values() for d in deps
    }
    module_of = {
        "pyyaml": "yaml",
        "ipython": "IPython",
        "python-docx": "docx",
        "pytest-xdist": "xdist",
        "jupyter-client": "jupyter_client",
    }
    modules = {module_of.get(d, d) for d in declared}
    imported = set()
    for path in list((ROOT / "chiengso_stats").rglob("*.py")) + list((ROOT / "benchmarks").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"^\s*(?:from ([A-Za-z_]\w*)\S* import\b|import ([A-Za-z_]\w*))", text, re.MULTILINE):
            imported.add(m.group(1) or m.group(2))
    third_party = (
        imported - set(__import__("sys").stdlib_module_names) - {"chiengso_stats", "synthetic", "bench_reconcile"}
    )
    assert third_party <= modules, third_party - modules
    assert "tqdm" not in third_party  # one line per notebook needs no progress-bar library


def test_the_locks_pin_every_declared_dependency():
    for lock, groups in (
        ("run.lock", ["notebooks", "analysis"]),
        ("dev.lock", ["notebooks", "analysis", "dev", "bench"]),
    ):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        pinned = {_name(line) for line in text.splitlines() if "==" in line and not line.startswith((" ", "#"))}
        wanted = {_name(d) for d in PROJECT["dependencies"]} | {
            _name(d) for g in groups for d in PROJECT["optional-dependencies"][g]
        }
        assert wanted <= pinned, (lock, wanted - pinned)
    assert "pytest" not in (ROOT / "requirements" / "run.lock").read_text(encoding="utf-8").split("==")[0]


def test_makefile_offers_run_test_and_help():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("help:", "run:", "test:", "install:", "lock:", "lint:", "lab:"):
        assert target in text
    assert "chiengso-stats build" in text
    assert "-m venv" in text


def test_ci_calls_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


def _fresh_venv(tmp_path):
    """A new venv with the package installed from a wheel (not editable), versions from the lock."""
    import shutil
    import subprocess
    import sys

    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv, "uv is installed by `make install` (pip install uv)"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # built from a copy, so that setuptools' build/ folder never lands in the working tree
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "chiengso_stats"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, source / name)
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(venv / "bin" / "python"),
            "-c",
            str(ROOT / "requirements" / "dev.lock"),
            str(source),
        ],
        check=True,
        timeout=600,
    )
    return venv / "bin"


def test_a_non_editable_install_builds_from_another_folder(tmp_path):
    import os
    import subprocess

    bin_dir = _fresh_venv(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Bytecode may be written in the scratch venv: its first process compiles pandas and friends, the
    # three after it reuse the .pyc (where PYTHONDONTWRITEBYTECODE is set, each compiled them again).
    env = {k: v for k, v in os.environ.items() if k not in ("CHIENGSO_STATS_HOME", "PYTHONDONTWRITEBYTECODE")}
    # 1. options: the raw folder given, outputs where told
    done = subprocess.run(
        [
            str(bin_dir / "chiengso-stats"),
            "--raw",
            str(ROOT / "data" / "raw"),
            "build",
            "--clean",
            str(tmp_path / "c"),
            "--reports",
            str(tmp_path / "r"),
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "17145" in (tmp_path / "c" / "merged.csv").read_text(encoding="utf-8-sig")
    assert (tmp_path / "r" / "phu_luc_03_chieng_so_moi.xlsx").exists()
    location = subprocess.run(
        [str(bin_dir / "python"), "-c", "import chiengso_stats; print(chiengso_stats.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert str(tmp_path / "venv") in location  # the installed copy ran, not the source tree
    # 2. the environment variable names the project
    project = tmp_path / "project"
    shutil_copy = __import__("shutil").copytree
    shutil_copy(ROOT / "data" / "raw", project / "data" / "raw")
    done = subprocess.run(
        [str(bin_dir / "chiengso-stats"), "build"],
        cwd=elsewhere,
        env={**env, "CHIENGSO_STATS_HOME": str(project)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (project / "data" / "clean" / "merged.csv").exists() and (project / "reports" / "charts").is_dir()
    # 3. the current project: run from inside it
    (project / "data" / "clean" / "merged.csv").unlink()
    done = subprocess.run(
        [str(bin_dir / "chiengso-stats"), "build"], cwd=project / "data", env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (project / "data" / "clean" / "merged.csv").exists()
    version = subprocess.run(
        [str(bin_dir / "chiengso-stats"), "--version"], env=env, capture_output=True, text=True
    ).stdout
    assert version.strip() == f"chiengso-stats {PROJECT['version']}"


def test_make_lab_makes_jupytext_the_default_viewer_of_py_notebooks(tmp_path):
    import json
    import os
    import subprocess
    import sys

    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = text.split("\nlab:")[1].split("\n\n")[0]
    assert "jupytext-config set-default-viewer python" in lab and "jupyter lab --notebook-dir=notebooks" in lab
    # the same command, in a scratch config folder: .py files then open with the Jupytext Notebook viewer
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jupytext-config"), "set-default-viewer", "python"],
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    settings = json.loads((tmp_path / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["python"] == "Jupytext Notebook"
