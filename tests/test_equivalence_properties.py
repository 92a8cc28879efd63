"""Equivalence under change, as properties (Hypothesis).

Random sequences of edits are applied to the small playbook, with an incremental build after
each edit. After each sequence, the incremental output must equal a clean build of the same
sources: the HTML of every page, the search index and the object inventory, and the warnings.
A clean ``-j 2`` build must equal the clean ``-j 1`` build, warnings included.

Normalised, because they legitimately differ: the ``?v=`` cache-busting hashes on asset URLs
(``normalised_html``), the source folder in warning paths (``Site.warning_lines``), and the
order of warnings (parallel workers report in any order).

The seed is fixed (``derandomize``) and the number of examples bounded, so a run takes the
same few minutes every time and a failure reproduces.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOTS, Site, normalised_html, run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("KB_PROPERTY_EXAMPLES", "24"))
ENTRIES = [
    "patterns/alpha",
    "patterns/beta",
    "patterns/gamma",
    "practices/practice-one",
    "practices/practice-two",
    "roles/dev",
    "roles/scientist",
]
DELTA = (ROOTS / "test-basic/patterns/gamma.md").read_text().replace("Gamma pattern", "Delta pattern")


def _sub(path: Path, pattern: str, new: str) -> None:
    if path.is_file():
        path.write_text(re.sub(pattern, new, path.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def _swap(path: Path, one: str, other: str) -> None:
    """Replace ``one`` by ``other``, or back: an edit that can be undone by the next one."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(one, other) if one in text else text.replace(other, one), encoding="utf-8")


def _entry_file(root: Path, entry: str) -> Path:
    path = root / f"{entry}.md"
    if entry == "patterns/gamma" and not path.exists():
        return root / "patterns/gamma-renamed.md"
    return path


# Each edit: (name, function of (root, entry, n)). Edits on a file that is gone are no-ops.
EDITS: dict[str, Callable[[Path, str, int], None]] = {
    "body": lambda root, e, n: _sub(_entry_file(root, e), r"\Z", f"\nA paragraph added by edit {n}.\n"),
    "front-matter": lambda root, e, n: _sub(_entry_file(root, e), r"  summary: .*", f"  summary: Summary {n}."),
    "title": lambda root, e, n: _sub(_entry_file(root, e), r"  title: .*", f"  title: Title {n} of {e}"),
    "add": lambda root, e, n: (root / "patterns/delta.md").write_text(DELTA),
    "delete": lambda root, e, n: (root / "patterns/delta.md").unlink(missing_ok=True),
    "rename": lambda root, e, n: (
        (root / "patterns/gamma.md").rename(root / "patterns/gamma-renamed.md")
        if (root / "patterns/gamma.md").exists()
        else (root / "patterns/gamma-renamed.md").rename(root / "patterns/gamma.md")
    ),
    "taxonomy": lambda root, e, n: _sub(
        root / "taxonomy.yml", r"modelling: \{title: [^,]*,", f"modelling: {{title: M{n},"
    ),
    "reading-path": lambda root, e, n: _swap(
        root / "roles/dev.md",
        "    - {entry: alpha, why: Start here.}\n    - {entry: practice-one, why: Then this.}",
        "    - {entry: practice-one, why: Then this.}\n    - {entry: alpha, why: Start here.}",
    ),
    # Listing two pages instead of the glob leaves the third in no toctree (a Sphinx warning).
    "hidden-toctree": lambda root, e, n: _swap(root / "patterns/index.md", ":glob:\n\n*\n", "alpha\nbeta\n"),
    "invalid": lambda root, e, n: _sub(root / "patterns/beta.md", r"  phases: \[deployment\]", "  phases: [nowhere]"),
    "fix": lambda root, e, n: _sub(root / "patterns/beta.md", r"  phases: \[nowhere\]", "  phases: [deployment]"),
}

edits = st.lists(
    st.tuples(st.sampled_from(sorted(EDITS)), st.sampled_from(ENTRIES), st.integers(0, 99)), min_size=1, max_size=4
)


def outputs(site: Site) -> dict[str, str]:
    """What a reader and the search get: every page, the search index and the inventory."""
    pages = normalised_html(site.outdir)
    for extra in ("_static/kb-search-index.js", "objects.inv"):
        path = site.outdir / extra
        pages[extra] = path.read_bytes().hex() if extra.endswith(".inv") else path.read_text(encoding="utf-8")
    return pages


def differences(left: dict[str, str], right: dict[str, str]) -> list[str]:
    return sorted(set(left) ^ set(right)) + [page for page in left if page in right and left[page] != right[page]]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small playbook with a first build, copied (same path every time) for each example."""
    base = tmp_path_factory.mktemp("property")
    root = base / "work"
    shutil.copytree(ROOTS / "test-basic", root)
    run_build(root)
    snapshot = base / "snapshot"
    shutil.copytree(root, snapshot)  # copy2 keeps mtimes, so the snapshot's build stays current
    return snapshot


@settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(sequence=edits)
def test_incremental_and_parallel_builds_equal_a_clean_build(pristine: Path, sequence) -> None:
    root = pristine.parent / "work"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(pristine, root)
    site = None
    for name, entry, n in sequence:
        EDITS[name](root, entry, n)
        site = run_build(root, outdir=root / "_build" / "html")
    clean_src = pristine.parent / "clean"
    shutil.rmtree(clean_src, ignore_errors=True)
    shutil.copytree(root, clean_src, ignore=shutil.ignore_patterns("_build"))
    for out in ("clean-j1", "clean-j2"):
        shutil.rmtree(pristine.parent / out, ignore_errors=True)
    serial = run_build(clean_src, outdir=pristine.parent / "clean-j1" / "html")
    parallel = run_build(clean_src, outdir=pristine.parent / "clean-j2" / "html", parallel=2)

    clean_out = outputs(serial)
    assert differences(outputs(site), clean_out) == [], sequence
    assert sorted(site.warning_lines()) == sorted(serial.warning_lines()), sequence
    assert differences(outputs(parallel), clean_out) == [], sequence
    assert sorted(parallel.warning_lines()) == sorted(serial.warning_lines()), sequence


@pytest.mark.parametrize("name", sorted(EDITS))
def test_every_edit_changes_the_sources(tmp_path: Path, name: str) -> None:
    """No edit is silently a no-op on the starting playbook (the property would prove less)."""
    root = shutil.copytree(ROOTS / "test-basic", tmp_path / "root")
    if name in ("delete", "fix"):  # they undo "add" and "invalid"
        EDITS["add" if name == "delete" else "invalid"](root, "patterns/alpha", 1)
    before = shutil.copytree(root, tmp_path / "before")
    EDITS[name](root, "patterns/alpha", 7)
    compared = filecmp.dircmp(before, root)
    changed = compared.left_only + compared.right_only + compared.diff_files
    for sub in compared.subdirs.values():
        changed += sub.left_only + sub.right_only + sub.diff_files
    assert changed, name
