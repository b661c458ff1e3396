"""Shared: a frame's rows as named tuples, as `DataFrame.itertuples` gives them, each row type made once.

pandas makes a new namedtuple class on every `itertuples()` call, compiling it each time (about
0,6 ms); the audit rules and the appendices call it in loops over small groups, 45 times a build,
which came to 0,03 s. Here the class is made once per set of column names.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from functools import lru_cache

import pandas as pd


@lru_cache(maxsize=512)
def _row_type(fields: tuple[str, ...]) -> type:
    return namedtuple("Row", fields, rename=True)  # rename: as pandas, a label that is no identifier becomes _k


def named_rows(frame: pd.DataFrame, index: bool = True) -> Iterator[tuple]:
    """The rows of `frame`, equal to ``frame.itertuples(index=index)``.

    Examples
    --------
    >>> frame = pd.DataFrame({"commune_id": ["chieng_so", "yen_hung"], "value": [9199, 7946]})
    >>> [(r.Index, r.commune_id, r.value) for r in named_rows(frame)]
    [(0, 'chieng_so', 9199), (1, 'yen_hung', 7946)]
    """
    columns = [frame.iloc[:, k] for k in range(frame.shape[1])]
    fields = tuple(str(c) for c in frame.columns)
    if index:
        fields, columns = ("Index", *fields), [frame.index, *columns]
    return map(_row_type(fields)._make, zip(*columns))
