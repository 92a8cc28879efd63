"""Reading-path navigation, added to the page context at write time.

It stays out of the doctree: a changed path rewrites the pages on it without re-reading them,
and the component template renders it in a theme slot.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .builders import has_search
from .domain import get_domain


def path_context(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """For each reading path the page is on: where it is and links to the previous and next stop."""
    domain = get_domain(app.env)
    entry = domain.entries.get(pagename)
    if entry is None:
        return []
    builder = app.builder

    def stop(entry_id: str | None, fallback_role: str) -> dict[str, str]:
        target = domain.entry(entry_id) if entry_id else domain.entry(fallback_role)
        docname = domain.docname_of(target.id) if target else None
        if target is None or docname is None:
            return {}
        return {"link": builder.get_relative_uri(pagename, docname), "title": target.title}

    out: list[dict[str, Any]] = []
    if entry.kind == "role" and entry.path:
        first = stop(entry.path[0].entry, entry.id)
        if first:
            out.append(
                {
                    "role": entry.title,
                    "role_link": "",
                    "step": 0,
                    "total": len(entry.path),
                    "prev": {},
                    "next": first,
                    "complete": False,
                    "start": True,
                }
            )
        return out
    for pos in domain.relations().positions.get(entry.id, []):
        role = domain.entry(pos.role)
        if role is None:
            continue
        role_docname = domain.docname_of(role.id)
        out.append(
            {
                "role": role.title,
                "role_link": builder.get_relative_uri(pagename, role_docname) if role_docname else "",
                "step": pos.step,
                "total": pos.total,
                "prev": stop(pos.prev, pos.role),
                "next": stop(pos.next, pos.role),
                "complete": pos.next is None,
                "start": False,
            }
        )
    return out


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if app.builder.format != "html":
        return
    context["kb_paths"] = path_context(app, pagename)
    entry = get_domain(app.env).entries.get(pagename)
    if entry is not None and entry.summary:
        context["kb_page_description"] = entry.summary  # what a shared link previews
    # Sphinx's toctree-order neighbours (<link rel="next"> in the head) would tie every page to
    # its siblings' titles; reading paths are our prev/next, so drop them.
    context["prev"] = context["next"] = None
    # Render-blocking scripts no page here uses: Sphinx's search-term highlighter and its helper
    # (our search replaces them) and sphinx-design's tab script (the playbook has no tabs).
    if "script_files" in context:
        unused = UNUSED_SCRIPTS if has_search(app.builder) else UNUSED_SCRIPTS | {"kb-search.js"}
        context["script_files"] = [s for s in context["script_files"] if _script_name(s) not in unused]


UNUSED_SCRIPTS = {"doctools.js", "sphinx_highlight.js", "design-tabs.js"}


def _script_name(script: object) -> str:
    return str(getattr(script, "filename", script)).split("?")[0].rsplit("/", 1)[-1]
