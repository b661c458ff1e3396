"""Invariants of merging, checked on generated communes (hypothesis)."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.ingest.raw import RawData

INDICATORS = pd.DataFrame(
    {
        "indicator_id": ["population", "households", "area", "forest_cover", "poverty_rate", "flag", "flag_any"],
        "name_vi": ["Dân số", "Số hộ", "Diện tích", "Che phủ", "Hộ nghèo", "Phổ cập", "Có mô hình"],
        "name_en": "",
        "unit": ["người", "hộ", "km2", "%", "%", "định tính", "định tính"],
        "kind": ["extensive", "extensive", "extensive", "intensive", "intensive", "qualitative", "qualitative"],
        "aggregation": ["sum", "sum", "sum", "mean_weighted_by_area", "mean_weighted_by_households", "all", "any"],
        "proxy_weight": ["", "", "", "", "population", "", ""],
        "denominator_vi": "",
        "direction": "higher",
        "component_of": "",
        "ratio_of": "",
        "share_of_count": "",
        "aliases_vi": "",
    }
)

commune = st.tuples(
    st.integers(1, 50_000),
    st.integers(1, 100_000).map(lambda a: a / 100),
    st.integers(0, 1000).map(lambda r: r / 10),
    st.integers(0, 1000).map(lambda r: r / 10),
    st.booleans(),  # 'Đạt' (1) or 'Không đạt' (0), for both qualitative statements
    st.booleans(),
)


def raw_of(parts, order=None) -> RawData:
    ids = [f"c{i}" for i in range(len(parts))]
    rows = []
    for cid, (pop, area, cover, poverty, flag, flag_any) in zip(ids, parts):
        for indicator, value in (
            ("population", pop),
            ("area", area),
            ("forest_cover", cover),
            ("poverty_rate", poverty),
            ("flag", float(flag)),
            ("flag_any", float(flag_any)),
        ):
            rows.append(
                {
                    "commune_id": cid,
                    "indicator_id": indicator,
                    "period": "2025",
                    "value": float(value),
                    "value_as_printed": str(value),
                    "source_id": "s",
                    "source_ref": "s",
                    "verified": True,
                    "superseded_by": "",
                    "supersedes": "",
                    "preferred": "",
                    "unit": "",
                    "qualifier": "",
                    "decimal_mark": "",
                    "quote": "",
                    "note": "",
                }
            )
    communes = pd.DataFrame(
        {
            "commune_id": [*ids, "m"],
            "name_vi": [*ids, "M"],
            "role": ["former"] * len(ids) + ["merged"],
            "merged_into": ["m"] * len(ids) + [""],
        }
    )
    obs = pd.DataFrame(rows)
    if order is not None:
        communes = communes.iloc[[*list(order), len(ids)]]
        obs = obs.sample(frac=1, random_state=len(order))
    empty = pd.DataFrame()
    return RawData(communes.reset_index(drop=True), INDICATORS, obs.reset_index(drop=True), empty, empty)


def merged(parts, order=None):
    return reconcile(raw_of(parts, order)).set_index("indicator_id")


@settings(max_examples=40, deadline=None)
@given(st.lists(commune, min_size=1, max_size=6))
def test_extensive_merges_equal_the_sum_of_their_parts(parts):
    t = merged(parts)
    assert t.loc["population", "merged"] == sum(p[0] for p in parts)
    assert abs(t.loc["area", "merged"] - sum(p[1] for p in parts)) < 1e-6


@settings(max_examples=40, deadline=None)
@given(st.lists(commune, min_size=1, max_size=6))
def test_weighted_and_proxy_weighted_rates_lie_between_their_parts(parts):
    t = merged(parts)
    for indicator, k in (("forest_cover", 2), ("poverty_rate", 3)):
        values = [p[k] for p in parts]
        assert min(values) - 1e-9 <= t.loc[indicator, "merged"] <= max(values) + 1e-9
    assert t.loc["poverty_rate", "approximate"] and not t.loc["forest_cover", "approximate"]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(commune, min_size=2, max_size=5).flatmap(
        lambda parts: st.tuples(st.just(parts), st.permutations(range(len(parts))))
    )
)
def test_order_of_former_communes_changes_no_output(case):
    parts, order = case
    pd.testing.assert_frame_equal(reconcile(raw_of(parts)), reconcile(raw_of(parts, order)))


@settings(max_examples=40, deadline=None)
@given(commune)
def test_merging_one_commune_alone_returns_it_unchanged(one):
    t = merged([one])
    for indicator, value in zip(["population", "area", "forest_cover", "poverty_rate", "flag", "flag_any"], one):
        assert t.loc[indicator, "merged"] == float(value)
        assert t.loc[indicator, "c0"] == float(value)


@settings(max_examples=40, deadline=None)
@given(st.lists(commune, min_size=1, max_size=6))
def test_all_denies_when_one_part_denies_and_any_affirms_when_one_part_affirms(parts):
    t = merged(parts)
    assert t.loc["flag", "merged"] == float(all(p[4] for p in parts))  # one 'Không đạt' makes the merger not
    assert t.loc["flag_any", "merged"] == float(any(p[5] for p in parts))


# Two communes or more with unequal weights and unequal values: there the weighted mean and the plain
# mean differ, so a merge that averages without weights cannot pass.
unequal = st.lists(commune, min_size=2, max_size=6).filter(
    lambda ps: (
        len({p[0] for p in ps}) > 1
        and len({p[1] for p in ps}) > 1
        and len({p[2] for p in ps}) > 1
        and len({p[3] for p in ps}) > 1
    )
)


def _assert_weighted(parts) -> None:
    t = merged(parts)
    # forest cover by area: Σ cover × area / Σ area (exact weights)
    cover = sum(p[2] * p[1] for p in parts) / sum(p[1] for p in parts)
    # poverty by households, which the parts lack: by population, the declared proxy
    poverty = sum(p[3] * p[0] for p in parts) / sum(p[0] for p in parts)
    assert abs(t.loc["forest_cover", "merged"] - cover) < 1e-6
    assert abs(t.loc["poverty_rate", "merged"] - poverty) < 1e-6


@settings(max_examples=40, deadline=None)
@given(unequal)
def test_weighted_rates_equal_the_weighted_mean_of_their_parts(parts):
    _assert_weighted(parts)


def test_probe_plain_means_fail_the_weighted_test(monkeypatch):
    """Probe: merge.py with both weighted means replaced by total / n_parts must fail the test above.

    Hand-worked: cover 20% on 10 km² and 60% on 50 km² is (200 + 3.000) / 60 = 53,33%, not (20 + 60) / 2 = 40%.
    """
    import inspect
    import types

    import chiengso_stats.analysis.merge as merge
    import chiengso_stats.analysis.reconcile as reconcile_module

    source = inspect.getsource(merge)
    assert source.count("out.wx_sum / out.w_sum") == 1 and source.count("out.px_sum / out.p_sum") == 1
    probe = types.ModuleType("chiengso_stats.analysis._merge_probe")
    probe.__package__ = "chiengso_stats.analysis"
    plain = source.replace("out.wx_sum / out.w_sum", "out.total / out.n_parts").replace(
        "out.px_sum / out.p_sum", "out.total / out.n_parts"
    )
    exec(compile(plain, "merge_probe.py", "exec"), probe.__dict__)  # the probe's own mutant
    example = [(100, 10.0, 20.0, 5.0, True, True), (300, 50.0, 60.0, 9.0, False, True)]
    _assert_weighted(example)  # the real merge: 53,33% and (5 × 100 + 9 × 300) / 400 = 8%
    monkeypatch.setattr(reconcile_module, "merge_long", probe.merge_long)
    with pytest.raises(AssertionError):
        _assert_weighted(example)
