"""Stable links: an entry's former ids (``redirect_from``) keep their URLs as redirect pages.

Declared as data next to the entry, so a rename or a merge and its redirect land in one commit,
and validated with the other cross-entry checks (``consistency.redirects``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sphinx.application import Sphinx

from .domain import get_domain

TEMPLATE = "kb-redirect.html"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """One small page per old id, at the old URL, in the entry's folder (``patterns/old-id``)."""
    if app.builder.format != "html":
        return
    domain = get_domain(app.env)
    index = domain.id_index()
    live = set(app.env.found_docs)
    seen: set[str] = set()
    for docname in sorted(domain.entries):
        entry = domain.entries[docname]
        folder = docname.rpartition("/")[0]
        for old in entry.redirect_from:
            pagename = f"{folder}/{old}"
            # Collisions are reported by check_consistency; never overwrite a live page.
            if old in index or pagename in live or pagename in seen:
                continue
            seen.add(pagename)
            base = app.config.html_baseurl
            target = app.builder.get_target_uri(docname)
            yield (
                pagename,
                {
                    "kb_target": docname,
                    "kb_target_title": entry.title,
                    "kb_canonical": f"{base.rstrip('/')}/{target}" if base else "",
                    "kb_old_id": old,
                },
                TEMPLATE,
            )
