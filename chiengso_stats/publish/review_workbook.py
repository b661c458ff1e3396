"""Publish: the review workbook: one row per proposed figure, for an officer to accept or reject.

Sheet "Số liệu đề xuất" has the official header block and bordered table of the other
workbooks (`excel.write_sheet`). The officer chooses "Nhận" or "Bỏ" on every row and may
correct the proposal in the editable cells (yellow): kind, commune, indicator (a dropdown of
the catalogue), period, value as printed, qualifier, comparator, note. The quote, its place,
the phrase and the proposer's reading stay read-only (sheet protection without a password,
only the editable cells unlocked), because the build verifies the quote against the document.
Sheets "Xã" (the communes, editable), "Nguồn" (the document's registry row, its sha256
locked) and "Danh mục chỉ tiêu" (the catalogue the dropdown lists) complete it.
`chiengso-stats accept` reads it back (`ingest.review`).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..ingest.new_indicators import NEW_FIELDS, NEW_SHEET, suggest
from ..ingest.review import (
    ACCEPT,
    CATALOGUE_SHEET,
    COMMUNE_FIELDS,
    COMMUNES_SHEET,
    COMPARATOR_VI,
    DECISIONS,
    FIGURE_FIELDS,
    FIGURES_SHEET,
    FIRST_ROW,
    GUIDE_SHEET,
    HORIZON_VI,
    KIND_VI,
    REJECT,
    ROLE_VI,
    SOURCE_FIELDS,
    SOURCE_SHEET,
    choice,
    slug,
)
from ..ingest.schemas import QUALIFIERS
from ..ingest.sources import sha256_of
from ..numbers import SUFFIXES
from ..text import plain_name
from .excel import FORMATS, Column, align, font, set_text, write_guide, write_sheet

EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")  # the light yellow offices use for "type here"


def _blank(value) -> object:
    """Proposals hold NaN or None where nothing was read; an editable cell shows them empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


def proposed_communes(proposals: pd.DataFrame) -> pd.DataFrame:
    """Communes named by the proposals, when no commune proposal is given.

    The commune the 2030 targets belong to is the new one; the others are former communes
    merged into it (when there is exactly one new commune). The officer checks it all.
    """
    placed = proposals[proposals.commune_id.fillna("") != ""]  # a figure of no commune names none
    named = placed[["commune_id", "commune_name"]].drop_duplicates("commune_id")
    merged = list(dict.fromkeys(placed.commune_id[placed.kind == "target"]))
    rows = []
    for cid, name in named.itertuples(index=False):
        role = "merged" if cid in merged else "former"
        into = merged[0] if role == "former" and len(merged) == 1 else ""
        rows.append(dict(commune_id=cid, name_vi=name, role=role, merged_into=into))
    return pd.DataFrame(rows, columns=["commune_id", "name_vi", "role", "merged_into"])


def _unlock(cell, text_format: bool = True) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = EDITABLE_FILL
    if text_format:
        cell.number_format = FORMATS["text"]  # so Excel keeps a typed '9.199' as printed


def _list_check(values_or_range: str, title: str, error: str, strict: bool = True) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=values_or_range,
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle=title,
        error=error,
    )


def _in_printed_unit(value, unit: str):
    """The value read, in the unit printed beside it ("865,2 tỷ đồng" shows 865,2 under "tỷ đồng", not the
    865.200 triệu đồng it is kept as): the officer checks it against the document."""
    factor = SUFFIXES.get(unit.lower(), ("", 1))[1]
    if value == "" or factor == 1:
        return value
    return round(float(value) / float(factor), 6)


