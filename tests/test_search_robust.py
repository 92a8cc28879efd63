"""Search keeps working when things go wrong, and the Python and JavaScript tokenisers agree.

The index is built with kb/model/text.py and queried with the copy in kb-search.js: a word the
two split or stem differently can never be found. A failed index load must not stick either.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import REPO

from kb.model.text import tokens

SEARCH_JS = REPO / "kb" / "theme" / "static" / "kb-search.js"

#: Strings where tokenisers usually part ways: possessives (also at the very end), contractions,
#: curly quotes, hyphens, digits, accents, other scripts, case that changes length when lowered.
TRICKY = [
    "the team's",
    "the team's model",
    "the team\u2019s",
    "teams' models",
    "'s",
    "s'",
    "don't",
    "doesn't work",
    "can't\u2019t",
    "won't, shan't, can\u2019t",
    "isn\u2019t it",
    "it's the data scientist's job",
    "ML-enabled, end-to-end",
    "A/B tests; p99 latency 200ms",
    "v2.3.1-rc1",
    "na\u00efve caf\u00e9 r\u00e9sum\u00e9",
    "\u00c9COLE stra\u00dfe",
    "\u0130stanbul",
    "\u041c\u0430\u0448\u0438\u043d\u043d\u043e\u0435 \u043e\u0431\u0443\u0447\u0435\u043d\u0438\u0435",
    "\u6a5f\u68b0\u5b66\u7fd2",
    "\u03a3\u039f\u03a6\u039f\u03a3",
    "emoji \U0001f600 ok",
    "tab\tand\nnewline",
    "   ",
    "",
    "running runs ran runner ownership owners owned",
    "studies study's analyses buses",
]


def content_lines() -> list[str]:
    """Every line of every Markdown and YAML file in content/: every word the index can hold."""
    lines = []
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix in (".md", ".yml", ".bib") and path.is_file():
            lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def js_tokens(texts: list[str]) -> list[list[str]]:
    """Run kb-search.js's own tokens() in Node on each text."""
    script = (
        "const fs = require('fs');"
        "global.window = {};"
        "global.document = {readyState: 'complete', getElementById: () => null, documentElement: {dataset: {}}};"
        f"eval(fs.readFileSync({json.dumps(str(SEARCH_JS))}, 'utf8'));"
        "const texts = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(texts.map((t) => window.kbSearch.tokens(t))));"
    )
    result = subprocess.run(
        ["node", "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(result.stdout)


def test_python_and_javascript_tokenisers_agree_on_all_content_and_tricky_strings() -> None:
    lines = content_lines()
    words = sorted({w for line in lines for w in re.split(r"\s+", line) if w})
    texts = TRICKY + lines + words
    assert len(words) > 2000  # the whole content, not a sample
    js = js_tokens(texts)
    different = [(text, tokens(text), got) for text, got in zip(texts, js, strict=True) if tokens(text) != got]
    assert different == []


def test_possessive_at_the_end_is_dropped_as_in_the_middle() -> None:
    assert tokens("the team's") == tokens("the team") == tokens("the team\u2019s")
    assert tokens("the team's model") == tokens("the team model")


@pytest.mark.browser
def test_a_failed_index_load_is_retried_on_the_next_search(browser, real_url: str) -> None:
    page = browser.new_page()
    requests = []

    def fail_twice(route) -> None:
        requests.append(route.request.url)
        if len(requests) <= 2:
            route.abort()
        else:
            route.continue_()

    page.route("**/_static/kb-search-index.js*", fail_twice)
    page.goto(f"{real_url}/search.html")  # the focused box starts loading the index: load 1 fails
    page.wait_for_function("() => document.querySelectorAll('script[src*=kb-search-index]').length === 0")
    page.fill("#kb-search-input", "notebook production")  # load 2 fails, and says so
    page.locator("#kb-search-page .kb-search-status", has_text="could not load").wait_for()
    assert page.locator(".kb-search-results .kb-result").count() == 0
    page.fill("#kb-search-input", "notebook breaks in production")  # load 3 succeeds
    page.locator(".kb-search-results .kb-result").first.wait_for()
    assert len(requests) == 3
    assert "notebook" in page.locator(".kb-result-title").first.inner_text().lower()
    page.close()
