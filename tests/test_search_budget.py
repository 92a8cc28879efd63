"""Search data stays small (issue 11 budgets): at most 400 KB gzip on the real site and 2 MB at
3,000 patterns. Byte counts, never times."""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
import sys
from pathlib import Path

from conftest import REPO, Site

sys.path.insert(0, str(REPO))
from bench.generate import WORDS, phrasings_per_pattern, write_playbook
from kb.model.entries import validate
from kb.model.frontmatter import parse
from kb.model.vocab import Vocabulary, load_bibliography, load_taxonomy
from kb.views.search_index import INDEX_FILE, index_json, load_synonyms, search_record

REAL_BUDGET = 400 * 1024
LARGE_BUDGET = 2 * 1024 * 1024
FOLDERS = {"pattern": "patterns", "practice": "practices", "role": "roles"}


def search_data(outdir: Path) -> list[Path]:
    """Every file the browser fetches to search (the index, and any table beside it)."""
    return sorted(p for p in (outdir / "_static").glob("kb-search-*.js") if p.name != "kb-search.js")


def gzip_size(paths: list[Path]) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 9)) for p in paths)


def test_real_site_search_data_is_within_budget(real_site: Site) -> None:
    files = search_data(real_site.outdir)
    assert real_site.outdir / INDEX_FILE in files
    assert 0 < gzip_size(files) <= REAL_BUDGET, gzip_size(files)


def test_search_index_at_3000_patterns_is_within_budget(tmp_path: Path) -> None:
    """The index the build would write for a 3,000-pattern playbook, made by the build's own
    record function from bench/generate.py's synthetic entries (a full Sphinx build of that size
    takes minutes; the bytes are the same), each pattern with as many in_their_words phrasings as the
    real ones have."""
    src = tmp_path / "large"
    write_playbook(src, 3000)
    vocab = Vocabulary()
    load_taxonomy(src / "taxonomy.yml", vocab)
    load_bibliography(src / "references.bib", vocab)
    records = []
    rng = random.Random(3000)
    phrasings = phrasings_per_pattern()
    assert phrasings > 0, "no in_their_words found: the test would measure an index without phrasings"
    for kind, folder in FOLDERS.items():
        for path in sorted((src / folder).glob("*.md")):
            if path.stem == "index":
                continue
            text = path.read_text(encoding="utf-8")
            front, _ = parse(text)
            entry, problems = validate(path.stem, kind, front, vocab)  # type: ignore[arg-type]
            assert problems == [], (path, problems)
            if kind == "pattern":
                # As many readers' phrasings as the real patterns have on average (8 to 9 words; 10 here).
                words = tuple(" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(phrasings))
                entry = dataclasses.replace(entry, in_their_words=words)
            record = search_record(entry.title, kind, text.split("---", 2)[2], entry)
            records.append('{"u":' + json.dumps(f"{folder}/{path.stem}.html") + "," + record[1:])
    assert len([r for r in records if '"k":"pattern"' in r]) == 3000
    payload = f"window.kbSearchIndex={index_json(records, load_synonyms(src / 'synonyms.yml'))};\n"
    size = len(gzip.compress(payload.encode("utf-8"), 9))
    assert size <= LARGE_BUDGET, size