def _figures_sheet(ws, proposals, catalogue, merged_name: str, documents: list[Path], n_communes: int) -> None:
    names = dict(zip(catalogue.indicator_id, catalogue.name_vi))
    new_ids = [
        "" if _blank(i) else suggest(str(_blank(v)), str(_blank(u)))["indicator_id"]
        for i, v, u in zip(proposals.indicator_id, proposals.indicator_vi, proposals.unit)
    ]
    rows = []
    for k, p in enumerate(proposals.itertuples(index=False), start=1):
        ind = _blank(p.indicator_id)
        values = {
            "row_no": k,
            "decision": "",
            "kind": KIND_VI.get(p.kind, str(p.kind)),
            "horizon": HORIZON_VI.get(str(_blank(getattr(p, "horizon", ""))), ""),
            "comparator": COMPARATOR_VI.get(str(_blank(p.comparator)), str(_blank(p.comparator))),
            "indicator_id": choice(ind, names[ind]) if ind in names else str(ind),
            "value": _in_printed_unit(_blank(p.value), str(_blank(p.unit))),
            "confidence": _blank(p.confidence),
            "note": str(_blank(getattr(p, "note", "")))
            or (f"Chỉ tiêu mới gợi ý: {new_ids[k - 1]} (trang '{NEW_SHEET}')" if new_ids[k - 1] else ""),
            "document": str(_blank(getattr(p, "document", ""))) or documents[0].name,
        }
        rows.append([values[f.key] if f.key in values else str(_blank(getattr(p, f.key))) for f in FIGURE_FIELDS])
    n_obs = int((proposals.kind == "observation").sum())
    write_sheet(
        ws,
        left=(f"UBND XÃ {merged_name.upper()}", "BỘ PHẬN THỐNG KÊ"),
        title="BẢNG RÀ SOÁT SỐ LIỆU ĐỀ XUẤT TỪ VĂN BẢN",
        subtitle=f"Văn bản: {', '.join(d.name for d in documents)} — {len(proposals)} đề xuất ({n_obs} số liệu, "
        f"{len(proposals) - n_obs} chỉ tiêu 2030)",
        note=f"(Mỗi dòng chọn '{ACCEPT}' hoặc '{REJECT}'; sửa đề xuất sai trong các ô nền vàng; trích dẫn và vị "
        "trí giữ nguyên vì được đối chiếu với văn bản)",
        columns=[Column(f.title, f.width, f.kind) for f in FIGURE_FIELDS],
        rows=rows,
        place_date=f"{merged_name}, ngày ... tháng ... năm ......",
        state=True,  # a paper of the commune's People's Committee: the national motto, not the Party's name
    )
    last = FIRST_ROW + len(rows) - 1
    checks = {
        "decision": _list_check(f'"{",".join(DECISIONS)}"', "Nhận / Bỏ", f"Chọn {ACCEPT} hoặc {REJECT}."),
        "kind": _list_check(f'"{",".join(KIND_VI.values())}"', "Loại", "Chọn số liệu hoặc chỉ tiêu 2030."),
        "commune_id": _list_check(
            f"'{COMMUNES_SHEET}'!$B$2:$B${n_communes + 1}", "Mã xã", "Mã xã ở trang Xã.", strict=False
        ),
        "indicator_id": _list_check(  # not strict: a new indicator's id (sheet "Chỉ tiêu mới") may be typed
            f"'{CATALOGUE_SHEET}'!$D$2:$D${len(catalogue) + 1}",
            "Chỉ tiêu",
            "Chọn một chỉ tiêu trong danh mục, hoặc gõ mã một chỉ tiêu mới.",
            strict=False,
        ),
        "horizon": _list_check(f'"{",".join(HORIZON_VI.values())}"', "Mốc", "Chọn mốc của chỉ tiêu 2030."),
        "qualifier": _list_check(f'"{",".join(QUALIFIERS[1:])}"', "Từ kèm", "Chọn từ kèm hoặc để trống."),
        "comparator": _list_check(f'"{",".join(COMPARATOR_VI.values())}"', "So sánh", "Chọn một phép so sánh."),
    }
    for c, f in enumerate(FIGURE_FIELDS, start=1):
        if not f.editable:
            continue
        for r in range(FIRST_ROW, last + 1):
            _unlock(ws.cell(row=r, column=c))
        if f.key in checks and last >= FIRST_ROW:
            checks[f.key].add(f"{get_column_letter(c)}{FIRST_ROW}:{get_column_letter(c)}{last}")
    for dv in checks.values():
        if dv.sqref:
            ws.add_data_validation(dv)
    ws.protection.sheet = True  # without a password: the office can unlock it, not by accident
    if last >= FIRST_ROW:  # filter the rows ("KHÁC với …", one commune, one document) on the protected sheet
        ws.auto_filter.ref = f"A{FIRST_ROW - 1}:{get_column_letter(len(FIGURE_FIELDS))}{last}"
        ws.protection.autoFilter = False


