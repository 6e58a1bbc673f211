"""``careermap review`` and ``careermap calendar``: the weekly review and the plan in a calendar.

Wired into :mod:`careermap.cli` with :func:`add_plan_parsers`. ``review`` prints
:func:`careermap.metrics.weekly_review` and saves the scores and note as one row of
reviews.csv through :mod:`careermap.store`; ``calendar`` writes
:func:`careermap.views.plan_calendar`. Expected failures raise
:class:`~careermap.errors.CareermapError`, which the CLI prints without a traceback (exit 1).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from careermap._vocab import REVIEW_SCORES
from careermap.errors import CareermapError, InvalidArgumentError

__all__ = ["add_plan_parsers", "run_calendar", "run_review", "score_arg"]

_SCORE_RULE = "a whole number from 1 to 5"
_DAYS = {
    "mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU",
}  # fmt: skip


def add_plan_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register ``review`` and ``calendar`` on ``subparsers`` (``add_subparsers()``).

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="careermap")
    >>> add_plan_parsers(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["review", "--map", "maps/sam", "--satisfaction", "4"])
    >>> args.map, args.satisfaction
    ('maps/sam', '4')
    """
    rev = subparsers.add_parser(
        "review",
        help="your weekly review: what moved, slipped, is due, is at risk; then score it",
        description=(
            "Print what moved since your last review (milestones done, hours by goal against "
            "the plan, skill changes), what slipped, what is due in the next two weeks and the "
            "goal most at risk; then ask for the review's four scores (1-5) and a note and add "
            "them as one row of reviews.csv (`careermap undo` reverts it). Give the scores as "
            "options to skip the questions. See docs/planning.md."
        ),
    )
    rev.add_argument("--map", required=True, metavar="FOLDER", help="the person's map folder")
    rev.add_argument("--as-of", metavar="D", help="the review's day, YYYY-MM-DD (default: today)")
    rev.add_argument(
        "--since",
        metavar="D",
        help="start of the window, YYYY-MM-DD (default: your last review, else a week ago)",
    )
    for name in REVIEW_SCORES:
        rev.add_argument(f"--{name}", metavar="N", help=f"{name}, {_SCORE_RULE}")
    rev.add_argument("--note", metavar="TEXT", help="a note on the week (default: asked)")
    rev.add_argument(
        "--no-save", action="store_true", help="print the review only; ask nothing, write nothing"
    )
    rev.add_argument("--out", metavar="REVIEW.md", help="also write the review as Markdown")
    rev.add_argument(
        "--names", action="store_true", help="in --out, your name instead of a pseudonym"
    )
    rev.add_argument(
        "--notes",
        action="store_true",
        help="in --out, keep the free-text notes (your note, reschedule reasons)",
    )
    rev.set_defaults(func=run_review)

    cal = subparsers.add_parser(
        "calendar",
        help="write your plan as a calendar file (.ics): targets, due dates, the weekly review",
        description=(
            "Write milestone targets and action due dates as all-day events and the weekly "
            "review as a recurring event to an iCalendar file. Events keep their UIDs, so "
            "importing the file again updates them; `careermap import` skips them (no hours "
            "are logged from your own plan). See docs/planning.md."
        ),
    )
    cal.add_argument("--map", required=True, metavar="FOLDER", help="the person's map folder")
    cal.add_argument("--out", required=True, metavar="PLAN.ics", help="the file to write")
    cal.add_argument(
        "--review-day",
        default="sun",
        metavar="DAY",
        help="weekday of the review slot: mon, tue, wed, thu, fri, sat or sun (default sun)",
    )
    cal.add_argument(
        "--review-time", default="17:00", metavar="HH:MM", help="its start (default 17:00)"
    )
    cal.add_argument(
        "--review-minutes", default="30", metavar="N", help="its length (default 30 minutes)"
    )
    cal.add_argument(
        "--tz",
        metavar="ZONE",
        help="IANA time zone of the review slot (default: person.timezone in roadmap.yaml, "
        "else this machine's zone)",
    )
    cal.add_argument("--as-of", metavar="D", help="read the plan as of YYYY-MM-DD (default today)")
    cal.set_defaults(func=run_calendar)


def score_arg(value: str, option: str) -> int:
    """A review score from the command line, or an error naming the option.

    >>> score_arg(" 4 ", "--motivation")
    4
    >>> score_arg("6", "--motivation")
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: --motivation must be a whole number from 1 to 5; got '6'
    """
    text = str(value).strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    raise InvalidArgumentError(f"{option} must be {_SCORE_RULE}; got {value!r}")


