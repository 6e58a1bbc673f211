"""``careermap dashboard``: the coach's dashboard, served by Voila on this machine.

Wired into :mod:`careermap.cli` with :func:`add_dashboard_parsers`; what the page is and how
Voila is started is :mod:`careermap.dashboard`.
"""

from __future__ import annotations

import argparse

from careermap.cli._options import add_as_of, date_arg

__all__ = ["add_dashboard_parsers", "run_dashboard"]


def add_dashboard_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``dashboard`` subcommand on ``subparsers``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_dashboard_parsers(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["dashboard", "--no-browser"]).port
    8866
    """
    d = subparsers.add_parser(
        "dashboard",
        help="open the coach's dashboard (Voila) on a cohort (default: the demo, ending today)",
        description=(
            "Start a local Voila server on the coach's dashboard and open it in the browser. "
            "It serves 127.0.0.1 only and loads nothing from the internet."
        ),
    )
    d.add_argument("path", metavar="COHORT", nargs="?", help="a cohort folder")
    d.add_argument("--port", type=int, default=8866, help="the port (default %(default)s)")
    d.add_argument("--no-browser", action="store_true", help="do not open a browser")
    d.add_argument("--names", action="store_true", help="real names instead of pseudonyms")
    add_as_of(d, "the day to open on")
    d.set_defaults(func=run_dashboard)


def run_dashboard(args: argparse.Namespace) -> int:
    """Start Voila on the dashboard; returns when the server stops (Ctrl+C)."""
    import tempfile

    from careermap.dashboard import serve, voila_command

    # the day as the dashboard reads it (YYYY-MM-DD), whatever form --as-of was given in
    as_of = date_arg(args.as_of, "--as-of").isoformat() if args.as_of is not None else None
    cohort = args.path
    if cohort is None:  # the demo, its data ending today (written once a day)
        from careermap.demo import todays_demo

        cohort = todays_demo()
    with tempfile.TemporaryDirectory(prefix="careermap-dashboard-") as work:
        argv, env = voila_command(
            cohort,
            port=args.port,
            browser=not args.no_browser,
            names=args.names,
            as_of=as_of,
            workdir=work,
        )
        print(
            f"careermap dashboard on {env['CAREERMAP_DASHBOARD_COHORT']}: "
            f"http://127.0.0.1:{args.port}/ (Ctrl+C stops it)",
            flush=True,
        )
        # Voila runs in the working folder: a Jupyter or Voila config file where the coach
        # typed the command (voila.json at the repository root) is not the dashboard's
        return serve(argv, env)
