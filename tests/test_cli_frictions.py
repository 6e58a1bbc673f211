"""Issue 15's command-line frictions: --version, python -m careermap, hints that work, no
lock file after init, "did you mean" for categories, problems in line order, the lab command
(--allow-root as root, options passed on) and scripts/dev.py's set-up."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import careermap
from careermap import cli
from careermap.cli import _lab, lab_command, main

ROOT = Path(__file__).resolve().parent.parent


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == "careermap 0.1.0"


def test_python_dash_m_careermap_runs_the_command(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "careermap", "validate", str(careermap.sample_path()), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("alex-rivera: ok - ")


def test_init_hint_names_a_command_that_runs_here_and_leaves_no_lock(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "UV"}
    env["PATH"] = "/usr/bin:/bin"  # no careermap, no environment's python on the PATH
    folder = tmp_path / "sam lee"
    done = subprocess.run(
        [sys.executable, "-m", "careermap", "init", str(folder), "--id", "sam-lee"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    hint = done.stdout.split("then run: ", 1)[1].strip()
    script = Path(os.path.abspath(Path(sys.executable).parent / "careermap"))
    assert hint == f"{script} validate '{folder}'"  # this environment's own command
    again = subprocess.run(
        hint, shell=True, capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path
    )
    assert again.returncode == 0 and again.stdout.startswith("sam-lee: ok - "), again.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "assessments.csv",
        "goal_progress.csv",
        "reviews.csv",
        "roadmap.yaml",
        "time_log.csv",
    ]


def test_self_command_under_uv_run(monkeypatch):
    from careermap import _command

    monkeypatch.setenv("UV", "/somewhere/uv")
    monkeypatch.setattr(_command.shutil, "which", lambda name: f"/bin/{name}" * (name == "uv"))
    assert cli.self_command() == "uv run careermap"


def test_self_command_when_uv_is_not_on_the_path(monkeypatch, tmp_path):
    """The quick start may install uv into .tools/, off the PATH: then `uv run` would fail,
    and the hint names this environment's own careermap script (issue 24)."""
    from careermap import _command

    monkeypatch.setenv("UV", "/project/.tools/bin/uv")
    monkeypatch.setattr(_command.shutil, "which", lambda name: None)
    bindir = tmp_path / ".venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "careermap").write_text("#!/bin/sh\n")
    monkeypatch.setattr(_command.sys, "executable", str(bindir / "python"))
    monkeypatch.chdir(tmp_path)
    assert cli.self_command() == ".venv/bin/careermap"
    monkeypatch.chdir(tmp_path / ".venv" / "bin")
    assert cli.self_command() == "./careermap"
    monkeypatch.chdir("/")
    assert cli.self_command() == str(bindir / "careermap")
    (bindir / "careermap").unlink()  # no script: this interpreter with -m
    assert cli.self_command() == f"{bindir / 'python'} -m careermap"


def test_init_into_a_folder_it_cannot_write_is_a_message(tmp_path, capsys):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        assert main(["init", str(locked / "sam")]) == 1
        assert "cannot write to" in capsys.readouterr().err
    finally:
        locked.chmod(0o700)


def test_categories_get_a_did_you_mean_and_problems_come_in_line_order(tmp_path, capsys):
    folder = tmp_path / "sam"
    assert main(["init", str(folder), "--start", "2026-11-01"]) == 0
    with open(folder / "time_log.csv", "a", encoding="utf-8") as f:
        f.write("2026-11-05,2,learnig,,,,\n2026-11-03,30,Practice,G9,,,\n2026-11-04,1,zzz,,,,\n")
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 1
    lines = [ln.strip() for ln in capsys.readouterr().err.splitlines() if "line " in ln]
    assert [ln.split(":")[0] for ln in lines] == [
        "line 2, category",
        "line 3, hours",
        "line 3, category",
        "line 3, goal",
        "line 4, category",
    ]
    assert lines[0].startswith("line 2, category: 'learnig' -> did you mean 'learning'? one of")
    assert "did you mean 'practice'? " in lines[2]
    assert "did you mean" not in lines[4]


@pytest.mark.parametrize("euid, root", [(0, True), (1000, False)])
def test_lab_command_adds_allow_root_only_for_root(monkeypatch, euid, root):
    monkeypatch.setattr(_lab.os, "geteuid", lambda: euid, raising=False)
    cmd = lab_command("nb", ["--port", "8890", "--no-browser"])
    assert cmd[:4] == [sys.executable, "-m", "jupyterlab", "--notebook-dir=nb"]
    assert ("--allow-root" in cmd) is root
    assert cmd[-3:] == ["--port", "8890", "--no-browser"]
    # given by the user, it is not doubled
    assert lab_command("nb", ["--allow-root"]).count("--allow-root") == 1


