"""Plotly figures for analysts: Vietnamese labels, Vietnamese number separators,
hover text with the value as the report prints it and where it is printed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .numbers import format_vn
from .reconcile import check_text, preferred_observations
from .text import plain_name

SEPARATORS = ",."  # decimal ',' and thousands '.'
# Colours are a convention, not data: former communes take the palette in id order.
FORMER_COLORS = ["#4C78A8", "#F58518", "#72B7B2", "#B279A2", "#FF9DA6", "#9D755D", "#BAB0AC", "#EECA3B"]
MERGED_COLOR, TARGET_COLOR = "#54A24B", "#E45756"


def _layout(fig: go.Figure, title: str, **kw) -> go.Figure:
    fig.update_layout(
        title=title,
        separators=SEPARATORS,
        template="plotly_white",
        font=dict(family="Times New Roman, serif", size=13),
        legend_title_text="",
        **kw,
    )
    return fig


def progress_chart(gaps: pd.DataFrame, commune_name: str = "") -> go.Figure:
    """Baseline against target for every quantified 2030 target that has a baseline.

    Parameters
    ----------
    gaps : DataFrame
        The output of `gaps_2030`, for one merged commune.
    commune_name : str, optional
        The merged commune's name, for the title.

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar per target, in % of the target (100 = met).

    Examples
    --------
    >>> fig = progress_chart(gaps_2030())

    Targets have different units, so the axis shows the baseline as a percentage of the
    target (for "lower is better" targets, target over baseline): 100% means met. The
    real values, the direction and the source are in the hover text.
    """
    g = gaps[gaps.status.isin(["đã đạt", "chưa đạt"]) & (gaps.horizon != "additional_2026_2030")].copy()
    lower = g.lower_is_better.astype(bool)  # the comparator or the catalogue's direction, as gaps_2030 decides
    g["progress"] = (g.target / g.baseline).where(lower, g.baseline / g.target) * 100
    arrow = lower.map({True: "↓", False: "↑"})
    g["label"] = arrow + " (" + g.target_id + ") " + g.description_vi.str.slice(0, 60)
    hover = [
        f"<b>({r.target_id}) {r.description_vi}</b><br>Hiện trạng {r.baseline_period}: "
        f"{format_vn(r.baseline, 2)} {r.unit}<br>Mục tiêu 2030: {r.comparator} {r.target_as_printed}"
        f"<br>{'Thấp hơn là tốt' if lo else 'Cao hơn là tốt'} · {r.status}"
        + (" · số nền gần đúng" if r.approximate else "")
        + f"<br>Nguồn: {r.source_ref}"
        for r, lo in zip(g.itertuples(), lower)
    ]
    colors = g.status.map({"đã đạt": MERGED_COLOR, "chưa đạt": TARGET_COLOR})
    fig = go.Figure(
        go.Bar(
            x=g.progress,
            y=g.label,
            orientation="h",
            marker_color=colors,
            hovertext=hover,
            hoverinfo="text",
            text=[f"{format_vn(p, 1)}%" for p in g.progress],
            textposition="outside",
            name="Hiện trạng so với mục tiêu",
        )
    )
    fig.add_vline(
        x=100, line_dash="dash", line_color="#333", annotation_text="Mục tiêu 2030 (100%)", annotation_position="top"
    )
    return _layout(
        fig,
        f"Tiến độ đến mục tiêu 2030{' — xã ' + plain_name(commune_name) if commune_name else ''} "
        "(↑ cao hơn là tốt, ↓ thấp hơn là tốt)",
        xaxis_title="Hiện trạng so với mục tiêu (%)",
        height=160 + 55 * len(g),
        yaxis=dict(autorange="reversed"),
        margin=dict(l=420),
    )


def communes_chart(
    table: pd.DataFrame,
    observations: pd.DataFrame,
    communes: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    merged_id: str | None = None,
) -> go.Figure:
    """Former communes side by side with the merged value; a menu picks the indicator.

    Parameters
    ----------
    table : DataFrame
        The output of `merged`.
    observations : DataFrame
        ``RawData.observations`` (for the values as printed and their places).
    communes : DataFrame
        ``RawData.communes``.
    indicator_ids : list of str, optional
        Limit the menu to these indicators.
    merged_id : str, optional
        The merged commune to show (default: the first by id). Its former communes' figures are
        taken from `observations`, so a merger of more than `WIDE_LIMIT` communes works too.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per indicator, shown one at a time, in the indicator's unit.

    Examples
    --------
    >>> raw = load_raw()
    >>> fig = communes_chart(merged(raw), raw.observations, raw.communes, ["population"])

    Units differ between indicators, so each indicator gets its own view instead of one
    crowded axis.
    """
    merged_id = merged_id or min(communes.commune_id[communes.role == "merged"])
    former = communes[communes.merged_into == merged_id].sort_values("commune_id")
    names = dict(zip(communes.commune_id, communes.name_vi))
    printed = preferred_observations(observations[observations.commune_id.isin(former.commune_id)]).set_index(
        ["commune_id", "indicator_id", "period"]
    )
    have = set(zip(printed.index.get_level_values(1), printed.index.get_level_values(2)))
    t = table[(table.merged_commune_id == merged_id) & (table.kind != "qualitative")]
    t = t[[(i, p) in have for i, p in zip(t.indicator_id, t.period)]]
    if indicator_ids is not None:
        t = t[t.indicator_id.isin(indicator_ids)]
    fig, buttons = go.Figure(), []
    for k, r in enumerate(t.itertuples()):
        x, y, text, colors = [], [], [], []
        for n, cid in enumerate(former.commune_id):
            key = (cid, r.indicator_id, r.period)
            value = printed.value.get(key)
            x.append(names[cid])
            y.append(value)
            colors.append(FORMER_COLORS[n % len(FORMER_COLORS)])
            text.append(
                f"{names[cid]}: {printed.value_as_printed.get(key, 'không có số liệu')}"
                f"<br>Nguồn: {printed.source_ref.get(key, '')}"
            )
        merged_text = (
            f"Xã mới: {format_vn(r.merged, 2)} {r.unit}<br>{r.method}"
            if not pd.isna(r.merged)
            else f"Xã mới: không có số liệu<br>{r.method}"
        )
        if not pd.isna(r.reported):
            merged_text += f"<br>Báo cáo in: {r.reported_as_printed} ({check_text(r.check_code, r.difference)})"
        fig.add_trace(
            go.Bar(
                x=[*x, "Xã mới (gộp)"],
                y=[*y, r.merged],
                marker_color=[*colors, MERGED_COLOR],
                hovertext=[*text, merged_text],
                hoverinfo="text",
                name=r.name_vi,
                visible=k == 0,
                showlegend=False,
            )
        )
        visible = [i == k for i in range(len(t))]  # one trace per indicator
        buttons.append(
            dict(
                label=f"{r.name_vi} ({r.unit}, {r.period})",
                method="update",
                args=[{"visible": visible}, {"yaxis.title.text": r.unit}],
            )
        )
    first = t.iloc[0] if len(t) else None
    fig.update_layout(
        updatemenus=[
            dict(buttons=buttons, direction="down", x=0, xanchor="left", y=1.13, yanchor="top", showactive=True)
        ],
        yaxis_title=first.unit if first is not None else "",
    )
    title = f"{len(former)} xã cũ và xã {plain_name(names[merged_id])}, theo từng chỉ tiêu"
    return _layout(fig, title, margin=dict(t=120), height=520)


def audit_chart(summary: pd.DataFrame) -> go.Figure:
    """Items per audit rule: passes, fails, not applicable.

    Parameters
    ----------
    summary : DataFrame
        The output of `audit_summary`.

    Returns
    -------
    plotly.graph_objects.Figure
        Stacked horizontal bars, counts of items.

    Examples
    --------
    >>> fig = audit_chart(audit_summary(audit()))
    """
    labels = summary.description.str.split(" / ").str[0]
    fig = go.Figure()
    for column, name, color in (
        ("passes", "Khớp", "#54A24B"),
        ("fails", "Không khớp", "#E45756"),
        ("not_applicable", "Không áp dụng", "#BAB0AC"),
    ):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=summary[column],
                name=name,
                orientation="h",
                marker_color=color,
                hovertemplate="%{y}: %{x} mục<extra>" + name + "</extra>",
            )
        )
    return _layout(
        fig, "Kiểm tra tính nhất quán của báo cáo", barmode="stack", xaxis_title="Số mục kiểm tra", height=450
    )


def save_html(fig: go.Figure, path: Path, div_id: str, plotly_js: str = "directory") -> Path:
    """HTML that draws with the plotly.min.js written beside it: offline, no CDN, and one copy of
    plotly.js per folder instead of one per chart. A fixed div id keeps the bytes stable.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
    path : Path
        The .html file to write.
    div_id : str
        A fixed id for the chart's div, so that two runs write the same bytes.
    plotly_js : str
        "directory" writes plotly.min.js beside the file; a relative path such as "../plotly.min.js"
        points to a copy the caller writes (the build keeps one at the top of reports/).

    Returns
    -------
    Path
        `path`.

    Examples
    --------
    >>> save_html(audit_chart(audit_summary(audit())), Path("/tmp/kiem_tra.html"), "kiem_tra")
    PosixPath('/tmp/kiem_tra.html')
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(
        path,
        include_plotlyjs=plotly_js,  # one plotly.min.js shared, not 4,8 MB inside each chart
        full_html=True,
        div_id=div_id,
        config={"locale": "vi", "displaylogo": False},
    )
    return path


