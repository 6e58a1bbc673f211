"""The ``careermap`` command: one module per command group, each with its
``add_<group>_parsers(subparsers)`` and one ``run_<command>(args)`` per command.

- :mod:`careermap.cli._maps`: ``validate``, ``init``, ``demo``
- :mod:`careermap.cli._lab`: ``lab``, ``notebooks``
- :mod:`careermap.cli._report`: ``report``, ``summary``
- :mod:`careermap.cli._export`: ``export``
- :mod:`careermap.cli._dashboard`: ``dashboard``
- :mod:`careermap.cli._time`: ``import``, ``log``, ``undo``
- :mod:`careermap.cli._scale`: ``convert``, ``kpis``

:mod:`careermap.cli._options` holds the options several commands share (``--as-of``, the one
reading of a date option). Every expected failure (bad input, refused write) prints a plain
message and exits 1; no traceback reaches the user unless ``--debug`` is given. The modules
import their commands' modules (pandas and up) inside the commands, so ``--help`` and
``--version`` start at once (``tests/test_startup.py``).
"""

from __future__ import annotations

import argparse
import errno
import importlib.metadata
import sys
from collections.abc import Sequence

from careermap._command import self_command
from careermap.cli._dashboard import add_dashboard_parsers
from careermap.cli._export import add_export_parsers
from careermap.cli._lab import add_notebooks_parsers, lab_command, lab_folder
from careermap.cli._maps import add_maps_parsers
from careermap.cli._plan import add_plan_parsers
from careermap.cli._report import add_report_parsers
from careermap.cli._scale import add_scale_parsers
from careermap.cli._time import add_time_parsers
from careermap.errors import CareermapError

__all__ = ["lab_command", "lab_folder", "main", "self_command"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="careermap", description="Career strategy maps: validate, create, explore."
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    p.add_argument("--version", action="version", version=f"careermap {_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    add_maps_parsers(sub)
    add_notebooks_parsers(sub)
    add_report_parsers(sub)
    add_export_parsers(sub)
    add_dashboard_parsers(sub)
    add_time_parsers(sub)
    add_scale_parsers(sub)
    add_plan_parsers(sub)
    return p


def _version() -> str:
    try:
        return importlib.metadata.version("careermap")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "(not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # only `careermap lab` passes options on (to JupyterLab)
        if args.command != "lab":
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.lab_args = unknown
    try:
        return int(args.func(args))
    except CareermapError as exc:
        print(f"careermap: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # e.g. a bad --start date
        print(f"careermap: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the machine, not careermap: a full disk, a read-only folder
        if args.debug:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        full = exc.errno == errno.ENOSPC
        print(
            f"careermap: {exc.strerror or exc}{where}; careermap replaces a file whole or not "
            "at all, so nothing was half-written"
            + ("; free some space and run the command again" if full else ""),
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # an unexpected bug: say so plainly, keep the traceback opt-in
        if args.debug:
            raise
        print(
            f"careermap: internal error ({type(exc).__name__}: {exc}); "
            "rerun with --debug and report it",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
