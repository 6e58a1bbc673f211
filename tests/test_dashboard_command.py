"""``careermap dashboard``: the Voila command, its template and its errors (no server started)."""

from __future__ import annotations

from pathlib import Path

import careermap
from careermap.cli import main
from careermap.dashboard import ENV_AS_OF, ENV_COHORT, ENV_NAMES, voila_command


def test_command_serves_a_copy_on_localhost_with_a_template_without_cdn(tmp_path):
    package = Path(careermap.__file__).parent / "dashboard"
    before = sorted(p.name for p in package.iterdir())
    argv, env = voila_command(
        careermap.cohort_path(), port=8999, names=True, as_of="2026-11-15", workdir=tmp_path
    )
    assert argv[3] == str(tmp_path / "coach.ipynb") and (tmp_path / "coach.ipynb").is_file()
    assert "--Voila.ip=127.0.0.1" in argv and "--port=8999" in argv
    assert "--template=careermap" in argv and "--no-browser" in argv
    assert env[ENV_COHORT] == str(careermap.cohort_path())
    assert (env[ENV_NAMES], env[ENV_AS_OF]) == ("1", "2026-11-15")
    index = (tmp_path / "share/voila/templates/careermap/index.html.j2").read_text()
    assert "cdn.jsdelivr.net" not in index and 'href="http' not in index
    assert "voila_finish" in index  # the rest of Voila's lab template is kept
    assert sorted(p.name for p in package.iterdir()) == before


def test_cli_refuses_a_missing_folder_before_starting(tmp_path, capsys):
    assert main(["dashboard", str(tmp_path / "nowhere"), "--no-browser"]) == 1
    assert "is not a folder; give a cohort folder" in capsys.readouterr().err
    assert main(["dashboard", "--as-of", "yesterday", "--no-browser"]) == 1
    assert "--as-of must be a date" in capsys.readouterr().err


def test_the_dashboard_starts_from_the_repository_root(tmp_path):
    """The root's voila.json (progressive rendering, for notebook 05) is not the dashboard's:
    the command a coach types at the root starts a server instead of Voila's "preheat_kernel
    and progressive_rendering are incompatible"."""
    import subprocess
    import sys

    from e2e._notebooks import ROOT
    from e2e._servers import Server, free_port, isolated_env, started

    assert (ROOT / "voila.json").is_file()
    port = free_port()
    log_path = tmp_path / "dashboard.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "careermap", "dashboard", "--no-browser", f"--port={port}"],
            cwd=ROOT,
            env={**isolated_env(tmp_path), "CAREERMAP_DASHBOARD_AS_OF": ""},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = started(Server("voila", f"http://127.0.0.1:{port}", "", tmp_path, process, log_path))
    try:
        assert "incompatible" not in server.log()
    finally:
        server.stop()
