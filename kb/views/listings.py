"""Listing pages that authors place with a directive: catalogue, role cards, bibliography, downloads."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..builders import interactive
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


def _earliest_phase(ctx: Context, entry: Entry) -> str | None:
    order = list(ctx.vocab.phases)
    known = [p for p in entry.phases if p in ctx.vocab.phases]
    return min(known, key=order.index) if known else None


def facet_values(ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """Each catalogue facet's (id, title) values, in the order the filters list them."""
    roles = sorted((e for e in ctx.domain.entries.values() if e.kind == "role"), key=lambda e: e.title.lower())
    return {
        "role": [(r.id, r.title) for r in roles],
        "phase": [(t.id, t.title) for t in ctx.vocab.phases.values()],
        "theme": [(t.id, t.title) for t in ctx.vocab.themes.values()],
    }


#: Base-62 digits for the positions a catalogue card's facets are written in.
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def digits_for(count: int) -> int:
    """How many base-62 digits a position in a list of ``count`` values takes (kb-explore.js agrees)."""
    width = 1
    while len(DIGITS) ** width < count:
        width += 1
    return width


def position_code(index: int, width: int) -> str:
    out = ""
    for _ in range(width):
        index, digit = divmod(index, len(DIGITS))
        out = DIGITS[digit] + out
    return out


def _catalogue_html(ctx: Context, kind: str, entries: list[Entry]) -> str:
    """The catalogue as one HTML string: building a docutils tree of thousands of cards, then
    walking it with every post-transform and the writer, was most of a title change's rebuild.

    Each entry is listed once, under its earliest phase, so the page stays light at thousands of
    entries and lists everything without JavaScript; kb-explore.js copies a card into its other
    phases' groups. A card is a bare list item (the catalogue's CSS styles it by position): its
    title link, its summary, and one ``data-f`` attribute. That holds, for each facet in the order
    the groups' container names them, the positions of the card's values in the lists that the
    container declares once, as fixed-width base-62 numbers separated by ``|``. Every byte counts
    thousands of times: spelled-out ids, three attributes and wrapper elements were a tenth of
    the page at 3,000 patterns.
    """
    values = facet_values(ctx)
    width = {facet: digits_for(len(vs)) for facet, vs in values.items()}
    position = {
        facet: {v: position_code(i, width[facet]) for i, (v, _) in enumerate(vs)} for facet, vs in values.items()
    }

    def facet_attr(entry: Entry) -> str:
        own = {"role": entry.roles, "phase": entry.phases, "theme": entry.themes}
        codes = ("".join(position[facet][v] for v in own[facet] if v in position[facet]) for facet in values)
        return f' data-f="{escape("|".join(codes))}"'

    groups: dict[str, list[str]] = {phase: [] for phase in ctx.vocab.phases}
    totals = {phase: sum(phase in e.phases for e in entries) for phase in ctx.vocab.phases}
    for entry in entries:
        first = _earliest_phase(ctx, entry)
        if first is None:
            continue
        uri = ctx.builder.get_relative_uri(ctx.docname, ctx.domain.docname_of(entry.id) or "")
        # Compact: the item is the card, the summary its text (every byte counts thousands of times).
        groups[first].append(
            f'<li{facet_attr(entry)}><a href="{escape(uri)}">{escape(entry.title)}</a>{escape(entry.summary)}</li>'
        )
    declared = f' data-f="{" ".join(values)}"' + "".join(
        f' data-{facet}="{escape(" ".join(v for v, _ in vs))}"' for facet, vs in values.items()
    )
    parts = [
        f'<p class="kb-nojs-note">Each {kind} is listed once, under the earliest phase it belongs to.</p>',
        f'<div class="kb-catalogue-groups"{declared}>',
    ]
    for phase in ctx.vocab.phases.values():
        if not totals[phase.id]:
            continue
        # Ids stay unique where singlehtml puts both catalogues on one page (raw HTML is not
        # renamed by kb.builders): the pattern catalogue keeps the short ones.
        ident = f"phase-{phase.id}" if kind == "pattern" else f"{kind}-phase-{phase.id}"
        parts.append(
            f'<section class="kb-phase-group" id="{escape(ident)}" data-phase="{escape(phase.id)}"'
            f' aria-labelledby="{escape(ident)}-title"><h2 class="kb-phase-title" id="{escape(ident)}-title">'
            f'{escape(phase.title)}</h2><p class="kb-phase-description">{escape(phase.description)}'
            f" ({totals[phase.id]} {kind}{'' if totals[phase.id] == 1 else 's'})</p>"
            f'<ul class="kb-catalogue">{"".join(groups[phase.id])}</ul></section>'
        )
    parts.append("</div>")
    return "\n".join(parts)


@view("catalogue")
def catalogue(ctx: Context, node: kb_view) -> list[nodes.Node]:
    kind = node["arg"] or "pattern"
    entries = sorted((e for e in ctx.domain.entries.values() if e.kind == kind), key=lambda e: (e.title.lower(), e.id))
    if not any(e.phases for e in entries):
        return [para(text(f"No {kind}s yet."), classes=["kb-empty"])]
    from .explore import _script, filter_form

    facets = filter_form(ctx, entries) if kind == "pattern" else []
    if not interactive(ctx.builder):
        # Books and text cannot run the script: every group lists its cards in full.
        out: list[nodes.Node] = []
        for phase in ctx.vocab.phases.values():
            members = [e for e in entries if phase.id in e.phases]
            if not members:
                continue
            group = container(classes=["kb-phase-group"], ids=[f"phase-{phase.id}"])
            group += nodes.rubric(phase.title, phase.title, classes=["kb-phase-title"])
            group += para(text(f"{phase.description} ({len(members)} {kind}s)"), classes=["kb-phase-description"])
            group += _card_grid([_entry_card(ctx, e) for e in members], ["kb-catalogue"])
            out.append(group)
        return [*facets, container(*out, classes=["kb-catalogue-groups"])]
    return [*facets, nodes.raw("", _catalogue_html(ctx, kind, entries), format="html"), *_script(ctx)]


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
        if citing and interactive(ctx.builder):
            # Hundreds of links, rewritten on every title change: one raw node (see Context.link_html).
            links = ", ".join(ctx.link_html(entry_id) for entry_id in citing)
            item += nodes.raw("", f'<p class="kb-cited-by">Cited by {len(citing)}: {links}</p>\n', format="html")
        elif citing:
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
