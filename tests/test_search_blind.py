"""The frozen blind test set (bench/queries/test.yml, the third blind set: issue 11) through the real search on the built
site, in headless Chromium: fails below 90 % top-3 or 70 % top-1.

It reports counts only. No query, answer, rank or miss is printed, asserted on or written
anywhere: whoever reads the test set's misses turns it into a tuning set (bench/queries/PROTOCOL.md).
"""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO

pytestmark = pytest.mark.browser

TEST_SET = REPO / "bench" / "queries" / "test.yml"
MIN_TOP3 = 0.90
MIN_TOP1 = 0.70

#: The ids of the first three results of every query, from kbSearch.search on the search page:
#: the same ranking the search box runs, on the same index.
RANKED_JS = (
    "qs => kbSearch.load().then(i => qs.map(q => kbSearch.search(i, q, {limit: 3})"
    ".map(r => r.doc.u.split('#')[0].replace(/\\/$/, '').split('/').pop().replace('.html', ''))))"
)


def blind_counts(page, base: str, queries: list[dict]) -> tuple[int, int]:
    """(top-1 hits, top-3 hits) over the queries; nothing per query leaves this function."""
    page.goto(f"{base}/search.html")
    ranked = page.evaluate(RANKED_JS, [q["q"] for q in queries])
    top1 = sum(bool(r) and r[0] in q["answers"] for q, r in zip(queries, ranked, strict=True))
    top3 = sum(any(doc in q["answers"] for doc in r[:3]) for q, r in zip(queries, ranked, strict=True))
    return top1, top3


def test_blind_test_set_meets_the_floor(browser, real_url: str) -> None:
    queries = yaml.safe_load(TEST_SET.read_text(encoding="utf-8"))["queries"]
    n = len(queries)
    assert n >= 100  # the frozen set the issue asks for
    page = browser.new_page()
    top1, top3 = blind_counts(page, real_url, queries)
    page.close()
    summary = f"blind test set: top-1 {top1}/{n} ({top1 / n:.0%}), top-3 {top3}/{n} ({top3 / n:.0%})"
    print(summary)  # counts only
    # Messages name counts only, never a query (pytest would otherwise show the compared values).
    ok3, ok1 = top3 >= MIN_TOP3 * n, top1 >= MIN_TOP1 * n
    assert ok3, f"{summary}: top-3 is below {MIN_TOP3:.0%}"
    assert ok1, f"{summary}: top-1 is below {MIN_TOP1:.0%}"
