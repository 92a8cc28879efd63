"""`invoke serve` survives bad input: it reports the problem, keeps serving, and recovers.

sphinx-autobuild rebuilds on every save; a save can be half-typed YAML, a pasted alias bomb or
a file in the wrong encoding. Every case of the bad-input corpus is applied to the playbook
under one running server and then undone, in turn: each must be reported with its message, the
server must keep serving (a broken page as its last good version), and undoing it must give a
build without warnings again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO, free_port
from test_bad_input import CASES, load_case, make_root, messages


def _get(url: str, timeout: float = 60) -> tuple[int, str]:
    """GET ``url``, retrying while the server is still starting to listen."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class Output:
    """Collects the server's output lines as they come."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        for line in process.stdout or []:
            self.lines.append(line)

    def wait_for(self, text: str, start: int, case: str = "", timeout: float = 240) -> int:
        """Wait until a line after ``start`` contains ``text``; return the line count then."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines[start:]):
                return len(self.lines)
            time.sleep(0.2)
        raise AssertionError(f"{case}: {text!r} never printed; output:\n{''.join(self.lines[-60:])}")


Tree = dict[str, tuple[str, bytes | str]]


def tree(root: Path) -> Tree:
    """Every file and symlink under ``root`` (outside the build folder), by relative path."""
    found: Tree = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "_build" or Path(folder) != root]
        for name in dirs + files:
            path = Path(folder) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_file():
                found[rel] = ("file", path.read_bytes())
    return found


def put(root: Path, rel: str, item: tuple[str, bytes | str]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    if item[0] == "link":
        path.symlink_to(item[1])
    else:
        path.write_bytes(item[1])  # type: ignore[arg-type]


def remove(root: Path, rel: str) -> None:
    """Delete an added file, and the folders made for it."""
    path = root / rel
    path.unlink()
    for folder in path.parents:
        if folder == root or any(folder.iterdir()):
            break
        folder.rmdir()


def by_watch_order(paths: set[str]) -> list[str]:
    """Files outside content/ first: the server rebuilds on a change inside it."""
    return sorted(paths, key=lambda rel: (rel.startswith("content/"), rel))


def test_serve_reports_keeps_serving_and_recovers_for_every_case(tmp_path: Path) -> None:
    port = free_port()
    root = make_root(tmp_path / "served", None)
    clean = tree(root)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "invoke",
            "serve",
            "--port",
            str(port),
            "--source",
            str(root / "content"),
            "--out",
            str(root / "_build"),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own process group: `invoke serve` starts sphinx-autobuild as a child, and ending
        # only invoke would leave that server running after the test.
        start_new_session=True,
    )
    output = Output(process)
    url = f"http://127.0.0.1:{port}"
    try:
        seen = output.wait_for("Serving on", 0)
        titles = {"patterns/alpha.html": "Alpha pattern", "patterns/beta.html": "Beta pattern"}
        good_pages = {page: _get(f"{url}/{page}")[1] for page in titles}
        assert all(title in good_pages[page] for page, title in titles.items())
        for name in CASES:
            broken = tree(make_root(tmp_path / name, name))
            changed = {rel for rel in broken if clean.get(rel) != broken[rel]}
            added = {rel for rel in changed if rel not in clean}
            assert changed and not set(clean) - set(broken), name
            for rel in by_watch_order(changed):
                put(root, rel, broken[rel])
            expected = load_case(name)["expect"]
            start = seen
            seen = output.wait_for("build succeeded", seen, name)  # the preview goes on, with warnings
            assert messages("".join(output.lines[start:seen]), root) == [expected], name
            assert process.poll() is None, f"{name}: the server stopped"
            for page, title in titles.items():
                status, served = _get(f"{url}/{page}")
                assert status == 200, f"{name}: {page}"
                if expected.startswith(f"content/{page.removesuffix('.html')}.md:"):
                    # The broken page itself: its last good version, not one rebuilt around the problem.
                    assert served == good_pages[page], f"{name}: {page}"
                else:
                    assert title in served, f"{name}: {page}"

            for rel in reversed(by_watch_order(changed)):
                if rel in added:
                    remove(root, rel)
                else:
                    put(root, rel, clean[rel])
            start = seen
            seen = output.wait_for("build succeeded.", seen, name)  # without warnings
            assert messages("".join(output.lines[start:seen]), root) == [], f"{name}: not recovered"
            assert tree(root) == clean, name
            assert "Alpha pattern" in _get(f"{url}/patterns/alpha.html")[1], name
        assert "Traceback" not in "".join(output.lines)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
