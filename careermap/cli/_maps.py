"""``careermap validate``, ``init`` and ``demo``: check, start and generate map folders.

Wired into :mod:`careermap.cli` with :func:`add_maps_parsers`; expected failures raise
:class:`~careermap.errors.CareermapError`, which the CLI prints without a traceback.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from careermap._command import self_command
from careermap.cli._options import date_arg
from careermap.errors import CareermapError, MapValidationError, format_report

__all__ = ["add_maps_parsers", "run_demo", "run_init", "run_validate"]


def add_maps_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register ``validate``, ``init`` and ``demo`` on ``subparsers`` (``add_subparsers()``).

    Examples
    --------
    >>> sub = argparse.ArgumentParser().add_subparsers(dest="command")
    >>> add_maps_parsers(sub)
    >>> sorted(sub.choices)
    ['demo', 'init', 'validate']
    """
    v = subparsers.add_parser(
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
    v.set_defaults(func=run_validate)

    i = subparsers.add_parser("init", help="create a valid, commented starter map")
    i.add_argument("path", metavar="PATH")
    i.add_argument("--id", help="person id (default: the folder name)")
    i.add_argument("--name", help="display name")
    i.add_argument("--start", help="start date YYYY-MM-DD (default: today)")
    i.add_argument(
        "--group",
        help="for a person in a cohort folder (PATH is COHORT/person-id): their group, "
        "written to COHORT/cohort.yaml",
    )
    i.set_defaults(func=run_init)

    d = subparsers.add_parser(
        "demo", help="generate a deterministic demo cohort with planted personas"
    )
    d.add_argument("out", metavar="OUT")
    d.add_argument("--people", type=int, default=30)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument(
        "--end",
        "--as-of",
        dest="end",
        help="the last day of the data (YYYY-MM-DD; default today: a fixed day gives the "
        "same files on every run)",
    )
    d.add_argument("--start", help="the cohort's start (YYYY-MM-DD; default 440 days before --end)")
    d.add_argument("--force", action="store_true", help="write into a non-empty folder")
    d.set_defaults(func=run_demo)


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


def run_validate(args: argparse.Namespace) -> int:
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


def run_init(args: argparse.Namespace) -> int:
    from careermap.store import init_map

    start = date_arg(args.start, "--start") if args.start else None
    if args.group is not None and not args.group.strip():
        raise CareermapError("--group needs a name, e.g. --group data")
    folder = init_map(args.path, person_id=args.id, name=args.name, start=start)
    print(
        f"created {folder}/roadmap.yaml and empty logs; edit them, then run: "
        f"{self_command()} validate {shlex.quote(str(folder))}"
    )
    if args.group is not None:
        from careermap.store.coach import set_group

        person_id = args.id or Path(folder).name.lower()
        cohort_file = set_group(Path(folder).resolve().parent, person_id, args.group)
        print(f"added {person_id} to group {args.group.strip()!r} in {cohort_file}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from careermap.cli._options import date_arg
    from careermap.demo import demo_dates, generate_cohort

    out = Path(args.out)
    if out.exists() and any(out.iterdir()) and not args.force:
        raise CareermapError(
            f"{out} exists and is not empty; choose a new folder (or --force to write into it)"
        )
    # the days as the generator reads them (YYYY-MM-DD), whatever form they were given in
    end, start = demo_dates(
        date_arg(args.end, "--end").isoformat() if args.end else None,
        date_arg(args.start, "--start").isoformat() if args.start else None,
    )
    path = generate_cohort(out, people=args.people, seed=args.seed, as_of=end, start=start)
    print(
        f"wrote a demo cohort of {args.people} people to {path} "
        f"(seed {args.seed}, {start} to {end})"
    )
    return 0
