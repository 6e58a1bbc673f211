"""The coach's dashboard served by Voila: ``careermap dashboard [COHORT]``.

The package holds the dashboard's notebook (``coach.ipynb``: one cell, ``app()``), which
shows :func:`careermap.widgets.coach_dashboard` on the cohort named by the environment
(:data:`ENV_COHORT`, :data:`ENV_NAMES`, :data:`ENV_AS_OF`). :func:`voila_command` prepares a
working folder (a copy of the notebook and a Voila template), so the package's own files are
never written, and returns the command that serves it:

- on 127.0.0.1 only, with one kernel per page, started when the page is asked for: the
  page shows Voila's progress ("Executing 1 of 1") from its first second, and the cohort is
  loaded once. (Voila's pre-heated kernels loaded it two or three times: one kernel ready
  at start, which a page asked for in the first seconds did not get, and one more started
  for the next page each time one was taken, all on the same cores.);
- the cohort read through :func:`careermap.io.load_cached`: the first start reads and checks
  every file, later starts on unchanged files read the cache. :func:`serve` runs Voila and
  meanwhile puts the cohort in the cache, so the page's kernel finds it there;
- with the ``careermap`` template: Voila's ``lab`` template without its two stylesheet
  links to a CDN (Font Awesome, which Voila's own bundle already carries), so the page
  makes no request outside this computer.

Examples
--------
>>> import tempfile
>>> from careermap.dashboard import voila_command
>>> argv, env = voila_command(None, port=8899, workdir=tempfile.mkdtemp())
>>> argv[1:3], env["CAREERMAP_DASHBOARD_NAMES"]
(['-m', 'voila'], '0')
>>> template = env["JUPYTER_PATH"] + "/voila/templates/careermap/index.html.j2"
>>> 'href="https://' in open(template).read(), "voila_finish" in open(template).read()
(False, True)
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

from careermap._paths import cohort_path
from careermap.errors import CareermapError

__all__ = [
    "ENV_AS_OF",
    "ENV_COHORT",
    "ENV_NAMES",
    "ENV_SHOWN",
    "ENV_WHERE",
    "NOTEBOOK",
    "READY",
    "app",
    "serve",
    "voila_command",
]

ENV_COHORT = "CAREERMAP_DASHBOARD_COHORT"
"""The cohort folder the dashboard opens on (default: the bundled demo)."""
ENV_NAMES = "CAREERMAP_DASHBOARD_NAMES"
"""``"1"`` shows real names; anything else, pseudonyms."""
ENV_AS_OF = "CAREERMAP_DASHBOARD_AS_OF"
"""The day the dashboard opens on (YYYY-MM-DD; default: today)."""
ENV_SHOWN = "CAREERMAP_DASHBOARD_SHOWN"
"""The cohort folder as the coach typed it (what the "Cohort folder" field shows)."""
ENV_WHERE = "CAREERMAP_DASHBOARD_WHERE"
"""The folder the command was typed in: a folder typed in the field is found from there."""
_ENV_WORK = "CAREERMAP_DASHBOARD_WORK"  # the server's working folder (voila_command's)
_WARMING = "warming-the-cache"  # there while serve() loads the cohort into the cache
WARM_TIMEOUT = 600.0
NOTEBOOK = "coach.ipynb"
READY = "careermap dashboard ready"
"""What the server's output says once a dashboard is computed and waiting for a page."""

_CDN_LINK = re.compile(r"""<link[^>]*href="https?://[^"]*"[^>]*>\s*""")


def app() -> Any:
    """The dashboard the environment asks for (what ``coach.ipynb`` shows).

    The cohort is read with :func:`careermap.io.load_cached`, after :func:`serve` has put
    it in the cache if it is doing so now. The kernel says on the terminal when the
    dashboard is computed, and where its time went.

    Examples
    --------
    >>> import os
    >>> os.environ[ENV_AS_OF] = "2026-11-15"
    >>> app().headline_text
    '14 of 30 people need attention as of 2026-11-15'
    >>> del os.environ[ENV_AS_OF]
    """
    start = time.perf_counter()
    if os.environ.get(ENV_WHERE):
        # a folder typed in the field is read from where the coach typed the command
        os.chdir(os.environ[ENV_WHERE])
    from careermap.io import load_cached
    from careermap.widgets import coach_dashboard

    imported = time.perf_counter()
    loads: list[str] = []

    def loader(path: Path) -> Any:
        t = time.perf_counter()
        _wait_while_warming()
        m, hit = load_cached(path, on_error="skip")
        loads.append(f"load {time.perf_counter() - t:.1f} s{' (cached)' if hit else ''}")
        return m

    board = coach_dashboard(
        os.environ.get(ENV_SHOWN) or os.environ.get(ENV_COHORT) or cohort_path(),
        as_of=os.environ.get(ENV_AS_OF) or None,
        names=os.environ.get(ENV_NAMES) == "1",
        loader=loader,
    )
    if os.environ.get(ENV_COHORT):
        # to the terminal that runs `careermap dashboard` (the kernel's own stderr, not the
        # page): the dashboard is computed, the page opens on it now
        done = time.perf_counter()
        spent = ", ".join([f"imports {imported - start:.1f} s", *loads])
        print(
            f"{READY}: {board.load_text} (in {done - start:.1f} s: {spent})",
            file=sys.__stderr__,
            flush=True,
        )
    return board


