"""`invoke serve` survives bad input: it reports the problem, keeps serving, and recovers.

sphinx-autobuild rebuilds on every save; a save can be half-typed YAML, a pasted alias bomb or
a file in the wrong encoding. Representative cases from the bad-input corpus are broken and
fixed in turn under one running server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import REPO
from test_bad_input import load_case, make_root

CASES = ["yaml-alias-bomb", "encoding-latin1-body", "taxonomy-broken-yaml"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

    def wait_for(self, text: str, start: int, timeout: float = 240) -> int:
        """Wait until a line after ``start`` contains ``text``; return the line count then."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines[start:]):
                return len(self.lines)
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never printed; output:\n{''.join(self.lines[-60:])}")


def test_serve_reports_keeps_serving_and_recovers(tmp_path: Path) -> None:
    port = _free_port()
    root = make_root(tmp_path / "base", "yaml-colon-in-value")  # any case: restored below
    # A clean playbook: undo the base case's edit.
    alpha = root / "content/patterns/alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("Alpha: pattern", "Alpha pattern"), encoding="utf-8")
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
        assert _get(f"{url}/patterns/beta.html")[0] == 200
        good_alpha = _get(f"{url}/patterns/alpha.html")[1]
        assert "Alpha pattern" in good_alpha
        for name in CASES:
            broken = make_root(tmp_path / name, name)
            changed = [
                rel
                for rel in ("content/patterns/alpha.md", "content/taxonomy.yml", "content/site.yml")
                if (broken / rel).read_bytes() != (root / rel).read_bytes()
            ]
            assert len(changed) == 1, name
            good = (root / changed[0]).read_bytes()
            (root / changed[0]).write_bytes((broken / changed[0]).read_bytes())
            expected = load_case(name)["expect"].rsplit(" [", 1)[0]
            seen = output.wait_for(expected.split(": ", 1)[1], seen)
            seen = output.wait_for("build succeeded", seen)  # the preview goes on, with warnings
            assert process.poll() is None, f"{name}: the server stopped"
            status, page = _get(f"{url}/patterns/beta.html")
            assert status == 200 and "Beta pattern" in page, name
            if changed[0].endswith("alpha.md"):
                # The broken page itself: its last good version, not one rebuilt around the problem.
                assert _get(f"{url}/patterns/alpha.html")[1] == good_alpha, name
            (root / changed[0]).write_bytes(good)
            seen = output.wait_for("build succeeded.", seen)  # without warnings
            assert "Alpha pattern" in _get(f"{url}/patterns/alpha.html")[1], name
        assert "Traceback" not in "".join(output.lines)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
