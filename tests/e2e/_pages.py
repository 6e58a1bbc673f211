"""Driving JupyterLab and Voila pages the way a person does, and reading what they show.

Every wait is on a condition the page exposes (prompts, the kernel status indicator, a
chart's data), never a fixed sleep. What the page shows is read in one ``evaluate`` call
into plain dicts, so a failed assertion can print all of it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from e2e._notebooks import NotebookSpec
from e2e._servers import Server
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium's own connections are refused by the closed network and it
    # stalls; nothing the tests need goes out.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
MAX_SCREENSHOT_HEIGHT = 16_000  # Chromium cannot capture much taller pages

OPEN_TIMEOUT_MS = 120_000  # JupyterLab loaded and the kernel started
START_TIMEOUT_MS = 60_000  # the first cell queued after Run All Cells
RUN_ALL_TIMEOUT_MS = 300_000  # every cell run (a failing run stops early)
CHARTS_TIMEOUT_MS = 60_000  # live charts drawn once the kernel is idle (widgets load late)
UPDATE_TIMEOUT_MS = 60_000  # a chart redrawn after a control changed (the kernel may be busy)
NEXT_CONTROL_TIMEOUT_MS = 15_000  # further controls tried when the first changed no chart

# -- what the page shows ----------------------------------------------------------------

_PLOTS_JS = """
(root) => {
  root = root || document;
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const hash = (text) => {  // FNV-1a: compare charts without shipping their data around
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return (h >>> 0).toString(16) + ':' + text.length;
  };
  const plain = (key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value);
  return [...root.querySelectorAll('.js-plotly-plot')].map((el) => {
    const cell = el.closest('.jp-Cell');
    const data = Array.isArray(el.data) ? el.data : null;
    const layout = el.layout || {};
    const title = layout.title && typeof layout.title === 'object' ? layout.title.text : layout.title;
    const axes = Object.keys(layout).filter((k) => /^[xy]axis/.test(k))
      .map((k) => layout[k] && layout[k].title && layout[k].title.text);
    // The chart's width against the width its cell gives outputs: the cell's output area
    // less the prompt column of its outermost output.
    const area = cell && cell.querySelector('.jp-OutputArea');
    let outer = el;
    for (let a = el; a && a !== area; a = a.parentElement) {
      if (a.classList && a.classList.contains('jp-OutputArea-child')) outer = a;
    }
    const prompt = outer.querySelector ? outer.querySelector(':scope > .jp-OutputPrompt') : null;
    const available = area
      ? area.getBoundingClientRect().width - (prompt ? prompt.getBoundingClientRect().width : 0)
      : 0;
    return {
      kind: el.closest('.jupyter-widgets') ? 'chart in a widget'
        : el.classList.contains('jp-RenderedPlotly') ? 'plotly output' : 'other',
      cell: cell ? cells.indexOf(cell) : -1,
      source: cell ? ((cell.querySelector('.cm-line') || {}).textContent || '') : '',
      traces: data ? data.length : -1,
      title: typeof title === 'string' ? title : '',
      axes: axes.filter((t) => typeof t === 'string'),
      signature: data ? hash(JSON.stringify([data, title, axes], plain)) : '',
      width: Math.round(el.getBoundingClientRect().width),
      inTab: !!el.closest('.widget-tab'),
      available: Math.round(available),
    };
  });
}
"""

_ERRORS_JS = """
(root) => {
  root = root || document;
  const cells = [...document.querySelectorAll('.jp-Cell')];
  const seen = new Set();
  const found = [];
  const add = (el, why) => {
    if (seen.has(el)) return;
    seen.add(el);
    const cell = el.closest('.jp-Cell');
    const prompt = cell && cell.querySelector('.jp-InputArea-prompt');
    found.push({
      why,
      cell: cell ? cells.indexOf(cell) : -1,
      prompt: prompt ? prompt.textContent.trim() : '',
      text: el.innerText.slice(0, 4000),
    });
  };
  root.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    .forEach((el) => { if (el.innerText.includes('Traceback')) add(el, 'error output (stderr with a Traceback)'); });
  root.querySelectorAll('.jp-RenderedText')
    .forEach((el) => { if (/Traceback|Error/.test(el.innerText)) add(el, 'text output says Traceback or Error'); });
  root.querySelectorAll('.jp-OutputArea-output')
    .forEach((el) => { if (/Error displaying widget|Failed to (load|render)/.test(el.innerText)) add(el, 'widget failed to display'); });
  return found;
}
"""

_STDERR_JS = """
() => [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map((el) => el.innerText.slice(0, 1000))
"""

_PROMPTS_JS = """
() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map((cell) => ({
  prompt: (cell.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
  source: (cell.querySelector('.cm-line') || {}).textContent || '',
}))
"""

# The kernel item of the status bar says "Idle" only once the kernel is connected and
# idle; the toolbar's execution indicator alone starts out "idle" before that.
_KERNEL_IDLE_JS = """
() => {
  const bar = document.querySelector('#jp-main-statusbar');
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return !!bar && /\\|\\s*Idle\\b/.test(bar.innerText)
    && !!indicator && indicator.dataset.status === 'idle';
}
"""

_RUN_STARTED_JS = """
() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
  .some((e) => /\\[(\\d+|\\*)\\]/.test(e.textContent))
"""

_RUN_DONE_JS = (
    "() => { const prompts = [...document.querySelectorAll("
    "'.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].map((e) => e.textContent);"
    " return !prompts.some((t) => t.includes('*')) && (" + _KERNEL_IDLE_JS + ")(); }"
)

# Counted by kind: Voila briefly shows extra copies of the plotly outputs (outside any
# output or widget) before its own renderer replaces them.
_CHARTS_READY_JS = """
([outputs, widgets]) => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const isOutput = (el) => el.classList.contains('jp-RenderedPlotly');
  const isWidget = (el) => !!el.closest('.jupyter-widgets');
  const counted = plots.filter((el) => isOutput(el) || isWidget(el));
  return counted.filter((el) => isOutput(el) && !isWidget(el)).length >= outputs
    && counted.filter(isWidget).length >= widgets
    && counted.every((el) => Array.isArray(el.data) && el.data.length > 0);
}
"""

_CHANGED_JS = (
    "([root, before]) => { const now = (" + _PLOTS_JS + ")(root).map((p) => p.signature);"
    " return now.length !== before.length || now.some((s, i) => s !== before[i]); }"
)


def plots(page: Page, root: Locator | None = None) -> list[dict]:
    """Every plotly chart on the page (or under ``root``): kind, cell, traces, signature."""
    if root is not None:
        return root.evaluate(_PLOTS_JS)
    return page.evaluate(_PLOTS_JS, None)


def errors(page: Page) -> list[dict]:
    """Error outputs on the page: tracebacks, text saying Error, widgets that failed."""
    return page.evaluate(_ERRORS_JS, None)


def widget_views(page: Page) -> int:
    """Widget outputs drawn: top-level ipywidgets views inside output areas."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets')]"
        ".filter((e) => !e.parentElement.closest('.jupyter-widgets')).length"
    )


