"""kb: a Sphinx extension that turns Markdown collaboration patterns into a cross-linked playbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    from .extension import setup_extension

    setup_extension(app)
    return {"version": __version__, "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
