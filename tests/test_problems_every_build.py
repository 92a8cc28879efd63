"""A problem is a fact of the build, not of a read: it is reported until the file is fixed.

Sphinx re-reads only changed pages and checks consistency only when something changed, so a
warning emitted while reading would vanish from the next build, which would then pass and
publish the invalid page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_build

# (case id, file, old text, new text)
CASES = [
    ("unknown-phase", "patterns/gamma.md", "  phases: [operation]", "  phases: [operations]"),
    ("broken-yaml", "patterns/alpha.md", "  title: Alpha pattern", "  title: Alpha: pattern"),
    ("missing-heading", "practices/practice-one.md", "## Pitfalls", "## Traps"),
    ("dangling-body-link", "patterns/gamma.md", "{practice}`practice-one`", "{practice}`practice-three`"),
    ("path-names-missing-entry", "roles/dev.md", "{entry: beta, why: Then beta.}", "{entry: delta, why: Then.}"),
    ("taxonomy", "taxonomy.yml", "title: Model development", "title: [Model development"),
    ("bibliography", "references.bib", "  year = {2024},", "  year = {2024,"),
]


def _break(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("path", "old", "new"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problem_is_reported_on_every_build(basic_root: Path, path: str, old: str, new: str) -> None:
    _break(basic_root, path, old, new)
    first = run_build(basic_root)
    assert first.warning_lines(), "the broken file must be reported"
    second = run_build(basic_root, outdir=first.outdir)
    assert second.warning_lines() == first.warning_lines()
    # An unrelated edit re-reads another page: the problem is still there, once.
    (basic_root / "index.md").write_text((basic_root / "index.md").read_text() + "\nMore text.\n")
    third = run_build(basic_root, outdir=first.outdir)
    assert third.written == ["index"] or path in ("taxonomy.yml", "references.bib")
    assert third.warning_lines() == first.warning_lines()


@pytest.mark.parametrize(("path", "old", "new"), [c[1:] for c in CASES[:5]], ids=[c[0] for c in CASES[:5]])
def test_parallel_builds_report_the_same_problems_every_time(
    basic_root: Path, tmp_path: Path, path: str, old: str, new: str
) -> None:
    _break(basic_root, path, old, new)
    serial = run_build(basic_root, outdir=tmp_path / "serial" / "html")
    for _ in range(2):
        parallel = run_build(basic_root, outdir=tmp_path / "parallel" / "html", parallel=2)
        assert parallel.warning_lines() == serial.warning_lines() != []


def test_fixing_the_file_clears_the_problem(basic_root: Path) -> None:
    _break(basic_root, *CASES[0][1:])
    first = run_build(basic_root)
    assert len(first.warning_lines()) == 1
    _break(basic_root, "patterns/gamma.md", "  phases: [operations]", "  phases: [operation]")
    assert run_build(basic_root, outdir=first.outdir).warning_lines() == []
    assert run_build(basic_root, outdir=first.outdir).warning_lines() == []


def test_page_taken_out_of_a_hidden_toctree_is_reported_incrementally(basic_root: Path) -> None:
    first = run_build(basic_root)
    assert first.warning_lines() == []
    _break(basic_root, "patterns/index.md", ":glob:\n\n*", "\nalpha")
    expected = [
        "<src>/patterns/beta.md: WARNING: document isn't included in any toctree [toc.not_included]",
        "<src>/patterns/gamma.md: WARNING: document isn't included in any toctree [toc.not_included]",
    ]
    assert run_build(basic_root, outdir=first.outdir).warning_lines() == expected
    assert run_build(basic_root, outdir=first.outdir).warning_lines() == expected
    assert run_build(basic_root, outdir=basic_root / "_build" / "clean" / "html").warning_lines() == expected
