"""Ingest: figures of a table (a Word table, or a PDF's read by its columns): one proposal per cell.

The header names each column: a commune ("Xã Pá Lông"), the new commune or a total ("Toàn xã",
"Tổng"), a target ("Mục tiêu 2030"), or a column that holds no figures (STT, Đơn vị tính,
Chỉ tiêu: the row's label, which names the indicator). Header words are data, in
`reading_rules.yaml`.
"""

from __future__ import annotations

import re

from ..numbers import SUFFIXES
from ..text import normalise
from .commune_mentions import UNKNOWN, mentions, resolve, unit_pattern
from .documents import Table, block_lines
from .figures import TERM_SEPARATOR, find_figures, fold, printed_fields, rules
from .indicator_match import best_phrase, family_of
from .periods import target_horizon
from .report_layout import has_cue, has_words, in_part

_HEADER_CELL = re.compile(  # "Năm 2020", "2020 - 2025", "2021-25", "ƯTH 2025" (ước thực hiện: an estimate of the year)
    r"^(?:(?:năm|kỳ|giai đoạn|ước thực hiện|ước th|ước|ưth|dự kiến)\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?)?$",
    re.IGNORECASE,
)


def _under_header(grid: list[list[str]], k: int, j: int) -> bool:
    """Whether cell (k, j) is a header's: empty, a year ("Năm 2020"), the cell above repeated (a merged
    cell), or under a header cell spanning several columns ("Trước hợp nhất" over "Xã A" | "Xã B")."""
    cell, top = grid[k][j].strip(), grid[0]
    if _HEADER_CELL.match(cell) or (j < len(grid[k - 1]) and cell == grid[k - 1][j].strip()):
        return True
    if re.search(r"\d", cell) or len(set(top)) < 2 or j >= len(top):
        return False  # figures are no header, and a title across the whole table spans nothing in particular
    return any(0 <= i < len(top) and top[i] == top[j] for i in (j - 1, j + 1))


def header_of(grid: list[list[str]]) -> tuple[list[str], int]:
    """(each column's header, the number of header rows): a row under the first whose cells are years,
    empty, or under a header cell spanning columns ("Năm 2020", "Năm 2025" under "Xã A"; "Xã A", "Xã B"
    under "Trước hợp nhất") goes on the header."""
    k = 1
    while k < len(grid) and any(grid[k]) and all(_under_header(grid, k, j) for j in range(len(grid[k]))):
        k += 1
    width = max(len(r) for r in grid[:k])
    header = []
    for j in range(width):
        parts = [grid[i][j] for i in range(k) if j < len(grid[i]) and grid[i][j]]
        header.append(" ".join(dict.fromkeys(parts)))
    return header, k


def _kinds(header: list[str]) -> dict[int, str]:
    """The columns that hold no figures: 'skip' (STT), 'unit' (Đơn vị tính), 'label' (Chỉ tiêu; the
    first column when no header says which)."""
    r = rules()
    kinds = {}
    for j, h in enumerate(header):
        if fold(h).replace(" ", "") in {fold(w).replace(" ", "") for w in r["skip_headers"]}:  # not "TT Phú Lễ"
            kinds[j] = "skip"
        elif fold(h).strip() in {fold(w).strip() for w in r["period_headers"]}:
            kinds[j] = "period"  # "Năm": the row's year or term ("2020", "2020 - 2025")
        elif _starts_with_any(h, r["unit_headers"]):
            kinds[j] = "unit"
        elif _starts_with_any(h, r["label_headers"]) or j == 0:
            kinds[j] = "label"
    return kinds


def _commune_of(text: str, communes, merged):
    """The commune a header (or a row's label) names: "Xã Nà Lừu (mới)" the new one, "Xã Nà Lừu" the
    former one; "Xã mới", "Toàn xã", "Tổng" (`merged_headers`) the new one; else None."""
    found = mentions(text, communes)
    if found:
        return resolve(found[0][2], communes, text, True, found[0][4])
    return merged if has_cue(text, "merged_headers") else None


