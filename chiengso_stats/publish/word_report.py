"""Publish: the yearly report sent upward, as a Word document in the official Party-document form.

"BÁO CÁO — Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội Đảng bộ xã … năm Y": header block
(Đảng bộ tỉnh, Đảng ủy xã, số, "ĐẢNG CỘNG SẢN VIỆT NAM", place and date), I. the yearly table
(the columns of the yearly workbook, `annual.annual_rows`), II. Đánh giá chung, III. Yêu cầu
năm tới (both composed from columns, `report_text`), the sources, Nơi nhận and the signature.

With no yearly figure up to the year asked, it is the start-of-term report: the 2025 baseline
against the 2030 targets. `midterm=True` titles it for the mid-term review.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from .. import glossary
from ..analysis.projection import projected_end, still_to_go
from ..analysis.targets import gap_table
from ..ingest.form_archive import revision_lines
from ..ingest.sources import RECORD, UNVERIFIED_MARK, UNVERIFIED_NOTE
from ..numbers import format_vn
from ..text import date_words, plain_name
from . import docx_form as form
from . import report_text as rt
from .excel import issuer
from .yearly import _form_date, annual_rows, monitored_years

NO_DATA = glossary.NO_DATA  # "…", with the legend line under the table
TABLE_NOTES = ("legend.line", "legend.share_level", "legend.progress_method")  # one note, "Ghi chú: …" first


def default_name(year: int, midterm: bool = False) -> str:
    """reports/ file name: bao_cao_ket_qua_nam_2028.docx, or bao_cao_so_ket_giua_nhiem_ky_2028.docx."""
    return f"bao_cao_so_ket_giua_nhiem_ky_{year}.docx" if midterm else f"bao_cao_ket_qua_nam_{year}.docx"


# ---------------------------------------------------------------- TEMPORARY (delete at merge)
# ---------------------------------------------------------------- the table
def _cell(value, decimals: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    return value if isinstance(value, str) else format_vn(value, decimals)


def _unverified(raw, merged_id: str) -> set[tuple[str, str]]:
    """(indicator, year) of the new commune's figures that rest on an office record (unverified)."""
    obs = raw.observations
    mine = obs[(obs.commune_id == merged_id) & ~obs.verified.astype(bool)]
    if "superseded_by" in mine.columns:
        mine = mine[mine.superseded_by.eq("")]
    return set(zip(mine.indicator_id, mine.period))


def table_rows(raw, table, gaps, merged_id: str, year: int, start_of_term: bool):
    """Rows of section I as text, the sources they use, whether any is unverified, and yearly values by target.

    The columns mirror the yearly workbook (annual.annual_rows) without its source column: the
    sources are listed after section III. A figure from an office record carries (*).
    """
    term = raw.term(merged_id)
    last = term.baseline_year if start_of_term else year
    rows, used, any_flag = annual_rows(raw, table, gaps, merged_id, last)
    years = list(range(term.first_year, last + 1))
    flagged = _unverified(raw, merged_id)
    out, values = [], {}
    for g, row in zip(gaps.itertuples(), rows):
        k, name, unit, target, base, *rest = row
        yearly, share = rest[: len(years)], rest[len(years)]
        values[g.target_id] = dict(zip(years, yearly))
        base_mark = "" if g.verified or base is None else f" {UNVERIFIED_MARK}"
        cells = [str(k), name, unit, target, _cell(base) + base_mark]
        for y, v in zip(years, yearly):
            mark = f" {UNVERIFIED_MARK}" if (g.indicator_id, str(y)) in flagged and v is not None else ""
            cells.append(_cell(v) + mark)
        rating = g.status if start_of_term else g.on_track
        cells += [_cell(share, 1), rating]
        out.append(cells)
    return out, used, any_flag, values


def _widths(n_years: int) -> tuple[list[float], float]:
    """Column widths (mm) filling the text block exactly, and the table's font size."""
    # The unit ('triệu đồng/người/năm'), the target ('≥ 1.250 triệu đồng cả nhiệm kỳ') and the 2025 figure
    # must not break inside a word; the target's name wraps best, so it takes what is left.
    if n_years <= 1:
        fixed, year_w, size = [10, 18, 24, 17], 13, 11
        tail = [13, 20]
    elif n_years <= 3:
        fixed, year_w, size = [10, 16, 21, 15], 12, 11
        tail = [12, 18]
    else:
        fixed, year_w, size = [9, 13, 15, 14], 11.5, 10
        tail = [12, 18]
    name = form.TEXT_WIDTH_MM - sum(fixed) - year_w * n_years - sum(tail)
    stt, unit, target, base = fixed
    return [stt, name, unit, target, base, *[year_w] * n_years, *tail], size


