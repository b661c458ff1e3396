"""named_rows: the rows `DataFrame.itertuples` gives, with the row type made once per set of columns."""

import numpy as np
import pandas as pd

from chiengso_stats.rows import _row_type, named_rows


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commune_id": ["chieng_so", "yen_hung"],
            "value": [9199.0, np.nan],
            "count": pd.array([7, None], dtype="Int64"),
            "class": [True, False],  # a keyword: renamed, as pandas does
            3: ["60,66", "79,65"],  # a label that is no identifier
        },
        index=[5, 7],
    )


def test_named_rows_are_the_rows_itertuples_gives():
    frame = _frame()
    for index in (True, False):
        ours, theirs = list(named_rows(frame, index=index)), list(frame.itertuples(index=index))
        assert [r._fields for r in ours] == [r._fields for r in theirs]
        assert repr([tuple(r) for r in ours]) == repr([tuple(r) for r in theirs])
    first = next(named_rows(frame))
    assert (first.Index, first.commune_id, first.value, first._4, first._5) == (5, "chieng_so", 9199.0, True, "60,66")
    assert list(named_rows(frame.iloc[:0])) == []


def test_the_row_type_is_made_once_per_set_of_columns():
    frame = _frame()
    a, b = next(named_rows(frame)), next(named_rows(frame.iloc[1:]))
    assert type(a) is type(b)  # pandas makes a new class on every call
    assert _row_type.cache_info().hits >= 1
