"""The memory figures the benchmarks print, read one way.

``VmHWM`` (peak resident memory) and ``VmRSS`` (resident now) from ``/proc`` on Linux:
``ru_maxrss`` would carry a parent's peak over the exec into a child process. Elsewhere
the peak falls back to ``ru_maxrss``.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def vm_mb(field: str = "VmHWM", pid: int | str = "self") -> float | None:
    """``field`` of a process's ``/proc/<pid>/status`` in MB; None where there is none."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return None


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = vm_mb()
    if peak is not None:
        return peak
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024
