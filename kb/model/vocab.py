"""Vocabularies a fork edits as data: phases, themes, evidence strengths, required sections,
and the bibliography of evidence sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .frontmatter import FrontMatter, _convert
from .problems import Problem, Subtype


@dataclass(frozen=True)
class Term:
    """One vocabulary value: its id, a display title and a one-line description."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Source:
    """One evidence source from the BibTeX file, pre-rendered as plain text fields."""

    key: str
    authors: str
    title: str
    year: str
    venue: str
    url: str
    note: str


@dataclass
class Vocabulary:
    """Everything the model validates against that is not an entry."""

    phases: dict[str, Term] = field(default_factory=dict)
    themes: dict[str, Term] = field(default_factory=dict)
    strengths: dict[str, Term] = field(default_factory=dict)
    required_sections: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)


def load_taxonomy(path: Path, vocab: Vocabulary) -> list[Problem]:
    """Fill ``vocab`` from the taxonomy YAML file; return located problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        return [Problem(Subtype.config, f"cannot read the taxonomy: {err}", "create it or set kb_taxonomy", 1)]
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        return [
            Problem(
                Subtype.config,
                f"the taxonomy is not valid YAML: {err.problem}",
                "check the indentation and quoting",
                (mark.line + 1) if mark else 1,
            )
        ]
    finally:
        loader.dispose()
    fm = FrontMatter(data={})
    data = _convert(node, (), fm.lines, yaml.SafeLoader("")) if node is not None else {}
    # _convert counts an opening '---' line that a plain YAML file does not have.
    lines = {k: v - 1 for k, v in fm.lines.items()}
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem(Subtype.config, "the taxonomy is not a mapping", "see the README for its layout", 1)]
    for name, target in (("phases", vocab.phases), ("themes", vocab.themes), ("evidence_strengths", vocab.strengths)):
        section = data.get(name)
        if not isinstance(section, dict) or not section:
            problems.append(
                Problem(
                    Subtype.config,
                    f"the taxonomy has no '{name}'",
                    f"add a '{name}:' mapping of id: {{title, description}}",
                    lines.get((), 1),
                )
            )
            continue
        for term_id, spec in section.items():
            line = lines.get((name, term_id), 1)
            if not isinstance(spec, dict) or not isinstance(spec.get("title"), str):
                problems.append(
                    Problem(
                        Subtype.config,
                        f"{name} '{term_id}' has no title",
                        "write it as 'id: {title: ..., description: ...}'",
                        line,
                    )
                )
                continue
            target[term_id] = Term(term_id, spec["title"], str(spec.get("description", "")))
    sections = data.get("required_sections", {})
    if isinstance(sections, dict):
        for kind, heads in sections.items():
            if isinstance(heads, list) and all(isinstance(h, str) for h in heads):
                vocab.required_sections[kind] = heads
            else:
                problems.append(
                    Problem(
                        Subtype.config,
                        f"required_sections.{kind} is not a list of headings",
                        "write it as [Heading one, Heading two]",
                        lines.get(("required_sections", kind), 1),
                    )
                )
    return problems


_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "c": "\u0327", "=": "\u0304"}


def _detex(text: str) -> str:
    """Turn the BibTeX accents and braces we use into plain Unicode text."""
    import unicodedata

    def accent(match: re.Match[str]) -> str:
        return unicodedata.normalize("NFC", match.group(2) + _ACCENTS[match.group(1)])

    text = re.sub(r"\{?\\([`'^\"~=c])\s*\{?\\?([a-zA-Z])\}?\}?", accent, text)
    text = text.replace("--", "\u2013").replace("\\&", "&").replace("``", "\u201c").replace("''", "\u201d")
    return re.sub(r"[{}]", "", text).strip()


def load_bibliography(path: Path, vocab: Vocabulary) -> list[Problem]:
    """Fill ``vocab.sources`` from a BibTeX file (parsed by pybtex)."""
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError

    try:
        db = parse_file(str(path), bib_format="bibtex")
    except (OSError, PybtexError) as err:
        return [Problem(Subtype.config, f"cannot read the bibliography: {err}", "fix the BibTeX syntax", 1)]
    for key, entry in db.entries.items():
        people = entry.persons.get("author", []) or entry.persons.get("editor", [])
        names = [_detex(" ".join(p.last_names)) for p in people]
        if len(names) > 3:
            authors = f"{names[0]} et al."
        else:
            authors = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + (names[-1] if names else "")
        f = entry.fields
        venue = (
            f.get("booktitle")
            or f.get("journal")
            or f.get("howpublished")
            or f.get("school")
            or f.get("publisher")
            or ""
        )
        url = f.get("url", "")
        if not url and f.get("doi"):
            url = f"https://doi.org/{f['doi']}"
        elif not url and f.get("eprint"):
            url = f"https://arxiv.org/abs/{f['eprint']}"
        vocab.sources[key] = Source(
            key=key,
            authors=authors,
            title=_detex(f.get("title", key)),
            year=str(f.get("year", "n.d.")),
            venue=_detex(venue),
            url=_detex(url).replace("\\_", "_"),
            note=_detex(f.get("note", "")),
        )
    return []
