"""The registry of entries, kept in the build environment so incremental and parallel builds agree.

Everything here is keyed by docname and holds plain picklable data (no docutils nodes), so
``clear_doc`` and ``merge_domaindata`` are one-liners and worker processes merge cleanly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .hidden_toc import forget_hidden_parent
from .model import consistency, relations
from .model.entries import KINDS, Entry, Ref
from .model.fork import Fork
from .model.problems import Problem
from .model.vocab import Vocabulary
from .warnings import report

#: The inline roles authors write, and the kinds of entry each may name.
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "pattern": ("pattern",),
    "practice": ("practice",),
    "teamrole": ("role",),
    "entry": KINDS,
}


#: The per-docname parts of the registry, cleared and merged together.
PER_DOC = ("entries", "links", "deps", "hidden_toc", "search", "digest", "problems", "dropped")


class EntryRole(XRefRole):
    """``{pattern}`id``` and friends: a link that shows the entry's current title.

    Registered both as ``kb:pattern`` and plain ``pattern``; the plain name is mapped to the
    ``kb`` domain here so MyST authors need no prefix.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"kb:{self.name}"
        return super().run()


class KbDomain(Domain):
    name = "kb"
    label = "Playbook"
    object_types = {
        "pattern": ObjType("pattern", "pattern", "entry"),
        "practice": ObjType("practice", "practice", "entry"),
        "role": ObjType("team role", "teamrole", "entry"),
    }
    roles = {name: EntryRole() for name in ROLE_KINDS}
    initial_data: dict[str, Any] = {
        "entries": {},  # docname -> Entry
        "links": {},  # docname -> tuple[Ref, ...] written in the page body
        "deps": {},  # docname -> set of dependency keys (see freshness.py)
        "digests": {},  # dependency key -> digest at the last write (global, see freshness.py)
        "search": {},  # docname -> the page's search record, serialised (views/search_index.py)
        "digest": {},  # docname -> digest of the entry's record, taken when it was read
        "hidden_toc": {},  # docname -> True when all its toctrees are hidden (they show no titles)
        "problems": {},  # docname -> tuple[Problem, ...] found while reading; reported on every build
        "dropped": {},  # docname -> how many ids hidden by the fork were dropped from its record
    }
    data_version = 8

    # -- per-document registry ------------------------------------------------------------

    @property
    def entries(self) -> dict[str, Entry]:
        return self.data["entries"]

    def id_index(self) -> dict[str, str]:
        """id -> docname, built once and dropped whenever the registry changes.

        Resolving a link must not scan every entry: that would make a build quadratic.
        """
        index = self.__dict__.get("_id_index")
        if index is None:
            index = self.__dict__["_id_index"] = consistency.index_by_id(self.entries)
        return index

    def by_id(self) -> dict[str, Entry]:
        """Entries keyed by id (the first file wins on a duplicate, which is reported)."""
        return {entry_id: self.entries[docname] for entry_id, docname in self.id_index().items()}

    def docname_of(self, entry_id: str) -> str | None:
        return self.id_index().get(entry_id)

    def entry(self, entry_id: str) -> Entry | None:
        docname = self.docname_of(entry_id)
        return self.entries[docname] if docname else None

    def relations(self) -> relations.Relations:
        """Reverse links and path positions, derived once per build (see model.relations)."""
        rel = self.__dict__.get("_relations")
        if rel is None:
            links: dict[str, list[str]] = {}
            for docname, refs in self.data["links"].items():
                if docname in self.entries:
                    links[self.entries[docname].id] = [r.target for r in refs]
            rel = self.__dict__["_relations"] = relations.build(self.entries, links)
        return rel

    def _changed(self) -> None:
        self.__dict__.pop("_id_index", None)
        self.__dict__.pop("_relations", None)

    def add_entry(self, docname: str, entry: Entry) -> None:
        self.entries[docname] = entry
        self._changed()

    def add_links(self, docname: str, refs: Iterable[Ref]) -> None:
        self.data["links"][docname] = tuple(refs)
        self._changed()

    def add_dep(self, docname: str, *keys: str) -> None:
        self.data["deps"].setdefault(docname, set()).update(keys)

    def add_problems(self, docname: str, problems: Iterable[Problem]) -> None:
        """Keep a page's problems with its record: they stay until the page is read again."""
        found = tuple(problems)
        if found:
            self.data["problems"][docname] = self.data["problems"].get(docname, ()) + found

    def clear_doc(self, docname: str) -> None:
        forget_hidden_parent(self.env, docname)
        for key in PER_DOC:
            self.data[key].pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for key in PER_DOC:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._changed()

    # -- checks that need every entry ----------------------------------------------------------

    def check_consistency(self) -> None:
        """Report every problem of the build: each page's own, then those that span pages.

        Runs on every build (see ``extension.check_every_build``), so a problem is reported
        until the file is fixed, whether or not the page was re-read this time.
        """
        from . import fork as overlay  # the overlay module imports this one

        for docname in sorted(self.data["problems"]):
            for problem in self.data["problems"][docname]:
                report(self.env, problem, docname)
        by_id = self.by_id()
        fork = get_fork(self.env)
        paths = {docname: str(self.env.doc2path(docname)) for docname in self.entries}
        for docname, problem in consistency.duplicates(self.entries, {d: _rel(p) for d, p in paths.items()}):
            report(self.env, problem, docname)
        redirects, problems = consistency.redirects(self.entries, self.id_index(), self.env.found_docs)
        for docname, problem in problems:
            report(self.env, problem, docname)
        hidden_links = 0
        hidden = fork.hidden_files
        for docname in sorted(self.entries):
            entry = self.entries[docname]
            # Only the fork's own entries can still name a hidden id: upstream ones had it dropped.
            for ref in entry.refs:
                problem = overlay.hidden_ref(ref, fork) if ref.field != overlay.FORK_PATH else None
                if problem:
                    report(self.env, problem, docname)
            for problem in consistency.entry_refs(
                entry, by_id, skip_fields=(overlay.FORK_PATH,), skip_ids=hidden, renamed=redirects
            ):
                report(self.env, problem, docname)
        for docname in sorted(self.data["links"]):
            refs = self.data["links"][docname]
            local = overlay.is_local(self.env.config, docname)
            for ref in refs:
                if ref.target in fork.hidden_files:
                    if local:
                        report(self.env, overlay.hidden_ref(ref, fork), docname)  # type: ignore[arg-type]
                    else:
                        hidden_links += 1
            visible = [r for r in refs if r.target not in fork.hidden_files]
            for problem in consistency.body_refs(visible, by_id, redirects):
                report(self.env, problem, docname)
        fork_path = overlay.fork_file(self.env.srcdir, self.env.config)
        for problem in overlay.check(fork, by_id, get_vocab(self.env), redirects):
            report(self.env, problem, path=fork_path)
        overlay.summary(fork, sum(self.data["dropped"].values()), hidden_links)

    # -- cross-references ----------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        docname = self.docname_of(target)
        hidden = get_fork(env).hidden_titles.get(target)
        if docname is None and hidden is not None:
            # A link in upstream prose to an entry this fork hides: its title, as plain text.
            text = contnode.astext() if node.get("refexplicit") else hidden
            return nodes.inline(text, text, classes=["kb-hidden"])
        if docname is None:
            # Reported once, with its line, by check_consistency; show the id as plain text.
            return nodes.inline(target, target, classes=["kb-missing"])
        entry = self.entries[docname]
        if not node.get("refexplicit"):
            contnode = nodes.inline(entry.title, entry.title)
        return make_refnode(builder, fromdocname, docname, "", contnode, entry.title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        docname = self.docname_of(target)
        if docname is None:
            return []
        entry = self.entries[docname]
        ref = make_refnode(builder, fromdocname, docname, "", contnode, entry.title)
        return [(f"kb:{'teamrole' if entry.kind == 'role' else entry.kind}", ref)]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for docname, entry in sorted(self.entries.items()):
            yield entry.id, entry.title, entry.kind, docname, "", 1


def _rel(path: str) -> str:
    import os

    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def get_domain(env: BuildEnvironment) -> KbDomain:
    return env.domains["kb"]  # type: ignore[return-value]


def get_fork(env: BuildEnvironment) -> Fork:
    """The fork file loaded for this build (see extension.load_vocabulary); empty upstream."""
    return getattr(env, "kb_fork", None) or Fork()


def get_vocab(env: BuildEnvironment) -> Vocabulary:
    """The vocabulary loaded for this build (see extension.load_vocabulary)."""
    return env.kb_vocab  # type: ignore[attr-defined]
