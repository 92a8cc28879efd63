"""The bad-input corpus: every case fails `invoke check` and `invoke build` with its one message.

Each folder in tests/bad_input/ is one case: ``case.yml`` says what to break in a small playbook
(tests/roots/test-basic laid out like this repository, with tests/bad_input/_base/ on top) and
the exact message expected. For every case, ``check`` and ``build`` exit non-zero with exactly
that message and no traceback; the site published before is untouched; and the problem is still
reported by a second build and by a build after an unrelated edit (problems are facts of the
build, not of a read). ``invoke`` runs as a user runs it; the repeat builds run in-process on
the same build folder, to keep the corpus fast.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, ROOTS, run_build
from sphinx.util.console import strip_colors

CORPUS = Path(__file__).parent / "bad_input"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
# Anywhere in a line: Sphinx's progress output ("checking consistency... ") can precede it.
WARNING = re.compile(r"(?:^|\s)(?P<where>\S+:\d+): WARNING: (?P<what>.*)$")


def _bomb(levels: int, width: int) -> str:
    """A 'billion laughs' YAML alias bomb: ``width ** levels`` values from a few hundred bytes."""
    lines = ["  aliases: &a0 [lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"  x{level}: &a{level} [{refs}]")
    return "\n".join(lines)


#: Inputs too big or too repetitive to commit as files.
GENERATORS = {
    "alias-bomb": lambda: _bomb(9, 9),
    "small-alias-bomb": lambda: _bomb(4, 12),
    "deep-nesting": lambda: "  aliases: " + "[" * 200 + "]" * 200,
    "huge-front-matter": lambda: "  aliases:\n" + "".join(f"    - alias number {i}\n" for i in range(6000)),
}


def load_case(name: str) -> dict:
    case = yaml.safe_load((CORPUS / name / "case.yml").read_text(encoding="utf-8"))
    assert isinstance(case.get("expect"), str), f"{name}: case.yml needs 'expect'"
    return case


def make_root(tmp_path: Path, name: str | None) -> Path:
    """The small playbook in this repository's layout (content/, downloads/), broken as the case says.

    With no case name, the playbook every case starts from, which builds cleanly.
    """
    root = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", root / "content", ignore=shutil.ignore_patterns("downloads", "conf.py"))
    shutil.copytree(ROOTS / "test-basic" / "downloads", root / "downloads")
    for base_file in (CORPUS / "_base").iterdir():
        shutil.copy(base_file, root / "content" / base_file.name)
    if name is None:
        return root
    case = load_case(name)
    files = CORPUS / name / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True, symlinks=True)
    for edit in case.get("edits", []):
        path = root / edit["file"]
        text = path.read_text(encoding="utf-8")
        new = GENERATORS[edit["generate"]]() if "generate" in edit else edit["with"]
        assert edit["replace"] in text, f"{name}: {edit['replace']!r} not in {edit['file']}"
        text = text.replace(edit["replace"], new, 1)
        if edit.get("newline"):
            text = text.replace("\n", edit["newline"])
        path.write_bytes(text.encode(edit.get("encoding", "utf-8")))
    for link, target in case.get("symlinks", {}).items():
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(target)
    return root


def start_task(*args: str) -> subprocess.Popen[str]:
    """Start ``invoke ARGS`` as a user would; check and build run side by side (their outputs differ)."""
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def messages(output: str, root: Path) -> list[str]:
    """The warnings printed, as ``path:line: message [kb.subtype]`` relative to the playbook."""
    found = []
    for line in output.replace(str(root) + "/", "").splitlines():
        match = WARNING.search(line)
        if match:
            found.append(f"{match['where']}: {match['what']}")
    return found


def published(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("name", CASES)
def test_bad_input_fails_with_its_one_message(name: str, tmp_path: Path) -> None:
    expected = [load_case(name)["expect"]]
    root = make_root(tmp_path, name)
    source, out = str(root / "content"), str(root / "_build")
    site = root / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>the last good site</p>", encoding="utf-8")
    before = published(site)

    check = start_task("check", "--source", source, "--out", out)
    build = start_task("build", "--source", source, "--out", out)
    for task, process in (("invoke check", check), ("invoke build", build)):
        output = process.communicate(timeout=300)[0]
        assert process.returncode != 0 and "Traceback" not in output, f"{task}:\n{output}"
        assert messages(output, root) == expected, f"{task}:\n{output}"
    assert published(site) == before, "the published site changed"

    # The same build folder, built again in-process: unchanged, then after an unrelated edit.
    work = root / "_build" / "work" / "html"
    again = run_build(root / "content", outdir=work)
    assert messages(strip_colors(again.warnings), root) == expected, "second build"
    other = root / "content" / "roles" / "index.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nAn unrelated edit.\n", encoding="utf-8")
    edited = run_build(root / "content", outdir=work)
    assert "roles/index" in edited.written  # the edit was built, and the problem is still there
    assert messages(strip_colors(edited.warnings), root) == expected, "build after an unrelated edit"


def test_a_preview_does_not_publish_a_download_linked_from_outside(tmp_path: Path) -> None:
    """A non-strict build (as `invoke serve` runs) reports the link and leaves its target out."""
    root = make_root(tmp_path, "symlink-download-outside")
    site = run_build(root / "content", root / "_build" / "html")
    assert "outside the source folders" in site.warnings
    assert (site.outdir / "index.html").is_file()
    assert not (site.outdir / "templates" / "leak.md").exists()
    secret = (CORPUS / "symlink-download-outside" / "files" / "secret.txt").read_bytes()
    assert not any(p.read_bytes() == secret for p in site.outdir.rglob("*") if p.is_file())
