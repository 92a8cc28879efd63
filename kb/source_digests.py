"""Content-based freshness: a page whose source and dependencies are byte-for-byte what was read
last time is not re-read, whatever its modification time says.

Sphinx re-reads a page when its file is newer than the last read. A fresh checkout makes every
file new, so a build that starts from a restored cache (``invoke build --cache``, the Pages
workflow) would re-read everything. Each page's digest is taken when it is read; before reading,
pages that Sphinx finds changed only by time are dropped from its list.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector


def _digest(env: BuildEnvironment, docname: str) -> str | None:
    """The digest of a page's source and every file it depends on; None when one is unreadable."""
    h = hashlib.blake2b(digest_size=16)
    try:
        h.update(Path(env.doc2path(docname)).read_bytes())
        for dep in sorted(str(d) for d in env.dependencies.get(docname, ())):
            h.update(b"\0" + dep.encode() + b"\0" + Path(env.srcdir, dep).read_bytes())
    except OSError:
        return None
    return h.hexdigest()


def _digests(env: BuildEnvironment) -> dict[str, str]:
    if not hasattr(env, "kb_source_digests"):
        env.kb_source_digests = {}  # type: ignore[attr-defined]
    return env.kb_source_digests  # type: ignore[attr-defined]


class SourceDigestCollector(EnvironmentCollector):
    """Keeps each page's source digest in the environment (parallel-safe: merged per page)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _digests(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        theirs = _digests(other)
        _digests(env).update({d: theirs[d] for d in docnames if d in theirs})

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        digest = _digest(app.env, app.env.current_document.docname)
        if digest is not None:
            _digests(app.env)[app.env.current_document.docname] = digest


def drop_unchanged(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Take pages whose content is unchanged out of Sphinx's list of changed pages."""
    if env.config_status != CONFIG_OK:
        return []  # the settings changed: every page is read again, as Sphinx decided
    known = _digests(env)
    for docname in list(changed):
        if docname in env.reread_always or docname not in known:
            continue
        if not Path(env.doctreedir, f"{docname}.doctree").is_file():
            continue
        if _digest(env, docname) == known[docname]:
            changed.discard(docname)
    return []
