"""Stage 1: read the raw tables, validate them and parse the report's numbers.

Everything that can be wrong with a hand-edited table is collected into one list of
`Problem`s and raised together, so the office fixes its file in one pass.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from openpyxl import load_workbook

from . import config
from .errors import Problem, RawDataError
from .ingest.forms import read_forms
from .numbers import NumberFormatError, parse_printed
from .schemas import CHECK_TEXT, SCHEMAS, ZERO_PADDED, Sources, schema_columns, weight_indicator
from .sources import RECORD, TEXT, Source, cell_number, open_sources, printed_form, verify_rows, vietnamese
from .text import nfc


def _no_sources() -> pd.DataFrame:
    return pd.DataFrame(columns=schema_columns(Sources), dtype="str")


@dataclass(frozen=True)
class RawData:
    """Every raw table, validated, parsed and verified: what `load_raw` returns.

    Parameters
    ----------
    communes, indicators, observations, targets, resolution_results : DataFrame
        The raw tables; observations gain ``value`` (canonical unit), ``unit``, ``verified`` and
        ``superseded_by``; targets ``target`` and ``target_high``; results ``target``, ``result``,
        ``percent``.
    sources : DataFrame
        The source registry, with the monitoring forms registered at load time.

    Examples
    --------
    >>> raw = load_raw()
    >>> raw.communes.commune_id.tolist()
    ['chieng_so', 'yen_hung', 'chieng_so_moi']
    """

    communes: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    targets: pd.DataFrame
    resolution_results: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=_no_sources)
    notices: tuple[str, ...] = ()  # said to the office, not errors: e.g. a form open in Excel

    @property
    def merged_ids(self) -> list[str]:
        """The merged communes' ids, sorted."""
        return sorted(self.communes.commune_id[self.communes.role == "merged"])


# ---------------------------------------------------------------- reading files
def _decode(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                path.name,
                None,
                None,
                "UTF-16",
                "tệp mã hóa UTF-8 (lưu lại bằng 'CSV UTF-8')",
                "a UTF-8 file (save as 'CSV UTF-8')",
            )
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                path.name,
                line,
                None,
                repr(data[exc.start : exc.start + 4]),
                "tệp mã hóa UTF-8 (không phải Windows-1258 hay UTF-16)",
                "a UTF-8 file (not Windows-1258 or UTF-16)",
            )
        ]


def _read_csv(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        return None, [
            Problem(
                path.name,
                None,
                None,
                "tệp rỗng",
                "dòng tiêu đề và ít nhất một dòng số liệu",
                "a header line and at least one data row",
            )
        ]
    text, problems = _decode(path, data)
    if text is None:
        return None, problems
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return None, [Problem(path.name, None, None, str(exc), "CSV hợp lệ", "valid CSV")]
    header, body = rows[0], _without_trailing_blanks(rows[1:])
    bad = [
        Problem(
            path.name,
            i,
            None,
            f"{len(r)} ô",
            f"{len(header)} ô như dòng tiêu đề (ô có dấu phẩy phải đặt trong ngoặc kép)",
            f"{len(header)} fields like the header (quote cells holding commas)",
        )
        for i, r in enumerate(body, start=2)
        if len(r) != len(header)
    ]
    if bad:
        return None, bad
    frame = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame(columns=header, dtype="str")
    return frame, []


def _delimiter(text: str) -> str:
    """',' as written by this project, or ';' as Excel writes CSV under Vietnamese regional settings.

    Decided once, from the header line: column names hold neither sign, so whichever separates
    them is the file's separator.
    """
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _without_trailing_blanks(rows: list[list]) -> list[list]:
    """Rows less the empty ones at the end (a CSV's last blank lines, a sheet's formatted empty rows).

    Inner blank rows stay, with their line numbers, and are reported by the schema checks: one rule
    for .csv and .xlsx alike.
    """
    end = len(rows)
    while end and not any(str(v).strip() for v in rows[end - 1] if v is not None):
        end -= 1
    return rows[:end]


def _read_xlsx(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    problems = []
    wb = load_workbook(path, read_only=False, data_only=True)
    if len(wb.sheetnames) != 1:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                f"{len(wb.sheetnames)} trang tính: {', '.join(wb.sheetnames)}",
                "đúng một trang tính",
                "exactly one sheet",
            )
        )
    ws = wb[wb.sheetnames[0]]
    for rng in ws.merged_cells.ranges:
        problems.append(
            Problem(
                path.name,
                rng.min_row,
                None,
                f"ô gộp {rng.coord}",
                "không gộp ô (mỗi ô một giá trị)",
                "no merged cells (one value per cell)",
            )
        )
    if problems:
        return None, problems
    cells = [[_percent_as_printed(c) for c in row] for row in ws.iter_rows()]
    if not cells:
        return None, [
            Problem(path.name, None, None, "trang tính rỗng", "dòng tiêu đề và số liệu", "a header row and data rows")
        ]
    body = _without_trailing_blanks(cells[1:])
    width = len(cells[0])
    while width and cells[0][width - 1] is None and all(len(r) < width or r[width - 1] is None for r in body):
        width -= 1  # formatted but empty columns to the right of the table, as trailing rows below it
    header = ["" if v is None else str(v) for v in cells[0][:width]]
    numbers: dict[tuple[int, str], float] = {}
    rows = []
    for i, row in enumerate(body):
        out = []
        for column, value in zip(header, row):
            text = _cell_text(value, column)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and column not in ZERO_PADDED:
                numbers[(i, column)] = float(value)  # restored to its printed form once sources are known
            out.append(text)
        rows.append(out)
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    frame.attrs["number_cells"] = numbers
    return frame, []


