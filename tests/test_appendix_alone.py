"""Issue 30, case 3: an appendix proposed alone: the communes from its column headers, the period from its
title or its row labels; the same in .docx and in its PDF (a ruled table read by pdfplumber)."""

from __future__ import annotations

import pytest

import chiengso_stats as cs
from chiengso_stats.ingest.proposals import propose_communes

from conftest import FIXTURES

APPENDIX = FIXTURES / "phu_luc_vi_du" / "phu_luc_muong_bon_vi_du"


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_an_appendix_alone_gives_every_cell_to_the_commune_of_its_column(suffix):
    raw = cs.load_raw()
    p = cs.propose(APPENDIX.with_suffix(suffix), raw)
    assert len(p) == 18  # hand-counted: 6 rows x 3 communes
    cell = {(r.commune_id, r.value_as_printed): r for r in p.itertuples()}
    # the headers name the communes: "Xã Mường Bon" is the former one, "Xã Mường Bon (mới)" the new one
    assert cell[("muong_bon", "6.120")].indicator_id == "population"  # the row "Dân số"
    assert cell[("ta_khoa", "4.980")].period == "2025"  # the title's "NĂM 2025"
    assert cell[("muong_bon_moi", "11.100")].period == "2025"
    assert cell[("muong_bon", "31,4")].period == "2020"  # "Tỷ lệ hộ nghèo năm 2020"
    assert cell[("muong_bon_moi", "81")].period == "2020-2025"  # "(cả nhiệm kỳ 2020 - 2025)"
    assert cell[("muong_bon_moi", "627")].indicator_id == "party_members"
    frame = propose_communes(APPENDIX.with_suffix(suffix), raw)
    assert frame[["commune_id", "role", "merged_into"]].values.tolist() == [
        ["muong_bon", "former", "muong_bon_moi"],
        ["ta_khoa", "former", "muong_bon_moi"],
        ["muong_bon_moi", "merged", ""],
    ]
