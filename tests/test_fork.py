"""A fork's overlay (local/): hide, retitle, replace a path, add entries; and its located mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import rename_entry, run_build

FORK = """\
# What this fork changes upstream.
hide:
  - alpha
retitle:
  scientist:
    title: Applied scientist
    aliases: [AS]
  operation: {title: Run and change}
paths:
  dev:
    - {entry: delta, why: Our own pattern first.}
    - {entry: beta, why: Then beta.}
"""

DELTA = """\
---
kb:
  title: Delta pattern
  summary: Summary of delta, a pattern of the fork's own.
  symptoms:
    - First symptom of delta.
    - Second symptom of delta.
    - Third symptom of delta.
  causes:
    - A cause of delta.
  roles: [dev, scientist]
  practices: [practice-one]
  phases: [operation]
  themes: [data]
  related: [beta]
  evidence:
    - key: study2024
      strength: reported
---

Body text of delta that links to {pattern}`beta`.

## Illustrative example

An invented example for delta.
"""


def make_fork(root: Path, fork: str = FORK) -> None:
    (root / "local/patterns").mkdir(parents=True)
    (root / "local/fork.yml").write_text(fork, encoding="utf-8")
    (root / "local/patterns/delta.md").write_text(DELTA, encoding="utf-8")


@pytest.fixture
def fork_site(basic_root: Path):
    make_fork(basic_root)
    return run_build(basic_root)


def test_the_fork_builds_without_a_warning_and_says_what_hiding_removed(fork_site) -> None:
    assert fork_site.warning_lines() == []
    summary = [line for line in fork_site.status.splitlines() if "the fork hides" in line]
    assert len(summary) == 1
    assert "hides 1 entries (alpha)" in summary[0]
    assert "1 links in upstream prose shown as plain text" in summary[0]


def test_a_hidden_entry_appears_nowhere(fork_site) -> None:
    out = fork_site.outdir
    assert not (out / "patterns/alpha.html").exists()
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "alpha.html" not in html, page
        assert "Summary of alpha" not in html, page
    index = (out / "_static/kb-search-index.js").read_text(encoding="utf-8")
    assert "patterns/alpha" not in index and "Alpha pattern" not in index
    assert "Summary of alpha" not in index
    inventory = fork_site.app.env.domains["kb"].entries
    assert "alpha" not in {e.id for e in inventory.values()}


def test_upstream_prose_naming_a_hidden_entry_shows_plain_text(fork_site) -> None:
    link = fork_site.article("index").select_one(".kb-hidden")
    assert link is not None and link.name == "span" and link.get_text() == "Alpha pattern"


def test_generated_lists_drop_a_hidden_entry(fork_site) -> None:
    beta = fork_site.article("patterns/beta")
    assert "Alpha" not in beta.select_one("#related").get_text()
    cards = [a.get_text() for a in fork_site.article("patterns/index").select(".kb-catalogue > li > a")]
    assert "Alpha pattern" not in cards and "Delta pattern" in cards


def test_a_reading_path_skips_a_hidden_step_and_renumbers(fork_site) -> None:
    steps = [a.get_text() for a in fork_site.article("roles/scientist").select(".kb-path-steps a")]
    assert steps == ["Beta pattern", "Gamma pattern"]
    nav = fork_site.html("patterns/gamma").select_one(".kb-path-nav").get_text(" ", strip=True)
    assert "step 2 of 2" in nav


def test_retitle_a_role_and_a_phase_keeping_ids_and_urls(fork_site) -> None:
    scientist = fork_site.html("roles/scientist")
    assert scientist.select_one("h1").get_text(strip=True).startswith("Applied scientist")
    assert "AS" in scientist.select_one(".kb-aliases").get_text()
    assert "Applied scientist" in fork_site.article("patterns/beta").select_one(".kb-affects").get_text()
    assert "Run and change" in fork_site.article("patterns/gamma").select_one(".kb-terms").get_text()


def test_replace_a_reading_path_with_the_forks_own_entry(fork_site) -> None:
    steps = fork_site.article("roles/dev").select(".kb-path-steps a")
    assert [a.get_text() for a in steps] == ["Delta pattern", "Beta pattern"]
    assert steps[0]["href"] == "../local/patterns/delta.html"
    nav = fork_site.html("local/patterns/delta").select_one(".kb-path-nav").get_text(" ", strip=True)
    assert "step 1 of 2" in nav


def test_without_a_fork_file_nothing_changes(basic_site) -> None:
    assert (basic_site.outdir / "patterns/alpha.html").exists()
    assert "the fork hides" not in basic_site.status


# (case, fork file text or None, extra files, the one expected warning line)
BROKEN = [
    (
        "hide-unknown-id",
        "hide: [alpah]\n",
        {},
        "<src>/local/fork.yml:1: WARNING: 'hide' names 'alpah', which does not exist upstream; "
        "did you mean 'alpha'? [kb.fork]",
    ),
    (
        "path-names-hidden-entry",
        "hide: [gamma]\npaths:\n  dev:\n    - {entry: beta, why: First.}\n    - {entry: gamma, why: Then.}\n",
        {},
        "<src>/local/fork.yml:5: WARNING: the reading path of 'dev' names 'gamma', which this fork hides; "
        "remove the step, or stop hiding 'gamma' [kb.fork]",
    ),
    (
        "path-names-unknown-id",
        "paths:\n  dev:\n    - {entry: beta, why: First.}\n    - {entry: gama, why: Then.}\n",
        {},
        "<src>/local/fork.yml:4: WARNING: the reading path of 'dev' names an unknown id 'gama'; "
        "did you mean 'gamma'? [kb.fork]",
    ),
    (
        "own-file-links-hidden-entry",
        "hide: [gamma]\n",
        {"local/notes.md": "# Notes\n\nSee {pattern}`gamma`.\n"},
        "<src>/local/notes.md:3: WARNING: the link names 'gamma', which this fork hides (fork file line 1); "
        "remove the reference, or stop hiding the entry [kb.fork]",
    ),
    (
        "retitle-unknown",
        "retitle:\n  scientst: {title: Applied scientist}\n",
        {},
        "<src>/local/fork.yml:2: WARNING: 'retitle' names 'scientst', which is not a role, phase or theme; "
        "did you mean 'scientist'? [kb.fork]",
    ),
    (
        "unknown-setting",
        "hidden: [gamma]\n",
        {},
        "<src>/local/fork.yml:1: WARNING: unknown fork setting 'hidden'; use only: hide, retitle, paths [kb.fork]",
    ),
]


@pytest.mark.parametrize("case,fork,files,expected", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_fork_gets_one_precise_message(basic_root: Path, case, fork, files, expected) -> None:
    (basic_root / "local").mkdir()
    (basic_root / "local/fork.yml").write_text(fork, encoding="utf-8")
    for name, text in files.items():
        (basic_root / name).write_text(text, encoding="utf-8")
    assert run_build(basic_root).warning_lines() == [expected]


def test_hiding_an_id_that_upstream_renamed_names_the_new_id(basic_root: Path, edit) -> None:
    rename_entry(basic_root, edit, "gamma", "gamma-two")
    (basic_root / "local").mkdir()
    (basic_root / "local/fork.yml").write_text("hide: [gamma]\n", encoding="utf-8")
    assert run_build(basic_root).warning_lines() == [
        "<src>/local/fork.yml:1: WARNING: 'hide' names 'gamma', which does not exist upstream; "
        "upstream renamed it to 'gamma-two' (its redirect_from says so): use 'gamma-two' [kb.fork]"
    ]


def test_a_forks_synonyms_extend_upstream(basic_root: Path) -> None:
    (basic_root / "synonyms.yml").write_text("- [dev, developer]\n", encoding="utf-8")
    (basic_root / "local").mkdir()
    (basic_root / "local/synonyms.yml").write_text("- [sre, site reliability engineer]\n", encoding="utf-8")
    site = run_build(basic_root)
    text = (site.outdir / "_static/kb-search-index.js").read_text(encoding="utf-8")
    groups = json.loads(text.removeprefix("window.kbSearchIndex=").rstrip().rstrip(";"))["synonyms"]
    flat = [" ".join(words) for group in groups for words in group]
    assert "dev" in flat and "sre" in flat  # tokens are stemmed


def test_a_forks_references_are_merged(basic_root: Path, edit) -> None:
    (basic_root / "local/patterns").mkdir(parents=True)
    (basic_root / "local/references.bib").write_text(
        "@misc{ourwiki2026, title={Our incident reviews}, author={Team, Platform}, year={2026}}\n", encoding="utf-8"
    )
    delta = DELTA.replace(
        "key: study2024\n      strength: reported", "key: ourwiki2026\n      strength: practice-based"
    )
    (basic_root / "local/patterns/delta.md").write_text(delta, encoding="utf-8")
    site = run_build(basic_root)
    assert site.warning_lines() == []
    assert "Our incident reviews" in site.article("local/patterns/delta").select_one("#evidence").get_text()


def test_adding_a_fork_to_a_built_site_equals_a_clean_fork_build(basic_root: Path, tmp_path: Path) -> None:
    from conftest import normalised_html

    run_build(basic_root)
    make_fork(basic_root)
    incremental = run_build(basic_root)
    assert incremental.warning_lines() == []
    clean = run_build(basic_root, outdir=tmp_path / "clean" / "html", parallel=2)
    assert clean.warning_lines() == []
    assert normalised_html(incremental.outdir) == normalised_html(clean.outdir)
