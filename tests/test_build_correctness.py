"""Parallel and incremental builds give exactly the HTML (and warnings) of a clean serial build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import normalised_html, run_build

NEW_PATTERN = """---
kb:
  title: Delta pattern
  summary: Summary of delta.
  symptoms: [One., Two., Three.]
  causes: [A cause.]
  roles: [dev]
  practices: [practice-two]
  phases: [data]
  themes: [data]
  related: [alpha]
  evidence:
    - {key: blog2023, strength: secondary}
---

Delta links to {pattern}`beta`.

## Illustrative example

Invented.
"""


def clean_build_of(srcdir: Path, tmp_path: Path) -> dict[str, str]:
    """Build a fresh copy of ``srcdir`` from scratch and return its pages."""
    copy = tmp_path / "clean"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    return normalised_html(run_build(copy).outdir)


def assert_same_pages(left: dict[str, str], right: dict[str, str]) -> None:
    assert sorted(left) == sorted(right)
    different = [page for page in left if left[page] != right[page]]
    assert different == []


def test_parallel_equals_serial(basic_root: Path, tmp_path: Path, edit) -> None:
    # Include problems so the warnings are compared too.
    edit(basic_root / "patterns/gamma.md", "{practice}`practice-one`", "{practice}`practice-nine`")
    edit(basic_root / "patterns/beta.md", "  phases: [deployment]", "  phases: [deployment, nowhere]")
    (basic_root / "patterns/delta.md").write_text(NEW_PATTERN)
    serial = run_build(basic_root, outdir=tmp_path / "serial" / "html")
    parallel = run_build(basic_root, outdir=tmp_path / "parallel" / "html", parallel=2)
    assert len(serial.warning_lines()) == 2
    assert sorted(serial.warning_lines()) == sorted(parallel.warning_lines())
    assert_same_pages(normalised_html(serial.outdir), normalised_html(parallel.outdir))


def test_body_edit_rewrites_one_page(basic_root: Path, tmp_path: Path, edit) -> None:
    first = run_build(basic_root)
    edit(basic_root / "patterns/alpha.md", "Body text of alpha", "Edited body text of alpha")
    second = run_build(basic_root, outdir=first.outdir)
    assert second.written == ["patterns/alpha"]
    assert second.warning_lines() == []
    # A second incremental build must not lose track of which toctree includes which page.
    edit(basic_root / "patterns/beta.md", "Body text of beta", "Edited body text of beta")
    third = run_build(basic_root, outdir=first.outdir)
    assert third.written == ["patterns/beta"]
    assert third.warning_lines() == []
    assert_same_pages(normalised_html(second.outdir), clean_build_of(basic_root, tmp_path))


def test_title_change_rewrites_exactly_the_pages_that_show_it(basic_root: Path, tmp_path: Path, edit) -> None:
    first = run_build(basic_root)
    edit(basic_root / "patterns/beta.md", "title: Beta pattern", "title: Beta renamed")
    second = run_build(basic_root, outdir=first.outdir)
    assert second.written == [
        "evidence",  # cited-by list
        "patterns/alpha",  # related, referenced-by, previous step on the scientist path
        "patterns/beta",  # the page itself
        "patterns/index",  # catalogue card
        "practices/practice-one",  # next step on the developer path
        "practices/practice-two",  # challenges it addresses
        "roles/dev",  # path step
        "roles/scientist",  # path step, start link
    ]
    assert "index" not in second.written and "patterns/alpha" in second.written
    assert_same_pages(normalised_html(second.outdir), clean_build_of(basic_root, tmp_path))
    assert "Beta renamed" in (second.outdir / "patterns/alpha.html").read_text()


@pytest.mark.parametrize("change", ["add", "delete", "reorder-path", "taxonomy"])
def test_incremental_equals_clean(basic_root: Path, tmp_path: Path, edit, change: str) -> None:
    if change == "delete":
        (basic_root / "patterns/delta.md").write_text(NEW_PATTERN)
    first = run_build(basic_root)
    if change == "add":
        (basic_root / "patterns/delta.md").write_text(NEW_PATTERN)
    elif change == "delete":
        (basic_root / "patterns/delta.md").unlink()
    elif change == "reorder-path":
        edit(
            basic_root / "roles/dev.md",
            "    - {entry: alpha, why: Start here.}\n    - {entry: practice-one, why: Then this.}",
            "    - {entry: practice-one, why: Then this.}\n    - {entry: alpha, why: Start here.}",
        )
    elif change == "taxonomy":
        edit(basic_root / "taxonomy.yml", "title: Model development", "title: Modelling")
    second = run_build(basic_root, outdir=first.outdir)
    assert_same_pages(normalised_html(second.outdir), clean_build_of(basic_root, tmp_path))
    assert second.warning_lines() == []
    if change == "add":
        assert "Delta pattern" in (second.outdir / "patterns/index.html").read_text()
        assert "Delta pattern" in (second.outdir / "practices/practice-two.html").read_text()
    if change == "delete":
        assert "Delta pattern" not in (second.outdir / "patterns/alpha.html").read_text()


def test_site_navigation_title_change_refreshes_the_header(basic_root: Path, tmp_path: Path, edit) -> None:
    first = run_build(basic_root)
    edit(basic_root / "practices/index.md", "# Practices", "# Good practices")
    second = run_build(basic_root, outdir=first.outdir)
    assert "Good practices" in (second.outdir / "patterns/alpha.html").read_text()
    assert_same_pages(normalised_html(second.outdir), clean_build_of(basic_root, tmp_path))
