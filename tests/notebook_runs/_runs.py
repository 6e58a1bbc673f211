"""Running the notebooks the way papermill does, on maps the tests generate.

A notebook is run with its ``parameters`` cell followed by an injected cell that sets the
inputs (papermill's convention), in a kernel that stays up for every map of the module:
starting a kernel and importing careermap cost more than running a small map. Each run
starts from an empty namespace (``%reset -f``) and with the kernel's record of warnings
already shown cleared, so each run shows its warnings as a fresh kernel would.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
CELL_TIMEOUT = 600  # seconds; a busy two-core machine runs the cohort's cells slowly

# The kernel's own warning filters are kept (what a reader would see), but re-set: that
# makes Python forget which warnings it has shown, so an earlier run hides none.
_FRESH_START = """\
get_ipython().run_line_magic("reset", "-f")
import warnings

_filters = list(warnings.filters)
warnings.resetwarnings()
warnings.filters.extend(_filters)
del _filters"""


def parameters_cell(nb: nbformat.NotebookNode) -> int:
    """The index of the cell tagged ``parameters`` (exactly one, the first code cell)."""
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    if len(tagged) != 1 or tagged[0] != code[0]:
        raise AssertionError(f"expected the first code cell alone tagged 'parameters'; {tagged}")
    return tagged[0]


def with_parameters(nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """A copy of ``nb`` with a cell setting ``parameters`` after its parameters cell."""
    nb = copy.deepcopy(nb)
    at = parameters_cell(nb) + 1
    lines = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    injected = nbformat.v4.new_code_cell(lines, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(at, injected)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_FRESH_START))
    return nb


@dataclass
class Run:
    """One notebook run: what each cell printed on stderr, and how long it took."""

    name: str
    nb: nbformat.NotebookNode = field(repr=False)
    seconds: float = 0.0
    error: str = ""

    def stderr(self) -> list[str]:
        return [
            f"cell {i}: {''.join(o.get('text', ''))}"
            for i, c in enumerate(self.nb.cells)
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stderr"
        ]

    def texts(self) -> list[str]:
        """Every text output (stdout and text/plain), for checks of what a reader sees."""
        found = []
        for c in self.nb.cells:
            for o in c.get("outputs", []) if c.cell_type == "code" else []:
                if o.get("output_type") == "stream":
                    found.append("".join(o.get("text", "")))
                elif "text/plain" in o.get("data", {}):
                    found.append("".join(o["data"]["text/plain"]))
        return found


class Kernel:
    """A kernel that runs one notebook, again and again, with different parameters."""

    def __init__(self, notebook: str) -> None:
        self.path = NOTEBOOK_DIR / notebook
        self.nb = nbformat.read(self.path, as_version=4)
        self.client = NotebookClient(
            nbformat.v4.new_notebook(),
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
        )

    @contextmanager
    def running(self) -> Iterator[Kernel]:
        with self.client.setup_kernel():
            yield self

    def run(self, parameters: dict, *, extra: str = "") -> Run:
        """Run every cell with ``parameters``, then ``extra`` code if given."""
        nb = with_parameters(self.nb, parameters)
        if extra:
            nb.cells.append(nbformat.v4.new_code_cell(extra))
        self.client.nb = nb
        run = Run(self.path.name, nb)
        start = time.monotonic()
        try:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    self.client.execute_cell(cell, index)
        except CellExecutionError as err:
            run.error = str(err)
        run.seconds = time.monotonic() - start
        return run


def problems(run: Run) -> str:
    """What is wrong with a run: a cell error, or anything on stderr (warnings included)."""
    found = []
    if run.error:
        found.append(f"a cell failed:\n{run.error[-4000:]}")
    if run.stderr():
        found.append("stderr (warnings or errors):\n" + "\n".join(run.stderr()))
    return "\n".join(found)
