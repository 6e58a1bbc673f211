"""The ``careermap`` command: validate, init, demo, report, lab, import, log, undo, convert,
kpis.

Every expected failure (bad input, refused write) prints a plain message and exits 1;
no traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from careermap.cli_import import add_time_parsers
from careermap.cli_report import add_report_parser
from careermap.cli_scale import add_scale_parsers
from careermap.errors import CareermapError, MapValidationError, format_report

__all__ = ["main"]


def _summary_line(m) -> list[str]:
    lines = []
    counts = {pid: {} for pid in m.person_ids}
    for frame in ("goals", "milestones", "time_log", "assessments", "reviews"):
        for pid, n in getattr(m, frame).groupby("person_id").size().items():
            counts[pid][frame] = int(n)
    warned = {}
    for w in m.warnings:
        warned[w.person_id] = warned.get(w.person_id, 0) + 1
    for pid, c in counts.items():
        warn = f", {warned[pid]} warning{'s' * (warned[pid] != 1)}" if warned.get(pid) else ""
        lines.append(
            f"{pid}: ok - {c.get('goals', 0)} goals, {c.get('milestones', 0)} milestones, "
            f"{c.get('time_log', 0)} time-log rows, {c.get('assessments', 0)} assessments, "
            f"{c.get('reviews', 0)} reviews{warn}"
        )
    return lines


def _cmd_validate(args: argparse.Namespace) -> int:
    from careermap.io import load

    results = []
    failed = False
    for path in args.paths:
        try:
            m = load(path)
        except MapValidationError as exc:
            failed = True
            results.append(
                {"path": path, "ok": False, "errors": exc.problems, "warnings": exc.warnings}
            )
        else:
            results.append(
                {"path": path, "ok": True, "map": m, "errors": [], "warnings": m.warnings}
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
    from careermap.store import init_map

    start = dt.date.fromisoformat(args.start) if args.start else None
    folder = init_map(args.path, person_id=args.id, name=args.name, start=start)
    print(
        f"created {folder}/roadmap.yaml and empty logs; edit them, then run: "
        f"careermap validate {folder}"
    )
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


def _cmd_lab(args: argparse.Namespace) -> int:
    notebooks = (
        Path(args.notebooks)
        if args.notebooks
        else Path(__file__).resolve().parent.parent / "notebooks"
    )
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={notebooks}", *args.lab_args]
    return subprocess.call(cmd, env=os.environ.copy())


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="careermap", description="Career strategy maps: validate, create, explore."
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
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
    i.set_defaults(func=_cmd_init)

    d = sub.add_parser("demo", help="generate a deterministic demo cohort with planted personas")
    d.add_argument("out", metavar="OUT")
    d.add_argument("--people", type=int, default=30)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--as-of", default="2026-11-15", help="the cohort's 'today' (YYYY-MM-DD)")
    d.add_argument("--start", default="2025-09-01", help="the cohort's start (YYYY-MM-DD)")
    d.add_argument("--force", action="store_true", help="write into a non-empty folder")
    d.set_defaults(func=_cmd_demo)

    lab = sub.add_parser("lab", help="open JupyterLab on the notebooks")
    lab.add_argument("--notebooks", help="notebook folder (default: the project's notebooks/)")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="passed on to jupyter lab")
    lab.set_defaults(func=_cmd_lab)

    add_report_parser(sub)
    add_time_parsers(sub)
    add_scale_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
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
