"""The benchmark's inputs and outputs: generated playbooks are valid and deterministic, and the
report renders every figure it is given (times are never asserted)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_build

sys.path.insert(0, str(REPO))

from bench.generate import write_plain, write_playbook
from bench.report import markdown, svg_chart


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.md"))}


def test_generated_playbook_is_valid_and_deterministic(tmp_path: Path) -> None:
    entries = write_playbook(tmp_path / "a" / "content", 24, seed=3)
    write_playbook(tmp_path / "b" / "content", 24, seed=3)
    assert _files(tmp_path / "a" / "content") == _files(tmp_path / "b" / "content")
    assert sum(e.kind == "pattern" for e in entries) == 24
    assert sum(e.kind == "practice" for e in entries) == 12
    assert sum(e.kind == "role" for e in entries) == 7
    site = run_build(tmp_path / "a" / "content", buildername="dummy")
    assert site.warning_lines() == []


def test_plain_twin_has_the_same_pages_without_kb(tmp_path: Path) -> None:
    entries = write_playbook(tmp_path / "kb" / "content", 12, seed=5)
    write_plain(tmp_path / "plain", entries)
    pages = _files(tmp_path / "plain")
    assert len([p for p in pages if p.startswith("patterns/") and p != "patterns/index.md"]) == 12
    assert not any("{pattern}" in text or "kb:" in text for text in pages.values())
    site = run_build(tmp_path / "plain", buildername="html")
    assert [w for w in site.warning_lines() if "xref_missing" not in w] == []


def test_report_shows_every_row() -> None:
    def paired(*ratios: float) -> dict[str, object]:
        return {
            "pairs": list(ratios),
            "median": sorted(ratios)[len(ratios) // 2],
            "min": min(ratios),
            "max": max(ratios),
        }

    def incr(kb: float, base: float, pages: int) -> dict[str, object]:
        return {
            "playbook": [kb],
            "baseline": [base],
            "ratio": paired(kb / base),
            "pages": {"playbook": pages, "baseline": 2},
            "shared": {"playbook": 3, "baseline": 3},
        }

    row = {
        "pages": 464,
        "pairs": 3,
        "load": [1.5, 2.0],
        "full": {
            "playbook": [20.0, 21.0, 19.0],
            "baseline": [21.0, 20.0, 20.0],
            "ratio": paired(0.95, 1.05, 0.95),
            "peak_mb": {"playbook": 100.0, "baseline": 90.0},
            "output_mb": {"playbook": 10.0, "baseline": 8.0},
        },
        "theme_defaults": {"seconds": 30.0},
        "mkdocs": {"seconds": 10.0},
        "publish": {"seconds": [2.0, 3.0], "median": 2.5},
        "incremental": {
            "body": incr(2.0, 2.5, 1),
            "title": incr(3.0, 2.5, 23),
            "title_vs_body": paired(1.5),
            "title_vs_body_cpu": paired(1.2),
        },
        "filter": {"clicks_ms": [3.0, 4.0, 30.0], "median_ms": 4.0},
        "weights": {"pattern": {"html": 6000, "css": 79000, "js": 55000, "fonts": 2800, "total": 142800}},
        "weights_baseline": {"pattern": {"total": 256000}},
        "lighthouse": {"skipped": "Node.js and npm are not installed"},
    }
    results = {"machine": {"platform": "x", "cpus": 2, "python": "3.11", "date": "d"}, "sizes": {"300": row}}
    text = markdown(results)
    assert (
        "| 300 | 464 | 3 | 1.5–2.0 | 20.0 | 20.0 | **0.95** (0.95–1.05) | 30.0 | 10.0 | 2.00 | 100 / 90 | 10.0 / 8.0 |"
        in text
    )
    assert "| 300 | 2.0, 3.0 | 2.5 | 10.0 | **0.250** |" in text
    assert "| 300 | body | 2.5 | 2.0 | **0.80** (0.80–0.80) | 1 / 2 | 3 / 3 |" in text
    assert "Title change against our own body edit (playbook, paired): 300: **1.50** (1.50–1.50)." in text
    assert "hardly move): 300: **1.20** (1.20–1.20)." in text
    assert "| 300 | 4.0 | 30.0 |" in text
    assert "**142,800** | 256,000 |" in text
    assert "Skipped: Node.js and npm are not installed." in text
    assert "- 300 patterns, Lighthouse: Node.js and npm are not installed" in text
    assert svg_chart(results).count("<polyline") == 4
    # A run cut short (bench/work/partial.json): what finished is shown, the rest says so.
    partial = {k: row[k] for k in ("pages", "pairs", "load", "full", "mkdocs", "publish")}
    text = markdown({**results, "sizes": {"300": row, "3000": partial}})
    assert "| 3000 | – | not measured | | | | |" in text
    assert "| 3000 | 2.0, 3.0 | 2.5 | 10.0 | **0.250** |" in text
    assert "paired): 300: **1.50** (1.50–1.50)." in text


def test_bench_smoke_runs_on_a_fresh_clone_without_npm(tmp_path: Path) -> None:
    """The bench's own smoke mode, from a fresh clone, with no Node.js or npm on PATH: the optional
    Lighthouse step is reported as skipped, with why, and everything else completes."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    tools = tmp_path / "bin"  # a PATH with git and nothing else: no node, no npm
    tools.mkdir()
    (tools / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke"],
        cwd=clone,
        env={**os.environ, "PATH": str(tools)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Lighthouse skipped: Node.js and npm are not installed" in result.stdout
    row = json.loads((clone / "bench/results/smoke.json").read_text())["sizes"]["12"]
    assert row["lighthouse"] == {"skipped": "Node.js and npm are not installed"}
    assert len(row["full"]["ratio"]["pairs"]) == 1 and row["full"]["ratio"]["median"] > 0
    assert row["incremental"]["body"]["pages"]["playbook"] == 1  # a body edit rewrites one page
    assert len(row["publish"]["seconds"]) == 1  # publishing from a cache ran
    assert len(row["filter"]["clicks_ms"]) == 20
    assert row["weights"]["catalogue"]["total"] > 0
    assert "Skipped: Node.js and npm are not installed." in (clone / "bench/results/smoke.md").read_text()
