"""Publishing from a cached build (`invoke build --cache DIR`, as the Pages workflow does): after a
fresh checkout at the same path and one edited entry, the site equals a clean build of the same
sources, only the edited pages are read again, and a missing, stale or corrupt cache falls back
to a clean build that says why."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, ROOTS, normalised_html
from test_build_correctness import NEW_PATTERN

INVOKE = [sys.executable, "-m", "invoke"]


def invoke_build(source: Path, out: Path, cache: Path | None = None) -> str:
    cmd = [*INVOKE, "build", "--source", str(source), "--out", str(out)]
    cmd += ["--cache", str(cache)] if cache else []
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def checkout(project: Path, change: str | None = None, with_delta: bool = False) -> None:
    """A fresh checkout at the same path: every file is new, as after `git clone`."""
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ROOTS / "test-basic", project, copy_function=shutil.copyfile)
    if with_delta:
        (project / "patterns/delta.md").write_text(NEW_PATTERN)
    if change is None:
        return
    if change == "add":
        (project / "patterns/delta.md").write_text(NEW_PATTERN)
    elif change == "delete":
        (project / "patterns/delta.md").unlink()
    else:
        page = project / "patterns/beta.md"
        old, new = (
            ("Body text of beta", "Edited body of beta") if change == "body" else ("Beta pattern", "Beta renamed")
        )
        text = page.read_text()
        assert old in text
        page.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("change", ["body", "title", "add", "delete"])
def test_cached_publish_equals_a_clean_build(tmp_path: Path, change: str) -> None:
    project, cache = tmp_path / "checkout" / "content", tmp_path / "cache"
    checkout(project, with_delta=change == "delete")
    first = invoke_build(project, tmp_path / "out", cache)
    assert "No cached build" in first
    checkout(project, change, with_delta=change == "delete")
    second = invoke_build(project, tmp_path / "out", cache)
    assert "Restored the cached build" in second
    if change in ("body", "title"):
        # Content decides what is read again, not the new modification times of the checkout.
        assert "updating environment: 0 added, 1 changed, 0 removed" in second
    invoke_build(project, tmp_path / "clean")
    cached, clean = normalised_html(tmp_path / "out/html"), normalised_html(tmp_path / "clean/html")
    assert cached.keys() == clean.keys()
    assert [page for page in cached if cached[page] != clean[page]] == []
    if change == "title":
        assert "Beta renamed" in cached["patterns/alpha.html"]
    assert ("patterns/delta.html" in cached) == (change == "add")


def test_missing_stale_or_corrupt_cache_falls_back_to_a_clean_build(tmp_path: Path) -> None:
    project, cache, out = tmp_path / "checkout" / "content", tmp_path / "cache", tmp_path / "out"
    checkout(project)
    assert "No cached build" in invoke_build(project, out, cache)
    reference = normalised_html(out / "html")

    manifest = cache / "kb-cache.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "key": "made-by-another-python"}))
    stale = invoke_build(project, out, cache)
    assert "is stale (Python, a package, kb/ or the settings changed): building from scratch" in stale
    assert "updating environment: [new config]" in stale

    doctree = next((cache / "doctrees").rglob("*.doctree"))
    doctree.write_bytes(doctree.read_bytes()[:10])
    corrupt = invoke_build(project, out, cache)
    assert "is incomplete or corrupt" in corrupt and "building from scratch" in corrupt

    manifest.unlink()  # what a failed or interrupted build leaves
    assert "is incomplete or corrupt" in invoke_build(project, out, cache)
    assert normalised_html(out / "html") == reference
