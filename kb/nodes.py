"""Our one placeholder node, and small builders for sphinx-design-styled nodes.

We build plain docutils containers that carry sphinx-design's CSS classes instead of
sphinx-design's own node factories, so a change to its internals cannot break us.
"""

from __future__ import annotations

from docutils import nodes


class kb_view(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Stands where a generated view goes; replaced at write time by ``views.ExpandViews``."""


def container(*children: nodes.Node, classes: list[str]) -> nodes.container:
    node = nodes.container("", *children, classes=classes)
    return node


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
