"""A fork's own changes to the upstream playbook, read from one file in its overlay folder.

A fork never edits upstream files (every local edit would collide with the next upstream
update). Instead ``local/fork.yml`` lists what it hides, retitles and replaces, and
``local/`` holds its own entries and settings. This module only reads and shapes that file;
what it means for the build is decided in the Sphinx layer, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .entries import ID_RE, PathStep, path_step
from .frontmatter import load_yaml
from .problems import Problem, Subtype

SECTIONS = ("hide", "retitle", "paths")


@dataclass(frozen=True)
class Retitle:
    """A new title (and optionally aliases) for an upstream role, phase or theme."""

    title: str
    aliases: tuple[str, ...] | None
    line: int


@dataclass(frozen=True)
class ForkPath:
    """A reading path that replaces an upstream role's path; each step keeps its fork-file line."""

    steps: tuple[PathStep, ...]
    lines: tuple[int, ...]
    line: int


@dataclass
class Fork:
    """What the fork file asks for. Empty (changing nothing) when the file does not exist."""

    hide: dict[str, int] = field(default_factory=dict)  # id -> line in the fork file
    retitle: dict[str, Retitle] = field(default_factory=dict)  # role, phase or theme id -> new title
    paths: dict[str, ForkPath] = field(default_factory=dict)  # role id -> its replacement path
    hidden_files: dict[str, str] = field(default_factory=dict)  # hidden id -> its upstream docname
    hidden_titles: dict[str, str] = field(default_factory=dict)  # hidden id -> its title, for plain-text links

    def fingerprint(self) -> tuple[object, ...]:
        """Everything an entry's record can depend on (see extension.on_env_get_outdated)."""
        return (sorted(self.hide), sorted(self.retitle.items()), sorted(self.paths.items()))


def parse(text: str) -> tuple[Fork, list[Problem]]:
    """Parse the fork file's text; problems carry lines of that file."""
    data, lines, problems = load_yaml(text, "fork file", offset=1, hint="check the indentation and quoting")
    if problems:
        return Fork(), [Problem(Subtype.fork, p.message, p.hint, p.line) for p in problems]
    if data is None:
        return Fork(), []
    if not isinstance(data, dict):
        return Fork(), [
            Problem(Subtype.fork, "the fork file is not a mapping", f"use the keys {', '.join(SECTIONS)}", 1)
        ]
    fork = Fork()

    def line(*key: str | int) -> int:
        k = tuple(key)
        while k and k not in lines:
            k = k[:-1]
        return lines.get(k, 1)

    for name in data:
        if name not in SECTIONS:
            problems.append(
                Problem(Subtype.fork, f"unknown fork setting '{name}'", f"use only: {', '.join(SECTIONS)}", line(name))
            )
    hide = data.get("hide") or []
    if not isinstance(hide, list):
        problems.append(
            Problem(Subtype.fork, "'hide' must be a list of ids", "write hide: [first-id, second-id]", line("hide"))
        )
        hide = []
    for i, item in enumerate(hide):
        if not isinstance(item, str) or not ID_RE.match(item):
            problems.append(
                Problem(
                    Subtype.fork,
                    f"item {i + 1} of 'hide' is not an id",
                    "write the entry's id (its file name)",
                    line("hide", i),
                )
            )
            continue
        fork.hide.setdefault(item, line("hide", i))
    retitle = data.get("retitle") or {}
    if not isinstance(retitle, dict):
        problems.append(
            Problem(
                Subtype.fork, "'retitle' must be a mapping", "write 'id: {title: New title}' lines", line("retitle")
            )
        )
        retitle = {}
    for term_id, spec in retitle.items():
        where = line("retitle", term_id)
        if isinstance(spec, str):
            spec = {"title": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("title"), str) or not spec["title"].strip():
            problems.append(
                Problem(
                    Subtype.fork, f"retitle '{term_id}' has no title", "write it as 'id: {title: New title}'", where
                )
            )
            continue
        aliases = spec.get("aliases")
        if aliases is not None and not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
            problems.append(
                Problem(Subtype.fork, f"the aliases of '{term_id}' are not a list", "write aliases: [one, two]", where)
            )
            aliases = None
        fork.retitle[term_id] = Retitle(" ".join(spec["title"].split()), tuple(aliases) if aliases else None, where)
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        problems.append(
            Problem(Subtype.fork, "'paths' must be a mapping", "write 'role-id:' and its list of steps", line("paths"))
        )
        paths = {}
    for role_id, steps in paths.items():
        if not isinstance(steps, list) or not steps:
            problems.append(
                Problem(
                    Subtype.fork,
                    f"the reading path of '{role_id}' is not a list of steps",
                    "write '- entry: <id>' items, each with 'why:'",
                    line("paths", role_id),
                )
            )
            continue
        good: list[PathStep] = []
        step_lines: list[int] = []
        for i, step in enumerate(steps):
            found = path_step(
                step,
                i,
                f"the path of '{role_id}'",
                Subtype.fork,
                "add 'entry: <id>'",
                line("paths", role_id, i),
                problems,
            )
            if found is None:
                continue
            good.append(found)
            step_lines.append(line("paths", role_id, i, "entry"))
        fork.paths[role_id] = ForkPath(tuple(good), tuple(step_lines), line("paths", role_id))
    return fork, problems


def strip_hidden(values: dict[str, Any], hidden: set[str] | dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Drop hidden ids from an entry's id lists; return the new values and how many were dropped."""
    out: dict[str, Any] = {}
    dropped = 0
    for name, value in values.items():
        if name in ("roles", "practices", "related", "leads", "contributors"):
            kept = tuple(v for v in value if v not in hidden)
            dropped += len(value) - len(kept)
            out[name] = kept
        elif name == "path":
            kept = tuple(s for s in value if s.entry not in hidden)
            dropped += len(value) - len(kept)
            out[name] = kept
    return out, dropped