def _table(ws, titles_widths: list[tuple[str, float]]) -> None:
    for c, (title, width) in enumerate(titles_widths, start=1):
        cell = ws.cell(row=1, column=c)
        set_text(cell, title)
        cell.font = font(12, bold=True)
        cell.alignment = align("center")
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"


def _communes_sheet(ws, communes: pd.DataFrame) -> None:
    _table(ws, [(f.title, f.width) for f in COMMUNE_FIELDS])
    for r, row in enumerate(communes.to_dict("records"), start=2):
        values = {k: str(_blank(row.get(k, ""))) for k in (f.key for f in COMMUNE_FIELDS)}
        values["decision"] = ACCEPT  # the officer rejects a commune named only in passing
        values["role"] = ROLE_VI.get(values["role"], values["role"])
        for c, f in enumerate(COMMUNE_FIELDS, start=1):
            cell = ws.cell(row=r, column=c)
            set_text(cell, values[f.key])
            cell.font = font(12)
            _unlock(cell)
    last = max(len(communes) + 1, 2) + 10  # room for a commune the proposals missed
    for r in range(len(communes) + 2, last + 1):
        for c in range(1, len(COMMUNE_FIELDS) + 1):
            _unlock(ws.cell(row=r, column=c))
    decision = _list_check(f'"{",".join(DECISIONS)}"', "Nhận / Bỏ", f"Chọn {ACCEPT} hoặc {REJECT}.")
    decision.add(f"A2:A{last}")
    role = _list_check(f'"{",".join(ROLE_VI.values())}"', "Vai trò", "Chọn xã cũ hoặc xã mới.")
    role.add(f"D2:D{last}")
    ws.add_data_validation(decision)
    ws.add_data_validation(role)
    ws.protection.sheet = True


def _source_sheet(ws, documents: list[Path], merged_name: str) -> None:
    """One column per document (B: the report, C: its appendix …): its registry row, the file's name and
    checksum; no local path."""
    ws.column_dimensions["A"].width = 44
    for r, (_, label, _) in enumerate(SOURCE_FIELDS, start=1):
        a = ws.cell(row=r, column=1)
        set_text(a, label)
        a.font = font(12, bold=True)
    for c, document in enumerate(documents, start=2):
        values = {
            "source_id": slug(document.stem),
            "title_vi": _title(c - 2, len(documents) - 1, merged_name) if merged_name else document.stem,
            "issuer": f"Ban Chấp hành Đảng bộ xã {merged_name}" if merged_name else "",
            "date": "",
            "note": "Số liệu đề xuất tự động, đã rà soát (chiengso-stats propose / accept)",
            "file": document.name,
            "sha256": sha256_of(document),
        }
        ws.column_dimensions[get_column_letter(c)].width = 90 if len(documents) == 1 else 60
        for r, (key, _, editable) in enumerate(SOURCE_FIELDS, start=1):
            b = ws.cell(row=r, column=c)
            set_text(b, values[key])
            b.font = font(12)
            b.alignment = align("left")
            if editable:
                _unlock(b)
    ws.protection.sheet = True


def _title(k: int, appendices: int, merged_name: str) -> str:
    """The k-th document's title: the report (k = 0), then its appendix, numbered when there are several (the
    papers and the audit cite it by this title, not by its file's name)."""
    report = f"Báo cáo chính trị Đại hội đại biểu Đảng bộ xã {merged_name}"
    if k == 0:
        return report
    return f"Phụ lục{f' {k}' if appendices > 1 else ''} kèm theo {report}"


