"""Checks that need every entry at once: unknown ids, wrong kinds, duplicates, path integrity.

They run once after all files are read, on the merged registry, so a serial and a parallel
build report exactly the same problems.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from .entries import Entry, Ref
from .problems import Problem, Subtype

ROLE_NAMES = {"pattern": "pattern", "practice": "practice", "role": "teamrole"}


def index_by_id(entries: Mapping[str, Entry]) -> dict[str, str]:
    """Map each id to its docname; on duplicates the first docname (sorted) wins."""
    out: dict[str, str] = {}
    for docname in sorted(entries):
        out.setdefault(entries[docname].id, docname)
    return out


def duplicates(entries: Mapping[str, Entry], paths: Mapping[str, str]) -> Iterable[tuple[str, Problem]]:
    """Yield (docname, problem) for every entry whose id an earlier file already uses."""
    seen: dict[str, str] = {}
    for docname in sorted(entries):
        entry_id = entries[docname].id
        if entry_id in seen:
            yield (
                docname,
                Problem(
                    Subtype.duplicate,
                    f"the id '{entry_id}' is already used by {paths.get(seen[entry_id], seen[entry_id])}",
                    "ids are unique across patterns, practices and roles: rename one of the files",
                    1,
                ),
            )
        else:
            seen[entry_id] = docname


def check_ref(
    ref_target: str,
    expect: tuple[str, ...],
    by_id: Mapping[str, Entry],
    line: int,
    what: str,
    renamed: Mapping[str, str] | None = None,
) -> Problem | None:
    """Check one reference to an entry id; return a problem or None.

    ``renamed`` maps old ids (``redirect_from``) to new ones: an old id gets the new one as its
    fix, which is what a fork needs after upstream renames an entry its own pages name.
    """
    target = by_id.get(ref_target)
    if target is None:
        close = difflib.get_close_matches(ref_target, list(by_id), n=1)
        if renamed and ref_target in renamed:
            hint = f"'{ref_target}' was renamed to '{renamed[ref_target]}': write that id instead"
        else:
            hint = f"did you mean '{close[0]}'?" if close else "create the entry or fix the id"
        subtype = Subtype.path if what == "the reading path" else Subtype.ref
        return Problem(subtype, f"{what} names an unknown id '{ref_target}'", hint, line)
    if target.kind not in expect:
        kinds = " or ".join(expect)
        subtype = Subtype.path if what == "the reading path" else Subtype.ref
        return Problem(
            subtype,
            f"{what} names '{ref_target}', which is a {target.kind}, not a {kinds}",
            f"use a {kinds} id there"
            if what != "the link"
            else f"write {{{ROLE_NAMES[target.kind]}}}`{ref_target}` instead",
            line,
        )
    return None


def entry_refs(
    entry: Entry,
    by_id: Mapping[str, Entry],
    skip_fields: Iterable[str] = (),
    skip_ids: Iterable[str] = (),
    renamed: Mapping[str, str] | None = None,
) -> Iterable[Problem]:
    """Problems with the ids an entry's front matter names (except those checked elsewhere)."""
    skip_fields, skip_ids = set(skip_fields), set(skip_ids)
    for ref in entry.refs:
        if ref.field in skip_fields or ref.target in skip_ids:
            continue
        what = "the reading path" if ref.field == "path" else f"'{ref.field}'"
        problem = check_ref(ref.target, ref.expect, by_id, ref.line, what, renamed)
        if problem:
            yield problem
        elif ref.target == entry.id:
            yield Problem(Subtype.ref, f"'{ref.field}' names the entry itself", "remove the self-reference", ref.line)


def body_refs(
    refs: Iterable[Ref], by_id: Mapping[str, Entry], renamed: Mapping[str, str] | None = None
) -> Iterable[Problem]:
    """Problems with ``{pattern}`id```-style links written in page bodies."""
    for ref in refs:
        problem = check_ref(ref.target, ref.expect, by_id, ref.line, "the link", renamed)
        if problem:
            yield problem


def redirects(
    entries: Mapping[str, Entry], index: Mapping[str, str], docnames: Iterable[str]
) -> tuple[dict[str, str], list[tuple[str, Problem]]]:
    """Old id -> new id for every ``redirect_from``, and problems with them.

    A redirect must not shadow a live page (the page would win, and readers of the old link
    would land somewhere else) nor be claimed by two entries (it could only point to one).
    """
    live = set(docnames)
    out: dict[str, str] = {}
    problems: list[tuple[str, Problem]] = []
    for docname in sorted(entries):
        entry = entries[docname]
        folder = docname.rpartition("/")[0]
        for old, line in zip(entry.redirect_from, entry.redirect_lines, strict=True):
            if old in index or f"{folder}/{old}" in live:
                where = index.get(old, f"{folder}/{old}")
                problems.append(
                    (
                        docname,
                        Problem(
                            Subtype.redirect,
                            f"'redirect_from' names '{old}', which is a live page ({where})",
                            "remove it from redirect_from, or rename or remove that page first",
                            line,
                        ),
                    )
                )
            elif old in out:
                problems.append(
                    (
                        docname,
                        Problem(
                            Subtype.redirect,
                            f"'redirect_from' names '{old}', which '{out[old]}' already redirects",
                            "an old id can lead to one entry only: remove it from one of them",
                            line,
                        ),
                    )
                )
            else:
                out[old] = entry.id
    return out, problems
