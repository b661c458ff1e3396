"""The source report is kept byte for byte, and its checksum is recorded beside it."""
import hashlib
from pathlib import Path

import pytest
import yaml

from chiengso_stats import config
from conftest import ROOT

SOURCE = config.RAW_DIR / config.SOURCE_FILE
EXPECTED_SHA256 = "c2ca2c2fab46600c0b5580d9f39fe814b54c256d83587c01c875745b24066f55"


def test_source_checksum_is_unchanged():
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == EXPECTED_SHA256
    meta = yaml.safe_load((config.RAW_DIR / config.SOURCE_META).read_text(encoding="utf-8"))
    assert meta["sha256"] == EXPECTED_SHA256
    assert meta["bytes"] == SOURCE.stat().st_size == 106310
    for key in ("title_vi", "what_vi", "origin", "date"):
        assert meta[key]


def test_source_is_byte_identical_to_the_seed():
    """CI and the workplace have shared/seed beside the clone; a clone elsewhere falls
    back to the checksum taken from the seed when it was copied."""
    candidates = [ROOT.parent / "shared" / "seed" / config.SOURCE_FILE,
                  Path("/work/shared/seed") / config.SOURCE_FILE]
    seeds = [p for p in candidates if p.exists()]
    for seed in seeds:
        assert seed.read_bytes() == SOURCE.read_bytes()
    if not seeds:
        assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == EXPECTED_SHA256


def test_changed_source_is_refused(raw_copy):
    from chiengso_stats.errors import RawDataError
    from chiengso_stats.load import load_raw
    path = raw_copy / config.SOURCE_FILE
    path.write_bytes(path.read_bytes().replace("9.199".encode(), "9.198".encode()))
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert "sha256" in str(exc.value)
