"""Finding the right pattern, in headless Chromium against the built site on 127.0.0.1:
search, catalogue facets, the symptom finder and phone widths (keyboard use and axe: test_accessibility.py)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
import yaml
from conftest import REPO

pytestmark = pytest.mark.browser
QUERIES = yaml.safe_load((REPO / "tests/search_queries.yml").read_text())
PHONE = {"width": 390, "height": 844}


def _ids(page, query: str) -> list[str]:
    return page.evaluate(
        "q => kbSearch.load().then(i => kbSearch.search(i, q, {}).map(r => r.doc.u.split('/').pop().replace('.html', '')))",
        query,
    )


def test_search_query_set_hits_top_three(browser, real_url: str) -> None:
    assert len(QUERIES) >= 25
    assert sum(q["new_words"] for q in QUERIES) >= len(QUERIES) // 2
    page = browser.new_page()
    page.goto(f"{real_url}/search.html")
    misses = []
    for item in QUERIES:
        top = _ids(page, item["q"])[:3]
        if item["expect"] not in top:
            misses.append((item["q"], item["expect"], top))
    hit_rate = 1 - len(misses) / len(QUERIES)
    assert hit_rate >= 0.9, misses
    page.close()


def test_search_page_shows_typed_results_and_keeps_the_query_in_the_url(browser, real_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/search.html?q=works+in+the+notebook+but+breaks+in+production")
    first = page.locator(".kb-search-results .kb-result").first
    first.wait_for()
    assert first.locator(".kb-result-kind").inner_text().lower() == "pattern"
    assert "notebook" in first.locator(".kb-result-title").inner_text().lower()
    assert first.locator(".kb-result-summary").inner_text()
    page.fill("#kb-search-input", "DS SE skills gap")
    page.wait_for_function("() => location.search.includes('skills')")
    assert "Expertise gap" in page.locator(".kb-result-title").first.inner_text()
    page.close()


def test_theme_search_box_gives_live_results_and_submits_to_the_search_page(browser, real_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/index.html")
    assert page.evaluate("typeof window.kbSearchIndex") == "undefined"  # not loaded on a page view
    page.keyboard.press("Control+k")
    page.keyboard.type("nobody watches the model after launch")
    result = page.locator("#pst-search-dialog .kb-result").first
    result.wait_for()
    assert "go-live" in result.inner_text() or "production" in result.inner_text().lower()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search.html?q=nobody" in page.url
    page.locator(".kb-search-results .kb-result").first.wait_for()
    page.close()


def test_search_index_loads_only_when_someone_searches(browser, real_url: str) -> None:
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{real_url}/patterns/expertise-gap.html")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "search" in u.rsplit("/", 1)[-1] and "index" in u]
    assert not [u for u in requested if u.endswith("searchindex.js")]
    page.close()


def test_catalogue_filters_counts_and_url_round_trip(browser, real_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/patterns/index.html")
    status = page.locator("#kb-filter-status")
    total = int(status.inner_text().split()[0])
    assert total >= 24
    label = page.locator("label[for='kb-f-role-data-engineer']")
    expected = int(label.locator(".kb-count").inner_text().strip("()"))
    page.check("#kb-f-role-data-engineer")
    assert status.inner_text() == f"{expected} patterns match the filters"
    visible = page.locator(".kb-catalogue > li:visible > a")
    hrefs = set(visible.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert len(hrefs) == expected
    # Counts in the other facets now reflect the role filter.
    data_count = int(page.locator("label[for='kb-f-phase-data'] .kb-count").inner_text().strip("()"))
    page.check("#kb-f-phase-data")
    assert status.inner_text().startswith(f"{data_count} pattern")
    query = parse_qs(page.evaluate("location.search.slice(1)"))
    assert query == {"role": ["data-engineer"], "phase": ["data"]}
    # Only the chosen phase's group stays visible.
    assert page.locator(".kb-phase-group:visible").evaluate_all("els => els.map(e => e.id)") == ["phase-data"]
    # The URL restores the same view in a new page.
    other = browser.new_page()
    other.goto(page.evaluate("location.href"))
    assert other.is_checked("#kb-f-role-data-engineer") and other.is_checked("#kb-f-phase-data")
    assert other.locator("#kb-filter-status").inner_text() == status.inner_text()
    other.close()
    page.click(".kb-clear")
    page.wait_for_function("() => !location.search")
    assert status.inner_text() == f"{total} patterns"
    page.close()


def test_catalogue_lists_every_pattern_without_javascript(browser, real_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{real_url}/patterns/index.html")
    assert not page.locator("#kb-filters").is_visible()
    hrefs = set(page.locator(".kb-catalogue > li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert len(hrefs) == len(list((REPO / "content/patterns").glob("*.md"))) - 1
    context.close()


def test_symptom_finder_ranks_patterns_and_keeps_ticks_in_the_url(browser, real_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/finder.html")
    boxes = page.locator("input[name=s][value^='unclear-role-responsibilities.']")
    assert boxes.count() >= 3
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("input[name=s][value^='siloed-roles.']").first.check()
    first = page.locator("#kb-finder-list li").first
    assert "Unclear role duties" in first.inner_text()
    assert "2 of" in first.inner_text()
    assert page.locator("#kb-finder-list li").count() == 2
    values = parse_qs(page.evaluate("location.search.slice(1)"))["s"][0].split(",")
    assert sorted(values) == sorted(
        ["unclear-role-responsibilities.0", "unclear-role-responsibilities.1", "siloed-roles.0"]
    )
    summary = page.locator("#kb-finder-summary").inner_text()
    assert summary.startswith("Our top 2 patterns and their first practices:")
    assert "Start with:" in summary and "finder.html?s=" in summary
    other = browser.new_page()
    other.goto(page.evaluate("location.href"))
    assert other.locator("#kb-finder-list li").first.inner_text() == first.inner_text()
    other.close()
    page.close()


@pytest.mark.parametrize("path", ["patterns/index.html", "finder.html", "search.html?q=data+access", "matrix.html"])
def test_pages_fit_a_phone(browser, real_url: str, path: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{real_url}/{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if path.startswith("search"):
        page.locator(".kb-result").first.wait_for()
        assert page.locator(".kb-result").first.bounding_box()["width"] <= PHONE["width"]
    if path == "patterns/index.html":
        page.check("#kb-f-phase-operation")
        page.wait_for_function("() => location.search.includes('phase=operation')")
    page.close()
