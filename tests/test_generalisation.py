"""Another merger by adding data only: two merged communes, one of them made of 60 former communes.

The second merger is an EXAMPLE (tests only, not real data): its figures are made up for the
test and its source says so.
"""

from __future__ import annotations

import pandas as pd
import pytest

from chiengso_stats.cli import main

from conftest import add_source, append_rows

N = 60


def _second_merger(raw_dir) -> None:
    """Xã Mới B (EXAMPLE) from 60 former communes b01..b60, with its own source and targets."""
    lines, communes, obs = ["VÍ DỤ KIỂM THỬ — không phải số liệu thật."], [], []
    for k in range(1, N + 1):
        cid = f"b{k:02d}"
        pop, area, cover = 1000 + k, f"{10 + k},5", f"{30 + k % 20}%"
        quote = f"Xã B{k:02d} có {pop:,} người".replace(",", ".") + f", {area} km2, che phủ rừng {cover}"
        lines.append(quote)
        communes.append(
            dict(
                commune_id=cid,
                name_vi=f"Xã B{k:02d} (cũ)",
                role="former",
                merged_into="xa_moi_b",
                province="Sơn La",
                merger_year="2025",
                term="2020-2025",
            )
        )
        obs += [
            dict(
                commune_id=cid,
                indicator_id=i,
                period="2025",
                value_as_printed=v,
                source_id="vi_du_b",
                source_ref=f"dòng {k}",
                quote=quote,
            )
            for i, v in (
                ("population", f"{pop:,}".replace(",", ".")),
                ("natural_area", f"{area} km2"),
                ("forest_cover", cover),
            )
        ]
    target = "Tỷ lệ che phủ rừng đạt 45% vào năm 2030"
    lines.append(target)
    communes.append(
        dict(
            commune_id="xa_moi_b",
            name_vi="Mới B (ví dụ)",
            role="merged",
            province="Sơn La",
            merger_year="2025",
            congress="nhất",
            term="2025-2030",
        )
    )
    add_source(raw_dir, "vi_du_b", "vi_du_b.txt", content=("\n".join(lines) + "\n").encode())
    append_rows(raw_dir / "communes.csv", communes)
    append_rows(raw_dir / "observations.csv", obs)
    append_rows(
        raw_dir / "targets_2030.csv",
        [
            dict(
                target_id="5",
                commune_id="xa_moi_b",
                indicator_id="forest_cover",
                description_vi="Tỷ lệ che phủ rừng",
                comparator=">=",
                target_as_printed="45%",
                horizon="level_2030",
                source_id="vi_du_b",
                source_ref="mục tiêu",
                quote=target,
            )
        ],
    )


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    import shutil

    from conftest import ROOT

    base = tmp_path_factory.mktemp("gen")
    raw = base / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    assert main(["--raw", str(raw), "--clean", str(base / "c1"), "--reports", str(base / "r1"), "build"]) == 0
    _second_merger(raw)
    assert main(["--raw", str(raw), "--clean", str(base / "c2"), "--reports", str(base / "r2"), "build"]) == 0
    return base


def test_a_build_with_a_60_commune_merger_beside_chieng_so_writes_every_output(both):
    reports = sorted(str(p.relative_to(both / "r2")) for p in (both / "r2").rglob("*") if p.is_file())
    assert reports == [
        ".chiengso_stats_outputs.txt",  # the build's manifest of its own files
        "charts/kiem_tra_bao_cao.html",
        "charts/theo_doi_hang_nam_chieng_so_moi.html",
        "charts/theo_doi_hang_nam_xa_moi_b.html",
        "charts/tien_do_muc_tieu_2030_chieng_so_moi.html",
        "charts/tien_do_muc_tieu_2030_xa_moi_b.html",
        "charts/xa_cu_va_xa_moi_chieng_so_moi.html",
        "charts/xa_cu_va_xa_moi_xa_moi_b.html",
        "phu_luc_01_chieng_so.xlsx",
        "phu_luc_02_yen_hung.xlsx",
        "phu_luc_03_chieng_so_moi.xlsx",
        "phu_luc_xa_moi_b.xlsx",
        "plotly.min.js",
    ]


def test_the_second_merger_is_merged_by_hand(both):
    t = pd.read_csv(both / "c2" / "merged.csv", encoding="utf-8-sig")
    b = t[t.merged_commune_id == "xa_moi_b"].set_index("indicator_id")
    # population: sum of 1000 + k for k = 1..60 = 60.000 + 1.830 = 61.830
    assert b.loc["population", "merged"] == 61830
    # area: sum of 10,5 + k = 630 + 1.830 = 2.460 km2
    assert b.loc["natural_area", "merged"] == pytest.approx(2460.0)
    assert "b01" not in t.columns and {"chieng_so", "yen_hung"} <= set(t.columns)  # long past 50, wide below
    gaps = pd.read_csv(both / "c2" / "gaps_2030.csv", encoding="utf-8-sig")
    mine = gaps[gaps.commune_id == "xa_moi_b"].iloc[0]
    cover = sum((30 + k % 20) * (10.5 + k) for k in range(1, N + 1)) / 2460
    assert mine.target_id == "5" and mine.baseline == pytest.approx(cover, abs=1e-6)


