"""The coach's dashboard served by Voila: ``careermap dashboard [COHORT]``.

The package holds the dashboard's notebook (``coach.ipynb``: one cell, ``app()``), which
shows :func:`careermap.widgets.coach_dashboard` on the cohort named by the environment
(:data:`ENV_COHORT`, :data:`ENV_NAMES`, :data:`ENV_AS_OF`). :func:`voila_command` prepares a
working folder (a copy of the notebook and a Voila template), so the package's own files are
never written, and returns the command that serves it:

- on 127.0.0.1 only, with a pre-heated kernel (Voila runs the notebook before anyone asks,
  so the page opens on a dashboard that is already computed);
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

import json
import os
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from careermap._paths import cohort_path
from careermap.errors import CareermapError

__all__ = ["ENV_AS_OF", "ENV_COHORT", "ENV_NAMES", "NOTEBOOK", "READY", "app", "voila_command"]

ENV_COHORT = "CAREERMAP_DASHBOARD_COHORT"
"""The cohort folder the dashboard opens on (default: the bundled demo)."""
ENV_NAMES = "CAREERMAP_DASHBOARD_NAMES"
"""``"1"`` shows real names; anything else, pseudonyms."""
ENV_AS_OF = "CAREERMAP_DASHBOARD_AS_OF"
"""The day the dashboard opens on (YYYY-MM-DD; default: today)."""
NOTEBOOK = "coach.ipynb"
READY = "careermap dashboard ready"
"""What the server's output says once a dashboard is computed and waiting for a page."""

_CDN_LINK = re.compile(r"""<link[^>]*href="https?://[^"]*"[^>]*>\s*""")


def app() -> Any:
    """The dashboard the environment asks for (what ``coach.ipynb`` shows).

    Examples
    --------
    >>> import os
    >>> os.environ[ENV_AS_OF] = "2026-11-15"
    >>> app().headline_text
    '14 of 30 people need attention as of 2026-11-15'
    >>> del os.environ[ENV_AS_OF]
    """
    from careermap.widgets import coach_dashboard

    board = coach_dashboard(
        os.environ.get(ENV_COHORT) or cohort_path(),
        as_of=os.environ.get(ENV_AS_OF) or None,
        names=os.environ.get(ENV_NAMES) == "1",
    )
    if os.environ.get(ENV_COHORT):
        # to the terminal that runs `careermap dashboard` (the kernel's own stderr, not the
        # page): the dashboard is computed, the page opens on it now
        print(f"{READY}: {board.load_text}", file=sys.__stderr__, flush=True)
    return board


def _voila_template(root: Path) -> Path:
    """Voila's ``lab`` template without links to outside hosts, as the ``careermap`` template."""
    import voila.paths

    lab = next(
        (Path(p) / "lab" for p in voila.paths.collect_template_paths(["voila"], "lab")
         if (Path(p) / "lab" / "index.html.j2").is_file()),
        None,
    )  # fmt: skip
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
    """
    try:
        import voila  # noqa: F401
    except ImportError as exc:
        raise CareermapError("the dashboard needs Voila: pip install 'careermap[lab]'") from exc
    folder = Path(cohort).expanduser().resolve() if cohort is not None else cohort_path()
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
        "--VoilaConfiguration.preheat_kernel=True",
        "--VoilaConfiguration.default_pool_size=1",
        # a voila.json where the command is run (the repository root has one for notebook
        # 05) must not turn this on: Voila refuses it beside a pre-heated kernel
        "--VoilaConfiguration.progressive_rendering=False",
        *([] if browser else ["--no-browser"]),
    ]
    env = {
        ENV_COHORT: str(folder),
        ENV_NAMES: "1" if names else "0",
        ENV_AS_OF: as_of or "",
        "JUPYTER_PATH": os.pathsep.join(
            [str(share), *filter(None, [os.environ.get("JUPYTER_PATH")])]
        ),
    }
    return argv, env