TRACK_COLORS = {
    "on_track": "#54A24B",
    "met": "#4C78A8",
    "moderate": "#EECA3B",
    "insufficient": "#F58518",
    "away": "#E45756",
    "not_met": "#E45756",
    "no_series": "#BAB0AC",
}


def _required_path(g, base_year: int, target_year: int, base: float) -> tuple[list[int], list[float]]:
    """The path the target needs from the baseline: compound where both ends are positive, else linear."""
    years = list(range(base_year, target_year + 1))
    end = g.implied_end_level if g.horizon == "additional_2026_2030" else g.target
    if g.horizon == "every_year":  # a condition each year, not a path
        return years, [g.target] * len(years)
    if g.horizon in ("total_2026_2030", "annual_average_2026_2030"):  # cumulative, from zero
        total = g.target if g.horizon == "total_2026_2030" else g.target * (target_year - base_year)
        return years, [total * (y - base_year) / (target_year - base_year) for y in years]
    if base > 0 and end > 0:
        return years, [base * (end / base) ** ((y - base_year) / (target_year - base_year)) for y in years]
    return years, [base + (end - base) * (y - base_year) / (target_year - base_year) for y in years]


def trajectory_chart(
    gaps: pd.DataFrame, table: pd.DataFrame, base_year: int = 2025, target_year: int = 2030
) -> go.Figure:
    """One view per quantified target, picked in a menu: the required path from the baseline to
    the 2030 target (dotted), the actual yearly figures, coloured by the on-track category.

    Term totals are drawn cumulatively, against the straight-line path.

    Parameters
    ----------
    gaps : DataFrame
        The output of `gaps_2030` (progress as of its latest year).
    table : DataFrame
        The output of `merged`, whose yearly rows are the actual points.
    base_year, target_year : int
        The baseline (2025) and target (2030) years.

    Returns
    -------
    plotly.graph_objects.Figure
        Two traces per target (path, actual), one target shown at a time.

    Examples
    --------
    >>> raw = load_raw()
    >>> t = merged(raw)
    >>> fig = trajectory_chart(gaps_2030(raw, table=t), t)
    """
    views = []
    for g in gaps[gaps.target.notna() & (gaps.unit != "định tính") & (gaps.horizon != "maintain")].itertuples():
        rows = table[
            (table.merged_commune_id == g.commune_id)
            & (table.indicator_id == g.indicator_id)
            & table.period.str.fullmatch(r"\d{4}")
        ]
        rows = rows[rows.period.astype(int) > base_year].sort_values("period")
        series = list(zip(rows.period.astype(int), rows.merged.fillna(rows.reported).astype(float)))
        cumulative = g.horizon in ("total_2026_2030", "annual_average_2026_2030")
        if cumulative:
            start = (base_year, 0.0)
            series = list(zip([y for y, _ in series], pd.Series([v for _, v in series], dtype=float).cumsum()))
        elif g.status in ("đã đạt", "chưa đạt"):
            start = (base_year, float(g.baseline))
        elif series:  # no comparable baseline: the series starts its own path (poverty, new standard)
            start, series = series[0], series[1:]
        else:
            continue
        if cumulative and not series and pd.isna(g.baseline):
            continue
        views.append((g, start, series, cumulative))
    quantified = [v[0] for v in views]
    fig, buttons = go.Figure(), []
    for k, (g, start, series, cumulative) in enumerate(views):
        years, path = _required_path(g, start[0], target_year, start[1])
        actual_years, actual = [y for y, _ in series], [v for _, v in series]
        origin = [start[0]], [start[1]]
        color = TRACK_COLORS.get(g.on_track_code, "#BAB0AC")
        label = f"({g.target_id}) {g.description_vi}"[:70]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=path,
                mode="lines",
                line=dict(dash="dot", color="#333"),
                name="Lộ trình cần đạt",
                visible=k == 0,
                hovertemplate="%{x}: %{y:,.2f}<extra>Lộ trình cần đạt</extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=origin[0] + actual_years,
                y=origin[1] + actual,
                mode="lines+markers",
                marker=dict(size=11, color=color),
                line=dict(color=color),
                name=f"Thực hiện · {g.on_track}",
                visible=k == 0,
                hovertemplate="%{x}: %{y:,.2f}<extra>" + g.on_track + "</extra>",
            )
        )
        visible = [i // 2 == k for i in range(2 * len(quantified))]
        unit = g.unit + (" (lũy kế)" if cumulative else "")
        buttons.append(
            dict(
                label=label,
                method="update",
                args=[{"visible": visible}, {"yaxis.title.text": unit, "title.text": f"{label} — {g.on_track}"}],
            )
        )
    first = quantified[0] if quantified else None
    fig.update_layout(
        updatemenus=[
            dict(buttons=buttons, direction="down", x=0, xanchor="left", y=1.16, yanchor="top", showactive=True)
        ],
        xaxis=dict(dtick=1, range=[base_year - 0.3, target_year + 0.3]),
        yaxis_title=first.unit if first is not None else "",
    )
    title = (
        f"({first.target_id}) {first.description_vi}"[:70] + f" — {first.on_track}"
        if first is not None
        else "Chưa có chỉ tiêu định lượng có số nền"
    )
    return _layout(fig, title, margin=dict(t=130), height=520)
