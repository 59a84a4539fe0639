"""The published site used as a person would, in Debian's Chromium driven by Playwright from
``file://``: follow a release to a redline, see its marks, follow a clause's history, search for a
defined term; no console error, no failed or outside request. axe-core finds no serious or critical
accessibility violation. Screenshots go to ``test-artefacts/screenshots/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "test-artefacts" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Watched:
    """A page and everything that went wrong on it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        page.on("request", lambda r: None if r.url.startswith(("file://", "data:", "about:")) else
                self.problems.append(f"outside request: {r.url}"))

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = Watched(context.new_page())
    yield page
    context.close()
    assert page.problems == []


def test_a_reader_follows_a_release_to_a_redline_a_clause_and_a_term(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    assert page.locator("h1").first.inner_text()
    watched.shot("1-index")

    page.get_by_role("link", name="SEC v54.0 implemented to support").first.click()
    assert page.url.endswith("releases/v54.0/index.html")
    assert page.get_by_role("heading", name="What parts of the SEC were affected?").is_visible()
    watched.shot("2-release-v54.0")

    page.get_by_role("link", name="RED LINED SEC Appendix AM SMETS1 Supporting Requirements V16.0").click()
    assert page.url.endswith("documents/appendix-am/16.0/redline/index.html")
    ins, deleted = page.locator("main#redline ins").first, page.locator("main#redline del").first
    ins.scroll_into_view_if_needed()
    assert ins.is_visible() and deleted.is_visible()
    assert "underline" in ins.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in deleted.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert ins.evaluate("e => getComputedStyle(e).color") != deleted.evaluate("e => getComputedStyle(e).color")
    watched.shot("3-redline-appendix-am-16.0")

    page.go_back()
    page.get_by_role("link", name="5.5 → 7.8").click()
    assert "documents/appendix-am/clauses/" in page.url
    assert page.locator("h1").inner_text().startswith("Clause 7.8")
    rows = page.locator("table.lineage tbody tr")
    texts = [rows.nth(k).inner_text() for k in range(rows.count())]
    assert any("moved" in t and "7.8" in t and "5.5" in t for t in texts), texts
    watched.shot("4-clause-7.8-history")

    page.get_by_role("link", name="Search", exact=True).click()
    page.locator("#q").fill("Key Rotation")
    result = page.locator("#search-results a", has_text="Key Rotation").first
    result.wait_for()
    watched.shot("5-search-key-rotation")
    result.click()
    assert page.url.endswith("terms/key-rotation/index.html")
    assert page.locator("h1").inner_text() == "Key Rotation"
    watched.shot("6-term-key-rotation")


def test_quick_search_form_carries_the_query(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "documents/index.html").as_uri())
    page.locator("#quick-q").fill("Dual Control")
    page.locator("#quick-q").press("Enter")
    page.locator("#search-results li").first.wait_for()
    assert "Dual Control" in page.locator("#search-results").inner_text()


PAGES = ["index.html", "releases/v54.0/index.html", "documents/appendix-am/index.html",
         "documents/appendix-am/16.0/redline/index.html", "terms/key-rotation/index.html",
         "documents/appendix-am/clauses/14.0/2.3/index.html"]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(site: Path, watched: Watched, path: str) -> None:
    watched.page.goto((site / path).as_uri())
    # preload off: axe would fetch the stylesheets itself, which file:// pages may not do
    results = Axe().run(watched.page, options={"resultTypes": ["violations"], "preload": False})
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
