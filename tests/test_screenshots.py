"""`invoke screenshots` writes the README's five screenshots from a built site."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_build

pytestmark = pytest.mark.browser


def test_screenshots_task_writes_the_five_pngs(basic_root: Path, tmp_path: Path) -> None:
    shutil.copy(REPO / "content/finder.md", basic_root / "finder.md")
    index = basic_root / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("evidence\n", "evidence\nfinder\n", 1), encoding="utf-8")
    site = run_build(basic_root)
    assert (site.outdir / "finder.html").is_file()
    out = tmp_path / "shots"
    cmd = [sys.executable, "-m", "invoke", "screenshots", "--site", str(site.outdir), "--out", str(out)]
    result = subprocess.run([*cmd, "--pattern", "alpha", "--role", "dev"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["catalogue.png", "finder.png", "home.png", "pattern.png", "role-path.png"]
    for png in out.iterdir():
        head = png.read_bytes()[:26]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", png.name
        assert struct.unpack(">II", head[16:24]) == (1366, 900), png.name
        assert head[25] == 3, png.name  # a palette PNG: compressed, as committed


def test_screenshots_task_says_what_is_missing(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "invoke", "screenshots", "--site", str(tmp_path), "--out", str(tmp_path / "o")]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Run `invoke build` first" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()
