"""Publish: the official form of a Party document in Word (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW).

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm (the lower ends of the
ranges, which leave the widest text block for tables: 165 mm); Times New Roman, body 14 pt;
page numbers centred at the top from page 2 (a PAGE field; the first page has its own, empty
header). The header block puts the issuing body top left and "ĐẢNG CỘNG SẢN VIỆT NAM" top
right; the closing puts "Nơi nhận" left and the signature block right. Both are borderless
tables inside the text block.

Determinism: core properties come from the data (author: the issuing body; created and modified:
the report's date) and the zip is rewritten with fixed entry dates, so two runs give
byte-identical files.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .excel import fixed_zip

FONT = "Times New Roman"
BODY_PT = 14
# (top, bottom, left, right) in mm, within Nghị định 30's ranges 20-25, 20-25, 30-35, 15-20.
MARGINS_MM = (20, 20, 30, 15)
PAGE_MM = (210, 297)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]
FIRST_LINE_INDENT = Mm(10)
APPLICATION = "chiengso_stats"  # docProps/app.xml names the program that wrote the file, not the template's  # Hướng dẫn 36: first line indented 1-1,27 cm


def _fonts(rpr) -> None:
    """Times New Roman for every script slot, replacing the template's theme fonts (which win over names)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def new_document() -> Document:
    """An empty A4 document in the official form, with the page-number header from page 2."""
    doc = Document()
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(defaults)
    lang = defaults.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    top, bottom, left, right = MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # its own header, left empty: no number on page 1
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(number)
    return doc


def page_field(paragraph, size: int = BODY_PT) -> None:
    """A PAGE field (begin, instruction, separate, shown value, end) so Word and Writer number each page."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            run.text = text
            continue
        run._r.append(element)


def paragraph(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align: str = "justify",
    indent: bool = False,
    after: float | None = None,
    before: float | None = None,
):
    """One paragraph of one run; `container` is the document or a table cell."""
    p = container.add_paragraph()
    p.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if indent:
        p.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    if before is not None:
        p.paragraph_format.space_before = Pt(before)
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return p


def _cell_text(cell, lines, align="center", size=None) -> None:
    """Fill a layout cell with (text, bold, italic, underline) lines; the cell's empty first paragraph is reused."""
    cell._tc.remove(cell.paragraphs[0]._p)
    for text, bold, italic, underline, line_size in lines:
        paragraph(
            cell, text, bold=bold, italic=italic, underline=underline, size=line_size or size, align=align, after=0
        )


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm) -> None:
    """Fixed column widths (grid and every cell) so Word and Writer keep the table in the text block."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    width.set(qn("w:type"), "dxa")
    existing = table._tbl.tblPr.find(qn("w:tblW"))
    if existing is not None:
        table._tbl.tblPr.remove(existing)
    table._tbl.tblPr.append(width)
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def layout_table(doc, left_lines, right_lines, widths_mm=(70, TEXT_WIDTH_MM - 70), size=BODY_PT):
    """A borderless two-column block (header block, closing): lists of (text, bold, italic, underline, size)."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, widths_mm)
    left, right = table.rows[0].cells
    _cell_text(left, left_lines, size=size)
    _cell_text(right, right_lines, size=size)
    return table


def header_block(doc, upper: str, issuer: str, number: str, place_date: str) -> None:
    """Issuing body top left, the Party's name top right, number and place-date on the line below."""
    layout_table(
        doc,
        [(upper, False, False, False, None), (issuer, True, False, False, None), ("*", False, False, False, None)],
        [("ĐẢNG CỘNG SẢN VIỆT NAM", True, False, True, 15)],
    )
    layout_table(doc, [(number, False, False, False, None)], [(place_date, False, True, False, None)])


def _cell_margins(table, mm: float) -> None:
    """Narrow left/right cell padding: the default 1,9 mm leaves too little room in the year columns."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:w"), str(int(Mm(mm).twips)))
        e.set(qn("w:type"), "dxa")
        margins.append(e)
    table._tbl.tblPr.append(margins)


def data_table(doc, header: list[str], rows: list[list[str]], widths_mm, size: float, right_cols=(), merge_text=None):
    """A bordered table whose header row repeats on every page; rows never split across pages.

    Runs of two or more neighbouring cells holding `merge_text` (e.g. "không có số liệu") are merged
    into one cell that says it once.
    """
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    _widths(table, widths_mm)
    _cell_margins(table, 1)
    for r, values in enumerate([header, *rows]):
        row = table.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        cells = row.cells
        runs = _runs(values, merge_text) if r and merge_text else []
        skip = {c for start, end in runs for c in range(start + 1, end)}
        for c, (cell, value) in enumerate(zip(cells, values)):
            if c in skip:
                continue
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            merged = next((end for start, end in runs if start == c), None)
            p.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER
                if r == 0 or c == 0 or merged or value == merge_text
                else WD_ALIGN_PARAGRAPH.RIGHT
                if c in right_cols
                else WD_ALIGN_PARAGRAPH.LEFT
            )
            run = p.add_run(value)
            run.font.size = Pt(size)
            run.bold = r == 0
            run.italic = value == merge_text
        for start, end in runs:
            cells[start].merge(cells[end - 1])
    return table


def _runs(values, text) -> list[tuple[int, int]]:
    """[start, end) of each run of two or more neighbouring cells equal to `text`."""
    out, start = [], None
    for i, v in enumerate([*values, None]):
        if v == text and start is None:
            start = i
        elif v != text and start is not None:
            if i - start >= 2:
                out.append((start, i))
            start = None
    return out


def closing(doc, recipients: list[str], on_behalf: str, signer_title: str) -> None:
    """'Nơi nhận' (14 pt, underlined; recipients 12 pt) left; the signature block right, name left blank."""
    layout_table(
        doc,
        [("Nơi nhận:", False, False, True, None)] + [(r, False, False, False, 12) for r in recipients],
        [(on_behalf, True, False, False, None), (signer_title, True, False, False, None)],
        widths_mm=(80, TEXT_WIDTH_MM - 80),
    )
    row = doc.tables[-1].rows[0]
    for p in row.cells[0].paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # 'Nơi nhận' and the signature are one row that never splits across pages (Word and Writer move it
    # whole to the next page), and every line in it keeps with the next
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True


def save_docx(doc, path: Path, title: str, author: str, issued: str) -> Path:
    """Save with core properties from the data (the issuing body, the title, the report's date `issued`,
    ISO) and fixed zip dates: two runs give byte-identical files."""
    when = datetime.fromisoformat(issued)
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.title, props.comments, props.revision = title, "", 1
    props.created = props.modified = props.last_printed = when
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return fixed_zip(path, when.strftime("%Y-%m-%dT%H:%M:%SZ"), application=APPLICATION)
