"""The invoke tasks as a user runs them: clear failures, no tracebacks, nothing half-published."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

INVOKE = [sys.executable, "-m", "invoke"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*INVOKE, *args], cwd=REPO, capture_output=True, text=True)


def test_check_reports_every_problem_without_a_traceback(basic_root: Path, edit) -> None:
    edit(basic_root / "patterns/alpha.md", "  title: Alpha pattern", "  title: Alpha: pattern")
    edit(basic_root / "patterns/beta.md", "  roles: [dev, scientist]", "  roles: [dev, nobody]")
    result = run("check", "--source", str(basic_root))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "patterns/alpha.md:3: WARNING: the front matter is not valid YAML" in output
    assert "patterns/beta.md:12: WARNING: 'roles' names an unknown id 'nobody'" in output
    assert "Content check failed" in output
    assert not list(basic_root.rglob("*.html"))


def test_failed_build_publishes_nothing(basic_root: Path, tmp_path: Path, edit) -> None:
    out = tmp_path / "build"
    ok = run("build", "--source", str(basic_root), "--out", str(out))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    published = (out / "html/patterns/alpha.html").read_text()
    edit(basic_root / "patterns/alpha.md", "  title: Alpha pattern", "  title: Alpha broken\n  colour: red")
    failed = run("build", "--source", str(basic_root), "--out", str(out))
    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    assert "Nothing was published" in failed.stdout + failed.stderr
    assert (out / "html/patterns/alpha.html").read_text() == published


def test_new_scaffold_offers_todays_choices_and_claims_no_evidence() -> None:
    sys.path.insert(0, str(REPO))
    import yaml

    from kb.model.entries import validate
    from kb.model.frontmatter import parse
    from kb.model.problems import Subtype
    from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy
    from tasks import scaffold, slugify

    vocab = Vocabulary()
    load_taxonomy(REPO / "content/taxonomy.yml", vocab)
    load_bibliography(REPO / "content/references.bib", vocab)
    assert slugify("Nobody owns the data: a 2nd try!") == "nobody-owns-the-data-a-2nd-try"
    for kind in ("pattern", "practice", "role"):
        text = scaffold(kind, "It's a new entry", "its-a-new-entry")
        fm, problems = parse(text)
        entry, more = validate("its-a-new-entry", kind, fm, vocab)
        assert problems == []
        # Only unfinished choices remain: nothing is pre-filled that claims evidence or picks for the author.
        assert entry.evidence == () and entry.roles == () and entry.leads == () and entry.phases == ()
        assert all(p.subtype is Subtype.draft for p in more), (kind, more)
        assert entry.title == "It's a new entry"
        assert yaml.safe_load(text.split("---")[1])["kb"]["title"] == "It's a new entry"
    pattern = scaffold("pattern", "x", "x")
    assert "# phases: " + ", ".join(vocab.phases) in pattern
    assert "busquim2024interaction" in pattern.split("# evidence:")[1].split("\n")[0]  # offered, not chosen


def test_new_scaffold_follows_a_forks_roles_and_references(tmp_path: Path) -> None:
    import shutil

    sys.path.insert(0, str(REPO))
    from tasks import scaffold

    src = tmp_path / "content"
    shutil.copytree(REPO / "tests/roots/test-basic", src)
    (src / "local/roles").mkdir(parents=True)
    (src / "local/roles/sre.md").write_text("---\nkb:\n  title: SRE\n---\n", encoding="utf-8")
    (src / "local/fork.yml").write_text("hide: [scientist]\n", encoding="utf-8")
    (src / "local/references.bib").write_text("@misc{ourwiki2026, title={Wiki}, year={2026}}\n", encoding="utf-8")
    text = scaffold("practice", "Our practice", "our-practice", src)
    assert "# leads: dev, sre\n" in text
    assert "ourwiki2026" in text and "study2024" in text


def test_new_refuses_an_existing_id() -> None:
    existing = REPO / "content/patterns/expertise-gap.md"
    before = existing.read_text()
    result = run("new", "practice", "Expertise gap")
    assert result.returncode != 0
    assert "already used by content/patterns/expertise-gap.md" in result.stderr
    assert not (REPO / "content/practices/expertise-gap.md").exists()
    assert existing.read_text() == before


def test_every_task_has_help() -> None:
    listing = run("--list").stdout
    for name in ("build", "check", "serve", "new", "test", "clean", "setup"):
        assert name in listing
        assert run("--help", name).returncode == 0
