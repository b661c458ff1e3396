"""Analysis: what is computed from the raw data (reconcile, audit, targets, progress)."""
