"""Helpers of the hostile-input tests (tests/io/test_hostile_*.py): run the command line in
this process and check what every hostile input must give: a problem naming the file, the
line or YAML path, the column or key and the value, exit code 1, no traceback."""

from __future__ import annotations

import contextlib
import io
import signal
from collections.abc import Iterator
from pathlib import Path

from careermap.cli import main
from careermap.errors import Problem


def cli(*args: str) -> tuple[int, str, str]:
    """``careermap ARGS`` run here: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def assert_cli_refuses(folder: Path, *fragments: str) -> str:
    """``careermap validate FOLDER`` exits 1, prints every fragment, and no traceback."""
    code, out, err = cli("validate", str(folder))
    said = out + err
    assert code == 1, said
    assert "Traceback" not in said and "internal error" not in said, said
    for fragment in fragments:
        assert fragment in said, f"{fragment!r} not in:\n{said}"
    return said


def one_problem(problems: list[Problem], **fields: str) -> Problem:
    """The problem whose fields equal ``fields`` (file: a suffix of the file); exactly one."""
    file = fields.pop("file", "")
    found = [
        p
        for p in problems
        if p.file.endswith(file) and all(getattr(p, k) == v for k, v in fields.items())
    ]
    assert len(found) == 1, f"{len(found)} problems with {file} {fields} in:\n" + "\n".join(
        map(str, problems)
    )
    return found[0]


@contextlib.contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts a blocking open() or read() after
    ``seconds`` (the tests run in the main thread of their process)."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: it hangs")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