def _row_commune_column(grid, header, n_header, kinds, communes) -> int | None:
    """The column whose cells name the communes, in a table with a row per commune and a column per
    indicator ("Đơn vị hành chính" | "Diện tích tự nhiên (km2)" | …), where no header names a commune."""
    if any(mentions(h, communes) for h in header):
        return None
    for j in range(len(header)):
        if kinds.get(j) == "skip":
            continue
        rows = [row for row in grid[n_header:] if j < len(row) and not _is_band(row)]
        named = sum(bool(mentions(row[j], communes)) for row in rows)
        if named >= 2:
            return j
    return None


def _header_period(head: str) -> tuple[str, str]:
    """A column's header without the year or term printed under it, and that period: ("Tỷ lệ hộ nghèo (%)", "2020")
    from "Tỷ lệ hộ nghèo (%) 2020"; "2021-25" is the term 2021-2025."""
    m = re.search(r"\s((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)?\d\d))?\s*$", head)
    if not m:
        return head, ""
    end = m[2] if not m[2] or len(m[2]) == 4 else m[1][:2] + m[2]
    return head[: m.start()].strip(), f"{m[1]}-{end}" if end else m[1]


def _named_first(label: str, communes) -> str:
    """The start of a row's label that names its commune before a dash or a colon ("Xã Linh Trà – dân số …"),
    else ''."""
    found = mentions(label, communes)
    if not found or not re.fullmatch(rf"\s*(?:{unit_pattern()}\s+)?", label[: found[0][0]]):
        return ""
    end = found[0][1]
    return label[:end] if re.match(r"\s*(?:\((?:cũ|mới)\))?\s*[–—:-]\s+\S", label[end:]) else ""


def _is_band(cells: list[str]) -> bool:
    """A row whose cells after its number are one merged cell of words: "I | Xã Bình Sơn Hạ", "A | NĂM 2020"."""
    text = {c.strip() for c in cells[1:]}
    return len(cells) > 2 and len(text) == 1 and bool(re.search(r"[^\W\d_]", next(iter(text))))  # words, not "0"


def _title_line(lay, table: Table) -> str:
    """The line just above a table (at most 200 characters): its title, "Bảng 1. …"."""
    first = min(o for o, t, _ in lay.tables if t is table)
    start = max([o for o in lay.line_breaks if o < first] or [0])
    return lay.text[max(start, first - 200) : first]


def _title_commune(lay, table: Table, communes):
    """The one commune a table's title names ("Bảng 1. Một số chỉ tiêu chủ yếu trên địa bàn xã Hòa Lộc"): its
    columns that name none are that commune's; None when the title names none or several."""
    title = _title_line(lay, table)
    found = {(m[2], m[4]) for m in mentions(title, communes)}
    if len(found) != 1:
        return None
    name, mark = next(iter(found))
    return resolve(name, communes, title, False, mark)


def _band(grid, n_header: int, row: int) -> str:
    """The text of the band row above `row` in a stacked table: a row whose cells after its number are one
    merged cell ("I | Xã Bình Sơn Hạ", "A | NĂM 2020") heads the rows under it, up to the next band."""
    return next((grid[k][1] for k in range(row - 1, n_header - 1, -1) if _is_band(grid[k])), "")


def _band_commune(grid, n_header: int, row: int, communes):
    """The commune a band row above `row` names ("I | Xã Bình Sơn Hạ"), else None."""
    band = _band(grid, n_header, row)
    found = mentions(band, communes) if band else []
    return resolve(found[0][2], communes, band, True, found[0][4]) if found else None


