"""One entry point for the README's two commands, from a machine with only Python 3.11+.

    python3 scripts/dev.py lab     # set up, then open JupyterLab on the notebooks (sample data)
    python3 scripts/dev.py test    # set up, then run every test (unit, notebooks, browser)

Set-up is idempotent: uv (installed into .tools/ if not on PATH) creates .venv from uv.lock
with this same Python. `lab` installs what running the notebooks needs (the package and its
`lab` extra, no test tooling) and keeps whatever else is already there; `test` installs
everything (every extra and the dev group). Extra arguments are passed on: to pytest, or to
JupyterLab (`python3 scripts/dev.py lab --port 8890 --no-browser`; `--allow-root` is added
when running as root). `--dry-run` before the command prints the commands instead of
running them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools"
COMMANDS = ("lab", "test")


def _uv(*, install: bool = True) -> str:
    found = shutil.which("uv")
    if found:
        return found
    bindir = TOOLS / ("Scripts" if os.name == "nt" else "bin")
    uv = bindir / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists() and install:
        print("setting up: installing uv into .tools/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(TOOLS)
        subprocess.check_call([str(bindir / "python"), "-m", "pip", "install", "--quiet", "uv"])
    return str(uv)


def sync_command(uv: str, command: str) -> list[str]:
    """The `uv sync` that sets up .venv for ``command``."""
    base = [uv, "sync", "--locked", "--python", sys.executable]
    if command == "lab":
        # what running needs; --inexact keeps test tooling a `test` run installed earlier
        return [*base, "--no-dev", "--extra", "lab", "--inexact"]
    return [*base, "--all-extras"]


def run_command(uv: str, command: str, rest: list[str]) -> list[str]:
    """The command run in .venv once it is set up (no second sync: it would add the dev
    group back for `lab`)."""
    if command == "lab":
        return [uv, "run", "--no-sync", "python", "-m", "careermap", "lab", *rest]
    return [uv, "run", "--no-sync", "pytest", *rest]


def main(argv: list[str]) -> int:
    dry_run = bool(argv) and argv[0] == "--dry-run"
    if dry_run:
        argv = argv[1:]
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    uv = _uv(install=not dry_run)
    steps = [sync_command(uv, command), run_command(uv, command, rest)]
    if dry_run:
        for step in steps:
            print(shlex.join(step))
        return 0
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.check_call(steps[0], cwd=ROOT, env=env)
    return subprocess.call(steps[1], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
