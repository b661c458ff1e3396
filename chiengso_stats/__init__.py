"""chiengso_stats: figures of the Chiềng Sơ congress report, reconciled across the 2025 merger.

Stages run one way: raw tables -> `load` -> `reconcile` + `audit` -> `targets` -> exports.
"""
from . import charts
from .appendices import export_appendices
from .audit import audit, audit_narrative
from .audit import summary as audit_summary
from .load import load_raw, observations
from .reconcile import merged
from .targets import gaps_2030

__all__ = ["export_appendices", "audit", "audit_narrative", "audit_summary", "charts", "gaps_2030", "load_raw", "merged", "observations"]
__version__ = "0.1.0"
