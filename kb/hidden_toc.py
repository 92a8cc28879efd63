"""Hidden toctrees: registered as parents for Sphinx's inclusion check, never as pages to rewrite."""

from __future__ import annotations

from collections.abc import Mapping

from sphinx.environment import BuildEnvironment


def hidden_parent(parent: str) -> str:
    """Stands in for ``parent`` when its toctree is hidden.

    It is not a document, so Sphinx never writes it; keeping it in the set keeps the child
    registered as included in a toctree (Sphinx drops empty sets, and would then warn that the
    page is in no toctree). One stand-in per parent, dropped with the parent when it is re-read
    (``forget_hidden_parent``): a page later removed from that toctree is reported again.
    """
    return f"\0kb-hidden-toctree:{parent}"


def prune_hidden_toctree_parents(env: BuildEnvironment, hidden: Mapping[str, bool]) -> None:
    """Stop Sphinx rewriting a section index whenever one of its pages is rewritten.

    Sphinx rewrites every page whose toctree includes a rewritten page, because a visible
    toctree shows its children's titles. A hidden toctree shows nothing, and our listings track
    what they show themselves, so for those parents the rewrite is wasted work (the whole
    catalogue page at every body edit).
    """
    for child, parents in env.files_to_rebuild.items():
        if parents & hidden.keys():
            env.files_to_rebuild[child] = {hidden_parent(p) if p in hidden else p for p in parents}


def forget_hidden_parent(env: BuildEnvironment, parent: str) -> None:
    """Undo ``prune_hidden_toctree_parents`` for a parent that is cleared (re-read or removed)."""
    stand_in = hidden_parent(parent)
    for child, parents in list(env.files_to_rebuild.items()):
        if stand_in in parents:
            parents.discard(stand_in)
            if not parents:
                del env.files_to_rebuild[child]
