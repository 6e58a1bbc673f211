"""The content-keyed memo of derived frames: a changed frame is a new key, results are copies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._memo import by_content, frame_key


def _counted():
    calls = []

    @by_content
    def total(df: pd.DataFrame, *, scale: float) -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"total": [float(df["x"].sum()) * scale]})

    return total, calls


def test_same_content_is_computed_once_and_returned_as_a_copy():
    total, calls = _counted()
    a = pd.DataFrame({"x": [1.0, 2.0]})
    first = total(a, scale=2.0)
    first.loc[0, "total"] = -1.0  # the caller changes what it got
    again = total(a.copy(), scale=2.0)
    assert len(calls) == 1
    assert again["total"].tolist() == [6.0]


def test_a_frame_changed_in_place_or_other_arguments_recompute():
    total, calls = _counted()
    a = pd.DataFrame({"x": [1.0, 2.0]})
    assert total(a, scale=1.0)["total"].tolist() == [3.0]
    a.loc[1, "x"] = 5.0
    assert total(a, scale=1.0)["total"].tolist() == [6.0]
    assert total(a, scale=3.0)["total"].tolist() == [18.0]
    assert len(calls) == 3


def test_keys_tell_apart_dtypes_types_index_and_missing_values():
    base = pd.DataFrame({"v": pd.Series([3, "a"], dtype=object)})
    variants = [
        pd.DataFrame({"v": pd.Series(["3", "a"], dtype=object)}),
        pd.DataFrame({"v": pd.Series([3.0, "a"], dtype=object)}),
        base.set_axis([1, 2]),
        base.rename(columns={"v": "w"}),
    ]
    keys = {frame_key(base), *(frame_key(v) for v in variants)}
    assert len(keys) == 1 + len(variants)
    none_nan = [pd.DataFrame({"v": pd.Series([x, "a"], dtype=object)}) for x in (None, np.nan)]
    assert frame_key(none_nan[0]) != frame_key(none_nan[1])
    floats = [pd.DataFrame({"v": np.array(x)}) for x in ([1.0, 2.0], [1, 2])]
    assert frame_key(floats[0]) != frame_key(floats[1])
    assert frame_key(base) == frame_key(base.copy())


def test_a_summary_builds_each_derived_table_once_and_warm_equals_cold():
    import careermap
    from careermap import metrics
    from careermap.metrics import _levels, _milestone_state, _requirements

    memos = (_requirements.role_requirements, _milestone_state._states_of, _levels._levels_now)
    m = careermap.load(careermap.sample_path())
    for f in memos:
        f.cache_clear()
        f.counts.update(hits=0, misses=0)
    cold = metrics.summary(m, as_of="2026-11-15")
    # the gap role's requirements and the compared roles' ones; one day's states; one levels
    assert [f.counts["misses"] for f in memos] == [2, 1, 1]
    warm = metrics.summary(m, as_of="2026-11-15")
    pd.testing.assert_frame_equal(cold, warm)