def table_rows(lay, offset, table: Table, row: int, communes, cat, names, terms) -> list[dict]:
    grid = table.grid()
    header, n_header = header_of(grid)
    if row < n_header:
        return []
    cells = grid[row]
    merged = next(c for c in communes if c.role == "merged")
    line = lay.text[offset : offset + len(normalise(block_lines([Table(0, [table.rows[row]])])[0]))]
    kinds = _kinds(header)
    by_row = _row_commune_column(grid, header, n_header, kinds, communes)
    stacked = None
    labels = {fold(w).strip() for w in rules()["label_headers"]}  # the header "Chỉ tiêu" alone, not "Chỉ tiêu NQ đạt"
    if by_row is not None and any(j != by_row and fold(h).strip() in labels for j, h in enumerate(header)):
        # "Đơn vị | Chỉ tiêu | ĐVT | Năm 2020 | Năm 2025": rows grouped by commune, its name in the group's
        # first row only (a merged cell), the indicators in their own column, the years over the columns
        named_above = (cells_k[by_row] for cells_k in grid[row : n_header - 1 : -1] if by_row < len(cells_k))
        stacked = next((c for c in (_commune_of(t, communes, merged) for t in named_above if t.strip()) if c), None)
        kinds = {j: k for j, k in kinds.items() if j != by_row} | {by_row: "commune"}
        by_row = None
    if by_row is not None and (named_first := _named_first(cells[by_row] if by_row < len(cells) else "", communes)):
        # "Xã Trà Lộc Hạ – dân số năm 2025 (người) | 5.236": a row's label begins with its commune, then its indicator
        stacked = _commune_of(named_first, communes, merged)
        kinds = {j: k for j, k in kinds.items() if j != by_row} | {by_row: "label"}
        by_row = None
    if by_row is not None and _is_band(cells) and len({c.strip() for c in cells}) == 1:
        return []  # "7. Tổng đàn trâu, bò (con)" across the table: the block's title, its number no figure
    band_label = _band(grid, n_header, row) if by_row is not None else ""
    if band_label and not _is_band(cells) and any(_TERM.search(h) or _YEAR.search(h) for h in header):
        # "1. Diện tích tự nhiên (km²)" across the table over "Xã cũ Cốc Mòn | - | 37,91 | -": a block per indicator,
        # its communes in the rows under it, the years over the columns
        stacked = _commune_of(cells[by_row], communes, merged) if by_row < len(cells) else None
        kinds = {j: k for j, k in kinds.items() if j != by_row} | {by_row: "commune"}
        by_row = None
    else:
        band_label = ""
    if by_row is not None:  # a row per commune: its commune in one column, an indicator per column
        kinds = {j: k for j, k in kinds.items() if k == "skip"} | {by_row: "by_row"}
        row_commune = _commune_of(cells[by_row], communes, merged) if by_row < len(cells) else None
        if row_commune is None:
            return []
    label_col = next(
        (j for j, k in kinds.items() if k == "label" and _starts_with_any(header[j], rules()["label_headers"])),
        next((j for j, k in kinds.items() if k == "label"), 0),
    )
    unit_col = next((j for j, k in kinds.items() if k == "unit"), None)
    period_col = next((j for j, k in kinds.items() if k == "period"), None)
    row_period = cells[period_col].strip() if period_col is not None and period_col < len(cells) else ""
    # "A | NĂM 2020", "C | CẢ NHIỆM KỲ 2020 - 2025": a band row above gives the rows under it their period
    row_period = row_period or _band(grid, n_header, row).lower().removeprefix("năm").strip()
    past, target_year = terms
    # a table of targets with a column of what was done ("Thực hiện 2025" | "Mục tiêu 2030"): that column is
    # the new commune's observations, never dropped for want of a commune's name in its header
    targets_table = any(has_cue(h, "target_headers") for h in header)
    out = []
    for j, cell in enumerate(cells):
        if row == 0 or j in kinds or j >= len(header):
            continue
        head, when = header[j], row_period
        # "Thực hiện 2025" in a targets table: the new commune's observations, not targets
        observed = by_row is None and targets_table and _starts_with_any(head, rules()["observed_headers"])
        if by_row is not None:  # "Diện tích tự nhiên (km2)": the indicator and its unit in the header
            head, printed = _header_period(head)  # "Tỷ lệ hộ nghèo (%) 2020", "… (triệu đồng) 2021-25"
            when = when or printed
            commune, unit_in_head = row_commune, re.search(r"\(([^()]*)\)\s*$", head)
            label = head[: unit_in_head.start()].strip() if unit_in_head else head
            unit_text = unit_in_head.group(1).strip() if unit_in_head else ""
            head = cells[by_row]
        else:
            named = _commune_of(head, communes, merged)
            # "Khuổi Sáp (trước mở rộng): 58,6" under "Địa bàn cao nhất": the cell names its own commune
            own_name = re.match(r"([^:\d]+):\s*\S", cell)
            named = (_commune_of(own_name.group(1), communes, None) if own_name else None) or named
            # a table of targets: its columns that name no commune ("Mốc năm 2030", "Cộng 5 năm") are the new one's
            in_targets = in_part(lay, offset, "target_parts") and not named
            commune = (
                named or stacked or (merged if has_cue(head, "target_headers") or observed or in_targets else None)
            )
            # a column whose header names no commune: its figures are proposed without one, and say why
            commune = commune or _band_commune(grid, n_header, row, communes) or _title_commune(lay, table, communes)
            commune = commune or UNKNOWN
            # "Chỉ tiêu | A | B | C | Chỉ tiêu | A | B | C": a table printed folded, each cell named by the label to its left
            own = max((k for k, kind in kinds.items() if kind == "label" and label_col <= k < j), default=label_col)
            label = band_label or (cells[own] if own < len(cells) else "")
            label = re.sub(r"^\s*(?:\d{1,2}|[IVX]+)[.)]\s+", "", label) if band_label else label  # "1. Diện tích …"
            unit_text = cells[unit_col].strip() if unit_col is not None and unit_col < len(cells) else ""
            unit_in_label = re.search(r"\s*\(([^()]*)\)\s*$", label) if unit_col is None else None
            if unit_in_label:  # "Dân số (người)": the unit in the label, where no column gives it
                label, unit_text = label[: unit_in_label.start()], unit_in_label.group(1).strip()
            unit_in_head = re.search(r"\(([^()]*)\)", head) if not unit_text else None
            if unit_in_head and (_YEAR.search(label) or _TERM.search(label) or has_words(label, rules()["term_cues"])):
                # "Năm 2021" under "Thu ngân sách trên địa bàn (triệu đồng) | A": rows of years, the indicator and
                # its unit in the column's header
                label, unit_text = f"{head[: unit_in_head.start()].strip()} {label}", unit_in_head.group(1).strip()
        is_target = not observed and (has_cue(head, "target_headers") or in_part(lay, offset, "target_parts"))
        figures = find_figures(cell)
        arrows = "|".join(re.escape(a) for a in rules()["change_arrows"])
        # "9.280 → 9.640": from the term's first year to its last
        arrow = len(figures) == 2 and re.search(rf"\d\s*(?:{arrows})\s*\d", cell)
        for k, fig in enumerate(figures):
            unit = fig.unit if fig.unit in SUFFIXES else unit_text.lower() if unit_text.lower() in SUFFIXES else ""
            if unit and fig.unit not in SUFFIXES:
                fig.value = float(fig.value * float(SUFFIXES[unit][1]))
            fig.unit = unit or unit_text or fig.unit
            family = family_of(unit or unit_text.lower())  # "triệu đồng/người/năm" is money
            iid = best_phrase(label + " " + unit_text, family, cat)[0] or _named_by_start(label, family, cat)
            # a row label that is a weak name whole ("Đảng viên" | người): no other words to mistake it in
            iid = iid or next((i for i, _, fam, uses in cat if fam == family and fold(label) in uses["weak"]), "")
            if not iid and by_row is not None and len(label.split()) <= 3:
                # "Số chỉ tiêu Nghị quyết | Đạt và vượt | Chưa đạt": a short header ("Chưa đạt", not "Tỷ lệ hộ cận
                # nghèo") counts what the nearest column to the left that names an indicator counts
                left = [
                    header[k] for k in range(j - 1, -1, -1) if k not in kinds and best_phrase(header[k], family, cat)[0]
                ]
                iid = best_phrase(f"{left[0]} {label}", family, cat, after=False)[0] if left else ""
            if fig.role == "total":  # "18/18" under "Số chỉ tiêu nghị quyết đạt": the second is the total
                iid = best_phrase(label, family, cat, use="total")[0]
            kind = "target" if is_target else "observation"
            comparator = (fig.comparator or ">=") if kind == "target" else ""
            out.append(
                dict(
                    **printed_fields(commune, fig),
                    indicator_id=iid,
                    indicator_vi=label,
                    period=target_year
                    if is_target
                    else past[:4]
                    if arrow and k == 0 and past
                    else _own_period(cell, fig, figures[k + 1].start if k + 1 < len(figures) else len(cell), past)
                    or _period(lay, table, f"{label} năm {when}" if when else label, head, past, cell, iid),
                    horizon=target_horizon(fig, f"{label} {head} {cell}", "") if is_target else "",
                    kind=kind,
                    comparator=comparator,
                    quote=line,
                    source_ref=f"Bảng {table.number}, dòng {row + 1} ({label[:60]}), cột '{header[j]}'",
                    confidence=0.7 + 0.3 * bool(iid),
                    position=offset + max(line.find(fig.printed), 0),
                )
            )
    return out


