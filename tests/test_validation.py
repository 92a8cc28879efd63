"""Each kind of bad input gives exactly one clear, located message: path:line: what; how to fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_build

# (case id, file to change, old text, new text, the one expected warning line)
CASES = [
    (
        "broken-yaml",
        "patterns/alpha.md",
        "  title: Alpha pattern",
        "  title: Alpha: pattern",
        "<src>/patterns/alpha.md:3: WARNING: the front matter is not valid YAML: mapping values are not allowed here; "
        "check the indentation, and quote text that contains ': ' or starts with a quote [kb.frontmatter]",
    ),
    (
        "missing-field",
        "patterns/alpha.md",
        "  summary: Summary of alpha.\n",
        "",
        "<src>/patterns/alpha.md:2: WARNING: the required field 'summary' is missing; add 'summary:' under 'kb:'; "
        "write a single line of text [kb.schema]",
    ),
    (
        "unknown-team-role",
        "patterns/alpha.md",
        "  roles: [dev, scientist]",
        "  roles: [dev, scientst]",
        "<src>/patterns/alpha.md:12: WARNING: 'roles' names an unknown id 'scientst'; did you mean 'scientist'? [kb.ref]",
    ),
    (
        "wrong-kind-in-field",
        "patterns/beta.md",
        "  practices: [practice-two]",
        "  practices: [alpha]",
        "<src>/patterns/beta.md:13: WARNING: 'practices' names 'alpha', which is a pattern, not a practice; "
        "use a practice id there [kb.ref]",
    ),
    (
        "unknown-phase",
        "patterns/gamma.md",
        "  phases: [operation]",
        "  phases: [operations]",
        "<src>/patterns/gamma.md:14: WARNING: unknown phase 'operations' in 'phases'; did you mean 'operation'? "
        "(the taxonomy file defines them) [kb.schema]",
    ),
    (
        "unknown-citation-key",
        "patterns/gamma.md",
        "    - key: study2024",
        "    - key: stdy2024",
        "<src>/patterns/gamma.md:18: WARNING: unknown citation key 'stdy2024'; did you mean 'study2024'? [kb.ref]",
    ),
    (
        "unknown-strength",
        "patterns/gamma.md",
        "      strength: reported",
        "      strength: strong",
        "<src>/patterns/gamma.md:19: WARNING: unknown evidence strength 'strong'; "
        "use one of: reported, secondary, practice-based [kb.schema]",
    ),
    (
        "dangling-body-link",
        "patterns/gamma.md",
        "{practice}`practice-one`",
        "{practice}`practice-three`",
        "<src>/patterns/gamma.md:23: WARNING: the link names an unknown id 'practice-three'; "
        "did you mean 'practice-two'? [kb.ref]",
    ),
    (
        "link-of-wrong-kind",
        "patterns/gamma.md",
        "{practice}`practice-one`",
        "{practice}`alpha`",
        "<src>/patterns/gamma.md:23: WARNING: the link names 'alpha', which is a pattern, not a practice; "
        "write {pattern}`alpha` instead [kb.ref]",
    ),
    (
        "path-names-missing-entry",
        "roles/dev.md",
        "{entry: beta, why: Then beta.}",
        "{entry: delta, why: Then delta.}",
        "<src>/roles/dev.md:9: WARNING: the reading path names an unknown id 'delta'; did you mean 'beta'? [kb.path]",
    ),
    (
        "path-step-without-reason",
        "roles/dev.md",
        "{entry: beta, why: Then beta.}",
        "{entry: beta}",
        "<src>/roles/dev.md:9: WARNING: step 3 ('beta') of the reading path has no reason; "
        "add 'why:' with a one-line reason [kb.path]",
    ),
    (
        "missing-required-heading",
        "practices/practice-one.md",
        "## Pitfalls",
        "## Traps",
        "<src>/practices/practice-one.md:13: WARNING: the required heading '## Pitfalls' is missing; "
        "add a '## Pitfalls' section to the body of the practice [kb.section]",
    ),
    (
        "unknown-field",
        "practices/practice-one.md",
        "  summary: Summary",
        "  sumary: Summary",
        "<src>/practices/practice-one.md:4: WARNING: unknown field 'sumary'; remove it or rename it; "
        "did you mean 'summary'? [kb.schema]",
    ),
    (
        "id-repeated-in-file",
        "practices/practice-one.md",
        "  title: Practice one",
        "  id: practice-one\n  title: Practice one",
        "<src>/practices/practice-one.md:3: WARNING: the front matter repeats the id; "
        "remove 'id:'; the file name is the id [kb.schema]",
    ),
    (
        "wrong-type",
        "patterns/beta.md",
        "  causes:\n    - A cause of beta.",
        "  causes: A cause of beta.",
        "<src>/patterns/beta.md:10: WARNING: 'causes' must be a list, not text; "
        "write a YAML list, one '- item' per line [kb.schema]",
    ),
    (
        "phrasings-not-a-list",
        "patterns/alpha.md",
        "  aliases: [alias-alpha]",
        "  aliases: [alias-alpha]\n  in_their_words: alpha keeps biting us",
        "<src>/patterns/alpha.md:6: WARNING: 'in_their_words' must be a list, not text; "
        "write a YAML list, one '- item' per line [kb.schema]",
    ),
    (
        "no-namespace",
        "practices/practice-two.md",
        "kb:\n",
        "extra: 1\nkb2:\n",
        "<src>/practices/practice-two.md:1: WARNING: the front matter has no 'kb:' mapping; "
        "put every field of the practice under a 'kb:' key (see CONTRIBUTING.md) [kb.frontmatter]",
    ),
]


@pytest.mark.parametrize(("path", "old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_is_reported_once_with_its_line(
    basic_root: Path, edit, path: str, old: str, new: str, expected: str
) -> None:
    edit(basic_root / path, old, new)
    site = run_build(basic_root)
    assert site.warning_lines() == [expected]


def test_duplicate_id_across_kinds(basic_root: Path) -> None:
    text = (basic_root / "practices/practice-two.md").read_text()
    (basic_root / "practices/alpha.md").write_text(text)
    site = run_build(basic_root)
    assert site.warning_lines() == [
        "<src>/practices/alpha.md:1: WARNING: the id 'alpha' is already used by <src>/patterns/alpha.md; "
        "ids are unique across patterns, practices and roles: rename one of the files [kb.duplicate]"
    ]


def test_invalid_id_in_file_name(basic_root: Path) -> None:
    (basic_root / "patterns/alpha.md").rename(basic_root / "patterns/Alpha_Old.md")
    site = run_build(basic_root)
    lines = site.warning_lines()
    assert (
        "<src>/patterns/Alpha_Old.md:1: WARNING: 'Alpha_Old' is not a valid id; rename the file in kebab-case: "
        "lower-case letters, digits and single hyphens [kb.schema]" in lines
    )


def test_several_problems_are_all_reported_in_one_run(basic_root: Path, edit) -> None:
    edit(basic_root / "patterns/alpha.md", "  summary: Summary of alpha.\n", "")
    edit(basic_root / "patterns/beta.md", "  phases: [deployment]", "  phases: [nowhere]")
    edit(basic_root / "roles/dev.md", "{entry: beta, why: Then beta.}", "{entry: delta, why: Then delta.}")
    site = run_build(basic_root, buildername="dummy")
    kinds = sorted(line.rsplit("[", 1)[1] for line in site.warning_lines())
    assert kinds == ["kb.path]", "kb.schema]", "kb.schema]"]


def test_a_subtype_can_be_silenced(basic_root: Path, edit) -> None:
    edit(basic_root / "patterns/alpha.md", "  roles: [dev, scientist]", "  roles: [dev, scientst]")
    site = run_build(basic_root, suppress_warnings=["kb.ref"])
    assert site.warning_lines() == []


def test_front_matter_text_is_escaped(basic_root: Path, edit) -> None:
    edit(
        basic_root / "patterns/alpha.md",
        "  summary: Summary of alpha.",
        "  summary: 'Uses <script>alert(1)</script> & more'",
    )
    edit(basic_root / "patterns/alpha.md", "    - First symptom of alpha.", "    - '<img src=x onerror=alert(1)>'")
    site = run_build(basic_root)
    for page in ("patterns/alpha", "patterns/index"):
        raw = (site.outdir / f"{page}.html").read_text()
        assert "<script>alert(1)</script>" not in raw
        assert "<img src=x" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in (site.outdir / "patterns/alpha.html").read_text()


def test_strict_build_fails_without_traceback(basic_root: Path, edit) -> None:
    edit(basic_root / "patterns/alpha.md", "  title: Alpha pattern", "  title: Alpha: pattern")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(basic_root), str(basic_root / "_out")],
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "patterns/alpha.md:3: WARNING: the front matter is not valid YAML" in output
