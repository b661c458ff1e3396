"""Shared: strict parsing and formatting of numbers as the report prints them.

Vietnamese convention: '.' groups thousands, ',' marks decimals. We never guess:
'1.234' is one thousand two hundred and thirty-four, '1.23' is an error, and a row
where the report itself printed an English decimal point must say so
(`decimal_mark='.'`).

The conversion itself is babel's, with the vi_VN locale (`parse_decimal(strict=True)`,
`format_decimal`): on all 182 numbers printed in the raw tables and all 1.156 formatted
outputs it gives the same results as the hand-written code it replaced. What babel cannot
do stays here: naming the mistake for the office (an English number, a bad grouping), the
rows that declare an English decimal point, and the units ('35,44 tỷ đồng' -> 35.440 triệu).
"""

from __future__ import annotations

import csv
import decimal
import math
import re
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources

from babel.numbers import NumberFormatError as BabelNumberError
from babel.numbers import format_decimal, parse_decimal

LOCALE = "vi_VN"
try:  # format_vn(pd.NA) says "không có số liệu" like NaN, without importing pandas here
    from pandas import NA as pd_NA
except ImportError:  # pragma: no cover - pandas is a core dependency
    pd_NA = object()

_VI = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
_DOT_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SPLIT = re.compile(r"^(?P<num>[-+]?[\d.,]*\d)\s*(?P<unit>.*?)\s*$")

# printed suffix -> (unit family, factor into the family's canonical unit)
SUFFIXES: dict[str, tuple[str, Decimal]] = {
    "%": ("%", Decimal(1)),
    "ha": ("ha", Decimal(1)),
    "km2": ("km2", Decimal(1)),
    "km²": ("km2", Decimal(1)),
    "km": ("km", Decimal(1)),
    "tỷ đồng": ("money", Decimal(1000)),
    "tỷ": ("money", Decimal(1000)),
    "triệu đồng": ("money", Decimal(1)),
    "triệu": ("money", Decimal(1)),
    "tr.đ": ("money", Decimal(1)),  # a table's short "tr.đ/người/năm"
    "trđ": ("money", Decimal(1)),
    "đồng": ("money", Decimal("0.000001")),
}


def unit_family(canonical_unit: str) -> str:
    """Money units are stored in triệu đồng, whatever they are per."""
    return "money" if canonical_unit.startswith("triệu đồng") else canonical_unit


class NumberFormatError(ValueError):
    def __init__(self, text: str, expected_vi: str, expected_en: str):
        self.text, self.expected_vi, self.expected_en = text, expected_vi, expected_en
        super().__init__(f"'{text}': {expected_en}")


def parse_number(text: str, decimal_mark: str = ",") -> Decimal:
    """Parse one printed number, strictly, in the declared convention."""
    s = text.strip()
    negative = s.startswith("-")
    body = s[1:] if negative or s.startswith("+") else s
    if decimal_mark == ".":
        if not _DOT_DECIMAL.match(body):
            raise NumberFormatError(
                text,
                "số dạng 105.80 khi khai báo dấu thập phân '.'",
                "a number like 105.80 when the decimal mark is declared '.'",
            )
        value = Decimal(body)
    elif _VI.match(body):
        try:
            value = parse_decimal(body, locale=LOCALE, strict=True)
        except BabelNumberError:  # _VI already admits only well-grouped numbers; kept as a guard
            raise NumberFormatError(
                text, "một con số kiểu Việt Nam (vd 1.867,2)", "a Vietnamese number (e.g. 1.867,2)"
            ) from None
    elif _EN_GROUPED.match(body) and "." in body:
        raise NumberFormatError(
            text,
            "số kiểu Việt Nam (1.234,5), không phải kiểu Anh (1,234.5)",
            "a Vietnamese number (1.234,5), not an English one (1,234.5)",
        )
    elif re.match(r"^[\d.,]+$", body):
        raise NumberFormatError(
            text,
            "nhóm nghìn đủ 3 chữ số sau mỗi dấu '.', dấu ',' thập phân (vd 1.867,2)",
            "groups of exactly 3 digits after each '.', ',' as decimal mark (e.g. 1.867,2)",
        )
    else:
        raise NumberFormatError(text, "một con số (vd 9.199 hoặc 60,66)", "a number (e.g. 9.199 or 60,66)")
    return -value if negative else value


def split_printed(text: str) -> re.Match | None:
    """'35,44 tỷ đồng' -> groups num='35,44', unit='tỷ đồng'; None when it does not start with a number."""
    return _SPLIT.match(text.strip()) if text else None


@lru_cache(maxsize=1 << 16)  # a country's tables print the same few thousand values again and again
def parse_printed(text: str, canonical_unit: str, decimal_mark: str = ",") -> float:
    """Value as printed ('35,44 tỷ đồng') -> float in the canonical unit (35440.0 triệu đồng)."""
    m = _SPLIT.match(text.strip())
    suffix = m["unit"].lower() if m else ""
    # no number first, or a digit after it that no unit holds ('9.l99': a slip inside the number)
    if not m or (suffix not in SUFFIXES and any(ch.isdigit() for ch in suffix)):
        raise NumberFormatError(
            text,
            "một con số, có thể kèm đơn vị (vd '35,44 tỷ đồng')",
            "a number, optionally with a unit (e.g. '35,44 tỷ đồng')",
        )
    number = parse_number(m["num"], decimal_mark)
    if suffix:
        if suffix not in SUFFIXES:
            raise NumberFormatError(text, f"đơn vị thuộc {sorted(SUFFIXES)}", f"a unit among {sorted(SUFFIXES)}")
        family, factor = SUFFIXES[suffix]
        if family != unit_family(canonical_unit):
            raise NumberFormatError(
                text, f"đơn vị tương thích với '{canonical_unit}'", f"a unit compatible with '{canonical_unit}'"
            )
        number *= factor
    result = float(number)
    if not math.isfinite(result):
        raise NumberFormatError(text, "một số hữu hạn", "a finite number")
    return result


