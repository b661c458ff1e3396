"""Stage 3, publish: what goes out (Excel, Word, charts, the notebooks' helpers)."""
