"""How to run careermap again from the shell a person is in: the command every hint prints.

The one place every hint that prints a command (``init``'s "then run: ...", an import's
"revert with: ...") gets it from.

A low-level module (it imports nothing of careermap), so any layer's message can name a
command that works as printed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

__all__ = ["self_command"]


def _shown(path: Path) -> str:
    """``path`` as a person would type it: relative when under the current folder (not ``/``)."""
    cwd = Path.cwd().resolve()
    if cwd == Path(cwd.anchor) or not path.is_relative_to(cwd):
        return shlex.quote(str(path))
    rel = path.relative_to(cwd)
    return shlex.quote(str(rel) if len(rel.parts) > 1 else f".{os.sep}{rel}")


def self_command() -> str:
    """The command that runs this careermap from the current shell, exactly as it works there.

    In order: ``careermap`` when that name on the PATH is this environment's; ``uv run
    careermap`` when uv started this one (``uv run`` sets ``UV``) and ``uv`` is on the PATH
    (the quick start may have installed uv into ``.tools/``, off the PATH); this environment's
    own ``careermap`` script (``.venv/bin/careermap`` from the project folder); otherwise
    ``python -m careermap`` with this interpreter (its full path when ``python`` on the PATH
    is another one).

    Examples
    --------
    >>> self_command().endswith("careermap")
    True
    """
    here = Path(sys.executable).parent
    found = shutil.which("careermap")
    if found and Path(found).resolve().parent == here.resolve():
        return "careermap"
    if os.environ.get("UV") and shutil.which("uv"):
        return "uv run careermap"
    script = here / ("careermap.exe" if os.name == "nt" else "careermap")
    if script.is_file():
        return _shown(Path(os.path.abspath(script)))
    python = shutil.which("python")
    if python and Path(python).resolve() == Path(sys.executable).resolve():
        return "python -m careermap"
    return f"{shlex.quote(sys.executable)} -m careermap"
