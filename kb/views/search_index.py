"""The symptom-aware search index: written once per build, loaded by the browser only on search.

Sphinx's own index matches pages that contain every query word, so whole sentences such as
"our model works in the notebook but breaks in production" find nothing. We rank with BM25 over
any-word matches, weight the fields readers describe problems with (title, aliases, symptoms,
summary) above body text, and expand queries with a small synonym list that a fork can extend.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx

from ..domain import get_domain
from ..model.entries import Entry
from ..model.text import tokens

#: Field weights: the words people use for a problem count more than body text.
WEIGHTS = {"title": 3.0, "aliases": 3.0, "symptoms": 2.0, "summary": 2.0, "causes": 1.0, "body": 1.0}
KIND_BOOST = {"pattern": 1.3, "practice": 0.85, "role": 0.7, "page": 0.5}
INDEX_FILE = "_static/kb-search-index.js"
MAX_BODY_TF = 3  # a word repeated in the body should not outweigh the title


def body_terms(text: str) -> dict[str, int]:
    """Term counts of a page body, capped."""
    return {term: min(n, MAX_BODY_TF) for term, n in Counter(tokens(text)).items()}


def search_record(title: str, kind: str, body: str, entry: Entry | None = None) -> dict[str, Any]:
    """Everything the index needs about one page, computed once while the page is read.

    Tokenising here, per page, keeps the index step at the end of every (incremental) build a
    plain merge instead of re-reading every entry's fields.
    """
    weighted: Counter[str] = Counter()
    if entry is not None:
        for field, terms in entry_fields(entry).items():
            for term in terms:
                weighted[term] += WEIGHTS[field]
    else:
        for term in tokens(title):
            weighted[term] += WEIGHTS["title"]
    for term, n in body_terms(body).items():
        weighted[term] += WEIGHTS["body"] * n
    named = tokens(title + " " + " ".join(entry.aliases if entry else ()))
    return {
        "t": title,
        "k": kind,
        "s": entry.summary if entry else "",
        "w": sorted(set(named)),
        "terms": {term: round(w, 1) for term, w in weighted.items()},
    }


def entry_fields(entry: Entry) -> dict[str, list[str]]:
    return {
        "title": tokens(entry.title),
        "aliases": tokens(" ".join(entry.aliases)),
        "symptoms": tokens(" ".join(entry.symptoms)),
        "summary": tokens(entry.summary),
        "causes": tokens(" ".join(entry.causes)),
    }


def load_synonyms(path: Path) -> list[list[list[str]]]:
    """Synonym groups as lists of token sequences (phrases), from the fork-editable YAML file."""
    if not path.is_file():
        return []
    groups = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for group in groups:
        phrases = [tokens(str(p)) for p in group]
        phrases = [p for p in phrases if p]
        if len(phrases) > 1:
            out.append(phrases)
    return out


def build_index(app: Sphinx) -> dict[str, Any]:
    env = app.env
    domain = get_domain(env)
    records: dict[str, dict[str, Any]] = domain.data["search"]
    docs: list[dict[str, Any]] = []
    postings: dict[str, list[list[float]]] = {}
    lengths: list[float] = []
    for docname in sorted(records):
        if docname not in env.all_docs or docname in ("genindex", "search"):
            continue
        record = records[docname]
        doc_id = len(docs)
        docs.append(
            {
                "t": record["t"],
                "k": record["k"],
                "s": record["s"],
                "u": app.builder.get_target_uri(docname),
                "b": KIND_BOOST[record["k"]],
                "w": record["w"],  # the words the page is named by, for the title bonus
            }
        )
        lengths.append(round(sum(record["terms"].values()), 1))
        for term, tf in record["terms"].items():
            postings.setdefault(term, []).append([doc_id, tf])
    return {
        "docs": docs,
        "len": lengths,
        "terms": postings,
        "synonyms": load_synonyms(Path(app.srcdir, app.config.kb_synonyms)),
    }


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    index = build_index(app)
    path = Path(app.outdir, INDEX_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(index, separators=(",", ":"), ensure_ascii=False)
    # A script, not JSON: it also loads from file:// when the site is opened offline.
    path.write_text(f"window.kbSearchIndex={payload};\n", encoding="utf-8")
