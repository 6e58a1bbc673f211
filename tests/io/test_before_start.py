"""Log rows dated before the map's start are a warning with file and line (issue 15)."""

from __future__ import annotations

import datetime as dt

import careermap
from careermap.store import init_map


def test_logs_before_the_start_are_warned_about_with_file_and_line(tmp_path):
    folder = init_map(tmp_path / "sam-lee", start=dt.date(2026, 11, 29))
    with open(folder / "time_log.csv", "a", encoding="utf-8") as f:
        f.write("2026-11-01,2,learning,,,,\n2026-11-30,1,learning,,,,\n2026-11-28,1,practice,,,,\n")
    with open(folder / "reviews.csv", "a", encoding="utf-8") as f:
        f.write("2026-11-29,3,3,3,3,\n2025-01-01,4,4,4,4,\n")
    m = careermap.load(folder)  # loads: a warning, not an error
    early = [w for w in m.warnings if w.code == "before_start"]
    assert [(w.file.rsplit("/", 1)[-1], w.location, w.column, w.value) for w in early] == [
        ("time_log.csv", "line 2", "date", "'2026-11-01'"),
        ("time_log.csv", "line 4", "date", "'2026-11-28'"),
        ("reviews.csv", "line 3", "date", "'2025-01-01'"),
    ]
    assert all(w.severity == "warning" for w in early)
    assert early[0].rule.startswith("is before the map's start (2026-11-29)")
    assert len(m.time_log) == 3  # still loaded


def test_the_bundled_maps_have_no_logs_before_their_start():
    for path in (careermap.sample_path(), careermap.cohort_path()):
        assert not [w for w in careermap.load(path).warnings if w.code == "before_start"]
