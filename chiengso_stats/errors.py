"""Shared: problems found in the input, reported all at once in Vietnamese with English beside."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based line in the file as the office sees it (header = 1)
    column: str | None
    found: str
    expected_vi: str
    expected_en: str

    def format(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", dòng {self.row}"
        if self.column:
            where += f", cột '{self.column}'"
        found = self.found if len(self.found) <= 80 else self.found[:77] + "..."
        # a cell or a row holds ('đang ghi') what was found; a file or a sheet has it ('đang có')
        verb = "đang ghi" if self.row is not None or self.column or ", ô " in self.file else "đang có"
        return f"{where}: {verb} '{found}'; cần {self.expected_vi} (found '{found}', expected {self.expected_en})"


class RawDataError(ValueError):
    """Raised with every problem found, so the office can fix them in one pass.

    Parameters
    ----------
    problems : list of Problem
        Each with file, row (or sheet and cell), column, what was found and what was expected.

    Examples
    --------
    >>> try:
    ...     load_raw("/tmp/khong_co")
    ... except RawDataError as exc:
    ...     print(len(exc.problems), "problems")
    6 problems
    """

    def __init__(self, problems: list[Problem], subject: tuple[str, str] = ("Dữ liệu gốc", "raw data")) -> None:
        # grouped by file, then in line order, as the office will fix them; numbers in a place compare as numbers:
        # "… STT 2 (dòng 13)" before "… STT 10 (dòng 21)"
        self.problems = sorted(problems, key=lambda p: (_natural(p.file), p.row or 0))
        n = len(self.problems)
        # `subject`: what the problems are in, when it is not the raw folder ("Văn bản", "Bảng rà soát")
        lines = [f"{subject[0]} có {n} lỗi ({subject[1]} has {n} problem(s)):"]
        lines += ["  - " + p.format() for p in self.problems]
        super().__init__("\n".join(lines))


def _natural(text: str) -> list:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text or "")]


class OutputLockedError(OSError):
    """An output file could not be replaced (on Windows, Excel locks a workbook it has open).

    Raised before anything is moved, or after every move has been undone: all outputs are as they were.
    """

    def __init__(self, paths: list) -> None:
        self.paths = list(paths)
        names = ", ".join(str(p) for p in self.paths)
        super().__init__(
            f"Không ghi được kết quả: tệp {names} đang mở ở chương trình khác. Đóng tệp "
            f"{', '.join(getattr(p, 'name', str(p)) for p in self.paths)} trong Excel rồi chạy lại. "
            f"Mọi tệp kết quả giữ nguyên như trước (output file in use: close it in Excel and run again; "
            "no output was changed)."
        )


class OutputPlaceError(ValueError):
    """An output option points where nothing may be written: the raw folder, another output area, a folder
    given for a file (or a file for a folder). Raised before anything is written.

    Parameters
    ----------
    places : list of (option, path, what is wrong in Vietnamese, in English)
    """

    def __init__(self, places: list[tuple[str, str, str, str]]) -> None:
        self.places = list(places)
        lines = [f"Không ghi kết quả vào chỗ đã chọn ({len(self.places)} lỗi; output option refused):"]
        lines += [f"  - {option} = {path}: {vi} ({en})" for option, path, vi, en in self.places]
        super().__init__("\n".join(lines))
