"""Attribution and citation text for the bundled O*NET and BLS reference data.

Show :data:`ATTRIBUTION` wherever O*NET data is displayed (the CC BY 4.0 license requires it)
and :data:`BLS_CITATION` beside labour-market figures.

>>> ATTRIBUTION.startswith("This product includes information from the O*NET 29.3 Database")
True
"""

from __future__ import annotations

__all__ = ["ATTRIBUTION", "BLS_CITATION"]

ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET(R) is a trademark of USDOL/ETA. USDOL/ETA has not approved, endorsed, or tested these "
    "modifications."
)

BLS_CITATION = "U.S. Bureau of Labor Statistics, Employment Projections 2024-34"
