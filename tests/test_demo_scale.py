"""generate_parquet_cohort: a large cohort drawn straight to Parquet, consistent and seeded."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from test_kpis import reference_kpis

from careermap.demo import generate_parquet_cohort
from careermap.demo._scale import SCALE_FRAMES
from careermap.errors import InvalidArgumentError
from careermap.metrics import cohort_summary_parquet

AS_OF = pd.Timestamp("2026-11-15")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return generate_parquet_cohort(
        tmp_path_factory.mktemp("scale"), people=60, log_rows=30_000, seed=5, block=25
    )


def frames(folder) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in SCALE_FRAMES}


def test_same_seed_same_rows(folder, tmp_path):
    again = generate_parquet_cohort(tmp_path, people=60, log_rows=30_000, seed=5, block=25)
    other = generate_parquet_cohort(tmp_path / "o", people=60, log_rows=30_000, seed=6)
    for name, df in frames(folder).items():
        pd.testing.assert_frame_equal(df, pd.read_parquet(again / f"{name}.parquet"), obj=name)
    assert not frames(other)["time_log"].equals(frames(folder)["time_log"])


def test_rows_reference_what_exists_and_nothing_is_after_the_end(folder):
    f = frames(folder)
    assert f["people"]["person_id"].is_unique and len(f["people"]) == 60
    assert 20_000 < len(f["time_log"]) < 40_000
    goals = set(zip(f["goals"].person_id, f["goals"].goal_id, strict=True))
    ms = set(zip(f["milestones"].person_id, f["milestones"].milestone_id, strict=True))
    log = f["time_log"]
    assert set(zip(log.person_id, log.goal_id, strict=True)) <= goals
    assert set(zip(log.person_id, log.milestone_id, strict=True)) <= ms
    rs = f["reschedules"]
    assert set(zip(rs.person_id, rs.milestone_id, strict=True)) <= ms
    for name, col in [("time_log", "date"), ("reviews", "date"), ("assessments", "date"),
                      ("milestones", "done"), ("reschedules", "on")]:  # fmt: skip
        assert f[name][col].max() <= AS_OF, (name, col)
    start = f["people"].set_index("person_id")["start"]
    assert (log["date"].to_numpy() >= start.loc[log["person_id"]].to_numpy()).all()
    assert log["hours"].between(0.25, 8).all()
    assert (
        f["reviews"][["satisfaction", "motivation", "confidence", "alignment"]]
        .isin(range(1, 6))
        .all()
        .all()
    )
    assert not f["assessments"].duplicated(["person_id", "skill_id", "date"]).any()


def test_its_kpis_match_the_plain_pandas_reference(folder):
    f = frames(folder)
    m = SimpleNamespace(person_ids=f["people"]["person_id"].tolist(), **f)
    ref = reference_kpis(m, AS_OF).set_index("person_id")
    got = cohort_summary_parquet(folder, as_of=AS_OF).set_index("person_id").loc[ref.index]
    assert got["needs_attention"].any() and not got["needs_attention"].all()
    for col in ("projected_finish", "finish_p50"):
        pd.testing.assert_series_equal(
            got[col].astype("datetime64[ns]"),
            ref.pop(col).astype("datetime64[ns]"),
            check_names=False,
            obj=col,
        )
    for col in ref.columns:
        pd.testing.assert_series_equal(
            got[col].astype(float), ref[col].astype(float), rtol=1e-9, check_names=False, obj=col
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"people": 0}, "people must be an integer >= 1; got 0"),
        ({"log_rows": -1}, "log_rows must be an integer >= 0; got -1"),
        ({"days": 30}, "days must be an integer >= 90; got 30"),
    ],
)
def test_bad_arguments_say_what_is_accepted(tmp_path, kwargs, message):
    with pytest.raises(InvalidArgumentError, match=message):
        generate_parquet_cohort(tmp_path, **kwargs)
