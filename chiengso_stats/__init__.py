"""chiengso_stats: the public API (load_raw, tidy, merged, audit, gaps_2030, observations, charts) over the stages.

Stages run one way: raw tables -> `load` -> `reconcile` + `audit` -> `targets` -> exports.
Every function here takes a raw folder (default ``data/raw``) or data already loaded by
`load_raw`, and every column it returns is named in the data dictionary (`data_dictionary`).
"""

from importlib.metadata import PackageNotFoundError, version

try:  # one version, written once: in pyproject.toml, read from the installed metadata
    __version__ = version("chiengso_stats")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from pathlib import Path

import pandas as pd

from .analysis.audit import audit, audit_narrative
from .analysis.audit import summary as audit_summary
from .analysis.facts import facts_table
from .analysis.gap_narrative import narrative as _gap_narrative
from .analysis.progress import behind_first
from .analysis.reconcile import as_raw, merged
from .analysis.targets import gaps_2030
from .analysis.tidy import observations, tidy
from .columns import data_dictionary, document
from .errors import RawDataError
from .ingest.raw import RawData, load_raw
from .publish import charts
from .publish.appendices import export_appendices
from .publish.yearly import monitored_years as _monitored_years
from .publish.yearly import yearly_narrative as _yearly_narrative

__all__ = [
    "RawData",
    "RawDataError",
    "__version__",
    "audit",
    "audit_narrative",
    "audit_summary",
    "charts",
    "data_dictionary",
    "export_appendices",
    "facts_table",
    "furthest_behind",
    "gap_narrative",
    "gaps_2030",
    "load_raw",
    "merged",
    "monitored_years",
    "notebook",
    "observations",
    "propose",
    "propose_communes",
    "tidy",
    "yearly_narrative",
]

Data = pd.DataFrame | str | Path | RawData | None


def _gaps(gaps: Data, as_of: int | None = None) -> pd.DataFrame:
    """A gaps table given, or the one of a raw folder or loaded data, judged as of `as_of`."""
    return gaps if isinstance(gaps, pd.DataFrame) else gaps_2030(gaps, as_of=as_of)


def gap_narrative(gaps: Data = None) -> str:
    """The gaps to the 2030 targets in a short Vietnamese summary, written from the numbers.

    Parameters
    ----------
    gaps : DataFrame, str, Path, RawData or None
        The output of `gaps_2030` (say, one merged commune's rows); or a raw folder (default
        ``data/raw``) or loaded data, whose gaps are computed here.

    Returns
    -------
    str
        Markdown: counts by status, the target furthest from its level, what the term totals need
        each year, the targets met from the baseline, the baselines merged with a proxy weight.

    Examples
    --------
    >>> gap_narrative().split(":")[0]
    'Trong 35 chỉ tiêu đến năm 2030 ((1) và (1b) là một chỉ tiêu, tính một lần)'
    """
    return _gap_narrative(_gaps(gaps))


def furthest_behind(gaps: Data = None, as_of: int | None = None) -> pd.DataFrame:
    """The lagging targets, furthest behind first: the order every paper names them in.

    Parameters
    ----------
    gaps : DataFrame, str, Path, RawData or None
        The output of `gaps_2030`; or a raw folder (default ``data/raw``) or loaded data, judged here as
        of `as_of`.
    as_of : int, optional
        The year judged, as in `gaps_2030`; default the latest year with data.

    Returns
    -------
    DataFrame
        The rows of `gaps_2030` whose verdict is behind (at the start of the term: not met), sorted by
        ``gap_share``, the share of the way from the baseline to the target still to go, largest first;
        ties (every target not met at the start has its whole way to go, 100) by the share of the 2030
        level still to go.

    Examples
    --------
    >>> furthest_behind().target_id.head(3).tolist()
    ['9', '4', '5']
    """
    return behind_first(_gaps(gaps, as_of))


def yearly_narrative(gaps: Data = None, year: int | None = None) -> str:
    """The yearly progress in a short Vietnamese summary: categories, the furthest behind, next year's needs.

    Parameters
    ----------
    gaps : DataFrame, str, Path, RawData or None
        The output of `gaps_2030` judged as of `year`; or a raw folder (default ``data/raw``) or
        loaded data, judged here as of `year`.
    year : int, optional
        The year judged; default the latest year with data (``current_year``).

    Returns
    -------
    str
        Markdown paragraphs; with no yearly form yet, the sentence that says so.

    Examples
    --------
    >>> yearly_narrative().startswith("Chưa có số liệu năm nào sau 2025")
    True
    """
    gaps = _gaps(gaps, year)
    year = year if year is not None else int(gaps.current_year.max())
    return _yearly_narrative(gaps, year)


def monitored_years(raw: str | Path | RawData | None = None, commune_id: str | None = None) -> list[int]:
    """The years after the congress for which a merged commune has figures (from the yearly forms).

    Parameters
    ----------
    raw : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.
    commune_id : str, optional
        The merged commune; default the first by id.

    Returns
    -------
    list of int
        The years, in order; empty before the first form.

    Examples
    --------
    >>> monitored_years()
    []
    """
    data = as_raw(raw)
    return _monitored_years(data, commune_id or data.merged_ids[0])


# Every returned column, from the data dictionary, in the docstrings analysts read with help().
for _function, _table in (
    (tidy, "tidy"),
    (observations, "observations"),
    (merged, "merged"),
    (gaps_2030, "gaps_2030"),
    (furthest_behind, "gaps_2030"),
    (facts_table, "facts_table"),
    (audit, "audit"),
    (audit_summary, "audit_summary"),
):
    document(_function, _table)


def __getattr__(name: str):
    """`cs.propose` and `cs.propose_communes`, imported when first asked for: the reading rules and the
    document libraries are for onboarding a commune, not for every `import chiengso_stats`. Likewise
    `cs.notebook`, the notebooks' display helpers, which need IPython (the ``[notebooks]`` extra)."""
    if name in ("propose", "propose_communes"):
        # lazy on purpose: onboarding's reading rules and document libraries, not every import's
        from .ingest import proposals

        return getattr(proposals, name)
    if name == "notebook":
        try:
            # lazy on purpose: IPython comes with the notebooks extra, not with every import
            from .publish import notebook
        except ImportError as exc:
            raise ImportError(
                "cs.notebook cần gói bổ sung [notebooks] / needs the [notebooks] extra: pip install 'chiengso_stats[notebooks]'"
            ) from exc
        return notebook
    raise AttributeError(f"module 'chiengso_stats' has no attribute {name!r}")
