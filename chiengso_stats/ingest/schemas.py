"""Ingest: pandera schemas for the raw tables: strict columns, unique keys, closed vocabularies.

Every column is read as text; numbers are parsed afterwards by `numbers`, because the
report's number format is not one pandas understands.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandera.pandas as pa
from pandera.dtypes import immutable
from pandera.engines import pandas_engine
from pandera.typing import Series


@pandas_engine.Engine.register_dtype
@immutable(init=True)
class Text(pandas_engine.STRING):
    """pandas' text dtype, the type of every raw column, compared as a dtype.

    pandera's own string type answers a matching dtype with one True per row, which sends every
    column that passes down its failure path: an empty table of failure cases formatted into a
    message, 70 times per build (0,05 s of 0,09 s of validation). Compared as a dtype, the answer
    is one bool; a column of another dtype still fails, with the same located message.
    """

    def check(self, pandera_dtype, data_container=None) -> bool:
        return bool(super().check(pandera_dtype))


ID = r"^[a-z][a-z0-9_]*$"
MAX_TEXT = 1000  # a longer cell is a paste accident, not a quote
KINDS = ["extensive", "intensive", "qualitative", "not_additive"]
AGGREGATION = r"^(sum|all|any|none|mean_weighted_by_[a-z][a-z0-9_]*)$"
WEIGHTED = "mean_weighted_by_"


# Conventions, one named constant each: the indicators that carry a commune's own claim about
# its resolution ("đạt 19/20 chỉ tiêu"; "còn 01 chỉ tiêu không đạt").
CLAIM_ACHIEVED = "resolution_targets_achieved"
CLAIM_TOTAL = "resolution_targets_total"
CLAIM_NOT_ACHIEVED = "resolution_targets_not_achieved"
CLAIMS = (CLAIM_ACHIEVED, CLAIM_TOTAL, CLAIM_NOT_ACHIEVED)


def weight_indicator(aggregation: str) -> str:
    """'mean_weighted_by_population' -> 'population'; '' for rules that take no weight."""
    return aggregation.removeprefix(WEIGHTED) if aggregation.startswith(WEIGHTED) else ""


COMPARATORS = [">=", ">", "<=", "<", "=", "range", "maintain"]
HORIZONS = [
    "level_2030",
    "total_2026_2030",
    "every_year",
    "additional_2026_2030",
    "annual_average_2026_2030",
    "maintain",
]
QUALIFIERS = ["", "trên", "hơn", "khoảng", "khoảng hơn", "khoảng trên"]
PERIOD = r"^\d{4}(-\d{4})?$"
SOURCE_KINDS = ["text", "table", "record"]
OPTIONAL_ID = r"^([a-z][a-z0-9_]*)?$"
# Excel drops leading zeros of a typed '01'; these columns get them back on reading.
ZERO_PADDED = {"appendix_no": 2}


def schema_columns(model: type[pa.DataFrameModel]) -> list[str]:
    """A raw table's columns, in order, as its schema declares them."""
    return list(model.to_schema().columns)


def text(required: bool = True, **kw) -> pa.Field:
    return pa.Field(str_length={"min_value": 1 if required else 0, "max_value": MAX_TEXT}, **kw)


