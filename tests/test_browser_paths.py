"""Reading paths in a real browser: start at a role page and follow "next" to the end."""

from __future__ import annotations

import pytest
from conftest import REPO

pytestmark = pytest.mark.browser


def test_follow_next_through_a_whole_path(browser, real_url: str) -> None:
    import yaml

    text = (REPO / "content/roles/data-scientist.md").read_text()
    steps = [s["entry"] for s in yaml.safe_load(text.split("---")[1])["kb"]["path"]]
    page = browser.new_page()
    page.goto(f"{real_url}/roles/data-scientist.html")
    with page.expect_navigation():
        page.click(".kb-path-nav .kb-path-next")
    for k, entry_id in enumerate(steps, start=1):
        assert page.url.endswith(f"/{entry_id}.html"), (k, page.url)
        block = page.locator(".kb-path", has_text="Reading path: Data scientist")
        assert block.locator(".kb-path-where").inner_text().endswith(f"step {k} of {len(steps)}")
        with page.expect_navigation():
            block.locator(".kb-path-next").click()
    assert page.url.endswith("/roles/data-scientist.html")
    page.close()
