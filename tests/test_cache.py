"""The warm API: a second call on unchanged raw files is fast; any change of content is seen."""

import os
import time

import chiengso_stats as cs
from chiengso_stats import cache
from chiengso_stats.analysis import reconcile as reconcile_module


def _twice(call):
    call()
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def test_second_calls_on_unchanged_files_take_under_50_ms(raw_copy):
    for call in (
        lambda: cs.merged(raw_copy),
        lambda: cs.audit(raw_copy),
        lambda: cs.gaps_2030(raw_copy),
        lambda: cs.observations(raw_copy),
        lambda: cs.tidy(raw_copy),
    ):
        _, seconds = _twice(call)
        assert seconds <= 0.050, seconds


def test_a_change_of_content_is_seen_and_a_touch_alone_changes_nothing(raw_copy, monkeypatch):
    # count the computations behind the warm API: a digest keyed on time stamps would compute again after
    # the touch and return an equal frame, so only the count can tell the two apart
    computed = {"load_raw": 0, "reconcile": 0}

    def counting(name, real):
        def call(*args, **kwargs):
            computed[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(reconcile_module, "load_raw", counting("load_raw", reconcile_module.load_raw))
    monkeypatch.setattr(reconcile_module, "reconcile", counting("reconcile", reconcile_module.reconcile))
    before = cs.merged(raw_copy)
    pop = before.loc[before.indicator_id == "population", "merged"].item()
    assert pop == 17145
    assert computed == {"load_raw": 1, "reconcile": 1}
    path = raw_copy / "observations.csv"
    stat = path.stat()
    os.utime(path, (stat.st_atime + 60, stat.st_mtime + 60))  # a new time stamp, the same bytes
    assert cs.merged(raw_copy).equals(before)
    assert computed == {"load_raw": 1, "reconcile": 1}  # nothing computed again
    text = path.read_text(encoding="utf-8")
    # a real edit: the former commune's population as a record (no quote to check), 8.000 people
    text = text.replace(
        "yen_hung,population,2025,7.946,,,bao_cao_chinh_tri", "yen_hung,population,2025,8.000,,,ghi_chep"
    )
    path.write_text(text, encoding="utf-8")
    with open(raw_copy / "sources.csv", "a", encoding="utf-8") as f:
        f.write("ghi_chep,VÍ DỤ: ghi chép của văn phòng,,2025,record,,,\n")
    after = cs.merged(raw_copy)
    assert after.loc[after.indicator_id == "population", "merged"].item() == 9199 + 8000
    assert computed == {"load_raw": 2, "reconcile": 2}


def test_returned_frames_are_copies(raw_copy):
    first = cs.gaps_2030(raw_copy)
    first.loc[:, "status"] = "sửa tay"
    assert (cs.gaps_2030(raw_copy).status != "sửa tay").all()
    cache.clear()
    assert (cs.gaps_2030(raw_copy).status != "sửa tay").all()
