"""Derived, read-only indexes over all entries: reverse links and reading-path positions.

Computed once per build from the merged registry, never per page, so a page's generated blocks
cost a dictionary lookup rather than a scan of every entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from .entries import Entry


@dataclass(frozen=True)
class PathPosition:
    role: str  # role id
    step: int  # 1-based
    total: int
    prev: str | None  # entry id, or None when the previous stop is the role page
    next: str | None  # entry id, or None at the end of the path


@dataclass
class Relations:
    backlinks: dict[str, list[str]] = field(default_factory=dict)  # id -> ids that name it
    addresses: dict[str, list[str]] = field(default_factory=dict)  # practice id -> pattern ids
    leads: dict[str, list[str]] = field(default_factory=dict)  # role id -> practice ids it leads
    contributes: dict[str, list[str]] = field(default_factory=dict)  # role id -> practice ids
    affects: dict[str, list[str]] = field(default_factory=dict)  # role id -> pattern ids
    positions: dict[str, list[PathPosition]] = field(default_factory=dict)  # id -> its path stops
    cited_by: dict[str, list[str]] = field(default_factory=dict)  # citation key -> entry ids


def build(entries: Mapping[str, Entry], body_links: Mapping[str, list[str]] | None = None) -> Relations:
    """Build every reverse index in one pass over the entries (sorted, so output is stable)."""
    by_id = {e.id: e for _, e in sorted(entries.items(), reverse=True)}
    back: dict[str, set[str]] = defaultdict(set)
    rel = Relations()
    addresses: dict[str, list[str]] = defaultdict(list)
    leads: dict[str, list[str]] = defaultdict(list)
    contributes: dict[str, list[str]] = defaultdict(list)
    affects: dict[str, list[str]] = defaultdict(list)
    positions: dict[str, list[PathPosition]] = defaultdict(list)
    cited: dict[str, list[str]] = defaultdict(list)
    for entry in sorted(by_id.values(), key=lambda e: (e.title.lower(), e.id)):
        for ref in entry.refs:
            if ref.target != entry.id:
                back[ref.target].add(entry.id)
        for source_id in (body_links or {}).get(entry.id, []):
            if source_id != entry.id:
                back[source_id].add(entry.id)
        for practice in entry.practices:
            addresses[practice].append(entry.id)
        for role in entry.leads:
            leads[role].append(entry.id)
        for role in entry.contributors:
            contributes[role].append(entry.id)
        if entry.kind == "pattern":
            for role in entry.roles:
                affects[role].append(entry.id)
        for ev in entry.evidence:
            if entry.id not in cited[ev.key]:
                cited[ev.key].append(entry.id)
        if entry.kind == "role":
            steps = [s.entry for s in entry.path if s.entry in by_id]
            for i, step in enumerate(steps):
                positions[step].append(
                    PathPosition(
                        role=entry.id,
                        step=i + 1,
                        total=len(steps),
                        prev=steps[i - 1] if i > 0 else None,
                        next=steps[i + 1] if i + 1 < len(steps) else None,
                    )
                )
    title = {e.id: (e.title.lower(), e.id) for e in by_id.values()}
    rel.backlinks = {k: sorted(v, key=lambda i: title.get(i, (i, i))) for k, v in back.items()}
    rel.addresses, rel.leads, rel.contributes, rel.affects = (
        dict(addresses),
        dict(leads),
        dict(contributes),
        dict(affects),
    )
    rel.positions = {k: sorted(v, key=lambda p: title.get(p.role, (p.role, p.role))) for k, v in positions.items()}
    rel.cited_by = dict(cited)
    return rel
