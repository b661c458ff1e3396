"""Plotly figures for analysts: Vietnamese labels, Vietnamese number separators,
hover text with the value as the report prints it and where it is printed."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .numbers import format_vn

SEPARATORS = ",."  # decimal ',' and thousands '.'
COLORS = {"chieng_so": "#4C78A8", "yen_hung": "#F58518", "merged": "#54A24B", "target": "#E45756"}


def _layout(fig: go.Figure, title: str, **kw) -> go.Figure:
    fig.update_layout(title=title, separators=SEPARATORS, template="plotly_white",
                      font=dict(family="Times New Roman, serif", size=13), legend_title_text="", **kw)
    return fig


def progress_chart(gaps: pd.DataFrame) -> go.Figure:
    """Baseline against target for every quantified 2030 target that has a baseline.

    Targets have different units, so the axis shows the baseline as a percentage of the
    target (for "lower is better" targets, target over baseline): 100% means met. The
    real values, the direction and the source are in the hover text.
    """
    g = gaps[gaps.status.isin(["đã đạt", "chưa đạt"]) & (gaps.horizon != "additional_2026_2030")].copy()
    lower = g.comparator.isin(["<", "<="])
    g["progress"] = (g.target / g.baseline).where(lower, g.baseline / g.target) * 100
    arrow = lower.map({True: "↓", False: "↑"})
    g["label"] = arrow + " (" + g.target_id + ") " + g.description_vi.str.slice(0, 60)
    hover = [f"<b>({r.target_id}) {r.description_vi}</b><br>Hiện trạng {r.baseline_period}: "
             f"{format_vn(r.baseline, 2)} {r.unit}<br>Mục tiêu 2030: {r.comparator} {r.target_as_printed}"
             f"<br>{'Thấp hơn là tốt' if lo else 'Cao hơn là tốt'} · {r.status}"
             + (" · số nền gần đúng" if r.approximate else "") + f"<br>Nguồn: {r.source_ref}"
             for r, lo in zip(g.itertuples(), lower)]
    colors = g.status.map({"đã đạt": COLORS["merged"], "chưa đạt": COLORS["target"]})
    fig = go.Figure(go.Bar(x=g.progress, y=g.label, orientation="h", marker_color=colors, hovertext=hover,
                           hoverinfo="text", text=[f"{format_vn(p, 1)}%" for p in g.progress],
                           textposition="outside", name="Hiện trạng so với mục tiêu"))
    fig.add_vline(x=100, line_dash="dash", line_color="#333", annotation_text="Mục tiêu 2030 (100%)",
                  annotation_position="top")
    return _layout(fig, "Tiến độ đến mục tiêu 2030 — xã Chiềng Sơ mới (↑ cao hơn là tốt, ↓ thấp hơn là tốt)",
                   xaxis_title="Hiện trạng so với mục tiêu (%)", height=160 + 55 * len(g),
                   yaxis=dict(autorange="reversed"), margin=dict(l=420))


def communes_chart(table: pd.DataFrame, observations: pd.DataFrame, communes: pd.DataFrame,
                   indicator_ids: list[str] | None = None) -> go.Figure:
    """Former communes side by side with the merged value; a menu picks the indicator.

    Units differ between indicators, so each indicator gets its own view instead of one
    crowded axis.
    """
    former = communes[communes.role == "former"].sort_values("commune_id")
    names = dict(zip(communes.commune_id, communes.name_vi))
    t = table[(table.kind != "qualitative") & table[list(former.commune_id)].notna().any(axis=1)]
    if indicator_ids is not None:
        t = t[t.indicator_id.isin(indicator_ids)]
    printed = observations.drop_duplicates(["commune_id", "indicator_id", "period"]).set_index(
        ["commune_id", "indicator_id", "period"])
    fig, buttons = go.Figure(), []
    for k, r in enumerate(t.itertuples()):
        x, y, text, colors = [], [], [], []
        for cid in former.commune_id:
            key = (cid, r.indicator_id, r.period)
            value = getattr(r, cid)
            x.append(names[cid])
            y.append(value)
            colors.append(COLORS.get(cid, "#4C78A8"))
            text.append(f"{names[cid]}: {printed.value_as_printed.get(key, 'không có số liệu')}"
                        f"<br>Nguồn: {printed.source_ref.get(key, '')}")
        merged_text = (f"Xã mới: {format_vn(r.merged, 2)} {r.unit}<br>{r.method}" if not pd.isna(r.merged)
                       else f"Xã mới: không có số liệu<br>{r.method}")
        if not pd.isna(r.reported):
            merged_text += f"<br>Báo cáo in: {r.reported_as_printed} ({r.check})"
        fig.add_trace(go.Bar(x=x + ["Xã mới (gộp)"], y=y + [r.merged], marker_color=colors + [COLORS["merged"]],
                             hovertext=text + [merged_text], hoverinfo="text", name=r.name_vi, visible=k == 0,
                             showlegend=False))
        visible = [i == k for i in range(len(t))]  # one trace per indicator
        buttons.append(dict(label=f"{r.name_vi} ({r.unit}, {r.period})", method="update",
                            args=[{"visible": visible}, {"yaxis.title.text": r.unit}]))
    first = t.iloc[0] if len(t) else None
    fig.update_layout(updatemenus=[dict(buttons=buttons, direction="down", x=0, xanchor="left", y=1.13,
                                        yanchor="top", showactive=True)],
                      yaxis_title=first.unit if first is not None else "")
    return _layout(fig, "Hai xã cũ và xã mới, theo từng chỉ tiêu", margin=dict(t=120), height=520)


def audit_chart(summary: pd.DataFrame) -> go.Figure:
    """Items per audit rule: passes, fails, not applicable."""
    labels = summary.description.str.split(" / ").str[0]
    fig = go.Figure()
    for column, name, color in (("passes", "Khớp", "#54A24B"), ("fails", "Không khớp", "#E45756"),
                                ("not_applicable", "Không áp dụng", "#BAB0AC")):
        fig.add_trace(go.Bar(y=labels, x=summary[column], name=name, orientation="h", marker_color=color,
                             hovertemplate="%{y}: %{x} mục<extra>" + name + "</extra>"))
    return _layout(fig, "Kiểm tra tính nhất quán của báo cáo", barmode="stack", xaxis_title="Số mục kiểm tra",
                   height=450)


def save_html(fig: go.Figure, path: Path, div_id: str) -> Path:
    """Self-contained HTML with plotly.js embedded (no CDN); a fixed div id keeps bytes stable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(path, include_plotlyjs=True, full_html=True, div_id=div_id,
                   config={"locale": "vi", "displaylogo": False})
    return path
