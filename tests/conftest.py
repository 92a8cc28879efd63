"""Shared fixtures: build real sites with sphinx.testing and read the HTML users get."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent

# Sphinx colours its output whenever CI=true (as CI sets it), and the tests compare the plain
# messages users read; every build the tests start, in process or as a task, inherits this.
os.environ["NO_COLOR"] = "1"


@dataclass
class Site:
    """A built site: its source and output folders, warnings, and the pages it wrote."""

    srcdir: Path
    outdir: Path
    warnings: str
    written: list[str] = field(default_factory=list)
    app: SphinxTestApp | None = None
    status: str = ""  # the build's info output (what Sphinx prints besides warnings)

    def html(self, docname: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")

    def article(self, docname: str) -> BeautifulSoup:
        return self.html(docname).select_one("article.bd-article")

    def warning_lines(self) -> list[str]:
        """Warnings with the source folder replaced by '<src>', one per line."""
        text = strip_colors(self.warnings).replace(str(self.srcdir) + "/", "<src>/")
        return [line for line in text.splitlines() if line.strip()]


def run_build(
    srcdir: Path, outdir: Path | None = None, buildername: str = "html", parallel: int = 0, **confoverrides: object
) -> Site:
    """Build ``srcdir`` with a fresh SphinxTestApp (incremental when ``outdir`` already has a build)."""
    outdir = outdir or srcdir / "_build" / buildername
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=outdir.parent,
        status=status,
        warning=warning,
        parallel=parallel,
        confoverrides=confoverrides or None,
    )
    written: list[str] = []
    app.connect("html-page-context", lambda _app, pagename, *args: written.append(pagename))
    try:
        app.build()
    finally:
        app.cleanup()
    # Content pages only: genindex and search are rewritten on every build by Sphinx itself.
    pages = sorted(name for name in written if name in app.env.found_docs)
    return Site(srcdir, Path(app.outdir), warning.getvalue(), pages, app, status.getvalue())


@pytest.fixture
def basic_root(tmp_path: Path) -> Path:
    """A private copy of the small test playbook, safe to edit."""
    dest = tmp_path / "basic"
    shutil.copytree(ROOTS / "test-basic", dest)
    return dest


@pytest.fixture
def basic_site(basic_root: Path) -> Site:
    return run_build(basic_root)


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace text in a file, failing loudly when the text is not there."""

    def _edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return _edit


def normalised_html(outdir: Path) -> dict[str, str]:
    """Every HTML page of a build, keyed by path, for equality checks between builds."""
    pages = {}
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir).as_posix()
        if rel.startswith(("_static", "_sources")):
            continue
        pages[rel] = re.sub(r"\?v=[0-9a-f]+", "", page.read_text(encoding="utf-8"))
    return pages


# -- the real playbook, built once per test session ------------------------------------------


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A strict-quality build of the real content/ (warnings are asserted by the tests)."""
    out = tmp_path_factory.mktemp("real") / "html"
    return run_build(REPO / "content", outdir=out)


# -- a browser against a site served on 127.0.0.1 ----------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_serve(command: str | list[str], port: int, *, cwd: Path, env=None, log: Path | None = None):
    """Start ``invoke serve`` in its own process group; yield ``get(path)``, which waits until the
    server answers that page and returns its text; end the whole group afterwards."""
    import signal
    import subprocess
    import time
    import urllib.request

    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        command,
        shell=isinstance(command, str),
        cwd=cwd,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,
    )

    def get(path: str, tries: int = 600) -> str:
        for _ in range(tries):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=2) as response:
                    return response.read().decode("utf-8")
            except OSError:
                assert proc.poll() is None, log.read_text() if log else "invoke serve exited"
                time.sleep(0.5)
        raise AssertionError(f"invoke serve never served {path}")

    try:
        yield get
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the process group this helper started
        proc.wait(timeout=30)


def rename_entry(root: Path, edit, old: str, new: str) -> None:
    """Rename the pattern ``old`` to ``new``, declaring the old id next to the entry (redirect_from)
    and pointing the data scientist's reading path at the new id."""
    (root / f"patterns/{old}.md").rename(root / f"patterns/{new}.md")
    title = (root / f"patterns/{new}.md").read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
    edit(root / f"patterns/{new}.md", f"  title: {title}\n", f"  title: {title}\n  redirect_from: [{old}]\n")
    edit(root / "roles/scientist.md", f"{{entry: {old},", f"{{entry: {new},")


def serve(directory: Path):
    """Serve ``directory`` on a free port of 127.0.0.1, gzip-compressed as GitHub Pages serves it."""
    import functools
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    compressible = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".md", ".inv")

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix in compressible and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(path.read_bytes(), 6)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=600")
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing Chromium fails the test: it is never skipped."""
    import sys

    sys.path.insert(0, str(REPO))
    from tasks import CHROMIUM_HELP, find_chromium

    path = find_chromium()
    if path is None:
        pytest.fail(CHROMIUM_HELP, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield PatientBrowser(instance)
        instance.close()


class PatientBrowser:
    """The browser, whose pages wait up to 90 s (Playwright's default is 30 s) for a page load or
    an element. Two cores shared with other builds can take longer than 30 s to load a page; the
    tests check what happens, never how fast, so a busy machine must not fail them."""

    TIMEOUT_MS = 90_000

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        page.set_default_timeout(self.TIMEOUT_MS)
        return page

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.set_default_timeout(self.TIMEOUT_MS)
        return context

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def real_url(real_site: Site):
    server = serve(real_site.outdir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def real_dirhtml_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real content/ built with dirhtml: every page is a folder with an index.html."""
    out = tmp_path_factory.mktemp("real-dirhtml") / "dirhtml"
    return run_build(REPO / "content", outdir=out, buildername="dirhtml")
