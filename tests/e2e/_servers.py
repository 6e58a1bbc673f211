"""JupyterLab and Voila started as subprocesses, isolated from the user's Jupyter set-up.

Each server gets its own temporary Jupyter config, data, runtime and settings folders, a
free port on 127.0.0.1, a random token, and its own process group. Kernels start in
process groups of their own, so stopping is done in three steps, each a backstop for the
one before: shut the kernels down through the REST API and ask the server to stop, end the
server's process group, then end any process still holding a file in the server's runtime
folder (only our kernels do). ``atexit`` runs the same stop if a test run is interrupted.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from _clock import SAMPLE_TODAY, TODAY_VARIABLE

# What JupyterLab would otherwise show or fetch: the news/update toast (it also makes
# requests to the internet), and windowed notebooks, which leave the outputs of cells
# scrolled out of view out of the page (charts included).
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

STARTUP_TIMEOUT = 90.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for a server: Jupyter's own folders and TMPDIR under ``home``.

    Kernels inherit it, so whatever a notebook writes with ``tempfile`` lands under
    ``home / "tmp"``, where a test can find it and the run's clean-up removes it, and
    careermap's clock is pinned (``CAREERMAP_TODAY``) to the day nbval runs them on.
    """
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "IPYTHONDIR": home / "ipython",
        "TMPDIR": home / "tmp",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "JPY_"))}
    env.update({k: str(v) for k, v in dirs.items()})
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # The kernel spec says "python": make it the interpreter running the tests.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    # The notebooks' AS_OF = None is "today": the day their committed outputs were made on.
    env[TODAY_VARIABLE] = SAMPLE_TODAY
    return env


@dataclass
class Server:
    """A running Jupyter server (JupyterLab or Voila) in its own process group."""

    name: str
    url: str
    token: str
    home: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    _stopped: bool = field(default=False, repr=False)

    def api(self, method: str, path: str, body: object | None = None, timeout: float = 10.0):
        """Call the server's REST API; the decoded JSON answer, or None when it has none."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text.strip() else None

    def log(self) -> str:
        """The server's output so far (for failure messages)."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def shutdown_kernels(self, path: str | None = None) -> None:
        """Shut down the kernels of the sessions on ``path`` (all sessions when None)."""
        with contextlib.suppress(OSError, ValueError):
            for session in self.api("GET", "/api/sessions") or []:
                if path is None or session.get("path") == path:
                    with contextlib.suppress(OSError):
                        self.api("DELETE", f"/api/sessions/{session['id']}")
            if path is None:
                for kernel in self.api("GET", "/api/kernels") or []:
                    with contextlib.suppress(OSError):
                        self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def stop(self) -> None:
        """Stop the server and every kernel it started; safe to call more than once."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            asked = False
            if self.name == "jupyterlab":
                self.shutdown_kernels()
                with contextlib.suppress(OSError, ValueError):
                    self.api("POST", "/api/shutdown", timeout=5)
                    asked = True
            _wait_or_kill_group(self.process, asked=asked)
        _kill_processes_using(self.home / "runtime")
        # Voila keeps its kernels' connection files in a folder of its own under TMPDIR
        _kill_processes_using(self.home / "tmp")


def stop_keeping_log(server: Server, folder: Path) -> None:
    """Stop ``server`` and copy its log into ``folder`` (as ``<name>.log``)."""
    try:
        server.stop()
    finally:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(server.log_path, folder / f"{server.name}.log")


def _wait_or_kill_group(process: subprocess.Popen[bytes], *, asked: bool) -> None:
    steps = ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0))
    for sig, grace in ((None, 10.0), *steps) if asked else steps:
        if sig is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    # The group may outlive its leader (helpers the server spawned).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _kill_processes_using(runtime_dir: Path) -> None:
    """End processes whose command line names ``runtime_dir``: the kernels (their
    connection files live there), which run in process groups of their own."""
    marker = str(runtime_dir).encode()
    proc = Path("/proc")
    if not proc.is_dir():
        return
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker in cmdline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(entry.name), signal.SIGKILL)


def _start(name: str, argv: list[str], home: Path, cwd: Path, port: int, token: str) -> Server:
    env = isolated_env(home)
    log_path = home / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    return started(Server(name, f"http://127.0.0.1:{port}", token, home, process, log_path))


def started(server: Server) -> Server:
    """``server`` once it answers (stopped at exit, or at once if it never comes up)."""
    atexit.register(server.stop)
    try:
        _wait_until_up(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with code {server.process.returncode} while starting; "
                f"its output:\n{server.log()[-4000:]}"
            )
        try:
            if server.name == "jupyterlab":
                server.api("GET", "/api/status", timeout=2)
            else:
                # Voila has no status API, and a page request would start a kernel.
                port = int(server.url.rsplit(":", 1)[1])
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except (OSError, ValueError) as exc:
            last_error = exc
            time.sleep(0.25)
    raise RuntimeError(
        f"{server.name} did not answer on {server.url} within {STARTUP_TIMEOUT:.0f}s "
        f"(last error: {last_error}); its output:\n{server.log()[-4000:]}"
    )


def start_lab(root_dir: Path, home: Path) -> Server:
    """JupyterLab serving ``root_dir``, with the news toast off and no browser opened."""
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "lab-settings"
    settings.mkdir(exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2))
    port, token = free_port(), secrets.token_hex(16)
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.open_browser=False",
        "--ServerApp.allow_root=True",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.app_settings_dir={settings}",
        f"--LabApp.user_settings_dir={home / 'user-settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]
    return _start("jupyterlab", argv, home, root_dir, port, token)


REPO_VOILA_CONFIG = Path(__file__).resolve().parents[2] / "voila.json"


def start_voila(notebook: Path, home: Path) -> Server:
    """Voila rendering one notebook as a dashboard (code cells hidden).

    Voila starts in the notebook's folder with the repository's ``voila.json`` beside it,
    as it is for ``uv run voila notebooks/05-cohort.ipynb`` run from the repository root
    (Voila reads ``voila.json`` from the folder it starts in): progressive rendering.
    """
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_VOILA_CONFIG, notebook.parent / "voila.json")
    port, token = free_port(), secrets.token_hex(16)
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        "--VoilaConfiguration.show_tracebacks=True",
    ]
    return _start("voila", argv, home, notebook.parent, port, token)
