"""One entry point for the README's two commands, from a machine with only Python 3.11+.

    python3 scripts/dev.py lab     # set up, then open JupyterLab on the notebooks (sample data)
    python3 scripts/dev.py test    # set up, then run every test (unit, notebooks, browser)

Set-up is idempotent: uv (installed into .tools/ if not on PATH) creates .venv from uv.lock
with this same Python. Extra arguments are passed on (to pytest, or to jupyter lab).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools"


def _uv() -> str:
    found = shutil.which("uv")
    if found:
        return found
    bindir = TOOLS / ("Scripts" if os.name == "nt" else "bin")
    uv = bindir / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists():
        print("setting up: installing uv into .tools/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(TOOLS)
        subprocess.check_call([str(bindir / "python"), "-m", "pip", "install", "--quiet", "uv"])
    return str(uv)


def _sync(uv: str) -> None:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.check_call(
        [uv, "sync", "--locked", "--all-extras", "--python", sys.executable], cwd=ROOT, env=env
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("lab", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    uv = _uv()
    _sync(uv)
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    if command == "lab":
        cmd = [uv, "run", "--locked", "careermap", "lab", *rest]
    else:
        cmd = [uv, "run", "--locked", "pytest", *rest]
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