# ---------------------------------------------------------------- the document
def _commune(raw, merged_id: str):
    return raw.communes.set_index("commune_id").loc[merged_id]


def title_lines(raw, merged_id: str, year: int, start_of_term: bool, midterm: bool) -> tuple[str, str]:
    """('BÁO CÁO', the subject line) from the commune's data."""
    c = _commune(raw, merged_id)
    name = plain_name(c.name_vi)
    term = raw.term(merged_id)
    if midterm:
        return "BÁO CÁO", (
            f"Sơ kết giữa nhiệm kỳ thực hiện các chỉ tiêu Nghị quyết Đại hội Đảng bộ xã {name} "
            f"{'lần thứ ' + c.congress + ', ' if c.congress else ''}nhiệm kỳ {c.term}"
        )
    if start_of_term:
        return "BÁO CÁO", (
            f"Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội Đảng bộ xã {name}: "
            f"số liệu đầu nhiệm kỳ (năm {term.baseline_year}) so với mục tiêu năm {term.target_year}"
        )
    return "BÁO CÁO", f"Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội Đảng bộ xã {name} năm {year}"


def _sources(raw, used) -> list[str]:
    registry = raw.sources.set_index("source_id")
    lines = []
    for i in sorted(used):
        if i in registry.index:
            s = registry.loc[i]
            detail = ", ".join(p for p in (str(s.issuer), date_words(s.date) if str(s.date) else "") if p)
            lines.append(
                f"- {s.title_vi}"
                + (f" ({detail})" if detail else "")
                + (f" {UNVERIFIED_MARK}" if s.kind == RECORD else "")
            )
    return lines


def _section(doc, heading: str, parts: list[tuple[str, list[str]]]) -> None:
    form.paragraph(doc, heading, bold=True, indent=True, before=6)
    for lead, bullets in parts:
        form.paragraph(doc, lead, indent=True)
        for b in bullets:
            form.paragraph(doc, f"- {b}", indent=True)


