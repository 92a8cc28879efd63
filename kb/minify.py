"""Page weight: our own scripts ship minified.

Every page loads kb-search.js (the search box) and catalogue pages load kb-explore.js. Their
sources keep the comments that explain the ranking and the filters, which readers' browsers do not
need: a third of their gzip bytes. After each HTML build the copies in ``_static`` are rewritten
minified, under the same names, by rjsmin, which drops comments and whitespace only (no renaming),
so the code that runs is the code in the repository. Sphinx copies the sources again on every
build, so this runs on every build too.
"""

from __future__ import annotations

from pathlib import Path

import rjsmin
from sphinx.application import Sphinx

SCRIPTS = ("kb-search.js", "kb-explore.js")


def minify_scripts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for name in SCRIPTS:
        path = Path(app.outdir, "_static", name)
        if path.is_file():
            path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")) + "\n", encoding="utf-8")
