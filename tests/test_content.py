"""The real catalogue meets the playbook's editorial minimums (issue: the playbook's content)."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from kb.model.entries import Entry, validate
from kb.model.frontmatter import parse
from kb.model.relations import build as build_relations
from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy

CONTENT = REPO / "content"
KINDS = {"pattern": "patterns", "practice": "practices", "role": "roles"}


def _load() -> tuple[dict[str, Entry], dict[str, str]]:
    vocab = Vocabulary()
    assert load_taxonomy(CONTENT / "taxonomy.yml", vocab) == []
    assert load_bibliography(CONTENT / "references.bib", vocab) == []
    entries, bodies = {}, {}
    for kind, folder in KINDS.items():
        for path in sorted((CONTENT / folder).glob("*.md")):
            if path.stem == "index":
                continue
            text = path.read_text(encoding="utf-8")
            fm, problems = parse(text)
            entry, more = validate(path.stem, kind, fm, vocab)
            assert problems == [] and more == [], path
            entries[f"{folder}/{path.stem}"] = entry
            bodies[path.stem] = text.split("---", 2)[2]
    return entries, bodies


ENTRIES, BODIES = _load()
PATTERNS = [e for e in ENTRIES.values() if e.kind == "pattern"]
PRACTICES = [e for e in ENTRIES.values() if e.kind == "practice"]
ROLES = [e for e in ENTRIES.values() if e.kind == "role"]


def test_catalogue_size() -> None:
    assert len(PATTERNS) >= 24
    assert len(PRACTICES) >= 20
    assert sorted(r.id for r in ROLES) == [
        "data-engineer",
        "data-scientist",
        "domain-expert",
        "ml-engineer",
        "product-owner",
        "software-engineer",
        "team-lead",
    ]


@pytest.mark.parametrize("entry", PATTERNS, ids=lambda e: e.id)
def test_pattern_minimums(entry: Entry) -> None:
    assert entry.summary.count(". ") == 0, "the summary is one sentence"
    assert entry.aliases, "aliases feed search"
    assert 3 <= len(entry.symptoms) <= 6
    assert entry.causes
    assert 2 <= len(entry.practices) <= 6
    assert entry.roles and entry.phases and entry.related
    assert entry.evidence
    body = BODIES[entry.id]
    words = len(re.sub(r"[{}`()\[\]]", " ", body).split())
    assert 150 <= words <= 420, f"narrative of {words} words"
    assert "## Illustrative example" in body
    example = body.split("## Illustrative example", 1)[1]
    assert re.search(r"invented|illustrat|fictional|hypothetical", example, re.I), "the example is labelled"


@pytest.mark.parametrize("entry", PRACTICES, ids=lambda e: e.id)
def test_practice_minimums(entry: Entry) -> None:
    assert entry.leads
    assert entry.evidence
    steps = BODIES[entry.id].split("## Steps", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^\d+\. ", steps, re.M)) >= 3, "at least three concrete steps"
    for heading in ("## First step this week", "## Pitfalls"):
        assert heading in BODIES[entry.id]


@pytest.mark.parametrize("entry", ROLES, ids=lambda e: e.id)
def test_role_path_length(entry: Entry) -> None:
    assert 6 <= len(entry.path) <= 12
    assert all(step.why for step in entry.path)


def test_coverage() -> None:
    on_a_path = {step.entry for role in ROLES for step in role.path}
    assert sorted(p.id for p in PATTERNS if p.id not in on_a_path) == []
    linked = {practice for p in PATTERNS for practice in p.practices}
    assert sorted(p.id for p in PRACTICES if p.id not in linked) == []
    relations = build_relations(ENTRIES)
    assert all(relations.addresses.get(p.id) for p in PRACTICES)


def test_founding_study_is_findable() -> None:
    by_id = {e.id: e for e in ENTRIES.values()}
    # The three challenges and the three remedies of Busquim et al. (SWQD 2024).
    for entry_id in ("expertise-gap", "unclear-role-responsibilities", "missing-system-specification"):
        assert any(ev.key == "busquim2024interaction" and ev.strength == "reported" for ev in by_id[entry_id].evidence)
    for entry_id in ("collaborative-culture", "regular-team-communication", "concise-system-documentation"):
        assert any(ev.key == "busquim2024interaction" and ev.strength == "reported" for ev in by_id[entry_id].evidence)
    assert "expertise" in by_id["expertise-gap"].title.lower()
    assert "role" in by_id["unclear-role-responsibilities"].title.lower()
    assert "specification" in by_id["missing-system-specification"].title.lower()


def test_templates_are_downloads_with_a_page_each() -> None:
    for name in ("ml-component-spec", "model-handoff-checklist", "data-contract", "responsibilities-sheet"):
        assert (REPO / "downloads/templates" / f"{name}.md").is_file()
        page = (CONTENT / "templates" / f"{name}.md").read_text()
        assert f"{{kb-download}} {name}" in page
        assert any(f"../templates/{name}.md" in BODIES[p.id] for p in PRACTICES), f"no practice links {name}"
