"""Draw docs/images/forecast-calibration.png: the forecast's backtest on the demo cohort.

    uv run python scripts/make_forecast_chart.py

The figure is written as a self-contained HTML page and photographed by chromium through
Playwright (the e2e tests' browser; ``CAREERMAP_CHROMIUM`` names another than
``/usr/bin/chromium``), so no image-export package is needed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import careermap
from careermap import charts, metrics

OUT = Path(__file__).resolve().parents[1] / "docs" / "images" / "forecast-calibration.png"


def main() -> None:
    m = careermap.load(careermap.cohort_path())
    bt = metrics.forecast_backtest(m, as_of="2026-11-15")
    fig = charts.forecast_calibration_chart(
        bt, title="How good the forecast has been: the demo cohort, backtested"
    )
    fig.update_layout(width=900, height=420)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "chart.html"
        fig.write_html(page_file, include_plotlyjs=True, full_html=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CAREERMAP_CHROMIUM", "/usr/bin/chromium")
            )
            page = browser.new_page(viewport={"width": 920, "height": 440})
            page.goto(page_file.as_uri())
            page.wait_for_selector(".main-svg")
            page.locator(".plot-container").first.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
