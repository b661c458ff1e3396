"""Ingest: `load_raw`, the raw folder read, validated, parsed and verified into one `RawData`.

Everything that can be wrong with a hand-edited table is collected into one list of
`Problem`s and raised together, so the office fixes its file in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import Problem, RawDataError
from ..numbers import NumberFormatError, parse_printed
from .checks import conflict_problems, cross_table_problems, range_problems, source_problems
from .form_folder import read_forms
from .qualitative import expected_words, qualitative_value
from .schemas import MARK_COLUMN, VALUE_COLUMNS, Sources, Term, parse_term, schema_columns
from .sources import RECORD, TEXT, Source, open_sources, printed_form, verify_rows, vietnamese
from .tables import read_all


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
    # the filled cells of the forms' earlier-year columns, compared with those years' figures in analysis
    form_earlier_years: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def merged_ids(self) -> list[str]:
        """The merged communes' ids, sorted."""
        return sorted(self.communes.commune_id[self.communes.role == "merged"])

    def term(self, merged_id: str) -> Term | None:
        """The congress term of a merged commune, from communes.csv; None when it gives none.

        load_raw has checked that every merged commune with targets, or with yearly forms, has one.

        Examples
        --------
        >>> load_raw().term("chieng_so_moi")
        Term(baseline_year=2025, target_year=2030)
        """
        return parse_term(self._terms[merged_id])

    # Looked up once per figure by the stages after load_raw: built once, not per call (a
    # cached_property writes to the instance's __dict__, which a frozen dataclass allows).
    @cached_property
    def _terms(self) -> dict[str, str]:
        return dict(zip(self.communes.commune_id, self.communes.term))

    @cached_property
    def formers_of(self) -> dict[str, list[str]]:
        """Each merged commune's former communes (those whose `merged_into` names it), sorted.

        Examples
        --------
        >>> load_raw().formers_of["chieng_so_moi"]
        ['chieng_so', 'yen_hung']
        """
        out: dict[str, list[str]] = {m: [] for m in self.merged_ids}
        for commune, merged in sorted(zip(self.communes.commune_id, self.communes.merged_into)):
            if merged in out:
                out[merged].append(commune)
        return out

    @cached_property
    def source_titles(self) -> dict[str, str]:
        """Each source's title, by source_id: the registry as the appendices cite it."""
        return dict(zip(self.sources.source_id, self.sources.title_vi))


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


def _parse_observations(obs, ind, problems) -> None:
    obs["unit"] = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    qualitative = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind))).eq("qualitative")
    obs["value"] = _parse(obs, "value_as_printed", obs.unit, obs.decimal_mark, problems, skip=qualitative)
    # a qualitative statement is read against the closed vocabulary (qualitative_words.yaml): 1 achieved,
    # 0 not achieved; anything else is refused with its place, never read as achieved
    names = {r.indicator_id: (r.name_vi, *str(getattr(r, "aliases_vi", "") or "").split(";")) for r in ind.itertuples()}
    for idx in obs.index[qualitative]:
        value = qualitative_value(obs.at[idx, "value_as_printed"], names.get(obs.at[idx, "indicator_id"], ()))
        obs.at[idx, "value"] = float("nan") if value is None else value
        if value is None:
            problems.append(
                Problem(
                    obs.attrs["file"],
                    int(idx) + 2,
                    "value_as_printed",
                    str(obs.at[idx, "value_as_printed"]),
                    f"một từ đánh giá định tính: {expected_words()}",
                    f"a qualitative word: {expected_words()}",
                )
            )
    problems += range_problems(obs, ind)


def _parse_targets(tgt, ind, problems) -> None:
    tgt["unit"] = tgt.indicator_id.map(dict(zip(ind.indicator_id, ind.unit))).fillna("")
    for idx, row in zip(tgt.index, tgt.itertuples(index=False)):
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


def load_raw(raw_dir: str | Path | RawData | None = None) -> RawData:
    """Read, validate and parse every raw table, and verify each figure against its source.

    Parameters
    ----------
    raw_dir : str, Path or RawData, optional
        Folder of the raw tables and source files; default ``data/raw``. Data already loaded
        is returned as it is, like every public function takes a folder or loaded data.

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
    if isinstance(raw_dir, RawData):
        return raw_dir
    raw_dir = config.resolve(raw_dir)
    problems: list[Problem] = []
    frames = read_all(raw_dir, problems)
    registry = frames["sources"]
    sources, opening_problems = open_sources(registry, raw_dir)
    problems += opening_problems + source_problems(frames, sources)
    com, ind, obs = frames["communes"], frames["indicators"], frames["observations"]
    tgt, res = frames["targets_2030"], frames["resolution_results"]
    problems += cross_table_problems(com, ind, obs, tgt, res)
    _restore_all(frames, sources, ind, problems)
    _parse_observations(obs, ind, problems)
    _parse_targets(tgt, ind, problems)
    _parse_results(res, ind, problems)
    _verify_all(frames, sources, ind, problems)
    kind = dict(zip(registry.source_id, registry.kind))
    for frame in (obs, tgt, res):
        frame["verified"] = frame.source_id.map(kind).ne(RECORD)
    forms, form_registry, form_sources, form_problems, notices, earlier = read_forms(raw_dir, registry, ind, com)
    problems += form_problems + _verify_forms(forms, form_sources, ind)
    if len(forms):
        file = obs.attrs["file"]
        obs = pd.concat([obs, forms], ignore_index=True)
        obs.attrs["file"] = file
        registry = pd.concat([registry, form_registry], ignore_index=True)
    problems += conflict_problems(obs)
    if problems:
        raise RawDataError(problems)
    obs = obs.drop(columns="_where", errors="ignore")
    ordered = _canonical_order(com, ind, obs, tgt, res, registry)
    return RawData(*ordered, notices=tuple(notices), form_earlier_years=earlier)


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
    frames = [frame.reset_index(drop=True) for frame in (com, ind, obs, tgt, res, registry)]
    for frame in frames:
        # The file names and Excel cells kept in attrs served the located messages above, and no stage
        # after load_raw reads them; pandas deep-copies a frame's attrs into every result of every
        # operation (about 6.700 times a build), so they stay here.
        frame.attrs = {}
    return frames


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
