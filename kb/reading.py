"""Reading an entry: front matter to a validated record, the title section, and view placeholders.

This runs once per page while Sphinx reads it. What a page shows of *other* entries is filled in
later, at write time, by ``views`` (so it is always current); here we only record what the page
depends on, for ``freshness``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform

from . import config, fork
from .domain import ROLE_KINDS, get_domain, get_fork, get_vocab
from .model import frontmatter
from .model.digest import digest
from .model.entries import PLACEHOLDER, Entry, Kind, Ref, placeholders, unfinished, validate
from .model.problems import Problem, Subtype
from .nodes import kb_view
from .sources import REFUSED_KEY
from .views.search_index import search_record

_TEMP_KEY = "kb_frontmatter"

#: Generated sections appended to each kind of entry: (anchor, heading, view name).
FOOT_SECTIONS: dict[str, list[tuple[str, str, str]]] = {
    "pattern": [
        ("why-it-happens", "Why it happens", "causes"),
        ("recommended-practices", "Recommended practices", "practices"),
        ("related", "Related", "related"),
        ("referenced-by", "Referenced by", "backlinks"),
        ("evidence", "Evidence", "evidence"),
    ],
    "practice": [
        ("challenges-it-addresses", "Challenges it addresses", "addresses"),
        ("related", "Related", "related"),
        ("referenced-by", "Referenced by", "backlinks"),
        ("evidence", "Evidence", "evidence"),
    ],
    "role": [
        ("practices-this-role-leads", "Practices this role leads or supports", "role-practices"),
        ("patterns-that-affect-this-role", "Patterns that affect this role", "role-patterns"),
    ],
}
HEAD_SECTIONS: dict[str, list[tuple[str, str, str]]] = {
    "role": [("reading-path", "Reading path", "path")],
}


def kind_of(cfg: Config, docname: str) -> Kind | None:
    """The kind of entry a docname holds, from the folder it is in (``patterns/x`` -> pattern).

    A fork's own entries sit in the same folders under its overlay (``local/patterns/x``).
    """
    if fork.is_local(cfg, docname):
        docname = docname.partition("/")[2]
    folder, _, name = docname.partition("/")
    if not name or "/" in name or name == "index":
        return None
    for kind, kind_folder in config.get(cfg).folders.items():
        if folder == kind_folder:
            return kind  # type: ignore[return-value]
    return None


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Parse the front matter from the raw text, where every line is still known."""
    if kind_of(app.config, docname) is not None:
        fm, problems = frontmatter.parse(source[0])
        app.env.temp_data[_TEMP_KEY] = (fm, problems)
        if fm is not None:
            source[0] = frontmatter.blank_namespace(source[0], fm)


