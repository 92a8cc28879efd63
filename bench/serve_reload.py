"""Edit-to-reload time of `invoke serve` on the real content: from saving an edit to one pattern
until the open page in headless Chromium shows it (sphinx-autobuild rebuilds and reloads).

Run from a clone you do not mind editing: `python bench/serve_reload.py` (it appends sentences to
content/patterns/expertise-gap.md and restores the file at the end). Prints the times; not a test.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

PAGE = "patterns/expertise-gap"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"invoke serve did not answer on {url} within {timeout:.0f} s")


def main(edits: int = 5) -> int:
    from conftest import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    from tasks import find_chromium

    port = free_port()
    source = REPO / "content" / f"{PAGE}.md"
    original = source.read_text(encoding="utf-8")
    serve = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    times: list[float] = []
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}.html"
        wait_for(url, 600)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            time.sleep(2)  # let the live-reload socket connect
            for i in range(edits):
                marker = f"Reload marker {i} {time.time_ns()}."
                start = time.monotonic()
                source.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
                while time.monotonic() - start < 120:
                    try:  # the page reloads under us: its context may vanish mid-call
                        if page.evaluate("m => !!document.body && document.body.innerText.includes(m)", marker):
                            break
                    except Exception:
                        pass
                    time.sleep(0.05)
                times.append(round(time.monotonic() - start, 2))
                time.sleep(1)
            browser.close()
    finally:
        source.write_text(original, encoding="utf-8")
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
    print(json.dumps({"edit_to_reload_s": times, "median_s": statistics.median(times), "load": os.getloadavg()[0]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