def _wait_while_warming() -> None:
    """Wait (a while at most) for :func:`serve` to finish loading the cohort into the cache,
    rather than read and check every file a second time beside it."""
    work = os.environ.get(_ENV_WORK)
    if not work:
        return
    marker, deadline = Path(work) / _WARMING, time.monotonic() + WARM_TIMEOUT
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def serve(argv: list[str], env: dict[str, str]) -> int:
    """Run the Voila command of :func:`voila_command` until it stops; meanwhile, load the
    cohort into the cache (:func:`careermap.io.load_cached`), beside Voila's own start, so
    the page's kernel finds it there. A cohort that does not load is not cached: the page
    says why. Returns Voila's exit code (130 after Ctrl+C).
    """
    import subprocess

    from careermap._cache_keys import is_cached

    work = Path(env[_ENV_WORK])
    marker = work / _WARMING
    # a cohort cached as its files are now needs nothing (nor pandas imported here)
    cold = not is_cached(env[ENV_COHORT])
    if cold:
        marker.touch()
    process = subprocess.Popen(argv, env={**os.environ, **env}, cwd=work)
    try:
        if cold:
            try:
                from careermap.io import load_cached

                load_cached(env[ENV_COHORT], on_error="skip")  # as the page loads it
            except Exception:  # the page's own load reports it
                pass
            finally:
                marker.unlink(missing_ok=True)
        return process.wait()
    except KeyboardInterrupt:
        process.wait()  # Voila got the Ctrl+C too, and stops its kernels
        return 130


def _shown(typed: str | os.PathLike[str] | None, folder: Path) -> str:
    """The folder as the field shows it: as typed (``~`` for the home folder), so a page or
    a screenshot does not show where this computer keeps things; the bundled demo by its
    full path (nothing was typed)."""
    if typed is None:
        return str(folder)
    text = str(typed)
    home = str(Path.home())
    if Path(text).is_absolute() and home not in ("/", "") and text.startswith(home + os.sep):
        return "~" + text[len(home) :]
    return text


def _voila_template(root: Path) -> Path:
    """Voila's ``lab`` template without links to outside hosts, as the ``careermap`` template."""
    # where Voila looks (its own voila.paths imports the whole Jupyter server: seconds)
    from jupyter_core.paths import jupyter_path

    places = [
        *jupyter_path("voila", "templates"),
        str(Path(sys.prefix, "share/jupyter/voila/templates")),
    ]
    lab = next(
        (Path(p) / "lab" for p in places if (Path(p) / "lab" / "index.html.j2").is_file()),
        None,
    )
    if lab is None:
        raise CareermapError("Voila's lab template was not found; reinstall voila")
    out = root / "voila" / "templates" / "careermap"
    out.mkdir(parents=True, exist_ok=True)
    index = (lab / "index.html.j2").read_text(encoding="utf-8")
    (out / "index.html.j2").write_text(_CDN_LINK.sub("", index), encoding="utf-8")
    (out / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    return root


def voila_command(
    cohort: str | os.PathLike[str] | None,
    *,
    port: int = 8866,
    browser: bool = False,
    names: bool = False,
    as_of: str | None = None,
    workdir: str | os.PathLike[str],
    where: str | os.PathLike[str] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The command (``argv``) and extra environment that serve the dashboard with Voila.

    Parameters
    ----------
    cohort : path or None
        The cohort folder (None: the bundled demo). Checked here: a folder that does not
        exist is a :class:`~careermap.errors.CareermapError`, before any server starts.
    port : int
        The port on 127.0.0.1.
    browser : bool
        Open the page in the default browser.
    names : bool
        Real names instead of pseudonyms.
    as_of : str, optional
        The day to open on (YYYY-MM-DD).
    workdir : path
        An empty folder this function fills (the notebook copy and the template); keep it
        until the server stops.
    where : path, optional
        The folder the command is typed in (default: the current folder). A relative
        ``cohort`` is found from there, and so is a folder the coach types in the page's
        "Cohort folder" field, which shows ``cohort`` as typed.
    """
    if importlib.util.find_spec("voila") is None:  # (importing it would cost a second)
        raise CareermapError("the dashboard needs Voila: pip install 'careermap[lab]'")
    here = Path(where) if where is not None else Path.cwd()
    folder = (here / Path(cohort).expanduser()).resolve() if cohort is not None else cohort_path()
    if not folder.is_dir():
        raise CareermapError(f"{cohort} is not a folder; give a cohort folder")
    work = Path(workdir)
    source = resources.files("careermap.dashboard").joinpath(NOTEBOOK)
    notebook = work / NOTEBOOK
    notebook.write_bytes(source.read_bytes())
    share = _voila_template(work / "share")
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--template=careermap",
        # one kernel per page, started by the page (see the module's docstring); whatever
        # a voila.json says where the command runs (the repository root has one for
        # notebook 05), which serve() does not read anyway: it runs Voila in ``workdir``
        "--VoilaConfiguration.preheat_kernel=False",
        "--VoilaConfiguration.progressive_rendering=False",
        *([] if browser else ["--no-browser"]),
    ]
    env = {
        ENV_COHORT: str(folder),
        ENV_SHOWN: _shown(cohort, folder),
        ENV_WHERE: str(here.resolve()),
        _ENV_WORK: str(work),
        ENV_NAMES: "1" if names else "0",
        ENV_AS_OF: as_of or "",
        "JUPYTER_PATH": os.pathsep.join(
            [str(share), *filter(None, [os.environ.get("JUPYTER_PATH")])]
        ),
    }
    return argv, env
