"""kb: a Sphinx extension that turns Markdown collaboration patterns into a cross-linked playbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def _code_version() -> int:
    """A number that changes whenever kb's code or templates change.

    Sphinx rebuilds everything when an extension's env_version changes, so an edit to kb can
    never leave pages rendered by the old code next to pages rendered by the new.
    """
    import hashlib
    from pathlib import Path

    digest = hashlib.blake2b(digest_size=4)
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".js"} and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    return int.from_bytes(digest.digest(), "big")


def setup(app: Sphinx) -> ExtensionMetadata:
    from .extension import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": _code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
