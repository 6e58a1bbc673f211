"""docs/data-model.md's frame table against the pandera models (careermap/schemas.py), and
every column list derived from the models (one source): a column added to a model reaches the
loader, the log headers, the store and the demo, and the test says when the doc lags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careermap import schemas

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "data-model.md"
# the doc's words for the models' dtypes
TYPES = {"string[pyarrow]": "text", "str": "text", "datetime64[ns]": "date",
         "float64": "number", "Int64": "whole number"}  # fmt: skip
CELL = re.compile(r"^(?P<column>[a-z_]+)(?P<absent>\*?) \((?P<type>[a-z ]+)\)$")


def doc_table() -> dict[str, dict[str, tuple[str, bool, bool]]]:
    """frame -> column -> (type, may be empty, may be missing), as the doc states them."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("\n## Frames\n") :]
    section = section[: section.index("\n## ", 1)]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| frame |")
    ]
    table = {}
    for frame, never, maybe, _notes in rows:
        columns = {}
        for cells, empty in ((never, False), (maybe, True)):
            for cell in cells.split(", ") if cells != "—" else []:
                m = CELL.match(cell)
                assert m, f"{frame}: cannot read {cell!r} (write 'column (type)')"
                columns[m["column"]] = (m["type"], empty, bool(m["absent"]))
        table[frame] = columns
    return table


def model_table() -> dict[str, dict[str, tuple[str, bool, bool]]]:
    return {
        name: {
            column: (TYPES[str(spec.dtype)], spec.nullable, not spec.required)
            for column, spec in model.to_schema().columns.items()
            if column != "person_id"
        }
        for name, model in schemas.SCHEMAS.items()
    }


def test_the_doc_lists_every_frame_and_column_as_the_models_check_them():
    doc, models = doc_table(), model_table()
    assert list(doc) == list(models)
    for frame in models:
        assert doc[frame] == models[frame], frame
        assert list(doc[frame]) == [c for c in models[frame] if not models[frame][c][1]] + [
            c for c in models[frame] if models[frame][c][1]
        ], f"{frame}: the doc's order is not the model's"


def test_every_model_has_person_id_first_and_never_empty():
    for name, model in schemas.SCHEMAS.items():
        columns = model.to_schema().columns
        assert next(iter(columns)) == "person_id", name
        assert not columns["person_id"].nullable


# The former hand-written copies, as they were before the models became the source: the
# derived lists must give exactly these (order included), so nothing reading them changed.
FORMER_LOG_COLUMNS = {
    "time_log": ("date", "hours", "category", "goal", "milestone", "action", "note"),
    "assessments": ("date", "skill", "level", "source", "note"),
    "reviews": ("date", "satisfaction", "motivation", "confidence", "alignment", "note"),
    "goal_progress": ("date", "goal", "value"),
}
FORMER_FRAME_COLUMNS = {
    "goals": ("person_id", "goal_id", "title", "specific", "metric", "baseline", "target",
              "deadline", "relevant_to", "priority", "note"),
    "milestones": ("person_id", "goal_id", "milestone_id", "title", "planned", "target",
                   "effort_hours", "done", "dropped", "note"),
    "actions": ("person_id", "goal_id", "milestone_id", "action_id", "title", "due",
                "effort_hours", "kind", "done", "note", "resource_url", "resource_provider",
                "cost", "currency"),
    "role_requirements": ("person_id", "role_id", "skill", "skill_id", "name", "level",
                          "importance"),
    "time_log": ("person_id", "date", "hours", "category", "goal_id", "milestone_id",
                 "action_id", "note"),
    "assessments": ("person_id", "date", "skill", "skill_id", "level", "source", "note"),
}  # fmt: skip


def test_the_log_headers_are_the_former_lists():
    assert schemas.LOG_COLUMNS == FORMER_LOG_COLUMNS
    assert schemas.LOG_OPTIONAL_COLUMNS == {
        "time_log": ("goal", "milestone", "action", "note"),
        "assessments": ("note",),  # source may not be empty, so it may not be left out
        "reviews": ("note",),
        "goal_progress": (),
    }


@pytest.mark.parametrize("frame", sorted(FORMER_FRAME_COLUMNS))
def test_the_frame_columns_are_the_former_lists(frame):
    assert schemas.FRAME_COLUMNS[frame] == FORMER_FRAME_COLUMNS[frame]


def test_every_copy_reads_the_models():
    from careermap import _vocab
    from careermap.demo._logs import HEADERS
    from careermap.io._table import COLUMNS

    assert not hasattr(_vocab, "LOG_COLUMNS") and not hasattr(_vocab, "LOG_OPTIONAL_COLUMNS")
    assert {k: tuple(v) for k, v in HEADERS.items()} == schemas.LOG_COLUMNS
    assert {k: tuple(v) for k, v in COLUMNS.items() if k in schemas.SCHEMAS} == (
        schemas.FRAME_COLUMNS
    )


def test_the_demo_writes_the_headers_the_loader_reads(tmp_path):
    """A demo person's logs start with the models' headers (the demo has no copy of its own)."""
    from careermap.demo import generate_cohort

    folder = generate_cohort(tmp_path / "c", people=1, seed=3)
    person = next(p for p in Path(folder).iterdir() if p.is_dir())
    for name, columns in schemas.LOG_COLUMNS.items():
        header = (person / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(columns), name


def test_importing_vocab_imports_no_pandera():
    import subprocess
    import sys

    code = "import sys, careermap._vocab; print('pandera' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
