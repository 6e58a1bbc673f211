"""Bring time tracked elsewhere into a map: Toggl Track, Clockify and iCalendar exports.

Exports are read into one frame of normalized entries (:func:`read_export`), mapped to the
map's categories, goals and milestones by a small rules file (:func:`read_rules`,
:func:`apply_rules`), split into hours per local day, and appended to ``time_log.csv``
through :mod:`careermap.store` in one atomic, undoable change (:func:`import_time`).
:func:`plan_import` shows what an import would add without writing anything. Every row
keeps its ``source`` and a stable ``source_id``, so an export imported twice adds nothing
the second time. See ``docs/importing.md``.

>>> import careermap.timeimport as ti
>>> ti.FORMATS
('toggl', 'clockify', 'ical')
"""

from careermap.timeimport._detect import FORMATS, detect_format
from careermap.timeimport._ical import PLAN_PROPERTY
from careermap.timeimport._localday import resolve_zone
from careermap.timeimport._plan import SOURCE_COLUMNS, ImportPlan, import_time, plan_import
from careermap.timeimport._read import ENTRY_COLUMNS, read_export
from careermap.timeimport._rules import Rule, Rules, apply_rules, read_rules, rules_from

__all__ = [
    "ENTRY_COLUMNS",
    "FORMATS",
    "PLAN_PROPERTY",
    "SOURCE_COLUMNS",
    "ImportPlan",
    "Rule",
    "Rules",
    "apply_rules",
    "detect_format",
    "import_time",
    "plan_import",
    "read_export",
    "read_rules",
    "resolve_zone",
    "rules_from",
]
