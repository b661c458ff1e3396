"""Every notebook runs from a fresh kernel; its HTML report opens in a real browser."""

import json
import shutil

import nbformat
import pytest

from chiengso_stats import config
from chiengso_stats.notebooks_runner import NotebookFailed, notebook_sources, run_notebooks

import browser

HEADINGS = {
    "01_hop_nhat_so_lieu": ["Hợp nhất số liệu xã Chiềng Sơ", "Đối chiếu với số tổng báo cáo nêu cho xã mới"],
    "02_khoang_cach_muc_tieu_2030": ["Hiện trạng và mức cần phấn đấu đến năm 2030", "Toàn bộ chỉ tiêu năm 2030"],
    "03_xuat_phu_luc": ["Xuất phụ lục", "Các tệp đã ghi"],
    "04_theo_doi_hang_nam": ["Theo dõi hằng năm 2026-2030", "Lộ trình từng chỉ tiêu", "Bảng tiến độ"],
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("nb")
    written = run_notebooks(out / "notebooks", reports_dir=out / "reports", progress=False)
    return out, {p.name: p for p in written}


def test_notebooks_are_jupytext_with_one_parameters_cell():
    sources = notebook_sources()
    assert [p.stem for p in sources] == list(HEADINGS)
    for p in sources:
        text = p.read_text(encoding="utf-8")
        assert "format_name: percent" in text
        assert text.count('tags=["parameters"]') == 1
        assert "raw_dir = None" in text and "out_dir = None" in text
        assert "os.chdir" not in text and "../data" not in text  # paths come from the package config


def test_all_notebooks_run_from_a_fresh_kernel(run):
    out, written = run
    assert sorted(written) == sorted(f"{s}.{ext}" for s in HEADINGS for ext in ("ipynb", "html"))
    assert (out / "plotly.min.js").stat().st_size > 1_000_000  # one copy, at the top of the reports folder
    nb = nbformat.read(written["02_khoang_cach_muc_tieu_2030.ipynb"], as_version=4)
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    # (6c) left "Chưa đạt" for "Chưa kết luận được": its baseline is only 'ít nhất 1'
    assert "**3** đã đạt chỉ tiêu năm 2030, **6** chưa đạt, **1** chưa kết luận được" in outputs
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    assert sorted(p.name for p in (out / "reports").glob("*.xlsx")) == [
        "phu_luc_01_chieng_so.xlsx",
        "phu_luc_02_yen_hung.xlsx",
        "phu_luc_03_chieng_so_moi.xlsx",
    ]
    nb1 = json.dumps(
        [c.get("outputs", []) for c in nbformat.read(written["01_hop_nhat_so_lieu.ipynb"], as_version=4).cells],
        ensure_ascii=False,
    )
    assert "17.145" in nb1 and "Lệch (-75)" in nb1 and "Báo cáo chính trị" in nb1
    nb4 = json.dumps(
        [c.get("outputs", []) for c in nbformat.read(written["04_theo_doi_hang_nam.ipynb"], as_version=4).cells],
        ensure_ascii=False,
    )
    assert "Chưa có số liệu năm nào sau 2025" in nb4


def test_yearly_notebook_on_the_example_forms(raw_copy, tmp_path):
    from conftest import FIXTURES

    (raw_copy / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", raw_copy / "monitoring" / f"{year}.xlsx")
    folder = tmp_path / "nbs"
    folder.mkdir()
    shutil.copy(config.NOTEBOOKS_DIR / "04_theo_doi_hang_nam.py", folder / "04_theo_doi_hang_nam.py")
    written = run_notebooks(
        tmp_path / "out", raw_dir=raw_copy, reports_dir=tmp_path / "r", notebooks_dir=folder, progress=False
    )
    html = next(p for p in written if p.suffix == ".html")
    page = browser.load(html)
    assert page["errors"] == [] and page["dom"].count('class="main-svg"') >= 2
    assert "Đến năm 2028, trong 36 chỉ tiêu: 5 đạt tiến độ, 3 chậm tiến độ" in page["text"]
    assert "2.028" not in page["text"]  # years are not numbers grouped by thousands
    assert "Chậm nhất: (9) tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa — giảm so với năm 2025" in page["text"]
    assert "Năm 2029 cần: (9) 74,33% năm 2029" in page["text"]


def test_html_reports_open_in_chromium(run, tmp_path):
    _, written = run
    shots = tmp_path / "screenshots"
    for stem, headings in HEADINGS.items():
        html = written[f"{stem}.html"]
        page = browser.load(html, screenshot=shots / f"{stem}.png")
        assert page["errors"] == [], page["errors"]
        for heading in headings:
            assert heading in page["text"], heading
        assert "import chiengso_stats" not in page["text"]  # code cells are hidden
        if stem != "03_xuat_phu_luc":
            assert page["dom"].count('class="main-svg"') >= 2  # plotly drew its SVG
        assert (shots / f"{stem}.png").stat().st_size > 10_000


def test_charts_draw_with_the_network_off(tmp_path):
    """Every chart HTML opens in Chromium with no network: plotly draws, no request fails."""
    from chiengso_stats.cli import main

    assert main(["--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "build"]) == 0
    charts = sorted((tmp_path / "r" / "charts").glob("*.html"))
    assert len(charts) == 4 and (tmp_path / "r" / "plotly.min.js").exists()
    for chart in charts:
        page = browser.load(chart)
        assert page["errors"] == [], (chart.name, page["errors"])
        assert page["dom"].count('class="main-svg"') >= 1, chart.name


def test_reports_weigh_under_12_mb_with_the_yearly_outputs(raw_copy, tmp_path):
    """Everything `make run` writes, with three yearly forms in: under 12 MB (decimal)."""
    from chiengso_stats.cli import main

    from conftest import FIXTURES

    (raw_copy / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", raw_copy / "monitoring" / f"{year}.xlsx")
    assert (
        main(["notebooks", "--raw", str(raw_copy), "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r")])
        == 0
    )
    files = [p for p in (tmp_path / "r").rglob("*") if p.is_file()]
    assert sum(p.name == "plotly.min.js" for p in files) == 1
    assert sum(p.stat().st_size for p in files) <= 12_000_000


def test_no_html_report_loads_anything_from_the_network(run, tmp_path):
    from chiengso_stats.cli import main

    _, written = run
    assert main(["--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "build"]) == 0
    pages = [p for p in written.values() if p.suffix == ".html"] + sorted((tmp_path / "r").rglob("*.html"))
    assert len(pages) == 4 + 4  # four notebook reports, four charts
    for page in pages:
        assert browser.network_loads(page.read_text(encoding="utf-8")) == [], page.name
    # the check itself can fail: the stock lab template loads require.js and mermaid from a CDN
    import warnings

    from nbconvert import HTMLExporter

    with warnings.catch_warnings():  # the kept notebook holds plotly's MIME type only, which HTML cannot show
        warnings.simplefilter("ignore", UserWarning)
        stock, _ = HTMLExporter(template_name="lab").from_notebook_node(
            nbformat.read(written["02_khoang_cach_muc_tieu_2030.ipynb"], as_version=4)
        )
    loads = browser.network_loads(stock)
    assert any("require" in u for u in loads) and any("mermaid" in u for u in loads)


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


def test_rerun_on_the_same_data_gives_identical_files(run):
    out, written = run
    before = {name: path.read_bytes() for name, path in written.items()}
    again = run_notebooks(out / "notebooks", reports_dir=out / "reports", progress=False)
    assert {p.name: p.read_bytes() for p in again} == before
