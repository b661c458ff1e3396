"""Shared: a warm API for analysts, results kept for the exact content of a raw folder.

In a notebook, `cs.merged()` then `cs.audit()` then `cs.gaps_2030()` would each read and
validate the raw tables again. Here each public result is kept under the SHA-256 of every
file in the raw folder: a second call on unchanged files costs one pass of hashing (a few
milliseconds), and any change of content, not merely of a time stamp, is seen on the next
call. Callers get copies, so editing a returned frame never changes what is kept.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path

_STORE: dict[tuple, object] = {}


def raw_digest(raw_dir: Path) -> str:
    """SHA-256 over the names and bytes of every file below `raw_dir` (hidden files aside)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))):
        digest.update(str(path.relative_to(raw_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _copy(value):
    if dataclasses.is_dataclass(value):
        return type(value)(*(_copy(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return value.copy() if hasattr(value, "copy") else copy.deepcopy(value)


def remembered(name: str, raw_dir: Path, args: tuple, compute: Callable[[], object]):
    """`compute()` once per (function, folder content, arguments); a copy of it every time."""
    folder = str(raw_dir.resolve())
    digest = raw_digest(raw_dir) if raw_dir.is_dir() else ""
    for key in [k for k in _STORE if k[1] == folder and k[2] != digest]:
        del _STORE[key]  # that content is gone: keep nothing of it
    key = (name, folder, digest, args)
    if key not in _STORE:
        _STORE[key] = compute()  # a RawDataError propagates and nothing is kept
    return _copy(_STORE[key])


def clear() -> None:
    """Forget every kept result."""
    _STORE.clear()
