"""Publish: what goes out (Excel, Word, charts, the notebooks' helpers)."""