def _percent_as_printed(cell):
    """A cell typed '126%' holds 1.26 with a percent format: the printed number is 126."""
    number = cell_number(cell.value, cell.number_format)
    return cell.value if number is None else number


def _cell_text(value, column: str) -> str:
    """A cell as the CSV would hold it. A date cell is a date; a number keeps its value.

    The number's printed form ('9.199', '07') is restored later from its quote; what is
    written here only serves the columns that are not printed values (periods, row numbers).
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else vietnamese(value)
        return text.zfill(ZERO_PADDED[column]) if column in ZERO_PADDED else text
    return str(value)


def _nfc_column(column: pd.Series) -> pd.Series:
    """A text column NFC and stripped, computed once per distinct value (a country's table repeats most)."""
    codes, uniques = pd.factorize(column)
    clean = pd.Series([nfc(v).strip() for v in uniques], dtype=column.dtype)
    return pd.Series(clean.to_numpy()[codes], index=column.index, dtype=column.dtype)


def read_table(raw_dir: Path, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    candidates = [raw_dir / f"{name}.csv", raw_dir / f"{name}.xlsx"]
    present = [p for p in candidates if p.exists()]
    if len(present) != 1:
        found = "không có tệp" if not present else " và ".join(p.name for p in present)
        return None, [
            Problem(
                f"{name}.csv",
                None,
                None,
                found,
                f"đúng một tệp {name}.csv hoặc {name}.xlsx",
                f"exactly one of {name}.csv or {name}.xlsx",
            )
        ]
    path = present[0]
    frame, problems = (_read_csv if path.suffix == ".csv" else _read_xlsx)(path)
    if frame is None:
        return None, problems
    if frame.empty and name not in config.MAY_HAVE_NO_ROWS:
        return None, [
            Problem(path.name, 2, None, "chỉ có dòng tiêu đề", "ít nhất một dòng số liệu", "at least one data row")
        ]
    numbers = frame.attrs.get("number_cells", {})
    if path.suffix == ".csv":  # text cells only: normalised once per distinct value
        frame = frame.apply(_nfc_column)
    else:  # Excel cells keep their types (9199 stays a number; 1 and True must not be merged)
        frame = frame.map(lambda v: nfc(v).strip() if isinstance(v, str) else v)
    frame.attrs["file"] = path.name
    frame.attrs["number_cells"] = numbers
    return frame, problems


# ---------------------------------------------------------------- schema checks
def _schema_problems(name: str, frame: pd.DataFrame) -> list[Problem]:
    file = frame.attrs["file"]
    try:
        SCHEMAS[name].validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    problems, seen_rows = [], set()
    for case in cases.itertuples(index=False):
        check = str(case.check).split("(")[0]
        vi, en = CHECK_TEXT.get(check, (str(case.check), str(case.check)))
        row = None if pd.isna(case.index) else int(case.index) + 2
        if check == "multiple_fields_uniqueness":
            if row in seen_rows:
                continue
            seen_rows.add(row)
            key = SCHEMAS[name].Config.unique
            found = " / ".join(str(frame.iloc[row - 2][k]) for k in key)
            problems.append(
                Problem(file, row, "+".join(key), found, f"{vi} ({', '.join(key)})", f"{en} ({', '.join(key)})")
            )
            continue
        if check in ("str_matches", "isin"):
            vi, en = f"{vi}: {case.check}", f"{en}: {case.check}"
        if check in ("column_in_schema", "column_in_dataframe"):
            found = "cột thừa" if check == "column_in_schema" else "không có cột này"
            problems.append(Problem(file, None, str(case.failure_case), found, vi, en))
            continue
        problems.append(Problem(file, row, case.column, str(case.failure_case), vi, en))
    return problems


# ---------------------------------------------------------------- cross-table checks
def _merger_issue(commune_id: str, role: str, target: str, roles: dict[str, str]) -> tuple[str, str, str] | None:
    """What is wrong with a commune's `merged_into` cell, as (found, expected in Vietnamese, in English)."""
    if role != "former":
        return (target, "ô trống với xã mới (role=merged)", "an empty cell for a merged commune") if target else None
    if not target:
        return "(trống)", "mã xã mới mà xã cũ sáp nhập vào", "the id of the merged commune it joined"
    if target == commune_id:
        return target, "một xã khác (không tự sáp nhập vào chính nó)", "another commune (no self-merge)"
    if target not in roles:
        return target, "mã xã có trong bảng xã", "a commune id listed in the commune table"
    if roles[target] != "merged":
        return (
            target,
            "một xã có vai trò 'merged' (không có vòng lặp sáp nhập)",
            "a commune with role 'merged' (no merger cycles)",
        )
    return None


def _commune_problems(communes: pd.DataFrame) -> list[Problem]:
    file, problems = communes.attrs["file"], []
    roles = dict(zip(communes.commune_id, communes.role))
    dup = communes[communes.commune_id.duplicated(keep=False)]
    for cid, group in dup.groupby("commune_id"):
        if group.merged_into.nunique() > 1:
            problems.append(
                Problem(
                    file,
                    int(group.index[-1]) + 2,
                    "merged_into",
                    f"{cid} → {', '.join(group.merged_into)}",
                    "mỗi xã cũ sáp nhập vào đúng một xã mới",
                    "each former commune merged into exactly one new commune",
                )
            )
    for idx, row in zip(communes.index, communes.itertuples(index=False)):
        issue = _merger_issue(row.commune_id, row.role, row.merged_into, roles)
        if issue:
            problems.append(Problem(file, int(idx) + 2, "merged_into", *issue))
    return problems


def _reference_problems(frame: pd.DataFrame, column: str, known: set[str], what_vi: str, what_en: str) -> list[Problem]:
    file = frame.attrs["file"]
    return [
        Problem(file, int(i) + 2, column, v, f"mã có trong {what_vi}", f"an id listed in {what_en}")
        for i, v in frame[column].items()
        if v and v not in known
    ]


def _catalogue_problems(ind: pd.DataFrame) -> list[Problem]:
    file, known, problems = ind.attrs["file"], set(ind.indicator_id), []
    for idx, row in ind.iterrows():
        line = int(idx) + 2
        refs = {
            "proxy_weight": [row.proxy_weight],
            "component_of": [row.component_of],
            "share_of_count": [row.share_of_count],
            "ratio_of": row.ratio_of.split("/") if row.ratio_of else [],
        }
        if weight_indicator(row.aggregation):
            refs["aggregation"] = [weight_indicator(row.aggregation)]
        for column, ids in refs.items():
            for ref in ids:
                if ref and ref not in known:
                    problems.append(
                        Problem(
                            file,
                            line,
                            column,
                            ref,
                            "mã chỉ tiêu có trong danh mục",
                            "an indicator id listed in the catalogue",
                        )
                    )
        expected = {"extensive": ("sum",), "qualitative": ("all", "any"), "not_additive": ("none",)}.get(row.kind)
        if expected and row.aggregation not in expected:
            problems.append(
                Problem(
                    file,
                    line,
                    "aggregation",
                    row.aggregation,
                    f"với loại '{row.kind}': {' hoặc '.join(expected)}",
                    f"for kind '{row.kind}': {' or '.join(expected)}",
                )
            )
        if row.kind == "intensive" and not (weight_indicator(row.aggregation) or row.aggregation == "none"):
            problems.append(
                Problem(
                    file,
                    line,
                    "aggregation",
                    row.aggregation,
                    "với tỷ lệ: mean_weighted_by_<mã mẫu số> (hoặc none)",
                    "for a rate: mean_weighted_by_<denominator id> (or none)",
                )
            )
    return problems


# ---------------------------------------------------------------- values
def _parse(
    frame: pd.DataFrame,
    column: str,
    units: pd.Series,
    marks: pd.Series | None,
    problems: list[Problem],
    skip: pd.Series | None = None,
) -> pd.Series:
    file, out = frame.attrs["file"], []
    n = len(frame)
    rows = zip(
        frame.index,
        frame[column].tolist(),
        units.fillna("").tolist(),
        marks.tolist() if marks is not None else [""] * n,
        skip.tolist() if skip is not None else [False] * n,
    )
    for idx, text, unit, mark, skipped in rows:
        if not text or skipped:
            out.append(float("nan"))
            continue
        try:
            out.append(parse_printed(text, unit, mark or ","))
        except NumberFormatError as exc:
            problems.append(Problem(file, int(idx) + 2, column, text, exc.expected_vi, exc.expected_en))
            out.append(float("nan"))
    return pd.Series(out, index=frame.index, dtype="float64")


def _range_problems(obs: pd.DataFrame, ind: pd.DataFrame) -> list[Problem]:
    file = obs.attrs["file"]
    kind = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind)))
    negative = obs.value < 0
    over = ~negative & kind.eq("intensive") & obs.unit.eq("%") & (obs.value > 100)
    problems = [
        Problem(file, int(idx) + 2, "value_as_printed", printed, "số không âm", "a non-negative number")
        for idx, printed in obs.value_as_printed[negative].items()
    ]
    problems += [
        Problem(file, int(idx) + 2, "value_as_printed", printed, "tỷ lệ từ 0 đến 100%", "a share between 0 and 100%")
        for idx, printed in obs.value_as_printed[over].items()
    ]
    return sorted(problems, key=lambda p: p.row)


