"""Publish: how many lines a text takes in a wrapped cell of Times New Roman, for row heights Calc honours.

LibreOffice Calc draws a wrapped cell no taller than its row: too low a row cuts the text off, too tall
a row spreads a table over twice the pages (Biểu 03 took 15 pages, its rows twice their text's height,
when a line was counted as `width - 2` characters). A row is given the lines its fullest cell needs,
counted from the widths of Times' letters (Adobe's Times-Roman metrics, which Times New Roman and its
substitute Liberation Serif share), words wrapped one by one as Calc wraps them, in the column's width:
about 7 points a width unit (measured in Calc: 'Số của xã mới theo Báo cáo chính trị của Ban Chấp hành
Đảng', 303 points at 12 pt, fits a column 44 wide; with ' bộ', 318 points, it does not). A mark over a
letter takes no width: a Vietnamese letter is as wide as its base letter.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache

# Times-Roman advance widths, in thousandths of the font size (Adobe's AFM); a letter not listed takes
# the width of its kind (capital 722, other 500).
_WIDTHS = {
    " ": 250, "!": 333, '"': 408, "#": 500, "$": 500, "%": 833, "&": 778, "'": 180, "(": 333, ")": 333,
    "*": 500, "+": 564, ",": 250, "-": 333, ".": 250, "/": 278, ":": 278, ";": 278, "<": 564, "=": 564,
    ">": 564, "?": 444, "@": 921, "[": 333, "]": 333, "_": 500, "…": 1000, "–": 500, "—": 1000, "›": 333,
    "²": 300, "×": 564, "‘": 333, "’": 333, "“": 444, "”": 444,
    "a": 444, "b": 500, "c": 444, "d": 500, "e": 444, "f": 333, "g": 500, "h": 500, "i": 278, "j": 278,
    "k": 500, "l": 278, "m": 778, "n": 500, "o": 500, "p": 500, "q": 500, "r": 333, "s": 389, "t": 278,
    "u": 500, "v": 500, "w": 722, "x": 500, "y": 500, "z": 444, "đ": 500,
    "A": 722, "B": 667, "C": 667, "D": 722, "E": 611, "F": 556, "G": 722, "H": 722, "I": 333, "J": 389,
    "K": 722, "L": 611, "M": 889, "N": 722, "O": 722, "P": 556, "Q": 722, "R": 667, "S": 556, "T": 611,
    "U": 722, "V": 722, "W": 944, "X": 722, "Y": 722, "Z": 611, "Đ": 722,
}  # fmt: skip
POINTS_PER_WIDTH_UNIT = 7.0
CELL_PADDING = 4.0  # points: Calc's inner margins and the border (the 303-point line above fits: 7 × 44 - 4)
BOLD = 1.06  # Times-Bold is about this much wider


@cache
def _char(ch: str) -> int:
    if ch in _WIDTHS:
        return _WIDTHS[ch]
    base = unicodedata.normalize("NFD", ch)[0]  # 'ệ' -> 'e', 'Ở' -> 'O'
    return _WIDTHS.get(base, 722 if base.isupper() else 500)


def text_points(text: str, size: float = 12, bold: bool = False) -> float:
    """The width of `text` set in Times New Roman, in points.

    Examples
    --------
    >>> round(text_points("Số của xã mới theo Báo cáo chính trị của Ban Chấp hành Đảng"), 1)
    303.0
    """
    return sum(_char(ch) for ch in text) * size / 1000 * (BOLD if bold else 1.0)


def text_lines(text: str, width: float, size: float = 12, bold: bool = False) -> int:
    """The lines `text` takes in a wrapped cell `width` units wide (Excel's column width).

    Examples
    --------
    >>> text_lines("Số của xã mới theo Báo cáo chính trị của Ban Chấp hành Đảng", 44)
    1
    >>> text_lines("Số của xã mới theo Báo cáo chính trị của Ban Chấp hành Đảng bộ", 44)
    2
    """
    usable = max(POINTS_PER_WIDTH_UNIT * width - CELL_PADDING, 1.0)
    space = text_points(" ", size, bold)
    lines = 0
    for paragraph in str(text).split("\n"):
        used, n = 0.0, 1
        for word in paragraph.split(" "):
            w = text_points(word, size, bold)
            if used and used + space + w <= usable:
                used += space + w
                continue
            if used:  # the word starts a new line
                n += 1
            extra = math.ceil(w / usable) - 1 if w > usable else 0  # a word longer than the line is cut
            n += extra
            used = w - extra * usable
        lines += n
    return lines
