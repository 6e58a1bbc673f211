"""Market chart."""

from __future__ import annotations

from charts._checks import assert_hover_everywhere, assert_same_frame, empty_message, frozen

from careermap.charts import ONET_SOURCE, market_chart


def test_market_bubbles(market_frame):
    before = frozen(market_frame)
    fig = market_chart(market_frame)
    assert_same_frame(before, market_frame)
    assert [t.name for t in fig.data] == ["Business Intelligence Analysts", "Statisticians"]
    for trace, (_, row) in zip(fig.data, market_frame.iloc[:2].iterrows(), strict=True):
        assert trace.type == "scatter"
        assert list(trace.x) == [row.change_pct]
        assert list(trace.y) == [row.median_wage]
        assert list(trace.marker.size) == [row.openings]
    assert fig.data[0].marker.sizemode == "area"
    assert fig.layout.xaxis.title.text == "employment change 2024-34 (%)"
    assert fig.layout.yaxis.title.text == "median annual wage (USD, May 2024)"
    hover = fig.data[0].hovertext[0]
    assert "23,400 a year" in hover and "$112,590 per year" in hover and "job zone 4" in hover
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "Team lead" in notes  # no BLS numbers: named, not drawn
    assert "Bureau of Labor Statistics" in notes
    assert ONET_SOURCE.removeprefix("Source: ") in notes
    assert_hover_everywhere(fig)


def test_market_without_numbers(market_frame):
    fig = market_chart(market_frame.iloc[2:])
    assert empty_message(fig) == "no BLS projections for these roles"