def _conflict_problems(obs: pd.DataFrame) -> list[Problem]:
    """Two sources for one figure: the tables must say which wins (`supersedes`).

    Rule: among the sources giving one commune, indicator and period, the winner is the
    one source that no row of that key supersedes. A correction names, in its
    `supersedes` cell, the source_id it corrects. Anything else is an error, never a
    silent choice. Sets `superseded_by` on the losing rows.
    """
    file, problems = obs.attrs["file"], []

    def at(idx) -> tuple[str, int | None]:  # a row of observations.csv, or a cell of a monitoring form
        where = obs["_where"][idx] if "_where" in obs.columns else None
        return (where, None) if isinstance(where, str) else (file, int(idx) + 2)

    obs["superseded_by"] = ""
    key = ["commune_id", "indicator_id", "period"]
    named = obs.supersedes != ""
    for idx in obs.index[named & (obs.supersedes == obs.source_id)]:
        problems.append(
            Problem(
                file,
                int(idx) + 2,
                "supersedes",
                obs.supersedes[idx],
                "mã một nguồn khác với nguồn của chính dòng này",
                "another source than the row's own",
            )
        )
    n_sources = obs.groupby(key).source_id.transform("nunique")
    contested = obs[(n_sources > 1) | named]
    for _, group in contested.groupby(key, sort=True):
        ids = set(group.source_id)
        lost = set(group.supersedes) - {""}
        for idx, row in group[group.supersedes != ""].iterrows():
            if row.supersedes not in ids:
                others = ", ".join(sorted(ids - {row.source_id})) or "không có"
                problems.append(
                    Problem(
                        file,
                        int(idx) + 2,
                        "supersedes",
                        row.supersedes,
                        f"mã một nguồn có số cùng xã, chỉ tiêu, kỳ ({row.commune_id}, "
                        f"{row.indicator_id}, {row.period}): {others}",
                        "the id of a source giving the same commune, indicator and period",
                    )
                )
        winners = sorted(ids - lost)
        if len(ids) > 1 and len(winners) != 1:
            listed = "; ".join(f"{r.source_id}: {r.value_as_printed}" for r in group.itertuples())
            problems.append(
                Problem(
                    *at(group.index.max()),
                    "supersedes",
                    listed,
                    "đúng một nguồn thắng: dòng đính chính ghi vào cột supersedes mã nguồn mà nó thay thế",
                    "exactly one winning source: the correcting row names the source it supersedes in `supersedes`",
                )
            )
            continue
        for idx, row in group.iterrows():
            if row.source_id in lost:
                obs.loc[idx, "superseded_by"] = ", ".join(
                    sorted(set(group.source_id[group.supersedes == row.source_id]))
                )
    return problems


