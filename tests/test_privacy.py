"""careermap.share.privacy: the one set of rules for names and free-text notes."""

from __future__ import annotations

import pandas as pd
import pytest

from careermap.errors import InvalidArgumentError
from careermap.model import FRAME_NAMES
from careermap.share.privacy import pseudonym, share_frame, shareable_map


def test_share_frame_pseudonymises_and_drops_or_blanks():
    frame = pd.DataFrame(
        {"person_id": ["a", "b"], "name": ["Ann", "Bo"], "vision": ["v", None],
         "note": ["n1", "n2"], "hours": [1.0, 2.0]}
    )  # fmt: skip
    before = frame.copy()
    out = share_frame(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.columns) == ["person_id", "name", "hours"]
    assert out["name"].tolist() == [pseudonym("a"), pseudonym("b")]
    blanked = share_frame(frame, blank=True)
    assert list(blanked.columns) == list(frame.columns)
    assert blanked[["vision", "note"]].isna().all().all()
    kept = share_frame(frame, names=True, notes=True)
    pd.testing.assert_frame_equal(kept, frame)
    only_notes = share_frame(frame, names=True)
    assert only_notes["name"].tolist() == ["Ann", "Bo"] and "note" not in only_notes


def test_shareable_map_blanks_every_note_column_and_only_people_names(sample):
    shared = shareable_map(sample)
    for frame_name in FRAME_NAMES:
        before, after = getattr(sample, frame_name), getattr(shared, frame_name)
        assert list(after.columns) == list(before.columns), frame_name
        assert after.dtypes.equals(before.dtypes), frame_name
        for column in ("note", "reason"):
            if column in after.columns:
                assert after[column].isna().all(), (frame_name, column)
    assert shared.people["name"].tolist() == [pseudonym("alex-rivera")]
    assert shared.people["vision"].isna().all()
    # "name" of a custom skill is not a person's name
    pd.testing.assert_frame_equal(shared.custom_skills, sample.custom_skills)
    assert sample.people["name"].tolist() == ["Alex Rivera"]  # the caller's map is untouched
    assert sample.time_log["note"].notna().any()


def test_shareable_map_keeps_what_is_asked_for(sample):
    assert shareable_map(sample, names=True, notes=True) is sample
    notes_only = shareable_map(sample, names=True)
    assert notes_only.people["name"].tolist() == ["Alex Rivera"]
    assert notes_only.reschedules["reason"].isna().all()
    names_only = shareable_map(sample, notes=True)
    pd.testing.assert_frame_equal(names_only.reschedules, sample.reschedules)
    assert names_only.people["name"].tolist() == [pseudonym("alex-rivera")]


def test_shareable_map_takes_a_map(sample):
    with pytest.raises(InvalidArgumentError, match=r"m must be a careermap\.CareerMap"):
        shareable_map(sample.people)
