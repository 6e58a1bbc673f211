"""Attribution and citation text for the bundled O*NET and BLS reference data: the one place.

Show :data:`ATTRIBUTION` wherever O*NET data is displayed (the CC BY 4.0 license requires it)
and :data:`BLS_CITATION` beside labour-market figures. Charts, the report and the widgets
import these strings (or the short credits built from the same parts below); none restates
them, so a new O*NET or BLS release is one edit here.

>>> ATTRIBUTION.startswith("This product includes information from the O*NET 29.3 Database")
True
>>> ONET_SOURCE
'Source: O*NET 29.3 (USDOL/ETA), CC BY 4.0'
>>> BLS_SOURCE
'Source: U.S. Bureau of Labor Statistics, Employment Projections 2024-34'
"""

from __future__ import annotations

__all__ = [
    "ATTRIBUTION",
    "BLS_CITATION",
    "BLS_SOURCE",
    "ONET_CREDIT",
    "ONET_LICENSE",
    "ONET_SOURCE",
    "ONET_VERSION",
]

ONET_VERSION = "29.3"
ONET_LICENSE = "CC BY 4.0"
_PUBLISHER = "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)"

ATTRIBUTION = (
    f"This product includes information from the O*NET {ONET_VERSION} Database by the "
    f"{_PUBLISHER}. Used under the {ONET_LICENSE} license. O*NET(R) is a trademark of "
    "USDOL/ETA. USDOL/ETA has not approved, endorsed, or tested these modifications."
)
"""The full notice the O*NET license asks for (report footers, forms, notebooks)."""

ONET_CREDIT = f"O*NET {ONET_VERSION} (USDOL/ETA), {ONET_LICENSE}"
"""The short credit where space is tight (under a chart), next to the full notice elsewhere."""

ONET_SOURCE = f"Source: {ONET_CREDIT}"

BLS_CITATION = "U.S. Bureau of Labor Statistics, Employment Projections 2024-34"
BLS_SOURCE = f"Source: {BLS_CITATION}"