def _restore_printed(
    frame: pd.DataFrame,
    columns: list[str],
    sources: dict[str, Source],
    marks: pd.Series | None,
    units: pd.Series,
    problems: list[Problem],
) -> None:
    """Number cells of an Excel-edited table, back to their printed form.

    Excel stores a typed '9.199' as 9199 and '07' as 7. For a text source the printed form
    is the token of the quote with that value ('9.199', '60,66 km2', '07'); for a table or
    record source, the number written the Vietnamese way.
    """
    numbers = frame.attrs.get("number_cells", {})
    unrestored = frame.attrs.setdefault("unrestored", set())
    for (idx, column), number in sorted(numbers.items()):
        if column not in columns:
            continue
        row = frame.loc[idx]
        src = sources.get(row.source_id)
        mark = (marks[idx] if marks is not None else "") or ","
        printed = None
        if src is not None and src.kind == TEXT:
            printed = printed_form(number, row.quote, mark, units[idx])
            if printed is None:
                problems.append(
                    Problem(
                        frame.attrs["file"],
                        int(idx) + 2,
                        column,
                        f"ô số {vietnamese(number)}",
                        "giá trị có trong đoạn trích (cột quote)",
                        "a value that appears in its quote",
                    )
                )
                unrestored.add((idx, column))
        frame.loc[idx, column] = printed or vietnamese(number)