def format_vn(value: float | None, decimals: int | None = None) -> str:
    """A number the Vietnamese way, with at most `decimals` decimals and no trailing zeros.

    Examples
    --------
    >>> format_vn(17145), format_vn(41.774471), format_vn(79.65, 1), format_vn(None)
    ('17.145', '41,77', '79,7', 'không có số liệu')
    """
    if value is None or value is pd_NA or (isinstance(value, float) and math.isnan(value)):
        return "không có số liệu"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    with decimal.localcontext() as context:
        context.rounding = decimal.ROUND_HALF_UP  # the school rule the office uses: 79,65 -> 79,7
        text = format_decimal(abs(value), format=pattern, locale=LOCALE)
    sign = "-" if value < 0 and text.strip("0.,") else ""
    return sign + text


@cache
def unit_rules() -> dict[str, tuple[str, int, str]]:
    """unit -> (kind, decimals, rounding), from the package's units.csv (data, not code)."""
    text = resources.files(__package__).joinpath("units.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return {r["unit"]: (r["kind"], int(r["decimals"]), r["rounding"]) for r in rows}


@cache
def unit_printed(unit: str) -> str:
    """A unit as a paper prints it, by units.csv's `printed` column ('km²' for the catalogue's 'km2'); else itself.

    Examples
    --------
    >>> unit_printed("km2"), unit_printed("người")
    ('km²', 'người')
    """
    text = resources.files(__package__).joinpath("units.csv").read_text(encoding="utf-8")
    printed = {r["unit"]: r["printed"] for r in csv.DictReader(text.splitlines()) if r.get("printed")}
    return printed.get(unit, unit)


def is_count(unit: str) -> bool:
    """Whether `unit` counts whole things (người, hợp tác xã), by units.csv."""
    return unit_rules().get(unit, ("", 2, ""))[0] == "count"


def rounded(value: float, unit: str) -> float:
    """A value as the office writes it in `unit`: a count whole, rounded up where its rule says so
    (what a count needs is never less than the need: 48,5 người -> 49; 0,2 hợp tác xã -> 1); a
    measure to its decimals, half up. NaN stays NaN.

    Examples
    --------
    >>> rounded(48.5, "người"), rounded(5.19, "hợp tác xã"), rounded(40.0000000001, "người"), rounded(96.666, "%")
    (49.0, 6.0, 40.0, 96.67)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    _, decimals, rule = unit_rules().get(unit, ("", 2, "half_up"))
    if rule == "up":
        step = 10.0**-decimals
        return math.ceil(round(float(value) / step, 6)) * step
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP))


def amount(value: float, unit: str, decimals: int = 2, points: bool = False) -> str:
    """A figure with its unit, the Vietnamese way: '43,5%', '745 triệu đồng'; a difference of
    percentages in points: '3,23 điểm %'. A count is written whole, by its unit's rule
    (units.csv): '49 người', never '48,5 người'.

    Examples
    --------
    >>> amount(745, "triệu đồng"), amount(3.23, "%", points=True), amount(48.5, "người")
    ('745 triệu đồng', '3,23 điểm %', '49 người')
    """
    if is_count(unit) and value is not None and not (isinstance(value, float) and math.isnan(value)):
        return f"{format_vn(rounded(value, unit), 0)} {unit}"
    if unit == "%":
        return format_vn(value, decimals) + (" điểm %" if points else "%")
    return f"{format_vn(value, decimals)} {unit}" if unit else format_vn(value, decimals)


def printed_tolerance(printed: str, decimal_mark: str = ",") -> float:
    """Half a unit of the last printed digit, in the canonical unit: a match 'to the printed precision'.

    '1,2 tỷ đồng' is printed to 0,1 tỷ, so anything within 0,05 tỷ = 50 triệu matches it;
    '17.145' within 0,5; '21,7%' within 0,05 points.

    Examples
    --------
    >>> printed_tolerance("1,2 tỷ đồng"), printed_tolerance("17.145"), printed_tolerance("21,7%")
    (50.0, 0.5, 0.05)
    """
    m = split_printed(printed)
    suffix = m["unit"].lower() if m else ""
    factor = SUFFIXES[suffix][1] if suffix in SUFFIXES else Decimal(1)
    return float(Decimal(5) * Decimal(10) ** -(printed_decimals(printed, decimal_mark) + 1) * factor)


def printed_decimals(printed: str, decimal_mark: str = ",") -> int:
    """Decimals shown in a printed Vietnamese value: '21,7%' -> 1, '17.145' -> 0.

    Used to judge a match to the precision the report itself used.
    """
    digits = "".join(ch for ch in printed.split(" ")[0] if ch.isdigit() or ch in ".,")
    mark = decimal_mark or ","
    return len(digits.split(mark)[1]) if mark in digits else 0
