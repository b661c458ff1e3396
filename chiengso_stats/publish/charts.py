"""Publish: plotly figures for analysts: Vietnamese labels, Vietnamese number separators,
hover text with the value as the report prints it and where it is printed. Each chart is first a plain figure spec (a dict of lists, strings and floats, as plotly.js reads it):
the build writes specs straight to HTML, so it neither imports plotly nor pays for plotly's
validation of every property. The public ``*_chart`` functions wrap the same spec in a
``plotly.graph_objects.Figure`` for analysts; building that figure validates every property, so a
spec plotly would refuse fails the tests.
"""

from __future__ import annotations

import textwrap
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..analysis.reconcile import as_raw, check_text, merged, merged_or_reported, preferred_observations
from ..glossary import target_words, vi
from ..ingest.raw import RawData
from ..numbers import format_vn, unit_printed
from ..text import plain_name
from .chart_html import plotly_js_path, save_html  # noqa: F401  (cs.charts.save_html is public API)

if TYPE_CHECKING:  # plotly is imported only when a Figure is asked for
    import plotly.graph_objects as go

SEPARATORS = ",."  # decimal ',' and thousands '.'
# Colours are a convention, not data: former communes take the palette in id order.
FORMER_COLORS = ["#4C78A8", "#F58518", "#72B7B2", "#B279A2", "#FF9DA6", "#9D755D", "#BAB0AC", "#EECA3B"]
MERGED_COLOR, TARGET_COLOR = "#54A24B", "#E45756"
_GRID = "#EBF0F8"
# plotly's "plotly_white" look, written out: the few properties it sets that these charts show.
_AXIS = {
    "gridcolor": _GRID,
    "linecolor": _GRID,
    "zerolinecolor": _GRID,
    "zerolinewidth": 2,
    "automargin": True,
    "separatethousands": True,  # 1.200, not 1200: plotly groups only from five digits without it
    "exponentformat": "none",  # 15.000, not 15k
    "title": {"standoff": 15},
}
_BASE_LAYOUT = {
    "separators": SEPARATORS,
    "font": {"family": "Times New Roman, serif", "size": 13, "color": "#2a3f5f"},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "hoverlabel": {"align": "left"},
    "hovermode": "closest",
    "legend": {"title": {"text": ""}},
    "xaxis": _AXIS,
    "yaxis": _AXIS,
}


def _num(value) -> float | None:
    """A JSON number, or null where there is no figure (NaN, None)."""
    return None if value is None or pd.isna(value) else float(value)


def _nums(values) -> list[float | None]:
    return [_num(v) for v in values]


def _wrap(text: str, width: int, lines: int = 2) -> str:
    """Text on at most `lines` lines of `width` characters, cut at a word with '…' past them (plotly's <br>)."""
    parts = textwrap.wrap(text, width)
    if len(parts) > lines:
        parts = [*parts[: lines - 1], textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder=" …")]
    return "<br>".join(parts)


