"""Publish: helpers the notebooks share, so each notebook cell stays one call to the library.

Public as ``cs.notebook`` (it needs IPython, from the ``[notebooks]`` extra). Each ``*_view``
takes what the public API returns and gives a table with Vietnamese headers and Vietnamese
numbers. Figures are displayed with both the plotly MIME type (interactive in JupyterLab) and
HTML that loads the one shared ``reports/plotly.min.js`` (the first figure of a notebook loads
it; no copy of plotly.js inside each report), so the HTML report rendered from an executed
notebook works offline and without Python.

Examples
--------
>>> import chiengso_stats as cs
>>> nb = cs.notebook
>>> nb.gaps_view(cs.gaps_2030())  # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display
from openpyxl import load_workbook

from .. import config
from ..analysis import facts
from ..analysis.reconcile import check_text, preferred_observations
from ..glossary import NO_DATA, target_no, target_words, vi
from ..ingest.sources import KIND_VI
from ..numbers import format_vn
from .sources_block import short_title

_state = {"plotly_loaded": False, "n": 0, "tables": 0}


PLOTLY_JS = "../plotly.min.js"  # one copy at the top of reports/, written by the build and the notebook runner


def show(fig) -> None:
    """Display a plotly figure: interactive in JupyterLab (plotly's MIME type); in the HTML report, drawn by
    the one plotly.min.js of the reports folder, loaded by the first figure (no copy of plotly.js inside each report).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A chart, e.g. from ``cs.charts``.

    Returns
    -------
    None
        The figure is displayed in the notebook.
    """
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
    """A frame to display with every row, full text, no index: what a reader of the HTML report needs.

    Parameters
    ----------
    frame : DataFrame
        Any table, usually with Vietnamese headers already.

    Returns
    -------
    pandas.io.formats.style.Styler
        Displayed by Jupyter; fixed ids, so re-running gives identical reports.
    """
    _state["tables"] += 1  # fixed ids, so re-running gives identical reports
    return (
        frame.style.set_uuid(f"bang{_state['tables']}")
        .hide(axis="index")
        .set_properties(**{"text-align": "left", "vertical-align": "top"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left"), ("vertical-align", "bottom")]}])
    )


def vn(frame: pd.DataFrame, decimals: int = 2) -> pd.DataFrame:
    """A copy with numbers as Vietnamese text (17.145; 41,77), booleans as có / không, empty cells as '…'.

    Parameters
    ----------
    frame : DataFrame
        Any table.
    decimals : int
        Decimals of a number that is not whole.

    Returns
    -------
    DataFrame
        Text only, for display.
    """
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: vi("yesno.yes"), False: vi("yesno.no")})
        elif pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: NO_DATA if pd.isna(v) else format_vn(v, None if float(v).is_integer() else decimals)
            )
        else:
            out[column] = out[column].fillna(NO_DATA)
    return out


def communes_view(raw):
    """Each commune's area and population in its merger year: the figure in force, never one a correction supersedes.

    Parameters
    ----------
    raw : RawData
        From ``cs.load_raw``.

    Returns
    -------
    Styler
        One row per commune: name, role, the commune it merged into, area, population.
    """
    c = raw.communes
    # the merge's own choice (superseded rows out, one row per commune, indicator and period), so that
    # the view never depends on how source ids sort; yearly figures after the merger are not this table's
    obs = preferred_observations(raw.observations)
    at_merger = obs.period.eq(obs.commune_id.map(dict(zip(c.commune_id, c.merger_year.astype(str)))))
    pop = obs[obs.indicator_id.isin(["population", "natural_area"]) & at_merger]
    wide = pop.set_index(["commune_id", "indicator_id"]).value.unstack()
    names = dict(zip(c.commune_id, c.name_vi))
    out = c[["commune_id", "name_vi", "role", "merged_into"]].merge(wide, on="commune_id", how="left")
    out = out.drop(columns="commune_id").assign(
        merged_into=out.merged_into.map(names).fillna(vi("legend.not_applicable"))
    )
    out = out.rename(
        columns={
            "name_vi": vi("header.commune"),
            "role": vi("header.role"),
            "merged_into": vi("header.merged_into"),
            "natural_area": vi("header.area"),
            "population": vi("header.population"),
        }
    )
    out[vi("header.role")] = out[vi("header.role")].map({"former": vi("role.former"), "merged": vi("role.merged")})
    return table(vn(out))


def merged_view(merged: pd.DataFrame, communes: pd.DataFrame, titles: dict | None = None):
    """Former communes, the merged figure, how it was merged and which sources it rests on.

    Parameters
    ----------
    merged : DataFrame
        ``cs.merged`` (one merged commune's rows).
    communes : DataFrame
        ``RawData.communes``, for the former communes' names.
    titles : dict, optional
        Source id -> title, to name the sources by title.

    Returns
    -------
    Styler
        One row per indicator and period; a qualitative figure as Đạt / Không đạt.
    """
    names = dict(zip(communes.commune_id, communes.name_vi))
    titles = titles or {}
    former = [c for c in merged.columns if c in names and merged[c].notna().any()]  # this merger's communes
    columns = ["name_vi", "unit", "period", *former, "merged", "approximate", "method", "sources", "verified"]
    qualitative = merged.unit.eq("định tính")
    shown = merged[columns].copy()
    for c in [*former, "merged"]:  # a qualitative statement reads Đạt / Không đạt, never 1 / 0
        shown[c] = [_qualitative(v) if q else _number(v) for v, q in zip(merged[c], qualitative)]
    shown["sources"] = merged.sources.map(lambda ids: _titles(titles, ids))
    shown["unit"] = merged.unit.where(~qualitative, "")
    return table(
        vn(
            shown.rename(
                columns={
                    "name_vi": vi("header.indicator"),
                    "unit": vi("header.unit"),
                    "period": vi("header.period"),
                    "merged": vi("header.merged_value"),
                    "approximate": vi("header.approximate"),
                    "method": vi("header.method"),
                    "sources": vi("header.source"),
                    "verified": vi("header.verified"),
                    **names,
                }
            )
        )
    )


def _number(v) -> str:
    return NO_DATA if pd.isna(v) else format_vn(v, None if float(v).is_integer() else 2)


def _qualitative(v):
    return NO_DATA if pd.isna(v) else vi("result.achieved") if v == 1 else vi("result.not_achieved")


def _titles(titles: dict, ids) -> str:
    """Source codes 'a; b' as their short titles."""
    parts = [short_title(titles.get(i.strip(), i.strip())) for i in str(ids).split(";") if i.strip()]
    return "; ".join(dict.fromkeys(parts)) or vi("legend.not_applicable")


def sources_view(raw):
    """The source registry, with how each source is verified and how many figures it gives.

    Parameters
    ----------
    raw : RawData
        From ``cs.load_raw``.

    Returns
    -------
    Styler
        One row per source.
    """

    s = raw.sources.copy()
    counts = raw.observations.source_id.value_counts()
    s["n"] = s.source_id.map(counts).fillna(0).astype(int)
    s["kind"] = s.kind.map(KIND_VI)
    s["sha256"] = s.sha256.str.slice(0, 12)
    return table(
        s[["source_id", "title_vi", "issuer", "date", "kind", "file", "sha256", "n"]].rename(
            columns={
                "source_id": vi("header.source_code"),
                "title_vi": vi("header.source_title"),
                "issuer": vi("header.issuer"),
                "date": vi("header.date"),
                "kind": vi("header.source_kind"),
                "file": vi("header.file"),
                "sha256": vi("header.sha256_head"),
                "n": vi("header.figures"),
            }
        )
    )


def checks_view(merged: pd.DataFrame):
    """The merged figures beside the totals the report prints for the new commune, and the check.

    Parameters
    ----------
    merged : DataFrame
        ``cs.merged`` (one merged commune's rows).

    Returns
    -------
    Styler
        One row per printed total: the sum of the former communes, the printed figure, Khớp / Lệch.
    """
    t = merged[merged.reported.notna()]
    return table(
        vn(
            t.assign(check=[check_text(c, d) for c, d in zip(t.check_code, t.difference)])[
                ["name_vi", "unit", "merged", "reported_as_printed", "check", "reported_source_ref"]
            ].rename(
                columns={
                    "name_vi": vi("header.indicator"),
                    "unit": vi("header.unit"),
                    "merged": vi("header.former_total"),
                    "reported_as_printed": vi("header.reported"),
                    "check": vi("header.check"),
                    "reported_source_ref": vi("header.place"),
                }
            )
        )
    )


def findings_view(findings: pd.DataFrame, status: str | None = "fail"):
    """The audit's findings with the rule's name, the severity and the place in the report.

    Parameters
    ----------
    findings : DataFrame
        ``cs.audit``.
    status : str or None
        Show only this status (``fail``, ``pass``, ``na``); None shows every item.

    Returns
    -------
    Styler
        One row per finding.
    """
    f = findings if status is None else findings[findings.status == status]
    f = f.assign(rule=f.rule.map(lambda r: vi(f"rule.{r}")))  # the rule's name, never its code
    return table(
        f[["rule", "severity", "message_vi", "source_ref"]].rename(
            columns={
                "rule": vi("header.rule"),
                "severity": vi("header.severity"),
                "message_vi": vi("header.content"),
                "source_ref": vi("header.place"),
            }
        )
    )


def gaps_view(gaps: pd.DataFrame):
    """The 2030 targets in the words of the Chỉ tiêu năm 2030 sheet: the target as the report words it.

    Parameters
    ----------
    gaps : DataFrame
        ``cs.gaps_2030`` (one merged commune's rows).

    Returns
    -------
    Styler
        One row per target: baseline, target, still to go, per year, status, note.
    """
    from_glossary = gaps.assign(
        target_id=gaps.target_id.map(target_no),
        target=[
            target_words(c, p, format_vn(h), u, z)
            for c, p, h, u, z in zip(gaps.comparator, gaps.target_as_printed, gaps.target_high, gaps.unit, gaps.horizon)
        ],
        unit=gaps.unit.where(gaps.unit != "định tính", ""),
        # as the table of facts publishes them, so the notebook and the sheet agree: 'ít nhất 1', '-', '…'
        baseline=[facts.baseline_text(g) for g in gaps.itertuples()],
        gap=[facts.gap_text(g) for g in gaps.itertuples()],
        required_annual_change=[facts.per_year_text(g) for g in gaps.itertuples()],
    )
    return table(
        vn(
            from_glossary[
                [
                    "target_id",
                    "description_vi",
                    "unit",
                    "target",
                    "baseline",
                    "baseline_period",
                    "gap",
                    "required_annual_change",
                    "status",
                    "note_vi",
                ]
            ].rename(
                columns={
                    "target_id": vi("header.target_no"),
                    "description_vi": vi("header.indicator"),
                    "unit": vi("header.unit"),
                    "target": vi("header.target_2030"),
                    "baseline": vi("header.baseline"),
                    "baseline_period": vi("header.baseline_period"),
                    "gap": vi("header.remaining"),
                    "required_annual_change": vi("header.per_year"),
                    "status": vi("header.rating"),
                    "note_vi": vi("header.note"),
                }
            )
        )
    )


def markdown(text: str) -> None:
    """Display Markdown text (a narrative such as ``cs.gap_narrative``).

    Parameters
    ----------
    text : str
        Markdown.

    Returns
    -------
    None
        The text is displayed in the notebook.
    """
    display(Markdown(text))


def built_appendices(reports_dir=None) -> list:
    """The Excel appendices the build wrote, in their folder's order; the notebook reads them, never writes.

    Parameters
    ----------
    reports_dir : str or Path, optional
        The build's reports folder; None: the project's ``reports/`` (``config.REPORTS_DIR``).

    Returns
    -------
    list of Path
        ``phu_luc_*.xlsx`` sorted by name; empty before the first build.
    """
    return sorted(Path(reports_dir or config.REPORTS_DIR).glob("phu_luc_*.xlsx"))


def files_view(paths):
    """The workbooks written: name, size in KB, sheets and folder.

    Parameters
    ----------
    paths : list of Path
        ``built_appendices()`` or ``cs.export_appendices`` returns them.

    Returns
    -------
    Styler
        One row per file.
    """
    rows = []
    for p in paths:
        wb = load_workbook(p, read_only=True)
        rows.append(
            {
                vi("header.file"): p.name,
                vi("header.file_size"): round(p.stat().st_size / 1024, 1),
                vi("header.sheets"): ", ".join(wb.sheetnames),
                vi("header.folder"): str(p.parent),
            }
        )
    return table(vn(pd.DataFrame(rows), 1))


def _cell_text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_vn(value, None if float(value).is_integer() else 1)
    return "" if value is None else str(value)


def workbook_preview(path, first_row: int = 12):
    """Display the table rows of a workbook's first sheet, numbers as the office reads them, then its summary lines.

    Parameters
    ----------
    path : Path
        A workbook written by ``cs.export_appendices``.
    first_row : int
        The sheet's first row of data (the header block and column titles come before it).

    Returns
    -------
    None
        The table and the summary lines are displayed.
    """
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
    """Progress of every target as of the latest year: where it stands and how it is judged.

    Parameters
    ----------
    gaps : DataFrame
        ``cs.gaps_2030(..., as_of=year)`` (one merged commune's rows).

    Returns
    -------
    Styler
        One row per target: latest year and value, share of the target, progress, pace ratio, note.
    """
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
            "verdict",  # the one verdict: progress once the term has figures, else the state at the baseline
            "on_track_ratio",
            "progress_note_vi",
            "baseline_sources",
        ]
    ]
    g = g.assign(
        current_year=g.current_year.astype(str),  # a year, not a number grouped by thousands
        target_id=g.target_id.map(target_no),
        target_as_printed=[
            target_words(c, p, format_vn(h), u, z)
            for c, p, h, u, z in zip(gaps.comparator, gaps.target_as_printed, gaps.target_high, gaps.unit, gaps.horizon)
        ],
        unit=g.unit.where(g.unit != "định tính", ""),
        # as the table of facts publishes them: 96,7 (not 96,67), 'ít nhất 1', '-' for the term's reference
        current_value=[facts.value_text(v, u) for v, u in zip(g.current_value, g.unit)],
        baseline=[facts.baseline_text(r) for r in gaps.itertuples()],
        share_of_target=[facts.share_text(r) for r in gaps.itertuples()],
        on_track_ratio=[_number(v) for v in g.on_track_ratio],
    ).drop(columns="baseline_sources")
    return table(
        vn(
            g.rename(
                columns={
                    "target_id": vi("header.target_no"),
                    "description_vi": vi("header.indicator"),
                    "unit": vi("header.unit"),
                    "target_as_printed": vi("header.target_2030"),
                    "baseline": vi("header.baseline"),
                    "baseline_period": vi("header.baseline_period"),
                    "current_year": vi("header.latest_year"),
                    "current_value": vi("header.latest_value"),
                    "share_of_target": vi("header.share_of_target"),
                    "verdict": vi("header.progress"),
                    "on_track_ratio": vi("header.pace_ratio"),
                    "progress_note_vi": vi("header.note"),
                }
            )
        )
    )
