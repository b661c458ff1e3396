"""Stage 2, analysis: what is computed from the raw data (reconcile, audit, targets, progress)."""