class ReadEntry(SphinxTransform):
    """Validate an entry, give it its title section and the placeholders of its generated blocks."""

    # After DocInfo (340) has taken the front matter out of the body, before the collectors run.
    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        domain = get_domain(self.env)
        domain.add_links(docname, self._body_links(domain, docname))
        toctrees = list(self.document.findall(addnodes.toctree))
        if toctrees and all(t.get("hidden") for t in toctrees):
            domain.data["hidden_toc"][docname] = True
        kind = kind_of(self.config, docname)
        local = fork.is_local(self.config, docname)
        if local:
            # Upstream's toctrees cannot list the fork's pages; catalogues and paths reach them.
            self.env.metadata[docname]["orphan"] = True
        if kind is None:
            heading = next(iter(self.document.findall(nodes.title)), None)
            title = heading.astext() if heading is not None else docname
            domain.data["search"][docname] = search_record(title, "page", self.document.astext())
            return
        fm, problems = self.env.temp_data.pop(_TEMP_KEY, (None, []))
        refused = self.env.temp_data.get(REFUSED_KEY, False)  # reported by sources.check_source
        if fm is None and not problems and not refused:
            problems = [
                Problem(
                    Subtype.frontmatter,
                    "the entry has no front matter",
                    "start the file with a '---' block holding 'kb:' fields (see CONTRIBUTING.md)",
                    1,
                )
            ]
        entry_id = docname.rpartition("/")[2]
        entry, more = validate(entry_id, kind, fm, get_vocab(self.env))
        entry, dropped = fork.apply_to_entry(get_fork(self.env), entry, local)
        if dropped:
            domain.data["dropped"][docname] = dropped
        problems = problems + ([] if refused else more + self._unfinished(entry, fm))
        domain.add_entry(docname, entry)
        domain.data["digest"][docname] = digest(entry)
        section = self._wrap_in_title(entry)
        if fm is not None and not refused:  # without front matter, that is the one problem
            problems += self._check_sections(section, entry, fm.body_line)
        domain.add_problems(docname, problems)
        # Search sees the authored body; generated blocks repeat other entries' words.
        domain.data["search"][docname] = search_record(entry.title, entry.kind, section.astext(), entry)
        self._add_generated(section, entry)
        domain.add_dep(docname, f"entry:{entry.id}", f"backlinks:{entry.id}", f"pathnav:{entry.id}", "vocab", "roles")
        domain.add_dep(docname, *(f"entry:{ref.target}" for ref in entry.refs))

    def _unfinished(self, entry: Entry, fm: frontmatter.FrontMatter | None) -> list[Problem]:
        """Drafts and TODO placeholders: errors in a real build, a banner in a preview."""
        found = placeholders(fm) if fm else []
        for node in self.document.findall(nodes.Text):
            if PLACEHOLDER.search(node.astext()) and not any(
                isinstance(a, (nodes.literal, nodes.literal_block)) for a in _ancestors(node)
            ):
                line = next((a.line for a in _ancestors(node) if a.line), fm.body_line if fm else 1)
                found.append(unfinished("the body still holds a TODO placeholder", line))
        if entry.draft:
            line = fm.line("kb", "draft") if fm else 1
            found.insert(0, unfinished("the entry is marked 'draft: true'", line))
        if found and self.config.kb_drafts:
            self.document.insert(0, _draft_banner(len(found)))
            return []
        return found

    def _body_links(self, domain: object, docname: str) -> list[Ref]:
        refs = []
        for node in self.document.findall(pending_xref):
            if node.get("refdomain") == "kb" and node.get("reftype") in ROLE_KINDS:
                refs.append(Ref("link", node["reftarget"], node.line or 1, ROLE_KINDS[node["reftype"]]))
                get_domain(self.env).add_dep(docname, f"entry:{node['reftarget']}")
        return refs

    def _wrap_in_title(self, entry: Entry) -> nodes.section:
        """Put the body in one section titled from the front matter: the title lives in one place."""
        doc = self.document
        start = 0
        while start < len(doc) and isinstance(doc[start], (nodes.docinfo, nodes.comment, nodes.target)):
            start += 1
        section = nodes.section(ids=[nodes.make_id(entry.title) or entry.id], names=[])
        section.source, section.line = doc.get("source"), entry.title_line
        title = nodes.title(entry.title, entry.title)
        title.source, title.line = doc.get("source"), entry.title_line
        section += title
        body = doc.children[start:]
        doc.children = doc.children[:start]
        for child in body:
            section += child
        doc += section
        return section

    def _check_sections(self, section: nodes.section, entry: Entry, body_line: int) -> list[Problem]:
        headings = {sub[0].astext().strip().lower(): sub for sub in section.children if isinstance(sub, nodes.section)}
        problems = []
        if entry.title.strip().lower() in headings:
            line = headings[entry.title.strip().lower()].line or body_line
            problems.append(
                Problem(
                    Subtype.section,
                    "the body repeats the title as a heading",
                    "remove the heading; the title comes from 'kb.title'",
                    line,
                )
            )
        for heading in get_vocab(self.env).required_sections.get(entry.kind, []):
            if heading.lower() not in headings:
                problems.append(
                    Problem(
                        Subtype.section,
                        f"the required heading '## {heading}' is missing",
                        f"add a '## {heading}' section to the body of the {entry.kind}",
                        body_line,
                    )
                )
        return problems

    def _add_generated(self, section: nodes.section, entry: Entry) -> None:
        """Insert placeholders (expanded at write time) and the headings of generated sections.

        The headings exist from reading on, so they appear in the page's table of contents.
        """
        section.insert(1, kb_view(view="head", entry=entry.id))
        position = 2
        for anchor, heading, view in HEAD_SECTIONS.get(entry.kind, []):
            section.insert(position, self._generated_section(anchor, heading, view, entry))
            position += 1
        for anchor, heading, view in FOOT_SECTIONS.get(entry.kind, []):
            section += self._generated_section(anchor, heading, view, entry)

    def _generated_section(self, anchor: str, heading: str, view: str, entry: Entry) -> nodes.section:
        ids = [anchor] if anchor not in self.document.ids else []
        sub = nodes.section(ids=ids, classes=["kb-generated", f"kb-{view}"])
        sub += nodes.title(heading, heading)
        sub += kb_view(view=view, entry=entry.id)
        for node_id in ids:
            self.document.ids[node_id] = sub
        return sub


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    out = []
    parent = node.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def _draft_banner(count: int) -> nodes.Element:
    """The visible mark of a preview of an unfinished entry (never part of a strict build)."""
    note = nodes.admonition(classes=["kb-draft-banner", "warning"])
    note += nodes.title("Draft", "Draft: not ready to publish")
    note += nodes.paragraph(
        "",
        f"This entry is unfinished ({count} problem{'s' if count != 1 else ''}: a draft flag or TODO placeholders). "
        "invoke build and invoke check refuse it until it is finished.",
    )
    return note
