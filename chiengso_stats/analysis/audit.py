"""Analysis: audit the report's own figures (rules about how it is written) and run every rule.

In the spirit of R's `validate` (`confront`, then `summary`): each rule class runs over
all the data and yields one finding per item it could check, passes included, so the
output shows what was checked and not only what failed. Relations between indicators
(components, ratios, shares of a count) are declared in the catalogue, not here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..cache import remembered
from ..glossary import vi
from ..ingest.raw import RawData
from ..rows import named_rows
from .audit_rules import (
    COLUMNS,
    ERROR,
    FAIL,
    INFO,
    NA,
    PASS,
    RULES,
    WARNING,
    components_vs_total,
    en_printed,
    finding,
    names,
    percentage_vs_ratio,
    target_total_vs_average,
    targets_achieved_count,
    total_vs_parts,
    whole_numerator,
)
from .reconcile import as_raw, correction_pairs, preferred_observations, reconcile


def copy_paste(raw: RawData, obs: pd.DataFrame, min_block: int = 3) -> list[dict]:
    """A block of >= min_block figures identical for two former communes in one place.

    One equal figure is ordinary (both communes at 100% vaccination, or the report
    saying 'both reached 98%'); a whole footnote repeated digit for digit is not.
    Places where two communes share fewer than two figures are not a block and not listed.
    """
    cname, _ = names(raw)
    formers = raw.communes[raw.communes.role == "former"][["commune_id", "merged_into"]]
    f = obs.merge(formers, on="commune_id")[
        ["merged_into", "source_id", "source_ref", "indicator_id", "period", "commune_id", "value", "value_as_printed"]
    ]
    on = ["merged_into", "source_id", "source_ref", "indicator_id", "period"]
    pairs = f.merge(f, on=on, suffixes=("_a", "_b"))
    pairs = pairs[pairs.commune_id_a < pairs.commune_id_b]
    if pairs.empty:
        return []
    # One block per place and pair of communes. The five key columns are factorised in sorted order and
    # folded into one integer per row, so the blocks come out in the order of their keys and are counted
    # with bincount: fast for the two communes of Chiềng Sơ and for a country's 10.035 alike.
    block = ["merged_into", "source_id", "source_ref", "commune_id_a", "commune_id_b"]
    codes = np.zeros(len(pairs), dtype=np.int64)
    for column in block:
        k, uniques = pd.factorize(pairs[column], sort=True)
        codes, _ = pd.factorize(codes * len(uniques) + k, sort=True)
    same_value = (pairs.value_a == pairs.value_b).to_numpy()
    shared_n, same_n = np.bincount(codes), np.bincount(codes, weights=same_value).astype(int)
    order = np.argsort(codes, kind="stable")  # within a block, the rows in the order of the pairs
    starts = np.searchsorted(codes[order], np.arange(len(shared_n)))
    keys = [pairs[column].to_numpy()[order[starts]] for column in ("source_ref", "commune_id_a", "commune_id_b")]
    printed_a = pairs.value_as_printed_a.to_numpy()[order]
    out = []
    for g in np.flatnonzero(shared_n >= 2):
        source_ref, a, b = (column[g] for column in keys)
        shared, same = int(shared_n[g]), int(same_n[g])
        fail = same == shared and same >= min_block
        printed = ", ".join(printed_a[starts[g] : starts[g] + shared]) if fail else ""
        vi = f"{cname[a]} và {cname[b]}: {same}/{shared} số liệu ở cùng chỗ giống hệt nhau" + (
            f" ({printed}) — nghi sao chép" if fail else ""
        )
        printed_en = ", ".join(map(en_printed, printed_a[starts[g] : starts[g] + shared])) if fail else ""
        en = f"{a} and {b}: {same} of {shared} figures in the same place are identical" + (
            f" ({printed_en}) — suspected copy-paste" if fail else ""
        )
        out.append(finding("copy_paste", FAIL if fail else PASS, WARNING, f"{a}+{b}", "", vi, en, source_ref, printed))
    return out


def repeated_figure(raw: RawData, obs: pd.DataFrame) -> list[dict]:
    """One figure printed in several places of one source: they must agree.

    `printed_value` is the figure at the first place (in the order of `source_ref`), `computed_value`
    the one the report prints at another place (the first that differs, else the second): 16 and 19 for
    Chiềng Sơ's resolution targets achieved, 73 and 70 for Yên Hưng's houses of solidarity.
    """
    cname, iname = names(raw)
    out = []
    # within one source: two sources for one figure are a correction, seen by `superseded`
    key = ["commune_id", "indicator_id", "period", "source_id"]
    multi = obs[obs.duplicated(key, keep=False)]
    multi = multi[multi.groupby(key).source_ref.transform("nunique") > 1]
    for (commune, indicator, _period, _), unsorted in multi.groupby(key):
        grp = unsorted.sort_values("source_ref", kind="stable")
        ok = grp.value.nunique() == 1
        first = grp.value.iloc[0]
        other = grp.value[grp.value != first].iloc[0] if not ok else grp.value.iloc[1]
        places = "; ".join(f"{printed} ({ref})" for printed, ref in zip(grp.value_as_printed, grp.source_ref))
        # what the typist noted about a printing (e.g. '73 nhà' counts houses, '70 hộ' households) belongs here
        notes = "; ".join(dict.fromkeys(n for n in grp.note if n))
        if notes and not ok:
            places += f" — ghi chú: {notes}"
        figures = " and ".join(en_printed(p) for p in grp.value_as_printed)
        en = f"{commune}, {indicator}: {figures}, printed at the {len(grp)} places in source_ref" + (
            "" if ok else " — values differ" + (" (see the note in observations.csv)" if notes else "")
        )
        out.append(
            finding(
                "repeated_figure",
                PASS if ok else FAIL,
                ERROR,
                commune,
                indicator,
                f"{cname[commune]}, {iname[indicator]}: " + places + ("" if ok else " — không khớp"),
                en,
                "; ".join(grp.source_ref),
                " vs ".join(grp.value_as_printed),
                printed=first,
                computed=other,
            )
        )
    return out


def number_format(raw: RawData, obs: pd.DataFrame) -> list[dict]:
    cname, iname = names(raw)
    out = []
    for row in named_rows(obs[obs.decimal_mark == "."]):
        out.append(
            finding(
                "number_format",
                FAIL,
                INFO,
                row.commune_id,
                row.indicator_id,
                f"{cname[row.commune_id]}, {iname[row.indicator_id]}: báo cáo ghi '{row.value_as_printed}' "
                "với dấu chấm thập phân (quy ước Việt Nam dùng dấu phẩy)",
                f"{row.indicator_id}: printed '{en_printed(row.value_as_printed)}' with an English decimal point",
                row.source_ref,
                row.value_as_printed,
            )
        )
    # one pass item per merger (its former communes and itself), so that each Biểu số 03 counts its own
    # figures and a merger added elsewhere changes nothing here
    # (counted once for all: a mask over every figure per merger took 79 s for the country's 3.321 mergers)
    ok_figures = obs.commune_id[obs.decimal_mark != "."].value_counts().to_dict()
    for m, formers in sorted(raw.formers_of.items()):
        group = sorted({m, *formers})
        n_ok = sum(ok_figures.get(commune, 0) for commune in group)
        out.append(
            finding(
                "number_format",
                PASS,
                "",
                "+".join(group),
                "",
                f"{n_ok} số ghi đúng quy ước Việt Nam",
                f"{n_ok} figures printed in the Vietnamese convention",
                "",
                "",
            )
        )
    return out


def superseded(raw: RawData, obs: pd.DataFrame) -> list[dict]:
    """Every figure another source corrects, with both values and both sources.

    `printed_value` is the printing set aside, `computed_value` the one that replaces it (as `repeated_figure`
    gives two printings of one source): 44.300 and 44.030 for Tân An Phú's budget revenue of 2020-2025 when the
    officer keeps the report's over its appendix's.
    """
    if "superseded_by" not in obs.columns:
        return []
    cname, iname = names(raw)
    title = raw.source_titles  # sources by title, never by code
    out = []
    for old, n in correction_pairs(obs):
        same = abs(n.value - old.value) <= 1e-9 or (pd.isna(n.value) and pd.isna(old.value))
        vi = (
            f"{cname[old.commune_id]}, {iname[old.indicator_id]} ({old.period}): "
            f"{old.value_as_printed} theo '{title.get(old.source_id, old.source_id)}' ({old.source_ref}) được thay "
            f"bằng {n.value_as_printed} theo '{title.get(n.source_id, n.source_id)}' ({n.source_ref})"
            + (" — hai nguồn cùng giá trị" if same else "")
        )
        en = (
            f"{old.commune_id}, {old.indicator_id} ({old.period}): {en_printed(old.value_as_printed)} from "
            f"'{old.source_id}' superseded by {en_printed(n.value_as_printed)} from '{n.source_id}'"
        )
        out.append(
            finding(
                "superseded",
                PASS if same else FAIL,
                WARNING,
                old.commune_id,
                old.indicator_id,
                vi,
                en,
                f"{old.source_ref}; {n.source_ref}",
                f"{old.value_as_printed} ({old.source_id}) vs {n.value_as_printed} ({n.source_id})",
                printed=old.value,
                computed=n.value,
            )
        )
    return out


def confront(raw: RawData, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run every rule; one row per item checked."""
    table = reconcile(raw) if table is None else table
    obs = raw.observations
    findings = (
        total_vs_parts(raw, table)
        + components_vs_total(raw, preferred_observations(obs))
        + copy_paste(raw, obs)
        + targets_achieved_count(raw, obs)
        + repeated_figure(raw, obs)
        + percentage_vs_ratio(raw, obs)
        + whole_numerator(raw, obs)
        + number_format(raw, obs)
        + target_total_vs_average(raw)
        + superseded(raw, obs)
    )
    frame = pd.DataFrame(findings, columns=COLUMNS)
    order = {r: i for i, r in enumerate(RULES)}
    status_order = {FAIL: 0, PASS: 1, NA: 2}
    frame = frame.assign(_r=frame.rule.map(order), _s=frame.status.map(status_order))
    frame = (
        frame.sort_values(["_r", "_s", "commune_id", "indicator_id", "source_ref", "message_vi"], kind="stable")
        .drop(columns=["_r", "_s"])
        .reset_index(drop=True)
    )
    return _for_analysts(frame)


