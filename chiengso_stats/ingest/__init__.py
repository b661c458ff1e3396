"""Ingest: what comes in (raw tables, sources, documents, yearly forms): read, validate, verify."""
