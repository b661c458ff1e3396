"""A document's text, read the same way every time: .txt, .docx (python-docx) or .pdf (pypdf).

A ``text`` source may arrive as the Word file or the PDF the commune sent; its quotes are
verified against the text extracted here exactly as against a .txt, and its checksum stays
the one of the original file.

* ``.txt``  — UTF-8 (a byte-order mark is dropped).
* ``.docx`` — body paragraphs and table rows in document order; a table row is one line,
  its cells joined by `CELL_SEPARATOR` (horizontally merged cells counted once).
* ``.pdf``  — the text layer, page after page. Line breaks are folded by `text.normalise`
  like any other white space; a soft hyphen at the end of a line joins the word again.
  A PDF without a text layer (a scan) is refused: reading it needs OCR, which this package
  does not do.

Each line is NFC-normalised with no-break spaces as spaces; `text.normalise` folds the rest
when quotes are matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..text import nfc

SUFFIXES = (".txt", ".docx", ".pdf")
# ' | ' separates the parts of a quote in the raw tables; a table row needs another mark.
CELL_SEPARATOR = " ; "
_SOFT_HYPHEN_BREAK = re.compile("\u00ad\\s*\n\\s*")


class DocumentError(ValueError):
    """A document that cannot be read as text; `problem(name)` says why, for the office."""

    def __init__(self, found: str, expected_vi: str, expected_en: str):
        self.found, self.expected_vi, self.expected_en = found, expected_vi, expected_en
        super().__init__(f"{found}: expected {expected_en}")

    def problem(self, file: str) -> Problem:
        return Problem(file, None, None, self.found, self.expected_vi, self.expected_en)


@dataclass
class Table:
    """A Word table: its rows of cell texts, and its number in the document (1, 2, ...)."""

    number: int
    rows: list[list[str]] = field(default_factory=list)


def _clean(line: str) -> str:
    return nfc(line).replace("\u00a0", " ")


def _docx_blocks(path: Path) -> list[str | Table]:
    import docx  # python-docx: imported here so that reading .txt sources never loads it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
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
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(_clean(p.text).strip() for p in cell.paragraphs if p.text.strip()))
                table.rows.append(cells)
            blocks.append(table)
    return blocks


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
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
    return "\n".join(_SOFT_HYPHEN_BREAK.sub("", _clean(p)) for p in pages)


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
        return _pdf_text(path).split("\n")
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
