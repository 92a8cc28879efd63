"""The ``allow_raw_html`` switch: a fork that takes outside contributions can forbid raw HTML.

MyST passes HTML written in Markdown (blocks and inline tags) and the ``raw`` directive through
as ``raw`` nodes, which are published as written. With the switch off, each is a located error
and is dropped from the page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from . import config
from .domain import get_domain
from .model.problems import Problem, Subtype


class ForbidRawHtml(SphinxTransform):
    default_priority = 400

    def apply(self, **kwargs: object) -> None:
        if config.get(self.config).allow_raw_html:
            return
        problems = []
        for node in list(self.document.findall(nodes.raw)):
            if "html" not in node.get("format", "").split():
                continue
            line = node.line
            parent = node.parent
            while not line and parent is not None:
                line, parent = parent.line, parent.parent
            problems.append(
                Problem(
                    Subtype.html,
                    "raw HTML is not allowed on this site",
                    "write it in Markdown instead (site.yml sets allow_raw_html: false)",
                    line or 1,
                )
            )
            node.parent.remove(node)
        get_domain(self.env).add_problems(self.env.current_document.docname, problems)


def setup(app: Sphinx) -> None:
    app.add_transform(ForbidRawHtml)
