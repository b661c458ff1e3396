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


# ---- the same conventions everywhere (issue 29)

# What each public function is called with besides its data; None: it reads no raw data (documented why).
DATA_CALLS = {
    "audit": {},
    "audit_narrative": {},
    "audit_summary": {},
    "export_appendices": "out_dir",
    "facts_table": {},
    "furthest_behind": {},
    "gap_narrative": {},
    "gaps_2030": {},
    "load_raw": {},
    "merged": {},
    "monitored_years": {},
    "observations": {},
    "tidy": {},
    "yearly_narrative": {},
    "data_dictionary": None,  # describes the columns; reads no data
    "propose": None,  # reads a commune's report (.docx, .pdf, .txt), not a raw folder
    "propose_communes": None,  # likewise
}


def _functions() -> list[str]:
    return sorted(n for n in cs.__all__ if inspect.isfunction(getattr(cs, n)))


def test_every_public_function_is_listed_with_how_it_takes_data():
    assert _functions() == sorted(DATA_CALLS)


def _same(a, b):
    import pandas as pd

    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    elif isinstance(a, list) and a and hasattr(a[0], "name"):
        assert [p.name for p in a] == [p.name for p in b]
    elif isinstance(a, cs.RawData):
        pd.testing.assert_frame_equal(a.observations, b.observations)
    else:
        assert a == b


@pytest.mark.parametrize("name", [n for n, how in DATA_CALLS.items() if how is not None])
def test_every_public_function_takes_a_folder_or_loaded_data(name, tmp_path):
    from chiengso_stats import config

    function, raw = getattr(cs, name), cs.load_raw()
    if DATA_CALLS[name] == "out_dir":
        by_folder, by_data = function(tmp_path / "a", config.RAW_DIR), function(tmp_path / "b", raw)
    else:
        by_folder, by_data = function(config.RAW_DIR), function(raw)
    _same(by_folder, by_data)


def test_the_notebook_helpers_are_public_and_documented():
    nb = cs.notebook
    public = [
        f
        for n, f in vars(nb).items()
        if inspect.isfunction(f) and not n.startswith("_") and f.__module__ == nb.__name__
    ]
    assert len(public) >= 13
    for f in public:
        doc = inspect.getdoc(f) or ""
        assert "Parameters\n----------" in doc and "Returns\n-------" in doc, f.__name__
    assert "inlined once per notebook" not in nb.__doc__  # it loads the one shared plotly.min.js


def test_notebooks_use_only_the_documented_public_api():
    """Each notebook imports `chiengso_stats as cs` and nothing else of the package, and every `cs.` name it
    uses is in cs.__all__ (cs.charts and cs.notebook, whose functions are documented, included)."""
    import ast
    import re

    from conftest import ROOT

    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imports = [
            (n.module if isinstance(n, ast.ImportFrom) else a.name)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Import, ast.ImportFrom))
            for a in n.names
        ]
        assert [i for i in imports if i.startswith("chiengso_stats")] == ["chiengso_stats"], (path.name, imports)
        for name in set(re.findall(r"\bcs\.(\w+)", text)):
            assert name in cs.__all__, (path.name, name)
        for module, attr in set(re.findall(r"\bcs\.(charts|notebook)\.(\w+)", text)) | {
            ("notebook", a) for a in re.findall(r"\bnb\.(\w+)", text)
        }:
            function = getattr(getattr(cs, module), attr)
            assert not attr.startswith("_") and inspect.getdoc(function), (path.name, module, attr)
