"""The front-matter JSON Schema rejects the bad-input corpus's schema-level cases, as the validator does.

YAML syntax and encoding cases are left out: an editor's YAML parser reports those before any
schema is consulted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_bad_input import CORPUS, load_case, make_root

from kb.model.frontmatter import parse
from kb.model.schema import frontmatter_schema
from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy

#: Every corpus case whose problem lies in the shape or values of the front matter.
SCHEMA_LEVEL = sorted(
    [p.name for p in CORPUS.glob("type-*")]
    + ["fm-namespace-not-mapping", "fm-no-namespace", "id-repeated-in-front-matter"]
)
KINDS = {"pattern": "patterns", "practice": "practices", "role": "roles"}


def schema_for(content: Path) -> dict:
    """The schema `invoke schema` would write for this playbook (its own taxonomy, sources and ids)."""
    vocab = Vocabulary()
    assert load_taxonomy(content / "taxonomy.yml", vocab) == []
    assert load_bibliography(content / "references.bib", vocab) == []
    ids = {kind: sorted(p.stem for p in (content / f).glob("*.md") if p.stem != "index") for kind, f in KINDS.items()}
    schema = frontmatter_schema(vocab, ids)
    Draft202012Validator.check_schema(schema)
    return json.loads(json.dumps(schema))


def test_the_corpus_has_schema_level_cases() -> None:
    assert len(SCHEMA_LEVEL) >= 8


def test_the_schema_accepts_the_unbroken_corpus_playbook(tmp_path: Path) -> None:
    content = make_root(tmp_path, SCHEMA_LEVEL[0]) / "content"
    # Every file the case did not edit is valid, and the schema must accept it.
    edited = {edit["file"] for edit in load_case(SCHEMA_LEVEL[0]).get("edits", [])}
    validator = Draft202012Validator(schema_for(content))
    checked = 0
    for folder in KINDS.values():
        for path in sorted((content / folder).glob("*.md")):
            if path.stem == "index" or f"content/{folder}/{path.name}" in edited:
                continue
            fm, problems = parse(path.read_text(encoding="utf-8"))
            assert fm is not None and problems == [], path
            assert list(validator.iter_errors(fm.data)) == [], path
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("name", SCHEMA_LEVEL)
def test_the_schema_rejects_a_schema_level_bad_input(name: str, tmp_path: Path) -> None:
    root = make_root(tmp_path, name)
    case = load_case(name)
    validator = Draft202012Validator(schema_for(root / "content"))
    (edited,) = {edit["file"] for edit in case["edits"]}
    fm, problems = parse((root / edited).read_text(encoding="utf-8"))
    assert fm is not None and problems == [], f"{name}: the case should be valid YAML"
    assert list(validator.iter_errors(fm.data)), f"{name}: the schema accepts what the build rejects: {case['expect']}"
