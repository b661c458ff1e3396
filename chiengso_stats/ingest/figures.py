"""Ingest: figures in a sentence: which printed numbers are statistics, with unit, qualifier, comparator.

Not figures: years and terms (2020-2025), dates (27/7), document numbers (1681/NQ-UBTVQH15,
35-CT/TW), numbers in names (Quốc lộ 4G, Đề án 06, Covid-19), anniversaries and durations
("kỷ niệm 80 năm", "trong 5 năm"), footnote marks glued to a word ("xã hội1"). The words that
decide are data, in `reading_rules.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from ..numbers import SUFFIXES, NumberFormatError, parse_number

RULES_FILE = Path(__file__).with_name("reading_rules.yaml")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def rules() -> dict:
    """The reading rules, loaded once."""
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def fold(text: str) -> str:
    """Lower case, accents and tone-mark placement folded, punctuation as spaces: for matching phrases.

    'Hoá' and 'Hóa', NFC and NFD, 'Đ' and 'D' all meet: the report mixes them. A word the rules list as an
    abbreviation (`word_abbreviations`) is spelt out: "NK" folds as "nhiệm kỳ".
    """
    spelt = _abbreviations()  # "NK 2020-2025" meets the rules' "nhiệm kỳ"
    return " " + " ".join(spelt.get(w, w) for w in re.findall(r"[a-z0-9%]+", _bare(text))) + " "


def _bare(text: str) -> str:
    """Lower case, without accents; 'Đ' as 'D'."""
    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d").replace("²", "2"))
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=1)
def _abbreviations() -> dict:
    """`word_abbreviations` of the reading rules, folded: {"nk": "nhiem ky"}."""
    return {_bare(short): _bare(word) for short, word in rules()["word_abbreviations"].items()}


def _ends_with(before: str, phrases) -> str | None:
    """The longest phrase that `before` ends with (whole words), or None."""
    tail = fold(before)
    hits = [p for p in phrases if tail.endswith(fold(p))]
    return max(hits, key=len) if hits else None


def _ends_with_exact(before: str, words) -> bool:
    """Whether `before` ends with one of `words` (whole words, case folded, accents kept)."""
    tail = " " + " ".join(re.findall(r"\w+", before.lower())) + " "
    return any(tail.endswith(f" {w.lower()} ") for w in words)


def _starts_with(after: str, phrases) -> str | None:
    head = fold(after)
    hits = [p for p in phrases if head.startswith(fold(p))]
    return max(hits, key=len) if hits else None


# Between a term's two years: "2020 - 2025", "2020–2025", "2020 — 2025", "2020 đến 2025" (a term printed in words),
# "2020/2025", "2020÷2025"; "10/2020 – 6/2025", "tháng 10/2020 đến hết tháng 6/2025": the months of its end aside.
TERM_SEPARATOR = r"(?:\s*[-–—÷/]\s*|\s+(?:đến|tới|ĐẾN|TỚI)\s+)(?:hết\s+)?(?:tháng\s+)?(?:\d{1,2}/)?"


@dataclass
class Figure:
    start: int  # offsets in the sentence: the printed value, number and unit
    end: int
    printed: str
    value: float
    unit: str  # as printed ('ha', 'tỷ đồng', '%') or the word after the number ('người')
    suffix: str = ""  # the unit printed with the number, one `numbers.SUFFIXES` knows
    qualifier: str = ""
    comparator: str = ""
    value_high: float | None = None
    role: str = "plain"  # 'part' / 'total' for the two numbers of '14/19'
    decimal_mark: str = ""


def printed_fields(commune, fig: Figure) -> dict:
    """The columns of a proposal row that come from its commune and its figure as printed: the same for a
    figure in a sentence and in a table cell."""
    return dict(
        commune_name=commune.name,
        commune_id=commune.commune_id,
        value_as_printed=fig.printed,
        value=fig.value,
        value_high=fig.value_high,
        unit=fig.unit,
        qualifier=fig.qualifier,
        decimal_mark=fig.decimal_mark,
    )


def _parse(token: str, followed_by_percent: bool) -> tuple[Decimal, str] | None:
    try:
        return parse_number(token, ","), ""
    except NumberFormatError:
        pass
    if followed_by_percent and re.fullmatch(r"\d+\.\d+", token):  # '105.80%': an English decimal point
        return Decimal(token), "."
    return None


def _unit_at(text: str, pos: int) -> tuple[str, int]:
    """The unit printed at `pos` (after optional spaces): ('ha', end) or ('', pos)."""
    m = re.match(r"\s*", text[pos:])
    at = pos + m.end()
    if _starts_with(text[at : at + 20], rules()["not_units"]):
        return "", pos
    for unit in rules()["units"]:
        if text[at : at + len(unit)].lower() == unit:
            end = at + len(unit)
            if unit == "%" or end >= len(text) or not text[end].isalnum():
                return unit, end
    return "", pos


def _count_noun(after: str) -> str:
    """The noun a count is printed with, as printed: "đảng viên", "hợp tác xã" (`count_nouns`, longest
    first); '' for words no list names (never the first syllable of a noun: "đồng" of "đồng chí")."""
    words = [
        w for w in re.split(r"\s+|/(?=\d)", after.lstrip()) if w
    ]  # "9.214 người/2.531 hộ": a list by slashes; "tạ/ha" one unit
    for n in range(4, 0, -1):
        phrase = " ".join(words[:n]).rstrip(",.;:)")
        if len(words) >= n and fold(phrase) in _COUNT_NOUNS():
            return phrase
    return ""


@lru_cache(maxsize=1)
def _COUNT_NOUNS() -> set[str]:
    return {fold(n) for n in rules()["count_nouns"]}


def _scaled(value: Decimal, unit: str) -> float:
    return float(value * SUFFIXES[unit][1]) if unit in SUFFIXES else float(value)


def _is_year(token: str, value: Decimal) -> bool:
    return re.fullmatch(r"\d{4}", token) is not None and 1900 <= value <= 2100


def find_figures(sentence: str, skip: list[tuple[int, int]] = ()) -> list[Figure]:
    """Every figure printed in `sentence`, in order; numbers inside a `skip` span are labels.

    Examples
    --------
    >>> [f.printed for f in find_figures("Đề án 06 năm 2024: đạt 14/19 chỉ tiêu, trên 979 đảng viên")]
    ['14', '19', '979']
    """
    r = rules()
    out: list[Figure] = []
    consumed = -1
    for m in _NUMBER.finditer(sentence):
        s, e, token = m.start(), m.end(), m.group()
        if s < consumed or any(a <= s < b for a, b in skip):
            continue
        before, after = sentence[:s], sentence[e:]
        prev = before[-1:]
        if prev and (prev.isalpha() or prev in "”\"“'’"):
            continue  # 'xã hội1', 'vĩ đại”2': a footnote mark
        if prev and prev in "/:.," and re.search(r"(?<![^\W\d_])\d+$", before[:-1]):
            continue  # '9001:2015', '27/7/2025': the rest of the number before (not '24,36 km2/9.214 người')
        if prev == "-" and len(before) > 1 and before[-2].isalnum():
            continue  # 'Covid-19'
        if prev == "(" and after[:1] == ")" and re.fullmatch(r"\d{1,2}", token):
            continue  # "(3) Có thêm …; (4) tỷ lệ …": the number of a list's item
        bracketed = "|".join(re.escape(w) for w in r["not_figure_in_brackets"])
        if prev == "(" and re.match(rf"\s+(?:{bracketed})\)", after, re.IGNORECASE):
            continue  # "Nhóm kinh tế (08 chỉ tiêu)": how many items the group lists
        if re.match(r"(?:/[^\W\d_]|-[A-ZĐ]+/|:\d|[A-Za-z](?![a-z]))", after) and not _unit_at(sentence, e)[0]:
            continue  # 1681/NQ-UBTVQH15, 35-CT/TW, 9001:2015, Quốc lộ 4G
        unit, unit_end = _unit_at(sentence, e)
        parsed = _parse(token, unit == "%")
        if parsed is None:
            continue  # 'iOffice 4.0': not a number in the report's convention
        value, mark = parsed
        if not unit and _is_year(token, value):
            continue
        if _ends_with(before, r["name_before"]) or _ends_with_exact(before, r["name_before_exact"]):
            continue
        word_after = _WORD.match(sentence[unit_end:].lstrip())
        if not unit and word_after and _starts_with(word_after.group(), r["not_figure_after"]):
            continue
        fraction = re.match(r"/(\d+(?:[.,]\d+)*)(/\d+)?", after)
        if fraction:
            consumed = e + fraction.end()
            if fraction.group(2):
                continue  # 15/8/2025: a date
            denominator = _parse(fraction.group(1), False)
            if denominator is None:
                continue
            is_date = _ends_with(before, r["date_before"]) or (
                value > denominator[0] and denominator[0] <= 12 and value <= 31 and "," not in token
            )
            # "10/2020", "tháng 6/2025": a month and its year
            is_date = is_date or (1 <= value <= 12 and _is_year(fraction.group(1), denominator[0]) and "," not in token)
            if is_date:
                continue
            d_start, d_end = e + 1, e + fraction.end()
            d_unit, d_unit_end = _unit_at(sentence, d_end)
            out.append(Figure(s, e, token, float(value), "", role="part"))
            out.append(
                Figure(
                    d_start,
                    d_unit_end,
                    sentence[d_start:d_unit_end],
                    _scaled(denominator[0], d_unit),
                    d_unit,
                    role="total",
                    suffix=d_unit,
                )
            )
            continue
        ranges = "|".join(re.escape(w) for w in r["range_words"])
        rng = re.match(rf"\s*(?:{ranges})\s*(\d+(?:[.,]\d+)*)", sentence[unit_end:])
        high = None
        end = unit_end
        if rng:
            high_unit, high_end = _unit_at(sentence, unit_end + rng.end())
            high_parsed = _parse(rng.group(1), high_unit == "%")
            if high_parsed and not _is_year(rng.group(1), high_parsed[0]) and high_parsed[0] > value:
                unit = unit or high_unit
                high = _scaled(high_parsed[0], unit)
                end = high_end
                consumed = end
        printed = sentence[s:end]
        if end != unit_end:
            word_after = _WORD.match(sentence[end:].lstrip())
        fig = Figure(
            s,
            end,
            printed,
            _scaled(value, unit),
            unit or _count_noun(sentence[end:]),
            value_high=high,
            decimal_mark=mark,
            suffix=unit,
        )
        qualifier = _ends_with(before, r["qualifiers"])
        fig.qualifier = qualifier if qualifier in r["observation_qualifiers"] else ""
        comparator = _ends_with(before, list(r["comparator_before"]))
        symbol = next((v for k, v in r["comparator_symbols"].items() if before.rstrip().endswith(k)), "")
        after_value = sentence[end:]
        if high is not None:
            fig.comparator = "range"
        elif symbol:  # "≥ 45", "> 98" in a table's cell
            fig.comparator = symbol
        elif comparator:
            fig.comparator = r["comparator_before"][comparator]
        else:  # "95% trở lên", "200 đảng viên trở lên": within the clause after the number
            clause = fold(re.split(r"[.;,]", after_value, maxsplit=1)[0])
            hits = [w for w in r["comparator_after"] if fold(w) in clause]
            fig.comparator = r["comparator_after"][hits[0]] if hits else ""
        out.append(fig)
    return out
