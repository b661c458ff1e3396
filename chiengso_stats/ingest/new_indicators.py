"""Ingest: indicators the catalogue lacks, proposed in the review workbook and accepted beside the raw tables.

About a third of a report's figures may have no catalogue indicator (grain output, road length, funds…).
The review workbook's sheet "Chỉ tiêu mới" proposes one per phrase (`suggest`): id, Vietnamese name, unit,
extensive (summed over the former communes) or rate (a mean weighted by another indicator), in yellow
cells; the officer accepts, corrects or rejects it, and types the id on the figures' rows. `read_new`
reads the accepted ones back; `accept` writes the catalogue with them as ``indicators.csv``, refusing an
id the catalogue already has.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import Problem
from .figures import fold, rules
from .schemas import ID

NEW_SHEET = "Chỉ tiêu mới"
KIND_NEW_VI = {"extensive": "quy mô (cộng các xã)", "intensive": "tỷ lệ (bình quân có quyền số)"}
# (key, title, width): the sheet's columns, all editable but "rows"
NEW_FIELDS = [
    ("decision", "Nhận / Bỏ", 10),
    ("indicator_id", "Mã chỉ tiêu mới", 28),
    ("name_vi", "Tên chỉ tiêu", 40),
    ("unit", "Đơn vị", 14),
    ("kind", "Loại", 26),
    ("weight", "Quyền số (mã chỉ tiêu, với tỷ lệ)", 26),
    ("rows", "Các dòng số liệu (trang Số liệu đề xuất)", 30),
]


def _name(phrase: str) -> str:
    """The noun phrase that names the figure: the words before a verb or a place ("Sản lượng lương thực")."""
    words = phrase.split()
    stops = {fold(w).strip() for w in rules()["phrase_stop_words"]}
    kept = []
    for w in words:
        if fold(w).strip() in stops and kept:
            break
        kept.append(w.strip(",.:;()"))
    name = " ".join(k for k in kept if k)[:80]
    return name[:1].upper() + name[1:]


def suggest(phrase: str, unit: str) -> dict[str, str]:
    """A new indicator for a figure the catalogue lacks: id from the phrase, unit from the figure.

    Examples
    --------
    >>> suggest("Sản lượng lương thực năm 2025 của cả hai xã đạt", "tấn")["indicator_id"]
    'san_luong_luong_thuc'
    """
    name = _name(phrase) or "Chỉ tiêu mới"
    slug = "_".join(fold(name).split())[:40].strip("_") or "chi_tieu_moi"
    slug = slug if re.match(ID, slug) else f"x_{slug}"
    rate = unit == "%" or "/" in unit  # a share, or a measure per unit ("tạ/ha"): a weighted mean
    return {
        "indicator_id": slug,
        "name_vi": name,
        "unit": unit or "",
        "kind": KIND_NEW_VI["intensive" if rate else "extensive"],
        "weight": "population" if unit == "%" else "",
    }


def read_new(wb, label: str, catalogue: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """The accepted new indicators as catalogue rows (`indicators.csv`'s columns); every problem with its cell."""
    columns = list(catalogue.columns)
    if NEW_SHEET not in wb.sheetnames:
        return pd.DataFrame(columns=columns)
    ws = wb[NEW_SHEET]
    kinds = {v: k for k, v in KIND_NEW_VI.items()}
    known = set(catalogue.indicator_id)
    rows = []
    for r in range(2, ws.max_row + 1):
        v = {key: str(ws.cell(row=r, column=c).value or "").strip() for c, (key, _, _) in enumerate(NEW_FIELDS, 1)}
        if v["decision"] != "Nhận":
            continue

        def flag(col: int, found: str, vi: str, en: str, r: int = r) -> None:
            where = f"{label}, trang '{NEW_SHEET}', ô {'ABCDEFG'[col - 1]}{r}"
            problems.append(Problem(where, None, None, found or "(trống)", vi, en))

        if not re.match(ID, v["indicator_id"]):
            flag(2, v["indicator_id"], "mã chỉ tiêu: chữ thường không dấu, số, '_'", "a lower-case id")
        elif v["indicator_id"] in known:
            flag(2, v["indicator_id"], "mã chưa có trong danh mục (mã này đã dùng)", "an id the catalogue lacks")
        if not v["name_vi"] or not v["unit"]:
            flag(3 if not v["name_vi"] else 4, "", "tên và đơn vị của chỉ tiêu", "a name and a unit")
        kind = kinds.get(v["kind"])
        if kind is None:
            flag(5, v["kind"], f"'{KIND_NEW_VI['extensive']}' hoặc '{KIND_NEW_VI['intensive']}'", "a kind")
        if kind == "intensive" and v["weight"] not in known:
            flag(6, v["weight"], "mã một chỉ tiêu quy mô trong danh mục làm quyền số", "a weight indicator")
        aggregation = f"mean_weighted_by_{v['weight']}" if kind == "intensive" else "sum"
        row = dict.fromkeys(columns, "") | {
            "indicator_id": v["indicator_id"],
            "name_vi": v["name_vi"],
            "unit": v["unit"],
            "kind": kind or "",
            "aggregation": aggregation,
            "direction": "none",
        }
        known.add(v["indicator_id"])
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)
