"""Publish: helpers the notebooks share, so each notebook cell stays one call to the library.

Figures are displayed with both the plotly MIME type (interactive in JupyterLab) and
self-contained HTML (plotly.js inlined once per notebook), so the HTML report rendered
from an executed notebook works offline and without Python.
"""

from __future__ import annotations

import json

import pandas as pd
from IPython.display import Markdown, display
from openpyxl import load_workbook

from ..analysis.reconcile import check_text, preferred_observations
from ..ingest.sources import KIND_VI
from ..numbers import format_vn

_state = {"plotly_loaded": False, "n": 0, "tables": 0}


PLOTLY_JS = "../plotly.min.js"  # one copy at the top of reports/, written by the build and the notebook runner


def show(fig) -> None:
    """A plotly figure: interactive in JupyterLab (plotly's MIME type); in the HTML report, drawn by the
    one plotly.min.js of the reports folder, loaded by the first figure (no copy of plotly.js inside each report)."""
    _state["n"] += 1
    html = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"hinh-{_state['n']}",
        config={"locale": "vi", "displaylogo": False},
    )
    if not _state["plotly_loaded"]:
        html = f'<script src="{PLOTLY_JS}"></script>\n' + html
    _state["plotly_loaded"] = True
    display({"application/vnd.plotly.v1+json": json.loads(fig.to_json()), "text/html": html}, raw=True)


