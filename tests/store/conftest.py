"""Fixtures for the store tests: writable copies of the sample and of the small test map."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import sys
from pathlib import Path

import pytest


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".careermap")
    }


HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session", autouse=True)
def writers():
    """A forkserver context whose server preloads careermap and ``_store_workers``.

    Started when the first store test starts, so the server imports careermap in the
    background while other tests run; the durability tests fork their writers from it.
    """
    if "forkserver" not in mp.get_all_start_methods():
        yield None
        return
    from multiprocessing import forkserver

    paths = [str(HERE.parent), str(HERE)]
    added = [p for p in paths if p not in sys.path]
    sys.path[:0] = added  # to import _store_workers here (the writers' code is pickled by name)
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(["_store_workers"])
    old = os.environ.get("PYTHONPATH")
    # Python 3.11's forkserver ignores the parent's sys.path when it preloads modules; the
    # server process takes its environment when it starts, here
    os.environ["PYTHONPATH"] = os.pathsep.join([*paths, *([old] if old else [])])
    try:
        forkserver.ensure_running()
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    yield context
    for p in added:
        sys.path.remove(p)