def signatures(page: Page, root: Locator | None = None) -> list[str]:
    return [p["signature"] for p in plots(page, root)]


def wait_for_chart_change(
    page: Page, root: Locator | None, before: list[str], timeout_ms: int = UPDATE_TIMEOUT_MS
) -> bool:
    """True once some chart under ``root`` differs from ``before``; False on timeout."""
    handle = root.element_handle() if root is not None else None
    try:
        page.wait_for_function(_CHANGED_JS, arg=[handle, before], timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True


def describe_plots(found: list[dict]) -> str:
    if not found:
        return "  (no .js-plotly-plot on the page)"
    return "\n".join(
        f"  #{i} {p['kind']} in cell {p['cell']} ({p['source'][:70]!r}): "
        f"{p['traces']} traces, title {p['title'][:60]!r}, "
        f"{p.get('width', '?')} px wide of {p.get('available', '?')} px"
        for i, p in enumerate(found)
    )


def describe_errors(found: list[dict]) -> str:
    return "\n".join(
        f"--- {e['why']} in cell {e['cell']} {e['prompt']}\n{e['text']}" for e in found
    )


def screenshot(page: Page, path: Path, *, scroller: str | None = None) -> None:
    """Save the whole page; JupyterLab scrolls inside the notebook, so the viewport is
    made as tall as the notebook first (and stays so: every cell is then on screen)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if scroller:
        height = page.evaluate(
            "(sel) => { const s = document.querySelector(sel); return s ? s.scrollHeight : 0; }",
            scroller,
        )
        tall = min(max(VIEWPORT["height"], height + 200), MAX_SCREENSHOT_HEIGHT)
        if tall != page.viewport_size["height"]:
            page.set_viewport_size({"width": VIEWPORT["width"], "height": tall})
        # Run All leaves the notebook scrolled to its last cell: back to the top, or the
        # picture shows the end of the notebook and blank space below it.
        page.evaluate(
            "(sel) => { const s = document.querySelector(sel); if (s) s.scrollTop = 0; }",
            scroller,
        )
        # Two frames: one for the layout, one for charts resized with it.
        page.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
    page.screenshot(path=str(path), full_page=scroller is None)


# Uncaught errors in the page that come from upstream code, do no harm to what the user
# sees, and that careermap cannot fix. Each entry: (Voila only?, text, why it is harmless).
KNOWN_PAGE_ERRORS = [
    (
        True,
        "r.setData is not a function",
        # Voila 0.5.13 hands the plotly renderer the output as plain JSON, not a MimeModel;
        # jupyterlab-plotly 7.1 calls model.setData() *after* drawing the chart, to cache a
        # PNG snapshot in the notebook file. The chart is drawn; Voila never saves a file.
        "Voila + jupyterlab-plotly: the PNG snapshot a drawn chart caches is not saved",
    ),
]


class ConsoleLog:
    """The browser console's errors and warnings and uncaught page errors, for messages."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.page_errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _page_error(self, error) -> None:
        self.page_errors.append(str(error)[:500])
        self.errors.append(f"page error: {str(error)[:500]}")

    def uncaught(self, *, voila: bool) -> list[str]:
        """Uncaught errors in the page's JavaScript, less the known harmless ones."""
        known = [text for only_voila, text, _ in KNOWN_PAGE_ERRORS if voila or not only_voila]
        return [e for e in self.page_errors if not any(text in e for text in known)]

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console.error: {message.text[:500]}")
        elif message.type == "warning":
            self.warnings.append(f"console.warning: {message.text[:300]}")

    def tail(self) -> str:
        lines = self.errors[-15:]
        if self.warnings:
            lines.append(f"({len(self.warnings)} warnings; the last: {self.warnings[-1]})")
        return "\n".join(lines) or "(none)"


# -- JupyterLab --------------------------------------------------------------------------

NOTEBOOK_SCROLLER = ".jp-NotebookPanel .jp-WindowedPanel-outer"


@dataclass
class LabRun:
    """A notebook opened in JupyterLab, its cells run with Run > Run All Cells."""

    page: Page = field(repr=False)
    spec: NotebookSpec
    lab: Server = field(repr=False)
    console: ConsoleLog = field(repr=False)
    started: bool = False
    finished: bool = False
    seconds: float = 0.0
    prompts: list[dict] = field(default_factory=list, repr=False)
    errors: list[dict] = field(default_factory=list, repr=False)
    stderr: list[str] = field(default_factory=list, repr=False)
    charts: list[dict] = field(default_factory=list, repr=False)
    widget_views: int = 0
    charts_wait: float | None = None
    status_bar: str = ""

    def unexecuted(self) -> list[str]:
        return [
            f"cell {i}: {p['prompt'].strip() or '[ ]:'} {p['source'][:70]!r}"
            for i, p in enumerate(self.prompts)
            if not any(ch.isdigit() for ch in p["prompt"])
        ]

    def report(self) -> str:
        """Everything the page showed, for an assertion message."""
        state = (
            "finished"
            if self.finished
            else "DID NOT FINISH"
            if self.started
            else "STARTED NO CELL (Run > Run All Cells had no effect)"
        )
        parts = [
            f"{self.spec.name}: run {state} after {self.seconds:.0f}s; "
            f"status bar: {self.status_bar!r}",
        ]
        if self.errors:
            parts.append("error outputs:\n" + describe_errors(self.errors))
        if self.stderr:
            parts.append("stderr outputs:\n" + "\n---\n".join(self.stderr))
        if self.unexecuted():
            parts.append("cells without an execution count:\n  " + "\n  ".join(self.unexecuted()))
        parts.append(describe_wait(self.charts_wait))
        parts.append(
            f"widget views drawn: {self.widget_views} (widget outputs in the file: "
            f"{self.spec.widget_outputs})"
        )
        parts.append("charts:\n" + describe_plots(self.charts))
        parts.append("browser console:\n" + self.console.tail())
        return "\n".join(parts)


def open_notebook(page: Page, lab: Server, name: str) -> None:
    """Open ``name`` in a fresh workspace and wait for its kernel to be idle."""
    stem = Path(name).stem
    page.goto(
        f"{lab.url}/lab/workspaces/e2e-{stem}/tree/{name}?reset&token={lab.token}",
        wait_until="domcontentloaded",
    )
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=OPEN_TIMEOUT_MS)
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=OPEN_TIMEOUT_MS, polling=250)


