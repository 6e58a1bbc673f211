"""pandera's pandas API, imported without ``pyspark.pandas``.

When pyspark is installed (the ``spark`` extra), ``import pandera`` imports
``pyspark.pandas`` too, and so does the first schema pandera builds (``pandera.typing.pyspark``):
half a second, only so that pandera's typing can cope with the patch pyspark applies to
pandas (with pandas 3 and pyspark 4.0 the import even fails halfway, after importing
pyspark and Spark SQL, and pandera ignores the failure). careermap validates pandas frames
only, and pandera offers no option to skip that import, so the import below hides
``pyspark.pandas`` for its duration: pandera then takes pyspark as absent, exactly as
without the extra. Its typing classes keep their own ``__class_getitem__``, so importing
``pyspark.pandas`` later (the Spark engine does) changes nothing here.

Every careermap module that needs pandera imports ``pa`` (and ``Series``) from here, never
``pandera`` directly, so whichever is imported first keeps pyspark out
(``tests/test_startup.py`` checks it).
"""

from __future__ import annotations

import sys


def _import_pandera():
    hide = "pyspark.pandas" not in sys.modules
    if hide:
        # a None entry makes ``import pyspark.pandas`` raise ImportError without importing
        # pyspark itself; pandera catches that ImportError
        sys.modules["pyspark.pandas"] = None  # type: ignore[assignment]
    try:
        import pandera.pandas as pandera_pandas

        # imported by pandera on the first schema built (``get_index_types``): imported
        # here, while pyspark.pandas is hidden, it takes pyspark as absent too
        import pandera.typing.pyspark  # noqa: F401
    finally:
        if hide and sys.modules.get("pyspark.pandas", False) is None:
            del sys.modules["pyspark.pandas"]
    return pandera_pandas


pa = _import_pandera()

from pandera.typing import Series  # noqa: E402 - after the guarded import above

__all__ = ["Series", "pa"]
