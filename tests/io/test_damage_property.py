"""Property: random damage to any file of a valid map never raises anything but CareermapError."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _maps import FILES, write_map
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careermap
from careermap.errors import CareermapError, MapValidationError

TARGETS = ["time_log.csv", "assessments.csv", "reviews.csv", "goal_progress.csv", "roadmap.yaml"]
NASTY = st.sampled_from(
    [
        ",",
        '"',
        "\n",
        "\r\n",
        "\x00",
        "-",
        "1e309",
        "nan",
        "NaN",
        "2025-02-30",
        "  ",
        ";",
        ":",
        "{",
        "[",
        "- ",
        "#",
        "\ufeff",
        "é",
        "99999999999999999999",
        # issue 14: values and YAML that used to crash, hang or eat memory
        "inf",
        ".inf",
        ".nan",
        "9999-12-31",
        "0001-01-01",
        "&a [*a]",
        "*a",
        ",,,,,,",
        "2,5",
    ]
)


@st.composite
def damage(draw):
    target = draw(st.sampled_from(TARGETS))
    data = FILES[target].encode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["replace", "delete", "insert", "bytes", "truncate"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "replace":
            data = data[:pos] + draw(NASTY).encode() + data[pos + 1 :]
        elif op == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 20)) :]
        elif op == "insert":
            data = (
                data[:pos] + draw(st.text(max_size=8)).encode("utf-8", "surrogatepass") + data[pos:]
            )
        elif op == "bytes":
            data = data[:pos] + draw(st.binary(min_size=1, max_size=4)) + data[pos:]
        else:
            data = data[:pos]
    return target, data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage())
def test_random_damage_only_raises_careermap_errors(case):
    target, data = case
    root = Path(tempfile.mkdtemp())
    try:
        folder = write_map(root / "sam-lee")
        (folder / target).write_bytes(data)
        try:
            m = careermap.load(folder)
        except MapValidationError as exc:
            assert exc.problems  # a failure always says why
            for p in exc.problems:
                assert p.file and p.rule
        except CareermapError:
            pass
        else:
            assert len(m.people) == 1
    finally:
        shutil.rmtree(root)