def menu(page: Page, *path: str) -> None:
    """Click through the menu bar, e.g. ``menu(page, "Run", "Run All Cells")``."""
    top, *rest = path
    page.locator("#jp-menu-panel").get_by_role("menuitem", name=top, exact=True).click()
    for label in rest:
        page.locator(".lm-Menu").get_by_role("menuitem", name=label, exact=True).click()


def run_all(page: Page, spec: NotebookSpec, lab: Server, console: ConsoleLog) -> LabRun:
    """Clear the saved outputs, then Run > Run All Cells and wait until the kernel is idle.

    Clearing first matters: the notebooks are committed executed, so their saved charts
    would show (and count) even if the kernel failed.
    """
    menu(page, "Edit", "Clear Outputs of All Cells")
    try:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]"
            ".every((e) => !/\\d/.test(e.textContent))",
            timeout=30_000,
        )
    except PlaywrightTimeout:
        raise AssertionError(
            f"{spec.name}: Edit > Clear Outputs of All Cells left execution counts on the page"
        ) from None
    run = LabRun(page=page, spec=spec, lab=lab, console=console)
    start = time.monotonic()
    menu(page, "Run", "Run All Cells")
    try:
        page.wait_for_function(_RUN_STARTED_JS, timeout=START_TIMEOUT_MS, polling=100)
        run.started = True
        page.wait_for_function(_RUN_DONE_JS, timeout=RUN_ALL_TIMEOUT_MS, polling=250)
        run.finished = True
    except PlaywrightTimeout:
        pass
    run.seconds = time.monotonic() - start
    return run


