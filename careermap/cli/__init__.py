"""The ``careermap`` command: validate, init, demo, report, lab, notebooks, import, log,
undo, convert, kpis.

Every expected failure (bad input, refused write) prints a plain message and exits 1;
no traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import errno
import importlib.metadata
import importlib.util
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from careermap._command import self_command
from careermap.cli._export import add_export_parsers
from careermap.cli._time import add_time_parsers
from careermap.cli._report import add_report_parser, add_summary_parser
from careermap.cli._scale import add_scale_parsers
from careermap.errors import CareermapError, MapValidationError, format_report

__all__ = ["main", "self_command"]


def _summary_line(m) -> list[str]:
    from careermap import _format as fmt

    lines = []
    counts = {pid: {} for pid in m.person_ids}
    for frame in ("goals", "milestones", "time_log", "assessments", "reviews"):
        for pid, n in getattr(m, frame).groupby("person_id").size().items():
            counts[pid][frame] = int(n)
    warned = {}
    for w in m.warnings:
        warned[w.person_id] = warned.get(w.person_id, 0) + 1
    for pid, c in counts.items():
        warn = f", {fmt.count(warned[pid], 'warning')}" if warned.get(pid) else ""
        counts_text = ", ".join(
            fmt.count(c.get(frame, 0), noun)
            for frame, noun in (
                ("goals", "goal"),
                ("milestones", "milestone"),
                ("time_log", "time-log row"),
                ("assessments", "assessment"),
                ("reviews", "review"),
            )
        )
        lines.append(f"{pid}: ok - {counts_text}{warn}")
    return lines


def _cmd_validate(args: argparse.Namespace) -> int:
    from careermap.io import load
    from careermap.store import shrunk_logs

    results = []
    failed = False
    for path in args.paths:
        try:
            m = load(path)
        except MapValidationError as exc:
            failed = True
            results.append(
                {
                    "path": path,
                    "ok": False,
                    "errors": exc.problems,
                    "warnings": [*exc.warnings, *shrunk_logs(path)],
                }
            )
        else:
            results.append(
                {
                    "path": path,
                    "ok": True,
                    "map": m,
                    "errors": [],
                    "warnings": [*m.warnings, *shrunk_logs(path)],
                }
            )
    if args.format == "json":
        from dataclasses import asdict

        out = [
            {
                "path": r["path"],
                "ok": r["ok"],
                "people": r["map"].person_ids if r["ok"] else [],
                "errors": [asdict(p) for p in r["errors"]],
                "warnings": [asdict(p) for p in r["warnings"]],
            }
            for r in results
        ]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 1 if failed else 0
    for r in results:
        if r["ok"]:
            m = r["map"]
            if m.is_cohort:
                print(f"{r['path']}: ok - {len(m.people)} people")
            for line in _summary_line(m):
                print(("  " if m.is_cohort else "") + line)
            if r["warnings"] and not args.quiet:
                print(format_report([], r["warnings"], limit=None if args.all else 50))
        elif args.quiet:  # the summary only: how many problems, in how many files
            counts = format_report(r["errors"], limit=0).splitlines()[0].rstrip(":")
            print(f"{r['path']}: INVALID - {counts}", file=sys.stderr)
        else:
            print(f"{r['path']}: INVALID", file=sys.stderr)
            print(
                format_report(r["errors"], r["warnings"], limit=None if args.all else 200),
                file=sys.stderr,
            )
    return 1 if failed else 0


def _cmd_init(args: argparse.Namespace) -> int:
    from careermap._dates import date_option
    from careermap.store import init_map

    start = date_option(args.start, "--start") if args.start else None
    if args.group is not None and not args.group.strip():
        raise CareermapError("--group needs a name, e.g. --group data")
    folder = init_map(args.path, person_id=args.id, name=args.name, start=start)
    print(
        f"created {folder}/roadmap.yaml and empty logs; edit them, then run: "
        f"{self_command()} validate {shlex.quote(str(folder))}"
    )
    if args.group is not None:
        from careermap.coach import set_group

        person_id = args.id or Path(folder).name.lower()
        cohort_file = set_group(Path(folder).resolve().parent, person_id, args.group)
        print(f"added {person_id} to group {args.group.strip()!r} in {cohort_file}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from careermap.demo import generate_cohort

    out = Path(args.out)
    if out.exists() and any(out.iterdir()) and not args.force:
        raise CareermapError(
            f"{out} exists and is not empty; choose a new folder (or --force to write into it)"
        )
    path = generate_cohort(
        out, people=args.people, seed=args.seed, as_of=args.as_of, start=args.start
    )
    print(f"wrote a demo cohort of {args.people} people to {path} (seed {args.seed})")
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from careermap._notebooks import copy_notebooks

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
    (:func:`careermap._notebooks.user_notebooks_dir`), never the installed files."""
    from careermap._notebooks import checkout_notebooks, user_notebooks_dir

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


def _cmd_lab(args: argparse.Namespace) -> int:
    from careermap._notebooks import checkout_notebooks, copy_notebooks

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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="careermap", description="Career strategy maps: validate, create, explore."
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    p.add_argument("--version", action="version", version=f"careermap {_version()}")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser(
        "validate", help="check map folders or cohort folders; exit 1 if any has problems"
    )
    v.add_argument("paths", nargs="+", metavar="PATH")
    v.add_argument("--format", choices=["text", "json"], default="text")
    v.add_argument("--all", action="store_true", help="list every problem (default: the first 200)")
    v.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="summaries only: no warnings, and for a map with problems only how many",
    )
    v.set_defaults(func=_cmd_validate)

    i = sub.add_parser("init", help="create a valid, commented starter map")
    i.add_argument("path", metavar="PATH")
    i.add_argument("--id", help="person id (default: the folder name)")
    i.add_argument("--name", help="display name")
    i.add_argument("--start", help="start date YYYY-MM-DD (default: today)")
    i.add_argument(
        "--group",
        help="for a person in a cohort folder (PATH is COHORT/person-id): their group, "
        "written to COHORT/cohort.yaml",
    )
    i.set_defaults(func=_cmd_init)

    d = sub.add_parser("demo", help="generate a deterministic demo cohort with planted personas")
    d.add_argument("out", metavar="OUT")
    d.add_argument("--people", type=int, default=30)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--as-of", default="2026-11-15", help="the cohort's 'today' (YYYY-MM-DD)")
    d.add_argument("--start", default="2025-09-01", help="the cohort's start (YYYY-MM-DD)")
    d.add_argument("--force", action="store_true", help="write into a non-empty folder")
    d.set_defaults(func=_cmd_demo)

    lab = sub.add_parser(
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
    lab.set_defaults(func=_cmd_lab, lab_args=[])

    nb = sub.add_parser(
        "notebooks",
        help="copy the guided notebooks into a folder of yours (never overwrites your changes)",
        description="Copy the five guided notebooks into DEST (created if needed). A notebook "
        "you changed there is kept as it is and reported; one careermap copied earlier and "
        "you left unchanged is brought up to date.",
    )
    nb.add_argument("dest", metavar="DEST")
    nb.set_defaults(func=_cmd_notebooks)

    add_report_parser(sub)
    add_summary_parser(sub)
    add_export_parsers(sub)
    add_time_parsers(sub)
    add_scale_parsers(sub)
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