def table(frame: pd.DataFrame):
    """Every row, full text, no index: what a reader of the HTML report needs."""
    _state["tables"] += 1  # fixed ids, so re-running gives identical reports
    return (
        frame.style.set_uuid(f"bang{_state['tables']}")
        .hide(axis="index")
        .set_properties(**{"text-align": "left", "vertical-align": "top"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left"), ("vertical-align", "bottom")]}])
    )


def vn(frame: pd.DataFrame, decimals: int = 2) -> pd.DataFrame:
    """Numbers as Vietnamese text (17.145; 41,77), empty cells as 'không có số liệu'."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "có", False: "không"})
        elif pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: format_vn(v, None if pd.isna(v) or float(v).is_integer() else decimals)
            )
        else:
            out[column] = out[column].fillna("không có số liệu")
    return out


def communes_view(raw):
    """Each commune's area and population in its merger year: the figure in force, never one a correction supersedes."""
    c = raw.communes
    # the merge's own choice (superseded rows out, one row per commune, indicator and period), so that
    # the view never depends on how source ids sort; yearly figures after the merger are not this table's
    obs = preferred_observations(raw.observations)
    at_merger = obs.period.eq(obs.commune_id.map(dict(zip(c.commune_id, c.merger_year.astype(str)))))
    pop = obs[obs.indicator_id.isin(["population", "natural_area"]) & at_merger]
    wide = pop.set_index(["commune_id", "indicator_id"]).value.unstack()
    out = c[["commune_id", "name_vi", "role", "merged_into"]].merge(wide, on="commune_id", how="left")
    out = out.rename(
        columns={
            "commune_id": "Mã",
            "name_vi": "Xã",
            "role": "Vai trò",
            "merged_into": "Sáp nhập vào",
            "natural_area": "Diện tích (km²)",
            "population": "Dân số (người)",
        }
    )
    out["Vai trò"] = out["Vai trò"].map({"former": "xã cũ", "merged": "xã mới"})
    return table(vn(out))


def merged_view(merged: pd.DataFrame, communes: pd.DataFrame):
    """Former communes, the merged figure, how it was merged and which sources it rests on."""
    names = dict(zip(communes.commune_id, communes.name_vi))
    former = [c for c in merged.columns if c in names and merged[c].notna().any()]  # this merger's communes
    columns = ["name_vi", "unit", "period", *former, "merged", "approximate", "method", "sources", "verified"]
    return table(
        vn(
            merged[columns].rename(
                columns={
                    "name_vi": "Chỉ tiêu",
                    "unit": "Đơn vị",
                    "period": "Kỳ",
                    "merged": "Xã mới (tính)",
                    "approximate": "Gần đúng",
                    "method": "Phương pháp",
                    "sources": "Nguồn",
                    "verified": "Đã kiểm chứng",
                    **names,
                }
            )
        )
    )


def sources_view(raw):
    """The source registry, with how each source is verified and how many figures it gives."""

    s = raw.sources.copy()
    counts = raw.observations.source_id.value_counts()
    s["n"] = s.source_id.map(counts).fillna(0).astype(int)
    s["kind"] = s.kind.map(KIND_VI)
    s["sha256"] = s.sha256.str.slice(0, 12)
    return table(
        s[["source_id", "title_vi", "issuer", "date", "kind", "file", "sha256", "n"]].rename(
            columns={
                "source_id": "Mã nguồn",
                "title_vi": "Tên",
                "issuer": "Cơ quan ban hành",
                "date": "Ngày",
                "kind": "Loại / cách kiểm chứng",
                "file": "Tệp",
                "sha256": "sha256 (đầu)",
                "n": "Số liệu",
            }
        )
    )


def checks_view(merged: pd.DataFrame):
    t = merged[merged.reported.notna()]
    return table(
        vn(
            t.assign(check=[check_text(c, d) for c, d in zip(t.check_code, t.difference)])[
                ["name_vi", "unit", "merged", "reported_as_printed", "check", "reported_source_ref"]
            ].rename(
                columns={
                    "name_vi": "Chỉ tiêu",
                    "unit": "Đơn vị",
                    "merged": "Tổng các xã cũ",
                    "reported_as_printed": "Báo cáo in",
                    "check": "Đối chiếu",
                    "reported_source_ref": "Nguồn",
                }
            )
        )
    )


def findings_view(findings: pd.DataFrame, status: str | None = "fail"):
    f = findings if status is None else findings[findings.status == status]
    return table(
        f[["rule", "severity", "message_vi", "source_ref"]].rename(
            columns={"rule": "Quy tắc", "severity": "Mức độ", "message_vi": "Nội dung", "source_ref": "Nguồn"}
        )
    )


def gaps_view(gaps: pd.DataFrame):
    return table(
        vn(
            gaps[
                [
                    "target_id",
                    "description_vi",
                    "comparator",
                    "target",
                    "unit",
                    "baseline",
                    "baseline_period",
                    "gap",
                    "required_annual_change",
                    "status",
                    "note_vi",
                    "baseline_sources",
                    "verified",
                ]
            ].rename(
                columns={
                    "target_id": "Mã",
                    "description_vi": "Chỉ tiêu",
                    "comparator": "So sánh",
                    "target": "Mục tiêu",
                    "unit": "Đơn vị",
                    "baseline": "Số nền",
                    "baseline_period": "Kỳ nền",
                    "gap": "Khoảng cách",
                    "required_annual_change": "Cần mỗi năm",
                    "status": "Trạng thái",
                    "note_vi": "Ghi chú",
                    "baseline_sources": "Nguồn số nền",
                    "verified": "Đã kiểm chứng",
                }
            )
        )
    )


def markdown(text: str) -> None:
    display(Markdown(text))


def files_view(paths):
    rows = []
    for p in paths:
        wb = load_workbook(p, read_only=True)
        rows.append(
            {
                "Tệp": p.name,
                "Dung lượng (KB)": round(p.stat().st_size / 1024, 1),
                "Trang tính": ", ".join(wb.sheetnames),
                "Thư mục": str(p.parent),
            }
        )
    return table(vn(pd.DataFrame(rows), 1))


def _cell_text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_vn(value, None if float(value).is_integer() else 1)
    return "" if value is None else str(value)


def workbook_preview(path, first_row: int = 12):
    """Table rows of the first sheet, numbers as the office reads them, then its summary lines."""
    ws = load_workbook(path).active
    header = [
        ws.cell(row=first_row - 2, column=c).value or ws.cell(row=first_row - 3, column=c).value
        for c in range(1, ws.max_column + 1)
    ]
    body, summary = [], []
    for row in ws.iter_rows(min_row=first_row, max_row=ws.max_row, values_only=True):
        if not any(v not in (None, "") for v in row):
            continue
        if row[1] in (None, "") and row[0] not in (None, ""):
            summary.append(str(row[0]))  # summary lines sit in merged cells of column A
        else:
            body.append([_cell_text(v) for v in row])
    display(table(pd.DataFrame(body, columns=header)))
    markdown("\n".join(f"- {line}" for line in summary))


def progress_view(gaps: pd.DataFrame):
    """Progress of every target as of the latest year: where it stands and how it is judged."""
    g = gaps[
        [
            "target_id",
            "description_vi",
            "unit",
            "target_as_printed",
            "baseline",
            "baseline_period",
            "current_year",
            "current_value",
            "share_of_target",
            "on_track",
            "on_track_ratio",
            "progress_note_vi",
            "baseline_sources",
        ]
    ]
    g = g.assign(current_year=g.current_year.astype(str))  # a year, not a number grouped by thousands
    return table(
        vn(
            g.rename(
                columns={
                    "target_id": "Mã",
                    "description_vi": "Chỉ tiêu",
                    "unit": "Đơn vị",
                    "target_as_printed": "Mục tiêu 2030",
                    "baseline": "Số nền",
                    "baseline_period": "Kỳ nền",
                    "current_year": "Năm mới nhất",
                    "current_value": "Giá trị mới nhất",
                    "share_of_target": "So với mục tiêu (%)",
                    "on_track": "Đánh giá tiến độ",
                    "on_track_ratio": "Tỷ số tốc độ",
                    "progress_note_vi": "Ghi chú",
                    "baseline_sources": "Nguồn số nền",
                }
            )
        )
    )
