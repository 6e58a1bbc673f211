"""The frame names are defined once (careermap.model.FRAME_NAMES); what is keyed by them
elsewhere (the schemas, the loader's column lists, the CareerMap fields) names the same frames."""

from __future__ import annotations

import dataclasses

from careermap._vocab import LOG_FILES, ROADMAP_KEYS
from careermap.io import roadmap_date_keys
from careermap.io._table import COLUMNS, YAML_FRAMES
from careermap.model import FRAME_NAMES, CareerMap
from careermap.schemas import SCHEMAS


def test_every_frame_has_one_schema_in_the_same_order():
    assert tuple(SCHEMAS) == FRAME_NAMES


def test_the_loader_builds_every_column_each_schema_checks():
    for name in FRAME_NAMES:
        checked = set(SCHEMAS[name].to_schema().columns)
        assert checked <= set(COLUMNS[name]), (name, checked - set(COLUMNS[name]))


def test_the_loader_reads_each_frame_from_yaml_or_from_a_log():
    assert set(YAML_FRAMES) | set(LOG_FILES) == {*FRAME_NAMES, "custom_roles"}
    assert not set(YAML_FRAMES) & set(LOG_FILES)


def test_a_career_map_has_one_field_per_frame():
    fields = [f.name for f in dataclasses.fields(CareerMap)]
    assert fields[: len(FRAME_NAMES)] == list(FRAME_NAMES)


def test_date_keys_are_keys_of_their_section():
    expected = {  # written from docs/data-model.md's roadmap.yaml, not from the schemas
        "goal": {"deadline"},
        "milestone": {"planned", "target", "done", "dropped"},
        "reschedule": {"on", "from"},
        "action": {"due", "done"},
    }
    for section, keys in expected.items():
        assert roadmap_date_keys(section) == keys
        assert keys <= set(ROADMAP_KEYS[section])
