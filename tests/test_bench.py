"""The benchmark's inputs and outputs: generated playbooks are valid and deterministic, and the
report renders every figure it is given (times are never asserted)."""

from __future__ import annotations

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
    def timing(t: float) -> dict[str, object]:
        return {"median": t, "peak_mb": 100.0, "output_mb": 10.0, "seconds": [t]}

    def incr(t: float) -> dict[str, object]:
        return {"median": t, "content_pages": [1], "shared_files": [3], "seconds": [t]}

    row = {
        "pages": 464,
        "playbook": timing(20.0),
        "baseline": timing(21.0),
        "theme_defaults": timing(30.0),
        "mkdocs": timing(10.0),
        "playbook_incr_body": incr(2.0),
        "baseline_incr_body": incr(2.5),
        "playbook_incr_title": incr(4.0),
        "baseline_incr_title": incr(2.5),
        "weights": {"pattern": {"html": 6000, "css": 79000, "js": 55000, "fonts": 2800, "total": 142800}},
        "weights_baseline": {"pattern": {"total": 256000}},
        "lighthouse": {"pattern": {"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 100}},
    }
    results = {
        "machine": {"platform": "x", "cpus": 2, "python": "3.11", "date": "d"},
        "repeats": 3,
        "sizes": {"300": row},
    }
    text = markdown(results)
    assert "| 300 | 464 | 21.0 | 30.0 | 20.0 | **0.95** | 10.0 | 2.00 |" in text
    assert "| 300 | body | 2.5 | 2.0 | 0.80 | 1 / 1 | 3 / 3 |" in text
    assert "**142,800** | 256,000 |" in text
    assert "| pattern | 99 | 100 | 100 | 100 |" in text
    assert svg_chart(results).count("<polyline") == 4