def _merge(base: dict, extra: dict) -> dict:
    """`base` updated by `extra`, nested dicts merged key by key (as plotly's update_layout does)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _spec(data: list[dict], title: str, layout: dict) -> dict:
    return {"data": data, "layout": _merge(_merge(_BASE_LAYOUT, {"title": {"text": title, "x": 0.05}}), layout)}


def figure(spec: dict) -> go.Figure:
    """A spec as a plotly Figure, validated by plotly, with no template added over its own layout."""
    # lazy on purpose: the build writes specs as HTML without plotly (0,1 s of its start-up); analysts get Figures
    import plotly.graph_objects as go

    fig = go.Figure(spec)
    fig.layout.template = "none"  # the spec carries its look; plotly's default template would override it
    return fig


def progress_spec(gaps: pd.DataFrame, commune_name: str = "") -> dict:
    """The figure spec of `progress_chart`."""
    # a level against its target: not a term total (the last term is a reference), not a statement
    g = gaps[
        gaps.status_code.isin(["met", "not_met"])
        & (gaps.horizon != "additional_2026_2030")
        & gaps.baseline.notna()
        & gaps.target.notna()
    ].copy()
    g["unit"] = g.unit.map(unit_printed)  # as the papers print it: km², not the catalogue's km2
    lower = g.lower_is_better.astype(bool)  # the comparator or the catalogue's direction, as gaps_2030 decides
    g["progress"] = (g.target / g.baseline).where(lower, g.baseline / g.target) * 100
    arrow = lower.map({True: "↓", False: "↑"})
    # whole words on two lines, never cut in the middle of one (the label of (5) was)
    g["label"] = [_wrap(f"{a} ({t}) {d}", 46) for a, t, d in zip(arrow, g.target_id, g.description_vi)]
    hover = [
        f"<b>({r.target_id}) {r.description_vi}</b><br>Hiện trạng {r.baseline_period}: "
        f"{format_vn(r.baseline, 2)} {r.unit}<br>{vi('header.target_2030')}: "
        f"{target_words(r.comparator, r.target_as_printed, horizon=r.horizon)}"
        f"<br>{'Thấp hơn là tốt' if lo else 'Cao hơn là tốt'} · {r.status}"
        + (f" · {vi('header.baseline').lower()} {vi('header.approximate').lower()}" if r.approximate else "")
        + f"<br>{vi('header.place')}: {r.source_ref.replace(' › ', ', ')}"
        for r, lo in zip(g.itertuples(), lower)
    ]
    bar = {
        "type": "bar",
        "x": _nums(g.progress),
        "y": g.label.tolist(),
        "orientation": "h",
        "marker": {"color": g.status_code.map({"met": MERGED_COLOR, "not_met": TARGET_COLOR}).tolist()},
        "hovertext": hover,
        "hoverinfo": "text",
        "text": [f"{format_vn(p, 1)}%" for p in g.progress],
        # inside each bar at its start: far from the 100% line, which a label at the bar's end (98%) crossed
        "textposition": "inside",
        "insidetextanchor": "start",
        "textfont": {"color": "white"},
        "name": "Hiện trạng so với mục tiêu",
    }
    target_line = {  # the 100% line across the plot, and its label above it
        "shapes": [
            {
                "type": "line",
                "x0": 100,
                "x1": 100,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"dash": "dash", "color": "#333"},
                "layer": "below",  # under the bars and their labels (98% stays legible)
            }
        ],
        "annotations": [
            {
                "x": 100,
                "xref": "x",
                "y": 1,
                "yref": "y domain",
                "yanchor": "bottom",
                "text": vi("header.target_2030") + " (100%)",
                "showarrow": False,
            }
        ],
    }
    title = (
        f"Tiến độ đến mục tiêu 2030{' — xã ' + plain_name(commune_name) if commune_name else ''} "
        "(↑ cao hơn là tốt, ↓ thấp hơn là tốt)"
    )
    return _spec(
        [bar],
        title,
        {
            **target_line,
            "xaxis": {"title": {"text": "Hiện trạng so với mục tiêu (%)"}},
            "yaxis": {"autorange": "reversed"},
            "height": 160 + 55 * len(g),
        },
    )


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
    return figure(progress_spec(gaps, commune_name))


def _menu(buttons: list[dict], y: float) -> dict:
    return {"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left", "y": y, "yanchor": "top"}


def _known_ids(wanted: list[str], known: list[str]) -> None:
    """A ValueError naming every id not in `known`, with the nearest known ids (difflib)."""
    unknown = [i for i in wanted if i not in set(known)]
    if unknown:
        near = "; ".join(f"'{i}': {', '.join(get_close_matches(i, known, n=3, cutoff=0.0))}" for i in unknown)
        raise ValueError(
            f"Không có chỉ tiêu {', '.join(map(repr, unknown))} trong số liệu các xã cũ để so sánh "
            f"(unknown indicator id, or no figure of the former communes); gần nhất / nearest: {near}"
        )


def communes_spec(
    table: pd.DataFrame,
    observations: pd.DataFrame,
    communes: pd.DataFrame,
    indicator_ids: list[str] | None = None,
    merged_id: str | None = None,
    facets: bool = False,
) -> dict:
    """The figure spec of `communes_chart`: a menu of indicators, or `facets` side by side."""
    merged_id = merged_id or min(communes.commune_id[communes.role == "merged"])
    former = communes[communes.merged_into == merged_id].sort_values("commune_id")
    names = dict(zip(communes.commune_id, communes.name_vi))
    printed = preferred_observations(observations[observations.commune_id.isin(former.commune_id)])
    printed = {
        (c, i, p): (v, vp, ref)
        for c, i, p, v, vp, ref in zip(
            printed.commune_id,
            printed.indicator_id,
            printed.period,
            printed.value,
            printed.value_as_printed,
            printed.source_ref,
        )
    }
    have = {(i, p) for _, i, p in printed}
    t = table[(table.merged_commune_id == merged_id) & (table.kind != "qualitative")]
    t = t[[(i, p) in have for i, p in zip(t.indicator_id, t.period)]]
    if indicator_ids is not None:  # in the order asked for, every id known
        # one id given as a string is that id, not its letters
        indicator_ids = [indicator_ids] if isinstance(indicator_ids, str) else list(indicator_ids)
        _known_ids(indicator_ids, sorted(set(t.indicator_id)))
        order = {i: n for n, i in enumerate(indicator_ids)}
        t = t[t.indicator_id.isin(indicator_ids)]
        t = t.assign(_o=t.indicator_id.map(order)).sort_values(["_o", "period"], kind="stable")
    t = t.assign(unit=t.unit.map(unit_printed))  # as the papers print it: km², not the catalogue's km2
    former_ids = former.commune_id.tolist()  # read once: a pandas column is slow to iterate in a loop
    former_names = [names[c] for c in former_ids]
    colors = [FORMER_COLORS[n % len(FORMER_COLORS)] for n in range(len(former))] + [MERGED_COLOR]
    data, buttons, n = [], [], len(t)
    for k, r in enumerate(t.itertuples()):
        found = [printed.get((c, r.indicator_id, r.period)) for c in former_ids]
        text = [
            f"{name}: {f[1] if f else 'không có số liệu'}<br>Nguồn: {f[2] if f else ''}"
            for name, f in zip(former_names, found)
        ]
        merged_text = f"Xã mới: {'không có số liệu' if pd.isna(r.merged) else f'{format_vn(r.merged, 2)} {r.unit}'}"
        merged_text += f"<br>{r.method}"
        if not pd.isna(r.reported):
            merged_text += f"<br>Báo cáo nêu: {r.reported_as_printed} ({check_text(r.check_code, r.difference)})"
        axes = {"xaxis": f"x{k + 1}", "yaxis": f"y{k + 1}"} if facets and k else {}
        data.append(
            {
                "type": "bar",
                "x": [*former_names, "Xã mới (gộp)"],
                "y": [*_nums(f[0] if f else None for f in found), _num(r.merged)],
                "marker": {"color": colors},
                "hovertext": [*text, merged_text],
                "hoverinfo": "text",
                "name": r.name_vi,
                "visible": facets or k == 0,
                "showlegend": False,
                **axes,
            }
        )
        buttons.append(
            {
                "label": f"{r.name_vi} ({r.unit}, {r.period})",
                "method": "update",
                "args": [{"visible": [i == k for i in range(n)]}, {"yaxis.title.text": r.unit}],
            }
        )
    title = f"{len(former)} xã cũ và xã {plain_name(names[merged_id])}, theo từng chỉ tiêu"
    if facets:
        return _spec(data, title, _facet_layout([b["label"] for b in buttons], t.unit.tolist()))
    first_unit = t.unit.iloc[0] if len(t) else ""
    return _spec(
        data,
        title,
        {
            "updatemenus": [_menu(buttons, 1.13)],
            "yaxis": {"title": {"text": first_unit}},
            "margin": {"t": 120},
            "height": 520,
        },
    )


def _facet_layout(labels: list[str], units: list[str]) -> dict:
    """Side by side: one x and y axis per indicator, each in its own unit, its name above it."""
    n, gap = max(len(labels), 1), 0.1
    width = (1 - gap * (n - 1)) / n
    layout: dict = {"height": 480, "margin": {"t": 130}, "annotations": []}
    for k, (label, unit) in enumerate(zip(labels, units)):
        x0, suffix = k * (width + gap), str(k + 1) if k else ""
        layout[f"xaxis{suffix}"] = {**_AXIS, "domain": [x0, x0 + width], "anchor": f"y{suffix}"}
        layout[f"yaxis{suffix}"] = {**_AXIS, "anchor": f"x{suffix}", "title": {"text": unit}}
        layout["annotations"].append(
            {
                "text": _wrap(label, 30),
                "x": x0 + width / 2,
                "xanchor": "center",
                "xref": "paper",
                "y": 1.02,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
            }
        )
    return layout


def communes_chart(
    indicator_ids: list[str] | None = None,
    raw: str | Path | RawData | None = None,
    merged_id: str | None = None,
    facets: bool = False,
) -> go.Figure:
    """Former communes side by side with the merged value: one indicator at a time, or facets.

    Parameters
    ----------
    indicator_ids : list of str, optional
        The indicators to show, in this order (default: every indicator with former communes'
        figures, by name). An id the data does not have raises ValueError naming the nearest ids.
    raw : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.
    merged_id : str, optional
        The merged commune to show (default: the first by id). Its former communes' figures are
        the observations as printed, so a merger of more than 50 communes works too.
    facets : bool
        False: one indicator at a time, picked in a menu. True: every indicator side by side, each
        with its own axis in its own unit.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per indicator and period, in the indicator's unit. ``fig.write_image("x.png")``
        draws it as a static image (kaleido, in the ``[analysis]`` extra).

    Examples
    --------
    >>> fig = communes_chart(["population", "natural_area"], facets=True)
    >>> [t.name for t in fig.data]
    ['Quy mô dân số', 'Diện tích tự nhiên']
    """
    data = as_raw(raw)
    spec = communes_spec(merged(data), data.observations, data.communes, indicator_ids, merged_id, facets)
    return figure(spec)


_AUDIT_BARS = (
    ("passes", "Khớp", "#54A24B"),
    ("fails", "Không khớp", "#E45756"),
    ("not_applicable", "Không áp dụng", "#BAB0AC"),
)


def audit_spec(summary: pd.DataFrame) -> dict:
    """The figure spec of `audit_chart`."""
    labels = summary.description.str.split(" / ").str[0].tolist()
    data = [
        {
            "type": "bar",
            "y": labels,
            "x": _nums(summary[column]),
            "name": name,
            "orientation": "h",
            "marker": {"color": color},
            "hovertemplate": "%{y}: %{x} mục<extra>" + name + "</extra>",
        }
        for column, name, color in _AUDIT_BARS
    ]
    layout = {"barmode": "stack", "xaxis": {"title": {"text": "Số mục kiểm tra"}}, "height": 450}
    return _spec(data, "Kiểm tra tính nhất quán của báo cáo", layout)


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
    return figure(audit_spec(summary))


TRACK_COLORS = {
    "on_track": "#54A24B",
    "met": "#4C78A8",
    "moderate": "#EECA3B",
    "insufficient": "#F58518",
    "away": "#E45756",
    "not_met": "#E45756",
    "no_series": "#BAB0AC",
    "review": "#B279A2",
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


def _trajectory_views(gaps: pd.DataFrame, table: pd.DataFrame, base_year: int) -> list[tuple]:
    """(target, start point, actual series, cumulative?) for each quantified target with a start."""
    views = []
    yearly = table[table.period.str.fullmatch(r"\d{4}")]
    yearly = yearly[yearly.period.astype(int) > base_year].sort_values("period")
    # each target's years, found in one grouping rather than two masks over the table per target
    by_indicator = dict(tuple(yearly.groupby(["merged_commune_id", "indicator_id"], sort=False)))
    quantified = gaps[gaps.target.notna() & (gaps.unit != "định tính") & (gaps.horizon != "maintain")]
    for g in quantified.assign(unit=quantified.unit.map(unit_printed)).itertuples():  # km², as papers print it
        rows = by_indicator.get((g.commune_id, g.indicator_id))
        series = (
            []  # no year of the term yet: the usual case until the first form
            if rows is None
            else list(zip(rows.period.astype(int), merged_or_reported(rows.merged, rows.reported).astype(float)))
        )
        cumulative = g.horizon in ("total_2026_2030", "annual_average_2026_2030")
        if cumulative:
            start = (base_year, 0.0)
            if series:
                series = list(zip([y for y, _ in series], pd.Series([v for _, v in series], dtype=float).cumsum()))
        elif g.status_code in ("met", "not_met"):  # codes: the labels are the glossary's to change
            start = (base_year, float(g.baseline))
        elif series:  # no comparable baseline: the series starts its own path (poverty, new standard)
            start, series = series[0], series[1:]
        else:
            continue
        if cumulative and not series and pd.isna(g.baseline):
            continue
        views.append((g, start, series, cumulative))
    return views


def trajectory_spec(gaps: pd.DataFrame, table: pd.DataFrame, base_year: int = 2025, target_year: int = 2030) -> dict:
    """The figure spec of `trajectory_chart`."""
    views = _trajectory_views(gaps, table, base_year)
    data, buttons = [], []
    for k, (g, start, series, cumulative) in enumerate(views):
        years, path = _required_path(g, start[0], target_year, start[1])
        color = TRACK_COLORS.get(g.on_track_code, "#BAB0AC")
        label = f"({g.target_id}) {g.description_vi}"[:70]
        data.append(
            {
                "type": "scatter",
                "x": years,
                "y": _nums(path),
                "mode": "lines",
                "line": {"dash": "dot", "color": "#333"},
                "name": "Lộ trình cần đạt",
                "visible": k == 0,
                "hovertemplate": "%{x}: %{y:,.2f}<extra>Lộ trình cần đạt</extra>",
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": [int(start[0]), *(int(y) for y, _ in series)],
                "y": _nums([start[1], *(v for _, v in series)]),
                "mode": "lines+markers",
                "marker": {"size": 11, "color": color},
                "line": {"color": color},
                "name": f"Thực hiện · {g.on_track}",
                "visible": k == 0,
                "hovertemplate": "%{x}: %{y:,.2f}<extra>" + g.on_track + "</extra>",
            }
        )
        unit = g.unit + (" (lũy kế)" if cumulative else "")
        buttons.append(
            {
                "label": label,
                "method": "update",
                "args": [
                    {"visible": [i // 2 == k for i in range(2 * len(views))]},
                    {"yaxis.title.text": unit, "title.text": f"{label} — {g.on_track}"},
                ],
            }
        )
    first = views[0][0] if views else None
    title = (
        f"({first.target_id}) {first.description_vi}"[:70] + f" — {first.on_track}"
        if first is not None
        else "Chưa có chỉ tiêu định lượng có số liệu kỳ gốc"
    )
    layout = {
        "updatemenus": [_menu(buttons, 1.16)],
        "xaxis": {"dtick": 1, "range": [base_year - 0.3, target_year + 0.3], "separatethousands": False},  # 2025
        "yaxis": {"title": {"text": first.unit if first is not None else ""}},
        "margin": {"t": 130},
        "height": 520,
    }
    return _spec(data, title, layout)


def trajectory_chart(
    gaps: pd.DataFrame, table: pd.DataFrame, base_year: int = 2025, target_year: int = 2030
) -> go.Figure:
    """One view per quantified target, picked in a menu: the required path from the baseline to
    the 2030 target (dotted), the actual yearly figures, coloured by the on-track category; term
    totals drawn cumulatively, against the straight-line path.

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
    return figure(trajectory_spec(gaps, table, base_year, target_year))
