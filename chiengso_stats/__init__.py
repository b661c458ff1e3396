"""chiengso_stats: figures of the Chiềng Sơ congress report, reconciled across the 2025 merger.

Stages run one way: raw tables -> `load` -> `reconcile` + `audit` -> `targets` -> exports.
"""

from importlib.metadata import PackageNotFoundError, version

try:  # one version, written once: in pyproject.toml, read from the installed metadata
    __version__ = version("chiengso_stats")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from . import charts
from .appendices import export_appendices
from .audit import audit, audit_narrative
from .audit import summary as audit_summary
from .errors import RawDataError
from .ingest.proposals import propose, propose_communes
from .load import RawData, load_raw, observations
from .reconcile import merged
from .targets import gaps_2030

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
    "propose",
    "propose_communes",
]
