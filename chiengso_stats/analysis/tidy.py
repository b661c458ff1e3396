"""Analysis: the analyst's tidy dataset, one row per commune, indicator and period, and the observations
with the row each key prefers.

`tidy_table` is the one place the long table is built, from what the merge already computed:
the figures printed for each commune (the preferred printing of each), the merged commune's
figures merged from its former communes, and the yearly forms' figures. A merged commune's
figure follows the rule every reader of the merged table follows (`merged_or_reported`): merged
where all parts are known, else the figure a source prints for it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..cache import remembered
from ..glossary import vi
from ..ingest.form_folder import FOLDER as FORMS_FOLDER
from ..ingest.raw import OBSERVATION_COLUMNS, RawData
from .merge import preferred_observations
from .reconcile import as_raw, merged, reconcile

# where a value comes from (the `value_kind` column)
REPORTED, MERGED, MERGED_APPROXIMATE, LOWER_BOUND, FORM = (
    "reported",
    "merged",
    "merged_approximate",
    "lower_bound",
    "form",
)
VALUE_KINDS = (REPORTED, MERGED, MERGED_APPROXIMATE, LOWER_BOUND, FORM)
TIDY_KEY = ["commune_id", "indicator_id", "period"]
TIDY_COLUMNS = [
    "commune_id",
    "commune_name",
    "role",
    "merged_commune_id",
    "indicator_id",
    "indicator_name",
    "unit",
    "period",
    "year_start",
    "year_end",
    "value",
    "value_label",
    "value_kind",
    "qualifier",
    "method",
    "verified",
    "source_id",
    "source_ref",
]


def _printed(raw: RawData) -> pd.DataFrame:
    """The preferred printing of every figure, each commune as printed: value_kind reported, or form."""
    obs = preferred_observations(raw.observations)
    forms = set(raw.sources.source_id[raw.sources.file.str.startswith(FORMS_FOLDER + "/")])
    return pd.DataFrame(
        {
            **{c: obs[c].to_numpy() for c in (*TIDY_KEY, "value", "qualifier", "verified", "source_id", "source_ref")},
            "value_kind": np.where(obs.source_id.isin(forms), FORM, REPORTED),
            "method": "",
        }
    )


def _merged_rows(table: pd.DataFrame, printed_keys: set) -> pd.DataFrame:
    """Merged figures where the merged commune has no figure of its own to prefer over them, or where
    the merge could add every part (`merged_or_reported`: merged first)."""
    t = table[table.merged.notna() | table.merged_lower_bound.notna()]
    value = t.merged.where(t.merged.notna(), t.merged_lower_bound)
    kind = np.select(
        [t.merged.isna(), t.approximate.to_numpy(dtype=bool)], [LOWER_BOUND, MERGED_APPROXIMATE], default=MERGED
    )
    out = pd.DataFrame(
        {
            "commune_id": t.merged_commune_id.to_numpy(),
            "indicator_id": t.indicator_id.to_numpy(),
            "period": t.period.to_numpy(),
            "value": value.to_numpy(dtype=float),
            "qualifier": "",
            "verified": t.verified.to_numpy(dtype=bool),
            "source_id": t.sources.to_numpy(),
            "source_ref": "",
            "value_kind": kind,
            "method": t.method.to_numpy(),
        }
    )
    # a lower bound gives way to a figure printed for the merged commune itself; a whole merged figure does not
    keys = list(zip(out.commune_id, out.indicator_id, out.period))
    keep = [k not in printed_keys or v != LOWER_BOUND for k, v in zip(keys, out.value_kind)]
    return out[keep]


def tidy_table(raw: RawData, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The long table of `tidy`, built from the loaded data and the merged table (computed if not given)."""
    table = reconcile(raw) if table is None else table
    printed = _printed(raw)
    merged_rows = _merged_rows(table, set(zip(printed.commune_id, printed.indicator_id, printed.period)))
    both = pd.concat([merged_rows, printed], ignore_index=True)  # merged first: it wins a shared key
    out = both.drop_duplicates(TIDY_KEY, keep="first")

    com = raw.communes.set_index("commune_id")
    ind = raw.indicators.set_index("indicator_id")
    out = out.assign(
        commune_name=out.commune_id.map(com.name_vi),
        role=out.commune_id.map(com.role),
        merged_commune_id=out.commune_id.map(com.merged_into).where(
            out.commune_id.map(com.role).eq("former"), out.commune_id
        ),
        indicator_name=out.indicator_id.map(ind.name_vi),
        unit=out.indicator_id.map(ind.unit),
        year_start=out.period.str.slice(0, 4).astype("int64"),
        year_end=out.period.str.slice(-4).astype("int64"),
        value=out.value.astype("float64"),
        verified=out.verified.astype(bool),
    )
    qualitative = out.indicator_id.map(ind.kind).eq("qualitative")
    words = out.value.map({1.0: vi("result.achieved"), 0.0: vi("result.not_achieved")}).fillna("")
    out["value_label"] = words.where(qualitative, "")
    out = out.sort_values(["merged_commune_id", "role", "commune_id", "indicator_id", "year_start", "period"])
    return out[TIDY_COLUMNS].reset_index(drop=True)


def tidy(raw: str | Path | RawData | None = None) -> pd.DataFrame:
    """One tidy long table: one row per commune, indicator and period, for every commune.

    Former communes and merged communes, the congress report's figures and the yearly forms'
    alike, with the value as a float, the period split into integer years, and where each value
    comes from (``value_kind``). A figure printed twice keeps one row, the preferred one
    (`observations` shows both, with ``preferred``). A merged commune's figure is the one merged
    from its former communes where every part is known, else the one printed for it.

    Parameters
    ----------
    raw : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.

    Returns
    -------
    DataFrame
        One row per (``commune_id``, ``indicator_id``, ``period``), no key twice; sorted by merged
        commune, role, commune, indicator and year. Save it with ``.to_csv``, ``.to_excel`` or
        ``.to_parquet`` (pyarrow, in the ``[analysis]`` extra).

    Examples
    --------
    >>> t = tidy()
    >>> t.loc[(t.commune_id == "chieng_so_moi") & (t.indicator_id == "population"), "value"].item()
    17145.0
    >>> t.pivot(index=["commune_id", "indicator_id"], columns="period", values="value").shape[0] > 0
    True
    """
    if isinstance(raw, RawData):
        return tidy_table(raw)
    folder = config.resolve(raw)
    return remembered("tidy", folder, (), lambda: tidy_table(as_raw(folder), merged(folder)))


def observations(raw: str | Path | RawData | None = None) -> pd.DataFrame:
    """Every figure of every source, one row each, with the row each key prefers.

    Parameters
    ----------
    raw : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.

    Returns
    -------
    DataFrame
        One row per printing of a figure, its value in the indicator's canonical unit. A figure
        printed twice (in the text and in a footnote) has two rows; ``preferred`` is True on the one
        the merge, the gaps and `tidy` use, so ``obs[obs.preferred]`` has one row per key.

    Examples
    --------
    >>> obs = observations()
    >>> obs[obs.indicator_id == "population"].value.tolist()  # sorted by commune id
    [9199.0, 17145.0, 7946.0]
    >>> bool(obs[obs.preferred].duplicated(["commune_id", "indicator_id", "period"]).any())
    False
    """
    data = as_raw(raw)
    obs = data.observations.reset_index(drop=True)
    chosen = preferred_observations(obs).index
    columns = [*OBSERVATION_COLUMNS]
    columns.insert(columns.index("superseded_by") + 1, "preferred")
    return obs.assign(preferred=obs.index.isin(chosen))[columns]
