"""A fork's overlay: hide upstream entries, retitle roles, phases and themes, replace reading paths.

Hiding is done at one level: a hidden upstream file is excluded from the build, so it never
reaches the registry, and every view (pages, catalogue, finder, matrix, paths, search, export,
sitemap) simply never sees it. What upstream files still say about it is handled here too: ids
are dropped from the records of upstream entries while they are read, and a link in upstream
prose resolves to plain text. The fork's *own* files get no such leniency: naming a hidden
entry there is a located error.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import config
from .model import frontmatter
from .model.entries import Entry, PathStep, Ref
from .model.fork import Fork, parse, strip_hidden
from .model.problems import Problem, Subtype
from .model.vocab import Vocabulary

logger = logging.getLogger("kb")

#: The field name of reading-path steps that come from the fork file; they are checked against
#: the fork file's lines (see ``check``), not the role file's.
FORK_PATH = "fork-path"


def fork_file(srcdir: str | Path, cfg: Config) -> Path:
    return Path(srcdir, config.get(cfg).fork)


def is_local(cfg: Config, docname: str) -> bool:
    """Whether a page belongs to the fork's overlay folder (the fork's own files)."""
    return docname.startswith(config.get(cfg).local.rstrip("/") + "/")


def load(srcdir: str | Path, cfg: Config) -> tuple[Fork, list[Problem]]:
    """Read the fork file (if any) and find the upstream file of every hidden id."""
    path = fork_file(srcdir, cfg)
    if not path.is_file():
        return Fork(), []
    fork, problems = parse(path.read_text(encoding="utf-8"))
    for entry_id in fork.hide:
        for folder in config.get(cfg).folders.values():
            source = Path(srcdir, folder, f"{entry_id}.md")
            if source.is_file():
                fork.hidden_files[entry_id] = f"{folder}/{entry_id}"
                fm, _ = frontmatter.parse(source.read_text(encoding="utf-8"))
                kb = fm.data.get("kb") if fm else None
                title = kb.get("title") if isinstance(kb, dict) else None
                fork.hidden_titles[entry_id] = title if isinstance(title, str) else entry_id
                break
    return fork, problems


def on_config_inited(app: Sphinx, cfg: Config) -> None:
    """Exclude hidden upstream entries from the build: they are never read, so never shown."""
    fork, _ = load(app.srcdir, cfg)
    cfg.exclude_patterns = [*cfg.exclude_patterns, *(f"{d}.md" for d in sorted(fork.hidden_files.values()))]


def apply_to_vocab(fork: Fork, vocab: Vocabulary) -> None:
    """Retitle phases and themes (their ids, and so every filter and URL, stay)."""
    for terms in (vocab.phases, vocab.themes):
        for term_id, term in list(terms.items()):
            if term_id in fork.retitle:
                terms[term_id] = replace(term, title=fork.retitle[term_id].title)


def apply_to_entry(fork: Fork, entry: Entry, local: bool) -> tuple[Entry, int]:
    """The entry as this fork publishes it, and how many hidden ids were dropped from it."""
    changes: dict[str, object] = {}
    refs = list(entry.refs)
    retitle = fork.retitle.get(entry.id)
    if retitle is not None and entry.kind == "role":
        changes["title"] = retitle.title
        if retitle.aliases is not None:
            changes["aliases"] = retitle.aliases
    if entry.kind == "role" and entry.id in fork.paths:
        replaced = fork.paths[entry.id]
        changes["path"] = replaced.steps
        refs = [r for r in refs if r.field != "path"]
        refs += [
            Ref(FORK_PATH, s.entry, line, ("pattern", "practice"))
            for s, line in zip(replaced.steps, replaced.lines, strict=True)
        ]
    dropped = 0
    if fork.hide and not local:
        # Upstream files stay valid when they name what the fork hides: the ids just disappear.
        fields = {
            name: changes.get(name, getattr(entry, name))
            for name in ("roles", "practices", "related", "leads", "contributors", "path")
        }
        stripped, dropped = strip_hidden(fields, fork.hidden_files)
        if dropped:
            changes.update(stripped)
            refs = [r for r in refs if r.target not in fork.hidden_files]
    if not changes and refs == list(entry.refs):
        return entry, 0
    return replace(entry, refs=tuple(refs), **changes), dropped  # type: ignore[arg-type]


def _suggest(word: str, choices: list[str], redirects: Mapping[str, str]) -> str:
    if word in redirects:
        return f"upstream renamed it to '{redirects[word]}' (its redirect_from says so): use '{redirects[word]}'"
    close = difflib.get_close_matches(word, choices, n=1)
    return f"did you mean '{close[0]}'?" if close else "check the id (the entry's file name)"


def check(fork: Fork, by_id: Mapping[str, Entry], vocab: Vocabulary, redirects: Mapping[str, str]) -> list[Problem]:
    """Problems with the fork file itself, each at its line in that file."""
    problems: list[Problem] = []
    upstream = sorted({*by_id, *fork.hidden_files})
    for entry_id, line in fork.hide.items():
        if entry_id not in fork.hidden_files:
            what = "is one of the fork's own entries" if entry_id in by_id else "does not exist upstream"
            hint = "delete the file instead" if entry_id in by_id else _suggest(entry_id, upstream, redirects)
            problems.append(Problem(Subtype.fork, f"'hide' names '{entry_id}', which {what}", hint, line))
    roles = sorted(e.id for e in by_id.values() if e.kind == "role")
    for term_id, retitle in fork.retitle.items():
        entry = by_id.get(term_id)
        if term_id in vocab.phases or term_id in vocab.themes or (entry is not None and entry.kind == "role"):
            continue
        if entry is not None:
            problems.append(
                Problem(
                    Subtype.fork,
                    f"'retitle' names '{term_id}', which is a {entry.kind}, not a role, phase or theme",
                    f"add your own {entry.kind} under local/ instead",
                    retitle.line,
                )
            )
            continue
        choices = [*roles, *vocab.phases, *vocab.themes]
        problems.append(
            Problem(
                Subtype.fork,
                f"'retitle' names '{term_id}', which is not a role, phase or theme",
                _suggest(term_id, choices, redirects),
                retitle.line,
            )
        )
    for role_id, path in fork.paths.items():
        role = by_id.get(role_id)
        if role is None or role.kind != "role":
            what = "is not a role" if role is not None else "does not exist"
            problems.append(
                Problem(
                    Subtype.fork,
                    f"'paths' replaces the reading path of '{role_id}', which {what}",
                    _suggest(role_id, roles, redirects),
                    path.line,
                )
            )
        for step, line in zip(path.steps, path.lines, strict=True):
            problem = check_step(step, line, role_id, fork, by_id, redirects)
            if problem:
                problems.append(problem)
    return problems


def check_step(
    step: PathStep, line: int, role_id: str, fork: Fork, by_id: Mapping[str, Entry], redirects: Mapping[str, str]
) -> Problem | None:
    what = f"the reading path of '{role_id}' names"
    if step.entry in fork.hidden_files:
        return Problem(
            Subtype.fork,
            f"{what} '{step.entry}', which this fork hides",
            f"remove the step, or stop hiding '{step.entry}'",
            line,
        )
    target = by_id.get(step.entry)
    if target is None:
        return Problem(
            Subtype.fork, f"{what} an unknown id '{step.entry}'", _suggest(step.entry, sorted(by_id), redirects), line
        )
    if target.kind not in ("pattern", "practice"):
        return Problem(
            Subtype.fork, f"{what} '{step.entry}', which is a {target.kind}", "use a pattern or practice id", line
        )
    return None


def hidden_ref(ref: Ref, fork: Fork) -> Problem | None:
    """A link or field in one of the fork's own files that names an entry the fork hides."""
    if ref.target not in fork.hidden_files:
        return None
    where = "the link" if ref.field == "link" else f"'{ref.field}'"
    return Problem(
        Subtype.fork,
        f"{where} names '{ref.target}', which this fork hides (fork file line {fork.hide[ref.target]})",
        "remove the reference, or stop hiding the entry",
        ref.line,
    )


def summary(fork: Fork, dropped: int, links: int) -> None:
    """One line saying what hiding removed, so a fork sees its effect on every build."""
    if not fork.hidden_files:
        return
    ids = ", ".join(sorted(fork.hidden_files))
    logger.info(
        f"kb: the fork hides {len(fork.hidden_files)} entries ({ids}): their pages are not built; "
        f"{dropped} mentions dropped from lists and reading paths; {links} links in upstream prose shown as plain text"
    )
