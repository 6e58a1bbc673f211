"""Fixtures for the end-to-end tests: Debian's Chromium, JupyterLab, the executed notebooks.

The browser is found at ``/usr/bin/chromium`` (``CAREERMAP_CHROMIUM`` names another). When
it is missing the tests skip, unless ``CAREERMAP_REQUIRE_BROWSER=1`` (set in CI), which
makes that an error. Servers run on a temporary copy of ``notebooks/`` so the committed
notebooks are never written, and are stopped, kernels included, even when a test fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e._notebooks import ARTIFACTS, NOTEBOOK_DIR, NotebookSpec, notebook_specs
from e2e._pages import (
    CHROMIUM_ARGS,
    NOTEBOOK_SCROLLER,
    VIEWPORT,
    ConsoleLog,
    open_notebook,
    read_run,
    run_all,
    screenshot,
    wait_for_charts,
)
from e2e._servers import Server, start_lab, stop_keeping_log
from playwright.sync_api import Browser, sync_playwright

DEFAULT_CHROMIUM = "/usr/bin/chromium"
NOTEBOOKS = notebook_specs()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's chromium; a skip (or, with CAREERMAP_REQUIRE_BROWSER=1, an error) if absent."""
    path = Path(os.environ.get("CAREERMAP_CHROMIUM", DEFAULT_CHROMIUM))
    if path.is_file() and os.access(path, os.X_OK):
        return path
    reason = (
        f"end-to-end tests need Chromium at {path} "
        "(Debian: apt-get install chromium fonts-liberation; or set CAREERMAP_CHROMIUM)"
    )
    if os.environ.get("CAREERMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; CAREERMAP_REQUIRE_BROWSER=1 makes this a failure", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS, timeout=60_000
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``test-artifacts/e2e/``: screenshots and server logs (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session", autouse=True)
def committed_notebooks_untouched() -> Iterator[None]:
    """The tracked notebooks are byte for byte the same after the e2e run as before it:
    JupyterLab and Voila serve a copy, and that is where their autosaves go."""
    before = {p.name: p.read_bytes() for p in sorted(NOTEBOOK_DIR.glob("*.ipynb"))}
    yield
    after = {p.name: p.read_bytes() for p in sorted(NOTEBOOK_DIR.glob("*.ipynb"))}
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert not changed, f"the e2e run modified tracked notebooks: {changed}"


@pytest.fixture(scope="session")
def notebook_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``notebooks/``: what JupyterLab and Voila serve (and may autosave to)."""
    root = tmp_path_factory.mktemp("notebooks")
    shutil.copytree(
        NOTEBOOK_DIR,
        root,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return root


@pytest.fixture(scope="session")
def lab(
    browser: Browser,
    notebook_root: Path,
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Iterator[Server]:
    """JupyterLab on the notebook copy, with temporary Jupyter folders and a token."""
    server = start_lab(notebook_root, tmp_path_factory.mktemp("lab-home"))
    try:
        yield server
    finally:
        stop_keeping_log(server, artifacts)


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda spec: spec.stem)
def lab_run(request: pytest.FixtureRequest, browser: Browser, lab: Server, artifacts: Path):
    """One notebook opened in JupyterLab with all its cells run (Run > Run All Cells).

    Tests of the same notebook share it, in file order: the read-only checks first, then
    the ones that use its controls. Its screenshot is ``test-artifacts/e2e/<notebook>.png``;
    its page and kernel are closed when pytest moves on to the next notebook.
    """
    spec: NotebookSpec = request.param
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    console = ConsoleLog(page)
    try:
        try:
            open_notebook(page, lab, spec.name)
            run = run_all(page, spec, lab, console)
            if run.finished:
                run.charts_wait = wait_for_charts(page, spec)
            screenshot(page, artifacts / f"{spec.stem}.png", scroller=NOTEBOOK_SCROLLER)
        except Exception:
            with contextlib.suppress(Exception):
                screenshot(page, artifacts / f"{spec.stem}-error.png")
            raise
        yield read_run(run)
    finally:
        with contextlib.suppress(Exception):
            context.close()
        lab.shutdown_kernels(spec.name)


@pytest.fixture(scope="session")
def cohort_1000(thousand_folder: Path) -> Path:
    """The run's one generated 1,000-person cohort (``thousand_folder``, tests/conftest.py),
    shared by every test that opens a thousand people."""
    return thousand_folder