SEVERITY_CODE = {ERROR: "error", WARNING: "warning", INFO: "info", "": ""}
STATUS_VI = {s: vi(f"audit.{s}") for s in (PASS, FAIL, NA)}


def _for_analysts(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns an analyst computes with beside the messages: the status in Vietnamese, the severity as
    a code, and the difference computed − printed as a number (−75 = (50 + 90) − 215)."""
    frame.insert(frame.columns.get_loc("severity") + 1, "severity_code", frame.severity.map(SEVERITY_CODE))
    frame.insert(frame.columns.get_loc("severity_code") + 1, "status_vi", frame.status.map(STATUS_VI))
    difference = (frame.computed_value - frame.printed_value).round(9)
    frame.insert(frame.columns.get_loc("computed_value") + 1, "difference", difference)
    return frame


def _findings(findings: pd.DataFrame | str | Path | RawData | None) -> pd.DataFrame:
    """The audit's findings as given, or computed from a raw folder or loaded data."""
    return findings if isinstance(findings, pd.DataFrame) else audit(findings)


def summary(findings: pd.DataFrame | str | Path | RawData | None = None) -> pd.DataFrame:
    """Per rule: items checked, passes, fails, not applicable; one row for each of the audit's rules.

    Parameters
    ----------
    findings : DataFrame, str, Path, RawData or None
        The output of `audit`; or a raw folder (default ``data/raw``) or loaded data, audited here.

    Returns
    -------
    DataFrame
        ``rule``, ``description`` (Vietnamese / English), ``items``, ``passes``, ``fails``,
        ``not_applicable`` (counts of items).

    Examples
    --------
    >>> s = summary()
    >>> len(s), int(s.fails.sum())
    (10, 11)
    """
    findings = _findings(findings)
    # counted in one pass, not a mask per rule and status
    items, counts = Counter(findings.rule), Counter(zip(findings.rule, findings.status))
    rows = []
    for rule, description in RULES.items():
        rows.append(
            dict(
                rule=rule,
                description=description,
                items=items[rule],
                passes=counts[rule, PASS],
                fails=counts[rule, FAIL],
                not_applicable=counts[rule, NA],
            )
        )
    return pd.DataFrame(rows)


def audit(raw_dir: str | Path | RawData | None = None, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The findings of the report's internal consistency, one row per item checked.

    Parameters
    ----------
    raw_dir : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.
    table : DataFrame, optional
        The merged table, when already computed by `merged`.

    Returns
    -------
    DataFrame
        One row per item checked, passes and items not applicable included; the figures compared as
        numbers (``printed_value``, ``computed_value``, ``difference`` = computed − printed: −75 for
        the household businesses, (50 + 90) − 215), the communes as a list, the severity as a code.

    Examples
    --------
    >>> f = audit()
    >>> f.status.value_counts().to_dict()
    {'pass': 28, 'na': 13, 'fail': 11}
    """

    if isinstance(raw_dir, RawData) or table is not None:
        return confront(as_raw(raw_dir), table)
    folder = config.resolve(raw_dir)
    return remembered("audit", folder, (), lambda: confront(as_raw(folder)))


EXPLANATIONS = {
    "total_vs_parts": "tổng nêu cho xã mới không bằng tổng các xã cũ: số tổng có thể gồm cả nhóm khác "
    "(xem gợi ý trong nội dung), hoặc một trong các số bị gõ sai",
    "copy_paste": "một khối số liệu của xã này được chép sang xã kia; cần số thật của một trong hai xã",
    "targets_achieved_count": "số chỉ tiêu không đạt suy ra từ 'đạt X/Y' khác với số nêu ở phần hạn chế",
    "repeated_figure": "cùng một số liệu nêu ở hai chỗ với hai giá trị khác nhau",
    "percentage_vs_ratio": "tỷ lệ nêu được làm tròn thô hoặc cắt bớt so với tỷ số của chính các số đã nêu",
    "whole_numerator": "tỷ lệ nêu không ứng với một số nguyên bản/người: tỷ lệ hoặc số đếm bị làm tròn hay sai",
    "number_format": "số ghi theo kiểu Anh (dấu chấm thập phân), dễ đọc nhầm",
    "superseded": "nguồn sau đính chính số của nguồn trước; số đính chính được dùng để gộp và tính khoảng cách",
}


def audit_narrative(findings: pd.DataFrame | str | Path | RawData | None = None) -> str:
    """One Markdown line per failed finding with what most likely explains it (Vietnamese).

    Parameters
    ----------
    findings : DataFrame, str, Path, RawData or None
        The output of `audit`; or a raw folder (default ``data/raw``) or loaded data, audited here.

    Returns
    -------
    str
        Markdown: a count line, then one bullet per failure with its place in the sources.

    Examples
    --------
    >>> audit_narrative().splitlines()[0][:41]
    'Đã kiểm tra 52 mục theo 10 quy tắc: 28 kh'
    """
    findings = _findings(findings)
    fails = findings[findings.status == FAIL]
    lines = [
        f"Đã kiểm tra {len(findings)} mục theo {len(RULES)} quy tắc: "
        f"{(findings.status == PASS).sum()} khớp, {len(fails)} không khớp, {(findings.status == NA).sum()} "
        "không áp dụng."
    ]
    for f in named_rows(fails):
        reading = EXPLANATIONS.get(f.rule)
        lines.append(f"- **{f.message_vi}** ({f.source_ref})." + (f" Cách hiểu: {reading}." if reading else ""))
    return "\n".join(lines)
