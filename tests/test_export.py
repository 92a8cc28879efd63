"""patterns.json and its schema, and the front-matter JSON Schema editors use."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import REPO, Site, run_build
from jsonschema import Draft202012Validator

sys.path.insert(0, str(REPO))

from kb.model.entries import validate
from kb.model.frontmatter import parse
from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy


def load_export(site: Site) -> tuple[dict, dict]:
    data = json.loads((site.outdir / "patterns.json").read_text(encoding="utf-8"))
    schema = json.loads((site.outdir / "patterns.schema.json").read_text(encoding="utf-8"))
    return data, schema


def assert_export_valid(site: Site) -> dict:
    data, schema = load_export(site)
    Draft202012Validator.check_schema(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
    assert data["version"] == 1
    for entry in data["entries"]:
        target = urljoin(data["base_url"] or "", entry["url"])[len(data["base_url"]) :]
        # dirhtml publishes each page as a folder whose index.html the server returns.
        assert (site.outdir / target).is_file() or (site.outdir / target / "index.html").is_file(), entry["url"]
    return data


def test_export_of_the_small_playbook(basic_site: Site) -> None:
    data = assert_export_valid(basic_site)
    by_id = {e["id"]: e for e in data["entries"]}
    files = {p.stem for folder in ("patterns", "practices", "roles") for p in (basic_site.srcdir / folder).glob("*.md")}
    assert set(by_id) == files - {"index"}
    alpha = by_id["alpha"]
    assert alpha["kind"] == "pattern" and alpha["title"] == "Alpha pattern"
    assert alpha["summary"] == "Summary of alpha."
    assert alpha["url"] == "patterns/alpha.html"
    assert alpha["symptoms"][0] == "First symptom of alpha."
    assert [(p["id"], p["leads"]) for p in alpha["practices"]] == [
        ("practice-one", ["dev"]),
        ("practice-two", ["scientist"]),
    ]
    assert alpha["evidence"][0]["key"] == "study2024" and "Doe" in alpha["evidence"][0]["source"]
    assert "alpha" in by_id["practice-one"]["addresses"]
    assert by_id["dev"]["path"][0]["id"] and by_id["dev"]["path"][0]["why"]


def test_export_urls_use_the_base_url(basic_root: Path) -> None:
    site = run_build(basic_root, html_baseurl="https://example.org/pb/")
    data = assert_export_valid(site)
    assert data["base_url"] == "https://example.org/pb/"
    assert {e["url"][: len(data["base_url"])] for e in data["entries"]} == {"https://example.org/pb/"}


def test_export_of_the_real_playbook(real_site: Site) -> None:
    data = assert_export_valid(real_site)
    kinds = {k: sum(e["kind"] == k for e in data["entries"]) for k in ("pattern", "practice", "role")}
    for kind, folder in (("pattern", "patterns"), ("practice", "practices"), ("role", "roles")):
        assert kinds[kind] == len([p for p in (REPO / "content" / folder).glob("*.md") if p.stem != "index"])


def test_export_of_the_dirhtml_site_links_its_folders(real_dirhtml_site: Site) -> None:
    data = assert_export_valid(real_dirhtml_site)
    urls = {e["id"]: e["url"] for e in data["entries"]}
    assert urls["expertise-gap"] == "patterns/expertise-gap/"


# -- the front-matter schema -------------------------------------------------------------------

FOLDERS = {"pattern": "patterns", "practice": "practices", "role": "roles"}


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    vocab = Vocabulary()
    assert load_taxonomy(REPO / "content/taxonomy.yml", vocab) == []
    assert load_bibliography(REPO / "content/references.bib", vocab) == []
    return vocab


@pytest.fixture(scope="module")
def schema() -> dict:
    schema = json.loads((REPO / "schema/frontmatter.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


def kind_validator(schema: dict, kind: str) -> Draft202012Validator:
    return Draft202012Validator({**schema, "properties": {"kb": {"$ref": f"#/$defs/{kind}"}}})


def test_committed_schema_is_what_invoke_schema_writes(schema: dict) -> None:
    from tasks import frontmatter_schema_text

    assert (REPO / "schema/frontmatter.schema.json").read_text(encoding="utf-8") == frontmatter_schema_text(), (
        "the front-matter schema is out of date: run `invoke schema` and commit schema/frontmatter.schema.json"
    )


def entry_files() -> list[tuple[str, Path]]:
    return [
        (kind, p)
        for kind, folder in FOLDERS.items()
        for p in sorted((REPO / "content" / folder).glob("*.md"))
        if p.stem != "index"
    ]


def test_schema_accepts_every_entry_in_content(schema: dict) -> None:
    files = entry_files()
    assert len(files) > 40
    whole = Draft202012Validator(schema)
    for kind, path in files:
        fm, problems = parse(path.read_text(encoding="utf-8"))
        assert fm is not None and problems == []
        assert list(kind_validator(schema, kind).iter_errors(fm.data)) == [], path
        assert list(whole.iter_errors(fm.data)) == [], path


def test_schema_offers_the_taxonomy_and_ids_for_completion(schema: dict, vocab: Vocabulary) -> None:
    pattern = schema["$defs"]["pattern"]["properties"]
    assert [t["const"] for t in pattern["phases"]["items"]["oneOf"]] == list(vocab.phases)
    roles = sorted(p.stem for p in (REPO / "content/roles").glob("*.md") if p.stem != "index")
    assert pattern["roles"]["items"]["enum"] == roles
    assert pattern["evidence"]["items"]["properties"]["key"]["enum"] == sorted(vocab.sources)


GOOD = yaml.safe_load((REPO / "content/patterns/expertise-gap.md").read_text(encoding="utf-8").split("---")[1])

BAD = {
    "wrong type": ("title", ["a", "list"]),
    "unknown phase": ("phases", ["framing", "no-such-phase"]),
    "missing field": ("symptoms", None),
    "unknown field": ("colour", "red"),
    "unknown role id": ("roles", ["nobody"]),
    "evidence without strength": ("evidence", [{"key": "busquim2024interaction"}]),
    "empty required list": ("practices", []),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_schema_and_validator_both_reject_bad_front_matter(case: str, schema: dict, vocab: Vocabulary) -> None:
    field, value = BAD[case]
    kb = dict(GOOD["kb"])
    if value is None:
        del kb[field]
    else:
        kb[field] = value
    data = {"kb": kb}
    assert list(kind_validator(schema, "pattern").iter_errors(data)), case
    assert list(Draft202012Validator(schema).iter_errors(data)), case
    text = "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n\nBody.\n"
    fm, _ = parse(text)
    _, problems = validate("expertise-gap", "pattern", fm, vocab)
    # Ids are checked across files by the build; the schema knows them from the enums.
    assert problems or case == "unknown role id", case
