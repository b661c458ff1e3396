"""Notebook runs that need their own raw folder, notebooks or outputs: apart from test_notebooks.py (which
shares one run of the four notebooks between its tests), so that pytest-xdist can give them to the other
worker."""

import shutil

import pytest

from chiengso_stats import config
from chiengso_stats.publish.notebooks_runner import NotebookFailed, notebook_sources, run_notebooks

import browser


@pytest.fixture(scope="module")
def with_forms(tmp_path_factory):
    """`chiengso-stats notebooks` on data/raw plus the three example yearly forms: all `make run` writes."""
    from chiengso_stats.cli import main

    from conftest import FIXTURES

    out = tmp_path_factory.mktemp("forms")
    raw = out / "raw"
    shutil.copytree(config.RAW_DIR, raw)
    (raw / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", raw / "monitoring" / f"{year}.xlsx")
    assert main(["notebooks", "--raw", str(raw), "--clean", str(out / "c"), "--reports", str(out / "r")]) == 0
    return out / "r"


def test_yearly_notebook_on_the_example_forms(with_forms):
    page = browser.load(with_forms / "notebooks" / "04_theo_doi_hang_nam.html")
    assert page["errors"] == [] and page["dom"].count('class="main-svg"') >= 2
    assert (
        "Đến năm 2028, trong 35 chỉ tiêu ((1) và (1b) là một chỉ tiêu, tính một lần): 4 đạt tiến độ, 3 chậm tiến độ"
        in page["text"]
    )
    assert "2.028" not in page["text"]  # years are not numbers grouped by thousands
    assert "Xa mục tiêu nhất: (9) tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa — kém hơn kỳ gốc" in page["text"]
    assert "Năm 2029 cần: (9) 74,33% năm 2029" in page["text"]


def test_reports_weigh_under_12_mb_with_the_yearly_outputs(with_forms):
    """Everything `make run` writes, with three yearly forms in: under 12 MB (decimal)."""
    files = [p for p in with_forms.rglob("*") if p.is_file()]
    assert sum(p.name == "plotly.min.js" for p in files) == 1
    assert sum(p.stat().st_size for p in files) <= 12_000_000


def test_charts_draw_with_the_network_off(shared_build):
    """Every chart HTML opens in Chromium with no network: plotly draws, no request fails."""
    charts = sorted((shared_build / "reports" / "charts").glob("*.html"))
    assert len(charts) == 4 and (shared_build / "reports" / "plotly.min.js").exists()
    for chart in charts:
        page = browser.load(chart)
        assert page["errors"] == [], (chart.name, page["errors"])
        assert page["dom"].count('class="main-svg"') >= 1, chart.name


def test_failure_names_the_notebook_and_the_cell(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    shutil.copy(notebook_sources()[0], folder / "01_ok.py")
    (folder / "02_broken.py").write_text(
        '# %% [markdown]\n# # Hỏng\n\n# %% tags=["parameters"]\nraw_dir = None\nout_dir = None\n\n'
        "# %%\nx = 1\n\n# %%\n1 / 0\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    with pytest.raises(NotebookFailed) as exc:
        run_notebooks(out, notebooks_dir=folder, reports_dir=tmp_path / "r", progress=False)
    message = str(exc.value)
    assert "02_broken.py" in message and "ZeroDivisionError" in message and "ô số" in message
    assert not out.exists()  # nothing half-written
