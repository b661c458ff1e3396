"""Publish: where the figures come from, as an officer reads it: source titles and places under each table,
and the file names and checksums on one technical sheet.
"""

from __future__ import annotations

import math
import re

from ..glossary import NOT_APPLICABLE, vi
from ..ingest.raw import RawData
from ..ingest.sources import TEXT, UNVERIFIED_MARK
from ..text import date_words
from .excel import BOX, align, font, page_setup, set_text


def short_title(title: str) -> str:
    """'Báo cáo chính trị' from 'Báo cáo chính trị của Ban Chấp hành …': the name an officer cites."""
    return re.split(r" (?:của|tại) ", title, maxsplit=1)[0]


def place_in_source(raw: RawData, source_id: str, ref: str = "") -> str:
    """A figure's source as the office cites it: 'Báo cáo chính trị, Phần thứ hai, mục I.1.1 (4)';
    'Biểu theo dõi … năm 2026, ô G17'. No source code."""
    title = short_title(raw.source_titles.get(source_id, source_id))
    if not ref:
        return title
    if "!" in ref:  # a table cell: Sheet!G17
        return f"{title}, ô {ref.rsplit('!', 1)[1]}"
    parts = []
    for part in ref.split(" › "):
        if re.fullmatch(r"\(\w+\)", part) and parts:
            parts[-1] += f" {part}"
        elif re.fullmatch(r"[IVXLC]+(?:\.\d+)*|\d+(?:\.\d+)+", part):
            parts.append(f"mục {part}")
        else:
            parts.append(part)
    return ", ".join([title, *parts])


def audit_places(raw: RawData):
    """`place(source_ref, indicator_id)`: an audit item's places, each in the text source that prints it
    ('Báo cáo chính trị, Phần thứ hai, mục I.1.1 (4)'; an appendix's table row under the appendix's title), joined
    by '; '. A place no text figure has goes to the first text source (the report)."""
    texts = list(raw.sources.source_id[raw.sources.kind == TEXT])
    printed: dict[str, list[tuple[str, str]]] = {}  # place -> (source, indicator) of the figures printed there
    for frame in (raw.observations, raw.targets):
        for source, ref, indicator in zip(frame.source_id, frame.source_ref, frame.indicator_id):
            if source in texts:
                printed.setdefault(ref, []).append((source, indicator))

    def place(ref, indicator: str = "") -> str:
        if not isinstance(ref, str) or not ref:
            return NOT_APPLICABLE
        out = []
        for part in (p.strip() for p in re.split(r" \| |; ", ref)):
            seen = printed.get(part, [])
            same = [s for s, i in seen if i == indicator] or [s for s, _ in seen] or texts[:1] or [""]
            out.append(place_in_source(raw, same[0], part))
        return "; ".join(out)

    return place


def source_lines(raw: RawData, source_ids, any_unverified: bool) -> list[str]:
    """The 'Nguồn số liệu' block under a table: the title, issuer and date of every source its rows rest
    on (file names and checksums go to the technical sheet)."""
    ids = sorted({i.strip() for ids in source_ids for i in str(ids).split(";") if i.strip()})
    registry = raw.sources.set_index("source_id")
    lines = [vi("summary.sources")]
    for i in ids:
        if i not in registry.index:
            continue
        s = registry.loc[i]
        lines.append(
            "- " + "; ".join(p for p in (s.title_vi, s.issuer, date_words(s.date) if s.date else "") if p) + "."
        )
    if any_unverified:
        lines.append(vi("legend.unverified"))
    return lines


def files_sheet(wb, raw: RawData, source_ids) -> None:
    """One technical sheet: each source's code, file and sha256, for whoever checks the files."""
    ids = sorted({i.strip() for ids in source_ids for i in str(ids).split(";") if i.strip()})
    registry = raw.sources.set_index("source_id")
    ws = wb.create_sheet(vi("sheet.files"))
    rows = [[vi(k) for k in ("header.source_code", "header.source_title", "header.file", "header.sha256")]]
    rows += [
        [i, registry.title_vi[i], registry.file[i] or "-", registry.sha256[i] or "-"]
        for i in ids
        if i in registry.index
    ]
    widths = (20, 60, 40, 66)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            set_text(cell, str(value))
            cell.font = font(12, r == 1)
            cell.border = BOX
            cell.alignment = align("center" if r == 1 else "left", "top")
        # as in every table: a row as tall as its longest wrapped cell, or Calc prints the text over the next row
        longest = max(len(str(v)) / (width - 2) for v, width in zip(values, widths))
        ws.row_dimensions[r].height = max(18, 16 * math.ceil(longest + 0.01))
    for letter, width in zip("ABCD", widths):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.print_area = f"A1:D{len(rows)}"
    page_setup(ws, "1:1")


def _source_cell(raw: RawData, sources: str, verified: bool) -> str:
    """Sources as titles ('Báo cáo chính trị; Biểu theo dõi …'), never as codes."""
    titles = [place_in_source(raw, i.strip()) for i in str(sources).split(";") if i.strip()]
    return ("; ".join(dict.fromkeys(titles)) or NOT_APPLICABLE) + ("" if verified else f" {UNVERIFIED_MARK}")


# Vietnamese ordinals of a report's parts ('Phần thứ hai'): words of the language, not a reading rule
_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_FOOTNOTE = re.compile(r"^Chú thích (\d+) \((.*)\)$")
LAST = (10**6,)  # a place no section of a report reaches: after everything placed


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def report_order(ref: str) -> tuple[int, ...]:
    """Where a place in a report ('Phần thứ hai › I.1.4 › (3) Dân vận', 'Chú thích 6 (Phần thứ hai › …)')
    comes in the reading order, as a sortable tuple: part, section numbers (Roman or Arabic), item;
    a footnote after the body of the section it is attached to. A cell of a table or an unknown place
    sorts last."""
    ref = str(ref).strip()
    note = _FOOTNOTE.match(ref)
    if note:
        return (*report_order(note[2]), LAST[0] - 1, int(note[1]))
    if not ref or "!" in ref:
        return LAST
    key: list[int] = []
    for part in ref.split(" › "):
        head = part.split(" ", 1)[0]
        if part.startswith("Phần thứ "):
            key.append(_ORDINALS.get(part.removeprefix("Phần thứ ").split(" ")[0].lower(), LAST[0]))
        elif re.fullmatch(r"[IVXLC]+(?:\.\d+)*", head):
            roman, *numbers = head.split(".")
            key += [_roman(roman), *map(int, numbers)]
        elif re.fullmatch(r"\d+(?:\.\d+)*", head):
            key += list(map(int, head.split(".")))
        elif re.fullmatch(r"\(\d+\)", head):
            key.append(int(head[1:-1]))
    return tuple(key) or LAST
