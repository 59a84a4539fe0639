"""The HTML redline as Chromium shows and prints it (headless Debian Chromium through Playwright).

The AM v15.0 -> v16.0 redline is opened at 1280 px and 400 px and printed to PDF; the screenshots
and the PDF are written beside the test's other files. Checked: the page never scrolls sideways
(wide tables scroll in their own box), text under a clause and the wrapped lines of a numbered or
renumbered clause start where the clause's text does, the ↓ next links work without JavaScript,
and the print is A4 with the document, both versions and the page number at the top and bottom of
every page. On every corpus redline, each colour, line and outline that marks a change is one the
legend shows.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.html import render_html

AM = Path(__file__).resolve().parents[2] / "corpus" / "documents" / "appendix-am"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Each line's left edge of the text of every numbered and unnumbered-continuation paragraph
# (numbers and marks left out), with the paragraph's level and whether it shows two numbers.
LINES = """() => [...document.querySelectorAll('main p.para.hang, main p.para.cont')].map(p => {
  const lines = new Map();
  const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim() || n.parentElement.closest('.num, .nums, .mark')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      const top = Math.round(r.top);
      lines.set(top, Math.min(lines.get(top) ?? Infinity, r.left));
    }
  }
  return {cont: p.classList.contains('cont'), nums: !!p.querySelector(':scope > .nums'),
          level: [...p.classList].find(c => c.startsWith('lvl')) || '',
          lefts: [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1])};
})"""


# How an element is drawn, as Chromium computes it: text colour, text decoration, a thick border
# (change bars and table outlines). Links and the marks' own words (badges) name themselves, and
# the document's tables keep their cell shading.
DRAWN = """(selector) => {
  const out = new Set();
  const text = getComputedStyle(document.body).color;
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('a, .mark:not(.gap)')) continue;
    const s = getComputedStyle(el);
    if (s.color !== text) out.add('color ' + s.color);
    if (s.textDecorationLine !== 'none')
      out.add(`line ${s.textDecorationLine} ${s.textDecorationStyle} ${s.textDecorationColor}`);
    for (const side of ['Left', 'Top'])
      if (parseFloat(s[`border${side}Width`]) >= 2 && s[`border${side}Color`] !== 'rgba(0, 0, 0, 0)')
        out.add(`border ${s[`border${side}Style`]} ${s[`border${side}Color`]}`);
  }
  return [...out].sort();
}"""
GOLDEN_PAGES = sorted((Path(__file__).resolve().parents[1] / "golden" / "changesets").glob("*.html"))


@pytest.fixture(scope="module")
def redline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "am-v16-redline.html"
    cs = compare(read(AM / "appendix-am-v15.0.docx"), read(AM / "appendix-am-v16.0.docx"))
    out.write_text(render_html(cs), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.mark.parametrize("width", [1280, 400])
def test_the_page_fits_the_screen(browser, redline: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(redline.as_uri())
        shot = redline.with_name(f"am-v16-redline-{width}px.png")
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
        assert page.locator("details.legend li").count() >= 10
        # every document table is in a box of its own, never wider than the page
        boxes = page.evaluate("""[...document.querySelectorAll('.table-scroll')].map(
            b => b.getBoundingClientRect().right)""")
        assert boxes and max(boxes) <= width
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 400])
def test_text_under_a_clause_starts_at_the_clauses_text(browser, redline: Path, width: int) -> None:
    """Per level: continuation paragraphs, the first line of a clause with one number and the
    wrapped lines of every clause (two numbers too) start at one place (the border may differ by 1 px)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(redline.as_uri())
        paragraphs = page.evaluate(LINES)
    finally:
        page.close()
    starts: dict[str, list[float]] = {}
    for p in paragraphs:
        lefts = p["lefts"] if p["cont"] or not p["nums"] else p["lefts"][1:]
        starts.setdefault(p["level"], []).extend(lefts)
    assert any(p["cont"] for p in paragraphs) and any(p["nums"] and len(p["lefts"]) > 1 for p in paragraphs)
    for level, lefts in starts.items():
        assert max(lefts) - min(lefts) <= 1.5, (level, sorted({round(x) for x in lefts}))


def test_the_legend_shows_every_mark_the_pages_use(browser) -> None:
    assert len(GOLDEN_PAGES) >= 9
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for path in GOLDEN_PAGES:
            page.goto(path.as_uri())
            used = set(page.evaluate(DRAWN, "main *"))
            shown = set(page.evaluate(DRAWN, "details.legend li, details.legend li *"))
            assert used and used <= shown, (path.name, sorted(used - shown))
    finally:
        page.close()


def test_next_change_links_work_without_javascript(browser, redline: Path) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(redline.as_uri() + "#c-1")
        page.locator("#c-1 a[rel=next]").first.click()
        assert page.url.endswith("#c-2")
        page.locator("#c-2 a[rel=prev]").first.click()
        assert page.url.endswith("#c-1")
        page.goto(redline.as_uri() + "#AM-5.3")  # anchors named after references
        assert page.locator("[id='AM-5.3']").count() == 1 and page.locator("[id='AM-old-5.3']").count() == 1
    finally:
        context.close()


def test_the_print_is_a4_with_a_running_header(browser, redline: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(redline.as_uri())
        page.emulate_media(media="print")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    out = redline.with_name("am-v16-redline-print.pdf")
    out.write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 4
    for number, sheet in enumerate(reader.pages, 1):
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (595, 842)
        text = sheet.extract_text()
        assert "SEC Appendix AM 'SMETS1 Supporting Requirements'" in text, number
        assert "Version 15.0 → 16.0" in text, number
        assert f"Page {number} of {total}" in text, number
    everything = "".join(s.extract_text() for s in reader.pages)
    assert "changes (" in everything and "old 5.3 deleted" in everything  # the list of changes is printed
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-png", str(out), str(out.with_suffix(""))],
                   check=True, capture_output=True)
    assert sorted(p.name for p in out.parent.glob("am-v16-redline-print-*.png"))
