"""Ingest: how good the proposals are, measured against figures typed by hand from the same document.

Definitions (issue 20):

* a hand row is **found** (recall) when a proposal has its commune and its value (canonical
  unit, to 1e-6) and the proposal's figure stands inside one of the places where the hand row's
  quote occurs in the document. A printed number read twice by hand ("16/16 chi bộ bản": the
  cells and the cells whose secretary heads the village) is found by the same proposal;
* a proposal is **right** (precision) when it finds a hand row, or is a genuine figure the
  hand-typing left out, listed with its reason in a reviewed file of extras (`extras`);
* its **indicator** is right when a proposal that finds the row carries the row's indicator;
  counted over the found rows (every hand row's indicator is in the catalogue);
* a target's **comparator** is right when a proposal that finds it says the same comparator;
  counted over the found targets with a numeric value.

Rows without a number (qualitative statements, "maintain" targets) are not counted.
"""

from __future__ import annotations

import pandas as pd

from ..numbers import SUFFIXES
from ..text import normalise


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans = []
    for printed in quote.split(" | "):
        part = normalise(printed)
        start = text.find(part)
        while part and start >= 0:
            spans.append((start, start + len(part)))
            start = text.find(part, start + 1)
    return spans


def _hand_rows(observations: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    obs = observations[observations.value.notna() & observations.value_as_printed.str.match(r"\d")]
    obs = pd.DataFrame(
        {"commune_id": obs.commune_id, "indicator_id": obs.indicator_id, "value": obs.value, "quote": obs.quote}
    ).assign(kind="observation", comparator="", label=obs.value_as_printed)
    tgt = targets[targets.target.notna()]
    tgt = pd.DataFrame(
        {"commune_id": tgt.commune_id, "indicator_id": tgt.indicator_id, "value": tgt.target, "quote": tgt.quote}
    ).assign(kind="target", comparator=tgt.comparator, label=tgt.target_as_printed)
    return pd.concat([obs, tgt], ignore_index=True)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def score(
    proposals: pd.DataFrame,
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    text: str,
    extras: pd.DataFrame | None = None,
) -> dict:
    """Recall, precision, indicator and comparator accuracy of `proposals` against hand-typed rows.

    Parameters
    ----------
    proposals : DataFrame
        From `propose`, with ``position`` offsets in `text`.
    observations, targets : DataFrame
        Hand-typed rows of the same document, parsed (``value``; ``target``), e.g. `load_raw()`'s.
    text : str
        The document's normalised text (`text.normalise(document_text(path))`).
    extras : DataFrame, optional
        Reviewed genuine figures the hand-typing left out: ``commune_id``, ``value``, ``quote``.

    Returns
    -------
    dict
        Counts and ratios: ``recall``, ``precision``, ``indicator``, ``comparator`` (their
        counts as ``found``/``hand_rows``, ``right``/``proposals``, ``indicator_counts`` and
        ``comparator_counts``: (right, counted)), with the rows missed (``missed``), the proposals judged wrong (``wrong``) and the found rows whose
        indicator or comparator differs (``wrong_indicator``, ``wrong_comparator``).
    """
    hand = _hand_rows(observations, targets)
    props = proposals.reset_index(drop=True)
    good = [False] * len(props)
    found, ind_ok, cmp_total, cmp_ok = [], [], 0, 0
    wrong_ind, wrong_cmp = [], []
    for row in hand.itertuples():
        spans = _spans(text, row.quote)
        hits = [
            i
            for i, p in enumerate(props.itertuples())
            if p.commune_id == row.commune_id
            and (_close(p.value, row.value) or (pd.notna(p.value_high) and _close(p.value_high, row.value)))
            and any(a <= p.position < b for a, b in spans)
        ]
        found.append(bool(hits))
        for i in hits:
            good[i] = True
        if not hits:
            continue
        ok = any(props.indicator_id[i] == row.indicator_id for i in hits)
        ind_ok.append(ok)
        if not ok:
            wrong_ind.append((row.commune_id, row.label, row.indicator_id, props.indicator_id[hits[0]] or "(trống)"))
        if row.kind == "target" and row.comparator not in ("maintain", ""):
            cmp_total += 1
            if any(props.kind[i] == "target" and props.comparator[i] == row.comparator for i in hits):
                cmp_ok += 1
            else:
                wrong_cmp.append((row.label, row.comparator, props.comparator[hits[0]]))
    if extras is not None:
        for ex in extras.itertuples():
            spans = _spans(text, ex.quote)
            for i, p in enumerate(props.itertuples()):
                if p.commune_id == ex.commune_id and _close(p.value, float(ex.value)):
                    if any(a <= p.position < b for a, b in spans):
                        good[i] = True
    missed = hand[[not f for f in found]]
    return {
        "hand_rows": len(hand),
        "found": sum(found),
        "recall": sum(found) / len(hand) if len(hand) else float("nan"),
        "proposals": len(props),
        "right": sum(good),
        "precision": sum(good) / len(props) if len(props) else float("nan"),
        "indicator": sum(ind_ok) / len(ind_ok) if ind_ok else float("nan"),
        "indicator_counts": (sum(ind_ok), len(ind_ok)),
        "comparator": cmp_ok / cmp_total if cmp_total else float("nan"),
        "comparator_counts": (cmp_ok, cmp_total),
        "missed": missed[["commune_id", "indicator_id", "label", "kind"]].values.tolist(),
        "wrong": props[[not g for g in good]][["commune_id", "value_as_printed", "quote"]].values.tolist(),
        "wrong_indicator": wrong_ind,
        "wrong_comparator": wrong_cmp,
    }


def score_truth(proposals: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """The same measures against a truth set without quotes (tests/fixtures/xa_vi_du/expected_figures.csv).

    Without quotes, figures are paired one to one by commune and value (canonical unit, the truth
    set's ``value`` is in its printed unit), in document order; a proposal is right when paired.
    """
    factor = [float(SUFFIXES[u][1]) if u in SUFFIXES else 1.0 for u in truth.unit.fillna("")]
    want = truth.assign(canonical=truth.value.astype(float) * factor).reset_index(drop=True)
    free = list(range(len(proposals)))
    props = proposals.reset_index(drop=True)
    pairs = []
    for row in want.itertuples():
        same = [i for i in free if props.commune_id[i] == row.commune_id and _close(props.value[i], row.canonical)]
        # of several equal numbers, the one read the same way (kind, then indicator) pairs first
        same.sort(key=lambda i: (props.kind[i] != row.kind, props.indicator_id[i] != row.indicator_id))
        hit = same[0] if same else None
        if hit is not None:
            free.remove(hit)
        pairs.append(hit)
    found = [(r, i) for r, i in zip(want.itertuples(), pairs) if i is not None]
    with_ind = [(r, i) for r, i in found if isinstance(r.indicator_id, str) and r.indicator_id]
    targets = [(r, i) for r, i in found if r.kind == "target" and isinstance(r.comparator, str) and r.comparator]
    ind_ok = sum(props.indicator_id[i] == r.indicator_id for r, i in with_ind)
    cmp_ok = sum(props.comparator[i] == r.comparator for r, i in targets)
    return {
        "hand_rows": len(want),
        "found": len(found),
        "recall": len(found) / len(want),
        "proposals": len(props),
        "right": len(props) - len(free),
        "precision": (len(props) - len(free)) / len(props) if len(props) else float("nan"),
        "indicator": ind_ok / max(1, len(with_ind)),
        "indicator_counts": (ind_ok, len(with_ind)),
        "comparator": cmp_ok / max(1, len(targets)),
        "comparator_counts": (cmp_ok, len(targets)),
        "missed": [
            [r.commune_id, r.indicator_id, r.value_as_printed] for r, i in zip(want.itertuples(), pairs) if i is None
        ],
        "wrong": props.loc[free, ["commune_id", "value_as_printed", "quote"]].values.tolist(),
        "wrong_indicator": [
            (r.commune_id, r.value_as_printed, r.indicator_id, props.indicator_id[i])
            for r, i in with_ind
            if props.indicator_id[i] != r.indicator_id
        ],
        "wrong_comparator": [
            (r.value_as_printed, r.comparator, props.comparator[i])
            for r, i in targets
            if props.comparator[i] != r.comparator
        ],
    }
