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
from .review import _horizon as review_horizon


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


# ---------------------------------------------------------------- the onboarding corpus (issue 30)
# Hand labels of tests/fixtures/onboarding_vi_du/labels.csv: one row per printed figure, with its
# commune, indicator (or a suggested new one), period (observations) or horizon (targets),
# comparator, the value in its printed unit and the sentence it stands in (empty for table cells).


def _canonical(value, unit) -> float:
    """A label's value in the unit a proposal carries (35,44 tỷ đồng -> 35440 triệu)."""
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return float("nan")
    unit = unit if isinstance(unit, str) else ""
    return float(value) * (float(SUFFIXES[unit][1]) if unit in SUFFIXES else 1.0)


def _blank(x) -> bool:
    return x is None or (isinstance(x, float) and pd.isna(x)) or str(x).strip() == ""


def proposal_horizon(row) -> str:
    """The horizon `accept` gives a target proposal: the proposal's own, else the review's reading."""
    own = getattr(row, "horizon", None)
    if not _blank(own):
        return str(own)
    fields = {k: ("" if _blank(getattr(row, k, "")) else str(getattr(row, k))) for k in _HORIZON_FIELDS}
    return review_horizon(pd.Series(fields))[1]


_HORIZON_FIELDS = ("comparator", "quote", "indicator_vi", "period")


def _indicator_right(label, proposed, catalogue: set[str]) -> bool:
    """A catalogue label needs its id; a label the catalogue lacks needs no catalogue id (or its suggested one)."""
    proposed = "" if _blank(proposed) else str(proposed).split(" | ")[0].strip()
    if not _blank(label.indicator_id):
        return proposed == label.indicator_id
    return proposed == "" or proposed == label.new_indicator_id or (bool(catalogue) and proposed not in catalogue)


def score_labels(
    proposals: pd.DataFrame,
    labels: pd.DataFrame,
    text: str | None = None,
    catalogue: set[str] | None = None,
) -> dict:
    """Recall, precision, indicator, period, horizon, comparator and communes of proposals against hand labels.

    Parameters
    ----------
    proposals : DataFrame
        From `propose` (``commune_id``, ``value``, ``value_high``, ``kind``, ``indicator_id``,
        ``period``, ``comparator``, ``position``; ``horizon`` if it has one, else the horizon
        `accept` would write).
    labels : DataFrame
        Hand labels of the same file(s), columns as `tests/fixtures/onboarding_vi_du/labels.csv`.
    text : str, optional
        The document's normalised text. When given, a label whose quote is found there is only
        found by a proposal standing inside that quote; otherwise (table cells, several files)
        figures pair one to one by commune and value, in document order.
    catalogue : set of str, optional
        The catalogue's indicator ids: a proposal for a label the catalogue lacks is wrong when it
        names one of them.

    Returns
    -------
    dict
        ``recall`` (labels found: right commune, value and place), ``precision`` (proposals that
        found a label), ``indicator`` (found labels with the right indicator), ``period`` (found
        observations with the label's period), ``horizon`` and ``comparator`` (found targets),
        ``communes`` (of the labels whose figure was proposed at its place, those proposed for the
        right commune), each with its ``*_counts`` (right, counted), and the rows behind the misses.
    """
    catalogue = catalogue or set()
    props = proposals.reset_index(drop=True)
    free = set(range(len(props)))
    n = len(props)
    pos = list(props.position) if "position" in props else [0] * n
    low = list(props.value)
    high = list(props.value_high) if "value_high" in props else [float("nan")] * n
    commune, kind, indicator = list(props.commune_id), list(props.kind), list(props.indicator_id)

    def candidates(label, same_commune: bool) -> list[int]:
        want = _canonical(label.value, label.unit)
        want_high = _canonical(label.value_high, label.unit)
        spans = _spans(text, label.quote) if text and not _blank(label.quote) else []
        out = []
        for i in free:
            if same_commune and commune[i] != label.commune_id:
                continue
            ok = pd.notna(low[i]) and _close(low[i], want)
            if not ok and pd.notna(high[i]):
                ok = _close(high[i], want) or (pd.notna(want_high) and _close(high[i], want_high))
            if ok and (not spans or any(a <= pos[i] < b for a, b in spans)):
                out.append(i)
        # of several, the one read the same way (kind, indicator) and first in the document first
        out.sort(key=lambda i: (kind[i] != label.kind, indicator[i] != label.indicator_id, pos[i], i))
        return out

    rows = list(labels.reset_index(drop=True).itertuples())
    pairs: list[int | None] = []
    for label in rows:
        hit = candidates(label, same_commune=True)
        pairs.append(hit[0] if hit else None)
        if hit:
            free.discard(hit[0])
    matched = len(props) - len(free)
    elsewhere = []  # labels whose figure was proposed at its place, for another commune (or none)
    for label, i in zip(rows, pairs):
        if i is None:
            hit = candidates(label, same_commune=False)
            if hit:
                elsewhere.append((label, hit[0]))
                free.discard(hit[0])
    found = [(r, i) for r, i in zip(rows, pairs) if i is not None]
    obs = [(r, i) for r, i in found if r.kind == "observation"]
    tgt = [(r, i) for r, i in found if r.kind == "target"]
    ind = [(r, i, _indicator_right(r, props.indicator_id[i], catalogue)) for r, i in found]
    per = [(r, i, str(props.period[i]) == str(r.period)) for r, i in obs]
    hor = [(r, i, props.kind[i] == "target" and proposal_horizon(props.loc[i]) == r.horizon) for r, i in tgt]
    cmp_ = [(r, i, props.kind[i] == "target" and props.comparator[i] == r.comparator) for r, i in tgt]

    def ratio(right: int, of: int) -> float:
        return right / of if of else float("nan")

    def wrong(triples, field: str, proposed) -> list[list]:
        return [[r.commune_id, r.value_as_printed, getattr(r, field), proposed(i)] for r, i, ok in triples if not ok]

    located = len(found) + len(elsewhere)
    out = {
        "labels": len(rows),
        "found": len(found),
        "recall": ratio(len(found), len(rows)),
        "proposals": len(props),
        "right": matched,
        "precision": ratio(matched, len(props)),
    }
    for key, triples in (("indicator", ind), ("period", per), ("horizon", hor), ("comparator", cmp_)):
        ok = sum(t[2] for t in triples)
        out[key], out[f"{key}_counts"] = ratio(ok, len(triples)), (ok, len(triples))
    out["communes"], out["communes_counts"] = ratio(len(found), located), (len(found), located)
    out["missed"] = [
        [r.commune_id, r.indicator_id or f"(mới) {r.new_indicator_id}", r.value_as_printed, r.kind]
        for r, i in zip(rows, pairs)
        if i is None
    ]
    out["wrong_commune"] = [
        [r.value_as_printed, r.commune_id, "(trống)" if _blank(props.commune_id[i]) else props.commune_id[i]]
        for r, i in elsewhere
    ]
    out["wrong"] = [[props.commune_id[i], props.value_as_printed[i], props.quote[i]] for i in sorted(free)]
    out["wrong_indicator"] = [
        [r.commune_id, r.value_as_printed, r.indicator_id or f"(mới) {r.new_indicator_id}", props.indicator_id[i]]
        for r, i, ok in ind
        if not ok
    ]
    out["wrong_period"] = wrong(per, "period", lambda i: props.period[i])
    out["wrong_horizon"] = wrong(hor, "horizon", lambda i: f"{props.kind[i]} {proposal_horizon(props.loc[i])}")
    out["wrong_comparator"] = wrong(cmp_, "comparator", lambda i: props.comparator[i])
    return out
