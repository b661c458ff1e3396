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
    "gaps_2030",
    "load_raw",
    "merged",
    "observations",
]