def _named_by_start(label: str, family: str, cat) -> str:
    """The one catalogue indicator of the figure's unit whose name starts with a row's short label:
    "Số hộ" (hộ) is "Số hộ gia đình"; none when several start so ("Số chỉ tiêu …") or the label is one word."""
    words = fold(label)
    if len(words.split()) < 2:
        return ""
    found = {iid for iid, name, fam, _ in cat if fam == family and fold(name).startswith(words)}
    return found.pop() if len(found) == 1 else ""


_TERM = re.compile(rf"((?:19|20)\d\d){TERM_SEPARATOR}((?:19|20)\d\d)")
_YEAR = re.compile(r"(?:năm|NĂM|Năm)\s+((?:19|20)\d\d)\b(?!\s*[-–])")


def _own_period(cell: str, fig, end: int, past: str) -> str:
    """The period a cell prints right after one of its figures, in brackets: "3.920 tấn (năm 2025); 3.705 tấn
    (năm 2020)" gives each figure its year, "9,7 km (cộng 5 năm)" the term (`term_cues`); '' otherwise."""
    note = re.match(r"\s*[^\W\d]*\s*\(([^()]*)\)", cell[fig.end : end])
    if not note:
        return ""
    year = re.fullmatch(r"\s*(?:năm\s+)?((?:19|20)\d\d)\s*", note.group(1), re.IGNORECASE)
    if year:
        return year.group(1)
    return past if past and has_words(note.group(1), rules()["term_cues"]) else ""


