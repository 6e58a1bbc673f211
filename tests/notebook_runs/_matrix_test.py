"""The one test body every notebook's matrix module uses."""

from __future__ import annotations

import nbformat
from notebook_runs._matrix import MatrixMap
from notebook_runs._runs import ARTIFACTS, Kernel, problems


def run_on(kernel: Kernel, case: MatrixMap, name: str, timings: list[str], *, folder_key: str):
    run = kernel.run({folder_key: str(case.folder), "AS_OF": case.as_of})
    timings.append(f"{kernel.path.stem},{name},{run.seconds:.1f}")
    # The executed copy, to look at what each chart shows on the map.
    (ARTIFACTS / "notebook-matrix").mkdir(parents=True, exist_ok=True)
    nbformat.write(run.nb, ARTIFACTS / "notebook-matrix" / f"{kernel.path.stem}-{name}.ipynb")
    wrong = problems(run)
    assert not wrong, f"{kernel.path.name} on {case.about} ({case.folder}): {wrong}"
    return run
