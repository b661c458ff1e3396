"""Charts: Vietnamese labels and separators, report values in hover text, offline HTML."""

import json

import pytest

from chiengso_stats import charts
from chiengso_stats.analysis.audit import confront, summary
from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.analysis.targets import gap_table


@pytest.fixture(scope="module")
def parts(raw):
    table = reconcile(raw)
    return table, gap_table(raw, table), summary(confront(raw, table))


def test_progress_chart_shows_baseline_and_target_with_direction(parts):
    fig = charts.progress_chart(parts[1])
    assert fig.layout.separators == ",."
    bars = fig.data[0]
    progress = dict(zip(bars.y, bars.x))
    forest = next(v for k, v in progress.items() if k.startswith("↑ (5) "))
    assert forest == pytest.approx((33.6 * 60.66 + 48 * 79.65) / 140.31 / 45 * 100)
    # (18a) 200 members over the new term: the last term's 196 is a reference, never 98% of the way
    assert not any(k.startswith("↑ (18a) ") or k.startswith("↑ (1) ") for k in progress)
    assert any("Cao hơn là tốt" in h and "Vị trí trong báo cáo: Phần thứ ba, " in h for h in bars.hovertext)
    forest_hover = next(h for h in bars.hovertext if "(5) " in h)
    assert "Chỉ tiêu năm 2030: Từ 45% trở lên" in forest_hover and "≥" not in forest_hover


def test_communes_chart_hover_shows_printed_value_and_source(raw, parts):
    fig = charts.communes_chart(parts[0], raw.observations, raw.communes)
    hover = " ".join(h for t in fig.data for h in (t.hovertext or []))
    assert "Chiềng Sơ (cũ): 9.199" in hover and "Phần thứ nhất › II.1" in hover
    assert "Xã mới: 17.145" in hover
    assert len(fig.layout.updatemenus[0].buttons) == len(fig.data)


def test_audit_chart_counts(parts):
    fig = charts.audit_chart(parts[2])
    fails = dict(zip(fig.data[1].y, fig.data[1].x))
    assert fails["Tổng nêu cho xã mới so với tổng các xã cũ"] == 1


def test_html_is_self_contained_and_stable(tmp_path, parts):
    fig = charts.audit_chart(parts[2])
    a = charts.save_html(fig, tmp_path / "a.html", "audit")
    b = charts.save_html(fig, tmp_path / "b.html", "audit")
    html = a.read_text(encoding="utf-8")
    assert 'src="plotly.min.js"' in html and (tmp_path / "plotly.min.js").stat().st_size > 1_000_000
    assert len(html) < 100_000  # plotly.js is beside the chart, not inside it
    assert a.read_bytes() == b.read_bytes()
    assert json.dumps("Kiểm tra tính nhất quán của báo cáo") in html  # plotly escapes non-ASCII in its JSON
    assert '<meta charset="utf-8" />' in html


def test_build_writes_charts_without_importing_plotly(tmp_path):
    """The build writes each chart's spec as JSON; plotly (0,1 s to import, more to validate) stays out,
    and so do the tools it does not use."""
    import subprocess
    import sys

    code = (
        "import sys; from chiengso_stats.cli import command; "
        f"sys.argv = ['chiengso-stats', 'build', '--clean', {str(tmp_path / 'c')!r}, "
        f"'--reports', {str(tmp_path / 'r')!r}]; code = command(); "
        "print(code, sorted({m.split('.')[0] for m, v in sys.modules.items() if v is not None} & "
        "{'plotly', 'hypothesis', 'nbconvert', 'docx', 'pypdf', 'yaml'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    # the program: no plotly, no hypothesis, no nbconvert; no python-docx, pypdf or yaml (the Word report and
    # onboarding commands import them when asked for)
    assert out.strip().splitlines()[-1] == "0 []"
    html = (tmp_path / "r" / "charts" / "tien_do_muc_tieu_2030.html").read_text(encoding="utf-8")
    assert '<script src="../plotly.min.js"></script>' in html and 'Plotly.newPlot("tien_do_muc_tieu_2030"' in html
    shipped = charts.plotly_js_path().read_bytes()
    assert (tmp_path / "r" / "plotly.min.js").read_bytes() == shipped  # plotly's own file, copied


def test_spec_and_figure_carry_the_same_data(parts):
    """The HTML the build writes and the Figure analysts get come from one spec."""
    spec = charts.audit_spec(parts[2])
    fig = charts.audit_chart(parts[2])
    assert [list(t.x) for t in fig.data] == [t["x"] for t in spec["data"]]
    assert spec["data"][1]["x"][list(spec["data"][1]["y"]).index("Tổng nêu cho xã mới so với tổng các xã cũ")] == 1
    assert fig.layout.separators == spec["layout"]["separators"] == ",."
