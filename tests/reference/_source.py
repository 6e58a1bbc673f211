"""Where the real O*NET 29.3 / BLS 2024-34 source files are, and what to do when they are not.

They live outside the repository, at ``../shared/reference-data`` (see SOURCES.md there). On a
developer's machine without them those tests are skipped, with the reason. In CI (``CI=true``)
a missing folder is an error instead: a green CI run must have compared the bundled extract
with the sources, not skipped that quietly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO.parent / "shared" / "reference-data"
ONET = SOURCE / "onet-29.3"
BLS = SOURCE / "bls-ep-2024-34" / "occupation.xlsx"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_source(source: Path = SOURCE, onet: Path = ONET, bls: Path = BLS) -> None:
    """Return when the source files are there; else skip (locally) or fail (in CI)."""
    missing = [str(p) for p in (onet, bls) if not p.exists()]
    if not missing:
        return
    message = (
        f"the O*NET/BLS source files are not at {source} (missing: {', '.join(missing)}); "
        "these tests compare the bundled extract with them"
    )
    if in_ci():
        pytest.fail(
            f"{message}. CI=true, so this is an error, not a skip: put the shared reference "
            "data (onet-29.3/ and bls-ep-2024-34/, see SOURCES.md) next to the repository",
            pytrace=False,
        )
    pytest.skip(message)
