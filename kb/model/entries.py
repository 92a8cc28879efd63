"""Entry records and per-file validation of their front matter.

Checks that need only one file and the vocabulary happen here; checks that need every entry
(unknown ids, duplicates) live in ``consistency`` so that serial and parallel builds agree.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .frontmatter import FrontMatter
from .problems import Problem, Subtype
from .vocab import Vocabulary

Kind = Literal["pattern", "practice", "role"]
KINDS: tuple[Kind, ...] = ("pattern", "practice", "role")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Text that marks an unfinished entry (the scaffold of ``invoke new`` is full of it).
PLACEHOLDER = re.compile(r"\bTODO\b")
NAMESPACE = "kb"


@dataclass(frozen=True)
class Evidence:
    key: str
    strength: str
    note: str = ""


@dataclass(frozen=True)
class PathStep:
    entry: str
    why: str


@dataclass(frozen=True)
class Ref:
    """A reference from this entry to another id, with where it was written."""

    field: str
    target: str
    line: int
    expect: tuple[str, ...]  # the kinds the target may be


@dataclass(frozen=True)
class Entry:
    """One pattern, practice or role, as plain picklable data."""

    id: str
    kind: Kind
    title: str
    summary: str = ""
    aliases: tuple[str, ...] = ()
    in_their_words: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    practices: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    path: tuple[PathStep, ...] = ()
    redirect_from: tuple[str, ...] = ()
    draft: bool = False
    redirect_lines: tuple[int, ...] = field(default=(), compare=False)
    refs: tuple[Ref, ...] = field(default=(), compare=False)
    title_line: int = 1
    valid: bool = True


# field name -> (shape, required, the kinds of id it may name or the vocabulary it draws on)
_COMMON: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "title": ("text", True, ()),
    "summary": ("text", True, ()),
    "aliases": ("texts", False, ()),
    # How readers describe the problem in their own words: fed to search, not shown on the page.
    "in_their_words": ("texts", False, ()),
    # Old ids whose URLs must keep working after a rename or a merge (a redirect page each).
    "redirect_from": ("oldids", False, ()),
    "draft": ("flag", False, ()),
}
SCHEMA: dict[Kind, dict[str, tuple[str, bool, tuple[str, ...]]]] = {
    "pattern": {
        **_COMMON,
        "symptoms": ("texts", True, ()),
        "causes": ("texts", True, ()),
        "roles": ("ids", True, ("role",)),
        "practices": ("ids", True, ("practice",)),
        "phases": ("vocab", True, ("phases",)),
        "themes": ("vocab", True, ("themes",)),
        "related": ("ids", False, KINDS),
        "evidence": ("evidence", True, ()),
    },
    "practice": {
        **_COMMON,
        "leads": ("ids", True, ("role",)),
        "contributors": ("ids", False, ("role",)),
        "phases": ("vocab", True, ("phases",)),
        "themes": ("vocab", True, ("themes",)),
        "related": ("ids", False, KINDS),
        "evidence": ("evidence", True, ()),
    },
    "role": {
        **_COMMON,
        "path": ("path", True, ("pattern", "practice")),
        "related": ("ids", False, KINDS),
    },
}

_SHAPE_HINT = {
    "text": "write a single line of text",
    "texts": "write a YAML list, one '- item' per line",
    "ids": "write a YAML list of ids, e.g. [first-id, second-id]",
    "vocab": "write a YAML list of ids from the taxonomy file",
    "evidence": "write a list of '- key: <citation key>' items with 'strength:'",
    "path": "write a list of '- entry: <id>' items, each with 'why:'",
    "oldids": "write a YAML list of the entry's former ids, e.g. [old-id]",
    "flag": "write true or false",
}


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def validate(entry_id: str, kind: Kind, fm: FrontMatter | None, vocab: Vocabulary) -> tuple[Entry, list[Problem]]:
    """Validate one entry's front matter; always return a record so other pages can link to it."""
    problems: list[Problem] = []
    fallback = Entry(id=entry_id, kind=kind, title=entry_id.replace("-", " ").capitalize(), valid=False)
    if not ID_RE.match(entry_id):
        problems.append(
            Problem(
                Subtype.schema,
                f"'{entry_id}' is not a valid id",
                "rename the file in kebab-case: lower-case letters, digits and single hyphens",
                1,
            )
        )
    if fm is None:
        return fallback, problems
    kb = fm.data.get(NAMESPACE)
    if not isinstance(kb, dict):
        problems.append(
            Problem(
                Subtype.frontmatter,
                f"the front matter has no '{NAMESPACE}:' mapping",
                f"put every field of the {kind} under a '{NAMESPACE}:' key (see CONTRIBUTING.md)",
                fm.key_line(NAMESPACE) if NAMESPACE in fm.data else fm.start_line,
            )
        )
        return fallback, problems
    schema = SCHEMA[kind]
    values: dict[str, Any] = {}
    refs: list[Ref] = []
    redirect_lines: list[int] = []
    misspelt: set[str] = set()  # a required field whose misspelling was already reported
    for name in kb:
        if name in schema:
            continue
        line = fm.line(NAMESPACE, name)
        if name == "id":
            problems.append(
                Problem(
                    Subtype.schema, "the front matter repeats the id", "remove 'id:'; the file name is the id", line
                )
            )
        else:
            close = difflib.get_close_matches(name, [f for f in schema if f not in kb], n=1)
            misspelt.update(close)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed fields for a {kind}: {', '.join(schema)}"
            problems.append(Problem(Subtype.schema, f"unknown field '{name}'", f"remove it or rename it; {hint}", line))
    for name, (shape, required, allowed) in schema.items():
        line = fm.line(NAMESPACE, name)
        if name not in kb or kb[name] is None or kb[name] == "" or kb[name] == []:
            if required and name not in misspelt:
                problems.append(
                    Problem(
                        Subtype.schema,
                        f"the required field '{name}' is missing",
                        f"add '{name}:' under '{NAMESPACE}:'; {_SHAPE_HINT[shape]}",
                        fm.key_line(NAMESPACE),
                    )
                )
            continue
        raw = kb[name]
        if shape == "flag":
            if not isinstance(raw, bool):
                problems.append(
                    Problem(
                        Subtype.schema,
                        f"'{name}' must be true or false, not {_type_name(raw)}",
                        _SHAPE_HINT[shape],
                        line,
                    )
                )
                continue
            values[name] = raw
            continue
        if shape == "text":
            if not isinstance(raw, str) or not raw.strip():
                problems.append(
                    Problem(Subtype.schema, f"'{name}' must be text, not {_type_name(raw)}", _SHAPE_HINT[shape], line)
                )
                continue
            values[name] = " ".join(raw.split())
            continue
        if not isinstance(raw, list):
            problems.append(
                Problem(Subtype.schema, f"'{name}' must be a list, not {_type_name(raw)}", _SHAPE_HINT[shape], line)
            )
            continue
        items: list[Any] = []
        for i, item in enumerate(raw):
            item_line = fm.line(NAMESPACE, name, i)
            if shape in ("texts", "ids", "vocab", "oldids"):
                if not isinstance(item, str) or not item.strip():
                    problems.append(
                        Problem(
                            Subtype.schema,
                            f"item {i + 1} of '{name}' must be text, not {_type_name(item)}",
                            _SHAPE_HINT[shape],
                            item_line,
                        )
                    )
                    continue
                item = " ".join(item.split())
                if shape in ("ids", "vocab") and PLACEHOLDER.search(item):
                    continue  # an unfinished choice: reported once, as a placeholder
                if shape == "oldids" and not ID_RE.match(item):
                    problems.append(
                        Problem(Subtype.redirect, f"'{item}' in '{name}' is not an id", _SHAPE_HINT[shape], item_line)
                    )
                    continue
                if shape == "oldids":
                    redirect_lines.append(item_line)
                if shape == "vocab":
                    terms = getattr(vocab, allowed[0])
                    if item not in terms and allowed[0] not in vocab.broken:
                        hint = _suggest(item, terms) or f"use one of: {', '.join(terms)}"
                        problems.append(
                            Problem(
                                Subtype.schema,
                                f"unknown {allowed[0][:-1]} '{item}' in '{name}'",
                                f"{hint} (the taxonomy file defines them)",
                                item_line,
                            )
                        )
                        continue
                if shape == "ids":
                    refs.append(Ref(name, item, item_line, allowed))
                items.append(item)
            elif shape == "evidence":
                ev = _evidence(item, item_line, fm, name, i, vocab, problems)
                if ev:
                    items.append(ev)
            elif shape == "path":
                step = _path_step(item, item_line, fm, name, i, problems)
                earlier = step and next(
                    (
                        j + 1
                        for j, other in enumerate(raw[:i])
                        if isinstance(other, dict) and other.get("entry") == step.entry
                    ),
                    None,
                )
                if step and earlier:
                    problems.append(
                        Problem(
                            Subtype.path,
                            f"step {i + 1} repeats '{step.entry}' (already step {earlier}) in the reading path",
                            "list each entry once: a reader would meet it twice",
                            fm.line(NAMESPACE, name, i, "entry"),
                        )
                    )
                elif step:
                    refs.append(Ref(name, step.entry, fm.line(NAMESPACE, name, i, "entry"), allowed))
                    items.append(step)
        values[name] = tuple(items)
    entry = Entry(
        id=entry_id,
        kind=kind,
        title=values.pop("title", fallback.title),
        refs=tuple(refs),
        redirect_lines=tuple(redirect_lines),
        title_line=fm.line(NAMESPACE, "title"),
        valid=not problems,
        **values,
    )
    return entry, problems


