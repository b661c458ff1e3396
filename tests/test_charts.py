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
    fig = charts.communes_chart(raw=raw)
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


# ---- charts for analysts (issue 29)


def test_communes_chart_keeps_the_order_given_and_names_an_unknown_id():
    fig = charts.communes_chart(["population", "natural_area", "forest_cover"])
    assert [t.name for t in fig.data] == ["Quy mô dân số", "Diện tích tự nhiên", "Tỷ lệ che phủ rừng"]
    assert [t.visible for t in fig.data] == [True, False, False]  # one at a time, behind the menu
    # 9.199 + 7.946 = 17.145 in the first view
    assert fig.data[0].y == (9199.0, 7946.0, 17145.0)
    with pytest.raises(ValueError, match=r"'populaton'.*gần nhất / nearest: 'populaton': population"):
        charts.communes_chart(["populaton"])  # used to give an empty figure


def test_facets_put_several_indicators_side_by_side_each_on_its_axis():
    fig = charts.communes_chart(["population", "natural_area"], facets=True)
    assert [t.visible for t in fig.data] == [True, True] and [t.yaxis for t in fig.data] == [None, "y2"]
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]
    # the unit as papers print it (units.csv's `printed`): km², never the catalogue's km2
    assert (fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text) == ("người", "km²")
    assert [a.text for a in fig.layout.annotations] == ["Quy mô dân số (người, 2025)", "Diện tích tự nhiên (km², 2025)"]
    # 60,66 + 79,65 = 140,31 km² for the new commune
    assert fig.data[1].hovertext[-1].startswith("Xã mới: 140,31 km²<br>")


def test_axes_group_thousands_the_vietnamese_way():
    """1.200, not 1200: plotly groups four-digit ticks only with separatethousands, and then by layout.separators."""
    fig = charts.communes_chart(["population"])
    assert fig.layout.separators == ",." and fig.layout.yaxis.separatethousands
    assert fig.layout.yaxis.exponentformat == "none"  # 15.000, not 15k


def test_progress_labels_whole_words_and_value_labels_clear_of_the_target_line(parts):
    bars = charts.progress_chart(parts[1]).data[0]
    forest = next(y for y in bars.y if y.startswith("↑ (5) "))
    # two lines of whole words, cut after a word with '…' (it was cut inside 'đất' at 60 characters)
    assert forest.count("<br>") == 1 and forest.endswith(" …") and "thân gỗ trên đất dốc" in forest
    assert all(len(line) <= 46 for y in bars.y for line in y.split("<br>"))
    # the value label sits inside the bar at its start, so 98% of (18a) is far from the 100% line
    assert (bars.textposition, bars.insidetextanchor) == ("inside", "start")


def test_static_image_through_kaleido(tmp_path, parts):
    """kaleido (the [analysis] extra) drives the Chromium found on PATH (or $BROWSER_PATH): a PNG, offline."""
    fig = charts.progress_chart(parts[1])
    path = tmp_path / "tien_do.png"
    fig.write_image(path, width=900)
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(head[16:20], "big")
    assert width == 900


def test_trajectory_years_stay_years_and_amounts_group_thousands(parts):
    """The y axis prints 1.200 (triệu đồng), the x axis 2025, never 2.025."""
    fig = charts.trajectory_chart(parts[1], parts[0])
    assert fig.layout.yaxis.separatethousands and fig.layout.separators == ",."
    assert fig.layout.xaxis.separatethousands is False


def test_communes_chart_takes_one_id_as_a_string():
    # analyst's trial: communes_chart("population", raw) was read as ten ids, its letters
    import chiengso_stats as cs

    fig = cs.charts.communes_chart("population")
    assert len(fig.data) == 1