class Sources(pa.DataFrameModel):
    source_id: Series[Text] = pa.Field(str_matches=ID)
    title_vi: Series[Text] = text()
    issuer: Series[Text] = text(False)
    date: Series[Text] = pa.Field(str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    kind: Series[Text] = pa.Field(isin=SOURCE_KINDS)
    file: Series[Text] = text(False)
    sha256: Series[Text] = pa.Field(str_matches=r"^([0-9a-f]{64})?$")
    note: Series[Text] = text(False)

    class Config:
        strict = True
        unique = ["source_id"]


class Communes(pa.DataFrameModel):
    commune_id: Series[Text] = pa.Field(str_matches=ID)
    name_vi: Series[Text] = text()
    name_en: Series[Text] = text(False)
    role: Series[Text] = pa.Field(isin=["former", "merged"])
    merged_into: Series[Text] = text(False)
    province: Series[Text] = text(False)
    former_district: Series[Text] = text(False)
    merger_year: Series[Text] = pa.Field(str_matches=r"^(\d{4})?$")
    appendix_no: Series[Text] = pa.Field(str_matches=r"^(\d{2})?$")
    congress: Series[Text] = text(False)
    term: Series[Text] = pa.Field(str_matches=r"^(\d{4}-\d{4})?$")  # the congress term its resolution covers

    class Config:
        strict = True
        unique = ["commune_id"]


class Indicators(pa.DataFrameModel):
    indicator_id: Series[Text] = pa.Field(str_matches=ID)
    name_vi: Series[Text] = text()
    name_en: Series[Text] = text(False)
    unit: Series[Text] = text()
    kind: Series[Text] = pa.Field(isin=KINDS)
    aggregation: Series[Text] = pa.Field(str_matches=AGGREGATION)
    proxy_weight: Series[Text] = pa.Field(str_matches=r"^([a-z][a-z0-9_]*)?$")
    denominator_vi: Series[Text] = text(False)
    direction: Series[Text] = pa.Field(isin=["higher", "lower", "none"])
    component_of: Series[Text] = pa.Field(str_matches=r"^([a-z][a-z0-9_]*)?$")
    ratio_of: Series[Text] = pa.Field(str_matches=r"^([a-z][a-z0-9_]*/[a-z][a-z0-9_]*)?$")
    share_of_count: Series[Text] = pa.Field(str_matches=r"^([a-z][a-z0-9_]*)?$")
    aliases_vi: Series[Text] = text(False)  # other wordings, ';'-separated, read by ingest.proposals

    class Config:
        strict = True
        unique = ["indicator_id"]


class Observations(pa.DataFrameModel):
    commune_id: Series[Text] = pa.Field(str_matches=ID)
    indicator_id: Series[Text] = pa.Field(str_matches=ID)
    period: Series[Text] = pa.Field(str_matches=PERIOD)
    value_as_printed: Series[Text] = text()
    qualifier: Series[Text] = pa.Field(isin=QUALIFIERS)
    decimal_mark: Series[Text] = pa.Field(isin=["", ",", "."])
    source_id: Series[Text] = pa.Field(str_matches=ID)
    source_ref: Series[Text] = text()
    quote: Series[Text] = text(False)  # required for a 'text' source, checked by kind
    note: Series[Text] = text(False)
    supersedes: Series[Text] = pa.Field(str_matches=OPTIONAL_ID)
    preferred: Series[Text] = pa.Field(isin=["", "yes"])

    class Config:
        strict = True
        unique = ["commune_id", "indicator_id", "period", "source_id", "source_ref"]


class Targets(pa.DataFrameModel):
    target_id: Series[Text] = pa.Field(str_matches=r"^[0-9a-z]+$")
    commune_id: Series[Text] = pa.Field(str_matches=ID)  # the merged commune whose resolution sets it
    indicator_id: Series[Text] = pa.Field(str_matches=ID)
    description_vi: Series[Text] = text()
    comparator: Series[Text] = pa.Field(isin=COMPARATORS)
    target_as_printed: Series[Text] = text(False)
    target_high_as_printed: Series[Text] = text(False)
    horizon: Series[Text] = pa.Field(isin=HORIZONS)
    source_id: Series[Text] = pa.Field(str_matches=ID)
    source_ref: Series[Text] = text()
    quote: Series[Text] = text(False)
    note: Series[Text] = text(False)
    baseline_indicator_id: Series[Text] = pa.Field(str_matches=r"^([a-z][a-z0-9_]*)?$")

    class Config:
        strict = True
        unique = ["commune_id", "target_id"]


class ResolutionResults(pa.DataFrameModel):
    commune_id: Series[Text] = pa.Field(str_matches=ID)
    row_no: Series[Text] = pa.Field(str_matches=r"^\d+$")
    indicator_id: Series[Text] = pa.Field(str_matches=ID)
    name_vi: Series[Text] = text()
    unit: Series[Text] = text(False)
    target_as_printed: Series[Text] = text(False)
    result_as_printed: Series[Text] = text(False)
    percent_as_printed: Series[Text] = text(False)
    percent_decimal_mark: Series[Text] = pa.Field(isin=["", ",", "."])
    source_id: Series[Text] = pa.Field(str_matches=ID)
    source_ref: Series[Text] = text()
    quote: Series[Text] = text(False)
    note: Series[Text] = text(False)

    class Config:
        strict = True
        unique = ["commune_id", "row_no"]


SCHEMAS = {
    "sources": Sources,
    "communes": Communes,
    "indicators": Indicators,
    "observations": Observations,
    "targets_2030": Targets,
    "resolution_results": ResolutionResults,
}

# What a pandera check means, for the office, in Vietnamese and English.
CHECK_TEXT = {
    "str_matches": ("giá trị đúng mẫu (chữ thường không dấu, số, '_')", "a value matching the pattern"),
    "isin": ("một giá trị trong danh sách cho phép", "one of the allowed values"),
    "str_length": ("ô có nội dung, không quá 1000 ký tự", "a non-empty cell of at most 1000 characters"),
    "field_uniqueness": ("khóa không trùng lặp", "a unique key"),
    "multiple_fields_uniqueness": ("khóa không trùng lặp", "a unique key"),
    "column_in_dataframe": ("cột bắt buộc có mặt", "the required column to be present"),
    "column_in_schema": ("chỉ các cột trong lược đồ", "only the columns of the schema"),
    "dtype": ("kiểu văn bản", "text"),
    "not_nullable": ("ô không trống", "a non-empty cell"),
}


# What a pattern asks for, where it is not a code ('mã'): the office reads the words, not the pattern.
PATTERN_TEXT = {
    PERIOD: ("một năm (2025) hoặc một khoảng năm (2020-2025)", "a year (2025) or a span of years (2020-2025)"),
    r"^(\d{4})?$": ("một năm bốn chữ số (2025), hoặc để trống", "a four-digit year (2025), or empty"),
    r"^(\d{4}-\d{4})?$": ("một nhiệm kỳ (2025-2030), hoặc để trống", "a term (2025-2030), or empty"),
    r"^(\d{2})?$": ("số thứ tự hai chữ số (01), hoặc để trống", "a two-digit number (01), or empty"),
    r"^\d+$": ("một số thứ tự (1, 2, 3…)", "a row number (1, 2, 3…)"),
    r"^\d{4}(-\d{2}(-\d{2})?)?$": ("một ngày dạng 2025-09-30 (hoặc 2025-09, 2025)", "a date like 2025-09-30"),
    r"^([0-9a-f]{64})?$": ("mã sha256 (64 ký tự 0-9, a-f), hoặc để trống", "a sha256 (64 characters 0-9, a-f)"),
    AGGREGATION: (
        "sum, all, any, none hoặc mean_weighted_by_<mã chỉ tiêu>",
        "sum, all, any, none or mean_weighted_by_<indicator id>",
    ),
}

# The columns of each raw table that hold printed values, verified against their sources, and the
# column giving each row's decimal mark where the source prints one.
VALUE_COLUMNS = {
    "observations": ["value_as_printed"],
    "targets_2030": ["target_as_printed", "target_high_as_printed"],
    "resolution_results": ["target_as_printed", "result_as_printed", "percent_as_printed"],
}
MARK_COLUMN = {"observations": "decimal_mark", "resolution_results": "percent_decimal_mark"}


class Term(NamedTuple):
    """A merged commune's congress term, from communes.csv `term`: '2025-2030' is Term(2025, 2030).

    The congress year is the baseline year of its resolution's targets; the term's years follow it.
    """

    baseline_year: int
    target_year: int

    @property
    def first_year(self) -> int:
        """The first year of the term after the congress: 2026 for 2025-2030."""
        return self.baseline_year + 1

    @property
    def years(self) -> int:
        """Years in the term: 5 for 2025-2030."""
        return self.target_year - self.baseline_year


def parse_term(term: str) -> Term | None:
    """'2025-2030' -> Term(2025, 2030); None for an empty or malformed cell."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", str(term or ""))
    return Term(int(m[1]), int(m[2])) if m and int(m[1]) < int(m[2]) else None