def report_document(raw, table: pd.DataFrame, merged_id: str, year: int, midterm: bool = False, revised=None):
    """The report of `merged_id` for `year` as a python-docx Document, and its title.

    Parameters
    ----------
    raw : RawData
        From `load.load_raw`.
    table : DataFrame
        The merged table, from `reconcile.reconcile(raw)`.
    merged_id : str
        The new commune.
    year : int
        The report's year, 2025-2030. With no yearly figure up to it: the start-of-term report.
    midterm : bool
        Title it for the mid-term review (sơ kết giữa nhiệm kỳ).
    revised : DataFrame or None
        The revisions table (`ingest.form_archive.revisions`): the figures revised since the last
        report are listed under the table.
    """
    term = raw.term(merged_id)
    start_of_term = not [y for y in monitored_years(raw, merged_id) if y <= year]
    as_of = term.baseline_year if start_of_term else year
    gaps = gap_table(raw, table, as_of=as_of)
    gaps = gaps[gaps.commune_id == merged_id].reset_index(drop=True)
    c = _commune(raw, merged_id)
    name = plain_name(c.name_vi)
    upper, _ = issuer(raw, merged_id)
    kind, subject = title_lines(raw, merged_id, year, start_of_term, midterm)

    doc = form.new_document()
    form.header_block(
        # a year's report is issued in the next year, as the yearly table is
        doc,
        upper,
        f"ĐẢNG ỦY XÃ {name.upper()}",
        "Số       -BC/ĐU",
        f"{name}, ngày    tháng    năm {year if start_of_term else year + 1}",
    )
    form.paragraph(doc, kind, bold=True, size=16, align="center", before=12, after=0)
    form.paragraph(doc, subject, bold=True, align="center", after=0)
    form.paragraph(doc, "-----", align="center", after=6)
    scope = (
        f"tại thời điểm đầu nhiệm kỳ (số liệu năm {term.baseline_year}) so với mục tiêu năm {term.target_year}"
        if start_of_term
        else f"từ đầu nhiệm kỳ đến hết năm {year} (sơ kết giữa nhiệm kỳ)"
        if midterm
        else f"đến hết năm {year}"
    )
    form.paragraph(
        doc,
        f"Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ xã {name}{' lần thứ ' + c.congress if c.congress else ''}, "
        f"nhiệm kỳ {c.term}, "
        f"Đảng ủy xã báo cáo kết quả thực hiện các chỉ tiêu Nghị quyết {scope} như sau:",
        indent=True,
    )

    rows, used, any_flag, values = table_rows(raw, table, gaps, merged_id, year, start_of_term)
    years = list(range(term.first_year, (term.baseline_year if start_of_term else year) + 1))
    form.paragraph(doc, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True, indent=True, before=6)
    header = [
        *(glossary.vi(k) for k in ("header.no", "header.indicator", "header.unit", "header.target_2030")),
        glossary.vi("header.actual_year", year=term.baseline_year),
        *[glossary.vi("header.actual_year", year=y) for y in years],
        glossary.vi("header.share_of_target"),
        glossary.vi("header.rating" if start_of_term else "header.progress"),
    ]
    widths, size = _widths(len(years))
    numeric = set(range(4, 5 + len(years) + 1))
    form.data_table(doc, header, rows, widths, size, right_cols=numeric, merge_text=NO_DATA)
    form.paragraph(doc, " ".join(glossary.vi(k) for k in TABLE_NOTES), italic=True, size=12, before=3)
    if any_flag:
        form.paragraph(doc, UNVERIFIED_NOTE, italic=True, size=12)
    mine = revised[(revised.commune_id == merged_id) & (revised.year <= year)] if revised is not None else None
    changes = (
        revision_lines(mine, dict(zip(raw.indicators.indicator_id, raw.indicators.name_vi)), paper=True)
        if mine is not None
        else []
    )
    if changes:
        form.paragraph(doc, glossary.vi("summary.revised"), italic=True, size=12)
        for line in changes:
            form.paragraph(doc, f"- {line}", italic=True, size=12)

    if start_of_term:
        _section(doc, "II. ĐÁNH GIÁ CHUNG", rt.baseline_assessment(gaps))
        _section(doc, "III. YÊU CẦU NĂM TỚI", rt.requirements(gaps, year, start_of_term))
    elif midterm:  # the term so far against each 2030 target, and what the rest of the term needs
        review = rt.midterm_review(gaps, year, values, projected_end(gaps, table), still_to_go(gaps))
        _section(doc, f"II. KẾT QUẢ NỬA ĐẦU NHIỆM KỲ SO VỚI MỤC TIÊU NĂM {term.target_year}", review)
        _section(doc, "III. NHIỆM VỤ NHỮNG NĂM CÒN LẠI CỦA NHIỆM KỲ", rt.midterm_tasks(gaps, year))
    else:
        _section(doc, "II. ĐÁNH GIÁ CHUNG", rt.assessment(gaps, year, values, projected_end(gaps, table)))
        _section(doc, "III. YÊU CẦU NĂM TỚI", rt.requirements(gaps, year, start_of_term))
    # the sources keep with the closing: Nơi nhận and the signature never stand alone on the last page
    tail = [form.paragraph(doc, glossary.vi("summary.sources") + ":", bold=True, indent=True, before=6)]
    tail += [form.paragraph(doc, line, indent=True, size=13) for line in _sources(raw, used)]
    tail.append(form.paragraph(doc, "", after=6))
    for p in tail:
        p.paragraph_format.keep_with_next = True
    form.closing(
        doc,
        [
            f"- Ban Thường vụ Tỉnh ủy {c.province} (b/c),",
            "- Các đồng chí Ủy viên Ban Chấp hành Đảng bộ xã,",
            "- Các chi bộ trực thuộc,",
            "- Lưu Văn phòng Đảng ủy.",
        ],
        glossary.vi("sign.on_behalf"),
        glossary.vi("sign.title"),
    )
    return doc, f"{kind} {subject}"


def issue_date(raw, merged_id: str, year: int) -> str:
    """The report's date (ISO) for its core properties: the year's form date when the form gives a full
    date, as the yearly table's place-date line; else 1 January of the year of issue (the year after
    `year` once figures exist, `year` itself at the start of the term), the year the header prints."""
    start_of_term = not [y for y in monitored_years(raw, merged_id) if y <= year]
    form_date = "" if start_of_term else _form_date(raw, year)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", form_date):
        return form_date
    return f"{year if start_of_term else year + 1}-01-01"


def write_report(
    raw, table: pd.DataFrame, merged_id: str, year: int, out: Path, midterm: bool = False, revised=None
) -> Path:
    """Write the report to `out` (byte-identical across runs) and return the path."""
    doc, title = report_document(raw, table, merged_id, year, midterm, revised)
    author = f"Đảng ủy xã {plain_name(_commune(raw, merged_id).name_vi)}"
    return form.save_docx(doc, Path(out), title, author, issue_date(raw, merged_id, year))
