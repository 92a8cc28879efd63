"""Vocabularies a fork edits as data: phases, themes, evidence strengths, required sections,
and the bibliography of evidence sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import load_yaml
from .problems import Problem, Subtype
from .safe import URL_HINT, is_safe_url


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
    broken: frozenset[str] = frozenset()
    """Vocabularies that failed to load ("phases", "sources", ...). Entries are not checked
    against them: one broken line in the taxonomy is one message, not one per entry."""


def load_taxonomy(path: Path, vocab: Vocabulary) -> list[Problem]:
    """Fill ``vocab`` from the taxonomy YAML file; return located problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        return [Problem(Subtype.config, f"cannot read the taxonomy: {err}", "create it or set kb_taxonomy", 1)]
    data, lines, problems = load_yaml(text, "taxonomy", offset=1, max_bytes=1024 * 1024)
    if problems:
        vocab.broken = frozenset({"phases", "themes", "strengths", "required_sections"})
        return problems
    if not isinstance(data, dict):
        vocab.broken = frozenset({"phases", "themes", "strengths", "required_sections"})
        return [Problem(Subtype.config, "the taxonomy is not a mapping", "see the README for its layout", 1)]
    broken: set[str] = set()
    for name, target in (("phases", vocab.phases), ("themes", vocab.themes), ("evidence_strengths", vocab.strengths)):
        section = data.get(name)
        if not isinstance(section, dict) or not section:
            broken.add("strengths" if name == "evidence_strengths" else name)
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
                broken.add("strengths" if name == "evidence_strengths" else name)
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
    vocab.broken = frozenset(broken)
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


def _bib_line(text: str, key: str, field: str | None = None, occurrence: int = 1) -> int:
    """The line of an entry (its ``occurrence``-th ``@type{key,``), or of a field inside it."""
    starts = [m.start() for m in re.finditer(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text)]
    if len(starts) < occurrence:
        return 1
    start = starts[occurrence - 1]
    if field is not None:
        fields = list(re.finditer(r"^\s*" + re.escape(field) + r"\s*=", text[start:], re.MULTILINE | re.IGNORECASE))
        if fields:
            start += fields[-1].start() + len(fields[-1].group()) - len(fields[-1].group().lstrip())
    return text.count("\n", 0, start) + 1


def _unclosed_brace(text: str, error_line: int) -> int | None:
    """The line of the field whose '{' is never closed, in the entry before ``error_line``.

    pybtex notices a missing '}' only where its text runs out, often entries later; the author
    must look where the value opened: a line that leaves a brace open before the next field.
    """
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines[:error_line], 1) if line.lstrip().startswith("@")]
    for start in starts[-2:]:
        depth = 0
        for number in range(start, min(error_line, len(lines)) + 1):
            depth += lines[number - 1].count("{") - lines[number - 1].count("}")
            following = lines[number] if number < len(lines) else ""
            if depth > 1 and re.match(r"\s*(\w+\s*=|@)", following):
                return number
    return None


def load_bibliography(path: Path, vocab: Vocabulary) -> list[Problem]:
    """Fill ``vocab.sources`` from a BibTeX file (parsed by pybtex); one located message per error."""
    from pybtex.database import BibliographyDataError, parse_string
    from pybtex.database.input.bibtex import DuplicateField
    from pybtex.scanner import PybtexError, PybtexSyntaxError

    hint = "fix the BibTeX syntax: every '{' needs its '}', and entries look like @misc{key, field = {value}}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        vocab.broken |= {"sources"}
        return [Problem(Subtype.config, f"cannot read the bibliography: {err}", "save it as UTF-8 text", 1)]
    try:
        db = parse_string(text, bib_format="bibtex")
    except (PybtexError, ValueError) as err:
        vocab.broken |= {"sources"}
        message, line = str(err), 1
        if isinstance(err, PybtexSyntaxError):
            line = err.lineno
            message = re.sub(r"^syntax error in line \d+: ", "", message)
            unclosed = _unclosed_brace(text, line)
            if unclosed:
                line, message = unclosed, "a '{' opened on this line is never closed"
        elif isinstance(err, DuplicateField):
            found = re.match(r"entry with key (.+) has a duplicate (\S+) field", message)
            if found:
                line = _bib_line(text, found.group(1), found.group(2))
                message = f"the entry '{found.group(1)}' has two '{found.group(2)}' fields"
                hint = "keep one of them"
        elif isinstance(err, BibliographyDataError) and message.startswith("repeated bibliography entry: "):
            key = message.rpartition(": ")[2]
            line, message = _bib_line(text, key, occurrence=2), f"the key '{key}' is used by two entries"
            hint = "give each source its own key"
        return [Problem(Subtype.config, f"the bibliography is not valid BibTeX: {message}", hint, line)]
    problems: list[Problem] = []
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
        url = _detex(url).replace("\\_", "_")
        if url and not is_safe_url(url, relative=False):
            field_name = "url" if f.get("url") else "doi" if f.get("doi") else "eprint"
            problems.append(
                Problem(
                    Subtype.config,
                    f"the {field_name} of '{key}' is not a safe address: '{url}'",
                    URL_HINT.replace(", or a relative path", ""),
                    _bib_line(text, key, field_name),
                )
            )
            url = ""
        vocab.sources[key] = Source(
            key=key,
            authors=authors,
            title=_detex(f.get("title", key)),
            year=str(f.get("year", "n.d.")),
            venue=_detex(venue),
            url=url,
            note=_detex(f.get("note", "")),
        )
    return problems