# ---------------------------------------------------------------- public
def _read_all(raw_dir: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in config.TABLES:
        frame, read_problems = read_table(raw_dir, name)
        problems += read_problems
        if frame is not None:
            problems += _schema_problems(name, frame)
            frames[name] = frame
    missing_columns = any(set(schema_columns(SCHEMAS[n])) - set(f.columns) for n, f in frames.items())
    if len(frames) < len(config.TABLES) or missing_columns:
        raise RawDataError(problems)  # the checks after this need every table with all its columns
    return frames


def _cross_table_problems(com, ind, obs, tgt, res) -> list[Problem]:
    problems = _commune_problems(com) + _catalogue_problems(ind)
    communes, indicators = set(com.commune_id), set(ind.indicator_id)
    for frame in (obs, res):
        problems += _reference_problems(frame, "commune_id", communes, "bảng xã (communes)", "the commune table")
    merged_ids = set(com.commune_id[com.role == "merged"])
    problems += _reference_problems(
        tgt, "commune_id", merged_ids, "bảng xã với vai trò 'merged'", "the commune table, as a merged commune"
    )
    for frame, column in (
        (obs, "indicator_id"),
        (tgt, "indicator_id"),
        (res, "indicator_id"),
        (tgt, "baseline_indicator_id"),
    ):
        problems += _reference_problems(
            frame, column, indicators, "danh mục chỉ tiêu (indicators)", "the indicator catalogue"
        )
    return problems


def _parse_observations(obs, ind, problems) -> None:
    obs["unit"] = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    qualitative = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind))).eq("qualitative")
    obs["value"] = _parse(obs, "value_as_printed", obs.unit, obs.decimal_mark, problems, skip=qualitative)
    # a qualitative statement the source affirms is 1; one it denies ('Không đạt') is 0
    obs.loc[qualitative, "value"] = obs.value_as_printed[qualitative].ne("Không đạt").astype(float)
    problems += _range_problems(obs, ind)


def _parse_targets(tgt, ind, problems) -> None:
    tgt["unit"] = tgt.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    for idx, row in tgt.iterrows():
        if row.comparator != "maintain" and not row.target_as_printed:
            problems.append(
                Problem(
                    tgt.attrs["file"],
                    int(idx) + 2,
                    "target_as_printed",
                    "(trống)",
                    f"giá trị mục tiêu với phép so sánh '{row.comparator}'",
                    f"a target value for comparator '{row.comparator}'",
                )
            )
        if (row.comparator == "range") != bool(row.target_high_as_printed):
            problems.append(
                Problem(
                    tgt.attrs["file"],
                    int(idx) + 2,
                    "target_high_as_printed",
                    row.target_high_as_printed or "(trống)",
                    "cận trên khi và chỉ khi so sánh là 'range'",
                    "an upper bound if and only if the comparator is 'range'",
                )
            )
    tgt["target"] = _parse(tgt, "target_as_printed", tgt.unit, None, problems)
    tgt["target_high"] = _parse(tgt, "target_high_as_printed", tgt.unit, None, problems)


