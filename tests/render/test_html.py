"""The HTML report: self-contained, and (in a real headless Chromium) its findings, filters and
links to the response work.

The browser test skips where no chromium is installed (`.ci/run` installs Debian's) or
Playwright's Python package is missing. Its screenshot goes to `TFJUDGE_SCREENSHOT_DIR`
when set, else to the test's temporary directory.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tfjudge.analysis import analyze
from tfjudge.render import render
from tfjudge.report import build_report

GOLDEN = Path(__file__).resolve().parent / "golden"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _analysis():  # type: ignore[no-untyped-def]
    return analyze(GOLDEN / "answer.md", GOLDEN / "prompt.md", GOLDEN / "ideal.md")


def test_html_is_self_contained() -> None:
    html = render(_analysis(), "html")
    assert "<style>" in html and "<script>" in html
    # nothing is loaded from anywhere: no external stylesheet, script, image or font
    assert not re.search(r"<(?:link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]+src=", html)
    assert "@import" not in html and "url(" not in html


def test_html_shows_every_item_with_its_code() -> None:
    analysis = _analysis()
    report = build_report(analysis)
    html = render(analysis, "html")
    assert html.count('<article class="item') == len(report.items)
    for item in report.items:
        assert f'id="{item.anchor}"' in html
    # the offending line, highlighted, with a link to its place in the response
    assert 'href="#L16"' in html and 'id="L16"' in html
    assert "python3.9" in html and "python3.12" in html


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_chromium() is None, reason="no chromium on this machine")
def test_html_report_in_a_real_browser(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    analysis = _analysis()
    report = build_report(analysis)
    page_file = tmp_path / "report.html"
    page_file.write_text(render(analysis, "html"), encoding="utf-8")
    shots = Path(os.environ.get("TFJUDGE_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh --user-data-dir
            executable_path=_chromium(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1366, "height": 900},
        )
        try:
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            items = page.locator("article.item")
            assert items.count() == len(report.items)
            total = len(report.items)
            low = sum(1 for i in report.items if i.severity.value == "low")
            assert low and page.locator("#shown").inner_text() == f"{total} of {total} items shown"

            # the severity filter hides the low items, and brings them back
            page.locator('input[data-filter="severity"][value="low"]').uncheck()
            assert page.locator("article.item:not(.hidden)").count() == total - low
            assert page.locator("#shown").inner_text() == f"{total - low} of {total} items shown"
            page.locator('input[data-filter="severity"][value="low"]').check()
            assert page.locator("article.item:not(.hidden)").count() == total

            # the family filter: without `ideal`, only items with a finding of another family stay
            page.locator('input[data-filter="family"][value="ideal"]').uncheck()
            others = sum(1 for i in report.items if set(i.families) - {"ideal"})
            assert others < total
            assert page.locator("article.item:not(.hidden)").count() == others
            page.locator('input[data-filter="family"][value="ideal"]').check()

            # a finding links to its place in the rendered response
            page.locator('a.goto[href="#L16"]').first.click()
            assert page.evaluate("location.hash") == "#L16"
            assert "python3.9" in page.locator("#L16").inner_text()
            assert page.locator("#L16").is_visible()

            page.goto(page_file.as_uri())
            page.screenshot(path=str(shots / "report.png"), full_page=False)
        finally:
            context.close()
    assert (shots / "report.png").stat().st_size > 10_000
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
