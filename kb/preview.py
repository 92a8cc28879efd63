"""The live preview (``invoke serve``) keeps showing a page's last good version while it is broken.

The strict build refuses a broken page; the preview has to go on serving, and a page rebuilt
around a problem (placeholders, missing blocks) would show the reader something that was never
valid. So each good page is copied aside after a build, and a page with problems gets that copy
back. The copies live beside the doctrees: build state, never published.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .domain import get_domain

_STORE = "kb-last-good"


def keep_last_good_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not app.config.kb_drafts or app.builder.format != "html":
        return
    store = Path(app.doctreedir) / _STORE
    problems = get_domain(app.env).data["problems"]
    for docname in sorted(app.env.found_docs):
        page = Path(app.builder.get_outfilename(docname))
        saved = store / f"{docname}.html"
        if problems.get(docname):
            if saved.is_file():
                shutil.copyfile(saved, page)
        elif page.is_file():
            saved.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, saved)
