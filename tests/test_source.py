"""The congress report is kept byte for byte; its checksum is in the source registry."""

import csv
import hashlib
from pathlib import Path

import pytest

from chiengso_stats import config
from chiengso_stats.errors import RawDataError
from chiengso_stats.ingest.raw import load_raw

from conftest import ROOT

SOURCE = config.RAW_DIR / config.SOURCE_FILE
EXPECTED_SHA256 = "c2ca2c2fab46600c0b5580d9f39fe814b54c256d83587c01c875745b24066f55"


def _registry():
    with open(config.RAW_DIR / "sources.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_report_is_the_only_real_source_and_its_checksum_is_registered():
    rows = _registry()
    assert [r["source_id"] for r in rows] == ["bao_cao_chinh_tri"]
    report = rows[0]
    assert report["kind"] == "text" and report["file"] == config.SOURCE_FILE
    assert report["sha256"] == EXPECTED_SHA256 == hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert SOURCE.stat().st_size == 106310
    assert report["title_vi"].startswith("Báo cáo chính trị") and report["date"] == "2025"


def test_source_is_byte_identical_to_the_seed():
    """CI and the workplace have shared/seed beside the clone; a clone elsewhere falls
    back to the checksum taken from the seed when it was copied."""
    candidates = [ROOT.parent / "shared" / "seed" / config.SOURCE_FILE, Path("/work/shared/seed") / config.SOURCE_FILE]
    seeds = [p for p in candidates if p.exists()]
    for seed in seeds:
        assert seed.read_bytes() == SOURCE.read_bytes()
    if not seeds:
        assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == EXPECTED_SHA256


def test_changed_source_is_refused_naming_the_file(raw_copy):
    path = raw_copy / config.SOURCE_FILE
    path.write_bytes(path.read_bytes().replace(b"9.199", b"9.198"))
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert f"- {config.SOURCE_FILE}: đang có 'sha256 " in str(
        exc.value
    ) and "tệp nguồn không đổi (sha256 c2ca2c2fab46… ghi trong sources.csv, dòng 2)" in str(exc.value)


def test_missing_source_file_is_refused_not_skipped(raw_copy):
    (raw_copy / config.SOURCE_FILE).unlink()
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        f"sources.csv, dòng 2, cột 'file': đang ghi '{config.SOURCE_FILE}'; cần một tệp có trong thư mục dữ liệu gốc"
        in str(exc.value)
    )
