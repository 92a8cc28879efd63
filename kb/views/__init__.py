"""Generated views: placeholders expanded at write time from the registry.

Each view is a function ``(ctx, node) -> list of nodes`` registered by name. They run as a
post-transform before reference resolution, so they always show current titles and links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from .. import config
from ..domain import KbDomain, get_domain, get_vocab
from ..model.entries import Entry
from ..model.vocab import Vocabulary
from ..nodes import kb_view

KIND_LABEL = {"pattern": "Pattern", "practice": "Practice", "role": "Role"}


@dataclass
class Context:
    """What a view needs to render one page."""

    env: BuildEnvironment
    builder: Builder
    docname: str
    domain: KbDomain
    vocab: Vocabulary
    emitted: set[str] = field(default_factory=set)
    """What was already put on the page once (scripts): singlehtml expands every page's views at once."""

    def entry(self, entry_id: str) -> Entry | None:
        return self.domain.entry(entry_id)

    def link(self, entry_id: str, classes: list[str] | None = None) -> nodes.Node:
        """A link to an entry showing its current title; plain text if it does not exist."""
        docname = self.domain.docname_of(entry_id)
        if docname is None:
            return nodes.inline(entry_id, entry_id, classes=["kb-missing"])
        title = self.domain.entries[docname].title
        ref = make_refnode(self.builder, self.docname, docname, "", nodes.inline(title, title), title)
        ref["classes"].extend(classes or [])
        return ref

    def link_html(self, entry_id: str) -> str:
        """``link`` as an HTML string, with the same markup, for the long lists of HTML pages: a
        list of hundreds of links as docutils nodes was most of the cost of rewriting a role page
        after a title change, since every post-transform and the writer walk each node."""
        docname = self.domain.docname_of(entry_id)
        if docname is None:
            return f'<span class="kb-missing">{escape(entry_id)}</span>'
        title = escape(self.domain.entries[docname].title)
        uri = escape(self.builder.get_relative_uri(self.docname, docname))
        return f'<a class="reference internal" href="{uri}" title="{title}"><span>{title}</span></a>'

    def doc_link(self, docname: str, text: str, anchor: str = "") -> nodes.Node:
        if docname not in self.env.all_docs:
            return nodes.Text(text)
        return make_refnode(self.builder, self.docname, docname, anchor, nodes.inline(text, text), text)

    def uri(self, path: str) -> str:
        """A URL relative to this page for a file at ``path`` under the site root."""
        return relative_uri(self.builder.get_target_uri(self.docname), path)

    @property
    def settings(self) -> config.KbConfig:
        return config.get(self.env.config)


View = Callable[[Context, kb_view], list[nodes.Node]]
REGISTRY: dict[str, View] = {}


def view(name: str) -> Callable[[View], View]:
    def register(func: View) -> View:
        REGISTRY[name] = func
        return func

    return register


class ExpandViews(SphinxPostTransform):
    """Replace every ``kb_view`` placeholder with its rendered nodes."""

    default_priority = 5  # before ReferencesResolver (10), so our own pending_xrefs resolve too

    def run(self, **kwargs: object) -> None:
        placeholders = list(self.document.findall(kb_view))
        if not placeholders:
            return
        ctx = Context(
            self.env,
            self.env._app.builder,
            self.env.current_document.docname,
            get_domain(self.env),
            get_vocab(self.env),
        )
        for node in placeholders:
            render = REGISTRY.get(node["view"])
            new = render(ctx, node) if render else []
            node.replace_self(new or [])


# Register the views.
from . import entry_blocks, explore, listings  # noqa: E402,F401
