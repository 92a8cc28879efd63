"""The 404 page served as GitHub Pages serves it: for any missing address, at any depth."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_build
from test_publishing import make_site_root

pytestmark = pytest.mark.browser
PREFIX = "/playbook/"  # a project site: https://<owner>.github.io/<repo>/


class PagesHandler(SimpleHTTPRequestHandler):
    """Serves the site under PREFIX; a missing file gets 404.html with status 404, like Pages."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        root = Path(self.directory)
        target = root / path[len(PREFIX) :] if path.startswith(PREFIX) else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is not None and target.is_file():
            self.path = "/" + target.relative_to(root).as_posix()
            return super().do_GET()
        body = (root / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_404_page_works_at_a_deep_missing_address(browser, tmp_path: Path, builder: str) -> None:
    out = tmp_path / "out" / builder
    out.mkdir(parents=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    try:
        site = run_build(make_site_root(tmp_path, base_url=base), outdir=out, buildername=builder)
        assert site.warning_lines() == []
        page = browser.new_page()
        failed: list[str] = []
        page.on(
            "response",
            lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None,
        )
        response = page.goto(f"{base}no/such/deep/page.html")
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text() == "Page not found"
        page.wait_for_load_state("networkidle")
        assert failed == []  # every stylesheet, script and font loaded from the site root
        # The theme's stylesheet applied: the header is laid out as a flex bar, not bare text.
        assert page.evaluate("getComputedStyle(document.querySelector('.bd-header')).display") == "flex"
        with page.expect_navigation():
            page.get_by_role("link", name="Go to the home page").click()
        assert page.url in (f"{base}index.html", base)
        assert page.evaluate("document.querySelector('.bd-header') !== null")
        page.goto(f"{base}no/such/deep/page.html")
        with page.expect_navigation():
            page.get_by_role("link", name="Browse the catalogue of patterns").click()
        assert page.url in (f"{base}patterns/index.html", f"{base}patterns/")
        page.close()
    finally:
        server.shutdown()
