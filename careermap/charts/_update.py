"""Refreshing a figure already on screen (a ``go.FigureWidget``) with a newly built one."""

from __future__ import annotations

import plotly.graph_objects as go

from careermap.errors import InvalidArgumentError


def update_in_place(target: go.Figure, figure: go.Figure) -> go.Figure:
    """Make ``target`` show ``figure`` in one front-end update, keeping the same widget.

    When both have the same trace types in the same order, each trace is restyled in
    place (the view keeps its zoom and animates); otherwise the traces are swapped. Use it
    from an ipywidgets callback: build the new figure with a chart function, then
    ``update_in_place(widget, new_figure)``.

    Parameters
    ----------
    target : plotly.graph_objects.FigureWidget or Figure
        The figure on screen; changed and returned.
    figure : plotly.graph_objects.Figure
        The figure to show.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> from careermap.charts import update_in_place
    >>> shown = go.Figure(go.Bar(y=[1, 2]))
    >>> _ = update_in_place(shown, go.Figure(go.Bar(y=[3, 4], name="new")))
    >>> shown.data[0].y, shown.data[0].name
    ((3, 4), 'new')
    """
    if not isinstance(target, go.Figure | go.FigureWidget) or not isinstance(
        figure, go.Figure | go.FigureWidget
    ):
        raise InvalidArgumentError(
            "update_in_place takes two plotly figures (the one on screen, the new one); "
            f"got {type(target).__name__} and {type(figure).__name__}"
        )
    same_shape = len(target.data) == len(figure.data) and all(
        old.type == new.type for old, new in zip(target.data, figure.data, strict=True)
    )
    with target.batch_update():
        if same_shape:
            for old, new in zip(target.data, figure.data, strict=True):
                fresh = new.to_plotly_json()
                fresh.pop("uid", None)
                stale = set(old.to_plotly_json()) - set(fresh) - {"uid", "type"}
                old.update({key: None for key in stale}, overwrite=True)
                old.update(fresh, overwrite=True)
        else:
            target.data = ()
            target.add_traces(list(figure.data))
        target.layout = figure.layout
    return target
