"""Ranking changes for issue 11 that were measured on the tuning halves (see
bench/results/search-tuning-notes.md): each test fails if its change is undone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _concepts(page, query: str) -> list[list[str]]:
    return page.evaluate(
        "q => kbSearch.load().then(i => kbSearch.search(i, q, {}).concepts.map(c => [...c.keys()]))", query
    )


def test_a_typo_is_read_as_the_likeliest_word_not_every_word_near_it(browser, real_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/search.html")
    modle, deploymnet = _concepts(page, "modle deploymnet")
    # "modle" is one edit from "model", "mode" and "module"; the rarer two used to win on rarity
    # wherever a page used them.
    assert "model" in modle
    assert not {"mod", "modul"} & set(modle), modle
    assert "deployment" in deploymnet
    page.close()
