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


def test_path_navigation_works_with_the_keyboard_on_a_phone(browser, real_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{real_url}/roles/software-engineer.html")
    link = page.locator(".kb-path-nav .kb-path-next")
    link.focus()
    assert page.evaluate("document.activeElement.classList.contains('kb-path-next')")
    box = link.bounding_box()
    assert box and box["width"] <= 390 and box["height"] >= 44
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/patterns/" in page.url or "/practices/" in page.url
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()
