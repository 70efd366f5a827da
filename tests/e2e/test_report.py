"""The hand-out report in a real browser: headless Chromium (Debian's ``chromium``) driven
by Playwright, with every network request blocked. The figures must render with a size,
nothing may leave the page, and a screenshot is saved under ``out/e2e/`` for a human to
look at. Run with ``make e2e`` (not part of ``make test``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

from wardilemma import ILLUSTRATIVE  # noqa: E402
from wardilemma.report import write_report  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SHOTS = Path(os.environ.get("WARDILEMMA_E2E_OUT", ROOT / "out" / "e2e"))
CHROMIUM = os.environ.get("WARDILEMMA_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    names = ("war_continues", "sudden_peace", "managed_peace", "war_oil_sanctions")
    out = tmp_path_factory.mktemp("report") / "report.html"
    write_report([SCENARIOS / f"{n}.toml" for n in names], out)
    return out


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(f"no Chromium at {CHROMIUM}: `make e2e` installs Debian's chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def test_report_renders_offline(browser, report_file: Path) -> None:
    page_url = report_file.resolve().as_uri()
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    requests: list[str] = []
    blocked: list[str] = []

    def route(r) -> None:  # only the report itself may load; everything else is aborted
        if r.request.url == page_url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda req: requests.append(req.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_url, wait_until="load")

    # The caveat is the first thing on the page.
    caveat = page.locator("#caveat")
    assert ILLUSTRATIVE in caveat.inner_text()
    assert caveat.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]

    # Both figures rendered as inline SVG with a real size.
    figures = ["#slide-figure svg", "#dashboard-figure svg"]
    if page.locator("#robustness-table").count():  # the paired Monte Carlo ran
        figures.append("#robustness-figure svg")
        assert page.locator("#robustness-table tr").count() > 3
    for fig in figures:
        box = page.locator(fig).bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 300, (fig, box)
        assert page.locator(f"{fig} path").count() > 50  # drawn, not an empty element
    # Tables: the metrics name their reference; the scenario diff and assumptions exist.
    assert "(reference)" in page.locator("#metrics-table tr").first.inner_text()
    assert page.locator("#metrics-table tr").count() > 5
    assert page.locator("#differences tr").count() > 3
    assert page.locator("#assumptions table tr").count() > 20
    assert page.locator("#robustness").inner_text().strip()

    # Nothing but the page itself was requested; nothing had to be blocked.
    assert requests == [page_url], requests
    assert blocked == [] and errors == []

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "report_top.png"))
    page.locator("#slide-figure").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "report_slide.png"))
    page.locator("#robustness").screenshot(path=str(SHOTS / "report_robustness.png"))
    page.screenshot(path=str(SHOTS / "report_full.png"), full_page=True)
    assert (SHOTS / "report_full.png").stat().st_size > 50_000
    context.close()


def test_report_prints_whole(browser, report_file: Path) -> None:
    """Printed: the assumptions' tables all or none (none, with a note), no heading left at
    a page's foot (headings keep with what follows), figures and rows never split."""
    import re

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(report_file.resolve().as_uri(), wait_until="load")
    page.emulate_media(media="print")
    shown = page.locator("#assumptions details").evaluate_all(
        "(els) => els.map((e) => getComputedStyle(e).display)"
    )
    assert shown and set(shown) == {"none"}  # every sector's table left out, not just some
    assert page.locator("#assumptions .print-only").is_visible()
    for selector in ("h2", "h3"):
        styles = page.locator(selector).evaluate_all(
            "(els) => els.map((e) => getComputedStyle(e).breakAfter)"
        )
        assert set(styles) == {"avoid"}, (selector, styles)
    assert (
        page.locator("#slide-figure").evaluate("(e) => getComputedStyle(e).breakInside") == "avoid"
    )
    assert page.locator("#questions li").count() >= 4
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "report_print.pdf").write_bytes(pdf)
    print(f"report printed on {pages} A4 pages")
    context.close()