def _parse_results(res, ind, problems) -> None:
    units = res.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    qualitative = res.indicator_id.map(dict(zip(ind.indicator_id, ind.kind))).eq("qualitative")
    res["target"] = _parse(res, "target_as_printed", units, None, problems, skip=qualitative)
    res["result"] = _parse(res, "result_as_printed", units, None, problems, skip=qualitative)
    res["percent"] = _parse(
        res, "percent_as_printed", pd.Series("%", index=res.index), res.percent_decimal_mark, problems
    )
    if res.row_no.str.fullmatch(r"\d+").all():  # otherwise the schema has already said so
        res["row_no"] = res.row_no.astype(int)


VALUE_COLUMNS = {
    "observations": ["value_as_printed"],
    "targets_2030": ["target_as_printed", "target_high_as_printed"],
    "resolution_results": ["target_as_printed", "result_as_printed", "percent_as_printed"],
}
MARK_COLUMN = {"observations": "decimal_mark", "resolution_results": "percent_decimal_mark"}


def _source_problems(frames: dict[str, pd.DataFrame], sources: dict[str, Source]) -> list[Problem]:
    problems = []
    for name in VALUE_COLUMNS:
        problems += _reference_problems(
            frames[name], "source_id", set(sources), "danh mục nguồn (sources.csv)", "the source registry (sources.csv)"
        )
    return problems


def _restore_all(frames, sources, ind, problems) -> None:
    for name, columns in VALUE_COLUMNS.items():
        frame = frames[name]
        marks = frame[MARK_COLUMN[name]] if name in MARK_COLUMN else None
        units = frame.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
        if name == "resolution_results":  # the mark belongs to the percentage only
            _restore_printed(frame, columns[:2], sources, None, units, problems)
            _restore_printed(frame, columns[2:], sources, marks, pd.Series("%", index=frame.index), problems)
        else:
            _restore_printed(frame, columns, sources, marks, units, problems)


def _verify_all(frames, sources, ind, problems) -> None:
    units = dict(zip(ind.indicator_id, ind.unit))
    obs, tgt, res = frames["observations"], frames["targets_2030"], frames["resolution_results"]
    qualitative = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind))).eq("qualitative")
    problems += verify_rows(
        obs,
        VALUE_COLUMNS["observations"],
        sources,
        obs.unit,
        {"value_as_printed": obs.value.where(~qualitative)},
        obs.decimal_mark,
    )
    problems += verify_rows(
        tgt,
        VALUE_COLUMNS["targets_2030"],
        sources,
        tgt.unit,
        {"target_as_printed": tgt.target, "target_high_as_printed": tgt.target_high},
        None,
    )
    res_units = res.indicator_id.map(units).fillna("")
    problems += verify_rows(
        res,
        VALUE_COLUMNS["resolution_results"][:2],
        sources,
        res_units,
        {"target_as_printed": res.target, "result_as_printed": res.result},
        None,
    )
    problems += verify_rows(
        res,
        VALUE_COLUMNS["resolution_results"][2:],
        sources,
        pd.Series("%", index=res.index),
        {"percent_as_printed": res.percent},
        res.percent_decimal_mark,
    )


