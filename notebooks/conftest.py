"""nbval runs the notebooks with the clock pinned, so their stored outputs stay valid.

The kernel nbval starts for a notebook inherits this process's environment when the first
cell of the notebook is set up; ``CAREERMAP_TODAY`` is set around that set-up (and every
cell's), and put back afterwards so no other test in this worker sees a pinned clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from _clock import SAMPLE_TODAY, TODAY_VARIABLE


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    before = os.environ.get(TODAY_VARIABLE)
    os.environ[TODAY_VARIABLE] = SAMPLE_TODAY
    try:
        return (yield)
    finally:
        if before is None:
            os.environ.pop(TODAY_VARIABLE, None)
        else:
            os.environ[TODAY_VARIABLE] = before