def test_careermap_lab_passes_options_through(capsys, monkeypatch):
    monkeypatch.setattr(_lab.os, "geteuid", lambda: 1000, raising=False)
    assert main(["lab", "--dry-run", "--port", "8890", "--ServerApp.token=x"]) == 0
    out = capsys.readouterr().out.split()
    assert out[-2:] == ["8890", "--ServerApp.token=x"] and "--port" in out
    with pytest.raises(SystemExit):  # other commands still refuse unknown options
        main(["validate", str(careermap.sample_path()), "--port", "1"])


def _dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "scripts" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_lab_installs_what_running_needs_and_passes_options_on():
    dev = _dev()
    sync = dev.sync_command("uv", "lab")
    assert sync[:3] == ["uv", "sync", "--locked"]
    assert {"--no-dev", "--inexact"} <= set(sync) and sync[sync.index("--extra") + 1] == "lab"
    assert "--all-extras" not in sync
    run = dev.run_command("uv", "lab", ["--port", "8890", "--no-browser"])
    assert run == [
        "uv", "run", "--no-sync", "python", "-m", "careermap", "lab", "--port", "8890",
        "--no-browser",
    ]  # fmt: skip


def test_dev_test_installs_everything():
    dev = _dev()
    sync = dev.sync_command("uv", "test")
    assert "--all-extras" in sync and "--no-dev" not in sync and "--inexact" not in sync
    assert dev.run_command("uv", "test", ["tests/io", "-q"])[-3:] == ["pytest", "tests/io", "-q"]


def test_dev_dry_run_prints_the_commands_and_runs_nothing():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "dev.py"), "--dry-run", "lab", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    sync, run = done.stdout.splitlines()
    assert " sync --locked " in sync and sync.endswith("--no-dev --extra lab --inexact")
    assert run.endswith("run --no-sync python -m careermap lab --port 1")
    bad = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "dev.py"), "serve"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "python3 scripts/dev.py lab" in bad.stdout


def test_no_progress_bar_when_nobody_watches():
    """A script whose standard error is a pipe is not interactive: no progress bar."""
    code = "from careermap.io._load import interactive; print(interactive())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False" and done.stderr == ""


def test_summary_line_counts_agree_with_their_nouns(tmp_path, capsys):
    folder = tmp_path / "sam"
    assert main(["init", str(folder), "--start", "2026-11-01"]) == 0
    with open(folder / "reviews.csv", "a", encoding="utf-8") as f:
        f.write("2026-11-20,3,3,3,3,\n")
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "sam: ok - 1 goal, 2 milestones, 0 time-log rows, 0 assessments, 1 review"
    )


def test_report_out_in_a_new_folder_is_created_before_the_work(tmp_path, capsys, monkeypatch):
    out = tmp_path / "new" / "folder" / "r.html"
    assert main(["report", str(careermap.sample_path()), "--out", str(out),
                 "--as-of", "2026-11-15"]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert f"created the folder {out.parent}" in said and out.is_file()

    # a folder given as --out is refused before the map is read (it used to fail ~10 s late)
    def never(*args, **kwargs):
        raise AssertionError("the map was read before --out was checked")

    monkeypatch.setattr("careermap.io.load", never)
    assert main(["report", str(careermap.sample_path()), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "it is a folder; give a file name, such as" in err and "Traceback" not in err


def test_export_of_one_person_says_person(tmp_path, capsys):
    out = tmp_path / "kpis.csv"
    assert main(["export", str(careermap.sample_path()), "--out", str(out),
                 "--as-of", "2026-11-15"]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert " - 1 person (" in said and "1 people" not in said


def test_log_before_the_maps_start_warns_at_once(tmp_path, capsys):
    folder = tmp_path / "sam"
    assert main(["init", str(folder), "--start", "2026-11-01"]) == 0
    capsys.readouterr()
    assert main(["log", "1", "learning", "--map", str(folder), "--date", "2026-10-20"]) == 0
    captured = capsys.readouterr()
    assert "added line" in captured.out
    assert "is before the map's start (2026-11-01)" in captured.err
    assert "time_log.csv, line 2" in captured.err
    # on or after the start: nothing to warn about
    assert main(["log", "1", "learning", "--map", str(folder), "--date", "2026-11-02"]) == 0
    assert capsys.readouterr().err == ""
