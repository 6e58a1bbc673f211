"""``careermap import``, ``log`` and ``undo``: previews, exit codes, untouched maps, no traceback."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from timeimport._exports import TOGGL_HEADER, toggl_row, write_csv

import careermap
import careermap.timeimport
from careermap import store
from careermap.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "careermap.cli", *args], capture_output=True, text=True, timeout=120
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".careermap")
    }


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [
            toggl_row(
                "2025-02-03",
                "19:00:00",
                "2025-02-03",
                "20:30:00",
                "01:30:00",
                description="joins",
                tags="learning",
            ),
            toggl_row(
                "2025-02-04",
                "23:00:00",
                "2025-02-05",
                "00:30:00",
                "01:30:00",
                project="Portfolio",
                description="first chart",
                tags="practice",
            ),
        ],
    )


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - match: {project: SQL}\n    set: {goal: G1, milestone: M1}\n", encoding="utf-8"
    )
    return path


def test_dry_run_prints_hours_per_day_and_writes_nothing(small_map, export, rules, capsys):
    before = _digest(small_map)
    code = main(
        [
            "import",
            str(export),
            "--map",
            str(small_map),
            "--rules",
            str(rules),
            "--tz",
            "Europe/Berlin",
            "--dry-run",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "time_log.csv: 3 rows to add (3.00 h) from 2 entries in 1 file" in out
    assert "days are local dates in Europe/Berlin (tz argument)" in out
    totals = out.split("rows to add, each with")[0]
    lines = [line.split() for line in totals.splitlines() if line.strip().startswith("2025-")]
    assert lines == [
        ["2025-02-03", "learning", "1.50", "1", "0.00", "1.50"],
        ["2025-02-04", "practice", "1.00", "1", "0.00", "1.00"],
        ["2025-02-05", "practice", "0.50", "1", "0.00", "0.50"],
    ]
    assert out.rstrip().endswith("dry run: nothing was written")
    assert _digest(small_map) == before


def test_import_then_again_then_undo(small_map, export, rules, capsys):
    before = _digest(small_map)
    args = [
        "import",
        str(export),
        "--map",
        str(small_map),
        "--rules",
        str(rules),
        "--tz",
        "Europe/Berlin",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "time_log.csv: 3 rows added (3.00 h)" in out
    assert f"time_log.csv: added lines 6-8 (revert with: careermap undo --map {small_map})" in out
    log = careermap.load(small_map).time_log
    assert log["goal_id"].iloc[-3] == "G1" and log["goal_id"].iloc[-2:].isna().all()
    assert log["source"].iloc[-3:].tolist() == ["toggl"] * 3
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "already in time_log.csv (line 6)" in out and "nothing new to import" in out
    assert main(["undo", "--map", str(small_map)]) == 0
    assert "undid time_log.csv: added lines 6-8" in capsys.readouterr().out
    assert _digest(small_map) == before


def test_a_bad_export_exits_1_naming_file_line_and_value(small_map, tmp_path):
    bad = write_csv(
        tmp_path / "bad.csv",
        TOGGL_HEADER,
        [toggl_row("2025-02-30", "19:00:00", "", "", "01:30:00")],
    )
    before = _digest(small_map)
    res = run("import", str(bad), "--map", str(small_map), "--tz", "Europe/Berlin")
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert str(bad) in res.stderr
    assert "line 2, Start date: '2025-02-30' -> a date like" in res.stderr
    assert _digest(small_map) == before


def test_a_day_over_24_hours_is_refused_in_the_dry_run_and_the_import(small_map, tmp_path, capsys):
    export = write_csv(
        tmp_path / "long.csv",
        TOGGL_HEADER,
        [toggl_row("2025-01-09", "00:00:00", "2025-01-09", "23:00:00", "23:00:00")],
    )
    before = _digest(small_map)
    for extra in (["--dry-run"], []):
        code = main(["import", str(export), "--map", str(small_map), "--tz", "UTC", *extra])
        err = capsys.readouterr().err
        assert code == 1, err
        assert (
            f"{export}\n    line 2, hours: 25.0 -> the hours logged on 2025-01-09 add up to 25 "
            "(lines 3, 6); a day holds at most 24 (time_log.csv line 6 once imported)"
        ) in err
    assert _digest(small_map) == before


def test_an_ambiguous_clockify_date_says_how_to_choose(small_map, tmp_path, capsys):
    path = tmp_path / "clockify.csv"
    path.write_text(
        "Project,Description,Start Date,Start Time,End Date,End Time,Duration (h)\n"
        "SQL,a,03/04/2025,09:00,03/04/2025,10:00,01:00:00\n",
        encoding="utf-8",
    )
    args = ["import", str(path), "--map", str(small_map), "--tz", "UTC", "--dry-run"]
    assert main(args) == 1 and "--date-order dmy" in capsys.readouterr().err
    assert main([*args, "--date-order", "dmy"]) == 0 and "2025-04-03" in capsys.readouterr().out


def test_dry_run_shows_each_row_with_its_rule_and_zone(small_map, tmp_path, capsys):
    """Per row: date, hours, category, goal, milestone, action, the rule that set them and
    the zone of the day, so the rules can be checked before anything is written."""
    export = write_csv(
        tmp_path / "toggl.csv",
        TOGGL_HEADER,
        [
            toggl_row("2025-02-03", "19:00:00", "2025-02-03", "20:30:00", "01:30:00",
                      project="SQL course", description="joins", tags="learning"),
            toggl_row("2025-02-04", "08:00:00", "2025-02-04", "09:00:00", "01:00:00",
                      project="Portfolio", description="chart", tags="practice"),
        ],
    )  # fmt: skip
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - match: {project: portfolio}\n    set: {goal: G2}\n"
        "  - match: {project: sql}\n    set: {goal: G1, milestone: M1, action: A1}\n",
        encoding="utf-8",
    )
    args = ["import", str(export), "--map", str(small_map), "--rules", str(rules), "--dry-run"]
    assert main(args) == 0
    out = capsys.readouterr().out
    table = out.split("rows to add, each with the rule that set it")[1].splitlines()
    assert table[1].split() == [
        "date", "hours", "category", "goal", "milestone", "action", "rule", "zone", "from"
    ]  # fmt: skip
    zone = careermap.timeimport.plan_import(small_map, [export]).zone  # this machine's
    assert table[2].split() == [
        "2025-02-03", "1.50", "learning", "G1", "M1", "A1", "rules[1]", zone, "toggl.csv:2"
    ]  # fmt: skip
    assert table[3].split() == [
        "2025-02-04", "1.00", "practice", "G2", "rules[0]", zone, "toggl.csv:3"
    ]  # fmt: skip
    # the machine's zone was used: the preview says how to use another, where it matters
    assert (
        f"days are counted in {zone} (this machine's time zone): to count days in another "
        "zone, add timezone: ZONE (such as Europe/Berlin) under person: in roadmap.yaml, "
        "or pass --tz ZONE"
    ) in out


def test_log_appends_one_checked_row(small_map, capsys):
    code = main(
        [
            "log",
            "1:30",
            "practice",
            "--goal",
            "G1",
            "--milestone",
            "M2",
            "--date",
            "2025-02-10",
            "--note",
            "axis labels, colours",
            "--map",
            str(small_map),
        ]
    )
    assert code == 0
    assert (
        capsys.readouterr().out.strip()
        == "time_log.csv: added line 6: 1.5 h practice on 2025-02-10"
    )
    assert (
        (small_map / "time_log.csv")
        .read_text()
        .endswith('2025-02-10,1.5,practice,G1,M2,,"axis labels, colours"\n')
    )
    assert len(store.history(small_map)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["30", "practice"], "line 6, hours: 30 -> a number of hours > 0 and <= 24"),
        (["1", "studying"], "line 6, category: 'studying'"),
        (["1", "practice", "--goal", "G9"], "no goal with this id in roadmap.yaml"),
        (["1", "practice", "--date", "2025-02-30"], "--date must be a date like 2026-11-15"),
        (["23", "learning", "--date", "2025-01-09"], "add up to 25"),
    ],
)
def test_log_refusals_exit_1_and_write_nothing(small_map, args, message, capsys):
    before = _digest(small_map)
    assert main(["log", *args, "--map", str(small_map)]) == 1
    assert message in capsys.readouterr().err
    assert _digest(small_map) == before


def test_refusals_reach_the_shell_as_messages_not_tracebacks(small_map):
    res = run("log", "30", "practice", "--map", str(small_map))
    assert res.returncode == 1
    assert res.stderr.startswith("careermap: time_log.csv: the new row was not written")
    assert "Traceback" not in res.stderr


def test_log_refuses_the_bundled_sample(capsys):
    assert main(["log", "1", "practice", "--map", str(careermap.sample_path())]) == 1
    assert "bundled demo data" in capsys.readouterr().err


def test_undo_with_nothing_to_undo_is_a_message(small_map, capsys):
    assert main(["undo", "--map", str(small_map)]) == 1
    assert "nothing to undo" in capsys.readouterr().err
