"""chiengso_stats: the public API (load_raw, merged, audit, gaps_2030, observations, charts) over the stages.

Stages run one way: raw tables -> `load` -> `reconcile` + `audit` -> `targets` -> exports.
"""

from importlib.metadata import PackageNotFoundError, version

try:  # one version, written once: in pyproject.toml, read from the installed metadata
    __version__ = version("chiengso_stats")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from .analysis.audit import audit, audit_narrative
from .analysis.audit import summary as audit_summary
from .analysis.facts import facts_table
from .analysis.reconcile import merged
from .analysis.targets import gaps_2030
from .errors import RawDataError
from .ingest.raw import RawData, load_raw, observations
from .publish import charts
from .publish.appendices import export_appendices

__all__ = [
    "RawData",
    "RawDataError",
    "__version__",
    "audit",
    "audit_narrative",
    "audit_summary",
    "charts",
    "export_appendices",
    "facts_table",
    "gaps_2030",
    "load_raw",
    "merged",
    "observations",
    "propose",
    "propose_communes",
]


def __getattr__(name: str):
    """`cs.propose` and `cs.propose_communes`, imported when first asked for: the reading rules and the
    document libraries are for onboarding a commune, not for every `import chiengso_stats`."""
    if name in ("propose", "propose_communes"):
        # lazy on purpose: onboarding's reading rules and document libraries, not every import's
        from .ingest import proposals

        return getattr(proposals, name)
    raise AttributeError(f"module 'chiengso_stats' has no attribute {name!r}")
