"""Our one placeholder node, and small builders for sphinx-design-styled nodes.

We build plain docutils containers that carry sphinx-design's CSS classes instead of
sphinx-design's own node factories, so a change to its internals cannot break us.
"""

from __future__ import annotations

from docutils import nodes


class kb_view(nodes.General, nodes.Element):
    """Stands where a generated view goes; replaced at write time by ``views.ExpandViews``."""


class kb_div(nodes.General, nodes.Element):
    """A plain ``<div>`` carrying only our classes.

    docutils' container adds a ``container`` class, which Bootstrap (under the theme) styles
    as a fixed-width page container and which broke sphinx-design's grid on phones.
    """


def visit_div_html(self, node: kb_div) -> None:  # type: ignore[no-untyped-def]
    self.body.append(
        self.starttag(node, "div", CLASS=" ".join(node.get("classes", [])) or None).replace(' class=""', "")
    )


def depart_div_html(self, node: kb_div) -> None:  # type: ignore[no-untyped-def]
    self.body.append("</div>\n")


def visit_div_other(self, node: kb_div) -> None:  # type: ignore[no-untyped-def]
    pass  # other writers render the children only


def depart_div_other(self, node: kb_div) -> None:  # type: ignore[no-untyped-def]
    pass


def container(*children: nodes.Node, classes: list[str], ids: list[str] | None = None) -> kb_div:
    return kb_div("", *children, classes=classes, ids=ids or [])


def badge(text: str, variant: str = "secondary", extra: list[str] | None = None) -> nodes.inline:
    """A sphinx-design badge; the text is a Text node, so it is always escaped."""
    return nodes.inline(text, text, classes=["sd-badge", f"sd-bg-{variant}", f"sd-bg-text-{variant}", *(extra or [])])


def para(*children: nodes.Node, classes: list[str] | None = None) -> nodes.paragraph:
    return nodes.paragraph("", "", *children, classes=classes or [])


def text(value: str) -> nodes.Text:
    return nodes.Text(value)


def bullets(items: list[nodes.Node], classes: list[str] | None = None) -> nodes.bullet_list:
    out = nodes.bullet_list(classes=classes or [])
    for item in items:
        li = nodes.list_item()
        li += item if isinstance(item, nodes.Element) and not isinstance(item, nodes.Inline) else para(item)
        out += li
    return out


def card(header: str | None, *body: nodes.Node, classes: list[str] | None = None) -> nodes.container:
    """A sphinx-design card: ``sd-card`` with an optional header and a body."""
    parts: list[nodes.Node] = []
    if header:
        parts.append(container(para(text(header), classes=["sd-card-text"]), classes=["sd-card-header"]))
    parts.append(container(*body, classes=["sd-card-body"]))
    return container(*parts, classes=["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", *(classes or [])])