def wait_for_charts(page: Page, spec: NotebookSpec) -> float | None:
    """Wait until the charts ``spec`` expects are drawn, each with a trace or more.

    Returns the seconds that took, or None when they were not all drawn in time.
    """
    start = time.monotonic()
    try:
        page.wait_for_function(
            _CHARTS_READY_JS,
            arg=[spec.stored_charts, spec.live_charts],
            timeout=CHARTS_TIMEOUT_MS,
            polling=250,
        )
    except PlaywrightTimeout:
        return None
    return time.monotonic() - start


def missing_charts(spec: NotebookSpec, charts: list[dict]) -> str:
    """What is missing from ``charts`` (as read by :func:`plots`), or "" if nothing is."""
    outputs = sum(c["kind"] == "plotly output" for c in charts)
    widgets = sum(c["kind"] == "chart in a widget" for c in charts)
    empty = [c for c in charts if c["kind"] != "other" and c["traces"] < 1]
    problems = []
    if outputs < spec.stored_charts:
        problems.append(f"{outputs} plotly outputs drawn; the file stores {spec.stored_charts}")
    if widgets < spec.live_charts:
        problems.append(
            f"{widgets} charts drawn in widgets; the code draws {spec.live_charts} in chart views"
        )
    if empty:
        problems.append(f"{len(empty)} charts without data:\n" + describe_plots(empty))
    return "; ".join(problems)


