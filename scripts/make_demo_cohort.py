"""Regenerate the bundled demo cohort ``data/cohort`` (30 people, seed 7).

Run from the repository root::

    uv run python scripts/make_demo_cohort.py

``tests/test_demo.py`` checks that the committed folder is exactly what this writes.
"""

from __future__ import annotations

from pathlib import Path

from careermap.demo import generate_cohort

OUT = Path(__file__).resolve().parents[1] / "data" / "cohort"

if __name__ == "__main__":
    path = generate_cohort(OUT, people=30, seed=7)
    print(f"wrote {path}")
