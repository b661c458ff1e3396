"""Problems are listed in the order the office fixes them: by file, then line; numbers in a place compare as numbers
(the fresh-eyes trial of stop 35: accept listed STT 1, 10, 100, 2 …, not the workbook's order)."""

from __future__ import annotations

from chiengso_stats.errors import Problem, RawDataError


def test_review_rows_listed_in_their_order_not_as_text():
    sheet = "ra_soat.xlsx, trang 'Số liệu đề xuất'"
    problems = [
        Problem(f"{sheet}, STT {k} (dòng {11 + k}), ô B{11 + k}", None, None, "", "Nhận", "") for k in (10, 2, 100, 1)
    ]
    listed = [p.file.split(", ")[2] for p in RawDataError(problems).problems]
    assert listed == ["STT 1 (dòng 12)", "STT 2 (dòng 13)", "STT 10 (dòng 21)", "STT 100 (dòng 111)"]


def test_raw_files_still_grouped_by_file_then_line():
    problems = [Problem("targets.csv", 7, "value", "", "", ""), Problem("observations.csv", 12, "value", "", "", "")]
    problems.append(Problem("observations.csv", 3, "unit", "", "", ""))
    listed = [(p.file, p.row) for p in RawDataError(problems).problems]
    assert listed == [("observations.csv", 3), ("observations.csv", 12), ("targets.csv", 7)]
