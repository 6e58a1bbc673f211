"""The options the commands share: one reading of a date option (``--as-of``, ``--date``,
``--start``) in every command, which takes a date and time as its day."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import careermap
from careermap.cli import main

CLI = Path(careermap.__file__).parent / "cli"


@pytest.mark.parametrize(
    "command",
    [
        ["summary", str(careermap.sample_path())],
        ["kpis", str(careermap.cohort_path())],
    ],
)
def test_as_of_with_a_time_of_day_is_that_day(command, capsys):
    assert main([*command, "--as-of", "2026-11-15"]) == 0
    by_day = capsys.readouterr()
    assert main([*command, "--as-of", "2026-11-15 14:30"]) == 0
    assert capsys.readouterr() == by_day
    assert "2026-11-15" in by_day.out or "need attention" in by_day.out


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["summary", "."], "--as-of"),
        (["report", "."], "--as-of"),
        (["export", ".", "--out", "k.csv"], "--as-of"),
        (["kpis", "."], "--as-of"),
        (["dashboard", "--no-browser"], "--as-of"),
        (["log", "1", "learning", "--map", "."], "--date"),
        (["init", "new-map"], "--start"),
    ],
)
def test_every_date_option_says_the_form_and_exits_1(command, option, capsys, tmp_path):
    argv = [tmp_path.as_posix() if a == "." else a for a in command]
    argv = [(tmp_path / a).as_posix() if a in ("new-map", "k.csv") else a for a in argv]
    assert main([*argv, option, "15/11/2026"]) == 1
    err = capsys.readouterr().err
    assert f"{option} must be a date like 2026-11-15 (YYYY-MM-DD); got '15/11/2026'" in err
    assert not (tmp_path / "new-map").exists()


def test_no_command_module_reads_a_date_of_its_own():
    """Every command reads its dates through ``cli._options.date_arg`` (one rule)."""
    readers = {}
    for path in sorted(CLI.glob("*.py")):
        if path.name == "_options.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "careermap._dates"
            for alias in node.names
        }
        if names & {"date_option", "as_of_arg"}:
            readers[path.name] = sorted(names)
    assert readers == {}


def test_the_dashboard_opens_on_the_day_of_a_date_and_time(monkeypatch, capsys):
    import careermap.dashboard
    from careermap.dashboard import ENV_AS_OF

    started = []  # the server is not started: serve() records what it was given
    monkeypatch.setattr(careermap.dashboard, "serve", lambda argv, env: started.append(env) or 0)
    assert main(["dashboard", "--no-browser", "--as-of", "2026-11-15 14:30"]) == 0
    assert [env[ENV_AS_OF] for env in started] == ["2026-11-15"]
    assert "http://127.0.0.1:8866/" in capsys.readouterr().out
