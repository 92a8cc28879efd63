"""Compiled page templates are kept between builds, beside the doctrees.

Sphinx compiles the theme's Jinja templates afresh in every process. That was a third of an
incremental rebuild of the real content (and of each ``invoke serve`` reload), though the
templates change only when the theme or our own templates do. Jinja checks every cached template
against a checksum of its source, and the folder is named after the versions that shape the
compiled code, so an upgrade starts a fresh cache instead of reusing stale code.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader

from .model.digest import digest


def use_template_cache(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader):
        return  # a builder without Sphinx's Jinja environment, or another template bridge
    versions = [sys.version, *(version(d) for d in ("jinja2", "sphinx", "pydata-sphinx-theme"))]
    folder = Path(app.doctreedir, "kb-templates", digest(versions)[:16])
    folder.mkdir(parents=True, exist_ok=True)
    templates.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> None:
    # After the builder made its template environment (builder-inited runs after init).
    app.connect("builder-inited", use_template_cache)
