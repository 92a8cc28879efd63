"""Both site builders give a working site: search, filters, finder and reading paths, clicked
through in headless Chromium on the html build and on the dirhtml build (pretty URLs)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import REPO, serve

pytestmark = pytest.mark.browser


class Served:
    """A built site on 127.0.0.1 and the address of each page under its builder."""

    def __init__(self, site, builder: str) -> None:
        self.site, self.builder = site, builder
        self.server = serve(site.outdir)
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def url(self, docname: str, query: str = "") -> str:
        if self.builder == "html":
            return self.root + docname + ".html" + query
        folder = docname.removesuffix("index")  # dirhtml: x/index is served at x/, x at x/
        return self.root + (folder if folder == "" or folder.endswith("/") else folder + "/") + query

    def docname(self, url: str) -> str:
        """The page a browser address shows, whatever the builder's URL style."""
        path = urlsplit(url).path.lstrip("/")
        path = path.removesuffix(".html").removesuffix("/").removesuffix("/index")
        return path or "index"


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def served(request: pytest.FixtureRequest):
    site = request.getfixturevalue("real_site" if request.param == "html" else "real_dirhtml_site")
    served = Served(site, request.param)
    yield served
    served.server.shutdown()


def _not_found(page) -> bool:
    return page.title().startswith("Page not found")


def test_search_page_and_dialog_lead_to_real_pages(browser, served: Served) -> None:
    page = browser.new_page()
    page.goto(served.url("search", "?q=works+in+the+notebook+but+breaks+in+production"))
    first = page.locator(".kb-search-results .kb-result a").first
    first.wait_for()
    with page.expect_navigation():
        first.click()
    assert served.docname(page.url) == "patterns/notebook-to-production-gap" and not _not_found(page)
    # From a page two levels down, the dialog's results still resolve from the site root.
    page.keyboard.press("Control+k")
    page.keyboard.type("who owns the data pipeline")
    result = page.locator("#pst-search-dialog .kb-result a").first
    result.wait_for()
    with page.expect_navigation():
        result.click()
    assert served.docname(page.url).startswith(("patterns/", "practices/")) and not _not_found(page)
    page.close()


def test_catalogue_filters_keep_their_state_in_the_url(browser, served: Served) -> None:
    page = browser.new_page()
    page.goto(served.url("patterns/index"))
    status = page.locator("#kb-filter-status")
    expected = int(page.locator("label[for='kb-f-role-data-engineer'] .kb-count").inner_text().strip("()"))
    page.check("#kb-f-role-data-engineer")
    assert status.inner_text() == f"{expected} patterns match the filters"
    assert parse_qs(page.evaluate("location.search.slice(1)")) == {"role": ["data-engineer"]}
    card = page.locator(".kb-catalogue > li:visible > a").first
    with page.expect_navigation():
        card.click()
    assert served.docname(page.url).startswith("patterns/") and not _not_found(page)
    page.close()


def test_finder_ranks_and_links_to_patterns(browser, served: Served) -> None:
    page = browser.new_page()
    page.goto(served.url("finder", "?s=siloed-roles.0,siloed-roles.1"))
    first = page.locator("#kb-finder-list li").first
    first.wait_for()
    assert "2 of" in first.inner_text()
    with page.expect_navigation():
        first.locator("a").first.click()
    assert served.docname(page.url) == "patterns/siloed-roles" and not _not_found(page)
    page.close()


def test_reading_path_next_links_walk_the_whole_path(browser, served: Served) -> None:
    text = (REPO / "content/roles/data-engineer.md").read_text()
    steps = [s["entry"] for s in yaml.safe_load(text.split("---")[1])["kb"]["path"]]
    page = browser.new_page()
    page.goto(served.url("roles/data-engineer"))
    with page.expect_navigation():
        page.click(".kb-path-nav .kb-path-next")
    for entry_id in steps:
        assert served.docname(page.url).endswith(f"/{entry_id}"), page.url
        block = page.locator(".kb-path", has_text="Reading path: Data engineer")
        with page.expect_navigation():
            block.locator(".kb-path-next").click()
    assert served.docname(page.url) == "roles/data-engineer"
    page.close()
