"""Every notebook runs from a fresh kernel; its HTML report opens in a real browser."""

import contextlib
import io
import json

import nbformat
import pytest

from chiengso_stats.build import run as build_run
from chiengso_stats.publish.notebooks_runner import notebook_sources, run_notebooks

import browser

HEADINGS = {
    "01_hop_nhat_so_lieu": ["Hợp nhất số liệu xã Chiềng Sơ", "Đối chiếu với số tổng báo cáo nêu cho xã mới"],
    "02_khoang_cach_muc_tieu_2030": ["Hiện trạng và mức cần phấn đấu đến năm 2030", "Toàn bộ chỉ tiêu năm 2030"],
    "03_xuat_phu_luc": ["Xuất phụ lục", "Các tệp đã ghi"],
    "04_theo_doi_hang_nam": ["Theo dõi hằng năm 2026-2030", "Lộ trình từng chỉ tiêu", "Bảng tiến độ"],
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The four notebooks side by side (four kernels at once), their progress lines captured."""
    out = tmp_path_factory.mktemp("nb")
    lines = io.StringIO()
    with contextlib.redirect_stdout(lines):
        build_run(
            None, out / "clean", out / "reports"
        )  # as make run: the build writes the appendices, notebook 03 shows them
        written = run_notebooks(out / "notebooks", reports_dir=out / "reports", workers=len(HEADINGS))
    return out, {p.name: p for p in written}, lines.getvalue()


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
    out, written, _ = run
    assert sorted(written) == sorted(f"{s}.{ext}" for s in HEADINGS for ext in ("ipynb", "html"))
    assert (out / "plotly.min.js").stat().st_size > 1_000_000  # one copy, at the top of the reports folder
    nb = nbformat.read(written["02_khoang_cach_muc_tieu_2030.ipynb"], as_version=4)
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    # (6c) left "Chưa đạt" for "Chưa kết luận được": its baseline is only 'ít nhất 1'; (1) (with (1b), its yearly
    # average: one target) and (18a) wait for the new term's figures; every state counted, 6 + 3 + 22 + 1 + 1 + 2 = 35
    assert (
        "Trong 35 chỉ tiêu đến năm 2030 ((1) và (1b) là một chỉ tiêu, tính một lần): **6** đã đạt chỉ tiêu năm "
        "2030, **3** chưa đạt, **22** chưa có số liệu năm 2025, **1** không so sánh được (khác chuẩn, khác cách "
        "tính), **1** chưa kết luận được (số liệu kỳ gốc chưa đủ), **2** chờ số liệu của nhiệm kỳ mới." in outputs
    )
    assert "Còn phải thực hiện nhiều nhất: (9)" in outputs  # the furthest behind, as the Word report names it
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


def test_html_reports_open_in_chromium(run, tmp_path):
    _, written, _ = run
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


def test_no_html_report_loads_anything_from_the_network(run, shared_build):
    _, written, _ = run
    pages = [p for p in written.values() if p.suffix == ".html"] + sorted((shared_build / "reports").rglob("*.html"))
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


def test_one_at_a_time_rerun_gives_the_same_bytes_as_side_by_side(run):
    out, written, _ = run
    before = {name: path.read_bytes() for name, path in written.items()}
    again = run_notebooks(out / "notebooks", reports_dir=out / "reports", progress=False, workers=1)
    assert {p.name: p.read_bytes() for p in again} == before


def test_progress_lines_follow_the_notebooks_order_whichever_kernel_finishes_first(run):
    *_, printed = run
    assert printed.splitlines() == [f"[{k}/4] {stem}.py" for k, stem in enumerate(HEADINGS, start=1)]