def _new_sheet(ws, proposals: pd.DataFrame) -> None:
    """One suggested new indicator per phrase the catalogue lacks, in yellow cells; the rows that use it."""
    _table(ws, [(title, width) for _, title, width in NEW_FIELDS])
    found: dict[str, dict] = {}
    for k, p in enumerate(proposals.itertuples(index=False), start=1):
        if _blank(p.indicator_id):
            continue
        s = suggest(str(_blank(p.indicator_vi)), str(_blank(p.unit)))
        found.setdefault(s["indicator_id"], s | {"rows": []})["rows"].append(str(k))
    last = len(found) + 11  # room for an indicator the suggestions missed
    for r, s in enumerate(found.values(), start=2):
        s["rows"] = ", ".join(s["rows"])
        for c, (key, _, _) in enumerate(NEW_FIELDS, start=1):
            set_text(ws.cell(row=r, column=c), s.get(key, ""))
    for r in range(2, last + 1):
        for c, (key, _, _) in enumerate(NEW_FIELDS, start=1):
            if key != "rows":
                _unlock(ws.cell(row=r, column=c))
    decision = _list_check(f'"{",".join(DECISIONS)}"', "Nhận / Bỏ", f"Chọn {ACCEPT} hoặc {REJECT}.")
    decision.add(f"A2:A{last}")
    ws.add_data_validation(decision)
    ws.protection.sheet = True


def _catalogue_sheet(ws, catalogue: pd.DataFrame) -> None:
    _table(ws, [("Mã chỉ tiêu", 34), ("Tên chỉ tiêu", 60), ("Đơn vị", 16), ("Chọn trong danh sách", 90)])
    for r, row in enumerate(catalogue.itertuples(index=False), start=2):
        for c, v in enumerate((row.indicator_id, row.name_vi, row.unit, choice(row.indicator_id, row.name_vi)), 1):
            set_text(ws.cell(row=r, column=c), str(v))
    ws.protection.sheet = True


GUIDE = [
    "HƯỚNG DẪN RÀ SOÁT SỐ LIỆU ĐỀ XUẤT — {doc}",
    "",
    "1. Trang '{fig}': mỗi dòng là một con số in trong văn bản mà máy đề xuất. Ở cột 'Nhận / Bỏ' chọn '{ok}' nếu "
    "đúng (hoặc sau khi sửa), '{no}' nếu không phải số liệu (năm, số văn bản, số thứ tự…) hay không cần. Dòng nào "
    "cũng phải chọn.",
    "2. Chỉ sửa các ô nền vàng: loại (số liệu / chỉ tiêu 2030), mã xã, chỉ tiêu (chọn trong danh mục), kỳ (2025 "
    "hoặc 2020-2025), mốc của chỉ tiêu 2030 (mức năm 2030, tổng cả nhiệm kỳ, hằng năm…), giá trị như văn bản ghi (gõ "
    "đúng như văn bản ghi, vd 1.240 ha; khoảng: 3 đến 5), từ kèm (trên, khoảng…), so sánh (với chỉ tiêu 2030: từ … trở "
    "lên, trên, dưới, có thêm, từ … đến …), ghi chú. Trích dẫn và vị trí không sửa: khi dựng số liệu, chương trình "
    "đối chiếu trích dẫn với văn bản. Một số liệu in ở cả báo cáo và phụ lục (cột Ghi chú: 'Khớp với' / 'KHÁC với'): "
    "nhận một dòng, bỏ dòng kia.",
    "3. Số không có chỉ tiêu trong danh mục: trang 'Chỉ tiêu mới' gợi ý một chỉ tiêu mới (mã, tên, đơn vị, loại, "
    "quyền số với tỷ lệ); sửa trong ô vàng, chọn '{ok}', rồi gõ mã đó vào cột chỉ tiêu của các dòng số liệu; lệnh "
    "accept ghi danh mục kèm chỉ tiêu mới (indicators.csv). Không cần thì chọn '{no}'.",
    "4. Trang '{com}': các xã cũ và xã mới (mã xã, tên, vai trò, xã mới mà xã cũ sáp nhập vào). Trang '{src}': "
    "mã nguồn, tên văn bản, cơ quan ban hành, ngày ban hành (phải điền).",
    "5. Lưu tệp, rồi chạy: chiengso-stats accept TỆP_ĐÃ_RÀ_SOÁT.xlsx --out THƯ_MỤC. Lệnh ghi các bảng gốc "
    "(sources, communes, observations, targets_2030, resolution_results) và bản sao văn bản vào THƯ_MỤC; chép "
    "chúng vào thư mục dữ liệu gốc (cùng danh mục indicators.csv) rồi chạy build.",
    "6. Nếu tệp rà soát có lỗi, lệnh dừng (mã 2), liệt kê mọi lỗi với trang và ô, và không ghi tệp nào.",
    "",
    "Trang tính được khóa không mật khẩu để tránh sửa nhầm; chỉ các ô nền vàng được mở.",
    "(English: tick Nhận (accept) or Bỏ (reject) on every row, correct the yellow cells, fill the source's date, "
    "save, then run 'chiengso-stats accept FILE.xlsx --out FOLDER' and copy FOLDER into a raw folder.)",
]


