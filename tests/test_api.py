"""The public API as analysts use it in Jupyter: numpy-style docstrings, type hints, exports."""

import inspect

import pytest

import chiengso_stats as cs
from chiengso_stats import charts

PUBLIC = [getattr(cs, name) for name in cs.__all__ if callable(getattr(cs, name)) and name != "RawDataError"] + [
    charts.progress_chart,
    charts.communes_chart,
    charts.audit_chart,
    charts.trajectory_chart,
    charts.save_html,
]


@pytest.mark.parametrize("obj", PUBLIC, ids=lambda o: o.__name__)
def test_numpy_docstring_with_parameters_returns_and_an_example(obj):
    doc = inspect.getdoc(obj) or ""
    for section in ("Parameters\n----------", "Examples\n--------"):
        assert section in doc, (obj.__name__, section)
    if inspect.isfunction(obj):
        assert "Returns\n-------" in doc, obj.__name__
        for name in inspect.signature(obj).parameters:
            assert name in doc.split("Returns")[0], (obj.__name__, name)


@pytest.mark.parametrize("obj", [o for o in PUBLIC if inspect.isfunction(o)], ids=lambda o: o.__name__)
def test_type_hints_on_every_parameter_and_the_return(obj):
    signature = inspect.signature(obj)
    assert signature.return_annotation is not inspect.Signature.empty, obj.__name__
    for name, parameter in signature.parameters.items():
        assert parameter.annotation is not inspect.Parameter.empty, (obj.__name__, name)


def test_returned_columns_are_documented():
    doc = inspect.getdoc(cs.gaps_2030)
    for column in ("baseline", "gap", "status", "current_year", "on_track_code", "share_of_target"):
        assert f"``{column}``" in doc
    assert "``sources``" in inspect.getdoc(cs.merged) and "``verified``" in inspect.getdoc(cs.observations)


def test_docstring_examples_hold():
    """The examples are real: each prints what its docstring says."""
    assert cs.merged().loc[lambda t: t.indicator_id == "population", "merged"].item() == 17145.0
    assert cs.audit().status.value_counts().to_dict() == {"pass": 28, "na": 13, "fail": 11}
    assert cs.observations().loc[lambda o: o.indicator_id == "population", "value"].tolist() == [
        9199.0,  # chieng_so
        17145.0,  # chieng_so_moi
        7946.0,  # yen_hung
    ]
    g = cs.gaps_2030().set_index("target_id")
    assert (round(g.loc["5", "baseline"], 2), g.loc["5", "status"]) == (41.77, "Chưa đạt")
    with pytest.raises(cs.RawDataError) as exc:
        cs.load_raw("/tmp/khong_co_thu_muc_nay")
    assert len(exc.value.problems) == 6
