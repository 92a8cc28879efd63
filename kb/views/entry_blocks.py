"""The standard blocks of pattern, practice and role pages, rendered from the registry."""

from __future__ import annotations

from html import escape

from docutils import nodes

from ..builders import interactive
from ..nodes import badge, bullets, card, container, kb_view, para, text
from . import KIND_LABEL, Context, view


def _role_links(ctx: Context, role_ids: tuple[str, ...] | list[str]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for i, role in enumerate(role_ids):
        if i:
            out.append(text(", "))
        out.append(ctx.link(role))
    return out


def _terms(ctx: Context, label: str, ids: tuple[str, ...], vocab: dict, variant: str, kind: str) -> nodes.Node | None:
    if not ids:
        return None
    items: list[nodes.Node] = [nodes.strong(label, label), text(" ")]
    for term_id in ids:
        term = vocab.get(term_id)
        items.append(badge(term.title if term else term_id, variant, [f"kb-{kind}-{term_id}"]))
        items.append(text(" "))
    return para(*items, classes=["kb-terms"])


def _empty(message: str) -> list[nodes.Node]:
    return [para(text(message), classes=["kb-empty"])]


@view("head")
def head(ctx: Context, node: kb_view) -> list[nodes.Node]:
    entry = ctx.entry(node["entry"])
    if entry is None:
        return []
    out: list[nodes.Node] = []
    if entry.summary:
        out.append(para(text(entry.summary), classes=["kb-summary", "lead"]))
    facts = container(classes=["kb-facts"])
    for item in (
        _terms(ctx, "Phase:", entry.phases, ctx.vocab.phases, "primary", "phase"),
        _terms(ctx, "Theme:", entry.themes, ctx.vocab.themes, "info", "theme"),
    ):
        if item is not None:
            facts += item
    if entry.kind == "pattern" and entry.roles:
        facts += para(
            nodes.strong("Affects:", "Affects:"), text(" "), *_role_links(ctx, entry.roles), classes=["kb-affects"]
        )
    if entry.kind == "practice":
        facts += para(nodes.strong("Leads:", "Leads:"), text(" "), *_role_links(ctx, entry.leads), classes=["kb-leads"])
        if entry.contributors:
            facts += para(
                nodes.strong("Contributes:", "Contributes:"),
                text(" "),
                *_role_links(ctx, entry.contributors),
                classes=["kb-contributors"],
            )
    if entry.aliases:
        facts += para(
            nodes.strong("Also known as:", "Also known as:"),
            text(" " + ", ".join(entry.aliases)),
            classes=["kb-aliases"],
        )
    if len(facts):
        out.append(facts)
    if entry.kind == "pattern" and entry.symptoms:
        note = para(
            text("Typical signs, in the words a team might use; they are not quotes from the studies."),
            classes=["kb-symptoms-note"],
        )
        out.append(
            card("Symptoms you may notice", bullets([text(s) for s in entry.symptoms]), note, classes=["kb-symptoms"])
        )
    return out


@view("causes")
def causes(ctx: Context, node: kb_view) -> list[nodes.Node]:
    entry = ctx.entry(node["entry"])
    return [bullets([text(c) for c in entry.causes])] if entry and entry.causes else _empty("No causes recorded yet.")


@view("practices")
def practices(ctx: Context, node: kb_view) -> list[nodes.Node]:
    entry = ctx.entry(node["entry"])
    if not entry or not entry.practices:
        return _empty("No practices linked yet.")
    items: list[nodes.Node] = []
    for practice_id in entry.practices:
        practice = ctx.entry(practice_id)
        body: list[nodes.Node] = [nodes.strong("", "", ctx.link(practice_id))]
        if practice is not None:
            if practice.summary:
                body += [text(" \u2014 " + practice.summary)]
            if practice.leads:
                body += [
                    nodes.inline(
                        "", "", text(" Led by "), *_role_links(ctx, practice.leads), text("."), classes=["kb-led-by"]
                    )
                ]
        items.append(para(*body))
    return [bullets(items, classes=["kb-practice-list"])]


def _entry_list(ctx: Context, ids: list[str] | tuple[str, ...], empty: str) -> list[nodes.Node]:
    if not ids:
        return _empty(empty)
    if interactive(ctx.builder):
        # One raw node instead of ~6 nodes per entry: a role page lists every pattern of its role.
        return [nodes.raw("", _entry_list_html(ctx, ids), format="html")]
    items: list[nodes.Node] = []
    for entry_id in ids:
        other = ctx.entry(entry_id)
        kind = KIND_LABEL.get(other.kind, "") if other else ""
        parts: list[nodes.Node] = [badge(kind, "light", ["kb-kind"]), text(" "), ctx.link(entry_id)]
        if other is not None and other.summary:
            parts.append(text(" \u2014 " + other.summary))
        items.append(para(*parts))
    return [bullets(items, classes=["kb-entry-list"])]


def _entry_list_html(ctx: Context, ids: list[str] | tuple[str, ...]) -> str:
    """What the HTML writer makes of ``_entry_list``'s nodes, written directly."""
    items = []
    for entry_id in ids:
        other = ctx.entry(entry_id)
        kind = KIND_LABEL.get(other.kind, "") if other else ""
        summary = f" \u2014 {escape(other.summary, quote=False)}" if other is not None and other.summary else ""
        items.append(
            f'<li><p><span class="sd-badge sd-bg-light sd-bg-text-light kb-kind">{kind}</span> '
            f"{ctx.link_html(entry_id)}{summary}</p></li>"
        )
    return '<ul class="kb-entry-list simple">\n' + "\n".join(items) + "\n</ul>\n"


@view("related")
def related(ctx: Context, node: kb_view) -> list[nodes.Node]:
    entry = ctx.entry(node["entry"])
    return _entry_list(ctx, entry.related if entry else (), "No related entries yet.")


@view("backlinks")
def backlinks(ctx: Context, node: kb_view) -> list[nodes.Node]:
    return _entry_list(ctx, ctx.domain.relations().backlinks.get(node["entry"], []), "No other entry links here yet.")


@view("addresses")
def addresses(ctx: Context, node: kb_view) -> list[nodes.Node]:
    return _entry_list(
        ctx, ctx.domain.relations().addresses.get(node["entry"], []), "No pattern links to this practice yet."
    )


@view("evidence")
def evidence(ctx: Context, node: kb_view) -> list[nodes.Node]:
    entry = ctx.entry(node["entry"])
    if not entry or not entry.evidence:
        return _empty("No evidence recorded yet.")
    items: list[nodes.Node] = []
    for ev in entry.evidence:
        source = ctx.vocab.sources.get(ev.key)
        strength = ctx.vocab.strengths.get(ev.strength)
        label = f"{source.authors or source.venue} ({source.year})" if source else ev.key
        cite = ctx.doc_link(ctx.settings.evidence_page, label, f"cite-{ev.key}")
        parts: list[nodes.Node] = [nodes.strong("", "", cite)]
        if source:
            parts.append(text(f" \u2014 {source.title}. "))
        parts.append(badge(strength.title if strength else ev.strength, "secondary", [f"kb-strength-{ev.strength}"]))
        if ev.note:
            parts.append(text(" " + ev.note))
        items.append(para(*parts))
    legend = para(
        text("Strength labels say how directly a source supports the entry. "),
        ctx.doc_link(ctx.settings.evidence_page, "About the evidence"),
        text(" explains them and the limits of each study."),
        classes=["kb-evidence-legend"],
    )
    return [bullets(items, classes=["kb-evidence-list"]), legend]


@view("path")
def reading_path(ctx: Context, node: kb_view) -> list[nodes.Node]:
    role = ctx.entry(node["entry"])
    if not role or not role.path:
        return _empty("This role has no reading path yet.")
    steps = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["kb-path-steps"])
    for step in role.path:
        other = ctx.entry(step.entry)
        kind = KIND_LABEL.get(other.kind, "") if other else ""
        item = nodes.list_item()
        item += para(nodes.strong("", "", ctx.link(step.entry)), text(" "), badge(kind, "light", ["kb-kind"]))
        item += para(text(step.why), classes=["kb-path-why"])
        steps += item
    return [steps]


@view("role-practices")
def role_practices(ctx: Context, node: kb_view) -> list[nodes.Node]:
    rel = ctx.domain.relations()
    leads, contributes = rel.leads.get(node["entry"], []), rel.contributes.get(node["entry"], [])
    out: list[nodes.Node] = []
    if leads:
        out += [para(nodes.strong("Leads", "Leads")), *_entry_list(ctx, leads, "")]
    if contributes:
        out += [para(nodes.strong("Contributes to", "Contributes to")), *_entry_list(ctx, contributes, "")]
    return out or _empty("No practice names this role yet.")


@view("role-patterns")
def role_patterns(ctx: Context, node: kb_view) -> list[nodes.Node]:
    return _entry_list(ctx, ctx.domain.relations().affects.get(node["entry"], []), "No pattern names this role yet.")