def load_raw(raw_dir: str | Path | None = None) -> RawData:
    """Read, validate and parse every raw table, and verify each figure against its source.

    Parameters
    ----------
    raw_dir : str or Path, optional
        Folder of the raw tables and source files; default ``data/raw``.

    Returns
    -------
    RawData
        Validated tables. ``observations`` gains ``value`` (canonical unit), ``unit``,
        ``verified`` (False for figures from a ``record`` source) and ``superseded_by``.

    Raises
    ------
    RawDataError
        Listing every problem at once: file, line, column, what was found and expected.

    Examples
    --------
    >>> raw = load_raw()
    >>> len(raw.observations), list(raw.sources.source_id)
    (155, ['bao_cao_chinh_tri'])
    """
    raw_dir = config.resolve(raw_dir)
    problems: list[Problem] = []
    frames = _read_all(raw_dir, problems)
    registry = frames["sources"]
    sources, source_problems = open_sources(registry, raw_dir)
    problems += source_problems + _source_problems(frames, sources)
    com, ind, obs = frames["communes"], frames["indicators"], frames["observations"]
    tgt, res = frames["targets_2030"], frames["resolution_results"]
    problems += _cross_table_problems(com, ind, obs, tgt, res)
    _restore_all(frames, sources, ind, problems)
    _parse_observations(obs, ind, problems)
    _parse_targets(tgt, ind, problems)
    _parse_results(res, ind, problems)
    _verify_all(frames, sources, ind, problems)
    kind = dict(zip(registry.source_id, registry.kind))
    for frame in (obs, tgt, res):
        frame["verified"] = frame.source_id.map(kind).ne(RECORD)
    forms, form_registry, form_sources, form_problems, notices = read_forms(raw_dir, registry, ind, com)
    problems += form_problems + _verify_forms(forms, form_sources, ind)
    if len(forms):
        file = obs.attrs["file"]
        obs = pd.concat([obs, forms], ignore_index=True)
        obs.attrs["file"] = file
        registry = pd.concat([registry, form_registry], ignore_index=True)
    problems += _conflict_problems(obs)
    if problems:
        raise RawDataError(problems)
    obs = obs.drop(columns="_where", errors="ignore")
    return RawData(*_canonical_order(com, ind, obs, tgt, res, registry), notices=tuple(notices))


def _natural(target_id: str) -> tuple:
    """'1' < '1b' < '2' < '10' < 'dp2a': numbers as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", target_id))


def _canonical_order(com, ind, obs, tgt, res, registry):
    """Every table sorted by its key, so that no output depends on the order of the rows in a file."""
    com = com.sort_values("commune_id")
    ind = ind.sort_values("indicator_id")
    obs = obs.sort_values(["commune_id", "indicator_id", "period", "source_id", "source_ref"], kind="stable")
    tgt = tgt.sort_values(["commune_id", "target_id"], key=lambda s: s.map(_natural) if s.name == "target_id" else s)
    res = res.sort_values(["commune_id", "row_no"])
    registry = registry.sort_values("source_id")
    return [frame.reset_index(drop=True) for frame in (com, ind, obs, tgt, res, registry)]


def _verify_forms(forms: pd.DataFrame, sources: dict[str, Source], ind: pd.DataFrame) -> list[Problem]:
    """Each figure read from a monitoring form, checked against its cell like any table source."""
    problems = []
    kind = dict(zip(ind.indicator_id, ind.kind))
    for source_id, group in forms.groupby("source_id", sort=True):
        rows = group.copy()
        rows.attrs["file"] = sources[source_id].file
        qualitative = rows.indicator_id.map(kind).eq("qualitative")  # compared as text, like observations.csv
        found = verify_rows(
            rows, ["value_as_printed"], sources, rows.unit, {"value_as_printed": rows.value.where(~qualitative)}, None
        )
        # verify_rows counts lines of a table; a form's figure is placed by its own sheet and cell
        lines = {int(idx) + 2: where for idx, where in rows["_where"].items()}
        problems += [
            Problem(lines.get(p.row, p.file), None, None, p.found, p.expected_vi, p.expected_en) for p in found
        ]
    return problems


OBSERVATION_COLUMNS = [
    "commune_id",
    "indicator_id",
    "period",
    "value",
    "unit",
    "qualifier",
    "value_as_printed",
    "source_id",
    "source_ref",
    "verified",
    "superseded_by",
    "quote",
    "note",
]


def observations(raw_dir: str | Path | None = None) -> pd.DataFrame:
    """Every figure of every source, one row each, its value in the indicator's canonical unit.

    Parameters
    ----------
    raw_dir : str, Path or None
        A raw folder; default ``data/raw``.

    Returns
    -------
    DataFrame
        ``commune_id``, ``indicator_id``, ``period``, ``value`` (in ``unit``: money in triệu
        đồng, shares in percent points), ``qualifier``, ``value_as_printed``, ``source_id``,
        ``source_ref``, ``verified``, ``superseded_by``, ``quote``, ``note``.

    Examples
    --------
    >>> obs = observations()
    >>> obs[obs.indicator_id == "population"].value.tolist()  # sorted by commune id
    [9199.0, 17145.0, 7946.0]
    """
    from .cache import remembered

    folder = config.resolve(raw_dir)
    raw = remembered("load_raw", folder, (), lambda: load_raw(folder))
    return raw.observations[OBSERVATION_COLUMNS].reset_index(drop=True)
