"""Ingest: a document's text, read the same way every time: .txt, .docx (python-docx) or .pdf (pdfplumber).

A ``text`` source may arrive as the Word file or the PDF the commune sent; its quotes are
verified against the text extracted here exactly as against a .txt, and its checksum stays
the one of the original file.

* ``.txt``  — UTF-8 (a byte-order mark is dropped).
* ``.docx`` — body paragraphs and table rows in document order; a table row is one line,
  its cells joined by `CELL_SEPARATOR` (horizontally merged cells counted once).
* ``.pdf``  — the text layer, page after page, each character placed by its position on the
  page (pdfminer.six, through pdfplumber): a letter a fallback font drew stays in its word,
  where pypdf's layout mode put it after the line ("Đ NG B T NH S N LAẢ Ộ Ỉ Ơ"). Text whose
  marks or letters still came loose is refused (`loose_marks`). A paragraph's printed lines are joined again
  where the sentence goes on (so "mức độ" / "1. Tỷ lệ …" is no heading "1."); a soft hyphen
  at the end of a line joins the word again, and a hyphen inside a word ("số 04-" / "BC/ĐU") joins
  its parts without a space. A table is found by its columns (runs of words
  two spaces or more apart, lines that fit them) and comes back as a `Table` like a Word
  table: its header and its wrapped labels joined by column, its row numbers in their own
  column. A PDF without a text layer (a scan) is refused: reading it needs OCR, which this
  package does not do.

Each line is NFC-normalised with no-break spaces as spaces; `text.normalise` folds the rest
when quotes are matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..text import nfc
from .containers import container_problem

SUFFIXES = (".txt", ".docx", ".pdf")
# ' | ' separates the parts of a quote in the raw tables; a table row needs another mark.
CELL_SEPARATOR = " ; "
_SOFT_HYPHEN_BREAK = re.compile("\u00ad\\s*\n\\s*")
_HYPHEN_BREAK = re.compile(r"\w-$")


class DocumentError(ValueError):
    """A document that cannot be read as text; `problem(name)` says why, for the office."""

    def __init__(self, found: str, expected_vi: str, expected_en: str):
        self.found, self.expected_vi, self.expected_en = found, expected_vi, expected_en
        self.file = ""  # set by the reader of several documents: which one
        super().__init__(f"{found}: expected {expected_en}")

    def problem(self, file: str) -> Problem:
        return Problem(file, None, None, self.found, self.expected_vi, self.expected_en)


@dataclass
class Table:
    """A Word table: its rows of cell texts, and its number in the document (1, 2, ...); `spans`, the grid
    columns each cell spans (a Word table's merged cells; none for a PDF's)."""

    number: int
    rows: list[list[str]] = field(default_factory=list)
    spans: list[list[int]] = field(default_factory=list)

    def grid(self) -> list[list[str]]:
        """The rows with a merged cell's text in every grid column it spans: a header "Xã A" over
        "Năm 2020" and "Năm 2025" names both columns."""
        if not self.spans:
            return [list(r) for r in self.rows]
        return [[c for c, n in zip(row, spans) for _ in range(n)] for row, spans in zip(self.rows, self.spans)]


def _clean(line: str) -> str:
    return nfc(line).replace("\u00a0", " ")


def _docx_blocks(path: Path) -> list[str | Table]:
    # lazy on purpose: reading .txt sources (every build) never loads python-docx
    import docx

    PackageNotFoundError, DocxTable, Paragraph = (
        docx.opc.exceptions.PackageNotFoundError,
        docx.table.Table,
        docx.text.paragraph.Paragraph,
    )
    refused = container_problem(path, path.name, "document")
    if refused is not None:  # not a zip, a zip bomb, malformed XML, an entity declaration: before lxml parses it
        raise DocumentError(refused.found, refused.expected_vi, refused.expected_en)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError, SyntaxError) as exc:  # lxml's XMLSyntaxError too
        raise DocumentError(
            f"không mở được ({type(exc).__name__})", "một tệp Word .docx hợp lệ", "a valid Word .docx file"
        ) from None
    blocks: list[str | Table] = []
    tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(_clean(Paragraph(element, document).text))
        elif tag == "tbl":
            tables += 1
            table = Table(tables)
            for row in DocxTable(element, document).rows:
                cells, spans, seen = [], [], {}
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                        spans[seen[id(cell._tc)]] += 1
                        continue
                    seen[id(cell._tc)] = len(cells)
                    cells.append(" ".join(_clean(p.text).strip() for p in cell.paragraphs if p.text.strip()))
                    spans.append(1)
                table.rows.append(cells)
                table.spans.append(spans)
            blocks.append(table)
    return blocks


# A line of a page as `_page_lines` lays it out: runs of words one space apart are one cell's text;
# two spaces or more separate cells. Column starts may drift by a character between lines.
_RUN = re.compile(r"\S+(?: \S+)*")
_DRIFT = 1


def _runs(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _RUN.finditer(line)]


def _column(starts: list[int], at: int) -> int:
    return max(j for j, s in enumerate(starts) if s <= at + _DRIFT) if at + _DRIFT >= starts[0] else 0


def _fits(line: str, starts: list[int]) -> bool:
    """Whether every run of `line` begins at a column start and ends before the next column."""
    runs = _runs(line)
    if not runs:
        return False
    for a, b in runs:
        j = _column(starts, a)
        if abs(starts[j] - a) > _DRIFT or (j + 1 < len(starts) and b > starts[j + 1] + _DRIFT):
            return False
    return True


def _pdf_table(lines: list[str], number: int) -> Table:
    """Lines of a table in layout mode as rows of cells.

    Column starts are the runs of the first line (the header's). A line with something in
    the first column starts a row (the 'STT' column, or a label with its figures); the other
    lines continue the cells of the row above (a label or a header wrapped over lines).
    """
    starts = [a for a, _ in _runs(lines[0])]
    table = Table(number)
    for line in lines:
        cells = [""] * len(starts)
        for m in re.finditer(r"\S+", line):
            j = _column(starts, m.start())
            cells[j] = f"{cells[j]} {m.group()}".strip()
        filled = [j for j, c in enumerate(cells) if c]
        if not table.rows or (0 in filled and len(filled) > 1):
            table.rows.append(cells)
        else:
            table.rows[-1] = [f"{old} {new}".strip() for old, new in zip(table.rows[-1], cells)]
    return table


def _pdf_blocks(pages: list[str], ruled: list = ()) -> list[str | Table]:
    """Lines of text, and tables found by their columns: a line of two runs or more whose next
    line fits its columns begins a table; it goes on while lines fit, across a page break too.
    Two lines of two runs at least make a table: one double space in a paragraph does not."""
    lines = [line.rstrip() for page in pages for line in page.strip("\n").split("\n")]
    blocks: list[str | Table] = []
    i, tables = 0, 0
    while i < len(lines):
        if lines[i].lstrip().startswith(_RULED):
            rows, spans = ruled[int(lines[i].strip()[len(_RULED) :])]
            while blocks and isinstance(blocks[-1], str) and (not blocks[-1] or blocks[-1].isdigit()):
                blocks.pop()  # blank lines and a page number between a table and its next page
            last = blocks[-1] if blocks else None
            if isinstance(last, Table) and sum(last.spans[-1]) == sum(spans[0]):
                if rows[0] and not rows[0][0] and spans[0] == last.spans[-1]:  # a row cut by the page
                    last.rows[-1] = [f"{a} {b}".strip() for a, b in zip(last.rows[-1], rows[0])]
                    rows, spans = rows[1:], spans[1:]
                last.rows += rows
                last.spans += spans
            else:
                tables += 1
                blocks.append(Table(tables, rows, spans))
            i += 1
            continue
        starts = [a for a, _ in _runs(lines[i])]
        end = i + 1
        if len(starts) >= 2:
            while (nxt := _next_row(lines, end, starts)) is not None:
                end = nxt + 1
        if sum(len(_runs(line)) >= 2 for line in lines[i:end]) >= 2:  # a header and a row at least
            tables += 1
            blocks.append(_pdf_table([line for line in lines[i:end] if line.strip()], tables))
            i = end
            continue
        line = " ".join(lines[i].split())
        previous = blocks[-1] if blocks else None
        if isinstance(previous, str) and _continues(previous, line):
            # a line broken after a hyphen inside a word ("số 04-" / "BC/ĐU") joins without a space
            blocks[-1] = previous + ("" if _HYPHEN_BREAK.search(previous) and line[0].isalnum() else " ") + line
        else:
            blocks.append(line)
        i += 1
    return blocks


def _next_row(lines: list[str], at: int, starts: list[int]) -> int | None:
    """The index of the table's next line from `at`, or None where the table ends.

    A line that fits the columns goes on the table. After blank lines (cells spaced apart) it
    must also have two runs or more: a wrapped cell has no blank line inside, and a short
    paragraph after the table would fit the first column.
    """
    blank = at
    while blank < len(lines) and not lines[blank].strip():
        blank += 1
    if blank >= len(lines) or not _fits(lines[blank], starts):
        return None
    return blank if blank == at or len(_runs(lines[blank])) >= 2 else None


# A numbered heading on a line of its own, shorter than a printed line: "1. Về kinh tế", "II. Văn hóa - xã hội".
_SHORT_HEADING = re.compile(r"^(?:[IVXL]+|[A-H]|\d{1,2}(?:\.\d{1,2})*)[.-]\s+[^\W\d_][^.;:!?]{0,50}$")


def _continues(previous: str, line: str) -> bool:
    """Whether `line` goes on the paragraph of `previous`: a printed line wrapped where the
    sentence does not end ("… chuẩn quốc gia mức độ" / "1. Tỷ lệ …" is no heading "1.").
    A blank line, a page number or an end of sentence starts a new block, and so does a line in lower
    case after a title in capitals ("I. XÃ THÈN VÁN" / "1. Về kinh tế"): a title wraps in capitals."""
    if _is_title(previous) and any(ch.islower() for ch in line):
        return False
    if _SHORT_HEADING.match(previous or "") and line[:1].isupper():
        return False  # "1. Về kinh tế" / "Giá trị sản xuất …": a heading's line, then its paragraph
    return bool(previous and line) and not previous.isdigit() and not line.isdigit() and previous[-1] not in ".:;!?"


def _is_title(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and not any(ch.islower() for ch in letters)


# A gap wider than this share of the font size ends a cell: a word space, even stretched in a justified
# line (a footnote's short lines stretch theirs to an em), is narrower; a borderless table's columns are
# wider apart. A table drawn with its borders is read by its cells, whatever the gaps.
_CELL_GAP = 1.2


_RULED = "\x00table"  # a line standing for a ruled table, in `tables`


def _inside(word: dict, box) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# A narrow cell wraps a word: "Lam Phượn\ng". Vietnamese has no word of consonants alone, so a line that starts
# with one goes on the word before it.
_CUT_WORD = re.compile(r"(?<=\w)\n(?=[bcdghklmnpqrstvxđ]{1,3}(?:\W|$))", re.IGNORECASE)


def _ruled_rows(rows: list[list]) -> tuple[list[list[str]], list[list[int]]]:
    """pdfplumber's cells as a `Table`'s rows and spans: None (a merged cell's other columns) widens the
    cell on its left, or is an empty cell where none stands on its left."""
    cells, spans = [], []
    for row in rows:
        kept, span = [], []
        for cell in row:
            if cell is None and kept and kept[-1]:
                span[-1] += 1
                continue
            kept.append(" ".join(_CUT_WORD.sub("", _clean(cell or "")).split()))
            span.append(1)
        cells.append(kept)
        spans.append(span)
    return cells, spans


def _page_lines(page, tables: list) -> list[str]:
    """A page's lines, characters placed by their position (pdfminer, through pdfplumber): a letter drawn
    from a fallback font stays in its word. Words one space apart make a cell's text; a cell starts at
    the column its left edge is at, two spaces at least after the cell before (as pypdf's layout mode)."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False, use_text_flow=False)
    ruled = [(t.bbox, _ruled_rows(t.extract(x_tolerance=1.5))) for t in page.find_tables()]
    below = [w["top"] for w in words if not w["text"].isdigit()]  # a page number is no text under a table
    # a table's header row alone at a page's foot goes on the next page's table (`_pdf_blocks` joins them)
    ruled = [
        (box, (cells, spans))
        for box, (cells, spans) in ruled
        if len(cells) >= 2 or (len(cells[0]) >= 2 and not [t for t in below if t > box[3]])
    ]
    words = [w for w in words if not any(_inside(w, box) for box, _ in ruled)]
    for box, rows in ruled:  # a table drawn with its borders: its cells as pdfplumber reads them, in place
        tables.append(rows)
        words.append(
            {"text": f"{_RULED}{len(tables) - 1}", "x0": box[0], "x1": box[0] + 1, "top": box[1], "bottom": box[1] + 1}
        )
    if not words:
        return []
    # half a letter's mean width: a cell's text, as letters, takes less room than its place on the page,
    # so the next column's start is never pushed right by a wide line
    unit = sum(w["x1"] - w["x0"] for w in words) / max(1, sum(len(w["text"]) for w in words)) / 2
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        middle, height = (w["top"] + w["bottom"]) / 2, w["bottom"] - w["top"]
        last = lines[-1] if lines else None
        if last and abs(middle - (last[0]["top"] + last[0]["bottom"]) / 2) <= 0.4 * max(height, 1.0):
            last.append(w)
        else:
            lines.append([w])
    out, previous_bottom = [], None
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        if previous_bottom is not None and line[0]["top"] - previous_bottom > 0.8 * (
            line[0]["bottom"] - line[0]["top"]
        ):
            out.append("")  # a blank line between paragraphs or table rows, as the page shows it
        text, end = "", None
        for w in line:
            gap = w["x0"] - end if end is not None else None
            if gap is not None and gap <= _CELL_GAP * (w["bottom"] - w["top"]):
                text += " " + w["text"]
            else:
                column = round(w["x0"] / unit)
                text = text + " " * max(column - len(text), 2 if text else 0) + w["text"]
            end = w["x1"]
        out.append(text)
        previous_bottom = max(w["bottom"] for w in line)
    return out


# Vietnamese has no word of one consonant; a letter with marks alone (but the words "ở", "ô", …) is one cut
# from its word: "Đ NG B T NH S N LAẢ Ộ Ỉ Ơ" for "ĐẢNG BỘ TỈNH SƠN LA".
_LOOSE = re.compile(r"(?<!\S)(?:[bcdghklmnpqrstvxđ]|[^\W\d_a-zđ])(?!\S)", re.IGNORECASE)
_ONE_LETTER_WORDS = set("ởôồơừạàáảãaeêoyuiỳýé")


def loose_marks(text: str) -> list[str]:
    """Pieces of words whose marks or letters came loose: a combining mark on no letter, and letters alone
    where Vietnamese has no one-letter word. The PDF's text is refused when they are many (`document_blocks`).

    Examples
    --------
    >>> loose_marks("Đ NG B T NH S N LAẢ Ộ Ỉ Ơ")[:4]
    ['Đ', 'B', 'T', 'S']
    >>> loose_marks("ĐẢNG BỘ TỈNH SƠN LA ở xã a)")
    []
    """
    found = [m.group() for m in _LOOSE.finditer(text) if m.group().lower() not in _ONE_LETTER_WORDS]
    found += re.findall(r"(?<!\S)[\u0300-\u036f]", text)
    return found


def _check_marks(pages: list[str]) -> None:
    text = " ".join(pages)
    loose, words = loose_marks(text), max(1, len(text.split()))
    if len(loose) >= 5 and len(loose) / words >= 0.02:
        sample = " ".join(loose[:8])
        raise DocumentError(
            f"chữ trong PDF bị tách dấu, rời chữ ({len(loose)} mảnh trên {words} từ, vd '{sample}')",
            "một PDF có lớp chữ đọc được: xin tệp .docx gốc, hoặc in lại PDF bằng phông chữ có đủ chữ tiếng Việt",
            "a PDF whose text layer reads right: ask for the .docx, or a PDF printed with a Vietnamese font",
        )


def _pdf_pages(path: Path) -> tuple[list[str], list]:
    # lazy on purpose: reading .txt sources (every build) never loads pdfplumber
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        tables: list = []
        with pdfplumber.open(str(path)) as pdf:
            pages = ["\n".join(_page_lines(page, tables)) for page in pdf.pages]
    except (PdfminerException, MalformedPDFException, OSError, ValueError, TypeError, KeyError) as exc:
        raise DocumentError(
            f"không đọc được ({type(exc).__name__})", "một tệp PDF hợp lệ", "a valid PDF file"
        ) from None
    if not any(p.strip() for p in pages):
        raise DocumentError(
            f"PDF {len(pages)} trang không có lớp chữ (bản quét)",
            "một PDF có lớp chữ (xuất từ Word/LibreOffice); bản quét cần nhận dạng chữ (OCR), "
            "gói không làm việc này: hãy xin tệp .docx hoặc PDF gốc",
            "a PDF with a text layer; a scanned PDF needs OCR, which is out of scope: ask for the .docx",
        )
    pages = [_SOFT_HYPHEN_BREAK.sub("", _clean(p)) for p in pages]
    _check_marks([*pages, " ".join(c for rows, _ in tables for row in rows for c in row)])
    return pages, tables


def document_blocks(path: str | Path) -> list[str | Table]:
    """The document as lines of text and Word tables, in reading order.

    Raises
    ------
    DocumentError
        For an unknown extension, a file that is not UTF-8 (.txt), a damaged file, or a
        PDF without a text layer.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_blocks(path)
    if suffix == ".pdf":
        return _pdf_blocks(*_pdf_pages(path))
    if suffix == ".txt":
        try:
            return _clean(path.read_bytes().decode("utf-8-sig")).splitlines()
        except UnicodeDecodeError:
            raise DocumentError("không phải UTF-8", "văn bản mã hóa UTF-8", "a UTF-8 text file") from None
    raise DocumentError(
        path.suffix or "(không có đuôi tệp)",
        f"tệp văn bản {', '.join(SUFFIXES)}",
        f"a text document: {', '.join(SUFFIXES)}",
    )


def block_lines(blocks: list[str | Table]) -> list[str]:
    """Blocks as lines: a table row becomes one line of its cells joined by `CELL_SEPARATOR`."""
    lines = []
    for block in blocks:
        if isinstance(block, Table):
            lines += [CELL_SEPARATOR.join(c for c in row if c) for row in block.rows]
        else:
            lines.append(block)
    return lines


def document_text(path: str | Path) -> str:
    """The text of a .txt, .docx or .pdf document, one line per paragraph or table row.

    Examples
    --------
    >>> from chiengso_stats.text import normalise
    >>> "quy mô dân số 9.199 người" in normalise(document_text("data/raw/bao_cao_chinh_tri_chieng_so_2025-2030.txt"))
    True
    """
    return "\n".join(block_lines(document_blocks(path)))