def _ask(prompt: str) -> str:
    print(prompt, end="", flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def _ask_score(name: str) -> int:
    """Ask until the answer is a score; at the end of the input, say which option to give."""
    while True:
        try:
            answer = _ask(f"{name.capitalize()} (1-5): ")
        except EOFError:
            print(file=sys.stderr)
            raise InvalidArgumentError(
                f"no answer for {name}: give --{name} N ({_SCORE_RULE}) or answer the question"
            ) from None
        try:
            return score_arg(answer, name)
        except InvalidArgumentError as exc:
            print(f"  {exc}", file=sys.stderr)


def _given_scores(args: argparse.Namespace) -> dict[str, int]:
    """The scores given as options, all checked at once."""
    given, problems = {}, []
    for name in REVIEW_SCORES:
        value = getattr(args, name)
        if value is not None:
            try:
                given[name] = score_arg(value, f"--{name}")
            except InvalidArgumentError as exc:
                problems.append(str(exc))
    if problems:
        raise InvalidArgumentError("; ".join(problems))
    return given


def _scores(args: argparse.Namespace) -> dict[str, int]:
    """The scores given as options, then the others asked."""
    given = _given_scores(args)
    return {name: given[name] if name in given else _ask_score(name) for name in REVIEW_SCORES}


def run_review(args: argparse.Namespace) -> int:
    """Print the weekly review, ask for (or take) the scores and note, save them; return 0."""
    import careermap
    from careermap import metrics, store
    from careermap.cli._options import as_of_or_today, date_arg
    from careermap.share.privacy import shareable_map

    as_of = as_of_or_today(args.as_of)
    since = date_arg(args.since, "--since") if args.since else None
    if not args.no_save:  # a bad score fails before anything is printed or asked
        _given_scores(args)
    if args.out:
        _check_out(Path(args.out))
    m = careermap.load(args.map)
    if m.is_cohort:
        raise CareermapError(
            f"{args.map} is a cohort folder; give one person's map folder, such as "
            f"{Path(args.map) / m.person_ids[0]}"
        )
    review = metrics.weekly_review(m, since=since, as_of=as_of)
    print(review.to_markdown())
    row = None
    if not args.no_save:
        row = {"date": as_of, **_scores(args)}
        if args.note is not None:
            row["note"] = args.note
        else:
            try:
                row["note"] = _ask("Note (optional, Enter to skip): ")
            except EOFError:
                row["note"] = ""
        change = store.append(args.map, "reviews", row)
        from careermap._command import self_command

        undo = f"{self_command()} undo --map {shlex.quote(str(args.map))}"
        print(f"{change} (revert with: {undo})")
    if args.out:
        shared = metrics.weekly_review(
            shareable_map(m, names=args.names, notes=args.notes), since=since, as_of=as_of
        )
        text = shared.to_markdown()
        if row is not None:
            text += "\n## Scores\n\n" + "".join(
                f"- {name.capitalize()}: {row[name]} of 5\n" for name in REVIEW_SCORES
            )
            if args.notes and row.get("note"):
                text += f"\nNote: {row['note']}\n"
        store.atomic_write(Path(args.out), text.encode("utf-8"))
        print(
            f"wrote {args.out} ({'your name' if args.names else 'a pseudonym'}, "
            f"{'notes included' if args.notes else 'notes left out'})"
        )
    return 0


def _check_out(out: Path) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if out.is_dir():
        raise CareermapError(f"cannot write {out}: it is a folder; give a file name")
    if not out.parent.is_dir():
        raise CareermapError(f"cannot write {out}: the folder {out.parent} does not exist")


def run_calendar(args: argparse.Namespace) -> int:
    """Write the plan's calendar file; print what it holds; return 0."""
    import careermap
    from careermap import store, views
    from careermap.cli._options import as_of_or_today

    day = _DAYS.get(str(args.review_day).strip().lower()[:3])
    if day is None:
        raise InvalidArgumentError(
            f"--review-day must be one of {', '.join(_DAYS)} (or the weekday's full name); "
            f"got {args.review_day!r}"
        )
    minutes = str(args.review_minutes).strip()
    if not (minutes.isascii() and minutes.isdigit() and 1 <= int(minutes) <= 1440):
        raise InvalidArgumentError(
            f"--review-minutes must be a whole number of minutes from 1 to 1440; "
            f"got {args.review_minutes!r}"
        )
    at = str(args.review_time).strip()
    import datetime as dt

    try:
        if len(at) != 5:
            raise ValueError
        start = dt.time.fromisoformat(at)
    except ValueError:
        raise InvalidArgumentError(
            f"--review-time must be a time of day like 17:00 (HH:MM, 24-hour); "
            f"got {args.review_time!r}"
        ) from None
    as_of = as_of_or_today(args.as_of)
    out = Path(args.out)
    _check_out(out)
    m = careermap.load(args.map)
    if m.is_cohort:
        raise CareermapError(
            f"{args.map} is a cohort folder; give one person's map folder, such as "
            f"{Path(args.map) / m.person_ids[0]}"
        )
    try:
        data = views.plan_calendar(
            m, review_day=day, review_time=start, review_minutes=int(minutes), tz=args.tz,
            as_of=as_of,
        )  # fmt: skip
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(str(exc).replace("tz must", "--tz must")) from None
    store.atomic_write(out, data)
    n_events = data.count(b"BEGIN:VEVENT")
    print(
        f"wrote {out}: {n_events} events (milestone targets, action due dates and the weekly "
        f"review, {args.review_day} {at}); import it into your calendar app, and again after "
        "the plan changes: the same events are updated"
    )
    return 0
