"""Keep incremental builds equal to clean ones.

Sphinx does not know which page shows another page's title. While reading, each page records
what it shows as *dependency keys*; after reading, we digest the current value behind every key
and compare it with the digest from the last build. Every page that shows something that changed
is rewritten, and only those: a body edit rewrites one page, a title change the pages showing it.

Keys:
    ``entry:<id>``      the entry's record (title, summary, fields)
    ``backlinks:<id>``  who links to the entry, with their titles
    ``pathnav:<id>``    the reading-path positions and neighbours shown on the entry's page
    ``roles``           every role's title (shown as badges)
    ``vocab``           phases, themes, strengths and sources
    ``kind:<kind>``     every entry of one kind (catalogues, role cards)
    ``all``             every entry (the bibliography's cited-by lists)
    ``nav``             the site's top-level titles (the theme's header navigation)
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import KbDomain, get_domain, get_vocab
from .hidden_toc import prune_hidden_toctree_parents
from .model.digest import digest


def current_digests(env: BuildEnvironment, domain: KbDomain, keys: Iterable[str]) -> dict[str, str]:
    by_id = domain.by_id()
    rel = domain.relations()
    vocab = get_vocab(env)

    def title(entry_id: str | None) -> tuple[str, str] | None:
        entry = by_id.get(entry_id or "")
        return (entry.kind, entry.title, entry.summary) if entry else None  # type: ignore[return-value]

    # Each entry's own digest was taken once, when it was read: no repr of every entry here.
    own: dict[str, str] = domain.data["digest"]
    index = domain.id_index()
    out: dict[str, str] = {}
    for key in keys:
        name, _, arg = key.partition(":")
        if name == "entry":
            value: object = own.get(index.get(arg, ""))
        elif name == "backlinks":
            value = [(i, title(i)) for i in rel.backlinks.get(arg, [])] + [
                (i, title(i)) for i in rel.addresses.get(arg, [])
            ]
        elif name == "pathnav":
            value = [(p, title(p.role), title(p.prev), title(p.next)) for p in rel.positions.get(arg, [])]
            entry = by_id.get(arg)
            if entry is not None and entry.kind == "role" and entry.path:
                value = (value, title(entry.path[0].entry))
        elif name == "roles":
            value = sorted((e.id, e.title) for e in by_id.values() if e.kind == "role")
        elif name == "vocab":
            value = (vocab.phases, vocab.themes, vocab.strengths, vocab.sources)
        elif name == "kind":
            value = sorted((d, own.get(d)) for d, e in domain.entries.items() if e.kind == arg)
        elif name == "all":
            value = (sorted(own.items()), rel.cited_by)
        elif name == "nav":
            root = env.config.root_doc
            value = [
                (d, env.titles[d].astext() if d in env.titles else "")
                for d in [root, *env.toctree_includes.get(root, [])]
            ]
        else:
            value = None
        out[key] = digest(value)
    return out


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Return every page whose shown content changed although the page itself was not re-read."""
    domain = get_domain(env)
    prune_hidden_toctree_parents(env, domain.data["hidden_toc"])
    deps: dict[str, set[str]] = domain.data["deps"]
    keys = set().union(*deps.values()) | {"nav"} if deps else {"nav"}
    now = current_digests(env, domain, keys)
    before: dict[str, str] = domain.data["digests"]
    changed = {key for key, digest in now.items() if before.get(key) != digest}
    domain.data["digests"] = now
    if not before:
        return []  # first build: every page is written anyway
    if "nav" in changed:
        return sorted(env.found_docs)
    return sorted(docname for docname, keys_ in deps.items() if keys_ & changed)
