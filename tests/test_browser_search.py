"""Search shows why a result matched and never leaves the reader at a dead end (issue 11, items 3-4),
tokenises Unicode words the same way in Python and the browser, and stays keyboard-usable."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kb.model.text import tokens

pytestmark = pytest.mark.browser


def _search(browser, real_url: str, query: str):
    page = browser.new_page()
    page.goto(f"{real_url}/search.html")
    page.fill("#kb-search-input", query)
    page.locator("#kb-search-page .kb-search-status").filter(has_text="for \u201c").wait_for()
    return page


def test_results_show_the_matching_symptom_with_the_readers_words_marked(browser, real_url: str) -> None:
    query = "predictions got worse after launch and nobody noticed"
    page = _search(browser, real_url, query)
    first = page.locator(".kb-search-results .kb-result").first
    marks = [tokens(m)[0] for m in first.locator("mark").all_inner_texts()]
    # Marked: the words typed, and their synonyms ("launch" also marks "deployed").
    wanted = page.evaluate(
        "q => kbSearch.load().then(i => kbSearch.search(i, q, {}).concepts.flatMap(c => [...c.keys()]))", query
    )
    assert set(tokens(query)) & set(marks), marks
    assert set(marks) <= set(wanted), marks
    # A symptom or alias quoted under the title, not only the title itself.
    why = page.locator(".kb-search-results .kb-result-why").first
    assert why.locator(".kb-why-label").inner_text().startswith("Matches")
    assert why.locator("mark").count() >= 1
    page.close()


def test_hostile_queries_are_shown_as_text(browser, real_url: str) -> None:
    hostile = '<img src=x onerror="window.pwned=1"> model <b>owner</b>'
    page = _search(browser, real_url, hostile)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#kb-search-page img, #kb-search-page b").count() == 0
    assert hostile in page.locator("#kb-search-page .kb-search-status").inner_text()
    page.close()


def test_a_query_nothing_matches_well_offers_the_finder_and_role_paths(browser, real_url: str) -> None:
    # "town" is not taken for a typo of "own", nor "won't" left as "wo" and "not".
    for query in ("banana bread recipe", "zzqx vvbn", "best pizza in town", "my cat won't eat"):
        page = _search(browser, real_url, query)
        weak = page.locator(".kb-search-weak")
        weak.wait_for()
        assert "Nothing" in weak.inner_text()
        finder = weak.get_by_role("link", name="the symptom finder")
        assert parse_qs(urlsplit(finder.get_attribute("href")).query)["q"] == [query]
        roles = weak.locator("a[href*='roles/']")
        assert roles.count() == 7
        page.close()
    # A query that matches well gets no such note.
    page = _search(browser, real_url, "our model works in the notebook but breaks in production")
    assert page.locator(".kb-search-weak").count() == 0
    page.close()


def test_the_finder_marks_the_signs_that_use_the_readers_words(browser, real_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/finder.html?q=model+drift+alerts")
    note = page.locator(".kb-finder-words")
    note.wait_for()
    marked = page.locator("label.kb-finder-suggested")
    assert marked.count() >= 1
    assert marked.count() < page.locator("#kb-finder label").count()
    assert note.inner_text().startswith(f"{marked.count()} sign")
    page.close()


def test_results_are_reachable_by_keyboard_and_their_count_is_announced(browser, real_url: str) -> None:
    page = _search(browser, real_url, "nobody owns monitoring")
    status = page.locator("#kb-search-page .kb-search-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().split()[0].isdigit()
    page.focus("#kb-search-input")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.kb-result') !== null")
    assert focused, "Tab from the search box does not reach the first result"
    page.close()


@pytest.mark.parametrize("text", ["Qualität der Daten", "données d'entraînement", "Modell-Übergabe", "ML 2.0 naïve"])
def test_unicode_words_tokenise_the_same_in_python_and_the_browser(browser, real_url: str, text: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/search.html")
    assert page.evaluate("t => kbSearch.tokens(t)", text) == tokens(text)
    page.close()
    assert any(not w.isascii() for w in tokens(text)) or text.startswith("ML")


def test_search_works_offline_from_file_urls(browser, real_site) -> None:
    page = browser.new_page()
    page.goto((real_site.outdir / "search.html").as_uri() + "?q=nobody+watches+the+model+after+launch")
    first = page.locator("#kb-search-page .kb-result").first
    first.wait_for()
    assert first.locator("mark").count() >= 1
    href = first.locator("a").evaluate("a => a.href")
    assert href.startswith("file://") and "/patterns/" in href
    assert Path(urlsplit(href).path).is_file(), href
    page.close()
