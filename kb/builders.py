"""What each Sphinx builder gets: the interactive site, one page, or a book.

``html`` and ``dirhtml`` publish the interactive site (search, filters, finder). ``singlehtml``
puts every page into one; we make its ids unique and its in-page links point at them, and drop
the search box (there is no search page to submit to). ``epub``, ``latex`` and ``text`` cannot
run our scripts: the views render plain tables and lists for them instead (``interactive``).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders._epub_base import EpubBuilder

#: Builders that write a site of several pages, each with the search box and its index.
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def interactive(builder: Builder) -> bool:
    """True when pages can run kb's scripts: an HTML site or single page, not an e-book."""
    return builder.format == "html" and not isinstance(builder, EpubBuilder)


def has_search(builder: Builder) -> bool:
    """True when the build has a search page (the theme's box submits to it)."""
    return builder.name in SITE_BUILDERS


def on_builder_inited(app: Sphinx) -> None:
    builder = app.builder
    if builder.name == "singlehtml":
        # No search page: hide the theme's search button and dialog instead of a broken link.
        # Runs before the theme's own builder-inited handler, which reads this option.
        builder.theme_options = {**getattr(builder, "theme_options", {}), "disable_search": True}
        builder.theme_options.setdefault("navbar_persistent", [])
    if isinstance(builder, EpubBuilder):
        # The downloadable templates are Markdown: ship them in the book too, so download links
        # inside it work, instead of a warning per file (which fails a strict build).
        builder.media_types = {**builder.media_types, ".md": "text/markdown"}
        if not app.config.version:
            # EPUB 3 wants a version; the playbook is a living text without release numbers.
            app.config.version = app.config.release or "1"


def outfile(builder: Builder, docname: str) -> Path:
    """Where a page is written: ``x.html`` for html, ``x/index.html`` for dirhtml."""
    return Path(builder.get_outfilename(docname))


# -- singlehtml: every page in one document --------------------------------------------------


def _slug(docname: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", docname.lower()).strip("-")


def unique_ids_on_one_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every element a page-unique id and point in-page links at the renamed ones.

    Sphinx's singlehtml inlines every page, so each pattern's "Evidence" section and each
    catalogue's "phase-data" group share one id, and links to ``#document-x#anchor`` (a second
    fragment) go nowhere. The first occurrence keeps its id; later ones get the page's name as a
    prefix. Links are rewritten from (page, id) pairs, so each still reaches its own page's target.
    """
    if app.builder.name != "singlehtml" or docname != app.config.root_doc:
        return
    seen: set[str] = set()
    renamed: dict[tuple[str, str], str] = {}

    def walk_ids(node: nodes.Element, doc: str) -> None:
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            inner = child["docname"] if isinstance(child, addnodes.start_of_file) else doc
            if inner != doc:
                seen.add(f"document-{inner}")
            ids = []
            for old in child["ids"]:
                new = old
                if new in seen:
                    base = f"{_slug(doc)}-{old}"
                    new, n = base, 1
                    while new in seen:
                        n += 1
                        new = f"{base}-{n}"
                    renamed[doc, old] = new
                seen.add(new)
                ids.append(new)
            child["ids"] = ids
            walk_ids(child, inner)

    def walk_refs(node: nodes.Element, doc: str) -> None:
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            inner = child["docname"] if isinstance(child, addnodes.start_of_file) else doc
            if isinstance(child, nodes.reference):
                refuri = child.get("refuri", "")
                if refuri.startswith("#document-") and refuri.count("#") == 2:
                    target_doc, anchor = refuri[len("#document-") :].split("#")
                    child["refuri"] = "#" + renamed.get((target_doc, anchor), anchor)
                elif "refid" in child:
                    child["refid"] = renamed.get((doc, child["refid"]), child["refid"])
            walk_refs(child, inner)

    walk_ids(doctree, docname)
    walk_refs(doctree, docname)
    doctree["kb_renamed_ids"] = renamed  # for the page's table of contents (on_page_context)


_DOUBLE_ANCHOR = re.compile(r'href="#document-([^"#]+)#([^"]+)"')


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """singlehtml: the theme's table of contents links to the renamed ids too, and has a title."""
    if app.builder.name != "singlehtml":
        return
    # Sphinx leaves the single page's site title empty, so the header read "None".
    context["docstitle"] = context.get("docstitle") or app.config.html_title
    renamed = doctree.get("kb_renamed_ids", {}) if isinstance(doctree, nodes.document) else {}
    if isinstance(context.get("toc"), str):
        context["toc"] = _DOUBLE_ANCHOR.sub(lambda m: f'href="#{renamed.get((m[1], m[2]), m[2])}"', context["toc"])
