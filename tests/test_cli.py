"""The careermap command: exit codes, summaries, reports, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import careermap
from careermap.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "careermap.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_validate_ok_prints_a_summary_line(small_map, capsys):
    assert main(["validate", str(small_map)]) == 0
    out = capsys.readouterr().out
    assert "sam-lee: ok - 2 goals, 3 milestones, 4 time-log rows, 4 assessments, 2 reviews" in out


def test_validate_bad_map_exits_1_with_full_report(make_map):
    from _maps import TIME_LOG

    folder = make_map(
        {
            "time_log.csv": TIME_LOG.replace("2025-01-09,2,", "2025-01-09,-2,").replace(
                "networking,G2", "coffee,G2"
            )
        }
    )
    res = run("validate", str(folder))
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert "2 problems in 1 file" in res.stderr
    assert "line 3, hours: '-2'" in res.stderr
    assert "line 4, category: 'coffee'" in res.stderr


def test_validate_json(make_map, capsys):
    from _maps import REVIEWS

    folder = make_map({"reviews.csv": REVIEWS.replace("2025-02-28,4,4,3,4", "2025-02-28,4,6,3,4")})
    assert main(["validate", "--format", "json", str(folder)]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    (err,) = result["errors"]
    assert err["location"] == "line 3" and err["column"] == "motivation" and err["value"] == "'6'"


def test_validate_missing_path_is_a_message_not_a_traceback():
    res = run("validate", "/no/such/folder")
    assert res.returncode == 1
    assert "does not exist" in res.stderr and "Traceback" not in res.stderr


def test_init_creates_a_valid_map_and_refuses_to_overwrite(tmp_path):
    folder = tmp_path / "new-person"
    assert main(["init", str(folder), "--name", "New Person", "--start", "2026-01-05"]) == 0
    m = careermap.load(folder)
    assert m.people["name"].item() == "New Person"
    assert m.people["start"].item().isoformat().startswith("2026-01-05")
    text = (folder / "roadmap.yaml").read_text()
    assert text.count("#") > 10  # a commented starter
    before = text
    res = run("init", str(folder))
    assert res.returncode == 1 and "never overwrites" in res.stderr
    assert (folder / "roadmap.yaml").read_text() == before


def test_init_rejects_a_bad_id(tmp_path):
    res = run("init", str(tmp_path / "x"), "--id", "Not A Slug")
    assert res.returncode == 1 and "not a slug" in res.stderr


def test_demo_writes_a_valid_cohort_and_refuses_non_empty(tmp_path):
    out = tmp_path / "demo"
    assert main(["demo", str(out), "--people", "6", "--seed", "3"]) == 0
    m = careermap.load(out)
    assert len(m.people) == 6
    res = run("demo", str(out), "--people", "6")
    assert res.returncode == 1 and "not empty" in res.stderr


@pytest.mark.parametrize("path", ["data/sample/alex-rivera", "data/cohort"])
def test_bundled_data_validates(path):
    res = run("validate", path)
    assert res.returncode == 0, res.stderr