def _guide(ws, document: Path) -> None:
    names = dict(doc=document.name, fig=FIGURES_SHEET, com=COMMUNES_SHEET, src=SOURCE_SHEET, ok=ACCEPT, no=REJECT)
    write_guide(ws, [line.format(**names) for line in GUIDE])


def review_workbook(
    proposals: pd.DataFrame,
    catalogue: pd.DataFrame,
    document,
    communes: pd.DataFrame | None = None,
) -> Workbook:
    """The review workbook for the proposals read from `document`.

    Parameters
    ----------
    proposals : pandas.DataFrame
        `cs.propose(document)`: one row per figure, with commune_name, commune_id, indicator_id,
        indicator_vi, period, value_as_printed, value, unit, qualifier, kind, comparator, quote,
        source_ref, confidence.
    catalogue : pandas.DataFrame
        The indicator catalogue (``indicators.csv``), for the dropdown.
    document : path of the document proposed from, or a list (a report and its appendix); each one's
        name and sha256 go to sheet "Nguồn".
    communes : pandas.DataFrame, optional
        Proposed communes (commune_id, name_vi, role 'former'/'merged', merged_into): `propose_communes`'
        reading of the merger; when None or empty, derived from the proposals (`proposed_communes`).

    Returns
    -------
    openpyxl.Workbook, to save with `excel.save_deterministic` (same bytes on every run).

    Examples
    --------
    >>> wb = review_workbook(cs.propose(doc), raw.indicators, doc)
    >>> save_deterministic(wb, Path("reports/ra_soat_de_xuat.xlsx"))
    """
    documents = [Path(d) for d in ([document] if isinstance(document, (str, Path)) else document)]
    communes = proposed_communes(proposals) if communes is None or communes.empty else communes
    merged = communes[communes.role == "merged"]
    merged_name = plain_name(str(merged.name_vi.iloc[0])) if len(merged) else ""
    wb = Workbook()
    _guide(wb.active, documents[0])
    wb.active.title = GUIDE_SHEET
    _figures_sheet(wb.create_sheet(FIGURES_SHEET), proposals, catalogue, merged_name, documents, len(communes) + 10)
    _communes_sheet(wb.create_sheet(COMMUNES_SHEET), communes)
    _source_sheet(wb.create_sheet(SOURCE_SHEET), documents, merged_name)
    _new_sheet(wb.create_sheet(NEW_SHEET), proposals)
    _catalogue_sheet(wb.create_sheet(CATALOGUE_SHEET), catalogue)
    wb.active = 1
    return wb