def _period(lay, table: Table, label: str, head: str, past: str, cell: str = "", iid: str = "") -> str:
    """A cell's period: a term printed in the cell ("131 (2020 - 2025)"); an indicator counted over the term
    (`term_indicators`); a term or a year in its row's label ("Tỷ lệ hộ nghèo năm 2020", "(cả nhiệm kỳ
    2020 - 2025)", "đầu nhiệm kỳ": the term's first year), else in its column's header ("Năm 2020"), else
    in the table's title ("… NĂM 2025"), else the past term's last year. A term ending after the past one
    in a label names a standard ("chuẩn 2026 - 2030"), not the period."""
    r = rules()
    end = past[-4:] if past else ""
    term = _TERM.search(cell)
    if term:
        return past if term.group(2) == end else f"{term.group(1)}-{term.group(2)}"
    own_year = _YEAR.search(label)
    if own_year and not _TERM.search(label):  # "Năm 2021" | 9 admitted: that year's, a count of the term or not
        return own_year.group(1)
    if past and iid in r["term_indicators"]:
        return past
    for text in (label, head):
        term = next((t for t in _TERM.finditer(text) if not end or t.group(2) <= end), None)
        if term:  # "bình quân 2021 - 2025" is over the past term, named as the report names it
            return past if past and term.group(2) == end else f"{term.group(1)}-{term.group(2)}"
        year = _YEAR.search(text) or re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text if text is head else "")
        if year:
            return year.group(1)
        if past and has_words(text, r["term_start_words"]):
            return past[:4]  # "Tỷ lệ hộ nghèo đầu nhiệm kỳ"
        if past and text is label and has_words(text, r["term_cues"]):
            return past  # "Thu ngân sách (cả nhiệm kỳ)"
    # "(thời điểm 30/6/2025; riêng thu ngân sách tính cả nhiệm kỳ 2020-2025)": what "riêng" sets apart is not the table's
    title = re.split(r"(?i)\briêng\b", _title_line(lay, table))[0]
    if past and has_words(title, r["title_term_words"]):
        return past  # "Biểu 02. Kết quả thực hiện cả nhiệm kỳ 2020 - 2025": the table's title says the whole term
    first = min(o for o, t, _ in lay.tables if t is table)
    title = _YEAR.findall(lay.text[max(0, first - 300) : first])
    return title[-1] if title else end


def _starts_with_any(text: str, phrases) -> bool:
    """Whether `text` starts with one of `phrases`, spaces aside: a PDF's narrow cell wraps "STT" as "ST T"."""
    head = fold(text).replace(" ", "")
    return any(head.startswith(fold(p).replace(" ", "")) for p in phrases)
