"""Unfinished entries are never published by accident: check and build refuse them, serve previews them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, run_build

INVOKE = [sys.executable, "-m", "invoke"]


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*INVOKE, *args], cwd=REPO, capture_output=True, text=True)


def test_a_draft_flag_is_a_located_error(basic_root: Path, edit) -> None:
    edit(basic_root / "patterns/gamma.md", "  title: Gamma pattern\n", "  title: Gamma pattern\n  draft: true\n")
    assert run_build(basic_root).warning_lines() == [
        "<src>/patterns/gamma.md:4: WARNING: the entry is marked 'draft: true'; finish it before publishing "
        "(invoke serve previews unfinished entries with a banner) [kb.draft]"
    ]


def test_a_todo_placeholder_is_a_located_error_but_code_may_say_todo(basic_root: Path, edit) -> None:
    edit(basic_root / "patterns/gamma.md", "  summary: Summary of gamma.", "  summary: TODO say what it is.")
    edit(
        basic_root / "patterns/gamma.md",
        "An invented example for gamma.",
        "An invented TODO.\n\nA `TODO` in code is fine.",
    )
    assert run_build(basic_root).warning_lines() == [
        "<src>/patterns/gamma.md:4: WARNING: 'summary' still holds a TODO placeholder; finish it before publishing "
        "(invoke serve previews unfinished entries with a banner) [kb.draft]",
        "<src>/patterns/gamma.md:27: WARNING: the body still holds a TODO placeholder; finish it before publishing "
        "(invoke serve previews unfinished entries with a banner) [kb.draft]",
    ]


def test_a_preview_shows_a_draft_with_a_banner(basic_root: Path, edit) -> None:
    edit(basic_root / "patterns/gamma.md", "  title: Gamma pattern\n", "  title: Gamma pattern\n  draft: true\n")
    site = run_build(basic_root, kb_drafts=True)
    assert site.warning_lines() == []
    banner = site.article("patterns/gamma").select_one(".kb-draft-banner")
    assert banner is not None and "Draft: not ready to publish" in banner.get_text()
    assert site.article("patterns/beta").select_one(".kb-draft-banner") is None


def test_check_and_build_refuse_a_new_scaffold(basic_root: Path, tmp_path: Path) -> None:
    made = invoke("new", "pattern", "Nobody reads the runbook", "--source", str(basic_root))
    assert made.returncode == 0, made.stderr
    path = basic_root / "patterns/nobody-reads-the-runbook.md"
    assert path.is_file()
    checked = invoke("check", "--source", str(basic_root))
    output = checked.stdout + checked.stderr
    assert checked.returncode != 0 and "Traceback" not in output
    problems = [line for line in output.splitlines() if "WARNING" in line]
    assert problems and all("[kb.draft]" in line and "nobody-reads-the-runbook.md:" in line for line in problems)
    built = invoke("build", "--source", str(basic_root), "--out", str(tmp_path / "out"))
    assert built.returncode != 0 and "Nothing was published" in built.stdout + built.stderr
    assert not (tmp_path / "out/html").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_previews_a_draft_with_its_banner(basic_root: Path, tmp_path: Path, edit) -> None:
    edit(basic_root / "patterns/gamma.md", "  title: Gamma pattern\n", "  title: Gamma pattern\n  draft: true\n")
    port = _free_port()
    proc = subprocess.Popen(
        [*INVOKE, "serve", "--port", str(port), "--source", str(basic_root), "--out", str(tmp_path / "out")],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        html = ""
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/patterns/gamma.html", timeout=2) as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                assert proc.poll() is None, "invoke serve exited"
                time.sleep(0.5)
        banner = BeautifulSoup(html, "html.parser").select_one(".kb-draft-banner")
        assert banner is not None and "Draft" in banner.get_text()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the process group this test started
        proc.wait(timeout=30)
