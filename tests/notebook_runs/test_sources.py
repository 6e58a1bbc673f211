"""What the notebook files say: inputs in a ``parameters`` cell, nothing of the sample's in
code that runs on the reader's map, no FigureWidget, and markdown that renders as meant."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from notebook_runs._runs import NOTEBOOK_DIR, parameters_cell

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("0*.ipynb"))
# Ids and codes the sample uses: goal/milestone/action ids and O*NET-SOC codes.
SAMPLE_IDS = re.compile(r"""["'](?:[GMA]\d+|\d\d-\d{4}\.\d\d)["']""")
# Cells that work on a copy of the bundled sample on purpose (01 breaks one to show the
# errors, 04 shows the store's functions on a scratch copy); they never read the reader's map.
ON_A_SAMPLE_COPY = ("broken", "SCRATCH", "EXAMPLE_FILES")


def _code(path):
    nb = nbformat.read(path, as_version=4)
    return nb, [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_first_code_cell_holds_only_the_parameters(path):
    nb, _ = _code(path)
    cell = nb.cells[parameters_cell(nb)]
    tree = ast.parse(cell.source)
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
    }
    folder = "MY_COHORT" if path.stem == "05-cohort" else "MY_FOLDER"
    assert len(tree.body) == 2 and assigned == {folder: None, "AS_OF": None}, cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_sample_ids_and_no_figure_widgets_in_code(path):
    _, cells = _code(path)
    found = [
        (cell.source.splitlines()[0], hit)
        for cell in cells
        if not any(word in cell.source for word in ON_A_SAMPLE_COPY)
        for hit in SAMPLE_IDS.findall(cell.source)
    ]
    assert not found, f"sample ids in code that runs on the reader's map: {found}"
    widgets = [c.source.splitlines()[0] for c in cells if "FigureWidget(" in c.source]
    assert not widgets, f"go.FigureWidget in {widgets}: use careermap.widgets.ChartView"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_o_star_net_is_escaped_in_markdown(path):
    """An unescaped O*NET starts italics that run to the next asterisk."""
    nb = nbformat.read(path, as_version=4)
    bare = [
        line
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if re.search(r"(?<!\\)O\*NET", re.sub(r"`[^`]*`", "", line))
    ]
    assert not bare, bare
