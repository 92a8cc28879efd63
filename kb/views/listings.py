"""Listing pages that authors place with a directive: catalogue, role cards, bibliography, downloads."""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..domain import get_domain
from ..model.entries import Entry
from ..model.problems import Problem, Subtype
from ..nodes import badge, card, container, kb_view, para, text
from . import Context, view


class ListingDirective(SphinxDirective):
    """A directive that stands for a generated listing of every entry."""

    view_name = ""
    required_arguments = 0
    optional_arguments = 0
    has_content = False

    def dependencies(self) -> tuple[str, ...]:
        """What the listing shows (see freshness.py): by default, every entry."""
        return ("all",)

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).add_dep(self.env.current_document.docname, "vocab", "roles", *self.dependencies())
        node = kb_view(view=self.view_name, entry="", arg=" ".join(self.arguments))
        self.set_source_info(node)
        return [node]


class CatalogueDirective(ListingDirective):
    """``{kb-catalogue} [pattern|practice]``: every entry of a kind as a card, grouped by phase."""

    view_name = "catalogue"
    optional_arguments = 1

    def dependencies(self) -> tuple[str, ...]:
        return (f"kind:{self.arguments[0] if self.arguments else 'pattern'}",)

    def run(self) -> list[nodes.Node]:
        if self.arguments and self.arguments[0] not in ("pattern", "practice"):
            raise self.error(f"unknown kind '{self.arguments[0]}'; use 'pattern' or 'practice'")
        return super().run()


class RolesDirective(ListingDirective):
    """``{kb-roles}``: one card per role, leading to its reading path ("I am a ...")."""

    view_name = "roles"

    def dependencies(self) -> tuple[str, ...]:
        return ("kind:role",)


class BibliographyDirective(ListingDirective):
    """``{kb-bibliography}``: every evidence source, with the entries that cite it."""

    view_name = "bibliography"


def download_source(env: BuildEnvironment, name: str) -> Path | None:
    """The file a template download publishes: ``<extra path>/<kb_downloads>/<name>.md``."""
    for extra in env.config.html_extra_path:
        path = Path(env.srcdir, extra, env.config.kb_downloads, f"{name}.md")
        if path.is_file():
            return path
    return None


