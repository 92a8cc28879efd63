"""patterns.json: a versioned, machine-readable catalogue of every published entry, and its schema.

Written once per build from the registry, so it lists exactly the entries the site publishes
(an entry a fork hides is not in the registry's published set, hence not here either).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..builders import SITE_BUILDERS
from ..domain import get_domain, get_vocab
from ..model.entries import Entry
from ..publishing import base_url

VERSION = 1
EXPORT_FILE = "patterns.json"
SCHEMA_FILE = "patterns.schema.json"

_IDS = {"type": "array", "items": {"type": "string"}}
_TEXTS = {"type": "array", "items": {"type": "string"}}


def _schema() -> dict[str, Any]:
    entry = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Stable id; the file name."},
            "kind": {"enum": ["pattern", "practice", "role"]},
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "url": {
                "type": "string",
                "description": "The entry's page: absolute when the site has a base_url, else relative to patterns.json.",
            },
            "aliases": _TEXTS,
            "symptoms": {**_TEXTS, "description": "Patterns: what a team would observe or say."},
            "causes": _TEXTS,
            "practices": {
                "description": "Patterns: the practices that address it, with the roles that lead each.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "leads": _IDS},
                    "required": ["id", "title", "leads"],
                },
            },
            "roles": {**_IDS, "description": "Patterns: roles affected; practices: roles that lead or contribute."},
            "leads": {**_IDS, "description": "Practices: roles that lead it."},
            "contributors": {**_IDS, "description": "Practices: roles that contribute."},
            "addresses": {**_IDS, "description": "Practices: the patterns that name it."},
            "path": {
                "description": "Roles: the ordered reading path.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"id": {"type": "string"}, "why": {"type": "string"}},
                    "required": ["id", "why"],
                },
            },
            "phases": _IDS,
            "themes": _IDS,
            "related": _IDS,
            "evidence": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "key": {"type": "string", "description": "Citation key in the bibliography."},
                        "strength": {"type": "string", "description": "How directly the source supports the entry."},
                        "note": {"type": "string"},
                        "source": {"type": "string", "description": "The source, cited as plain text."},
                        "source_url": {"type": "string"},
                    },
                    "required": ["key", "strength", "note", "source", "source_url"],
                },
            },
        },
    }
    entry["required"] = sorted(entry["properties"])
    term = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"}},
        "required": ["id", "title", "description"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ML Collaboration Playbook catalogue (patterns.json)",
        "description": "Every published pattern, practice and role of a playbook site. "
        "'version' changes only when a field is removed or changes meaning; new fields may be added.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "title", "base_url", "phases", "themes", "strengths", "entries"],
        "properties": {
            "version": {"const": VERSION},
            "title": {"type": "string", "description": "The site's title."},
            "base_url": {"type": "string", "description": "The site's public address, or '' when not set."},
            "phases": {"type": "array", "items": term},
            "themes": {"type": "array", "items": term},
            "strengths": {"type": "array", "items": term, "description": "Evidence-strength labels."},
            "entries": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
        },
        "$defs": {"entry": entry},
    }


SCHEMA = _schema()


def _record(app: Sphinx, entry: Entry, docname: str, published: dict[str, Entry]) -> dict[str, Any]:
    domain = get_domain(app.env)
    vocab = get_vocab(app.env)
    rel = domain.relations()

    def leads_of(practice_id: str) -> list[str]:
        practice = domain.entry(practice_id)
        return list(practice.leads) if practice else []

    def cite(key: str) -> tuple[str, str]:
        source = vocab.sources.get(key)
        if source is None:
            return key, ""
        parts = [f"{source.authors} ({source.year}). {source.title}.", f"{source.venue}." if source.venue else ""]
        return " ".join(p for p in parts if p), source.url

    evidence = []
    for ev in entry.evidence:
        text, url = cite(ev.key)
        evidence.append({"key": ev.key, "strength": ev.strength, "note": ev.note, "source": text, "source_url": url})
    return {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "summary": entry.summary,
        "url": base_url(app) + app.builder.get_target_uri(docname),
        "aliases": list(entry.aliases),
        "symptoms": list(entry.symptoms),
        "causes": list(entry.causes),
        "practices": [
            {"id": p, "title": published[p].title, "leads": leads_of(p)} for p in entry.practices if p in published
        ],
        "roles": list(entry.roles) if entry.kind == "pattern" else [*entry.leads, *entry.contributors],
        "leads": list(entry.leads),
        "contributors": list(entry.contributors),
        "addresses": [p for p in rel.addresses.get(entry.id, []) if p in published] if entry.kind == "practice" else [],
        "path": [{"id": step.entry, "why": step.why} for step in entry.path if step.entry in published],
        "phases": list(entry.phases),
        "themes": list(entry.themes),
        "related": [r for r in entry.related if r in published],
        "evidence": evidence,
    }


def catalogue(app: Sphinx) -> dict[str, Any]:
    domain = get_domain(app.env)
    vocab = get_vocab(app.env)
    entries = []
    # Built once, not per record: per record it made every build quadratic in the entries.
    published = domain.by_id()
    for entry_id, entry in sorted(published.items()):
        docname = domain.docname_of(entry_id)
        if docname is None or docname not in app.env.found_docs:
            continue
        entries.append(_record(app, entry, docname, published))

    def terms(table: dict) -> list[dict[str, str]]:
        return [{"id": t.id, "title": t.title, "description": t.description} for t in table.values()]

    return {
        "version": VERSION,
        "title": app.config.html_title,
        "base_url": base_url(app),
        "phases": terms(vocab.phases),
        "themes": terms(vocab.themes),
        "strengths": terms(vocab.strengths),
        "entries": entries,
    }


def write_export(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    out = Path(app.outdir)
    dump = json.dumps(catalogue(app), ensure_ascii=False, indent=1, sort_keys=False)
    (out / EXPORT_FILE).write_text(dump + "\n", encoding="utf-8")
    (out / SCHEMA_FILE).write_text(json.dumps(SCHEMA, indent=1) + "\n", encoding="utf-8")
