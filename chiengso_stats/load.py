"""Stage 1: read the raw tables, validate them and parse the report's numbers.

Everything that can be wrong with a hand-edited table is collected into one list of
`Problem`s and raised together, so the office fixes its file in one pass.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml
from openpyxl import load_workbook

from . import config
from .errors import Problem, RawDataError
from .numbers import NumberFormatError, parse_printed
from .schemas import CHECK_TEXT, SCHEMAS, weight_indicator
from .text import contains_token, nfc, normalise


@dataclass(frozen=True)
class RawData:
    communes: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    targets: pd.DataFrame
    resolution_results: pd.DataFrame
    source_text: str  # normalised (NFC, folded white space)


# ---------------------------------------------------------------- reading files
def _decode(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path.name, None, None, "UTF-16",
                              "tệp mã hóa UTF-8 (lưu lại bằng 'CSV UTF-8')",
                              "a UTF-8 file (save as 'CSV UTF-8')")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(path.name, line, None, repr(data[exc.start: exc.start + 4]),
                              "tệp mã hóa UTF-8 (không phải Windows-1258 hay UTF-16)",
                              "a UTF-8 file (not Windows-1258 or UTF-16)")]


def _read_csv(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        return None, [Problem(path.name, None, None, "tệp rỗng", "dòng tiêu đề và ít nhất một dòng số liệu",
                              "a header line and at least one data row")]
    text, problems = _decode(path, data)
    if text is None:
        return None, problems
    try:
        rows = list(csv.reader(StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [Problem(path.name, None, None, str(exc), "CSV hợp lệ", "valid CSV")]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # trailing blank lines only; inner ones keep their line numbers
    header, body = rows[0], rows[1:]
    bad = [Problem(path.name, i, None, f"{len(r)} ô", f"{len(header)} ô như dòng tiêu đề (ô có dấu phẩy phải "
                   "đặt trong ngoặc kép)", f"{len(header)} fields like the header (quote cells holding commas)")
           for i, r in enumerate(body, start=2) if len(r) != len(header)]
    if bad:
        return None, bad
    frame = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame(columns=header, dtype="str")
    return frame, []


def _read_xlsx(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    problems = []
    wb = load_workbook(path, read_only=False, data_only=True)
    if len(wb.sheetnames) != 1:
        problems.append(Problem(path.name, None, None, f"{len(wb.sheetnames)} trang tính: {', '.join(wb.sheetnames)}",
                                "đúng một trang tính", "exactly one sheet"))
    ws = wb[wb.sheetnames[0]]
    for rng in ws.merged_cells.ranges:
        problems.append(Problem(path.name, rng.min_row, None, f"ô gộp {rng.coord}",
                                "không gộp ô (mỗi ô một giá trị)", "no merged cells (one value per cell)"))
    rows = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    if problems:
        return None, problems
    if not rows:
        return None, [Problem(path.name, None, None, "trang tính rỗng", "dòng tiêu đề và số liệu",
                              "a header row and data rows")]
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=str), []


def read_table(raw_dir: Path, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    candidates = [raw_dir / f"{name}.csv", raw_dir / f"{name}.xlsx"]
    present = [p for p in candidates if p.exists()]
    if len(present) != 1:
        found = "không có tệp" if not present else " và ".join(p.name for p in present)
        return None, [Problem(f"{name}.csv", None, None, found,
                              f"đúng một tệp {name}.csv hoặc {name}.xlsx",
                              f"exactly one of {name}.csv or {name}.xlsx")]
    path = present[0]
    frame, problems = (_read_csv if path.suffix == ".csv" else _read_xlsx)(path)
    if frame is None:
        return None, problems
    if frame.empty:
        return None, [Problem(path.name, 2, None, "chỉ có dòng tiêu đề", "ít nhất một dòng số liệu",
                              "at least one data row")]
    frame = frame.map(lambda v: nfc(v).strip() if isinstance(v, str) else v)
    frame.attrs["file"] = path.name
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
            problems.append(Problem(file, row, "+".join(key), found, f"{vi} ({', '.join(key)})",
                                    f"{en} ({', '.join(key)})"))
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
def _commune_problems(communes: pd.DataFrame) -> list[Problem]:
    file, problems = communes.attrs["file"], []
    roles = dict(zip(communes.commune_id, communes.role))
    dup = communes[communes.commune_id.duplicated(keep=False)]
    for cid, group in dup.groupby("commune_id"):
        if group.merged_into.nunique() > 1:
            problems.append(Problem(file, int(group.index[-1]) + 2, "merged_into",
                                    f"{cid} → {', '.join(group.merged_into)}",
                                    "mỗi xã cũ sáp nhập vào đúng một xã mới",
                                    "each former commune merged into exactly one new commune"))
    for idx, row in communes.iterrows():
        line = int(idx) + 2
        target = row.merged_into
        if row.role == "former":
            if not target:
                problems.append(Problem(file, line, "merged_into", "(trống)", "mã xã mới mà xã cũ sáp nhập vào",
                                        "the id of the merged commune it joined"))
            elif target == row.commune_id:
                problems.append(Problem(file, line, "merged_into", target, "một xã khác (không tự sáp nhập vào chính nó)",
                                        "another commune (no self-merge)"))
            elif target not in roles:
                problems.append(Problem(file, line, "merged_into", target, "mã xã có trong bảng xã",
                                        "a commune id listed in the commune table"))
            elif roles[target] != "merged":
                problems.append(Problem(file, line, "merged_into", target,
                                        "một xã có vai trò 'merged' (không có vòng lặp sáp nhập)",
                                        "a commune with role 'merged' (no merger cycles)"))
        elif target:
            problems.append(Problem(file, line, "merged_into", target, "ô trống với xã mới (role=merged)",
                                    "an empty cell for a merged commune"))
    return problems


def _reference_problems(frame: pd.DataFrame, column: str, known: set[str], what_vi: str, what_en: str) -> list[Problem]:
    file = frame.attrs["file"]
    return [Problem(file, int(i) + 2, column, v, f"mã có trong {what_vi}", f"an id listed in {what_en}")
            for i, v in frame[column].items() if v and v not in known]


def _catalogue_problems(ind: pd.DataFrame) -> list[Problem]:
    file, known, problems = ind.attrs["file"], set(ind.indicator_id), []
    for idx, row in ind.iterrows():
        line = int(idx) + 2
        refs = {"proxy_weight": [row.proxy_weight], "component_of": [row.component_of],
                "share_of_count": [row.share_of_count], "ratio_of": row.ratio_of.split("/") if row.ratio_of else []}
        if weight_indicator(row.aggregation):
            refs["aggregation"] = [weight_indicator(row.aggregation)]
        for column, ids in refs.items():
            for ref in ids:
                if ref and ref not in known:
                    problems.append(Problem(file, line, column, ref, "mã chỉ tiêu có trong danh mục",
                                            "an indicator id listed in the catalogue"))
        expected = {"extensive": ("sum",), "qualitative": ("all", "any"), "not_additive": ("none",)}.get(row.kind)
        if expected and row.aggregation not in expected:
            problems.append(Problem(file, line, "aggregation", row.aggregation,
                                    f"với loại '{row.kind}': {' hoặc '.join(expected)}",
                                    f"for kind '{row.kind}': {' or '.join(expected)}"))
        if row.kind == "intensive" and not (weight_indicator(row.aggregation) or row.aggregation == "none"):
            problems.append(Problem(file, line, "aggregation", row.aggregation,
                                    "với tỷ lệ: mean_weighted_by_<mã mẫu số> (hoặc none)",
                                    "for a rate: mean_weighted_by_<denominator id> (or none)"))
    return problems


# ---------------------------------------------------------------- values
def _parse(frame: pd.DataFrame, column: str, units: pd.Series, marks: pd.Series | None,
           problems: list[Problem], skip: pd.Series | None = None) -> pd.Series:
    file, out = frame.attrs["file"], []
    for idx, text in frame[column].items():
        if not text or (skip is not None and skip[idx]):
            out.append(float("nan"))
            continue
        mark = (marks[idx] if marks is not None else "") or ","
        try:
            out.append(parse_printed(text, units[idx] or "", mark))
        except NumberFormatError as exc:
            problems.append(Problem(file, int(idx) + 2, column, text, exc.expected_vi, exc.expected_en))
            out.append(float("nan"))
    return pd.Series(out, index=frame.index, dtype="float64")


def _range_problems(obs: pd.DataFrame, ind: pd.DataFrame) -> list[Problem]:
    file, problems = obs.attrs["file"], []
    kind = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind)))
    for idx, row in obs.iterrows():
        if pd.isna(row.value):
            continue
        if row.value < 0:
            problems.append(Problem(file, int(idx) + 2, "value_as_printed", row.value_as_printed,
                                    "số không âm", "a non-negative number"))
        elif kind[idx] == "intensive" and row.unit == "%" and row.value > 100:
            problems.append(Problem(file, int(idx) + 2, "value_as_printed", row.value_as_printed,
                                    "tỷ lệ từ 0 đến 100%", "a share between 0 and 100%"))
    return problems


def _provenance_problems(frame: pd.DataFrame, value_columns: list[str], source: str) -> list[Problem]:
    """The quote must be in the report, and each printed value inside its quote."""
    file, problems = frame.attrs["file"], []
    for idx, row in frame.iterrows():
        parts = [normalise(p) for p in row.quote.split(" | ")]
        missing = [p for p in parts if p not in source]
        for part in missing:
            problems.append(Problem(file, int(idx) + 2, "quote", part,
                                    "một đoạn trích có nguyên văn trong báo cáo",
                                    "a clause found verbatim in the report"))
        for column in value_columns:
            printed = normalise(row[column])
            if printed and not missing and not any(contains_token(p, printed) for p in parts):
                problems.append(Problem(file, int(idx) + 2, column, printed,
                                        "giá trị có trong đoạn trích (cột quote)",
                                        "a value that appears in its quote"))
    return problems


def _source_text(raw_dir: Path) -> tuple[str, list[Problem]]:
    path, meta_path = raw_dir / config.SOURCE_FILE, raw_dir / config.SOURCE_META
    if not path.exists():
        return "", [Problem(config.SOURCE_FILE, None, None, "không có tệp", "văn bản báo cáo gốc",
                            "the source report")]
    data = path.read_bytes()
    problems = []
    if meta_path.exists():
        expected = yaml.safe_load(meta_path.read_text(encoding="utf-8")).get("sha256")
        actual = hashlib.sha256(data).hexdigest()
        if expected != actual:
            problems.append(Problem(config.SOURCE_FILE, None, None, f"sha256 {actual[:12]}…",
                                    f"tệp gốc không đổi (sha256 {str(expected)[:12]}… trong source.yaml)",
                                    "the unchanged source (sha256 recorded in source.yaml)"))
    return normalise(data.decode("utf-8")), problems


# ---------------------------------------------------------------- public
def _read_all(raw_dir: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in config.TABLES:
        frame, read_problems = read_table(raw_dir, name)
        problems += read_problems
        if frame is not None:
            problems += _schema_problems(name, frame)
            frames[name] = frame
    missing_columns = any(set(SCHEMAS[n].to_schema().columns) - set(f.columns) for n, f in frames.items())
    if len(frames) < len(config.TABLES) or missing_columns:
        raise RawDataError(problems)  # the checks after this need every table with all its columns
    return frames


def _cross_table_problems(com, ind, obs, tgt, res) -> list[Problem]:
    problems = _commune_problems(com) + _catalogue_problems(ind)
    communes, indicators = set(com.commune_id), set(ind.indicator_id)
    for frame in (obs, res):
        problems += _reference_problems(frame, "commune_id", communes, "bảng xã (communes)", "the commune table")
    for frame, column in ((obs, "indicator_id"), (tgt, "indicator_id"), (res, "indicator_id"),
                          (tgt, "baseline_indicator_id")):
        problems += _reference_problems(frame, column, indicators, "danh mục chỉ tiêu (indicators)",
                                        "the indicator catalogue")
    return problems


def _parse_observations(obs, ind, problems) -> None:
    obs["unit"] = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    qualitative = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind))).eq("qualitative")
    obs["value"] = _parse(obs, "value_as_printed", obs.unit, obs.decimal_mark, problems, skip=qualitative)
    obs.loc[qualitative, "value"] = 1.0  # the report affirms the statement
    problems += _range_problems(obs, ind)


def _parse_targets(tgt, ind, problems) -> None:
    tgt["unit"] = tgt.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    for idx, row in tgt.iterrows():
        if row.comparator != "maintain" and not row.target_as_printed:
            problems.append(Problem(tgt.attrs["file"], int(idx) + 2, "target_as_printed", "(trống)",
                                    f"giá trị mục tiêu với phép so sánh '{row.comparator}'",
                                    f"a target value for comparator '{row.comparator}'"))
        if (row.comparator == "range") != bool(row.target_high_as_printed):
            problems.append(Problem(tgt.attrs["file"], int(idx) + 2, "target_high_as_printed",
                                    row.target_high_as_printed or "(trống)",
                                    "cận trên khi và chỉ khi so sánh là 'range'",
                                    "an upper bound if and only if the comparator is 'range'"))
    tgt["target"] = _parse(tgt, "target_as_printed", tgt.unit, None, problems)
    tgt["target_high"] = _parse(tgt, "target_high_as_printed", tgt.unit, None, problems)


def _parse_results(res, ind, problems) -> None:
    units = res.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    qualitative = res.indicator_id.map(dict(zip(ind.indicator_id, ind.kind))).eq("qualitative")
    res["target"] = _parse(res, "target_as_printed", units, None, problems, skip=qualitative)
    res["result"] = _parse(res, "result_as_printed", units, None, problems, skip=qualitative)
    res["percent"] = _parse(res, "percent_as_printed", pd.Series("%", index=res.index),
                            res.percent_decimal_mark, problems)
    if res.row_no.str.fullmatch(r"\d+").all():  # otherwise the schema has already said so
        res["row_no"] = res.row_no.astype(int)


def load_raw(raw_dir: str | Path | None = None) -> RawData:
    """Read, validate and parse every raw table; raise `RawDataError` listing all problems."""
    raw_dir = config.resolve(raw_dir)
    source, problems = _source_text(raw_dir)
    frames = _read_all(raw_dir, problems)
    com, ind, obs = frames["communes"], frames["indicators"], frames["observations"]
    tgt, res = frames["targets_2030"], frames["resolution_results"]
    problems += _cross_table_problems(com, ind, obs, tgt, res)
    _parse_observations(obs, ind, problems)
    _parse_targets(tgt, ind, problems)
    _parse_results(res, ind, problems)
    if source:
        problems += _provenance_problems(obs, ["value_as_printed"], source)
        problems += _provenance_problems(tgt, ["target_as_printed", "target_high_as_printed"], source)
        problems += _provenance_problems(res, ["target_as_printed", "result_as_printed", "percent_as_printed"], source)
    if problems:
        raise RawDataError(problems)
    return RawData(com, ind, obs, tgt, res, source)


OBSERVATION_COLUMNS = ["commune_id", "indicator_id", "period", "value", "unit", "qualifier",
                       "value_as_printed", "source_ref", "quote", "note"]


def observations(raw_dir: str | Path | None = None) -> pd.DataFrame:
    """The observation table: one row per figure printed in the report, value in canonical unit."""
    return load_raw(raw_dir).observations[OBSERVATION_COLUMNS].reset_index(drop=True)
