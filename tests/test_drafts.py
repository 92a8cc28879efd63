"""Unfinished entries are never published by accident: check and build refuse them, serve previews them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, free_port, run_build, running_serve

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


def test_serve_previews_a_draft_with_its_banner(basic_root: Path, tmp_path: Path, edit) -> None:
    edit(basic_root / "patterns/gamma.md", "  title: Gamma pattern\n", "  title: Gamma pattern\n  draft: true\n")
    port = free_port()
    command = [*INVOKE, "serve", "--port", str(port), "--source", str(basic_root), "--out", str(tmp_path / "out")]
    with running_serve(command, port, cwd=REPO) as get:
        html = get("patterns/gamma.html", tries=240)
    banner = BeautifulSoup(html, "html.parser").select_one(".kb-draft-banner")
    assert banner is not None and "Draft" in banner.get_text()
