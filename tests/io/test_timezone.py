"""person.timezone: read into people.timezone, checked as an IANA zone name, in init's template."""

from __future__ import annotations

import pandas as pd
import pytest
from _maps import ROADMAP

import careermap
from careermap import store
from careermap.timeimport import plan_import


def _with_zone(make_map, zone: str):
    return make_map(
        {
            "roadmap.yaml": ROADMAP.replace(
                "  start: 2025-01-06\n", f"  start: 2025-01-06\n  timezone: {zone}\n"
            )
        }
    )


def test_a_zone_is_read_into_the_people_frame(make_map, small_map):
    m = careermap.load(_with_zone(make_map, "America/New_York"))
    assert m.people["timezone"].tolist() == ["America/New_York"]
    assert pd.isna(careermap.load(small_map).people["timezone"].iloc[0])
    assert not any(w.code == "unknown_key" for w in m.warnings)


@pytest.mark.parametrize("zone", ["Berlin", "CET+1", "../../etc/passwd", "'Mars/Olympus'"])
def test_anything_but_an_iana_zone_name_is_an_error_with_its_yaml_path(make_map, zone):
    with pytest.raises(careermap.MapValidationError) as err:
        careermap.load(_with_zone(make_map, zone))
    [problem] = err.value.problems
    assert (problem.location, problem.column) == ("person.timezone", "timezone")
    assert problem.rule == "an IANA time zone name such as Europe/Berlin or America/New_York"


def test_an_import_counts_days_in_the_roadmaps_zone(make_map, tmp_path):
    folder = _with_zone(make_map, "America/New_York")
    calendar = tmp_path / "late.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:late@x\nDTSTART:20250303T033000Z\n"
        "DTEND:20250303T043000Z\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    plan = plan_import(folder, calendar)
    assert (plan.zone, plan.zone_source) == ("America/New_York", "roadmap.yaml person.timezone")
    # 03:30Z on 3 March is 22:30 EST on 2 March
    assert plan.rows["date"].tolist() == ["2025-03-02"]
    assert plan_import(folder, calendar, tz="UTC").rows["date"].tolist() == ["2025-03-03"]


def test_the_starter_map_shows_the_key_commented_out(tmp_path):
    folder = store.init_map(tmp_path / "sam", name="Sam")
    text = (folder / "roadmap.yaml").read_text()
    assert "  # timezone: Europe/Berlin" in text
    uncommented = text.replace("  # timezone: Europe/Berlin", "  timezone: Europe/Berlin")
    (folder / "roadmap.yaml").write_text(uncommented)
    assert careermap.load(folder).people["timezone"].tolist() == ["Europe/Berlin"]