def describe_wait(seconds: float | None) -> str:
    if seconds is None:
        return f"charts: not all drawn with data within {CHARTS_TIMEOUT_MS // 1000}s"
    return f"charts: all drawn with data {seconds:.1f}s after the cells ran"


def read_run(run: LabRun) -> LabRun:
    """Fill ``run`` with what the page shows now."""
    page = run.page
    run.prompts = page.evaluate(_PROMPTS_JS)
    run.errors = errors(page)
    run.stderr = page.evaluate(_STDERR_JS)
    run.charts = plots(page)
    run.widget_views = widget_views(page)
    try:
        run.status_bar = " | ".join(page.locator("#jp-main-statusbar").inner_text().split("\n"))
    except PlaywrightError:
        run.status_bar = "(no status bar)"
    return run


def code_cell(page: Page, containing: str) -> Locator:
    """The code cell whose source contains ``containing`` (exactly one)."""
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=containing)
    )
    if cell.count() != 1:
        raise AssertionError(
            f"expected one code cell containing {containing!r}, found {cell.count()}; "
            "the notebook changed: update the scenario in tests/e2e/test_notebooks.py"
        )
    return cell


def output_of(page: Page, containing: str) -> Locator:
    # The cell's own output area, not those of the output widgets inside it (chart views).
    return code_cell(page, containing).locator(".jp-Cell-outputArea")


# -- any page with widgets: change a control, see a chart change ------------------------

_CONTROLS = ", ".join(
    [
        ".widget-toggle-button:not(.mod-active)",
        ".widget-dropdown select",
        ".widget-select select:not([multiple])",
        ".widget-radio-box input:not(:checked)",
        ".widget-slider .noUi-handle",
        ".widget-checkbox input[type=checkbox]",
        ".jupyter-widget-tag-close",
    ]
)
_MAX_CONTROLS_TRIED = 8


def change_controls_until_a_chart_changes(page: Page, root: Locator) -> tuple[str, list[str]]:
    """Try the widget controls under ``root`` in page order until one changes a chart.

    Returns what changed the chart (empty when none did) and every control tried. Used for
    notebooks and dashboards this suite has no written scenario for.
    """
    tried: list[str] = []
    controls = root.locator(_CONTROLS)
    for i in range(min(controls.count(), _MAX_CONTROLS_TRIED)):
        control = controls.nth(i)
        if not control.is_visible():
            continue
        before = signatures(page, root)
        what = _change(page, control)
        if what is None:
            continue
        timeout = UPDATE_TIMEOUT_MS if not tried else NEXT_CONTROL_TIMEOUT_MS
        tried.append(what)
        if wait_for_chart_change(page, root, before, timeout_ms=timeout):
            return what, tried
    return "", tried


def _change(page: Page, control: Locator) -> str | None:
    info = control.evaluate(
        "(el) => ({tag: el.tagName.toLowerCase(), cls: el.className, text: el.innerText || '',"
        " label: (el.closest('.widget-inline-hbox, .widget-inline-vbox, .widget-toggle-buttons')"
        " || el).querySelector('.widget-label')?.textContent || '',"
        " options: el.tagName === 'SELECT' ? [...el.options].map((o) => o.value) : [],"
        " value: el.value, now: el.getAttribute('aria-valuenow')})"
    )
    label = info["label"].strip() or "(no label)"
    if info["tag"] == "select":
        others = [o for o in info["options"] if o != info["value"]]
        if not others:
            return None
        control.select_option(others[0])
        return f"dropdown {label!r}: chose option {others[0]!r}"
    if "noUi-handle" in str(info["cls"]):
        control.focus()
        page.keyboard.press("ArrowRight")
        if control.get_attribute("aria-valuenow") == info["now"]:
            page.keyboard.press("ArrowLeft")
        return f"slider {label!r}: moved one step from {info['now']}"
    if "jupyter-widget-tag-close" in str(info["cls"]):
        control.click()
        return "tags: removed a tag"
    control.click()
    return f"{info['tag']} {info['text'].strip() or label!r}: clicked"