def placeholders(fm: FrontMatter) -> list[Problem]:
    """Every front-matter value that still holds a ``TODO`` placeholder, located."""
    found: list[Problem] = []

    def walk(value: Any, key: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*key, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*key, i))
        elif isinstance(value, str) and PLACEHOLDER.search(value):
            found.append(
                unfinished(f"'{key[1] if len(key) > 1 else key[0]}' still holds a TODO placeholder", fm.line(*key))
            )

    walk(fm.data.get(NAMESPACE), (NAMESPACE,))
    return found


def unfinished(message: str, line: int) -> Problem:
    return Problem(
        Subtype.draft,
        message,
        "finish it before publishing (invoke serve previews unfinished entries with a banner)",
        line,
    )


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), "empty"
    )


def _evidence(
    item: Any, line: int, fm: FrontMatter, name: str, i: int, vocab: Vocabulary, problems: list[Problem]
) -> Evidence | None:
    if not isinstance(item, dict):
        problems.append(
            Problem(Subtype.schema, f"item {i + 1} of '{name}' must be a mapping", _SHAPE_HINT["evidence"], line)
        )
        return None
    key, strength = item.get("key"), item.get("strength")
    if any(isinstance(v, str) and PLACEHOLDER.search(v) for v in (key, strength)):
        return None  # an unfinished citation: reported once, as a placeholder, and never published
    ok = True
    for extra in set(item) - {"key", "strength", "note"}:
        problems.append(
            Problem(
                Subtype.schema,
                f"unknown field '{extra}' in evidence",
                "use only key, strength and note",
                fm.line(NAMESPACE, name, i, extra),
            )
        )
        ok = False
    if not isinstance(key, str):
        problems.append(
            Problem(
                Subtype.schema,
                "an evidence item has no 'key'",
                "add 'key:' with a citation key from the bibliography",
                line,
            )
        )
        return None
    if key not in vocab.sources and "sources" not in vocab.broken:
        hint = _suggest(key, vocab.sources) or "add the source to the BibTeX file or fix the key"
        problems.append(Problem(Subtype.ref, f"unknown citation key '{key}'", hint, fm.line(NAMESPACE, name, i, "key")))
        ok = False
    if not isinstance(strength, str):
        problems.append(
            Problem(
                Subtype.schema,
                f"evidence '{key}' has no 'strength'",
                f"add 'strength:' with one of: {', '.join(vocab.strengths)}",
                line,
            )
        )
        return None
    if strength not in vocab.strengths and "strengths" not in vocab.broken:
        hint = _suggest(strength, vocab.strengths) or f"use one of: {', '.join(vocab.strengths)}"
        problems.append(
            Problem(
                Subtype.schema, f"unknown evidence strength '{strength}'", hint, fm.line(NAMESPACE, name, i, "strength")
            )
        )
        ok = False
    note = item.get("note", "")
    return Evidence(key, strength, " ".join(str(note).split())) if ok else None


def _path_step(item: Any, line: int, fm: FrontMatter, name: str, i: int, problems: list[Problem]) -> PathStep | None:
    if isinstance(item, dict) and isinstance(item.get("entry"), str) and PLACEHOLDER.search(item["entry"]):
        return None  # an unfinished step: reported once, as a placeholder
    return path_step(item, i, "the reading path", Subtype.path, _SHAPE_HINT["path"], line, problems)


def path_step(
    item: Any, i: int, path: str, subtype: Subtype, entry_hint: str, line: int, problems: list[Problem]
) -> PathStep | None:
    """One reading-path step, `- entry: <id>` with `why:`; a role page and a fork's paths share it.

    `path` names the path in messages ("the reading path", "the path of 'x'")."""
    if not isinstance(item, dict) or not isinstance(item.get("entry"), str):
        problems.append(Problem(subtype, f"step {i + 1} of {path} has no 'entry'", entry_hint, line))
        return None
    why = item.get("why")
    if not isinstance(why, str) or not why.strip():
        problems.append(
            Problem(
                subtype,
                f"step {i + 1} ('{item['entry']}') of {path} has no reason",
                "add 'why:' with a one-line reason",
                line,
            )
        )
        return None
    return PathStep(item["entry"], " ".join(why.split()))