def test_chieng_so_results_do_not_change_when_another_merger_is_added(both):
    one = pd.read_csv(both / "c1" / "gaps_2030.csv", encoding="utf-8-sig")
    two = pd.read_csv(both / "c2" / "gaps_2030.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(one, two[two.commune_id == "chieng_so_moi"].reset_index(drop=True))
    m1 = pd.read_csv(both / "c1" / "merged.csv", encoding="utf-8-sig")
    m2 = pd.read_csv(both / "c2" / "merged.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(m1, m2[m2.merged_commune_id == "chieng_so_moi"][m1.columns].reset_index(drop=True))
    for name in ("phu_luc_01_chieng_so.xlsx", "phu_luc_02_yen_hung.xlsx", "phu_luc_03_chieng_so_moi.xlsx"):
        assert (both / "r1" / name).read_bytes() == (both / "r2" / name).read_bytes(), name
    # the chart is the same figure; only its div id (the file name) differs
    one_chart = (both / "r1" / "charts" / "tien_do_muc_tieu_2030.html").read_text(encoding="utf-8")
    two_chart = (both / "r2" / "charts" / "tien_do_muc_tieu_2030_chieng_so_moi.html").read_text(encoding="utf-8")
    assert one_chart == two_chart.replace("tien_do_muc_tieu_2030_chieng_so_moi", "tien_do_muc_tieu_2030")


def test_notebooks_work_per_merged_commune(both, tmp_path):
    import json

    import nbformat
    import papermill

    from chiengso_stats import config
    from chiengso_stats.publish.notebooks_runner import to_ipynb

    expected = {
        "01_hop_nhat_so_lieu": "Xã B01 (cũ)",  # the 60 former communes, in the chart
        "02_khoang_cach_muc_tieu_2030": "Trong 1 chỉ tiêu đến năm 2030",
    }  # xa_moi_b's one target
    for name, words in expected.items():
        source = to_ipynb(config.NOTEBOOKS_DIR / f"{name}.py", tmp_path / f"{name}.ipynb")
        out = tmp_path / f"{name}.out.ipynb"
        parameters = {"raw_dir": str(both / "raw"), "commune_id": "xa_moi_b"}
        papermill.execute_notebook(
            str(source), str(out), parameters=parameters, kernel_name="python3", progress_bar=False
        )
        text = json.dumps([c.get("outputs", []) for c in nbformat.read(out, as_version=4).cells], ensure_ascii=False)
        assert words in text, name


def test_a_country_of_small_mergers_stays_long_instead_of_one_column_per_commune():
    """210 former communes in 105 mergers of 2: each merger is small, but 210 columns are no table
    (a whole country's 10.035 ran out of memory as a pivot)."""
    from chiengso_stats.analysis.reconcile import reconcile
    from chiengso_stats.ingest.raw import RawData

    ids = [f"x{k:03d}" for k in range(210)]
    communes = pd.DataFrame(
        {
            "commune_id": ids + [f"m{k:03d}" for k in range(105)],
            "name_vi": ids + [f"M{k:03d}" for k in range(105)],
            "role": ["former"] * 210 + ["merged"] * 105,
            "merged_into": [f"m{k // 2:03d}" for k in range(210)] + [""] * 105,
        }
    )
    indicators = pd.DataFrame(
        {
            "indicator_id": ["population"],
            "name_vi": ["Dân số"],
            "name_en": [""],
            "unit": ["người"],
            "kind": ["extensive"],
            "aggregation": ["sum"],
            "proxy_weight": [""],
            "denominator_vi": [""],
            "direction": ["none"],
        }
    )
    obs = pd.DataFrame(
        {
            "commune_id": ids,
            "indicator_id": "population",
            "period": "2025",
            "value": [1000.0 + k for k in range(210)],
            "value_as_printed": "1",
            "source_id": "s",
            "source_ref": "s",
            "verified": True,
            "superseded_by": "",
            "supersedes": "",
            "preferred": "",
            "unit": "người",
            "qualifier": "",
            "decimal_mark": "",
            "quote": "",
            "note": "",
        }
    )
    t = reconcile(RawData(communes, indicators, obs, pd.DataFrame(), pd.DataFrame()))
    assert "x000" not in t.columns and len(t) == 105
    assert t.set_index("merged_commune_id").loc["m000", "merged"] == 1000 + 1001


def test_the_second_mergers_place_title_and_chart_come_from_its_own_data(both):
    import json

    from openpyxl import load_workbook

    ws = load_workbook(both / "r2" / "phu_luc_xa_moi_b.xlsx")["Hợp nhất"]
    texts = [c.value for row in ws.iter_rows(max_row=7) for c in row if isinstance(c.value, str)]
    # no table number in the data, its own place, the date line to fill, its own issuing body
    assert "BIỂU SỐ" in texts and "Mới B, ngày … tháng … năm 2025" in texts
    assert "ĐẢNG ỦY XÃ MỚI B" in texts and not any("CHIỀNG SƠ" in t for t in texts)
    html = (both / "r2" / "charts" / "xa_cu_va_xa_moi_xa_moi_b.html").read_text(encoding="utf-8")
    assert json.dumps("60 xã cũ và xã Mới B, theo từng chỉ tiêu") in html  # plotly escapes non-ASCII
