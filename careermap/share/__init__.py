"""What leaves careermap for other eyes: the privacy rules every shared output goes through
(:mod:`careermap.share.privacy`: pseudonyms, no free-text notes unless asked) and the KPI table
as a spreadsheet safe to open (:mod:`careermap.share.export`).

>>> from careermap.share import pseudonym
>>> pseudonym("alex-rivera")
'Rustic Lark 94'
"""

from __future__ import annotations

from careermap.share.export import (
    EXPORT_FORMATS,
    FORMULA_STARTS,
    KPI_COLUMNS,
    kpi_table,
    neutralise,
    table_bytes,
    write_table,
)
from careermap.share.privacy import (
    NAME_COLUMN,
    NOTE_COLUMNS,
    PERSONAL_TEXT_COLUMNS,
    pseudonym,
    share_frame,
    shareable_map,
)

__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_STARTS",
    "KPI_COLUMNS",
    "NAME_COLUMN",
    "NOTE_COLUMNS",
    "PERSONAL_TEXT_COLUMNS",
    "kpi_table",
    "neutralise",
    "pseudonym",
    "share_frame",
    "shareable_map",
    "table_bytes",
    "write_table",
]
