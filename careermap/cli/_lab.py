"""``careermap lab`` and ``careermap notebooks``: the guided notebooks, opened or copied.

Wired into :mod:`careermap.cli` with :func:`add_notebooks_parsers`; which notebooks a wheel
carries and how they are copied is :mod:`careermap.cli._notebook_files`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from careermap.errors import CareermapError

__all__ = ["add_notebooks_parsers", "lab_command", "lab_folder", "run_lab", "run_notebooks"]


def add_notebooks_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register ``lab`` and ``notebooks`` on ``subparsers`` (``add_subparsers()``).

    Examples
    --------
    >>> sub = argparse.ArgumentParser().add_subparsers(dest="command")
    >>> add_notebooks_parsers(sub)
    >>> sorted(sub.choices)
    ['lab', 'notebooks']
    """
    lab = subparsers.add_parser(
        "lab",
        help="open JupyterLab on the notebooks",
        description="Open JupyterLab on the notebooks. Other options (--port 8890, "
        "--no-browser, --ip 0.0.0.0, ...) are passed on to JupyterLab; --allow-root is "
        "added when running as root.",
    )
    lab.add_argument(
        "--notebooks",
        help="notebook folder (default: the repository's notebooks/ in a checkout, else your "
        "own copy, made on first use; see `careermap notebooks`)",
    )
    lab.add_argument(
        "--dry-run", action="store_true", help="print the JupyterLab command instead of running it"
    )
    lab.set_defaults(func=run_lab, lab_args=[])

    nb = subparsers.add_parser(
        "notebooks",
        help="copy the guided notebooks into a folder of yours (never overwrites your changes)",
        description="Copy the five guided notebooks into DEST (created if needed). A notebook "
        "you changed there is kept as it is and reported; one careermap copied earlier and "
        "you left unchanged is brought up to date.",
    )
    nb.add_argument("dest", metavar="DEST")
    nb.set_defaults(func=run_notebooks)


def run_notebooks(args: argparse.Namespace) -> int:
    from careermap.cli._notebook_files import copy_notebooks

    try:
        done = copy_notebooks(args.dest)
    except OSError as exc:
        raise CareermapError(
            f"cannot copy the notebooks into {args.dest}: {exc.strerror or exc}"
        ) from None
    for c in done:
        print(c, file=sys.stderr if c.action == "kept" else sys.stdout)
    return 0


def lab_folder(notebooks: str | os.PathLike[str] | None) -> Path:
    """The folder ``careermap lab`` opens: ``notebooks`` when given; else the repository's
    ``notebooks/`` in a source checkout; else the user's own copy
    (:func:`careermap.cli._notebook_files.user_notebooks_dir`), never the installed files."""
    from careermap.cli._notebook_files import checkout_notebooks, user_notebooks_dir

    if notebooks:
        return Path(notebooks)
    return checkout_notebooks() or user_notebooks_dir()


def lab_command(notebooks: str | os.PathLike[str] | None, extra: Sequence[str]) -> list[str]:
    """The JupyterLab command ``careermap lab`` runs: the notebook folder (:func:`lab_folder`),
    ``--allow-root`` when running as root (containers do; JupyterLab refuses root otherwise),
    then ``extra`` (``--port 8890``, ``--no-browser``, ...) passed on as given.

    Examples
    --------
    >>> cmd = lab_command("notebooks", ["--port", "8890", "--no-browser"])
    >>> cmd[1:4], cmd[-3:]
    (['-m', 'jupyterlab', '--notebook-dir=notebooks'], ['--port', '8890', '--no-browser'])
    """
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={lab_folder(notebooks)}"]
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if is_root and "--allow-root" not in extra:
        cmd.append("--allow-root")
    return cmd + list(extra)


def run_lab(args: argparse.Namespace) -> int:
    from careermap.cli._notebook_files import checkout_notebooks, copy_notebooks

    cmd = lab_command(args.notebooks, args.lab_args)
    if args.dry_run:
        print(shlex.join(cmd))
        return 0
    if importlib.util.find_spec("jupyterlab") is None:
        raise CareermapError(
            "JupyterLab is not installed in this environment; install the lab extra "
            "(uv sync --extra lab, or pip install 'careermap[lab]') or run python3 "
            "scripts/dev.py lab from the project folder"
        )
    if not args.notebooks and checkout_notebooks() is None:
        # an installed careermap: the user's own copy, made (or brought up to date) now
        folder = lab_folder(None)
        done = copy_notebooks(folder)
        changed = [c for c in done if c.action in ("copied", "updated")]
        print(f"your notebooks: {folder} ({len(changed)} of {len(done)} copied or updated now)")
        for c in done:
            if c.action == "kept":
                print(c, file=sys.stderr)
    return subprocess.call(cmd, env=os.environ.copy())