class DownloadDirective(SphinxDirective):
    """``{kb-download} name``: a link to a downloadable template at a stable URL."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        folder = self.env.config.kb_downloads
        source = download_source(self.env, name)
        # Re-read this page when the template changes or disappears (a missing dependency keeps
        # it outdated, so the problem below is reported on every build until it is fixed).
        extra = [*self.env.config.html_extra_path, ""][0]
        self.env.note_dependency(source or Path(self.env.srcdir, extra, folder, f"{name}.md"))
        if source is None:
            get_domain(self.env).add_problems(
                self.env.current_document.docname,
                [
                    Problem(
                        Subtype.ref,
                        f"no downloadable template named '{name}'",
                        f"add {folder}/{name}.md to a folder in html_extra_path, or fix the name",
                        self.lineno,
                    )
                ],
            )
        node = kb_view(view="download", entry="", arg=name)
        self.set_source_info(node)
        return [node]


def _card_grid(cards: list[nodes.Node], classes: list[str]) -> nodes.container:
    row = container(
        classes=[
            "sd-row",
            "sd-row-cols-1",
            "sd-row-cols-sm-1",
            "sd-row-cols-md-2",
            "sd-row-cols-lg-3",
            "sd-g-3",
            *classes,
        ]
    )
    for item in cards:
        row += container(item, classes=["sd-col", "sd-d-flex-row"])
    return container(row, classes=["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"])


def _entry_card(ctx: Context, entry: Entry, facets: bool = True) -> nodes.container:
    body: list[nodes.Node] = [
        para(nodes.strong("", "", ctx.link(entry.id)), classes=["sd-card-title", "kb-card-title"])
    ]
    if entry.summary:
        body.append(para(text(entry.summary), classes=["sd-card-text"]))
    if facets and entry.roles:
        badges: list[nodes.Node] = []
        for role_id in entry.roles:
            role = ctx.entry(role_id)
            badges += [badge(role.title if role else role_id, "secondary", ["kb-role-badge"]), text(" ")]
        body.append(para(*badges, classes=["kb-card-roles"]))
    classes = ["sd-w-100", "kb-card"]
    classes += [f"kb-role-{r}" for r in entry.roles] + [f"kb-phase-{p}" for p in entry.phases]
    classes += [f"kb-theme-{t}" for t in entry.themes]
    return card(None, *body, classes=classes)


@view("catalogue")
def catalogue(ctx: Context, node: kb_view) -> list[nodes.Node]:
    kind = node["arg"] or "pattern"
    patterns = sorted((e for e in ctx.domain.entries.values() if e.kind == kind), key=lambda e: (e.title.lower(), e.id))
    out: list[nodes.Node] = []
    for phase in ctx.vocab.phases.values():
        members = [e for e in patterns if phase.id in e.phases]
        if not members:
            continue
        group = container(classes=["kb-phase-group"], ids=[f"phase-{phase.id}"])
        group += nodes.rubric(phase.title, phase.title, classes=["kb-phase-title"])
        group += para(text(f"{phase.description} ({len(members)} {kind}s)"), classes=["kb-phase-description"])
        group += _card_grid([_entry_card(ctx, e) for e in members], ["kb-catalogue"])
        out.append(group)
    if not out:
        return [para(text(f"No {kind}s yet."), classes=["kb-empty"])]
    if kind == "pattern":
        from .explore import _script, filter_form

        return [*filter_form(ctx, patterns), container(*out, classes=["kb-catalogue-groups"]), *_script(ctx)]
    return out


@view("roles")
def roles(ctx: Context, node: kb_view) -> list[nodes.Node]:
    entries = sorted((e for e in ctx.domain.entries.values() if e.kind == "role"), key=lambda e: e.title.lower())
    cards = []
    for role in entries:
        body: list[nodes.Node] = [
            para(nodes.strong("", "", ctx.link(role.id)), classes=["sd-card-title", "kb-card-title"])
        ]
        if role.summary:
            body.append(para(text(role.summary), classes=["sd-card-text"]))
        body.append(para(text(f"Reading path: {len(role.path)} steps"), classes=["kb-card-meta"]))
        cards.append(card(None, *body, classes=["sd-w-100", "kb-card", "kb-role-card"]))
    return [_card_grid(cards, ["kb-roles"])] if cards else [para(text("No roles yet."), classes=["kb-empty"])]


@view("bibliography")
def bibliography(ctx: Context, node: kb_view) -> list[nodes.Node]:
    cited_by = ctx.domain.relations().cited_by
    sources = sorted(ctx.vocab.sources.values(), key=lambda s: (s.authors.lower() or s.venue.lower(), s.year, s.key))
    items = nodes.bullet_list(classes=["kb-bibliography"])
    for source in sources:
        item = nodes.list_item(ids=[f"cite-{source.key}"])
        parts: list[nodes.Node] = [
            nodes.strong(source.authors or source.venue, source.authors or source.venue),
            text(f" ({source.year}). "),
        ]
        title = nodes.emphasis(source.title, source.title)
        parts.append(nodes.reference("", "", title, refuri=source.url) if source.url else title)
        parts.append(text(". "))
        if source.venue and source.authors:
            parts.append(text(source.venue + ". "))
        parts.append(nodes.literal(source.key, source.key))
        item += para(*parts)
        if source.note:
            item += para(text(source.note), classes=["kb-source-note"])
        citing = cited_by.get(source.key, [])
        if citing:
            cites: list[nodes.Node] = [text(f"Cited by {len(citing)}: ")]
            for i, entry_id in enumerate(citing):
                cites += ([text(", ")] if i else []) + [ctx.link(entry_id)]
            item += para(*cites, classes=["kb-cited-by"])
        items += item
    return [items]


@view("download")
def download(ctx: Context, node: kb_view) -> list[nodes.Node]:
    name = node["arg"]
    path = f"{ctx.settings.downloads}/{name}.md"
    uri = ctx.uri(path)
    source = download_source(ctx.env, name)
    if ctx.builder.name == "linkcheck" and source is not None:
        # linkcheck looks for local links next to the page's source file; point it at the file
        # that is published, so it checks the download instead of reporting it broken.
        uri = os.path.relpath(source, ctx.env.doc2path(ctx.docname).parent)
    ref = nodes.reference(
        "",
        "",
        text(f"Download the template ({os.path.basename(path)})"),
        refuri=uri,
        classes=["sd-btn", "sd-btn-primary", "kb-download"],
    )
    return [para(ref, classes=["kb-download-link"])]
