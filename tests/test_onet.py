"""O*NET and BLS attribution: one text in careermap.onet, and every view shows that text."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import ipywidgets

import careermap
from careermap import charts, metrics, onet, reference
from careermap.report import build_report

PACKAGE = Path(careermap.__file__).parent
AS_OF = "2026-11-15"
# Words of the notices that only careermap/onet.py may spell out.
NOTICE_WORDS = ("USDOL", "CC BY", "Bureau of Labor Statistics", "Employment and Training")


def test_short_credits_are_built_from_the_notice_parts():
    assert f"O*NET {onet.ONET_VERSION} Database" in onet.ATTRIBUTION
    assert f"the {onet.ONET_LICENSE} license" in onet.ATTRIBUTION
    assert f"Source: {onet.ONET_CREDIT}" == onet.ONET_SOURCE
    assert onet.ONET_VERSION in onet.ONET_CREDIT and onet.ONET_LICENSE in onet.ONET_CREDIT
    assert f"Source: {onet.BLS_CITATION}" == onet.BLS_SOURCE


def test_no_other_module_restates_the_notices():
    found = [
        f"{path.relative_to(PACKAGE)}: {word!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "onet.py" or path.parent != PACKAGE
        for word in NOTICE_WORDS
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == [], "import the text from careermap.onet instead"


def test_public_names_are_the_same_objects():
    assert charts.ONET_SOURCE is onet.ONET_SOURCE
    assert reference.ATTRIBUTION is onet.ATTRIBUTION
    assert reference.BLS_CITATION is onet.BLS_CITATION


def _notes(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


def test_charts_of_onet_data_show_the_credit(sample):
    gaps = metrics.skill_gaps(sample, as_of=AS_OF)
    assert onet.ONET_SOURCE in _notes(charts.skill_gap_bars(gaps))
    assert onet.ONET_SOURCE in _notes(charts.skill_radar(gaps))
    assert onet.ONET_SOURCE in _notes(charts.gap_heatmap(gaps.loc[gaps["role_id"] == "15-2051.01"]))
    market = _notes(charts.market_chart(metrics.market(sample)))
    assert onet.BLS_SOURCE in market and onet.ONET_CREDIT in market


def test_report_footer_shows_the_full_notices(sample):
    footer = build_report(sample, as_of=AS_OF).split("<footer>", 1)[1]
    assert html.escape(onet.ATTRIBUTION) in footer
    assert html.escape(onet.BLS_SOURCE) in footer


def _html_texts(widget) -> list[str]:
    texts = [widget.value] if isinstance(widget, ipywidgets.HTML) else []
    for child in getattr(widget, "children", ()):
        texts += _html_texts(child)
    return texts


def test_self_assessment_form_shows_the_full_notice(tmp_path):
    from careermap import widgets

    folder = shutil.copytree(careermap.sample_path(), tmp_path / "alex-rivera")
    form = widgets.self_assessment(folder, as_of="2026-11-16")
    assert any(html.escape(onet.ATTRIBUTION) in text for text in _html_texts(form))
